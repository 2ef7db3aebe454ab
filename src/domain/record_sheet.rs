//! One page of the 三会一课记录本 as text: every line of an activity's paper record (heading with 本年第N次,
//! time, place, 主持人/记录人/授课人, 应到/实到, 请假/缺席 with reasons, 异地参加, 列席, 议题, 内容, 表决, 决议,
//! 补学), gathered once from the data as plain strings, so that the screen, the printed record book and the
//! Word files read the same lines.

use super::activity::{chronological, Activity, ActivityKind, ActivityStatus, AttendanceStatus};
use super::dataset::Dataset;
use super::id::MemberId;
use super::member_review::ReviewLines;
use super::numbering::number_in_year;
use super::org_life;
use super::roll::tally;
use super::sort::sort_by;
use super::study::hours_text;

/// A person named on the page with the note in brackets (请假原因, 补学方式…).
#[derive(Clone, Debug, PartialEq)]
pub struct NamedNote {
    pub member: MemberId,
    pub name: String,
    pub note: String,
}

/// Every line of one record page, as text.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordSheet {
    pub branch: String,
    /// "党员大会", "党小组会（第一党小组）".
    pub kind_title: String,
    pub kind: ActivityKind,
    pub status: ActivityStatus,
    /// 本年第N次 (held activities only).
    pub number: Option<usize>,
    /// "2026年3月15日（星期日）09:00—11:00".
    pub when: String,
    pub date_short: String,
    pub location: String,
    pub theme: String,
    pub host: String,
    pub recorder: String,
    /// 授课人, for 党课 (a member or a guest).
    pub lecturer: Option<String>,
    pub expected: u32,
    pub expected_full: u32,
    pub expected_probationary: u32,
    pub attended: u32,
    pub present: Vec<String>,
    pub leave: Vec<NamedNote>,
    pub absent: Vec<NamedNote>,
    pub elsewhere: Vec<String>,
    pub observers: Vec<String>,
    pub agenda: Vec<String>,
    pub content: String,
    /// 表决 line for 党员大会 / 支委会; `None` for other kinds.
    pub vote: Option<String>,
    /// The quorum in words, for 党员大会 / 支委会.
    pub quorum: Option<(bool, String)>,
    pub resolution: String,
    /// 补学：姓名—日期—方式（说明）.
    pub make_ups: Vec<String>,
    /// Who was on leave or absent and has not made up yet.
    pub owed: Vec<String>,
    pub study_hours: f64,
    /// The 民主评议 done at the activity, if any.
    pub review: Option<ReviewLines>,
    /// 对照检查: "姓名：要点（批评意见：…）".
    pub examinations: Vec<String>,
    /// 整改清单 rows ([`org_life::ITEM_HEAD`]).
    pub rectifications: Vec<[String; 6]>,
}

/// Names joined by "、", or "无".
pub fn names(list: &[String]) -> String {
    if list.is_empty() {
        "无".to_owned()
    } else {
        list.join("、")
    }
}

/// "张三（出差）、李四", or "无".
pub fn noted(list: &[NamedNote]) -> String {
    if list.is_empty() {
        return "无".to_owned();
    }
    list.iter()
        .map(|n| {
            if n.note.trim().is_empty() {
                n.name.clone()
            } else {
                format!("{}（{}）", n.name, n.note.trim())
            }
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// "党员大会", or "党小组会（第一党小组）" for a group meeting.
pub fn kind_title(activity: &Activity, data: &Dataset) -> String {
    match (&activity.group, activity.kind) {
        (Some(g), ActivityKind::GroupMeeting) => format!("{}（{}）", activity.kind.label(), data.group_name(g)),
        _ => activity.kind.label().to_owned(),
    }
}

/// "2026年3月15日（星期日）09:00—11:00".
pub fn when_text(activity: &Activity) -> String {
    let mut s = format!("{}（星期{}）", activity.date.chinese(), activity.date.weekday().label());
    match (activity.start, activity.end) {
        (Some(a), Some(b)) => s.push_str(&format!("{a}—{b}")),
        (Some(a), None) => s.push_str(&format!("{a}起")),
        (None, Some(b)) => s.push_str(&format!("至{b}")),
        (None, None) => {}
    }
    s
}

/// The quorum in plain Chinese: (met, sentence).
pub fn quorum_text(kind: ActivityKind, voting_expected: u32, voting_attended: u32, required: u32, met: bool) -> String {
    let who = if kind == ActivityKind::CommitteeMeeting {
        "支委会委员（有表决权）"
    } else {
        "有表决权的正式党员"
    };
    if voting_expected == 0 {
        return format!("{who}应到0人，无法表决");
    }
    if met {
        format!("{who}应到{voting_expected}人、实到{voting_attended}人，超过半数（至少{required}人），可以进行表决")
    } else {
        format!("{who}应到{voting_expected}人、实到{voting_attended}人，未超过半数（至少需{required}人），不能进行表决")
    }
}

impl RecordSheet {
    pub fn new(activity: &Activity, data: &Dataset) -> RecordSheet {
        let t = tally(activity, data);
        let name = |id: &MemberId| data.member_name(id);
        let mut present = Vec::new();
        let mut leave = Vec::new();
        let mut absent = Vec::new();
        let mut elsewhere = Vec::new();
        let mut observers = Vec::new();
        let mut make_ups = Vec::new();
        let mut owed = Vec::new();
        // Each list in the branch's order of names (按姓氏笔画 unless chosen otherwise).
        let mut entries: Vec<(&crate::domain::AttendanceEntry, String)> =
            activity.attendance.iter().map(|e| (e, name(&e.member))).collect();
        crate::domain::sort::sort_by(&mut entries, |a, b| data.compare_names(&a.1, &b.1));
        for (e, n) in entries {
            match e.status {
                AttendanceStatus::Present => present.push(n.clone()),
                AttendanceStatus::Leave => leave.push(NamedNote {
                    member: e.member.clone(),
                    name: n.clone(),
                    note: e.reason.clone(),
                }),
                AttendanceStatus::Absent => absent.push(NamedNote {
                    member: e.member.clone(),
                    name: n.clone(),
                    note: e.reason.clone(),
                }),
                AttendanceStatus::Elsewhere => elsewhere.push(n.clone()),
                AttendanceStatus::Observer => observers.push(n.clone()),
            }
            if let Some(m) = &e.make_up {
                let mut line = format!("{}—{}—{}", n, m.date.chinese(), m.way.label());
                if !m.note.trim().is_empty() {
                    line.push_str(&format!("（{}）", m.note.trim()));
                }
                make_ups.push(line);
            } else if e.status.owes_make_up() {
                owed.push(n.clone());
            }
        }
        let lecturer = (activity.kind == ActivityKind::PartyLecture
            || activity.lecturer.is_some()
            || !activity.lecturer_name.trim().is_empty())
        .then(|| match &activity.lecturer {
            Some(id) => name(id),
            None => activity.lecturer_name.trim().to_owned(),
        });
        let quorum = t.quorum.map(|q| {
            (
                q.met,
                quorum_text(activity.kind, t.voting_expected, t.voting_attended, q.required, q.met),
            )
        });
        let vote = activity.kind.has_quorum().then(|| match activity.vote {
            Some(v) => format!(
                "应到有表决权{}人、实到{}人；赞成{}人，反对{}人，弃权{}人",
                v.eligible, v.present, v.in_favour, v.against, v.abstain
            ),
            None => "本次会议未进行表决".to_owned(),
        });
        RecordSheet {
            branch: data.branch.name.clone(),
            kind_title: kind_title(activity, data),
            kind: activity.kind,
            status: activity.status,
            number: (activity.status == ActivityStatus::Held)
                .then(|| number_in_year(&data.activities, activity))
                .filter(|n| *n > 0),
            when: when_text(activity),
            date_short: activity.date.to_string(),
            location: activity.location.clone(),
            theme: activity.theme.clone(),
            host: activity.host.as_ref().map(name).unwrap_or_default(),
            recorder: activity.recorder.as_ref().map(name).unwrap_or_default(),
            lecturer,
            expected: t.expected,
            expected_full: t.expected_full,
            expected_probationary: t.expected_probationary,
            attended: t.attended,
            present,
            leave,
            absent,
            elsewhere,
            observers,
            agenda: activity
                .agenda
                .iter()
                .filter(|a| !a.trim().is_empty())
                .cloned()
                .collect(),
            content: activity.content.clone(),
            vote,
            quorum,
            resolution: activity.resolution.clone(),
            make_ups,
            owed,
            study_hours: activity.study_hours,
            review: activity.review.as_ref().map(|r| ReviewLines::new(r, data)),
            examinations: org_life::examination_lines(&activity.examinations, data),
            rectifications: org_life::item_rows(&activity.rectifications, data),
        }
    }

    /// "××党支部 党员大会 记录".
    pub fn title(&self) -> String {
        let branch = if self.branch.trim().is_empty() {
            "本党支部"
        } else {
            self.branch.trim()
        };
        format!("{branch} {} 记录", self.kind_title)
    }

    pub fn theme_label(&self) -> &'static str {
        match self.kind {
            ActivityKind::PartyLecture => "题目",
            _ => "主题",
        }
    }

    /// "（本年第3次）" for a held activity.
    pub fn number_text(&self) -> Option<String> {
        self.number.map(|n| format!("（本年第{n}次）"))
    }

    /// Why a planned or cancelled entry has no roll; `None` for a held one.
    pub fn status_note(&self) -> Option<&'static str> {
        match self.status {
            ActivityStatus::Held => None,
            ActivityStatus::Planned => Some("本活动为计划，尚未开展"),
            ActivityStatus::Cancelled => Some("本活动已取消"),
        }
    }

    /// "应到：12人（正式10、预备2）　实到：11人".
    pub fn attendance_line(&self) -> String {
        format!(
            "应到：{}人（正式{}、预备{}）　实到：{}人",
            self.expected, self.expected_full, self.expected_probationary, self.attended
        )
    }

    /// "2学时", when the activity credits study hours.
    pub fn hours_text(&self) -> Option<String> {
        (self.study_hours > 0.0).then(|| format!("{}学时", hours_text(self.study_hours)))
    }

    /// "尚未补学：张三、李四", when someone still owes make-up study.
    pub fn owed_text(&self) -> Option<String> {
        (!self.owed.is_empty()).then(|| format!("尚未补学：{}", self.owed.join("、")))
    }
}

/// The pages of the year's record book: every held activity of `year` (of one kind if given), in date order.
pub fn year_book_sheets(data: &Dataset, year: i32, kind: Option<ActivityKind>) -> Vec<RecordSheet> {
    let mut list: Vec<&Activity> = data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held && a.date.year() == year)
        .filter(|a| kind.is_none_or(|k| a.kind == k))
        .collect();
    sort_by(&mut list, chronological);
    list.into_iter().map(|a| RecordSheet::new(a, data)).collect()
}

/// The name of the year's book: "三会一课记录本", or "党员大会记录本" for one kind.
pub fn book_name(kind: Option<ActivityKind>) -> String {
    match kind {
        Some(k) => format!("{}记录本", k.label()),
        None => "三会一课记录本".to_owned(),
    }
}
