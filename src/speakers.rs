//! The speakers table: one row per speaker, summed over a run, for pivot tables.
//!
//! Feed it one [`Mention`] per quote row (from [`Row`]s during a run, or from
//! a previous run's CSV), then [`SpeakersTable::finish`] sorts it. Memory is
//! one entry per distinct speaker, never one per row.
//!
//! Organizations quoted through their people (a person row whose
//! `organization` is "Amnesty International") also get a row of their own,
//! `speaker_type` organization, summing those people and the organization's
//! own quotes, with `via_people` the number of distinct speakers summed in.
//!
//! ```
//! use saidby::speakers::{Mention, SpeakersTable};
//! use saidby::{QuoteKind, SpeakerType};
//!
//! let mut table = SpeakersTable::new();
//! let mention = |speaker, quote| Mention {
//!     article_id: "a1",
//!     speaker,
//!     speaker_type: SpeakerType::Person,
//!     organization: "Lantern Trust",
//!     kind: QuoteKind::Direct,
//!     quote,
//!     date: None,
//! };
//! table.add(&mention("Odile Varenne", "We will appeal."));
//! table.add(&mention("Odile Varenne", "The ruling is wrong."));
//! table.add(&mention("Piet Wolander", "No comment."));
//! let rows = table.finish();
//! assert_eq!(rows[0].speaker, "Lantern Trust"); // 3 quotes, through 2 people
//! assert_eq!((rows[0].quotes, rows[0].via_people), (3, 2));
//! assert_eq!((rows[1].speaker.as_str(), rows[1].quotes), ("Odile Varenne", 2));
//! ```

use std::collections::HashMap;
use std::fmt;
use std::io;

use crate::extractor::{Quote, QuoteKind, SpeakerType};
use crate::input::Article;
use crate::output::{OutputError, Row, Sink, excel_cell, rows};

/// The speakers table's columns, in order.
pub const SPEAKER_COLUMNS: [&str; 10] = [
    "speaker",
    "speaker_type",
    "organization",
    "quotes",
    "direct_quotes",
    "articles",
    "via_people",
    "first_date",
    "last_date",
    "example_quote",
];

/// Longest example quote kept, in chars: one per speaker, so bounded memory,
/// and a cell people can read.
pub const EXAMPLE_MAX_CHARS: usize = 300;

/// A calendar date, as found at the start of a `date` metadata value
/// (`2016-03-01`, `2016-03-01T09:30:00Z`, `2016-03-01 09:30`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD` at the start of `s`, followed by nothing, `T` or a
    /// space; `None` for anything else, including impossible dates.
    ///
    /// ```
    /// use saidby::speakers::Date;
    /// assert_eq!(Date::parse("2016-02-29T10:00Z"), Some(Date { year: 2016, month: 2, day: 29 }));
    /// assert_eq!(Date::parse("2015-02-29"), None);
    /// assert_eq!(Date::parse("March 1, 2016"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        if b.len() > 10 && b[10] != b'T' && b[10] != b' ' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u16> {
            b[r].iter().try_fold(0u16, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u16::from(c - b'0'))
            })
        };
        let year = digits(0..4)?;
        let month = u8::try_from(digits(5..7)?).ok()?;
        let day = u8::try_from(digits(8..10)?).ok()?;
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1 && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Parses the contract's `kind` cell.
pub fn parse_kind(s: &str) -> Option<QuoteKind> {
    match s {
        "direct" => Some(QuoteKind::Direct),
        "mixed" => Some(QuoteKind::Mixed),
        "indirect" => Some(QuoteKind::Indirect),
        _ => None,
    }
}

/// Parses the contract's `speaker_type` cell (empty is `unknown`).
pub fn parse_speaker_type(s: &str) -> Option<SpeakerType> {
    match s {
        "person" => Some(SpeakerType::Person),
        "organization" => Some(SpeakerType::Organization),
        "unknown" | "" => Some(SpeakerType::Unknown),
        _ => None,
    }
}

/// What the speakers table needs from one quote row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mention<'a> {
    pub article_id: &'a str,
    /// Canonical name; empty when unresolved.
    pub speaker: &'a str,
    pub speaker_type: SpeakerType,
    /// Empty when unknown.
    pub organization: &'a str,
    pub kind: QuoteKind,
    pub quote: &'a str,
    pub date: Option<Date>,
}

impl<'a> Mention<'a> {
    /// The mention of an output row; `date_meta` is the position of the
    /// `date` column among the row's metadata, if one was kept.
    pub fn from_row(row: &Row<'a>, date_meta: Option<usize>) -> Mention<'a> {
        let q = row.quote;
        Mention {
            article_id: row.article_id,
            speaker: q.speaker.as_deref().unwrap_or(""),
            speaker_type: q.speaker_type,
            organization: q.organization.as_deref().unwrap_or(""),
            kind: q.kind,
            quote: row.text,
            date: date_meta
                .and_then(|i| row.meta.get(i))
                .and_then(|d| Date::parse(d)),
        }
    }
}

/// One row of the speakers table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpeakerRow {
    pub speaker: String,
    pub speaker_type: SpeakerType,
    pub organization: String,
    /// Quotes attributed to this speaker; for an organization, its own
    /// quotes plus those of its people.
    pub quotes: u64,
    /// Of which `kind` direct.
    pub direct_quotes: u64,
    /// Distinct articles quoting this speaker.
    pub articles: u64,
    /// For an organization: distinct speakers quoted on its behalf (0 otherwise).
    pub via_people: u64,
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    /// A direct quote when there is one, else the first quote seen; cut at
    /// [`EXAMPLE_MAX_CHARS`] with "…".
    pub example_quote: String,
}

impl SpeakerRow {
    /// The row as CSV cells, in [`SPEAKER_COLUMNS`] order.
    pub fn cells(&self) -> [String; 10] {
        let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        [
            self.speaker.clone(),
            self.speaker_type.as_str().to_owned(),
            self.organization.clone(),
            self.quotes.to_string(),
            self.direct_quotes.to_string(),
            self.articles.to_string(),
            self.via_people.to_string(),
            date(self.first_date),
            date(self.last_date),
            self.example_quote.clone(),
        ]
    }
}

#[derive(Debug)]
struct Entry {
    row: SpeakerRow,
    /// Rows of one article are contiguous (the contract), so a change of id
    /// is a new article: no per-article set needed.
    last_article: String,
    /// Rank of the kept example: direct beats mixed beats indirect.
    example_rank: u8,
}

/// Aggregates quote rows into the speakers table. See the [module docs](self).
#[derive(Debug, Default)]
pub struct SpeakersTable {
    entries: HashMap<String, Entry>,
    /// Reused to build lookup keys without allocating per row.
    key: String,
    unattributed: u64,
}

impl SpeakersTable {
    pub fn new() -> SpeakersTable {
        SpeakersTable::default()
    }

    /// Counts one quote row.
    pub fn add(&mut self, m: &Mention<'_>) {
        let speaker = m.speaker.trim();
        let mut organization = m.organization.trim();
        if m.speaker_type == SpeakerType::Organization && organization.is_empty() {
            organization = speaker;
        }
        if speaker.is_empty() && organization.is_empty() {
            self.unattributed += 1;
            return;
        }
        if !speaker.is_empty() {
            self.bump(speaker, m.speaker_type, organization, m);
        }
        let is_org_itself = m.speaker_type == SpeakerType::Organization && speaker == organization;
        if !organization.is_empty() && !is_org_itself {
            self.bump(organization, SpeakerType::Organization, organization, m);
        }
    }

    /// Quote rows with neither speaker nor organization (not in the table).
    pub fn unattributed(&self) -> u64 {
        self.unattributed
    }

    /// Distinct speakers so far (rows of the finished table).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn bump(&mut self, speaker: &str, speaker_type: SpeakerType, organization: &str, m: &Mention) {
        // Length-prefixed, so no name can make two keys collide.
        self.key.clear();
        use std::fmt::Write;
        let _ = write!(
            self.key,
            "{}:{speaker}{}:{organization}{}",
            speaker.len(),
            organization.len(),
            speaker_type.as_str()
        );
        let entry = match self.entries.get_mut(self.key.as_str()) {
            Some(e) => e,
            None => self.entries.entry(self.key.clone()).or_insert(Entry {
                row: SpeakerRow {
                    speaker: speaker.to_owned(),
                    speaker_type,
                    organization: organization.to_owned(),
                    quotes: 0,
                    direct_quotes: 0,
                    articles: 0,
                    via_people: 0,
                    first_date: None,
                    last_date: None,
                    example_quote: String::new(),
                },
                last_article: String::new(),
                example_rank: 0,
            }),
        };
        let row = &mut entry.row;
        row.quotes += 1;
        if m.kind == QuoteKind::Direct {
            row.direct_quotes += 1;
        }
        if row.articles == 0 || entry.last_article != m.article_id {
            row.articles += 1;
            entry.last_article.clear();
            entry.last_article.push_str(m.article_id);
        }
        if let Some(d) = m.date {
            row.first_date = Some(row.first_date.map_or(d, |f| f.min(d)));
            row.last_date = Some(row.last_date.map_or(d, |l| l.max(d)));
        }
        let rank = match m.kind {
            QuoteKind::Direct => 3,
            QuoteKind::Mixed => 2,
            QuoteKind::Indirect => 1,
        };
        let quote = m.quote.trim();
        if rank > entry.example_rank && !quote.is_empty() {
            entry.example_rank = rank;
            row.example_quote = shorten(quote, EXAMPLE_MAX_CHARS);
        }
    }

    /// The table, sorted by quote count (descending), then name, organization, type.
    pub fn finish(self) -> Vec<SpeakerRow> {
        let mut via: HashMap<&str, u64> = HashMap::new();
        for e in self.entries.values() {
            let r = &e.row;
            let is_org_itself =
                r.speaker_type == SpeakerType::Organization && r.speaker == r.organization;
            if !r.organization.is_empty() && !is_org_itself {
                *via.entry(r.organization.as_str()).or_default() += 1;
            }
        }
        let via: HashMap<String, u64> = via.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let mut rows: Vec<SpeakerRow> = self
            .entries
            .into_values()
            .map(|e| {
                let mut r = e.row;
                if r.speaker_type == SpeakerType::Organization && r.speaker == r.organization {
                    r.via_people = via.get(&r.speaker).copied().unwrap_or(0);
                }
                r
            })
            .collect();
        rows.sort_by(|a, b| {
            b.quotes
                .cmp(&a.quotes)
                .then_with(|| a.speaker.cmp(&b.speaker))
                .then_with(|| a.organization.cmp(&b.organization))
                .then_with(|| a.speaker_type.as_str().cmp(b.speaker_type.as_str()))
        });
        rows
    }
}

/// `s` cut to `max` chars with "…" when longer.
fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_owned(),
        Some(_) => {
            let cut = s.char_indices().nth(max - 1).map_or(s.len(), |(i, _)| i);
            format!("{}…", s[..cut].trim_end())
        }
    }
}

/// Writes the table as CSV with a header row ([`SPEAKER_COLUMNS`]).
///
/// With `excel`, as `saidby extract --excel` writes its CSV: a byte order
/// mark, formula-like cells (an example quote starting with `=` or `@`)
/// prefixed with `'`, cells cut at the spreadsheet limit.
pub fn write_csv<W: io::Write>(rows: &[SpeakerRow], mut out: W, excel: bool) -> csv::Result<()> {
    if excel {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(SPEAKER_COLUMNS)?;
    for r in rows {
        let cells = r.cells();
        if excel {
            w.write_record(cells.iter().map(|c| excel_cell(c).into_owned()))?;
        } else {
            w.write_record(cells)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// A [`Sink`] that counts every row of a run and writes the speakers table
/// as CSV when the run finishes (`saidby extract --speakers FILE.csv`).
pub struct SpeakersSink<W: io::Write> {
    table: SpeakersTable,
    date_meta: Option<usize>,
    /// Taken by [`Sink::finish`].
    out: Option<W>,
    excel: bool,
}

impl<W: io::Write> SpeakersSink<W> {
    /// `meta` are the run's metadata columns: a `date` among them gives the
    /// first and last dates.
    pub fn new(out: W, meta: &[String], excel: bool) -> SpeakersSink<W> {
        SpeakersSink {
            table: SpeakersTable::new(),
            date_meta: meta.iter().position(|m| m == "date"),
            out: Some(out),
            excel,
        }
    }
}

impl<W: io::Write> Sink for SpeakersSink<W> {
    fn write_article(&mut self, article: &Article, quotes: &[Quote]) -> Result<(), OutputError> {
        for row in rows(article, quotes) {
            self.table.add(&Mention::from_row(&row, self.date_meta));
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), OutputError> {
        let Some(mut out) = self.out.take() else {
            return Ok(());
        };
        let rows = std::mem::take(&mut self.table).finish();
        write_csv(&rows, &mut out, self.excel)?;
        out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_only_real_calendar_dates() {
        let cases = [
            ("2016-03-01", Some((2016, 3, 1))),
            ("2016-03-01T09:30:00Z", Some((2016, 3, 1))),
            ("2016-03-01 09:30", Some((2016, 3, 1))),
            (" 2000-02-29 ", Some((2000, 2, 29))),
            ("1900-02-29", None),
            ("2016-13-01", None),
            ("2016-04-31", None),
            ("2016-3-1", None),
            ("2016-03-01x", None),
            ("20160301", None),
            ("", None),
            ("२०१६-03-01", None),
        ];
        for (s, want) in cases {
            let got = Date::parse(s).map(|d| (d.year, d.month, d.day));
            assert_eq!(got, want, "{s:?}");
        }
    }

    #[test]
    fn shorten_cuts_on_char_boundaries_with_a_marker() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "ab…");
        assert_eq!(shorten("ééééé", 4), "ééé…");
    }
}
