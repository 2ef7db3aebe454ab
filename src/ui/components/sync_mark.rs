//! The top bar's sync mark: where sync stands in a few characters (已同步, 同步中, 待上传 3, 离线, 冲突 2 …),
//! a link to 数据 → 同步. Nothing shows while sync is off.

use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn SyncMark() -> impl IntoView {
    let app = use_app();
    move || {
        app.sync.with(|s| s.mark()).map(|(tone, text)| {
            let title = app.sync.with(|s| s.headline().1);
            let label = format!("同步状态：{text}");
            view! {
                <a class=format!("sync-mark {}", tone.class()) href="/data/sync" title=title aria-label=label>
                    {text}
                </a>
            }
        })
    }
}
