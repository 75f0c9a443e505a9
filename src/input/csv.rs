//! CSV and TSV with a header row.

use std::io::{self, BufRead, Read};
use std::sync::{Arc, Mutex, PoisonError};

use super::source::{RecordReader, read_error_reason};
use super::{Article, InputError, Location, RawRecord, ReadOptions, Record, Rejected};

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
}

impl Read for Tee {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        lock(&self.pending).bytes.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

fn lock(p: &Mutex<Pending>) -> std::sync::MutexGuard<'_, Pending> {
    // Nothing can panic while the lock is held, but a poisoned lock must not
    // turn into a panic here either.
    p.lock().unwrap_or_else(PoisonError::into_inner)
}

struct Columns {
    text: usize,
    id: Option<usize>,
    meta: Vec<Option<usize>>,
}

pub(super) struct CsvReader {
    reader: csv::Reader<Tee>,
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
        delimiter: u8,
    ) -> CsvReader {
        let pending = Arc::new(Mutex::new(Pending::default()));
        let tee = Tee {
            inner: input,
            pending: Arc::clone(&pending),
        };
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .buffer_capacity(1 << 16)
            .from_reader(tee);
        CsvReader {
            reader,
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
        let header = match self.reader.byte_headers() {
            Ok(h) => h.clone(),
            Err(err) => {
                return Err(Rejected {
                    location: self.location(1),
                    reason: format!("cannot read the header: {err}"),
                    raw: self.take_pending(self.reader.position().byte()),
                });
            }
        };
        // The header is not a record: never echo it to --rejects.
        let raw = self.take_pending(self.reader.position().byte());
        self.line += memchr::memchr_iter(b'\n', &raw).count() as u64;
        if header.is_empty() {
            return Ok(None);
        }
        let find = |name: &str| header.iter().position(|h| h == name.as_bytes());
        let o = &self.options;
        match find(&o.text_field) {
            Some(text) => Ok(Some(Columns {
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
            match std::str::from_utf8(bytes) {
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
        let raw = self.take_pending(self.reader.position().byte());
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
                match self.article(columns, line) {
                    Ok(article) => Some(Ok(Record::Article(article))),
                    Err(reason) => reject(self.location(line), reason),
                }
            }
            Err(err) => match err.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => reject(
                    self.location(line),
                    format!("{len} fields where the header has {expected_len}"),
                ),
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
            b',',
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
}
