//! 粘贴名单批量添加: a member list copied from Excel/WPS (or typed as comma-separated lines) is parsed by
//! [`parse_member_rows`], previewed line by line with each line's errors, and added in one transaction.
//!
//! Rule: 添加 is offered only when every line is correct (all or nothing, like the store write), so that no
//! one is silently left out; the user fixes or deletes the bad lines in the text and previews again.
//!
//! A line without a 转入日期 is never given a date silently: the preview names those lines and asks for one
//! choice for all of them — one date (from that day on they count in 应到), or 不详 (in the branch since
//! before any record) — before 添加 is offered.

use super::form_field::FormAlert;
use super::form_field::{bad_input, parse_optional_date};
use crate::domain::paste::{missing_joined, parse_member_rows, set_missing_joined, PastedRow};
use crate::domain::Member;
use crate::ui::action::run_action;
use crate::ui::clock::new_member_id;
use crate::ui::components::data_table::{head_cells, Col, DataTable};
use crate::ui::state::use_app;
use leptos::prelude::*;
use std::collections::HashMap;

/// One previewed line, ready to show.
#[derive(Clone, PartialEq)]
struct PreviewRow {
    line: usize,
    raw: String,
    member: Option<Member>,
    group: String,
    errors: Vec<String>,
    warnings: Vec<String>,
}

/// Turns parsed rows into preview rows, adding warnings for names already in the roster or repeated in the
/// paste (a warning only: Chinese names repeat).
fn preview_rows(
    rows: Vec<PastedRow>,
    existing_names: &[String],
    group_name: &dyn Fn(&Member) -> String,
) -> Vec<PreviewRow> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    rows.into_iter()
        .map(|r| {
            let mut warnings = Vec::new();
            let name = match &r.result {
                Ok(m) => m.name.trim().to_owned(),
                Err(_) => String::new(),
            };
            if !name.is_empty() {
                if existing_names.iter().any(|n| n.trim() == name) {
                    warnings.push(format!("第{}行：名册中已有“{name}”，如是同一人请删去此行", r.line));
                }
                if let Some(first) = seen.get(&name) {
                    warnings.push(format!("第{}行：与第{first}行同名", r.line));
                } else {
                    seen.insert(name.clone(), r.line);
                }
            }
            match r.result {
                Ok(m) => PreviewRow {
                    line: r.line,
                    raw: r.raw,
                    group: group_name(&m),
                    member: Some(m),
                    errors: Vec::new(),
                    warnings,
                },
                Err(errors) => PreviewRow {
                    line: r.line,
                    raw: r.raw,
                    member: None,
                    group: String::new(),
                    errors,
                    warnings,
                },
            }
        })
        .collect()
}

#[component]
pub fn MemberPaste() -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    // The preview of the text as it was when 预览 was pressed; cleared as soon as the text changes.
    let preview = RwSignal::new(None::<Vec<PreviewRow>>);
    let busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    // The good lines without a 转入日期 ("第2行 张三"), and what to do with them: "" (not chosen yet),
    // "date" (the date typed in `missing_date`) or "unknown".
    let missing = RwSignal::new(Vec::<String>::new());
    let missing_choice = RwSignal::new(String::new());
    let missing_date = RwSignal::new(String::new());
    let missing_date_bad = RwSignal::new(false);

    let do_preview = move |_| {
        alert.set(None);
        notice.set(None);
        let t = text.get_untracked();
        let rows = app.data.with_untracked(|d| {
            let parsed = parse_member_rows(&t, &d.groups, &mut |_| new_member_id());
            missing.set(
                missing_joined(&parsed)
                    .into_iter()
                    .map(|(line, name)| format!("第{line}行 {name}"))
                    .collect(),
            );
            let names: Vec<String> = d.members.iter().map(|m| m.name.clone()).collect();
            preview_rows(parsed, &names, &|m: &Member| {
                m.group.as_ref().map(|g| d.group_name(g)).unwrap_or_default()
            })
        });
        missing_choice.set(String::new());
        preview.set(Some(rows));
    };
    // The 转入日期 chosen for the lines without one: `Ok(None)` = 不详; `Err` = what is still to be done.
    let chosen_joined = move || -> Result<Option<crate::domain::Date>, String> {
        if missing.with(Vec::is_empty) {
            return Ok(None);
        }
        match missing_choice.get().as_str() {
            "unknown" => Ok(None),
            "date" => match parse_optional_date(&missing_date.get(), missing_date_bad.get()) {
                Ok(Some(d)) => Ok(Some(d)),
                Ok(None) => Err("请填写统一的转入日期".to_owned()),
                Err(e) => Err(e.to_string()),
            },
            _ => Err("请先选择没有转入日期的人如何处理".to_owned()),
        }
    };
    let good = move || {
        preview.with(|p| {
            p.as_ref()
                .map_or(0, |rows| rows.iter().filter(|r| r.member.is_some()).count())
        })
    };
    let bad = move || {
        preview.with(|p| {
            p.as_ref()
                .map_or(0, |rows| rows.iter().filter(|r| r.member.is_none()).count())
        })
    };
    let can_add = move || !busy.get() && bad() == 0 && good() > 0 && chosen_joined().is_ok();
    let do_add = move |_| {
        if !can_add() {
            return;
        }
        let Ok(joined) = chosen_joined() else { return };
        let mut members: Vec<Member> =
            preview.with_untracked(|p| p.iter().flatten().filter_map(|r| r.member.clone()).collect());
        set_missing_joined(&mut members, joined);
        let n = members.len();
        let save = async move {
            app.save_members(members)
                .await
                .map_err(|e| format!("{e}。未添加任何人，请稍后再试。"))
        };
        run_action(busy, alert, save, move |()| {
            text.try_set(String::new());
            preview.try_set(None);
            notice.try_set(Some(format!("已添加 {n} 人")));
        });
    };

    view! {
        <section class="card member-paste" aria-labelledby="paste-title">
            <div class="section-head">
                <h2 id="paste-title">"粘贴名单批量添加"</h2>
                <button type="button" class="btn" aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls="paste-body"
                    on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { "收起" } else { "粘贴名单批量添加" }}
                </button>
            </div>
            <Show when=move || notice.with(Option::is_some)>
                <p class="alert-ok" role="status">{move || notice.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || open.get()>
                <div id="paste-body">
                    <div class="field field-wide">
                        <label for="paste-text">"从 Excel 复制后粘贴到这里"</label>
                        <textarea id="paste-text" rows="8" aria-describedby="paste-hint" spellcheck="false"
                            prop:value=move || text.get()
                            on:input=move |ev| {
                                text.set(event_target_value(&ev));
                                preview.set(None);
                                notice.set(None);
                            }></textarea>
                        <div class="hint" id="paste-hint">
                            <p>"每行一人，各列用 Tab（从 Excel/WPS 复制即是）或逗号分隔，顺序为：姓名、类别、党小组、入党日期、转入日期（可空，预览时再定）、电话（可空）。第一行若是表头（含“姓名”），按表头识别各列。"</p>
                            <p>"例：" <code class="paste-example">"张三,正式党员,第一党小组,2010-07-01"</code></p>
                            <p>"类别可空（视为正式党员）；党小组须先在“党小组”中添加，或留空。"</p>
                        </div>
                    </div>
                    <div class="form-actions">
                        <button type="button" class="btn" disabled=move || text.with(|t| t.trim().is_empty())
                            on:click=do_preview>
                            "预览"
                        </button>
                    </div>
                    <FormAlert message=alert/>
                    {move || preview.get().map(|rows| {
                        let (g, b) = (good(), bad());
                        let summary = format!("可添加 {g} 人，{b} 行有错误");
                        let warnings: usize = rows.iter().filter(|r| !r.warnings.is_empty()).count();
                        view! {
                            <div class="paste-preview">
                                <p class="paste-count" role="status" class:has-errors={b > 0}>{summary}</p>
                                {(b > 0).then(|| view! {
                                    <p class="hint">"有错误时不会添加任何人：请在上面的文本中改正或删去标红的行，再点“预览”。"</p>
                                })}
                                {(warnings > 0).then(|| view! {
                                    <p class="hint warn">"标黄的是提醒（同名），不影响添加；确认不是重复录入即可。"</p>
                                })}
                                {(rows.is_empty()).then(|| view! { <p class="empty">"没有读到任何人员行。"</p> })}
                                {(!rows.is_empty()).then(|| view! {
                                    <DataTable class="paste-table" caption="读到的人员（预览）" quiet_caption=true
                                        head=head_cells(&[
                                            Col::text("行"),
                                            Col::text("姓名"),
                                            Col::text("类别"),
                                            Col::text("党小组"),
                                            Col::text("入党日期"),
                                            Col::text("转入日期"),
                                            Col::text("电话"),
                                        ])>
                                        {rows.into_iter().map(|r| view! { <PreviewLine row=r/> }).collect_view()}
                                    </DataTable>
                                })}
                                <Show when=move || !missing.with(Vec::is_empty)>
                                    <MissingJoined missing=missing choice=missing_choice date=missing_date
                                        date_bad=missing_date_bad/>
                                </Show>
                                <div class="form-actions">
                                    <button type="button" class="btn btn-primary" disabled=move || !can_add()
                                        aria-describedby="paste-add-why"
                                        on:click=do_add>
                                        {move || if busy.get() { "正在添加…".to_owned() } else { format!("添加 {} 人", good()) }}
                                    </button>
                                    <span id="paste-add-why" class="hint">
                                        {move || (bad() == 0 && good() > 0).then(|| chosen_joined().err()).flatten()}
                                    </span>
                                </div>
                            </div>
                        }
                    })}
                </div>
            </Show>
        </section>
    }
}

/// The lines without a 转入日期 and the one choice for all of them: a date, or 不详.
#[component]
fn MissingJoined(
    missing: RwSignal<Vec<String>>,
    choice: RwSignal<String>,
    date: RwSignal<String>,
    date_bad: RwSignal<bool>,
) -> impl IntoView {
    let radio = move |value: &'static str, label: &'static str| {
        let id = format!("paste-joined-{value}");
        view! {
            <label class="radio" for=id.clone()>
                <input type="radio" id=id.clone() name="paste-joined" value=value
                    prop:checked=move || choice.with(|c| c == value)
                    on:change=move |_| choice.set(value.to_owned())/>
                {label}
            </label>
        }
    };
    view! {
        <fieldset class="paste-missing alert-info" aria-describedby="paste-missing-who">
            <legend>{move || format!("{}人没有转入本支部日期", missing.with(Vec::len))}</legend>
            <p id="paste-missing-who" class="paste-missing-who">{move || missing.with(|m| m.join("、"))}</p>
            <p class="hint">"转入日期决定从哪天起计入本支部的应到。补录往年的活动时，转入日期晚于活动日期的人不计入应到。请为他们选择："</p>
            {radio("unknown", "转入日期不详：视为在有记录之前就已在本支部（补录往年活动时计入应到）")}
            <div class="paste-missing-date">
                {radio("date", "统一填写为：")}
                <input type="date" id="paste-joined-day" aria-label="统一的转入日期"
                    min="1900-01-01" max="2200-12-31"
                    prop:value=move || date.get()
                    on:input=move |ev| {
                        date_bad.set(ev.target().is_some_and(|t| bad_input(&t)));
                        date.set(event_target_value(&ev));
                        choice.set("date".to_owned());
                    }/>
            </div>
            <p class="hint">"以后可在“党员名册”中逐人修改。"</p>
        </fieldset>
    }
}

#[component]
fn PreviewLine(row: PreviewRow) -> impl IntoView {
    let PreviewRow {
        line,
        raw,
        member,
        group,
        errors,
        warnings,
    } = row;
    let is_bad = member.is_none();
    let dash = |s: String| if s.is_empty() { "—".to_owned() } else { s };
    let fields = match member {
        Some(m) => view! {
            <td data-label="姓名" class="name-cell"><span class="member-name">{m.name}</span></td>
            <td data-label="类别">{m.kind.label()}</td>
            <td data-label="党小组">{dash(group)}</td>
            <td data-label="入党日期">{dash(m.party_joined.map(|d| d.to_string()).unwrap_or_default())}</td>
            <td data-label="转入日期">{m.joined_branch.map_or_else(|| "（未填）".to_owned(), |d| d.to_string())}</td>
            <td data-label="电话">{dash(m.phone)}</td>
        }
        .into_any(),
        None => view! { <td colspan="6" class="raw-cell"><span class="raw-line">{raw}</span></td> }.into_any(),
    };
    let notes = (!errors.is_empty() || !warnings.is_empty()).then(|| {
        view! {
            <tr class="paste-notes" class:row-bad=is_bad>
                <td colspan="7">
                    <ul class="paste-messages">
                        {errors.into_iter().map(|e| view! { <li class="paste-error">{e}</li> }).collect_view()}
                        {warnings.into_iter().map(|w| view! { <li class="paste-warning">{w}</li> }).collect_view()}
                    </ul>
                </td>
            </tr>
        }
    });
    view! {
        <tr class="paste-row" class:row-bad=is_bad data-line=line>
            <td data-label="行" class="line-cell">{format!("第{line}行")}</td>
            {fields}
        </tr>
        {notes}
    }
}
