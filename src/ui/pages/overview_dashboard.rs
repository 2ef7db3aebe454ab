//! 概览 with data: the branch at a glance. The compliance checks with their alerts, who is in the branch,
//! what is planned next and what was recorded last; each block is its own component. Drawn from the start's
//! first stage (see `state::AppState`); its code is in the chunk of the start's reading, which hands it over
//! as `AppState::dashboard` (else `routes::OverviewDashboard` fetches it, e.g. after the demo is loaded).
//! The branch card and the two lists hold only text and plain links: each is one HTML string
//! ([`crate::html`]), which the cold start with data draws in one step.

use crate::domain::date::{MAX_YEAR, MIN_YEAR};
use crate::domain::overview::year_range_on_slice;
use crate::domain::roll::tally;
use crate::domain::{Activity, Dataset, Date, MemberKind};
use crate::html::Html;
use crate::ui::clock::today;
use crate::ui::components::backup_reminder::BackupReminder;
use crate::ui::components::compliance_dashboard::ComplianceDashboard;
use crate::ui::state::{use_app, WhenComplete};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// [`OverviewDashboard`] as the start hands it to 概览 (`AppState::dashboard`).
pub fn dashboard_view() -> AnyView {
    view! { <OverviewDashboard/> }.into_any()
}

#[component]
pub fn OverviewDashboard() -> impl IntoView {
    let query = use_query_map();
    let this_year = today().year();
    // `/?year=2025`: another year's compliance (a secretary catching up on last year sees its gaps close).
    let year = Memo::new(move |_| {
        query
            .with(|q| q.get("year").and_then(|y| y.parse::<i32>().ok()))
            .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
            .unwrap_or(this_year)
    });
    view! {
        <div class="page-header">
            <h1>"概览"</h1>
            <OverviewYear year=year this_year=this_year/>
        </div>
        <BackupReminder/>
        {move || {
            let y = year.get();
            if y == this_year {
                // Drawn from the start's first stage (this year's records).
                view! { <ComplianceDashboard with_links=true/> }.into_any()
            } else {
                // Other years need all the records.
                view! {
                    <WhenComplete>
                        <ComplianceDashboard year=Signal::stored(y) with_links=true/>
                    </WhenComplete>
                }
                .into_any()
            }
        }}
        <div class="overview-grid">
            <BranchSummary/>
            <UpcomingActivities/>
            <RecentRecords/>
        </div>
    }
}

/// The year switch of 概览: this year by default; `/?year=` for another.
#[component]
fn OverviewYear(year: Memo<i32>, this_year: i32) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    // Drawn first from the start's slice: the years of the older records come from its history.
    let range = Memo::new(move |_| {
        app.history
            .with(|h| app.data.with(|d| year_range_on_slice(d, h.as_ref(), this_year)))
    });
    view! {
        <div class="year-picker overview-year">
            <label for="overview-year">"年度"</label>
            <select id="overview-year" prop:value=move || year.get().to_string()
                on:change=move |ev| {
                    if let Ok(y) = event_target_value(&ev).parse::<i32>() {
                        let href = if y == this_year { "/".to_owned() } else { format!("/?year={y}") };
                        navigate(&href, Default::default());
                    }
                }>
                {move || {
                    let (first, last) = range.get();
                    let y = year.get();
                    (first.min(y)..=last.max(y))
                        .rev()
                        .map(|n| view! {
                            <option value=n.to_string() selected={n == y}>
                                {if n == this_year { format!("{n}年（今年）") } else { format!("{n}年") }}
                            </option>
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// "2026年3月15日（周日）".
fn day_label(a: &Activity) -> String {
    let mut s = format!("{}（周{}）", a.date.chinese(), a.date.weekday().label());
    if let Some(start) = a.start {
        s.push(' ');
        s.push_str(&start.to_string());
    }
    s
}

/// The kind, with the group for group meetings and the theme when there is one.
fn activity_title(a: &Activity, d: &Dataset) -> String {
    let mut s = a.kind.label().to_owned();
    if let Some(g) = &a.group {
        s = format!("{s}（{}）", d.group_name(g));
    }
    if !a.theme.trim().is_empty() {
        s.push('：');
        s.push_str(a.theme.trim());
    }
    s
}

/// The body of [`BranchSummary`] as of `day`, as one HTML string ([`crate::html`]).
fn summary_html(d: &Dataset, day: Date) -> String {
    let current: Vec<_> = d.members.iter().filter(|m| m.in_branch_on(day)).collect();
    let count = |k: MemberKind| current.iter().filter(|m| m.kind == k).count().to_string();
    let mobile = current.iter().filter(|m| m.mobile).count();
    let mut h = Html::with_capacity(2048);
    let name = d.branch.name.as_str();
    h.element(
        "h2",
        &[("id", "summary-title")],
        if name.is_empty() { "本支部" } else { name },
    );
    if name.is_empty() {
        h.open("p", &[("class", "alert-info")])
            .text("还没有填写支部名称。")
            .element("a", &[("href", "/members?tab=branch")], "填写支部信息")
            .close("p");
    }
    if !d.branch.parent_org.is_empty() {
        h.open("p", &[("class", "muted")])
            .text("上级党委：")
            .text(&d.branch.parent_org)
            .close("p");
    }
    h.open("dl", &[("class", "stat-row")]);
    for (label, figure) in [
        ("正式党员", count(MemberKind::Full)),
        ("预备党员", count(MemberKind::Probationary)),
        ("入党积极分子", count(MemberKind::Activist)),
        ("党小组", d.groups.len().to_string()),
    ] {
        h.open("div", &[("class", "stat")])
            .element("dt", &[], label)
            .element("dd", &[], &figure)
            .close("div");
    }
    h.close("dl");
    if mobile > 0 {
        h.element("p", &[("class", "muted")], &format!("其中流动党员 {mobile} 人"));
    }
    if d.branch.committee.is_empty() {
        h.open("p", &[("class", "muted")])
            .text("支委尚未设置。")
            .element("a", &[("href", "/members?tab=branch")], "去设置")
            .close("p");
    } else {
        h.open("p", &[("class", "committee")]);
        for seat in &d.branch.committee {
            let text = format!("{}：{}", seat.role.label(), d.member_name(&seat.member));
            h.element("span", &[("class", "seat")], &text);
        }
        h.close("p");
    }
    h.open("div", &[("class", "actions")])
        .element("a", &[("href", "/members"), ("class", "btn")], "党员名册")
        .element("a", &[("href", "/members?tab=groups"), ("class", "btn")], "党小组")
        .close("div");
    h.into_string()
}

/// The branch: its name, its superior, its members by kind, its groups and committee (one HTML string,
/// [`crate::html`]; its links are plain, which the router follows).
#[component]
fn BranchSummary() -> impl IntoView {
    let app = use_app();
    let html = Memo::new(move |_| app.data.with(|d| summary_html(d, today())));
    view! { <section class="card summary" aria-labelledby="summary-title" inner_html=move || html.get()></section> }
}

/// One line of [`ActivityCard`]: day, title, and a note on the right (place or counts).
type ActivityLine = (String, String, Option<String>);

/// The body of a card listing activities (近期计划, 最近记录): its heading, the lines or `empty` when there are
/// none (with `empty_link`, the page that fixes it, as (href, label)), and a link to 活动记录 labelled `more`
/// (one HTML string, [`crate::html`]).
fn card_html(
    heading_id: &str,
    heading: &str,
    (empty, empty_link): (&str, Option<(&str, &str)>),
    more: &str,
    items: &[ActivityLine],
) -> String {
    let mut h = Html::with_capacity(512 + items.len() * 256);
    h.element("h2", &[("id", heading_id)], heading);
    if items.is_empty() {
        h.element("p", &[("class", "empty")], empty);
    } else {
        h.open("ul", &[("class", "activity-list")]);
        for (when, title, note) in items {
            h.open("li", &[])
                .element("span", &[("class", "when")], when)
                .element("span", &[("class", "what")], title);
            if let Some(note) = note {
                h.element("span", &[("class", "where")], note);
            }
            h.close("li");
        }
        h.close("ul");
    }
    h.open("div", &[("class", "actions")]);
    if let (true, Some((href, label))) = (items.is_empty(), empty_link) {
        h.element("a", &[("href", href), ("class", "btn btn-primary")], label);
    }
    h.element("a", &[("href", "/activities"), ("class", "btn")], more)
        .close("div");
    h.into_string()
}

/// A card listing activities: [`card_html`] of `items`, redrawn when they change.
#[component]
fn ActivityCard(
    class: &'static str,
    heading_id: &'static str,
    heading: &'static str,
    empty: &'static str,
    #[prop(optional)] empty_link: Option<(&'static str, &'static str)>,
    more: &'static str,
    items: Memo<Vec<ActivityLine>>,
) -> impl IntoView {
    let html = move || items.with(|items| card_html(heading_id, heading, (empty, empty_link), more, items));
    view! { <section class=format!("card {class}") aria-labelledby=heading_id inner_html=html></section> }
}

#[component]
fn UpcomingActivities() -> impl IntoView {
    let app = use_app();
    let items = Memo::new(move |_| {
        let day = today();
        app.data.with(|d| {
            crate::domain::overview::upcoming(d, day)
                .into_iter()
                .map(|a| {
                    let place = (!a.location.is_empty()).then(|| a.location.clone());
                    (day_label(a), activity_title(a, d), place)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <ActivityCard class="upcoming" heading_id="upcoming-title" heading="近期计划"
            empty="没有待开展的计划。可在“学习计划 → 年度活动计划”中生成全年计划。"
            empty_link=("/study?tab=plan", "去制定年度计划") more="全部活动" items=items/>
    }
}

#[component]
fn RecentRecords() -> impl IntoView {
    let app = use_app();
    let items = Memo::new(move |_| {
        app.data.with(|d| {
            crate::domain::overview::recent(d)
                .into_iter()
                .map(|a| {
                    let t = tally(a, d);
                    let counts = (t.expected > 0).then(|| format!("应到 {} 人，实到 {} 人", t.expected, t.attended));
                    (day_label(a), activity_title(a, d), counts)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <ActivityCard class="recent" heading_id="recent-title" heading="最近记录"
            empty="还没有活动记录。开完会后在“活动记录”中登记出席情况和内容。" more="全部记录" items=items/>
    }
}
