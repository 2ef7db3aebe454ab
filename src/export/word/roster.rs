//! The 党员名册 as a Word file, on a landscape page: everyone in the branch on the day it is made (transferred
//! out members left out), in the order of the roster page (by party group, then full, probationary, activist),
//! with kind, group, committee seat or group leadership, dates, 流动党员 and phone. Notes are not included.

use super::model::{self, Align, Cell, Document, Para, Row, Section, Style, Table, TITLE_LANDSCAPE};
use crate::domain::sort::sort_by_key;
use crate::domain::{Dataset, Date, Member, MemberKind};

/// The roster as it stands on `today`.
pub fn roster_document(data: &Dataset, today: Date) -> Document {
    let branch = if data.branch.name.trim().is_empty() {
        "本党支部".to_owned()
    } else {
        data.branch.name.trim().to_owned()
    };
    let mut members: Vec<(usize, &Member)> = data
        .members
        .iter()
        .filter(|m| m.left_branch.is_none_or(|l| today < l))
        .map(|m| {
            let group = m
                .group
                .as_ref()
                .and_then(|g| data.groups.iter().position(|x| &x.id == g))
                .unwrap_or(usize::MAX);
            (group, m)
        })
        .collect();
    sort_by_key(&mut members, |(g, m)| (*g, m.kind as u8));
    let count = |k: MemberKind| members.iter().filter(|(_, m)| m.kind == k).count();
    let title = format!("{branch}党员名册");
    let meta = format!(
        "截至{}，共{}人：正式党员{}名、预备党员{}名、入党积极分子{}名",
        today.chinese(),
        members.len(),
        count(MemberKind::Full),
        count(MemberKind::Probationary),
        count(MemberKind::Activist)
    );
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let centred = |t: String| Cell::text(t).aligned(Align::Center);
    let mut t = Table::new(vec![50, 100, 100, 120, 150, 110, 110, 110, 60, 90])
        .compact()
        .row(Row::header(&[
            "序号",
            "姓名",
            "类别",
            "党小组",
            "职务",
            "入党日期",
            "转正日期",
            "转入本支部",
            "流动党员",
            "联系电话",
        ]));
    for (i, (_, m)) in members.iter().enumerate() {
        let mut roles: Vec<String> = data
            .branch
            .roles_of(&m.id)
            .iter()
            .map(|r| r.label().to_owned())
            .collect();
        for g in data.groups.iter().filter(|g| g.group_leader.as_ref() == Some(&m.id)) {
            roles.push(format!("{}组长", g.name));
        }
        t.rows.push(Row::new(vec![
            centred((i + 1).to_string()),
            Cell::text(&m.name),
            Cell::text(m.kind.label()),
            Cell::text(m.group.as_ref().map(|g| data.group_name(g)).unwrap_or_default()),
            Cell::text(roles.join("、")),
            centred(date(m.party_joined)),
            centred(date(m.full_since)),
            centred(m.joined_branch.map_or_else(|| "不详".to_owned(), |d| d.to_string())),
            centred(if m.mobile { "是" } else { "" }.to_owned()),
            Cell::text(&m.phone),
        ]));
    }
    let mut blocks = vec![
        model::title(&branch, "", "党员名册", TITLE_LANDSCAPE).into(),
        Para::new(Style::Meta, meta).into(),
    ];
    if members.is_empty() {
        blocks.push(Para::new(Style::Body, "名册中没有人员。").into());
    } else {
        blocks.push(t.into());
    }
    Document {
        title,
        sections: vec![Section {
            landscape: true,
            header: None,
            page_numbers: true,
            plain_first_page: false,
            blocks,
        }],
    }
}
