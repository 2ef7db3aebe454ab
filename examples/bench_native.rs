//! Native timing of the pure core on the LARGE demo branch (80 members, 10 years, ~1,100 activities,
//! ~55k roll entries): the annual summary (the 统计 page's `year_summary`), the alerts and the compliance
//! grid (the 概览 dashboard). Part of `bench/run`; run alone with
//! `cargo run --release --example bench_native [-- RUNS]`.
//!
//! With `BENCH_DETAIL=1` it also times parts of them (`part_…`), among them the 概览 start's work on its slice
//! (`part_start_…`).
//!
//! Each figure is the median (and min/max) of RUNS timed calls (default 15) after one warm-up call.
//! Lines starting with `RESULT` are read by `bench/run`: `RESULT <name> <median_ms> <min_ms> <max_ms> <runs>`.

use std::hint::black_box;
use std::time::Instant;
use zhibu::domain::compliance::{alerts, year_grid, year_grid_as_of};
use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::member_stats::{absence_streaks, hours_and_talks_between, make_up_owed_counts, year_member_stats};
use zhibu::domain::overview::{alerts_on_slice, overview_from, slice, streaks_and_owed, History};
use zhibu::domain::rules::Rule;
use zhibu::domain::summary::{annual_summary, annual_summary_as_of};
use zhibu::domain::tally;
use zhibu::domain::{Activity, Dataset, Date};

/// A fixed "today" so that every run measures the same data (the current year is 11 months in).
const TODAY: (i32, u8, u8) = (2026, 11, 21);
const SEED: u64 = 7;

fn time<T>(name: &str, runs: usize, mut f: impl FnMut() -> T) {
    black_box(f());
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    zhibu::domain::sort::sort_by(&mut ms, f64::total_cmp);
    let median = if runs % 2 == 1 {
        ms[runs / 2]
    } else {
        (ms[runs / 2 - 1] + ms[runs / 2]) / 2.0
    };
    println!("RESULT {name} {median:.2} {:.2} {:.2} {runs}", ms[0], ms[runs - 1]);
}

/// Writes every summary, grid and alert list of the LARGE and DEMO branches (Debug text) to `path`: run
/// before and after a performance change and compare the files (the results must not change).
fn dump(path: &str) {
    use std::fmt::Write as _;
    let today = Date::ymd(TODAY.0, TODAY.1, TODAY.2);
    let mut out = String::new();
    for size in [DemoSize::LARGE, DemoSize::DEMO] {
        let data = generate(&size, today, SEED);
        let rules = data.effective_rules();
        for year in (today.year() - size.years as i32)..=today.year() + 1 {
            let _ = writeln!(out, "{:#?}", annual_summary(&data, &rules, year));
            let _ = writeln!(out, "{:#?}", annual_summary_as_of(&data, &rules, year, today));
            let _ = writeln!(out, "{:#?}", year_grid(&data, &rules, year, today));
            let _ = writeln!(out, "{:#?}", alerts(&data, &rules, year, today));
            let _ = writeln!(out, "{:#?}", year_member_stats(&data, year));
        }
    }
    std::fs::write(path, out).expect("write the dump");
}

fn main() {
    if let Some(path) = std::env::var_os("BENCH_DUMP") {
        dump(path.to_str().expect("a UTF-8 path"));
        return;
    }
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(15)
        .max(5);
    let today = Date::ymd(TODAY.0, TODAY.1, TODAY.2);
    let t = Instant::now();
    let data = generate(&DemoSize::LARGE, today, SEED);
    let entries: usize = data.activities.iter().map(|a| a.attendance.len()).sum();
    println!(
        "LARGE: {} members, {} activities, {} roll entries, {} study items (generated in {:.0} ms)",
        data.members.len(),
        data.activities.len(),
        entries,
        data.study_items.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    let rules = data.effective_rules();
    let year = today.year();
    // What the 统计 page shows by default: this year, as of today.
    time("native_summary_current_year", runs, || {
        annual_summary_as_of(&data, &rules, year, today)
    });
    // A past year, judged at its end.
    time("native_summary_past_year", runs, || {
        annual_summary(&data, &rules, year - 1)
    });
    // The 概览 dashboard: this year's alerts and grid.
    time("native_alerts", runs, || alerts(&data, &rules, year, today));
    time("native_grid", runs, || year_grid(&data, &rules, year, today));
    if std::env::var_os("BENCH_DETAIL").is_some() {
        // Parts of the summary, for profiling.
        time("part_grid_as_of", runs, || {
            year_grid_as_of(&data, &rules, year, Some(today))
        });
        time("part_member_stats", runs, || year_member_stats(&data, year));
        time("part_tallies", runs, || {
            data.activities
                .iter()
                .filter(|a| a.date.year() == year)
                .map(|a| tally(a, &data).expected)
                .sum::<u32>()
        });
        time("part_absence_streaks", runs, || absence_streaks(&data, today));
        time("part_make_up_owed", runs, || make_up_owed_counts(&data, today));
        start_parts(&data, &rules, today, runs);
        sync_parts(&data, runs);
        time("part_hours_talks", runs, || {
            hours_and_talks_between(&data, Date::ymd(year, 1, 1), Date::ymd(year, 12, 31))
        });
    }
}

/// The 概览 start's work on the first stage's slice (this year's activities and the summary of the older ones):
/// deserialising the slice's activities, its grid, its alerts, and the absence runs and owed make-ups behind them.
fn start_parts(data: &Dataset, rules: &[Rule], today: Date, runs: usize) {
    let from = overview_from(data, today);
    let part = slice(data, from);
    let history = History::before(data, from);
    let json = serde_json::to_string(&part.activities).expect("activities serialise");
    println!(
        "start slice: {} activities, {} bytes of JSON",
        part.activities.len(),
        json.len()
    );
    time("part_start_parse", runs, || {
        serde_json::from_str::<Vec<Activity>>(&json).expect("activities parse")
    });
    time("part_start_grid", runs, || year_grid(&part, rules, today.year(), today));
    let grid = year_grid(&part, rules, today.year(), today);
    time("part_start_alerts", runs, || {
        alerts_on_slice(&part, &history, rules, &grid, today)
    });
    time("part_start_streaks_owed", runs, || {
        streaks_and_owed(&part, &history, today)
    });
}

/// The sync's work on LARGE, natively: making the revisions of every record (the reconcile after an import),
/// writing every document for a server, and reading them all back as a pull does (checks included), then
/// merging them into empty states.
fn sync_parts(data: &Dataset, runs: usize) {
    use zhibu::domain::sync::doc::{read_doc, write_doc, Read, Record};
    use zhibu::domain::sync::state::{merge_incoming, reconcile};
    let records: Vec<_> = Record::all_of(data)
        .iter()
        .map(|r| (r.doc_id(), r.canonical()))
        .collect();
    time("part_sync_reconcile", runs, || reconcile(&[], &records, 1));
    let states = reconcile(&[], &records, 1);
    let docs: Vec<String> = records
        .iter()
        .zip(&states)
        .map(|((id, body), s)| write_doc(id, &s.tree.leaves[0], Some(body)))
        .collect();
    println!(
        "sync: {} documents, {} bytes of JSON",
        docs.len(),
        docs.iter().map(String::len).sum::<usize>()
    );
    time("part_sync_write_docs", runs, || {
        records
            .iter()
            .zip(&states)
            .map(|((id, body), s)| write_doc(id, &s.tree.leaves[0], Some(body)).len())
            .sum::<usize>()
    });
    time("part_sync_read_docs", runs, || {
        docs.iter().filter(|d| matches!(read_doc(d), Read::Ok(_))).count()
    });
    // read_doc's steps on their own: the JSON parsed as a record, its checks, its canonical form.
    let parsed: Vec<Record> = records
        .iter()
        .zip(&docs)
        .map(|((id, _), d)| Record::from_body(id, d).expect("a written document reads back"))
        .collect();
    time("part_sync_read_parse", runs, || {
        records
            .iter()
            .zip(&docs)
            .filter(|((id, _), d)| Record::from_body(id, d).is_ok())
            .count()
    });
    time("part_sync_read_checks", runs, || {
        parsed.iter().map(|r| r.problems().len()).sum::<usize>()
    });
    time("part_sync_read_canonical", runs, || {
        parsed.iter().map(|r| r.canonical().len()).sum::<usize>()
    });
    let incoming: Vec<_> = docs
        .iter()
        .filter_map(|d| match read_doc(d) {
            Read::Ok(i) => Some(i),
            _ => None,
        })
        .collect();
    time("part_sync_merge", runs, || {
        incoming
            .iter()
            .filter(|i| merge_incoming(&i.id, None, None, vec![(*i).clone()], 1).state.is_some())
            .count()
    });
}
