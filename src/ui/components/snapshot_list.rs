//! 自动快照 on the 数据 page: the last few automatic snapshots, each restorable.
//!
//! The app keeps the stored data as a snapshot before every import, before clearing, before restoring a
//! snapshot, and once a day before the first change (see `AppState::write`); the store keeps the newest
//! [`SNAPSHOTS_KEPT`].

use crate::export::backup::to_json;
use crate::store::{SnapshotSummary, SNAPSHOTS_KEPT};
use crate::ui::action::run_action;
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::download::{download_text, safe_file_name};
use crate::ui::components::form_field::FormAlert;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// "2026-11-21T19:32:05+08:00" → "2026-11-21 19:32".
pub fn when_label(taken_at: &str) -> String {
    taken_at
        .chars()
        .take(16)
        .map(|c| if c == 'T' { ' ' } else { c })
        .collect()
}

/// The reason as shown: 导入前, 清空前, 每日, 恢复快照前.
fn reason_label(reason: &str) -> String {
    match reason {
        "每日" => "每日自动".to_owned(),
        "" => "自动".to_owned(),
        other => other.to_owned(),
    }
}

/// The file name of a downloaded snapshot: 支部台账快照-<支部名称>-<YYYYMMDD-HHMM>.json.
pub fn snapshot_file_name(branch_name: &str, taken_at: &str) -> String {
    let digits: String = taken_at.chars().take(16).filter(char::is_ascii_digit).collect();
    let stamp = if digits.len() == 12 {
        format!("{}-{}", &digits[..8], &digits[8..])
    } else {
        digits
    };
    format!("支部台账快照-{}-{}.json", safe_file_name(branch_name), stamp)
}

fn counts(s: &SnapshotSummary) -> String {
    format!(
        "{} 名人员、{} 个党小组、{} 条活动、{} 项学习计划",
        s.members, s.groups, s.activities, s.study_items
    )
}

#[component]
pub fn SnapshotList() -> impl IntoView {
    let app = use_app();
    let list = RwSignal::new(None::<Result<Vec<SnapshotSummary>, String>>);
    let restoring = RwSignal::new(None::<SnapshotSummary>);
    let busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        app.revision.track();
        leptos::task::spawn_local(async move {
            let answer = app.snapshots().await.map_err(|e| e.to_string());
            list.try_set(Some(answer));
        });
    });
    let download = move |s: SnapshotSummary| {
        alert.set(None);
        notice.set(None);
        leptos::task::spawn_local(async move {
            match app.snapshot(&s.id).await {
                Ok(Some(snapshot)) => {
                    let json = to_json(&snapshot.data, &snapshot.taken_at);
                    let name = snapshot_file_name(&snapshot.data.branch.name, &snapshot.taken_at);
                    if let Err(e) = download_text(&name, "application/json", &json) {
                        alert.try_set(Some(e));
                    } else {
                        notice.try_set(Some(format!("已生成 {name}，可以像备份文件一样导入。")));
                    }
                }
                Ok(None) => {
                    alert.try_set(Some("这个快照已不存在，请查看最新的列表".to_owned()));
                }
                Err(e) => {
                    alert.try_set(Some(e.to_string()));
                }
            }
        });
    };
    let confirm = Callback::new(move |_| {
        let Some(s) = restoring.get_untracked() else {
            return;
        };
        notice.set(None);
        let taken_at = s.taken_at.clone();
        let restore = async move {
            let result = app.restore_snapshot(&s.id).await;
            restoring.try_set(None);
            result
        };
        run_action(busy, alert, restore, move |()| {
            notice.try_set(Some(format!(
                "已恢复 {} 的快照。恢复前的数据也已保存为一个快照（恢复快照前），如需要可再恢复回去。",
                when_label(&taken_at)
            )));
        });
    });
    let rows = move || {
        match list.get() {
        None => view! { <p class="hint">"正在读取快照…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="alert-error" role="alert">{e}</p> }.into_any(),
        Some(Ok(items)) if items.is_empty() => view! {
            <p class="empty">"还没有自动快照。导入、清空数据前，以及每天第一次修改数据前，会自动保存一份。"</p>
        }
        .into_any(),
        Some(Ok(items)) => view! {
            <ul class="snapshot-list">
                {items
                    .into_iter()
                    .map(|s| {
                        let for_restore = s.clone();
                        let for_download = s.clone();
                        let label = when_label(&s.taken_at);
                        let restore_name = format!("恢复 {label} 的快照");
                        let download_name = format!("下载 {label} 的快照");
                        view! {
                            <li class="snapshot">
                                <div class="snapshot-head">
                                    <span class="snapshot-when">{label}</span>
                                    <span class="snapshot-reason">{reason_label(&s.reason)}</span>
                                </div>
                                <div class="snapshot-counts">
                                    {(!s.branch_name.is_empty()).then(|| format!("{}：", s.branch_name))}
                                    {counts(&s)}
                                </div>
                                <div class="actions snapshot-actions">
                                    <button type="button" class="btn btn-small" aria-label=restore_name
                                        on:click=move |_| { notice.set(None); restoring.set(Some(for_restore.clone())); }>"恢复"</button>
                                    <button type="button" class="btn btn-small" aria-label=download_name
                                        on:click=move |_| download(for_download.clone())>"下载"</button>
                                </div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
    };
    view! {
        <section class="card snapshot-card" aria-labelledby="snapshot-title">
            <h2 id="snapshot-title">"自动快照"</h2>
            <p>{format!(
                "导入备份、清空数据、恢复快照之前，以及每天第一次修改数据之前，应用会自动把当时的数据保存为快照，保留最近 {SNAPSHOTS_KEPT} 份。快照也在这台设备的浏览器里，不能代替导出的备份文件。"
            )}</p>
            {rows}
            <Show when=move || notice.with(Option::is_some)>
                <p class="alert-ok" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <FormAlert message=alert/>
            <Show when=move || restoring.with(Option::is_some)>
                {move || {
                    let s = restoring.get_untracked().unwrap_or_else(|| SnapshotSummary {
                        id: String::new(), taken_at: String::new(), reason: String::new(), branch_name: String::new(),
                        members: 0, groups: 0, activities: 0, study_items: 0,
                    });
                    let (members, activities) = app.data.with_untracked(|d| (d.members.len(), d.activities.len()));
                    view! {
                        <ConfirmDialog title="恢复这个快照？" confirm_label="恢复" danger=true
                            busy=Signal::from(busy) on_confirm=confirm on_cancel=Callback::new(move |_| restoring.set(None))>
                            <p>{format!("将用 {} 的快照（{}）替换现在的全部数据。", when_label(&s.taken_at), counts(&s))}</p>
                            <p>{format!("现在的数据（{members} 名人员、{activities} 条活动）会先自动保存为一个快照，可以再恢复回来。")}</p>
                        </ConfirmDialog>
                    }
                }}
            </Show>
        </section>
    }
}
