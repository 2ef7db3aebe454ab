//! The committee above (党委/党总支) reading its branches' databases, on the 汇总 page: its settings (the
//! unit's server and the list of branch databases; never a password), the checks of what it types, the
//! messages a branch's row shows when its database cannot be read, and [`ReadOnly`], the server side of a
//! pull that can only read.
//!
//! Each branch database is pulled into a replica in memory (`memory::MemoryDb`), never into this device's
//! own branch: the pull's checkpoints stay in that memory too, so the committee's account writes nothing on
//! any server, not even a `_local` checkpoint, and a second sync of the page resumes where the first ended.

use super::config::DEFAULT_URL;
use super::doc::{shown, Read, Rejected};
use super::replicate::Remote;
use super::wire::{Changes, Checkpoint, RevsByDoc, Seq, SyncError};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use thiserror::Error;

/// The server path suggested (the app and CouchDB behind one origin, see docs/sync.md).
pub const DEFAULT_SERVER: &str = "/couchdb";
/// The most branch databases one list may name.
pub const MAX_DATABASES: usize = 500;
/// The longest database name accepted.
pub const MAX_DB_NAME: usize = 120;

/// The committee's settings, kept on this device (`meta`, `store::META_COMMITTEE`), apart from the branch's
/// own data and its sync settings. The password is never kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CommitteeConfig {
    /// The server's root on this site, e.g. `/couchdb`.
    pub server: String,
    /// The read-only account last logged in with.
    #[serde(default)]
    pub user: String,
    /// The branch databases, in the order the table lists them.
    #[serde(default)]
    pub databases: Vec<String>,
}

impl CommitteeConfig {
    /// The address of one branch database on this site.
    pub fn url(&self, db: &str) -> String {
        db_url(&self.server, db)
    }
}

/// The address of `db` under the server root `server`.
pub fn db_url(server: &str, db: &str) -> String {
    format!("{server}/{db}")
}

/// Why a server path was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ServerError {
    #[error("请填写服务器路径，例如 {DEFAULT_SERVER}")]
    Empty,
    #[error("请填写本网站上的路径（以 / 开头，例如 {DEFAULT_SERVER}）：页面的安全策略只允许连接本网站")]
    NotAPath,
    #[error("路径中不能有空格、引号、问号或 # 等字符")]
    BadCharacters,
}

/// Checks and normalises the server's root: a path on this site (the page's CSP allows no other origin); a
/// trailing `/` is dropped.
pub fn check_server(text: &str) -> Result<String, ServerError> {
    let path = text.trim().trim_end_matches('/');
    if path.is_empty() {
        return Err(ServerError::Empty);
    }
    if !path.starts_with('/') || path.starts_with("//") {
        return Err(ServerError::NotAPath);
    }
    if path.len() > 200
        || path.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '?' | '#' | '\\' | '<' | '>' | '%')
        })
    {
        return Err(ServerError::BadCharacters);
    }
    Ok(path.to_owned())
}

/// Whether `name` is a CouchDB database name this page can address: a lowercase letter, then lowercase
/// letters, digits and `_$()+-` (CouchDB also allows `/`, which would have to be encoded in the address: not
/// accepted here).
pub fn is_db_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= MAX_DB_NAME
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-".contains(c))
}

/// Reads the list of branch databases as typed or pasted: one per line, or separated by commas, 、 or
/// spaces; duplicates are dropped (the first one stays). Every bad name is reported, in Chinese.
pub fn parse_databases(text: &str) -> Result<Vec<String>, Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    for name in text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
        .filter(|s| !s.is_empty())
    {
        if !is_db_name(name) {
            problems.push(format!(
                "“{}”不是有效的数据库名（应以小写字母开头，只含小写字母、数字和 _ $ ( ) + -）",
                shown(name, 40)
            ));
        } else if !out.iter().any(|d| d == name) {
            out.push(name.to_owned());
        }
    }
    if out.is_empty() && problems.is_empty() {
        problems.push(format!(
            "请填写至少一个支部数据库的名称，每行一个（例如 {}）",
            DEFAULT_URL.rsplit('/').next().unwrap_or("zhibu")
        ));
    }
    if out.len() > MAX_DATABASES {
        problems.push(format!("最多 {MAX_DATABASES} 个数据库（现有 {} 个）", out.len()));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// What a branch's row says when its database could not be read: the reason and what to do, in the
/// committee's terms (the other branches are not affected).
pub fn source_error(e: &SyncError) -> String {
    match e {
        SyncError::Forbidden(_) => "这个账户无权读取该支部的数据库（服务器拒绝访问，HTTP 403）。\
            请管理员把委员会账户（或其角色）加入该数据库的成员（_security）；其他支部不受影响。"
            .to_owned(),
        SyncError::Unauthorized => "未登录或登录已过期：请在上方重新登录，再点“同步全部”。".to_owned(),
        SyncError::BadLogin => SyncError::BadLogin.to_string(),
        SyncError::NoDatabase => "服务器上没有这个数据库：请核对数据库名称，或请管理员先创建它。".to_owned(),
        SyncError::Offline(why) => {
            format!("无法连接服务器（{why}）：请检查网络和服务器路径，稍后点“同步全部”重试。")
        }
        SyncError::Server(code) => {
            format!("服务器出错（HTTP {code}）：请稍后点“同步全部”重试；如一直出错，请联系管理员。")
        }
        SyncError::Protocol(why) => {
            format!("服务器的回答无法识别（{why}）：请检查服务器路径是否指向 CouchDB。")
        }
        other => other.to_string(),
    }
}

/// The documents of a branch database that were set aside, for its row: "2 份文档未通过检查，已略过：<id>（原因）…".
pub fn set_aside_text(rejected: &[Rejected]) -> String {
    let list: Vec<String> = rejected
        .iter()
        .take(5)
        .map(|r| format!("{}（{}）", r.id, shown(&r.reason, 80)))
        .collect();
    let more = if rejected.len() > 5 {
        format!("等 {} 份", rejected.len())
    } else {
        String::new()
    };
    format!(
        "{} 份文档未通过检查，已略过，不计入统计：{}{more}。请该支部检查这些记录，或联系管理员。",
        rejected.len(),
        list.join("；")
    )
}

/// The server's database for a pull that only reads: changes and documents come from `inner`; the pull's
/// checkpoints are kept here, in memory, and never written to the server; any write is refused before it
/// reaches the network.
pub struct ReadOnly<R> {
    inner: R,
    checkpoints: RefCell<BTreeMap<String, Checkpoint>>,
}

impl<R: Remote> ReadOnly<R> {
    pub fn new(inner: R) -> ReadOnly<R> {
        ReadOnly {
            inner,
            checkpoints: RefCell::default(),
        }
    }

    /// The database being read.
    pub fn inner(&self) -> &R {
        &self.inner
    }
}

impl<R: Remote> Remote for ReadOnly<R> {
    async fn get_checkpoint(&self, rid: &str) -> Result<Option<Checkpoint>, SyncError> {
        Ok(self.checkpoints.borrow().get(rid).cloned())
    }

    async fn put_checkpoint(&self, rid: &str, checkpoint: &Checkpoint) -> Result<(), SyncError> {
        self.checkpoints.borrow_mut().insert(rid.to_owned(), checkpoint.clone());
        Ok(())
    }

    async fn changes(&self, since: &Seq, limit: usize) -> Result<Changes, SyncError> {
        self.inner.changes(since, limit).await
    }

    async fn revs_diff(&self, revs: &RevsByDoc) -> Result<RevsByDoc, SyncError> {
        self.inner.revs_diff(revs).await
    }

    async fn bulk_get(&self, wanted: &RevsByDoc) -> Result<Vec<Read>, SyncError> {
        self.inner.bulk_get(wanted).await
    }

    async fn bulk_docs(&self, docs: Vec<String>) -> Result<Vec<(String, String, String)>, SyncError> {
        Err(SyncError::WriteRefused(
            docs.len(),
            "汇总页只读取各支部的数据".to_owned(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_paths() {
        assert_eq!(check_server(" /couchdb/ "), Ok("/couchdb".to_owned()));
        assert_eq!(check_server("/a/b"), Ok("/a/b".to_owned()));
        assert_eq!(check_server(""), Err(ServerError::Empty));
        assert_eq!(check_server("http://x/couchdb"), Err(ServerError::NotAPath));
        assert_eq!(check_server("//evil.example"), Err(ServerError::NotAPath));
        assert_eq!(check_server("/couch db"), Err(ServerError::BadCharacters));
        assert_eq!(check_server("/couchdb?x"), Err(ServerError::BadCharacters));
    }

    #[test]
    fn database_lists() {
        assert_eq!(
            parse_databases("zhibu_b01\nzhibu_b02, zhibu_b03、zhibu_b01\n\n"),
            Ok(vec![
                "zhibu_b01".to_owned(),
                "zhibu_b02".to_owned(),
                "zhibu_b03".to_owned()
            ])
        );
        let bad = parse_databases("Zhibu\nok\n1abc\na/b").unwrap_err();
        assert_eq!(bad.len(), 3);
        assert!(bad[0].contains("“Zhibu”"));
        assert!(parse_databases("  \n ").unwrap_err()[0].contains("至少一个"));
        let many: String = (0..=MAX_DATABASES).map(|i| format!("b{i}\n")).collect();
        assert!(parse_databases(&many).unwrap_err()[0].contains("最多"));
    }

    #[test]
    fn row_messages_say_what_to_do() {
        assert!(source_error(&SyncError::Forbidden("x".into())).contains("403"));
        assert!(source_error(&SyncError::Forbidden("x".into())).contains("其他支部不受影响"));
        assert!(source_error(&SyncError::Offline("服务器没有回应".into())).contains("重试"));
        let r = |i: usize| Rejected {
            id: format!("member:m-{i}"),
            rev: "1-a".into(),
            reason: "内容不符合要求".into(),
        };
        let t = set_aside_text(&[r(1)]);
        assert!(
            t.starts_with("1 份文档") && t.contains("member:m-1（内容不符合要求）"),
            "{t}"
        );
        let t = set_aside_text(&(0..7).map(r).collect::<Vec<_>>());
        assert!(t.contains("等 7 份") && !t.contains("member:m-6"), "{t}");
    }
}
