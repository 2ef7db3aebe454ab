//! Members of the branch: full and probationary members, and activists who attend as observers.

use super::date::Date;
use super::id::{GroupId, MemberId};
use serde::{Deserialize, Serialize};

/// 正式党员 / 预备党员 / 入党积极分子（含发展对象）.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    Full,
    Probationary,
    Activist,
}

impl MemberKind {
    pub const ALL: [MemberKind; 3] = [MemberKind::Full, MemberKind::Probationary, MemberKind::Activist];

    pub fn label(self) -> &'static str {
        match self {
            MemberKind::Full => "正式党员",
            MemberKind::Probationary => "预备党员",
            MemberKind::Activist => "入党积极分子",
        }
    }

    /// Reads the Chinese label or a common short form ("正式", "预备", "积极分子", "发展对象").
    pub fn from_label(text: &str) -> Option<MemberKind> {
        match text.trim() {
            "正式党员" | "正式" | "党员" | "full" => Some(MemberKind::Full),
            "预备党员" | "预备" | "probationary" => Some(MemberKind::Probationary),
            "入党积极分子" | "积极分子" | "发展对象" | "activist" => Some(MemberKind::Activist),
            _ => None,
        }
    }
}

/// A period in which a member is excused from 应到 (long illness, abroad), with the approval note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excusal {
    pub from: Date,
    /// Inclusive; `None` while it lasts.
    #[serde(default)]
    pub to: Option<Date>,
    pub note: String,
}

impl Excusal {
    pub fn covers(&self, day: Date) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: MemberId,
    pub name: String,
    /// The kind today. A probationary member who became full keeps the date in `full_since`.
    pub kind: MemberKind,
    #[serde(default)]
    pub group: Option<GroupId>,
    /// 入党日期 (for a probationary member, the admission date).
    #[serde(default)]
    pub party_joined: Option<Date>,
    /// 转正日期: the day a probationary member became full.
    #[serde(default)]
    pub full_since: Option<Date>,
    /// The day the member joined this branch (转入 or admission here). `None`: not known, meaning "in the
    /// branch since before any record" (a roster pasted without dates, when the secretary leaves them open).
    #[serde(default)]
    pub joined_branch: Option<Date>,
    /// The day the member left this branch (转出); they stay in past records.
    #[serde(default)]
    pub left_branch: Option<Date>,
    /// 流动党员: takes part elsewhere; marked 异地参加, not 缺席.
    #[serde(default)]
    pub mobile: bool,
    #[serde(default)]
    pub excused: Vec<Excusal>,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub note: String,
}

impl Member {
    /// Whether the member belonged to the branch on `day` (joined on or before, or when is not known; not
    /// yet left).
    pub fn in_branch_on(&self, day: Date) -> bool {
        self.joined_branch.is_none_or(|joined| joined <= day) && self.left_branch.is_none_or(|left| day < left)
    }

    /// Whether the member joined the branch only after `day` (so is not counted then, though in it now).
    pub fn joined_after(&self, day: Date) -> bool {
        self.joined_branch.is_some_and(|joined| day < joined)
    }

    /// The member's kind on `day`: a full member with a later `full_since` was still probationary then.
    pub fn kind_on(&self, day: Date) -> MemberKind {
        match (self.kind, self.full_since) {
            (MemberKind::Full, Some(since)) if day < since => MemberKind::Probationary,
            (kind, _) => kind,
        }
    }

    pub fn excused_on(&self, day: Date) -> Option<&Excusal> {
        self.excused.iter().find(|e| e.covers(day))
    }

    /// Whether the member is a party member (full or probationary) on `day`: counted in 应到.
    pub fn is_party_member_on(&self, day: Date) -> bool {
        self.kind_on(day) != MemberKind::Activist
    }
}
