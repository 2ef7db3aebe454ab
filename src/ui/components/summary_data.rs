//! Which annual summary a page shows for a year, and small figures derived from it for the charts.
//!
//! A past year is judged at its end (every period met or missed); the current year (or a later one) as of
//! today, so that only periods already over count as missed.

use crate::domain::summary::AnnualSummary;
use crate::ui::clock::today;
use crate::ui::components::download::safe_file_name;
use crate::ui::state::use_app;
use leptos::prelude::*;

pub use crate::domain::summary::year_summary;

/// The summary of the year in `year`, kept in step with the data.
pub fn use_year_summary(year: Signal<i32>) -> Memo<AnnualSummary> {
    let app = use_app();
    Memo::new(move |_| {
        let y = year.get();
        app.data.with(|d| year_summary(d, y, today()))
    })
}

/// (expected, attended) summed over the held activities of each month (index 0 = January).
pub fn month_attendance(summary: &AnnualSummary) -> [(u32, u32); 12] {
    let mut out = [(0u32, 0u32); 12];
    for a in &summary.activities {
        let i = usize::from(a.date.month()).saturating_sub(1).min(11);
        out[i].0 += a.expected;
        out[i].1 += a.attended;
    }
    out
}

/// "机关第一党支部-2026年", for file names.
pub fn file_stem(summary: &AnnualSummary) -> String {
    format!("{}-{}年", safe_file_name(&summary.branch), summary.year)
}
