//! Pathological inputs at scale: megabytes of one thing. Each test bounds
//! the work by what it can count, never by the clock:
//!
//! - the number of rows, against what the input can hold;
//! - the bytes allocated on the extracting thread, counted by a global
//!   allocator, on n and 4n bytes of the same input: linear work allocates
//!   about 4x as much, a per-quote copy of the paragraph or a per-mention
//!   scan that allocates would show at once;
//! - the size itself: these are debug-build tests on up to 10 MB, which a
//!   linear extractor handles in seconds and a quadratic one (10^13 steps
//!   and more) could not finish within CI's 90 minutes. A quadratic
//!   regression that does not allocate shows up as CI timing out here, on
//!   the test named for the input that triggers it.
//!
//! Every output also goes through `saidby::invariants::check`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use saidby::{Extractor, Quote, invariants};

/// Counts the bytes allocated by the current thread (tests run on several
/// threads at once; each measures only its own).
struct Counting;

thread_local! {
    static ALLOCATED: Cell<u64> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.with(|a| a.set(a.get() + layout.size() as u64));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATED.with(|a| a.set(a.get() + new_size as u64));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const MB: usize = 1 << 20;

fn extractor() -> &'static Extractor {
    static EXTRACTOR: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
    EXTRACTOR.get_or_init(Extractor::new)
}

fn holds(text: &str) -> Vec<Quote> {
    invariants::check_once(extractor(), text).unwrap_or_else(|e| panic!("{e}"))
}

/// `unit` repeated to about `bytes` bytes.
fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()))
}

/// Bytes allocated by one `extract` of `text`.
fn allocated_by_extract(text: &str) -> u64 {
    let before = ALLOCATED.with(Cell::get);
    let quotes = extractor().extract(text);
    let after = ALLOCATED.with(Cell::get);
    drop(quotes);
    after - before
}

/// Allocation on 4x the input stays within 6x (linear with slack for
/// vector doubling); a quadratic stage would give 16x.
fn assert_allocation_linear(unit: &str, small: usize) {
    let a = allocated_by_extract(&repeat_to(unit, small));
    let b = allocated_by_extract(&repeat_to(unit, 4 * small));
    assert!(
        b <= 6 * a.max(small as u64),
        "{unit:?}: {a} bytes allocated for {small} bytes of input, {b} for 4x"
    );
}

#[test]
fn ten_megabytes_of_straight_quote_marks() {
    let text = "\"".repeat(10 * MB);
    let quotes = holds(&text);
    // Adjacent marks enclose nothing: at most one row per two marks, and
    // any row must hold something other than marks.
    assert!(quotes.len() <= text.len() / 2);
    assert!(quotes.iter().all(|q| q.span.len() < text.len()));
    assert_allocation_linear("\"", MB);
}

#[test]
fn ten_megabytes_of_tiny_quotations() {
    // Three million one-letter quotations in one paragraph.
    let text = repeat_to("\"a\"", 10 * MB);
    let quotes = holds(&text);
    assert!(quotes.len() <= text.len() / 3 + 1, "{} rows", quotes.len());
    assert_allocation_linear("\"a\"", MB);
}

#[test]
fn ten_megabytes_without_whitespace() {
    // The mixed unit at full size, the degenerate ones (one endless word,
    // endless sentence ends, an endless acronym) at 2 MB to spare CI.
    for (unit, size) in [
        (
            "Smith said“Yes,”said Jones—according to Reuters:“No.”",
            10 * MB,
        ),
        ("abcdefghij", 2 * MB),
        ("....!!!???", 2 * MB),
        ("U.S.A.", 2 * MB),
    ] {
        let text = repeat_to(unit, size);
        let quotes = holds(&text);
        let marks = text.matches(['“', '”']).count();
        assert!(quotes.len() <= marks, "{unit:?}: {} rows", quotes.len());
        assert_allocation_linear(unit, MB);
    }
}

/// Each cue of a sentence used to search the rest of the sentence, and
/// what came before the cue, for a comma: with no comma, n cues cost n^2.
/// This test took over 60 s in the debug build, 7 s once each sentence's
/// commas were found once (release: 0.6 s -> 0.07 s).
#[test]
fn hundred_thousand_reporting_verbs_in_a_row() {
    let verbs = "said ".repeat(100_000);
    let text = format!("“We will win,” {verbs}Smith. Then Smith {verbs}: “We lost.”");
    let quotes = holds(&text);
    assert_eq!(quotes.len(), 2, "{quotes:?}");
    assert_eq!(quotes[0].span.as_str(&text), "We will win,");
    assert_eq!(quotes[1].span.as_str(&text), "We lost.");
    assert_allocation_linear("“Yes,” said said said said said Smith. ", MB);
}

#[test]
fn a_million_one_letter_capitalized_words() {
    for sep in [" ", ", ", ". ", "\n"] {
        let words: String = (0..1_000_000u32)
            .map(|i| format!("{}{sep}", char::from(b'A' + (i % 26) as u8)))
            .collect();
        let text = format!("“Yes,” {words}said. {words}said: “No.”");
        let quotes = holds(&text);
        // A one-word quote whose speaker phrase is a million words long may
        // be left out (an unattributed scare quote), the colon-cued one not.
        assert!(
            quotes.len() <= 2,
            "separator {sep:?}: {} rows",
            quotes.len()
        );
        assert!(
            quotes.iter().any(|q| q.span.as_str(&text) == "No."),
            "separator {sep:?}"
        );
        assert_allocation_linear(&format!("A{sep}B{sep}C{sep}"), MB);
    }
}

#[test]
fn a_hundred_thousand_attributed_quotations() {
    // Quotes x mentions x cues: every quote has its own speaker and cue, so
    // any per-quote scan over all mentions or cues is quadratic here.
    let unit = "“We will win,” Marie Struthers said. Smith said: “Never.”\n";
    let text = unit.repeat(100_000);
    let quotes = holds(&text);
    assert_eq!(quotes.len(), 200_000);
    let attributed = quotes.iter().filter(|q| q.speaker.is_some()).count();
    assert_eq!(attributed, 200_000);
    assert_allocation_linear(unit, MB);
}
