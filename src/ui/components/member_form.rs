//! Add or edit one member: 姓名, 类别, 党小组, dates, 流动党员, periods excused from 应到, 电话, 备注.

use super::form_field::{
    focus_first_invalid, parse_optional_date, DateField, FieldMessage, FormAlert, FormErrors, TextField,
};
use crate::domain::validate::{validate_member, Invalid};
use crate::domain::{Date, Excusal, Member, MemberKind};
use crate::ui::action::run_action;
use crate::ui::clock::{new_member_id, today};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// One period excused from 应到, as typed.
#[derive(Clone, Copy)]
struct ExcusalDraft {
    key: u32,
    from: RwSignal<String>,
    from_bad: RwSignal<bool>,
    to: RwSignal<String>,
    to_bad: RwSignal<bool>,
    note: RwSignal<String>,
}

impl ExcusalDraft {
    fn new(key: u32, e: Option<&Excusal>) -> ExcusalDraft {
        ExcusalDraft {
            key,
            from: RwSignal::new(e.map(|e| e.from.to_string()).unwrap_or_default()),
            from_bad: RwSignal::new(false),
            to: RwSignal::new(e.and_then(|e| e.to).map(|d| d.to_string()).unwrap_or_default()),
            to_bad: RwSignal::new(false),
            note: RwSignal::new(e.map(|e| e.note.clone()).unwrap_or_default()),
        }
    }
}

fn date_text(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The form. `transfer_out` pre-fills 转出日期 with today and focuses it (the "登记转出" path).
#[component]
pub fn MemberForm(
    existing: Option<Member>,
    #[prop(optional)] transfer_out: bool,
    on_done: Callback<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let is_new = existing.is_none();
    let base = existing.clone();
    let id = existing.as_ref().map_or_else(new_member_id, |m| m.id.clone());
    let e = existing.as_ref();
    let name = RwSignal::new(e.map(|m| m.name.clone()).unwrap_or_default());
    let kind = RwSignal::new(e.map_or(MemberKind::Full, |m| m.kind));
    let group = RwSignal::new(
        e.and_then(|m| m.group.as_ref())
            .map(|g| g.0.clone())
            .unwrap_or_default(),
    );
    let party_joined = RwSignal::new(date_text(e.and_then(|m| m.party_joined)));
    let full_since = RwSignal::new(date_text(e.and_then(|m| m.full_since)));
    let joined_branch = RwSignal::new(date_text(e.and_then(|m| m.joined_branch)));
    let left_default = if transfer_out && e.is_some_and(|m| m.left_branch.is_none()) {
        Some(today())
    } else {
        e.and_then(|m| m.left_branch)
    };
    let left_branch = RwSignal::new(date_text(left_default));
    let (pj_bad, fs_bad, jb_bad, lb_bad) = (
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
    );
    let mobile = RwSignal::new(e.is_some_and(|m| m.mobile));
    let phone = RwSignal::new(e.map(|m| m.phone.clone()).unwrap_or_default());
    let note = RwSignal::new(e.map(|m| m.note.clone()).unwrap_or_default());
    let next_key = StoredValue::new(0u32);
    let excusals = RwSignal::new(
        e.map(|m| {
            m.excused
                .iter()
                .map(|x| {
                    let k = next_key.get_value();
                    next_key.set_value(k + 1);
                    ExcusalDraft::new(k, Some(x))
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default(),
    );
    let errors = FormErrors::new();
    let alert = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let groups = Memo::new(move |_| {
        app.data.with(|d| {
            d.groups
                .iter()
                .map(|g| (g.id.0.clone(), g.name.clone()))
                .collect::<Vec<_>>()
        })
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        let mut errs: Vec<(String, String)> = Vec::new();
        let mut date = |field: &str, value: RwSignal<String>, bad: RwSignal<bool>| match parse_optional_date(
            &value.get_untracked(),
            bad.get_untracked(),
        ) {
            Ok(d) => d,
            Err(err) => {
                errs.push((field.to_owned(), err.to_string()));
                None
            }
        };
        let k = kind.get_untracked();
        let pj = if k == MemberKind::Activist {
            None
        } else {
            date("party_joined", party_joined, pj_bad)
        };
        let fs = if k == MemberKind::Full {
            date("full_since", full_since, fs_bad)
        } else {
            None
        };
        let jb_typed = date("joined_branch", joined_branch, jb_bad);
        let lb = date("left_branch", left_branch, lb_bad);
        let mut excused = Vec::new();
        let mut row_errs: Vec<(String, String)> = Vec::new();
        for (i, row) in excusals.get_untracked().into_iter().enumerate() {
            let from = match parse_optional_date(&row.from.get_untracked(), row.from_bad.get_untracked()) {
                Ok(Some(d)) => Some(d),
                Ok(None) => {
                    row_errs.push((format!("excused-{i}-from"), Invalid::Required("开始日期").to_string()));
                    None
                }
                Err(err) => {
                    row_errs.push((format!("excused-{i}-from"), err.to_string()));
                    None
                }
            };
            let to = match parse_optional_date(&row.to.get_untracked(), row.to_bad.get_untracked()) {
                Ok(d) => d,
                Err(err) => {
                    row_errs.push((format!("excused-{i}-to"), err.to_string()));
                    None
                }
            };
            let excusal = Excusal {
                from: from.unwrap_or_else(today),
                to,
                note: row.note.get_untracked().trim().to_owned(),
            };
            // The domain's checks for this one period, placed next to the right input.
            let probe = Member {
                excused: vec![excusal.clone()],
                ..Member {
                    id: id.clone(),
                    name: "x".to_owned(),
                    kind: MemberKind::Full,
                    group: None,
                    party_joined: None,
                    full_since: None,
                    joined_branch: None,
                    left_branch: None,
                    mobile: false,
                    excused: Vec::new(),
                    phone: String::new(),
                    note: String::new(),
                }
            };
            for fe in validate_member(&probe, &[]) {
                if fe.field != "excused" || (from.is_none() && fe.error == Invalid::ExcusalEndsBeforeStart) {
                    continue;
                }
                let slot = if fe.error == Invalid::ExcusalEndsBeforeStart {
                    "to"
                } else {
                    "note"
                };
                row_errs.push((format!("excused-{i}-{slot}"), fe.error.to_string()));
            }
            excused.push(excusal);
        }
        // Empty: a new member's 入党日期 (本支部发展的党员), else not known ("in the branch since before any
        // record"); an existing member's date is never filled in behind the user's back.
        let jb = jb_typed.or(if is_new { pj } else { None });
        let g = group.get_untracked();
        let member = Member {
            id: id.clone(),
            name: name.get_untracked().trim().to_owned(),
            kind: k,
            group: (!g.is_empty()).then_some(crate::domain::GroupId(g)),
            party_joined: pj,
            full_since: fs,
            joined_branch: jb,
            left_branch: lb,
            mobile: mobile.get_untracked(),
            excused,
            phone: phone.get_untracked().trim().to_owned(),
            note: note.get_untracked().trim().to_owned(),
        };
        let domain_errs = app.data.with_untracked(|d| validate_member(&member, &d.groups));
        for (f, m) in FormErrors::from_domain(&domain_errs) {
            if f != "excused" && !errs.iter().any(|(ef, _)| *ef == f) {
                errs.push((f, m));
            }
        }
        errs.extend(row_errs);
        errors.set(errs.clone());
        if !errs.is_empty() {
            focus_first_invalid();
            return;
        }
        if member.kind == MemberKind::Activist {
            let holds = app.data.with_untracked(|d| {
                !d.branch.roles_of(&member.id).is_empty()
                    || d.groups.iter().any(|g| g.group_leader.as_ref() == Some(&member.id))
            });
            if holds {
                alert.set(Some(
                    "此人担任支委或党小组组长，不能改为入党积极分子。请先在“支部信息”或“党小组”中更换。".to_owned(),
                ));
                return;
            }
        }
        if base.as_ref() == Some(&member) {
            on_done.run(None);
            return;
        }
        let msg = if is_new {
            format!("已添加{}", member.name)
        } else if member.left_branch.is_some() && base.as_ref().is_some_and(|b| b.left_branch.is_none()) {
            format!("已登记{}转出", member.name)
        } else {
            format!("已保存{}的信息", member.name)
        };
        // `try_run`: the form's owner may be gone by then (the user switched tabs while it saved).
        run_action(busy, alert, async move { app.save_member(member).await }, move |()| {
            on_done.try_run(Some(msg));
        });
    };

    let left_ref = NodeRef::<leptos::html::Input>::new();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    form_ref.on_load(move |form| {
        request_animation_frame(move || {
            use wasm_bindgen::JsCast;
            let target = if transfer_out {
                left_ref
                    .try_get_untracked()
                    .flatten()
                    .map(|i| i.unchecked_into::<web_sys::HtmlElement>())
            } else {
                form.query_selector("#member-name")
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            };
            if let Some(t) = target {
                let _ = t.focus();
            }
            form.scroll_into_view();
        });
    });

    let add_excusal = move |_| {
        let k = next_key.get_value();
        next_key.set_value(k + 1);
        excusals.update(|v| v.push(ExcusalDraft::new(k, None)));
    };

    let excusal_rows = move || excusals.get().into_iter().enumerate().collect::<Vec<_>>();

    view! {
        <form class="card member-form" on:submit=submit novalidate node_ref=form_ref
            aria-labelledby="member-form-title"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { on_done.run(None) }>
            <h3 id="member-form-title">{if is_new { "添加人员".to_owned() } else { format!("编辑：{}", name.get_untracked()) }}</h3>
            <div class="form-grid">
                <TextField id="member-name" label="姓名" value=name errors=errors field="name" required=true
                    autocomplete="name"/>
                <fieldset class="field field-wide kind-choice" aria-describedby="member-kind-err">
                    <legend>"类别"</legend>
                    <div class="seg-row">
                        {MemberKind::ALL.into_iter().map(|k| {
                            let rid = format!("member-kind-{}", match k { MemberKind::Full => "full", MemberKind::Probationary => "probationary", MemberKind::Activist => "activist" });
                            view! {
                                <label class="seg-opt" for=rid.clone()>
                                    <input type="radio" id=rid.clone() name="member-kind"
                                        prop:checked=move || kind.get() == k
                                        on:change=move |_| kind.set(k)/>
                                    <span>{k.label()}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <FieldMessage id="member-kind" errors=errors field="kind"/>
                </fieldset>
                <div class="field">
                    <label for="member-group">"党小组"</label>
                    <select id="member-group" name="group" aria-describedby="member-group-err"
                        aria-invalid=errors.invalid("group")
                        on:change=move |ev| group.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || group.with(String::is_empty)>"（未分组）"</option>
                        <For each=move || groups.get() key=|g| g.clone() let((gid, gname))>
                            {
                                let g2 = gid.clone();
                                view! { <option value=gid prop:selected=move || group.with(|s| *s == g2)>{gname}</option> }
                            }
                        </For>
                    </select>
                    <FieldMessage id="member-group" errors=errors field="group"/>
                </div>
                <Show when=move || kind.get() != MemberKind::Activist>
                    <DateField id="member-party-joined" label="入党日期" value=party_joined bad=pj_bad errors=errors
                        field="party_joined" hint="预备党员填接收为预备党员的日期"/>
                </Show>
                <Show when=move || kind.get() == MemberKind::Full>
                    <DateField id="member-full-since" label="转正日期" value=full_since bad=fs_bad errors=errors
                        field="full_since" hint="预备期满转正的日期；不清楚可留空"/>
                </Show>
                <DateField id="member-joined-branch" label="转入本支部日期" value=joined_branch bad=jb_bad errors=errors
                    field="joined_branch" hint="从这天起计入本支部应到。新添加时留空则按入党日期；不清楚可留空，视为在有记录之前就已在本支部"/>
                <DateField id="member-left-branch" label="转出日期" value=left_branch bad=lb_bad errors=errors
                    field="left_branch" hint="转出后不再计入应到，历史记录保留" node_ref=left_ref/>
                <TextField id="member-phone" label="电话" value=phone errors=errors field="phone" input_type="tel"
                    autocomplete="tel"/>
                <div class="field field-check">
                    <input type="checkbox" id="member-mobile" bind:checked=mobile aria-describedby="member-mobile-hint"/>
                    <label for="member-mobile">"流动党员"</label>
                    <p class="hint" id="member-mobile-hint">"在外地参加组织生活，记为“异地参加”，不算缺席"</p>
                </div>
                <TextField id="member-note" label="备注" value=note errors=errors field="note" wide=true/>
            </div>
            <fieldset class="excusals">
                <legend>"免于应到"</legend>
                <p class="hint">"经批准长期病休、出国等期间不计入应到，请写明批准情况。"</p>
                <For each=excusal_rows key=|(i, r)| (*i, r.key)
                    let((i, row))>
                    <div class="excusal-row">
                        <DateField id=format!("excused-{i}-from") label="开始" value=row.from bad=row.from_bad
                            errors=errors field=format!("excused-{i}-from") required=true/>
                        <DateField id=format!("excused-{i}-to") label="结束（可空）" value=row.to bad=row.to_bad
                            errors=errors field=format!("excused-{i}-to")/>
                        <TextField id=format!("excused-{i}-note") label="说明" value=row.note errors=errors
                            field=format!("excused-{i}-note") required=true placeholder="例如：病休，经支委会批准"/>
                        <button type="button" class="btn btn-small" aria-label=format!("删除第{}段免于应到", i + 1)
                            on:click=move |_| excusals.update(|v| v.retain(|r| r.key != row.key))>"删除"</button>
                    </div>
                </For>
                <button type="button" class="btn btn-small" on:click=add_excusal>"添加一段"</button>
            </fieldset>
            <FormAlert message=alert/>
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || if busy.get() { "正在保存…" } else { "保存" }}
                </button>
                <button type="button" class="btn" on:click=move |_| on_done.run(None)>"取消"</button>
                <Show when=move || !errors.is_empty()>
                    <span class="error-note" role="status">{move || format!("有 {} 处需要修改，尚未保存", errors.count())}</span>
                </Show>
            </div>
        </form>
    }
}
