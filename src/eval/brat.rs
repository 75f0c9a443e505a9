//! Reading gold attributions: brat standoff files in the PolNeAR layout.
//!
//! A gold directory holds `text/<name>.txt` and `attributions/<name>_<annotator>.ann`
//! (or `attributions/<name>.ann`). Offsets in `.ann` files count Unicode
//! scalar values, half-open; a span may have several `;`-separated fragments.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A half-open range of Unicode scalar offsets (what brat and the CSV contract count).
pub type CharRange = (usize, usize);

/// One gold attribution: an `E` line of a brat file and the spans it links.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldAttribution {
    /// The `E` id, for error reports.
    pub id: String,
    /// The content's fragments, sorted, in char offsets.
    pub content: Vec<CharRange>,
    /// The source's fragments; empty when the attribution has no Source.
    pub source: Vec<CharRange>,
    /// The cue's fragments.
    pub cue: Vec<CharRange>,
}

/// One gold article: its text and its attributions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldDoc {
    /// The text file's name without `.txt`.
    pub id: String,
    pub text: String,
    pub attributions: Vec<GoldAttribution>,
    /// The `.ann` file used; `None` when the article has none (then it has no attributions).
    pub ann: Option<PathBuf>,
}

/// What can go wrong reading gold.
#[derive(Debug, thiserror::Error)]
pub enum BratError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {reason}")]
    Syntax {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("{dir} has no text/*.txt files")]
    NoTexts { dir: PathBuf },
}

#[derive(Clone, Debug)]
struct TextBound {
    label: String,
    fragments: Vec<CharRange>,
}

/// Parses one `.ann` file; `path` only names it in errors.
///
/// Lines other than `T` and `E` annotations are ignored: brat allows notes,
/// and PolNeAR's text column sometimes holds a newline, which puts the rest of
/// an annotation's text on a line of its own. Fragments are checked against
/// `text_chars`, the length of the article in chars.
///
/// ```
/// use saidby::eval::brat::parse_ann;
/// let ann = "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 16 20;22 25\tfoo bar\n\
///            E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n";
/// let gold = parse_ann(ann, 30, "x.ann".as_ref()).unwrap();
/// assert_eq!(gold[0].content, [(16, 20), (22, 25)]);
/// assert_eq!(gold[0].source, [(0, 5)]);
/// ```
pub fn parse_ann(
    source: &str,
    text_chars: usize,
    path: &Path,
) -> Result<Vec<GoldAttribution>, BratError> {
    let err = |line: usize, reason: String| BratError::Syntax {
        path: path.to_path_buf(),
        line: line + 1,
        reason,
    };
    let mut bounds: HashMap<&str, TextBound> = HashMap::new();
    let mut events: Vec<(usize, &str, &str)> = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let Some((id, rest)) = line.split_once('\t') else {
            continue;
        };
        let numbered = |prefix: char| {
            id.strip_prefix(prefix)
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        };
        if numbered('T') {
            let spec = rest.split_once('\t').map_or(rest, |(s, _)| s);
            let (label, offsets) = spec
                .split_once(' ')
                .ok_or_else(|| err(n, format!("{id} has no offsets")))?;
            let mut fragments = Vec::new();
            for frag in offsets.split(';') {
                let mut it = frag.split_whitespace().map(str::parse::<usize>);
                let (Some(Ok(start)), Some(Ok(end)), None) = (it.next(), it.next(), it.next())
                else {
                    return Err(err(n, format!("{id}: bad fragment {frag:?}")));
                };
                if start > end || end > text_chars {
                    return Err(err(
                        n,
                        format!(
                            "{id}: fragment {start}..{end} outside the text ({text_chars} chars)"
                        ),
                    ));
                }
                fragments.push((start, end));
            }
            fragments.sort_unstable();
            bounds.insert(
                id,
                TextBound {
                    label: label.to_string(),
                    fragments,
                },
            );
        } else if numbered('E') {
            events.push((n, id, rest));
        }
    }
    let mut out = Vec::with_capacity(events.len());
    for (n, id, rest) in events {
        let mut gold = GoldAttribution {
            id: id.to_string(),
            ..GoldAttribution::default()
        };
        let mut has_content = false;
        for arg in rest.split_whitespace() {
            let (role, target) = arg
                .split_once(':')
                .ok_or_else(|| err(n, format!("{id}: bad argument {arg:?}")))?;
            let bound = bounds
                .get(target)
                .ok_or_else(|| err(n, format!("{id}: {target} is not defined")))?;
            // The role names the argument; the bound's own label is checked
            // too so a mislabelled link shows up instead of scoring garbage.
            let slot = match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Content" => {
                    has_content = true;
                    &mut gold.content
                }
                "Source" => &mut gold.source,
                "Cue" => &mut gold.cue,
                _ => continue,
            };
            if bound.label != role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                return Err(err(
                    n,
                    format!("{id}: {role} points at {target}, a {}", bound.label),
                ));
            }
            slot.extend_from_slice(&bound.fragments);
        }
        if !has_content {
            // PolNeAR has a few dangling events (`E21\tAttribution-no-source:T83`,
            // 37 in train and dev) next to a complete one for the same cue: not
            // attributions.
            continue;
        }
        for v in [&mut gold.content, &mut gold.source, &mut gold.cue] {
            v.sort_unstable();
            v.dedup();
        }
        out.push(gold);
    }
    Ok(out)
}

/// Reads a gold directory: every `text/*.txt` (sorted by name) with the
/// first `.ann` file by name in `attributions/` that belongs to it
/// (`<name>.ann` or `<name>_<annotator>.ann`).
pub fn read_gold_dir(dir: &Path) -> Result<Vec<GoldDoc>, BratError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BratError::Io { path, source }
    };
    let text_dir = dir.join("text");
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&text_dir)
        .map_err(io(&text_dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    texts.sort();
    if texts.is_empty() {
        return Err(BratError::NoTexts {
            dir: dir.to_path_buf(),
        });
    }
    let ann_dir = dir.join("attributions");
    let mut anns: Vec<PathBuf> = match std::fs::read_dir(&ann_dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ann"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(io(&ann_dir)(e)),
    };
    anns.sort();
    // Sorted, so the first file seen for a name is the first by name.
    let mut by_name: HashMap<String, PathBuf> = HashMap::new();
    for ann in &anns {
        let Some(stem) = ann.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        by_name
            .entry(stem.to_string())
            .or_insert_with(|| ann.clone());
        if let Some((name, _annotator)) = stem.rsplit_once('_') {
            by_name
                .entry(name.to_string())
                .or_insert_with(|| ann.clone());
        }
    }
    let mut docs = Vec::with_capacity(texts.len());
    for path in texts {
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(&path).map_err(io(&path))?;
        let ann = by_name.get(&id).cloned();
        let attributions = match &ann {
            Some(ann) => {
                let source = std::fs::read_to_string(ann).map_err(io(ann))?;
                parse_ann(&source, text.chars().count(), ann)?
            }
            None => Vec::new(),
        };
        docs.push(GoldDoc {
            id,
            text,
            attributions,
            ann,
        });
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(ann: &str) -> Result<Vec<GoldAttribution>, BratError> {
        parse_ann(ann, 100, Path::new("t.ann"))
    }

    #[test]
    fn attribution_without_source_has_empty_source() {
        let g = parse(
            "T1\tCue 0 4\tsaid\nT2\tContent 5 9\tabcd\nE1\tAttribution:T1 Content:T2 Cue:T1\n",
        )
        .unwrap();
        assert!(g[0].source.is_empty());
        assert_eq!(g[0].cue, [(0, 4)]);
    }

    #[test]
    fn text_column_with_a_newline_does_not_break_parsing() {
        // PolNeAR writes multi-paragraph contents with their newline, so the
        // rest of the text lands on a line of its own.
        let ann = "T1\tContent 0 12\tfirst\n\nsecond\nT2\tCue 13 17\tsaid\nE1\tAttribution:T2 Content:T1 Cue:T2\n";
        let g = parse(ann).unwrap();
        assert_eq!(g[0].content, [(0, 12)]);
    }

    #[test]
    fn event_without_content_is_skipped() {
        let ann = "T1\tCue 0 4\tsaid\nT2\tContent 5 9\tabcd\nE1\tAttribution-no-source:T1 \n\
                   E2\tAttribution-no-source:T1 Cue:T1 Content:T2\n";
        let g = parse(ann).unwrap();
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].id, "E2");
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            ("T1\tContent 5 200\tx\n", "outside the text"),
            ("T1\tContent 9 5\tx\n", "outside the text"),
            ("T1\tContent five 9\tx\n", "bad fragment"),
            ("E1\tAttribution:T1 Content:T9\n", "not defined"),
            ("T1\tCue 0 4\tsaid\nE1\tContent:T1\n", "points at T1, a Cue"),
        ];
        for (ann, want) in cases {
            let e = parse(ann).unwrap_err().to_string();
            assert!(e.contains(want), "{ann:?}: {e}");
            assert!(e.starts_with("t.ann:"), "{e}");
        }
    }
}
