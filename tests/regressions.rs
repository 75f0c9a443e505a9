//! Inputs that once broke the extractor, each named for what broke. Most
//! were found by the fuzzer (`fuzz/`, see docs/fuzzing.md); the minimized
//! input is kept as found, next to the everyday text that hits the same bug.

use saidby::{Extractor, invariants};

fn assert_holds(text: &str) -> Vec<saidby::Quote> {
    invariants::check(&Extractor::new(), text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// attribute.rs `name_before` stepped one byte past the last non-letter
/// before a cue, landing inside it when it was multibyte (an em dash, a
/// U+FFFD from a bad byte, a no-break space): "byte index is not a char
/// boundary". Fuzzer crash, minimized to 10 bytes.
#[test]
fn multibyte_char_before_a_cue_is_not_cut_in_two() {
    assert_holds("\u{FFFD}said\u{201C} \u{1D}");
    assert_holds("“We will not back down,” M\u{FFFD}rs said.");
    let text = "“We will not back down,” —she said.";
    let quotes = assert_holds(text);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].verb.map(|v| v.as_str(text)), Some("said"));
    assert_holds("Then\u{A0}she said: “No.”");
}

/// attribute.rs `indirect`, `According to X, C.`: the subject phrase took in
/// a trailing mark that the sentence's end leaves out, and the clause after
/// it was sliced backwards ("begin > end"). Found by the token-soup property
/// test (tests/invariants.rs).
#[test]
fn according_to_with_a_subject_past_the_sentence_end_does_not_panic() {
    assert_holds("according to–Marie' ");
    assert_holds("According to Marie' ");
    // The everyday form still gives its clause.
    let text = "According to Amnesty International, the police detained dozens of men.";
    let quotes = assert_holds(text);
    assert_eq!(
        quotes[0].span.as_str(text),
        "the police detained dozens of men"
    );
}

/// attribute.rs `indirect`: a cue of the user's own lexicon that ends in a
/// period ("he said.") ends past the sentence body the clause search trims
/// to, and `text[cue_end..body_end]` was sliced backwards.
#[test]
fn a_custom_cue_ending_in_a_period_does_not_panic() {
    let extractor = Extractor::builder()
        .cues(saidby::Lexicon::parse("said.\nhe said."))
        .build()
        .unwrap();
    let text = "Smith he said. The plan failed, Jones he said.\n\n“We lost,” Ana he said.";
    let quotes = invariants::check(&extractor, text).unwrap_or_else(|e| panic!("{e}"));
    assert!(quotes.iter().any(|q| q.span.as_str(text) == "We lost,"));
}
