//! 数据 → 同步 (/data/sync): set up sync with the unit's CouchDB (address, user, password — the password is
//! sent to the server to log in and never stored), see where it stands (已同步 / N 条待上传 / 离线 / 错误, the
//! last sync), sync now or switch it off, resolve conflicts, and read which documents from the server were
//! set aside and why.

use crate::domain::sync::config::{Phase, SyncConfig, DEFAULT_URL};
use crate::domain::sync::doc::Rejected;
use crate::store::{Conflict, META_SYNC_CONFIG};
use crate::ui::components::data_table::{head_cells, Col, DataTable};
use crate::ui::components::form_field::{FormAlert, FormErrors, TextField};
use crate::ui::components::snapshot_list::when_label;
use crate::ui::components::sync_conflicts::SyncConflicts;
use crate::ui::state::{use_app, AppState, WhenComplete};
use leptos::prelude::*;

#[component]
pub fn SyncPage() -> impl IntoView {
    view! { <WhenComplete><SyncPageBody/></WhenComplete> }
}

/// Reads the stored settings, the conflicts and the set-aside documents into the page's signals.
fn refresh(
    app: AppState,
    config: RwSignal<Option<SyncConfig>>,
    conflicts: RwSignal<Vec<Conflict>>,
    rejected: RwSignal<Vec<Rejected>>,
) {
    leptos::task::spawn_local(async move {
        let Ok(store) = app.store_handle() else { return };
        if let Ok(c) = store.meta::<SyncConfig>(META_SYNC_CONFIG).await {
            config.try_set(c);
        }
        if let Ok(c) = store.conflicts().await {
            conflicts.try_set(c);
        }
        if let Ok(r) = store.rejected_docs().await {
            rejected.try_set(r);
        }
    });
}

#[component]
fn SyncPageBody() -> impl IntoView {
    let app = use_app();
    let config = RwSignal::new(None::<SyncConfig>);
    let conflicts = RwSignal::new(Vec::<Conflict>::new());
    let rejected = RwSignal::new(Vec::<Rejected>::new());
    // Again after every run and every write (a run may bring conflicts; resolving removes them).
    Effect::new(move |_| {
        app.sync.with(|s| (s.phase == Phase::Idle, s.conflicts, s.rejected));
        app.revision.track();
        refresh(app, config, conflicts, rejected);
    });
    let on = move || config.with(|c| c.as_ref().is_some_and(|c| c.enabled));
    let on_resolved = Callback::new(move |_| refresh(app, config, conflicts, rejected));
    view! {
        <div class="page sync-page">
            <p class="breadcrumb"><a href="/data">"数据"</a>" › 同步"</p>
            <h1>"多设备同步"</h1>
            <p class="lead">
                "开启后，本机的台账与单位服务器（CouchDB）上的支部数据库保持一致：书记、组织委员的电脑和手机各自录入，"
                "联网时自动互相同步；断网时照常使用，恢复后自动补上。两台设备改了同一条记录时，两个版本都会保留，由你比较后选择。"
            </p>
            <StatusCard config=config/>
            <Show when=move || !on() || app.sync.with(|s| s.phase == Phase::NeedsLogin)>
                <LoginCard config=config/>
            </Show>
            <SyncConflicts conflicts=conflicts on_resolved=on_resolved/>
            <Show when=move || rejected.with(|r| !r.is_empty())>
                <RejectedCard rejected=rejected/>
            </Show>
            <HelpCard/>
        </div>
    }
}

/// Where sync stands, with 立即同步 and 关闭同步.
#[component]
fn StatusCard(config: RwSignal<Option<SyncConfig>>) -> impl IntoView {
    let app = use_app();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let headline = move || app.sync.with(|s| s.headline());
    let running = move || app.sync.with(|s| matches!(s.phase, Phase::Running(_)));
    let active = move || app.sync.with(|s| s.phase != Phase::Off);
    let sync_now = move |_| {
        if let Some(e) = crate::sync::engine() {
            e.kick();
        }
    };
    let turn_off = move |_| {
        busy.set(true);
        alert.set(None);
        leptos::task::spawn_local(async move {
            if let Err(e) = crate::sync::turn_off(app).await {
                alert.try_set(Some(format!("没有关闭成功：{e}")));
            }
            if let Ok(store) = app.store_handle() {
                if let Ok(c) = store.meta::<SyncConfig>(META_SYNC_CONFIG).await {
                    config.try_set(c);
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <section class="card sync-status" aria-labelledby="sync-status-title">
            <h2 id="sync-status-title">"同步状态"</h2>
            <p class=move || format!("sync-headline {}", headline().0.class()) role="status" aria-live="polite">
                {move || headline().1}
            </p>
            <Show when=active>
                <dl class="sync-facts">
                    <dt>"服务器数据库"</dt>
                    <dd>{move || config.with(|c| c.as_ref().map(|c| c.url.clone()).unwrap_or_default())}</dd>
                    <dt>"登录用户"</dt>
                    <dd>{move || config.with(|c| c.as_ref().map(|c| c.user.clone()).unwrap_or_default())}</dd>
                    <dt>"上次同步完成"</dt>
                    <dd class="sync-last">
                        {move || app.sync.with(|s| s.last_synced.as_deref().map_or_else(|| "尚未完成".to_owned(), when_label))}
                    </dd>
                    <dt>"待上传"</dt>
                    <dd class="sync-pending">{move || app.sync.with(|s| format!("{} 条", s.pending))}</dd>
                </dl>
                <div class="actions">
                    <button type="button" class="btn btn-primary" on:click=sync_now disabled=running>"立即同步"</button>
                    <button type="button" class="btn" on:click=turn_off disabled=move || busy.get()>"关闭同步"</button>
                </div>
            </Show>
            <FormAlert message=alert/>
        </section>
    }
}

/// The login form: server address, user name, password.
#[component]
fn LoginCard(config: RwSignal<Option<SyncConfig>>) -> impl IntoView {
    let app = use_app();
    let stored = config.get_untracked();
    let url = RwSignal::new(
        stored
            .as_ref()
            .map_or_else(|| DEFAULT_URL.to_owned(), |c| c.url.clone()),
    );
    let user = RwSignal::new(stored.map(|c| c.user).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The settings arrive after the first draw.
    Effect::new(move |_| {
        if let Some(c) = config.get() {
            url.set(c.url);
            user.set(c.user);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        let mut errs = Vec::new();
        if let Err(e) = crate::domain::sync::config::check_url(&url.get_untracked()) {
            errs.push(("sync_url".to_owned(), e.to_string()));
        }
        if user.get_untracked().trim().is_empty() {
            errs.push(("sync_user".to_owned(), "请填写用户名".to_owned()));
        }
        if password.get_untracked().is_empty() {
            errs.push(("sync_password".to_owned(), "请填写密码".to_owned()));
        }
        errors.set(errs);
        if !errors.is_empty() {
            crate::ui::components::form_field::focus_first_invalid();
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = crate::sync::set_up(
                app,
                &url.get_untracked(),
                &user.get_untracked(),
                &password.get_untracked(),
            )
            .await;
            // The password is not kept, not even in the form.
            password.try_set(String::new());
            match result {
                Ok(()) => {
                    if let Ok(store) = app.store_handle() {
                        if let Ok(c) = store.meta::<SyncConfig>(META_SYNC_CONFIG).await {
                            config.try_set(c);
                        }
                    }
                }
                Err(e) => {
                    alert.try_set(Some(format!("没有开启同步：{e}")));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <section class="card sync-login" aria-labelledby="sync-login-title">
            <h2 id="sync-login-title">"登录单位服务器"</h2>
            <p>"填写单位管理员提供的数据库地址和账户。密码只用于这次登录，不会保存在本机；登录状态由浏览器保持，过期后需重新登录。"</p>
            <p class="hint">"本机已有的记录会与服务器上的合并，不会丢失；同一条记录两边都改过时，会在下面列为冲突，由你选择。"</p>
            <form on:submit=submit novalidate>
                <TextField id="sync-url" label="服务器数据库地址" value=url errors=errors field="sync_url" required=true
                    hint=format!("本网站上的路径，例如 {DEFAULT_URL}") wide=true/>
                <TextField id="sync-user" label="用户名" value=user errors=errors field="sync_user" required=true autocomplete="username"/>
                <TextField id="sync-password" label="密码" value=password errors=errors field="sync_password" required=true
                    input_type="password" autocomplete="current-password"/>
                <div class="actions">
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                        {move || if busy.get() { "正在登录…" } else { "登录并开启同步" }}
                    </button>
                </div>
            </form>
            <FormAlert message=alert/>
        </section>
    }
}

/// Documents from the server that were set aside, each with the reason.
#[component]
fn RejectedCard(rejected: RwSignal<Vec<Rejected>>) -> impl IntoView {
    let app = use_app();
    let clear = move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(store) = app.store_handle() {
                if store.clear_rejected_docs().await.is_ok() {
                    rejected.try_set(Vec::new());
                    if let Some(e) = crate::sync::engine() {
                        e.refresh_counts().await;
                    }
                }
            }
        });
    };
    const COLS: [Col; 2] = [Col::text("文档编号"), Col::text("原因")];
    view! {
        <section class="card sync-rejected" aria-labelledby="sync-rejected-title">
            <h2 id="sync-rejected-title">"未采用的服务器文档"</h2>
            <p>"服务器上的这些文档不符合支部台账的格式或要求，没有写入本机，本机原有数据未受影响。请把编号告诉管理员检查。"</p>
            <DataTable class="rejected-table" caption="未采用的服务器文档" quiet_caption=true head=head_cells(&COLS)>
                {move || rejected
                    .get()
                    .into_iter()
                    .map(|r| view! { <tr><td class="doc-id">{r.id}</td><td>{r.reason}</td></tr> })
                    .collect_view()}
            </DataTable>
            <div class="actions">
                <button type="button" class="btn" on:click=clear>"我知道了，清除列表"</button>
            </div>
        </section>
    }
}

/// What sync does and does not do, briefly.
#[component]
fn HelpCard() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="sync-help-title">
            <h2 id="sync-help-title">"说明"</h2>
            <ul>
                <li>"同步的是支部信息、党小组、党员、活动记录（含出席名单与补学）、学习计划和检查规则；备份提醒、快照等本机设置不同步。"</li>
                <li>"同步开启时，在「数据」页用备份“替换”本机数据，替换后的内容会同步到所有设备；“合并”只增补。"</li>
                <li>"「清空本机数据」会同时关闭本机的同步，不会删除服务器上的数据。"</li>
                <li>"只读账户（如上级党委）可以下载查看，本机的修改不会上传，会显示为“待上传”。"</li>
            </ul>
        </section>
    }
}
