//! Entity mentions without a statistical model: capitalized sequences,
//! titles, organization suffixes and a gazetteer.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::error::{Error, Result};
use crate::lexicon::Lexicons;
use crate::span::Span;

/// What a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionKind {
    Person,
    Organization,
}

/// A name found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The name itself, titles excluded.
    pub span: Span,
    pub kind: MentionKind,
}

/// Recognizes names and organizations; built once from the lexicons.
#[derive(Debug)]
pub struct EntityRecognizer {
    gazetteer: AhoCorasick,
    org_suffixes: Vec<String>,
    titles: Vec<String>,
}

impl EntityRecognizer {
    pub fn new(lexicons: &Lexicons) -> Result<EntityRecognizer> {
        let gazetteer = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(lexicons.organizations.entries())
            .map_err(|e| Error::Build {
                what: "organization gazetteer",
                reason: e.to_string(),
            })?;
        Ok(EntityRecognizer {
            gazetteer,
            org_suffixes: lexicons.org_suffixes.entries().to_vec(),
            titles: lexicons.titles.entries().to_vec(),
        })
    }

    /// Whether `word` is a title or honorific ("Mr.", "Sen.").
    pub fn is_title(&self, word: &str) -> bool {
        self.titles.iter().any(|t| t == word)
    }

    /// Every mention in `within`, in text order.
    pub fn mentions(&self, text: &str, within: Span) -> Vec<Mention> {
        let gazetteer: Vec<Mention> = self
            .gazetteer
            .find_iter(within.as_str(text))
            .map(|m| Mention {
                span: Span::new(within.start + m.start(), within.start + m.end()),
                kind: MentionKind::Organization,
            })
            .collect();
        let mut out = gazetteer.clone();
        let mut words = word_spans(text, within).peekable();
        while let Some(first) = words.next() {
            if !starts_upper(first.as_str(text)) || self.is_title(first.as_str(text)) {
                continue;
            }
            let mut last = first;
            while let Some(&next) = words.peek() {
                let between = &text[last.end..next.start];
                if between != " " || !starts_upper(next.as_str(text)) {
                    break;
                }
                last = next;
                words.next();
            }
            let span = Span::new(first.start, last.end);
            // Gazetteer matches are in text order and disjoint: a binary
            // search keeps a million capitalized words linear, where a scan
            // of every mention so far was quadratic.
            let next_org = gazetteer.partition_point(|m| m.span.end <= span.start);
            if gazetteer
                .get(next_org)
                .is_some_and(|m| m.span.overlaps(span))
            {
                continue;
            }
            let last_word = last.as_str(text);
            let kind = if self.org_suffixes.iter().any(|s| s == last_word) {
                MentionKind::Organization
            } else {
                MentionKind::Person
            };
            out.push(Mention { span, kind });
        }
        out.sort_by_key(|m| m.span);
        out
    }
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Words: runs of letters, digits, `.`, `'`, `’` and `-`, trailing periods
/// kept only on short words (titles, initials).
fn word_spans(text: &str, within: Span) -> impl Iterator<Item = Span> + '_ {
    let s = within.as_str(text);
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = &s[pos..];
        let skip = rest.find(is_word_char)?;
        let start = pos + skip;
        let len = s[start..]
            .find(|c: char| !is_word_char(c))
            .unwrap_or(s.len() - start);
        let mut end = start + len;
        // A sentence-final period is not part of the word, an abbreviation's is.
        if s[start..end].ends_with('.') && end - start > 4 {
            end -= 1;
        }
        pos = start + len;
        Some(Span::new(within.start + start, within.start + end))
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-')
}
