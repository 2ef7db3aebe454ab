//! The one table of the 汇总 page: a row per branch, whether from a summary file or from a branch database
//! ([`crate::export::rollup`]), held/required per kind (short ones marked, with the missed periods), the
//! year's figures, and for databases the alerts, the last record and when it was synced; a database still
//! being read, or that could not be read, has its row saying so. The totals count the rows that are in.
//!
//! Written as one HTML string ([`crate::html`]): up to a few hundred branches redrawn as each one arrives, in
//! one parse. Its buttons are handled by one listener on the wrapper (`data-open`: a database's 查看;
//! `data-remove`: a file's 移除). Rows carry `data-source` (`db:<name>` or `file:<name>`), `data-branch` and
//! `data-state` (`waiting`, `pulling`, `done`, `failed`); a kind's cell carries `data-kind` and, when
//! short, `data-missed` (the periods, joined by 、).

use crate::domain::member_stats::percent;
use crate::domain::ActivityKind;
use crate::export::rollup::{
    cell, data_time_text, doc_items_text, gaps_text, held_text, items_text, kinds_of, missed_of, rate_text,
    ratings_text, totals, totals_ratings_text, Origin, RollupRow,
};
use crate::html::Html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where a branch database stands on the page.
#[derive(Debug, Clone, PartialEq)]
pub enum DbState {
    /// Listed, not read yet in this visit.
    Waiting,
    /// Being read now.
    Pulling,
    /// Read (its row is in).
    Done,
    /// The last attempt failed: the reason and what to do.
    Failed(String),
}

impl DbState {
    fn code(&self) -> &'static str {
        match self {
            DbState::Waiting => "waiting",
            DbState::Pulling => "pulling",
            DbState::Done => "done",
            DbState::Failed(_) => "failed",
        }
    }
}

/// One branch database of the committee's list.
#[derive(Debug, Clone, PartialEq)]
pub struct DbEntry {
    pub db: String,
    pub state: DbState,
    /// Its row from the last successful read (kept when a later read fails).
    pub row: Option<RollupRow>,
}

impl DbEntry {
    pub fn new(db: &str) -> DbEntry {
        DbEntry {
            db: db.to_owned(),
            state: DbState::Waiting,
            row: None,
        }
    }
}

/// The rows that are in: the databases' (in list order), then the files'.
pub fn rows_in(dbs: &[DbEntry], files: &[RollupRow]) -> Vec<RollupRow> {
    dbs.iter()
        .filter_map(|e| e.row.clone())
        .chain(files.iter().cloned())
        .collect()
}

/// Columns after the kinds: what is behind first (the missed periods of every row; the alerts and the last
/// record only a database has), when the data is from, then the year's figures.
const BEHIND: [&str; 4] = ["未完成期间", "提醒", "最近记录", "数据时间"];
const FIGURES: [&str; 7] = [
    "应到人次",
    "实到人次",
    "平均参会率",
    "学习计划",
    "学时达标",
    "民主评议",
    "整改",
];

fn push_head(h: &mut Html, kinds: &[ActivityKind]) {
    h.open("thead", &[]).open("tr", &[]);
    h.element("th", &[("scope", "col")], "支部");
    h.element("th", &[("scope", "col"), ("class", "num")], "年度");
    for k in kinds {
        h.element("th", &[("scope", "col"), ("class", "num")], k.label());
    }
    for c in BEHIND {
        let class = if c == "最近记录" || c == "数据时间" {
            ""
        } else {
            "num"
        };
        h.element("th", &[("scope", "col"), ("class", class)], c);
    }
    for c in FIGURES {
        h.element("th", &[("scope", "col"), ("class", "num")], c);
    }
    h.open("th", &[("scope", "col"), ("class", "no-print")])
        .element("span", &[("class", "sr-only")], "操作")
        .close("th");
    h.close("tr").close("thead");
}

/// The row of a branch that is in.
fn push_row(h: &mut Html, r: &RollupRow, kinds: &[ActivityKind], state: &DbState, warn: Option<&str>) {
    let d = &r.doc;
    let key = r.origin.key();
    h.open(
        "tr",
        &[
            ("data-source", &key),
            ("data-branch", r.name()),
            ("data-state", state.code()),
        ],
    );
    h.open("th", &[("scope", "row")]).text(r.name());
    let source = match &r.origin {
        Origin::File(f) => format!("文件 {f}"),
        Origin::Database(db) => format!("数据库 {db}"),
    };
    h.element("span", &[("class", "ru-file muted small")], &source);
    if let Some(w) = warn {
        h.element("span", &[("class", "ru-note ru-problem small")], w);
    }
    if let Some(note) = r.live.as_ref().filter(|l| !l.set_aside.is_empty()) {
        h.element(
            "span",
            &[("class", "ru-note ru-set-aside small")],
            &crate::domain::sync::committee::set_aside_text(&note.set_aside),
        );
    }
    h.close("th");
    h.element("td", &[("class", "num")], &d.year.to_string());
    for k in kinds {
        let c = cell(d, *k);
        let missed = missed_of(d, *k).join("、");
        let short = c.is_some_and(|(h, r)| r.is_some_and(|r| h < r)) || !missed.is_empty();
        let title = if missed.is_empty() {
            String::new()
        } else {
            format!("{}未完成：{missed}", k.label())
        };
        let mut attrs: Vec<(&'static str, &str)> = vec![
            ("class", if short { "num ru-short" } else { "num" }),
            ("data-kind", k.code()),
        ];
        if !missed.is_empty() {
            attrs.push(("data-missed", &missed));
            attrs.push(("title", &title));
        }
        h.element("td", &attrs, &held_text(c));
    }
    let gaps = gaps_text(d);
    let missed = r.missed_count().to_string();
    if gaps.is_empty() {
        h.element("td", &[("class", "num ru-missed")], &missed);
    } else {
        h.element("td", &[("class", "num ru-missed"), ("title", &gaps)], &missed);
    }
    match &r.live {
        Some(l) => {
            h.element("td", &[("class", "num ru-alerts")], &l.alerts.to_string());
            let last = l.last_record.map(|d| d.to_string()).unwrap_or_else(|| "—".to_owned());
            h.element("td", &[("class", "nowrap ru-last")], &last);
        }
        None => {
            h.element("td", &[("class", "num ru-alerts")], "—");
            h.element("td", &[("class", "ru-last")], "—");
        }
    }
    h.element("td", &[("class", "ru-time")], &data_time_text(r));
    let hours = d
        .study_hours
        .as_ref()
        .map(|h| format!("{}/{}", h.met, h.members))
        .unwrap_or_else(|| "—".to_owned());
    h.element("td", &[("class", "num ru-expected")], &d.totals.expected.to_string())
        .element("td", &[("class", "num ru-attended")], &d.totals.attended.to_string())
        .element("td", &[("class", "num ru-rate")], &rate_text(d.totals.average_rate))
        .element(
            "td",
            &[("class", "num")],
            &format!("{}/{}", d.study_plan.done, d.study_plan.total),
        )
        .element("td", &[("class", "num")], &hours)
        .element("td", &[("class", "num nowrap ru-ratings")], &ratings_text(d))
        .element("td", &[("class", "num nowrap ru-items")], &doc_items_text(d));
    h.open("td", &[("class", "no-print nowrap")]);
    match &r.origin {
        Origin::Database(db) => {
            let label = format!("查看 {} 的合规检查和年度总结", r.name());
            h.element(
                "button",
                &[
                    ("type", "button"),
                    ("class", "btn btn-small"),
                    ("data-open", db),
                    ("aria-label", &label),
                ],
                "查看",
            );
        }
        Origin::File(f) => {
            let label = format!("移除 {f}");
            h.element(
                "button",
                &[
                    ("type", "button"),
                    ("class", "btn btn-small"),
                    ("data-remove", f),
                    ("aria-label", &label),
                ],
                "移除",
            );
        }
    }
    h.close("td").close("tr");
}

/// The row of a database that is not in (yet): its name and what stands (the reason of a failure under the
/// name, where it is seen without scrolling sideways).
fn push_pending(h: &mut Html, e: &DbEntry, columns: usize) {
    let key = Origin::Database(e.db.clone()).key();
    h.open(
        "tr",
        &[
            ("data-source", &key),
            ("data-branch", &e.db),
            ("data-state", e.state.code()),
        ],
    );
    h.open("th", &[("scope", "row")])
        .text(&e.db)
        .element("span", &[("class", "ru-file muted small")], "数据库");
    if let DbState::Failed(why) = &e.state {
        h.element("span", &[("class", "ru-note ru-problem small")], why);
    }
    h.close("th");
    let span = columns.to_string();
    let (class, text) = match &e.state {
        DbState::Waiting => ("ru-status muted", "等待同步"),
        DbState::Pulling => ("ru-status", "正在读取…"),
        DbState::Done => ("ru-status", ""),
        DbState::Failed(_) => ("ru-status ru-problem", "未能读取"),
    };
    h.element("td", &[("colspan", &span), ("class", class)], text);
    h.close("tr");
}

/// The gaps in words under the table, branch by branch (a phone has no tooltip, paper neither).
fn push_gaps(h: &mut Html, rows: &[RollupRow]) {
    if rows.is_empty() {
        return;
    }
    let behind: Vec<&RollupRow> = rows.iter().filter(|r| r.missed_count() > 0).collect();
    h.open("section", &[("class", "ru-gaps"), ("aria-label", "未完成的项目")]);
    if behind.is_empty() {
        h.element("p", &[("class", "alert-ok")], "表中各支部均已完成规则要求的项目。");
    } else {
        h.element("h3", &[], &format!("未完成的项目（{}个支部）", behind.len()));
        h.open("ul", &[]);
        for r in behind {
            let key = r.origin.key();
            h.open("li", &[("data-source", &key)])
                .element("strong", &[], r.name())
                .text("：")
                .text(&gaps_text(&r.doc))
                .close("li");
        }
        h.close("ul");
    }
    h.close("section");
}

/// The whole table (or the empty note) as HTML.
pub fn table_html(dbs: &[DbEntry], files: &[RollupRow]) -> String {
    let rows = rows_in(dbs, files);
    let kinds = kinds_of(&rows);
    let mut h = Html::with_capacity(2048 + (dbs.len() + files.len()) * 2048);
    let caption = format!("各支部组织生活情况汇总（{}个支部；开展次数/要求次数）", rows.len());
    h.open(
        "div",
        &[
            ("class", "table-wrap"),
            ("tabindex", "0"),
            ("role", "region"),
            ("aria-label", &caption),
        ],
    )
    .open("table", &[("class", "table rollup-table")])
    .element("caption", &[], &caption);
    push_head(&mut h, &kinds);
    h.open("tbody", &[]);
    // Every column after 支部.
    let columns = 1 + kinds.len() + BEHIND.len() + FIGURES.len() + 1;
    for e in dbs {
        match &e.row {
            Some(r) => {
                let warn = match &e.state {
                    DbState::Failed(why) => Some(format!("本次同步未成功，显示的是上次读取的数据：{why}")),
                    _ => None,
                };
                push_row(&mut h, r, &kinds, &e.state, warn.as_deref());
            }
            None => push_pending(&mut h, e, columns),
        }
    }
    for f in files {
        push_row(&mut h, f, &kinds, &DbState::Done, None);
    }
    h.close("tbody");
    let t = totals(&rows, &kinds);
    h.open("tfoot", &[]).open("tr", &[("class", "ru-total")]);
    h.element("th", &[("scope", "row")], &format!("合计（{}个支部）", rows.len()))
        .element("td", &[], "");
    for (c, k) in t.per_kind.iter().zip(&kinds) {
        h.element("td", &[("class", "num"), ("data-kind", k.code())], &held_text(Some(*c)));
    }
    h.element("td", &[("class", "num ru-missed")], &t.missed.to_string())
        .element(
            "td",
            &[("class", "num ru-alerts")],
            &t.alerts.map(|a| a.to_string()).unwrap_or_else(|| "—".to_owned()),
        )
        .element("td", &[], "")
        .element("td", &[], "")
        .element("td", &[("class", "num ru-expected")], &t.expected.to_string())
        .element("td", &[("class", "num ru-attended")], &t.attended.to_string())
        .element(
            "td",
            &[("class", "num ru-rate")],
            &rate_text(percent(t.attended, t.expected)),
        )
        .element("td", &[("class", "num")], &format!("{}/{}", t.plan_done, t.plan_total))
        .element(
            "td",
            &[("class", "num")],
            &format!("{}/{}", t.hours_met, t.hours_members),
        )
        .element("td", &[("class", "num nowrap ru-ratings")], &totals_ratings_text(&t))
        .element(
            "td",
            &[("class", "num nowrap ru-items")],
            &items_text(t.items_closed, t.items, t.items_overdue),
        )
        .element("td", &[("class", "no-print")], "");
    h.close("tr").close("tfoot").close("table").close("div");
    push_gaps(&mut h, &rows);
    h.into_string()
}

/// The table; `on_open` gets a database's name (its 查看), `on_remove` a file's name (its 移除).
#[component]
pub fn RollupTable(
    dbs: Signal<Vec<DbEntry>>,
    files: Signal<Vec<RollupRow>>,
    on_open: Callback<String>,
    on_remove: Callback<String>,
) -> impl IntoView {
    let html = Memo::new(move |_| dbs.with(|d| files.with(|f| table_html(d, f))));
    let click = move |ev: leptos::ev::MouseEvent| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
            return;
        };
        let Ok(Some(button)) = target.closest("button[data-open], button[data-remove]") else {
            return;
        };
        if let Some(db) = button.get_attribute("data-open") {
            on_open.run(db);
        } else if let Some(file) = button.get_attribute("data-remove") {
            on_remove.run(file);
        }
    };
    view! { <div class="ru-table" on:click=click inner_html=move || html.get()></div> }
}
