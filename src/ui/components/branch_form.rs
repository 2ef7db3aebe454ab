//! The branch profile form: 支部名称, 上级党委 and the five committee seats.

use super::form_field::{focus_first_invalid, FieldMessage, FormAlert, FormErrors, TextField};
use crate::domain::validate::{seat_field, validate_branch};
use crate::domain::{Branch, CommitteeRole, MemberId, MemberKind, NameOrder};
use crate::ui::action::run_action;
use crate::ui::clock::today;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn BranchForm() -> impl IntoView {
    let app = use_app();
    let current = app.data.get_untracked().branch;
    let name = RwSignal::new(current.name.clone());
    let parent_org = RwSignal::new(current.parent_org.clone());
    let name_order = RwSignal::new(current.name_order);
    let seats: Vec<(CommitteeRole, RwSignal<String>)> = CommitteeRole::ALL
        .into_iter()
        .map(|role| {
            let holder = current.holder(role).map(|m| m.0.clone()).unwrap_or_default();
            (role, RwSignal::new(holder))
        })
        .collect();
    let seats = StoredValue::new(seats);
    let errors = FormErrors::new();
    let alert = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);

    // Party members in the branch today, and anyone already holding a seat.
    let candidates = Memo::new(move |_| {
        let day = today();
        app.data.with(|d| {
            let mut list = d
                .members
                .iter()
                .filter(|m| {
                    (m.kind != MemberKind::Activist && m.left_branch.is_none_or(|l| l > day))
                        || !d.branch.roles_of(&m.id).is_empty()
                })
                .map(|m| (m.id.0.clone(), m.name.clone(), m.kind))
                .collect::<Vec<_>>();
            d.sort_by_name(&mut list, |c| c.1.as_str());
            list
        })
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        alert.set(None);
        let mut branch = Branch {
            name: name.get_untracked().trim().to_owned(),
            parent_org: parent_org.get_untracked().trim().to_owned(),
            committee: Vec::new(),
            name_order: name_order.get_untracked(),
        };
        seats.with_value(|seats| {
            for (role, sig) in seats {
                let id = sig.get_untracked();
                branch.set_holder(*role, (!id.is_empty()).then_some(MemberId(id)));
            }
        });
        let errs = app.data.with_untracked(|d| validate_branch(&branch, &d.members));
        errors.set(FormErrors::from_domain(&errs));
        if !errs.is_empty() {
            focus_first_invalid();
            return;
        }
        run_action(busy, alert, async move { app.save_branch(branch).await }, move |()| {
            saved.try_set(true);
        });
    };

    let seat_fields = seats.with_value(|seats| {
        seats
            .iter()
            .map(|(role, sig)| {
                let sig = *sig;
                let field = seat_field(*role);
                let id = format!("branch-{field}");
                view! {
                    <div class="field">
                        <label for=id.clone()>{role.label()}</label>
                        <select id=id.clone() name=field
                            aria-describedby=format!("{id}-err")
                            aria-invalid=errors.invalid(field)
                            on:change=move |ev| sig.set(event_target_value(&ev))>
                            <option value="" prop:selected=move || sig.with(String::is_empty)>"（空缺）"</option>
                            <For each=move || candidates.get() key=|c| c.0.clone() let((mid, mname, kind))>
                                {
                                    let m2 = mid.clone();
                                    let suffix = if kind == MemberKind::Probationary { "（预备）" } else { "" };
                                    view! {
                                        <option value=mid prop:selected=move || sig.with(|s| *s == m2)>
                                            {mname}{suffix}
                                        </option>
                                    }
                                }
                            </For>
                        </select>
                        <FieldMessage id=id errors=errors field=field/>
                    </div>
                }
            })
            .collect_view()
    });

    view! {
        <form class="card branch-form" on:submit=submit novalidate>
            <h2>"支部信息"</h2>
            <div class="form-grid">
                <TextField id="branch-name" label="支部名称" value=name errors=errors field="name" required=true
                    wide=true placeholder="例如：××局办公室党支部"/>
                <TextField id="branch-parent" label="上级党委" value=parent_org errors=errors field="parent_org"
                    wide=true placeholder="例如：××局机关党委"/>
            </div>
            <div class="field">
                <label for="branch-name-order">"名单排序"</label>
                <select id="branch-name-order" name="name_order" aria-describedby="branch-name-order-hint"
                    on:change=move |ev| {
                        if let Some(o) = NameOrder::from_code(&event_target_value(&ev)) {
                            name_order.set(o);
                        }
                    }>
                    {NameOrder::ALL
                        .into_iter()
                        .map(|o| view! {
                            <option value=o.code() prop:selected=move || name_order.get() == o>{o.label()}</option>
                        })
                        .collect_view()}
                </select>
                <p class="hint" id="branch-name-order-hint">
                    "名册、出勤名单、记录本、统计表和导出文件中姓名的顺序。党内文件通常“按姓氏笔画为序”：笔画少的在前，笔画数相同按起笔横、竖、撇、点、折。"
                </p>
            </div>
            <fieldset class="seats">
                <legend>"支部委员会"</legend>
                <Show when=move || candidates.with(Vec::is_empty)>
                    <p class="hint">"还没有党员。先在“党员名册”中添加党员，再回到这里选择支委。"</p>
                </Show>
                <div class="form-grid">{seat_fields}</div>
                <p class="hint">"一人可兼任两个职务；支委会应到人数按此计算。入党积极分子不能担任支委。"</p>
            </fieldset>
            <FormAlert message=alert/>
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || if busy.get() { "正在保存…" } else { "保存支部信息" }}
                </button>
                <Show when=move || saved.get()>
                    <span class="saved-note" role="status">"已保存"</span>
                </Show>
                <Show when=move || !errors.is_empty()>
                    <span class="error-note" role="status">{move || format!("有 {} 处需要修改", errors.count())}</span>
                </Show>
            </div>
        </form>
    }
}
