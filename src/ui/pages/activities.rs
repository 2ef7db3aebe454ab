//! 活动记录: the ledger of every activity, filtered by year, kind, group, status and keyword, newest first;
//! and the 待补学 list of who still owes make-up study, each with a quick way to record it.

use crate::domain::activity::newest_first;
use crate::domain::numbering::number_in_year;
use crate::domain::roll::{make_up_owed, tally};
use crate::domain::sort::sort_by;
use crate::domain::{ActivityId, ActivityKind, ActivityStatus, GroupId, MemberId};
use crate::export::word::WordRequest;
use crate::ui::clock::today;
use crate::ui::components::data_table::{head_cells, Col, DataTable};
use crate::ui::components::makeup_form::MakeUpForm;
use crate::ui::components::record_page::kind_title;
use crate::ui::components::word_button::WordButton;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

fn status_code(s: ActivityStatus) -> &'static str {
    match s {
        ActivityStatus::Held => "held",
        ActivityStatus::Planned => "planned",
        ActivityStatus::Cancelled => "cancelled",
    }
}

fn status_from_code(code: &str) -> Option<ActivityStatus> {
    [ActivityStatus::Held, ActivityStatus::Planned, ActivityStatus::Cancelled]
        .into_iter()
        .find(|s| status_code(*s) == code)
}

/// What the ledger shows; kept in the URL so that 返回 comes back to the same list.
#[derive(Clone, Debug, PartialEq)]
struct Filter {
    /// `None`: every year.
    year: Option<i32>,
    kind: Option<ActivityKind>,
    group: Option<GroupId>,
    status: Option<ActivityStatus>,
    keyword: String,
    owed_view: bool,
}

impl Filter {
    fn to_query(&self) -> String {
        let mut parts = vec![format!(
            "year={}",
            self.year.map_or_else(|| "all".to_owned(), |y| y.to_string())
        )];
        if let Some(k) = self.kind {
            parts.push(format!("kind={}", k.code()));
        }
        if let Some(g) = &self.group {
            parts.push(format!(
                "group={}",
                String::from(js_sys::encode_uri_component(g.as_str()))
            ));
        }
        if let Some(s) = self.status {
            parts.push(format!("status={}", status_code(s)));
        }
        if !self.keyword.is_empty() {
            parts.push(format!(
                "q={}",
                String::from(js_sys::encode_uri_component(&self.keyword))
            ));
        }
        if self.owed_view {
            parts.push("view=owed".to_owned());
        }
        parts.join("&")
    }
}

/// One line of the ledger.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: ActivityId,
    date: String,
    time: String,
    kind: String,
    number: Option<usize>,
    theme: String,
    group: String,
    status: ActivityStatus,
    expected: u32,
    attended: u32,
    owed: usize,
    /// A planned activity whose day has come: offer 开展后记录.
    due: bool,
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><ActivitiesPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn ActivitiesPageBody() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let this_year = today().year();
    let initial = query.with_untracked(|q| Filter {
        year: match q.get("year").as_deref() {
            Some("all") => None,
            Some(y) => y.parse().ok().or(Some(this_year)),
            None => Some(this_year),
        },
        kind: q.get("kind").and_then(|k| ActivityKind::from_code(&k)),
        group: q.get("group").map(|g| GroupId(g.to_owned())),
        status: q.get("status").and_then(|s| status_from_code(&s)),
        keyword: q.get("q").unwrap_or_default(),
        owed_view: q.get("view").as_deref() == Some("owed"),
    });
    let filter = RwSignal::new(initial);
    let navigate = use_navigate();
    Effect::new(move |prev: Option<()>| {
        let q = filter.with(Filter::to_query);
        if prev.is_some() {
            navigate(
                &format!("/activities?{q}"),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });

    let years = Memo::new(move |_| {
        let mut ys: Vec<i32> = app.data.with(|d| d.activities.iter().map(|a| a.date.year()).collect());
        ys.push(this_year);
        sort_by(&mut ys, |a, b| b.cmp(a));
        ys.dedup();
        ys
    });

    let rows = Memo::new(move |_| {
        let f = filter.get();
        let kw = f.keyword.trim().to_lowercase();
        app.data.with(|d| {
            let mut list: Vec<_> = d
                .activities
                .iter()
                .filter(|a| f.year.is_none_or(|y| a.date.year() == y))
                .filter(|a| f.kind.is_none_or(|k| a.kind == k))
                .filter(|a| f.group.as_ref().is_none_or(|g| a.group.as_ref() == Some(g)))
                .filter(|a| f.status.is_none_or(|s| a.status == s))
                .filter(|a| {
                    kw.is_empty()
                        || a.theme.to_lowercase().contains(&kw)
                        || a.content.to_lowercase().contains(&kw)
                        || a.location.to_lowercase().contains(&kw)
                        || a.resolution.to_lowercase().contains(&kw)
                        || a.agenda.iter().any(|x| x.to_lowercase().contains(&kw))
                })
                .collect();
            sort_by(&mut list, newest_first);
            list.into_iter()
                .map(|a| {
                    let t = tally(a, d);
                    let time = match (a.start, a.end) {
                        (Some(s), Some(e)) => format!("{s}—{e}"),
                        (Some(s), None) => s.to_string(),
                        _ => String::new(),
                    };
                    Row {
                        id: a.id.clone(),
                        date: format!("{}（{}）", a.date, a.date.weekday().label()),
                        time,
                        kind: a.kind.label().to_owned(),
                        number: (a.status == ActivityStatus::Held).then(|| number_in_year(&d.activities, a)),
                        theme: a.theme.clone(),
                        group: a.group.as_ref().map(|g| d.group_name(g)).unwrap_or_default(),
                        status: a.status,
                        due: a.date <= today(),
                        expected: t.expected,
                        attended: t.attended,
                        owed: if a.status == ActivityStatus::Held {
                            a.attendance
                                .iter()
                                .filter(|e| e.status.owes_make_up() && e.make_up.is_none())
                                .count()
                        } else {
                            0
                        },
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let owed_count = Memo::new(move |_| app.data.with(|d| make_up_owed(d).len()));
    let summary = move || {
        rows.with(|r| {
            let held = r.iter().filter(|x| x.status == ActivityStatus::Held).count();
            let planned = r.iter().filter(|x| x.status == ActivityStatus::Planned).count();
            let cancelled = r.len() - held - planned;
            let mut s = format!("共{}条：已开展{held}", r.len());
            if planned > 0 {
                s.push_str(&format!("，计划{planned}"));
            }
            if cancelled > 0 {
                s.push_str(&format!("，已取消{cancelled}"));
            }
            s
        })
    };
    let print_year = move || format!("/print/year/{}", filter.with(|f| f.year).unwrap_or(this_year));
    let set =
        move |g: fn(&mut Filter, String)| move |ev: leptos::ev::Event| filter.update(|f| g(f, event_target_value(&ev)));

    view! {
        <div class="ledger">
            <div class="page-header">
                <h1>"活动记录"</h1>
                <div class="toolbar">
                    <a class="btn" href=print_year id="ledger-print-year">
                        "打印记录本"
                    </a>
                    <WordButton request=Signal::derive(move || WordRequest::YearBook {
                        year: filter.with(|f| f.year).unwrap_or(this_year),
                        kind: None,
                    }) label="记录本 Word" id="ledger-word"/>
                    <a class="btn btn-primary" href="/activities/new" id="ledger-new">
                        "＋ 记一次活动"
                    </a>
                </div>
            </div>
            <div class="seg ledger-tabs" role="group" aria-label="视图">
                <button
                    type="button"
                    aria-pressed=move || if filter.with(|f| f.owed_view) { "false" } else { "true" }
                    on:click=move |_| filter.update(|f| f.owed_view = false)
                >
                    "活动列表"
                </button>
                <button
                    type="button"
                    id="ledger-owed-tab"
                    aria-pressed=move || if filter.with(|f| f.owed_view) { "true" } else { "false" }
                    on:click=move |_| filter.update(|f| f.owed_view = true)
                >
                    {move || format!("待补学（{}）", owed_count.get())}
                </button>
            </div>
            <Show when=move || !filter.with(|f| f.owed_view) fallback=move || view! { <OwedList/> }>
                <div class="filters card" role="search">
                    <div class="field">
                        <label for="lf-year">"年度"</label>
                        <select id="lf-year" on:change=set(|f, v| f.year = v.parse().ok())>
                            <option value="all" prop:selected=move || filter.with(|f| f.year.is_none())>
                                "全部年份"
                            </option>
                            {move || {
                                years
                                    .get()
                                    .into_iter()
                                    .map(|y| {
                                        view! {
                                            <option
                                                value=y.to_string()
                                                prop:selected=move || filter.with(|f| f.year == Some(y))
                                            >
                                                {format!("{y}年")}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                    <div class="field">
                        <label for="lf-kind">"类别"</label>
                        <select id="lf-kind" on:change=set(|f, v| f.kind = ActivityKind::from_code(&v))>
                            <option value="" prop:selected=move || filter.with(|f| f.kind.is_none())>
                                "全部类别"
                            </option>
                            {ActivityKind::ALL
                                .into_iter()
                                .map(|k| {
                                    view! {
                                        <option value=k.code() prop:selected=move || filter.with(|f| f.kind == Some(k))>
                                            {k.label()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="lf-group">"党小组"</label>
                        <select
                            id="lf-group"
                            on:change=set(|f, v| f.group = if v.is_empty() { None } else { Some(GroupId(v)) })
                        >
                            <option value="" prop:selected=move || filter.with(|f| f.group.is_none())>
                                "全部"
                            </option>
                            {move || {
                                app.data
                                    .with(|d| {
                                        d.groups
                                            .iter()
                                            .map(|g| {
                                                let cur = g.id.clone();
                                                view! {
                                                    <option
                                                        value=g.id.0.clone()
                                                        prop:selected=move || filter.with(|f| f.group.as_ref() == Some(&cur))
                                                    >
                                                        {g.name.clone()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()
                                    })
                            }}
                        </select>
                    </div>
                    <div class="field">
                        <label for="lf-status">"状态"</label>
                        <select id="lf-status" on:change=set(|f, v| f.status = status_from_code(&v))>
                            <option value="" prop:selected=move || filter.with(|f| f.status.is_none())>
                                "全部"
                            </option>
                            {[ActivityStatus::Held, ActivityStatus::Planned, ActivityStatus::Cancelled]
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <option
                                            value=status_code(s)
                                            prop:selected=move || filter.with(|f| f.status == Some(s))
                                        >
                                            {s.label()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field field-keyword">
                        <label for="lf-q">"关键词"</label>
                        <input
                            id="lf-q"
                            type="search"
                            placeholder="主题、内容、议题"
                            prop:value=move || filter.with(|f| f.keyword.clone())
                            on:input=set(|f, v| f.keyword = v)
                        />
                    </div>
                </div>
                <p class="muted ledger-summary">{summary}</p>
                <Show
                    when=move || rows.with(|r| !r.is_empty())
                    fallback=move || {
                        view! {
                            <div class="empty">
                                <p>"没有符合条件的活动记录。"</p>
                                <a class="btn btn-primary" href="/activities/new">
                                    "记一次活动"
                                </a>
                            </div>
                        }
                    }
                >
                    <DataTable class="ledger-table" caption="活动记录" quiet_caption=true
                        head=head_cells(&[
                            Col::text("日期"),
                            Col::text("类别"),
                            Col::text("主题 / 题目"),
                            Col::num("应到/实到"),
                            Col::text("状态"),
                        ])>
                        <For
                            each=move || rows.get()
                            key=|r| format!("{:?}", r)
                            children=move |r: Row| {
                                let href = format!("/activities/{}", r.id.as_str());
                                let number = r.number.map(|n| format!("本年第{n}次"));
                                let theme = if r.theme.trim().is_empty() {
                                    "（未填主题）".to_owned()
                                } else {
                                    r.theme.clone()
                                };
                                let counts = if r.status == ActivityStatus::Held {
                                    format!("{}/{}", r.expected, r.attended)
                                } else {
                                    "—".to_owned()
                                };
                                let status_class = match r.status {
                                    ActivityStatus::Held => "badge badge-ok",
                                    ActivityStatus::Planned => "badge",
                                    ActivityStatus::Cancelled => "badge badge-error",
                                };
                                let hold = (r.status == ActivityStatus::Planned && r.due)
                                    .then(|| format!("/activities/{}/edit?hold=1", r.id.as_str()));
                                view! {
                                    <tr class="ledger-row" data-id=r.id.0.clone()>
                                        <td data-label="日期" class="nowrap">
                                            <a href=href.clone() class="ledger-date">{r.date.clone()}</a>
                                            <div class="muted small">{r.time.clone()}</div>
                                        </td>
                                        <td data-label="类别">
                                            <span class="ledger-kind">{r.kind.clone()}</span>
                                            {(!r.group.is_empty()).then(|| view! { <span class="muted small">{format!("（{}）", r.group)}</span> })}
                                            {number.map(|n| view! { <div class="ledger-number small">{n}</div> })}
                                        </td>
                                        <td data-label="主题">
                                            <a href=href class="ledger-theme">{theme}</a>
                                            {(r.owed > 0)
                                                .then(|| {
                                                    view! {
                                                        <span class="badge badge-warn owed-badge">{format!("待补学{}人", r.owed)}</span>
                                                    }
                                                })}
                                        </td>
                                        <td data-label="应到/实到" class="num ledger-counts">{counts}</td>
                                        <td data-label="状态">
                                            <span class=status_class>{r.status.label()}</span>
                                            {hold.map(|h| view! { <a class="btn btn-small ledger-hold" href=h>"开展后记录"</a> })}
                                        </td>
                                    </tr>
                                }
                            }
                        />
                    </DataTable>
                </Show>
            </Show>
        </div>
    }
}

/// 待补学: every person on leave or absent at a held activity whose make-up study is not recorded yet.
#[component]
fn OwedList() -> impl IntoView {
    let app = use_app();
    let items = Memo::new(move |_| {
        app.data.with(|d| {
            make_up_owed(d)
                .into_iter()
                .map(|(a, e)| {
                    let number = number_in_year(&d.activities, a);
                    let why = if e.reason.trim().is_empty() {
                        e.status.label().to_owned()
                    } else {
                        format!("{}（{}）", e.status.label(), e.reason.trim())
                    };
                    (
                        a.id.clone(),
                        e.member.clone(),
                        d.member_name(&e.member),
                        format!("{} {}（本年第{}次）", a.date.chinese(), kind_title(a, d), number),
                        a.theme.clone(),
                        why,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let open = RwSignal::new(None::<(ActivityId, MemberId)>);
    view! {
        <Show
            when=move || items.with(|i| !i.is_empty())
            fallback=|| view! { <div class="empty"><p>"没有待补学的党员。"</p></div> }
        >
            <p class="muted">"请假、缺席后尚未记录补学的党员，最近的活动在前。点“记录补学”即可登记。"</p>
            <ul class="owed-list">
                <For
                    each=move || items.get()
                    key=|(a, m, ..)| (a.clone(), m.clone())
                    children=move |(aid, mid, name, what, theme, why)| {
                        let key = (aid.clone(), mid.clone());
                        let key_open = key.clone();
                        let is_open = move || open.with(|o| o.as_ref() == Some(&key_open));
                        let href = format!("/activities/{}", aid.as_str());
                        view! {
                            <li class="owed-item card" data-member=name.clone()>
                                <div class="owed-line">
                                    <strong class="owed-name">{name.clone()}</strong>
                                    <span class="badge badge-warn">{why}</span>
                                    <a href=href class="owed-what">{what}</a>
                                    {(!theme.trim().is_empty()).then(|| view! { <span class="muted owed-theme">{theme}</span> })}
                                    <button
                                        type="button"
                                        class="btn btn-small btn-primary owed-record"
                                        on:click=move |_| open.set(Some(key.clone()))
                                    >
                                        "记录补学"
                                    </button>
                                </div>
                                <Show when=is_open.clone()>
                                    <MakeUpForm
                                        activity=aid.clone()
                                        member=mid.clone()
                                        cancellable=true
                                        on_done=Callback::new(move |_| open.set(None))
                                    />
                                </Show>
                            </li>
                        }
                    }
                />
            </ul>
        </Show>
    }
}
