//! The 日程 page (/schedule?month=2026-03): what is coming for the whole branch and a month calendar.
//! Planned entries can be recorded (记录 opens the record form; saving it there makes the entry the held
//! record), moved (改期) or cancelled (取消). From here the schedule goes out: the calendar file, the share
//! link and the printable one-page schedule.

use crate::domain::plan::overdue;
use crate::domain::schedule::{items_between, upcoming, Audience};
use crate::domain::{Activity, ActivityId, ActivityStatus, Dataset, Date};
use crate::export::word::WordRequest;
use crate::ui::clock::today;
use crate::ui::components::calendar_month::{
    day_short, item_title, month_cells, status_badge, status_class, time_text, MonthGrid,
};
use crate::ui::components::form_field::FormAlert;
use crate::ui::components::plan_actions::PlannedActions;
use crate::ui::components::plan_share::{IcsButton, SharePanel};
use crate::ui::components::word_button::WordButton;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// How far ahead "近期安排" looks.
const UPCOMING_DAYS: i64 = 30;
/// How many of them show before "显示全部".
const SOON_SHOWN: usize = 6;

/// One line of an agenda list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AgendaRow {
    pub id: ActivityId,
    pub date: Date,
    pub day: String,
    pub time: String,
    pub title: String,
    pub location: String,
    pub status: ActivityStatus,
    pub kind_code: &'static str,
}

impl AgendaRow {
    /// `placeholder`: say "（待定主题）" for a planned entry still without a theme (the secretary's views).
    pub fn of(a: &Activity, d: &Dataset, placeholder: bool) -> AgendaRow {
        AgendaRow {
            id: a.id.clone(),
            date: a.date,
            day: day_short(a.date),
            time: time_text(a),
            title: item_title(a, d, placeholder),
            location: a.location.trim().to_owned(),
            status: a.status,
            kind_code: a.kind.code(),
        }
    }
}

/// An agenda line with its status and, when `actions`, what can be done with it (without actions, a planned
/// item shows no badge: for members everything ahead is planned).
pub fn agenda_item(r: AgendaRow, actions: bool) -> impl IntoView {
    let (badge_class, badge_text) = status_badge(r.status);
    let name = format!("{} {}", r.day, r.title);
    let data_id = r.id.0.clone();
    view! {
        <li class=format!("agenda-item {} k-{}", status_class(r.status), r.kind_code) data-id=data_id
            data-date=r.date.to_string()>
            <div class="agenda-when">
                <span class="agenda-day">{r.day}</span>
                {(!r.time.is_empty()).then(|| view! { <span class="agenda-time">{r.time}</span> })}
            </div>
            <div class="agenda-what">
                <span class="agenda-title">{r.title}</span>
                {(actions || r.status != ActivityStatus::Planned).then(|| view! { <span class=badge_class>{badge_text}</span> })}
                {(!r.location.is_empty()).then(|| view! { <span class="agenda-where">{r.location}</span> })}
            </div>
            {actions.then(|| view! { <PlannedActions id=r.id status=r.status date=r.date name=name/> })}
        </li>
    }
}

fn parse_month(s: &str) -> Option<(i32, u8)> {
    let (y, m) = s.split_once('-')?;
    let y: i32 = y.parse().ok()?;
    let m: u8 = m.parse().ok()?;
    ((1900..=2200).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

#[component]
pub fn SchedulePage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><SchedulePageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn SchedulePageBody() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let now = today();
    let month = RwSignal::new(
        query
            .with_untracked(|q| q.get("month").and_then(|m| parse_month(&m)))
            .unwrap_or((now.year(), now.month())),
    );
    let selected = RwSignal::new(None::<Date>);
    let sharing = RwSignal::new(false);
    let all_soon = RwSignal::new(false);
    let ics_note = RwSignal::new(None::<String>);
    let ics_alert = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    Effect::new(move |prev: Option<()>| {
        let (y, m) = month.get();
        if prev.is_some() {
            navigate(
                &format!("/schedule?month={y}-{m:02}"),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
    let year = Signal::derive(move || month.get().0);

    let late = Memo::new(move |_| {
        app.data.with(|d| {
            overdue(d, now)
                .into_iter()
                .map(|a| AgendaRow::of(a, d, true))
                .collect::<Vec<_>>()
        })
    });
    let soon = Memo::new(move |_| {
        let to = now.add_days(UPCOMING_DAYS).unwrap_or(now);
        app.data.with(|d| {
            upcoming(d, Audience::Branch, now, to)
                .into_iter()
                .map(|a| AgendaRow::of(a, d, true))
                .collect::<Vec<_>>()
        })
    });
    let weeks = Memo::new(move |_| {
        let m = month.get();
        app.data.with(|d| month_cells(d, Audience::Branch, m, true, &|_| true))
    });
    let month_rows = Memo::new(move |_| {
        let (y, m) = month.get();
        let day = selected.get();
        let (Some(first), Some(last)) = (
            Date::new(y, m, 1),
            Date::new(y, m, crate::domain::date::days_in_month(y, m)),
        ) else {
            return Vec::new();
        };
        let (from, to) = match day {
            Some(d) => (d, d),
            None => (first, last),
        };
        app.data.with(|d| {
            items_between(d, Audience::Branch, from, to, true)
                .into_iter()
                .map(|a| AgendaRow::of(a, d, true))
                .collect::<Vec<_>>()
        })
    });
    let print_href = move || format!("/schedule/print?year={}", year.get());
    let range = Memo::new(move |_| app.data.with(|d| d.year_range(now.year())));

    view! {
        <div class="page schedule-page">
            <div class="page-header">
                <h1>"日程"</h1>
                <div class="toolbar schedule-tools">
                    // One year at a time: the calendar, the .ics file, the share link and the print are of it.
                    <div class="year-picker">
                        <label for="schedule-year" class="sr-only">"年度"</label>
                        <select id="schedule-year" prop:value=move || year.get().to_string()
                            on:change=move |ev| {
                                if let Ok(y) = event_target_value(&ev).parse::<i32>() {
                                    selected.set(None);
                                    month.update(|m| m.0 = y);
                                }
                            }>
                            {move || {
                                let (first, last) = range.get();
                                let y = year.get();
                                (first.min(y)..=last.max(y))
                                    .rev()
                                    .map(|n| view! { <option value=n.to_string() selected={n == y}>{format!("{n}年")}</option> })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                    <IcsButton year=year note=ics_note alert=ics_alert/>
                    <button type="button" class="btn" id="share-open" aria-expanded=move || sharing.get().to_string()
                        on:click=move |_| sharing.update(|s| *s = !*s)>"分享链接"</button>
                    <a class="btn" id="print-schedule" href=print_href>"打印日程"</a>
                    <WordButton request=Signal::derive(move || WordRequest::YearPlan { year: year.get() }) label="年度计划 Word" id="schedule-word"/>
                    <a class="btn btn-link" href="/my">"我的"</a>
                </div>
            </div>
            <Show when=move || ics_note.with(Option::is_some)>
                <p class="alert alert-ok" role="status" id="ics-note">{move || ics_note.get().unwrap_or_default()}</p>
            </Show>
            <FormAlert message=ics_alert/>
            <Show when=move || sharing.get()>
                <SharePanel year=year on_close=Callback::new(move |_| sharing.set(false))/>
            </Show>
            <Show when=move || !late.with(Vec::is_empty)>
                <section class="card agenda overdue" aria-labelledby="late-title">
                    <h2 id="late-title">{move || format!("已过日期、尚未记录（{}）", late.with(Vec::len))}</h2>
                    <p class="hint">"开过的请点“记录”登记出席和内容；没开的请改期或取消。"</p>
                    <ul class="agenda-list">
                        <For each=move || late.get() key=|r| r.clone() let(r)>
                            {agenda_item(r, true)}
                        </For>
                    </ul>
                </section>
            </Show>
            <div class="schedule-grid">
                <section class="card agenda upcoming" aria-labelledby="soon-title">
                    <h2 id="soon-title">"近期安排"<small class="muted">{format!("（今后{UPCOMING_DAYS}天）")}</small></h2>
                    <Show when=move || !soon.with(Vec::is_empty)
                        fallback=|| view! {
                            <p class="empty">"近期没有安排。可在“学习计划 → 年度活动计划”中生成全年计划。"</p>
                            <a class="btn" href="/study?tab=plan">"去制定年度计划"</a>
                        }>
                        <ul class="agenda-list">
                            <For
                                each=move || {
                                    let n = if all_soon.get() { usize::MAX } else { SOON_SHOWN };
                                    soon.get().into_iter().take(n).collect::<Vec<_>>()
                                }
                                key=|r| r.clone()
                                let(r)
                            >
                                {agenda_item(r, true)}
                            </For>
                        </ul>
                        <Show when=move || { !all_soon.get() && soon.with(Vec::len) > SOON_SHOWN }>
                            <button type="button" class="btn btn-link" id="soon-more" on:click=move |_| all_soon.set(true)>
                                {move || format!("显示全部 {} 项", soon.with(Vec::len))}
                            </button>
                        </Show>
                    </Show>
                </section>
                <section class="card calendar-card" aria-label="月历">
                    <MonthGrid month=month weeks=weeks selected=selected today=now/>
                    <p class="cal-legend muted small" aria-hidden="true">
                        <span class="dot st-planned"></span>"计划"
                        <span class="dot st-held"></span>"已开展"
                        <span class="dot st-cancelled"></span>"已取消"
                    </p>
                    <h3 class="month-list-title">
                        {move || match selected.get() {
                            Some(d) => format!("{}的安排", d.chinese()),
                            None => {
                                let (y, m) = month.get();
                                format!("{y}年{m}月的全部安排")
                            }
                        }}
                        <Show when=move || selected.get().is_some()>
                            <button type="button" class="btn btn-small btn-link" on:click=move |_| selected.set(None)>
                                "看整月"
                            </button>
                        </Show>
                    </h3>
                    <Show when=move || !month_rows.with(Vec::is_empty)
                        fallback=|| view! { <p class="empty">"没有安排。"</p> }>
                        <ul class="agenda-list month-list">
                            <For each=move || month_rows.get() key=|r| r.clone() let(r)>
                                {agenda_item(r, true)}
                            </For>
                        </ul>
                    </Show>
                </section>
            </div>
        </div>
    }
}
