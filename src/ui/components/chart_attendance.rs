//! Attendance by month, as a hand-drawn SVG bar chart (printable; no chart library): one bar per month
//! with its rate, the year's average as a dashed line. Months without any expected attendance show "—".

use crate::domain::member_stats::percent;
use crate::domain::summary::AnnualSummary;
use crate::ui::components::summary_data::month_attendance;
use leptos::prelude::*;

const W: f64 = 640.0;
const H: f64 = 230.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 28.0;

fn y_of(rate: f64) -> f64 {
    TOP + (H - TOP - BOTTOM) * (1.0 - rate / 100.0)
}

fn fmt(x: f64) -> String {
    format!("{x:.1}")
}

#[component]
pub fn AttendanceChart(#[prop(into)] summary: Signal<AnnualSummary>) -> impl IntoView {
    move || {
        summary.with(|s| {
            let months = month_attendance(s);
            let slot = (W - LEFT - RIGHT) / 12.0;
            let bar = slot * 0.6;
            let base = y_of(0.0);
            let words: Vec<String> = months
                .iter()
                .enumerate()
                .filter_map(|(i, (e, a))| percent(*a, *e).map(|r| format!("{}月{r}%", i + 1)))
                .collect();
            let label = if words.is_empty() {
                format!("{}年各月参会率：暂无数据", s.year)
            } else {
                format!("{}年各月参会率：{}", s.year, words.join("，"))
            };
            let grid = [0.0, 25.0, 50.0, 75.0, 100.0]
                .into_iter()
                .map(|r| {
                    let y = fmt(y_of(r));
                    view! {
                        <line class="chart-grid" x1=fmt(LEFT) x2=fmt(W - RIGHT) y1=y.clone() y2=y.clone()/>
                        <text class="chart-axis" x=fmt(LEFT - 6.0) y=fmt(y_of(r) + 4.0) text-anchor="end">{format!("{r}%")}</text>
                    }
                })
                .collect_view();
            let bars = months
                .iter()
                .enumerate()
                .map(|(i, (expected, attended))| {
                    let cx = LEFT + slot * (i as f64 + 0.5);
                    let month = view! {
                        <text class="chart-axis" x=fmt(cx) y=fmt(H - 8.0) text-anchor="middle">{format!("{}月", i + 1)}</text>
                    };
                    match percent(*attended, *expected) {
                        Some(r) => {
                            let top = y_of(f64::from(r));
                            view! {
                                {month}
                                <rect class="chart-bar" data-month={i + 1} x=fmt(cx - bar / 2.0) y=fmt(top)
                                    width=fmt(bar) height=fmt((base - top).max(0.0))/>
                                {if base - top > 22.0 {
                                    view! { <text class="chart-value chart-value-in" x=fmt(cx) y=fmt(top + 15.0) text-anchor="middle">{format!("{r}%")}</text> }
                                } else {
                                    view! { <text class="chart-value" x=fmt(cx) y=fmt(top - 4.0) text-anchor="middle">{format!("{r}%")}</text> }
                                }}
                            }
                            .into_any()
                        }
                        None => view! {
                            {month}
                            <text class="chart-none" x=fmt(cx) y=fmt(base - 4.0) text-anchor="middle">"—"</text>
                        }
                        .into_any(),
                    }
                })
                .collect_view();
            let average = s.average_rate.map(|r| {
                let y = fmt(y_of(f64::from(r)));
                view! { <line class="chart-average" x1=fmt(LEFT) x2=fmt(W - RIGHT) y1=y.clone() y2=y/> }
            });
            let caption = match s.average_rate {
                Some(r) => format!("{}年各月党员参会率（实到人次 ÷ 应到人次）；虚线为全年平均 {r}%", s.year),
                None => format!("{}年各月党员参会率（实到人次 ÷ 应到人次）", s.year),
            };
            view! {
                <figure class="chart chart-attendance">
                    // Scrolls sideways on phones: focusable so the keyboard can scroll it too.
                    <div class="chart-scroll" tabindex="0" role="region" aria-label="各月参会率图">
                        <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=label preserveAspectRatio="xMidYMid meet">
                            {grid}
                            <line class="chart-baseline" x1=fmt(LEFT) x2=fmt(W - RIGHT) y1=fmt(base) y2=fmt(base)/>
                            {bars}
                            {average}
                        </svg>
                    </div>
                    <figcaption>{caption}</figcaption>
                </figure>
            }
            .into_any()
        })
    }
}
