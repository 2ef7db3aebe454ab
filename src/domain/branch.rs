//! The branch (党支部) profile, its committee (支委会) and its party groups (党小组).

use super::collation::NameOrder;
use super::id::{GroupId, MemberId};
use super::sort::sort_by_key;
use serde::{Deserialize, Serialize};

/// A seat on the branch committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeRole {
    Secretary,
    DeputySecretary,
    Organization,
    Publicity,
    Discipline,
}

impl CommitteeRole {
    pub const ALL: [CommitteeRole; 5] = [
        CommitteeRole::Secretary,
        CommitteeRole::DeputySecretary,
        CommitteeRole::Organization,
        CommitteeRole::Publicity,
        CommitteeRole::Discipline,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CommitteeRole::Secretary => "书记",
            CommitteeRole::DeputySecretary => "副书记",
            CommitteeRole::Organization => "组织委员",
            CommitteeRole::Publicity => "宣传委员",
            CommitteeRole::Discipline => "纪检委员",
        }
    }
}

/// Who holds one committee seat. One member may hold two seats in a small branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeSeat {
    pub role: CommitteeRole,
    pub member: MemberId,
}

/// The branch profile: one per database.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Branch {
    /// 支部名称, e.g. "××局办公室党支部".
    pub name: String,
    /// 上级党委 / 党总支.
    #[serde(default)]
    pub parent_org: String,
    #[serde(default)]
    pub committee: Vec<CommitteeSeat>,
    /// How names are ordered in every list (按姓氏笔画 unless chosen otherwise; absent in older data).
    #[serde(default)]
    pub name_order: NameOrder,
}

impl Branch {
    pub fn holder(&self, role: CommitteeRole) -> Option<&MemberId> {
        self.committee.iter().find(|s| s.role == role).map(|s| &s.member)
    }

    /// Sets (or with `None` clears) the holder of one seat.
    pub fn set_holder(&mut self, role: CommitteeRole, member: Option<MemberId>) {
        self.committee.retain(|s| s.role != role);
        if let Some(member) = member {
            self.committee.push(CommitteeSeat { role, member });
            sort_by_key(&mut self.committee, |s| s.role);
        }
    }

    /// Every committee member once, in seat order.
    pub fn committee_members(&self) -> Vec<&MemberId> {
        let mut out: Vec<&MemberId> = Vec::new();
        for seat in &self.committee {
            if !out.contains(&&seat.member) {
                out.push(&seat.member);
            }
        }
        out
    }

    /// The seats a member holds, e.g. "书记、组织委员"; empty for an ordinary member.
    pub fn roles_of(&self, member: &MemberId) -> Vec<CommitteeRole> {
        self.committee
            .iter()
            .filter(|s| &s.member == member)
            .map(|s| s.role)
            .collect()
    }
}

/// A party group (党小组) with its leader (组长).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyGroup {
    pub id: GroupId,
    pub name: String,
    #[serde(default)]
    pub group_leader: Option<MemberId>,
}
