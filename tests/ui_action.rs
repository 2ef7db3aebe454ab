#![cfg(target_arch = "wasm32")]
//! Browser tests of `zhibu::ui::action::run_action`, the one place where a form's save runs: the busy flag,
//! the error in the form's alert, the success step, and what happens when the form is gone (the user
//! switched tabs or pages) before the save finishes. That last case used to stop the whole app: the
//! success step ran a `Callback` of the disposed form, and reading a disposed value panics.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test ui_action`.

use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;
use zhibu::ui::action::run_action;

wasm_bindgen_test_configure!(run_in_browser);

/// Sets up leptos's task executor as the app's mount does, by mounting an empty view (several tests share
/// the page; the executor is set up once).
fn executor() {
    thread_local!(static MOUNTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if !MOUNTED.with(|m| m.replace(true)) {
        leptos::mount::mount_to_body(|| ());
    }
}

async fn wait(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// A form's reactive values, owned by `owner` as a mounted component's are.
struct Form {
    owner: Owner,
    busy: RwSignal<bool>,
    alert: RwSignal<Option<String>>,
    closed: RwSignal<u32>,
    on_done: Callback<u32>,
}

fn form() -> Form {
    let owner = Owner::new();
    owner.with(|| {
        let busy = RwSignal::new(false);
        let alert = RwSignal::new(Some("上次的错误".to_owned()));
        let closed = RwSignal::new(0);
        let on_done = Callback::new(move |n: u32| closed.set(n));
        Form {
            owner: owner.clone(),
            busy,
            alert,
            closed,
            on_done,
        }
    })
}

/// Starts `action` from the form, as a form's save does: on success it runs the form's `on_done`.
fn save(f: &Form, action: impl std::future::Future<Output = Result<u32, String>> + 'static) {
    let on_done = f.on_done;
    f.owner
        .with(|| run_action(f.busy, f.alert, action, move |n| on_done.run(n)));
}

#[wasm_bindgen_test]
async fn success_clears_the_alert_shows_busy_then_runs_done() {
    executor();
    let f = form();
    save(&f, async {
        wait(20).await;
        Ok(7)
    });
    assert!(f.busy.get_untracked(), "busy while the action runs");
    assert_eq!(f.alert.get_untracked(), None, "the old error is cleared at once");
    wait(80).await;
    assert!(!f.busy.get_untracked());
    assert_eq!(f.closed.get_untracked(), 7);
    assert_eq!(f.alert.get_untracked(), None);
}

#[wasm_bindgen_test]
async fn failure_puts_the_message_in_the_alert_and_skips_done() {
    executor();
    let f = form();
    save(&f, async {
        wait(20).await;
        Err("存储空间已满，请导出备份后清理".to_owned())
    });
    wait(80).await;
    assert!(!f.busy.get_untracked());
    assert_eq!(
        f.alert.get_untracked().as_deref(),
        Some("存储空间已满，请导出备份后清理")
    );
    assert_eq!(f.closed.get_untracked(), 0);
}

#[wasm_bindgen_test]
async fn a_form_gone_before_the_save_finishes_is_left_alone_and_the_save_still_completes() {
    executor();
    let f = form();
    let on_done = f.on_done;
    let saved = Rc::new(Cell::new(false));
    let done_ran = Rc::new(Cell::new(false));
    let (s, d) = (saved.clone(), done_ran.clone());
    f.owner.with(|| {
        run_action(
            f.busy,
            f.alert,
            async move {
                wait(30).await;
                s.set(true);
                Ok::<u32, String>(1)
            },
            move |n| {
                d.set(true);
                // What a form's success step does: without the guard this panics ("already disposed").
                on_done.run(n);
            },
        )
    });
    // The user leaves: the form's owner is cleaned up, its signals and callbacks disposed.
    f.owner.cleanup();
    assert!(f.busy.try_get_untracked().is_none(), "the form's values are disposed");
    wait(100).await;
    assert!(saved.get(), "the action itself runs to the end");
    assert!(!done_ran.get(), "no success step for a form that is gone");
}

#[wasm_bindgen_test]
async fn a_failure_after_the_form_is_gone_is_not_reported_into_it() {
    executor();
    let f = form();
    f.owner.with(|| {
        run_action(
            f.busy,
            f.alert,
            async {
                wait(30).await;
                Err::<(), String>("写入失败".to_owned())
            },
            |()| {},
        )
    });
    f.owner.cleanup();
    wait(100).await;
    // Reaching this line is the test: setting or reading the disposed alert would have panicked.
    assert!(f.alert.try_get_untracked().is_none());
}
