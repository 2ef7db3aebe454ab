//! The network: the one place that talks HTTP. [`HttpRemote`] is the server's database for the replicator
//! (`domain::sync::replicate::Remote`) over the browser's `fetch`, same origin only (the page's CSP allows
//! nothing else), with the CouchDB cookie session the browser keeps. Requests and answers are built and read
//! by `domain::sync::wire`; this file only moves text.

use crate::domain::sync::config::server_root;
use crate::domain::sync::doc::Read;
use crate::domain::sync::replicate::Remote;
use crate::domain::sync::wire::{
    bulk_docs_body, bulk_get_body, changes_path, checkpoint_body, encode, error_for, login_body, parse, read_bulk_docs,
    read_bulk_get, read_revs_diff, read_session, Changes, Checkpoint, RevsByDoc, Seq, StoredCheckpoint, SyncError,
};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How long an ordinary request may take before it counts as a dropped connection.
const REQUEST_TIMEOUT_MS: u32 = 60_000;
/// How long a live-mode wait for a change lasts on the server before it answers empty.
pub const LONGPOLL_MS: u32 = 25_000;

/// One HTTP method.
#[derive(Clone, Copy)]
enum Method {
    Get,
    Put,
    Post,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// What a dropped or refused fetch means, in words.
fn network_error(e: JsValue) -> SyncError {
    let name = js_sys::Reflect::get(&e, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    if name == "AbortError" {
        return SyncError::Stopped;
    }
    let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
    SyncError::Offline(if online {
        "服务器没有回应".to_owned()
    } else {
        "这台设备没有联网".to_owned()
    })
}

/// Sends one request to this site and returns the status and the body's text. `signal` stops it early
/// ([`SyncError::Stopped`]); without one, it is given up after [`REQUEST_TIMEOUT_MS`].
async fn send(
    method: Method,
    url: &str,
    body: Option<&str>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<(u16, String), SyncError> {
    let window = web_sys::window().ok_or_else(|| SyncError::Offline("没有浏览器窗口".to_owned()))?;
    let init = web_sys::RequestInit::new();
    init.set_method(method.as_str());
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    init.set_cache(web_sys::RequestCache::NoStore);
    let headers = web_sys::Headers::new().map_err(network_error)?;
    headers.set("Accept", "application/json").map_err(network_error)?;
    if let Some(b) = body {
        headers.set("Content-Type", "application/json").map_err(network_error)?;
        init.set_body(&JsValue::from_str(b));
    }
    init.set_headers(&headers);
    // Without a caller's signal, a timer aborts a request that hangs.
    let own = if signal.is_none() {
        web_sys::AbortController::new().ok()
    } else {
        None
    };
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let _timer = own.as_ref().map(|c| {
        let c = c.clone();
        let flag = timed_out.clone();
        gloo_timers::callback::Timeout::new(REQUEST_TIMEOUT_MS, move || {
            flag.set(true);
            c.abort();
        })
    });
    if let Some(s) = signal.cloned().or_else(|| own.as_ref().map(|c| c.signal())) {
        init.set_signal(Some(&s));
    }
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(network_error)?;
    let answer = JsFuture::from(window.fetch_with_request(&request)).await.map_err(|e| {
        if timed_out.get() {
            SyncError::Offline("服务器长时间没有回应".to_owned())
        } else {
            network_error(e)
        }
    })?;
    let response: web_sys::Response = answer.dyn_into().map_err(network_error)?;
    let text = JsFuture::from(response.text().map_err(network_error)?)
        .await
        .map_err(network_error)?
        .as_string()
        .unwrap_or_default();
    Ok((response.status(), text))
}

/// The text of a successful answer, or the error its status means.
fn ok_text((status, text): (u16, String)) -> Result<String, SyncError> {
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(error_for(status, &text))
    }
}

/// Logs in with a CouchDB user (`POST <root>/_session`); the browser keeps the session cookie. The password
/// goes to the server and nowhere else.
pub async fn login(url: &str, name: &str, password: &str) -> Result<(), SyncError> {
    login_at_root(server_root(url), name, password).await
}

/// [`login`] given the server's root (e.g. `/couchdb`) instead of a database address.
pub async fn login_at_root(root: &str, name: &str, password: &str) -> Result<(), SyncError> {
    let at = format!("{root}/_session");
    match send(Method::Post, &at, Some(&login_body(name, password)), None).await? {
        (200..=299, _) => Ok(()),
        (401, _) => Err(SyncError::BadLogin),
        other => ok_text(other).map(drop),
    }
}

/// Who is logged in on the server of `url`, if anyone.
pub async fn session_user(url: &str) -> Result<Option<String>, SyncError> {
    session_user_at_root(server_root(url)).await
}

/// [`session_user`] given the server's root.
pub async fn session_user_at_root(root: &str) -> Result<Option<String>, SyncError> {
    let at = format!("{root}/_session");
    match send(Method::Get, &at, None, None).await? {
        // CouchDB 3 with `require_valid_user` answers an anonymous request with 401: nobody is logged in.
        (401, _) => Ok(None),
        answer => read_session(&ok_text(answer)?),
    }
}

/// Ends the session (`DELETE <root>/_session`); a session that had already ended is fine.
pub async fn logout(url: &str) -> Result<(), SyncError> {
    logout_at_root(server_root(url)).await
}

/// [`logout`] given the server's root.
pub async fn logout_at_root(root: &str) -> Result<(), SyncError> {
    let at = format!("{root}/_session");
    match send(Method::Delete, &at, None, None).await? {
        (401, _) => Ok(()),
        answer => ok_text(answer).map(drop),
    }
}

/// The database at `url` (a CouchDB database on this site) as the replicator's [`Remote`].
pub struct HttpRemote {
    base: String,
    /// The `_rev` of each `_local` checkpoint as last read or written (needed to overwrite it).
    local_revs: RefCell<HashMap<String, String>>,
}

impl HttpRemote {
    pub fn new(url: &str) -> HttpRemote {
        HttpRemote {
            base: url.to_owned(),
            local_revs: RefCell::default(),
        }
    }

    async fn call(&self, method: Method, path: &str, body: Option<&str>) -> Result<String, SyncError> {
        let at = format!("{}{path}", self.base);
        ok_text(super::trace::span("http.wait", send(method, &at, body, None)).await?)
    }

    /// Checks that the database is there and readable (before the first run, with a clear message if not).
    pub async fn check(&self) -> Result<(), SyncError> {
        self.call(Method::Get, "", None).await.map(drop)
    }

    /// Waits (live mode) until the server has a change after `since`, for at most [`LONGPOLL_MS`]; `signal`
    /// ends the wait early. Returns whether something changed.
    pub async fn wait_for_change(&self, since: &Seq, signal: &web_sys::AbortSignal) -> Result<bool, SyncError> {
        let path = changes_path(since, 1, Some(LONGPOLL_MS));
        let text = ok_text(send(Method::Get, &format!("{}{path}", self.base), None, Some(signal)).await?)?;
        let changes: Changes = parse("_changes", &text)?;
        Ok(!changes.results.is_empty())
    }

    async fn read_checkpoint(&self, rid: &str) -> Result<Option<Checkpoint>, SyncError> {
        let path = format!("/_local/{}", encode(rid));
        match send(Method::Get, &format!("{}{path}", self.base), None, None).await? {
            (404, _) => {
                self.local_revs.borrow_mut().remove(rid);
                Ok(None)
            }
            answer => {
                let stored: StoredCheckpoint = parse("_local", &ok_text(answer)?)?;
                if let Some(rev) = stored.rev {
                    self.local_revs.borrow_mut().insert(rid.to_owned(), rev);
                }
                Ok(Some(stored.checkpoint))
            }
        }
    }
}

impl Remote for HttpRemote {
    async fn get_checkpoint(&self, rid: &str) -> Result<Option<Checkpoint>, SyncError> {
        self.read_checkpoint(rid).await
    }

    async fn put_checkpoint(&self, rid: &str, checkpoint: &Checkpoint) -> Result<(), SyncError> {
        let path = format!("/_local/{}", encode(rid));
        for attempt in 0..2 {
            let rev = self.local_revs.borrow().get(rid).cloned();
            let body = checkpoint_body(checkpoint, rev.as_deref());
            match send(Method::Put, &format!("{}{path}", self.base), Some(&body), None).await? {
                // Someone else wrote it since (another tab, a run cut short): read its revision, try again.
                (409, _) if attempt == 0 => {
                    self.read_checkpoint(rid).await?;
                }
                answer => {
                    let text = ok_text(answer)?;
                    #[derive(serde::Deserialize)]
                    struct Written {
                        rev: String,
                    }
                    if let Ok(w) = serde_json::from_str::<Written>(&text) {
                        self.local_revs.borrow_mut().insert(rid.to_owned(), w.rev);
                    }
                    return Ok(());
                }
            }
        }
        Err(SyncError::Protocol("检查点一直被其他写入覆盖".to_owned()))
    }

    async fn changes(&self, since: &Seq, limit: usize) -> Result<Changes, SyncError> {
        let text = self.call(Method::Get, &changes_path(since, limit, None), None).await?;
        super::trace::time("parse.changes", || parse("_changes", &text))
    }

    async fn revs_diff(&self, revs: &RevsByDoc) -> Result<RevsByDoc, SyncError> {
        let body = serde_json::to_string(revs).unwrap_or_default();
        let text = self.call(Method::Post, "/_revs_diff", Some(&body)).await?;
        super::trace::time("parse.revs_diff", || read_revs_diff(&text))
    }

    async fn bulk_get(&self, wanted: &RevsByDoc) -> Result<Vec<Read>, SyncError> {
        if wanted.is_empty() {
            // PouchDB Server never answers an empty `_bulk_get`.
            return Ok(Vec::new());
        }
        let text = self
            .call(Method::Post, "/_bulk_get?revs=true", Some(&bulk_get_body(wanted)))
            .await?;
        super::trace::time("parse.bulk_get", || read_bulk_get(&text))
    }

    async fn bulk_docs(&self, docs: Vec<String>) -> Result<Vec<(String, String, String)>, SyncError> {
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        let body = super::trace::time("write.bulk_docs", || bulk_docs_body(&docs));
        let text = self.call(Method::Post, "/_bulk_docs", Some(&body)).await?;
        read_bulk_docs(&text)
    }
}
