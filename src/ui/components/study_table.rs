//! 学习计划表: the year's study items in date order, each with its materials, format, 领学人, hours, the
//! activity where it is studied and whether it is done; add, change, tick done, delete.

use crate::domain::plan::study_completion;
use crate::domain::study::{hours_text, planned_group_hours, year_lines};
use crate::domain::{StudyFormat, StudyItem, StudyItemId};
use crate::export::word::WordRequest;
use crate::ui::action::run_action;
use crate::ui::clock::{new_study_item_id, today};
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::data_table::{head_cells, Col, DataTable};
use crate::ui::components::form_field::FormAlert;
use crate::ui::components::study_form::StudyItemForm;
use crate::ui::components::word_button::WordButton;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// What the form panel shows.
#[derive(Clone, Debug, PartialEq)]
enum Panel {
    Closed,
    New,
    Edit(StudyItemId),
}

#[component]
pub fn StudyTable(#[prop(into)] year: Signal<i32>) -> impl IntoView {
    let app = use_app();
    let panel = RwSignal::new(Panel::Closed);
    let deleting = RwSignal::new(None::<(StudyItemId, String)>);
    let busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);

    let rows = Memo::new(move |_| {
        let y = year.get();
        app.data.with(|d| year_lines(d, y))
    });
    let completion = Memo::new(move |_| {
        let y = year.get();
        app.data.with(|d| study_completion(d, y))
    });
    let total_hours = Memo::new(move |_| {
        let y = year.get();
        app.data.with(|d| planned_group_hours(d, y))
    });
    let new_item = move || {
        let y = year.get_untracked();
        let t = today();
        let day = if t.year() == y {
            t
        } else {
            crate::domain::Date::new(y, 1, 1).unwrap_or(t)
        };
        StudyItem {
            id: new_study_item_id(),
            date: day,
            whole_week: false,
            topic: String::new(),
            materials: String::new(),
            format: StudyFormat::Group,
            study_leader: None,
            study_hours: 2.0,
            activity: None,
            done: false,
        }
    };
    let toggle_done = move |id: StudyItemId, on: bool| {
        let Some(mut item) = app
            .data
            .with_untracked(|d| d.study_items.iter().find(|s| s.id == id).cloned())
        else {
            return;
        };
        item.done = on;
        alert.set(None);
        leptos::task::spawn_local(async move {
            if let Err(e) = app.save_study_item(item).await {
                alert.try_set(Some(e.to_string()));
            }
        });
    };
    let do_delete = Callback::new(move |_| {
        let Some((id, _)) = deleting.get_untracked() else {
            return;
        };
        let delete = async move {
            let result = app.delete_study_item(id).await;
            deleting.try_set(None);
            result
        };
        run_action(busy, alert, delete, |()| {});
    });
    let close = Callback::new(move |_| panel.set(Panel::Closed));

    view! {
        <section class="study-table" aria-labelledby="st-title">
            <div class="page-header">
                <h2 id="st-title">{move || format!("{} 年学习计划表", year.get())}</h2>
                <div class="toolbar">
                    <span class="badge badge-accent" id="st-completion">{move || completion.get().label()}</span>
                    <WordButton request=Signal::derive(move || WordRequest::StudyPlan { year: year.get() }) label="学习计划表 Word" id="st-word" format=true/>
                    <button type="button" class="btn btn-primary" id="st-add"
                        on:click=move |_| panel.set(Panel::New)>"＋ 新增学习安排"</button>
                </div>
            </div>
            <Show when=move || { total_hours.get() > 0.0 }>
                <p class="hint">{move || format!("计划集中学习（不含自学）共 {} 学时；党员每年集中学习培训一般不少于32学时。", hours_text(total_hours.get()))}</p>
            </Show>
            <FormAlert message=alert/>
            {move || match panel.get() {
                Panel::Closed => ().into_any(),
                Panel::New => view! { <StudyItemForm initial=new_item() is_new=true on_close=close/> }.into_any(),
                Panel::Edit(id) => match app.data.with_untracked(|d| d.study_items.iter().find(|s| s.id == id).cloned()) {
                    Some(item) => view! { <StudyItemForm initial=item is_new=false on_close=close/> }.into_any(),
                    None => ().into_any(),
                },
            }}
            <Show when=move || !rows.with(Vec::is_empty)
                fallback=|| view! { <p class="empty">"这一年还没有学习安排。点“新增学习安排”，按周或按月列出学习主题、材料和领学人。"</p> }>
                <DataTable class="study-plan" caption="学习安排" quiet_caption=true
                    head=head_cells(&[
                        Col::text("时间"),
                        Col::text("学习主题与材料"),
                        Col::text("形式"),
                        Col::text("领学人"),
                        Col::num("学时"),
                        Col::text("在哪次活动"),
                        Col::text("完成"),
                        Col::hidden("操作"),
                    ])>
                            <For each=move || rows.get() key=|r| (r.id.clone(), r.done, r.topic.clone(), r.when.clone(), r.activity.clone(), r.leader.clone(), r.hours.clone(), r.materials.clone(), r.format) let(r)>
                                {
                                    let id_toggle = r.id.clone();
                                    let id_edit = r.id.clone();
                                    let id_del = r.id.clone();
                                    let topic_del = r.topic.clone();
                                    let check_id = format!("st-done-{}", r.id.as_str());
                                    view! {
                                        <tr class:done=r.done data-id=r.id.0.clone()>
                                            <td class="nowrap st-when" data-label="时间">{r.when}</td>
                                            <td class="st-topic-cell" data-label="主题">
                                                <div class="st-topic">{r.topic}</div>
                                                {(!r.materials.is_empty()).then(|| view! { <div class="st-materials muted small">{r.materials}</div> })}
                                            </td>
                                            <td class="nowrap" data-label="形式">{r.format}</td>
                                            <td class="nowrap" data-label="领学人">{r.leader}</td>
                                            <td class="num" data-label="学时">{r.hours}</td>
                                            <td data-label="活动">
                                                {match r.activity {
                                                    Some((id, label, cancelled)) => view! {
                                                        <a href=format!("/activities/{}", id.as_str())>{label}</a>
                                                        {cancelled.then(|| view! { <span class="badge badge-error">"已取消"</span> })}
                                                    }.into_any(),
                                                    None => view! { <span class="muted">"—"</span> }.into_any(),
                                                }}
                                            </td>
                                            <td class="nowrap" data-label="完成">
                                                <label class="check" for=check_id.clone()>
                                                    <input type="checkbox" id=check_id.clone() prop:checked=r.done disabled=r.done_by_activity
                                                        on:change=move |ev| toggle_done(id_toggle.clone(), event_target_checked(&ev))/>
                                                    <span>{if r.done_by_activity { "已学（活动已开展）" } else if r.done { "已学" } else { "未学" }}</span>
                                                </label>
                                            </td>
                                            <td class="nowrap st-ops">
                                                <button type="button" class="btn btn-small st-edit"
                                                    on:click=move |_| panel.set(Panel::Edit(id_edit.clone()))>"修改"</button>
                                                <button type="button" class="btn btn-small btn-link st-delete"
                                                    on:click=move |_| deleting.set(Some((id_del.clone(), topic_del.clone())))>"删除"</button>
                                            </td>
                                        </tr>
                                    }
                                }
                            </For>
                </DataTable>
            </Show>
            <Show when=move || deleting.with(Option::is_some)>
                <ConfirmDialog
                    title="删除这项学习安排？"
                    confirm_label="删除"
                    danger=true
                    busy=Signal::derive(move || busy.get())
                    on_confirm=do_delete
                    on_cancel=Callback::new(move |_| deleting.set(None))
                >
                    <p>{move || deleting.get().map(|(_, t)| format!("将删除“{t}”。")).unwrap_or_default()}</p>
                </ConfirmDialog>
            </Show>
        </section>
    }
}
