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
        joined_branch: Some(Date::ymd(2020, 1, 1)),
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
    let text = to_json(&sample(), "t").replacen("\"kind\": \"full\",", "", 1);
    let err = from_json(&text).unwrap_err();
    assert!(
        matches!(err, BackupError::BadData(ref m) if m.contains("kind")),
        "{err:?}"
    );
    let err = from_json(r#"{"format":"zhibu-backup","version":1}"#).unwrap_err();
    assert!(matches!(err, BackupError::BadData(_)), "{err:?}");
}

/// Found by `cargo fuzz` (fuzz/, crash-182749e4…): the seed branch with one edited rule, merged into an
/// empty device with "keep this device's records", came out with the default rule instead of the
/// backup's (a device that never edited its rules now gives way to the backup's edited rules).
#[test]
fn fuzz_regression_edited_rules_merge_into_an_empty_device() {
    use zhibu::domain::merge::{merge, merge_checked, Keep};
    let text = include_str!("../fuzz/seeds/small-v1.json").replacen(
        "\"id\":\"party_lecture_quarterly\",\"kind\":{\"activity\":\"party_lecture\"},\"local\":true,\"minimum\":1.0",
        "\"id\":\"party_lecture_quarterly\",\"kind\":{\"activity\":\"party_lecture\"},\"local\":true,\"minimum\":2.0",
        1,
    );
    let backup = from_json(&text).expect("the mutated seed is a valid backup");
    assert_eq!(backup.migrated_from, Some(1));
    assert_eq!(
        backup
            .data
            .rules
            .iter()
            .find(|r| r.id == "party_lecture_quarterly")
            .unwrap()
            .minimum,
        2.0
    );
    for keep in [Keep::Local, Keep::Incoming] {
        assert_eq!(merge(&Dataset::default(), &backup.data, keep), backup.data);
        assert_eq!(
            merge_checked(&Dataset::default(), &backup.data, keep).unwrap(),
            backup.data
        );
    }
}

// ---- versions -------------------------------------------------------------------------------------

/// A file as version 1 of the format had it: no `branch_name`, no `counts`.
fn as_v1(data: &Dataset) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&to_json(data, "2025-01-01T08:00:00+08:00")).unwrap();
    let o = v.as_object_mut().unwrap();
    o.remove("branch_name");
    o.remove("counts");
    o.insert("version".into(), 1.into());
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn the_current_version_is_4_with_branch_name_and_counts() {
    assert_eq!(FORMAT_VERSION, 4);
    let text = to_json(&sample(), "t");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 4);
    assert_eq!(v["branch_name"], "机关第一党支部");
    assert_eq!(
        v["counts"],
        serde_json::json!({ "groups": 1, "members": 2, "activities": 1, "attendance_entries": 2,
                            "study_items": 0, "rules": 0 })
    );
    // The head comes before the data, so a person opening the file sees it first.
    let head = &text[..text.find("\"data\"").unwrap()];
    assert!(head.contains("\"counts\"") && head.contains("\"branch_name\""));
    let back = from_json(&text).unwrap();
    assert_eq!(back.migrated_from, None);
    assert_eq!(back.counts, Counts::of(&sample()));
}

#[test]
fn a_version_1_file_is_migrated_and_imports() {
    let text = as_v1(&sample());
    assert!(!text.contains("counts"));
    let back = from_json(&text).expect("a version-1 file still imports");
    assert_eq!(back.version, FORMAT_VERSION);
    assert_eq!(back.migrated_from, Some(1));
    assert_eq!(back.data, sample());
    assert_eq!(back.branch_name, "机关第一党支部");
    assert_eq!(back.counts, Counts::of(&sample()));
    assert_eq!(back.exported_at, "2025-01-01T08:00:00+08:00");
    // Writing it again gives the current version.
    assert!(to_json(&back.data, "t").contains("\"version\": 4"));
}

/// A file as version 2 wrote it: every member with a `joined_branch` date, no `branch.name_order`.
fn as_v2(data: &Dataset) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&to_json(data, "2026-01-01T08:00:00+08:00")).unwrap();
    v["data"]["branch"].as_object_mut().unwrap().remove("name_order");
    v["version"] = 2.into();
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn a_version_2_file_imports_with_stroke_order_and_every_date_kept() {
    let text = as_v2(&sample());
    assert!(!text.contains("name_order") && text.contains("\"version\": 2"));
    let back = from_json(&text).expect("a version-2 file still imports");
    assert_eq!(back.migrated_from, Some(2));
    assert_eq!(back.data, sample());
    assert_eq!(back.data.branch.name_order, NameOrder::Strokes);
}

#[test]
fn an_unknown_joined_date_and_the_name_order_round_trip() {
    let mut data = sample();
    data.members[0].joined_branch = None;
    data.branch.name_order = NameOrder::Pinyin;
    let text = to_json(&data, "t");
    assert!(text.contains("\"joined_branch\": null") && text.contains("\"name_order\": \"pinyin\""));
    assert_eq!(from_json(&text).unwrap().data, data);
    // Absent means unknown too.
    let absent = text.replacen("\"joined_branch\": null,", "", 1);
    assert_eq!(from_json(&absent).unwrap().data, data);
}

#[test]
fn a_version_1_file_is_still_checked_completely() {
    let mut data = sample();
    data.activities[0].host = Some(MemberId::from("m-9"));
    let err = from_json(&as_v1(&data)).unwrap_err();
    assert!(matches!(err, BackupError::Invalid(_)), "{err:?}");
    let text = as_v1(&sample()).replacen("\"kind\": \"full\",", "", 1);
    assert!(matches!(from_json(&text), Err(BackupError::BadData(_))));
}

#[test]
fn version_5_is_refused_with_the_update_message() {
    let text = with_version(&to_json(&sample(), "t"), "5");
    let err = from_json(&text).unwrap_err();
    assert_eq!(err, BackupError::TooNew(5));
    assert_eq!(err.to_string(), "备份文件版本 5 比本应用新，请先更新支部台账再导入");
}

#[test]
fn a_version_3_file_imports_and_a_version_4_file_keeps_ratings_examinations_and_items() {
    use zhibu::domain::member_review::{Ballots, MemberReview, RatedMember, Rating};
    use zhibu::domain::org_life::{Examination, Rectification};
    // Version 3 (before 民主评议 and 整改 were kept): the same data, migrated.
    let text = with_version(&to_json(&sample(), "t"), "3");
    let back = from_json(&text).unwrap();
    assert_eq!((back.migrated_from, &back.data), (Some(3), &sample()));
    // Version 4 round trip with everything filled in.
    let mut data = sample();
    let a = &mut data.activities[0];
    a.review = Some(MemberReview {
        ballot: Some(a.date),
        decided: Some(a.date),
        members: vec![RatedMember {
            ballots: Ballots {
                excellent: 1,
                qualified: 1,
                basically_qualified: 0,
                unqualified: 0,
            },
            rating: Some(Rating::Excellent),
            ..RatedMember::new(MemberId::from("m-1"))
        }],
        ..MemberReview::default()
    });
    a.examinations = vec![Examination {
        member: MemberId::from("m-1"),
        points: "理论学习不够系统".into(),
        criticism: "发言准备不足".into(),
    }];
    a.rectifications = vec![Rectification {
        owner: Some(MemberId::from("m-1")),
        due: Some(a.date),
        problem: "学习不系统".into(),
        ..Rectification::new("r1".into())
    }];
    let back = from_json(&to_json(&data, "t")).unwrap();
    assert_eq!(back.data, data);
    // A 整改 item of someone who is not in the branch is refused like any other bad reference.
    data.activities[0].rectifications[0].owner = Some(MemberId::from("m-x"));
    assert!(matches!(from_json(&to_json(&data, "t")), Err(BackupError::Invalid(_))));
}

#[test]
fn counts_that_disagree_with_the_data_are_refused() {
    // A hand-edited file: one activity deleted, counts left as they were.
    let mut v: serde_json::Value = serde_json::from_str(&to_json(&sample(), "t")).unwrap();
    v["data"]["activities"].as_array_mut().unwrap().clear();
    let err = from_json(&v.to_string()).unwrap_err();
    let BackupError::CountsMismatch(problems) = &err else {
        panic!("expected CountsMismatch, got {err:?}")
    };
    assert_eq!(
        problems,
        &[
            "活动记录：文件头写 1 条，实际有 0 条",
            "出席名单条目：文件头写 2 条，实际有 0 条"
        ]
    );
    assert!(err.to_string().starts_with("备份文件的记录数量与内容不符"), "{err}");

    // The branch name in the head must be the one in the data.
    let mut v: serde_json::Value = serde_json::from_str(&to_json(&sample(), "t")).unwrap();
    v["branch_name"] = "别的支部".into();
    let err = from_json(&v.to_string()).unwrap_err();
    assert!(err.to_string().contains("文件头的支部名称是“别的支部”"), "{err}");

    // A version-2 file without counts is incomplete.
    let mut v: serde_json::Value = serde_json::from_str(&to_json(&sample(), "t")).unwrap();
    v.as_object_mut().unwrap().remove("counts");
    let err = from_json(&v.to_string()).unwrap_err();
    assert_eq!(err, BackupError::BadData("文件头缺少字段 counts".into()));
    // Negative or fractional counts.
    let mut v: serde_json::Value = serde_json::from_str(&to_json(&sample(), "t")).unwrap();
    v["counts"]["members"] = serde_json::json!(-2);
    let err = from_json(&v.to_string()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "备份文件内容不完整或有误：文件头的 counts：数值 -2 超出范围（应为非负整数）"
    );
}

// ---- hostile input, more --------------------------------------------------------------------------

/// The sample as a JSON value, changed by `f`, as text.
fn edited(f: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&to_json(&sample(), "t")).unwrap();
    f(&mut v);
    v.to_string()
}

#[test]
fn a_bad_field_is_reported_with_its_record_in_chinese() {
    let err = from_json(&edited(|v| v["data"]["members"][1]["kind"] = "boss".into())).unwrap_err();
    assert_eq!(
        err.to_string(),
        "备份文件内容不完整或有误：第2条党员（<script>alert(1)</script>）：“boss”不是可用的取值（可用：full、probationary、activist）"
    );
    let err = from_json(&edited(|v| v["data"]["activities"][0]["study_hours"] = "2".into())).unwrap_err();
    assert_eq!(
        err.to_string(),
        "备份文件内容不完整或有误：第1条活动记录（2026-03-15 党员大会）：类型不对：应为数字，实际是文字 \"2\""
    );
    let err = from_json(&edited(|v| {
        v["data"]["members"].as_array_mut().unwrap()[0]
            .as_object_mut()
            .unwrap()
            .remove("kind");
    }))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "备份文件内容不完整或有误：第1条党员（张三）：缺少字段 kind"
    );
    let err = from_json(&edited(|v| v["data"]["groups"] = serde_json::json!({}))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "备份文件内容不完整或有误：党小组（data.groups）应为列表"
    );
}

#[test]
fn integers_out_of_range_and_floats_where_integers_belong() {
    let mut data = sample();
    data.activities[0].vote = Some(Vote {
        eligible: 2,
        present: 2,
        in_favour: 2,
        against: 0,
        abstain: 0,
    });
    let text = to_json(&data, "t");
    for (bad, expected) in [
        ("4294967296", "数值 4294967296 超出范围（应为非负整数）"),
        ("-1", "数值 -1 超出范围（应为非负整数）"),
        ("1.5", "类型不对：应为非负整数，实际是小数 1.5"),
        ("1e3", "类型不对：应为非负整数，实际是小数 1000"),
        ("18446744073709551616", "类型不对：应为非负整数，实际是小数"),
    ] {
        let err = from_json(&text.replace("\"in_favour\": 2", &format!("\"in_favour\": {bad}"))).unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, BackupError::BadData(_)), "{bad}: {err:?}");
        assert!(message.contains(expected), "{bad}: {message}");
    }
    // Study hours: any number reads, the range check names the field.
    for bad in ["-0.5", "100.5", "1e308"] {
        let err = from_json(&text.replace("\"study_hours\": 2.5", &format!("\"study_hours\": {bad}"))).unwrap_err();
        assert!(err.to_string().contains("学时应在 0 到 100 之间"), "{bad}: {err}");
    }
    // A number too big for JSON's doubles is a syntax error, not a crash.
    let err = from_json(&text.replace("\"study_hours\": 2.5", "\"study_hours\": 1e400")).unwrap_err();
    assert!(matches!(err, BackupError::NotJson(_)), "{err:?}");
    assert!(err.to_string().contains("数字超出范围"), "{err}");
}

#[test]
fn years_0_and_10000_and_odd_dates_are_refused() {
    for (bad, expected) in [
        ("0000-01-01", "：0000-01-01"),
        ("10000-01-01", "日期格式错误：10000-01-01"),
        ("1899-12-31", "年份应在 1900 到 2200 之间"),
        ("2201-01-01", "年份应在 1900 到 2200 之间"),
        ("2026-3-15", "日期格式错误"),
        ("2026-02-29", "没有这一天"),
    ] {
        let err = from_json(&to_json(&sample(), "t").replace("2026-03-15", bad)).unwrap_err();
        assert!(matches!(err, BackupError::BadData(_)), "{bad}: {err:?}");
        assert!(err.to_string().contains(expected), "{bad}: {err}");
        assert!(err.to_string().contains("第1条活动记录"), "{bad}: {err}");
    }
    let err = from_json(&to_json(&sample(), "t").replace("\"09:00\"", "\"24:00\"")).unwrap_err();
    assert!(err.to_string().contains("时间格式应为"), "{err}");
}

#[test]
fn deep_nesting_gives_a_chinese_message() {
    for text in [
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        "[".repeat(100_000),
        format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200)),
    ] {
        let err = from_json(&text).unwrap_err();
        assert!(matches!(err, BackupError::NotJson(_)), "{err:?}");
        assert!(err.to_string().contains("嵌套层数过多"), "{err}");
        assert!(err.to_string().is_char_boundary(0));
    }
    // Nesting inside a valid envelope: refused the same way.
    let text = to_json(&sample(), "t").replacen(
        "\"note\": \"\"",
        &format!("\"note\": {}{}", "[".repeat(500), "]".repeat(500)),
        1,
    );
    assert!(from_json(&text).unwrap_err().to_string().contains("嵌套层数过多"));
}

#[test]
fn control_characters_escaped_or_raw() {
    // Escaped in JSON: read, then refused by the text check with the record named.
    let text = to_json(&sample(), "t").replace("\"出差\"", "\"出\\u0000差\"");
    let err = from_json(&text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "备份文件中有 1 处错误，未导入任何数据：\n第1条活动记录（2026-03-15 党员大会）：出席名单：不能包含控制字符"
    );
    // Raw inside a string: not valid JSON.
    let text = to_json(&sample(), "t").replace("\"出差\"", "\"出\u{1}差\"");
    let err = from_json(&text).unwrap_err();
    assert!(err.to_string().contains("控制字符"), "{err}");
    // A lone surrogate escape.
    let text = to_json(&sample(), "t").replace("\"出差\"", "\"\\ud800\"");
    assert!(matches!(from_json(&text), Err(BackupError::NotJson(_))));
    // Control characters in the head.
    let err = from_json(&to_json(&sample(), "a\u{7}b")).unwrap_err();
    assert_eq!(err, BackupError::BadData("文件头的导出时间格式不对".into()));
    // Newlines and tabs in long text are fine.
    let mut data = sample();
    data.activities[0].content = "第一段\n\t第二段\r\n".into();
    assert_eq!(from_json(&to_json(&data, "t")).unwrap().data, data);
}

#[test]
fn html_and_script_survive_as_plain_text() {
    let mut data = sample();
    data.branch.name = "<img src=x onerror=alert(1)>支部".into();
    data.activities[0].content = "</script><script>alert('x')</script>&amp;".into();
    let back = from_json(&to_json(&data, "t")).unwrap();
    assert_eq!(back.data, data);
    assert_eq!(back.branch_name, "<img src=x onerror=alert(1)>支部");
}

#[test]
fn colliding_ids_within_and_across_kinds() {
    // Two activities with one id.
    let mut data = sample();
    let mut second = data.activities[0].clone();
    second.date = Date::ymd(2026, 3, 16);
    data.activities.push(second);
    let BackupError::Invalid(problems) = from_json(&to_json(&data, "t")).unwrap_err() else {
        panic!()
    };
    assert_eq!(
        problems,
        ["第2条活动记录（2026-03-16 党员大会）：编号 a-1 与前面的记录重复"]
    );
    // A member id used as a group id: wrong prefix.
    let mut data = sample();
    data.groups[0].id = GroupId::from("m-1");
    let err = from_json(&to_json(&data, "t")).unwrap_err();
    assert!(
        err.to_string().contains("第1条党小组（第一党小组）：编号格式不正确"),
        "{err}"
    );
    // The same person twice on one roll.
    let mut data = sample();
    let again = data.activities[0].attendance[0].clone();
    data.activities[0].attendance.push(again);
    let err = from_json(&to_json(&data, "t")).unwrap_err();
    assert!(err.to_string().contains("同一人员在出席名单中出现了两次"), "{err}");
    // Duplicate keys in one JSON object: serde refuses them.
    let text = to_json(&sample(), "t").replacen("\"name\": \"张三\",", "\"name\": \"张三\", \"name\": \"李四\",", 1);
    let err = from_json(&text).unwrap_err();
    assert!(matches!(err, BackupError::NotJson(_)), "{err:?}");
    assert!(err.to_string().contains("同一对象中字段 name 出现了两次"), "{err}");
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let text = format!("\u{feff}{}", to_json(&sample(), "t"));
    assert_eq!(from_json(&text).unwrap().data, sample());
}

#[test]
fn syntax_errors_say_where() {
    let err = from_json("{\"format\": \"zhibu-backup\",\n \"version\": 2,,}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "文件不是有效的 JSON（第 2 行第 15 列处格式错误），请确认选择的是本应用导出的备份文件"
    );
    let err = from_json("{\"format\": \"zhibu-backup\"").unwrap_err();
    assert!(err.to_string().contains("处中断，内容不完整"), "{err}");
    let err = from_json("{} {}").unwrap_err();
    assert!(err.to_string().contains("多余内容"), "{err}");
}

#[test]
fn a_roll_entry_writes_reason_and_make_up_only_when_set() {
    let text = to_json(&sample(), "2026-11-21T10:00:00+08:00");
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let roll = &value["data"]["activities"][0]["attendance"];
    // The common entry: who and how, nothing else (most of a backup's bytes are roll entries).
    assert_eq!(roll[0], serde_json::json!({ "member": "m-1", "status": "present" }));
    assert_eq!(roll[1]["reason"], "出差");
    assert_eq!(roll[1]["make_up"]["way"], "self_study");
}

#[test]
fn a_file_with_empty_reasons_and_null_make_ups_reads_the_same() {
    // As written before the empty fields were left out: `"reason": ""` and `"make_up": null` on every entry.
    let text = to_json(&sample(), "2026-11-21T10:00:00+08:00");
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    for entry in value["data"]["activities"][0]["attendance"]
        .as_array_mut()
        .expect("a roll")
    {
        let entry = entry.as_object_mut().expect("an entry");
        entry.entry("reason").or_insert(serde_json::json!(""));
        entry.entry("make_up").or_insert(serde_json::Value::Null);
    }
    let old = serde_json::to_string_pretty(&value).expect("JSON");
    assert!(old.contains("\"reason\": \"\"") && old.contains("\"make_up\": null"));
    let back = from_json(&old).expect("the older form still imports");
    assert_eq!(back.data, sample());
}
