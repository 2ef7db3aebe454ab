//! Word files (.docx) of what a branch hands in and keeps: one record, the year's record book, the annual
//! summary, the 学习计划表, the 年度计划, the 党员名册, and the committee's 汇总表 of its branches.
//!
//! Two halves: the **document model** ([`model`]: sections, paragraphs, tables) that the builders ([`record`],
//! [`summary`], [`plans`], [`roster`], [`rollup`]) fill from the domain, and the **writer** ([`docx`], with [`xml`] and
//! [`zip`]) that turns a model into Office Open XML in the chosen [`format`]. Everything is pure Rust, tested
//! natively; the browser runs it in its own lazily loaded chunk (`ui::word`). The format and the standards
//! behind its defaults: docs/word-format.md.

pub mod docx;
pub mod format;
pub mod model;
pub mod plans;
pub mod record;
pub mod rollup;
pub mod roster;
pub mod summary;
pub mod xml;
pub mod zip;

use crate::domain::record_sheet::{year_book_sheets, RecordSheet};
use crate::domain::summary::year_summary;
use crate::domain::{ActivityId, ActivityKind, Dataset, Date};
use format::Format;
use model::Document;
use thiserror::Error;

/// Which file the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordRequest {
    /// One record (三会一课记录).
    Record(ActivityId),
    /// The year's held records as a book, of one kind if given.
    YearBook { year: i32, kind: Option<ActivityKind> },
    /// The annual summary (judged at the year's end for a past year, as of today otherwise).
    Summary { year: i32 },
    /// 学习计划表.
    StudyPlan { year: i32 },
    /// 年度计划.
    YearPlan { year: i32 },
    /// 党员名册, as it stands today.
    Roster,
    /// The committee's 汇总表: the rows of [`crate::export::rollup::csv_rows`] (made from the branches'
    /// summaries on 汇总, not from this device's branch).
    Rollup { table: Vec<Vec<String>> },
}

/// Why no file could be made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WordError {
    #[error("找不到这条记录，可能已被删除。请返回活动记录重新打开。")]
    NotFound,
    #[error(transparent)]
    TooLarge(#[from] zip::TooLarge),
}

/// A made file: its name and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The MIME type of a .docx file.
pub const DOCX_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The model of the requested file and its name (without the writer: what the tests read).
pub fn document(data: &Dataset, request: &WordRequest, today: Date) -> Result<(Document, String), WordError> {
    let branch = super::safe_file_name(&data.branch.name);
    Ok(match request {
        WordRequest::Record(id) => {
            let a = data
                .activities
                .iter()
                .find(|a| &a.id == id)
                .ok_or(WordError::NotFound)?;
            let sheet = RecordSheet::new(a, data);
            let name = format!(
                "{}记录-{branch}-{}.docx",
                super::safe_file_name(&sheet.kind_title),
                a.date
            );
            (record::record_document(&sheet, a.date.year()), name)
        }
        WordRequest::YearBook { year, kind } => {
            let sheets = year_book_sheets(data, *year, *kind);
            let doc = record::year_book(&data.branch.name, &data.branch.parent_org, *year, *kind, &sheets);
            let name = format!(
                "{}-{branch}-{year}年.docx",
                crate::domain::record_sheet::book_name(*kind)
            );
            (doc, name)
        }
        WordRequest::Summary { year } => {
            let s = year_summary(data, *year, today);
            (
                summary::summary_document(&s, today),
                format!("年度总结-{branch}-{year}年.docx"),
            )
        }
        WordRequest::StudyPlan { year } => (
            plans::study_plan_document(data, *year),
            format!("学习计划表-{branch}-{year}年.docx"),
        ),
        WordRequest::YearPlan { year } => (
            plans::year_plan_document(data, *year),
            format!("年度计划-{branch}-{year}年.docx"),
        ),
        WordRequest::Roster => (
            roster::roster_document(data, today),
            format!("党员名册-{branch}-{today}.docx"),
        ),
        WordRequest::Rollup { table } => (
            rollup::rollup_document(table, today),
            format!(
                "各支部组织生活情况汇总-{:04}{:02}{:02}.docx",
                today.year(),
                today.month(),
                today.day()
            ),
        ),
    })
}

/// The requested file, written in `format`.
pub fn make(data: &Dataset, request: &WordRequest, format: &Format, today: Date) -> Result<WordFile, WordError> {
    let (doc, name) = document(data, request, today)?;
    let bytes = docx::write_docx(&doc, format, Some(today))?;
    Ok(WordFile { name, bytes })
}
