//! Compliance checking: the year grid (one row per rule, and per party group for group meetings; one cell
//! per period) and the alerts in plain Chinese, each pointing at what fixes it.
//!
//! Decisions:
//! - Only **held** activities count (planned and cancelled never do), by their date's calendar period:
//!   March 31 is in the first quarter, April 1 in the second; December 31 in this year, January 1 in the next.
//! - A cell is **Met** when the count reaches the rule's minimum, whenever that is. Otherwise, relative to
//!   "today": a period that ended before today is **Missed**, the period containing today is **Due**, a
//!   later one is **Upcoming**. With no "today" (the year-end view, [`year_grid_at_year_end`]) every period
//!   is judged as over.
//! - **NotApplicable**: a period in which nobody the rule applies to was active (see
//!   [`member_stats::is_active_on`]: in the branch, a party member, not excused), e.g. before the branch's
//!   first member joined. A 支委会 rule is not applicable at all while the branch has no committee seats
//!   filled (branches of fewer than 7 members have no committee).
//! - **Party groups**: the model keeps no creation date for a group (and only each member's current group),
//!   so a group is taken to exist in the periods in which any of its (current) party members was active. A
//!   group whose members all joined in June is required to meet from June on; a member who moved groups
//!   counts for their current group in earlier periods too.
//! - **民主评议党员** may be combined with the 组织生活会 (条例第十八条): a held 组织生活会 counts for a 民主评议党员
//!   rule when the ratings were done at it (`domain::member_review`: at least one member rated), not because
//!   its agenda mentions it. A held 民主评议党员 activity counts as such; without ratings it gets an alert.
//! - **Per-member rules**: study hours are pro-rated by the months of the period in which the member was
//!   active (joined in July: 6/12 of 32 = 16 hours); heart-talk counts are not pro-rated (a member who joins
//!   in November still needs one talk). A cell counts the members who met the rule out of those active in
//!   the period.
//! - **Alerts** never change anything: they describe, and name a target the UI can open to fix it. The
//!   six-month absence alert (党章第九条) follows [`member_stats::absence_streak`] and is given for members
//!   active on the cut-off day (today, or December 31 for a past year); members excused that day are not
//!   warned. Owed make-ups are counted for held activities up to the cut-off, in any year.

use super::activity::chronological;
use super::activity::{Activity, ActivityKind};
use super::dataset::Dataset;
use super::date::{days_in_month, Date};
use super::id::{ActivityId, GroupId, MemberId};
use super::member::Member;
use super::member_stats::{self, active_months, held_between, hours_and_talks_between, ABSENCE_MONTHS};
use super::rules::{format_number, Period, Rule, RuleKind, Scope};
use super::sort::{sort_by, sort_by_key};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One calendar period of a year: a month (index 1–12), a quarter (1–4) or the year (1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PeriodSlot {
    pub year: i32,
    pub period: Period,
    pub index: u8,
}

const QUARTER_NAMES: [&str; 4] = ["第一季度", "第二季度", "第三季度", "第四季度"];

impl PeriodSlot {
    /// The slots of a year for a period, in order.
    pub fn all(year: i32, period: Period) -> Vec<PeriodSlot> {
        (1..=period.per_year())
            .map(|index| PeriodSlot { year, period, index })
            .collect()
    }

    /// The slot containing `day`.
    pub fn of(period: Period, day: Date) -> PeriodSlot {
        let index = match period {
            Period::Month => day.month(),
            Period::Quarter => day.quarter(),
            Period::Year => 1,
        };
        PeriodSlot {
            year: day.year(),
            period,
            index,
        }
    }

    /// The months (1–12) the slot covers.
    pub fn months(self) -> std::ops::RangeInclusive<u8> {
        match self.period {
            Period::Month => self.index..=self.index,
            Period::Quarter => (self.index - 1) * 3 + 1..=self.index * 3,
            Period::Year => 1..=12,
        }
    }

    pub fn first_day(self) -> Option<Date> {
        Date::new(self.year, *self.months().start(), 1)
    }

    pub fn last_day(self) -> Option<Date> {
        let m = *self.months().end();
        Date::new(self.year, m, days_in_month(self.year, m))
    }

    pub fn contains(self, day: Date) -> bool {
        day.year() == self.year && self.months().contains(&day.month())
    }

    /// "3月", "第二季度", "全年".
    pub fn label(self) -> String {
        match self.period {
            Period::Month => format!("{}月", self.index),
            Period::Quarter => QUARTER_NAMES
                .get(usize::from(self.index).wrapping_sub(1))
                .copied()
                .unwrap_or("")
                .to_owned(),
            Period::Year => "全年".to_owned(),
        }
    }
}

/// The state of one rule in one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    Met,
    Missed,
    /// The current period, not yet met.
    Due,
    /// A later period.
    Upcoming,
    NotApplicable,
}

impl CellStatus {
    pub fn label(self) -> &'static str {
        match self {
            CellStatus::Met => "已完成",
            CellStatus::Missed => "未完成",
            CellStatus::Due => "待完成",
            CellStatus::Upcoming => "未到期",
            CellStatus::NotApplicable => "不适用",
        }
    }
}

/// A member below a per-member rule in a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall {
    pub member: MemberId,
    /// Hours credited or talks taken part in.
    pub value: f64,
    /// What was required of this member (pro-rated for hours).
    pub required: f64,
}

/// One period of one row.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub slot: PeriodSlot,
    pub status: CellStatus,
    /// Activity rules: held activities counted. Per-member rules: members who met the rule.
    pub count: u32,
    /// Activity rules: the minimum. Per-member rules: the members the rule applied to.
    pub target: u32,
    /// The held activities counted, in date order (activity rules).
    pub activities: Vec<ActivityId>,
    /// The members below the rule (per-member rules), in sheet order.
    pub short: Vec<Shortfall>,
}

/// One row of the grid: a rule, or a rule for one party group.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub rule_id: String,
    pub kind: RuleKind,
    pub period: Period,
    pub group: Option<GroupId>,
    /// "党员大会", "党小组会（第一党小组）", "学时（每名党员32学时）".
    pub label: String,
    /// Why a row is not applicable, e.g. "未设支部委员会"; usually empty.
    pub remark: String,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub year: i32,
    /// `None`: the year-end view (every period judged as over).
    pub today: Option<Date>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Timing {
    Past,
    Current,
    Future,
}

fn timing(slot: PeriodSlot, today: Option<Date>) -> Timing {
    let (Some(today), Some(first), Some(last)) = (today, slot.first_day(), slot.last_day()) else {
        return Timing::Past;
    };
    if last < today {
        Timing::Past
    } else if first > today {
        Timing::Future
    } else {
        Timing::Current
    }
}

fn status(met: bool, applicable: bool, slot: PeriodSlot, today: Option<Date>) -> CellStatus {
    if met {
        CellStatus::Met
    } else if !applicable {
        CellStatus::NotApplicable
    } else {
        match timing(slot, today) {
            Timing::Past => CellStatus::Missed,
            Timing::Current => CellStatus::Due,
            Timing::Future => CellStatus::Upcoming,
        }
    }
}

/// Each member's active months of one year, computed once per grid and looked up for every member in every
/// cell, hence with [`member_stats::FastMap`] rather than std's slower default hasher.
struct ActiveMonths<'a>(member_stats::FastMap<&'a MemberId, [bool; 12]>);

impl<'a> ActiveMonths<'a> {
    fn new(data: &'a Dataset, year: i32) -> ActiveMonths<'a> {
        ActiveMonths(data.members.iter().map(|m| (&m.id, active_months(m, year))).collect())
    }

    /// In how many months of `slot` the member was active.
    fn months_in(&self, member: &Member, slot: PeriodSlot) -> u32 {
        self.0.get(&member.id).map_or(0, |months| {
            slot.months().filter(|m| months[usize::from(m - 1)]).count() as u32
        })
    }

    fn active_in(&self, member: &Member, slot: PeriodSlot) -> bool {
        self.months_in(member, slot) > 0
    }
}

/// Whether a 组织生活会 also counts as 民主评议党员: members were rated at it.
pub fn org_life_includes_review(activity: &Activity) -> bool {
    activity.kind == ActivityKind::OrgLifeMeeting
        && activity
            .review
            .as_ref()
            .is_some_and(super::member_review::MemberReview::is_rated)
}

/// Whether a held activity counts for an activity rule of `kind`.
pub fn counts_for(activity: &Activity, kind: ActivityKind) -> bool {
    activity.kind == kind || (kind == ActivityKind::MemberReview && org_life_includes_review(activity))
}

fn activity_cells(
    held_year: &[&Activity],
    rule: &Rule,
    kind: ActivityKind,
    group: Option<&GroupId>,
    applicable: &dyn Fn(PeriodSlot) -> bool,
    year: i32,
    today: Option<Date>,
) -> Vec<Cell> {
    let target = rule.minimum_count();
    PeriodSlot::all(year, rule.period)
        .into_iter()
        .map(|slot| {
            let (Some(from), Some(to)) = (slot.first_day(), slot.last_day()) else {
                return blank_cell(slot);
            };
            // `held_year` is in (date, start, id) order, so the filtered list is too.
            let held: Vec<&Activity> = held_year
                .iter()
                .copied()
                .filter(|a| from <= a.date && a.date <= to)
                .filter(|a| counts_for(a, kind))
                .filter(|a| group.is_none_or(|g| a.group.as_ref() == Some(g)))
                .collect();
            let count = held.len() as u32;
            Cell {
                slot,
                status: status(count >= target, applicable(slot), slot, today),
                count,
                target,
                activities: held.into_iter().map(|a| a.id.clone()).collect(),
                short: Vec::new(),
            }
        })
        .collect()
}

fn blank_cell(slot: PeriodSlot) -> Cell {
    Cell {
        slot,
        status: CellStatus::NotApplicable,
        count: 0,
        target: 0,
        activities: Vec::new(),
        short: Vec::new(),
    }
}

/// What the per-member rows of one grid share: the per-member sheet's order (computed once, or handed in by
/// the annual summary, which computes the sheet anyway) and the (hours, talks) totals of each period.
/// (hours, talks) per member for held activities dated within one (first day, last day).
type PeriodTotals = ((Date, Date), HashMap<MemberId, (f64, u32)>);

struct MemberContext<'s> {
    sheet_order: Option<Vec<&'s MemberId>>,
    totals: Vec<PeriodTotals>,
}

fn member_cells<'s>(
    data: &Dataset,
    active: &ActiveMonths,
    ctx: &mut MemberContext<'s>,
    owned_sheet: &'s std::cell::OnceCell<Vec<MemberId>>,
    rule: &Rule,
    year: i32,
    today: Option<Date>,
) -> Vec<Cell> {
    let sheet_order: &[&MemberId] = ctx.sheet_order.get_or_insert_with(|| {
        owned_sheet
            .get_or_init(|| {
                // With the year's totals, from the same pass.
                let (order, totals) = member_stats::year_sheet_order_and_totals(data, year);
                if let (Some(from), Some(to)) = (Date::new(year, 1, 1), Date::new(year, 12, 31)) {
                    ctx.totals.push(((from, to), totals));
                }
                order
            })
            .iter()
            .collect()
    });
    let sheet_order: Vec<&MemberId> = sheet_order.to_vec();
    let index = member_stats::MemberIndex::new(data);
    PeriodSlot::all(year, rule.period)
        .into_iter()
        .map(|slot| {
            let (Some(from), Some(to)) = (slot.first_day(), slot.last_day()) else {
                return blank_cell(slot);
            };
            let slot_months = slot.months().count() as f64;
            let totals = match ctx.totals.iter().position(|(k, _)| *k == (from, to)) {
                Some(i) => &ctx.totals[i].1,
                None => {
                    ctx.totals.push(((from, to), hours_and_talks_between(data, from, to)));
                    &ctx.totals[ctx.totals.len() - 1].1
                }
            };
            let mut subjects = 0u32;
            let mut short = Vec::new();
            for &id in &sheet_order {
                let Some(m) = index.get(id) else { continue };
                let months = active.months_in(m, slot);
                if months == 0 {
                    continue;
                }
                subjects += 1;
                let (hours, talks) = totals.get(id).copied().unwrap_or_default();
                let (value, required) = match rule.kind {
                    RuleKind::StudyHours => (hours, rule.minimum * f64::from(months) / slot_months),
                    _ => (f64::from(talks), rule.minimum),
                };
                if value + 1e-9 < required {
                    short.push(Shortfall {
                        member: id.clone(),
                        value,
                        required,
                    });
                }
            }
            let count = subjects - short.len() as u32;
            Cell {
                slot,
                status: status(subjects > 0 && short.is_empty(), subjects > 0, slot, today),
                count,
                target: subjects,
                activities: Vec::new(),
                short,
            }
        })
        .collect()
}

/// The year grid as of `today` (periods after today are upcoming, the one containing it due).
pub fn year_grid(data: &Dataset, rules: &[Rule], year: i32, today: Date) -> Grid {
    year_grid_as_of(data, rules, year, Some(today))
}

/// The year grid judged at the year's end: every period is over (met or missed).
pub fn year_grid_at_year_end(data: &Dataset, rules: &[Rule], year: i32) -> Grid {
    year_grid_as_of(data, rules, year, None)
}

/// The grid for `year`, as of `today` or (with `None`) at the year's end. Rows follow `rules` order,
/// enabled rules only; a rule per group has one row per party group in `data.groups` order (one row marked
/// "未设党小组" when there are none). A year outside the accepted range gives no rows.
pub fn year_grid_as_of(data: &Dataset, rules: &[Rule], year: i32, today: Option<Date>) -> Grid {
    year_grid_with_sheet(data, rules, year, today, None)
}

/// [`year_grid_as_of`], given the year's per-member sheet when the caller has it already
/// (`member_stats::year_member_stats(data, year)`; the annual summary does), so it is not computed again.
pub(crate) fn year_grid_with_sheet(
    data: &Dataset,
    rules: &[Rule],
    year: i32,
    today: Option<Date>,
    sheet: Option<&[member_stats::MemberStats]>,
) -> Grid {
    let mut grid = Grid {
        year,
        today,
        rows: Vec::new(),
    };
    if Date::new(year, 1, 1).is_none() {
        return grid;
    }
    let active = ActiveMonths::new(data, year);
    let mut held_year: Vec<&Activity> = held_between(data, Date::ymd(year, 1, 1), Date::ymd(year, 12, 31)).collect();
    sort_by(&mut held_year, chronological);
    let owned_sheet = std::cell::OnceCell::new();
    let mut members_ctx = MemberContext {
        sheet_order: sheet.map(|s| s.iter().map(|s| &s.member).collect()),
        totals: Vec::new(),
    };
    let anyone_active = |slot: PeriodSlot| data.members.iter().any(|m| active.active_in(m, slot));
    for rule in rules.iter().filter(|r| r.enabled) {
        let row = |group: Option<GroupId>, label: String, remark: &str, cells: Vec<Cell>| Row {
            rule_id: rule.id.clone(),
            kind: rule.kind,
            period: rule.period,
            group,
            label,
            remark: remark.to_owned(),
            cells,
        };
        match (rule.kind, rule.scope) {
            (RuleKind::Activity(kind), Scope::EachGroup) => {
                if data.groups.is_empty() {
                    let cells = PeriodSlot::all(year, rule.period).into_iter().map(blank_cell).collect();
                    grid.rows.push(row(None, kind.label().to_owned(), "未设党小组", cells));
                }
                for g in &data.groups {
                    let members: Vec<&Member> = data
                        .members
                        .iter()
                        .filter(|m| m.group.as_ref() == Some(&g.id))
                        .collect();
                    let applicable = |slot: PeriodSlot| members.iter().any(|m| active.active_in(m, slot));
                    let cells = activity_cells(&held_year, rule, kind, Some(&g.id), &applicable, year, today);
                    let label = format!("{}（{}）", kind.label(), g.name);
                    grid.rows.push(row(Some(g.id.clone()), label, "", cells));
                }
            }
            (RuleKind::Activity(kind), _) => {
                let no_committee = kind == ActivityKind::CommitteeMeeting && data.branch.committee.is_empty();
                let applicable = |slot: PeriodSlot| !no_committee && anyone_active(slot);
                let cells = activity_cells(&held_year, rule, kind, None, &applicable, year, today);
                let remark = if no_committee { "未设支部委员会" } else { "" };
                grid.rows.push(row(None, kind.label().to_owned(), remark, cells));
            }
            (RuleKind::ExcellentShare, _) => {}
            (RuleKind::StudyHours, _) | (RuleKind::HeartTalkCoverage, _) => {
                let label = format!("{}（{}）", rule.kind.label(), describe_short(rule));
                grid.rows.push(row(
                    None,
                    label,
                    "",
                    member_cells(data, &active, &mut members_ctx, &owned_sheet, rule, year, today),
                ));
            }
        }
    }
    grid
}

/// "每名党员每年32学时", "每名党员每年至少1次".
fn describe_short(rule: &Rule) -> String {
    match rule.kind {
        RuleKind::StudyHours => format!("每名党员{}{}学时", rule.period.label(), format_number(rule.minimum)),
        _ => format!("每名党员{}至少{}次", rule.period.label(), format_number(rule.minimum)),
    }
}

/// How urgent an alert is. Ordered: `Serious` > `Warning` > `Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Serious,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "注意",
            Severity::Serious => "重要",
        }
    }
}

/// What the UI opens to fix an alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertTarget {
    /// Record (or plan) an activity of `kind`, for `group`, in `year`-`month` (the current month for the
    /// current period, the first month of a past period, for recording a meeting that was not entered).
    NewActivity {
        kind: ActivityKind,
        group: Option<GroupId>,
        year: i32,
        month: u8,
    },
    /// Open a member's page (the per-member sheet, their attendance).
    Member(MemberId),
    /// Open a member's owed make-up study (补学) list.
    MakeUp(MemberId),
    /// Several members (e.g. below the study hours): the per-member sheet filtered to them.
    Members(Vec<MemberId>),
    /// An activity's record (a 整改 item decided there, its 民主评议).
    Activity(ActivityId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub severity: Severity,
    /// One line, plain Chinese: "第三季度尚未召开党员大会".
    pub message: String,
    /// More detail (names, figures, the source), may be empty.
    pub detail: String,
    pub target: AlertTarget,
    /// The rule the alert comes from, if any.
    pub rule_id: Option<String>,
}

/// The verb used with a kind: 召开党员大会, 讲党课, 开展主题党日, 组织集中学习.
pub fn verb(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::GeneralMeeting
        | ActivityKind::CommitteeMeeting
        | ActivityKind::GroupMeeting
        | ActivityKind::OrgLifeMeeting => "召开",
        ActivityKind::PartyLecture => "讲",
        ActivityKind::ThemeDay | ActivityKind::MemberReview | ActivityKind::HeartTalk => "开展",
        ActivityKind::GroupStudy => "组织",
    }
}

fn month_label(ym: (i32, u8)) -> String {
    format!("{}年{}月", ym.0, ym.1)
}

/// The alerts for `year` as of `today`, most severe first (in rule and period order within a severity).
pub fn alerts(data: &Dataset, rules: &[Rule], year: i32, today: Date) -> Vec<Alert> {
    alerts_from_grid(data, rules, &year_grid(data, rules, year, today), today)
}

/// [`alerts`], given the grid they are read from (`year_grid(data, rules, year, today)`), which the caller
/// draws too: it is computed once.
pub fn alerts_from_grid(data: &Dataset, rules: &[Rule], grid: &Grid, today: Date) -> Vec<Alert> {
    let Some(cutoff) = alerts_cutoff(grid.year, today) else {
        return Vec::new();
    };
    let (streaks, owed, _) = member_stats::streaks_owed_attended(data, cutoff);
    alerts_with(data, rules, grid, today, &streaks, &owed, &[])
}

/// The day up to which the alerts for `year` look (today, or December 31 of a past year); `None` for a year
/// outside the accepted range.
pub fn alerts_cutoff(year: i32, today: Date) -> Option<Date> {
    Date::new(year, 12, 31).map(|year_end| today.min(year_end))
}

/// [`alerts_from_grid`], given the absence runs ([`member_stats::absence_streaks`]) and owed make-ups
/// ([`member_stats::make_up_owed_counts`]) as of [`alerts_cutoff`], which the caller may have computed from a
/// summary of older records (`domain::overview`).
pub fn alerts_with(
    data: &Dataset,
    rules: &[Rule],
    grid: &Grid,
    today: Date,
    streaks: &HashMap<MemberId, member_stats::AbsenceStreak>,
    owed: &HashMap<MemberId, u32>,
    older_items: &[super::org_life::OpenItem],
) -> Vec<Alert> {
    let year = grid.year;
    let Some(cutoff) = alerts_cutoff(year, today) else {
        return Vec::new();
    };
    // Past years are named: "2025年5月未召开支委会".
    let year_prefix = if year == today.year() {
        String::new()
    } else {
        format!("{year}年")
    };
    let in_q4 = today.year() == year && today.quarter() == 4;
    let mut out = Vec::new();

    for row in &grid.rows {
        let Some(rule) = rules.iter().find(|r| r.id == row.rule_id) else {
            continue;
        };
        let rule_id = Some(rule.id.clone());
        let who = row.group.as_ref().map(|g| data.group_name(g)).unwrap_or_default();
        for cell in &row.cells {
            let when = if cell.slot.period == Period::Year {
                match cell.status {
                    CellStatus::Missed => format!("{year}年"),
                    _ => "本年度".to_owned(),
                }
            } else {
                format!("{year_prefix}{}", cell.slot.label())
            };
            let target_month = match cell.status {
                CellStatus::Due => today.month(),
                _ => *cell.slot.months().start(),
            };
            match row.kind {
                RuleKind::Activity(kind) => {
                    let what = format!("{}{}", verb(kind), kind.label());
                    let (severity, message) = match cell.status {
                        CellStatus::Missed if cell.count == 0 => (Severity::Warning, format!("{who}{when}未{what}")),
                        CellStatus::Missed => (
                            Severity::Warning,
                            format!("{who}{when}{what}{}次，少于要求的{}次", cell.count, cell.target),
                        ),
                        CellStatus::Due if cell.slot.period == Period::Year => {
                            if in_q4 {
                                (Severity::Warning, format!("{who}本年度尚未{what}"))
                            } else if kind == ActivityKind::OrgLifeMeeting {
                                (Severity::Info, format!("{who}第四季度应{what}"))
                            } else {
                                (Severity::Info, format!("{who}本年度尚未{what}"))
                            }
                        }
                        CellStatus::Due => (Severity::Info, format!("{who}{when}尚未{what}")),
                        _ => continue,
                    };
                    out.push(Alert {
                        severity,
                        message,
                        detail: rule.source.clone(),
                        target: AlertTarget::NewActivity {
                            kind,
                            group: row.group.clone(),
                            year,
                            month: target_month,
                        },
                        rule_id: rule_id.clone(),
                    });
                }
                RuleKind::ExcellentShare => {}
                RuleKind::StudyHours | RuleKind::HeartTalkCoverage => {
                    let late = cell.slot.period != Period::Year || in_q4;
                    let severity = match cell.status {
                        CellStatus::Missed => Severity::Warning,
                        CellStatus::Due if late && cell.slot.period == Period::Year => Severity::Warning,
                        CellStatus::Due if late => Severity::Info,
                        _ => continue,
                    };
                    if cell.short.is_empty() {
                        continue;
                    }
                    let n = cell.short.len();
                    let (message, detail) = if row.kind == RuleKind::StudyHours {
                        let names: Vec<String> = cell
                            .short
                            .iter()
                            .map(|s| format!("{}{}学时", data.member_name(&s.member), format_number(s.value)))
                            .collect();
                        (
                            format!("{n}名党员{when}学时未达到{}学时", format_number(rule.minimum)),
                            format!("{}。年中转入、转出的党员按月数折算。", names.join("、")),
                        )
                    } else {
                        let names: Vec<String> = cell.short.iter().map(|s| data.member_name(&s.member)).collect();
                        (format!("{n}名党员{when}未开展谈心谈话"), names.join("、"))
                    };
                    out.push(Alert {
                        severity,
                        message,
                        detail,
                        target: if row.kind == RuleKind::HeartTalkCoverage {
                            AlertTarget::NewActivity {
                                kind: ActivityKind::HeartTalk,
                                group: None,
                                year,
                                month: target_month,
                            }
                        } else {
                            AlertTarget::Members(cell.short.iter().map(|s| s.member.clone()).collect())
                        },
                        rule_id: rule_id.clone(),
                    });
                }
            }
        }
    }

    // Per member: the six-month absence (党章第九条), then owed make-ups.
    let members = data.members_by_name(|m| member_stats::is_active_on(m, cutoff));
    for m in &members {
        if let Some(streak) = streaks.get(&m.id) {
            if streak.months >= ABSENCE_MONTHS {
                let leave = if streak.leave > 0 {
                    format!("（其中请假{}次）", streak.leave)
                } else {
                    String::new()
                };
                out.push(Alert {
                    severity: Severity::Serious,
                    message: format!("{}已连续{}个月未参加组织生活（党章第九条）", m.name, streak.months),
                    detail: format!(
                        "{}至{}应参加{}次，均未参加{}。党章第九条：党员如果没有正当理由，连续六个月不参加党的组织生活，就被认为是自行脱党。请核实情况、谈心谈话；本提醒不会改变任何人的状态。",
                        month_label(streak.first),
                        month_label(streak.last),
                        streak.expected,
                        leave
                    ),
                    target: AlertTarget::Member(m.id.clone()),
                    rule_id: None,
                });
            }
        }
    }
    for m in &members {
        if let Some(&n) = owed.get(&m.id) {
            out.push(Alert {
                severity: Severity::Warning,
                message: format!("{}有{}次补学未完成", m.name, n),
                detail: String::new(),
                target: AlertTarget::MakeUp(m.id.clone()),
                rule_id: None,
            });
        }
    }
    // What the branch decided itself comes first within a severity: overdue 整改 items, then the reviews.
    let mut follow_up = Vec::new();
    if year == today.year() {
        follow_up.extend(super::org_life::alerts(data, older_items, today));
    }
    follow_up.extend(super::member_review::alerts(data, year));
    out.splice(0..0, follow_up);
    // Stable: keeps rule/period order within a severity.
    sort_by_key(&mut out, |a| std::cmp::Reverse(a.severity));
    out
}
