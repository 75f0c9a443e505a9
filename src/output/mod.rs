//! Writing rows: CSV (the contract), JSONL.
//!
//! Every sink sees the same [`Row`]s: offsets already converted to Unicode
//! scalar values (once per article, here), cells already sliced.

use crate::extractor::Quote;
use crate::input::Article;
use crate::span::CharIndex;

pub mod xlsx;

/// The contract's columns, in order (metadata columns go after `article_id`).
pub const COLUMNS: [&str; 16] = [
    "article_id",
    "quote_index",
    "kind",
    "quote",
    "speaker",
    "speaker_type",
    "organization",
    "verb",
    "speaker_mention",
    "quote_start",
    "quote_end",
    "speaker_start",
    "speaker_end",
    "verb_start",
    "verb_end",
    "confidence",
];

/// One output row, ready to write.
#[derive(Clone, Debug, PartialEq)]
pub struct Row<'a> {
    pub article_id: &'a str,
    pub meta: &'a [String],
    pub quote_index: usize,
    pub quote: &'a Quote,
    /// `text[quote_start..quote_end]`.
    pub text: &'a str,
    pub speaker_mention: Option<&'a str>,
    pub verb: Option<&'a str>,
    /// Unicode scalar offsets.
    pub quote_range: (usize, usize),
    pub speaker_range: Option<(usize, usize)>,
    pub verb_range: Option<(usize, usize)>,
}

/// The rows of one article, in the order of `quotes`.
pub fn rows<'a>(article: &'a Article, quotes: &'a [Quote]) -> Vec<Row<'a>> {
    let text = article.text.as_str();
    let index = CharIndex::new(text);
    quotes
        .iter()
        .enumerate()
        .map(|(i, q)| Row {
            article_id: &article.id,
            meta: &article.meta,
            quote_index: i,
            quote: q,
            text: q.span.as_str(text),
            speaker_mention: q.speaker_mention.map(|s| s.as_str(text)),
            verb: q.verb.map(|s| s.as_str(text)),
            quote_range: index.char_span(q.span),
            speaker_range: q.speaker_mention.map(|s| index.char_span(s)),
            verb_range: q.verb.map(|s| index.char_span(s)),
        })
        .collect()
}
