//! The one layout of every data table: a wrapper that scrolls sideways on a phone (focusable and named, so
//! keyboard and screen-reader users can reach and scroll it), the table with its caption, and a header row
//! built from column specs. The rows are the caller's.

use leptos::prelude::*;

/// How a column heading is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ColKind {
    Text,
    /// Figures: right-aligned.
    Num,
    /// Read by screen readers only (the 操作 column of buttons).
    Hidden,
}

/// A column heading.
#[derive(Clone, Copy)]
pub struct Col {
    label: &'static str,
    kind: ColKind,
}

impl Col {
    pub const fn text(label: &'static str) -> Col {
        Col {
            label,
            kind: ColKind::Text,
        }
    }

    /// A column of figures (right-aligned).
    pub const fn num(label: &'static str) -> Col {
        Col {
            label,
            kind: ColKind::Num,
        }
    }

    /// A heading only screen readers read (e.g. 操作 above the row buttons).
    pub const fn hidden(label: &'static str) -> Col {
        Col {
            label,
            kind: ColKind::Hidden,
        }
    }
}

/// The header cells for `cols`, in order.
pub fn head_cells(cols: &[Col]) -> AnyView {
    cols.iter()
        .map(|c| match c.kind {
            ColKind::Text => view! { <th scope="col">{c.label}</th> }.into_any(),
            ColKind::Num => view! { <th scope="col" class="num">{c.label}</th> }.into_any(),
            ColKind::Hidden => view! { <th scope="col"><span class="sr-only">{c.label}</span></th> }.into_any(),
        })
        .collect_view()
        .into_any()
}

/// A data table. `children` are the body rows.
#[component]
pub fn DataTable(
    /// The table's own class besides `table` (what the styles and tests address).
    class: &'static str,
    /// What the table shows: its caption, and the name of its scrolling region.
    #[prop(into)]
    caption: String,
    /// Show the caption to screen readers only (when the heading above already says it).
    #[prop(optional)]
    quiet_caption: bool,
    /// The header row's cells, usually [`head_cells`].
    head: AnyView,
    /// A footer row (totals), if any.
    #[prop(optional)]
    foot: Option<AnyView>,
    children: Children,
) -> impl IntoView {
    let caption_class = if quiet_caption { "sr-only" } else { "" };
    let region_label = caption.clone();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=region_label>
            <table class=format!("table {class}")>
                <caption class=caption_class>{caption}</caption>
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{children()}</tbody>
                {foot.map(|f| view! { <tfoot>{f}</tfoot> })}
            </table>
        </div>
    }
}
