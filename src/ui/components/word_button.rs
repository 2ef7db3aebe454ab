//! 下载 Word: a button that makes one Word file (the first time fetching the Word chunk), shows 正在生成…
//! meanwhile, then 已生成 and the file's name, or what went wrong in Chinese; and, where asked for, the format
//! choice (page: GB/T 9704 or Word's usual margins; fonts: the official ones or the common ones), kept for
//! the next file.

use crate::export::word::format::{Fonts, Format, Layout};
use crate::export::word::WordRequest;
use crate::ui::state::use_app;
use crate::ui::word::{make_and_save, save_format, saved_format};
use leptos::prelude::*;

/// What the button last did.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Idle,
    Busy,
    Done(String),
    Failed(String),
}

/// One Word file's button. `request` is read when the button is pressed; `format` adds the format choice
/// beside it.
#[component]
pub fn WordButton(
    #[prop(into)] request: Signal<WordRequest>,
    label: &'static str,
    id: &'static str,
    #[prop(optional)] format: bool,
) -> impl IntoView {
    let app = use_app();
    let outcome = RwSignal::new(Outcome::Idle);
    let make = move |_| {
        if outcome.get_untracked() == Outcome::Busy {
            return;
        }
        outcome.set(Outcome::Busy);
        let request = request.get_untracked();
        leptos::task::spawn_local(async move {
            let result = make_and_save(app, request).await;
            // The user may have left the page meanwhile: the file is still saved, the message is dropped.
            outcome.try_set(match result {
                Ok(name) => Outcome::Done(name),
                Err(e) => Outcome::Failed(e),
            });
        });
    };
    view! {
        <span class="word-export">
            <button type="button" class="btn" id=id on:click=make aria-busy=move || (outcome.get() == Outcome::Busy).to_string()
                disabled=move || outcome.get() == Outcome::Busy>
                {move || if outcome.get() == Outcome::Busy { "正在生成 Word…" } else { label }}
            </button>
            {format.then(|| view! { <WordFormatChoice/> })}
            {move || match outcome.get() {
                Outcome::Done(name) => view! { <span class="word-status alert-ok" role="status">{format!("已生成 {name}")}</span> }.into_any(),
                Outcome::Failed(e) => view! { <span class="word-status alert-error" role="alert">{e}</span> }.into_any(),
                _ => ().into_any(),
            }}
        </span>
    }
}

/// The page and font choice, as a small disclosure: 「Word 格式：公文版式（GB/T 9704），公文字体」.
#[component]
pub fn WordFormatChoice() -> impl IntoView {
    let chosen = RwSignal::new(saved_format());
    let set = move |f: Format| {
        chosen.set(f);
        save_format(f);
    };
    view! {
        <details class="word-format">
            <summary>{move || format!("Word 格式：{}", chosen.get().label())}</summary>
            <div class="word-format-body">
                <label>
                    "页面"
                    <select on:change=move |ev| {
                        let layout = if event_target_value(&ev) == "plain" { Layout::Plain } else { Layout::Gb9704 };
                        set(Format { layout, ..chosen.get_untracked() });
                    }>
                        <option value="gb" prop:selected=move || chosen.get().layout == Layout::Gb9704>
                            "公文版式（GB/T 9704：上 37 mm、左 28 mm，每页 22 行）"
                        </option>
                        <option value="plain" prop:selected=move || chosen.get().layout == Layout::Plain>
                            "常规版式（上下 2.54 cm、左右 3.17 cm）"
                        </option>
                    </select>
                </label>
                <label>
                    "字体"
                    <select on:change=move |ev| {
                        let fonts = if event_target_value(&ev) == "common" { Fonts::Common } else { Fonts::Official };
                        set(Format { fonts, ..chosen.get_untracked() });
                    }>
                        <option value="official" prop:selected=move || chosen.get().fonts == Fonts::Official>
                            "公文字体（方正小标宋简体、仿宋_GB2312、黑体、楷体_GB2312）"
                        </option>
                        <option value="common" prop:selected=move || chosen.get().fonts == Fonts::Common>
                            "常见字体（宋体、仿宋、黑体、楷体）"
                        </option>
                    </select>
                </label>
                <p class="hint">"电脑上没有公文字体时，Word 和 WPS 会改用宋体、仿宋、楷体显示。选择会保存在本浏览器，之后生成的 Word 文件都用它。"</p>
            </div>
        </details>
    }
}
