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
