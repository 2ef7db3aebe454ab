//! The CouchDB HTTP API as the replicator uses it: request bodies and paths built, answers read into typed
//! values, and HTTP failures turned into [`SyncError`]s with Chinese messages. Pure: the network itself is in
//! the app shell (`sync::http`), which hands each answer's status and text to the functions here.
//!
//! Endpoints (CouchDB 3 and PouchDB Server; see docs/sync.md): `GET /{db}` (is the database there),
//! `GET|PUT /{db}/_local/{id}` (checkpoints), `GET /{db}/_changes?style=all_docs&since=…&limit=…`
//! (with `feed=longpoll&timeout=…` in live mode), `POST /{db}/_revs_diff`, `POST /{db}/_bulk_get?revs=true`,
//! `POST /{db}/_bulk_docs` with `new_edits: false`, and `POST|GET|DELETE /_session` (cookie login).

use super::doc::{read_doc, shown, Read, Rejected};
use super::rev::Rev;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;
use thiserror::Error;

/// Why a sync step failed, in words a secretary can act on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SyncError {
    #[error("无法连接同步服务器（{0}）。请检查网络；恢复连接后会自动继续，本机数据不受影响")]
    Offline(String),
    #[error("未登录或登录已过期：请在「数据 → 同步」中重新登录")]
    Unauthorized,
    #[error("用户名或密码不正确，请重新输入")]
    BadLogin,
    #[error("你的账户没有权限访问这个数据库（{0}）。请联系管理员；本机数据不受影响")]
    Forbidden(String),
    #[error("{0} 条修改未能上传：你的账户只能读取、不能写入（{1}）。这些修改仍保存在本机；请联系管理员开通写入权限")]
    WriteRefused(usize, String),
    #[error("服务器上没有这个数据库：请检查服务器地址，或请管理员先创建它")]
    NoDatabase,
    #[error("同步服务器出错（HTTP {0}）：请稍后再试；如一直出错，请联系管理员")]
    Server(u16),
    #[error("同步服务器的回答无法识别（{0}）：请检查服务器地址是否指向 CouchDB 数据库")]
    Protocol(String),
    #[error("本机数据库出错：{0}")]
    Local(String),
    #[error("同步已停止")]
    Stopped,
}

impl SyncError {
    /// Whether trying again later may succeed without the user doing anything.
    pub fn is_transient(&self) -> bool {
        matches!(self, SyncError::Offline(_) | SyncError::Server(_))
    }
}

/// CouchDB's error body.
#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: String,
    #[serde(default)]
    reason: String,
}

/// The error an HTTP answer with a failing `status` means (`text` is its body).
pub fn error_for(status: u16, text: &str) -> SyncError {
    let body: ErrorBody = serde_json::from_str(text).unwrap_or_default();
    let reason = shown(
        if body.reason.is_empty() {
            &body.error
        } else {
            &body.reason
        },
        120,
    );
    match status {
        401 => SyncError::Unauthorized,
        403 => SyncError::Forbidden(reason),
        404 => SyncError::NoDatabase,
        500..=599 => SyncError::Server(status),
        _ => SyncError::Protocol(format!("HTTP {status} {reason}")),
    }
}

/// Reads a JSON answer, or says that the server's answer was not what CouchDB sends.
pub fn parse<'a, T: Deserialize<'a>>(what: &str, text: &'a str) -> Result<T, SyncError> {
    serde_json::from_str(text).map_err(|e| SyncError::Protocol(format!("{what}：{}", shown(&e.to_string(), 80))))
}

/// An update sequence of a database: opaque (a number in PouchDB, a string in CouchDB 2+), passed back as
/// it came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Seq(pub Value);

impl Seq {
    /// The start of every database.
    pub fn zero() -> Seq {
        Seq(Value::from(0))
    }

    pub fn is_zero(&self) -> bool {
        self.0 == 0 || self.0 == "0" || self.0.is_null()
    }

    /// The value as a URL query parameter (`since=`), percent-encoded.
    pub fn to_query(&self) -> String {
        match &self.0 {
            Value::String(s) => encode(s),
            Value::Null => "0".to_owned(),
            other => encode(&other.to_string()),
        }
    }

    /// As a local sequence number (pushes count this device's changes).
    pub fn as_local(&self) -> u64 {
        self.0.as_u64().unwrap_or(0)
    }
}

/// Percent-encodes a URL path segment or query value (everything but unreserved characters).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One row of `_changes?style=all_docs`: a document and its leaf revisions.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Change {
    pub id: String,
    pub changes: Vec<ChangeRev>,
    #[serde(default)]
    pub seq: Seq,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ChangeRev {
    pub rev: String,
}

/// One page of the changes feed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Changes {
    pub results: Vec<Change>,
    pub last_seq: Seq,
}

/// The path and query of one page of changes after `since` (`timeout_ms`: a longpoll that waits that long
/// for a change).
pub fn changes_path(since: &Seq, limit: usize, timeout_ms: Option<u32>) -> String {
    let mut p = format!("/_changes?style=all_docs&since={}&limit={limit}", since.to_query());
    if let Some(t) = timeout_ms {
        p.push_str(&format!("&feed=longpoll&timeout={t}"));
    }
    p
}

/// The body of `_revs_diff` (and of this device's own diff): revisions by document id.
pub type RevsByDoc = BTreeMap<String, Vec<Rev>>;

/// The answer of `_revs_diff`: for each document, the revisions the server does not have.
#[derive(Debug, Deserialize)]
struct RevsDiffEntry {
    #[serde(default)]
    missing: Vec<String>,
}

/// Reads the answer of `_revs_diff`: the revisions missing on the server, by document (malformed revisions
/// are ignored: they cannot have come from this device).
pub fn read_revs_diff(text: &str) -> Result<RevsByDoc, SyncError> {
    let entries: BTreeMap<String, RevsDiffEntry> = parse("_revs_diff", text)?;
    Ok(entries
        .into_iter()
        .map(|(id, e)| {
            (
                id,
                e.missing.iter().filter_map(|r| Rev::parse(r).ok()).collect::<Vec<_>>(),
            )
        })
        .filter(|(_, revs)| !revs.is_empty())
        .collect())
}

/// The body of `_bulk_get` for the revisions in `wanted`.
pub fn bulk_get_body(wanted: &RevsByDoc) -> String {
    #[derive(Serialize)]
    struct Item<'a> {
        id: &'a str,
        rev: String,
    }
    #[derive(Serialize)]
    struct Body<'a> {
        docs: Vec<Item<'a>>,
    }
    let docs = wanted
        .iter()
        .flat_map(|(id, revs)| revs.iter().map(move |r| Item { id, rev: r.to_string() }))
        .collect();
    serde_json::to_string(&Body { docs }).unwrap_or_default()
}

#[derive(Deserialize)]
struct BulkGetAnswer<'a> {
    #[serde(borrow)]
    results: Vec<BulkGetResult<'a>>,
}

#[derive(Deserialize)]
struct BulkGetResult<'a> {
    #[serde(default)]
    id: String,
    #[serde(borrow, default)]
    docs: Vec<BulkGetDoc<'a>>,
}

#[derive(Deserialize)]
struct BulkGetDoc<'a> {
    #[serde(borrow, default)]
    ok: Option<&'a RawValue>,
    #[serde(default)]
    error: Option<ErrorBody>,
}

/// Reads a `_bulk_get` answer: each revision's document checked and read ([`read_doc`]). A revision the
/// server no longer has (`{"missing": …}`, or PouchDB Server's `{}`) is skipped: its successor comes in a
/// later page of changes. One the server refused to give (`{"error": …}`) is set aside with the reason.
pub fn read_bulk_get(text: &str) -> Result<Vec<Read>, SyncError> {
    let answer: BulkGetAnswer<'_> = parse("_bulk_get", text)?;
    let mut out = Vec::new();
    for result in answer.results {
        for doc in result.docs {
            match (doc.ok, doc.error) {
                (Some(raw), _) => out.push(read_doc(raw.get())),
                (None, Some(e)) => out.push(Read::Rejected(Rejected {
                    id: shown(&result.id, 80),
                    rev: String::new(),
                    reason: format!("服务器拒绝提供：{}", shown(&format!("{} {}", e.error, e.reason), 120)),
                })),
                (None, None) => {}
            }
        }
    }
    Ok(out)
}

/// The body of `_bulk_docs` for documents already written as JSON text ([`super::doc::write_doc`]), stored
/// as they are (`new_edits: false`: the revisions are ours, the server must not make new ones).
pub fn bulk_docs_body(docs: &[String]) -> String {
    let mut s = String::with_capacity(docs.iter().map(|d| d.len() + 1).sum::<usize>() + 32);
    s.push_str(r#"{"new_edits":false,"docs":["#);
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(d);
    }
    s.push_str("]}");
    s
}

#[derive(Deserialize)]
struct BulkDocsItem {
    #[serde(default)]
    id: String,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

/// Reads a `_bulk_docs` answer: the documents the server refused, with its reason. With `new_edits: false`
/// CouchDB lists only failures; PouchDB Server lists every document.
pub fn read_bulk_docs(text: &str) -> Result<Vec<(String, String, String)>, SyncError> {
    let items: Vec<BulkDocsItem> = parse("_bulk_docs", text)?;
    Ok(items
        .into_iter()
        .filter_map(|i| {
            i.error
                .map(|e| (shown(&i.id, 80), e, shown(&i.reason.unwrap_or_default(), 120)))
        })
        .collect())
}

/// A replication log (checkpoint), kept as `_local/<replication id>` on the server and under the same id on
/// this device: how far a replication got, by session, so that both sides can agree where to resume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub session_id: String,
    pub source_last_seq: Seq,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub session_id: String,
    pub recorded_seq: Seq,
}

/// A `_local` document as stored on the server: the checkpoint and its revision (`0-N`, needed to update it).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StoredCheckpoint {
    #[serde(rename = "_rev", default)]
    pub rev: Option<String>,
    #[serde(flatten)]
    pub checkpoint: Checkpoint,
}

/// The body for storing `checkpoint` on the server over `rev` (the revision read before, if any).
pub fn checkpoint_body(checkpoint: &Checkpoint, rev: Option<&str>) -> String {
    let mut v = serde_json::to_value(checkpoint).unwrap_or(Value::Null);
    if let (Some(rev), Value::Object(map)) = (rev, &mut v) {
        map.insert("_rev".to_owned(), Value::from(rev));
    }
    v.to_string()
}

/// The body of a login (`POST /_session`).
pub fn login_body(name: &str, password: &str) -> String {
    serde_json::json!({ "name": name, "password": password }).to_string()
}

/// Who the server says is logged in (`GET /_session`); `None` for nobody.
pub fn read_session(text: &str) -> Result<Option<String>, SyncError> {
    #[derive(Deserialize)]
    struct Ctx {
        #[serde(default)]
        name: Option<String>,
    }
    #[derive(Deserialize)]
    struct Session {
        #[serde(rename = "userCtx")]
        user_ctx: Ctx,
    }
    let s: Session = parse("_session", text)?;
    Ok(s.user_ctx.name.filter(|n| !n.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_pass_through_as_they_came() {
        let n: Seq = serde_json::from_str("12").unwrap();
        assert_eq!(n.to_query(), "12");
        let s: Seq = serde_json::from_str(r#""13-g1AAAA=/x""#).unwrap();
        assert_eq!(s.to_query(), "13-g1AAAA%3D%2Fx");
        assert!(Seq::zero().is_zero() && !n.is_zero());
        assert_eq!(
            changes_path(&n, 100, Some(30000)),
            "/_changes?style=all_docs&since=12&limit=100&feed=longpoll&timeout=30000"
        );
    }

    #[test]
    fn errors_say_what_to_do() {
        assert_eq!(error_for(401, ""), SyncError::Unauthorized);
        assert_eq!(
            error_for(403, r#"{"error":"forbidden","reason":"只读账户"}"#),
            SyncError::Forbidden("只读账户".into())
        );
        assert_eq!(error_for(404, "{}"), SyncError::NoDatabase);
        assert_eq!(error_for(503, "<html>"), SyncError::Server(503));
        assert!(parse::<Changes>("_changes", "<html>").is_err());
    }
}
