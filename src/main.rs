//! The `saidby` command: parse arguments once, run, map the outcome to an exit code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = <cli::Cli as clap::Parser>::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            if cli::is_broken_pipe(&err) {
                // `saidby extract big.jsonl | head`: the reader is gone, which is not an error.
                return ExitCode::SUCCESS;
            }
            cli::say!("saidby: error: {err:#}");
            ExitCode::from(cli::EXIT_FATAL)
        }
    }
}
