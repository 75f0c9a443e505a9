//! The reporting-cue matcher: one Aho-Corasick automaton over the cue lexicon.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use crate::span::Span;

/// A cue found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cue {
    /// Where the cue stands, as written.
    pub span: Span,
    /// Index of the lexicon entry that matched.
    pub entry: usize,
    pub class: CueClass,
}

/// How a cue relates to its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueClass {
    /// A reporting verb: the source is its subject ("Smith said", "said Smith").
    Verb,
    /// The source follows: "according to Smith", "in the words of Smith".
    According,
    /// An adjunct with no source of its own: "in a statement".
    Adjunct,
}

fn class_of(entry: &str) -> CueClass {
    let e = entry.to_ascii_lowercase();
    if e.starts_with("according to")
        || e.starts_with("in the words of")
        || e.starts_with("as quoted by")
        || e.starts_with("quoted by")
    {
        CueClass::According
    } else if e.starts_with("in ") {
        CueClass::Adjunct
    } else {
        CueClass::Verb
    }
}

/// Finds reporting cues ("said", "told", "according to") on whole words,
/// ignoring ASCII case. Built once; `Send + Sync`, shared by all threads.
///
/// ```
/// use saidby::{Lexicon, cues::CueMatcher};
/// let m = CueMatcher::new(&Lexicon::parse("said\naccording to")).unwrap();
/// let text = "Smith SAID it, according to Reuters; the essays said nothing.";
/// let found: Vec<&str> = m.find_all(text).iter().map(|c| c.span.as_str(text)).collect();
/// assert_eq!(found, ["SAID", "according to", "said"]);
/// ```
#[derive(Debug)]
pub struct CueMatcher {
    automaton: AhoCorasick,
    entries: Vec<String>,
    classes: Vec<CueClass>,
}

impl CueMatcher {
    pub fn new(lexicon: &Lexicon) -> Result<CueMatcher> {
        let entries = lexicon.entries().to_vec();
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // A full DFA: built once, it scans several times faster than the NFA.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&entries)
            .map_err(|e| Error::Build {
                what: "cue",
                reason: e.to_string(),
            })?;
        let classes = entries.iter().map(|e| class_of(e)).collect();
        Ok(CueMatcher {
            automaton,
            entries,
            classes,
        })
    }

    /// The lexicon entry a cue matched.
    pub fn entry(&self, cue: &Cue) -> &str {
        &self.entries[cue.entry]
    }

    /// Every cue in `text`, in text order, on word boundaries.
    pub fn find_all(&self, text: &str) -> Vec<Cue> {
        self.automaton
            .find_iter(text)
            .filter(|m| {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                // "so-called", "self-described": a compound's part is a modifier.
                !before.is_some_and(|c| is_word_char(c) || c == '-')
                    && !after.is_some_and(is_word_char)
                    && !capitalized_mid_sentence(text, m.start())
                    && !after_determiner(text, m.start())
            })
            .map(|m| Cue {
                span: Span::new(m.start(), m.end()),
                entry: m.pattern().as_usize(),
                class: self.classes[m.pattern().as_usize()],
            })
            .collect()
    }
}

/// "the United States", "Notes from Underground": a capitalized word inside a
/// sentence is a name, not a verb. All-caps text (transcripts) keeps its cues.
fn capitalized_mid_sentence(text: &str, at: usize) -> bool {
    let mut word = text[at..].chars();
    if !word.next().is_some_and(char::is_uppercase) || word.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let prev = text[..at]
        .trim_end_matches([' ', '\u{a0}'])
        .chars()
        .next_back();
    prev.is_some_and(|c| c.is_alphanumeric() || c == ',')
}

/// "the notes", "her warning", "a claim": after a determiner the word is a
/// noun, and no cue.
fn after_determiner(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\u{a0}']);
    if before.len() == at {
        return false;
    }
    // Every byte after the last non-letter is an ASCII letter: a char boundary.
    let start = before
        .bytes()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    let word = &before[start..];
    // "García said": a word that goes on in non-ASCII letters is no "a".
    let glued = before[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic);
    !glued
        && word.len() <= 5
        && matches!(
            word.to_ascii_lowercase().as_str(),
            "the"
                | "a"
                | "an"
                | "his"
                | "her"
                | "their"
                | "its"
                | "our"
                | "my"
                | "your"
                | "these"
                | "those"
                | "this"
                | "every"
                | "each"
                | "no"
        )
}

/// Whether `c` continues a word: "said" inside "unsaid" or "saidé" is no cue.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(lexicon: &str, text: &str) -> Vec<String> {
        let m = CueMatcher::new(&Lexicon::parse(lexicon)).unwrap();
        m.find_all(text)
            .iter()
            .map(|c| c.span.as_str(text).to_string())
            .collect()
    }

    #[test]
    fn a_word_after_a_determiner_is_a_noun_not_a_cue() {
        // (text, the cues in it)
        let cases: [(&str, &[&str]); 7] = [
            ("“We will win,” Conway notes.", &["notes"]),
            ("The notes said nothing of it.", &["said"]),
            ("Her warning came late, she said.", &["said"]),
            ("“Stop,” he warned: “a claim is no proof.”", &["warned"]),
            // A multibyte mark right before the cue is no determiner.
            ("“Yes”notes the file.", &["notes"]),
            ("“Pay attention,” Eskelsen García said.", &["said"]),
            ("They backed the so-called “reform,” he said.", &["said"]),
        ];
        for (text, want) in cases {
            assert_eq!(
                cues("notes\nsaid\nwarning\nwarned\nclaim\ncalled", text),
                want,
                "{text}"
            );
        }
    }
}
