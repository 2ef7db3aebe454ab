//! The 议题 section of the record form: the agenda as an editable list (add, remove, move up and down) and its
//! message.

use super::form::Form;
use crate::ui::components::form_field::{FieldMessage, FormErrors};
use leptos::prelude::*;

#[component]
pub(super) fn AgendaSection(f: Form, errors: FormErrors) -> impl IntoView {
    view! {
        <section class="card form-section">
            <h2>"议题"</h2>
            <AgendaEditor f=f/>
            <FieldMessage id="af-agenda" errors=errors field="agenda"/>
        </section>
    }
}

/// The agenda as an editable list: add, remove, move up and down.
#[component]
fn AgendaEditor(f: Form) -> impl IntoView {
    let keys = Memo::new(move |_| f.agenda.with(|v| v.iter().map(|(k, _)| *k).collect::<Vec<_>>()));
    let add = move |_| {
        let k = f.next_key.get_value();
        f.next_key.set_value(k + 1);
        f.agenda.update(|v| v.push((k, String::new())));
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&format!("agenda-{k}")) {
                use wasm_bindgen::JsCast;
                if let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        });
    };
    let move_by = move |key: u32, delta: isize| {
        f.agenda.update(|v| {
            if let Some(i) = v.iter().position(|(k, _)| *k == key) {
                let j = i as isize + delta;
                if j >= 0 && (j as usize) < v.len() {
                    v.swap(i, j as usize);
                }
            }
        })
    };
    view! {
        <ol class="agenda-list">
            <For
                each=move || keys.get()
                key=|k| *k
                children=move |key: u32| {
                    let text = move || f.agenda.with(|v| v.iter().find(|(k, _)| *k == key).map(|(_, s)| s.clone()).unwrap_or_default());
                    let pos = move || keys.with(|v| v.iter().position(|k| *k == key).unwrap_or(0));
                    let last = move || keys.with(|v| v.len().saturating_sub(1));
                    view! {
                        <li class="agenda-item">
                            <span class="agenda-no">{move || format!("{}.", pos() + 1)}</span>
                            <input
                                id=format!("agenda-{key}")
                                type="text"
                                maxlength="200"
                                aria-label=move || format!("议题{}", pos() + 1)
                                prop:value=text
                                on:input=move |ev| {
                                    let value = event_target_value(&ev);
                                    f.agenda.update(|v| {
                                        if let Some(item) = v.iter_mut().find(|(k, _)| *k == key) {
                                            item.1 = value;
                                        }
                                    });
                                }
                            />
                            <button
                                type="button"
                                class="btn btn-small icon-btn"
                                title="上移"
                                aria-label=move || format!("议题{}上移", pos() + 1)
                                disabled=move || pos() == 0
                                on:click=move |_| move_by(key, -1)
                            >
                                "↑"
                            </button>
                            <button
                                type="button"
                                class="btn btn-small icon-btn"
                                title="下移"
                                aria-label=move || format!("议题{}下移", pos() + 1)
                                disabled=move || pos() == last()
                                on:click=move |_| move_by(key, 1)
                            >
                                "↓"
                            </button>
                            <button
                                type="button"
                                class="btn btn-small icon-btn"
                                title="删除"
                                aria-label=move || format!("删除议题{}", pos() + 1)
                                on:click=move |_| f.agenda.update(|v| v.retain(|(k, _)| *k != key))
                            >
                                "✕"
                            </button>
                        </li>
                    }
                }
            />
        </ol>
        <button type="button" class="btn btn-small" on:click=add>
            "＋ 添加议题"
        </button>
    }
}
