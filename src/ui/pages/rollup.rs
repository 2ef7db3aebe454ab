//! The 汇总 page (/rollup), for the committee above: load several branches' annual summary files
//! (zhibu-summary JSON, see docs/summary-format.md) and see one combined table.
//!
//! Read-only and kept apart from local data: the files live in this page's memory only, are never written
//! to the store, and are gone when the page is left. Each file is checked on its own (`from_json`); a bad
//! file is listed with its reason and the others still load.

use crate::domain::member_stats::percent;
use crate::domain::sort::sort;
use crate::domain::ActivityKind;
use crate::export::csv::write_csv;
use crate::export::summary_json::{from_json, SummaryDoc, MAX_SUMMARY_BYTES};
use crate::ui::clock::today;
use crate::ui::components::data_table::DataTable;
use crate::ui::components::download::{download_text, read_file_text};
use crate::ui::components::form_field::FormAlert;
use crate::ui::pages::stats::StatsTabs;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One loaded file.
#[derive(Clone, PartialEq)]
struct Loaded {
    file: String,
    doc: SummaryDoc,
}

/// The kinds that appear in any file, in the usual order.
fn kinds_of(files: &[Loaded]) -> Vec<ActivityKind> {
    ActivityKind::ALL
        .into_iter()
        .filter(|k| files.iter().any(|f| f.doc.table.iter().any(|r| r.kind == *k)))
        .collect()
}

/// Held and required of a kind in one file (`None` when the file has no row for it).
fn cell(doc: &SummaryDoc, kind: ActivityKind) -> Option<(u32, Option<u32>)> {
    doc.table.iter().find(|r| r.kind == kind).map(|r| (r.held, r.required))
}

fn held_text(c: Option<(u32, Option<u32>)>) -> String {
    match c {
        None => "—".to_owned(),
        Some((held, Some(req))) => format!("{held}/{req}"),
        Some((held, None)) => held.to_string(),
    }
}

fn rate_text(r: Option<u32>) -> String {
    r.map(|r| format!("{r}%")).unwrap_or_else(|| "—".to_owned())
}

/// The combined figures of all files.
struct Totals {
    per_kind: Vec<(u32, Option<u32>)>,
    expected: u32,
    attended: u32,
    plan_done: u32,
    plan_total: u32,
    hours_met: u32,
    hours_members: u32,
    missed: usize,
}

fn totals(files: &[Loaded], kinds: &[ActivityKind]) -> Totals {
    let per_kind = kinds
        .iter()
        .map(|k| {
            let cells: Vec<_> = files.iter().filter_map(|f| cell(&f.doc, *k)).collect();
            let held = cells.iter().map(|c| c.0).sum();
            let required = cells.iter().filter_map(|c| c.1).reduce(|a, b| a + b);
            (held, required)
        })
        .collect();
    let sum = |f: &dyn Fn(&SummaryDoc) -> u32| files.iter().map(|x| f(&x.doc)).sum::<u32>();
    Totals {
        per_kind,
        expected: sum(&|d| d.totals.expected),
        attended: sum(&|d| d.totals.attended),
        plan_done: sum(&|d| d.study_plan.done),
        plan_total: sum(&|d| d.study_plan.total),
        hours_met: sum(&|d| d.study_hours.as_ref().map_or(0, |h| h.met)),
        hours_members: sum(&|d| d.study_hours.as_ref().map_or(0, |h| h.members)),
        missed: files
            .iter()
            .map(|f| f.doc.table.iter().map(|r| r.missed.len()).sum::<usize>())
            .sum(),
    }
}

fn missed_count(doc: &SummaryDoc) -> usize {
    doc.table.iter().map(|r| r.missed.len()).sum()
}

/// The combined table as CSV rows (the same numbers as on screen).
fn csv_rows(files: &[Loaded]) -> Vec<Vec<String>> {
    let kinds = kinds_of(files);
    let mut head = vec!["支部".to_owned(), "上级党委".to_owned(), "年度".to_owned()];
    head.extend(kinds.iter().map(|k| format!("{}（开展/要求）", k.label())));
    head.extend(
        [
            "应到人次",
            "实到人次",
            "平均参会率",
            "学习计划完成",
            "学时达标",
            "未完成期间数",
        ]
        .map(str::to_owned),
    );
    let mut rows = vec![vec!["各支部组织生活情况汇总".to_owned()], head];
    for f in files {
        let d = &f.doc;
        let mut row = vec![d.branch.name.clone(), d.branch.parent_org.clone(), d.year.to_string()];
        row.extend(kinds.iter().map(|k| held_text(cell(d, *k))));
        row.extend([
            d.totals.expected.to_string(),
            d.totals.attended.to_string(),
            rate_text(d.totals.average_rate),
            format!("{}/{}", d.study_plan.done, d.study_plan.total),
            d.study_hours
                .as_ref()
                .map(|h| format!("{}/{}", h.met, h.members))
                .unwrap_or_default(),
            missed_count(d).to_string(),
        ]);
        rows.push(row);
    }
    let t = totals(files, &kinds);
    let mut row = vec![format!("合计（{}个支部）", files.len()), String::new(), String::new()];
    row.extend(t.per_kind.iter().map(|c| held_text(Some(*c))));
    row.extend([
        t.expected.to_string(),
        t.attended.to_string(),
        rate_text(percent(t.attended, t.expected)),
        format!("{}/{}", t.plan_done, t.plan_total),
        format!("{}/{}", t.hours_met, t.hours_members),
        t.missed.to_string(),
    ]);
    rows.push(row);
    rows
}

#[component]
pub fn RollupPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><RollupPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn RollupPageBody() -> impl IntoView {
    let files = RwSignal::new(Vec::<Loaded>::new());
    let problems = RwSignal::new(Vec::<(String, String)>::new());
    let reading = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let file_ref = NodeRef::<leptos::html::Input>::new();

    let on_files = move |ev: leptos::ev::Event| {
        problems.set(Vec::new());
        alert.set(None);
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(list) = input.files() else { return };
        let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        if chosen.is_empty() {
            return;
        }
        reading.set(true);
        leptos::task::spawn_local(async move {
            let mut found = Vec::new();
            let mut bad = Vec::new();
            for file in chosen {
                let name = file.name();
                if file.size() > MAX_SUMMARY_BYTES as f64 {
                    bad.push((
                        name,
                        format!(
                            "文件太大（超过 {} MB），不是支部年度总结文件",
                            MAX_SUMMARY_BYTES / 1024 / 1024
                        ),
                    ));
                    continue;
                }
                match read_file_text(&file).await {
                    Err(e) => bad.push((name, e)),
                    Ok(text) => match from_json(&text) {
                        Ok(doc) => found.push(Loaded { file: name, doc }),
                        Err(e) => bad.push((name, e.to_string())),
                    },
                }
            }
            reading.try_set(false);
            let _ = files.try_update(|all| {
                for f in found {
                    // The same file chosen again replaces the earlier copy.
                    if let Some(old) = all.iter_mut().find(|x| x.doc == f.doc) {
                        *old = f;
                    } else {
                        all.push(f);
                    }
                }
            });
            problems.try_set(bad);
            if let Some(input) = file_ref.try_get_untracked().flatten() {
                input.set_value("");
            }
        });
    };

    let remove = move |i: usize| {
        files.update(|all| {
            if i < all.len() {
                all.remove(i);
            }
        });
    };

    let warnings = Memo::new(move |_| {
        files.with(|all| {
            let mut w = Vec::new();
            let mut years: Vec<i32> = all.iter().map(|f| f.doc.year).collect();
            sort(&mut years);
            years.dedup();
            if years.len() > 1 {
                let list: Vec<String> = years.iter().map(|y| format!("{y}年")).collect();
                w.push(format!(
                    "所选文件不是同一年度（{}），合计数字跨年度相加，请核对。",
                    list.join("、")
                ));
            }
            for (i, f) in all.iter().enumerate() {
                if all[..i]
                    .iter()
                    .any(|g| g.doc.branch.name == f.doc.branch.name && g.doc.year == f.doc.year)
                {
                    w.push(format!(
                        "“{}”{}年有不止一个文件（{}），合计中会重复计算，请删去多余的一个。",
                        f.doc.branch.name, f.doc.year, f.file
                    ));
                }
                if f.doc.as_of.is_some() {
                    w.push(format!(
                        "“{}”的文件是年中草稿（{}），不是全年统计。",
                        f.doc.branch.name,
                        f.doc.as_of.map(|d| format!("截至{}", d.chinese())).unwrap_or_default()
                    ));
                }
            }
            w
        })
    });

    let download = move |_| {
        alert.set(None);
        let rows = files.with_untracked(|f| csv_rows(f));
        let text = String::from_utf8(write_csv(&rows)).unwrap_or_default();
        let t = today();
        let name = format!(
            "各支部组织生活情况汇总-{:04}{:02}{:02}.csv",
            t.year(),
            t.month(),
            t.day()
        );
        if let Err(e) = download_text(&name, "text/csv;charset=utf-8", &text) {
            alert.set(Some(e));
        }
    };

    let table = move || {
        files.with(|all| {
            if all.is_empty() {
                return view! {
                    <p class="empty">"还没有载入文件。请选择各支部导出的“年度总结（JSON）”文件，可一次选择多个。"</p>
                }
                .into_any();
            }
            let kinds = kinds_of(all);
            let t = totals(all, &kinds);
            let heads = kinds
                .iter()
                .map(|k| view! { <th scope="col" class="num">{k.label()}</th> })
                .collect_view();
            let rows = all
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let d = &f.doc;
                    let cells = kinds
                        .iter()
                        .map(|k| {
                            let c = cell(d, *k);
                            let short = c.is_some_and(|(h, r)| r.is_some_and(|r| h < r));
                            view! { <td class="num" class:ru-short=short data-kind=k.code()>{held_text(c)}</td> }
                        })
                        .collect_view();
                    let hours = d
                        .study_hours
                        .as_ref()
                        .map(|h| format!("{}/{}", h.met, h.members))
                        .unwrap_or_else(|| "—".to_owned());
                    view! {
                        <tr data-branch=d.branch.name.clone()>
                            <th scope="row">
                                {d.branch.name.clone()}
                                <span class="ru-file muted small">{f.file.clone()}</span>
                            </th>
                            <td class="num">{d.year}</td>
                            {cells}
                            <td class="num ru-expected">{d.totals.expected}</td>
                            <td class="num ru-attended">{d.totals.attended}</td>
                            <td class="num ru-rate">{rate_text(d.totals.average_rate)}</td>
                            <td class="num">{format!("{}/{}", d.study_plan.done, d.study_plan.total)}</td>
                            <td class="num">{hours}</td>
                            <td class="num">{missed_count(d)}</td>
                            <td class="no-print">
                                <button type="button" class="btn btn-small" aria-label=format!("移除 {}", f.file)
                                    on:click=move |_| remove(i)>"移除"</button>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            let total_cells = t
                .per_kind
                .iter()
                .zip(&kinds)
                .map(|(c, k)| view! { <td class="num" data-kind=k.code()>{held_text(Some(*c))}</td> })
                .collect_view();
            view! {
                <DataTable class="rollup-table"
                    caption=format!("各支部组织生活情况汇总（{}个支部；开展次数/要求次数）", all.len())
                    head=view! {
                        <th scope="col">"支部"</th>
                        <th scope="col" class="num">"年度"</th>
                        {heads}
                        <th scope="col" class="num">"应到人次"</th>
                        <th scope="col" class="num">"实到人次"</th>
                        <th scope="col" class="num">"平均参会率"</th>
                        <th scope="col" class="num">"学习计划"</th>
                        <th scope="col" class="num">"学时达标"</th>
                        <th scope="col" class="num">"未完成期间"</th>
                        <th scope="col" class="no-print">"操作"</th>
                    }.into_any()
                    foot=view! {
                        <tr class="ru-total">
                            <th scope="row">{format!("合计（{}个支部）", all.len())}</th>
                            <td></td>
                            {total_cells}
                            <td class="num ru-expected">{t.expected}</td>
                            <td class="num ru-attended">{t.attended}</td>
                            <td class="num ru-rate">{rate_text(percent(t.attended, t.expected))}</td>
                            <td class="num">{format!("{}/{}", t.plan_done, t.plan_total)}</td>
                            <td class="num">{format!("{}/{}", t.hours_met, t.hours_members)}</td>
                            <td class="num">{t.missed}</td>
                            <td class="no-print"></td>
                        </tr>
                    }.into_any()>
                    {rows}
                </DataTable>
                <p class="hint">"合计的平均参会率 = 各支部实到人次之和 ÷ 应到人次之和。“—”表示该支部没有这一类的统计。"</p>
            }
            .into_any()
        })
    };

    view! {
        <div class="page rollup-page">
            <div class="page-header">
                <h1>"统计"</h1>
            </div>
            <StatsTabs current="rollup".to_owned() year=today().year()/>
            <section class="card" aria-labelledby="ru-title">
                <h2 id="ru-title">"汇总各支部年度总结"</h2>
                <p>"供上级党委、党总支使用：载入各支部导出的年度总结文件，合成一张汇总表。"
                   "文件只在本页中查看，不会保存，也不会改动本机的支部数据；离开本页即清除。"</p>
                <div class="field">
                    <label for="rollup-files">"选择年度总结文件（可多选）"</label>
                    <input id="rollup-files" type="file" accept=".json,application/json" multiple node_ref=file_ref
                        on:change=on_files disabled=move || reading.get()/>
                </div>
                <Show when=move || reading.get()>
                    <p class="loading">"正在读取…"</p>
                </Show>
                <Show when=move || problems.with(|p| !p.is_empty())>
                    <div class="alert-error rollup-errors" role="alert">
                        <p>"以下文件未能载入："</p>
                        <ul>
                            {move || problems.get().into_iter().map(|(file, why)| {
                                let shown = file.clone();
                                view! { <li data-file=file><strong>{shown}</strong>"："{why}</li> }
                            }).collect_view()}
                        </ul>
                    </div>
                </Show>
                <Show when=move || warnings.with(|w| !w.is_empty())>
                    <div class="alert-warn">
                        <ul>{move || warnings.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                    </div>
                </Show>
            </section>
            {table}
            <Show when=move || files.with(|f| !f.is_empty())>
                <div class="actions">
                    <button type="button" class="btn" id="rollup-csv" on:click=download>"下载汇总表（CSV）"</button>
                    <button type="button" class="btn" on:click=move |_| { files.set(Vec::new()); problems.set(Vec::new()); }>
                        "清空"
                    </button>
                </div>
            </Show>
            <FormAlert message=alert/>
        </div>
    }
}
