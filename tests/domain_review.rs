#![cfg(not(target_arch = "wasm32"))]
//! 民主评议党员 and 组织生活会 in substance (domain::member_review, domain::org_life): who is rated, the 优秀
//! limit as an editable rule, a 不合格 without a decision, pasted ballots, 整改 items followed across the year's
//! end, the figures of the summary and the member sheet, and the 谈心谈话 coverage before a 组织生活会.

mod domain_support;

use domain_support::*;
use zhibu::domain::compliance::{alerts, Severity};
use zhibu::domain::member_review::{
    self, checks, parse_ballots, participants, Ballots, MemberReview, RatedMember, Rating, ReviewIssue,
};
use zhibu::domain::org_life::{self, open_items, talk_coverage, ItemState, Rectification};
use zhibu::domain::overview::{alerts_on_slice, overview_from, slice, History};
use zhibu::domain::rules::{default_rules, ids, RuleKind};
use zhibu::domain::summary::{annual_summary, annual_summary_as_of};
use zhibu::domain::validate::{validate_activity, Invalid};
use zhibu::domain::*;

/// `n` full members m-1 … m-n (张1 …), in the branch since 2020.
fn branch_of(n: usize) -> Dataset {
    dataset(
        vec![],
        (1..=n).map(|i| full(&format!("m-{i}"), &format!("张{i}"))).collect(),
    )
}

fn everyone_present(data: &Dataset) -> Vec<AttendanceEntry> {
    data.members
        .iter()
        .map(|m| entry(&m.id.0, AttendanceStatus::Present))
        .collect()
}

/// A held 民主评议党员 on 2026-12-10 with everyone present and on the list, the first `excellent` rated 优秀 and
/// the rest 合格.
fn rated(data: &mut Dataset, excellent: usize) {
    let mut a = activity("a-r", ActivityKind::MemberReview, d(2026, 12, 10));
    a.attendance = everyone_present(data);
    let mut list = participants(data, a.date, &[]);
    for (i, e) in list.iter_mut().enumerate() {
        e.rating = Some(if i < excellent {
            Rating::Excellent
        } else {
            Rating::Qualified
        });
    }
    a.review = Some(MemberReview {
        members: list,
        ..MemberReview::default()
    });
    data.activities.push(a);
}

fn issues(data: &Dataset) -> Vec<ReviewIssue> {
    let a = data.activities.iter().find(|a| a.review.is_some()).unwrap();
    checks(a, data, &data.effective_rules())
}

#[test]
fn who_takes_part_follows_the_day_joining_leaving_and_kind() {
    let mut data = branch_of(2);
    let mut joined = full("m-late", "晚来");
    joined.joined_branch = Some(d(2026, 12, 20));
    let mut left = full("m-gone", "已走");
    left.left_branch = Some(d(2026, 6, 1));
    let probationary = member("m-prob", "预备", MemberKind::Probationary);
    let mut became_full = full("m-new", "新转正");
    became_full.full_since = Some(d(2026, 12, 31)); // still probationary on the 10th
    let activist = member("m-act", "积极", MemberKind::Activist);
    data.members.extend([joined, left, probationary, became_full, activist]);
    let list = participants(&data, d(2026, 12, 10), &[]);
    let names: Vec<String> = list.iter().map(|e| data.member_name(&e.member)).collect();
    // In the branch's name order (笔画): 张 7 strokes, 预 10, 新 13; the activist, the one who left and the one
    // who joined later are not on it.
    assert_eq!(names, ["张1", "张2", "预备", "新转正"]);
    // Reopened after someone joined: what was typed stays, the newcomer is added.
    let mut typed = list.clone();
    typed[0].ballots.excellent = 5;
    let again = participants(&data, d(2026, 12, 25), &typed);
    assert_eq!(again[0].ballots.excellent, 5);
    assert!(again.iter().any(|e| e.member.0 == "m-late"));
    // The activist is refused on the list; so is someone who had left.
    let mut a = activity("a-r", ActivityKind::MemberReview, d(2026, 12, 10));
    a.review = Some(MemberReview {
        members: vec![RatedMember::new(mid("m-act")), RatedMember::new(mid("m-gone"))],
        ..MemberReview::default()
    });
    let errors: Vec<Invalid> = validate_activity(&a, &data).into_iter().map(|e| e.error).collect();
    assert_eq!(errors, [Invalid::ActivistNotAllowed, Invalid::NotInBranchThatDay]);
}

#[test]
fn the_excellent_share_is_at_most_one_third_of_the_full_members_rated() {
    let mut data = branch_of(30);
    rated(&mut data, 10);
    assert_eq!(issues(&data), []);
    let mut data = branch_of(30);
    rated(&mut data, 11);
    let found = issues(&data);
    let ReviewIssue::ExcellentOverLimit {
        excellent,
        allowed,
        full,
        share,
        source,
    } = &found[0]
    else {
        panic!("{found:?}")
    };
    assert_eq!((*excellent, *allowed, *full, share.as_str()), (11, 10, 30, "1/3"));
    assert!(source.contains("1/3"), "{source}");
    assert_eq!(
        found[0].message(&data),
        "评定为优秀的有11人，超过参评正式党员30人的1/3（最多10人）。请复核评定结果，或在“规则”里修改比例。"
    );
    // Probationary members take part but do not count towards the limit: 30 full + 3 probationary (赵, 9
    // strokes, after 张), 11 优秀 among the full members.
    let mut data = branch_of(30);
    for i in 0..3 {
        data.members
            .push(member(&format!("p-{i}"), &format!("赵{i}"), MemberKind::Probationary));
    }
    rated(&mut data, 11);
    assert!(matches!(
        issues(&data)[0],
        ReviewIssue::ExcellentOverLimit {
            full: 30,
            allowed: 10,
            ..
        }
    ));
    // `rated` gave the 3 probationary members 合格 too: flagged, not refused.
    assert_eq!(
        issues(&data)
            .iter()
            .filter(|i| matches!(i, ReviewIssue::ProbationaryRated { .. }))
            .count(),
        3
    );
    // The limit is editable data: 20% allows 6 of 30; switched off, nothing is checked.
    let mut data = branch_of(30);
    rated(&mut data, 11);
    let mut rules = default_rules();
    let share = rules.iter_mut().find(|r| r.kind == RuleKind::ExcellentShare).unwrap();
    share.minimum = 20.0;
    data.rules = rules.clone();
    assert!(matches!(
        issues(&data)[0],
        ReviewIssue::ExcellentOverLimit { allowed: 6, .. }
    ));
    data.rules
        .iter_mut()
        .find(|r| r.id == ids::EXCELLENT_SHARE)
        .unwrap()
        .enabled = false;
    assert_eq!(issues(&data), []);
    // A rule set edited before the rule existed gets the default limit.
    data.rules.retain(|r| r.kind != RuleKind::ExcellentShare);
    assert!(!data.rules.is_empty());
    assert!(matches!(
        issues(&data)[0],
        ReviewIssue::ExcellentOverLimit { allowed: 10, .. }
    ));
}

#[test]
fn probationary_members_rated_and_full_members_left_unrated_are_flagged() {
    let mut data = branch_of(3);
    data.members.push(member("m-p", "预备", MemberKind::Probationary));
    rated(&mut data, 0);
    let a = data.activities.iter_mut().find(|a| a.review.is_some()).unwrap();
    a.review.as_mut().unwrap().members[1].rating = None;
    let found = issues(&data);
    assert!(
        found.contains(&ReviewIssue::ProbationaryRated { member: mid("m-p") }),
        "{found:?}"
    );
    assert!(
        found.contains(&ReviewIssue::NotRated { member: mid("m-2") }),
        "{found:?}"
    );
}

#[test]
fn an_unqualified_rating_needs_a_decision_and_a_follow_up_date() {
    let mut data = branch_of(5);
    rated(&mut data, 1);
    let set = |data: &mut Dataset, handling: &str, follow_up: Option<Date>| {
        let e = &mut data.activities[0].review.as_mut().unwrap().members[4];
        e.rating = Some(Rating::Unqualified);
        e.handling = handling.to_owned();
        e.follow_up = follow_up;
    };
    set(&mut data, "", None);
    assert_eq!(
        issues(&data),
        [ReviewIssue::UnqualifiedWithoutHandling { member: mid("m-5") }]
    );
    let warned = alerts(&data, &data.effective_rules(), 2026, d(2026, 12, 15));
    let alert = warned.iter().find(|a| a.message.contains("不合格")).expect("an alert");
    assert_eq!(alert.severity, Severity::Warning);
    assert_eq!(alert.message, "张5评定为不合格，尚未记录组织处置和跟进日期");
    set(&mut data, "限期改正", None);
    assert_eq!(issues(&data).len(), 1);
    set(&mut data, "限期改正", Some(d(2027, 3, 31)));
    assert_eq!(issues(&data), []);
    assert!(!alerts(&data, &data.effective_rules(), 2026, d(2026, 12, 15))
        .iter()
        .any(|a| a.message.contains("不合格")));
    // A follow-up before the meeting is refused when saving.
    set(&mut data, "限期改正", Some(d(2026, 1, 1)));
    let errors: Vec<Invalid> = validate_activity(&data.activities[0], &data)
        .into_iter()
        .map(|e| e.error)
        .collect();
    assert_eq!(errors, [Invalid::BeforeActivity]);
}

#[test]
fn ballots_pasted_from_a_spreadsheet_change_only_the_lines_that_read() {
    let mut data = branch_of(3);
    rated(&mut data, 0);
    let list = data.activities[0].review.clone().unwrap().members;
    let text = "姓名\t优秀\t合格\t基本合格\t不合格\n张1\t20\t8\t1\t0\n张2,3,26,0,0,优秀\n\n李四\t1\t2\t3\t4\n张3\t1\tx\t0\t0\n张3 1 2 3 4 很好\n";
    let (rows, problems) = parse_ballots(text, &data, &list);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].ballots,
        Ballots {
            excellent: 20,
            qualified: 8,
            basically_qualified: 1,
            unqualified: 0
        }
    );
    assert_eq!(rows[0].rating, Some(Rating::Qualified), "kept as it was");
    assert_eq!(rows[1].rating, Some(Rating::Excellent));
    assert_eq!(
        problems,
        [
            "第5行：“李四”不在参评名单中",
            "第6行：张3的票数应为4个非负整数（优秀、合格、基本合格、不合格）",
            "第7行：等次“很好”应为优秀、合格、基本合格或不合格",
        ]
    );
    // Oversized numbers are refused, not wrapped.
    let (rows, problems) = parse_ballots("张1 99999999999 0 0 0", &data, &list);
    assert!(rows.is_empty());
    assert_eq!(problems.len(), 1);
    // More ballots than people present is a warning on the review.
    let a = &mut data.activities[0];
    a.review.as_mut().unwrap().members[0].ballots.qualified = 4;
    assert!(issues(&data).contains(&ReviewIssue::BallotsOverPresent {
        member: mid("m-1"),
        ballots: 4,
        present: 3
    }));
}

#[test]
fn review_counts_when_members_were_rated_and_shows_in_the_summary_and_the_member_sheet() {
    let mut data = branch_of(10);
    let mut life = activity("a-l", ActivityKind::OrgLifeMeeting, d(2026, 12, 10));
    life.attendance = everyone_present(&data);
    life.agenda = vec!["民主评议党员".into()];
    data.activities.push(life);
    let s = annual_summary(&data, &default_rules(), 2026);
    assert_eq!(s.held(ActivityKind::MemberReview), 0, "an agenda is not a review");
    assert_eq!(s.sentence(), "全年共召开组织生活会1次，党员平均参会率100%。");

    let mut list = participants(&data, d(2026, 12, 10), &[]);
    for (i, e) in list.iter_mut().enumerate() {
        e.rating = Some(match i {
            0..=2 => Rating::Excellent,
            9 => Rating::BasicallyQualified,
            _ => Rating::Qualified,
        });
    }
    data.activities[0].review = Some(MemberReview {
        members: list,
        ..MemberReview::default()
    });
    let s = annual_summary(&data, &default_rules(), 2026);
    assert_eq!(s.held(ActivityKind::MemberReview), 1);
    assert_eq!(s.row(ActivityKind::MemberReview).unwrap().combined, 1);
    assert_eq!(
        s.sentence(),
        "全年共召开组织生活会1次并开展民主评议党员，党员平均参会率100%。"
    );
    assert_eq!(s.ratings.text(), "优秀3人、合格6人、基本合格1人");
    assert!(s
        .figure_lines()
        .contains(&"民主评议党员10人：优秀3人、合格6人、基本合格1人".to_owned()));
    let sheet: Vec<(String, Option<Rating>)> = s.members.iter().map(|m| (m.name.clone(), m.rating)).collect();
    assert_eq!(sheet[0], ("张1".to_owned(), Some(Rating::Excellent)));
    // The list is in name order (张1, 张10, 张2, …), so the tenth is 张9.
    assert!(
        sheet.contains(&("张9".to_owned(), Some(Rating::BasicallyQualified))),
        "{sheet:?}"
    );
    assert_eq!(
        member_review::rating_of(&data, &mid("m-4"), 2026),
        Some(Rating::Qualified)
    );
    assert_eq!(member_review::rating_of(&data, &mid("m-4"), 2025), None);

    // A 民主评议党员 held without ratings counts (it was held), with a note to enter the results.
    let mut data = branch_of(2);
    let mut m = activity("a-m", ActivityKind::MemberReview, d(2026, 12, 10));
    m.attendance = everyone_present(&data);
    data.activities.push(m);
    let a = alerts(&data, &default_rules(), 2026, d(2026, 12, 15));
    assert!(a
        .iter()
        .any(|a| a.message == "2026年12月10日的民主评议党员尚未录入评定结果" && a.severity == Severity::Info));
}

/// A 组织生活会 on 2025-12-20 with three 整改 items: due 2026-01-15 (open), due 2026-03-31 (open), and one
/// closed.
fn with_items() -> Dataset {
    let mut data = branch_of(4);
    let mut life = activity("a-l", ActivityKind::OrgLifeMeeting, d(2025, 12, 20));
    life.attendance = everyone_present(&data);
    let item = |id: &str, problem: &str, owner: Option<&str>, due: Date, closed: Option<Date>| Rectification {
        problem: problem.to_owned(),
        owner: owner.map(mid),
        due: Some(due),
        closed,
        ..Rectification::new(id.to_owned())
    };
    life.rectifications = vec![
        item("r1", "谈心谈话覆盖不全", Some("m-2"), d(2026, 1, 15), None),
        item("r2", "学习形式单一", None, d(2026, 3, 31), None),
        item("r3", "制度不健全", Some("m-3"), d(2026, 1, 31), Some(d(2026, 1, 20))),
    ];
    data.activities.push(life);
    // Something this year, so that the slice of 2026 starts on January 1.
    for (i, m) in [1u8, 2, 3, 4, 5].iter().enumerate() {
        let mut a = activity(&format!("a-{i}"), ActivityKind::ThemeDay, d(2026, *m, 10));
        a.theme = "主题".into();
        a.attendance = everyone_present(&data);
        data.activities.push(a);
    }
    data
}

#[test]
fn items_are_followed_across_the_year_boundary_until_closed() {
    let data = with_items();
    let rules = data.effective_rules();
    let messages = |today: Date| -> Vec<(Severity, String)> {
        alerts(&data, &rules, today.year(), today)
            .into_iter()
            .filter(|a| a.message.starts_with("整改事项"))
            .map(|a| (a.severity, a.message))
            .collect()
    };
    assert_eq!(
        messages(d(2026, 1, 5)),
        [(
            Severity::Info,
            "整改事项即将到期：谈心谈话覆盖不全（张2，2026年1月15日到期）".to_owned()
        )]
    );
    assert_eq!(
        messages(d(2026, 3, 20)),
        [
            (
                Severity::Warning,
                "整改事项已超期：谈心谈话覆盖不全（张2，2026年1月15日到期）".to_owned()
            ),
            (
                Severity::Info,
                "整改事项即将到期：学习形式单一（支部委员会，2026年3月31日到期）".to_owned()
            ),
        ]
    );
    // The start of 概览 draws from the slice of this year: the older meeting's open items come with the history.
    let today = d(2026, 6, 1);
    let from = overview_from(&data, today);
    assert_eq!(from, d(2026, 1, 1));
    let history = History::before(&data, from);
    assert_eq!(history.open_items.len(), 2);
    let part = slice(&data, from);
    assert!(part.activities.iter().all(|a| a.rectifications.is_empty()));
    let grid = zhibu::domain::compliance::year_grid(&part, &rules, 2026, today);
    assert_eq!(
        alerts_on_slice(&part, &history, &rules, &grid, today).unwrap(),
        alerts(&data, &rules, 2026, today)
    );
    // States and counts.
    let items = open_items(&data.activities);
    let states: Vec<ItemState> = items.iter().map(|o| o.item.state_on(d(2026, 1, 20))).collect();
    assert_eq!(states, [ItemState::Overdue, ItemState::Open]);
    let s = annual_summary(&data, &rules, 2025);
    assert_eq!(
        (
            s.rectifications.opened,
            s.rectifications.closed,
            s.rectifications.overdue
        ),
        (3, 0, 0),
        "judged at 2025's end: nothing closed or overdue yet"
    );
    let c = org_life::year_item_counts(&data, 2025, d(2026, 2, 1));
    assert_eq!((c.opened, c.closed, c.overdue), (3, 1, 1));
    let s = annual_summary_as_of(&data, &rules, 2025, d(2025, 12, 31));
    assert!(s.figure_lines().contains(&"整改事项3项，已完成0项".to_owned()));
    // Closed: no more alert.
    let mut data = data;
    for r in &mut data.activities[0].rectifications {
        r.closed.get_or_insert(d(2026, 3, 1));
    }
    assert!(!alerts(&data, &rules, 2026, d(2026, 6, 1))
        .iter()
        .any(|a| a.message.starts_with("整改事项")));
    // Items of a member, for 我的.
    assert_eq!(org_life::items_of(&data, &mid("m-2")).len(), 1);
    assert_eq!(org_life::next_item_id(&data.activities[0].rectifications), "r4");
}

#[test]
fn bad_items_and_examinations_are_refused_in_chinese() {
    let mut data = with_items();
    let a = &mut data.activities[0];
    a.rectifications[1].id = "r1".into();
    a.rectifications[2].problem = " ".into();
    a.rectifications[2].closed = Some(d(2025, 1, 1));
    a.examinations = vec![
        org_life::Examination {
            member: mid("m-1"),
            points: "学习不够".into(),
            criticism: String::new(),
        },
        org_life::Examination {
            member: mid("m-1"),
            points: "重复".into(),
            criticism: String::new(),
        },
        org_life::Examination {
            member: mid("m-x"),
            points: "查无此人".into(),
            criticism: String::new(),
        },
    ];
    let errors: Vec<(&str, String)> = validate_activity(&data.activities[0], &data)
        .into_iter()
        .map(|e| (e.field, e.error.to_string()))
        .collect();
    assert_eq!(
        errors,
        [
            ("examinations", "同一人员在名单中出现了两次".to_owned()),
            ("examinations", "所选人员不存在，请重新选择".to_owned()),
            ("rectifications", "整改事项的编号缺失或重复".to_owned()),
            ("rectifications", "请填写存在问题".to_owned()),
            ("rectifications", "日期不能早于活动日期".to_owned()),
        ]
    );
}

#[test]
fn heart_talks_before_the_meeting_cover_the_three_circles() {
    // 书记 m-1, 组织委员 m-2, 宣传委员 m-3; members m-4, m-5.
    let mut data = branch_of(5);
    data.branch.committee = vec![
        CommitteeSeat {
            role: CommitteeRole::Secretary,
            member: mid("m-1"),
        },
        CommitteeSeat {
            role: CommitteeRole::Organization,
            member: mid("m-2"),
        },
        CommitteeSeat {
            role: CommitteeRole::Publicity,
            member: mid("m-3"),
        },
    ];
    let talk = |id: &str, date: Date, host: &str, with: &[&str]| {
        let mut a = activity(id, ActivityKind::HeartTalk, date);
        a.host = Some(mid(host));
        a.attendance = with.iter().map(|m| entry(m, AttendanceStatus::Present)).collect();
        a
    };
    data.activities.push(talk("t-1", d(2026, 11, 1), "m-1", &["m-2"]));
    data.activities.push(talk("t-2", d(2026, 11, 2), "m-1", &["m-4"]));
    data.activities.push(talk("t-3", d(2025, 11, 2), "m-2", &["m-3"])); // last year: not counted
    let meeting = activity("a-l", ActivityKind::OrgLifeMeeting, d(2026, 12, 10));
    data.activities.push(meeting.clone());
    let c = talk_coverage(&data, &meeting);
    assert_eq!((c.from, c.to), (Some(d(2026, 1, 1)), Some(d(2026, 12, 9))));
    assert_eq!(c.talks, 2);
    assert_eq!(c.committee_pairs, 3);
    assert_eq!(
        c.committee_pairs_missing,
        [(mid("m-1"), mid("m-3")), (mid("m-2"), mid("m-3"))]
    );
    assert_eq!(c.members_without_committee, [mid("m-5")]);
    assert_eq!(c.members_without_any, [mid("m-3"), mid("m-5")]);
    assert!(!c.is_complete());
    data.activities
        .push(talk("t-4", d(2026, 12, 1), "m-3", &["m-1", "m-2", "m-5"]));
    let c = talk_coverage(&data, &meeting);
    assert!(c.is_complete(), "{c:?}");
    // A talk on the meeting day itself is not "before" it.
    data.activities.retain(|a| a.id.0 != "t-4");
    data.activities
        .push(talk("t-4", d(2026, 12, 10), "m-3", &["m-1", "m-2", "m-5"]));
    assert!(!talk_coverage(&data, &meeting).is_complete());
}

#[test]
fn the_demo_branch_has_a_rated_review_and_an_item_followed_into_this_year() {
    let today = d(2026, 12, 7);
    let data = demo::generate(&demo::DemoSize::DEMO, today, 20_260_101);
    assert!(zhibu::domain::integrity::check_dataset(&data).is_empty());
    let last_year = member_review::year_counts(&data, 2025);
    assert!(
        last_year.get(Rating::Excellent) > 0 && last_year.get(Rating::Qualified) > 0,
        "{last_year:?}"
    );
    let open = open_items(&data.activities);
    assert!(
        open.iter()
            .any(|o| o.activity_date.year() == 2025 && o.item.state_on(today) == ItemState::Overdue),
        "{open:?}"
    );
    let rules = data.effective_rules();
    for a in data.activities.iter().filter(|a| a.review.is_some()) {
        assert_eq!(checks(a, &data, &rules), [], "{} {}", a.date, a.kind.label());
    }
}
