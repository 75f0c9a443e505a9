//! Entity mentions without a statistical model: capitalized sequences with
//! name particles, titles, an organization-suffix lexicon, acronyms, and a
//! gazetteer of well-known organizations, news agencies and places.
//!
//! One pass over the words of the text; every lexicon lookup is a hash probe,
//! so the cost is linear in the text.

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};

use crate::error::{Error, Result};
use crate::lexicon::Lexicons;
use crate::span::Span;

/// What a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionKind {
    Person,
    Organization,
    /// Countries, states, cities: never the antecedent of "he" or "she".
    Place,
}

/// The grammatical gender a person mention is known to have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Gender {
    #[default]
    Unknown,
    Male,
    Female,
}

/// A name found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The name itself, titles excluded ("Ben Carson").
    pub span: Span,
    /// The name with the titles before it ("Dr. Ben Carson").
    pub phrase: Span,
    pub kind: MentionKind,
    /// From an honorific ("Mrs.") or a first-name list.
    pub gender: Gender,
}

/// Recognizes names and organizations; built once from the lexicons.
#[derive(Debug)]
pub struct EntityRecognizer {
    gazetteer: AhoCorasick,
    /// Kind of each gazetteer pattern, by pattern index.
    gazetteer_kinds: Vec<MentionKind>,
    /// Every gazetteer entry starts with an ASCII capital (the embedded lists
    /// do): a match can only start at one, so the automaton runs anchored
    /// from capitals alone instead of over every byte.
    gazetteer_capitalized: bool,
    org_suffixes: WordSet,
    titles: WordSet,
    not_names: WordSet,
    female: WordSet,
    male: WordSet,
    places: WordSet,
    /// One-word reporting cues, lower-case.
    cue_words: WordSet,
}

/// Lower-case words that may sit inside a name: "Charles de Gaulle", "Osama bin Laden".
const PARTICLES: [&str; 14] = [
    "de", "van", "von", "der", "den", "bin", "ibn", "al", "da", "del", "di", "la", "le", "du",
];

/// FNV-1a: lexicon probes hash short words millions of times per second, where
/// SipHash's resistance to collisions buys nothing (the keys are our own lists).
#[derive(Clone, Copy, Debug)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A map hashed with [`Fnv`].
pub type FnvMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// A set of words hashed with [`Fnv`].
pub type WordSet = HashSet<String, std::hash::BuildHasherDefault<Fnv>>;

fn set(entries: &[String]) -> WordSet {
    entries.iter().cloned().collect()
}

impl EntityRecognizer {
    pub fn new(lexicons: &Lexicons) -> Result<EntityRecognizer> {
        let mut patterns: Vec<&str> = Vec::new();
        let mut gazetteer_kinds = Vec::new();
        for (lex, kind) in [
            (&lexicons.organizations, MentionKind::Organization),
            (&lexicons.places, MentionKind::Place),
        ] {
            for e in lex.entries() {
                patterns.push(e);
                gazetteer_kinds.push(kind);
            }
        }
        let gazetteer = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            // A full DFA: built once, it scans several times faster than the NFA.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            // Anchored searches at capitals (below); unanchored for lexicons
            // that do not allow them.
            .start_kind(StartKind::Both)
            .build(&patterns)
            .map_err(|e| Error::Build {
                what: "organization gazetteer",
                reason: e.to_string(),
            })?;
        let gazetteer_capitalized = patterns
            .iter()
            .all(|p| p.as_bytes().first().is_some_and(u8::is_ascii_uppercase));
        Ok(EntityRecognizer {
            gazetteer,
            gazetteer_capitalized,
            gazetteer_kinds,
            org_suffixes: set(lexicons.org_suffixes.entries()),
            titles: set(lexicons.titles.entries()),
            not_names: set(lexicons.not_names.entries()),
            female: set(lexicons.female_names.entries()),
            male: set(lexicons.male_names.entries()),
            places: set(lexicons.places.entries()),
            cue_words: lexicons
                .cues
                .entries()
                .iter()
                .filter(|e| !e.contains(' '))
                .map(|e| e.to_ascii_lowercase())
                .collect(),
        })
    }

    /// Whether `word` is a title or honorific ("Mr.", "Sen.").
    pub fn is_title(&self, word: &str) -> bool {
        self.titles.contains(word)
    }

    /// Every mention in `within`, in text order, never overlapping.
    pub fn mentions(&self, text: &str, within: Span) -> Vec<Mention> {
        let gaz = self.gazetteer_matches(text, within);
        let mut out = Vec::with_capacity(gaz.len() + 16);
        let mut next_gaz = 0;
        let mut run = Run::default();
        let mut words = WordIter::new(text, within);
        while let Some(w) = words.next() {
            // Gazetteer matches win over capitalized runs: flush around them.
            while next_gaz < gaz.len() && gaz[next_gaz].0.end <= w.start {
                next_gaz += 1;
            }
            // "Chuck Jordan", "Chief Jordan": a one-word place right after a
            // first name or a title is a surname.
            let surname = |g: Span, kind: MentionKind| {
                kind == MentionKind::Place
                    && g == w
                    && !run.possessive
                    && run.phrase_start.is_some()
                    && run
                        .last
                        .is_some_and(|l: Span| matches!(&text[l.end..w.start], " " | "\u{a0}"))
                    && run
                        .last_word
                        .is_none_or(|l| l == run.first_word.unwrap_or(l))
            };
            if let Some(&(g, kind)) = gaz.get(next_gaz)
                && g.start < w.end
                && !surname(g, kind)
            {
                self.flush(text, &mut run, &mut out);
                out.push(Mention {
                    span: g,
                    phrase: g,
                    kind,
                    gender: Gender::Unknown,
                });
                next_gaz += 1;
                words.skip_to(g.end);
                continue;
            }
            let word = w.as_str(text);
            let joined = run.last.is_some_and(|l: Span| {
                matches!(&text[l.end..w.start], " " | "\u{a0}") && !run.possessive
            });
            if !joined {
                self.flush(text, &mut run, &mut out);
            }
            // Most words are lower-case and no name: settle them without a hash probe.
            let may_name = word.starts_with(|c: char| c.is_uppercase())
                || word.starts_with("al-")
                || run.name_start.is_some() && PARTICLES.contains(&word);
            if !may_name {
                self.flush(text, &mut run, &mut out);
                continue;
            }
            let (mut bare, possessive) = strip_possessive(word);
            // "Paul D. Ryan." ends a sentence; "Sen." and "D." keep their periods.
            if let Some(stem) = bare.strip_suffix('.')
                && stem.chars().count() > 1
                && !stem.contains('.')
                && !self.titles.contains(bare)
                && !self.org_suffixes.contains(bare)
            {
                bare = stem;
            }
            let is_cap = starts_upper(bare) || bare.starts_with("al-");
            // Inside a name, only an unmistakable title starts it afresh:
            // "Peter T. King" keeps its King, "Republican Sen. Ted Cruz" drops
            // what came before "Sen.".
            let restarts = run.name_start.is_none()
                || bare.ends_with('.')
                || matches!(
                    bare,
                    "President"
                        | "Senator"
                        | "Governor"
                        | "Representative"
                        | "Secretary"
                        | "Minister"
                        | "Chancellor"
                        | "Premier"
                        | "Mayor"
                        | "Ambassador"
                        | "Congressman"
                        | "Congresswoman"
                );
            // "Mr. Prince", "Mr. King": after an honorific, a title word is the name.
            let named_by_honorific = run.after_honorific && !bare.ends_with('.');
            if self.titles.contains(bare) && !possessive && restarts && !named_by_honorific {
                // "Republican Sen. Ted Cruz": what came before the title only
                // modifies the name.
                run.name_start = None;
                run.first_word = None;
                run.last_word = None;
                run.words = 0;
                run.phrase_start.get_or_insert(w.start);
                run.title_gender = run.title_gender.or(title_gender(bare));
                run.after_honorific = is_honorific(bare);
                run.last = Some(w);
                continue;
            }
            let particle = PARTICLES.contains(&bare) && run.name_start.is_some();
            // "Kremlin-backed", "Obama-era" modify; "Park Geun-hye", "Kim
            // Jong-un" continue a name with a Korean given name.
            let korean_given = run.name_start.is_some()
                && bare
                    .split_once('-')
                    .is_some_and(|(a, b)| a.len() <= 4 && (2..=3).contains(&b.len()));
            let hyphen_modifier = bare
                .split_once('-')
                .is_some_and(|(_, b)| b.chars().next().is_some_and(char::is_lowercase))
                && !bare.starts_with("al-")
                && !korean_given;
            // "Said Ellis: “Q”", "Continued Stone:": a sentence that opens with
            // its cue puts the verb in capitals; the name is what follows.
            let opening_cue = run.name_start.is_none()
                && is_cap
                && text[..w.start]
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | '”' | '"'))
                && self.is_cue_word(bare);
            if opening_cue {
                self.flush(text, &mut run, &mut out);
                continue;
            }
            if (is_cap && !hyphen_modifier && !self.not_names.contains(bare)) || particle {
                if run.name_start.is_none() {
                    run.phrase_start.get_or_insert(w.start);
                    run.name_start = Some(w.start);
                    run.first_word = Some(Span::new(w.start, w.start + bare.len()));
                }
                run.after_honorific = false;
                run.last = Some(Span::new(w.start, w.start + bare.len()));
                run.last_word = Some(Span::new(w.start, w.start + bare.len()));
                // A period that ends the sentence ends the name too.
                run.possessive = possessive || bare.len() < word.len();
                run.words += 1;
                if possessive {
                    self.flush(text, &mut run, &mut out);
                }
            } else {
                self.flush(text, &mut run, &mut out);
            }
        }
        self.flush(text, &mut run, &mut out);
        surnames_that_look_like_places(text, &mut out);
        out
    }

    fn gazetteer_matches(&self, text: &str, within: Span) -> Vec<(Span, MentionKind)> {
        let hay = within.as_str(text);
        let raw: Vec<aho_corasick::Match> = if self.gazetteer_capitalized {
            // The same matches as `find_iter`: the leftmost start is the first
            // capital where an anchored search succeeds, and after any match,
            // kept or not, the search goes on from its end.
            let bytes = hay.as_bytes();
            let mut raw = Vec::new();
            let mut at = 0;
            while let Some(k) = bytes[at..].iter().position(u8::is_ascii_uppercase) {
                let start = at + k;
                let input = Input::new(hay)
                    .span(start..hay.len())
                    .anchored(Anchored::Yes);
                match self.gazetteer.try_find(input) {
                    Ok(Some(m)) => {
                        raw.push(m);
                        at = m.end();
                    }
                    _ => at = start + 1,
                }
            }
            raw
        } else {
            self.gazetteer.find_iter(hay).collect()
        };
        raw.into_iter()
            .filter(|m| {
                let before = hay[..m.start()].chars().next_back();
                let mut after = hay[m.end()..].chars();
                let a = after.next();
                // "Kremlin-backed" is a modifier, "Reuters’" still the agency.
                !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
                    && !a.is_some_and(|c| {
                        c.is_alphanumeric()
                            || (c == '-' && after.next().is_some_and(char::is_alphabetic))
                    })
            })
            .map(|m| {
                (
                    Span::new(within.start + m.start(), within.start + m.end()),
                    self.gazetteer_kinds[m.pattern().as_usize()],
                )
            })
            .collect()
    }

    fn flush(&self, text: &str, run: &mut Run, out: &mut Vec<Mention>) {
        if run.phrase_start.is_none() {
            return; // nothing started: the common case, kept cheap
        }
        let r = std::mem::take(run);
        let (Some(name_start), Some(last)) = (r.name_start, r.last_word) else {
            // "King says": a lone title word names its bearer.
            if let (Some(start), Some(last)) = (r.phrase_start, r.last)
                && start == last.start
                && !text[start..last.end].ends_with('.')
            {
                let span = Span::new(start, last.end);
                out.push(Mention {
                    span,
                    phrase: span,
                    kind: MentionKind::Person,
                    gender: r.title_gender.unwrap_or_default(),
                });
            }
            return;
        };
        let mut end = last.end;
        // A trailing particle is no part of the name ("... said de").
        let mut s = &text[name_start..end];
        while let Some((head, tail)) = s.rsplit_once(' ') {
            if PARTICLES.contains(&tail) {
                s = head;
                end = name_start + head.len();
            } else {
                break;
            }
        }
        if PARTICLES.contains(&s) {
            return;
        }
        let span = Span::new(name_start, end);
        let name = span.as_str(text);
        // "Appearing before supporters, ...": a sentence's first word, not a name.
        let sentence_initial = text[..name_start]
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n'));
        if r.words == 1
            && sentence_initial
            && r.phrase_start == Some(name_start)
            && (name.ends_with("ing") || name.ends_with("ly"))
            && !self.is_first_name(name)
            && !self.cue_follows(text, end)
        {
            return;
        }
        let last_word = name.rsplit([' ', '\u{a0}']).next().unwrap_or(name);
        let first_word = r.first_word.map_or(name, |f| f.as_str(text));
        let acronym = r.words == 1
            && name.len() <= 6
            && name.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && name
                .chars()
                .all(|c| c.is_uppercase() || c == '.' || c == '&');
        let kind = if self.org_suffixes.contains(last_word) || acronym {
            MentionKind::Organization
        } else if self.places.contains(name)
            && r.title_gender.is_none()
            && r.phrase_start == Some(name_start)
        {
            MentionKind::Place
        } else {
            MentionKind::Person
        };
        let gender = match (r.title_gender, kind) {
            (Some(g), _) => g,
            (None, MentionKind::Person) if r.words > 1 || self.is_first_name(first_word) => {
                if self.female.contains(first_word) {
                    Gender::Female
                } else if self.male.contains(first_word) {
                    Gender::Male
                } else {
                    Gender::Unknown
                }
            }
            _ => Gender::Unknown,
        };
        out.push(Mention {
            span,
            phrase: Span::new(r.phrase_start.unwrap_or(name_start), end),
            kind,
            gender,
        });
    }

    /// "Schilling told WEEI": a reporting verb right after the word makes
    /// it a name, whatever its ending.
    fn cue_follows(&self, text: &str, at: usize) -> bool {
        let rest = text[at..].trim_start_matches([' ', '\u{a0}']);
        let word = &rest[..rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len())];
        !word.is_empty() && self.is_cue_word(word)
    }

    /// Whether `word`, lower-cased, is a one-word cue; without allocating.
    fn is_cue_word(&self, word: &str) -> bool {
        let mut buf = [0u8; 16];
        let Some(dst) = buf.get_mut(..word.len()) else {
            return false;
        };
        if !word.is_ascii() {
            return false;
        }
        dst.copy_from_slice(word.as_bytes());
        dst.make_ascii_lowercase();
        std::str::from_utf8(dst).is_ok_and(|w| self.cue_words.contains(w))
    }

    fn is_first_name(&self, w: &str) -> bool {
        self.female.contains(w) || self.male.contains(w)
    }
}

/// "Rep. Jim Jordan ... Jordan said": a one-word place that is the last
/// word of a person named in the article is that person. One set of last
/// words, built only when the article has both kinds.
fn surnames_that_look_like_places(text: &str, out: &mut [Mention]) {
    let one_word_place =
        |m: &Mention| m.kind == MentionKind::Place && !m.span.as_str(text).contains(' ');
    if !out.iter().any(one_word_place) {
        return;
    }
    let surnames: FnvMap<&str, ()> = out
        .iter()
        .filter(|m| m.kind == MentionKind::Person)
        .filter_map(|m| {
            let (_, last) = m.span.as_str(text).rsplit_once(' ')?;
            Some((last, ()))
        })
        .collect();
    for m in out.iter_mut() {
        if one_word_place(m) && surnames.contains_key(m.span.as_str(text)) {
            m.kind = MentionKind::Person;
        }
    }
}

#[derive(Default)]
struct Run {
    phrase_start: Option<usize>,
    name_start: Option<usize>,
    first_word: Option<Span>,
    last_word: Option<Span>,
    /// The last word taken, title or name: the next must follow it by one space.
    last: Option<Span>,
    title_gender: Option<Gender>,
    possessive: bool,
    words: usize,
    /// The last word taken was "Mr.", "Mrs.", "Ms." or "Dr.".
    after_honorific: bool,
}

fn is_honorific(title: &str) -> bool {
    matches!(title, "Mr." | "Mrs." | "Ms." | "Dr." | "Mr" | "Mrs" | "Ms")
}

fn title_gender(title: &str) -> Option<Gender> {
    match title {
        "Mr." | "Mr" | "Sir" | "King" | "Prince" | "Lord" | "Father" | "Brother"
        | "Congressman" | "Chairman" | "Pope" | "Rabbi" => Some(Gender::Male),
        "Mrs." | "Mrs" | "Ms." | "Ms" | "Miss" | "Queen" | "Princess" | "Lady" | "Dame"
        | "Sister" | "Congresswoman" | "Chairwoman" => Some(Gender::Female),
        _ => None,
    }
}

/// "Amnesty’s" -> ("Amnesty", true).
fn strip_possessive(word: &str) -> (&str, bool) {
    for suffix in ["’s", "'s", "’", "'"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return (stem, true);
        }
    }
    (word, false)
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Words: runs of letters, digits, `.`, `'`, `’` and `-`; a trailing period
/// is kept only on short words (titles, initials), a sentence's is not.
struct WordIter<'t> {
    text: &'t str,
    pos: usize,
    end: usize,
}

impl<'t> WordIter<'t> {
    fn new(text: &'t str, within: Span) -> WordIter<'t> {
        WordIter {
            text,
            pos: within.start,
            end: within.end,
        }
    }

    fn skip_to(&mut self, at: usize) {
        self.pos = self.pos.max(at);
    }
}

impl Iterator for WordIter<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        // Bytes, not chars: almost all text is ASCII, and decoding every
        // char was the recognizer's largest cost.
        let bytes = self.text.as_bytes();
        let mut i = self.pos;
        while i < self.end {
            let b = bytes[i];
            let class = BYTE_CLASS[usize::from(b)];
            if class & ALNUM != 0 {
                break;
            }
            if class & NON_ASCII == 0 {
                i += 1;
            } else {
                let c = self.text[i..].chars().next()?;
                if c.is_alphanumeric() {
                    break;
                }
                i += c.len_utf8();
            }
        }
        if i >= self.end {
            self.pos = self.end;
            return None;
        }
        let start = i;
        while i < self.end {
            let class = BYTE_CLASS[usize::from(bytes[i])];
            if class & BODY != 0 {
                i += 1;
                continue;
            }
            if class & NON_ASCII == 0 {
                break;
            }
            let c = self.text[i..].chars().next()?;
            if !is_word_char(c) {
                break;
            }
            i += c.len_utf8();
        }
        let mut end = i;
        self.pos = end;
        let word = &self.text[start..end];
        // Closing apostrophes or quotes glued to the word are not part of it.
        let trimmed = word.trim_end_matches(['\'', '-']);
        end = start + trimmed.len();
        if let Some(stem) = trimmed.strip_suffix('.') {
            let dotted = stem.contains('.');
            if stem.len() > 4 && !dotted {
                end -= 1;
            }
        }
        Some(Span::new(start, end))
    }
}

/// [`BYTE_CLASS`] bits: a table lookup per byte is the word scan's inner loop.
const ALNUM: u8 = 1;
/// ASCII letters, digits, `.`, `'`, `-`: bytes that continue a word.
const BODY: u8 = 2;
/// A byte of a multi-byte char: decode it and ask the char.
const NON_ASCII: u8 = 4;

static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_alphanumeric() {
            ALNUM | BODY
        } else if matches!(c, b'.' | b'\'' | b'-') {
            BODY
        } else {
            0
        };
        b += 1;
    }
    t
};

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    type Found<'t> = (&'t str, &'t str, MentionKind, Gender);

    fn found(text: &str) -> Vec<Found<'_>> {
        let r = EntityRecognizer::new(&Lexicons::default()).unwrap();
        r.mentions(text, Span::new(0, text.len()))
            .into_iter()
            .map(|m| (m.phrase.as_str(text), m.span.as_str(text), m.kind, m.gender))
            .collect()
    }

    #[test]
    fn names_titles_particles_and_organizations() {
        use Gender::*;
        use MentionKind::*;
        let cases: &[(&str, &[Found<'_>])] = &[
            (
                "GOP presidential candidate Dr. Ben Carson said",
                &[
                    ("GOP", "GOP", Organization, Unknown),
                    ("Dr. Ben Carson", "Ben Carson", Person, Male),
                ],
            ),
            (
                "The report by Amnesty International reached Mrs. Clinton.",
                &[
                    (
                        "Amnesty International",
                        "Amnesty International",
                        Organization,
                        Unknown,
                    ),
                    ("Mrs. Clinton", "Clinton", Person, Female),
                ],
            ),
            (
                "Charles de Gaulle met Osama bin Laden in Chechnya.",
                &[
                    ("Charles de Gaulle", "Charles de Gaulle", Person, Male),
                    ("Osama bin Laden", "Osama bin Laden", Person, Male),
                    ("Chechnya", "Chechnya", Place, Unknown),
                ],
            ),
            (
                "the Kremlin-backed strongman Ramzan Kadyrov",
                &[("Ramzan Kadyrov", "Ramzan Kadyrov", Person, Male)],
            ),
            (
                "Acme Widget Corp. and the HRW said",
                &[
                    (
                        "Acme Widget Corp.",
                        "Acme Widget Corp.",
                        Organization,
                        Unknown,
                    ),
                    ("HRW", "HRW", Organization, Unknown),
                ],
            ),
            (
                "Amnesty’s Marie Struthers spoke.",
                &[
                    ("Amnesty", "Amnesty", Organization, Unknown),
                    ("Marie Struthers", "Marie Struthers", Person, Female),
                ],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(found(text), *want, "{text:?}");
        }
    }
}
