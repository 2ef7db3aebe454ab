#![cfg(not(target_arch = "wasm32"))]
//! Members pasted from Excel: `parse_member_rows`.

mod domain_support;

use domain_support::*;
use zhibu::domain::*;

fn groups() -> Vec<PartyGroup> {
    vec![group("g-1", "第一党小组"), group("g-2", "第二党小组")]
}

fn parse(text: &str) -> Vec<PastedRow> {
    let mut ids = |i: usize| MemberId(format!("m-new{i}"));
    parse_member_rows(text, &groups(), &mut ids)
}

fn ok(row: &PastedRow) -> &Member {
    row.result
        .as_ref()
        .unwrap_or_else(|e| panic!("line {} failed: {e:?}", row.line))
}

fn errors(row: &PastedRow) -> &[String] {
    row.result.as_ref().expect_err("expected errors")
}

#[test]
fn tab_separated_rows_from_excel_with_header() {
    let text = "姓名\t类别\t党小组\t入党日期\t转入日期\t电话\r\n\
                张三\t正式党员\t第一党小组\t2010-07-01\t2018-03-05\t13800000000\r\n\
                李四\t预备\t第二党小组\t2025/12/1\t\t\r\n\
                \r\n\
                王五\t积极分子\t\t\t\t\r\n";
    let rows = parse(text);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 3, 5]);

    let zhang = ok(&rows[0]);
    assert_eq!(zhang.id, mid("m-new0"));
    assert_eq!(zhang.name, "张三");
    assert_eq!(zhang.kind, MemberKind::Full);
    assert_eq!(zhang.group, Some(gid("g-1")));
    assert_eq!(zhang.party_joined, Some(d(2010, 7, 1)));
    assert_eq!(zhang.joined_branch, Some(d(2018, 3, 5)));
    assert_eq!(zhang.phone, "13800000000");
    assert_eq!(zhang.left_branch, None);
    assert_eq!(zhang.full_since, None);
    assert!(!zhang.mobile);

    let li = ok(&rows[1]);
    assert_eq!(li.id, mid("m-new1"));
    assert_eq!(li.kind, MemberKind::Probationary);
    assert_eq!(li.group, Some(gid("g-2")));
    assert_eq!(li.party_joined, Some(d(2025, 12, 1)));
    assert_eq!(
        li.joined_branch, None,
        "an empty 转入日期 is left unknown, never today's date"
    );

    let wang = ok(&rows[2]);
    assert_eq!(wang.kind, MemberKind::Activist);
    assert_eq!(wang.group, None);
    assert_eq!(wang.party_joined, None);
    assert_eq!(rows[2].raw, "王五\t积极分子\t\t\t\t");
}

#[test]
fn comma_and_chinese_comma_and_quoted_cells() {
    let rows = parse(
        "赵六,正式党员,第一党小组,2001-07-01\n钱七，预备党员，第二党小组，2025-10-01\n\"孙, 八\",正式,,\"2000-01-01\"",
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(ok(&rows[0]).name, "赵六");
    assert_eq!(ok(&rows[0]).group, Some(gid("g-1")));
    assert_eq!(ok(&rows[1]).name, "钱七");
    assert_eq!(ok(&rows[1]).kind, MemberKind::Probationary);
    assert_eq!(ok(&rows[1]).party_joined, Some(d(2025, 10, 1)));
    assert_eq!(ok(&rows[2]).name, "孙, 八");
    assert_eq!(ok(&rows[2]).party_joined, Some(d(2000, 1, 1)));
    assert_eq!(ok(&rows[2]).group, None);
}

#[test]
fn unknown_kind_is_an_error_naming_the_line() {
    let rows = parse("姓名,类别\n周九,党委委员");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        errors(&rows[0]),
        ["第2行：类别“党委委员”无法识别，应为 正式党员/预备党员/入党积极分子"]
    );
}

#[test]
fn unknown_group_and_bad_dates_are_errors() {
    let rows = parse("吴十,正式党员,第九党小组,2010-02-30,2020-13-01");
    assert_eq!(rows.len(), 1);
    let errs = errors(&rows[0]);
    assert_eq!(errs.len(), 3, "{errs:?}");
    assert_eq!(errs[0], "第1行：党小组“第九党小组”不存在，请先在党小组中添加，或留空");
    assert_eq!(errs[1], "第1行：入党日期“2010-02-30”：没有这一天，请检查月份和日期");
    assert_eq!(errs[2], "第1行：转入日期“2020-13-01”：没有这一天，请检查月份和日期");

    let rows = parse("郑一,正式党员,,七月一日");
    assert_eq!(
        errors(&rows[0]),
        ["第1行：入党日期“七月一日”：日期格式应为 年-月-日，例如 2026-03-15"]
    );
}

#[test]
fn missing_name_and_too_long_name_are_errors() {
    let rows = parse("\t正式党员\t第一党小组\n很长的名字很长的名字很长的名字很长的名字很长的名字很长的名字很长的名字很长的名字很长的名字");
    assert_eq!(rows.len(), 2);
    assert_eq!(errors(&rows[0]), ["第1行：请填写姓名"]);
    assert_eq!(errors(&rows[1]), ["第2行：姓名：不能超过40个字"]);
}

#[test]
fn html_in_names_is_kept_verbatim() {
    let rows = parse("<b>王</b>&amp;<script>alert(1)</script>,正式党员");
    assert_eq!(ok(&rows[0]).name, "<b>王</b>&amp;<script>alert(1)</script>");
}

#[test]
fn header_columns_in_another_order_are_followed() {
    let text = "序号\t性别\t电话\t姓名\t所在党小组\t入党时间\t人员类别\n\
                1\t男\t139\t陈二\t第二党小组\t19950701\t正式党员\n\
                2\t女\t\t林三\t\t43647\t预备党员";
    let rows = parse(text);
    assert_eq!(rows.len(), 2);
    let chen = ok(&rows[0]);
    assert_eq!(
        (chen.name.as_str(), chen.phone.as_str(), chen.kind),
        ("陈二", "139", MemberKind::Full)
    );
    assert_eq!(chen.group, Some(gid("g-2")));
    assert_eq!(chen.party_joined, Some(d(1995, 7, 1)));
    let lin = ok(&rows[1]);
    assert_eq!(lin.kind, MemberKind::Probationary);
    assert_eq!(lin.party_joined, Some(d(2019, 7, 1)), "Excel serial 43647");
}

#[test]
fn names_only_become_full_members_and_blank_lines_are_ignored() {
    let rows = parse("\n\n  \n张一\n,,,\n张二\n");
    let names: Vec<(usize, &str, MemberKind)> =
        rows.iter().map(|r| (r.line, ok(r).name.as_str(), ok(r).kind)).collect();
    assert_eq!(
        names,
        vec![(4, "张一", MemberKind::Full), (6, "张二", MemberKind::Full)]
    );
    assert!(parse("").is_empty());
    assert!(parse("姓名\t类别").is_empty());
}

#[test]
fn activist_with_party_date_and_control_characters_are_errors() {
    let rows = parse("何四,积极分子,,2020-01-01\n何\u{7}五,正式党员\n何六,正式党员,,,,139\u{0}");
    assert_eq!(
        errors(&rows[0]),
        ["第1行：入党积极分子还没有入党日期，请留空（或把类别改为正式党员/预备党员）"]
    );
    assert_eq!(errors(&rows[1]), ["第2行：姓名：不能包含控制字符"]);
    assert_eq!(errors(&rows[2]), ["第3行：电话：不能包含控制字符"]);
}

#[test]
fn only_the_first_line_can_be_a_header() {
    // "姓名" on a later line is data (an odd name, but not a header).
    let rows = parse("张一,正式党员\n姓名,正式党员");
    assert_eq!(rows.len(), 2);
    assert_eq!(ok(&rows[1]).name, "姓名");
    assert_eq!(ok(&rows[1]).id, mid("m-new1"));
}

#[test]
fn missing_joined_dates_are_named_and_set_only_as_chosen() {
    // A roster without a 转入日期 column, one line with an error.
    let text = "姓名\t类别\t入党日期\n张三\t正式党员\t2010-07-01\n李四\t预备\t2025-12-01\n王五\t主任\t\n";
    let rows = parse(text);
    assert!(rows.iter().take(2).all(|r| ok(r).joined_branch.is_none()));
    assert_eq!(
        missing_joined(&rows),
        vec![(2, "张三"), (3, "李四")],
        "the bad line is not counted"
    );
    assert!(errors(&rows[2])[0].contains("类别"));
    let good = |rows: &[PastedRow]| rows.iter().filter_map(|r| r.result.clone().ok()).collect::<Vec<_>>();

    // Left unknown: nothing changes ("in the branch since before any record").
    let mut members = good(&rows);
    set_missing_joined(&mut members, None);
    assert_eq!(members[0].joined_branch, None);
    assert!(members[0].in_branch_on(d(1990, 1, 1)));

    // One date for all of them.
    set_missing_joined(&mut members, Some(d(2024, 1, 1)));
    assert_eq!(members[0].joined_branch, Some(d(2024, 1, 1)));
    assert_eq!(members[1].joined_branch, Some(d(2024, 1, 1)));
    assert!(!members[0].in_branch_on(d(2023, 12, 31)));

    // A row with its own date keeps it.
    let rows = parse("张三,正式党员,,2010-07-01,2019-05-01\n李四,正式党员,,2011-07-01");
    assert_eq!(missing_joined(&rows), vec![(2, "李四")]);
    let mut members = good(&rows);
    set_missing_joined(&mut members, Some(d(2024, 1, 1)));
    assert_eq!(members[0].joined_branch, Some(d(2019, 5, 1)));
    assert_eq!(members[1].joined_branch, Some(d(2024, 1, 1)));
}
