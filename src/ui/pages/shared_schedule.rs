//! The shared schedule (`<origin>/#/s/1.<data>`): what a member sees when opening the secretary's link.
//!
//! Read-only and self-contained: it is mounted instead of the app (see `ui::start`), so it never opens or
//! writes the browser's database, shows no navigation to the record book, and stores nothing. The schedule
//! comes only from the address's fragment (decoded by [`share::decode`], which rejects a tampered, cut or
//! oversized link with a Chinese message). The member may save the dates to their phone's calendar
//! (a downloaded .ics file) or print the one-page schedule; both are their explicit choice.

use crate::domain::schedule::{upcoming, Audience};
use crate::domain::sort::sort_by;
use crate::domain::{Activity, ActivityId, ActivityKind, Dataset, Date, GroupId, PartyGroup};
use crate::export::ics;
use crate::export::share::{self, SharedSchedule};
use crate::ui::clock::{now_millis, today};
use crate::ui::components::calendar_month::{month_cells, MonthGrid};
use crate::ui::components::calendar_print::{print_months, SchedulePrintSheet};
use crate::ui::components::download::download_text;
use crate::ui::components::form_field::FormAlert;
use crate::ui::components::plan_share::ics_file_name;
use crate::ui::pages::plan_print::sheet_title;
use crate::ui::pages::schedule::{agenda_item, AgendaRow};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Whether the page was opened with a share link (the fragment starts with `#/s/`).
pub fn is_share_address() -> bool {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|h| h.starts_with(share::FRAGMENT_PREFIX))
}

/// While the app runs, a share link pasted into the same tab changes only the fragment: reload, so that
/// the read-only view starts instead (and the app's database connection goes away).
pub fn reload_on_share_link() {
    let on_hash = Closure::<dyn Fn()>::new(|| {
        if is_share_address() {
            let _ = window().location().reload();
        }
    });
    let _ = window().add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
    on_hash.forget();
}

/// The shared schedule as a dataset of its own, so that the schedule views work on it unchanged: one
/// party group per group name, one activity per item (an item without an id gets a made-up one).
pub fn to_dataset(s: &SharedSchedule) -> Dataset {
    let mut d = Dataset::default();
    d.branch.name = s.branch.clone();
    for (n, item) in s.items.iter().enumerate() {
        let group = item
            .group
            .as_ref()
            .map(|name| match d.groups.iter().find(|g| &g.name == name) {
                Some(g) => g.id.clone(),
                None => {
                    let id = GroupId(format!("g-s{}", d.groups.len()));
                    d.groups.push(PartyGroup {
                        id: id.clone(),
                        name: name.clone(),
                        group_leader: None,
                    });
                    id
                }
            });
        let id = item.id.clone().unwrap_or_else(|| ActivityId(format!("a-s{n}")));
        let mut a = Activity::new(id, item.kind, item.date);
        a.status = item.status;
        a.start = item.start;
        a.end = item.end;
        a.theme = item.theme.clone();
        a.location = item.location.clone();
        a.group = group;
        d.activities.push(a);
    }
    d
}

/// The year the schedule is about: the year most of its items are in (this year for an empty one).
fn main_year(s: &SharedSchedule) -> i32 {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for it in &s.items {
        match counts.iter_mut().find(|(y, _)| *y == it.date.year()) {
            Some((_, n)) => *n += 1,
            None => counts.push((it.date.year(), 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|(y, n)| (*n, -*y))
        .map_or_else(|| today().year(), |(y, _)| y)
}

fn read_fragment() -> Result<SharedSchedule, String> {
    let hash = window().location().hash().unwrap_or_default();
    share::decode(&hash).map_err(|e| e.to_string())
}

/// The whole page of a share link (mounted on `<body>` instead of the app).
#[component]
pub fn SharedScheduleApp() -> impl IntoView {
    let decoded = RwSignal::new(read_fragment());
    // A link pasted into the same tab changes only the fragment: read it again.
    let on_hash = Closure::<dyn Fn()>::new(move || {
        decoded.try_set(read_fragment());
    });
    let _ = window().add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
    on_hash.forget();

    view! {
        <header class="topbar">
            <span class="brand">"支部台账"</span>
            <span class="branch-name">"只读日程"</span>
        </header>
        <main class="content shared-view">
            {move || match decoded.get() {
                Ok(s) => view! { <SharedSchedulePage schedule=s/> }.into_any(),
                Err(msg) => view! {
                    <div class="error-banner shared-error" role="alert" id="shared-error">
                        <h2>"无法打开这个日程链接"</h2>
                        <p>{msg}</p>
                        <p class="muted">"本页面不保存任何数据。"</p>
                    </div>
                }
                .into_any(),
            }}
        </main>
    }
}

#[component]
fn SharedSchedulePage(schedule: SharedSchedule) -> impl IntoView {
    let now = today();
    let year = main_year(&schedule);
    let data = StoredValue::new(to_dataset(&schedule));
    let schedule = StoredValue::new(schedule);
    let groups: Vec<String> = data.with_value(|d| d.groups.iter().map(|g| g.name.clone()).collect());
    // Show only this group's 党小组会 ("" = every group). Not stored.
    let my_group = RwSignal::new(String::new());
    let keep = move |a: &Activity, d: &Dataset| -> bool {
        let g = my_group.get();
        g.is_empty() || a.kind != ActivityKind::GroupMeeting || a.group.as_ref().is_some_and(|id| d.group_name(id) == g)
    };
    let month = RwSignal::new(if now.year() == year {
        (now.year(), now.month())
    } else {
        data.with_value(|d| {
            d.activities
                .first()
                .map_or((year, 1), |a| (a.date.year(), a.date.month()))
        })
    });
    let selected = RwSignal::new(None::<Date>);
    let alert = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);

    let soon = Memo::new(move |_| {
        let to = now.add_days(60).unwrap_or(now);
        data.with_value(|d| {
            upcoming(d, Audience::Branch, now, to)
                .into_iter()
                .filter(|a| keep(a, d))
                .map(|a| AgendaRow::of(a, d, false))
                .collect::<Vec<_>>()
        })
    });
    let weeks = Memo::new(move |_| {
        let m = month.get();
        data.with_value(|d| month_cells(d, Audience::Branch, m, true, &|a| keep(a, d)))
    });
    let month_rows = Memo::new(move |_| {
        let (y, m) = month.get();
        let day = selected.get();
        data.with_value(|d| {
            let mut list: Vec<&Activity> = d
                .activities
                .iter()
                .filter(|a| match day {
                    Some(x) => a.date == x,
                    None => a.date.year() == y && a.date.month() == m,
                })
                .filter(|a| keep(a, d))
                .collect();
            sort_by(&mut list, |a, b| crate::domain::schedule::schedule_order(d, a, b));
            list.into_iter().map(|a| AgendaRow::of(a, d, false)).collect::<Vec<_>>()
        })
    });
    let save_ics = move |_| {
        let text = schedule.with_value(|s| ics::export_shared(s, now_millis()));
        match download_text(&ics_file_name(year), ics::MIME_TYPE, &text) {
            Ok(()) => {
                alert.set(None);
                saved.set(true);
            }
            Err(e) => alert.set(Some(e)),
        }
    };
    let branch = schedule.with_value(|s| s.branch.clone());
    let title = schedule.with_value(|s| s.title.clone());
    let count = schedule.with_value(|s| s.items.len());
    let print_title = sheet_title(&branch, year);
    let months = data.with_value(|d| print_months(d, year));

    view! {
        <div class="shared-screen">
            <div class="page-header">
                <div>
                    <h1 id="shared-title">{if branch.is_empty() { "党支部日程".to_owned() } else { branch.clone() }}</h1>
                    <p class="muted shared-subtitle">{format!("{title}（共 {count} 项）")}</p>
                </div>
                <div class="toolbar">
                    <button type="button" class="btn btn-primary" id="shared-ics" on:click=save_ics>"保存到本设备的日历"</button>
                    <button type="button" class="btn" id="shared-print" on:click=move |_| {
                        if let Err(e) = window().print() {
                            leptos::logging::warn!("print failed: {e:?}");
                        }
                    }>"打印"</button>
                </div>
            </div>
            <p class="alert alert-info shared-note">
                "这是支部书记分享的只读日程，内容都在链接里；本页面不会在你的设备上保存任何数据。"
                "日程如有调整，以支部最新通知或新链接为准。"
            </p>
            <Show when=move || saved.get()>
                <p class="alert alert-ok" role="status">"已生成日历文件，请在手机或电脑的“日历”中打开导入。再次导入新的文件会更新原有日程，不会重复。"</p>
            </Show>
            <FormAlert message=alert/>
            {(!groups.is_empty()).then(|| view! {
                <div class="field shared-group">
                    <label for="shared-group">"党小组会只看"</label>
                    <select id="shared-group" on:change=move |ev| { my_group.set(event_target_value(&ev)); selected.set(None); }>
                        <option value="">"全部党小组"</option>
                        {groups.iter().map(|g| view! { <option value=g.clone()>{g.clone()}</option> }).collect_view()}
                    </select>
                </div>
            })}
            <div class="schedule-grid">
                <section class="card agenda upcoming" aria-labelledby="shared-soon-title">
                    <h2 id="shared-soon-title">"近期安排"<small class="muted">"（今后60天）"</small></h2>
                    <Show when=move || !soon.with(Vec::is_empty) fallback=|| view! { <p class="empty">"链接中没有近期的安排。"</p> }>
                        <ul class="agenda-list" id="shared-upcoming">
                            <For each=move || soon.get() key=|r| r.clone() let(r)>
                                {agenda_item(r, false)}
                            </For>
                        </ul>
                    </Show>
                </section>
                <section class="card calendar-card" aria-label="月历">
                    <MonthGrid month=month weeks=weeks selected=selected today=now/>
                    <h3 class="month-list-title">
                        {move || match selected.get() {
                            Some(d) => format!("{}的安排", d.chinese()),
                            None => {
                                let (y, m) = month.get();
                                format!("{y}年{m}月的全部安排")
                            }
                        }}
                    </h3>
                    <Show when=move || !month_rows.with(Vec::is_empty) fallback=|| view! { <p class="empty">"没有安排。"</p> }>
                        <ul class="agenda-list month-list" id="shared-month">
                            <For each=move || month_rows.get() key=|r| r.clone() let(r)>
                                {agenda_item(r, false)}
                            </For>
                        </ul>
                    </Show>
                </section>
            </div>
        </div>
        <div class="print-only">
            <SchedulePrintSheet title=print_title months=months made_on=now/>
        </div>
    }
}
