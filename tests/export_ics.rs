#![cfg(not(target_arch = "wasm32"))]
//! The iCalendar export: structure, folding, escaping, time zone, stable UIDs, cancelled events.

mod domain_support;

use domain_support::*;
use zhibu::domain::plan::move_to;
use zhibu::domain::*;
use zhibu::export::ics::*;
use zhibu::export::share;

const STAMP: u64 = 1_795_000_000_000; // 2026-11-18T11:06:40Z

fn sample() -> Dataset {
    let mut data = dataset(
        vec![group("g-1", "第一党小组")],
        vec![full("m-1", "张书记"), full("m-2", "李老师")],
    );
    data.branch.name = "××局办公室党支部,机关".to_owned();
    let mut theme = activity("a-theme1", ActivityKind::ThemeDay, d(2026, 3, 10));
    theme.status = ActivityStatus::Planned;
    theme.theme = "重温入党誓词".to_owned();
    theme.start = Some(Time::hm(14, 30));
    theme.end = Some(Time::hm(16, 30));
    theme.location = "三楼会议室; 202室".to_owned();
    theme.agenda = vec!["重温入党誓词".to_owned(), "集中学习, 交流".to_owned()];
    let mut group_meeting = activity("a-group1", ActivityKind::GroupMeeting, d(2026, 3, 20));
    group_meeting.status = ActivityStatus::Planned;
    group_meeting.group = Some(gid("g-1"));
    let mut lecture = activity("a-lect1", ActivityKind::PartyLecture, d(2026, 5, 11));
    lecture.status = ActivityStatus::Planned;
    lecture.start = Some(Time::hm(9, 0));
    lecture.theme = "以高质量党建引领业务发展".to_owned();
    lecture.lecturer = Some(mid("m-2"));
    let mut cancelled = activity("a-cm1", ActivityKind::CommitteeMeeting, d(2026, 4, 6));
    cancelled.status = ActivityStatus::Cancelled;
    data.activities = vec![theme, group_meeting, lecture, cancelled];
    data
}

fn export_all(data: &Dataset, stamp: u64) -> String {
    let items: Vec<&Activity> = data.activities.iter().collect();
    export(data, &items, stamp)
}

/// The content lines after unfolding (RFC 5545 §3.1).
fn unfolded(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "").split("\r\n").map(str::to_owned).collect()
}

fn event_blocks(ics: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut cur: Option<Vec<String>> = None;
    for l in unfolded(ics) {
        if l == "BEGIN:VEVENT" {
            cur = Some(Vec::new());
        } else if l == "END:VEVENT" {
            out.push(cur.take().unwrap());
        } else if let Some(c) = cur.as_mut() {
            c.push(l);
        }
    }
    out
}

#[test]
fn calendar_structure_and_header() {
    let ics = export_all(&sample(), STAMP);
    let lines = unfolded(&ics);
    assert_eq!(
        &lines[..17],
        &[
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            &format!("PRODID:-//zhibu//zhibu {}//ZH-CN", env!("CARGO_PKG_VERSION")),
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:××局办公室党支部\\,机关 活动日程",
            "X-WR-TIMEZONE:Asia/Shanghai",
            "BEGIN:VTIMEZONE",
            "TZID:Asia/Shanghai",
            "X-LIC-LOCATION:Asia/Shanghai",
            "BEGIN:STANDARD",
            "TZOFFSETFROM:+0800",
            "TZOFFSETTO:+0800",
            "TZNAME:CST",
            "DTSTART:19700101T000000",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    );
    assert_eq!(lines[lines.len() - 2], "END:VCALENDAR");
    assert_eq!(lines[lines.len() - 1], "", "the file ends with CRLF");
    assert_eq!(event_blocks(&ics).len(), 4);
    assert_eq!(calendar_name(""), "党支部活动日程");
    assert_eq!(MIME_TYPE, "text/calendar;charset=utf-8");
}

#[test]
fn crlf_everywhere() {
    let mut data = sample();
    data.activities[0].agenda = vec!["第一项\n第二项\r\n第三项\r第四项".to_owned()];
    let ics = export_all(&data, STAMP);
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    let bytes = ics.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at {i}");
        }
        if *b == b'\r' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at {i}");
        }
    }
    let desc = event_blocks(&ics)[0]
        .iter()
        .find(|l| l.starts_with("DESCRIPTION:"))
        .cloned()
        .unwrap();
    assert_eq!(desc, "DESCRIPTION:议题：\\n1. 第一项\\n第二项\\n第三项\\n第四项");
}

#[test]
fn events_have_stable_uids_times_and_texts() {
    let data = sample();
    let ics = export_all(&data, STAMP);
    let events = event_blocks(&ics);
    assert_eq!(
        events[0],
        vec![
            "UID:a-theme1@zhibu",
            "DTSTAMP:20261118T110640Z",
            "SEQUENCE:3619386",
            "DTSTART;TZID=Asia/Shanghai:20260310T143000",
            "DTEND;TZID=Asia/Shanghai:20260310T163000",
            "SUMMARY:主题党日：重温入党誓词",
            "LOCATION:三楼会议室\\; 202室",
            "DESCRIPTION:议题：\\n1. 重温入党誓词\\n2. 集中学习\\, 交流",
            "CATEGORIES:主题党日",
            "STATUS:CONFIRMED",
        ]
    );
    // No time: an all-day event ending (exclusively) the next day; the group in the summary.
    assert_eq!(
        events[1],
        vec![
            "UID:a-group1@zhibu",
            "DTSTAMP:20261118T110640Z",
            "SEQUENCE:3619386",
            "DTSTART;VALUE=DATE:20260320",
            "DTEND;VALUE=DATE:20260321",
            "SUMMARY:党小组会（第一党小组）",
            "CATEGORIES:党小组会",
            "STATUS:CONFIRMED",
        ]
    );
    // A start without an end lasts an hour; the lecturer is named.
    assert!(events[2].contains(&"DTSTART;TZID=Asia/Shanghai:20260511T090000".to_owned()));
    assert!(events[2].contains(&"DURATION:PT1H".to_owned()));
    assert!(events[2].contains(&"DESCRIPTION:授课人：李老师".to_owned()));
    assert!(events[2].contains(&"SUMMARY:党课：以高质量党建引领业务发展".to_owned()));
}

#[test]
fn cancelled_events_say_so() {
    let ics = export_all(&sample(), STAMP);
    let cancelled = &event_blocks(&ics)[3];
    assert_eq!(cancelled[0], "UID:a-cm1@zhibu");
    assert!(cancelled.contains(&"STATUS:CANCELLED".to_owned()));
    assert!(cancelled.contains(&"SUMMARY:【已取消】支委会".to_owned()));
    assert_eq!(ics.matches("STATUS:CANCELLED").count(), 1);
}

#[test]
fn uids_are_stable_across_exports_and_moves() {
    let mut data = sample();
    let first = export_all(&data, STAMP);
    data.activities[0] = move_to(&data.activities[0], d(2026, 3, 12)).unwrap();
    let second = export_all(&data, STAMP + 60_000);
    let uids = |ics: &str| -> Vec<String> { unfolded(ics).into_iter().filter(|l| l.starts_with("UID:")).collect() };
    assert_eq!(uids(&first), uids(&second));
    assert_eq!(
        uids(&first),
        vec![
            "UID:a-theme1@zhibu",
            "UID:a-group1@zhibu",
            "UID:a-lect1@zhibu",
            "UID:a-cm1@zhibu"
        ]
    );
    // The later export is a newer revision of every event.
    assert!(second.contains("SEQUENCE:3619387\r\n") && second.contains("DTSTAMP:20261118T110740Z\r\n"));
    assert!(second.contains("DTSTART;TZID=Asia/Shanghai:20260312T143000"));
    // Same data, same stamp: byte for byte the same file.
    assert_eq!(export_all(&sample(), STAMP), first);
}

#[test]
fn lines_fold_at_75_octets_without_splitting_characters() {
    // "SUMMARY:" is 8 octets; each of these characters 3: 8 + 22 × 3 = 74, the 23rd would make 77.
    let folded = fold(&format!("SUMMARY:{}", "党".repeat(60)));
    let physical: Vec<&str> = folded.split("\r\n").collect();
    assert_eq!(physical[0], format!("SUMMARY:{}", "党".repeat(22)));
    assert_eq!(physical[0].len(), 74);
    // Continuation lines: one space, then at most 74 octets → 24 characters (1 + 72 = 73 octets).
    assert_eq!(physical[1], format!(" {}", "党".repeat(24)));
    assert_eq!(physical[2], format!(" {}", "党".repeat(14)));
    assert_eq!(physical.len(), 3);

    // ASCII: exactly 75 octets stays on one line; 76 folds into 75 + " " + 1.
    let a75 = "X".repeat(75);
    assert_eq!(fold(&a75), a75);
    let a76 = "X".repeat(76);
    assert_eq!(fold(&a76), format!("{}\r\n X", "X".repeat(75)));

    // Mixed widths (1, 2, 3 and 4 octets): every physical line ≤ 75 octets, valid UTF-8, and unfolding
    // gives the line back.
    let line = format!("DESCRIPTION:{}", "a中é😀,".repeat(40));
    let folded = fold(&line);
    for (i, l) in folded.split("\r\n").enumerate() {
        assert!(l.len() <= 75, "line {i} has {} octets", l.len());
        assert!(i == 0 || l.starts_with(' '));
        assert!(std::str::from_utf8(l.as_bytes()).is_ok());
    }
    assert_eq!(folded.replace("\r\n ", ""), line);

    // In a whole file, with a long Chinese theme: every physical line ≤ 75 octets.
    let mut data = sample();
    data.activities[0].theme = "深入学习贯彻习近平新时代中国特色社会主义思想，".repeat(5);
    let ics = export_all(&data, STAMP);
    for l in ics.split("\r\n") {
        assert!(l.len() <= 75, "{l}");
    }
    assert!(unfolded(&ics).contains(&format!(
        "SUMMARY:主题党日：{}",
        "深入学习贯彻习近平新时代中国特色社会主义思想，".repeat(5)
    )));
}

#[test]
fn text_escaping() {
    assert_eq!(escape_text(r"a\b"), r"a\\b");
    assert_eq!(escape_text("a;b,c"), r"a\;b\,c");
    assert_eq!(escape_text("一\n二\r\n三\r四"), r"一\n二\n三\n四");
    assert_eq!(escape_text("tab\there"), "tab\there");
    assert_eq!(escape_text("bell\u{7}gone\u{0}"), "bellgone");
    assert_eq!(escape_text(r"\n is not a newline"), r"\\n is not a newline");
    assert_eq!(escape_text("中文：冒号不转义"), "中文：冒号不转义");
}

#[test]
fn a_calendar_from_a_share_link_has_the_same_uids() {
    let data = sample();
    let items: Vec<&Activity> = data.activities.iter().collect();
    let link = share::encode(&share::from_activities(&data, "三月", &items)).unwrap();
    let opened = share::decode(&link).unwrap();
    let member_ics = export_shared(&opened, STAMP);
    let secretary_ics = export_all(&data, STAMP);
    let uids = |ics: &str| -> Vec<String> {
        unfolded(ics)
            .into_iter()
            .filter(|l| l.starts_with("UID:") || l.starts_with("SUMMARY:") || l.starts_with("DT"))
            .collect()
    };
    assert_eq!(uids(&member_ics), uids(&secretary_ics));
    // Without ids, UIDs are made from date, kind and position.
    let mut no_ids = opened.clone();
    for it in &mut no_ids.items {
        it.id = None;
    }
    let ics = export_shared(&no_ids, STAMP);
    assert!(ics.contains("UID:2026-03-10-theme_day-0@zhibu\r\n"));
    assert!(!ics.contains("DESCRIPTION:"), "links carry no agenda");
}

#[test]
fn summaries() {
    assert_eq!(
        summary(ActivityKind::ThemeDay, "重温入党誓词", None, false),
        "主题党日：重温入党誓词"
    );
    assert_eq!(summary(ActivityKind::CommitteeMeeting, "  ", None, false), "支委会");
    assert_eq!(
        summary(ActivityKind::GroupMeeting, "学习", Some("第二党小组"), true),
        "【已取消】党小组会（第二党小组）：学习"
    );
}
