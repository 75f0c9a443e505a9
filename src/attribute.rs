//! Attribution: who said each statement, with which cue, for which organization,
//! and reported speech without quotation marks.
//!
//! Per article, in three passes over sorted vectors (every look-up is a binary
//! search or a scan of a bounded window, so the work is linear in the text):
//!
//! 1. quotations: a cue right after the closing mark (`“Q,” Smith said`,
//!    `“Q,” said Smith`) or right before the opening one (`Smith said: “Q”`);
//!    a cue followed by a clause that holds the quotation makes a `mixed` row
//!    (`He said the plan was “a disaster” for the city.`);
//! 2. reported speech: every cue not used yet, in `X said (that) C`,
//!    `C, X said.`, `C, said X.`, `according to X, C` and `C, according to X.`;
//! 3. continuations: a quotation with no cue of its own takes the speaker of the
//!    statement before it in its paragraph, or, when its paragraph opens with
//!    it, of the last statement of the paragraph before.
//!
//! Speakers are resolved through [`Resolver`]: fullest names, pronouns,
//! nominal mentions ("the group") and affiliations.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell, Ref, RefCell};

use crate::cues::{Cue, CueClass};
use crate::entities::{Gender, Mention, MentionKind};
use crate::extractor::{Quote, QuoteKind, SpeakerType};
use crate::lexicon::Lexicons;
use crate::quotes::{QuotationKind, QuoteSpan};
use crate::scratch::recycle;
use crate::segment;
use crate::span::Span;

/// How far from a quotation mark a cue may stand, in bytes.
const CUE_WINDOW: usize = 300;
/// How many words a subject phrase may have before it stops looking like one.
const MAX_SUBJECT_WORDS: usize = 30;
/// How many mentions back a pronoun or a nominal may look for its antecedent.
const ANTECEDENT_WINDOW: usize = 40;
/// How far back, in bytes, an antecedent may stand.
const ANTECEDENT_BYTES: usize = 2500;
/// Above this many mentions in an article, affiliations are looked up
/// through an index of names rather than a scan (see `find_affiliation`).
const MENTIONS_TO_INDEX: usize = 2000;

/// Everything attribution needs about one article.
pub struct Article<'a> {
    pub text: &'a str,
    pub paragraphs: &'a [Span],
    pub cues: &'a [Cue],
    pub mentions: &'a [Mention],
}

/// A hash of eight bytes a step, for attribution's own maps: FNV's byte a
/// step was most of the cost of hashing names and words. No map here is
/// read in hash order (only folds of lengths, which any order gives alike),
/// so the hash changes no output.
#[derive(Clone, Copy, Debug, Default)]
struct WordHash(u64);

impl WordHash {
    #[inline(always)]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl std::hash::Hasher for WordHash {
    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits, which pick the bucket, the
        // weakest: turn the strong high bits down to them.
        self.0.rotate_left(26)
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        if n >= 8 {
            let mut at = 0;
            while at + 8 <= n {
                self.add(le_word(bytes, at));
                at += 8;
            }
            // The tail as the last eight bytes, overlapping: equal keys
            // still hash alike, which is all a map needs.
            if at < n {
                self.add(le_word(bytes, n - 8));
            }
        } else if n > 0 {
            self.add(short_word(bytes));
        }
        self.add(n as u64);
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// A map hashed with [`WordHash`].
type WordMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<WordHash>>;

/// A set of words hashed with [`WordHash`].
type WordSet = std::collections::HashSet<String, std::hash::BuildHasherDefault<WordHash>>;

/// The word lists attribution consults, compiled once with the extractor.
#[derive(Debug, Default)]
pub struct Rules {
    pronouns: WordMap<String, Refers>,
    org_nominals: WordSet,
    person_nominals: WordSet,
    /// The byte lengths of the nominals (`len_bit`): most words asked
    /// about ("the", "who", "of") are shorter than any, and need no hash.
    org_nominal_lens: u64,
    person_nominal_lens: u64,
    /// The same for the pronouns: most words asked about are names.
    pronoun_lens: u64,
    /// The lengths of the org nominals by their first and by their last
    /// byte ([`edge_slot`]): most words of an appositive after a speaker's
    /// name are of some nominal's length ("said", "former"), and their
    /// lower-cased copy and hash were most of the affiliation search.
    org_nominal_firsts: [u64; 32],
    org_nominal_lasts: [u64; 32],
    /// The same for the person nominals: the subject rules ask both sets
    /// of a phrase's last word ("plan", "Smith", "officials") two or three
    /// times, and most such words fail this test, with no hash.
    person_nominal_firsts: [u64; 32],
    person_nominal_lasts: [u64; 32],
}

/// What a pronoun may refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refers {
    Male,
    Female,
    Person,
    Organization,
    Plural,
}

impl Rules {
    pub fn new(lexicons: &Lexicons) -> Rules {
        let pronouns: WordMap<String, Refers> = lexicons
            .pronouns
            .entries()
            .iter()
            .filter_map(|e| {
                let (word, what) = e.split_once(char::is_whitespace)?;
                let refers = match what.trim_fast() {
                    "male" => Refers::Male,
                    "female" => Refers::Female,
                    "organization" => Refers::Organization,
                    "plural" => Refers::Plural,
                    _ => Refers::Person,
                };
                Some((word.to_string(), refers))
            })
            .collect();
        let lower = |l: &crate::Lexicon| l.entries().iter().map(|e| e.to_lowercase()).collect();
        let org_nominals: WordSet = lower(&lexicons.org_nominals);
        let person_nominals: WordSet = lower(&lexicons.person_nominals);
        let lens = |set: &WordSet| set.iter().fold(0, |m, w| m | len_bit(w.len()));
        let pronoun_lens = pronouns
            .keys()
            .fold(0, |m, w: &String| m | len_bit(w.len()));
        let edges = |set: &WordSet| {
            let mut firsts = [0; 32];
            let mut lasts = [0; 32];
            for w in set {
                let (Some(&first), Some(&last)) = (w.as_bytes().first(), w.as_bytes().last())
                else {
                    continue;
                };
                firsts[edge_slot(first)] |= len_bit(w.len());
                lasts[edge_slot(last)] |= len_bit(w.len());
            }
            (firsts, lasts)
        };
        let (org_nominal_firsts, org_nominal_lasts) = edges(&org_nominals);
        let (person_nominal_firsts, person_nominal_lasts) = edges(&person_nominals);
        Rules {
            org_nominal_firsts,
            org_nominal_lasts,
            person_nominal_firsts,
            person_nominal_lasts,
            pronoun_lens,
            pronouns,
            org_nominal_lens: lens(&org_nominals),
            person_nominal_lens: lens(&person_nominals),
            org_nominals,
            person_nominals,
        }
    }

    /// `org_nominals.contains(w)`, the length and the edge bytes asked first.
    fn is_org_nominal(&self, w: &str) -> bool {
        self.org_nominal_lens & len_bit(w.len()) != 0
            && self.may_be_org_nominal(w)
            && self.org_nominals.contains(w)
    }

    /// Whether an ASCII `w` of any case may be an org nominal once
    /// lower-cased: false only when no nominal has its length and its first
    /// and last letters.
    fn may_be_org_nominal(&self, w: &str) -> bool {
        may_be_in(
            &self.org_nominal_firsts,
            &self.org_nominal_lasts,
            self.org_nominal_lens,
            w,
        )
    }

    /// [`Rules::may_be_org_nominal`] for the person nominals.
    fn may_be_person_nominal(&self, w: &str) -> bool {
        may_be_in(
            &self.person_nominal_firsts,
            &self.person_nominal_lasts,
            self.person_nominal_lens,
            w,
        )
    }

    /// `pronouns.get(w)`, the length asked first.
    fn pronoun(&self, w: &str) -> Option<Refers> {
        if self.pronoun_lens & len_bit(w.len()) == 0 {
            return None;
        }
        self.pronouns.get(w).copied()
    }

    /// `person_nominals.contains(w)`, the length and the edge bytes asked first.
    fn is_person_nominal(&self, w: &str) -> bool {
        self.person_nominal_lens & len_bit(w.len()) != 0
            && self.may_be_person_nominal(w)
            && self.person_nominals.contains(w)
    }
}

/// Whether `w` may be a word of a set whose lengths by first and last
/// byte ([`edge_slot`], which folds ASCII case) are `firsts` and `lasts`
/// and whose lengths are `lens`: false only when no word of the set has
/// `w`'s length and its first and last letters.
fn may_be_in(firsts: &[u64; 32], lasts: &[u64; 32], lens: u64, w: &str) -> bool {
    let b = w.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return lens & len_bit(0) != 0;
    };
    let len = len_bit(b.len());
    firsts[edge_slot(first)] & len != 0 && lasts[edge_slot(last)] & len != 0
}

/// The slot of a word's first or last byte in the tables of
/// [`Rules::may_be_org_nominal`]: the letters apart, other bytes sharing.
fn edge_slot(b: u8) -> usize {
    usize::from(b & 31)
}

/// A bit per byte length, the last for 63 bytes and more.
fn len_bit(n: usize) -> u64 {
    1 << n.min(63)
}

/// Words between a subject and its verb that belong to the verb group:
/// "has said", "also said", "later said", "would not say".
/// (Matched through `is_auxiliary_or_day`; the list is its test's reading.)
#[cfg(test)]
const AUXILIARIES: [&str; 29] = [
    "has",
    "have",
    "had",
    "also",
    "later",
    "previously",
    "earlier",
    "would",
    "will",
    "then",
    "again",
    "once",
    "repeatedly",
    "recently",
    "often",
    "is",
    "was",
    "were",
    "are",
    "been",
    "did",
    "does",
    "not",
    "never",
    "just",
    "still",
    "further",
    "had",
    "now",
];

/// Words before a name that belong to the speaker's phrase
/// ("GOP presidential candidate Dr. Ben Carson").
/// (Matched through `is_role_word`; the list is its test's reading.)
#[cfg(test)]
const ROLE_WORDS: [&str; 34] = [
    "presidential",
    "candidate",
    "hopeful",
    "nominee",
    "senator",
    "sen.",
    "rep.",
    "governor",
    "gov.",
    "leader",
    "minority",
    "majority",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "chairman",
    "chairwoman",
    "secretary",
    "president",
    "former",
    "vice",
    "chief",
    "executive",
    "manager",
    "campaign",
    "press",
    "senior",
    "adviser",
    "strategist",
    "host",
    "founder",
    "state",
    "house",
];

/// `ROLE_WORDS.contains(&w)`, as one `match`: the list was compared word
/// by word for every word left of nearly every subject.
fn is_role_word(w: &str) -> bool {
    matches!(
        w,
        "presidential"
            | "candidate"
            | "hopeful"
            | "nominee"
            | "senator"
            | "sen."
            | "rep."
            | "governor"
            | "gov."
            | "leader"
            | "minority"
            | "majority"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "director"
            | "chairman"
            | "chairwoman"
            | "secretary"
            | "president"
            | "former"
            | "vice"
            | "chief"
            | "executive"
            | "manager"
            | "campaign"
            | "press"
            | "senior"
            | "adviser"
            | "strategist"
            | "host"
            | "founder"
            | "state"
            | "house"
    )
}

/// Past tenses without "-ed" that close `“Q,” it read.`
const IRREGULAR_CUES: [&str; 8] = [
    "read", "wrote", "spoke", "sang", "shot", "began", "swore", "went",
];

/// Capitals before a colon that head a quotation without naming who speaks.
const NOT_SPEAKER_LABELS: [&str; 22] = [
    "UPDATE",
    "BREAKING",
    "BREAKING NEWS",
    "NOTE",
    "EDITOR'S NOTE",
    "WATCH",
    "VIDEO",
    "PHOTO",
    "PHOTOS",
    "READ",
    "READ MORE",
    "EXCLUSIVE",
    "LISTEN",
    "RELATED",
    "WARNING",
    "ALERT",
    "FACT",
    "CLAIM",
    "TRUTH",
    "FULL TEXT",
    "TRANSCRIPT",
    "SOURCE",
];

/// One attribution: where its source and cue stand and who the source is.
///
/// Names borrow the article's text where they are single-spaced already
/// (nearly all): rows are cloned several times each (per statement, per
/// paragraph, continuations), and every clone of a `String` was a malloc.
#[derive(Clone, Debug, Default)]
struct Attribution<'a> {
    mention: Option<Span>,
    verb: Option<Span>,
    speaker: Option<Cow<'a, str>>,
    speaker_type: SpeakerType,
    organization: Option<Cow<'a, str>>,
    confidence: f32,
}

/// The subject of a cue, as found next to it.
#[derive(Clone, Copy, Debug)]
struct Subject {
    /// The whole phrase, as an annotator marks it.
    phrase: Span,
    head: Head,
}

#[derive(Clone, Copy, Debug)]
enum Head {
    /// Index into the article's mentions.
    Name(usize),
    Pronoun(Span, Refers),
    /// "the group": an organization named before.
    OrgNominal(Span),
    /// "a spokesman", "officials": unnamed people.
    PersonNominal(Span),
    /// "who" in "Smith, who said ...": the name before it.
    Relative(Span),
}

/// Attributes every quotation span and finds reported speech; rows in text order.
pub fn attribute(article: &Article<'_>, spans: &[QuoteSpan], rules: &Rules) -> Vec<Quote> {
    LISTS
        .try_with(|cell| {
            let mut lists = cell.try_borrow_mut().ok()?;
            let quotes = attribute_in(article, spans, rules, &mut lists);
            lists.recycle();
            Some(quotes)
        })
        .ok()
        .flatten()
        // The thread's lists are in use (or gone, as the thread ends):
        // fresh ones, rather than a panic.
        .unwrap_or_else(|| attribute_in(article, spans, rules, &mut Lists::default()))
}

/// [`attribute`], its lists taken from `lists` (whatever they hold) and
/// given back.
fn attribute_in(
    article: &Article<'_>,
    spans: &[QuoteSpan],
    rules: &Rules,
    lists: &mut Lists,
) -> Vec<Quote> {
    let sentences = Sentences::new_in(
        article.text,
        article.paragraphs,
        std::mem::take(&mut lists.sentences),
        std::mem::take(&mut lists.split),
    );
    let resolver = Resolver::new_in(article, spans, lists);
    let ctx = Ctx {
        a: article,
        rules,
        spans,
        sentences: &sentences,
        resolver: &resolver,
        subjects: RefCell::new([None; SUBJECT_MEMO]),
        floor: Cell::new(None),
        first_comma: Cell::new(None),
        last_comma: Cell::new(None),
        after: Cell::new(None),
    };
    let quotes = ctx.run_in(lists);
    (lists.sentences, lists.split) = sentences.into_lists();
    resolver.into_lists(lists);
    quotes
}

/// The lists attribution fills for one article, kept by each thread from
/// one article to the next: allocating and freeing them afresh (a dozen
/// an article) was a thirtieth of attribution.
///
/// The lists of borrowed names and rows are kept empty with a `'static`
/// lifetime, and lent out as an article's by [`relend`].
#[derive(Default)]
struct Lists {
    sentences: Vec<Span>,
    split: Vec<Cell<Option<Split>>>,
    canonical: Vec<&'static str>,
    one_word: Vec<usize>,
    multi: Vec<(usize, &'static str)>,
    quoted: Vec<bool>,
    chains: Vec<Vec<(u64, u32, u32)>>,
    affiliations: Vec<(Cow<'static, str>, Option<&'static str>)>,
    flags: Vec<bool>,
    rows: Vec<Row<'static>>,
    order: Vec<(usize, usize, usize)>,
    direct_rows: Vec<Option<Row<'static>>>,
    statements: Vec<Option<Attribution<'static>>>,
}

impl Lists {
    /// Empties the lists; a huge article's may not stay huge.
    fn recycle(&mut self) {
        recycle(&mut self.sentences);
        recycle(&mut self.split);
        recycle(&mut self.canonical);
        recycle(&mut self.one_word);
        recycle(&mut self.multi);
        recycle(&mut self.quoted);
        for chain in &mut self.chains {
            recycle(chain);
        }
        recycle(&mut self.affiliations);
        recycle(&mut self.flags);
        recycle(&mut self.rows);
        recycle(&mut self.order);
        recycle(&mut self.direct_rows);
        recycle(&mut self.statements);
    }
}

thread_local! {
    static LISTS: RefCell<Lists> = RefCell::default();
}

/// `v` emptied, as a list of `U`, in the same allocation: `T` and `U`
/// differ only in lifetimes. The standard library collects a mapped
/// `IntoIter` in place when the two layouts match; with no item to map,
/// no item is made.
fn relend<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter()
        .map(|_| unreachable!("the list is empty"))
        .collect()
}

struct Ctx<'a, 'r> {
    a: &'r Article<'a>,
    rules: &'r Rules,
    spans: &'r [QuoteSpan],
    sentences: &'r Sentences<'a>,
    resolver: &'r Resolver<'a>,
    /// `subject_before` by `(at, floor)`, a slot per `at % SUBJECT_MEMO`:
    /// the rules for quotations and for reported speech ask it of the same
    /// cue, and an eighth of the searches were repeats.
    subjects: RefCell<[Option<SubjectMemo>; SUBJECT_MEMO]>,
    /// `clause_floor` of the last `(at, para)` asked: a quotation's mixed
    /// clause and its cue before the opening mark ask it of the same mark,
    /// one right after the other.
    floor: Cell<Option<((usize, Span), usize)>>,
    /// The first and the last comma of the last sentence each was asked
    /// of (see [`Ctx::first_comma`]).
    first_comma: Cell<Option<(Span, Option<usize>)>>,
    last_comma: Cell<Option<(Span, Option<usize>)>>,
    /// `subject_after` of the last `(at, para)` asked: on the 5 MB sample
    /// 447 of its 2,480 asks repeated the one just before.
    after: Cell<Option<AfterMemo>>,
}

/// What `compute` gives for `key`, kept in `kept` for the next ask: the
/// one-slot memos of [`Ctx`], for questions asked twice in a row.
fn memo<K: Copy + PartialEq, V: Copy>(
    kept: &Cell<Option<(K, V)>>,
    key: K,
    compute: impl FnOnce() -> V,
) -> V {
    match kept.get() {
        Some((asked, answer)) if asked == key => answer,
        _ => {
            let answer = compute();
            kept.set(Some((key, answer)));
            answer
        }
    }
}

/// Slots of `Ctx::subjects`: a repeat comes a few cues after the first ask.
const SUBJECT_MEMO: usize = 64;

/// `(at, para)` and what `subject_after` answered for them.
type AfterMemo = ((usize, Span), Option<Subject>);

/// `(at, floor)` and what `subject_before` answered for them.
type SubjectMemo = ((usize, usize), (Option<Subject>, usize));

/// The sentences of an article, a paragraph split the first time a rule
/// asks about it, and only as far as asked: a third of the paragraphs hold
/// no cue and no quotation, and splitting them all up front was a tenth of
/// attribution; of the rest, the sentences after the last quotation or cue
/// were a sixth of the splitting.
struct Sentences<'a> {
    text: &'a str,
    paragraphs: &'a [Span],
    /// The sentences of the paragraphs split so far, a paragraph's together.
    spans: RefCell<Vec<Span>>,
    /// By paragraph, once asked about: how far it is split.
    split: Vec<Cell<Option<Split>>>,
    /// The sentence `at` found last: the rules ask about one cue's or
    /// quotation's sentence several times in a row (its clause floor, its
    /// clause end, the cue itself), and each ask was two binary searches.
    last_at: Cell<Option<Span>>,
}

/// A paragraph's sentences split so far: where they lie in
/// `Sentences::spans`, and where the split stands if not at the end.
#[derive(Clone, Copy, Debug)]
struct Split {
    from: usize,
    to: usize,
    rest: Option<segment::SplitAt>,
}

impl<'a> Sentences<'a> {
    #[cfg(test)]
    fn new(text: &'a str, paragraphs: &'a [Span]) -> Sentences<'a> {
        Sentences::new_in(text, paragraphs, Vec::new(), Vec::new())
    }

    /// In the lists given, emptied first.
    fn new_in(
        text: &'a str,
        paragraphs: &'a [Span],
        mut spans: Vec<Span>,
        mut split: Vec<Cell<Option<Split>>>,
    ) -> Sentences<'a> {
        spans.clear();
        spans.reserve(paragraphs.len() * 2);
        split.clear();
        split.resize(paragraphs.len(), Cell::new(None));
        Sentences {
            text,
            paragraphs,
            spans: RefCell::new(spans),
            split,
            last_at: Cell::new(None),
        }
    }

    /// The lists, for the next article.
    fn into_lists(self) -> (Vec<Span>, Vec<Cell<Option<Split>>>) {
        (self.spans.into_inner(), self.split)
    }

    /// The sentences of paragraph `p`, in text order.
    fn of(&self, p: usize) -> Ref<'_, [Span]> {
        self.up_to(p, usize::MAX)
    }

    /// The first sentences of paragraph `p`, in text order: all that hold
    /// a byte up to `until` or end by it, and the first after, if any.
    fn up_to(&self, p: usize, until: usize) -> Ref<'_, [Span]> {
        let split = match self.split[p].get() {
            Some(split) if split.rest.is_none_or(|r| r.reached() > until) => split,
            known => {
                let mut spans = self.spans.borrow_mut();
                let para = self.paragraphs[p];
                let mut split = known.unwrap_or(Split {
                    from: spans.len(),
                    to: spans.len(),
                    rest: Some(segment::SplitAt::new(para)),
                });
                // The split goes on at the end of `spans`: a paragraph split
                // since takes its sentences there first (a few spans).
                if split.to != spans.len() {
                    let from = spans.len();
                    spans.extend_from_within(split.from..split.to);
                    split.from = from;
                }
                let mut rest = split.rest.unwrap_or(segment::SplitAt::new(para));
                let done = segment::sentences_until(self.text, para, &mut rest, until, &mut spans);
                split.to = spans.len();
                split.rest = (!done).then_some(rest);
                self.split[p].set(Some(split));
                split
            }
        };
        Ref::map(self.spans.borrow(), |s| &s[split.from..split.to])
    }

    /// The paragraph that starts last at or before `at`: the only one whose
    /// sentences may hold `at` or end last before it.
    fn paragraph_by(&self, at: usize) -> Option<usize> {
        self.paragraphs
            .partition_point(|p| p.start <= at)
            .checked_sub(1)
    }

    /// The sentence that holds `at`.
    fn at(&self, at: usize) -> Option<Span> {
        if let Some(s) = self.last_at.get()
            && s.start <= at
            && at < s.end
        {
            return Some(s);
        }
        self.at_in(self.paragraph_by(at)?, at)
    }

    /// [`Sentences::at`] for an `at` in paragraph `p`, the paragraph
    /// known: the one `paragraph_by` finds for it.
    fn at_in(&self, p: usize, at: usize) -> Option<Span> {
        // Sentences lie in their paragraph, in text order, none overlapping:
        // the one that holds `at` is the one the searches would find.
        if let Some(s) = self.last_at.get()
            && s.start <= at
            && at < s.end
        {
            return Some(s);
        }
        // A sentence past those split up to `at` starts after it.
        let sentences = self.up_to(p, at);
        let i = sentences.partition_point(|s| s.end <= at);
        let found = sentences.get(i).copied().filter(|s| s.start <= at);
        if found.is_some() {
            self.last_at.set(found);
        }
        found
    }

    /// The last sentence that ends at or before `at`.
    fn ending_by(&self, at: usize) -> Option<Span> {
        let p = self.paragraph_by(at)?;
        {
            // Every sentence past those split up to `at` ends after it.
            let sentences = self.up_to(p, at);
            let i = sentences.partition_point(|s| s.end <= at);
            if let Some(i) = i.checked_sub(1) {
                return Some(sentences[i]);
            }
        }
        (0..p).rev().find_map(|p| self.of(p).last().copied())
    }
}

/// The attribution of each statement, by id. The quote finder numbers a
/// statement by the index of its first piece, so a Vec as long as the spans
/// holds nearly all; a map takes any other id. It was a hash map, asked
/// three times per quotation.
struct ByStatement<'a> {
    dense: Vec<Option<Attribution<'a>>>,
    sparse: WordMap<usize, Attribution<'a>>,
}

impl<'a> ByStatement<'a> {
    #[cfg(test)]
    fn new(spans: usize) -> ByStatement<'a> {
        ByStatement::new_in(spans, Vec::new())
    }

    /// In the list given, emptied first.
    fn new_in(spans: usize, mut dense: Vec<Option<Attribution<'a>>>) -> ByStatement<'a> {
        dense.clear();
        dense.resize(spans, None);
        ByStatement {
            dense,
            sparse: WordMap::default(),
        }
    }

    fn get(&self, id: usize) -> Option<&Attribution<'a>> {
        match self.dense.get(id) {
            Some(slot) => slot.as_ref(),
            None => self.sparse.get(&id),
        }
    }

    fn set(&mut self, id: usize, att: Attribution<'a>) {
        match self.dense.get_mut(id) {
            Some(slot) => *slot = Some(att),
            None => {
                self.sparse.insert(id, att);
            }
        }
    }
}

/// `rows[k]` to change and `rows[l]` to read, for `k != l`.
fn row_and_other<'r, 'a>(
    rows: &'r mut [Row<'a>],
    k: usize,
    l: usize,
) -> (&'r mut Row<'a>, &'r Row<'a>) {
    if l < k {
        let (before, after) = rows.split_at_mut(k);
        (&mut after[0], &before[l])
    } else {
        let (before, after) = rows.split_at_mut(l);
        (&mut before[k], &after[0])
    }
}

/// Where [`Ctx::seek`] stands: the last `at` asked, the first paragraph
/// that ends after it and the first quotation that opens after it.
#[derive(Default)]
struct Seek {
    at: usize,
    paragraph: usize,
    quote: usize,
}

/// A row in the making.
struct Row<'a> {
    kind: QuoteKind,
    span: Span,
    statement: usize,
    paragraph: usize,
    /// For a quotation with no cue of its own, its sentence's subject: a
    /// guess, which the rows after it may continue as any attribution.
    att: Option<Attribution<'a>>,
    /// Opens its paragraph (a continuation candidate).
    opens_paragraph: bool,
}

impl<'a> Ctx<'a, '_> {
    /// The rows, made in the lists of `lists`, given back.
    fn run_in(&self, lists: &mut Lists) -> Vec<Quote> {
        let text = self.a.text;
        // The flag lists in one allocation, not three.
        let mut flags = std::mem::take(&mut lists.flags);
        flags.clear();
        flags.resize(self.a.cues.len() + 2 * self.spans.len(), false);
        // By cue index: a Vec, not a hash map, for one flag per cue.
        let (used_cues, by_span) = flags.split_at_mut(self.a.cues.len());
        // Pass 1: quotations. `claimed[i]`: quotation i has its attribution
        // (or lies inside a mixed row) and no reported clause may take it.
        let (absorbed, claimed) = by_span.split_at_mut(self.spans.len());
        // A row per quotation and per reported clause at most: grown from
        // empty, the list was reallocated three times an article.
        let mut rows: Vec<Row<'a>> = relend(std::mem::take(&mut lists.rows));
        rows.reserve(self.spans.len() + self.a.cues.len());
        let mut by_statement = ByStatement::new_in(
            self.spans.len(),
            relend(std::mem::take(&mut lists.statements)),
        );

        let mut direct_rows: Vec<Option<Row<'a>>> = relend(std::mem::take(&mut lists.direct_rows));
        direct_rows.reserve(self.spans.len());
        for (i, q) in self.spans.iter().enumerate() {
            if absorbed[i] {
                direct_rows.push(None);
                continue;
            }
            let para = self
                .a
                .paragraphs
                .get(q.paragraph)
                .copied()
                .unwrap_or(q.content);
            // A transcript: "WALLACE: If I may, sir, ..." names its speaker.
            if let Some((said, att)) = self.transcript_label(q) {
                by_statement.set(q.statement, att.clone());
                claimed[i] = true;
                direct_rows.push(Some(Row {
                    kind: QuoteKind::Direct,
                    span: said,
                    statement: q.statement,
                    paragraph: q.paragraph,
                    att: Some(att),
                    opens_paragraph: false,
                }));
                continue;
            }
            let own_cue = self.own_cue_after(q, para);
            if let Some((cue_i, clause, subject, verb)) = own_cue
                .is_none()
                .then(|| self.mixed_clause(q, para))
                .flatten()
            {
                // The clause holds this quotation and maybe others after it.
                let mut j = i;
                while j < self.spans.len() && self.spans[j].open.start < clause.end {
                    absorbed[j] = true;
                    claimed[j] = true;
                    j += 1;
                }
                mark(used_cues, cue_i);
                let att = self.attribution(subject, verb, 0.75);
                rows.push(Row {
                    kind: QuoteKind::Mixed,
                    span: clause,
                    statement: q.statement,
                    paragraph: q.paragraph,
                    att: Some(att),
                    opens_paragraph: false,
                });
                direct_rows.push(None);
                continue;
            }
            // A fragment inside a clause ("another wave of “homophobic crimes”
            // last year, Amnesty International said") is left to the clause's cue.
            let fragment = q.kind == QuotationKind::Fragment
                && !q
                    .content
                    .as_str(text)
                    .trim_end_fast()
                    .as_bytes()
                    .last()
                    .is_some_and(|b| matches!(b, b',' | b'.' | b'!' | b'?'));
            // A piece with its own cue (`“A,” she said. “B,” he said.`) keeps it.
            let own = own_cue.map(|(cue_i, subject, verb, conf)| {
                mark(used_cues, cue_i);
                self.attribution(subject, verb, conf)
            });
            // `“A.” He added, “B.”`: a later piece of a statement with a cue
            // and subject of its own before it keeps them.
            let own = own.or_else(|| {
                let first_piece = by_statement.get(q.statement).is_none();
                if first_piece || fragment {
                    return None;
                }
                let (cue_i, subject, verb, conf) = self
                    .before_open(q.open.start, para)
                    .filter(|b| b.1.is_some() && b.0 != usize::MAX)?;
                mark(used_cues, cue_i);
                Some(self.attribution(subject, verb, conf))
            });
            let linked = by_statement.get(q.statement).cloned().filter(|_| !fragment);
            let found = own.or(linked).or_else(|| {
                if fragment {
                    return None;
                }
                let (cue_i, subject, verb, conf) = self.direct_cue(q, para)?;
                mark(used_cues, cue_i);
                Some(self.attribution(subject, verb, conf))
            });
            if let Some(att) = &found
                && by_statement.get(q.statement).is_none()
            {
                by_statement.set(q.statement, att.clone());
            }
            if found.is_some() {
                claimed[i] = true;
            }
            let opens = text[para.start..q.open.start].trim_fast().is_empty();
            let att = found.or_else(|| {
                self.sentence_at(q.open.start)
                    .filter(|s| words_up_to(&text[s.start..q.open.start], 2) >= 2)
                    .and_then(|s| self.sentence_subject(s, q.open.start))
                    .map(|subject| {
                        let mut att = self.attribution(Some(subject), Span::new(0, 0), 0.3);
                        att.verb = None;
                        att
                    })
            });
            direct_rows.push(Some(Row {
                kind: QuoteKind::Direct,
                span: q.content,
                statement: q.statement,
                paragraph: q.paragraph,
                att,
                opens_paragraph: opens,
            }));
        }

        // Pass 2: reported speech.
        let mut seek = Seek::default();
        for (ci, cue) in self.a.cues.iter().enumerate() {
            if used_cues[ci] {
                continue;
            }
            let (pi, inside_quote) = self.seek(&mut seek, cue.span.start);
            if inside_quote {
                continue;
            }
            let Some((clause, subject, verb)) = self.indirect(cue, pi) else {
                continue;
            };
            // No reported clause is this long (the longest PolNeAR content is
            // about 2,000 chars but one); a "sentence" of megabytes without a
            // full stop is debris, and walking its quotations for every cue
            // in it made such text quadratic.
            if clause.len() > MAX_CLAUSE_BYTES {
                continue;
            }
            let first = self
                .spans
                .partition_point(|s| s.close.map_or(s.content.end, |c| c.end) <= clause.start);
            let inside = first
                ..first
                    + self.spans[first..]
                        .iter()
                        .take_while(|s| s.open.start < clause.end)
                        .count();
            // A clause that takes in an attributed quotation is that quotation's frame.
            if self.spans[inside.clone()]
                .iter()
                .zip(&claimed[inside.clone()])
                .any(|(s, &c)| c && s.content.overlaps(clause))
            {
                continue;
            }
            let holds_quote = !inside.is_empty();
            for j in inside {
                // The quotation was a fragment of this clause: one mixed row.
                claimed[j] = true;
                direct_rows[j] = None;
            }
            let att = self.attribution(subject, verb, 0.7);
            rows.push(Row {
                kind: if holds_quote {
                    QuoteKind::Mixed
                } else {
                    QuoteKind::Indirect
                },
                span: clause,
                statement: usize::MAX,
                paragraph: self.paragraph_of(clause.start),
                att: Some(att),
                opens_paragraph: false,
            });
        }
        rows.extend(direct_rows.drain(..).flatten());
        // The rows in text order as a list of their spans and indices, the
        // rows left in place: a row is some 150 bytes, and moving rows was
        // nearly all of sorting them (2.5M Ir of extract's 212.9M). Each
        // key ends in its row's index, so no two are equal, and the
        // unstable sort gives the order the stable one gave.
        let mut order = std::mem::take(&mut lists.order);
        order.clear();
        order.extend(
            rows.iter()
                .enumerate()
                .map(|(k, r)| (r.span.start, r.span.end, k)),
        );
        order.sort_unstable();
        order.dedup_by(|b, a| Span::new(a.0, a.1).overlaps(Span::new(b.0, b.1)));

        // Pass 3: continuations, in text order. The last row with an
        // attribution is read in place, by index: a copy of it kept for
        // the next row was a clone per row.
        let mut last_in_para: Option<usize> = None;
        for &(_, _, i) in &order {
            let (r, before) = match last_in_para {
                Some(l) => {
                    let (r, before) = row_and_other(&mut rows, i, l);
                    (r, Some(before))
                }
                None => (&mut rows[i], None),
            };
            let prev = before.and_then(|l| Some((l.paragraph, l.att.as_ref()?)));
            if let Some(att) = &mut r.att {
                // "She said she was thinking, ''A,'' adding, ''B''": a cue with
                // no subject of its own shares the speaker before it.
                if att.mention.is_none()
                    && att.speaker.is_none()
                    && let Some((p, prev)) = prev
                    && p == r.paragraph
                    && prev.speaker.is_some()
                {
                    att.speaker = prev.speaker.clone();
                    att.speaker_type = prev.speaker_type;
                    att.organization = prev.organization.clone();
                    att.confidence = att.confidence.min(0.5);
                }
                last_in_para = Some(i);
                continue;
            }
            let Some((p, prev)) = prev else {
                continue;
            };
            let same_paragraph = p == r.paragraph;
            let next_paragraph = p + 1 == r.paragraph && r.opens_paragraph;
            if same_paragraph || next_paragraph {
                let mut att = prev.clone();
                att.mention = None;
                att.verb = None;
                att.confidence = if same_paragraph { 0.5 } else { 0.4 } * prev.confidence.max(0.5);
                r.att = Some(att);
                last_in_para = Some(i);
            }
        }

        // Statement ids: quotations keep theirs, reported speech gets fresh ones.
        let mut next_statement = self
            .spans
            .iter()
            .map(|s| s.statement + 1)
            .max()
            .unwrap_or(0);
        let quotes = order
            .iter()
            .map(|&(_, _, k)| {
                let r = &mut rows[k];
                let statement = if r.statement == usize::MAX {
                    next_statement += 1;
                    next_statement - 1
                } else {
                    r.statement
                };
                let mut q = Quote::unattributed(r.kind, r.span, statement);
                if let Some(att) = r.att.take() {
                    q.speaker = att.speaker.map(Cow::into_owned);
                    q.speaker_type = att.speaker_type;
                    q.organization = att.organization.map(Cow::into_owned);
                    q.speaker_mention = att.mention;
                    q.verb = att.verb;
                    q.confidence = att.confidence.clamp(0.0, 1.0);
                }
                q
            })
            .collect();
        lists.flags = flags;
        lists.order = order;
        lists.rows = relend(rows);
        lists.direct_rows = relend(direct_rows);
        lists.statements = relend(by_statement.dense);
        quotes
    }

    /// `(paragraph_of(at), inside_quote(at))`, read on from the last `at`
    /// asked: pass 2 asks it of the cues in text order, and the two binary
    /// searches were a tenth of a cue's reported-speech rule. An `at`
    /// before the last is searched, the cursor left where it was.
    fn seek(&self, seek: &mut Seek, at: usize) -> (usize, bool) {
        if at < seek.at {
            return (self.paragraph_of(at), self.inside_quote(at));
        }
        seek.at = at;
        // The first paragraph ending after `at`, and the first quotation
        // opening after it, as the searches' `partition_point`s find them.
        let paragraphs = self.a.paragraphs;
        while paragraphs.get(seek.paragraph).is_some_and(|p| p.end <= at) {
            seek.paragraph += 1;
        }
        while self
            .spans
            .get(seek.quote)
            .is_some_and(|s| s.open.start <= at)
        {
            seek.quote += 1;
        }
        let inside = seek
            .quote
            .checked_sub(1)
            .is_some_and(|i| self.spans[i].content.start <= at && at < self.spans[i].content.end);
        (
            seek.paragraph.min(paragraphs.len().saturating_sub(1)),
            inside,
        )
    }

    fn paragraph_of(&self, at: usize) -> usize {
        self.a
            .paragraphs
            .partition_point(|p| p.end <= at)
            .min(self.a.paragraphs.len().saturating_sub(1))
    }

    /// Whether `at` lies between a pair of quotation marks.
    fn inside_quote(&self, at: usize) -> bool {
        let i = self.spans.partition_point(|s| s.open.start <= at);
        i.checked_sub(1)
            .is_some_and(|i| self.spans[i].content.start <= at && at < self.spans[i].content.end)
    }

    /// The sentence that holds `at`.
    fn sentence_at(&self, at: usize) -> Option<Span> {
        self.sentences.at(at)
    }

    /// `“Q,” she said` with a subject: the quotation's own cue, which no
    /// clause before it may take.
    fn own_cue_after(
        &self,
        q: &QuoteSpan,
        para: Span,
    ) -> Option<(usize, Option<Subject>, Span, f32)> {
        let content = q.content.as_str(self.a.text).trim_end_fast();
        if !ends_with_ascii(content, |b| matches!(b, b',' | b'?' | b'!')) {
            return None;
        }
        let found = self.after_close(q.close?.end, para, content)?;
        found.1.is_some().then_some(found)
    }

    /// The cue of a direct quotation: after the closing mark, else before the opening one.
    fn direct_cue(&self, q: &QuoteSpan, para: Span) -> Option<(usize, Option<Subject>, Span, f32)> {
        let content = q.content.as_str(self.a.text).trim_end_fast();
        if let Some(signed) = self.dash_signature(q, para) {
            return Some(signed);
        }
        let ends_clause = ends_with_ascii(content, |b| matches!(b, b',' | b'-'))
            || content.ends_with('—')
            || content.ends_with(",\u{a0}");
        let after = q.close.and_then(|c| self.after_close(c.end, para, content));
        if ends_clause && let Some(found) = after.filter(|f| f.1.is_some()) {
            return Some(found);
        }
        // "Mr. Trump said of the episode, ''I don't like it,'' adding that":
        // a cue with a subject beats one without, on either side.
        let before = self.before_open(q.open.start, para);
        let found = match (before, after) {
            (Some(b), _) if b.1.is_some() => Some(b),
            (_, Some(a)) if a.1.is_some() => Some(a),
            (b, a) if ends_clause => a.or(b),
            (b, a) => b.or(a),
        };
        if found.is_some_and(|f| f.1.is_some()) {
            return found;
        }
        let intro = self.intro_paragraph(q, para);
        if intro.is_some_and(|i| i.1.is_some()) {
            return intro;
        }
        let unlisted = q
            .close
            .filter(|_| ends_with_ascii(content, |b| matches!(b, b',' | b'?' | b'!')))
            .and_then(|c| self.unlisted_cue_after(c.end, para));
        unlisted
            .or(found)
            .or(intro)
            .or_else(|| self.cue_sentence_before(q, para))
    }

    /// `“Q” ― Sonya Herridge`: a dash and a name closing the quotation's
    /// paragraph, or alone in the next one (`- Hillary Clinton.`), sign it:
    /// collected reactions, epigraphs, pull quotes.
    fn dash_signature(
        &self,
        q: &QuoteSpan,
        para: Span,
    ) -> Option<(usize, Option<Subject>, Span, f32)> {
        let text = self.a.text;
        let close = q.close?;
        let (mut from, mut end) = (close.end, para.end);
        if text[from..end]
            .trim_matches(|c: char| c.is_whitespace() || c == '.')
            .is_empty()
        {
            let next = *self.a.paragraphs.get(q.paragraph + 1)?;
            (from, end) = (next.start, next.end);
        }
        let rest = &text[from..end];
        let trimmed = rest.trim_start_matches([' ', '\u{a0}', '\t']);
        let dash = ["―", "—", "–", "--", "-"]
            .into_iter()
            .find(|d| trimmed.starts_with(d))?;
        let dash_at = from + (rest.len() - trimmed.len());
        let after = &trimmed[dash.len()..];
        let gap = after.len() - after.trim_start_matches([' ', '\u{a0}']).len();
        let name_at = dash_at + dash.len() + gap;
        let ms = self.a.mentions;
        let k = ms.partition_point(|m| m.phrase.start < name_at);
        let m = ms
            .get(k)
            .filter(|m| m.phrase.start == name_at && m.kind != MentionKind::Place)?;
        // Nothing after the name but a period, or a short identification
        // ("― Ana Ruiz, 34, of Tucson"): "— Smith said" is a clause.
        let tail = text[m.span.end..end].trim_fast();
        let signs = tail.trim_end_matches('.').is_empty()
            || tail.starts_with(',') && words_up_to(tail, 9) <= 8 && {
                let ci = self.a.cues.partition_point(|c| c.span.start < m.span.end);
                self.a.cues.get(ci).is_none_or(|c| c.span.start >= end)
            };
        if !signs {
            return None;
        }
        let subject = Subject {
            phrase: Span::new(m.phrase.start, m.span.end),
            head: Head::Name(k),
        };
        let verb = Span::new(dash_at, dash_at + dash.len());
        Some((usize::MAX, Some(subject), verb, 0.8))
    }

    /// `Dianne Bystrom agreed. "Mainstream Republicans are running out of
    /// time."`: a sentence that is only a subject and its cue introduces the
    /// quotation that opens the next sentence.
    fn cue_sentence_before(
        &self,
        q: &QuoteSpan,
        para: Span,
    ) -> Option<(usize, Option<Subject>, Span, f32)> {
        let text = self.a.text;
        let prev = self.sentences.ending_by(q.open.start)?;
        if prev.start < para.start || !text[prev.end..q.open.start].trim_fast().is_empty() {
            return None;
        }
        let ci = self
            .a
            .cues
            .partition_point(|c| c.span.end <= prev.end)
            .checked_sub(1)?;
        let cue = self.a.cues.get(ci)?;
        if cue.class != CueClass::Verb
            || cue.span.start < prev.start
            || !text[cue.span.end..prev.end]
                .chars()
                .all(|c| matches!(c, '.' | ':' | ' '))
        {
            return None;
        }
        let floor = self.clause_floor(cue.span.start, para).max(prev.start);
        let (subject, verb_start) = self.subject_before(cue.span.start, floor);
        let subject = subject?;
        Some((ci, Some(subject), Span::new(verb_start, cue.span.end), 0.6))
    }

    /// `“Q,” Toomey fumed.` / `“Q?” Hannity pressed.` / `“Q,” it read.`: a
    /// subject and one verb closing the sentence right after a quotation
    /// are its attribution, whether the verb is in the cue lexicon or not.
    fn unlisted_cue_after(
        &self,
        from: usize,
        para: Span,
    ) -> Option<(usize, Option<Subject>, Span, f32)> {
        let text = self.a.text;
        let mut limit = (from + 80).min(para.end);
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let rest = &text[from..limit];
        let end = rest.find(['.', ',', '!', '?', ';', ':', '“', '"', '(', '—'])?;
        let seg = rest[..end].trim_end_fast();
        let at = word_start(seg);
        let verb = &seg[at..];
        let verb_like = verb.len() >= 3
            && verb.bytes().all(|b| b.is_ascii_lowercase())
            && (verb.ends_with("ed") || verb.ends_with('s') || IRREGULAR_CUES.contains(&verb));
        if !verb_like || at == 0 {
            return None;
        }
        let verb_span = Span::new(from + at, from + seg.len());
        let (subject, verb_start) = self.subject_before(verb_span.start, from);
        let subject = subject?;
        Some((
            usize::MAX,
            Some(subject),
            Span::new(verb_start, verb_span.end),
            0.6,
        ))
    }

    /// `"WALLACE: Let’s start with ...`: a quotation that opens with a
    /// speaker's name in capitals and a colon, as transcripts do. Returns
    /// what the speaker said (the content after the label) and who said it.
    fn transcript_label(&self, q: &QuoteSpan) -> Option<(Span, Attribution<'a>)> {
        let text = self.a.text;
        let content = q.content.as_str(text);
        let lead = content.len() - content.trim_start_fast().len();
        let head = &content[lead..];
        let colon = label_colon(head)?;
        let label = &head[..colon];
        let after = &head[colon + 1..];
        if !after.starts_with([' ', '\u{a0}'])
            || after.trim_fast().is_empty()
            || label.bytes().filter(u8::is_ascii_uppercase).count() < 2
            || !label.starts_with(|c: char| c.is_ascii_uppercase())
            || NOT_SPEAKER_LABELS.contains(&label)
        {
            return None;
        }
        let label_at = q.content.start + lead;
        let mention = Span::new(label_at, label_at + label.len());
        let colon_at = mention.end;
        let said_start = colon_at + 1 + (after.len() - after.trim_start_fast().len());
        let speaker = self.resolver.person_named(label);
        // An empty phrase: the label in capitals ("PENCE") looks like an
        // acronym, and is no organization the speaker speaks for.
        let nowhere = Span::new(mention.start, mention.start);
        let organization = self.resolver.affiliation(&speaker, nowhere, self.rules);
        let att = Attribution {
            mention: Some(mention),
            verb: Some(Span::new(colon_at, colon_at + 1)),
            speaker: Some(speaker),
            speaker_type: SpeakerType::Person,
            organization,
            confidence: 0.8,
        };
        Some((Span::new(said_start, q.content.end), att))
    }

    /// `Cruz continued:¶“Q”`: a paragraph that ends with a colon introduces
    /// the quotation that opens the next one (transcripts, statements,
    /// long quotations set apart).
    fn intro_paragraph(
        &self,
        q: &QuoteSpan,
        para: Span,
    ) -> Option<(usize, Option<Subject>, Span, f32)> {
        let text = self.a.text;
        if !text[para.start..q.open.start].trim_fast().is_empty() {
            return None;
        }
        let prev = *self.a.paragraphs.get(q.paragraph.checked_sub(1)?)?;
        if !prev.as_str(text).ends_with(':') {
            return None;
        }
        self.before_open(prev.end, prev)
    }

    /// `“Q,” Smith said.` / `“Q,” said Smith.` / `“Q,” Smith, the director of X, said.`
    fn after_close(
        &self,
        from: usize,
        para: Span,
        content: &str,
    ) -> Option<(usize, Option<Subject>, Span, f32)> {
        let limit = (from + CUE_WINDOW).min(para.end);
        // The cue must come before the next quotation opens.
        let next_open = self.spans.partition_point(|s| s.open.start < from);
        let limit = self
            .spans
            .get(next_open)
            .map_or(limit, |s| s.open.start.min(limit));
        let first = self.a.cues.partition_point(|c| c.span.start < from);
        // "an intelligence source, who was not authorized to speak on the
        // record, told Fox": the first cue may sit inside the subject.
        let mut fallback = None;
        for ci in first..(first + 3).min(self.a.cues.len()) {
            let cue = &self.a.cues[ci];
            if cue.span.end > limit {
                break;
            }
            match self.after_close_cue(ci, cue, from, limit, para, content) {
                Some(found) if found.1.is_some() => return Some(found),
                // "the note says": a noun that looks like a cue comes first.
                Some(found) => {
                    fallback.get_or_insert(found);
                }
                None => {}
            }
        }
        fallback
    }

    fn after_close_cue(
        &self,
        ci: usize,
        cue: &Cue,
        from: usize,
        limit: usize,
        para: Span,
        content: &str,
    ) -> Option<(usize, Option<Subject>, Span, f32)> {
        let text = self.a.text;
        let gap = &text[from..cue.span.start];
        if has_clause_mark(gap) || ends_sentence(gap) {
            return None;
        }
        if content.ends_with('.') {
            // `“Q.” Smith said the plan failed.` is a new sentence with its own content.
            let next = gap.trim_start_matches(|c: char| !c.is_alphanumeric());
            if next.chars().next().is_some_and(char::is_uppercase) {
                let rest = &text[cue.span.end..limit];
                let end = memchr::memchr3(b'.', b'!', b'?', rest.as_bytes()).unwrap_or(rest.len());
                if words_up_to(&rest[..end], 5) > 4 {
                    return None;
                }
            }
        }
        match cue.class {
            CueClass::Adjunct => None,
            CueClass::According => {
                // "a “horrifying” crackdown ..., according to X" frames a clause.
                if gap.chars().any(char::is_alphanumeric) {
                    return None;
                }
                let subject = self.subject_after(cue.span.end, para);
                Some((ci, subject, cue.span, 0.8))
            }
            CueClass::Verb => {
                // Only "none" and "at most two" are asked: the count stops at
                // three, not at the end of a gap that may run 300 bytes.
                let gap_words = gap
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    .take(3)
                    .count();
                if gap_words == 0 {
                    let subject = self.subject_after(cue.span.end, para);
                    return Some((
                        ci,
                        subject,
                        cue.span,
                        if subject.is_some() { 0.9 } else { 0.5 },
                    ));
                }
                let (mut subject, verb_start) = self.subject_before(cue.span.start, from);
                if subject.is_none()
                    && gap.trim_end_fast().ends_with(',')
                    && !is_telling(cue.span.as_str(text))
                {
                    // "“Q” about the decision, said RoseAnn DeMoro".
                    subject = self.subject_after(cue.span.end, para);
                }
                let verb = Span::new(verb_start, cue.span.end);
                let conf = if subject.is_some() { 0.9 } else { 0.4 };
                subject.map(|_| (ci, subject, verb, conf)).or_else(|| {
                    // Too much in the gap to be a subject: not this quotation's cue.
                    (gap_words <= 2).then_some((ci, None, verb, conf))
                })
            }
        }
    }

    /// `Smith said: “Q”` / `Smith said, “Q”` / `Smith told reporters in a statement: “Q”`.
    fn before_open(&self, to: usize, para: Span) -> Option<(usize, Option<Subject>, Span, f32)> {
        let text = self.a.text;
        let floor = self.clause_floor(to, para);
        let last = self
            .a
            .cues
            .partition_point(|c| c.span.end <= to)
            .checked_sub(1);
        if let Some(ci) = last
            && let Some(cue) = self.a.cues.get(ci).filter(|c| c.span.start >= floor)
            && !self.inside_quote(cue.span.start)
            && cue.class != CueClass::Adjunct
        {
            let gap = text[cue.span.end..to].trim_fast();
            // A long colon ends in ':' too, so a gap that introduces nothing
            // is settled before its words are counted.
            let intro = gap.is_empty()
                || ends_with_ascii(gap, |b| matches!(b, b':' | b','))
                || gap.ends_with(" that")
                || gap == "that";
            // `words_up_to(gap, 41)`: only a colon asks beyond six words.
            let gap_words = || {
                if gap.ends_with(':') || gap.len() > 41 * WORD_BYTES {
                    words_up_to(gap, 41)
                } else {
                    count_words(gap, 7)
                }
            };
            // "Mr. Slinker said Mr. Trump was a candidate in the spirit of the valley: ''Q''"
            let long_colon = |words: usize| gap.ends_with(':') && words <= 40;
            if intro && {
                let words = gap_words();
                words <= 6 || long_colon(words)
            } {
                let (subject, verb) = self.cue_subject(cue, floor, para);
                let conf = if subject.is_some() { 0.85 } else { 0.4 };
                return Some((ci, subject, verb, conf));
            }
        }
        // `Smith: “Q”` or a sentence that ends in a colon.
        let before = text[floor..to].trim_end_fast();
        if let Some(colon) = before.strip_suffix(':') {
            let colon_at = floor + colon.len();
            let (mut subject, _) = self.subject_before(colon_at, floor);
            // "She then addressed the supporters again:", "Trump issued the
            // following statement:": the object before the colon is no
            // speaker; the clause's subject is.
            let named =
                subject.is_some_and(|s| matches!(s.head, Head::Name(_) | Head::Pronoun(..)));
            if !named
                && let Some(s) = self.sentence_subject(Span::new(floor, colon_at), colon_at)
                && s.phrase.end < colon_at
            {
                subject = Some(s);
            }
            if subject.is_some() {
                return Some((usize::MAX, subject, Span::new(colon_at, colon_at + 1), 0.6));
            }
        }
        // `Republican candidate Mitt Romney -- ''Q''`: a dash after a name
        // introduces the name's words.
        let dash = ["--", "—", "–"].into_iter().find(|d| before.ends_with(d))?;
        let dash_at = floor + before.len() - dash.len();
        let name_end = floor + text[floor..dash_at].trim_end_fast().len();
        let (subject, _) = self.subject_before(name_end, floor);
        let subject = subject.filter(|s| matches!(s.head, Head::Name(_)))?;
        Some((
            usize::MAX,
            Some(subject),
            Span::new(dash_at, dash_at + dash.len()),
            0.5,
        ))
    }

    /// Where the clause that leads up to `at` may begin: the sentence start,
    /// the end of an earlier quotation, or the paragraph start.
    fn clause_floor(&self, at: usize, para: Span) -> usize {
        memo(&self.floor, (at, para), || self.find_clause_floor(at, para))
    }

    /// [`Ctx::clause_floor`], searched.
    fn find_clause_floor(&self, at: usize, para: Span) -> usize {
        let mut floor = self
            .sentence_at(at.saturating_sub(1).max(para.start))
            .map_or(para.start, |s| s.start);
        floor = floor.max(at.saturating_sub(CUE_WINDOW)).max(para.start);
        let prev = self.spans.partition_point(|s| s.open.start < at);
        if let Some(p) = prev.checked_sub(1).map(|i| &self.spans[i])
            && let Some(c) = p.close
            && c.end <= at
        {
            floor = floor.max(c.end);
        }
        while !self.a.text.is_char_boundary(floor) {
            floor += 1;
        }
        floor
    }

    /// A cue followed by a clause holding the quotation: `He said the plan was “a disaster”.`
    fn mixed_clause(
        &self,
        q: &QuoteSpan,
        para: Span,
    ) -> Option<(usize, Span, Option<Subject>, Span)> {
        let text = self.a.text;
        let floor = self.clause_floor(q.open.start, para);
        let ci = self
            .a
            .cues
            .partition_point(|c| c.span.end <= q.open.start)
            .checked_sub(1)?;
        let cue = self.a.cues.get(ci).filter(|c| c.span.start >= floor)?;
        if cue.class != CueClass::Verb || self.inside_quote(cue.span.start) {
            return None;
        }
        let gap = text[cue.span.end..q.open.start].trim_fast();
        if gap.is_empty() || ends_with_ascii(gap, |b| matches!(b, b':' | b',')) || gap == "that" {
            return None;
        }
        if words_up_to(gap, 3) <= 2 && (gap.ends_with("that") || gap.ends_with(':')) {
            return None;
        }
        let (subject, verb) = self.cue_subject(cue, floor, para);
        // "Park said Kim's mental state is “spiraling”": a subject after the
        // cue would lie inside the clause it reports.
        subject.filter(|s| s.phrase.end <= cue.span.start)?;
        let start = self.clause_start(cue.span.end, para)?;
        let end = self.clause_end(start, para);
        (end > q.open.start).then_some((ci, Span::new(start, end), subject, verb))
    }

    /// Subject of a verb cue: before it, else right after it.
    fn cue_subject(&self, cue: &Cue, floor: usize, para: Span) -> (Option<Subject>, Span) {
        match cue.class {
            CueClass::According | CueClass::Adjunct => {
                (self.subject_after(cue.span.end, para), cue.span)
            }
            CueClass::Verb => {
                // "..., Spicer said, adding, “Q”": a participle right after a
                // verb and its comma shares that verb's subject.
                if let Some(subject) = self.subject_of_verb_before_participle(cue, floor, para) {
                    return (Some(subject), cue.span);
                }
                let (subject, verb_start) = self.subject_before(cue.span.start, floor);
                // "Trump issued a statement saying", "Husted continued by
                // saying": a participle's subject is its clause's, not the
                // object before it.
                let named =
                    subject.is_some_and(|s| matches!(s.head, Head::Name(_) | Head::Pronoun(..)));
                if !named
                    && cue.span.as_str(self.a.text).ends_with("ing")
                    && let Some(subject) =
                        self.sentence_subject(Span::new(floor, cue.span.start), cue.span.start)
                {
                    return (Some(subject), cue.span);
                }
                if subject.is_some() || is_telling(cue.span.as_str(self.a.text)) {
                    return (subject, Span::new(verb_start, cue.span.end));
                }
                (self.subject_after(cue.span.end, para), cue.span)
            }
        }
    }

    /// Where a reported clause from `from` ends before `to`: at the comma
    /// before a participle cue ("said the plan would fail, adding that it
    /// was too costly"), whose report is its own row; else `to`.
    fn participle_break(&self, from: usize, to: usize) -> usize {
        let text = self.a.text;
        let cues = self.a.cues;
        let first = cues.partition_point(|c| c.span.start <= from);
        // (No clause is longer than MAX_CLAUSE_BYTES: the walk stops there,
        // so that a sentence of megabytes cannot make it quadratic.)
        let window = to.min(from.saturating_add(MAX_CLAUSE_BYTES));
        for c in cues[first..].iter().take_while(|c| c.span.end <= window) {
            if c.class != CueClass::Verb {
                continue;
            }
            let before = text[from..c.span.start].trim_end_fast();
            if c.span.as_str(text).ends_with("ing") {
                if let Some(clause) = before.strip_suffix(',') {
                    return from + clause.trim_end_fast().len();
                }
            } else if let Some(clause) = before
                .strip_suffix(" but")
                .or_else(|| before.strip_suffix(" and"))
                .and_then(|b| b.trim_end_fast().strip_suffix(','))
            {
                // "She says people may not like the answer, but insists
                // ...": a verb of the subject's own reports its own clause.
                return from + clause.trim_end_fast().len();
            }
        }
        to
    }

    /// For a participle cue ("adding") right after a verb cue and a comma
    /// ("Spicer said, adding"), the verb's subject, before it or after it.
    fn subject_of_verb_before_participle(
        &self,
        cue: &Cue,
        floor: usize,
        para: Span,
    ) -> Option<Subject> {
        let text = self.a.text;
        if !cue.span.as_str(text).ends_with("ing") {
            return None;
        }
        if !text[..cue.span.start].trim_end_fast().ends_with(',') {
            return None;
        }
        let is_verb = |c: &Cue| {
            c.class == CueClass::Verb
                && c.span.start >= floor
                && !c.span.as_str(text).ends_with("ing")
        };
        let cues = self.a.cues;
        let i = cues.partition_point(|c| c.span.end <= cue.span.start);
        let last = cues.get(i.checked_sub(1)?)?;
        let found = if text[last.span.end..cue.span.start].trim_fast() == "," {
            // "Spicer said, adding": before the verb or, "said Spicer,", after it.
            is_verb(last).then(|| {
                self.subject_before(last.span.start, floor)
                    .0
                    .or_else(|| self.subject_after(last.span.end, para))
            })
        } else {
            // "Byrne also wrote the agents knew ..., saying": the clause's
            // first verb.
            // (From the floor's first cue: a search from the text's
            // first was quadratic in a sentence of megabytes.)
            cues[cues.partition_point(|c| c.span.start < floor)..i]
                .iter()
                .find(|c| is_verb(c))
                .map(|c| self.subject_before(c.span.start, floor).0)
        };
        found
            .flatten()
            .filter(|s| matches!(s.head, Head::Name(_) | Head::Pronoun(..)))
    }

    /// The first comma of `sentence`, kept for the next ask: the cues of a
    /// sentence ask one after the other.
    fn first_comma(&self, sentence: Span) -> Option<usize> {
        Self::comma_of(&self.first_comma, sentence, || {
            memchr::memchr(b',', sentence.as_str(self.a.text).as_bytes())
        })
    }

    /// The last comma of `sentence`, kept as [`Ctx::first_comma`] is.
    fn last_comma(&self, sentence: Span) -> Option<usize> {
        Self::comma_of(&self.last_comma, sentence, || {
            memchr::memrchr(b',', sentence.as_str(self.a.text).as_bytes())
        })
    }

    fn comma_of(
        kept: &Cell<Option<(Span, Option<usize>)>>,
        sentence: Span,
        search: impl FnOnce() -> Option<usize>,
    ) -> Option<usize> {
        memo(kept, sentence, || search().map(|i| sentence.start + i))
    }

    /// The reported clause after a cue: skip the object of "told" and "that".
    fn clause_start(&self, from: usize, para: Span) -> Option<usize> {
        let text = self.a.text;
        let mut at = from;
        let rest = &text[at..para.end];
        let trimmed = rest.trim_start_matches([' ', '\u{a0}', ',']);
        at += rest.len() - trimmed.len();
        (at < para.end).then_some(at)
    }

    /// The end of the sentence from `from`, quotations passed over whole.
    fn clause_end(&self, from: usize, para: Span) -> usize {
        let text = self.a.text;
        let mut end = self
            .sentence_at(from)
            .map_or(para.end, |s| s.end)
            .min(para.end);
        // A sentence break inside a quotation does not end the clause.
        let mut guard = 0;
        while guard < 8 && self.inside_quote(end.saturating_sub(1)) {
            guard += 1;
            let i = self.spans.partition_point(|s| s.open.start < end);
            let Some(q) = i.checked_sub(1).map(|i| &self.spans[i]) else {
                break;
            };
            let close = q.close.map_or(q.content.end, |c| c.end);
            if close <= end {
                break;
            }
            end = self
                .sentence_at(close)
                .map_or(para.end, |s| s.end)
                .min(para.end);
        }
        let s = text[from..end].trim_end_fast();
        let s = trim_end_ascii(s, |b| matches!(b, b'.' | b'!' | b'?' | b' '));
        from + s.len()
    }

    /// Reported speech around a cue that introduces no quotation, in
    /// paragraph `pi` (`paragraph_of` its start).
    fn indirect(&self, cue: &Cue, pi: usize) -> Option<(Span, Option<Subject>, Span)> {
        self.indirect_or_skipped(cue, pi, true)
    }

    /// [`Ctx::indirect`]; with `skip`, the subject search is left out where
    /// no pattern could take its answer.
    fn indirect_or_skipped(
        &self,
        cue: &Cue,
        pi: usize,
        skip: bool,
    ) -> Option<(Span, Option<Subject>, Span)> {
        let text = self.a.text;
        let para = *self.a.paragraphs.get(pi)?;
        let at = cue.span.start;
        // A paragraph that holds `at` is the one `sentence_at` would search.
        let sentence = if para.start <= at && at < para.end {
            self.sentences.at_in(pi, at)
        } else {
            self.sentence_at(at)
        }?;
        let sentence_body_end = {
            let s = trim_sentence_end(sentence.as_str(text));
            // A cue of the user's lexicon may end in a mark itself ("said.").
            (sentence.start + s.len()).max(cue.span.end)
        };
        match cue.class {
            CueClass::Adjunct => None,
            CueClass::According => {
                let subject = self.subject_after(cue.span.end, para)?;
                let before = text[sentence.start..cue.span.start].trim_end_fast();
                if before.is_empty() {
                    // `According to X, C.`
                    // The subject may take in a mark the sentence's end
                    // leaves out ("according to–Marie' "): then no clause.
                    let after = subject.phrase.end;
                    let rest = text.get(after..sentence_body_end)?;
                    let comma = rest.find(',')?;
                    let start = after + comma + 1;
                    let start = start
                        + (text[start..sentence_body_end].len()
                            - text[start..sentence_body_end].trim_start_fast().len());
                    (sentence_body_end > start + 10).then_some((
                        Span::new(start, sentence_body_end),
                        Some(subject),
                        cue.span,
                    ))
                } else if let Some(c) = before.strip_suffix(',') {
                    // `C, according to X.`
                    let end = sentence.start + c.trim_end_fast().len();
                    (end > sentence.start + 10).then_some((
                        Span::new(sentence.start, end),
                        Some(subject),
                        cue.span,
                    ))
                } else {
                    None
                }
            }
            CueClass::Verb => {
                let after_verb = text[cue.span.end..sentence_body_end].trim_fast();
                // "..., Amnesty International said, noting that ...": a
                // participle after the comma adds, it does not report.
                // Whether a comma lies after the cue, or before it, is read
                // off the sentence's first and last commas: searched for at
                // each cue, a sentence of n cues and no comma cost n^2
                // (100,000 "said " in a row: 0.6 s, twice as many 2.5 s).
                let comma_after = self.last_comma(sentence).is_some_and(|c| c >= cue.span.end);
                let short_tail = !comma_after && words_up_to(after_verb, 5) <= 4
                    || after_verb.starts_with(',')
                        && first_word(&after_verb[1..]).is_some_and(is_participle);
                // The clause after the cue, if it reports one.
                let complement = self
                    .complement_start(cue, sentence_body_end)
                    .filter(|&start| words_up_to(&text[start..sentence_body_end], 3) >= 3);
                // With no clause after the cue, only `C, X said.` (a comma
                // before the subject and a short tail) and `C, said X.` (a
                // comma right before the cue) are left, and either needs a
                // comma before the cue: else skip the subject search, the
                // costliest step, for half the cues.
                let lead = &text[sentence.start..cue.span.start];
                if skip
                    && complement.is_none()
                    && !((short_tail || after_verb.starts_with(','))
                        && self
                            .first_comma(sentence)
                            .is_some_and(|c| c < cue.span.start)
                        || lead.trim_end_fast().ends_with(','))
                {
                    return None;
                }
                let floor = self.clause_floor(cue.span.start, para).max(sentence.start);
                let (subject, verb_start) =
                    match self.subject_of_verb_before_participle(cue, floor, para) {
                        Some(subject) => (Some(subject), cue.span.start),
                        None => self.subject_before(cue.span.start, floor),
                    };
                let verb = Span::new(verb_start, cue.span.end);
                // "Cruz lacks support in Congress, said Larry Sabato, director
                // of ...": a name right after a cue that follows a comma, and
                // the sentence's end or a comma after it, is the speaker; the
                // sentence's start is no appositive's host.
                if subject.is_some()
                    && let Some(c) = lead.trim_end_fast().strip_suffix(',')
                    // (Only a name may follow: the costly search for a capital.)
                    && after_verb.starts_with(|c: char| c.is_uppercase())
                    && words_up_to(c, 3) >= 3
                    && let Some(after) = self.subject_after(cue.span.end, para)
                    && matches!(after.head, Head::Name(_))
                    && head_span(after.head, self.a.mentions).end == after.phrase.end
                    && text
                        .get(after.phrase.end..sentence_body_end)
                        .is_some_and(|t| t.trim_fast().is_empty() || t.trim_start_fast().starts_with(','))
                {
                    let end = sentence.start + c.trim_end_fast().len();
                    return Some((Span::new(sentence.start, end), Some(after), cue.span));
                }
                if let Some(subject) = subject {
                    let lead = text[sentence.start..subject.phrase.start].trim_end_fast();
                    // ("C1, Chinese traders also say business is poor": a
                    // clause after the cue is what they say.)
                    if lead.ends_with(',') && short_tail && complement.is_none() {
                        // `C, X said.`
                        let c = lead.trim_end_matches(',').trim_end_fast();
                        let end = sentence.start + c.len();
                        return (words_up_to(c, 3) >= 3).then_some((
                            Span::new(sentence.start, end),
                            Some(subject),
                            verb,
                        ));
                    }
                    // `C1, X said, C2.`: the report goes on past the aside
                    // that attributes it ("Whatever progress Mr. Kerry has
                    // made, officials said, could easily be unraveled").
                    if lead.ends_with(',')
                        && complement.is_none()
                        && let Some(rest) = after_verb.strip_prefix(',')
                        && !first_word(rest).is_some_and(is_participle)
                        && words_up_to(rest, 3) >= 3
                        && words_up_to(lead, 3) >= 3
                    {
                        return Some((
                            Span::new(sentence.start, sentence_body_end),
                            Some(subject),
                            verb,
                        ));
                    }
                    // `X said (that) C`, `X told Y (that) C`.
                    return complement.map(|start| {
                        let end = self.participle_break(start, sentence_body_end);
                        (Span::new(start, end), Some(subject), verb)
                    });
                }
                // `C, said X.`
                let lead = lead.trim_end_fast();
                if let Some(c) = lead.strip_suffix(',')
                    && let Some(subject) = self.subject_after(cue.span.end, para)
                {
                    let tail = text
                        .get(subject.phrase.end..sentence_body_end)
                        .unwrap_or("")
                        .trim_fast();
                    if tail.is_empty() || tail.starts_with(',') {
                        let end = sentence.start + c.trim_end_fast().len();
                        return (words_up_to(c, 3) >= 3).then_some((
                            Span::new(sentence.start, end),
                            Some(subject),
                            cue.span,
                        ));
                    }
                }
                None
            }
        }
    }

    /// Where the clause reported by `cue` begins: after "that", after the
    /// object of a telling verb, after a short adverbial ("on Tuesday").
    fn complement_start(&self, cue: &Cue, end: usize) -> Option<usize> {
        let text = self.a.text;
        let mut at = cue.span.end;
        let telling = is_telling(cue.span.as_str(text));
        let mut steps = 0;
        loop {
            steps += 1;
            if steps > 6 || at >= end {
                return None;
            }
            let rest = &text[at..end];
            let trimmed = rest.trim_start_fast();
            at += rest.len() - trimmed.len();
            let w = first_word(trimmed)?;
            // The word's part lower-cased once, on the stack: a `lower`
            // of each capitalized word after a cue ("said Smith", "told
            // Reuters") was a malloc.
            let class = with_lower(w.trim_end_matches(','), complement_word);
            if class == ComplementWord::That {
                at += 4;
                let rest = &text[at..end];
                return Some(at + rest.len() - rest.trim_start_fast().len());
            }
            // Days and "on Tuesday", "last week", "in a statement": adverbials.
            if class == ComplementWord::Day {
                at += w.len();
                continue;
            }
            if w.ends_with(',') {
                return None;
            }
            if telling && steps == 1 {
                // The object: a pronoun, a name, "reporters", "The Associated Press".
                let m = self.a.mentions.partition_point(|m| m.phrase.start < at);
                if let Some(men) = self.a.mentions.get(m).filter(|m| m.phrase.start == at) {
                    at = men.span.end;
                    continue;
                }
                if matches!(class, ComplementWord::Object | ComplementWord::Article) {
                    at += w.len();
                    if class == ComplementWord::Article {
                        let rest = &text[at..end];
                        let t = rest.trim_start_fast();
                        at += rest.len() - t.len();
                        at += first_word(t).map_or(0, str::len);
                    }
                    continue;
                }
                return None;
            }
            // Complements that are no clause: "said of the plan", "said to", "told him to".
            if class == ComplementWord::NoClause {
                return None;
            }
            return Some(at);
        }
    }

    /// [`Ctx::subject_before`] without the coordination rule (no recursion).
    fn subject_before_simple(&self, at: usize, floor: usize) -> (Option<Subject>, usize) {
        let text = self.a.text;
        let seg = text[floor..at].trim_end_fast();
        if matches!(&seg[word_start(seg)..], "and" | "but") {
            return (None, at);
        }
        self.subject_before(at, floor)
    }

    /// The subject ending right before `at` (a cue or a colon), not before `floor`;
    /// also returns where the verb group starts (auxiliaries and adverbs included).
    fn subject_before(&self, at: usize, floor: usize) -> (Option<Subject>, usize) {
        let slot = at % SUBJECT_MEMO;
        if let Some((key, found)) = self.subjects.borrow()[slot]
            && key == (at, floor)
        {
            return found;
        }
        let found = self.find_subject_before(at, floor);
        self.subjects.borrow_mut()[slot] = Some(((at, floor), found));
        found
    }

    /// [`Ctx::subject_before`], searched.
    fn find_subject_before(&self, at: usize, floor: usize) -> (Option<Subject>, usize) {
        let text = self.a.text;
        let mut end = at;
        let mut verb_start = at;
        // Auxiliaries and adverbs between subject and cue, at most four;
        // the segment left and its last word are the loop's last look.
        let mut skipped = 0;
        let (seg, last) = loop {
            let seg = text[floor..end].trim_end_fast();
            let ws = word_start(seg);
            let word = &seg[ws..];
            if skipped < 4 && (is_auxiliary_or_day(word) || is_plain_ly_adverb(word)) {
                end = floor + ws;
                verb_start = end;
                skipped += 1;
            } else {
                break (seg, word);
            }
        };
        let seg_end = floor + seg.len();
        if seg.is_empty() {
            return (None, at);
        }
        // "He praised those who left but said": the sentence's subject.
        if matches!(last, "and" | "but") {
            let prev = self.a.cues.partition_point(|c| c.span.end <= seg_end);
            if let Some(c) = prev.checked_sub(1).map(|i| &self.a.cues[i])
                && c.span.start >= floor
                && c.class == CueClass::Verb
                && !text[c.span.end..seg_end].contains(['.', ';'])
            {
                let (subject, _) = self.subject_before_simple(c.span.start, floor);
                if subject.is_some() {
                    return (subject, verb_start);
                }
            }
            // "Supported, Ms. Sherry smiled and said", "he laughed and said":
            // the subject opens the last phrase before the conjunction.
            let conj_at = seg.len() - last.len();
            let before_conj = seg[..conj_at].trim_end_fast();
            let phrase_at = last_phrase_break(before_conj);
            let phrase = &before_conj[phrase_at..];
            let lead = phrase.len() - phrase.trim_start_fast().len();
            let head_start = floor + phrase_at + lead;
            {
                let first_word =
                    first_word(&text[head_start..floor + before_conj.len()]).unwrap_or("");
                if let Some(subject) = self.pronoun_subject(head_start, first_word) {
                    return (Some(subject), verb_start);
                }
                let ms = self.a.mentions;
                let k = ms.partition_point(|m| m.phrase.start < head_start);
                if let Some(m) = ms.get(k)
                    && m.phrase.start == head_start
                    && m.kind != MentionKind::Place
                    && m.span.end < floor + before_conj.len()
                {
                    return (
                        Some(Subject {
                            phrase: Span::new(m.phrase.start, m.span.end),
                            head: Head::Name(k),
                        }),
                        verb_start,
                    );
                }
            }
            let lead = seg.len() - seg.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
            let head_start = floor + lead;
            let first_break = text[head_start..seg_end]
                .find([',', ' '])
                .map_or(seg_end, |i| head_start + i);
            let first_break = self
                .a
                .mentions
                .get(
                    self.a
                        .mentions
                        .partition_point(|m| m.phrase.start < head_start),
                )
                .filter(|m| m.phrase.start == head_start)
                .map_or(first_break, |m| m.span.end);
            let head = self.head_in(Span::new(head_start, first_break), true);
            return (
                head.map(|head| Subject {
                    phrase: Span::new(head_start, first_break),
                    head,
                }),
                verb_start,
            );
        }
        // Appositive: "Smith, the director of X," -> the head opens the segment.
        if seg.ends_with(',') {
            let lead = seg.len() - seg.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
            let head_start = floor + lead;
            let phrase = Span::new(head_start, seg_end);
            if more_words_than(phrase.as_str(text), MAX_SUBJECT_WORDS) {
                return (None, at);
            }
            // "that Sanders can catch Clinton, ...": a clause, not a subject.
            let first_word = first_word(&text[head_start..seg_end]).unwrap_or("");
            if is_clause_opener(first_word) {
                return (None, at);
            }
            let first_comma = text[head_start..seg_end]
                .find(',')
                .map_or(seg_end, |i| head_start + i);
            if let Some(head) = self.head_in(Span::new(head_start, first_comma), true) {
                return (Some(Subject { phrase, head }), verb_start);
            }
            // "In Baghdad on Tuesday, Col. Steven H. Warren, a military
            // spokesman, said": past an introductory phrase, the first name
            // that a comma closes is the host.
            let ms = self.a.mentions;
            let k = ms.partition_point(|m| m.phrase.start < first_comma);
            let host = ms[k..]
                .iter()
                .take_while(|m| m.span.end < seg_end)
                .position(|m| {
                    m.kind != MentionKind::Place
                        && text[m.span.end..].starts_with(',')
                        && text[head_start..m.phrase.start]
                            .trim_end_fast()
                            .ends_with(',')
                })
                .map(|d| k + d)
                .filter(|&i| words_up_to(&text[head_start..ms[i].phrase.start], 9) <= 8);
            return (
                host.map(|i| Subject {
                    phrase: Span::new(ms[i].phrase.start, seg_end),
                    head: Head::Name(i),
                }),
                verb_start,
            );
        }
        // "Rep. Paul Ryan (R-WI) said": the parenthesis belongs to the phrase.
        if seg.ends_with(')')
            && let Some(open) = seg.rfind('(')
            && seg.len() - open < 40
        {
            let inner_end = floor + seg[..open].trim_end_fast().len();
            let (subject, _) = self.subject_before_simple(inner_end, floor);
            return (
                subject.map(|s| Subject {
                    phrase: Span::new(s.phrase.start, seg_end),
                    head: s.head,
                }),
                verb_start,
            );
        }
        // Otherwise the subject is the last phrase: after the last comma or dash.
        let last_break = last_phrase_break(seg);
        let part_start = floor + last_break;
        let part = Span::new(part_start, seg_end);
        // "former Gov. Jeb Bush of Florida said": the head comes before "of" a place.
        let head = self.head_in(part, false).or_else(|| {
            let place = self.place_ending_at(seg_end)?;
            let of = text[part_start..place.start].strip_suffix(" of ")?;
            let head = self.head_in(Span::new(part_start, part_start + of.len()), false)?;
            (head_span(head, self.a.mentions).end == part_start + of.len()).then_some(head)
        });
        let Some(head) = head else {
            return (None, at);
        };
        let head_span = head_span(head, self.a.mentions);
        let of_place = text[head_span.end..seg_end].starts_with(" of ");
        if head_span.end != seg_end && !of_place {
            return (None, at);
        }
        let phrase_start = self.extend_left(head, head_span, part_start);
        (
            Some(Subject {
                phrase: Span::new(phrase_start, seg_end),
                head,
            }),
            verb_start,
        )
    }

    /// `word`, standing at `at`, as a subject if it is a pronoun.
    fn pronoun_subject(&self, at: usize, word: &str) -> Option<Subject> {
        let r = self.rules.pronoun(word)?;
        let s = Span::new(at, at + word.len());
        Some(Subject {
            phrase: s,
            head: Head::Pronoun(s, r),
        })
    }

    /// The place mention ending exactly at `end`, if any.
    fn place_ending_at(&self, end: usize) -> Option<Span> {
        let ms = self.a.mentions;
        let i = ms.partition_point(|m| m.span.end < end);
        ms.get(i)
            .filter(|m| m.span.end == end && m.kind == MentionKind::Place)
            .map(|m| m.span)
    }

    /// The head of a subject inside `part`: a name, a pronoun, a nominal.
    /// At the end of `part`, or, for an appositive's host (`first`), at its start.
    fn head_in(&self, part: Span, first: bool) -> Option<Head> {
        let text = self.a.text;
        let s = part.as_str(text);
        let trimmed = s.trim_end_fast();
        let part = Span::new(part.start, part.start + trimmed.len());
        // Nearly every part opens with a letter: no char decoded for it.
        let lead = if trimmed
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_alphanumeric)
        {
            0
        } else {
            trimmed.len()
                - trimmed
                    .trim_start_matches(|c: char| !c.is_alphanumeric())
                    .len()
        };
        let part = Span::new(part.start + lead, part.end);
        if part.is_empty() {
            return None;
        }
        let s = part.as_str(text);
        // Pronouns and "who".
        let word = if first {
            first_word(s).unwrap_or("")
        } else {
            after_last_space(s)
        };
        let word_span = if first {
            Span::new(part.start, part.start + word.len())
        } else {
            Span::new(part.end - word.len(), part.end)
        };
        if let Some(r) = self.rules.pronoun(word) {
            // "It" that opens a subject of its own sentence is usually a dummy: keep it.
            return Some(Head::Pronoun(word_span, r));
        }
        if !first && (word == "who" || word == "which") {
            return Some(Head::Relative(word_span));
        }
        // Names: the mention ending at the end (or starting at the start).
        let mentions = self.a.mentions;
        if first {
            let i = mentions.partition_point(|m| m.span.start < part.start);
            if let Some((k, m)) = mentions.get(i).map(|m| (i, m))
                && m.span.end <= part.end
                && words_up_to(&text[part.start..m.span.start], 6) <= 5
                && m.kind != MentionKind::Place
            {
                return Some(Head::Name(k));
            }
        } else {
            let i = mentions.partition_point(|m| m.span.end < part.end);
            if let Some(m) = mentions.get(i)
                && m.span.end == part.end
                && m.span.start >= part.start
                && m.kind != MentionKind::Place
            {
                return Some(Head::Name(i));
            }
        }
        // Nominals: "the group", "a spokesman", "officials": the part's last word.
        let word = if first { after_last_space(s) } else { word };
        let word_span = Span::new(part.end - word.len(), part.end);
        let nominal = with_lower(trim_end_ascii(word, |b| matches!(b, b',' | b'.')), |lw| {
            let lw = strip_possessives(lw);
            if self.rules.is_org_nominal(lw) {
                Some(Head::OrgNominal(word_span))
            } else if self.rules.is_person_nominal(lw)
                || self.rules.is_person_nominal(lw.trim_end_matches('s'))
            {
                Some(Head::PersonNominal(word_span))
            } else {
                None
            }
        });
        if nominal.is_some() {
            return nominal;
        }
        // "Nearly nine out of 10 say", "520 superdelegates have said", "At
        // least half of voters in each state say": a count of people.
        if !first && is_counted_phrase(s) {
            return Some(Head::PersonNominal(part));
        }
        // Any determiner phrase: "the suit says", "said one former staffer",
        // "21 percent said", "the 46-year-old said".
        // The words from the end, each read only when the loop gets to it
        // (with one ahead, for "percent"): most parts are settled by their
        // last two or three words, and reading seven for each was a tenth
        // of the subject search.
        let mut rest = s;
        let mut earlier = move || {
            let ws = word_start(rest.trim_end_fast());
            let w = rest[ws..].trim_end_fast();
            rest = &rest[..ws];
            (!w.is_empty()).then_some((part.start + ws, w))
        };
        let first_word = earlier()?;
        let noun = trim_end_ascii(first_word.1, |b| matches!(b, b',' | b'.'));
        let mut current = Some(first_word);
        // Each word lower-cased once: "would", "in" ... before word `k`
        // make a clause, asked of every earlier word at every `k`.
        let mut clause_word = false;
        let mut k = 0;
        // Where the words read so far start, and whether each is one a bare
        // noun phrase may hold (below).
        let mut phrase_at = part.end;
        let mut bare = true;
        while let Some((at, w)) = current {
            let next = earlier();
            let (det, stop, clause, percent) = word_roles(w);
            let det = det || percent && k == 0;
            // "But opponents say": a conjunction that opens the part is no
            // part of the phrase.
            if k > 0 && next.is_none() && with_lower(w, |lw| matches!(lw, "but" | "and" | "yet")) {
                break;
            }
            if ends_with_ascii(w, |b| matches!(b, b',' | b':' | b';')) || (k > 0 && stop) {
                bare = false;
                break;
            }
            // "The shelter would close in May": a clause, not a noun phrase.
            if clause_word || k > 4 {
                bare = false;
                break;
            }
            if det && k > 0 || percent {
                let head = Span::new(
                    if percent {
                        next.map_or(at, |w| w.0)
                    } else {
                        at
                    },
                    part.end,
                );
                return Some(
                    if with_lower(noun, |noun| self.rules.is_org_nominal(noun)) {
                        Head::OrgNominal(head)
                    } else {
                        Head::PersonNominal(head)
                    },
                );
            }
            clause_word |= clause;
            bare &= !stop && (k == 0 || is_modifier_word(w));
            phrase_at = at;
            current = next;
            k += 1;
        }
        // The whole part read, with no determiner: "Social conservatives
        // say", "Iowa biofuels advocates say", "Several said".
        if !first && bare && !clause_word && k <= 4 {
            let head = Span::new(phrase_at, part.end);
            if k == 1 && with_lower(noun, is_pronoun_determiner) {
                return Some(Head::PersonNominal(head));
            }
            if is_bare_plural(noun) {
                return Some(
                    if with_lower(noun, |noun| self.rules.is_org_nominal(noun)) {
                        Head::OrgNominal(head)
                    } else {
                        Head::PersonNominal(head)
                    },
                );
            }
        }
        None
    }

    /// The subject at the start of a sentence: "Bernie Sanders calls it the
    /// “big enchilada.”", "In December, the prince called him “a disgrace.”"
    fn sentence_subject(&self, sentence: Span, limit: usize) -> Option<Subject> {
        let text = self.a.text;
        let mut start = sentence.start;
        for _ in 0..2 {
            if start >= limit {
                return None;
            }
            let part = &text[start..limit];
            let lead = part.len()
                - part
                    .trim_start_matches(|c: char| !c.is_alphanumeric())
                    .len();
            let at = start + lead;
            let first = first_word(&text[at..limit]).unwrap_or("");
            if let Some(subject) = self.pronoun_subject(at, first.trim_end_matches(',')) {
                return Some(subject);
            }
            let i = self.a.mentions.partition_point(|m| m.phrase.start < at);
            if let Some(m) = self.a.mentions.get(i)
                && m.span.end <= limit
                && m.kind != MentionKind::Place
                && words_up_to(&text[at..m.phrase.start], 3) <= 2
                && !text[at..m.phrase.start].contains(',')
            {
                let after = text[m.span.end..limit].trim_start_fast();
                // "Trump’s plan": a possessive is no subject.
                if !after.starts_with(['’', '\'']) {
                    // "Republican presidential nominee Donald Trump issued":
                    // a name that only modifies the role of the next one.
                    let (i, m) = match self.a.mentions.get(i + 1) {
                        Some(next)
                            if next.span.end <= limit
                                && next.kind == MentionKind::Person
                                && text[m.span.end..next.phrase.start].split_whitespace().all(
                                    |w| is_role_word(w) || self.rules.is_person_nominal(w),
                                ) =>
                        {
                            (i + 1, next)
                        }
                        _ => (i, m),
                    };
                    return Some(Subject {
                        phrase: Span::new(at, m.span.end),
                        head: Head::Name(i),
                    });
                }
            }
            // An introductory phrase: try again after its comma.
            let comma = text[at..limit].find(',')?;
            if words_up_to(&text[at..at + comma], 7) > 6 {
                return None;
            }
            start = at + comma + 1;
        }
        None
    }

    /// Extends a subject left over titles, roles and determiners.
    fn extend_left(&self, head: Head, head_span: Span, floor: usize) -> usize {
        let text = self.a.text;
        let mut start = match head {
            Head::Name(i) => self.a.mentions[i].phrase.start,
            _ => head_span.start,
        }
        .max(floor);
        for _ in 0..6 {
            let before = text[floor..start].trim_end_fast();
            if before.len() == text[floor..start].len() && !before.is_empty() {
                break; // no space: glued to something
            }
            let ws = word_start(before);
            let word = &before[ws..];
            if word.is_empty() {
                break;
            }
            // On the stack: a capitalized word's lower-case String was a malloc.
            let (det, role) = with_lower(word, |lw| {
                let det = matches!(
                    lw,
                    "the"
                        | "a"
                        | "an"
                        | "its"
                        | "his"
                        | "her"
                        | "their"
                        | "our"
                        | "one"
                        | "two"
                        | "three"
                        | "several"
                        | "many"
                        | "some"
                        | "other"
                        | "senior"
                        | "top"
                );
                let role = is_role_word(lw)
                    || self.rules.is_person_nominal(lw)
                    || self.rules.is_org_nominal(lw);
                (det, role)
            });
            let capital = word.chars().next().is_some_and(char::is_uppercase)
                && !matches!(
                    word,
                    "But"
                        | "And"
                        | "In"
                        | "On"
                        | "At"
                        | "As"
                        | "When"
                        | "After"
                        | "The"
                        | "A"
                        | "An"
                        | "So"
                        | "Then"
                        | "While"
                        | "If"
                        | "Yet"
                        | "Still"
                        | "Now"
                        | "Later"
                        | "Meanwhile"
                );
            if det || role || capital || matches!(word, "The" | "A" | "An") {
                start = floor + ws;
                if det || matches!(word, "The" | "A" | "An") {
                    break;
                }
            } else {
                break;
            }
        }
        start
    }

    /// The subject right after `at`: `said Smith`, `according to the group`.
    fn subject_after(&self, at: usize, para: Span) -> Option<Subject> {
        memo(&self.after, (at, para), || {
            self.find_subject_after(at, para)
        })
    }

    /// [`Ctx::subject_after`], searched.
    fn find_subject_after(&self, at: usize, para: Span) -> Option<Subject> {
        let text = self.a.text;
        let rest = &text[at..para.end];
        let lead = rest.len() - rest.trim_start_fast().len();
        let start = at + lead;
        // "said about all the activity", "writing on his Facebook page": no subject.
        let opener = first_word(&text[start..para.end]).unwrap_or("");
        if is_clause_opener(opener)
            || matches!(
                opener,
                "about"
                    | "to"
                    | "on"
                    | "in"
                    | "at"
                    | "for"
                    | "with"
                    | "from"
                    | "of"
                    | "by"
                    | "into"
                    | "over"
                    | "after"
                    | "before"
                    | "during"
                    | "during,"
                    | "via"
            )
        {
            return None;
        }
        // The noun phrase runs to the next punctuation or relative word, at
        // most 10 words; names (with their titles' periods) are taken whole.
        let mentions = self.a.mentions;
        let mut end = start;
        let mut pos = start;
        // The first mention that opens at `pos` or after, found once and
        // read on as `pos` moves right: a search for each word was a
        // third of the search.
        let mut k = mentions.partition_point(|m| m.phrase.start < pos);
        for n in 0..10 {
            let rest = &text[pos..para.end];
            pos += rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
            while mentions.get(k).is_some_and(|m| m.phrase.start < pos) {
                k += 1;
            }
            if let Some(m) = mentions.get(k).filter(|m| m.phrase.start == pos) {
                end = m.span.end;
                pos = end;
                continue;
            }
            let rest = &text[pos..para.end];
            let len = phrase_word_end(rest);
            let word = &rest[..len];
            let bare = word.trim_end_matches('.');
            if bare.is_empty()
                || n > 0
                    && matches!(
                        bare,
                        "who" | "that" | "which" | "when" | "and" | "in" | "on" | "as" | "at"
                    )
            {
                break;
            }
            end = pos + bare.len();
            pos += len;
            if bare.len() != word.len() || len == 0 {
                break;
            }
        }
        let phrase = Span::new(start, end.min(para.end).max(start));
        let trimmed = phrase.as_str(text).trim_end_fast();
        let phrase = Span::new(start, start + trimmed.len());
        if phrase.is_empty() {
            return None;
        }
        // Head: a pronoun first word, else the last name in the phrase, else a nominal.
        let first = first_word(phrase.as_str(text)).unwrap_or("");
        if let Some(subject) = self.pronoun_subject(start, first) {
            return Some(subject);
        }
        let m0 = self
            .a
            .mentions
            .partition_point(|m| m.phrase.start < phrase.start);
        let mut best = None;
        for (k, m) in self.a.mentions.iter().enumerate().skip(m0).take(4) {
            if m.span.end > phrase.end {
                break;
            }
            if m.kind != MentionKind::Place {
                best = Some(k);
                if m.kind == MentionKind::Person {
                    break;
                }
            }
        }
        if let Some(k) = best {
            return Some(Subject {
                phrase,
                head: Head::Name(k),
            });
        }
        self.head_in(phrase, false)
            .map(|head| Subject { phrase, head })
    }

    fn attribution(
        &self,
        subject: Option<Subject>,
        verb: Span,
        confidence: f32,
    ) -> Attribution<'a> {
        // "told reporters" is matched whole, but the object is no part of the
        // verb group as annotators mark it: "told".
        let verb_text = verb.as_str(self.a.text);
        let verb = match told_at(verb_text.as_bytes()) {
            Some(i) => Span::new(verb.start, verb.start + i + 4),
            None => verb,
        };
        let mut att = Attribution {
            verb: Some(verb),
            confidence,
            ..Attribution::default()
        };
        let Some(subject) = subject else {
            att.confidence = confidence.min(0.3);
            return att;
        };
        att.mention = Some(subject.phrase);
        let (speaker, kind, resolved) = self.resolver.resolve(subject.head, subject.phrase);
        if !matches!(subject.head, Head::Name(_)) {
            // "she", "the group": resolved by a guess at the antecedent.
            att.confidence *= 0.85;
        }
        att.speaker_type = kind;
        if !resolved {
            att.confidence *= 0.7;
        }
        if let Some(speaker) = speaker {
            att.organization = match kind {
                SpeakerType::Organization => Some(speaker.clone()),
                _ => self
                    .resolver
                    .affiliation(&speaker, subject.phrase, self.rules),
            };
            att.speaker = Some(speaker);
        } else if kind == SpeakerType::Person {
            att.organization = self.resolver.org_in(subject.phrase);
        }
        att
    }
}

/// Whether `w` (any case) is a determiner, a phrase stop, a clause word,
/// "percent": what `head_in` asks of each word. None of them is an ASCII
/// word longer than seven bytes, and most words asked about are.
fn word_roles(w: &str) -> (bool, bool, bool, bool) {
    if w.len() > 7 && w.is_ascii() {
        return (false, false, false, false);
    }
    with_lower(w, |lw| {
        (
            is_determiner(lw),
            is_phrase_stop(lw),
            is_clause_word(lw),
            lw == "percent",
        )
    })
}

/// Determiners that open a noun phrase (`head_in`).
fn is_determiner(lw: &str) -> bool {
    matches!(
        lw,
        "the"
            | "a"
            | "an"
            | "another"
            | "one"
            | "some"
            | "many"
            | "most"
            | "several"
            | "other"
            | "these"
            | "those"
            | "this"
            | "that"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "both"
            | "all"
            | "two"
            | "three"
            | "few"
    )
}

/// "adding", "noting,": a participle, the comma after it aside.
fn is_participle(word: &str) -> bool {
    word.trim_end_matches(',').ends_with("ing")
}

/// A phrase that opens with a count, after a word or two that bound it:
/// "Nearly nine out of 10", "About 4 in 10", "520 superdelegates", "At
/// least half of voters in each state"; letters and numbers only, at most
/// nine words, no verb of a clause among them.
fn is_counted_phrase(s: &str) -> bool {
    let mut words = s.split_whitespace().peekable();
    let mut bounds = 0;
    while let Some(w) = words.peek() {
        if bounds < 2
            && with_lower(w, |lw| {
                matches!(
                    lw,
                    "about"
                        | "nearly"
                        | "almost"
                        | "roughly"
                        | "some"
                        | "at"
                        | "least"
                        | "more"
                        | "than"
                        | "fewer"
                        | "less"
                        | "over"
                        | "only"
                        | "just"
                        | "fully"
                        | "around"
                )
            })
        {
            bounds += 1;
            words.next();
        } else {
            break;
        }
    }
    let Some(count) = words.next() else {
        return false;
    };
    let numeral = count.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && count
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b'%'));
    let number_word = || {
        with_lower(count, |lw| {
            matches!(
                lw,
                "two"
                    | "three"
                    | "four"
                    | "five"
                    | "six"
                    | "seven"
                    | "eight"
                    | "nine"
                    | "ten"
                    | "dozens"
                    | "hundreds"
                    | "thousands"
                    | "half"
                    | "majority"
                    | "third"
                    | "quarter"
            )
        })
    };
    if !(numeral || number_word()) {
        return false;
    }
    let mut n = 0;
    for w in words {
        n += 1;
        if n > 7
            || !w
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'%' | b'-'))
            || with_lower(w, |lw| {
                is_clause_word(lw) && !matches!(lw, "in" | "of") || is_phrase_stop(lw)
            })
        {
            return false;
        }
    }
    true
}

/// Determiners that stand alone for people: "Several said", "Many say".
fn is_pronoun_determiner(lw: &str) -> bool {
    matches!(
        lw,
        "several" | "many" | "some" | "most" | "both" | "others" | "few"
    )
}

/// A word before the noun of a bare noun phrase: "Social", "Iowa",
/// "biofuels", "pro-Trump", "U.S.", "Trump's"; letters, with a hyphen, a
/// period or a possessive, and no pronoun ("he always says").
fn is_modifier_word(w: &str) -> bool {
    w.bytes().any(|b| b.is_ascii_alphabetic())
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
        && !with_lower(w, |lw| {
            matches!(
                lw,
                "he" | "she"
                    | "it"
                    | "they"
                    | "we"
                    | "i"
                    | "you"
                    | "him"
                    | "her"
                    | "them"
                    | "us"
                    | "there"
                    | "here"
                    | "then"
                    | "now"
                    | "also"
                    | "who"
                    | "what"
                    | "when"
                    | "where"
                    | "why"
                    | "how"
                    | "if"
                    | "as"
                    | "so"
                    | "than"
            )
        })
}

/// The noun that ends a bare noun phrase: a plural in lower case
/// ("conservatives", "officials"), not an adverb or a verb that ends in s.
fn is_bare_plural(noun: &str) -> bool {
    noun.len() >= 4
        && noun.bytes().all(|b| b.is_ascii_lowercase())
        && noun.ends_with('s')
        && !noun.ends_with("ss")
        && !noun.ends_with("us")
        && !noun.ends_with("is")
        && !matches!(
            noun,
            "always"
                | "sometimes"
                | "perhaps"
                | "afterwards"
                | "nevertheless"
                | "nonetheless"
                | "besides"
                | "regardless"
                | "towards"
                | "whereas"
                | "unless"
                | "does"
                | "goes"
                | "news"
                | "yours"
                | "ours"
                | "theirs"
                | "hers"
                | "thus"
                | "this"
                | "years"
                | "days"
                | "weeks"
                | "months"
                | "times"
        )
}

/// Words that end a noun phrase read backwards (`head_in`).
fn is_phrase_stop(lw: &str) -> bool {
    matches!(
        lw,
        "who"
            | "which"
            | "and"
            | "but"
            | "or"
            | "to"
            | "was"
            | "is"
            | "were"
            | "are"
            | "has"
            | "have"
            | "had"
    )
}

/// Words that make a stretch a clause, not a noun phrase (`head_in`).
fn is_clause_word(lw: &str) -> bool {
    matches!(
        lw,
        "would"
            | "will"
            | "could"
            | "should"
            | "can"
            | "may"
            | "might"
            | "must"
            | "is"
            | "was"
            | "are"
            | "were"
            | "has"
            | "have"
            | "had"
            | "did"
            | "does"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "with"
            | "from"
            | "by"
            | "not"
    )
}

/// `used.insert(i)`: `i` may be `usize::MAX` (a dash or an unlisted verb, no cue).
fn mark(used: &mut [bool], i: usize) {
    if let Some(u) = used.get_mut(i) {
        *u = true;
    }
}

fn head_span(head: Head, mentions: &[Mention]) -> Span {
    match head {
        Head::Name(i) => mentions[i].span,
        Head::Pronoun(s, _) | Head::OrgNominal(s) | Head::PersonNominal(s) | Head::Relative(s) => s,
    }
}

fn is_day(w: &str) -> bool {
    matches!(
        w,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// What a lower-case word after a cue says of the clause it may open
/// ([`Ctx::complement_start`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ComplementWord {
    /// "that": the clause follows it.
    That,
    /// A day, "yesterday", "today", "tonight": an adverbial passed over.
    Day,
    /// The object of a telling verb: "him", "reporters".
    Object,
    /// "the", "a", "an": an object of two words.
    Article,
    /// "of", "to", "about" ...: a complement that is no clause.
    NoClause,
    /// Any other word: the clause starts at it.
    Other,
}

/// The [`ComplementWord`] of a lower-case `lw`. "that" is read first, then
/// days, then the objects, then the words of no clause, as the rules ask.
fn complement_word(lw: &str) -> ComplementWord {
    if lw == "that" {
        return ComplementWord::That;
    }
    if is_day(lw) || lw == "yesterday" || lw == "today" || lw == "tonight" {
        return ComplementWord::Day;
    }
    match lw {
        "the" | "a" | "an" => ComplementWord::Article,
        "him" | "her" | "them" | "us" | "me" | "reporters" | "supporters" | "voters" => {
            ComplementWord::Object
        }
        "of" | "to" | "about" | "for" | "in" | "on" | "at" | "with" | "by" | "so" | "nothing"
        | "yes" | "no" | "as" | "from" | "more" | "something" | "anything" | "goodbye"
        | "hello" | "thanks" | "sorry" | "up" | "out" | "down" | "over" | "into" | "against" => {
            ComplementWord::NoClause
        }
        _ => ComplementWord::Other,
    }
}

/// Speakers whose affiliation an article's list has room for at once.
const SPEAKERS_AN_ARTICLE: usize = 7;

/// Speakers whose affiliations are kept in a list, not a map.
const SPEAKERS_SCANNED: usize = 16;

/// Per-article knowledge about names: fullest forms, genders, affiliations.
pub struct Resolver<'a> {
    text: &'a str,
    mentions: &'a [Mention],
    /// Canonical name of each mention, by index.
    canonical: Vec<&'a str>,
    /// Gender by canonical name, built on the first pronoun resolved: the
    /// gendered mentions' [`NameChains`] (no hashing of each name), or for
    /// an article of many mentions a map.
    genders: OnceCell<NameChains>,
    genders_by_name: OnceCell<WordMap<&'a str, Gender>>,
    /// Organization by canonical person name, filled as speakers are asked for.
    /// Keyed by the speaker as resolved, nearly always a slice of the text:
    /// no `String` per speaker. The first [`SPEAKERS_SCANNED`] in a list
    /// scanned by length first: an article's few speakers are found in it
    /// for less than a hash of the name.
    affiliations: RefCell<Vec<(Cow<'a, str>, Option<&'a str>)>>,
    /// The speakers after those, by name: many speakers cannot make the
    /// scans quadratic.
    affiliations_by_name: RefCell<WordMap<Cow<'a, str>, Option<&'a str>>>,
    /// Person mentions by canonical name, built on the first affiliation asked for.
    persons_by_name: OnceCell<WordMap<&'a str, Vec<usize>>>,
    /// Fullest person name by lower-case last word, built on the first
    /// transcript label.
    persons_by_last: OnceCell<WordMap<String, &'a str>>,
    /// Whether each mention lies inside a quotation (no antecedent there).
    quoted: Vec<bool>,
    /// The person mentions in text order, with the [`name_key`] of their
    /// canonical name, built on the first affiliation asked for: the scan
    /// for a speaker's mentions compares one number per person (rarely
    /// equal but for the speaker's), with no unpredictable branch on each
    /// mention's kind.
    persons: OnceCell<NameChains>,
    /// Lists for the chains, kept from article to article.
    chains: RefCell<Vec<Vec<(u64, u32, u32)>>>,
}

/// Some mentions of an article by the [`key_bucket`] of their canonical
/// name's [`name_key`]: the chain of a bucket (`heads`, then each entry's
/// link) in text order. Scanning every person for each new speaker was a
/// sixth of the affiliation search. For an article of at most
/// [`MENTIONS_TO_INDEX`] mentions: many names of one key would make the
/// chains long.
struct NameChains {
    heads: [u32; KEY_BUCKETS],
    /// `(key, mention, next in the chain)`.
    chained: Vec<(u64, u32, u32)>,
}

impl NameChains {
    /// The mentions `keep` picks, by their names in `canonical`.
    #[cfg(test)]
    fn new(
        canonical: &[&str],
        mentions: &[Mention],
        keep: impl Fn(&Mention) -> bool,
    ) -> NameChains {
        NameChains::new_in(canonical, mentions, keep, Vec::new())
    }

    /// [`NameChains::new`], in the list `chained` (emptied first).
    fn new_in(
        canonical: &[&str],
        mentions: &[Mention],
        keep: impl Fn(&Mention) -> bool,
        mut chained: Vec<(u64, u32, u32)>,
    ) -> NameChains {
        let mut heads = [NO_LINK; KEY_BUCKETS];
        chained.clear();
        chained.reserve(canonical.len());
        // From the last mention back, so that each chain runs in text order.
        // Each mention read beside its name, not through an index.
        for (i, (name, m)) in canonical.iter().zip(mentions).enumerate().rev() {
            if keep(m) {
                let key = name_key(name);
                let b = key_bucket(key);
                chained.push((key, i as u32, heads[b]));
                heads[b] = (chained.len() - 1) as u32;
            }
        }
        NameChains { heads, chained }
    }

    /// The mentions named `name`, in text order.
    fn named<'s>(
        &'s self,
        canonical: &'s [&str],
        name: &'s str,
    ) -> impl Iterator<Item = usize> + 's {
        let key = name_key(name);
        let mut at = self.heads[key_bucket(key)];
        std::iter::from_fn(move || {
            while let Some(&(k, i, next)) = self.chained.get(at as usize) {
                at = next;
                let i = i as usize;
                if k == key && canonical[i] == name {
                    return Some(i);
                }
            }
            None
        })
    }
}

impl<'a> Resolver<'a> {
    #[cfg(test)]
    fn new(a: &Article<'a>, spans: &[QuoteSpan]) -> Resolver<'a> {
        Resolver::new_in(a, spans, &mut Lists::default())
    }

    /// [`Resolver::new`], in lists taken from `lists`: [`Resolver::into_lists`]
    /// gives them back.
    fn new_in(a: &Article<'a>, spans: &[QuoteSpan], lists: &mut Lists) -> Resolver<'a> {
        let text = a.text;
        let mentions = a.mentions;
        // Fullest forms: a one-word person mention ("Struthers", "Mr. Trump")
        // takes the latest multi-word name ending in it, else the first later one.
        // The multi-word names by last word: a map to a group, and the
        // groups' names laid out in one Vec by a counting sort (in text
        // order within a group), rather than a map of Vecs: a Vec per name
        // and the map's regrowth were a tenth of attribution.
        // Every mention names itself but the one-word persons found below:
        // one pass asks each person's name for a space, and the second
        // visits those persons alone.
        let mut canonical: Vec<&'a str> = relend(std::mem::take(&mut lists.canonical));
        canonical.extend(mentions.iter().map(|m| m.span.as_str(text)));
        // Sized for the worst case: grown a push at a time, the two were a
        // tenth of building the resolver.
        let mut one_word = std::mem::take(&mut lists.one_word);
        one_word.clear();
        one_word.reserve(mentions.len());
        let mut multi: Vec<(usize, &str)> = relend(std::mem::take(&mut lists.multi));
        multi.reserve(mentions.len());
        for (i, m) in mentions.iter().enumerate() {
            if m.kind != MentionKind::Person {
                continue;
            }
            let name = canonical[i];
            if has_space(name) {
                multi.push((m.span.start, name));
            } else {
                one_word.push(i);
            }
        }
        if !one_word.is_empty() && !multi.is_empty() {
            let start = |k: usize| mentions[k].span.start;
            if multi.len() <= FEW_FULL_NAMES {
                fullest_by_scan(&mut canonical, &one_word, start, &multi);
            } else {
                fullest_by_groups(&mut canonical, &one_word, start, &multi);
            }
        }
        lists.one_word = one_word;
        lists.multi = relend(multi);
        let mut quoted = std::mem::take(&mut lists.quoted);
        quoted.clear();
        quoted.resize(mentions.len(), false);
        // The quotations come in text order: the first mention at or after
        // each is found on from the last one's, not by a search of them all.
        let mut i = 0;
        let mut last_start = 0;
        for q in spans {
            if q.content.start < last_start {
                i = 0;
            }
            last_start = q.content.start;
            while mentions
                .get(i)
                .is_some_and(|m| m.span.start < q.content.start)
            {
                i += 1;
            }
            for (k, m) in mentions.iter().enumerate().skip(i) {
                if m.span.start >= q.content.end {
                    break;
                }
                quoted[k] = true;
            }
        }
        Resolver {
            text,
            mentions,
            canonical,
            genders: OnceCell::new(),
            genders_by_name: OnceCell::new(),
            affiliations: RefCell::new(relend(std::mem::take(&mut lists.affiliations))),
            affiliations_by_name: RefCell::default(),
            persons_by_name: OnceCell::new(),
            persons_by_last: OnceCell::new(),
            quoted,
            persons: OnceCell::new(),
            chains: RefCell::new(std::mem::take(&mut lists.chains)),
        }
    }

    /// The lists of [`Resolver::new_in`], given back to `lists`.
    fn into_lists(self, lists: &mut Lists) {
        lists.canonical = relend(self.canonical);
        lists.quoted = self.quoted;
        lists.affiliations = relend(self.affiliations.into_inner());
        let mut chains = self.chains.into_inner();
        chains.extend(
            [self.persons.into_inner(), self.genders.into_inner()]
                .into_iter()
                .flatten()
                .map(|c| c.chained),
        );
        lists.chains = chains;
    }

    /// `X, a spokeswoman for Y` / `Y spokesman X` / `Y's X` / `X of Y` /
    /// `X, director of Y` / `X, the London-based ... group director`.
    ///
    /// The first mention of `name` (a canonical name) in text order that
    /// shows one decides. Asked only for the names that speak: looking at
    /// every person mention up front was a quarter of attribution's time.
    fn find_affiliation(&self, rules: &Rules, name: &str) -> Option<&'a str> {
        let ms = self.mentions;
        // A scan of the mentions is cheaper than any index for the few
        // speakers of an article; an article with thousands of names gets
        // an index, so that many speakers cannot make the scans quadratic.
        if ms.len() > MENTIONS_TO_INDEX {
            let by_name = self.persons_by_name.get_or_init(|| {
                let mut by_name: WordMap<&'a str, Vec<usize>> = WordMap::default();
                for (i, m) in ms.iter().enumerate() {
                    if m.kind == MentionKind::Person {
                        by_name.entry(self.canonical[i]).or_default().push(i);
                    }
                }
                by_name
            });
            let indexed = by_name.get(name).map_or(&[][..], Vec::as_slice);
            return indexed
                .iter()
                .find_map(|&i| self.shown_affiliation(rules, i));
        }
        let persons = self.persons.get_or_init(|| {
            let chained = self.chains.borrow_mut().pop().unwrap_or_default();
            NameChains::new_in(
                &self.canonical,
                ms,
                |m| m.kind == MentionKind::Person,
                chained,
            )
        });
        persons
            .named(&self.canonical, name)
            .find_map(|i| self.shown_affiliation(rules, i))
    }

    /// The organization mention `i` (a person) shows next to it, if any.
    fn shown_affiliation(&self, rules: &Rules, i: usize) -> Option<&'a str> {
        let text = self.text;
        let ms = self.mentions;
        let m = &ms[i];
        let mut org: Option<&'a str> = None;
        // Before: "Amnesty International director Marie Struthers", "Amnesty's Struthers".
        if let Some(p) = i.checked_sub(1).map(|k| (k, &ms[k]))
            && p.1.kind == MentionKind::Organization
            && m.phrase.start >= p.1.span.end
            && m.phrase.start - p.1.span.end <= 40
        {
            let between = &text[p.1.span.end..m.phrase.start];
            let ok = between.split_whitespace().all(|w| {
                w.chars().all(|c| c.is_lowercase() || c == '-' || c == '.')
                    || w == "’s"
                    || w == "'s"
            });
            if ok && !between.contains([',', '.', ';']) || between.trim_fast().is_empty() {
                org = Some(self.canonical[p.0]);
            }
            if between.starts_with("’s") || between.starts_with("'s") {
                org = Some(self.canonical[p.0]);
            }
        }
        // After: ", the director of Y," or " of Y".
        if org.is_none() {
            let rest_end = (m.span.end + 160).min(text.len());
            let mut rest_end = rest_end;
            while !text.is_char_boundary(rest_end) {
                rest_end -= 1;
            }
            let rest = &text[m.span.end..rest_end];
            let appositive = if let Some(r) = rest.strip_prefix(", ") {
                let end = appositive_end(r);
                Some(Span::new(m.span.end + 2, m.span.end + 2 + end))
            } else if let Some(r) = rest.strip_prefix(" of ") {
                let end = r
                    .bytes()
                    .position(|b| matches!(b, b',' | b'.' | b';'))
                    .unwrap_or(r.len())
                    .min(60);
                let mut e = m.span.end + 4 + end;
                while !text.is_char_boundary(e) {
                    e -= 1;
                }
                Some(Span::new(m.span.end + 4, e))
            } else {
                None
            };
            if let Some(app) = appositive {
                let k = ms.partition_point(|x| x.span.start < app.start);
                let inside = ms[k..]
                    .iter()
                    .enumerate()
                    .take_while(|(_, x)| x.span.end <= app.end);
                for (d, x) in inside {
                    if x.kind == MentionKind::Organization {
                        org = Some(self.canonical[k + d]);
                        break;
                    }
                }
                if org.is_none() {
                    // "the London-based human rights group director": a nominal.
                    // The cheap test first: most appositives after a name
                    // are no role ("Smith, 54,"), and the word scan was a
                    // tenth of attribution's time.
                    let app = app.as_str(text);
                    let opens_role = app.starts_with(|c: char| c.is_lowercase());
                    let is_nominal = |w: &str| {
                        let w = trim_non_alphanumeric(w);
                        let w = strip_possessives(w);
                        // An ASCII word keeps its length and its letters'
                        // places lower-cased: one no nominal matches in
                        // them needs no copy.
                        (!w.is_ascii() || rules.may_be_org_nominal(w))
                            && with_lower(w, |w| rules.is_org_nominal(w) && w != "campaign")
                    };
                    // Most appositives are ASCII: their words split on
                    // bytes, where `split_whitespace` decoded every char.
                    let nominal = opens_role
                        && if app.is_ascii() {
                            ascii_words(app).any(is_nominal)
                        } else {
                            app.split_whitespace().any(is_nominal)
                        };
                    if nominal {
                        org = self
                            .org_before(m.span.start, None)
                            .map(|k| self.canonical[k]);
                    }
                }
            }
        }
        org
    }

    /// Speaker name, type, and whether it was resolved to a name.
    fn resolve(&self, head: Head, phrase: Span) -> (Option<Cow<'a, str>>, SpeakerType, bool) {
        let text = self.text;
        match head {
            Head::Name(i) => {
                let m = &self.mentions[i];
                let kind = match m.kind {
                    MentionKind::Person => SpeakerType::Person,
                    _ => SpeakerType::Organization,
                };
                (Some(normalize_space(self.canonical[i])), kind, true)
            }
            Head::Pronoun(s, r) => match r {
                Refers::Male | Refers::Female | Refers::Person => {
                    let want = match r {
                        Refers::Male => Gender::Male,
                        Refers::Female => Gender::Female,
                        _ => Gender::Unknown,
                    };
                    match self.person_before(s.start, want) {
                        Some(k) => (
                            Some(normalize_space(self.canonical[k])),
                            SpeakerType::Person,
                            true,
                        ),
                        None => (None, SpeakerType::Person, false),
                    }
                }
                Refers::Organization | Refers::Plural => match self.org_before(s.start, None) {
                    Some(k) => (
                        Some(normalize_space(self.canonical[k])),
                        SpeakerType::Organization,
                        true,
                    ),
                    None => (None, SpeakerType::Unknown, false),
                },
            },
            Head::OrgNominal(s) => {
                let noun = s.as_str(text).trim_end_matches([',', '.']).to_lowercase();
                match self.org_before(phrase.start, Some(&noun)) {
                    Some(k) => (
                        Some(normalize_space(self.canonical[k])),
                        SpeakerType::Organization,
                        true,
                    ),
                    None => (None, SpeakerType::Organization, false),
                }
            }
            Head::PersonNominal(_) => (None, SpeakerType::Person, false),
            Head::Relative(s) => {
                // "Smith, who said": the name just before the relative pronoun.
                let i = self.mentions.partition_point(|m| m.span.end <= s.start);
                let m = i.checked_sub(1).map(|k| (k, &self.mentions[k]));
                match m {
                    Some((k, m)) if s.start - m.span.end <= 80 && m.kind != MentionKind::Place => {
                        let kind = if m.kind == MentionKind::Person {
                            SpeakerType::Person
                        } else {
                            SpeakerType::Organization
                        };
                        (Some(normalize_space(self.canonical[k])), kind, true)
                    }
                    _ => (None, SpeakerType::Unknown, false),
                }
            }
        }
    }

    /// The person a transcript label names ("WALLACE", "MR. TRUMP"): the
    /// fullest person name of the article whose last word it ends with,
    /// ignoring case; else the label itself in title case ("Wallace").
    fn person_named(&self, label: &str) -> Cow<'a, str> {
        let last = last_word(label.trim_end_matches('.'));
        let by_last = self.persons_by_last.get_or_init(|| {
            let mut by_last: WordMap<String, &'a str> = WordMap::default();
            for (m, c) in self.mentions.iter().zip(&self.canonical) {
                if m.kind != MentionKind::Person {
                    continue;
                }
                let key = last_word(c).to_lowercase();
                let longer = by_last.get(&key).is_none_or(|old| old.len() < c.len());
                if longer {
                    by_last.insert(key, c);
                }
            }
            by_last
        });
        match by_last.get(&last.to_lowercase()) {
            Some(&name) => normalize_space(name),
            None => label
                .split_whitespace()
                .map(|w| {
                    let mut cs = w.chars();
                    cs.next().map_or(String::new(), |f| {
                        f.to_string() + &cs.as_str().to_lowercase()
                    })
                })
                .collect::<Vec<_>>()
                .join(" ")
                .into(),
        }
    }

    /// The gender of canonical name `name`: the first mention's that has one.
    fn gender_of(&self, name: &str) -> Gender {
        let ms = self.mentions;
        if ms.len() <= MENTIONS_TO_INDEX {
            let genders = self.genders.get_or_init(|| {
                let chained = self.chains.borrow_mut().pop().unwrap_or_default();
                NameChains::new_in(
                    &self.canonical,
                    ms,
                    |m| m.gender != Gender::Unknown,
                    chained,
                )
            });
            return genders
                .named(&self.canonical, name)
                .next()
                .map_or(Gender::Unknown, |i| ms[i].gender);
        }
        let genders = self.genders_by_name.get_or_init(|| {
            // Room for every gendered mention at once: grown an insert at a
            // time, the map was rehashed a few times an article.
            let gendered = ms.iter().filter(|m| m.gender != Gender::Unknown).count();
            let mut genders: WordMap<&'a str, Gender> = WordMap::default();
            genders.reserve(gendered);
            for (m, c) in ms.iter().zip(&self.canonical) {
                if m.gender != Gender::Unknown {
                    genders.entry(*c).or_insert(m.gender);
                }
            }
            genders
        });
        genders.get(name).copied().unwrap_or(Gender::Unknown)
    }

    /// The nearest person before `at` compatible with `want`: an exact gender
    /// match wins over an unknown one that is no more than a little nearer.
    fn person_before(&self, at: usize, want: Gender) -> Option<usize> {
        let i = self.mentions.partition_point(|m| m.span.end <= at);
        let mut unknown: Option<usize> = None;
        for k in (0..i).rev().take(ANTECEDENT_WINDOW) {
            let m = &self.mentions[k];
            if at - m.span.end > ANTECEDENT_BYTES {
                break;
            }
            if m.kind != MentionKind::Person || self.quoted[k] {
                continue;
            }
            // Any person will do: no gender asked (nor built).
            if want == Gender::Unknown {
                return Some(k);
            }
            let g = self.gender_of(self.canonical[k]);
            if g == want {
                return Some(k);
            }
            if g == Gender::Unknown && unknown.is_none() {
                unknown = Some(k);
            }
        }
        unknown
    }

    /// The nearest organization before `at`; with a noun ("ministry"), one whose
    /// name holds it is preferred.
    fn org_before(&self, at: usize, noun: Option<&str>) -> Option<usize> {
        let i = self.mentions.partition_point(|m| m.span.end <= at);
        let mut any = None;
        for k in (0..i).rev().take(ANTECEDENT_WINDOW) {
            let m = &self.mentions[k];
            if at - m.span.end > ANTECEDENT_BYTES * 2 {
                break;
            }
            if m.kind != MentionKind::Organization || self.quoted[k] {
                continue;
            }
            let Some(noun) = noun else { return Some(k) };
            if lowered_contains(m.span.as_str(self.text), noun) {
                return Some(k);
            }
            any.get_or_insert(k);
        }
        any
    }

    /// The organization a person speaks for, once known anywhere in the article.
    fn affiliation(
        &self,
        speaker: &Cow<'a, str>,
        phrase: Span,
        rules: &Rules,
    ) -> Option<Cow<'a, str>> {
        let org = {
            let mut few = self.affiliations.borrow_mut();
            if let Some(&(_, org)) = few.iter().find(|(k, _)| **k == **speaker) {
                org
            } else if few.len() < SPEAKERS_SCANNED {
                // Room for an article's usual few speakers at the first.
                if few.capacity() == 0 {
                    few.reserve(SPEAKERS_AN_ARTICLE);
                }
                let org = self.find_affiliation(rules, speaker);
                few.push((speaker.clone(), org));
                org
            } else {
                // One hash of the name for a new speaker, not one to look
                // and one to insert (the key is nearly always a borrowed slice).
                *self
                    .affiliations_by_name
                    .borrow_mut()
                    .entry(speaker.clone())
                    .or_insert_with(|| self.find_affiliation(rules, speaker))
            }
        };
        org.map(normalize_space).or_else(|| self.org_in(phrase))
    }

    /// An organization named inside the speaker's phrase ("a spokesman for the ministry").
    fn org_in(&self, phrase: Span) -> Option<Cow<'a, str>> {
        let i = self
            .mentions
            .partition_point(|m| m.span.start < phrase.start);
        self.mentions[i..]
            .iter()
            .enumerate()
            .take_while(|(_, m)| m.span.end <= phrase.end)
            .find(|(_, m)| m.kind == MentionKind::Organization)
            .map(|(d, _)| normalize_space(self.canonical[i + d]))
    }
}

/// `name.to_lowercase().contains(noun)`, for a lower-case `noun`: an
/// ASCII name is compared a window at a time, ignoring case, with no
/// lower-cased copy (a malloc for each organization before "the group").
fn lowered_contains(name: &str, noun: &str) -> bool {
    if !name.is_ascii() {
        return name.to_lowercase().contains(noun);
    }
    let w = noun.as_bytes();
    w.is_empty()
        || name
            .as_bytes()
            .windows(w.len())
            .any(|x| x.eq_ignore_ascii_case(w))
}

/// `find("told ").or_else(|| find("Told "))` on `verb`, in one pass of
/// byte windows: a cue is a few bytes, and building a substring searcher
/// for each cost more than the search; two passes, a twentieth of
/// making an attribution.
fn told_at(verb: &[u8]) -> Option<usize> {
    let mut upper = None;
    for (i, w) in verb.windows(5).enumerate() {
        if &w[1..] == b"old " {
            match w[0] {
                b't' => return Some(i),
                b'T' => {
                    upper.get_or_insert(i);
                }
                _ => {}
            }
        }
    }
    upper
}

/// Whether `c` ends a word of the phrase after a cue.
fn ends_phrase_word(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | ';' | ':' | '!' | '?' | '”' | '“' | '‘' | '"' | '(' | ')' | '—'
        )
}

/// `rest.find(ends_phrase_word)`, else `rest.len()`: ASCII bytes are
/// tested as bytes, and only a non-ASCII byte decodes its char.
fn phrase_word_end(rest: &str) -> usize {
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            if matches!(
                c,
                b'\t'..=b'\r' | b' ' | b',' | b';' | b':' | b'!' | b'?' | b'"' | b'(' | b')'
            ) {
                return i;
            }
            i += 1;
        } else {
            let Some(ch) = rest[i..].chars().next() else {
                break;
            };
            if ends_phrase_word(ch) {
                return i;
            }
            i += ch.len_utf8();
        }
    }
    b.len()
}

/// `w.trim_matches(|c: char| !c.is_alphanumeric())`, with no char decoded
/// for a word that opens and ends with an ASCII letter or digit (most
/// words of an appositive): those ends are alphanumeric chars themselves.
fn trim_non_alphanumeric(w: &str) -> &str {
    let b = w.as_bytes();
    if b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
    {
        return w;
    }
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

/// "group’s" -> "group": what `trim_end_matches("’s").trim_end_matches("'s")`
/// did, without building a substring searcher per call.
fn strip_possessives(mut w: &str) -> &str {
    while let Some(stem) = w.strip_suffix("’s") {
        w = stem;
    }
    while let Some(stem) = w.strip_suffix("'s") {
        w = stem;
    }
    w
}

/// `w.to_lowercase()`, without the allocation when `w` is lower-case ASCII
/// already (most words): attribution lower-cases a dozen words per cue.
fn lower(w: &str) -> Cow<'_, str> {
    if is_lower_ascii(w) {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// `w.to_ascii_lowercase()`, without the allocation when nothing changes.
#[cfg(test)]
fn lower_ascii(w: &str) -> Cow<'_, str> {
    if w.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(w.to_ascii_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

/// `f(&lower(w))`, with the lower-case copy on the stack for a short ASCII
/// word (for ASCII, `to_lowercase` is `to_ascii_lowercase`): the subject
/// rules lower-case the same capitalized words again and again, and each
/// `lower` of a name was a malloc.
fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    if is_lower_ascii(w) {
        return f(w);
    }
    let mut buf = [0u8; 32];
    if w.len() <= buf.len() && w.is_ascii() {
        let buf = &mut buf[..w.len()];
        buf.copy_from_slice(w.as_bytes());
        buf.make_ascii_lowercase();
        // SAFETY: `w` is ASCII, and so its bytes lower-cased: valid UTF-8.
        // (Validated instead, the copy cost a `from_utf8` call of some 60
        // instructions for each of the few thousand words that take it.)
        f(unsafe { std::str::from_utf8_unchecked(buf) })
    } else {
        f(&lower(w))
    }
}

/// `AUXILIARIES.contains(&lw) || is_day(&lw)` for `lw = lower_ascii(word)`,
/// without the copy: none is longer than ten bytes. The word is read as
/// one number ([`folded_key`]) and looked up in a table of the entries'
/// numbers: copied out and lower-cased, it was a `memcpy` call for every
/// word before a cue and a switch on its length; compared with each
/// number in turn, some thirty compares.
fn is_auxiliary_or_day(word: &str) -> bool {
    folded_key(word.as_bytes()).is_some_and(|key| AUXILIARY_TABLE[auxiliary_slot(key)] == key)
}

/// The words of [`is_auxiliary_or_day`], lower-case.
const AUXILIARIES_AND_DAYS: [&[u8]; 35] = [
    b"has",
    b"have",
    b"had",
    b"also",
    b"later",
    b"previously",
    b"earlier",
    b"would",
    b"will",
    b"then",
    b"again",
    b"once",
    b"repeatedly",
    b"recently",
    b"often",
    b"is",
    b"was",
    b"were",
    b"are",
    b"been",
    b"did",
    b"does",
    b"not",
    b"never",
    b"just",
    b"still",
    b"further",
    b"now",
    b"monday",
    b"tuesday",
    b"wednesday",
    b"thursday",
    b"friday",
    b"saturday",
    b"sunday",
];

/// Slots of [`AUXILIARY_TABLE`].
const AUXILIARY_SLOTS: usize = 64;

/// The slot of a [`folded_key`]: the multiplier was picked so that no two
/// of the words share one (the table's build fails to compile if they do).
const fn auxiliary_slot(key: u128) -> usize {
    let x = (key as u64) ^ ((key >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (x.wrapping_mul(0x8197_277e_26bd_bc69) >> (64 - AUXILIARY_SLOTS.trailing_zeros())) as usize
}

/// The [`folded_key`] of each of [`AUXILIARIES_AND_DAYS`] in its slot, 0
/// (no word's key) in the others.
static AUXILIARY_TABLE: [u128; AUXILIARY_SLOTS] = {
    let mut table = [0; AUXILIARY_SLOTS];
    let mut i = 0;
    while i < AUXILIARIES_AND_DAYS.len() {
        let key = folded_key_const(AUXILIARIES_AND_DAYS[i]);
        let slot = auxiliary_slot(key);
        assert!(table[slot] == 0, "two auxiliaries share a slot");
        table[slot] = key;
        i += 1;
    }
    table
};

/// A word of one to ten bytes as one number: its bytes little-endian,
/// each OR 0x20, and its length in the top byte; `None` for a longer or
/// empty word. Equal for two words exactly when they are equal but for the
/// case of ASCII letters, for a word of ASCII lower-case letters on one
/// side: `b | 0x20` is such a letter only for that letter and its capital
/// (a non-ASCII byte keeps its top bit). The bytes are read in two or
/// three loads, with no loop and no copy.
fn folded_key(b: &[u8]) -> Option<u128> {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let n = b.len();
    if n == 0 || n > 10 {
        return None;
    }
    let quad = |at: usize| {
        let mut w = [0; 4];
        w.copy_from_slice(&b[at..at + 4]);
        u64::from(u32::from_le_bytes(w))
    };
    // The bytes from 8 (or 4) on: the top ones of the last word (or half)
    // read, which ends at the word's end.
    let (lo, hi) = if n >= 8 {
        let hi = if n > 8 {
            le_word(b, n - 8) >> (8 * (16 - n))
        } else {
            0
        };
        (le_word(b, 0), hi)
    } else if n >= 4 {
        (quad(0) | (quad(n - 4) >> (8 * (8 - n))) << 32, 0)
    } else {
        let at = |i: usize| b.get(i).map_or(0, |&c| u64::from(c) << (8 * i));
        (at(0) | at(1) | at(2), 0)
    };
    let fold = |x: u64, bytes: usize| match bytes {
        0 => x,
        _ => x | FOLD >> (8 * (8 - bytes)),
    };
    Some(
        u128::from(fold(lo, n.min(8)))
            | u128::from(fold(hi, n.saturating_sub(8))) << 64
            | (n as u128) << 120,
    )
}

/// [`folded_key`] a byte at a time, for the entries' numbers.
const fn folded_key_const(b: &[u8]) -> u128 {
    let mut key = (b.len() as u128) << 120;
    let mut i = 0;
    while i < b.len() {
        key |= ((b[i] | 0x20) as u128) << (8 * i);
        i += 1;
    }
    key
}

/// `lw.ends_with("ly") && lw.len() > 4 && lw == word` for
/// `lw = lower_ascii(word)`: a lower-case adverb ("repeatedly").
fn is_plain_ly_adverb(word: &str) -> bool {
    word.len() > 4 && word.ends_with("ly") && !word.bytes().any(|b| b.is_ascii_uppercase())
}

/// Where the last phrase of `seg` starts: after its last comma, semicolon,
/// parenthesis or dash (em or en), else 0.
///
/// The same as `rfind([',', '—', '–', ';', '(', ')'])` plus the mark's
/// length, a byte at a time: the char-pattern search decoded every char back
/// to the clause start, for nearly every cue.
///
/// Eight bytes that hold no mark's last byte are passed over at once: the
/// segment before a cue runs back to its clause start, and the byte walk
/// was two percent of attribution.
fn last_phrase_break(seg: &str) -> usize {
    let b = seg.as_bytes();
    let mut i = b.len();
    while i > 0 {
        while i >= 8 && !may_end_break(&b[i - 8..i]) {
            i -= 8;
        }
        let low = i.saturating_sub(8);
        while i > low {
            i -= 1;
            match b[i] {
                b',' | b';' | b'(' | b')' => return i + 1,
                // The last byte of '—' (E2 80 94) or '–' (E2 80 93).
                0x93 | 0x94 if i >= 2 && b[i - 2] == 0xE2 && b[i - 1] == 0x80 => return i + 1,
                _ => {}
            }
        }
    }
    0
}

/// Whether any of eight bytes is one [`last_phrase_break`] stops at:
/// `,` `;` `(` `)` or a dash's last byte, 93 or 94 (maybe not a dash's).
fn may_end_break(eight: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut word = [0u8; 8];
    word.copy_from_slice(eight);
    let x = u64::from_le_bytes(word);
    // Nonzero exactly when some byte of `v` is zero.
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGH_BITS;
    // '(' (28) and ',' (2C) differ in one bit: one test for both.
    let found = zero_in((x & (ONES * 0xFB)) ^ (ONES * 0x28))
        | zero_in(x ^ (ONES * 0x29))
        | zero_in(x ^ (ONES * 0x3B))
        | zero_in(x ^ (ONES * 0x93))
        | zero_in(x ^ (ONES * 0x94));
    found != 0
}

/// Below this many multi-word person names in an article, a one-word
/// mention is compared with each rather than looked up by hash: hashing
/// every name's last word and every one-word mention was most of building
/// the resolver, and an article names a dozen people in full.
const FEW_FULL_NAMES: usize = 32;

/// The fullest form of each one-word person mention `k` of `one_word`
/// (at `start(k)`): the latest multi-word name of `multi` (`(start, name)`, in
/// text order) before it ending in that word, else the first later one.
/// One look at each full name, a number compared first: for few names.
fn fullest_by_scan<'a>(
    canonical: &mut [&'a str],
    one_word: &[usize],
    start: impl Fn(usize) -> usize,
    multi: &[(usize, &'a str)],
) {
    // Each full name's last word, its key, and the next full name (in text
    // order) whose key falls in the same bucket: a one-word mention walks
    // its bucket's chain, nearly always its own surname's names alone,
    // where comparing it with every full name was most of the resolver.
    let mut heads = [NO_LINK; KEY_BUCKETS];
    let mut lasts: Vec<(u64, &str, u32)> = multi
        .iter()
        .map(|&(_, name)| {
            let last = last_word(name);
            (name_key(last), last, NO_LINK)
        })
        .collect();
    for j in (0..lasts.len()).rev() {
        let b = key_bucket(lasts[j].0);
        lasts[j].2 = heads[b];
        heads[b] = j as u32;
    }
    for &k in one_word {
        let at = start(k);
        let word = canonical[k];
        let key = name_key(word);
        let mut full = None;
        let mut j = heads[key_bucket(key)];
        while let Some(&(key_m, last, next)) = lasts.get(j as usize) {
            let (start, name) = multi[j as usize];
            j = next;
            if key_m != key || last != word {
                continue;
            }
            if start < at {
                full = Some(name);
            } else {
                full = full.or(Some(name));
                break;
            }
        }
        if let Some(full) = full {
            canonical[k] = full;
        }
    }
}

/// [`fullest_by_scan`] by a map from last word to a group of full names,
/// for an article with many.
fn fullest_by_groups<'a>(
    canonical: &mut [&'a str],
    one_word: &[usize],
    start: impl Fn(usize) -> usize,
    multi: &[(usize, &'a str)],
) {
    let mut group_of: WordMap<&str, usize> = WordMap::default();
    group_of.reserve(multi.len());
    let groups: Vec<usize> = multi
        .iter()
        .map(|&(_, name)| {
            let next = group_of.len();
            *group_of.entry(last_word(name)).or_insert(next)
        })
        .collect();
    // The multi-word names grouped by last word, in text order within
    // a group; group `g` is `fulls_by_group[bounds[g]..bounds[g + 1]]`.
    let mut bounds = vec![0; group_of.len() + 1];
    for &g in &groups {
        bounds[g + 1] += 1;
    }
    for g in 1..bounds.len() {
        bounds[g] += bounds[g - 1];
    }
    let mut fill = bounds.clone();
    let mut fulls_by_group = vec![(0, ""); multi.len()];
    for (&g, &full) in groups.iter().zip(multi) {
        fulls_by_group[fill[g]] = full;
        fill[g] += 1;
    }
    for &k in one_word {
        let Some(&g) = group_of.get(canonical[k]) else {
            continue;
        };
        let fulls = &fulls_by_group[bounds[g]..bounds[g + 1]];
        let at = start(k);
        let i = fulls.partition_point(|&(start, _)| start < at);
        canonical[k] = i.checked_sub(1).map_or(fulls[0].1, |i| fulls[i].1);
    }
}

/// Buckets of [`name_key`]s in the chains of `fullest_by_scan` and
/// `Resolver::persons`.
const KEY_BUCKETS: usize = 64;

/// The end of a chain of names.
const NO_LINK: u32 = u32::MAX;

/// The bucket of a [`name_key`], its bits mixed: the keys of one article's
/// names differ mostly in their length and letters.
fn key_bucket(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - KEY_BUCKETS.trailing_zeros())) as usize
}

/// A name's length and first and last bytes: equal for equal names, and
/// seldom for two names of one article that differ.
fn name_key(name: &str) -> u64 {
    let b = name.as_bytes();
    let edge = |c: Option<&u8>| u64::from(c.copied().unwrap_or(0));
    (b.len() as u64) << 16 | edge(b.first()) << 8 | edge(b.last())
}

fn last_word(name: &str) -> &str {
    after_last_space(name)
}

/// `s.rsplit([' ', '\u{a0}']).next().unwrap()` on bytes: the char-array
/// pattern decoded every char from the end. A C2 byte always leads a char,
/// so C2 A0 is the no-break space.
fn after_last_space(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = b.len();
    // Eight ASCII bytes at a time from the end: the last space in them
    // is the answer, read off their mask.
    while let Some(x) = i.checked_sub(8).and_then(|from| ascii_eight(b, from)) {
        let spaces = bytes_equal(x, b' ');
        if spaces != 0 {
            return &s[i - 8 + last_marked_byte(spaces) + 1..];
        }
        i -= 8;
    }
    while i > 0 {
        i -= 1;
        if b[i] == b' ' || b[i] == 0xa0 && i > 0 && b[i - 1] == 0xc2 {
            return &s[i + 1..];
        }
    }
    s
}

/// `s.contains([' ', '\u{a0}'])`, the same way.
///
/// Every byte of `s` in one or two eight-byte words (the short ends read
/// as overlapping halves, padded with zeros), with no byte loop: a byte at
/// a time, the test was a quarter of building the resolver. `bytes_equal`
/// flags 0xA0 with the spaces; only a flagged ASCII byte answers at once.
fn has_space(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    let mut flagged = 0;
    let mut test = |x: u64| {
        let m = bytes_equal(x, b' ');
        flagged |= m;
        m & !x != 0
    };
    let spaced = if n >= 8 {
        let mut at = 0;
        loop {
            if test(le_word(b, at.min(n - 8))) {
                break true;
            }
            at += 8;
            if at >= n {
                break false;
            }
        }
    } else {
        // (An empty name reads as 0, which holds no space.)
        test(short_word(b))
    };
    // A flagged byte of 0xA0: a no-break space only after a C2.
    spaced || flagged != 0 && has_space_by_bytes(b)
}

/// The eight bytes of `b` at `at`, little-endian.
#[inline(always)]
fn le_word(b: &[u8], at: usize) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

/// `b` of under eight bytes as one word, with no byte loop: four to seven
/// bytes as two overlapping halves, one to three as the first, middle and
/// last; 0 for none. Every byte is in it, so a byte test on the word is
/// a test on `b`, and equal `b` read alike.
#[inline(always)]
fn short_word(b: &[u8]) -> u64 {
    let n = b.len();
    let half = |at: usize| {
        let mut w = [0; 4];
        w.copy_from_slice(&b[at..at + 4]);
        u64::from(u32::from_le_bytes(w))
    };
    if n >= 4 {
        half(0) | half(n - 4) << 32
    } else if n > 0 {
        u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16
    } else {
        0
    }
}

/// Whether `w` is ASCII with no capital letter: eight bytes at a time,
/// a short word in one load ([`short_word`]). A byte loop was most of
/// lower-casing the words the subject rules ask about, nearly all of
/// which need no copy.
fn is_lower_ascii(w: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // For eight ASCII bytes no sum carries into the next byte: a byte
    // reaches 0x80 past `A` - 1, and past `Z`.
    let fine = |x: u64| {
        x & HIGH_BITS == 0
            && x.wrapping_add(ONES * u64::from(0x80 - b'A'))
                & !x.wrapping_add(ONES * u64::from(0x80 - b'Z' - 1))
                & HIGH_BITS
                == 0
    };
    let b = w.as_bytes();
    let n = b.len();
    if n < 8 {
        return fine(short_word(b));
    }
    let mut at = 0;
    while at + 8 <= n {
        if !fine(le_word(b, at)) {
            return false;
        }
        at += 8;
    }
    // The last bytes, in the eight that end the word.
    at == n || fine(le_word(b, n - 8))
}

/// `has_space`, a byte at a time.
fn has_space_by_bytes(b: &[u8]) -> bool {
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b' ' || c == 0xa0 && i > 0 && b[i - 1] == 0xc2)
}

fn normalize_space(s: &str) -> Cow<'_, str> {
    // Nearly every name is already single-spaced ASCII: copy it as it is.
    if is_single_spaced_ascii(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Bytes a transcript label is made of: capitals, spaces, `.`, `'`, `-`.
fn is_label_byte(b: u8) -> bool {
    b.is_ascii_uppercase() || matches!(b, b' ' | b'.' | b'\'' | b'-')
}

/// Where the colon after a transcript label stands in `head`: the first
/// colon of its first 40 bytes, with only label bytes before it. The first
/// byte that is no label byte must be that colon, so most quotations are
/// settled at their second letter ("We"), with no search for a colon.
fn label_colon(head: &str) -> Option<usize> {
    let colon = head.bytes().take(40).position(|b| !is_label_byte(b))?;
    (head.as_bytes()[colon] == b':').then_some(colon)
}

/// ASCII with single spaces between words and none at the ends: what
/// `normalize_space` leaves as it is. One pass, for every speaker named.
fn is_single_spaced_ascii(s: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let b = s.as_bytes();
    let n = b.len();
    let word = |at: usize| {
        let mut w = [0; 8];
        w.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let half = |at: usize| {
        let mut w = [0; 4];
        w.copy_from_slice(&b[at..at + 4]);
        u64::from(u32::from_le_bytes(w))
    };
    // A space at the end; the zeros padding the last word below are none.
    if b.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = true;
    // Eight bytes in text order, zeros after the last: none a control
    // space, no space after a space.
    let mut clean = |x: u64| {
        if x & HIGH_BITS != 0 {
            return false;
        }
        // Every byte is below 0x80: no sum carries into the next byte.
        let y = x ^ (ONES * b' ' as u64);
        let spaces = !(y & LOW7).wrapping_add(LOW7) & HIGH_BITS;
        let from_tab = x.wrapping_add(ONES * (0x80 - 9));
        let from_so = x.wrapping_add(ONES * (0x80 - 14));
        let control_space = from_tab & !from_so & HIGH_BITS;
        let before = spaces << 8 | if after_space { 0x80 } else { 0 };
        after_space = spaces >> 63 != 0;
        control_space == 0 && spaces & before == 0
    };
    // Eight bytes at a time (a name is a dozen), and the rest as the end
    // of the last eight shifted down, or of two halves: a byte at a time,
    // the rest of a name was most of the test.
    let mut i = 0;
    while i + 8 <= n {
        if !clean(word(i)) {
            return false;
        }
        i += 8;
    }
    let rest = n - i;
    if rest == 0 {
        return true;
    }
    if n >= 8 {
        return clean(word(n - 8) >> (8 * (8 - rest)));
    }
    if n >= 4 {
        return clean(half(0) | half(n - 4) >> (8 * (8 - n)) << 32);
    }
    let mut x = 0;
    for (k, &c) in b.iter().enumerate() {
        x |= u64::from(c) << (8 * k);
    }
    clean(x)
}

/// Byte offset where the last whitespace-separated word of `s` starts.
///
/// `s.rfind(char::is_whitespace)` and the width of that char, on bytes:
/// only a non-ASCII char is decoded to ask it.
fn word_start(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = b.len();
    // Eight ASCII bytes at a time from the end, as `after_last_space`.
    while let Some(x) = i.checked_sub(8).and_then(|from| ascii_eight(b, from)) {
        let spaces = bytes_equal(x, b' ') | control_spaces(x);
        if spaces != 0 {
            return i - 8 + last_marked_byte(spaces) + 1;
        }
        i -= 8;
    }
    while i > 0 {
        let c = b[i - 1];
        if c < 0x80 {
            if is_ascii_space(c) {
                return i;
            }
            i -= 1;
        } else {
            let ch = s[..i].chars().next_back().expect("a char ends at i");
            if ch.is_whitespace() {
                return i;
            }
            i -= ch.len_utf8();
        }
    }
    0
}

/// `s.split_whitespace().next()`, on bytes for a word of ASCII bytes up to
/// an ASCII space or the end (nearly every word asked for): the char
/// search decoded each char of the first word of cues' clauses, subjects
/// and phrases.
fn first_word(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let n = b
        .iter()
        .position(|&c| c >= 0x80 || is_ascii_space(c))
        .unwrap_or(b.len());
    if n > 0 && b.get(n).is_none_or(|&c| c < 0x80) {
        return Some(&s[..n]);
    }
    s.split_whitespace().next()
}

/// `s.split_whitespace()` for an ASCII `s`, on bytes.
fn ascii_words(s: &str) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while b.get(i).copied().is_some_and(is_ascii_space) {
            i += 1;
        }
        let start = i;
        while b.get(i).is_some_and(|&c| !is_ascii_space(c)) {
            i += 1;
        }
        (i > start).then(|| &s[start..i])
    })
}

/// The eight bytes of `b` from `from`, little-endian, if all are ASCII.
fn ascii_eight(b: &[u8], from: usize) -> Option<u64> {
    let mut eight = [0u8; 8];
    eight.copy_from_slice(b.get(from..from + 8)?);
    let x = u64::from_le_bytes(eight);
    (x & HIGH_BITS == 0).then_some(x)
}

/// For eight ASCII bytes, the high bit of each that is `c` (ASCII): no
/// sum below carries into the next byte.
fn bytes_equal(x: u64, c: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let y = x ^ (ONES * u64::from(c));
    !(y & LOW7).wrapping_add(LOW7) & HIGH_BITS
}

/// For eight ASCII bytes, the high bit of each from tab to carriage return.
fn control_spaces(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let from_tab = x.wrapping_add(ONES * (0x80 - 9));
    let from_so = x.wrapping_add(ONES * (0x80 - 14));
    from_tab & !from_so & HIGH_BITS
}

/// The index of the last byte whose high bit is set in `mask` (not zero).
fn last_marked_byte(mask: u64) -> usize {
    (63 - mask.leading_zeros() as usize) / 8
}

/// `char::is_whitespace` for an ASCII byte: tab to carriage return, space.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// `s.ends_with([..])` for a set of ASCII chars `set` says of a byte: a
/// last byte below 0x80 is the last char, and the std pattern decoded it
/// and walked the set.
fn ends_with_ascii(s: &str, set: impl Fn(u8) -> bool) -> bool {
    s.as_bytes().last().is_some_and(|&b| b < 0x80 && set(b))
}

/// `s.trim_end_matches(['.', '!', '?', ' ', '"', '”', '\''])`: the marks
/// and spaces that close a sentence, ASCII ones a byte at a time.
fn trim_sentence_end(s: &str) -> &str {
    let mut s = s;
    loop {
        let t = trim_end_ascii(s, |b| matches!(b, b'.' | b'!' | b'?' | b' ' | b'"' | b'\''));
        match t.strip_suffix('”') {
            Some(r) => s = r,
            None => return t,
        }
    }
}

/// `s.trim_end_matches([..])` for a set of ASCII chars, as
/// [`ends_with_ascii`] reads them.
fn trim_end_ascii(s: &str, set: impl Fn(u8) -> bool) -> &str {
    let b = s.as_bytes();
    let mut n = b.len();
    while n > 0 && b[n - 1] < 0x80 && set(b[n - 1]) {
        n -= 1;
    }
    &s[..n]
}

/// `str::trim_end`, `trim_start` and `trim`, inline for the usual ends,
/// ASCII bytes: the out-of-line calls decoded a char at each end, and
/// attribution trims a couple of hundred thousand slices (2% of extract).
trait TrimFast {
    fn trim_end_fast(&self) -> &str;
    fn trim_start_fast(&self) -> &str;
    fn trim_fast(&self) -> &str;
}

impl TrimFast for str {
    #[inline]
    fn trim_end_fast(&self) -> &str {
        let b = self.as_bytes();
        let mut n = b.len();
        while n > 0 && is_ascii_space(b[n - 1]) {
            n -= 1;
        }
        // Past the ASCII spaces: a non-ASCII byte may end a wide space.
        if n > 0 && b[n - 1] >= 0x80 {
            return self[..n].trim_end();
        }
        &self[..n]
    }

    #[inline]
    fn trim_start_fast(&self) -> &str {
        let b = self.as_bytes();
        let mut n = 0;
        while n < b.len() && is_ascii_space(b[n]) {
            n += 1;
        }
        if n < b.len() && b[n] >= 0x80 {
            return self[n..].trim_start();
        }
        &self[n..]
    }

    #[inline]
    fn trim_fast(&self) -> &str {
        self.trim_end_fast().trim_start_fast()
    }
}

/// Whether `s` holds a sentence end: a period after a word of five letters or
/// more ("Struthers. The"), not an abbreviation ("R-Ky.,", "Gov.").
fn ends_sentence(s: &str) -> bool {
    // The periods followed by a space, as `match_indices(". ")` finds them
    // (no two overlap), without a substring searcher built per call.
    let b = s.as_bytes();
    let mut stops = memchr::memchr_iter(b'.', b).filter(|&i| b.get(i + 1) == Some(&b' '));
    stops.any(|i| {
        let word = &s[word_start(&s[..i])..i];
        let next = s[i + 2..].chars().next();
        word.chars().filter(|c| c.is_alphabetic()).count() >= 5
            && !word.contains('.')
            && next.is_some_and(char::is_uppercase)
    })
}

/// `r.find([',', '.', ';', '(', '“', '"']).unwrap_or(r.len())` by two
/// `memchr3`: E2 always leads a char, so E2 80 9C is '“'. The appositive
/// after a name was read a byte at a time, for every mention of a speaker.
fn appositive_end(r: &str) -> usize {
    let b = r.as_bytes();
    let mark = memchr::memchr3(b',', b'.', b';', b).unwrap_or(b.len());
    let mut from = 0;
    while let Some(i) = memchr::memchr3(b'(', b'"', 0xE2, &b[from..mark]) {
        let i = from + i;
        if b[i] != 0xE2 || b[i..].starts_with("“".as_bytes()) {
            return i;
        }
        from = i + 1;
    }
    mark
}

/// `s.contains(['!', '?', ';', '“', '"'])` on bytes: E2 always leads a
/// char, so E2 80 9C is '“'. The char search decoded every char of the gap
/// between a quotation and each cue after it.
fn has_clause_mark(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        matches!(c, b'!' | b'?' | b';' | b'"') || c == 0xE2 && b[i..].starts_with("“".as_bytes())
    })
}

/// Verbs whose object follows them: "told reporters", "assured voters".
fn is_telling(verb: &str) -> bool {
    let b = verb.as_bytes();
    let opens = |p: &[u8]| {
        b.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    };
    // Most cues ("said", "says") are settled by their first letter, and
    // the others ("added", "argued", "wrote") ask only the stems of theirs:
    // all eight stems for each was half of the test.
    match b.first().map(u8::to_ascii_lowercase) {
        Some(b't') => opens(b"tell") || opens(b"told"),
        Some(b'i') => opens(b"inform"),
        Some(b'a') => opens(b"assur"),
        Some(b'r') => opens(b"remind") || opens(b"reassur"),
        Some(b'w') => opens(b"warn"),
        Some(b'b') => opens(b"brief"),
        _ => false,
    }
}

/// Words that open a clause, never a subject phrase.
fn is_clause_opener(word: &str) -> bool {
    matches!(
        word,
        "that"
            | "because"
            | "if"
            | "when"
            | "while"
            | "as"
            | "since"
            | "although"
            | "though"
            | "but"
            | "and"
            | "so"
            | "whether"
            | "after"
            | "before"
            | "until"
            | "unless"
    )
}

/// The longest reported clause taken as one (bytes).
const MAX_CLAUSE_BYTES: usize = 4096;

/// Average bytes a word may take before a stretch counts as "many words".
const WORD_BYTES: usize = 64;

/// The words of `s`, counted up to `cap`. A stretch longer than `cap` words
/// of [`WORD_BYTES`] counts as `cap` without being read: rules ask "at most
/// four words?", and answering by a scan of a megabyte-long sentence for
/// every cue in it made 10 MB without whitespace quadratic.
fn words_up_to(s: &str, cap: usize) -> usize {
    if s.len() > cap.saturating_mul(WORD_BYTES) {
        return cap;
    }
    count_words(s, cap)
}

/// `words_up_to(s, n + 1) > n`: more than `n` words take `2n + 1` bytes at
/// least, so a shorter stretch (most subject phrases) is not read.
fn more_words_than(s: &str, n: usize) -> bool {
    s.len() > n.saturating_mul(2) && words_up_to(s, n + 1) > n
}

/// `s.split_whitespace().take(cap).count()`, on bytes where ASCII, eight
/// at a time where eight are ASCII: a byte at a time, counting the words
/// before cues and subjects was a twentieth of attribution.
///
/// The last bytes, fewer than eight, are read with the ones before them
/// as the last eight of `s`, the starts of those already read left out:
/// that tail was a byte at a time in every call.
fn count_words(s: &str, cap: usize) -> usize {
    let b = s.as_bytes();
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while i < b.len() && words < cap {
        if let Some(chunk) = b.get(i..i + 8) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(chunk);
            let x = u64::from_le_bytes(eight);
            if x & HIGH_BITS == 0 {
                let (starts, last_in_word) = word_starts(x, in_word);
                words += marked_bytes(starts);
                in_word = last_in_word;
                i += 8;
                continue;
            }
        } else if let Some(from) = b.len().checked_sub(8) {
            // Fewer than eight bytes left, so `from < i`: byte `i - 1`, in
            // the eight, says whether byte `i` starts a word, as `in_word`.
            let mut eight = [0u8; 8];
            eight.copy_from_slice(&b[from..]);
            let x = u64::from_le_bytes(eight);
            if x & HIGH_BITS == 0 {
                let (starts, _) = word_starts(x, true);
                words += marked_bytes(starts & u64::MAX << (8 * (i - from)));
                break;
            }
        }
        let (space, width) = if b[i] < 0x80 {
            (is_ascii_space(b[i]), 1)
        } else {
            let c = s[i..].chars().next().expect("a char starts at i");
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
        i += width;
    }
    // A block of eight may count past `cap`; `take(cap)` stops at it.
    words.min(cap)
}

/// The bytes whose high bit `mask` sets (no other bit set): the bytes'
/// bits summed into the top byte by one multiply, where `count_ones`
/// without a popcount instruction is a dozen.
fn marked_bytes(mask: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    ((mask >> 7).wrapping_mul(ONES) >> 56) as usize
}

/// The high bit of each byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// For eight ASCII bytes `x` (little-endian), the high bit of each byte
/// that starts a word (no space, after a space or, for the first, after
/// `in_word` false), and whether the last byte is inside a word.
fn word_starts(x: u64, in_word: bool) -> (u64, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // Every byte is below 0x80, so no sum below carries into the next byte
    // and each byte's high bit answers for that byte alone.
    let y = x ^ (ONES * b' ' as u64);
    let not_blank = (y & LOW7).wrapping_add(LOW7); // high bit: byte != ' '
    let from_tab = x.wrapping_add(ONES * (0x80 - 9)); // high bit: byte >= 9
    let from_so = x.wrapping_add(ONES * (0x80 - 14)); // high bit: byte >= 14
    let control_space = from_tab & !from_so;
    let word = not_blank & !control_space & HIGH_BITS;
    let before = word << 8 | if in_word { 0x80 } else { 0 };
    (word & !before, word >> 63 != 0)
}

#[cfg(test)]
mod tests {
    use crate::{Extractor, Quote, QuoteKind, SpeakerType};

    fn extract(text: &str) -> Vec<Quote> {
        Extractor::new().extract(text)
    }

    /// The row whose span starts with `start`.
    fn row<'q>(quotes: &'q [Quote], text: &str, start: &str) -> &'q Quote {
        quotes
            .iter()
            .find(|q| q.span.as_str(text).starts_with(start))
            .unwrap_or_else(|| panic!("no row starting {start:?} in {text:?}: {quotes:#?}"))
    }

    fn s<'t>(q: &Quote, text: &'t str) -> (Option<&'t str>, Option<&'t str>) {
        (
            q.speaker_mention.map(|m| m.as_str(text)),
            q.verb.map(|v| v.as_str(text)),
        )
    }

    #[test]
    fn speaker_patterns_around_a_direct_quote() {
        // (text, quote start, speaker, mention, verb)
        let cases = [
            (
                "Jane Okafor runs the shelter. “We are full every night,” Okafor said.",
                "We are full",
                "Jane Okafor",
                "Okafor",
                "said",
            ),
            (
                "“We are full every night,” said Jane Okafor.",
                "We are full",
                "Jane Okafor",
                "Jane Okafor",
                "said",
            ),
            (
                "Jane Okafor said: “We are full every night.”",
                "We are full",
                "Jane Okafor",
                "Jane Okafor",
                "said",
            ),
            (
                "Jane Okafor said, “We are full every night.”",
                "We are full",
                "Jane Okafor",
                "Jane Okafor",
                "said",
            ),
            (
                "“We are full every night,” Jane Okafor told Reuters.",
                "We are full",
                "Jane Okafor",
                "Jane Okafor",
                "told",
            ),
            (
                "“We are full every night,” Jane Okafor, the director of the Harbor Relief Foundation, said.",
                "We are full",
                "Jane Okafor",
                "Jane Okafor, the director of the Harbor Relief Foundation,",
                "said",
            ),
            (
                "“We are full every night,” said Jane Okafor, who has run the shelter since 2009.",
                "We are full",
                "Jane Okafor",
                "Jane Okafor",
                "said",
            ),
            (
                "“We are full every night,” Jane Okafor has said.",
                "We are full",
                "Jane Okafor",
                "Jane Okafor",
                "has said",
            ),
            (
                "“We are full every night,” Jane Okafor said in a statement.",
                "We are full",
                "Jane Okafor",
                "Jane Okafor",
                "said in a statement",
            ),
            (
                "Assembly leader Rep. Tom Aldana (R-Utah) said “the vote stands.”",
                "the vote stands",
                "Tom Aldana",
                "Assembly leader Rep. Tom Aldana (R-Utah)",
                "said",
            ),
        ];
        for (text, start, speaker, mention, verb) in cases {
            let quotes = extract(text);
            let q = row(&quotes, text, start);
            assert_eq!(q.speaker.as_deref(), Some(speaker), "{text}");
            assert_eq!(q.speaker_type, SpeakerType::Person, "{text}");
            assert_eq!(s(q, text), (Some(mention), Some(verb)), "{text}");
        }
    }

    #[test]
    fn a_paragraph_ending_in_a_colon_introduces_the_quotation_below_it() {
        let text = "Senator Ada Quist spoke last.\n\nQuist continued:\n\n\
                    “You look at the questions and you see why nobody trusts them.”";
        let quotes = extract(text);
        let q = row(&quotes, text, "You look");
        assert_eq!(q.speaker.as_deref(), Some("Ada Quist"));
        assert_eq!(s(q, text), (Some("Quist"), Some("continued")));
    }

    #[test]
    fn a_cue_with_a_subject_beats_one_without() {
        // The quotation ends with a comma, but "adding" after it has no
        // subject: the cue before it, with one, is its cue.
        let text = "Mr. Trask said of the episode, ''I don't like it,'' adding that \
                    ''they have anger that is unbelievable.''";
        let quotes = extract(text);
        let q = row(&quotes, text, "I don't");
        assert_eq!(s(q, text), (Some("Mr. Trask"), Some("said")));
    }

    #[test]
    fn a_cue_without_a_subject_shares_the_speaker_before_it() {
        // PolNeAR: `... “wasn’t good.” Adding, “Now, like with all ...”`.
        let text =
            "Dana Pruitt said the report was bad. Adding, “Now it is always how they handle it.”";
        let quotes = extract(text);
        let q = row(&quotes, text, "Now it is");
        assert_eq!(q.speaker.as_deref(), Some("Dana Pruitt"));
        assert_eq!(s(q, text), (None, Some("Adding")));
    }

    #[test]
    fn transcript_labels_name_the_speaker() {
        let text = "Fox News host Chris Wallace interviewed Gov. Mike Pence. \
                    A partial transcript follows.\n\n\
                    \"WALLACE: Will she be at the debate?\n\n\
                    \"PENCE: She will not be attending the debate tomorrow night.\n\n\
                    \"UPDATE: the debate was moved.\"";
        let quotes = extract(text);
        let q = row(&quotes, text, "Will she");
        assert_eq!(q.speaker.as_deref(), Some("Chris Wallace"));
        assert_eq!(q.organization.as_deref(), Some("Fox News"));
        assert_eq!(s(q, text), (Some("WALLACE"), Some(":")));
        let q = row(&quotes, text, "She will not");
        assert_eq!(q.speaker.as_deref(), Some("Mike Pence"));
        assert_eq!(q.organization, None, "PENCE in capitals is no acronym");
        assert!(
            !quotes
                .iter()
                .any(|q| q.speaker_mention.map(|m| m.as_str(text)) == Some("UPDATE")),
            "UPDATE heads a note, not a speech: {quotes:#?}"
        );
        // Nobody named in the article: the label itself, in title case.
        let text = "\"RAMOS: Secretary Clinton, on the night of the attacks, you wrote.\"";
        let quotes = extract(text);
        assert_eq!(quotes[0].speaker.as_deref(), Some("Ramos"));
        assert_eq!(
            quotes[0].span.as_str(text),
            "Secretary Clinton, on the night of the attacks, you wrote."
        );
    }

    #[test]
    fn a_subject_and_one_verb_after_a_quotation_attribute_it_listed_or_not() {
        // (text, mention, verb): "fumed" and "pressed" are in no lexicon.
        let cases = [
            (
                "“They would have gone to the bill,” Toomey fumed.",
                "Toomey",
                "fumed",
            ),
            (
                "“Would it be negotiable?” Hannity pressed.",
                "Hannity",
                "pressed",
            ),
            ("“I am still Sanders,” it read.", "it", "read"),
        ];
        for (text, mention, verb) in cases {
            let quotes = extract(text);
            assert_eq!(s(&quotes[0], text), (Some(mention), Some(verb)), "{text}");
        }
        // A noun after the quotation is no verb: nothing to attribute.
        let text = "“I am still Sanders,” the sign.";
        assert_eq!(extract(text)[0].verb, None);
    }

    #[test]
    fn of_a_place_after_a_name_is_part_of_the_subject() {
        let text = "''There is no place for racism here,'' former Gov. Jeb Bush of Florida said.";
        let quotes = extract(text);
        assert_eq!(quotes[0].speaker.as_deref(), Some("Jeb Bush"));
        assert_eq!(
            s(&quotes[0], text).0,
            Some("former Gov. Jeb Bush of Florida")
        );
    }

    #[test]
    fn a_participle_cue_takes_its_clause_subject_not_the_object_before_it() {
        // PolNeAR: "Trump issued a statement saying", "His office put out a statement saying".
        let text =
            "On Tuesday, Donald Trask issued a statement saying, ''I do not feel that way.''";
        let quotes = extract(text);
        assert_eq!(quotes[0].speaker.as_deref(), Some("Donald Trask"));
        assert_eq!(s(&quotes[0], text), (Some("Donald Trask"), Some("saying")));
    }

    #[test]
    fn a_coordinated_verb_leaves_the_subject_at_the_start_of_its_phrase() {
        let cases = [
            (
                "Asked whether she would win in a landslide, he laughed and said, “We’ll see.”",
                "he",
            ),
            (
                "When the market turned, Ms. Sherry smiled and said, ''I'm waiting for Bloomberg.''",
                "Ms. Sherry",
            ),
        ];
        for (text, mention) in cases {
            let quotes = extract(text);
            assert_eq!(s(&quotes[0], text), (Some(mention), Some("said")), "{text}");
        }
    }

    #[test]
    fn a_dash_and_a_name_after_a_quotation_sign_it() {
        // Collected reactions: each quotation closes with "― Name".
        let text = "Readers wrote in after the debate.\n\
                    “He has empowered the worst among us.” ― Sonya Herrera\n\
                    “I am so ashamed tonight.”\u{a0}― Pamela Quist, 34, of Tucson\n\n\
                    “I will look into it. I will certainly look into it.”\n\n\
                    - Hillary Clinton.\n\n\
                    “We won.” — Smith said nothing else.";
        let quotes = extract(text);
        for (start, speaker) in [
            ("He has empowered", "Sonya Herrera"),
            ("I am so ashamed", "Pamela Quist"),
            ("I will look", "Hillary Clinton"),
        ] {
            let q = row(&quotes, text, start);
            assert_eq!(q.speaker.as_deref(), Some(speaker), "{start}");
            assert!(matches!(s(q, text).1, Some("―" | "-")), "{start}: {q:?}");
        }
        // "— Smith said nothing else" is a clause, not a signature.
        let q = row(&quotes, text, "We won");
        assert_ne!(s(q, text).1, Some("—"));
    }

    #[test]
    fn a_sentence_opening_with_its_cue_is_followed_by_the_speaker() {
        let text = "The code grew. Said Ellis: “I don’t get the sense she’s serious.”\n\n\
                    Continued Stone: “So I think it’s a very real problem.”";
        let quotes = extract(text);
        assert_eq!(s(&quotes[0], text), (Some("Ellis"), Some("Said")));
        assert_eq!(s(&quotes[1], text), (Some("Stone"), Some("Continued")));
    }

    #[test]
    fn a_sentence_of_a_subject_and_its_cue_introduces_the_next_quotation() {
        let text = "Rubio is rising. Iowa State University's Dianne Bystrom agreed. \
                    \"Mainstream Republicans are running out of time.\"";
        let quotes = extract(text);
        assert_eq!(quotes[0].speaker.as_deref(), Some("Dianne Bystrom"));
        assert_eq!(s(&quotes[0], text).1, Some("agreed"));
    }

    #[test]
    fn a_place_after_a_first_name_or_title_is_a_surname() {
        for text in [
            "“We will achieve justice in this case,” Tulsa police Chief Chuck Jordan said Monday.",
            "“We will achieve justice in this case,” Chief Jordan said.",
        ] {
            let quotes = extract(text);
            assert_eq!(quotes[0].speaker_type, SpeakerType::Person, "{text}");
            assert!(
                quotes[0]
                    .speaker
                    .as_deref()
                    .is_some_and(|s| s.ends_with("Jordan")),
                "{text}: {quotes:?}"
            );
        }
        // The country itself still speaks as a place would: not a person.
        let text = "“We will not allow it,” Jordan said.";
        assert_ne!(extract(text)[0].speaker_type, SpeakerType::Person);
    }

    #[test]
    fn a_dash_after_a_name_introduces_its_words() {
        let text = "Even the last Republican nominee Mitt Romney -- ''It is disqualifying \
                    to refuse to release his tax returns.''";
        let quotes = extract(text);
        assert_eq!(quotes[0].speaker.as_deref(), Some("Mitt Romney"));
        assert_eq!(s(&quotes[0], text).1, Some("--"));
    }

    #[test]
    fn a_place_that_is_a_persons_last_name_is_that_person() {
        let text = "Rep. Jim Jordan questioned the director.\n\n\
                    “She got an immunity agreement,” Jordan said.";
        let quotes = extract(text);
        assert_eq!(quotes[0].speaker.as_deref(), Some("Jim Jordan"));
    }

    #[test]
    fn a_reported_clause_keeps_the_subject_before_its_cue() {
        // A hyphenated Korean given name continues the name, and the words
        // after "said" are the clause, never its subject.
        let text = "South Korean President Park Geun-hye said Kim's mental state is \
                    \"spiraling out of control.\"";
        let quotes = extract(text);
        assert_eq!(quotes[0].speaker.as_deref(), Some("Park Geun-hye"));
        assert_eq!(
            s(&quotes[0], text).0,
            Some("South Korean President Park Geun-hye")
        );
        // "Obama-era" still modifies.
        let text = "“We will repeal them,” the Obama-era rules’ critic Ana Ruiz said.";
        assert_eq!(extract(text)[0].speaker.as_deref(), Some("Ana Ruiz"));
    }

    #[test]
    fn before_a_colon_the_clause_subject_speaks_not_the_object() {
        let text = "Republican nominee Donald Trask issued the following statement: \
                    “Our prayers are with all of those affected.”";
        let quotes = extract(text);
        assert_eq!(quotes[0].speaker.as_deref(), Some("Donald Trask"));
        assert_eq!(s(&quotes[0], text).1, Some(":"));
    }

    #[test]
    fn an_appositive_host_may_follow_an_introductory_phrase() {
        let text = "In Baghdad on Tuesday, Col. Steven H. Warren, a military spokesman, \
                    said, ''I mean, a raid is a combat operation.''";
        let quotes = extract(text);
        assert_eq!(quotes[0].speaker.as_deref(), Some("Steven H. Warren"));
        assert_eq!(
            s(&quotes[0], text).0,
            Some("Col. Steven H. Warren, a military spokesman,")
        );
        // An object between commas is no host: the clause's subject speaks.
        let text = "Meanwhile, it attacked Trask, saying he “has offended everyone.”";
        let quotes = extract(text);
        assert_eq!(s(&quotes[0], text).0, Some("it"));
    }

    #[test]
    fn title_words_after_an_honorific_are_names() {
        for (text, speaker) in [
            (
                "''It is risky to insert them into politics,'' Mr. Prince said.",
                "Prince",
            ),
            ("''That is 60 electoral votes,'' Mr. King said.", "King"),
        ] {
            let quotes = extract(text);
            assert_eq!(quotes[0].speaker.as_deref(), Some(speaker), "{text}");
            assert_eq!(quotes[0].speaker_type, SpeakerType::Person, "{text}");
        }
    }

    #[test]
    fn a_sentence_initial_name_ending_in_ing_before_a_cue_is_a_name() {
        // "Appearing before supporters, ..." is no name; "Schilling told" is.
        let text = "Curt Schilling was fired.\n\nSchilling told WEEI: ''I replied to the post.''";
        let quotes = extract(text);
        assert_eq!(quotes[0].speaker.as_deref(), Some("Curt Schilling"));
    }

    #[test]
    fn shouted_and_chanted_words_have_their_speakers() {
        for (text, mention, verb) in [
            (
                "“They stole the country,” the man shouted.",
                "the man",
                "shouted",
            ),
            (
                "“Lock her up!” the delegates chanted.",
                "the delegates",
                "chanted",
            ),
            ("“Stay there!” a heckler yelled.", "a heckler", "yelled"),
        ] {
            let quotes = extract(text);
            assert_eq!(s(&quotes[0], text), (Some(mention), Some(verb)), "{text}");
        }
    }

    #[test]
    fn titles_are_kept_in_the_mention_and_dropped_from_the_name() {
        let text = "GOP presidential candidate Dr. Ben Varga said: “We will cut taxes.”";
        let quotes = extract(text);
        let q = row(&quotes, text, "We will");
        assert_eq!(q.speaker.as_deref(), Some("Ben Varga"));
        assert_eq!(
            s(q, text).0,
            Some("GOP presidential candidate Dr. Ben Varga")
        );
    }

    #[test]
    fn short_names_take_the_fullest_form() {
        let text = "Donald Trask toured the plant on Monday.\n\n\
                    Mr. Trask said: “It will reopen.”\n\n\
                    “Nobody believes that,” Trask’s rival Emma Lind said.";
        let quotes = extract(text);
        let q = row(&quotes, text, "It will");
        assert_eq!(q.speaker.as_deref(), Some("Donald Trask"));
        assert_eq!(s(q, text).0, Some("Mr. Trask"));
        let q = row(&quotes, text, "Nobody");
        assert_eq!(q.speaker.as_deref(), Some("Emma Lind"));
    }

    #[test]
    fn pronouns_take_the_nearest_compatible_person() {
        let text = "Mary Jones met Tom Brown at the depot. “The trains are late,” she said. \
                    “They always are,” he said.";
        let quotes = extract(text);
        let she = row(&quotes, text, "The trains");
        assert_eq!(she.speaker.as_deref(), Some("Mary Jones"));
        assert_eq!(s(she, text).0, Some("she"));
        let he = row(&quotes, text, "They always");
        assert_eq!(he.speaker.as_deref(), Some("Tom Brown"));
        // A pronoun is a guess next to a name given in place.
        let named = &extract("“The trains are late,” Mary Jones said.")[0];
        assert!(she.confidence < named.confidence);
    }

    #[test]
    fn it_and_they_refer_to_organizations() {
        let text = "The Harbor Relief Foundation opened a second shelter. \
                    “We need more beds,” it said.";
        let quotes = extract(text);
        let q = row(&quotes, text, "We need");
        assert_eq!(q.speaker.as_deref(), Some("Harbor Relief Foundation"));
        assert_eq!(q.speaker_type, SpeakerType::Organization);
    }

    #[test]
    fn a_quotation_paragraph_continues_the_speaker_before_it() {
        let text = "“The river rose overnight,” said Ana Pereira, the mayor.\n\n\
                    “We moved everyone to the school.”\n\n\
                    The water fell by noon.";
        let quotes = extract(text);
        let first = row(&quotes, text, "The river");
        let next = row(&quotes, text, "We moved");
        assert_eq!(next.speaker.as_deref(), Some("Ana Pereira"));
        assert!(next.confidence < first.confidence);
        assert_eq!(next.speaker_mention, None);
    }

    #[test]
    fn organizations_as_speakers() {
        let cases = [
            (
                "“Justice delayed is justice denied,” Amnesty International said.",
                "Justice",
                "Amnesty International",
            ),
            (
                "Human Rights Watch later said it had documented the raids.",
                "it had documented",
                "Human Rights Watch",
            ),
            (
                "The Interior Ministry sent riot police. “Order was restored,” the ministry said in a statement.",
                "Order",
                "Interior Ministry",
            ),
            (
                "Amnesty International published a report. “The arrests must stop,” the group said.",
                "The arrests",
                "Amnesty International",
            ),
        ];
        for (text, start, org) in cases {
            let quotes = extract(text);
            let q = row(&quotes, text, start);
            assert_eq!(q.speaker.as_deref(), Some(org), "{text}");
            assert_eq!(q.speaker_type, SpeakerType::Organization, "{text}");
            assert_eq!(q.organization.as_deref(), Some(org), "{text}");
        }
    }

    #[test]
    fn affiliations_are_kept_for_the_whole_article() {
        let cases = [
            "“No comment,” said Lena Ruiz, a spokeswoman for the Harbor Relief Foundation.\n\n“We are busy,” Ruiz said.",
            "Harbor Relief Foundation spokeswoman Lena Ruiz declined.\n\n“We are busy,” Ruiz said.",
            "Harbor Relief Foundation’s Lena Ruiz declined.\n\n“We are busy,” Ruiz said.",
            "Lena Ruiz of the Harbor Relief Foundation declined.\n\n“We are busy,” Ruiz said.",
            "Lena Ruiz, director of the Harbor Relief Foundation, declined.\n\n“We are busy,” Ruiz said.",
            "The Harbor Relief Foundation opened a shelter. Lena Ruiz, the Boston-based group’s director, declined.\n\n“We are busy,” Ruiz said.",
        ];
        for text in cases {
            let quotes = extract(text);
            let q = row(&quotes, text, "We are busy");
            assert_eq!(q.speaker.as_deref(), Some("Lena Ruiz"), "{text}");
            assert_eq!(
                q.organization.as_deref(),
                Some("Harbor Relief Foundation"),
                "{text}"
            );
        }
    }

    #[test]
    fn reported_speech_without_quotation_marks() {
        // (text, clause, speaker, verb)
        let cases = [
            (
                "Jane Okafor said the shelter would close in May.",
                "the shelter would close in May",
                "Jane Okafor",
                "said",
            ),
            (
                "Jane Okafor said that the shelter would close in May.",
                "the shelter would close in May",
                "Jane Okafor",
                "said",
            ),
            (
                "Jane Okafor told reporters that the shelter would close in May.",
                "the shelter would close in May",
                "Jane Okafor",
                "told",
            ),
            (
                "According to Jane Okafor, the shelter would close in May.",
                "the shelter would close in May",
                "Jane Okafor",
                "According to",
            ),
            (
                "The shelter would close in May, according to Jane Okafor.",
                "The shelter would close in May",
                "Jane Okafor",
                "according to",
            ),
            (
                "The shelter would close in May, Jane Okafor said.",
                "The shelter would close in May",
                "Jane Okafor",
                "said",
            ),
            (
                "The shelter would close in May, said Jane Okafor.",
                "The shelter would close in May",
                "Jane Okafor",
                "said",
            ),
        ];
        for (text, clause, speaker, verb) in cases {
            let quotes = extract(text);
            assert_eq!(quotes.len(), 1, "{text}: {quotes:#?}");
            let q = &quotes[0];
            assert_eq!(q.kind, QuoteKind::Indirect, "{text}");
            assert!(
                q.span.as_str(text).starts_with(clause) || clause.contains(q.span.as_str(text)),
                "{text}: {:?}",
                q.span.as_str(text)
            );
            assert_eq!(q.speaker.as_deref(), Some(speaker), "{text}");
            assert_eq!(s(q, text).1, Some(verb), "{text}");
        }
    }

    /// PolNeAR train's misses: plural subjects with no determiner and no
    /// name, a lone "Several", an adverb in the verb group, a party label
    /// with a period before the verb.
    #[test]
    fn reported_speech_of_unnamed_and_bare_subjects() {
        // (text, clause, mention, verb, speaker)
        let cases = [
            (
                "Social conservatives say the bills are necessary to protect churches.",
                "the bills are necessary to protect churches",
                "Social conservatives",
                "say",
                None,
            ),
            (
                "Iowa biofuels advocates say they already have private promises.",
                "they already have private promises",
                "Iowa biofuels advocates",
                "say",
                None,
            ),
            (
                "Several said they would rather the states decided.",
                "they would rather the states decided",
                "Several",
                "said",
                None,
            ),
            (
                "Mexican officials now say they have chosen a new strategy.",
                "they have chosen a new strategy",
                "Mexican officials",
                "now say",
                None,
            ),
            (
                "Sen. Bernie Sanders (I-Vt.) said he will release his records soon.",
                "he will release his records soon",
                "Sen. Bernie Sanders (I-Vt.)",
                "said",
                Some("Bernie Sanders"),
            ),
        ];
        for (text, clause, mention, verb, speaker) in cases {
            let quotes = extract(text);
            assert_eq!(quotes.len(), 1, "{text}: {quotes:#?}");
            let q = &quotes[0];
            assert_eq!(q.kind, QuoteKind::Indirect, "{text}");
            assert_eq!(q.span.as_str(text), clause, "{text}");
            assert_eq!(s(q, text), (Some(mention), Some(verb)), "{text}");
            assert_eq!(q.speaker.as_deref(), speaker, "{text}");
        }
        // An adverb in -s, a verb in -s or a pronoun is no bare plural.
        for text in [
            "He always says the plan will work out fine.",
            "Perhaps says nothing about the plan at all.",
        ] {
            for q in extract(text) {
                let (mention, _) = s(&q, text);
                assert!(
                    !mention.is_some_and(|m| m.contains("always") || m.starts_with("Perhaps")),
                    "{text}: {mention:?}"
                );
            }
        }
    }

    /// More of train's misses: a conjunction before a bare plural, a count
    /// of people, a clause after "C1, X say", a second verb after ", but".
    #[test]
    fn reported_speech_after_conjunctions_counts_and_second_verbs() {
        // (text, clause, mention)
        let cases = [
            (
                "But opponents say the rapid wage increase will push companies away.",
                "the rapid wage increase will push companies away",
                "opponents",
            ),
            (
                "Nearly nine out of 10 say they will need new skills.",
                "they will need new skills",
                "Nearly nine out of 10",
            ),
            (
                "Investors came for the free-trade zone, Chinese traders also say business is poor.",
                "business is poor",
                "Chinese traders",
            ),
            (
                "She says people may not like the answer, but insists the plan will work.",
                "people may not like the answer",
                "She",
            ),
        ];
        for (text, clause, mention) in cases {
            let quotes = extract(text);
            let q = quotes.first().unwrap_or_else(|| panic!("{text}: no row"));
            assert_eq!(q.span.as_str(text), clause, "{text}");
            assert_eq!(s(q, text).0, Some(mention), "{text}");
        }
    }

    /// "Whatever progress Mr. Kerry has made, officials said, could easily
    /// be unraveled": the report goes on past its attribution, and the
    /// sentence is the statement, as PolNeAR marks it; a participle after
    /// the aside adds to the report instead.
    #[test]
    fn an_attribution_inside_the_reported_sentence_keeps_the_sentence() {
        // (text, clause, mention)
        let cases = [
            (
                "Whatever progress the envoy has made, officials said, could easily be undone.",
                "Whatever progress the envoy has made, officials said, could easily be undone",
                "officials",
            ),
            (
                "The effects are difficult to predict, many economists say, because there is little precedent.",
                "The effects are difficult to predict, many economists say, because there is little precedent",
                "many economists",
            ),
            (
                "The raids are unlawful, Jane Okafor said, noting that they went on for weeks.",
                "The raids are unlawful",
                "Jane Okafor",
            ),
        ];
        for (text, clause, mention) in cases {
            let quotes = extract(text);
            // (The participle's own clause may follow: "they went on for weeks".)
            assert!(
                quotes.len() == 1 || quotes.len() == 2 && quotes[1].speaker == quotes[0].speaker,
                "{text}: {quotes:#?}"
            );
            let q = &quotes[0];
            assert_eq!(q.kind, QuoteKind::Indirect, "{text}");
            assert_eq!(q.span.as_str(text), clause, "{text}");
            assert_eq!(s(q, text).0, Some(mention), "{text}");
        }
    }

    /// "..., Spicer said, adding, “They need to sit down.”": the
    /// participle's words are the verb's subject's, not those of the name
    /// that opens the sentence; and a comma after a participle leaves it one.
    #[test]
    fn a_participle_after_a_verb_and_a_comma_shares_its_subject() {
        for text in [
            "Ryan and Trump will meet sometime next week, Spicer said, adding, \"They need to sit down.\"",
            "Ryan and Trump will meet sometime next week, Spicer said, adding that they need to sit down.",
        ] {
            let quotes = extract(text);
            assert_eq!(quotes.len(), 2, "{text}: {quotes:#?}");
            assert_eq!(
                quotes[0].span.as_str(text),
                "Ryan and Trump will meet sometime next week",
                "{text}"
            );
            for q in &quotes {
                assert_eq!(q.speaker.as_deref(), Some("Spicer"), "{text}: {q:#?}");
            }
            assert_eq!(s(&quotes[1], text).1, Some("adding"), "{text}");
        }
    }

    /// "Jane Smith said the plan would fail, adding that it was too
    /// costly": the first report ends at the participle, which reports
    /// its own clause, and both are the clause's first subject's, named.
    #[test]
    fn a_participle_after_a_reported_clause_ends_it_and_reports_its_own() {
        // (text, [(row, mention)])
        let cases: [(&str, [(&str, &str); 2]); 2] = [
            (
                "Jane Smith said the plan would fail, adding that it was too costly.",
                [
                    ("the plan would fail", "Jane Smith"),
                    ("it was too costly", "Jane Smith"),
                ],
            ),
            (
                "Byrne also wrote the agents knew to brace for the eruptions, saying, “They didn’t happen every day.”",
                [
                    ("the agents knew to brace for the eruptions", "Byrne"),
                    ("They didn’t happen every day.", "Byrne"),
                ],
            ),
        ];
        for (text, want) in cases {
            let quotes = extract(text);
            let got: Vec<_> = quotes
                .iter()
                .map(|q| (q.span.as_str(text), s(q, text).0.unwrap_or("")))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    /// "Cruz also lacks support ..., said Larry Sabato, director of ...":
    /// the name after the cue speaks; "Jane Smith, the director, said Jones
    /// lied" keeps its appositive reading (no row for a clause of two words).
    #[test]
    fn a_name_after_a_cue_after_a_comma_is_the_speaker_not_the_sentences_start() {
        let text = "Cruz also lacks support from his colleagues in Congress, said Larry Sabato, \
                    director of the Center for Politics.";
        let quotes = extract(text);
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(
            quotes[0].span.as_str(text),
            "Cruz also lacks support from his colleagues in Congress"
        );
        assert_eq!(quotes[0].speaker.as_deref(), Some("Larry Sabato"));
        let text = "Jane Smith, the director of the agency, said Jones lied about the plan.";
        let quotes = extract(text);
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(quotes[0].span.as_str(text), "Jones lied about the plan");
        assert_eq!(quotes[0].speaker.as_deref(), Some("Jane Smith"));
    }

    #[test]
    fn a_quoted_fragment_in_a_reported_clause_is_one_mixed_row() {
        let text = "He said the plan was “a disaster” for the city.";
        let quotes = extract(text);
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(quotes[0].kind, QuoteKind::Mixed);
        assert_eq!(
            quotes[0].span.as_str(text),
            "the plan was “a disaster” for the city"
        );
        assert_eq!(s(&quotes[0], text), (Some("He"), Some("said")));
    }

    #[test]
    fn the_last_phrase_starts_after_the_last_comma_dash_or_parenthesis() {
        let cases = [
            "Smith, the director",
            "The group — which has 300 members",
            "a report – released Monday",
            "officials (two of them",
            "after a long pause; she",
            "no break here",
            "",
            "ends with a comma,",
            "“quoted,” he",
            "a—b–c,d;e(f)g",
            "Óscar Ôn ē, and Ó",
            "a, bÓ",
            "a—Ô",
            "(Ó)",
            "—",
            "x–",
        ];
        for seg in cases {
            let old = seg
                .rfind([',', '—', '–', ';', '(', ')'])
                .map_or(0, |i| i + seg[i..].chars().next().map_or(1, char::len_utf8));
            assert_eq!(super::last_phrase_break(seg), old, "{seg:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        /// The byte walk of `last_phrase_break` (eight mark-free bytes a step) as the char search.
        #[test]
        fn last_phrase_break_as_rfind(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "a", " ", ",", ";", "(", ")", "—", "–", "Ó", "Ô", "ē", "“", "’", "\u{e2}",
                "sixteen letters.", "-+*'",
            ][..]), 0..24),
        ) {
            let seg = parts.concat();
            let old = seg
                .rfind([',', '—', '–', ';', '(', ')'])
                .map_or(0, |i| i + seg[i..].chars().next().map_or(1, char::len_utf8));
            proptest::prop_assert_eq!(super::last_phrase_break(&seg), old, "{:?}", seg);
        }
    }

    #[test]
    fn word_roles_as_the_lower_case_tests() {
        use super::*;
        for w in [
            "",
            "the",
            "The",
            "percent",
            "Percent",
            "another",
            "several",
            "would",
            "Would",
            "officials",
            "spokesman",
            "\u{212a}",
            "\u{212a}\u{212a}\u{212a}",
            "THE",
            "İn",
            "Thé",
        ] {
            let lw = w.to_lowercase();
            let plain = (
                is_determiner(&lw),
                is_phrase_stop(&lw),
                is_clause_word(&lw),
                lw == "percent",
            );
            assert_eq!(word_roles(w), plain, "{w:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(500))]

        /// A map hashed eight bytes a step finds what a tree map finds, for
        /// keys of every length around the step's edges.
        #[test]
        fn word_map_finds_as_a_tree_map(
            keys in proptest::collection::vec("[a-cA\u{e9} .]{0,20}", 0..40),
            probes in proptest::collection::vec("[a-cA\u{e9} .]{0,20}", 0..40),
        ) {
            let mut map: super::WordMap<String, usize> = super::WordMap::default();
            let mut tree = std::collections::BTreeMap::new();
            for (i, k) in keys.iter().enumerate() {
                map.insert(k.clone(), i);
                tree.insert(k.clone(), i);
            }
            proptest::prop_assert_eq!(map.len(), tree.len());
            for k in keys.iter().chain(&probes) {
                proptest::prop_assert_eq!(map.get(k.as_str()), tree.get(k.as_str()), "{:?}", k);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        /// The period walk of `ends_sentence` as the `match_indices` one.
        #[test]
        fn ends_sentence_as_match_indices(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "Struthers", "Gov", "a", ".", " ", ". ", "The", "R-Ky.", "É", "é", "..", "Ékla",
            ][..]), 0..10),
        ) {
            let s = parts.concat();
            let plain = s.match_indices(". ").any(|(i, _)| {
                let word = &s[super::word_start(&s[..i])..i];
                let next = s[i + 2..].chars().next();
                word.chars().filter(|c| c.is_alphabetic()).count() >= 5
                    && !word.contains('.')
                    && next.is_some_and(char::is_uppercase)
            });
            proptest::prop_assert_eq!(super::ends_sentence(&s), plain, "{:?}", s);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(1000))]

        /// Paragraphs split as asked answer as the article's sentences
        /// split up front, at every offset, asked in any order.
        #[test]
        fn sentences_split_as_asked_as_all_at_once(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "He left", ". ", "Mr. Smith", "\n", "\n\n", " ", "“Go.”", "U.S.", "?", "é",
            ][..]), 0..24),
            order in proptest::collection::vec(0usize..200, 0..8),
        ) {
            let text = parts.concat();
            let paragraphs = crate::segment::paragraphs(&text);
            let all: Vec<crate::Span> = paragraphs
                .iter()
                .flat_map(|&p| crate::segment::sentences(&text, p))
                .collect();
            let lazy = super::Sentences::new(&text, &paragraphs);
            // Some paragraphs split first, out of text order, and part way.
            for (k, &at) in order.iter().enumerate() {
                let at = at.min(text.len() + 1);
                let i = all.partition_point(|s| s.end <= at);
                if k % 2 == 0 {
                    let holding = all.get(i).copied().filter(|s| s.start <= at);
                    proptest::prop_assert_eq!(lazy.at(at), holding, "{:?} {}", text, at);
                } else {
                    let before = i.checked_sub(1).map(|i| all[i]);
                    proptest::prop_assert_eq!(lazy.ending_by(at), before, "{:?} {}", text, at);
                }
            }
            for at in 0..=text.len() + 1 {
                let i = all.partition_point(|s| s.end <= at);
                let holding = all.get(i).copied().filter(|s| s.start <= at);
                let before = i.checked_sub(1).map(|i| all[i]);
                proptest::prop_assert_eq!(lazy.at(at), holding, "{:?} {}", text, at);
                proptest::prop_assert_eq!(lazy.ending_by(at), before, "{:?} {}", text, at);
            }
            // And asked again out of order, the last sentence found remembered.
            for at in order.iter().rev().map(|&at| at.min(text.len() + 1)) {
                let i = all.partition_point(|s| s.end <= at);
                let holding = all.get(i).copied().filter(|s| s.start <= at);
                proptest::prop_assert_eq!(lazy.at(at), holding, "{:?} {}", text, at);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        /// The byte test of `has_clause_mark` as the char search.
        #[test]
        fn clause_marks_as_the_char_search(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "a", " ", "!", "?", ";", "\"", "“", "”", "‘", "—", "\u{e2}", "é", ",",
            ][..]), 0..10),
        ) {
            let s = parts.concat();
            proptest::prop_assert_eq!(
                super::has_clause_mark(&s),
                s.contains(['!', '?', ';', '“', '"']),
                "{:?}", s
            );
        }
    }

    /// `indirect` with its subject search skipped answers as with the search
    /// made, for every cue of sentences of each pattern and of none.
    #[test]
    fn skipped_subject_searches_as_made() {
        let texts = [
            "The plan failed, Smith said. Smith said. He declined to say. The \
             group said on Tuesday that the plan had failed. Officials told \
             reporters the vote was delayed.",
            "The vote, which was delayed, will go ahead, said Ana Ruiz. In May, \
             she said. The plan failed, the ministry said, noting that it was \
             late. Ruiz, a spokeswoman, said the talks would resume.",
            "According to the police, the man fled. The man fled, according to \
             the police. He praised those who left but said they were wrong. \
             Then, he said, nothing.",
            "“Q,” she said. Critics, however, say otherwise. The president said \
             so. In Baghdad on Tuesday, Col. Steven H. Warren, a military \
             spokesman, said the strikes went on.",
        ];
        let e = Extractor::new();
        let mut cues_asked = 0;
        for text in texts {
            with_ctx(&e, text, |ctx| {
                for cue in ctx.a.cues {
                    cues_asked += 1;
                    let pi = ctx.paragraph_of(cue.span.start);
                    assert_eq!(
                        format!("{:?}", ctx.indirect_or_skipped(cue, pi, true)),
                        format!("{:?}", ctx.indirect_or_skipped(cue, pi, false)),
                        "{text:?} {cue:?}"
                    );
                }
            });
        }
        assert!(cues_asked > 12, "{cues_asked}");
    }

    /// The memo of `subject_before` answers as the search, asked twice in a
    /// row for every `(at, floor)` of an article, and all of it twice over
    /// (slots taken by other `at`s in between).
    #[test]
    fn remembered_subjects_as_searched() {
        let text = "“We won,” said Lena Ruiz, a spokeswoman for the Harbor Relief \
                    Foundation. Ruiz and the group’s director, Ed Moss, said they would \
                    stay. He also said, “Later.” Officials said on Monday that it failed.";
        with_ctx(&Extractor::new(), text, |ctx| {
            let offsets: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for _ in 0..2 {
                for &at in &offsets {
                    for &floor in offsets.iter().filter(|&&f| f <= at).step_by(7) {
                        let searched = format!("{:?}", ctx.find_subject_before(at, floor));
                        // A miss, then a hit.
                        for _ in 0..2 {
                            let remembered = format!("{:?}", ctx.subject_before(at, floor));
                            assert_eq!(remembered, searched, "{at} {floor}");
                        }
                    }
                }
            }
        });
    }

    /// The cursor answers as the two binary searches, for every offset
    /// asked in text order and for offsets asked out of it.
    #[test]
    fn seek_as_the_searches() {
        let texts = [
            "“A,” she said. Critics say “B” and “C.”\n\nThe plan failed, Smith said.\n\n“D",
            "\n\nNo quotation here.\n\n\n“One” “two”\n",
            "",
        ];
        let e = Extractor::new();
        for text in texts {
            with_ctx(&e, text, |ctx| {
                let mut seek = super::Seek::default();
                let mut asked = 0;
                let offsets = (0..=text.len()).chain([3, 0, 7]).chain(0..=text.len());
                for at in offsets {
                    let by_search = (ctx.paragraph_of(at), ctx.inside_quote(at));
                    assert_eq!(ctx.seek(&mut seek, at), by_search, "{at} in {text:?}");
                    asked += usize::from(by_search.1);
                }
                assert!(text.is_empty() || asked > 0, "no offset inside a quotation");
            });
        }
    }

    #[test]
    fn a_sentences_commas_are_its_first_and_last_even_when_asked_in_turn() {
        // The cues of one sentence ask in a row, then another sentence's,
        // then the first again: the kept answer must be for the sentence asked.
        let text = "Smith said, again, that it was over. Jones said no. \
                    Then, said Ruiz, it began, again, and again.";
        let e = Extractor::new();
        with_ctx(&e, text, |ctx| {
            let sentences =
                [(0, 36), (37, 51), (52, text.len())].map(|(s, e)| crate::span::Span::new(s, e));
            for sentence in sentences
                .iter()
                .chain(&sentences)
                .chain(sentences.iter().rev())
            {
                let commas = sentence
                    .as_str(text)
                    .match_indices(',')
                    .map(|(i, _)| sentence.start + i);
                let (first, last) = (commas.clone().next(), commas.clone().next_back());
                let got = (ctx.first_comma(*sentence), ctx.last_comma(*sentence));
                assert_eq!(got, (first, last), "{:?}", sentence.as_str(text));
            }
        });
    }

    /// The attribution context of `text` as [`attribute`] builds it, for
    /// tests that ask its rules one by one.
    fn with_ctx(e: &Extractor, text: &str, f: impl FnOnce(&super::Ctx<'_, '_>)) {
        use super::*;
        let paragraphs = segment::paragraphs(text);
        let cues = e.cue_matcher().find_all(text);
        let spans = e.quote_finder().find(text, &paragraphs, &cues);
        let mentions = e
            .entity_recognizer()
            .mentions(text, Span::new(0, text.len()));
        let article = Article {
            text,
            paragraphs: &paragraphs,
            cues: &cues,
            mentions: &mentions,
        };
        let sentences = Sentences::new(text, &paragraphs);
        let resolver = Resolver::new(&article, &spans);
        f(&Ctx {
            a: &article,
            rules: e.rules(),
            spans: &spans,
            sentences: &sentences,
            resolver: &resolver,
            subjects: RefCell::new([None; SUBJECT_MEMO]),
            floor: Cell::new(None),
            first_comma: Cell::new(None),
            last_comma: Cell::new(None),
            after: Cell::new(None),
        });
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        /// The `memchr3` search of `appositive_end` as the char search.
        #[test]
        fn appositive_end_as_the_char_search(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "a", " ", ",", ".", ";", "(", "\"", "“", "”", "‘", "—", "é", "director",
            ][..]), 0..12),
        ) {
            let s = parts.concat();
            proptest::prop_assert_eq!(
                super::appositive_end(&s),
                s.find([',', '.', ';', '(', '“', '"']).unwrap_or(s.len()),
                "{:?}", s
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(500))]

        /// `ByStatement`, dense below its length and sparse above, as a map.
        #[test]
        fn statements_as_a_map(
            ops in proptest::collection::vec((0usize..24, proptest::bool::ANY), 0..40),
            len in 0usize..12,
        ) {
            let mut by = super::ByStatement::new(len);
            let mut model = std::collections::HashMap::new();
            for (step, (id, set)) in ops.into_iter().enumerate() {
                if set {
                    let att = super::Attribution { confidence: step as f32, ..Default::default() };
                    by.set(id, att);
                    model.insert(id, step as f32);
                }
                proptest::prop_assert_eq!(by.get(id).map(|a| a.confidence), model.get(&id).copied());
            }
        }
    }

    #[test]
    fn role_words_as_the_list() {
        use super::*;
        for w in ROLE_WORDS {
            assert!(is_role_word(w), "{w}");
        }
        for w in [
            "",
            "the",
            "Senator",
            "sen",
            "house.",
            "presidents",
            "vice president",
        ] {
            assert_eq!(is_role_word(w), ROLE_WORDS.contains(&w), "{w}");
        }
    }

    #[test]
    fn names_are_single_spaced_whatever_the_spaces_in_the_text() {
        let cases = [
            ("Marie Struthers", "Marie Struthers"),
            ("Marie  Struthers", "Marie Struthers"),
            ("Marie\u{a0}Struthers", "Marie Struthers"),
            ("Marie\nStruthers", "Marie Struthers"),
            (" Marie Struthers ", "Marie Struthers"),
            ("José María Aznar", "José María Aznar"),
            ("", ""),
        ];
        for (name, want) in cases {
            assert_eq!(super::normalize_space(name), want, "{name:?}");
        }
    }

    /// An article attributed in the lists other articles filled gets what
    /// it gets in fresh ones, whatever came before it: a longer article
    /// (more paragraphs, mentions, rows), a shorter one, itself; the lists
    /// not recycled in between, as a panic would leave them.
    #[test]
    fn lists_reused_from_article_to_article_answer_as_fresh() {
        use super::*;
        let texts = [
            "“We won,” said Lena Ruiz, a spokeswoman for the Harbor Relief \
             Foundation.\n\nRuiz and the group’s director, Ed Moss, said they \
             would stay. He also said, “Later.”\n\nOfficials said on Monday that \
             it failed. “It did not,” she said.",
            "The plan failed, Smith said.",
            "Jane Okafor said the shelter was full.\n\n“We turn people away,” \
             she said.\n\nThe city, according to the Harbor Relief Foundation, \
             has no plan.\n\nWALLACE: Let’s start.\n\nMr. Trump said of the \
             episode, ''I don't like it,'' adding that he was sorry.",
            "",
        ];
        let e = Extractor::new();
        let attribute_with = |text: &str, lists: &mut Lists| {
            let paragraphs = segment::paragraphs(text);
            let cues = e.cue_matcher().find_all(text);
            let spans = e.quote_finder().find(text, &paragraphs, &cues);
            let mentions = e
                .entity_recognizer()
                .mentions(text, Span::new(0, text.len()));
            let article = Article {
                text,
                paragraphs: &paragraphs,
                cues: &cues,
                mentions: &mentions,
            };
            attribute_in(&article, &spans, e.rules(), lists)
        };
        let fresh: Vec<Vec<Quote>> = texts
            .iter()
            .map(|t| attribute_with(t, &mut Lists::default()))
            .collect();
        let counts: Vec<usize> = fresh.iter().map(Vec::len).collect();
        assert_eq!(counts, [4, 1, 3, 0], "{fresh:#?}");
        let mut lists = Lists::default();
        for i in [0, 1, 0, 2, 2, 3, 0, 1, 2] {
            assert_eq!(
                attribute_with(texts[i], &mut lists),
                fresh[i],
                "{}",
                texts[i]
            );
            // Left as they are and then some: every list is emptied before use.
            let junk = Split {
                from: 99,
                to: 120,
                rest: None,
            };
            lists.sentences.push(Span::new(3, 9));
            lists.split.resize(64, Cell::new(Some(junk)));
            lists.canonical.resize(64, "Smith");
            lists.one_word.extend(0..64);
            lists.multi.push((0, "Lena Ruiz"));
            lists.quoted.resize(64, true);
            lists
                .affiliations
                .push((Cow::Borrowed("Ed Moss"), Some("Smith")));
            lists.flags.resize(64, true);
            lists.statements.resize(64, Some(Attribution::default()));
        }
        // The lists are kept, in their allocations, for the next article.
        assert!(lists.rows.capacity() > 0 && lists.canonical.capacity() > 0);
        assert!(lists.chains.iter().any(|c| c.capacity() > 0));
    }

    #[test]
    fn rows_are_in_text_order_one_per_span() {
        let text = "Jane Okafor said the shelter was full. “We turn people away,” she said. \
                    The city, according to the Harbor Relief Foundation, has no plan.";
        let quotes = extract(text);
        for w in quotes.windows(2) {
            assert!(w[0].span.end <= w[1].span.start, "{quotes:#?}");
        }
        assert!(quotes.iter().all(|q| (0.0..=1.0).contains(&q.confidence)));
    }

    #[test]
    fn capitalized_cue_words_inside_names_are_no_cues() {
        // "States" in "United States" and "Notes" in a title are not verbs.
        let text = "The United States Notes Office opened. “It is open,” Ana Pereira said.";
        let quotes = extract(text);
        let q = row(&quotes, text, "It is open");
        assert_eq!(q.speaker.as_deref(), Some("Ana Pereira"));
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
    }

    #[test]
    fn rferl_sample_struthers_and_the_rights_groups() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/samples/rferl-chechnya-2019-04-01.txt"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("SKIPPED rferl_sample_struthers_and_the_rights_groups: {path} is absent");
            return;
        };
        let quotes = extract(&text);
        // The dump's leading "date 2019-04-01" field is nobody's words.
        for q in &quotes {
            assert!(!q.span.as_str(&text).contains("2019-04-01"), "{q:#?}");
        }
        let find = |needle: &str| {
            quotes
                .iter()
                .find(|q| q.span.as_str(&text).contains(needle))
                .unwrap_or_else(|| panic!("no statement holds {needle:?}: {quotes:#?}"))
        };
        for needle in [
            "shown themselves to be complicit",
            "state-sponsored homophobia",
            "quickly implement the ruling",
        ] {
            let q = find(needle);
            assert_eq!(q.speaker.as_deref(), Some("Marie Struthers"), "{needle}");
            assert_eq!(q.speaker_type, SpeakerType::Person, "{needle}");
            assert_eq!(
                q.organization.as_deref(),
                Some("Amnesty International"),
                "{needle}"
            );
        }
        for (needle, org) in [
            (
                "failed to provide justice for the victims, according",
                "Amnesty International",
            ),
            ("homophobic crimes", "Amnesty International"),
            (
                "failed to provide effective protection",
                "Amnesty International",
            ),
            (
                "official investigation has not been opened",
                "Amnesty International",
            ),
            ("police in Chechnya rounded up", "Human Rights Watch"),
        ] {
            let needle = needle.split(", according").next().unwrap_or(needle);
            let q = find(needle);
            assert_eq!(q.speaker.as_deref(), Some(org), "{needle}");
            assert_eq!(q.speaker_type, SpeakerType::Organization, "{needle}");
        }
    }

    /// The fast paths of `subject_before` and `head_in` against the plain
    /// readings they replaced.
    #[test]
    fn word_tests_read_as_the_lowered_lists() {
        use super::*;
        let words = [
            "has",
            "HAS",
            "Has",
            "had",
            "also",
            "Later",
            "previously",
            "PREVIOUSLY",
            "Wednesday",
            "wednesday",
            "sunday",
            "Sundays",
            "quickly",
            "Quickly",
            "only",
            "ly",
            "xly",
            "badly",
            "Smith",
            "said",
            "",
            "not",
            "never",
            "Ünter",
            "été",
            "reallyreallyly",
            "K",
            "\u{212A}",
            "İs",
            "the",
            "The",
            "THE",
            "Percent",
            "would",
            "In",
            "an",
            "An",
            "who",
            "Which",
            "to",
            "élan",
            "a\u{a0}b",
            "spokesman",
            "Group",
            "group’s",
            "averyveryveryverylongwordthatisovertheedge",
        ];
        for w in words {
            let lw = lower_ascii(w);
            assert_eq!(
                is_auxiliary_or_day(w),
                AUXILIARIES.contains(&&*lw) || is_day(&lw),
                "{w:?}"
            );
            assert_eq!(
                is_plain_ly_adverb(w),
                lw.ends_with("ly") && lw.len() > 4 && lw == w,
                "{w:?}"
            );
            let l = lower(w);
            assert_eq!(with_lower(w, |x| x.to_string()), *l, "{w:?}");
        }
        for a in AUXILIARIES {
            assert!(is_auxiliary_or_day(a), "{a}");
        }
    }

    proptest::proptest! {
        /// A word's folded key read in loads is the one built a byte at a
        /// time, and the auxiliaries found by it are the list's.
        #[test]
        fn folded_keys_and_auxiliaries_as_the_list_reads(
            w in proptest::prop_oneof![
                proptest::strategy::Strategy::prop_map(
                    proptest::sample::select(&super::AUXILIARIES[..]),
                    str::to_string,
                ),
                "[a-zA-Z@`\\[{]{0,12}",
                proptest::string::string_regex("(?s).{0,11}").expect("a pattern"),
            ],
            upper in proptest::collection::vec(proptest::bool::ANY, 12),
        ) {
            use super::*;
            use proptest::prelude::*;
            let w: String = w
                .chars()
                .zip(upper.iter().chain(std::iter::repeat(&false)))
                .map(|(c, &u)| if u { c.to_ascii_uppercase() } else { c })
                .collect();
            let b = w.as_bytes();
            let want = (1..=10).contains(&b.len()).then(|| folded_key_const(b));
            prop_assert_eq!(folded_key(b), want);
            let lw = lower_ascii(&w);
            prop_assert_eq!(
                is_auxiliary_or_day(&w),
                AUXILIARIES.contains(&&*lw) || is_day(&lw),
                "{:?}", w
            );
        }

        /// The phrase word's end on bytes as the char search.
        #[test]
        fn phrase_word_end_as_the_char_search(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "a", "Smith", " ", "\t", "\u{b}", "\u{a0}", "\u{2009}", ",", ";", ":", "!", "?",
                "”", "“", "‘", "’", "\"", "(", ")", "—", "–", "é", ".", "-",
            ][..]), 0..12),
        ) {
            let s = parts.concat();
            proptest::prop_assert_eq!(
                super::phrase_word_end(&s),
                s.find(super::ends_phrase_word).unwrap_or(s.len()),
                "{:?}", s
            );
        }
    }

    proptest::proptest! {
        /// An organization's name holds a noun as its lower-cased copy does.
        #[test]
        fn lowered_contains_as_the_lower_cased_copy(
            name in proptest::collection::vec(proptest::sample::select(&[
                "Group", "group", "GROUP", "Ministry", " ", "of", "é", "É", "İ", "K", "-",
            ][..]), 0..6),
            noun in proptest::sample::select(&[
                "", "group", "ministry", "of", "é", "i̇", "k", "up gr", "groupgroup",
            ][..]),
        ) {
            let name = name.concat();
            proptest::prop_assert_eq!(
                super::lowered_contains(&name, noun),
                name.to_lowercase().contains(noun),
                "{:?} {:?}", name, noun
            );
        }

        /// "told" found in one pass as the two searches.
        #[test]
        fn told_in_one_pass_as_the_two_searches(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "told ", "Told ", "told", "Told", "TOLD", " ", "old ", "t", "T", "has", "é",
            ][..]), 0..8),
        ) {
            let s = parts.concat();
            proptest::prop_assert_eq!(
                super::told_at(s.as_bytes()),
                s.find("told ").or_else(|| s.find("Told ")),
                "{:?}", s
            );
        }
    }

    /// The shortcuts of `normalize_space`, `is_telling` and
    /// `transcript_label` against their plain readings.
    #[test]
    fn byte_shortcuts_as_the_plain_tests() {
        use super::*;
        let names = [
            "",
            " ",
            "a",
            "Lena Ruiz",
            " Lena",
            "Lena ",
            "Lena  Ruiz",
            "Lena\tRuiz",
            "Léna Ruiz",
            "Lena\u{a0}Ruiz",
            "A B C",
            "a\n",
            "  ",
            "Marie Struthers",
            "Marie  Struthers",
            "Marie S  truthers",
            "Marie St\truthers",
            "Marie Str uthers ",
            " Marie Struthers",
            "Marie Str\u{7f}uthers",
            "Marie\u{1}Struthers Jr",
            "Maria Hernández Ruiz",
            "Ana Maria de la Cruz Lopez",
            "Ana Mari  de la Cruz Lopez",
            "Ana Maria de la Cruz Lope\r",
            "abcdefg  abcdefgh",
            "abcdefgh",
            "abcdefg ",
            "abcdefg abcdefgh ",
        ];
        for s in names {
            assert_eq!(
                is_single_spaced_ascii(s),
                single_spaced_by_bytes(s),
                "{s:?}"
            );
        }
        let verbs = [
            "",
            "said",
            "told",
            "Told",
            "tell",
            "telling",
            "informed",
            "assured",
            "reminded",
            "warned",
            "reassured",
            "briefed",
            "Briefed",
            "asked",
            "wrote",
            "te",
            "t",
            "inf",
            "é",
            "WARNED",
            "added",
            "argued",
            "reported",
            "remarked",
            "Reassures",
            "bristled",
            "INFORMS",
            "assert",
            "toll",
        ];
        for v in verbs {
            let plain = [
                "tell", "told", "inform", "assur", "remind", "warn", "reassur", "brief",
            ]
            .iter()
            .any(|p| {
                v.as_bytes()
                    .get(..p.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes()))
            });
            assert_eq!(is_telling(v), plain, "{v:?}");
        }
    }

    /// `transcript_label` reads a label only where the plain test (the first
    /// colon in 40 bytes, label bytes before it) finds one.
    #[test]
    fn transcript_labels_as_the_colon_search() {
        use super::*;
        let pieces = [
            "WALLACE",
            "MR. TRUMP",
            ":",
            " ",
            "We",
            "O'NEIL",
            "-",
            "a",
            "X",
            "\u{a0}",
        ];
        let mut heads = vec![String::new()];
        for _ in 0..4 {
            heads = heads
                .iter()
                .flat_map(|h| pieces.iter().map(move |p| format!("{h}{p}")))
                .collect();
        }
        for head in heads {
            let plain = head
                .as_bytes()
                .iter()
                .take(40)
                .position(|&b| b == b':')
                .filter(|&c| head.as_bytes()[..c].iter().all(|&b| is_label_byte(b)));
            assert_eq!(label_colon(&head), plain, "{head:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn count_words_as_split_whitespace(
            s in "[ a\t\n\r\x0b\x0c\x01\x08\x0e\x1f!~\u{7f}\u{a0}\u{3000}é]{0,40}",
            cap in 0usize..24,
        ) {
            use super::count_words;
            proptest::prop_assert_eq!(count_words(&s, cap), s.split_whitespace().take(cap).count());
        }
    }

    // The fast trims on ASCII and wide spaces, as the std ones.
    proptest::proptest! {
        #[test]
        fn trim_fast_as_trim(
            s in "[ a\t\n\r\x0b\x0c\x1c\x1f\u{85}\u{a0}\u{2003}\u{3000}é]{0,12}",
        ) {
            use super::TrimFast;
            proptest::prop_assert_eq!(s.trim_end_fast(), s.trim_end());
            proptest::prop_assert_eq!(s.trim_start_fast(), s.trim_start());
            proptest::prop_assert_eq!(s.trim_fast(), s.trim());
        }
    }

    // The word test of `with_lower`, as a byte loop.
    proptest::proptest! {
        #[test]
        fn is_lower_ascii_as_bytes(s in "[a-zA-Z@\\[`{\x7f\x00 .é]{0,20}") {
            proptest::prop_assert_eq!(
                super::is_lower_ascii(&s),
                s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            );
        }
    }

    // The byte tests of ASCII ends, as the std char patterns.
    proptest::proptest! {
        #[test]
        fn ascii_ends_as_char_patterns(s in "[ a.,:;!?'\"\u{a0}\u{201d}\u{2014}é-]{0,12}") {
            use super::{ends_with_ascii, trim_end_ascii, trim_sentence_end};
            let set = |b: u8| matches!(b, b',' | b':' | b';');
            proptest::prop_assert_eq!(ends_with_ascii(&s, set), s.ends_with([',', ':', ';']));
            proptest::prop_assert_eq!(trim_end_ascii(&s, set), s.trim_end_matches([',', ':', ';']));
            proptest::prop_assert_eq!(
                trim_sentence_end(&s),
                s.trim_end_matches(['.', '!', '?', ' ', '"', '”', '\''])
            );
            let dash = |b: u8| matches!(b, b',' | b'-');
            proptest::prop_assert_eq!(
                ends_with_ascii(&s, dash) || s.ends_with('—'),
                s.ends_with([',', '—', '-'])
            );
        }
    }

    /// Every string of letters and spaces, and one with a tab, of 8 to 16
    /// bytes: each tail of the last eight, each word start in it.
    #[test]
    fn count_words_reads_the_tails_as_split_whitespace() {
        use super::count_words;
        for len in 8..=16 {
            for bits in 0u32..1 << len {
                let s: String = (0..len)
                    .map(|k| match bits >> k & 3 {
                        0 => ' ',
                        1 if k % 5 == 4 => '\t',
                        _ => 'a',
                    })
                    .collect();
                for cap in [1, 2, 3, 5, 9] {
                    let plain = s.split_whitespace().take(cap).count();
                    assert_eq!(count_words(&s, cap), plain, "{s:?} {cap}");
                }
            }
        }
    }

    #[test]
    fn eight_bytes_may_end_a_break_as_the_byte_test() {
        use super::*;
        for b in 0..=u8::MAX {
            for at in [0, 3, 7] {
                let mut eight = [b'a'; 8];
                eight[at] = b;
                let mark = matches!(b, b',' | b';' | b'(' | b')' | 0x93 | 0x94);
                assert_eq!(may_end_break(&eight), mark, "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn words_trimmed_to_alphanumerics_as_trim_matches() {
        for w in [
            "",
            "a",
            "group",
            "(group),",
            "“rights”",
            "director’s",
            "ﬁrm",
            "é",
            "Zoë",
            "9",
            "-",
            "--",
            "a-",
            "-a",
            "élan",
            "naïve",
            "1990s.",
            "'s",
        ] {
            assert_eq!(
                super::trim_non_alphanumeric(w),
                w.trim_matches(|c: char| !c.is_alphanumeric()),
                "{w:?}"
            );
        }
    }

    #[test]
    fn eight_bytes_start_words_as_the_byte_test() {
        use super::*;
        for b in 0u8..0x80 {
            for prev in [b'a', b' '] {
                let mut eight = [prev; 8];
                eight[3] = b;
                let x = u64::from_le_bytes(eight);
                let (starts, _) = word_starts(x, false);
                let starts_here = starts >> (3 * 8 + 7) & 1 != 0;
                assert_eq!(
                    starts_here,
                    !is_ascii_space(b) && is_ascii_space(prev),
                    "{b:#x} after {prev:#x}"
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        /// The last word's start and whether there is a space, read eight
        /// bytes at a time, as the char searches: `rfind(char::is_whitespace)`,
        /// `rsplit([' ', NBSP])`, `contains([' ', NBSP])`.
        #[test]
        fn last_words_as_the_char_searches(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "a", "Smith", "abcdefgh", " ", "\t", "\u{b}", "\r", "\u{a0}", "é", "à",
                "\u{2003}", ",", "\u{1f}", "\u{e}",
            ][..]), 0..14),
        ) {
            let s = parts.concat();
            let start = s.rfind(char::is_whitespace).map_or(0, |i| {
                i + s[i..].chars().next().map_or(0, char::len_utf8)
            });
            proptest::prop_assert_eq!(super::word_start(&s), start, "{:?}", s);
            let last = s.rsplit([' ', '\u{a0}']).next().unwrap_or("");
            proptest::prop_assert_eq!(super::after_last_space(&s), last, "{:?}", s);
            proptest::prop_assert_eq!(super::has_space(&s), s.contains([' ', '\u{a0}']), "{:?}", s);
        }
    }

    proptest::proptest! {
        /// The first word on bytes as `split_whitespace`'s.
        #[test]
        fn first_word_as_split_whitespace(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "a", "Bc", " ", "  ", "\t", "\n", "\u{b}", "\u{c}", "\r", ",", "\u{1}",
                "é", "\u{a0}", "\u{2003}", "“", "\u{85}", "x\u{a0}y",
            ][..]), 0..8),
        ) {
            let s = parts.concat();
            proptest::prop_assert_eq!(
                super::first_word(&s),
                s.split_whitespace().next(),
                "{:?}", s
            );
        }
    }

    proptest::proptest! {
        /// The byte split of an ASCII string as `split_whitespace`.
        #[test]
        fn ascii_words_as_split_whitespace(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "a", "Bc", " ", "  ", "\t", "\n", "\u{b}", "\u{c}", "\r", ",", "\u{1}",
            ][..]), 0..12),
        ) {
            let s = parts.concat();
            let words: Vec<&str> = super::ascii_words(&s).collect();
            let split: Vec<&str> = s.split_whitespace().collect();
            proptest::prop_assert_eq!(words, split, "{:?}", s);
        }
    }

    proptest::proptest! {
        /// Genders and a speaker's mentions, read off the name chains, as a
        /// map of every gendered mention's name and a scan of the persons.
        #[test]
        fn name_chains_as_the_map_and_the_scan(
            named in proptest::collection::vec((
                proptest::sample::select(&[
                    "Smith", "Jones", "Ann Smith", "Bob Smith", "Ann Jones", "Smyth",
                    "Mr. Smith", "Al\u{a0}Smith", "Smit", "A B", "Sxxxh",
                ][..]),
                0usize..3,
                0usize..3,
            ), 0..40),
        ) {
            use super::*;
            use crate::entities::{Gender, Mention, MentionKind};
            let mut text = String::new();
            let mut mentions = Vec::new();
            for &(name, kind, gender) in &named {
                let span = Span::new(text.len(), text.len() + name.len());
                text.push_str(name);
                text.push_str(" and ");
                let kind = [MentionKind::Person, MentionKind::Organization, MentionKind::Place][kind];
                let gender = [Gender::Unknown, Gender::Male, Gender::Female][gender];
                mentions.push(Mention { span, phrase: span, kind, gender });
            }
            let article = Article { text: &text, paragraphs: &[], cues: &[], mentions: &mentions };
            let r = Resolver::new(&article, &[]);
            let mut map: WordMap<&str, Gender> = WordMap::default();
            for (m, c) in mentions.iter().zip(&r.canonical) {
                if m.gender != Gender::Unknown {
                    map.entry(*c).or_insert(m.gender);
                }
            }
            let persons = NameChains::new(&r.canonical, &mentions, |m| m.kind == MentionKind::Person);
            for &name in r.canonical.iter().chain(&["Nobody", ""]) {
                let want = map.get(name).copied().unwrap_or(Gender::Unknown);
                proptest::prop_assert_eq!(r.gender_of(name), want, "{}", name);
                let scanned: Vec<usize> = (0..mentions.len())
                    .filter(|&i| mentions[i].kind == MentionKind::Person && r.canonical[i] == name)
                    .collect();
                let chained: Vec<usize> = persons.named(&r.canonical, name).collect();
                proptest::prop_assert_eq!(chained, scanned, "{}", name);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn fullest_names_scanned_as_grouped(
            names in proptest::collection::vec(proptest::sample::select(&[
                "Smith", "Jones", "Ann Smith", "Bob Smith", "Ann Jones",
                "Mr. Smith", "Smith Jones", "Al\u{a0}Smith", "Smit", "A B",
            ][..]), 0..40),
        ) {
            use super::*;
            // Mention k starts at 10 k; the names with a space are the full ones.
            let mut canonical: Vec<&str> = names.clone();
            let one_word: Vec<usize> = (0..names.len()).filter(|&k| !has_space(names[k])).collect();
            let multi: Vec<(usize, &str)> = (0..names.len())
                .filter(|&k| has_space(names[k]))
                .map(|k| (10 * k, names[k]))
                .collect();
            let mut grouped = canonical.clone();
            fullest_by_scan(&mut canonical, &one_word, |k| 10 * k, &multi);
            fullest_by_groups(&mut grouped, &one_word, |k| 10 * k, &multi);
            proptest::prop_assert_eq!(canonical, grouped);
        }
    }

    #[test]
    fn count_words_is_words_up_to_below_its_byte_cap() {
        use super::*;
        for s in [
            "",
            " ",
            "a",
            "a b",
            " a  b\tc\u{a0}d ",
            "one two three four five six seven eight",
            "a b c d e f g h i j k",
            "a b c d e f g h i j ",
            "\u{a0}a\u{3000}b",
        ] {
            for cap in 0..10 {
                assert_eq!(
                    more_words_than(s, cap),
                    s.split_whitespace().count() > cap,
                    "{s:?} {cap}"
                );
                assert_eq!(count_words(s, cap), s.split_whitespace().take(cap).count());
                if s.len() <= cap * WORD_BYTES {
                    assert_eq!(words_up_to(s, cap), count_words(s, cap));
                }
            }
        }
    }

    #[test]
    fn nominal_tests_ask_the_sets() {
        let rules = Extractor::new();
        let rules = rules.rules();
        for w in [
            "",
            "a",
            "the",
            "group",
            "firm",
            "spokesman",
            "officials",
            "ministry",
            "campaign",
            "x".repeat(63).as_str(),
            "x".repeat(80).as_str(),
            "Group",
            "groups",
        ] {
            assert_eq!(
                rules.is_org_nominal(w),
                rules.org_nominals.contains(w),
                "{w:?}"
            );
            assert_eq!(
                rules.is_person_nominal(w),
                rules.person_nominals.contains(w),
                "{w:?}"
            );
        }
        for w in rules.org_nominals.iter() {
            assert!(rules.is_org_nominal(w), "{w:?}");
        }
        for w in rules
            .pronouns
            .keys()
            .map(String::as_str)
            .chain(["", "Smith", "hes", "x"])
        {
            assert_eq!(rules.pronoun(w), rules.pronouns.get(w).copied(), "{w:?}");
        }
        for w in rules.person_nominals.iter() {
            assert!(rules.is_person_nominal(w), "{w:?}");
        }
    }

    /// `complement_word` sorts words as the tests of `complement_start`
    /// read them one after the other: "that", a day, an object, no clause.
    #[test]
    fn complement_words_as_the_tests_in_order() {
        use super::{ComplementWord as C, complement_word, is_day, with_lower};
        let plain = |lw: &str| {
            if lw == "that" {
                C::That
            } else if is_day(lw) || lw == "yesterday" || lw == "today" || lw == "tonight" {
                C::Day
            } else if matches!(lw, "the" | "a" | "an") {
                C::Article
            } else if matches!(
                lw,
                "him" | "her" | "them" | "us" | "me" | "reporters" | "supporters" | "voters"
            ) {
                C::Object
            } else if matches!(
                lw,
                "of" | "to"
                    | "about"
                    | "for"
                    | "in"
                    | "on"
                    | "at"
                    | "with"
                    | "by"
                    | "so"
                    | "nothing"
                    | "yes"
                    | "no"
                    | "as"
                    | "from"
                    | "more"
                    | "something"
                    | "anything"
                    | "goodbye"
                    | "hello"
                    | "thanks"
                    | "sorry"
                    | "up"
                    | "out"
                    | "down"
                    | "over"
                    | "into"
                    | "against"
            ) {
                C::NoClause
            } else {
                C::Other
            }
        };
        for w in [
            "that",
            "monday",
            "sunday",
            "yesterday",
            "today",
            "tonight",
            "the",
            "a",
            "an",
            "him",
            "her",
            "them",
            "us",
            "me",
            "reporters",
            "supporters",
            "voters",
            "of",
            "to",
            "about",
            "for",
            "in",
            "on",
            "at",
            "with",
            "by",
            "so",
            "nothing",
            "yes",
            "no",
            "as",
            "from",
            "more",
            "something",
            "anything",
            "goodbye",
            "hello",
            "thanks",
            "sorry",
            "up",
            "out",
            "down",
            "over",
            "into",
            "against",
            "",
            "smith",
            "thats",
            "they",
            "week",
            "é",
        ] {
            assert_eq!(complement_word(w), plain(w), "{w:?}");
        }
        // Lower-cased first, as the rule asks: "That", "TUESDAY", "Him".
        assert_eq!(with_lower("That", complement_word), C::That);
        assert_eq!(with_lower("TUESDAY", complement_word), C::Day);
        assert_eq!(with_lower("Him", complement_word), C::Object);
    }

    /// The byte pretests of the org and person nominals pass every nominal in any
    /// case, and rejects most other words.
    #[test]
    fn org_nominal_pretest_passes_the_nominals() {
        let e = Extractor::new();
        let rules = e.rules();
        for w in rules.org_nominals.iter() {
            let mut title = w.clone();
            title[..1].make_ascii_uppercase();
            for w in [w.clone(), title, w.to_ascii_uppercase()] {
                assert!(rules.may_be_org_nominal(&w), "{w:?}");
            }
        }
        for w in ["spokesman", "former", "who", "Smith", "x"] {
            assert!(!rules.may_be_org_nominal(w), "{w:?}");
        }
        for w in rules.person_nominals.iter() {
            let mut title = w.clone();
            title[..1].make_ascii_uppercase();
            for w in [w.clone(), title, w.to_ascii_uppercase()] {
                assert!(rules.may_be_person_nominal(&w), "{w:?}");
            }
        }
        for w in ["group", "plan", "Smith", "x"] {
            assert!(!rules.may_be_person_nominal(w), "{w:?}");
        }
    }

    /// What `is_single_spaced_ascii` means, read a byte at a time: ASCII,
    /// no space at either end, no control space, no two spaces together.
    fn single_spaced_by_bytes(s: &str) -> bool {
        let b = s.as_bytes();
        let is_space = |c: &u8| matches!(c, b'\t'..=b'\r' | b' ');
        b.is_ascii()
            && !b.first().is_some_and(is_space)
            && !b.last().is_some_and(is_space)
            && !b.iter().any(|c| is_space(c) && *c != b' ')
            && !b.windows(2).any(|w| w == b"  ")
    }

    /// The word test of single spacing as the byte reading, for every
    /// string of letters, spaces and tabs up to 11 bytes: every length of
    /// a whole word, a shifted last word and two halves.
    #[test]
    fn single_spaced_ascii_as_the_bytes_for_short_strings() {
        for n in 0..=11u32 {
            for code in 0..3usize.pow(n) {
                let s: String = (0..n)
                    .map(|k| ['a', ' ', '\t'][code / 3usize.pow(k) % 3])
                    .collect();
                let b = s.as_bytes();
                let plain = b.first().is_none_or(|&c| c == b'a')
                    && b.last().is_none_or(|&c| c == b'a')
                    && !b.contains(&b'\t')
                    && !b.windows(2).any(|w| w == b"  ");
                assert_eq!(super::is_single_spaced_ascii(&s), plain, "{s:?}");
            }
        }
    }

    proptest::proptest! {
        /// The word test of single spacing as the byte reading.
        #[test]
        fn single_spaced_ascii_as_the_bytes(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "a", "Bc", "abcdefg", " ", "  ", "\t", "\r", "\u{b}", "\u{1}", "\u{7f}", "é",
                "\u{a0}",
            ][..]), 0..10),
        ) {
            let s = parts.concat();
            proptest::prop_assert_eq!(
                super::is_single_spaced_ascii(&s),
                single_spaced_by_bytes(&s),
                "{:?}",
                s
            );
        }
    }

    proptest::proptest! {
        /// Affiliations remembered, in the list and past it in the map, as
        /// searched afresh: speakers of one length and of two orgs each
        /// ask for the list's exact match.
        #[test]
        fn affiliations_kept_as_found(
            asks in proptest::collection::vec(0usize..40, 0..80),
        ) {
            use super::*;
            use crate::entities::{Gender, Mention, MentionKind};
            let mut text = String::new();
            let mut mentions = Vec::new();
            let mut push = |text: &mut String, name: &str, kind| {
                let span = Span::new(text.len(), text.len() + name.len());
                text.push_str(name);
                mentions.push(Mention { span, phrase: span, kind, gender: Gender::Unknown });
            };
            // Name j speaks for Org (j % 3), unless j is a multiple of 5.
            for j in 0..40 {
                if j % 5 != 0 {
                    push(&mut text, &format!("Org{}", j % 3), MentionKind::Organization);
                    text.push_str(" director ");
                }
                push(&mut text, &format!("Nm{j:02}"), MentionKind::Person);
                text.push_str(" said. ");
            }
            let article = Article { text: &text, paragraphs: &[], cues: &[], mentions: &mentions };
            let e = Extractor::new();
            let rules = e.rules();
            let r = Resolver::new(&article, &[]);
            let nowhere = Span::new(0, 0);
            for &j in &asks {
                let name = format!("Nm{j:02}");
                let speaker: Cow<'_, str> = Cow::Owned(name.clone());
                let want = r.find_affiliation(rules, &name).map(normalize_space);
                let want_org = (j % 5 != 0).then(|| format!("Org{}", j % 3));
                proptest::prop_assert_eq!(want.as_deref(), want_org.as_deref());
                proptest::prop_assert_eq!(r.affiliation(&speaker, nowhere, rules), want);
            }
        }
    }
}
