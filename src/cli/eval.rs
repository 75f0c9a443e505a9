//! `saidby eval`: score the extractor (or a previous run's CSV) against gold.

use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use rayon::prelude::*;
use saidby::eval::{self, Floor, Scorer, SystemQuote, report};

/// Exit code when a figure fell below the --floor.
const EXIT_BELOW_FLOOR: u8 = 1;

#[derive(Debug, clap::Args)]
#[command(after_long_help = concat!("MATCHING RULES\n\n", include_str!("../eval/rules.md"),
"\nEXIT STATUS\n\n0 scored (and every figure at or above --floor), 1 a figure fell below\n\
the floor (each one is listed on stderr), 2 fatal error."))]
pub struct Args {
    /// Gold directory: text/*.txt and attributions/*.ann (brat, PolNeAR layout).
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,
    /// Score this quotes CSV (a previous `saidby extract` run, contract
    /// columns) instead of running the extractor.
    #[arg(long, value_name = "FILE")]
    system: Option<PathBuf>,
    /// Print the figures as JSON (the shape of a --floor file).
    #[arg(long)]
    json: bool,
    /// Also print N examples of each kind of error (misses, false alarms,
    /// wrong speakers, per category), with article, offsets and context.
    #[arg(long, value_name = "N")]
    errors: Option<usize>,
    /// Fail (exit 1) when a figure falls below its minimum in this JSON file.
    #[arg(long, value_name = "FILE")]
    floor: Option<PathBuf>,
    /// Write the current figures less --tolerance to this file as a new floor.
    #[arg(long, value_name = "FILE")]
    write_floor: Option<PathBuf>,
    /// How far below the current figures --write-floor sets the floor.
    #[arg(long, value_name = "X", default_value_t = 0.01)]
    tolerance: f64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Read the floor first: a typo in it should fail before minutes of work.
    let floor = match &args.floor {
        Some(path) => {
            let json = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Some(Floor::parse(&json).with_context(|| format!("in {}", path.display()))?)
        }
        None => None,
    };
    anyhow::ensure!(
        (0.0..=1.0).contains(&args.tolerance),
        "--tolerance must be in [0, 1]"
    );
    let docs = eval::read_gold_dir(&args.gold)
        .with_context(|| format!("cannot read gold from {}", args.gold.display()))?;
    let missing = docs.iter().filter(|d| d.ann.is_none()).count();
    if missing > 0 {
        super::say!(
            "saidby eval: warning: {missing} articles have no .ann file (scored as having no attributions)"
        );
    }
    let skipped: Vec<&String> = docs.iter().flat_map(|d| &d.skipped).collect();
    if !skipped.is_empty() {
        super::say!(
            "saidby eval: warning: {} gold events left out for mislabelled links:",
            skipped.len()
        );
        for line in skipped {
            super::say!("  {line}");
        }
    }
    let mut failed: Vec<&str> = Vec::new();
    let systems: Vec<Vec<SystemQuote>> = match &args.system {
        Some(path) => from_csv(path, &docs)?,
        None => {
            let extractor = saidby::Extractor::new();
            // A panic in the extractor is a bug, but one article's bug should
            // not hide the figures of the rest: it scores as extracting
            // nothing (which lowers recall, so the floor still sees it).
            let runs: Vec<Option<Vec<SystemQuote>>> = docs
                .par_iter()
                .map(|d| {
                    std::panic::catch_unwind(AssertUnwindSafe(|| {
                        SystemQuote::from_quotes(&d.text, &extractor.extract(&d.text))
                    }))
                    .ok()
                })
                .collect();
            runs.into_iter()
                .zip(&docs)
                .map(|(run, d)| {
                    run.unwrap_or_else(|| {
                        failed.push(&d.id);
                        Vec::new()
                    })
                })
                .collect()
        }
    };
    if !failed.is_empty() {
        super::say!(
            "saidby eval: WARNING: the extractor panicked (a bug) on {} articles, scored as extracting nothing: {}",
            failed.len(),
            failed.join(", ")
        );
    }
    for (d, rows) in docs.iter().zip(&systems) {
        let chars = d.text.chars().count();
        if let Some(q) = rows.iter().find(|q| q.span.1 > chars) {
            anyhow::bail!(
                "{}: quote span {}..{} is beyond the article ({chars} chars)",
                d.id,
                q.span.0,
                q.span.1
            );
        }
    }
    let evaluation = Scorer::default().score(&docs, &systems);

    let mut out = std::io::stdout().lock();
    if args.json {
        let mut value = serde_json::to_value(report::JsonReport::new(&evaluation))?;
        if !failed.is_empty() {
            value["extractor_panics"] = serde_json::json!(failed);
        }
        if let Some(n) = args.errors {
            let examples: Vec<_> = report::sample_errors(&evaluation, n)
                .into_iter()
                .flat_map(|(_, _, v)| v)
                .collect();
            value["errors"] = serde_json::to_value(examples)?;
        }
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} articles, gold {}",
            evaluation.articles,
            args.gold.display()
        )?;
        write!(out, "{}", report::table(&evaluation))?;
        if let Some(n) = args.errors {
            write!(out, "{}", report::errors_text(&evaluation, n))?;
        }
    }
    out.flush()?;

    if let Some(path) = &args.write_floor {
        let floor = Floor::from_evaluation(&evaluation, args.tolerance);
        let json = serde_json::to_string_pretty(&floor)? + "\n";
        std::fs::write(path, json).with_context(|| format!("cannot write {}", path.display()))?;
        super::say!(
            "saidby eval: wrote floor {} (tolerance {})",
            path.display(),
            args.tolerance
        );
    }
    if let Some(floor) = floor {
        let below = floor.violations(&evaluation);
        if !below.is_empty() {
            super::say!("saidby eval: {} figures below the floor:", below.len());
            for v in &below {
                super::say!("  {v}");
            }
            return Ok(ExitCode::from(EXIT_BELOW_FLOOR));
        }
        super::say!("saidby eval: every figure at or above the floor");
    }
    Ok(ExitCode::SUCCESS)
}

fn from_csv(path: &PathBuf, docs: &[eval::GoldDoc]) -> anyhow::Result<Vec<Vec<SystemQuote>>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut output = eval::system::read_csv(std::io::BufReader::new(file))
        .with_context(|| format!("in {}", path.display()))?;
    let systems: Vec<Vec<SystemQuote>> = docs
        .iter()
        .map(|d| output.articles.remove(&d.id).unwrap_or_default())
        .collect();
    let stray: usize = output.articles.values().map(Vec::len).sum();
    if stray > 0 {
        super::say!(
            "saidby eval: warning: {stray} of {} rows belong to no gold article (e.g. {:?}); ignored",
            output.rows,
            output
                .articles
                .keys()
                .min()
                .map(String::as_str)
                .unwrap_or("")
        );
    }
    Ok(systems)
}
