//! The sync settings a device keeps ([`SyncConfig`], never the password) and where sync stands ([`Status`]),
//! with the words the page and the top bar show for it.

use super::replicate::Progress;
use super::wire::SyncError;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The address suggested for a unit's server: the app and CouchDB behind one origin (see docs/sync.md).
pub const DEFAULT_URL: &str = "/couchdb/zhibu";

/// A device's sync settings (stored in `meta`, see `store::META_SYNC_CONFIG`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncConfig {
    /// The database's address on this site, e.g. `/couchdb/zhibu` (see [`check_url`]).
    pub url: String,
    /// The CouchDB user logged in with (the session itself is the browser's cookie).
    pub user: String,
    /// Sync runs (live while the page is open and online).
    pub enabled: bool,
    /// This device's database id, random, made when sync is first set up: part of every replication id.
    pub local_id: String,
}

/// Why a server address was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UrlError {
    #[error("请填写服务器地址，例如 {DEFAULT_URL}")]
    Empty,
    #[error("请填写本网站上的路径（以 / 开头，例如 {DEFAULT_URL}）：页面的安全策略只允许连接本网站")]
    NotAPath,
    #[error("地址中不能有空格、引号、问号或 # 等字符")]
    BadCharacters,
    #[error("地址应指向一个数据库，例如 {DEFAULT_URL}（数据库名由小写字母开头）")]
    NoDatabase,
}

/// Checks and normalises a server address: a path on this site (the page's CSP allows no other origin) that
/// ends in a database name (CouchDB's rule: a lowercase letter, then lowercase letters, digits and
/// `_$()+-/`); a trailing `/` is dropped.
pub fn check_url(text: &str) -> Result<String, UrlError> {
    let url = text.trim().trim_end_matches('/');
    if url.is_empty() {
        return Err(UrlError::Empty);
    }
    if !url.starts_with('/') || url.starts_with("//") {
        return Err(UrlError::NotAPath);
    }
    if url.len() > 200
        || url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '?' | '#' | '\\' | '<' | '>'))
    {
        return Err(UrlError::BadCharacters);
    }
    let db = url.rsplit('/').next().unwrap_or("");
    let mut chars = db.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-".contains(c))
        && url.matches('/').count() >= 2;
    if !ok {
        return Err(UrlError::NoDatabase);
    }
    Ok(url.to_owned())
}

/// The server root of a database address (`/couchdb/zhibu` → `/couchdb`), where `_session` is.
pub fn server_root(url: &str) -> &str {
    url.rsplit_once('/').map_or("", |(root, _)| root)
}

/// What sync is doing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Phase {
    /// Not set up, or switched off.
    #[default]
    Off,
    /// Waiting for the next change (everything known is in step, unless `pending` says otherwise).
    Idle,
    /// A run is under way.
    Running(Progress),
    /// The server cannot be reached; retried on its own.
    Offline(String),
    /// The session expired or was never made.
    NeedsLogin,
    /// A run failed for a reason the user must act on.
    Failed(String),
    /// Changes from the server arrive, but the account may not write: this device's changes wait.
    ReadOnly(String),
    /// Another tab of this browser is syncing (this one follows it through the tabs' channel).
    OtherTab,
}

/// Where sync stands, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Status {
    pub phase: Phase,
    /// Documents with changes made here that the server has not confirmed.
    pub pending: usize,
    /// Documents with versions from two devices waiting for a choice.
    pub conflicts: usize,
    /// Documents from the server that were set aside.
    pub rejected: usize,
    /// When the last run finished without error (local time text).
    pub last_synced: Option<String>,
}

/// How a status looks: a class for its colour and a short text for the top bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Quiet,
    Ok,
    Busy,
    Warn,
    Bad,
}

impl Tone {
    pub fn class(self) -> &'static str {
        match self {
            Tone::Quiet => "sync-quiet",
            Tone::Ok => "sync-ok",
            Tone::Busy => "sync-busy",
            Tone::Warn => "sync-warn",
            Tone::Bad => "sync-bad",
        }
    }
}

impl Status {
    /// The phase a failed run leaves.
    pub fn phase_after(error: &SyncError) -> Phase {
        match error {
            SyncError::Offline(_) | SyncError::Server(_) => Phase::Offline(error.to_string()),
            SyncError::Unauthorized => Phase::NeedsLogin,
            SyncError::Stopped => Phase::Idle,
            SyncError::WriteRefused(..) => Phase::ReadOnly(error.to_string()),
            other => Phase::Failed(other.to_string()),
        }
    }

    /// The top bar's mark: tone and a few characters (`None`: sync is off, nothing is shown).
    pub fn mark(&self) -> Option<(Tone, String)> {
        Some(match &self.phase {
            Phase::Off => return None,
            _ if self.conflicts > 0 => (Tone::Warn, format!("冲突 {}", self.conflicts)),
            Phase::Running(_) => (Tone::Busy, "同步中".to_owned()),
            Phase::Offline(_) => (Tone::Warn, "离线".to_owned()),
            Phase::NeedsLogin => (Tone::Bad, "需登录".to_owned()),
            Phase::Failed(_) => (Tone::Bad, "同步出错".to_owned()),
            _ if self.pending > 0 => (Tone::Warn, format!("待上传 {}", self.pending)),
            Phase::ReadOnly(_) => (Tone::Ok, "只读".to_owned()),
            Phase::OtherTab => (Tone::Quiet, "另一页同步".to_owned()),
            Phase::Idle => (Tone::Ok, "已同步".to_owned()),
        })
    }

    /// The page's headline: what is happening and, where it matters, what to do.
    pub fn headline(&self) -> (Tone, String) {
        match &self.phase {
            Phase::Off => (Tone::Quiet, "同步未开启：数据只保存在这台设备上。".to_owned()),
            Phase::Running(p) => (
                Tone::Busy,
                match (p.pulled, p.pushed) {
                    (0, 0) => "正在同步…".to_owned(),
                    (pulled, 0) => format!("正在同步…已下载 {pulled} 条"),
                    (0, pushed) => format!("正在同步…已上传 {pushed} 条"),
                    (pulled, pushed) => format!("正在同步…已下载 {pulled} 条、上传 {pushed} 条"),
                },
            ),
            Phase::Offline(why) => (Tone::Warn, format!("离线：{why}")),
            Phase::NeedsLogin => (
                Tone::Bad,
                "需要重新登录：登录已过期或被注销。本机数据照常可用，登录后自动继续同步。".to_owned(),
            ),
            Phase::Failed(why) => (Tone::Bad, format!("同步出错：{why}")),
            Phase::ReadOnly(why) => (Tone::Warn, why.clone()),
            Phase::Idle | Phase::OtherTab if self.pending > 0 => (
                Tone::Warn,
                format!(
                    "{} 条待上传：本机的这些修改还没有送到服务器，联网后会自动上传。",
                    self.pending
                ),
            ),
            Phase::OtherTab => (Tone::Ok, "已同步（由本浏览器的另一个标签页进行）".to_owned()),
            Phase::Idle => (Tone::Ok, "已同步".to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_paths_on_this_site_ending_in_a_database() {
        assert_eq!(check_url(" /couchdb/zhibu/ ").unwrap(), "/couchdb/zhibu");
        assert_eq!(check_url("/db/branch_1").unwrap(), "/db/branch_1");
        assert_eq!(check_url(""), Err(UrlError::Empty));
        for bad in ["http://evil.example/db", "//evil.example/db", "couchdb/zhibu"] {
            assert_eq!(check_url(bad), Err(UrlError::NotAPath), "{bad}");
        }
        assert_eq!(check_url("/couchdb/zhi bu"), Err(UrlError::BadCharacters));
        assert_eq!(check_url("/couchdb/a?b"), Err(UrlError::BadCharacters));
        for bad in ["/zhibu", "/couchdb/Zhibu", "/couchdb/1db", "/couchdb/数据"] {
            assert_eq!(check_url(bad), Err(UrlError::NoDatabase), "{bad}");
        }
        assert_eq!(server_root("/couchdb/zhibu"), "/couchdb");
    }

    #[test]
    fn the_mark_says_the_most_urgent_thing() {
        let mut s = Status::default();
        assert_eq!(s.mark(), None);
        s.phase = Phase::Idle;
        assert_eq!(s.mark().unwrap().1, "已同步");
        s.pending = 3;
        assert_eq!(s.mark().unwrap().1, "待上传 3");
        assert!(s.headline().1.starts_with("3 条待上传"));
        s.phase = Status::phase_after(&SyncError::Offline("x".into()));
        assert_eq!(s.mark().unwrap().1, "离线");
        s.conflicts = 2;
        assert_eq!(s.mark().unwrap(), (Tone::Warn, "冲突 2".to_owned()));
        assert_eq!(Status::phase_after(&SyncError::Unauthorized), Phase::NeedsLogin);
        // A read-only account: what comes from the server still arrives; its own changes wait.
        let mut ro = Status {
            phase: Status::phase_after(&SyncError::WriteRefused(1, "只读账户".into())),
            pending: 1,
            ..Status::default()
        };
        assert_eq!(ro.mark().unwrap().1, "待上传 1");
        assert!(ro.headline().1.contains("仍保存在本机"));
        ro.pending = 0;
        assert_eq!(ro.mark().unwrap().1, "只读");
    }
}
