//! Word lists as data: one entry a line, `#` starts a comment.
//!
//! The defaults live in `data/lexicons/` and are embedded in the binary with
//! `include_str!`, so `saidby` is self-contained; any of them can be replaced
//! from the command line with a file of the same format.

use std::path::Path;

use crate::error::{Error, Result};

/// A parsed word list.
///
/// ```
/// use saidby::Lexicon;
/// let lex = Lexicon::parse("# reporting verbs\nsaid\n\n  told  # past tense\n");
/// assert_eq!(lex.entries(), ["said", "told"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lexicon {
    entries: Vec<String>,
}

impl Lexicon {
    /// Parses the lexicon format: blank lines and `#` comments are ignored,
    /// entries are trimmed. A `#` inside an entry must be escaped as `\#`.
    pub fn parse(source: &str) -> Lexicon {
        // Lines found by memchr: through `lines()`, a search set up for
        // each ten-byte line cost more than the line's own work.
        let mut start = 0;
        let ends = memchr::memchr_iter(b'\n', source.as_bytes()).chain([source.len()]);
        let entries = ends
            .map(|end| {
                let line = &source[start..end];
                start = end + 1;
                line
            })
            .filter_map(|line| {
                let line = strip_comment(line).trim();
                match line.as_bytes() {
                    [] => None,
                    // Only an escape is rewritten: `replace` set up a
                    // searcher for each of the two thousand built-in
                    // entries, read on every start.
                    bytes if bytes.contains(&b'\\') => Some(line.replace("\\#", "#")),
                    _ => Some(line.to_owned()),
                }
            })
            .collect();
        Lexicon { entries }
    }

    /// Reads and parses a lexicon file.
    pub fn from_file(path: &Path) -> Result<Lexicon> {
        let source = std::fs::read_to_string(path).map_err(|source| Error::LexiconIo {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Lexicon::parse(&source))
    }

    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1] != b'\\') {
            return &line[..i];
        }
    }
    line
}

/// The lexicons shipped in `data/lexicons/`, embedded at compile time.
pub mod builtin {
    /// Reporting verbs in all their inflections, and multi-word cues.
    pub const CUES: &str = include_str!("../data/lexicons/cues.txt");
    /// Well-known organizations and news agencies.
    pub const ORGANIZATIONS: &str = include_str!("../data/lexicons/organizations.txt");
    /// Last words that make a capitalized sequence an organization ("Watch", "Ministry").
    pub const ORG_SUFFIXES: &str = include_str!("../data/lexicons/org-suffixes.txt");
    /// Honorifics and titles that precede a name ("Mr.", "Sen.", "President").
    pub const TITLES: &str = include_str!("../data/lexicons/titles.txt");
    /// Head nouns that stand for an organization named earlier ("the group").
    pub const ORG_NOMINALS: &str = include_str!("../data/lexicons/org-nominals.txt");
    /// Head nouns that stand for an unnamed person ("a spokesman").
    pub const PERSON_NOMINALS: &str = include_str!("../data/lexicons/person-nominals.txt");
    /// Subject pronouns and what they may refer to.
    pub const PRONOUNS: &str = include_str!("../data/lexicons/pronouns.txt");
    /// Capitalized words that never start a name ("The", "Monday").
    pub const NOT_NAMES: &str = include_str!("../data/lexicons/not-names.txt");
    /// First names, for the gender of pronoun antecedents.
    pub const FEMALE_NAMES: &str = include_str!("../data/lexicons/female-names.txt");
    pub const MALE_NAMES: &str = include_str!("../data/lexicons/male-names.txt");
    /// Places: capitalized words that are not people.
    pub const PLACES: &str = include_str!("../data/lexicons/places.txt");
}

/// The full set of word lists an [`crate::Extractor`] is built from.
#[derive(Clone, Debug)]
pub struct Lexicons {
    pub cues: Lexicon,
    pub organizations: Lexicon,
    pub org_suffixes: Lexicon,
    pub titles: Lexicon,
    pub org_nominals: Lexicon,
    pub person_nominals: Lexicon,
    pub pronouns: Lexicon,
    pub not_names: Lexicon,
    pub female_names: Lexicon,
    pub male_names: Lexicon,
    pub places: Lexicon,
}

impl Default for Lexicons {
    /// The embedded defaults.
    fn default() -> Lexicons {
        Lexicons {
            cues: Lexicon::parse(builtin::CUES),
            organizations: Lexicon::parse(builtin::ORGANIZATIONS),
            org_suffixes: Lexicon::parse(builtin::ORG_SUFFIXES),
            titles: Lexicon::parse(builtin::TITLES),
            org_nominals: Lexicon::parse(builtin::ORG_NOMINALS),
            person_nominals: Lexicon::parse(builtin::PERSON_NOMINALS),
            pronouns: Lexicon::parse(builtin::PRONOUNS),
            not_names: Lexicon::parse(builtin::NOT_NAMES),
            female_names: Lexicon::parse(builtin::FEMALE_NAMES),
            male_names: Lexicon::parse(builtin::MALE_NAMES),
            places: Lexicon::parse(builtin::PLACES),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blank_lines_and_escapes() {
        let cases = [
            ("said", vec!["said"]),
            ("# only a comment", vec![]),
            ("said # inline", vec!["said"]),
            ("C\\# Foundation", vec!["C# Foundation"]),
            ("\n\n  according to  \n", vec!["according to"]),
            ("said\r\ntold\r\n# x\r\n", vec!["said", "told"]),
            ("said\n\ntold", vec!["said", "told"]),
            ("\\# hash\nsaid\n", vec!["# hash", "said"]),
        ];
        for (src, want) in cases {
            assert_eq!(Lexicon::parse(src).entries(), want.as_slice(), "{src:?}");
        }
    }

    #[test]
    fn builtin_lexicons_are_not_empty() {
        let lex = Lexicons::default();
        for (name, l) in [
            ("cues", &lex.cues),
            ("organizations", &lex.organizations),
            ("org_suffixes", &lex.org_suffixes),
            ("titles", &lex.titles),
            ("org_nominals", &lex.org_nominals),
            ("person_nominals", &lex.person_nominals),
            ("pronouns", &lex.pronouns),
            ("not_names", &lex.not_names),
            ("female_names", &lex.female_names),
            ("male_names", &lex.male_names),
            ("places", &lex.places),
        ] {
            assert!(!l.is_empty(), "{name} is empty");
        }
    }
}
