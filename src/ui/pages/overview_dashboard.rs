//! 概览 with data: the branch at a glance. The compliance checks with their alerts, who is in the branch,
//! what is planned next and what was recorded last; each block is its own component. Drawn from the start's
//! first stage (see `state::AppState`); its code is in the chunk of the start's reading, which hands it over
//! as `AppState::dashboard` (else `routes::OverviewDashboard` fetches it, e.g. after the demo is loaded).

use crate::domain::roll::tally;
use crate::domain::{Activity, Dataset, MemberKind};
use crate::ui::clock::today;
use crate::ui::components::backup_reminder::BackupReminder;
use crate::ui::components::compliance_dashboard::ComplianceDashboard;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

/// [`OverviewDashboard`] as the start hands it to 概览 (`AppState::dashboard`).
pub fn dashboard_view() -> AnyView {
    view! { <OverviewDashboard/> }.into_any()
}

#[component]
pub fn OverviewDashboard() -> impl IntoView {
    view! {
        <h1>"概览"</h1>
        <BackupReminder/>
        <ComplianceDashboard with_links=true/>
        <div class="overview-grid">
            <BranchSummary/>
            <UpcomingActivities/>
            <RecentRecords/>
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

#[component]
fn BranchSummary() -> impl IntoView {
    let app = use_app();
    let stats = Memo::new(move |_| {
        let day = today();
        app.data.with(|d| {
            let current: Vec<_> = d.members.iter().filter(|m| m.in_branch_on(day)).collect();
            let count = |k: MemberKind| current.iter().filter(|m| m.kind == k).count();
            (
                count(MemberKind::Full),
                count(MemberKind::Probationary),
                count(MemberKind::Activist),
                current.iter().filter(|m| m.mobile).count(),
                d.groups.len(),
                d.branch
                    .committee
                    .iter()
                    .map(|s| format!("{}：{}", s.role.label(), d.member_name(&s.member)))
                    .collect::<Vec<_>>(),
            )
        })
    });
    let name = move || app.data.with(|d| d.branch.name.clone());
    let parent = move || app.data.with(|d| d.branch.parent_org.clone());
    view! {
        <section class="card summary" aria-labelledby="summary-title">
            <h2 id="summary-title">
                {move || { let n = name(); if n.is_empty() { "本支部".to_owned() } else { n } }}
            </h2>
            <Show when=move || name().is_empty()>
                <p class="alert-info">"还没有填写支部名称。"<A href="/members?tab=branch">"填写支部信息"</A></p>
            </Show>
            <Show when=move || !parent().is_empty()>
                <p class="muted">"上级党委："{parent}</p>
            </Show>
            {move || {
                let (full, prob, act, mobile, groups, committee) = stats.get();
                view! {
                    <dl class="stat-row">
                        <div class="stat"><dt>"正式党员"</dt><dd>{full}</dd></div>
                        <div class="stat"><dt>"预备党员"</dt><dd>{prob}</dd></div>
                        <div class="stat"><dt>"入党积极分子"</dt><dd>{act}</dd></div>
                        <div class="stat"><dt>"党小组"</dt><dd>{groups}</dd></div>
                    </dl>
                    {(mobile > 0).then(|| view! { <p class="muted">{format!("其中流动党员 {mobile} 人")}</p> })}
                    {if committee.is_empty() {
                        view! { <p class="muted">"支委尚未设置。"<A href="/members?tab=branch">"去设置"</A></p> }.into_any()
                    } else {
                        view! {
                            <p class="committee">
                                {committee.into_iter().map(|seat| view! { <span class="seat">{seat}</span> }).collect_view()}
                            </p>
                        }.into_any()
                    }}
                }
            }}
            <div class="actions">
                <A href="/members" attr:class="btn">"党员名册"</A>
                <A href="/members?tab=groups" attr:class="btn">"党小组"</A>
            </div>
        </section>
    }
}

/// One line of [`ActivityCard`]: id (the key), day, title, and a note on the right (place or counts).
type ActivityLine = (String, String, String, Option<String>);

/// A card listing activities (近期计划, 最近记录): its heading, the lines or `empty` when there are none, and a
/// link to 活动记录 labelled `more`.
#[component]
fn ActivityCard(
    class: &'static str,
    heading_id: &'static str,
    heading: &'static str,
    empty: &'static str,
    more: &'static str,
    items: Memo<Vec<ActivityLine>>,
) -> impl IntoView {
    view! {
        <section class=format!("card {class}") aria-labelledby=heading_id>
            <h2 id=heading_id>{heading}</h2>
            <Show when=move || !items.with(Vec::is_empty) fallback=move || view! { <p class="empty">{empty}</p> }>
                <ul class="activity-list">
                    <For each=move || items.get() key=|i| i.clone() let((_id, when, title, note))>
                        <li>
                            <span class="when">{when}</span>
                            <span class="what">{title}</span>
                            {note.map(|n| view! { <span class="where">{n}</span> })}
                        </li>
                    </For>
                </ul>
            </Show>
            <div class="actions"><A href="/activities" attr:class="btn">{more}</A></div>
        </section>
    }
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
                    (a.id.0.clone(), day_label(a), activity_title(a, d), place)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <ActivityCard class="upcoming" heading_id="upcoming-title" heading="近期计划"
            empty="没有待开展的计划。可在“活动记录”中制定年度计划。" more="全部活动" items=items/>
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
                    (a.id.0.clone(), day_label(a), activity_title(a, d), counts)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <ActivityCard class="recent" heading_id="recent-title" heading="最近记录"
            empty="还没有活动记录。开完会后在“活动记录”中登记出席情况和内容。" more="全部记录" items=items/>
    }
}
