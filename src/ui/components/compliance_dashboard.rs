//! The compliance dashboard: the year's grid and its alerts, self-contained (it reads the app state), so it
//! can sit on the 概览 page (`<ComplianceDashboard/>`, the current year) and on 统计 (any year); given another
//! branch's data (`data`), the same dashboard read-only, for the committee's roll-up. The grid is
//! computed once (`year_grid_memo`): the grid draws it and the alerts are read from it.

use crate::domain::Dataset;
use crate::ui::clock::today;
use crate::ui::components::alerts_list::AlertsList;
use crate::ui::components::compliance_grid::{grid_memo_of, year_grid_memo, ComplianceGrid};
use leptos::prelude::*;

#[component]
pub fn ComplianceDashboard(
    /// The year shown; the current year when not given.
    #[prop(optional, into)]
    year: Option<Signal<i32>>,
    /// Show the links to the statistics and rules pages, and fewer alerts at first (on 概览).
    #[prop(optional)]
    with_links: bool,
    /// Another branch's data instead of the app's own: read-only, nothing in it leads anywhere.
    #[prop(optional)]
    data: Option<Signal<Dataset>>,
) -> impl IntoView {
    let year = year.unwrap_or_else(|| Signal::stored(today().year()));
    let grid = match data {
        Some(d) => grid_memo_of(d, year),
        None => year_grid_memo(year),
    };
    let read_only = data.is_some();
    view! {
        <section class="card compliance-dashboard" aria-labelledby="cd-title">
            <div class="section-head">
                <h2 id="cd-title">{move || format!("{}年合规检查", year.get())}</h2>
                {with_links.then(|| view! {
                    <span class="cd-links">
                        <a href=move || format!("/stats?year={}", year.get())>"年度统计"</a>
                        <a href="/rules">"检查规则"</a>
                    </span>
                })}
            </div>
            <div class="cd-body">
                <div class="cd-alerts">
                    <h3>"提醒"</h3>
                    <AlertsList grid=grid first={if with_links { 5 } else { 8 }} data=data/>
                </div>
                <div class="cd-grid">
                    <h3>"按月检查"</h3>
                    <ComplianceGrid grid=grid read_only=read_only/>
                </div>
            </div>
        </section>
    }
}
