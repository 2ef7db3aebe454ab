//! 生成年度计划: the year skeleton in one action. The secretary picks the fixed days (主题党日 "每月相对固定1天",
//! 支委会, 党小组会), whether to move days off weekends, the kinds, and the usual time and place; the
//! preview lists exactly what will be added (only what is missing: running it again adds nothing); one click
//! stores all of it in one transaction.

use crate::domain::date::Time;
use crate::domain::plan::{generate_skeleton, PlanError, SkeletonOptions, SKELETON_KINDS};
use crate::domain::sort::sort_by_key;
use crate::domain::{Activity, ActivityId, ActivityKind, Dataset};
use crate::ui::action::run_action;
use crate::ui::clock::new_activity_id;
use crate::ui::components::calendar_month::day_short;
use crate::ui::components::form_field::{FieldMessage, FormAlert, FormErrors};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// The most common day of the month of the branch's past 主题党日 (their "fixed day"), else the 15th.
fn usual_theme_day(d: &Dataset) -> u8 {
    let mut counts = [0u32; 29];
    for a in d.activities.iter().filter(|a| a.kind == ActivityKind::ThemeDay) {
        if a.date.day() <= 28 {
            counts[usize::from(a.date.day())] += 1;
        }
    }
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))
        .unwrap_or((15, &0));
    if *n == 0 {
        15
    } else {
        best as u8
    }
}

/// The form's field code for a plan error.
fn field_of(e: &PlanError) -> &'static str {
    match e {
        PlanError::YearRange => "year",
        PlanError::DayOfMonth("主题党日") => "theme_day",
        PlanError::DayOfMonth("支委会") => "committee_day",
        PlanError::DayOfMonth(_) => "group_day",
        PlanError::EndBeforeStart => "end",
        PlanError::NotPlanned => "form",
    }
}

fn parse_day(s: &str) -> u8 {
    s.trim().parse::<u8>().unwrap_or(0)
}

fn parse_time(s: &str) -> Result<Option<Time>, String> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        Time::parse(s).map(Some).map_err(|e| e.to_string())
    }
}

#[component]
pub fn PlanGenerator(
    /// The year to plan.
    #[prop(into)]
    year: Signal<i32>,
    /// Called with the number of entries added.
    on_done: Callback<usize>,
) -> impl IntoView {
    let app = use_app();
    let first = app.data.with_untracked(usual_theme_day);
    let defaults = SkeletonOptions::new(2026);
    let theme_day = RwSignal::new(first.to_string());
    let committee_day = RwSignal::new(defaults.committee_day.to_string());
    let group_day = RwSignal::new(defaults.group_day.to_string());
    let avoid_weekends = RwSignal::new(true);
    let kinds = RwSignal::new(SKELETON_KINDS.to_vec());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);

    // The options as typed, with the problems per field.
    let options = Memo::new(move |_| {
        let mut problems: Vec<(String, String)> = Vec::new();
        let mut opts = SkeletonOptions::new(year.get());
        opts.theme_day = parse_day(&theme_day.get());
        opts.committee_day = parse_day(&committee_day.get());
        opts.group_day = parse_day(&group_day.get());
        opts.avoid_weekends = avoid_weekends.get();
        opts.include = kinds.get();
        match parse_time(&start.get()) {
            Ok(t) => opts.start = t,
            Err(e) => problems.push(("start".into(), e)),
        }
        match parse_time(&end.get()) {
            Ok(t) => opts.end = t,
            Err(e) => problems.push(("end".into(), e)),
        }
        if opts.end.is_some() && opts.start.is_none() {
            problems.push(("start".into(), "填写了结束时间，请同时填写开始时间".into()));
        }
        opts.location = location.get().trim().to_owned();
        if opts.location.chars().count() > crate::domain::validate::MAX_LINE_CHARS {
            problems.push(("location".into(), "地点太长".into()));
        }
        for p in opts.problems() {
            problems.push((field_of(&p).into(), p.to_string()));
        }
        (opts, problems)
    });
    Effect::new(move |_| errors.set(options.with(|(_, p)| p.clone())));

    // What would be added (ids are placeholders until confirmed).
    let preview = Memo::new(move |_| {
        let (opts, problems) = options.get();
        if !problems.is_empty() {
            return Vec::new();
        }
        let mut n = 0u32;
        app.data.with(|d| {
            generate_skeleton(d, &opts, &mut || {
                n += 1;
                ActivityId(format!("a-preview{n}"))
            })
        })
    });
    let per_kind = move || {
        preview.with(|list| {
            SKELETON_KINDS
                .iter()
                .map(|k| (*k, list.iter().filter(|a| a.kind == *k).count()))
                .filter(|(_, n)| *n > 0)
                .map(|(k, n)| format!("{} {} 项", k.label(), n))
                .collect::<Vec<_>>()
                .join("，")
        })
    };
    let by_month = move || {
        let names = app.data.with(|d| {
            d.groups
                .iter()
                .map(|g| (g.id.clone(), g.name.clone()))
                .collect::<Vec<_>>()
        });
        preview.with(|list| {
            (1..=12u8)
                .map(|m| {
                    let items: Vec<String> = list
                        .iter()
                        .filter(|a| a.date.month() == m)
                        .map(|a| {
                            let group = a
                                .group
                                .as_ref()
                                .and_then(|g| names.iter().find(|(id, _)| id == g))
                                .map(|(_, n)| format!("（{n}）"))
                                .unwrap_or_default();
                            format!("{} {}{}", day_short(a.date), a.kind.label(), group)
                        })
                        .collect();
                    (m, items)
                })
                .filter(|(_, items)| !items.is_empty())
                .collect::<Vec<_>>()
        })
    };

    let confirm = move |_| {
        if busy.get_untracked() {
            return;
        }
        let (opts, problems) = options.get_untracked();
        if !problems.is_empty() {
            return;
        }
        let list: Vec<Activity> = app
            .data
            .with_untracked(|d| generate_skeleton(d, &opts, &mut new_activity_id));
        if list.is_empty() {
            alert.set(Some("没有需要新增的计划。".to_owned()));
            return;
        }
        let n = list.len();
        run_action(busy, alert, async move { app.put_activities(list).await }, move |()| {
            on_done.try_run(n);
        });
    };

    let toggle_kind = move |k: ActivityKind| {
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            kinds.update(|ks| {
                ks.retain(|x| *x != k);
                if on {
                    ks.push(k);
                    sort_by_key(ks, |x| SKELETON_KINDS.iter().position(|y| y == x));
                }
            });
        }
    };
    let has_groups = move || app.data.with(|d| !d.groups.is_empty());

    view! {
        <div class="plan-generator card" id="plan-generator">
            <h3>{move || format!("生成 {} 年度计划", year.get())}</h3>
            <p class="hint">
                "按《中国共产党支部工作条例（试行）》生成全年计划：主题党日、支委会每月1次，党小组会每组每月1次，"
                "党员大会每季度1次（1、4、7、10月），党课每季度1次（2、5、8、11月），12月召开组织生活会并开展民主评议党员。"
                "已有的计划或记录不会重复生成；生成后可逐条修改主题、授课人、日期或删除。"
            </p>
            <div class="form-grid">
                <div class="field">
                    <label for="pg-theme-day">"主题党日：每月几日"</label>
                    <input id="pg-theme-day" type="number" min="1" max="28" inputmode="numeric" bind:value=theme_day
                        aria-describedby="pg-theme-day-err" aria-invalid=errors.invalid("theme_day")/>
                    <FieldMessage id="pg-theme-day" errors=errors field="theme_day"/>
                </div>
                <div class="field">
                    <label for="pg-committee-day">"支委会：每月几日"</label>
                    <input id="pg-committee-day" type="number" min="1" max="28" inputmode="numeric" bind:value=committee_day
                        aria-describedby="pg-committee-day-err" aria-invalid=errors.invalid("committee_day")/>
                    <FieldMessage id="pg-committee-day" errors=errors field="committee_day"/>
                </div>
                <Show when=has_groups>
                    <div class="field">
                        <label for="pg-group-day">"党小组会：每月几日"</label>
                        <input id="pg-group-day" type="number" min="1" max="28" inputmode="numeric" bind:value=group_day
                            aria-describedby="pg-group-day-err" aria-invalid=errors.invalid("group_day")/>
                        <FieldMessage id="pg-group-day" errors=errors field="group_day"/>
                    </div>
                </Show>
                <div class="field field-check">
                    <input type="checkbox" id="pg-weekends" bind:checked=avoid_weekends aria-describedby="pg-weekends-hint"/>
                    <label for="pg-weekends">"避开周末"</label>
                    <p class="hint" id="pg-weekends-hint">"逢周六、周日顺延到下周一（跨月则提前到周五）；节假日请生成后自行调整"</p>
                </div>
                <div class="field">
                    <label for="pg-start">"开始时间（可不填）"</label>
                    <input id="pg-start" type="time" bind:value=start aria-describedby="pg-start-err"/>
                    <FieldMessage id="pg-start" errors=errors field="start"/>
                </div>
                <div class="field">
                    <label for="pg-end">"结束时间（可不填）"</label>
                    <input id="pg-end" type="time" bind:value=end aria-describedby="pg-end-err"/>
                    <FieldMessage id="pg-end" errors=errors field="end"/>
                </div>
                <div class="field">
                    <label for="pg-location">"地点（可不填）"</label>
                    <input id="pg-location" type="text" bind:value=location placeholder="如：三楼会议室" aria-describedby="pg-location-err"/>
                    <FieldMessage id="pg-location" errors=errors field="location"/>
                </div>
            </div>
            <fieldset class="pg-kinds">
                <legend>"包括"</legend>
                {SKELETON_KINDS
                    .iter()
                    .map(|k| {
                        let k = *k;
                        let id = format!("pg-kind-{}", k.code());
                        view! {
                            <label class="check" for=id.clone()>
                                <input type="checkbox" id=id.clone() prop:checked=move || kinds.with(|ks| ks.contains(&k))
                                    on:change=toggle_kind(k)/>
                                {k.label()}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <FieldMessage id="pg-year" errors=errors field="year"/>
            <div class="pg-preview" aria-live="polite">
                {move || {
                    let n = preview.with(Vec::len);
                    if !errors.is_empty() {
                        view! { <p class="alert alert-warn">"请先改正上面标出的问题。"</p> }.into_any()
                    } else if n == 0 {
                        view! {
                            <p class="alert alert-ok" id="pg-nothing">
                                {format!("{} 年的计划已经齐全，没有需要新增的条目。", year.get())}
                            </p>
                        }
                            .into_any()
                    } else {
                        view! {
                            <p class="pg-summary" id="pg-summary">
                                <strong>{format!("将新增 {n} 项计划：")}</strong>
                                {per_kind()}
                            </p>
                            <details class="pg-months">
                                <summary>"按月查看将新增的日期"</summary>
                                <dl>
                                    {by_month()
                                        .into_iter()
                                        .map(|(m, items)| {
                                            view! {
                                                <div class="pg-month">
                                                    <dt>{format!("{m}月")}</dt>
                                                    <dd>{items.join("；")}</dd>
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </dl>
                            </details>
                        }
                            .into_any()
                    }
                }}
            </div>
            <FormAlert message=alert/>
            <div class="actions">
                <button
                    type="button"
                    class="btn btn-primary"
                    id="pg-confirm"
                    disabled=move || busy.get() || !errors.is_empty() || preview.with(Vec::is_empty)
                    on:click=confirm
                >
                    {move || {
                        if busy.get() {
                            "正在生成…".to_owned()
                        } else {
                            format!("确认生成 {} 项", preview.with(Vec::len))
                        }
                    }}
                </button>
            </div>
        </div>
    }
}
