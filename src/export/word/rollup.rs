//! The committee's 汇总表 as a Word file, on a landscape page: the table of 统计 → 汇总 (`export::rollup`),
//! one row per branch and the totals, from the same rows as its CSV ([`crate::export::rollup::csv_rows`]).
//! The CSV's bookkeeping columns that a printed sheet does not need (上级党委, the count of missed periods
//! beside their names, 应到/实到人次 beside the rate, when each source was read) are left out, and the year
//! and the kind of source go above the table when every branch shares them; everything else is as in the CSV.

use super::model::{self, Align, Cell, Document, Para, Row, Section, Style, Table, TITLE_LANDSCAPE};
use crate::domain::Date;

/// Columns of the CSV that the Word table leaves out.
const LEFT_OUT: [&str; 5] = ["上级党委", "未完成期间数", "应到人次", "实到人次", "数据时间"];

/// The CSV's header of a kind's column ends so; the Word table says it once, under the table.
const HELD_OF_REQUIRED: &str = "（开展/要求）";

/// The 汇总表 from `table`: the CSV's rows (a title row, the header, one row per branch, the totals).
pub fn rollup_document(table: &[Vec<String>], today: Date) -> Document {
    let title = table
        .first()
        .and_then(|r| r.first())
        .cloned()
        .unwrap_or_else(|| "各支部组织生活情况汇总".to_owned());
    let head = table.get(1).cloned().unwrap_or_default();
    let branches = table.len().saturating_sub(3);
    // The branches' rows and the totals.
    let body = if branches == 0 { &[][..] } else { &table[2..] };
    let column = |name: &str| head.iter().position(|h| h == name);
    // What every branch shares (one year, one kind of source) is said above the table instead of in a column.
    let same = |at: Option<usize>, strip: fn(&str) -> &str| -> Option<String> {
        let at = at?;
        let first = strip(body.first()?.get(at)?);
        body[..branches]
            .iter()
            .all(|r| r.get(at).is_some_and(|x| strip(x) == first))
            .then(|| first.to_owned())
    };
    let year = same(column("年度"), |y| y);
    let source = same(column("来源"), |s| s.split('：').next().unwrap_or(s));
    let keep: Vec<usize> = (0..head.len())
        .filter(|i| !LEFT_OUT.contains(&head[*i].as_str()))
        .filter(|i| year.is_none() || Some(*i) != column("年度"))
        .filter(|i| source.is_none() || Some(*i) != column("来源"))
        .collect();
    let mut meta = Vec::new();
    if let Some(y) = &year {
        meta.push(format!("{y}年度"));
    }
    match source.as_deref() {
        Some("数据库") => meta.push("数据来源：各支部数据库".to_owned()),
        Some(_) => meta.push("数据来源：各支部报送的年度总结文件".to_owned()),
        None => {}
    }
    meta.push(format!("{}制表，共{branches}个支部", today.chinese()));
    let mut blocks = vec![
        model::title("", "", &title, TITLE_LANDSCAPE).into(),
        Para::new(Style::Meta, meta.join("　")).into(),
    ];
    if branches == 0 || keep.is_empty() {
        blocks.push(Para::new(Style::Body, "还没有支部的数据。").into());
    } else {
        let picked =
            |r: &[String]| -> Vec<String> { keep.iter().map(|i| r.get(*i).cloned().unwrap_or_default()).collect() };
        let rows: Vec<Vec<String>> = body.iter().map(|r| picked(r)).collect();
        let figures: Vec<bool> = (0..keep.len()).map(|c| rows.iter().all(|r| r[c].is_ascii())).collect();
        let mut t = Table::new(widths(&rows, &figures)).compact();
        let titles: Vec<String> = picked(&head)
            .iter()
            .map(|h| h.trim_end_matches(HELD_OF_REQUIRED).to_owned())
            .collect();
        t.rows.push(Row::header(&titles));
        for (n, r) in rows.into_iter().enumerate() {
            let totals = n == branches;
            let cells = r
                .into_iter()
                .enumerate()
                .map(|(c, text)| {
                    let cell = if totals && c == 0 {
                        Cell::head(text)
                    } else {
                        Cell::text(text)
                    };
                    if figures[c] {
                        cell.aligned(Align::Center)
                    } else {
                        cell
                    }
                })
                .collect();
            t.rows.push(Row::new(cells));
        }
        blocks.push(t.into());
        blocks.push(
            Para::new(
                Style::Plain,
                "各类活动一栏为“已开展次数/规定次数”。合计的平均参会率 = 各支部实到人次之和 ÷ 应到人次之和。\
                 “提醒”“最近记录”只有数据库来源才有。",
            )
            .into(),
        );
    }
    Document {
        title,
        sections: vec![Section::landscape(blocks)],
    }
}

/// A landscape page's text width in half characters of 五号 (about 224 mm at 1.85 mm).
const PAGE_HALF_CHARS: u32 = 121;
/// A cell's margins, in half characters.
const PADDING: u32 = 2;
/// The narrowest column: its two-character header on one line.
const NARROWEST: u32 = 6;

/// Relative column widths (thousandths adding up to 1000): a column of figures as wide as its widest figure
/// (so that 12/12 or 2026-11-20 never breaks), the text columns sharing the rest by how much they hold.
fn widths(rows: &[Vec<String>], figures: &[bool]) -> Vec<u16> {
    let half_chars = |s: &str| -> u32 { s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum() };
    let need: Vec<u32> = (0..figures.len())
        .map(|c| rows.iter().map(|r| half_chars(&r[c])).max().unwrap_or(0))
        .collect();
    let fixed: u32 = (0..figures.len())
        .filter(|c| figures[*c])
        .map(|c| (need[c] + PADDING).max(NARROWEST))
        .sum();
    let text_need: u32 = (0..figures.len())
        .filter(|c| !figures[*c])
        .map(|c| need[c].clamp(4, 40))
        .sum();
    let room = PAGE_HALF_CHARS.saturating_sub(fixed).max(text_need.min(12 * PADDING));
    let weights: Vec<u32> = (0..figures.len())
        .map(|c| {
            if figures[c] {
                (need[c] + PADDING).max(NARROWEST)
            } else {
                (room * need[c].clamp(4, 40) / text_need.max(1)).max(NARROWEST)
            }
        })
        .collect();
    let total: u32 = weights.iter().sum::<u32>().max(1);
    let mut w: Vec<u16> = weights.iter().map(|x| (x * 1000 / total) as u16).collect();
    let short = 1000u32.saturating_sub(w.iter().map(|x| u32::from(*x)).sum::<u32>());
    if let Some(first) = w.first_mut() {
        *first += short as u16;
    }
    w
}
