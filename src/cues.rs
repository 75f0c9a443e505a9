//! The reporting-cue matcher: one Aho-Corasick automaton over the cue lexicon.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, Match, MatchKind};

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
    /// A full DFA: built once, it scans several times faster than the NFA.
    automaton: DFA,
    /// Where every search starts.
    start: StateID,
    entries: Vec<String>,
    classes: Vec<CueClass>,
}

impl CueMatcher {
    pub fn new(lexicon: &Lexicon) -> Result<CueMatcher> {
        let entries = lexicon.entries().to_vec();
        let build_error = |reason: String| Error::Build {
            what: "cue",
            reason,
        };
        if entries.iter().any(String::is_empty) {
            // An empty cue would match everywhere; the walk below assumes none.
            return Err(build_error("empty cue".to_string()));
        }
        let automaton = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&entries)
            .map_err(|e| build_error(e.to_string()))?;
        let start = automaton
            .start_state(Anchored::No)
            .map_err(|e| build_error(e.to_string()))?;
        let classes = entries.iter().map(|e| class_of(e)).collect();
        Ok(CueMatcher {
            automaton,
            start,
            entries,
            classes,
        })
    }

    /// The lexicon entry a cue matched.
    pub fn entry(&self, cue: &Cue) -> &str {
        &self.entries[cue.entry]
    }

    /// Every cue in `text`, in text order, on word boundaries.
    ///
    /// A match that fails the word tests is passed over one char at a time,
    /// not whole: in "The disappoint outlined it." the raw match "point out"
    /// lies across two words, and looking again only after it would miss
    /// "outlined". Each such restart walks again at most one match's length,
    /// so the search stays linear.
    pub fn find_all(&self, text: &str) -> Vec<Cue> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(m) = self.find_at(bytes, at) {
            if !self.is_cue(text, &m) {
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            out.push(Cue {
                span: Span::new(m.start(), m.end()),
                entry: m.pattern().as_usize(),
                class: self.classes[m.pattern().as_usize()],
            });
            at = m.end();
        }
        out
    }

    /// Whether a raw match stands as a cue: whole words, no name, no noun.
    fn is_cue(&self, text: &str, m: &Match) -> bool {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        // "so-called", "self-described": a compound's part is a modifier.
        !before.is_some_and(|c| is_word_char(c) || c == '-')
            && !after.is_some_and(is_word_char)
            && !capitalized_mid_sentence(text, m.start())
            && !after_determiner(text, m.start())
    }

    /// The automaton's leftmost-longest matches, as its `find_iter` reports
    /// them: each search goes on from the end of the match before.
    #[cfg(test)]
    fn find_iter(&self, text: &str) -> Vec<Match> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(m) = self.find_at(bytes, at) {
            out.push(m);
            at = m.end();
        }
        out
    }

    /// The leftmost-longest match that starts at `at` or later.
    ///
    /// The same walk as the crate's own search (`try_find_fwd`), kept tight:
    /// that one also serves prefilters, anchored and earliest searches, and
    /// cost twice as many instructions a byte, where every byte of every
    /// article is walked. A start state is special only for a prefilter,
    /// which can only skip bytes that begin no match: walking them instead
    /// finds the same ones.
    fn find_at(&self, bytes: &[u8], at: usize) -> Option<Match> {
        let dfa = &self.automaton;
        if at >= bytes.len() {
            return None;
        }
        let mut sid = self.start;
        let mut found = None;
        let mut i = at;
        loop {
            let (next, k) = self.walk(&bytes[i..], sid);
            sid = next;
            i += k;
            if i == bytes.len() || dfa.is_dead(sid) {
                break;
            }
            // `walk` stopped on the special state entered at byte `i`.
            if dfa.is_match(sid) {
                let pattern = dfa.match_pattern(sid, 0);
                let end = i + 1;
                found = Some(Match::new(pattern, end - dfa.pattern_len(pattern)..end));
            }
            i += 1;
        }
        found
    }

    /// Walks `hay` from `sid` to the first special state (dead, match, or a
    /// start state kept for a prefilter): that state and the offset of the
    /// byte that entered it, or the last state and `hay.len()`.
    #[inline(always)]
    fn walk(&self, hay: &[u8], mut sid: StateID) -> (StateID, usize) {
        let dfa = &self.automaton;
        // Four bytes a step: special states are rare (a match, and the dead
        // state after it, every couple of hundred bytes of news), and the
        // loop's own bookkeeping was a third of the walk.
        let mut chunks = hay.chunks_exact(4);
        let mut base = 0;
        for chunk in &mut chunks {
            for (k, &b) in chunk.iter().enumerate() {
                sid = dfa.next_state(Anchored::No, sid, b);
                if dfa.is_special(sid) {
                    return (sid, base + k);
                }
            }
            base += 4;
        }
        for (k, &b) in chunks.remainder().iter().enumerate() {
            sid = dfa.next_state(Anchored::No, sid, b);
            if dfa.is_special(sid) {
                return (sid, base + k);
            }
        }
        (sid, hay.len())
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
    use crate::lexicon::Lexicons;
    use aho_corasick::{AhoCorasick, AhoCorasickBuilder};

    /// The crate's own search, as the matcher ran it before walking the
    /// automaton itself.
    fn reference(entries: &[String]) -> AhoCorasick {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(entries)
            .unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(3000))]

        #[test]
        fn the_walk_finds_what_find_iter_finds(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "said", "SAID", "Said", "sa", "id", "told", "told reporters", "according",
                " to", "according to", "point out", "point", "out", "lines", "ap", "in a ",
                "statement", "said in a statement", "e-mail", "said in an e-mail", " ", ", ",
                ".", "\n", "“", "”", "é", "un", "s", "x", "added", "add", "warned", "_",
            ][..]), 0..30)
        ) {
            let text = parts.concat();
            // Built once: a DFA of the whole lexicon per case made the test slow.
            static BUILT: std::sync::OnceLock<(CueMatcher, AhoCorasick)> = std::sync::OnceLock::new();
            let (m, r) = BUILT.get_or_init(|| {
                let cues = Lexicons::default().cues;
                (CueMatcher::new(&cues).unwrap(), reference(cues.entries()))
            });
            let want: Vec<Match> = r.find_iter(&text).collect();
            proptest::prop_assert_eq!(m.find_iter(&text), want, "{:?}", text);
        }
    }

    #[test]
    fn the_walk_finds_what_find_iter_finds_on_small_lexicons() {
        let lexicons = [
            "a\nab\nabc\nb\nbc",
            "said\nsaid in a statement\nin a\nstatement",
            "x",
            "abcd\nbc\nc",
        ];
        let texts = [
            "",
            "a",
            "abc",
            "abcabcab",
            "xabcdx bc c",
            "said in a statemen",
            "said in a statement in a",
        ];
        for lexicon in lexicons {
            let lexicon = Lexicon::parse(lexicon);
            let m = CueMatcher::new(&lexicon).unwrap();
            let r = reference(lexicon.entries());
            for text in texts {
                let want: Vec<Match> = r.find_iter(text).collect();
                assert_eq!(m.find_iter(text), want, "{lexicon:?} on {text:?}");
            }
        }
    }

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
        let cases: [(&str, &[&str]); 8] = [
            ("“We will win,” Conway notes.", &["notes"]),
            ("The notes said nothing of it.", &["said"]),
            ("Her warning came late, she said.", &["said"]),
            ("“Stop,” he warned: “a claim is no proof.”", &["warned"]),
            // A multibyte mark right before the cue is no determiner.
            ("“Yes”notes the file.", &["notes"]),
            ("“Pay attention,” Eskelsen García said.", &["said"]),
            ("They backed the so-called “reform,” he said.", &["said"]),
            // A raw match across two words hides no cue after it.
            ("The disappoint outlined it.", &["outlined"]),
        ];
        for (text, want) in cases {
            assert_eq!(
                cues(
                    "notes\nsaid\nwarning\nwarned\nclaim\ncalled\npoint out\noutlined",
                    text
                ),
                want,
                "{text}"
            );
        }
    }
}
