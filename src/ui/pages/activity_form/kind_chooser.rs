//! The kind chooser shown first on 记一次活动: the date of the activity (today, or `?date=`; a past date when
//! catching up on an earlier year), then nine big buttons, each with what the rules expect and how many were
//! held in the year of that date; each opens the form of its kind on that date.

use crate::domain::record_form::{held_in_year, kind_hint};
use crate::domain::{ActivityKind, Date};
use crate::ui::clock::today;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub(super) fn KindChooser(date: Option<Date>) -> impl IntoView {
    let app = use_app();
    let day = RwSignal::new(date.unwrap_or_else(today).to_string());
    let chosen = Memo::new(move |_| Date::parse(day.get().trim()).ok());
    let year = Memo::new(move |_| chosen.get().map_or_else(|| today().year(), Date::year));
    let counts = Memo::new(move |_| {
        let year = year.get();
        app.data.with(|d| held_in_year(d, year))
    });
    // The form opens on the chosen date (no `date=` for today, the usual case).
    let href = move |k: ActivityKind| match chosen.get().filter(|d| *d != today()) {
        Some(d) => format!("/activities/new?kind={}&date={d}", k.code()),
        None => format!("/activities/new?kind={}", k.code()),
    };
    view! {
        <div class="page-header">
            <h1>"记一次活动"</h1>
            <a class="btn" href="/activities">"返回活动记录"</a>
        </div>
        <div class="field kind-date">
            <label for="kc-date">"活动日期"</label>
            <input id="kc-date" type="date" min="1900-01-01" max="2200-12-31" bind:value=day
                aria-describedby="kc-date-hint"/>
            <p class="hint" id="kc-date-hint">"补录往年的活动，先改日期：下面的次数按该日所在年份统计。"</p>
        </div>
        <p class="muted">"再选活动类别："</p>
        <div class="kind-grid">
            {ActivityKind::ALL
                .into_iter()
                .enumerate()
                .map(|(i, k)| {
                    view! {
                        <a class="kind-btn" href=move || href(k) data-kind=k.code()>
                            <span class="kind-name">{k.label()}</span>
                            <span class="kind-hint">{kind_hint(k)}</span>
                            <span class="kind-count">
                                {move || format!("{}年已开展{}次", year.get(), counts.get()[i])}
                            </span>
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}
