//! The backup file: a versioned envelope around the whole [`Dataset`].
//!
//! ```json
//! { "format": "zhibu-backup", "version": 3, "exported_at": "2026-11-21T19:32:00+08:00",
//!   "app_version": "0.1.0", "branch_name": "机关第一党支部",
//!   "counts": { "groups": 3, "members": 40, "activities": 270, "attendance_entries": 6000,
//!               "study_items": 24, "rules": 0 },
//!   "data": { "branch": …, "groups": […], "members": […], … } }
//! ```
//!
//! The format is documented for people in `docs/backup-format.md` and for programs in
//! `docs/backup.schema.json`. Reading a file ([`from_json`]) goes: size → JSON → format tag → version →
//! migration of an older version, one step per version on the JSON value ([`migrate`]) → typed fields
//! (a bad field is reported with its record) → the envelope's `counts` and `branch_name` against the
//! data → every record and every reference ([`check_dataset`]).

use crate::domain::integrity::check_dataset;
use crate::domain::rules::Rule;
use crate::domain::{Activity, ActivityKind, Branch, Dataset, Member, PartyGroup, StudyItem};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use thiserror::Error;

pub const FORMAT_TAG: &str = "zhibu-backup";
/// The version written by [`to_json`]. Versions 1 (no `branch_name`, no `counts`) and 2 (every member with a
/// `joined_branch` date, no `branch.name_order`) are still read.
pub const FORMAT_VERSION: u32 = 4;
/// The largest backup file accepted, in bytes.
pub const MAX_BACKUP_BYTES: usize = 40 * 1024 * 1024;
/// The longest `exported_at` / `app_version` accepted.
const MAX_HEADER_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub app_version: String,
    /// The branch's name, repeated from `data.branch.name` so that a person can see whose file it is.
    pub branch_name: String,
    /// How many records of each kind `data` holds; checked on import.
    pub counts: Counts,
    pub data: Dataset,
    /// The version the file was written in, when it was older than [`FORMAT_VERSION`] and was migrated.
    #[serde(skip)]
    pub migrated_from: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BackupError {
    #[error("文件太大（超过 {} MB），不是本应用的备份文件", MAX_BACKUP_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("文件不是有效的 JSON（{0}），请确认选择的是本应用导出的备份文件")]
    NotJson(String),
    #[error("这不是支部台账的备份文件（缺少格式标记 \"{FORMAT_TAG}\"）")]
    WrongFormat,
    #[error("备份文件版本 {0} 比本应用新，请先更新支部台账再导入")]
    TooNew(u32),
    #[error("备份文件内容不完整或有误：{0}")]
    BadData(String),
    #[error("备份文件的记录数量与内容不符，文件可能被手工修改过或不完整，未导入任何数据：{}", .0.join("；"))]
    CountsMismatch(Vec<String>),
    #[error("备份文件中有 {} 处错误，未导入任何数据：\n{}", .0.len(), .0.join("\n"))]
    Invalid(Vec<String>),
}

/// Wraps the data in the envelope. `exported_at` is supplied by the caller (the shell knows the clock).
pub fn to_json(data: &Dataset, exported_at: &str) -> String {
    let backup = Backup {
        format: FORMAT_TAG.to_owned(),
        version: FORMAT_VERSION,
        exported_at: exported_at.to_owned(),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        branch_name: data.branch.name.clone(),
        counts: Counts::of(data),
        data: data.clone(),
        migrated_from: None,
    };
    serde_json::to_string_pretty(&backup).expect("a dataset always serialises")
}

/// Reads a backup file: checks size, JSON, format tag and version before reading the data, migrates an
/// older version, reads every field, checks the envelope's counts, then every record and every reference
/// between records ([`check_dataset`]). Only a backup that passes it all is returned (always in the
/// current version, with [`Backup::migrated_from`] set when it was older), so the caller can store it
/// without further checks.
pub fn from_json(text: &str) -> Result<Backup, BackupError> {
    let backup = parse(text)?;
    let problems = check_dataset(&backup.data);
    if !problems.is_empty() {
        return Err(BackupError::Invalid(problems.iter().map(ToString::to_string).collect()));
    }
    Ok(backup)
}

/// What an import would bring in, for the preview before the user confirms; written into the file as
/// `counts` (version 2 on).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    pub groups: usize,
    pub members: usize,
    pub activities: usize,
    pub attendance_entries: usize,
    pub study_items: usize,
    /// Rules as the secretary edited them; 0 means the default rules are in force.
    pub rules: usize,
}

impl Counts {
    pub fn of(data: &Dataset) -> Counts {
        Counts {
            groups: data.groups.len(),
            members: data.members.len(),
            activities: data.activities.len(),
            attendance_entries: data.activities.iter().map(|a| a.attendance.len()).sum(),
            study_items: data.study_items.len(),
            rules: data.rules.len(),
        }
    }

    /// Each figure with its Chinese name, in the order of the file.
    pub fn labelled(&self) -> [(&'static str, usize); 6] {
        [
            ("党小组", self.groups),
            ("党员", self.members),
            ("活动记录", self.activities),
            ("出席名单条目", self.attendance_entries),
            ("学习计划", self.study_items),
            ("自定义规则", self.rules),
        ]
    }
}

/// One migration step: a file of version `n` (as a JSON value) to version `n + 1`.
type Step = fn(Value) -> Result<Value, BackupError>;

/// `MIGRATIONS[n - 1]` takes a version-`n` file to version `n + 1`; there is one step per version below
/// [`FORMAT_VERSION`].
const MIGRATIONS: &[Step] = &[v1_to_v2, v2_to_v3, v3_to_v4];

/// Brings a file of version `from` (1 ≤ `from` ≤ [`FORMAT_VERSION`]) up to the current version, step by
/// step. The value's `version` is the current one afterwards.
pub fn migrate(mut value: Value, from: u32) -> Result<Value, BackupError> {
    if from == 0 || from > FORMAT_VERSION {
        return Err(BackupError::BadData(format!("版本号 {from} 无效")));
    }
    for step in &MIGRATIONS[(from - 1) as usize..] {
        value = step(value)?;
    }
    Ok(value)
}

/// Version 1 → 2: the envelope gains `branch_name` and `counts`, both computed from `data` as it stands
/// (so a version-1 file cannot fail the counts check).
fn v1_to_v2(mut value: Value) -> Result<Value, BackupError> {
    let Some(envelope) = value.as_object_mut() else {
        return Err(BackupError::WrongFormat);
    };
    let data = envelope.get("data");
    let len = |key: &str| {
        data.and_then(|d| d.get(key))
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    };
    let attendance_entries: usize =
        data.and_then(|d| d.get("activities"))
            .and_then(Value::as_array)
            .map_or(0, |list| {
                list.iter()
                    .filter_map(|a| a.get("attendance").and_then(Value::as_array))
                    .map(Vec::len)
                    .sum()
            });
    let counts = serde_json::json!({
        "groups": len("groups"),
        "members": len("members"),
        "activities": len("activities"),
        "attendance_entries": attendance_entries,
        "study_items": len("study_items"),
        "rules": len("rules"),
    });
    let branch_name = data
        .and_then(|d| d.get("branch"))
        .and_then(|b| b.get("name"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    envelope.insert("branch_name".to_owned(), Value::String(branch_name));
    envelope.insert("counts".to_owned(), counts);
    envelope.insert("version".to_owned(), Value::from(2u32));
    Ok(value)
}

/// Version 2 → 3: a member's `joined_branch` may be `null` (not known: in the branch since before any record)
/// and the branch may say `name_order`. Every version-2 file is a valid version-3 file as it is; the step
/// exists so that an app that knows only version 2 refuses a version-3 file with "update first" instead of
/// failing on a `null` date.
fn v2_to_v3(mut value: Value) -> Result<Value, BackupError> {
    let Some(envelope) = value.as_object_mut() else {
        return Err(BackupError::WrongFormat);
    };
    envelope.insert("version".to_owned(), Value::from(3u32));
    Ok(value)
}

/// Version 3 → 4: an activity may carry its 民主评议 (`review`), the members' 对照检查 (`examinations`) and its
/// 整改清单 (`rectifications`). Every version-3 file is a valid version-4 file as it is; the step exists so that
/// an app that knows only version 3 refuses a version-4 file with "update first" instead of reading it and
/// silently dropping those fields.
fn v3_to_v4(mut value: Value) -> Result<Value, BackupError> {
    let Some(envelope) = value.as_object_mut() else {
        return Err(BackupError::WrongFormat);
    };
    envelope.insert("version".to_owned(), Value::from(4u32));
    Ok(value)
}

/// The envelope checks, migration and typed reading, without the record checks.
fn parse(text: &str) -> Result<Backup, BackupError> {
    if text.len() > MAX_BACKUP_BYTES {
        return Err(BackupError::TooLarge);
    }
    // A byte-order mark, as some Windows editors save it, is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Fast path for a file in the current version: read straight into the types (a 10 MB file: ~20 ms
    // instead of ~130 ms through a JSON value). Anything else, any error included, takes the careful path
    // below, which decides what to say.
    if let Ok(mut backup) = serde_json::from_str::<Backup>(text) {
        if backup.format == FORMAT_TAG && backup.version == FORMAT_VERSION {
            backup.migrated_from = None;
            check_envelope(&backup)?;
            return Ok(backup);
        }
    }
    // serde_json stops at 128 levels of nesting, so a hostile file cannot exhaust the stack.
    let value = serde_json::from_str::<Strict>(text)
        .map_err(|e| BackupError::NotJson(json_error(&e)))?
        .0;
    let Some(envelope) = value.as_object() else {
        return Err(BackupError::WrongFormat);
    };
    if envelope.get("format").and_then(Value::as_str) != Some(FORMAT_TAG) {
        return Err(BackupError::WrongFormat);
    }
    let version = match envelope.get("version") {
        None | Some(Value::Null) => return Err(BackupError::BadData("缺少版本号".to_owned())),
        Some(v) => match v.as_u64() {
            Some(n) if (1..=u64::from(FORMAT_VERSION)).contains(&n) => n as u32,
            Some(n) => match u32::try_from(n) {
                Ok(n) if n > FORMAT_VERSION => return Err(BackupError::TooNew(n)),
                _ => {
                    return Err(BackupError::BadData(format!(
                        "版本号 {} 无效",
                        clean(&v.to_string(), 20)
                    )))
                }
            },
            _ => {
                return Err(BackupError::BadData(format!(
                    "版本号 {} 无效",
                    clean(&v.to_string(), 20)
                )))
            }
        },
    };
    let value = migrate(value, version)?;
    let mut backup = match Backup::deserialize(&value) {
        Ok(b) => b,
        Err(e) => return Err(BackupError::BadData(locate(&value).unwrap_or_else(|| data_error(&e)))),
    };
    backup.migrated_from = (version < FORMAT_VERSION).then_some(version);
    check_envelope(&backup)?;
    Ok(backup)
}

/// A JSON value read strictly: a name repeated in one object is an error (plain `serde_json::Value`
/// would keep the last one silently, and a hand-edited file could then mean two things).
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Strict, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict(v) = map.next_value()?;
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format!("duplicate name {}", clean(&key, 40))));
            }
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

/// The envelope's own fields: short header texts, and `counts` / `branch_name` matching the data.
fn check_envelope(b: &Backup) -> Result<(), BackupError> {
    for (label, text) in [("导出时间", &b.exported_at), ("应用版本", &b.app_version)] {
        if text.chars().count() > MAX_HEADER_CHARS || text.chars().any(char::is_control) {
            return Err(BackupError::BadData(format!("文件头的{label}格式不对")));
        }
    }
    let mut problems = Vec::new();
    if b.branch_name != b.data.branch.name {
        problems.push(format!(
            "文件头的支部名称是“{}”，内容中是“{}”",
            clean(&b.branch_name, 40),
            clean(&b.data.branch.name, 40)
        ));
    }
    let actual = Counts::of(&b.data);
    for ((label, said), (_, found)) in b.counts.labelled().into_iter().zip(actual.labelled()) {
        if said != found {
            problems.push(format!("{label}：文件头写 {said} 条，实际有 {found} 条"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(BackupError::CountsMismatch(problems))
    }
}

/// A syntax error of the file, in Chinese, with where it is.
fn json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("第 {} 行第 {} 列", e.line(), e.column());
    let msg = e.to_string();
    match e.classify() {
        Category::Eof => format!("文件在{at}处中断，内容不完整"),
        _ if msg.contains("recursion limit") => format!("{at}处嵌套层数过多"),
        _ if msg.starts_with("duplicate name ") => {
            let name = msg["duplicate name ".len()..]
                .split(" at line ")
                .next()
                .unwrap_or_default();
            format!("{at}处：同一对象中字段 {name} 出现了两次")
        }
        _ if msg.contains("trailing characters") => format!("{at}处在数据结束后还有多余内容"),
        _ if msg.contains("control character") => format!("{at}处的文字中有未转义的控制字符"),
        _ if msg.contains("number out of range") => format!("{at}处的数字超出范围"),
        _ if msg.contains("unexpected end of hex escape") || msg.contains("invalid escape") => {
            format!("{at}处有无效的转义序列")
        }
        _ if msg.contains("lone leading surrogate") || msg.contains("invalid unicode") => {
            format!("{at}处有无效的 Unicode 字符")
        }
        _ => format!("{at}处格式错误"),
    }
}

/// A type error from reading the fields, in Chinese.
fn data_error(e: &serde_json::Error) -> String {
    let full = e.to_string();
    // Errors from reading text end in " at line L column C"; from a value they do not.
    let msg = match full.rfind(" at line ") {
        Some(i) if e.line() > 0 => &full[..i],
        _ => full.as_str(),
    };
    // Custom messages of our own types (dates, times) are already in Chinese.
    if !msg.is_ascii() {
        return msg.to_owned();
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return format!("缺少字段 {field}");
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (got, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let choices: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return format!("“{}”不是可用的取值（可用：{}）", clean(got, 40), choices.join("、"));
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let got = got.split('`').nth(1).unwrap_or(got);
        return format!(
            "数值 {} 超出范围（应为{}）",
            clean(got, 40),
            describe_expected(expected)
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "类型不对：应为{}，实际是{}",
            describe_expected(expected),
            describe_got(got)
        );
    }
    if msg.starts_with("invalid length") {
        return "列表的长度不对".to_owned();
    }
    format!("格式不对（{}）", clean(msg, 80))
}

fn describe_expected(expected: &str) -> &'static str {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "非负整数",
        "i8" | "i16" | "i32" | "i64" => "整数",
        "f32" | "f64" => "数字",
        "a string" | "a borrowed string" | "string" => "文字",
        "a boolean" => "是/否（true 或 false）",
        e if e.starts_with("a sequence") => "列表",
        e if e.starts_with("struct") || e.starts_with("a map") => "对象",
        e if e.starts_with("enum") || e.starts_with("unit variant") => "可用的取值之一",
        _ => "其他类型",
    }
}

fn describe_got(got: &str) -> String {
    let value = got.split('`').nth(1);
    if got.starts_with("floating point") {
        format!("小数 {}", value.unwrap_or_default())
    } else if got.starts_with("integer") {
        format!("整数 {}", value.unwrap_or_default())
    } else if got.starts_with("string") {
        format!("文字 {}", clean(got.trim_start_matches("string "), 40))
    } else if got.starts_with("boolean") {
        format!("是/否 {}", value.unwrap_or_default())
    } else if got == "null" {
        "空值 null".to_owned()
    } else if got == "sequence" {
        "列表".to_owned()
    } else if got == "map" {
        "对象".to_owned()
    } else {
        clean(got, 40)
    }
}

/// Text from the file made safe to put in a message: control characters replaced, length capped.
fn clean(text: &str, max_chars: usize) -> String {
    let mut out: String = text
        .chars()
        .take(max_chars)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if text.chars().count() > max_chars {
        out.push('…');
    }
    out
}

/// After the whole file failed to read: finds the first part that fails on its own and names it
/// ("第3条党员（张三）：缺少字段 joined_branch"). `None` when no single part fails.
fn locate(value: &Value) -> Option<String> {
    let envelope = value.as_object()?;
    for key in ["exported_at", "app_version", "branch_name"] {
        match envelope.get(key) {
            None => return Some(format!("文件头缺少字段 {key}")),
            Some(v) if !v.is_string() => return Some(format!("文件头的 {key} 应为文字")),
            Some(_) => {}
        }
    }
    match envelope.get("counts") {
        None => return Some("文件头缺少字段 counts".to_owned()),
        Some(c) => {
            if let Err(e) = Counts::deserialize(c) {
                return Some(format!("文件头的 counts：{}", data_error(&e)));
            }
        }
    }
    let Some(data) = envelope.get("data") else {
        return Some("缺少字段 data（全部数据）".to_owned());
    };
    let Some(data) = data.as_object() else {
        return Some("data 应为对象".to_owned());
    };
    match data.get("branch") {
        None => return Some("缺少支部信息（data.branch）".to_owned()),
        Some(b) => {
            if let Err(e) = Branch::deserialize(b) {
                return Some(format!("支部信息：{}", data_error(&e)));
            }
        }
    }
    first_bad::<PartyGroup>(data, "groups", "党小组", &["name"])
        .or_else(|| first_bad::<Member>(data, "members", "党员", &["name"]))
        .or_else(|| first_bad::<Activity>(data, "activities", "活动记录", &["date", "kind"]))
        .or_else(|| first_bad::<StudyItem>(data, "study_items", "学习计划", &["topic"]))
        .or_else(|| first_bad::<Rule>(data, "rules", "检查规则", &["id"]))
}

/// The first record of `data[key]` that does not read as a `T`, named by its position and the texts in
/// `context` fields.
fn first_bad<T: DeserializeOwned>(
    data: &Map<String, Value>,
    key: &str,
    label: &str,
    context: &[&str],
) -> Option<String> {
    let list = data.get(key)?;
    let Some(items) = list.as_array() else {
        return Some(format!("{label}（data.{key}）应为列表"));
    };
    items.iter().enumerate().find_map(|(i, item)| {
        let err = T::deserialize(item).err()?;
        let words: Vec<String> = context
            .iter()
            .filter_map(|f| Some((*f, item.get(f).and_then(Value::as_str)?)))
            .map(|(f, s)| match ActivityKind::from_code(s) {
                // An activity's kind reads better as its Chinese name.
                Some(kind) if f == "kind" => kind.label().to_owned(),
                _ => clean(s, 40),
            })
            .collect();
        let context = if words.is_empty() {
            String::new()
        } else {
            format!("（{}）", words.join(" "))
        };
        Some(format!("第{}条{label}{context}：{}", i + 1, data_error(&err)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_migration_step_per_older_version() {
        assert_eq!(MIGRATIONS.len(), (FORMAT_VERSION - 1) as usize);
    }

    #[test]
    fn v1_to_v2_fills_counts_from_the_data() {
        let v1 = serde_json::json!({
            "format": FORMAT_TAG, "version": 1, "exported_at": "t", "app_version": "0.1.0",
            "data": { "branch": { "name": "支部" }, "groups": [{}, {}],
                      "activities": [{ "attendance": [1, 2, 3] }, { "attendance": [4] }, {}] }
        });
        let v2 = v1_to_v2(v1.clone()).unwrap();
        assert_eq!(v2["version"], 2);
        assert_eq!(migrate(v1, 1).unwrap()["version"], FORMAT_VERSION);
        assert_eq!(v2["branch_name"], "支部");
        assert_eq!(
            v2["counts"],
            serde_json::json!({ "groups": 2, "members": 0, "activities": 3, "attendance_entries": 4,
                                "study_items": 0, "rules": 0 })
        );
        assert!(migrate(serde_json::json!([]), 1).is_err());
        assert!(migrate(serde_json::json!({}), 0).is_err());
        assert!(migrate(serde_json::json!({}), FORMAT_VERSION + 1).is_err());
    }

    #[test]
    fn serde_messages_are_put_in_chinese() {
        let e = serde_json::from_str::<Counts>(r#"{"groups":-1}"#).unwrap_err();
        assert_eq!(data_error(&e), "数值 -1 超出范围（应为非负整数）");
        let e = serde_json::from_str::<Counts>(r#"{"groups":1.5}"#).unwrap_err();
        assert_eq!(data_error(&e), "类型不对：应为非负整数，实际是小数 1.5");
        let e = serde_json::from_str::<Counts>(r#"{"groups":1}"#).unwrap_err();
        assert_eq!(data_error(&e), "缺少字段 members");
        let e = serde_json::from_str::<crate::domain::MemberKind>(r#""boss""#).unwrap_err();
        assert_eq!(
            data_error(&e),
            "“boss”不是可用的取值（可用：full、probationary、activist）"
        );
    }
}
