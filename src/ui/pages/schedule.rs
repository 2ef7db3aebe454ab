//! The 日程 page.

use leptos::prelude::*;

#[component]
pub fn SchedulePage() -> impl IntoView {
    view! { <h1>"日程"</h1> }
}
