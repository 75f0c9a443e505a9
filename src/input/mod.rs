//! Reading articles from JSONL, CSV, text files and directories, plain or gzip.
