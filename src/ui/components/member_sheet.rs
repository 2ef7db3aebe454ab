//! Per-member attendance for a year: the figures table (rate, 请假/缺席, 补学 done and owed, study hours),
//! the month-grid sheet (出席/请假/缺席/补学/异地 per month) for everyone, and one member's own sheet.

use crate::domain::member_stats::{Mark, MemberStats, MonthCell};
use crate::domain::rules::format_number;
use crate::domain::summary::AnnualSummary;
use crate::domain::MemberId;
use crate::ui::components::compliance_links::{activity_href, member_href};
use crate::ui::components::data_table::{head_cells, Col, DataTable};
use leptos::prelude::*;

fn mark_code(mark: Option<Mark>) -> &'static str {
    match mark {
        Some(Mark::Present) => "present",
        Some(Mark::Elsewhere) => "elsewhere",
        Some(Mark::MadeUp) => "made-up",
        Some(Mark::Leave) => "leave",
        Some(Mark::Absent) => "absent",
        None => "none",
    }
}

fn month_class(cell: &MonthCell) -> String {
    if !cell.active && cell.marks.is_empty() {
        "ms-cell ms-out".to_owned()
    } else {
        format!("ms-cell ms-{}", mark_code(cell.worst()))
    }
}

fn rate_text(s: &MemberStats) -> String {
    s.rate_percent()
        .map(|r| format!("{r}%"))
        .unwrap_or_else(|| "—".to_owned())
}

/// The figures of every member; `marked` members are highlighted (e.g. those below the study hours).
#[component]
pub fn MemberAttendanceTable(
    #[prop(into)] summary: Signal<AnnualSummary>,
    #[prop(into)] marked: Signal<Vec<MemberId>>,
    /// Plain names instead of links (the print layout).
    #[prop(optional)]
    plain: bool,
) -> impl IntoView {
    move || {
        let marked = marked.get();
        summary.with(|s| {
            if s.members.is_empty() {
                return view! { <p class="empty">"本年度没有在册党员。"</p> }.into_any();
            }
            let year = s.year;
            let rows = s
                .members
                .iter()
                .map(|m| {
                    let name = if plain {
                        view! { <span>{m.name.clone()}</span> }.into_any()
                    } else {
                        view! { <a href=member_href(year, &m.member)>{m.name.clone()}</a> }.into_any()
                    };
                    let low = m.rate_percent().is_some_and(|r| r < 80);
                    view! {
                        <tr data-member=m.member.as_str().to_owned() class:ma-marked={marked.contains(&m.member)}>
                            <th scope="row" class="nowrap">{name}</th>
                            <td class="nowrap">{m.kind.label()}</td>
                            <td>{m.group_name.clone()}</td>
                            <td class="num">{m.expected}</td>
                            <td class="num">{m.attended}</td>
                            <td class="num" class:ma-low=low>{rate_text(m)}</td>
                            <td class="num">{m.leave}</td>
                            <td class="num">{m.absent}</td>
                            <td class="num">{m.elsewhere}</td>
                            <td class="num">{m.make_up_done}</td>
                            <td class="num" class:ma-owed={m.make_up_owed > 0}>{m.make_up_owed}</td>
                            <td class="num">{format_number(m.study_hours)}</td>
                            <td class="num">{m.heart_talks}</td>
                            <td class="nowrap">{rating_text(m)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <DataTable class="member-attendance"
                    caption=format!("{}年党员参加组织生活情况（{}人）", s.year, s.members.len())
                    head=head_cells(&[
                        Col::text("姓名"),
                        Col::text("类别"),
                        Col::text("党小组"),
                        Col::num("应到"),
                        Col::num("实到"),
                        Col::num("参会率"),
                        Col::num("请假"),
                        Col::num("缺席"),
                        Col::num("异地"),
                        Col::num("补学已完成"),
                        Col::num("补学未完成"),
                        Col::num("学时"),
                        Col::num("谈心谈话"),
                        Col::text("评议等次"),
                    ])>
                    {rows}
                </DataTable>
            }
            .into_any()
        })
    }
}

/// The legend of the month sheet.
#[component]
pub fn MonthSheetLegend() -> impl IntoView {
    view! {
        <ul class="ms-legend" aria-label="图例">
            {Mark::ALL
                .into_iter()
                .map(|m| view! { <li><span class=format!("ms-swatch ms-{}", mark_code(Some(m)))></span>{m.label()}</li> })
                .collect_view()}
            <li><span class="ms-swatch ms-out"></span>"— 不在本支部"</li>
        </ul>
    }
}

/// Everyone's month grid: one row per member, one column per month.
#[component]
pub fn MemberMonthSheet(
    #[prop(into)] summary: Signal<AnnualSummary>,
    /// Plain names instead of links (the print layout).
    #[prop(optional)]
    plain: bool,
) -> impl IntoView {
    move || {
        summary.with(|s| {
            if s.members.is_empty() {
                return ().into_any();
            }
            let year = s.year;
            let rows = s
                .members
                .iter()
                .map(|m| {
                    let name = if plain {
                        view! { <span>{m.name.clone()}</span> }.into_any()
                    } else {
                        view! { <a href=member_href(year, &m.member)>{m.name.clone()}</a> }.into_any()
                    };
                    let cells = m
                        .months
                        .iter()
                        .map(|c| view! { <td class=month_class(c)>{c.text()}</td> })
                        .collect_view();
                    view! {
                        <tr data-member=m.member.as_str().to_owned()>
                            <th scope="row" class="nowrap">{name}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <DataTable class="month-sheet" caption=format!("{}年党员参加组织生活月度情况表", s.year)
                    head=view! {
                        <th scope="col">"姓名"</th>
                        {(1..=12).map(|m| view! { <th scope="col">{format!("{m}月")}</th> }).collect_view()}
                    }
                    .into_any()>
                    {rows}
                </DataTable>
                <MonthSheetLegend/>
            }
            .into_any()
        })
    }
}

/// One member's sheet: the figures, each month's marks, and the activities still owing 补学.
#[component]
pub fn MemberSheetCard(#[prop(into)] summary: Signal<AnnualSummary>, member: MemberId) -> impl IntoView {
    move || {
        summary.with(|s| {
            let Some(m) = s.members.iter().find(|x| x.member == member) else {
                return view! {
                    <p class="alert-warn member-card">{format!("{}年的党员情况表中没有这名党员（可能当年不在本支部）。", s.year)}</p>
                }
                .into_any();
            };
            let months = m
                .months
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let marks = if c.marks.is_empty() {
                        let t = if c.active { "无活动" } else { "不在本支部" };
                        view! { <span class="muted">{t}</span> }.into_any()
                    } else {
                        Mark::ALL
                            .into_iter()
                            .filter_map(|mk| {
                                let n = c.marks.iter().filter(|x| **x == mk).count();
                                (n > 0).then(|| {
                                    let text = if n > 1 { format!("{}×{n}", mk.label()) } else { mk.label().to_owned() };
                                    view! { <span class=format!("ms-chip ms-{}", mark_code(Some(mk)))>{text}</span> }
                                })
                            })
                            .collect_view()
                            .into_any()
                    };
                    view! {
                        <li class=month_class(c)>
                            <span class="mc-month">{format!("{}月", i + 1)}</span>
                            <span class="mc-marks">{marks}</span>
                        </li>
                    }
                })
                .collect_view();
            let owed = m
                .owed_activities
                .iter()
                .map(|id| {
                    let what = s
                        .activities
                        .iter()
                        .find(|a| &a.id == id)
                        .map(|a| format!("{} {}", a.date, a.label))
                        .unwrap_or_else(|| id.to_string());
                    view! { <li><a href=activity_href(id.as_str())>{what}</a></li> }
                })
                .collect_view();
            view! {
                <section class="card member-card" id="member-card" aria-labelledby="member-card-title">
                    <h3 id="member-card-title">
                        {format!("{} {}年参加组织生活情况", m.name, s.year)}
                        <span class="muted small">{format!("　{}　{}", m.kind.label(), m.group_name)}</span>
                    </h3>
                    <dl class="stat-row member-figures">
                        <div class="stat"><dt>"应到 / 实到"</dt><dd>{format!("{} / {}", m.expected, m.attended)}</dd></div>
                        <div class="stat"><dt>"参会率"</dt><dd>{rate_text(m)}</dd></div>
                        <div class="stat"><dt>"请假 / 缺席"</dt><dd>{format!("{} / {}", m.leave, m.absent)}</dd></div>
                        <div class="stat"><dt>"补学 已完成 / 未完成"</dt><dd>{format!("{} / {}", m.make_up_done, m.make_up_owed)}</dd></div>
                        <div class="stat"><dt>"学时"</dt><dd>{format_number(m.study_hours)}</dd></div>
                        <div class="stat"><dt>"谈心谈话"</dt><dd>{m.heart_talks}</dd></div>
                        <div class="stat"><dt>"评议等次"</dt><dd>{rating_text(m)}</dd></div>
                    </dl>
                    <ol class="member-months">{months}</ol>
                    {(!m.owed_activities.is_empty()).then(|| view! {
                        <h4>"尚未补学的活动"</h4>
                        <ul class="member-owed">{owed}</ul>
                        <p class="hint">"打开活动记录，在“补学”一栏登记补学日期和方式。"</p>
                    })}
                </section>
            }
            .into_any()
        })
    }
}

/// The year's 民主评议 rating, or "—".
fn rating_text(m: &MemberStats) -> &'static str {
    m.rating.map_or("—", |r| r.label())
}
