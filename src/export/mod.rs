//! Turns domain data into files: the backup envelope (JSON) and, later, CSV and calendar files.
//! Pure Rust, tested natively; the UI hands the bytes to the browser for download.

pub mod backup;
pub mod csv;
pub mod ics;
pub mod rollup;
pub mod share;
pub mod summary_json;
