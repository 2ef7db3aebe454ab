//! One page of the 三会一课记录本: an activity laid out as the paper record (see `docs/domain.md`).
//!
//! [`RecordSheet`] gathers every line of the page from the data once (plain strings, no signals), so the
//! year book can lay out a hundred pages without cloning the dataset; [`RecordPage`] renders it.

use crate::domain::numbering::number_in_year;
use crate::domain::roll::tally;
use crate::domain::{Activity, ActivityKind, ActivityStatus, AttendanceStatus, Dataset, MemberId};
use leptos::prelude::*;

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
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "无".to_owned()
    } else {
        list.join("、")
    }
}

fn noted(list: &[NamedNote]) -> String {
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
        for e in &activity.attendance {
            let n = name(&e.member);
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
}

fn fmt_hours(h: f64) -> String {
    if (h - h.round()).abs() < 1e-9 {
        format!("{}", h.round() as i64)
    } else {
        format!("{h:.1}")
    }
}

/// One record page. `running_header` (branch name and year) is printed at the top of the page in the year
/// book.
#[component]
pub fn RecordPage(sheet: RecordSheet, #[prop(optional, into)] running_header: Option<String>) -> impl IntoView {
    let s = sheet;
    let number = s.number.map(|n| format!("（本年第{n}次）"));
    let status_note = match s.status {
        ActivityStatus::Held => None,
        ActivityStatus::Planned => Some("本活动为计划，尚未开展"),
        ActivityStatus::Cancelled => Some("本活动已取消"),
    };
    let attendance_line = format!(
        "应到：{}人（正式{}、预备{}）　实到：{}人",
        s.expected, s.expected_full, s.expected_probationary, s.attended
    );
    let leave = noted(&s.leave);
    let absent = noted(&s.absent);
    let elsewhere = names(&s.elsewhere);
    let observers = names(&s.observers);
    let present = names(&s.present);
    let theme_label = s.theme_label();
    let has_theme = !s.theme.trim().is_empty();
    let theme = s.theme.clone();
    let agenda = s.agenda.clone();
    let content = s.content.clone();
    let resolution = s.resolution.clone();
    let make_ups = s.make_ups.clone();
    let owed = s.owed.clone();
    let held = s.status == ActivityStatus::Held;
    let hours = (s.study_hours > 0.0).then(|| format!("{}学时", fmt_hours(s.study_hours)));
    view! {
        <article class="record-sheet">
            {running_header.map(|h| view! { <div class="record-running-header">{h}</div> })}
            <h2 class="record-title">
                <span>{s.title()}</span>
                {number.map(|n| view! { <span class="record-number">{n}</span> })}
            </h2>
            {status_note.map(|n| view! { <p class="record-status-note">{n}</p> })}
            <table class="record-grid">
                <colgroup>
                    <col class="col-label"/>
                    <col/>
                    <col class="col-label"/>
                    <col/>
                </colgroup>
                <tbody>
                    <tr>
                        <th>"时间"</th>
                        <td colspan="3">{s.when.clone()}</td>
                    </tr>
                    <tr>
                        <th>"地点"</th>
                        <td colspan="3">{s.location.clone()}</td>
                    </tr>
                    <tr>
                        <th>"主持人"</th>
                        <td class="rec-host">{s.host.clone()}</td>
                        <th>"记录人"</th>
                        <td class="rec-recorder">{s.recorder.clone()}</td>
                    </tr>
                    {s
                        .lecturer
                        .clone()
                        .map(|l| {
                            view! {
                                <tr>
                                    <th>"授课人"</th>
                                    <td colspan="3" class="rec-lecturer">{l}</td>
                                </tr>
                            }
                        })}
                    {has_theme
                        .then(|| {
                            view! {
                                <tr>
                                    <th>{theme_label}</th>
                                    <td colspan="3" class="rec-theme">{theme}</td>
                                </tr>
                            }
                        })}
                    {held
                        .then(|| {
                            view! {
                    <tr>
                        <th>"出勤"</th>
                        <td colspan="3" class="rec-attendance">
                            {attendance_line}
                            {hours.map(|h| view! { <span class="rec-hours">{format!("　学时：{h}")}</span> })}
                        </td>
                    </tr>
                    <tr>
                        <th>"出席"</th>
                        <td colspan="3" class="rec-present">{present}</td>
                    </tr>
                    <tr>
                        <th>"请假"</th>
                        <td colspan="3" class="rec-leave">{leave}</td>
                    </tr>
                    <tr>
                        <th>"缺席"</th>
                        <td colspan="3" class="rec-absent">{absent}</td>
                    </tr>
                    <tr>
                        <th>"异地参加"</th>
                        <td colspan="3" class="rec-elsewhere">{elsewhere}</td>
                    </tr>
                    <tr>
                        <th>"列席"</th>
                        <td colspan="3" class="rec-observers">{observers}</td>
                    </tr>
                            }
                        })}
                    <tr>
                        <th>"议题"</th>
                        <td colspan="3" class="rec-agenda">
                            {if agenda.is_empty() {
                                view! { <span>"无"</span> }.into_any()
                            } else {
                                view! {
                                    <ol>{agenda.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ol>
                                }
                                    .into_any()
                            }}
                        </td>
                    </tr>
                    <tr class="rec-content-row">
                        <th>"内容"<br/>"发言摘要"</th>
                        <td colspan="3" class="rec-content">{content}</td>
                    </tr>
                    {s
                        .vote
                        .clone()
                        .map(|v| {
                            let quorum = s.quorum.clone();
                            view! {
                                <tr>
                                    <th>"表决"</th>
                                    <td colspan="3" class="rec-vote">
                                        <div>{v}</div>
                                        {quorum
                                            .map(|(met, q)| {
                                                view! {
                                                    <div class="rec-quorum" class:quorum-not-met=!met>
                                                        {q}
                                                    </div>
                                                }
                                            })}
                                    </td>
                                </tr>
                            }
                        })}
                    <tr>
                        <th>"决议"</th>
                        <td colspan="3" class="rec-resolution">{resolution}</td>
                    </tr>
                    <tr>
                        <th>"补学"</th>
                        <td colspan="3" class="rec-makeup">
                            {(make_ups.is_empty() && owed.is_empty()).then(|| view! { <span>"无"</span> })}
                            {(!make_ups.is_empty())
                                .then(|| {
                                    view! {
                                        <ul>{make_ups.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                                    }
                                })}
                            {(!owed.is_empty())
                                .then(|| {
                                    view! {
                                        <div class="rec-makeup-owed">{format!("尚未补学：{}", owed.join("、"))}</div>
                                    }
                                })}
                        </td>
                    </tr>
                </tbody>
            </table>
            <div class="record-signatures">
                <span>"主持人签字："<span class="sign-line"></span></span>
                <span>"记录人签字："<span class="sign-line"></span></span>
            </div>
        </article>
    }
}
