//! Running the `saidby` binary and reading its CSV back.
#![allow(dead_code)] // each test binary uses a different part

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_saidby");

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Runs `saidby` with `args`, feeding `stdin` (empty when `None`).
pub fn saidby(args: &[&str], stdin: Option<&[u8]>) -> Output {
    saidby_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, stdin)
}

pub fn saidby_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("saidby runs");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.unwrap_or_default().to_vec();
    // Fed from a thread: a large stdin must not deadlock against a full stdout.
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("saidby finishes");
    feeder.join().expect("stdin feeder");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "saidby panicked: {stderr}");
    out
}

/// Asserts success and returns stdout.
pub fn ok(out: Output) -> Vec<u8> {
    assert!(
        out.status.success(),
        "exit {:?}, stderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A CSV parsed back: the header and each row as column -> cell.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<HashMap<String, String>>,
}

impl Table {
    pub fn parse(bytes: &[u8]) -> Table {
        let mut reader = csv::Reader::from_reader(bytes);
        let header: Vec<String> = reader
            .headers()
            .expect("a header")
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .map(|r| {
                let r = r.expect("a well-formed CSV row");
                header
                    .iter()
                    .cloned()
                    .zip(r.iter().map(str::to_owned))
                    .collect()
            })
            .collect();
        Table { header, rows }
    }

    pub fn column(&self, name: &str) -> Vec<&str> {
        self.rows.iter().map(|r| r[name].as_str()).collect()
    }

    /// The rows without their id and metadata cells, to compare runs over
    /// the same texts read from different formats.
    pub fn content(&self) -> Vec<Vec<String>> {
        let contract = saidby::output::COLUMNS;
        self.rows
            .iter()
            .map(|r| contract[1..].iter().map(|c| r[*c].clone()).collect())
            .collect()
    }

    /// Asserts that the quote, speaker mention and verb cells are exactly
    /// the text at their offsets (Unicode scalar values), per the contract.
    pub fn assert_offsets(&self, texts: &HashMap<String, String>) {
        assert!(!self.rows.is_empty(), "no rows to check");
        // Each text's chars once, not once per row: with 50,000 rows of a
        // 20 MB article the check itself was quadratic.
        let mut chars: HashMap<&str, Vec<char>> = HashMap::new();
        for row in &self.rows {
            let id = &row["article_id"];
            let text = chars.entry(id.as_str()).or_insert_with(|| {
                texts
                    .get(id)
                    .unwrap_or_else(|| panic!("no text for {id}"))
                    .chars()
                    .collect()
            });
            for (cell, start, end) in [
                ("quote", "quote_start", "quote_end"),
                ("speaker_mention", "speaker_start", "speaker_end"),
                ("verb", "verb_start", "verb_end"),
            ] {
                if row[start].is_empty() {
                    assert!(row[cell].is_empty(), "{id}: {cell} without offsets");
                    continue;
                }
                let s: usize = row[start].parse().expect("a number");
                let e: usize = row[end].parse().expect("a number");
                let slice: String = text[s..e].iter().collect();
                assert_eq!(slice, row[cell], "{id}: {cell} at {s}..{e}");
            }
        }
    }
}

/// The sample articles shipped in data/articles, by path relative to it.
pub fn sample_texts() -> HashMap<String, String> {
    let root = repo("data/articles");
    let mut texts = HashMap::new();
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let id = entry.path().strip_prefix(&root).unwrap();
            let text = std::fs::read_to_string(entry.path()).unwrap();
            texts.insert(id.to_string_lossy().into_owned(), text);
        }
    }
    texts
}

/// The articles of data/articles.jsonl: id -> the whole JSON object.
pub fn sample_jsonl() -> Vec<serde_json::Value> {
    std::fs::read_to_string(repo("data/articles.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

pub fn jsonl_texts(objects: &[serde_json::Value]) -> HashMap<String, String> {
    objects
        .iter()
        .map(|o| {
            (
                o["id"].as_str().unwrap().to_owned(),
                o["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// The names of the files in `dir`, sorted: what a run left behind.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}
