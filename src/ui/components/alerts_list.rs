//! The alerts of a year in plain Chinese ("第三季度尚未召开党员大会", "张三已连续6个月未参加组织生活（党章第九条）"),
//! most serious first, each with a link to what fixes it. Alerts describe; they never change anything.

use crate::domain::compliance::{alerts_from_grid, Alert, Grid, Severity};
use crate::domain::overview::alerts_on_slice;
use crate::domain::Dataset;
use crate::html::Html;
use crate::ui::clock::today;
use crate::ui::components::compliance_links::alert_link_with;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// How many alerts show before "显示全部".
const FIRST_SHOWN: usize = 8;

fn severity_code(s: Severity) -> &'static str {
    match s {
        Severity::Serious => "serious",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// One alert, ready to draw; without a link when it is about another branch's data (read-only).
#[derive(Clone, PartialEq)]
struct Line {
    alert: Alert,
    link: Option<(String, &'static str)>,
}

/// One alert as HTML ([`crate::html`]; the list has no handler but the 显示全部 button below it): its badge,
/// the message linking to what fixes it, the basis (a rule's, folded) or detail, and the action button.
fn push_item(h: &mut Html, l: &Line) {
    let code = severity_code(l.alert.severity);
    let item_class = format!("alert-item alert-{code}");
    let badge_class = format!("badge alert-badge alert-badge-{code}");
    h.open("li", &[("class", &item_class), ("data-severity", code)])
        .element("span", &[("class", &badge_class)], l.alert.severity.label())
        .open("span", &[("class", "alert-body")]);
    match &l.link {
        Some((href, _)) => h.element("a", &[("class", "alert-message"), ("href", href)], &l.alert.message),
        None => h.element("span", &[("class", "alert-message")], &l.alert.message),
    };
    let detail = &l.alert.detail;
    if !detail.is_empty() {
        if l.alert.rule_id.is_some() {
            h.open("details", &[("class", "alert-detail")])
                .element("summary", &[], "依据")
                .element("p", &[], detail)
                .close("details");
        } else {
            h.element("p", &[("class", "alert-detail")], detail);
        }
    }
    h.close("span");
    if let Some((href, action)) = &l.link {
        h.element(
            "a",
            &[
                ("class", "btn btn-small alert-action"),
                ("href", href),
                ("tabindex", "-1"),
                ("aria-hidden", "true"),
            ],
            action,
        );
    }
    h.close("li");
}

/// The alerts read from `grid` (the year's grid as of today, which the caller draws too).
#[component]
pub fn AlertsList(
    grid: Memo<Grid>,
    /// How many show before "显示全部" (default 8).
    #[prop(optional)]
    first: Option<usize>,
    /// Another branch's data, which `grid` was computed from (the committee's read-only view): its alerts
    /// lead nowhere. Without it, the app's own branch, each alert linking to what fixes it.
    #[prop(default = None)]
    data: Option<Signal<Dataset>>,
) -> impl IntoView {
    let first_shown = first.unwrap_or(FIRST_SHOWN).max(1);
    let app = use_app();
    let lines = Memo::new(move |_| {
        if let Some(other) = data {
            return grid.with(|g| {
                let day = g.today.unwrap_or_else(today);
                other.with(|d| {
                    alerts_from_grid(d, &d.effective_rules(), g, day)
                        .into_iter()
                        .map(|alert| Line { alert, link: None })
                        .collect::<Vec<_>>()
                })
            });
        }
        let history = app.history.get();
        grid.with(|g| {
            // The day the grid was computed for (the same "today" on both sides of midnight).
            let day = g.today.unwrap_or_else(today);
            app.data.with(|d| {
                // While only the slice of the start is loaded, the older records come from its summary.
                let rules = d.effective_rules();
                let list = history
                    .as_ref()
                    .and_then(|h| alerts_on_slice(d, h, &rules, g, day))
                    .unwrap_or_else(|| alerts_from_grid(d, &rules, g, day));
                list.into_iter()
                    .map(|alert| {
                        let link = alert_link_with(&alert.target, d, history.as_ref(), g.year, day);
                        Line {
                            alert,
                            link: Some(link),
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let show_all = RwSignal::new(false);
    move || {
        let all = lines.get();
        if all.is_empty() {
            return view! { <p class="alerts-none alert-ok">"没有需要提醒的事项。"</p> }.into_any();
        }
        let total = all.len();
        let shown = if show_all.get() { total } else { total.min(first_shown) };
        let mut items = Html::with_capacity(shown * 512);
        for l in all.iter().take(shown) {
            push_item(&mut items, l);
        }
        let items = items.into_string();
        view! {
            <ul class="alerts-list" aria-label="提醒" inner_html=items></ul>
            {(total > first_shown).then(|| view! {
                <button type="button" class="btn btn-link alerts-more" on:click=move |_| show_all.update(|v| *v = !*v)>
                    {move || if show_all.get() { "收起".to_owned() } else { format!("显示全部 {total} 条提醒") }}
                </button>
            })}
        }
        .into_any()
    }
}
