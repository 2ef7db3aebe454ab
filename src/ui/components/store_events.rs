//! 多标签页与数据库升级: listens for changes saved in other tabs (BroadcastChannel) and for a newer
//! version of the app upgrading the database (versionchange), and tells the user what to do.
//!
//! Another tab's write: this tab re-reads its data (`AppState::reload`, through its chunk) and stays on the page it shows. A
//! `versionchange` (another tab opened a newer version of the database, or deleted it): the store has closed
//! its connection, `AppState::closed` is set, every write answers `StoreError::Closed`, and a banner asks
//! the user to reload.

use crate::ui::state::use_app;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

#[component]
pub fn StoreEvents() -> impl IntoView {
    let app = use_app();
    if let Some(channel) = app.channel() {
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_: web_sys::MessageEvent| {
            leptos::task::spawn_local(async move {
                // Nothing to do when this tab is not ready or closed; its next write reports why.
                if let Ok(reload) = crate::ui::routes::reload_all(app).await {
                    let _ = reload.await;
                }
                // If this tab syncs, the other tab's write goes to the server too.
                app.kick_sync();
            });
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The shell (and this listener) lives as long as the page.
        on_message.forget();
    }
    view! {
        <Show when=move || app.closed.get()>
            <div class="store-closed-banner" role="alert">
                <p>"支部台账已在另一个标签页中升级，请刷新本页"</p>
                <button type="button" class="btn btn-primary" on:click=|_| crate::ui::reload_page()>"刷新"</button>
            </div>
        </Show>
    }
}
