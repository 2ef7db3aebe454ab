//! The 党员 page.

use leptos::prelude::*;

#[component]
pub fn MembersPage() -> impl IntoView {
    view! { <h1>"党员"</h1> }
}
