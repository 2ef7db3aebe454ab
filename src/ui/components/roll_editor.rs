//! The attendance roll of a record being written: one row per person, a one-tap 出席/请假/缺席/异地参加
//! control, and a reason box that appears for 请假 and 缺席. Activists are listed as 列席, fixed. Anyone
//! else in the branch that day (a member of another group, an excused member who came) can be added as
//! 列席; people who are not expected (列席) can be taken off the roll again.

use crate::domain::roll::is_expected;
use crate::domain::sort::sort_by;
use crate::domain::{ActivityKind, AttendanceEntry, AttendanceStatus, Date, GroupId, MemberId, MemberKind};
use crate::ui::components::form_field::{FieldMessage, FormErrors};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// The marks a party member can get, in the order of the control.
const MARKS: [(AttendanceStatus, &str); 4] = [
    (AttendanceStatus::Present, "出席"),
    (AttendanceStatus::Leave, "请假"),
    (AttendanceStatus::Absent, "缺席"),
    (AttendanceStatus::Elsewhere, "异地"),
];

fn set_status(roll: RwSignal<Vec<AttendanceEntry>>, member: &MemberId, status: AttendanceStatus) {
    roll.update(|r| {
        if let Some(e) = r.iter_mut().find(|e| &e.member == member) {
            e.status = status;
            if !status.owes_make_up() {
                e.make_up = None;
            }
        }
    });
}

fn set_reason(roll: RwSignal<Vec<AttendanceEntry>>, member: &MemberId, reason: String) {
    roll.update(|r| {
        if let Some(e) = r.iter_mut().find(|e| &e.member == member) {
            e.reason = reason;
        }
    });
}

/// The roll editor. `date` is the activity's date (for 正式/预备 on that day); `kind` and `group` say who
/// is expected (others may only attend as 列席).
#[component]
pub fn RollEditor(
    roll: RwSignal<Vec<AttendanceEntry>>,
    #[prop(into)] date: Signal<Option<Date>>,
    #[prop(into)] kind: Signal<ActivityKind>,
    #[prop(into)] group: Signal<Option<GroupId>>,
    /// The form's messages; the roll shows the one for the roll as a whole (`attendance`, e.g. a duplicate
    /// person).
    errors: FormErrors,
) -> impl IntoView {
    let app = use_app();
    let ids = Memo::new(move |_| roll.with(|r| r.iter().map(|e| e.member.clone()).collect::<Vec<_>>()));
    let all_present = move |_| {
        roll.update(|r| {
            for e in r.iter_mut() {
                if e.status != AttendanceStatus::Observer {
                    e.status = AttendanceStatus::Present;
                    e.make_up = None;
                }
            }
        })
    };
    // People in the branch that day who are not on the roll: they can be added as 列席.
    let addable = Memo::new(move |_| {
        let Some(day) = date.get() else {
            return Vec::new();
        };
        roll.with(|r| {
            app.data.with(|d| {
                let mut list: Vec<(MemberId, String)> = d
                    .members
                    .iter()
                    .filter(|m| m.in_branch_on(day) && !r.iter().any(|e| e.member == m.id))
                    .map(|m| {
                        let mut label = m.name.clone();
                        if let Some(g) = &m.group {
                            label.push_str(&format!("（{}）", d.group_name(g)));
                        }
                        if m.excused_on(day).is_some() {
                            label.push_str("（免于应到）");
                        }
                        (m.id.clone(), label)
                    })
                    .collect();
                sort_by(&mut list, |a, b| d.compare_names(&a.1, &b.1));
                list
            })
        })
    });
    let add = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if v.is_empty() {
            return;
        }
        roll.update(|r| {
            let id = MemberId(v);
            if !r.iter().any(|e| e.member == id) {
                r.push(AttendanceEntry {
                    member: id,
                    status: AttendanceStatus::Observer,
                    reason: String::new(),
                    make_up: None,
                });
            }
        });
        // Back to the prompt, ready for the next one.
        if let Some(t) = ev.target() {
            let _ = js_sys::Reflect::set(&t, &"value".into(), &"".into());
        }
    };
    view! {
        <div class="roll">
            <div class="roll-tools">
                <span class="roll-hint">"默认全部出席，只需点选请假、缺席的人。"</span>
                <button type="button" class="btn btn-small" on:click=all_present>
                    "全部设为出席"
                </button>
            </div>
            <FieldMessage id="roll" errors=errors field="attendance"/>
            <Show when=move || ids.with(|v| v.is_empty())>
                <p class="roll-empty">
                    "名单为空：当天没有应到人员。请先在“党员”页录入党员，或检查日期、党小组。"
                </p>
            </Show>
            <ul class="roll-list">
                <For
                    each=move || ids.get()
                    key=|id| id.clone()
                    children=move |id: MemberId| {
                        let id_status = id.clone();
                        let status = Memo::new(move |_| {
                            roll.with(|r| r.iter().find(|e| e.member == id_status).map(|e| e.status))
                        });
                        let id_reason = id.clone();
                        let reason = move || {
                            roll.with(|r| {
                                r.iter().find(|e| e.member == id_reason).map(|e| e.reason.clone()).unwrap_or_default()
                            })
                        };
                        let id_meta = id.clone();
                        let meta = Memo::new(move |_| {
                            let day = date.get();
                            app.data
                                .with(|d| {
                                    d.member(&id_meta)
                                        .map(|m| {
                                            let kind = day.map_or(m.kind, |day| m.kind_on(day));
                                            let tag = match kind {
                                                MemberKind::Probationary => Some("预备"),
                                                MemberKind::Activist => Some("积极分子"),
                                                MemberKind::Full => None,
                                            };
                                            (m.name.clone(), tag, m.mobile)
                                        })
                                })
                                .unwrap_or_else(|| ("（已删除）".to_owned(), None, false))
                        });
                        let name = move || meta.get().0;
                        let tag = move || meta.get().1;
                        let mobile = move || meta.get().2;
                        let is_observer = move || status.get() == Some(AttendanceStatus::Observer);
                        let needs_reason = move || status.get().is_some_and(|s| s.owes_make_up());
                        let id_buttons = id.clone();
                        let id_input = id.clone();
                        let id_expected = id.clone();
                        let id_remove = StoredValue::new(id.clone());
                        // Only those not expected (列席, added) may be taken off the roll.
                        let removable = Memo::new(move |_| {
                            let (Some(day), k, g) = (date.get(), kind.get(), group.get()) else {
                                return false;
                            };
                            app.data.with(|d| {
                                d.member(&id_expected)
                                    .is_none_or(|m| !is_expected(d, k, day, g.as_ref(), m))
                            })
                        });
                        let label_for = move || {
                            format!("{}的{}原因", meta.get().0, status.get().map_or("", |s| s.label()))
                        };
                        view! {
                            <li
                                class="roll-row"
                                class:roll-row-missing=needs_reason
                                data-status=move || status.get().map_or("", |s| s.label())
                            >
                                <div class="roll-person">
                                    <span class="roll-name">{name}</span>
                                    {move || tag().map(|t| view! { <span class="roll-tag">{t}</span> })}
                                    <Show when=mobile>
                                        <span class="roll-tag roll-tag-mobile">"流动"</span>
                                    </Show>
                                </div>
                                <Show
                                    when=is_observer
                                    fallback=move || {
                                        let id_buttons = id_buttons.clone();
                                        view! {
                                            <div class="seg roll-seg" role="group" aria-label=name>
                                                {MARKS
                                                    .into_iter()
                                                    .map(|(mark, label)| {
                                                        let id_click = id_buttons.clone();
                                                        view! {
                                                            <button
                                                                type="button"
                                                                class="seg-btn"
                                                                class:on=move || status.get() == Some(mark)
                                                                data-mark=mark.label()
                                                                aria-pressed=move || {
                                                                    if status.get() == Some(mark) { "true" } else { "false" }
                                                                }
                                                                on:click=move |_| set_status(roll, &id_click, mark)
                                                            >
                                                                {label}
                                                            </button>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </div>
                                        }
                                    }
                                >
                                    <span class="roll-observer">
                                        "列席"
                                        <Show when=move || removable.get()>
                                            <button
                                                type="button"
                                                class="btn btn-small btn-link roll-remove"
                                                aria-label=move || format!("把{}移出名单", name())
                                                on:click=move |_| {
                                                    let gone = id_remove.get_value();
                                                    roll.update(|r| r.retain(|e| e.member != gone))
                                                }
                                            >
                                                "移出"
                                            </button>
                                        </Show>
                                    </span>
                                </Show>
                                <Show when=needs_reason>
                                    {
                                        let id_input = id_input.clone();
                                        view! {
                                            <input
                                                class="roll-reason"
                                                type="text"
                                                maxlength="200"
                                                placeholder="原因（可不填），如：出差、病假"
                                                aria-label=label_for
                                                prop:value=reason.clone()
                                                on:input=move |ev| set_reason(roll, &id_input, event_target_value(&ev))
                                            />
                                        }
                                    }
                                </Show>
                            </li>
                        }
                    }
                />
            </ul>
            <Show when=move || addable.with(|a| !a.is_empty())>
                <div class="roll-add">
                    <label for="roll-add">"添加列席人员"</label>
                    <select id="roll-add" on:change=add>
                        <option value="">"选择本支部其他人员…"</option>
                        {move || {
                            addable
                                .get()
                                .into_iter()
                                .map(|(id, label)| view! { <option value=id.0>{label}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
            </Show>
        </div>
    }
}
