//! The 党员名册: everyone in the branch with filters, search, and add / edit / transfer-out / delete.

use super::confirm::{ConfirmDialog, NoticeDialog};
use super::form_field::FormAlert;
use super::member_form::MemberForm;
use crate::domain::{Member, MemberId, MemberKind};
use crate::export::word::WordRequest;
use crate::ui::action::run_action;
use crate::ui::clock::today;
use crate::ui::components::data_table::{head_cells, Col, DataTable};
use crate::ui::components::word_button::WordButton;
use crate::ui::state::{use_app, MemberUsage};
use leptos::prelude::*;

/// What the form is open for.
#[derive(Clone, PartialEq)]
enum Editing {
    New,
    Existing { id: MemberId, transfer_out: bool },
}

/// One row of the table, ready to show.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Row {
    id: MemberId,
    name: String,
    kind: MemberKind,
    group: String,
    party_joined: String,
    joined_branch: Option<String>,
    left_branch: Option<String>,
    mobile: bool,
    roles: String,
    excused_now: bool,
}

fn kind_code(kind: MemberKind) -> &'static str {
    match kind {
        MemberKind::Full => "full",
        MemberKind::Probationary => "probationary",
        MemberKind::Activist => "activist",
    }
}

#[component]
pub fn MemberRoster() -> impl IntoView {
    let app = use_app();
    let filter_group = RwSignal::new(String::new());
    let filter_kind = RwSignal::new(String::new());
    let filter_status = RwSignal::new("current".to_owned());
    let search = RwSignal::new(String::new());
    let editing = RwSignal::new(None::<Editing>);
    let notice = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let deleting = RwSignal::new(None::<MemberId>);
    let delete_busy = RwSignal::new(false);

    let all_rows = Memo::new(move |_| {
        let day = today();
        app.data.with(|d| {
            // The roster's order (group, kind, name in the branch's order), shared with the Word 党员名册.
            d.roster_order()
                .into_iter()
                .map(|m: &Member| Row {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    kind: m.kind,
                    group: m.group.as_ref().map(|g| d.group_name(g)).unwrap_or_default(),
                    party_joined: m.party_joined.map(|x| x.to_string()).unwrap_or_default(),
                    joined_branch: m.joined_branch.map(|x| x.to_string()),
                    left_branch: m.left_branch.map(|x| x.to_string()),
                    mobile: m.mobile,
                    roles: d.duties_of(&m.id).join("、"),
                    excused_now: m.excused_on(day).is_some(),
                })
                .collect::<Vec<_>>()
        })
    });
    let groups = Memo::new(move |_| {
        app.data.with(|d| {
            d.groups
                .iter()
                .map(|g| (g.id.0.clone(), g.name.clone()))
                .collect::<Vec<_>>()
        })
    });

    let shown = Memo::new(move |_| {
        let day = today().to_string();
        let fg = filter_group.get();
        let fk = filter_kind.get();
        let fs = filter_status.get();
        let q = search.get().trim().to_lowercase();
        app.data.with(|d| {
            all_rows
                .get()
                .into_iter()
                .filter(|r| {
                    let m = d.member(&r.id);
                    let group_ok = match fg.as_str() {
                        "" => true,
                        "-" => m.is_some_and(|m| m.group.is_none()),
                        g => m.is_some_and(|m| m.group.as_ref().is_some_and(|x| x.0 == g)),
                    };
                    let kind_ok = fk.is_empty() || kind_code(r.kind) == fk;
                    let left = r.left_branch.as_ref().is_some_and(|l| *l <= day);
                    let status_ok = match fs.as_str() {
                        "current" => !left,
                        "left" => left,
                        _ => true,
                    };
                    let phone = m.map(|m| m.phone.as_str()).unwrap_or("");
                    let search_ok = q.is_empty() || r.name.to_lowercase().contains(&q) || phone.contains(&q);
                    group_ok && kind_ok && status_ok && search_ok
                })
                .collect::<Vec<_>>()
        })
    });

    let summary = move || {
        let rows = shown.get();
        let count = |k: MemberKind| rows.iter().filter(|r| r.kind == k).count();
        format!(
            "显示 {} 人：正式党员 {}、预备党员 {}、入党积极分子 {}",
            rows.len(),
            count(MemberKind::Full),
            count(MemberKind::Probationary),
            count(MemberKind::Activist)
        )
    };
    let filtered = move || {
        !filter_group.with(String::is_empty)
            || !filter_kind.with(String::is_empty)
            || filter_status.get() != "current"
            || !search.with(String::is_empty)
    };
    let clear_filters = move |_| {
        filter_group.set(String::new());
        filter_kind.set(String::new());
        filter_status.set("current".to_owned());
        search.set(String::new());
    };

    let on_done = Callback::new(move |msg: Option<String>| {
        editing.set(None);
        if msg.is_some() {
            notice.set(msg);
        }
    });
    let confirm_delete = Callback::new(move |_| {
        let Some(id) = deleting.get_untracked() else { return };
        let name = app.data.with_untracked(|d| d.member_name(&id));
        let delete = async move {
            let result = app.delete_member(id).await;
            deleting.try_set(None);
            result
        };
        run_action(delete_busy, alert, delete, move |()| {
            notice.try_set(Some(format!("已删除{name}")));
        });
    });

    view! {
        <section class="card roster" aria-labelledby="roster-title">
            <div class="section-head">
                <h2 id="roster-title">"党员名册"</h2>
                <div class="toolbar">
                    <WordButton request=Signal::stored(WordRequest::Roster) label="名册 Word" id="roster-word" format=true/>
                    <button type="button" class="btn btn-primary" disabled=move || editing.get().is_some()
                        on:click=move |_| { notice.set(None); alert.set(None); editing.set(Some(Editing::New)); }>
                        "添加人员"
                    </button>
                </div>
            </div>
            <Show when=move || notice.with(Option::is_some)>
                <p class="alert-ok" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <FormAlert message=alert/>
            {move || editing.get().map(|e| match e {
                Editing::New => view! { <MemberForm existing=None on_done=on_done/> }.into_any(),
                Editing::Existing { id, transfer_out } => {
                    let m = app.data.with_untracked(|d| d.member(&id).cloned());
                    view! { <MemberForm existing=m transfer_out=transfer_out on_done=on_done/> }.into_any()
                }
            })}
            <Show when=move || !all_rows.with(Vec::is_empty)
                fallback=|| view! {
                    <div class="empty">
                        <p>"名册是空的。点击“添加人员”录入本支部的正式党员、预备党员和入党积极分子。"</p>
                        <p class="hint">"积极分子可列席会议，但不计入应到人数；录入转入、转出日期后，每次会议的应到人数会按当天在册人员自动计算。"</p>
                    </div>
                }>
                <div class="roster-filters" role="search" aria-label="筛选名册">
                    <div class="field">
                        <label for="roster-search">"搜索"</label>
                        <input id="roster-search" type="search" placeholder="姓名或电话" bind:value=search autocomplete="off"/>
                    </div>
                    <div class="field">
                        <label for="roster-group">"党小组"</label>
                        <select id="roster-group" on:change=move |ev| filter_group.set(event_target_value(&ev))>
                            <option value="" prop:selected=move || filter_group.with(String::is_empty)>"全部"</option>
                            <For each=move || groups.get() key=|g| g.clone() let((gid, gname))>
                                {
                                    let g2 = gid.clone();
                                    view! { <option value=gid prop:selected=move || filter_group.with(|f| *f == g2)>{gname}</option> }
                                }
                            </For>
                            <option value="-" prop:selected=move || filter_group.with(|f| f == "-")>"未分组"</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for="roster-kind">"类别"</label>
                        <select id="roster-kind" on:change=move |ev| filter_kind.set(event_target_value(&ev))>
                            <option value="" prop:selected=move || filter_kind.with(String::is_empty)>"全部"</option>
                            {MemberKind::ALL.into_iter().map(|k| view! {
                                <option value=kind_code(k) prop:selected=move || filter_kind.with(|f| f == kind_code(k))>{k.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="roster-status">"状态"</label>
                        <select id="roster-status" on:change=move |ev| filter_status.set(event_target_value(&ev))>
                            <option value="current" prop:selected=move || filter_status.with(|f| f == "current")>"在册"</option>
                            <option value="left" prop:selected=move || filter_status.with(|f| f == "left")>"已转出"</option>
                            <option value="all" prop:selected=move || filter_status.with(|f| f == "all")>"全部"</option>
                        </select>
                    </div>
                </div>
                <p class="roster-summary" aria-live="polite">
                    {summary}
                    <Show when=filtered>
                        " "<button type="button" class="btn-link" on:click=clear_filters>"清除筛选"</button>
                    </Show>
                </p>
                <Show when=move || !shown.with(Vec::is_empty)
                    fallback=|| view! { <p class="empty">"没有符合条件的人员。"</p> }>
                    <DataTable class="members-table" caption="党员名册" quiet_caption=true
                        head=head_cells(&[
                            Col::text("姓名"),
                            Col::text("类别"),
                            Col::text("党小组"),
                            Col::text("入党日期"),
                            Col::text("转入/转出"),
                            Col::text("流动"),
                            Col::text("职务"),
                            Col::hidden("操作"),
                        ])>
                        <For each=move || shown.get() key=|r| r.clone() let(r)>
                            <MemberRow row=r editing=editing deleting=deleting notice=notice/>
                        </For>
                    </DataTable>
                </Show>
            </Show>
            {move || deleting.get().map(|id| {
                let (name, usage, left) = app.data.with_untracked(|d| {
                    (d.member_name(&id), MemberUsage::of(d, &id), d.member(&id).is_some_and(|m| m.left_branch.is_some()))
                });
                let close = Callback::new(move |_| deleting.set(None));
                match usage.refusal() {
                    None => view! {
                        <ConfirmDialog title=format!("删除{name}？") confirm_label="删除" danger=true
                            busy=Signal::from(delete_busy) on_confirm=confirm_delete on_cancel=close>
                            <p>"此人没有出现在任何记录中，删除后不能恢复。"</p>
                            <p class="hint">"如果此人只是调离本支部，请改为登记转出日期。"</p>
                        </ConfirmDialog>
                    }.into_any(),
                    Some(why) if usage.has_history() && !left && usage.seats.is_empty() && usage.led_groups.is_empty() => {
                        let id2 = id.clone();
                        let transfer = Callback::new(move |_| {
                            deleting.set(None);
                            notice.set(None);
                            editing.set(Some(Editing::Existing { id: id2.clone(), transfer_out: true }));
                        });
                        view! {
                            <ConfirmDialog title=format!("不能删除{name}") confirm_label="改为登记转出"
                                on_confirm=transfer on_cancel=close>
                                <p>{why}</p>
                            </ConfirmDialog>
                        }.into_any()
                    }
                    Some(why) => view! {
                        <NoticeDialog title=format!("不能删除{name}") on_close=close>
                            <p>{why}</p>
                        </NoticeDialog>
                    }.into_any(),
                }
            })}
        </section>
    }
}

#[component]
fn MemberRow(
    row: Row,
    editing: RwSignal<Option<Editing>>,
    deleting: RwSignal<Option<MemberId>>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let Row {
        id,
        name,
        kind,
        group,
        party_joined,
        joined_branch,
        left_branch,
        mobile,
        roles,
        excused_now,
    } = row;
    let is_left = left_branch.is_some();
    let (no_party_date, no_roles) = (party_joined.is_empty(), roles.is_empty());
    let (id_edit, id_out, id_del) = (id.clone(), id.clone(), id);
    let edit_label = format!("编辑 {name}");
    let out_label = format!("登记 {name} 转出");
    let del_label = format!("删除 {name}");
    view! {
        <tr class:row-left=is_left>
            <td data-label="姓名" class="name-cell">
                <span class="member-name">{name}</span>
                {excused_now.then(|| view! { <span class="badge" title="当前处于免于应到期间">"免于应到"</span> })}
            </td>
            <td data-label="类别"><span class=format!("kind kind-{}", kind_code(kind))>{kind.label()}</span></td>
            <td data-label="党小组">{if group.is_empty() { "—".to_owned() } else { group }}</td>
            <td data-label="入党日期" class:empty-cell=no_party_date>{if party_joined.is_empty() { "—".to_owned() } else { party_joined }}</td>
            <td data-label="转入/转出">
                {match joined_branch {
                    Some(j) => view! { <span class="nowrap">{j}" 转入"</span> }.into_any(),
                    None => view! { <span class="nowrap muted" title="视为在有记录之前就已在本支部">"转入日期不详"</span> }.into_any(),
                }}
                {left_branch.map(|l| view! { <br/><span class="nowrap left-date">{l}" 转出"</span> })}
            </td>
            <td data-label="流动" class:empty-cell=!mobile>{if mobile { "流动党员" } else { "—" }}</td>
            <td data-label="职务" class:empty-cell=no_roles>{if roles.is_empty() { "—".to_owned() } else { roles }}</td>
            <td class="row-actions">
                <button type="button" class="btn btn-small" aria-label=edit_label
                    on:click=move |_| { notice.set(None); editing.set(Some(Editing::Existing { id: id_edit.clone(), transfer_out: false })); }>
                    "编辑"
                </button>
                {(!is_left).then(|| view! {
                    <button type="button" class="btn btn-small" aria-label=out_label
                        on:click=move |_| { notice.set(None); editing.set(Some(Editing::Existing { id: id_out.clone(), transfer_out: true })); }>
                        "转出"
                    </button>
                })}
                <button type="button" class="btn btn-small btn-danger" aria-label=del_label
                    on:click=move |_| { notice.set(None); deleting.set(Some(id_del.clone())); }>
                    "删除"
                </button>
            </td>
        </tr>
    }
}
