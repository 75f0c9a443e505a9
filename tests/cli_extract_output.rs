//! What `saidby extract` writes: the contract's CSV, JSONL, spreadsheet-safe
//! CSV, files replaced only when complete, the same bytes for any thread count.

mod common;

use common::*;

#[test]
fn any_thread_count_batch_size_or_pinning_gives_identical_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("many.jsonl");
    let mut input = String::new();
    for (i, mut o) in sample_jsonl().into_iter().cycle().take(300).enumerate() {
        o["id"] = format!("n{i}").into();
        input.push_str(&o.to_string());
        input.push('\n');
    }
    std::fs::write(&path, input).unwrap();
    let p = path.to_str().unwrap();
    let run_with = |threads: &str, batch: &str, more: &[&str]| {
        let mut args = vec![
            "extract",
            p,
            "--threads",
            threads,
            "--batch-size",
            batch,
            "-q",
        ];
        args.extend(more);
        ok(saidby(&args, None))
    };
    let run = |threads: &str, batch: &str| run_with(threads, batch, &[]);
    let one = run("1", "4194304");
    assert!(Table::parse(&one).rows.len() > 500);
    // Small batches put many batch boundaries in play.
    for (threads, batch) in [("4", "4194304"), ("4", "3000"), ("1", "1"), ("3", "700")] {
        assert!(
            run(threads, batch) == one,
            "--threads {threads} --batch-size {batch} differs"
        );
    }
    // One thread per core (0), each pinned to its core, or left free.
    assert!(run("0", "3000") == one, "--threads 0 differs");
    assert!(
        run_with("0", "3000", &["--no-pin"]) == one,
        "--no-pin differs"
    );
}

#[test]
fn excel_neutralizes_formulas_and_adds_a_bom() {
    let long = "a".repeat(40_000);
    let input = [
        serde_json::json!({"id": "=cmd", "text": "\"@realDonaldTrump is wrong about this,\" Ana Ruiz said."}),
        serde_json::json!({"id": "t2", "text": "\"-5 degrees tonight,\" Bo Lind said."}),
        serde_json::json!({"id": "t3", "text": format!("\"{long},\" Bo Lind said.")}),
    ]
    .map(|o| o.to_string())
    .join("\n");
    let out = ok(saidby(&["extract", "--excel"], Some(input.as_bytes())));
    let body = out
        .strip_prefix("\u{feff}".as_bytes())
        .expect("a UTF-8 byte order mark");
    let table = Table::parse(body);
    assert_eq!(table.header, saidby::output::COLUMNS);
    let quotes = table.column("quote");
    assert_eq!(quotes[0], "'@realDonaldTrump is wrong about this,");
    assert_eq!(table.rows[0]["article_id"], "'=cmd");
    assert_eq!(quotes[1], "'-5 degrees tonight,");
    // Offsets still index the original text, not the escaped cell.
    assert_eq!(table.rows[0]["quote_start"], "1");
    for row in &table.rows {
        for cell in row.values() {
            assert!(cell.encode_utf16().count() <= saidby::output::EXCEL_CELL_LIMIT);
        }
    }
    let cut = table
        .rows
        .iter()
        .find(|r| r["article_id"] == "t3")
        .expect("the long quote is found");
    assert!(cut["quote"].ends_with(saidby::output::EXCEL_TRUNCATION_MARKER));

    // Without --excel the same cells are untouched.
    let plain = Table::parse(&ok(saidby(&["extract"], Some(input.as_bytes()))));
    assert_eq!(
        plain.column("quote")[0],
        "@realDonaldTrump is wrong about this,"
    );
    assert_eq!(plain.column("quote")[2].chars().count(), 40_001);
}

#[test]
fn output_file_is_written_beside_then_renamed() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("quotes.csv");
    std::fs::write(&target, "stale").unwrap();
    let out = saidby(
        &["extract", "data/articles", "-o", target.to_str().unwrap()],
        None,
    );
    assert!(ok(out).is_empty(), "nothing on stdout with -o");
    let want = ok(saidby(&["extract", "data/articles"], None));
    assert_eq!(std::fs::read(&target).unwrap(), want);
    let names = file_names(tmp.path());
    assert_eq!(names, ["quotes.csv"], "no temporary file left behind");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }
}

/// Regression: `-o /dev/null` renamed a temporary file over /dev/null, which
/// became a regular file holding the rows (as root; anyone else got "cannot
/// create /dev/null").
#[cfg(unix)]
#[test]
fn output_to_dev_null_leaves_the_device_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let out = saidby(&["extract", "data/articles", "-o", "/dev/null"], None);
    assert!(ok(out).is_empty(), "nothing on stdout with -o");
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(meta.file_type().is_char_device(), "/dev/null replaced");
}

/// Regression: a named pipe given to -o was replaced by a regular file, so
/// the program reading the pipe waited for rows that never came.
#[cfg(unix)]
#[test]
fn output_to_a_named_pipe_reaches_its_reader() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("rows");
    match std::process::Command::new("mkfifo").arg(&fifo).status() {
        Ok(status) if status.success() => {}
        _ => {
            eprintln!("SKIPPED: no mkfifo on this machine");
            return;
        }
    }
    // A thread of its own, left blocked in `open` if the bug is back: the
    // test then fails on the timeout below instead of hanging.
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || tx.send(std::fs::read(fifo).unwrap()));
    }
    let out = saidby(
        &["extract", "data/articles", "-o", fifo.to_str().unwrap()],
        None,
    );
    assert!(ok(out).is_empty(), "nothing on stdout with -o");
    let got = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the pipe's reader got no rows");
    assert_eq!(got, ok(saidby(&["extract", "data/articles"], None)));
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(!meta.is_file(), "the pipe was replaced by a file");
}

/// Regression: the rename replaced a symbolic link given to -o with a file
/// of its own, and the file it pointed to kept the last run's rows.
#[cfg(unix)]
#[test]
fn output_through_a_symlink_updates_the_file_it_points_to() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("2026-12.csv");
    let link = tmp.path().join("latest.csv");
    std::fs::write(&real, "stale").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = saidby(
        &["extract", "data/articles", "-o", link.to_str().unwrap()],
        None,
    );
    assert!(ok(out).is_empty(), "nothing on stdout with -o");
    let want = ok(saidby(&["extract", "data/articles"], None));
    assert_eq!(std::fs::read(&real).unwrap(), want);
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    let names = file_names(tmp.path());
    assert_eq!(
        names,
        ["2026-12.csv", "latest.csv"],
        "no temporary file left"
    );
}

#[test]
fn a_failed_run_leaves_no_output_file() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("quotes.csv");
    // The second input is a CSV without a text column: fatal, after the
    // first input was already written.
    let bad = tmp.path().join("bad.csv");
    std::fs::write(&bad, "id,body\n1,x\n").unwrap();
    let out = saidby(
        &[
            "extract",
            "data/articles.jsonl",
            bad.to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let names = file_names(tmp.path());
    assert_eq!(names, ["bad.csv"]);
}

#[test]
fn jsonl_output_has_the_csv_columns_as_keys() {
    let csv = Table::parse(&ok(saidby(
        &["extract", "data/articles.jsonl", "--meta", "date"],
        None,
    )));
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("quotes.jsonl");
    // The format follows the -o extension.
    ok(saidby(
        &[
            "extract",
            "data/articles.jsonl",
            "--meta",
            "date",
            "-o",
            target.to_str().unwrap(),
        ],
        None,
    ));
    let jsonl = std::fs::read_to_string(&target).unwrap();
    let from_flag = ok(saidby(
        &[
            "extract",
            "data/articles.jsonl",
            "--meta",
            "date",
            "--output-format",
            "jsonl",
        ],
        None,
    ));
    assert_eq!(jsonl.as_bytes(), from_flag);
    let objects: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), csv.rows.len());
    for (o, row) in objects.iter().zip(&csv.rows) {
        for column in &csv.header {
            let cell = &row[column];
            match &o[column] {
                serde_json::Value::Null => assert_eq!(cell, "", "{column}"),
                serde_json::Value::String(s) => assert_eq!(s, cell, "{column}"),
                v => assert_eq!(v.as_f64(), cell.parse().ok(), "{column}"),
            }
        }
    }
}

#[test]
fn cue_lexicon_from_the_command_line_replaces_the_builtin_one() {
    let tmp = tempfile::tempdir().unwrap();
    let cues = tmp.path().join("cues.txt");
    std::fs::write(&cues, "# only this one\nlet fly\n").unwrap();
    let input = r#"{"id":"a","text":"\"Stop,\" Ana Ruiz let fly. \"Go,\" Bo Lind said."}"#;
    let run = |extra: &[&str]| {
        let mut args = vec!["extract"];
        args.extend_from_slice(extra);
        Table::parse(&ok(saidby(&args, Some(input.as_bytes()))))
    };
    let builtin = run(&[]);
    assert_eq!(
        builtin.column("verb"),
        ["", "said"],
        "let fly is not a builtin cue"
    );
    let custom = run(&["--cues", cues.to_str().unwrap()]);
    let verbs = custom.column("verb");
    assert_eq!(verbs[0], "let fly");
    // "said" is no cue any more; the second quotation may still inherit the
    // paragraph's previous attribution, but never through "said".
    assert_ne!(verbs[1], "said", "the builtin lexicon leaked into --cues");
}

#[test]
fn help_teaches_with_examples_and_every_flag() {
    let out = ok(saidby(&["extract", "--help"], None));
    let help = String::from_utf8(out).unwrap();
    assert!(help.contains("Examples:"), "{help}");
    assert!(help.contains("saidby extract data/articles -o quotes.csv"));
    for flag in [
        "--output",
        "--output-format",
        "--input-format",
        "--text-field",
        "--id-field",
        "--meta",
        "--threads",
        "--excel",
        "--rejects",
        "--strict",
        "--quiet",
        "--cues",
        "--organizations",
    ] {
        assert!(help.contains(flag), "{flag} is not explained");
    }
    assert!(!help.contains("--batch-size"), "test-only flag is hidden");
}

#[test]
fn quiet_prints_nothing_and_the_summary_is_one_line() {
    let out = saidby(&["extract", "data/articles"], None);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("saidby: 7 articles, "), "{err}");
    assert!(
        err.contains(" skipped records, ") && err.contains("MB/s"),
        "{err}"
    );
    let out = saidby(&["extract", "-q", "data/articles"], None);
    assert!(out.stderr.is_empty());
}
