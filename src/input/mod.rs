//! Reading articles from JSONL, CSV, text files and directories, plain or gzip.

/// Where a record came from, for error messages and default ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The input as named on the command line (`-` for stdin).
    pub file: String,
    /// 1-based line (JSONL, CSV) where the record starts; 0 for whole-file inputs.
    pub line: u64,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// One article, as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    /// The article's id (`<file>:<line>` when the input has none).
    pub id: String,
    /// Values of the `--meta` fields, in the order asked for (empty when absent).
    pub meta: Vec<String>,
    /// The text, exactly as decoded: all offsets index it.
    pub text: String,
    pub location: Location,
}
