//! Writes a demo branch as a backup file (the same JSON the 数据 page exports), for seeding a browser
//! profile in `bench/run`'s cold-start measurement or for trying the app with a big branch by hand.
//!
//! `cargo run --release --example large_backup -- [large|demo] OUT.json`
//! (LARGE: 80 members, 10 years, ~1,100 activities, ~55k roll entries; DEMO: the 载入示例支部 branch).
//! Uses the same fixed "today" and seed as `examples/bench_native.rs`.

use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::Date;
use zhibu::export::backup;

fn main() {
    let mut args = std::env::args().skip(1);
    let (size, out) = match (args.next().as_deref(), args.next()) {
        (Some("large"), Some(out)) => (DemoSize::LARGE, out),
        (Some("demo"), Some(out)) => (DemoSize::DEMO, out),
        _ => {
            eprintln!("usage: large_backup large|demo OUT.json");
            std::process::exit(2);
        }
    };
    let data = generate(&size, Date::ymd(2026, 11, 21), 7);
    let text = backup::to_json(&data, "2026-11-21T00:00:00+08:00");
    std::fs::write(&out, &text).unwrap_or_else(|e| {
        eprintln!("cannot write {out}: {e}");
        std::process::exit(1);
    });
    let entries: usize = data.activities.iter().map(|a| a.attendance.len()).sum();
    println!(
        "{out}: {:.1} MB, {} members, {} activities, {} roll entries",
        text.len() as f64 / 1_048_576.0,
        data.members.len(),
        data.activities.len(),
        entries
    );
}
