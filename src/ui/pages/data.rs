//! The 数据 page.

use leptos::prelude::*;

#[component]
pub fn DataPage() -> impl IntoView {
    view! { <h1>"数据"</h1> }
}
