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
    scratch: &mut super::FindScratch,
    list: &mut Vec<QuoteSpan>,
    stats: &mut FindStats,
) {
    // Pushed to as a local, its length kept in a register.
    let mut out = std::mem::take(list);
    let super::FindScratch {
        found,
        weak,
        continues,
    } = scratch;
    let n = found.len();
    // continues[i]: span i carries on the quotation span i-1 left open.
    continues.clear();
    continues.extend(
        (0..n).map(|i| i > 0 && is_continuation(text, paragraphs, &found[i - 1], &found[i])),
    );
    // Statements are numbered by their place in `out`.
    out.clear();
    out.reserve(n);
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
    *list = out;
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
    if cue_within(cues, gap).is_none() {
        return false;
    }
    let inner = gap.as_str(text).trim_end();
    let inner = inner.strip_suffix(['.', ',', ':', ';']).unwrap_or(inner);
    memchr::memchr3(b'.', b'!', b'?', inner.as_bytes()).is_none()
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
    // Counted only on the branches that ask: most quotes follow a cue.
    let words = || count_words(q.content.as_str(text), SHORT_MID_CLAUSE + 1);
    let near = || {
        cue_before(text, para, cues, q.open.start).or_else(|| {
            let from = q.close.map_or(q.content.end, |c| c.end);
            cue_after(text, para, cues, from)
        })
    };
    match before(text, para, cues, q.open.start) {
        Before::AfterCue(cue) => (QuotationKind::Quotation, Evidence::AfterCue, Some(cue)),
        Before::Unit(_) if is_heading(text, para, q) => {
            (QuotationKind::ScareQuote, Evidence::Heading, None)
        }
        Before::Unit(evidence) => {
            let cue = near();
            // A comma inside the closing mark at the start of a sentence
            // hands over to an attribution (`"Stop," Ana Ruiz yelled.`), even
            // when the verb is not in the cue lexicon.
            let content = q.content.as_str(text);
            let hands_over = content.trim_end().ends_with(',');
            if !ends_sentence(content) && !hands_over && cue.is_none() && words() <= SHORT_UNIT {
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
            None if words() <= SHORT_MID_CLAUSE => {
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

/// The last cue of the sentence before `at`, within [`CUE_BEFORE`] bytes.
/// Found by binary search first, so only the gap after the cue is read.
fn cue_before(text: &str, para: Span, cues: &[Cue], at: usize) -> Option<Span> {
    let floor = at.saturating_sub(CUE_BEFORE).max(para.start);
    let cue = last_cue_within(cues, Span::new(floor, at))?;
    let gap = &text.as_bytes()[cue.end..at];
    let sentence_ends = memchr::memchr3_iter(b'.', b'!', b'?', gap)
        .any(|k| gap.get(k + 1).is_some_and(u8::is_ascii_whitespace));
    (!sentence_ends).then_some(cue)
}

/// The first cue of the sentence after `at` (`“…,” Smith said`), within
/// [`CUE_AFTER`] bytes; a period right after the closing mark ends the
/// quote's own sentence.
fn cue_after(text: &str, para: Span, cues: &[Cue], at: usize) -> Option<Span> {
    let ceiling = (at + CUE_AFTER).min(para.end);
    let cue = cue_within(cues, Span::new(at, ceiling.max(at)))?;
    (!sentence_ends_in(&text[at..cue.start])).then_some(cue)
}

/// Whether a sentence ends inside `gap`: `.`, `!` or `?` before whitespace,
/// except the period of a title or an initial (`“We will reopen,” Mr. Trask
/// said.` is one sentence).
fn sentence_ends_in(gap: &str) -> bool {
    let bytes = gap.as_bytes();
    memchr::memchr3_iter(b'.', b'!', b'?', bytes).any(|k| {
        let before_space = bytes.get(k + 1).is_none_or(u8::is_ascii_whitespace);
        before_space && !(bytes[k] == b'.' && is_abbreviation(&gap[..k]))
    })
}

/// The word before a period is a title or an initial ("Mr", "Sen", "J").
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let letters = word.chars().count();
    word.starts_with(char::is_uppercase) && (letters == 1 || ABBREVIATIONS.contains(&word))
}

const ABBREVIATIONS: [&str; 14] = [
    "Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Capt", "Sgt", "Prof", "Rev",
];

/// Capitalized and ending with `!` or `?`: a whole utterance.
fn is_exclamation(content: &str) -> bool {
    content.starts_with(char::is_uppercase)
        && content
            .trim_end_matches(|c: char| c.is_whitespace() || super::is_quote_char(c) || c == ',')
            .ends_with(['!', '?'])
}

/// `s.split_whitespace().take(cap).count()`, a byte at a time: ASCII bytes
/// are classified directly and only a non-ASCII lead byte is decoded (to
/// honour Unicode spaces), so a word costs a few instructions a byte.
fn count_words(s: &str, cap: usize) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let space = match b {
            b' ' | b'\t'..=b'\r' => true,
            // A continuation byte belongs to the char its lead byte classified.
            0x80..=0xBF => continue,
            0xC0.. => s[i..].chars().next().is_some_and(char::is_whitespace),
            _ => false,
        };
        if !space && !in_word {
            if words == cap {
                return cap;
            }
            words += 1;
        }
        in_word = !space;
    }
    words
}

/// The quoted text ends like a sentence (`.`, `!`, `?`, `…`), nested
/// closing marks aside.
fn ends_sentence(content: &str) -> bool {
    content
        .trim_end_matches(|c: char| c.is_whitespace() || super::is_quote_char(c))
        .ends_with(['.', '!', '?', '…'])
}

#[cfg(test)]
mod tests {
    use super::count_words;
    use proptest::prelude::*;

    #[test]
    fn words_are_counted_across_every_kind_of_space() {
        let cases: &[(&str, usize, usize)] = &[
            ("", 5, 0),
            ("  ", 5, 0),
            ("the film", 5, 2),
            ("one two three four five six seven", 5, 5),
            ("tab\tnew\nline\rcr\x0Bvt\x0Cff", 9, 6),
            ("no\u{a0}break\u{2003}em\u{3000}ideographic", 9, 4),
            ("“Q” — she", 9, 3),
        ];
        for &(s, cap, want) in cases {
            assert_eq!(count_words(s, cap), want, "{s:?}");
            assert_eq!(s.split_whitespace().take(cap).count(), want, "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn the_byte_counter_agrees_with_split_whitespace(
            s in "([a-z“”’—é]{1,4}|[ \t\n\r\u{0B}\u{0C}\u{85}\u{a0}\u{2003}\u{3000}]){0,40}",
            cap in 0usize..12,
        ) {
            prop_assert_eq!(count_words(&s, cap), s.split_whitespace().take(cap).count());
        }

        #[test]
        fn the_byte_counter_agrees_on_any_text(s in "\\PC{0,60}", cap in 0usize..12) {
            prop_assert_eq!(count_words(&s, cap), s.split_whitespace().take(cap).count());
        }
    }
}
