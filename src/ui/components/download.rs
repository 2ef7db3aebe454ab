//! Files in and out of the browser: offering text as a download, and reading a chosen file.

pub use crate::export::safe_file_name;
use wasm_bindgen::{JsCast, JsValue};

/// Offers `text` as a file called `filename`. The object URL is revoked a minute later, well after the
/// click has started the download (revoking at once can cancel it in some browsers).
pub fn download_text(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    download_parts(filename, mime, &js_sys::Array::of1(&JsValue::from_str(text)))
}

/// Offers `bytes` (a Word file) as a file called `filename`, as [`download_text`] does.
pub fn download_bytes(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    download_parts(filename, mime, &js_sys::Array::of1(&js_sys::Uint8Array::from(bytes)))
}

fn download_parts(filename: &str, mime: &str, parts: &js_sys::Array) -> Result<(), String> {
    let fail = |what: &str, e: JsValue| format!("无法生成下载文件（{what}：{e:?}），请换用新版浏览器重试");
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    // Every one of web-sys's Blob constructors is JavaScript's `new Blob(parts, options)`; the parts array may
    // hold strings or bytes.
    let blob = web_sys::Blob::new_with_str_sequence_and_options(parts, &options).map_err(|e| fail("Blob", e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| fail("URL", e))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| "无法访问页面".to_owned())?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").map_err(|e| fail("a", e))?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.set_attribute("hidden", "").ok();
    let body = document.body().ok_or_else(|| "无法访问页面".to_owned())?;
    body.append_child(&anchor).map_err(|e| fail("append", e))?;
    anchor.click();
    anchor.remove();
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Reads a chosen file as UTF-8 text (before any store transaction starts).
pub async fn read_file_text(file: &web_sys::File) -> Result<String, String> {
    let promise = file.text();
    let value = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| format!("无法读取所选文件（{e:?}），请重新选择"))?;
    value
        .as_string()
        .ok_or_else(|| "所选文件不是文本文件，请选择本应用导出的 .json 备份".to_owned())
}
