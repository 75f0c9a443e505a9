//! An Excel workbook: a `quotes` sheet (the contract's columns) and a
//! `speakers` sheet (see [`crate::speakers`]), streamed to disk.
//!
//! Made to open right the first time in Excel, LibreOffice or Google Sheets:
//! a frozen bold header row with an autofilter, column widths set, the quote
//! column wrapped, offsets and confidence stored as numbers, a `date`
//! metadata column in `YYYY-MM-DD` stored as a real date. Every text cell is
//! written as a string, never as a formula: a quote reading `=SUM(A1)` or
//! `@realDonaldTrump` stays that text.
//!
//! Excel's limits are met visibly: past [`XlsxOptions::max_rows`] rows a
//! sheet continues on `quotes_2`, `quotes_3`, ...; a cell longer than
//! [`XlsxOptions::max_cell_chars`] is cut and ends with [`TRUNCATION_MARKER`].
//! [`XlsxSummary`] reports both.
//!
//! Worksheets use rust_xlsxwriter's constant-memory mode: rows go to a
//! temporary file as they are written, so memory stays flat however long
//! the run; only the speakers table (one entry per speaker) is kept.

use std::borrow::Cow;
use std::fs::File;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::{
    COLUMNS, EXCEL_CELL_LIMIT, EXCEL_TRUNCATION_MARKER, OutputError, Row, Sink, format_confidence,
    rows,
};
use crate::extractor::Quote;
use crate::input::Article;
use crate::speakers::{Date, Mention, SPEAKER_COLUMNS, SpeakerRow, SpeakersTable};

/// Rows in an Excel sheet, header included.
pub const EXCEL_MAX_ROWS: u32 = 1_048_576;
/// Columns in an Excel sheet.
pub const EXCEL_MAX_COLUMNS: usize = 16_384;
/// Characters in an Excel cell (counted as Excel does, in UTF-16 units).
pub const EXCEL_MAX_CELL_CHARS: usize = EXCEL_CELL_LIMIT;
/// Ends a cell that was cut to fit (the same as in `--excel` CSV).
pub const TRUNCATION_MARKER: &str = EXCEL_TRUNCATION_MARKER;

/// Limits of the workbook; the defaults are Excel's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XlsxOptions {
    /// Rows per sheet, header included (at least 2, at most [`EXCEL_MAX_ROWS`]).
    pub max_rows: u32,
    /// UTF-16 units per cell (more than the marker, at most [`EXCEL_MAX_CELL_CHARS`]).
    pub max_cell_chars: usize,
}

impl Default for XlsxOptions {
    fn default() -> XlsxOptions {
        XlsxOptions {
            max_rows: EXCEL_MAX_ROWS,
            max_cell_chars: EXCEL_MAX_CELL_CHARS,
        }
    }
}

/// What was written, to tell the user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XlsxSummary {
    pub quote_rows: u64,
    pub speaker_rows: u64,
    /// Names of the sheets, in order.
    pub sheets: Vec<String>,
    /// Cells cut to fit the cell limit.
    pub truncated_cells: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cell {
    Text,
    Wrapped,
    Integer,
    Confidence,
    Date,
}

struct Formats {
    header: Format,
    wrapped: Format,
    confidence: Format,
    date: Format,
}

/// A sheet being filled: its name stem, its columns, where the next row goes.
struct Sheet {
    stem: &'static str,
    header: Vec<String>,
    cells: Vec<Cell>,
    widths: Vec<f64>,
    /// Index of the current worksheet in the workbook.
    index: usize,
    /// Number of worksheets of this stem so far.
    part: u32,
    /// Next row to write in the current worksheet.
    row: u32,
}

/// Writes rows to an `.xlsx` file; [`XlsxWriter::save`] (or [`Sink::finish`])
/// writes the speakers sheet and saves it. Also a [`Sink`], so a run can feed it.
///
/// ```
/// # fn main() -> Result<(), rust_xlsxwriter::XlsxError> {
/// use saidby::output::{rows, xlsx::{XlsxOptions, XlsxWriter}};
/// use saidby::input::{Article, Location};
///
/// let article = Article {
///     id: "a1".into(),
///     meta: vec!["2016-03-01".into()],
///     text: "“=SUM(A1) is not a formula,” Odile Varenne said.".into(),
///     location: Location { file: "-".into(), line: 1 },
/// };
/// let quotes = saidby::Extractor::new().extract(&article.text);
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("quotes.xlsx");
/// let mut xlsx = XlsxWriter::create(&path, &["date".to_string()], XlsxOptions::default())?;
/// for row in rows(&article, &quotes) {
///     xlsx.write_row(&row)?;
/// }
/// let summary = xlsx.save()?;
/// assert_eq!(summary.sheets, ["quotes", "speakers"]);
/// # Ok(()) }
/// ```
pub struct XlsxWriter {
    workbook: Workbook,
    /// Taken by [`XlsxWriter::save`]: `None` once saved.
    file: Option<File>,
    options: XlsxOptions,
    formats: Formats,
    quotes: Sheet,
    /// Position of the `date` column among the metadata columns.
    date_meta: Option<usize>,
    speakers: SpeakersTable,
    summary: XlsxSummary,
}

impl XlsxWriter {
    /// Creates `path` now (so a bad path fails before the run) and the
    /// `quotes` sheet, with `meta` columns after `article_id`.
    pub fn create(
        path: &Path,
        meta: &[String],
        options: XlsxOptions,
    ) -> Result<XlsxWriter, XlsxError> {
        // Checked first, so bad options leave no empty file behind.
        check(meta, &options)?;
        XlsxWriter::new(File::create(path)?, meta, options)
    }

    /// As [`XlsxWriter::create`], into an open file (the workbook is written
    /// there from its start when saved).
    pub fn new(file: File, meta: &[String], options: XlsxOptions) -> Result<XlsxWriter, XlsxError> {
        check(meta, &options)?;
        let date_meta = meta.iter().position(|m| m == "date");

        let mut header = vec![COLUMNS[0].to_owned()];
        header.extend(meta.iter().cloned());
        header.extend(COLUMNS[1..].iter().map(|c| c.to_string()));
        let cells: Vec<Cell> = header
            .iter()
            .enumerate()
            .map(|(i, name)| match name.as_str() {
                _ if i == 0 || i > meta.len() => quote_column_cell(name),
                "date" if Some(i - 1) == date_meta => Cell::Date,
                _ => Cell::Text,
            })
            .collect();
        let widths = widths(&header, &cells);

        let mut xlsx = XlsxWriter {
            workbook: Workbook::new(),
            file: Some(file),
            options,
            formats: Formats {
                header: Format::new().set_bold(),
                wrapped: Format::new().set_text_wrap().set_align(FormatAlign::Top),
                confidence: Format::new().set_num_format("0.00"),
                date: Format::new().set_num_format("yyyy-mm-dd"),
            },
            quotes: Sheet {
                stem: "quotes",
                header,
                cells,
                widths,
                index: 0,
                part: 0,
                row: 0,
            },
            date_meta,
            speakers: SpeakersTable::new(),
            summary: XlsxSummary::default(),
        };
        let XlsxWriter {
            workbook,
            formats,
            quotes,
            summary,
            ..
        } = &mut xlsx;
        new_sheet(workbook, formats, quotes, &mut summary.sheets)?;
        Ok(xlsx)
    }

    /// Appends one row to the `quotes` sheet (continuing on a new sheet when
    /// this one is full) and counts it in the speakers table.
    pub fn write_row(&mut self, row: &Row<'_>) -> Result<(), XlsxError> {
        self.speakers.add(&Mention::from_row(row, self.date_meta));
        let XlsxWriter {
            workbook,
            options,
            formats,
            quotes: sheet,
            summary,
            ..
        } = self;
        if sheet.row >= options.max_rows {
            new_sheet(workbook, formats, sheet, &mut summary.sheets)?;
        }
        let ws = workbook.worksheet_from_index(sheet.index)?;
        let r = sheet.row;
        let q = row.quote;
        let num = |n: usize| n as f64;
        let opt_num = |p: Option<(usize, usize)>, end: bool| {
            p.map(|(s, e)| if end { num(e) } else { num(s) })
        };
        let mut col: u16 = 0;
        let mut put = |value: Value<'_>| -> Result<(), XlsxError> {
            let cell = sheet.cells[usize::from(col)];
            write_value(ws, r, col, cell, value, options, formats, summary)?;
            col += 1;
            Ok(())
        };
        put(Value::Text(row.article_id))?;
        for m in row.meta {
            put(Value::Text(m))?;
        }
        put(Value::Number(Some(num(row.quote_index))))?;
        put(Value::Text(q.kind.as_str()))?;
        put(Value::Text(row.text))?;
        put(Value::Text(q.speaker.as_deref().unwrap_or("")))?;
        put(Value::Text(q.speaker_type.as_str()))?;
        put(Value::Text(q.organization.as_deref().unwrap_or("")))?;
        put(Value::Text(row.verb.unwrap_or("")))?;
        put(Value::Text(row.speaker_mention.unwrap_or("")))?;
        put(Value::Number(Some(num(row.quote_range.0))))?;
        put(Value::Number(Some(num(row.quote_range.1))))?;
        put(Value::Number(opt_num(row.speaker_range, false)))?;
        put(Value::Number(opt_num(row.speaker_range, true)))?;
        put(Value::Number(opt_num(row.verb_range, false)))?;
        put(Value::Number(opt_num(row.verb_range, true)))?;
        // As the CSV shows it (0.9, not the f32's 0.8999999761581421; NaN as 0).
        let confidence = format_confidence(q.confidence).parse().unwrap_or(0.0);
        put(Value::Number(Some(confidence)))?;
        sheet.row += 1;
        summary.quote_rows += 1;
        Ok(())
    }

    /// What was written so far (all of it once saved).
    pub fn summary(&self) -> &XlsxSummary {
        &self.summary
    }

    /// Writes the `speakers` sheet and the autofilters, and saves the
    /// workbook. Once only: a second call is an error.
    pub fn save(&mut self) -> Result<XlsxSummary, XlsxError> {
        let file = self.file.take().ok_or_else(|| {
            XlsxError::ParameterError("the workbook was already saved".to_owned())
        })?;
        let XlsxWriter {
            workbook,
            options,
            formats,
            quotes,
            speakers,
            summary,
            ..
        } = self;
        close_sheet(workbook, quotes)?;

        let header: Vec<String> = SPEAKER_COLUMNS.iter().map(|c| c.to_string()).collect();
        let cells: Vec<Cell> = header.iter().map(|c| speaker_column_cell(c)).collect();
        let widths = widths(&header, &cells);
        let mut sheet = Sheet {
            stem: "speakers",
            header,
            cells,
            widths,
            index: 0,
            part: 0,
            row: 0,
        };
        new_sheet(workbook, formats, &mut sheet, &mut summary.sheets)?;
        for s in std::mem::take(speakers).finish() {
            if sheet.row >= options.max_rows {
                new_sheet(workbook, formats, &mut sheet, &mut summary.sheets)?;
            }
            let ws = workbook.worksheet_from_index(sheet.index)?;
            for (col, value) in (0u16..).zip(speaker_values(&s)) {
                let cell = sheet.cells[usize::from(col)];
                write_value(ws, sheet.row, col, cell, value, options, formats, summary)?;
            }
            sheet.row += 1;
            summary.speaker_rows += 1;
        }
        close_sheet(workbook, &sheet)?;
        workbook.save_to_writer(file)?;
        Ok(summary.clone())
    }
}

impl Sink for XlsxWriter {
    fn write_article(&mut self, article: &Article, quotes: &[Quote]) -> Result<(), OutputError> {
        for row in rows(article, quotes) {
            self.write_row(&row).map_err(output_error)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), OutputError> {
        self.save().map(drop).map_err(output_error)
    }
}

/// The sink error of a workbook error, keeping an I/O error as it was.
fn output_error(err: XlsxError) -> OutputError {
    match err {
        XlsxError::IoError(io) => OutputError::Io(io),
        other => OutputError::Io(std::io::Error::other(other)),
    }
}

fn check(meta: &[String], options: &XlsxOptions) -> Result<(), XlsxError> {
    if !(2..=EXCEL_MAX_ROWS).contains(&options.max_rows) {
        return Err(XlsxError::ParameterError(format!(
            "rows per sheet must be in 2..={EXCEL_MAX_ROWS}, not {}",
            options.max_rows
        )));
    }
    let marker = utf16_len(TRUNCATION_MARKER);
    if !(marker + 1..=EXCEL_MAX_CELL_CHARS).contains(&options.max_cell_chars) {
        return Err(XlsxError::ParameterError(format!(
            "characters per cell must be in {}..={EXCEL_MAX_CELL_CHARS}, not {}",
            marker + 1,
            options.max_cell_chars
        )));
    }
    if meta.len() + COLUMNS.len() > EXCEL_MAX_COLUMNS {
        return Err(XlsxError::ParameterError(format!(
            "{} metadata columns: a sheet holds {EXCEL_MAX_COLUMNS} columns",
            meta.len()
        )));
    }
    Ok(())
}

enum Value<'a> {
    Text(&'a str),
    Number(Option<f64>),
    Date(Option<Date>),
}

fn speaker_values(s: &SpeakerRow) -> [Value<'_>; 10] {
    let n = |v: u64| Value::Number(Some(v as f64));
    [
        Value::Text(&s.speaker),
        Value::Text(s.speaker_type.as_str()),
        Value::Text(&s.organization),
        n(s.quotes),
        n(s.direct_quotes),
        n(s.articles),
        n(s.via_people),
        Value::Date(s.first_date),
        Value::Date(s.last_date),
        Value::Text(&s.example_quote),
    ]
}

#[allow(clippy::too_many_arguments)] // one call per cell; a struct would only rename them
fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: Cell,
    value: Value<'_>,
    options: &XlsxOptions,
    formats: &Formats,
    summary: &mut XlsxSummary,
) -> Result<(), XlsxError> {
    let date = match value {
        Value::Number(None) | Value::Date(None) => return Ok(()),
        Value::Number(Some(n)) => {
            match cell {
                Cell::Confidence => ws.write_number_with_format(row, col, n, &formats.confidence),
                _ => ws.write_number(row, col, n),
            }?;
            return Ok(());
        }
        Value::Date(Some(d)) => Some(d),
        // Not a date we can read: kept below, as text.
        Value::Text(s) if cell == Cell::Date => Date::parse(s),
        Value::Text(_) => None,
    };
    if let Some(d) = date
        && let Ok(dt) = ExcelDateTime::from_ymd(d.year, d.month, d.day)
    {
        ws.write_datetime_with_format(row, col, &dt, &formats.date)?;
        return Ok(());
    }
    let text = match value {
        Value::Text(s) => Cow::Borrowed(s),
        Value::Date(Some(d)) => Cow::Owned(d.to_string()),
        _ => return Ok(()),
    };
    let (text, cut) = fit_cell(&text, options.max_cell_chars);
    if cut {
        summary.truncated_cells += 1;
    }
    // write_string, never write(): nothing a quote says becomes a formula.
    match cell {
        Cell::Wrapped => ws.write_string_with_format(row, col, text, &formats.wrapped),
        _ => ws.write_string(row, col, text),
    }?;
    Ok(())
}

fn quote_column_cell(name: &str) -> Cell {
    match name {
        "quote" => Cell::Wrapped,
        "quote_index" | "quote_start" | "quote_end" | "speaker_start" | "speaker_end"
        | "verb_start" | "verb_end" => Cell::Integer,
        "confidence" => Cell::Confidence,
        _ => Cell::Text,
    }
}

fn speaker_column_cell(name: &str) -> Cell {
    match name {
        "example_quote" => Cell::Wrapped,
        "quotes" | "direct_quotes" | "articles" | "via_people" => Cell::Integer,
        "first_date" | "last_date" => Cell::Date,
        _ => Cell::Text,
    }
}

/// Column width in Excel's units (about one character each).
/// The width of every column, from its header and the kind of its cells.
fn widths(header: &[String], cells: &[Cell]) -> Vec<f64> {
    header
        .iter()
        .zip(cells)
        .map(|(name, &cell)| width(name, cell))
        .collect()
}

fn width(name: &str, cell: Cell) -> f64 {
    match (name, cell) {
        (_, Cell::Wrapped) => 80.0,
        (_, Cell::Date) => 12.0,
        (_, Cell::Confidence) => 11.0,
        ("quote_index" | "via_people", _) => 11.0,
        ("direct_quotes", _) => 13.0,
        (_, Cell::Integer) => 10.0,
        ("article_id" | "speaker" | "speaker_mention", _) => 24.0,
        ("organization", _) => 28.0,
        ("kind" | "verb", _) => 12.0,
        ("speaker_type", _) => 13.0,
        _ => 20.0,
    }
}

/// Starts the next worksheet of `sheet`'s stem: name, widths, frozen bold
/// header. In constant-memory mode all of this must precede the data rows.
fn new_sheet(
    workbook: &mut Workbook,
    formats: &Formats,
    sheet: &mut Sheet,
    names: &mut Vec<String>,
) -> Result<(), XlsxError> {
    if sheet.part > 0 {
        close_sheet(workbook, sheet)?;
    }
    sheet.part += 1;
    let name = match sheet.part {
        1 => sheet.stem.to_owned(),
        n => format!("{}_{n}", sheet.stem),
    };
    let ws = workbook.add_worksheet_with_constant_memory()?;
    ws.set_name(&name)?;
    for (col, &w) in (0u16..).zip(&sheet.widths) {
        ws.set_column_width(col, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (col, name) in (0u16..).zip(&sheet.header) {
        ws.write_string_with_format(
            0,
            col,
            fit_cell(name, EXCEL_MAX_CELL_CHARS).0,
            &formats.header,
        )?;
    }
    sheet.index = names.len();
    sheet.row = 1;
    names.push(name);
    Ok(())
}

/// Sets the autofilter over the header and the rows written.
fn close_sheet(workbook: &mut Workbook, sheet: &Sheet) -> Result<(), XlsxError> {
    let ws = workbook.worksheet_from_index(sheet.index)?;
    let last_col = u16::try_from(sheet.header.len().saturating_sub(1))
        .map_err(|_| XlsxError::RowColumnLimitError)?;
    ws.autofilter(0, 0, sheet.row.saturating_sub(1), last_col)?;
    Ok(())
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// `s` cut to at most `max` UTF-16 units, ending with [`TRUNCATION_MARKER`]
/// when it had to be cut (the second value). Escaping (`<`, control
/// characters, a literal `_xHHHH_`) is rust_xlsxwriter's.
pub fn fit_cell(s: &str, max: usize) -> (Cow<'_, str>, bool) {
    // A char takes at least as many UTF-8 bytes as UTF-16 units: short in bytes is short.
    if s.len() <= max || utf16_len(s) <= max {
        return (Cow::Borrowed(s), false);
    }
    let budget = max.saturating_sub(utf16_len(TRUNCATION_MARKER));
    let mut used = 0;
    let mut cut = 0;
    for (i, c) in s.char_indices() {
        if used + c.len_utf16() > budget {
            cut = i;
            break;
        }
        used += c.len_utf16();
    }
    let mut t = String::with_capacity(cut + TRUNCATION_MARKER.len());
    t.push_str(&s[..cut]);
    t.push_str(TRUNCATION_MARKER);
    (Cow::Owned(t), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cell_cuts_long_text_with_the_marker_within_the_limit() {
        let marker = utf16_len(TRUNCATION_MARKER);
        let cases: [(&str, usize, bool); 4] = [
            ("short", 40, false),
            (&"a".repeat(40), 40, false),
            (&"a".repeat(41), 40, true),
            // Emoji are two UTF-16 units each, as Excel counts them.
            (&"😀".repeat(30), 40, true),
        ];
        for (s, max, want_cut) in cases {
            let (out, cut) = fit_cell(s, max);
            assert_eq!(cut, want_cut, "{s:?}");
            assert!(utf16_len(&out) <= max, "{s:?} -> {out:?}");
            if cut {
                assert!(out.ends_with(TRUNCATION_MARKER));
                assert!(utf16_len(&out) > max - marker - 2, "{s:?} cut too short");
            } else {
                assert_eq!(out, s);
            }
        }
    }
}
