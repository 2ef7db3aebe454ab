//! How far the year's plan has come: one row per kind ("主题党日 8/12") and the study plan ("学习计划完成
//! 9/12"), each with a bar, plus the planned entries whose day has passed without a record.

use crate::domain::plan::{completion, overdue, study_completion};
use crate::ui::clock::today;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn PlanCompletion(#[prop(into)] year: Signal<i32>) -> impl IntoView {
    let app = use_app();
    let rows = Memo::new(move |_| {
        let y = year.get();
        app.data.with(|d| completion(d, y))
    });
    let study = Memo::new(move |_| {
        let y = year.get();
        app.data.with(|d| study_completion(d, y))
    });
    let late = Memo::new(move |_| {
        let y = year.get();
        app.data
            .with(|d| overdue(d, today()).into_iter().filter(|a| a.date.year() == y).count())
    });
    view! {
        <section class="plan-completion card" aria-labelledby="pc-title">
            <h2 id="pc-title">{move || format!("{} 年完成情况", year.get())}</h2>
            <Show
                when=move || !rows.with(Vec::is_empty) || study.with(|s| s.total > 0)
                fallback=|| view! { <p class="empty">"这一年还没有计划。可在下方“生成年度计划”。"</p> }
            >
                <ul class="completion-list">
                    {move || {
                        rows.get()
                            .into_iter()
                            .map(|r| {
                                let max = r.planned_total.max(1);
                                view! {
                                    <li class="completion-row" data-kind=r.kind.code()>
                                        <span class="completion-label">{r.label()}</span>
                                        <progress max=max.to_string() value=r.held.to_string()
                                            aria-label=r.label()></progress>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                    <Show when=move || study.with(|s| s.total > 0)>
                        <li class="completion-row completion-study" data-kind="study_plan">
                            <span class="completion-label" id="study-completion">{move || study.get().label()}</span>
                            <progress
                                max=move || study.get().total.max(1).to_string()
                                value=move || study.get().done.to_string()
                                aria-label=move || study.get().label()
                            ></progress>
                        </li>
                    </Show>
                </ul>
                <p class="hint">"已开展 / 计划（含未经计划而记录的活动，不含已取消的）。"</p>
            </Show>
            <Show when=move || late.get() != 0>
                <p class="alert alert-warn" id="pc-overdue">
                    {move || format!("有 {} 项计划已过日期但还没有记录：", late.get())}
                    <a href="/schedule">"到日程中记录、改期或取消"</a>
                </p>
            </Show>
        </section>
    }
}
