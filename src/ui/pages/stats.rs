//! The 统计 page.

use leptos::prelude::*;

#[component]
pub fn StatsPage() -> impl IntoView {
    view! { <h1>"统计"</h1> }
}
