//! The year's plans as Word files: the 学习计划表 (one row per study item: time, topic, materials, format,
//! 领学人, hours, done) and the 年度计划 of organisational life (month by month: day, time, kind, theme,
//! place, lecturer, status; 谈心谈话 left out, as on the page).

use super::model::{self, Align, Block, Cell, Document, Para, Row, Section, Style, Table, TITLE_LANDSCAPE};
use crate::domain::plan::{completion, study_completion};
use crate::domain::schedule::{day_short, kind_has_theme, time_text, year_items, Audience};
use crate::domain::study::{hours_text, planned_group_hours, year_lines};
use crate::domain::{ActivityKind, ActivityStatus, Dataset};

fn branch_title(data: &Dataset) -> String {
    let b = data.branch.name.trim();
    if b.is_empty() {
        "本党支部".to_owned()
    } else {
        b.to_owned()
    }
}

fn centred(text: impl AsRef<str>) -> Cell {
    Cell::text(text).aligned(Align::Center)
}

/// The 学习计划表 of `year`.
pub fn study_plan_document(data: &Dataset, year: i32) -> Document {
    let branch = branch_title(data);
    let what = format!("{year}年度学习计划表");
    let title = format!("{branch}{what}");
    let lines = year_lines(data, year);
    let done = study_completion(data, year);
    let hours = planned_group_hours(data, year);
    let mut meta = format!("共{}项，已完成{}项", done.total, done.done);
    if hours > 0.0 {
        meta.push_str(&format!("；计划集中学习（不含自学）{}学时", hours_text(hours)));
    }
    let mut blocks: Vec<Block> = vec![
        model::title(&branch, "", &what, TITLE_LANDSCAPE).into(),
        Para::new(Style::Meta, meta).into(),
    ];
    if lines.is_empty() {
        blocks.push(Para::new(Style::Body, "本年度还没有学习安排。").into());
    } else {
        let mut t = Table::new(vec![50, 140, 250, 240, 80, 80, 60, 100])
            .compact()
            .row(Row::header(&[
                "序号",
                "时间",
                "学习主题",
                "学习材料",
                "形式",
                "领学人",
                "学时",
                "完成情况",
            ]));
        for (i, l) in lines.iter().enumerate() {
            t.rows.push(Row::new(vec![
                centred((i + 1).to_string()),
                Cell::text(&l.when),
                Cell::text(&l.topic),
                Cell::text(&l.materials),
                centred(l.format),
                centred(&l.leader),
                centred(&l.hours),
                centred(if l.done { "已完成" } else { "" }),
            ]));
        }
        blocks.push(t.into());
    }
    Document {
        title,
        sections: vec![Section::landscape(blocks)],
    }
}

/// The 年度计划 of `year`: the plan as it stands (planned, held and cancelled entries), month by month.
pub fn year_plan_document(data: &Dataset, year: i32) -> Document {
    let branch = branch_title(data);
    let what = format!("{year}年度组织生活计划");
    let title = format!("{branch}{what}");
    let counts: Vec<String> = completion(data, year)
        .into_iter()
        .filter(|c| c.kind != ActivityKind::HeartTalk && c.planned_total > 0)
        .map(|c| format!("{}{}次（已开展{}次）", c.kind.label(), c.planned_total, c.held))
        .collect();
    let mut blocks: Vec<Block> = vec![model::title(&branch, "", &what, TITLE_LANDSCAPE).into()];
    if !counts.is_empty() {
        blocks.push(Para::new(Style::Meta, format!("全年计划：{}", counts.join("、"))).into());
    }
    let items: Vec<_> = year_items(data, Audience::Branch, year, true)
        .into_iter()
        .filter(|a| a.kind != ActivityKind::HeartTalk)
        .collect();
    if items.is_empty() {
        blocks.push(
            Para::new(
                Style::Body,
                "本年度还没有计划。可在“学习计划 → 年度活动计划”中生成年度计划。",
            )
            .into(),
        );
    } else {
        let mut t = Table::new(vec![130, 110, 190, 280, 130, 80, 80])
            .compact()
            .row(Row::header(&[
                "日期",
                "时间",
                "活动",
                "主题 / 内容",
                "地点",
                "授课人",
                "状态",
            ]));
        let mut month = 0u8;
        for a in items {
            if a.date.month() != month {
                month = a.date.month();
                t.rows
                    .push(Row::new(vec![Cell::head(format!("{month}月")).spanning(7)]));
            }
            let kind = match (&a.group, a.kind) {
                (Some(g), ActivityKind::GroupMeeting) => format!("{}（{}）", a.kind.label(), data.group_name(g)),
                _ => a.kind.label().to_owned(),
            };
            let theme = if !a.theme.trim().is_empty() {
                a.theme.trim().to_owned()
            } else if a.status == ActivityStatus::Planned && kind_has_theme(a.kind) {
                "（待定）".to_owned()
            } else {
                String::new()
            };
            let lecturer = match (&a.lecturer, a.kind) {
                (Some(m), ActivityKind::PartyLecture) => data.member_name(m),
                (None, ActivityKind::PartyLecture) => a.lecturer_name.trim().to_owned(),
                _ => String::new(),
            };
            t.rows.push(Row::new(vec![
                Cell::text(day_short(a.date)),
                centred(time_text(a)),
                Cell::text(kind),
                Cell::text(theme),
                Cell::text(&a.location),
                centred(lecturer),
                centred(a.status.label()),
            ]));
        }
        blocks.push(t.into());
    }
    Document {
        title,
        sections: vec![Section::landscape(blocks)],
    }
}
