//! 导入备份 on the 数据 page: read a backup file, check it completely, preview it, then apply it.
//!
//! A chosen file is read completely and checked before anything touches the store; on any error
//! nothing is stored. The preview shows what the file holds (counts per kind, branch, export time, format
//! version, whether it was converted from an older format) and, when this device already has data, what
//! a merge would add and which records differ ([`plan`]). The user then chooses 替换 (the backup replaces
//! everything) or 合并 (new records added; for records that differ, one choice for all: keep this
//! device's or take the backup's). Either way the result is written by `AppState::replace_all` in one
//! transaction; a merge whose result would not pass the checks is refused before that, naming the
//! records in the way.

use crate::domain::merge::{merge_checked, plan, Keep, KindDiff, MergeError, MergePlan};
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
        ("自定义规则", d.rules.len()),
    ]
}

/// How many names of each kind the comparison lists before "等".
const SHOWN_NAMES: usize = 3;

/// Whether this device holds anything a replace would lose.
fn has_data(d: &Dataset) -> bool {
    !d.is_empty() || !d.groups.is_empty() || !d.study_items.is_empty() || !d.rules.is_empty()
}

/// "3 条活动记录与本机记录不同：2025-03-15 党员大会（主题不同）、… 等"
fn conflict_line(k: &KindDiff) -> Option<String> {
    if k.conflicts.is_empty() {
        return None;
    }
    let names: Vec<String> = k.conflicts.iter().take(SHOWN_NAMES).map(|c| c.describe()).collect();
    let more = if k.conflicts.len() > SHOWN_NAMES { " 等" } else { "" };
    Some(format!(
        "{} 条{}与本机记录不同：{}{more}",
        k.conflicts.len(),
        k.kind.label(),
        names.join("、")
    ))
}

/// "备份中新增 2 条党员：张三、李四"
fn added_line(k: &KindDiff) -> Option<String> {
    if k.added.is_empty() {
        return None;
    }
    let names: Vec<String> = k.added.iter().take(SHOWN_NAMES).cloned().collect();
    let more = if k.added.len() > SHOWN_NAMES { " 等" } else { "" };
    Some(format!(
        "备份中新增 {} 条{}：{}{more}",
        k.added.len(),
        k.kind.label(),
        names.join("、")
    ))
}

/// What to do with the checked backup, once the user confirms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Replace,
    Merge,
}

#[component]
pub fn BackupImport() -> impl IntoView {
    let app = use_app();
    let pending = RwSignal::new(None::<(String, Backup)>);
    let reading = RwSignal::new(false);
    let confirming = RwSignal::new(None::<Action>);
    let keep = RwSignal::new(Keep::Local);
    let importing = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let problems = RwSignal::new(Vec::<String>::new());
    let notice = RwSignal::new(None::<String>);
    let file_ref = NodeRef::<leptos::html::Input>::new();

    // Also called after an import finished, when the user may have left the page: hence `try_`.
    let reset_input = move || {
        if let Some(input) = file_ref.try_get_untracked().flatten() {
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
            // from_json has already run every check (integrity::check_dataset included): a backup it
            // returns can be previewed and stored as it is.
            pending.try_set(Some((file_name, backup)));
        });
    };

    let cancel = Callback::new(move |_| {
        confirming.set(None);
    });
    let discard = move |_| {
        pending.set(None);
        reset_input();
    };
    let confirm = Callback::new(move |_| {
        let Some((_, backup)) = pending.get_untracked() else {
            return;
        };
        let Some(action) = confirming.get_untracked() else {
            return;
        };
        alert.set(None);
        problems.set(Vec::new());
        let name = backup.data.branch.name.clone();
        let data = match action {
            Action::Replace => backup.data,
            Action::Merge => {
                let checked = app
                    .data
                    .with_untracked(|local| merge_checked(local, &backup.data, keep.get_untracked()));
                match checked {
                    Ok(merged) => merged,
                    Err(MergeError::Invalid(found)) => {
                        confirming.set(None);
                        let mut lines: Vec<String> = found.iter().take(SHOWN_PROBLEMS).map(|p| p.to_string()).collect();
                        if found.len() > SHOWN_PROBLEMS {
                            lines.push(format!("……另有 {} 处问题", found.len() - SHOWN_PROBLEMS));
                        }
                        alert.set(Some(format!(
                            "合并后的数据会有 {} 处问题，因此没有合并，本机数据未作任何改动。可以改选另一种处理冲突的方式、选择“导入并替换现有数据”，或先在本机修改这些记录后再合并。",
                            found.len()
                        )));
                        problems.set(lines);
                        return;
                    }
                }
            }
        };
        importing.set(true);
        leptos::task::spawn_local(async move {
            let result = app.replace_all(data).await;
            importing.try_set(false);
            confirming.try_set(None);
            match result {
                Ok(()) => {
                    pending.try_set(None);
                    reset_input();
                    let verb = if action == Action::Merge { "合并" } else { "导入" };
                    notice.try_set(Some(if name.is_empty() {
                        format!("已{verb}备份。")
                    } else {
                        format!("已{verb}“{name}”的备份。")
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
            <p>"从本应用导出的备份文件恢复数据。选择文件后先检查并预览，再选择"<strong>"替换"</strong>"（用备份取代这台设备上的全部数据）或"<strong>"合并"</strong>"（只加入备份中新的记录）。"</p>
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
                let version = match backup.migrated_from {
                    Some(old) => format!("{}（文件为第 {old} 版格式，已从旧版本格式转换）", backup.version),
                    None => backup.version.to_string(),
                };
                // Compared with this device's data as it is now (untracked: the preview is for this moment).
                let compared: Option<MergePlan> = app.data.with_untracked(|local| has_data(local).then(|| plan(local, &backup.data)));
                let merge_view = compared.map(|p| view! { <MergePreview plan=p keep=keep confirming=confirming/> });
                let local_empty = merge_view.is_none();
                view! {
                    <div class="import-preview" aria-labelledby="preview-title">
                        <h3 id="preview-title">"备份内容预览"</h3>
                        <p><span class="muted">"文件："</span>{file_name}</p>
                        <p><span class="muted">"支部："</span>{branch}</p>
                        <p><span class="muted">"导出时间："</span>{backup.exported_at.replace('T', " ")}</p>
                        <p class="import-version"><span class="muted">"格式版本："</span>{version}</p>
                        <table class="table preview-table">
                            <tbody>
                                {lines.into_iter().map(|(label, n)| view! { <tr><th scope="row">{label}</th><td>{n}</td></tr> }).collect_view()}
                            </tbody>
                        </table>
                        {merge_view}
                        <div class="actions">
                            <button type="button" class=if local_empty { "btn btn-primary" } else { "btn" }
                                on:click=move |_| confirming.set(Some(Action::Replace))>"导入并替换现有数据"</button>
                            <button type="button" class="btn" on:click=discard>"放弃"</button>
                        </div>
                    </div>
                }
            })}
            <Show when=move || confirming.get() == Some(Action::Replace)>
                {move || {
                    let current = app.data.with(|d| (d.members.len(), d.activities.len()));
                    view! {
                        <ConfirmDialog title="用备份替换现有数据？" confirm_label="替换" danger=true
                            busy=Signal::from(importing) on_confirm=confirm on_cancel=cancel>
                            {if current.0 + current.1 > 0 {
                                view! {
                                    <p>{format!("这台设备上现有 {} 名人员、{} 条活动，导入后将被备份中的内容取代。", current.0, current.1)}</p>
                                    // With sync on, the replacement is a change like any other: it reaches every device.
                                    <Show when=move || app.sync.with(|s| s.mark().is_some())>
                                        <p class="alert-warn">"多设备同步已开启：替换后的内容会同步到所有设备，备份中没有的记录在其他设备上也会被删除。只想补充记录请选“合并”。"</p>
                                    </Show>
                                    <p class="hint">"如不确定，请先取消，在上方“导出备份”保存现有数据。"</p>
                                }.into_any()
                            } else {
                                view! { <p>"这台设备上目前没有数据，将载入备份中的内容。"</p> }.into_any()
                            }}
                        </ConfirmDialog>
                    }
                }}
            </Show>
            <Show when=move || confirming.get() == Some(Action::Merge)>
                {move || {
                    let summary = pending.with_untracked(|p| p.as_ref().map(|(_, b)| app.data.with_untracked(|local| plan(local, &b.data))));
                    let (added, conflicts) = summary.map(|p| (p.added(), p.conflicts())).unwrap_or_default();
                    let choice = keep.get_untracked();
                    view! {
                        <ConfirmDialog title="把备份合并到本机数据？" confirm_label="合并"
                            busy=Signal::from(importing) on_confirm=confirm on_cancel=cancel>
                            <p>{format!("将新增 {added} 条记录。")}</p>
                            {(conflicts > 0).then(|| view! {
                                <p>{format!("{conflicts} 条与本机不同的记录：{}。", choice.label())}</p>
                            })}
                            <p class="hint">"本机独有的记录保持不变。"</p>
                        </ConfirmDialog>
                    }
                }}
            </Show>
        </section>
    }
}

/// The comparison with this device's data and the merge choice.
#[component]
fn MergePreview(plan: MergePlan, keep: RwSignal<Keep>, confirming: RwSignal<Option<Action>>) -> impl IntoView {
    let conflicts = plan.conflicts();
    let added = plan.added();
    let unchanged = plan.unchanged();
    let nothing = plan.changes_nothing();
    let conflict_lines: Vec<String> = plan.kinds.iter().filter_map(conflict_line).collect();
    let added_lines: Vec<String> = plan.kinds.iter().filter_map(added_line).collect();
    let same_names: Vec<String> = plan
        .kinds
        .iter()
        .flat_map(|k| {
            k.same_name.iter().map(move |n| {
                format!(
                    "备份中新增的{}“{n}”与本机已有的记录同名（编号不同），合并后两条都会保留",
                    k.kind.label()
                )
            })
        })
        .take(SHOWN_NAMES)
        .collect();
    view! {
        <div class="merge-preview" aria-labelledby="merge-title">
            <h4 id="merge-title">"与本机数据比较"</h4>
            <p class="merge-summary">
                {format!("备份中有 {added} 条本机没有的记录，{unchanged} 条与本机相同，{conflicts} 条与本机记录不同。")}
            </p>
            <ul class="merge-lines">
                {conflict_lines.into_iter().map(|l| view! { <li class="merge-conflict">{l}</li> }).collect_view()}
                {added_lines.into_iter().map(|l| view! { <li class="merge-added">{l}</li> }).collect_view()}
                {same_names.into_iter().map(|l| view! { <li class="merge-warning">{l}</li> }).collect_view()}
            </ul>
            {if nothing {
                view! { <p class="hint">"备份中的内容本机都已有，无需合并。"</p> }.into_any()
            } else {
                view! {
                    {(conflicts > 0).then(|| view! {
                        <fieldset class="merge-choice">
                            <legend>{format!("对 {conflicts} 条与本机不同的记录：")}</legend>
                            <label>
                                <input type="radio" name="merge-keep" prop:checked=move || keep.get() == Keep::Local
                                    on:change=move |_| keep.set(Keep::Local)/>
                                "保留本机记录"
                            </label>
                            <label>
                                <input type="radio" name="merge-keep" prop:checked=move || keep.get() == Keep::Incoming
                                    on:change=move |_| keep.set(Keep::Incoming)/>
                                "采用备份中的记录"
                            </label>
                        </fieldset>
                    })}
                    <div class="actions">
                        <button type="button" class="btn btn-primary" on:click=move |_| confirming.set(Some(Action::Merge))>
                            "合并到本机数据"
                        </button>
                        <span class="hint">"只加入备份中新的记录，本机独有的记录不受影响。"</span>
                    </div>
                }.into_any()
            }}
        </div>
    }
}
