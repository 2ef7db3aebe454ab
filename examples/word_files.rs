//! Writes every Word file the app makes, for looking at them in an office suite (scripts/word-check.sh
//! converts them to PDF and PNG with LibreOffice) and for timing the writer natively.
//!
//! `cargo run --release --example word_files -- OUT_DIR [FORMAT]` — FORMAT is `gb-official` (the default),
//! `gb-common`, `plain-official` or `plain-common`. Files: the demo branch's six (one record, the year book,
//! the annual summary, the 学习计划表, the 年度计划, the 党员名册), the LARGE branch's year book and summary
//! (last year, a full one, and this year), the committee's 汇总表 of 20 demo branches, and the six again for the demo branch with hostile text typed
//! everywhere (markup, control characters, emoji, 10,000-character contents). Uses the same fixed "today" as `examples/bench_native.rs`.

#[path = "../tests/domain_support/mod.rs"]
mod domain_support;

use std::time::Instant;
use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::{ActivityStatus, Dataset, Date};
use zhibu::export::rollup::{csv_rows, from_dataset};
use zhibu::export::word::format::Format;
use zhibu::export::word::{make, WordRequest};

fn write_all(dir: &str, prefix: &str, data: &Dataset, requests: &[WordRequest], format: &Format, today: Date) {
    for r in requests {
        let t = Instant::now();
        let file = make(data, r, format, today).unwrap_or_else(|e| {
            eprintln!("{prefix}: {r:?}: {e}");
            std::process::exit(1);
        });
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let what = match r {
            WordRequest::Record(_) => "1-record",
            WordRequest::YearBook { .. } => "2-book",
            WordRequest::Summary { .. } => "3-summary",
            WordRequest::StudyPlan { .. } => "4-study-plan",
            WordRequest::YearPlan { .. } => "5-year-plan",
            WordRequest::Roster => "6-roster",
            WordRequest::Rollup { .. } => "7-rollup",
        };
        let path = format!("{dir}/{prefix}-{what}.docx");
        std::fs::write(&path, &file.bytes).unwrap_or_else(|e| {
            eprintln!("cannot write {path}: {e}");
            std::process::exit(1);
        });
        println!(
            "{path}: {:.1} KB, {ms:.1} ms ({})",
            file.bytes.len() as f64 / 1024.0,
            file.name
        );
    }
}

fn six(data: &Dataset, year: i32) -> Vec<WordRequest> {
    let first_held = data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held && a.date.year() == year)
        .min_by_key(|a| a.date)
        .map(|a| a.id.clone())
        .expect("a held activity this year");
    vec![
        WordRequest::Record(first_held),
        WordRequest::YearBook { year, kind: None },
        WordRequest::Summary { year },
        WordRequest::StudyPlan { year },
        WordRequest::YearPlan { year },
        WordRequest::Roster,
    ]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: word_files OUT_DIR [gb-official|gb-common|plain-official|plain-common]");
        std::process::exit(2);
    };
    let format = Format::from_code(&args.next().unwrap_or_default());
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| {
        eprintln!("cannot create {dir}: {e}");
        std::process::exit(1);
    });
    let today = Date::ymd(2026, 11, 21);
    let year = today.year();
    println!("format: {}", format.label());

    let demo = generate(&DemoSize::DEMO, today, 7);
    write_all(&dir, "demo", &demo, &six(&demo, year), &format, today);

    // LARGE: last year (a full year, about 110 held records) and this year so far.
    let large = generate(&DemoSize::LARGE, today, 7);
    for y in [year - 1, year] {
        let held = large
            .activities
            .iter()
            .filter(|a| a.status == ActivityStatus::Held && a.date.year() == y)
            .count();
        println!("LARGE {y}: {held} held records");
        write_all(
            &dir,
            &format!("large{y}"),
            &large,
            &[
                WordRequest::YearBook { year: y, kind: None },
                WordRequest::Summary { year: y },
            ],
            &format,
            today,
        );
    }

    // The committee's 汇总表 of 20 demo branches (last year), as 统计 → 汇总 reads them from their databases.
    let rows: Vec<_> = (1..=20)
        .map(|seed| {
            let mut b = generate(&DemoSize::DEMO, today, seed);
            b.branch.name = format!("示范单位机关第{seed:03}党支部");
            from_dataset(
                &format!("zhibu_b{seed:03}"),
                &b,
                year - 1,
                today,
                "2026-11-21T10:00:00+08:00",
                Vec::new(),
            )
        })
        .collect();
    let rollup = WordRequest::Rollup { table: csv_rows(&rows) };
    write_all(&dir, "committee", &Dataset::default(), &[rollup], &format, today);

    let hostile = domain_support::hostile_demo(today);
    write_all(&dir, "hostile", &hostile, &six(&hostile, year), &format, today);
}
