//! /schedule/print?year=2026 — the year's schedule on one A4 page, month by month, for the notice board or
//! a photo in the group chat. The screen shows the sheet as it will print, with 打印 and 返回.

use crate::ui::clock::today;
use crate::ui::components::calendar_print::{print_months, SchedulePrintSheet};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// "××党支部 2026年组织生活安排".
pub fn sheet_title(branch: &str, year: i32) -> String {
    let branch = branch.trim();
    if branch.is_empty() {
        format!("{year}年党支部组织生活安排")
    } else {
        format!("{branch} {year}年组织生活安排")
    }
}

#[component]
pub fn SchedulePrintPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><SchedulePrintPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn SchedulePrintPageBody() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let year = Memo::new(move |_| {
        query
            .with(|q| q.get("year").and_then(|y| y.parse::<i32>().ok()))
            .filter(|y| (1900..=2200).contains(y))
            .unwrap_or_else(|| today().year())
    });
    let sheet = move || {
        let y = year.get();
        let (title, months) = app.data.with(|d| (sheet_title(&d.branch.name, y), print_months(d, y)));
        view! { <SchedulePrintSheet title=title months=months made_on=today()/> }
    };
    view! {
        <div class="schedule-print-page">
            <div class="print-toolbar no-print">
                <a class="btn btn-link" href=move || format!("/schedule?month={}-01", year.get())>"← 返回日程"</a>
                <button type="button" class="btn btn-primary" id="print-now" on:click=move |_| {
                    if let Err(e) = window().print() {
                        leptos::logging::warn!("print failed: {e:?}");
                    }
                }>"打印"</button>
                <span class="muted small">"A4 纵向一页；可在打印对话框中“另存为 PDF”，或截图发到群里。谈心谈话和已取消的活动不列入。"</span>
            </div>
            <div class="sheet-preview">{sheet}</div>
        </div>
    }
}
