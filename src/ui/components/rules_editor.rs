//! The form for one rule: what it counts (new rules only), the period, the scope, the minimum, whether it is
//! on, and its source text and note. `domain::rules::validate_rule` checks it; its messages appear next to
//! the fields and nothing is handed on until the rule is valid.

use crate::domain::rules::{format_number, validate_rule, Period, Rule, RuleInvalid, RuleKind, Scope};
use crate::domain::ActivityKind;
use crate::ui::components::form_field::{focus_first_invalid, FieldMessage, FormErrors, TextField};
use leptos::prelude::*;

/// Every kind a rule can count, with its code for the `<select>`.
fn kinds() -> Vec<(String, RuleKind, String)> {
    let mut out: Vec<(String, RuleKind, String)> = ActivityKind::ALL
        .into_iter()
        .map(|k| {
            (
                k.code().to_owned(),
                RuleKind::Activity(k),
                format!("{}（次数）", k.label()),
            )
        })
        .collect();
    out.push((
        "study_hours".to_owned(),
        RuleKind::StudyHours,
        "学时（每名党员）".to_owned(),
    ));
    out.push((
        "heart_talk_coverage".to_owned(),
        RuleKind::HeartTalkCoverage,
        "谈心谈话（每名党员参加次数）".to_owned(),
    ));
    out
}

fn kind_code(kind: RuleKind) -> String {
    kinds()
        .into_iter()
        .find(|(_, k, _)| *k == kind)
        .map(|(c, _, _)| c)
        .unwrap_or_default()
}

fn period_code(p: Period) -> &'static str {
    match p {
        Period::Month => "month",
        Period::Quarter => "quarter",
        Period::Year => "year",
    }
}

fn scope_code(s: Scope) -> &'static str {
    match s {
        Scope::Branch => "branch",
        Scope::EachGroup => "each_group",
        Scope::EachMember => "each_member",
    }
}

const SCOPES: [Scope; 3] = [Scope::Branch, Scope::EachGroup, Scope::EachMember];

/// The scope a kind is usually checked by.
fn natural_scope(kind: RuleKind) -> Scope {
    match kind {
        RuleKind::Activity(ActivityKind::GroupMeeting) => Scope::EachGroup,
        RuleKind::Activity(_) => Scope::Branch,
        RuleKind::StudyHours | RuleKind::HeartTalkCoverage => Scope::EachMember,
        RuleKind::ExcellentShare => Scope::Branch,
    }
}

/// An id for a new rule that no other rule has: "local-group_study-month", "local-group_study-month-2", ….
pub fn new_rule_id(kind: RuleKind, period: Period, taken: &[String]) -> String {
    let base = format!("local-{}-{}", kind_code(kind), period_code(period));
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// A blank rule to start from.
pub fn blank_rule() -> Rule {
    Rule {
        id: String::new(),
        kind: RuleKind::Activity(ActivityKind::GroupStudy),
        period: Period::Month,
        minimum: 1.0,
        scope: Scope::Branch,
        enabled: true,
        local: true,
        source: String::new(),
        note: String::new(),
    }
}

#[component]
pub fn RuleForm(
    initial: Rule,
    /// A new rule: its kind can be chosen and its id is made on saving.
    #[prop(optional)]
    is_new: bool,
    /// The ids of the other rules (for a new id, and to refuse a duplicate).
    taken_ids: Vec<String>,
    /// True while the parent saves.
    #[prop(into)]
    busy: Signal<bool>,
    on_save: Callback<Rule>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let prefix = if is_new {
        "rule-new".to_owned()
    } else {
        format!("rule-{}", initial.id)
    };
    let kind = RwSignal::new(initial.kind);
    let period = RwSignal::new(initial.period);
    let scope = RwSignal::new(initial.scope);
    let minimum = RwSignal::new(format_number(initial.minimum));
    let enabled = RwSignal::new(initial.enabled);
    let local = RwSignal::new(initial.local);
    let source = RwSignal::new(initial.source.clone());
    let note = RwSignal::new(initial.note.clone());
    let errors = FormErrors::new();
    let general = RwSignal::new(None::<String>);
    let id = initial.id.clone();
    let initial_minimum = initial.minimum;
    let is_share = initial.kind == RuleKind::ExcellentShare;

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        general.set(None);
        let mut errs: Vec<(String, String)> = Vec::new();
        let text = minimum.get_untracked().trim().replace('，', ".");
        // The number as shown ("33.3" for the default 1/3) keeps the exact value it was shown from.
        let parsed = if text == format_number(initial_minimum) {
            Some(initial_minimum)
        } else {
            text.parse::<f64>().ok().filter(|x| x.is_finite())
        };
        if parsed.is_none() {
            errs.push(("minimum".to_owned(), "请填写一个数字，如 1 或 32".to_owned()));
        }
        let rule = Rule {
            id: if is_new {
                new_rule_id(kind.get_untracked(), period.get_untracked(), &taken_ids)
            } else {
                id.clone()
            },
            kind: kind.get_untracked(),
            period: period.get_untracked(),
            minimum: parsed.unwrap_or(1.0),
            scope: scope.get_untracked(),
            enabled: enabled.get_untracked(),
            local: local.get_untracked(),
            source: source.get_untracked().trim().to_owned(),
            note: note.get_untracked().trim().to_owned(),
        };
        for e in validate_rule(&rule) {
            if e.field == "minimum" && parsed.is_none() {
                continue;
            }
            errs.push((e.field.to_owned(), e.error.to_string()));
        }
        if taken_ids.contains(&rule.id) {
            errs.push(("id".to_owned(), RuleInvalid::DuplicateId.to_string()));
        }
        // The id is made by the app; a problem with it is not the user's to fix field by field.
        if let Some((_, m)) = errs.iter().find(|(f, _)| f == "id") {
            general.set(Some(format!("规则编号有误：{m}")));
        }
        if errs.is_empty() {
            errors.clear();
            on_save.run(rule);
        } else {
            errors.set(errs);
            focus_first_invalid();
        }
    };

    view! {
        <form class="subform rule-form" on:submit=submit novalidate>
            <h3>{if is_new { "添加规则" } else { "修改规则" }}</h3>
            <div class="form-grid">
                {is_new.then(|| {
                    let id = format!("{prefix}-kind");
                    view! {
                        <div class="field">
                            <label for=id.clone()>"检查什么"</label>
                            <select id=id.clone() prop:value=move || kind_code(kind.get())
                                on:change=move |ev| {
                                    let code = event_target_value(&ev);
                                    if let Some((_, k, _)) = kinds().into_iter().find(|(c, _, _)| *c == code) {
                                        kind.set(k);
                                        scope.set(natural_scope(k));
                                    }
                                }>
                                {kinds().into_iter().map(|(code, k, label)| view! {
                                    <option value=code selected=move || kind.get() == k>{label}</option>
                                }).collect_view()}
                            </select>
                            <FieldMessage id=id errors=errors field="kind"/>
                        </div>
                    }
                })}
                {(!is_new).then(|| view! {
                    <div class="field">
                        <span class="label">"检查什么"</span>
                        <p class="rule-kind-fixed">{initial.kind.label()}</p>
                    </div>
                })}
                {
                    let id = format!("{prefix}-period");
                    view! {
                        <div class="field">
                            <label for=id.clone()>"周期"</label>
                            <select id=id.clone() prop:value=move || period_code(period.get())
                                on:change=move |ev| {
                                    let code = event_target_value(&ev);
                                    if let Some(p) = Period::ALL.into_iter().find(|p| period_code(*p) == code) {
                                        period.set(p);
                                    }
                                }>
                                {Period::ALL.into_iter().map(|p| view! {
                                    <option value=period_code(p) selected=move || period.get() == p>{p.label()}</option>
                                }).collect_view()}
                            </select>
                            <FieldMessage id=id errors=errors field="period"/>
                        </div>
                    }
                }
                {
                    let id = format!("{prefix}-scope");
                    view! {
                        <div class="field">
                            <label for=id.clone()>"检查范围"</label>
                            <select id=id.clone() prop:value=move || scope_code(scope.get())
                                aria-invalid=errors.invalid("scope") aria-describedby=format!("{id}-err")
                                on:change=move |ev| {
                                    let code = event_target_value(&ev);
                                    if let Some(s) = SCOPES.into_iter().find(|s| scope_code(*s) == code) {
                                        scope.set(s);
                                    }
                                }>
                                {SCOPES.into_iter().map(|s| view! {
                                    <option value=scope_code(s) selected=move || scope.get() == s>{s.label()}</option>
                                }).collect_view()}
                            </select>
                            <FieldMessage id=id errors=errors field="scope"/>
                        </div>
                    }
                }
                {if is_share {
                    view! {
                        <TextField id=format!("{prefix}-minimum") label="优秀最多占（%）" value=minimum errors=errors
                            field="minimum" required=true hint="参评正式党员的百分比：33.3 即三分之一"/>
                    }
                } else {
                    view! {
                        <TextField id=format!("{prefix}-minimum") label="至少" value=minimum errors=errors field="minimum"
                            required=true hint="每个周期：活动和谈心谈话填次数（整数），学时填学时数"/>
                    }
                }}
                <div class="field rule-checks">
                    <label class="check">
                        <input type="checkbox" prop:checked=move || enabled.get()
                            on:change=move |ev| enabled.set(event_target_checked(&ev))/>
                        "启用这项检查"
                    </label>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || local.get()
                            on:change=move |ev| local.set(event_target_checked(&ev))/>
                        "本单位或地方要求（非条例规定）"
                    </label>
                </div>
                {
                    let id = format!("{prefix}-source");
                    view! {
                        <div class="field span-all">
                            <label for=id.clone()>"依据（原文）"</label>
                            <textarea id=id.clone() rows="3" bind:value=source
                                aria-invalid=errors.invalid("source") aria-describedby=format!("{id}-err")
                                placeholder="如：《中国共产党支部工作条例（试行）》第十三条：“党小组会一般每月召开1次……”"></textarea>
                            <FieldMessage id=id errors=errors field="source"/>
                        </div>
                    }
                }
                {
                    let id = format!("{prefix}-note");
                    view! {
                        <div class="field span-all">
                            <label for=id.clone()>"备注"</label>
                            <textarea id=id.clone() rows="2" bind:value=note
                                aria-invalid=errors.invalid("note") aria-describedby=format!("{id}-err")></textarea>
                            <FieldMessage id=id errors=errors field="note"/>
                        </div>
                    }
                }
            </div>
            <Show when=move || general.with(Option::is_some)>
                <p class="alert-error" role="alert">{move || general.get().unwrap_or_default()}</p>
            </Show>
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || if busy.get() { "正在保存…" } else { "保存规则" }}
                </button>
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>"取消"</button>
            </div>
        </form>
    }
}
