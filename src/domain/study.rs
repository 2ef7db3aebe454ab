//! The study plan (学习计划): what the branch studies, when, led by whom, for how many hours.

use super::date::Date;
use super::id::{ActivityId, MemberId, StudyItemId};
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
