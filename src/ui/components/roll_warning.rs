//! The record form's warning about 应到, before anything is saved: 应到 is 0, or people of the branch are left
//! out of it only because their 转入日期 is later than the activity ("3人在该日尚未转入本支部") — as after a
//! roster was pasted with one date for everyone and last year's meetings are being entered. It names them and
//! fixes their dates on the spot (不详, or one date), after which the form rebuilds its roll; the roster is a
//! link away for one-by-one changes.

use super::form_field::{bad_input, parse_optional_date, FormAlert};
use crate::domain::validate::validate_member;
use crate::domain::{Date, MemberId};
use crate::ui::action::run_action;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// The warning, if any, for a held activity with `expected` people expected and `left_out` left out by
/// their dates.
pub fn roll_warning_text(expected: u32, left_out: &[(MemberId, String)]) -> Option<String> {
    let names = left_out.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join("、");
    match (expected, left_out.len()) {
        (0, 0) => Some("应到为0人：该日本支部没有应计入应到的党员，请检查活动日期、类别和党员名册。".to_owned()),
        (0, n) => Some(format!(
            "应到为0人：{n}人在该日尚未转入本支部（{names}），因此不计入应到。如果他们那时已在本支部，请修改转入日期。"
        )),
        (_, 0) => None,
        (_, n) => Some(format!(
            "{n}人在该日尚未转入本支部，不计入应到：{names}。如果他们那时已在本支部，请修改转入日期。"
        )),
    }
}

/// The warning box with its fix. `on_fixed` runs after the dates were saved (the form rebuilds its roll).
#[component]
pub fn RollWarning(
    #[prop(into)] warning: Signal<Option<String>>,
    #[prop(into)] left_out: Signal<Vec<(MemberId, String)>>,
    #[prop(into)] date: Signal<Option<Date>>,
    on_fixed: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    let choice = RwSignal::new("unknown".to_owned());
    let day = RwSignal::new(String::new());
    let day_bad = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);

    let save = move |_| {
        alert.set(None);
        let joined = match choice.get_untracked().as_str() {
            "date" => match parse_optional_date(&day.get_untracked(), day_bad.get_untracked()) {
                Ok(Some(d)) => Some(d),
                Ok(None) => {
                    alert.set(Some("请填写转入日期".to_owned()));
                    return;
                }
                Err(e) => {
                    alert.set(Some(e.to_string()));
                    return;
                }
            },
            _ => None,
        };
        let ids = left_out.get_untracked();
        let (members, problems) = app.data.with_untracked(|d| {
            let mut members = Vec::new();
            let mut problems = Vec::new();
            for (id, _) in &ids {
                if let Some(m) = d.member(id) {
                    let mut m = m.clone();
                    m.joined_branch = joined;
                    for e in validate_member(&m, &d.groups) {
                        problems.push(format!("{}：{}", m.name, e.error));
                    }
                    members.push(m);
                }
            }
            (members, problems)
        });
        if !problems.is_empty() {
            alert.set(Some(format!("未修改：{}", problems.join("；"))));
            return;
        }
        let n = members.len();
        run_action(busy, alert, async move { app.save_members(members).await }, move |()| {
            open.try_set(false);
            notice.try_set(Some(format!("已修改{n}人的转入日期，出勤名单已更新")));
            on_fixed.run(());
        });
    };

    view! {
        <Show when=move || warning.with(Option::is_some) || notice.with(Option::is_some)>
            <div class="roll-warning alert-warn" role="status">
                {move || warning.get().map(|w| view! { <p class="roll-warning-text">{w}</p> })}
                {move || notice.get().map(|n| view! { <p class="alert-ok">{n}</p> })}
                <Show when=move || !left_out.with(Vec::is_empty)>
                    <div class="actions">
                        <button type="button" class="btn btn-small" aria-expanded=move || open.get().to_string()
                            aria-controls="roll-fix" on:click=move |_| {
                                if day.with_untracked(String::is_empty) {
                                    day.set(date.get_untracked().map(|d| d.to_string()).unwrap_or_default());
                                }
                                notice.set(None);
                                open.update(|o| *o = !*o);
                            }>
                            {move || format!("修改这{}人的转入日期", left_out.with(Vec::len))}
                        </button>
                        <a class="btn btn-small" href="/members?tab=roster">"到党员名册逐人修改"</a>
                    </div>
                    <Show when=move || open.get()>
                        <fieldset id="roll-fix" class="roll-fix">
                            <legend>"转入本支部日期改为"</legend>
                            <label class="radio">
                                <input type="radio" name="roll-fix" value="unknown"
                                    prop:checked=move || choice.with(|c| c == "unknown")
                                    on:change=move |_| choice.set("unknown".to_owned())/>
                                "不详：视为在有记录之前就已在本支部"
                            </label>
                            <label class="radio">
                                <input type="radio" name="roll-fix" value="date"
                                    prop:checked=move || choice.with(|c| c == "date")
                                    on:change=move |_| choice.set("date".to_owned())/>
                                "这一天："
                            </label>
                            <input type="date" id="roll-fix-date" aria-label="新的转入日期" min="1900-01-01"
                                max="2200-12-31" prop:value=move || day.get()
                                on:input=move |ev| {
                                    day_bad.set(ev.target().is_some_and(|t| bad_input(&t)));
                                    day.set(event_target_value(&ev));
                                    choice.set("date".to_owned());
                                }/>
                            <FormAlert message=alert/>
                            <div class="actions">
                                <button type="button" class="btn btn-primary btn-small" disabled=move || busy.get()
                                    on:click=save>
                                    {move || if busy.get() { "正在保存…".to_owned() } else {
                                        format!("保存这{}人的转入日期", left_out.with(Vec::len))
                                    }}
                                </button>
                            </div>
                        </fieldset>
                    </Show>
                </Show>
            </div>
        </Show>
    }
}
