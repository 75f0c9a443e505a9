//! Entity mentions without a statistical model: capitalized sequences with
//! name particles, titles, an organization-suffix lexicon, acronyms, and a
//! gazetteer of well-known organizations, news agencies and places.
//!
//! One pass over the words of the text; every lexicon lookup is a hash probe,
//! so the cost is linear in the text.

use std::collections::HashSet;
use std::mem::take;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, Input, Match, MatchKind, StartKind};

use crate::error::{Error, Result};
use crate::lexicon::Lexicons;
use crate::scan::{
    Bits, Case, Entries, HI, LO, Lanes, anchored_walk, ascii_lowercase, find_byte, in_range_bits,
    quad_index, read_u32, read_u64,
};
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
    /// How gazetteer matches are found.
    gazetteer: Gazetteer,
    /// Kind of each gazetteer pattern, by pattern index.
    gazetteer_kinds: Vec<MentionKind>,
    /// Every gazetteer entry starts with an ASCII capital (the embedded lists
    /// do): a match can only start at one, so the automaton runs anchored
    /// from capitals alone instead of over every byte.
    gazetteer_capitalized: bool,
    /// The first bytes of every gazetteer entry: most capitals ("The",
    /// "But", "Mr.") begin no entry, and a bit test or two settles them
    /// where a walk of the automaton costs a cache miss or two.
    gazetteer_prefixes: Prefixes,
    /// Which of the titles, not-names, organization suffixes, places and
    /// first names a word is in, all in one probe.
    lists: Lists,
    /// The not-names that start no run ("The", "He", "But"), to be
    /// passed over by the jumps.
    inert: Inert,
    titles: Words,
    female: Words,
    male: Words,
    /// One-word reporting cues, lower-case.
    cue_words: Words,
    /// Those of one to seven ASCII bytes, by [`short_key`].
    short_cues: ShortWords,
}

/// The gazetteer's reading, by what its lexicon allows.
#[derive(Debug)]
enum Gazetteer {
    /// Every entry starts with a capital (the embedded lists do): the
    /// entries in buckets by their first bytes, the longest found at a
    /// capital without an automaton.
    Buckets(Entries),
    /// Every entry starts with a capital, but some bucket would be too full
    /// (a user's list of many entries alike): a full DFA walked anchored
    /// from the capitals, with its anchored start state.
    WalkAtCapitals(DFA, StateID),
    /// Some entry starts otherwise: the DFA run over every byte.
    Everywhere(DFA),
}

/// The gazetteer's automaton, as `find_iter` or an anchored walk reads it;
/// built only for the lexicons the buckets cannot serve. (For the embedded
/// lists its build was three quarters of the extractor's, 8 ms a run.)
fn gazetteer_dfa(patterns: &[&str]) -> std::result::Result<DFA, aho_corasick::BuildError> {
    DFA::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Both)
        .build(patterns)
}

/// The gazetteer's entries, organizations then places, and the kind of each.
fn gazetteer_patterns(lexicons: &Lexicons) -> (Vec<&str>, Vec<MentionKind>) {
    let mut patterns: Vec<&str> = Vec::new();
    let mut kinds = Vec::new();
    for (lex, kind) in [
        (&lexicons.organizations, MentionKind::Organization),
        (&lexicons.places, MentionKind::Place),
    ] {
        for e in lex.entries() {
            patterns.push(e);
            kinds.push(kind);
        }
    }
    (patterns, kinds)
}

/// Whether the gazetteer keeps its match `hay[start..end]`: no letter,
/// digit or hyphen before it, and no letter or digit after it, nor a
/// hyphen and a letter ("Kremlin-backed" is a modifier, "Reuters’" still
/// the agency). Read on the bytes where they are ASCII, as the chars
/// would be.
fn gazetteer_keeps(hay: &str, start: usize, end: usize) -> bool {
    let bytes = hay.as_bytes();
    let before = match start.checked_sub(1).and_then(|i| bytes.get(i)) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric() || b == b'-',
        Some(_) => hay[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '-'),
    };
    let mut after = hay[end..].chars();
    let glued = match bytes.get(end) {
        None => false,
        Some(&b) if b < 0x80 => {
            b.is_ascii_alphanumeric()
                || b == b'-'
                    && hay[end + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic)
        }
        Some(_) => after.next().is_some_and(|c| {
            c.is_alphanumeric() || (c == '-' && after.next().is_some_and(char::is_alphabetic))
        }),
    };
    !before && !glued
}

/// The automaton's own `find_iter`.
fn gazetteer_everywhere(dfa: &DFA, hay: &str) -> Vec<Match> {
    dfa.try_find_iter(Input::new(hay))
        .expect("the gazetteer is built for unanchored searches")
        .collect()
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

fn set(entries: &[String]) -> Words {
    Words::new(entries.iter().map(String::as_bytes))
}

/// A word list probed for nearly every capitalized word of the text, most
/// of which are in none: a bit per (first byte, length) settles most of
/// them, and the rest are hashed a word at a time (not a byte at a time,
/// as FNV does) into a small open-addressed table.
#[derive(Debug)]
struct Words {
    /// By first, second and last byte and length, hashed.
    shapes: Box<[u64; 64]>,
    /// `tag << 32 | index + 1` of an entry, 0 for an empty slot; at most
    /// half full, so a probe always meets an empty slot.
    slots: Box<[u64]>,
    entries: Vec<Box<[u8]>>,
}

impl Words {
    fn new<'e>(entries: impl Iterator<Item = &'e [u8]>) -> Words {
        let entries: Vec<&[u8]> = entries.collect();
        let mut words = Words {
            shapes: Box::new([0u64; 64]),
            slots: vec![0; (2 * entries.len()).next_power_of_two().max(16)].into_boxed_slice(),
            entries: Vec::with_capacity(entries.len()),
        };
        for e in entries {
            let (i, bit) = Words::shape(e);
            words.shapes[i] |= bit;
            if words.contains_bytes(e) {
                continue;
            }
            let h = word_hash(e);
            let mask = words.slots.len() - 1;
            let mut j = h as usize & mask;
            while words.slots[j] != 0 {
                j = (j + 1) & mask;
            }
            words.entries.push(e.into());
            words.slots[j] = (h >> 32) << 32 | words.entries.len() as u64;
        }
        words
    }

    /// A bit for the word's first, second and last bytes and its length,
    /// hashed to one of 4096: with a few hundred entries, a bit says "no"
    /// to some 19 words of 20 that are in no list, where the first byte and
    /// the length alone let most capitalized words through to the probe.
    #[inline]
    fn shape(word: &[u8]) -> (usize, u64) {
        Words::shape_by(word, |b| b)
    }

    /// The shape of `word` with `f` applied to each byte, read on the three
    /// bytes it takes.
    #[inline]
    fn shape_by(word: &[u8], f: impl Fn(u8) -> u8) -> (usize, u64) {
        let i = Words::shape_index_by(word, f);
        (i / 64, 1 << (i % 64))
    }

    /// The bit of [`Words::shape`], as one index below 4096.
    #[inline]
    fn shape_index(word: &[u8]) -> usize {
        Words::shape_index_by(word, |b| b)
    }

    #[inline]
    fn shape_index_by(word: &[u8], f: impl Fn(u8) -> u8) -> usize {
        let key = match *word {
            [] => 0,
            [a] => u32::from(f(a)) | 1 << 24,
            [a, b, ..] => {
                let z = f(word[word.len() - 1]);
                u32::from(f(a))
                    | u32::from(f(b)) << 8
                    | u32::from(z) << 16
                    | (word.len() as u32) << 24
            }
        };
        (key.wrapping_mul(0x9e37_79b1) >> 20) as usize
    }

    #[inline]
    fn contains(&self, word: &str) -> bool {
        self.contains_bytes(word.as_bytes())
    }

    /// The bit test first: most words stop at it.
    #[inline]
    fn contains_bytes(&self, word: &[u8]) -> bool {
        let (i, bit) = Words::shape(word);
        self.shapes[i] & bit != 0 && self.probe(word)
    }

    /// Inlined at its few calls: out of line, its register saves and
    /// restores cost a third of a probe.
    #[inline(always)]
    fn probe(&self, word: &[u8]) -> bool {
        self.probe_index(word).is_some()
    }

    /// The index in `entries` of `word`, if it is one.
    #[inline(always)]
    fn probe_index(&self, word: &[u8]) -> Option<usize> {
        let h = word_hash(word);
        let tag = h >> 32;
        let mask = self.slots.len() - 1;
        let mut j = h as usize & mask;
        loop {
            let slot = self.slots[j];
            if slot == 0 {
                return None;
            }
            let k = (slot as u32 as usize).wrapping_sub(1);
            if slot >> 32 == tag && self.entries.get(k).is_some_and(|e| same_bytes(e, word)) {
                return Some(k);
            }
            j = (j + 1) & mask;
        }
    }
}

/// [`Lists`] bits: the lists a word is in.
const TITLE: u8 = 1;
const NOT_NAME: u8 = 2;
const ORG_SUFFIX: u8 = 4;
const PLACE: u8 = 8;
const FEMALE: u8 = 16;
const MALE: u8 = 32;
const ALL: u8 = TITLE | NOT_NAME | ORG_SUFFIX | PLACE | FEMALE | MALE;
/// The lists are known, not only those that may hold the word.
const PROBED: u8 = 0x80;

/// The word lists a name's words are looked up in, as one table: a word
/// of a name was hashed and shaped for the titles, the not-names, the
/// organization suffixes, the places and both first-name lists in turn,
/// where one probe says all of them (and a run keeps what its first and
/// last words said, for its mention).
#[derive(Debug)]
struct Lists {
    /// By [`Words::shape_index`]: the lists with an entry of that shape.
    shapes: Box<[u8; 4096]>,
    words: Words,
    /// The lists of each of `words.entries`, by its index.
    masks: Vec<u8>,
    /// The entries of one to seven bytes by [`short_key`], 0 for an
    /// empty slot, at most half full; and the lists of each, by slot.
    /// Most words probed are that short, and their key is one load from
    /// the text, where the hash, the entry's bytes and their compare
    /// took three times the instructions.
    short_keys: KeySet,
    short_masks: Box<[u8]>,
}

/// A set of nonzero `u64` keys (a short word's bytes, one load from the
/// text), open-addressed: one multiply and, nearly always, one compare a
/// probe. 0 marks an empty slot.
#[derive(Debug)]
struct KeySet {
    slots: Box<[u64]>,
}

impl KeySet {
    /// With `room` slots a key (a power of two): the emptier, the
    /// shorter the probes.
    fn new(keys: impl IntoIterator<Item = u64>, room: usize) -> KeySet {
        let keys: Vec<u64> = keys.into_iter().collect();
        let mut set = KeySet::with_room(keys.len(), room);
        for key in keys {
            set.insert(key);
        }
        set
    }

    /// An empty set for `keys` keys with `room` slots each.
    fn with_room(keys: usize, room: usize) -> KeySet {
        KeySet {
            slots: vec![0; (room * keys).next_power_of_two().max(16)].into_boxed_slice(),
        }
    }

    /// The number of slots: what a table of values by slot is sized to.
    fn slots(&self) -> usize {
        self.slots.len()
    }

    /// Adds `key`; its slot, for a value kept beside the set.
    fn insert(&mut self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut j = Lists::short_slot(key, mask);
        while self.slots[j] != 0 && self.slots[j] != key {
            j = (j + 1) & mask;
        }
        self.slots[j] = key;
        j
    }

    /// The slot of `key`. (0 is found at the first empty slot it meets:
    /// a value table holds nothing there.)
    #[inline(always)]
    fn find(&self, key: u64) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut j = Lists::short_slot(key, mask);
        loop {
            match self.slots.get(j) {
                Some(&k) if k == key => return Some(j),
                Some(&0) | None => return None,
                Some(_) => j = (j + 1) & mask,
            }
        }
    }

    #[inline(always)]
    fn contains(&self, key: u64) -> bool {
        self.find(key).is_some()
    }
}

/// Words of one to seven bytes, by [`short_key`], at most half full.
#[derive(Debug)]
struct ShortWords {
    keys: KeySet,
}

impl ShortWords {
    fn new(words: impl Iterator<Item = impl AsRef<[u8]>>) -> ShortWords {
        let keys = words
            .filter(|w| (1..8).contains(&w.as_ref().len()))
            .map(|w| short_key(w.as_ref().len(), w.as_ref()));
        ShortWords {
            keys: KeySet::new(keys, 2),
        }
    }

    #[inline(always)]
    fn contains(&self, key: u64) -> bool {
        self.keys.contains(key)
    }
}

/// The key of a word of one to seven bytes in [`Lists::short_keys`]: its
/// bytes as a little-endian word, and its length in the top byte. `from`
/// starts with the word, and may go on past it (the rest of the text):
/// eight bytes of it are one load.
#[inline(always)]
fn short_key(len: usize, from: &[u8]) -> u64 {
    debug_assert!((1..8).contains(&len) && from.len() >= len);
    let w = match from.first_chunk::<8>() {
        Some(c) => u64::from_le_bytes(*c),
        None => from
            .iter()
            .take(len)
            .rev()
            .fold(0, |w, &b| w << 8 | u64::from(b)),
    };
    w & ((1u64 << (8 * len)) - 1) | (len as u64) << 56
}

impl Lists {
    fn new(lexicons: &Lexicons) -> Lists {
        let mut shapes = Box::new([0u8; 4096]);
        let mut masks: Vec<u8> = Vec::new();
        let mut index: FnvMap<&[u8], usize> = FnvMap::default();
        let mut order: Vec<&[u8]> = Vec::new();
        for (lex, bit) in [
            (&lexicons.titles, TITLE),
            (&lexicons.not_names, NOT_NAME),
            (&lexicons.org_suffixes, ORG_SUFFIX),
            (&lexicons.places, PLACE),
            (&lexicons.female_names, FEMALE),
            (&lexicons.male_names, MALE),
        ] {
            for e in lex.entries() {
                let e = e.as_bytes();
                shapes[Words::shape_index(e)] |= bit;
                let k = *index.entry(e).or_insert_with(|| {
                    order.push(e);
                    masks.push(0);
                    order.len() - 1
                });
                masks[k] |= bit;
            }
        }
        let shorts = order.iter().filter(|e| (1..8).contains(&e.len())).count();
        let mut short_keys = KeySet::with_room(shorts, 2);
        let mut short_masks = vec![0; short_keys.slots()];
        for (e, &mask) in order.iter().zip(&masks) {
            if (1..8).contains(&e.len()) {
                short_masks[short_keys.insert(short_key(e.len(), e))] = mask;
            }
        }
        // Distinct entries: `Words` keeps them in this order, so an
        // entry's index is its mask's.
        Lists {
            shapes,
            words: Words::new(order.into_iter()),
            masks,
            short_keys,
            short_masks: short_masks.into_boxed_slice(),
        }
    }

    #[inline(always)]
    fn short_slot(key: u64, mask: usize) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & mask
    }

    /// The lists that may hold a word of this [`Words::shape_index`]:
    /// those it is in and maybe others, with no [`PROBED`] bit.
    #[inline(always)]
    fn maybe(&self, shape: usize) -> u8 {
        self.shapes.get(shape).copied().unwrap_or(0)
    }

    /// What the shape of `word` says of it ([`Lists::maybe`]).
    #[inline]
    fn maybe_of(&self, word: &(impl AsRef<[u8]> + ?Sized)) -> u8 {
        self.maybe(Words::shape_index(word.as_ref()))
    }

    /// The lists `word` is in, and [`PROBED`].
    #[cfg(test)]
    fn probe(&self, word: &(impl AsRef<[u8]> + ?Sized)) -> u8 {
        self.probe_from(word.as_ref(), word.as_ref())
    }

    /// [`Lists::probe`] of `word`, which `from` starts with (the text
    /// from the word on, for one load of its bytes).
    #[inline(always)]
    fn probe_from(&self, word: &[u8], from: &[u8]) -> u8 {
        let n = word.len();
        if (1..8).contains(&n) {
            let found = self.short_keys.find(short_key(n, from));
            return PROBED
                | found
                    .and_then(|j| self.short_masks.get(j))
                    .copied()
                    .unwrap_or(0);
        }
        PROBED
            | self
                .words
                .probe_index(word)
                .and_then(|k| self.masks.get(k))
                .copied()
                .unwrap_or(0)
    }

    /// Which of the lists `want` hold `word`, of which `state` is what
    /// [`Lists::maybe`] or [`Lists::probe`] said: probed only when the
    /// shape leaves one of them open.
    #[cfg(test)]
    fn settle(&self, word: &(impl AsRef<[u8]> + ?Sized), state: u8, want: u8) -> u8 {
        self.settle_from(word.as_ref(), word.as_ref(), state, want)
    }

    /// [`Lists::settle`], `from` as in [`Lists::probe_from`].
    #[inline(always)]
    fn settle_from(&self, word: &[u8], from: &[u8], state: u8, want: u8) -> u8 {
        if state & PROBED != 0 || state & want == 0 {
            state & want
        } else {
            self.probe_from(word, from) & want
        }
    }

    /// The lists `word` is in.
    #[inline(always)]
    fn of_word(&self, word: &(impl AsRef<[u8]> + ?Sized)) -> u8 {
        self.of_word_from(word.as_ref(), word.as_ref())
    }

    /// [`Lists::of_word`], `from` as in [`Lists::probe_from`].
    #[inline(always)]
    fn of_word_from(&self, word: &[u8], from: &[u8]) -> u8 {
        self.settle_from(word, from, self.maybe_of(word), ALL)
    }
}

/// The not-names of one to seven ASCII letters that are no title ("The",
/// "He", "But", "Tuesday"): a fifth of the capitalized words that the
/// jumps stop at, and none of them starts a run (its word is no name and
/// not a title; a cue it may be, which starts none either). Settled by one
/// probe of their bytes, where cutting and reading the word cost some 250
/// instructions.
#[derive(Debug)]
struct Inert {
    /// Each word's bytes as a little-endian word; at most a quarter full.
    words: KeySet,
}

impl Inert {
    fn new(lists: &Lists, lexicons: &Lexicons) -> Inert {
        let words = lexicons
            .not_names
            .entries()
            .iter()
            .map(|e| e.as_bytes())
            .filter(|e| {
                (1..8).contains(&e.len())
                    && e[0].is_ascii_uppercase()
                    && e.iter().all(u8::is_ascii_alphabetic)
                    && lists.of_word(*e) & (NOT_NAME | TITLE) == NOT_NAME
            })
            .map(|e| e.iter().rev().fold(0, |w, &b| w << 8 | u64::from(b)));
        Inert {
            words: KeySet::new(words, 4),
        }
    }

    /// Whether `w`, the bytes of a word of one to seven bytes, is one.
    #[inline(always)]
    fn contains(&self, w: u64) -> bool {
        self.words.contains(w)
    }
}

/// `a == b`, read as [`word_hash`] reads a word: a word of up to 16 bytes
/// in one or two loads a side rather than through a call to `memcmp`.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1..4 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..8 => read_u32(a) == read_u32(b) && read_u32(&a[n - 4..]) == read_u32(&b[n - 4..]),
        8..=16 => read_u64(a) == read_u64(b) && read_u64(&a[n - 8..]) == read_u64(&b[n - 8..]),
        _ => a == b,
    }
}

/// A hash of a word read eight (or four) bytes at a time: words of up to
/// 16 bytes are read whole, in one or two loads.
fn word_hash(w: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, x: u64| (h ^ x).wrapping_mul(K).rotate_left(31);
    let n = w.len();
    let mut h = (n as u64).wrapping_mul(K);
    if n >= 8 {
        let mut chunks = w.chunks_exact(8);
        for c in &mut chunks {
            h = mix(h, read_u64(c));
        }
        if !chunks.remainder().is_empty() {
            h = mix(h, read_u64(&w[n - 8..]));
        }
    } else if n >= 4 {
        h = mix(h, read_u32(&w[..4]) | read_u32(&w[n - 4..]) << 32);
    } else if n > 0 {
        h = mix(
            h,
            u64::from(w[0]) | u64::from(w[n / 2]) << 8 | u64::from(w[n - 1]) << 16,
        );
    }
    h ^ h >> 29
}

impl EntityRecognizer {
    pub fn new(lexicons: &Lexicons) -> Result<EntityRecognizer> {
        let (patterns, gazetteer_kinds) = gazetteer_patterns(lexicons);
        let build_error = |reason: String| Error::Build {
            what: "organization gazetteer",
            reason,
        };
        let gazetteer_capitalized = patterns
            .iter()
            .all(|p| p.as_bytes().first().is_some_and(u8::is_ascii_uppercase));
        let gazetteer_prefixes = Prefixes::new(&patterns);
        let buckets = if gazetteer_capitalized {
            // Which pattern each entry reports, as the automaton would: a
            // noncontiguous NFA says it as the DFA does, at a tenth of the
            // DFA's build.
            let nfa = aho_corasick::nfa::noncontiguous::NFA::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .map_err(|e| build_error(e.to_string()))?;
            let start = nfa
                .start_state(Anchored::Yes)
                .map_err(|e| build_error(e.to_string()))?;
            Entries::new(&patterns, Case::Sensitive, |p| {
                anchored_walk(&nfa, start, p.as_bytes(), 0)
                    .filter(|m| m.end() == p.len())
                    .map(|m| m.pattern())
            })
        } else {
            None
        };
        let gazetteer = match buckets {
            Some(entries) => Gazetteer::Buckets(entries),
            None => {
                let dfa = gazetteer_dfa(&patterns).map_err(|e| build_error(e.to_string()))?;
                if gazetteer_capitalized {
                    let start = dfa
                        .start_state(Anchored::Yes)
                        .map_err(|e| build_error(e.to_string()))?;
                    Gazetteer::WalkAtCapitals(dfa, start)
                } else {
                    Gazetteer::Everywhere(dfa)
                }
            }
        };
        let lists = Lists::new(lexicons);
        Ok(EntityRecognizer {
            gazetteer,
            gazetteer_capitalized,
            gazetteer_prefixes,
            gazetteer_kinds,
            inert: Inert::new(&lists, lexicons),
            lists,
            titles: set(lexicons.titles.entries()),
            female: set(lexicons.female_names.entries()),
            male: set(lexicons.male_names.entries()),
            short_cues: ShortWords::new(
                lexicons
                    .cues
                    .entries()
                    .iter()
                    .filter(|e| !e.contains(' ') && e.is_ascii())
                    .map(|e| e.to_ascii_lowercase()),
            ),
            cue_words: set(&lexicons
                .cues
                .entries()
                .iter()
                .filter(|e| !e.contains(' '))
                .map(|e| e.to_ascii_lowercase())
                .collect::<Vec<_>>()),
        })
    }

    /// Whether `word` is a title or honorific ("Mr.", "Sen.").
    pub fn is_title(&self, word: &str) -> bool {
        self.titles.contains(word)
    }

    /// Every mention in `within`, in text order, never overlapping.
    pub fn mentions(&self, text: &str, within: Span) -> Vec<Mention> {
        let mut out = Vec::new();
        self.scan_into(text, within, true, &mut ScanScratch::default(), &mut out);
        out
    }

    /// [`EntityRecognizer::mentions`], into `out` (emptied first), its
    /// work lists in `scratch`: the extractor reuses them from article to
    /// article.
    pub(crate) fn mentions_into(
        &self,
        text: &str,
        within: Span,
        scratch: &mut ScanScratch,
        out: &mut Vec<Mention>,
    ) {
        self.scan_into(text, within, true, scratch, out);
    }

    #[cfg(test)]
    fn scan(&self, text: &str, within: Span, jump: bool) -> Vec<Mention> {
        let mut out = Vec::new();
        self.scan_into(text, within, jump, &mut ScanScratch::default(), &mut out);
        out
    }

    /// `mentions`, jumping over the words that cannot start a name when
    /// `jump` is set, or looking at every word (the plain reading the tests
    /// hold the jumps to).
    fn scan_into(
        &self,
        text: &str,
        within: Span,
        jump: bool,
        scratch: &mut ScanScratch,
        mentions: &mut Vec<Mention>,
    ) {
        // One pass over the bytes for both the gazetteer and the jumps.
        let marks = Marks::new_in(
            &text.as_bytes()[within.start..within.end],
            within.start,
            take(&mut scratch.bits),
            take(&mut scratch.caps),
        );
        let raw = take(&mut scratch.raw);
        let (gaz, raw) = self.gazetteer_matches(text, within, &marks, raw, take(&mut scratch.gaz));
        scratch.raw = raw;
        // News text has a mention every 60 bytes or so: room for them at
        // once, rather than growing the list three or four times.
        let mut out = Scanned {
            mentions: take(mentions),
            places: take(&mut scratch.places),
            tails: take(&mut scratch.tails),
        };
        out.mentions.clear();
        out.mentions.reserve(gaz.len() + within.len() / 48 + 8);
        // Sized at once too: growing them cost more than the notes.
        // (A person of two words or more every 275 bytes of PolNeAR
        // train, a one-word place every 600.)
        out.places.clear();
        out.places.reserve(within.len() / 256 + 4);
        out.tails.clear();
        out.tails.reserve(within.len() / 128 + 4);
        let mut next_gaz = 0;
        let mut run = Run::default();
        let mut words = WordIter::new(text, within, &marks, &self.inert);
        loop {
            // "Smith said": a word in lower case that is no particle ends the
            // run and starts none; with the gazetteer's matches all at
            // capitals, it meets none at its start either. Close the run on
            // its first byte and jump past the word rather than cut it.
            // ("Ted Cruz": a plain word next is read as the jumps read it.)
            let mut ahead = None;
            if jump && run.phrase_start.is_some() && self.gazetteer_capitalized {
                match words.after_run() {
                    After::EndsRun => self.flush_run_inline(text, &mut run, &mut out),
                    After::Plain(w) => ahead = Some(w),
                    After::Unknown => {}
                }
            }
            // With no run open, a word changes nothing unless it may start a
            // name or meets a gazetteer match: jump to the next such word.
            let jumped = jump && run.phrase_start.is_none();
            let w = if jumped {
                while next_gaz < gaz.len() && gaz[next_gaz].0.end <= words.pos {
                    next_gaz += 1;
                }
                let at = gaz.get(next_gaz);
                // (A match passed over whole only when it starts at a
                // capital, as all of them do then.)
                let whole = at.filter(|_| self.gazetteer_capitalized).map(|g| g.0);
                match words.next_name_start(at.map_or(within.end, |g| g.0.start), whole) {
                    Some(Jump::Word(w)) => Some(w),
                    Some(Jump::Match) => {
                        if let Some(&(g, kind)) = at {
                            out.push_match(text, g, kind);
                        }
                        next_gaz += 1;
                        continue;
                    }
                    None => None,
                }
            } else if ahead.is_some() {
                ahead
            } else {
                words.next()
            };
            let Some(w) = w else { break };
            let plain = std::mem::take(&mut words.plain);
            // Gazetteer matches win over capitalized runs: flush around them.
            // (A jump stops at the word holding the next match's first
            // byte or before: when that byte is a capital, a word char,
            // the word starts no later, and no match is passed.)
            while !(jumped && self.gazetteer_capitalized)
                && next_gaz < gaz.len()
                && gaz[next_gaz].0.end <= w.start
            {
                next_gaz += 1;
            }
            #[cfg(test)]
            assert!(gaz.get(next_gaz).is_none_or(|g| g.0.end > w.start));
            // "Chuck Jordan", "Chief Jordan": a one-word place right after a
            // first name or a title is a surname.
            let surname = |g: Span, kind: MentionKind| {
                kind == MentionKind::Place
                    && g == w
                    && !run.possessive
                    && run.phrase_start.is_some()
                    && run
                        .last
                        .is_some_and(|l: Span| one_space_between(text, l.end, w.start))
                    && run
                        .name_start
                        .is_none_or(|s| run.last == Some(Span::new(s, run.first_end)))
            };
            if let Some(&(g, kind)) = gaz.get(next_gaz)
                && g.start < w.end
                && !surname(g, kind)
            {
                self.flush(text, &mut run, &mut out);
                out.push_match(text, g, kind);
                next_gaz += 1;
                words.skip_to(g.end);
                continue;
            }
            // On bytes: a word's span is a char's bounds, and slicing the
            // text by it tested both, for every word.
            let word = &text.as_bytes()[w.start..w.end];
            let joined = run
                .last
                .is_some_and(|l: Span| one_space_between(text, l.end, w.start) && !run.possessive);
            // (Inlined here and where a lower-case word ends the run, as
            // most runs end: the call's register saves were a fifth of
            // a run's flush.)
            if !joined && run.phrase_start.is_some() {
                self.flush_run_inline(text, &mut run, &mut out);
            }
            // Most words are lower-case and no name: settle them without a hash probe.
            // (Whether the word's first char is upper-case is its stem's too.)
            let upper = plain || starts_upper(text, w.start, word);
            let may_name =
                upper || word.starts_with(b"al-") || run.name_start.is_some() && is_particle(word);
            if !may_name {
                self.flush(text, &mut run, &mut out);
                continue;
            }
            // A plain word (letters, a capital first) has no possessive, no
            // period and no hyphen to read, and is no particle.
            let (mut bare, possessive) = if plain {
                (word, false)
            } else {
                strip_possessive(word)
            };
            // "Paul D. Ryan." ends a sentence; "Sen." and "D." keep their periods.
            // (More than one char before the period: more than one byte
            // that leads a char.)
            if !plain
                && let Some(stem) = bare.strip_suffix(b".")
                && stem.iter().filter(|&&b| b & 0xc0 != 0x80).count() > 1
                && !stem.contains(&b'.')
                && self.lists.of_word_from(bare, &text.as_bytes()[w.start..]) & (TITLE | ORG_SUFFIX)
                    == 0
            {
                bare = stem;
            }
            let is_cap = upper || bare.starts_with(b"al-");
            // One probe for the titles and the not-names, and what it says
            // kept for the mention when the word is the name's first or
            // last. Probed only when the shape says the word may be one
            // of them: else what the shape says is kept, to probe by if a
            // mention asks (and a title or not-name bit is clear in it).
            let shape_lists = self.lists.maybe(Words::shape_index(bare));
            let lists = if shape_lists & (TITLE | NOT_NAME) != 0 {
                self.lists.probe_from(bare, &text.as_bytes()[w.start..])
            } else {
                shape_lists
            };
            // Inside a name, only an unmistakable title starts it afresh:
            // "Peter T. King" keeps its King, "Republican Sen. Ted Cruz" drops
            // what came before "Sen.".
            // (Asked only of a title: most words are none, and the compares
            // cost more than the bit test.)
            let restarts = || {
                run.name_start.is_none()
                    || bare.ends_with(b".")
                    || matches!(
                        bare,
                        b"President"
                            | b"Senator"
                            | b"Governor"
                            | b"Representative"
                            | b"Secretary"
                            | b"Minister"
                            | b"Chancellor"
                            | b"Premier"
                            | b"Mayor"
                            | b"Ambassador"
                            | b"Congressman"
                            | b"Congresswoman"
                    )
            };
            // "Mr. Prince", "Mr. King": after an honorific, a title word is the name.
            let named_by_honorific = run.after_honorific && !bare.ends_with(b".");
            if lists & TITLE != 0 && !possessive && !named_by_honorific && restarts() {
                // "Republican Sen. Ted Cruz": what came before the title only
                // modifies the name.
                run.name_start = None;
                run.words = 0;
                run.phrase_start.get_or_insert(w.start);
                run.title_gender = run.title_gender.or(title_gender(bare));
                run.after_honorific = is_honorific(bare);
                run.last = Some(w);
                continue;
            }
            let particle = !plain && run.name_start.is_some() && is_particle(bare);
            // "Kremlin-backed", "Obama-era" modify; "Park Geun-hye", "Kim
            // Jong-un" continue a name with a Korean given name.
            // (One search for the hyphen, for both.)
            let hyphen_modifier = !plain
                && find_byte_in(text.as_bytes(), w.start, bare.len(), b'-').is_some_and(|i| {
                    let (a, b) = (&bare[..i], &bare[i + 1..]);
                    let korean_given =
                        run.name_start.is_some() && a.len() <= 4 && (2..=3).contains(&b.len());
                    // (`b` starts a char: the one after the hyphen.)
                    !b.is_empty()
                        && starts_lower(text, w.start + i + 1)
                        && !bare.starts_with(b"al-")
                        && !korean_given
                });
            // "Said Ellis: “Q”", "Continued Stone:": a sentence that opens with
            // its cue puts the verb in capitals; the name is what follows.
            let opening_cue = run.name_start.is_none()
                && is_cap
                && char_before(text, w.start)
                    .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | '”' | '"'))
                && self.may_be_cue_word(bare)
                && self.is_cue_word_from(bare, &text.as_bytes()[w.start..]);
            if opening_cue {
                self.flush(text, &mut run, &mut out);
                continue;
            }
            if (is_cap && !hyphen_modifier && lists & NOT_NAME == 0) || particle {
                if run.name_start.is_none() {
                    run.phrase_start.get_or_insert(w.start);
                    run.name_start = Some(w.start);
                    run.first_end = w.start + bare.len();
                    run.first_lists = lists;
                }
                run.last_lists = lists;
                run.after_honorific = false;
                run.last = Some(Span::new(w.start, w.start + bare.len()));
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
        // The tests hold the notes to a search of the mentions.
        #[cfg(test)]
        assert_eq!(
            (&out.places, &out.tails),
            (
                &Scanned::of(text, &out.mentions).places,
                &Scanned::of(text, &out.mentions).tails
            )
        );
        surnames_that_look_like_places(text, &mut out.mentions, &out.places, &out.tails);
        *mentions = out.mentions;
        (scratch.places, scratch.tails, scratch.gaz) = (out.places, out.tails, gaz);
        (scratch.bits, scratch.caps) = (marks.bits, marks.caps);
    }

    /// `marks` are the [`Marks`] of `within`.
    #[inline(never)]
    fn gazetteer_matches(
        &self,
        text: &str,
        within: Span,
        marks: &Marks,
        raw: Vec<Match>,
        mut out: Vec<(Span, MentionKind)>,
    ) -> (Vec<(Span, MentionKind)>, Vec<Match>) {
        let hay = within.as_str(text);
        let mut raw: Vec<Match> = match &self.gazetteer {
            Gazetteer::Everywhere(dfa) => gazetteer_everywhere(dfa, hay),
            _ => self.gazetteer_at_marks(hay, within.start, marks, raw),
        };
        out.clear();
        out.extend(
            raw.drain(..)
                .filter(|m| gazetteer_keeps(hay, m.start(), m.end()))
                .map(|m| {
                    (
                        Span::new(within.start + m.start(), within.start + m.end()),
                        self.gazetteer_kinds[m.pattern().as_usize()],
                    )
                }),
        );
        (out, raw)
    }

    /// The same matches as `find_iter`: the leftmost start is the first
    /// capital where an anchored search succeeds, and after any match, kept
    /// or not, the search goes on from its end. (The scan's own reading,
    /// on the marks it has taken already, is `gazetteer_at_marks`; this
    /// is the whole-text form the tests hold to `find_iter`.)
    #[cfg(test)]
    fn gazetteer_at_capitals(&self, hay: &str) -> Vec<Match> {
        self.gazetteer_at_marks(hay, 0, &Marks::new(hay.as_bytes(), 0), Vec::new())
    }

    /// `gazetteer_at_capitals`, with the capitals read from `marks`, the
    /// [`Marks`] of `hay` at `offset` in its text.
    ///
    /// The capitals are read a word of [`Marks::caps`] at a time: inside
    /// the text, a word's 64 bytes and the three after them are one slice,
    /// and the four bytes the prefix bits test at each capital are read
    /// from it with no bounds test or padding (only the last word keeps
    /// that).
    fn gazetteer_at_marks(
        &self,
        hay: &str,
        offset: usize,
        marks: &Marks,
        mut raw: Vec<Match>,
    ) -> Vec<Match> {
        debug_assert_eq!(marks.base, offset);
        let bytes = hay.as_bytes();
        let prefixes = &self.gazetteer_prefixes;
        raw.clear();
        raw.reserve(hay.len() / 256 + 4);
        let caps = &marks.caps;
        let mut w = 0;
        let mut word = caps.first().copied().unwrap_or(0);
        loop {
            while word == 0 {
                w += 1;
                match caps.get(w) {
                    Some(&c) => word = c,
                    None => return raw,
                }
            }
            let base = w * 64;
            let window = bytes.get(base..).and_then(|b| b.first_chunk::<67>());
            while word != 0 {
                let k = word.trailing_zeros() as usize & 63;
                word &= word - 1;
                // (The four bytes in one load: read a byte at a time, as
                // an array, they took two loads and a shift.)
                let (mut long, short) = match window {
                    Some(window) => {
                        let quad = read_u32(&window[k..k + 4]) as u32;
                        // The pair's bit only when the quad's says no: a
                        // branch on the first costs fewer instructions
                        // than both bits read and combined.
                        if prefixes.may_start_long_word(quad) {
                            (true, prefixes.may_start_short_word(quad))
                        } else if prefixes.may_start_short_word(quad) {
                            (false, true)
                        } else {
                            continue;
                        }
                    }
                    None => prefixes.may_start_among(&bytes[base + k..]),
                };
                if !(long || short) {
                    continue;
                }
                let start = base + k;
                // ("The ", "Republican": most capitals whose four bytes
                // begin a long entry begin none of them, as the next
                // bytes say.)
                if long {
                    long = prefixes.may_start_long(&bytes[start..]);
                    // (A one-byte entry sets the short bits of every pair
                    // it begins: with neither bit, no entry starts here.)
                    if !(long || short) {
                        continue;
                    }
                }
                let found = match &self.gazetteer {
                    Gazetteer::Buckets(entries) => entries.longest_among(bytes, start, long, short),
                    // The longest match that starts here, as an anchored
                    // `try_find` reports it, walked without that search's set-up.
                    Gazetteer::WalkAtCapitals(dfa, s) => anchored_walk(dfa, *s, bytes, start),
                    // (Read by `gazetteer_everywhere` instead.)
                    Gazetteer::Everywhere(_) => None,
                };
                if let Some(m) = found {
                    raw.push(m);
                    // On from the match's end: the capitals before it
                    // are passed over.
                    let end = m.end();
                    if end / 64 > w {
                        w = end / 64;
                        word = caps.get(w).copied().unwrap_or(0);
                    }
                    word &= u64::MAX << (end % 64);
                    break;
                }
            }
        }
    }

    /// Ends the run: the mention it names, if any, goes to `out`.
    #[inline(always)]
    fn flush(&self, text: &str, run: &mut Run, out: &mut Scanned) {
        // Nothing started: the common case, settled inline, without the
        // call and its register saves.
        if run.phrase_start.is_some() {
            self.flush_run(text, run, out);
        }
    }

    #[inline(never)]
    fn flush_run(&self, text: &str, run: &mut Run, out: &mut Scanned) {
        self.flush_run_inline(text, run, out);
    }

    /// [`EntityRecognizer::flush_run`], inlined where most runs end (a
    /// lower-case word next, or a word not joined to the run). Inlined at
    /// every flush, the scan grew and spilled more than the calls saved.
    #[inline(always)]
    fn flush_run_inline(&self, text: &str, run: &mut Run, out: &mut Scanned) {
        if let Some(m) = self.mention_of(text, run) {
            let bytes = text.as_bytes();
            match m.kind {
                // A name of one word has no space; a longer one, joined
                // by no-break spaces, may have none.
                MentionKind::Place
                    if run.words <= 1
                        || find_byte(&bytes[m.span.start..m.span.end], b' ').is_none() =>
                {
                    out.places.push(out.mentions.len());
                }
                // Words joined by one space or no-break space: when the
                // name ends with the run's last word, the byte before it is
                // the last space or the no-break space's last byte.
                MentionKind::Person if run.words > 1 => {
                    let tail = match run.last {
                        Some(l) if l.end == m.span.end && bytes[l.start - 1] == b' ' => {
                            Some(l.start)
                        }
                        _ => last_space(bytes, m.span.start, m.span.end).map(|i| i + 1),
                    };
                    if let Some(t) = tail {
                        out.tails.push((out.mentions.len(), t));
                    }
                }
                _ => {}
            }
            out.mentions.push(m);
        }
        // Reset in place: taking the run out by value copied its 130
        // bytes for every mention.
        *run = Run::default();
    }

    /// The mention a finished run names, if any.
    #[inline(always)]
    fn mention_of(&self, text: &str, r: &Run) -> Option<Mention> {
        // On bytes: a run's spans are a char's bounds, and each slice of the
        // text by them tested both, four or five times a mention.
        let bytes = text.as_bytes();
        let (Some(name_start), Some(last)) = (r.name_start, r.last) else {
            // "King says": a lone title word names its bearer.
            if let (Some(start), Some(last)) = (r.phrase_start, r.last)
                && start == last.start
                && !bytes[start..last.end].ends_with(b".")
            {
                let span = Span::new(start, last.end);
                return Some(Mention {
                    span,
                    phrase: span,
                    kind: MentionKind::Person,
                    gender: r.title_gender.unwrap_or_default(),
                });
            }
            return None;
        };
        let mut end = last.end;
        // A trailing particle is no part of the name ("... said de").
        // (A name of one word has no space: its words are joined by one.
        // Nor is there a particle to trim unless the last word is one: the
        // text after the last space is that word, or holds a no-break
        // space before it, which no particle does.)
        let mut s = &bytes[name_start..end];
        while r.words > 1
            && is_particle(&bytes[last.start..last.end])
            && let Some(i) = s.iter().rposition(|&b| b == b' ')
        {
            let (head, tail) = (&s[..i], &s[i + 1..]);
            if is_particle(tail) {
                s = head;
                end = name_start + head.len();
            } else {
                break;
            }
        }
        if is_particle(s) {
            return None;
        }
        let span = Span::new(name_start, end);
        let name = &bytes[name_start..end];
        // "Appearing before supporters, ...": a sentence's first word, not a
        // name. (The cheap tests first: most names end in neither.)
        if r.words == 1
            && r.phrase_start == Some(name_start)
            && (name.ends_with(b"ing") || name.ends_with(b"ly"))
            && char_before(text, name_start).is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n'))
            && !self.is_first_name(name)
            && !self.cue_follows(text, end)
        {
            return None;
        }
        // After the last space or no-break space (C2 A0: a C2 byte always
        // leads a char, so the pair is that char), found on bytes rather than
        // by decoding the name backwards.
        // (A name of one word is its own last word; the words of a longer
        // one are joined by one space or no-break space, so when nothing was
        // trimmed its last word is the run's.)
        // (And when it is the run's last word, the run knows its lists.)
        // (Each word with the text from its start, for the lists' probes.)
        let from_name = &bytes[name_start..];
        let (last_word, last_from, last_lists) = if r.words > 1 && end == last.end {
            (
                &bytes[last.start..last.end],
                &bytes[last.start..],
                r.last_lists,
            )
        } else if r.words > 1 {
            let (word, from) = match name
                .iter()
                .enumerate()
                .rev()
                .find(|&(i, &b)| b == b' ' || b == 0xa0 && i > 0 && name[i - 1] == 0xc2)
            {
                Some((i, _)) => (&name[i + 1..], &from_name[i + 1..]),
                None => (name, from_name),
            };
            (word, from, self.lists.maybe_of(word))
        } else {
            // One word: the run's first and last, and the name, settled
            // at once for all the lists asked about below.
            let want = ORG_SUFFIX | PLACE | FEMALE | MALE;
            let lists = self.lists.settle_from(name, from_name, r.last_lists, want);
            (name, from_name, PROBED | lists)
        };
        // The tests hold both shortcuts to the searches they skip.
        #[cfg(test)]
        assert_eq!((end, last_word), trimmed_by_search(text, name_start, r));
        let (first_word, first_lists) = match r.words {
            1 => (name, last_lists),
            _ => (&bytes[name_start..r.first_end], r.first_lists),
        };
        // (The all-capitals test first: it fails at the second letter of
        // most names.)
        let acronym = r.words == 1
            && name.get(1).is_some_and(|b| !b.is_ascii_lowercase())
            && text.get(name_start..end).is_some_and(is_acronym);
        let lists = &self.lists;
        let kind =
            if lists.settle_from(last_word, last_from, last_lists, ORG_SUFFIX) != 0 || acronym {
                MentionKind::Organization
            } else if r.title_gender.is_none()
                && r.phrase_start == Some(name_start)
                && (if r.words == 1 {
                    last_lists & PLACE != 0
                } else {
                    lists.settle_from(name, from_name, lists.maybe_of(name), PLACE) != 0
                })
            {
                MentionKind::Place
            } else {
                MentionKind::Person
            };
        let gender = match (r.title_gender, kind) {
            (Some(g), _) => g,
            // A single word that is no first name has no gender either: the
            // first-name lists decide, whatever the number of words.
            (None, MentionKind::Person) => {
                // (The first word starts the name.)
                let first = lists.settle_from(first_word, from_name, first_lists, FEMALE | MALE);
                if first & FEMALE != 0 {
                    Gender::Female
                } else if first & MALE != 0 {
                    Gender::Male
                } else {
                    Gender::Unknown
                }
            }
            _ => Gender::Unknown,
        };
        Some(Mention {
            span,
            phrase: Span::new(r.phrase_start.unwrap_or(name_start), end),
            kind,
            gender,
        })
    }

    /// "Schilling told WEEI": a reporting verb right after the word makes
    /// it a name, whatever its ending.
    fn cue_follows(&self, text: &str, at: usize) -> bool {
        let rest = text[at..].trim_start_matches([' ', '\u{a0}']);
        let word = &rest[..rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len())];
        !word.is_empty() && self.is_cue_word(word.as_bytes())
    }

    /// Whether `word`, lower-cased, is a one-word cue; without allocating.
    #[inline(always)]
    fn is_cue_word(&self, word: &[u8]) -> bool {
        self.may_be_cue_word(word) && self.is_cue_word_from(word, word)
    }

    /// False when `word`, lower-cased, is no one-word cue: the bit of its
    /// shape, which settles most words uncopied, and inline.
    /// (Lower-casing byte by byte, the bit of any word, ASCII or not.)
    #[inline(always)]
    fn may_be_cue_word(&self, word: &[u8]) -> bool {
        if word.len() > 16 {
            return false;
        }
        let (i, bit) = Words::shape_by(word, |b| b.to_ascii_lowercase());
        self.cue_words.shapes[i] & bit != 0
    }

    /// [`EntityRecognizer::is_cue_word`] past its bit; `from` starts with
    /// `word` and may go on past it (the text after it), for one load of
    /// a short word's bytes.
    #[inline(always)]
    fn is_cue_word_from(&self, word: &[u8], from: &[u8]) -> bool {
        let n = word.len();
        if !(1..8).contains(&n) {
            return self.is_cue_word_probe(word);
        }
        // Lower-cased eight bytes at a time: no byte of the word is
        // non-ASCII, nor is its length, in the top byte, a capital.
        let key = short_key(n, from);
        key & HI == 0 && self.short_cues.contains(ascii_lowercase(key))
    }

    #[inline(never)]
    fn is_cue_word_probe(&self, word: &[u8]) -> bool {
        let mut buf = [0u8; 16];
        let Some(dst) = buf.get_mut(..word.len()) else {
            return false;
        };
        // Copied and lower-cased in one pass; the word's bit, taken on
        // its lower-cased bytes, is the copy's.
        for (d, &b) in dst.iter_mut().zip(word) {
            if !b.is_ascii() {
                return false;
            }
            *d = b.to_ascii_lowercase();
        }
        self.cue_words.probe(dst)
    }

    fn is_first_name(&self, w: &[u8]) -> bool {
        self.female.contains_bytes(w) || self.male.contains_bytes(w)
    }
}

/// The end of a run's name, trailing particles trimmed, and its last word,
/// found by searching the name for spaces.
#[cfg(test)]
fn trimmed_by_search<'t>(text: &'t str, name_start: usize, r: &Run) -> (usize, &'t [u8]) {
    let mut end = r.last.map_or(name_start, |l| l.end);
    let mut s = &text[name_start..end];
    while r.words > 1
        && let Some(i) = s.as_bytes().iter().rposition(|&b| b == b' ')
    {
        let (head, tail) = (&s[..i], &s[i + 1..]);
        if !is_particle(tail) {
            break;
        }
        s = head;
        end = name_start + head.len();
    }
    let name = &text[name_start..end];
    let last_word = match name
        .as_bytes()
        .iter()
        .enumerate()
        .rev()
        .find(|&(i, &b)| b == b' ' || b == 0xa0 && i > 0 && name.as_bytes()[i - 1] == 0xc2)
    {
        Some((i, _)) if r.words > 1 => &name[i + 1..],
        _ => name,
    };
    (end, last_word.as_bytes())
}

/// The work lists of [`EntityRecognizer::mentions_into`], reused from one
/// article to the next.
#[derive(Debug, Default)]
pub(crate) struct ScanScratch {
    /// [`Marks::bits`] and [`Marks::caps`].
    bits: Vec<u64>,
    caps: Vec<u64>,
    /// The gazetteer's matches, before and after the word-boundary test.
    raw: Vec<Match>,
    gaz: Vec<(Span, MentionKind)>,
    /// [`Scanned::places`] and [`Scanned::tails`].
    places: Vec<usize>,
    tails: Vec<(usize, usize)>,
}

impl ScanScratch {
    /// Empties the lists for the next article, within [`crate::scratch::KEEP_BYTES`].
    pub(crate) fn recycle(&mut self) {
        use crate::scratch::recycle;
        recycle(&mut self.bits);
        recycle(&mut self.caps);
        recycle(&mut self.raw);
        recycle(&mut self.gaz);
        recycle(&mut self.places);
        recycle(&mut self.tails);
    }
}

/// The scan's mentions, with what [`surnames_that_look_like_places`] asks
/// of them noted as each is found: a pass over all of them after, testing
/// each one's kind and searching each person's name for its last space,
/// cost more than the scan's own notes.
#[derive(Debug, Default)]
struct Scanned {
    mentions: Vec<Mention>,
    /// The index of each one-word place (no space in it).
    places: Vec<usize>,
    /// The index of each person whose name has a space, and the offset
    /// of the word after its last space.
    tails: Vec<(usize, usize)>,
}

impl Scanned {
    /// Takes the gazetteer's match `g`, of `kind`, with its note.
    #[inline(always)]
    fn push_match(&mut self, text: &str, g: Span, kind: MentionKind) {
        if kind == MentionKind::Place && find_byte(&text.as_bytes()[g.start..g.end], b' ').is_none()
        {
            self.places.push(self.mentions.len());
        }
        self.mentions.push(Mention {
            span: g,
            phrase: g,
            kind,
            gender: Gender::Unknown,
        });
    }

    /// The notes of `mentions`, found by searching each of them.
    #[cfg(test)]
    fn of(text: &str, mentions: &[Mention]) -> Scanned {
        let bytes = text.as_bytes();
        let mut found = Scanned::default();
        for (i, m) in mentions.iter().enumerate() {
            let name = bytes.get(m.span.start..m.span.end).unwrap_or_default();
            match m.kind {
                MentionKind::Place if find_byte(name, b' ').is_none() => found.places.push(i),
                MentionKind::Person => {
                    if let Some(space) = last_space(bytes, m.span.start, m.span.end) {
                        found.tails.push((i, space + 1));
                    }
                }
                _ => {}
            }
        }
        found
    }
}

/// "Rep. Jim Jordan ... Jordan said": a one-word place that is the last
/// word of a person named in the article is that person. The article's few
/// one-word places are sorted once and each person's last word is looked up
/// in them, rather than hashing every person's last word into a map.
/// `places` and `tails` are the notes of `out` ([`Scanned`]).
///
/// (Read on bytes: a mention's span is a char's bounds, and slicing the text
/// by it tested both on each of the article's mentions, twice.)
#[inline(never)]
fn surnames_that_look_like_places(
    text: &str,
    out: &mut [Mention],
    one_word_places: &[usize],
    tails: &[(usize, usize)],
) {
    if one_word_places.is_empty() || tails.is_empty() {
        return;
    }
    let bytes = text.as_bytes();
    let of = |m: &Mention| bytes.get(m.span.start..m.span.end).unwrap_or_default();
    // An article names a handful of places: each person's last word is
    // compared with each of them, where sorting them cost more than the
    // compares.
    if few_surnames(bytes, out, one_word_places, tails) {
        return;
    }
    // Each one-word place, and whether it is some person's last word.
    let mut places: Vec<(&[u8], bool)> = one_word_places
        .iter()
        .map(|&i| (of(&out[i]), false))
        .collect();
    // By length first: most compares are then settled without the bytes.
    let order = |a: &[u8], b: &[u8]| (a.len(), a).cmp(&(b.len(), b));
    places.sort_unstable_by(|a, b| order(a.0, b.0));
    places.dedup_by(|a, b| a.0 == b.0);
    // The places' lengths: a person's last word is looked up only when
    // its length is one of them. (None for a place of 64 bytes or more.)
    let lengths = places.iter().try_fold(0u64, |bits, p| {
        Some(bits | 1u64.checked_shl(p.0.len() as u32)?)
    });
    let mut any = false;
    for &(i, tail) in tails {
        // `rsplit_once(' ')`: the word after the last space. (A place has
        // no space, so no longer tail than the last word can be one.)
        let last = bytes.get(tail..out[i].span.end).unwrap_or_default();
        if lengths.is_none_or(|bits| bits >> last.len().min(63) & 1 != 0)
            && let Ok(k) = places.binary_search_by(|p| order(p.0, last))
        {
            places[k].1 = true;
            any = true;
        }
    }
    if !any {
        return;
    }
    for &i in one_word_places {
        if places
            .binary_search_by(|p| order(p.0, of(&out[i])))
            .is_ok_and(|k| places[k].1)
        {
            out[i].kind = MentionKind::Person;
        }
    }
}

/// [`surnames_that_look_like_places`] for an article of sixteen distinct
/// one-word places or fewer, each compared with each person's last word
/// by its length and first seven bytes as one word; false, and nothing
/// done, for one of more.
fn few_surnames(
    bytes: &[u8],
    out: &mut [Mention],
    one_word_places: &[usize],
    tails: &[(usize, usize)],
) -> bool {
    const FEW: usize = 16;
    // The distinct places, and which of them is some person's last word.
    let mut places: [(u64, &[u8]); FEW] = [(0, &[]); FEW];
    let mut n = 0;
    let slot = |places: &[(u64, &[u8])], key: u64, word: &[u8]| {
        places
            .iter()
            .position(|&(k, p)| k == key && (p.len() < 8 || same_bytes(p, word)))
    };
    for &i in one_word_places {
        let span = out[i].span;
        let (key, word) = (
            head_key(bytes, span.start, span.end),
            &bytes[span.start..span.end],
        );
        if slot(&places[..n], key, word).is_none() {
            let Some(p) = places.get_mut(n) else {
                return false;
            };
            *p = (key, word);
            n += 1;
        }
    }
    let places = &places[..n];
    let mut named = [false; FEW];
    let mut any = false;
    for &(i, tail) in tails {
        let end = out[i].span.end;
        let last = bytes.get(tail..end).unwrap_or_default();
        if let Some(j) = slot(places, head_key(bytes, tail, end), last) {
            named[j] = true;
            any = true;
        }
    }
    if any {
        for &i in one_word_places {
            let span = out[i].span;
            let word = &bytes[span.start..span.end];
            if slot(places, head_key(bytes, span.start, span.end), word).is_some_and(|j| named[j]) {
                out[i].kind = MentionKind::Person;
            }
        }
    }
    true
}

/// The length of `bytes[start..end]` (up to 255) and its first seven
/// bytes, as one word: equal for equal slices, and for slices of seven
/// bytes or fewer only then. Read off one load where eight bytes follow
/// `start`.
#[inline]
fn head_key(bytes: &[u8], start: usize, end: usize) -> u64 {
    let n = end.saturating_sub(start);
    let head = match bytes.get(start..start + 8) {
        Some(c) => read_u64(c),
        None => bytes
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .take(8)
            .rev()
            .fold(0, |w, &b| w << 8 | u64::from(b)),
    };
    head & ((1u64 << (8 * n.min(7))) - 1) | (n.min(255) as u64) << 56
}

/// The offset of the last space in `bytes[start..end]`, found eight bytes
/// a step from the end: a name's last word is a step, where a byte loop
/// paid a branch a byte and missed at its exit.
#[inline]
fn last_space(bytes: &[u8], start: usize, end: usize) -> Option<usize> {
    let mut e = end.min(bytes.len());
    while e > start {
        let from = e.saturating_sub(8).max(start);
        // The eight bytes that end at `e`, those before `from` masked off;
        // or, near the text's start, the bytes from `from`, zeros past them
        // (which are no space).
        let (word, keep, base) = match e.checked_sub(8).and_then(|b| Some((b, bytes.get(b..e)?))) {
            Some((b, c)) => (read_u64(c), u64::MAX << (8 * (from - b)), b),
            None => (
                bytes[from..e]
                    .iter()
                    .enumerate()
                    .fold(0, |w, (i, &b)| w | u64::from(b) << (8 * i)),
                u64::MAX,
                from,
            ),
        };
        // A zero byte of `x` is a space: found exactly, with no borrow
        // from one byte to the next.
        let x = word ^ (LO * u64::from(b' '));
        let zero = !((x & !HI).wrapping_add(!HI) | x | !HI) & keep;
        if zero != 0 {
            return Some(base + (63 - zero.leading_zeros() as usize) / 8);
        }
        e = from;
    }
    None
}

/// `text[..at].trim_end().chars().next_back()`, read on bytes where they are
/// ASCII instead of decoding chars backwards: the char before a word, past
/// the spaces.
#[inline(always)]
fn char_before(text: &str, at: usize) -> Option<char> {
    let bytes = text.as_bytes();
    // Most words follow one space after an ASCII char: settled inline.
    if at >= 2
        && bytes[at - 1] == b' '
        && let b @ (b'!'..=b'~') = bytes[at - 2]
    {
        return Some(char::from(b));
    }
    char_before_slow(text, at)
}

#[inline(never)]
fn char_before_slow(text: &str, at: usize) -> Option<char> {
    let bytes = text.as_bytes();
    let mut i = at;
    while i > 0 {
        let b = bytes[i - 1];
        if b < 0x80 {
            // `char::is_whitespace` on ASCII.
            if matches!(b, b' ' | b'\t'..=b'\r') {
                i -= 1;
                continue;
            }
            return Some(char::from(b));
        }
        let c = text[..i].chars().next_back()?;
        if !c.is_whitespace() {
            return Some(c);
        }
        i -= c.len_utf8();
    }
    None
}

/// "GOP", "U.S.", "AT&T": a one-word name of capitals.
#[inline]
fn is_acronym(name: &str) -> bool {
    // (An ASCII lower-case second byte, as in most names, is a lower-case
    // char: tested first, it settles them on a branch that rarely goes the
    // other way, where the length goes either way.)
    name.as_bytes()
        .get(1)
        .is_some_and(|b| !b.is_ascii_lowercase())
        && name.len() <= 6
        && name
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '&')
        && name.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// `PARTICLES.contains(&word)`, without comparing a capitalized word to
/// each of them. (Inlined: most words are settled by their first byte.)
#[inline(always)]
fn is_particle(word: &(impl AsRef<[u8]> + ?Sized)) -> bool {
    let word = word.as_ref();
    // The case first: most words asked about are capitalized.
    word.first().is_some_and(u8::is_ascii_lowercase)
        && matches!(word.len(), 2 | 3)
        && PARTICLES.iter().any(|p| p.as_bytes() == word)
}

/// A run of words that may name someone, as the scan reads it.
///
/// While a name is open (`name_start`), its first word ends at
/// `first_end` and `last` is its last word; a title before the name is
/// no word of it. (The run kept the name's first and last words apart
/// from `last` as well, and copied them at every word.)
#[derive(Default)]
struct Run {
    phrase_start: Option<usize>,
    name_start: Option<usize>,
    first_end: usize,
    /// The last word taken, title or name: the next must follow it by one space.
    last: Option<Span>,
    title_gender: Option<Gender>,
    possessive: bool,
    words: usize,
    /// The last word taken was "Mr.", "Mrs.", "Ms." or "Dr.".
    after_honorific: bool,
    /// The [`Lists`] of the name's first word and of its last.
    first_lists: u8,
    last_lists: u8,
}

fn is_honorific(title: &[u8]) -> bool {
    matches!(
        title,
        b"Mr." | b"Mrs." | b"Ms." | b"Dr." | b"Mr" | b"Mrs" | b"Ms"
    )
}

fn title_gender(title: &[u8]) -> Option<Gender> {
    match title {
        b"Mr." | b"Mr" | b"Sir" | b"King" | b"Prince" | b"Lord" | b"Father" | b"Brother"
        | b"Congressman" | b"Chairman" | b"Pope" | b"Rabbi" => Some(Gender::Male),
        b"Mrs." | b"Mrs" | b"Ms." | b"Ms" | b"Miss" | b"Queen" | b"Princess" | b"Lady"
        | b"Dame" | b"Sister" | b"Congresswoman" | b"Chairwoman" => Some(Gender::Female),
        _ => None,
    }
}

/// Whether `text[from..to]` is one space or one no-break space (C2 A0),
/// read on the bytes: a str slice paid two char-boundary tests for it, on
/// every word of a name.
#[inline]
fn one_space_between(text: &str, from: usize, to: usize) -> bool {
    matches!(text.as_bytes().get(from..to), Some([b' '] | [0xc2, 0xa0]))
}

/// "Amnesty’s" -> ("Amnesty", true). (On the bytes of a word of the text:
/// each suffix is whole chars, so the stem ends where a char does.)
fn strip_possessive(word: &[u8]) -> (&[u8], bool) {
    // Every suffix ends in `s`, `'` or the last byte of `’`.
    if !matches!(word.last(), Some(b's' | b'\'' | 0x99)) {
        return (word, false);
    }
    for suffix in ["’s", "'s", "’", "'"] {
        if let Some(stem) = word.strip_suffix(suffix.as_bytes())
            && !stem.is_empty()
        {
            return (stem, true);
        }
    }
    (word, false)
}

/// Whether `word`, the text's bytes from `start` (a char's bound), begins
/// with an upper-case char.
#[inline]
fn starts_upper(text: &str, start: usize, word: &[u8]) -> bool {
    match word.first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => text[start..].chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

/// Whether the char at `at` (a char's bound) of `text` is lower-case.
fn starts_lower(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
        _ => text[at..].chars().next().is_some_and(char::is_lowercase),
    }
}

/// `find_byte(&bytes[start..start + len], b)`: a word of up to eight
/// bytes inside the text is read off one load from it, where the copy to
/// a padded word took a call to `memcpy`.
#[inline]
fn find_byte_in(bytes: &[u8], start: usize, len: usize, b: u8) -> Option<usize> {
    match bytes.get(start..start + 8) {
        Some(chunk) if len <= 8 => {
            // A zero byte of `x` is a byte equal to `b`; the lowest one
            // found is exact.
            let x = read_u64(chunk) ^ (LO * u64::from(b));
            let zeros = x.wrapping_sub(LO) & !x & HI;
            let at = (zeros.trailing_zeros() / 8) as usize;
            (at < len).then_some(at)
        }
        _ => find_byte(&bytes[start..start + len], b),
    }
}

/// What [`WordIter::next_name_start`] found.
enum Jump {
    /// The word to read.
    Word(Span),
    /// The gazetteer's match at the limit, passed over to its end.
    Match,
}

/// What [`WordIter::after_run`] found.
enum After {
    EndsRun,
    /// The next word, plain.
    Plain(Span),
    /// Only cutting the next word tells.
    Unknown,
}

/// Words: runs of letters, digits, `.`, `'`, `’` and `-`; a trailing period
/// is kept only on short words (titles, initials), a sentence's is not.
struct WordIter<'t> {
    text: &'t str,
    pos: usize,
    end: usize,
    /// The [`Marks`] of the text scanned: the jumps go from one to the next.
    marks: &'t Marks,
    /// The words the jumps pass over.
    inert: &'t Inert,
    /// The word last returned is one to fifteen ASCII letters, a capital
    /// first ([`WordIter::plain_word_at`]): the scan skips the tests of
    /// possessives, periods, hyphens and particles for it.
    plain: bool,
}

impl<'t> WordIter<'t> {
    fn new(text: &'t str, within: Span, marks: &'t Marks, inert: &'t Inert) -> WordIter<'t> {
        WordIter {
            text,
            pos: within.start,
            end: within.end,
            marks,
            inert,
            plain: false,
        }
    }

    /// The word at `q`, an ASCII capital, when it is one to fifteen ASCII
    /// letters, nothing of a word comes before it (an ASCII byte no word
    /// holds, a curly quote, a dash), and it ends at a byte or char no word
    /// holds, or at a period that ends a sentence after five letters or
    /// more (which `next` cuts off): the word `next` would cut there, read
    /// off one load of sixteen bytes. Its length, where `next` would leave
    /// `pos`, and the eight bytes from its start as a little-endian word
    /// (past its end for a shorter word: the one caller that asks for the
    /// word's own masks them, on the few words it asks for).
    #[inline(always)]
    fn plain_word_at(&self, q: usize) -> Option<(usize, usize, u64)> {
        let bytes = self.text.as_bytes();
        let block = bytes.get(q..q + 16)?.first_chunk::<16>()?;
        if q > self.pos {
            let b = bytes[q - 1];
            let starts = if b < 0x80 {
                BYTE_CLASS[usize::from(b)] & BODY == 0
            } else {
                matches!(punctuation_before(bytes, q), Some((_, false)))
            };
            if !starts {
                return None;
            }
        }
        // A letter in either case is one in lower case once 0x20 is set.
        let letters = Lanes::load(block)
            .or_bytes(0x20)
            .in_range(b'a', b'z')
            .mask();
        let k = (!letters).trailing_zeros() as usize;
        if k >= 16 || q + k > self.end {
            return None;
        }
        let head = read_u64(&block[..8]);
        let stop = block[k];
        let after = if BYTE_CLASS[usize::from(stop)] & (BODY | NON_ASCII) == 0 {
            q + k
        } else if stop == b'.' {
            // "Obama. He": `next` cuts "Obama." and gives back the period
            // of a stem of five bytes or more, leaving `pos` past it.
            let next = bytes.get(q + k + 1).copied().unwrap_or(b'.');
            if k < 5
                || q + k + 1 > self.end
                || BYTE_CLASS[usize::from(next)] & (BODY | NON_ASCII) != 0
            {
                return None;
            }
            q + k + 1
        } else if matches!(punctuation_at(bytes, q + k), Some((_, false))) {
            // "Obama”": a closing quote or a dash, no part of a word.
            q + k
        } else {
            return None;
        };
        Some((k, after, head))
    }

    fn skip_to(&mut self, at: usize) {
        self.pos = self.pos.max(at);
    }

    /// What the next word says of the run open before it: it ends the
    /// run ([`WordIter::next_ends_run`]), or it is a plain word
    /// ([`WordIter::plain_word_at`]), which is then taken, as `next` would.
    #[inline(always)]
    fn after_run(&mut self) -> After {
        match self.next_ends_run() {
            Ok(true) => After::EndsRun,
            Ok(false) => After::Unknown,
            Err(q) => match self.plain_word_at(q) {
                Some((k, after, _)) => {
                    self.pos = after;
                    self.plain = true;
                    After::Plain(Span::new(q, q + k))
                }
                None => After::Unknown,
            },
        }
    }

    /// Whether the next word begins with an ASCII lower-case letter or a
    /// digit and is no particle and no "al-" (its first two bytes begin
    /// none, or its first four letters or its few show it): read on the
    /// few ASCII bytes before it and its first ones, false when it takes
    /// more (a non-ASCII char, a long gap). When it begins with an ASCII
    /// capital, after ASCII bytes alone, `Err` of where.
    #[inline]
    fn next_ends_run(&self) -> Result<bool, usize> {
        let bytes = self.text.as_bytes();
        let stop = self.end.min(self.pos + 4);
        let mut i = self.pos;
        while i < stop && BYTE_CLASS[usize::from(bytes[i])] & (ALNUM | NON_ASCII) == 0 {
            i += 1;
        }
        if i >= stop {
            return Ok(false);
        }
        let b = bytes[i];
        if b.is_ascii_uppercase() {
            return Err(i);
        }
        // A word of one byte is no particle.
        let second = if i + 1 < self.end { bytes[i + 1] } else { 0 };
        if !(b.is_ascii_lowercase() || b.is_ascii_digit()) {
            return Ok(false);
        }
        if !matches!(
            (b, second),
            (b'd', b'a' | b'e' | b'i' | b'u')
                | (b'v', b'a' | b'o')
                | (b'b', b'i')
                | (b'i', b'b')
                | (b'a', b'l')
                | (b'l', b'a' | b'e')
        ) {
            return Ok(true);
        }
        // "during", "led": begun as a particle is, but longer than any
        // (four letters), or of letters that end at a byte no word holds,
        // and none of the particles.
        let mut n = 2;
        while n < 4 && i + n < self.end && bytes[i + n].is_ascii_lowercase() {
            n += 1;
        }
        Ok(n == 4
            || bytes[i..self.end]
                .get(n)
                .is_none_or(|&a| BYTE_CLASS[usize::from(a)] & (BODY | NON_ASCII) == 0)
                && !is_particle(&self.text[i..i + n]))
    }

    /// The next word that may start a name, or the word holding `limit`
    /// (where a gazetteer match starts), whichever comes first; the words
    /// before it are skipped unseen.
    ///
    /// A name starts with an upper-case letter or with "al-". Rather than
    /// cut every word, scan the bytes for one that may begin such a word
    /// (an ASCII capital, a non-ASCII char, the hyphen of "al-") and take
    /// the word around it: a word of ours is the run of word chars holding
    /// it, from its first alphanumeric char, so it is found by walking back
    /// to the run's start. The word may turn out not to matter ("iPhone",
    /// "real-time"): the caller settles it like any other, so this may
    /// return too many words, never too few.
    ///
    /// `at_limit` is the gazetteer's match that starts at `limit`, if
    /// any: when the jump stops there and the match ends where a word
    /// does, the word holding its start is not cut at all (with no run
    /// open, it would only be passed over to the match's end), and the
    /// match is said to be next.
    fn next_name_start(&mut self, limit: usize, at_limit: Option<Span>) -> Option<Jump> {
        let bytes = self.text.as_bytes();
        let from = self.pos;
        let limit = limit.clamp(self.pos, self.end);
        let mut i = self.pos;
        let target = loop {
            let Some(q) = self.marks.next_before(i, limit) else {
                break limit;
            };
            match bytes[q] {
                b'A'..=b'Z' => match self.plain_word_at(q) {
                    // "The ", "He ": such a word with no run open leaves
                    // the scan as it was (no title, no name, no
                    // possessive, period or hyphen to read): passed over.
                    // (Of seven bytes or fewer: the inert words are.)
                    Some((k, _, head))
                        if k < 8
                            && bytes[q + k] == b' '
                            && q + k < limit
                            && self.inert.contains(head & ((1u64 << (8 * k)) - 1)) =>
                    {
                        i = q + k + 1;
                    }
                    // Most other names: the word is known without walking
                    // back to its start and cutting it again.
                    Some((k, after, _)) => {
                        self.pos = after;
                        self.plain = true;
                        return Some(Jump::Word(Span::new(q, q + k)));
                    }
                    None => break q,
                },
                b'-' => {
                    if q >= self.pos + 2 && &bytes[q - 2..q] == b"al" {
                        break q - 2;
                    }
                    i = q + 1;
                }
                _ => {
                    if let Some((len, _)) = punctuation_at(bytes, q) {
                        i = q + len;
                        continue;
                    }
                    // `q` is a char boundary: the scan only steps over whole chars.
                    let c = self.text[q..].chars().next()?;
                    if c.is_uppercase() {
                        break q;
                    }
                    i = q + c.len_utf8();
                }
            }
        };
        // A match starts at a capital, a word char, after no letter or
        // digit: the word `next` would cut holds its start, and when no
        // word char follows the match, that word stops inside it, or at
        // its end, where the scan would go on from.
        if let Some(g) = at_limit
            && target == g.start
            && g.start >= from
            && bytes[..self.end]
                .get(g.end)
                .is_none_or(|&b| BYTE_CLASS[usize::from(b)] & (BODY | NON_ASCII) == 0)
        {
            self.pos = g.end;
            return Some(Jump::Match);
        }
        // Every step back stays after `pos`, and `next` then moves `pos`
        // past `target`: each byte is walked back over at most once.
        let mut start = target;
        while start > self.pos {
            let b = bytes[start - 1];
            if b < 0x80 {
                if BYTE_CLASS[usize::from(b)] & BODY == 0 {
                    break;
                }
                start -= 1;
            } else if let Some((len, word_char)) = punctuation_before(bytes, start) {
                if !word_char {
                    break;
                }
                start -= len;
            } else {
                let c = self.text[..start].chars().next_back()?;
                if !is_word_char(c) {
                    break;
                }
                start -= c.len_utf8();
            }
        }
        self.pos = start;
        self.next().map(Jump::Word)
    }
}

/// The first bytes of a list of patterns, to rule out most positions
/// before an automaton is walked from them: one bit per (hashed) four-byte
/// prefix of the patterns of four bytes or more, one per two-byte prefix
/// of the shorter ones.
#[derive(Debug)]
struct Prefixes {
    /// A hash of the first four bytes of the longer patterns. (With a few
    /// hundred of them, a bit in 65536 is as good a test as the pair's bit
    /// and this one together were.)
    quads: Bits,
    /// The pairs that begin a pattern shorter than four bytes: with those,
    /// four bytes say nothing more. A one-byte pattern sets every pair
    /// that begins with its byte.
    short: Bits,
    /// For the patterns of four bytes or more, a hash of their first
    /// four, eight or sixteen bytes (for those of four to seven, eight to
    /// fifteen, and sixteen or more): "The ", "Republic" and "Democrat"
    /// begin the text at thousands of capitals, and a long pattern at
    /// none of them.
    heads: Bits,
}

/// Which of [`Prefixes::heads`] a pattern's or a text's first bytes set:
/// `n` of them (4, 8 or 16), read as `a` and, past eight, `b`.
#[inline(always)]
fn head_index(n: u64, a: u64, b: u64) -> usize {
    let x = a ^ b.rotate_left(29) ^ n.wrapping_mul(0x2545_f491_4f6c_dd1d);
    (x.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 48) as usize
}

impl Prefixes {
    fn new(patterns: &[&str]) -> Prefixes {
        let mut set = Prefixes {
            quads: Bits::new(),
            short: Bits::new(),
            heads: Bits::new(),
        };
        for p in patterns {
            let bytes = p.as_bytes();
            let n = match bytes.len() {
                0..4 => 0,
                4..8 => 4,
                8..16 => 8,
                _ => 16,
            };
            if n > 0 {
                let word = |r: std::ops::Range<usize>| {
                    bytes[r]
                        .iter()
                        .rev()
                        .fold(0u64, |w, &b| w << 8 | u64::from(b))
                };
                let (a, b) = match n {
                    16 => (word(0..8), word(8..16)),
                    _ => (word(0..n), 0),
                };
                set.heads.insert(head_index(n as u64, a, b));
            }
            match *bytes {
                [a, b, ..] => match bytes.get(..4) {
                    Some(quad) => set.quads.insert(quad_index(quad)),
                    None => set.short.insert(le_pair(a, b)),
                },
                [a] => {
                    for b in 0..=255 {
                        set.short.insert(le_pair(a, b));
                    }
                }
                [] => {}
            }
        }
        set
    }

    /// Whether a pattern of four bytes or more, and whether one of fewer,
    /// may match at the start of `hay`: false only when none can.
    #[inline]
    fn may_start_among(&self, hay: &[u8]) -> (bool, bool) {
        match hay.first_chunk::<4>() {
            Some(quad) => self.may_start_word(u32::from_le_bytes(*quad)),
            None => match *hay {
                [a, b, ..] => (false, self.short.contains(le_pair(a, b))),
                // An empty pattern, or one byte left: let the automaton say.
                _ => (true, true),
            },
        }
    }

    /// Whether a pattern of four bytes or more may match at the start of
    /// `hay`, whose first four bytes begin one ([`Prefixes::may_start_among`]):
    /// false only when none can.
    #[inline]
    fn may_start_long(&self, hay: &[u8]) -> bool {
        let Some(quad) = hay.first_chunk::<4>() else {
            return false;
        };
        if self
            .heads
            .contains(head_index(4, u64::from(u32::from_le_bytes(*quad)), 0))
        {
            return true;
        }
        let Some(head) = hay.first_chunk::<8>() else {
            return false;
        };
        let a = u64::from_le_bytes(*head);
        if self.heads.contains(head_index(8, a, 0)) {
            return true;
        }
        match hay.get(8..16).and_then(|b| b.first_chunk::<8>()) {
            Some(b) => self
                .heads
                .contains(head_index(16, a, u64::from_le_bytes(*b))),
            None => false,
        }
    }

    /// [`Prefixes::may_start_among`] of a text whose first four bytes are
    /// `word`, read little-endian.
    #[inline(always)]
    fn may_start_word(&self, word: u32) -> (bool, bool) {
        (
            self.may_start_long_word(word),
            self.may_start_short_word(word),
        )
    }

    /// The first of [`Prefixes::may_start_word`].
    #[inline(always)]
    fn may_start_long_word(&self, word: u32) -> bool {
        self.quads.contains(quad_index(&word.to_le_bytes()))
    }

    /// The second of [`Prefixes::may_start_word`]: the pair is the word's
    /// low half as it stands, with no swap of its bytes.
    #[inline(always)]
    fn may_start_short_word(&self, word: u32) -> bool {
        self.short.contains(usize::from(word as u16))
    }
}

/// The index in [`Prefixes::short`] of a pattern's first two bytes: they
/// as a little-endian `u16`, as the text's are read off a load of them.
fn le_pair(a: u8, b: u8) -> usize {
    usize::from(u16::from_le_bytes([a, b]))
}

/// The high bit of each byte of `x` that is not [`BODY`]: not an ASCII
/// letter, digit, `.`, `'` or `-` (so every byte of a non-ASCII char).
#[inline]
fn not_body_bits(x: u64) -> u64 {
    let y = x & !HI;
    // A letter in either case is one in lower case once 0x20 is set.
    let body = in_range_bits(y | (LO * 0x20), b'a', b'z')
        | in_range_bits(y, b'0', b'9')
        | in_range_bits(y, b'-', b'.')
        | in_range_bits(y, b'\'', b'\'');
    !(body & !x) & HI
}

/// [`not_body_bits`] on sixteen bytes: bit `k` for byte `k`.
#[inline(always)]
fn not_body_mask(v: Lanes) -> u64 {
    // A letter in either case is one in lower case once 0x20 is set; a
    // non-ASCII byte stays negative and outside every range.
    let body = v
        .or_bytes(0x20)
        .in_range(b'a', b'z')
        .or(v.in_range(b'0', b'9'))
        .or(v.in_range(b'-', b'.'))
        .or(v.eq(b'\''));
    body.not().mask()
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_uppercase() || b == b'-' || b >= 0x80
}

/// A bit for each byte of a text that [`is_name_byte`], found sixteen bytes
/// a step ([`Lanes`]) and without a branch: they are a few percent
/// of news text, and this one pass serves both the gazetteer, which looks at
/// the capitals, and the jumps between possible name starts.
#[derive(Debug)]
struct Marks {
    /// The offset in the text of the first byte.
    base: usize,
    /// Bit `k % 64` of word `k / 64` for the byte at `base + k`.
    bits: Vec<u64>,
    /// The same for the ASCII capitals alone: where the gazetteer looks,
    /// without a test per mark (a third of the marks are the bytes of
    /// curly quotes and dashes).
    caps: Vec<u64>,
}

impl Marks {
    #[cfg(test)]
    fn new(hay: &[u8], base: usize) -> Marks {
        Marks::new_in(hay, base, Vec::new(), Vec::new())
    }

    /// [`Marks::new`] in the lists `bits` and `caps` held (reused from
    /// article to article).
    fn new_in(hay: &[u8], base: usize, mut bits: Vec<u64>, mut caps: Vec<u64>) -> Marks {
        // Sized at once and written in place: a push per block was a
        // capacity test each.
        let words = hay.len().div_ceil(64);
        bits.clear();
        caps.clear();
        bits.resize(words, 0);
        caps.resize(words, 0);
        let (blocks, rest) = hay.as_chunks::<64>();
        mark_blocks(blocks, &mut bits, &mut caps);
        if let (Some(word), Some(cap)) = (bits.last_mut(), caps.last_mut())
            && !rest.is_empty()
        {
            for (k, &b) in rest.iter().enumerate() {
                *word |= u64::from(is_name_byte(b)) << k;
                *cap |= u64::from(b.is_ascii_uppercase()) << k;
            }
        }
        Marks { base, bits, caps }
    }

    /// The offset of the first marked byte at or after `from` and before
    /// `limit` (offsets in the text).
    #[inline]
    fn next_before(&self, from: usize, limit: usize) -> Option<usize> {
        let from = from.max(self.base) - self.base;
        let limit = limit.checked_sub(self.base)?;
        if from >= limit {
            return None;
        }
        let mut w = from / 64;
        let mut word = *self.bits.get(w)? & (u64::MAX << (from % 64));
        loop {
            if word != 0 {
                let k = w * 64 + word.trailing_zeros() as usize;
                return (k < limit).then_some(self.base + k);
            }
            w += 1;
            if w * 64 >= limit {
                return None;
            }
            word = *self.bits.get(w)?;
        }
    }
}

/// The marks and the capitals of whole blocks of 64 bytes, into the words
/// of `bits` and `caps` (as many, or more). With AVX2, where the CPU has
/// it, 32 bytes a step: this pass reads every byte of the article, and
/// took 3.9M Ir on PolNeAR train sixteen bytes a step.
fn mark_blocks(blocks: &[[u8; 64]], bits: &mut [u64], caps: &mut [u64]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, just checked.
        return unsafe { mark_blocks_avx2(blocks, bits, caps) };
    }
    mark_blocks_lanes(blocks, bits, caps);
}

/// [`mark_blocks`] on the [`Lanes`] of the x86_64 baseline (or none); the
/// AVX2 reading's test oracle.
fn mark_blocks_lanes(blocks: &[[u8; 64]], bits: &mut [u64], caps: &mut [u64]) {
    for ((block, word), cap) in blocks.iter().zip(bits).zip(caps) {
        let (mut w, mut c) = (0, 0);
        for (k, chunk) in block.as_chunks::<16>().0.iter().enumerate() {
            let v = Lanes::load(chunk);
            let capital = v.in_range(b'A', b'Z');
            w |= capital.or(v.eq(b'-')).or(v.high()).mask() << (16 * k);
            c |= capital.mask() << (16 * k);
        }
        (*word, *cap) = (w, c);
    }
}

/// [`mark_blocks`] with AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn mark_blocks_avx2(blocks: &[[u8; 64]], bits: &mut [u64], caps: &mut [u64]) {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_min_epu8, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_sub_epi8,
    };
    // Bit `k` of the two masks for byte `k` of 32: a capital is a byte
    // whose distance above `A`, unsigned, is at most 25 (a non-ASCII
    // byte's is 63 or more); a mark is a capital, a hyphen or a byte with
    // its top bit set, which the movemask reads off the byte itself.
    let half = |h: &[u8; 32]| {
        // SAFETY: the load reads the 32 bytes of `h`.
        let v = unsafe { _mm256_loadu_si256(h.as_ptr().cast::<__m256i>()) };
        let d = _mm256_sub_epi8(v, _mm256_set1_epi8(b'A' as i8));
        let capital = _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(25)), d);
        let hyphen = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'-' as i8));
        let marks = _mm256_or_si256(_mm256_or_si256(capital, hyphen), v);
        (
            u64::from(_mm256_movemask_epi8(marks) as u32),
            u64::from(_mm256_movemask_epi8(capital) as u32),
        )
    };
    for ((block, word), cap) in blocks.iter().zip(bits).zip(caps) {
        let (halves, _) = block.as_chunks::<32>();
        let (w0, c0) = half(&halves[0]);
        let (w1, c1) = half(&halves[1]);
        (*word, *cap) = (w0 | w1 << 32, c0 | c1 << 32);
    }
}

impl Marks {
    /// The marks before `limit`, in order, read a bit at a time.
    #[cfg(test)]
    fn iter(&self, limit: usize) -> MarkIter<'_> {
        MarkIter::new(&self.bits, self.base, limit)
    }

    /// The ASCII capitals before `limit`, in order.
    #[cfg(test)]
    fn capitals(&self, limit: usize) -> MarkIter<'_> {
        MarkIter::new(&self.caps, self.base, limit)
    }
}

/// The marks in order: each the lowest bit left in the current word.
#[cfg(test)]
struct MarkIter<'m> {
    /// The bits read: [`Marks::bits`] or [`Marks::caps`].
    bits: &'m [u64],
    /// The offset in the text of bit 0.
    base: usize,
    /// The word read, and its bits not yet taken.
    w: usize,
    word: u64,
    /// Relative to `marks.base`.
    limit: usize,
}

#[cfg(test)]
impl<'m> MarkIter<'m> {
    fn new(bits: &'m [u64], base: usize, limit: usize) -> MarkIter<'m> {
        MarkIter {
            bits,
            base,
            w: 0,
            word: bits.first().copied().unwrap_or(0),
            limit: limit.saturating_sub(base),
        }
    }

    /// Passes over the marks before `at` (an offset in the text).
    fn skip_to(&mut self, at: usize) {
        let at = at.saturating_sub(self.base);
        let w = at / 64;
        if w > self.w {
            self.w = w;
            self.word = self.bits.get(w).copied().unwrap_or(0);
        }
        if w == self.w {
            self.word &= u64::MAX << (at % 64);
        }
    }
}

#[cfg(test)]
impl Iterator for MarkIter<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.word == 0 {
            self.w += 1;
            if self.w * 64 >= self.limit {
                return None;
            }
            self.word = *self.bits.get(self.w)?;
        }
        let k = self.w * 64 + self.word.trailing_zeros() as usize;
        self.word &= self.word - 1;
        (k < self.limit).then_some(self.base + k)
    }
}

impl Iterator for WordIter<'_> {
    type Item = Span;

    #[inline(always)]
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
            } else if let Some((len, _)) = punctuation_at(bytes, i) {
                i += len;
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
            // Sixteen bytes a step to the first that ends the word or needs
            // a look (nearly every word ends in the first sixteen), in
            // fewer instructions than the eight-byte SWAR step takes; that
            // one near the end of the text.
            if let Some(block) = bytes.get(i..i + 16).and_then(|b| b.first_chunk::<16>())
                && i + 16 <= self.end
            {
                let stop = not_body_mask(Lanes::load(block));
                if stop == 0 {
                    i += 16;
                    continue;
                }
                i += stop.trailing_zeros() as usize;
            } else if let Some(chunk) = bytes.get(i..i + 8)
                && i + 8 <= self.end
            {
                let stop = not_body_bits(read_u64(chunk));
                if stop == 0 {
                    i += 8;
                    continue;
                }
                i += (stop.trailing_zeros() / 8) as usize;
            }
            let class = BYTE_CLASS[usize::from(bytes[i])];
            if class & BODY != 0 {
                i += 1;
                continue;
            }
            if class & NON_ASCII == 0 {
                break;
            }
            if let Some((len, word_char)) = punctuation_at(bytes, i) {
                if !word_char {
                    break;
                }
                i += len;
                continue;
            }
            let c = self.text[i..].chars().next()?;
            if !is_word_char(c) {
                break;
            }
            i += c.len_utf8();
        }
        let mut end = i;
        self.pos = end;
        // Most words end in a letter or a digit, and keep it.
        if end > start && BYTE_CLASS[usize::from(bytes[end - 1])] & ALNUM != 0 {
            return Some(Span::new(start, end));
        }
        // Closing apostrophes or quotes glued to the word are not part of it.
        // (Both ASCII: bytes say what chars would.)
        while end > start && matches!(bytes[end - 1], b'\'' | b'-') {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'.' {
            let stem = &bytes[start..end - 1];
            if stem.len() > 4 && !stem.contains(&b'.') {
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

/// The char at `bytes[i..]` when it is the no-break space or one of U+2000
/// to U+203F (spaces, dashes, curly quotes: nearly all the non-ASCII chars
/// of news text), read on its bytes rather than through the Unicode tables:
/// its length, and whether it is a word char (`’` alone). None of them is
/// alphanumeric or upper-case.
#[inline]
fn punctuation_at(bytes: &[u8], i: usize) -> Option<(usize, bool)> {
    match *bytes.get(i..)? {
        [0xe2, 0x80, c, ..] => Some((3, c == 0x99)),
        [0xc2, 0xa0, ..] => Some((2, false)),
        _ => None,
    }
}

/// [`punctuation_at`] for the char that ends at `end`.
#[inline]
fn punctuation_before(bytes: &[u8], end: usize) -> Option<(usize, bool)> {
    match *bytes.get(..end)? {
        [.., 0xe2, 0x80, c] => Some((3, c == 0x99)),
        [.., 0xc2, 0xa0] => Some((2, false)),
        _ => None,
    }
}

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

    #[test]
    fn bytes_found_eight_at_a_time_as_one_at_a_time() {
        let mut all: Vec<u8> = (0..=255).collect();
        all.extend((0..=255).rev());
        all.extend((0..=255).map(|b: u8| b.wrapping_mul(37)));
        for start in 0..all.len() {
            for end in [
                start,
                start + 1,
                start + 7,
                start + 8,
                start + 9,
                start + 70,
                all.len(),
            ] {
                let hay = &all[start..end.min(all.len())];
                let want: Vec<usize> = (0..hay.len())
                    .filter(|&k| hay[k].is_ascii_uppercase() || hay[k] == b'-' || hay[k] >= 0x80)
                    .map(|k| k + 3)
                    .collect();
                let marks = Marks::new(hay, 3);
                let mut found = Vec::new();
                let mut at = 0;
                while let Some(k) = marks.next_before(at, hay.len() + 3) {
                    found.push(k);
                    at = k + 1;
                }
                assert_eq!(found, want, "{start}..{end}");
                assert_eq!(marks.iter(hay.len() + 3).collect::<Vec<_>>(), want);
                let capitals: Vec<usize> = (0..hay.len())
                    .filter(|&k| hay[k].is_ascii_uppercase())
                    .map(|k| k + 3)
                    .collect();
                assert_eq!(marks.capitals(hay.len() + 3).collect::<Vec<_>>(), capitals);
                // Skipping as the gazetteer does, past a match's end.
                for skip in [0, 1, 5, 63, 64, 65, 130] {
                    let mut it = marks.iter(hay.len() + 3);
                    let first = it.next();
                    it.skip_to(3 + skip);
                    let rest: Vec<usize> = it.collect();
                    let want_rest: Vec<usize> = want
                        .iter()
                        .copied()
                        .skip(1)
                        .filter(|&k| k >= 3 + skip)
                        .collect();
                    assert_eq!(
                        (first, rest),
                        (want.first().copied(), want_rest),
                        "skip {skip}"
                    );
                }
                // A limit cuts the search short; a start before the text is its start.
                for limit in [0, 3, 4, 10, 67, 70] {
                    let first = want.iter().copied().find(|&k| k < limit);
                    assert_eq!(
                        marks.next_before(0, limit),
                        first,
                        "{start}..{end} to {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn prefix_bits_read_a_pair_as_its_load_of_four_bytes_holds_it() {
        // "AP" is short, "Reuters" long: the text's four bytes, read as one
        // little-endian word, must meet the bits their patterns set.
        let prefixes = Prefixes::new(&["AP", "Reuters"]);
        let cases: [(&[u8; 4], (bool, bool)); 4] = [
            (b"AP, ", (false, true)),
            (b"Reut", (true, false)),
            (b"PA, ", (false, false)),
            (b"eRtu", (false, false)),
        ];
        for (quad, want) in cases {
            assert_eq!(
                prefixes.may_start_word(u32::from_le_bytes(*quad)),
                want,
                "{quad:?}"
            );
            assert_eq!(prefixes.may_start_among(quad), want, "{quad:?}");
        }
    }

    #[test]
    fn char_before_is_the_last_char_past_the_spaces() {
        let mut texts: Vec<String> = [
            "",
            " ",
            "a",
            "a ",
            "a \n\t",
            "“Q” Said",
            "x\u{a0} y",
            "é\u{2003}z",
            "\u{85}",
            "end.\r\n\x0b\x0cNext",
            "a\u{3000}\u{205f}b",
            "ω ’ Ω",
            "\u{1680}",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        // Every char up to U+3100 (all whitespace but none), alone and before spaces.
        for c in (0..0x3100).filter_map(char::from_u32) {
            texts.push(format!("a{c}"));
            texts.push(format!("{c} \u{a0}\u{2009}"));
        }
        for t in &texts {
            for at in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                assert_eq!(
                    char_before(t, at),
                    t[..at].trim_end().chars().next_back(),
                    "{t:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn words_hold_what_a_hash_set_holds() {
        let lex = Lexicons::default();
        let mut lists: Vec<Vec<String>> = [
            &lex.organizations,
            &lex.places,
            &lex.titles,
            &lex.not_names,
            &lex.female_names,
            &lex.male_names,
            &lex.org_suffixes,
            &lex.cues,
        ]
        .iter()
        .map(|l| l.entries().to_vec())
        .collect();
        lists.push(vec![]);
        lists.push(vec![String::new(), "a".into(), "a".into(), "é".into()]);
        lists.push((0..3000).map(|i| format!("w{i}")).collect());
        for list in &lists {
            let words = set(list);
            let want: HashSet<&str> = list.iter().map(String::as_str).collect();
            let mut probes: Vec<String> = Vec::new();
            for e in list.iter().chain(&lists[0]) {
                probes.push(e.clone());
                probes.push(e.to_uppercase());
                probes.push(e.to_lowercase());
                probes.push(format!("{e}s"));
                probes.push(format!("x{e}"));
                for k in (0..e.len()).filter(|&k| e.is_char_boundary(k)) {
                    probes.push(e[..k].to_string());
                    probes.push(e[k..].to_string());
                }
            }
            probes.push("a".repeat(40));
            for p in &probes {
                assert_eq!(words.contains(p), want.contains(p.as_str()), "{p:?}");
            }
        }
    }

    #[test]
    fn lists_say_what_each_list_says() {
        let default = Lexicons::default();
        let overlapping = Lexicons {
            titles: crate::lexicon::Lexicon::parse("King\nMr.\nJordan"),
            places: crate::lexicon::Lexicon::parse("Jordan\nGeorgia\nKing"),
            female_names: crate::lexicon::Lexicon::parse("Georgia\nJordan"),
            male_names: crate::lexicon::Lexicon::parse("Jordan\nKing\né"),
            ..Lexicons::default()
        };
        for lex in [&default, &overlapping] {
            let lists = Lists::new(lex);
            let sets = [
                (&lex.titles, TITLE),
                (&lex.not_names, NOT_NAME),
                (&lex.org_suffixes, ORG_SUFFIX),
                (&lex.places, PLACE),
                (&lex.female_names, FEMALE),
                (&lex.male_names, MALE),
            ];
            let mut probes: Vec<String> = vec!["".into(), "a".into(), "Smith".into()];
            for (l, _) in &sets {
                for e in l.entries() {
                    probes.extend([
                        e.clone(),
                        e.to_uppercase(),
                        e.to_lowercase(),
                        format!("{e}s"),
                        format!("x{e}"),
                    ]);
                    probes.extend((1..e.len()).filter_map(|k| e.get(..k).map(str::to_string)));
                }
            }
            for p in &probes {
                let want = sets
                    .iter()
                    .filter(|(l, _)| l.entries().contains(p))
                    .fold(0, |m, &(_, bit)| m | bit);
                assert_eq!(lists.of_word(p), want, "{p:?}");
                // With the text after it, read off one load.
                for rest in ["", " x", " and so on", "é and so on"] {
                    let text = format!("{p}{rest}");
                    let (word, from) = (&text.as_bytes()[..p.len()], text.as_bytes());
                    assert_eq!(lists.of_word_from(word, from), want, "{p:?}{rest:?}");
                    assert_eq!(lists.probe_from(word, from), PROBED | want, "{p:?}{rest:?}");
                }
                let shape = lists.maybe_of(p);
                assert_eq!(shape & want, want, "{p:?}");
                for ask in [TITLE, ORG_SUFFIX, PLACE | FEMALE, FEMALE | MALE, ALL] {
                    assert_eq!(lists.settle(p, shape, ask), want & ask, "{p:?}");
                    assert_eq!(lists.settle(p, lists.probe(p), ask), want & ask, "{p:?}");
                }
            }
        }
    }

    #[test]
    fn punctuation_read_on_bytes_as_the_unicode_tables_read_it() {
        let mut seen = 0;
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            let (at, end) = (1, 1 + c.len_utf8());
            let found = punctuation_at(s.as_bytes(), at);
            assert_eq!(found, punctuation_before(s.as_bytes(), end), "{c:?}");
            let want = ('\u{2000}'..='\u{203f}').contains(&c) || c == '\u{a0}';
            assert_eq!(found.is_some(), want, "{c:?}");
            if let Some((len, word_char)) = found {
                assert_eq!(len, c.len_utf8(), "{c:?}");
                assert_eq!(word_char, is_word_char(c), "{c:?}");
                assert!(!c.is_alphanumeric() && !c.is_uppercase(), "{c:?}");
                seen += 1;
            }
        }
        assert_eq!(seen, 65);
        assert_eq!(punctuation_at(b"ab", 5), None);
        assert_eq!(punctuation_before(b"ab", 5), None);
    }

    #[test]
    fn word_ends_found_eight_at_a_time_as_one_at_a_time() {
        for fill in [b'a', b'Z', b'7', b'.', b' ', 0x80, 0xff] {
            for b in 0..=255u8 {
                for lane in 0..8 {
                    let mut chunk = [fill; 8];
                    chunk[lane] = b;
                    let want = chunk
                        .iter()
                        .enumerate()
                        .filter(|&(_, &c)| BYTE_CLASS[usize::from(c)] & BODY == 0)
                        .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k));
                    assert_eq!(not_body_bits(u64::from_le_bytes(chunk)), want, "{chunk:?}");
                }
            }
        }
    }

    #[test]
    fn word_ends_found_sixteen_at_a_time_as_one_at_a_time() {
        for fill in [b'a', b'Z', b'7', b'.', b' ', 0x80, 0xff] {
            for b in 0..=255u8 {
                for lane in 0..16 {
                    let mut block = [fill; 16];
                    block[lane] = b;
                    let want = block
                        .iter()
                        .enumerate()
                        .filter(|&(_, &c)| BYTE_CLASS[usize::from(c)] & BODY == 0)
                        .fold(0u64, |m, (k, _)| m | 1 << k);
                    assert_eq!(not_body_mask(Lanes::load(&block)), want, "{block:?}");
                }
            }
        }
    }

    #[test]
    fn cue_words_known_as_their_lower_case_copies() {
        let lex = Lexicons::default();
        let r = EntityRecognizer::new(&lex).unwrap();
        let mut words: Vec<String> = vec![
            "Said".into(),
            "SAID".into(),
            "Continued".into(),
            "Smith".into(),
            "Zürich".into(),
            "SAYS".into(),
            "Acknowledged-ish".into(),
            "Ω".into(),
            "".into(),
        ];
        for e in lex.cues.entries().iter().filter(|e| !e.contains(' ')) {
            let mut cap = e.clone();
            cap[..1].make_ascii_uppercase();
            words.extend([
                e.clone(),
                cap,
                e.to_ascii_uppercase(),
                format!("{e}x"),
                format!("É{e}"),
            ]);
        }
        for w in &words {
            let want =
                w.len() <= 16 && w.is_ascii() && r.cue_words.contains(&w.to_ascii_lowercase());
            assert_eq!(r.is_cue_word(w.as_bytes()), want, "{w:?}");
            // With the text after it, read off one load.
            for rest in [" and on", "é and on", "x"] {
                let text = format!("{w}{rest}");
                let word = &text.as_bytes()[..w.len()];
                let found = r.may_be_cue_word(word) && r.is_cue_word_from(word, text.as_bytes());
                assert_eq!(found, want, "{w:?}{rest:?}");
            }
        }
    }

    #[test]
    fn same_bytes_as_slices_compare() {
        let words: Vec<Vec<u8>> = (0..=20)
            .flat_map(|n| {
                let base: Vec<u8> = (0..n).map(|k| b'a' + k as u8).collect();
                let mut out = vec![base.clone()];
                for k in 0..n {
                    let mut v = base.clone();
                    v[k] = b'Z';
                    out.push(v);
                }
                out
            })
            .collect();
        for a in &words {
            for b in &words {
                assert_eq!(same_bytes(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    /// A plain word read off one load is the word `next` cuts there.
    #[test]
    fn plain_words_as_next_cuts_them() {
        let texts = [
            "The cat. He said, “Trump’s” Clinton-era U.S. GOP; Sanders7 Ab.",
            "x.Trump Obama’s Mr. Ted Cruz) Rubio\u{a0}Jr (Bush) 'Kasich' Iowa",
            "Aaaaaaa Bbbbbbbb Cccccc. Dd, E Ff\nGg\tHé Iñ JJ-KK LL'mm Zz",
            "“Washington” Republicans. Obama. Bush. Trump.” Clinton.. Sanders.x \
             Mississippians —Kasich— Iowa.’ Ohio’ Cruz.’s Massachusetts’s Abcdefghijklmnop Ab",
            "Aaaaaaaaaaaaaaa Bbbbbbbbbbbbbbbb Cccccccccccccc. Dddddddd.\u{a0}Eeeeeeeeeé Ffffffff”  \
             Abcde.Fg Hhhhhhh. Iiiiiiiii.",
        ];
        let inert = Inert {
            words: KeySet::new([], 4),
        };
        let mut seen = 0;
        for text in texts {
            let marks = Marks::new(text.as_bytes(), 0);
            for end in [text.len(), text.len() - 3] {
                for (q, &b) in text.as_bytes().iter().enumerate() {
                    if !b.is_ascii_uppercase() || q > end {
                        continue;
                    }
                    for pos in [q, q.saturating_sub(1), q.saturating_sub(2)] {
                        let mut words = WordIter::new(text, Span::new(pos, end), &marks, &inert);
                        let Some((k, after, head)) = words.plain_word_at(q) else {
                            continue;
                        };
                        seen += 1;
                        assert_eq!(head.to_le_bytes(), text.as_bytes()[q..q + 8]);
                        // As the jump would have it: back to the word's
                        // start, then cut.
                        let mut start = q;
                        while start > pos {
                            let b = text.as_bytes()[start - 1];
                            if b < 0x80 {
                                if BYTE_CLASS[usize::from(b)] & BODY == 0 {
                                    break;
                                }
                                start -= 1;
                            } else {
                                let c = text[..start].chars().next_back().unwrap();
                                if !is_word_char(c) {
                                    break;
                                }
                                start -= c.len_utf8();
                            }
                        }
                        words.pos = start;
                        assert_eq!(
                            words.next(),
                            Some(Span::new(q, q + k)),
                            "{text:?} at {q} from {pos}"
                        );
                        assert_eq!(words.pos, after, "{text:?} at {q} from {pos}");
                    }
                }
            }
        }
        assert!(seen > 60, "{seen}");
    }

    #[test]
    fn last_space_found_by_words_as_by_position() {
        let texts = [
            "",
            " ",
            "a",
            "Trump",
            "Al Gore",
            "Hillary Clinton",
            "Ann Georgia Jordan",
            "Osama bin Laden Abdul Jordan",
            "  x  ",
            "A\u{a0}York x",
            "é Paris É",
            "abcdefgh ijklmnop qrstuvwx",
            "        ",
        ];
        for t in texts {
            let b = t.as_bytes();
            for start in 0..=b.len() {
                for end in start..=b.len() + 1 {
                    let want = b
                        .get(start..end)
                        .and_then(|s| s.iter().rposition(|&c| c == b' '))
                        .map(|i| start + i);
                    let want = if end > b.len() {
                        b[start..]
                            .iter()
                            .rposition(|&c| c == b' ')
                            .map(|i| start + i)
                    } else {
                        want
                    };
                    assert_eq!(last_space(b, start, end), want, "{t:?} {start}..{end}");
                }
            }
        }
    }

    #[test]
    fn one_space_read_on_bytes_as_the_str_compare() {
        let text = "a b\u{a0}c  d\u{2009}e\tf";
        for from in 0..=text.len() {
            for to in from..=text.len() {
                let want = text
                    .get(from..to)
                    .is_some_and(|s| matches!(s, " " | "\u{a0}"));
                assert_eq!(one_space_between(text, from, to), want, "{from}..{to}");
            }
        }
    }

    #[test]
    fn acronyms_known_by_their_second_byte_as_by_their_chars() {
        let old = |name: &str| {
            name.len() <= 6
                && name
                    .chars()
                    .all(|c| c.is_uppercase() || c == '.' || c == '&')
                && name.chars().filter(|c| c.is_alphabetic()).count() >= 2
        };
        let mut names: Vec<String> = [
            "", "G", "GOP", "U.S.", "AT&T", "Gop", "ÉU", "Éu", "UÉ", "ΩΣ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let chars = ['A', 'z', '.', '&', 'É', 'é', 'Ω', '7', '-'];
        for &a in &chars {
            for &b in &chars {
                for &c in &chars {
                    names.push([a, b].iter().collect());
                    names.push([a, b, c].iter().collect());
                    names.push([a, b, c, 'X', 'Y'].iter().collect());
                }
            }
        }
        for n in &names {
            assert_eq!(is_acronym(n), old(n), "{n:?}");
        }
    }

    #[test]
    fn particles_known_without_the_list() {
        let others = [
            "", "d", "De", "DE", "VAN", "dee", "bin.", "Al", "al-", "é", "éé", "la’", "van ",
        ];
        for w in PARTICLES.iter().chain(&others) {
            assert_eq!(is_particle(w), PARTICLES.contains(w), "{w:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(300))]

        /// With entries that are prefixes of one another, equal entries of
        /// both kinds and entries of one to six bytes, the buckets are built
        /// and the scan at capitals finds what `find_iter` finds, pattern
        /// for pattern. (`scan`'s own test holds the buckets to the walk at
        /// every position.)
        #[test]
        fn gazetteer_at_capitals_finds_what_find_iter_finds(
            orgs in proptest::collection::vec(
                proptest::string::string_regex("[AB][abAB ]{0,5}").unwrap(), 1..12),
            places in proptest::collection::vec(
                proptest::string::string_regex("[AB][abAB ]{0,5}").unwrap(), 0..12),
            text in proptest::string::string_regex("[abAB .-]{0,60}").unwrap(),
        ) {
            let lexicons = Lexicons {
                organizations: crate::lexicon::Lexicon::parse(&orgs.join("\n")),
                places: crate::lexicon::Lexicon::parse(&places.join("\n")),
                ..Lexicons::default()
            };
            let r = EntityRecognizer::new(&lexicons).unwrap();
            proptest::prop_assert!(matches!(r.gazetteer, Gazetteer::Buckets(_)));
            proptest::prop_assert_eq!(r.gazetteer_at_capitals(&text), by_find_iter(&oracle(&lexicons), &text));
        }
    }

    #[test]
    fn a_crowded_bucket_keeps_the_walk() {
        let orgs: Vec<String> = (0..100).map(|i| format!("Acme {i}")).collect();
        let lexicons = Lexicons {
            organizations: crate::lexicon::Lexicon::parse(&orgs.join("\n")),
            ..Lexicons::default()
        };
        let r = EntityRecognizer::new(&lexicons).unwrap();
        assert!(matches!(r.gazetteer, Gazetteer::WalkAtCapitals(..)));
        let text = "Acme 42 and Acme 7 met Acme 99.";
        assert_eq!(
            r.gazetteer_at_capitals(text),
            by_find_iter(&oracle(&lexicons), text)
        );
        assert!(matches!(
            EntityRecognizer::new(&Lexicons::default())
                .unwrap()
                .gazetteer,
            Gazetteer::Buckets(_)
        ));
    }

    #[test]
    fn a_lower_case_entry_runs_the_automaton_over_every_byte() {
        let lexicons = Lexicons {
            organizations: crate::lexicon::Lexicon::parse("Acme\nthe firm"),
            ..Lexicons::default()
        };
        let r = EntityRecognizer::new(&lexicons).unwrap();
        assert!(matches!(r.gazetteer, Gazetteer::Everywhere(_)));
        let found: Vec<&str> = r
            .mentions("Acme and the firm said so.", Span::new(0, 26))
            .iter()
            .map(|m| m.span.as_str("Acme and the firm said so."))
            .collect();
        assert_eq!(found, ["Acme", "the firm"]);
    }

    /// The automaton the buckets and the walk are held to.
    fn oracle(lexicons: &Lexicons) -> DFA {
        gazetteer_dfa(&gazetteer_patterns(lexicons).0).unwrap()
    }

    fn by_find_iter(dfa: &DFA, hay: &str) -> Vec<Match> {
        gazetteer_everywhere(dfa, hay)
    }

    /// The map-based reading that `surnames_that_look_like_places` replaced.
    fn surnames_by_map(text: &str, out: &mut [Mention]) {
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

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(500))]

        /// Places compared with each person's last word, or sorted and
        /// looked up (past a handful of them), mark the places a map did.
        #[test]
        fn surnames_as_the_map_found_them(
            parts in proptest::collection::vec((proptest::sample::select(&[
                "Jordan", "Chuck Jordan", "Jim  Jordan", "Georgia", "Ann Georgia", "Paris",
                "Paris Hilton", "Hilton", "New York", "Mr York", "York", "A\u{a0}York", "Jordan ",
                " Jordan", "", "A B York", "Ann Georgia Jordan", "Jo", "Mo Jo", "J", "Al J",
                "Paris Jordan Georgia", "É Paris", "Paris É",
            ][..]), 0..3usize), 0..12),
            copies in 1..12usize,
        ) {
            // Copies with a letter added to each part: past sixteen
            // distinct places, they are sorted.
            let parts: Vec<(String, usize)> = (0..copies)
                .flat_map(|c| {
                    parts.iter().map(move |&(p, kind)| match c {
                        0 => (p.to_string(), kind),
                        _ => (format!("{p}{}", char::from(b'a' + c as u8)), kind),
                    })
                })
                .collect();
            let mut text = String::new();
            let mut out = Vec::new();
            for (part, kind) in &parts {
                let span = Span::new(text.len(), text.len() + part.len());
                text.push_str(part);
                text.push_str(", ");
                let kind = [MentionKind::Person, MentionKind::Place, MentionKind::Organization][*kind];
                out.push(Mention { span, phrase: span, kind, gender: Gender::Unknown });
            }
            let mut want = out.clone();
            surnames_by_map(&text, &mut want);
            let found = Scanned::of(&text, &out);
            surnames_that_look_like_places(&text, &mut out, &found.places, &found.tails);
            proptest::prop_assert_eq!(out, want);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(500))]

        /// The marks of whole blocks are the same with AVX2 (where the CPU
        /// has it) as with the baseline lanes, and both are the bytes'
        /// own: every byte value, in every lane of a block.
        #[test]
        fn avx2_marks_are_the_lanes_marks(
            bytes in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(&[
                    0u8, b' ', b'-', b',', b'@', b'A', b'B', b'M', b'Y', b'Z', b'[', b'`', b'a',
                    b'z', 0x7f, 0x80, 0xc2, 0xa0, 0xe2, 0xff,
                ][..]),
                proptest::num::u8::ANY,
            ], 0..300),
        ) {
            let (blocks, _) = bytes.as_chunks::<64>();
            let n = blocks.len();
            let (mut bits, mut caps) = (vec![u64::MAX; n], vec![u64::MAX; n]);
            mark_blocks(blocks, &mut bits, &mut caps);
            let (mut lane_bits, mut lane_caps) = (vec![0; n], vec![0; n]);
            mark_blocks_lanes(blocks, &mut lane_bits, &mut lane_caps);
            proptest::prop_assert_eq!(&bits, &lane_bits);
            proptest::prop_assert_eq!(&caps, &lane_caps);
            for (k, &b) in bytes[..64 * n].iter().enumerate() {
                proptest::prop_assert_eq!(bits[k / 64] >> (k % 64) & 1 != 0, is_name_byte(b));
                proptest::prop_assert_eq!(caps[k / 64] >> (k % 64) & 1 != 0, b.is_ascii_uppercase());
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        /// Jumping between possible name starts finds exactly the mentions
        /// of the word-by-word reading.
        #[test]
        fn jumps_keep_every_mention(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "Smith", "smith", " ", " ", " ", "\u{a0}", ".", ". ", ", ", "-", "'", "’", "’s", "'s",
                "al-", "al", "l-", "a", "de", "van", "bin", "Mr.", "Sen.", "Dr", "President",
                "Reuters", "New York", "York", "Times", "Kremlin", "Amnesty International",
                "É", "é", "Zürich", "ß", "“", "”", "\n", "iPhone", "real-time", "D.", "U.S.",
                "GOP", "Walking", "quickly", "Corp.", "x", "7", "_", "Ünal", "Ω", "ω", "N", "Ne", "UN",
                "United Nations", "United States", "Washington", "White House", "Moscow",
                "said", "and", "in", "di", "la", "le", "du", "ibn", "bin", "von", "do", "Chuck",
                "during", "led", "del", "dea", "al-Assad",
                "The", "The ", "He ", "But", "I ", "A ", "Tuesday ", "May ", "Its ", "It's",
                "Theresa", "Hee ", "Thee ", "Said ", "Meanwhile ", "Thursday ", "\"The ",
            ][..]), 0..40)
        ) {
            let text = parts.concat();
            // Built once: the gazetteer's DFA per case made the test slow.
            static BUILT: std::sync::OnceLock<(EntityRecognizer, DFA)> = std::sync::OnceLock::new();
            let (r, dfa) = BUILT.get_or_init(|| {
                let lexicons = Lexicons::default();
                (EntityRecognizer::new(&lexicons).unwrap(), oracle(&lexicons))
            });
            proptest::prop_assert!(r.gazetteer_capitalized);
            proptest::prop_assert_eq!(
                r.gazetteer_at_capitals(&text),
                by_find_iter(dfa, &text)
            );
            // Whole texts, and spans that cut into them like a caller's might.
            let first = parts.first().map_or(0, |p| p.len());
            let last = parts.last().map_or(0, |p| p.len());
            let inner = Span::new(first, text.len().saturating_sub(last).max(first));
            for within in [Span::new(0, text.len()), inner] {
                proptest::prop_assert_eq!(
                    r.scan(&text, within, true),
                    r.scan(&text, within, false),
                    "{:?} in {:?}", text, within
                );
            }
        }
    }
}
