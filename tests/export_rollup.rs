#![cfg(not(target_arch = "wasm32"))]
//! The committee's roll-up (`export::rollup`): branch datasets → rows with exactly the gaps made in them; the
//! same rows whether a branch is read directly or pulled read-only from a server; files and databases mixed
//! in one set of totals and one CSV; the warnings; a branch database with hostile documents or dangling
//! references still gives its row.

mod domain_support;
mod sync_support;

use domain_support::*;
use sync_support::{run, FakeCouch};
use zhibu::domain::demo::{drop_held, generate, DemoSize};
use zhibu::domain::summary::year_summary;
use zhibu::domain::sync::committee::ReadOnly;
use zhibu::domain::sync::doc::{DocId, Record};
use zhibu::domain::sync::memory::MemoryDb;
use zhibu::domain::sync::replicate::{pull, push, Progress, Remote, Session};
use zhibu::domain::*;
use zhibu::export::csv::write_csv;
use zhibu::export::rollup::*;
use zhibu::export::summary_json::to_doc;

const YEAR: i32 = 2025;
fn today() -> Date {
    d(2026, 12, 7)
}

const AT: &str = "2026-12-07T10:00:00+08:00";

fn branch(seed: u64, name: &str) -> Dataset {
    let mut d = generate(&DemoSize::DEMO, today(), seed);
    d.branch.name = name.to_owned();
    d
}

fn row(db: &str, d: &Dataset) -> RollupRow {
    from_dataset(db, d, YEAR, today(), AT, Vec::new())
}

fn gaps_of(r: &RollupRow) -> Vec<(&'static str, Vec<String>)> {
    gaps(&r.doc).into_iter().map(|(k, m)| (k.code(), m)).collect()
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_compliant_year_has_no_gaps_and_each_removal_is_exactly_one_known_gap() {
    let full = branch(1, "第一党支部");
    let r = row("b01", &full);
    assert_eq!(gaps_of(&r), Vec::<(&str, Vec<String>)>::new());
    assert_eq!(r.name(), "第一党支部");
    assert_eq!(r.doc.year, YEAR);
    assert_eq!(r.doc.as_of, None, "a past year is judged at its end");
    assert_eq!(cell(&r.doc, ActivityKind::GeneralMeeting), Some((4, Some(4))));
    let live = r.live.as_ref().unwrap();
    assert_eq!(live.last_record, last_record(&full));
    assert!(live.last_record.unwrap() <= today());
    assert_eq!(
        live.alerts,
        zhibu::domain::compliance::alerts(&full, &full.effective_rules(), YEAR, today()).len()
    );
    // The row is the branch's own annual summary, as its 统计 page and its summary file have it.
    assert_eq!(r.doc, to_doc(&year_summary(&full, YEAR, today()), AT));

    // 党员大会 of the second quarter not held.
    let mut d = full.clone();
    assert_eq!(drop_held(&mut d, ActivityKind::GeneralMeeting, YEAR, 4..=6, None), 1);
    let r = row("b02", &d);
    assert_eq!(gaps_of(&r), vec![("general_meeting", strings(&["第二季度"]))]);
    assert_eq!(cell(&r.doc, ActivityKind::GeneralMeeting), Some((3, Some(4))));
    assert_eq!(r.missed_count(), 1);
    assert_eq!(gaps_text(&r.doc), "党员大会：第二季度");

    // 支委会 of March and April.
    let mut d = full.clone();
    assert_eq!(drop_held(&mut d, ActivityKind::CommitteeMeeting, YEAR, 3..=4, None), 2);
    assert_eq!(
        gaps_of(&row("b03", &d)),
        vec![("committee_meeting", strings(&["3月", "4月"]))]
    );

    // One party group silent for three months.
    let mut d = full.clone();
    let g = d.groups[1].clone();
    assert_eq!(
        drop_held(&mut d, ActivityKind::GroupMeeting, YEAR, 5..=7, Some(&g.id)),
        3
    );
    assert_eq!(
        gaps_of(&row("b04", &d)),
        vec![(
            "group_meeting",
            strings(&[
                &format!("{}5月", g.name),
                &format!("{}6月", g.name),
                &format!("{}7月", g.name)
            ])
        )]
    );

    // Two kinds at once, and the other year untouched.
    let mut d = full.clone();
    drop_held(&mut d, ActivityKind::PartyLecture, YEAR, 10..=12, None);
    drop_held(&mut d, ActivityKind::ThemeDay, YEAR, 1..=1, None);
    assert_eq!(
        gaps_of(&row("b05", &d)),
        vec![
            ("party_lecture", strings(&["第四季度"])),
            ("theme_day", strings(&["1月"]))
        ]
    );
    let other = from_dataset("b05", &d, YEAR - 1, today(), AT, Vec::new());
    assert!(gaps(&other.doc).is_empty());
}

const URL: &str = "/couchdb/b";

/// A branch device that pushed its data to the server.
fn on_server(data: &Dataset) -> (FakeCouch, MemoryDb) {
    let server = FakeCouch::new();
    let device = MemoryDb::with(data);
    let session = Session {
        local_id: "branch-device",
        remote_url: URL,
        session_id: "s1",
    };
    run(push(&server, &device, &session, &mut |_: Progress| {})).unwrap();
    (server, device)
}

/// The committee's pull into memory, through [`ReadOnly`].
fn committee_pull(
    remote: &ReadOnly<FakeCouch>,
    replica: &MemoryDb,
    n: usize,
) -> zhibu::domain::sync::replicate::Report {
    let session = Session {
        local_id: "committee",
        remote_url: URL,
        session_id: &format!("c{n}"),
    };
    run(pull(remote, replica, &session, &mut |_: Progress| {})).unwrap()
}

#[test]
fn a_branch_pulled_read_only_gives_the_same_row_and_writes_nothing_on_the_server() {
    let mut data = branch(3, "第三党支部");
    drop_held(&mut data, ActivityKind::GeneralMeeting, YEAR, 7..=9, None);
    let (server, device) = on_server(&data);
    let written = server.written.get();
    let remote = ReadOnly::new(server);
    let server = remote.inner();
    let replica = MemoryDb::new();
    let report = committee_pull(&remote, &replica, 1);
    assert!(report.rejected.is_empty());
    assert_eq!(replica.dataset(), device.dataset());
    let r = row("b03", &replica.dataset());
    assert_eq!(r, row("b03", &data));
    assert_eq!(gaps_of(&r), vec![("general_meeting", strings(&["第三季度"]))]);
    // Nothing written: no document, no `_local` checkpoint of the committee's.
    assert_eq!(server.written.get(), written);
    let rid = zhibu::domain::sync::checkpoint::replication_id(
        "committee",
        URL,
        zhibu::domain::sync::checkpoint::Direction::Pull,
    );
    assert!(run(server.get_checkpoint(&rid)).unwrap().is_none());
    // A write through it is refused before it reaches the server.
    let before = server.requests.get();
    assert!(matches!(
        run(remote.bulk_docs(vec!["{}".into()])),
        Err(zhibu::domain::sync::wire::SyncError::WriteRefused(1, _))
    ));
    assert_eq!(server.requests.get(), before);

    // A record added on the branch's device reaches the committee at the next pull, which resumes from
    // where the first ended (only the new document is fetched).
    let mut added = activity("a-late", ActivityKind::GeneralMeeting, d(YEAR, 8, 20));
    added.attendance = data
        .members
        .iter()
        .take(3)
        .map(|m| entry(m.id.as_str(), AttendanceStatus::Present))
        .collect();
    device.edit(Record::Activity(added));
    let session = Session {
        local_id: "branch-device",
        remote_url: URL,
        session_id: "s2",
    };
    run(push(server, &device, &session, &mut |_: Progress| {})).unwrap();
    let report = committee_pull(&remote, &replica, 2);
    assert_eq!(report.pulled, 1);
    let r = row("b03", &replica.dataset());
    assert!(gaps(&r.doc).is_empty(), "{:?}", gaps_of(&r));
    assert_eq!(cell(&r.doc, ActivityKind::GeneralMeeting), Some((4, Some(4))));
}

#[test]
fn a_hostile_document_is_set_aside_by_id_and_the_branch_still_has_its_row() {
    let data = branch(4, "第四党支部");
    let (server, _) = on_server(&data);
    server.put_raw(
        "activity:a-evil",
        &format!(
            r#"{{"type":"activity","id":"a-evil","kind":"general_meeting","date":"2025-05-05","theme":"{}"}}"#,
            "x".repeat(3_000_000)
        ),
    );
    server.put_raw(
        "member:m-evil",
        r#"{"type":"member","id":"m-evil","name":["x"],"kind":"full"}"#,
    );
    let replica = MemoryDb::new();
    let report = committee_pull(&ReadOnly::new(server), &replica, 1);
    let mut ids: Vec<&str> = report.rejected.iter().map(|r| r.id.as_str()).collect();
    zhibu::domain::sort::sort(&mut ids);
    assert_eq!(ids, ["activity:a-evil", "member:m-evil"]);
    let r = from_dataset("b04", &replica.dataset(), YEAR, today(), AT, report.rejected.clone());
    assert_eq!(r.doc, row("b04", &data).doc, "the hostile documents count for nothing");
    let live = r.live.unwrap();
    assert_eq!(live.set_aside.len(), 2);
    let text = zhibu::domain::sync::committee::set_aside_text(&live.set_aside);
    assert!(
        text.contains("activity:a-evil") && text.contains("member:m-evil"),
        "{text}"
    );
}

#[test]
fn dangling_references_and_an_empty_database_do_not_stop_a_row() {
    // A database holding only activities (its branch, members and groups not readable or not there).
    let data = branch(5, "第五党支部");
    let partial = Dataset {
        activities: data.activities.clone(),
        ..Dataset::default()
    };
    let r = row("zhibu_b05", &partial);
    assert_eq!(r.name(), "zhibu_b05", "no branch name: the database's");
    assert_eq!(cell(&r.doc, ActivityKind::GeneralMeeting), Some((4, Some(4))));
    let empty = row("zhibu_empty", &Dataset::default());
    assert_eq!(empty.name(), "zhibu_empty");
    assert_eq!(empty.live.as_ref().unwrap().last_record, None);
    // Nobody in the branch: nothing is required, nothing is missed.
    assert_eq!(cell(&empty.doc, ActivityKind::GeneralMeeting), Some((0, Some(0))));
    assert_eq!(empty.missed_count(), 0);
}

#[test]
fn files_and_databases_share_one_table_totals_csv_and_warnings() {
    let a = branch(6, "第六党支部");
    let mut b = branch(7, "第七党支部");
    drop_held(&mut b, ActivityKind::CommitteeMeeting, YEAR, 6..=6, None);
    // A file handed in by a third branch (its own summary file, as the 统计 page exports it).
    let c = branch(8, "第八党支部");
    let file_doc = to_doc(&year_summary(&c, YEAR, today()), "2026-01-05T09:30:00+08:00");
    let rows = vec![
        row("zhibu_b06", &a),
        row("zhibu_b07", &b),
        RollupRow::from_file("八支部.json", file_doc.clone()),
    ];
    let kinds = kinds_of(&rows);
    assert_eq!(kinds[0], ActivityKind::GeneralMeeting);
    let t = totals(&rows, &kinds);
    assert_eq!(t.per_kind[0], (12, Some(12)));
    let cm = kinds.iter().position(|k| *k == ActivityKind::CommitteeMeeting).unwrap();
    assert_eq!(t.per_kind[cm], (35, Some(36)));
    assert_eq!(t.expected, rows.iter().map(|r| r.doc.totals.expected).sum::<u32>());
    assert_eq!(t.missed, 1);
    let live_alerts: usize = rows.iter().filter_map(|r| r.live.as_ref()).map(|l| l.alerts).sum();
    assert_eq!(t.alerts, Some(live_alerts));
    assert_eq!(totals(&rows[2..], &kinds).alerts, None, "files have no alerts");

    let csv = csv_rows(&rows);
    let head = &csv[1];
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    assert_eq!(csv.len(), 2 + 3 + 1);
    assert_eq!(csv[2][col("来源")], "数据库：zhibu_b06");
    assert_eq!(csv[4][col("来源")], "文件：八支部.json");
    assert_eq!(csv[3][col("未完成期间")], "支委会：6月");
    assert_eq!(csv[3][col("支委会（开展/要求）")], "11/12");
    assert_eq!(csv[4][col("数据时间")], "文件生成于 2026-01-05 09:30");
    assert_eq!(csv[2][col("数据时间")], "同步于 2026-12-07 10:00");
    assert_eq!(csv[4][col("提醒")], "");
    assert_eq!(csv[2][col("最近记录")], last_record(&a).unwrap().to_string());
    assert_eq!(csv[5][0], "合计（3个支部）");
    assert_eq!(csv[5][col("提醒")], live_alerts.to_string());
    let bytes = write_csv(&csv);
    assert!(String::from_utf8(bytes).unwrap().starts_with('\u{feff}'));

    assert!(warnings(&rows).is_empty());
    // The same branch as a file and as its database; another year; a mid-year draft file.
    let mut dup = file_doc.clone();
    dup.branch.name = "第六党支部".into();
    let mut draft = to_doc(&year_summary(&c, 2026, today()), AT);
    draft.branch.name = "第九党支部".into();
    let mixed = vec![
        row("zhibu_b06", &a),
        RollupRow::from_file("六支部.json", dup),
        RollupRow::from_file("九支部.json", draft),
        from_dataset("zhibu_b07", &b, 2026, today(), AT, Vec::new()),
    ];
    let w = warnings(&mixed);
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(w[0].contains("2025年、2026年"));
    assert!(w[1].contains("“第六党支部”2025年出现了不止一次（zhibu_b06、六支部.json）"));
    assert!(w[2].contains("九支部.json") && w[2].contains("年中草稿"));
}

#[test]
fn times_read_as_people_write_them() {
    assert_eq!(time_text("2026-12-07T10:32:05.123+08:00"), "2026-12-07 10:32");
    assert_eq!(time_text("yesterday"), "yesterday");
    assert_eq!(held_text(None), "—");
    assert_eq!(held_text(Some((5, None))), "5");
    assert_eq!(rate_text(Some(87)), "87%");
    let _ = DocId::Branch;
}

#[test]
fn the_word_table_holds_the_csv_figures_of_every_branch_and_the_totals() {
    use zhibu::export::word::{document, WordRequest};
    let mut behind = branch(3, "第二党支部");
    behind.activities.retain(|a| a.kind != ActivityKind::GeneralMeeting);
    let rows = vec![row("b01", &branch(1, "第一党支部")), row("b02", &behind)];
    let csv = csv_rows(&rows);
    let data = Dataset::default();
    let (d, name) = document(&data, &WordRequest::Rollup { table: csv.clone() }, today()).unwrap();
    assert_eq!(d.problems(), Vec::<String>::new());
    assert_eq!(name, "各支部组织生活情况汇总-20261207.docx");
    assert!(d.sections[0].landscape);
    assert!(d
        .text()
        .contains("2025年度　数据来源：各支部数据库　2026年12月7日制表，共2个支部"));
    let t = d.tables()[0].texts();
    // The header without the CSV's bookkeeping columns (the one year and source above the table); a row per branch
    // and the totals.
    assert_eq!(t.len(), 4);
    assert!(!t[0]
        .iter()
        .any(|h| ["上级党委", "应到人次", "数据时间", "年度", "来源"].contains(&h.as_str())));
    assert_eq!(t[0][..3], ["支部", "党员大会", "支委会"]);
    assert_eq!(t[3][0], "合计（2个支部）");
    // Every cell the Word table keeps is the CSV's cell under the same header.
    for (w, c) in t[1..].iter().zip(&csv[2..]) {
        for (h, cell) in t[0].iter().zip(w) {
            let at = csv[1]
                .iter()
                .position(|x| x == h || *x == format!("{h}（开展/要求）"))
                .unwrap();
            assert_eq!(cell, &c[at], "{h}");
        }
    }
    let congress = t[0].iter().position(|h| h == "党员大会").unwrap();
    assert!(t[2][congress].starts_with("0/"), "{:?}", t[2]);
    let missed = t[0].iter().position(|h| h == "未完成期间").unwrap();
    assert!(t[2][missed].contains("党员大会"), "{:?}", t[2][missed]);

    // Branches of different years, from a database and a file, keep those columns.
    let summary = zhibu::domain::summary::year_summary(&behind, YEAR - 1, today());
    let rows = vec![
        row("b01", &branch(1, "第一党支部")),
        RollupRow::from_file("b02.json", to_doc(&summary, AT)),
    ];
    let (d, _) = document(&data, &WordRequest::Rollup { table: csv_rows(&rows) }, today()).unwrap();
    let t = d.tables()[0].texts();
    assert_eq!(t[0][..3], ["支部", "来源", "年度"]);
    assert_eq!(t[1][1..3], ["数据库：b01", "2025"]);
    assert_eq!(t[2][1..3], ["文件：b02.json", "2024"]);
    assert_eq!(d.paras()[1].text(), "2026年12月7日制表，共2个支部");

    let (empty, _) = document(&data, &WordRequest::Rollup { table: csv_rows(&[]) }, today()).unwrap();
    assert!(empty.tables().is_empty());
    assert!(empty.text().contains("还没有支部的数据。"));
}

#[test]
fn the_ratings_and_the_items_of_each_branch_are_columns_with_totals() {
    use zhibu::domain::org_life::ItemCounts;
    use zhibu::export::summary_json::RatingsLine;
    let c = branch(8, "第八党支部");
    let mut one = to_doc(&year_summary(&c, YEAR, today()), AT);
    one.ratings = Some(RatingsLine {
        excellent: 3,
        qualified: 9,
        basically_qualified: 0,
        unqualified: 0,
    });
    one.rectifications = Some(ItemCounts {
        opened: 4,
        closed: 2,
        overdue: 1,
    });
    let mut two = one.clone();
    two.branch.name = "第九党支部".into();
    two.ratings = None;
    two.rectifications = Some(ItemCounts {
        opened: 2,
        closed: 2,
        overdue: 0,
    });
    let rows = vec![
        RollupRow::from_file("八.json", one),
        RollupRow::from_file("九.json", two),
    ];
    let csv = csv_rows(&rows);
    let col = |name: &str| csv[1].iter().position(|h| h == name).unwrap();
    let (r, i) = (col("民主评议（优秀/参评）"), col("整改（完成/总数）"));
    assert_eq!((csv[2][r].as_str(), csv[2][i].as_str()), ("优秀3/12", "2/4（超期1）"));
    assert_eq!((csv[3][r].as_str(), csv[3][i].as_str()), ("—", "2/2"));
    assert_eq!((csv[4][r].as_str(), csv[4][i].as_str()), ("优秀3/12", "4/6（超期1）"));
}
