//! Scoring extracted quotes against hand-annotated gold (brat standoff).
