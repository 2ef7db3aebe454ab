#![cfg(not(target_arch = "wasm32"))]
//! The annual summary (`domain::summary`) and the per-member figures (`domain::member_stats`) for a small
//! hand-built year whose every number is worked out below.

mod domain_support;

use domain_support::*;
use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::member_stats::{
    hours_and_talks_between, member_stats, year_member_stats, year_sheet_order, year_sheet_order_and_totals, Mark,
    MemberStats,
};
use zhibu::domain::rules::{default_rules, ids};
use zhibu::domain::summary::{annual_summary, annual_summary_as_of, AnnualSummary, StudyPlanProgress};
use zhibu::domain::*;
use AttendanceStatus::{Absent, Elsewhere, Leave, Present};

const ZS: &str = "m-zs"; // 张三, 第一党小组, 书记
const LS: &str = "m-ls"; // 李四, 第一党小组, 副书记
const WW: &str = "m-ww"; // 王五, 第一党小组
const ZL: &str = "m-zl"; // 赵六, 第二党小组, 组织委员, 流动党员
const QQ: &str = "m-qq"; // 钱七, 第二党小组, 预备党员

fn made_up(member: &str, status: AttendanceStatus) -> AttendanceEntry {
    let mut e = entry(member, status);
    e.make_up = Some(MakeUp {
        date: d(2026, 12, 30),
        way: MakeUpWay::SelfStudy,
        note: String::new(),
    });
    e
}

/// The roll of `who`, everyone present except the listed exceptions.
fn roll(who: &[&str], except: &[AttendanceEntry]) -> Vec<AttendanceEntry> {
    who.iter()
        .map(|&m| {
            except
                .iter()
                .find(|e| e.member.as_str() == m)
                .cloned()
                .unwrap_or_else(|| entry(m, Present))
        })
        .collect()
}

fn push(data: &mut Dataset, kind: ActivityKind, date: Date, group: Option<&str>, attendance: Vec<AttendanceEntry>) {
    let mut a = activity(&format!("a-{}-{}", kind.code(), date), kind, date);
    a.group = group.map(gid);
    a.attendance = attendance;
    a.study_hours = match kind {
        ActivityKind::ThemeDay => 2.0,
        ActivityKind::PartyLecture => 4.0,
        _ => 0.0,
    };
    a.theme = format!("{}月{}", date.month(), kind.label());
    data.activities.push(a);
}

/// 2026: 4 党员大会, 12 支委会, 24 党小组会 (2 groups), 4 党课, 12 主题党日, 1 组织生活会 with 民主评议.
/// 201 expected, 8 not attending (193 attended: 96%):
/// 支委会 4月 张三 请假; 第二党小组 3月 钱七 缺席; 主题党日 1月 钱七 请假(补学), 2月 钱七 请假, 10月 赵六 缺席,
/// 11月 王五 请假; 党员大会 8月 王五 缺席(补学); 党课 6月 李四 请假(补学). 赵六 异地参加 主题党日 7月, 8月.
fn fixture() -> Dataset {
    use ActivityKind as K;
    let mut qq = in_group(member(QQ, "钱七", MemberKind::Probationary), "g-2");
    qq.party_joined = Some(d(2025, 9, 1));
    let mut zl = in_group(full(ZL, "赵六"), "g-2");
    zl.mobile = true;
    zl.phone = "13800138000".into();
    let mut data = dataset(
        vec![group("g-1", "第一党小组"), group("g-2", "第二党小组")],
        vec![
            in_group(full(ZS, "张三"), "g-1"),
            in_group(full(LS, "李四"), "g-1"),
            in_group(full(WW, "王五"), "g-1"),
            zl,
            qq,
        ],
    );
    data.branch.parent_org = "××局机关党委".into();
    data.branch.set_holder(CommitteeRole::Secretary, Some(mid(ZS)));
    data.branch.set_holder(CommitteeRole::DeputySecretary, Some(mid(LS)));
    data.branch.set_holder(CommitteeRole::Organization, Some(mid(ZL)));
    let everyone = [ZS, LS, WW, ZL, QQ];
    for m in 1..=12u8 {
        let committee_except = if m == 4 { vec![entry(ZS, Leave)] } else { vec![] };
        push(
            &mut data,
            K::CommitteeMeeting,
            d(2026, m, 3),
            None,
            roll(&[ZS, LS, ZL], &committee_except),
        );
        push(
            &mut data,
            K::GroupMeeting,
            d(2026, m, 8),
            Some("g-1"),
            roll(&[ZS, LS, WW], &[]),
        );
        let b_except = if m == 3 { vec![entry(QQ, Absent)] } else { vec![] };
        push(
            &mut data,
            K::GroupMeeting,
            d(2026, m, 9),
            Some("g-2"),
            roll(&[ZL, QQ], &b_except),
        );
        let theme_except = match m {
            1 => vec![made_up(QQ, Leave)],
            2 => vec![entry(QQ, Leave)],
            7 | 8 => vec![entry(ZL, Elsewhere)],
            10 => vec![entry(ZL, Absent)],
            11 => vec![entry(WW, Leave)],
            _ => vec![],
        };
        push(
            &mut data,
            K::ThemeDay,
            d(2026, m, 15),
            None,
            roll(&everyone, &theme_except),
        );
        if m % 3 == 2 {
            let except = if m == 8 { vec![made_up(WW, Absent)] } else { vec![] };
            push(
                &mut data,
                K::GeneralMeeting,
                d(2026, m, 20),
                None,
                roll(&everyone, &except),
            );
        }
        if m % 3 == 0 {
            let except = if m == 6 { vec![made_up(LS, Leave)] } else { vec![] };
            push(
                &mut data,
                K::PartyLecture,
                d(2026, m, 25),
                None,
                roll(&everyone, &except),
            );
        }
    }
    push(
        &mut data,
        K::OrgLifeMeeting,
        d(2026, 12, 28),
        None,
        roll(&everyone, &[]),
    );
    data.activities.last_mut().unwrap().agenda = vec![
        "通报支部工作情况".into(),
        "党员对照检查".into(),
        "开展批评与自我批评".into(),
        "民主评议党员".into(),
    ];
    data.activities.last_mut().unwrap().review = Some(rated_review(&everyone, member_review::Rating::Qualified));
    // Not counted: planned, cancelled, and other years.
    push(&mut data, K::GeneralMeeting, d(2026, 12, 20), None, vec![]);
    data.activities.last_mut().unwrap().status = ActivityStatus::Planned;
    push(&mut data, K::ThemeDay, d(2026, 12, 30), None, roll(&everyone, &[]));
    data.activities.last_mut().unwrap().status = ActivityStatus::Cancelled;
    push(
        &mut data,
        K::ThemeDay,
        d(2025, 12, 31),
        None,
        roll(&everyone, &[entry(ZS, Absent)]),
    );
    push(
        &mut data,
        K::ThemeDay,
        d(2027, 1, 1),
        None,
        roll(&everyone, &[entry(ZS, Absent)]),
    );
    for (i, (date, done)) in [
        (d(2026, 1, 5), true),
        (d(2026, 6, 1), true),
        (d(2026, 11, 2), false),
        (d(2025, 11, 3), true),
    ]
    .into_iter()
    .enumerate()
    {
        data.study_items.push(StudyItem {
            id: StudyItemId::from(format!("s-{i}").as_str()),
            date,
            whole_week: false,
            topic: "学习党章".into(),
            materials: String::new(),
            format: StudyFormat::Group,
            study_leader: None,
            study_hours: 2.0,
            activity: None,
            done,
        });
    }
    data
}

const SENTENCE: &str = "全年共召开支部党员大会4次、支委会12次、党小组会24次，讲党课4次，开展主题党日12次，召开组织生活会1次并开展民主评议党员，党员平均参会率96%。";

/// (label, required, held, expected, attended, average rate, missed).
type RowFigures<'a> = (&'a str, Option<u32>, u32, u32, u32, Option<u32>, &'a str);

fn row_figures(s: &AnnualSummary) -> Vec<RowFigures<'_>> {
    s.rows
        .iter()
        .map(|r| {
            (
                r.label.as_str(),
                r.required,
                r.held,
                r.expected,
                r.attended,
                r.average_rate,
                r.missed_text.as_str(),
            )
        })
        .collect()
}

#[test]
fn the_fixture_year_adds_up_and_reads_as_the_secretary_would_write_it() {
    let data = fixture();
    let s = annual_summary(&data, &default_rules(), 2026);
    assert_eq!(
        (s.branch.as_str(), s.parent_org.as_str(), s.year, s.as_of),
        ("测试党支部", "××局机关党委", 2026, None)
    );
    assert_eq!(
        row_figures(&s),
        [
            ("党员大会", Some(4), 4, 20, 19, Some(95), ""),
            ("支委会", Some(12), 12, 36, 35, Some(97), ""),
            ("党小组会", Some(24), 24, 60, 59, Some(98), ""),
            ("党课", Some(4), 4, 20, 19, Some(95), ""),
            ("主题党日", Some(12), 12, 60, 56, Some(93), ""),
            ("组织生活会", Some(1), 1, 5, 5, Some(100), ""),
            ("民主评议党员", Some(1), 1, 5, 5, Some(100), ""),
        ]
    );
    assert_eq!(s.row(ActivityKind::MemberReview).unwrap().combined, 1);
    assert_eq!(s.row(ActivityKind::OrgLifeMeeting).unwrap().combined, 0);
    assert_eq!(
        (s.total_expected, s.total_attended, s.average_rate),
        (201, 193, Some(96))
    );
    assert_eq!(s.sentence(), SENTENCE);
    assert_eq!(s.study_plan, StudyPlanProgress { done: 2, total: 3 });
    let hours = s.study_hours.as_ref().unwrap();
    assert_eq!(
        (hours.rule_id.as_str(), hours.minimum, hours.members, hours.met),
        (ids::STUDY_HOURS, 32.0, 5, 5)
    );
    let talks = s.heart_talks.as_ref().unwrap();
    assert_eq!((talks.members, talks.met), (5, 0));

    assert_eq!(s.activities.len(), 57);
    let first = &s.activities[0];
    assert_eq!(
        (
            first.date,
            first.kind,
            first.label.as_str(),
            first.theme.as_str(),
            first.expected,
            first.attended
        ),
        (
            d(2026, 1, 3),
            ActivityKind::CommitteeMeeting,
            "支委会",
            "1月支委会",
            3,
            3
        )
    );
    assert_eq!(s.activities[1].label, "党小组会（第一党小组）");
    assert_eq!(s.activities[56].kind, ActivityKind::OrgLifeMeeting);
    assert!(s.activities.windows(2).all(|w| w[0].date <= w[1].date));

    // The per-member sheet adds up to the per-activity counts.
    assert_eq!(s.members.iter().map(|m| m.expected).sum::<u32>(), 201);
    assert_eq!(s.members.iter().map(|m| m.attended).sum::<u32>(), 193);
}

fn marks_text(s: &MemberStats) -> Vec<String> {
    s.months.iter().map(|m| m.text()).collect()
}

#[test]
fn the_per_member_sheet_of_the_fixture_year() {
    let data = fixture();
    let sheet = year_member_stats(&data, 2026);
    let names: Vec<&str> = sheet.iter().map(|s| s.name.as_str()).collect();
    // By group, then 按姓氏笔画: 王 (4 strokes) before 李 and 张 (7 each; 李 starts with 横, 张 with 折).
    assert_eq!(names, ["王五", "李四", "张三", "赵六", "钱七"]);

    let qq = &sheet[4];
    assert_eq!(
        (qq.kind, qq.group_name.as_str()),
        (MemberKind::Probationary, "第二党小组")
    );
    assert_eq!(
        (qq.expected, qq.attended, qq.present, qq.leave, qq.absent, qq.elsewhere),
        (33, 30, 30, 2, 1, 0)
    );
    assert_eq!((qq.make_up_done, qq.make_up_owed, qq.rate_percent()), (1, 2, Some(91)));
    assert_eq!(qq.study_hours, 38.0); // 24 + 16, less the February theme day not made up
    assert_eq!(qq.heart_talks, 0);
    assert_eq!(
        qq.owed_activities,
        vec![
            ActivityId::from("a-theme_day-2026-02-15"),
            ActivityId::from("a-group_meeting-2026-03-09")
        ]
    );
    let months = marks_text(qq);
    assert_eq!(months[0], "出席、补学");
    assert_eq!(months[1], "出席2、请假");
    assert_eq!(months[2], "出席2、缺席");
    assert_eq!(months[11], "出席4");
    assert_eq!(qq.months[1].worst(), Some(Mark::Leave));

    let zl = &sheet[3];
    assert_eq!(
        (
            zl.expected,
            zl.attended,
            zl.present,
            zl.elsewhere,
            zl.absent,
            zl.rate_percent()
        ),
        (45, 44, 42, 2, 1, Some(98))
    );
    assert_eq!(marks_text(zl)[6], "出席2、异地");
    assert_eq!(marks_text(zl)[9], "出席2、缺席");

    let ls = &sheet[1];
    assert_eq!((ls.make_up_done, ls.make_up_owed, ls.study_hours), (1, 0, 40.0));
    assert_eq!(marks_text(ls)[5], "出席3、补学");
    assert_eq!(member_stats(&data, &mid(WW), 2026).unwrap().study_hours, 38.0);
    assert_eq!(member_stats(&data, &mid("m-nobody"), 2026), None);
}

/// The sheet's order without its figures (what the compliance grid uses) is the sheet's own order, and the
/// year's totals counted in the same pass are [`hours_and_talks_between`] the year's first and last day.
fn assert_sheet_order(data: &Dataset, year: i32) {
    let sheet: Vec<MemberId> = year_member_stats(data, year).into_iter().map(|s| s.member).collect();
    assert_eq!(year_sheet_order(data, year), sheet, "year {year}");
    let (order, totals) = year_sheet_order_and_totals(data, year);
    assert_eq!(order, sheet, "year {year}");
    if let (Some(from), Some(to)) = (Date::new(year, 1, 1), Date::new(year, 12, 31)) {
        assert_eq!(totals, hours_and_talks_between(data, from, to), "year {year}");
    } else {
        assert!(totals.is_empty());
    }
}

#[test]
fn the_sheet_order_alone_is_the_sheets_order() {
    let data = fixture();
    for year in 2024..=2027 {
        assert_sheet_order(&data, year);
    }
    let today = d(2026, 11, 21);
    for (size, seed) in [(DemoSize::DEMO, 3), (DemoSize::LARGE, 7)] {
        let data = generate(&size, today, seed);
        for year in (today.year() - size.years as i32 - 1)..=today.year() + 1 {
            assert_sheet_order(&data, year);
        }
    }
    // Someone only expected (not active that year), a member without a group, and a year out of range.
    let mut data = fixture();
    data.members[0].group = None;
    data.members[1].left_branch = Some(d(2025, 12, 31));
    assert_sheet_order(&data, 2026);
    assert!(year_sheet_order(&data, 100_000).is_empty());
}

#[test]
fn members_joining_mid_year_and_heart_talks_in_the_sheet() {
    let mut late = full("m-b", "乙");
    late.joined_branch = Some(d(2026, 7, 1));
    let mut activist = member("m-x", "积极分子", MemberKind::Activist);
    activist.joined_branch = Some(d(2026, 1, 1));
    let mut data = dataset(vec![], vec![full("m-a", "甲"), late, activist]);
    let mut talk = activity("a-t", ActivityKind::HeartTalk, d(2026, 9, 1));
    talk.host = Some(mid("m-a"));
    talk.attendance = vec![entry("m-b", Present)];
    data.activities.push(talk);
    let mut day = activity("a-d", ActivityKind::ThemeDay, d(2026, 9, 15));
    day.attendance = vec![
        entry("m-a", Present),
        entry("m-b", Present),
        entry("m-x", AttendanceStatus::Observer),
    ];
    data.activities.push(day);

    let sheet = year_member_stats(&data, 2026);
    assert_eq!(sheet.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["乙", "甲"]);
    let b = &sheet[0];
    assert_eq!(marks_text(b)[..7], ["—", "—", "—", "—", "—", "—", ""]);
    assert_eq!(marks_text(b)[8], "出席2");
    assert_eq!((b.heart_talks, b.expected), (1, 2));
    let a = &sheet[1];
    assert_eq!((a.heart_talks, a.expected), (1, 1)); // hosted the talk; not on its roll
                                                     // Nobody active in a year before the branch: an empty sheet.
    let mut early = data.clone();
    early.members[0].joined_branch = Some(d(2026, 1, 1));
    assert!(year_member_stats(&early, 2025).is_empty());
}

#[test]
fn missed_periods_are_listed_as_chinese_labels() {
    let mut data = fixture();
    let drop = [
        "a-general_meeting-2026-08-20",
        "a-group_meeting-2026-07-09",
        "a-committee_meeting-2026-03-03",
        "a-committee_meeting-2026-07-03",
    ];
    data.activities.retain(|a| !drop.contains(&a.id.as_str()));
    let s = annual_summary(&data, &default_rules(), 2026);
    let gm = s.row(ActivityKind::GeneralMeeting).unwrap();
    assert_eq!(
        (gm.required, gm.held, gm.missed.clone(), gm.missed_text.as_str()),
        (Some(4), 3, vec!["第三季度".to_owned()], "第三季度")
    );
    let cm = s.row(ActivityKind::CommitteeMeeting).unwrap();
    assert_eq!((cm.held, cm.missed_text.as_str()), (10, "3月、7月"));
    let grp = s.row(ActivityKind::GroupMeeting).unwrap();
    assert_eq!(
        (grp.required, grp.held, grp.missed.clone(), grp.missed_text.as_str()),
        (Some(24), 23, vec!["第二党小组7月".to_owned()], "第二党小组：7月")
    );
    assert_eq!(
        (s.total_expected, s.total_attended, s.average_rate),
        (188, 181, Some(96))
    );
    assert_eq!(
        s.sentence(),
        "全年共召开支部党员大会3次、支委会10次、党小组会23次，讲党课4次，开展主题党日12次，召开组织生活会1次并开展民主评议党员，党员平均参会率96%。"
    );

    // Drafted at the end of June: only periods already over are missed.
    let mid_year = annual_summary_as_of(&data, &default_rules(), 2026, d(2026, 6, 30));
    assert_eq!(mid_year.as_of, Some(d(2026, 6, 30)));
    assert_eq!(mid_year.row(ActivityKind::GeneralMeeting).unwrap().missed_text, "");
    assert_eq!(mid_year.row(ActivityKind::CommitteeMeeting).unwrap().missed_text, "3月");
    assert_eq!(mid_year.row(ActivityKind::GroupMeeting).unwrap().missed_text, "");
    assert_eq!(mid_year.row(ActivityKind::GeneralMeeting).unwrap().required, Some(4));

    // Two groups missing the same month.
    data.activities
        .retain(|a| a.id.as_str() != "a-group_meeting-2026-07-08");
    let s = annual_summary(&data, &default_rules(), 2026);
    assert_eq!(
        s.row(ActivityKind::GroupMeeting).unwrap().missed_text,
        "第一党小组：7月；第二党小组：7月"
    );
}

#[test]
fn a_switched_off_rule_leaves_its_kind_without_a_requirement() {
    let data = fixture();
    let mut rules = default_rules();
    rules.retain(|r| r.id != ids::PARTY_LECTURE && r.id != ids::STUDY_HOURS);
    let s = annual_summary(&data, &rules, 2026);
    let lecture = s.row(ActivityKind::PartyLecture).unwrap();
    assert_eq!(
        (lecture.required, lecture.held, lecture.missed_text.as_str()),
        (None, 4, "")
    );
    assert_eq!(s.study_hours, None);
    assert_eq!(s.sentence(), SENTENCE);
}

#[test]
fn the_sentence_leaves_out_kinds_not_held() {
    let base = || dataset(vec![], vec![full("m-a", "甲"), full("m-b", "乙")]);
    let both = || vec![entry("m-a", Present), entry("m-b", Present)];
    let mut data = base();
    for (id, kind, date) in [
        ("a-1", ActivityKind::ThemeDay, d(2026, 1, 10)),
        ("a-2", ActivityKind::ThemeDay, d(2026, 2, 10)),
        ("a-3", ActivityKind::MemberReview, d(2026, 3, 10)),
    ] {
        let mut a = activity(id, kind, date);
        a.attendance = both();
        data.activities.push(a);
    }
    data.activities[1].attendance[1].status = Absent;
    let s = annual_summary(&data, &default_rules(), 2026);
    // 5 of 6: 83.3%.
    assert_eq!(
        s.sentence(),
        "全年共开展主题党日2次，开展民主评议党员1次，党员平均参会率83%。"
    );

    let mut data = base();
    for (id, kind, date) in [
        ("a-1", ActivityKind::GroupStudy, d(2026, 1, 10)),
        ("a-2", ActivityKind::GroupStudy, d(2026, 2, 10)),
        ("a-3", ActivityKind::GroupStudy, d(2026, 3, 10)),
        ("a-4", ActivityKind::OrgLifeMeeting, d(2026, 11, 10)),
        ("a-5", ActivityKind::HeartTalk, d(2026, 5, 10)),
        ("a-6", ActivityKind::HeartTalk, d(2026, 6, 10)),
    ] {
        let mut a = activity(id, kind, date);
        a.attendance = both();
        data.activities.push(a);
    }
    let s = annual_summary(&data, &default_rules(), 2026);
    assert_eq!(
        s.sentence(),
        "全年共组织集中学习3次，召开组织生活会1次，开展谈心谈话2次，党员平均参会率100%。"
    );
    // Kinds without a rule appear in the table only when held.
    assert_eq!(s.row(ActivityKind::GroupStudy).unwrap().required, None);
    assert_eq!(s.row(ActivityKind::HeartTalk).unwrap().held, 2);

    // Nothing held (a planned meeting does not count), and no rate without anyone expected.
    let mut empty = base();
    let mut planned = activity("a-p", ActivityKind::GeneralMeeting, d(2026, 3, 1));
    planned.status = ActivityStatus::Planned;
    empty.activities.push(planned);
    let s = annual_summary(&empty, &default_rules(), 2026);
    assert_eq!(s.sentence(), "2026年暂无已开展的组织生活记录。");
    assert_eq!(s.average_rate, None);
    let mut no_roll = base();
    no_roll
        .activities
        .push(activity("a-x", ActivityKind::PartyLecture, d(2026, 4, 1)));
    assert_eq!(
        annual_summary(&no_roll, &default_rules(), 2026).sentence(),
        "全年共讲党课1次。"
    );
}
