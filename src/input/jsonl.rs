//! JSON Lines: one object per line; only the wanted keys are decoded.

use std::fmt;
use std::io::{BufRead, Read};
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::flat_json;
use super::source::{RecordReader, read_error_reason};
use super::{
    Article, InputError, KEPT_OF_OVERSIZED, Location, Raw, RawRecord, ReadOptions, Record,
    Rejected, oversized_reason,
};

/// The bytes a chunk of input is read in.
const CHUNK: usize = 1 << 20;

/// Chunks kept for reuse once all their lines are decoded.
const POOL: usize = 16;

/// Reads JSON lines in chunks of about a megabyte, read straight from the
/// input into the chunk; each line is handed on as a range of its chunk.
/// A line copied into a Vec of its own cost a copy of every byte and an
/// allocation a line, most of the reading thread's work (3.6M
/// instructions on 5 MB).
pub(super) struct JsonlReader {
    input: Box<dyn BufRead + Send>,
    file: String,
    options: Arc<ReadOptions>,
    line: u64,
    /// The chunk lines are cut from; `chunk[..filled]` holds input.
    chunk: Arc<Vec<u8>>,
    filled: usize,
    /// Where the next line starts in `chunk`.
    pos: usize,
    /// Chunks handed on, reused once no line of theirs is left: a new
    /// chunk is zeroed before it can be read into.
    pool: Vec<Arc<Vec<u8>>>,
    chunk_size: usize,
    eof: bool,
    /// A read error, reported once the lines read before it are handed on.
    error: Option<std::io::Error>,
    done: bool,
}

/// A line of input as [`JsonlReader::next_line`] finds it.
enum Line {
    /// A line, its newline included, as a range of the chunk.
    Whole(std::ops::Range<usize>),
    /// A line over the limit, passed over: its first bytes, and its length
    /// without the newline.
    Over { head: Vec<u8>, len: u64 },
}

impl JsonlReader {
    pub(super) fn new(
        input: Box<dyn BufRead + Send>,
        file: String,
        options: Arc<ReadOptions>,
    ) -> JsonlReader {
        JsonlReader {
            input,
            file,
            options,
            line: 0,
            chunk: Arc::new(Vec::new()),
            filled: 0,
            pos: 0,
            pool: Vec::new(),
            chunk_size: CHUNK,
            eof: false,
            error: None,
            done: false,
        }
    }

    /// The next line, its newline included, as a range of `chunk`;
    /// `None` at the end of the input.
    fn next_line(&mut self) -> std::io::Result<Option<Line>> {
        let mut scanned = self.pos;
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.chunk[scanned..self.filled]) {
                let start = self.pos;
                self.pos = scanned + i + 1;
                return Ok(Some(self.whole_or_over(start..self.pos)));
            }
            if let Some(err) = self.error.take() {
                // What is left is the line the error cut short.
                return Err(err);
            }
            if self.eof {
                let start = self.pos;
                self.pos = self.filled;
                return Ok((start < self.filled).then(|| self.whole_or_over(start..self.filled)));
            }
            if self.filled - self.pos > self.options.max_record_bytes {
                return Ok(Some(self.pass_over_line()));
            }
            scanned = self.filled - self.pos;
            self.refill();
        }
    }

    /// The line at `range` of `chunk`, or what is kept of it when it is
    /// over the limit (a limit below a chunk's size sees whole lines).
    fn whole_or_over(&self, range: std::ops::Range<usize>) -> Line {
        let len = trim_newline(&self.chunk[range.clone()]).len();
        if len <= self.options.max_record_bytes {
            return Line::Whole(range);
        }
        let kept = range.start..range.start + KEPT_OF_OVERSIZED.min(len);
        Line::Over {
            head: self.chunk[kept].to_vec(),
            len: len as u64,
        }
    }

    /// The line from `pos`, already longer than the limit and not ended
    /// in `chunk`: read on to its end in chunks of the usual size, one at
    /// a time, keeping only its first bytes. (A read error met on the way
    /// ends it, and is reported next, as the line after it.)
    fn pass_over_line(&mut self) -> Line {
        let mut head = Vec::with_capacity(KEPT_OF_OVERSIZED);
        let mut len = 0u64;
        // The byte before the newline: a \r there is no part of the line.
        let mut last = 0;
        let mut from = self.pos;
        loop {
            let part = &self.chunk[from..self.filled];
            let end = memchr::memchr(b'\n', part);
            let line = &part[..end.unwrap_or(part.len())];
            head.extend_from_slice(&line[..line.len().min(KEPT_OF_OVERSIZED - head.len())]);
            len += line.len() as u64;
            last = line.last().copied().unwrap_or(last);
            if let Some(i) = end {
                self.pos = from + i + 1;
                break;
            }
            self.pos = self.filled;
            if self.eof || self.error.is_some() {
                break;
            }
            self.refill();
            from = 0;
        }
        if last == b'\r' && self.chunk[..self.pos].ends_with(b"\n") {
            len -= 1;
            head.truncate(len as usize);
        }
        Line::Over { head, len }
    }

    /// A new chunk, starting with the unfinished line of the last one and
    /// filled from the input as far as it goes (up to an error, kept for
    /// [`Self::next_line`]).
    fn refill(&mut self) {
        let unfinished = self.filled - self.pos;
        let size = self.chunk_size.max(2 * unfinished);
        let reused = self
            .pool
            .iter()
            .position(|c| Arc::strong_count(c) == 1 && c.len() >= size)
            .and_then(|k| Arc::try_unwrap(self.pool.swap_remove(k)).ok());
        let mut next = reused.unwrap_or_else(|| vec![0; size]);
        next[..unfinished].copy_from_slice(&self.chunk[self.pos..self.filled]);
        let mut filled = unfinished;
        // Filled to the end, not just once: a pipe gives 64 KB a read, and
        // a chunk is not read into again once its lines are handed on.
        while filled < next.len() {
            match self.input.read(&mut next[filled..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.error = Some(e);
                    break;
                }
            }
        }
        let old = std::mem::replace(&mut self.chunk, Arc::new(next));
        // Only chunks of the usual size: one grown for a huge line must not
        // pin its memory for the rest of the run.
        if self.pool.len() < POOL && old.len() == self.chunk_size {
            self.pool.push(old);
        }
        self.pos = 0;
        self.filled = filled;
    }
}

impl RecordReader for JsonlReader {
    fn next_record(&mut self) -> Option<Result<RawRecord, InputError>> {
        while !self.done {
            self.line += 1;
            match self.next_line() {
                Ok(None) => self.done = true,
                Ok(Some(Line::Over { head, len })) => {
                    return Some(Ok(Record::Rejected(Rejected {
                        location: self.location(),
                        reason: oversized_reason(len, self.options.max_record_bytes),
                        raw: head,
                    })
                    .into()));
                }
                Ok(Some(Line::Whole(range))) => {
                    let whole = &self.chunk[range.clone()];
                    let mut line = trim_newline(whole);
                    if self.line == 1 {
                        // Files saved by Windows tools often start with a byte order mark.
                        line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
                    }
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let start = range.start + subslice_range(whole, line).start;
                    let line = SharedLine {
                        chunk: Arc::clone(&self.chunk),
                        range: start..start + line.len(),
                    };
                    // Decoded later, on a worker thread (see RawRecord).
                    return Some(Ok(RawRecord(Raw::JsonLine {
                        line,
                        location: self.location(),
                        options: Arc::clone(&self.options),
                    })));
                }
                Err(err) => {
                    self.done = true;
                    return Some(Ok(Record::Rejected(Rejected {
                        location: self.location(),
                        reason: read_error_reason(&err),
                        raw: trim_newline(&self.chunk[self.pos..self.filled]).to_vec(),
                    })
                    .into()));
                }
            }
        }
        None
    }
}

impl JsonlReader {
    fn location(&self) -> Location {
        Location {
            file: self.file.clone(),
            line: self.line,
        }
    }
}

/// One line of input, in the chunk it was read in.
pub(super) struct SharedLine {
    chunk: Arc<Vec<u8>>,
    range: std::ops::Range<usize>,
}

impl SharedLine {
    pub(super) fn bytes(&self) -> &[u8] {
        &self.chunk[self.range.clone()]
    }
}

impl fmt::Debug for SharedLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(self.bytes()))
    }
}

/// Where `part`, a subslice of `whole`, lies in it.
fn subslice_range(whole: &[u8], part: &[u8]) -> std::ops::Range<usize> {
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    start..start + part.len()
}

fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Decodes one line into an article, or says why it cannot.
pub(super) fn parse_line(line: &[u8], location: Location, options: &ReadOptions) -> Record {
    let reject = |reason: String| {
        Record::Rejected(Rejected {
            location: location.clone(),
            reason,
            raw: line.to_vec(),
        })
    };
    let parsed = match flat_json::fields(line, options) {
        Some(fields) => Ok(fields),
        None => serde_fields(line, options),
    };
    let fields = match parsed {
        Ok(fields) => fields,
        Err(err) => return reject(json_reason(&err)),
    };
    let text = match fields.text {
        Some(Ok(text)) => text,
        Some(Err(kind)) => {
            return reject(format!(
                "field `{}` is {kind}, not a string",
                options.text_field
            ));
        }
        None => return reject(format!("no field `{}`", options.text_field)),
    };
    let id = match fields.id {
        Some(id) if !id.is_empty() => id,
        _ => location.to_string(),
    };
    Record::Article(Article {
        id,
        meta: fields
            .meta
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
        text,
        location,
    })
}

/// The wanted fields of `line`, read by serde_json: what [`flat_json`]
/// leaves to it, and the reading that words the errors.
pub(super) fn serde_fields(
    line: &[u8],
    options: &ReadOptions,
) -> Result<Extracted, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(line);
    (Fields { options })
        .deserialize(&mut de)
        .and_then(|f| de.end().map(|()| f))
}

/// serde_json's message without its "at line 1 column N" (always line 1
/// here: the line number that matters is the file's).
fn json_reason(err: &serde_json::Error) -> String {
    let msg = err.to_string();
    let msg = match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => &msg,
    };
    format!("malformed JSON: {msg} (column {})", err.column())
}

/// The wanted fields of one object; `text` is `Err(kind)` when not a string.
pub(super) struct Extracted {
    pub(super) text: Option<Result<String, &'static str>>,
    pub(super) id: Option<String>,
    pub(super) meta: Vec<Option<String>>,
}

/// Decodes a JSON object, keeping only the text, id and meta fields and
/// skipping everything else without allocating for it.
struct Fields<'o> {
    options: &'o ReadOptions,
}

impl<'de> DeserializeSeed<'de> for Fields<'_> {
    type Value = Extracted;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Extracted, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Fields<'_> {
    type Value = Extracted;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Extracted, A::Error> {
        let o = self.options;
        let mut out = Extracted {
            text: None,
            id: None,
            meta: vec![None; o.meta.len()],
        };
        while let Some(key) = map.next_key_seed(KeySeed { options: o })? {
            match key {
                Key::Text => out.text = Some(map.next_value_seed(TextSeed)?),
                Key::Id => out.id = map.next_value::<serde_json::Value>()?.into_cell(),
                Key::Meta(i) => {
                    out.meta[i] = map.next_value::<serde_json::Value>()?.into_cell();
                    // One key may be both id and meta (`--meta id`): the
                    // value was consumed, so copy it over.
                    if o.meta[i] == o.id_field {
                        out.id = out.meta[i].clone();
                    }
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

pub(super) enum Key {
    Text,
    Id,
    Meta(usize),
    Other,
}

/// Which wanted field, if any, `key` names (a meta field wins over the id).
pub(super) fn classify(key: &str, o: &ReadOptions) -> Key {
    if key == o.text_field {
        Key::Text
    } else if let Some(i) = o.meta.iter().position(|m| m == key) {
        Key::Meta(i)
    } else if key == o.id_field {
        Key::Id
    } else {
        Key::Other
    }
}

struct KeySeed<'o> {
    options: &'o ReadOptions,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(classify(key, self.options))
    }
}

/// A string, or the name of the JSON type found instead.
struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Result<String, &'static str>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Result<String, &'static str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Ok(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Ok(v))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err("null"))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Err("an object"))
    }
}

trait IntoCell {
    fn into_cell(self) -> Option<String>;
}

impl IntoCell for serde_json::Value {
    /// A value as a cell: strings as they are, `null` as absent, anything
    /// else as its JSON text (a numeric id `17` becomes `17`).
    fn into_cell(self) -> Option<String> {
        match self {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s),
            other => Some(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str, options: &ReadOptions) -> Record {
        let loc = Location {
            file: "in.jsonl".into(),
            line: 7,
        };
        parse_line(line.as_bytes(), loc, options)
    }

    fn reason(line: &str) -> String {
        match parse(line, &ReadOptions::default()) {
            Record::Rejected(r) => {
                assert_eq!(r.raw, line.as_bytes(), "raw bytes kept unchanged");
                r.reason
            }
            Record::Article(a) => panic!("{line:?} was read as {a:?}"),
        }
    }

    /// The lines a reader with chunks of `chunk_size` bytes hands on, with
    /// their line numbers.
    fn lines_read(input: &[u8], chunk_size: usize) -> Vec<(u64, Vec<u8>)> {
        let mut reader = JsonlReader::new(
            Box::new(std::io::Cursor::new(input.to_vec())),
            "in.jsonl".into(),
            Arc::new(ReadOptions::default()),
        );
        reader.chunk_size = chunk_size;
        std::iter::from_fn(|| reader.next_record())
            .map(|r| match r.unwrap().0 {
                Raw::JsonLine { line, location, .. } => (location.line, line.bytes().to_vec()),
                Raw::Decoded(r) => panic!("{r:?}"),
            })
            .collect()
    }

    #[test]
    fn lines_are_split_as_read_until_splits_them_across_chunks() {
        let inputs: [&[u8]; 7] = [
            b"",
            b"\n",
            b"{\"text\": \"one\"}\n{\"text\": \"two\"}\n",
            b"no newline at the end",
            b"a line far longer than the reader's chunk of seven bytes\n\nshort\r\n",
            "“curly” quotes and é across chunks\nx".as_bytes(),
            b"\n\n  \nab\ncd\n\nefgh\r\n\r\nlast",
        ];
        for input in inputs {
            // What std's read_until gives, without the line ends, blank
            // lines left out.
            let mut want = Vec::new();
            let mut cursor = std::io::Cursor::new(input);
            for number in 1.. {
                let mut line = Vec::new();
                if cursor.read_until(b'\n', &mut line).unwrap() == 0 {
                    break;
                }
                let line = trim_newline(&line);
                if !line.iter().all(u8::is_ascii_whitespace) {
                    want.push((number, line.to_vec()));
                }
            }
            for chunk_size in [1, 2, 7, 64, CHUNK] {
                assert_eq!(
                    lines_read(input, chunk_size),
                    want,
                    "{:?} in chunks of {chunk_size}",
                    String::from_utf8_lossy(input)
                );
            }
        }
    }

    /// Each record a reader with a limit of `limit` bytes and chunks of
    /// `chunk_size` hands on: `Ok(line, bytes)` for a line, `Err(line,
    /// kept bytes, reason)` for one rejected; and the largest chunk it
    /// held.
    #[allow(clippy::type_complexity)]
    fn limited(
        input: &[u8],
        limit: usize,
        chunk_size: usize,
    ) -> (Vec<Result<(u64, Vec<u8>), (u64, Vec<u8>, String)>>, usize) {
        let options = ReadOptions {
            max_record_bytes: limit,
            ..ReadOptions::default()
        };
        let mut reader = JsonlReader::new(
            Box::new(std::io::Cursor::new(input.to_vec())),
            "in.jsonl".into(),
            Arc::new(options),
        );
        reader.chunk_size = chunk_size;
        let mut largest = 0;
        let mut out = Vec::new();
        while let Some(r) = reader.next_record() {
            largest = largest.max(reader.chunk.len());
            out.push(match r.unwrap().0 {
                Raw::JsonLine { line, location, .. } => Ok((location.line, line.bytes().to_vec())),
                Raw::Decoded(Record::Rejected(r)) => Err((r.location.line, r.raw, r.reason)),
                Raw::Decoded(r) => panic!("{r:?}"),
            });
        }
        (out, largest)
    }

    #[test]
    fn a_line_over_the_limit_is_rejected_and_passed_over_not_held() {
        // A dump with one corrupt line of 5,000 bytes (no newline where
        // one belonged) between good ones, with a limit of 1,500 bytes.
        let long = format!("{{\"text\": \"{}\"}}", "x".repeat(4988));
        assert_eq!(long.len(), 5000);
        let input = format!("{{\"text\": \"a\"}}\n{long}\n\n{{\"text\": \"b\"}}\r\n{long}");
        let reason = oversized_reason(5000, 1500);
        assert!(
            reason.contains("5000 bytes, over the limit of 1500"),
            "{reason}"
        );
        let kept = long.as_bytes()[..KEPT_OF_OVERSIZED].to_vec();
        let want = vec![
            Ok((1, b"{\"text\": \"a\"}".to_vec())),
            Err((2, kept.clone(), reason.clone())),
            Ok((4, b"{\"text\": \"b\"}".to_vec())),
            // The last line, with no newline.
            Err((5, kept, reason)),
        ];
        for chunk_size in [7, 64, 1000, CHUNK] {
            let (got, largest) = limited(input.as_bytes(), 1500, chunk_size);
            assert_eq!(got, want, "chunks of {chunk_size}");
            // Never grown to hold the long line whole: at most twice what
            // passed the limit.
            assert!(
                largest <= chunk_size.max(2 * 1500 + 2 * chunk_size),
                "{largest}"
            );
        }
        // A limit under the bytes kept, met in a chunk that holds fewer:
        // they are gathered from the chunks after (once only the chunk's
        // few were).
        let (got, _) = limited(format!("{long}\r\n").as_bytes(), 100, 7);
        assert_eq!(
            got,
            [Err((
                1,
                long.as_bytes()[..KEPT_OF_OVERSIZED].to_vec(),
                oversized_reason(5000, 100)
            ))]
        );
        // At the limit, a line is read; a byte over, it is not.
        let (got, _) = limited(long.as_bytes(), 5000, 64);
        assert_eq!(got, [Ok((1, long.as_bytes().to_vec()))]);
        let (got, _) = limited(long.as_bytes(), 4999, 64);
        assert!(
            matches!(&got[..], [Err((1, _, r))] if r.contains("5000 bytes")),
            "{got:?}"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(300))]

        /// Lines of every length around the limit and the chunk, read in
        /// chunks of every size: each over the limit is rejected with its
        /// length and first bytes, each other read as it is.
        #[test]
        fn every_line_over_the_limit_and_no_other_is_rejected(
            lengths in proptest::collection::vec(0usize..3_000, 1..8),
            limit in 1usize..2_000,
            chunk_size in proptest::sample::select(&[1usize, 7, 64, 1_000, CHUNK][..]),
            crlf in proptest::bool::ANY,
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let lines: Vec<Vec<u8>> = lengths
                .iter()
                .enumerate()
                .map(|(k, &n)| format!("{k}{}", "q".repeat(n)).into_bytes())
                .collect();
            let input: Vec<u8> = lines.iter().flat_map(|l| [&l[..], end.as_bytes()].concat()).collect();
            let want: Vec<_> = lines
                .iter()
                .zip(1..)
                .map(|(l, n)| {
                    if l.len() > limit {
                        Err((n, l[..KEPT_OF_OVERSIZED.min(l.len())].to_vec(), oversized_reason(l.len() as u64, limit)))
                    } else {
                        Ok((n, l.clone()))
                    }
                })
                .collect();
            let (got, _) = limited(&input, limit, chunk_size);
            proptest::prop_assert_eq!(got, want);
        }
    }

    /// Gives its bytes, then an error.
    struct FailingAfter(std::io::Cursor<Vec<u8>>);

    impl Read for FailingAfter {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::other("cut short")),
                n => Ok(n),
            }
        }
    }

    #[test]
    fn a_read_error_comes_after_the_lines_read_before_it() {
        let input = "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"c"
            .as_bytes()
            .to_vec();
        for chunk_size in [4, 64, CHUNK] {
            let mut reader = JsonlReader::new(
                Box::new(std::io::BufReader::new(FailingAfter(std::io::Cursor::new(
                    input.clone(),
                )))),
                "in.jsonl".into(),
                Arc::new(ReadOptions::default()),
            );
            reader.chunk_size = chunk_size;
            let records: Vec<Record> = std::iter::from_fn(|| reader.next_record())
                .map(|r| r.unwrap().decode())
                .collect();
            assert_eq!(records.len(), 3, "chunks of {chunk_size}");
            assert!(matches!(&records[1], Record::Article(a) if a.text == "b"));
            let Record::Rejected(r) = &records[2] else {
                panic!("{:?}", records[2])
            };
            assert_eq!(r.location.line, 3);
            assert_eq!(r.raw, b"{\"text\":\"c");
            assert!(r.reason.starts_with("cannot read further"), "{}", r.reason);
        }
    }

    #[test]
    fn chunks_are_reused_once_their_lines_are_gone() {
        let input = "{\"text\":\"abc\"}\n".repeat(100);
        let mut reader = JsonlReader::new(
            Box::new(std::io::Cursor::new(input.into_bytes())),
            "in.jsonl".into(),
            Arc::new(ReadOptions::default()),
        );
        reader.chunk_size = 40;
        let mut kept = Vec::new();
        let mut n = 0;
        while let Some(record) = reader.next_record() {
            n += 1;
            // Every other line is kept undecoded: its chunk must stay as it
            // was while the others are reused.
            let record = record.unwrap();
            if n % 2 == 0 {
                kept.push(record);
                continue;
            }
            match record.decode() {
                Record::Article(a) => assert_eq!(a.text, "abc"),
                Record::Rejected(r) => panic!("{r:?}"),
            }
        }
        assert_eq!(n, 100);
        for record in kept {
            assert!(matches!(record.decode(), Record::Article(a) if a.text == "abc"));
        }
        assert!(reader.pool.len() <= POOL);
    }

    #[test]
    fn bad_lines_are_rejected_with_a_reason() {
        let cases = [
            ("{\"id\": 1, \"text\": ", "malformed JSON"),
            ("{\"id\": 1}", "no field `text`"),
            ("{\"text\": 42}", "field `text` is a number, not a string"),
            ("{\"text\": null}", "field `text` is null, not a string"),
            (
                "{\"text\": [\"a\"]}",
                "field `text` is an array, not a string",
            ),
            ("[1, 2]", "malformed JSON: invalid type"),
            (
                "{\"text\": \"a\"} trailing",
                "malformed JSON: trailing characters",
            ),
            ("{\"text\": \"\\ud800\"}", "malformed JSON"),
        ];
        for (line, want) in cases {
            let got = reason(line);
            assert!(got.starts_with(want), "{line:?}: {got}");
        }
    }

    #[test]
    fn id_meta_and_default_id() {
        let options = ReadOptions {
            meta: vec!["date".into(), "url".into(), "id".into()],
            ..ReadOptions::default()
        };
        let line = r#"{"url":"http://x","id":17,"extra":{"deep":[1,2]},"text":"Hi \"there\"","date":null}"#;
        let Record::Article(a) = parse(line, &options) else {
            panic!("rejected")
        };
        assert_eq!(a.id, "17");
        assert_eq!(a.text, "Hi \"there\"");
        assert_eq!(a.meta, ["", "http://x", "17"]);
        let Record::Article(a) = parse(r#"{"text":"x","id":""}"#, &options) else {
            panic!("rejected")
        };
        assert_eq!(a.id, "in.jsonl:7", "an empty id falls back to file:line");
    }

    #[test]
    fn a_byte_order_mark_on_the_first_line_is_not_json() {
        let input = "\u{feff}{\"id\":\"a\",\"text\":\"x\"}\n\u{feff}{\"text\":\"y\"}\n";
        let mut reader = JsonlReader::new(
            Box::new(std::io::Cursor::new(input.as_bytes().to_vec())),
            "in.jsonl".into(),
            Arc::new(ReadOptions::default()),
        );
        let records: Vec<Record> = std::iter::from_fn(|| reader.next_record())
            .map(|r| r.unwrap().decode())
            .collect();
        assert!(matches!(&records[0], Record::Article(a) if a.id == "a"));
        // Only at the start of the file: elsewhere it is a malformed line.
        assert!(matches!(&records[1], Record::Rejected(r) if r.location.line == 2));
    }

    #[test]
    fn lines_are_cut_at_any_line_ending_and_blank_lines_skipped() {
        // Long then short lines, and every kind of line end.
        let long = "x".repeat(5000);
        let input =
            format!("{{\"text\":\"{long}\"}}\r\n\n   \r\n{{\"text\":\"b\"}}\n{{\"text\":\"c\"}}");
        let mut reader = JsonlReader::new(
            Box::new(std::io::Cursor::new(input.into_bytes())),
            "in.jsonl".into(),
            Arc::new(ReadOptions::default()),
        );
        let records: Vec<(u64, String)> = std::iter::from_fn(|| reader.next_record())
            .map(|r| match r.unwrap().decode() {
                Record::Article(a) => (a.location.line, a.text),
                Record::Rejected(r) => panic!("rejected: {r:?}"),
            })
            .collect();
        assert_eq!(
            records,
            [(1, long), (4, "b".to_string()), (5, "c".to_string())]
        );
    }

    #[test]
    fn custom_text_and_id_fields() {
        let options = ReadOptions {
            text_field: "body".into(),
            id_field: "uid".into(),
            ..ReadOptions::default()
        };
        let Record::Article(a) = parse(r#"{"uid":"u1","text":"no","body":"yes"}"#, &options) else {
            panic!("rejected")
        };
        assert_eq!((a.id.as_str(), a.text.as_str()), ("u1", "yes"));
    }
}
