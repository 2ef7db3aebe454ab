//! The 谈心谈话 before a 组织生活会, read only (`org_life::talk_coverage`): which pairs of committee members,
//! and which members with a committee member or with anyone, have not talked yet, by name — or
//! "谈心谈话已覆盖" — with a link to record a 谈心谈话. Shown in the record form and on the record page.

use crate::domain::org_life::talk_coverage;
use crate::domain::{Activity, ActivityId, ActivityKind, Date};
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn TalkCoveragePanel(
    #[prop(into)] id: Signal<ActivityId>,
    #[prop(into)] date: Signal<Option<Date>>,
) -> impl IntoView {
    let app = use_app();
    let coverage = Memo::new(move |_| {
        let day = date.get()?;
        let meeting = Activity::new(id.get(), ActivityKind::OrgLifeMeeting, day);
        Some(app.data.with(|d| {
            let c = talk_coverage(d, &meeting);
            let names =
                |ids: &[crate::domain::MemberId]| ids.iter().map(|m| d.member_name(m)).collect::<Vec<_>>().join("、");
            let pairs = c
                .committee_pairs_missing
                .iter()
                .map(|(a, b)| format!("{}—{}", d.member_name(a), d.member_name(b)))
                .collect::<Vec<_>>()
                .join("、");
            let window = match (c.from, c.to) {
                (Some(from), Some(to)) => format!("{}至{}", from.chinese(), to.chinese()),
                _ => String::new(),
            };
            (
                c.is_complete(),
                format!("{window}，共{}次谈心谈话，{}名党员。", c.talks, c.members),
                pairs,
                names(&c.members_without_committee),
                names(&c.members_without_any),
            )
        }))
    });
    view! {
        <section class="card talk-coverage no-print" aria-labelledby="tc-h">
            <h2 id="tc-h">"会前谈心谈话"</h2>
            {move || {
                coverage
                    .get()
                    .map(|(complete, window, pairs, without_committee, without_any)| {
                        view! {
                            <p class="muted">{window}</p>
                            {if complete {
                                view! { <p class="alert-ok" data-testid="talk-complete">"谈心谈话已覆盖。"</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="talk-missing" data-testid="talk-missing">
                                        {(!pairs.is_empty()).then(|| view! { <li><strong>"支委之间未谈："</strong>{pairs}</li> })}
                                        {(!without_committee.is_empty())
                                            .then(|| view! { <li><strong>"未与支委谈："</strong>{without_committee}</li> })}
                                        {(!without_any.is_empty())
                                            .then(|| view! { <li><strong>"未与其他党员谈："</strong>{without_any}</li> })}
                                    </ul>
                                }
                                    .into_any()
                            }}
                        }
                    })
            }}
            <a class="btn btn-small" href="/activities/new?kind=heart_talk">"记一次谈心谈话"</a>
        </section>
    }
}
