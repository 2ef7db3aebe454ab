//! The minutes section of the record form: 内容 / 发言摘要, 表决 (党员大会 and 支委会: optional counts,
//! pre-filled from the roll when switched on), 决议 and 计入学时, each with its message.

use super::form::Form;
use crate::domain::{ActivityKind, Tally};
use crate::ui::components::form_field::{described_by, FieldMessage, FormErrors};
use leptos::prelude::*;

#[component]
pub(super) fn MinutesSection(f: Form, errors: FormErrors, tally: Memo<Tally>) -> impl IntoView {
    let kind = move || f.kind.get();
    view! {
        <section class="card form-section">
            <div class="field">
                <label for="af-content">
                    {move || if kind() == ActivityKind::PartyLecture { "党课内容 / 发言摘要" } else { "内容 / 发言摘要" }}
                </label>
                <textarea
                    id="af-content"
                    rows="8"
                    placeholder="按顺序记录：主持人讲话要点、学习内容、发言（某某：……）"
                    aria-invalid=errors.invalid("content")
                    aria-describedby=described_by("af-content", false)
                    bind:value=f.content
                ></textarea>
                <FieldMessage id="af-content" errors=errors field="content"/>
            </div>
            <Show when=move || kind().has_quorum()>
                <VoteEditor f=f tally=tally/>
                <FieldMessage id="af-vote" errors=errors field="vote"/>
            </Show>
            <div class="field">
                <label for="af-resolution">"决议（可不填）"</label>
                <textarea
                    id="af-resolution"
                    rows="3"
                    placeholder="会议形成的决议、决定事项"
                    aria-invalid=errors.invalid("resolution")
                    aria-describedby=described_by("af-resolution", false)
                    bind:value=f.resolution
                ></textarea>
                <FieldMessage id="af-resolution" errors=errors field="resolution"/>
            </div>
            <div class="field field-hours">
                <label for="af-hours">"计入学时"</label>
                <input
                    id="af-hours"
                    type="number"
                    min="0"
                    max="100"
                    step="0.5"
                    inputmode="decimal"
                    aria-invalid=errors.invalid("study_hours")
                    aria-describedby=described_by("af-hours", true)
                    bind:value=f.hours
                />
                <p class="hint" id="af-hours-hint">"出席和异地参加的党员每人计入的学时，全年一般不少于32学时。"</p>
                <FieldMessage id="af-hours" errors=errors field="study_hours"/>
            </div>
        </section>
    }
}

/// 表决: optional counts for 党员大会 and 支委会, pre-filled from the roll when switched on.
#[component]
fn VoteEditor(f: Form, tally: Memo<Tally>) -> impl IntoView {
    let labels = ["应到有表决权", "实到有表决权", "赞成", "反对", "弃权"];
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        f.vote_on.set(on);
        if on {
            let t = tally.get_untracked();
            let filled = f.vote.map(|s| s.get_untracked());
            if filled.iter().all(|s| s.trim().is_empty() || s.trim() == "0") {
                let values = [t.voting_expected, t.voting_attended, t.voting_attended, 0, 0];
                for (s, v) in f.vote.iter().zip(values) {
                    s.set(v.to_string());
                }
            }
        }
    };
    view! {
        <div class="vote-box">
            <label class="check">
                <input type="checkbox" id="af-vote-on" prop:checked=move || f.vote_on.get() on:change=toggle/>
                "本次会议进行了表决"
            </label>
            <Show when=move || f.vote_on.get()>
                <div class="vote-grid">
                    {labels
                        .into_iter()
                        .enumerate()
                        .map(|(i, label)| {
                            let id = format!("af-vote-{i}");
                            view! {
                                <div class="field">
                                    <label for=id.clone()>{label}</label>
                                    <input id=id type="number" min="0" step="1" inputmode="numeric" bind:value=f.vote[i]/>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </Show>
        </div>
    }
}
