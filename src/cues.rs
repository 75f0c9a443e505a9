//! The reporting-cue matcher: one Aho-Corasick automaton over the cue lexicon.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, Match, MatchKind, PatternID, StartKind};

use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use crate::scan::{
    Bits, ByteBits, Case, Entries, HI, LO, Lanes, anchored_walk, in_range_bits, pack_high_bits,
};
use crate::segment;
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
    /// The longest entry at a word start.
    longest: Longest,
    /// Which word starts may begin an entry.
    starts: Starts,
    /// Of those, which may hold one whole (a second, finer filter).
    heads: Heads,
    /// Every entry begins with an ASCII letter (the embedded lexicon's
    /// do): only word starts at a letter need a look.
    letter_starts: bool,
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
        let patterns: Vec<&str> = entries.iter().map(String::as_str).collect();
        // Of entries equal but for case, the automaton reports the first.
        let first_equal = |p: &str| {
            patterns
                .iter()
                .position(|e| e.eq_ignore_ascii_case(p))
                .map(PatternID::must)
        };
        let longest = match Entries::new(&patterns, Case::AsciiInsensitive, first_equal) {
            Some(entries) => Longest::Entries(entries),
            None => {
                let dfa = DFA::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .build(&entries)
                    .map_err(|e| build_error(e.to_string()))?;
                let start = dfa
                    .start_state(Anchored::Yes)
                    .map_err(|e| build_error(e.to_string()))?;
                Longest::Walk {
                    dfa: Box::new(dfa),
                    start,
                }
            }
        };
        let classes = entries.iter().map(|e| class_of(e)).collect();
        Ok(CueMatcher {
            longest,
            starts: Starts::new(&entries),
            heads: Heads::new(&entries),
            letter_starts: entries
                .iter()
                .all(|e| e.as_bytes()[0].is_ascii_alphabetic()),
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
    /// A cue starts a word, so the longest entry is looked up (`Longest`)
    /// only where the char before ends a word and the first bytes may begin
    /// a cue (see `Starts`): an unanchored automaton made a dependent load
    /// from a table too big for the L1 cache at every byte, where most word
    /// starts are settled here by a bit test. The cues are
    /// those of the unanchored leftmost-longest search that passes a failing
    /// match over by one char ("The disappoint outlined it.": the raw match
    /// "point out" lies across two words and hides no "outlined"): such a
    /// match fails at its start, the start the anchored search looks at.
    /// Each byte is tested once and compared at most once per entry of the
    /// looked-up bucket, so the search stays linear in the text times the
    /// longest entry.
    pub fn find_all(&self, text: &str) -> Vec<Cue> {
        let mut out = Vec::new();
        self.find_all_into(text, &mut out);
        out
    }

    /// [`CueMatcher::find_all`], into `out` (emptied first): the extractor
    /// reuses one list from article to article.
    pub fn find_all_into(&self, text: &str, list: &mut Vec<Cue>) {
        self.find_all_then(text, list, |_, _: &Classes| {});
    }

    /// [`CueMatcher::find_all_into`], and the paragraphs of `text` into
    /// `paragraphs` (emptied first), as [`segment::paragraphs_into`] finds
    /// them: the line breaks read off the blocks the search reads anyway,
    /// where a search of its own for each break cost more in its set-up
    /// than in its reading.
    ///
    /// And, a bit per byte, where a quotation mark may start (the
    /// candidates of [`crate::quotes`]' scan) into `quotes`, emptied first.
    pub(crate) fn find_all_and_paragraphs_into(
        &self,
        text: &str,
        list: &mut Vec<Cue>,
        paragraphs: &mut Vec<Span>,
        quotes: &mut ByteBits,
    ) {
        paragraphs.clear();
        // A news paragraph is some 250 bytes: room for them at once.
        paragraphs.reserve(text.len() / 192 + 4);
        // A word a block, at once.
        let quotes = &mut quotes.0;
        quotes.clear();
        quotes.reserve(text.len().div_ceil(64) * 2);
        let mut cuts = segment::LineCuts::new();
        self.find_all_then(
            text,
            list,
            #[inline(always)]
            |base, c: &Classes| {
                let mut breaks = c.breaks;
                // (Most blocks hold none.)
                while breaks != 0 {
                    cuts.cut(text, base + breaks.trailing_zeros() as usize, paragraphs);
                    breaks &= breaks - 1;
                }
                // (A word a half block: see `ByteBits`.)
                quotes.extend([c.quotes as u32, (c.quotes >> 32) as u32]);
            },
        );
        cuts.cut(text, text.len(), paragraphs);
    }

    /// [`CueMatcher::find_all_into`], each block's line breaks given to
    /// `breaks` (its offset, a bit per byte), in text order.
    fn find_all_then(&self, text: &str, list: &mut Vec<Cue>, breaks: impl FnMut(usize, &Classes)) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("bmi1")
            && std::arch::is_x86_feature_detected!("bmi2")
        {
            // SAFETY: the CPU has AVX2, BMI1 and BMI2, just checked.
            return unsafe { self.find_all_avx2(text, list, breaks) };
        }
        self.find_all_by(text, list, block_classes_lanes, breaks);
    }

    /// [`CueMatcher::find_all_then`] with the blocks' classes read 32
    /// bytes a step: that reading of every byte of the article was a
    /// sixth of the search sixteen bytes a step. With BMI1 and BMI2 too:
    /// the word-start loop's lowest-bit clear, bit count and shift by a
    /// count are one instruction each with them (2.5M Ir of 201.2M).
    /// The CPUs with AVX2 have both.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,bmi1,bmi2")]
    fn find_all_avx2(&self, text: &str, list: &mut Vec<Cue>, breaks: impl FnMut(usize, &Classes)) {
        self.find_all_by(text, list, |block| block_classes_avx2(block), breaks);
    }

    /// [`CueMatcher::find_all_then`], a block's [`block_classes_lanes`]
    /// read by `classes`. Inlined into each caller, so that the AVX2 one's
    /// reading is inlined too.
    #[inline(always)]
    fn find_all_by(
        &self,
        text: &str,
        list: &mut Vec<Cue>,
        classes: impl Fn(&[u8; 64]) -> Classes,
        mut breaks: impl FnMut(usize, &Classes),
    ) {
        // Pushed to as a local, its length kept in a register.
        let mut out = std::mem::take(list);
        out.clear();
        let bytes = text.as_bytes();
        // News text has a cue every 230 bytes or so: room for them at once,
        // rather than regrowing the list a dozen times an article.
        out.reserve(text.len() / 192 + 4);
        // Positions before this lie inside the last cue found.
        let mut resume = 0;
        let mut base = 0;
        // Whether the byte before the block ends a word: the last bit of
        // the block before's `ends`, where a read of the byte and its
        // tests were a tenth of a block's classes. (None before the text.)
        let mut first = true;
        while base < bytes.len() {
            // The bit tests without a branch each: whether a word start
            // begins a cue is a coin toss the branch predictor loses.
            let (mut after, block) =
                word_starts_by(bytes, base, first, self.letter_starts, &classes);
            first = block.ends >> 63 != 0;
            let mut mask = 0u64;
            let window = bytes.get(base..base + WINDOW);
            if let Some(window) = window {
                // Inside the text, every key is four bytes of the window
                // (and every head, below, eight): read with no bounds test
                // or padding. Only an article's last block or two miss it.
                // (A key of four whole bytes, as the embedded lexicon's is,
                // needs no mask: settled once here, where the mask's `and`
                // was one of the fourteen instructions of each of the
                // article's word starts.)
                let key_at = |k: usize| {
                    u32::from_le_bytes([window[k], window[k + 1], window[k + 2], window[k + 3]])
                };
                if self.starts.mask == u32::MAX {
                    while after != 0 {
                        let k = after.trailing_zeros() as usize & 63;
                        after &= after - 1;
                        mask |= u64::from(self.starts.has_whole(key_at(k))) << k;
                    }
                } else {
                    while after != 0 {
                        let k = after.trailing_zeros() as usize & 63;
                        after &= after - 1;
                        mask |= u64::from(self.starts.has(key_at(k))) << k;
                    }
                }
            } else {
                while after != 0 {
                    let k = after.trailing_zeros() as usize;
                    after &= after - 1;
                    mask |= u64::from(self.starts.may_start(bytes, base + k)) << k;
                }
            }
            // The bytes that may end a head's entry, as `Heads::holds`
            // finds them on the head's eight bytes: read off the block's
            // classes for a head inside the block, where finding them on
            // the head was two thirds of its look.
            let enders = block.ends | block.hyphens;
            let may_hold = |s: usize| match window {
                Some(window) => {
                    let k = (s - base) & 63;
                    let head: [u8; 8] = std::array::from_fn(|j| window[k + j]);
                    let head = u64::from_le_bytes(head);
                    if k <= 64 - 8 {
                        self.heads.holds_ending(head, enders >> k & 0xff)
                    } else {
                        self.heads.holds(head)
                    }
                }
                None => self.heads.may_hold(bytes, s),
            };
            while mask != 0 {
                let s = base + mask.trailing_zeros() as usize;
                mask &= mask - 1;
                if s < resume || !may_hold(s) || !boundary_before(bytes, s) {
                    continue;
                }
                let Some(m) = self.longest_at(bytes, s) else {
                    continue;
                };
                if self.is_cue(text, &m) {
                    out.push(Cue {
                        span: Span::new(m.start(), m.end()),
                        entry: m.pattern().as_usize(),
                        class: self.classes[m.pattern().as_usize()],
                    });
                    resume = m.end();
                }
            }
            // (Given after the block's cues: before them, the vectors of
            // its classes were kept on the stack across the line cuts.)
            breaks(base, &block);
            base += 64;
        }
        *list = out;
    }

    /// Whether a match at a word start stands as a cue: the word ends with
    /// it, it is no name and no noun. ([`boundary_before`] tested the char
    /// before.)
    fn is_cue(&self, text: &str, m: &Match) -> bool {
        let after = text[m.end()..].chars().next();
        if after.is_some_and(is_word_char) {
            return false;
        }
        // The text before the cue, its spaces trimmed, once for the three
        // tests: trimmed by each, it was a third of a cue's look.
        let before = trim_end_spaces(&text[..m.start()]);
        !capitalized_mid_sentence_by(text, m.start(), before)
            && !after_determiner_by(before, m.start())
            && !after_possessive_by(text, before, m.start(), m.end())
    }

    /// The longest entry that starts at `s`, as the unanchored
    /// leftmost-longest search reports a match starting there.
    /// (Inlined into the search, its one caller: the call's register
    /// saves and moves were a sixth of a lookup's 160 instructions.)
    #[inline(always)]
    fn longest_at(&self, bytes: &[u8], s: usize) -> Option<Match> {
        match &self.longest {
            Longest::Entries(entries) => entries.longest(bytes, s),
            Longest::Walk { dfa, start } => anchored_walk(&**dfa, *start, bytes, s),
        }
    }
}

/// A block's 64 word starts and the seven bytes after the last, the most
/// that a head ([`Heads`], eight bytes) reads past its start.
const WINDOW: usize = 64 + 7;

/// How the matcher finds the longest entry at a word start.
#[derive(Debug)]
enum Longest {
    /// By bucket of the entry's first bytes: a few KB, where the
    /// automaton's walk was a load a byte from a table of 579 KB, each
    /// likely a cache miss (the walk was a twelfth of the extractor's time).
    Entries(Entries),
    /// A lexicon with too many entries alike for the buckets keeps the
    /// automaton, walked anchored.
    Walk { dfa: Box<DFA>, start: StateID },
}

/// The first bytes of every entry, each ORed with 0x20 (which lower-cases
/// an ASCII capital and keeps every other byte apart from the letters),
/// hashed into a bit set of 8 KiB, to settle with one load and one bit
/// test the many word starts that begin no cue ("the", "and"; three bytes
/// let "the" through for "theorize"). The key is the first `len` bytes,
/// four or one more than the shortest entry, so that no entry is shorter
/// than the key by more than one byte: that byte ends the word (`is_cue`),
/// so it is one of the bytes that continue no word, and past the end of
/// the text reads as a space. A hash collision only lets a word start
/// through to the entry lookup.
#[derive(Debug)]
struct Starts {
    bits: Bits,
    /// The key's bytes.
    mask: u32,
}

/// Lower-cases an ASCII capital, and keeps apart what a cue tells apart.
const FOLD: u32 = 0x2020_2020;

impl Starts {
    fn new(entries: &[String]) -> Starts {
        let shortest = entries.iter().map(String::len).min().unwrap_or(0);
        let len = (shortest + 1).min(4);
        // The bytes that may end an entry shorter than the key, folded.
        let mut enders: Vec<u8> = (0..=255u8)
            .filter(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
            .map(|b| b | 0x20)
            .collect();
        enders.sort_unstable();
        enders.dedup();
        let mut bits = Bits::new();
        for e in entries {
            let e = e.as_bytes();
            let mut keys = vec![0u32];
            for k in 0..len {
                let bytes: &[u8] = match e.get(k) {
                    Some(b) => &[b | 0x20],
                    // `len` is at most one more than any entry's length.
                    None => &enders,
                };
                keys = keys
                    .iter()
                    .flat_map(|&key| bytes.iter().map(move |&b| key | u32::from(b) << (8 * k)))
                    .collect();
            }
            for key in keys {
                let i = Starts::slot(key);
                bits.insert(i);
            }
        }
        Starts {
            bits,
            mask: u32::MAX >> (8 * (4 - len)),
        }
    }

    /// The bit of a key: Fibonacci hashing to 16 bits.
    #[inline]
    fn slot(key: u32) -> usize {
        (key.wrapping_mul(0x9e37_79b1) >> 16) as usize
    }

    /// Whether an entry may start at `s`: its first bytes, folded, begin
    /// one. Past the end of the text, bytes read as spaces.
    #[inline]
    fn may_start(&self, bytes: &[u8], s: usize) -> bool {
        let raw = match bytes.get(s..s + 4) {
            Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
            _ => (0..4).fold(0u32, |key, k| {
                key | u32::from(bytes.get(s + k).copied().unwrap_or(b' ')) << (8 * k)
            }),
        };
        self.has(raw)
    }

    /// Whether an entry may start with the four bytes `raw` (little-endian).
    #[inline]
    fn has(&self, raw: u32) -> bool {
        let i = Starts::slot((raw | FOLD) & self.mask);
        self.bits.contains(i)
    }

    /// [`Starts::has`] for a key of four bytes (a `mask` of all of them).
    #[inline(always)]
    fn has_whole(&self, raw: u32) -> bool {
        debug_assert_eq!(self.mask, u32::MAX);
        self.bits.contains(Starts::slot(raw | FOLD))
    }
}

/// The first eight bytes of every entry, and all of a shorter one, folded
/// as [`Starts`] folds them and hashed with their length into a bit set of
/// 8 KiB. Two in three word starts that [`Starts`] lets through hold no entry ("in
/// the", "state" of "statement", "should"): each cost a bucket lookup of
/// some 240 instructions. An entry shorter than eight bytes is looked for
/// only where the byte after it may end the word, as [`CueMatcher::is_cue`]
/// wants; a byte that is not ASCII may, for the char test to decide.
#[derive(Debug)]
struct Heads {
    bits: Bits,
    /// Bit `n` set when some entry is `n` bytes long, `n < 8`.
    short: u64,
}

impl Heads {
    fn new(entries: &[String]) -> Heads {
        let mut bits = Bits::new();
        let mut short = 0;
        for e in entries {
            let e = e.as_bytes();
            let n = e.len().min(8);
            let mut head = [0u8; 8];
            head[..n].copy_from_slice(&e[..n]);
            let i = Heads::slot(u64::from_le_bytes(head) | FOLD8, n);
            bits.insert(i);
            if e.len() < 8 {
                short |= 1 << e.len();
            }
        }
        Heads { bits, short }
    }

    /// The bit of the first `n` bytes of `folded`, for `n` in `1..=8`.
    #[inline]
    fn slot(folded: u64, n: usize) -> usize {
        let key = folded & (u64::MAX >> (8 * (8 - n)));
        ((key ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 48) as usize
    }

    #[inline]
    fn has(&self, folded: u64, n: usize) -> bool {
        let i = Heads::slot(folded, n);
        self.bits.contains(i)
    }

    /// Whether an entry may start at `s` and end where its word may end.
    /// Past the end of the text, bytes read as spaces.
    #[inline]
    fn may_hold(&self, bytes: &[u8], s: usize) -> bool {
        let raw = match bytes.get(s..s + 8) {
            Some(b) => u64::from_le_bytes(b.try_into().unwrap_or([b' '; 8])),
            None => {
                let mut b = [b' '; 8];
                let rest = &bytes[s.min(bytes.len())..];
                b[..rest.len()].copy_from_slice(rest);
                u64::from_le_bytes(b)
            }
        };
        self.holds(raw)
    }

    /// [`Heads::may_hold`] of the eight bytes `raw` (little-endian).
    #[inline]
    fn holds(&self, raw: u64) -> bool {
        let folded = raw | FOLD8;
        if self.has(folded, 8) {
            return true;
        }
        self.holds_short(folded, enders(raw))
    }

    /// [`Heads::holds`], told the bits of [`enders`] of `raw`.
    #[inline]
    fn holds_ending(&self, raw: u64, enders: u64) -> bool {
        debug_assert_eq!(enders, self::enders(raw));
        let folded = raw | FOLD8;
        self.has(folded, 8) || self.holds_short(folded, enders)
    }

    /// Whether an entry shorter than eight bytes is the start of the
    /// head `folded`, with `enders` the bits of the bytes after it that
    /// may end a word.
    #[inline(always)]
    fn holds_short(&self, folded: u64, enders: u64) -> bool {
        let mut ends = enders & self.short;
        while ends != 0 {
            let n = ends.trailing_zeros() as usize;
            ends &= ends - 1;
            if self.has(folded, n) {
                return true;
            }
        }
        false
    }
}

/// [`FOLD`] on eight bytes.
const FOLD8: u64 = LO * 0x20;

/// Bit `k` set for each byte `k` of the eight bytes `raw` that may end a
/// word for `is_word_char`: all but ASCII letters, digits and `_` (a
/// block's `ends | hyphens`).
#[inline]
fn enders(raw: u64) -> u64 {
    let folded = raw | FOLD8;
    let ascii = raw & !HI;
    let word = (in_range_bits(folded & !HI, b'a', b'z')
        | in_range_bits(ascii, b'0', b'9')
        | in_range_bits(ascii, b'_', b'_'))
        & !raw;
    pack_high_bits(!word & HI)
}

/// Bit `k` set when the byte before `base + k` may end a word: it is no
/// ASCII letter, digit, underscore or hyphen (a byte of a multibyte char
/// counts, for the caller to decode); with `letter`, only where an ASCII
/// letter follows it. Sixteen bytes at a time ([`Lanes`]): the test byte
/// by byte cost more than the rest of the search. (The search reads it by
/// [`word_starts_by`], with AVX2 where the CPU has it; this is the
/// baseline form the tests read.)
#[cfg(test)]
fn word_starts(bytes: &[u8], base: usize, letter: bool) -> u64 {
    let first = base.checked_sub(1).is_none_or(|i| ends_word(bytes[i]));
    word_starts_by(bytes, base, first, letter, &block_classes_lanes).0
}

/// [`word_starts`], a block's classes read by `classes` (one of
/// [`block_classes_lanes`] and its AVX2 twin); and the block's classes.
/// `first`: whether the byte before `base` ends a word (or there is none).
#[inline(always)]
fn word_starts_by(
    bytes: &[u8],
    base: usize,
    first: bool,
    letter: bool,
    classes: &impl Fn(&[u8; 64]) -> Classes,
) -> (u64, Classes) {
    // Past the end of the text, spaces.
    let mut padded = [b' '; 64];
    let block: &[u8; 64] = match bytes.get(base..base + 64).and_then(|b| b.try_into().ok()) {
        Some(block) => block,
        None => {
            let rest = &bytes[base..];
            padded[..rest.len()].copy_from_slice(rest);
            &padded
        }
    };
    let c = classes(block);
    let Classes { ends, letters, .. } = c;
    // Bit k of `ends` is byte base + k: shifted, the byte before it.
    let mut mask = ends << 1 | u64::from(first);
    if letter {
        mask &= letters;
    }
    // (Past the end, spaces: no break.)
    let mask = match bytes.len() - base {
        n if n < 64 => mask & ((1 << n) - 1),
        _ => mask,
    };
    (mask, c)
}

/// Of the 64 bytes of a block, bit `k` for byte `k`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Classes {
    /// The bytes that end a word ([`ends_word`]).
    ends: u64,
    /// The ASCII letters.
    letters: u64,
    /// The hyphens: with `ends`, the bytes that may end a cue.
    hyphens: u64,
    /// `\n` and `\r`, which end a paragraph.
    breaks: u64,
    /// The bytes a quotation mark may start with: `"`, `&`, `'`, every
    /// non-ASCII byte, and `#` (a harmless extra: `b | 0x05 == 0x27` holds
    /// for exactly `"` `#` `&` `'`), as the quote finder's own scan reads.
    quotes: u64,
}

/// The [`Classes`] of `block`.
#[inline(always)]
fn block_classes_lanes(block: &[u8; 64]) -> Classes {
    let (mut ends, mut letters, mut breaks) = (0u64, 0u64, 0u64);
    let (mut hyphens, mut quotes) = (0u64, 0u64);
    for (i, chunk) in block.as_chunks::<16>().0.iter().enumerate() {
        let v = Lanes::load(chunk);
        let letter = v.or_bytes(0x20).in_range(b'a', b'z');
        let hyphen = v.eq(b'-');
        let word = letter.or(v.in_range(b'0', b'9')).or(v.eq(b'_')).or(hyphen);
        ends |= word.not().mask() << (16 * i);
        letters |= letter.mask() << (16 * i);
        hyphens |= hyphen.mask() << (16 * i);
        breaks |= v.eq(b'\n').or(v.eq(b'\r')).mask() << (16 * i);
        quotes |= v.or_bytes(0x05).eq(0x27).or(v.high()).mask() << (16 * i);
    }
    Classes {
        ends,
        letters,
        hyphens,
        breaks,
        quotes,
    }
}

/// [`block_classes_lanes`] with AVX2, 32 bytes a step. A byte is in
/// `lo..=lo + n` when its distance above `lo`, unsigned, is at most `n`
/// (a non-ASCII byte's is more than any `n` here).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn block_classes_avx2(block: &[u8; 64]) -> Classes {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8, _mm256_loadu_si256, _mm256_min_epu8,
        _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8, _mm256_setzero_si256,
        _mm256_sub_epi8,
    };
    let within = |v: __m256i, lo: u8, n: u8| {
        let d = _mm256_sub_epi8(v, _mm256_set1_epi8(lo as i8));
        _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(n as i8)), d)
    };
    let half = |h: &[u8; 32]| {
        // SAFETY: the load reads the 32 bytes of `h`.
        let v = unsafe { _mm256_loadu_si256(h.as_ptr().cast::<__m256i>()) };
        let letter = within(_mm256_or_si256(v, _mm256_set1_epi8(0x20)), b'a', 25);
        let hyphen = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'-' as i8));
        let word = _mm256_or_si256(
            _mm256_or_si256(letter, within(v, b'0', 9)),
            _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'_' as i8)), hyphen),
        );
        let breaks = _mm256_or_si256(
            _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'\n' as i8)),
            _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'\r' as i8)),
        );
        // (A non-ASCII byte is a negative one: a whole lane to OR, where
        // the byte itself, whose high bit is all a movemask reads, made
        // LLVM unpack the masks bit by bit.)
        let quotes = _mm256_or_si256(
            _mm256_cmpeq_epi8(
                _mm256_or_si256(v, _mm256_set1_epi8(0x05)),
                _mm256_set1_epi8(0x27),
            ),
            _mm256_cmpgt_epi8(_mm256_setzero_si256(), v),
        );
        let bits = |m: __m256i| u64::from(_mm256_movemask_epi8(m) as u32);
        (
            !bits(word) & 0xffff_ffff,
            bits(letter),
            bits(hyphen),
            bits(breaks),
            bits(quotes),
        )
    };
    let (halves, _) = block.as_chunks::<32>();
    let (e0, l0, h0, b0, q0) = half(&halves[0]);
    let (e1, l1, h1, b1, q1) = half(&halves[1]);
    Classes {
        ends: e0 | e1 << 32,
        letters: l0 | l1 << 32,
        hyphens: h0 | h1 << 32,
        breaks: b0 | b1 << 32,
        quotes: q0 | q1 << 32,
    }
}

/// Whether byte `b` is no ASCII letter, digit, `_` or `-`: the test
/// [`word_starts`] makes sixteen bytes at a time.
fn ends_word(b: u8) -> bool {
    !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Whether the char before `p` (a char boundary) is no word char and no
/// hyphen: the test `is_cue` makes first, done on the byte when it is
/// ASCII.
fn boundary_before(bytes: &[u8], p: usize) -> bool {
    let Some(&b) = p.checked_sub(1).and_then(|i| bytes.get(i)) else {
        return true;
    };
    if b.is_ascii() {
        return ends_word(b);
    }
    // A multibyte char: decode it (a curly quote, a dash, or a letter).
    let lead = bytes[..p]
        .iter()
        .rposition(|&c| c & 0xc0 != 0x80)
        .unwrap_or(0);
    std::str::from_utf8(&bytes[lead..p])
        .ok()
        .and_then(|c| c.chars().next())
        .is_none_or(|c| !is_word_char(c))
}

/// "the United States", "Notes from Underground": a capitalized word inside a
/// sentence is a name, not a verb. All-caps text (transcripts) keeps its cues.
#[cfg(test)]
fn capitalized_mid_sentence(text: &str, at: usize) -> bool {
    capitalized_mid_sentence_by(text, at, trim_end_spaces(&text[..at]))
}

/// `text[..at].trim_end_matches([' ', '\u{a0}'])` on bytes, with no char
/// decoded: at the end of a `str`, C2 A0 is always the no-break space.
fn trim_end_spaces(s: &str) -> &str {
    let mut b = s.as_bytes();
    loop {
        b = match b {
            [rest @ .., b' '] | [rest @ .., 0xc2, 0xa0] => rest,
            _ => break,
        };
    }
    &s[..b.len()]
}

/// [`capitalized_mid_sentence`], `before` the text before `at`, its
/// spaces trimmed ([`trim_end_spaces`]).
fn capitalized_mid_sentence_by(text: &str, at: usize, before: &str) -> bool {
    let mut word = text[at..].chars();
    if !word.next().is_some_and(char::is_uppercase) || word.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let prev = before.chars().next_back();
    prev.is_some_and(|c| c.is_alphanumeric() || c == ',')
}

/// "the notes", "her warning", "a claim": after a determiner the word is a
/// noun, and no cue.
#[cfg(test)]
fn after_determiner(text: &str, at: usize) -> bool {
    after_determiner_by(trim_end_spaces(&text[..at]), at)
}

/// [`after_determiner`], `before` as [`capitalized_mid_sentence_by`] takes it.
fn after_determiner_by(before: &str, at: usize) -> bool {
    if before.len() == at {
        return false;
    }
    // Every byte after the last non-letter is an ASCII letter: a char boundary.
    let start = before
        .bytes()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    let word = &before[start..];
    // (No determiner is longer: most words are settled by their length.)
    if word.len() > 5 {
        return false;
    }
    // "García said": a word that goes on in non-ASCII letters is no "a".
    let glued = before[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphabetic);
    !glued && DETERMINER_KEYS.contains(&letters_key(word.as_bytes()))
}

/// "The AP’s report was based on ...", "Trump's remarks": after a
/// possessive the word is a noun. But "he's said", "Trump’s told": there the
/// 's is "has", before a participle.
#[cfg(test)]
fn after_possessive(text: &str, start: usize, end: usize) -> bool {
    after_possessive_by(text, trim_end_spaces(&text[..start]), start, end)
}

/// [`after_possessive`], `before` as [`capitalized_mid_sentence_by`] takes it.
fn after_possessive_by(text: &str, before: &str, start: usize, end: usize) -> bool {
    if before.len() == start || !(before.ends_with("'s") || before.ends_with("’s")) {
        return false;
    }
    let word = text[start..end].split(' ').next().unwrap_or("");
    !(word.ends_with("ed") || PARTICIPLES.iter().any(|p| p.eq_ignore_ascii_case(word)))
}

/// Irregular past participles of the cue lexicon: "she's said", "he's told".
const PARTICIPLES: [&str; 10] = [
    "said", "told", "written", "spoken", "shown", "thought", "sought", "taught", "made", "put",
];

/// The words after which a cue word is a noun. (Compared ignoring case
/// without a lower-cased copy: one allocation per cue was most of the
/// cue matcher's.)
const DETERMINERS: [&str; 16] = [
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "these", "those", "this",
    "every", "each", "no",
];

/// A word of at most seven ASCII letters as one number, ignoring case:
/// its length, then its letters lower-cased (`| 0x20`), a byte each.
const fn letters_key(word: &[u8]) -> u64 {
    let mut key = word.len() as u64;
    let mut i = 0;
    while i < word.len() {
        key |= ((word[i] | 0x20) as u64) << (8 * (i + 1));
        i += 1;
    }
    key
}

/// The [`letters_key`] of each of [`DETERMINERS`]: a word before a cue is
/// asked for one of them as a number, where sixteen compares ignoring case
/// were most of a cue's look.
const DETERMINER_KEYS: [u64; 16] = {
    let mut keys = [0; 16];
    let mut i = 0;
    while i < DETERMINERS.len() {
        keys[i] = letters_key(DETERMINERS[i].as_bytes());
        i += 1;
    }
    keys
};

/// Whether `c` continues a word: "said" inside "unsaid" or "saidé" is no cue.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicons;
    use aho_corasick::{AhoCorasickBuilder, Input};

    /// The plain reading the matcher is held to: the crate's own unanchored
    /// leftmost-longest search from every position, a match failing the
    /// word tests passed over by one char.
    fn reference(entries: &[String], text: &str) -> Vec<(usize, usize, usize)> {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(entries)
            .unwrap();
        let whole_words = |m: &Match| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            !before.is_some_and(|c| is_word_char(c) || c == '-')
                && !after.is_some_and(is_word_char)
                && !capitalized_mid_sentence(text, m.start())
                && !after_determiner(text, m.start())
                && !after_possessive(text, m.start(), m.end())
        };
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(m) = ac.find(Input::new(text).range(at..)) {
            if whole_words(&m) {
                out.push((m.start(), m.end(), m.pattern().as_usize()));
                at = m.end();
            } else {
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    }

    fn found(m: &CueMatcher, text: &str) -> Vec<(usize, usize, usize)> {
        m.find_all(text)
            .iter()
            .map(|c| (c.span.start, c.span.end, c.entry))
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(3000))]

        #[test]
        fn word_starts_find_what_the_plain_search_finds(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "said", "SAID", "Said", "sa", "id", "told", "told reporters", "according",
                " to", "according to", "point out", "point", "out", "lines", "ap", "in a ",
                "statement", "said in a statement", "e-mail", "said in an e-mail", " ", ", ",
                ".", "\n", "“", "”", "é", "un", "s", "x", "added", "add", "warned", "_",
                "-", "the ", "The ", "\u{a0}", "—", "Ç", "notes", "NOTES", "state", "stated",
                "in the ", "in an ", "interview", "says", "say", "saying", "sho", "should",
                "9", "said9", "a", "ADDS", "SAYS_", "tell", "tells",
            ][..]), 0..30)
        ) {
            let text = parts.concat();
            // Built once: a DFA of the whole lexicon per case made the test slow.
            static BUILT: std::sync::OnceLock<(CueMatcher, Vec<String>)> = std::sync::OnceLock::new();
            let (m, entries) = BUILT.get_or_init(|| {
                let cues = Lexicons::default().cues;
                (CueMatcher::new(&cues).unwrap(), cues.entries().to_vec())
            });
            proptest::prop_assert_eq!(found(m, &text), reference(entries, &text), "{:?}", text);
        }

        /// A word of up to five ASCII letters is a determiner by its key
        /// as it is by the compare ignoring case.
        #[test]
        fn determiners_by_key_are_those_by_compare(
            letters in proptest::collection::vec(proptest::sample::select(&[
                b't', b'h', b'e', b'a', b'n', b'i', b's', b'r', b'o', b'u', b'm', b'y', b'v',
                b'c', b'T', b'H', b'E', b'A', b'N', b'S', b'O', b'Y', b'z',
            ][..]), 0..=5),
            pick in 0..DETERMINERS.len(),
        ) {
            // (A random word, and a determiner in the word's case pattern.)
            let word = String::from_utf8(letters).unwrap();
            let det: String = DETERMINERS[pick]
                .chars()
                .zip(word.chars().chain(std::iter::repeat('x')))
                .map(|(d, w)| if w.is_ascii_uppercase() { d.to_ascii_uppercase() } else { d })
                .collect();
            for w in [&word, &det] {
                proptest::prop_assert_eq!(
                    DETERMINER_KEYS.contains(&letters_key(w.as_bytes())),
                    DETERMINERS.iter().any(|d| d.eq_ignore_ascii_case(w)),
                    "{:?}", w
                );
            }
        }

        /// The cues and the paragraphs found in one pass are those found
        /// apart, line breaks anywhere in a block and at its edges.
        #[test]
        fn one_pass_finds_the_cues_and_the_paragraphs_found_apart(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "said", "told", " ", "  ", "\n", "\r", "\r\n", "\n\n", "\u{a0}", "“", "x",
                "The cat sat. ", "she said.", "0123456789abcdef", "\t",
                "\"", "'", "&", "#", "’", "é", "&ldquo;",
            ][..]), 0..60)
        ) {
            let text = parts.concat();
            static BUILT: std::sync::OnceLock<CueMatcher> = std::sync::OnceLock::new();
            let m = BUILT.get_or_init(|| CueMatcher::new(&Lexicons::default().cues).unwrap());
            // (Lists holding something, as the extractor's reused ones do.)
            let (mut cues, mut paragraphs) = (m.find_all("said"), vec![Span::new(0, 0)]);
            let mut quotes = ByteBits(vec![1, 2, 3]);
            m.find_all_and_paragraphs_into(&text, &mut cues, &mut paragraphs, &mut quotes);
            proptest::prop_assert_eq!(cues, m.find_all(&text), "{:?}", text);
            proptest::prop_assert_eq!(paragraphs, segment::paragraphs(&text), "{:?}", text);
            // A bit for each byte a mark may start with, none past the text.
            proptest::prop_assert_eq!(quotes.0.len(), text.len().div_ceil(64) * 2);
            for k in 0..quotes.0.len() * 32 {
                let b = text.as_bytes().get(k).copied();
                let quote = b.is_some_and(|b| matches!(b, b'"' | b'#' | b'&' | b'\'') || b >= 0x80);
                proptest::prop_assert_eq!(quotes.has(k), quote, "{:?} at {}", text, k);
            }
        }
    }

    #[test]
    fn word_starts_find_what_the_plain_search_finds_on_small_lexicons() {
        let lexicons = [
            "a\nab\nabc\nb\nbc",
            "said\nsaid in a statement\nin a\nstatement",
            "x",
            "abcd\nbc\nc",
            "point out\noutlined",
            // Entries that do not start with a letter.
            "-said\n“said\n2 said",
            // Entries equal but for case: the first is reported.
            "Said\nsaid\nSAID in\nsaid IN",
        ];
        let texts = [
            "",
            "a",
            "abc",
            "abcabcab",
            "xabcdx bc c",
            "a b c ab abc",
            "said in a statemen",
            "said in a statement in a",
            "The disappoint outlined it.",
            "x-said “said 2 said",
            "é a éa",
            "SAID in, said In it",
            // Over 71 bytes: the blocks before the last read their keys
            // and heads from the window, with each lexicon's key length.
            "a b c ab abc xabcdx bc c said in a statement in a The disappoint outlined it. \
             x-said “said 2 said é a éa SAID in, said In it abcd",
        ];
        for lexicon in lexicons {
            let lexicon = Lexicon::parse(lexicon);
            let m = CueMatcher::new(&lexicon).unwrap();
            for text in texts {
                assert_eq!(
                    found(&m, text),
                    reference(lexicon.entries(), text),
                    "{lexicon:?} on {text:?}"
                );
            }
        }
    }

    #[test]
    fn heads_hold_every_entry_where_its_word_may_end() {
        let cues = Lexicons::default().cues;
        let heads = Heads::new(cues.entries());
        for e in cues.entries() {
            let upper = e.to_ascii_uppercase();
            for text in [
                e.clone(),
                format!("{e} x"),
                format!("{e}."),
                format!("{e}-based"),
                format!("{e}é"),
                format!("{upper}, x"),
            ] {
                assert!(heads.may_hold(text.as_bytes(), 0), "{text:?}");
            }
        }
        // What the filter is for: word starts that hold no entry, though
        // their first four bytes begin one.
        for text in ["the ", "statement", "in the ", "should "] {
            assert!(!heads.may_hold(text.as_bytes(), 0), "{text:?}");
        }
    }

    #[test]
    fn a_lexicon_of_many_entries_alike_keeps_the_automaton() {
        let lexicon = Lexicon::parse(
            &(0..100)
                .map(|i| format!("said {i}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
        let m = CueMatcher::new(&lexicon).unwrap();
        assert!(matches!(m.longest, Longest::Walk { .. }));
        let text = "He said 42 times, she SAID 7, they said 99.";
        assert_eq!(found(&m, text), reference(lexicon.entries(), text));
        assert_eq!(found(&m, text).len(), 3);
        let default = CueMatcher::new(&Lexicons::default().cues).unwrap();
        assert!(matches!(default.longest, Longest::Entries(_)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        /// The word starts found sixteen bytes at a time are those of the
        /// byte-by-byte reading, in every block and at the text's ends.
        #[test]
        fn word_starts_as_read_byte_by_byte(
            text in proptest::collection::vec(proptest::sample::select(&[
                b'a', b'Z', b' ', b'-', b'_', b'0', b'9', b'@', b'[', b'`', b'{', 0x7f, 0x80,
                0xc3, 0xe2, 0xff, b'.', b'\n',
            ][..]), 0..200),
            letter in proptest::bool::ANY,
        ) {
            for base in (0..text.len()).step_by(64) {
                let want = (0..64.min(text.len() - base)).fold(0u64, |m, k| {
                    let s = base + k;
                    let before = s == 0 || ends_word(text[s - 1]);
                    let starts = before && (!letter || text[s].is_ascii_alphabetic());
                    m | u64::from(starts) << k
                });
                proptest::prop_assert_eq!(word_starts(&text, base, letter), want, "at {}", base);
            }
        }

        /// A block's classes are the same with AVX2 (where the CPU has it)
        /// as with the baseline lanes, and both are the bytes' own: every
        /// byte value, in every lane of a block.
        #[test]
        fn avx2_block_classes_are_the_lanes_classes(
            block in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(&[
                    0u8, b' ', b'\n', b'\r', b'-', b'_', b'/', b'0', b'9', b':', b'@', b'A', b'Z', b'[', b'`',
                    b'a', b'z', b'{', 0x7f, 0x80, 0xc2, 0xe2, 0xff, b'"', b'#', b'&', b'\'', b'.',
                    b'!', b'?', b'%', b'$',
                ][..]),
                proptest::num::u8::ANY,
            ], 64),
        ) {
            let block: &[u8; 64] = block.as_slice().try_into().unwrap();
            let lanes = block_classes_lanes(block);
            for (k, &b) in block.iter().enumerate() {
                proptest::prop_assert_eq!(lanes.ends >> k & 1 != 0, ends_word(b));
                proptest::prop_assert_eq!(lanes.letters >> k & 1 != 0, b.is_ascii_alphabetic());
                proptest::prop_assert_eq!(lanes.hyphens >> k & 1 != 0, b == b'-');
                proptest::prop_assert_eq!(lanes.breaks >> k & 1 != 0, matches!(b, b'\n' | b'\r'));
                proptest::prop_assert_eq!(
                    lanes.quotes >> k & 1 != 0,
                    matches!(b, b'"' | b'#' | b'&' | b'\'') || b >= 0x80
                );
            }
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has AVX2, just checked.
                proptest::prop_assert_eq!(unsafe { block_classes_avx2(block) }, lanes);
            }
            // The enders of every head inside the block, read off its
            // classes as the search reads them, are those found on the
            // head's own bytes, and both are the bytes' own.
            for k in 0..=64 - 8 {
                let head = u64::from_le_bytes(block[k..k + 8].try_into().unwrap());
                let want = (0..8).fold(0u64, |m, j| {
                    let b = block[k + j];
                    m | u64::from(!(b.is_ascii_alphanumeric() || b == b'_')) << j
                });
                proptest::prop_assert_eq!(enders(head), want, "at {}", k);
                proptest::prop_assert_eq!((lanes.ends | lanes.hyphens) >> k & 0xff, want, "at {}", k);
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

    /// PolNeAR train's false alarms: "The AP’s report was based on ...".
    #[test]
    fn a_word_after_a_possessive_is_a_noun_but_after_has_a_participle() {
        // (text, the cues in it)
        let cases: [(&str, &[&str]); 6] = [
            ("The AP’s report was based on her calendar.", &[]),
            ("Trump's remarks drew fire, she said.", &["said"]),
            ("She’s said it before.", &["said"]),
            ("He's told reporters so.", &["told"]),
            ("The group's warned of it.", &["warned"]),
            (
                "It says so in Friday’s report, officials said.",
                &["says", "said"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(
                cues("report\nremarks\nsaid\ntold\nwarned\nsays", text),
                want,
                "{text}"
            );
        }
    }
}
