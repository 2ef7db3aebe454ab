//! The annual summary a secretary hands in: one row per kind (required, held, average attendance, periods
//! missed), study-plan completion, study hours and heart-talk coverage, every held activity, the
//! per-member sheet, and the summary sentence.
//!
//! Decisions:
//! - [`annual_summary`] judges the year as over (the year-end view: every period met or missed);
//!   [`annual_summary_as_of`] lists only periods already over as missed, for a summary drafted mid-year.
//! - **Required** per kind: for each enabled activity rule of that kind, its minimum times the periods in
//!   which it applied (per group for group meetings; see `compliance`); with several rules for one kind,
//!   the largest requirement (and that rule's missed periods) is shown. `None` when no rule covers a kind.
//! - **Rows**: every kind with an enabled rule, plus any other kind held in the year, in
//!   [`ActivityKind::ALL`] order.
//! - **Held** counts held activities of the year; a 民主评议党员 row also counts 组织生活会 at which members were
//!   rated (see [`compliance::org_life_includes_review`]), shown in `combined`.
//! - **Ratings and 整改**: the year's ratings per grade (each member once) and the 整改 items decided in the
//!   year (opened / closed / overdue as of the summary's day) are figure lines when there are any.
//! - **Attendance**: from [`tally`] of each held activity with anyone expected; a row's rate and the overall
//!   average are total attended / total expected, in whole percent rounded half up. The overall average
//!   counts each activity once.
//! - **The sentence** ([`AnnualSummary::sentence`]) names only kinds actually held (a count of 0 is left out:
//!   the table shows what is missing), in this order: 召开 党员大会、支委会、党小组会 (one clause),
//!   讲党课, 开展主题党日, 组织集中学习, 召开组织生活会 (…并开展民主评议党员 when a review was held), 开展谈心谈话,
//!   then 党员平均参会率 when anyone was expected.

use super::activity::chronological;
use super::activity::{ActivityKind, ActivityStatus};
use super::compliance::{self, counts_for, CellStatus, Grid, Row};
use super::dataset::Dataset;
use super::date::Date;
use super::id::ActivityId;
use super::member_review::{self, RatingCounts};
use super::member_stats::{expected_and_attended, percent, year_member_stats, MemberIndex, MemberStats};
use super::org_life::{self, ItemCounts};
use super::rules::{format_number, Period, Rule, RuleKind};
use super::sort::sort_by;

/// One row of the summary table.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub kind: ActivityKind,
    /// The kind's Chinese name.
    pub label: String,
    /// Required for the year by the rules; `None` when no enabled rule covers the kind.
    pub required: Option<u32>,
    /// Held in the year (for 民主评议党员, including combined 组织生活会).
    pub held: u32,
    /// Of `held`, 组织生活会 that included 民主评议党员 (0 for other kinds).
    pub combined: u32,
    /// Total 应到 and 实到 over the held activities counted.
    pub expected: u32,
    pub attended: u32,
    /// attended / expected in whole percent.
    pub average_rate: Option<u32>,
    /// Periods missed: "3月", or with a group "第二党小组3月".
    pub missed: Vec<String>,
    /// The missed periods for the table: "3月、7月", "第一党小组：3月；第二党小组：5月、7月", or "".
    pub missed_text: String,
}

/// Study-plan completion for the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StudyPlanProgress {
    pub done: u32,
    pub total: u32,
}

/// How many members met a per-member rule over the year.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberRuleSummary {
    pub rule_id: String,
    /// The yearly minimum (hours or talks).
    pub minimum: f64,
    /// Members the rule applied to, and those who met it.
    pub members: u32,
    pub met: u32,
}

/// One held activity, for the list in the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldActivity {
    pub id: ActivityId,
    pub date: Date,
    pub kind: ActivityKind,
    /// "党小组会（第一党小组）" or the kind's name.
    pub label: String,
    /// The theme or title (may be empty).
    pub theme: String,
    pub expected: u32,
    pub attended: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnnualSummary {
    pub branch: String,
    pub parent_org: String,
    pub year: i32,
    /// `None`: the year-end view; otherwise the day the summary was judged at.
    pub as_of: Option<Date>,
    pub rows: Vec<SummaryRow>,
    pub total_expected: u32,
    pub total_attended: u32,
    /// 党员平均参会率 in whole percent.
    pub average_rate: Option<u32>,
    pub study_plan: StudyPlanProgress,
    /// The first enabled yearly study-hours rule's result.
    pub study_hours: Option<MemberRuleSummary>,
    /// The first enabled yearly heart-talk rule's result.
    pub heart_talks: Option<MemberRuleSummary>,
    /// Every held activity of the year, by date.
    pub activities: Vec<HeldActivity>,
    pub members: Vec<MemberStats>,
    /// The year's 民主评议 ratings, each member once ([`member_review::year_counts`]).
    pub ratings: RatingCounts,
    /// The 整改 items decided in the year: opened, closed and overdue as of the summary's day (the year's end for
    /// a year judged at its end).
    pub rectifications: ItemCounts,
}

/// The summary of `year`, judged at the year's end.
pub fn annual_summary(data: &Dataset, rules: &[Rule], year: i32) -> AnnualSummary {
    build(data, rules, year, None)
}

/// The summary of `year` as of `today`: only periods already over count as missed.
pub fn annual_summary_as_of(data: &Dataset, rules: &[Rule], year: i32, today: Date) -> AnnualSummary {
    build(data, rules, year, Some(today))
}

/// The summary the 统计 page (and the committee's roll-up) shows for `year`: a past year judged at its end
/// (every period met or missed); the current year, or a later one, as of `today`, so that only periods already
/// over count as missed. With the branch's own rules (the defaults unless it edited them).
pub fn year_summary(data: &Dataset, year: i32, today: Date) -> AnnualSummary {
    let rules = data.effective_rules();
    if year < today.year() {
        annual_summary(data, &rules, year)
    } else {
        annual_summary_as_of(data, &rules, year, today)
    }
}

fn required_and_missed(data: &Dataset, rows: &[&Row]) -> (u32, Vec<String>, String) {
    let required: u32 = rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .filter(|c| c.status != CellStatus::NotApplicable)
        .map(|c| c.target)
        .sum();
    let mut flat = Vec::new();
    let mut parts = Vec::new();
    for row in rows {
        let labels: Vec<String> = row
            .cells
            .iter()
            .filter(|c| c.status == CellStatus::Missed)
            .map(|c| c.slot.label())
            .collect();
        if labels.is_empty() {
            continue;
        }
        match &row.group {
            Some(g) => {
                let name = data.group_name(g);
                flat.extend(labels.iter().map(|l| format!("{name}{l}")));
                parts.push(format!("{name}：{}", labels.join("、")));
            }
            None => {
                flat.extend(labels.iter().cloned());
                parts.push(labels.join("、"));
            }
        }
    }
    let text = if rows.iter().any(|r| r.group.is_some()) {
        parts.join("；")
    } else {
        parts.join("、")
    };
    (required, flat, text)
}

fn member_rule_summary(grid: &Grid, rules: &[Rule], kind: RuleKind) -> Option<MemberRuleSummary> {
    let rule = rules
        .iter()
        .find(|r| r.enabled && r.kind == kind && r.period == Period::Year)?;
    let cell = grid.rows.iter().find(|r| r.rule_id == rule.id)?.cells.first()?;
    Some(MemberRuleSummary {
        rule_id: rule.id.clone(),
        minimum: rule.minimum,
        members: cell.target,
        met: cell.count,
    })
}

fn build(data: &Dataset, rules: &[Rule], year: i32, today: Option<Date>) -> AnnualSummary {
    // The per-member sheet first: the grid's per-member rows reuse it instead of computing it again.
    let members = year_member_stats(data, year);
    let grid = compliance::year_grid_with_sheet(data, rules, year, today, Some(&members));
    let mut held: Vec<_> = data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held && a.date.year() == year)
        .collect();
    sort_by(&mut held, chronological);
    // (应到, 实到) of each, as `tally` counts them, with one member index for all.
    let index = MemberIndex::new(data);
    let tallies: Vec<Counted> = held
        .iter()
        .map(|a| {
            let (expected, attended) = expected_and_attended(a, &index);
            Counted { expected, attended }
        })
        .collect();

    let mut rows = Vec::new();
    for kind in ActivityKind::ALL {
        // Each rule's rows (one per group for a per-group rule); pick the rule requiring the most.
        let mut best: Option<(u32, Vec<String>, String)> = None;
        for rule in rules.iter().filter(|r| r.enabled && r.kind == RuleKind::Activity(kind)) {
            let rule_rows: Vec<&Row> = grid.rows.iter().filter(|r| r.rule_id == rule.id).collect();
            let candidate = required_and_missed(data, &rule_rows);
            if best.as_ref().is_none_or(|b| candidate.0 > b.0) {
                best = Some(candidate);
            }
        }
        let counted: Vec<usize> = (0..held.len()).filter(|&i| counts_for(held[i], kind)).collect();
        if best.is_none() && counted.is_empty() {
            continue;
        }
        let combined = counted.iter().filter(|&&i| held[i].kind != kind).count() as u32;
        let expected: u32 = counted.iter().map(|&i| tallies[i].expected).sum();
        let attended: u32 = counted.iter().map(|&i| tallies[i].attended).sum();
        let (required, missed, missed_text) = match best {
            Some((r, m, t)) => (Some(r), m, t),
            None => (None, Vec::new(), String::new()),
        };
        rows.push(SummaryRow {
            kind,
            label: kind.label().to_owned(),
            required,
            held: counted.len() as u32,
            combined,
            expected,
            attended,
            average_rate: percent(attended, expected),
            missed,
            missed_text,
        });
    }

    let total_expected: u32 = tallies.iter().map(|t| t.expected).sum();
    let total_attended: u32 = tallies.iter().map(|t| t.attended).sum();
    let study_items: Vec<_> = data.study_items.iter().filter(|s| s.date.year() == year).collect();
    let activities = held
        .iter()
        .zip(&tallies)
        .map(|(a, t)| HeldActivity {
            id: a.id.clone(),
            date: a.date,
            kind: a.kind,
            label: match &a.group {
                Some(g) if a.kind == ActivityKind::GroupMeeting => {
                    format!("{}（{}）", a.kind.label(), data.group_name(g))
                }
                _ => a.kind.label().to_owned(),
            },
            theme: a.theme.clone(),
            expected: t.expected,
            attended: t.attended,
        })
        .collect();

    AnnualSummary {
        branch: data.branch.name.clone(),
        parent_org: data.branch.parent_org.clone(),
        year,
        as_of: today,
        rows,
        total_expected,
        total_attended,
        average_rate: percent(total_attended, total_expected),
        study_plan: StudyPlanProgress {
            done: study_items.iter().filter(|s| s.done).count() as u32,
            total: study_items.len() as u32,
        },
        study_hours: member_rule_summary(&grid, rules, RuleKind::StudyHours),
        heart_talks: member_rule_summary(&grid, rules, RuleKind::HeartTalkCoverage),
        activities,
        members,
        ratings: member_review::year_counts(data, year),
        rectifications: org_life::year_item_counts(data, year, today.unwrap_or(Date::ymd(year, 12, 31))),
    }
}

/// The two figures of an activity's [`tally`](super::roll::tally) the summary uses.
struct Counted {
    expected: u32,
    attended: u32,
}

impl AnnualSummary {
    /// The row of a kind, if present.
    pub fn row(&self, kind: ActivityKind) -> Option<&SummaryRow> {
        self.rows.iter().find(|r| r.kind == kind)
    }

    /// Held activities of a kind as counted in the table (0 when absent).
    pub fn held(&self, kind: ActivityKind) -> u32 {
        self.row(kind).map_or(0, |r| r.held)
    }

    /// The branch's name, or "本党支部" when it has none.
    pub fn branch_title(&self) -> String {
        if self.branch.trim().is_empty() {
            "本党支部".to_owned()
        } else {
            self.branch.clone()
        }
    }

    /// "截至2026年11月21日" for a draft, "" for a year judged at its end.
    pub fn as_of_text(&self) -> String {
        self.as_of.map(|d| format!("截至{}", d.chinese())).unwrap_or_default()
    }

    /// "统计期间：2026年1月1日至2026年12月31日", or "…至2026年11月21日" for a draft.
    pub fn period_text(&self) -> String {
        match self.as_of {
            None => format!("统计期间：{0}年1月1日至{0}年12月31日", self.year),
            Some(d) => format!("统计期间：{}年1月1日至{}", self.year, d.chinese()),
        }
    }

    /// The figures beside the sentence, one per line: attendance, the study plan, study hours, heart talks.
    pub fn figure_lines(&self) -> Vec<String> {
        let plan = if self.study_plan.total == 0 {
            "本年度未制定学习计划".to_owned()
        } else {
            format!("学习计划{}项，已完成{}项", self.study_plan.total, self.study_plan.done)
        };
        let mut figures = vec![
            format!(
                "应到{}人次，实到{}人次，党员平均参会率{}",
                self.total_expected,
                self.total_attended,
                self.average_rate
                    .map(|r| format!("{r}%"))
                    .unwrap_or_else(|| "—".to_owned())
            ),
            plan,
        ];
        if let Some(h) = &self.study_hours {
            figures.push(format!(
                "{}名党员中{}名达到每年{}学时",
                h.members,
                h.met,
                format_number(h.minimum)
            ));
        }
        if let Some(t) = &self.heart_talks {
            figures.push(format!("{}名党员中{}名本年度开展了谈心谈话", t.members, t.met));
        }
        if let Some(r) = self.ratings_text() {
            figures.push(format!("民主评议党员{r}"));
        }
        if let Some(i) = self.items_text() {
            figures.push(format!("整改事项{i}"));
        }
        figures
    }

    /// The year's ratings: "10人：优秀3人、合格6人、基本合格1人"; `None` when nobody was rated.
    pub fn ratings_text(&self) -> Option<String> {
        let n = self.ratings.rated();
        (n > 0).then(|| format!("{n}人：{}", self.ratings.text()))
    }

    /// The year's 整改 items: "3项，已完成1项", with "，超期未完成1项" when any is overdue; `None` without items.
    pub fn items_text(&self) -> Option<String> {
        let r = self.rectifications;
        (r.opened > 0).then(|| {
            let overdue = if r.overdue > 0 {
                format!("，超期未完成{}项", r.overdue)
            } else {
                String::new()
            };
            format!("{}项，已完成{}项{overdue}", r.opened, r.closed)
        })
    }

    /// The summary sentence, e.g. "全年共召开支部党员大会4次、支委会12次、党小组会24次，讲党课4次，开展主题党日12次，
    /// 召开组织生活会1次并开展民主评议党员，党员平均参会率96%。"
    pub fn sentence(&self) -> String {
        use ActivityKind as K;
        let mut clauses: Vec<String> = Vec::new();
        let meetings: Vec<String> = [
            (K::GeneralMeeting, "支部党员大会"),
            (K::CommitteeMeeting, "支委会"),
            (K::GroupMeeting, "党小组会"),
        ]
        .iter()
        .filter(|(k, _)| self.held(*k) > 0)
        .map(|(k, name)| format!("{name}{}次", self.held(*k)))
        .collect();
        if !meetings.is_empty() {
            clauses.push(format!("召开{}", meetings.join("、")));
        }
        if self.held(K::PartyLecture) > 0 {
            clauses.push(format!("讲党课{}次", self.held(K::PartyLecture)));
        }
        if self.held(K::ThemeDay) > 0 {
            clauses.push(format!("开展主题党日{}次", self.held(K::ThemeDay)));
        }
        if self.held(K::GroupStudy) > 0 {
            clauses.push(format!("组织集中学习{}次", self.held(K::GroupStudy)));
        }
        let org_life = self.held(K::OrgLifeMeeting);
        let review = self.held(K::MemberReview);
        match (org_life, review) {
            (0, 0) => {}
            (0, r) => clauses.push(format!("开展民主评议党员{r}次")),
            (o, 0) => clauses.push(format!("召开组织生活会{o}次")),
            (o, _) => clauses.push(format!("召开组织生活会{o}次并开展民主评议党员")),
        }
        if self.held(K::HeartTalk) > 0 {
            clauses.push(format!("开展谈心谈话{}次", self.held(K::HeartTalk)));
        }
        if clauses.is_empty() {
            return format!("{}年暂无已开展的组织生活记录。", self.year);
        }
        clauses[0] = format!("全年共{}", clauses[0]);
        if let Some(rate) = self.average_rate {
            clauses.push(format!("党员平均参会率{rate}%"));
        }
        format!("{}。", clauses.join("，"))
    }
}
