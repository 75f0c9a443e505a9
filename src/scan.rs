//! Byte-level machinery the stages share: tests on eight bytes at a time
//! (SWAR), and the longest lexicon entry at a position, found by bucket of
//! its first bytes instead of by walking an automaton.
//!
//! The gazetteer (`entities`) and the cue matcher (`cues`) both ask "which
//! is the longest entry the text starts with here?" at many positions. An
//! Aho-Corasick DFA answers with one dependent load per byte from a table
//! of hundreds of KB, most of them cache misses; [`Entries`] answers with a
//! hash of four bytes and a compare or two in a table of a few KB.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{Anchored, Match, PatternID};

pub(crate) const LO: u64 = 0x0101_0101_0101_0101;
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;

/// The first eight bytes of `b` as a little-endian word; zero when it has fewer.
#[inline]
pub(crate) fn read_u64(b: &[u8]) -> u64 {
    b.get(..8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// The first four bytes of `b` as a little-endian word; zero when it has fewer.
#[inline]
pub(crate) fn read_u32(b: &[u8]) -> u64 {
    b.get(..4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
}

/// A bit per byte of a text (bit `k % 32` of word `k / 32` for byte `k`),
/// set where the byte is of a kind some later stage looks for: the cue
/// search reads every 64-byte block anyway, and marks them as it goes, so
/// that the quote finder jumps between them with a bit scan rather than a
/// scan of its own (3.8M Ir of extract's 196.8M on PolNeAR train, where
/// the marks cost the cue search 1.4M). Words of 32
/// bits: an AVX2 mask each, stored as it is (two put together in a u64
/// made LLVM take them apart and put them together again, bit by bit).
#[derive(Debug, Default)]
pub(crate) struct ByteBits(pub(crate) Vec<u32>);

impl ByteBits {
    /// The first position in `from..end` whose bit is set; `steps` counts
    /// the words read. (Past the text's blocks, none.)
    #[inline]
    pub(crate) fn next_in(&self, from: usize, end: usize, steps: &mut u64) -> Option<usize> {
        if from >= end {
            return None;
        }
        let mut w = from / 32;
        let mut word = *self.0.get(w)? & (u32::MAX << (from % 32));
        loop {
            *steps += 1;
            if word != 0 {
                let at = w * 32 + word.trailing_zeros() as usize;
                return (at < end).then_some(at);
            }
            w += 1;
            if w * 32 >= end {
                return None;
            }
            word = *self.0.get(w)?;
        }
    }

    /// Whether byte `k`'s bit is set.
    #[cfg(test)]
    pub(crate) fn has(&self, k: usize) -> bool {
        self.0.get(k / 32).is_some_and(|w| w >> (k % 32) & 1 != 0)
    }

    /// The bits of the bytes of `text` that `is` holds for.
    #[cfg(test)]
    pub(crate) fn of(text: &[u8], is: impl Fn(u8) -> bool) -> ByteBits {
        let mut bits = ByteBits(vec![0; text.len().div_ceil(64) * 2]);
        for (k, _) in text.iter().enumerate().filter(|&(_, &b)| is(b)) {
            bits.0[k / 32] |= 1 << (k % 32);
        }
        bits
    }
}

/// The high bit of each byte of `x` that is an ASCII capital.
#[inline]
pub(crate) fn upper_bits(x: u64) -> u64 {
    // With the high bit cleared, adding `0x80 - k` to each byte sets its
    // high bit exactly when the byte is >= k, and never carries over.
    let y = x & !HI;
    let ge_a = y + LO * (0x80 - u64::from(b'A'));
    let gt_z = y + LO * (0x80 - u64::from(b'Z') - 1);
    ge_a & !gt_z & !x & HI
}

/// The high bit of each byte of `x` in `lo..=hi`, for `x` whose bytes are
/// all below 0x80.
#[inline]
pub(crate) fn in_range_bits(y: u64, lo: u8, hi: u8) -> u64 {
    let ge_lo = y + LO * (0x80 - u64::from(lo));
    let gt_hi = y + LO * (0x80 - u64::from(hi) - 1);
    ge_lo & !gt_hi & HI
}

/// `x` with its ASCII capitals lower-cased, as `u8::to_ascii_lowercase`
/// does byte by byte.
#[inline]
pub(crate) fn ascii_lowercase(x: u64) -> u64 {
    x | upper_bits(x) >> 2
}

/// The first position of `b` in `hay`: on one word for the short words of
/// a text, where `memchr`'s byte loop paid a branch per byte.
#[inline]
pub(crate) fn find_byte(hay: &[u8], b: u8) -> Option<usize> {
    if hay.len() > 8 {
        return hay.iter().position(|&c| c == b);
    }
    let mut word = [0u8; 8];
    word[..hay.len()].copy_from_slice(hay);
    // A zero byte of `x` is a byte equal to `b`; the lowest one found is exact.
    let x = u64::from_le_bytes(word) ^ (LO * u64::from(b));
    let zeros = x.wrapping_sub(LO) & !x & HI;
    let at = (zeros.trailing_zeros() / 8) as usize;
    (at < hay.len()).then_some(at)
}

/// A set of 16-bit keys (a hashed word, a byte pair) in 8 KiB: the
/// first-bytes filters of the cue matcher and the gazetteer settle most
/// positions with one load and one bit test against it.
#[derive(Debug)]
pub(crate) struct Bits(Box<[u64; 1024]>);

impl Bits {
    pub(crate) fn new() -> Bits {
        Bits(Box::new([0; 1024]))
    }

    /// `i` must be below 65536.
    pub(crate) fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    #[inline]
    pub(crate) fn contains(&self, i: usize) -> bool {
        self.0[i / 64] >> (i % 64) & 1 != 0
    }
}

/// The high bits of the eight bytes of `x` (and no other bit) as one byte.
#[inline]
pub(crate) fn pack_high_bits(x: u64) -> u64 {
    // Bit 8k moves to 56 + k: the shifts 56 - 7k are distinct and put no
    // two bits on one, so nothing carries.
    ((x & HI) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

pub(crate) fn pair_index(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

pub(crate) fn quad_index(quad: &[u8]) -> usize {
    quad_hash(read_u32(quad))
}

/// A 16-bit hash of four bytes read as a little-endian word.
#[inline]
fn quad_hash(word: u64) -> usize {
    ((word & 0xffff_ffff).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 48) as usize
}

/// The longest match of the automaton `dfa` that starts at `s`, as an
/// anchored `try_find` from `start` reports it, walked without that
/// search's set-up.
pub(crate) fn anchored_walk<A: Automaton>(
    dfa: &A,
    start: StateID,
    bytes: &[u8],
    s: usize,
) -> Option<Match> {
    let mut sid = start;
    let mut found = None;

    if dfa.is_match(sid) {
        // An empty entry: none in the lists, but the search allows it.
        let pattern = dfa.match_pattern(sid, 0);
        found = Some(Match::new(pattern, s..s));
    }
    for (k, &b) in bytes[s..].iter().enumerate() {
        sid = dfa.next_state(Anchored::Yes, sid, b);
        if dfa.is_special(sid) {
            if dfa.is_dead(sid) {
                break;
            }
            if dfa.is_match(sid) {
                let pattern = dfa.match_pattern(sid, 0);
                let end = s + k + 1;
                let start = end - dfa.pattern_len(pattern);
                // A match state also carries the entries that end here
                // and start later: an anchored search leaves them out.
                if start <= s {
                    found = Some(Match::new(pattern, start..end));
                }
            }
        }
    }
    found
}

/// Sixteen bytes tested at once: SSE2 on x86_64, where it is part of the
/// baseline every such CPU has; eight-byte words elsewhere. A test gives a
/// lane mask, true in a lane whose top bit is set; [`Lanes::mask`] packs the
/// top bits into one bit a byte, bit `k` for byte `k`.
#[cfg(target_arch = "x86_64")]
pub(crate) use sse2::Lanes;
#[cfg(not(target_arch = "x86_64"))]
pub(crate) use swar::Lanes;

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_xor_si128,
    };

    #[derive(Clone, Copy)]
    pub(crate) struct Lanes(__m128i);

    // SAFETY (every block below): SSE2 is part of the x86_64 baseline, so its
    // intrinsics are always available; the one load reads exactly the 16
    // bytes of a `&[u8; 16]`.
    impl Lanes {
        #[inline(always)]
        pub(crate) fn load(block: &[u8; 16]) -> Lanes {
            Lanes(unsafe { _mm_loadu_si128(block.as_ptr().cast::<__m128i>()) })
        }

        /// The bytes ORed with `c`.
        #[inline(always)]
        pub(crate) fn or_bytes(self, c: u8) -> Lanes {
            Lanes(unsafe { _mm_or_si128(self.0, _mm_set1_epi8(c as i8)) })
        }

        /// Lanes whose byte is `c`, an ASCII byte.
        #[inline(always)]
        pub(crate) fn eq(self, c: u8) -> Lanes {
            debug_assert!(c < 0x80);
            Lanes(unsafe { _mm_cmpeq_epi8(self.0, _mm_set1_epi8(c as i8)) })
        }

        /// Lanes whose byte is in `lo..=hi`, for `0 < lo <= hi < 0x7f`:
        /// compared as signed bytes, non-ASCII ones are negative and fall
        /// below `lo`.
        #[inline(always)]
        pub(crate) fn in_range(self, lo: u8, hi: u8) -> Lanes {
            debug_assert!(0 < lo && lo <= hi && hi < 0x7f);
            Lanes(unsafe {
                _mm_and_si128(
                    _mm_cmpgt_epi8(self.0, _mm_set1_epi8((lo - 1) as i8)),
                    _mm_cmpgt_epi8(_mm_set1_epi8((hi + 1) as i8), self.0),
                )
            })
        }

        /// Lanes of a non-ASCII byte: the byte's own top bit.
        #[inline(always)]
        pub(crate) fn high(self) -> Lanes {
            self
        }

        #[inline(always)]
        pub(crate) fn or(self, o: Lanes) -> Lanes {
            Lanes(unsafe { _mm_or_si128(self.0, o.0) })
        }

        #[inline(always)]
        pub(crate) fn not(self) -> Lanes {
            Lanes(unsafe { _mm_xor_si128(self.0, _mm_set1_epi8(-1)) })
        }

        #[inline(always)]
        pub(crate) fn mask(self) -> u64 {
            u64::from(unsafe { _mm_movemask_epi8(self.0) } as u16)
        }
    }
}

/// The portable [`Lanes`], and on x86_64 the SSE2 one's test oracle.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
mod swar {
    use super::{HI, in_range_bits, pack_high_bits, read_u64};

    #[derive(Clone, Copy)]
    pub(crate) struct Lanes([u64; 2]);

    impl Lanes {
        #[inline(always)]
        fn map(self, f: impl Fn(u64) -> u64) -> Lanes {
            Lanes([f(self.0[0]), f(self.0[1])])
        }

        #[inline(always)]
        pub(crate) fn load(block: &[u8; 16]) -> Lanes {
            Lanes([read_u64(&block[..8]), read_u64(&block[8..])])
        }

        #[inline(always)]
        pub(crate) fn or_bytes(self, c: u8) -> Lanes {
            self.map(|x| x | (super::LO * u64::from(c)))
        }

        #[inline(always)]
        pub(crate) fn eq(self, c: u8) -> Lanes {
            self.in_range(c, c)
        }

        #[inline(always)]
        pub(crate) fn in_range(self, lo: u8, hi: u8) -> Lanes {
            self.map(|x| in_range_bits(x & !HI, lo, hi) & !x & HI)
        }

        #[inline(always)]
        pub(crate) fn high(self) -> Lanes {
            self.map(|x| x & HI)
        }

        #[inline(always)]
        pub(crate) fn or(self, o: Lanes) -> Lanes {
            Lanes([self.0[0] | o.0[0], self.0[1] | o.0[1]])
        }

        #[inline(always)]
        pub(crate) fn not(self) -> Lanes {
            self.map(|x| x ^ HI)
        }

        #[inline(always)]
        pub(crate) fn mask(self) -> u64 {
            pack_high_bits(self.0[0]) | pack_high_bits(self.0[1]) << 8
        }
    }
}

/// How [`Entries`] compares the text with its entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Case {
    /// Byte for byte.
    Sensitive,
    /// ASCII letters of either case are one (an automaton built with
    /// `ascii_case_insensitive`); other bytes byte for byte.
    AsciiInsensitive,
}

/// Entries by their first bytes, each bucket longest first: the longest
/// entry the text starts with at a position is the first of its bucket it
/// starts with.
#[derive(Debug)]
pub(crate) struct Entries {
    /// Entries of four bytes or more, by a hash of their first four.
    long: Buckets,
    /// Entries of two or three bytes, by their first two.
    short: Buckets,
    /// Entries of one byte, by that byte.
    single: Box<[Option<PatternID>; 256]>,
    case: Case,
}

/// Entries in buckets. In a bucket, the entries of eight bytes or more
/// come first, those of the same first eight bytes together, longest first;
/// then the shorter ones, longest first: at most one such group can match
/// a text, and it is longer than any shorter entry, so the first entry
/// found is the longest. A group whose first eight bytes the text has not
/// is passed over whole: "said" shared its bucket with nineteen "said in
/// a ...", "said on ..." and "said at ..." cues, and a cue lookup
/// compared it with all of them first.
#[derive(Debug)]
struct Buckets {
    /// Bucket `b` is `entries[from..from + len]` for `spans[b]` =
    /// `from | len << 32`: one load for both ends, where two bounds read
    /// two words and tested both.
    spans: Box<[u64]>,
    entries: Box<[Entry]>,
    /// Buckets are `1 << bits`.
    bits: u32,
}

/// An entry with its first sixteen bytes as two words (zeros past its
/// end), to settle the compares of nearly every entry in registers, without
/// a call to `memcmp`. Lower-cased under [`Case::AsciiInsensitive`].
#[derive(Debug)]
struct Entry {
    head: u64,
    /// The bytes of `head` that are the entry's.
    mask: u64,
    /// Bytes 8 to 16, and the bytes of that word that are the entry's.
    next: u64,
    next_mask: u64,
    /// Bytes 16 on.
    tail: Box<[u8]>,
    len: usize,
    id: PatternID,
    /// How many entries to pass over when the text's first eight bytes
    /// are not this entry's: the rest of its group (one for an entry of
    /// fewer than eight bytes).
    skip: u32,
}

/// The bytes of a word that the first `n` bytes of a slice fill.
fn word_mask(n: usize) -> u64 {
    match n {
        0..8 => (1u64 << (8 * n)) - 1,
        _ => u64::MAX,
    }
}

impl Entry {
    fn new(bytes: &[u8], id: PatternID) -> Entry {
        let (head, _) = head_word(bytes);
        let rest = bytes.get(8..).unwrap_or(&[]);
        let (next, _) = head_word(rest);
        Entry {
            head,
            mask: word_mask(bytes.len()),
            next,
            next_mask: word_mask(rest.len()),
            tail: bytes.get(16..).unwrap_or(&[]).into(),
            len: bytes.len(),
            id,
            skip: 1,
        }
    }

    /// Whether the bytes of `hay` past its first eight, of which it has as
    /// many as the entry, are the entry's.
    #[inline(always)]
    fn rest_starts<const FOLD: bool>(&self, hay: &[u8]) -> bool {
        let rest = hay.get(8..).unwrap_or(&[]);
        let (mut next, _) = head_word(rest);
        if FOLD {
            next = ascii_lowercase(next);
        }
        (next ^ self.next) & self.next_mask == 0
            && (self.tail.is_empty()
                || hay.get(16..self.len).is_some_and(|t| {
                    if FOLD {
                        t.eq_ignore_ascii_case(&self.tail)
                    } else {
                        *t == *self.tail
                    }
                }))
    }
}

/// The first eight bytes of `bytes` as a little-endian word, zeros past its
/// end, and whether it has eight.
#[inline]
fn head_word(bytes: &[u8]) -> (u64, bool) {
    match bytes.get(..8) {
        Some(b) => (read_u64(b), true),
        None => {
            let mut w = 0;
            for (i, &b) in bytes.iter().enumerate() {
                w |= u64::from(b) << (8 * i);
            }
            (w, false)
        }
    }
}

/// Past this many entries in one bucket, a scan of it could cost more than
/// an automaton's walk: the caller keeps the walk.
const MAX_BUCKET: usize = 32;

impl Entries {
    /// `None` when a bucket would be too full (a list of many entries
    /// alike). `pattern` says which pattern an automaton of the same
    /// entries reports for an entry's own text (lower-cased under
    /// [`Case::AsciiInsensitive`]); the first of equal entries, as
    /// `find_iter` does.
    pub(crate) fn new(
        patterns: &[&str],
        case: Case,
        pattern: impl Fn(&str) -> Option<PatternID>,
    ) -> Option<Entries> {
        let mut distinct: Vec<String> = patterns
            .iter()
            .map(|p| match case {
                Case::Sensitive => p.to_string(),
                Case::AsciiInsensitive => p.to_ascii_lowercase(),
            })
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut long = Vec::new();
        let mut short = Vec::new();
        let mut single = Box::new([None; 256]);
        for p in &distinct {
            let id = pattern(p)?;
            match p.len() {
                0 => return None,
                1 => single[usize::from(p.as_bytes()[0])] = Some(id),
                2 | 3 => short.push((p.as_bytes(), id)),
                _ => long.push((p.as_bytes(), id)),
            }
        }
        Some(Entries {
            long: Buckets::new(long, long_bucket)?,
            short: Buckets::new(short, short_bucket)?,
            single,
            case,
        })
    }

    /// The longest entry that `bytes[s..]` starts with.
    #[inline]
    pub(crate) fn longest(&self, bytes: &[u8], s: usize) -> Option<Match> {
        self.longest_among(bytes, s, true, true)
    }

    /// `longest`, passing over the entries of four bytes or more unless
    /// `long`, and those of two or three unless `short`: for a caller whose
    /// prefix bits already say that none of them starts there.
    #[inline]
    pub(crate) fn longest_among(
        &self,
        bytes: &[u8],
        s: usize,
        long: bool,
        short: bool,
    ) -> Option<Match> {
        // One reading a case: the case is settled once, not at every
        // compare of every entry.
        match self.case {
            Case::Sensitive => self.longest_by::<false>(bytes, s, long, short),
            Case::AsciiInsensitive => self.longest_by::<true>(bytes, s, long, short),
        }
    }

    /// `longest_among`, with the text lower-cased when `FOLD`.
    #[inline(always)]
    fn longest_by<const FOLD: bool>(
        &self,
        bytes: &[u8],
        s: usize,
        long: bool,
        short: bool,
    ) -> Option<Match> {
        let hay = bytes.get(s..)?;
        let (mut head, _) = head_word(hay);
        if FOLD {
            head = ascii_lowercase(head);
        }
        // The bucket keys are read off `head`, whose bytes are the text's
        // as the entries were bucketed (lower-cased or not). A bucket's
        // entries are as long as its kind's, so a text too short for the
        // kind finds none of them.
        let n = hay.len();
        let mut found = None;
        if long && n >= 4 {
            found = self
                .long
                .longest::<FOLD>(long_key(head, self.long.bits), hay, head);
        }
        if found.is_none() && short && n >= 2 {
            found = self
                .short
                .longest::<FOLD>(short_key(head, self.short.bits), hay, head);
        }
        let (len, id) = match found {
            Some(f) => f,
            None if n > 0 => (1, self.single[(head & 0xff) as usize]?),
            None => return None,
        };
        Some(Match::new(id, s..s + len))
    }
}

/// The bucket of an entry of four bytes or more.
fn long_bucket(bytes: &[u8], bits: u32) -> usize {
    long_key(read_u32(bytes), bits)
}

/// The bucket of the four bytes at the bottom of `head`.
#[inline]
fn long_key(head: u64, bits: u32) -> usize {
    quad_hash(head) >> (16 - bits)
}

/// The bucket of an entry of two or three bytes.
fn short_bucket(bytes: &[u8], bits: u32) -> usize {
    match *bytes {
        [a, b, ..] => short_key(u64::from(a) | u64::from(b) << 8, bits),
        _ => 0,
    }
}

/// The bucket of the two bytes at the bottom of `head`.
#[inline]
fn short_key(head: u64, bits: u32) -> usize {
    let pair = pair_index(head as u8, (head >> 8) as u8) as u32;
    (pair.wrapping_mul(0x9e37_79b1) >> (32 - bits)) as usize
}

impl Buckets {
    fn new(
        mut entries: Vec<(&[u8], PatternID)>,
        bucket: fn(&[u8], u32) -> usize,
    ) -> Option<Buckets> {
        // About one entry a bucket; 4 to 16 bits (the quad hash has 16).
        let bits = entries
            .len()
            .next_power_of_two()
            .trailing_zeros()
            .clamp(4, 16);
        // By bucket; in each, the groups of an eight-byte head first.
        let group = |e: &[u8]| (e.len() < 8, if e.len() >= 8 { read_u64(e) } else { 0 });
        entries.sort_by_key(|&(e, _)| (bucket(e, bits), group(e), std::cmp::Reverse(e.len())));
        let mut lens = vec![0u64; 1 << bits];
        for &(e, _) in &entries {
            lens[bucket(e, bits)] += 1;
        }
        if lens.iter().any(|&n| n as usize > MAX_BUCKET) {
            return None;
        }
        let mut from = 0u64;
        let spans = lens
            .iter()
            .map(|&n| {
                let span = from | n << 32;
                from += n;
                span
            })
            .collect();
        let mut built: Vec<Entry> = entries.iter().map(|&(e, id)| Entry::new(e, id)).collect();
        // From the end, each entry of a group skips to the group's end.
        for k in (0..entries.len()).rev() {
            let (e, _) = entries[k];
            let same_group = |j: usize| {
                entries.get(j).is_some_and(|&(n, _)| {
                    bucket(n, bits) == bucket(e, bits) && n.len() >= 8 && n[..8] == e[..8]
                })
            };
            if e.len() >= 8 && same_group(k + 1) {
                built[k].skip = built[k + 1].skip + 1;
            }
        }
        Some(Buckets {
            spans,
            entries: built.into_boxed_slice(),
            bits,
        })
    }

    /// The length and pattern of the longest entry of bucket `b` that
    /// `hay` starts with; `head` is its first eight bytes (lower-cased
    /// when `FOLD`).
    #[inline(always)]
    fn longest<const FOLD: bool>(
        &self,
        b: usize,
        hay: &[u8],
        head: u64,
    ) -> Option<(usize, PatternID)> {
        let span = *self.spans.get(b)?;
        let from = span as u32 as usize;
        let bucket = self.entries.get(from..from + (span >> 32) as usize)?;
        let mut i = 0;
        while let Some(e) = bucket.get(i) {
            // (An entry of eight bytes or more has a mask of all eight.)
            if (head ^ e.head) & e.mask != 0 {
                i += e.skip as usize;
                continue;
            }
            if hay.len() >= e.len && (e.len <= 8 || e.rest_starts::<FOLD>(hay)) {
                return Some((e.len, e.id));
            }
            i += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::dfa::DFA;
    use aho_corasick::{MatchKind, StartKind};

    #[test]
    fn bytes_found_on_one_word_as_by_position() {
        let hays: [&[u8]; 9] = [
            b"",
            b"-",
            b"a-b",
            b"Kim-Jong",
            b"Jong-un-x",
            b"abcdefgh",
            b"abcdefg-",
            b"\x80-\xff-",
            b"Kremlin-backed",
        ];
        for hay in hays {
            for b in [b'-', b'a', 0x80, 0xff, 0] {
                assert_eq!(
                    find_byte(hay, b),
                    hay.iter().position(|&c| c == b),
                    "{hay:?} {b:#04x}"
                );
            }
        }
    }

    #[test]
    fn lower_cased_eight_at_a_time_as_one_at_a_time() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut word = *b"aZ @[`{\xc3";
                word[lane] = b;
                let want = word.map(|c| c.to_ascii_lowercase());
                assert_eq!(
                    ascii_lowercase(u64::from_le_bytes(word)).to_le_bytes(),
                    want,
                    "{b:#04x} in lane {lane}"
                );
            }
        }
    }

    /// Every test of both [`Lanes`], on every byte in every lane, against
    /// the byte-by-byte reading.
    #[test]
    fn lanes_test_as_bytes_do() {
        type Test = (&'static str, fn(u8) -> bool);
        let tests: [Test; 6] = [
            ("eq '-'", |b| b == b'-'),
            ("in a..=z", |b| b.is_ascii_lowercase()),
            ("in 0..=9", |b| b.is_ascii_digit()),
            ("high", |b| b >= 0x80),
            ("letter", |b| b.is_ascii_alphabetic()),
            ("not capital or hyphen", |b| {
                !(b.is_ascii_uppercase() || b == b'-')
            }),
        ];
        macro_rules! run {
            ($lanes:ty, $name:expr, $v:expr) => {{
                let v: $lanes = $v;
                match $name {
                    "eq '-'" => v.eq(b'-'),
                    "in a..=z" => v.in_range(b'a', b'z'),
                    "in 0..=9" => v.in_range(b'0', b'9'),
                    "high" => v.high(),
                    "letter" => v.or_bytes(0x20).in_range(b'a', b'z'),
                    _ => v.in_range(b'A', b'Z').or(v.eq(b'-')).not(),
                }
                .mask()
            }};
        }
        for (name, want) in tests {
            for b in 0..=255u8 {
                for lane in 0..16 {
                    let mut block = *b"aZ -_09@[`{\x7f\x80\xff.x";
                    block[lane] = b;
                    let expect = block
                        .iter()
                        .enumerate()
                        .fold(0u64, |m, (i, &c)| m | u64::from(want(c)) << i);
                    let got = run!(Lanes, name, Lanes::load(&block));
                    assert_eq!(got, expect, "{name}: {b:#04x} in lane {lane}");
                    let got = run!(swar::Lanes, name, swar::Lanes::load(&block));
                    assert_eq!(got, expect, "portable {name}: {b:#04x} in lane {lane}");
                }
            }
        }
    }

    proptest::proptest! {
        /// The next set bit in a range, as a search of the bytes finds it.
        #[test]
        fn next_set_bit_as_the_search_finds(
            text in proptest::collection::vec(proptest::sample::select(&[b'a', b'.', b' '][..]), 0..200),
            from in 0usize..220,
            len in 0usize..220,
        ) {
            let bits = ByteBits::of(&text, |b| b == b'.');
            let end = (from + len).min(text.len());
            let want = text.get(from..end).and_then(|t| t.iter().position(|&b| b == b'.')).map(|k| from + k);
            proptest::prop_assert_eq!(bits.next_in(from, end, &mut 0), want);
        }
    }

    /// An automaton over `entries`, and its walk at `s` (empty matches aside).
    fn walk(dfa: &DFA, bytes: &[u8], s: usize) -> Option<Match> {
        let start = dfa.start_state(Anchored::Yes).unwrap();
        anchored_walk(dfa, start, bytes, s).filter(|m| !m.is_empty())
    }

    fn entries(dfa: &DFA, patterns: &[&str], case: Case) -> Entries {
        Entries::new(patterns, case, |p| {
            walk(dfa, p.as_bytes(), 0)
                .filter(|m| m.end() == p.len())
                .map(|m| m.pattern())
        })
        .unwrap()
    }

    /// Entries that share their first four bytes and, in groups, their
    /// first eight: at every position of a text that holds each of them,
    /// whole and cut short, the buckets find what the automaton finds.
    #[test]
    fn buckets_pass_over_groups_as_the_automaton_does() {
        let patterns = [
            "said",
            "saidx",
            "said in",
            "said in a",
            "said in a statement",
            "said in an email",
            "said in an interview",
            "said on",
            "said on Twitter",
            "said on Facebook",
            "said at a",
            "said at a news conference",
            "saidin a",
            "said in ",
            "SAID IN A STATEMENT",
        ];
        let mut text = String::new();
        for p in &patterns {
            for cut in 0..=p.len() {
                text.push_str(&p[..cut]);
                text.push_str(". ");
            }
        }
        for case in [Case::Sensitive, Case::AsciiInsensitive] {
            let dfa = DFA::builder()
                .ascii_case_insensitive(case == Case::AsciiInsensitive)
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .build(patterns)
                .unwrap();
            let e = entries(&dfa, &patterns, case);
            for s in 0..=text.len() {
                assert_eq!(
                    e.longest(text.as_bytes(), s),
                    walk(&dfa, text.as_bytes(), s),
                    "{case:?} at {s}"
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(500))]

        /// With entries that are prefixes of one another, equal entries in
        /// two cases and entries of one to some thirty bytes (past the two
        /// words an entry keeps, and cut short at each), the buckets find
        /// at every position what the automaton's walk finds, with the case
        /// ignored or not.
        #[test]
        fn buckets_find_what_the_automaton_finds(
            patterns in proptest::collection::vec(
                proptest::string::string_regex("[aAbB -][abAB é]{0,20}").unwrap(), 1..16),
            text in proptest::string::string_regex("[abAB é.-]{0,60}").unwrap(),
            cuts in proptest::collection::vec(0..24usize, 16),
        ) {
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            // The entries in the text, whole and cut short, between its
            // random bytes: long entries seldom meet random text.
            let mut text = text;
            for (p, &cut) in patterns.iter().zip(&cuts) {
                let cut = (0..=cut.min(p.len())).rev().find(|&k| p.is_char_boundary(k)).unwrap_or(0);
                text = format!("{p}.{}{text}", &p[..cut]);
            }
            for case in [Case::Sensitive, Case::AsciiInsensitive] {
                let dfa = DFA::builder()
                    .ascii_case_insensitive(case == Case::AsciiInsensitive)
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .build(&patterns)
                    .unwrap();
                let e = entries(&dfa, &patterns, case);
                let bytes = text.as_bytes();
                for s in 0..=bytes.len() {
                    proptest::prop_assert_eq!(
                        e.longest(bytes, s),
                        walk(&dfa, bytes, s),
                        "{:?} in {:?} at {}, {:?}", patterns, text, s, case
                    );
                    // Told only which lengths may start here (as a caller's
                    // prefix bits would say), the buckets find the same.
                    let starts_here = |p: &str| {
                        bytes.get(s..s + p.len()).is_some_and(|h| match case {
                            Case::Sensitive => h == p.as_bytes(),
                            Case::AsciiInsensitive => h.eq_ignore_ascii_case(p.as_bytes()),
                        })
                    };
                    let long = patterns.iter().any(|p| p.len() >= 4 && starts_here(p));
                    let short = patterns
                        .iter()
                        .any(|p| (2..4).contains(&p.len()) && starts_here(p));
                    proptest::prop_assert_eq!(
                        e.longest_among(bytes, s, long, short),
                        e.longest(bytes, s),
                        "{:?} in {:?} at {}, {:?}", patterns, text, s, case
                    );
                }
            }
        }
    }
}
