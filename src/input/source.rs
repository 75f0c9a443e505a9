//! Naming inputs, opening them (gzip or not), and chaining their records.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::csv::Dialect;
use super::{InputError, RawRecord, ReadOptions, Record};

/// Large reads keep the per-call overhead (and the byte counter's atomics) negligible.
const BUFFER: usize = 256 * 1024;
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The format of an input file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// One JSON object per line (`.jsonl`, `.ndjson`).
    Jsonl,
    /// Comma-separated with a header row (`.csv`).
    Csv,
    /// Tab-separated with a header row (`.tsv`).
    Tsv,
    /// One article per file (`.txt`).
    Text,
}

impl InputFormat {
    /// The format a file name implies, looking through a `.gz` suffix.
    ///
    /// ```
    /// use saidby::input::InputFormat;
    /// assert_eq!(InputFormat::from_path("dump.ndjson.gz".as_ref()), Some(InputFormat::Jsonl));
    /// assert_eq!(InputFormat::from_path("a.TXT".as_ref()), Some(InputFormat::Text));
    /// assert_eq!(InputFormat::from_path("notes.md".as_ref()), None);
    /// ```
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = name.rsplit_once('.')?.1;
        match ext {
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            "csv" => Some(InputFormat::Csv),
            "tsv" => Some(InputFormat::Tsv),
            "txt" => Some(InputFormat::Text),
            _ => None,
        }
    }
}

#[derive(Debug)]
enum Source {
    Stdin(InputFormat),
    File {
        path: PathBuf,
        format: InputFormat,
    },
    /// Every `.txt` (or `.txt.gz`) below it, in sorted path order.
    Dir(PathBuf),
}

/// The inputs of a run, checked to exist and be readable.
#[derive(Debug)]
pub struct Inputs {
    sources: Vec<Source>,
    options: Arc<ReadOptions>,
    bytes_read: Arc<AtomicU64>,
}

impl Inputs {
    /// Checks every path: it must exist, be readable, and have a known format.
    /// No paths, or `-`, means JSONL (or `options.format`) on stdin.
    pub fn open(paths: &[PathBuf], options: &ReadOptions) -> Result<Inputs, InputError> {
        let stdin = || Source::Stdin(options.format.unwrap_or(InputFormat::Jsonl));
        let mut sources = Vec::new();
        if paths.is_empty() {
            sources.push(stdin());
        }
        for path in paths {
            if path.as_os_str() == "-" {
                sources.push(stdin());
                continue;
            }
            let open_err = |source| InputError::Open {
                path: path.clone(),
                source,
            };
            let meta = std::fs::metadata(path).map_err(open_err)?;
            if meta.is_dir() {
                std::fs::read_dir(path).map_err(open_err)?;
                sources.push(Source::Dir(path.clone()));
                continue;
            }
            File::open(path).map_err(open_err)?;
            let format = options
                .format
                .or_else(|| InputFormat::from_path(path))
                .ok_or_else(|| InputError::UnknownFormat { path: path.clone() })?;
            sources.push(Source::File {
                path: path.clone(),
                format,
            });
        }
        Ok(Inputs {
            sources,
            options: Arc::new(options.clone()),
            bytes_read: Arc::new(AtomicU64::new(0)),
        })
    }

    /// The size on disk of every input, when known (not for stdin). Walks
    /// directories, so call it only when the figure is wanted.
    pub fn total_bytes(&self) -> Option<u64> {
        let mut total = 0;
        for source in &self.sources {
            total += match source {
                Source::Stdin(_) => return None,
                Source::File { path, .. } => std::fs::metadata(path).ok()?.len(),
                Source::Dir(dir) => walk(dir.clone())
                    .filter_map(|e| e.ok()?.metadata().ok().map(|m| m.len()))
                    .sum(),
            };
        }
        Some(total)
    }

    /// A counter of the bytes read so far from disk or stdin (before
    /// decompression), updated as reading goes.
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.bytes_read)
    }

    /// Every record of every input, in order.
    pub fn records(self) -> Records {
        Records {
            sources: self.sources.into(),
            options: self.options,
            bytes_read: self.bytes_read,
            current: None,
            dir: None,
        }
    }
}

/// The `.txt` files below `dir`, sorted by path component by component.
fn walk(dir: PathBuf) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> + Send {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter(|e| match e {
            Ok(e) => e.file_type().is_file() && is_text_file(e.path()),
            Err(_) => true,
        })
}

fn is_text_file(path: &Path) -> bool {
    InputFormat::from_path(path) == Some(InputFormat::Text)
}

/// Yields records one by one from a single input.
pub(super) trait RecordReader: Send {
    /// The next record, or `None` at the end of the input. Read errors in
    /// the middle of an input (a truncated gzip) come back as a rejected
    /// record, after which the reader ends.
    fn next_record(&mut self) -> Option<Result<RawRecord, InputError>>;
}

struct DirWalk {
    root: PathBuf,
    entries: Box<dyn Iterator<Item = walkdir::Result<walkdir::DirEntry>> + Send>,
}

/// The stream of records of all inputs; see [`Inputs::records`].
pub struct Records {
    sources: VecDeque<Source>,
    options: Arc<ReadOptions>,
    bytes_read: Arc<AtomicU64>,
    current: Option<Box<dyn RecordReader>>,
    dir: Option<DirWalk>,
}

impl Records {
    fn open(&self, path: Option<&Path>) -> Result<Box<dyn BufRead + Send>, InputError> {
        open_stream(path, Arc::clone(&self.bytes_read)).map_err(|source| InputError::Open {
            path: path.map_or_else(|| PathBuf::from("-"), Path::to_path_buf),
            source,
        })
    }

    fn reader(
        &self,
        path: Option<&Path>,
        format: InputFormat,
        id: Option<String>,
    ) -> Result<Box<dyn RecordReader>, InputError> {
        let stream = self.open(path)?;
        let file = path.map_or_else(|| "-".to_string(), |p| p.display().to_string());
        let options = Arc::clone(&self.options);
        Ok(match format {
            InputFormat::Jsonl => Box::new(super::jsonl::JsonlReader::new(stream, file, options)),
            InputFormat::Csv => Box::new(super::csv::CsvReader::new(
                stream,
                file,
                options,
                Dialect::CSV,
            )),
            InputFormat::Tsv => {
                let dialect = Dialect::tsv(options.tsv_style);
                Box::new(super::csv::CsvReader::new(stream, file, options, dialect))
            }
            InputFormat::Text => {
                let id = id.unwrap_or_else(|| match path.and_then(Path::file_name) {
                    Some(name) => name.to_string_lossy().into_owned(),
                    None => file.clone(),
                });
                Box::new(super::text::TextReader::new(stream, file, id, options))
            }
        })
    }

    /// Opens the next file of the directory being walked, if any.
    fn next_in_dir(&mut self) -> Option<Result<Box<dyn RecordReader>, InputError>> {
        let dir = self.dir.as_mut()?;
        let entry = match dir.entries.next() {
            None => {
                self.dir = None;
                return None;
            }
            Some(Ok(entry)) => entry,
            Some(Err(err)) => {
                let path = err.path().unwrap_or(&dir.root).to_path_buf();
                let source = err
                    .into_io_error()
                    .unwrap_or_else(|| io::Error::other("file system loop"));
                return Some(Err(InputError::Open { path, source }));
            }
        };
        let id = entry
            .path()
            .strip_prefix(&dir.root)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .into_owned();
        Some(self.reader(Some(entry.path()), InputFormat::Text, Some(id)))
    }
}

impl Records {
    /// The same records, not yet decoded, for a caller that decodes them on
    /// other threads (see [`RawRecord`]).
    pub fn raw(self) -> RawRecords {
        RawRecords(self)
    }

    fn next_raw(&mut self) -> Option<Result<RawRecord, InputError>> {
        loop {
            if let Some(reader) = self.current.as_mut() {
                if let Some(record) = reader.next_record() {
                    return Some(record);
                }
                self.current = None;
            }
            if self.dir.is_some() {
                match self.next_in_dir() {
                    Some(Ok(reader)) => self.current = Some(reader),
                    Some(Err(err)) => {
                        self.dir = None;
                        return Some(Err(err));
                    }
                    None => {}
                }
                continue;
            }
            let opened = match self.sources.pop_front()? {
                Source::Stdin(format) => self.reader(None, format, None),
                Source::File { path, format } => self.reader(Some(&path), format, None),
                Source::Dir(root) => {
                    self.dir = Some(DirWalk {
                        entries: Box::new(walk(root.clone())),
                        root,
                    });
                    continue;
                }
            };
            match opened {
                Ok(reader) => self.current = Some(reader),
                Err(err) => {
                    self.sources.clear();
                    return Some(Err(err));
                }
            }
        }
    }
}

impl Iterator for Records {
    type Item = Result<Record, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_raw().map(|r| r.map(RawRecord::decode))
    }
}

/// Every record of every input, in order, not yet decoded; see [`Records::raw`].
pub struct RawRecords(Records);

impl Iterator for RawRecords {
    type Item = Result<RawRecord, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next_raw()
    }
}

/// Counts the bytes that go through it.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens a file (or stdin), decompressing it when it starts with the gzip
/// magic number, whatever its name.
fn open_stream(path: Option<&Path>, count: Arc<AtomicU64>) -> io::Result<Box<dyn BufRead + Send>> {
    let (raw, capacity): (Box<dyn Read + Send>, usize) = match path {
        Some(path) => {
            let file = File::open(path)?;
            // The buffer is zeroed when first filled: a directory of small
            // articles paid 256 KB of memset per file, a fifth of all the
            // work on PolNeAR's 4 KB texts. A file smaller than the buffer
            // gets one just big enough.
            let len = file.metadata().map_or(u64::MAX, |m| m.len());
            let capacity = usize::try_from(len.saturating_add(1))
                .unwrap_or(BUFFER)
                .clamp(8 * 1024, BUFFER);
            (Box::new(file), capacity)
        }
        None => (Box::new(io::stdin()), BUFFER),
    };
    let mut buffered = BufReader::with_capacity(capacity, Counting { inner: raw, count });
    if buffered.fill_buf()?.starts_with(&GZIP_MAGIC) {
        // Multi-member: `cat a.gz b.gz` and bgzip files are valid gzip too.
        let decoder = flate2::bufread::MultiGzDecoder::new(buffered);
        Ok(Box::new(BufReader::with_capacity(BUFFER, decoder)))
    } else {
        Ok(Box::new(buffered))
    }
}

/// The reason given for a record cut short by a read error.
pub(super) fn read_error_reason(err: &io::Error) -> String {
    format!("cannot read further ({err}); the rest of this input is skipped")
}
