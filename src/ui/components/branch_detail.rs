//! One branch opened from the committee's roll-up, read-only: its compliance grid with the alerts and its
//! annual summary (figures, table, every held activity) for the year shown, drawn by the same components as
//! the branch's own 统计 page, given the branch's data instead of the app's own — nothing in it links to
//! this device's pages or changes anything.

use crate::domain::summary::year_summary;
use crate::domain::Dataset;
use crate::ui::clock::today;
use crate::ui::components::compliance_dashboard::ComplianceDashboard;
use crate::ui::components::summary_activities::SummaryActivities;
use crate::ui::components::summary_table::{SummaryFigures, SummaryTable};
use leptos::prelude::*;

#[component]
pub fn BranchDetail(
    /// The branch's records (pulled from its database).
    data: Signal<Dataset>,
    #[prop(into)] year: Signal<i32>,
    /// The database it came from.
    #[prop(into)]
    db: String,
    /// When its data was read, as shown in the table.
    #[prop(into)]
    synced: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let summary = Memo::new(move |_| {
        let y = year.get();
        data.with(|d| year_summary(d, y, today()))
    });
    let name = move || {
        data.with(|d| {
            if d.branch.name.trim().is_empty() {
                "（未填写支部名称）".to_owned()
            } else {
                d.branch.name.clone()
            }
        })
    };
    view! {
        <section class="card branch-detail" aria-labelledby="bd-title" data-db=db.clone()>
            <div class="section-head">
                <h2 id="bd-title" tabindex="-1">{move || format!("{}（{}年）", name(), year.get())}</h2>
                <button type="button" class="btn btn-small no-print" on:click=move |_| on_close.run(())>"关闭"</button>
            </div>
            <p class="muted small">{format!("只读查看：数据库 {db}，{synced}。这里的内容不能修改，也不会保存到本机。")}</p>
            <ComplianceDashboard year=year data=data/>
            <section class="bd-summary" aria-labelledby="bd-sum-title">
                <h3 id="bd-sum-title">"年度总结"</h3>
                <SummaryFigures summary=summary/>
                <SummaryTable summary=summary/>
                <h3>"全年活动一览"</h3>
                <SummaryActivities summary=summary plain=true/>
            </section>
        </section>
    }
}
