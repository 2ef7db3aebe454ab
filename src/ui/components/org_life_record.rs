//! What a 民主评议党员 or 组织生活会 decided, under its record page on screen and in print: the 民主评议 result
//! sheet (step dates, each member's ballots, rating and handling, the 民主评议结果 line from
//! `RatingCounts::text`), the 对照检查 with the 批评意见 received, and the 整改清单 with each item's state today.

use crate::domain::member_review::{MemberReview, Rating};
use crate::domain::org_life::ItemState;
use crate::domain::{ActivityId, Dataset};
use crate::ui::clock::today;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// The badge classes of an item's state (here and in the record form).
pub fn state_class(state: ItemState) -> &'static str {
    match state {
        ItemState::Overdue => "badge badge-error",
        ItemState::DueSoon => "badge badge-warn",
        ItemState::Open => "badge badge-accent",
        ItemState::Closed => "badge badge-ok",
    }
}

/// The result sheet as plain strings, read once from the data.
#[derive(Clone, PartialEq)]
struct Sheet {
    /// "个人自评：2026年11月2日；…", empty when no step has a date.
    steps: String,
    /// "民主评议结果：优秀5人、合格24人；未评定1人".
    summary: String,
    review: Vec<ReviewRow>,
    has_review: bool,
    /// Name, 对照检查, 批评意见.
    examinations: Vec<(String, String, String)>,
    /// Problem, measure, owner, due, state label and class, closed, evidence.
    items: Vec<Item>,
}

/// Name, ballots (in `Rating::ALL` order), rating, handling (with the follow-up date).
type ReviewRow = (String, [u32; 4], String, String);

#[derive(Clone, PartialEq)]
struct Item {
    problem: String,
    measure: String,
    owner: String,
    due: String,
    state: &'static str,
    state_class: &'static str,
    closed: String,
    evidence: String,
}

fn review_lines(r: &MemberReview, d: &Dataset) -> (String, String, Vec<ReviewRow>) {
    let steps = [
        ("个人自评", r.self_review),
        ("党员互评", r.mutual_review),
        ("民主测评", r.ballot),
        ("综合评定", r.decided),
    ]
    .into_iter()
    .filter_map(|(label, day)| day.map(|day| format!("{label}：{}", day.chinese())))
    .collect::<Vec<_>>()
    .join("；");
    let c = r.counts();
    let mut summary = format!("民主评议结果：参评{}人", r.members.len());
    let text = c.text();
    if !text.is_empty() {
        summary.push_str(&format!("，{text}"));
    }
    if c.unrated > 0 {
        summary.push_str(&format!("；未评定{}人", c.unrated));
    }
    let rows = r
        .members
        .iter()
        .map(|e| {
            let mut handling = e.handling.trim().to_owned();
            if let Some(day) = e.follow_up {
                if !handling.is_empty() {
                    handling.push('；');
                }
                handling.push_str(&format!("跟进：{}", day.chinese()));
            }
            (
                d.member_name(&e.member),
                Rating::ALL.map(|g| e.ballots.get(g)),
                e.rating.map_or("未评定", Rating::label).to_owned(),
                handling,
            )
        })
        .collect();
    (steps, summary, rows)
}

fn sheet(id: &ActivityId, d: &Dataset) -> Option<Sheet> {
    let a = d.activities.iter().find(|a| &a.id == id)?;
    if a.review.is_none() && a.examinations.is_empty() && a.rectifications.is_empty() {
        return None;
    }
    let (steps, summary, review) = a.review.as_ref().map(|r| review_lines(r, d)).unwrap_or_default();
    let now = today();
    Some(Sheet {
        steps,
        summary,
        review,
        has_review: a.review.is_some(),
        examinations: a
            .examinations
            .iter()
            .map(|e| (d.member_name(&e.member), e.points.clone(), e.criticism.clone()))
            .collect(),
        items: a
            .rectifications
            .iter()
            .map(|r| {
                let state = r.state_on(now);
                Item {
                    problem: r.problem.clone(),
                    measure: r.measure.clone(),
                    owner: r.owner_name(d),
                    due: r.due.map(|x| x.chinese()).unwrap_or_default(),
                    state: state.label(),
                    state_class: state_class(state),
                    closed: r.closed.map(|x| x.chinese()).unwrap_or_default(),
                    evidence: r.evidence.clone(),
                }
            })
            .collect(),
    })
}

/// The 民主评议, 对照检查 and 整改清单 of the activity `id` (nothing when it has none).
#[component]
pub fn OrgLifeRecord(id: ActivityId) -> impl IntoView {
    let app = use_app();
    let sheet = Memo::new(move |_| app.data.with(|d| sheet(&id, d)));
    move || {
        sheet.get().map(|s| {
            let review = s.has_review.then(|| {
                let rows = s
                    .review
                    .into_iter()
                    .enumerate()
                    .map(|(i, (name, ballots, rating, handling))| {
                        let key = name.clone();
                        view! {
                            <tr data-member=key>
                                <td class="num">{i + 1}</td>
                                <th scope="row">{name}</th>
                                {ballots.map(|n| view! { <td class="num">{n}</td> }).into_iter().collect_view()}
                                <td class="olr-rating">{rating}</td>
                                <td>{handling}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="olr-part olr-review" aria-labelledby="olr-review-h">
                        <h3 id="olr-review-h">"民主评议党员"</h3>
                        {(!s.steps.is_empty()).then(|| view! { <p class="olr-steps">{s.steps.clone()}</p> })}
                        <p class="olr-summary" data-testid="review-result">{s.summary.clone()}</p>
                        <div class="olr-scroll" tabindex="0" role="region" aria-label="民主评议结果表">
                            <table class="olr-table">
                                <colgroup>
                                    <col class="c-no"/>
                                    <col class="c-name"/>
                                    <col class="c-count"/>
                                    <col class="c-count"/>
                                    <col class="c-count"/>
                                    <col class="c-count"/>
                                    <col class="c-rating"/>
                                    <col/>
                                </colgroup>
                                <thead>
                                    <tr>
                                        <th scope="col" class="num" rowspan="2">"序号"</th>
                                        <th scope="col" rowspan="2">"姓名"</th>
                                        <th scope="colgroup" colspan="4">"民主测评票数"</th>
                                        <th scope="col" rowspan="2">"评定等次"</th>
                                        <th scope="col" rowspan="2">"处置意见"</th>
                                    </tr>
                                    <tr>
                                        {Rating::ALL.map(|r| view! { <th scope="col" class="num">{r.label()}</th> }).into_iter().collect_view()}
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    </section>
                }
            });
            let exams = (!s.examinations.is_empty()).then(|| {
                let rows = s
                    .examinations
                    .into_iter()
                    .map(|(name, points, criticism)| {
                        let key = name.clone();
                        view! {
                            <tr data-member=key>
                                <th scope="row">{name}</th>
                                <td class="olr-text">{points}</td>
                                <td class="olr-text">{criticism}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="olr-part olr-exams" aria-labelledby="olr-exam-h">
                        <h3 id="olr-exam-h">"对照检查和批评意见"</h3>
                        <div class="olr-scroll" tabindex="0" role="region" aria-label="对照检查表">
                            <table class="olr-table">
                                <colgroup>
                                    <col class="c-name"/>
                                    <col/>
                                    <col/>
                                </colgroup>
                                <thead>
                                    <tr>
                                        <th scope="col" class="olr-name">"姓名"</th>
                                        <th scope="col">"对照检查"</th>
                                        <th scope="col">"批评意见"</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    </section>
                }
            });
            let items = (!s.items.is_empty()).then(|| {
                let rows = s
                    .items
                    .into_iter()
                    .enumerate()
                    .map(|(i, it)| {
                        let closed = (!it.closed.is_empty()).then(|| view! { <div class="small">{it.closed.clone()}</div> });
                        view! {
                            <tr>
                                <td class="num">{i + 1}</td>
                                <td class="olr-text">{it.problem}</td>
                                <td class="olr-text">{it.measure}</td>
                                <td>{it.owner}</td>
                                <td class="nowrap">{it.due}</td>
                                <td>
                                    <span class=it.state_class data-testid="rect-state">{it.state}</span>
                                    {closed}
                                </td>
                                <td class="olr-text">{it.evidence}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="olr-part olr-items" aria-labelledby="olr-items-h">
                        <h3 id="olr-items-h">"整改清单"</h3>
                        <div class="olr-scroll" tabindex="0" role="region" aria-label="整改清单表">
                            <table class="olr-table">
                                <colgroup>
                                    <col class="c-no"/>
                                    <col/>
                                    <col/>
                                    <col class="c-owner"/>
                                    <col class="c-date"/>
                                    <col class="c-state"/>
                                    <col/>
                                </colgroup>
                                <thead>
                                    <tr>
                                        <th scope="col" class="num">"序号"</th>
                                        <th scope="col">"存在问题"</th>
                                        <th scope="col">"整改措施"</th>
                                        <th scope="col">"责任人"</th>
                                        <th scope="col">"完成时限"</th>
                                        <th scope="col">"状态"</th>
                                        <th scope="col">"整改成效"</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    </section>
                }
            });
            view! { <div class="org-life-record">{review}{exams}{items}</div> }
        })
    }
}
