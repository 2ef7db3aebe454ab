#![cfg(not(target_arch = "wasm32"))]
//! Year skeleton, plan completion, plan moves, and the schedule (list and month calendar).

mod domain_support;

use domain_support::*;
use zhibu::domain::plan::*;
use zhibu::domain::schedule::*;
use zhibu::domain::*;

/// Ids a-0001, a-0002, … so that tests are deterministic.
fn counter() -> impl FnMut() -> ActivityId {
    let mut n = 0;
    move || {
        n += 1;
        ActivityId(format!("a-{n:04}"))
    }
}

/// Three groups, a secretary (张书记, 第一党小组, also committee), group leaders, an activist.
fn branch3() -> Dataset {
    let mut data = dataset(
        vec![
            group("g-1", "第一党小组"),
            group("g-2", "第二党小组"),
            group("g-3", "第三党小组"),
        ],
        vec![
            in_group(full("m-zhang", "张书记"), "g-1"),
            in_group(full("m-li", "李委员"), "g-2"),
            in_group(full("m-wang", "王党员"), "g-2"),
            in_group(full("m-zhao", "赵党员"), "g-3"),
            in_group(member("m-qian", "钱积极", MemberKind::Activist), "g-1"),
        ],
    );
    data.branch.set_holder(CommitteeRole::Secretary, Some(mid("m-zhang")));
    data.branch.set_holder(CommitteeRole::Organization, Some(mid("m-li")));
    data.groups[1].group_leader = Some(mid("m-wang"));
    data
}

fn count(plan: &[Activity], kind: ActivityKind) -> usize {
    plan.iter().filter(|a| a.kind == kind).count()
}

fn dates(plan: &[Activity], kind: ActivityKind) -> Vec<Date> {
    plan.iter().filter(|a| a.kind == kind).map(|a| a.date).collect()
}

#[test]
fn skeleton_counts_per_kind_with_three_groups() {
    let data = branch3();
    let plan = generate_skeleton(&data, &SkeletonOptions::new(2026), &mut counter());
    assert_eq!(count(&plan, ActivityKind::ThemeDay), 12);
    assert_eq!(count(&plan, ActivityKind::CommitteeMeeting), 12);
    assert_eq!(count(&plan, ActivityKind::GroupMeeting), 36);
    assert_eq!(count(&plan, ActivityKind::GeneralMeeting), 4);
    assert_eq!(count(&plan, ActivityKind::PartyLecture), 4);
    assert_eq!(count(&plan, ActivityKind::OrgLifeMeeting), 1);
    assert_eq!(count(&plan, ActivityKind::MemberReview), 1);
    assert_eq!(count(&plan, ActivityKind::HeartTalk), 0);
    assert_eq!(plan.len(), 70);
    assert!(plan
        .iter()
        .all(|a| a.status == ActivityStatus::Planned && a.date.year() == 2026));
    assert!(plan
        .iter()
        .all(|a| a.theme.is_empty() && a.agenda.is_empty() && a.attendance.is_empty()));
    // Ids come from the caller, in order of generation, all distinct.
    let mut ids: Vec<&str> = plan.iter().map(|a| a.id.as_str()).collect();
    zhibu::domain::sort::sort(&mut ids);
    ids.dedup();
    assert_eq!(ids.len(), 70);
    // Sorted by date.
    assert!(plan.windows(2).all(|w| w[0].date <= w[1].date));
}

#[test]
fn n_groups_give_twelve_n_group_meetings_each_month() {
    for n in [0usize, 1, 2, 5] {
        let mut data = branch3();
        data.groups = (0..n).map(|i| group(&format!("g-x{i}"), &format!("小组{i}"))).collect();
        let plan = generate_skeleton(&data, &SkeletonOptions::new(2026), &mut counter());
        assert_eq!(count(&plan, ActivityKind::GroupMeeting), 12 * n, "{n} groups");
        for g in &data.groups {
            let months: Vec<u8> = plan
                .iter()
                .filter(|a| a.group.as_ref() == Some(&g.id))
                .map(|a| a.date.month())
                .collect();
            assert_eq!(months, (1..=12).collect::<Vec<u8>>());
        }
    }
}

#[test]
fn theme_days_move_off_weekends_and_stay_in_the_month() {
    let data = branch3();
    let plan = generate_skeleton(&data, &SkeletonOptions::new(2026), &mut counter());
    // 2026-01-10 is a Saturday, 2026-05-10 a Sunday, 2026-10-10 a Saturday: next Monday.
    assert_eq!(
        dates(&plan, ActivityKind::ThemeDay),
        vec![
            d(2026, 1, 12),
            d(2026, 2, 10),
            d(2026, 3, 10),
            d(2026, 4, 10),
            d(2026, 5, 11),
            d(2026, 6, 10),
            d(2026, 7, 10),
            d(2026, 8, 10),
            d(2026, 9, 10),
            d(2026, 10, 12),
            d(2026, 11, 10),
            d(2026, 12, 10),
        ]
    );
    assert!(plan.iter().all(|a| !a.date.weekday().is_weekend()));

    // The 28th: Saturday 2026-02-28 → Monday would be 2 March, so the Friday before; Saturday 2026-03-28
    // → Monday 30th; Sunday 2026-06-28 → Monday 29th; Sunday 2027-02-28 → Friday 26th.
    assert_eq!(placed_day(2026, 2, 28, true), Some(d(2026, 2, 27)));
    assert_eq!(placed_day(2026, 3, 28, true), Some(d(2026, 3, 30)));
    assert_eq!(placed_day(2026, 6, 28, true), Some(d(2026, 6, 29)));
    assert_eq!(placed_day(2027, 2, 28, true), Some(d(2027, 2, 26)));
    assert_eq!(placed_day(2026, 1, 10, false), Some(d(2026, 1, 10)));
    assert_eq!(placed_day(2026, 2, 30, true), None);

    let mut opts = SkeletonOptions::new(2026);
    opts.theme_day = 28;
    let plan = generate_skeleton(&data, &opts, &mut counter());
    let theme = dates(&plan, ActivityKind::ThemeDay);
    assert_eq!(theme[1], d(2026, 2, 27));
    for (i, day) in theme.iter().enumerate() {
        assert_eq!(usize::from(day.month()), i + 1, "stays in its month");
        assert!(!day.weekday().is_weekend());
    }

    // Without the rule, the weekend day is kept.
    let mut opts = SkeletonOptions::new(2026);
    opts.avoid_weekends = false;
    let plan = generate_skeleton(&data, &opts, &mut counter());
    assert_eq!(dates(&plan, ActivityKind::ThemeDay)[0], d(2026, 1, 10));
    assert_eq!(d(2026, 1, 10).weekday(), Weekday::Sat);
}

#[test]
fn quarterly_and_yearly_placement() {
    let data = branch3();
    let plan = generate_skeleton(&data, &SkeletonOptions::new(2026), &mut counter());
    assert_eq!(
        dates(&plan, ActivityKind::GeneralMeeting),
        vec![d(2026, 1, 12), d(2026, 4, 10), d(2026, 7, 10), d(2026, 10, 12)]
    );
    assert_eq!(
        dates(&plan, ActivityKind::PartyLecture),
        vec![d(2026, 2, 10), d(2026, 5, 11), d(2026, 8, 10), d(2026, 11, 10)]
    );
    let quarters: Vec<u8> = dates(&plan, ActivityKind::GeneralMeeting)
        .iter()
        .map(|d| d.quarter())
        .collect();
    assert_eq!(quarters, vec![1, 2, 3, 4]);
    assert_eq!(dates(&plan, ActivityKind::OrgLifeMeeting), vec![d(2026, 12, 10)]);
    assert_eq!(dates(&plan, ActivityKind::MemberReview), vec![d(2026, 12, 10)]);
    // Committee on the 5th: 2026-04-05 Sunday → 6th, 2026-09-05 Saturday → 7th.
    let committee = dates(&plan, ActivityKind::CommitteeMeeting);
    assert_eq!(committee[3], d(2026, 4, 6));
    assert_eq!(committee[8], d(2026, 9, 7));
    assert_eq!(committee[0], d(2026, 1, 5));
}

#[test]
fn hosts_times_location_and_hours_come_from_the_branch_and_options() {
    let data = branch3();
    let mut opts = SkeletonOptions::new(2026);
    opts.start = Some(Time::hm(14, 30));
    opts.end = Some(Time::hm(16, 30));
    opts.location = "三楼会议室".to_owned();
    opts.include = vec![
        ActivityKind::ThemeDay,
        ActivityKind::GroupMeeting,
        ActivityKind::PartyLecture,
    ];
    let plan = generate_skeleton(&data, &opts, &mut counter());
    assert_eq!(plan.len(), 12 + 36 + 4);
    let first = &plan[0];
    assert_eq!(first.kind, ActivityKind::ThemeDay);
    assert_eq!(first.host, Some(mid("m-zhang")));
    assert_eq!(
        (first.start, first.end),
        (Some(Time::hm(14, 30)), Some(Time::hm(16, 30)))
    );
    assert_eq!(first.location, "三楼会议室");
    assert_eq!(first.study_hours, 2.0);
    let g2 = plan.iter().find(|a| a.group == Some(gid("g-2"))).unwrap();
    assert_eq!(g2.host, Some(mid("m-wang")), "group leader hosts");
    let g1 = plan.iter().find(|a| a.group == Some(gid("g-1"))).unwrap();
    assert_eq!(g1.host, None, "no leader recorded");
    let lecture = plan.iter().find(|a| a.kind == ActivityKind::PartyLecture).unwrap();
    assert_eq!(lecture.host, None);
}

#[test]
fn bad_options_are_reported_and_generate_nothing() {
    let data = branch3();
    let mut opts = SkeletonOptions::new(2026);
    opts.theme_day = 29;
    opts.start = Some(Time::hm(10, 0));
    opts.end = Some(Time::hm(9, 0));
    let problems = opts.problems();
    assert_eq!(
        problems,
        vec![PlanError::DayOfMonth("主题党日"), PlanError::EndBeforeStart]
    );
    assert_eq!(
        problems[0].to_string(),
        "主题党日的日期应在每月 1 日到 28 日之间（每个月都有这一天）"
    );
    assert!(generate_skeleton(&data, &opts, &mut counter()).is_empty());
    let mut opts = SkeletonOptions::new(2201);
    opts.committee_day = 0;
    assert_eq!(
        opts.problems(),
        vec![PlanError::YearRange, PlanError::DayOfMonth("支委会")]
    );
}

#[test]
fn running_twice_adds_nothing_and_existing_entries_fill_their_slots() {
    let mut data = branch3();
    let first = generate_skeleton(&data, &SkeletonOptions::new(2026), &mut counter());
    data.activities.extend(first);
    let again = generate_skeleton(&data, &SkeletonOptions::new(2026), &mut counter());
    assert!(again.is_empty(), "second run adds {} entries", again.len());

    // A fresh branch with some records already in 2026.
    let mut data = branch3();
    let mut held = activity("a-h1", ActivityKind::ThemeDay, d(2026, 3, 20)); // Held, other day in March
    held.theme = "重温入党誓词".to_owned();
    let mut gm = activity("a-h2", ActivityKind::GeneralMeeting, d(2026, 2, 14)); // Q1, not January
    gm.status = ActivityStatus::Planned;
    let mut group_2 = activity("a-h3", ActivityKind::GroupMeeting, d(2026, 1, 8));
    group_2.group = Some(gid("g-2"));
    let mut cancelled = activity("a-h4", ActivityKind::ThemeDay, d(2026, 4, 10));
    cancelled.status = ActivityStatus::Cancelled;
    let review_2025 = activity("a-h5", ActivityKind::MemberReview, d(2025, 12, 10));
    let org_life = activity("a-h6", ActivityKind::OrgLifeMeeting, d(2026, 11, 30));
    data.activities = vec![held, gm, group_2, cancelled, review_2025, org_life];

    let plan = generate_skeleton(&data, &SkeletonOptions::new(2026), &mut counter());
    assert_eq!(
        count(&plan, ActivityKind::ThemeDay),
        11,
        "March filled; cancelled April offered again"
    );
    assert!(dates(&plan, ActivityKind::ThemeDay).contains(&d(2026, 4, 10)));
    assert!(!dates(&plan, ActivityKind::ThemeDay).iter().any(|d| d.month() == 3));
    assert_eq!(count(&plan, ActivityKind::GeneralMeeting), 3, "Q1 filled by February's");
    assert_eq!(count(&plan, ActivityKind::GroupMeeting), 35, "only g-2 January filled");
    assert!(!plan.iter().any(|a| a.group == Some(gid("g-2")) && a.date.month() == 1));
    assert_eq!(count(&plan, ActivityKind::OrgLifeMeeting), 0, "the year's is held");
    assert_eq!(count(&plan, ActivityKind::MemberReview), 1, "2025's is another year");
    assert_eq!(plan.len(), 70 - 1 - 1 - 1 - 1);
}

#[test]
fn completion_counts_planned_and_held_not_cancelled() {
    let mut data = branch3();
    let opts = SkeletonOptions {
        include: vec![ActivityKind::ThemeDay, ActivityKind::CommitteeMeeting],
        ..SkeletonOptions::new(2026)
    };
    data.activities = generate_skeleton(&data, &opts, &mut counter());
    // 8 theme days held, 1 cancelled, 3 still planned; 2 committee meetings held, 1 extra held unplanned.
    let mut n = 0;
    for a in data.activities.iter_mut().filter(|a| a.kind == ActivityKind::ThemeDay) {
        n += 1;
        a.status = match n {
            1..=8 => ActivityStatus::Held,
            9 => ActivityStatus::Cancelled,
            _ => ActivityStatus::Planned,
        };
    }
    for a in data
        .activities
        .iter_mut()
        .filter(|a| a.kind == ActivityKind::CommitteeMeeting)
        .take(2)
    {
        a.status = ActivityStatus::Held;
    }
    data.activities
        .push(activity("a-extra", ActivityKind::CommitteeMeeting, d(2026, 3, 25)));
    data.activities
        .push(activity("a-old", ActivityKind::CommitteeMeeting, d(2025, 3, 25)));

    let rows = completion(&data, 2026);
    assert_eq!(
        rows,
        vec![
            KindCompletion {
                kind: ActivityKind::CommitteeMeeting,
                planned_total: 13,
                held: 3
            },
            KindCompletion {
                kind: ActivityKind::ThemeDay,
                planned_total: 11,
                held: 8
            },
        ]
    );
    assert_eq!(rows[1].label(), "主题党日 8/11");
    assert!(completion(&data, 2024).is_empty());
}

#[test]
fn study_completion_counts_done_items_and_items_of_held_activities() {
    let mut data = branch3();
    let mut planned = activity("a-p", ActivityKind::GroupStudy, d(2026, 5, 4));
    planned.status = ActivityStatus::Planned;
    let held = activity("a-h", ActivityKind::GroupStudy, d(2026, 5, 11));
    let mut cancelled = activity("a-c", ActivityKind::GroupStudy, d(2026, 5, 18));
    cancelled.status = ActivityStatus::Cancelled;
    data.activities = vec![planned, held, cancelled];
    let item = |n: u32, done: bool, act: Option<&str>| StudyItem {
        id: StudyItemId(format!("s-{n}")),
        date: d(2026, 1 + (n % 12) as u8, 1),
        whole_week: false,
        topic: format!("专题{n}"),
        materials: String::new(),
        format: StudyFormat::Group,
        study_leader: None,
        study_hours: 2.0,
        activity: act.map(ActivityId::from),
        done,
    };
    data.study_items = (0..7).map(|n| item(n, true, None)).collect(); // 7 done
    data.study_items.push(item(7, false, Some("a-h"))); // held → done
    data.study_items.push(item(8, false, Some("a-p"))); // planned → not yet
    data.study_items.push(item(9, false, Some("a-c"))); // cancelled → owed
    data.study_items.push(item(10, false, Some("a-gone"))); // deleted → owed
    data.study_items.push(item(11, true, Some("a-c"))); // marked done wins
    let mut other_year = item(12, true, None);
    other_year.date = d(2025, 6, 1);
    data.study_items.push(other_year);
    let c = study_completion(&data, 2026);
    assert_eq!(c, StudyCompletion { total: 12, done: 9 });
    assert_eq!(c.label(), "学习计划完成 9/12");
}

#[test]
fn to_held_keeps_the_id_and_prefills_roll_and_agenda() {
    let data = branch3();
    let opts = SkeletonOptions {
        include: vec![ActivityKind::GroupMeeting],
        ..SkeletonOptions::new(2026)
    };
    let plan = generate_skeleton(&data, &opts, &mut counter());
    let g2 = plan.iter().find(|a| a.group == Some(gid("g-2"))).unwrap();
    let held = to_held(g2, &data, d(2026, 1, 21)).unwrap();
    assert_eq!(held.id, g2.id);
    assert_eq!(held.status, ActivityStatus::Held);
    assert_eq!(held.date, d(2026, 1, 21));
    assert_eq!(
        roll_ids(&held.attendance),
        // 按姓氏笔画: 王 (4 strokes) before 李 (7).
        vec![
            ("m-wang", AttendanceStatus::Present),
            ("m-li", AttendanceStatus::Present)
        ]
    );
    assert_eq!(held.agenda, default_agenda(ActivityKind::GroupMeeting));
    // Once held, it cannot be held again, moved or cancelled by these helpers.
    assert_eq!(to_held(&held, &data, d(2026, 1, 22)), Err(PlanError::NotPlanned));
    assert_eq!(move_to(&held, d(2026, 1, 22)), Err(PlanError::NotPlanned));
    assert_eq!(cancel(&held), Err(PlanError::NotPlanned));
    assert_eq!(
        PlanError::NotPlanned.to_string(),
        "只有计划中的活动可以这样操作；已开展或已取消的活动请在记录中修改"
    );

    // A theme day: everybody, activist as observer; an existing roll and agenda are kept.
    let mut theme = activity("a-t", ActivityKind::ThemeDay, d(2026, 3, 10));
    theme.status = ActivityStatus::Planned;
    let held = to_held(&theme, &data, d(2026, 3, 10)).unwrap();
    assert_eq!(held.attendance.len(), 5);
    assert_eq!(held.attendance[4].status, AttendanceStatus::Observer);
    theme.attendance = vec![entry("m-zhao", AttendanceStatus::Leave)];
    theme.agenda = vec!["参观红色教育基地".to_owned()];
    let held = to_held(&theme, &data, d(2026, 3, 10)).unwrap();
    assert_eq!(held.attendance, vec![entry("m-zhao", AttendanceStatus::Leave)]);
    assert_eq!(held.agenda, vec!["参观红色教育基地".to_owned()]);
}

#[test]
fn move_and_cancel_keep_the_id() {
    let mut a = activity("a-m", ActivityKind::CommitteeMeeting, d(2026, 6, 5));
    a.status = ActivityStatus::Planned;
    a.start = Some(Time::hm(9, 0));
    let moved = move_to(&a, d(2026, 6, 8)).unwrap();
    assert_eq!(
        (moved.id.as_str(), moved.date, moved.start),
        ("a-m", d(2026, 6, 8), Some(Time::hm(9, 0)))
    );
    assert_eq!(moved.status, ActivityStatus::Planned);
    let cancelled = cancel(&a).unwrap();
    assert_eq!(
        (cancelled.id.as_str(), cancelled.status),
        ("a-m", ActivityStatus::Cancelled)
    );
}

#[test]
fn overdue_lists_planned_entries_before_today() {
    let mut data = branch3();
    let mut p1 = activity("a-1", ActivityKind::ThemeDay, d(2026, 3, 10));
    p1.status = ActivityStatus::Planned;
    let mut p2 = activity("a-2", ActivityKind::ThemeDay, d(2026, 2, 10));
    p2.status = ActivityStatus::Planned;
    let mut p3 = activity("a-3", ActivityKind::ThemeDay, d(2026, 4, 10));
    p3.status = ActivityStatus::Planned;
    let held = activity("a-4", ActivityKind::ThemeDay, d(2026, 1, 10));
    data.activities = vec![p1, p2, p3, held];
    let ids: Vec<&str> = overdue(&data, d(2026, 4, 10)).iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, vec!["a-2", "a-1"]);
}

// ---- schedule ----

fn schedule_data() -> Dataset {
    let mut data = branch3();
    let mk = |id: &str, kind: ActivityKind, date: Date, status: ActivityStatus| {
        let mut a = activity(id, kind, date);
        a.status = status;
        a
    };
    let mut g1 = mk(
        "a-g1",
        ActivityKind::GroupMeeting,
        d(2026, 3, 20),
        ActivityStatus::Planned,
    );
    g1.group = Some(gid("g-1"));
    let mut g2 = mk(
        "a-g2",
        ActivityKind::GroupMeeting,
        d(2026, 3, 20),
        ActivityStatus::Planned,
    );
    g2.group = Some(gid("g-2"));
    let mut theme = mk("a-td", ActivityKind::ThemeDay, d(2026, 3, 10), ActivityStatus::Held);
    theme.start = Some(Time::hm(14, 30));
    let mut lecture = mk(
        "a-pl",
        ActivityKind::PartyLecture,
        d(2026, 3, 10),
        ActivityStatus::Planned,
    );
    lecture.start = Some(Time::hm(9, 0));
    let committee = mk(
        "a-cm",
        ActivityKind::CommitteeMeeting,
        d(2026, 3, 5),
        ActivityStatus::Planned,
    );
    let cancelled = mk(
        "a-x",
        ActivityKind::GeneralMeeting,
        d(2026, 3, 12),
        ActivityStatus::Cancelled,
    );
    let mut talk = mk("a-ht", ActivityKind::HeartTalk, d(2026, 3, 13), ActivityStatus::Held);
    talk.host = Some(mid("m-zhang"));
    talk.attendance = vec![entry("m-zhao", AttendanceStatus::Present)];
    let april = mk("a-apr", ActivityKind::ThemeDay, d(2026, 4, 1), ActivityStatus::Planned);
    let feb = mk("a-feb", ActivityKind::ThemeDay, d(2026, 2, 28), ActivityStatus::Planned);
    data.activities = vec![g2, g1, theme, lecture, committee, cancelled, talk, april, feb];
    data
}

fn ids<'a>(items: &[&'a Activity]) -> Vec<&'a str> {
    items.iter().map(|a| a.id.as_str()).collect()
}

#[test]
fn upcoming_is_sorted_and_leaves_out_cancelled() {
    let data = schedule_data();
    let items = upcoming(&data, Audience::Branch, d(2026, 3, 1), d(2026, 3, 31));
    // Same day: all-day items first, then by start time; same day and no time: group order.
    assert_eq!(ids(&items), vec!["a-cm", "a-pl", "a-td", "a-ht", "a-g1", "a-g2"]);
    let with_cancelled = items_between(&data, Audience::Branch, d(2026, 3, 1), d(2026, 3, 31), true);
    assert_eq!(
        ids(&with_cancelled),
        vec!["a-cm", "a-pl", "a-td", "a-x", "a-ht", "a-g1", "a-g2"]
    );
    assert_eq!(
        ids(&upcoming(&data, Audience::Branch, d(2026, 3, 11), d(2026, 3, 19))),
        vec!["a-ht"]
    );
    assert_eq!(year_items(&data, Audience::Branch, 2026, false).len(), 8);
}

#[test]
fn a_members_schedule_holds_what_they_are_expected_at() {
    let data = schedule_data();
    let march = |who: &str| {
        let id = mid(who);
        ids(&upcoming(&data, Audience::Member(&id), d(2026, 3, 1), d(2026, 3, 31)))
    };
    // 张书记: committee, group 1, branch-wide, hosts the talk.
    assert_eq!(march("m-zhang"), vec!["a-cm", "a-pl", "a-td", "a-ht", "a-g1"]);
    // 王党员 (group 2, not on committee).
    assert_eq!(march("m-wang"), vec!["a-pl", "a-td", "a-g2"]);
    // 李委员: committee member in group 2.
    assert_eq!(march("m-li"), vec!["a-cm", "a-pl", "a-td", "a-g2"]);
    // 赵党员 (group 3, no meeting that month) is on the talk's roll.
    assert_eq!(march("m-zhao"), vec!["a-pl", "a-td", "a-ht"]);
    // Activist in group 1: branch-wide items and the group's meeting, as an observer.
    assert_eq!(march("m-qian"), vec!["a-pl", "a-td", "a-g1"]);
    // Unknown member: nothing.
    assert!(march("m-nobody").is_empty());

    // A member who joined on 2026-03-15 sees nothing before.
    let mut data = schedule_data();
    data.members[2].joined_branch = Some(d(2026, 3, 15));
    let id = mid("m-wang");
    assert_eq!(
        ids(&upcoming(&data, Audience::Member(&id), d(2026, 3, 1), d(2026, 3, 31))),
        vec!["a-g2"]
    );
}

#[test]
fn month_calendar_is_weeks_of_seven_days_monday_first() {
    let data = schedule_data();
    // March 2026: the 1st is a Sunday, the 31st a Tuesday → 6 weeks, 23 Feb … 5 Apr.
    let cal = month_calendar(&data, Audience::Branch, 2026, 3, false).unwrap();
    assert_eq!((cal.year, cal.month, cal.weeks.len()), (2026, 3, 6));
    assert_eq!(cal.weeks[0][0].date, d(2026, 2, 23));
    assert_eq!(cal.weeks[0][6].date, d(2026, 3, 1));
    assert_eq!(cal.weeks[5][6].date, d(2026, 4, 5));
    assert!(cal.weeks.iter().all(|w| w[0].date.weekday() == Weekday::Mon));
    assert_eq!(cal.days().filter(|day| day.in_month).count(), 31);
    assert!(!cal.weeks[0][5].in_month);
    let day = |date: Date| cal.days().find(|x| x.date == date).unwrap();
    assert_eq!(ids(&day(d(2026, 3, 10)).items), vec!["a-pl", "a-td"]);
    assert_eq!(ids(&day(d(2026, 3, 20)).items), vec!["a-g1", "a-g2"]);
    assert!(day(d(2026, 3, 12)).items.is_empty(), "cancelled left out");
    // Days of the neighbouring months carry their items.
    assert_eq!(ids(&day(d(2026, 2, 28)).items), vec!["a-feb"]);
    assert_eq!(ids(&day(d(2026, 4, 1)).items), vec!["a-apr"]);
    let total: usize = cal.days().map(|x| x.items.len()).sum();
    assert_eq!(total, 8);

    let with_cancelled = month_calendar(&data, Audience::Branch, 2026, 3, true).unwrap();
    assert_eq!(with_cancelled.days().map(|x| x.items.len()).sum::<usize>(), 9);

    // Member view.
    let id = mid("m-wang");
    let cal = month_calendar(&data, Audience::Member(&id), 2026, 3, false).unwrap();
    let all: Vec<&str> = cal.days().flat_map(|x| x.items.iter().map(|a| a.id.as_str())).collect();
    assert_eq!(all, vec!["a-feb", "a-pl", "a-td", "a-g2", "a-apr"]);

    // February 2027 starts on a Monday and ends on a Sunday: exactly 4 weeks.
    let cal = month_calendar(&data, Audience::Branch, 2027, 2, false).unwrap();
    assert_eq!(cal.weeks.len(), 4);
    assert!(cal.days().all(|x| x.in_month));
    // Impossible months and grids leaving the accepted years.
    assert!(month_calendar(&data, Audience::Branch, 2026, 13, false).is_none());
    assert!(month_calendar(&data, Audience::Branch, 2026, 0, false).is_none());
    assert!(
        month_calendar(&data, Audience::Branch, 1900, 1, false).is_some(),
        "1900-01-01 is a Monday"
    );
}
