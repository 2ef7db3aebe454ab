//! Two versions of one record side by side, field by field (an activity's roll person by person), for the
//! person who resolves a sync conflict: every field in words, and whether the two versions differ there.

use super::doc::Record;
use crate::domain::rules::format_number;
use crate::domain::{Activity, AttendanceEntry, Branch, Dataset, Member, MemberId, PartyGroup, StudyItem};

/// One line of the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The field in Chinese; for a roll entry, 出席名单 · the person's name.
    pub label: String,
    pub left: String,
    pub right: String,
}

impl Row {
    pub fn differs(&self) -> bool {
        self.left != self.right
    }
}

/// How a person recognises the record ("2025-03-15 党员大会", "张三", "支部信息").
pub fn title(record: &Record) -> String {
    match record {
        Record::Branch(_) => "支部信息".to_owned(),
        Record::Rules(_) => "检查规则".to_owned(),
        Record::Group(g) => format!("党小组 {}", g.name),
        Record::Member(m) => format!("党员 {}", m.name),
        Record::Activity(a) => format!("{} {}", a.date, a.kind.label()),
        Record::StudyItem(s) => format!("学习计划 {} {}", s.date, s.topic),
    }
}

fn yes_no(b: bool) -> String {
    if b { "是" } else { "否" }.to_owned()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn person(data: &Dataset, id: &Option<MemberId>) -> String {
    id.as_ref().map(|m| data.member_name(m)).unwrap_or_default()
}

fn branch_fields(b: &Branch, data: &Dataset) -> Vec<(String, String)> {
    let mut out = vec![
        ("支部名称".to_owned(), b.name.clone()),
        ("上级党委".to_owned(), b.parent_org.clone()),
    ];
    for role in crate::domain::CommitteeRole::ALL {
        out.push((role.label().to_owned(), person(data, &b.holder(role).cloned())));
    }
    out
}

fn group_fields(g: &PartyGroup, data: &Dataset) -> Vec<(String, String)> {
    vec![
        ("名称".to_owned(), g.name.clone()),
        ("组长".to_owned(), person(data, &g.group_leader)),
    ]
}

fn member_fields(m: &Member, data: &Dataset) -> Vec<(String, String)> {
    let excused = m
        .excused
        .iter()
        .map(|e| format!("{}–{} {}", e.from, opt(&e.to), e.note))
        .collect::<Vec<_>>()
        .join("；");
    vec![
        ("姓名".to_owned(), m.name.clone()),
        ("类别".to_owned(), m.kind.label().to_owned()),
        (
            "党小组".to_owned(),
            m.group.as_ref().map(|g| data.group_name(g)).unwrap_or_default(),
        ),
        ("入党日期".to_owned(), opt(&m.party_joined)),
        ("转正日期".to_owned(), opt(&m.full_since)),
        (
            "转入日期".to_owned(),
            m.joined_branch.map_or_else(|| "不详".to_owned(), |d| d.to_string()),
        ),
        ("转出日期".to_owned(), opt(&m.left_branch)),
        ("流动党员".to_owned(), yes_no(m.mobile)),
        ("免于应到".to_owned(), excused),
        ("电话".to_owned(), m.phone.clone()),
        ("备注".to_owned(), m.note.clone()),
    ]
}

fn entry_text(e: &AttendanceEntry) -> String {
    let mut s = e.status.label().to_owned();
    if !e.reason.is_empty() {
        s.push_str(&format!("（{}）", e.reason));
    }
    if let Some(m) = &e.make_up {
        s.push_str(&format!("；{} {}补学", m.date, m.way.label()));
        if !m.note.is_empty() {
            s.push_str(&format!("：{}", m.note));
        }
    }
    s
}

fn activity_fields(a: &Activity, data: &Dataset) -> Vec<(String, String)> {
    let time = match (a.start, a.end) {
        (Some(s), Some(e)) => format!("{s}–{e}"),
        (Some(s), None) => s.to_string(),
        _ => String::new(),
    };
    let vote = a
        .vote
        .map(|v| {
            format!(
                "应到{} 实到{} 赞成{} 反对{} 弃权{}",
                v.eligible, v.present, v.in_favour, v.against, v.abstain
            )
        })
        .unwrap_or_default();
    let lecturer = if a.lecturer_name.is_empty() {
        person(data, &a.lecturer)
    } else {
        a.lecturer_name.clone()
    };
    let mut fields = vec![
        ("类别".to_owned(), a.kind.label().to_owned()),
        ("状态".to_owned(), a.status.label().to_owned()),
        ("日期".to_owned(), a.date.to_string()),
        ("时间".to_owned(), time),
        ("地点".to_owned(), a.location.clone()),
        ("主题".to_owned(), a.theme.clone()),
        (
            "党小组".to_owned(),
            a.group.as_ref().map(|g| data.group_name(g)).unwrap_or_default(),
        ),
        ("主持人".to_owned(), person(data, &a.host)),
        ("记录人".to_owned(), person(data, &a.recorder)),
        ("授课人".to_owned(), lecturer),
        ("议题".to_owned(), a.agenda.join("；")),
        ("内容".to_owned(), a.content.clone()),
        ("决议".to_owned(), a.resolution.clone()),
        ("表决".to_owned(), vote),
        ("学时".to_owned(), format_number(a.study_hours)),
    ];
    // The 民主评议, 对照检查 and 整改清单 person by person and item by item, so that two versions that differ in
    // one member's rating or one item's closing show exactly that line.
    if let Some(r) = &a.review {
        fields.push(("民主评议步骤".to_owned(), r.steps_text()));
        for e in &r.members {
            let b = e.ballots;
            let mut text = format!(
                "测评票 优秀{} 合格{} 基本合格{} 不合格{}；评定：{}",
                b.excellent,
                b.qualified,
                b.basically_qualified,
                b.unqualified,
                e.rating.map_or("未评定", |r| r.label())
            );
            let handling = e.handling_text();
            if !handling.is_empty() {
                text.push_str(&format!("；处置：{handling}"));
            }
            fields.push((format!("民主评议：{}", data.member_name(&e.member)), text));
        }
    }
    for e in &a.examinations {
        let text = if e.criticism.is_empty() {
            e.points.clone()
        } else {
            format!("{}；批评意见：{}", e.points, e.criticism)
        };
        fields.push((format!("对照检查：{}", data.member_name(&e.member)), text));
    }
    for r in &a.rectifications {
        let state = match r.closed {
            Some(d) => format!("{d}完成"),
            None => "整改中".to_owned(),
        };
        fields.push((
            format!("整改事项{}", r.id.trim_start_matches('r')),
            format!(
                "{}；措施：{}；责任人：{}；时限：{}；{}{}",
                r.problem,
                r.measure,
                r.owner_name(data),
                r.due.map(|d| d.to_string()).unwrap_or_default(),
                state,
                if r.evidence.is_empty() {
                    String::new()
                } else {
                    format!("；成效：{}", r.evidence)
                }
            ),
        ));
    }
    fields
}

fn study_fields(s: &StudyItem, data: &Dataset) -> Vec<(String, String)> {
    vec![
        ("日期".to_owned(), s.date.to_string()),
        ("整周".to_owned(), yes_no(s.whole_week)),
        ("学习主题".to_owned(), s.topic.clone()),
        ("学习材料".to_owned(), s.materials.clone()),
        ("形式".to_owned(), s.format.label().to_owned()),
        ("领学人".to_owned(), person(data, &s.study_leader)),
        ("学时".to_owned(), format_number(s.study_hours)),
        (
            "关联活动".to_owned(),
            s.activity
                .as_ref()
                .and_then(|id| data.activities.iter().find(|a| &a.id == id))
                .map(|a| format!("{} {}", a.date, a.kind.label()))
                .unwrap_or_default(),
        ),
        ("完成".to_owned(), yes_no(s.done)),
    ]
}

fn rules_fields(rules: &[crate::domain::rules::Rule]) -> Vec<(String, String)> {
    rules
        .iter()
        .map(|r| {
            let state = if r.enabled { "启用" } else { "关闭" };
            (r.describe(), format!("{state}；依据：{}", r.source))
        })
        .collect()
}

/// The fields of a record in words, in the order its form shows them.
fn fields(record: &Record, data: &Dataset) -> Vec<(String, String)> {
    match record {
        Record::Branch(b) => branch_fields(b, data),
        Record::Rules(r) => rules_fields(r),
        Record::Group(g) => group_fields(g, data),
        Record::Member(m) => member_fields(m, data),
        Record::Activity(a) => activity_fields(a, data),
        Record::StudyItem(s) => study_fields(s, data),
    }
}

/// Two versions side by side (`None`: that version deletes the record), field by field; an activity's roll
/// follows person by person, in the order of the left version's roll, then those only on the right. `data`
/// gives the names of the people and groups referred to.
pub fn compare(left: Option<&Record>, right: Option<&Record>, data: &Dataset) -> Vec<Row> {
    let l = left.map(|r| fields(r, data)).unwrap_or_default();
    let r = right.map(|r| fields(r, data)).unwrap_or_default();
    let mut labels: Vec<String> = l.iter().map(|(k, _)| k.clone()).collect();
    for (k, _) in &r {
        if !labels.contains(k) {
            labels.push(k.clone());
        }
    }
    let find = |list: &[(String, String)], k: &str| {
        list.iter()
            .find(|(label, _)| label == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let deleted = "（删除此记录）".to_owned();
    let mut rows: Vec<Row> = labels
        .iter()
        .map(|k| Row {
            label: k.clone(),
            left: if left.is_some() { find(&l, k) } else { deleted.clone() },
            right: if right.is_some() { find(&r, k) } else { deleted.clone() },
        })
        .collect();
    let roll = |rec: Option<&Record>| match rec {
        Some(Record::Activity(a)) => a.attendance.clone(),
        _ => Vec::new(),
    };
    let (lr, rr) = (roll(left), roll(right));
    let mut people: Vec<&MemberId> = lr.iter().map(|e| &e.member).collect();
    for e in &rr {
        if !people.contains(&&e.member) {
            people.push(&e.member);
        }
    }
    for id in people {
        let text = |side: Option<&Record>, list: &[AttendanceEntry]| {
            if side.is_none() {
                return deleted.clone();
            }
            list.iter()
                .find(|e| &e.member == id)
                .map(entry_text)
                .unwrap_or_else(|| "（不在名单中）".to_owned())
        };
        rows.push(Row {
            label: format!("出席名单 · {}", data.member_name(id)),
            left: text(left, &lr),
            right: text(right, &rr),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ActivityId, ActivityKind, AttendanceStatus, Date};

    #[test]
    fn a_roll_is_compared_person_by_person() {
        let mut data = Dataset::default();
        let mut a = Activity::new(
            ActivityId::from("a-1"),
            ActivityKind::GeneralMeeting,
            Date::ymd(2026, 3, 1),
        );
        for (id, status) in [("m-1", AttendanceStatus::Present), ("m-2", AttendanceStatus::Leave)] {
            a.attendance.push(AttendanceEntry {
                member: MemberId::from(id),
                status,
                reason: String::new(),
                make_up: None,
            });
        }
        let mut b = a.clone();
        b.location = "二楼".into();
        b.attendance[1].status = AttendanceStatus::Present;
        data.activities.push(a.clone());
        let rows = compare(Some(&Record::Activity(a.clone())), Some(&Record::Activity(b)), &data);
        let differing: Vec<&str> = rows.iter().filter(|r| r.differs()).map(|r| r.label.as_str()).collect();
        assert_eq!(differing, ["地点", "出席名单 · （已删除）"]);
        let gone = compare(Some(&Record::Activity(a)), None, &data);
        assert!(gone.iter().all(|r| r.right == "（删除此记录）"));
    }
}
