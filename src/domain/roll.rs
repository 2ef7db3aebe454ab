//! The roll of one activity: who is expected (应到), the pre-filled roll of a new record, the counts of a
//! recorded one (实到, 请假, 缺席, 异地参加, 列席, the voting quorum), and who still owes make-up study (补学).
//!
//! Rules (from `docs/domain.md`):
//! - 应到 on a day: party members (full or probationary that day) who belonged to the branch that day, were
//!   not excused, and are in the activity's scope (a group meeting: that group; a committee meeting: the
//!   committee; anything else: the whole branch).
//! - Activists (入党积极分子/发展对象) may attend as observers (列席) and are never counted in 应到.
//! - Mobile members (流动党员) are expected; 异地参加 counts as attended (实到).
//! - Quorum of a 党员大会 or 支委会: more than half of those with a vote (full members; probationary
//!   members have no vote) present at the meeting.

use super::activity::newest_first;
use super::activity::{Activity, ActivityKind, ActivityStatus, AttendanceEntry, AttendanceStatus};
use super::dataset::Dataset;
use super::date::Date;
use super::id::GroupId;
use super::member::{Member, MemberKind};
use super::sort::sort_by;
use std::cmp::Ordering;

/// Whether `member` falls within the scope of an activity of `kind` (ignoring dates): a group meeting
/// covers its group, a committee meeting the committee seat holders, anything else the whole branch.
/// A group meeting without a group covers nobody.
pub fn in_scope(data: &Dataset, kind: ActivityKind, group: Option<&GroupId>, member: &Member) -> bool {
    match kind {
        ActivityKind::GroupMeeting => group.is_some_and(|g| member.group.as_ref() == Some(g)),
        ActivityKind::CommitteeMeeting => data.branch.committee.iter().any(|s| s.member == member.id),
        _ => true,
    }
}

/// Whether `member` is expected (应到) on `date` at an activity of `kind` (and `group`): a party member
/// that day, in the branch that day, not excused, in scope.
pub fn is_expected(data: &Dataset, kind: ActivityKind, date: Date, group: Option<&GroupId>, member: &Member) -> bool {
    member.is_party_member_on(date)
        && member.in_branch_on(date)
        && member.excused_on(date).is_none()
        && in_scope(data, kind, group, member)
}

/// The party members left out of 应到 at an activity of `kind` (and `group`) on `date` only because their
/// 转入日期 is later: in scope, not excused that day, and already party members then (入党日期 on or before it,
/// or not known). What the record form warns about ("3人在该日尚未转入本支部"), e.g. after a roster was pasted
/// with one date for everyone and last year's meetings are being entered. In the branch's order of names.
pub fn joined_after<'a>(data: &'a Dataset, kind: ActivityKind, date: Date, group: Option<&GroupId>) -> Vec<&'a Member> {
    data.members_by_name(|m| {
        m.joined_after(date)
            && m.is_party_member_on(date)
            && m.party_joined.is_none_or(|p| p <= date)
            && m.excused_on(date).is_none()
            && in_scope(data, kind, group, m)
    })
}

/// The roll pre-filled for a new record: every party member expected on `date` for an activity of `kind`
/// (group meetings: that group's members; committee meetings: the committee per `data.branch.committee`;
/// everything else: all members in the branch that day), each `Present`, mobile members included; then
/// the activists in scope who are in the branch that day, as `Observer`. Members excused that day are left
/// out (they are not expected).
///
/// Order: for committee meetings, seat order (书记, 副书记, …); otherwise party members by group (in the
/// order of `data.groups`, members without a group last) then name in the branch's order
/// ([`super::collation`]); activists (observers) always come last,
/// in the same order among themselves.
pub fn default_roll(data: &Dataset, kind: ActivityKind, date: Date, group: Option<&GroupId>) -> Vec<AttendanceEntry> {
    let mut party: Vec<&Member> = Vec::new();
    let mut observers: Vec<&Member> = Vec::new();
    for m in &data.members {
        if !m.in_branch_on(date) || m.excused_on(date).is_some() || !in_scope(data, kind, group, m) {
            continue;
        }
        if m.is_party_member_on(date) {
            party.push(m);
        } else {
            observers.push(m);
        }
    }
    let group_rank = |m: &Member| -> usize {
        m.group
            .as_ref()
            .and_then(|g| data.groups.iter().position(|x| &x.id == g))
            .unwrap_or(usize::MAX)
    };
    let seat_rank = |m: &Member| -> usize {
        data.branch
            .committee
            .iter()
            .filter(|s| s.member == m.id)
            .map(|s| s.role as usize)
            .min()
            .unwrap_or(usize::MAX)
    };
    let by_group_then_name = |a: &&Member, b: &&Member| -> Ordering {
        group_rank(a)
            .cmp(&group_rank(b))
            .then_with(|| data.compare_names(&a.name, &b.name))
            .then_with(|| a.id.cmp(&b.id))
    };
    if kind == ActivityKind::CommitteeMeeting {
        sort_by(&mut party, |a, b| {
            seat_rank(a).cmp(&seat_rank(b)).then_with(|| by_group_then_name(a, b))
        });
    } else {
        sort_by(&mut party, by_group_then_name);
    }
    sort_by(&mut observers, by_group_then_name);

    let entry = |m: &Member, status: AttendanceStatus| AttendanceEntry {
        member: m.id.clone(),
        status,
        reason: String::new(),
        make_up: None,
    };
    party
        .into_iter()
        .map(|m| entry(m, AttendanceStatus::Present))
        .chain(observers.into_iter().map(|m| entry(m, AttendanceStatus::Observer)))
        .collect()
}

/// Counts for one activity, from its attendance and the members' state on its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// 应到: party members (full + probationary on the day) on the roll, not marked Observer.
    pub expected: u32,
    /// 应到 of whom 正式党员.
    pub expected_full: u32,
    /// 应到 of whom 预备党员.
    pub expected_probationary: u32,
    /// 实到: Present + Elsewhere among the expected.
    pub attended: u32,
    pub present: u32,
    pub leave: u32,
    pub absent: u32,
    pub elsewhere: u32,
    /// 列席: entries marked Observer, and activists who took part.
    pub observers: u32,
    /// 应到有表决权: full members expected (probationary members have no vote).
    pub voting_expected: u32,
    /// 实到有表决权: full members present at the meeting. Unlike 实到, a member taking part elsewhere
    /// (异地参加) is not counted: they cannot vote here, so they do not make the quorum.
    pub voting_attended: u32,
    /// Some for 党员大会 and 支委会.
    pub quorum: Option<Quorum>,
}

impl Tally {
    /// 参会率 in percent (0–100), `None` when nobody was expected.
    pub fn attendance_rate(&self) -> Option<f64> {
        (self.expected > 0).then(|| f64::from(self.attended) * 100.0 / f64::from(self.expected))
    }
}

/// Whether a meeting had more than half of those with a vote present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quorum {
    /// More than half: `voting_expected / 2 + 1`.
    pub required: u32,
    /// `voting_attended >= required`.
    pub met: bool,
}

impl Quorum {
    /// The quorum for `voting_expected` members with a vote, of whom `voting_attended` attended.
    pub fn of(voting_expected: u32, voting_attended: u32) -> Quorum {
        let required = voting_expected / 2 + 1;
        Quorum {
            required,
            met: voting_attended >= required,
        }
    }
}

/// Counts for one activity, from its attendance and the members' state on its date.
///
/// A stored roll is what happened: each entry is counted by its status, whether or not the member was
/// expected by today's data (a member who has since left, or whose dates were edited, still counts as
/// recorded). Each person is classified by their kind on the activity's date (a member who became full
/// after the date counts as probationary). Entries naming a member who no longer exists are skipped, and a
/// second entry for the same member is ignored. An activist is never counted in 应到: one marked other
/// than Observer counts as an observer if they took part, and not at all otherwise.
pub fn tally(activity: &Activity, data: &Dataset) -> Tally {
    let mut t = Tally::default();
    let day = activity.date;
    let mut seen = std::collections::HashSet::new();
    for entry in &activity.attendance {
        let Some(member) = data.member(&entry.member) else {
            continue;
        };
        if !seen.insert(&entry.member) {
            continue;
        }
        let kind = member.kind_on(day);
        if entry.status == AttendanceStatus::Observer {
            t.observers += 1;
            continue;
        }
        if kind == MemberKind::Activist {
            if entry.status.attended() {
                t.observers += 1;
            }
            continue;
        }
        t.expected += 1;
        let full = kind == MemberKind::Full;
        if full {
            t.expected_full += 1;
            t.voting_expected += 1;
        } else {
            t.expected_probationary += 1;
        }
        match entry.status {
            AttendanceStatus::Present => t.present += 1,
            AttendanceStatus::Leave => t.leave += 1,
            AttendanceStatus::Absent => t.absent += 1,
            AttendanceStatus::Elsewhere => t.elsewhere += 1,
            AttendanceStatus::Observer => {}
        }
        if entry.status.attended() {
            t.attended += 1;
            if full && entry.status == AttendanceStatus::Present {
                t.voting_attended += 1;
            }
        }
    }
    if activity.kind.has_quorum() {
        t.quorum = Some(Quorum::of(t.voting_expected, t.voting_attended));
    }
    t
}

/// Every (activity, entry) whose status is Leave or Absent and whose make-up is not recorded, held
/// activities only, newest first (by date, then start time, then id, all descending): the "who still owes
/// 补学" list. Entries of members who no longer exist are left out.
pub fn make_up_owed(data: &Dataset) -> Vec<(&Activity, &AttendanceEntry)> {
    let mut activities: Vec<&Activity> = data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held)
        .collect();
    sort_by(&mut activities, newest_first);
    activities
        .into_iter()
        .flat_map(|a| a.attendance.iter().map(move |e| (a, e)))
        .filter(|(_, e)| e.status.owes_make_up() && e.make_up.is_none() && data.member(&e.member).is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quorum_is_more_than_half() {
        assert_eq!(
            Quorum::of(10, 5),
            Quorum {
                required: 6,
                met: false
            }
        );
        assert_eq!(Quorum::of(10, 6), Quorum { required: 6, met: true });
        assert_eq!(Quorum::of(9, 5), Quorum { required: 5, met: true });
        assert_eq!(
            Quorum::of(0, 0),
            Quorum {
                required: 1,
                met: false
            }
        );
    }
}
