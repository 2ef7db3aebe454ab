//! The 学习计划 page, with two views of one year (`?year=2026&tab=plan`):
//! - 学习计划表 (default): the study plan, see [`StudyTable`];
//! - 年度计划: the year's organisational life as planned: completion per kind, 生成年度计划 (the skeleton in
//!   one action), and the entries one by one to fill in themes and lecturers.

use crate::domain::sort::sort_by;
use crate::export::word::WordRequest;
use crate::ui::clock::today;
use crate::ui::components::plan_completion::PlanCompletion;
use crate::ui::components::plan_entries::PlanEntries;
use crate::ui::components::plan_generator::PlanGenerator;
use crate::ui::components::study_table::StudyTable;
use crate::ui::components::word_button::WordButton;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

#[component]
pub fn StudyPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><StudyPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn StudyPageBody() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let this_year = today().year();
    let year = RwSignal::new(
        query
            .with_untracked(|q| q.get("year").and_then(|y| y.parse::<i32>().ok()))
            .filter(|y| (1900..=2200).contains(y))
            .unwrap_or(this_year),
    );
    let plan_tab = RwSignal::new(query.with_untracked(|q| q.get("tab").as_deref() == Some("plan")));
    let navigate = use_navigate();
    Effect::new(move |prev: Option<()>| {
        let q = format!(
            "/study?year={}{}",
            year.get(),
            if plan_tab.get() { "&tab=plan" } else { "" }
        );
        if prev.is_some() {
            navigate(
                &q,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
    let years = Memo::new(move |_| {
        let mut ys: Vec<i32> = app.data.with(|d| {
            d.activities
                .iter()
                .map(|a| a.date.year())
                .chain(d.study_items.iter().map(|s| s.date.year()))
                .collect()
        });
        ys.extend([this_year, this_year + 1, year.get()]);
        sort_by(&mut ys, |a, b| b.cmp(a));
        ys.dedup();
        ys
    });
    let generating = RwSignal::new(false);
    let done_msg = RwSignal::new(None::<String>);
    let on_done = Callback::new(move |n: usize| {
        generating.set(false);
        done_msg.set(Some(format!(
            "已生成 {n} 项计划。下面可以逐条填写主题、授课人，或到“日程”中查看月历、导出日历和分享链接。"
        )));
    });

    view! {
        <div class="page study-page">
            <div class="page-header">
                <h1>"学习计划"</h1>
                <div class="toolbar">
                    <label for="study-year" class="sr-only">"年度"</label>
                    <select id="study-year" on:change=move |ev| {
                        if let Ok(y) = event_target_value(&ev).parse::<i32>() {
                            year.set(y);
                            done_msg.set(None);
                        }
                    }>
                        {move || {
                            years
                                .get()
                                .into_iter()
                                .map(|y| view! { <option value=y.to_string() prop:selected=move || year.get() == y>{format!("{y}年")}</option> })
                                .collect_view()
                        }}
                    </select>
                    <a class="btn" href="/schedule">"日程与分享"</a>
                </div>
            </div>
            <div class="seg study-tabs" role="group" aria-label="视图">
                <button type="button" id="tab-study" aria-pressed=move || (!plan_tab.get()).to_string()
                    on:click=move |_| plan_tab.set(false)>"学习计划表"</button>
                <button type="button" id="tab-plan" aria-pressed=move || plan_tab.get().to_string()
                    on:click=move |_| plan_tab.set(true)>"年度活动计划"</button>
            </div>
            <Show when=move || plan_tab.get() fallback=move || view! { <StudyTable year=year/> }>
                <PlanCompletion year=year/>
                <section class="plan-year" aria-labelledby="plan-year-title">
                    <div class="page-header">
                        <h2 id="plan-year-title">{move || format!("{} 年度活动计划", year.get())}</h2>
                        <div class="toolbar">
                            <WordButton request=Signal::derive(move || WordRequest::YearPlan { year: year.get() }) label="年度计划 Word" id="plan-word" format=true/>
                            <button type="button" class="btn btn-primary" id="plan-generate"
                                aria-expanded=move || generating.get().to_string()
                                on:click=move |_| { generating.update(|g| *g = !*g); done_msg.set(None); }>
                                {move || if generating.get() { "收起" } else { "生成年度计划" }}
                            </button>
                        </div>
                    </div>
                    <Show when=move || done_msg.with(Option::is_some)>
                        <p class="alert alert-ok" role="status" id="plan-done">{move || done_msg.get().unwrap_or_default()}</p>
                    </Show>
                    <Show when=move || generating.get()>
                        <PlanGenerator year=year on_done=on_done/>
                    </Show>
                    <PlanEntries year=year/>
                </section>
            </Show>
        </div>
    }
}
