//! One JSON object per row, keys as the CSV columns, numbers as numbers and
//! `null` where the CSV has an empty cell.

use std::io::{BufWriter, Write};
use std::sync::Arc;

use super::{OutputError, Render, Sink, format_confidence, rows};
use crate::extractor::Quote;
use crate::input::Article;

/// Writes rows as JSON Lines, keys in the contract's column order.
pub struct JsonlSink<W: Write> {
    out: BufWriter<W>,
    render: JsonlRender,
    /// Reused for the rows of one article.
    buf: Vec<u8>,
}

/// Formats rows as JSON Lines: what [`JsonlSink`] writes, done on any thread.
#[derive(Clone, Debug)]
pub struct JsonlRender {
    meta: Arc<Vec<String>>,
}

impl<W: Write> JsonlSink<W> {
    /// `meta` names the metadata keys, written right after `article_id`.
    pub fn new(out: W, meta: Vec<String>) -> JsonlSink<W> {
        JsonlSink {
            out: BufWriter::with_capacity(1 << 16, out),
            render: JsonlRender {
                meta: Arc::new(meta),
            },
            buf: Vec::new(),
        }
    }

    /// Finishes and hands back the writer (tests, in-memory use).
    pub fn finish_into_inner(mut self) -> Result<W, OutputError> {
        self.finish()?;
        self.out
            .into_inner()
            .map_err(|e| OutputError::Io(e.into_error()))
    }
}

fn string(out: &mut impl Write, key: &str, value: &str) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, key)?;
    out.write_all(b":")?;
    serde_json::to_writer(&mut *out, value)?;
    Ok(())
}

fn opt_string(out: &mut impl Write, key: &str, value: Option<&str>) -> std::io::Result<()> {
    match value {
        Some(v) => string(out, key, v),
        None => write!(out, "\"{key}\":null"),
    }
}

fn opt_number(out: &mut impl Write, key: &str, value: Option<usize>) -> std::io::Result<()> {
    match value {
        Some(v) => write!(out, "\"{key}\":{v}"),
        None => write!(out, "\"{key}\":null"),
    }
}

impl<W: Write> Sink for JsonlSink<W> {
    fn write_article(&mut self, article: &Article, quotes: &[Quote]) -> Result<(), OutputError> {
        self.buf.clear();
        self.render.render(article, quotes, &mut self.buf)?;
        self.out.write_all(&self.buf)?;
        if self.buf.capacity() > 1 << 20 {
            // One huge article must not pin its buffer for the rest of the run.
            self.buf = Vec::new();
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), OutputError> {
        self.out.flush()?;
        Ok(())
    }

    fn renderer(&self) -> Option<Arc<dyn Render>> {
        Some(Arc::new(self.render.clone()))
    }

    fn write_rendered(
        &mut self,
        _article: &Article,
        _quotes: &[Quote],
        rendered: &[u8],
    ) -> Result<(), OutputError> {
        self.out.write_all(rendered)?;
        Ok(())
    }

    fn rendered_only(&self) -> bool {
        true
    }

    fn write_rendered_many(&mut self, rendered: &[Vec<u8>]) -> Result<(), OutputError> {
        super::write_all_buffers(&mut self.out, rendered)?;
        Ok(())
    }
}

impl Render for JsonlRender {
    fn render(
        &self,
        article: &Article,
        quotes: &[Quote],
        out: &mut Vec<u8>,
    ) -> Result<(), OutputError> {
        for row in rows(article, quotes) {
            let q = row.quote;
            out.write_all(b"{")?;
            string(out, "article_id", row.article_id)?;
            for (name, value) in self.meta.iter().zip(row.meta) {
                out.write_all(b",")?;
                string(out, name, value)?;
            }
            write!(out, ",\"quote_index\":{},", row.quote_index)?;
            string(out, "kind", q.kind.as_str())?;
            out.write_all(b",")?;
            string(out, "quote", row.text)?;
            out.write_all(b",")?;
            opt_string(out, "speaker", q.speaker.as_deref())?;
            out.write_all(b",")?;
            string(out, "speaker_type", q.speaker_type.as_str())?;
            out.write_all(b",")?;
            opt_string(out, "organization", q.organization.as_deref())?;
            out.write_all(b",")?;
            opt_string(out, "verb", row.verb)?;
            out.write_all(b",")?;
            opt_string(out, "speaker_mention", row.speaker_mention)?;
            write!(
                out,
                ",\"quote_start\":{},\"quote_end\":{},",
                row.quote_range.0, row.quote_range.1
            )?;
            opt_number(out, "speaker_start", row.speaker_range.map(|r| r.0))?;
            out.write_all(b",")?;
            opt_number(out, "speaker_end", row.speaker_range.map(|r| r.1))?;
            out.write_all(b",")?;
            opt_number(out, "verb_start", row.verb_range.map(|r| r.0))?;
            out.write_all(b",")?;
            opt_number(out, "verb_end", row.verb_range.map(|r| r.1))?;
            writeln!(out, ",\"confidence\":{}}}", format_confidence(q.confidence))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Location;

    #[test]
    fn rows_parse_back_with_the_csv_keys_in_order() {
        let article = Article {
            id: "a\"1".into(),
            meta: vec!["2024-01-02".into()],
            text: "“We will win,” Smith said. “Maybe.”".into(),
            location: Location {
                file: "-".into(),
                line: 1,
            },
        };
        let quotes = crate::Extractor::new().extract(&article.text);
        let mut sink = JsonlSink::new(Vec::new(), vec!["date".into()]);
        sink.write_article(&article, &quotes).unwrap();
        let out = String::from_utf8(sink.finish_into_inner().unwrap()).unwrap();
        let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        assert_eq!(first["article_id"], "a\"1");
        assert_eq!(first["date"], "2024-01-02");
        assert_eq!(first["quote"], "We will win,");
        assert_eq!(first["quote_start"], 1);
        assert_eq!(first["speaker"], "Smith");
        let keys: Vec<&str> = out
            .lines()
            .next()
            .unwrap()
            .split("\":")
            .filter_map(|k| k.rsplit('"').next())
            .collect();
        assert_eq!(keys[0], "article_id");
        assert_eq!(keys[1], "date");
        assert_eq!(keys[2], "quote_index");
    }
}
