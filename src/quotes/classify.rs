//! The post-pass: link the pieces of one statement and decide what each
//! quoted stretch is. Constant work per span (bounded windows, binary
//! searches into the sorted cues), so it stays linear too.

use super::marks::{self, Family};
use super::{Evidence, FindStats, QuotationKind, QuoteSpan};
use crate::cues::Cue;
use crate::span::Span;

/// How far back from an opening mark a governing cue may stand, in bytes.
const CUE_BEFORE: usize = 250;
/// How far after a closing mark a cue may stand (`“…,” Smith said`), in bytes.
const CUE_AFTER: usize = 150;
/// The most text between two pieces of a split quotation, in bytes.
const SPLIT_GAP: usize = 150;
/// Up to this many words, a quoted stretch with no cue around is a term
/// held at arm's length rather than somebody's words (studied on PolNeAR
/// train: 1-3 word mid-clause stretches are quotations 4-7% of the time).
const SHORT_MID_CLAUSE: usize = 4;
/// The same bound for a stretch opening a sentence: a subject in quotes
/// (`“Sons of Trump” roots around`) is short and has no final punctuation.
const SHORT_UNIT: usize = 3;

/// Words that announce a title, a name or a term, not speech:
/// `the so-called “reform”`, `the film “Jaws”`, `dubbed “the Donald”`.
const TITLE_MARKERS: [&str; 28] = [
    "so-called",
    "dubbed",
    "nicknamed",
    "titled",
    "entitled",
    "named",
    "film",
    "movie",
    "book",
    "memoir",
    "show",
    "song",
    "album",
    "novel",
    "series",
    "play",
    "documentary",
    "magazine",
    "newspaper",
    "headline",
    "slogan",
    "hashtag",
    "term",
    "word",
    "phrase",
    "label",
    "motto",
    "nickname",
];

/// Where a quote stands in its sentence, read from what precedes the mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Before {
    Unit(Evidence),
    AfterCue(Span),
    Title,
    Markup,
    MidClause,
}

pub(super) fn finish(
    text: &str,
    paragraphs: &[Span],
    cues: &[Cue],
    found: &[QuoteSpan],
    weak: &[bool],
    stats: &mut FindStats,
) -> Vec<QuoteSpan> {
    let n = found.len();
    // continues[i]: span i carries on the quotation span i-1 left open.
    let continues: Vec<bool> = (0..n)
        .map(|i| i > 0 && is_continuation(text, paragraphs, &found[i - 1], &found[i]))
        .collect();
    let mut out: Vec<QuoteSpan> = Vec::with_capacity(n);
    for i in 0..n {
        stats.steps += 1;
        let continued = continues.get(i + 1).copied().unwrap_or(false);
        if weak[i] && !continues[i] && !continued {
            continue;
        }
        let mut q = found[i];
        let para = paragraphs[q.paragraph];
        if continues[i] && out.last().is_some_and(|p| p.paragraph + 1 == q.paragraph) {
            let head = out.last().map_or(0, |p| p.statement);
            // Several paragraphs of quoted text is speech, whatever the
            // first piece looked like.
            for piece in &mut out[head..] {
                if piece.kind == QuotationKind::ScareQuote {
                    piece.kind = QuotationKind::Quotation;
                    piece.evidence = Evidence::Continuation;
                }
            }
            q.statement = head;
            q.kind = out[head].kind;
            q.evidence = Evidence::Continuation;
            q.cue = out[head].cue;
            out.push(q);
            continue;
        }
        let (kind, evidence, cue) = classify(text, para, cues, &q);
        q.kind = kind;
        q.evidence = evidence;
        q.cue = cue;
        q.statement = out.len();
        if let Some(prev) = out.last()
            && is_split_piece(text, cues, prev, &q)
        {
            q.statement = prev.statement;
            // The cue between the pieces speaks for both: a short second
            // piece (`“No,” he said. “Never.”`) is no scare quote.
            if q.evidence == Evidence::ShortNoCue {
                q.kind = prev.kind;
                q.evidence = Evidence::SplitPiece;
            }
        }
        out.push(q);
    }
    out
}

/// `next` opens the paragraph after the one `prev` left open, with a mark
/// of the same family: the newspaper convention for a long quotation.
fn is_continuation(text: &str, paragraphs: &[Span], prev: &QuoteSpan, next: &QuoteSpan) -> bool {
    prev.close.is_none()
        && next.paragraph == prev.paragraph + 1
        && paragraphs
            .get(next.paragraph)
            .is_some_and(|p| p.start == next.open.start)
        && family(text, prev.open) == family(text, next.open)
}

fn family(text: &str, mark: Span) -> Option<Family> {
    marks::mark_at(text.as_bytes(), mark.start).map(|m| m.family)
}

/// `“We will fight,” she said, “and we will win.”`: the text between two
/// quotes of one paragraph is a short attribution with a cue, and at most
/// ends a sentence.
fn is_split_piece(text: &str, cues: &[Cue], prev: &QuoteSpan, next: &QuoteSpan) -> bool {
    let Some(close) = prev.close else {
        return false;
    };
    if prev.paragraph != next.paragraph
        || prev.kind == QuotationKind::ScareQuote
        || matches!(next.evidence, Evidence::TitleMarker | Evidence::Markup)
        || next.open.start < close.end
        || next.open.start - close.end > SPLIT_GAP
    {
        return false;
    }
    let gap = Span::new(close.end, next.open.start);
    let inner = gap.as_str(text).trim_end();
    let inner = inner.strip_suffix(['.', ',', ':', ';']).unwrap_or(inner);
    !inner.contains(['.', '!', '?']) && cue_within(cues, gap).is_some()
}

/// The first cue lying wholly inside `window`.
fn cue_within(cues: &[Cue], window: Span) -> Option<Span> {
    let first = cues.partition_point(|c| c.span.start < window.start);
    cues.get(first)
        .map(|c| c.span)
        .filter(|c| c.end <= window.end)
}

/// The last cue lying wholly inside `window`.
fn last_cue_within(cues: &[Cue], window: Span) -> Option<Span> {
    let past = cues.partition_point(|c| c.span.end <= window.end);
    past.checked_sub(1)
        .map(|i| cues[i].span)
        .filter(|c| c.start >= window.start)
}

/// Decides the kind of one top-level span, with the rule that decided and
/// the cue it relied on.
fn classify(
    text: &str,
    para: Span,
    cues: &[Cue],
    q: &QuoteSpan,
) -> (QuotationKind, Evidence, Option<Span>) {
    let words = count_words(q.content.as_str(text), SHORT_MID_CLAUSE + 1);
    let near = || {
        sentence_before(text, para, q.open.start)
            .and_then(|w| last_cue_within(cues, w))
            .or_else(|| {
                let from = q.close.map_or(q.content.end, |c| c.end);
                sentence_after(text, para, from).and_then(|w| cue_within(cues, w))
            })
    };
    match before(text, para, cues, q.open.start) {
        Before::AfterCue(cue) => (QuotationKind::Quotation, Evidence::AfterCue, Some(cue)),
        Before::Unit(_) if is_heading(text, para, q) => {
            (QuotationKind::ScareQuote, Evidence::Heading, None)
        }
        Before::Unit(evidence) => {
            let cue = near();
            if words <= SHORT_UNIT && !ends_sentence(q.content.as_str(text)) && cue.is_none() {
                (QuotationKind::ScareQuote, Evidence::ShortNoCue, None)
            } else {
                (QuotationKind::Quotation, evidence, cue)
            }
        }
        Before::Title => (QuotationKind::ScareQuote, Evidence::TitleMarker, None),
        Before::Markup => (QuotationKind::ScareQuote, Evidence::Markup, None),
        // Chants and exclamations quoted mid-sentence (`chanting “Build the
        // wall!”`) are somebody's words even without a cue.
        Before::MidClause if is_exclamation(q.content.as_str(text)) => {
            (QuotationKind::Quotation, Evidence::Exclamation, near())
        }
        Before::MidClause => match near() {
            None if words <= SHORT_MID_CLAUSE => {
                (QuotationKind::ScareQuote, Evidence::ShortNoCue, None)
            }
            cue => (QuotationKind::Fragment, Evidence::MidClause, cue),
        },
    }
}

/// Reads what stands just before an opening mark at `at`.
fn before(text: &str, para: Span, cues: &[Cue], at: usize) -> Before {
    let head = text[para.start..at].trim_end();
    let word_end = para.start + head.len();
    let Some(last) = head.chars().next_back() else {
        return Before::Unit(Evidence::ParagraphStart);
    };
    match last {
        '.' | '!' | '?' | '…' => return Before::Unit(Evidence::SentenceStart),
        ',' => {
            // `In his 2002 book, ''Make Your Kid a Millionaire,''` names a
            // title; `said that, “…”` still continues the clause.
            let word = word_before(text, para, word_end - 1);
            if is_title_marker(word) {
                return Before::Title;
            }
            if word.eq_ignore_ascii_case("that") {
                return Before::MidClause;
            }
            return Before::Unit(Evidence::AfterPunctuation);
        }
        ':' | ';' => return Before::Unit(Evidence::AfterPunctuation),
        // A dash or bracket before a quote sets off an aside inside the
        // sentence (`his act—“My tax plan will be tremendous!”—wears thin`):
        // on PolNeAR train such quotes are quotations 8-36% of the time.
        '—' | '–' | '-' | '(' | '[' => return Before::MidClause,
        '=' => return Before::Markup,
        c if super::is_quote_char(c) => return Before::Unit(Evidence::AfterPunctuation),
        c if !c.is_alphanumeric() => return Before::MidClause,
        _ => {}
    }
    let cue_end = cues.partition_point(|c| c.span.end < word_end);
    if let Some(c) = cues.get(cue_end).filter(|c| c.span.end == word_end) {
        return Before::AfterCue(c.span);
    }
    if is_title_marker(word_before(text, para, word_end)) {
        return Before::Title;
    }
    Before::MidClause
}

/// The word ending at `end` (letters, digits, hyphens), bounded so a
/// megabyte "word" costs nothing.
fn word_before(text: &str, para: Span, end: usize) -> &str {
    let mut from = end.saturating_sub(24).max(para.start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut end = end.max(from);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[from..end]
        .trim_end()
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '-'))
        .next()
        .unwrap_or("")
}

fn is_title_marker(word: &str) -> bool {
    TITLE_MARKERS.iter().any(|m| word.eq_ignore_ascii_case(m))
}

/// A paragraph that is nothing but a short quoted Title Case line is a
/// subheading (`''All Bets Are Off.''` between sections of a NYT story).
fn is_heading(text: &str, para: Span, q: &QuoteSpan) -> bool {
    let whole = q.open.start == para.start && q.close.is_some_and(|c| c.end == para.end);
    let content = q.content.as_str(text);
    whole
        && count_words(content, 7) <= 6
        && content
            .split_whitespace()
            .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_numeric()) || w.len() <= 3)
}

/// The stretch of the current sentence before `at` (bounded).
fn sentence_before(text: &str, para: Span, at: usize) -> Option<Span> {
    let mut from = at.saturating_sub(CUE_BEFORE).max(para.start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text.as_bytes()[from..at];
    let start = window
        .windows(2)
        .rposition(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1].is_ascii_whitespace())
        .map_or(from, |k| from + k + 1);
    (start < at).then(|| Span::new(start, at))
}

/// The stretch of the current sentence after `at` (bounded).
fn sentence_after(text: &str, para: Span, at: usize) -> Option<Span> {
    let mut to = (at + CUE_AFTER).min(para.end);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    if to <= at {
        return None;
    }
    let window = &text.as_bytes()[at..to];
    // A period right after the closing mark ends the quote's own sentence.
    let end = window
        .iter()
        .position(|&b| matches!(b, b'.' | b'!' | b'?'))
        .map_or(to, |k| at + k);
    (end > at).then(|| Span::new(at, end))
}

/// Capitalized and ending with `!` or `?`: a whole utterance.
fn is_exclamation(content: &str) -> bool {
    content.starts_with(char::is_uppercase)
        && content
            .trim_end_matches(|c: char| c.is_whitespace() || super::is_quote_char(c) || c == ',')
            .ends_with(['!', '?'])
}

fn count_words(s: &str, cap: usize) -> usize {
    s.split_whitespace().take(cap).count()
}

/// The quoted text ends like a sentence (`.`, `!`, `?`, `…`), nested
/// closing marks aside.
fn ends_sentence(content: &str) -> bool {
    content
        .trim_end_matches(|c: char| c.is_whitespace() || super::is_quote_char(c))
        .ends_with(['.', '!', '?', '…'])
}
