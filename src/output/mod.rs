//! Writing rows: CSV (the contract), JSONL.
//!
//! Every sink sees the same [`Row`]s: offsets already converted to Unicode
//! scalar values (once per article, here), cells already sliced. A sink is
//! handed one article at a time, in input order, through the [`Sink`] trait;
//! several sinks can be fed by one run through [`Sinks`].
//!
//! ```
//! use saidby::input::{Article, Location};
//! use saidby::output::{CsvOptions, CsvSink, Sink};
//! use saidby::Extractor;
//!
//! let article = Article {
//!     id: "a1".into(),
//!     meta: vec![],
//!     text: "“We will win,” Smith said.".into(),
//!     location: Location { file: "-".into(), line: 1 },
//! };
//! let quotes = Extractor::new().extract(&article.text);
//! let mut sink = CsvSink::new(Vec::new(), CsvOptions::default()).unwrap();
//! sink.write_article(&article, &quotes).unwrap();
//! let csv = String::from_utf8(sink.finish_into_inner().unwrap()).unwrap();
//! assert!(csv.starts_with("article_id,quote_index,kind,quote,"));
//! assert!(csv.contains("a1,0,direct,\"We will win,\",Smith,person,"));
//! ```

mod csv;
mod jsonl;

pub use self::csv::{
    CsvOptions, CsvRender, CsvSink, EXCEL_CELL_LIMIT, EXCEL_TRUNCATION_MARKER, excel_cell,
};
pub use self::jsonl::JsonlSink;

use std::io::{BufWriter, IoSlice, Write};
use std::sync::Arc;

use crate::extractor::Quote;
use crate::input::Article;
use crate::span::CharIndex;

pub mod xlsx;

/// The contract's columns, in order (metadata columns go after `article_id`).
pub const COLUMNS: [&str; 16] = [
    "article_id",
    "quote_index",
    "kind",
    "quote",
    "speaker",
    "speaker_type",
    "organization",
    "verb",
    "speaker_mention",
    "quote_start",
    "quote_end",
    "speaker_start",
    "speaker_end",
    "verb_start",
    "verb_end",
    "confidence",
];

/// The header of a run: the contract's columns with the metadata columns
/// inserted right after `article_id`.
pub fn header(meta: &[String]) -> Vec<&str> {
    let mut cols = Vec::with_capacity(COLUMNS.len() + meta.len());
    cols.push(COLUMNS[0]);
    cols.extend(meta.iter().map(String::as_str));
    cols.extend_from_slice(&COLUMNS[1..]);
    cols
}

/// One output row, ready to write.
#[derive(Clone, Debug, PartialEq)]
pub struct Row<'a> {
    pub article_id: &'a str,
    pub meta: &'a [String],
    pub quote_index: usize,
    pub quote: &'a Quote,
    /// `text[quote_start..quote_end]`.
    pub text: &'a str,
    pub speaker_mention: Option<&'a str>,
    pub verb: Option<&'a str>,
    /// Unicode scalar offsets.
    pub quote_range: (usize, usize),
    pub speaker_range: Option<(usize, usize)>,
    pub verb_range: Option<(usize, usize)>,
}

/// The rows of one article, in the order of `quotes`.
pub fn rows<'a>(article: &'a Article, quotes: &'a [Quote]) -> Vec<Row<'a>> {
    let text = article.text.as_str();
    let index = CharIndex::new(text);
    quotes
        .iter()
        .enumerate()
        .map(|(i, q)| Row {
            article_id: &article.id,
            meta: &article.meta,
            quote_index: i,
            quote: q,
            text: q.span.as_str(text),
            speaker_mention: q.speaker_mention.map(|s| s.as_str(text)),
            verb: q.verb.map(|s| s.as_str(text)),
            quote_range: index.char_span(q.span),
            speaker_range: q.speaker_mention.map(|s| index.char_span(s)),
            verb_range: q.verb.map(|s| index.char_span(s)),
        })
        .collect()
}

/// The `confidence` cell: two decimals, clamped to `[0, 1]`.
///
/// Fixed precision keeps the bytes identical whatever the platform or thread
/// count, and a NaN (which no extractor should produce) cannot leak into a
/// column that downstream tools parse as a number.
///
/// ```
/// use saidby::output::format_confidence;
/// assert_eq!(format_confidence(0.8), "0.80");
/// assert_eq!(format_confidence(-0.0), "0.00");
/// assert_eq!(format_confidence(f32::NAN), "0.00");
/// ```
pub fn format_confidence(confidence: f32) -> String {
    let mut out = String::with_capacity(4);
    write_confidence(&mut out, confidence);
    out
}

/// [`format_confidence`] into a reused buffer.
pub(crate) fn write_confidence(out: &mut String, confidence: f32) {
    // Pushed as chars: checking four known ASCII bytes as UTF-8 was a
    // call of its own, a third of the cell.
    out.extend(confidence_digits(confidence).map(char::from));
}

/// The four ASCII bytes of [`format_confidence`], for writers of bytes.
pub(crate) fn confidence_digits(confidence: f32) -> [u8; 4] {
    let c = if confidence.is_nan() {
        0.0
    } else {
        confidence.clamp(0.0, 1.0)
    };
    // What `format!("{:.2}", c)` prints, without the formatting machinery
    // (a thousand instructions a row): an f32 times 100 is exact in an f64
    // (24 + 7 bits), so rounding it half to even rounds the exact decimal
    // value the way the formatter does. The clamp leaves 0..=100, and -0.0
    // rounds to 0, never printing "-0.00".
    let hundredths = round_half_even(f64::from(c) * 100.0);
    [
        b'0' + (hundredths / 100) as u8,
        b'.',
        b'0' + (hundredths / 10 % 10) as u8,
        b'0' + (hundredths % 10) as u8,
    ]
}

/// `x.round_ties_even() as u32` for `x` in `0.0..=100.0`: the truncation and
/// the exact remainder, where `round_ties_even` is a libm call on the
/// x86_64 baseline (no SSE4.1 rounding), a tenth of a row's formatting.
fn round_half_even(x: f64) -> u32 {
    let whole = x as u32;
    let frac = x - f64::from(whole);
    whole + u32::from(frac > 0.5 || (frac == 0.5 && whole % 2 == 1))
}

/// Why a sink could not write.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Writing failed; a broken pipe (stdout closed by `| head`) shows up here.
    #[error("cannot write the output")]
    Io(#[from] std::io::Error),
}

impl From<::csv::Error> for OutputError {
    fn from(err: ::csv::Error) -> OutputError {
        // Keep the io::Error itself (not wrapped in "other") so callers can
        // still see a broken pipe for what it is.
        match err.into_kind() {
            ::csv::ErrorKind::Io(io) => OutputError::Io(io),
            kind => OutputError::Io(std::io::Error::other(format!("{kind:?}"))),
        }
    }
}

/// Somewhere rows go: a CSV or JSONL stream, a spreadsheet, a per-speaker table.
///
/// The pipeline calls [`Sink::write_article`] once per article, in input
/// order (also for articles without quotes, so a sink may count them), then
/// [`Sink::finish`] once at the end of a successful run. A run that fails
/// never calls `finish`, so a sink that writes a file can leave it unfinished.
pub trait Sink {
    /// Writes the rows of one article.
    fn write_article(&mut self, article: &Article, quotes: &[Quote]) -> Result<(), OutputError>;

    /// Writes whatever is buffered (footers, summaries) and flushes.
    fn finish(&mut self) -> Result<(), OutputError>;

    /// Formats this sink's bytes for an article on any thread, when the sink
    /// can: the pipeline then formats on its workers (formatting CSV costs
    /// as much as a tenth of extraction, too much for the one writing
    /// thread) and hands the bytes to [`Sink::write_rendered`].
    fn renderer(&self) -> Option<Arc<dyn Render>> {
        None
    }

    /// Writes an article that this sink's [`Sink::renderer`] formatted into
    /// `rendered`.
    fn write_rendered(
        &mut self,
        article: &Article,
        quotes: &[Quote],
        rendered: &[u8],
    ) -> Result<(), OutputError> {
        let _ = rendered;
        self.write_article(article, quotes)
    }

    /// Whether [`Sink::write_rendered`] reads nothing but the rendered
    /// bytes. The pipeline then frees each article on the worker that
    /// formatted it and hands the bytes of consecutive articles to
    /// [`Sink::write_rendered_many`].
    fn rendered_only(&self) -> bool {
        false
    }

    /// Writes consecutive articles, in order, that this sink's
    /// [`Sink::renderer`] formatted, one buffer each; called only when the
    /// sink is [`Sink::rendered_only`]. By default, each goes to
    /// [`Sink::write_rendered`] with an empty article and no quotes.
    fn write_rendered_many(&mut self, rendered: &[Vec<u8>]) -> Result<(), OutputError> {
        write_rendered_each(self, rendered)
    }
}

/// [`Sink::write_rendered_many`] one article at a time.
fn write_rendered_each<S: Sink + ?Sized>(
    sink: &mut S,
    rendered: &[Vec<u8>],
) -> Result<(), OutputError> {
    let freed = freed_article();
    for bytes in rendered {
        sink.write_rendered(&freed, &[], bytes)?;
    }
    Ok(())
}

/// What [`Sink::write_rendered`] is handed for an article already freed.
fn freed_article() -> Article {
    Article {
        id: String::new(),
        meta: Vec::new(),
        text: String::new(),
        location: crate::input::Location {
            file: String::new(),
            line: 0,
        },
    }
}

/// Writes `rendered` after what `out` holds, as `out.write_all` of each in
/// turn would, but without copying the bytes into the buffer when they
/// would not fit in it anyway: the buffer is flushed and the articles go to
/// the writer together, as many as a `write_vectored` takes at once. On the
/// one writing thread, the copy was a sixth of its work.
pub(crate) fn write_all_buffers<W: Write>(
    out: &mut BufWriter<W>,
    rendered: &[Vec<u8>],
) -> std::io::Result<()> {
    let total: usize = rendered.iter().map(Vec::len).sum();
    if total <= out.capacity() - out.buffer().len() {
        for bytes in rendered {
            out.write_all(bytes)?;
        }
        return Ok(());
    }
    out.flush()?;
    // Articles without quotes left out: a write of nothing but empty
    // slices would return 0, which is taken for a writer that is full.
    let mut slices: Vec<IoSlice<'_>> = rendered
        .iter()
        .filter(|b| !b.is_empty())
        .map(|b| IoSlice::new(b))
        .collect();
    let mut slices = &mut slices[..];
    // `Write::write_all_vectored`, which is not stable yet.
    while !slices.is_empty() {
        match out.get_mut().write_vectored(slices) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut slices, n),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

/// Formats the rows of an article into bytes; shared by the worker threads.
pub trait Render: Send + Sync {
    /// Appends the rows of `article` to `out`.
    fn render(
        &self,
        article: &Article,
        quotes: &[Quote],
        out: &mut Vec<u8>,
    ) -> Result<(), OutputError>;
}

impl<S: Sink + ?Sized> Sink for Box<S> {
    fn write_article(&mut self, article: &Article, quotes: &[Quote]) -> Result<(), OutputError> {
        (**self).write_article(article, quotes)
    }

    fn finish(&mut self) -> Result<(), OutputError> {
        (**self).finish()
    }

    fn renderer(&self) -> Option<Arc<dyn Render>> {
        (**self).renderer()
    }

    fn write_rendered(
        &mut self,
        article: &Article,
        quotes: &[Quote],
        rendered: &[u8],
    ) -> Result<(), OutputError> {
        (**self).write_rendered(article, quotes, rendered)
    }

    fn rendered_only(&self) -> bool {
        (**self).rendered_only()
    }

    fn write_rendered_many(&mut self, rendered: &[Vec<u8>]) -> Result<(), OutputError> {
        (**self).write_rendered_many(rendered)
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    fn write_article(&mut self, article: &Article, quotes: &[Quote]) -> Result<(), OutputError> {
        (**self).write_article(article, quotes)
    }

    fn finish(&mut self) -> Result<(), OutputError> {
        (**self).finish()
    }

    fn renderer(&self) -> Option<Arc<dyn Render>> {
        (**self).renderer()
    }

    fn write_rendered(
        &mut self,
        article: &Article,
        quotes: &[Quote],
        rendered: &[u8],
    ) -> Result<(), OutputError> {
        (**self).write_rendered(article, quotes, rendered)
    }

    fn rendered_only(&self) -> bool {
        (**self).rendered_only()
    }

    fn write_rendered_many(&mut self, rendered: &[Vec<u8>]) -> Result<(), OutputError> {
        (**self).write_rendered_many(rendered)
    }
}

/// Several sinks fed by one run, each getting every article in turn.
#[derive(Default)]
pub struct Sinks<'s> {
    sinks: Vec<Box<dyn Sink + 's>>,
    /// The one sink whose bytes are rendered ahead: the first that can.
    /// Found once: asking each sink for its renderer, once per article,
    /// made and freed an `Arc` each time.
    rendering: Option<usize>,
}

impl<'s> Sinks<'s> {
    pub fn new() -> Sinks<'s> {
        Sinks::default()
    }

    pub fn push(&mut self, sink: impl Sink + 's) {
        if self.rendering.is_none() && sink.renderer().is_some() {
            self.rendering = Some(self.sinks.len());
        }
        self.sinks.push(Box::new(sink));
    }

    pub fn len(&self) -> usize {
        self.sinks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sinks.is_empty()
    }
}

impl Sink for Sinks<'_> {
    fn write_article(&mut self, article: &Article, quotes: &[Quote]) -> Result<(), OutputError> {
        for sink in &mut self.sinks {
            sink.write_article(article, quotes)?;
        }
        Ok(())
    }

    fn renderer(&self) -> Option<Arc<dyn Render>> {
        self.sinks[self.rendering?].renderer()
    }

    fn write_rendered(
        &mut self,
        article: &Article,
        quotes: &[Quote],
        rendered: &[u8],
    ) -> Result<(), OutputError> {
        let rendering = self.rendering;
        for (i, sink) in self.sinks.iter_mut().enumerate() {
            if Some(i) == rendering {
                sink.write_rendered(article, quotes, rendered)?;
            } else {
                sink.write_article(article, quotes)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), OutputError> {
        for sink in &mut self.sinks {
            sink.finish()?;
        }
        Ok(())
    }

    /// Only with one sink: the others are handed the article itself.
    fn rendered_only(&self) -> bool {
        matches!(&self.sinks[..], [sink] if sink.rendered_only())
    }

    fn write_rendered_many(&mut self, rendered: &[Vec<u8>]) -> Result<(), OutputError> {
        match &mut self.sinks[..] {
            [sink] => sink.write_rendered_many(rendered),
            _ => write_rendered_each(self, rendered),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidences_round_half_to_even_as_the_std_rounding_does() {
        let mut checked = 0;
        // Every 997th f32 of 0..=1, and every exact half-hundredth.
        let sampled = (0..=1.0f32.to_bits()).step_by(997).map(f32::from_bits);
        let halves = (0..=200).map(|k| k as f32 / 200.0);
        for c in sampled.chain(halves).chain([1.0, 0.125, 0.375, 0.005]) {
            let x = f64::from(c) * 100.0;
            assert_eq!(round_half_even(x), x.round_ties_even() as u32, "{c}");
            checked += 1;
        }
        assert!(checked > 1_000_000);
    }

    #[test]
    fn meta_columns_go_right_after_article_id() {
        let meta = vec!["date".to_string(), "url".to_string()];
        let h = header(&meta);
        assert_eq!(&h[..4], ["article_id", "date", "url", "quote_index"]);
        assert_eq!(h.len(), COLUMNS.len() + 2);
        assert_eq!(header(&[]), COLUMNS);
    }

    #[test]
    fn confidence_prints_as_the_formatter_prints_two_decimals() {
        // Every f32 in [0, 1] at a fine step, and the halfway cases.
        let mut cases: Vec<f32> = (0..=100_000).map(|i| i as f32 / 100_000.0).collect();
        cases.extend((0..=200).map(|i| i as f32 * 0.005));
        cases.extend([
            0.125,
            0.375,
            0.625,
            0.875,
            0.015,
            0.045,
            f32::MIN_POSITIVE,
            1.0 - f32::EPSILON,
        ]);
        for c in cases {
            assert_eq!(format_confidence(c), format!("{c:.2}"), "{c:e}");
        }
    }

    #[test]
    fn confidence_is_clamped_and_fixed_precision() {
        let cases = [
            (0.5, "0.50"),
            (1.0, "1.00"),
            (1.7, "1.00"),
            (-3.0, "0.00"),
            (0.125, "0.12"),
            (f32::INFINITY, "1.00"),
        ];
        for (c, want) in cases {
            assert_eq!(format_confidence(c), want, "{c}");
        }
    }

    /// Takes at most `max` bytes a call, fails every third call with
    /// `Interrupted`, and once `room` is spent takes nothing.
    struct Stingy {
        got: Vec<u8>,
        max: usize,
        room: usize,
        calls: usize,
    }

    impl Write for Stingy {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.write_vectored(&[IoSlice::new(buf)])
        }

        fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> std::io::Result<usize> {
            self.calls += 1;
            if self.calls.is_multiple_of(3) {
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let mut n = 0;
            for b in bufs {
                let take = b.len().min(self.max - n).min(self.room);
                self.got.extend_from_slice(&b[..take]);
                (n, self.room) = (n + take, self.room - take);
            }
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn rendered_buffers_are_written_whole_and_in_order() {
        for capacity in [1, 10, 1000] {
            for max in [1, 5, 64] {
                let rendered: Vec<Vec<u8>> = (0..40u8)
                    .map(|i| vec![b'a' + i % 26; usize::from(i % 7) * 3])
                    .collect();
                let stingy = Stingy {
                    got: Vec::new(),
                    max,
                    room: usize::MAX,
                    calls: 0,
                };
                let mut out = BufWriter::with_capacity(capacity, stingy);
                out.write_all(b"head,").unwrap();
                write_all_buffers(&mut out, &rendered).unwrap();
                write_all_buffers(&mut out, &rendered[..3]).unwrap();
                write_all_buffers(&mut out, &[Vec::new(), Vec::new()]).unwrap();
                let got = out.into_inner().map_err(|e| e.into_error()).unwrap().got;
                let mut want = b"head,".to_vec();
                want.extend(rendered.concat());
                want.extend(rendered[..3].concat());
                assert_eq!(got, want, "capacity {capacity}, max {max}");
            }
        }
    }

    #[test]
    fn a_writer_that_takes_nothing_more_is_an_error() {
        let full = Stingy {
            got: Vec::new(),
            max: 8,
            room: 20,
            calls: 0,
        };
        let mut out = BufWriter::with_capacity(4, full);
        let err = write_all_buffers(&mut out, &[vec![b'x'; 15], vec![b'y'; 15]]).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::WriteZero);
        assert_eq!(out.get_ref().got.len(), 20);
    }

    #[test]
    fn sinks_feed_every_sink_in_turn() {
        let article = Article {
            id: "x".into(),
            meta: vec![],
            text: "“Yes,” Smith said.".into(),
            location: crate::input::Location {
                file: "-".into(),
                line: 1,
            },
        };
        let quotes = crate::Extractor::new().extract(&article.text);
        let mut a = CsvSink::new(Vec::new(), CsvOptions::default()).unwrap();
        let mut b = JsonlSink::new(Vec::new(), Vec::new());
        {
            let mut sinks = Sinks::new();
            sinks.push(&mut a);
            sinks.push(&mut b);
            sinks.write_article(&article, &quotes).unwrap();
            sinks.finish().unwrap();
        }
        let a = String::from_utf8(a.finish_into_inner().unwrap()).unwrap();
        let b = String::from_utf8(b.finish_into_inner().unwrap()).unwrap();
        assert_eq!(a.lines().count(), 2);
        assert_eq!(b.lines().count(), 1);
    }
}
