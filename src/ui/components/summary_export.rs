//! Handing in the year: the summary JSON for the committee above (documented, versioned:
//! docs/summary-format.md), CSV files for Excel/WPS (UTF-8 with BOM), and the print layout.

use crate::domain::summary::AnnualSummary;
use crate::export::word::WordRequest;
use crate::export::{csv, summary_json};
use crate::ui::clock::now_iso;
use crate::ui::components::download::download_text;
use crate::ui::components::form_field::FormAlert;
use crate::ui::components::summary_data::file_stem;
use crate::ui::components::word_button::WordButton;
use leptos::prelude::*;

/// Which file a button makes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum File {
    Json,
    Table,
    Members,
    Activities,
}

impl File {
    fn make(self, s: &AnnualSummary) -> (String, &'static str, String) {
        let stem = file_stem(s);
        let csv_text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap_or_default();
        match self {
            File::Json => (
                format!("年度总结-{stem}.json"),
                "application/json",
                summary_json::to_json(s, &now_iso()),
            ),
            File::Table => (
                format!("组织生活统计表-{stem}.csv"),
                "text/csv;charset=utf-8",
                csv_text(csv::summary_table_csv(s)),
            ),
            File::Members => (
                format!("党员参加组织生活情况表-{stem}.csv"),
                "text/csv;charset=utf-8",
                csv_text(csv::member_sheet_csv(s)),
            ),
            File::Activities => (
                format!("组织生活一览-{stem}.csv"),
                "text/csv;charset=utf-8",
                csv_text(csv::activities_csv(s)),
            ),
        }
    }
}

#[component]
pub fn SummaryExport(#[prop(into)] summary: Signal<AnnualSummary>) -> impl IntoView {
    let notice = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let save = move |file: File| {
        notice.set(None);
        alert.set(None);
        let (name, mime, text) = summary.with_untracked(|s| file.make(s));
        match download_text(&name, mime, &text) {
            Ok(()) => notice.set(Some(format!("已生成 {name}"))),
            Err(e) => alert.set(Some(e)),
        }
    };
    let year = move || summary.with(|s| s.year);
    view! {
        <section class="card summary-export" aria-labelledby="se-title">
            <h2 id="se-title">{move || format!("导出{}年度总结", year())}</h2>
            <div class="se-group">
                <h3>"交上级党委汇总"</h3>
                <p class="hint">"年度总结文件（JSON）含统计表、总结句、每次活动和每名党员的统计数字，不含电话、备注和会议内容。上级党委可在"
                    <a href="/rollup">"汇总"</a> "页一次载入多个支部的文件。"</p>
                <div class="actions">
                    <button type="button" class="btn btn-primary" id="se-json" on:click=move |_| save(File::Json)>
                        "下载年度总结（JSON）"
                    </button>
                </div>
            </div>
            <div class="se-group">
                <h3>"用 Excel / WPS 打开"</h3>
                <p class="hint">"CSV 文件（UTF-8 编码），可直接用 Excel 或 WPS 打开、排版。"</p>
                <div class="actions">
                    <button type="button" class="btn" id="se-csv-table" on:click=move |_| save(File::Table)>"统计表（CSV）"</button>
                    <button type="button" class="btn" id="se-csv-members" on:click=move |_| save(File::Members)>"党员情况表（CSV）"</button>
                    <button type="button" class="btn" id="se-csv-activities" on:click=move |_| save(File::Activities)>"活动一览（CSV）"</button>
                </div>
            </div>
            <div class="se-group">
                <h3>"打印、PDF 与 Word"</h3>
                <p class="hint">"年度总结的打印版：统计表、总结、图表、活动一览和党员情况表。在打印对话框中可选“另存为 PDF”。Word 文件（.docx）可用 Word、WPS 打开修改，党员情况表在横向页上。"</p>
                <div class="actions">
                    <a class="btn" id="se-print" href=move || format!("/stats/print/{}", year())>"打印年度总结"</a>
                    <a class="btn" href=move || format!("/print/year/{}", year())>"打印本年记录本"</a>
                </div>
                <div class="actions">
                    <WordButton request=Signal::derive(move || WordRequest::Summary { year: year() }) label="年度总结（Word）" id="se-word" format=true/>
                    <WordButton request=Signal::derive(move || WordRequest::YearBook { year: year(), kind: None }) label="本年记录本（Word）" id="se-word-book"/>
                </div>
            </div>
            <Show when=move || notice.with(Option::is_some)>
                <p class="alert-ok" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <FormAlert message=alert/>
        </section>
    }
}
