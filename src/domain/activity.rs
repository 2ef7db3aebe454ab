//! Activities: every kind of organisational life the branch records, with its attendance.

use super::date::{Date, Time};
use super::id::{ActivityId, GroupId, MemberId};
use super::member_review::MemberReview;
use super::org_life::{Examination, Rectification};
use serde::{Deserialize, Serialize};

/// The kinds of organisational life (三会一课 and the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    GeneralMeeting,
    CommitteeMeeting,
    GroupMeeting,
    PartyLecture,
    ThemeDay,
    OrgLifeMeeting,
    MemberReview,
    HeartTalk,
    GroupStudy,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 9] = [
        ActivityKind::GeneralMeeting,
        ActivityKind::CommitteeMeeting,
        ActivityKind::GroupMeeting,
        ActivityKind::PartyLecture,
        ActivityKind::ThemeDay,
        ActivityKind::OrgLifeMeeting,
        ActivityKind::MemberReview,
        ActivityKind::HeartTalk,
        ActivityKind::GroupStudy,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::GeneralMeeting => "党员大会",
            ActivityKind::CommitteeMeeting => "支委会",
            ActivityKind::GroupMeeting => "党小组会",
            ActivityKind::PartyLecture => "党课",
            ActivityKind::ThemeDay => "主题党日",
            ActivityKind::OrgLifeMeeting => "组织生活会",
            ActivityKind::MemberReview => "民主评议党员",
            ActivityKind::HeartTalk => "谈心谈话",
            ActivityKind::GroupStudy => "集中学习",
        }
    }

    /// The snake_case code used in JSON, URLs and the store.
    pub fn code(self) -> &'static str {
        match self {
            ActivityKind::GeneralMeeting => "general_meeting",
            ActivityKind::CommitteeMeeting => "committee_meeting",
            ActivityKind::GroupMeeting => "group_meeting",
            ActivityKind::PartyLecture => "party_lecture",
            ActivityKind::ThemeDay => "theme_day",
            ActivityKind::OrgLifeMeeting => "org_life_meeting",
            ActivityKind::MemberReview => "member_review",
            ActivityKind::HeartTalk => "heart_talk",
            ActivityKind::GroupStudy => "group_study",
        }
    }

    pub fn from_code(code: &str) -> Option<ActivityKind> {
        ActivityKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Meetings that take votes and need a quorum of more than half (条例 arts. 11–12).
    pub fn has_quorum(self) -> bool {
        matches!(self, ActivityKind::GeneralMeeting | ActivityKind::CommitteeMeeting)
    }
}

/// Planned (in the year plan), held (recorded), or cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    Planned,
    #[default]
    Held,
    Cancelled,
}

impl ActivityStatus {
    pub fn label(self) -> &'static str {
        match self {
            ActivityStatus::Planned => "计划",
            ActivityStatus::Held => "已开展",
            ActivityStatus::Cancelled => "已取消",
        }
    }
}

/// 出席 / 请假 / 缺席 / 异地参加 / 列席.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    Present,
    Leave,
    Absent,
    Elsewhere,
    Observer,
}

impl AttendanceStatus {
    pub const ALL: [AttendanceStatus; 5] = [
        AttendanceStatus::Present,
        AttendanceStatus::Leave,
        AttendanceStatus::Absent,
        AttendanceStatus::Elsewhere,
        AttendanceStatus::Observer,
    ];

    pub fn label(self) -> &'static str {
        match self {
            AttendanceStatus::Present => "出席",
            AttendanceStatus::Leave => "请假",
            AttendanceStatus::Absent => "缺席",
            AttendanceStatus::Elsewhere => "异地参加",
            AttendanceStatus::Observer => "列席",
        }
    }

    /// Whether the person took part (counts in 实到).
    pub fn attended(self) -> bool {
        matches!(self, AttendanceStatus::Present | AttendanceStatus::Elsewhere)
    }

    /// Whether the person owes make-up study (补学) for missing this activity.
    pub fn owes_make_up(self) -> bool {
        matches!(self, AttendanceStatus::Leave | AttendanceStatus::Absent)
    }
}

/// How missed study was made up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MakeUpWay {
    /// 自学
    SelfStudy,
    /// 传达 (someone relayed the content)
    Relay,
    /// 集中补课
    Class,
}

impl MakeUpWay {
    pub const ALL: [MakeUpWay; 3] = [MakeUpWay::SelfStudy, MakeUpWay::Relay, MakeUpWay::Class];

    pub fn label(self) -> &'static str {
        match self {
            MakeUpWay::SelfStudy => "自学",
            MakeUpWay::Relay => "传达",
            MakeUpWay::Class => "集中补课",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeUp {
    pub date: Date,
    pub way: MakeUpWay,
    #[serde(default)]
    pub note: String,
}

/// One person's mark on one activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceEntry {
    pub member: MemberId,
    pub status: AttendanceStatus,
    /// Why on leave or absent (请假/缺席原因).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make_up: Option<MakeUp>,
}

/// 表决: the count of a vote taken at a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Vote {
    /// 应到有表决权
    pub eligible: u32,
    /// 实到有表决权
    pub present: u32,
    pub in_favour: u32,
    pub against: u32,
    pub abstain: u32,
}

/// One activity: a page of the record book once held, an entry of the plan before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: ActivityId,
    pub kind: ActivityKind,
    #[serde(default)]
    pub status: ActivityStatus,
    pub date: Date,
    #[serde(default)]
    pub start: Option<Time>,
    #[serde(default)]
    pub end: Option<Time>,
    #[serde(default)]
    pub location: String,
    /// 主题 (主题党日), 题目 (党课), or a short title for any kind.
    #[serde(default)]
    pub theme: String,
    /// The party group, for 党小组会.
    #[serde(default)]
    pub group: Option<GroupId>,
    #[serde(default)]
    pub host: Option<MemberId>,
    #[serde(default)]
    pub recorder: Option<MemberId>,
    /// 授课人 (党课): a member, or a guest named in `lecturer_name`.
    #[serde(default)]
    pub lecturer: Option<MemberId>,
    #[serde(default)]
    pub lecturer_name: String,
    #[serde(default)]
    pub agenda: Vec<String>,
    /// 内容 / 发言摘要.
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub resolution: String,
    #[serde(default)]
    pub vote: Option<Vote>,
    #[serde(default)]
    pub attendance: Vec<AttendanceEntry>,
    /// Study hours credited to those who attended (学时), e.g. 2.0.
    #[serde(default)]
    pub study_hours: f64,
    /// The 民主评议党员 done at this activity (a 民主评议党员 meeting, or a 组织生活会 combined with it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<MemberReview>,
    /// Each member's 对照检查 at a 组织生活会.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examinations: Vec<Examination>,
    /// The 整改清单 decided at a 组织生活会, followed until each item is closed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rectifications: Vec<Rectification>,
}

/// Time order of activities: date, then start time (none first), then id; the order of the record book and of
/// 本年第N次. Takes `&&Activity` so that every `Vec<&Activity>` sorted with it shares one instance of
/// [`super::sort::sort_by`].
pub fn chronological(a: &&Activity, b: &&Activity) -> std::cmp::Ordering {
    (a.date, a.start, &a.id).cmp(&(b.date, b.start, &b.id))
}

/// [`chronological`] reversed: newest first.
pub fn newest_first(a: &&Activity, b: &&Activity) -> std::cmp::Ordering {
    chronological(b, a)
}

impl Activity {
    /// A new held activity of `kind` on `date` with everything else empty.
    pub fn new(id: ActivityId, kind: ActivityKind, date: Date) -> Activity {
        Activity {
            id,
            kind,
            status: ActivityStatus::Held,
            date,
            start: None,
            end: None,
            location: String::new(),
            theme: String::new(),
            group: None,
            host: None,
            recorder: None,
            lecturer: None,
            lecturer_name: String::new(),
            agenda: Vec::new(),
            content: String::new(),
            resolution: String::new(),
            vote: None,
            attendance: Vec::new(),
            study_hours: 0.0,
            review: None,
            examinations: Vec::new(),
            rectifications: Vec::new(),
        }
    }

    pub fn entry_for(&self, member: &MemberId) -> Option<&AttendanceEntry> {
        self.attendance.iter().find(|e| &e.member == member)
    }
}
