//! The 汇总 page (/rollup?year=2026), for the committee above (党委/党总支): every branch's year in one
//! table, from two kinds of source mixed freely — the branches' own databases on the unit's server, read
//! live ([`CommitteeSources`]), and annual summary files the branches handed in (zhibu-summary JSON, see
//! docs/summary-format.md). One roll-up model (`export::rollup`) and one table ([`RollupTable`]); a click on
//! a database's row opens that branch's compliance grid and annual summary read-only ([`BranchDetail`]).
//! Export: the table as CSV, and a print layout (A4 landscape).
//!
//! Read-only and kept apart from local data: what is read lives in this page's memory only, is never
//! written to the store (only the committee's settings are, under their own key), and is gone when the page
//! is left. Each file is checked on its own (`from_json`); a bad file is listed with its reason and the
//! others still load; a database that cannot be read says so in its row and the others still show.

use crate::domain::date::{MAX_YEAR, MIN_YEAR};
use crate::export::csv::write_csv;
use crate::export::rollup::{csv_rows, data_time_text, warnings, RollupRow};
use crate::export::summary_json::{from_json, MAX_SUMMARY_BYTES};
use crate::export::word::WordRequest;
use crate::ui::clock::today;
use crate::ui::components::branch_detail::BranchDetail;
use crate::ui::components::committee_sources::{Committee, CommitteeSources};
use crate::ui::components::download::{download_text, read_file_text};
use crate::ui::components::form_field::FormAlert;
use crate::ui::components::rollup_table::{rows_in, RollupTable};
use crate::ui::components::word_button::WordButton;
use crate::ui::pages::stats::{query_year, StatsTabs};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use wasm_bindgen::JsCast;

#[component]
pub fn RollupPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><RollupPageBody/></crate::ui::state::WhenComplete> }
}

/// A name for a chosen file that no other loaded file has (two files of one name from different folders).
fn unique_name(files: &[RollupRow], name: &str) -> String {
    let taken = |n: &str| files.iter().any(|f| f.origin.name() == n);
    if !taken(name) {
        return name.to_owned();
    }
    (2..)
        .map(|i| format!("{name}（{i}）"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| name.to_owned())
}

#[component]
fn RollupPageBody() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let navigate = use_navigate();
    let year = Memo::new(move |_| query_year(query.with(|q| q.get("year"))));
    let committee = Committee::new(year.into());
    committee.start(app);
    // Another year: the databases read are summarised again for it (the files keep their own year).
    Effect::new(move |prev: Option<i32>| {
        let y = year.get();
        if prev.is_some_and(|p| p != y) {
            committee.resummarise();
        }
        y
    });

    let files = RwSignal::new(Vec::<RollupRow>::new());
    let problems = RwSignal::new(Vec::<(String, String)>::new());
    let reading = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let open = RwSignal::new(None::<String>);
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
                        Ok(doc) => found.push((name, doc)),
                        Err(e) => bad.push((name, e.to_string())),
                    },
                }
            }
            reading.try_set(false);
            let _ = files.try_update(|all| {
                for (name, doc) in found {
                    // The same file chosen again replaces the earlier copy.
                    if let Some(old) = all.iter_mut().find(|x| x.doc == doc) {
                        old.doc = doc;
                    } else {
                        let name = unique_name(all, &name);
                        all.push(RollupRow::from_file(&name, doc));
                    }
                }
            });
            problems.try_set(bad);
            if let Some(input) = file_ref.try_get_untracked().flatten() {
                input.set_value("");
            }
        });
    };

    let on_remove = Callback::new(move |name: String| {
        files.update(|all| all.retain(|f| f.origin.name() != name));
    });
    let on_open = Callback::new(move |db: String| {
        open.set(Some(db));
        request_animation_frame(|| {
            if let Some(el) = document().get_element_by_id("bd-title") {
                el.scroll_into_view();
                if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    });

    let all_rows = Memo::new(move |_| committee.dbs.with(|d| files.with(|f| rows_in(d, f))));
    let warned = Memo::new(move |_| all_rows.with(|r| warnings(r)));
    let any_source = move || committee.dbs.with(|d| !d.is_empty()) || files.with(|f| !f.is_empty());

    let download = move |_| {
        alert.set(None);
        let rows = all_rows.with_untracked(|r| csv_rows(r));
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
    let print = move |_| {
        if let Err(e) = window().print() {
            alert.set(Some(format!("无法打开打印对话框：{e:?}")));
        }
    };

    // The branch opened, with its data (read again when the year or its row changes).
    // Only its own row's changes redraw it (not every other branch arriving meanwhile).
    let opened = Memo::new(move |_| {
        let db = open.get()?;
        let synced = committee.dbs.with(|d| {
            d.iter()
                .find(|e| e.db == db)
                .and_then(|e| e.row.as_ref())
                .map(data_time_text)
        })?;
        Some((db, synced))
    });
    let detail = move || {
        let (db, synced) = opened.get()?;
        let replica = committee.replica(&db)?;
        let data = Signal::stored(replica.dataset());
        Some(view! {
            <BranchDetail data=data year=year db=db synced=synced on_close=Callback::new(move |_| open.set(None))/>
        })
    };

    let go_year = move |y: i32| {
        navigate(&format!("/rollup?year={y}"), Default::default());
    };
    let this_year = today().year();

    view! {
        <div class="page rollup-page">
            <div class="page-header no-print">
                <h1>"统计"</h1>
                <div class="year-picker">
                    <label for="rollup-year">"统计年度"</label>
                    <select id="rollup-year" prop:value=move || year.get().to_string()
                        on:change=move |ev| {
                            if let Ok(y) = event_target_value(&ev).parse::<i32>() {
                                go_year(y);
                            }
                        }>
                        {move || {
                            let y = year.get();
                            let first = (this_year - 10).min(y).max(MIN_YEAR);
                            let last = (this_year + 1).max(y).min(MAX_YEAR);
                            (first..=last)
                                .rev()
                                .map(|n| view! { <option value=n.to_string() selected={n == y}>{format!("{n}年")}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
            </div>
            <div class="no-print">
                <StatsTabs current="rollup".to_owned() year=year/>
            </div>
            <div class="print-only ru-print-head">
                <h1>{move || format!("各支部组织生活情况汇总（{}年）", year.get())}</h1>
                <p>{move || format!("打印日期：{}", today().chinese())}</p>
            </div>
            <CommitteeSources committee=committee/>
            <section class="card no-print" aria-labelledby="ru-title">
                <h2 id="ru-title">"汇总各支部年度总结文件"</h2>
                <p>"也可以载入各支部导出的年度总结文件（JSON），与上面的数据库一起合成一张汇总表。"
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
            </section>
            <Show when=move || warned.with(|w| !w.is_empty())>
                <div class="alert-warn rollup-warnings">
                    <ul>{move || warned.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                </div>
            </Show>
            <Show when=any_source fallback=|| view! {
                <p class="empty">"还没有数据。请登录单位服务器并填写支部数据库列表，或选择各支部导出的“年度总结（JSON）”文件。"</p>
            }>
                <RollupTable dbs=committee.dbs.into() files=files.into() on_open=on_open on_remove=on_remove/>
                <p class="hint">"合计的平均参会率 = 各支部实到人次之和 ÷ 应到人次之和。红色为未达到要求的项目，鼠标停留可看未完成的月份或季度。"
                   "“提醒”“最近记录”只有数据库来源才有。“—”表示该支部没有这一类的统计。"</p>
                <div class="actions">
                    <button type="button" class="btn" id="rollup-csv" on:click=download>"下载汇总表（CSV）"</button>
                    <WordButton request=Signal::derive(move || WordRequest::Rollup { table: all_rows.with(|r| csv_rows(r)) })
                        label="下载汇总表（Word）" id="rollup-word" format=true/>
                    <button type="button" class="btn" id="rollup-print" on:click=print>"打印汇总表"</button>
                    <Show when=move || files.with(|f| !f.is_empty())>
                        <button type="button" class="btn" on:click=move |_| { files.set(Vec::new()); problems.set(Vec::new()); }>
                            "清空文件"
                        </button>
                    </Show>
                </div>
            </Show>
            <FormAlert message=alert/>
            <div class="no-print">{detail}</div>
        </div>
    }
}
