//! Held against required, per kind, as a hand-drawn SVG (printable; no chart library): for each kind a
//! light bar for what the rules require and a solid bar for what was held, with "held/required" beside it.

use crate::domain::summary::AnnualSummary;
use leptos::prelude::*;

const W: f64 = 640.0;
const LABEL: f64 = 112.0;
const NUMBER: f64 = 96.0;
const ROW: f64 = 30.0;
const TOP: f64 = 8.0;
const LEGEND: f64 = 26.0;

fn fmt(x: f64) -> String {
    format!("{x:.1}")
}

#[component]
pub fn HeldRequiredChart(#[prop(into)] summary: Signal<AnnualSummary>) -> impl IntoView {
    move || {
        summary.with(|s| {
            if s.rows.is_empty() {
                return ().into_any();
            }
            let max = s
                .rows
                .iter()
                .map(|r| r.held.max(r.required.unwrap_or(0)))
                .max()
                .unwrap_or(0)
                .max(1);
            let area = W - LABEL - NUMBER;
            let scale = |n: u32| area * f64::from(n) / f64::from(max);
            let h = TOP + ROW * s.rows.len() as f64 + LEGEND;
            let words: Vec<String> = s
                .rows
                .iter()
                .map(|r| match r.required {
                    Some(req) => format!("{}开展{}次，要求{}次", r.label, r.held, req),
                    None => format!("{}开展{}次", r.label, r.held),
                })
                .collect();
            let rows = s
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let y = TOP + ROW * i as f64;
                    // Short: a period already over was missed (mid-year, later periods are not counted yet).
                    let short = !r.missed.is_empty();
                    let number = match r.required {
                        Some(req) => format!("{}/{}", r.held, req),
                        None => format!("{}（无要求）", r.held),
                    };
                    let required = r.required.map(|req| {
                        view! {
                            <rect class="chart-required" x=fmt(LABEL) y=fmt(y + 5.0) width=fmt(scale(req).max(1.0)) height="18"/>
                        }
                    });
                    view! {
                        <g data-kind=r.kind.code()>
                            <text class="chart-axis" x=fmt(LABEL - 8.0) y=fmt(y + 19.0) text-anchor="end">{r.label.clone()}</text>
                            {required}
                            <rect class=if short { "chart-held chart-held-short" } else { "chart-held" }
                                x=fmt(LABEL) y=fmt(y + 9.0) width=fmt(scale(r.held)) height="10"/>
                            <text class="chart-value" x=fmt(LABEL + area + 6.0) y=fmt(y + 19.0)>{number}</text>
                        </g>
                    }
                })
                .collect_view();
            let ly = h - 10.0;
            view! {
                <figure class="chart chart-held-required">
                    // Scrolls sideways on phones: focusable so the keyboard can scroll it too.
                    <div class="chart-scroll" tabindex="0" role="region" aria-label="开展次数与要求次数图">
                        <svg viewBox=format!("0 0 {W} {}", fmt(h)) role="img"
                            aria-label=format!("{}年各类组织生活开展次数与要求次数：{}", s.year, words.join("；"))>
                            {rows}
                            <rect class="chart-required" x=fmt(LABEL) y=fmt(ly - 10.0) width="18" height="12"/>
                            <text class="chart-axis" x=fmt(LABEL + 24.0) y=fmt(ly)>"要求次数"</text>
                            <rect class="chart-held" x=fmt(LABEL + 110.0) y=fmt(ly - 8.0) width="18" height="8"/>
                            <text class="chart-axis" x=fmt(LABEL + 134.0) y=fmt(ly)>"实际开展"</text>
                            <rect class="chart-held chart-held-short" x=fmt(LABEL + 220.0) y=fmt(ly - 8.0) width="18" height="8"/>
                            <text class="chart-axis" x=fmt(LABEL + 244.0) y=fmt(ly)>"有未完成期间"</text>
                        </svg>
                    </div>
                    <figcaption>{format!("{}年各类组织生活：实际开展与要求次数", s.year)}</figcaption>
                </figure>
            }
            .into_any()
        })
    }
}
