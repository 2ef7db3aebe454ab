//! The 学习计划 page.

use leptos::prelude::*;

#[component]
pub fn StudyPage() -> impl IntoView {
    view! { <h1>"学习计划"</h1> }
}
