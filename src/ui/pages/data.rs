//! The 数据 page: export a backup (and how old the last one is), sync with the unit's server (its own page,
//! `pages::sync`), restore a backup (components::backup_import),
//! the automatic snapshots, the storage status, or clear this device's data.

use crate::export::backup::to_json;
use crate::ui::clock::{now_iso, today};
use crate::ui::components::backup_import::BackupImport;
use crate::ui::components::backup_reminder::BackupLine;
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::download::{download_text, safe_file_name};
use crate::ui::components::form_field::FormAlert;
use crate::ui::components::snapshot_list::SnapshotList;
use crate::ui::components::storage_status::StorageStatus;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// The backup's file name: 支部台账备份-<支部名称>-<YYYYMMDD>.json.
pub fn backup_file_name(branch_name: &str) -> String {
    let t = today();
    format!(
        "支部台账备份-{}-{:04}{:02}{:02}.json",
        safe_file_name(branch_name),
        t.year(),
        t.month(),
        t.day()
    )
}

#[component]
pub fn DataPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><DataPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn DataPageBody() -> impl IntoView {
    view! {
        <div class="page data-page">
            <h1>"数据"</h1>
            <p class="lead">"本应用的全部数据只保存在这台设备的浏览器里。换电脑、清理浏览器或重装系统前，请先导出备份；备份文件可在任何装有本应用的浏览器中导入。"</p>
            <ExportCard/>
            <SyncCard/>
            <BackupImport/>
            <SnapshotList/>
            <StorageStatus/>
            <ClearCard/>
        </div>
    }
}

/// 多设备同步: where it stands, and the way to its page.
#[component]
fn SyncCard() -> impl IntoView {
    let app = use_app();
    let headline = move || app.sync.with(|s| s.headline());
    view! {
        <section class="card" aria-labelledby="sync-card-title">
            <h2 id="sync-card-title">"多设备同步"</h2>
            <p>"让书记、组织委员的电脑和手机共用一本台账：通过单位自己的 CouchDB 服务器自动同步，断网时照常使用。"</p>
            <p class=move || format!("sync-headline {}", headline().0.class())>{move || headline().1}</p>
            <div class="actions">
                <a class="btn" href="/data/sync">
                    {move || if app.sync.with(|s| s.mark().is_some()) { "查看同步" } else { "设置同步" }}
                </a>
            </div>
        </section>
    }
}

#[component]
fn ExportCard() -> impl IntoView {
    let app = use_app();
    let notice = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let export = move |_| {
        alert.set(None);
        notice.set(None);
        let (json, name, members, activities) = app.data.with_untracked(|d| {
            (
                to_json(d, &now_iso()),
                backup_file_name(&d.branch.name),
                d.members.len(),
                d.activities.len(),
            )
        });
        match download_text(&name, "application/json", &json) {
            Ok(()) => {
                notice.set(Some(format!(
                    "已生成 {name}（{members} 名人员、{activities} 条活动）。请把它存到U盘或单位网盘等安全的地方。"
                )));
                leptos::task::spawn_local(async move {
                    if let Err(e) = app.mark_backup_exported().await {
                        alert.try_set(Some(format!("备份文件已生成，但没能记下备份时间：{e}")));
                    }
                });
            }
            Err(e) => alert.set(Some(e)),
        }
    };
    let is_empty = move || {
        app.data
            .with(|d| d.members.is_empty() && d.activities.is_empty() && d.branch.name.is_empty())
    };
    view! {
        <section class="card" aria-labelledby="export-title">
            <h2 id="export-title">"导出备份"</h2>
            <p>"把支部信息、党员、党小组、活动记录和学习计划保存为一个 JSON 文件。"</p>
            <BackupLine/>
            <div class="actions">
                <button type="button" class="btn btn-primary" on:click=export disabled=is_empty>"导出备份"</button>
                <Show when=is_empty><span class="hint">"目前没有可导出的数据。"</span></Show>
            </div>
            <Show when=move || notice.with(Option::is_some)>
                <p class="alert-ok" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <FormAlert message=alert/>
        </section>
    }
}

#[component]
fn ClearCard() -> impl IntoView {
    let app = use_app();
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let is_empty = move || {
        app.data.with(|d| {
            d.branch.name.is_empty()
                && d.groups.is_empty()
                && d.members.is_empty()
                && d.activities.is_empty()
                && d.study_items.is_empty()
        })
    };
    let confirm = Callback::new(move |_| {
        busy.set(true);
        alert.set(None);
        leptos::task::spawn_local(async move {
            let result = app.clear_all().await;
            busy.try_set(false);
            asking.try_set(false);
            match result {
                Ok(()) => {
                    notice.try_set(Some("已清空这台设备上的全部数据。".to_owned()));
                }
                Err(e) => {
                    alert.try_set(Some(e.to_string()));
                }
            }
        });
    });
    view! {
        <section class="card danger-zone" aria-labelledby="clear-title">
            <h2 id="clear-title">"清空本地数据"</h2>
            <p>"删除这台设备上的全部支部数据（例如试用示例支部之后，或交接工作时）。清空前请先导出备份。"</p>
            <div class="actions">
                <button type="button" class="btn btn-danger" disabled=is_empty
                    on:click=move |_| { notice.set(None); asking.set(true); }>"清空本地数据"</button>
                <Show when=is_empty><span class="hint">"目前没有数据。"</span></Show>
            </div>
            <Show when=move || notice.with(Option::is_some)>
                <p class="alert-ok" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <FormAlert message=alert/>
            <Show when=move || asking.get()>
                {move || {
                    let (word, members, activities) = app.data.with_untracked(|d| {
                        let word = if d.branch.name.trim().is_empty() { "清空".to_owned() } else { d.branch.name.trim().to_owned() };
                        (word, d.members.len(), d.activities.len())
                    });
                    view! {
                        <ConfirmDialog title="清空全部本地数据？" confirm_label="清空" danger=true require_text=word
                            busy=Signal::from(busy) on_confirm=confirm on_cancel=Callback::new(move |_| asking.set(false))>
                            <p>{format!("将删除 {members} 名人员、{activities} 条活动及全部支部信息，不能撤销。")}</p>
                        </ConfirmDialog>
                    }
                }}
            </Show>
        </section>
    }
}
