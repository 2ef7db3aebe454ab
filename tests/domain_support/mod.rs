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
