//! The 活动记录 page.

use leptos::prelude::*;

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    view! { <h1>"活动记录"</h1> }
}
