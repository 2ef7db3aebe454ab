//! What a 民主评议党员 or 组织生活会 decided, on its record page (screen, printed record, the year's book) from the
//! lines of `domain::record_sheet` that the Word file also reads: the 民主评议 result table (steps, each
//! member's ballots, rating and handling, and the 民主评议结果 line), the 对照检查, and the 整改清单 — with each
//! item's state today (`Rectification::state_on`) where the page knows it.

use crate::domain::member_review::{ReviewLines, REVIEW_HEAD};
use crate::domain::org_life::{ItemState, ITEM_HEAD};
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

/// The 民主评议, 对照检查 and 整改清单 of one record (nothing when it has none). `item_states`, when given, are the
/// states of the 整改 items in the order of `rectifications`.
#[component]
pub fn OrgLifeRecord(
    review: Option<ReviewLines>,
    examinations: Vec<String>,
    rectifications: Vec<[String; 6]>,
    #[prop(optional)] item_states: Option<Vec<ItemState>>,
) -> impl IntoView {
    if review.is_none() && examinations.is_empty() && rectifications.is_empty() {
        return None;
    }
    let review = review.map(|r| {
        let rows = r
            .rows
            .into_iter()
            .map(|row| {
                let [name, b1, b2, b3, b4, rating, handling] = row;
                let key = name.clone();
                view! {
                    <tr data-member=key>
                        <th scope="row">{name}</th>
                        <td class="num">{b1}</td>
                        <td class="num">{b2}</td>
                        <td class="num">{b3}</td>
                        <td class="num">{b4}</td>
                        <td class="olr-rating">{rating}</td>
                        <td class="olr-text">{handling}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="olr-part olr-review">
                <h3>"民主评议党员测评结果"</h3>
                {(!r.steps.is_empty()).then(|| view! { <p class="olr-steps">{r.steps.clone()}</p> })}
                <div class="olr-scroll" tabindex="0" role="region" aria-label="民主评议党员测评结果表">
                    <table class="olr-table">
                        <colgroup>
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
                                <th scope="col" rowspan="2">{REVIEW_HEAD[0]}</th>
                                <th scope="colgroup" colspan="4">"民主测评票数"</th>
                                <th scope="col" rowspan="2">{REVIEW_HEAD[5]}</th>
                                <th scope="col" rowspan="2">{REVIEW_HEAD[6]}</th>
                            </tr>
                            <tr>
                                {REVIEW_HEAD[1..5].iter().map(|h| view! { <th scope="col" class="num">{*h}</th> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <p class="olr-summary" data-testid="review-result">{format!("民主评议结果　{}", r.result)}</p>
            </section>
        }
    });
    let exams = (!examinations.is_empty()).then(|| {
        view! {
            <section class="olr-part olr-exams">
                <h3>"党员对照检查"</h3>
                <ul class="olr-lines">{examinations.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            </section>
        }
    });
    let items = (!rectifications.is_empty()).then(|| {
        let states = item_states.unwrap_or_default();
        let rows = rectifications
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                let [no, problem, measure, owner, due, done] = row;
                let state = states.get(i).copied();
                view! {
                    <tr>
                        <td class="num">{no}</td>
                        <td class="olr-text">{problem}</td>
                        <td class="olr-text">{measure}</td>
                        <td>{owner}</td>
                        <td>{due}</td>
                        <td class="olr-text">
                            {state.map(|s| view! { <span class=state_class(s) data-testid="rect-state">{s.label()}</span> })}
                            // An open item's state says it all; a closed one also shows when and how.
                            {matches!(state, None | Some(ItemState::Closed)).then(|| view! { <div>{done}</div> })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="olr-part olr-items">
                <h3>"整改清单"</h3>
                <div class="olr-scroll" tabindex="0" role="region" aria-label="整改清单表">
                    <table class="olr-table">
                        <colgroup>
                            <col class="c-no"/>
                            <col/>
                            <col/>
                            <col class="c-owner"/>
                            <col class="c-date"/>
                            <col class="c-done"/>
                        </colgroup>
                        <thead>
                            <tr>{ITEM_HEAD.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    });
    Some(view! { <div class="org-life-record">{review}{exams}{items}</div> })
}
