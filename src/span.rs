//! Byte spans inside an article, and their conversion to Unicode scalar offsets.
//!
//! Every stage works on byte offsets (cheap slicing, no decoding). Output wants
//! offsets in Unicode scalar values (what Python's `str` indexes), so the
//! conversion happens exactly once, at the edge, through [`CharIndex`].

/// A half-open byte range `start..end` into an article's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; `start` must not exceed `end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// The text this span covers.
    ///
    /// ```
    /// use saidby::Span;
    /// assert_eq!(Span::new(4, 9).as_str("The quick fox"), "quick");
    /// ```
    pub fn as_str<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The number of bytes the two spans share.
    pub fn overlap_len(&self, other: Span) -> usize {
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }
}

/// Converts byte offsets of one text into Unicode scalar offsets.
///
/// Built once per article in O(n) time and O(n / 64) space; each lookup then
/// costs at most one 64-byte scan, so converting every offset of a 20 MB
/// article stays linear. Pure-ASCII texts skip the table entirely.
///
/// ```
/// use saidby::span::CharIndex;
/// let text = "«Ça va», dit-il.";
/// let idx = CharIndex::new(text);
/// assert_eq!(idx.char_offset(text.find("dit").unwrap()), 9);
/// ```
#[derive(Debug)]
pub struct CharIndex<'t> {
    text: &'t str,
    /// `checkpoints[i]` = number of chars in `text[..i * STRIDE]`; empty for ASCII.
    checkpoints: Vec<usize>,
    /// Whether the CPU has AVX2 and POPCNT, checked once an article.
    #[cfg(target_arch = "x86_64")]
    avx2: bool,
}

const STRIDE: usize = 64;

impl<'t> CharIndex<'t> {
    pub fn new(text: &'t str) -> CharIndex<'t> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("popcnt")
        {
            // SAFETY: the CPU has AVX2 and POPCNT, just checked.
            let checkpoints = unsafe { checkpoints_avx2(text.as_bytes()) };
            return CharIndex {
                text,
                checkpoints,
                avx2: true,
            };
        }
        CharIndex::new_baseline(text)
    }

    /// [`CharIndex::new`] on the x86_64 baseline (or none).
    fn new_baseline(text: &'t str) -> CharIndex<'t> {
        if text.is_ascii() {
            return CharIndex {
                text,
                checkpoints: Vec::new(),
                #[cfg(target_arch = "x86_64")]
                avx2: false,
            };
        }
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::with_capacity(bytes.len() / STRIDE + 2);
        let mut chars = 0usize;
        let (blocks, rest) = bytes.as_chunks::<STRIDE>();
        for block in blocks {
            checkpoints.push(chars);
            chars += STRIDE - continuations_before(block, STRIDE);
        }
        if !rest.is_empty() {
            checkpoints.push(chars);
            chars += rest.len() - continuation_bytes(rest);
        }
        checkpoints.push(chars);
        CharIndex {
            text,
            checkpoints,
            #[cfg(target_arch = "x86_64")]
            avx2: false,
        }
    }

    /// The Unicode scalar offset of byte offset `byte`, which must lie on a
    /// char boundary (or at the end of the text).
    pub fn char_offset(&self, byte: usize) -> usize {
        let [chars] = self.char_offsets([byte]);
        chars
    }

    /// [`CharIndex::char_offset`] of each of `bytes`: a row's six offsets
    /// cost one dispatch to the AVX2 lookup, which cannot be inlined.
    #[inline]
    pub(crate) fn char_offsets<const N: usize>(&self, bytes: [usize; N]) -> [usize; N] {
        debug_assert!(bytes.iter().all(|&b| self.text.is_char_boundary(b)));
        if self.checkpoints.is_empty() {
            return bytes;
        }
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only when the CPU has AVX2 and POPCNT.
            return unsafe { char_offsets_avx2(self.text.as_bytes(), &self.checkpoints, bytes) };
        }
        bytes.map(|byte| self.char_offset_sse2(byte))
    }

    fn char_offset_sse2(&self, byte: usize) -> usize {
        let bytes = self.text.as_bytes();
        let block = byte / STRIDE;
        let from = block * STRIDE;
        let before = byte - from;
        // Six offsets a row, each up to a stride past its checkpoint: the
        // block, cut at the offset, counts them at once.
        let continuations = match bytes.get(from..from + STRIDE) {
            Some(whole) if before > 0 => {
                let block: &[u8; STRIDE] = whole.try_into().unwrap_or(&[0; STRIDE]);
                continuations_before(block, before)
            }
            _ => continuation_bytes(&bytes[from..byte]),
        };
        self.checkpoints[block] + before - continuations
    }

    /// Both ends of `span`, in Unicode scalar offsets.
    pub fn char_span(&self, span: Span) -> (usize, usize) {
        let [start, end] = self.char_offsets([span.start, span.end]);
        (start, end)
    }
}

/// Bit `k` set when byte `k` of the 64 at `block` is a UTF-8 continuation
/// byte (as a signed byte, below -64).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn continuation_mask_avx2(block: &[u8; STRIDE]) -> u64 {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpgt_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_set1_epi8,
    };
    let p = block.as_ptr().cast::<__m256i>();
    // SAFETY: the two loads read the 64 bytes of `block`.
    let (lo, hi) = unsafe { (_mm256_loadu_si256(p), _mm256_loadu_si256(p.add(1))) };
    let below = _mm256_set1_epi8(-64);
    let lo = _mm256_movemask_epi8(_mm256_cmpgt_epi8(below, lo)) as u32;
    let hi = _mm256_movemask_epi8(_mm256_cmpgt_epi8(below, hi)) as u32;
    u64::from(lo) | u64::from(hi) << 32
}

/// The checkpoints of [`CharIndex::new`], none for ASCII: each block's
/// continuation bytes are one mask and one POPCNT, a third of what summing
/// compare lanes on the x86_64 baseline cost. Checking for ASCII first was
/// a pass of its own.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
fn checkpoints_avx2(bytes: &[u8]) -> Vec<usize> {
    let mut checkpoints = Vec::with_capacity(bytes.len() / STRIDE + 2);
    let mut continuations = 0usize;
    let (blocks, rest) = bytes.as_chunks::<STRIDE>();
    // Extended, not pushed: a slice's length is known, so no block checks
    // the capacity.
    checkpoints.extend(blocks.iter().enumerate().map(|(i, block)| {
        let chars = i * STRIDE - continuations;
        continuations += continuation_mask_avx2(block).count_ones() as usize;
        chars
    }));
    if !rest.is_empty() {
        checkpoints.push(blocks.len() * STRIDE - continuations);
        continuations += continuation_bytes(rest);
    }
    if continuations == 0 {
        return Vec::new();
    }
    checkpoints.push(bytes.len() - continuations);
    checkpoints
}

/// [`CharIndex::char_offsets`] with AVX2 and POPCNT: the offset's block
/// as a mask, cut at the offset, counted by one instruction.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
fn char_offsets_avx2<const N: usize>(
    bytes: &[u8],
    checkpoints: &[usize],
    offsets: [usize; N],
) -> [usize; N] {
    offsets.map(|byte| {
        let block = byte / STRIDE;
        let from = block * STRIDE;
        let before = byte - from;
        let continuations = match bytes.get(from..).and_then(<[u8]>::first_chunk::<STRIDE>) {
            Some(whole) => {
                (continuation_mask_avx2(whole) & ((1u64 << before) - 1)).count_ones() as usize
            }
            // The last block, shorter than a stride.
            None => continuation_bytes(&bytes[from..byte]),
        };
        checkpoints[block] + before - continuations
    })
}

/// The UTF-8 continuation bytes (`10xxxxxx`) among the first `n` bytes of
/// `block` (`n <= STRIDE`): sixteen bytes a compare, summed across lanes
/// once. Through a bit mask of the block and a count of its ones (a dozen
/// instructions without the x86_64-v2 `popcnt`), a lookup cost 60
/// instructions, and every row has six.
#[cfg(target_arch = "x86_64")]
fn continuations_before(block: &[u8; STRIDE], n: usize) -> usize {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_and_si128, _mm_cmpgt_epi8, _mm_cvtsi128_si32, _mm_extract_epi16,
        _mm_loadu_si128, _mm_sad_epu8, _mm_set1_epi8, _mm_setzero_si128,
    };
    // A one for each of the first `n` bytes, a zero after.
    let window = &FIRST[STRIDE - n.min(STRIDE)..][..STRIDE];
    let mut sum;
    // SAFETY: SSE2 is part of the x86_64 baseline; each load reads 16 of
    // the 64 bytes of `block` or of `window`. As signed bytes, continuation
    // bytes are exactly those below -64 (0xc0); the compare gives all ones
    // there, the window keeps a one for each counted byte, and the sums of
    // four such lanes (at most 4) cannot overflow a byte.
    unsafe {
        sum = _mm_setzero_si128();
        for k in 0..STRIDE / 16 {
            let v = _mm_loadu_si128(block.as_ptr().add(16 * k).cast::<__m128i>());
            let w = _mm_loadu_si128(window.as_ptr().add(16 * k).cast::<__m128i>());
            let continuation = _mm_cmpgt_epi8(_mm_set1_epi8(-64), v);
            sum = _mm_add_epi8(sum, _mm_and_si128(continuation, w));
        }
        let halves = _mm_sad_epu8(sum, _mm_setzero_si128());
        (_mm_cvtsi128_si32(halves) + _mm_extract_epi16::<4>(halves)) as usize
    }
}

/// `STRIDE` ones then `STRIDE` zeros: the window of [`continuations_before`].
#[cfg(target_arch = "x86_64")]
static FIRST: [u8; 2 * STRIDE] = {
    let mut t = [0; 2 * STRIDE];
    let mut i = 0;
    while i < STRIDE {
        t[i] = 1;
        i += 1;
    }
    t
};

/// The portable [`continuations_before`], and on x86_64 its test oracle.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn continuations_before_by_bytes(block: &[u8; STRIDE], n: usize) -> usize {
    block[..n.min(STRIDE)]
        .iter()
        .filter(|&&b| is_continuation(b))
        .count()
}

#[cfg(not(target_arch = "x86_64"))]
fn continuations_before(block: &[u8; STRIDE], n: usize) -> usize {
    continuations_before_by_bytes(block, n)
}

fn is_continuation(b: u8) -> bool {
    (b as i8) < -0x40
}

/// The UTF-8 continuation bytes (`10xxxxxx`) of `bytes`, eight at a time:
/// counted once per byte of every article with a non-ASCII char, this was a
/// fifth of writing the rows.
fn continuation_bytes(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut n = 0;
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        let w = u64::from_le_bytes(b);
        // Bit 7 set and bit 6 clear: shifting left by one brings bit 6 under bit 7.
        n += (w & !(w << 1) & HIGH).count_ones() as usize;
    }
    n + words
        .remainder()
        .iter()
        .filter(|&&b| is_continuation(b))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_bytes_are_counted_eight_at_a_time_as_one_at_a_time() {
        let text = "He said “ça” — 北京 😀 ok. Ünïcödé àll the wáy ".repeat(7);
        let bytes = text.as_bytes();
        for start in 0..20 {
            for end in (start..bytes.len()).step_by(13) {
                let slice = &bytes[start..end];
                let slow = slice.iter().filter(|&&b| is_continuation(b)).count();
                assert_eq!(continuation_bytes(slice), slow, "{start}..{end}");
            }
        }
    }

    #[test]
    fn continuations_are_counted_sixteen_bytes_at_a_time_as_one_at_a_time() {
        let text = "He said “ça” — 北京 😀 ok. Ünïcödé àll the wáy ".repeat(9);
        let bytes = text.as_bytes();
        for start in 0..bytes.len() - STRIDE {
            let block: &[u8; STRIDE] = bytes[start..start + STRIDE].try_into().unwrap();
            for n in 0..=STRIDE {
                assert_eq!(
                    continuations_before(block, n),
                    continuations_before_by_bytes(block, n),
                    "{start}, first {n}"
                );
            }
        }
        let all = [0x80u8; STRIDE];
        assert_eq!(continuations_before(&all, STRIDE), STRIDE);
    }

    #[test]
    fn char_offsets_match_python_indices_on_mixed_scripts() {
        // Lengths on and off the index's 64-byte blocks, offsets at both.
        for pad in 0..70 {
            let text = "x".repeat(pad) + &"He said “ça” — 北京 😀 ok. ".repeat(20);
            for idx in [CharIndex::new(&text), CharIndex::new_baseline(&text)] {
                for (chars, (byte, _)) in text.char_indices().enumerate() {
                    assert_eq!(idx.char_offset(byte), chars, "pad {pad}, byte {byte}");
                }
                assert_eq!(
                    idx.char_offset(text.len()),
                    text.chars().count(),
                    "pad {pad}"
                );
            }
        }
    }

    proptest::proptest! {
        /// Both ways of building and looking up agree with counting chars,
        /// at every char boundary and the end.
        #[test]
        fn char_offsets_count_the_chars_before_them(
            text in "([a-z ]{0,70}|[é“—北😀]{0,5}){0,12}",
        ) {
            let ends: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            for idx in [CharIndex::new(&text), CharIndex::new_baseline(&text)] {
                for (chars, &byte) in ends.iter().enumerate() {
                    proptest::prop_assert_eq!(idx.char_offset(byte), chars);
                }
                for w in ends.windows(3) {
                    proptest::prop_assert_eq!(
                        idx.char_offsets([w[2], w[0], w[1]]),
                        [w[2], w[0], w[1]].map(|b| text[..b].chars().count())
                    );
                }
            }
        }
    }

    #[test]
    fn ascii_text_maps_bytes_to_themselves() {
        let idx = CharIndex::new("plain ascii");
        assert_eq!(idx.char_span(Span::new(6, 11)), (6, 11));
    }

    #[test]
    fn overlap_len_counts_shared_bytes() {
        assert_eq!(Span::new(0, 10).overlap_len(Span::new(5, 20)), 5);
        assert_eq!(Span::new(0, 5).overlap_len(Span::new(5, 20)), 0);
    }
}
