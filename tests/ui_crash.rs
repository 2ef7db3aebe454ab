#![cfg(target_arch = "wasm32")]
//! Browser test of `zhibu::ui::crash`: the notice the user sees when the app fails internally (a panic).
//! The hook itself runs only on a real panic, which would end the test; this checks what it shows.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test ui_crash`.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use zhibu::ui::crash::{show_notice, NOTICE_ID};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_notice_says_what_happened_and_what_to_do_once_at_the_top_with_a_plain_reload_link() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let body = doc.body().unwrap();
    let first = doc.create_element("p").unwrap();
    body.append_child(&first).unwrap();

    show_notice();
    show_notice();
    let notice = doc.get_element_by_id(NOTICE_ID).unwrap();
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    assert!(
        body.first_element_child().unwrap().is_same_node(Some(&notice)),
        "at the top of the page"
    );
    let text = notice.text_content().unwrap();
    assert!(text.contains("内部错误"), "{text}");
    assert!(text.contains("已保存的数据不受影响"), "{text}");
    // 重新载入 is a link to this page, not a Rust handler (nothing in the module runs after a panic).
    let link = notice.query_selector("a").unwrap().unwrap();
    assert_eq!(link.text_content().as_deref(), Some("重新载入"));
    assert_eq!(link.get_attribute("href").as_deref(), Some(""));
    assert!(link.get_attribute("onclick").is_none());
    let active = doc.active_element().unwrap();
    assert!(
        active.is_same_node(Some(notice.unchecked_ref())),
        "focused, so it is in view and read out"
    );
    // Shown once: with it removed, no second copy is left.
    notice.remove();
    assert!(doc.get_element_by_id(NOTICE_ID).is_none(), "shown once");
}
