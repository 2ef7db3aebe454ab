//! 存储空间 on the 数据 page: persistent-storage status, storage used and quota.

use crate::ui::state::use_app;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The browser's storage manager (`navigator.storage`), where there is one (older browsers, some
/// embedded browsers and insecure origins have none).
pub fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    let value = js_sys::Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    if value.is_undefined() || value.is_null() {
        return None;
    }
    Some(value.unchecked_into())
}

/// Asks the browser to keep this site's data even when disk space runs low (`navigator.storage.persist()`).
/// `None`: not supported; otherwise whether the browser granted it.
pub async fn request_persistence() -> Option<bool> {
    let promise = storage_manager()?.persist().ok()?;
    JsFuture::from(promise).await.ok().and_then(|v| v.as_bool())
}

/// What the browser says about this site's storage.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    Loading,
    /// No `navigator.storage`.
    Unsupported,
    Known {
        /// `None`: the browser did not answer.
        persisted: Option<bool>,
        usage: Option<f64>,
        quota: Option<f64>,
    },
}

async fn read_status() -> Status {
    let Some(manager) = storage_manager() else {
        return Status::Unsupported;
    };
    let persisted = match manager.persisted() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|v| v.as_bool()),
        Err(_) => None,
    };
    let (usage, quota) = match manager.estimate() {
        Ok(p) => match JsFuture::from(p).await {
            Ok(v) => {
                let estimate: web_sys::StorageEstimate = v.unchecked_into();
                (estimate.get_usage(), estimate.get_quota())
            }
            Err(_) => (None, None),
        },
        Err(_) => (None, None),
    };
    Status::Known {
        persisted,
        usage,
        quota,
    }
}

/// Bytes as megabytes with one decimal: "12.3 MB".
pub fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_048_576.0)
}

/// The 存储空间 card: whether the data is kept persistently, how much is used of how much, and the button to
/// ask for persistent storage.
#[component]
pub fn StorageStatus() -> impl IntoView {
    let app = use_app();
    let status = RwSignal::new(Status::Loading);
    let notice = RwSignal::new(None::<String>);
    let asking = RwSignal::new(false);
    Effect::new(move |_| {
        app.revision.track();
        leptos::task::spawn_local(async move {
            let s = read_status().await;
            status.try_set(s);
        });
    });
    let ask = move |_| {
        asking.set(true);
        notice.set(None);
        leptos::task::spawn_local(async move {
            let answer = request_persistence().await;
            asking.try_set(false);
            notice.try_set(Some(
                match answer {
                    Some(true) => "浏览器已同意持久保存本应用的数据。",
                    Some(false) => "浏览器暂未同意。Chrome 会根据您使用本应用的频率、是否加入书签或安装到桌面等情况自行决定，Safari 可能一直不同意；这不影响使用，但请坚持定期导出备份。",
                    None => "这个浏览器不支持申请持久保存，请坚持定期导出备份。",
                }
                .to_owned(),
            ));
            app.revision.try_update(|r| *r += 1);
        });
    };
    let body = move || {
        match status.get() {
        Status::Loading => view! { <p class="hint">"正在查询存储空间…"</p> }.into_any(),
        Status::Unsupported => view! {
            <dl class="storage-facts">
                <div><dt>"持久保存"</dt><dd class="storage-persist">"不支持"</dd></div>
                <div><dt>"已用空间"</dt><dd class="storage-usage">"不支持"</dd></div>
            </dl>
            <p class="hint">"这个浏览器不提供存储空间信息，也不能申请持久保存。数据仍正常保存在本机，请定期导出备份。"</p>
        }
        .into_any(),
        Status::Known { persisted, usage, quota } => {
            let persist_text = match persisted {
                Some(true) => "已开启：浏览器不会自动清理本应用的数据",
                Some(false) => "未开启：磁盘空间紧张时，浏览器可能自动清理本应用的数据",
                None => "不支持",
            };
            let usage_text = match (usage, quota) {
                (Some(u), Some(q)) if q > 0.0 => {
                    format!("{} / 可用上限 {}（{:.1}%）", megabytes(u), megabytes(q), u / q * 100.0)
                }
                (Some(u), _) => megabytes(u),
                _ => "不支持".to_owned(),
            };
            let can_ask = persisted == Some(false);
            view! {
                <dl class="storage-facts">
                    <div><dt>"持久保存"</dt><dd class="storage-persist">{persist_text}</dd></div>
                    <div><dt>"已用空间"</dt><dd class="storage-usage">{usage_text}</dd></div>
                </dl>
                <Show when=move || can_ask>
                    <p>"“持久保存”的意思是：即使电脑磁盘空间不足，浏览器也不会自动删除本应用保存的数据，只有您自己清除浏览器数据时才会删除。是否同意由浏览器决定，Chrome、Safari 等可能拒绝；拒绝也不影响正常使用，但请定期导出备份。"</p>
                    <div class="actions">
                        <button type="button" class="btn" on:click=ask disabled=move || asking.get()>"申请持久保存"</button>
                    </div>
                </Show>
            }
            .into_any()
        }
    }
    };
    view! {
        <section class="card storage-card" aria-labelledby="storage-title">
            <h2 id="storage-title">"存储空间"</h2>
            {body}
            <Show when=move || notice.with(Option::is_some)>
                <p class="hint storage-notice" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
        </section>
    }
}
