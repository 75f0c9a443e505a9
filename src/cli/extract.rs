//! `saidby extract`: articles in, one row per quotation out.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use saidby::input::{InputFormat, Inputs, ReadOptions, Rejected, TsvStyle};
use saidby::output::xlsx::{XlsxOptions, XlsxWriter};
use saidby::output::{COLUMNS, CsvOptions, CsvSink, JsonlSink, Sinks};
use saidby::pipeline::{Observer, Pipeline, Stats};
use saidby::speakers::SpeakersSink;
use saidby::{Extractor, Lexicon};

const EXAMPLES: &str = "\
Examples:
  # Every .txt below data/articles (ids are paths relative to it), to a CSV file:
  saidby extract data/articles -o quotes.csv

  # A gzipped JSON Lines dump whose text is in `body`, keeping date and url:
  saidby extract dump.jsonl.gz --text-field body --meta date,url -o quotes.csv

  # From stdin (JSON Lines), as JSON Lines, first rows only:
  zcat dump.jsonl.gz | saidby extract --output-format jsonl | head

  # A CSV to open in a spreadsheet, keeping every unreadable record to fix later:
  saidby extract articles.csv --excel --rejects bad.csv -o quotes.csv

  # An Excel workbook (quotes and speakers sheets), and the speakers table as CSV:
  saidby extract dump.jsonl --meta date -o quotes.xlsx --speakers speakers.csv

  # Stop at the first unreadable record (exit code 1):
  saidby extract dump.jsonl --strict -o quotes.csv

Exit codes: 0 success (unreadable records, if any, were skipped and counted),
1 stopped at an unreadable record under --strict, 2 fatal error (an input or
output that cannot be opened, a bad option, a lexicon that cannot be read).";

#[derive(Debug, clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub struct Args {
    /// Articles to read: files or directories; `-` (or nothing) reads JSON Lines from stdin.
    ///
    /// The format is told by the extension, looking through `.gz`:
    /// `.jsonl`/`.ndjson` (one JSON object per line), `.csv`/`.tsv` (a header
    /// row, then one article per row), `.txt` (one article per file, its id
    /// is the file name). A directory stands for every `.txt` file below it,
    /// in sorted path order, with ids relative to it. Gzip input is
    /// recognized by its content and decompressed on the fly.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Write to FILE instead of stdout.
    ///
    /// The rows go to a temporary file beside FILE, renamed to FILE only when
    /// the run succeeds: an interrupted or failed run never leaves a
    /// truncated FILE that looks complete. A FILE that is not a regular file
    /// (/dev/null, a named pipe) is written directly; through a symbolic
    /// link, the file it points to is replaced, and the link kept.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Output format [default: from the -o extension (.jsonl/.ndjson, .xlsx), else csv].
    ///
    /// csv: the CSV contract (docs/output-schema.md), a header row first.
    ///
    /// jsonl: one JSON object per row, same keys, numbers as numbers, null for
    /// empty cells.
    ///
    /// xlsx: an Excel workbook with a `quotes` and a `speakers` sheet (needs
    /// -o FILE; see docs/spreadsheets.md).
    #[arg(long, value_enum, value_name = "FORMAT")]
    output_format: Option<OutputFormat>,

    /// Read every input as this format, whatever its extension (also for stdin).
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<InputFormatArg>,

    /// How a TSV input keeps tabs, newlines and quotes inside a field.
    ///
    /// quoted: as in CSV, a field may be put in "quotes", with a quote
    /// inside doubled; so Excel, LibreOffice and pandas write TSV.
    ///
    /// plain: no quoting, a record is a line and a field ends at a tab (the
    /// IANA format). Use it for a raw export: read as quoted, a text that
    /// begins with a quotation ("We are ready," she said.) loses its marks.
    ///
    /// escaped: plain, with \t, \n, \r and \\ for a tab, a newline, a
    /// carriage return and a backslash, and \N alone for an empty field, as
    /// PostgreSQL COPY, mysql --batch and ClickHouse write it.
    #[arg(long, value_enum, value_name = "STYLE", default_value = "quoted")]
    tsv_style: TsvStyleArg,

    /// The JSON key or CSV column that holds the article text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    text_field: String,

    /// The JSON key or CSV column that holds the article id.
    ///
    /// An article without one gets `<file>:<line>` as its id.
    #[arg(long, value_name = "NAME", default_value = "id")]
    id_field: String,

    /// Copy these input fields into columns right after article_id (comma-separated).
    ///
    /// A field missing from a record gives an empty cell; non-string JSON
    /// values are written as JSON. Text files have no fields: their cells
    /// are empty.
    #[arg(long, value_name = "FIELDS", value_delimiter = ',')]
    meta: Vec<String>,

    /// Worker threads for extraction [default: one per core].
    ///
    /// The output is byte for byte the same whatever the number. With one
    /// thread per core (the default), each is pinned to a core of its own
    /// (see --no-pin); reading and writing run on two more threads. With 1,
    /// one thread reads, extracts and writes in turn, so the run takes one
    /// core and no more: for a job given one CPU, or one run per core.
    #[arg(
        short = 'j',
        long,
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    threads: usize,

    /// Leave the worker threads to the scheduler instead of pinning them.
    ///
    /// With one thread per core, each worker is kept on a core of its own:
    /// left free, two workers now and then shared a core for milliseconds
    /// while another sat idle. Pass this when saidby must make room for
    /// other work on the same cores.
    #[arg(long)]
    no_pin: bool,

    /// Make the CSV safe to open in a spreadsheet.
    ///
    /// Adds a UTF-8 byte order mark; prefixes with ' every cell that begins
    /// with =, +, -, @, a tab or a carriage return, so none is run as a
    /// formula; cuts cells longer than 32,767 characters there, with a
    /// visible marker. Offsets still index the original text.
    #[arg(long)]
    excel: bool,

    /// Also write the speakers table to FILE (CSV): one row per speaker.
    ///
    /// Speaker, type and organization with the number of quotes, direct
    /// quotes and articles, first and last date (with --meta date), and an
    /// example quote; organizations also get a row summing their people.
    #[arg(long, value_name = "FILE")]
    speakers: Option<PathBuf>,

    /// Write every unreadable record to FILE, exactly as it was in the input.
    ///
    /// One record after another, each followed by a newline (CSV records
    /// without their header), so they can be fixed and run again; of a
    /// record over --max-record-size, its first 1024 bytes.
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,

    /// Stop at the first unreadable record, with exit code 1.
    ///
    /// Without it, unreadable records (malformed JSON, a missing or
    /// non-string text field, a CSV row with the wrong number of fields,
    /// invalid UTF-8, a truncated gzip, a record over --max-record-size) are
    /// reported on stderr with file, line and reason, counted, and skipped.
    #[arg(long)]
    strict: bool,

    /// Reject a record longer than SIZE, without reading it whole.
    ///
    /// A JSON line, a CSV record or a text file over SIZE bytes is
    /// reported and skipped like any unreadable record, with only its
    /// first 1024 bytes kept (in --rejects too), so that one corrupt line
    /// with no newline cannot take all the memory. SIZE is bytes, or with
    /// a suffix K, M or G (powers of 1024); `none` for no limit.
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
    max_record_size: usize,

    /// Article text per parallel batch, in bytes (for tests of batch boundaries).
    #[arg(long, value_name = "BYTES", hide = true, default_value_t = saidby::pipeline::DEFAULT_BATCH_BYTES)]
    batch_size: usize,

    /// No progress bar and no summary line (errors are still reported).
    #[arg(short, long)]
    quiet: bool,

    /// Replace the built-in reporting cues with the list in FILE.
    ///
    /// One cue a line ("said", "according to"), `#` starts a comment; see
    /// data/lexicons/cues.txt for the built-in list.
    #[arg(long, value_name = "FILE")]
    cues: Option<PathBuf>,

    /// Replace the built-in organization names with the list in FILE.
    ///
    /// Same format as --cues; see data/lexicons/organizations.txt.
    #[arg(long, value_name = "FILE")]
    organizations: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum OutputFormat {
    Csv,
    Jsonl,
    Xlsx,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum TsvStyleArg {
    Quoted,
    Plain,
    Escaped,
}

impl From<TsvStyleArg> for TsvStyle {
    fn from(s: TsvStyleArg) -> TsvStyle {
        match s {
            TsvStyleArg::Quoted => TsvStyle::Quoted,
            TsvStyleArg::Plain => TsvStyle::Plain,
            TsvStyleArg::Escaped => TsvStyle::Escaped,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum InputFormatArg {
    Jsonl,
    Csv,
    Tsv,
    Txt,
}

impl From<InputFormatArg> for InputFormat {
    fn from(f: InputFormatArg) -> InputFormat {
        match f {
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Csv => InputFormat::Csv,
            InputFormatArg::Tsv => InputFormat::Tsv,
            InputFormatArg::Txt => InputFormat::Text,
        }
    }
}

/// A size in bytes, as `--max-record-size` takes it: `4096`, `512K`,
/// `16M`, `1G` (powers of 1024, either case), or `none`.
fn parse_size(s: &str) -> Result<usize, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(usize::MAX);
    }
    let (digits, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => s.split_at(i),
        None => (s, ""),
    };
    let shift = match unit.to_ascii_uppercase().as_str() {
        "" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => {
            return Err(format!(
                "`{unit}` is no size unit: give bytes, or K, M or G"
            ));
        }
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("`{s}` is no size: give a number, like 16M, or `none`"))?;
    match n.checked_mul(1 << shift) {
        Some(0) => Err("a limit of 0 bytes would reject every record".into()),
        Some(bytes) => Ok(bytes),
        None => Err(format!("`{s}` is too large")),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    check_meta(&args.meta)?;
    let extractor = build_extractor(&args)?;
    let read = ReadOptions {
        format: args.input_format.map(InputFormat::from),
        text_field: args.text_field.clone(),
        id_field: args.id_field.clone(),
        meta: args.meta.clone(),
        max_record_bytes: args.max_record_size,
        tsv_style: args.tsv_style.into(),
    };
    let inputs = Inputs::open(&args.inputs, &read)?;
    if args.inputs.is_empty() && std::io::stdin().is_terminal() && !args.quiet {
        // Waiting silently on a terminal looks like a hang.
        super::say!("saidby: reading JSON Lines from stdin (give INPUT files, or see --help)");
    }

    let mut outputs = Outputs::default();
    // Declared before `sinks`, which borrows it, so its summary can be read after.
    let mut xlsx: Option<XlsxWriter> = None;
    let mut sinks = Sinks::new();
    let format = output_format(&args)?;
    if format == OutputFormat::Xlsx {
        let path = args
            .output
            .as_deref()
            .filter(|p| p.as_os_str() != "-")
            .context("xlsx output needs -o FILE.xlsx: a workbook cannot be streamed to stdout")?;
        let (file, _) = outputs.file(path)?;
        let writer = XlsxWriter::new(file, &args.meta, XlsxOptions::default())
            .with_context(|| format!("cannot create {}", path.display()))?;
        sinks.push(xlsx.insert(writer));
    }
    match format {
        OutputFormat::Xlsx => {}
        OutputFormat::Csv => {
            let out = outputs.writer(args.output.as_deref())?;
            let options = CsvOptions {
                meta: args.meta.clone(),
                excel: args.excel,
            };
            sinks.push(CsvSink::new(out, options)?);
        }
        OutputFormat::Jsonl => {
            let out = outputs.writer(args.output.as_deref())?;
            sinks.push(JsonlSink::new(out, args.meta.clone()));
        }
    }
    if let Some(path) = &args.speakers {
        let (file, _) = outputs.file(path)?;
        sinks.push(SpeakersSink::new(
            BufWriter::new(file),
            &args.meta,
            args.excel,
        ));
    }
    let rejects_file = args
        .rejects
        .as_deref()
        .map(|path| outputs.file(path).map(|(file, _)| BufWriter::new(file)))
        .transpose()?;

    let bytes_read = inputs.bytes_read();
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let total = if show_progress {
        inputs.total_bytes()
    } else {
        None
    };
    let mut reporter = Reporter::new(show_progress, total, rejects_file);
    let summary = Pipeline::new(&extractor)
        .threads(args.threads)
        .pin_workers(!args.no_pin)
        .batch_bytes(args.batch_size)
        .strict(args.strict)
        .bytes_read(Arc::clone(&bytes_read))
        .run(inputs.records().raw(), &mut sinks, &mut reporter)?;
    reporter.finish_bar();

    let code = if let Some(at) = &summary.stopped_at {
        match args.output.as_deref() {
            Some(path) if path.as_os_str() != "-" => super::say!(
                "saidby: stopped at {at} (--strict); {} was not written",
                path.display()
            ),
            _ => super::say!("saidby: stopped at {at} (--strict)"),
        }
        // The output is incomplete: keep only the rejects, which are what
        // the user needs to fix the input.
        outputs.discard_all_but(args.rejects.as_deref());
        ExitCode::from(super::EXIT_SKIPPED)
    } else {
        ExitCode::SUCCESS
    };
    saidby::output::Sink::finish(&mut sinks)?;
    drop(sinks);
    if let (Some(xlsx), false) = (&xlsx, args.quiet) {
        let s = xlsx.summary();
        if s.sheets.len() > 2 {
            super::say!(
                "saidby: more rows than a sheet holds: the workbook has sheets {}",
                s.sheets.join(", ")
            );
        }
        if s.truncated_cells > 0 {
            super::say!(
                "saidby: {} cells longer than a spreadsheet cell holds were cut, ending with {:?}",
                s.truncated_cells,
                saidby::output::xlsx::TRUNCATION_MARKER
            );
        }
    }
    reporter.finish_rejects()?;
    outputs.commit()?;
    if !args.quiet {
        super::say!("{}", summary_line(&summary.stats, reporter.start.elapsed()));
    }
    Ok(code)
}

fn check_meta(meta: &[String]) -> anyhow::Result<()> {
    for (i, name) in meta.iter().enumerate() {
        if name.is_empty() {
            bail!("--meta: empty field name");
        }
        if COLUMNS.contains(&name.as_str()) {
            bail!("--meta {name}: the output already has a column of that name");
        }
        if meta[..i].contains(name) {
            bail!("--meta {name}: named twice");
        }
    }
    Ok(())
}

fn build_extractor(args: &Args) -> anyhow::Result<Extractor> {
    let mut builder = Extractor::builder();
    if let Some(path) = &args.cues {
        builder = builder.cues(Lexicon::from_file(path).context("--cues")?);
    }
    if let Some(path) = &args.organizations {
        builder = builder.organizations(Lexicon::from_file(path).context("--organizations")?);
    }
    builder
        .build()
        .context("cannot build the extractor from the lexicons given")
}

fn output_format(args: &Args) -> anyhow::Result<OutputFormat> {
    let from_ext = args.output.as_deref().and_then(|p| {
        let ext = p.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => Some(OutputFormat::Jsonl),
            "xlsx" => Some(OutputFormat::Xlsx),
            "csv" => Some(OutputFormat::Csv),
            _ => None,
        }
    });
    let format = args.output_format.or(from_ext).unwrap_or(OutputFormat::Csv);
    if args.excel && format != OutputFormat::Csv {
        bail!("--excel applies to CSV output only");
    }
    Ok(format)
}

/// Output files, each written to a temporary file beside its target and
/// renamed into place by [`Outputs::commit`]; dropped uncommitted, the
/// temporary files are removed.
#[derive(Default)]
struct Outputs {
    /// The temporary file, the path asked for, and the file it becomes.
    pending: Vec<(tempfile::TempPath, PathBuf, PathBuf)>,
}

impl Outputs {
    /// A writer for `path`, or stdout for `None` or `-`.
    fn writer(&mut self, path: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
        match path {
            Some(path) if path.as_os_str() != "-" => Ok(Box::new(self.file(path)?.0)),
            _ => Ok(Box::new(std::io::stdout().lock())),
        }
    }

    /// A new temporary file that will become `path`; or `path` itself,
    /// opened for writing, when it is a device, a FIFO or a socket.
    fn file(&mut self, path: &Path) -> anyhow::Result<(File, PathBuf)> {
        // Renamed over, `-o /dev/null` made /dev/null a regular file (as
        // root; others could not write to it at all), and a named pipe's
        // reader never got a row. Only a regular file can be replaced.
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            return Ok((file, path.to_path_buf()));
        }
        // Renamed over, a symbolic link became a file of its own and the
        // file it points to kept the last run's rows.
        let real = match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => {
                std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
            }
            _ => path.to_path_buf(),
        };
        let dir = match real.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let name = real.file_name().unwrap_or(real.as_os_str());
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{}.", name.to_string_lossy()))
            .suffix(".saidby-tmp")
            .tempfile_in(dir)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let (file, temp) = temp.into_parts();
        self.pending.push((temp, path.to_path_buf(), real));
        Ok((file, path.to_path_buf()))
    }

    /// Forgets (and so deletes) every pending file except `keep`.
    fn discard_all_but(&mut self, keep: Option<&Path>) {
        self.pending
            .retain(|(_, asked, _)| Some(asked.as_path()) == keep);
    }

    fn commit(self) -> anyhow::Result<()> {
        for (temp, target, real) in self.pending {
            #[cfg(unix)]
            {
                // Temporary files are private (0600); the result is an
                // ordinary file like any other the user writes.
                use std::os::unix::fs::PermissionsExt;
                let perms = std::fs::Permissions::from_mode(0o644);
                std::fs::set_permissions(&temp, perms)
                    .with_context(|| format!("cannot write {}", target.display()))?;
            }
            temp.persist(&real)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        Ok(())
    }
}

/// How many unreadable records are described one by one before the rest
/// are only counted, so a file of garbage cannot flood the terminal.
const SHOWN_REJECTS: u64 = 50;

/// Everything the user sees while the run goes: the progress bar, the
/// unreadable records (on stderr and in --rejects).
struct Reporter {
    bar: Option<ProgressBar>,
    rejects: Option<BufWriter<File>>,
    shown: u64,
    start: Instant,
}

impl Reporter {
    fn new(show: bool, total: Option<u64>, rejects: Option<BufWriter<File>>) -> Reporter {
        let bar = show.then(|| {
            let (bar, template) = match total {
                Some(total) => (
                    ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
                    "{spinner} {elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} \
                     ({binary_bytes_per_sec}, ETA {eta}) {msg}",
                ),
                None => (
                    ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                    "{spinner} {elapsed_precise} {bytes} read ({binary_bytes_per_sec}) {msg}",
                ),
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Reporter {
            bar,
            rejects,
            shown: 0,
            start: Instant::now(),
        }
    }

    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| super::say!("{line}")),
            None => super::say!("{line}"),
        }
    }

    fn finish_bar(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    fn finish_rejects(&mut self) -> anyhow::Result<()> {
        if let Some(mut rejects) = self.rejects.take() {
            rejects.flush().context("cannot write the rejects file")?;
        }
        Ok(())
    }
}

impl Observer for Reporter {
    fn rejected(&mut self, rejected: &Rejected) -> std::io::Result<()> {
        self.shown += 1;
        if self.shown <= SHOWN_REJECTS {
            self.say(&format!("saidby: skipped {rejected}"));
        } else if self.shown == SHOWN_REJECTS + 1 {
            self.say("saidby: more unreadable records follow; they are counted, not shown");
        }
        if let Some(out) = &mut self.rejects {
            out.write_all(&rejected.raw)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn progress(&mut self, stats: &Stats) {
        if let Some(bar) = &self.bar {
            bar.set_position(stats.bytes_read);
            let secs = self.start.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{} articles ({:.0}/s), {} quotes",
                stats.articles,
                stats.articles as f64 / secs,
                stats.quotes
            ));
        }
    }
}

/// Throughput counts article text (decoded, decompressed), so it compares
/// across input formats and compression.
fn summary_line(stats: &Stats, elapsed: Duration) -> String {
    let mb = stats.text_bytes as f64 / 1e6;
    let secs = elapsed.as_secs_f64();
    format!(
        "saidby: {} articles, {} quotes, {} skipped records, {:.1} MB of text in {:.2} s ({:.1} MB/s)",
        stats.articles,
        stats.quotes,
        stats.rejected,
        mb,
        secs,
        mb / secs.max(1e-6)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_names_must_not_shadow_columns() {
        assert!(check_meta(&["date".into(), "url".into()]).is_ok());
        for bad in [
            vec!["quote".to_string()],
            vec!["a".into(), "a".into()],
            vec![String::new()],
        ] {
            assert!(check_meta(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn summary_line_reads_well() {
        let stats = Stats {
            articles: 3,
            quotes: 7,
            rejected: 1,
            text_bytes: 2_000_000,
            ..Stats::default()
        };
        assert_eq!(
            summary_line(&stats, Duration::from_secs(2)),
            "saidby: 3 articles, 7 quotes, 1 skipped records, 2.0 MB of text in 2.00 s (1.0 MB/s)"
        );
    }
}
