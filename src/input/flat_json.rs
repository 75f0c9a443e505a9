//! A fast reading of the flat JSON objects most dumps hold, for the fields
//! a JSONL line is read for.
//!
//! Through serde_json the text went through a scratch buffer, was validated
//! there, then copied out: a fifth of a worker's time outside extraction.
//! Here it is copied once, from the line into its `String`, a run of plain
//! bytes at a time. The reading is strict JSON, and gives up (`None`) on
//! whatever it does not fully settle: nested values, a text that is not a
//! string, an id or meta value that is neither a string nor `null`, lone
//! surrogates, malformed lines. The caller then reads the line with
//! serde_json, which decides and words the errors, so this path changes
//! what is read for no line.

use super::ReadOptions;
use super::jsonl::{Extracted, Key, classify};

/// The wanted fields of `line`, or `None` when serde_json must read it.
pub(super) fn fields(line: &[u8], options: &ReadOptions) -> Option<Extracted> {
    let mut p = Parser { b: line, i: 0 };
    let mut out = Extracted {
        text: None,
        id: None,
        meta: vec![None; options.meta.len()],
    };
    let mut key = Vec::new();
    p.ws();
    p.eat(b'{')?;
    p.ws();
    if p.eat(b'}').is_none() {
        loop {
            key.clear();
            p.string(Some(&mut key))?;
            p.ws();
            p.eat(b':')?;
            p.ws();
            match classify(std::str::from_utf8(&key).ok()?, options) {
                Key::Text => out.text = Some(Ok(p.owned_text()?)),
                Key::Id => out.id = p.cell()?,
                Key::Meta(i) => {
                    let cell = p.cell()?;
                    // As the serde reading does for `--meta id`.
                    if options.meta[i] == options.id_field {
                        out.id = cell.clone();
                    }
                    out.meta[i] = cell;
                }
                Key::Other => p.skip_scalar()?,
            }
            p.ws();
            if p.eat(b',').is_some() {
                p.ws();
                continue;
            }
            p.eat(b'}')?;
            break;
        }
    }
    p.ws();
    (p.i == line.len()).then_some(out)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    /// An id or meta value as a cell: a string, or `null` for none. (A
    /// number or a boolean is printed by serde_json's rules: left to it.)
    fn cell(&mut self) -> Option<Option<String>> {
        if self.b[self.i..].starts_with(b"null") {
            self.i += 4;
            return Some(None);
        }
        // Grown as it is read: sized for the rest of the line, an id read
        // before the text held a whole article's worth of memory.
        self.owned_string(0).map(Some)
    }

    /// The text: at most the rest of the line, one allocation, never grown.
    fn owned_text(&mut self) -> Option<String> {
        self.owned_string(self.b.len() - self.i)
    }

    fn owned_string(&mut self, capacity: usize) -> Option<String> {
        let mut out = Vec::with_capacity(capacity);
        self.string(Some(&mut out))?;
        super::utf8_string(out, 0).ok()
    }

    /// A string, decoded into `out`, or only checked with `None`.
    fn string(&mut self, mut out: Option<&mut Vec<u8>>) -> Option<()> {
        self.eat(b'"')?;
        loop {
            let stop = string_stop(self.b, self.i);
            let plain = &self.b[self.i..stop];
            match out.as_deref_mut() {
                Some(out) => out.extend_from_slice(plain),
                // Kept bytes are checked as a whole; skipped ones here.
                None => {
                    std::str::from_utf8(plain).ok()?;
                }
            }
            self.i = stop;
            match *self.b.get(stop)? {
                b'"' => {
                    self.i += 1;
                    return Some(());
                }
                b'\\' => {
                    let mut buf = [0u8; 4];
                    let decoded = self.escape(&mut buf)?;
                    // Most escapes are one byte ("\n" between paragraphs,
                    // "\"" around quotes), one every hundred bytes of news:
                    // pushed, not copied by a call.
                    match (out.as_deref_mut(), decoded) {
                        (Some(out), &[byte]) => out.push(byte),
                        (Some(out), _) => out.extend_from_slice(decoded),
                        (None, _) => {}
                    }
                }
                // A control character: JSON wants it escaped.
                _ => return None,
            }
        }
    }

    /// The escape at `i` (a backslash), as UTF-8 in `buf`.
    fn escape<'b>(&mut self, buf: &'b mut [u8; 4]) -> Option<&'b [u8]> {
        let c = *self.b.get(self.i + 1)?;
        self.i += 2;
        let byte = match c {
            b'"' | b'\\' | b'/' => c,
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let hi = self.hex4()?;
                let code = match hi {
                    0xd800..=0xdbff => {
                        self.eat(b'\\')?;
                        self.eat(b'u')?;
                        let lo = self.hex4()?;
                        if !(0xdc00..=0xdfff).contains(&lo) {
                            return None;
                        }
                        0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                    }
                    0xdc00..=0xdfff => return None,
                    _ => hi,
                };
                return Some(char::from_u32(code)?.encode_utf8(buf).as_bytes());
            }
            _ => return None,
        };
        buf[0] = byte;
        Some(&buf[..1])
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.b.get(self.i..self.i + 4)?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + char::from(d).to_digit(16)?;
        }
        self.i += 4;
        Some(n)
    }

    /// A value of a field nobody asked for: a string, a number, `true`,
    /// `false` or `null`. An array or an object is left to serde_json.
    fn skip_scalar(&mut self) -> Option<()> {
        match *self.b.get(self.i)? {
            b'"' => self.string(None),
            b'-' | b'0'..=b'9' => self.number(),
            _ => {
                let rest = &self.b[self.i..];
                let word = [&b"true"[..], b"false", b"null"]
                    .into_iter()
                    .find(|w| rest.starts_with(w))?;
                self.i += word.len();
                Some(())
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Option<()> {
        let _ = self.eat(b'-');
        match *self.b.get(self.i)? {
            b'0' => self.i += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.eat(b'.').is_some() {
            self.some_digits()?;
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            self.some_digits()?;
        }
        Some(())
    }

    fn digits(&mut self) {
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
    }

    fn some_digits(&mut self) -> Option<()> {
        let from = self.i;
        self.digits();
        (self.i > from).then_some(())
    }
}

/// The first byte at or after `from` that ends a run of plain string
/// bytes: a quote, a backslash or a control character; `b.len()` if none.
/// Thirty-two bytes a step: news text has an escape every hundred bytes or
/// so, and the generic lanes' six compares a block made this scan two
/// instructions a byte of text; with AVX2 (where the CPU has it), one
/// compare covers the 32 bytes.
fn string_stop(b: &[u8], from: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, just checked.
        return unsafe { string_stop_avx2(b, from) };
    }
    string_stop_sse2(b, from)
}

/// [`string_stop`] with AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn string_stop_avx2(b: &[u8], from: usize) -> usize {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_min_epu8, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_xor_si256,
    };
    let mut i = from;
    while let Some(block) = b.get(i..i + 32) {
        // SAFETY: the load reads the 32 bytes of `block`.
        let v = unsafe { _mm256_loadu_si256(block.as_ptr().cast::<__m256i>()) };
        // Flipping bit 1 maps the control characters onto themselves and
        // the quote (0x22) onto 0x20: one unsigned compare finds both.
        let x = _mm256_xor_si256(v, _mm256_set1_epi8(2));
        let control_or_quote = _mm256_cmpeq_epi8(_mm256_min_epu8(x, _mm256_set1_epi8(0x20)), x);
        let backslash = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'\\' as i8));
        let stop = _mm256_movemask_epi8(_mm256_or_si256(control_or_quote, backslash)) as u32;
        if stop != 0 {
            return i + stop.trailing_zeros() as usize;
        }
        i += 32;
    }
    string_stop_sse2(b, i)
}

/// [`string_stop`] with the x86_64 baseline (or none).
fn string_stop_sse2(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(pair) = b.get(i..i + 32) {
        let (pair, _) = pair.as_chunks::<16>();
        let stop = stop_mask(&pair[0]) | stop_mask(&pair[1]) << 16;
        if stop != 0 {
            return i + stop.trailing_zeros() as usize;
        }
        i += 32;
    }
    b[i..]
        .iter()
        .position(|&c| c < 0x20 || c == b'"' || c == b'\\')
        .map_or(b.len(), |k| i + k)
}

/// Bit `k` set when byte `k` of `block` ends a run (see [`string_stop`]).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn stop_mask(block: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of the x86_64 baseline; the load reads the 16
    // bytes of `block`. A byte is below 0x20 when its unsigned minimum
    // with 0x1f is itself.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn stop_mask(block: &[u8; 16]) -> u32 {
    block.iter().enumerate().fold(0, |m, (k, &c)| {
        m | u32::from(c < 0x20 || c == b'"' || c == b'\\') << k
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The serde reading of a line, as the fast one must give it.
    fn by_serde(line: &str, options: &ReadOptions) -> Option<Extracted> {
        super::super::jsonl::serde_fields(line.as_bytes(), options).ok()
    }

    fn same(a: &Extracted, b: &Extracted) -> bool {
        a.text == b.text && a.id == b.id && a.meta == b.meta
    }

    fn options() -> ReadOptions {
        ReadOptions {
            meta: vec!["date".into(), "id".into()],
            ..ReadOptions::default()
        }
    }

    #[test]
    fn flat_lines_read_as_serde_reads_them() {
        let lines = [
            r#"{"id":"a1","text":"Hi."}"#,
            r#" { "text" : "She said: \"no.\"\n\nThen \u201cyes\u201d \ud83d\ude00 \/ \\ \b\f\r\t" , "id" : "x" } "#,
            r#"{"text":"caf\u00e9 — “quoted” 北京","date":null,"n":-12.5e+3,"t":true,"f":false,"z":null,"s":"skip \" me"}"#,
            r#"{"text":"one","text":"two"}"#,
            r#"{"te\u0078t":"escaped key"}"#,
            r#"{"id":"","text":""}"#,
            r#"{}"#,
            r#"{"text":"0","a":0,"b":-0,"c":1.0,"d":10E-2}"#,
        ];
        for line in lines {
            let fast = fields(line.as_bytes(), &options()).expect(line);
            let serde = by_serde(line, &options()).expect(line);
            assert!(same(&fast, &serde), "{line}");
        }
    }

    #[test]
    fn what_it_does_not_settle_is_left_to_serde() {
        let lines = [
            r#"{"id":17,"text":"a number id is printed by serde_json"}"#,
            r#"{"text":"x","extra":{"deep":[1,2]}}"#,
            r#"{"text":["a"]}"#,
            r#"{"text":42}"#,
            r#"{"text":"lone \ud800 surrogate"}"#,
            r#"{"text":"bad \x escape"}"#,
            "{\"text\":\"raw\ttab\"}",
            r#"{"text":"x"} trailing"#,
            r#"{"text":"x",}"#,
            r#"{"text":"x""#,
            r#"{"n":01,"text":"x"}"#,
            r#"{"n":1.,"text":"x"}"#,
            r#"[1,2]"#,
            "",
        ];
        for line in lines {
            assert!(fields(line.as_bytes(), &options()).is_none(), "{line}");
        }
        assert!(fields(b"{\"text\":\"\xff\"}", &options()).is_none());
        assert!(fields(b"{\"x\":\"\xff\",\"text\":\"y\"}", &options()).is_none());
    }

    #[test]
    fn the_stop_scan_finds_what_a_byte_loop_finds() {
        let text = "plain text “curly” and more plain text\\ then \" and \u{1} end";
        let b = text.as_bytes();
        for from in 0..b.len() {
            let slow = b[from..]
                .iter()
                .position(|&c| c < 0x20 || c == b'"' || c == b'\\')
                .map_or(b.len(), |k| from + k);
            assert_eq!(string_stop(b, from), slow, "from {from}");
            assert_eq!(string_stop_sse2(b, from), slow, "from {from}");
        }
        // Every byte in either half of a step, and in the tail.
        for c in 0..=255u8 {
            for at in [5, 21, 37] {
                let mut block = [b'a'; 40];
                block[at] = c;
                let stop = c < 0x20 || c == b'"' || c == b'\\';
                let want = if stop { at } else { block.len() };
                assert_eq!(string_stop(&block, 0), want, "byte {c:#x} at {at}");
                assert_eq!(string_stop_sse2(&block, 0), want, "byte {c:#x} at {at}");
            }
        }
    }

    proptest::proptest! {
        /// Any object of strings, numbers and literals, with any chars and
        /// escapes, is read as serde reads it, or left to serde.
        #[test]
        fn any_flat_object_reads_as_serde_reads_it(
            values in proptest::collection::vec(
                (proptest::sample::select(vec!["text", "id", "date", "other"]),
                 proptest::prop_oneof![
                     "\\PC{0,40}".prop_map(serde_json::Value::String),
                     (-1e6f64..1e6).prop_map(|n| serde_json::json!(n)),
                     proptest::strategy::Just(serde_json::Value::Null),
                     proptest::strategy::Just(serde_json::Value::Bool(true)),
                 ]),
                0..5),
            raw_escape in proptest::sample::select(vec!["", "\\u00e9", "\\ud83d\\ude00", "\\\"", "\\/", "\\u0000"]),
        ) {
            let mut line = String::from("{");
            for (k, (key, value)) in values.iter().enumerate() {
                if k > 0 {
                    line.push(',');
                }
                line.push_str(&serde_json::to_string(key).unwrap());
                line.push(':');
                match value {
                    serde_json::Value::String(s) => {
                        // serde_json's escaping, with one hand-written escape inside.
                        let quoted = serde_json::to_string(s).unwrap();
                        line.push_str(&quoted[..quoted.len() - 1]);
                        line.push_str(raw_escape);
                        line.push('"');
                    }
                    v => line.push_str(&v.to_string()),
                }
            }
            line.push('}');
            let serde = by_serde(&line, &options());
            if let Some(fast) = fields(line.as_bytes(), &options()) {
                let serde = serde.expect("the fast reading accepted what serde rejects");
                prop_assert!(same(&fast, &serde), "{}", line);
            }
        }
    }
}
