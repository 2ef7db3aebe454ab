//! A month calendar (Monday first) of the branch's items, and the small text helpers every schedule view
//! shares (the title of an item, its day and time), so that the 日程, 我的 and shared views read the same.
//!
//! The grid comes from [`month_calendar`]; the component shows one chip per item (planned: outlined,
//! held: filled, cancelled: struck through) and lets the user pick a day. What to do with the day is the
//! page's business.

pub use crate::domain::schedule::{day_short, item_title, kind_has_theme, time_text};
use crate::domain::schedule::{month_calendar, Audience};
use crate::domain::{Activity, ActivityKind, ActivityStatus, Dataset, Date};
use leptos::prelude::*;

/// The badge class and text of a status.
pub fn status_badge(status: ActivityStatus) -> (&'static str, &'static str) {
    match status {
        ActivityStatus::Planned => ("badge badge-plan", "计划"),
        ActivityStatus::Held => ("badge badge-ok", "已开展"),
        ActivityStatus::Cancelled => ("badge badge-error", "已取消"),
    }
}

/// `st-planned` / `st-held` / `st-cancelled`.
pub fn status_class(status: ActivityStatus) -> &'static str {
    match status {
        ActivityStatus::Planned => "st-planned",
        ActivityStatus::Held => "st-held",
        ActivityStatus::Cancelled => "st-cancelled",
    }
}

/// The month before or after `(year, month)`.
pub fn shift_month((year, month): (i32, u8), by: i32) -> (i32, u8) {
    let index = year * 12 + i32::from(month) - 1 + by;
    (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8)
}

/// One item in a calendar cell.
#[derive(Clone, Debug, PartialEq)]
pub struct CellItem {
    pub id: String,
    pub short: String,
    pub title: String,
    pub status: ActivityStatus,
    pub kind: ActivityKind,
}

/// One day of the grid.
#[derive(Clone, Debug, PartialEq)]
pub struct DayCell {
    pub date: Date,
    pub in_month: bool,
    pub items: Vec<CellItem>,
}

/// The weeks of `year`-`month` for `audience` as owned cells (empty for a month out of range).
pub fn month_cells(
    d: &Dataset,
    audience: Audience<'_>,
    (year, month): (i32, u8),
    include_cancelled: bool,
    keep: &dyn Fn(&Activity) -> bool,
) -> Vec<Vec<DayCell>> {
    let Some(cal) = month_calendar(d, audience, year, month, include_cancelled) else {
        return Vec::new();
    };
    cal.weeks
        .iter()
        .map(|week| {
            week.iter()
                .map(|day| DayCell {
                    date: day.date,
                    in_month: day.in_month,
                    items: day
                        .items
                        .iter()
                        .filter(|a| keep(a))
                        .map(|a| CellItem {
                            id: a.id.0.clone(),
                            short: match (&a.group, a.kind) {
                                (Some(g), ActivityKind::GroupMeeting) => format!("{}·小组会", d.group_name(g)),
                                _ => a.kind.label().to_owned(),
                            },
                            title: item_title(a, d, true),
                            status: a.status,
                            kind: a.kind,
                        })
                        .collect(),
                })
                .collect()
        })
        .collect()
}

const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

/// The month grid with its heading and 上月 / 本月 / 下月 buttons. Clicking a day selects it (clicking it
/// again clears the selection).
#[component]
pub fn MonthGrid(
    /// The month shown.
    month: RwSignal<(i32, u8)>,
    /// Its weeks (from [`month_cells`]).
    #[prop(into)]
    weeks: Signal<Vec<Vec<DayCell>>>,
    /// The chosen day, if any.
    selected: RwSignal<Option<Date>>,
    /// Today, marked in the grid.
    today: Date,
) -> impl IntoView {
    let go = move |by: i32| {
        month.update(|m| *m = shift_month(*m, by));
        selected.set(None);
    };
    view! {
        <div class="month-cal">
            <div class="month-cal-head">
                <button type="button" class="btn btn-small" id="cal-prev" aria-label="上个月" on:click=move |_| go(-1)>
                    "‹ 上月"
                </button>
                <h3 class="month-cal-title" aria-live="polite">
                    {move || {
                        let (y, m) = month.get();
                        format!("{y}年{m}月")
                    }}
                </h3>
                <button type="button" class="btn btn-small" id="cal-next" aria-label="下个月" on:click=move |_| go(1)>
                    "下月 ›"
                </button>
                <button
                    type="button"
                    class="btn btn-small btn-link"
                    id="cal-today"
                    on:click=move |_| {
                        month.set((today.year(), today.month()));
                        selected.set(Some(today));
                    }
                >
                    "回到今天"
                </button>
            </div>
            <table class="month-grid">
                <thead>
                    <tr>
                        {WEEKDAYS
                            .iter()
                            .enumerate()
                            .map(|(i, w)| view! { <th scope="col" class:weekend={i >= 5}>{*w}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        weeks
                            .get()
                            .into_iter()
                            .map(|week| {
                                view! {
                                    <tr>
                                        {week.into_iter().map(|cell| day_view(cell, selected, today)).collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

fn day_view(cell: DayCell, selected: RwSignal<Option<Date>>, today: Date) -> impl IntoView {
    let date = cell.date;
    let n = cell.items.len();
    let label = if n == 0 {
        format!("{}月{}日", date.month(), date.day())
    } else {
        format!("{}月{}日，{}项", date.month(), date.day(), n)
    };
    let weekend = date.weekday().is_weekend();
    view! {
        <td
            class="day"
            class:out={!cell.in_month}
            class:weekend=weekend
            class:today={date == today}
            class:has-items={n > 0}
            class:selected=move || selected.get() == Some(date)
            data-date=date.to_string()
        >
            <button
                type="button"
                class="day-btn"
                aria-label=label
                aria-pressed=move || if selected.get() == Some(date) { "true" } else { "false" }
                on:click=move |_| selected.update(|s| *s = if *s == Some(date) { None } else { Some(date) })
            >
                <span class="day-num">{date.day()}</span>
                <span class="day-dots" aria-hidden="true">
                    {cell
                        .items
                        .iter()
                        .map(|it| view! { <span class=format!("dot {}", status_class(it.status))></span> })
                        .collect_view()}
                </span>
            </button>
            <ul class="day-items">
                {cell
                    .items
                    .into_iter()
                    .map(|it| {
                        view! {
                            <li
                                class=format!("chip {} k-{}", status_class(it.status), it.kind.code())
                                title=it.title.clone()
                                data-id=it.id
                            >
                                {it.short}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </td>
    }
}
