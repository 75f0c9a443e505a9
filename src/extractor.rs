//! The public face of the library: [`Extractor`] turns an article into [`Quote`]s.

use std::cell::RefCell;

use serde::Serialize;

use crate::attribute::{self, Article, Rules};
use crate::cues::{Cue, CueMatcher};
use crate::entities::{EntityRecognizer, Mention, ScanScratch};
use crate::error::Result;
use crate::lexicon::{Lexicon, Lexicons};
use crate::quotes::{FindScratch, QuotationKind, QuoteFinder, QuoteSpan};
use crate::scan::ByteBits;
use crate::scratch::recycle;
use crate::segment;
use crate::span::Span;

/// What kind of statement a quote span is (the contract's `kind` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The whole content is inside quotation marks.
    Direct,
    /// A reported clause that contains a quoted fragment.
    Mixed,
    /// Reported speech without marks.
    Indirect,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Mixed => "mixed",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// Who the speaker is (the contract's `speaker_type` column).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerType {
    Person,
    Organization,
    #[default]
    Unknown,
}

impl SpeakerType {
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerType::Person => "person",
            SpeakerType::Organization => "organization",
            SpeakerType::Unknown => "unknown",
        }
    }
}

/// One quote span and its attribution: a row of the output.
///
/// Offsets are byte offsets into the article text given to
/// [`Extractor::extract`]; output sinks convert them to Unicode scalar
/// offsets. The row's `quote_index` is its position in the returned `Vec`.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub kind: QuoteKind,
    /// The quote's text (for `direct`, without the enclosing marks).
    pub span: Span,
    /// Spans of one statement (split or multi-paragraph quotes) share this id.
    pub statement: usize,
    /// Canonical name of the speaker: the fullest name seen in the article.
    pub speaker: Option<String>,
    pub speaker_type: SpeakerType,
    /// The organization the speaker speaks for.
    pub organization: Option<String>,
    /// The phrase that names the source in place ("she", "Struthers").
    pub speaker_mention: Option<Span>,
    /// The cue, as written ("said", "according to", ":").
    pub verb: Option<Span>,
    /// How sure the extractor is of the attribution, in `[0, 1]`.
    pub confidence: f32,
}

impl Quote {
    /// A quote with no attribution yet.
    pub fn unattributed(kind: QuoteKind, span: Span, statement: usize) -> Quote {
        Quote {
            kind,
            span,
            statement,
            speaker: None,
            speaker_type: SpeakerType::Unknown,
            organization: None,
            speaker_mention: None,
            verb: None,
            confidence: 0.0,
        }
    }
}

/// Builds an [`Extractor`] from lexicons; fails when a lexicon cannot be compiled.
///
/// ```
/// use saidby::{Extractor, Lexicon};
/// let extractor = Extractor::builder()
///     .cues(Lexicon::parse("said\nwarned"))
///     .build()
///     .unwrap();
/// let quotes = extractor.extract("“Stay home,” Smith warned.");
/// assert_eq!(quotes.len(), 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct ExtractorBuilder {
    lexicons: Lexicons,
}

impl ExtractorBuilder {
    pub fn new() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// Replaces every lexicon at once.
    pub fn lexicons(mut self, lexicons: Lexicons) -> ExtractorBuilder {
        self.lexicons = lexicons;
        self
    }

    /// Replaces the reporting-cue lexicon.
    pub fn cues(mut self, cues: Lexicon) -> ExtractorBuilder {
        self.lexicons.cues = cues;
        self
    }

    /// Replaces the organization gazetteer.
    pub fn organizations(mut self, organizations: Lexicon) -> ExtractorBuilder {
        self.lexicons.organizations = organizations;
        self
    }

    /// Compiles the matchers.
    pub fn build(self) -> Result<Extractor> {
        Ok(Extractor {
            cues: CueMatcher::new(&self.lexicons.cues)?,
            entities: EntityRecognizer::new(&self.lexicons)?,
            rules: Rules::new(&self.lexicons),
            quotes: QuoteFinder::new(),
        })
    }
}

/// Finds and attributes the quotations of an article.
///
/// Built once; immutable afterwards, so one instance is shared by reference
/// across every worker thread.
///
/// ```
/// use saidby::{Extractor, QuoteKind};
/// let extractor = Extractor::new();
/// let text = "“We will not back down,” Marie Struthers said.";
/// let quotes = extractor.extract(text);
/// assert_eq!(quotes[0].kind, QuoteKind::Direct);
/// assert_eq!(quotes[0].span.as_str(text), "We will not back down,");
/// assert_eq!(quotes[0].speaker.as_deref(), Some("Marie Struthers"));
/// ```
#[derive(Debug)]
pub struct Extractor {
    cues: CueMatcher,
    entities: EntityRecognizer,
    rules: Rules,
    quotes: QuoteFinder,
}

impl Default for Extractor {
    fn default() -> Extractor {
        Extractor::new()
    }
}

impl Extractor {
    /// An extractor with the embedded default lexicons.
    pub fn new() -> Extractor {
        // The embedded lexicons are part of the build and covered by tests;
        // failing to compile them is a bug, not an input error.
        ExtractorBuilder::new()
            .build()
            .expect("embedded lexicons compile")
    }

    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::new()
    }

    /// The cue matcher, for callers (benchmarks, tools) that want one stage alone.
    pub fn cue_matcher(&self) -> &CueMatcher {
        &self.cues
    }

    /// The quote-span finder, for callers that want one stage alone.
    pub fn quote_finder(&self) -> &QuoteFinder {
        &self.quotes
    }

    /// The entity recognizer, for callers that want one stage alone.
    pub fn entity_recognizer(&self) -> &EntityRecognizer {
        &self.entities
    }

    /// The attribution rules, for callers that run [`attribute::attribute`] alone.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Every quote span of `text`, attributed, in text order.
    pub fn extract(&self, text: &str) -> Vec<Quote> {
        SCRATCH
            .try_with(|cell| {
                let mut scratch = cell.try_borrow_mut().ok()?;
                Some(self.extract_with(text, &mut scratch))
            })
            .ok()
            .flatten()
            // The thread's lists are in use (or gone, as the thread ends):
            // fresh ones, rather than a panic.
            .unwrap_or_else(|| self.extract_with(text, &mut Scratch::default()))
    }

    fn extract_with(&self, text: &str, s: &mut Scratch) -> Vec<Quote> {
        self.cues.find_all_and_paragraphs_into(
            text,
            &mut s.cues,
            &mut s.paragraphs,
            &mut s.quote_bits,
        );
        segment::split_leading_date(text, &mut s.paragraphs);
        self.quotes.find_into(
            text,
            &s.paragraphs,
            &s.cues,
            Some(&s.quote_bits),
            &mut s.find,
            &mut s.spans,
        );
        // Titles, nicknames and scare quotes are nobody's words.
        s.spans.retain(|q| q.kind != QuotationKind::ScareQuote);
        self.entities
            .mentions_into(text, Span::new(0, text.len()), &mut s.scan, &mut s.mentions);
        let article = Article {
            text,
            paragraphs: &s.paragraphs,
            cues: &s.cues,
            mentions: &s.mentions,
        };
        let quotes = attribute::attribute(&article, &s.spans, &self.rules);
        s.recycle();
        quotes
    }
}

/// The lists the stages fill for one article, kept by each thread from one
/// article to the next: a worker extracts hundreds, and allocating them
/// afresh for each was a good part of its mallocs.
#[derive(Debug, Default)]
struct Scratch {
    paragraphs: Vec<Span>,
    cues: Vec<Cue>,
    spans: Vec<QuoteSpan>,
    mentions: Vec<Mention>,
    /// A bit per byte of the text where a quotation mark may start: marked
    /// by the cue search as it reads the text, jumped by by the quote finder.
    quote_bits: ByteBits,
    find: FindScratch,
    scan: ScanScratch,
}

impl Scratch {
    /// Empties the lists; a huge article's may not stay huge.
    fn recycle(&mut self) {
        recycle(&mut self.paragraphs);
        recycle(&mut self.cues);
        recycle(&mut self.spans);
        recycle(&mut self.mentions);
        recycle(&mut self.quote_bits.0);
        self.find.recycle();
        self.scan.recycle();
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn extractor_is_shareable_across_threads() {
        assert_send_sync::<Extractor>();
    }

    #[test]
    fn extract_with_the_threads_lists_busy_takes_fresh_ones() {
        let e = Extractor::new();
        let text = "“We will win,” Smith said.\n\n“Never,” said Jane Doe.";
        let want = e.extract(text);
        assert_eq!(want.len(), 2);
        SCRATCH.with(|cell| {
            let _held = cell.borrow_mut();
            assert_eq!(e.extract(text), want);
        });
        assert_eq!(e.extract(text), want);
    }

    #[test]
    fn a_leading_date_field_starts_no_statement() {
        let e = Extractor::new();
        let text = " date 2019-04-01 Two years after the crackdown, the victims have no \
                    justice, Amnesty International said on Monday.";
        let quotes = e.extract(text);
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        let q = &quotes[0];
        assert!(q.span.as_str(text).starts_with("Two years"), "{q:#?}");
        assert_eq!(q.speaker.as_deref(), Some("Amnesty International"));
    }

    /// The thread's lists carry from one article to the next: what a long
    /// article left in them must not reach a short one read after it.
    #[test]
    fn an_article_read_after_others_gets_what_it_gets_alone() {
        let e = Extractor::new();
        let articles = [
            "Marie Struthers, Amnesty International's director for Europe, said the \
             raids must stop.\n\n“It is a crackdown,” she said. “We have seen it before.”\n\n\
             Human Rights Watch said in a statement that the arrests were unlawful.",
            "“No,” said Jane Doe.",
            "",
            "The ministry said on Monday that talks would resume, according to Reuters.",
            "“Yes,” he said.",
        ];
        let alone: Vec<Vec<Quote>> = articles
            .iter()
            .map(|t| e.extract_with(t, &mut Scratch::default()))
            .collect();
        assert!(alone[0].len() >= 3 && alone[1].len() == 1 && alone[2].is_empty());
        for round in 0..2 {
            for (text, want) in articles.iter().zip(&alone) {
                assert_eq!(&e.extract(text), want, "round {round}: {text}");
            }
        }
    }

    #[test]
    fn the_lists_a_huge_article_grew_are_given_back() {
        let e = Extractor::new();
        let para = "“We will win,” Mr. John Smith of Boston said on Tuesday.\n";
        let huge = para.repeat((4 << 20) / para.len());
        let quotes = e.extract(&huge);
        assert!(quotes.len() > 50_000);
        SCRATCH.with(|cell| {
            let s = cell.borrow();
            let kept = [
                s.paragraphs.capacity() * size_of::<Span>(),
                s.cues.capacity() * size_of::<Cue>(),
                s.spans.capacity() * size_of::<QuoteSpan>(),
                s.mentions.capacity() * size_of::<Mention>(),
                s.quote_bits.0.capacity() * size_of::<u32>(),
            ];
            for bytes in kept {
                assert!(bytes <= crate::scratch::KEEP_BYTES, "{kept:?}");
            }
        });
    }

    #[test]
    fn speaker_after_and_before_the_quote() {
        let e = Extractor::new();
        let cases = [
            (
                "“We will win,” Smith said.",
                "We will win,",
                "Smith",
                "said",
            ),
            (
                "“We will win,” said Jane Smith.",
                "We will win,",
                "Jane Smith",
                "said",
            ),
            (
                "Jane Smith said: “We will win.”",
                "We will win.",
                "Jane Smith",
                "said",
            ),
        ];
        for (text, quote, speaker, verb) in cases {
            let q = &e.extract(text)[0];
            assert_eq!(q.span.as_str(text), quote, "{text}");
            assert_eq!(q.speaker.as_deref(), Some(speaker), "{text}");
            assert_eq!(q.verb.map(|v| v.as_str(text)), Some(verb), "{text}");
        }
    }
}
