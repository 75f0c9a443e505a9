//! Coverage-guided fuzzing of `Extractor::extract`: every input, valid UTF-8
//! or not (invalid bytes become U+FFFD, as a lossy reader would), must give
//! rows that satisfy `saidby::invariants::check`. A violation panics, and
//! libFuzzer saves the input as a crash.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use saidby::Extractor;

static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let extractor = EXTRACTOR.get_or_init(Extractor::new);
    if let Err(violation) = saidby::invariants::check(extractor, &text) {
        panic!("invariant violated: {violation}\ninput: {text:?}");
    }
});
