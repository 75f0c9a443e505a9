//! Running the extractor over a stream of records, in parallel, in order.
//!
//! A reader thread pulls records (raw: a JSON line is only split off, see
//! [`RawRecord`]), groups them into batches of a few MB and hands each to a
//! rayon pool, at most two at a time (so reading runs at most a batch or
//! two ahead and memory stays flat whatever the input size). There each
//! batch is decoded, extracted with one shared [`Extractor`] and, when the
//! sink has a [`Render`]er, formatted, while the calling thread writes the
//! batches that came back to the [`Sink`], in the order they were read.
//! Only reading bytes and writing bytes stay serial, so the work scales
//! with the threads. Rows come out in input order, byte for byte the same
//! for any number of threads. With one thread, there is no pool and no
//! reader: the calling thread reads, extracts and writes each batch in
//! turn. The pipeline prints nothing: it reports through [`Observer`].
//!
//! ```
//! use saidby::input::{Article, Location, Record};
//! use saidby::output::{CsvOptions, CsvSink};
//! use saidby::pipeline::{NoObserver, Pipeline};
//! use saidby::Extractor;
//!
//! let records = (0..3).map(|i| {
//!     Ok(Record::Article(Article {
//!         id: format!("a{i}"),
//!         meta: vec![],
//!         text: "“We will win,” Smith said.".into(),
//!         location: Location { file: "-".into(), line: i + 1 },
//!     }))
//! });
//! let extractor = Extractor::new();
//! let mut sink = CsvSink::new(Vec::new(), CsvOptions::default()).unwrap();
//! let summary = Pipeline::new(&extractor)
//!     .threads(2)
//!     .run(records, &mut sink, &mut NoObserver)
//!     .unwrap();
//! assert_eq!((summary.stats.articles, summary.stats.quotes), (3, 3));
//! let csv = String::from_utf8(sink.finish_into_inner().unwrap()).unwrap();
//! assert_eq!(csv.lines().count(), 4);
//! ```

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

use rayon::prelude::*;

use crate::extractor::{Extractor, Quote};
use crate::input::{Article, InputError, Location, RawRecord, Record, Rejected};
use crate::output::{OutputError, Render, Sink};

/// Default amount of article text per batch. Two batches are in flight
/// and one is being read: 4 MB batches held 25 MB at the peak against 16,
/// and their last batch, written alone at the end of the run, left a core
/// idle for longer (2 threads on 50 MB: 182 against 190 MB/s, median of 12).
pub const DEFAULT_BATCH_BYTES: usize = 2 << 20;
/// The first batch's size: batches then double up to the full size.
const FIRST_BATCH_BYTES: usize = 256 << 10;
/// Tiny articles are grouped by count too, so a batch's bookkeeping stays bounded.
const MAX_BATCH_RECORDS: usize = 16_384;

/// Batches handed to the pool and not yet taken up by the writer; with the
/// one being written and the one the reader is building, that is all the
/// memory a run holds. Two let the workers go on with the next batch while
/// this one is written. When the pool took one batch at a time, each batch
/// ended with the workers asleep until the writer had written the one
/// before and handed them the next. With three, peak RSS on 2 threads went
/// from 19 to 24 MB for no measurable gain.
const IN_FLIGHT: usize = 2;

/// A batch back from the pool, or what the reader hit instead of one.
enum Finished {
    Batch(Vec<Done>),
    Failed(InputError),
    Panicked(Box<dyn std::any::Any + Send>),
}

/// The quotes of one record; `Err(())` when the extractor panicked on it.
type Extracted = Result<Vec<Quote>, ()>;

/// A record, decoded and extracted, maybe with its rows already formatted.
enum Done {
    Record {
        record: Record,
        quotes: Extracted,
        rendered: Option<Vec<u8>>,
    },
    /// Formatted for a sink that needs nothing else (see
    /// [`Sink::rendered_only`]): the article and its quotes were freed on
    /// the worker that made them. Freed on the writing thread, each of their
    /// twenty blocks went back to another thread's arena (190 instructions a
    /// free), and the worker, whose own cache of free blocks stayed empty,
    /// paid as much again for each malloc.
    Rendered {
        rendered: Vec<u8>,
        quotes: u64,
        text_bytes: u64,
    },
}

/// Counts of a run so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Articles read and written.
    pub articles: u64,
    /// Rows written.
    pub quotes: u64,
    /// Records that could not be read.
    pub rejected: u64,
    /// Bytes of article text processed.
    pub text_bytes: u64,
    /// Bytes read from the inputs (before decompression), when the caller
    /// gave a counter with [`Pipeline::bytes_read`].
    pub bytes_read: u64,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub stats: Stats,
    /// Set when the run stopped at a rejected record (see [`Pipeline::strict`]).
    pub stopped_at: Option<Location>,
}

/// Hears about a run as it goes; called on the thread that called
/// [`Pipeline::run`], in input order.
pub trait Observer {
    /// A record could not be read. An error here (say, the rejects file
    /// cannot be written) ends the run.
    fn rejected(&mut self, _rejected: &Rejected) -> std::io::Result<()> {
        Ok(())
    }

    /// A batch has been written.
    fn progress(&mut self, _stats: &Stats) {}
}

/// An observer that ignores everything.
pub struct NoObserver;

impl Observer for NoObserver {}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("cannot record a rejected record")]
    Observer(#[source] std::io::Error),
    #[error("cannot start the worker threads")]
    ThreadPool(#[from] rayon::ThreadPoolBuildError),
    #[error("cannot start the reader thread")]
    Thread(#[source] std::io::Error),
}

/// Runs an [`Extractor`] over records; see the module documentation.
#[derive(Clone, Debug)]
pub struct Pipeline<'e> {
    extractor: &'e Extractor,
    threads: usize,
    batch_bytes: usize,
    strict: bool,
    pin: bool,
    bytes_read: Option<Arc<AtomicU64>>,
}

impl<'e> Pipeline<'e> {
    pub fn new(extractor: &'e Extractor) -> Pipeline<'e> {
        Pipeline {
            extractor,
            threads: 0,
            batch_bytes: DEFAULT_BATCH_BYTES,
            strict: false,
            pin: true,
            bytes_read: None,
        }
    }

    /// Worker threads for extraction; 0 (the default) means one per core.
    /// With 1 (or 0 on one CPU), the calling thread does all the work, and
    /// no other thread is started.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// Article text per batch; a batch holds at least one article.
    pub fn batch_bytes(mut self, bytes: usize) -> Self {
        self.batch_bytes = bytes.max(1);
        self
    }

    /// Stop at the first rejected record instead of skipping it.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Pin each worker to a CPU of its own when there are as many workers as
    /// CPUs this process may run on (as with `threads(0)`); on by default.
    /// Left free, two workers at times shared one CPU for milliseconds while
    /// another sat idle. Fewer workers are never pinned: two such runs would
    /// share the first CPUs and leave the others idle.
    pub fn pin_workers(mut self, pin: bool) -> Self {
        self.pin = pin;
        self
    }

    /// A counter of input bytes (see [`crate::input::Inputs::bytes_read`]),
    /// copied into [`Stats::bytes_read`].
    pub fn bytes_read(mut self, counter: Arc<AtomicU64>) -> Self {
        self.bytes_read = Some(counter);
        self
    }

    /// Extracts every article of `records` and writes it to `sink`, in order.
    ///
    /// Returns at the first [`InputError`] (an input that cannot be opened)
    /// or output error; `sink` is not finished (the caller calls
    /// [`Sink::finish`] when the run went well).
    pub fn run<I, R>(
        &self,
        records: I,
        sink: &mut dyn Sink,
        observer: &mut dyn Observer,
    ) -> Result<Summary, PipelineError>
    where
        I: IntoIterator<Item = Result<R, InputError>>,
        I::IntoIter: Send,
        R: Into<RawRecord>,
    {
        let records = records.into_iter().map(|r| r.map(Into::into));
        if self.threads != 1 {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(self.threads)
                .thread_name(|i| format!("saidby-worker-{i}"))
                .build()?;
            if pool.current_num_threads() > 1 {
                return self.run_pooled(&pool, records, sink, observer);
            }
        }
        self.run_here(records, sink, observer)
    }

    /// One thread asked for (or one CPU to run on): each batch is read,
    /// extracted and written in turn on the calling thread, so the run takes
    /// one core and no more. With a reader and a writer thread beside the
    /// worker, a 1-thread run also kept a second core a tenth busy (their
    /// reads, writes and hand-overs), which a user sharing the machine out
    /// core by core did not ask for; on one core, the hand-overs only cost.
    fn run_here<I>(
        &self,
        records: I,
        sink: &mut dyn Sink,
        observer: &mut dyn Observer,
    ) -> Result<Summary, PipelineError>
    where
        I: Iterator<Item = Result<RawRecord, InputError>>,
    {
        let renderer = sink.renderer();
        let rendered_only = sink.rendered_only();
        let mut stats = Stats::default();
        let mut ended = Ok(None);
        read_batches(records, self.batch_bytes, |batch| {
            ended = batch.map_err(PipelineError::from).and_then(|batch| {
                let done = batch
                    .into_iter()
                    .map(|raw| self.process_record(raw, renderer.as_deref(), rendered_only))
                    .collect();
                self.write_batch(done, sink, observer, &mut stats)
            });
            matches!(ended, Ok(None))
        });
        ended.map(|stopped_at| Summary { stats, stopped_at })
    }

    /// A reader thread, a pool of workers and the calling thread writing.
    fn run_pooled<I>(
        &self,
        pool: &rayon::ThreadPool,
        records: I,
        sink: &mut dyn Sink,
        observer: &mut dyn Observer,
    ) -> Result<Summary, PipelineError>
    where
        I: Iterator<Item = Result<RawRecord, InputError>> + Send,
    {
        if self.pin {
            affinity::pin_one_per_cpu(pool);
        }
        let batch_bytes = self.batch_bytes;
        let renderer = sink.renderer();
        let rendered_only = sink.rendered_only();
        let (done_tx, done_rx) = mpsc::channel::<(u64, Finished)>();
        // A slot for each batch in flight; the writer frees one as it takes a
        // batch up to write it.
        let (slot_tx, slot_rx) = mpsc::sync_channel::<()>(IN_FLIGHT);
        for _ in 0..IN_FLIGHT {
            slot_tx.send(()).expect("the channel holds IN_FLIGHT slots");
        }
        pool.in_place_scope(|pool_scope| {
            // The reader is joined before the pool scope ends: it is the one
            // that spawns batches into it.
            std::thread::scope(|scope| {
                let mut seq = 0;
                let send = move |batch: Result<Vec<RawRecord>, InputError>| {
                    let batch = match batch {
                        Ok(batch) => batch,
                        Err(err) => {
                            let _ = done_tx.send((seq, Finished::Failed(err)));
                            return false;
                        }
                    };
                    if slot_rx.recv().is_err() {
                        return false; // The writer stopped (output error, --strict).
                    }
                    let (done, renderer, n) = (done_tx.clone(), renderer.clone(), seq);
                    seq += 1;
                    pool_scope.spawn(move |_| {
                        let processed = std::panic::catch_unwind(AssertUnwindSafe(|| {
                            self.process_batch(batch, renderer.as_deref(), rendered_only)
                        }));
                        let _ = done.send((
                            n,
                            match processed {
                                Ok(batch) => Finished::Batch(batch),
                                Err(panic) => Finished::Panicked(panic),
                            },
                        ));
                    });
                    true
                };
                std::thread::Builder::new()
                    .name("saidby-reader".into())
                    .spawn_scoped(scope, move || read_batches(records, batch_bytes, send))
                    .map_err(PipelineError::Thread)?;
                self.consume(done_rx, slot_tx, sink, observer)
                // Returning early drops the slots, which stops the reader at
                // its next batch, so the scope ends without reading the rest.
            })
        })
    }

    /// Writes the batches in input order as they come back from the pool.
    fn consume(
        &self,
        finished: mpsc::Receiver<(u64, Finished)>,
        slots: mpsc::SyncSender<()>,
        sink: &mut dyn Sink,
        observer: &mut dyn Observer,
    ) -> Result<Summary, PipelineError> {
        let mut stats = Stats::default();
        // The batches that came back before an earlier one; the front is the next to write.
        let mut waiting: VecDeque<Option<Finished>> = VecDeque::with_capacity(IN_FLIGHT + 1);
        let mut next = 0;
        while let Ok((seq, batch)) = finished.recv() {
            let at = (seq - next) as usize;
            if waiting.len() <= at {
                waiting.resize_with(at + 1, || None);
            }
            waiting[at] = Some(batch);
            while let Some(Some(_)) = waiting.front() {
                let Some(Some(batch)) = waiting.pop_front() else {
                    unreachable!("the front was just seen");
                };
                next += 1;
                match batch {
                    Finished::Batch(batch) => {
                        // The slot goes back before the write: the reader
                        // hands out the next batch while this one is written.
                        // Freed after, the workers, done with the other
                        // batch, waited out the write (0.4 ms a batch here).
                        // It fails only when the reader is done.
                        let _ = slots.send(());
                        if let Some(location) =
                            self.write_batch(batch, sink, observer, &mut stats)?
                        {
                            return Ok(Summary {
                                stats,
                                stopped_at: Some(location),
                            });
                        }
                    }
                    Finished::Failed(err) => return Err(err.into()),
                    Finished::Panicked(panic) => std::panic::resume_unwind(panic),
                }
            }
        }
        Ok(Summary {
            stats,
            stopped_at: None,
        })
    }

    /// Every record decoded, extracted and, with a renderer, formatted.
    fn process_batch(
        &self,
        batch: Vec<RawRecord>,
        renderer: Option<&dyn Render>,
        rendered_only: bool,
    ) -> Vec<Done> {
        batch
            .into_par_iter()
            .with_max_len(1)
            .map(|raw| self.process_record(raw, renderer, rendered_only))
            .collect()
    }

    /// One record decoded, extracted and, with a renderer, formatted.
    fn process_record(
        &self,
        raw: RawRecord,
        renderer: Option<&dyn Render>,
        rendered_only: bool,
    ) -> Done {
        let record = raw.decode();
        let quotes = match &record {
            // A bug that panics on one article must not cost the whole
            // run: that article is reported like an unreadable record.
            Record::Article(article) => {
                std::panic::catch_unwind(|| self.extractor.extract(&article.text)).map_err(|_| ())
            }
            Record::Rejected(_) => Ok(Vec::new()),
        };
        let rendered = match (&record, &quotes, renderer) {
            (Record::Article(article), Ok(quotes), Some(renderer)) => {
                // Room for every row at once: grown from empty, the
                // buffer was reallocated and copied a dozen times an
                // article, a twentieth of the worker's time.
                let mut out = Vec::with_capacity(render_estimate(article, quotes));
                // A rendering error is not a write error: leave the
                // article to the sink itself, which will report it.
                renderer
                    .render(article, quotes, &mut out)
                    .ok()
                    .map(|()| out)
            }
            _ => None,
        };
        match (rendered, &record, &quotes) {
            (Some(rendered), Record::Article(article), Ok(q)) if rendered_only => Done::Rendered {
                quotes: q.len() as u64,
                text_bytes: article.text.len() as u64,
                rendered,
            },
            (rendered, _, _) => Done::Record {
                record,
                quotes,
                rendered,
            },
        }
    }

    /// Writes one batch; `Ok(Some(location))` when stopped by a rejected
    /// record under [`Pipeline::strict`].
    fn write_batch(
        &self,
        batch: Vec<Done>,
        sink: &mut dyn Sink,
        observer: &mut dyn Observer,
        stats: &mut Stats,
    ) -> Result<Option<Location>, PipelineError> {
        // Consecutive articles of a rendered-only sink, written together.
        let mut run = Vec::new();
        for done in batch {
            let (record, quotes, rendered) = match done {
                Done::Rendered {
                    rendered,
                    quotes,
                    text_bytes,
                } => {
                    run.push(rendered);
                    stats.articles += 1;
                    stats.quotes += quotes;
                    stats.text_bytes += text_bytes;
                    continue;
                }
                Done::Record {
                    record,
                    quotes,
                    rendered,
                } => (record, quotes, rendered),
            };
            if !run.is_empty() {
                sink.write_rendered_many(&run)?;
                run.clear();
            }
            let record = match (record, &quotes) {
                (Record::Article(article), Err(())) => Record::Rejected(Rejected {
                    reason: format!(
                        "the extractor failed on article {} (a bug: please report it)",
                        article.id
                    ),
                    location: article.location,
                    raw: article.text.into_bytes(),
                }),
                (record, _) => record,
            };
            let quotes = quotes.as_deref().unwrap_or_default();
            match record {
                Record::Article(article) => {
                    match &rendered {
                        Some(bytes) => sink.write_rendered(&article, quotes, bytes)?,
                        None => sink.write_article(&article, quotes)?,
                    }
                    stats.articles += 1;
                    stats.quotes += quotes.len() as u64;
                    stats.text_bytes += article.text.len() as u64;
                }
                Record::Rejected(rejected) => {
                    stats.rejected += 1;
                    observer
                        .rejected(&rejected)
                        .map_err(PipelineError::Observer)?;
                    if self.strict {
                        return Ok(Some(rejected.location));
                    }
                }
            }
        }
        if !run.is_empty() {
            sink.write_rendered_many(&run)?;
        }
        if let Some(counter) = &self.bytes_read {
            stats.bytes_read = counter.load(Ordering::Relaxed);
        }
        observer.progress(stats);
        Ok(None)
    }
}

/// About the bytes an article's rows take: each row's quote text and id,
/// plus its other cells (numbers, kind, names: rarely over 160 bytes).
fn render_estimate(article: &Article, quotes: &[Quote]) -> usize {
    let fixed = 160 + article.id.len() + article.meta.iter().map(String::len).sum::<usize>();
    quotes.iter().map(|q| q.span.len() + fixed).sum()
}

/// The reader thread: groups records into batches and hands them to `send`,
/// which returns false when nobody wants more.
fn read_batches<I, F>(records: I, batch_bytes: usize, mut send: F)
where
    I: Iterator<Item = Result<RawRecord, InputError>>,
    F: FnMut(Result<Vec<RawRecord>, InputError>) -> bool,
{
    let mut batch = Vec::new();
    let mut bytes = 0;
    // The workers wait for the first batch, idle: a small one gets them
    // going at once, and the batches grow to full size while the reader
    // stays ahead.
    let mut limit = batch_bytes.min(FIRST_BATCH_BYTES);
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                // Everything read before the error still gets written.
                if !batch.is_empty() && !send(Ok(std::mem::take(&mut batch))) {
                    return;
                }
                send(Err(err));
                return;
            }
        };
        bytes += record.size();
        batch.push(record);
        if bytes >= limit || batch.len() >= MAX_BATCH_RECORDS {
            bytes = 0;
            limit = batch_bytes.min(limit.saturating_mul(2));
            if !send(Ok(std::mem::take(&mut batch))) {
                return;
            }
        }
    }
    if !batch.is_empty() {
        send(Ok(batch));
    }
}

/// Workers pinned one to a CPU.
///
/// Left to the scheduler (Linux 6.18 here), the two workers of a 2-thread
/// run now and then shared one CPU, taking turns of 4 ms, while the other
/// CPU sat idle for 5 to 20 ms: `perf sched` counted 12% of the run's CPU
/// time idle on 100 MB, in stretches of that length. Pinned, 3.6%, in
/// stretches under 2 ms (a worker waiting for the writer to free a slot,
/// since mended: 1.1%, most of it while the extractor is built). The
/// reader and the writer are not pinned: they go where there is room.
mod affinity {
    /// Pins worker `i` of `pool` to the `i`-th CPU this process may run on,
    /// when the pool has exactly one worker for each (and more than one);
    /// true when it did. Pinning is only a help: a failure leaves the
    /// workers as they were.
    pub(super) fn pin_one_per_cpu(pool: &rayon::ThreadPool) -> bool {
        match allowed_cpus() {
            Some(cpus) if cpus.len() > 1 && cpus.len() == pool.current_num_threads() => {
                pool.broadcast(|worker| pin_current_thread(cpus[worker.index()]));
                true
            }
            _ => false,
        }
    }

    /// The CPUs the calling thread may run on, in order.
    #[cfg(target_os = "linux")]
    pub(super) fn allowed_cpus() -> Option<Vec<usize>> {
        // SAFETY: a cpu_set_t is a plain bit array, for which all zeros is
        // the empty set.
        let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        // SAFETY: the kernel writes at most the size given into `set`.
        let got =
            unsafe { libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) };
        (got == 0).then(|| {
            (0..libc::CPU_SETSIZE as usize)
                // SAFETY: every `cpu` is below CPU_SETSIZE, the bits in a set.
                .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
                .collect()
        })
    }

    #[cfg(not(target_os = "linux"))]
    pub(super) fn allowed_cpus() -> Option<Vec<usize>> {
        None
    }

    #[cfg(target_os = "linux")]
    fn pin_current_thread(cpu: usize) {
        if cpu >= libc::CPU_SETSIZE as usize {
            return;
        }
        // SAFETY: as in `allowed_cpus`.
        let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        // SAFETY: `cpu` is below CPU_SETSIZE, just checked; the kernel reads
        // at most the size given from `set`.
        unsafe {
            libc::CPU_SET(cpu, &mut set);
            libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn pin_current_thread(_cpu: usize) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Article;
    use crate::output::{CsvOptions, CsvSink};

    fn article(i: u64, text: &str) -> Result<Record, InputError> {
        Ok(Record::Article(Article {
            id: format!("a{i}"),
            meta: vec![],
            text: text.to_string(),
            location: Location {
                file: "t".into(),
                line: i,
            },
        }))
    }

    fn rejected(i: u64) -> Result<Record, InputError> {
        Ok(Record::Rejected(Rejected {
            location: Location {
                file: "t".into(),
                line: i,
            },
            reason: "bad".into(),
            raw: b"{".to_vec(),
        }))
    }

    fn records() -> Vec<Result<Record, InputError>> {
        let texts = [
            "“We will win,” Smith said.",
            "",
            "No quotes here.",
            "Jane Doe said: “Not today.”\n\n“Maybe tomorrow,” said Bob Roe.",
        ];
        (0..200)
            .map(|i| {
                if i % 37 == 5 {
                    rejected(i)
                } else {
                    article(i, texts[i as usize % texts.len()])
                }
            })
            .collect()
    }

    fn run(threads: usize, batch_bytes: usize, strict: bool) -> (Summary, String) {
        let extractor = Extractor::new();
        let mut sink = CsvSink::new(Vec::new(), CsvOptions::default()).unwrap();
        let summary = Pipeline::new(&extractor)
            .threads(threads)
            .batch_bytes(batch_bytes)
            .strict(strict)
            .run(records(), &mut sink, &mut NoObserver)
            .unwrap();
        (
            summary,
            String::from_utf8(sink.finish_into_inner().unwrap()).unwrap(),
        )
    }

    #[test]
    fn batches_start_small_and_double_up_to_the_batch_size() {
        // Articles of 100 KB: the first batch is sent after 3 (300 KB >= 256 KB).
        let text = "x".repeat(100 << 10);
        let records = (0..40).map(|i| article(i, &text).map(RawRecord::from));
        let mut sizes = Vec::new();
        read_batches(records, 1 << 20, |b| {
            sizes.push(b.unwrap().len());
            true
        });
        // 300 KB, 600 KB, then full batches of 11 (1.1 MB), and the rest.
        assert_eq!(sizes, [3, 6, 11, 11, 9]);
    }

    #[test]
    fn output_is_identical_for_any_thread_count_and_batch_size() {
        let (summary, one) = run(1, 1 << 20, false);
        assert_eq!(summary.stats.rejected, 6);
        assert_eq!(summary.stats.articles, 194);
        assert!(summary.stopped_at.is_none());
        for (threads, batch) in [(2, 1), (4, 100), (3, 7)] {
            let (s, out) = run(threads, batch, false);
            assert_eq!(out, one, "threads {threads}, batch {batch}");
            assert_eq!(s.stats, summary.stats);
        }
        // Rows are in input order: article ids never go backwards.
        let ids: Vec<u64> = one
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap()[1..].parse().unwrap())
            .collect();
        assert!(ids.windows(2).all(|w| w[0] <= w[1]));
    }

    /// A sink that hides its inner sink's renderer, so every article goes
    /// through `write_article` on the writing thread.
    struct Unrendered<S>(S);

    impl<S: Sink> Sink for Unrendered<S> {
        fn write_article(&mut self, a: &Article, q: &[Quote]) -> Result<(), OutputError> {
            self.0.write_article(a, q)
        }

        fn finish(&mut self) -> Result<(), OutputError> {
            self.0.finish()
        }
    }

    #[test]
    fn rows_formatted_on_the_workers_are_the_rows_the_sink_writes_itself() {
        let (_, rendered) = run(2, 64, false);
        let extractor = Extractor::new();
        let mut sink = Unrendered(CsvSink::new(Vec::new(), CsvOptions::default()).unwrap());
        Pipeline::new(&extractor)
            .threads(2)
            .batch_bytes(64)
            .run(records(), &mut sink, &mut NoObserver)
            .unwrap();
        let direct = String::from_utf8(sink.0.finish_into_inner().unwrap()).unwrap();
        assert!(direct.lines().count() > 100);
        assert_eq!(rendered, direct);
    }

    #[test]
    fn json_lines_decoded_on_the_workers_match_those_decoded_while_reading() {
        let dir = std::env::temp_dir().join(format!("saidby-pipeline-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("in.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"a\",\"text\":\"\\u201cYes,\\u201d Smith said.\"}\nnot json\n\
             {\"id\":\"b\",\"text\":\"Jane Doe said: \\\"Not today.\\\"\"}\n",
        )
        .unwrap();
        let extractor = Extractor::new();
        let run_with = |raw: bool| {
            let inputs =
                crate::input::Inputs::open(std::slice::from_ref(&path), &Default::default())
                    .unwrap();
            let mut sink = CsvSink::new(Vec::new(), CsvOptions::default()).unwrap();
            let pipeline = Pipeline::new(&extractor).threads(2);
            let summary = if raw {
                pipeline.run(inputs.records().raw(), &mut sink, &mut NoObserver)
            } else {
                pipeline.run(inputs.records(), &mut sink, &mut NoObserver)
            }
            .unwrap();
            let out = String::from_utf8(sink.finish_into_inner().unwrap()).unwrap();
            (summary.stats, out)
        };
        let (raw_stats, raw) = run_with(true);
        let (stats, decoded) = run_with(false);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!((raw_stats.articles, raw_stats.rejected), (2, 1));
        assert_eq!(raw_stats, stats);
        assert_eq!(raw, decoded);
        assert!(raw.contains("a,0,direct,\"Yes,\",Smith,"), "{raw}");
    }

    /// A renderer that panics on the article whose text says so.
    struct Panicky;

    impl Render for Panicky {
        fn render(&self, a: &Article, _: &[Quote], _: &mut Vec<u8>) -> Result<(), OutputError> {
            assert!(!a.text.contains("panic"), "the renderer panicked");
            Ok(())
        }
    }

    /// A sink whose rows are all formatted by `0` (on the workers), then dropped.
    struct RenderedBy(Arc<dyn Render>);

    impl Sink for RenderedBy {
        fn write_article(&mut self, _: &Article, _: &[Quote]) -> Result<(), OutputError> {
            Ok(())
        }

        fn finish(&mut self) -> Result<(), OutputError> {
            Ok(())
        }

        fn renderer(&self) -> Option<Arc<dyn Render>> {
            Some(Arc::clone(&self.0))
        }
    }

    #[test]
    fn a_panic_while_formatting_a_batch_reaches_the_caller_instead_of_hanging() {
        // A batch that never came back would leave the writer waiting for
        // it while the reader waits for a free slot: the run would hang.
        for threads in [1, 2] {
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                let extractor = Extractor::new();
                let records = (0..50).map(|i| article(i, if i == 20 { "panic" } else { "calm" }));
                let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    Pipeline::new(&extractor)
                        .threads(threads)
                        .batch_bytes(8)
                        .run(records, &mut RenderedBy(Arc::new(Panicky)), &mut NoObserver)
                }));
                let _ = tx.send(run.is_err());
            });
            let panicked = rx.recv_timeout(std::time::Duration::from_secs(20));
            assert_eq!(
                panicked,
                Ok(true),
                "{threads} threads: the run should panic, not hang or succeed"
            );
        }
    }

    #[test]
    fn workers_are_pinned_one_to_a_cpu_only_when_there_is_one_per_cpu() {
        let Some(cpus) = affinity::allowed_cpus().filter(|c| c.len() > 1) else {
            eprintln!("SKIPPED: pinning needs Linux and more than one CPU");
            return;
        };
        let pool = |n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
        };
        let each_worker_may_use =
            |pool: &rayon::ThreadPool| pool.broadcast(|_| affinity::allowed_cpus().unwrap());
        let full = pool(cpus.len());
        assert!(affinity::pin_one_per_cpu(&full));
        let mut pinned: Vec<usize> = each_worker_may_use(&full).concat();
        pinned.sort_unstable();
        assert_eq!(pinned, cpus, "one CPU to each worker, each CPU once");
        // One worker short: two such runs would both take the first CPUs.
        let fewer = pool(cpus.len() - 1);
        assert!(!affinity::pin_one_per_cpu(&fewer));
        assert!(each_worker_may_use(&fewer).iter().all(|c| *c == cpus));
    }

    #[test]
    fn strict_stops_at_the_first_rejected_record() {
        for threads in [1, 2] {
            let (summary, out) = run(threads, 10, true);
            assert_eq!(summary.stopped_at.map(|l| l.line), Some(5), "{threads}");
            assert_eq!(summary.stats.articles, 5, "{threads}");
            assert!(!out.contains("a6,"), "{threads}");
        }
    }

    /// A renderer that notes the threads it ran on.
    #[derive(Default)]
    struct ThreadSpy(std::sync::Mutex<std::collections::HashSet<std::thread::ThreadId>>);

    impl Render for ThreadSpy {
        fn render(&self, _: &Article, _: &[Quote], _: &mut Vec<u8>) -> Result<(), OutputError> {
            self.0.lock().unwrap().insert(std::thread::current().id());
            Ok(())
        }
    }

    #[test]
    fn one_thread_reads_extracts_and_writes_on_the_calling_thread_alone() {
        // A 1-thread run that kept a reader and a writer beside its worker
        // took a tenth of a second core as well.
        let extractor = Extractor::new();
        let here = std::thread::current().id();
        for (threads, alone) in [(1, true), (2, false)] {
            let read_on = std::sync::Mutex::new(std::collections::HashSet::new());
            let records = records().into_iter().inspect(|_| {
                read_on.lock().unwrap().insert(std::thread::current().id());
            });
            let spy = Arc::new(ThreadSpy::default());
            let summary = Pipeline::new(&extractor)
                .threads(threads)
                .batch_bytes(64)
                .run(records, &mut RenderedBy(spy.clone()), &mut NoObserver)
                .unwrap();
            assert_eq!(summary.stats.articles, 194);
            let read_on = read_on.into_inner().unwrap();
            let worked_on = spy.0.lock().unwrap().clone();
            assert_eq!(read_on.len(), 1, "one reader, {threads} threads");
            assert_eq!(read_on.contains(&here), alone, "{threads} threads");
            assert_eq!(worked_on.len() == 1 && worked_on.contains(&here), alone);
            assert!(!worked_on.is_empty());
        }
    }

    #[test]
    fn an_input_error_ends_the_run_after_writing_what_came_before() {
        let extractor = Extractor::new();
        for threads in [1, 2] {
            let mut sink = CsvSink::new(Vec::new(), CsvOptions::default()).unwrap();
            let records = vec![
                article(1, "“Yes,” Smith said."),
                Err(InputError::UnknownFormat { path: "x".into() }),
                article(2, "“No,” Smith said."),
            ];
            let err = Pipeline::new(&extractor)
                .threads(threads)
                .run(records, &mut sink, &mut NoObserver)
                .unwrap_err();
            assert!(matches!(err, PipelineError::Input(_)), "{threads}");
            let out = String::from_utf8(sink.finish_into_inner().unwrap()).unwrap();
            assert!(
                out.contains("a1,") && !out.contains("a2,"),
                "{threads}: {out}"
            );
        }
    }
}
