//! The annual summary as a Word file (年度组织生活情况总结): the sentence and figures (attendance, study-plan
//! completion, study hours, heart talks), the table per kind, every held activity, a place to sign; then, in a
//! landscape section, the per-member figures and the month sheet (出席/请假/缺席/补学/异地 per month).
//! The charts of the printed summary are left out: the tables carry the same numbers.

use super::model::{title, Align, Block, Cell, Document, Inline, Para, Row, Section, Style, Table, TITLE_PORTRAIT};
use crate::domain::member_stats::{percent, Mark};
use crate::domain::rules::format_number;
use crate::domain::summary::AnnualSummary;
use crate::domain::Date;

fn rate(r: Option<u32>) -> String {
    r.map(|r| format!("{r}%")).unwrap_or_else(|| "—".to_owned())
}

fn num(text: impl AsRef<str>) -> Cell {
    Cell::text(text).aligned(Align::Center)
}

/// The summary of a year, made on `made_on` (制表日期).
pub fn summary_document(s: &AnnualSummary, made_on: Date) -> Document {
    let branch = s.branch_title();
    let y = s.year;
    let mut meta = Vec::new();
    if !s.parent_org.trim().is_empty() {
        meta.push(format!("上级党组织：{}", s.parent_org.trim()));
    }
    meta.push(s.period_text());
    meta.push(format!("制表日期：{}", made_on.chinese()));
    let mut main: Vec<Block> = vec![
        title(&branch, "", &format!("{y}年度组织生活情况总结"), TITLE_PORTRAIT).into(),
        Para::new(Style::Meta, meta.join("　")).into(),
    ];
    let as_of = s.as_of_text();
    if !as_of.is_empty() {
        main.push(
            Para::new(
                Style::Meta,
                format!("（{as_of}的统计：本年度尚未结束，只有已经过去的月份和季度计为未完成。）"),
            )
            .into(),
        );
    }
    main.push(Para::new(Style::Heading1, "一、总体情况").into());
    main.push(Para::new(Style::Body, s.sentence()).into());
    for f in s.figure_lines() {
        main.push(Para::new(Style::Body, format!("{f}。")).into());
    }

    main.push(Para::new(Style::Heading1, "二、组织生活情况统计表").into());
    if s.rows.is_empty() {
        main.push(Para::new(Style::Body, "本年度没有检查规则，也没有已开展的活动。").into());
    } else {
        main.push(Para::new(Style::Caption, format!("{branch}{y}年度组织生活情况统计")).into());
        let mut t = Table::new(vec![200, 150, 200, 150, 300]).row(Row::header(&[
            "类别",
            "要求次数",
            "实际开展",
            "平均参会率",
            "未完成期间",
        ]));
        for r in &s.rows {
            let held = if r.combined > 0 {
                format!("{}（含组织生活会{}次）", r.held, r.combined)
            } else {
                r.held.to_string()
            };
            t.rows.push(Row::new(vec![
                Cell::head(&r.label),
                num(r.required.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned())),
                num(held),
                num(rate(r.average_rate)),
                Cell::text(&r.missed_text),
            ]));
        }
        main.push(t.into());
    }

    main.push(Para::new(Style::Heading1, "三、全年组织生活一览").into());
    if s.activities.is_empty() {
        main.push(Para::new(Style::Body, "本年度还没有已开展的活动记录。").into());
    } else {
        main.push(
            Para::new(
                Style::Caption,
                format!("{y}年已开展的组织生活（{}次）", s.activities.len()),
            )
            .into(),
        );
        let mut t = Table::new(vec![70, 150, 200, 340, 80, 80, 80])
            .compact()
            .row(Row::header(&["序号", "日期", "类别", "主题", "应到", "实到", "参会率"]));
        for (i, a) in s.activities.iter().enumerate() {
            t.rows.push(Row::new(vec![
                num((i + 1).to_string()),
                num(a.date.to_string()),
                Cell::text(&a.label),
                Cell::text(&a.theme),
                num(a.expected.to_string()),
                num(a.attended.to_string()),
                num(rate(percent(a.attended, a.expected))),
            ]));
        }
        main.push(t.into());
    }
    main.push(
        Para::of(
            Style::Sign,
            vec![
                Inline::Text("党支部书记（签字）：".to_owned()),
                Inline::Blank(5),
                Inline::Text("　　日期：".to_owned()),
                Inline::Blank(5),
            ],
        )
        .into(),
    );

    let mut annex: Vec<Block> = vec![Para::new(Style::Title, format!("{y}年党员参加组织生活情况表")).into()];
    if s.members.is_empty() {
        annex.push(Para::new(Style::Body, "本年度没有在册党员。").into());
    } else {
        annex.push(
            Para::new(
                Style::Caption,
                format!("{y}年党员参加组织生活情况（{}人）", s.members.len()),
            )
            .into(),
        );
        let mut t = Table::new(vec![100, 100, 105, 55, 55, 65, 55, 55, 55, 80, 80, 55, 70, 70])
            .compact()
            .row(Row::header(&[
                "姓名",
                "类别",
                "党小组",
                "应到",
                "实到",
                "参会率",
                "请假",
                "缺席",
                "异地",
                "补学已完成",
                "补学未完成",
                "学时",
                "谈心谈话",
                "评议等次",
            ]));
        for m in &s.members {
            t.rows.push(Row::new(vec![
                Cell::text(&m.name),
                Cell::text(m.kind.label()),
                Cell::text(&m.group_name),
                num(m.expected.to_string()),
                num(m.attended.to_string()),
                num(rate(m.rate_percent())),
                num(m.leave.to_string()),
                num(m.absent.to_string()),
                num(m.elsewhere.to_string()),
                num(m.make_up_done.to_string()),
                num(m.make_up_owed.to_string()),
                num(format_number(m.study_hours)),
                num(m.heart_talks.to_string()),
                Cell::text(m.rating.map_or("—", |r| r.label())),
            ]));
        }
        annex.push(t.into());

        annex.push(Para::new(Style::Caption, format!("{y}年党员参加组织生活月度情况表")).into());
        let mut widths = vec![120u16];
        widths.extend([73u16; 11]);
        widths.push(77);
        let mut head = vec!["姓名".to_owned()];
        head.extend((1..=12).map(|m| format!("{m}月")));
        let mut t = Table::new(widths).compact().row(Row::header(&head));
        for m in &s.members {
            let mut cells = vec![Cell::text(&m.name)];
            cells.extend(m.months.iter().map(|c| num(c.text())));
            t.rows.push(Row::new(cells));
        }
        annex.push(t.into());
        let legend: Vec<&str> = Mark::ALL.iter().map(|m| m.label()).collect();
        annex.push(
            Para::new(
                Style::Plain,
                format!(
                    "说明：每格列出当月各次活动的情况（{}，数字为次数）；空格为当月无应参加的活动；“—”为当月不在本支部。",
                    legend.join("、")
                ),
            )
            .into(),
        );
    }

    Document {
        title: format!("{branch}{y}年度组织生活情况总结"),
        sections: vec![
            Section {
                landscape: false,
                header: None,
                page_numbers: true,
                plain_first_page: false,
                blocks: main,
            },
            Section::landscape(annex),
        ],
    }
}
