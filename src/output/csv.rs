//! The contract's CSV, optionally made safe for spreadsheets (`--excel`).

use std::borrow::Cow;
use std::io::{BufWriter, Write};
use std::sync::Arc;

use super::{OutputError, Render, Sink, confidence_digits, header};
use crate::extractor::{Quote, QuoteKind, SpeakerType};
use crate::input::Article;
use crate::span::{CharIndex, Span};

/// The longest cell a spreadsheet accepts, in UTF-16 code units (what Excel
/// counts as characters).
pub const EXCEL_CELL_LIMIT: usize = 32_767;

/// Appended to a cell cut at [`EXCEL_CELL_LIMIT`], so the cut is visible.
pub const EXCEL_TRUNCATION_MARKER: &str = " [… cut by saidby: cell too long]";

/// How a [`CsvSink`] writes.
#[derive(Clone, Debug, Default)]
pub struct CsvOptions {
    /// Names of the metadata columns, placed right after `article_id`.
    pub meta: Vec<String>,
    /// Spreadsheet-safe output: a UTF-8 byte order mark, formula-like cells
    /// prefixed with `'`, and cells cut at [`EXCEL_CELL_LIMIT`].
    pub excel: bool,
}

/// Writes rows as RFC 4180 CSV, header first.
pub struct CsvSink<W: Write> {
    out: BufWriter<W>,
    render: CsvRender,
    /// Reused for the rows of one article.
    buf: Vec<u8>,
}

impl<W: Write> CsvSink<W> {
    /// Writes the header (after a byte order mark for `excel`).
    pub fn new(out: W, options: CsvOptions) -> Result<CsvSink<W>, OutputError> {
        let mut out = BufWriter::with_capacity(1 << 16, out);
        if options.excel {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut header_bytes = ::csv::Writer::from_writer(Vec::new());
        header_bytes.write_record(header(&options.meta))?;
        let header_bytes = header_bytes
            .into_inner()
            .map_err(|e| OutputError::Io(e.into_error()))?;
        out.write_all(&header_bytes)?;
        Ok(CsvSink {
            out,
            render: CsvRender {
                excel: options.excel,
            },
            buf: Vec::new(),
        })
    }

    /// Finishes and hands back the writer (tests, in-memory use).
    pub fn finish_into_inner(mut self) -> Result<W, OutputError> {
        self.finish()?;
        self.out
            .into_inner()
            .map_err(|e| OutputError::Io(e.into_error()))
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn write_article(&mut self, article: &Article, quotes: &[Quote]) -> Result<(), OutputError> {
        self.buf.clear();
        self.render.render(article, quotes, &mut self.buf)?;
        self.out.write_all(&self.buf)?;
        if self.buf.capacity() > 1 << 20 {
            // One huge article must not pin its buffer for the rest of the run.
            self.buf = Vec::new();
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), OutputError> {
        self.out.flush()?;
        Ok(())
    }

    fn renderer(&self) -> Option<Arc<dyn Render>> {
        Some(Arc::new(self.render.clone()))
    }

    fn write_rendered(
        &mut self,
        _article: &Article,
        _quotes: &[Quote],
        rendered: &[u8],
    ) -> Result<(), OutputError> {
        self.out.write_all(rendered)?;
        Ok(())
    }

    fn rendered_only(&self) -> bool {
        true
    }

    fn write_rendered_many(&mut self, rendered: &[Vec<u8>]) -> Result<(), OutputError> {
        super::write_all_buffers(&mut self.out, rendered)?;
        Ok(())
    }
}

/// Formats rows as the contract's CSV (no header): what [`CsvSink`] writes,
/// done on any thread.
#[derive(Clone, Debug, Default)]
pub struct CsvRender {
    excel: bool,
}

impl CsvRender {
    #[inline]
    fn text_cell(&self, out: &mut Vec<u8>, cell: &str) {
        // Half a row's text cells are empty (no speaker, no organization):
        // not worth a call.
        if cell.is_empty() {
            return;
        }
        if self.excel {
            field(out, excel_cell(cell).as_bytes());
        } else {
            field(out, cell.as_bytes());
        }
    }
}

/// The span `span` of `text` as a field: a short one (a verb, a mention)
/// copied as the sixteen bytes of text it starts, and cut back, where
/// [`field`] copied it by a call for its length alone.
fn span_field(out: &mut Vec<u8>, text: &str, span: Span) {
    let len = span.len();
    let block = text.as_bytes()[span.start..].first_chunk::<16>();
    match block {
        Some(block) if len < 16 && special_mask(block).0 & ((1 << len) - 1) == 0 => {
            let end = out.len() + len;
            out.extend_from_slice(block);
            out.truncate(end);
        }
        _ => field(out, span.as_str(text).as_bytes()),
    }
}

/// One field as the csv crate writes it by default (RFC 4180, quoted only
/// when it holds a comma, a quote or a line break; quotes doubled). Written
/// by hand: through `csv::Writer` a row cost ~7,500 instructions, as much as
/// extracting 30 bytes of text.
fn field(out: &mut Vec<u8>, cell: &[u8]) {
    let start = out.len();
    if cell.len() < 16 && start + cell.len() >= 16 {
        // A word or two (most cells): copied, then checked in the last
        // sixteen bytes written, one compare for the lot where a table read
        // a byte cost 130 instructions a cell with the call around it.
        out.extend_from_slice(cell);
        let last = out.last_chunk::<16>();
        if last.is_some_and(|w| special_mask(w).0 >> (16 - cell.len()) == 0) {
            return;
        }
        out.truncate(start);
    }
    let (special, quote) = if cell.len() >= 16 {
        // The quote cell, a hundred bytes on average: one pass finds both
        // what makes it quoted and whether it holds quotes to double, where
        // memchr3, memchr and a memchr loop each paid their own setup.
        let (blocks, rest) = cell.as_chunks::<16>();
        let mut any = (0, 0);
        for block in blocks
            .iter()
            .chain(cell.last_chunk::<16>().filter(|_| !rest.is_empty()))
        {
            let (s, q) = special_mask(block);
            any = (any.0 | s, any.1 | q);
        }
        (any.0 != 0, any.1 != 0)
    } else {
        let special = cell.iter().fold(false, |q, &b| q | QUOTED[usize::from(b)]);
        (special, special)
    };
    if !special {
        out.extend_from_slice(cell);
    } else if !quote {
        out.reserve(cell.len() + 2);
        out.push(b'"');
        out.extend_from_slice(cell);
        out.push(b'"');
    } else {
        quoted(out, cell);
    }
}

/// `cell` quoted, its quotes doubled.
fn quoted(out: &mut Vec<u8>, cell: &[u8]) {
    out.push(b'"');
    let mut rest = cell;
    while let Some(i) = memchr::memchr(b'"', rest) {
        out.extend_from_slice(&rest[..=i]);
        out.push(b'"');
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

/// Bit `k` of the first mask set when byte `k` of `block` makes a cell
/// quoted (see [`QUOTED`]), of the second when it is a quote.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn special_mask(block: &[u8; 16]) -> (u32, u32) {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of the x86_64 baseline; the load reads the 16
    // bytes of `block`.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
        let quote = eq(b'"');
        let breaks = _mm_or_si128(eq(b'\n'), eq(b'\r'));
        let special = _mm_or_si128(_mm_or_si128(quote, eq(b',')), breaks);
        (
            _mm_movemask_epi8(special) as u32,
            _mm_movemask_epi8(quote) as u32,
        )
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn special_mask(block: &[u8; 16]) -> (u32, u32) {
    block.iter().enumerate().fold((0, 0), |(s, q), (k, &b)| {
        (
            s | u32::from(QUOTED[usize::from(b)]) << k,
            q | u32::from(b == b'"') << k,
        )
    })
}

/// The bytes that make [`field`] quote a cell.
static QUOTED: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t
};

fn number_cell(out: &mut Vec<u8>, n: Option<usize>) {
    match n {
        None => {}
        Some(n @ 0..=9_999) => {
            // Most offsets (articles of a few KB): the four digits as one
            // word, the leading zeros shifted out, appended whole and cut
            // back. Through itoa, a copy of a length known only at run time
            // was a call of its own, seven a row.
            let n = n as u32;
            let word = u32::from(DIGIT_PAIRS[(n / 100) as usize])
                | u32::from(DIGIT_PAIRS[(n % 100) as usize]) << 16;
            // The first byte (in memory order) that is not a '0' is the
            // first digit; 0 keeps its last.
            let zeros = ((word ^ 0x3030_3030).trailing_zeros() as usize / 8).min(3);
            let end = out.len() + 4 - zeros;
            out.extend_from_slice(&(word >> (8 * zeros)).to_le_bytes());
            out.truncate(end);
        }
        Some(n) => out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes()),
    }
}

/// A fixed word (a kind, a speaker type) from its block of 16 bytes, cut
/// back: copied for its length alone, known only at run time, a word was
/// a call of its own, two a row.
fn word_cell(out: &mut Vec<u8>, (block, len): (&[u8; 16], usize)) {
    let end = out.len() + len;
    out.extend_from_slice(block);
    out.truncate(end);
}

/// `word` and zeros after it, for [`word_cell`].
const fn padded(word: &str) -> ([u8; 16], usize) {
    let mut block = [0; 16];
    let mut i = 0;
    while i < word.len() {
        block[i] = word.as_bytes()[i];
        i += 1;
    }
    (block, word.len())
}

fn kind_word(kind: QuoteKind) -> (&'static [u8; 16], usize) {
    static WORDS: [([u8; 16], usize); 3] = [padded("direct"), padded("mixed"), padded("indirect")];
    let (block, len) = &WORDS[match kind {
        QuoteKind::Direct => 0,
        QuoteKind::Mixed => 1,
        QuoteKind::Indirect => 2,
    }];
    (block, *len)
}

fn speaker_type_word(kind: SpeakerType) -> (&'static [u8; 16], usize) {
    static WORDS: [([u8; 16], usize); 3] =
        [padded("person"), padded("organization"), padded("unknown")];
    let (block, len) = &WORDS[match kind {
        SpeakerType::Person => 0,
        SpeakerType::Organization => 1,
        SpeakerType::Unknown => 2,
    }];
    (block, *len)
}

/// "00" to "99", each as the little-endian word of its two digits.
static DIGIT_PAIRS: [u16; 100] = {
    let mut t = [0; 100];
    let mut i = 0;
    while i < 100 {
        t[i] = u16::from_le_bytes([b'0' + (i / 10) as u8, b'0' + (i % 10) as u8]);
        i += 1;
    }
    t
};

impl Render for CsvRender {
    fn render(
        &self,
        article: &Article,
        quotes: &[Quote],
        out: &mut Vec<u8>,
    ) -> Result<(), OutputError> {
        // Straight from the quotes, not through `rows()`: collecting a `Row`
        // per quote was a third of rendering one.
        let text = article.text.as_str();
        let index = CharIndex::new(text);
        // The id and meta cells are the same on every row: formatted on the
        // first, copied from it on the others.
        let mut prefix = None;
        for (i, q) in quotes.iter().enumerate() {
            match prefix {
                Some((from, to)) => out.extend_from_within(from..to),
                None => {
                    let from = out.len();
                    self.text_cell(out, &article.id);
                    for m in &article.meta {
                        out.push(b',');
                        self.text_cell(out, m);
                    }
                    out.push(b',');
                    prefix = Some((from, out.len()));
                }
            }
            number_cell(out, Some(i));
            // The kind and the speaker type are fixed words that neither
            // quoting nor the spreadsheet guard change (a test checks them
            // all): written as they are.
            out.push(b',');
            word_cell(out, kind_word(q.kind));
            out.push(b',');
            self.text_cell(out, q.span.as_str(text));
            out.push(b',');
            self.text_cell(out, q.speaker.as_deref().unwrap_or(""));
            out.push(b',');
            word_cell(out, speaker_type_word(q.speaker_type));
            out.push(b',');
            self.text_cell(out, q.organization.as_deref().unwrap_or(""));
            for span in [q.verb, q.speaker_mention] {
                out.push(b',');
                match span {
                    Some(span) if !self.excel && !span.is_empty() => span_field(out, text, span),
                    _ => self.text_cell(out, span.map_or("", |s| s.as_str(text))),
                }
            }
            // All six at once (a missing span's as 0..0, not written).
            let speaker = q.speaker_mention.unwrap_or_default();
            let verb = q.verb.unwrap_or_default();
            let [qs, qe, ss, se, vs, ve] = index.char_offsets([
                q.span.start,
                q.span.end,
                speaker.start,
                speaker.end,
                verb.start,
                verb.end,
            ]);
            let (has_speaker, has_verb) = (q.speaker_mention.is_some(), q.verb.is_some());
            for n in [
                Some(qs),
                Some(qe),
                has_speaker.then_some(ss),
                has_speaker.then_some(se),
                has_verb.then_some(vs),
                has_verb.then_some(ve),
            ] {
                out.push(b',');
                number_cell(out, n);
            }
            out.push(b',');
            out.extend_from_slice(&confidence_digits(q.confidence));
            out.push(b'\n');
        }
        Ok(())
    }
}

/// A cell made safe for a spreadsheet.
///
/// A cell starting with `=`, `+`, `-`, `@`, tab or carriage return would be
/// read as a formula (a quote beginning "@realDonaldTrump" among them), so it
/// gets a leading `'`; a cell longer than the spreadsheet limit is cut with a
/// visible marker instead of being silently truncated or rejected.
///
/// ```
/// use saidby::output::excel_cell;
/// assert_eq!(excel_cell("@realDonaldTrump is wrong"), "'@realDonaldTrump is wrong");
/// assert_eq!(excel_cell("plain"), "plain");
/// ```
pub fn excel_cell(cell: &str) -> Cow<'_, str> {
    let formula = matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    let prefix = if formula { "'" } else { "" };
    // Cheap test first: a cell of at most LIMIT / 3 bytes cannot exceed the
    // limit in UTF-16 units (each unit costs at least one byte, and a
    // supplementary char is four bytes for two units).
    let too_long = cell.len() + prefix.len() > EXCEL_CELL_LIMIT
        && cell.encode_utf16().count() + prefix.len() > EXCEL_CELL_LIMIT;
    if !formula && !too_long {
        return Cow::Borrowed(cell);
    }
    let mut out = String::with_capacity(cell.len().min(4 * EXCEL_CELL_LIMIT) + 1);
    out.push_str(prefix);
    if too_long {
        let budget =
            EXCEL_CELL_LIMIT - prefix.len() - EXCEL_TRUNCATION_MARKER.encode_utf16().count();
        let mut used = 0;
        for ch in cell.chars() {
            if used + ch.len_utf16() > budget {
                break;
            }
            used += ch.len_utf16();
            out.push(ch);
        }
        out.push_str(EXCEL_TRUNCATION_MARKER);
    } else {
        out.push_str(cell);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extractor::{QuoteKind, SpeakerType};
    use crate::span::Span;

    /// What the csv crate writes for one record of `cells`.
    fn by_the_csv_crate(cells: &[&str]) -> Vec<u8> {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        w.write_record(cells).unwrap();
        w.into_inner().unwrap()
    }

    fn by_hand(cells: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            field(&mut out, c.as_bytes());
        }
        out.push(b'\n');
        out
    }

    #[test]
    fn hand_written_fields_are_quoted_as_the_csv_crate_quotes_them() {
        let cells = [
            "plain",
            "",
            "We will win,",
            "He said \"no\" twice",
            "\"",
            "line\nbreak",
            "carriage\rreturn",
            "crlf\r\n",
            "“curly” and ’apostrophe’",
            " spaces ",
            "#hash",
            "tab\there",
            "'single'",
        ];
        for c in cells {
            let row = ["a1", c, "x"];
            assert_eq!(by_hand(&row), by_the_csv_crate(&row), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_cells_are_written_as_the_csv_crate_writes_them(
            cells in proptest::collection::vec("[a-z,\"\r\n “”' ]{0,12}", 2..6)
        ) {
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(by_hand(&cells), by_the_csv_crate(&cells));
        }
    }

    proptest::proptest! {
        /// Short cells are checked in the bytes just written, long ones a
        /// block at a time: both, after any number of bytes already written.
        #[test]
        fn cells_after_any_prefix_are_written_as_the_csv_crate_writes_them(
            written in 0usize..40,
            cell in "[a-z,\"\r\n “”']{0,40}",
        ) {
            let mut out = vec![b'x'; written];
            field(&mut out, cell.as_bytes());
            let row = by_the_csv_crate(&["a", &cell]);
            let want = &row[2..row.len() - 1];
            proptest::prop_assert_eq!(&out[..written], &vec![b'x'; written][..]);
            proptest::prop_assert_eq!(&out[written..], want, "{:?} after {}", cell, written);
        }
    }

    /// The plain path the renderer must agree with: [`super::super::rows`]
    /// written through the csv crate.
    fn rows_by_the_csv_crate(article: &Article, quotes: &[Quote], excel: bool) -> Vec<u8> {
        let text = |c: &str| {
            if excel {
                excel_cell(c).into_owned()
            } else {
                c.to_string()
            }
        };
        let number = |n: Option<usize>| n.map_or(String::new(), |n| n.to_string());
        let mut w = ::csv::Writer::from_writer(Vec::new());
        for row in super::super::rows(article, quotes) {
            let q = row.quote;
            let mut record = vec![text(row.article_id)];
            record.extend(row.meta.iter().map(|m| text(m)));
            record.push(row.quote_index.to_string());
            for c in [
                q.kind.as_str(),
                row.text,
                q.speaker.as_deref().unwrap_or(""),
                q.speaker_type.as_str(),
                q.organization.as_deref().unwrap_or(""),
                row.verb.unwrap_or(""),
                row.speaker_mention.unwrap_or(""),
            ] {
                record.push(text(c));
            }
            for n in [
                Some(row.quote_range.0),
                Some(row.quote_range.1),
                row.speaker_range.map(|r| r.0),
                row.speaker_range.map(|r| r.1),
                row.verb_range.map(|r| r.0),
                row.verb_range.map(|r| r.1),
            ] {
                record.push(number(n));
            }
            record.push(super::super::format_confidence(q.confidence));
            w.write_record(&record).unwrap();
        }
        w.into_inner().unwrap()
    }

    fn rendered(article: &Article, quotes: &[Quote], excel: bool) -> Vec<u8> {
        let mut out = Vec::new();
        CsvRender { excel }
            .render(article, quotes, &mut out)
            .unwrap();
        out
    }

    fn article(id: &str, meta: &[&str], text: &str) -> Article {
        Article {
            id: id.into(),
            meta: meta.iter().map(|m| m.to_string()).collect(),
            text: text.into(),
            location: crate::input::Location {
                file: "-".into(),
                line: 1,
            },
        }
    }

    #[test]
    fn extracted_rows_render_as_the_csv_crate_writes_them() {
        let texts = [
            "“We will win,” Smith said. Jones said the plan, “a \"bold\" one,” was wrong.",
            "Plain ASCII only. \"Yes,\" said Ann Lee, a spokeswoman for Acme Corp.",
            &"« Ça va », dit-il. “Nothing 😀 here,” she said. 北京 said “no.”\n".repeat(40),
            "=1+1, “@handle, is this it?” asked -Bob.\r\n“Line\nbreak,” he said.",
            "",
        ];
        let extractor = crate::Extractor::new();
        for (k, text) in texts.iter().enumerate() {
            let quotes = extractor.extract(text);
            for (id, meta) in [("a1", &[][..]), ("=id,2", &["2020-01-01", "x\"y"][..])] {
                let a = article(id, meta, text);
                for excel in [false, true] {
                    assert_eq!(
                        String::from_utf8(rendered(&a, &quotes, excel)).unwrap(),
                        String::from_utf8(rows_by_the_csv_crate(&a, &quotes, excel)).unwrap(),
                        "text {k}, id {id:?}, excel {excel}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_quotes_render_as_the_csv_crate_writes_them(
            text in "[a-z ,\"“”é😀\n\r=]{0,100}",
            spans in proptest::collection::vec(
                (proptest::array::uniform6(0usize..1000), 0u8..4, -0.5f32..1.5),
                0..6,
            ),
            excel: bool,
        ) {
            // Ends on char boundaries, in any order: the renderer must not
            // assume the extractor's order.
            let ends: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let span = |a: usize, b: usize| {
                let (a, b) = (ends[a % ends.len()], ends[b % ends.len()]);
                Span::new(a.min(b), a.max(b))
            };
            let quotes: Vec<Quote> = spans
                .iter()
                .enumerate()
                .map(|(i, &(e, flags, confidence))| {
                    let mut q = Quote::unattributed(QuoteKind::Mixed, span(e[0], e[1]), i);
                    if flags & 1 != 0 {
                        q.speaker_mention = Some(span(e[2], e[3]));
                        q.speaker = Some("Ann, \"the\" Lee".into());
                        q.speaker_type = SpeakerType::Person;
                    }
                    if flags & 2 != 0 {
                        q.verb = Some(span(e[4], e[5]));
                        q.organization = Some("-Acme".into());
                    }
                    q.confidence = confidence;
                    q
                })
                .collect();
            let a = article("a,1", &[], &text);
            proptest::prop_assert_eq!(
                String::from_utf8(rendered(&a, &quotes, excel)).unwrap(),
                String::from_utf8(rows_by_the_csv_crate(&a, &quotes, excel)).unwrap()
            );
        }
    }

    #[test]
    fn numbers_are_written_as_itoa_writes_them() {
        let mut cases: Vec<usize> = (0..=12_000).collect();
        for digits in 5..=20u32 {
            let p = 10usize.saturating_pow(digits);
            cases.extend([p - 1, p, p.saturating_add(1), p / 3]);
        }
        cases.push(usize::MAX);
        for n in cases {
            let mut out = b"x,".to_vec();
            number_cell(&mut out, Some(n));
            assert_eq!(out, format!("x,{n}").as_bytes(), "{n}");
        }
        let mut out = b"x".to_vec();
        number_cell(&mut out, None);
        assert_eq!(out, b"x");
    }

    #[test]
    fn span_fields_are_written_as_fields_of_their_text() {
        // Specials inside, at the edges and just past short spans, and
        // spans near the end, where fewer than sixteen bytes follow.
        let text = "ab, c\"d e\nf said “g,” h\r\ni j k l m n o p q r s t u v w x y z";
        let ends: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        for &start in &ends {
            for &end in ends.iter().filter(|&&e| e >= start) {
                let span = Span::new(start, end);
                let mut by_span = b"x,".to_vec();
                span_field(&mut by_span, text, span);
                let mut by_field = b"x,".to_vec();
                field(&mut by_field, span.as_str(text).as_bytes());
                assert_eq!(by_span, by_field, "{start}..{end}");
            }
        }
    }

    #[test]
    fn kinds_and_speaker_types_need_neither_quotes_nor_the_guard() {
        let kinds =
            [QuoteKind::Direct, QuoteKind::Mixed, QuoteKind::Indirect].map(QuoteKind::as_str);
        let types = [
            SpeakerType::Person,
            SpeakerType::Organization,
            SpeakerType::Unknown,
        ]
        .map(SpeakerType::as_str);
        for kind in [QuoteKind::Direct, QuoteKind::Mixed, QuoteKind::Indirect] {
            let mut out = b"x,".to_vec();
            word_cell(&mut out, kind_word(kind));
            assert_eq!(out, format!("x,{}", kind.as_str()).as_bytes());
        }
        for kind in [
            SpeakerType::Person,
            SpeakerType::Organization,
            SpeakerType::Unknown,
        ] {
            let mut out = b"x,".to_vec();
            word_cell(&mut out, speaker_type_word(kind));
            assert_eq!(out, format!("x,{}", kind.as_str()).as_bytes());
        }
        for word in kinds.into_iter().chain(types) {
            let mut out = Vec::new();
            field(&mut out, word.as_bytes());
            assert_eq!(out, word.as_bytes(), "{word}");
            assert_eq!(excel_cell(word), word, "{word}");
        }
    }

    #[test]
    fn formula_starts_are_neutralized() {
        let cases = [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1 for this", "'+1 for this"),
            ("-- nothing", "'-- nothing"),
            ("@realDonaldTrump says", "'@realDonaldTrump says"),
            ("\tindented", "'\tindented"),
            ("\rreturn", "'\rreturn"),
            ("We will = win", "We will = win"),
            ("", ""),
        ];
        for (cell, want) in cases {
            assert_eq!(excel_cell(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn long_cells_are_cut_at_the_limit_with_a_marker() {
        let cell = "a".repeat(40_000);
        let out = excel_cell(&cell);
        assert_eq!(out.encode_utf16().count(), EXCEL_CELL_LIMIT);
        assert!(out.ends_with(EXCEL_TRUNCATION_MARKER));
        let exact = "b".repeat(EXCEL_CELL_LIMIT);
        assert_eq!(excel_cell(&exact), exact);
    }

    #[test]
    fn cut_counts_utf16_units_and_keeps_chars_whole() {
        // 20,000 emoji are 40,000 UTF-16 units but only 20,000 chars.
        let cell = "😀".repeat(20_000);
        let out = excel_cell(&cell);
        assert!(out.encode_utf16().count() <= EXCEL_CELL_LIMIT);
        assert!(out.ends_with(EXCEL_TRUNCATION_MARKER));
        let formula = format!("={}", "x".repeat(40_000));
        let out = excel_cell(&formula);
        assert!(out.starts_with("'="));
        assert_eq!(out.encode_utf16().count(), EXCEL_CELL_LIMIT);
    }
}
