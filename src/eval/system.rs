//! Reading a system's output: a quotes CSV in the contract's format.

use std::collections::HashMap;
use std::io::Read;

use crate::eval::score::SystemQuote;
use crate::extractor::QuoteKind;

/// A CSV that cannot be scored.
#[derive(Debug, thiserror::Error)]
pub enum SystemError {
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("the CSV has no {0:?} column")]
    MissingColumn(&'static str),
    #[error("line {line}: {reason}")]
    Row { line: u64, reason: String },
}

/// The rows of a system CSV, by article (rows of one article in file order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SystemOutput {
    pub articles: HashMap<String, Vec<SystemQuote>>,
    /// Rows read in all.
    pub rows: usize,
}

/// The key a CSV `article_id` is matched on: its last path component,
/// without a trailing `.txt` (so `dev/text/a.txt`, `a.txt` and `a` all name
/// the gold file `text/a.txt`).
///
/// ```
/// use saidby::eval::system::article_key;
/// assert_eq!(article_key("text/nyt_2016-09-01.txt"), "nyt_2016-09-01");
/// assert_eq!(article_key("nyt_2016-09-01"), "nyt_2016-09-01");
/// ```
pub fn article_key(id: &str) -> &str {
    let base = id.rsplit(['/', '\\']).next().unwrap_or(id);
    base.strip_suffix(".txt").unwrap_or(base)
}

const NEEDED: [&str; 8] = [
    "article_id",
    "kind",
    "quote_start",
    "quote_end",
    "speaker",
    "speaker_start",
    "speaker_end",
    "verb",
];

/// Reads a contract CSV. Columns are found by name; extra columns are fine.
/// Offsets must be numbers (speaker offsets may be empty); they are checked
/// against the article text when scored.
pub fn read_csv(reader: impl Read) -> Result<SystemOutput, SystemError> {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(reader);
    let headers = csv.headers()?.clone();
    let mut col = [0usize; NEEDED.len()];
    for (i, name) in NEEDED.iter().enumerate() {
        col[i] = headers
            .iter()
            .position(|h| h == *name)
            .ok_or(SystemError::MissingColumn(name))?;
    }
    let [id, kind, qs, qe, speaker, ss, se, verb] = col;
    let mut out = SystemOutput::default();
    let mut record = csv::StringRecord::new();
    while csv.read_record(&mut record)? {
        let line = record.position().map_or(0, |p| p.line());
        let bad = |reason: String| SystemError::Row { line, reason };
        let get = |i: usize| record.get(i).unwrap_or("");
        let num = |i: usize| -> Result<Option<usize>, SystemError> {
            let s = get(i).trim();
            if s.is_empty() {
                return Ok(None);
            }
            s.parse().map(Some).map_err(|_| {
                bad(format!(
                    "{} is not an offset: {s:?}",
                    headers.get(i).unwrap_or("")
                ))
            })
        };
        let kind = match get(kind) {
            "direct" => QuoteKind::Direct,
            "mixed" => QuoteKind::Mixed,
            "indirect" => QuoteKind::Indirect,
            other => return Err(bad(format!("unknown kind {other:?}"))),
        };
        let (Some(start), Some(end)) = (num(qs)?, num(qe)?) else {
            return Err(bad("quote_start and quote_end are required".into()));
        };
        if start > end {
            return Err(bad(format!("quote span {start}..{end} is reversed")));
        }
        let speaker_mention = match (num(ss)?, num(se)?) {
            (Some(a), Some(b)) if a <= b => Some((a, b)),
            (None, None) => None,
            _ => return Err(bad("bad speaker_start/speaker_end".into())),
        };
        let text = |i: usize| Some(get(i).to_string()).filter(|s| !s.is_empty());
        out.articles
            .entry(article_key(get(id)).to_string())
            .or_default()
            .push(SystemQuote {
                kind,
                span: (start, end),
                speaker: text(speaker),
                speaker_mention,
                verb: text(verb),
            });
        out.rows += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "article_id,quote_index,kind,quote,speaker,speaker_type,organization,verb,speaker_mention,quote_start,quote_end,speaker_start,speaker_end,verb_start,verb_end,confidence\n";

    #[test]
    fn reads_rows_by_column_name() {
        let csv = format!("{HEADER}a.txt,0,mixed,q,Jane Smith,person,,said,she,5,9,,,10,14,0.5\n");
        let out = read_csv(csv.as_bytes()).unwrap();
        let q = &out.articles["a"][0];
        assert_eq!(q.kind, QuoteKind::Mixed);
        assert_eq!(q.span, (5, 9));
        assert_eq!(q.speaker.as_deref(), Some("Jane Smith"));
        assert_eq!(q.speaker_mention, None);
    }

    #[test]
    fn bad_rows_name_their_line() {
        let cases = [
            ("a,0,quoted,q,,,,,,5,9,,,,,0\n", "unknown kind"),
            ("a,0,direct,q,,,,,,x,9,,,,,0\n", "not an offset"),
            ("a,0,direct,q,,,,,,9,5,,,,,0\n", "reversed"),
            ("a,0,direct,q,,,,,,5,9,3,,,,0\n", "speaker_start"),
        ];
        for (row, want) in cases {
            let e = read_csv(format!("{HEADER}{row}").as_bytes())
                .unwrap_err()
                .to_string();
            assert!(e.contains(want) && e.starts_with("line 2"), "{row}: {e}");
        }
        let e = read_csv("article_id,kind\n".as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains("quote_start"), "{e}");
    }
}
