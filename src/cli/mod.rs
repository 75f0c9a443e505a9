//! The command line: one module per subcommand, each turning its arguments
//! into a checked configuration and running it.

/// Like `eprintln!`, but a closed stderr (`2>&1 | head`) is not a panic:
/// a message nobody can read is dropped.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use say;

mod eval;
mod extract;
mod speakers;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code when some records were skipped under `--strict`.
pub const EXIT_SKIPPED: u8 = 1;
/// Exit code of a fatal error (unreadable input, bad arguments).
pub const EXIT_FATAL: u8 = 2;

/// Who said what in news articles: quotations, speakers, organizations, as CSV.
#[derive(Debug, Parser)]
#[command(name = "saidby", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per process: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Extract quotations and their speakers from articles.
    Extract(extract::Args),
    /// Score extraction against hand-annotated gold (brat standoff).
    Eval(eval::Args),
    /// Summarize a quotes CSV into one row per speaker.
    Speakers(speakers::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Speakers(args) => speakers::run(args),
    }
}

/// Whether the error chain holds a broken pipe (the reader of stdout went away).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
