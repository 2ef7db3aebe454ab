//! 新版本提示: tells the user a new version of the app is ready and offers to reload.

use leptos::prelude::*;

#[component]
pub fn AppUpdate() -> impl IntoView {}
