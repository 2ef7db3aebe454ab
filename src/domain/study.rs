//! The study plan (学习计划): what the branch studies, when, led by whom, for how many hours; and the lines of
//! the 学习计划表 as the page and the Word file show them.

use super::activity::ActivityStatus;
use super::dataset::Dataset;
use super::date::Date;
use super::id::{ActivityId, MemberId, StudyItemId};
use super::schedule::{day_short, item_title};
use super::sort::sort_by;
use serde::{Deserialize, Serialize};

/// 集中学习 / 自学 / 研讨.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StudyFormat {
    Group,
    SelfStudy,
    Seminar,
}

impl StudyFormat {
    pub const ALL: [StudyFormat; 3] = [StudyFormat::Group, StudyFormat::SelfStudy, StudyFormat::Seminar];

    pub fn label(self) -> &'static str {
        match self {
            StudyFormat::Group => "集中学习",
            StudyFormat::SelfStudy => "自学",
            StudyFormat::Seminar => "研讨",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudyItem {
    pub id: StudyItemId,
    /// The day, or the Monday of the week when `whole_week` is set.
    pub date: Date,
    #[serde(default)]
    pub whole_week: bool,
    pub topic: String,
    /// e.g. 《中国共产党章程》, 二十大报告.
    #[serde(default)]
    pub materials: String,
    pub format: StudyFormat,
    /// 领学人.
    #[serde(default)]
    pub study_leader: Option<MemberId>,
    #[serde(default)]
    pub study_hours: f64,
    /// The activity where it is studied, once linked.
    #[serde(default)]
    pub activity: Option<ActivityId>,
    #[serde(default)]
    pub done: bool,
}

/// One line of the 学习计划表, as text.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyLine {
    pub id: StudyItemId,
    /// "3月2日 周一", or "3月2日起一周".
    pub when: String,
    pub topic: String,
    pub materials: String,
    pub format: &'static str,
    /// 领学人's name, or "".
    pub leader: String,
    /// "2", "1.5", or "" for none.
    pub hours: String,
    /// The linked activity: its id, "3月10日 周二 主题党日：…", and whether it was cancelled.
    pub activity: Option<(ActivityId, String, bool)>,
    /// Ticked done, or its activity was held.
    pub done: bool,
    /// Done because its activity was held (the tick cannot be taken away).
    pub done_by_activity: bool,
}

/// Study hours as every page, file and form shows them (the one formatter of hours): whole hours without
/// ".0" ("2", "0"), others exactly as stored ("1.5", "0.25"), so a form shows what it will save again.
pub fn hours_text(h: f64) -> String {
    if h.fract() == 0.0 && h.abs() < 1e15 {
        format!("{}", h as i64)
    } else {
        format!("{h}")
    }
}

/// The study items of `year` in date order, as lines of the 学习计划表.
pub fn year_lines(data: &Dataset, year: i32) -> Vec<StudyLine> {
    let mut items: Vec<&StudyItem> = data.study_items.iter().filter(|s| s.date.year() == year).collect();
    sort_by(&mut items, |a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    items
        .into_iter()
        .map(|s| {
            let linked = s
                .activity
                .as_ref()
                .and_then(|id| data.activities.iter().find(|a| &a.id == id));
            let held = linked.is_some_and(|a| a.status == ActivityStatus::Held);
            StudyLine {
                id: s.id.clone(),
                when: if s.whole_week {
                    format!("{}月{}日起一周", s.date.month(), s.date.day())
                } else {
                    day_short(s.date)
                },
                topic: s.topic.clone(),
                materials: s.materials.clone(),
                format: s.format.label(),
                leader: s.study_leader.as_ref().map(|m| data.member_name(m)).unwrap_or_default(),
                hours: if s.study_hours == 0.0 {
                    String::new()
                } else {
                    hours_text(s.study_hours)
                },
                activity: linked.map(|a| {
                    (
                        a.id.clone(),
                        format!("{} {}", day_short(a.date), item_title(a, data, false)),
                        a.status == ActivityStatus::Cancelled,
                    )
                }),
                done: s.done || held,
                done_by_activity: held && !s.done,
            }
        })
        .collect()
}

/// Planned hours of concentrated study in `year` (self-study left out).
pub fn planned_group_hours(data: &Dataset, year: i32) -> f64 {
    data.study_items
        .iter()
        .filter(|s| s.date.year() == year && s.format != StudyFormat::SelfStudy)
        .map(|s| s.study_hours)
        .sum()
}
