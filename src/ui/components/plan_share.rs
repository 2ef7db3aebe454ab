//! Putting the schedule in members' hands without a server: the calendar file (.ics) and the share link
//! (the schedule compressed into the address's `#` fragment, which browsers never send to a server).
//! What goes out: every item of the year that concerns the whole branch (谈心谈话 stay private), cancelled
//! ones included so that calendars and the link show them as cancelled; no names of people.

use crate::domain::schedule::{year_items, Audience};
use crate::domain::{Activity, ActivityKind, Dataset, Date};
use crate::export::{ics, share};
use crate::ui::clock::{now_millis, today};
use crate::ui::components::download::download_text;
use crate::ui::state::use_app;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The items of `year` members get (from `from` on, when given).
pub fn shared_items(d: &Dataset, year: i32, from: Option<Date>) -> Vec<&Activity> {
    year_items(d, Audience::Branch, year, true)
        .into_iter()
        .filter(|a| a.kind != ActivityKind::HeartTalk)
        .filter(|a| from.is_none_or(|f| a.date >= f))
        .collect()
}

/// "支部日程-2026.ics".
pub fn ics_file_name(year: i32) -> String {
    format!("支部日程-{year}.ics")
}

/// The calendar file of `year` for the branch.
pub fn year_ics(d: &Dataset, year: i32) -> (String, usize) {
    let items = shared_items(d, year, None);
    (ics::export(d, &items, now_millis()), items.len())
}

/// The full share link of `year` (from `from` on, when given), or why it cannot be made.
pub fn share_link(d: &Dataset, year: i32, from: Option<Date>) -> Result<(String, usize), String> {
    let items = shared_items(d, year, from);
    let title = format!("{year}年支部活动安排");
    let schedule = share::from_activities(d, &title, &items);
    let fragment = share::encode(&schedule).map_err(|e| e.to_string())?;
    let origin = window().location().origin().unwrap_or_default();
    Ok((format!("{origin}/{fragment}"), items.len()))
}

/// Copies `text` to the clipboard: the asynchronous Clipboard API when there is one, else the selected
/// text of the element `fallback_id` with `execCommand("copy")`. Returns whether the copy was started.
pub fn copy_text(text: &str, fallback_id: &str) -> bool {
    let nav = window().navigator();
    let clipboard = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard")).ok();
    if let Some(cb) = clipboard.filter(|c| !c.is_undefined() && !c.is_null()) {
        if let Ok(f) = js_sys::Reflect::get(&cb, &JsValue::from_str("writeText")) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                if let Ok(p) = f.call1(&cb, &JsValue::from_str(text)) {
                    if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
                        // A refusal (no permission) is handled by the visible, selectable link.
                        wasm_bindgen_futures::spawn_local(async move {
                            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                        });
                        return true;
                    }
                }
            }
        }
    }
    let doc = document();
    if let Some(el) = doc.get_element_by_id(fallback_id) {
        if let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() {
            input.select();
            if let Ok(html) = doc.dyn_into::<web_sys::HtmlDocument>() {
                return html.exec_command("copy").unwrap_or(false);
            }
        }
    }
    false
}

/// Human-readable size: "12.3 KB".
pub fn size_text(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} 字节")
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

/// The 导出日历 button. What happened goes to `note` (done) or `alert` (failed), shown where the page wants.
#[component]
pub fn IcsButton(
    #[prop(into)] year: Signal<i32>,
    note: RwSignal<Option<String>>,
    alert: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let export = move |_| {
        let y = year.get_untracked();
        let (text, n) = app.data.with_untracked(|d| year_ics(d, y));
        note.set(None);
        if n == 0 {
            alert.set(Some(format!(
                "{y} 年还没有日程，无法导出。请先在“学习计划 → 年度活动计划”中生成计划。"
            )));
            return;
        }
        match download_text(&ics_file_name(y), ics::MIME_TYPE, &text) {
            Ok(()) => {
                alert.set(None);
                note.set(Some(format!(
                    "已导出 {y} 年 {n} 项（{}）。把文件发给党员，用手机“日历”打开即可导入；日程有变动时重新导出，导入后会更新而不会重复。",
                    size_text(text.len())
                )));
            }
            Err(e) => alert.set(Some(e)),
        }
    };
    view! { <button type="button" class="btn" id="export-ics" on:click=export>"导出日历(.ics)"</button> }
}

/// The 分享链接 panel.
#[component]
pub fn SharePanel(#[prop(into)] year: Signal<i32>, on_close: Callback<()>) -> impl IntoView {
    let app = use_app();
    let from_today = RwSignal::new(false);
    let copied = RwSignal::new(None::<bool>);
    let link = Memo::new(move |_| {
        let y = year.get();
        let from = from_today.get().then(today);
        app.data.with(|d| share_link(d, y, from))
    });
    let copy = move |_| {
        if let Ok((l, _)) = link.get_untracked() {
            copied.set(Some(copy_text(&l, "share-link")));
        }
    };
    view! {
        <section class="share-panel card" id="share-panel" aria-labelledby="share-title">
            <h2 id="share-title">{move || format!("分享 {} 年日程", year.get())}</h2>
            <p class="hint">
                "党员打开链接即可查看日程（只读），不需要安装或登录；日程内容在链接本身里，不经过任何服务器，"
                "也不包含人员姓名。日程变动后请重新生成链接发送。"
            </p>
            <div class="seg" role="group" aria-label="范围">
                <button type="button" aria-pressed=move || (!from_today.get()).to_string()
                    on:click=move |_| from_today.set(false)>"全年"</button>
                <button type="button" id="share-from-today" aria-pressed=move || from_today.get().to_string()
                    on:click=move |_| from_today.set(true)>"今天以后"</button>
            </div>
            {move || match link.get() {
                Ok((l, n)) => {
                    let len = l.chars().count();
                    let long = len > 2000;
                    view! {
                        <div class="field">
                            <label for="share-link">{format!("链接（{n} 项，{len} 个字符）")}</label>
                            <input id="share-link" type="text" readonly=true prop:value=l.clone() data-length=len.to_string()
                                on:focus=move |ev| {
                                    if let Some(t) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                        t.select();
                                    }
                                }/>
                        </div>
                        {long.then(|| view! {
                            <p class="alert alert-warn">"链接较长：微信、邮件可正常发送，短信可能被截断。需要更短的链接可选“今天以后”，或改发日历文件。"</p>
                        })}
                        <div class="actions">
                            <button type="button" class="btn btn-primary" id="share-copy" on:click=copy>"复制链接"</button>
                            <a class="btn" href=l target="_blank" rel="noopener">"预览"</a>
                            <button type="button" class="btn btn-link" on:click=move |_| on_close.run(())>"关闭"</button>
                        </div>
                    }.into_any()
                }
                Err(e) => view! {
                    <p class="alert alert-error" role="alert">{e}</p>
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>"关闭"</button>
                }.into_any(),
            }}
            <Show when=move || copied.get().is_some()>
                <p class="alert alert-ok" role="status" id="share-copied">
                    {move || if copied.get() == Some(true) {
                        "已复制，可粘贴到微信群、短信或邮件中。"
                    } else {
                        "无法自动复制，请长按（或选中）上面的链接手动复制。"
                    }}
                </p>
            </Show>
        </section>
    }
}
