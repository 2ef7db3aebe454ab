//! The 规则 page (/rules): the rules the branch is checked against, each with its source text always
//! visible. The secretary can switch a rule off, change its period, scope or minimum, add a local rule,
//! remove an added one, and go back to the defaults. Every change is checked (`validate_rule`, then
//! `validate_rules` for the whole set) before it is stored; rules are part of backups.

use crate::domain::rules::{default_rule, default_rules, Rule};
use crate::ui::clock::today;
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::form_field::FormAlert;
use crate::ui::components::rules_editor::{blank_rule, RuleForm};
use crate::ui::pages::stats::StatsTabs;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;

/// What asks for confirmation.
#[derive(Clone, PartialEq)]
enum Asking {
    RestoreAll,
    Remove(usize),
}

#[component]
pub fn RulesPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><RulesPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn RulesPageBody() -> impl IntoView {
    let app = use_app();
    let rules = Memo::new(move |_| app.data.with(|d| d.effective_rules()));
    let customised = Memo::new(move |_| app.data.with(|d| !d.rules.is_empty()));
    let editing = RwSignal::new(None::<usize>);
    let adding = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let alert = RwSignal::new(None::<String>);
    let asking = RwSignal::new(None::<Asking>);

    // Stores a whole new rule set; on success runs `done` and says `ok`.
    let store = move |app: AppState, next: Vec<Rule>, ok: String, done: Box<dyn FnOnce()>| {
        busy.set(true);
        notice.set(None);
        alert.set(None);
        leptos::task::spawn_local(async move {
            let result = app.save_rules(next).await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    done();
                    notice.try_set(Some(ok));
                }
                Err(e) => {
                    alert.try_set(Some(e.to_string()));
                }
            }
        });
    };

    let toggle = move |i: usize, on: bool| {
        let mut next = rules.get_untracked();
        let Some(r) = next.get_mut(i) else { return };
        r.enabled = on;
        let ok = format!("已{}：{}", if on { "启用" } else { "关闭" }, r.describe());
        store(app, next, ok, Box::new(|| {}));
    };

    let confirm = Callback::new(move |_| {
        let Some(what) = asking.get_untracked() else { return };
        let (next, ok) = match what {
            Asking::RestoreAll => (Vec::new(), "已恢复为默认规则。".to_owned()),
            Asking::Remove(i) => {
                let mut next = rules.get_untracked();
                if i >= next.len() {
                    return;
                }
                let gone = next.remove(i);
                (next, format!("已删除：{}", gone.describe()))
            }
        };
        store(
            app,
            next,
            ok,
            Box::new(move || {
                asking.try_set(None);
                editing.try_set(None);
            }),
        );
    });

    let list = move || {
        rules
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let default = default_rule(&r.id);
                let changed = default.as_ref().is_some_and(|d| *d != r);
                let removable = default.is_none();
                let enabled = r.enabled;
                let taken: Vec<String> = rules.with(|all| {
                    all.iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .map(|(_, x)| x.id.clone())
                        .collect()
                });
                let title = r.describe();
                let check_id = format!("rule-on-{}", r.id);
                let rule_for_form = r.clone();
                view! {
                    <li class="card rule-card" class:rule-off=!enabled data-rule=r.id.clone()>
                        <div class="rule-head">
                            <h2 class="rule-title">{title.clone()}</h2>
                            <span class="rule-badges">
                                {if r.local {
                                    view! { <span class="badge badge-warn">"本地要求"</span> }.into_any()
                                } else if r.kind == crate::domain::rules::RuleKind::ExcellentShare {
                                    view! { <span class="badge badge-accent">"上级规定"</span> }.into_any()
                                } else {
                                    view! { <span class="badge badge-accent">"条例规定"</span> }.into_any()
                                }}
                                {changed.then(|| view! { <span class="badge">"已修改"</span> })}
                                {removable.then(|| view! { <span class="badge">"新增"</span> })}
                                {(!enabled).then(|| view! { <span class="badge badge-error">"已关闭"</span> })}
                            </span>
                            <label class="check rule-toggle" for=check_id.clone()>
                                <input type="checkbox" id=check_id.clone() prop:checked=enabled disabled=move || busy.get()
                                    on:change=move |ev| toggle(i, event_target_checked(&ev))/>
                                "启用"
                            </label>
                        </div>
                        <p class="rule-scope muted">{format!("{} · {}", r.period.label(), r.scope.label())}</p>
                        {if r.source.trim().is_empty() {
                            view! { <p class="rule-source rule-source-missing">"（未填写依据）"</p> }.into_any()
                        } else {
                            view! { <blockquote class="rule-source">{r.source.clone()}</blockquote> }.into_any()
                        }}
                        {(!r.note.is_empty()).then(|| view! { <p class="rule-note">{r.note.clone()}</p> })}
                        <Show when=move || editing.get() != Some(i)>
                            <div class="actions rule-actions">
                                <button type="button" class="btn btn-small" aria-label=format!("修改 {title}")
                                    on:click=move |_| { adding.set(false); editing.set(Some(i)); }>"修改"</button>
                                {changed.then(|| {
                                    let d = default.clone();
                                    view! {
                                        <button type="button" class="btn btn-small" disabled=move || busy.get()
                                            on:click=move |_| {
                                                if let Some(d) = d.clone() {
                                                    let mut next = rules.get_untracked();
                                                    if let Some(slot) = next.get_mut(i) {
                                                        let ok = format!("已恢复默认：{}", d.describe());
                                                        *slot = d;
                                                        store(app, next, ok, Box::new(|| {}));
                                                    }
                                                }
                                            }>"恢复此项默认"</button>
                                    }
                                })}
                                {removable.then(|| view! {
                                    <button type="button" class="btn btn-small btn-danger"
                                        on:click=move |_| asking.set(Some(Asking::Remove(i)))>"删除"</button>
                                })}
                            </div>
                        </Show>
                        {
                            let r = rule_for_form.clone();
                            let taken = taken.clone();
                            move || (editing.get() == Some(i)).then(|| {
                                let on_save = Callback::new(move |rule: Rule| {
                                    let mut next = rules.get_untracked();
                                    if let Some(slot) = next.get_mut(i) {
                                        let ok = format!("已保存：{}", rule.describe());
                                        *slot = rule;
                                        store(app, next, ok, Box::new(move || { editing.try_set(None); }));
                                    }
                                });
                                view! {
                                    <RuleForm initial=r.clone() taken_ids=taken.clone() busy=busy
                                        on_save=on_save on_cancel=Callback::new(move |_| editing.set(None))/>
                                }
                            })
                        }
                    </li>
                }
            })
            .collect_view()
    };

    let on_add = Callback::new(move |rule: Rule| {
        let mut next = rules.get_untracked();
        let ok = format!("已添加：{}", rule.describe());
        next.push(rule);
        store(
            app,
            next,
            ok,
            Box::new(move || {
                adding.try_set(false);
            }),
        );
    });

    view! {
        <div class="page rules-page">
            <div class="page-header">
                <h1>"统计"</h1>
            </div>
            <StatsTabs current="rules".to_owned() year=today().year()/>
            <p class="lead">
                "合规检查和年度总结按下列规则判断。默认规则摘自《中国共产党支部工作条例（试行）》和《中国共产党党员教育管理工作条例》，每条都附原文；"
                "本单位要求更高的，可以修改次数或添加规则。规则保存在本机，随备份一起导出。"
            </p>
            <p class="rules-state" role="status">
                {move || if customised.get() { "当前使用：按本单位要求调整后的规则。" } else { "当前使用：默认规则。" }}
            </p>
            <Show when=move || notice.with(Option::is_some)>
                <p class="alert-ok" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <FormAlert message=alert/>
            <ul class="rules-list">{list}</ul>
            <Show when=move || adding.get()
                fallback=move || view! {
                    <div class="actions">
                        <button type="button" class="btn btn-primary" id="rule-add"
                            on:click=move |_| { editing.set(None); adding.set(true); }>"添加规则"</button>
                        <button type="button" class="btn" id="rule-restore" disabled=move || !customised.get()
                            on:click=move |_| asking.set(Some(Asking::RestoreAll))>"全部恢复默认"</button>
                    </div>
                }>
                {move || {
                    let taken: Vec<String> = rules.with(|all| all.iter().map(|r| r.id.clone()).collect());
                    view! {
                        <div class="card">
                            <RuleForm initial=blank_rule() is_new=true taken_ids=taken busy=busy
                                on_save=on_add on_cancel=Callback::new(move |_| adding.set(false))/>
                        </div>
                    }
                }}
            </Show>
            <Show when=move || asking.with(Option::is_some)>
                {move || {
                    let what = asking.get();
                    let (title, label, body) = match what {
                        Some(Asking::Remove(i)) => (
                            "删除规则".to_owned(),
                            "删除",
                            format!(
                                "删除“{}”？删除后合规检查和年度总结不再检查这一项。",
                                rules.with(|r| r.get(i).map(|x| x.describe()).unwrap_or_default())
                            ),
                        ),
                        _ => (
                            "恢复默认规则".to_owned(),
                            "恢复默认",
                            format!(
                                "把全部规则恢复为默认的{}条（条例规定和通行要求）？修改过的次数、关闭的检查和新增的规则都会被还原。",
                                default_rules().len()
                            ),
                        ),
                    };
                    view! {
                        <ConfirmDialog title=title confirm_label=label danger=true busy=busy
                            on_confirm=confirm on_cancel=Callback::new(move |_| asking.set(None))>
                            <p>{body}</p>
                        </ConfirmDialog>
                    }
                }}
            </Show>
        </div>
    }
}
