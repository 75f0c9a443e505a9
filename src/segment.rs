//! Paragraphs and sentences: the units every later stage reasons within.

use crate::span::Span;

/// Paragraph spans: maximal runs of text between line breaks, with
/// surrounding whitespace trimmed. Blank lines produce no paragraph.
///
/// News dumps put one paragraph per line (JSONL, CSV) or separate them with
/// blank lines (text files); treating every line break as a boundary serves
/// both.
///
/// ```
/// use saidby::segment::paragraphs;
/// let text = "First one.\n\n  Second one.\n";
/// let p: Vec<&str> = paragraphs(text).iter().map(|s| s.as_str(text)).collect();
/// assert_eq!(p, ["First one.", "Second one."]);
/// ```
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    paragraphs_into(text, &mut out);
    out
}

/// [`paragraphs`], into `out` (emptied first): the extractor reuses one
/// list from article to article.
pub fn paragraphs_into(text: &str, list: &mut Vec<Span>) {
    // Pushed to as a local, its length kept in a register.
    let mut out = std::mem::take(list);
    out.clear();
    // A news paragraph is some 250 bytes: room for them at once, rather
    // than regrowing the list a dozen times an article.
    out.reserve(text.len() / 192 + 4);
    let mut cuts = LineCuts::new();
    for line_end in memchr::memchr2_iter(b'\n', b'\r', text.as_bytes()).chain([text.len()]) {
        cuts.cut(text, line_end, &mut out);
    }
    *list = out;
}

/// A dump's leading date field, `date YYYY-MM-DD` before the article's
/// first words (`" date 2019-04-01 Two years after ..."`), is no part of
/// the first sentence: cut off as a paragraph of its own, it starts no
/// statement. Only the first paragraph is looked at, and only that shape.
pub(crate) fn split_leading_date(text: &str, paragraphs: &mut Vec<Span>) {
    const FIELD: usize = "date 2019-04-01".len();
    let Some(&first) = paragraphs.first() else {
        return;
    };
    let b = &text.as_bytes()[first.start..first.end];
    if b.len() <= FIELD || !b[..5].eq_ignore_ascii_case(b"date ") || !is_ascii_space(b[FIELD]) {
        return;
    }
    let d = &b[5..FIELD];
    let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
    if !(digits(&d[..4]) && d[4] == b'-' && digits(&d[5..7]) && d[7] == b'-' && digits(&d[8..])) {
        return;
    }
    let field = Span::new(first.start, first.start + FIELD);
    if let Some(rest) = trim(text, Span::new(field.end, first.end)) {
        paragraphs[0] = field;
        paragraphs.insert(1, rest);
    }
}

/// The paragraphs of [`paragraphs_into`], cut as the line breaks come, in
/// text order, the text's end last: for a pass that finds the breaks on
/// its own reading of the bytes.
pub(crate) struct LineCuts {
    /// Where the line being read starts.
    start: usize,
}

impl LineCuts {
    pub(crate) fn new() -> LineCuts {
        LineCuts { start: 0 }
    }

    /// A line ends at `end` (a break, or the text's end): its paragraph,
    /// if any, goes to `out`.
    #[inline(always)]
    pub(crate) fn cut(&mut self, text: &str, end: usize, out: &mut Vec<Span>) {
        if let Some(span) = trim(text, Span::new(self.start, end)) {
            out.push(span);
        }
        self.start = end + 1;
    }
}

/// Sentence spans inside `para`: a sentence ends after `.`, `!` or `?`
/// (and any closing quote marks) followed by whitespace, unless the word
/// before the period is a known abbreviation or an initial.
pub fn sentences(text: &str, para: Span) -> Vec<Span> {
    let mut out = Vec::new();
    sentences_into(text, para, &mut out);
    out
}

/// [`sentences`], appended to `out`.
pub fn sentences_into(text: &str, para: Span, out: &mut Vec<Span>) {
    sentences_until(text, para, &mut SplitAt::new(para), usize::MAX, out);
}

/// Where the split of a paragraph stands: the start of the sentence being
/// read and the next byte to look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SplitAt {
    start: usize,
    next: usize,
}

impl SplitAt {
    /// At the start of `para`.
    pub fn new(para: Span) -> SplitAt {
        SplitAt {
            start: para.start,
            next: para.start,
        }
    }

    /// Where the next sentence starts: every sentence that holds a byte
    /// before this, or ends at or before it, is split.
    pub fn reached(&self) -> usize {
        self.start
    }
}

/// [`sentences_into`] from `at`, stopped past the first sentence that ends
/// beyond `until`; `at` is left where the split stands, for the rest of the
/// paragraph to be split later. Returns whether the paragraph is done.
///
/// Attribution asks for the sentence of a quotation or a cue: split to
/// their sentence, a paragraph's tail after its last quotation or cue is
/// never read: a sixth of what was split.
pub fn sentences_until(
    text: &str,
    para: Span,
    at: &mut SplitAt,
    until: usize,
    out: &mut Vec<Span>,
) -> bool {
    let bytes = text.as_bytes();
    let SplitAt {
        mut start,
        next: mut i,
    } = *at;
    while i < para.end {
        // Only the three terminators matter: jump between them.
        match memchr::memchr3(b'.', b'!', b'?', &bytes[i..para.end]) {
            Some(k) => i += k,
            None => break,
        }
        let b = bytes[i];
        if !(b == b'.' && is_abbreviation(text, start, i)) {
            let mut end = i + 1;
            end = skip_closers(text, end, para.end);
            // "Sen. Bernie Sanders (I-Vt.) said": a sentence does not go on
            // in lower case.
            if end >= para.end
                || bytes[end].is_ascii_whitespace() && !continues_lower(bytes, end, para.end)
            {
                if let Some(s) = trim(text, Span::new(start, end)) {
                    out.push(s);
                }
                start = end;
                i = end;
                // Every sentence after this starts at `end` or later.
                if end > until {
                    *at = SplitAt { start, next: i };
                    return false;
                }
                continue;
            }
        }
        i += 1;
    }
    if let Some(s) = trim(text, Span::new(start, para.end)) {
        out.push(s);
    }
    *at = SplitAt {
        start: para.end,
        next: para.end,
    };
    true
}

/// Whether the word after the spaces at `at` starts with an ASCII
/// lower-case letter.
fn continues_lower(bytes: &[u8], at: usize, end: usize) -> bool {
    bytes[at..end]
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(u8::is_ascii_lowercase)
}

#[cfg(test)]
const CLOSERS: [&str; 6] = ["\"", "”", "’", "'", ")", "»"];

/// Past the closing marks from `at`: the `CLOSERS` a byte pattern each
/// (`”` E2 80 9D, `’` E2 80 99, `»` C2 BB), not six substring tests per
/// terminator of the text.
fn skip_closers(text: &str, mut at: usize, end: usize) -> usize {
    let b = &text.as_bytes()[..end];
    while at < end {
        at += match b[at] {
            b'"' | b'\'' | b')' => 1,
            0xE2 if b.get(at + 1) == Some(&0x80) && matches!(b.get(at + 2), Some(0x9D | 0x99)) => 3,
            0xC2 if b.get(at + 1) == Some(&0xBB) => 2,
            _ => break,
        };
    }
    at
}

const ABBREVIATIONS: [&str; 24] = [
    "Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Capt", "Sgt", "St", "Jr",
    "Sr", "Prof", "Inc", "Corp", "Co", "No", "vs", "Jan", "Feb", "Aug",
];

/// Bits of [`BYTE_CLASS`]: ASCII alphanumeric, ASCII upper-case.
const ALPHANUMERIC: u8 = 1;
const UPPER_CASE: u8 = 2;

/// By byte: its [`ALPHANUMERIC`] and [`UPPER_CASE`] bits.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] |= ALPHANUMERIC;
        }
        if c.is_ascii_uppercase() {
            table[b] |= UPPER_CASE;
        }
        b += 1;
    }
    table
};

fn is_abbreviation(text: &str, sentence_start: usize, period: usize) -> bool {
    // Most periods close a word of five letters or more with a lower-case
    // one ("said.", "2016."): no abbreviation is that long, and no initial
    // or dotted acronym holds a lower-case letter or a digit. Settled from
    // five bytes, before the word is looked for.
    if period >= sentence_start + 5
        && let Ok(t) = <&[u8; 5]>::try_from(&text.as_bytes()[period - 5..period])
    {
        // The classes of the five bytes joined: alphanumeric alone, with
        // no upper-case bit, is "all alphanumeric, not all upper-case",
        // with no loop that leaves early on a byte to mispredict.
        let class = |b: u8| BYTE_CLASS[usize::from(b)];
        if class(t[0]) & class(t[1]) & class(t[2]) & class(t[3]) & class(t[4]) == ALPHANUMERIC {
            return false;
        }
    }
    let b = text.as_bytes();
    // A word that ends in a digit or a lower-case letter is no initial and
    // no acronym; it can only be one of the listed words, all capitalized
    // but "vs": settled from the word's own letters, where the word test
    // ran for every short word ("it.", "2016.") the five bytes miss.
    if period > sentence_start {
        let last = b[period - 1];
        if last.is_ascii_digit() {
            return false;
        }
        if last.is_ascii_lowercase() {
            let mut j = period - 1;
            while j > sentence_start && b[j - 1].is_ascii_lowercase() {
                j -= 1;
            }
            let opens_word =
                j == sentence_start || matches!(b[j - 1], b'\t'..=b'\r' | b' ' | b'(' | b'"');
            if opens_word {
                return &b[j..period] == b"vs";
            }
            if b[j - 1] < 0x80 && !b[j - 1].is_ascii_uppercase() {
                return false;
            }
        }
    }
    is_abbreviation_by_word(text, sentence_start, period)
}

/// [`is_abbreviation`] without the shortcut: the word before the period, read.
fn is_abbreviation_by_word(text: &str, sentence_start: usize, period: usize) -> bool {
    // Only the last few bytes matter; looking further would make a long run
    // of periods without whitespace quadratic.
    let mut from = period.saturating_sub(12).max(sentence_start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..period];
    if before.is_ascii() {
        return is_ascii_abbreviation(before);
    }
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    // "U.S." and "D.C.": the period closes a dotted acronym.
    let dotted = word.contains('.') && word.chars().all(|c| c == '.' || c.is_uppercase());
    single_initial || dotted || ABBREVIATIONS.contains(&word)
}

/// `is_abbreviation` for the common case of ASCII text before the period:
/// the same tests on bytes, with no char decoding and no `memcmp` per
/// abbreviation (the sentence splitter asks at every period of the text).
fn is_ascii_abbreviation(before: &str) -> bool {
    // `char::is_whitespace` on ASCII: tab to carriage return, and space.
    let word = match before
        .bytes()
        .rposition(|b| matches!(b, b'\t'..=b'\r' | b' ' | b'(' | b'"'))
    {
        Some(k) => &before[k + 1..],
        None => before,
    };
    let bytes = word.as_bytes();
    let single_initial = bytes.len() == 1 && bytes[0].is_ascii_uppercase();
    let dotted =
        bytes.contains(&b'.') && bytes.iter().all(|&b| b == b'.' || b.is_ascii_uppercase());
    single_initial
        || dotted
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "Sen"
                | "Rep"
                | "Gov"
                | "Gen"
                | "Lt"
                | "Col"
                | "Capt"
                | "Sgt"
                | "St"
                | "Jr"
                | "Sr"
                | "Prof"
                | "Inc"
                | "Corp"
                | "Co"
                | "No"
                | "vs"
                | "Jan"
                | "Feb"
                | "Aug"
        )
}

// Always inlined: as a call, with the spans passed through memory, it
// cost a tenth of the splitting, and the compiler's choice came and went
// with unrelated edits.
#[inline(always)]
fn trim(text: &str, span: Span) -> Option<Span> {
    let s = span.as_str(text);
    let b = s.as_bytes();
    // ASCII whitespace comes off on bytes; only a non-ASCII char at an end
    // (a no-break space, say) asks `str::trim`: every sentence starts after
    // the space that ended the one before, and decoding chars to trim it
    // was a quarter of the splitting.
    let mut lead = b.iter().take_while(|&&c| is_ascii_space(c)).count();
    if b.get(lead).is_some_and(|&c| c >= 0x80) {
        lead = s.len() - s.trim_start().len();
    }
    let mut trail = b.iter().rev().take_while(|&&c| is_ascii_space(c)).count();
    if (b.len() - trail)
        .checked_sub(1)
        .is_some_and(|i| b[i] >= 0x80)
    {
        trail = s.len() - s.trim_end().len();
    }
    let out = Span::new(span.start + lead, (span.end - trail).max(span.start + lead));
    (!out.is_empty()).then_some(out)
}

/// `char::is_whitespace` for an ASCII byte: tab to carriage return, space.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        paragraphs(text)
            .into_iter()
            .flat_map(|p| sentences(text, p))
            .map(|s| s.as_str(text))
            .collect()
    }

    /// The joined byte classes as the byte loops they replaced, for any
    /// five bytes (the classes of every byte among them).
    #[test]
    fn five_byte_classes_as_the_byte_loops() {
        let plain = |t: &[u8]| {
            t.iter().all(u8::is_ascii_alphanumeric) && !t.iter().all(u8::is_ascii_uppercase)
        };
        let joined =
            |t: &[u8]| t.iter().fold(0xFF, |a, &b| a & BYTE_CLASS[usize::from(b)]) == ALPHANUMERIC;
        let bytes: Vec<u8> = (0..=255).collect();
        for &b in &bytes {
            assert_eq!(joined(&[b; 5]), plain(&[b; 5]), "{b}");
        }
        for t in [
            &b"said"[..],
            b"AAAAa",
            b"USA12",
            b"ABCDE",
            b"a.b.c",
            b"\xc3\xa9abc",
            b"Sen.X",
        ] {
            let mut five = [b'x'; 5];
            five[..t.len().min(5)].copy_from_slice(&t[..t.len().min(5)]);
            assert_eq!(joined(&five), plain(&five), "{five:?}");
        }
        // Every mix of one upper-case letter, a lower-case one, a digit and
        // a non-alphanumeric byte, five deep.
        let kinds = [b'Q', b'q', b'7', b'.', 0xC3];
        for n in 0..5usize.pow(5) {
            let mut five = [0; 5];
            let mut k = n;
            for slot in &mut five {
                *slot = kinds[k % 5];
                k /= 5;
            }
            assert_eq!(joined(&five), plain(&five), "{five:?}");
        }
    }

    #[test]
    fn a_leading_date_field_is_a_paragraph_of_its_own() {
        // The opening of the shared RFE/RL sample, as the dump gave it.
        let cases: &[(&str, &[&str])] = &[
            (
                " date 2019-04-01 Two years after a crackdown, authorities have failed.\nNext.",
                &[
                    "date 2019-04-01",
                    "Two years after a crackdown, authorities have failed.",
                    "Next.",
                ],
            ),
            ("Date 2019-04-01  Text.", &["Date 2019-04-01", "Text."]),
            ("date 2019-4-1 Text.", &["date 2019-4-1 Text."]),
            ("update 2019-04-01 Text.", &["update 2019-04-01 Text."]),
            ("date 2019-04-01", &["date 2019-04-01"]),
            ("date 2019-04-01x Text.", &["date 2019-04-01x Text."]),
            (
                "The date 2019-04-01 was set.",
                &["The date 2019-04-01 was set."],
            ),
            (
                "Intro.\ndate 2019-04-01 Text.",
                &["Intro.", "date 2019-04-01 Text."],
            ),
            ("", &[]),
        ];
        for (text, want) in cases {
            let mut p = paragraphs(text);
            split_leading_date(text, &mut p);
            let got: Vec<&str> = p.iter().map(|s| s.as_str(text)).collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn sentence_table() {
        let cases: &[(&str, &[&str])] = &[
            ("He left. She stayed.", &["He left.", "She stayed."]),
            (
                "Mr. Trump spoke in the U.S. on Monday. Then he left.",
                &["Mr. Trump spoke in the U.S. on Monday.", "Then he left."],
            ),
            (
                "“We will win.” Smith said so.",
                &["“We will win.”", "Smith said so."],
            ),
            ("George W. Bush said it.", &["George W. Bush said it."]),
            ("No final stop", &["No final stop"]),
            // A state's abbreviation in a party label: the sentence goes on.
            (
                "Sen. Bernie Sanders (I-Vt.) said he would. He did.",
                &["Sen. Bernie Sanders (I-Vt.) said he would.", "He did."],
            ),
            ("It rose 5 p.m. and fell.", &["It rose 5 p.m. and fell."]),
        ];
        for (text, want) in cases {
            assert_eq!(sents(text), *want, "{text:?}");
        }
    }

    #[test]
    fn ascii_abbreviations_as_the_general_test() {
        let words = [
            "Mr", "Mrs", "Jan", "Aug", "vs", "Co", "No", "U.S", "D.C", "A", "a", "J.R.R", "u.s",
            "X.", ".", "", "Mister", "Inc", "Incs", "Sr",
        ];
        let seps = ["", " ", "\t", "\u{b}", "\r", "(", "\"", "x", ".", "-", "'"];
        for w in words {
            for sep in seps {
                for head in ["", "said ", "(", "ab\u{b}"] {
                    let before = format!("{head}{sep}{w}");
                    // The general path, on chars.
                    let general = {
                        let word = before
                            .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
                            .next()
                            .unwrap_or("");
                        let single =
                            word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                        let dotted = word.contains('.')
                            && word.chars().all(|c| c == '.' || c.is_uppercase());
                        single || dotted || ABBREVIATIONS.contains(&word)
                    };
                    assert_eq!(is_ascii_abbreviation(&before), general, "{before:?}");
                }
            }
        }
    }

    /// The byte patterns of `skip_closers` against the substring tests.
    #[test]
    fn skip_closers_as_the_substring_tests() {
        fn plain(text: &str, mut at: usize, end: usize) -> usize {
            'outer: while at < end {
                for c in CLOSERS {
                    if text[at..end].starts_with(c) {
                        at += c.len();
                        continue 'outer;
                    }
                }
                break;
            }
            at
        }
        let pieces = [
            "\"", "”", "’", "'", ")", "»", "“", "‘", "a", " ", "—", "\u{e2}", "é", "«",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!(".{a}{b}{c}");
                    for end in (1..=text.len()).filter(|&e| text.is_char_boundary(e)) {
                        assert_eq!(
                            skip_closers(&text, 1, end),
                            plain(&text, 1, end),
                            "{text:?} {end}"
                        );
                    }
                }
            }
        }
    }

    /// Text of sentence ends and non-ends: words, initials, acronyms,
    /// digits, marks and non-ASCII letters and spaces.
    fn pieces() -> impl proptest::strategy::Strategy<Value = String> {
        let pieces = proptest::sample::select(
            &[
                "said",
                "Mr",
                "U",
                "S",
                "x",
                "2016",
                "AB",
                "Sen",
                "(",
                "\"",
                " ",
                "\t",
                ".",
                "é",
                "\u{a0}",
                "\u{2003}",
                "É",
                "vs",
                "Jan",
                "ab",
                "\n",
                "U.S",
                "D.C.",
                "j.r",
                "1",
                "-",
                "'",
                "\u{b}",
                "Mrs",
                "Capt",
                "abcdefghijklmn",
                "xvs",
                "a1",
            ][..],
        );
        proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The five-byte shortcut of `is_abbreviation` never changes its answer.
        #[test]
        fn abbreviation_shortcut_as_the_word_test(text in pieces(), start in 0usize..8) {
            let start = (0..=start.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            for (i, _) in text.match_indices('.').filter(|&(i, _)| i >= start) {
                prop_assert_eq!(
                    is_abbreviation(&text, start, i),
                    is_abbreviation_by_word(&text, start, i),
                    "{:?} {} {}", text, start, i
                );
            }
        }

        /// A paragraph split a stretch at a time, stopped anywhere, as split
        /// at once; a stopped split has every sentence up to its stop.
        #[test]
        fn split_in_stretches_as_at_once(
            text in pieces(),
            stops in proptest::collection::vec(0usize..48, 0..6),
        ) {
            for para in paragraphs(&text) {
                let whole = sentences(&text, para);
                let mut out = Vec::new();
                let mut at = SplitAt::new(para);
                let mut done = false;
                for &stop in &stops {
                    if done {
                        break;
                    }
                    let until = para.start + stop;
                    done = sentences_until(&text, para, &mut at, until, &mut out);
                    prop_assert!(done || at.reached() > until, "{:?} {}", text, until);
                    let held = whole.iter().filter(|s| s.start <= until || s.end <= until).count();
                    prop_assert!(out.len() >= held, "{:?} {}", text, until);
                }
                if !done {
                    prop_assert!(sentences_until(&text, para, &mut at, usize::MAX, &mut out));
                }
                prop_assert_eq!(&out, &whole, "{:?}", text);
            }
        }

        /// `trim` on bytes as `str::trim`.
        #[test]
        fn trim_as_str_trim(text in pieces()) {
            let plain = {
                let t = text.trim_start();
                let start = text.len() - t.len();
                let end = start + t.trim_end().len();
                (start < end).then(|| Span::new(start, end))
            };
            prop_assert_eq!(trim(&text, Span::new(0, text.len())), plain, "{:?}", text);
        }
    }

    #[test]
    fn crlf_and_lone_cr_are_paragraph_breaks() {
        let text = "One.\r\nTwo.\rThree.";
        let p: Vec<&str> = paragraphs(text).iter().map(|s| s.as_str(text)).collect();
        assert_eq!(p, ["One.", "Two.", "Three."]);
    }
}
