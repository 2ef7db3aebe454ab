//! The year plan entry by entry, month by month: the secretary fills in themes and lecturers, changes dates,
//! times and places in place (修改), or removes an entry (删除, planned and cancelled entries only: a held
//! record is deleted from its record page). Held entries link to their record.

use crate::domain::date::Time;
use crate::domain::schedule::{year_items, Audience};
use crate::domain::validate::{validate_activity, FieldError};
use crate::domain::{Activity, ActivityId, ActivityKind, ActivityStatus, Date, MemberId, MemberKind};
use crate::ui::action::run_action;
use crate::ui::components::calendar_month::{day_short, item_title, kind_has_theme, status_badge, time_text};
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::form_field::{focus_first_invalid, FieldMessage, FormAlert, FormErrors};
use crate::ui::state::use_app;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: ActivityId,
    month: u8,
    day: String,
    time: String,
    title: String,
    lecturer: String,
    status: ActivityStatus,
    kind: ActivityKind,
    no_theme: bool,
}

#[component]
pub fn PlanEntries(#[prop(into)] year: Signal<i32>) -> impl IntoView {
    let app = use_app();
    let only_planned = RwSignal::new(false);
    let kind = RwSignal::new(None::<ActivityKind>);
    let editing = RwSignal::new(None::<ActivityId>);
    let deleting = RwSignal::new(None::<(ActivityId, String)>);
    let busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);

    let rows = Memo::new(move |_| {
        let y = year.get();
        let k = kind.get();
        let planned_only = only_planned.get();
        app.data.with(|d| {
            year_items(d, Audience::Branch, y, true)
                .into_iter()
                .filter(|a| a.kind != ActivityKind::HeartTalk)
                .filter(|a| k.is_none_or(|k| a.kind == k))
                .filter(|a| !planned_only || a.status == ActivityStatus::Planned)
                .map(|a| Row {
                    id: a.id.clone(),
                    month: a.date.month(),
                    day: day_short(a.date),
                    time: time_text(a),
                    title: item_title(a, d, true),
                    lecturer: match (&a.lecturer, a.kind) {
                        (Some(m), ActivityKind::PartyLecture) => d.member_name(m),
                        (None, ActivityKind::PartyLecture) => a.lecturer_name.trim().to_owned(),
                        _ => String::new(),
                    },
                    status: a.status,
                    kind: a.kind,
                    no_theme: a.status == ActivityStatus::Planned
                        && kind_has_theme(a.kind)
                        && a.theme.trim().is_empty(),
                })
                .collect::<Vec<_>>()
        })
    });
    let months = move || {
        rows.with(|r| {
            let mut out: Vec<(u8, Vec<Row>)> = Vec::new();
            for row in r {
                match out.last_mut() {
                    Some((m, list)) if *m == row.month => list.push(row.clone()),
                    _ => out.push((row.month, vec![row.clone()])),
                }
            }
            out
        })
    };
    let do_delete = Callback::new(move |_| {
        let Some((id, _)) = deleting.get_untracked() else {
            return;
        };
        let delete = async move {
            let result = app.delete_activity(id).await;
            deleting.try_set(None);
            result
        };
        run_action(busy, alert, delete, |()| {});
    });

    view! {
        <section class="plan-entries" aria-labelledby="pe-title">
            <div class="pe-head">
                <h3 id="pe-title">"计划明细"</h3>
                <div class="pe-filters">
                    <label for="pe-kind" class="sr-only">"类别"</label>
                    <select id="pe-kind" on:change=move |ev| kind.set(ActivityKind::from_code(&event_target_value(&ev)))>
                        <option value="">"全部类别"</option>
                        {ActivityKind::ALL
                            .into_iter()
                            .filter(|k| *k != ActivityKind::HeartTalk)
                            .map(|k| view! { <option value=k.code()>{k.label()}</option> })
                            .collect_view()}
                    </select>
                    <label class="check" for="pe-only-planned">
                        <input type="checkbox" id="pe-only-planned" bind:checked=only_planned/>
                        "只看未开展的"
                    </label>
                </div>
            </div>
            <FormAlert message=alert/>
            <Show when=move || !rows.with(Vec::is_empty) fallback=|| view! { <p class="empty">"没有符合条件的条目。"</p> }>
                {move || {
                    months()
                        .into_iter()
                        .map(|(m, list)| {
                            let held = list.iter().filter(|r| r.status == ActivityStatus::Held).count();
                            let total = list.len();
                            // Months already done fold away; months with something still to do stay open.
                            let open = held < total;
                            view! {
                                <details class="pe-month" open=open>
                                    <summary>
                                        <h4>{format!("{m}月")}</h4>
                                        <span class="pe-month-count">
                                            {if held == total { format!("{total} 项，均已开展") } else { format!("{total} 项，已开展 {held}") }}
                                        </span>
                                    </summary>
                                    <ul class="pe-list">
                                        {list
                                            .into_iter()
                                            .map(|r| entry_row(r, editing, deleting))
                                            .collect_view()}
                                    </ul>
                                </details>
                            }
                        })
                        .collect_view()
                }}
            </Show>
            <Show when=move || deleting.with(Option::is_some)>
                <ConfirmDialog
                    title="删除这条计划？"
                    confirm_label="删除"
                    danger=true
                    busy=Signal::derive(move || busy.get())
                    on_confirm=do_delete
                    on_cancel=Callback::new(move |_| deleting.set(None))
                >
                    <p>{move || deleting.get().map(|(_, n)| format!("将删除“{n}”。")).unwrap_or_default()}</p>
                    <p class="muted">"删除后不再出现在日程和完成情况中。如只是这次不开了，可以在日程中“取消”，保留记录。"</p>
                </ConfirmDialog>
            </Show>
        </section>
    }
}

fn entry_row(
    r: Row,
    editing: RwSignal<Option<ActivityId>>,
    deleting: RwSignal<Option<(ActivityId, String)>>,
) -> impl IntoView {
    let (badge_class, badge_text) = status_badge(r.status);
    let id = r.id.clone();
    let id_for_show = r.id.clone();
    let id_for_edit = r.id.clone();
    let delete_name = format!("{} {}", r.day, r.title);
    let is_editing = Memo::new(move |_| editing.with(|e| e.as_ref() == Some(&id_for_show)));
    let can_delete = r.status != ActivityStatus::Held;
    let held = r.status == ActivityStatus::Held;
    let view_href = format!("/activities/{}", r.id.as_str());
    let data_id = r.id.0.clone();
    let editor_id = StoredValue::new(r.id.clone());
    view! {
        <li class=format!("pe-row k-{}", r.kind.code()) class:cancelled={r.status == ActivityStatus::Cancelled}
            data-id=data_id>
            <div class="pe-line">
                <span class="pe-day">{r.day}{(!r.time.is_empty()).then(|| format!(" {}", r.time))}</span>
                <span class="pe-title" class:pe-placeholder=r.no_theme>{r.title}</span>
                {(!r.lecturer.is_empty()).then(|| view! { <span class="pe-lecturer">{format!("授课人：{}", r.lecturer)}</span> })}
                <span class=badge_class>{badge_text}</span>
                <span class="pe-actions">
                    {if held {
                        view! { <a class="btn btn-small" href=view_href>"查看记录"</a> }.into_any()
                    } else {
                        view! {
                            <button type="button" class="btn btn-small pe-edit" aria-expanded=move || is_editing.get().to_string()
                                on:click=move |_| editing.update(|e| {
                                    *e = if e.as_ref() == Some(&id_for_edit) { None } else { Some(id_for_edit.clone()) }
                                })>"修改"</button>
                        }.into_any()
                    }}
                    {can_delete.then(|| {
                        let id = id.clone();
                        let name = delete_name.clone();
                        view! {
                            <button type="button" class="btn btn-small btn-link pe-delete"
                                on:click=move |_| deleting.set(Some((id.clone(), name.clone())))>"删除"</button>
                        }
                    })}
                </span>
            </div>
            <Show when=move || is_editing.get()>
                <EntryEditor id=editor_id.get_value() editing=editing/>
            </Show>
        </li>
    }
}

/// People who can lecture on `day`: party members in the branch.
fn lecturers(d: &crate::domain::Dataset, day: Date) -> Vec<(MemberId, String)> {
    let mut list: Vec<(MemberId, String)> = d
        .members
        .iter()
        .filter(|m| m.in_branch_on(day) && m.kind_on(day) != MemberKind::Activist)
        .map(|m| (m.id.clone(), m.name.clone()))
        .collect();
    d.sort_by_name(&mut list, |p| p.1.as_str());
    list
}

fn opt_time(t: Option<Time>) -> String {
    t.map(|t| t.to_string()).unwrap_or_default()
}

/// The in-place editor of one planned (or cancelled) entry: theme, date, times, place and, for a 党课, the
/// lecturer. Nothing is saved until everything is valid.
#[component]
fn EntryEditor(id: ActivityId, editing: RwSignal<Option<ActivityId>>) -> impl IntoView {
    let app = use_app();
    let Some(orig) = app
        .data
        .with_untracked(|d| d.activities.iter().find(|a| a.id == id).cloned())
    else {
        return view! { <p class="alert alert-warn">"找不到这条计划，可能已被删除。"</p> }.into_any();
    };
    let key = id.0.clone();
    let theme = RwSignal::new(orig.theme.clone());
    let date = RwSignal::new(orig.date.to_string());
    let start = RwSignal::new(opt_time(orig.start));
    let end = RwSignal::new(opt_time(orig.end));
    let location = RwSignal::new(orig.location.clone());
    // "" none, "m:<id>" a member, "other" a guest named in `lecturer_name`.
    let lecturer_choice = RwSignal::new(match (&orig.lecturer, orig.lecturer_name.trim().is_empty()) {
        (Some(m), _) => format!("m:{}", m.as_str()),
        (None, false) => "other".to_owned(),
        (None, true) => String::new(),
    });
    let lecturer_name = RwSignal::new(orig.lecturer_name.clone());
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let is_lecture = orig.kind == ActivityKind::PartyLecture;
    let orig = StoredValue::new(orig);

    let built = Memo::new(move |_| {
        let mut errs: Vec<FieldError> = Vec::new();
        let mut a: Activity = orig.get_value();
        a.theme = theme.get().trim().to_owned();
        a.location = location.get().trim().to_owned();
        match Date::parse(&date.get()) {
            Ok(d) => a.date = d,
            Err(e) => errs.push(FieldError::new("date", e.into())),
        }
        for (field, sig, slot) in [("start", start, 0), ("end", end, 1)] {
            let text = sig.get();
            let value = if text.trim().is_empty() {
                None
            } else {
                match Time::parse(&text) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        errs.push(FieldError::new(field, e.into()));
                        None
                    }
                }
            };
            if slot == 0 {
                a.start = value;
            } else {
                a.end = value;
            }
        }
        if is_lecture {
            let choice = lecturer_choice.get();
            if let Some(m) = choice.strip_prefix("m:") {
                a.lecturer = Some(MemberId(m.to_owned()));
                a.lecturer_name.clear();
            } else if choice == "other" {
                a.lecturer = None;
                a.lecturer_name = lecturer_name.get().trim().to_owned();
            } else {
                a.lecturer = None;
                a.lecturer_name.clear();
            }
        }
        let domain = app.data.with(|d| validate_activity(&a, d));
        for e in domain {
            if !errs.iter().any(|x| x.field == e.field) {
                errs.push(e);
            }
        }
        (a, errs)
    });
    // Shown next to each field from the first try to save on.
    let errors = FormErrors::checked(tried, move || built.with(|(_, e)| e.clone()));
    let people = Memo::new(move |_| {
        let day = built.with(|(a, _)| a.date);
        app.data.with(|d| lecturers(d, day))
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        tried.set(true);
        let (a, errs) = built.get_untracked();
        if !errs.is_empty() {
            focus_first_invalid();
            return;
        }
        run_action(busy, alert, async move { app.save_activity(a).await }, move |()| {
            editing.try_set(None);
        });
    };
    let fid = move |name: &str| format!("pe-{name}-{key}");
    let (f_theme, f_date, f_start, f_end, f_loc, f_lect, f_lname) = (
        fid("theme"),
        fid("date"),
        fid("start"),
        fid("end"),
        fid("location"),
        fid("lecturer"),
        fid("lecturer-name"),
    );
    let theme_label = if is_lecture { "党课题目" } else { "主题" };
    view! {
        <form class="pe-editor" on:submit=save novalidate=true>
            <div class="form-grid">
                <div class="field field-wide">
                    <label for=f_theme.clone()>{theme_label}</label>
                    <input id=f_theme.clone() class="pe-theme-input" type="text" bind:value=theme aria-invalid=errors.invalid("theme")
                        aria-describedby=format!("{f_theme}-err") placeholder="如：重温入党誓词"/>
                    <FieldMessage id=f_theme.clone() errors=errors field="theme"/>
                </div>
                <div class="field">
                    <label for=f_date.clone()>"日期"</label>
                    <input id=f_date.clone() type="date" min="1900-01-01" max="2200-12-31" bind:value=date
                        aria-invalid=errors.invalid("date") aria-describedby=format!("{f_date}-err")/>
                    <FieldMessage id=f_date.clone() errors=errors field="date"/>
                </div>
                <div class="field">
                    <label for=f_start.clone()>"开始时间"</label>
                    <input id=f_start.clone() type="time" bind:value=start aria-invalid=errors.invalid("start")
                        aria-describedby=format!("{f_start}-err")/>
                    <FieldMessage id=f_start.clone() errors=errors field="start"/>
                </div>
                <div class="field">
                    <label for=f_end.clone()>"结束时间"</label>
                    <input id=f_end.clone() type="time" bind:value=end aria-invalid=errors.invalid("end")
                        aria-describedby=format!("{f_end}-err")/>
                    <FieldMessage id=f_end.clone() errors=errors field="end"/>
                </div>
                <div class="field">
                    <label for=f_loc.clone()>"地点"</label>
                    <input id=f_loc.clone() type="text" bind:value=location aria-invalid=errors.invalid("location")
                        aria-describedby=format!("{f_loc}-err")/>
                    <FieldMessage id=f_loc.clone() errors=errors field="location"/>
                </div>
                {is_lecture.then(|| view! {
                    <div class="field">
                        <label for=f_lect.clone()>"授课人"</label>
                        <select id=f_lect.clone() aria-invalid=errors.invalid("lecturer") aria-describedby=format!("{f_lect}-err")
                            on:change=move |ev| lecturer_choice.set(event_target_value(&ev))>
                            <option value="" prop:selected=move || lecturer_choice.get().is_empty()>"待定"</option>
                            {move || people.get().into_iter().map(|(id, name)| {
                                let v = format!("m:{}", id.as_str());
                                let v2 = v.clone();
                                view! { <option value=v prop:selected=move || lecturer_choice.get() == v2>{name}</option> }
                            }).collect_view()}
                            <option value="other" prop:selected=move || lecturer_choice.get() == "other">"其他（填写姓名）"</option>
                        </select>
                        <FieldMessage id=f_lect.clone() errors=errors field="lecturer"/>
                    </div>
                    <Show when=move || lecturer_choice.get() == "other">
                        <div class="field">
                            <label for=f_lname.clone()>"授课人姓名"</label>
                            <input id=f_lname.clone() type="text" bind:value=lecturer_name
                                aria-invalid=errors.invalid("lecturer_name") aria-describedby=format!("{f_lname}-err")
                                placeholder="如：上级党委书记 张三"/>
                            <FieldMessage id=f_lname.clone() errors=errors field="lecturer_name"/>
                        </div>
                    </Show>
                })}
            </div>
            <Show when=move || tried.get() && built.with(|(_, e)| e.iter().any(|x| !matches!(x.field, "theme" | "date" | "start" | "end" | "location" | "lecturer" | "lecturer_name")))>
                <p class="alert alert-warn">
                    {move || built.with(|(_, e)| e.iter().filter(|x| !matches!(x.field, "theme" | "date" | "start" | "end" | "location" | "lecturer" | "lecturer_name")).map(|x| x.error.to_string()).collect::<Vec<_>>().join("；"))}
                    "（请在“编辑”中修改完整记录）"
                </p>
            </Show>
            <FormAlert message=alert/>
            <div class="actions">
                <button type="submit" class="btn btn-primary btn-small pe-save" disabled=move || busy.get()>
                    {move || if busy.get() { "正在保存…" } else { "保存" }}
                </button>
                <button type="button" class="btn btn-small" on:click=move |_| editing.set(None)>"取消修改"</button>
                <a class="btn btn-small btn-link" href=format!("/activities/{}/edit", id.as_str())>"编辑完整信息"</a>
            </div>
        </form>
    }
    .into_any()
}
