//! The decisions of the record form (记一次活动 / 编辑记录) that need no browser: what each kind is in one line,
//! who chairs, records and lectures by default, a new record with every default filled in, a planned record
//! opened to be recorded as held, who may be chosen as host, recorder or lecturer on a day, and how the roll is
//! rebuilt when the date, kind or group change (keeping the marks already made). The form
//! (`ui::pages::activity_form`) holds the fields and calls these.

use super::activity::{Activity, ActivityKind, ActivityStatus, AttendanceEntry, AttendanceStatus};
use super::branch::CommitteeRole;
use super::dataset::Dataset;
use super::date::{Date, Time};
use super::id::{ActivityId, GroupId, MemberId};
use super::roll::default_roll;
use super::sort::sort_by;
use super::templates::{default_agenda, default_study_hours};

/// What each kind is, in one line, for the big buttons of the kind chooser.
pub fn kind_hint(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::GeneralMeeting => "一般每季度1次，表决须过半数",
        ActivityKind::CommitteeMeeting => "一般每月1次",
        ActivityKind::GroupMeeting => "每个党小组一般每月1次",
        ActivityKind::PartyLecture => "每季度至少1次",
        ActivityKind::ThemeDay => "每月相对固定1天",
        ActivityKind::OrgLifeMeeting => "每年至少1次，一般在第四季度",
        ActivityKind::MemberReview => "一般每年1次",
        ActivityKind::HeartTalk => "每年不少于1次",
        ActivityKind::GroupStudy => "按学习计划开展",
    }
}

/// How many activities of each kind (in [`ActivityKind::ALL`]'s order) were held in `year`.
pub fn held_in_year(d: &Dataset, year: i32) -> [usize; ActivityKind::ALL.len()] {
    ActivityKind::ALL.map(|k| {
        d.activities
            .iter()
            .filter(|a| a.kind == k && a.status == ActivityStatus::Held && a.date.year() == year)
            .count()
    })
}

/// The secretary, or failing that the deputy secretary.
pub fn chair(d: &Dataset) -> Option<MemberId> {
    d.branch
        .holder(CommitteeRole::Secretary)
        .or_else(|| d.branch.holder(CommitteeRole::DeputySecretary))
        .cloned()
}

/// Who chairs by default: the group leader for a group meeting, else the secretary.
pub fn default_host(d: &Dataset, kind: ActivityKind, group: Option<&GroupId>) -> Option<MemberId> {
    if kind == ActivityKind::GroupMeeting {
        return group.and_then(|g| d.group(g)).and_then(|g| g.group_leader.clone());
    }
    chair(d)
}

/// Who records by default: the organisation commissioner (not for group meetings), or the next committee
/// member who is not the host.
pub fn default_recorder(d: &Dataset, kind: ActivityKind, host: Option<&MemberId>) -> Option<MemberId> {
    if kind == ActivityKind::GroupMeeting {
        return None;
    }
    [
        CommitteeRole::Organization,
        CommitteeRole::DeputySecretary,
        CommitteeRole::Publicity,
        CommitteeRole::Discipline,
    ]
    .into_iter()
    .filter_map(|r| d.branch.holder(r))
    .find(|m| Some(*m) != host)
    .cloned()
}

/// A new record `id` of `kind` on `date` with every default filled in: times and place of the last record of
/// the same kind (else 09:00—11:00), the group (the one asked for, or the only one), host and recorder by
/// office, the lecturer, the usual agenda and hours, 计划 for a day after `today`, the default roll.
pub fn new_activity(
    d: &Dataset,
    id: ActivityId,
    kind: ActivityKind,
    date: Date,
    group: Option<&GroupId>,
    today: Date,
) -> Activity {
    let mut a = Activity::new(id, kind, date);
    let last = d
        .activities
        .iter()
        .filter(|x| x.kind == kind && x.status == ActivityStatus::Held)
        .max_by(|x, y| (x.date, x.start).cmp(&(y.date, y.start)));
    a.start = last.and_then(|l| l.start).or(Some(Time::hm(9, 0)));
    a.end = last.and_then(|l| l.end).or(Some(Time::hm(11, 0)));
    if a.end <= a.start {
        a.end = None;
    }
    a.location = last.map(|l| l.location.clone()).unwrap_or_default();
    let group = group
        .filter(|g| d.group(g).is_some())
        .cloned()
        .or_else(|| (kind == ActivityKind::GroupMeeting && d.groups.len() == 1).then(|| d.groups[0].id.clone()));
    if kind == ActivityKind::GroupMeeting {
        a.group = group;
    }
    a.host = default_host(d, kind, a.group.as_ref());
    a.recorder = default_recorder(d, kind, a.host.as_ref());
    if kind == ActivityKind::PartyLecture {
        a.lecturer = chair(d);
    }
    a.agenda = default_agenda(kind);
    a.study_hours = default_study_hours(kind);
    if date > today {
        a.status = ActivityStatus::Planned;
    }
    a.attendance = default_roll(d, kind, date, a.group.as_ref());
    a
}

/// A stored record as the edit form opens it. `hold`: a planned meeting being recorded as held — it turns
/// 已开展 and whoever the plan left open (host, recorder, lecturer) is filled in as for a new record. An empty
/// roll gets the default one, an empty agenda the usual one.
pub fn for_editing(d: &Dataset, mut a: Activity, hold: bool) -> Activity {
    if hold {
        a.status = ActivityStatus::Held;
        if a.host.is_none() {
            a.host = default_host(d, a.kind, a.group.as_ref());
        }
        if a.recorder.is_none() {
            a.recorder = default_recorder(d, a.kind, a.host.as_ref());
        }
        if a.kind == ActivityKind::PartyLecture && a.lecturer.is_none() && a.lecturer_name.is_empty() {
            a.lecturer = chair(d);
        }
    }
    if a.attendance.is_empty() {
        a.attendance = default_roll(d, a.kind, a.date, a.group.as_ref());
    }
    if a.agenda.is_empty() {
        a.agenda = default_agenda(a.kind);
    }
    a
}

/// The host and recorder to set after the kind or group changed from `old` to `new`: each follows the new
/// default where it was blank or the old default (the user had not chosen someone else); `None` leaves it.
pub fn people_after_change(
    d: &Dataset,
    host: Option<&MemberId>,
    recorder: Option<&MemberId>,
    old: (ActivityKind, Option<&GroupId>),
    new: (ActivityKind, Option<&GroupId>),
) -> (Option<Option<MemberId>>, Option<Option<MemberId>>) {
    let old_host = default_host(d, old.0, old.1);
    let new_host = (host.is_none() || host == old_host.as_ref()).then(|| default_host(d, new.0, new.1));
    let host_now = new_host.clone().unwrap_or_else(|| host.cloned());
    let old_recorder = default_recorder(d, old.0, old_host.as_ref());
    let new_recorder = (recorder.is_none() || recorder == old_recorder.as_ref())
        .then(|| default_recorder(d, new.0, host_now.as_ref()));
    (new_host, new_recorder)
}

/// Keeps the marks already made (status, reason, make-up) for people still on a rebuilt roll, unless one
/// roll has them as observers (列席) and the other not.
pub fn merge_roll(fresh: Vec<AttendanceEntry>, old: &[AttendanceEntry]) -> Vec<AttendanceEntry> {
    fresh
        .into_iter()
        .map(|mut e| {
            if let Some(o) = old.iter().find(|o| o.member == e.member) {
                let observer = |s: AttendanceStatus| s == AttendanceStatus::Observer;
                if observer(o.status) == observer(e.status) {
                    e.status = o.status;
                    e.reason = o.reason.clone();
                    e.make_up = o.make_up.clone();
                }
            }
            e
        })
        .collect()
}

/// What the roll depends on: the kind, the date (if it reads) and the group.
pub type RollKey = (ActivityKind, Option<Date>, Option<GroupId>);

/// The roll after the kind, date or group changed from `old` to `new` (whose date reads as `day`): the
/// default roll of `new` with the marks already made, and the people added by hand (列席, not on `old`'s
/// default roll) who were in the branch on `day`.
pub fn roll_after_change(
    d: &Dataset,
    roll: &[AttendanceEntry],
    old: &RollKey,
    new: &RollKey,
    day: Date,
) -> Vec<AttendanceEntry> {
    let (kind, _, group) = new;
    let (old_kind, old_date, old_group) = old;
    let fresh = default_roll(
        d,
        *kind,
        day,
        if *kind == ActivityKind::GroupMeeting {
            group.as_ref()
        } else {
            None
        },
    );
    let old_default: Vec<MemberId> = match old_date {
        Some(od) => default_roll(d, *old_kind, *od, old_group.as_ref())
            .into_iter()
            .map(|e| e.member)
            .collect(),
        None => Vec::new(),
    };
    let still_here = |m: &MemberId| d.member(m).is_some_and(|m| m.in_branch_on(day));
    let mut next = merge_roll(fresh, roll);
    // People added by hand (列席) stay if they were in the branch on the new date.
    for e in roll {
        if e.status == AttendanceStatus::Observer
            && !old_default.contains(&e.member)
            && !next.iter().any(|n| n.member == e.member)
            && still_here(&e.member)
        {
            next.push(e.clone());
        }
    }
    next
}

/// The roll rebuilt from the data as it is now (after 转入日期 were fixed from the form's warning): the
/// default roll with the marks already made, and everyone added by hand.
pub fn roll_refreshed(
    d: &Dataset,
    roll: &[AttendanceEntry],
    kind: ActivityKind,
    day: Date,
    group: Option<&GroupId>,
) -> Vec<AttendanceEntry> {
    let group = group.filter(|_| kind == ActivityKind::GroupMeeting);
    let mut next = merge_roll(default_roll(d, kind, day, group), roll);
    for e in roll {
        if !next.iter().any(|n| n.member == e.member) {
            next.push(e.clone());
        }
    }
    next
}

/// The people who may host, record or lecture on `date`: party members in the branch that day, committee
/// members first (by seat), then in the branch's order of names; each with the label the form shows
/// ("张三（书记）").
pub fn eligible_people(d: &Dataset, date: Option<Date>) -> Vec<(MemberId, String)> {
    let Some(day) = date else {
        return Vec::new();
    };
    let mut people: Vec<_> = d
        .members
        .iter()
        .filter(|m| m.in_branch_on(day) && m.is_party_member_on(day))
        .map(|m| {
            let roles = d.branch.roles_of(&m.id);
            let rank = roles.iter().map(|r| *r as usize).min().unwrap_or(usize::MAX);
            let label = if roles.is_empty() {
                m.name.clone()
            } else {
                format!(
                    "{}（{}）",
                    m.name,
                    roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、")
                )
            };
            (rank, m.name.clone(), m.id.clone(), label)
        })
        .collect();
    sort_by(&mut people, |a, b| {
        a.0.cmp(&b.0)
            .then_with(|| d.compare_names(&a.1, &b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    people.into_iter().map(|(_, _, id, label)| (id, label)).collect()
}
