//! The one-page printable schedule (month by month) for the notice board or a photo in the group chat:
//! twelve month boxes on one A4 sheet, each listing its dates. Used by /schedule/print and by the shared
//! (read-only) schedule view. Print rules are in `style/plan.css`.

use super::calendar_month::item_title;
use crate::domain::schedule::{year_items, Audience};
use crate::domain::{Activity, ActivityKind, Dataset, Date};
use leptos::prelude::*;

/// One line of a month box.
#[derive(Clone, Debug, PartialEq)]
pub struct PrintLine {
    pub day: String,
    pub time: String,
    pub text: String,
}

/// What goes on the schedule sheet: the items that concern the whole branch. 谈心谈话 (between a few
/// people) and cancelled entries are left out.
pub fn on_sheet(a: &Activity) -> bool {
    a.kind != ActivityKind::HeartTalk
}

/// The lines of each month of `year` (index 0 = January). Group meetings of several groups on the same
/// day and time make one line ("党小组会（第一党小组、第二党小组）").
pub fn print_months(d: &Dataset, year: i32) -> Vec<Vec<PrintLine>> {
    let mut months: Vec<Vec<PrintLine>> = vec![Vec::new(); 12];
    let items: Vec<&Activity> = year_items(d, Audience::Branch, year, false)
        .into_iter()
        .filter(|a| on_sheet(a))
        .collect();
    let mut i = 0;
    while i < items.len() {
        let a = items[i];
        let time = a.start.map(|t| t.to_string()).unwrap_or_default();
        let text = if a.kind == ActivityKind::GroupMeeting && a.theme.trim().is_empty() {
            // Gather the groups meeting the same day at the same time without a theme of their own.
            let mut names = Vec::new();
            let mut j = i;
            while j < items.len()
                && items[j].kind == ActivityKind::GroupMeeting
                && items[j].date == a.date
                && items[j].start == a.start
                && items[j].theme.trim().is_empty()
            {
                if let Some(g) = &items[j].group {
                    names.push(d.group_name(g));
                }
                j += 1;
            }
            i = j - 1;
            if names.is_empty() {
                a.kind.label().to_owned()
            } else {
                format!("{}（{}）", a.kind.label(), names.join("、"))
            }
        } else if let (ActivityKind::GroupMeeting, Some(g)) = (a.kind, &a.group) {
            // "第一党小组：学习《…》": the group's name says it is its meeting, and the line stays short.
            format!("{}：{}", d.group_name(g), a.theme.trim())
        } else {
            item_title(a, d, false)
        };
        months[usize::from(a.date.month() - 1)].push(PrintLine {
            day: format!("{}日周{}", a.date.day(), a.date.weekday().label()),
            time,
            text,
        });
        i += 1;
    }
    months
}

/// The sheet. `title` is its heading, e.g. "××党支部 2026年组织生活安排".
#[component]
pub fn SchedulePrintSheet(
    #[prop(into)] title: String,
    months: Vec<Vec<PrintLine>>,
    /// The date printed in the footer ("制表日期").
    made_on: Date,
    /// A note under the heading, e.g. the usual place and time.
    #[prop(optional, into)]
    note: Option<String>,
) -> impl IntoView {
    let total: usize = months.iter().map(Vec::len).sum();
    view! {
        <section class="sched-print" aria-label="打印版日程">
            <header class="sp-head">
                <h1>{title}</h1>
                {note.filter(|n| !n.is_empty()).map(|n| view! { <p class="sp-note">{n}</p> })}
            </header>
            <div class="sp-grid">
                {months
                    .into_iter()
                    .enumerate()
                    .map(|(i, lines)| {
                        let empty = lines.is_empty();
                        view! {
                            <div class="sp-month">
                                <h2>{format!("{}月", i + 1)}</h2>
                                {if empty {
                                    view! { <p class="sp-empty">"—"</p> }.into_any()
                                } else {
                                    view! {
                                        <ul>
                                            {lines
                                                .into_iter()
                                                .map(|l| {
                                                    view! {
                                                        <li>
                                                            <span class="sp-day">{l.day}</span>
                                                            {(!l.time.is_empty())
                                                                .then(|| view! { <span class="sp-time">{l.time}</span> })}
                                                            <span class="sp-text">{l.text}</span>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }}
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <footer class="sp-foot">
                {format!("共 {total} 项　制表日期：{}　如有调整以支部通知为准", made_on.chinese())}
            </footer>
        </section>
    }
}
