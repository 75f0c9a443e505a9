//! Quotation spans: where the text is inside quotation marks, and whether
//! that stretch is a quotation at all.
//!
//! [`QuoteFinder::find`] runs one pass over each paragraph. Its state is a
//! small stack of open frames (at most [`MAX_DEPTH`]): outside any quote the
//! stack is empty; inside a quote the bottom frame is the quotation and the
//! frames above it are nested quotes (`“He said ‘no’ twice”`). Each mark is
//! read once and moves the machine with one of three `Action`s: open a
//! frame, close a frame (and any unclosed frames above it), or ignore the
//! mark (apostrophes, stray closers, marks beyond the depth limit). Nothing
//! is ever re-scanned, so the pass is linear in the text whatever the marks.
//!
//! A post-pass over the top-level spans (constant work each, with binary
//! searches into the sorted cue list) links the pieces of one statement and
//! decides, with explainable [`Evidence`], whether each span is a quotation,
//! a quoted fragment inside reported speech, or a scare quote/title.

mod classify;
mod marks;

use std::mem::take;

use crate::cues::Cue;
use crate::scan::ByteBits;
use crate::span::Span;

use marks::{Family, Mark, Role};

/// How deep quotes may nest before further opening marks are ignored.
/// Real text nests two levels; the bound keeps every step O(1).
pub const MAX_DEPTH: usize = 4;

/// What a quoted stretch is, as a careful reader would take it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuotationKind {
    /// Somebody's words, quoted as a unit: a `direct` quotation.
    Quotation,
    /// A quoted phrase inside a clause (`He said the plan was “a disaster”
    /// for the city.`): the material of a `mixed` quotation, whose span is
    /// the reported clause around it.
    Fragment,
    /// Not a quotation: a title, a nickname, a term held at arm's length
    /// (`the so-called “reform”`, `the film “Jaws”`), markup debris.
    ScareQuote,
}

/// Why a span got its [`QuotationKind`]: the rule that decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Evidence {
    /// The quote opens its paragraph.
    ParagraphStart,
    /// The quote opens a sentence.
    SentenceStart,
    /// The quote follows a colon, comma or semicolon.
    AfterPunctuation,
    /// The quote directly follows a reporting cue (`said “…”`).
    AfterCue,
    /// The paragraph continues the quotation left open by the one before.
    Continuation,
    /// The second piece of a split quotation, after its cue
    /// (`“No,” he said. “Never.”`).
    SplitPiece,
    /// A capitalized exclamation or question, though mid-sentence
    /// (`chanting “Build the wall!”`).
    Exclamation,
    /// A title or naming word stands before it (`so-called`, `the film`, `dubbed`).
    TitleMarker,
    /// A paragraph made of a short quoted Title Case line: a subheading.
    Heading,
    /// An HTML/XML attribute value (`id="…"`).
    Markup,
    /// A few words, no sentence punctuation and no cue in the sentence.
    ShortNoCue,
    /// Opens in the middle of a clause (after a word, a dash, a bracket).
    MidClause,
}

/// One quotation span, as found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteSpan {
    /// The quoted text, without the enclosing marks.
    pub content: Span,
    /// The opening mark (a whole HTML entity when encoded, `&ldquo;`).
    pub open: Span,
    /// The closing mark, when there is one in the paragraph.
    pub close: Option<Span>,
    /// Index of the paragraph the span lies in.
    pub paragraph: usize,
    /// Spans of one statement share this id: the index of the statement's
    /// first span in the returned `Vec`. Linked are the pieces of a quotation
    /// running over several paragraphs, and the pieces of a split quotation
    /// (`“We will fight,” she said, “and we will win.”`).
    pub statement: usize,
    /// Whether the span is a quotation; see [`QuotationKind`].
    pub kind: QuotationKind,
    /// The rule that set `kind`.
    pub evidence: Evidence,
    /// The reporting cue in the same sentence that the decision relied on
    /// (before the opening mark or after the closing one), if any.
    pub cue: Option<Span>,
}

/// Work counters of one run, for checking that the pass stays linear.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FindStats {
    /// Scanner steps (one per 8-byte word skipped or byte examined) plus
    /// marks handled plus post-pass steps.
    pub steps: u64,
}

/// Finds quotation spans. Built once, holds no per-article state.
///
/// ```
/// use saidby::cues::CueMatcher;
/// use saidby::quotes::{QuoteFinder, QuotationKind};
/// use saidby::segment::paragraphs;
/// use saidby::Lexicon;
/// let text = "“We will fight,” she said, “and we will win.” The so-called “plan” failed.";
/// let cues = CueMatcher::new(&Lexicon::parse("said")).unwrap().find_all(text);
/// let spans = QuoteFinder::new().find(text, &paragraphs(text), &cues);
/// let got: Vec<(&str, QuotationKind)> =
///     spans.iter().map(|q| (q.content.as_str(text), q.kind)).collect();
/// assert_eq!(got, [
///     ("We will fight,", QuotationKind::Quotation),
///     ("and we will win.", QuotationKind::Quotation),
///     ("plan", QuotationKind::ScareQuote),
/// ]);
/// // The two pieces of the split quotation are one statement.
/// assert_eq!(spans[0].statement, spans[1].statement);
/// ```
#[derive(Clone, Debug, Default)]
pub struct QuoteFinder {}

/// An open quote: the machine's state is a stack of these.
#[derive(Clone, Copy, Debug)]
struct Frame {
    open: Span,
    family: Family,
    /// The mark that closes a guillemet frame (`»` after `«`, `«` after `»`).
    closer: Option<char>,
    /// Opened by a straight `'`: the weakest evidence of a quote.
    straight_single: bool,
}

/// What one mark does to the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    /// Push a frame.
    Open,
    /// Close the frame at this stack index, dropping the unclosed ones above.
    Close(usize),
    /// Not a quotation mark here (apostrophe, stray closer).
    Ignore,
    /// An elision (`’90s`, `rock ’n’ roll`): skip this many bytes.
    Skip(usize),
}

impl QuoteFinder {
    pub fn new() -> QuoteFinder {
        QuoteFinder {}
    }

    /// Every top-level quotation span of `text`, in text order, with its
    /// kind. `paragraphs` come from [`crate::segment::paragraphs`] and `cues`
    /// from [`crate::cues::CueMatcher::find_all`] (sorted by position; an
    /// empty slice is allowed and only weakens the scare-quote decision).
    pub fn find(&self, text: &str, paragraphs: &[Span], cues: &[Cue]) -> Vec<QuoteSpan> {
        self.find_with_stats(text, paragraphs, cues).0
    }

    /// [`QuoteFinder::find`], also returning how much work it did.
    pub fn find_with_stats(
        &self,
        text: &str,
        paragraphs: &[Span],
        cues: &[Cue],
    ) -> (Vec<QuoteSpan>, FindStats) {
        let mut out = Vec::new();
        let stats = self.find_into(
            text,
            paragraphs,
            cues,
            None,
            &mut FindScratch::default(),
            &mut out,
        );
        (out, stats)
    }

    /// [`QuoteFinder::find_with_stats`], into `out` (emptied first), its
    /// work lists in `scratch`: the extractor reuses them from article to
    /// article. `candidates`, when given, has a bit for each byte a mark
    /// may start with (as [`marks::next_candidate`] finds them; the cue
    /// search marks them as it reads the text): the scan jumps by them.
    pub(crate) fn find_into(
        &self,
        text: &str,
        paragraphs: &[Span],
        cues: &[Cue],
        candidates: Option<&ByteBits>,
        scratch: &mut FindScratch,
        out: &mut Vec<QuoteSpan>,
    ) -> FindStats {
        let mut stats = FindStats::default();
        // Pushed to as locals, their lengths kept in registers.
        let (mut found, mut weak) = (take(&mut scratch.found), take(&mut scratch.weak));
        found.clear();
        weak.clear();
        // Sized for a typical article, so the pass seldom reallocates.
        found.reserve(32);
        weak.reserve(32);
        for (p, &para) in paragraphs.iter().enumerate() {
            scan_paragraph(text, para, p, candidates, &mut found, &mut weak, &mut stats);
        }
        (scratch.found, scratch.weak) = (found, weak);
        classify::finish(text, paragraphs, cues, scratch, out, &mut stats);
        stats
    }
}

/// The work lists of [`QuoteFinder::find_into`].
#[derive(Debug, Default)]
pub(crate) struct FindScratch {
    /// The top-level spans, before classifying.
    found: Vec<QuoteSpan>,
    /// By span: found by a weak mark only.
    weak: Vec<bool>,
    /// By span: it carries on the one before.
    continues: Vec<bool>,
}

impl FindScratch {
    /// Empties the lists for the next article, within [`crate::scratch::KEEP_BYTES`].
    pub(crate) fn recycle(&mut self) {
        crate::scratch::recycle(&mut self.found);
        crate::scratch::recycle(&mut self.weak);
        crate::scratch::recycle(&mut self.continues);
    }
}

/// Runs the machine over one paragraph, pushing its top-level spans.
fn scan_paragraph(
    text: &str,
    para: Span,
    p: usize,
    candidates: Option<&ByteBits>,
    out: &mut Vec<QuoteSpan>,
    weak: &mut Vec<bool>,
    stats: &mut FindStats,
) {
    let bytes = text.as_bytes();
    let end = para.end.min(bytes.len());
    let mut stack: [Option<Frame>; MAX_DEPTH] = [None; MAX_DEPTH];
    let mut depth = 0usize;
    let mut i = para.start;
    let next = |i: usize, steps: &mut u64| match candidates {
        Some(c) => c.next_in(i, end, steps),
        None => marks::next_candidate(bytes, i, end, steps),
    };
    while let Some(at) = next(i, &mut stats.steps) {
        stats.steps += 1;
        let Some(mark) = marks::mark_at(&bytes[..end], at) else {
            i = at + marks::utf8_len(bytes[at]);
            continue;
        };
        let mut mark = mark;
        // `'''` closing a nested straight single and the outer `''` at once:
        // the odd apostrophe belongs to the single frame on top.
        if mark.len == 2
            && mark.family == Family::Double
            && !mark.entity
            && bytes.get(at + 2) == Some(&b'\'')
            && depth > 0
            && stack[depth - 1].is_some_and(|f| f.straight_single)
        {
            mark = Mark {
                family: Family::Single,
                len: 1,
                ..mark
            };
        }
        let here = Span::new(at, at + mark.len);
        // By far the commonest mark: an apostrophe inside a word (don't,
        // O'Brien), settled from its two neighbouring bytes as `decide`
        // would settle it, without decoding them.
        if mark.family == Family::Single
            && at > para.start
            && bytes[at - 1].is_ascii_alphanumeric()
            && here.end < end
            && bytes[here.end].is_ascii_alphanumeric()
        {
            i = here.end;
            continue;
        }
        let prev = text[para.start..at].chars().next_back();
        let next = text[here.end..end].chars().next();
        let action = decide(mark, prev, next, &text[here.end..end], &stack[..depth]);
        match action {
            Action::Open if depth < MAX_DEPTH => {
                let closer = match mark.glyph {
                    '«' => Some('»'),
                    '»' => Some('«'),
                    '‹' => Some('›'),
                    '›' => Some('‹'),
                    _ => None,
                };
                stack[depth] = Some(Frame {
                    open: here,
                    family: mark.family,
                    closer,
                    straight_single: mark.glyph == '\'' && mark.family == Family::Single,
                });
                depth += 1;
            }
            Action::Close(k) => {
                if k == 0
                    && let Some(f) = stack[0]
                    && here.start > f.open.end
                {
                    out.push(span(f, Some(here), here.start, p));
                    weak.push(false);
                }
                depth = k;
            }
            Action::Skip(n) => {
                i = at + n.max(1);
                continue;
            }
            Action::Open | Action::Ignore => {}
        }
        i = here.end;
    }
    if depth > 0
        && let Some(f) = stack[0]
        && end > f.open.end
    {
        out.push(span(f, None, end, p));
        // An unclosed straight single is most likely an apostrophe taken
        // for an opener; the post-pass keeps it only when continued.
        weak.push(f.straight_single);
    }
}

fn span(f: Frame, close: Option<Span>, content_end: usize, p: usize) -> QuoteSpan {
    QuoteSpan {
        content: Span::new(f.open.end, content_end),
        open: f.open,
        close,
        paragraph: p,
        statement: 0,
        kind: QuotationKind::Quotation,
        evidence: Evidence::MidClause,
        cue: None,
    }
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '„'
            | '‚'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '＂'
            | '「'
            | '」'
    )
}

/// Before an opening mark: a space, the paragraph start, an opening bracket,
/// a dash or slash, or another mark (`“‘Tis`).
fn opens_after(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '=' | '>')
                || is_quote_char(c)
        }
    }
}

/// After a closing mark: a space, the paragraph end, punctuation, or another mark.
fn closes_before(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '—'
                        | '–'
                        | '-'
                        | '…'
                        | '/'
                        | '<'
                )
                || is_quote_char(c)
        }
    }
}

/// The innermost open frame of `family` (and, for guillemets, closed by `glyph`).
fn find_frame(stack: &[Option<Frame>], family: Family, glyph: char) -> Option<usize> {
    (0..stack.len()).rev().find(|&k| {
        stack[k].is_some_and(|f| f.family == family && f.closer.is_none_or(|c| c == glyph))
    })
}

/// Elisions that begin with an apostrophe: `’90s`, `’n’`, `’em`, `’til`.
/// Returns the bytes to skip (the whole `’n’`) or `None`.
fn elision(mark_len: usize, after: &str) -> Option<usize> {
    let b = after.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_digit() && b[1].is_ascii_digit() {
        return Some(mark_len);
    }
    if let Some(rest) = after.strip_prefix('n') {
        for closer in ["’", "'"] {
            if let Some(tail) = rest.strip_prefix(closer)
                && !tail.starts_with(char::is_alphanumeric)
            {
                return Some(mark_len + 1 + closer.len());
            }
        }
    }
    const WORDS: [&str; 7] = ["em", "til", "cause", "bout", "tis", "twas", "cuz"];
    for w in WORDS {
        if let Some(tail) = after.strip_prefix(w)
            && !tail.starts_with(char::is_alphanumeric)
        {
            return Some(mark_len);
        }
    }
    None
}

/// The transition function: what `mark`, between `prev` and `next`, does.
fn decide(
    mark: Mark,
    prev: Option<char>,
    next: Option<char>,
    after: &str,
    stack: &[Option<Frame>],
) -> Action {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    // Shaped like an opener: nothing (or a bracket) before, a word after.
    let left = !is_space(next) && opens_after(prev);
    // Shaped like a closer: a word or punctuation before, a break after.
    let right = !is_space(prev) && closes_before(next);
    let open_or_ignore = |ok: bool| if ok { Action::Open } else { Action::Ignore };
    match mark.family {
        Family::Single => {
            if alnum(prev) && alnum(next) {
                return Action::Ignore; // don’t, O’Brien
            }
            if !alnum(prev)
                && mark.glyph != '’'
                && let Some(n) = elision(mark.len, after)
            {
                return Action::Skip(n); // ’90s, rock ’n’ roll
            }
            if mark.glyph == '’'
                && !alnum(prev)
                && let Some(n) = elision(mark.len, after)
            {
                return Action::Skip(n);
            }
            let frame = find_frame(stack, Family::Single, mark.glyph);
            // students’ union: a plural possessive, not a closer.
            let possessive = matches!(prev, Some('s' | 'S'))
                && next.is_some_and(char::is_whitespace)
                && after[next.map_or(0, char::len_utf8)..]
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase);
            match mark.role {
                Role::Close | Role::Either if frame.is_some() && right && !possessive => {
                    Action::Close(frame.unwrap_or(0))
                }
                // ‚…‘ (German) and ‘…‘ typos close with the opening shape.
                Role::Open if frame.is_some() && right && !left => {
                    Action::Close(frame.unwrap_or(0))
                }
                Role::Open => open_or_ignore(!is_space(next)),
                Role::Either => open_or_ignore(left),
                Role::Close => Action::Ignore,
            }
        }
        Family::Double => {
            let frame = find_frame(stack, Family::Double, mark.glyph);
            match (mark.role, frame) {
                // „…“ and “…“: an opening shape closes when shaped like a closer.
                (Role::Open, Some(k)) if right && !left => Action::Close(k),
                (Role::Open, _) => open_or_ignore(!is_space(next)),
                (Role::Close | Role::Either, Some(k)) => Action::Close(k),
                // ”…” (Swedish, or a typo): a closing shape in opening
                // position. Nothing closes at a paragraph start, so a mark
                // there opens even before a space (`” … what I learned`).
                (Role::Close, None) => open_or_ignore(prev.is_none() || (left && !right)),
                // A straight mark shaped only like a closer, with nothing
                // open, is a stray (6'2", a lost closer): ignore it.
                (Role::Either, None) => {
                    open_or_ignore(prev.is_none() || ((left || !right) && !is_space(next)))
                }
            }
        }
        Family::Guillemet | Family::SingleGuillemet => {
            match find_frame(stack, mark.family, mark.glyph) {
                Some(k) => Action::Close(k),
                // « opens; » opens only German-style, hugging its word (»so«).
                None => open_or_ignore(matches!(mark.glyph, '«' | '‹') || !is_space(next)),
            }
        }
        Family::Corner | Family::WhiteCorner => {
            match (mark.role, find_frame(stack, mark.family, mark.glyph)) {
                (Role::Close, Some(k)) => Action::Close(k),
                (Role::Open, _) => Action::Open,
                _ => Action::Ignore,
            }
        }
    }
}

#[cfg(test)]
mod tests;
