//! The annual summary's table (one row per kind: required, held, average attendance, missed periods), the
//! generated sentence and the year's other figures (study plan, study hours, heart talks).

use crate::domain::rules::format_number;
use crate::domain::summary::AnnualSummary;
use crate::ui::components::data_table::{head_cells, Col, DataTable};
use leptos::prelude::*;

fn rate(r: Option<u32>) -> String {
    r.map(|r| format!("{r}%")).unwrap_or_else(|| "—".to_owned())
}

/// The table, as the secretary hands it in.
#[component]
pub fn SummaryTable(#[prop(into)] summary: Signal<AnnualSummary>) -> impl IntoView {
    move || {
        summary.with(|s| {
            if s.rows.is_empty() {
                return view! { <p class="empty">"本年度没有检查规则，也没有已开展的活动。"</p> }.into_any();
            }
            let rows = s
                .rows
                .iter()
                .map(|r| {
                    let short = !r.missed.is_empty();
                    let held = if r.combined > 0 {
                        format!("{}（含组织生活会{}次）", r.held, r.combined)
                    } else {
                        r.held.to_string()
                    };
                    view! {
                        <tr data-kind=r.kind.code() class:st-short=short>
                            <th scope="row">{r.label.clone()}</th>
                            <td class="num st-required">{r.required.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
                            <td class="num st-held">{held}</td>
                            <td class="num st-rate">{rate(r.average_rate)}</td>
                            <td class="st-missed">{r.missed_text.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <DataTable class="summary-table" caption=format!("{}{}年度组织生活情况统计", s.branch, s.year)
                    head=head_cells(&[
                        Col::text("类别"),
                        Col::num("要求次数"),
                        Col::num("实际开展"),
                        Col::num("平均参会率"),
                        Col::text("未完成期间"),
                    ])>
                    {rows}
                </DataTable>
            }
            .into_any()
        })
    }
}

/// The sentence, and the figures beside the table.
#[component]
pub fn SummaryFigures(#[prop(into)] summary: Signal<AnnualSummary>) -> impl IntoView {
    move || {
        summary.with(|s| {
            let as_of = s.as_of_text();
            let plan = if s.study_plan.total == 0 {
                "未制定".to_owned()
            } else {
                format!(
                    "{}/{}项（{}）",
                    s.study_plan.done,
                    s.study_plan.total,
                    rate(crate::domain::member_stats::percent(s.study_plan.done, s.study_plan.total))
                )
            };
            let hours = s.study_hours.as_ref().map(|h| {
                format!("{}/{}人达到每年{}学时", h.met, h.members, format_number(h.minimum))
            });
            let talks = s
                .heart_talks
                .as_ref()
                .map(|t| format!("{}/{}人（每人每年至少{}次）", t.met, t.members, format_number(t.minimum)));
            let ratings = s.ratings_text();
            let items = s.items_text();
            view! {
                {(!as_of.is_empty()).then(|| view! {
                    <p class="alert-info sf-draft">
                        {format!("{as_of}的统计：本年度尚未结束，只有已经过去的月份和季度计为未完成。")}
                    </p>
                })}
                <p class="summary-sentence" id="summary-sentence">{s.sentence()}</p>
                <dl class="stat-row summary-figures">
                    <div class="stat"><dt>"党员平均参会率"</dt><dd id="sf-rate">{rate(s.average_rate)}</dd></div>
                    <div class="stat"><dt>"应到 / 实到人次"</dt><dd>{format!("{} / {}", s.total_expected, s.total_attended)}</dd></div>
                    <div class="stat"><dt>"学习计划完成"</dt><dd id="sf-plan">{plan}</dd></div>
                    {hours.map(|h| view! { <div class="stat"><dt>"学时达标"</dt><dd>{h}</dd></div> })}
                    {talks.map(|t| view! { <div class="stat"><dt>"谈心谈话覆盖"</dt><dd>{t}</dd></div> })}
                    {ratings.map(|r| view! { <div class="stat"><dt>"民主评议党员"</dt><dd id="sf-ratings">{r}</dd></div> })}
                    {items.map(|i| view! { <div class="stat"><dt>"整改事项"</dt><dd id="sf-items">{i}</dd></div> })}
                </dl>
            }
            .into_any()
        })
    }
}
