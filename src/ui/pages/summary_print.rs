//! /stats/print/:year — the annual summary laid out for A4 paper (and "另存为 PDF"): the sentence and
//! figures, the table, the two charts, every activity, and the per-member sheet, with a place to sign.

use crate::export::word::WordRequest;
use crate::ui::clock::today;
use crate::ui::components::chart_attendance::AttendanceChart;
use crate::ui::components::chart_held_required::HeldRequiredChart;
use crate::ui::components::member_sheet::{MemberAttendanceTable, MemberMonthSheet};
use crate::ui::components::summary_activities::SummaryActivities;
use crate::ui::components::summary_data::use_year_summary;
use crate::ui::components::summary_table::SummaryTable;
use crate::ui::components::word_button::WordButton;
use crate::ui::pages::stats::query_year;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn print_now() {
    if let Err(e) = window().print() {
        leptos::logging::warn!("print failed: {e:?}");
    }
}

#[component]
pub fn SummaryPrintPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><SummaryPrintPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn SummaryPrintPageBody() -> impl IntoView {
    let params = use_params_map();
    let year = Memo::new(move |_| query_year(params.with(|p| p.get("year"))));
    let summary = use_year_summary(year.into());
    let head = move || {
        summary.with(|s| {
            let mut meta = Vec::new();
            if !s.parent_org.trim().is_empty() {
                meta.push(format!("上级党组织：{}", s.parent_org));
            }
            meta.push(s.period_text());
            meta.push(format!("制表日期：{}", today().chinese()));
            (s.branch_title(), s.year, meta, s.sentence(), s.figure_lines())
        })
    };
    view! {
        <div class="print-toolbar no-print">
            <a class="btn btn-link" href=move || format!("/stats?tab=export&year={}", year.get())>"← 返回统计"</a>
            <button type="button" class="btn btn-primary" id="print-now" on:click=move |_| print_now()>"打印"</button>
            <WordButton request=Signal::derive(move || WordRequest::Summary { year: year.get() }) label="下载 Word" id="print-word" format=true/>
            <span class="muted small">"打印时选择 A4、纵向；可在打印对话框中“另存为 PDF”。"</span>
        </div>
        {move || {
            let (branch, y, meta, sentence, figures) = head();
            view! {
                // On a phone the per-member tables are wider than the screen: the sheet scrolls sideways
                // (focusable, so the keyboard can scroll it too) instead of the whole page.
                <article class="summary-print" tabindex="0" aria-label="年度总结打印预览">
                    <header class="sp-head">
                        <h1>{format!("{branch}{y}年度组织生活情况总结")}</h1>
                        <p class="sp-meta">{meta.join("　")}</p>
                    </header>
                    <section>
                        <h2>"一、总体情况"</h2>
                        <p class="sp-sentence">{sentence}</p>
                        <ul class="sp-figures">{figures.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                    </section>
                    <section>
                        <h2>"二、组织生活情况统计表"</h2>
                        <SummaryTable summary=summary/>
                    </section>
                    <section class="sp-charts">
                        <h2>"三、图表"</h2>
                        <AttendanceChart summary=summary/>
                        <HeldRequiredChart summary=summary/>
                    </section>
                    <section>
                        <h2>"四、全年组织生活一览"</h2>
                        <SummaryActivities summary=summary plain=true/>
                    </section>
                    <section class="page-break">
                        <h2>"五、党员参加组织生活情况"</h2>
                        <MemberAttendanceTable summary=summary marked=Signal::stored(Vec::new()) plain=true/>
                        <MemberMonthSheet summary=summary plain=true/>
                    </section>
                    <footer class="sp-sign">
                        <span>"党支部书记（签字）："</span>
                        <span>"日期："</span>
                    </footer>
                </article>
            }
        }}
    }
}
