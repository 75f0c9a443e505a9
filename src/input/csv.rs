//! CSV and TSV with a header row.
//!
//! TSV comes in three styles (see [`TsvStyle`]): quoted as CSV is, plain
//! (no quoting), or plain with backslash escapes.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};
use std::sync::{Arc, Mutex, PoisonError};

use super::source::{RecordReader, read_error_reason};
use super::{
    Article, InputError, KEPT_OF_OVERSIZED, Location, RawRecord, ReadOptions, Record, Rejected,
    TsvStyle, oversized_reason,
};

/// How fields are delimited, quoted and escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Dialect {
    delimiter: u8,
    /// `"` opens and closes a field that may hold delimiters and newlines.
    quoting: bool,
    /// Backslash escapes, decoded in every field (see [`unescape`]).
    escapes: bool,
}

impl Dialect {
    pub(super) const CSV: Dialect = Dialect {
        delimiter: b',',
        quoting: true,
        escapes: false,
    };

    /// Why a record whose quoted field goes on after its closing quote, at
    /// byte `at`, is rejected.
    fn after_closing_quote(&self, at: usize) -> String {
        let hint = if self.delimiter == b'\t' {
            "if the file is not quoted as CSV is, read it with --tsv-style plain or escaped"
        } else {
            "a field that holds quotes must be quoted whole, each quote in it doubled"
        };
        format!(
            "malformed CSV: a quoted field goes on after its closing quote (byte {} of the record); {hint}",
            at + 1
        )
    }

    pub(super) fn tsv(style: TsvStyle) -> Dialect {
        Dialect {
            delimiter: b'\t',
            quoting: style == TsvStyle::Quoted,
            escapes: style == TsvStyle::Escaped,
        }
    }
}

/// Where a quoted field of `raw`, one record, goes on after its closing
/// quote, if one does: `"We are ready," she said.` The parser takes the
/// marks for quoting, drops them and keeps the rest, so the text would lose
/// its quotation; RFC 4180 has such a record malformed.
fn text_after_closing_quote(raw: &[u8], delimiter: u8) -> Option<usize> {
    // `at` is always where a field starts.
    let mut at = 0;
    while at < raw.len() {
        if raw[at] != b'"' {
            at += memchr::memchr(delimiter, &raw[at..])? + 1;
            continue;
        }
        let mut from = at + 1;
        loop {
            // No closing quote: the parser reports that itself.
            let close = from + memchr::memchr(b'"', &raw[from..])?;
            match raw.get(close + 1) {
                Some(b'"') => from = close + 2,
                None | Some(b'\n' | b'\r') => return None,
                Some(&b) if b == delimiter => {
                    at = close + 2;
                    break;
                }
                Some(_) => return Some(close + 1),
            }
        }
    }
    None
}

/// A field of an escaped TSV as the text it stands for (see
/// [`TsvStyle::Escaped`]).
fn unescape(field: &[u8]) -> Cow<'_, [u8]> {
    if field == b"\\N" {
        return Cow::Borrowed(b"");
    }
    if memchr::memchr(b'\\', field).is_none() {
        return Cow::Borrowed(field);
    }
    let mut out = Vec::with_capacity(field.len());
    let mut rest = field;
    while let Some(at) = memchr::memchr(b'\\', rest) {
        out.extend_from_slice(&rest[..at]);
        let (byte, taken) = match rest.get(at + 1) {
            Some(b't') => (b'\t', 2),
            Some(b'n') => (b'\n', 2),
            Some(b'r') => (b'\r', 2),
            Some(b'\\') => (b'\\', 2),
            _ => (b'\\', 1),
        };
        out.push(byte);
        rest = &rest[at + taken..];
    }
    out.extend_from_slice(rest);
    Cow::Owned(out)
}

/// The bytes the CSV parser has pulled but not yet handed back as records,
/// so a bad record can be written out exactly as it was.
#[derive(Default)]
struct Pending {
    /// Stream offset of `bytes[0]`.
    base: u64,
    bytes: Vec<u8>,
}

/// Copies what the parser reads into [`Pending`].
struct Tee {
    inner: Box<dyn BufRead + Send>,
    pending: Arc<Mutex<Pending>>,
    /// [`ReadOptions::max_record_bytes`].
    limit: usize,
}

impl Read for Tee {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut pending = lock(&self.pending);
        // The parser reads only once its buffer is spent, so what is
        // pending now is the record it is in the middle of (and the blank
        // lines before it): past the limit, stop it there rather than let
        // it gather the rest of a field that may run to the end of the
        // input (one stray quote makes one).
        if pending.bytes.len() > self.limit {
            return Err(io::Error::other(Oversized));
        }
        let n = self.inner.read(buf)?;
        pending.bytes.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// The read error that stops the parser in a record over the limit.
#[derive(Debug, thiserror::Error)]
#[error("a record over the limit")]
struct Oversized;

fn is_oversized(err: &csv::Error) -> bool {
    match err.kind() {
        csv::ErrorKind::Io(io) => io.get_ref().is_some_and(|e| e.is::<Oversized>()),
        _ => false,
    }
}

/// The parser, for `inner` from its start: the header row is read, and the
/// field counts checked, by [`CsvReader`] itself, so that a parser started
/// afresh after a record over the limit reads the rest the same way.
fn parser(
    inner: Box<dyn BufRead + Send>,
    pending: &Arc<Mutex<Pending>>,
    limit: usize,
    dialect: Dialect,
) -> csv::Reader<Tee> {
    let tee = Tee {
        inner,
        pending: Arc::clone(pending),
        limit,
    };
    csv::ReaderBuilder::new()
        .delimiter(dialect.delimiter)
        .quoting(dialect.quoting)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(tee)
}

fn lock(p: &Mutex<Pending>) -> std::sync::MutexGuard<'_, Pending> {
    // Nothing can panic while the lock is held, but a poisoned lock must not
    // turn into a panic here either.
    p.lock().unwrap_or_else(PoisonError::into_inner)
}

struct Columns {
    /// Fields in the header: every record must have as many.
    count: usize,
    text: usize,
    id: Option<usize>,
    meta: Vec<Option<usize>>,
}

pub(super) struct CsvReader {
    reader: csv::Reader<Tee>,
    /// The stream offset where `reader` started: its positions count from
    /// there.
    origin: u64,
    dialect: Dialect,
    pending: Arc<Mutex<Pending>>,
    file: String,
    options: Arc<ReadOptions>,
    /// Known after the header is read.
    columns: Option<Columns>,
    record: csv::ByteRecord,
    /// The line the next record starts on. Counted here from the raw bytes:
    /// the csv crate's own line numbers drift after `\r\n` terminators.
    line: u64,
    done: bool,
}

impl CsvReader {
    pub(super) fn new(
        input: Box<dyn BufRead + Send>,
        file: String,
        options: Arc<ReadOptions>,
        dialect: Dialect,
    ) -> CsvReader {
        let pending = Arc::new(Mutex::new(Pending::default()));
        let reader = parser(input, &pending, options.max_record_bytes, dialect);
        CsvReader {
            reader,
            origin: 0,
            dialect,
            pending,
            file,
            options,
            columns: None,
            record: csv::ByteRecord::new(),
            line: 1,
            done: false,
        }
    }

    /// Finds the columns in the header; `None` for an empty file.
    fn columns(&mut self) -> Result<Option<Columns>, Rejected> {
        let mut header = csv::ByteRecord::new();
        if let Err(err) = self.reader.read_byte_record(&mut header) {
            let reason = if is_oversized(&err) {
                format!(
                    "the header row is over the limit of {} bytes (--max-record-size)",
                    self.options.max_record_bytes
                )
            } else {
                format!("cannot read the header: {err}")
            };
            let mut raw = self.take_pending(self.position());
            raw.truncate(KEPT_OF_OVERSIZED);
            return Err(Rejected {
                location: self.location(1),
                reason,
                raw,
            });
        }
        // The header is not a record: never echo it to --rejects.
        let raw = self.take_pending(self.position());
        self.line += memchr::memchr_iter(b'\n', &raw).count() as u64;
        if header.is_empty() {
            return Ok(None);
        }
        let escapes = self.dialect.escapes;
        let find = |name: &str| {
            header
                .iter()
                .position(|h| if escapes { unescape(h) } else { h.into() } == name.as_bytes())
        };
        let o = &self.options;
        match find(&o.text_field) {
            Some(text) => Ok(Some(Columns {
                count: header.len(),
                text,
                id: find(&o.id_field),
                meta: o.meta.iter().map(|m| find(m)).collect(),
            })),
            None => Err(Rejected {
                location: self.location(1),
                reason: String::new(),
                raw: header
                    .iter()
                    .map(|h| String::from_utf8_lossy(h).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
                    .into_bytes(),
            }),
        }
    }

    /// The stream offset the parser has read to.
    fn position(&self) -> u64 {
        self.origin + self.reader.position().byte()
    }

    /// After the parser stopped in a record over the limit: passes over
    /// the rest of the record and starts a parser afresh after it. Gives
    /// the record's length and the bytes of it kept, and counts its lines.
    ///
    /// Its end is found as RFC 4180 has it: a newline outside quotes, a
    /// quote opening or closing them (a doubled one does both). (The
    /// parser takes a quote inside an unquoted field as a char: a record
    /// that long is no article either way.)
    fn pass_over_record(&mut self) -> Oversize {
        let placeholder = parser(
            Box::new(io::empty()),
            &self.pending,
            usize::MAX,
            Dialect::CSV,
        );
        let quoting = self.dialect.quoting;
        let mut inner = std::mem::replace(&mut self.reader, placeholder)
            .into_inner()
            .inner;
        let mut p = lock(&self.pending);
        let mut chunk = std::mem::take(&mut p.bytes);
        // The blank lines before it belong to no record.
        let skip = chunk
            .iter()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .count();
        let line = self.line + chunk[..skip].iter().filter(|&&b| b == b'\n').count() as u64;
        let head = chunk[skip..][..KEPT_OF_OVERSIZED.min(chunk.len() - skip)].to_vec();
        let (mut quoted, mut ended) = (false, false);
        let (mut len, mut lines) = (0u64, 0u64);
        let mut from = skip;
        let mut read_error = None;
        let leftover = loop {
            let part = &chunk[from..];
            let mut end = None;
            for i in memchr::memchr2_iter(b'"', b'\n', part) {
                if part[i] == b'"' {
                    quoted = quoting && !quoted;
                } else if quoted {
                    lines += 1;
                } else {
                    end = Some(i);
                    break;
                }
            }
            if let Some(i) = end {
                (len, lines, ended) = (len + i as u64, lines + 1, true);
                break chunk[from + i + 1..].to_vec();
            }
            len += part.len() as u64;
            chunk.resize(1 << 16, 0);
            from = 0;
            match read_full(&mut inner, &mut chunk) {
                Ok(0) => break Vec::new(),
                Ok(n) => chunk.truncate(n),
                Err(err) => {
                    read_error = Some(err);
                    break Vec::new();
                }
            }
        };
        // The new parser starts right after the record.
        p.base += skip as u64 + len + u64::from(ended);
        self.origin = p.base;
        drop(p);
        self.line = line + lines;
        let rest: Box<dyn BufRead + Send> = match read_error {
            // Met again by the new parser, and reported as the next record.
            Some(err) => Box::new(io::Cursor::new(leftover).chain(Failing(Some(err)))),
            None => Box::new(io::Cursor::new(leftover).chain(inner)),
        };
        let limit = self.options.max_record_bytes;
        self.reader = parser(rest, &self.pending, limit, self.dialect);
        Oversize { line, len, head }
    }

    fn location(&self, line: u64) -> Location {
        Location {
            file: self.file.clone(),
            line,
        }
    }

    /// The raw bytes up to stream offset `end`, dropped from the pending buffer.
    fn take_pending(&self, end: u64) -> Vec<u8> {
        let mut p = lock(&self.pending);
        let upto = (end.saturating_sub(p.base) as usize).min(p.bytes.len());
        let raw: Vec<u8> = p.bytes.drain(..upto).collect();
        p.base = end.max(p.base);
        raw
    }

    fn article(&self, columns: &Columns, line: u64) -> Result<Article, String> {
        let cell = |i: usize, what: &str| -> Result<String, String> {
            let bytes = self.record.get(i).unwrap_or_default();
            let bytes = if self.dialect.escapes {
                unescape(bytes)
            } else {
                Cow::Borrowed(bytes)
            };
            match std::str::from_utf8(&bytes) {
                Ok(s) => Ok(s.to_owned()),
                Err(e) => Err(format!(
                    "invalid UTF-8 in {what} at byte {} of the cell",
                    e.valid_up_to()
                )),
            }
        };
        let o = &self.options;
        let text = cell(columns.text, &format!("column `{}`", o.text_field))?;
        let id = match columns.id {
            Some(i) => cell(i, &format!("column `{}`", o.id_field))?,
            None => String::new(),
        };
        let id = if id.is_empty() {
            self.location(line).to_string()
        } else {
            id
        };
        let mut meta = Vec::with_capacity(columns.meta.len());
        for (name, i) in o.meta.iter().zip(&columns.meta) {
            meta.push(match i {
                Some(i) => cell(*i, &format!("column `{name}`"))?,
                None => String::new(),
            });
        }
        Ok(Article {
            id,
            meta,
            text,
            location: self.location(line),
        })
    }
}

/// A record passed over for its size: the line it starts on, its length
/// (without its newline) and the bytes of it kept.
struct Oversize {
    line: u64,
    len: u64,
    head: Vec<u8>,
}

/// Reads until `buf` is full or the input ends; the bytes read.
fn read_full(input: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// An input that fails once with the error it holds, then ends.
struct Failing(Option<io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
}

impl BufRead for Failing {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.0.take().map_or(Ok(&[]), Err)
    }

    fn consume(&mut self, _: usize) {}
}

fn trim_newline(raw: &[u8]) -> Vec<u8> {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    raw.strip_suffix(b"\r").unwrap_or(raw).to_vec()
}

impl RecordReader for CsvReader {
    fn next_record(&mut self) -> Option<Result<RawRecord, InputError>> {
        self.next_decoded().map(|r| r.map(RawRecord::from))
    }
}

impl CsvReader {
    fn next_decoded(&mut self) -> Option<Result<Record, InputError>> {
        if self.done {
            return None;
        }
        if self.columns.is_none() {
            match self.columns() {
                Ok(Some(columns)) => self.columns = Some(columns),
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(r) if r.reason.is_empty() => {
                    self.done = true;
                    return Some(Err(InputError::NoTextColumn {
                        file: self.file.clone(),
                        column: self.options.text_field.clone(),
                        columns: String::from_utf8_lossy(&r.raw).into_owned(),
                    }));
                }
                Err(r) => {
                    self.done = true;
                    return Some(Ok(Record::Rejected(r)));
                }
            }
        }
        let result = self.reader.read_byte_record(&mut self.record);
        if let Err(err) = &result
            && is_oversized(err)
        {
            let Oversize { line, len, head } = self.pass_over_record();
            return Some(Ok(Record::Rejected(Rejected {
                location: self.location(line),
                reason: oversized_reason(len, self.options.max_record_bytes),
                raw: head,
            })));
        }
        let raw = self.take_pending(self.position());
        // Blank lines before a record are skipped by the parser but are in
        // the raw bytes: they belong to no record.
        let skip = raw
            .iter()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .count();
        let line = self.line + memchr::memchr_iter(b'\n', &raw[..skip]).count() as u64;
        let raw = &raw[skip..];
        self.line = line + memchr::memchr_iter(b'\n', raw).count() as u64;
        let reject = |location, reason| {
            Some(Ok(Record::Rejected(Rejected {
                location,
                reason,
                raw: trim_newline(raw),
            })))
        };
        match result {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                // `columns` is set above; the fallback only satisfies the type.
                let columns = self.columns.as_ref()?;
                let limit = self.options.max_record_bytes;
                let len = raw.len()
                    - usize::from(raw.ends_with(b"\n"))
                    - usize::from(raw.ends_with(b"\r\n"));
                if len > limit {
                    // (Under the parser's buffer of 64 KB: read whole.)
                    return Some(Ok(Record::Rejected(Rejected {
                        location: self.location(line),
                        reason: oversized_reason(len as u64, limit),
                        raw: raw[..KEPT_OF_OVERSIZED.min(raw.len())].to_vec(),
                    })));
                }
                if self.dialect.quoting
                    && let Some(at) = text_after_closing_quote(raw, self.dialect.delimiter)
                {
                    return reject(self.location(line), self.dialect.after_closing_quote(at));
                }
                if self.record.len() != columns.count {
                    return reject(
                        self.location(line),
                        format!(
                            "{} fields where the header has {}",
                            self.record.len(),
                            columns.count
                        ),
                    );
                }
                match self.article(columns, line) {
                    Ok(article) => Some(Ok(Record::Article(article))),
                    Err(reason) => reject(self.location(line), reason),
                }
            }
            Err(err) => match err.kind() {
                csv::ErrorKind::Io(io) => {
                    self.done = true;
                    reject(self.location(line), read_error_reason(io))
                }
                _ => {
                    self.done = true;
                    reject(self.location(line), format!("malformed CSV: {err}"))
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &str, options: ReadOptions) -> Vec<Result<Record, String>> {
        let mut reader = CsvReader::new(
            Box::new(io::Cursor::new(input.as_bytes().to_vec())),
            "in.csv".into(),
            Arc::new(options),
            Dialect::CSV,
        );
        std::iter::from_fn(|| reader.next_record())
            .map(|r| r.map(RawRecord::decode).map_err(|e| e.to_string()))
            .collect()
    }

    #[test]
    fn rows_with_the_wrong_field_count_are_rejected_verbatim() {
        let input = "id,text\n\na,\"One, \"\"two\"\"\"\r\nb,x,extra\nc,\"multi\nline\"\nd,fine\n";
        let records = read_all(input, ReadOptions::default());
        let ids: Vec<String> = records
            .iter()
            .map(|r| match r {
                Ok(Record::Article(a)) => a.id.clone(),
                Ok(Record::Rejected(r)) => format!("rejected {}: {}", r.location, r.reason),
                Err(e) => e.clone(),
            })
            .collect();
        assert_eq!(
            ids,
            [
                "a",
                "rejected in.csv:4: 3 fields where the header has 2",
                "c",
                "d"
            ]
        );
        let Ok(Record::Rejected(r)) = &records[1] else {
            unreachable!()
        };
        assert_eq!(r.raw, b"b,x,extra");
        let Ok(Record::Article(a)) = &records[0] else {
            unreachable!()
        };
        assert_eq!(a.text, "One, \"two\"");
        let Ok(Record::Article(c)) = &records[2] else {
            unreachable!()
        };
        assert_eq!((c.text.as_str(), c.location.line), ("multi\nline", 5));
    }

    /// A reader of `input` (in.csv) with a limit of `limit` bytes.
    fn limited_reader(input: Vec<u8>, limit: usize) -> CsvReader {
        let options = ReadOptions {
            max_record_bytes: limit,
            ..ReadOptions::default()
        };
        CsvReader::new(
            Box::new(io::Cursor::new(input)),
            "in.csv".into(),
            Arc::new(options),
            Dialect::CSV,
        )
    }

    /// Each record read with a limit of `limit` bytes: the article's id
    /// and text, or the line, kept bytes and reason of a rejected one.
    fn read_limited(input: &[u8], limit: usize) -> Vec<String> {
        let mut reader = limited_reader(input.to_vec(), limit);
        std::iter::from_fn(|| reader.next_record())
            .map(|r| match r.map(RawRecord::decode) {
                Ok(Record::Article(a)) => format!("{}: {}", a.id, a.text),
                Ok(Record::Rejected(r)) => format!(
                    "rejected {} ({} bytes kept, from {:?}): {}",
                    r.location,
                    r.raw.len(),
                    String::from_utf8_lossy(&r.raw[..r.raw.len().min(6)]),
                    r.reason
                ),
                Err(e) => e.to_string(),
            })
            .collect()
    }

    #[test]
    fn a_record_over_the_limit_is_rejected_and_the_next_ones_read() {
        let big = |n: usize| "y".repeat(n);
        let over = |line: u64, len: u64| {
            format!(
                "rejected in.csv:{line} (1024 bytes kept, from \"b,\\\"Yyy\"): {}",
                oversized_reason(len, 2000)
            )
        };
        let cases: Vec<(String, Vec<String>)> = vec![
            // Read whole by the parser (under its buffer of 64 KB), then
            // found too long.
            (
                format!("id,text\na,one\nb,\"Y{}\"\nc,two\n", big(2999)),
                vec!["a: one".into(), over(3, 3004), "c: two".into()],
            ),
            // Stopped in the middle (a field of 200 KB, with quoted
            // newlines, then a blank line), and read on after it.
            (
                format!(
                    "id,text\na,one\nb,\"Y{}\n\"\"quoted\"\"\n{}\"\n\nc,\"two\nlines\"\nd,\n",
                    big(100_000),
                    big(100_000)
                ),
                vec![
                    "a: one".into(),
                    over(3, 200_017),
                    "c: two\nlines".into(),
                    "d: ".into(),
                ],
            ),
            // A stray quote: the field runs to the end of the input,
            // which is passed over, not gathered.
            (
                format!(
                    "id,text\na,one\nb,\"Yyyy\n{}",
                    format!("c,{}\n", big(70)).repeat(5000)
                ),
                vec!["a: one".into(), over(3, 8 + 5000 * 73)],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(read_limited(input.as_bytes(), 2000), want);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(300))]

        /// Well-formed records of every shape (quoted or not, with quotes,
        /// commas and line breaks in the text, blank lines between), some
        /// over the limit, some far over the parser's buffer: each over it
        /// is rejected on its own line, each other read whole, and none is
        /// lost or run into the next.
        #[test]
        fn every_record_over_the_limit_and_no_other_is_rejected(
            records in proptest::collection::vec(
                (
                    proptest::sample::select(&["a", "x,y", "say \"no\"", "two\nlines", "\r\n\"\"", "é"][..]),
                    0usize..4,
                    proptest::sample::select(&[0usize, 10, 1_000, 70_000, 140_000][..]),
                    proptest::bool::ANY,
                ),
                1..6,
            ),
            limit in proptest::sample::select(&[1usize, 50, 2_000, 100_000][..]),
        ) {
            let mut input = String::from("id,text\n");
            let mut line = 2u64;
            let mut want = Vec::new();
            for (k, (piece, reps, filler, blank)) in records.iter().enumerate() {
                if *blank {
                    input.push('\n');
                    line += 1;
                }
                let text = format!("{}{}", piece.repeat(*reps), "z".repeat(*filler));
                let quoted = text.contains([',', '"', '\n', '\r']);
                let cell = if quoted {
                    format!("\"{}\"", text.replace('"', "\"\""))
                } else {
                    text.clone()
                };
                let raw = format!("r{k},{cell}");
                want.push(if raw.len() > limit {
                    format!("rejected in.csv:{line} len {}", raw.len())
                } else {
                    format!("r{k}: {text}")
                });
                line += raw.matches('\n').count() as u64 + 1;
                input.push_str(&raw);
                input.push('\n');
            }
            let mut reader = limited_reader(input.into_bytes(), limit);
            let got: Vec<String> = std::iter::from_fn(|| reader.next_record())
                .map(|r| match r.map(RawRecord::decode) {
                    Ok(Record::Article(a)) => format!("{}: {}", a.id, a.text),
                    Ok(Record::Rejected(r)) => {
                        let len = r.reason.split(' ').nth(2).unwrap_or("?");
                        format!("rejected {} len {len}", r.location)
                    }
                    Err(e) => e.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn missing_id_column_and_meta() {
        let options = ReadOptions {
            meta: vec!["url".into(), "date".into()],
            ..ReadOptions::default()
        };
        let records = read_all("text,url\nhello,http://x\n", options);
        let Ok(Record::Article(a)) = &records[0] else {
            panic!("{records:?}")
        };
        assert_eq!(a.id, "in.csv:2");
        assert_eq!(a.meta, ["http://x", ""]);
    }

    #[test]
    fn no_text_column_is_fatal_and_empty_file_is_empty() {
        let records = read_all("id,body\n1,x\n", ReadOptions::default());
        assert_eq!(records.len(), 1);
        let err = records[0].as_ref().unwrap_err();
        assert!(err.contains("no column `text`"), "{err}");
        assert!(read_all("", ReadOptions::default()).is_empty());
    }

    /// The text field of each record of a TSV read in `style`, or why it was rejected.
    fn tsv_texts(input: &str, style: TsvStyle, limit: usize) -> Vec<String> {
        let options = ReadOptions {
            max_record_bytes: limit,
            ..ReadOptions::default()
        };
        let mut reader = CsvReader::new(
            Box::new(io::Cursor::new(input.as_bytes().to_vec())),
            "in.tsv".into(),
            Arc::new(options),
            Dialect::tsv(style),
        );
        std::iter::from_fn(|| reader.next_record())
            .map(|r| match r.map(RawRecord::decode) {
                Ok(Record::Article(a)) => a.text,
                Ok(Record::Rejected(r)) => format!("rejected {}: {}", r.location, r.reason),
                Err(e) => e.to_string(),
            })
            .collect()
    }

    #[test]
    fn each_tsv_style_reads_quotes_tabs_and_newlines_its_own_way() {
        use TsvStyle::{Escaped, Plain, Quoted};
        // A raw export of news: the text opens with a quotation. Read with
        // CSV quoting, its marks were taken for quoting and dropped, and
        // with them the quote: now the record is rejected, and says why.
        let raw = "id\ttext\na\t\"We are ready,\" she said.\n";
        let quoted = "id\ttext\na\t\"\"\"We\tare\nready,\"\" she said.\"\n";
        let escaped = "id\ttext\na\t\"We\\tare\\nready,\" she\\\\said.\\q\nb\t\\N\n";
        let cases: [(&str, TsvStyle, &[&str]); 6] = [
            (raw, Plain, &["\"We are ready,\" she said."]),
            (raw, Escaped, &["\"We are ready,\" she said."]),
            (
                raw,
                Quoted,
                &[
                    "rejected in.tsv:2: malformed CSV: a quoted field goes on after its \
                   closing quote (byte 18 of the record); if the file is not quoted as CSV \
                   is, read it with --tsv-style plain or escaped",
                ],
            ),
            (quoted, Quoted, &["\"We\tare\nready,\" she said."]),
            (escaped, Escaped, &["\"We\tare\nready,\" she\\said.\\q", ""]),
            (
                escaped,
                Plain,
                &["\"We\\tare\\nready,\" she\\\\said.\\q", "\\N"],
            ),
        ];
        for (input, style, want) in cases {
            assert_eq!(
                tsv_texts(input, style, 1 << 20),
                want,
                "{style:?}: {input:?}"
            );
        }
    }

    #[test]
    fn a_quoted_field_that_goes_on_after_its_closing_quote_is_found() {
        for (record, want) in [
            ("a,\"We are ready,\" she said.\n", Some(17)),
            ("\"x\"y,b", Some(3)),
            ("a,\"x\"\"\"y", Some(7)),
            // Well-formed: doubled quotes, quotes inside an unquoted field,
            // a quoted field last, with or without its newline.
            ("a,\"One, \"\"two\"\"\"\r\n", None),
            ("a,say \"no\" twice,\"x\"", None),
            ("\"\",\"\"\n", None),
            ("a,\"\"\"\"", None),
            ("a,b,", None),
            ("", None),
            // Never closed: the parser's own error, not this one.
            ("a,\"open", None),
        ] {
            assert_eq!(
                text_after_closing_quote(record.as_bytes(), b','),
                want,
                "{record:?}"
            );
        }
        assert_eq!(text_after_closing_quote(b"a\t\"x\"\tb", b'\t'), None);
        assert_eq!(text_after_closing_quote(b"a\t\"x\",b", b'\t'), Some(5));
    }

    #[test]
    fn a_csv_record_whose_quoted_field_goes_on_is_rejected_verbatim() {
        let input = "id,text\na,\"Yes,\" he said.\nb,\"\"\"Yes,\"\" he said.\"\n";
        let records = read_all(input, ReadOptions::default());
        let Ok(Record::Rejected(r)) = &records[0] else {
            panic!("{records:?}")
        };
        assert_eq!(
            (r.location.line, r.raw.as_slice()),
            (2, &b"a,\"Yes,\" he said."[..])
        );
        assert!(
            r.reason.contains("each quote in it doubled"),
            "{}",
            r.reason
        );
        let Ok(Record::Article(b)) = &records[1] else {
            panic!("{records:?}")
        };
        assert_eq!(b.text, "\"Yes,\" he said.");
    }

    #[test]
    fn unescape_decodes_four_escapes_and_keeps_every_other_backslash() {
        for (field, want) in [
            ("plain", "plain"),
            ("a\\tb\\nc\\rd\\\\e", "a\tb\nc\rd\\e"),
            ("\\N", ""),
            ("\\Nope", "\\Nope"),
            ("end\\", "end\\"),
            ("\\\\n", "\\n"),
            ("\\x41 \\\"", "\\x41 \\\""),
        ] {
            assert_eq!(unescape(field.as_bytes()), want.as_bytes(), "{field:?}");
        }
    }

    #[test]
    fn a_stray_quote_in_a_plain_tsv_record_over_the_limit_ends_at_its_newline() {
        // Under CSV quoting the quote would open a field running to the end.
        let input = format!("id\ttext\na\t\"{}\nb\tnext\n", "y".repeat(3000));
        let texts = tsv_texts(&input, TsvStyle::Plain, 2000);
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(
            texts[0].starts_with("rejected in.tsv:2: record of 3003 bytes"),
            "{}",
            texts[0]
        );
        assert_eq!(texts[1], "next");
        let texts = tsv_texts(&input, TsvStyle::Quoted, 2000);
        assert_eq!(texts.len(), 1, "{texts:?}");
    }
}
