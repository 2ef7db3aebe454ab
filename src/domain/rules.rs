//! The frequency rules the branch is checked against, as editable data.
//!
//! Every rule carries the text it comes from (`source`), so that a secretary can see why a check exists,
//! and can be switched off (`enabled`) or tightened (`minimum`) where local rules differ. Rules that are
//! not in the 条例 itself are marked `local`. [`default_rules`] ships the rules of
//! 《中国共产党支部工作条例（试行）》 (2018) and 《中国共产党党员教育管理工作条例》; ids are stable, so a
//! stored, edited rule set can be compared with (and reset to) the defaults by id.
//!
//! What a rule means:
//! - `Activity(kind)` with scope `Branch`: at least `minimum` held activities of `kind` per period.
//!   With scope `EachGroup` (党小组会 only): at least `minimum` per party group per period.
//! - `StudyHours` (scope `EachMember`): each party member credited with at least `minimum` study hours per
//!   period (see `member_stats` for how hours are credited; the requirement is pro-rated for members who
//!   were in the branch only part of the period, see `compliance`).
//! - `HeartTalkCoverage` (scope `EachMember`): each party member takes part in at least `minimum` heart
//!   talks (谈心谈话) per period.

use super::activity::ActivityKind;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What a rule counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Held activities of one kind.
    Activity(ActivityKind),
    /// Study hours credited to each member (学时).
    StudyHours,
    /// Heart talks (谈心谈话) each member took part in.
    HeartTalkCoverage,
    /// The share of 优秀 ratings in a 民主评议党员 (`domain::member_review`): `minimum` holds the **largest**
    /// share allowed, in percent of the full members rated (100/3 for "一般不超过1/3"). Not a frequency: it
    /// has no row in the compliance grid; the review's checks read it.
    ExcellentShare,
}

impl RuleKind {
    /// What is counted, in Chinese: "党员大会", "学时", "谈心谈话".
    pub fn label(self) -> &'static str {
        match self {
            RuleKind::Activity(kind) => kind.label(),
            RuleKind::StudyHours => "学时",
            RuleKind::HeartTalkCoverage => "谈心谈话",
            RuleKind::ExcellentShare => "民主评议优秀比例",
        }
    }

    /// Whether the rule counts something per period (every kind but [`RuleKind::ExcellentShare`]).
    pub fn is_frequency(self) -> bool {
        self != RuleKind::ExcellentShare
    }
}

/// The period a minimum applies to. Calendar periods: months, quarters (Jan–Mar, …), years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Month,
    Quarter,
    Year,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Month, Period::Quarter, Period::Year];

    /// "每月", "每季度", "每年".
    pub fn label(self) -> &'static str {
        match self {
            Period::Month => "每月",
            Period::Quarter => "每季度",
            Period::Year => "每年",
        }
    }

    /// How many periods a year has.
    pub fn per_year(self) -> u8 {
        match self {
            Period::Month => 12,
            Period::Quarter => 4,
            Period::Year => 1,
        }
    }
}

/// Who a minimum applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The branch as a whole.
    Branch,
    /// Every party group (党小组) separately.
    EachGroup,
    /// Every party member separately.
    EachMember,
}

impl Scope {
    /// "全支部", "每个党小组", "每名党员".
    pub fn label(self) -> &'static str {
        match self {
            Scope::Branch => "全支部",
            Scope::EachGroup => "每个党小组",
            Scope::EachMember => "每名党员",
        }
    }
}

/// One check, with the text it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Stable id, e.g. "general_meeting_quarterly"; `[a-z0-9_-]`, at most 64 characters.
    pub id: String,
    pub kind: RuleKind,
    pub period: Period,
    /// At least this many activities (a whole number), talks (a whole number) or hours per period.
    pub minimum: f64,
    pub scope: Scope,
    #[serde(default = "yes")]
    pub enabled: bool,
    /// A local rule (地方或本单位要求), not a requirement of the 条例 itself.
    #[serde(default)]
    pub local: bool,
    /// The quoted text the rule comes from, with its article.
    #[serde(default)]
    pub source: String,
    /// A remark shown with the rule (e.g. when in the year it is usually done).
    #[serde(default)]
    pub note: String,
}

fn yes() -> bool {
    true
}

impl Rule {
    /// The requirement in words: "党员大会 每季度至少1次", "学时 每名党员每年至少32学时".
    pub fn describe(&self) -> String {
        let min = format_number(self.minimum);
        match self.kind {
            RuleKind::Activity(kind) => match self.scope {
                Scope::EachGroup => format!("{} 每个党小组{}至少{}次", kind.label(), self.period.label(), min),
                _ => format!("{} {}至少{}次", kind.label(), self.period.label(), min),
            },
            RuleKind::StudyHours => format!("学时 每名党员{}至少{}学时", self.period.label(), min),
            RuleKind::HeartTalkCoverage => format!("谈心谈话 每名党员{}至少{}次", self.period.label(), min),
            RuleKind::ExcellentShare => format!(
                "民主评议 评定为优秀的不超过参评正式党员的{}",
                super::member_review::share_text(self.minimum)
            ),
        }
    }

    /// The minimum as a whole count (activities, talks), rounded up; for hours rules, the hours rounded up.
    pub fn minimum_count(&self) -> u32 {
        if self.minimum.is_finite() && self.minimum > 0.0 {
            self.minimum.ceil().min(f64::from(u32::MAX)) as u32
        } else {
            0
        }
    }
}

/// "32", "1.5": a number without a trailing ".0" (rounded to one decimal, half to even on the exact value).
///
/// Gives exactly what `format!("{x:.1}")` with the trailing ".0" cut would, but with integer arithmetic only:
/// this runs on 概览 (rule descriptions, alerts), and `{:.1}` would pull core's exact float formatting (several
/// KB) into the main wasm module.
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    if x.is_nan() {
        return "NaN".to_owned();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}inf");
    }
    // |x| = m * 2^e exactly.
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (m, e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    if e >= 0 {
        return format!("{sign}{}", shifted_decimal(m, e as u32));
    }
    // Tenths of |x|, rounded half to even: m * 10 / 2^s with m * 10 < 2^57.
    let s = e.unsigned_abs();
    let n = m * 10;
    let tenths = if s > 57 {
        0
    } else {
        let (q, r, half) = (n >> s, n & ((1 << s) - 1), 1 << (s - 1));
        if r > half || (r == half && q & 1 == 1) {
            q + 1
        } else {
            q
        }
    };
    match tenths % 10 {
        0 => format!("{sign}{}", tenths / 10),
        d => format!("{sign}{}.{d}", tenths / 10),
    }
}

/// The decimal digits of `m * 2^e` (an integer of any size an `f64` holds), in base-10^9 limbs.
fn shifted_decimal(m: u64, e: u32) -> String {
    const BASE: u64 = 1_000_000_000;
    let mut limbs = vec![m % BASE, m / BASE % BASE, m / BASE / BASE];
    for _ in 0..e {
        let mut carry = 0;
        for l in &mut limbs {
            let v = *l * 2 + carry;
            *l = v % BASE;
            carry = v / BASE;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut out = limbs.pop().unwrap_or(0).to_string();
    for l in limbs.iter().rev() {
        out.push_str(&format!("{l:09}"));
    }
    out
}

/// The id of each default rule.
pub mod ids {
    pub const GENERAL_MEETING: &str = "general_meeting_quarterly";
    pub const COMMITTEE_MEETING: &str = "committee_meeting_monthly";
    pub const GROUP_MEETING: &str = "group_meeting_monthly";
    pub const PARTY_LECTURE: &str = "party_lecture_quarterly";
    pub const THEME_DAY: &str = "theme_day_monthly";
    pub const ORG_LIFE_MEETING: &str = "org_life_meeting_yearly";
    pub const MEMBER_REVIEW: &str = "member_review_yearly";
    pub const HEART_TALK: &str = "heart_talk_coverage_yearly";
    pub const STUDY_HOURS: &str = "study_hours_yearly";
    pub const EXCELLENT_SHARE: &str = "member_review_excellent_share";
}

#[allow(clippy::too_many_arguments)]
fn rule(
    id: &str,
    kind: RuleKind,
    period: Period,
    minimum: f64,
    scope: Scope,
    local: bool,
    source: &str,
    note: &str,
) -> Rule {
    Rule {
        id: id.to_owned(),
        kind,
        period,
        minimum,
        scope,
        enabled: true,
        local,
        source: source.to_owned(),
        note: note.to_owned(),
    }
}

/// The rules of the 条例 (and the common local rule for 党课), in the order they are shown.
pub fn default_rules() -> Vec<Rule> {
    use ActivityKind as K;
    vec![
        rule(
            ids::GENERAL_MEETING,
            RuleKind::Activity(K::GeneralMeeting),
            Period::Quarter,
            1.0,
            Scope::Branch,
            false,
            "《中国共产党支部工作条例（试行）》第十一条：“党员大会是党支部的议事决策机构，由全体党员参加，一般每季度召开1次。”",
            "",
        ),
        rule(
            ids::COMMITTEE_MEETING,
            RuleKind::Activity(K::CommitteeMeeting),
            Period::Month,
            1.0,
            Scope::Branch,
            false,
            "《中国共产党支部工作条例（试行）》第十二条：“党支部委员会会议一般每月召开1次，根据需要可以随时召开。”",
            "未设支部委员会的支部（党员不足7人）不检查此项。",
        ),
        rule(
            ids::GROUP_MEETING,
            RuleKind::Activity(K::GroupMeeting),
            Period::Month,
            1.0,
            Scope::EachGroup,
            false,
            "《中国共产党支部工作条例（试行）》第十三条：“党小组会一般每月召开1次，组织党员参加政治学习、谈心谈话、开展批评和自我批评等。”",
            "",
        ),
        rule(
            ids::PARTY_LECTURE,
            RuleKind::Activity(K::PartyLecture),
            Period::Quarter,
            1.0,
            Scope::Branch,
            true,
            "各地通行要求：党课每季度至少一次（条例第16条未定次数）",
            "条例第十六条另规定“党支部书记每年至少为党员讲1次党课”。",
        ),
        rule(
            ids::THEME_DAY,
            RuleKind::Activity(K::ThemeDay),
            Period::Month,
            1.0,
            Scope::Branch,
            false,
            "《中国共产党支部工作条例（试行）》第十六条：“党支部应当每月相对固定1天开展主题党日，组织党员集中学习、过组织生活、进行民主议事和志愿服务等。”",
            "",
        ),
        rule(
            ids::ORG_LIFE_MEETING,
            RuleKind::Activity(K::OrgLifeMeeting),
            Period::Year,
            1.0,
            Scope::Branch,
            false,
            "《中国共产党支部工作条例（试行）》第十七条：“党支部每年至少召开1次组织生活会，一般安排在第四季度，也可以根据工作需要随时召开。”",
            "一般安排在第四季度。",
        ),
        rule(
            ids::MEMBER_REVIEW,
            RuleKind::Activity(K::MemberReview),
            Period::Year,
            1.0,
            Scope::Branch,
            false,
            "《中国共产党支部工作条例（试行）》第十八条：“党支部一般每年开展1次民主评议党员，组织党员对照合格党员标准、对照入党誓词，开展批评和自我批评。”",
            "可与组织生活会结合进行：在组织生活会的记录里录入评定结果即计入。",
        ),
        rule(
            ids::HEART_TALK,
            RuleKind::HeartTalkCoverage,
            Period::Year,
            1.0,
            Scope::EachMember,
            false,
            "《中国共产党支部工作条例（试行）》第十九条：“党支部委员之间、党支部委员和党员之间、党员和党员之间，每年谈心谈话一般不少于1次。”",
            "",
        ),
        rule(
            ids::STUDY_HOURS,
            RuleKind::StudyHours,
            Period::Year,
            32.0,
            Scope::EachMember,
            false,
            "《中国共产党党员教育管理工作条例》第二十条：“……党员每年集中学习培训时间一般不少于32学时。”",
            "年中转入或转出的党员按在本支部的月数折算。",
        ),
        rule(
            ids::EXCELLENT_SHARE,
            RuleKind::ExcellentShare,
            Period::Year,
            100.0 / 3.0,
            Scope::Branch,
            false,
            "中共中央组织部关于民主评议党员的规定（见共产党员网12371“民主评议党员”专题）：按照“优秀”“合格”“基本合格”“不合格”对党员进行评定，“评定为‘优秀’的比例一般不超过党员总数的1/3”。",
            "按参评的正式党员计算；预备党员参加评议，一般不评定等次。",
        ),
    ]
}

/// The default rule with this id, for "恢复默认".
pub fn default_rule(id: &str) -> Option<Rule> {
    default_rules().into_iter().find(|r| r.id == id)
}

/// The longest quoted source text accepted.
pub const MAX_SOURCE_CHARS: usize = 500;
/// The longest note accepted.
pub const MAX_NOTE_CHARS: usize = 200;
/// The largest minimum accepted for counts (activities, talks) per period.
pub const MAX_COUNT_MINIMUM: f64 = 100.0;
/// The largest minimum accepted for study hours per period.
pub const MAX_HOURS_MINIMUM: f64 = 1000.0;

/// What is wrong with an edited rule, in words a secretary understands.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RuleInvalid {
    #[error("规则编号只能由小写字母、数字、下划线和短横线组成，且不超过64个字符")]
    BadId,
    #[error("规则编号重复，请换一个")]
    DuplicateId,
    #[error("要求的数量应大于0；如不需要这项检查，请将其关闭")]
    MinimumNotPositive,
    #[error("次数应为整数")]
    MinimumNotWhole,
    #[error("要求的数量太大（次数不超过100，学时不超过1000）")]
    MinimumTooLarge,
    #[error("只有党小组会可以按“每个党小组”检查")]
    EachGroupNotGroupMeeting,
    #[error("学时和谈心谈话只能按“每名党员”检查")]
    MemberRuleNeedsEachMember,
    #[error("活动次数只能按全支部或每个党小组检查")]
    ActivityRuleNotEachMember,
    #[error("优秀比例是百分数，应大于0、不超过100")]
    ShareOutOfRange,
    #[error("优秀比例按全支部、每年检查")]
    ShareNeedsBranchYear,
    #[error("不能超过{0}个字")]
    TooLong(usize),
    #[error("不能包含控制字符")]
    ControlChars,
}

/// A problem with one field of a rule (`"id"`, `"minimum"`, `"scope"`, `"source"`, `"note"`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{error}")]
pub struct RuleError {
    pub field: &'static str,
    pub error: RuleInvalid,
}

fn push(errs: &mut Vec<RuleError>, field: &'static str, error: RuleInvalid) {
    errs.push(RuleError { field, error });
}

fn check_text(errs: &mut Vec<RuleError>, field: &'static str, text: &str, max: usize) {
    if text.chars().count() > max {
        push(errs, field, RuleInvalid::TooLong(max));
    } else if text.chars().any(|c| c.is_control() && c != '\n') {
        push(errs, field, RuleInvalid::ControlChars);
    }
}

/// Whether `id` is a usable rule id.
pub fn is_valid_rule_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Checks one edited rule; empty means valid.
pub fn validate_rule(rule: &Rule) -> Vec<RuleError> {
    let mut errs = Vec::new();
    if !is_valid_rule_id(&rule.id) {
        push(&mut errs, "id", RuleInvalid::BadId);
    }
    let counts = !matches!(rule.kind, RuleKind::StudyHours | RuleKind::ExcellentShare);
    if rule.kind == RuleKind::ExcellentShare {
        if !rule.minimum.is_finite() || rule.minimum <= 0.0 || rule.minimum > 100.0 {
            push(&mut errs, "minimum", RuleInvalid::ShareOutOfRange);
        }
    } else if !rule.minimum.is_finite() || rule.minimum <= 0.0 {
        push(&mut errs, "minimum", RuleInvalid::MinimumNotPositive);
    } else if counts && rule.minimum.fract() != 0.0 {
        push(&mut errs, "minimum", RuleInvalid::MinimumNotWhole);
    } else if rule.minimum > if counts { MAX_COUNT_MINIMUM } else { MAX_HOURS_MINIMUM } {
        push(&mut errs, "minimum", RuleInvalid::MinimumTooLarge);
    }
    match (rule.kind, rule.scope) {
        (RuleKind::Activity(ActivityKind::GroupMeeting), Scope::Branch | Scope::EachGroup) => {}
        (RuleKind::Activity(_), Scope::EachGroup) => push(&mut errs, "scope", RuleInvalid::EachGroupNotGroupMeeting),
        (RuleKind::Activity(_), Scope::EachMember) => push(&mut errs, "scope", RuleInvalid::ActivityRuleNotEachMember),
        (RuleKind::Activity(_), Scope::Branch) => {}
        (RuleKind::StudyHours | RuleKind::HeartTalkCoverage, Scope::EachMember) => {}
        (RuleKind::StudyHours | RuleKind::HeartTalkCoverage, _) => {
            push(&mut errs, "scope", RuleInvalid::MemberRuleNeedsEachMember)
        }
        (RuleKind::ExcellentShare, Scope::Branch) if rule.period == Period::Year => {}
        (RuleKind::ExcellentShare, _) => push(&mut errs, "scope", RuleInvalid::ShareNeedsBranchYear),
    }
    check_text(&mut errs, "source", &rule.source, MAX_SOURCE_CHARS);
    check_text(&mut errs, "note", &rule.note, MAX_NOTE_CHARS);
    errs
}

/// Checks a whole rule set: each rule, plus unique ids. Returns (index of the rule, problem).
pub fn validate_rules(rules: &[Rule]) -> Vec<(usize, RuleError)> {
    let mut out = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        out.extend(validate_rule(rule).into_iter().map(|e| (i, e)));
        if rules[..i].iter().any(|r| r.id == rule.id) {
            out.push((
                i,
                RuleError {
                    field: "id",
                    error: RuleInvalid::DuplicateId,
                },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_format_without_trailing_zero() {
        assert_eq!(format_number(32.0), "32");
        assert_eq!(format_number(1.5), "1.5");
    }
}
