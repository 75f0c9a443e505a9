//! The workbook opened by a real spreadsheet program: LibreOffice headless
//! converts every sheet to CSV, and the CSV must show what we wrote: text as
//! text (formula-looking quotes not evaluated), dates formatted as dates,
//! numbers as numbers. Skipped, with the reason printed, without LibreOffice.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use saidby::input::{Article, Location};
use saidby::output::rows;
use saidby::output::xlsx::{XlsxOptions, XlsxWriter};
use saidby::{Quote, QuoteKind, Span, SpeakerType};

fn office() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|b| dir.join(b)))
        .find(|p| p.is_file())
}

fn quote(
    text: &str,
    needle: &str,
    kind: QuoteKind,
    speaker: &str,
    ty: SpeakerType,
    org: &str,
) -> Quote {
    let start = text.find(needle).unwrap();
    let verb = text.find("said").map(|v| Span::new(v, v + 4));
    Quote {
        kind,
        span: Span::new(start, start + needle.len()),
        statement: 0,
        speaker: Some(speaker.to_owned()),
        speaker_type: ty,
        organization: (!org.is_empty()).then(|| org.to_owned()),
        speaker_mention: None,
        verb,
        confidence: 0.75,
    }
}

fn write_workbook(path: &Path) {
    let t1 = "“=SUM(A1)” said Wren Halvorsen of the Quay Society.";
    let t2 = "“@quaysociety, 1+1” the Quay Society said.";
    let a1 = Article {
        id: "w1".into(),
        meta: vec!["2022-10-03".into()],
        text: t1.into(),
        location: Location {
            file: "x".into(),
            line: 1,
        },
    };
    let a2 = Article {
        id: "w2".into(),
        meta: vec!["2022-10-09".into()],
        text: t2.into(),
        ..a1.clone()
    };
    let q1 = [quote(
        t1,
        "=SUM(A1)",
        QuoteKind::Direct,
        "Wren Halvorsen",
        SpeakerType::Person,
        "Quay Society",
    )];
    let q2 = [quote(
        t2,
        "@quaysociety, 1+1",
        QuoteKind::Direct,
        "Quay Society",
        SpeakerType::Organization,
        "Quay Society",
    )];
    let mut xlsx = XlsxWriter::create(path, &["date".to_string()], XlsxOptions::default()).unwrap();
    for row in rows(&a1, &q1).iter().chain(&rows(&a2, &q2)) {
        xlsx.write_row(row).unwrap();
    }
    xlsx.save().unwrap();
}

/// Runs LibreOffice, killing it if it hangs (a stuck profile lock, say).
fn convert(office: &Path, xlsx: &Path, dir: &Path) -> bool {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    // Filter options: comma, double quote, UTF-8, from line 1, ..., sheet -1 = every sheet to its own file.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    let mut child = Command::new(office)
        .args([&profile, "--headless", "--convert-to", filter, "--outdir"])
        .arg(dir)
        .arg(xlsx)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        if start.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            let _ = child.wait();
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("LibreOffice wrote no {}: {e}", path.display()));
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn libreoffice_reads_the_workbook_as_written() {
    let Some(office) = office() else {
        eprintln!(
            "skipped: neither soffice nor libreoffice is on PATH (apt-get install libreoffice-calc)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("run.xlsx");
    write_workbook(&xlsx);
    assert!(
        convert(&office, &xlsx, dir.path()),
        "LibreOffice failed to convert {}",
        xlsx.display()
    );

    let quotes = read_csv(&dir.path().join("run-quotes.csv"));
    let mut header = vec!["article_id", "date"];
    header.extend(&saidby::output::COLUMNS[1..]);
    assert_eq!(quotes[0], header);
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    assert_eq!(quotes.len(), 3);
    // Not evaluated: a formula would have exported its result (0), an @ or
    // "1+1" would have been turned into something else.
    assert_eq!(quotes[1][col("quote")], "=SUM(A1)");
    assert_eq!(quotes[2][col("quote")], "@quaysociety, 1+1");
    // A real date cell, shown through its yyyy-mm-dd format.
    assert_eq!(quotes[1][col("date")], "2022-10-03");
    assert_eq!(quotes[1][col("quote_index")], "0");
    assert_eq!(quotes[1][col("quote_start")], "1");
    assert_eq!(quotes[1][col("confidence")], "0.75");
    assert_eq!(quotes[1][col("speaker_start")], "");

    let speakers = read_csv(&dir.path().join("run-speakers.csv"));
    assert_eq!(speakers[0], saidby::speakers::SPEAKER_COLUMNS);
    assert_eq!(
        speakers[1],
        [
            "Quay Society",
            "organization",
            "Quay Society",
            "2",
            "2",
            "2",
            "1",
            "2022-10-03",
            "2022-10-09",
            "=SUM(A1)"
        ]
    );
    assert_eq!(
        speakers[2][..4],
        ["Wren Halvorsen", "person", "Quay Society", "1"]
    );
}
