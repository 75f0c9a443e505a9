use super::*;
use crate::cues::CueMatcher;
use crate::lexicon::Lexicons;
use crate::segment::paragraphs;

fn run(text: &str) -> Vec<QuoteSpan> {
    let cues = CueMatcher::new(&Lexicons::default().cues)
        .expect("default cues compile")
        .find_all(text);
    QuoteFinder::new().find(text, &paragraphs(text), &cues)
}

fn contents(text: &str) -> Vec<&str> {
    run(text).iter().map(|q| q.content.as_str(text)).collect()
}

/// (sentence, contents of every top-level span found, kinds included).
type Case = (&'static str, &'static [&'static str]);

fn check(cases: &[Case]) {
    for (text, want) in cases {
        assert_eq!(contents(text), *want, "{text:?}");
    }
}

#[test]
fn every_mark_style_pairs() {
    check(&[
        ("“We will win,” she said.", &["We will win,"]),
        ("\"We will win,\" she said.", &["We will win,"]),
        ("''We will win,'' she said.", &["We will win,"]),
        ("‘We will win,’ she said.", &["We will win,"]),
        ("'We will win,' she said.", &["We will win,"]),
        ("«Nous gagnerons», a-t-elle dit.", &["Nous gagnerons"]),
        ("« Nous gagnerons », a-t-elle dit.", &[" Nous gagnerons "]),
        ("»Wir werden siegen«, sagte sie.", &["Wir werden siegen"]),
        ("„Wir werden siegen“, sagte sie.", &["Wir werden siegen"]),
        ("‚Wir werden siegen‘, sagte sie.", &["Wir werden siegen"]),
        ("「我們會贏」她說。", &["我們會贏"]),
        ("＂We will win,＂ she said.", &["We will win,"]),
        ("She said: “No.” Then: “Yes.”", &["No.", "Yes."]),
        // Politico mixes curly and straight marks in one quotation.
        ("“We will win,\" she said.", &["We will win,"]),
    ]);
}

#[test]
fn html_entities_are_marks_and_offsets_index_the_raw_text() {
    check(&[
        ("&quot;We will win,&quot; she said.", &["We will win,"]),
        ("&#34;We will win,&#34; she said.", &["We will win,"]),
        ("&#8220;We will win,&#8221; she said.", &["We will win,"]),
        ("&ldquo;We will win,&rdquo; she said.", &["We will win,"]),
        ("&#x201C;We will win,&#x201D; she said.", &["We will win,"]),
        ("&lsquo;We will win,&rsquo; she said.", &["We will win,"]),
    ]);
    let text = "Smith said: &ldquo;No.&rdquo;";
    let q = run(text)[0];
    assert_eq!(q.open.as_str(text), "&ldquo;");
    assert_eq!(q.close.map(|c| c.as_str(text)), Some("&rdquo;"));
}

#[test]
fn nested_quotes_are_one_quotation() {
    check(&[
        ("“He said ‘no’ twice,” she said.", &["He said ‘no’ twice,"]),
        (
            "''He said 'no' twice,'' she said.",
            &["He said 'no' twice,"],
        ),
        (
            "\"He said 'no' twice,\" she said.",
            &["He said 'no' twice,"],
        ),
        // The nested quote closes together with the outer one.
        ("''He said 'no,''' she said.", &["He said 'no,'"]),
        // An inner quote left open is dropped when the outer one closes.
        ("“He said ‘no twice,” she said.", &["He said ‘no twice,"]),
        // British style: single outside, double inside.
        ("‘He said “no” twice,’ she said.", &["He said “no” twice,"]),
    ]);
}

#[test]
fn apostrophes_are_not_quotes() {
    check(&[
        ("‘We don’t back down,’ she said.", &["We don’t back down,"]),
        ("‘It was the ’90s,’ she said.", &["It was the ’90s,"]),
        ("'It was the '90s,' she said.", &["It was the '90s,"]),
        (
            "‘The students’ union will vote,’ she said.",
            &["The students’ union will vote,"],
        ),
        (
            "‘I love rock ’n’ roll,’ she said.",
            &["I love rock ’n’ roll,"],
        ),
        (
            "'I love rock 'n' roll,' she said.",
            &["I love rock 'n' roll,"],
        ),
        ("‘Ask O’Brien,’ she said.", &["Ask O’Brien,"]),
        ("Don’t ask O’Brien about the ’90s.", &[]),
        ("The students' union met in the '90s.", &[]),
    ]);
}

#[test]
fn straight_marks_take_their_direction_from_their_neighbours() {
    check(&[
        // The closing mark hugs the comma; the next opening one follows a space.
        (
            "\"We will fight,\" she said, \"and we will win.\"",
            &["We will fight,", "and we will win."],
        ),
        // A mark shaped like a closer with nothing open is a stray: 6'2".
        (
            "He stands 6'2\" tall and said \"hello\" to all.",
            &["hello"],
        ),
        ("A stray\" mark, then \"We won,\" she said.", &["We won,"]),
    ]);
}

#[test]
fn stray_and_unclosed_marks_never_run_away() {
    check(&[
        (
            "“Open and never closed\nNext paragraph.",
            &["Open and never closed"],
        ),
        (
            "A closing” mark alone.\n“Then a real one,” she said.",
            &["Then a real one,"],
        ),
        ("He said ”hello” to her.", &["hello"]),
        // Nothing closes at a paragraph start: a reversed mark there opens,
        // even before an ellipsis and a space.
        (
            "” … what I learned is that it works,” he said.",
            &[" … what I learned is that it works,"],
        ),
        ("\" … and so we won,\" he said.", &[" … and so we won,"]),
        // An unclosed straight single is an apostrophe taken for an opener.
        ("The 'boys will be boys attitude\nNext.", &[]),
    ]);
}

#[test]
fn multi_paragraph_quotes_link_their_pieces() {
    let text = "“We will fight on the beaches,” she said. “We will fight\n\n\
                “on the landing grounds.\n\n\
                “We shall never surrender.”\n\n\
                “A new quote,” he said.";
    let spans = run(text);
    let got: Vec<(&str, usize)> = spans
        .iter()
        .map(|q| (q.content.as_str(text), q.statement))
        .collect();
    assert_eq!(
        got,
        [
            ("We will fight on the beaches,", 0),
            ("We will fight", 0),
            ("on the landing grounds.", 0),
            ("We shall never surrender.", 0),
            ("A new quote,", 4),
        ]
    );
    assert_eq!(spans[2].evidence, Evidence::Continuation);
    // No continuation without the opening mark: the quote ends with its paragraph.
    let text = "“It was a long night\n\nThe vote came at dawn.";
    let spans = run(text);
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].content.as_str(text), "It was a long night");
}

#[test]
fn split_quotes_share_a_statement() {
    let cases: &[(&str, bool)] = &[
        ("“We will fight,” she said, “and we will win.”", true),
        (
            "“We will fight,” Smith said on Tuesday. “We will win.”",
            true,
        ),
        ("''We will fight,'' he said, ''and win.''", true),
        // A whole sentence of narrative between them: two statements.
        (
            "“We will fight.” The crowd cheered loudly. “We will win.”",
            false,
        ),
    ];
    for &(text, linked) in cases {
        let spans = run(text);
        assert_eq!(spans.len(), 2, "{text}");
        assert_eq!(spans[0].statement == spans[1].statement, linked, "{text}");
    }
}

#[test]
fn kinds_with_the_sentence_that_motivated_each_rule() {
    use Evidence as E;
    use QuotationKind as K;
    let cases: &[(&str, &str, K, E)] = &[
        (
            "“We will win,” she said.",
            "We will win,",
            K::Quotation,
            E::ParagraphStart,
        ),
        (
            "He left. “We will win,” she said.",
            "We will win,",
            K::Quotation,
            E::SentenceStart,
        ),
        (
            "Smith said: “We will win.”",
            "We will win.",
            K::Quotation,
            E::AfterPunctuation,
        ),
        (
            "He added, “We will win.”",
            "We will win.",
            K::Quotation,
            E::AfterPunctuation,
        ),
        (
            "The crowd said “Welcome home, Joe!”",
            "Welcome home, Joe!",
            K::Quotation,
            E::AfterCue,
        ),
        (
            // Regression: the period of "Mr." hid the cue, so this short
            // quotation was dropped as a scare quote.
            "“We will reopen,” Mr. Trask said.",
            "We will reopen,",
            K::Quotation,
            E::ParagraphStart,
        ),
        (
            // A comma inside the closing mark hands over to an attribution
            // whose verb ("yelled") the lexicon may not hold.
            "\"Stop,\" Ana Ruiz yelled.",
            "Stop,",
            K::Quotation,
            E::ParagraphStart,
        ),
        (
            "They backed the so-called “reform” in May.",
            "reform",
            K::ScareQuote,
            E::TitleMarker,
        ),
        (
            "She saw the film “Jaws” again.",
            "Jaws",
            K::ScareQuote,
            E::TitleMarker,
        ),
        (
            "He was dubbed “the Donald” by tabloids.",
            "the Donald",
            K::ScareQuote,
            E::TitleMarker,
        ),
        (
            "Crowds cheered for “Little Marco” at the rally.",
            "Little Marco",
            K::ScareQuote,
            E::ShortNoCue,
        ),
        (
            "He said the plan was “a disaster” for the city.",
            "a disaster",
            K::Fragment,
            E::MidClause,
        ),
        (
            "Obama “felt a moral obligation to act on” climate change, Axelrod said.",
            "felt a moral obligation to act on",
            K::Fragment,
            E::MidClause,
        ),
        (
            "The crowd waved signs with “Build the wall!” on them.",
            "Build the wall!",
            K::Quotation,
            E::Exclamation,
        ),
        (
            "His act—“My tax plan will be a tremendous plan”—is wearing thin.",
            "My tax plan will be a tremendous plan",
            K::Fragment,
            E::MidClause,
        ),
        (
            "In his 2002 book, ''Make Your Kid a Millionaire,'' he said so.",
            "Make Your Kid a Millionaire,",
            K::ScareQuote,
            E::TitleMarker,
        ),
        (
            "Text before.\n\n''All Bets Are Off.''\n\nText after.",
            "All Bets Are Off.",
            K::ScareQuote,
            E::Heading,
        ),
        (
            "A spokesman said that, “Of course he will defend himself” in court.",
            "Of course he will defend himself",
            K::Fragment,
            E::MidClause,
        ),
        (
            "<tweet id=\"67213848\" author=\"x\">",
            "67213848",
            K::ScareQuote,
            E::Markup,
        ),
        (
            "“Sons of Trump” happily roots around.",
            "Sons of Trump",
            K::ScareQuote,
            E::ShortNoCue,
        ),
        (
            "“Saturday Night Live,” he said, was fun.",
            "Saturday Night Live,",
            K::Quotation,
            E::ParagraphStart,
        ),
    ];
    for &(text, content, kind, evidence) in cases {
        let spans = run(text);
        let q = spans
            .iter()
            .find(|q| q.content.as_str(text) == content)
            .unwrap_or_else(|| panic!("{content:?} not found in {text:?}: {spans:?}"));
        assert_eq!((q.kind, q.evidence), (kind, evidence), "{text}");
    }
}

#[test]
fn fragments_carry_the_cue_that_governs_them() {
    let text = "He said the plan was “a disaster” for the city.";
    let q = run(text)[0];
    assert_eq!(q.cue.map(|c| c.as_str(text)), Some("said"));
}

#[test]
fn offsets_always_land_on_char_boundaries_and_inside_paragraphs() {
    let text = "«“‘’”» ''' &quot;é&rdquo; 「」 ＂ ‚‘ „“ '\"' ’n’ ’90";
    let paras = paragraphs(text);
    for q in run(text) {
        for s in [q.content, q.open] {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            assert!(paras[q.paragraph].contains(s));
        }
    }
}

/// A few MB of nothing but unbalanced marks: the work must grow linearly.
#[test]
fn unbalanced_marks_take_linear_work() {
    let marks = [
        "\"", "“", "”", "'", "''", "‘", "’", "«", "»", "&quot;", "„", "「", " ", "a",
    ];
    let mut text = String::new();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    while text.len() < 1_500_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        text.push_str(marks[(seed % marks.len() as u64) as usize]);
    }
    let paras = paragraphs(&text);
    assert_eq!(paras.len(), 1, "one paragraph: the worst case for pairing");
    let (spans, stats) = QuoteFinder::new().find_with_stats(&text, &paras, &[]);
    assert!(
        stats.steps <= 4 * text.len() as u64,
        "{} steps for {} bytes",
        stats.steps,
        text.len()
    );
    assert!(spans.len() <= text.len());
    // And the same text twice does twice the work, not four times.
    let double = text.repeat(2);
    let paras = paragraphs(&double);
    let (_, twice) = QuoteFinder::new().find_with_stats(&double, &paras, &[]);
    assert!(
        twice.steps <= 2 * stats.steps + 16,
        "{} vs {}",
        twice.steps,
        stats.steps
    );
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(500))]

    /// Jumping by the candidates' bits the cue search marks, the finder
    /// finds what its own scan finds: marks of every style and entities
    /// among prose, at every offset of the search's 64-byte blocks.
    #[test]
    fn candidates_marked_by_the_cue_search_find_what_the_scan_finds(
        parts in proptest::collection::vec(proptest::sample::select(&[
            "“", "”", "‘", "’", "\"", "'", "''", "«", "»", "„", "「", "」", "&quot;",
            "&ldquo;", "&rdquo;", "&amp;", "#", "é", "—", " ", "\n", "\n\n", "said", "We win",
            ", she said. ", "0123456789abcdefghijklmnopqrstuvwxyz",
        ][..]), 0..80)
    ) {
        let text = parts.concat();
        static CUES: std::sync::OnceLock<CueMatcher> = std::sync::OnceLock::new();
        let m = CUES.get_or_init(|| CueMatcher::new(&Lexicons::default().cues).unwrap());
        let (mut cues, mut paras, mut bits) = (Vec::new(), Vec::new(), ByteBits::default());
        m.find_all_and_paragraphs_into(&text, &mut cues, &mut paras, &mut bits);
        let f = QuoteFinder::new();
        let mut by_bits = Vec::new();
        f.find_into(&text, &paras, &cues, Some(&bits), &mut FindScratch::default(), &mut by_bits);
        proptest::prop_assert_eq!(by_bits, f.find(&text, &paras, &cues), "{:?}", text);
    }
}
