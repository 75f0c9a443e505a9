//! Quotation spans: where the text is inside quotation marks.
//!
//! This first finder pairs double quote marks (straight, curly, and the two
//! ASCII apostrophes of New York Times text) within a paragraph. An unclosed
//! quote ends at the end of its paragraph so a stray mark never swallows the
//! rest of the article.

use crate::span::Span;

/// One quotation span, as found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteSpan {
    /// The quoted text, without the enclosing marks.
    pub content: Span,
    /// The opening mark.
    pub open: Span,
    /// The closing mark, when there is one in the paragraph.
    pub close: Option<Span>,
    /// Index of the paragraph the span lies in.
    pub paragraph: usize,
    /// Spans of one statement (a split or multi-paragraph quotation) share this id.
    pub statement: usize,
}

/// Finds quotation spans. Built once, holds no per-article state.
#[derive(Clone, Debug, Default)]
pub struct QuoteFinder {}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    Either,
}

impl QuoteFinder {
    pub fn new() -> QuoteFinder {
        QuoteFinder {}
    }

    /// Every quotation span of `text`, in text order.
    pub fn find(&self, text: &str, paragraphs: &[Span]) -> Vec<QuoteSpan> {
        let mut out = Vec::new();
        for (p, &para) in paragraphs.iter().enumerate() {
            let mut open: Option<Span> = None;
            let mut i = para.start;
            while i < para.end {
                let Some((mark, len)) = mark_at(text, i) else {
                    i += text[i..].chars().next().map_or(1, char::len_utf8);
                    continue;
                };
                let here = Span::new(i, i + len);
                match (open, mark) {
                    (None, Mark::Open | Mark::Either) => open = Some(here),
                    (Some(o), Mark::Close | Mark::Either) => {
                        if here.start > o.end {
                            let statement = out.len();
                            out.push(QuoteSpan {
                                content: Span::new(o.end, here.start),
                                open: o,
                                close: Some(here),
                                paragraph: p,
                                statement,
                            });
                        }
                        open = None;
                    }
                    _ => {}
                }
                i += len;
            }
            if let Some(o) = open
                && para.end > o.end
            {
                let statement = out.len();
                out.push(QuoteSpan {
                    content: Span::new(o.end, para.end),
                    open: o,
                    close: None,
                    paragraph: p,
                    statement,
                });
            }
        }
        out
    }
}

fn mark_at(text: &str, i: usize) -> Option<(Mark, usize)> {
    let rest = &text.as_bytes()[i..];
    match rest {
        [b'"', ..] => Some((Mark::Either, 1)),
        [b'\'', b'\'', ..] => Some((Mark::Either, 2)),
        _ if text[i..].starts_with('“') => Some((Mark::Open, '“'.len_utf8())),
        _ if text[i..].starts_with('”') => Some((Mark::Close, '”'.len_utf8())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::paragraphs;

    fn contents(text: &str) -> Vec<&str> {
        QuoteFinder::new()
            .find(text, &paragraphs(text))
            .iter()
            .map(|q| q.content.as_str(text))
            .collect()
    }

    #[test]
    fn mark_styles() {
        let cases: &[(&str, &[&str])] = &[
            ("“We will win,” she said.", &["We will win,"]),
            ("\"We will win,\" she said.", &["We will win,"]),
            ("''We will win,'' she said.", &["We will win,"]),
            ("She said: “No.” Then: “Yes.”", &["No.", "Yes."]),
        ];
        for (text, want) in cases {
            assert_eq!(contents(text), *want, "{text:?}");
        }
    }

    #[test]
    fn unclosed_quote_stops_at_paragraph_end() {
        assert_eq!(
            contents("“Open and never closed\nNext paragraph."),
            ["Open and never closed"]
        );
    }
}
