//! 导入备份 on the 数据 page: read a backup file, check it completely, preview it, then apply it.
//!
//! A chosen file is read completely and checked before anything touches the store; on any error
//! nothing is stored.

use crate::domain::integrity::check_dataset;
use crate::domain::{ActivityStatus, Dataset, MemberKind};
use crate::export::backup::{from_json, Backup, MAX_BACKUP_BYTES};
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::download::read_file_text;
use crate::ui::components::form_field::FormAlert;
use crate::ui::state::use_app;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How many problems of a refused backup are listed.
const SHOWN_PROBLEMS: usize = 12;

/// "12 名正式党员、3 名预备党员…": what a dataset holds, one line per kind.
fn content_lines(d: &Dataset) -> Vec<(&'static str, usize)> {
    let kind = |k: MemberKind| d.members.iter().filter(|m| m.kind == k).count();
    let status = |s: ActivityStatus| d.activities.iter().filter(|a| a.status == s).count();
    vec![
        ("党小组", d.groups.len()),
        ("正式党员", kind(MemberKind::Full)),
        ("预备党员", kind(MemberKind::Probationary)),
        ("入党积极分子", kind(MemberKind::Activist)),
        (
            "其中已转出",
            d.members.iter().filter(|m| m.left_branch.is_some()).count(),
        ),
        ("活动记录（已开展）", status(ActivityStatus::Held)),
        ("活动计划", status(ActivityStatus::Planned)),
        ("已取消的活动", status(ActivityStatus::Cancelled)),
        ("学习计划条目", d.study_items.len()),
    ]
}

#[component]
pub fn BackupImport() -> impl IntoView {
    let app = use_app();
    let pending = RwSignal::new(None::<(String, Backup)>);
    let reading = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let importing = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let problems = RwSignal::new(Vec::<String>::new());
    let notice = RwSignal::new(None::<String>);
    let file_ref = NodeRef::<leptos::html::Input>::new();

    let reset_input = move || {
        if let Some(input) = file_ref.get_untracked() {
            input.set_value("");
        }
    };

    let on_file = move |ev: leptos::ev::Event| {
        alert.set(None);
        notice.set(None);
        problems.set(Vec::new());
        pending.set(None);
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        if file.size() > MAX_BACKUP_BYTES as f64 {
            alert.set(Some(format!(
                "文件太大（超过 {} MB），不是本应用的备份文件",
                MAX_BACKUP_BYTES / 1024 / 1024
            )));
            return;
        }
        let file_name = file.name();
        reading.set(true);
        leptos::task::spawn_local(async move {
            // The whole file is read before anything else happens; the store is not touched here.
            let text = read_file_text(&file).await;
            reading.try_set(false);
            let text = match text {
                Ok(t) => t,
                Err(e) => {
                    alert.try_set(Some(e));
                    return;
                }
            };
            let backup = match from_json(&text) {
                Ok(b) => b,
                Err(e) => {
                    alert.try_set(Some(e.to_string()));
                    return;
                }
            };
            let found = check_dataset(&backup.data);
            if !found.is_empty() {
                let mut lines: Vec<String> = found.iter().take(SHOWN_PROBLEMS).map(|p| p.to_string()).collect();
                if found.len() > SHOWN_PROBLEMS {
                    lines.push(format!("……另有 {} 处问题", found.len() - SHOWN_PROBLEMS));
                }
                alert.try_set(Some(format!(
                    "备份文件中有 {} 处数据问题，未导入任何内容。请检查文件是否被修改过，或用导出它的设备重新导出。",
                    found.len()
                )));
                problems.try_set(lines);
                return;
            }
            pending.try_set(Some((file_name, backup)));
        });
    };

    let cancel = Callback::new(move |_| {
        confirming.set(false);
    });
    let discard = move |_| {
        pending.set(None);
        reset_input();
    };
    let confirm = Callback::new(move |_| {
        let Some((_, backup)) = pending.get_untracked() else {
            return;
        };
        importing.set(true);
        alert.set(None);
        leptos::task::spawn_local(async move {
            let name = backup.data.branch.name.clone();
            let result = app.replace_all(backup.data).await;
            importing.try_set(false);
            confirming.try_set(false);
            match result {
                Ok(()) => {
                    pending.try_set(None);
                    reset_input();
                    notice.try_set(Some(if name.is_empty() {
                        "已导入备份。".to_owned()
                    } else {
                        format!("已导入“{name}”的备份。")
                    }));
                }
                Err(e) => {
                    alert.try_set(Some(e.to_string()));
                }
            }
        });
    });

    view! {
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">"导入备份"</h2>
            <p>"从本应用导出的备份文件恢复数据。导入会"<strong>"替换"</strong>"这台设备上现有的全部数据。"</p>
            <div class="field">
                <label for="import-file">"选择备份文件（.json）"</label>
                <input id="import-file" type="file" accept=".json,application/json" node_ref=file_ref
                    on:change=on_file disabled=move || reading.get() || importing.get()/>
            </div>
            <Show when=move || reading.get()><p class="loading" role="status">"正在读取文件…"</p></Show>
            <FormAlert message=alert/>
            <Show when=move || !problems.with(Vec::is_empty)>
                <ul class="problems">
                    <For each=move || problems.get() key=|p| p.clone() let(p)><li>{p}</li></For>
                </ul>
            </Show>
            <Show when=move || notice.with(Option::is_some)>
                <p class="alert-ok" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            {move || pending.get().map(|(file_name, backup)| {
                let branch = if backup.data.branch.name.is_empty() { "（未填写支部名称）".to_owned() } else { backup.data.branch.name.clone() };
                let lines = content_lines(&backup.data);
                view! {
                    <div class="import-preview" aria-labelledby="preview-title">
                        <h3 id="preview-title">"备份内容预览"</h3>
                        <p><span class="muted">"文件："</span>{file_name}</p>
                        <p><span class="muted">"支部："</span>{branch}</p>
                        <p><span class="muted">"导出时间："</span>{backup.exported_at.replace('T', " ")}</p>
                        <table class="table preview-table">
                            <tbody>
                                {lines.into_iter().map(|(label, n)| view! { <tr><th scope="row">{label}</th><td>{n}</td></tr> }).collect_view()}
                            </tbody>
                        </table>
                        <div class="actions">
                            <button type="button" class="btn btn-primary" on:click=move |_| confirming.set(true)>"导入并替换现有数据"</button>
                            <button type="button" class="btn" on:click=discard>"放弃"</button>
                        </div>
                    </div>
                }
            })}
            <Show when=move || confirming.get()>
                {move || {
                    let current = app.data.with(|d| (d.members.len(), d.activities.len()));
                    view! {
                        <ConfirmDialog title="用备份替换现有数据？" confirm_label="替换" danger=true
                            busy=Signal::from(importing) on_confirm=confirm on_cancel=cancel>
                            {if current.0 + current.1 > 0 {
                                view! {
                                    <p>{format!("这台设备上现有 {} 名人员、{} 条活动，导入后将被备份中的内容取代，不能撤销。", current.0, current.1)}</p>
                                    <p class="hint">"如不确定，请先取消，在上方“导出备份”保存现有数据。"</p>
                                }.into_any()
                            } else {
                                view! { <p>"这台设备上目前没有数据，将载入备份中的内容。"</p> }.into_any()
                            }}
                        </ConfirmDialog>
                    }
                }}
            </Show>
        </section>
    }
}
