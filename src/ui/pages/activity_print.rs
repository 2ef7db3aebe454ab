//! Printing the record book: /print/:id prints one record page; /print/year/:year the whole year as a
//! bound book (cover, contents with page numbers, then each record on its own page), with a running header
//! (branch name and year) and page numbers printed in the page margins.

use crate::domain::record_sheet::{book_name, year_book_sheets};
use crate::domain::{ActivityId, ActivityKind};
use crate::export::word::WordRequest;
use crate::ui::components::record_page::{RecordPage, RecordSheet};
use crate::ui::components::word_button::WordButton;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A CSS string literal holding `text` (quotes, backslashes and line breaks escaped).
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\A "),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The page rules: running header (left: branch, right: `right`) and page numbers in the margins.
fn page_style(branch: &str, right: &str, numbered: bool) -> String {
    let footer = if numbered {
        "@bottom-center { content: \"第 \" counter(page) \" 页\"; font-size: 9pt; color: #000; }"
    } else {
        ""
    };
    // The book's cover page carries no header or number.
    let cover = if numbered {
        "@page :first { @top-left { content: none; } @top-right { content: none; } @bottom-center { content: none; } }"
    } else {
        ""
    };
    format!(
        "@page {{ @top-left {{ content: {}; font-size: 9pt; color: #000; vertical-align: bottom; }} \
         @top-right {{ content: {}; font-size: 9pt; color: #000; vertical-align: bottom; }} {footer} }} {cover}",
        css_string(branch),
        css_string(right)
    )
}

/// Installs `css` as a constructed style sheet for as long as the calling component lives. The page's
/// Content-Security-Policy forbids inline `<style>`; constructed sheets are script-made CSSOM, which it allows.
fn use_page_css(css: Signal<String>) {
    use wasm_bindgen::{JsCast, JsValue};
    let current = StoredValue::new_local(None::<JsValue>);
    let remove = move || {
        if let Some(old) = current.try_get_value().flatten() {
            let doc: JsValue = document().into();
            if let Ok(list) = js_sys::Reflect::get(&doc, &"adoptedStyleSheets".into()) {
                let kept: js_sys::Array = js_sys::Array::from(&list).iter().filter(|s| *s != old).collect();
                let _ = js_sys::Reflect::set(&doc, &"adoptedStyleSheets".into(), &kept);
            }
            current.try_set_value(None);
        }
    };
    Effect::new(move |_| {
        let text = css.get();
        remove();
        let doc: JsValue = document().into();
        let Ok(ctor) = js_sys::Reflect::get(&window(), &"CSSStyleSheet".into()) else {
            return;
        };
        let Ok(ctor) = ctor.dyn_into::<js_sys::Function>() else {
            return;
        };
        let Ok(sheet) = js_sys::Reflect::construct(&ctor, &js_sys::Array::new()) else {
            return;
        };
        let replaced = js_sys::Reflect::get(&sheet, &"replaceSync".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .map(|f| f.call1(&sheet, &JsValue::from_str(&text)).is_ok())
            .unwrap_or(false);
        if !replaced {
            return;
        }
        if let Ok(list) = js_sys::Reflect::get(&doc, &"adoptedStyleSheets".into()) {
            let all = js_sys::Array::from(&list);
            all.push(&sheet);
            if js_sys::Reflect::set(&doc, &"adoptedStyleSheets".into(), &all).is_ok() {
                current.set_value(Some(sheet));
            }
        }
    });
    on_cleanup(remove);
}

fn print_now() {
    if let Err(e) = window().print() {
        leptos::logging::warn!("print failed: {e:?}");
    }
}

/// /print/:id
#[component]
pub fn PrintRecordPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><PrintRecordPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn PrintRecordPageBody() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let sheet = Memo::new(move |_| {
        let id = ActivityId(params.with(|p| p.get("id")).unwrap_or_default());
        app.data.with(|d| {
            d.activities.iter().find(|a| a.id == id).map(|a| {
                let now = crate::ui::clock::today();
                let states = a.rectifications.iter().map(|r| r.state_on(now)).collect::<Vec<_>>();
                (RecordSheet::new(a, d), a.date.year(), a.id.clone(), states)
            })
        })
    });
    use_page_css(Signal::derive(move || {
        sheet.with(|s| {
            s.as_ref()
                .map(|(s, year, _, _)| page_style(&s.branch, &format!("{year}年 三会一课记录"), false))
                .unwrap_or_default()
        })
    }));
    move || {
        match sheet.get() {
        None => view! {
            <div class="alert-warn">
                <p>"找不到这条记录，可能已被删除。"</p>
                <a class="btn" href="/activities">"返回活动记录"</a>
            </div>
        }
        .into_any(),
        Some((s, _year, id, states)) => view! {
            // The page's heading for screen readers; the sheet's own title (h2) is what is seen and printed.
            <h1 class="sr-only">{s.title()}</h1>
            <div class="print-toolbar no-print">
                <a class="btn btn-link" href=format!("/activities/{}", id.as_str())>"← 返回记录"</a>
                <button type="button" class="btn btn-primary" id="print-now" on:click=move |_| print_now()>
                    "打印"
                </button>
                <WordButton request=Signal::stored(WordRequest::Record(id.clone())) label="下载 Word" id="print-word" format=true/>
                <span class="muted small">"打印时请选择 A4 纸、纵向；可在打印对话框中“另存为 PDF”。"</span>
            </div>
            // The A4 pages are wider than a phone: focusable so the keyboard can scroll them.
            <div class="print-book" tabindex="0" role="region" aria-label="打印预览">
                <div class="book-page">
                    <RecordPage sheet=s item_states=states/>
                </div>
            </div>
        }
        .into_any(),
    }
    }
}

/// The printable height of an A4 page in CSS pixels (297 mm less the 18 mm top and bottom margins).
const PAGE_HEIGHT_PX: f64 = (297.0 - 36.0) * 96.0 / 25.4;

/// How many printed pages an element of this height takes.
fn pages_for(height: f64) -> usize {
    ((height - 2.0) / PAGE_HEIGHT_PX).ceil().max(1.0) as usize
}

/// /print/year/:year[?kind=…] — the year's held records as a book.
#[component]
pub fn PrintYearPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><PrintYearPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn PrintYearPageBody() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let query = use_query_map();
    let year = Memo::new(move |_| params.with(|p| p.get("year")).and_then(|y| y.parse::<i32>().ok()));
    let only_kind = Memo::new(move |_| query.with(|q| q.get("kind")).and_then(|k| ActivityKind::from_code(&k)));
    let book = Memo::new(move |_| {
        let Some(y) = year.get() else {
            return (String::new(), String::new(), Vec::new());
        };
        let kind = only_kind.get();
        app.data.with(|d| {
            (
                d.branch.name.clone(),
                d.branch.parent_org.clone(),
                year_book_sheets(d, y, kind),
            )
        })
    });
    // Page numbers, measured once the book is laid out at the printed width (see records.css).
    let pages = RwSignal::new(Vec::<usize>::new());
    Effect::new(move |_| {
        book.track();
        request_animation_frame(move || {
            // Each child of the book with its class and laid-out height (feature-free DOM reads).
            let children: Vec<(String, f64)> = document()
                .query_selector(".print-book")
                .ok()
                .flatten()
                .and_then(|book| js_sys::Reflect::get(&book, &"children".into()).ok())
                .map(|c| {
                    js_sys::Array::from(&c)
                        .iter()
                        .map(|el| {
                            let class = js_sys::Reflect::get(&el, &"className".into())
                                .ok()
                                .and_then(|v| v.as_string())
                                .unwrap_or_default();
                            let height = js_sys::Reflect::get(&el, &"offsetHeight".into())
                                .ok()
                                .and_then(|v| v.as_f64())
                                .unwrap_or(0.0);
                            (class, height)
                        })
                        .collect()
                })
                .unwrap_or_default();
            let measure = |class: &str| -> Vec<f64> {
                children
                    .iter()
                    .filter(|(c, _)| c.split_whitespace().any(|x| x == class))
                    .map(|(_, h)| *h)
                    .collect()
            };
            let contents: usize = measure("book-contents").into_iter().map(pages_for).sum();
            let mut page = 1 + contents.max(1);
            let mut starts = Vec::new();
            for h in measure("book-record") {
                starts.push(page + 1);
                page += pages_for(h);
            }
            pages.try_set(starts);
        });
    });

    let book_title = move || book_name(only_kind.get());
    use_page_css(Signal::derive(move || {
        let branch = book.with(|b| b.0.clone());
        year.get()
            .map(|y| page_style(&branch, &format!("{y}年 {}", book_title()), true))
            .unwrap_or_default()
    }));

    move || {
        let Some(y) = year.get() else {
            return view! { <p class="alert-warn">"年份不正确。"</p> }.into_any();
        };
        let (branch, parent, sheets) = book.get();
        let book_name = book_title();
        let count = sheets.len();
        let branch_title = if branch.trim().is_empty() {
            "本党支部".to_owned()
        } else {
            branch.clone()
        };
        let contents_rows = sheets
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let theme = if s.theme.trim().is_empty() {
                    String::new()
                } else {
                    s.theme.clone()
                };
                let number = s.number.map(|n| format!("第{n}次")).unwrap_or_default();
                view! {
                    <tr>
                        <td class="num">{i + 1}</td>
                        <td class="nowrap">{s.date_short.clone()}</td>
                        <td>{s.kind_title.clone()}</td>
                        <td class="nowrap">{number}</td>
                        <td>{theme}</td>
                        <td class="num book-page-no">
                            {move || pages.with(|p| p.get(i).map(|n| n.to_string()).unwrap_or_default())}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let records = sheets
            .into_iter()
            .map(|s| {
                view! {
                    <div class="book-page book-record">
                        <RecordPage sheet=s/>
                    </div>
                }
            })
            .collect_view();
        view! {
            <div class="print-toolbar no-print">
                <a class="btn btn-link" href=format!("/activities?year={y}")>"← 活动记录"</a>
                <button type="button" class="btn btn-primary" id="print-now" on:click=move |_| print_now()>
                    "打印本年记录本"
                </button>
                <WordButton request=Signal::derive(move || WordRequest::YearBook { year: y, kind: only_kind.get() })
                    label="下载 Word" id="print-word" format=true/>
                <span class="muted small">
                    {format!("{y}年共{count}条已开展的记录，每条另起一页。打印时选择 A4、纵向，不要勾选“页眉和页脚”。")}
                </span>
            </div>
            // The A4 pages are wider than a phone: focusable so the keyboard can scroll them.
            <div class="print-book" tabindex="0" role="region" aria-label="打印预览">
                <section class="book-page book-cover">
                    <p class="cover-branch">{branch_title.clone()}</p>
                    <h1 class="cover-title">{book_name.clone()}</h1>
                    <p class="cover-year">{format!("{y}年度")}</p>
                    {(!parent.trim().is_empty()).then(|| view! { <p class="cover-parent">{format!("上级党组织：{parent}")}</p> })}
                    <table class="cover-meta">
                        <tbody>
                            <tr>
                                <th>"记录条数"</th>
                                <td>{format!("{count}条")}</td>
                            </tr>
                            <tr>
                                <th>"起止日期"</th>
                                <td>{format!("{y}年1月1日 至 {y}年12月31日")}</td>
                            </tr>
                            <tr>
                                <th>"保管人"</th>
                                <td></td>
                            </tr>
                            <tr>
                                <th>"装订日期"</th>
                                <td></td>
                            </tr>
                        </tbody>
                    </table>
                </section>
                <section class="book-page book-contents">
                    <h2>"卷内目录"</h2>
                    {if count == 0 {
                        view! { <p>"本年度还没有已开展的活动记录。"</p> }.into_any()
                    } else {
                        view! {
                            <table class="contents-table">
                                <colgroup>
                                    <col class="c-no"/>
                                    <col class="c-date"/>
                                    <col class="c-kind"/>
                                    <col class="c-n"/>
                                    <col/>
                                    <col class="c-page"/>
                                </colgroup>
                                <thead>
                                    <tr>
                                        <th class="num">"序号"</th>
                                        <th>"日期"</th>
                                        <th>"类别"</th>
                                        <th>"本年次数"</th>
                                        <th>"主题 / 题目"</th>
                                        <th class="num">"页号"</th>
                                    </tr>
                                </thead>
                                <tbody>{contents_rows}</tbody>
                            </table>
                        }
                            .into_any()
                    }}
                </section>
                {records}
            </div>
        }
        .into_any()
    }
}
