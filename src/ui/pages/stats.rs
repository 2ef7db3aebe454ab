//! The 统计 page: one year at a time (`?year=`), in tabs (`?tab=`):
//! - `check` 合规检查: the compliance grid and the alerts, each alert a link to what fixes it;
//! - `summary` 年度总结: the table, the sentence, study-plan completion, charts, every activity;
//! - `members` 党员出勤: per-member figures and the month-grid sheet; `&member=<id>` opens one member's
//!   sheet, `&members=<id>,<id>` marks several (e.g. those below the study hours);
//! - `export` 导出: the summary JSON, the CSV files and the print layout.
//!
//! The 规则 (/rules) and 汇总 (/rollup) pages share the tab bar ([`StatsTabs`]).

use crate::domain::date::{MAX_YEAR, MIN_YEAR};
use crate::domain::MemberId;
use crate::ui::clock::today;
use crate::ui::components::chart_attendance::AttendanceChart;
use crate::ui::components::chart_held_required::HeldRequiredChart;
use crate::ui::components::compliance_dashboard::ComplianceDashboard;
use crate::ui::components::member_sheet::{MemberAttendanceTable, MemberMonthSheet, MemberSheetCard};
use crate::ui::components::summary_activities::SummaryActivities;
use crate::ui::components::summary_data::use_year_summary;
use crate::ui::components::summary_export::SummaryExport;
use crate::ui::components::summary_table::{SummaryFigures, SummaryTable};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The tabs of the page: code and label. 规则 and 汇总 are pages of their own.
const TABS: [(&str, &str); 4] = [
    ("check", "合规检查"),
    ("summary", "年度总结"),
    ("members", "党员出勤"),
    ("export", "导出"),
];

/// Where a tab (or the 规则 / 汇总 page) lives.
fn tab_href(code: &str, year: i32) -> String {
    match code {
        "rules" => "/rules".to_owned(),
        "rollup" => "/rollup".to_owned(),
        _ => format!("/stats?tab={code}&year={year}"),
    }
}

/// The tab bar shared by 统计, 规则 and 汇总; `current` is a tab code, "rules" or "rollup".
#[component]
pub fn StatsTabs(#[prop(into)] current: Signal<String>, #[prop(into)] year: Signal<i32>) -> impl IntoView {
    let all = TABS.into_iter().chain([("rules", "规则"), ("rollup", "汇总")]);
    view! {
        <nav class="tabs stats-tabs" aria-label="统计页面分区">
            {all.map(|(code, label)| {
                let active = move || current.with(|c| c == code);
                view! {
                    <a href=move || tab_href(code, year.get()) class="tab" class:active=active
                        aria-current=move || active().then_some("page")>
                        {label}
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}

/// The year in `?year=`, or this year.
pub fn query_year(text: Option<String>) -> i32 {
    text.and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
        .unwrap_or_else(|| today().year())
}

#[component]
pub fn StatsPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><StatsPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn StatsPageBody() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let navigate = use_navigate();
    let year = Memo::new(move |_| query_year(query.with(|q| q.get("year"))));
    let tab = Memo::new(move |_| {
        let asked = query.with(|q| q.get("tab")).unwrap_or_default();
        if TABS.iter().any(|(c, _)| *c == asked) {
            asked
        } else {
            "check".to_owned()
        }
    });
    let member = Memo::new(move |_| query.with(|q| q.get("member")).filter(|m| !m.is_empty()).map(MemberId));
    let marked = Memo::new(move |_| {
        let mut ids: Vec<MemberId> = query
            .with(|q| q.get("members"))
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| MemberId(s.to_owned()))
            .collect();
        if let Some(m) = member.get() {
            ids.push(m);
        }
        ids
    });
    let range = Memo::new(move |_| app.data.with(|d| d.year_range(today().year())));
    let summary = use_year_summary(year.into());

    let go = move |y: i32| {
        let href = tab_href(&tab.get_untracked(), y);
        navigate(&href, Default::default());
    };
    let go_select = go.clone();
    let go_prev = go.clone();
    let go_next = go;

    // Opening one member's sheet scrolls it into view.
    Effect::new(move |_| {
        if member.get().is_some() && tab.get() == "members" {
            request_animation_frame(|| {
                if let Some(el) = document().get_element_by_id("member-card") {
                    el.scroll_into_view();
                }
            });
        }
    });

    view! {
        <div class="page stats-page">
            <div class="page-header">
                <h1>"统计"</h1>
                <div class="year-picker">
                    <button type="button" class="btn btn-small" aria-label="上一年"
                        disabled={move || year.get() <= range.get().0.min(year.get())}
                        on:click=move |_| go_prev(year.get_untracked() - 1)>"‹"</button>
                    <label for="stats-year" class="sr-only">"年度"</label>
                    <select id="stats-year" prop:value=move || year.get().to_string()
                        on:change=move |ev| {
                            if let Ok(y) = event_target_value(&ev).parse::<i32>() {
                                go_select(y);
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
                    <button type="button" class="btn btn-small" aria-label="下一年"
                        disabled={move || year.get() >= range.get().1.max(year.get())}
                        on:click=move |_| go_next(year.get_untracked() + 1)>"›"</button>
                </div>
            </div>
            <StatsTabs current=tab year=year/>
            {move || match tab.get().as_str() {
                "summary" => view! {
                    <section class="card" aria-labelledby="sum-title">
                        <h2 id="sum-title">{move || summary.with(|s| format!("{}{}年度组织生活总结", s.branch, s.year))}</h2>
                        <SummaryFigures summary=summary/>
                        <SummaryTable summary=summary/>
                    </section>
                    <section class="card" aria-labelledby="charts-title">
                        <h2 id="charts-title">"图表"</h2>
                        <div class="chart-row">
                            <AttendanceChart summary=summary/>
                            <HeldRequiredChart summary=summary/>
                        </div>
                    </section>
                    <section class="card" aria-labelledby="acts-title">
                        <h2 id="acts-title">"全年活动一览"</h2>
                        <SummaryActivities summary=summary/>
                    </section>
                }
                .into_any(),
                "members" => view! {
                    {move || member.get().map(|m| view! { <MemberSheetCard summary=summary member=m/> })}
                    <section class="card" aria-labelledby="ma-title">
                        <h2 id="ma-title">"党员出勤统计"</h2>
                        <p class="hint">"参会率 = 实到 ÷ 应到（实到含异地参加）。请假、缺席后登记了补学的计为“补学已完成”，并计入学时。点姓名查看个人情况表。"</p>
                        <MemberAttendanceTable summary=summary marked=marked/>
                    </section>
                    <section class="card" aria-labelledby="ms-title">
                        <h2 id="ms-title">"月度情况表"</h2>
                        <MemberMonthSheet summary=summary/>
                    </section>
                }
                .into_any(),
                "export" => view! { <SummaryExport summary=summary/> }.into_any(),
                _ => view! {
                    <ComplianceDashboard year=year/>
                    <p class="hint">"检查依据《中国共产党支部工作条例（试行）》等规定，可在" <a href="/rules">"检查规则"</a>
                        "中查看原文、调整要求。提醒只作提示，不会修改任何数据。"</p>
                }
                .into_any(),
            }}
        </div>
    }
}
