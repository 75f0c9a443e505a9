//! What every extraction must satisfy, whatever the input: the checks shared
//! by the property tests (`tests/invariants.rs`), the pathological-input
//! tests (`tests/hostile_*.rs`) and the fuzz target (`fuzz/`).
//!
//! They live in the library, not in a test helper, so that the fuzz crate (a
//! separate workspace) and the integration tests run one and the same code.
//! Nothing here is used by the extractor itself.
//!
//! ```
//! use saidby::{Extractor, invariants};
//! let text = "“We will win,” Smith said.";
//! let quotes = invariants::check(&Extractor::new(), text).unwrap();
//! assert_eq!(quotes.len(), 1);
//! ```

use crate::extractor::{Extractor, Quote};
use crate::input::{Article, Location};
use crate::output;
use crate::span::Span;

/// Runs `extractor` on `text` and checks every invariant of its output;
/// returns the rows, or a description of the first violation.
///
/// Checked: every offset lies within the text and on a char boundary; quote
/// spans are non-empty; speaker and verb spans, when present, are non-empty;
/// rows are in text order; confidence is a number in `[0, 1]`; speaker and
/// organization names, when present, are not blank; the same input gives
/// the same output; and on the output path ([`output::rows`]) every cell
/// equals the text between its Unicode scalar offsets, counted here
/// independently of [`crate::span::CharIndex`].
///
/// The cost is linear in the text plus the output, so it can run on the
/// pathological multi-megabyte inputs too.
pub fn check(extractor: &Extractor, text: &str) -> Result<Vec<Quote>, String> {
    let quotes = check_once(extractor, text)?;
    let again = extractor.extract(text);
    if again != quotes {
        return Err(format!(
            "same input, different output: {} rows then {} rows",
            quotes.len(),
            again.len()
        ));
    }
    Ok(quotes)
}

/// [`check`] without the second run that proves determinism: half the cost,
/// for inputs of many megabytes.
pub fn check_once(extractor: &Extractor, text: &str) -> Result<Vec<Quote>, String> {
    let quotes = extractor.extract(text);
    check_quotes(text, &quotes)?;
    check_rows(text, &quotes)?;
    Ok(quotes)
}

/// The invariants of the extractor's own output (byte offsets).
pub fn check_quotes(text: &str, quotes: &[Quote]) -> Result<(), String> {
    let mut previous = 0;
    for (i, q) in quotes.iter().enumerate() {
        let row = |what: &str| format!("row {i}: {what} ({q:?})");
        check_span(text, q.span).map_err(|e| row(&format!("quote span {e}")))?;
        if q.span.is_empty() {
            return Err(row("empty quote span"));
        }
        if let Some(s) = q.speaker_mention {
            check_span(text, s).map_err(|e| row(&format!("speaker span {e}")))?;
            if s.is_empty() {
                return Err(row("empty speaker span"));
            }
        }
        if let Some(v) = q.verb {
            check_span(text, v).map_err(|e| row(&format!("verb span {e}")))?;
            if v.is_empty() {
                return Err(row("empty verb span"));
            }
        }
        if q.span.start < previous {
            return Err(row(&format!(
                "out of text order: starts at {} after a row starting at {previous}",
                q.span.start
            )));
        }
        previous = q.span.start;
        if !(0.0..=1.0).contains(&q.confidence) {
            return Err(row("confidence outside [0, 1]"));
        }
        if q.speaker.as_deref().is_some_and(|s| s.trim().is_empty()) {
            return Err(row("blank speaker name"));
        }
        if q.organization
            .as_deref()
            .is_some_and(|s| s.trim().is_empty())
        {
            return Err(row("blank organization name"));
        }
    }
    Ok(())
}

fn check_span(text: &str, span: Span) -> Result<(), String> {
    if span.start > span.end {
        return Err(format!("{}..{} is reversed", span.start, span.end));
    }
    if span.end > text.len() {
        return Err(format!(
            "{}..{} ends past the text ({} bytes)",
            span.start,
            span.end,
            text.len()
        ));
    }
    if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return Err(format!(
            "{}..{} cuts a character in two",
            span.start, span.end
        ));
    }
    Ok(())
}

/// The output path: the cells and char offsets that reach the CSV agree
/// with the text, as a Python reader slicing `text[start:end]` would see it.
fn check_rows(text: &str, quotes: &[Quote]) -> Result<(), String> {
    let article = Article {
        id: "invariants".to_string(),
        meta: Vec::new(),
        text: text.to_string(),
        location: Location {
            file: "invariants".to_string(),
            line: 0,
        },
    };
    let rows = output::rows(&article, quotes);
    if rows.len() != quotes.len() {
        return Err(format!("{} quotes gave {} rows", quotes.len(), rows.len()));
    }
    // Byte offset of every char, plus the end: char offset k slices at
    // `starts[k]`. Built once so the check stays linear.
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    let slice = |(s, e): (usize, usize)| -> Option<&str> {
        (s <= e && e < starts.len()).then(|| &text[starts[s]..starts[e]])
    };
    for (i, (row, q)) in rows.iter().zip(quotes).enumerate() {
        let err = |what: &str| Err(format!("row {i}: {what} ({q:?})"));
        if row.quote_index != i {
            return err(&format!("quote_index {}", row.quote_index));
        }
        if row.text != q.span.as_str(text) || slice(row.quote_range) != Some(row.text) {
            return err(&format!(
                "quote cell {:?} is not the text at chars {:?}",
                row.text, row.quote_range
            ));
        }
        match (row.speaker_mention, row.speaker_range) {
            (None, None) => {}
            (Some(cell), Some(range)) if slice(range) == Some(cell) => {}
            (cell, range) => {
                return err(&format!(
                    "speaker cell {cell:?} is not the text at chars {range:?}"
                ));
            }
        }
        match (row.verb, row.verb_range) {
            (None, None) => {}
            (Some(cell), Some(range)) if slice(range) == Some(cell) => {}
            (cell, range) => {
                return err(&format!(
                    "verb cell {cell:?} is not the text at chars {range:?}"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extractor::QuoteKind;

    fn quote(span: Span) -> Quote {
        Quote::unattributed(QuoteKind::Direct, span, 0)
    }

    // A checker that cannot fail proves nothing: each broken row is caught.
    #[test]
    fn broken_rows_are_reported() {
        let text = "“Ça,” dit-il.";
        let mut reversed = quote(Span { start: 5, end: 3 });
        reversed.confidence = 0.5;
        let mut bad_confidence = quote(Span::new(3, 5));
        bad_confidence.confidence = 1.5;
        let mut nan_confidence = quote(Span::new(3, 5));
        nan_confidence.confidence = f32::NAN;
        let mut empty_verb = quote(Span::new(3, 5));
        empty_verb.verb = Some(Span::new(11, 11));
        let mut blank_speaker = quote(Span::new(3, 5));
        blank_speaker.speaker = Some(" ".to_string());
        let cases: Vec<(Vec<Quote>, &str)> = vec![
            (vec![quote(Span::new(3, 60))], "ends past the text"),
            (vec![quote(Span::new(1, 5))], "cuts a character"),
            (vec![quote(Span::new(3, 3))], "empty quote span"),
            (vec![reversed], "reversed"),
            (vec![bad_confidence], "confidence"),
            (vec![nan_confidence], "confidence"),
            (vec![empty_verb], "empty verb span"),
            (vec![blank_speaker], "blank speaker"),
            (
                vec![quote(Span::new(10, 12)), quote(Span::new(3, 5))],
                "out of text order",
            ),
        ];
        for (quotes, want) in cases {
            let got = check_quotes(text, &quotes).expect_err(want);
            assert!(got.contains(want), "{got} should say {want}");
        }
    }

    #[test]
    fn well_formed_rows_pass_including_the_output_path() {
        let text = "“Ça va,” dit Élodie Dupré. “Oui,” said she.";
        let mut q = quote(Span::new(3, 9));
        q.verb = Some(Span::new(
            text.find("dit").unwrap(),
            text.find("dit").unwrap() + 3,
        ));
        let s = text.find("Élodie").unwrap();
        q.speaker_mention = Some(Span::new(s, s + "Élodie Dupré".len()));
        let quotes = [q];
        check_quotes(text, &quotes).unwrap();
        check_rows(text, &quotes).unwrap();
    }
}
