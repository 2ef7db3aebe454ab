//! The form of one study-plan item (学习计划表的一行): day or week, topic, materials, format, study leader
//! (领学人), study hours, the activity where it is studied, done. Every message shows next to its field;
//! nothing is saved until the item is valid.

use crate::domain::sort::sort_by_key;
use crate::domain::study::hours_text;
use crate::domain::validate::{validate_study_item, FieldError, Invalid};
use crate::domain::{ActivityId, Date, MemberId, MemberKind, StudyFormat, StudyItem};
use crate::ui::action::run_action;
use crate::ui::components::calendar_month::{day_short, item_title};
use crate::ui::components::form_field::{focus_first_invalid, FieldMessage, FormAlert, FormErrors};
use crate::ui::state::use_app;
use leptos::prelude::*;

fn format_code(f: StudyFormat) -> &'static str {
    match f {
        StudyFormat::Group => "group",
        StudyFormat::SelfStudy => "self_study",
        StudyFormat::Seminar => "seminar",
    }
}

/// The Monday of `date`'s week.
pub fn monday_of(date: Date) -> Date {
    date.add_days(-(date.weekday() as i64)).unwrap_or(date)
}

#[component]
pub fn StudyItemForm(
    initial: StudyItem,
    is_new: bool,
    /// Called after a successful save, or when the user gives up.
    on_close: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let id = initial.id.clone();
    let date = RwSignal::new(initial.date.to_string());
    let whole_week = RwSignal::new(initial.whole_week);
    let topic = RwSignal::new(initial.topic.clone());
    let materials = RwSignal::new(initial.materials.clone());
    let format = RwSignal::new(initial.format);
    let leader = RwSignal::new(initial.study_leader.as_ref().map(|m| m.0.clone()).unwrap_or_default());
    // Blank for none, as in the 学习计划表.
    let hours = RwSignal::new(if initial.study_hours == 0.0 {
        String::new()
    } else {
        hours_text(initial.study_hours)
    });
    let activity = RwSignal::new(initial.activity.as_ref().map(|a| a.0.clone()).unwrap_or_default());
    let done = RwSignal::new(initial.done);
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);

    let built = Memo::new(move |_| {
        let mut errs: Vec<FieldError> = Vec::new();
        let mut item = StudyItem {
            id: id.clone(),
            date: initial.date,
            whole_week: whole_week.get(),
            topic: topic.get().trim().to_owned(),
            materials: materials.get().trim().to_owned(),
            format: format.get(),
            study_leader: Some(leader.get()).filter(|s| !s.is_empty()).map(MemberId),
            study_hours: 0.0,
            activity: Some(activity.get()).filter(|s| !s.is_empty()).map(ActivityId),
            done: done.get(),
        };
        match Date::parse(&date.get()) {
            Ok(d) => item.date = if item.whole_week { monday_of(d) } else { d },
            Err(e) => errs.push(FieldError::new("date", Invalid::Date(e))),
        }
        let h = hours.get();
        if !h.trim().is_empty() {
            match h.trim().parse::<f64>() {
                Ok(v) if v.is_finite() => item.study_hours = v,
                _ => errs.push(FieldError::new("study_hours", Invalid::HoursRange)),
            }
        }
        for e in app.data.with(|d| validate_study_item(&item, d)) {
            if !errs.iter().any(|x| x.field == e.field) {
                errs.push(e);
            }
        }
        (item, errs)
    });
    let day = Memo::new(move |_| built.with(|(i, _)| i.date));
    let people = Memo::new(move |_| {
        let day = day.get();
        app.data.with(|d| {
            let mut list = d
                .members
                .iter()
                .filter(|m| m.in_branch_on(day) && m.kind_on(day) != MemberKind::Activist)
                .map(|m| (m.id.0.clone(), m.name.clone()))
                .collect::<Vec<_>>();
            d.sort_by_name(&mut list, |p| p.1.as_str());
            list
        })
    });
    // Activities of the item's year, nearest to its day first (the likely ones on top).
    let activities = Memo::new(move |_| {
        let day = day.get();
        app.data.with(|d| {
            let mut list: Vec<_> = d
                .activities
                .iter()
                .filter(|a| a.date.year() == day.year() && a.status != crate::domain::ActivityStatus::Cancelled)
                .collect();
            sort_by_key(&mut list, |a| {
                ((a.date.to_days() - day.to_days()).abs(), a.date, a.id.clone())
            });
            list.into_iter()
                .take(40)
                .map(|a| {
                    (
                        a.id.0.clone(),
                        format!("{} {}", day_short(a.date), item_title(a, d, false)),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    // Shown next to each field from the first try to save on.
    let errors = FormErrors::checked(tried, move || built.with(|(_, e)| e.clone()));

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        tried.set(true);
        let (item, errs) = built.get_untracked();
        if !errs.is_empty() {
            focus_first_invalid();
            return;
        }
        run_action(busy, alert, async move { app.save_study_item(item).await }, move |()| {
            on_close.try_run(());
        });
    };

    view! {
        <form class="study-form card" id="study-form" on:submit=save novalidate=true>
            <h3>{if is_new { "新增学习安排" } else { "修改学习安排" }}</h3>
            <div class="form-grid">
                <div class="field">
                    <label for="sf-date">{move || if whole_week.get() { "哪一周（填该周任一天）" } else { "日期" }}<span class="req" aria-hidden="true">" *"</span></label>
                    <input id="sf-date" type="date" min="1900-01-01" max="2200-12-31" bind:value=date
                        aria-invalid=errors.invalid("date") aria-describedby="sf-date-err"/>
                    <FieldMessage id="sf-date" errors=errors field="date"/>
                </div>
                <div class="field field-check">
                    <input type="checkbox" id="sf-week" bind:checked=whole_week aria-describedby="sf-week-hint"/>
                    <label for="sf-week">"按周安排"</label>
                    <p class="hint" id="sf-week-hint">"整周自学等不定具体日期的，记在该周周一"</p>
                </div>
                <div class="field field-wide">
                    <label for="sf-topic">"学习主题"<span class="req" aria-hidden="true">" *"</span></label>
                    <input id="sf-topic" type="text" bind:value=topic aria-invalid=errors.invalid("topic")
                        aria-describedby="sf-topic-err" placeholder="如：学习党章第一章“党员”"/>
                    <FieldMessage id="sf-topic" errors=errors field="topic"/>
                </div>
                <div class="field field-wide">
                    <label for="sf-materials">"学习材料"</label>
                    <textarea id="sf-materials" rows="2" bind:value=materials aria-invalid=errors.invalid("materials")
                        aria-describedby="sf-materials-err" placeholder="如：《中国共产党章程》、党的二十大报告"></textarea>
                    <FieldMessage id="sf-materials" errors=errors field="materials"/>
                </div>
                <div class="field">
                    <label for="sf-format">"形式"</label>
                    <select id="sf-format" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(f) = StudyFormat::ALL.into_iter().find(|f| format_code(*f) == v) {
                            format.set(f);
                        }
                    }>
                        {StudyFormat::ALL
                            .into_iter()
                            .map(|f| view! { <option value=format_code(f) prop:selected=move || format.get() == f>{f.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="sf-leader">"领学人"</label>
                    <select id="sf-leader" aria-invalid=errors.invalid("study_leader") aria-describedby="sf-leader-err"
                        on:change=move |ev| leader.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || leader.get().is_empty()>"（不指定）"</option>
                        {move || {
                            let mut list = people.get();
                            let current = leader.get();
                            if !current.is_empty() && !list.iter().any(|(id, _)| *id == current) {
                                let name = app.data.with_untracked(|d| d.member_name(&MemberId(current.clone())));
                                list.push((current.clone(), name));
                            }
                            list.into_iter()
                                .map(|(id, name)| {
                                    let sel = id.clone();
                                    view! { <option value=id prop:selected=move || leader.get() == sel>{name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                    <FieldMessage id="sf-leader" errors=errors field="study_leader"/>
                </div>
                <div class="field">
                    <label for="sf-hours">"学时"</label>
                    <input id="sf-hours" type="text" inputmode="decimal" bind:value=hours aria-invalid=errors.invalid("study_hours")
                        aria-describedby="sf-hours-err sf-hours-hint" placeholder="如：2"/>
                    <p class="hint" id="sf-hours-hint">"党员集中学习培训每年一般不少于32学时"</p>
                    <FieldMessage id="sf-hours" errors=errors field="study_hours"/>
                </div>
                <div class="field field-wide">
                    <label for="sf-activity">"在哪次活动中学习"</label>
                    <select id="sf-activity" aria-invalid=errors.invalid("activity") aria-describedby="sf-activity-err sf-activity-hint"
                        on:change=move |ev| activity.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || activity.get().is_empty()>"（暂不关联）"</option>
                        {move || {
                            activities
                                .get()
                                .into_iter()
                                .map(|(id, label)| {
                                    let sel = id.clone();
                                    view! { <option value=id prop:selected=move || activity.get() == sel>{label}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                    <p class="hint" id="sf-activity-hint">"关联的活动开展后，这项学习自动算作完成"</p>
                    <FieldMessage id="sf-activity" errors=errors field="activity"/>
                </div>
                <div class="field field-check">
                    <input type="checkbox" id="sf-done" bind:checked=done/>
                    <label for="sf-done">"已完成"</label>
                </div>
            </div>
            <FormAlert message=alert/>
            <Show when=move || tried.get() && built.with(|(_, e)| !e.is_empty())>
                <p class="alert alert-warn" role="status">{move || format!("还有 {} 处需要修改，见标红的字段。", built.with(|(_, e)| e.len()))}</p>
            </Show>
            <div class="actions">
                <button type="submit" class="btn btn-primary" id="sf-save" disabled=move || busy.get()>
                    {move || if busy.get() { "正在保存…" } else { "保存" }}
                </button>
                <button type="button" class="btn" on:click=move |_| on_close.run(())>"取消"</button>
            </div>
        </form>
    }
}
