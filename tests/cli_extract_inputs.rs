//! `saidby extract` on each kind of input, read back and checked cell by cell.

mod common;

use common::*;

#[test]
fn a_single_text_file_is_one_article_named_by_its_file_name() {
    let out = ok(saidby(
        &["extract", "data/articles/local/school-board.txt"],
        None,
    ));
    let table = Table::parse(&out);
    assert_eq!(table.header, saidby::output::COLUMNS);
    assert!(
        table
            .column("article_id")
            .iter()
            .all(|id| *id == "school-board.txt")
    );
    let first = &table.rows[0];
    assert_eq!(
        first["quote"],
        "We owe it to families to get this right, not to get it done fast,"
    );
    assert_eq!(first["speaker"], "Linda Okafor");
    assert_eq!(first["verb"], "said");
    assert_eq!(first["quote_index"], "0");
    let texts = sample_texts();
    let text = texts["local/school-board.txt"].clone();
    table.assert_offsets(&[("school-board.txt".to_string(), text)].into());
}

#[test]
fn a_directory_is_every_txt_below_it_in_sorted_path_order() {
    let out = ok(saidby(&["extract", "data/articles"], None));
    let table = Table::parse(&out);
    let mut ids: Vec<&str> = table.column("article_id");
    ids.dedup();
    assert_eq!(
        ids,
        [
            "business/bakery-chain.txt",
            "business/port-strike.txt",
            "local/bridge-repairs.txt",
            "local/school-board.txt",
            "world/election-count.txt",
            "world/river-treaty.txt",
        ],
        "no-quotes.txt has no rows; the others come in path order"
    );
    table.assert_offsets(&sample_texts());
    // quote_index restarts at 0 for each article and counts up.
    for w in table.rows.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let next: usize = b["quote_index"].parse().unwrap();
        if a["article_id"] == b["article_id"] {
            assert_eq!(next, a["quote_index"].parse::<usize>().unwrap() + 1);
        } else {
            assert_eq!(next, 0);
        }
    }
    // Curly and straight quotes, before and after the cue, non-ASCII names.
    let delacroix = table
        .rows
        .iter()
        .find(|r| r["quote"].starts_with("Today the river"))
        .expect("the treaty quote");
    assert_eq!(delacroix["verb"], "told");
    assert!(delacroix["speaker"].ends_with("Anaïs Delacroix"));
}

#[test]
fn jsonl_with_meta_columns_right_after_article_id() {
    let out = ok(saidby(
        &["extract", "data/articles.jsonl", "--meta", "date,url,title"],
        None,
    ));
    let table = Table::parse(&out);
    assert_eq!(
        &table.header[..5],
        ["article_id", "date", "url", "title", "quote_index"]
    );
    let objects = sample_jsonl();
    for row in &table.rows {
        let o = objects
            .iter()
            .find(|o| o["id"] == row["article_id"].as_str())
            .expect("a known id");
        for m in ["date", "url", "title"] {
            assert_eq!(o[m].as_str().unwrap(), row[m], "{m}");
        }
    }
    table.assert_offsets(&jsonl_texts(&objects));
}

#[test]
fn jsonl_and_the_text_directory_give_the_same_rows() {
    let dir = Table::parse(&ok(saidby(&["extract", "data/articles"], None)));
    let jsonl = Table::parse(&ok(saidby(&["extract", "data/articles.jsonl"], None)));
    // The JSONL holds the same texts, in the same (sorted path) order.
    assert_eq!(dir.content(), jsonl.content());
}

#[test]
fn stdin_is_jsonl_with_or_without_a_dash() {
    let input = std::fs::read(repo("data/articles.jsonl")).unwrap();
    let file = ok(saidby(&["extract", "data/articles.jsonl"], None));
    assert_eq!(ok(saidby(&["extract"], Some(&input))), file);
    assert_eq!(ok(saidby(&["extract", "-"], Some(&input))), file);
}

fn write_csv(path: &std::path::Path, delimiter: u8, objects: &[serde_json::Value]) {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_path(path)
        .unwrap();
    w.write_record(["id", "date", "text"]).unwrap();
    for o in objects {
        w.write_record([
            o["id"].as_str().unwrap(),
            o["date"].as_str().unwrap(),
            o["text"].as_str().unwrap(),
        ])
        .unwrap();
    }
    w.flush().unwrap();
}

#[test]
fn csv_and_tsv_with_a_header_read_like_jsonl() {
    let tmp = tempfile::tempdir().unwrap();
    let objects = sample_jsonl();
    let want = Table::parse(&ok(saidby(
        &["extract", "data/articles.jsonl", "--meta", "date"],
        None,
    )));
    for (name, delimiter) in [("articles.csv", b','), ("articles.tsv", b'\t')] {
        let path = tmp.path().join(name);
        write_csv(&path, delimiter, &objects);
        let got = Table::parse(&ok(saidby(
            &["extract", path.to_str().unwrap(), "--meta", "date"],
            None,
        )));
        assert_eq!(got.header, want.header, "{name}");
        assert_eq!(got.rows, want.rows, "{name}");
    }
}

#[test]
fn a_raw_tsv_export_read_as_escaped_or_plain_keeps_its_quotation_marks() {
    // Database exports (PostgreSQL COPY, mysql --batch) quote nothing and
    // escape tabs and newlines with a backslash. Read with CSV quoting, a
    // text that opens with a quotation lost its marks, and the quote.
    let tmp = tempfile::tempdir().unwrap();
    // The sample articles from their first quotation mark on, as if the
    // headline and the lede before it were cut: each text opens with one.
    let mut objects = sample_jsonl();
    objects.retain_mut(|o| {
        let text = o["text"].as_str().unwrap();
        let from = text.find('"').map(|at| text[at..].to_string());
        from.map(|t| o["text"] = t.into()).is_some()
    });
    assert!(objects.len() > 3, "the samples should hold quotes");
    let jsonl: String = objects.iter().map(|o| format!("{o}\n")).collect();
    let want = Table::parse(&ok(saidby(
        &["extract", "--meta", "date"],
        Some(jsonl.as_bytes()),
    )));
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('\t', "\\t")
            .replace('\n', "\\n")
            .replace('\r', "\\r")
    };
    let mut tsv = String::from("id\tdate\ttext\n");
    for o in &objects {
        let field = |k: &str| escape(o[k].as_str().unwrap());
        tsv += &format!("{}\t{}\t{}\n", field("id"), field("date"), field("text"));
    }
    let path = tmp.path().join("export.tsv");
    std::fs::write(&path, &tsv).unwrap();
    let read = |style: &str| {
        let args = [
            "extract",
            path.to_str().unwrap(),
            "--meta",
            "date",
            "--tsv-style",
            style,
        ];
        Table::parse(&ok(saidby(&args, None)))
    };
    let escaped = read("escaped");
    assert_eq!(escaped.header, want.header);
    assert_eq!(escaped.rows, want.rows);
    // The quote each text opens with, as extracted: plain reads it (it
    // takes the escapes for text, so later offsets differ).
    let openers = |t: &Table| {
        t.column("quote_start")
            .iter()
            .filter(|s| **s == "1")
            .count()
    };
    assert!(openers(&want) > 3);
    assert_eq!(openers(&read("plain")), openers(&want));
    // Quoted, as CSV, would take its marks for quoting and lose the quote:
    // each such record is skipped instead, and the message says what to do.
    let quoted = saidby(
        &["extract", path.to_str().unwrap(), "--tsv-style", "quoted"],
        None,
    );
    let said = stderr(&quoted);
    assert!(Table::parse(&ok(quoted)).rows.is_empty());
    assert_eq!(
        said.matches("read it with --tsv-style plain or escaped")
            .count(),
        objects.len(),
        "{said}"
    );
    assert!(
        said.contains(
            "export.tsv:2: malformed CSV: a quoted field goes on after its closing quote"
        ),
        "{said}"
    );
}

#[test]
fn gzip_inputs_of_every_kind_are_decompressed() {
    let tmp = tempfile::tempdir().unwrap();
    let jsonl = std::fs::read(repo("data/articles.jsonl")).unwrap();
    let gz = tmp.path().join("articles.jsonl.gz");
    std::fs::write(&gz, gzip(&jsonl)).unwrap();
    let want = ok(saidby(&["extract", "data/articles.jsonl"], None));
    assert_eq!(ok(saidby(&["extract", gz.to_str().unwrap()], None)), want);
    // gzip on stdin is recognized by its magic number.
    assert_eq!(ok(saidby(&["extract"], Some(&gzip(&jsonl)))), want);

    // A directory holding a gzipped text file.
    let dir = tmp.path().join("dir");
    std::fs::create_dir(&dir).unwrap();
    let text = std::fs::read(repo("data/articles/local/school-board.txt")).unwrap();
    std::fs::write(dir.join("a.txt.gz"), gzip(&text)).unwrap();
    let table = Table::parse(&ok(saidby(&["extract", dir.to_str().unwrap()], None)));
    let plain = Table::parse(&ok(saidby(
        &["extract", "data/articles/local/school-board.txt"],
        None,
    )));
    assert_eq!(table.content(), plain.content());
    assert!(
        table
            .column("article_id")
            .iter()
            .all(|id| *id == "a.txt.gz")
    );
}

#[test]
fn input_format_overrides_the_extension() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("dump.data");
    std::fs::copy(repo("data/articles.jsonl"), &path).unwrap();
    let p = path.to_str().unwrap();
    let out = saidby(&["extract", p], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--input-format"), "{}", stderr(&out));
    let want = ok(saidby(&["extract", "data/articles.jsonl"], None));
    assert_eq!(
        ok(saidby(&["extract", p, "--input-format", "jsonl"], None)),
        want
    );
}

#[test]
fn text_and_id_fields_and_the_default_id() {
    let input = concat!(
        r#"{"body": "\"We are ready,\" Ana Ruiz said.", "key": "k1"}"#,
        "\n",
        r#"{"body": "\"Not yet,\" Ana Ruiz said."}"#,
        "\n"
    );
    let out = ok(saidby(
        &["extract", "--text-field", "body", "--id-field", "key"],
        Some(input.as_bytes()),
    ));
    let table = Table::parse(&out);
    assert_eq!(table.column("article_id"), ["k1", "-:2"]);
    assert_eq!(table.column("quote"), ["We are ready,", "Not yet,"]);
}

#[test]
fn empty_articles_and_articles_without_quotes_give_no_rows() {
    let input = "{\"id\":\"e\",\"text\":\"\"}\n\n{\"id\":\"n\",\"text\":\"Rain today.\"}\n";
    let out = saidby(&["extract"], Some(input.as_bytes()));
    let err = stderr(&out);
    let table = Table::parse(&ok(out));
    assert!(table.rows.is_empty());
    assert!(
        err.contains("2 articles, 0 quotes, 0 skipped records"),
        "{err}"
    );
}

#[test]
fn a_20_mb_article_is_read_whole_with_offsets_in_chars() {
    // (Over the default --max-record-size of 16 MiB, so the limit is
    // raised: a record under it is read whole, however long.)
    // Non-ASCII prose, so char and byte offsets differ by ~20,000.
    let filler =
        "the river rose slowly through the night — café owners stacked chairs by the door. ";
    let mut text = String::from("\"We are ready,\" Ana Ruiz said. ");
    while text.len() < 20_000_000 {
        text.push_str(filler);
    }
    text.push_str("\"It is over,\" Ana Ruiz said.");
    let line = serde_json::json!({"id": "big", "text": text}).to_string() + "\n";
    let out = ok(saidby(
        &["extract", "-q", "--max-record-size", "32M"],
        Some(line.as_bytes()),
    ));
    let table = Table::parse(&out);
    assert_eq!(table.column("quote"), ["We are ready,", "It is over,"]);
    table.assert_offsets(&[("big".to_string(), text)].into());
}

#[test]
fn a_20_mb_article_of_real_news_text_is_linear() {
    // Names, cues and quotes everywhere: what makes a quadratic stage show.
    let texts = sample_texts();
    let mut paths: Vec<&String> = texts.keys().collect();
    paths.sort();
    let mut text = String::new();
    while text.len() < 20_000_000 {
        for p in &paths {
            text.push_str(&texts[*p]);
            text.push('\n');
        }
    }
    let line = serde_json::json!({"id": "big", "text": text}).to_string() + "\n";
    // (The limit raised over the default 16 MiB.)
    let out = ok(saidby(
        &["extract", "-q", "--max-record-size", "32M"],
        Some(line.as_bytes()),
    ));
    let table = Table::parse(&out);
    assert!(table.rows.len() > 50_000, "{} rows", table.rows.len());
    table.assert_offsets(&[("big".to_string(), text)].into());
}
