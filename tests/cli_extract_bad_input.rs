//! Bad input: every unreadable record is reported, counted, kept in
//! --rejects, and the run goes on (or stops with --strict).

mod common;

use common::*;

const GOOD: &str = r#"{"id":"good1","text":"\"We are ready,\" Ana Ruiz said."}"#;
const GOOD2: &str = r#"{"id":"good2","text":"\"Not yet,\" Bo Lind said."}"#;

#[test]
fn bad_jsonl_records_are_reported_kept_and_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = [
        r#"{"id":"x","text":"unterminated"#,
        r#"{"id":"y"}"#,
        r#"{"id":"z","text":42}"#,
        r#"["not", "an", "object"]"#,
    ];
    let input = [GOOD, bad[0], bad[1], "", bad[2], GOOD2, bad[3]].join("\n") + "\n";
    let path = tmp.path().join("in.jsonl");
    std::fs::write(&path, &input).unwrap();
    let rejects = tmp.path().join("rejects.jsonl");
    let out = saidby(
        &[
            "extract",
            path.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
        None,
    );
    let err = stderr(&out);
    let table = Table::parse(&ok(out));
    assert_eq!(table.column("article_id"), ["good1", "good2"]);
    let p = path.display();
    for (line, reason) in [
        (2, "malformed JSON: EOF while parsing a string"),
        (3, "no field `text`"),
        (5, "field `text` is a number, not a string"),
        (
            7,
            "malformed JSON: invalid type: sequence, expected a JSON object",
        ),
    ] {
        let want = format!("saidby: skipped {p}:{line}: {reason}");
        assert!(err.contains(&want), "missing {want:?} in:\n{err}");
    }
    assert!(
        err.contains("2 articles, 2 quotes, 4 skipped records"),
        "{err}"
    );
    // Rejected records are kept byte for byte, one a line.
    let kept = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(kept, bad.join("\n") + "\n");
}

#[test]
fn csv_rows_with_the_wrong_field_count_are_skipped_verbatim() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("in.csv");
    std::fs::write(
        &path,
        "id,text\r\na,\"\"\"Yes,\"\" Ana Ruiz said.\"\r\nb,one,two\r\nc,\"\"\"No,\"\" Bo Lind said.\"\r\n",
    )
    .unwrap();
    let rejects = tmp.path().join("rejects.csv");
    let out = saidby(
        &[
            "extract",
            path.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
        None,
    );
    let err = stderr(&out);
    let table = Table::parse(&ok(out));
    assert_eq!(table.column("article_id"), ["a", "c"]);
    assert!(
        err.contains(&format!(
            "{}:3: 3 fields where the header has 2",
            path.display()
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(&rejects).unwrap(), b"b,one,two\n");
}

#[test]
fn invalid_utf8_in_a_text_file_skips_that_file_only() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.txt"), "\"Yes,\" Ana Ruiz said.\n").unwrap();
    std::fs::write(tmp.path().join("b.txt"), b"First line.\nBad \xff byte.\n").unwrap();
    std::fs::write(tmp.path().join("c.txt"), "\"No,\" Bo Lind said.\n").unwrap();
    let rejects = tmp.path().join("rejects.out");
    let out = saidby(
        &[
            "extract",
            tmp.path().to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
        None,
    );
    let err = stderr(&out);
    let table = Table::parse(&ok(out));
    assert_eq!(table.column("article_id"), ["a.txt", "c.txt"]);
    let b = tmp.path().join("b.txt");
    assert!(
        err.contains(&format!("{}:2: invalid UTF-8 at byte 16", b.display())),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&rejects).unwrap(),
        b"First line.\nBad \xff byte.\n\n"
    );
}

#[test]
fn a_truncated_gzip_keeps_what_came_before_and_reports_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let mut input = String::new();
    for i in 0..2000 {
        input.push_str(&format!(
            "{{\"id\":\"a{i}\",\"text\":\"\\\"Line {i} is here,\\\" Ana Ruiz said.\"}}\n"
        ));
    }
    let gz = gzip(input.as_bytes());
    let path = tmp.path().join("cut.jsonl.gz");
    std::fs::write(&path, &gz[..gz.len() / 2]).unwrap();
    let out = saidby(&["extract", path.to_str().unwrap()], None);
    let err = stderr(&out);
    let table = Table::parse(&ok(out));
    let n = table.rows.len();
    assert!(n > 100 && n < 2000, "{n} rows");
    // The rows read are the first ones, in order.
    assert_eq!(table.rows[n - 1]["article_id"], format!("a{}", n - 1));
    let want = format!(
        "saidby: skipped {}:{}: cannot read further",
        path.display(),
        n + 1
    );
    assert!(err.contains(&want), "missing {want:?} in:\n{err}");
    assert!(err.contains("1 skipped records"), "{err}");
}

#[test]
fn strict_stops_at_the_first_bad_record_with_exit_code_1() {
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("quotes.csv");
    std::fs::write(&output, "an earlier run\n").unwrap();
    let rejects = tmp.path().join("rejects.jsonl");
    let input = [GOOD, "{oops", GOOD2, "{again"].join("\n");
    let out = saidby(
        &[
            "extract",
            "--strict",
            "-o",
            output.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
        Some(input.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("saidby: skipped -:2: malformed JSON"), "{err}");
    assert!(err.contains("stopped at -:2 (--strict)"), "{err}");
    assert!(
        !err.contains("-:4"),
        "went past the first bad record: {err}"
    );
    // The incomplete output never replaces the earlier file; the bad record
    // is kept to be fixed.
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "an earlier run\n"
    );
    assert_eq!(std::fs::read_to_string(&rejects).unwrap(), "{oops\n");
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "temporary files left behind: {names:?}");
}

/// A dump with a corrupt record of about 3 MB (a line whose newlines were lost,
/// a CSV field with a stray quote, a file that is no article), with
/// `--max-record-size 1M`: reported, its first KB kept, the rest read on.
#[test]
fn a_record_over_max_record_size_is_skipped_and_kept_in_part_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let filler = "\\\"a\\\" said Smith. ".repeat(150_000);
    let jsonl = format!("{GOOD}\n{{\"id\":\"huge\",\"text\":\"{filler}\"}}\n{GOOD2}\n");
    let csv_filler = "\"\"a\"\" said Smith. ".repeat(150_000);
    let csv = format!(
        "id,text\ngood1,\"\"\"We are ready,\"\" Ana Ruiz said.\"\nhuge,\"{csv_filler}\"\ngood2,\"\"\"Not yet,\"\" Bo Lind said.\"\n"
    );
    let dir = tmp.path().join("texts");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), "\"We are ready,\" Ana Ruiz said.").unwrap();
    std::fs::write(dir.join("b.txt"), "\"a\" said Smith. ".repeat(200_000)).unwrap();
    std::fs::write(dir.join("c.txt"), "\"Not yet,\" Bo Lind said.").unwrap();
    for (name, input, huge, at) in [
        ("in.jsonl", Some(jsonl), 2_700_000 + 23, ":2"),
        ("in.csv", Some(csv), 2_700_000 + 7, ":3"),
        ("texts", None, 3_200_000, "/b.txt"),
    ] {
        let path = tmp.path().join(name);
        if let Some(input) = input {
            std::fs::write(&path, input).unwrap();
        }
        let rejects = tmp.path().join(format!("rejects-{name}"));
        let out = saidby(
            &[
                "extract",
                path.to_str().unwrap(),
                "--max-record-size",
                "1M",
                "--rejects",
                rejects.to_str().unwrap(),
            ],
            None,
        );
        let err = stderr(&out);
        let table = Table::parse(&ok(out));
        assert_eq!(table.column("speaker"), ["Ana Ruiz", "Bo Lind"], "{name}");
        let want = format!(
            "saidby: skipped {}{at}: record of {huge} bytes, over the limit of 1048576 (--max-record-size); only its first 1024 bytes are kept",
            path.display()
        );
        assert!(err.contains(&want), "missing {want:?} in:\n{err}");
        assert!(
            err.contains("2 articles, 2 quotes, 1 skipped records"),
            "{err}"
        );
        let kept = std::fs::read(&rejects).unwrap();
        assert_eq!(kept.len(), 1024 + 1, "{name}");
    }
    // Under --strict, it stops the run like any unreadable record.
    let path = tmp.path().join("in.jsonl");
    let out = saidby(
        &[
            "extract",
            "--strict",
            "--max-record-size",
            "1M",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // With the default limit (16 MiB) the same record is read.
    let out = saidby(&["extract", "-q", path.to_str().unwrap()], None);
    assert_eq!(Table::parse(&ok(out)).rows.len(), 150_002);
}

#[test]
fn a_max_record_size_that_is_no_size_is_fatal_and_says_why() {
    for (size, why) in [
        ("0", "would reject every record"),
        ("16Q", "`Q` is no size unit"),
        ("big", "`big` is no size"),
        ("99999999999G", "too large"),
    ] {
        let out = saidby(
            &["extract", "--max-record-size", size, "data/articles"],
            None,
        );
        assert_eq!(out.status.code(), Some(2), "{size}");
        assert!(stderr(&out).contains(why), "{size}: {}", stderr(&out));
    }
    for size in ["none", "512k", "2G", "4096"] {
        let out = saidby(
            &["extract", "-q", "--max-record-size", size, "data/articles"],
            None,
        );
        assert!(!Table::parse(&ok(out)).rows.is_empty(), "{size}");
    }
}

#[test]
fn an_unreadable_input_path_is_one_line_and_exit_code_2() {
    let out = saidby(
        &["extract", "data/articles.jsonl", "no/such/file.jsonl"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("saidby: error: cannot read no/such/file.jsonl"),
        "{err}"
    );
    // Checked before anything is written.
    assert!(out.stdout.is_empty());
}

#[test]
fn a_csv_without_the_text_column_is_fatal() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("in.csv");
    std::fs::write(&path, "id,body\n1,hello\n").unwrap();
    let out = saidby(&["extract", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no column `text` (columns: id, body)"));
}

#[test]
fn bad_lexicon_and_options_are_fatal_with_context() {
    let out = saidby(
        &["extract", "--cues", "no/such/cues.txt", "data/articles"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--cues"), "{}", stderr(&out));
    let out = saidby(&["extract", "--meta", "quote", "data/articles"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = saidby(&["extract", "--excel", "--output-format", "jsonl"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("many.jsonl");
    let line = std::fs::read_to_string(repo("data/articles.jsonl")).unwrap();
    std::fs::write(&path, line.repeat(400)).unwrap();
    let mut child = Command::new(BIN)
        .args(["extract", path.to_str().unwrap(), "--batch-size", "5000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here, like `| head` exiting.
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(first.starts_with(b"article_id,"));
    assert!(out.status.success(), "exit {:?}: {err}", out.status.code());
    assert!(err.is_empty(), "said something: {err}");
}

#[test]
fn a_closed_stderr_is_not_a_panic() {
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("quotes.csv");
    // A bad record and the summary line both go to stderr, which nobody reads.
    let mut child = Command::new(BIN)
        .args([
            "extract",
            "--rejects",
            tmp.path().join("r").to_str().unwrap(),
        ])
        .args(["-o", target.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let mut stdin = child.stdin.take().unwrap();
    std::io::Write::write_all(&mut stdin, format!("{GOOD}\n{{bad\n").as_bytes()).unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("good1,0,direct")
    );
}
