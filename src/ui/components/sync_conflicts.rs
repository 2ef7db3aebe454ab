//! 同步冲突: each record that two devices changed differently, both versions side by side field by field (a
//! roll person by person, `domain::sync::compare`), the differing lines marked, and a button per version to
//! keep it. Keeping one writes it as the new version and closes the others on every device.

use crate::domain::sync::compare::{compare, title};
use crate::domain::sync::doc::Record;
use crate::store::Conflict;
use crate::ui::components::data_table::DataTable;
use crate::ui::components::form_field::FormAlert;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// The conflicts of this device (`conflicts`, read by the page); `on_resolved` runs after one is resolved.
#[component]
pub fn SyncConflicts(conflicts: RwSignal<Vec<Conflict>>, on_resolved: Callback<()>) -> impl IntoView {
    view! {
        <section class="card sync-conflicts" aria-labelledby="sync-conflicts-title">
            <h2 id="sync-conflicts-title">"需要处理的冲突"</h2>
            <Show
                when=move || conflicts.with(|c| !c.is_empty())
                fallback=|| view! { <p class="hint">"没有冲突：各设备上的记录一致。"</p> }
            >
                <p>"下面的记录在两台设备上被分别修改过。两个版本都已保存，请逐项比较后选择保留哪一个；选择后，所有设备都会改为这个版本。"</p>
                <For
                    each=move || conflicts.get()
                    key=|c| (c.id.to_string(), c.others.iter().map(|(r, _)| r.to_string()).collect::<Vec<_>>())
                    children=move |c| view! { <ConflictItem conflict=c on_resolved=on_resolved/> }
                />
            </Show>
        </section>
    }
}

#[component]
fn ConflictItem(conflict: Conflict, on_resolved: Callback<()>) -> impl IntoView {
    let app = use_app();
    let busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let name = conflict
        .stored
        .as_ref()
        .or(conflict.others.first().map(|(_, r)| r))
        .map(title)
        .unwrap_or_else(|| conflict.id.to_string());
    let heading_id = format!("conflict-{}", conflict.id.to_string().replace([':', '.'], "-"));
    // One table per other version (usually one), against the stored version.
    let tables = conflict
        .others
        .iter()
        .enumerate()
        .map(|(i, (rev, other))| {
            let rows = app
                .data
                .with_untracked(|d| compare(conflict.stored.as_ref(), Some(other), d));
            let differing = rows.iter().filter(|r| r.differs()).count();
            let choose = move |chosen: Option<Record>, id: crate::domain::sync::doc::DocId| {
                busy.set(true);
                alert.set(None);
                leptos::task::spawn_local(async move {
                    match crate::sync::resolve(app, &id, chosen.as_ref()).await {
                        Ok(_) => on_resolved.run(()),
                        Err(e) => {
                            alert.try_set(Some(format!("没有处理成功，两个版本都仍然保留：{e}")));
                        }
                    }
                    busy.try_set(false);
                });
            };
            let keep_stored = {
                let (stored, id) = (conflict.stored.clone(), conflict.id.clone());
                move |_| choose(stored.clone(), id.clone())
            };
            let keep_other = {
                let (other, id) = (other.clone(), conflict.id.clone());
                move |_| choose(Some(other.clone()), id.clone())
            };
            let head = || {
                view! {
                    <th scope="col">"项目"</th>
                    <th scope="col">"本机现在显示的版本"</th>
                    <th scope="col">{format!("另一版本（第 {} 版）", rev.pos)}</th>
                }
                .into_any()
            };
            // The differing lines first; the lines both versions share folded away below.
            let (differ, same): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.differs());
            let lines = |rows: Vec<crate::domain::sync::compare::Row>| {
                rows.into_iter()
                    .map(|r| {
                        let differs = r.differs();
                        view! {
                            <tr class:differs=differs>
                                <th scope="row">{r.label}{differs.then_some(" ≠")}</th>
                                <td data-label="本机现在显示">{r.left}</td>
                                <td data-label="另一版本">{r.right}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            };
            let same_count = same.len();
            view! {
                <p class="hint">{format!("两个版本有 {differing} 处不同（标有 ≠）：")}</p>
                <DataTable class="conflict-table" caption=format!("{name}：两个版本不同的 {differing} 项") quiet_caption=true head=head()>
                    {lines(differ)}
                </DataTable>
                <details class="conflict-same">
                    <summary>{format!("另有 {same_count} 项两个版本相同")}</summary>
                    <DataTable class="conflict-table" caption=format!("{name}：两个版本相同的项") quiet_caption=true head=head()>
                        {lines(same)}
                    </DataTable>
                </details>
                <div class="actions">
                    <button type="button" class="btn" disabled=move || busy.get() on:click=keep_stored data-keep="stored">
                        "保留本机现在显示的版本"
                    </button>
                    <button type="button" class="btn" disabled=move || busy.get() on:click=keep_other data-keep=format!("other-{i}")>
                        "改用另一版本"
                    </button>
                </div>
            }
        })
        .collect_view();
    let labelled_by = heading_id.clone();
    view! {
        <article class="conflict" aria-labelledby=labelled_by>
            <h3 id=heading_id>{name.clone()}</h3>
            {tables}
            <FormAlert message=alert/>
        </article>
    }
}
