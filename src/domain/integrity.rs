//! Whole-dataset checks, for data that did not come through the forms (a backup file, a migration).
//!
//! Every record is checked with the same `validate_*` function its form uses, plus what only the whole
//! dataset shows: well-formed and unique ids, and references between records. Each problem names the
//! record as a person would find it ("第12条活动记录（2025-03-15 党员大会）") and says what is wrong.

use super::dataset::Dataset;
use super::id::{self, ActivityId, GroupId, MemberId, StudyItemId};
use super::rules;
use super::validate::{self, FieldError, Invalid};
use std::collections::HashSet;
use std::fmt;

/// Which collection a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Branch,
    Group,
    Member,
    Activity,
    StudyItem,
    Rule,
}

impl RecordKind {
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Branch => "支部信息",
            RecordKind::Group => "党小组",
            RecordKind::Member => "党员",
            RecordKind::Activity => "活动记录",
            RecordKind::StudyItem => "学习计划",
            RecordKind::Rule => "检查规则",
        }
    }
}

/// One problem in one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordProblem {
    pub kind: RecordKind,
    /// 1-based position in its collection (0 for the branch profile).
    pub position: usize,
    /// How a person recognises the record: a name, or a date and kind.
    pub context: String,
    /// The field in Chinese ("主持人"), or empty for the record as a whole.
    pub field: String,
    pub message: String,
}

impl fmt::Display for RecordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.position == 0 {
            write!(f, "{}", self.kind.label())?;
        } else {
            write!(f, "第{}条{}", self.position, self.kind.label())?;
        }
        if !self.context.is_empty() {
            write!(f, "（{}）", self.context)?;
        }
        f.write_str("：")?;
        if !self.field.is_empty() {
            write!(f, "{}", self.field)?;
        }
        f.write_str(&self.message)
    }
}

/// At most this many problems are reported; a file with more is clearly not worth listing in full.
pub const MAX_PROBLEMS: usize = 50;

/// The Chinese name of a form field code.
fn field_label(field: &str) -> &'static str {
    match field {
        "name" => "名称",
        "parent_org" => "上级党委",
        "secretary" => "书记",
        "deputy_secretary" => "副书记",
        "organization" => "组织委员",
        "publicity" => "宣传委员",
        "discipline" => "纪检委员",
        "group_leader" => "组长",
        "group" => "党小组",
        "phone" => "电话",
        "note" => "备注",
        "left_branch" => "转出日期",
        "full_since" => "转正日期",
        "excused" => "免于应到",
        "end" => "结束时间",
        "location" => "地点",
        "theme" => "主题",
        "lecturer_name" | "lecturer" => "授课人",
        "content" => "内容",
        "resolution" => "决议",
        "agenda" => "议题",
        "host" => "主持人",
        "recorder" => "记录人",
        "study_hours" => "学时",
        "attendance" => "出席名单",
        "vote" => "表决",
        "review" => "民主评议",
        "examinations" => "对照检查",
        "rectifications" => "整改清单",
        "topic" => "学习主题",
        "materials" => "学习材料",
        "study_leader" => "领学人",
        "activity" => "关联活动",
        "id" => "规则编号",
        "minimum" => "要求数量",
        "scope" => "检查范围",
        "source" => "依据",
        _ => "",
    }
}

/// The message for a reference that points nowhere, in the words of the import screen.
fn message(error: &Invalid) -> String {
    match error {
        Invalid::UnknownMember => "引用了不存在的党员".to_owned(),
        Invalid::UnknownGroup => "引用了不存在的党小组".to_owned(),
        Invalid::UnknownActivity => "引用了不存在的活动".to_owned(),
        other => format!("：{other}"),
    }
}

struct Collector {
    problems: Vec<RecordProblem>,
}

impl Collector {
    fn full(&self) -> bool {
        self.problems.len() >= MAX_PROBLEMS
    }

    fn push(&mut self, kind: RecordKind, position: usize, context: &str, field: &str, message: String) {
        if !self.full() {
            self.problems.push(RecordProblem {
                kind,
                position,
                // A control character in the context itself would garble the message.
                context: context
                    .chars()
                    .map(|ch| if ch.is_control() { '?' } else { ch })
                    .collect(),
                field: field.to_owned(),
                message,
            });
        }
    }

    fn fields(&mut self, kind: RecordKind, position: usize, context: &str, errors: Vec<FieldError>) {
        for e in errors {
            let label = field_label(e.field);
            let msg = message(&e.error);
            // "主持人：请填写…" reads badly when the message already names the field.
            let msg = if label.is_empty() {
                msg.trim_start_matches('：').to_owned()
            } else {
                msg
            };
            self.push(kind, position, context, label, msg);
        }
    }

    /// Checks ids: well formed and unique within their collection.
    fn ids<'a>(&mut self, kind: RecordKind, prefix: &str, ids: impl Iterator<Item = (&'a str, String)>) {
        let mut seen = HashSet::new();
        for (i, (id, context)) in ids.enumerate() {
            if !id::is_well_formed(prefix, id) {
                self.push(kind, i + 1, &context, "", "编号格式不正确".to_owned());
            } else if !seen.insert(id) {
                self.push(kind, i + 1, &context, "", format!("编号 {id} 与前面的记录重复"));
            }
        }
    }
}

/// Every problem in `data`, at most [`MAX_PROBLEMS`]; empty means the dataset can be stored as is.
pub fn check_dataset(data: &Dataset) -> Vec<RecordProblem> {
    let mut c = Collector { problems: Vec::new() };
    c.ids(
        RecordKind::Group,
        GroupId::PREFIX,
        data.groups.iter().map(|g| (g.id.as_str(), g.name.clone())),
    );
    c.ids(
        RecordKind::Member,
        MemberId::PREFIX,
        data.members.iter().map(|m| (m.id.as_str(), m.name.clone())),
    );
    c.ids(
        RecordKind::Activity,
        ActivityId::PREFIX,
        data.activities
            .iter()
            .map(|a| (a.id.as_str(), format!("{} {}", a.date, a.kind.label()))),
    );
    c.ids(
        RecordKind::StudyItem,
        StudyItemId::PREFIX,
        data.study_items.iter().map(|s| (s.id.as_str(), s.topic.clone())),
    );
    if c.full() {
        return c.problems;
    }
    if !data.is_empty() || !data.branch.committee.is_empty() {
        c.fields(
            RecordKind::Branch,
            0,
            "",
            validate::validate_branch(&data.branch, &data.members),
        );
    }
    for (i, g) in data.groups.iter().enumerate() {
        c.fields(
            RecordKind::Group,
            i + 1,
            &g.name,
            validate::validate_group(g, &data.groups, &data.members),
        );
    }
    for (i, m) in data.members.iter().enumerate() {
        c.fields(
            RecordKind::Member,
            i + 1,
            &m.name,
            validate::validate_member(m, &data.groups),
        );
        if c.full() {
            return c.problems;
        }
    }
    for (i, a) in data.activities.iter().enumerate() {
        let context = format!("{} {}", a.date, a.kind.label());
        c.fields(
            RecordKind::Activity,
            i + 1,
            &context,
            validate::validate_activity(a, data),
        );
        if c.full() {
            return c.problems;
        }
    }
    for (i, s) in data.study_items.iter().enumerate() {
        c.fields(
            RecordKind::StudyItem,
            i + 1,
            &s.topic,
            validate::validate_study_item(s, data),
        );
        if c.full() {
            return c.problems;
        }
    }
    for (i, e) in rules::validate_rules(&data.rules) {
        let context = data.rules.get(i).map(|r| r.kind.label()).unwrap_or_default();
        let label = field_label(e.field);
        let msg = if label.is_empty() {
            e.error.to_string()
        } else {
            format!("：{}", e.error)
        };
        c.push(RecordKind::Rule, i + 1, context, label, msg);
    }
    c.problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Activity, ActivityKind, Date, Member, MemberKind};

    fn member(id: &str, name: &str) -> Member {
        Member {
            id: MemberId::from(id),
            name: name.to_owned(),
            kind: MemberKind::Full,
            group: None,
            party_joined: None,
            full_since: None,
            joined_branch: Some(Date::ymd(2020, 1, 1)),
            left_branch: None,
            mobile: false,
            excused: Vec::new(),
            phone: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn a_dangling_host_is_named_by_record_and_field() {
        let mut data = Dataset::default();
        data.branch.name = "第一党支部".into();
        data.members.push(member("m-1", "张三"));
        for n in 0..12 {
            let mut a = Activity::new(
                ActivityId(format!("a-{n}")),
                ActivityKind::GeneralMeeting,
                Date::ymd(2025, 3, 15),
            );
            if n == 11 {
                a.host = Some(MemberId::from("m-404"));
            }
            data.activities.push(a);
        }
        let problems = check_dataset(&data);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems[0].to_string(),
            "第12条活动记录（2025-03-15 党员大会）：主持人引用了不存在的党员"
        );
    }

    #[test]
    fn duplicate_and_malformed_ids_are_reported() {
        let mut data = Dataset::default();
        data.branch.name = "支部".into();
        data.members.push(member("m-1", "张三"));
        data.members.push(member("m-1", "李四"));
        data.members.push(member("x<b>", "王五"));
        let problems: Vec<String> = check_dataset(&data).iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "第2条党员（李四）：编号 m-1 与前面的记录重复",
                "第3条党员（王五）：编号格式不正确"
            ]
        );
    }

    #[test]
    fn problems_are_capped() {
        let mut data = Dataset::default();
        data.branch.name = "支部".into();
        for n in 0..200 {
            data.members.push(member(&format!("m-{n}"), ""));
        }
        assert_eq!(check_dataset(&data).len(), MAX_PROBLEMS);
    }

    #[test]
    fn stored_rules_are_checked() {
        let mut data = Dataset {
            rules: rules::default_rules(),
            ..Dataset::default()
        };
        assert!(check_dataset(&data).is_empty());
        data.rules[0].minimum = 0.0;
        data.rules[2].id = data.rules[1].id.clone();
        let problems: Vec<String> = check_dataset(&data).iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "第1条检查规则（党员大会）：要求数量：要求的数量应大于0；如不需要这项检查，请将其关闭",
                "第3条检查规则（党小组会）：规则编号：规则编号重复，请换一个"
            ]
        );
    }

    #[test]
    fn an_empty_dataset_is_fine() {
        assert!(check_dataset(&Dataset::default()).is_empty());
    }
}
