//! Every held activity of the year, with its date, kind, topic and attendance; each links to its record.

use crate::domain::member_stats::percent;
use crate::domain::summary::AnnualSummary;
use crate::ui::components::compliance_links::activity_href;
use crate::ui::components::data_table::{head_cells, Col, DataTable};
use leptos::prelude::*;

#[component]
pub fn SummaryActivities(
    #[prop(into)] summary: Signal<AnnualSummary>,
    /// Plain text instead of links (the print layout).
    #[prop(optional)]
    plain: bool,
) -> impl IntoView {
    move || {
        summary.with(|s| {
            if s.activities.is_empty() {
                return view! { <p class="empty">"本年度还没有已开展的活动记录。"</p> }.into_any();
            }
            let rows = s
                .activities
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let date = a.date.to_string();
                    let date_cell = if plain {
                        view! { <span>{date}</span> }.into_any()
                    } else {
                        view! { <a href=activity_href(a.id.as_str())>{date}</a> }.into_any()
                    };
                    let rate = percent(a.attended, a.expected)
                        .map(|r| format!("{r}%"))
                        .unwrap_or_else(|| "—".to_owned());
                    view! {
                        <tr data-kind=a.kind.code()>
                            <td class="num">{i + 1}</td>
                            <td class="nowrap">{date_cell}</td>
                            <td>{a.label.clone()}</td>
                            <td>{a.theme.clone()}</td>
                            <td class="num">{a.expected}</td>
                            <td class="num">{a.attended}</td>
                            <td class="num">{rate}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <DataTable class="summary-activities"
                    caption=format!("{}年已开展的组织生活（{}次）", s.year, s.activities.len())
                    head=head_cells(&[
                        Col::num("序号"),
                        Col::text("日期"),
                        Col::text("类别"),
                        Col::text("主题"),
                        Col::num("应到"),
                        Col::num("实到"),
                        Col::num("参会率"),
                    ])>
                    {rows}
                </DataTable>
            }
            .into_any()
        })
    }
}
