//! Recording one person's make-up study (补学) for an activity they missed: date, way, note; saved in one
//! store transaction with the activity.

use crate::domain::validate::validate_activity;
use crate::domain::{ActivityId, Date, MakeUp, MakeUpWay, MemberId};
use crate::ui::action::run_action;
use crate::ui::clock::today;
use crate::ui::components::form_field::{described_by, focus_first_invalid, FieldMessage, FormErrors};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// The errors of the roll that `make_up` would add to the activity (not those it already had).
fn new_roll_errors(activity: &crate::domain::Activity, data: &crate::domain::Dataset) -> Vec<String> {
    let roll_errors = |a: &crate::domain::Activity| -> Vec<String> {
        validate_activity(a, data)
            .into_iter()
            .filter(|e| e.field == "attendance")
            .map(|e| e.error.to_string())
            .collect()
    };
    let before = data
        .activities
        .iter()
        .find(|a| a.id == activity.id)
        .map(roll_errors)
        .unwrap_or_default();
    roll_errors(activity)
        .into_iter()
        .filter(|e| !before.contains(e))
        .collect()
}

/// A small inline form. `on_done` runs after a successful save (or on 取消 when `cancellable`).
#[component]
pub fn MakeUpForm(
    activity: ActivityId,
    member: MemberId,
    #[prop(optional)] on_done: Option<Callback<()>>,
    #[prop(optional)] cancellable: bool,
) -> impl IntoView {
    let app = use_app();
    let found = app.data.with_untracked(|d| {
        d.activities.iter().find(|a| a.id == activity).map(|a| {
            let existing = a.entry_for(&member).and_then(|e| e.make_up.clone());
            (a.date, existing)
        })
    });
    let (activity_date, existing) = match found {
        Some(x) => x,
        None => return view! { <p class="field-error">"找不到这次活动，可能已被删除。"</p> }.into_any(),
    };
    let default_date = existing.as_ref().map_or_else(
        || {
            let t = today();
            if t < activity_date {
                activity_date
            } else {
                t
            }
        },
        |m| m.date,
    );
    let date = RwSignal::new(default_date.to_string());
    let way = RwSignal::new(existing.as_ref().map_or(MakeUpWay::SelfStudy, |m| m.way));
    let note = RwSignal::new(existing.as_ref().map(|m| m.note.clone()).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let errors = FormErrors::new();
    let saving = RwSignal::new(false);
    let uid = format!("mu-{}-{}", activity.as_str(), member.as_str());
    let date_id = format!("{uid}-date");
    let note_id = format!("{uid}-note");

    let save = {
        let activity = activity.clone();
        let member = member.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if saving.get_untracked() {
                return;
            }
            error.set(None);
            errors.clear();
            let refuse = |message: String| {
                errors.set(vec![("date".to_owned(), message)]);
                focus_first_invalid();
            };
            let day = match Date::parse(&date.get_untracked()) {
                Ok(d) => d,
                Err(e) => {
                    refuse(format!("补学日期：{e}"));
                    return;
                }
            };
            if day < activity_date {
                refuse(format!("补学日期不能早于活动日期（{}）", activity_date.chinese()));
                return;
            }
            let make_up = MakeUp {
                date: day,
                way: way.get_untracked(),
                note: note.get_untracked().trim().to_owned(),
            };
            let prepared = app.data.with_untracked(|d| {
                let mut a = d.activities.iter().find(|a| a.id == activity).cloned()?;
                let entry = a.attendance.iter_mut().find(|e| e.member == member)?;
                entry.make_up = Some(make_up);
                let errs = new_roll_errors(&a, d);
                Some((a, errs))
            });
            let Some((updated, errs)) = prepared else {
                error.set(Some("找不到这次活动或此人的出勤记录，请刷新后重试。".to_owned()));
                return;
            };
            if let Some(first) = errs.into_iter().next() {
                error.set(Some(first));
                return;
            }
            run_action(
                saving,
                error,
                async move { app.save_activity(updated).await },
                move |()| {
                    if let Some(cb) = on_done {
                        cb.try_run(());
                    }
                },
            );
        }
    };
    view! {
        <form class="makeup-form" on:submit=save>
            <div class="makeup-fields">
                <div class="field makeup-date">
                    <label for=date_id.clone()>"补学日期"</label>
                    <input
                        id=date_id.clone()
                        type="date"
                        min=activity_date.to_string()
                        max="2200-12-31"
                        aria-invalid=errors.invalid("date")
                        aria-describedby=described_by(&date_id, false)
                        bind:value=date
                    />
                    <FieldMessage id=date_id errors=errors field="date"/>
                </div>
                <div class="field makeup-way">
                    <span class="label">"方式"</span>
                    <div class="seg" role="group" aria-label="补学方式">
                        {MakeUpWay::ALL
                            .into_iter()
                            .map(|w| {
                                view! {
                                    <button
                                        type="button"
                                        aria-pressed=move || if way.get() == w { "true" } else { "false" }
                                        on:click=move |_| way.set(w)
                                    >
                                        {w.label()}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                </div>
                <div class="field makeup-note">
                    <label for=note_id.clone()>"说明（可不填）"</label>
                    <input
                        id=note_id
                        type="text"
                        maxlength="200"
                        placeholder="如：学习会议精神并提交心得"
                        bind:value=note
                    />
                </div>
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <div class="makeup-actions">
                <button type="submit" class="btn btn-primary btn-small" disabled=move || saving.get()>
                    {move || if saving.get() { "正在保存…" } else { "保存补学" }}
                </button>
                {cancellable
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn-small"
                                on:click=move |_| {
                                    if let Some(cb) = on_done {
                                        cb.run(());
                                    }
                                }
                            >
                                "取消"
                            </button>
                        }
                    })}
            </div>
        </form>
    }
    .into_any()
}
