//! The foot of the record form: a failed save's message, the roll warning to confirm ("仍然保存"), how many
//! fields still need changing, the live 应到/实到, 取消 and 保存记录.

use crate::domain::{ActivityStatus, Tally};
use crate::ui::components::form_field::FormErrors;
use leptos::prelude::*;

#[component]
pub(super) fn SaveBar(
    errors: FormErrors,
    status: RwSignal<ActivityStatus>,
    tally: Memo<Tally>,
    warning: Memo<Option<String>>,
    /// Whether the warning waits for the user's "仍然保存".
    asking: RwSignal<bool>,
    saving: RwSignal<bool>,
    save_error: RwSignal<Option<String>>,
    cancel_href: String,
    on_save: Callback<()>,
    on_save_anyway: Callback<()>,
) -> impl IntoView {
    let error_count = move || errors.count();
    view! {
        <div class="save-bar">
            {move || save_error.get().map(|e| view! { <p class="alert-error" role="alert">{e}</p> })}
            <Show when=move || asking.get() && warning.with(Option::is_some)>
                <div class="save-confirm alert-warn" role="alert">
                    <p>{move || warning.get()}</p>
                    <p>"确认无误再保存；要修改转入日期，请用出勤上方的“修改转入日期”。"</p>
                    <button type="button" class="btn" id="af-save-anyway" on:click=move |_| on_save_anyway.run(())>
                        "仍然保存"
                    </button>
                </div>
            </Show>
            <Show when=move || { error_count() > 0 }>
                <p class="field-error save-summary" role="alert">
                    {move || format!("有{}处需要修改，请看标红的地方。未保存任何内容。", error_count())}
                </p>
            </Show>
            <div class="save-bar-row">
                <Show when=move || status.get() == ActivityStatus::Held>
                    <span class="save-tally">
                        {move || {
                            let t = tally.get();
                            format!("应到{}人 实到{}人", t.expected, t.attended)
                        }}
                    </span>
                </Show>
                <a class="btn btn-cancel" href=cancel_href>"取消"</a>
                <button type="button" class="btn btn-primary" id="af-save" on:click=move |_| on_save.run(()) disabled=move || saving.get()>
                    {move || if saving.get() { "正在保存…" } else { "保存记录" }}
                </button>
            </div>
        </div>
    }
}
