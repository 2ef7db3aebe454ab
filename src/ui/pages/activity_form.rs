//! 记一次活动 / 编辑记录: choose the kind, then one form with sensible defaults, the attendance roll
//! (rebuilt when the date, kind or group change), live 应到/实到 and quorum, validation next to each field,
//! and one store transaction on save.

use crate::domain::date::DateError;
use crate::domain::roll::{default_roll, joined_after, tally};
use crate::domain::sort::sort_by;
use crate::domain::study::hours_text;
use crate::domain::templates::{default_agenda, default_study_hours};
use crate::domain::validate::{message_for, validate_activity, FieldError, Invalid};
use crate::domain::{
    Activity, ActivityId, ActivityKind, ActivityStatus, AttendanceEntry, AttendanceStatus, CommitteeRole, Dataset,
    Date, GroupId, MemberId, Time, Vote,
};
use crate::ui::action::run_action;
use crate::ui::clock::{new_activity_id, today};
use crate::ui::components::record_page::quorum_text;
use crate::ui::components::roll_editor::RollEditor;
use crate::ui::components::roll_warning::{roll_warning_text, RollWarning};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

/// What each kind is, in one line, for the big buttons.
fn kind_hint(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::GeneralMeeting => "一般每季度1次，表决须过半数",
        ActivityKind::CommitteeMeeting => "一般每月1次",
        ActivityKind::GroupMeeting => "每个党小组一般每月1次",
        ActivityKind::PartyLecture => "每季度至少1次",
        ActivityKind::ThemeDay => "每月相对固定1天",
        ActivityKind::OrgLifeMeeting => "每年至少1次，一般在第四季度",
        ActivityKind::MemberReview => "一般每年1次",
        ActivityKind::HeartTalk => "每年不少于1次",
        ActivityKind::GroupStudy => "按学习计划开展",
    }
}

/// The kind chooser shown first: the date of the activity (today, or `?date=`; a past date when catching up
/// on an earlier year), then nine big buttons, each with what the rules expect and how many were held in the
/// year of that date.
#[component]
fn KindChooser(date: Option<Date>) -> impl IntoView {
    let app = use_app();
    let day = RwSignal::new(date.unwrap_or_else(today).to_string());
    let chosen = Memo::new(move |_| Date::parse(day.get().trim()).ok());
    let year = Memo::new(move |_| chosen.get().map_or_else(|| today().year(), Date::year));
    let counts = Memo::new(move |_| {
        let year = year.get();
        app.data.with(|d| {
            ActivityKind::ALL.map(|k| {
                d.activities
                    .iter()
                    .filter(|a| a.kind == k && a.status == ActivityStatus::Held && a.date.year() == year)
                    .count()
            })
        })
    });
    // The form opens on the chosen date (no `date=` for today, the usual case).
    let href = move |k: ActivityKind| match chosen.get().filter(|d| *d != today()) {
        Some(d) => format!("/activities/new?kind={}&date={d}", k.code()),
        None => format!("/activities/new?kind={}", k.code()),
    };
    view! {
        <div class="page-header">
            <h1>"记一次活动"</h1>
            <a class="btn" href="/activities">"返回活动记录"</a>
        </div>
        <div class="field kind-date">
            <label for="kc-date">"活动日期"</label>
            <input id="kc-date" type="date" min="1900-01-01" max="2200-12-31" bind:value=day
                aria-describedby="kc-date-hint"/>
            <p class="hint" id="kc-date-hint">"补录往年的活动，先改日期：下面的次数按该日所在年份统计。"</p>
        </div>
        <p class="muted">"再选活动类别："</p>
        <div class="kind-grid">
            {ActivityKind::ALL
                .into_iter()
                .enumerate()
                .map(|(i, k)| {
                    view! {
                        <a class="kind-btn" href=move || href(k) data-kind=k.code()>
                            <span class="kind-name">{k.label()}</span>
                            <span class="kind-hint">{kind_hint(k)}</span>
                            <span class="kind-count">
                                {move || format!("{}年已开展{}次", year.get(), counts.get()[i])}
                            </span>
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// /activities/new?kind=…[&date=YYYY-MM-DD][&group=…]
#[component]
pub fn ActivityNewPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><ActivityNewPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn ActivityNewPageBody() -> impl IntoView {
    let query = use_query_map();
    let app = use_app();
    move || {
        let (kind, date, group) = query.with(|q| {
            (
                q.get("kind").and_then(|c| ActivityKind::from_code(&c)),
                q.get("date").and_then(|d| Date::parse(&d).ok()),
                q.get("group").map(|g| GroupId(g.to_owned())),
            )
        });
        match kind {
            None => view! { <KindChooser date=date/> }.into_any(),
            Some(kind) => {
                let initial = app
                    .data
                    .with_untracked(|d| new_activity(d, kind, date.unwrap_or_else(today), group.as_ref()));
                view! { <ActivityForm initial=initial is_new=true/> }.into_any()
            }
        }
    }
}

/// /activities/:id/edit[?hold=1] (hold: a planned activity being recorded as held).
#[component]
pub fn ActivityEditPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><ActivityEditPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn ActivityEditPageBody() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let app = use_app();
    move || {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        let hold = query.with(|q| q.get("hold").is_some());
        let found = app.data.with_untracked(|d| {
            d.activities.iter().find(|a| a.id.as_str() == id).cloned().map(|mut a| {
                if hold {
                    // Recording a planned meeting: fill in whoever the plan left open, as a new record would.
                    a.status = ActivityStatus::Held;
                    if a.host.is_none() {
                        a.host = default_host(d, a.kind, a.group.as_ref());
                    }
                    if a.recorder.is_none() {
                        a.recorder = default_recorder(d, a.kind, a.host.as_ref());
                    }
                    if a.kind == ActivityKind::PartyLecture && a.lecturer.is_none() && a.lecturer_name.is_empty() {
                        a.lecturer = chair(d);
                    }
                }
                if a.attendance.is_empty() {
                    a.attendance = default_roll(d, a.kind, a.date, a.group.as_ref());
                }
                if a.agenda.is_empty() {
                    a.agenda = default_agenda(a.kind);
                }
                a
            })
        });
        match found {
            Some(a) => view! { <ActivityForm initial=a is_new=false/> }.into_any(),
            None => view! {
                <div class="alert-warn">
                    <p>"找不到这条记录，可能已被删除。"</p>
                    <a class="btn" href="/activities">"返回活动记录"</a>
                </div>
            }
            .into_any(),
        }
    }
}

/// The secretary, or failing that the deputy secretary.
fn chair(d: &Dataset) -> Option<MemberId> {
    d.branch
        .holder(CommitteeRole::Secretary)
        .or_else(|| d.branch.holder(CommitteeRole::DeputySecretary))
        .cloned()
}

/// Who chairs by default: the group leader for a group meeting, else the secretary.
fn default_host(d: &Dataset, kind: ActivityKind, group: Option<&GroupId>) -> Option<MemberId> {
    if kind == ActivityKind::GroupMeeting {
        return group.and_then(|g| d.group(g)).and_then(|g| g.group_leader.clone());
    }
    chair(d)
}

/// Who records by default: the organisation commissioner (not for group meetings).
fn default_recorder(d: &Dataset, kind: ActivityKind, host: Option<&MemberId>) -> Option<MemberId> {
    if kind == ActivityKind::GroupMeeting {
        return None;
    }
    [
        CommitteeRole::Organization,
        CommitteeRole::DeputySecretary,
        CommitteeRole::Publicity,
        CommitteeRole::Discipline,
    ]
    .into_iter()
    .filter_map(|r| d.branch.holder(r))
    .find(|m| Some(*m) != host)
    .cloned()
}

/// A new record of `kind` on `date` with every default filled in: times and place of the last record of
/// the same kind (else 09:00—11:00), host and recorder by office, the usual agenda, the default roll.
fn new_activity(d: &Dataset, kind: ActivityKind, date: Date, group: Option<&GroupId>) -> Activity {
    let mut a = Activity::new(new_activity_id(), kind, date);
    let last = d
        .activities
        .iter()
        .filter(|x| x.kind == kind && x.status == ActivityStatus::Held)
        .max_by(|x, y| (x.date, x.start).cmp(&(y.date, y.start)));
    a.start = last.and_then(|l| l.start).or(Some(Time::hm(9, 0)));
    a.end = last.and_then(|l| l.end).or(Some(Time::hm(11, 0)));
    if a.end <= a.start {
        a.end = None;
    }
    a.location = last.map(|l| l.location.clone()).unwrap_or_default();
    let group = group
        .filter(|g| d.group(g).is_some())
        .cloned()
        .or_else(|| (kind == ActivityKind::GroupMeeting && d.groups.len() == 1).then(|| d.groups[0].id.clone()));
    if kind == ActivityKind::GroupMeeting {
        a.group = group;
    }
    a.host = default_host(d, kind, a.group.as_ref());
    a.recorder = default_recorder(d, kind, a.host.as_ref());
    if kind == ActivityKind::PartyLecture {
        a.lecturer = chair(d);
    }
    a.agenda = default_agenda(kind);
    a.study_hours = default_study_hours(kind);
    if date > today() {
        a.status = ActivityStatus::Planned;
    }
    a.attendance = default_roll(d, kind, date, a.group.as_ref());
    a
}

/// Keeps the marks already made for people still on a rebuilt roll.
fn merge_roll(fresh: Vec<AttendanceEntry>, old: &[AttendanceEntry]) -> Vec<AttendanceEntry> {
    fresh
        .into_iter()
        .map(|mut e| {
            if let Some(o) = old.iter().find(|o| o.member == e.member) {
                let observer = |s: AttendanceStatus| s == AttendanceStatus::Observer;
                if observer(o.status) == observer(e.status) {
                    e.status = o.status;
                    e.reason = o.reason.clone();
                    e.make_up = o.make_up.clone();
                }
            }
            e
        })
        .collect()
}

fn opt_time(t: Option<Time>) -> String {
    t.map(|t| t.to_string()).unwrap_or_default()
}

const GUEST: &str = "__guest__";

/// Every field of the form as a signal (cheap to copy into closures).
#[derive(Clone, Copy)]
struct Form {
    id: StoredValue<ActivityId>,
    kind: RwSignal<ActivityKind>,
    status: RwSignal<ActivityStatus>,
    /// Whether the user chose the status (else it follows the date: future means 计划).
    status_touched: RwSignal<bool>,
    date: RwSignal<String>,
    start: RwSignal<String>,
    end: RwSignal<String>,
    location: RwSignal<String>,
    theme: RwSignal<String>,
    group: RwSignal<Option<GroupId>>,
    host: RwSignal<Option<MemberId>>,
    recorder: RwSignal<Option<MemberId>>,
    lecturer: RwSignal<Option<MemberId>>,
    lecturer_guest: RwSignal<bool>,
    lecturer_name: RwSignal<String>,
    agenda: RwSignal<Vec<(u32, String)>>,
    next_key: StoredValue<u32>,
    content: RwSignal<String>,
    resolution: RwSignal<String>,
    vote_on: RwSignal<bool>,
    vote: [RwSignal<String>; 5],
    hours: RwSignal<String>,
    roll: RwSignal<Vec<AttendanceEntry>>,
}

impl Form {
    fn new(a: &Activity) -> Form {
        let v = a.vote.unwrap_or_default();
        Form {
            id: StoredValue::new(a.id.clone()),
            kind: RwSignal::new(a.kind),
            status: RwSignal::new(a.status),
            status_touched: RwSignal::new(false),
            date: RwSignal::new(a.date.to_string()),
            start: RwSignal::new(opt_time(a.start)),
            end: RwSignal::new(opt_time(a.end)),
            location: RwSignal::new(a.location.clone()),
            theme: RwSignal::new(a.theme.clone()),
            group: RwSignal::new(a.group.clone()),
            host: RwSignal::new(a.host.clone()),
            recorder: RwSignal::new(a.recorder.clone()),
            lecturer: RwSignal::new(a.lecturer.clone()),
            lecturer_guest: RwSignal::new(a.lecturer.is_none() && !a.lecturer_name.trim().is_empty()),
            lecturer_name: RwSignal::new(a.lecturer_name.clone()),
            agenda: RwSignal::new(
                a.agenda
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (i as u32, s.clone()))
                    .collect(),
            ),
            next_key: StoredValue::new(a.agenda.len() as u32),
            content: RwSignal::new(a.content.clone()),
            resolution: RwSignal::new(a.resolution.clone()),
            vote_on: RwSignal::new(a.vote.is_some()),
            vote: [v.eligible, v.present, v.in_favour, v.against, v.abstain].map(|n| RwSignal::new(n.to_string())),
            hours: RwSignal::new(hours_text(a.study_hours)),
            roll: RwSignal::new(a.attendance.clone()),
        }
    }

    fn parsed_date(&self) -> Option<Date> {
        Date::parse(&self.date.get()).ok()
    }

    fn set_agenda(&self, items: Vec<String>) {
        let start = self.next_key.get_value();
        self.next_key.set_value(start + items.len() as u32);
        self.agenda.set(
            items
                .into_iter()
                .enumerate()
                .map(|(i, s)| (start + i as u32, s))
                .collect(),
        );
    }

    /// The activity as typed, with the form's own parse errors (dates, times, numbers).
    fn build(&self) -> (Activity, Vec<FieldError>) {
        let mut errs = Vec::new();
        let date = match self.date.with(|s| s.trim().is_empty()) {
            true => {
                errs.push(FieldError::new("date", Invalid::Required("日期")));
                None
            }
            false => match Date::parse(&self.date.get()) {
                Ok(d) => Some(d),
                Err(e) => {
                    errs.push(FieldError::new("date", Invalid::Date(e)));
                    None
                }
            },
        };
        let time = |s: RwSignal<String>, field: &'static str, errs: &mut Vec<FieldError>| {
            let t = s.get();
            if t.trim().is_empty() {
                None
            } else {
                match Time::parse(&t) {
                    Ok(t) => Some(t),
                    Err(_) => {
                        errs.push(FieldError::new(field, Invalid::Date(DateError::TimeFormat)));
                        None
                    }
                }
            }
        };
        let start = time(self.start, "start", &mut errs);
        let end = time(self.end, "end", &mut errs);
        let kind = self.kind.get();
        let hours = match self.hours.with(|h| h.trim().to_owned()) {
            h if h.is_empty() => 0.0,
            h => match h.parse::<f64>() {
                Ok(x) if x.is_finite() => x,
                _ => {
                    errs.push(FieldError::new("study_hours", Invalid::HoursRange));
                    0.0
                }
            },
        };
        let vote = (kind.has_quorum() && self.vote_on.get()).then(|| {
            let n = self.vote.map(|s| s.with(|t| t.trim().parse::<u32>()));
            if n.iter().any(|x| x.is_err()) {
                errs.push(FieldError::new("vote", Invalid::VoteCounts));
            }
            let [eligible, present, in_favour, against, abstain] = n.map(|x| x.unwrap_or(0));
            Vote {
                eligible,
                present,
                in_favour,
                against,
                abstain,
            }
        });
        let status = self.status.get();
        let guest = kind == ActivityKind::PartyLecture && self.lecturer_guest.get();
        let mut a = Activity::new(self.id.get_value(), kind, date.unwrap_or_else(|| Date::ymd(2000, 1, 1)));
        a.status = status;
        a.start = start;
        a.end = end;
        a.location = self.location.get().trim().to_owned();
        a.theme = self.theme.get().trim().to_owned();
        a.group = if kind == ActivityKind::GroupMeeting {
            self.group.get()
        } else {
            None
        };
        a.host = self.host.get();
        a.recorder = self.recorder.get();
        if kind == ActivityKind::PartyLecture {
            if guest {
                a.lecturer_name = self.lecturer_name.get().trim().to_owned();
            } else {
                a.lecturer = self.lecturer.get();
            }
        }
        a.agenda = self.agenda.with(|v| {
            v.iter()
                .map(|(_, s)| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        });
        a.content = self.content.get().trim_end().to_owned();
        a.resolution = self.resolution.get().trim_end().to_owned();
        a.vote = vote;
        a.study_hours = hours;
        a.attendance = if status == ActivityStatus::Held {
            self.roll.get()
        } else {
            Vec::new()
        };
        (a, errs)
    }
}

/// The people who may host, record or lecture on `date`: party members in the branch that day, committee
/// members first.
fn eligible_people(d: &Dataset, date: Option<Date>) -> Vec<(MemberId, String)> {
    let Some(day) = date else {
        return Vec::new();
    };
    let mut people: Vec<_> = d
        .members
        .iter()
        .filter(|m| m.in_branch_on(day) && m.is_party_member_on(day))
        .map(|m| {
            let roles = d.branch.roles_of(&m.id);
            let rank = roles.iter().map(|r| *r as usize).min().unwrap_or(usize::MAX);
            let label = if roles.is_empty() {
                m.name.clone()
            } else {
                format!(
                    "{}（{}）",
                    m.name,
                    roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、")
                )
            };
            (rank, m.name.clone(), m.id.clone(), label)
        })
        .collect();
    sort_by(&mut people, |a, b| {
        a.0.cmp(&b.0)
            .then_with(|| d.compare_names(&a.1, &b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    people.into_iter().map(|(_, _, id, label)| (id, label)).collect()
}

/// A `<select>` of people eligible on the activity's date; a current choice who is not eligible is kept
/// (marked) so its validation message makes sense.
#[component]
fn PersonSelect(
    #[prop(into)] id: String,
    value: RwSignal<Option<MemberId>>,
    people: Memo<Vec<(MemberId, String)>>,
    #[prop(optional)] guest: Option<RwSignal<bool>>,
    #[prop(into)] invalid: Signal<bool>,
) -> impl IntoView {
    let app = use_app();
    let extra = move || {
        let cur = value.get()?;
        if people.with(|p| p.iter().any(|(id, _)| *id == cur)) {
            return None;
        }
        let name = app.data.with(|d| d.member_name(&cur));
        Some((cur, format!("{name}（当天不在本支部或不是党员）")))
    };
    let is_guest = move || guest.is_some_and(|g| g.get());
    view! {
        <select
            id=id
            aria-invalid=move || invalid.get().then_some("true")
            on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some(g) = guest {
                    g.set(v == GUEST);
                }
                value.set(if v.is_empty() || v == GUEST { None } else { Some(MemberId(v)) });
            }
        >
            <option value="" prop:selected=move || value.with(Option::is_none) && !is_guest()>
                "（未指定）"
            </option>
            {move || {
                extra()
                    .map(|(id, label)| {
                        view! {
                            <option value=id.0.clone() prop:selected=true>
                                {label}
                            </option>
                        }
                    })
            }}
            {move || {
                people
                    .get()
                    .into_iter()
                    .map(|(id, label)| {
                        let cur = id.clone();
                        view! {
                            <option
                                value=id.0.clone()
                                prop:selected=move || value.with(|v| v.as_ref() == Some(&cur)) && !is_guest()
                            >
                                {label}
                            </option>
                        }
                    })
                    .collect_view()
            }}
            {guest
                .map(|g| {
                    view! {
                        <option value=GUEST prop:selected=move || g.get()>
                            "外请人员（填写姓名）"
                        </option>
                    }
                })}
        </select>
    }
}

/// The message under a field, once the user has tried to save.
fn field_msg(errors: Memo<Vec<FieldError>>, tried: RwSignal<bool>, field: &'static str) -> impl IntoView {
    move || {
        tried
            .get()
            .then(|| errors.with(|e| message_for(e, field)))
            .flatten()
            .map(|m| {
                view! {
                    <p class="field-error" data-field=field role="alert">
                        {m}
                    </p>
                }
            })
    }
}

#[component]
fn ActivityForm(initial: Activity, is_new: bool) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let f = Form::new(&initial);
    let tried = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let save_error = RwSignal::new(None::<String>);

    // Everything the form says, checked: the form's own parse errors, then the domain's rules.
    let checked = Memo::new(move |_| {
        let (a, mut errs) = f.build();
        let date_bad = errs.iter().any(|e| e.field == "date");
        let domain = app.data.with(|d| validate_activity(&a, d));
        for e in domain {
            if date_bad && matches!(e.field, "host" | "recorder" | "lecturer" | "attendance") {
                continue;
            }
            if !errs.iter().any(|x| x.field == e.field) || e.field == "attendance" {
                errs.push(e);
            }
        }
        errs
    });
    let has_error = move |field: &'static str| {
        Signal::derive(move || tried.get() && checked.with(|e| message_for(e, field).is_some()))
    };

    let date = Memo::new(move |_| f.parsed_date());
    let people = Memo::new(move |_| {
        let day = date.get();
        app.data.with(|d| eligible_people(d, day))
    });

    // Rebuild the roll when the date, kind or group change, keeping marks already made; follow the kind's
    // defaults (agenda, hours, host) where the user has not changed them.
    Effect::new(move |prev: Option<(ActivityKind, Option<Date>, Option<GroupId>)>| {
        let cur = (f.kind.get(), date.get(), f.group.get());
        if let Some((old_kind, old_date, old_group)) = prev.clone() {
            if prev.as_ref() != Some(&cur) {
                let (kind, day, group) = cur.clone();
                if let Some(day) = day {
                    let fresh = app.data.with_untracked(|d| {
                        default_roll(
                            d,
                            kind,
                            day,
                            if kind == ActivityKind::GroupMeeting {
                                group.as_ref()
                            } else {
                                None
                            },
                        )
                    });
                    let old_default: Vec<MemberId> = match old_date {
                        Some(od) => app.data.with_untracked(|d| {
                            default_roll(d, old_kind, od, old_group.as_ref())
                                .into_iter()
                                .map(|e| e.member)
                                .collect()
                        }),
                        None => Vec::new(),
                    };
                    let still_here = |m: &MemberId| {
                        app.data
                            .with_untracked(|d| d.member(m).is_some_and(|m| m.in_branch_on(day)))
                    };
                    f.roll.update(|r| {
                        let mut next = merge_roll(fresh, r);
                        // People added by hand (列席) stay if they were in the branch on the new date.
                        for e in r.iter() {
                            if e.status == AttendanceStatus::Observer
                                && !old_default.contains(&e.member)
                                && !next.iter().any(|n| n.member == e.member)
                                && still_here(&e.member)
                            {
                                next.push(e.clone());
                            }
                        }
                        *r = next;
                    });
                    if !f.status_touched.get_untracked() && old_date != Some(day) {
                        f.status.set(if day > today() {
                            ActivityStatus::Planned
                        } else {
                            ActivityStatus::Held
                        });
                    }
                }
                if kind != old_kind {
                    let same_agenda = f.agenda.with_untracked(|v| {
                        v.iter().map(|(_, s)| s.clone()).collect::<Vec<_>>() == default_agenda(old_kind)
                    });
                    if same_agenda || f.agenda.with_untracked(Vec::is_empty) {
                        f.set_agenda(default_agenda(kind));
                    }
                    let old_hours = hours_text(default_study_hours(old_kind));
                    if f.hours.with_untracked(|h| h.trim() == old_hours) {
                        f.hours.set(hours_text(default_study_hours(kind)));
                    }
                }
                if kind != old_kind || group != old_group {
                    app.data.with_untracked(|d| {
                        let old_default = default_host(d, old_kind, old_group.as_ref());
                        if f.host.with_untracked(|h| h.is_none() || *h == old_default) {
                            f.host.set(default_host(d, kind, group.as_ref()));
                        }
                        let old_rec = default_recorder(d, old_kind, old_default.as_ref());
                        if f.recorder.with_untracked(|r| r.is_none() || *r == old_rec) {
                            f.recorder
                                .set(default_recorder(d, kind, f.host.get_untracked().as_ref()));
                        }
                    });
                }
            }
        }
        cur
    });

    let live_tally = Memo::new(move |_| {
        let mut a = Activity::new(f.id.get_value(), f.kind.get(), date.get().unwrap_or_else(today));
        a.attendance = f.roll.get();
        app.data.with(|d| tally(&a, d))
    });

    // People of the branch left out of 应到 by their 转入日期, and the warning shown before saving (应到 0, or
    // those people); the user confirms a warning once ("仍然保存") or fixes the dates in place.
    let left_out = Memo::new(move |_| {
        let (Some(day), ActivityStatus::Held) = (date.get(), f.status.get()) else {
            return Vec::new();
        };
        let kind = f.kind.get();
        let group = f.group.get().filter(|_| kind == ActivityKind::GroupMeeting);
        app.data.with(|d| {
            joined_after(d, kind, day, group.as_ref())
                .into_iter()
                .map(|m| (m.id.clone(), m.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let warning = Memo::new(move |_| {
        (f.status.get() == ActivityStatus::Held)
            .then(|| left_out.with(|l| roll_warning_text(live_tally.with(|t| t.expected), l)))
            .flatten()
    });
    let confirmed = RwSignal::new(None::<String>);
    let asking = RwSignal::new(false);
    let rebuild_roll = Callback::new(move |()| {
        let Some(day) = date.get_untracked() else { return };
        let kind = f.kind.get_untracked();
        let group = f.group.get_untracked().filter(|_| kind == ActivityKind::GroupMeeting);
        let fresh = app.data.with_untracked(|d| default_roll(d, kind, day, group.as_ref()));
        f.roll.update(|r| {
            let mut next = merge_roll(fresh, r);
            // Anyone added by hand stays.
            for e in r.iter() {
                if !next.iter().any(|n| n.member == e.member) {
                    next.push(e.clone());
                }
            }
            *r = next;
        });
    });

    let save = {
        let navigate = navigate.clone();
        move |_| {
            if saving.get_untracked() {
                return;
            }
            tried.set(true);
            save_error.set(None);
            if let Some(w) = warning.get_untracked() {
                if confirmed.get_untracked().as_deref() != Some(w.as_str()) {
                    asking.set(true);
                    request_animation_frame(|| {
                        if let Some(el) = document().query_selector(".save-confirm").ok().flatten() {
                            el.scroll_into_view_with_bool(false);
                        }
                    });
                    return;
                }
            }
            asking.set(false);
            if !checked.with_untracked(Vec::is_empty) {
                // Bring the first message into view.
                request_animation_frame(|| {
                    if let Some(el) = document().query_selector(".activity-form .field-error").ok().flatten() {
                        el.scroll_into_view_with_bool(false);
                    }
                });
                return;
            }
            let (activity, _) = f.build();
            let id = activity.id.clone();
            let navigate = navigate.clone();
            // If the user left the form while it saved, the record is stored and they are not pulled back.
            run_action(
                saving,
                save_error,
                async move { app.save_activity(activity).await },
                move |()| {
                    navigate(
                        &format!("/activities/{}?saved=1", id.as_str()),
                        NavigateOptions {
                            replace: is_new,
                            ..Default::default()
                        },
                    )
                },
            );
        }
    };
    let save_anyway = {
        let save = save.clone();
        move |ev| {
            confirmed.set(warning.get_untracked());
            save(ev);
        }
    };
    let cancel_href = if is_new {
        "/activities".to_owned()
    } else {
        format!("/activities/{}", initial.id.as_str())
    };

    let kind = move || f.kind.get();
    let title = move || {
        if is_new {
            format!("记一次活动：{}", kind().label())
        } else {
            format!("编辑记录：{}", kind().label())
        }
    };
    let error_count = move || if tried.get() { checked.with(Vec::len) } else { 0 };

    view! {
        <div class="activity-form">
            <div class="page-header">
                <h1>{title}</h1>
                <a class="btn no-print" href=cancel_href.clone()>"取消"</a>
            </div>

            <section class="card form-section">
                <div class="form-grid">
                    <div class="field">
                        <label for="af-kind">"活动类别"</label>
                        <select
                            id="af-kind"
                            on:change=move |ev| {
                                if let Some(k) = ActivityKind::from_code(&event_target_value(&ev)) {
                                    f.kind.set(k);
                                }
                            }
                        >
                            {ActivityKind::ALL
                                .into_iter()
                                .map(|k| {
                                    view! {
                                        <option value=k.code() prop:selected=move || f.kind.get() == k>
                                            {k.label()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="af-date" class="required">"日期"</label>
                        <input
                            id="af-date"
                            type="date"
                            min="1900-01-01"
                            max="2200-12-31"
                            aria-invalid=move || has_error("date").get().then_some("true")
                            bind:value=f.date
                        />
                        <p class="hint">{move || date.get().map(|d| format!("星期{}", d.weekday().label()))}</p>
                        {field_msg(checked, tried, "date")}
                    </div>
                    <div class="field field-times">
                        <span class="label">"时间"</span>
                        <div class="time-pair">
                            <input
                                id="af-start"
                                type="time"
                                aria-label="开始时间"
                                aria-invalid=move || has_error("start").get().then_some("true")
                                bind:value=f.start
                            />
                            <span aria-hidden="true">"—"</span>
                            <input
                                id="af-end"
                                type="time"
                                aria-label="结束时间"
                                aria-invalid=move || has_error("end").get().then_some("true")
                                bind:value=f.end
                            />
                        </div>
                        {field_msg(checked, tried, "start")}
                        {field_msg(checked, tried, "end")}
                    </div>
                    <div class="field">
                        <label for="af-location">"地点"</label>
                        <input
                            id="af-location"
                            type="text"
                            maxlength="200"
                            placeholder="如：三楼会议室"
                            aria-invalid=move || has_error("location").get().then_some("true")
                            bind:value=f.location
                        />
                        {field_msg(checked, tried, "location")}
                    </div>
                    <div class="field span-all">
                        <label
                            for="af-theme"
                            class:required=move || kind() == ActivityKind::ThemeDay
                        >
                            {move || match kind() {
                                ActivityKind::PartyLecture => "党课题目",
                                ActivityKind::ThemeDay => "主题",
                                _ => "主题（可不填）",
                            }}
                        </label>
                        <input
                            id="af-theme"
                            type="text"
                            maxlength="200"
                            placeholder=move || match kind() {
                                ActivityKind::PartyLecture => "如：深入学习贯彻党的二十大精神",
                                ActivityKind::ThemeDay => "如：重温入党誓词 牢记初心使命",
                                _ => "一句话概括本次活动",
                            }
                            aria-invalid=move || has_error("theme").get().then_some("true")
                            bind:value=f.theme
                        />
                        {field_msg(checked, tried, "theme")}
                    </div>
                    <Show when=move || kind() == ActivityKind::GroupMeeting>
                        <div class="field">
                            <label for="af-group" class="required">"党小组"</label>
                            <select
                                id="af-group"
                                aria-invalid=move || has_error("group").get().then_some("true")
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    f.group.set(if v.is_empty() { None } else { Some(GroupId(v)) });
                                }
                            >
                                <option value="" prop:selected=move || f.group.with(Option::is_none)>
                                    "（请选择）"
                                </option>
                                {move || {
                                    app.data
                                        .with(|d| {
                                            d.groups
                                                .iter()
                                                .map(|g| {
                                                    let id = g.id.clone();
                                                    let cur = g.id.clone();
                                                    view! {
                                                        <option
                                                            value=id.0
                                                            prop:selected=move || f.group.with(|v| v.as_ref() == Some(&cur))
                                                        >
                                                            {g.name.clone()}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()
                                        })
                                }}
                            </select>
                            {field_msg(checked, tried, "group")}
                        </div>
                    </Show>
                    <div class="field">
                        <label for="af-host">"主持人"</label>
                        <PersonSelect id="af-host" value=f.host people=people invalid=has_error("host")/>
                        {field_msg(checked, tried, "host")}
                    </div>
                    <div class="field">
                        <label for="af-recorder">"记录人"</label>
                        <PersonSelect id="af-recorder" value=f.recorder people=people invalid=has_error("recorder")/>
                        {field_msg(checked, tried, "recorder")}
                    </div>
                    <Show when=move || kind() == ActivityKind::PartyLecture>
                        <div class="field">
                            <label for="af-lecturer" class="required">"授课人"</label>
                            <PersonSelect
                                id="af-lecturer"
                                value=f.lecturer
                                people=people
                                guest=f.lecturer_guest
                                invalid=has_error("lecturer")
                            />
                            <Show when=move || f.lecturer_guest.get()>
                                <input
                                    id="af-lecturer-name"
                                    type="text"
                                    maxlength="40"
                                    aria-label="外请授课人姓名"
                                    placeholder="外请授课人姓名及职务"
                                    aria-invalid=move || has_error("lecturer_name").get().then_some("true")
                                    bind:value=f.lecturer_name
                                />
                            </Show>
                            {field_msg(checked, tried, "lecturer")}
                            {field_msg(checked, tried, "lecturer_name")}
                        </div>
                    </Show>
                    <div class="field span-all">
                        <span class="label">"状态"</span>
                        <div class="seg" role="group" aria-label="状态">
                            {[ActivityStatus::Held, ActivityStatus::Planned, ActivityStatus::Cancelled]
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <button
                                            type="button"
                                            aria-pressed=move || if f.status.get() == s { "true" } else { "false" }
                                            on:click=move |_| {
                                                f.status.set(s);
                                                f.status_touched.set(true);
                                            }
                                        >
                                            {s.label()}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </div>
                    </div>
                </div>
            </section>

            <Show
                when=move || f.status.get() == ActivityStatus::Held
                fallback=|| {
                    view! {
                        <p class="card muted">"计划中或已取消的活动不点名。开展后把状态改为“已开展”即可点名。"</p>
                    }
                }
            >
                <section class="card form-section roll-section" aria-labelledby="roll-h">
                    <div class="roll-head">
                        <h2 id="roll-h">"出勤"</h2>
                        <TallyLine tally=live_tally kind=Signal::derive(kind)/>
                    </div>
                    <RollWarning warning=warning left_out=left_out date=date on_fixed=rebuild_roll/>
                    <RollEditor
                        roll=f.roll
                        date=Signal::derive(move || date.get())
                        kind=Signal::derive(kind)
                        group=Signal::derive(move || f.group.get())
                        error=Signal::derive(move || {
                            tried.get().then(|| checked.with(|e| message_for(e, "attendance"))).flatten()
                        })
                    />
                </section>
            </Show>

            <section class="card form-section">
                <h2>"议题"</h2>
                <AgendaEditor f=f/>
                {field_msg(checked, tried, "agenda")}
            </section>

            <section class="card form-section">
                <div class="field">
                    <label for="af-content">
                        {move || if kind() == ActivityKind::PartyLecture { "党课内容 / 发言摘要" } else { "内容 / 发言摘要" }}
                    </label>
                    <textarea
                        id="af-content"
                        rows="8"
                        placeholder="按顺序记录：主持人讲话要点、学习内容、发言（某某：……）"
                        aria-invalid=move || has_error("content").get().then_some("true")
                        bind:value=f.content
                    ></textarea>
                    {field_msg(checked, tried, "content")}
                </div>
                <Show when=move || kind().has_quorum()>
                    <VoteEditor f=f tally=live_tally/>
                    {field_msg(checked, tried, "vote")}
                </Show>
                <div class="field">
                    <label for="af-resolution">"决议（可不填）"</label>
                    <textarea
                        id="af-resolution"
                        rows="3"
                        placeholder="会议形成的决议、决定事项"
                        aria-invalid=move || has_error("resolution").get().then_some("true")
                        bind:value=f.resolution
                    ></textarea>
                    {field_msg(checked, tried, "resolution")}
                </div>
                <div class="field field-hours">
                    <label for="af-hours">"计入学时"</label>
                    <input
                        id="af-hours"
                        type="number"
                        min="0"
                        max="100"
                        step="0.5"
                        inputmode="decimal"
                        aria-invalid=move || has_error("study_hours").get().then_some("true")
                        bind:value=f.hours
                    />
                    <p class="hint">"出席和异地参加的党员每人计入的学时，全年一般不少于32学时。"</p>
                    {field_msg(checked, tried, "study_hours")}
                </div>
            </section>

            <div class="save-bar">
                {move || save_error.get().map(|e| view! { <p class="alert-error" role="alert">{e}</p> })}
                <Show when=move || asking.get() && warning.with(Option::is_some)>
                    <div class="save-confirm alert-warn" role="alert">
                        <p>{move || warning.get()}</p>
                        <p>"确认无误再保存；要修改转入日期，请用出勤上方的“修改转入日期”。"</p>
                        <button type="button" class="btn" id="af-save-anyway" on:click=save_anyway.clone()>
                            "仍然保存"
                        </button>
                    </div>
                </Show>
                <Show when=move || { error_count() > 0 }>
                    <p class="field-error save-summary" role="alert">
                        {move || format!("有{}处需要修改，请看标红的地方。未保存任何内容。", error_count())}
                    </p>
                </Show>
                <div class="save-bar-row">
                    <Show when=move || f.status.get() == ActivityStatus::Held>
                        <span class="save-tally">
                            {move || {
                                let t = live_tally.get();
                                format!("应到{}人 实到{}人", t.expected, t.attended)
                            }}
                        </span>
                    </Show>
                    <a class="btn btn-cancel" href=cancel_href>"取消"</a>
                    <button type="button" class="btn btn-primary" id="af-save" on:click=save disabled=move || saving.get()>
                        {move || if saving.get() { "正在保存…" } else { "保存记录" }}
                    </button>
                </div>
            </div>
        </div>
    }
}

/// 应到 X人（正式a、预备b）/ 实到 Y人, and the quorum for 党员大会 and 支委会.
#[component]
fn TallyLine(tally: Memo<crate::domain::Tally>, #[prop(into)] kind: Signal<ActivityKind>) -> impl IntoView {
    view! {
        <div class="tally" aria-live="polite">
            <span class="tally-counts" data-testid="tally">
                {move || {
                    let t = tally.get();
                    let mut s = format!(
                        "应到{}人（正式{}、预备{}）　实到{}人",
                        t.expected,
                        t.expected_full,
                        t.expected_probationary,
                        t.attended,
                    );
                    let mut parts = Vec::new();
                    if t.leave > 0 {
                        parts.push(format!("请假{}", t.leave));
                    }
                    if t.absent > 0 {
                        parts.push(format!("缺席{}", t.absent));
                    }
                    if t.elsewhere > 0 {
                        parts.push(format!("异地{}", t.elsewhere));
                    }
                    if t.observers > 0 {
                        parts.push(format!("列席{}", t.observers));
                    }
                    if !parts.is_empty() {
                        s.push_str(&format!("（{}）", parts.join("、")));
                    }
                    s
                }}
            </span>
            {move || {
                let t = tally.get();
                t.quorum
                    .map(|q| {
                        let text = quorum_text(kind.get(), t.voting_expected, t.voting_attended, q.required, q.met);
                        view! {
                            <span class="quorum" class:quorum-met=q.met class:quorum-not-met=!q.met data-testid="quorum">
                                {text}
                            </span>
                        }
                    })
            }}
        </div>
    }
}

/// The agenda as an editable list: add, remove, move up and down.
#[component]
fn AgendaEditor(f: Form) -> impl IntoView {
    let keys = Memo::new(move |_| f.agenda.with(|v| v.iter().map(|(k, _)| *k).collect::<Vec<_>>()));
    let add = move |_| {
        let k = f.next_key.get_value();
        f.next_key.set_value(k + 1);
        f.agenda.update(|v| v.push((k, String::new())));
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&format!("agenda-{k}")) {
                use wasm_bindgen::JsCast;
                if let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        });
    };
    let move_by = move |key: u32, delta: isize| {
        f.agenda.update(|v| {
            if let Some(i) = v.iter().position(|(k, _)| *k == key) {
                let j = i as isize + delta;
                if j >= 0 && (j as usize) < v.len() {
                    v.swap(i, j as usize);
                }
            }
        })
    };
    view! {
        <ol class="agenda-list">
            <For
                each=move || keys.get()
                key=|k| *k
                children=move |key: u32| {
                    let text = move || f.agenda.with(|v| v.iter().find(|(k, _)| *k == key).map(|(_, s)| s.clone()).unwrap_or_default());
                    let pos = move || keys.with(|v| v.iter().position(|k| *k == key).unwrap_or(0));
                    let last = move || keys.with(|v| v.len().saturating_sub(1));
                    view! {
                        <li class="agenda-item">
                            <span class="agenda-no">{move || format!("{}.", pos() + 1)}</span>
                            <input
                                id=format!("agenda-{key}")
                                type="text"
                                maxlength="200"
                                aria-label=move || format!("议题{}", pos() + 1)
                                prop:value=text
                                on:input=move |ev| {
                                    let value = event_target_value(&ev);
                                    f.agenda.update(|v| {
                                        if let Some(item) = v.iter_mut().find(|(k, _)| *k == key) {
                                            item.1 = value;
                                        }
                                    });
                                }
                            />
                            <button
                                type="button"
                                class="btn btn-small icon-btn"
                                title="上移"
                                aria-label=move || format!("议题{}上移", pos() + 1)
                                disabled=move || pos() == 0
                                on:click=move |_| move_by(key, -1)
                            >
                                "↑"
                            </button>
                            <button
                                type="button"
                                class="btn btn-small icon-btn"
                                title="下移"
                                aria-label=move || format!("议题{}下移", pos() + 1)
                                disabled=move || pos() == last()
                                on:click=move |_| move_by(key, 1)
                            >
                                "↓"
                            </button>
                            <button
                                type="button"
                                class="btn btn-small icon-btn"
                                title="删除"
                                aria-label=move || format!("删除议题{}", pos() + 1)
                                on:click=move |_| f.agenda.update(|v| v.retain(|(k, _)| *k != key))
                            >
                                "✕"
                            </button>
                        </li>
                    }
                }
            />
        </ol>
        <button type="button" class="btn btn-small" on:click=add>
            "＋ 添加议题"
        </button>
    }
}

/// 表决: optional counts for 党员大会 and 支委会, pre-filled from the roll when switched on.
#[component]
fn VoteEditor(f: Form, tally: Memo<crate::domain::Tally>) -> impl IntoView {
    let labels = ["应到有表决权", "实到有表决权", "赞成", "反对", "弃权"];
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        f.vote_on.set(on);
        if on {
            let t = tally.get_untracked();
            let filled = f.vote.map(|s| s.get_untracked());
            if filled.iter().all(|s| s.trim().is_empty() || s.trim() == "0") {
                let values = [t.voting_expected, t.voting_attended, t.voting_attended, 0, 0];
                for (s, v) in f.vote.iter().zip(values) {
                    s.set(v.to_string());
                }
            }
        }
    };
    view! {
        <div class="vote-box">
            <label class="check">
                <input type="checkbox" id="af-vote-on" prop:checked=move || f.vote_on.get() on:change=toggle/>
                "本次会议进行了表决"
            </label>
            <Show when=move || f.vote_on.get()>
                <div class="vote-grid">
                    {labels
                        .into_iter()
                        .enumerate()
                        .map(|(i, label)| {
                            let id = format!("af-vote-{i}");
                            view! {
                                <div class="field">
                                    <label for=id.clone()>{label}</label>
                                    <input id=id type="number" min="0" step="1" inputmode="numeric" bind:value=f.vote[i]/>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </Show>
        </div>
    }
}
