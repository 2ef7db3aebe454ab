//! The 整改清单 section of the record form (组织生活会 and 民主评议党员, once held): items with the problem, the
//! measure, who is responsible (a member or 支部委员会), the due date, the evidence and the 完成日期 that closes
//! it, each with its state today (`Rectification::state_on`); new items take `org_life::next_item_id`.

use super::form::Form;
use super::typed_inputs::OptDateInput;
use crate::domain::org_life::{next_item_id, Rectification};
use crate::domain::{ActivityKind, ActivityStatus, MemberId};
use crate::ui::clock::today;
use crate::ui::components::form_field::{FieldMessage, FormErrors};
use crate::ui::components::org_life_record::state_class;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// Whether the record form shows the 整改清单 section for this kind and status.
pub(super) fn shows_rectifications(kind: ActivityKind, status: ActivityStatus) -> bool {
    matches!(kind, ActivityKind::MemberReview | ActivityKind::OrgLifeMeeting) && status == ActivityStatus::Held
}

#[component]
pub(super) fn RectificationSection(
    f: Form,
    errors: FormErrors,
    /// Who may be chosen as 责任人 on the activity's date.
    people: Memo<Vec<(MemberId, String)>>,
) -> impl IntoView {
    let ids = Memo::new(move |_| {
        f.rectifications
            .with(|v| v.iter().map(|r| r.id.clone()).collect::<Vec<_>>())
    });
    let add = move |_| {
        let id = f.rectifications.with_untracked(|v| next_item_id(v));
        f.rectifications.update(|v| v.push(Rectification::new(id.clone())));
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&format!("rc-{id}-problem")) {
                use wasm_bindgen::JsCast;
                if let Ok(input) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = input.focus();
                }
            }
        });
    };
    view! {
        <section class="card form-section rect-section" aria-labelledby="rc-h">
            <h2 id="rc-h">"整改清单"</h2>
            <ol class="rect-list">
                <For
                    each=move || ids.get()
                    key=|id| id.clone()
                    children=move |id: String| view! { <RectificationItem f=f id=id errors=errors people=people/> }
                />
            </ol>
            <button type="button" class="btn btn-small" id="rc-add" on:click=add>
                "＋ 添加整改事项"
            </button>
            <FieldMessage id="af-rectifications" errors=errors field="rectifications"/>
        </section>
    }
}

/// One item of the list.
#[component]
fn RectificationItem(f: Form, id: String, errors: FormErrors, people: Memo<Vec<(MemberId, String)>>) -> impl IntoView {
    let app = use_app();
    let key = StoredValue::new(id.clone());
    let item = move || {
        f.rectifications
            .with(|v| key.with_value(|k| v.iter().find(|r| &r.id == k).cloned()))
    };
    let edit = move |change: Box<dyn FnOnce(&mut Rectification)>| {
        f.rectifications.update(|v| {
            if let Some(r) = key.with_value(|k| v.iter_mut().find(|r| &r.id == k)) {
                change(r);
            }
        })
    };
    let pos = move || {
        f.rectifications
            .with(|v| key.with_value(|k| v.iter().position(|r| &r.id == k)))
            .unwrap_or(0)
            + 1
    };
    let state = move || item().map(|r| r.state_on(today()));
    let owner = Memo::new(move |_| item().and_then(|r| r.owner));
    // A 责任人 not eligible on the day is kept (marked) so that the message about it makes sense.
    let extra = move || {
        let cur = owner.get()?;
        if people.with(|p| p.iter().any(|(id, _)| *id == cur)) {
            return None;
        }
        Some((
            cur.clone(),
            format!("{}（当天不在本支部或不是党员）", app.data.with(|d| d.member_name(&cur))),
        ))
    };
    let problem_invalid =
        move || (errors.has("rectifications") && item().is_some_and(|r| r.problem.trim().is_empty())).then_some("true");
    view! {
        <li class="rect-item" data-item=id.clone()>
            <div class="rect-head">
                <strong>{move || format!("第{}项", pos())}</strong>
                {move || state().map(|s| view! { <span class=state_class(s) data-testid="rect-state">{s.label()}</span> })}
                <button
                    type="button"
                    class="btn btn-small btn-link rect-remove"
                    aria-label=move || format!("删除第{}项整改事项", pos())
                    on:click=move |_| f.rectifications.update(|v| key.with_value(|k| v.retain(|r| &r.id != k)))
                >
                    "删除"
                </button>
            </div>
            <div class="rect-grid">
                <div class="field field-wide">
                    <label for=format!("rc-{id}-problem") class="required">"存在问题"</label>
                    <input
                        id=format!("rc-{id}-problem")
                        type="text"
                        maxlength="200"
                        aria-required="true"
                        aria-invalid=problem_invalid
                        aria-describedby="af-rectifications-err"
                        prop:value=move || item().map(|r| r.problem).unwrap_or_default()
                        on:input=move |ev| {
                            let t = event_target_value(&ev);
                            edit(Box::new(move |r| r.problem = t));
                        }
                    />
                </div>
                <div class="field field-wide">
                    <label for=format!("rc-{id}-measure")>"整改措施"</label>
                    <textarea
                        id=format!("rc-{id}-measure")
                        rows="2"
                        aria-describedby="af-rectifications-err"
                        prop:value=move || item().map(|r| r.measure).unwrap_or_default()
                        on:input=move |ev| {
                            let t = event_target_value(&ev);
                            edit(Box::new(move |r| r.measure = t));
                        }
                    ></textarea>
                </div>
                <div class="field">
                    <label for=format!("rc-{id}-owner")>"责任人"</label>
                    <select
                        id=format!("rc-{id}-owner")
                        aria-describedby="af-rectifications-err"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            edit(Box::new(move |r| r.owner = (!v.is_empty()).then_some(MemberId(v))));
                        }
                    >
                        <option value="" prop:selected=move || owner.with(Option::is_none)>"支部委员会"</option>
                        {move || extra().map(|(id, label)| view! { <option value=id.0 prop:selected=true>{label}</option> })}
                        {move || {
                            people
                                .get()
                                .into_iter()
                                .map(|(id, label)| {
                                    let cur = id.clone();
                                    view! {
                                        <option value=id.0.clone() prop:selected=move || owner.with(|o| o.as_ref() == Some(&cur))>
                                            {label}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="field">
                    <label for=format!("rc-{id}-due")>"完成时限"</label>
                    <OptDateInput
                        f=f
                        id=format!("rc-{id}-due")
                        value=Signal::derive(move || item().and_then(|r| r.due))
                        on_set=Callback::new(move |d| edit(Box::new(move |r| r.due = d)))
                        errors=errors
                        field="rectifications"
                    />
                </div>
                <div class="field">
                    <label for=format!("rc-{id}-closed")>"完成日期"</label>
                    <OptDateInput
                        f=f
                        id=format!("rc-{id}-closed")
                        value=Signal::derive(move || item().and_then(|r| r.closed))
                        on_set=Callback::new(move |d| edit(Box::new(move |r| r.closed = d)))
                        errors=errors
                        field="rectifications"
                    />
                </div>
                <div class="field field-wide">
                    <label for=format!("rc-{id}-evidence")>"整改成效 / 佐证材料"</label>
                    <textarea
                        id=format!("rc-{id}-evidence")
                        rows="2"
                        aria-describedby="af-rectifications-err"
                        prop:value=move || item().map(|r| r.evidence).unwrap_or_default()
                        on:input=move |ev| {
                            let t = event_target_value(&ev);
                            edit(Box::new(move |r| r.evidence = t));
                        }
                    ></textarea>
                </div>
            </div>
        </li>
    }
}
