//! `saidby speakers QUOTES.csv`: the speakers table of a previous run's CSV.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use saidby::speakers::{self, Date, Mention, SpeakersTable};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A quotes CSV written by `saidby extract` (`-` reads stdin).
    input: PathBuf,
    /// Write the table here instead of stdout.
    #[arg(short, long, value_name = "FILE.csv")]
    output: Option<PathBuf>,
    /// Exit with code 1 when rows had to be skipped (bad `kind` or `speaker_type`).
    #[arg(long)]
    strict: bool,
    /// Make the CSV safe to open in a spreadsheet, as `saidby extract --excel` does.
    #[arg(long)]
    excel: bool,
}

/// Column positions of what the table needs, found by name (the contract).
struct Columns {
    article_id: usize,
    kind: usize,
    quote: usize,
    speaker: usize,
    speaker_type: usize,
    organization: usize,
    date: Option<usize>,
}

impl Columns {
    fn find(header: &csv::StringRecord) -> anyhow::Result<Columns> {
        let pos = |name: &str| header.iter().position(|h| h == name);
        let need = |name: &str| {
            pos(name).with_context(|| format!("no `{name}` column: is this a saidby quotes CSV?"))
        };
        Ok(Columns {
            article_id: need("article_id")?,
            kind: need("kind")?,
            quote: need("quote")?,
            speaker: need("speaker")?,
            speaker_type: need("speaker_type")?,
            organization: need("organization")?,
            date: pos("date"),
        })
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let name = args.input.display().to_string();
    let reader: Box<dyn io::Read> = if name == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(&args.input).with_context(|| format!("cannot open {name}"))?)
    };
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let mut header = csv
        .headers()
        .with_context(|| format!("cannot read the header of {name}"))?
        .clone();
    // A CSV written with `extract --excel` starts with a byte order mark and
    // has formula-like cells prefixed with `'`: read it back as written.
    let from_excel = header.get(0).is_some_and(|h| h.starts_with('\u{feff}'));
    if from_excel {
        header = header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                if i == 0 {
                    h.trim_start_matches('\u{feff}')
                } else {
                    h
                }
            })
            .collect();
    }
    let cols = Columns::find(&header).with_context(|| format!("in {name}"))?;

    let mut table = SpeakersTable::new();
    let mut skipped = 0u64;
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            // A broken record (bad UTF-8, ...) is skipped like a bad value; I/O is fatal.
            Err(e) if !matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                skip(&name, &format!("{e}"), &mut skipped);
                continue;
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read {name}")),
        }
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| {
            let c = record.get(i).unwrap_or("");
            if from_excel { unexcel(c) } else { c }
        };
        let Some(kind) = speakers::parse_kind(cell(cols.kind)) else {
            let why = format!("line {line}: bad kind {:?}", cell(cols.kind));
            skip(&name, &why, &mut skipped);
            continue;
        };
        let Some(speaker_type) = speakers::parse_speaker_type(cell(cols.speaker_type)) else {
            let why = format!(
                "line {line}: bad speaker_type {:?}",
                cell(cols.speaker_type)
            );
            skip(&name, &why, &mut skipped);
            continue;
        };
        table.add(&Mention {
            article_id: cell(cols.article_id),
            speaker: cell(cols.speaker),
            speaker_type,
            organization: cell(cols.organization),
            kind,
            quote: cell(cols.quote),
            date: cols.date.and_then(|i| Date::parse(cell(i))),
        });
    }

    let rows = table.finish();
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut out = io::BufWriter::new(file);
            speakers::write_csv(&rows, &mut out, args.excel)
                .and_then(|()| out.flush().map_err(csv::Error::from))
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => speakers::write_csv(&rows, io::stdout().lock(), args.excel)
            .context("cannot write stdout")?,
    }
    if skipped > 0 {
        super::say!("saidby: {skipped} row(s) of {name} skipped");
        if args.strict {
            return Ok(ExitCode::from(super::EXIT_SKIPPED));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Warns about the first few skipped rows; the total is told at the end.
fn skip(name: &str, why: &str, skipped: &mut u64) {
    *skipped += 1;
    if *skipped <= 10 {
        super::say!("saidby: warning: {name}: {why}; row skipped");
    }
}

/// Undoes `extract --excel`'s `'` before a formula-like cell.
fn unexcel(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}
