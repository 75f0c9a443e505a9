//! Presenting an [`Evaluation`]: a text table, JSON, error examples, and the
//! accuracy floor (a JSON file of minimum figures that CI holds the scorer to).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::eval::score::{Category, ErrorExample, ErrorKind, Evaluation, Figures};

/// The figures a floor may hold, by name, in table order.
pub const METRICS: [&str; 7] = [
    "precision",
    "recall",
    "f1",
    "speaker_accuracy",
    "e2e_precision",
    "e2e_recall",
    "e2e_f1",
];

/// Count fields of the JSON output: allowed in a floor file (so the `--json`
/// output can serve as one) but never checked.
const COUNT_FIELDS: [&str; 2] = ["gold", "extracted"];

/// The metrics written by [`Floor::from_evaluation`]: the headline figures.
const FLOOR_METRICS: [&str; 5] = ["precision", "recall", "f1", "speaker_accuracy", "e2e_f1"];

fn metric(f: &Figures, name: &str) -> Option<f64> {
    Some(match name {
        "precision" => f.precision,
        "recall" => f.recall,
        "f1" => f.f1,
        "speaker_accuracy" => f.speaker_accuracy,
        "e2e_precision" => f.e2e_precision,
        "e2e_recall" => f.e2e_recall,
        "e2e_f1" => f.e2e_f1,
        _ => return None,
    })
}

/// The `--json` output: `{"articles": N, "categories": {"direct": {...}, ...}}`.
#[derive(Debug, Serialize)]
pub struct JsonReport {
    pub articles: usize,
    pub categories: BTreeMap<&'static str, Figures>,
}

impl JsonReport {
    pub fn new(eval: &Evaluation) -> JsonReport {
        JsonReport {
            articles: eval.articles,
            categories: Category::EVERY
                .into_iter()
                .map(|c| (c.name(), eval.figures(c)))
                .collect(),
        }
    }
}

/// The text table, one line per category.
///
/// ```
/// use saidby::eval::{report, score::Evaluation};
/// let table = report::table(&Evaluation::default());
/// assert!(table.lines().next().unwrap().starts_with("category"));
/// assert_eq!(table.lines().count(), 5);
/// ```
pub fn table(eval: &Evaluation) -> String {
    let mut s = format!(
        "{:<14} {:>6} {:>9} {:>9} {:>7} {:>7} {:>8} {:>7}\n",
        "category", "gold", "extracted", "precision", "recall", "f1", "speaker", "e2e_f1"
    );
    for c in Category::EVERY {
        let f = eval.figures(c);
        let _ = writeln!(
            s,
            "{:<14} {:>6} {:>9} {:>9.3} {:>7.3} {:>7.3} {:>8.3} {:>7.3}",
            c.name(),
            f.gold,
            f.extracted,
            f.precision,
            f.recall,
            f.f1,
            f.speaker_accuracy,
            f.e2e_f1
        );
    }
    s
}

/// A deterministic hash (FNV-1a) used to spread examples across articles
/// instead of showing the first `n` of the first article.
fn spread_key(e: &ErrorExample) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in e
        .article
        .bytes()
        .chain(e.start.to_le_bytes())
        .chain(e.end.to_le_bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Up to `n` examples of each (error kind, category), chosen by a fixed
/// pseudo-random order so they come from many articles, then sorted by place.
pub fn sample_errors(
    eval: &Evaluation,
    n: usize,
) -> Vec<(ErrorKind, Category, Vec<&ErrorExample>)> {
    let mut groups: BTreeMap<(ErrorKind, Category), Vec<&ErrorExample>> = BTreeMap::new();
    for e in &eval.errors {
        groups.entry((e.kind, e.category)).or_default().push(e);
    }
    groups
        .into_iter()
        .map(|((kind, cat), mut v)| {
            v.sort_by_key(|e| (spread_key(e), e.article.as_str(), e.start));
            v.truncate(n);
            v.sort_by_key(|e| (e.article.as_str(), e.start));
            (kind, cat, v)
        })
        .collect()
}

/// The error examples as text.
pub fn errors_text(eval: &Evaluation, n: usize) -> String {
    let mut s = String::new();
    for (kind, cat, examples) in sample_errors(eval, n) {
        let total = eval
            .errors
            .iter()
            .filter(|e| e.kind == kind && e.category == cat)
            .count();
        let _ = writeln!(
            s,
            "\n== {} {} ({} of {total})",
            kind.name(),
            cat.name(),
            examples.len()
        );
        for e in examples {
            let _ = writeln!(s, "{} {}..{}: {}", e.article, e.start, e.end, e.snippet);
            let _ = writeln!(s, "    {}", e.detail);
        }
    }
    s
}

/// Minimum figures per category: `{"categories": {"direct": {"f1": 0.5, ...}}}`.
///
/// The `--json` output of `saidby eval` has the same shape, so it can serve
/// as a floor as it is; [`Floor::from_evaluation`] writes one with a tolerance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Floor {
    pub categories: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
}

/// A floor file that does not say what it means.
#[derive(Debug, thiserror::Error)]
pub enum FloorError {
    #[error("invalid floor JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("unknown category {0:?} in the floor (known: direct, indirect, indirect-verb, all)")]
    Category(String),
    #[error("unknown figure {1:?} for {0} in the floor (known: {known})", known = METRICS.join(", "))]
    Metric(String, String),
    #[error("{0}.{1} in the floor is not a number")]
    NotNumber(String, String),
}

impl Floor {
    /// Parses and checks a floor file: unknown names are errors, so a typo
    /// cannot silently switch a check off.
    pub fn parse(json: &str) -> Result<Floor, FloorError> {
        let floor: Floor = serde_json::from_str(json)?;
        for (cat, figures) in &floor.categories {
            if Category::from_name(cat).is_none() {
                return Err(FloorError::Category(cat.clone()));
            }
            for (name, value) in figures {
                if COUNT_FIELDS.contains(&name.as_str()) {
                    continue;
                }
                if !METRICS.contains(&name.as_str()) {
                    return Err(FloorError::Metric(cat.clone(), name.clone()));
                }
                if !value.is_number() {
                    return Err(FloorError::NotNumber(cat.clone(), name.clone()));
                }
            }
        }
        Ok(floor)
    }

    /// The current figures less `tolerance`, rounded down to 3 decimals
    /// (never below 0), for the headline figures of every category.
    pub fn from_evaluation(eval: &Evaluation, tolerance: f64) -> Floor {
        let categories = Category::EVERY
            .into_iter()
            .map(|c| {
                let f = eval.figures(c);
                let figures = FLOOR_METRICS
                    .iter()
                    .filter_map(|&m| {
                        let v = metric(&f, m)?;
                        let low = ((v - tolerance).max(0.0) * 1000.0).floor() / 1000.0;
                        Some((m.to_string(), serde_json::json!(low)))
                    })
                    .collect();
                (c.name().to_string(), figures)
            })
            .collect();
        Floor { categories }
    }

    /// Each figure below its floor, as "category figure: value < floor".
    pub fn violations(&self, eval: &Evaluation) -> Vec<String> {
        let mut out = Vec::new();
        for (cat, figures) in &self.categories {
            let Some(c) = Category::from_name(cat) else {
                continue;
            };
            let f = eval.figures(c);
            for (name, min) in figures {
                let (Some(v), Some(min)) = (metric(&f, name), min.as_f64()) else {
                    continue;
                };
                // Figures are ratios of counts; compare with a little slack
                // so a floor written from this very run always passes.
                if v + 1e-9 < min {
                    out.push(format!("{cat} {name}: {v:.4} < floor {min:.4}"));
                }
            }
        }
        out
    }
}
