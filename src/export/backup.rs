//! The backup file: a versioned envelope around the whole [`Dataset`].
//!
//! ```json
//! { "format": "zhibu-backup", "version": 1, "exported_at": "2026-11-21T19:32:00+08:00",
//!   "app_version": "0.1.0", "data": { "branch": …, "groups": […], "members": […], … } }
//! ```

use crate::domain::integrity::check_dataset;
use crate::domain::Dataset;
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub const FORMAT_TAG: &str = "zhibu-backup";
pub const FORMAT_VERSION: u32 = 1;
/// The largest backup file accepted, in bytes.
pub const MAX_BACKUP_BYTES: usize = 40 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub app_version: String,
    pub data: Dataset,
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
        data: data.clone(),
    };
    serde_json::to_string_pretty(&backup).expect("a dataset always serialises")
}

/// Reads a backup file: checks size, JSON, format tag and version before reading the data, then every
/// record and every reference between records ([`check_dataset`]). Only a backup that passes it all is
/// returned, so the caller can store it without further checks.
pub fn from_json(text: &str) -> Result<Backup, BackupError> {
    let backup = parse(text)?;
    let problems = check_dataset(&backup.data);
    if !problems.is_empty() {
        return Err(BackupError::Invalid(problems.iter().map(ToString::to_string).collect()));
    }
    Ok(backup)
}

/// What an import would bring in, for the preview before the user confirms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counts {
    pub groups: usize,
    pub members: usize,
    pub activities: usize,
    pub attendance_entries: usize,
    pub study_items: usize,
}

impl Counts {
    pub fn of(data: &Dataset) -> Counts {
        Counts {
            groups: data.groups.len(),
            members: data.members.len(),
            activities: data.activities.len(),
            attendance_entries: data.activities.iter().map(|a| a.attendance.len()).sum(),
            study_items: data.study_items.len(),
        }
    }
}

/// The envelope checks and serde parsing, without the record checks.
fn parse(text: &str) -> Result<Backup, BackupError> {
    if text.len() > MAX_BACKUP_BYTES {
        return Err(BackupError::TooLarge);
    }
    #[derive(Deserialize)]
    struct Head {
        format: Option<String>,
        version: Option<u32>,
    }
    let head: Head = serde_json::from_str(text).map_err(|e| BackupError::NotJson(e.to_string()))?;
    if head.format.as_deref() != Some(FORMAT_TAG) {
        return Err(BackupError::WrongFormat);
    }
    match head.version {
        Some(v) if v > FORMAT_VERSION => return Err(BackupError::TooNew(v)),
        Some(_) => {}
        None => return Err(BackupError::BadData("缺少版本号".to_owned())),
    }
    serde_json::from_str(text).map_err(|e| BackupError::BadData(e.to_string()))
}
