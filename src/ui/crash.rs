//! When the app itself fails (a Rust panic, which stops the wasm module for good): the message in the
//! console for developers, and for the user a notice in Chinese at the top of the page saying what happened
//! and what to do (重新载入), instead of a page that silently stops answering.
//!
//! The notice is built with plain DOM calls and holds no Rust event handler, since nothing in the module may
//! run after the panic: 重新载入 is a link to the page itself.

use wasm_bindgen::JsCast;

/// The notice's element id.
pub const NOTICE_ID: &str = "crash-notice";

/// The notice's words (constant text, no user data).
const NOTICE_HTML: &str = "<h2>支部台账出现内部错误，已停止响应</h2>\
    <p>已保存的数据不受影响；正在填写、还没保存的内容需要重新填写。请重新载入页面后继续。</p>\
    <p><a class=\"btn btn-primary\" href=\"\">重新载入</a></p>";

/// Installs the panic hook: the console message (`console_error_panic_hook`), then [`show_notice`].
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_notice();
    }));
}

/// Puts the notice at the top of the page, once.
pub fn show_notice() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.get_element_by_id(NOTICE_ID).is_some() {
        return;
    }
    let (Some(body), Ok(notice)) = (doc.body(), doc.create_element("div")) else {
        return;
    };
    notice.set_id(NOTICE_ID);
    notice.set_class_name("error-banner crash-notice");
    let _ = notice.set_attribute("role", "alert");
    let _ = notice.set_attribute("tabindex", "-1");
    notice.set_inner_html(NOTICE_HTML);
    let _ = body.prepend_with_node_1(&notice);
    // Into view and announced: the user may be far down a long page.
    if let Ok(el) = notice.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}
