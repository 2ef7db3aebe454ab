//! Reusable components, one per file.
