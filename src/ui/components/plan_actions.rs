//! What can be done with one entry of the plan, wherever it is listed: 记录 (open the record form; saving
//! it there turns the planned entry into the held record, same id), 改期 (move it to another day), 取消
//! (with a confirmation; the entry is kept as cancelled so that calendars drop it), and for a cancelled
//! entry 恢复 (back to planned). A held entry only links to its record.

use crate::domain::plan::{cancel, move_to};
use crate::domain::{ActivityId, ActivityStatus, Date};
use crate::ui::action::run_action;
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::form_field::FormAlert;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn PlannedActions(
    id: ActivityId,
    status: ActivityStatus,
    date: Date,
    /// Text naming the entry in the confirmation ("3月15日 主题党日").
    #[prop(into)]
    name: String,
) -> impl IntoView {
    let app = use_app();
    let moving = RwSignal::new(false);
    let new_date = RwSignal::new(date.to_string());
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let key = id.0.clone();

    let apply = {
        let id = id.clone();
        move |op: fn(&crate::domain::Activity, Option<Date>) -> Result<crate::domain::Activity, String>,
              arg: Option<Date>| {
            let Some(current) = app
                .data
                .with_untracked(|d| d.activities.iter().find(|a| a.id == id).cloned())
            else {
                error.set(Some("找不到这条计划，可能已被删除。".to_owned()));
                return;
            };
            let updated = match op(&current, arg) {
                Ok(a) => a,
                Err(e) => {
                    error.set(Some(e));
                    return;
                }
            };
            let save = async move {
                let result = app.save_activity(updated).await;
                asking.try_set(false);
                result
            };
            run_action(busy, error, save, move |()| {
                moving.try_set(false);
            });
        }
    };

    let do_move = {
        let apply = apply.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match Date::parse(&new_date.get_untracked()) {
                Ok(day) => apply(
                    |a, d| move_to(a, d.unwrap_or(a.date)).map_err(|e| e.to_string()),
                    Some(day),
                ),
                Err(e) => error.set(Some(format!("新日期：{e}"))),
            }
        }
    };
    let do_cancel = {
        let apply = apply.clone();
        Callback::new(move |_| apply(|a, _| cancel(a).map_err(|e| e.to_string()), None))
    };
    let do_restore = {
        let apply = apply.clone();
        move |_| {
            apply(
                |a, _| {
                    if a.status != ActivityStatus::Cancelled {
                        return Err("只有已取消的计划可以恢复".to_owned());
                    }
                    let mut a = a.clone();
                    a.status = ActivityStatus::Planned;
                    Ok(a)
                },
                None,
            )
        }
    };

    let edit_href = format!("/activities/{}/edit?hold=1", id.as_str());
    let view_href = format!("/activities/{}", id.as_str());
    let plan_href = format!("/activities/{}/edit", id.as_str());
    let date_id = format!("move-{key}");
    let confirm_text = StoredValue::new(format!("{name} 将标记为“已取消”。"));
    view! {
        <div class="plan-actions" data-id=key.clone()>
            {match status {
                ActivityStatus::Planned => view! {
                    <a class="btn btn-small btn-primary act-record" href=edit_href
                        title="开完会后登记出席和内容，保存后这条计划即成为活动记录">"记录"</a>
                    <a class="btn btn-small act-edit" href=plan_href title="修改主题、时间、地点、主持人等">"编辑"</a>
                    <button type="button" class="btn btn-small act-move" aria-expanded=move || moving.get().to_string()
                        on:click=move |_| moving.update(|m| *m = !*m)>"改期"</button>
                    <button type="button" class="btn btn-small act-cancel" on:click=move |_| asking.set(true)>"取消"</button>
                }.into_any(),
                ActivityStatus::Held => view! {
                    <a class="btn btn-small act-view" href=view_href>"查看记录"</a>
                }.into_any(),
                ActivityStatus::Cancelled => view! {
                    <button type="button" class="btn btn-small act-restore" disabled=move || busy.get()
                        on:click=do_restore>"恢复计划"</button>
                }.into_any(),
            }}
            <Show when=move || moving.get()>
                <form class="move-form" on:submit=do_move.clone()>
                    <label for=date_id.clone()>"改到"</label>
                    <input id=date_id.clone() type="date" min="1900-01-01" max="2200-12-31" bind:value=new_date required/>
                    <button type="submit" class="btn btn-small btn-primary" disabled=move || busy.get()>"确定"</button>
                    <button type="button" class="btn btn-small btn-link" on:click=move |_| moving.set(false)>"算了"</button>
                </form>
            </Show>
            <FormAlert message=error/>
            <Show when=move || asking.get()>
                <ConfirmDialog
                    title="取消这次活动？"
                    confirm_label="确认取消"
                    danger=true
                    busy=Signal::derive(move || busy.get())
                    on_confirm=do_cancel
                    on_cancel=Callback::new(move |_| asking.set(false))
                >
                    <p>{move || confirm_text.get_value()}</p>
                    <p class="muted">"计划仍会保留（可随时恢复）；重新导出的日历文件会让成员手机上的这项日程同步取消。"</p>
                </ConfirmDialog>
            </Show>
        </div>
    }
}
