//! `saidby eval` as a user runs it: a gold directory on disk, the binary,
//! its JSON parsed back, its exit codes.

use std::path::Path;
use std::process::{Command, Output};

const TEXT: &str = "“We will not back down,” Marie Struthers said on Monday.\n\n\
The mayor said that the budget was balanced.\n";

/// Gold for TEXT: one direct quote by Marie Struthers, one indirect by the mayor.
fn write_gold(dir: &Path) {
    let chars: Vec<char> = TEXT.chars().collect();
    let find = |needle: &str| {
        let b = TEXT.find(needle).unwrap();
        let s = TEXT[..b].chars().count();
        (s, s + needle.chars().count())
    };
    let direct = find("“We will not back down,”");
    let struthers = find("Marie Struthers");
    let said = find("said");
    let indirect = find("that the budget was balanced");
    let mayor = find("The mayor");
    let said2 = (mayor.1 + 1, mayor.1 + 5);
    assert_eq!(chars[said2.0..said2.1].iter().collect::<String>(), "said");
    let ann = format!(
        "T1\tContent {} {}\tq\nT2\tSource {} {}\ts\nT3\tCue {} {}\tsaid\n\
         E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\n\
         T4\tContent {} {}\tq\nT5\tSource {} {}\ts\nT6\tCue {} {}\tsaid\n\
         E2\tAttribution:T6 Content:T4 Cue:T6 Source:T5\n",
        direct.0,
        direct.1,
        struthers.0,
        struthers.1,
        said.0,
        said.1,
        indirect.0,
        indirect.1,
        mayor.0,
        mayor.1,
        said2.0,
        said2.1
    );
    std::fs::create_dir_all(dir.join("text")).unwrap();
    std::fs::create_dir_all(dir.join("attributions")).unwrap();
    std::fs::write(dir.join("text/story.txt"), TEXT).unwrap();
    std::fs::write(dir.join("attributions/story_ann1.ann"), ann).unwrap();
}

/// A contract CSV equal to the gold; `id` is the article_id written.
fn write_perfect_csv(path: &Path, id: &str) {
    let header = "article_id,quote_index,kind,quote,speaker,speaker_type,organization,verb,\
speaker_mention,quote_start,quote_end,speaker_start,speaker_end,verb_start,verb_end,confidence";
    let find = |needle: &str| {
        let b = TEXT.find(needle).unwrap();
        let s = TEXT[..b].chars().count();
        (s, s + needle.chars().count())
    };
    let q1 = find("We will not back down,");
    let s1 = find("Marie Struthers");
    let q2 = find("that the budget was balanced");
    let s2 = find("The mayor");
    let csv = format!(
        "{header}\n\
         {id},0,direct,\"We will not back down,\",Marie Struthers,person,,said,Marie Struthers,{},{},{},{},,,0.9\n\
         {id},1,indirect,that the budget was balanced,,unknown,,said,The mayor,{},{},{},{},,,0.5\n",
        q1.0, q1.1, s1.0, s1.1, q2.0, q2.1, s2.0, s2.1
    );
    std::fs::write(path, csv).unwrap();
}

fn saidby(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_saidby"))
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn perfect_csv_scores_one_and_article_ids_match_with_or_without_txt() {
    let tmp = tempfile::tempdir().unwrap();
    let gold = tmp.path().join("gold");
    write_gold(&gold);
    for id in ["story", "story.txt", "dev/text/story.txt"] {
        let csv = tmp.path().join("system.csv");
        write_perfect_csv(&csv, id);
        let out = saidby(&[
            "eval",
            "--gold",
            gold.to_str().unwrap(),
            "--system",
            csv.to_str().unwrap(),
            "--json",
        ]);
        assert!(out.status.success(), "{id}: {out:?}");
        let v = json(&out);
        assert_eq!(v["articles"], 1);
        for cat in ["direct", "indirect", "indirect-verb", "all"] {
            let f = &v["categories"][cat];
            for m in ["precision", "recall", "f1", "speaker_accuracy", "e2e_f1"] {
                assert_eq!(f[m], 1.0, "{id} {cat} {m}: {f}");
            }
        }
        assert_eq!(v["categories"]["all"]["gold"], 2);
    }
}

#[test]
fn rows_of_unknown_articles_are_ignored_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let gold = tmp.path().join("gold");
    write_gold(&gold);
    let csv = tmp.path().join("system.csv");
    write_perfect_csv(&csv, "another-article");
    let out = saidby(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--system",
        csv.to_str().unwrap(),
        "--json",
    ]);
    assert!(out.status.success());
    assert_eq!(json(&out)["categories"]["all"]["extracted"], 0);
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 of 2 rows belong to no gold article"));
}

#[test]
fn the_extractor_finds_a_plain_direct_quote() {
    let tmp = tempfile::tempdir().unwrap();
    let gold = tmp.path().join("gold");
    write_gold(&gold);
    let out = saidby(&["eval", "--gold", gold.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{out:?}");
    let direct = &json(&out)["categories"]["direct"];
    assert_eq!(direct["gold"], 1);
    assert_eq!(direct["recall"], 1.0, "{direct}");
}

#[test]
fn floor_gate_passes_at_the_written_floor_and_fails_above_it() {
    let tmp = tempfile::tempdir().unwrap();
    let gold = tmp.path().join("gold");
    write_gold(&gold);
    let gold = gold.to_str().unwrap();
    let floor = tmp.path().join("floor.json");
    let floor = floor.to_str().unwrap();
    // An empty system: every figure 0, so a written floor is all zeros.
    let csv = tmp.path().join("empty.csv");
    std::fs::write(
        &csv,
        "article_id,kind,quote_start,quote_end,speaker,speaker_start,speaker_end,verb\n",
    )
    .unwrap();
    let csv = csv.to_str().unwrap();
    let out = saidby(&[
        "eval",
        "--gold",
        gold,
        "--system",
        csv,
        "--write-floor",
        floor,
    ]);
    assert!(out.status.success(), "{out:?}");
    let out = saidby(&["eval", "--gold", gold, "--system", csv, "--floor", floor]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");

    std::fs::write(
        floor,
        r#"{"categories": {"direct": {"recall": 0.5}, "all": {"f1": 0.1, "gold": 99}}}"#,
    )
    .unwrap();
    let out = saidby(&["eval", "--gold", gold, "--system", csv, "--floor", floor]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("direct recall: 0.0000 < floor 0.5000"),
        "{err}"
    );
    assert!(err.contains("all f1"), "{err}");
    assert!(!err.contains("gold"), "counts are not gated: {err}");

    // A typo must not switch a check off.
    std::fs::write(floor, r#"{"categories": {"direct": {"recal": 0.5}}}"#).unwrap();
    let out = saidby(&["eval", "--gold", gold, "--system", csv, "--floor", floor]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown figure \"recal\""));
}

#[test]
fn json_output_can_serve_as_a_floor() {
    let tmp = tempfile::tempdir().unwrap();
    let gold = tmp.path().join("gold");
    write_gold(&gold);
    let gold = gold.to_str().unwrap();
    let out = saidby(&["eval", "--gold", gold, "--json"]);
    let floor = tmp.path().join("floor.json");
    std::fs::write(&floor, &out.stdout).unwrap();
    let out = saidby(&["eval", "--gold", gold, "--floor", floor.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn errors_show_article_offsets_and_context() {
    let tmp = tempfile::tempdir().unwrap();
    let gold = tmp.path().join("gold");
    write_gold(&gold);
    // A system that found only the direct quote.
    let csv = tmp.path().join("system.csv");
    write_perfect_csv(&csv, "story");
    let only_direct: Vec<String> = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .take(2)
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&csv, only_direct.concat()).unwrap();
    let out = saidby(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--system",
        csv.to_str().unwrap(),
        "--errors",
        "3",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let start = TEXT[..TEXT.find("that the budget").unwrap()]
        .chars()
        .count();
    assert!(text.contains("== miss indirect (1 of 1)"), "{text}");
    assert!(
        text.contains(&format!("story {start}..{}: ", start + 28)),
        "{text}"
    );
    assert!(text.contains("⟦that the budget was balanced⟧"), "{text}");
    assert!(text.contains("gold source \"The mayor\""), "{text}");
}

#[test]
fn bad_gold_is_a_fatal_error_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let gold = tmp.path().join("gold");
    write_gold(&gold);
    std::fs::write(
        gold.join("attributions/story_ann1.ann"),
        "T1\tContent 0 9999\tx\n",
    )
    .unwrap();
    let out = saidby(&["eval", "--gold", gold.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("story_ann1.ann:1") && err.contains("outside the text"),
        "{err}"
    );
    let out = saidby(&[
        "eval",
        "--gold",
        tmp.path().join("nowhere").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_documents_the_matching_rules() {
    let out = saidby(&["eval", "--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for rule in ["least half", "quotation mark", "last word", "mixed"] {
        assert!(text.contains(rule), "{rule:?} missing from --help:\n{text}");
    }
}

#[test]
fn scoring_an_extract_csv_equals_scoring_the_extractor_in_process() {
    // Catches any disagreement on offsets (bytes vs chars) or article ids
    // between `saidby extract` and the scorer: TEXT has multi-byte marks.
    let tmp = tempfile::tempdir().unwrap();
    let gold = tmp.path().join("gold");
    write_gold(&gold);
    let csv = tmp.path().join("run.csv");
    let out = saidby(&[
        "extract",
        gold.join("text").to_str().unwrap(),
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let gold = gold.to_str().unwrap();
    let from_csv = saidby(&[
        "eval",
        "--gold",
        gold,
        "--system",
        csv.to_str().unwrap(),
        "--json",
    ]);
    let in_process = saidby(&["eval", "--gold", gold, "--json"]);
    assert_eq!(json(&from_csv), json(&in_process));
    assert!(json(&in_process)["categories"]["all"]["extracted"].as_u64() > Some(0));
}
