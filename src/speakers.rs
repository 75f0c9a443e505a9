//! The speakers table: one row per speaker, summed over a run, for pivot tables.
