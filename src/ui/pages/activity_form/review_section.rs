//! The 民主评议 section of the record form (民主评议党员 and 组织生活会, once held): 开始民主评议 lists the
//! members who take part (`member_review::participants`), the four step dates, one row per member with the
//! ballots of the 民主测评, the branch's rating and for 不合格 the handling and follow-up date, 粘贴测评票 (read by
//! `member_review::parse_ballots`), and above the table the live warnings of `member_review::checks`, which
//! never block a save.

use super::form::Form;
use super::typed_inputs::{CountInput, OptDateInput};
use crate::domain::member_review::{
    checks, parse_ballots, participants, MemberReview, RatedMember, Rating, MAX_BALLOTS,
};
use crate::domain::{Activity, ActivityKind, ActivityStatus, Date, MemberId, MemberKind};
use crate::ui::components::form_field::{FieldMessage, FormErrors};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// Whether the record form shows the 民主评议 section for this kind and status.
pub(super) fn shows_review(kind: ActivityKind, status: ActivityStatus) -> bool {
    matches!(kind, ActivityKind::MemberReview | ActivityKind::OrgLifeMeeting) && status == ActivityStatus::Held
}

/// Changes the entry of `member` in the form's review (nothing when it is not on the list).
fn edit_entry(f: Form, member: &MemberId, change: impl FnOnce(&mut RatedMember)) {
    f.review.update(|r| {
        if let Some(e) = r
            .as_mut()
            .and_then(|r| r.members.iter_mut().find(|e| &e.member == member))
        {
            change(e);
        }
    });
}

#[component]
pub(super) fn ReviewSection(f: Form, errors: FormErrors, date: Memo<Option<Date>>) -> impl IntoView {
    let app = use_app();
    let started = move || f.review.with(Option::is_some);
    let fill = move |_| {
        let Some(day) = date.get_untracked() else { return };
        f.review.update(|r| {
            let review = r.get_or_insert_with(MemberReview::default);
            review.members = app.data.with_untracked(|d| participants(d, day, &review.members));
        });
    };
    let warnings = Memo::new(move |_| {
        let review = f.review.get();
        let (Some(day), Some(review)) = (date.get(), review) else {
            return Vec::new();
        };
        let mut a = Activity::new(f.id.get_value(), f.kind.get(), day);
        a.attendance = f.roll.get();
        a.review = Some(review);
        app.data
            .with(|d| checks(&a, d, &d.rules).iter().map(|i| i.message(d)).collect::<Vec<_>>())
    });
    let ids = Memo::new(move |_| {
        f.review.with(|r| {
            r.as_ref()
                .map(|r| r.members.iter().map(|e| e.member.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let summary = move || {
        f.review.with(|r| {
            r.as_ref().map(|r| {
                let c = r.counts();
                let mut s = format!("参评{}人", r.members.len());
                let text = c.text();
                if !text.is_empty() {
                    s.push_str(&format!("：{text}"));
                }
                if c.unrated > 0 {
                    s.push_str(&format!("；未评定{}人", c.unrated));
                }
                s
            })
        })
    };
    let step = move |label: &'static str,
                     id: &'static str,
                     get: fn(&MemberReview) -> Option<Date>,
                     set: fn(&mut MemberReview, Option<Date>)| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <OptDateInput
                    f=f
                    id=id
                    value=Signal::derive(move || f.review.with(|r| r.as_ref().and_then(get)))
                    on_set=Callback::new(move |d| f.review.update(|r| if let Some(r) = r { set(r, d) }))
                    errors=errors
                    field="review"
                />
            </div>
        }
    };
    view! {
        <section class="card form-section review-section" aria-labelledby="rv-h">
            <h2 id="rv-h">"民主评议党员"</h2>
            <Show
                when=started
                fallback=move || {
                    view! {
                        <p class="muted">
                            "会上进行了民主评议的，点“开始民主评议”列出参评党员（当天在本支部的正式党员和预备党员），再录入测评票数和评定等次。"
                        </p>
                        <button type="button" class="btn" id="rv-start" on:click=fill disabled=move || date.get().is_none()>
                            "开始民主评议"
                        </button>
                    }
                }
            >
                <div class="review-steps">
                    {step("个人自评", "rv-self", |r| r.self_review, |r, d| r.self_review = d)}
                    {step("党员互评", "rv-mutual", |r| r.mutual_review, |r, d| r.mutual_review = d)}
                    {step("民主测评", "rv-ballot", |r| r.ballot, |r, d| r.ballot = d)}
                    {step("综合评定", "rv-decided", |r| r.decided, |r, d| r.decided = d)}
                </div>
                <div class="review-tools">
                    <span class="review-summary" data-testid="review-summary">{summary}</span>
                    <button type="button" class="btn btn-small" id="rv-refill" on:click=fill>
                        "更新参评名单"
                    </button>
                </div>
                <PasteBallots f=f/>
                <div class="review-warnings" role="status" aria-live="polite">
                    {move || {
                        let w = warnings.get();
                        (!w.is_empty())
                            .then(|| {
                                view! {
                                    <div class="alert-warn">
                                        <p class="alert-head">"请注意（不影响保存）："</p>
                                        <ul>{w.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                                    </div>
                                }
                            })
                    }}
                </div>
                <div class="table-wrap review-table-wrap" tabindex="0" role="region" aria-label="测评票数和评定等次">
                    <table class="table review-table">
                        <thead>
                            <tr>
                                <th scope="col">"姓名"</th>
                                <th scope="col" class="num">"优秀票"</th>
                                <th scope="col" class="num">"合格票"</th>
                                <th scope="col" class="num">"基本合格票"</th>
                                <th scope="col" class="num">"不合格票"</th>
                                <th scope="col">"评定等次"</th>
                                <th scope="col">"处置意见 / 跟进日期"</th>
                                <th scope="col"><span class="sr-only">"移出"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || ids.get()
                                key=|m| m.clone()
                                children=move |m: MemberId| view! { <ReviewRow f=f member=m date=date errors=errors/> }
                            />
                        </tbody>
                    </table>
                </div>
            </Show>
            <FieldMessage id="af-review" errors=errors field="review"/>
        </section>
    }
}

/// One member's row: ballots, rating, handling.
#[component]
fn ReviewRow(f: Form, member: MemberId, date: Memo<Option<Date>>, errors: FormErrors) -> impl IntoView {
    let app = use_app();
    let name = app.data.with_untracked(|d| d.member_name(&member));
    let probationary = Memo::new({
        let member = member.clone();
        move |_| {
            let day = date.get();
            app.data.with(|d| {
                day.zip(d.member(&member))
                    .is_some_and(|(day, m)| m.kind_on(day) == MemberKind::Probationary)
            })
        }
    });
    let m = StoredValue::new(member.clone());
    let entry = move || {
        f.review
            .with(|r| r.as_ref().and_then(|r| r.entry(&m.get_value()).cloned()))
    };
    let rating = Memo::new(move |_| entry().and_then(|e| e.rating));
    let key = member.as_str().to_owned();
    let counts = Rating::ALL
        .into_iter()
        .map(|r| {
            view! {
                <td class="num">
                    <CountInput
                        f=f
                        id=format!("rv-{}-{}", key, r.code())
                        label=format!("{name}的{}票数", r.label())
                        value=Signal::derive(move || entry().map(|e| e.ballots.get(r)).unwrap_or(0))
                        on_set=Callback::new(move |n| m.with_value(|m| edit_entry(f, m, |e| e.ballots.set(r, n))))
                        errors=errors
                        field="review"
                        max=MAX_BALLOTS
                    />
                </td>
            }
        })
        .collect_view();
    let handling_shown = move || {
        entry()
            .is_some_and(|e| e.rating == Some(Rating::Unqualified) || !e.handling.is_empty() || e.follow_up.is_some())
    };
    let row_name = name.clone();
    view! {
        <tr data-member=name.clone()>
            <th scope="row" class="review-name">
                {name.clone()}
                {move || probationary.get().then(|| view! { <span class="badge badge-warn review-tag">"预备"</span> })}
            </th>
            {counts}
            <td>
                <select
                    id=format!("rv-{key}-rating")
                    class="review-rating"
                    aria-label=format!("{name}的评定等次")
                    on:change=move |ev| {
                        let r = Rating::from_text(&event_target_value(&ev));
                        m.with_value(|m| edit_entry(f, m, |e| e.rating = r));
                    }
                >
                    <option value="" prop:selected=move || rating.get().is_none()>"未评定"</option>
                    {Rating::ALL
                        .into_iter()
                        .map(|r| view! { <option value=r.code() prop:selected=move || rating.get() == Some(r)>{r.label()}</option> })
                        .collect_view()}
                </select>
            </td>
            <td class="review-handling">
                <Show when=handling_shown fallback=|| view! { <span class="muted">"—"</span> }>
                    <input
                        type="text"
                        maxlength="200"
                        id=format!("rv-{key}-handling")
                        aria-label=format!("{row_name}的处置意见")
                        aria-describedby="af-review-err"
                        placeholder="处置意见，如：限期改正"
                        prop:value=move || entry().map(|e| e.handling).unwrap_or_default()
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            m.with_value(|m| edit_entry(f, m, |e| e.handling = v));
                        }
                    />
                    <OptDateInput
                        f=f
                        id=format!("rv-{key}-follow")
                        aria_label=format!("{row_name}的跟进日期")
                        value=Signal::derive(move || entry().and_then(|e| e.follow_up))
                        on_set=Callback::new(move |d| m.with_value(|m| edit_entry(f, m, |e| e.follow_up = d)))
                        errors=errors
                        field="review"
                    />
                </Show>
            </td>
            <td>
                <button
                    type="button"
                    class="btn btn-small icon-btn"
                    title="移出评议名单"
                    aria-label=format!("把{}移出评议名单", name)
                    on:click=move |_| {
                        f.review.update(|r| {
                            if let Some(r) = r {
                                m.with_value(|m| r.members.retain(|e| &e.member != m));
                            }
                        })
                    }
                >
                    "✕"
                </button>
            </td>
        </tr>
    }
}

/// 粘贴测评票: tallies pasted from a spreadsheet; the rows read are applied, each line that is not is named
/// with its problem and changes nothing.
#[component]
fn PasteBallots(f: Form) -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let applied = RwSignal::new(None::<usize>);
    let apply = move |_| {
        let list = f
            .review
            .with_untracked(|r| r.as_ref().map(|r| r.members.clone()).unwrap_or_default());
        let (rows, found) = app
            .data
            .with_untracked(|d| parse_ballots(&text.get_untracked(), d, &list));
        let n = rows.len();
        if n > 0 {
            f.review.update(|r| {
                if let Some(r) = r {
                    for row in rows {
                        if let Some(e) = r.members.iter_mut().find(|e| e.member == row.member) {
                            *e = row;
                        }
                    }
                }
            });
        }
        if found.is_empty() {
            text.set(String::new());
        }
        problems.set(found);
        applied.set(Some(n));
    };
    view! {
        <div class="paste-ballots">
            <button
                type="button"
                class="btn btn-small"
                id="rv-paste-open"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "粘贴测评票"
            </button>
            <Show when=move || open.get()>
                <div class="field">
                    <label for="rv-paste">"从表格复制测评票，每行一人"</label>
                    <textarea
                        id="rv-paste"
                        rows="6"
                        aria-describedby="rv-paste-hint"
                        placeholder="张三	12	18	0	0	优秀"
                        bind:value=text
                    ></textarea>
                    <p class="hint" id="rv-paste-hint">
                        "每行：姓名、优秀票、合格票、基本合格票、不合格票，可再加评定等次；用制表符、逗号或空格分隔，表头行会跳过。"
                    </p>
                </div>
                <button type="button" class="btn btn-small btn-primary" id="rv-paste-apply" on:click=apply>
                    "填入票数"
                </button>
                <div class="paste-result" aria-live="polite">
                    {move || applied.get().map(|n| view! { <p class="muted">{format!("已填入{n}人的票数。")}</p> })}
                    {move || {
                        let p = problems.get();
                        (!p.is_empty())
                            .then(|| {
                                view! {
                                    <div class="alert-error" role="alert">
                                        <p class="alert-head">"以下各行没有填入，请改正后再粘贴："</p>
                                        <ul class="alert-list">{p.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                                    </div>
                                }
                            })
                    }}
                </div>
            </Show>
        </div>
    }
}
