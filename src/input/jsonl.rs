//! JSON Lines: one object per line; only the wanted keys are decoded.

use std::fmt;
use std::io::BufRead;
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::flat_json;
use super::source::{RecordReader, read_error_reason};
use super::{Article, InputError, Location, Raw, RawRecord, ReadOptions, Record, Rejected};

pub(super) struct JsonlReader {
    input: Box<dyn BufRead + Send>,
    file: String,
    options: Arc<ReadOptions>,
    line: u64,
    buf: Vec<u8>,
    done: bool,
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
            buf: Vec::new(),
            done: false,
        }
    }
}

impl RecordReader for JsonlReader {
    fn next_record(&mut self) -> Option<Result<RawRecord, InputError>> {
        while !self.done {
            // A line is read straight into the Vec it is handed on in (a copy
            // from one to the other was a third of the reader's work).
            if self.buf.capacity() > 4 << 20 {
                // A huge blank line must not pin its buffer for the next line.
                self.buf = Vec::new();
            }
            self.buf.clear();
            self.line += 1;
            let location = Location {
                file: self.file.clone(),
                line: self.line,
            };
            match read_line(&mut *self.input, &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    let mut line = trim_newline(&self.buf);
                    if self.line == 1 {
                        // Files saved by Windows tools often start with a byte order mark.
                        line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
                    }
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let range = subslice_range(&self.buf, line);
                    let mut owned = std::mem::take(&mut self.buf);
                    owned.truncate(range.end);
                    owned.drain(..range.start);
                    if owned.capacity() - owned.len() > owned.len() / 8 {
                        // Grown by doubling across buffer refills, or left
                        // from a long blank line: the slack of a batch of
                        // such lines showed in peak RSS. (Shrinking is done
                        // in place by the allocator.)
                        owned.shrink_to_fit();
                    }
                    // Decoded later, on a worker thread (see RawRecord).
                    return Some(Ok(RawRecord(Raw::JsonLine {
                        line: owned,
                        location,
                        options: Arc::clone(&self.options),
                    })));
                }
                Err(err) => {
                    self.done = true;
                    return Some(Ok(Record::Rejected(Rejected {
                        location,
                        reason: read_error_reason(&err),
                        raw: trim_newline(&self.buf).to_vec(),
                    })
                    .into()));
                }
            }
        }
        None
    }
}

/// `BufRead::read_until(b'\n')`, with the newline found by the memchr
/// crate's vector search: `read_until` uses core's word-at-a-time
/// `memchr`, three fifths of the reading thread's instructions (5.7M of
/// 9.3M on 5 MB of JSONL), and the reader competes with the workers when
/// every core is busy.
fn read_line(input: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let (done, used) = {
            let available = match input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            match memchr::memchr(b'\n', available) {
                Some(i) => {
                    // Sized once the line's end is in sight: sized for a line
                    // like the last one instead, half the lines outgrew their
                    // Vec and were copied twice more (grown, then shrunk).
                    buf.reserve_exact(i + 1);
                    buf.extend_from_slice(&available[..=i]);
                    (true, i + 1)
                }
                None => {
                    buf.extend_from_slice(available);
                    (available.is_empty(), available.len())
                }
            }
        };
        input.consume(used);
        read += used;
        if done {
            return Ok(read);
        }
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

    #[test]
    fn lines_are_split_as_read_until_splits_them_across_buffer_refills() {
        let inputs: [&[u8]; 6] = [
            b"",
            b"\n",
            b"{\"text\": \"one\"}\n{\"text\": \"two\"}\n",
            b"no newline at the end",
            b"a line far longer than the reader's buffer of seven bytes\n\nshort\r\n",
            "“curly” quotes and é across refills\nx".as_bytes(),
        ];
        for input in inputs {
            for capacity in [1, 7, 64] {
                let lines = |f: fn(&mut dyn BufRead, &mut Vec<u8>) -> std::io::Result<usize>| {
                    let mut reader = std::io::BufReader::with_capacity(capacity, input);
                    let mut out = Vec::new();
                    loop {
                        let mut buf = Vec::new();
                        let n = f(&mut reader, &mut buf).unwrap();
                        assert_eq!(n, buf.len());
                        if n == 0 {
                            return out;
                        }
                        out.push(buf);
                    }
                };
                let ours = lines(read_line);
                let std = lines(|r, b| r.read_until(b'\n', b));
                assert_eq!(
                    ours,
                    std,
                    "{:?} with a buffer of {capacity}",
                    String::from_utf8_lossy(input)
                );
            }
        }
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
        // Long then short lines: each line's own Vec, sized from the last one,
        // must hold that line alone.
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
