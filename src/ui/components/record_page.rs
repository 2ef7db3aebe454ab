//! One page of the 三会一课记录本: an activity laid out as the paper record (see `docs/domain.md`).
//!
//! [`RecordSheet`] (in `domain::record_sheet`, shared with the Word files) gathers every line of the page from
//! the data once (plain strings, no signals), so the year book can lay out a hundred pages without cloning the
//! dataset; [`RecordPage`] renders it, with what a 民主评议党员 or 组织生活会 decided (`org_life_record`).

use crate::domain::org_life::ItemState;
pub use crate::domain::record_sheet::{kind_title, quorum_text, RecordSheet};
use crate::domain::record_sheet::{names, noted};
use crate::domain::ActivityStatus;
use crate::ui::components::org_life_record::OrgLifeRecord;
use leptos::prelude::*;

/// One record page. `running_header` (branch name and year) is printed at the top of the page in the year
/// book.
#[component]
pub fn RecordPage(
    sheet: RecordSheet,
    #[prop(optional, into)] running_header: Option<String>,
    /// The states today of the 整改 items, in the sheet's order (the record page and its print; the year's
    /// book shows what was done only).
    #[prop(optional)]
    item_states: Option<Vec<ItemState>>,
) -> impl IntoView {
    let s = sheet;
    let review = s.review.clone();
    let examinations = s.examinations.clone();
    let rectifications = s.rectifications.clone();
    let number = s.number_text();
    let status_note = s.status_note();
    let attendance_line = s.attendance_line();
    let leave = noted(&s.leave);
    let absent = noted(&s.absent);
    let elsewhere = names(&s.elsewhere);
    let observers = names(&s.observers);
    let present = names(&s.present);
    let theme_label = s.theme_label();
    let has_theme = !s.theme.trim().is_empty();
    let theme = s.theme.clone();
    let agenda = s.agenda.clone();
    let content = s.content.clone();
    let resolution = s.resolution.clone();
    let make_ups = s.make_ups.clone();
    let owed = s.owed_text();
    let held = s.status == ActivityStatus::Held;
    let hours = s.hours_text();
    view! {
        <article class="record-sheet">
            {running_header.map(|h| view! { <div class="record-running-header">{h}</div> })}
            <h2 class="record-title">
                <span>{s.title()}</span>
                {number.map(|n| view! { <span class="record-number">{n}</span> })}
            </h2>
            {status_note.map(|n| view! { <p class="record-status-note">{n}</p> })}
            <table class="record-grid">
                <colgroup>
                    <col class="col-label"/>
                    <col/>
                    <col class="col-label"/>
                    <col/>
                </colgroup>
                <tbody>
                    <tr>
                        <th>"时间"</th>
                        <td colspan="3">{s.when.clone()}</td>
                    </tr>
                    <tr>
                        <th>"地点"</th>
                        <td colspan="3">{s.location.clone()}</td>
                    </tr>
                    <tr>
                        <th>"主持人"</th>
                        <td class="rec-host">{s.host.clone()}</td>
                        <th>"记录人"</th>
                        <td class="rec-recorder">{s.recorder.clone()}</td>
                    </tr>
                    {s
                        .lecturer
                        .clone()
                        .map(|l| {
                            view! {
                                <tr>
                                    <th>"授课人"</th>
                                    <td colspan="3" class="rec-lecturer">{l}</td>
                                </tr>
                            }
                        })}
                    {has_theme
                        .then(|| {
                            view! {
                                <tr>
                                    <th>{theme_label}</th>
                                    <td colspan="3" class="rec-theme">{theme}</td>
                                </tr>
                            }
                        })}
                    {held
                        .then(|| {
                            view! {
                    <tr>
                        <th>"出勤"</th>
                        <td colspan="3" class="rec-attendance">
                            {attendance_line}
                            {hours.map(|h| view! { <span class="rec-hours">{format!("　学时：{h}")}</span> })}
                        </td>
                    </tr>
                    <tr>
                        <th>"出席"</th>
                        <td colspan="3" class="rec-present">{present}</td>
                    </tr>
                    <tr>
                        <th>"请假"</th>
                        <td colspan="3" class="rec-leave">{leave}</td>
                    </tr>
                    <tr>
                        <th>"缺席"</th>
                        <td colspan="3" class="rec-absent">{absent}</td>
                    </tr>
                    <tr>
                        <th>"异地参加"</th>
                        <td colspan="3" class="rec-elsewhere">{elsewhere}</td>
                    </tr>
                    <tr>
                        <th>"列席"</th>
                        <td colspan="3" class="rec-observers">{observers}</td>
                    </tr>
                            }
                        })}
                    <tr>
                        <th>"议题"</th>
                        <td colspan="3" class="rec-agenda">
                            {if agenda.is_empty() {
                                view! { <span>"无"</span> }.into_any()
                            } else {
                                view! {
                                    <ol>{agenda.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ol>
                                }
                                    .into_any()
                            }}
                        </td>
                    </tr>
                    <tr class="rec-content-row">
                        <th>"内容"<br/>"发言摘要"</th>
                        <td colspan="3" class="rec-content">{content}</td>
                    </tr>
                    {s
                        .vote
                        .clone()
                        .map(|v| {
                            let quorum = s.quorum.clone();
                            view! {
                                <tr>
                                    <th>"表决"</th>
                                    <td colspan="3" class="rec-vote">
                                        <div>{v}</div>
                                        {quorum
                                            .map(|(met, q)| {
                                                view! {
                                                    <div class="rec-quorum" class:quorum-not-met=!met>
                                                        {q}
                                                    </div>
                                                }
                                            })}
                                    </td>
                                </tr>
                            }
                        })}
                    <tr>
                        <th>"决议"</th>
                        <td colspan="3" class="rec-resolution">{resolution}</td>
                    </tr>
                    <tr>
                        <th>"补学"</th>
                        <td colspan="3" class="rec-makeup">
                            {(make_ups.is_empty() && owed.is_none()).then(|| view! { <span>"无"</span> })}
                            {(!make_ups.is_empty())
                                .then(|| {
                                    view! {
                                        <ul>{make_ups.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                                    }
                                })}
                            {owed.map(|o| view! { <div class="rec-makeup-owed">{o}</div> })}
                        </td>
                    </tr>
                </tbody>
            </table>
            {match item_states {
                Some(states) => view! {
                    <OrgLifeRecord review=review examinations=examinations rectifications=rectifications item_states=states/>
                }
                .into_any(),
                None => view! { <OrgLifeRecord review=review examinations=examinations rectifications=rectifications/> }.into_any(),
            }}
            <div class="record-signatures">
                <span>"主持人签字："<span class="sign-line"></span></span>
                <span>"记录人签字："<span class="sign-line"></span></span>
            </div>
        </article>
    }
}
