//! Matching extracted quotes to gold attributions, and counting.
//!
//! All offsets here are Unicode scalar offsets (what brat and the CSV
//! contract count). The rules, in full, are in the [`crate::eval`] docs.

use std::collections::HashMap;

use serde::Serialize;

use crate::eval::brat::{CharRange, GoldAttribution, GoldDoc};
use crate::extractor::{Quote, QuoteKind};
use crate::lexicon::{Lexicon, builtin};
use crate::span::CharIndex;

/// One extracted quote as the scorer sees it: char offsets, strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemQuote {
    pub kind: QuoteKind,
    pub span: CharRange,
    /// The canonical speaker; `None` when unresolved.
    pub speaker: Option<String>,
    pub speaker_mention: Option<CharRange>,
    /// The cue as written.
    pub verb: Option<String>,
}

impl SystemQuote {
    /// Converts the extractor's rows (byte spans into `text`).
    pub fn from_quotes(text: &str, quotes: &[Quote]) -> Vec<SystemQuote> {
        let index = CharIndex::new(text);
        quotes
            .iter()
            .map(|q| SystemQuote {
                kind: q.kind,
                span: index.char_span(q.span),
                speaker: q.speaker.clone().filter(|s| !s.is_empty()),
                speaker_mention: q.speaker_mention.map(|s| index.char_span(s)),
                verb: q.verb.map(|v| v.as_str(text).to_string()),
            })
            .collect()
    }
}

/// The categories figures are reported for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Category {
    /// Gold: content starts with a quote mark or lies mostly inside quote marks.
    /// System: rows of kind `direct` or `mixed`.
    Direct,
    /// Gold: every other attribution. System: rows of kind `indirect` or `mixed`.
    Indirect,
    /// Indirect whose cue holds a reporting verb (gold: the Cue; system: `verb`).
    IndirectVerb,
    /// Everything.
    All,
}

impl Category {
    pub const EVERY: [Category; 4] = [
        Category::Direct,
        Category::Indirect,
        Category::IndirectVerb,
        Category::All,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Direct => "direct",
            Category::Indirect => "indirect",
            Category::IndirectVerb => "indirect-verb",
            Category::All => "all",
        }
    }

    pub fn from_name(name: &str) -> Option<Category> {
        Category::EVERY.into_iter().find(|c| c.name() == name)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Raw counts for one category; figures derive from them, and counts add
/// across articles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Gold attributions of the category.
    pub gold: usize,
    /// System rows of the category.
    pub extracted: usize,
    /// Gold attributions found (at least half covered).
    pub found: usize,
    /// System rows right (at least half inside some gold content).
    pub right: usize,
    /// Found gold attributions whose speaker is right.
    pub found_speaker_right: usize,
    /// Right system rows whose speaker is right.
    pub right_speaker_right: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.gold += o.gold;
        self.extracted += o.extracted;
        self.found += o.found;
        self.right += o.right;
        self.found_speaker_right += o.found_speaker_right;
        self.right_speaker_right += o.right_speaker_right;
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// The figures of one category.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Figures {
    pub gold: usize,
    pub extracted: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Of the found gold attributions, the share whose speaker is right.
    pub speaker_accuracy: f64,
    pub e2e_precision: f64,
    pub e2e_recall: f64,
    /// Found (or right) and speaker right.
    pub e2e_f1: f64,
}

impl Counts {
    /// Precision, recall and the rest; a ratio over zero items is 0.
    pub fn figures(&self) -> Figures {
        let precision = ratio(self.right, self.extracted);
        let recall = ratio(self.found, self.gold);
        let e2e_precision = ratio(self.right_speaker_right, self.extracted);
        let e2e_recall = ratio(self.found_speaker_right, self.gold);
        Figures {
            gold: self.gold,
            extracted: self.extracted,
            precision,
            recall,
            f1: f1(precision, recall),
            speaker_accuracy: ratio(self.found_speaker_right, self.found),
            e2e_precision,
            e2e_recall,
            e2e_f1: f1(e2e_precision, e2e_recall),
        }
    }
}

/// What went wrong, for error analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// A gold attribution not found.
    Miss,
    /// A system row not inside any gold content.
    FalseAlarm,
    /// A gold attribution found with the wrong speaker.
    WrongSpeaker,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Miss => "miss",
            ErrorKind::FalseAlarm => "false-alarm",
            ErrorKind::WrongSpeaker => "wrong-speaker",
        }
    }
}

/// One error, with its place in the article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorExample {
    pub kind: ErrorKind,
    /// `direct` or `indirect` (gold category for misses and wrong speakers,
    /// the row's category for false alarms; a `mixed` row counts in both).
    pub category: Category,
    pub article: String,
    /// Char offsets: the gold content (first to last fragment) or the row.
    pub start: usize,
    pub end: usize,
    /// The span marked ⟦like this⟧ with some context; line breaks shown as ¶.
    pub snippet: String,
    /// Speakers, gold and system, where relevant.
    pub detail: String,
}

/// The result of scoring a set of articles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluation {
    pub articles: usize,
    counts: [Counts; 4],
    /// Every error, in article order.
    pub errors: Vec<ErrorExample>,
}

impl Evaluation {
    pub fn counts(&self, c: Category) -> Counts {
        self.counts[c.index()]
    }

    pub fn figures(&self, c: Category) -> Figures {
        self.counts(c).figures()
    }

    fn absorb(&mut self, other: Evaluation) {
        self.articles += other.articles;
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
        self.errors.extend(other.errors);
    }
}

/// Decides whether a cue holds a reporting verb: one of its words is a
/// single-word entry of the cue lexicon, or its words contain a multi-word
/// entry ("according to") in sequence. Case is ignored.
#[derive(Clone, Debug)]
pub struct VerbLexicon {
    words: std::collections::HashSet<String>,
    phrases: Vec<Vec<String>>,
}

impl Default for VerbLexicon {
    /// The embedded cue lexicon (`data/lexicons/cues.txt`).
    fn default() -> VerbLexicon {
        VerbLexicon::new(&Lexicon::parse(builtin::CUES))
    }
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl VerbLexicon {
    pub fn new(lexicon: &Lexicon) -> VerbLexicon {
        let mut words = std::collections::HashSet::new();
        let mut phrases = Vec::new();
        for entry in lexicon.entries() {
            let w = words_of(entry);
            match w.len() {
                0 => {}
                1 => {
                    words.extend(w);
                }
                _ => phrases.push(w),
            }
        }
        VerbLexicon { words, phrases }
    }

    /// ```
    /// use saidby::eval::score::VerbLexicon;
    /// let v = VerbLexicon::default();
    /// assert!(v.is_reporting("has said"));
    /// assert!(v.is_reporting("According to"));
    /// assert!(!v.is_reporting("believes"));
    /// ```
    pub fn is_reporting(&self, cue: &str) -> bool {
        let w = words_of(cue);
        w.iter().any(|w| self.words.contains(w))
            || self
                .phrases
                .iter()
                .any(|p| w.windows(p.len()).any(|win| win == p.as_slice()))
    }
}

/// Whether `c` is a quotation mark (excluded from character counts).
pub fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '`' | '“' | '”' | '‘' | '’' | '„' | '‟' | '«' | '»' | '‹' | '›'
    )
}

/// Characters that count: whitespace and quote marks aside.
fn counts_as_content(c: char) -> bool {
    !c.is_whitespace() && !is_quote_mark(c)
}

/// Prefix sums over the chars of one article, so every "how many counted
/// chars of this range are covered by that" question costs O(1).
struct Prefix(Vec<u32>);

impl Prefix {
    fn new(n: usize, mut keep: impl FnMut(usize) -> bool) -> Prefix {
        let mut v = Vec::with_capacity(n + 1);
        let mut acc = 0u32;
        v.push(0);
        for i in 0..n {
            acc += u32::from(keep(i));
            v.push(acc);
        }
        Prefix(v)
    }

    fn sum(&self, (a, b): CharRange) -> usize {
        let n = self.0.len() - 1;
        let (a, b) = (a.min(n), b.min(n));
        if a >= b {
            0
        } else {
            (self.0[b] - self.0[a]) as usize
        }
    }

    fn sum_all(&self, ranges: &[CharRange]) -> usize {
        ranges.iter().map(|&r| self.sum(r)).sum()
    }
}

/// A mask of the chars covered by any of `ranges`, in O(n + ranges).
fn coverage<'r>(n: usize, ranges: impl Iterator<Item = &'r CharRange>) -> Vec<bool> {
    let mut delta = vec![0i32; n + 1];
    for &(a, b) in ranges {
        let (a, b) = (a.min(n), b.min(n));
        if a < b {
            delta[a] += 1;
            delta[b] -= 1;
        }
    }
    let mut depth = 0;
    delta[..n]
        .iter()
        .map(|d| {
            depth += d;
            depth > 0
        })
        .collect()
}

/// Which chars lie inside double quotation marks. Straight marks toggle,
/// curly ones open or close, `''` (New York Times) toggles, ``` `` ``` opens;
/// a paragraph break closes whatever is open, since a quote running on into
/// the next paragraph reopens there with a mark of its own.
fn inside_quotes(chars: &[char]) -> Vec<bool> {
    let mut out = vec![false; chars.len()];
    let mut inside = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '"' => inside = !inside,
            '“' | '„' | '«' => inside = true,
            '”' | '»' => inside = false,
            '\'' if next == Some('\'') => {
                inside = !inside;
                i += 1;
            }
            '`' if next == Some('`') => {
                inside = true;
                i += 1;
            }
            '\n' if next == Some('\n') || next == Some('\r') => inside = false,
            _ => out[i] = inside,
        }
        i += 1;
    }
    out
}

/// Sorted intervals (gold content fragments) answering "which overlap
/// this range" without scanning them all: sorted by start, with the running
/// maximum of ends to know when to stop looking left.
struct IntervalIndex {
    items: Vec<(usize, usize, usize)>,
    max_end: Vec<usize>,
}

impl IntervalIndex {
    fn new(mut items: Vec<(usize, usize, usize)>) -> IntervalIndex {
        items.sort_unstable();
        let mut m = 0;
        let max_end = items
            .iter()
            .map(|it| {
                m = m.max(it.1);
                m
            })
            .collect();
        IntervalIndex { items, max_end }
    }

    /// Calls `f(payload, overlap range)` for each interval overlapping `a..b`.
    fn overlapping(&self, (a, b): CharRange, mut f: impl FnMut(usize, CharRange)) {
        let mut i = self.items.partition_point(|it| it.0 < b);
        while i > 0 && self.max_end[i - 1] > a {
            i -= 1;
            let (s, e, payload) = self.items[i];
            if e > a {
                f(payload, (s.max(a), e.min(b)));
            }
        }
    }
}

/// Scores system quotes against gold, article by article.
///
/// ```
/// use saidby::eval::brat::{GoldAttribution, GoldDoc};
/// use saidby::eval::score::{Category, Scorer, SystemQuote};
/// use saidby::QuoteKind;
/// let text = "“We will win,” Smith said.";
/// let gold = GoldDoc {
///     id: "a".into(),
///     text: text.into(),
///     attributions: vec![GoldAttribution {
///         id: "E1".into(),
///         content: vec![(0, 14)],
///         source: vec![(15, 20)],
///         cue: vec![(21, 25)],
///     }],
///     ann: None,
/// };
/// let system = vec![SystemQuote {
///     kind: QuoteKind::Direct,
///     span: (1, 12),
///     speaker: Some("Jane Smith".into()),
///     speaker_mention: None,
///     verb: Some("said".into()),
/// }];
/// let eval = Scorer::default().score(&[gold], &[system]);
/// let f = eval.figures(Category::Direct);
/// assert_eq!((f.precision, f.recall, f.speaker_accuracy), (1.0, 1.0, 1.0));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Scorer {
    verbs: VerbLexicon,
}

impl Scorer {
    /// A scorer deciding `indirect-verb` with `verbs`.
    pub fn new(verbs: VerbLexicon) -> Scorer {
        Scorer { verbs }
    }

    /// Scores every article; `systems[i]` holds the rows of `docs[i]`.
    pub fn score(&self, docs: &[GoldDoc], systems: &[Vec<SystemQuote>]) -> Evaluation {
        let mut total = Evaluation::default();
        for (doc, system) in docs.iter().zip(systems) {
            total.absorb(self.score_doc(doc, system));
        }
        total
    }

    /// For each gold attribution of `doc`, whether it counts as direct.
    pub fn gold_direct(&self, doc: &GoldDoc) -> Vec<bool> {
        let chars: Vec<char> = doc.text.chars().collect();
        let counted = Prefix::new(chars.len(), |i| counts_as_content(chars[i]));
        let quoted_mask = inside_quotes(&chars);
        let quoted = Prefix::new(chars.len(), |i| {
            quoted_mask[i] && counts_as_content(chars[i])
        });
        doc.attributions
            .iter()
            .map(|g| is_direct(&chars, g, &counted, &quoted))
            .collect()
    }

    /// Scores one article.
    pub fn score_doc(&self, doc: &GoldDoc, system: &[SystemQuote]) -> Evaluation {
        let chars: Vec<char> = doc.text.chars().collect();
        let n = chars.len();
        let clamp = |(a, b): CharRange| (a.min(n), b.min(n).max(a.min(n)));
        let system: Vec<SystemQuote> = system
            .iter()
            .map(|q| SystemQuote {
                span: clamp(q.span),
                speaker_mention: q.speaker_mention.map(clamp),
                ..q.clone()
            })
            .collect();
        let gold = &doc.attributions;
        let counted = Prefix::new(n, |i| counts_as_content(chars[i]));
        let quoted_mask = inside_quotes(&chars);
        let quoted = Prefix::new(n, |i| quoted_mask[i] && counts_as_content(chars[i]));

        // Category membership, gold and system.
        let gold_cats: Vec<[bool; 4]> = gold
            .iter()
            .map(|g| {
                let direct = is_direct(&chars, g, &counted, &quoted);
                let verb = !direct && self.verbs.is_reporting(&join(&chars, &g.cue));
                [direct, !direct, verb, true]
            })
            .collect();
        let sys_cats: Vec<[bool; 4]> = system
            .iter()
            .map(|q| {
                let direct = matches!(q.kind, QuoteKind::Direct | QuoteKind::Mixed);
                let indirect = matches!(q.kind, QuoteKind::Indirect | QuoteKind::Mixed);
                let verb = indirect
                    && q.verb
                        .as_deref()
                        .is_some_and(|v| self.verbs.is_reporting(v));
                [direct, indirect, verb, true]
            })
            .collect();

        let gold_counted: Vec<usize> = gold.iter().map(|g| counted.sum_all(&g.content)).collect();
        let row_counted: Vec<usize> = system.iter().map(|q| counted.sum(q.span)).collect();

        // Rows inside any gold content.
        let in_gold_mask = coverage(n, gold.iter().flat_map(|g| g.content.iter()));
        let in_gold = Prefix::new(n, |i| in_gold_mask[i] && counts_as_content(chars[i]));
        let row_right: Vec<bool> = system
            .iter()
            .zip(&row_counted)
            .map(|(q, &c)| c > 0 && 2 * in_gold.sum(q.span) >= c)
            .collect();

        // Pairs (row, gold) close enough to judge the speaker on: the row lies
        // at least half inside the gold content, or covers at least half of it.
        let index = IntervalIndex::new(
            gold.iter()
                .enumerate()
                .flat_map(|(g, a)| a.content.iter().map(move |&(s, e)| (s, e, g)))
                .collect(),
        );
        let mut row_ok = vec![false; system.len()];
        let mut gold_ok_rows: Vec<Vec<usize>> = vec![Vec::new(); gold.len()];
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for (r, q) in system.iter().enumerate() {
            shared.clear();
            index.overlapping(q.span, |g, range| {
                *shared.entry(g).or_default() += counted.sum(range);
            });
            let mut gs: Vec<(usize, usize)> = shared.iter().map(|(&g, &o)| (g, o)).collect();
            gs.sort_unstable();
            for (g, overlap) in gs {
                let close = overlap > 0
                    && (2 * overlap >= row_counted[r] || 2 * overlap >= gold_counted[g]);
                if close && speaker_ok(q, &gold[g], &chars) {
                    row_ok[r] = true;
                    gold_ok_rows[g].push(r);
                }
            }
        }

        let rows_index = IntervalIndex::new(
            system
                .iter()
                .enumerate()
                .map(|(r, q)| (q.span.0, q.span.1, r))
                .collect(),
        );
        let mut eval = Evaluation {
            articles: 1,
            ..Evaluation::default()
        };
        for cat in Category::EVERY {
            let c = cat.index();
            let rows_mask = coverage(
                n,
                system
                    .iter()
                    .zip(&sys_cats)
                    .filter(|(_, k)| k[c])
                    .map(|(q, _)| &q.span),
            );
            let covered = Prefix::new(n, |i| rows_mask[i] && counts_as_content(chars[i]));
            let counts = &mut eval.counts[c];
            for (g, a) in gold.iter().enumerate() {
                if !gold_cats[g][c] {
                    continue;
                }
                counts.gold += 1;
                let found =
                    gold_counted[g] > 0 && 2 * covered.sum_all(&a.content) >= gold_counted[g];
                let speaker = found && gold_ok_rows[g].iter().any(|&r| sys_cats[r][c]);
                counts.found += usize::from(found);
                counts.found_speaker_right += usize::from(speaker);
                if matches!(cat, Category::Direct | Category::Indirect) {
                    let kind = match (found, speaker) {
                        (false, _) => Some(ErrorKind::Miss),
                        (true, false) => Some(ErrorKind::WrongSpeaker),
                        (true, true) => None,
                    };
                    if let Some(kind) = kind {
                        let mut near = Vec::new();
                        for &f in &a.content {
                            rows_index.overlapping(f, |r, _| near.push(r));
                        }
                        near.sort_unstable();
                        near.dedup();
                        let rows: Vec<&SystemQuote> = near
                            .into_iter()
                            .filter(|&r| sys_cats[r][c])
                            .map(|r| &system[r])
                            .collect();
                        eval.errors.push(example(
                            kind,
                            cat,
                            doc,
                            &chars,
                            envelope(&a.content),
                            gold_detail(a, &chars, &rows),
                        ));
                    }
                }
            }
            for (r, q) in system.iter().enumerate() {
                if !sys_cats[r][c] {
                    continue;
                }
                counts.extracted += 1;
                counts.right += usize::from(row_right[r]);
                counts.right_speaker_right += usize::from(row_right[r] && row_ok[r]);
                if !row_right[r] && matches!(cat, Category::Direct | Category::Indirect) {
                    eval.errors.push(example(
                        ErrorKind::FalseAlarm,
                        cat,
                        doc,
                        &chars,
                        q.span,
                        format!("kind {}; {}", q.kind.as_str(), system_detail(q, &chars)),
                    ));
                }
            }
        }
        eval.errors.sort_by_key(|e| (e.start, e.kind, e.category));
        eval
    }
}

fn overlaps(a: CharRange, b: CharRange) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn join(chars: &[char], ranges: &[CharRange]) -> String {
    let mut s = String::new();
    for &(a, b) in ranges {
        if !s.is_empty() {
            s.push(' ');
        }
        s.extend(&chars[a.min(chars.len())..b.min(chars.len())]);
    }
    s
}

fn envelope(ranges: &[CharRange]) -> CharRange {
    let start = ranges.iter().map(|r| r.0).min().unwrap_or(0);
    let end = ranges.iter().map(|r| r.1).max().unwrap_or(start);
    (start, end)
}

/// Gold is direct when its content starts with a quote mark (after
/// whitespace) or most of its counted chars lie inside quote marks.
fn is_direct(chars: &[char], g: &GoldAttribution, counted: &Prefix, quoted: &Prefix) -> bool {
    let first = g
        .content
        .iter()
        .flat_map(|&(a, b)| chars[a.min(chars.len())..b.min(chars.len())].iter())
        .find(|c| !c.is_whitespace());
    if first.is_some_and(|&c| is_quote_mark(c)) {
        return true;
    }
    let total = counted.sum_all(&g.content);
    total > 0 && 2 * quoted.sum_all(&g.content) > total
}

const NAME_SUFFIXES: [&str; 6] = ["jr", "sr", "ii", "iii", "iv", "esq"];

/// The last word of a name, suffixes ("Jr.") aside, lowercased.
fn last_name(name: &str) -> Option<String> {
    words_of(name)
        .into_iter()
        .rev()
        .find(|w| !NAME_SUFFIXES.contains(&w.as_str()))
}

/// The speaker rule: the mention overlaps the gold Source, or the speaker's
/// last name is a word of it. Gold without a Source wants no speaker.
fn speaker_ok(q: &SystemQuote, g: &GoldAttribution, chars: &[char]) -> bool {
    if g.source.is_empty() {
        return q.speaker.is_none() && q.speaker_mention.is_none();
    }
    if let Some(m) = q.speaker_mention
        && g.source.iter().any(|&s| overlaps(s, m))
    {
        return true;
    }
    let Some(last) = q.speaker.as_deref().and_then(last_name) else {
        return false;
    };
    words_of(&join(chars, &g.source)).contains(&last)
}

fn system_detail(q: &SystemQuote, chars: &[char]) -> String {
    let mention = q
        .speaker_mention
        .map(|m| join(chars, &[m]))
        .unwrap_or_default();
    format!(
        "system speaker {:?} (mention {:?}, verb {:?})",
        q.speaker.as_deref().unwrap_or(""),
        mention,
        q.verb.as_deref().unwrap_or("")
    )
}

fn gold_detail(g: &GoldAttribution, chars: &[char], rows: &[&SystemQuote]) -> String {
    let mut s = format!(
        "{}: gold source {:?}, cue {:?}",
        g.id,
        join(chars, &g.source),
        join(chars, &g.cue)
    );
    for q in rows.iter().take(3) {
        s.push_str("; ");
        s.push_str(&system_detail(q, chars));
    }
    s
}

const CONTEXT: usize = 40;

fn example(
    kind: ErrorKind,
    category: Category,
    doc: &GoldDoc,
    chars: &[char],
    (start, end): CharRange,
    detail: String,
) -> ErrorExample {
    let n = chars.len();
    let (start, end) = (start.min(n), end.min(n));
    let show =
        |s: &[char]| -> String { s.iter().map(|&c| if c == '\n' { '¶' } else { c }).collect() };
    let snippet = format!(
        "{}⟦{}⟧{}",
        show(&chars[start.saturating_sub(CONTEXT)..start]),
        show(&chars[start..end]),
        show(&chars[end..(end + CONTEXT).min(n)])
    );
    ErrorExample {
        kind,
        category,
        article: doc.id.clone(),
        start,
        end,
        snippet,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_quotes_handles_each_mark_style() {
        let cases = [
            ("a “bc” d", "...xx..."),
            ("a \"bc\" d", "...xx..."),
            ("a ''bc'' d", "....xx...."),
            ("a ``bc'' d", "....xx...."),
            ("“ab\n\ncd", ".xx...."),
            ("a \"b\n\nc \"d\" e", "...x.....x..."),
        ];
        for (text, want) in cases {
            let chars: Vec<char> = text.chars().collect();
            let got: String = inside_quotes(&chars)
                .iter()
                .map(|&b| if b { 'x' } else { '.' })
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn interval_index_finds_nested_and_long_intervals() {
        let idx = IntervalIndex::new(vec![(0, 100, 0), (10, 20, 1), (30, 40, 2), (50, 60, 3)]);
        let mut got = Vec::new();
        idx.overlapping((35, 55), |g, r| got.push((g, r)));
        got.sort_unstable();
        assert_eq!(got, [(0, (35, 55)), (2, (35, 40)), (3, (50, 55))]);
    }

    #[test]
    fn last_name_skips_suffixes() {
        assert_eq!(last_name("Martin Luther King Jr.").as_deref(), Some("king"));
        assert_eq!(
            last_name("Amnesty International").as_deref(),
            Some("international")
        );
        assert_eq!(last_name("  "), None);
    }
}
