//! Plain text: one article per file.

use std::io::{BufRead, Read};
use std::sync::Arc;

use super::source::{RecordReader, read_error_reason};
use super::{
    Article, InputError, KEPT_OF_OVERSIZED, Location, RawRecord, ReadOptions, Record, Rejected,
    oversized_reason,
};

pub(super) struct TextReader {
    input: Option<Box<dyn BufRead + Send>>,
    file: String,
    id: String,
    meta_len: usize,
    limit: usize,
}

impl TextReader {
    pub(super) fn new(
        input: Box<dyn BufRead + Send>,
        file: String,
        id: String,
        options: Arc<ReadOptions>,
    ) -> TextReader {
        TextReader {
            input: Some(input),
            file,
            id,
            meta_len: options.meta.len(),
            limit: options.max_record_bytes,
        }
    }
}

impl RecordReader for TextReader {
    fn next_record(&mut self) -> Option<Result<RawRecord, InputError>> {
        self.next_decoded().map(|r| r.map(RawRecord::from))
    }
}

impl TextReader {
    fn next_decoded(&mut self) -> Option<Result<Record, InputError>> {
        let mut input = self.input.take()?;
        let mut bytes = Vec::new();
        // One byte past the limit tells a file over it, without reading
        // the rest into memory.
        let read = (&mut input)
            .take(self.limit.saturating_add(1) as u64)
            .read_to_end(&mut bytes);
        if read.is_ok() && bytes.len() > self.limit {
            // Read on for its length alone (to a read error at worst: the
            // file is rejected either way).
            let rest = std::io::copy(&mut input, &mut std::io::sink()).unwrap_or(0);
            bytes.truncate(KEPT_OF_OVERSIZED);
            return Some(Ok(Record::Rejected(Rejected {
                location: Location {
                    file: self.file.clone(),
                    line: 0,
                },
                reason: oversized_reason(self.limit as u64 + 1 + rest, self.limit),
                raw: bytes,
            })));
        }
        Some(Ok(decode(
            bytes,
            read.err(),
            self.file.clone(),
            std::mem::take(&mut self.id),
            self.meta_len,
        )))
    }
}

/// The article of a whole file, or why it cannot be read.
fn decode(
    bytes: Vec<u8>,
    read_error: Option<std::io::Error>,
    file: String,
    id: String,
    meta_len: usize,
) -> Record {
    let line_at = |bytes: &[u8], byte: usize| {
        1 + bytes[..byte].iter().filter(|&&b| b == b'\n').count() as u64
    };
    if let Some(err) = read_error {
        return Record::Rejected(Rejected {
            location: Location {
                file,
                line: line_at(&bytes, bytes.len()),
            },
            reason: read_error_reason(&err),
            raw: bytes,
        });
    }
    // A byte order mark says how the file is encoded; it is not part of the text.
    let bom = if bytes.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    match super::utf8_string(bytes, bom) {
        Ok(text) => Record::Article(Article {
            id,
            meta: vec![String::new(); meta_len],
            text,
            location: Location { file, line: 0 },
        }),
        Err(bytes) => {
            // The rare bad file: std's check says where.
            let at = bom
                + std::str::from_utf8(&bytes[bom..])
                    .err()
                    .map_or(0, |e| e.valid_up_to());
            Record::Rejected(Rejected {
                location: Location {
                    file,
                    line: line_at(&bytes, at),
                },
                reason: format!("invalid UTF-8 at byte {at}"),
                raw: bytes,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Record {
        decode(bytes.to_vec(), None, "a.txt".into(), "a.txt".into(), 1)
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let Record::Rejected(r) = read(b"line one\nline two \xff\n") else {
            panic!("accepted")
        };
        assert_eq!(r.location.line, 2);
        assert_eq!(r.reason, "invalid UTF-8 at byte 18");
        assert_eq!(r.raw, b"line one\nline two \xff\n");
    }

    #[test]
    fn a_file_over_the_limit_is_rejected_with_its_length_and_first_bytes() {
        let read_limited = |bytes: Vec<u8>, limit: usize| {
            let options = ReadOptions {
                max_record_bytes: limit,
                ..ReadOptions::default()
            };
            let mut reader = TextReader::new(
                Box::new(std::io::Cursor::new(bytes)),
                "a.txt".into(),
                "a.txt".into(),
                Arc::new(options),
            );
            let record = reader.next_record().map(|r| r.unwrap().decode());
            assert!(reader.next_record().is_none(), "one record a file");
            record
        };
        let text = "“A book,” she said. ".repeat(100);
        assert_eq!(text.len(), 2400);
        let Some(Record::Article(a)) = read_limited(text.clone().into_bytes(), 2400) else {
            panic!("a file at the limit is read")
        };
        assert_eq!(a.text, text);
        let Some(Record::Rejected(r)) = read_limited(text.clone().into_bytes(), 2399) else {
            panic!("a file over the limit is read")
        };
        assert_eq!(r.reason, oversized_reason(2400, 2399));
        assert_eq!((r.location.file.as_str(), r.location.line), ("a.txt", 0));
        assert_eq!(r.raw, text.as_bytes()[..KEPT_OF_OVERSIZED]);
    }

    #[test]
    fn bom_is_dropped_and_empty_files_are_articles() {
        let Record::Article(a) = read("\u{feff}“Hi,” he said.".as_bytes()) else {
            panic!("rejected")
        };
        assert_eq!(a.text, "“Hi,” he said.");
        assert_eq!(a.meta, [""]);
        assert!(matches!(read(b""), Record::Article(a) if a.text.is_empty()));
    }
}
