//! The whole of one branch's data, as one value: what a backup holds and what the pure functions read.

use super::activity::Activity;
use super::branch::{Branch, PartyGroup};
use super::date::{MAX_YEAR, MIN_YEAR};
use super::id::{GroupId, MemberId};
use super::member::Member;
use super::rules::{default_rules, Rule};
use super::study::StudyItem;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Dataset {
    pub branch: Branch,
    #[serde(default)]
    pub groups: Vec<PartyGroup>,
    #[serde(default)]
    pub members: Vec<Member>,
    #[serde(default)]
    pub activities: Vec<Activity>,
    #[serde(default)]
    pub study_items: Vec<StudyItem>,
    /// The frequency rules as the secretary edited them; empty means the defaults
    /// ([`default_rules`]), which is also what a backup made before rules were editable brings in.
    /// Use [`Dataset::effective_rules`] to check against them.
    #[serde(default)]
    pub rules: Vec<Rule>,
}

impl Dataset {
    pub fn member(&self, id: &MemberId) -> Option<&Member> {
        self.members.iter().find(|m| &m.id == id)
    }

    pub fn group(&self, id: &GroupId) -> Option<&PartyGroup> {
        self.groups.iter().find(|g| &g.id == id)
    }

    /// The member's name, or a marker for a dangling reference (never a panic).
    pub fn member_name(&self, id: &MemberId) -> String {
        self.member(id)
            .map_or_else(|| "（已删除）".to_owned(), |m| m.name.clone())
    }

    /// Compares two people's names in the branch's order ([`super::collation`]: 姓氏笔画 or 拼音). Every
    /// list of people sorts with this (clippy.toml forbids calling the collation directly).
    #[allow(
        clippy::disallowed_methods,
        reason = "the one place that reads the collation: with the order the branch chose"
    )]
    pub fn compare_names(&self, a: &str, b: &str) -> std::cmp::Ordering {
        self.branch.name_order.compare(a, b)
    }

    /// Everyone on the roster in the order the roster page and the Word 党员名册 list them: by party group (in
    /// the order of the groups, the ungrouped last), then full, probationary, activist, then by name in the
    /// branch's order ([`Dataset::compare_names`]).
    pub fn roster_order(&self) -> Vec<&Member> {
        let group_pos = |m: &Member| {
            m.group
                .as_ref()
                .and_then(|g| self.groups.iter().position(|x| &x.id == g))
                .unwrap_or(usize::MAX)
        };
        let mut members: Vec<&Member> = self.members.iter().collect();
        super::sort::sort_by(&mut members, |a, b| {
            (group_pos(a), a.kind as u8)
                .cmp(&(group_pos(b), b.kind as u8))
                .then_with(|| self.compare_names(&a.name, &b.name))
        });
        members
    }

    /// The members `keep` accepts, by name in the branch's order ([`Dataset::compare_names`]), then by id: the
    /// order of a roll, of the per-member alerts, of a review's list and of the 谈心谈话 coverage.
    pub fn members_by_name(&self, keep: impl Fn(&Member) -> bool) -> Vec<&Member> {
        let mut members: Vec<&Member> = self.members.iter().filter(|m| keep(m)).collect();
        super::sort::sort_by(&mut members, |a, b| {
            self.compare_names(&a.name, &b.name).then_with(|| a.id.cmp(&b.id))
        });
        members
    }

    /// A member's duties as the roster shows them: committee seats, then group leaderships (「第一党小组组长」).
    pub fn duties_of(&self, id: &MemberId) -> Vec<String> {
        let mut duties: Vec<String> = self.branch.roles_of(id).iter().map(|r| r.label().to_owned()).collect();
        for g in self.groups.iter().filter(|g| g.group_leader.as_ref() == Some(id)) {
            duties.push(format!("{}组长", g.name));
        }
        duties
    }

    /// Sorts `v` by the names `name` gives, in the branch's order; equal names keep their order (stable).
    pub fn sort_by_name<T>(&self, v: &mut [T], name: impl Fn(&T) -> &str) {
        super::sort::sort_by(v, |a, b| self.compare_names(name(a), name(b)));
    }

    pub fn group_name(&self, id: &GroupId) -> String {
        self.group(id)
            .map_or_else(|| "（已删除）".to_owned(), |g| g.name.clone())
    }

    /// The rules in force: the stored ones, or the defaults when none are stored.
    pub fn effective_rules(&self) -> Vec<Rule> {
        if self.rules.is_empty() {
            default_rules()
        } else {
            self.rules.clone()
        }
    }

    /// The years worth offering in a year picker: from the first recorded activity or study item (and at
    /// least last year, for a secretary catching up on it) to next year (or the last planned one).
    pub fn year_range(&self, this_year: i32) -> (i32, i32) {
        let first = self
            .activities
            .iter()
            .map(|a| a.date.year())
            .chain(self.study_items.iter().map(|s| s.date.year()))
            .min()
            .unwrap_or(this_year)
            .min(this_year - 1);
        let last = self
            .activities
            .iter()
            .map(|a| a.date.year())
            .max()
            .unwrap_or(this_year)
            .max(this_year + 1);
        (first.max(MIN_YEAR), last.min(MAX_YEAR))
    }

    pub fn is_empty(&self) -> bool {
        self.branch.name.is_empty() && self.members.is_empty() && self.activities.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ActivityId, ActivityKind, Date};

    #[test]
    fn year_range_offers_last_year_and_next_year_and_every_recorded_year() {
        let mut d = Dataset::default();
        assert_eq!(
            d.year_range(2026),
            (2025, 2027),
            "nothing recorded: last year to next year"
        );
        d.activities.push(Activity::new(
            ActivityId::from("a-1"),
            ActivityKind::ThemeDay,
            Date::ymd(2019, 5, 1),
        ));
        d.activities.push(Activity::new(
            ActivityId::from("a-2"),
            ActivityKind::ThemeDay,
            Date::ymd(2030, 5, 1),
        ));
        assert_eq!(d.year_range(2026), (2019, 2030));
    }
}
