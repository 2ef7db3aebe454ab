//! 民主评议党员 in substance: who is rated, the ballots of the 民主测评 per member, the branch's rating, and the
//! handling of a 不合格 rating — kept on the activity where the review was done (a 民主评议党员 meeting, or the
//! 组织生活会 it was combined with), as [`Activity::review`].
//!
//! The steps (docs/domain.md): 学习教育 → 个人自评 → 党员互评 → 民主测评 (each member's paper ballots:
//! 优秀/合格/基本合格/不合格) → 支部综合评定 by the 支委会 or 党员大会 → 反馈. Who takes part: the full and
//! probationary members in the branch on the day; a probationary member takes part but is usually given no
//! rating (a warning, not an error). A review **counts** (for the 民主评议党员 rule and the summary) once at
//! least one member has a rating ([`MemberReview::is_rated`]).
//!
//! [`checks`] gives what the secretary should look at, as warnings that never block a save: the 优秀 share over
//! the limit of the editable rule [`RuleKind::ExcellentShare`](super::rules::RuleKind::ExcellentShare), a
//! 不合格 without a recorded handling or follow-up date, ballots that add up to more than the people present,
//! ratings of probationary members, members on the list without a rating.

use super::activity::{Activity, ActivityKind, ActivityStatus};
use super::compliance::{Alert, AlertTarget, Severity};
use super::dataset::Dataset;
use super::date::Date;
use super::id::MemberId;
use super::member::{Member, MemberKind};
use super::rules::{format_number, Rule, RuleKind};
use serde::{Deserialize, Serialize};

/// 评定等次.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Excellent,
    Qualified,
    BasicallyQualified,
    Unqualified,
}

impl Rating {
    pub const ALL: [Rating; 4] = [
        Rating::Excellent,
        Rating::Qualified,
        Rating::BasicallyQualified,
        Rating::Unqualified,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Rating::Excellent => "优秀",
            Rating::Qualified => "合格",
            Rating::BasicallyQualified => "基本合格",
            Rating::Unqualified => "不合格",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Rating::Excellent => "excellent",
            Rating::Qualified => "qualified",
            Rating::BasicallyQualified => "basically_qualified",
            Rating::Unqualified => "unqualified",
        }
    }

    /// Reads the Chinese label or the code.
    pub fn from_text(text: &str) -> Option<Rating> {
        let t = text.trim();
        Rating::ALL.into_iter().find(|r| r.label() == t || r.code() == t)
    }
}

/// The paper ballots of the 民主测评 for one member, by grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ballots {
    #[serde(default)]
    pub excellent: u32,
    #[serde(default)]
    pub qualified: u32,
    #[serde(default)]
    pub basically_qualified: u32,
    #[serde(default)]
    pub unqualified: u32,
}

impl Ballots {
    pub fn get(&self, rating: Rating) -> u32 {
        match rating {
            Rating::Excellent => self.excellent,
            Rating::Qualified => self.qualified,
            Rating::BasicallyQualified => self.basically_qualified,
            Rating::Unqualified => self.unqualified,
        }
    }

    pub fn set(&mut self, rating: Rating, n: u32) {
        match rating {
            Rating::Excellent => self.excellent = n,
            Rating::Qualified => self.qualified = n,
            Rating::BasicallyQualified => self.basically_qualified = n,
            Rating::Unqualified => self.unqualified = n,
        }
    }

    /// All ballots cast for the member.
    pub fn total(&self) -> u64 {
        Rating::ALL.iter().map(|&r| u64::from(self.get(r))).sum()
    }
}

/// One member in the review: ballots, the branch's rating, and for 不合格 the handling decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatedMember {
    pub member: MemberId,
    #[serde(default)]
    pub ballots: Ballots,
    /// 支部综合评定; `None` while not yet decided (or for a probationary member, usually).
    #[serde(default)]
    pub rating: Option<Rating>,
    /// 组织处置 for a 不合格 rating (限期改正, 劝其退党, …), or a remark for any rating.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub handling: String,
    /// When the handling is looked at again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<Date>,
}

impl RatedMember {
    /// The handling with its follow-up date: "限期改正（2027年3月1日跟进）", "2027年3月1日跟进", or "".
    pub fn handling_text(&self) -> String {
        match (self.handling.trim(), self.follow_up) {
            ("", None) => String::new(),
            ("", Some(f)) => format!("{}跟进", f.chinese()),
            (h, Some(f)) => format!("{h}（{}跟进）", f.chinese()),
            (h, None) => h.to_owned(),
        }
    }

    pub fn new(member: MemberId) -> RatedMember {
        RatedMember {
            member,
            ballots: Ballots::default(),
            rating: None,
            handling: String::new(),
            follow_up: None,
        }
    }
}

/// The review done at one activity.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MemberReview {
    /// 个人自评.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_review: Option<Date>,
    /// 党员互评.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutual_review: Option<Date>,
    /// 民主测评.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ballot: Option<Date>,
    /// 支部综合评定.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<Date>,
    #[serde(default)]
    pub members: Vec<RatedMember>,
}

impl MemberReview {
    /// The steps that have a date: "个人自评2026年12月10日；民主测评2026年12月10日", or "".
    pub fn steps_text(&self) -> String {
        [
            ("个人自评", self.self_review),
            ("党员互评", self.mutual_review),
            ("民主测评", self.ballot),
            ("综合评定", self.decided),
        ]
        .iter()
        .filter_map(|(l, d)| d.map(|d| format!("{l}{}", d.chinese())))
        .collect::<Vec<_>>()
        .join("；")
    }

    /// Whether any member has been given a rating: the review counts as done.
    pub fn is_rated(&self) -> bool {
        self.members.iter().any(|m| m.rating.is_some())
    }

    pub fn entry(&self, member: &MemberId) -> Option<&RatedMember> {
        self.members.iter().find(|m| &m.member == member)
    }

    /// How many members got each rating, in [`Rating::ALL`] order, and how many have none yet.
    pub fn counts(&self) -> RatingCounts {
        let mut c = RatingCounts::default();
        for m in &self.members {
            match m.rating {
                Some(r) => c.by_rating[r as usize] += 1,
                None => c.unrated += 1,
            }
        }
        c
    }
}

/// Members per rating ([`Rating::ALL`] order) and without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RatingCounts {
    pub by_rating: [u32; 4],
    pub unrated: u32,
}

impl RatingCounts {
    pub fn get(&self, rating: Rating) -> u32 {
        self.by_rating[rating as usize]
    }

    pub fn rated(&self) -> u32 {
        self.by_rating.iter().sum()
    }

    pub fn add(&mut self, other: &RatingCounts) {
        for (a, b) in self.by_rating.iter_mut().zip(other.by_rating) {
            *a += b;
        }
        self.unrated += other.unrated;
    }

    /// "优秀5人、合格24人、基本合格1人" (grades with nobody are left out); "" when nobody is rated.
    pub fn text(&self) -> String {
        Rating::ALL
            .iter()
            .filter(|&&r| self.get(r) > 0)
            .map(|&r| format!("{}{}人", r.label(), self.get(r)))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// Whether `member` takes part in a review held on `day`: a full or probationary member in the branch then.
pub fn takes_part(member: &Member, day: Date) -> bool {
    member.in_branch_on(day) && member.kind_on(day) != MemberKind::Activist
}

/// The list of a new review on `day`: every member who takes part, in the branch's name order, with nothing
/// entered. Members already in `existing` keep their entries (so reopening a review after a member joined adds
/// them, and never drops what was typed).
pub fn participants(data: &Dataset, day: Date, existing: &[RatedMember]) -> Vec<RatedMember> {
    let mut out: Vec<RatedMember> = existing.to_vec();
    for m in data.members_by_name(|m| takes_part(m, day)) {
        if !out.iter().any(|e| e.member == m.id) {
            out.push(RatedMember::new(m.id.clone()));
        }
    }
    out
}

/// The share limit of the ratings 优秀: the enabled [`RuleKind::ExcellentShare`] rule, if any. A rule set edited
/// before the rule existed (none of that kind, not even switched off) gets the default.
pub fn excellent_limit(rules: &[Rule]) -> Option<Rule> {
    match rules.iter().find(|r| r.kind == RuleKind::ExcellentShare) {
        Some(r) if r.enabled => Some(r.clone()),
        Some(_) => None,
        None => super::rules::default_rule(super::rules::ids::EXCELLENT_SHARE),
    }
}

/// How many 优秀 the rule allows among `full` full members: ⌊full × percent / 100⌋ (a tiny tolerance keeps
/// 1/3 of 30 at 10).
pub fn excellent_allowed(percent: f64, full: u32) -> u32 {
    if !percent.is_finite() || percent <= 0.0 {
        return 0;
    }
    ((f64::from(full) * percent / 100.0) + 1e-9)
        .floor()
        .min(f64::from(full)) as u32
}

/// "1/3" for the default limit, "30%" otherwise.
pub fn share_text(percent: f64) -> String {
    if (percent - 100.0 / 3.0).abs() < 1e-6 {
        "1/3".to_owned()
    } else {
        format!("{}%", format_number(percent))
    }
}

/// Something about a review the secretary should look at (never blocks a save).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewIssue {
    /// More 优秀 than the limit allows.
    ExcellentOverLimit {
        excellent: u32,
        allowed: u32,
        full: u32,
        share: String,
        source: String,
    },
    /// A 不合格 without a recorded handling, or without a follow-up date.
    UnqualifiedWithoutHandling { member: MemberId },
    /// More ballots for one member than people present at the activity.
    BallotsOverPresent {
        member: MemberId,
        ballots: u64,
        present: u32,
    },
    /// A probationary member given a rating.
    ProbationaryRated { member: MemberId },
    /// A full member on the list without a rating, once others are rated.
    NotRated { member: MemberId },
}

impl ReviewIssue {
    /// The warning in Chinese, with what to do.
    pub fn message(&self, data: &Dataset) -> String {
        match self {
            ReviewIssue::ExcellentOverLimit { excellent, allowed, full, share, .. } => format!(
                "评定为优秀的有{excellent}人，超过参评正式党员{full}人的{share}（最多{allowed}人）。请复核评定结果，或在“规则”里修改比例。"
            ),
            ReviewIssue::UnqualifiedWithoutHandling { member } => format!(
                "{}评定为不合格，请记录组织处置意见（如限期改正）和跟进日期。",
                data.member_name(member)
            ),
            ReviewIssue::BallotsOverPresent { member, ballots, present } => format!(
                "{}的测评票合计{ballots}张，多于实到的{present}人，请核对。",
                data.member_name(member)
            ),
            ReviewIssue::ProbationaryRated { member } => format!(
                "{}当时是预备党员：预备党员参加评议，一般不评定等次。",
                data.member_name(member)
            ),
            ReviewIssue::NotRated { member } => format!("{}尚未评定等次。", data.member_name(member)),
        }
    }

    /// The member it is about, if one.
    pub fn member(&self) -> Option<&MemberId> {
        match self {
            ReviewIssue::ExcellentOverLimit { .. } => None,
            ReviewIssue::UnqualifiedWithoutHandling { member }
            | ReviewIssue::BallotsOverPresent { member, .. }
            | ReviewIssue::ProbationaryRated { member }
            | ReviewIssue::NotRated { member } => Some(member),
        }
    }
}

/// What to look at in the review of `activity` (none when it has no review).
pub fn checks(activity: &Activity, data: &Dataset, rules: &[Rule]) -> Vec<ReviewIssue> {
    let Some(review) = &activity.review else {
        return Vec::new();
    };
    let day = activity.date;
    let kind_of = |id: &MemberId| data.member(id).map(|m| m.kind_on(day));
    let mut out = Vec::new();
    let full = review
        .members
        .iter()
        .filter(|e| kind_of(&e.member) == Some(MemberKind::Full))
        .count() as u32;
    let excellent = review
        .members
        .iter()
        .filter(|e| e.rating == Some(Rating::Excellent))
        .count() as u32;
    if let Some(rule) = excellent_limit(rules) {
        let allowed = excellent_allowed(rule.minimum, full);
        if excellent > allowed {
            out.push(ReviewIssue::ExcellentOverLimit {
                excellent,
                allowed,
                full,
                share: share_text(rule.minimum),
                source: rule.source.clone(),
            });
        }
    }
    let present = activity.attendance.iter().filter(|e| e.status.attended()).count() as u32;
    let rated = review.is_rated();
    for e in &review.members {
        if e.rating == Some(Rating::Unqualified) && (e.handling.trim().is_empty() || e.follow_up.is_none()) {
            out.push(ReviewIssue::UnqualifiedWithoutHandling {
                member: e.member.clone(),
            });
        }
        let ballots = e.ballots.total();
        if present > 0 && ballots > u64::from(present) {
            out.push(ReviewIssue::BallotsOverPresent {
                member: e.member.clone(),
                ballots,
                present,
            });
        }
        match (kind_of(&e.member), e.rating) {
            (Some(MemberKind::Probationary), Some(_)) => out.push(ReviewIssue::ProbationaryRated {
                member: e.member.clone(),
            }),
            (Some(MemberKind::Full), None) if rated => out.push(ReviewIssue::NotRated {
                member: e.member.clone(),
            }),
            _ => {}
        }
    }
    out
}

/// The rating each member was given in `year` (the latest rated review of the year wins), for the member sheet
/// and 我的.
pub fn ratings_in_year(data: &Dataset, year: i32) -> Vec<(&Activity, &RatedMember)> {
    let mut reviews: Vec<&Activity> = data
        .activities
        .iter()
        .filter(|a| a.date.year() == year && a.status == ActivityStatus::Held)
        .filter(|a| a.review.as_ref().is_some_and(MemberReview::is_rated))
        .collect();
    super::sort::sort_by(&mut reviews, super::activity::chronological);
    let mut out: Vec<(&Activity, &RatedMember)> = Vec::new();
    for a in reviews {
        for e in a.review.iter().flat_map(|r| &r.members) {
            if e.rating.is_none() {
                continue;
            }
            match out.iter_mut().find(|(_, x)| x.member == e.member) {
                Some(slot) => *slot = (a, e),
                None => out.push((a, e)),
            }
        }
    }
    out
}

/// A member's rating in `year`, if any.
pub fn rating_of(data: &Dataset, member: &MemberId, year: i32) -> Option<Rating> {
    ratings_in_year(data, year)
        .into_iter()
        .find(|(_, e)| &e.member == member)
        .and_then(|(_, e)| e.rating)
}

/// The counts of the year's ratings (each member once, as [`ratings_in_year`]).
pub fn year_counts(data: &Dataset, year: i32) -> RatingCounts {
    let mut c = RatingCounts::default();
    for (_, e) in ratings_in_year(data, year) {
        if let Some(r) = e.rating {
            c.by_rating[r as usize] += 1;
        }
    }
    c
}

/// Parses ballots pasted from a spreadsheet: one member per line, `姓名  优秀  合格  基本合格  不合格` (tabs,
/// commas or spaces between; a header line and blank lines are skipped; a fifth column, when present, is the
/// rating). Returns the rows that name a member of `list`, and a Chinese message for each line that could not
/// be read (nothing is changed for those).
pub fn parse_ballots(text: &str, data: &Dataset, list: &[RatedMember]) -> (Vec<RatedMember>, Vec<String>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let cells: Vec<&str> = line
            .split(['\t', ',', '，', ' ', '　'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        if cells.is_empty() {
            continue;
        }
        let name = cells[0];
        let numbers: Vec<Option<u32>> = cells[1..cells.len().min(5)].iter().map(|c| c.parse().ok()).collect();
        if numbers.iter().all(Option::is_none) && i == 0 {
            continue; // a header line
        }
        let Some(entry) = list
            .iter()
            .find(|e| data.member(&e.member).is_some_and(|m| m.name == name))
        else {
            problems.push(format!("第{}行：“{}”不在参评名单中", i + 1, name));
            continue;
        };
        if numbers.len() < 4 || numbers.iter().any(Option::is_none) {
            problems.push(format!(
                "第{}行：{}的票数应为4个非负整数（优秀、合格、基本合格、不合格）",
                i + 1,
                name
            ));
            continue;
        }
        if numbers.iter().flatten().any(|&n| n > MAX_BALLOTS) {
            problems.push(format!("第{}行：{}的票数过大（每项不超过{MAX_BALLOTS}）", i + 1, name));
            continue;
        }
        let rating = match cells.get(5) {
            None => entry.rating,
            Some(t) => match Rating::from_text(t) {
                Some(r) => Some(r),
                None => {
                    problems.push(format!("第{}行：等次“{}”应为优秀、合格、基本合格或不合格", i + 1, t));
                    continue;
                }
            },
        };
        let mut row = entry.clone();
        for (r, n) in Rating::ALL.into_iter().zip(numbers.into_iter().flatten()) {
            row.ballots.set(r, n);
        }
        row.rating = rating;
        rows.push(row);
    }
    (rows, problems)
}

/// The most ballots of one grade the app accepts for one member (a branch has at most a few hundred members).
pub const MAX_BALLOTS: u32 = 10_000;

/// 概览's alerts about the reviews of `year`: a held 民主评议党员 without ratings (提示), and a 不合格 without a
/// recorded handling or follow-up date (注意).
pub fn alerts(data: &Dataset, year: i32) -> Vec<Alert> {
    let mut reviews: Vec<&Activity> = data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held && a.date.year() == year)
        .filter(|a| a.kind == ActivityKind::MemberReview || a.review.is_some())
        .collect();
    super::sort::sort_by(&mut reviews, super::activity::chronological);
    let mut out = Vec::new();
    for a in reviews {
        let rated = a.review.as_ref().is_some_and(MemberReview::is_rated);
        if a.kind == ActivityKind::MemberReview && !rated {
            out.push(Alert {
                severity: Severity::Info,
                message: format!("{}的民主评议党员尚未录入评定结果", a.date.chinese()),
                detail: "在该记录的“民主评议”部分录入测评票数和评定等次，年度总结和党员名册才会有评议结果。".to_owned(),
                target: AlertTarget::Activity(a.id.clone()),
                rule_id: None,
            });
        }
        for e in a.review.iter().flat_map(|r| &r.members) {
            if e.rating == Some(Rating::Unqualified) && (e.handling.trim().is_empty() || e.follow_up.is_none()) {
                out.push(Alert {
                    severity: Severity::Warning,
                    message: format!(
                        "{}评定为不合格，尚未记录组织处置和跟进日期",
                        data.member_name(&e.member)
                    ),
                    detail: "对评定为不合格的党员，应立足教育转化，按规定作出组织处置（如限期改正），并记录跟进日期。"
                        .to_owned(),
                    target: AlertTarget::Activity(a.id.clone()),
                    rule_id: None,
                });
            }
        }
    }
    out
}

/// The 民主评议 of one activity as the lines of its record page (screen, print, Word): the steps, one row per
/// member in the branch's name order, and the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewLines {
    /// "个人自评2026年12月10日；民主测评2026年12月10日", or "" when no step has a date.
    pub steps: String,
    /// [姓名, 优秀, 合格, 基本合格, 不合格 (ballots), 评定等次, 处置意见].
    pub rows: Vec<[String; 7]>,
    /// "参评12人：优秀3人、合格9人", with "、未评定N人" when some are not rated yet.
    pub result: String,
}

/// The header of [`ReviewLines::rows`].
pub const REVIEW_HEAD: [&str; 7] = ["姓名", "优秀", "合格", "基本合格", "不合格", "评定等次", "处置意见"];

impl ReviewLines {
    pub fn new(review: &MemberReview, data: &Dataset) -> ReviewLines {
        let steps = review.steps_text();
        let mut members: Vec<(&RatedMember, String)> = review
            .members
            .iter()
            .map(|e| (e, data.member_name(&e.member)))
            .collect();
        super::sort::sort_by(&mut members, |a, b| data.compare_names(&a.1, &b.1));
        let rows = members
            .into_iter()
            .map(|(e, name)| {
                let b = e.ballots;
                let handling = e.handling_text();
                [
                    name,
                    b.excellent.to_string(),
                    b.qualified.to_string(),
                    b.basically_qualified.to_string(),
                    b.unqualified.to_string(),
                    e.rating.map_or("未评定", Rating::label).to_owned(),
                    handling,
                ]
            })
            .collect();
        let c = review.counts();
        let mut result = format!("参评{}人", review.members.len());
        if c.rated() > 0 {
            result.push_str(&format!("：{}", c.text()));
        }
        if c.unrated > 0 {
            result.push_str(&format!(
                "{}未评定{}人",
                if c.rated() > 0 { "、" } else { "：" },
                c.unrated
            ));
        }
        ReviewLines { steps, rows, result }
    }
}
