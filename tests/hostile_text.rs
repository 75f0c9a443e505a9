//! Pathological text of the kind web crawls produce: deep nesting, mixed
//! scripts and invisible characters, every line-ending style, NUL bytes, a
//! byte-order mark mid-text, HTML debris. Each test checks the invariants
//! (`saidby::invariants::check`), bounds the output by what the input can
//! hold, and asserts that the plain quotation inside the debris is still
//! found and attributed.

use saidby::{Extractor, Quote, invariants, output};

fn extractor() -> &'static Extractor {
    static EXTRACTOR: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
    EXTRACTOR.get_or_init(Extractor::new)
}

fn holds(text: &str) -> Vec<Quote> {
    invariants::check(extractor(), text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// (quote, speaker) of every row.
fn rows<'t>(text: &'t str, quotes: &'t [Quote]) -> Vec<(&'t str, Option<&'t str>)> {
    quotes
        .iter()
        .map(|q| (q.span.as_str(text), q.speaker.as_deref()))
        .collect()
}

#[test]
fn deeply_nested_quotes() {
    // Straight marks cannot show nesting (and guillemets are not every
    // finder's business): for those, only the invariants and the bound.
    // At realistic depth the innermost text is quoted; at 20,000 levels a
    // span of nothing but marks may be dropped as junk, but nothing breaks.
    for (open, close, directed) in [
        ("“‘", "’”", true),
        ("“", "”", true),
        ("\"'", "'\"", false),
        ("«‹", "›»", false),
    ] {
        for depth in [3, 20_000] {
            let text = format!(
                "{}core{} Smith said.",
                open.repeat(depth),
                close.repeat(depth)
            );
            let quotes = holds(&text);
            let marks = 2 * depth * open.chars().count();
            assert!(quotes.len() <= marks, "{open:?}: {} rows", quotes.len());
            assert!(
                !directed
                    || depth > 3
                    || quotes.iter().any(|q| q.span.as_str(&text).contains("core")),
                "{open:?} x {depth}: the innermost text is in no quote"
            );
        }
    }
}

#[test]
fn mixed_scripts_and_invisible_characters() {
    let text = "\u{200F}“Мы победим,” said Marie Struthers 👩‍👩‍👧 e\u{301}\u{200D}. \
                «Ça va», dit-il. 「はい」と彼は言った。 قال \u{202B}“مرحبا”\u{202C} \u{FE0F}\u{2060}.";
    let quotes = holds(text);
    assert_eq!(quotes[0].span.as_str(text), "Мы победим,");
    assert_eq!(quotes[0].speaker.as_deref(), Some("Marie Struthers"));
    assert!(quotes.len() <= text.matches(['“', '«', '「', '"']).count());
    // The CSV offsets count Unicode scalars: the quote starts after the RLM
    // and the opening mark, whatever their byte lengths.
    let article = saidby::input::Article {
        id: "a".into(),
        meta: Vec::new(),
        text: text.into(),
        location: saidby::input::Location {
            file: "a".into(),
            line: 0,
        },
    };
    let out = output::rows(&article, &quotes);
    assert_eq!(out[0].quote_range, (2, 13));
}

#[test]
fn crlf_and_lone_cr_line_endings_act_like_newlines() {
    let lines = [
        "“We will win,” Marie Struthers said.",
        "“Open and never closed",
        "Smith said: “Never.”",
    ];
    let lf = holds(&lines.join("\n"));
    let lf_text = lines.join("\n");
    let want = rows(&lf_text, &lf);
    assert_eq!(want.len(), 3, "{want:?}");
    // The unclosed quote stops at its line's end, whatever the line ending.
    assert_eq!(want[1].0, "Open and never closed");
    for eol in ["\r\n", "\r", "\n\r", "\r\r\n"] {
        let text = lines.join(eol);
        let quotes = holds(&text);
        assert_eq!(rows(&text, &quotes), want, "line ending {eol:?}");
    }
}

#[test]
fn nul_bytes() {
    let text = "\0“We\0will win,” Smith said.\0\0\n\0\0\0";
    let quotes = holds(text);
    assert_eq!(rows(text, &quotes), [("We\0will win,", Some("Smith"))]);
    let nuls = "\0".repeat(1 << 20);
    assert!(holds(&nuls).is_empty());
    let mixed = "\0\"\0".repeat(100_000);
    assert!(holds(&mixed).len() <= 100_000);
}

#[test]
fn byte_order_mark_in_the_middle_of_the_text() {
    for text in [
        "\u{FEFF}“We will win,” Smith said.",
        "It rained.\u{FEFF}“We will win,” Smith said.",
        "It rained.\n\u{FEFF}\n“We will win,” Smith said.\u{FEFF}",
    ] {
        let quotes = holds(text);
        assert_eq!(
            rows(text, &quotes),
            [("We will win,", Some("Smith"))],
            "{text:?}"
        );
    }
}

#[test]
fn html_tags_left_in_the_text() {
    let text = "<p>“We will win,” Marie Struthers said.</p><p>“Never,” Jones said.</p>\
                <br/><a href=\"x\">link</a>";
    let quotes = holds(text);
    let got = rows(text, &quotes);
    assert_eq!(got[0], ("We will win,", Some("Marie Struthers")));
    assert_eq!(got[1], ("Never,", Some("Jones")));
    let tags = "<p></p><div class=\"a\"><span>".repeat(50_000);
    assert!(holds(&tags).len() <= 100_000);
}

/// Entity-encoded quote marks are quote marks; the offsets still index the
/// original text, entities and all.
#[test]
fn entity_encoded_quote_marks_are_quote_marks() {
    for text in [
        "&quot;We will win,&quot; Smith said.",
        "&#8220;We will win,&#8221; Smith said.",
        "&ldquo;We will win,&rdquo; Smith said.",
        "&#x201C;We will win,&#x201D; Smith said.",
        "&#34;We will win,&#34; Smith said.",
        "<p>&ldquo;We will win,&rdquo; Smith said.</p>",
    ] {
        let quotes = holds(text);
        assert_eq!(
            rows(text, &quotes),
            [("We will win,", Some("Smith"))],
            "{text:?}"
        );
        let start = text.find("We").unwrap();
        assert_eq!(quotes[0].span.start, start, "{text:?}");
    }
}

#[test]
fn broken_entities_are_harmless() {
    for text in [
        "&quot We will win,&quot Smith said.",
        "&#; &#x; &#99999999999; &#xD800; &; &&&& &quot;",
        "&#8220",
        "&ldquo;unclosed",
    ] {
        holds(text);
    }
    let many = "&quot;".repeat(200_000);
    assert!(holds(&many).len() <= 100_000);
}
