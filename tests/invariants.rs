//! Property tests: on generated article-like text, every extraction
//! satisfies `saidby::invariants::check` (the same checks the fuzz target
//! runs). The generator mixes what makes the stages branch: words, names,
//! titles, organizations, cue verbs, every kind of quote mark (entity-encoded
//! ones too), punctuation, line breaks of every style, and multibyte and
//! invisible characters; plus arbitrary chars, so nothing is only what we
//! thought of.

use proptest::prelude::*;
use saidby::{Extractor, invariants};

const WORDS: &[&str] = &[
    "the",
    "a",
    "plan",
    "we",
    "will",
    "not",
    "back",
    "down",
    "it",
    "is",
    "over",
    "of",
    "that",
    "and",
    "in",
    "unsaid",
    "sayings",
    "e.g.",
    "U.S.",
    "2024",
    "o'clock",
    "well-known",
];
const NAMES: &[&str] = &[
    "Marie",
    "Struthers",
    "Jane",
    "Smith",
    "Conant",
    "Ben",
    "Carson",
    "A",
    "B",
    "Élodie",
    "Dupré",
    "O'Brien",
    "Jean-Luc",
    "Merkel",
    "Amnesty International",
    "Reuters",
    "Human Rights Watch",
    "Acme Corp",
    "Mr.",
    "Dr.",
    "Sen.",
    "Gov.",
    "he",
    "she",
    "they",
    "She",
    "He",
    "the group",
    // Shapes this session's rules read: transcript labels, titles as
    // surnames, places as surnames, hyphenated given names.
    "WALLACE:",
    "PENCE: ",
    "Mr. King",
    "Chief",
    "Jordan",
    "Park Geun-hye",
    "Schilling",
];
const CUES: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "warned",
    "according to",
    "SAID",
    "has said",
    "also said",
    "said in a statement",
    "told reporters",
    "explained",
    "noted",
    "Said",
    "Continued",
    "fumed",
    "called",
    "saying",
    "and said",
    "notes",
];
const MARKS: &[&str] = &[
    "\"", "“", "”", "‘", "’", "'", "''", "``", "«", "»", "« ", " »", "„", "‚", "‹", "›", "「",
    "」", "『", "』", "〝", "〞", "＂", "&quot;", "&#8220;", "&#8221;", "&#34;", "&ldquo;",
    "&rdquo;", "&lsquo;", "&rsquo;", "&laquo;", "&raquo;", "&#x201C;", "&#x201D;", "&amp;", "&",
    "&#", "&quot", "<p>", "</p>", "<br/>", "<",
];
const PUNCT: &[&str] = &[
    ".", ",", ":", ";", "!", "?", "—", "–", "-", "...", "…", "(", ")", "[", "]", ". ", ", ", ": ",
    "―", "--", " -- ", " ― ", ":\n\n", "- ",
];
const SPACE: &[&str] = &[
    " ", " ", " ", " ", "\n", "\n\n", "\r\n", "\r", "\t", "\u{A0}", "\u{2028}", "\u{2029}", "  ",
];
const ODD: &[&str] = &[
    "é",
    "ß",
    "Ω",
    "Привет",
    "Москва",
    "مرحبا",
    "北京",
    "は",
    "😀",
    "👩‍👩‍👧",
    "e\u{301}",
    "\u{200D}",
    "\u{200F}",
    "\u{200E}",
    "\u{202E}",
    "\u{FEFF}",
    "\u{0}",
    "\u{FFFD}",
    "\u{1F}",
    "\u{7F}",
    "İ",
    "ǅ",
];

fn token() -> impl Strategy<Value = String> {
    let pick =
        |list: &'static [&'static str]| proptest::sample::select(list).prop_map(str::to_string);
    prop_oneof![
        4 => pick(WORDS),
        3 => pick(NAMES),
        2 => pick(CUES),
        4 => pick(MARKS),
        2 => pick(PUNCT),
        6 => pick(SPACE),
        1 => pick(ODD),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn article() -> impl Strategy<Value = String> {
    proptest::collection::vec(token(), 0..120).prop_map(|tokens| tokens.concat())
}

/// Sentences shaped like the ones attribution looks for, so the generated
/// text reaches the attribution code and not only the quote finder.
fn quotation() -> impl Strategy<Value = String> {
    (
        proptest::sample::select(MARKS),
        proptest::collection::vec(proptest::sample::select(WORDS), 1..6),
        proptest::sample::select(MARKS),
        proptest::sample::select(NAMES),
        proptest::sample::select(CUES),
        proptest::sample::select(SPACE),
        any::<bool>(),
    )
        .prop_map(|(open, words, close, name, cue, space, speaker_first)| {
            let body = words.join(" ");
            if speaker_first {
                format!("{name} {cue}: {open}{body}.{close}{space}")
            } else {
                format!("{open}{body},{close} {name} {cue}.{space}")
            }
        })
}

fn quoted_article() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof![quotation(), token()], 0..40)
        .prop_map(|parts| parts.concat())
}

fn extractor() -> &'static Extractor {
    static EXTRACTOR: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
    EXTRACTOR.get_or_init(Extractor::new)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_holds_the_invariants(text in article()) {
        if let Err(e) = invariants::check(extractor(), &text) {
            prop_assert!(false, "{}", e);
        }
    }

    #[test]
    fn quotation_shaped_text_holds_the_invariants(text in quoted_article()) {
        if let Err(e) = invariants::check(extractor(), &text) {
            prop_assert!(false, "{}", e);
        }
    }

    #[test]
    fn arbitrary_unicode_holds_the_invariants(text in any::<String>()) {
        if let Err(e) = invariants::check(extractor(), &text) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// The generator is only worth something if it reaches attribution: a fixed
/// sample of quotation-shaped text must produce attributed rows.
#[test]
fn generated_quotations_reach_attribution() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    let (mut rows, mut with_verb) = (0, 0);
    for _ in 0..200 {
        let text = quoted_article().new_tree(&mut runner).unwrap().current();
        let quotes = invariants::check(extractor(), &text).unwrap();
        rows += quotes.len();
        with_verb += quotes.iter().filter(|q| q.verb.is_some()).count();
    }
    assert!(rows > 200, "only {rows} rows from 200 generated articles");
    assert!(with_verb > 50, "only {with_verb} attributed rows");
}
