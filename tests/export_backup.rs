#![cfg(not(target_arch = "wasm32"))]
//! The backup file reader against good and hostile input: nothing that is not a complete, consistent
//! backup of this app gets through, and every refusal says why in Chinese.

use zhibu::domain::*;
use zhibu::export::backup::{from_json, to_json, BackupError, Counts, FORMAT_TAG, FORMAT_VERSION, MAX_BACKUP_BYTES};

fn member(id: &str, name: &str) -> Member {
    Member {
        id: MemberId::from(id),
        name: name.to_owned(),
        kind: MemberKind::Full,
        group: Some(GroupId::from("g-1")),
        party_joined: Some(Date::ymd(2010, 7, 1)),
        full_since: None,
        joined_branch: Date::ymd(2020, 1, 1),
        left_branch: None,
        mobile: false,
        excused: Vec::new(),
        phone: String::new(),
        note: String::new(),
    }
}

/// The file with its version number replaced by `v` (any JSON text).
fn with_version(text: &str, v: &str) -> String {
    let old = format!("\"version\": {FORMAT_VERSION}");
    assert!(text.contains(&old));
    text.replacen(&old, &format!("\"version\": {v}"), 1)
}

fn sample() -> Dataset {
    let mut data = Dataset::default();
    data.branch.name = "机关第一党支部".into();
    data.branch.parent_org = "机关党委".into();
    data.groups.push(PartyGroup {
        id: GroupId::from("g-1"),
        name: "第一党小组".into(),
        group_leader: None,
    });
    data.members.push(member("m-1", "张三"));
    data.members.push(member("m-2", "<script>alert(1)</script>"));
    data.branch
        .set_holder(CommitteeRole::Secretary, Some(MemberId::from("m-1")));
    let mut a = Activity::new(
        ActivityId::from("a-1"),
        ActivityKind::GeneralMeeting,
        Date::ymd(2026, 3, 15),
    );
    a.host = Some(MemberId::from("m-1"));
    a.start = Some(Time::hm(9, 0));
    a.end = Some(Time::hm(11, 0));
    a.theme = "学习贯彻党的二十大精神，\"逗号,引号\"".into();
    a.attendance.push(AttendanceEntry {
        member: MemberId::from("m-1"),
        status: AttendanceStatus::Present,
        reason: String::new(),
        make_up: None,
    });
    a.attendance.push(AttendanceEntry {
        member: MemberId::from("m-2"),
        status: AttendanceStatus::Leave,
        reason: "出差".into(),
        make_up: Some(MakeUp {
            date: Date::ymd(2026, 3, 20),
            way: MakeUpWay::SelfStudy,
            note: String::new(),
        }),
    });
    a.study_hours = 2.5;
    data.activities.push(a);
    data
}

#[test]
fn round_trip_keeps_every_field() {
    let data = sample();
    let text = to_json(&data, "2026-11-21T10:00:00+08:00");
    let back = from_json(&text).expect("own export reads back");
    assert_eq!(back.format, FORMAT_TAG);
    assert_eq!(back.version, FORMAT_VERSION);
    assert_eq!(back.exported_at, "2026-11-21T10:00:00+08:00");
    assert_eq!(back.data, data);
    assert_eq!(to_json(&back.data, "2026-11-21T10:00:00+08:00"), text);
}

#[test]
fn counts_for_the_preview() {
    let c = Counts::of(&sample());
    assert_eq!(
        (c.groups, c.members, c.activities, c.attendance_entries, c.study_items),
        (1, 2, 1, 2, 0)
    );
}

#[test]
fn not_json_is_refused() {
    assert!(matches!(from_json("这不是JSON"), Err(BackupError::NotJson(_))));
    assert!(matches!(from_json(""), Err(BackupError::NotJson(_))));
    assert!(matches!(from_json("\u{feff}"), Err(BackupError::NotJson(_))));
}

#[test]
fn truncated_file_is_refused_with_a_message() {
    let text = to_json(&sample(), "t");
    for cut in [10, text.len() / 2, text.len() - 2] {
        let err = from_json(&text[..cut]).unwrap_err();
        assert!(matches!(err, BackupError::NotJson(_)), "cut at {cut}: {err:?}");
        assert!(err.to_string().contains("不是有效的 JSON"));
    }
}

#[test]
fn wrong_or_missing_tag_is_refused() {
    assert_eq!(
        from_json(r#"{"format":"other","version":1}"#),
        Err(BackupError::WrongFormat)
    );
    assert_eq!(from_json(r#"{"version":1}"#), Err(BackupError::WrongFormat));
    // Valid JSON that is not an envelope at all.
    assert_eq!(from_json("[1,2,3]"), Err(BackupError::WrongFormat));
    assert_eq!(from_json("42"), Err(BackupError::WrongFormat));
    assert_eq!(from_json("null"), Err(BackupError::WrongFormat));
    assert_eq!(
        from_json(r#"{"format":["zhibu-backup"],"version":2}"#),
        Err(BackupError::WrongFormat)
    );
}

#[test]
fn newer_version_is_refused() {
    let text = with_version(&to_json(&sample(), "t"), "99");
    let err = from_json(&text).unwrap_err();
    assert_eq!(err, BackupError::TooNew(99));
    assert!(err.to_string().contains("请先更新"));
    let next = with_version(&to_json(&sample(), "t"), &(FORMAT_VERSION + 1).to_string());
    assert_eq!(from_json(&next), Err(BackupError::TooNew(FORMAT_VERSION + 1)));
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    let text = " ".repeat(MAX_BACKUP_BYTES + 1);
    assert_eq!(from_json(&text), Err(BackupError::TooLarge));
    // A 50 MB file in particular.
    let big = format!(
        "{{\"format\":\"zhibu-backup\",\"pad\":\"{}\"}}",
        "x".repeat(50 * 1024 * 1024)
    );
    assert_eq!(from_json(&big), Err(BackupError::TooLarge));
}

#[test]
fn deeply_nested_json_does_not_overflow_the_stack() {
    let depth = 100_000;
    let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(matches!(from_json(&text), Err(BackupError::NotJson(_))));
    let nested_data = format!(
        "{{\"format\":\"zhibu-backup\",\"version\":1,\"exported_at\":\"t\",\"app_version\":\"x\",\"data\":{}{}}}",
        "{\"a\":".repeat(10_000),
        "1}".repeat(10_000)
    );
    assert!(from_json(&nested_data).is_err());
}

#[test]
fn numbers_out_of_range_are_refused() {
    for bad in ["99999999999999", "-1", "0", "1.5", "\"2\"", "null"] {
        let text = with_version(&to_json(&sample(), "t"), bad);
        let err = from_json(&text).unwrap_err();
        assert!(matches!(err, BackupError::BadData(_)), "version {bad}: {err:?}");
        assert!(err.to_string().contains("版本号"), "version {bad}: {err}");
    }
    let mut data = sample();
    data.activities[0].vote = Some(Vote {
        eligible: 2,
        present: 2,
        in_favour: 2,
        against: 0,
        abstain: 0,
    });
    let text = to_json(&data, "t").replace("\"in_favour\": 2", "\"in_favour\": -1");
    assert!(matches!(from_json(&text), Err(BackupError::BadData(_))));
    let text = to_json(&sample(), "t").replace("\"study_hours\": 2.5", "\"study_hours\": 1e308");
    let err = from_json(&text).unwrap_err();
    assert!(err.to_string().contains("学时"), "{err}");
}

#[test]
fn bad_dates_are_refused() {
    let text = to_json(&sample(), "t").replace("2026-03-15", "2026-02-30");
    assert!(matches!(from_json(&text), Err(BackupError::BadData(_))));
    let text = to_json(&sample(), "t").replace("2026-03-15", "9999-01-01");
    assert!(matches!(from_json(&text), Err(BackupError::BadData(_))));
}

#[test]
fn control_characters_in_text_are_refused() {
    let mut data = sample();
    data.members[0].name = "张\u{0007}三".into();
    let err = from_json(&to_json(&data, "t")).unwrap_err();
    let BackupError::Invalid(problems) = err else {
        panic!("expected Invalid, got {err:?}")
    };
    assert_eq!(problems, ["第1条党员（张?三）：名称：不能包含控制字符"]);
}

#[test]
fn colliding_ids_and_dangling_references_point_at_the_record() {
    let mut data = sample();
    data.members[1].id = MemberId::from("m-1");
    let BackupError::Invalid(problems) = from_json(&to_json(&data, "t")).unwrap_err() else {
        panic!()
    };
    assert_eq!(
        problems[0],
        "第2条党员（<script>alert(1)</script>）：编号 m-1 与前面的记录重复"
    );

    let mut data = sample();
    data.activities[0].host = Some(MemberId::from("m-9"));
    let BackupError::Invalid(problems) = from_json(&to_json(&data, "t")).unwrap_err() else {
        panic!()
    };
    assert_eq!(
        problems,
        ["第1条活动记录（2026-03-15 党员大会）：主持人引用了不存在的党员"]
    );

    let mut data = sample();
    data.members[0].group = Some(GroupId::from("g-9"));
    let err = from_json(&to_json(&data, "t")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "备份文件中有 1 处错误，未导入任何数据：\n第1条党员（张三）：党小组引用了不存在的党小组"
    );
}

#[test]
fn html_in_names_is_kept_as_data() {
    let back = from_json(&to_json(&sample(), "t")).unwrap();
    assert_eq!(back.data.members[1].name, "<script>alert(1)</script>");
}

#[test]
fn missing_required_fields_are_refused() {
    let text = to_json(&sample(), "t").replace("\"joined_branch\": \"2020-01-01\",", "");
    let err = from_json(&text).unwrap_err();
    assert!(
        matches!(err, BackupError::BadData(ref m) if m.contains("joined_branch")),
        "{err:?}"
    );
    let err = from_json(r#"{"format":"zhibu-backup","version":1}"#).unwrap_err();
    assert!(matches!(err, BackupError::BadData(_)), "{err:?}");
}
