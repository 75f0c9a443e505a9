//! Writing rows: CSV (the contract), JSONL.
