//! Byte throughput of the extraction stages and of `Extractor::extract`:
//! `cue_matcher`, `quote_finder`, `entities` and `attribute` each measured
//! alone on precomputed inputs, then the whole `extract`.
//!
//! ```sh
//! cargo bench --bench extract                      # the sample articles
//! SAIDBY_BENCH_CORPUS=../shared/data/polnear/train/text cargo bench --bench extract
//! ```
//!
//! The sample articles are the `.txt` files under `data/articles/` when there
//! are any, else the invented ones in `benches/data/`. With
//! `SAIDBY_BENCH_CORPUS` set to a directory of `.txt` files (searched
//! recursively), that corpus is measured too.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use saidby::attribute::{self, Article};
use saidby::cues::Cue;
use saidby::entities::Mention;
use saidby::quotes::{QuotationKind, QuoteSpan};
use saidby::span::Span;
use saidby::{Extractor, segment};

/// The one call site of the quote finder: the stage's signature is still
/// moving, so adapting the bench is a one-line change here.
fn find_quotes(
    extractor: &Extractor,
    text: &str,
    (paragraphs, cues): &(Vec<Span>, Vec<Cue>),
) -> usize {
    extractor.quote_finder().find(text, paragraphs, cues).len()
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

/// Every `.txt` under `dir`, recursively, in path order.
fn read_txt_dir(dir: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok().map(|e| e.into_path()))
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

fn corpora(extractor: &Extractor) -> Vec<Corpus> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let articles = root.join("data/articles");
    let samples = if read_txt_dir(&articles).is_empty() {
        root.join("benches/data")
    } else {
        articles
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
    for corpus in &mut out {
        drop_panicking(extractor, corpus);
    }
    out
}

/// Leaves out, loudly, the articles the extractor panics on: a panic is a
/// bug to fix, but it should not take every other figure down with it.
fn drop_panicking(extractor: &Extractor, corpus: &mut Corpus) {
    let before = corpus.texts.len();
    corpus.texts.retain(|t| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extractor.extract(t))).is_ok()
    });
    let dropped = before - corpus.texts.len();
    if dropped > 0 {
        eprintln!(
            "WARNING: {dropped} of {before} {} articles left out: the extractor panics on them (a bug)",
            corpus.name
        );
    }
}

fn stages(c: &mut Criterion) {
    let extractor = Extractor::new();
    for corpus in corpora(&extractor) {
        let mut group = c.benchmark_group(corpus.name);
        // In MB/s (10^6 bytes), the unit the targets and pipeline.sh use:
        // criterion's binary MiB/s read 4.6% lower than the same time.
        group.throughput(Throughput::BytesDecimal(corpus.bytes()));
        group.sample_size(20);
        group.measurement_time(Duration::from_secs(5));
        group.warm_up_time(Duration::from_secs(1));

        // Paragraphs and cues are inputs of the quote finder, not part of it.
        let paragraphs: Vec<(Vec<Span>, Vec<Cue>)> = corpus
            .texts
            .iter()
            .map(|t| (segment::paragraphs(t), extractor.cue_matcher().find_all(t)))
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
        group.bench_function("entities", |b| {
            b.iter(|| {
                corpus
                    .texts
                    .iter()
                    .map(|t| {
                        let t = black_box(t);
                        extractor
                            .entity_recognizer()
                            .mentions(t, Span::new(0, t.len()))
                            .len()
                    })
                    .sum::<usize>()
            })
        });
        // Everything attribution takes, computed the way `extract` does.
        let inputs: Vec<(Vec<QuoteSpan>, Vec<Mention>)> = corpus
            .texts
            .iter()
            .zip(&paragraphs)
            .map(|(t, (p, c))| {
                let mut spans = extractor.quote_finder().find(t, p, c);
                spans.retain(|q| q.kind != QuotationKind::ScareQuote);
                let mentions = extractor
                    .entity_recognizer()
                    .mentions(t, Span::new(0, t.len()));
                (spans, mentions)
            })
            .collect();
        group.bench_function("attribute", |b| {
            b.iter(|| {
                corpus
                    .texts
                    .iter()
                    .zip(&paragraphs)
                    .zip(&inputs)
                    .map(|((t, (p, c)), (spans, mentions))| {
                        let article = Article {
                            text: black_box(t),
                            paragraphs: p,
                            cues: c,
                            mentions,
                        };
                        attribute::attribute(&article, spans, extractor.rules()).len()
                    })
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
