//! The branch's records as replicated documents: their ids, their bodies, and the checks a document from a
//! server passes before it may touch local data.
//!
//! | record | `_id` | `type` |
//! |---|---|---|
//! | the branch profile | `branch` | `branch` |
//! | the edited rules (empty list: the defaults) | `rules` | `rules` |
//! | a party group | `group:<g-…>` | `group` |
//! | a member | `member:<m-…>` | `member` |
//! | an activity with its roll and make-ups | `activity:<a-…>` | `activity` |
//! | a study-plan item | `study_item:<s-…>` | `study_item` |
//!
//! A document's body is the record's fields as this app writes them in a backup (the domain types' serde
//! form), plus `type`. The *canonical body* is the record alone serialised by this app (`serde_json`, struct
//! field order): what revision hashes and the stored digest are computed from (see [`super::rev`]). A body
//! from elsewhere (a newer version, PouchDB) is read into the record type, so unknown fields are dropped and
//! the canonical body is always this app's own writing of the record.

use super::rev::{body_digest, Leaf, Rev, RevError, Revisions};
use crate::domain::id::{self, ActivityId, GroupId, MemberId, StudyItemId, MAX_ID_LEN};
use crate::domain::rules::{validate_rules, Rule};
use crate::domain::validate::{self, FieldError, Invalid};
use crate::domain::{Activity, Branch, Dataset, Member, PartyGroup, StudyItem};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The largest document accepted from a server (its JSON text); CouchDB's own default limit is 8 MB, and
/// the largest record the forms allow is well under 1 MB.
pub const MAX_DOC_BYTES: usize = 2 * 1024 * 1024;

/// Which record a document holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocId {
    Branch,
    Rules,
    Group(GroupId),
    Member(MemberId),
    Activity(ActivityId),
    StudyItem(StudyItemId),
}

/// Why a document's `_id` is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DocIdError {
    /// CouchDB's own documents (`_design/…`, `_local/…`): not data, skipped without a word.
    #[error("系统文档")]
    System,
    #[error("不认识的文档编号（可能来自更新版本的支部台账）")]
    Unknown,
}

impl DocId {
    /// Reads an `_id`.
    pub fn parse(text: &str) -> Result<DocId, DocIdError> {
        if text.starts_with('_') {
            return Err(DocIdError::System);
        }
        if text.len() > MAX_ID_LEN + 16 {
            return Err(DocIdError::Unknown);
        }
        let typed = |prefix: &str, rest: &str| id::is_well_formed(prefix, rest).then(|| rest.to_owned());
        let id = match text.split_once(':') {
            None if text == "branch" => Some(DocId::Branch),
            None if text == "rules" => Some(DocId::Rules),
            None => None,
            Some(("group", rest)) => typed(GroupId::PREFIX, rest).map(|s| DocId::Group(GroupId(s))),
            Some(("member", rest)) => typed(MemberId::PREFIX, rest).map(|s| DocId::Member(MemberId(s))),
            Some(("activity", rest)) => typed(ActivityId::PREFIX, rest).map(|s| DocId::Activity(ActivityId(s))),
            Some(("study_item", rest)) => typed(StudyItemId::PREFIX, rest).map(|s| DocId::StudyItem(StudyItemId(s))),
            Some(_) => None,
        };
        id.ok_or(DocIdError::Unknown)
    }

    /// The document's `type` field.
    pub fn kind(&self) -> &'static str {
        match self {
            DocId::Branch => "branch",
            DocId::Rules => "rules",
            DocId::Group(_) => "group",
            DocId::Member(_) => "member",
            DocId::Activity(_) => "activity",
            DocId::StudyItem(_) => "study_item",
        }
    }

    /// What a person calls this kind of record.
    pub fn label(&self) -> &'static str {
        match self {
            DocId::Branch => "支部信息",
            DocId::Rules => "检查规则",
            DocId::Group(_) => "党小组",
            DocId::Member(_) => "党员",
            DocId::Activity(_) => "活动记录",
            DocId::StudyItem(_) => "学习计划",
        }
    }
}

impl std::fmt::Display for DocId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocId::Branch => f.write_str("branch"),
            DocId::Rules => f.write_str("rules"),
            DocId::Group(id) => write!(f, "group:{id}"),
            DocId::Member(id) => write!(f, "member:{id}"),
            DocId::Activity(id) => write!(f, "activity:{id}"),
            DocId::StudyItem(id) => write!(f, "study_item:{id}"),
        }
    }
}

/// One record of the branch's data, as one document holds it.
#[derive(Debug, Clone, PartialEq)]
#[allow(
    clippy::large_enum_variant,
    reason = "most records are activities: boxing them would add an allocation to nearly every record"
)]
pub enum Record {
    Branch(Branch),
    Rules(Vec<Rule>),
    Group(PartyGroup),
    Member(Member),
    Activity(Activity),
    StudyItem(StudyItem),
}

/// The body of the `rules` document.
#[derive(Serialize, Deserialize)]
struct RulesBody<R> {
    rules: R,
}

impl Record {
    pub fn doc_id(&self) -> DocId {
        match self {
            Record::Branch(_) => DocId::Branch,
            Record::Rules(_) => DocId::Rules,
            Record::Group(g) => DocId::Group(g.id.clone()),
            Record::Member(m) => DocId::Member(m.id.clone()),
            Record::Activity(a) => DocId::Activity(a.id.clone()),
            Record::StudyItem(s) => DocId::StudyItem(s.id.clone()),
        }
    }

    /// The canonical body (see the module comment).
    pub fn canonical(&self) -> String {
        let json = match self {
            Record::Branch(b) => serde_json::to_string(b),
            Record::Rules(r) => serde_json::to_string(&RulesBody { rules: r }),
            Record::Group(g) => serde_json::to_string(g),
            Record::Member(m) => serde_json::to_string(m),
            Record::Activity(a) => serde_json::to_string(a),
            Record::StudyItem(s) => serde_json::to_string(s),
        };
        // The domain types have string keys and finite numbers only: serialising them cannot fail.
        json.unwrap_or_default()
    }

    /// Reads a record of the kind `id` names from a document body (its other fields are ignored).
    pub fn from_body(id: &DocId, json: &str) -> Result<Record, serde_json::Error> {
        Ok(match id {
            DocId::Branch => Record::Branch(serde_json::from_str(json)?),
            DocId::Rules => Record::Rules(serde_json::from_str::<RulesBody<Vec<Rule>>>(json)?.rules),
            DocId::Group(_) => Record::Group(serde_json::from_str(json)?),
            DocId::Member(_) => Record::Member(serde_json::from_str(json)?),
            DocId::Activity(_) => Record::Activity(serde_json::from_str(json)?),
            DocId::StudyItem(_) => Record::StudyItem(serde_json::from_str(json)?),
        })
    }

    /// Everything wrong with the record on its own, in Chinese: the same checks as its form and an import,
    /// except references to other records (which may arrive in a later batch, or were deleted on another
    /// device; the pages show such a reference as "（已删除）").
    pub fn problems(&self) -> Vec<String> {
        let empty = Dataset::default();
        let errors: Vec<FieldError> = match self {
            Record::Branch(b) => validate::validate_branch(b, &[]),
            Record::Rules(rules) => {
                return validate_rules(rules)
                    .into_iter()
                    .map(|(i, e)| format!("第{}条规则：{e}", i + 1))
                    .collect()
            }
            Record::Group(g) => validate::validate_group(g, &[], &[]),
            Record::Member(m) => validate::validate_member(m, &[]),
            Record::Activity(a) => validate::validate_activity(a, &empty),
            Record::StudyItem(s) => validate::validate_study_item(s, &empty),
        };
        errors
            .into_iter()
            .filter(|e| {
                !matches!(
                    e.error,
                    Invalid::UnknownMember | Invalid::UnknownGroup | Invalid::UnknownActivity
                )
            })
            .map(|e| e.error.to_string())
            .collect()
    }

    /// Every record of `data`, each with its document id: the branch profile once it has been filled in (an
    /// empty database reads as a blank one, which is no record), the rules only when edited.
    pub fn all_of(data: &Dataset) -> Vec<Record> {
        let mut out = Vec::with_capacity(2 + data.groups.len() + data.members.len() + data.activities.len());
        if data.branch != Branch::default() {
            out.push(Record::Branch(data.branch.clone()));
        }
        if !data.rules.is_empty() {
            out.push(Record::Rules(data.rules.clone()));
        }
        out.extend(data.groups.iter().cloned().map(Record::Group));
        out.extend(data.members.iter().cloned().map(Record::Member));
        out.extend(data.activities.iter().cloned().map(Record::Activity));
        out.extend(data.study_items.iter().cloned().map(Record::StudyItem));
        out
    }
}

/// The fields every document has, read before its body.
#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "_id")]
    id: String,
    #[serde(rename = "_rev")]
    rev: String,
    #[serde(rename = "_revisions", default)]
    revisions: Option<Revisions>,
    #[serde(rename = "_deleted", default)]
    deleted: bool,
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

/// One revision of a document that came from a server, checked and read.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub id: DocId,
    /// The revision with its path (from `_revisions`; only the revision itself when the server sent none).
    pub leaf: Leaf,
    /// The record (`None` for a deletion) and its canonical body.
    pub body: Option<(Record, String)>,
}

/// A document from a server that was set aside: its `_id` as sent (cut short), and why, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub id: String,
    #[serde(default)]
    pub rev: String,
    pub reason: String,
}

/// What became of one document from a server.
// Short-lived, moved once into a batch: not worth a box per document.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    Ok(Incoming),
    /// Not data of ours (`_design/…`): skipped.
    Skipped,
    Rejected(Rejected),
}

/// Why a document was set aside.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
enum Problem {
    #[error("文档过大（{0} KB），超过 {max} KB 的上限", max = MAX_DOC_BYTES / 1024)]
    TooLarge(usize),
    #[error("不是有效的文档：{0}")]
    Malformed(String),
    #[error("{0}")]
    Id(DocIdError),
    #[error("{0}")]
    Rev(#[from] RevError),
    #[error("文档类型“{found}”与编号不符（应为“{expected}”）")]
    WrongType { found: String, expected: &'static str },
    #[error("内容不符合要求：{0}")]
    Invalid(String),
}

/// What is wrong with a document's JSON, in words: serde's own messages are English and name Rust types.
fn json_problem(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Data => "有字段的类型或取值不符合要求（如应为文字处是列表）",
        Category::Syntax | Category::Eof => "不是完整的 JSON",
        Category::Io => "无法读取",
    };
    format!("{what}（第 {} 行第 {} 列）", e.line(), e.column())
}

/// Cuts `text` to at most `max` characters, replacing control characters, for showing it in a message.
pub fn shown(text: &str, max: usize) -> String {
    text.chars()
        .take(max)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// Reads one document as a server sent it (its JSON text): size, `_id`, `_rev` and `_revisions`, `type`,
/// then the record with the checks of [`Record::problems`]. Never panics; a document that fails any check is
/// [`Read::Rejected`] with the reason, and never reaches local data.
pub fn read_doc(json: &str) -> Read {
    let envelope: Result<Envelope, _> = serde_json::from_str(json);
    let (id_text, rev_text) = match &envelope {
        Ok(e) => (e.id.clone(), e.rev.clone()),
        Err(_) => (String::new(), String::new()),
    };
    let reject = |p: Problem| {
        Read::Rejected(Rejected {
            id: shown(&id_text, 80),
            rev: shown(&rev_text, 80),
            reason: p.to_string(),
        })
    };
    if json.len() > MAX_DOC_BYTES {
        return reject(Problem::TooLarge(json.len() / 1024));
    }
    let envelope = match envelope {
        Ok(e) => e,
        Err(e) => return reject(Problem::Malformed(json_problem(&e))),
    };
    let id = match DocId::parse(&envelope.id) {
        Ok(id) => id,
        Err(DocIdError::System) => return Read::Skipped,
        Err(e) => return reject(Problem::Id(e)),
    };
    let rev = match Rev::parse(&envelope.rev) {
        Ok(rev) => rev,
        Err(e) => return reject(e.into()),
    };
    let revisions = envelope.revisions.unwrap_or_else(|| Revisions {
        start: rev.pos,
        ids: vec![rev.hash.clone()],
    });
    if revisions.start != rev.pos || revisions.ids.first() != Some(&rev.hash) {
        return reject(RevError::BadHistory.into());
    }
    let leaf = match revisions.into_leaf(envelope.deleted) {
        Ok(leaf) => leaf,
        Err(e) => return reject(e.into()),
    };
    if envelope.deleted {
        return Read::Ok(Incoming { id, leaf, body: None });
    }
    if envelope.kind.as_deref() != Some(id.kind()) {
        return reject(Problem::WrongType {
            found: shown(envelope.kind.as_deref().unwrap_or(""), 40),
            expected: id.kind(),
        });
    }
    let record = match Record::from_body(&id, json) {
        Ok(r) => r,
        Err(e) => return reject(Problem::Malformed(json_problem(&e))),
    };
    if record.doc_id() != id {
        return reject(Problem::Malformed("文档编号与记录编号不一致".to_owned()));
    }
    let problems = record.problems();
    if !problems.is_empty() {
        return reject(Problem::Invalid(shown(&problems.join("；"), 300)));
    }
    let canonical = record.canonical();
    Read::Ok(Incoming {
        id,
        leaf,
        body: Some((record, canonical)),
    })
}

/// The JSON text of one revision for a server (`_bulk_docs` with `new_edits: false`): `_id`, `_rev`,
/// `_revisions`, then `_deleted` or `type` and the canonical body's fields.
pub fn write_doc(id: &DocId, leaf: &Leaf, canonical: Option<&str>) -> String {
    let revisions = serde_json::to_string(&leaf.revisions()).unwrap_or_default();
    let quoted = serde_json::to_string(&id.to_string()).unwrap_or_default();
    let head = format!(r#"{{"_id":{quoted},"_rev":"{}","_revisions":{revisions}"#, leaf.rev());
    match canonical {
        None => format!(r#"{head},"_deleted":true}}"#),
        Some(body) => {
            let fields = body.trim().strip_prefix('{').unwrap_or("}");
            let sep = if fields.trim_start().starts_with('}') { "" } else { "," };
            format!(r#"{head},"type":"{}"{sep}{fields}"#, id.kind())
        }
    }
}

/// The digest of a canonical body (see [`super::rev::body_digest`]).
pub fn digest(canonical: &str) -> String {
    body_digest(canonical.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ActivityKind, Date, MemberKind};

    fn member() -> Member {
        Member {
            id: MemberId::from("m-1"),
            name: "张三".into(),
            kind: MemberKind::Full,
            group: Some(GroupId::from("g-9")),
            party_joined: None,
            full_since: None,
            joined_branch: Some(Date::ymd(2020, 1, 1)),
            left_branch: None,
            mobile: false,
            excused: Vec::new(),
            phone: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn ids_round_trip_and_strangers_are_refused() {
        for text in [
            "branch",
            "rules",
            "group:g-1",
            "member:m-1",
            "activity:a-1",
            "study_item:s-1",
        ] {
            assert_eq!(DocId::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(DocId::parse("_design/x"), Err(DocIdError::System));
        for bad in [
            "member:x-1",
            "member:m-",
            "member:m-A",
            "foo:m-1",
            "",
            "member",
            "activity:a-1<b>",
        ] {
            assert_eq!(DocId::parse(bad), Err(DocIdError::Unknown), "{bad}");
        }
    }

    #[test]
    fn a_written_doc_reads_back() {
        let rec = Record::Member(member());
        let body = rec.canonical();
        let leaf = Leaf {
            pos: 2,
            path: vec!["bb".into(), "aa".into()],
            deleted: false,
        };
        let json = write_doc(&rec.doc_id(), &leaf, Some(&body));
        let Read::Ok(inc) = read_doc(&json) else {
            panic!("{json}")
        };
        assert_eq!(inc.leaf, leaf);
        assert_eq!(inc.body, Some((rec, body)));
        let gone = write_doc(&DocId::Member(MemberId::from("m-1")), &leaf, None);
        let Read::Ok(inc) = read_doc(&gone) else { panic!() };
        assert!(inc.body.is_none() && inc.leaf.deleted);
    }

    #[test]
    fn bad_docs_are_rejected_with_a_reason() {
        let reason = |json: &str| match read_doc(json) {
            Read::Rejected(r) => r.reason,
            other => panic!("{other:?}"),
        };
        assert!(reason("not json").starts_with("不是有效的文档"));
        assert!(reason(r#"{"_id":"member:m-1","_rev":"x"}"#).contains("修订号"));
        assert!(reason(r#"{"_id":"member:m-1","_rev":"1-a","type":"activity"}"#).contains("与编号不符"));
        let wrong_type = reason(r#"{"_id":"member:m-1","_rev":"1-a","type":"member","name":5}"#);
        assert!(
            wrong_type.starts_with("不是有效的文档：有字段的类型或取值不符合要求"),
            "{wrong_type}"
        );
        assert!(!wrong_type.contains("invalid type"));
        let long = "长".repeat(50);
        let json = format!(
            r#"{{"_id":"member:m-1","_rev":"1-a","type":"member","id":"m-1","name":"{long}","kind":"full","joined_branch":"2020-01-01"}}"#
        );
        assert!(reason(&json).contains("不能超过40个字"));
        let other = r#"{"_id":"member:m-1","_rev":"1-a","type":"member","id":"m-2","name":"x","kind":"full","joined_branch":"2020-01-01"}"#;
        assert!(reason(other).contains("不一致"));
        let big = format!(
            r#"{{"_id":"member:m-1","_rev":"1-a","pad":"{}"}}"#,
            "x".repeat(MAX_DOC_BYTES)
        );
        assert!(reason(&big).contains("过大"));
        assert!(reason(r#"{"_id":"x:y","_rev":"1-a"}"#).contains("不认识"));
        assert_eq!(read_doc(r#"{"_id":"_design/v","_rev":"1-a"}"#), Read::Skipped);
        let history = r#"{"_id":"member:m-1","_rev":"2-b","_revisions":{"start":3,"ids":["b"]},"_deleted":true}"#;
        assert!(reason(history).contains("修订历史"));
    }

    #[test]
    fn an_empty_database_holds_no_documents() {
        // Its blank branch profile must not become a document: it would conflict with the real one when the
        // device pulls a branch's database.
        assert!(Record::all_of(&Dataset::default()).is_empty());
    }

    #[test]
    fn references_to_absent_records_are_not_problems_but_texts_are() {
        let mut a = Activity::new(
            ActivityId::from("a-1"),
            ActivityKind::GeneralMeeting,
            Date::ymd(2025, 1, 1),
        );
        a.host = Some(MemberId::from("m-404"));
        a.attendance.push(crate::domain::AttendanceEntry {
            member: MemberId::from("m-405"),
            status: crate::domain::AttendanceStatus::Leave,
            reason: "\u{7}".into(),
            make_up: None,
        });
        assert_eq!(Record::Activity(a).problems(), ["不能包含控制字符"]);
        assert!(Record::Member(member()).problems().is_empty());
    }
}
