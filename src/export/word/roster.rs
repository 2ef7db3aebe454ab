//! The 党员名册 as a Word file, on a landscape page: everyone in the branch on the day it is made (transferred
//! out members left out), in the order of the roster page ([`Dataset::roster_order`]: by party group, then full, probationary,
//! activist, then by name in the branch's order),
//! with kind, group, committee seat or group leadership, dates, 流动党员 and phone. Notes are not included.

use super::model::{self, Align, Cell, Document, Para, Row, Section, Style, Table, TITLE_LANDSCAPE};
use crate::domain::{Dataset, Date, Member, MemberKind};

/// The roster as it stands on `today`.
pub fn roster_document(data: &Dataset, today: Date) -> Document {
    let branch = if data.branch.name.trim().is_empty() {
        "本党支部".to_owned()
    } else {
        data.branch.name.trim().to_owned()
    };
    let members: Vec<&Member> = data
        .roster_order()
        .into_iter()
        .filter(|m| m.left_branch.is_none_or(|l| today < l))
        .collect();
    let count = |k: MemberKind| members.iter().filter(|m| m.kind == k).count();
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
    let mut t = Table::new(vec![50, 95, 115, 115, 145, 110, 110, 110, 60, 90])
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
    for (i, m) in members.iter().enumerate() {
        t.rows.push(Row::new(vec![
            centred((i + 1).to_string()),
            Cell::text(&m.name),
            Cell::text(m.kind.label()),
            Cell::text(m.group.as_ref().map(|g| data.group_name(g)).unwrap_or_default()),
            Cell::text(data.duties_of(&m.id).join("、")),
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
        sections: vec![Section::landscape(blocks)],
    }
}
