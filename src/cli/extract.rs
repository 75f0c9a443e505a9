use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input files; `-` or none reads JSONL from stdin.
    inputs: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let extractor = saidby::Extractor::new();
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    out.write_record(saidby::output::COLUMNS)?;
    for path in &args.inputs {
        let mut text = String::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_string(&mut text))
            .with_context(|| format!("cannot read {}", path.display()))?;
        let article = saidby::input::Article {
            id: path.display().to_string(),
            meta: Vec::new(),
            text,
            location: saidby::input::Location {
                file: path.display().to_string(),
                line: 0,
            },
        };
        let quotes = extractor.extract(&article.text);
        for row in saidby::output::rows(&article, &quotes) {
            let q = row.quote;
            let range = |r: Option<(usize, usize)>| {
                r.map(|(s, e)| (s.to_string(), e.to_string()))
                    .unwrap_or_default()
            };
            let (ss, se) = range(row.speaker_range);
            let (vs, ve) = range(row.verb_range);
            out.write_record([
                row.article_id,
                &row.quote_index.to_string(),
                q.kind.as_str(),
                row.text,
                q.speaker.as_deref().unwrap_or(""),
                q.speaker_type.as_str(),
                q.organization.as_deref().unwrap_or(""),
                row.verb.unwrap_or(""),
                row.speaker_mention.unwrap_or(""),
                &row.quote_range.0.to_string(),
                &row.quote_range.1.to_string(),
                &ss,
                &se,
                &vs,
                &ve,
                &format!("{:.2}", q.confidence),
            ])?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
