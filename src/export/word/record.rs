//! The record page (三会一课记录) as a Word file, and the year's record book: cover, 卷内目录 with page numbers,
//! then each record from a new page, with the branch and the year in the running header and page numbers in
//! the footer. The lines are [`RecordSheet`]'s, the same the screen and the printed book show.

use super::model::{
    self, lines, Align, Block, Cell, Document, Inline, Para, Row, Section, Style, Table, TITLE_PORTRAIT,
};
use crate::domain::member_review::REVIEW_HEAD;
use crate::domain::org_life::ITEM_HEAD;
use crate::domain::record_sheet::{book_name, names, noted, RecordSheet};
use crate::domain::ActivityStatus;

/// The least height of the 内容 row: room for a few handwritten lines, while a record with the usual roll
/// still fits one page.
const CONTENT_MIN_MM: u16 = 40;
/// The same in lines of 小四 (about 5 mm each).
const CONTENT_MIN_LINES: usize = 8;

/// Label, value, label, value (主持人 / 记录人 share a row; the other rows span the last three).
const GRID: [u16; 4] = [160, 340, 160, 340];

fn label(text: &str) -> Cell {
    Cell::head(text).aligned(Align::Center)
}

/// A row with a label and a value across the rest of the grid.
fn wide(label_text: &str, value: Cell) -> Row {
    Row::new(vec![label(label_text), value.spanning(3)])
}

fn or_none(text: &str) -> String {
    if text.trim().is_empty() {
        "无".to_owned()
    } else {
        text.to_owned()
    }
}

/// The blocks of one record: title, 本年第N次, the grid, the signature lines. `bookmark` marks the title for
/// the book's contents; `new_page` starts the record on a new page.
pub fn record_blocks(s: &RecordSheet, bookmark: Option<String>, new_page: bool) -> Vec<Block> {
    let branch = branch_title(&s.branch);
    let mut title = model::title(&branch, " ", &format!("{} 记录", s.kind_title), TITLE_PORTRAIT);
    title.page_break_before = new_page;
    title.bookmark = bookmark;
    let mut out: Vec<Block> = vec![title.into()];
    if let Some(n) = s.number_text() {
        out.push(Para::new(Style::Subtitle, n).into());
    }
    if let Some(note) = s.status_note() {
        out.push(Para::new(Style::Meta, note).into());
    }
    let mut t = Table::new(GRID.to_vec());
    t.rows.push(wide("时间", Cell::text(&s.when)));
    t.rows.push(wide("地点", Cell::text(&s.location)));
    t.rows.push(Row::new(vec![
        label("主持人"),
        Cell::text(&s.host),
        label("记录人"),
        Cell::text(&s.recorder),
    ]));
    if let Some(l) = &s.lecturer {
        t.rows.push(wide("授课人", Cell::text(l)));
    }
    if !s.theme.trim().is_empty() {
        t.rows.push(wide(s.theme_label(), Cell::text(&s.theme)));
    }
    if s.status == ActivityStatus::Held {
        let mut attendance = s.attendance_line();
        if let Some(h) = s.hours_text() {
            attendance.push_str(&format!("　学时：{h}"));
        }
        t.rows.push(wide("出勤", Cell::text(attendance)));
        t.rows.push(wide("出席", Cell::text(names(&s.present))));
        t.rows.push(wide("请假", Cell::text(noted(&s.leave))));
        t.rows.push(wide("缺席", Cell::text(noted(&s.absent))));
        t.rows.push(wide("异地参加", Cell::text(names(&s.elsewhere))));
        t.rows.push(wide("列席", Cell::text(names(&s.observers))));
    }
    let agenda = if s.agenda.is_empty() {
        Cell::text("无")
    } else {
        Cell::paras(
            s.agenda
                .iter()
                .enumerate()
                .flat_map(|(i, a)| lines(Style::Cell, &format!("{}. {}", i + 1, a.trim())))
                .collect(),
        )
    };
    t.rows.push(wide("议题", agenda));
    // Room to write, as on the paper page (the screen's content row is tall too).
    t.rows
        .push(wide("内容\n发言摘要", Cell::text(or_none(&s.content)).from_top()).at_least_mm(CONTENT_MIN_MM));
    if let Some(v) = &s.vote {
        let mut paras = lines(Style::Cell, v);
        if let Some((_, q)) = &s.quorum {
            paras.extend(lines(Style::Cell, q));
        }
        t.rows.push(wide("表决", Cell::paras(paras)));
    }
    t.rows.push(wide("决议", Cell::text(or_none(&s.resolution))));
    let make_up = if s.make_ups.is_empty() && s.owed.is_empty() {
        Cell::text("无")
    } else {
        let mut paras: Vec<Para> = s.make_ups.iter().flat_map(|m| lines(Style::Cell, m)).collect();
        if let Some(o) = s.owed_text() {
            paras.push(Para::new(Style::Cell, o));
        }
        Cell::paras(paras)
    };
    t.rows.push(wide("补学", make_up));
    out.push(t.into());
    out.extend(substance_blocks(s));
    out.push(
        Para::of(
            Style::Sign,
            vec![
                Inline::Text("主持人签字：".to_owned()),
                Inline::Blank(6),
                Inline::Text("　　记录人签字：".to_owned()),
                Inline::Blank(6),
            ],
        )
        .into(),
    );
    out
}

/// What a 组织生活会 or 民主评议党员 decided, after the grid: the 民主评议 result table, the 对照检查, the 整改清单.
fn substance_blocks(s: &RecordSheet) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    if let Some(r) = &s.review {
        out.push(Para::new(Style::Caption, "民主评议党员测评结果").into());
        if !r.steps.is_empty() {
            out.push(Para::new(Style::Meta, r.steps.clone()).into());
        }
        let mut t = Table::new(vec![160, 90, 90, 110, 90, 130, 330])
            .compact()
            .row(Row::header(&REVIEW_HEAD));
        for row in &r.rows {
            t.rows.push(Row::new(
                row.iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let cell = Cell::text(c);
                        if (1..=4).contains(&i) {
                            cell.aligned(Align::Center)
                        } else {
                            cell
                        }
                    })
                    .collect(),
            ));
        }
        out.push(t.into());
        out.push(Para::new(Style::Meta, r.result.clone()).into());
    }
    if !s.examinations.is_empty() {
        out.push(Para::new(Style::Caption, "党员对照检查").into());
        out.extend(
            s.examinations
                .iter()
                .map(|l| Block::from(Para::new(Style::Body, l.clone()))),
        );
    }
    if !s.rectifications.is_empty() {
        out.push(Para::new(Style::Caption, "整改清单").into());
        let mut t = Table::new(vec![60, 230, 250, 120, 150, 190])
            .compact()
            .row(Row::header(&ITEM_HEAD));
        for row in &s.rectifications {
            t.rows.push(Row::new(row.iter().map(Cell::text).collect()));
        }
        out.push(t.into());
    }
    out
}

/// The branch's name, or "本党支部".
fn branch_title(branch: &str) -> String {
    if branch.trim().is_empty() {
        "本党支部".to_owned()
    } else {
        branch.trim().to_owned()
    }
}

/// One record as a file: the page, with the branch and "2026年 三会一课记录" in the running header.
pub fn record_document(s: &RecordSheet, year: i32) -> Document {
    Document {
        title: format!("{}{}", s.title(), s.number_text().unwrap_or_default()),
        sections: vec![Section {
            landscape: false,
            header: Some((branch_title(&s.branch), format!("{year}年 三会一课记录"))),
            page_numbers: true,
            plain_first_page: false,
            blocks: record_blocks(s, None, false),
        }],
    }
}

/// Characters of 小四 in one line of the record grid's value column, and lines on an A4 page: for the
/// contents' page numbers until the reader lays the book out (see [`Inline::PageRef`]).
const CHARS_PER_LINE: usize = 28;
const LINES_PER_PAGE: usize = 38;
/// Rows of the contents table on its first page and on each further one.
const CONTENTS_FIRST_PAGE: usize = 24;
const CONTENTS_PER_PAGE: usize = 28;

/// How many pages a record probably takes (at least one).
pub fn estimated_pages(s: &RecordSheet) -> u32 {
    let text_lines = |t: &str| -> usize {
        t.split('\n')
            .map(|l| l.chars().count().div_ceil(CHARS_PER_LINE).max(1))
            .sum()
    };
    // Title, number, the one-line rows, signatures; the content row is at least CONTENT_MIN_MM tall.
    let mut n = 16 + text_lines(&s.content).max(CONTENT_MIN_LINES);
    for t in [&s.resolution, &s.location, &s.theme] {
        n += text_lines(t);
    }
    for list in [&s.present, &s.elsewhere, &s.observers] {
        n += text_lines(&names(list));
    }
    for list in [&s.leave, &s.absent] {
        n += text_lines(&noted(list));
    }
    n += s.agenda.iter().map(|a| text_lines(a)).sum::<usize>();
    n += s.make_ups.iter().map(|a| text_lines(a)).sum::<usize>();
    if let Some(r) = &s.review {
        n += 4 + r.rows.len();
    }
    n += s.examinations.iter().map(|a| text_lines(a)).sum::<usize>();
    if !s.rectifications.is_empty() {
        n += 2 + s.rectifications.len() * 2;
    }
    n.div_ceil(LINES_PER_PAGE).max(1) as u32
}

/// The year's record book. `sheets` are [`crate::domain::record_sheet::year_book_sheets`]'s; `kind_name` is
/// the book's name ([`book_name`]).
pub fn year_book(
    branch: &str,
    parent_org: &str,
    year: i32,
    kind: Option<crate::domain::ActivityKind>,
    sheets: &[RecordSheet],
) -> Document {
    let name = book_name(kind);
    let branch = branch_title(branch);
    let count = sheets.len();
    let mut blocks: Vec<Block> = vec![
        Para::new(Style::CoverBranch, branch.clone()).into(),
        Para::new(Style::CoverTitle, name.clone()).into(),
        Para::new(Style::CoverYear, format!("{year}年度")).into(),
    ];
    let cover = Table::new(vec![300, 700])
        .row(Row::new(vec![label("党支部"), Cell::text(&branch)]))
        .row(Row::new(vec![label("上级党组织"), Cell::text(parent_org.trim())]))
        .row(Row::new(vec![label("记录条数"), Cell::text(format!("{count}条"))]))
        .row(Row::new(vec![
            label("起止日期"),
            Cell::text(format!("{year}年1月1日 至 {year}年12月31日")),
        ]))
        .row(Row::new(vec![label("保管人"), Cell::text("")]))
        .row(Row::new(vec![label("装订日期"), Cell::text("")]));
    blocks.push(cover.into());
    blocks.push(Para::new(Style::Title, "卷内目录").new_page().into());
    if count == 0 {
        blocks.push(Para::new(Style::Body, "本年度还没有已开展的活动记录。").into());
    } else {
        // Page 1 is the cover; the contents follow, then each record from a new page.
        let contents_pages = 1 + count.saturating_sub(CONTENTS_FIRST_PAGE).div_ceil(CONTENTS_PER_PAGE);
        let mut page = 2 + contents_pages as u32;
        let mut t = Table::new(vec![60, 140, 240, 110, 360, 90])
            .compact()
            .row(Row::header(&[
                "序号",
                "日期",
                "类别",
                "本年次数",
                "主题 / 题目",
                "页号",
            ]));
        for (i, s) in sheets.iter().enumerate() {
            t.rows.push(Row::new(vec![
                Cell::text((i + 1).to_string()).aligned(Align::Center),
                Cell::text(&s.date_short).aligned(Align::Center),
                Cell::text(&s.kind_title),
                Cell::text(s.number.map(|n| format!("第{n}次")).unwrap_or_default()).aligned(Align::Center),
                Cell::text(s.theme.trim()),
                Cell::paras(vec![Para::of(
                    Style::Cell,
                    vec![Inline::PageRef {
                        bookmark: format!("rec{}", i + 1),
                        estimate: page,
                    }],
                )
                .aligned(Align::Center)]),
            ]));
            page += estimated_pages(s);
        }
        blocks.push(t.into());
    }
    for (i, s) in sheets.iter().enumerate() {
        blocks.extend(record_blocks(s, Some(format!("rec{}", i + 1)), true));
    }
    Document {
        title: format!("{branch}{year}年{name}"),
        sections: vec![Section {
            landscape: false,
            header: Some((branch, format!("{year}年 {name}"))),
            page_numbers: true,
            plain_first_page: true,
            blocks,
        }],
    }
}
