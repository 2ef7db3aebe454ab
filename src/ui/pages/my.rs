//! 我的 (/my): one member's own view. Pick yourself from the list (remembered on this device only if
//! "在本设备记住我" is ticked: the member's id is kept in the database's `meta` store under
//! [`META_MY_MEMBER`](crate::ui::state::META_MY_MEMBER), never in a backup); then your upcoming items, your
//! attendance this year, the 补学 you still owe, your study hours against the yearly requirement, and your own
//! 民主评议 rating and 整改 items (`components::my_review`).

use crate::domain::activity::chronological;
use crate::domain::member_stats::{expected_entries, held_between, member_stats, Mark};
use crate::domain::rules::{default_rule, format_number, ids};
use crate::domain::schedule::{upcoming, Audience};
use crate::domain::sort::sort_by;
use crate::domain::{Activity, ActivityStatus, Date, MemberId, MemberKind};
use crate::ui::clock::today;
use crate::ui::components::calendar_month::{day_short, item_title, status_badge, time_text};
use crate::ui::components::form_field::FormAlert;
use crate::ui::components::my_review::MyReview;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// How far ahead "我的近期安排" looks.
const MY_UPCOMING_DAYS: i64 = 60;

/// The yearly study hours required: the branch's rule as edited (32 by default).
fn required_hours(d: &crate::domain::Dataset) -> f64 {
    d.effective_rules()
        .into_iter()
        .find(|r| r.id == ids::STUDY_HOURS)
        .or_else(|| default_rule(ids::STUDY_HOURS))
        .map_or(32.0, |r| r.minimum)
}

#[derive(Clone, Debug, PartialEq)]
struct AttendanceLine {
    id: String,
    day: String,
    title: String,
    mark: Mark,
    make_up: String,
}

#[component]
pub fn MyPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><MyPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn MyPageBody() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let now = today();
    let chosen = RwSignal::new(
        query
            .with_untracked(|q| q.get("m"))
            .filter(|m| !m.is_empty())
            .map(MemberId),
    );
    let remember = RwSignal::new(false);
    let year = RwSignal::new(now.year());
    let alert = RwSignal::new(None::<String>);

    // What this device remembers (only when nothing was asked for in the address).
    if chosen.get_untracked().is_none() {
        leptos::task::spawn_local(async move {
            match app.remembered_member().await {
                Ok(Some(id)) => {
                    if app.data.with_untracked(|d| d.member(&id).is_some())
                        && chosen.try_get_untracked().flatten().is_none()
                    {
                        chosen.try_set(Some(id));
                        remember.try_set(true);
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    alert.try_set(Some(e.to_string()));
                }
            }
        });
    }
    let store_choice = move |on: bool| {
        let who = if on { chosen.get_untracked() } else { None };
        leptos::task::spawn_local(async move {
            if let Err(e) = app.remember_member(who).await {
                alert.try_set(Some(e.to_string()));
            }
        });
    };

    let people = Memo::new(move |_| {
        app.data.with(|d| {
            let mut list: Vec<(usize, String, String, &'static str)> = d
                .members
                .iter()
                .filter(|m| m.in_branch_on(now))
                .map(|m| {
                    let rank = m
                        .group
                        .as_ref()
                        .and_then(|g| d.groups.iter().position(|x| &x.id == g))
                        .unwrap_or(usize::MAX);
                    let kind = if m.kind == MemberKind::Activist {
                        "（入党积极分子）"
                    } else {
                        ""
                    };
                    (rank, m.name.clone(), m.id.0.clone(), kind)
                })
                .collect();
            sort_by(&mut list, |a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| d.compare_names(&a.1, &b.1))
                    .then_with(|| a.2.cmp(&b.2))
            });
            list.into_iter()
                .map(|(_, name, id, kind)| (id, format!("{name}{kind}")))
                .collect::<Vec<_>>()
        })
    });
    let name = Memo::new(move |_| {
        chosen
            .get()
            .and_then(|id| app.data.with(|d| d.member(&id).map(|m| m.name.clone())))
    });

    view! {
        <div class="page my-page">
            <div class="page-header">
                <h1>{move || match name.get() { Some(n) => format!("我的 · {n}"), None => "我的".to_owned() }}</h1>
                <a class="btn btn-link" href="/schedule">"全支部日程"</a>
            </div>
            <section class="card my-who" aria-label="选择本人">
                <div class="form-grid">
                    <div class="field">
                        <label for="my-member">"我是"</label>
                        <select id="my-member" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            chosen.set(Some(v).filter(|v| !v.is_empty()).map(MemberId));
                            if remember.get_untracked() {
                                store_choice(true);
                            }
                        }>
                            <option value="" prop:selected=move || chosen.with(Option::is_none)>"请选择本人姓名"</option>
                            {move || {
                                people
                                    .get()
                                    .into_iter()
                                    .map(|(id, label)| {
                                        let sel = id.clone();
                                        view! {
                                            <option value=id prop:selected=move || chosen.with(|c| c.as_ref().map(|m| m.as_str()) == Some(sel.as_str()))>
                                                {label}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                    <div class="field field-check">
                        <input type="checkbox" id="my-remember" prop:checked=move || remember.get()
                            disabled=move || chosen.with(Option::is_none)
                            aria-describedby="my-remember-hint"
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                remember.set(on);
                                store_choice(on);
                            }/>
                        <label for="my-remember">"在本设备记住我"</label>
                        <p class="hint" id="my-remember-hint">"只保存在这台设备的浏览器里；不勾选则关闭页面后不保留"</p>
                    </div>
                    <div class="field">
                        <label for="my-year">"年度"</label>
                        <select id="my-year" on:change=move |ev| {
                            if let Ok(y) = event_target_value(&ev).parse::<i32>() {
                                year.set(y);
                            }
                        }>
                            {(now.year() - 4..=now.year())
                                .rev()
                                .map(|y| view! { <option value=y.to_string() prop:selected=move || year.get() == y>{format!("{y}年")}</option> })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <FormAlert message=alert/>
            </section>
            {move || match chosen.get() {
                None => view! { <p class="empty">"选择本人姓名后，可查看自己的日程、出勤、待补学和学时。"</p> }.into_any(),
                Some(id) => {
                    if app.data.with(|d| d.member(&id).is_none()) {
                        view! { <p class="alert alert-warn">"名册中没有这个人，请重新选择。"</p> }.into_any()
                    } else {
                        view! { <MyFigures member=id year=year today=now/> }.into_any()
                    }
                }
            }}
        </div>
    }
}

#[component]
fn MyFigures(member: MemberId, year: RwSignal<i32>, today: Date) -> impl IntoView {
    let app = use_app();
    let m1 = member.clone();
    let soon = Memo::new(move |_| {
        let to = today.add_days(MY_UPCOMING_DAYS).unwrap_or(today);
        app.data.with(|d| {
            upcoming(d, Audience::Member(&m1), today, to)
                .into_iter()
                .map(|a| {
                    (
                        a.id.0.clone(),
                        day_short(a.date),
                        time_text(a),
                        item_title(a, d, true),
                        a.location.trim().to_owned(),
                        a.status,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let m2 = member.clone();
    let stats = Memo::new(move |_| {
        let y = year.get();
        app.data.with(|d| member_stats(d, &m2, y))
    });
    let m3 = member.clone();
    let lines = Memo::new(move |_| {
        let y = year.get();
        let (Some(from), Some(to)) = (Date::new(y, 1, 1), Date::new(y, 12, 31)) else {
            return Vec::new();
        };
        app.data.with(|d| {
            let mut held: Vec<&Activity> = held_between(d, from, to).collect();
            sort_by(&mut held, chronological);
            held.into_iter()
                .filter_map(|a| {
                    let entries = expected_entries(a, d);
                    let (_, e) = entries.into_iter().find(|(m, _)| m.id == m3)?;
                    Some(AttendanceLine {
                        id: a.id.0.clone(),
                        day: day_short(a.date),
                        title: item_title(a, d, false),
                        mark: Mark::of(e),
                        make_up: e
                            .make_up
                            .as_ref()
                            .map(|mu| format!("{}{}", mu.date.chinese(), mu.way.label()))
                            .unwrap_or_default(),
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    let owed = Memo::new(move |_| {
        lines.with(|l| {
            l.iter()
                .filter(|x| matches!(x.mark, Mark::Leave | Mark::Absent))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let required = Memo::new(move |_| app.data.with(required_hours));

    view! {
        <div class="my-grid">
            <section class="card my-upcoming" aria-labelledby="my-upcoming-title">
                <h2 id="my-upcoming-title">"我的近期安排"<small class="muted">{format!("（今后{MY_UPCOMING_DAYS}天）")}</small></h2>
                <Show when=move || !soon.with(Vec::is_empty) fallback=|| view! { <p class="empty">"近期没有需要参加的活动。"</p> }>
                    <ul class="agenda-list">
                        {move || soon.get().into_iter().map(|(id, day, time, title, place, status)| {
                            let (bc, bt) = status_badge(status);
                            view! {
                                <li class="agenda-item" data-id=id>
                                    <div class="agenda-when">
                                        <span class="agenda-day">{day}</span>
                                        {(!time.is_empty()).then(|| view! { <span class="agenda-time">{time}</span> })}
                                    </div>
                                    <div class="agenda-what">
                                        <span class="agenda-title">{title}</span>
                                        {(status != ActivityStatus::Planned).then(|| view! { <span class=bc>{bt}</span> })}
                                        {(!place.is_empty()).then(|| view! { <span class="agenda-where">{place}</span> })}
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Show>
            </section>
            <section class="card my-hours" aria-labelledby="my-hours-title">
                <h2 id="my-hours-title">{move || format!("{} 年学时", year.get())}</h2>
                {move || {
                    let required = required.get();
                    let got = stats.with(|s| s.as_ref().map_or(0.0, |s| s.study_hours));
                    let left = (required - got).max(0.0);
                    view! {
                        <p class="my-hours-figure" id="my-hours">
                            <strong>{format_number(got)}</strong>{format!(" / {} 学时", format_number(required))}
                        </p>
                        <progress max=format_number(required) value=format_number(got.min(required)) aria-label="学时完成情况"></progress>
                        <p class="hint">
                            {if left > 0.0 {
                                format!("还差 {} 学时。", format_number(left))
                            } else {
                                format!("已达到每年集中学习培训不少于{}学时的要求。", format_number(required))
                            }}
                            "按出席（含补学）的活动计算。"
                        </p>
                    }
                }}
            </section>
            <section class="card my-attendance" aria-labelledby="my-att-title">
                <h2 id="my-att-title">{move || format!("{} 年出勤", year.get())}</h2>
                {move || match stats.get() {
                    None => view! { <p class="empty">"这一年没有需要参加的活动记录。"</p> }.into_any(),
                    Some(s) => view! {
                        <dl class="stat-row my-counts">
                            <div class="stat"><dt>"应到"</dt><dd id="my-expected">{s.expected}</dd></div>
                            <div class="stat"><dt>"实到"</dt><dd id="my-attended">{s.attended}</dd></div>
                            <div class="stat"><dt>"请假"</dt><dd>{s.leave}</dd></div>
                            <div class="stat"><dt>"缺席"</dt><dd>{s.absent}</dd></div>
                            <div class="stat"><dt>"异地参加"</dt><dd>{s.elsewhere}</dd></div>
                            <div class="stat"><dt>"参会率"</dt><dd>{s.rate_percent().map_or_else(|| "—".to_owned(), |p| format!("{p}%"))}</dd></div>
                        </dl>
                    }.into_any(),
                }}
                <Show when=move || !lines.with(Vec::is_empty)>
                    <details class="my-lines">
                        <summary>{move || format!("逐次明细（{} 次）", lines.with(Vec::len))}</summary>
                        <ul class="my-line-list">
                            {move || lines.get().into_iter().map(|l| view! {
                                <li class=format!("mark-{}", mark_code(l.mark))>
                                    <span class="agenda-day">{l.day}</span>
                                    <a href=format!("/activities/{}", l.id)>{l.title}</a>
                                    <span class="my-mark">{l.mark.label()}</span>
                                    {(!l.make_up.is_empty()).then(|| view! { <span class="muted small">{format!("（{}）", l.make_up)}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </details>
                </Show>
            </section>
            <section class="card my-owed" aria-labelledby="my-owed-title">
                <h2 id="my-owed-title">{move || format!("待补学（{}）", owed.with(Vec::len))}</h2>
                <Show when=move || !owed.with(Vec::is_empty) fallback=|| view! { <p class="empty">"没有待补学的内容。"</p> }>
                    <p class="hint">"请假或缺席的活动需要补学：自学会议内容、听取传达或参加集中补课，完成后告知支部登记。"</p>
                    <ul class="my-line-list" id="my-owed-list">
                        {move || owed.get().into_iter().map(|l| view! {
                            <li>
                                <span class="agenda-day">{l.day}</span>
                                <a href=format!("/activities/{}", l.id)>{l.title}</a>
                                <span class="badge badge-warn">{l.mark.label()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </Show>
            </section>
            <MyReview member=member.clone() year=year today=today/>
        </div>
    }
}

fn mark_code(m: Mark) -> &'static str {
    match m {
        Mark::Present => "present",
        Mark::Elsewhere => "elsewhere",
        Mark::MadeUp => "made-up",
        Mark::Leave => "leave",
        Mark::Absent => "absent",
    }
}
