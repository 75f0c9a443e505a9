//! Errors of the library. Context (file names, the command line) is added by the CLI.

use std::path::PathBuf;

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read lexicon {path}: {source}")]
    LexiconIo {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("lexicon {name} is invalid: {reason}")]
    Lexicon { name: String, reason: String },
    #[error("cannot build the {what} matcher: {reason}")]
    Build { what: &'static str, reason: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
