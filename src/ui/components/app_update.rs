//! 新版本提示: tells the user a new version of the app is ready and offers to reload.
//!
//! `public/boot.js` registers the service worker (`public/sw.js`). When a new version has been installed while
//! an older one still serves this page, boot.js dispatches the window event `zhibu-update-ready`; this bar then
//! says so. 立即刷新 dispatches `zhibu-update-apply` (boot.js lets the waiting worker take over and reloads
//! the page under it); 稍后 hides the bar until the next start, when the waiting version is announced again.
//! The service worker calls stay in boot.js, so this component needs only window events.

use leptos::prelude::*;

/// Dispatched on `window` by boot.js when a new version is waiting.
const READY_EVENT: &str = "zhibu-update-ready";
/// Dispatched on `window` by this component for boot.js: switch to the new version and reload.
const APPLY_EVENT: &str = "zhibu-update-apply";

#[component]
pub fn AppUpdate() -> impl IntoView {
    let ready = RwSignal::new(false);
    let applying = RwSignal::new(false);
    let handle = window_event_listener_untyped(READY_EVENT, move |_| {
        ready.try_set(true);
    });
    on_cleanup(move || handle.remove());

    let apply = move |_| {
        applying.set(true);
        if let Ok(ev) = web_sys::CustomEvent::new(APPLY_EVENT) {
            let _ = window().dispatch_event(&ev);
        }
    };
    let later = move |_| ready.set(false);

    view! {
        <Show when=move || ready.get()>
            <div class="app-update" role="status" aria-live="polite">
                <p class="app-update-text">"支部台账有新版本，刷新后即可使用。"</p>
                <div class="app-update-actions">
                    <button
                        type="button"
                        class="btn btn-primary btn-small"
                        on:click=apply
                        disabled=move || applying.get()
                    >
                        {move || if applying.get() { "正在刷新…" } else { "立即刷新" }}
                    </button>
                    <button type="button" class="btn btn-small" on:click=later>
                        "稍后"
                    </button>
                </div>
            </div>
        </Show>
    }
}
