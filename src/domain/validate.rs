//! Validation of everything a form (or an import) can get wrong.
//!
//! Each check returns every problem at once as a list of [`FieldError`]s, each naming the form field it
//! belongs to (a stable code such as `"left_branch"`) and a typed [`Invalid`] whose `Display` is the
//! Chinese message shown next to that field. Nothing here panics on any input.

use super::activity::{Activity, ActivityKind, ActivityStatus, AttendanceStatus};
use super::branch::{Branch, PartyGroup};
use super::dataset::Dataset;
use super::date::{Date, DateError};
use super::member::{Member, MemberKind};
use super::member_review::{Rating, MAX_BALLOTS};
use super::study::StudyItem;
use std::collections::HashSet;
use thiserror::Error;

/// Longest name (person, group, branch) accepted.
pub const MAX_NAME_CHARS: usize = 40;
/// Longest one-line text (location, theme, reason, …).
pub const MAX_LINE_CHARS: usize = 200;
/// Longest free text (content, resolution, notes).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Most agenda items, attendance entries etc. in one record.
pub const MAX_LIST_LEN: usize = 1_000;

/// One problem, in words a secretary understands, with what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Invalid {
    #[error("请填写{0}")]
    Required(&'static str),
    #[error("不能超过{0}个字")]
    TooLong(usize),
    #[error("不能包含控制字符")]
    ControlChars,
    #[error("{0}")]
    Date(#[from] DateError),
    #[error("转出日期不能早于转入日期")]
    LeftBeforeJoined,
    #[error("转正日期不能早于入党日期")]
    FullBeforeJoined,
    #[error("只有正式党员才有转正日期；预备党员转正时请把类别改为正式党员")]
    FullSinceNotFull,
    #[error("不能早于入党日期")]
    BeforePartyJoined,
    #[error("免于应到的结束日期不能早于开始日期")]
    ExcusalEndsBeforeStart,
    #[error("所选党小组不存在，请重新选择")]
    UnknownGroup,
    #[error("所选人员不存在，请重新选择")]
    UnknownMember,
    #[error("所选活动不存在，请重新选择")]
    UnknownActivity,
    #[error("结束时间应晚于开始时间")]
    EndBeforeStart,
    #[error("党小组会须选择党小组")]
    GroupMeetingWithoutGroup,
    #[error("该人员当天不在本支部（请检查转入、转出日期）")]
    NotInBranchThatDay,
    #[error("入党积极分子不能担任此角色")]
    ActivistNotAllowed,
    #[error("同一人员在出席名单中出现了两次")]
    DuplicateAttendee,
    #[error("入党积极分子只能列席")]
    ActivistMustObserve,
    #[error("补学日期不能早于活动日期")]
    MakeUpBeforeActivity,
    #[error("只有请假或缺席的人员需要补学")]
    MakeUpNotOwed,
    #[error("表决人数不合理：赞成、反对、弃权之和不能超过实到有表决权人数，实到不能超过应到")]
    VoteCounts,
    #[error("学时应在 0 到 100 之间")]
    HoursRange,
    #[error("名称重复，请换一个")]
    DuplicateName,
    #[error("同一职务只能有一人")]
    DuplicateSeat,
    #[error("同一人员在名单中出现了两次")]
    DuplicatePerson,
    #[error("测评票数过大（每项不超过10000）")]
    BallotsTooMany,
    #[error("测评票数应为不小于0的整数")]
    BallotsNotNumber,
    #[error("日期不能早于活动日期")]
    BeforeActivity,
    #[error("整改事项的编号缺失或重复")]
    BadItemId,
}

/// A problem tied to one form field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub error: Invalid,
}

impl FieldError {
    pub fn new(field: &'static str, error: Invalid) -> FieldError {
        FieldError { field, error }
    }
}

/// The errors of one form; empty means valid.
pub type Errors = Vec<FieldError>;

/// The first message for `field`, for showing next to it.
pub fn message_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors.iter().find(|e| e.field == field).map(|e| e.error.to_string())
}

fn check_text(errs: &mut Errors, field: &'static str, label: &'static str, text: &str, required: bool, max: usize) {
    if required && text.trim().is_empty() {
        errs.push(FieldError::new(field, Invalid::Required(label)));
    } else if text.chars().count() > max {
        errs.push(FieldError::new(field, Invalid::TooLong(max)));
    } else if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        errs.push(FieldError::new(field, Invalid::ControlChars));
    }
}

fn check_hours(errs: &mut Errors, field: &'static str, hours: f64) {
    if !(0.0..=100.0).contains(&hours) {
        errs.push(FieldError::new(field, Invalid::HoursRange));
    }
}

/// The branch profile: a name, and committee seats held by distinct roles of existing party members.
pub fn validate_branch(branch: &Branch, members: &[Member]) -> Errors {
    let mut errs = Errors::new();
    check_text(&mut errs, "name", "支部名称", &branch.name, true, MAX_LINE_CHARS);
    check_text(
        &mut errs,
        "parent_org",
        "上级党委",
        &branch.parent_org,
        false,
        MAX_LINE_CHARS,
    );
    let mut seen = HashSet::new();
    for seat in &branch.committee {
        let field = seat_field(seat.role);
        if !seen.insert(seat.role) {
            errs.push(FieldError::new(field, Invalid::DuplicateSeat));
        }
        match members.iter().find(|m| m.id == seat.member) {
            None => errs.push(FieldError::new(field, Invalid::UnknownMember)),
            Some(m) if m.kind == MemberKind::Activist => errs.push(FieldError::new(field, Invalid::ActivistNotAllowed)),
            Some(_) => {}
        }
    }
    errs
}

/// The form-field code of a committee seat ("secretary", …).
pub fn seat_field(role: super::branch::CommitteeRole) -> &'static str {
    use super::branch::CommitteeRole as R;
    match role {
        R::Secretary => "secretary",
        R::DeputySecretary => "deputy_secretary",
        R::Organization => "organization",
        R::Publicity => "publicity",
        R::Discipline => "discipline",
    }
}

/// A party group: a unique name and, if any, a leader who is a member of the branch.
pub fn validate_group(group: &PartyGroup, others: &[PartyGroup], members: &[Member]) -> Errors {
    let mut errs = Errors::new();
    check_text(&mut errs, "name", "党小组名称", &group.name, true, MAX_NAME_CHARS);
    if others
        .iter()
        .any(|g| g.id != group.id && g.name.trim() == group.name.trim())
    {
        errs.push(FieldError::new("name", Invalid::DuplicateName));
    }
    if let Some(leader) = &group.group_leader {
        match members.iter().find(|m| &m.id == leader) {
            None => errs.push(FieldError::new("group_leader", Invalid::UnknownMember)),
            Some(m) if m.kind == MemberKind::Activist => {
                errs.push(FieldError::new("group_leader", Invalid::ActivistNotAllowed))
            }
            Some(_) => {}
        }
    }
    errs
}

/// A member: name, dates in order, an existing group.
pub fn validate_member(member: &Member, groups: &[PartyGroup]) -> Errors {
    let mut errs = Errors::new();
    check_text(&mut errs, "name", "姓名", &member.name, true, MAX_NAME_CHARS);
    check_text(&mut errs, "phone", "电话", &member.phone, false, MAX_NAME_CHARS);
    check_text(&mut errs, "note", "备注", &member.note, false, MAX_LINE_CHARS);
    if let Some(group) = &member.group {
        if !groups.iter().any(|g| &g.id == group) {
            errs.push(FieldError::new("group", Invalid::UnknownGroup));
        }
    }
    if let Some(left) = member.left_branch {
        if member.joined_branch.is_some_and(|joined| left < joined) {
            errs.push(FieldError::new("left_branch", Invalid::LeftBeforeJoined));
        }
    }
    if let Some(full) = member.full_since {
        if member.kind != MemberKind::Full {
            errs.push(FieldError::new("full_since", Invalid::FullSinceNotFull));
        } else if member.party_joined.is_some_and(|joined| full < joined) {
            errs.push(FieldError::new("full_since", Invalid::FullBeforeJoined));
        }
    }
    for e in &member.excused {
        if e.to.is_some_and(|to| to < e.from) {
            errs.push(FieldError::new("excused", Invalid::ExcusalEndsBeforeStart));
        }
        check_text(&mut errs, "excused", "说明", &e.note, true, MAX_LINE_CHARS);
    }
    errs
}

/// A member who must exist, be a party member and be in the branch on `day` (host, recorder, lecturer).
fn check_person(
    errs: &mut Errors,
    field: &'static str,
    id: Option<&super::id::MemberId>,
    day: Date,
    members: &[Member],
) {
    let Some(id) = id else { return };
    match members.iter().find(|m| &m.id == id) {
        None => errs.push(FieldError::new(field, Invalid::UnknownMember)),
        Some(m) if !m.in_branch_on(day) => errs.push(FieldError::new(field, Invalid::NotInBranchThatDay)),
        Some(m) if !m.is_party_member_on(day) => errs.push(FieldError::new(field, Invalid::ActivistNotAllowed)),
        Some(_) => {}
    }
}

/// An activity against the branch's data: times in order, kind-specific fields, people who exist and
/// were in the branch that day, a consistent roll and vote.
pub fn validate_activity(activity: &Activity, data: &Dataset) -> Errors {
    let mut errs = Errors::new();
    let day = activity.date;
    if let (Some(start), Some(end)) = (activity.start, activity.end) {
        if end <= start {
            errs.push(FieldError::new("end", Invalid::EndBeforeStart));
        }
    }
    check_text(&mut errs, "location", "地点", &activity.location, false, MAX_LINE_CHARS);
    check_text(
        &mut errs,
        "theme",
        "主题",
        &activity.theme,
        // A planned 主题党日 may still be waiting for its theme (the year plan generates them blank).
        activity.kind == ActivityKind::ThemeDay && activity.status == ActivityStatus::Held,
        MAX_LINE_CHARS,
    );
    check_text(
        &mut errs,
        "lecturer_name",
        "授课人",
        &activity.lecturer_name,
        false,
        MAX_NAME_CHARS,
    );
    check_text(&mut errs, "content", "内容", &activity.content, false, MAX_TEXT_CHARS);
    check_text(
        &mut errs,
        "resolution",
        "决议",
        &activity.resolution,
        false,
        MAX_TEXT_CHARS,
    );
    if activity.agenda.len() > MAX_LIST_LEN {
        errs.push(FieldError::new("agenda", Invalid::TooLong(MAX_LIST_LEN)));
    }
    for item in &activity.agenda {
        check_text(&mut errs, "agenda", "议题", item, false, MAX_LINE_CHARS);
    }
    match (&activity.group, activity.kind) {
        (None, ActivityKind::GroupMeeting) => errs.push(FieldError::new("group", Invalid::GroupMeetingWithoutGroup)),
        (Some(g), _) if data.group(g).is_none() => errs.push(FieldError::new("group", Invalid::UnknownGroup)),
        _ => {}
    }
    check_person(&mut errs, "host", activity.host.as_ref(), day, &data.members);
    check_person(&mut errs, "recorder", activity.recorder.as_ref(), day, &data.members);
    check_person(&mut errs, "lecturer", activity.lecturer.as_ref(), day, &data.members);
    if activity.kind == ActivityKind::PartyLecture
        && activity.lecturer.is_none()
        && activity.lecturer_name.trim().is_empty()
        && activity.status == super::activity::ActivityStatus::Held
    {
        errs.push(FieldError::new("lecturer", Invalid::Required("授课人")));
    }
    check_hours(&mut errs, "study_hours", activity.study_hours);

    if activity.attendance.len() > MAX_LIST_LEN {
        errs.push(FieldError::new("attendance", Invalid::TooLong(MAX_LIST_LEN)));
    }
    let mut seen = HashSet::new();
    for entry in &activity.attendance {
        if !seen.insert(&entry.member) {
            errs.push(FieldError::new("attendance", Invalid::DuplicateAttendee));
            continue;
        }
        // An unknown member is reported, and the entry's own texts are still checked (a document that came
        // alone from a sync server is checked without the rest of the branch, see `domain::sync::doc`).
        match data.member(&entry.member) {
            None => errs.push(FieldError::new("attendance", Invalid::UnknownMember)),
            Some(m) if m.kind_on(day) == MemberKind::Activist && entry.status != AttendanceStatus::Observer => {
                errs.push(FieldError::new("attendance", Invalid::ActivistMustObserve));
            }
            Some(_) => {}
        }
        check_text(&mut errs, "attendance", "原因", &entry.reason, false, MAX_LINE_CHARS);
        if let Some(make_up) = &entry.make_up {
            if !entry.status.owes_make_up() {
                errs.push(FieldError::new("attendance", Invalid::MakeUpNotOwed));
            } else if make_up.date < day {
                errs.push(FieldError::new("attendance", Invalid::MakeUpBeforeActivity));
            }
            check_text(
                &mut errs,
                "attendance",
                "补学说明",
                &make_up.note,
                false,
                MAX_LINE_CHARS,
            );
        }
    }
    if let Some(v) = activity.vote {
        let cast = u64::from(v.in_favour) + u64::from(v.against) + u64::from(v.abstain);
        if v.present > v.eligible || cast > u64::from(v.present) {
            errs.push(FieldError::new("vote", Invalid::VoteCounts));
        }
    }
    check_substance(&mut errs, activity, data);
    errs
}

/// The 民主评议 (field `review`), the 对照检查 (`examinations`) and the 整改清单 (`rectifications`) of an
/// activity: people who exist and were party members in the branch that day, each once; sensible ballots;
/// dates not before the activity; texts within their limits. The warnings that never block a save are
/// `member_review::checks`.
fn check_substance(errs: &mut Errors, activity: &Activity, data: &Dataset) {
    let day = activity.date;
    if let Some(review) = &activity.review {
        if review.members.len() > MAX_LIST_LEN {
            errs.push(FieldError::new("review", Invalid::TooLong(MAX_LIST_LEN)));
        }
        let mut seen = HashSet::new();
        for e in &review.members {
            if !seen.insert(&e.member) {
                errs.push(FieldError::new("review", Invalid::DuplicatePerson));
            }
            check_person(errs, "review", Some(&e.member), day, &data.members);
            if Rating::ALL.iter().any(|&r| e.ballots.get(r) > MAX_BALLOTS) {
                errs.push(FieldError::new("review", Invalid::BallotsTooMany));
            }
            check_text(errs, "review", "处置意见", &e.handling, false, MAX_LINE_CHARS);
            if e.follow_up.is_some_and(|d| d < day) {
                errs.push(FieldError::new("review", Invalid::BeforeActivity));
            }
        }
    }
    if activity.examinations.len() > MAX_LIST_LEN {
        errs.push(FieldError::new("examinations", Invalid::TooLong(MAX_LIST_LEN)));
    }
    let mut seen = HashSet::new();
    for e in &activity.examinations {
        if !seen.insert(&e.member) {
            errs.push(FieldError::new("examinations", Invalid::DuplicatePerson));
        }
        check_person(errs, "examinations", Some(&e.member), day, &data.members);
        check_text(errs, "examinations", "对照检查", &e.points, false, MAX_TEXT_CHARS);
        check_text(errs, "examinations", "批评意见", &e.criticism, false, MAX_TEXT_CHARS);
    }
    if activity.rectifications.len() > MAX_LIST_LEN {
        errs.push(FieldError::new("rectifications", Invalid::TooLong(MAX_LIST_LEN)));
    }
    let mut ids = HashSet::new();
    for r in &activity.rectifications {
        if r.id.is_empty() || r.id.chars().count() > 16 || !ids.insert(r.id.as_str()) {
            errs.push(FieldError::new("rectifications", Invalid::BadItemId));
        }
        check_text(errs, "rectifications", "存在问题", &r.problem, true, MAX_LINE_CHARS);
        check_text(errs, "rectifications", "整改措施", &r.measure, false, MAX_TEXT_CHARS);
        check_text(errs, "rectifications", "整改成效", &r.evidence, false, MAX_TEXT_CHARS);
        check_person(errs, "rectifications", r.owner.as_ref(), day, &data.members);
        if r.closed.is_some_and(|d| d < day) {
            errs.push(FieldError::new("rectifications", Invalid::BeforeActivity));
        }
    }
}

/// A study-plan item: a topic, sensible hours, an existing leader and activity.
pub fn validate_study_item(item: &StudyItem, data: &Dataset) -> Errors {
    let mut errs = Errors::new();
    check_text(&mut errs, "topic", "学习主题", &item.topic, true, MAX_LINE_CHARS);
    check_text(
        &mut errs,
        "materials",
        "学习材料",
        &item.materials,
        false,
        MAX_TEXT_CHARS,
    );
    check_hours(&mut errs, "study_hours", item.study_hours);
    if let Some(leader) = &item.study_leader {
        if data.member(leader).is_none() {
            errs.push(FieldError::new("study_leader", Invalid::UnknownMember));
        }
    }
    if let Some(a) = &item.activity {
        if !data.activities.iter().any(|x| &x.id == a) {
            errs.push(FieldError::new("activity", Invalid::UnknownActivity));
        }
    }
    errs
}
