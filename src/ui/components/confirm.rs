//! A modal confirmation for destructive actions, optionally asking the user to type a word first.
//!
//! Render it only while asking (inside a `<Show>`). Focus goes to the text box or to 取消 (the safe
//! choice); Escape and a click on the backdrop cancel.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Remembers the focused element when a dialog opens and gives the focus back when it closes.
fn return_focus_on_close() {
    let previous = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let previous = StoredValue::new_local(previous);
    on_cleanup(move || {
        if let Some(Some(el)) = previous.try_get_value() {
            if el.is_connected() {
                request_animation_frame(move || {
                    let _ = el.focus();
                });
            }
        }
    });
}

fn focus_ref<E>(node: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    if let Some(el) = node.try_get_untracked().flatten() {
        if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

#[component]
pub fn ConfirmDialog(
    /// Heading of the dialog.
    #[prop(into)]
    title: String,
    /// Label of the confirming button, e.g. "删除".
    #[prop(into)]
    confirm_label: String,
    /// Paint the confirming button as dangerous.
    #[prop(optional)]
    danger: bool,
    /// When set, the confirming button stays disabled until exactly this text is typed.
    #[prop(optional, into)]
    require_text: Option<String>,
    /// True while the action runs: buttons disabled, label says so.
    #[prop(optional, into)]
    busy: Option<Signal<bool>>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
    /// The explanation shown above the buttons.
    children: Children,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let busy = busy.unwrap_or_else(|| Signal::stored(false));
    let needed = require_text.clone();
    let can_confirm =
        Memo::new(move |_| !busy.get() && needed.as_ref().is_none_or(|t| typed.with(|s| s.trim() == t.trim())));
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    let confirm_ref = NodeRef::<leptos::html::Button>::new();
    let has_text = require_text.is_some();
    return_focus_on_close();
    // Tab stays inside the dialog: the sentinels before and after send the focus round.
    let focus_first = move |_| {
        if has_text {
            focus_ref(input_ref)
        } else {
            focus_ref(cancel_ref)
        }
    };
    let focus_last = move |_| {
        if can_confirm.try_get_untracked().unwrap_or(false) {
            focus_ref(confirm_ref)
        } else {
            focus_ref(cancel_ref)
        }
    };
    Effect::new(move |_| {
        if has_text {
            if let Some(el) = input_ref.get() {
                let _ = el.focus();
            }
        } else if let Some(el) = cancel_ref.get() {
            let _ = el.focus();
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_cancel.run(());
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if can_confirm.get_untracked() {
            on_confirm.run(());
        }
    };
    view! {
        <div class="modal-backdrop" on:click=move |_| on_cancel.run(())></div>
        <div class="modal card" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title"
            aria-describedby="confirm-body" on:keydown=on_key>
            <div class="focus-sentinel" tabindex="0" on:focus=focus_last></div>
            <h2 id="confirm-title">{title}</h2>
            <div id="confirm-body">{children()}</div>
            <form on:submit=submit>
                {require_text.map(|t| view! {
                    <div class="field">
                        <label for="confirm-text">"请输入 "<strong class="confirm-word">{t.clone()}</strong>" 以确认"</label>
                        <input id="confirm-text" type="text" autocomplete="off" node_ref=input_ref bind:value=typed/>
                    </div>
                })}
                <div class="actions">
                    <button type="button" class="btn" node_ref=cancel_ref on:click=move |_| on_cancel.run(())
                        disabled=move || busy.get()>"取消"</button>
                    <button type="submit" class="btn" class:btn-danger=danger class:btn-primary=!danger
                        node_ref=confirm_ref disabled=move || !can_confirm.get()>
                        {move || if busy.get() { "正在处理…".to_owned() } else { confirm_label.clone() }}
                    </button>
                </div>
            </form>
            <div class="focus-sentinel" tabindex="0" on:focus=focus_first></div>
        </div>
    }
}

/// A modal notice with one close button (e.g. why something cannot be done).
#[component]
pub fn NoticeDialog(#[prop(into)] title: String, on_close: Callback<()>, children: Children) -> impl IntoView {
    let close_ref = NodeRef::<leptos::html::Button>::new();
    return_focus_on_close();
    close_ref.on_load(|el| {
        let _ = el.focus();
    });
    view! {
        <div class="modal-backdrop" on:click=move |_| on_close.run(())></div>
        <div class="modal card" role="alertdialog" aria-modal="true" aria-labelledby="notice-title"
            aria-describedby="notice-body"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { on_close.run(()) }>
            <div class="focus-sentinel" tabindex="0" on:focus=move |_| focus_ref(close_ref)></div>
            <h2 id="notice-title">{title}</h2>
            <div id="notice-body">{children()}</div>
            <div class="actions">
                <button type="button" class="btn btn-primary" node_ref=close_ref on:click=move |_| on_close.run(())>
                    "知道了"
                </button>
            </div>
            <div class="focus-sentinel" tabindex="0" on:focus=move |_| focus_ref(close_ref)></div>
        </div>
    }
}
