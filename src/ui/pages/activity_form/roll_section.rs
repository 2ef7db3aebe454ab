//! The roll section of the record form (已开展 records only; planned and cancelled ones show why there is
//! none): the live 应到/实到 line with the quorum, the warning about people left out of 应到, and the roll
//! editor with its message.

use super::form::Form;
use crate::domain::{ActivityKind, ActivityStatus, Date, MemberId, Tally};
use crate::ui::components::form_field::FormErrors;
use crate::ui::components::record_page::quorum_text;
use crate::ui::components::roll_editor::RollEditor;
use crate::ui::components::roll_warning::RollWarning;
use leptos::prelude::*;

#[component]
pub(super) fn RollSection(
    f: Form,
    errors: FormErrors,
    date: Memo<Option<Date>>,
    tally: Memo<Tally>,
    warning: Memo<Option<String>>,
    left_out: Memo<Vec<(MemberId, String)>>,
    /// Rebuilds the roll after 转入日期 were fixed from the warning.
    on_fixed: Callback<()>,
) -> impl IntoView {
    let kind = move || f.kind.get();
    view! {
        <Show
            when=move || f.status.get() == ActivityStatus::Held
            fallback=|| {
                view! {
                    <p class="card muted">"计划中或已取消的活动不点名。开展后把状态改为“已开展”即可点名。"</p>
                }
            }
        >
            <section class="card form-section roll-section" aria-labelledby="roll-h">
                <div class="roll-head">
                    <h2 id="roll-h">"出勤"</h2>
                    <TallyLine tally=tally kind=Signal::derive(kind)/>
                </div>
                <RollWarning warning=warning left_out=left_out date=date on_fixed=on_fixed/>
                <RollEditor
                    roll=f.roll
                    date=Signal::derive(move || date.get())
                    kind=Signal::derive(kind)
                    group=Signal::derive(move || f.group.get())
                    errors=errors
                />
            </section>
        </Show>
    }
}

/// 应到 X人（正式a、预备b）/ 实到 Y人, and the quorum for 党员大会 and 支委会.
#[component]
fn TallyLine(tally: Memo<Tally>, #[prop(into)] kind: Signal<ActivityKind>) -> impl IntoView {
    view! {
        <div class="tally" aria-live="polite">
            <span class="tally-counts" data-testid="tally">
                {move || {
                    let t = tally.get();
                    let mut s = format!(
                        "应到{}人（正式{}、预备{}）　实到{}人",
                        t.expected,
                        t.expected_full,
                        t.expected_probationary,
                        t.attended,
                    );
                    let mut parts = Vec::new();
                    if t.leave > 0 {
                        parts.push(format!("请假{}", t.leave));
                    }
                    if t.absent > 0 {
                        parts.push(format!("缺席{}", t.absent));
                    }
                    if t.elsewhere > 0 {
                        parts.push(format!("异地{}", t.elsewhere));
                    }
                    if t.observers > 0 {
                        parts.push(format!("列席{}", t.observers));
                    }
                    if !parts.is_empty() {
                        s.push_str(&format!("（{}）", parts.join("、")));
                    }
                    s
                }}
            </span>
            {move || {
                let t = tally.get();
                t.quorum
                    .map(|q| {
                        let text = quorum_text(kind.get(), t.voting_expected, t.voting_attended, q.required, q.met);
                        view! {
                            <span class="quorum" class:quorum-met=q.met class:quorum-not-met=!q.met data-testid="quorum">
                                {text}
                            </span>
                        }
                    })
            }}
        </div>
    }
}
