//! The 概览 page: a welcome for an empty database (with the demo branch), otherwise the branch at a glance:
//! who is in it, what is planned next and what was recorded last.
//!
//! Each block is its own component so that later panels (e.g. compliance checks) slot in beside them.

use crate::domain::overview::nothing_stored;
use crate::domain::roll::tally;
use crate::domain::{Activity, Dataset, MemberKind};
use crate::ui::clock::today;
use crate::ui::components::compliance_dashboard::ComplianceDashboard;
use crate::ui::components::form_field::FormAlert;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The seed of the demo branch: the same names every time.
const DEMO_SEED: u64 = 20_260_101;

/// Loads the demo branch, but only into an empty database.
fn load_demo(app: AppState, busy: RwSignal<bool>, alert: RwSignal<Option<String>>) {
    if busy.get_untracked() || !app.data.with_untracked(|d| nothing_stored(d, None)) {
        return;
    }
    busy.set(true);
    alert.set(None);
    leptos::task::spawn_local(async move {
        // Only on all the data (the start may still be reading the older records).
        if let Err(e) = app.wait_complete().await {
            busy.try_set(false);
            alert.try_set(Some(e.to_string()));
            return;
        }
        // Let the browser paint the busy state before the (synchronous) generation.
        gloo_timers::future::TimeoutFuture::new(16).await;
        let data = match crate::ui::routes::demo_dataset(today(), DEMO_SEED).await {
            Ok(data) => data,
            Err(e) => {
                busy.try_set(false);
                alert.try_set(Some(e.to_string()));
                return;
            }
        };
        let result = if app.data.with_untracked(|d| nothing_stored(d, None)) {
            app.replace_all(data).await
        } else {
            Ok(())
        };
        busy.try_set(false);
        if let Err(e) = result {
            alert.try_set(Some(e.to_string()));
        }
    });
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let app = use_app();
    let busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let query = use_query_map();
    // `?demo=1`: load the demo once, into an empty database only.
    let auto_tried = StoredValue::new(false);
    Effect::new(move |_| {
        let wants = query.with(|q| q.get("demo")).is_some_and(|v| v == "1");
        if wants && !auto_tried.get_value() {
            auto_tried.set_value(true);
            load_demo(app, busy, alert);
        }
    });
    let empty = Memo::new(move |_| {
        let history = app.history.get();
        app.data.with(|d| nothing_stored(d, history.as_ref()))
    });
    view! {
        // `data-stage`: "first" while drawn from the start's slice (see `state::AppState`), then "all".
        <div class="page overview-page" data-stage=move || if app.complete.get() { "all" } else { "first" }>
            <Show when=move || !empty.get() fallback=move || view! { <Welcome busy=busy alert=alert/> }>
                <h1>"概览"</h1>
                <crate::ui::components::backup_reminder::BackupReminder/>
                <ComplianceDashboard with_links=true/>
                <div class="overview-grid">
                    <BranchSummary/>
                    <UpcomingActivities/>
                    <RecentRecords/>
                </div>
            </Show>
        </div>
    }
}

#[component]
fn Welcome(busy: RwSignal<bool>, alert: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    view! {
        <section class="card welcome" aria-labelledby="welcome-title">
            <h1 id="welcome-title">"欢迎使用支部台账"</h1>
            <p>"支部台账帮助支部书记和组织委员规划、记录“三会一课”等组织生活，一次录入即可生成记录本、年度统计和日程。"
               "所有数据只保存在这台设备的浏览器中，不上传任何服务器，请定期在“数据”页导出备份。"</p>
            <div class="actions welcome-actions">
                <button type="button" class="btn btn-primary btn-large" disabled=move || busy.get()
                    on:click=move |_| load_demo(app, busy, alert)>
                    {move || if busy.get() { "正在生成示例支部…" } else { "载入示例支部" }}
                </button>
                <A href="/members?tab=branch" attr:class="btn btn-large">"从头开始"</A>
            </div>
            <p class="hint">"示例支部是虚构的（约 40 名党员、三年的记录），可随时在“数据”页清空后重新开始。"</p>
            <FormAlert message=alert/>
        </section>
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

#[component]
fn UpcomingActivities() -> impl IntoView {
    let app = use_app();
    let items = Memo::new(move |_| {
        let day = today();
        app.data.with(|d| {
            crate::domain::overview::upcoming(d, day)
                .into_iter()
                .map(|a| (a.id.0.clone(), day_label(a), activity_title(a, d), a.location.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card upcoming" aria-labelledby="upcoming-title">
            <h2 id="upcoming-title">"近期计划"</h2>
            <Show when=move || !items.with(Vec::is_empty)
                fallback=|| view! { <p class="empty">"没有待开展的计划。可在“活动记录”中制定年度计划。"</p> }>
                <ul class="activity-list">
                    <For each=move || items.get() key=|i| i.clone() let((_id, when, title, place))>
                        <li>
                            <span class="when">{when}</span>
                            <span class="what">{title}</span>
                            {(!place.is_empty()).then(|| view! { <span class="where">{place}</span> })}
                        </li>
                    </For>
                </ul>
            </Show>
            <div class="actions"><A href="/activities" attr:class="btn">"全部活动"</A></div>
        </section>
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
        <section class="card recent" aria-labelledby="recent-title">
            <h2 id="recent-title">"最近记录"</h2>
            <Show when=move || !items.with(Vec::is_empty)
                fallback=|| view! { <p class="empty">"还没有活动记录。开完会后在“活动记录”中登记出席情况和内容。"</p> }>
                <ul class="activity-list">
                    <For each=move || items.get() key=|i| i.clone() let((_id, when, title, counts))>
                        <li>
                            <span class="when">{when}</span>
                            <span class="what">{title}</span>
                            {counts.map(|c| view! { <span class="where">{c}</span> })}
                        </li>
                    </For>
                </ul>
            </Show>
            <div class="actions"><A href="/activities" attr:class="btn">"全部记录"</A></div>
        </section>
    }
}
