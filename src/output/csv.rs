//! The contract's CSV, optionally made safe for spreadsheets (`--excel`).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

use super::{OutputError, Sink, format_confidence, header, rows};
use crate::extractor::Quote;
use crate::input::Article;

/// The longest cell a spreadsheet accepts, in UTF-16 code units (what Excel
/// counts as characters).
pub const EXCEL_CELL_LIMIT: usize = 32_767;

/// Appended to a cell cut at [`EXCEL_CELL_LIMIT`], so the cut is visible.
pub const EXCEL_TRUNCATION_MARKER: &str = " [… cut by saidby: cell too long]";

/// How a [`CsvSink`] writes.
#[derive(Clone, Debug, Default)]
pub struct CsvOptions {
    /// Names of the metadata columns, placed right after `article_id`.
    pub meta: Vec<String>,
    /// Spreadsheet-safe output: a UTF-8 byte order mark, formula-like cells
    /// prefixed with `'`, and cells cut at [`EXCEL_CELL_LIMIT`].
    pub excel: bool,
}

/// Writes rows as RFC 4180 CSV, header first.
pub struct CsvSink<W: Write> {
    out: ::csv::Writer<W>,
    excel: bool,
    /// Reused for number cells, so a row costs no allocation for them.
    numbers: String,
}

impl<W: Write> CsvSink<W> {
    /// Writes the header (after a byte order mark for `excel`).
    pub fn new(mut out: W, options: CsvOptions) -> Result<CsvSink<W>, OutputError> {
        if options.excel {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut out = ::csv::WriterBuilder::new()
            .buffer_capacity(1 << 16)
            .from_writer(out);
        out.write_record(header(&options.meta))?;
        Ok(CsvSink {
            out,
            excel: options.excel,
            numbers: String::new(),
        })
    }

    /// Finishes and hands back the writer (tests, in-memory use).
    pub fn finish_into_inner(mut self) -> Result<W, OutputError> {
        self.finish()?;
        self.out
            .into_inner()
            .map_err(|e| OutputError::Io(e.into_error()))
    }

    fn text_cell(&mut self, cell: &str) -> Result<(), OutputError> {
        if self.excel {
            self.out.write_field(excel_cell(cell).as_bytes())?;
        } else {
            self.out.write_field(cell)?;
        }
        Ok(())
    }

    fn number_cell(&mut self, n: Option<usize>) -> Result<(), OutputError> {
        self.numbers.clear();
        if let Some(n) = n {
            // Writing into a String cannot fail.
            let _ = write!(self.numbers, "{n}");
        }
        self.out.write_field(self.numbers.as_bytes())?;
        Ok(())
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn write_article(&mut self, article: &Article, quotes: &[Quote]) -> Result<(), OutputError> {
        for row in rows(article, quotes) {
            let q = row.quote;
            self.text_cell(row.article_id)?;
            for m in row.meta {
                self.text_cell(m)?;
            }
            self.number_cell(Some(row.quote_index))?;
            self.text_cell(q.kind.as_str())?;
            self.text_cell(row.text)?;
            self.text_cell(q.speaker.as_deref().unwrap_or(""))?;
            self.text_cell(q.speaker_type.as_str())?;
            self.text_cell(q.organization.as_deref().unwrap_or(""))?;
            self.text_cell(row.verb.unwrap_or(""))?;
            self.text_cell(row.speaker_mention.unwrap_or(""))?;
            self.number_cell(Some(row.quote_range.0))?;
            self.number_cell(Some(row.quote_range.1))?;
            self.number_cell(row.speaker_range.map(|r| r.0))?;
            self.number_cell(row.speaker_range.map(|r| r.1))?;
            self.number_cell(row.verb_range.map(|r| r.0))?;
            self.number_cell(row.verb_range.map(|r| r.1))?;
            self.out.write_field(format_confidence(q.confidence))?;
            self.out.write_record(None::<&[u8]>)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), OutputError> {
        self.out.flush()?;
        Ok(())
    }
}

/// A cell made safe for a spreadsheet.
///
/// A cell starting with `=`, `+`, `-`, `@`, tab or carriage return would be
/// read as a formula (a quote beginning "@realDonaldTrump" among them), so it
/// gets a leading `'`; a cell longer than the spreadsheet limit is cut with a
/// visible marker instead of being silently truncated or rejected.
///
/// ```
/// use saidby::output::excel_cell;
/// assert_eq!(excel_cell("@realDonaldTrump is wrong"), "'@realDonaldTrump is wrong");
/// assert_eq!(excel_cell("plain"), "plain");
/// ```
pub fn excel_cell(cell: &str) -> Cow<'_, str> {
    let formula = matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    let prefix = if formula { "'" } else { "" };
    // Cheap test first: a cell of at most LIMIT / 3 bytes cannot exceed the
    // limit in UTF-16 units (each unit costs at least one byte, and a
    // supplementary char is four bytes for two units).
    let too_long = cell.len() + prefix.len() > EXCEL_CELL_LIMIT
        && cell.encode_utf16().count() + prefix.len() > EXCEL_CELL_LIMIT;
    if !formula && !too_long {
        return Cow::Borrowed(cell);
    }
    let mut out = String::with_capacity(cell.len().min(4 * EXCEL_CELL_LIMIT) + 1);
    out.push_str(prefix);
    if too_long {
        let budget =
            EXCEL_CELL_LIMIT - prefix.len() - EXCEL_TRUNCATION_MARKER.encode_utf16().count();
        let mut used = 0;
        for ch in cell.chars() {
            if used + ch.len_utf16() > budget {
                break;
            }
            used += ch.len_utf16();
            out.push(ch);
        }
        out.push_str(EXCEL_TRUNCATION_MARKER);
    } else {
        out.push_str(cell);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralized() {
        let cases = [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1 for this", "'+1 for this"),
            ("-- nothing", "'-- nothing"),
            ("@realDonaldTrump says", "'@realDonaldTrump says"),
            ("\tindented", "'\tindented"),
            ("\rreturn", "'\rreturn"),
            ("We will = win", "We will = win"),
            ("", ""),
        ];
        for (cell, want) in cases {
            assert_eq!(excel_cell(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn long_cells_are_cut_at_the_limit_with_a_marker() {
        let cell = "a".repeat(40_000);
        let out = excel_cell(&cell);
        assert_eq!(out.encode_utf16().count(), EXCEL_CELL_LIMIT);
        assert!(out.ends_with(EXCEL_TRUNCATION_MARKER));
        let exact = "b".repeat(EXCEL_CELL_LIMIT);
        assert_eq!(excel_cell(&exact), exact);
    }

    #[test]
    fn cut_counts_utf16_units_and_keeps_chars_whole() {
        // 20,000 emoji are 40,000 UTF-16 units but only 20,000 chars.
        let cell = "😀".repeat(20_000);
        let out = excel_cell(&cell);
        assert!(out.encode_utf16().count() <= EXCEL_CELL_LIMIT);
        assert!(out.ends_with(EXCEL_TRUNCATION_MARKER));
        let formula = format!("={}", "x".repeat(40_000));
        let out = excel_cell(&formula);
        assert!(out.starts_with("'="));
        assert_eq!(out.encode_utf16().count(), EXCEL_CELL_LIMIT);
    }
}
