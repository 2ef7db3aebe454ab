//! The 对照检查 section of the record form (组织生活会, once held): per member the points of their 对照检查 and
//! the 批评意见 they received, as short texts; members are added from the people on the roll and removed.

use super::form::Form;
use crate::domain::org_life::Examination;
use crate::domain::{ActivityKind, ActivityStatus, AttendanceStatus, MemberId};
use crate::ui::components::form_field::{FieldMessage, FormErrors};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// Whether the record form shows the 对照检查 section for this kind and status.
pub(super) fn shows_examinations(kind: ActivityKind, status: ActivityStatus) -> bool {
    kind == ActivityKind::OrgLifeMeeting && status == ActivityStatus::Held
}

#[component]
pub(super) fn ExaminationSection(f: Form, errors: FormErrors) -> impl IntoView {
    let app = use_app();
    // The people on the roll (not 列席) who have no 对照检查 yet, in the roll's order.
    let addable = Memo::new(move |_| {
        let listed: Vec<MemberId> = f.examinations.with(|v| v.iter().map(|e| e.member.clone()).collect());
        f.roll.with(|roll| {
            app.data.with(|d| {
                roll.iter()
                    .filter(|e| e.status != AttendanceStatus::Observer && !listed.contains(&e.member))
                    .map(|e| (e.member.clone(), d.member_name(&e.member), e.status.attended()))
                    .collect::<Vec<_>>()
            })
        })
    });
    let chosen = RwSignal::new(String::new());
    let add = move |ids: Vec<MemberId>| {
        if ids.is_empty() {
            return;
        }
        f.examinations.update(|v| {
            for member in ids {
                v.push(Examination {
                    member,
                    points: String::new(),
                    criticism: String::new(),
                });
            }
        });
        chosen.set(String::new());
    };
    let ids = Memo::new(move |_| {
        f.examinations
            .with(|v| v.iter().map(|e| e.member.clone()).collect::<Vec<_>>())
    });
    view! {
        <section class="card form-section exam-section" aria-labelledby="ex-h">
            <h2 id="ex-h">"对照检查和批评意见"</h2>
            <p class="muted">"每名党员对照检查查摆的问题，和会上收到的批评意见，简要记录。"</p>
            <ol class="exam-list">
                <For
                    each=move || ids.get()
                    key=|m| m.clone()
                    children=move |m: MemberId| view! { <ExaminationRow f=f member=m/> }
                />
            </ol>
            <div class="exam-add">
                <label for="ex-add">"添加党员"</label>
                <select id="ex-add" on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || chosen.with(String::is_empty)>"（选择参会人员）"</option>
                    {move || {
                        addable
                            .get()
                            .into_iter()
                            .map(|(id, name, _)| {
                                let v = id.0.clone();
                                view! { <option value=id.0 prop:selected=move || chosen.with(|c| *c == v)>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <button
                    type="button"
                    class="btn btn-small"
                    id="ex-add-one"
                    disabled=move || chosen.with(String::is_empty)
                    on:click=move |_| add(vec![MemberId(chosen.get_untracked())])
                >
                    "添加"
                </button>
                <button
                    type="button"
                    class="btn btn-small"
                    id="ex-add-all"
                    disabled=move || addable.with(|a| !a.iter().any(|(_, _, attended)| *attended))
                    on:click=move |_| {
                        add(addable.get_untracked().into_iter().filter(|(_, _, a)| *a).map(|(id, _, _)| id).collect())
                    }
                >
                    "添加全部到会党员"
                </button>
            </div>
            <FieldMessage id="af-examinations" errors=errors field="examinations"/>
        </section>
    }
}

/// One member's 对照检查 and 批评意见.
#[component]
fn ExaminationRow(f: Form, member: MemberId) -> impl IntoView {
    let app = use_app();
    let name = app.data.with_untracked(|d| d.member_name(&member));
    let key = member.as_str().to_owned();
    let m = StoredValue::new(member);
    let get = move |pick: fn(&Examination) -> String| {
        move || {
            f.examinations
                .with(|v| v.iter().find(|e| m.with_value(|m| &e.member == m)).map(pick))
                .unwrap_or_default()
        }
    };
    let set = move |change: fn(&mut Examination, String)| {
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            f.examinations.update(|v| {
                if let Some(e) = v.iter_mut().find(|e| m.with_value(|m| &e.member == m)) {
                    change(e, text);
                }
            });
        }
    };
    view! {
        <li class="exam-item" data-member=name.clone()>
            <div class="exam-head">
                <strong>{name.clone()}</strong>
                <button
                    type="button"
                    class="btn btn-small btn-link"
                    aria-label=format!("删除{name}的对照检查")
                    on:click=move |_| f.examinations.update(|v| v.retain(|e| m.with_value(|m| &e.member != m)))
                >
                    "删除"
                </button>
            </div>
            <div class="exam-fields">
                <div class="field">
                    <label for=format!("ex-{key}-points")>"对照检查"</label>
                    <textarea
                        id=format!("ex-{key}-points")
                        rows="2"
                        aria-describedby="af-examinations-err"
                        prop:value=get(|e| e.points.clone())
                        on:input=set(|e, t| e.points = t)
                    ></textarea>
                </div>
                <div class="field">
                    <label for=format!("ex-{key}-criticism")>"批评意见"</label>
                    <textarea
                        id=format!("ex-{key}-criticism")
                        rows="2"
                        aria-describedby="af-examinations-err"
                        prop:value=get(|e| e.criticism.clone())
                        on:input=set(|e, t| e.criticism = t)
                    ></textarea>
                </div>
            </div>
        </li>
    }
}
