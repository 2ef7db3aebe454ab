//! /activities/:id — one record laid out as the 三会一课记录本 page, with 编辑 / 打印 / 删除 and the
//! make-up study (补学) of each person who was on leave or absent; for 民主评议党员 and 组织生活会 also the
//! 民主评议 result, 对照检查 and 整改清单 with each item's state today and, for 组织生活会, the 谈心谈话 coverage.

use crate::domain::{ActivityId, ActivityKind, ActivityStatus, MemberId};
use crate::export::word::WordRequest;
use crate::ui::action::run_action;
use crate::ui::clock::today;
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::makeup_form::MakeUpForm;
use crate::ui::components::record_page::{RecordPage, RecordSheet};
use crate::ui::components::talk_coverage::TalkCoveragePanel;
use crate::ui::components::word_button::WordButton;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

#[component]
pub fn ActivityViewPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><ActivityViewPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn ActivityViewPageBody() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| ActivityId(params.with(|p| p.get("id")).unwrap_or_default()));
    let sheet = Memo::new(move |_| {
        let id = id.get();
        app.data
            .with(|d| d.activities.iter().find(|a| a.id == id).map(|a| RecordSheet::new(a, d)))
    });
    let status = Memo::new(move |_| {
        let id = id.get();
        app.data.with(|d| {
            d.activities
                .iter()
                .find(|a| a.id == id)
                .map(|a| (a.status, a.date, a.kind))
        })
    });
    // The states today of its 整改 items, in the record's order.
    let item_states = Memo::new(move |_| {
        let id = id.get();
        let now = today();
        app.data.with(|d| {
            d.activities
                .iter()
                .find(|a| a.id == id)
                .map(|a| a.rectifications.iter().map(|r| r.state_on(now)).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let saved = move || query.with(|q| q.get("saved").is_some());
    let asking = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let on_delete = Callback::new(move |_| {
        let navigate = navigate.clone();
        let id = id.get_untracked();
        let delete = async move {
            let result = app.delete_activity(id).await;
            if result.is_err() {
                asking.try_set(false);
            }
            result
        };
        // If the user left the page meanwhile, they stay where they went.
        run_action(deleting, delete_error, delete, move |()| {
            navigate(
                "/activities",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            )
        });
    });

    move || {
        let Some(s) = sheet.get() else {
            return view! {
                <div class="alert-warn">
                    <p>"找不到这条记录，可能已被删除。"</p>
                    <a class="btn" href="/activities">"返回活动记录"</a>
                </div>
            }
            .into_any();
        };
        let idv = id.get();
        let edit_href = format!("/activities/{}/edit", idv.as_str());
        let hold_href = format!("/activities/{}/edit?hold=1", idv.as_str());
        let print_href = format!("/print/{}", idv.as_str());
        let planned = status
            .get()
            .is_some_and(|(s, date, _)| s == ActivityStatus::Planned && date <= today());
        let org_life = status
            .get()
            .and_then(|(_, date, kind)| (kind == ActivityKind::OrgLifeMeeting).then_some(date));
        let title = StoredValue::new(s.title());
        view! {
            <div class="record-view">
                // The page's heading for screen readers; the sheet's own title (h2) is what is seen and printed.
                <h1 class="sr-only">{title.get_value()}</h1>
                <div class="page-header no-print">
                    <a class="btn btn-link" href="/activities">"← 活动记录"</a>
                    <div class="toolbar">
                        {planned
                            .then(|| {
                                view! {
                                    <a class="btn btn-primary" href=hold_href>
                                        "开展后记录"
                                    </a>
                                }
                            })}
                        <a class="btn" class:btn-primary=!planned href=edit_href id="rv-edit">
                            "编辑"
                        </a>
                        <a class="btn" href=print_href id="rv-print">
                            "打印"
                        </a>
                        <WordButton request=Signal::stored(WordRequest::Record(idv.clone())) label="下载 Word" id="rv-word"/>
                        <button type="button" class="btn btn-danger" id="rv-delete" on:click=move |_| asking.set(true)>
                            "删除"
                        </button>
                    </div>
                </div>
                <Show when=saved>
                    <p class="alert-ok no-print" role="status">
                        "记录已保存。"
                    </p>
                </Show>
                {move || delete_error.get().map(|e| view! { <p class="alert-error" role="alert">{e}</p> })}
                <Show when=move || asking.get()>
                    <ConfirmDialog
                        title="删除这条记录？"
                        confirm_label="删除"
                        danger=true
                        busy=Signal::derive(move || deleting.get())
                        on_confirm=on_delete
                        on_cancel=Callback::new(move |_| asking.set(false))
                    >
                        <p>{title.get_value()}</p>
                        <p>"删除后出勤、补学等信息一并删除，不能恢复。如需保留，请先在“数据”页导出备份。"</p>
                    </ConfirmDialog>
                </Show>
                <div class="record-paper">
                    <RecordPage sheet=s.clone() item_states=item_states.get()/>
                </div>
                {org_life.map(|day| view! { <TalkCoveragePanel id=idv.clone() date=Some(day)/> })}
                <MakeUpSection id=idv/>
            </div>
        }
        .into_any()
    }
}

/// Everyone on leave or absent, with their 补学 (recorded, or a button to record it).
#[component]
fn MakeUpSection(id: ActivityId) -> impl IntoView {
    let app = use_app();
    let rows = {
        let id = id.clone();
        Memo::new(move |_| {
            app.data.with(|d| {
                d.activities
                    .iter()
                    .find(|a| a.id == id)
                    .map(|a| {
                        a.attendance
                            .iter()
                            .filter(|e| e.status.owes_make_up())
                            .map(|e| {
                                (
                                    e.member.clone(),
                                    d.member_name(&e.member),
                                    e.status,
                                    e.reason.clone(),
                                    e.make_up.clone(),
                                )
                            })
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        })
    };
    let open = RwSignal::new(None::<MemberId>);
    let clear_error = RwSignal::new(None::<String>);
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="card makeup-section no-print" aria-labelledby="mu-h">
                <h2 id="mu-h">"补学"</h2>
                <p class="muted">"请假、缺席的党员应在会后补学。记录补学后会显示在记录本的“补学”一栏。"</p>
                {move || clear_error.get().map(|e| view! { <p class="alert-error" role="alert">{e}</p> })}
                <ul class="makeup-list">
                    {
                        let id = id.clone();
                        move || {
                            rows.get()
                                .into_iter()
                                .map(|(member, name, status, reason, make_up)| {
                                    let m_open = member.clone();
                                    let m_click = member.clone();
                                    let m_clear = member.clone();
                                    let aid = id.clone();
                                    let aid_clear = id.clone();
                                    let is_open = move || open.with(|o| o.as_ref() == Some(&m_open));
                                    let why = if reason.trim().is_empty() {
                                        status.label().to_owned()
                                    } else {
                                        format!("{}（{}）", status.label(), reason.trim())
                                    };
                                    let done = make_up.as_ref().map(|m| {
                                        let mut s = format!("已补学：{} {}", m.date.chinese(), m.way.label());
                                        if !m.note.trim().is_empty() {
                                            s.push_str(&format!("（{}）", m.note.trim()));
                                        }
                                        s
                                    });
                                    let has_done = done.is_some();
                                    let clear = move |_| {
                                        let m = m_clear.clone();
                                        let updated = app.data.with_untracked(|d| {
                                            let mut a = d.activities.iter().find(|a| a.id == aid_clear).cloned()?;
                                            a.attendance.iter_mut().find(|e| e.member == m)?.make_up = None;
                                            Some(a)
                                        });
                                        if let Some(a) = updated {
                                            leptos::task::spawn_local(async move {
                                                if let Err(e) = app.save_activity(a).await {
                                                    clear_error.try_set(Some(e.to_string()));
                                                }
                                            });
                                        }
                                    };
                                    view! {
                                        <li class="makeup-item" data-member=name.clone()>
                                            <div class="makeup-line">
                                                <strong>{name.clone()}</strong>
                                                <span class="muted">{why}</span>
                                                {match done {
                                                    Some(d) => view! { <span class="badge badge-ok">{d}</span> }.into_any(),
                                                    None => view! { <span class="badge badge-warn">"未补学"</span> }.into_any(),
                                                }}
                                                <span class="makeup-buttons">
                                                    <button
                                                        type="button"
                                                        class="btn btn-small"
                                                        class:btn-primary=!has_done
                                                        on:click=move |_| open.set(Some(m_click.clone()))
                                                    >
                                                        {if has_done { "修改" } else { "记录补学" }}
                                                    </button>
                                                    {has_done
                                                        .then(|| {
                                                            view! {
                                                                <button type="button" class="btn btn-small btn-link" on:click=clear>
                                                                    "撤销"
                                                                </button>
                                                            }
                                                        })}
                                                </span>
                                            </div>
                                            <Show when=is_open.clone()>
                                                <MakeUpForm
                                                    activity=aid.clone()
                                                    member=member.clone()
                                                    cancellable=true
                                                    on_done=Callback::new(move |_| open.set(None))
                                                />
                                            </Show>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }
                    }
                </ul>
            </section>
        </Show>
    }
}
