#![cfg(not(target_arch = "wasm32"))]
//! The CSV files (`export::csv`: exact bytes, quoting, formula safety) and the summary JSON
//! (`export::summary_json`: round trip, rejection of bad input).

mod domain_support;

use domain_support::*;
use serde_json::{json, Value};
use zhibu::domain::rules::{default_rules, ids};
use zhibu::domain::summary::{annual_summary, AnnualSummary};
use zhibu::domain::*;
use zhibu::export::csv::{activities_csv, cell, member_sheet_csv, summary_table_csv, write_csv};
use zhibu::export::summary_json::{self, from_json, to_doc, to_json, SummaryJsonError, MAX_SUMMARY_BYTES};
use AttendanceStatus::{Absent, Present};

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn cells_are_quoted_only_when_needed_and_never_formulas() {
    assert_eq!(cell("组织生活会"), "组织生活会");
    assert_eq!(cell("甲，乙；丙"), "甲，乙；丙"); // Chinese punctuation needs no quotes
    assert_eq!(cell("“学习党章”"), "“学习党章”");
    assert_eq!(cell("a,b"), "\"a,b\"");
    assert_eq!(cell("他说\"好\""), "\"他说\"\"好\"\"\"");
    assert_eq!(cell("第一行\r\n第二行"), "\"第一行\r\n第二行\"");
    assert_eq!(cell("第一行\n第二行"), "\"第一行\n第二行\"");
    assert_eq!(cell("=SUM(A1:A9)"), "'=SUM(A1:A9)");
    assert_eq!(cell("+86 138"), "'+86 138");
    assert_eq!(cell("-1"), "'-1");
    assert_eq!(cell("@乙"), "'@乙");
    assert_eq!(cell("\tx"), "'\tx");
    assert_eq!(cell("=1,2"), "\"'=1,2\"");
    assert_eq!(cell("a=b"), "a=b");
    assert_eq!(cell("—"), "—");
    assert_eq!(cell(""), "");
}

#[test]
fn files_start_with_a_bom_and_end_lines_with_crlf() {
    let rows = vec![
        vec!["姓名".to_owned(), "备注".to_owned()],
        vec![],
        vec!["张三".to_owned(), "出差,\"北京\"".to_owned()],
    ];
    assert_eq!(
        write_csv(&rows),
        b"\xEF\xBB\xBF\xE5\xA7\x93\xE5\x90\x8D,\xE5\xA4\x87\xE6\xB3\xA8\r\n\r\n\xE5\xBC\xA0\xE4\xB8\x89,\"\xE5\x87\xBA\xE5\xB7\xAE,\"\"\xE5\x8C\x97\xE4\xBA\xAC\"\"\"\r\n"
    );
    assert_eq!(
        text(&write_csv(&rows)),
        "\u{feff}姓名,备注\r\n\r\n张三,\"出差,\"\"北京\"\"\"\r\n"
    );
    assert_eq!(write_csv(&[]), b"\xEF\xBB\xBF");
}

/// 甲 (group "第一,小组") and "@乙"; 2 党员大会 (乙 absent in May), a 主题党日 with a formula-like theme,
/// a 组织生活会 with 民主评议. Rules: 党员大会, 组织生活会, 民主评议党员, 学时.
fn small_year() -> (Dataset, AnnualSummary) {
    let mut data = dataset(
        vec![group("g-1", "第一,小组")],
        vec![in_group(full("m-a", "甲"), "g-1"), full("m-b", "@乙")],
    );
    data.branch.name = "第一党支部, \"机关\"".into();
    data.members[1].phone = "13912345678".into();
    let mut add = |id: &str, kind: ActivityKind, date: Date, b: AttendanceStatus| {
        let mut a = activity(id, kind, date);
        a.attendance = vec![entry("m-a", Present), entry("m-b", b)];
        data.activities.push(a);
    };
    add("a-1", ActivityKind::GeneralMeeting, d(2026, 2, 10), Present);
    add("a-2", ActivityKind::GeneralMeeting, d(2026, 5, 10), Absent);
    add("a-3", ActivityKind::ThemeDay, d(2026, 6, 15), Present);
    add("a-4", ActivityKind::OrgLifeMeeting, d(2026, 12, 10), Present);
    data.activities[2].theme = "=HYPERLINK(\"x\")".into();
    data.activities[2].study_hours = 2.5;
    data.activities[3].agenda = vec!["民主评议党员".into()];
    data.activities[3].review = Some(rated_review(&["m-a", "m-b"], member_review::Rating::Qualified));
    let rules: Vec<_> = default_rules()
        .into_iter()
        .filter(|r| {
            [
                ids::GENERAL_MEETING,
                ids::ORG_LIFE_MEETING,
                ids::MEMBER_REVIEW,
                ids::STUDY_HOURS,
            ]
            .contains(&r.id.as_str())
        })
        .collect();
    let summary = annual_summary(&data, &rules, 2026);
    (data, summary)
}

#[test]
fn the_summary_table_csv() {
    let (_, summary) = small_year();
    let expected = [
        "\u{feff}\"第一党支部, \"\"机关\"\"2026年度组织生活情况统计\"",
        "",
        "类别,要求次数,实际开展,平均参会率,未完成期间",
        "党员大会,4,2,75%,第三季度、第四季度",
        "主题党日,,1,100%,",
        "组织生活会,1,1,100%,",
        "民主评议党员,1,1（含组织生活会1次）,100%,",
        "",
        "党员平均参会率,88%",
        "学习计划完成,0/0",
        "学时达标人数,0/2（每年32学时）",
        "民主评议党员,合格2人",
        "",
        "总结,全年共召开支部党员大会2次，开展主题党日1次，召开组织生活会1次并开展民主评议党员，党员平均参会率88%。",
        "",
    ]
    .join("\r\n");
    assert_eq!(text(&summary_table_csv(&summary)), expected);
}

#[test]
fn the_member_sheet_csv() {
    let (_, summary) = small_year();
    let expected = [
        "\u{feff}\"第一党支部, \"\"机关\"\"2026年度党员参加组织生活情况\"",
        "姓名,类别,党小组,1月,2月,3月,4月,5月,6月,7月,8月,9月,10月,11月,12月,应到,实到,出席,请假,缺席,异地参加,参会率,补学已完成,补学未完成,学时,谈心谈话,评议等次",
        "甲,正式党员,\"第一,小组\",,出席,,,出席,出席,,,,,,出席,4,4,4,0,0,0,100%,0,0,2.5,0,合格",
        "'@乙,正式党员,,,出席,,,缺席,出席,,,,,,出席,4,3,3,0,1,0,75%,0,1,2.5,0,合格",
        "",
    ]
    .join("\r\n");
    let csv = member_sheet_csv(&summary);
    assert_eq!(text(&csv), expected);
    assert!(!text(&csv).contains("13912345678"));
}

#[test]
fn the_activities_csv() {
    let (_, summary) = small_year();
    let expected = [
        "\u{feff}\"第一党支部, \"\"机关\"\"2026年度组织生活一览\"",
        "日期,类别,主题,应到,实到,参会率",
        "2026-02-10,党员大会,,2,2,100%",
        "2026-05-10,党员大会,,2,1,50%",
        "2026-06-15,主题党日,\"'=HYPERLINK(\"\"x\"\")\",2,2,100%",
        "2026-12-10,组织生活会,,2,2,100%",
        "",
    ]
    .join("\r\n");
    assert_eq!(text(&activities_csv(&summary)), expected);
}

// ---------------------------------------------------------------- summary JSON

const AT: &str = "2027-01-05T10:00:00+08:00";

#[test]
fn summary_json_round_trips_without_ids_or_phone_numbers() {
    let (_, summary) = small_year();
    let text = to_json(&summary, AT);
    let doc = from_json(&text).unwrap();
    assert_eq!(doc, to_doc(&summary, AT));
    assert_eq!((doc.format.as_str(), doc.version, doc.year), ("zhibu-summary", 2, 2026));
    // Version 2: the ratings, each member's rating; no 整改 items in this year.
    let ratings = doc.ratings.expect("two members rated");
    assert_eq!((ratings.qualified, ratings.total()), (2, 2));
    assert_eq!(doc.members[0].rating, Some(member_review::Rating::Qualified));
    assert_eq!(doc.rectifications, None);
    // A version-1 file (no ratings) still reads.
    let mut v1: serde_json::Value = serde_json::from_str(&text).unwrap();
    v1["version"] = 1.into();
    v1.as_object_mut().unwrap().remove("ratings");
    for m in v1["members"].as_array_mut().unwrap() {
        m.as_object_mut().unwrap().remove("rating");
    }
    let old = from_json(&v1.to_string()).unwrap();
    assert_eq!((old.version, old.ratings, old.members[0].rating), (1, None, None));
    assert_eq!(doc.generated_at, AT);
    assert_eq!(doc.branch.name, "第一党支部, \"机关\"");
    assert_eq!(doc.sentence, summary.sentence());
    assert_eq!(
        (doc.totals.expected, doc.totals.attended, doc.totals.average_rate),
        (8, 7, Some(88))
    );
    assert_eq!(doc.table.len(), 4);
    assert_eq!(doc.table[0].missed, ["第三季度", "第四季度"]);
    assert_eq!(doc.members.len(), 2);
    assert_eq!(doc.members[1].name, "@乙");
    assert_eq!(doc.members[1].months[4], "缺席");
    assert_eq!(doc.members[1].rate, Some(75));
    assert!(!text.contains("13912345678"));
    assert!(!text.contains("m-a") && !text.contains("m-b") && !text.contains("\"phone\""));

    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["table"][0]["kind"], "general_meeting");
    assert_eq!(v["table"][1]["required"], Value::Null);
    assert_eq!(v["members"][0]["kind"], "full");
    assert_eq!(v["as_of"], Value::Null);
    assert_eq!(v["study_hours"], json!({"minimum": 32.0, "members": 2, "met": 0}));
    assert_eq!(v["heart_talks"], Value::Null);

    // The fixture's own rows validate, and unknown fields are ignored.
    let mut extra = v.clone();
    extra["remark"] = json!("附注");
    assert!(from_json(&extra.to_string()).is_ok());
}

fn edited(edit: impl Fn(&mut Value)) -> Result<summary_json::SummaryDoc, SummaryJsonError> {
    let (_, summary) = small_year();
    let mut v: Value = serde_json::from_str(&to_json(&summary, AT)).unwrap();
    edit(&mut v);
    from_json(&v.to_string())
}

#[test]
fn summary_json_rejects_what_is_not_a_valid_summary() {
    assert!(matches!(from_json("{"), Err(SummaryJsonError::NotJson(_))));
    assert!(matches!(
        from_json("\"zhibu-summary\""),
        Err(SummaryJsonError::NotJson(_))
    ));
    assert_eq!(
        from_json(r#"{"format":"zhibu-backup","version":1}"#),
        Err(SummaryJsonError::WrongFormat)
    );
    assert_eq!(from_json(r#"{"version":1}"#), Err(SummaryJsonError::WrongFormat));
    assert_eq!(
        from_json(r#"{"format":"zhibu-summary"}"#),
        Err(SummaryJsonError::NoVersion)
    );
    assert_eq!(
        from_json(r#"{"format":"zhibu-summary","version":3}"#),
        Err(SummaryJsonError::TooNew(3))
    );
    assert_eq!(
        SummaryJsonError::TooNew(2).to_string(),
        "年度总结文件版本 2 比本应用新，请先更新支部台账再导入"
    );
    assert!(matches!(
        from_json(r#"{"format":"zhibu-summary","version":"1"}"#),
        Err(SummaryJsonError::BadData(_))
    ));
    assert!(matches!(
        from_json(r#"{"format":"zhibu-summary","version":1}"#),
        Err(SummaryJsonError::BadData(_))
    ));
    let huge = " ".repeat(MAX_SUMMARY_BYTES + 1);
    assert_eq!(from_json(&huge), Err(SummaryJsonError::TooLarge));

    // Structure.
    assert!(matches!(
        edited(|v| {
            v.as_object_mut().unwrap().remove("table");
        }),
        Err(SummaryJsonError::BadData(_))
    ));
    assert!(matches!(
        edited(|v| {
            v["members"][0]["months"].as_array_mut().unwrap().pop();
        }),
        Err(SummaryJsonError::BadData(_))
    ));
    assert!(matches!(
        edited(|v| v["table"][0]["kind"] = json!("tea_party")),
        Err(SummaryJsonError::BadData(_))
    ));
    assert!(matches!(
        edited(|v| v["activities"][0]["date"] = json!("2026-2-10")),
        Err(SummaryJsonError::BadData(_))
    ));

    // Content.
    let invalid = |edit: &dyn Fn(&mut Value)| match edited(edit) {
        Err(SummaryJsonError::Invalid(problems)) => problems,
        other => panic!("expected Invalid, got {other:?}"),
    };
    assert_eq!(invalid(&|v| v["year"] = json!(1800)), ["年度 1800 不在 1900—2200 之间"]);
    assert_eq!(invalid(&|v| v["generated_at"] = json!("昨天")), ["生成时间格式有误"]);
    assert_eq!(invalid(&|v| v["branch"]["name"] = json!("  ")), ["缺少支部名称"]);
    assert_eq!(
        invalid(&|v| v["totals"]["attended"] = json!(9)),
        ["合计：实到人数大于应到人数"]
    );
    assert_eq!(
        invalid(&|v| v["totals"]["average_rate"] = json!(99)),
        ["合计：参会率与应到、实到人数不符"]
    );
    assert_eq!(
        invalid(&|v| v["table"][1] = v["table"][0].clone()),
        ["统计表“党员大会”行重复"]
    );
    assert_eq!(
        invalid(&|v| v["study_plan"] = json!({"done": 3, "total": 2})),
        ["学习计划完成数大于计划总数"]
    );
    assert_eq!(
        invalid(&|v| v["members"][1]["absent"] = json!(0)),
        [
            "党员“@乙”：出席、请假、缺席、异地参加之和与应到、实到不符",
            "党员“@乙”：补学次数与请假、缺席次数不符"
        ]
    );
    assert_eq!(
        invalid(&|v| v["activities"][0]["date"] = json!("2025-02-10")),
        ["活动“2025-02-10 党员大会”不在该年度内"]
    );
    assert_eq!(
        invalid(&|v| v["as_of"] = json!("2025-06-30")),
        ["统计截止日期不在该年度内"]
    );
    assert_eq!(
        invalid(&|v| v["members"][0]["study_hours"] = json!(-1.0)),
        ["党员“甲”：学时有误"]
    );
    let err = edited(|v| v["members"][0]["name"] = json!("甲\u{7}")).unwrap_err();
    assert_eq!(err.to_string(), "年度总结文件中的数据有误：党员“甲\u{7}”含有控制字符");
    // Counts near u32::MAX do not overflow.
    assert!(matches!(
        edited(|v| {
            v["members"][0]["present"] = json!(u32::MAX);
            v["members"][0]["elsewhere"] = json!(u32::MAX);
        }),
        Err(SummaryJsonError::Invalid(_))
    ));
}
