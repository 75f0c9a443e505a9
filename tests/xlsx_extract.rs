//! `saidby extract -o FILE.xlsx --speakers FILE.csv` on the shipped sample
//! articles: the workbook holds exactly what the CSV contract holds (typed),
//! and the three ways to get a speakers table agree.

use std::path::Path;
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};

const ARTICLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/articles.jsonl");

fn saidby(args: &[&str], dir: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_saidby"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name)
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect()
}

/// A workbook cell as the CSV writes it: numbers by column, dates as YYYY-MM-DD.
fn as_csv(cell: &Data, column: &str) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if column == "confidence" => format!("{f:.2}"),
        Data::Float(f) => {
            assert_eq!(f.fract(), 0.0, "{column} should be a whole number: {f}");
            format!("{f}")
        }
        Data::DateTime(d) => {
            // Days since 1899-12-30, to a civil date (Howard Hinnant's algorithm).
            let days = d.as_f64() as i64 - 25_569 + 719_468;
            let era = days.div_euclid(146_097);
            let doe = days - era * 146_097;
            let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            let mp = (5 * doy + 2) / 153;
            let day = doy - (153 * mp + 2) / 5 + 1;
            let month = if mp < 10 { mp + 3 } else { mp - 9 };
            let year = yoe + era * 400 + i64::from(month <= 2);
            format!("{year:04}-{month:02}-{day:02}")
        }
        other => panic!("unexpected cell in {column}: {other:?}"),
    }
}

#[test]
fn workbook_and_speakers_table_match_the_csv_of_the_same_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    saidby(
        &[
            "extract", ARTICLES, "--meta", "date,url", "-q", "-o", "run.csv",
        ],
        d,
    );
    saidby(
        &[
            "extract",
            ARTICLES,
            "--meta",
            "date,url",
            "-q",
            "-o",
            "run.xlsx",
            "--speakers",
            "sp.csv",
        ],
        d,
    );

    let csv = csv_rows(&d.join("run.csv"));
    assert!(csv.len() > 10, "the sample articles should give quotes");
    let quotes = sheet(&d.join("run.xlsx"), "quotes");
    assert_eq!(quotes.len(), csv.len());
    let header = &csv[0];
    for (i, (x, c)) in quotes.iter().zip(&csv).enumerate() {
        let x: Vec<String> = x
            .iter()
            .zip(header)
            .map(|(cell, col)| as_csv(cell, col))
            .collect();
        assert_eq!(&x, c, "row {i}");
    }
    // Typed, not text that looks like numbers or dates.
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    assert!(matches!(quotes[1][col("quote_start")], Data::Float(_)));
    assert!(matches!(quotes[1][col("date")], Data::DateTime(_)));

    // --speakers during the run == `saidby speakers` on the CSV afterwards == the sheet.
    let during = std::fs::read_to_string(d.join("sp.csv")).unwrap();
    let after = saidby(&["speakers", "run.csv"], d).stdout;
    assert_eq!(during, String::from_utf8(after).unwrap());
    let table = csv_rows(&d.join("sp.csv"));
    let speakers = sheet(&d.join("run.xlsx"), "speakers");
    assert_eq!(speakers.len(), table.len());
    for (x, c) in speakers.iter().zip(&table) {
        let x: Vec<String> = x
            .iter()
            .zip(&table[0])
            .map(|(cell, col)| as_csv(cell, col))
            .collect();
        assert_eq!(&x, c);
    }
}

#[test]
fn speakers_reads_back_an_excel_safe_csv() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    saidby(
        &[
            "extract",
            ARTICLES,
            "--meta",
            "date",
            "-q",
            "--excel",
            "-o",
            "x.csv",
            "--speakers",
            "sx.csv",
        ],
        d,
    );
    saidby(
        &["extract", ARTICLES, "--meta", "date", "-q", "-o", "p.csv"],
        d,
    );
    let from_excel = saidby(&["speakers", "x.csv"], d).stdout;
    let from_plain = saidby(&["speakers", "p.csv"], d).stdout;
    assert_eq!(from_excel, from_plain);
    let sx = std::fs::read(d.join("sx.csv")).unwrap();
    assert!(sx.starts_with("\u{feff}speaker,".as_bytes()));
}

#[test]
fn xlsx_without_a_file_is_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_saidby"))
        .args(["extract", ARTICLES, "--output-format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs -o FILE.xlsx"));
}
