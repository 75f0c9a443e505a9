//! Streaming articles through the extractor in parallel batches, in input order.
