//! Attribution: who said each quotation, with which cue, for which organization.
//!
//! This first version looks for a cue right after the closing mark
//! (`“Q,” Smith said` / `“Q,” said Smith`) or right before the opening one
//! (`Smith said: “Q”`), with a name or a pronoun next to the cue.

use std::collections::HashMap;

use crate::cues::Cue;
use crate::entities::{Mention, MentionKind};
use crate::extractor::{Quote, QuoteKind, SpeakerType};
use crate::quotes::QuoteSpan;
use crate::span::Span;

/// How far from a quotation mark a cue may stand, in bytes.
const CUE_WINDOW: usize = 40;
/// How much space may separate a name from its cue, in bytes.
const NAME_GAP: usize = 2;

/// Everything attribution needs about one article.
pub struct Article<'a> {
    pub text: &'a str,
    pub paragraphs: &'a [Span],
    pub cues: &'a [Cue],
    pub mentions: &'a [Mention],
}

/// Attributes every quotation span; one [`Quote`] per span, in text order.
pub fn attribute(article: &Article<'_>, spans: &[QuoteSpan]) -> Vec<Quote> {
    let names = fullest_names(article);
    spans
        .iter()
        .map(|q| {
            let para = article.paragraphs[q.paragraph];
            let found = after_close(article, q, para).or_else(|| before_open(article, q, para));
            let mut quote = Quote::unattributed(QuoteKind::Direct, q.content, q.statement);
            if let Some((verb, mention)) = found {
                quote.verb = Some(verb);
                quote.confidence = 0.5;
                if let Some(mention) = mention {
                    resolve(article, &names, mention, &mut quote);
                }
            }
            quote
        })
        .collect()
}

fn after_close(a: &Article<'_>, q: &QuoteSpan, para: Span) -> Option<(Span, Option<Span>)> {
    let from = q.close?.end;
    let limit = (from + CUE_WINDOW).min(para.end);
    let first = a.cues.partition_point(|c| c.span.start < from);
    let cue = a.cues.get(first).filter(|c| c.span.start < limit)?;
    let gap = &a.text[from..cue.span.start];
    if gap.contains(['.', '!', '?']) {
        return None;
    }
    let speaker =
        name_before(a, cue.span.start, from).or_else(|| name_after(a, cue.span.end, para));
    Some((cue.span, speaker))
}

fn before_open(a: &Article<'_>, q: &QuoteSpan, para: Span) -> Option<(Span, Option<Span>)> {
    let to = q.open.start;
    let from = to.saturating_sub(CUE_WINDOW).max(para.start);
    let last = a
        .cues
        .partition_point(|c| c.span.end <= to)
        .checked_sub(1)?;
    let cue = Some(&a.cues[last]).filter(|c| c.span.end >= from)?;
    let gap = a.text[cue.span.end..to].trim();
    if !(gap.is_empty() || gap == ":" || gap == ",") {
        return None;
    }
    Some((cue.span, name_before(a, cue.span.start, para.start)))
}

/// A mention or a pronoun ending just before `at`, not before `floor`.
fn name_before(a: &Article<'_>, at: usize, floor: usize) -> Option<Span> {
    let last = a.mentions.partition_point(|m| m.span.end <= at);
    if let Some(m) = last.checked_sub(1).map(|i| &a.mentions[i])
        && m.span.start >= floor
        && at - m.span.end <= NAME_GAP
    {
        return Some(m.span);
    }
    let before = a.text[floor..at].trim_end();
    // Past the whole non-letter: a dash or no-break space is several bytes.
    let word_start = before
        .char_indices()
        .rfind(|&(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    is_pronoun(word).then(|| Span::new(floor + word_start, floor + before.len()))
}

/// A mention starting just after `at`, inside `para`.
fn name_after(a: &Article<'_>, at: usize, para: Span) -> Option<Span> {
    let first = a.mentions.partition_point(|m| m.span.start < at);
    a.mentions
        .get(first)
        .filter(|m| m.span.end <= para.end && m.span.start - at <= NAME_GAP)
        .map(|m| m.span)
}

fn is_pronoun(word: &str) -> bool {
    matches!(word, "he" | "she" | "He" | "She" | "they" | "They")
}

/// Fills speaker, type and canonical name from the mention at `span`.
fn resolve(a: &Article<'_>, names: &HashMap<&str, &str>, span: Span, quote: &mut Quote) {
    quote.speaker_mention = Some(span);
    let word = span.as_str(a.text);
    let mention = if is_pronoun(word) {
        let before = a.mentions.partition_point(|m| m.span.end <= span.start);
        a.mentions[..before]
            .iter()
            .rev()
            .take(20)
            .find(|m| m.kind == MentionKind::Person)
    } else {
        // Mentions are sorted by span: a scan per quote was quadratic.
        a.mentions
            .binary_search_by_key(&span, |m| m.span)
            .ok()
            .map(|i| &a.mentions[i])
    };
    let Some(mention) = mention else { return };
    let name = mention.span.as_str(a.text);
    let canonical = names.get(last_word(name)).copied().unwrap_or(name);
    quote.speaker = Some(canonical.to_string());
    quote.confidence = 0.8;
    match mention.kind {
        MentionKind::Person => quote.speaker_type = SpeakerType::Person,
        MentionKind::Organization => {
            quote.speaker_type = SpeakerType::Organization;
            quote.organization = Some(canonical.to_string());
        }
    }
}

fn last_word(name: &str) -> &str {
    name.rsplit(' ').next().unwrap_or(name)
}

/// The fullest form of each name in the article, by last word:
/// "Struthers" -> "Marie Struthers".
fn fullest_names<'t>(a: &Article<'t>) -> HashMap<&'t str, &'t str> {
    let mut names: HashMap<&str, &str> = HashMap::new();
    for m in a.mentions {
        let name = m.span.as_str(a.text);
        let entry = names.entry(last_word(name)).or_insert(name);
        if name.len() > entry.len() {
            *entry = name;
        }
    }
    names
}
