//! 组织生活会 in substance: each member's 对照检查 and the 批评意见 they received ([`Examination`], kept on the
//! activity as [`Activity::examinations`]), the 整改清单 decided there ([`Rectification`], on
//! [`Activity::rectifications`]) followed until each item is closed, and the 谈心谈话 held before it
//! ([`talk_coverage`]).
//!
//! An item is **open** until it has a `closed` date; an open item is **overdue** after its due date and **due
//! soon** within [`DUE_SOON_DAYS`] before it. Items of any year stay open until closed, so an item decided at
//! a December meeting is followed into the next year ([`open_items`] reads every activity; 概览's start keeps
//! the older ones in its `History`, see `domain::overview`).

use super::activity::{Activity, ActivityKind, ActivityStatus};
use super::compliance::{Alert, AlertTarget, Severity};
use super::dataset::Dataset;
use super::date::Date;
use super::id::{ActivityId, MemberId};
use serde::{Deserialize, Serialize};

/// An open item is "due soon" this many days before its due date.
pub const DUE_SOON_DAYS: i64 = 14;

/// One member's 对照检查 at the meeting: the points found, and the 批评意见 received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Examination {
    pub member: MemberId,
    /// 对照检查 (查摆的问题), short text.
    #[serde(default)]
    pub points: String,
    /// 批评意见 received from others.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub criticism: String,
}

/// One item of the 整改清单.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rectification {
    /// Unique within the activity ("r1", "r2", …): items are told apart by it when edited and in sync conflicts.
    pub id: String,
    /// 存在问题.
    pub problem: String,
    /// 整改措施.
    #[serde(default)]
    pub measure: String,
    /// 责任人: a member, or `None` for the branch (支部委员会) as a whole.
    #[serde(default)]
    pub owner: Option<MemberId>,
    /// 完成时限.
    #[serde(default)]
    pub due: Option<Date>,
    /// The day it was done (整改完成); `None` while open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Date>,
    /// 整改成效 / 佐证材料: what shows it was done.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
}

/// Where an item stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemState {
    Overdue,
    DueSoon,
    Open,
    Closed,
}

impl ItemState {
    pub fn label(self) -> &'static str {
        match self {
            ItemState::Overdue => "已超期",
            ItemState::DueSoon => "即将到期",
            ItemState::Open => "整改中",
            ItemState::Closed => "已完成",
        }
    }
}

impl Rectification {
    pub fn new(id: String) -> Rectification {
        Rectification {
            id,
            problem: String::new(),
            measure: String::new(),
            owner: None,
            due: None,
            closed: None,
            evidence: String::new(),
        }
    }

    pub fn state_on(&self, today: Date) -> ItemState {
        match (self.closed, self.due) {
            (Some(_), _) => ItemState::Closed,
            (None, Some(due)) if due < today => ItemState::Overdue,
            (None, Some(due)) if due.to_days() - today.to_days() <= DUE_SOON_DAYS => ItemState::DueSoon,
            _ => ItemState::Open,
        }
    }

    /// "支部" or the member's name.
    pub fn owner_name(&self, data: &Dataset) -> String {
        self.owner
            .as_ref()
            .map_or_else(|| "支部委员会".to_owned(), |m| data.member_name(m))
    }
}

/// A fresh item id for `items`: "r" and one more than the largest number used.
pub fn next_item_id(items: &[Rectification]) -> String {
    let n = items
        .iter()
        .filter_map(|r| r.id.strip_prefix('r').and_then(|d| d.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    format!("r{}", n.saturating_add(1))
}

/// An open item, with the activity it was decided at (what 概览 and the alerts list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenItem {
    pub activity: ActivityId,
    pub activity_date: Date,
    pub activity_kind: ActivityKind,
    pub item: Rectification,
}

/// Every open item of held activities, oldest due first (no due date last), then by meeting and id.
pub fn open_items<'a>(activities: impl IntoIterator<Item = &'a Activity>) -> Vec<OpenItem> {
    let mut out: Vec<OpenItem> = activities
        .into_iter()
        .filter(|a| a.status == ActivityStatus::Held)
        .flat_map(|a| {
            a.rectifications
                .iter()
                .filter(|r| r.closed.is_none())
                .map(|r| OpenItem {
                    activity: a.id.clone(),
                    activity_date: a.date,
                    activity_kind: a.kind,
                    item: r.clone(),
                })
        })
        .collect();
    sort_open(&mut out);
    out
}

/// The order of [`open_items`].
pub fn sort_open(items: &mut [OpenItem]) {
    super::sort::sort_by(items, |a, b| {
        (
            a.item.due.is_none(),
            a.item.due,
            a.activity_date,
            &a.activity,
            &a.item.id,
        )
            .cmp(&(
                b.item.due.is_none(),
                b.item.due,
                b.activity_date,
                &b.activity,
                &b.item.id,
            ))
    });
}

/// Items of the held activities dated in `year`: (opened, closed, of them open and overdue at `as_of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ItemCounts {
    pub opened: u32,
    pub closed: u32,
    pub overdue: u32,
}

/// [`ItemCounts`] for the items decided at held activities in `year`, as of `as_of` (closed means closed by
/// then).
pub fn year_item_counts(data: &Dataset, year: i32, as_of: Date) -> ItemCounts {
    let mut c = ItemCounts::default();
    for a in data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held && a.date.year() == year)
    {
        for r in &a.rectifications {
            c.opened += 1;
            match r.closed {
                Some(d) if d <= as_of => c.closed += 1,
                _ if r.due.is_some_and(|due| due < as_of) => c.overdue += 1,
                _ => {}
            }
        }
    }
    c
}

/// Every item owned by `member` (any year, any state), with its activity: for 我的 and the member sheet.
pub fn items_of<'a>(data: &'a Dataset, member: &MemberId) -> Vec<(&'a Activity, &'a Rectification)> {
    let mut out: Vec<(&Activity, &Rectification)> = data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held)
        .flat_map(|a| {
            a.rectifications
                .iter()
                .filter(|r| r.owner.as_ref() == Some(member))
                .map(move |r| (a, r))
        })
        .collect();
    super::sort::sort_by(&mut out, |a, b| (b.0.date, &b.1.id).cmp(&(a.0.date, &a.1.id)));
    out
}

/// The 谈心谈话 held before a 组织生活会: who talked with whom among the people who should, the three circles
/// the rules ask for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TalkCoverage {
    /// From this day (the day after the previous held 组织生活会, or January 1 of the meeting's year if none
    /// that year) to the day before the meeting.
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// 支委之间: pairs of committee members who have not talked, by name.
    pub committee_pairs_missing: Vec<(MemberId, MemberId)>,
    pub committee_pairs: usize,
    /// 支委与党员: party members (not on the committee) who talked with no committee member.
    pub members_without_committee: Vec<MemberId>,
    /// 党员之间: party members who talked with no other member at all (committee or not).
    pub members_without_any: Vec<MemberId>,
    /// Party members in the branch on the meeting day (committee included).
    pub members: usize,
    /// Held 谈心谈话 in the window.
    pub talks: usize,
}

impl TalkCoverage {
    pub fn is_complete(&self) -> bool {
        self.committee_pairs_missing.is_empty()
            && self.members_without_committee.is_empty()
            && self.members_without_any.is_empty()
    }
}

/// The people who took part in a 谈心谈话: its host and everyone who attended.
fn talk_people(a: &Activity) -> Vec<&MemberId> {
    let mut out: Vec<&MemberId> = a.host.iter().collect();
    for e in &a.attendance {
        if e.status.attended() && !out.contains(&&e.member) {
            out.push(&e.member);
        }
    }
    out
}

/// The coverage of the 谈心谈话 held before `meeting` (see [`TalkCoverage`]); names in the branch's order.
pub fn talk_coverage(data: &Dataset, meeting: &Activity) -> TalkCoverage {
    let day = meeting.date;
    let previous = data
        .activities
        .iter()
        .filter(|a| {
            a.kind == ActivityKind::OrgLifeMeeting
                && a.status == ActivityStatus::Held
                && a.id != meeting.id
                && a.date < day
                && a.date.year() == day.year()
        })
        .map(|a| a.date)
        .max();
    let from = previous.map_or_else(|| Date::ymd(day.year(), 1, 1), |d| d.add_days(1).unwrap_or(d));
    let to = day.add_days(-1).unwrap_or(day);
    let talks: Vec<&Activity> = data
        .activities
        .iter()
        .filter(|a| {
            a.kind == ActivityKind::HeartTalk && a.status == ActivityStatus::Held && a.date >= from && a.date <= to
        })
        .collect();
    let talked = |x: &MemberId, y: &MemberId| {
        talks.iter().any(|t| {
            let p = talk_people(t);
            p.contains(&x) && p.contains(&y)
        })
    };
    let members = data.members_by_name(|m| m.in_branch_on(day) && m.is_party_member_on(day));
    let committee: Vec<&MemberId> = members
        .iter()
        .map(|m| &m.id)
        .filter(|id| !data.branch.roles_of(id).is_empty())
        .collect();
    let mut out = TalkCoverage {
        from: Some(from),
        to: Some(to),
        members: members.len(),
        talks: talks.len(),
        ..TalkCoverage::default()
    };
    for (i, a) in committee.iter().enumerate() {
        for b in &committee[i + 1..] {
            out.committee_pairs += 1;
            if !talked(a, b) {
                out.committee_pairs_missing.push(((*a).clone(), (*b).clone()));
            }
        }
    }
    for m in &members {
        let in_talks: Vec<&&Activity> = talks.iter().filter(|t| talk_people(t).contains(&&m.id)).collect();
        let with_others = in_talks.iter().any(|t| talk_people(t).len() > 1);
        if !committee.contains(&&m.id) && !committee.iter().any(|c| talked(&m.id, c)) {
            out.members_without_committee.push(m.id.clone());
        }
        if !with_others {
            out.members_without_any.push(m.id.clone());
        }
    }
    out
}

/// 概览's alerts for the 整改 items as of `today`: every overdue open item (注意) and every item due within
/// [`DUE_SOON_DAYS`] (提示), from the held activities of `data` and the `older` open items of activities not
/// in it (the start's history; empty when `data` is everything).
pub fn alerts(data: &Dataset, older: &[OpenItem], today: Date) -> Vec<Alert> {
    let mut items = open_items(&data.activities);
    items.extend(older.iter().cloned());
    sort_open(&mut items);
    let mut out = Vec::new();
    for o in &items {
        let state = o.item.state_on(today);
        let severity = match state {
            ItemState::Overdue => Severity::Warning,
            ItemState::DueSoon => Severity::Info,
            _ => continue,
        };
        let due = o.item.due.map(Date::chinese).unwrap_or_default();
        let message = match state {
            ItemState::Overdue => format!(
                "整改事项已超期：{}（{}，{}到期）",
                o.item.problem,
                o.item.owner_name(data),
                due
            ),
            _ => format!(
                "整改事项即将到期：{}（{}，{}到期）",
                o.item.problem,
                o.item.owner_name(data),
                due
            ),
        };
        out.push(Alert {
            severity,
            message,
            detail: format!(
                "{}{}确定的整改事项。整改措施：{}。完成后在该记录的整改清单里填写完成日期。",
                o.activity_date.chinese(),
                o.activity_kind.label(),
                if o.item.measure.is_empty() {
                    "（未填写）"
                } else {
                    &o.item.measure
                }
            ),
            target: AlertTarget::Activity(o.activity.clone()),
            rule_id: None,
        });
    }
    out
}

/// The header of [`item_rows`].
pub const ITEM_HEAD: [&str; 6] = ["序号", "存在问题", "整改措施", "责任人", "完成时限", "完成情况"];

/// The 整改清单 of an activity as rows of its record page: [序号, 存在问题, 整改措施, 责任人, 完成时限, 完成情况
/// ("2026年1月20日完成；成效…" or "整改中")].
pub fn item_rows(items: &[Rectification], data: &Dataset) -> Vec<[String; 6]> {
    items
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let done = match r.closed {
                Some(d) if r.evidence.trim().is_empty() => format!("{}完成", d.chinese()),
                Some(d) => format!("{}完成；{}", d.chinese(), r.evidence.trim()),
                None => "整改中".to_owned(),
            };
            [
                (i + 1).to_string(),
                r.problem.clone(),
                r.measure.clone(),
                r.owner_name(data),
                r.due.map(Date::chinese).unwrap_or_default(),
                done,
            ]
        })
        .collect()
}

/// The 对照检查 as lines of the record page: "姓名：要点（批评意见：…）", in the branch's name order.
pub fn examination_lines(examinations: &[Examination], data: &Dataset) -> Vec<String> {
    let mut lines: Vec<(String, String)> = examinations
        .iter()
        .map(|e| {
            let name = data.member_name(&e.member);
            let mut line = format!("{name}：{}", e.points.trim());
            if !e.criticism.trim().is_empty() {
                line.push_str(&format!("（批评意见：{}）", e.criticism.trim()));
            }
            (name, line)
        })
        .collect();
    super::sort::sort_by(&mut lines, |a, b| data.compare_names(&a.0, &b.0));
    lines.into_iter().map(|(_, l)| l).collect()
}
