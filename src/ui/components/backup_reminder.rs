//! 备份提醒: the banner shown when the last backup is more than 30 days old (or never made).

use leptos::prelude::*;

#[component]
pub fn BackupReminder() -> impl IntoView {}
