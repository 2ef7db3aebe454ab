//! The 概览 page.

use leptos::prelude::*;

#[component]
pub fn OverviewPage() -> impl IntoView {
    view! { <h1>"概览"</h1> }
}
