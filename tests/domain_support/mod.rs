//! Builders shared by the native domain tests (`mod domain_support;` in each tests/domain_*.rs).
#![allow(dead_code)]

use zhibu::domain::*;

pub fn d(y: i32, m: u8, day: u8) -> Date {
    Date::ymd(y, m, day)
}

pub fn mid(s: &str) -> MemberId {
    MemberId::from(s)
}

pub fn gid(s: &str) -> GroupId {
    GroupId::from(s)
}

/// A member who joined the branch on 2020-01-01, in no group.
pub fn member(id: &str, name: &str, kind: MemberKind) -> Member {
    Member {
        id: mid(id),
        name: name.to_owned(),
        kind,
        group: None,
        party_joined: None,
        full_since: None,
        joined_branch: Some(d(2020, 1, 1)),
        left_branch: None,
        mobile: false,
        excused: Vec::new(),
        phone: String::new(),
        note: String::new(),
    }
}

pub fn full(id: &str, name: &str) -> Member {
    member(id, name, MemberKind::Full)
}

pub fn in_group(mut m: Member, group: &str) -> Member {
    m.group = Some(gid(group));
    m
}

pub fn group(id: &str, name: &str) -> PartyGroup {
    PartyGroup {
        id: gid(id),
        name: name.to_owned(),
        group_leader: None,
    }
}

pub fn entry(member: &str, status: AttendanceStatus) -> AttendanceEntry {
    AttendanceEntry {
        member: mid(member),
        status,
        reason: String::new(),
        make_up: None,
    }
}

pub fn activity(id: &str, kind: ActivityKind, date: Date) -> Activity {
    Activity::new(ActivityId::from(id), kind, date)
}

pub fn dataset(groups: Vec<PartyGroup>, members: Vec<Member>) -> Dataset {
    Dataset {
        branch: Branch {
            name: "测试党支部".to_owned(),
            ..Branch::default()
        },
        groups,
        members,
        activities: Vec::new(),
        study_items: Vec::new(),
        rules: Vec::new(),
    }
}

/// The member ids of a roll, in order, with their statuses.
pub fn roll_ids(roll: &[AttendanceEntry]) -> Vec<(&str, AttendanceStatus)> {
    roll.iter().map(|e| (e.member.as_str(), e.status)).collect()
}

/// Text a user could type that is hostile to a file format: markup, entities, quotes, a field and a DDE
/// formula, control characters (some XML cannot hold), emoji (with a joiner), a CDATA end, a template
/// placeholder.
pub const HOSTILE: &str = "<w:t>x</w:t>&amp; \"引号\" 'single' \u{0}\u{1}\u{7}\u{b}\u{1b}\u{7f}\u{85}\u{fffe} 🎉👩‍👩‍👧 ]]> <!-- --> {{主题}} { DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc\" } =cmd|' /C calc'!A0 <script>alert(1)</script>";

/// [`HOSTILE`] as it must read in a file: the characters XML cannot hold, DEL and C1 controls dropped.
pub fn hostile_as_read() -> String {
    HOSTILE
        .chars()
        .filter(|&c| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}'))
        .collect()
}

/// About 10,000 characters: Chinese, markup characters, tabs, emoji, a control character, line breaks.
pub fn long_content() -> String {
    let unit = "学习贯彻党的二十大精神，<讨论>&“交流”\t🎉\u{1}。";
    let mut s = String::new();
    let mut n = 0;
    while s.chars().count() < 10_000 {
        s.push_str(unit);
        n += 1;
        if n % 12 == 0 {
            s.push('\n');
        }
    }
    s
}

/// The demo branch with hostile text everywhere a user types: the branch, its parent, a group, a member,
/// and this year's first held record (theme, agenda, a leave reason, 10,000 characters of content), a study
/// item and a planned entry.
pub fn hostile_demo(today: Date) -> Dataset {
    use zhibu::domain::demo::{generate, DemoSize};
    let mut data = generate(&DemoSize::DEMO, today, 7);
    data.branch.name = format!("支部{HOSTILE}");
    data.branch.parent_org = HOSTILE.to_owned();
    if let Some(g) = data.groups.first_mut() {
        g.name = format!("<b>新</b>小组 & {HOSTILE}");
    }
    if let Some(m) = data.members.first_mut() {
        m.name = format!("张<三>&\"'😀{HOSTILE}");
        m.phone = "+86 <138>&".to_owned();
    }
    let year = today.year();
    if let Some(a) = data
        .activities
        .iter_mut()
        .find(|a| a.status == ActivityStatus::Held && a.date.year() == year)
    {
        a.theme = HOSTILE.to_owned();
        a.agenda = vec![HOSTILE.to_owned(), "第二项\n换行".to_owned()];
        a.content = long_content();
        a.resolution = "X".repeat(10_000);
        a.location = HOSTILE.to_owned();
        if let Some(e) = a.attendance.iter_mut().find(|e| e.status == AttendanceStatus::Present) {
            e.status = AttendanceStatus::Leave;
            e.reason = HOSTILE.to_owned();
        }
    }
    if let Some(s) = data.study_items.iter_mut().find(|s| s.date.year() == year) {
        s.topic = HOSTILE.to_owned();
        s.materials = long_content();
    }
    if let Some(a) = data
        .activities
        .iter_mut()
        .find(|a| a.status == ActivityStatus::Planned && a.date.year() == year)
    {
        a.theme = HOSTILE.to_owned();
    }
    data
}

/// A 民主评议 in which every member of `who` is rated `rating` (so it counts as done).
pub fn rated_review(who: &[&str], rating: member_review::Rating) -> member_review::MemberReview {
    member_review::MemberReview {
        members: who
            .iter()
            .map(|id| member_review::RatedMember {
                rating: Some(rating),
                ..member_review::RatedMember::new(mid(id))
            })
            .collect(),
        ..Default::default()
    }
}
