#![cfg(not(target_arch = "wasm32"))]
//! Rules as data (`domain::rules`), the year grid and the alerts (`domain::compliance`): every rule at its
//! edges, and the six-month absence warning (党章第九条).

mod domain_support;

use domain_support::*;
use zhibu::domain::compliance::{
    alerts, year_grid, year_grid_as_of, year_grid_at_year_end, Alert, AlertTarget, CellStatus, Grid, PeriodSlot, Row,
    Severity,
};
use zhibu::domain::member_stats::{absence_streak, AbsenceStreak};
use zhibu::domain::rules::{
    default_rule, default_rules, ids, validate_rule, validate_rules, Period, Rule, RuleInvalid, RuleKind, Scope,
};
use zhibu::domain::*;
use AttendanceStatus::{Absent, Elsewhere, Leave, Present};
use CellStatus::{Due, Met, Missed, NotApplicable as Na, Upcoming};

// ---------------------------------------------------------------- builders

fn rules_only(wanted: &[&str]) -> Vec<Rule> {
    default_rules()
        .into_iter()
        .filter(|r| wanted.contains(&r.id.as_str()))
        .collect()
}

fn add(data: &mut Dataset, id: &str, kind: ActivityKind, date: Date, roll: Vec<AttendanceEntry>) {
    let mut a = activity(id, kind, date);
    a.attendance = roll;
    data.activities.push(a);
}

fn add_group_meeting(data: &mut Dataset, id: &str, group: &str, date: Date, roll: Vec<AttendanceEntry>) {
    let mut a = activity(id, ActivityKind::GroupMeeting, date);
    a.group = Some(gid(group));
    a.attendance = roll;
    data.activities.push(a);
}

fn row<'a>(grid: &'a Grid, rule_id: &str, group: Option<&str>) -> &'a Row {
    grid.rows
        .iter()
        .find(|r| r.rule_id == rule_id && r.group.as_ref().map(|g| g.as_str()) == group)
        .unwrap_or_else(|| panic!("no row {rule_id} {group:?}"))
}

fn statuses(row: &Row) -> Vec<CellStatus> {
    row.cells.iter().map(|c| c.status).collect()
}

fn messages(alerts: &[Alert]) -> Vec<&str> {
    alerts.iter().map(|a| a.message.as_str()).collect()
}

/// Two full members (张三, 李四) since 2020, no groups, no committee.
fn two_members() -> Dataset {
    dataset(vec![], vec![full("m-zs", "张三"), full("m-ls", "李四")])
}

fn all_present() -> Vec<AttendanceEntry> {
    vec![entry("m-zs", Present), entry("m-ls", Present)]
}

// ---------------------------------------------------------------- rules as data

#[test]
fn default_rules_are_the_ten_with_sources() {
    let rules = default_rules();
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "general_meeting_quarterly",
            "committee_meeting_monthly",
            "group_meeting_monthly",
            "party_lecture_quarterly",
            "theme_day_monthly",
            "org_life_meeting_yearly",
            "member_review_yearly",
            "heart_talk_coverage_yearly",
            "study_hours_yearly",
            "member_review_excellent_share",
        ]
    );
    assert!(validate_rules(&rules).is_empty());
    for r in &rules {
        assert!(r.enabled, "{}", r.id);
        assert!(!r.source.is_empty(), "{}", r.id);
        assert_eq!(r.local, r.id == ids::PARTY_LECTURE, "{}", r.id);
    }
    let lecture = &rules[3];
    assert_eq!(lecture.source, "各地通行要求：党课每季度至少一次（条例第16条未定次数）");
    assert_eq!(
        (lecture.period, lecture.minimum, lecture.scope),
        (Period::Quarter, 1.0, Scope::Branch)
    );
    assert!(rules[0].source.contains("第十一条") && rules[0].source.contains("一般每季度召开1次"));
    assert!(rules[1].source.contains("第十二条") && rules[1].source.contains("一般每月召开1次"));
    assert!(rules[2].source.contains("第十三条"));
    assert_eq!(rules[2].scope, Scope::EachGroup);
    assert!(rules[4].source.contains("第十六条") && rules[4].source.contains("每月相对固定1天"));
    assert!(rules[5].source.contains("第十七条") && rules[5].source.contains("一般安排在第四季度"));
    assert!(rules[6].source.contains("第十八条"));
    assert!(rules[7].source.contains("第十九条"));
    assert_eq!(
        (rules[7].kind, rules[7].scope),
        (RuleKind::HeartTalkCoverage, Scope::EachMember)
    );
    assert!(
        rules[8].source.contains("《中国共产党党员教育管理工作条例》第二十条") && rules[8].source.contains("32学时")
    );
    assert_eq!(
        (rules[8].kind, rules[8].period, rules[8].minimum),
        (RuleKind::StudyHours, Period::Year, 32.0)
    );
    assert_eq!(rules[0].describe(), "党员大会 每季度至少1次");
    assert_eq!(rules[2].describe(), "党小组会 每个党小组每月至少1次");
    assert_eq!(rules[8].describe(), "学时 每名党员每年至少32学时");
}

#[test]
fn rules_serialise_in_snake_case_and_round_trip() {
    let rules = default_rules();
    let json = serde_json::to_value(&rules[0]).unwrap();
    assert_eq!(json["kind"], serde_json::json!({"activity": "general_meeting"}));
    assert_eq!(json["period"], "quarter");
    assert_eq!(json["scope"], "branch");
    assert_eq!(serde_json::to_value(&rules[8]).unwrap()["kind"], "study_hours");
    assert_eq!(serde_json::to_value(&rules[7]).unwrap()["kind"], "heart_talk_coverage");
    assert_eq!(serde_json::to_value(&rules[2]).unwrap()["scope"], "each_group");
    let back: Vec<Rule> = serde_json::from_str(&serde_json::to_string(&rules).unwrap()).unwrap();
    assert_eq!(back, rules);
    // `enabled` defaults to true, `local`/`source`/`note` to empty, when absent.
    let minimal: Rule = serde_json::from_str(
        r#"{"id":"x","kind":{"activity":"theme_day"},"period":"month","minimum":2,"scope":"branch"}"#,
    )
    .unwrap();
    assert!(minimal.enabled && !minimal.local && minimal.source.is_empty());
}

#[test]
fn an_edited_rule_is_validated_with_chinese_messages() {
    let base = default_rule(ids::THEME_DAY).unwrap();
    let errors_of = |edit: &dyn Fn(&mut Rule)| -> Vec<(&'static str, RuleInvalid)> {
        let mut r = base.clone();
        edit(&mut r);
        validate_rule(&r).into_iter().map(|e| (e.field, e.error)).collect()
    };
    assert_eq!(errors_of(&|_| {}), vec![]);
    assert_eq!(
        errors_of(&|r| r.id = "Theme Day".into()),
        vec![("id", RuleInvalid::BadId)]
    );
    assert_eq!(errors_of(&|r| r.id = String::new()), vec![("id", RuleInvalid::BadId)]);
    assert_eq!(
        errors_of(&|r| r.minimum = 0.0),
        vec![("minimum", RuleInvalid::MinimumNotPositive)]
    );
    assert_eq!(
        errors_of(&|r| r.minimum = f64::NAN),
        vec![("minimum", RuleInvalid::MinimumNotPositive)]
    );
    assert_eq!(
        errors_of(&|r| r.minimum = 1.5),
        vec![("minimum", RuleInvalid::MinimumNotWhole)]
    );
    assert_eq!(
        errors_of(&|r| r.minimum = 101.0),
        vec![("minimum", RuleInvalid::MinimumTooLarge)]
    );
    assert_eq!(errors_of(&|r| r.minimum = 2.0), vec![]);
    assert_eq!(
        errors_of(&|r| r.scope = Scope::EachGroup),
        vec![("scope", RuleInvalid::EachGroupNotGroupMeeting)]
    );
    assert_eq!(
        errors_of(&|r| r.scope = Scope::EachMember),
        vec![("scope", RuleInvalid::ActivityRuleNotEachMember)]
    );
    assert_eq!(
        errors_of(&|r| r.source = "条".repeat(501)),
        vec![("source", RuleInvalid::TooLong(500))]
    );
    assert_eq!(
        errors_of(&|r| r.note = "a\u{0}b".into()),
        vec![("note", RuleInvalid::ControlChars)]
    );

    let mut hours = default_rule(ids::STUDY_HOURS).unwrap();
    hours.minimum = 40.5; // hours may be fractional
    assert!(validate_rule(&hours).is_empty());
    hours.scope = Scope::Branch;
    let errs = validate_rule(&hours);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].to_string(), "学时和谈心谈话只能按“每名党员”检查");

    let mut zero = base.clone();
    zero.minimum = 0.0;
    assert_eq!(
        validate_rule(&zero)[0].to_string(),
        "要求的数量应大于0；如不需要这项检查，请将其关闭"
    );

    let dup = vec![base.clone(), default_rule(ids::GENERAL_MEETING).unwrap(), base.clone()];
    let errs = validate_rules(&dup);
    assert_eq!(errs.len(), 1);
    assert_eq!((errs[0].0, errs[0].1.error.clone()), (2, RuleInvalid::DuplicateId));
    assert_eq!(errs[0].1.to_string(), "规则编号重复，请换一个");

    assert_eq!(default_rule("no_such_rule"), None);
}

// ---------------------------------------------------------------- periods

#[test]
fn period_slots_have_chinese_labels_and_bounds() {
    let q2 = PeriodSlot::of(Period::Quarter, d(2026, 4, 1));
    assert_eq!(q2.label(), "第二季度");
    assert_eq!(
        (q2.first_day(), q2.last_day()),
        (Some(d(2026, 4, 1)), Some(d(2026, 6, 30)))
    );
    assert_eq!(PeriodSlot::of(Period::Quarter, d(2026, 3, 31)).label(), "第一季度");
    let feb = PeriodSlot::of(Period::Month, d(2024, 2, 10));
    assert_eq!((feb.label(), feb.last_day()), ("2月".to_owned(), Some(d(2024, 2, 29))));
    let year = PeriodSlot::of(Period::Year, d(2026, 12, 31));
    assert_eq!(year.label(), "全年");
    assert!(year.contains(d(2026, 1, 1)) && !year.contains(d(2027, 1, 1)));
    assert_eq!(PeriodSlot::all(2026, Period::Quarter).len(), 4);
}

// ---------------------------------------------------------------- the grid at its edges

#[test]
fn quarter_boundary_march_31_vs_april_1() {
    let rules = rules_only(&[ids::GENERAL_MEETING]);
    let today = d(2026, 7, 15);
    let mut data = two_members();
    add(
        &mut data,
        "a-1",
        ActivityKind::GeneralMeeting,
        d(2026, 3, 31),
        all_present(),
    );
    let grid = year_grid(&data, &rules, 2026, today);
    assert_eq!(grid.rows.len(), 1);
    let r = row(&grid, ids::GENERAL_MEETING, None);
    assert_eq!(statuses(r), [Met, Missed, Due, Upcoming]);
    assert_eq!((r.cells[0].count, r.cells[0].target), (1, 1));
    assert_eq!(r.cells[0].activities, vec![ActivityId::from("a-1")]);
    assert_eq!(r.cells[1].count, 0);

    data.activities[0].date = d(2026, 4, 1);
    let grid = year_grid(&data, &rules, 2026, today);
    assert_eq!(
        statuses(row(&grid, ids::GENERAL_MEETING, None)),
        [Missed, Met, Due, Upcoming]
    );

    // The current period is met as soon as it is held; the last day of a period is still "due".
    add(
        &mut data,
        "a-2",
        ActivityKind::GeneralMeeting,
        d(2026, 7, 1),
        all_present(),
    );
    let grid = year_grid(&data, &rules, 2026, d(2026, 9, 30));
    assert_eq!(
        statuses(row(&grid, ids::GENERAL_MEETING, None)),
        [Missed, Met, Met, Upcoming]
    );
    let grid = year_grid(&data, &rules, 2026, d(2026, 6, 30));
    assert_eq!(
        statuses(row(&grid, ids::GENERAL_MEETING, None)),
        [Missed, Met, Met, Upcoming]
    );
    data.activities.pop();
    let grid = year_grid(&data, &rules, 2026, d(2026, 6, 30));
    assert_eq!(
        statuses(row(&grid, ids::GENERAL_MEETING, None)),
        [Missed, Met, Upcoming, Upcoming]
    );
    let grid = year_grid(&data, &rules, 2026, d(2026, 7, 1));
    assert_eq!(
        statuses(row(&grid, ids::GENERAL_MEETING, None)),
        [Missed, Met, Due, Upcoming]
    );
}

#[test]
fn year_boundary_december_31_vs_january_1() {
    let rules = rules_only(&[ids::ORG_LIFE_MEETING]);
    let today = d(2026, 2, 1);
    let mut data = two_members();
    add(
        &mut data,
        "a-1",
        ActivityKind::OrgLifeMeeting,
        d(2025, 12, 31),
        all_present(),
    );
    assert_eq!(
        statuses(row(&year_grid(&data, &rules, 2025, today), ids::ORG_LIFE_MEETING, None)),
        [Met]
    );
    assert_eq!(
        statuses(row(&year_grid(&data, &rules, 2026, today), ids::ORG_LIFE_MEETING, None)),
        [Due]
    );

    data.activities[0].date = d(2026, 1, 1);
    assert_eq!(
        statuses(row(&year_grid(&data, &rules, 2025, today), ids::ORG_LIFE_MEETING, None)),
        [Missed]
    );
    assert_eq!(
        statuses(row(&year_grid(&data, &rules, 2026, today), ids::ORG_LIFE_MEETING, None)),
        [Met]
    );
    // A later year is upcoming as a whole.
    assert_eq!(
        statuses(row(&year_grid(&data, &rules, 2027, today), ids::ORG_LIFE_MEETING, None)),
        [Upcoming]
    );
}

#[test]
fn planned_and_cancelled_activities_do_not_count() {
    let rules = rules_only(&[ids::THEME_DAY]);
    let mut data = two_members();
    add(&mut data, "a-1", ActivityKind::ThemeDay, d(2026, 1, 10), all_present());
    add(&mut data, "a-2", ActivityKind::ThemeDay, d(2026, 2, 10), all_present());
    add(&mut data, "a-3", ActivityKind::ThemeDay, d(2026, 3, 10), all_present());
    add(&mut data, "a-4", ActivityKind::ThemeDay, d(2026, 5, 10), vec![]);
    data.activities[0].status = ActivityStatus::Planned;
    data.activities[1].status = ActivityStatus::Cancelled;
    data.activities[3].status = ActivityStatus::Planned;
    let grid = year_grid(&data, &rules, 2026, d(2026, 4, 10));
    let s = statuses(row(&grid, ids::THEME_DAY, None));
    assert_eq!(s[..5], [Missed, Missed, Met, Due, Upcoming]);
    assert!(s[5..].iter().all(|&x| x == Upcoming));
    assert_eq!(row(&grid, ids::THEME_DAY, None).cells[4].count, 0);
}

#[test]
fn a_switched_off_rule_has_no_row_and_no_alert() {
    let mut data = dataset(
        vec![group("g-1", "第一党小组")],
        vec![in_group(full("m-zs", "张三"), "g-1"), full("m-ls", "李四")],
    );
    data.branch.set_holder(CommitteeRole::Secretary, Some(mid("m-zs")));
    let mut rules = default_rules();
    let today = d(2026, 5, 20);
    let on = year_grid(&data, &rules, 2026, today);
    assert_eq!(on.rows.len(), 9);
    assert!(alerts(&data, &rules, 2026, today)
        .iter()
        .any(|a| a.rule_id.as_deref() == Some(ids::COMMITTEE_MEETING)));

    rules[1].enabled = false;
    let off = year_grid(&data, &rules, 2026, today);
    assert_eq!(off.rows.len(), 8);
    assert!(off.rows.iter().all(|r| r.rule_id != ids::COMMITTEE_MEETING));
    let list = alerts(&data, &rules, 2026, today);
    assert!(!list.is_empty());
    assert!(list
        .iter()
        .all(|a| a.rule_id.as_deref() != Some(ids::COMMITTEE_MEETING)));
    assert!(list.iter().all(|a| !a.message.contains("支委会")));
}

#[test]
fn a_group_whose_members_joined_mid_year_is_required_from_then_on() {
    let mut late = full("m-ls", "李四");
    late.joined_branch = Some(d(2026, 6, 10));
    let data = {
        let mut data = dataset(
            vec![group("g-1", "第一党小组"), group("g-2", "第二党小组")],
            vec![in_group(full("m-zs", "张三"), "g-1"), in_group(late, "g-2")],
        );
        for m in 1..=12u8 {
            add_group_meeting(
                &mut data,
                &format!("a-1-{m}"),
                "g-1",
                d(2026, m, 5),
                vec![entry("m-zs", Present)],
            );
            if m >= 6 && m != 9 {
                add_group_meeting(
                    &mut data,
                    &format!("a-2-{m}"),
                    "g-2",
                    d(2026, m, 20),
                    vec![entry("m-ls", Present)],
                );
            }
        }
        data
    };
    let rules = rules_only(&[ids::GROUP_MEETING]);
    let grid = year_grid_at_year_end(&data, &rules, 2026);
    assert_eq!(grid.rows.len(), 2);
    assert_eq!(
        row(&grid, ids::GROUP_MEETING, Some("g-1")).label,
        "党小组会（第一党小组）"
    );
    assert!(statuses(row(&grid, ids::GROUP_MEETING, Some("g-1")))
        .iter()
        .all(|&s| s == Met));
    assert_eq!(
        statuses(row(&grid, ids::GROUP_MEETING, Some("g-2"))),
        [Na, Na, Na, Na, Na, Met, Met, Met, Missed, Met, Met, Met]
    );
    // The group's first month counts even though its member joined on the 10th.
    let mut data2 = data.clone();
    data2.activities.retain(|a| a.id.as_str() != "a-2-6");
    let grid = year_grid_at_year_end(&data2, &rules, 2026);
    assert_eq!(row(&grid, ids::GROUP_MEETING, Some("g-2")).cells[5].status, Missed);

    // A member leaving mid-year: the group stops being required after the month they left.
    let mut data3 = data.clone();
    data3.members[1].left_branch = Some(d(2026, 11, 1));
    data3.activities.retain(|a| !a.id.as_str().starts_with("a-2-1"));
    let grid = year_grid_at_year_end(&data3, &rules, 2026);
    let s = statuses(row(&grid, ids::GROUP_MEETING, Some("g-2")));
    assert_eq!(s[9..], [Missed, Na, Na]);
}

#[test]
fn no_groups_gives_one_not_applicable_row() {
    let data = two_members();
    let grid = year_grid(&data, &rules_only(&[ids::GROUP_MEETING]), 2026, d(2026, 5, 1));
    assert_eq!(grid.rows.len(), 1);
    assert_eq!(grid.rows[0].remark, "未设党小组");
    assert!(statuses(&grid.rows[0]).iter().all(|&s| s == Na));
    assert!(alerts(&data, &rules_only(&[ids::GROUP_MEETING]), 2026, d(2026, 5, 1)).is_empty());
}

#[test]
fn committee_meetings_are_not_checked_without_a_committee() {
    let rules = rules_only(&[ids::COMMITTEE_MEETING]);
    let mut data = two_members();
    let today = d(2026, 3, 15);
    let grid = year_grid(&data, &rules, 2026, today);
    let r = row(&grid, ids::COMMITTEE_MEETING, None);
    assert_eq!(r.remark, "未设支部委员会");
    assert!(statuses(r).iter().all(|&s| s == Na));
    assert!(alerts(&data, &rules, 2026, today).is_empty());

    data.branch.set_holder(CommitteeRole::Secretary, Some(mid("m-zs")));
    let grid = year_grid(&data, &rules, 2026, today);
    let s = statuses(row(&grid, ids::COMMITTEE_MEETING, None));
    assert_eq!(s[..4], [Missed, Missed, Due, Upcoming]);
    assert_eq!(
        messages(&alerts(&data, &rules, 2026, today)),
        ["1月未召开支委会", "2月未召开支委会", "3月尚未召开支委会"]
    );
}

#[test]
fn periods_before_anyone_joined_are_not_applicable() {
    let rules = rules_only(&[ids::GENERAL_MEETING]);
    let mut m = full("m-zs", "张三");
    m.joined_branch = Some(d(2026, 5, 1));
    let data = dataset(vec![], vec![m]);
    let grid = year_grid_at_year_end(&data, &rules, 2026);
    assert_eq!(
        statuses(row(&grid, ids::GENERAL_MEETING, None)),
        [Na, Missed, Missed, Missed]
    );
    let grid = year_grid_at_year_end(&data, &rules, 2025);
    assert_eq!(statuses(row(&grid, ids::GENERAL_MEETING, None)), [Na, Na, Na, Na]);
}

#[test]
fn member_review_is_met_by_an_org_life_meeting_at_which_members_were_rated() {
    let rules = rules_only(&[ids::ORG_LIFE_MEETING, ids::MEMBER_REVIEW]);
    let mut data = two_members();
    add(
        &mut data,
        "a-1",
        ActivityKind::OrgLifeMeeting,
        d(2026, 12, 10),
        all_present(),
    );
    let grid = year_grid_at_year_end(&data, &rules, 2026);
    assert_eq!(statuses(row(&grid, ids::ORG_LIFE_MEETING, None)), [Met]);
    assert_eq!(statuses(row(&grid, ids::MEMBER_REVIEW, None)), [Missed]);

    // An agenda that names it is not a review: nobody was rated.
    data.activities[0].agenda = vec!["通报支部工作情况".into(), "民主评议党员".into()];
    let grid = year_grid_at_year_end(&data, &rules, 2026);
    assert_eq!(statuses(row(&grid, ids::MEMBER_REVIEW, None)), [Missed]);
    // A review with its members listed but nobody rated yet still does not count.
    let mut review = member_review::MemberReview {
        members: vec![
            member_review::RatedMember::new(MemberId::from("m-zs")),
            member_review::RatedMember::new(MemberId::from("m-ls")),
        ],
        ..Default::default()
    };
    data.activities[0].review = Some(review.clone());
    let grid = year_grid_at_year_end(&data, &rules, 2026);
    assert_eq!(statuses(row(&grid, ids::MEMBER_REVIEW, None)), [Missed]);
    // Once rated, it counts.
    review.members[0].rating = Some(member_review::Rating::Qualified);
    data.activities[0].review = Some(review);
    let grid = year_grid_at_year_end(&data, &rules, 2026);
    assert_eq!(statuses(row(&grid, ids::MEMBER_REVIEW, None)), [Met]);
    assert_eq!(
        row(&grid, ids::MEMBER_REVIEW, None).cells[0].activities,
        vec![ActivityId::from("a-1")]
    );
}

#[test]
fn study_hours_are_pro_rated_for_members_joining_or_leaving_mid_year() {
    let mut joiner = full("m-b", "乙");
    joiner.joined_branch = Some(d(2026, 7, 1));
    let mut leaver = full("m-c", "丙");
    leaver.left_branch = Some(d(2026, 4, 1)); // in the branch January to March
    let mut data = dataset(vec![], vec![full("m-a", "甲"), joiner, leaver]);
    let study = |data: &mut Dataset, id: &str, date: Date, hours: f64, roll: Vec<AttendanceEntry>| {
        add(data, id, ActivityKind::GroupStudy, date, roll);
        data.activities.last_mut().unwrap().study_hours = hours;
    };
    study(
        &mut data,
        "a-1",
        d(2026, 2, 10),
        8.0,
        vec![entry("m-a", Present), entry("m-c", Present)],
    );
    study(
        &mut data,
        "a-2",
        d(2026, 9, 10),
        16.0,
        vec![entry("m-a", Present), entry("m-b", Elsewhere)],
    );
    let mut made_up = entry("m-a", Leave);
    made_up.make_up = Some(MakeUp {
        date: d(2026, 10, 20),
        way: MakeUpWay::SelfStudy,
        note: String::new(),
    });
    study(
        &mut data,
        "a-3",
        d(2026, 10, 10),
        8.0,
        vec![made_up, entry("m-b", Absent)],
    );

    let rules = rules_only(&[ids::STUDY_HOURS]);
    let grid = year_grid_at_year_end(&data, &rules, 2026);
    let cell = &row(&grid, ids::STUDY_HOURS, None).cells[0];
    // 甲 8+16+8 (made up) = 32 of 32; 乙 16 of 16 (6 months); 丙 8 of 8 (3 months).
    assert_eq!((cell.status, cell.count, cell.target), (Met, 3, 3));
    assert!(cell.short.is_empty());

    // 丙 absent from the February study: 0 of 8.
    data.activities[0].attendance[1].status = Absent;
    let grid = year_grid_at_year_end(&data, &rules, 2026);
    let cell = &row(&grid, ids::STUDY_HOURS, None).cells[0];
    assert_eq!((cell.status, cell.count, cell.target), (Missed, 2, 3));
    assert_eq!(cell.short.len(), 1);
    assert_eq!(cell.short[0].member, mid("m-c"));
    assert_eq!((cell.short[0].value, cell.short[0].required), (0.0, 8.0));

    // As of the year (before the end) the same cell is due, not missed.
    let grid = year_grid(&data, &rules, 2026, d(2026, 12, 31));
    assert_eq!(row(&grid, ids::STUDY_HOURS, None).cells[0].status, Due);
}

#[test]
fn heart_talks_count_both_sides_and_are_not_pro_rated() {
    let mut joiner = full("m-b", "乙");
    joiner.joined_branch = Some(d(2026, 11, 1));
    let mut data = dataset(vec![], vec![full("m-a", "甲"), joiner, full("m-c", "丙")]);
    let mut talk = activity("a-1", ActivityKind::HeartTalk, d(2026, 11, 5));
    talk.host = Some(mid("m-a"));
    talk.attendance = vec![entry("m-b", Present)];
    data.activities.push(talk);
    let rules = rules_only(&[ids::HEART_TALK]);
    let grid = year_grid_at_year_end(&data, &rules, 2026);
    let cell = &row(&grid, ids::HEART_TALK, None).cells[0];
    assert_eq!((cell.status, cell.count, cell.target), (Missed, 2, 3));
    assert_eq!(
        cell.short.iter().map(|s| s.member.as_str()).collect::<Vec<_>>(),
        ["m-c"]
    );
    let list = alerts(&data, &rules, 2026, d(2027, 1, 10));
    assert_eq!(messages(&list), ["1名党员2026年未开展谈心谈话"]);
    assert_eq!(list[0].detail, "丙");
    assert_eq!(
        list[0].target,
        AlertTarget::NewActivity {
            kind: ActivityKind::HeartTalk,
            group: None,
            year: 2026,
            month: 1
        }
    );
}

#[test]
fn the_year_end_view_has_no_due_or_upcoming_cells_and_bad_years_have_no_rows() {
    let data = two_members();
    let grid = year_grid_at_year_end(&data, &default_rules(), 2026);
    assert_eq!(grid.today, None);
    for r in &grid.rows {
        assert!(
            r.cells.iter().all(|c| !matches!(c.status, Due | Upcoming)),
            "{}",
            r.rule_id
        );
    }
    assert!(year_grid_as_of(&data, &default_rules(), 1800, None).rows.is_empty());
    assert!(year_grid(&data, &default_rules(), 9999, d(2026, 1, 1)).rows.is_empty());
    assert!(alerts(&data, &default_rules(), 9999, d(2026, 1, 1)).is_empty());
}

// ---------------------------------------------------------------- alerts

/// 张三 (第一党小组, 书记) and 李四 (第二党小组).
fn two_groups() -> Dataset {
    let mut data = dataset(
        vec![group("g-1", "第一党小组"), group("g-2", "第二党小组")],
        vec![
            in_group(full("m-zs", "张三"), "g-1"),
            in_group(full("m-ls", "李四"), "g-2"),
        ],
    );
    data.branch.set_holder(CommitteeRole::Secretary, Some(mid("m-zs")));
    data
}

#[test]
fn alerts_for_missed_due_and_upcoming_periods_and_owed_make_ups() {
    let mut data = two_groups();
    add(
        &mut data,
        "a-gm",
        ActivityKind::GeneralMeeting,
        d(2026, 2, 10),
        vec![entry("m-zs", Present), entry("m-ls", Absent)],
    );
    for m in 1..=8u8 {
        add_group_meeting(
            &mut data,
            &format!("a-1-{m}"),
            "g-1",
            d(2026, m, 5),
            vec![entry("m-zs", Present)],
        );
        if m != 5 {
            let status = if m == 1 { Leave } else { Present };
            add_group_meeting(
                &mut data,
                &format!("a-2-{m}"),
                "g-2",
                d(2026, m, 6),
                vec![entry("m-ls", status)],
            );
        }
    }
    let rules = rules_only(&[ids::GENERAL_MEETING, ids::GROUP_MEETING, ids::ORG_LIFE_MEETING]);
    let today = d(2026, 8, 20);
    let list = alerts(&data, &rules, 2026, today);
    assert_eq!(
        messages(&list),
        [
            "第二季度未召开党员大会",
            "第二党小组5月未召开党小组会",
            "李四有2次补学未完成",
            "第三季度尚未召开党员大会",
            "第四季度应召开组织生活会",
        ]
    );
    let sev: Vec<Severity> = list.iter().map(|a| a.severity).collect();
    assert_eq!(
        sev,
        [
            Severity::Warning,
            Severity::Warning,
            Severity::Warning,
            Severity::Info,
            Severity::Info
        ]
    );
    assert_eq!(
        list[0].target,
        AlertTarget::NewActivity {
            kind: ActivityKind::GeneralMeeting,
            group: None,
            year: 2026,
            month: 4
        }
    );
    assert_eq!(
        list[1].target,
        AlertTarget::NewActivity {
            kind: ActivityKind::GroupMeeting,
            group: Some(gid("g-2")),
            year: 2026,
            month: 5
        }
    );
    assert_eq!(list[2].target, AlertTarget::MakeUp(mid("m-ls")));
    assert_eq!(
        list[3].target,
        AlertTarget::NewActivity {
            kind: ActivityKind::GeneralMeeting,
            group: None,
            year: 2026,
            month: 8
        }
    );
    assert_eq!(list[0].rule_id.as_deref(), Some(ids::GENERAL_MEETING));
    assert!(list[0].detail.contains("第十一条"));
    assert_eq!(list[2].rule_id, None);

    // Recording one make-up leaves one owed.
    data.activities[0].attendance[1].make_up = Some(MakeUp {
        date: d(2026, 2, 20),
        way: MakeUpWay::Relay,
        note: String::new(),
    });
    let list = alerts(&data, &rules, 2026, today);
    assert!(messages(&list).contains(&"李四有1次补学未完成"));
}

#[test]
fn a_short_count_is_named_with_the_requirement() {
    let mut rules = rules_only(&[ids::GENERAL_MEETING]);
    rules[0].minimum = 2.0;
    let mut data = two_members();
    add(
        &mut data,
        "a-1",
        ActivityKind::GeneralMeeting,
        d(2026, 1, 10),
        all_present(),
    );
    let list = alerts(&data, &rules, 2026, d(2026, 4, 2));
    assert_eq!(
        messages(&list),
        ["第一季度召开党员大会1次，少于要求的2次", "第二季度尚未召开党员大会"]
    );
}

#[test]
fn in_the_fourth_quarter_yearly_rules_become_warnings() {
    let mut data = two_members();
    add(
        &mut data,
        "a-1",
        ActivityKind::GroupStudy,
        d(2026, 3, 10),
        all_present(),
    );
    data.activities[0].study_hours = 10.0;
    data.activities[0].attendance[1].status = Present;
    let mut long = activity("a-2", ActivityKind::GroupStudy, d(2026, 6, 10));
    long.study_hours = 30.0;
    long.attendance = vec![entry("m-ls", Present), entry("m-zs", Absent)];
    data.activities.push(long);
    let rules = rules_only(&[ids::ORG_LIFE_MEETING, ids::MEMBER_REVIEW, ids::STUDY_HOURS]);

    let before = alerts(&data, &rules, 2026, d(2026, 9, 30));
    assert_eq!(
        messages(&before),
        [
            "张三有1次补学未完成",
            "第四季度应召开组织生活会",
            "本年度尚未开展民主评议党员"
        ]
    );
    let q4 = alerts(&data, &rules, 2026, d(2026, 10, 1));
    assert_eq!(
        messages(&q4),
        [
            "本年度尚未召开组织生活会",
            "本年度尚未开展民主评议党员",
            "1名党员本年度学时未达到32学时",
            "张三有1次补学未完成",
        ]
    );
    assert!(q4.iter().all(|a| a.severity == Severity::Warning));
    assert_eq!(q4[2].detail, "张三10学时。年中转入、转出的党员按月数折算。");
    assert_eq!(q4[2].target, AlertTarget::Members(vec![mid("m-zs")]));
    assert_eq!(
        q4[0].target,
        AlertTarget::NewActivity {
            kind: ActivityKind::OrgLifeMeeting,
            group: None,
            year: 2026,
            month: 10
        }
    );
}

#[test]
fn alerts_for_a_past_year_name_the_year() {
    let data = two_members();
    let rules = rules_only(&[ids::THEME_DAY, ids::ORG_LIFE_MEETING]);
    let list = alerts(&data, &rules, 2025, d(2026, 3, 1));
    assert_eq!(list.len(), 13);
    assert_eq!(list[0].message, "2025年1月未开展主题党日");
    assert_eq!(list[11].message, "2025年12月未开展主题党日");
    assert_eq!(list[12].message, "2025年未召开组织生活会");
    assert!(list.iter().all(|a| a.severity == Severity::Warning));
}

// ---------------------------------------------------------------- six months (党章第九条)

/// Theme days on the 10th of each (year, month) listed, with 张三 marked `zs` and 李四 present.
fn theme_days(data: &mut Dataset, months: &[((i32, u8), AttendanceStatus)]) {
    for &((y, m), zs) in months {
        add(
            data,
            &format!("a-{y}-{m}"),
            ActivityKind::ThemeDay,
            d(y, m, 10),
            vec![entry("m-zs", zs), entry("m-ls", Present)],
        );
    }
}

fn absence_alerts(data: &Dataset, year: i32, today: Date) -> Vec<Alert> {
    alerts(data, &[], year, today)
        .into_iter()
        .filter(|a| matches!(a.target, AlertTarget::Member(_)))
        .collect()
}

#[test]
fn six_months_of_absence_give_one_serious_alert() {
    let mut data = two_members();
    theme_days(&mut data, &(1..=6).map(|m| ((2026, m), Absent)).collect::<Vec<_>>());
    let list = absence_alerts(&data, 2026, d(2026, 6, 30));
    assert_eq!(messages(&list), ["张三已连续6个月未参加组织生活（党章第九条）"]);
    assert_eq!(list[0].severity, Severity::Serious);
    assert_eq!(list[0].target, AlertTarget::Member(mid("m-zs")));
    assert!(list[0]
        .detail
        .starts_with("2026年1月至2026年6月应参加6次，均未参加。党章第九条："));
    assert!(list[0].detail.contains("不会改变任何人的状态"));
    // Serious alerts come first.
    assert_eq!(alerts(&data, &[], 2026, d(2026, 6, 30))[0].severity, Severity::Serious);
    // Nothing about anyone's status changes.
    assert_eq!(data.members[0].kind, MemberKind::Full);
    assert_eq!(data.members[0].left_branch, None);
}

#[test]
fn five_months_are_not_enough() {
    let mut data = two_members();
    let mut months: Vec<_> = (2..=6).map(|m| ((2026, m), Absent)).collect();
    months.insert(0, ((2026, 1), Present));
    theme_days(&mut data, &months);
    assert!(absence_alerts(&data, 2026, d(2026, 6, 30)).is_empty());
    assert_eq!(
        absence_streak(&data, &mid("m-zs"), d(2026, 6, 30)).map(|s| s.months),
        Some(5)
    );
}

#[test]
fn one_attendance_breaks_the_run() {
    let mut data = two_members();
    let months: Vec<_> = (1..=7)
        .map(|m| ((2026, m), if m == 4 { Present } else { Absent }))
        .collect();
    theme_days(&mut data, &months);
    assert!(absence_alerts(&data, 2026, d(2026, 7, 31)).is_empty());
    assert_eq!(absence_streak(&data, &mid("m-zs"), d(2026, 7, 31)).unwrap().months, 3);
    // Attending a second activity in an otherwise missed month also breaks it.
    let mut data2 = two_members();
    theme_days(&mut data2, &(1..=6).map(|m| ((2026, m), Absent)).collect::<Vec<_>>());
    add(
        &mut data2,
        "a-x",
        ActivityKind::PartyLecture,
        d(2026, 3, 20),
        vec![entry("m-zs", Present)],
    );
    assert!(absence_alerts(&data2, 2026, d(2026, 6, 30)).is_empty());
}

#[test]
fn taking_part_elsewhere_counts_as_attending() {
    let mut data = two_members();
    let months: Vec<_> = (1..=6)
        .map(|m| ((2026, m), if m == 3 { Elsewhere } else { Absent }))
        .collect();
    theme_days(&mut data, &months);
    assert!(absence_alerts(&data, 2026, d(2026, 6, 30)).is_empty());
}

#[test]
fn months_without_expected_activities_neither_break_nor_extend_the_run() {
    let mut data = two_members();
    // Nothing held in April (and 张三 not on the roll of the May lecture: not expected there).
    let months: Vec<_> = [1, 2, 3, 5, 6, 7].iter().map(|&m| ((2026, m), Absent)).collect();
    theme_days(&mut data, &months);
    add(
        &mut data,
        "a-l",
        ActivityKind::PartyLecture,
        d(2026, 5, 20),
        vec![entry("m-ls", Present)],
    );
    assert_eq!(
        absence_streak(&data, &mid("m-zs"), d(2026, 7, 31)),
        Some(AbsenceStreak {
            months: 6,
            first: (2026, 1),
            last: (2026, 7),
            expected: 6,
            leave: 0
        })
    );
    let list = absence_alerts(&data, 2026, d(2026, 7, 31));
    assert_eq!(messages(&list), ["张三已连续6个月未参加组织生活（党章第九条）"]);
    assert!(list[0].detail.starts_with("2026年1月至2026年7月应参加6次，均未参加。"));
    // Five missed months with a gap are still five.
    let mut five = two_members();
    let months: Vec<_> = [1, 2, 3, 5, 6].iter().map(|&m| ((2026, m), Absent)).collect();
    theme_days(&mut five, &months);
    assert!(absence_alerts(&five, 2026, d(2026, 7, 31)).is_empty());
}

#[test]
fn the_run_crosses_the_new_year_and_counts_leave() {
    let mut data = two_members();
    let months = [
        ((2025, 10), Absent),
        ((2025, 11), Leave),
        ((2025, 12), Absent),
        ((2026, 1), Absent),
        ((2026, 2), Leave),
        ((2026, 3), Absent),
    ];
    theme_days(&mut data, &months);
    let list = absence_alerts(&data, 2026, d(2026, 3, 31));
    assert_eq!(messages(&list), ["张三已连续6个月未参加组织生活（党章第九条）"]);
    assert!(list[0]
        .detail
        .starts_with("2025年10月至2026年3月应参加6次，均未参加（其中请假2次）。"));
    // Looking at 2025 (cut off at its end), the run was 3 months.
    assert!(absence_alerts(&data, 2025, d(2026, 3, 31)).is_empty());
    // Activities after "today" are ignored.
    assert!(absence_alerts(&data, 2026, d(2026, 2, 28)).is_empty());
}

#[test]
fn members_who_left_or_are_excused_today_are_not_warned() {
    let mut data = two_members();
    theme_days(&mut data, &(1..=6).map(|m| ((2026, m), Absent)).collect::<Vec<_>>());
    let mut left = data.clone();
    left.members[0].left_branch = Some(d(2026, 6, 20));
    assert!(absence_alerts(&left, 2026, d(2026, 6, 30)).is_empty());
    let mut excused = data.clone();
    excused.members[0].excused.push(Excusal {
        from: d(2026, 6, 15),
        to: None,
        note: "出国".into(),
    });
    assert!(absence_alerts(&excused, 2026, d(2026, 6, 30)).is_empty());
    assert_eq!(absence_alerts(&data, 2026, d(2026, 6, 30)).len(), 1);
}
