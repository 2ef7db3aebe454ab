//! The compliance grid of a year: months across, one row per rule (per party group for 党小组会); quarterly
//! and yearly rules span their months. Each cell says met / missed / due / upcoming (or not applicable) and
//! leads to what it counts or to what fixes it.
//!
//! Cells carry `data-slot` (the period's index) and `data-status` (`met`, `missed`, `due`, `upcoming`,
//! `not_applicable`); rows carry `data-rule` and, for groups, `data-group`. The table is written as one HTML
//! string ([`crate::html`], [`table_html`]): it holds only text and plain links.

use crate::domain::compliance::{year_grid, Cell, CellStatus, Grid, Row};
use crate::domain::rules::{Period, RuleKind};
use crate::domain::{Dataset, Date};
use crate::html::Html;
use crate::ui::clock::today;
use crate::ui::components::compliance_links::{activity_href, members_href, new_activity_href};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// The status as used in `data-status` and CSS classes.
pub fn status_code(status: CellStatus) -> &'static str {
    match status {
        CellStatus::Met => "met",
        CellStatus::Missed => "missed",
        CellStatus::Due => "due",
        CellStatus::Upcoming => "upcoming",
        CellStatus::NotApplicable => "not_applicable",
    }
}

/// The mark shown in a cell.
fn symbol(status: CellStatus) -> &'static str {
    match status {
        CellStatus::Met => "✓",
        CellStatus::Missed => "✗",
        CellStatus::Due => "待",
        CellStatus::Upcoming => "",
        CellStatus::NotApplicable => "—",
    }
}

fn is_member_rule(row: &Row) -> bool {
    matches!(row.kind, RuleKind::StudyHours | RuleKind::HeartTalkCoverage)
}

/// The words in a cell: a mark and, where it helps, the count ("✓2", "✗ 1/2", "✓ 38/40人").
fn cell_text(row: &Row, cell: &Cell) -> String {
    let mark = symbol(cell.status);
    if is_member_rule(row) {
        return match cell.status {
            CellStatus::NotApplicable | CellStatus::Upcoming => mark.to_owned(),
            _ => format!("{mark} {}/{}人", cell.count, cell.target),
        };
    }
    let wide = row.period != Period::Month;
    match cell.status {
        CellStatus::Met if cell.count > 1 || wide => format!("{mark}{}", cell.count),
        CellStatus::Missed | CellStatus::Due if cell.count > 0 => format!("{mark}{}/{}", cell.count, cell.target),
        _ => mark.to_owned(),
    }
}

/// What a cell says in full, for the tooltip and screen readers.
fn cell_title(row: &Row, cell: &Cell) -> String {
    let when = cell.slot.label();
    let state = cell.status.label();
    if is_member_rule(row) {
        if cell.target == 0 {
            return format!("{}{when}：{state}", row.label);
        }
        return format!("{}{when}：{state}，{}/{}名党员达标", row.label, cell.count, cell.target);
    }
    let mut s = format!("{}{when}：{state}", row.label);
    if cell.status != CellStatus::NotApplicable {
        s.push_str(&format!("，已开展{}次，要求{}次", cell.count, cell.target));
    }
    if !row.remark.is_empty() {
        s.push_str(&format!("（{}）", row.remark));
    }
    s
}

/// Where a cell leads: the counted activity, the record form for a missing one, or the members below.
fn cell_href(row: &Row, cell: &Cell, today: Date) -> Option<String> {
    let kind = match row.kind {
        RuleKind::Activity(kind) => kind,
        _ => {
            return (!cell.short.is_empty()).then(|| {
                let ids: Vec<_> = cell.short.iter().map(|s| s.member.clone()).collect();
                members_href(cell.slot.year, &ids)
            })
        }
    };
    match cell.status {
        CellStatus::Met => cell.activities.first().map(|a| activity_href(a.as_str())),
        CellStatus::Missed | CellStatus::Upcoming => Some(new_activity_href(
            kind,
            row.group.as_ref(),
            cell.slot.year,
            *cell.slot.months().start(),
        )),
        CellStatus::Due => {
            let month = if cell.slot.contains(today) {
                today.month()
            } else {
                *cell.slot.months().start()
            };
            Some(new_activity_href(kind, row.group.as_ref(), cell.slot.year, month))
        }
        CellStatus::NotApplicable => None,
    }
}

/// How many cells are missed and due.
pub fn grid_counts(grid: &Grid) -> (usize, usize) {
    let cells = grid.rows.iter().flat_map(|r| r.cells.iter());
    let missed = cells.clone().filter(|c| c.status == CellStatus::Missed).count();
    let due = cells.filter(|c| c.status == CellStatus::Due).count();
    (missed, due)
}

/// One row of the grid, written to `h`; `links`: each cell leads to what it counts or fixes (the branch's own
/// data), otherwise the cells are plain text (another branch's data, read-only).
fn push_row(h: &mut Html, row: &Row, today: Date, links: bool) {
    let span = match row.period {
        Period::Month => "1",
        Period::Quarter => "3",
        Period::Year => "12",
    };
    match &row.group {
        Some(g) => h.open("tr", &[("data-rule", &row.rule_id), ("data-group", g.as_str())]),
        None => h.open("tr", &[("data-rule", &row.rule_id)]),
    };
    h.open("th", &[("scope", "row"), ("class", "cg-label")])
        .element("span", &[("class", "cg-name")], &row.label)
        .element("span", &[("class", "cg-period")], row.period.label());
    if !row.remark.is_empty() {
        h.element("span", &[("class", "cg-remark")], &row.remark);
    }
    h.close("th");
    for cell in &row.cells {
        let code = status_code(cell.status);
        let text = cell_text(row, cell);
        let title = cell_title(row, cell);
        let class = format!("cg-cell cg-{code}");
        let slot = cell.slot.index.to_string();
        h.open(
            "td",
            &[
                ("colspan", span),
                ("class", &class),
                ("data-slot", &slot),
                ("data-status", code),
                ("title", &title),
            ],
        );
        match cell_href(row, cell, today).filter(|_| links) {
            Some(href) => h.element("a", &[("href", &href), ("aria-label", &title)], &text),
            None => {
                h.element("span", &[("aria-hidden", "true")], &text)
                    .element("span", &[("class", "sr-only")], &title)
            }
        };
        h.close("td");
    }
    h.close("tr");
}

/// The grid's table as one HTML string ([`crate::html`]): about 230 elements, which the cold start with data
/// draws. `links`: see [`push_row`].
pub fn table_html(g: &Grid, today: Date, links: bool) -> String {
    let mut h = Html::with_capacity(512 + g.rows.len() * 1536);
    h.open("table", &[("class", "table compliance-grid")])
        .element(
            "caption",
            &[("class", "sr-only")],
            &format!("{}年组织生活合规检查表", g.year),
        )
        .open("thead", &[])
        .open("tr", &[])
        .element("th", &[("scope", "col"), ("class", "cg-label")], "项目");
    for m in 1..=12 {
        h.element("th", &[("scope", "col"), ("class", "cg-month")], &format!("{m}月"));
    }
    h.close("tr").close("thead").open("tbody", &[]);
    for row in &g.rows {
        push_row(&mut h, row, today, links);
    }
    h.close("tbody").close("table");
    h.into_string()
}

/// The legend under the grid.
#[component]
pub fn ComplianceLegend() -> impl IntoView {
    let items = [
        CellStatus::Met,
        CellStatus::Missed,
        CellStatus::Due,
        CellStatus::Upcoming,
        CellStatus::NotApplicable,
    ];
    view! {
        <ul class="cg-legend" aria-label="图例">
            {items
                .into_iter()
                .map(|s| {
                    view! {
                        <li>
                            <span class=format!("cg-swatch cg-{}", status_code(s)) aria-hidden="true">{symbol(s)}</span>
                            {s.label()}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The grid for `year`, as of today, with the branch's rules: computed once for the grid and its alerts.
pub fn year_grid_memo(year: Signal<i32>) -> Memo<Grid> {
    grid_memo_of(use_app().data.into(), year)
}

/// [`year_grid_memo`] of another dataset than the app's own (a branch the committee reads).
pub fn grid_memo_of(data: Signal<Dataset>, year: Signal<i32>) -> Memo<Grid> {
    Memo::new(move |_| {
        let y = year.get();
        data.with(|d| year_grid(d, &d.effective_rules(), y, today()))
    })
}

/// Draws `grid` ([`year_grid_memo`]).
#[component]
pub fn ComplianceGrid(
    grid: Memo<Grid>,
    /// Cells as plain text, leading nowhere (another branch's data, read-only).
    #[prop(optional)]
    read_only: bool,
) -> impl IntoView {
    move || {
        let today = today();
        grid.with(|g| {
            if g.rows.is_empty() {
                return view! {
                    <p class="empty">"没有启用的检查规则。可在" <a href="/rules">"检查规则"</a> "中启用。"</p>
                }
                .into_any();
            }
            let (missed, due) = grid_counts(g);
            let status = if missed == 0 && due == 0 && g.year < today.year() {
                format!("{}年各项检查均已完成。", g.year)
            } else if missed == 0 && due == 0 {
                format!("{}年目前没有未完成的项目。", g.year)
            } else {
                format!("{}年：未完成 {missed} 项，待完成 {due} 项。", g.year)
            };
            let table = table_html(g, today, !read_only);
            view! {
                <p class="cg-status" role="status">{status}</p>
                <div class="table-wrap cg-wrap" inner_html=table></div>
                <ComplianceLegend/>
            }
            .into_any()
        })
    }
}
