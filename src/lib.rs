//! saidby: who said what in news articles.
//!
//! The library finds quotations and reported speech in article text and
//! attributes each to a speaker, an organization and a cue. Stages, one module each:
//!
//! - [`segment`]: paragraphs and sentences;
//! - [`quotes`]: the quote-span state machine;
//! - [`cues`]: the reporting-verb matcher;
//! - [`entities`] and [`attribute`]: mentions, speakers, organizations;
//! - [`input`], [`pipeline`], [`output`]: reading article dumps, running the
//!   extractor over them in parallel, and writing the rows;
//! - [`eval`]: scoring against hand-annotated gold;
//! - `scan` (internal): the byte tests and lexicon-entry tables that the cue
//!   matcher and the entity recognizer share.
//!
//! ```
//! use saidby::Extractor;
//! let text = "“Justice delayed is justice denied,” Amnesty International said.";
//! let quotes = Extractor::new().extract(text);
//! assert_eq!(quotes[0].speaker.as_deref(), Some("Amnesty International"));
//! ```

pub mod attribute;
pub mod cues;
pub mod entities;
pub mod error;
pub mod eval;
pub mod extractor;
pub mod input;
pub mod invariants;
pub mod lexicon;
pub mod output;
pub mod pipeline;
pub mod quotes;
mod scan;
mod scratch;
pub mod segment;
pub mod span;
pub mod speakers;

pub use error::{Error, Result};
pub use extractor::{Extractor, ExtractorBuilder, Quote, QuoteKind, SpeakerType};
pub use lexicon::{Lexicon, Lexicons};
pub use span::Span;
