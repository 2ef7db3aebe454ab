//! The first section of the record form: what, when and who — 活动类别, 日期 (with its weekday), 时间, 地点,
//! 主题, 党小组 (group meetings), 主持人, 记录人, 授课人 (party lectures, or a guest by name) and 状态.

use super::form::Form;
use super::person_select::PersonSelect;
use crate::domain::{ActivityKind, ActivityStatus, Date, GroupId, MemberId};
use crate::ui::components::form_field::{described_by, FieldMessage, FormErrors};
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub(super) fn BasicsSection(
    f: Form,
    errors: FormErrors,
    date: Memo<Option<Date>>,
    people: Memo<Vec<(MemberId, String)>>,
) -> impl IntoView {
    let app = use_app();
    let kind = move || f.kind.get();
    view! {
        <section class="card form-section">
            <div class="form-grid">
                <div class="field">
                    <label for="af-kind">"活动类别"</label>
                    <select
                        id="af-kind"
                        on:change=move |ev| {
                            if let Some(k) = ActivityKind::from_code(&event_target_value(&ev)) {
                                f.kind.set(k);
                            }
                        }
                    >
                        {ActivityKind::ALL
                            .into_iter()
                            .map(|k| {
                                view! {
                                    <option value=k.code() prop:selected=move || f.kind.get() == k>
                                        {k.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="af-date" class="required">"日期"</label>
                    <input
                        id="af-date"
                        type="date"
                        min="1900-01-01"
                        max="2200-12-31"
                        aria-invalid=errors.invalid("date")
                        aria-describedby=described_by("af-date", true)
                        bind:value=f.date
                    />
                    <p class="hint" id="af-date-hint">
                        {move || date.get().map(|d| format!("星期{}", d.weekday().label()))}
                    </p>
                    <FieldMessage id="af-date" errors=errors field="date"/>
                </div>
                <div class="field field-times">
                    <span class="label">"时间"</span>
                    <div class="time-pair">
                        <input
                            id="af-start"
                            type="time"
                            aria-label="开始时间"
                            aria-invalid=errors.invalid("start")
                            aria-describedby=described_by("af-start", false)
                            bind:value=f.start
                        />
                        <span aria-hidden="true">"—"</span>
                        <input
                            id="af-end"
                            type="time"
                            aria-label="结束时间"
                            aria-invalid=errors.invalid("end")
                            aria-describedby=described_by("af-end", false)
                            bind:value=f.end
                        />
                    </div>
                    <FieldMessage id="af-start" errors=errors field="start"/>
                    <FieldMessage id="af-end" errors=errors field="end"/>
                </div>
                <div class="field">
                    <label for="af-location">"地点"</label>
                    <input
                        id="af-location"
                        type="text"
                        maxlength="200"
                        placeholder="如：三楼会议室"
                        aria-invalid=errors.invalid("location")
                        aria-describedby=described_by("af-location", false)
                        bind:value=f.location
                    />
                    <FieldMessage id="af-location" errors=errors field="location"/>
                </div>
                <div class="field span-all">
                    <label for="af-theme" class:required=move || kind() == ActivityKind::ThemeDay>
                        {move || match kind() {
                            ActivityKind::PartyLecture => "党课题目",
                            ActivityKind::ThemeDay => "主题",
                            _ => "主题（可不填）",
                        }}
                    </label>
                    <input
                        id="af-theme"
                        type="text"
                        maxlength="200"
                        placeholder=move || match kind() {
                            ActivityKind::PartyLecture => "如：深入学习贯彻党的二十大精神",
                            ActivityKind::ThemeDay => "如：重温入党誓词 牢记初心使命",
                            _ => "一句话概括本次活动",
                        }
                        aria-invalid=errors.invalid("theme")
                        aria-describedby=described_by("af-theme", false)
                        bind:value=f.theme
                    />
                    <FieldMessage id="af-theme" errors=errors field="theme"/>
                </div>
                <Show when=move || kind() == ActivityKind::GroupMeeting>
                    <div class="field">
                        <label for="af-group" class="required">"党小组"</label>
                        <select
                            id="af-group"
                            aria-invalid=errors.invalid("group")
                            aria-describedby=described_by("af-group", false)
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                f.group.set(if v.is_empty() { None } else { Some(GroupId(v)) });
                            }
                        >
                            <option value="" prop:selected=move || f.group.with(Option::is_none)>
                                "（请选择）"
                            </option>
                            {move || {
                                app.data
                                    .with(|d| {
                                        d.groups
                                            .iter()
                                            .map(|g| {
                                                let id = g.id.clone();
                                                let cur = g.id.clone();
                                                view! {
                                                    <option
                                                        value=id.0
                                                        prop:selected=move || f.group.with(|v| v.as_ref() == Some(&cur))
                                                    >
                                                        {g.name.clone()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()
                                    })
                            }}
                        </select>
                        <FieldMessage id="af-group" errors=errors field="group"/>
                    </div>
                </Show>
                <div class="field">
                    <label for="af-host">"主持人"</label>
                    <PersonSelect id="af-host" value=f.host people=people errors=errors field="host"/>
                    <FieldMessage id="af-host" errors=errors field="host"/>
                </div>
                <div class="field">
                    <label for="af-recorder">"记录人"</label>
                    <PersonSelect id="af-recorder" value=f.recorder people=people errors=errors field="recorder"/>
                    <FieldMessage id="af-recorder" errors=errors field="recorder"/>
                </div>
                <Show when=move || kind() == ActivityKind::PartyLecture>
                    <div class="field">
                        <label for="af-lecturer" class="required">"授课人"</label>
                        <PersonSelect
                            id="af-lecturer"
                            value=f.lecturer
                            people=people
                            guest=f.lecturer_guest
                            errors=errors
                            field="lecturer"
                        />
                        <Show when=move || f.lecturer_guest.get()>
                            <input
                                id="af-lecturer-name"
                                type="text"
                                maxlength="40"
                                aria-label="外请授课人姓名"
                                placeholder="外请授课人姓名及职务"
                                aria-invalid=errors.invalid("lecturer_name")
                                aria-describedby=described_by("af-lecturer-name", false)
                                bind:value=f.lecturer_name
                            />
                        </Show>
                        <FieldMessage id="af-lecturer" errors=errors field="lecturer"/>
                        <FieldMessage id="af-lecturer-name" errors=errors field="lecturer_name"/>
                    </div>
                </Show>
                <div class="field span-all">
                    <span class="label">"状态"</span>
                    <div class="seg" role="group" aria-label="状态">
                        {[ActivityStatus::Held, ActivityStatus::Planned, ActivityStatus::Cancelled]
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <button
                                        type="button"
                                        aria-pressed=move || if f.status.get() == s { "true" } else { "false" }
                                        on:click=move |_| {
                                            f.status.set(s);
                                            f.status_touched.set(true);
                                        }
                                    >
                                        {s.label()}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                </div>
            </div>
        </section>
    }
}
