//! `saidby speakers QUOTES.csv` on a hand-written quotes CSV (invented names).

use std::path::Path;
use std::process::{Command, Output};

const HEADER: &str = "article_id,date,quote_index,kind,quote,speaker,speaker_type,organization,verb,speaker_mention,quote_start,quote_end,speaker_start,speaker_end,verb_start,verb_end,confidence";

fn quotes_csv(rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s
}

fn saidby(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_saidby"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn cells_of(r: &[String]) -> Vec<&str> {
    r.iter().map(String::as_str).collect()
}

fn records(csv_text: &[u8]) -> Vec<Vec<String>> {
    csv::Reader::from_reader(csv_text)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

const ROWS: &[&str] = &[
    r#"n1,2021-06-01,0,direct,"We are ready, finally.",Ama Kesteven,person,Harbor Union,said,Ama Kesteven,1,22,25,37,38,42,0.90"#,
    r#"n1,2021-06-01,1,indirect,the strike would end,Ama Kesteven,person,Harbor Union,said,she,50,70,44,47,48,52,0.70"#,
    r#"n2,2021-07-15T08:00:00Z,0,direct,"=1+1, as we say.",Harbor Union,organization,Harbor Union,said,the union,1,16,18,27,28,32,0.85"#,
    r#"n2,2021-07-15T08:00:00Z,1,mixed,"the deal was ""fair""",Tomas Reyl,person,Harbor Union,said,Reyl,40,60,30,34,35,39,0.60"#,
    r#"n3,,0,direct,Who knows?,,unknown,,,,1,11,,,,,0.10"#,
];

#[test]
fn summarizes_a_quotes_csv_one_row_per_speaker() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("q.csv"), quotes_csv(ROWS)).unwrap();
    let out = saidby(&["speakers", "q.csv"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let header = csv::Reader::from_reader(out.stdout.as_slice())
        .headers()
        .unwrap()
        .clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        saidby::speakers::SPEAKER_COLUMNS
    );
    let rows = records(&out.stdout);
    assert_eq!(
        cells_of(&rows[0]),
        [
            "Harbor Union",
            "organization",
            "Harbor Union",
            "4",
            "2",
            "2",
            "2",
            "2021-06-01",
            "2021-07-15",
            "We are ready, finally."
        ]
    );
    assert_eq!(
        cells_of(&rows[1]),
        [
            "Ama Kesteven",
            "person",
            "Harbor Union",
            "2",
            "1",
            "1",
            "0",
            "2021-06-01",
            "2021-06-01",
            "We are ready, finally."
        ]
    );
    assert_eq!(
        cells_of(&rows[2]),
        [
            "Tomas Reyl",
            "person",
            "Harbor Union",
            "1",
            "0",
            "1",
            "0",
            "2021-07-15",
            "2021-07-15",
            "the deal was \"fair\""
        ]
    );
    assert_eq!(rows.len(), 3);
}

#[test]
fn writes_to_a_file_with_output_and_reads_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let input = quotes_csv(ROWS);
    let mut child = Command::new(env!("CARGO_BIN_EXE_saidby"))
        .args(["speakers", "-", "-o", "s.csv"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let written = std::fs::read(dir.path().join("s.csv")).unwrap();
    assert_eq!(records(&written).len(), 3);
}

#[test]
fn without_a_date_column_dates_are_empty() {
    let dir = tempfile::tempdir().unwrap();
    let csv_text =
        "article_id,kind,quote,speaker,speaker_type,organization\nx,direct,Hi.,Lena Dorr,person,\n";
    std::fs::write(dir.path().join("q.csv"), csv_text).unwrap();
    let out = saidby(&["speakers", "q.csv"], dir.path());
    assert!(out.status.success());
    let rows = records(&out.stdout);
    assert_eq!(
        rows,
        [["Lena Dorr", "person", "", "1", "1", "1", "0", "", "", "Hi."]]
    );
}

#[test]
fn a_csv_without_the_contract_columns_is_a_fatal_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("q.csv"), "id,text\n1,hello\n").unwrap();
    let out = saidby(&["speakers", "q.csv"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no `article_id` column"), "{err}");
    let out = saidby(&["speakers", "missing.csv"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_rows_are_skipped_with_a_warning_and_exit_1_under_strict() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = ROWS.to_vec();
    rows.push("n4,,0,shouted,Hey!,Ama Kesteven,person,Harbor Union,,,1,5,,,,,0.5");
    rows.push("n4,,1,direct,Hey!,Ama Kesteven,robot,Harbor Union,,,1,5,,,,,0.5");
    std::fs::write(dir.path().join("q.csv"), quotes_csv(&rows)).unwrap();
    let out = saidby(&["speakers", "q.csv"], dir.path());
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad kind \"shouted\""), "{err}");
    assert!(err.contains("bad speaker_type \"robot\""), "{err}");
    assert!(err.contains("2 row(s) of q.csv skipped"), "{err}");
    // The good rows are all still counted.
    assert_eq!(records(&out.stdout)[0][3], "4");
    let out = saidby(&["speakers", "--strict", "q.csv"], dir.path());
    assert_eq!(out.status.code(), Some(1));
}
