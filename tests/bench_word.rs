#![cfg(target_arch = "wasm32")]
//! Browser benchmark of the Word files (part of `bench/word`), in headless Chromium, on the LARGE demo branch
//! (80 members, 10 years): the year's record book of a full past year (2025: about 110 held records) and of
//! this year so far, and the annual summary (with its landscape per-member sheet), each from the dataset to
//! the .docx bytes (`export::word::make`: the model, the XML, DEFLATE and ZIP), as the Word chunk runs it.
//! Goal: each within 1 s.
//!
//! `#[ignore]`d so that the normal test run skips it. Run (release, as `bench/word` does):
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --release --target wasm32-unknown-unknown --test bench_word
//! -- --include-ignored --nocapture`. Prints `RESULT <name> <median_ms> <min_ms> <max_ms> <runs>` and
//! `FILE <name> <bytes> <records>`. Times come from `performance.now()`.

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::{ActivityStatus, Date};
use zhibu::export::word::format::Format;
use zhibu::export::word::{make, WordRequest};

wasm_bindgen_test_configure!(run_in_browser);

/// Timed runs per figure after one warm-up (the median is reported).
const RUNS: usize = 7;

#[wasm_bindgen(inline_js = "export function now_ms() { return performance.now(); }")]
extern "C" {
    fn now_ms() -> f64;
}

fn report(name: &str, mut ms: Vec<f64>) {
    zhibu::domain::sort::sort_by(&mut ms, f64::total_cmp);
    let n = ms.len();
    console_log!("RESULT {name} {:.1} {:.1} {:.1} {n}", ms[n / 2], ms[0], ms[n - 1]);
}

#[wasm_bindgen_test]
#[ignore]
fn bench_word_files_of_large() {
    // The same fixed "today" and seed as examples/bench_native.rs.
    let today = Date::ymd(2026, 11, 21);
    let data = generate(&DemoSize::LARGE, today, 7);
    let format = Format::default();
    for (name, request) in [
        ("word_book_2025", WordRequest::YearBook { year: 2025, kind: None }),
        ("word_book_2026", WordRequest::YearBook { year: 2026, kind: None }),
        ("word_summary_2025", WordRequest::Summary { year: 2025 }),
        ("word_summary_2026", WordRequest::Summary { year: 2026 }),
    ] {
        let year = match request {
            WordRequest::YearBook { year, .. } | WordRequest::Summary { year } => year,
            _ => unreachable!(),
        };
        let records = data
            .activities
            .iter()
            .filter(|a| a.status == ActivityStatus::Held && a.date.year() == year)
            .count();
        let mut ms = Vec::new();
        let mut size = 0;
        for run in 0..=RUNS {
            let t = now_ms();
            let file = make(&data, &request, &format, today).expect("a Word file");
            let took = now_ms() - t;
            size = file.bytes.len();
            if run > 0 {
                ms.push(took);
            }
        }
        console_log!("FILE {name} {size} {records}");
        report(name, ms);
    }
}
