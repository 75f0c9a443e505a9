//! Byte throughput of the extraction stages and of `Extractor::extract`.
//!
//! ```sh
//! cargo bench --bench extract                      # the sample articles
//! SAIDBY_BENCH_CORPUS=../shared/data/polnear/train/text cargo bench --bench extract
//! ```
//!
//! The sample articles are `data/articles/*.txt` when that directory exists,
//! else the invented ones in `benches/data/`. With `SAIDBY_BENCH_CORPUS` set
//! to a directory of `.txt` files, that corpus is measured too.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use saidby::span::Span;
use saidby::{Extractor, segment};

/// The one call site of the quote finder: the stage's signature is still
/// moving, so adapting the bench is a one-line change here.
fn find_quotes(extractor: &Extractor, text: &str, paragraphs: &[Span]) -> usize {
    let cues = extractor.cue_matcher().find_all(text);
    extractor.quote_finder().find(text, paragraphs, &cues).len()
}

struct Corpus {
    name: &'static str,
    texts: Vec<String>,
}

impl Corpus {
    fn bytes(&self) -> u64 {
        self.texts.iter().map(|t| t.len() as u64).sum()
    }
}

fn read_txt_dir(dir: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
        })
        .collect()
}

fn corpora() -> Vec<Corpus> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let articles = root.join("data/articles");
    let samples = if articles.is_dir() && !read_txt_dir(&articles).is_empty() {
        articles
    } else {
        root.join("benches/data")
    };
    let mut out = vec![Corpus {
        name: "samples",
        texts: read_txt_dir(&samples),
    }];
    if let Some(dir) = std::env::var_os("SAIDBY_BENCH_CORPUS") {
        let texts = read_txt_dir(Path::new(&dir));
        assert!(!texts.is_empty(), "SAIDBY_BENCH_CORPUS has no .txt files");
        out.push(Corpus {
            name: "corpus",
            texts,
        });
    }
    out
}

fn stages(c: &mut Criterion) {
    let extractor = Extractor::new();
    for corpus in corpora() {
        let mut group = c.benchmark_group(corpus.name);
        group.throughput(Throughput::Bytes(corpus.bytes()));
        group.sample_size(20);
        group.measurement_time(Duration::from_secs(5));
        group.warm_up_time(Duration::from_secs(1));

        // Paragraphs are an input of the quote finder, not part of it.
        let paragraphs: Vec<Vec<Span>> = corpus
            .texts
            .iter()
            .map(|t| segment::paragraphs(t))
            .collect();
        group.bench_function("quote_finder", |b| {
            b.iter(|| {
                corpus
                    .texts
                    .iter()
                    .zip(&paragraphs)
                    .map(|(t, p)| find_quotes(&extractor, black_box(t), p))
                    .sum::<usize>()
            })
        });
        group.bench_function("cue_matcher", |b| {
            b.iter(|| {
                corpus
                    .texts
                    .iter()
                    .map(|t| extractor.cue_matcher().find_all(black_box(t)).len())
                    .sum::<usize>()
            })
        });
        group.bench_function("extract", |b| {
            b.iter(|| {
                corpus
                    .texts
                    .iter()
                    .map(|t| extractor.extract(black_box(t)).len())
                    .sum::<usize>()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
