//! Turns domain data into files: the backup envelope (JSON), CSV, calendar and summary files, the share link,
//! and Word documents. Pure Rust, tested natively; the UI hands the bytes to the browser for download.

pub mod backup;
pub mod csv;
pub mod deflate;
pub mod ics;
pub mod rollup;
pub mod share;
pub mod summary_json;
pub mod word;

/// Removes characters that are not allowed in file names on common systems.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => '_',
            c => c,
        })
        .collect();
    let trimmed = cleaned.trim().trim_matches('.');
    if trimmed.is_empty() {
        "支部".to_owned()
    } else {
        trimmed.chars().take(60).collect()
    }
}
