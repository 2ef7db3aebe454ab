//! The 党小组 section: the list of party groups, with add, rename, 组长 and delete.

use super::confirm::ConfirmDialog;
use super::form_field::{focus_first_invalid, FieldMessage, FormAlert, FormErrors, TextField};
use crate::domain::validate::validate_group;
use crate::domain::{ActivityKind, GroupId, MemberId, MemberKind, PartyGroup};
use crate::ui::action::run_action;
use crate::ui::clock::{new_group_id, today};
use crate::ui::components::data_table::{head_cells, Col, DataTable};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// Which group the form is editing.
#[derive(Clone, PartialEq)]
enum Editing {
    New,
    Existing(GroupId),
}

#[component]
pub fn GroupSection() -> impl IntoView {
    let app = use_app();
    let editing = RwSignal::new(None::<Editing>);
    let deleting = RwSignal::new(None::<GroupId>);
    let delete_busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);

    let rows = Memo::new(move |_| {
        let day = today();
        app.data.with(|d| {
            d.groups
                .iter()
                .map(|g| {
                    let count = d
                        .members
                        .iter()
                        .filter(|m| m.group.as_ref() == Some(&g.id) && m.in_branch_on(day))
                        .count();
                    let leader = g.group_leader.as_ref().map(|l| d.member_name(l));
                    (g.id.clone(), g.name.clone(), leader, count)
                })
                .collect::<Vec<_>>()
        })
    });

    let on_done = Callback::new(move |msg: Option<String>| {
        editing.set(None);
        notice.set(msg);
    });

    let confirm_delete = Callback::new(move |_| {
        let Some(id) = deleting.get_untracked() else { return };
        let name = app.data.with_untracked(|d| d.group_name(&id));
        let delete = async move {
            let result = app.delete_group(id).await;
            deleting.try_set(None);
            result
        };
        run_action(delete_busy, alert, delete, move |()| {
            notice.try_set(Some(format!("已删除党小组“{name}”")));
        });
    });

    view! {
        <section class="card group-section" aria-labelledby="groups-title">
            <div class="section-head">
                <h2 id="groups-title">"党小组"</h2>
                <button type="button" class="btn btn-primary"
                    on:click=move |_| { notice.set(None); editing.set(Some(Editing::New)); }
                    disabled=move || editing.get().is_some()>"添加党小组"</button>
            </div>
            <Show when=move || notice.with(Option::is_some)>
                <p class="alert-ok" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <FormAlert message=alert/>
            {move || editing.get().map(|e| {
                let existing = match &e {
                    Editing::New => None,
                    Editing::Existing(id) => app.data.with_untracked(|d| d.group(id).cloned()),
                };
                view! { <GroupForm existing=existing on_done=on_done/> }
            })}
            <Show when=move || !rows.with(Vec::is_empty)
                fallback=move || view! {
                    <p class="empty">"还没有党小组。党员较多的支部可按科室或楼层划分党小组，每组设组长一名；党员少的支部可以不设。"</p>
                }>
                <DataTable class="groups-table" caption="党小组" quiet_caption=true
                    head=head_cells(&[Col::text("名称"), Col::text("组长"), Col::text("党员人数"), Col::hidden("操作")])>
                            <For each=move || rows.get() key=|r| r.clone() let((id, name, leader, count))>
                                {
                                    let id_edit = id.clone();
                                    let id_del = id.clone();
                                    let label_edit = format!("编辑党小组 {name}");
                                    let label_del = format!("删除党小组 {name}");
                                    view! {
                                        <tr>
                                            <td data-label="名称">{name}</td>
                                            <td data-label="组长">{leader.unwrap_or_else(|| "（未设）".to_owned())}</td>
                                            <td data-label="党员人数">{count}</td>
                                            <td class="row-actions">
                                                <button type="button" class="btn btn-small" aria-label=label_edit
                                                    on:click=move |_| { notice.set(None); editing.set(Some(Editing::Existing(id_edit.clone()))); }>"编辑"</button>
                                                <button type="button" class="btn btn-small btn-danger" aria-label=label_del
                                                    on:click=move |_| { notice.set(None); deleting.set(Some(id_del.clone())); }>"删除"</button>
                                            </td>
                                        </tr>
                                    }
                                }
                            </For>
                </DataTable>
            </Show>
            {move || deleting.get().map(|id| {
                let (name, members, meetings) = app.data.with_untracked(|d| {
                    (
                        d.group_name(&id),
                        d.members.iter().filter(|m| m.group.as_ref() == Some(&id)).count(),
                        d.activities.iter().filter(|a| a.kind == ActivityKind::GroupMeeting && a.group.as_ref() == Some(&id)).count(),
                    )
                });
                view! {
                    <ConfirmDialog title=format!("删除党小组“{name}”？") confirm_label="删除" danger=true
                        busy=Signal::from(delete_busy) on_confirm=confirm_delete
                        on_cancel=Callback::new(move |_| deleting.set(None))>
                        <p>{format!("组内 {members} 人将变为“未分组”，他们仍在支部名册中。")}</p>
                        {(meetings > 0).then(|| view! {
                            <p class="warn">{format!("已有 {meetings} 次党小组会记录属于该组，删除后这些记录的小组名将显示为“（已删除）”。如只是改名，请用“编辑”。")}</p>
                        })}
                    </ConfirmDialog>
                }
            })}
        </section>
    }
}

/// Add or edit one group: its name and 组长.
#[component]
fn GroupForm(existing: Option<PartyGroup>, on_done: Callback<Option<String>>) -> impl IntoView {
    let app = use_app();
    let is_new = existing.is_none();
    let id = existing.as_ref().map_or_else(new_group_id, |g| g.id.clone());
    let name = RwSignal::new(existing.as_ref().map(|g| g.name.clone()).unwrap_or_default());
    let leader = RwSignal::new(
        existing
            .as_ref()
            .and_then(|g| g.group_leader.as_ref())
            .map(|l| l.0.clone())
            .unwrap_or_default(),
    );
    let errors = FormErrors::new();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    // Party members in the branch: this group's first, then the others.
    let gid = id.clone();
    let current_leader = leader.get_untracked();
    let (own, others) = app.data.with_untracked(|d| {
        let day = today();
        let eligible: Vec<(String, String, bool)> = d
            .members
            .iter()
            .filter(|m| (m.kind != MemberKind::Activist && m.in_branch_on(day)) || m.id.0 == current_leader)
            .map(|m| (m.id.0.clone(), m.name.clone(), m.group.as_ref() == Some(&gid)))
            .collect();
        let mut eligible = eligible;
        d.sort_by_name(&mut eligible, |m| m.1.as_str());
        let (own, others): (Vec<_>, Vec<_>) = eligible.into_iter().partition(|m| m.2);
        (own, others)
    });
    let option = move |(mid, mname, _): (String, String, bool)| {
        let m2 = mid.clone();
        view! { <option value=mid prop:selected=move || leader.with(|l| *l == m2)>{mname}</option> }
    };
    let own_view = (!own.is_empty()).then(|| {
        view! { <optgroup label="本组党员">{own.into_iter().map(option).collect_view()}</optgroup> }
    });
    let others_label = if is_new { "支部党员" } else { "其他党员" };
    let others_view = (!others.is_empty()).then(|| {
        view! { <optgroup label=others_label>{others.into_iter().map(option).collect_view()}</optgroup> }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        let l = leader.get_untracked();
        let group = PartyGroup {
            id: id.clone(),
            name: name.get_untracked().trim().to_owned(),
            group_leader: (!l.is_empty()).then_some(MemberId(l)),
        };
        let errs = app
            .data
            .with_untracked(|d| validate_group(&group, &d.groups, &d.members));
        errors.set(FormErrors::from_domain(&errs));
        if !errs.is_empty() {
            focus_first_invalid();
            return;
        }
        let msg = if is_new {
            format!("已添加党小组“{}”", group.name)
        } else {
            format!("已保存党小组“{}”", group.name)
        };
        // `try_run`: the section may be gone by then (the user switched tabs while it saved).
        run_action(busy, alert, async move { app.save_group(group).await }, move |()| {
            on_done.try_run(Some(msg));
        });
    };
    let name_ref = NodeRef::<leptos::html::Div>::new();
    name_ref.on_load(|el| {
        if let Ok(Some(input)) = el.query_selector("input") {
            use wasm_bindgen::JsCast;
            if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
        }
    });

    view! {
        <form class="subform" on:submit=submit novalidate
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { on_done.run(None) }>
            <h3>{if is_new { "添加党小组" } else { "编辑党小组" }}</h3>
            <div class="form-grid" node_ref=name_ref>
                <TextField id="group-name" label="党小组名称" value=name errors=errors field="name" required=true
                    placeholder="例如：第一党小组"/>
                <div class="field">
                    <label for="group-leader">"组长"</label>
                    <select id="group-leader" name="group_leader" aria-describedby="group-leader-err"
                        aria-invalid=errors.invalid("group_leader")
                        on:change=move |ev| leader.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || leader.with(String::is_empty)>"（暂不设）"</option>
                        {own_view}
                        {others_view}
                    </select>
                    <FieldMessage id="group-leader" errors=errors field="group_leader"/>
                </div>
            </div>
            <FormAlert message=alert/>
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || if busy.get() { "正在保存…" } else { "保存" }}
                </button>
                <button type="button" class="btn" on:click=move |_| on_done.run(None)>"取消"</button>
            </div>
        </form>
    }
}
