//! The scorer against hand-made gold: each matching rule on a tiny invented
//! article written to a temporary gold directory, then perfect and empty
//! systems on PolNeAR dev when it is there.

use std::path::Path;

use saidby::eval::score::VerbLexicon;
use saidby::eval::{Category, Evaluation, GoldDoc, Scorer, SystemQuote, read_gold_dir};
use saidby::{Lexicon, QuoteKind};

/// Char offsets of the first occurrence of `needle` in `text`.
fn at(text: &str, needle: &str) -> (usize, usize) {
    let b = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    let start = text[..b].chars().count();
    (start, start + needle.chars().count())
}

/// One gold attribution by its text pieces: content fragments, source, cue.
struct Attr<'a> {
    content: &'a [&'a str],
    source: Option<&'a str>,
    cue: &'a str,
}

fn ann(text: &str, attrs: &[Attr]) -> String {
    let mut out = String::new();
    let mut t = 0;
    let mut bound = |label: &str, pieces: &[&str], out: &mut String| {
        t += 1;
        let frags: Vec<String> = pieces
            .iter()
            .map(|p| {
                let (a, b) = at(text, p);
                format!("{a} {b}")
            })
            .collect();
        out.push_str(&format!(
            "T{t}\t{label} {}\t{}\n",
            frags.join(";"),
            pieces.join(" ")
        ));
        t
    };
    for (e, a) in attrs.iter().enumerate() {
        let content = bound("Content", a.content, &mut out);
        let cue = bound("Cue", &[a.cue], &mut out);
        let source = a.source.map(|s| bound("Source", &[s], &mut out));
        let mut line = format!(
            "E{}\tAttribution:T{cue} Content:T{content} Cue:T{cue}",
            e + 1
        );
        if let Some(s) = source {
            line.push_str(&format!(" Source:T{s}"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Writes a gold dir with one article per `(name, text, attributions)`.
fn gold_dir(dir: &Path, articles: &[(&str, &str, &[Attr])]) -> Vec<GoldDoc> {
    std::fs::create_dir_all(dir.join("text")).unwrap();
    std::fs::create_dir_all(dir.join("attributions")).unwrap();
    for (name, text, attrs) in articles {
        std::fs::write(dir.join("text").join(format!("{name}.txt")), text).unwrap();
        std::fs::write(
            dir.join("attributions").join(format!("{name}_a1.ann")),
            ann(text, attrs),
        )
        .unwrap();
    }
    read_gold_dir(dir).unwrap()
}

fn row(text: &str, kind: QuoteKind, piece: &str) -> SystemQuote {
    SystemQuote {
        kind,
        span: at(text, piece),
        speaker: None,
        speaker_mention: None,
        verb: Some("said".into()),
    }
}

/// A scorer with a fixed verb list, so these tests do not move when the
/// shipped cue lexicon grows.
fn scorer() -> Scorer {
    Scorer::new(VerbLexicon::new(&Lexicon::parse(
        "said\nadded\ntold\nreported\naccording to",
    )))
}

fn score(docs: &[GoldDoc], rows: Vec<SystemQuote>) -> Evaluation {
    scorer().score(docs, &[rows])
}

/// A system that is the gold itself: one row per content fragment, the
/// Source as speaker mention, the Cue as verb.
fn perfect(docs: &[GoldDoc]) -> Vec<Vec<SystemQuote>> {
    docs.iter()
        .map(|d| {
            let chars: Vec<char> = d.text.chars().collect();
            d.attributions
                .iter()
                .zip(scorer().gold_direct(d))
                .flat_map(|(g, direct)| {
                    let kind = if direct {
                        QuoteKind::Direct
                    } else {
                        QuoteKind::Indirect
                    };
                    let mention = (!g.source.is_empty())
                        .then(|| (g.source[0].0, g.source[g.source.len() - 1].1));
                    let verb: String = g
                        .cue
                        .iter()
                        .map(|&(a, b)| chars[a..b].iter().collect::<String>())
                        .collect::<Vec<_>>()
                        .join(" ");
                    g.content.iter().map(move |&span| SystemQuote {
                        kind,
                        span,
                        speaker: None,
                        speaker_mention: mention,
                        verb: Some(verb.clone()),
                    })
                })
                .collect()
        })
        .collect()
}

const STORY: &str = "“We will not back down,” Marie Struthers said. \
The mayor said that the budget was balanced. \
“Taxes,” she added, “will not rise.” \
Critics believe the plan will fail. \
It was reported that the bridge would close.";

fn story_attrs() -> Vec<Attr<'static>> {
    vec![
        Attr {
            content: &["“We will not back down,”"],
            source: Some("Marie Struthers"),
            cue: "said",
        },
        Attr {
            content: &["that the budget was balanced"],
            source: Some("The mayor"),
            cue: "said that",
        },
        Attr {
            content: &["“Taxes,”", "“will not rise.”"],
            source: Some("she"),
            cue: "added",
        },
        Attr {
            content: &["the plan will fail"],
            source: Some("Critics"),
            cue: "believe",
        },
        Attr {
            content: &["that the bridge would close"],
            source: None,
            cue: "was reported",
        },
    ]
}

#[test]
fn system_equal_to_gold_scores_one_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let attrs = story_attrs();
    let docs = gold_dir(tmp.path(), &[("story", STORY, &attrs)]);
    let eval = scorer().score(&docs, &perfect(&docs));
    let counts = |c| eval.figures(c).gold;
    assert_eq!(
        [
            counts(Category::Direct),
            counts(Category::Indirect),
            counts(Category::IndirectVerb),
            counts(Category::All)
        ],
        [2, 3, 2, 5],
        "said that and was reported are reporting cues, believe is not"
    );
    for c in Category::EVERY {
        let f = eval.figures(c);
        assert_eq!(
            [f.precision, f.recall, f.f1, f.speaker_accuracy, f.e2e_f1],
            [1.0; 5],
            "{c:?}: {f:?}"
        );
    }
}

#[test]
fn empty_system_scores_zero_recall() {
    let tmp = tempfile::tempdir().unwrap();
    let attrs = story_attrs();
    let docs = gold_dir(tmp.path(), &[("story", STORY, &attrs)]);
    let eval = score(&docs, Vec::new());
    for c in Category::EVERY {
        let f = eval.figures(c);
        assert!(f.gold > 0, "{c:?}");
        assert_eq!(
            (f.extracted, f.recall, f.precision, f.f1),
            (0, 0.0, 0.0, 0.0),
            "{c:?}"
        );
    }
}

#[test]
fn found_needs_half_of_the_content() {
    let text = "Smith said that aaaa bbbb would happen.";
    let attrs = [Attr {
        content: &["aaaa bbbb"],
        source: Some("Smith"),
        cue: "said",
    }];
    let tmp = tempfile::tempdir().unwrap();
    let docs = gold_dir(tmp.path(), &[("a", text, &attrs)]);
    let cases = [
        ("aaaa", 1.0),
        ("aaa", 0.0),
        ("bbbb would", 1.0),
        ("bbb", 0.0),
    ];
    for (piece, recall) in cases {
        let eval = score(&docs, vec![row(text, QuoteKind::Indirect, piece)]);
        assert_eq!(eval.figures(Category::Indirect).recall, recall, "{piece}");
    }
    // Two rows, each under half, together over it.
    let eval = score(
        &docs,
        vec![
            row(text, QuoteKind::Indirect, "aaa"),
            row(text, QuoteKind::Indirect, "bbb"),
        ],
    );
    assert_eq!(eval.figures(Category::Indirect).recall, 1.0);
}

#[test]
fn right_needs_half_of_the_row_inside_gold() {
    let text = "Smith said that aaaa bbbb would happen.";
    let attrs = [Attr {
        content: &["aaaa bbbb"],
        source: Some("Smith"),
        cue: "said",
    }];
    let tmp = tempfile::tempdir().unwrap();
    let docs = gold_dir(tmp.path(), &[("a", text, &attrs)]);
    // "bbbb would": 4 of 9 counted chars inside; "bbbb woul": 4 of 8.
    let cases = [("bbbb would", 0.0), ("bbbb woul", 1.0), ("Smith said", 0.0)];
    for (piece, precision) in cases {
        let eval = score(&docs, vec![row(text, QuoteKind::Indirect, piece)]);
        assert_eq!(
            eval.figures(Category::Indirect).precision,
            precision,
            "{piece}"
        );
    }
}

#[test]
fn quote_marks_and_whitespace_do_not_count() {
    let text = "He said “aaaa bbbb”   xyz and left.";
    let attrs = [Attr {
        content: &["“aaaa bbbb”"],
        source: Some("He"),
        cue: "said",
    }];
    let tmp = tempfile::tempdir().unwrap();
    let docs = gold_dir(tmp.path(), &[("a", text, &attrs)]);
    // Found: 4 of 8 counted chars (of 11 with marks and space).
    let eval = score(&docs, vec![row(text, QuoteKind::Direct, "“aaaa")]);
    assert_eq!(eval.figures(Category::Direct).recall, 1.0);
    // Right: 4 of 7 counted chars inside (5 of 11 with marks and spaces).
    let eval = score(&docs, vec![row(text, QuoteKind::Direct, "bbbb”   xyz")]);
    assert_eq!(eval.figures(Category::Direct).precision, 1.0);
}

#[test]
fn multi_fragment_content_counts_all_fragments() {
    let text = "“aaaa,” she said, “bbbb cccc.”";
    let attrs = [Attr {
        content: &["“aaaa,”", "“bbbb cccc.”"],
        source: Some("she"),
        cue: "said",
    }];
    let tmp = tempfile::tempdir().unwrap();
    let docs = gold_dir(tmp.path(), &[("a", text, &attrs)]);
    assert_eq!(docs[0].attributions[0].content.len(), 2);
    // Counted: "aaaa," 5 + "bbbbcccc." 9 = 14.
    let cases = [("bbbb cccc.", 1.0), ("aaaa,", 0.0)];
    for (piece, recall) in cases {
        let eval = score(&docs, vec![row(text, QuoteKind::Direct, piece)]);
        assert_eq!(eval.figures(Category::Direct).recall, recall, "{piece}");
    }
    // The text between the fragments is not content.
    let eval = score(&docs, vec![row(text, QuoteKind::Direct, "she said")]);
    assert_eq!(eval.figures(Category::Direct).precision, 0.0);
}

#[test]
fn speaker_right_by_mention_overlap_or_last_name() {
    let text = "“We will win,” said Sen. Jane Smith of Ohio. Jones agreed.";
    let attrs = [Attr {
        content: &["“We will win,”"],
        source: Some("Sen. Jane Smith of Ohio"),
        cue: "said",
    }];
    let tmp = tempfile::tempdir().unwrap();
    let docs = gold_dir(tmp.path(), &[("a", text, &attrs)]);
    let with = |speaker: Option<&str>, mention: Option<&str>| {
        let mut q = row(text, QuoteKind::Direct, "We will win,");
        q.speaker = speaker.map(String::from);
        q.speaker_mention = mention.map(|m| at(text, m));
        score(&docs, vec![q])
            .figures(Category::Direct)
            .speaker_accuracy
    };
    let cases = [
        (None, Some("Jane"), 1.0),
        (None, Some("Smith of"), 1.0),
        (None, Some("Jones"), 0.0),
        (Some("Jane Smith"), None, 1.0),
        (Some("Bob SMITH Jr."), None, 1.0),
        (Some("Jane Jones"), None, 0.0),
        // The name is wrong but the mention is in place: the mention decides.
        (Some("Jane Jones"), Some("Smith"), 1.0),
        (None, None, 0.0),
    ];
    for (speaker, mention, want) in cases {
        assert_eq!(with(speaker, mention), want, "{speaker:?} {mention:?}");
    }
}

#[test]
fn gold_without_source_wants_no_speaker() {
    let text = "It was reported that the bridge would close. Smith left.";
    let attrs = [Attr {
        content: &["that the bridge would close"],
        source: None,
        cue: "was reported",
    }];
    let tmp = tempfile::tempdir().unwrap();
    let docs = gold_dir(tmp.path(), &[("a", text, &attrs)]);
    let mut q = row(text, QuoteKind::Indirect, "the bridge would close");
    let eval = score(&docs, vec![q.clone()]);
    assert_eq!(eval.figures(Category::Indirect).speaker_accuracy, 1.0);
    q.speaker = Some("Smith".into());
    let eval = score(&docs, vec![q]);
    assert_eq!(eval.figures(Category::Indirect).speaker_accuracy, 0.0);
}

#[test]
fn direct_when_content_starts_with_a_mark_or_is_mostly_quoted() {
    // New York Times marks: two apostrophes count as one mark.
    let text = "Smith said, ''We will win.'' Jones said that taxes ''will not rise'' soon. \
Brown said he would ''fight for every vote in every single state.'' \
Green said that the 'plan' works.";
    let cases: [(&str, bool); 4] = [
        ("''We will win.''", true),
        ("that taxes ''will not rise'' soon", false),
        (
            "he would ''fight for every vote in every single state.''",
            true,
        ),
        ("that the 'plan' works", false),
    ];
    for (content, direct) in cases {
        let attrs = [Attr {
            content: &[content],
            source: Some("Smith"),
            cue: "said",
        }];
        let tmp = tempfile::tempdir().unwrap();
        let docs = gold_dir(tmp.path(), &[("a", text, &attrs)]);
        let eval = score(&docs, Vec::new());
        assert_eq!(
            eval.figures(Category::Direct).gold,
            usize::from(direct),
            "{content}"
        );
        assert_eq!(
            eval.figures(Category::Indirect).gold,
            usize::from(!direct),
            "{content}"
        );
    }
}

#[test]
fn indirect_verb_needs_a_reporting_cue() {
    let text = "Smith said that taxes rise. Jones believes that taxes fall. \
According to Brown, taxes stay. Green has told reporters that taxes vanish.";
    let attrs = [
        Attr {
            content: &["that taxes rise"],
            source: Some("Smith"),
            cue: "said",
        },
        Attr {
            content: &["that taxes fall"],
            source: Some("Jones"),
            cue: "believes",
        },
        Attr {
            content: &["taxes stay"],
            source: Some("Brown"),
            cue: "According to",
        },
        Attr {
            content: &["that taxes vanish"],
            source: Some("Green"),
            cue: "has told",
        },
    ];
    let tmp = tempfile::tempdir().unwrap();
    let docs = gold_dir(tmp.path(), &[("a", text, &attrs)]);
    let eval = score(&docs, Vec::new());
    assert_eq!(eval.figures(Category::Indirect).gold, 4);
    assert_eq!(eval.figures(Category::IndirectVerb).gold, 3);
    // System side: an indirect row counts as indirect-verb only with a reporting verb.
    let mut q = row(text, QuoteKind::Indirect, "that taxes fall");
    q.verb = Some("believes".into());
    let eval = score(&docs, vec![q]);
    assert_eq!(eval.figures(Category::Indirect).extracted, 1);
    assert_eq!(eval.figures(Category::IndirectVerb).extracted, 0);
}

#[test]
fn mixed_rows_count_as_direct_and_as_indirect() {
    let text = "Smith said that the plan is “a disaster for everyone.”";
    let attrs = [Attr {
        content: &["that the plan is “a disaster for everyone.”"],
        source: Some("Smith"),
        cue: "said",
    }];
    let tmp = tempfile::tempdir().unwrap();
    let docs = gold_dir(tmp.path(), &[("a", text, &attrs)]);
    let q = row(
        text,
        QuoteKind::Mixed,
        "that the plan is “a disaster for everyone.”",
    );
    let eval = score(&docs, vec![q]);
    for c in Category::EVERY {
        assert_eq!(eval.figures(c).extracted, 1, "{c:?}");
    }
    // The gold is direct (mostly quoted), so the mixed row finds it as direct.
    assert_eq!(eval.figures(Category::Direct).recall, 1.0);
    assert_eq!(eval.figures(Category::Direct).precision, 1.0);
    // As an indirect row it is right (inside a gold content) but finds no indirect gold.
    assert_eq!(eval.figures(Category::Indirect).precision, 1.0);
    assert_eq!(eval.figures(Category::Indirect).gold, 0);
}

#[test]
fn first_ann_file_by_name_is_used() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = "Smith said that taxes rise. Jones said that taxes fall.";
    std::fs::create_dir_all(dir.join("text")).unwrap();
    std::fs::create_dir_all(dir.join("attributions")).unwrap();
    std::fs::write(dir.join("text/a_b.txt"), text).unwrap();
    let one = |content| {
        ann(
            text,
            &[Attr {
                content: &[content],
                source: None,
                cue: "said",
            }],
        )
    };
    // Annotator files sort as b1 < z9; the text name itself holds an underscore.
    std::fs::write(dir.join("attributions/a_b_z9.ann"), one("that taxes fall")).unwrap();
    std::fs::write(dir.join("attributions/a_b_b1.ann"), one("that taxes rise")).unwrap();
    let docs = read_gold_dir(dir).unwrap();
    assert_eq!(docs.len(), 1);
    assert!(docs[0].ann.as_ref().unwrap().ends_with("a_b_b1.ann"));
    assert_eq!(
        docs[0].attributions[0].content,
        [at(text, "that taxes rise")]
    );
}

#[test]
fn offsets_count_code_points_not_bytes() {
    // Accents and an emoji before the content: byte and char offsets differ.
    let text = "Éric Zoë 😀 said that café prices rise.";
    let attrs = [Attr {
        content: &["that café prices rise"],
        source: Some("Éric Zoë"),
        cue: "said",
    }];
    let tmp = tempfile::tempdir().unwrap();
    let docs = gold_dir(tmp.path(), &[("a", text, &attrs)]);
    let mut q = row(text, QuoteKind::Indirect, "café prices rise");
    q.speaker = Some("Éric Zoë".into());
    let eval = score(&docs, vec![q]);
    let f = eval.figures(Category::Indirect);
    assert_eq!((f.precision, f.recall, f.speaker_accuracy), (1.0, 1.0, 1.0));
}

fn polnear_dev() -> Option<std::path::PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/polnear/dev"
    ));
    if dir.is_dir() {
        Some(dir.to_path_buf())
    } else {
        eprintln!("SKIPPED: {} not found", dir.display());
        None
    }
}

#[test]
fn polnear_dev_gold_as_system_scores_one_and_empty_scores_zero() {
    let Some(dir) = polnear_dev() else { return };
    let docs = read_gold_dir(&dir).unwrap();
    assert_eq!(docs.len(), 84);
    let eval = Scorer::default().score(&docs, &perfect(&docs));
    assert_eq!(eval.figures(Category::All).gold, 2192);
    for c in Category::EVERY {
        let f = eval.figures(c);
        assert_eq!(
            [f.precision, f.recall, f.speaker_accuracy, f.e2e_f1],
            [1.0; 4],
            "{c:?}: {f:?}"
        );
    }
    let empty = vec![Vec::new(); docs.len()];
    let eval = Scorer::default().score(&docs, &empty);
    assert_eq!(eval.figures(Category::All).recall, 0.0);
}
