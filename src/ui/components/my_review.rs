//! 我的 → 评议与整改: one member's own 民主评议 rating of the chosen year (with the ballots they received and
//! the handling decided for them) and the 整改 items they are responsible for, with each item's state —
//! nothing about anyone else (`domain::member_review::ratings_in_year`, `domain::org_life::items_of`).

use crate::domain::member_review::ratings_in_year;
use crate::domain::org_life::{items_of, ItemState};
use crate::domain::{Date, MemberId};
use crate::ui::components::org_life_record::state_class;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
struct RatingLine {
    activity: String,
    day: String,
    rating: String,
    ballots: String,
    handling: String,
}

#[derive(Clone, Debug, PartialEq)]
struct ItemLine {
    activity: String,
    day: String,
    problem: String,
    measure: String,
    due: String,
    state: ItemState,
}

#[component]
pub fn MyReview(member: MemberId, year: RwSignal<i32>, today: Date) -> impl IntoView {
    let app = use_app();
    let m1 = member.clone();
    let rating = Memo::new(move |_| {
        let y = year.get();
        app.data.with(|d| {
            ratings_in_year(d, y)
                .into_iter()
                .find(|(_, e)| e.member == m1)
                .map(|(a, e)| {
                    let b = e.ballots;
                    RatingLine {
                        activity: a.id.0.clone(),
                        day: a.date.chinese(),
                        rating: e.rating.map(|r| r.label().to_owned()).unwrap_or_default(),
                        ballots: if b.total() > 0 {
                            format!(
                                "测评票：优秀{}、合格{}、基本合格{}、不合格{}",
                                b.excellent, b.qualified, b.basically_qualified, b.unqualified
                            )
                        } else {
                            String::new()
                        },
                        handling: e.handling_text(),
                    }
                })
        })
    });
    let items = Memo::new(move |_| {
        app.data.with(|d| {
            items_of(d, &member)
                .into_iter()
                .map(|(a, r)| ItemLine {
                    activity: a.id.0.clone(),
                    day: a.date.chinese(),
                    problem: r.problem.clone(),
                    measure: r.measure.clone(),
                    due: r.due.map(|d| format!("{}前", d.chinese())).unwrap_or_default(),
                    state: r.state_on(today),
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card my-review" aria-labelledby="my-review-title">
            <h2 id="my-review-title">{move || format!("{} 年民主评议与整改", year.get())}</h2>
            {move || match rating.get() {
                None => view! { <p class="empty" id="my-rating">"这一年没有本人的评定等次。"</p> }.into_any(),
                Some(r) => view! {
                    <p class="my-rating" id="my-rating">
                        "评定等次："<strong>{r.rating}</strong>
                        <a class="muted small" href=format!("/activities/{}", r.activity)>{format!("（{}）", r.day)}</a>
                    </p>
                    {(!r.ballots.is_empty()).then(|| view! { <p class="hint">{r.ballots}</p> })}
                    {(!r.handling.is_empty()).then(|| view! { <p class="hint">{format!("处置意见：{}", r.handling)}</p> })}
                }.into_any(),
            }}
            <h3>"我的整改事项"</h3>
            <Show when=move || !items.with(Vec::is_empty) fallback=|| view! { <p class="empty">"没有本人负责的整改事项。"</p> }>
                <ul class="my-line-list" id="my-items">
                    {move || items.get().into_iter().map(|l| view! {
                        <li>
                            <span class=state_class(l.state)>{l.state.label()}</span>
                            <a href=format!("/activities/{}", l.activity)>{l.problem}</a>
                            {(!l.due.is_empty()).then(|| view! { <span class="muted small">{l.due}</span> })}
                            {(!l.measure.is_empty()).then(|| view! { <span class="muted small">{format!("措施：{}", l.measure)}</span> })}
                            <span class="muted small">{format!("（{}组织生活会确定）", l.day)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
