//! The workbook read back with calamine: sheets, header, cells and their
//! types, formula-looking text kept as text, sheet rollover, truncation.

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use saidby::input::{Article, Location};
use saidby::output::rows;
use saidby::output::xlsx::{TRUNCATION_MARKER, XlsxOptions, XlsxSummary, XlsxWriter};
use saidby::{Quote, QuoteKind, Span, SpeakerType};

/// An article and its quotes, made by hand: `(needle, kind, speaker, type, org, mention, verb)`.
fn article(
    id: &str,
    date: &str,
    text: &str,
    quotes: &[(&str, QuoteKind, &str, SpeakerType, &str, &str, &str)],
) -> (Article, Vec<Quote>) {
    let span_of = |needle: &str| -> Option<Span> {
        if needle.is_empty() {
            return None;
        }
        let start = text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in text"));
        Some(Span::new(start, start + needle.len()))
    };
    let quotes = quotes
        .iter()
        .enumerate()
        .map(
            |(i, &(needle, kind, speaker, ty, org, mention, verb))| Quote {
                kind,
                span: span_of(needle).unwrap(),
                statement: i,
                speaker: (!speaker.is_empty()).then(|| speaker.to_owned()),
                speaker_type: ty,
                organization: (!org.is_empty()).then(|| org.to_owned()),
                speaker_mention: span_of(mention),
                verb: span_of(verb),
                confidence: 0.9,
            },
        )
        .collect();
    let article = Article {
        id: id.to_owned(),
        meta: vec![date.to_owned(), format!("https://example.org/{id}")],
        text: text.to_owned(),
        location: Location {
            file: "test.jsonl".into(),
            line: 1,
        },
    };
    (article, quotes)
}

fn corpus() -> Vec<(Article, Vec<Quote>)> {
    use QuoteKind::*;
    use SpeakerType::*;
    vec![
        article(
            "a1",
            "2019-05-02",
            "Café owners were angry. “=SUM(A1) is not a plan,” said Odile Varenne, director of the Lantern Trust.",
            &[(
                "=SUM(A1) is not a plan,",
                Direct,
                "Odile Varenne",
                Person,
                "Lantern Trust",
                "Odile Varenne, director of the Lantern Trust",
                "said",
            )],
        ),
        article(
            "a2",
            "not a date",
            "“@realDonaldTrump is wrong,” the Lantern Trust said. Piet Wolander said the audit was +1 routine.",
            &[
                (
                    "@realDonaldTrump is wrong,",
                    Direct,
                    "Lantern Trust",
                    Organization,
                    "Lantern Trust",
                    "the Lantern Trust",
                    "said",
                ),
                (
                    "the audit was +1 routine",
                    Indirect,
                    "Piet Wolander",
                    Person,
                    "Lantern Trust",
                    "Piet Wolander",
                    "said",
                ),
            ],
        ),
        article(
            "a3",
            "2018-11-30",
            "-2 percent, or so it seemed: nobody signed it.",
            &[(
                "-2 percent, or so it seemed",
                Indirect,
                "",
                Unknown,
                "",
                "",
                "",
            )],
        ),
    ]
}

fn write(path: &Path, options: XlsxOptions, corpus: &[(Article, Vec<Quote>)]) -> XlsxSummary {
    let meta = ["date".to_string(), "url".to_string()];
    let mut xlsx = XlsxWriter::create(path, &meta, options).unwrap();
    for (article, quotes) in corpus {
        for row in rows(article, quotes) {
            xlsx.write_row(&row).unwrap();
        }
    }
    xlsx.save().unwrap()
}

/// Positions in the quotes sheet, after the two metadata columns.
const QUOTE: usize = 5;
const QUOTE_END: usize = 12;

fn s(v: &str) -> Data {
    Data::String(v.to_owned())
}

fn f(v: f64) -> Data {
    Data::Float(v)
}

fn text_cells(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str) -> Vec<Vec<Data>> {
    let range = wb.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn date_serial(cell: &Data) -> Option<f64> {
    match cell {
        Data::DateTime(dt) if dt.is_datetime() => Some(dt.as_f64()),
        _ => None,
    }
}

#[test]
fn quotes_sheet_has_header_meta_columns_and_typed_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.xlsx");
    let summary = write(&path, XlsxOptions::default(), &corpus());
    assert_eq!(summary.sheets, ["quotes", "speakers"]);
    assert_eq!(summary.quote_rows, 4);
    assert_eq!(summary.truncated_cells, 0);

    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["quotes", "speakers"]);
    let cells = text_cells(&mut wb, "quotes");
    let header: Vec<String> = cells[0].iter().map(|c| c.to_string()).collect();
    let mut want = vec!["article_id", "date", "url"];
    want.extend(&saidby::output::COLUMNS[1..]);
    assert_eq!(header, want);
    assert_eq!(cells.len(), 5);

    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row1 = &cells[1];
    assert_eq!(row1[col("article_id")], s("a1"));
    // 2019-05-02 is Excel serial 43587: a real date, not text.
    assert_eq!(date_serial(&row1[col("date")]), Some(43587.0));
    assert_eq!(row1[col("url")], s("https://example.org/a1"));
    assert_eq!(row1[col("quote_index")], f(0.0));
    assert_eq!(row1[col("kind")], s("direct"));
    assert_eq!(row1[col("quote")], s("=SUM(A1) is not a plan,"));
    assert_eq!(row1[col("speaker")], s("Odile Varenne"));
    assert_eq!(row1[col("speaker_type")], s("person"));
    assert_eq!(row1[col("organization")], s("Lantern Trust"));
    assert_eq!(row1[col("verb")], s("said"));
    assert_eq!(
        row1[col("speaker_mention")],
        s("Odile Varenne, director of the Lantern Trust")
    );
    // Offsets in Unicode scalar values: "Café" counts 4, not 5.
    let text = "Café owners were angry. “";
    let start = text.chars().count() as f64;
    assert_eq!(row1[col("quote_start")], f(start));
    assert_eq!(row1[col("quote_end")], f(start + 23.0));
    assert!(matches!(row1[col("speaker_start")], Data::Float(_)));
    assert_eq!(row1[col("confidence")], f(0.9));

    // An unreadable date stays as the text it was.
    assert_eq!(cells[2][col("date")], s("not a date"));
    assert_eq!(cells[2][col("quote")], s("@realDonaldTrump is wrong,"));
    assert_eq!(cells[3][col("quote")], s("the audit was +1 routine"));
    // No speaker, no mention, no verb: empty cells, not zeros.
    let row4 = &cells[4];
    assert_eq!(row4[col("quote")], s("-2 percent, or so it seemed"));
    assert_eq!(row4[col("speaker")], Data::Empty);
    assert_eq!(row4[col("speaker_start")], Data::Empty);
    assert_eq!(row4[col("verb_end")], Data::Empty);
}

#[test]
fn no_cell_is_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.xlsx");
    write(&path, XlsxOptions::default(), &corpus());
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    for sheet in ["quotes", "speakers"] {
        let formulas = wb.worksheet_formula(sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} has formulas: {formulas:?}"
        );
    }
}

#[test]
fn speakers_sheet_lists_speakers_and_organizations_with_numbers_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.xlsx");
    let summary = write(&path, XlsxOptions::default(), &corpus());
    assert_eq!(summary.speaker_rows, 3);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let cells = text_cells(&mut wb, "speakers");
    let header: Vec<String> = cells[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(header, saidby::speakers::SPEAKER_COLUMNS);
    // Lantern Trust: its own quote + Odile Varenne's + Piet Wolander's.
    let trust = &cells[1];
    assert_eq!(trust[0], s("Lantern Trust"));
    assert_eq!(trust[1], s("organization"));
    assert_eq!(trust[3], f(3.0));
    assert_eq!(trust[4], f(2.0));
    assert_eq!(trust[5], f(2.0));
    assert_eq!(trust[6], f(2.0));
    // Only a1 had a readable date.
    assert_eq!(date_serial(&trust[7]), Some(43587.0));
    assert_eq!(date_serial(&trust[8]), Some(43587.0));
    // The first direct quote seen for the Trust, spoken by its director.
    assert_eq!(trust[9], s("=SUM(A1) is not a plan,"));
    // Then the two people, one quote each, by name.
    assert_eq!(cells[2][0], s("Odile Varenne"));
    assert_eq!(cells[3][0], s("Piet Wolander"));
    assert_eq!(cells[3][7], Data::Empty);
    assert_eq!(cells.len(), 4);
}

#[test]
fn full_sheets_continue_on_numbered_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.xlsx");
    // Header + 2 rows per sheet: 4 quotes fill quotes and quotes_2, 3 speakers spill to speakers_2.
    let options = XlsxOptions {
        max_rows: 3,
        ..XlsxOptions::default()
    };
    let summary = write(&path, options, &corpus());
    let names = ["quotes", "quotes_2", "speakers", "speakers_2"];
    assert_eq!(summary.sheets, names);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), names);
    let q1 = text_cells(&mut wb, "quotes");
    let q2 = text_cells(&mut wb, "quotes_2");
    assert_eq!((q1.len(), q2.len()), (3, 3));
    assert_eq!(q1[0], q2[0], "every sheet has the header");
    let ids: Vec<Data> = q1[1..]
        .iter()
        .chain(&q2[1..])
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(ids, [s("a1"), s("a2"), s("a2"), s("a3")]);
    assert_eq!(text_cells(&mut wb, "speakers_2").len(), 2);
}

#[test]
fn a_sheet_exactly_full_does_not_start_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.xlsx");
    let options = XlsxOptions {
        max_rows: 5,
        ..XlsxOptions::default()
    };
    let summary = write(&path, options, &corpus());
    assert_eq!(summary.sheets, ["quotes", "speakers"]);
}

#[test]
fn overlong_cells_are_cut_with_a_visible_marker() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.xlsx");
    let long = format!(
        "“{}” Odile Varenne said.",
        "All work and no play. ".repeat(3)
    );
    let quote = long
        .trim_start_matches('“')
        .split('”')
        .next()
        .unwrap()
        .to_owned();
    let corpus = vec![article(
        "long",
        "2020-02-29",
        &long,
        &[(
            &quote,
            QuoteKind::Direct,
            "Odile Varenne",
            SpeakerType::Person,
            "",
            "Odile Varenne",
            "said",
        )],
    )];
    let options = XlsxOptions {
        max_cell_chars: 60,
        ..XlsxOptions::default()
    };
    let summary = write(&path, options, &corpus);
    // The quote cell, and the speakers sheet's example quote.
    assert_eq!(summary.truncated_cells, 2);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let cells = text_cells(&mut wb, "quotes");
    let q = cells[1][QUOTE].to_string();
    assert!(q.ends_with(TRUNCATION_MARKER), "{q:?}");
    assert!(q.starts_with("All work and no play."));
    assert!(q.chars().count() <= 60);
    // The offsets still describe the whole quote in the article.
    assert_eq!(cells[1][QUOTE_END], f(1.0 + quote.chars().count() as f64));
}

#[test]
fn excel_limit_is_the_default_and_the_real_one() {
    let d = XlsxOptions::default();
    assert_eq!((d.max_rows, d.max_cell_chars), (1_048_576, 32_767));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.xlsx");
    // A full-size cell is written whole; one more character is cut.
    let text = "x".repeat(32_768);
    let fits = &text[..32_767];
    for (quote, cut) in [(fits, false), (text.as_str(), true)] {
        let corpus = vec![article(
            "big",
            "",
            &text,
            &[(
                quote,
                QuoteKind::Direct,
                "",
                SpeakerType::Unknown,
                "",
                "",
                "",
            )],
        )];
        let summary = write(&path, XlsxOptions::default(), &corpus);
        assert_eq!(summary.truncated_cells, u64::from(cut));
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        let cell = text_cells(&mut wb, "quotes")[1][QUOTE].to_string();
        assert_eq!(cell.chars().count(), 32_767.min(quote.len()));
        assert_eq!(cell.ends_with(TRUNCATION_MARKER), cut);
    }
}

#[test]
fn bad_limits_and_paths_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.xlsx");
    for options in [
        XlsxOptions {
            max_rows: 1,
            ..XlsxOptions::default()
        },
        XlsxOptions {
            max_rows: 1_048_577,
            ..XlsxOptions::default()
        },
        XlsxOptions {
            max_cell_chars: 5,
            ..XlsxOptions::default()
        },
        XlsxOptions {
            max_cell_chars: 40_000,
            ..XlsxOptions::default()
        },
    ] {
        assert!(
            XlsxWriter::create(&path, &[], options).is_err(),
            "{options:?}"
        );
    }
    let too_wide: Vec<String> = (0..16_384).map(|i| format!("m{i}")).collect();
    assert!(XlsxWriter::create(&path, &too_wide, XlsxOptions::default()).is_err());
    let missing = dir.path().join("no/such/dir/q.xlsx");
    assert!(XlsxWriter::create(&missing, &[], XlsxOptions::default()).is_err());
}

#[test]
fn control_characters_and_literal_escapes_survive() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.xlsx");
    let text = "“Tab\there, bell\u{7}, a_x0041_b, \u{FFFF},” Odile Varenne said.";
    let quote = "Tab\there, bell\u{7}, a_x0041_b, \u{FFFF},";
    let corpus = vec![article(
        "ctl",
        "",
        text,
        &[(
            quote,
            QuoteKind::Direct,
            "Odile Varenne",
            SpeakerType::Person,
            "",
            "",
            "",
        )],
    )];
    write(&path, XlsxOptions::default(), &corpus);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(text_cells(&mut wb, "quotes")[1][QUOTE], s(quote));
}
