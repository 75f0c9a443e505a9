//! Reading articles from JSONL, CSV/TSV, text files and directories, plain or gzip.
//!
//! [`Inputs::open`] checks every path named on the command line up front (an
//! unreadable path is an [`InputError`], fatal); [`Inputs::records`] then
//! streams [`Record`]s: an [`Article`] for every record that could be read,
//! a [`Rejected`] (file, line, reason, the raw bytes) for every one that
//! could not, so one bad line never stops a run over millions.
//!
//! ```
//! use saidby::input::{Inputs, ReadOptions, Record};
//! let dir = std::env::temp_dir().join(format!("saidby-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("a.jsonl");
//! std::fs::write(&path, "{\"id\":\"a1\",\"text\":\"Hi.\"}\nnot json\n").unwrap();
//! let inputs = Inputs::open(&[path], &ReadOptions::default()).unwrap();
//! let records: Vec<Record> = inputs.records().collect::<Result<_, _>>().unwrap();
//! assert!(matches!(&records[0], Record::Article(a) if a.id == "a1" && a.text == "Hi."));
//! assert!(matches!(&records[1], Record::Rejected(r) if r.location.line == 2));
//! std::fs::remove_dir_all(&dir).unwrap();
//! ```

mod csv;
mod flat_json;
mod jsonl;
mod source;
mod text;

use std::path::PathBuf;

pub use source::{InputFormat, Inputs, RawRecords, Records};

/// `String::from_utf8` of `bytes[skip..]`, checked by the simdutf8 crate's
/// vector search: std's check reads 1.1 instructions a byte, and every
/// article's text passes through it (1% of a JSONL run). The bytes are
/// handed back whole when they are not UTF-8.
fn utf8_string(mut bytes: Vec<u8>, skip: usize) -> Result<String, Vec<u8>> {
    if bytes
        .get(skip..)
        .is_none_or(|b| simdutf8::basic::from_utf8(b).is_err())
    {
        return Err(bytes);
    }
    bytes.drain(..skip);
    // SAFETY: these bytes were found to be UTF-8 just above.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Where a record came from, for error messages and default ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The input as named on the command line (`-` for stdin); for a file
    /// found in a directory, the directory joined with its relative path.
    pub file: String,
    /// 1-based line (JSONL, CSV) where the record starts; 0 for whole-file inputs.
    pub line: u64,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// One article, as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    /// The article's id (`<file>:<line>` when the input has none).
    pub id: String,
    /// Values of the `--meta` fields, in the order asked for (empty when absent).
    pub meta: Vec<String>,
    /// The text, exactly as decoded: all offsets index it.
    pub text: String,
    pub location: Location,
}

/// A record that could not be read, kept whole so it can be fixed and re-run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub location: Location,
    /// Why, in a few words ("malformed JSON: ...", "text field is a number").
    pub reason: String,
    /// The record's bytes exactly as in the (decompressed) input, without its
    /// line terminator.
    pub raw: Vec<u8>,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.reason)
    }
}

/// What reading yields: an article, or a record that had to be skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Article(Article),
    Rejected(Rejected),
}

/// A record as read, maybe not yet decoded.
///
/// Decoding a JSON line is most of reading's work; a `RawRecord` lets it
/// run on whatever thread extracts the article (see
/// [`Records::raw`]) instead of on the single reading thread.
/// [`RawRecord::decode`] gives exactly the [`Record`] that
/// [`Inputs::records`] would have.
#[derive(Debug)]
pub struct RawRecord(Raw);

#[derive(Debug)]
enum Raw {
    Decoded(Record),
    JsonLine {
        line: jsonl::SharedLine,
        location: Location,
        options: std::sync::Arc<ReadOptions>,
    },
}

impl RawRecord {
    /// The record, decoded.
    pub fn decode(self) -> Record {
        match self.0 {
            Raw::Decoded(record) => record,
            Raw::JsonLine {
                line,
                location,
                options,
            } => jsonl::parse_line(line.bytes(), location, &options),
        }
    }

    /// Bytes of the record: its text once decoded, its raw bytes before.
    pub fn size(&self) -> usize {
        match &self.0 {
            Raw::Decoded(Record::Article(a)) => a.text.len(),
            Raw::Decoded(Record::Rejected(r)) => r.raw.len(),
            Raw::JsonLine { line, .. } => line.bytes().len(),
        }
    }
}

impl From<Record> for RawRecord {
    fn from(record: Record) -> RawRecord {
        RawRecord(Raw::Decoded(record))
    }
}

/// How records are read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Forces the format of every input instead of telling it by extension.
    pub format: Option<InputFormat>,
    /// The JSON key or CSV column holding the text.
    pub text_field: String,
    /// The JSON key or CSV column holding the id.
    pub id_field: String,
    /// Fields copied to [`Article::meta`], in this order.
    pub meta: Vec<String>,
    /// The most bytes one record may hold ([`DEFAULT_MAX_RECORD_BYTES`]
    /// by default). A longer one is rejected with its first
    /// [`KEPT_OF_OVERSIZED`] bytes and passed over without being held
    /// whole: one corrupt line with no newline in a dump of many GB must
    /// not take all the memory. (Extracting a record takes several times
    /// its size again: about 6 bytes a byte of news text, up to 60 for
    /// text that is all quotes.)
    pub max_record_bytes: usize,
    /// How a TSV input keeps tabs, newlines and quotes inside a field.
    pub tsv_style: TsvStyle,
}

/// How a TSV file keeps a tab, a newline or a quotation mark inside a
/// field: tools disagree, and a file does not say which it follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TsvStyle {
    /// As in CSV: a field may be put in `"`quotes`"`, a quote inside
    /// doubled. So Excel, LibreOffice and pandas write TSV.
    #[default]
    Quoted,
    /// No quoting: a record is a line, a field ends at a tab, and `"` is
    /// text like any other (the IANA `text/tab-separated-values` format).
    /// For a raw export: read as [`TsvStyle::Quoted`], a text that begins
    /// with a quotation (`"We are ready," she said.`) loses its marks.
    Plain,
    /// [`TsvStyle::Plain`], with `\t`, `\n`, `\r` and `\\` standing for a
    /// tab, a newline, a carriage return and a backslash, and a field that
    /// is only `\N` (SQL NULL) empty: as PostgreSQL's `COPY`, `mysql
    /// --batch` and ClickHouse write TSV. Any other backslash is kept.
    Escaped,
}

/// 16 MiB: news articles run to tens of KB (the longest of PolNeAR's
/// 1,000 is 34 KB), so this leaves room for transcripts and whole books,
/// and bounds what one record costs at about 100 MB of memory for news
/// text, 1 GB for the worst text there is.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 16 << 20;

/// The bytes of a record over [`ReadOptions::max_record_bytes`] kept in
/// its [`Rejected::raw`]: enough to find it in the input.
pub const KEPT_OF_OVERSIZED: usize = 1024;

/// Why a record over the limit was rejected.
fn oversized_reason(len: u64, limit: usize) -> String {
    format!(
        "record of {len} bytes, over the limit of {limit} (--max-record-size); only its first {KEPT_OF_OVERSIZED} bytes are kept"
    )
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            format: None,
            text_field: "text".into(),
            id_field: "id".into(),
            meta: Vec::new(),
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            tsv_style: TsvStyle::Quoted,
        }
    }
}

/// An input that cannot be read at all: the run cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read {path}")]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot tell the format of {path}: use --input-format (jsonl, csv, tsv or txt)")]
    UnknownFormat { path: PathBuf },
    #[error("{file}: the header has no column `{column}` (columns: {columns})")]
    NoTextColumn {
        file: String,
        column: String,
        columns: String,
    },
}

#[cfg(test)]
mod tests {
    use super::utf8_string;

    /// What std says of `bytes[skip..]`, in `utf8_string`'s terms.
    fn by_std(bytes: &[u8], skip: usize) -> Result<String, Vec<u8>> {
        match bytes.get(skip..).map(|b| String::from_utf8(b.to_vec())) {
            Some(Ok(s)) => Ok(s),
            _ => Err(bytes.to_vec()),
        }
    }

    #[test]
    fn utf8_strings_are_checked_as_std_checks_them() {
        let cases: &[(&[u8], usize)] = &[
            (b"", 0),
            (b"Plain ASCII, as most news is.", 0),
            ("\u{feff}“Q,” she said.".as_bytes(), 3),
            ("«Ça va», dit-il. 😀".as_bytes(), 0),
            (b"a lone continuation \x80 byte", 0),
            (b"a cut-off \xe2\x80", 0),
            (b"an overlong \xc0\xaf slash", 0),
            (b"a surrogate \xed\xa0\x80 half", 0),
            (b"\xef\xbb\xbf", 3),
            (b"ab", 5),
        ];
        for &(bytes, skip) in cases {
            assert_eq!(
                utf8_string(bytes.to_vec(), skip),
                by_std(bytes, skip),
                "{bytes:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_are_checked_as_std_checks_them(
            text in "\\PC{0,80}",
            bad in proptest::option::of((0usize..400, proptest::prelude::any::<u8>())),
            skip in 0usize..4,
        ) {
            // Text, now and then with one byte changed: all but a few bytes
            // of news are valid, and a bad byte may sit anywhere.
            let mut bytes = text.into_bytes();
            if let Some((at, b)) = bad && !bytes.is_empty() {
                let n = bytes.len();
                bytes[at % n] = b;
            }
            proptest::prop_assert_eq!(utf8_string(bytes.clone(), skip), by_std(&bytes, skip));
        }
    }
}
