//! Quotation-mark recognition: where the candidate bytes are, and which mark
//! (if any) starts at a candidate.
//!
//! The scanner is byte-oriented: it jumps sixteen bytes at a time over text
//! that holds none of the bytes a mark can start with, so plain prose costs a
//! few instructions per word and no decoding at all.

use crate::scan::Lanes;

/// Which marks pair with which: a frame opened by one member of a family is
/// closed by a closing member of the same family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    /// `"` `“` `”` `„` `''` `＂` and their HTML entities.
    Double,
    /// `'` `‘` `’` `‚`.
    Single,
    /// `«` `»`: which one opens is fixed by the opening mark of the frame.
    Guillemet,
    /// `‹` `›`.
    SingleGuillemet,
    /// `「` `」`.
    Corner,
    /// `『` `』`.
    WhiteCorner,
}

/// What a mark can do before its neighbours are looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// `“ ‘ „ ‚ 「 『`: opens (but `“`/`‘` also close a `„`/`‚` frame).
    Open,
    /// `” ’ 」 』`: closes.
    Close,
    /// Straight marks, `''`, `＂`, guillemets: direction from context.
    Either,
}

/// A quotation mark (or an apostrophe candidate) at a byte position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    /// The mark as a character (entities are decoded: `&ldquo;` is `“`).
    pub glyph: char,
    pub family: Family,
    pub role: Role,
    /// Length of the mark in bytes (2 for `''`, 7 for `&ldquo;`).
    pub len: usize,
    /// Written as an HTML entity.
    pub entity: bool,
}

impl Mark {
    fn of(glyph: char, len: usize, entity: bool) -> Option<Mark> {
        let (family, role) = match glyph {
            '"' | '＂' => (Family::Double, Role::Either),
            '“' | '„' => (Family::Double, Role::Open),
            '”' => (Family::Double, Role::Close),
            '\'' => (Family::Single, Role::Either),
            '‘' | '‚' => (Family::Single, Role::Open),
            '’' => (Family::Single, Role::Close),
            '«' | '»' => (Family::Guillemet, Role::Either),
            '‹' | '›' => (Family::SingleGuillemet, Role::Either),
            '「' => (Family::Corner, Role::Open),
            '」' => (Family::Corner, Role::Close),
            '『' => (Family::WhiteCorner, Role::Open),
            '』' => (Family::WhiteCorner, Role::Close),
            _ => return None,
        };
        Some(Mark {
            glyph,
            family,
            role,
            len,
            entity,
        })
    }
}

/// The mark starting at byte `i` of `bytes`, if any. `''` (two ASCII
/// apostrophes, the New York Times' double quote) is one double mark.
pub(crate) fn mark_at(bytes: &[u8], i: usize) -> Option<Mark> {
    let b = *bytes.get(i)?;
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match b {
        b'"' => Mark::of('"', 1, false),
        b'\'' if at(1) == b'\'' => Mark::of('"', 2, false).map(|m| Mark { glyph: '\'', ..m }),
        b'\'' => Mark::of('\'', 1, false),
        b'&' => entity_at(bytes, i),
        0xE2 if at(1) == 0x80 => {
            let glyph = match at(2) {
                0x9C => '“',
                0x9D => '”',
                0x9E => '„',
                0x98 => '‘',
                0x99 => '’',
                0x9A => '‚',
                0xB9 => '‹',
                0xBA => '›',
                _ => return None,
            };
            Mark::of(glyph, 3, false)
        }
        0xC2 => match at(1) {
            0xAB => Mark::of('«', 2, false),
            0xBB => Mark::of('»', 2, false),
            _ => None,
        },
        0xE3 if at(1) == 0x80 => match at(2) {
            0x8C => Mark::of('「', 3, false),
            0x8D => Mark::of('」', 3, false),
            0x8E => Mark::of('『', 3, false),
            0x8F => Mark::of('』', 3, false),
            _ => None,
        },
        0xEF if at(1) == 0xBC && at(2) == 0x82 => Mark::of('＂', 3, false),
        _ => None,
    }
}

/// The longest entity we decode: `&#x201C;` and `&laquo;` are 8 and 7 bytes.
const MAX_ENTITY: usize = 10;

/// An HTML entity that encodes a quotation mark (scraped text keeps them:
/// issue 6). Bounded lookahead, so a text of ampersands stays linear.
fn entity_at(bytes: &[u8], i: usize) -> Option<Mark> {
    let window = &bytes[i + 1..bytes.len().min(i + MAX_ENTITY)];
    let semi = window.iter().position(|&b| b == b';')?;
    let name = &window[..semi];
    let len = semi + 2;
    let glyph = match name {
        b"quot" | b"QUOT" => '"',
        b"ldquo" => '“',
        b"rdquo" => '”',
        b"bdquo" => '„',
        b"lsquo" => '‘',
        b"rsquo" => '’',
        b"sbquo" => '‚',
        b"apos" => '\'',
        b"laquo" => '«',
        b"raquo" => '»',
        b"lsaquo" => '‹',
        b"rsaquo" => '›',
        [b'#', b'x' | b'X', hex @ ..] => char::from_u32(parse_number(hex, 16)?)?,
        [b'#', dec @ ..] => char::from_u32(parse_number(dec, 10)?)?,
        _ => return None,
    };
    Mark::of(glyph, len, true)
}

fn parse_number(digits: &[u8], radix: u32) -> Option<u32> {
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    let mut n = 0u32;
    for &d in digits {
        n = n * radix + (d as char).to_digit(radix)?;
    }
    Some(n)
}

/// One bit per byte of `block` (bit k for byte k) where a mark can start:
/// `"`, `&`, `'` and every non-ASCII byte. `b | 0x05 == 0x27` holds for
/// exactly `"` `#` `&` `'`, so one comparison finds all three ASCII marks
/// (`#` is a harmless extra). Sixteen bytes at once with the lanes the cue
/// matcher and the entity recognizer use (SSE2 on x86_64).
#[inline(always)]
fn candidates16(block: &[u8; 16]) -> u32 {
    let v = Lanes::load(block);
    v.or_bytes(0x05).eq(0x27).or(v.high()).mask() as u32
}

fn is_candidate(b: u8) -> bool {
    matches!(b, b'"' | b'&' | b'\'') || b >= 0x80
}

/// The first position in `from..end` holding a byte a mark can start with.
/// Sixteen bytes a step over prose; `steps` counts the steps taken.
#[inline]
pub(crate) fn next_candidate(
    bytes: &[u8],
    mut from: usize,
    end: usize,
    steps: &mut u64,
) -> Option<usize> {
    let end = end.min(bytes.len());
    // Two blocks a step: prose runs for dozens of bytes between candidates,
    // and the loop's own bookkeeping costs as much as a block's test.
    while from + 32 <= end {
        *steps += 1;
        let lo: &[u8; 16] = bytes[from..from + 16].try_into().ok()?;
        let hi: &[u8; 16] = bytes[from + 16..from + 32].try_into().ok()?;
        let flags = u64::from(candidates16(lo)) | u64::from(candidates16(hi)) << 16;
        if flags != 0 {
            return Some(from + flags.trailing_zeros() as usize);
        }
        from += 32;
    }
    while from + 16 <= end {
        *steps += 1;
        let block: &[u8; 16] = bytes[from..from + 16].try_into().ok()?;
        let flags = candidates16(block);
        if flags != 0 {
            return Some(from + flags.trailing_zeros() as usize);
        }
        from += 16;
    }
    while from < end {
        *steps += 1;
        if is_candidate(bytes[from]) {
            return Some(from);
        }
        from += 1;
    }
    None
}

/// Length of the UTF-8 sequence a lead byte starts (1 for a stray continuation).
pub(crate) fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mark_style_is_recognized_with_its_byte_length() {
        let cases: &[(&str, char, usize, bool)] = &[
            ("\"", '"', 1, false),
            ("''", '\'', 2, false),
            ("'", '\'', 1, false),
            ("“", '“', 3, false),
            ("”", '”', 3, false),
            ("„", '„', 3, false),
            ("‚", '‚', 3, false),
            ("«", '«', 2, false),
            ("»", '»', 2, false),
            ("「", '「', 3, false),
            ("』", '』', 3, false),
            ("＂", '＂', 3, false),
            ("&quot;", '"', 6, true),
            ("&#34;", '"', 5, true),
            ("&#8220;", '“', 7, true),
            ("&#x201C;", '“', 8, true),
            ("&#X201d;", '”', 8, true),
            ("&ldquo;", '“', 7, true),
            ("&rsquo;", '’', 7, true),
        ];
        for &(text, glyph, len, entity) in cases {
            let m = mark_at(text.as_bytes(), 0).unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!((m.glyph, m.len, m.entity), (glyph, len, entity), "{text:?}");
        }
        assert_eq!(mark_at(b"''", 0).map(|m| m.family), Some(Family::Double));
    }

    #[test]
    fn other_entities_and_punctuation_are_not_marks() {
        for text in [
            "&amp;",
            "&#8212;",
            "&#99999999;",
            "&quot",
            "—",
            "é",
            "&",
            "&#;",
        ] {
            assert_eq!(mark_at(text.as_bytes(), 0), None, "{text:?}");
        }
    }

    #[test]
    fn lane_scan_flags_every_candidate_byte_value() {
        // Each byte value at each of the 16 positions, over ASCII filler.
        for b in 0..=255u8 {
            for at in 0..16 {
                let mut block = [b'a'; 16];
                block[at] = b;
                let first = |flags: u32| (flags != 0).then(|| flags.trailing_zeros());
                // `#` is the one harmless extra of the `| 0x05` trick.
                let want = (is_candidate(b) || b == b'#').then_some(at as u32);
                assert_eq!(first(candidates16(&block)), want, "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn scanner_stops_at_the_first_candidate_byte() {
        let text = b"plain words here and then \" and more";
        let mut steps = 0;
        let at = next_candidate(text, 0, text.len(), &mut steps);
        assert_eq!(at, text.iter().position(|&b| b == b'"'));
        let ascii = b"no marks at all in this line of text";
        assert_eq!(next_candidate(ascii, 0, ascii.len(), &mut steps), None);
    }
}
