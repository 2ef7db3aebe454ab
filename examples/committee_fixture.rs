//! Branch databases for the committee's roll-up (the 汇总 page's e2e test and `bench/committee.mjs`): N demo
//! branches of the 载入示例支部 size, each with its own seed and name, some made behind in known ways in the
//! last complete year, written as the documents each branch's app would have pushed (`_bulk_docs` with
//! `new_edits: false`), with what the roll-up must show for each.
//!
//! `cargo run --example committee_fixture -- --branches 20 --today 2026-12-07 --out FILE.json [--prefix zhibu_b]`
//!
//! The file: `{ "year", "today", "branches": [ { "db", "name", "docs": [..], "gaps": {kind: [periods]},
//! "held": {kind: "held/required"}, "alerts", "last_record" } ] }`. The gaps made (year = today's year - 1),
//! by the branch's number i (1-based): i % 10 == 3: 党员大会 of the second quarter; 6: 支委会 of March and
//! April; 9: the second party group's 党小组会 of May to July; 0: 党课 of the fourth quarter and 主题党日 of
//! January. The others meet every rule. The program checks, through the roll-up model itself, that every
//! branch shows exactly its gaps, and fails otherwise.

use std::collections::BTreeMap;
use zhibu::domain::demo::{drop_held, generate, DemoSize};
use zhibu::domain::summary::year_summary;
use zhibu::domain::sync::doc::{write_doc, Record};
use zhibu::domain::sync::state::local_edit;
use zhibu::domain::{ActivityKind, Dataset, Date};
use zhibu::export::rollup::{cell, from_dataset, gaps, held_text, kinds_of};
use zhibu::export::summary_json::to_json;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn fail(msg: &str) -> ! {
    eprintln!("committee_fixture: {msg}");
    std::process::exit(1);
}

/// Makes branch `i` behind as the module comment says; returns the gaps it must show.
fn make_gaps(data: &mut Dataset, i: usize, year: i32) -> BTreeMap<&'static str, Vec<String>> {
    let mut want = BTreeMap::new();
    let group_name = data.groups.get(1).map(|g| g.name.clone()).unwrap_or_default();
    let mut drop = |kind: ActivityKind, months: std::ops::RangeInclusive<u8>, group: bool, periods: Vec<String>| {
        let g = group.then(|| data.groups[1].id.clone());
        if drop_held(data, kind, year, months, g.as_ref()) == 0 {
            fail(&format!("branch {i}: nothing to remove for {}", kind.code()));
        }
        want.insert(kind.code(), periods);
    };
    let s = |list: &[&str]| list.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    match i % 10 {
        3 => drop(ActivityKind::GeneralMeeting, 4..=6, false, s(&["第二季度"])),
        6 => drop(ActivityKind::CommitteeMeeting, 3..=4, false, s(&["3月", "4月"])),
        9 => drop(
            ActivityKind::GroupMeeting,
            5..=7,
            true,
            (5..=7).map(|m| format!("{group_name}{m}月")).collect(),
        ),
        0 => {
            drop(ActivityKind::PartyLecture, 10..=12, false, s(&["第四季度"]));
            drop(ActivityKind::ThemeDay, 1..=1, false, s(&["1月"]));
        }
        _ => {}
    }
    want
}

/// The documents of a branch as its app pushes them: each record's first revision, with its history.
fn documents(data: &Dataset) -> Vec<serde_json::Value> {
    Record::all_of(data)
        .into_iter()
        .enumerate()
        .filter_map(|(n, record)| {
            let id = record.doc_id();
            let body = record.canonical();
            let state = local_edit(None, &id, Some(&body), n as u64 + 1)?;
            let leaf = state.tree.winner()?.clone();
            serde_json::from_str(&write_doc(&id, &leaf, Some(&body))).ok()
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = arg(&args, "--branches")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| fail("--branches N is required"));
    let today = arg(&args, "--today")
        .and_then(|t| Date::parse(&t).ok())
        .unwrap_or_else(|| fail("--today YYYY-MM-DD is required"));
    let out = arg(&args, "--out").unwrap_or_else(|| fail("--out FILE is required"));
    let prefix = arg(&args, "--prefix").unwrap_or_else(|| "zhibu_b".to_owned());
    let year = today.year() - 1;
    let synced = format!("{today}T00:00:00+08:00");

    let mut branches = Vec::with_capacity(n);
    let mut total_docs = 0;
    for i in 1..=n {
        let db = format!("{prefix}{i:03}");
        let mut data = generate(&DemoSize::DEMO, today, i as u64);
        data.branch.name = format!("示范单位机关第{i:03}党支部");
        let want = make_gaps(&mut data, i, year);
        let row = from_dataset(&db, &data, year, today, &synced, Vec::new());
        let got: BTreeMap<&'static str, Vec<String>> = gaps(&row.doc).into_iter().map(|(k, m)| (k.code(), m)).collect();
        if got != want {
            fail(&format!("{db}: the roll-up shows {got:?}, the gaps made are {want:?}"));
        }
        let held: BTreeMap<&'static str, String> = kinds_of(std::slice::from_ref(&row))
            .into_iter()
            .map(|k| (k.code(), held_text(cell(&row.doc, k))))
            .collect();
        let live = row.live.clone().unwrap_or_default();
        let docs = documents(&data);
        total_docs += docs.len();
        branches.push(serde_json::json!({
            "db": db,
            "name": data.branch.name,
            "gaps": got,
            "held": held,
            "alerts": live.alerts,
            "last_record": live.last_record.map(|d| d.to_string()),
            "docs": docs,
            // The branch's annual summary file (统计 → 导出 → 年度总结（JSON）), for mixing files with databases.
            "summary_file": to_json(&year_summary(&data, year, today), &synced),
        }));
    }
    let file = serde_json::json!({ "year": year, "today": today.to_string(), "branches": branches });
    let text = serde_json::to_string(&file).unwrap_or_else(|e| fail(&e.to_string()));
    std::fs::write(&out, &text).unwrap_or_else(|e| fail(&format!("cannot write {out}: {e}")));
    println!(
        "{out}: {n} branches, {total_docs} documents, {:.1} MB, year {year}",
        text.len() as f64 / 1_048_576.0
    );
}
