//! 备份提醒: the banner shown when the last backup is more than 30 days old (or never made).
//!
//! Shown on 概览 (with a link to 数据 and 7天内不再提醒) when there is data to lose; the 数据 page shows the
//! same fact as a line in its 导出备份 card ([`BackupLine`]).

use crate::domain::overview::has_data;
use crate::domain::Date;
use crate::ui::clock::today;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

/// A backup older than this many days is due.
pub const BACKUP_DUE_DAYS: i64 = 30;
/// How long 7天内不再提醒 hides the reminder.
pub const SNOOZE_DAYS: i64 = 7;

/// How old the last backup is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupAge {
    Never,
    Days(i64),
}

impl BackupAge {
    /// From the stored time of the last export (`now_iso` text; only its date counts).
    pub fn of(last: Option<&str>, today: Date) -> BackupAge {
        match last.and_then(|l| l.get(..10)).and_then(|d| Date::parse(d).ok()) {
            Some(day) => BackupAge::Days((today.to_days() - day.to_days()).max(0)),
            None => BackupAge::Never,
        }
    }

    pub fn is_due(self) -> bool {
        match self {
            BackupAge::Never => true,
            BackupAge::Days(n) => n > BACKUP_DUE_DAYS,
        }
    }

    /// "上次备份是 N 天前" / "还没有导出过备份".
    pub fn text(self) -> String {
        match self {
            BackupAge::Never => "还没有导出过备份".to_owned(),
            BackupAge::Days(0) => "上次备份是今天".to_owned(),
            BackupAge::Days(n) => format!("上次备份是 {n} 天前"),
        }
    }
}

/// Whether the reminder is hidden on `today` by a snooze until `until` (`YYYY-MM-DD`).
fn snoozed(until: Option<&str>, today: Date) -> bool {
    until.and_then(|u| Date::parse(u).ok()).is_some_and(|u| today < u)
}

#[component]
pub fn BackupReminder() -> impl IntoView {
    let app = use_app();
    let visible = move || {
        let day = today();
        // From the start's slice: its summary says whether older records exist.
        let history = app.history.get();
        app.data.with(|d| has_data(d, history.as_ref()))
            && BackupAge::of(app.last_backup.get().as_deref(), day).is_due()
            && !snoozed(app.reminder_snoozed_until.get().as_deref(), day)
    };
    let snooze = move |_| {
        let until = today().add_days(SNOOZE_DAYS).unwrap_or_else(today).to_string();
        leptos::task::spawn_local(async move {
            // Hidden at once; if storing the choice fails the reminder simply comes back next time.
            let _ = app.snooze_backup_reminder(until).await;
        });
    };
    view! {
        <Show when=visible>
            <aside class="backup-reminder" aria-label="备份提醒">
                <p>
                    <strong>{move || BackupAge::of(app.last_backup.get().as_deref(), today()).text()}</strong>
                    "。数据只保存在这台设备的浏览器里，请导出一份备份文件存到U盘或网盘。"
                </p>
                <div class="actions">
                    <A href="/data" attr:class="btn btn-primary btn-small">"去导出备份"</A>
                    <button type="button" class="btn btn-small" on:click=snooze>"7天内不再提醒"</button>
                </div>
            </aside>
        </Show>
    }
}

/// The line in the 数据 page's 导出备份 card: how old the last backup is, highlighted when one is due.
#[component]
pub fn BackupLine() -> impl IntoView {
    let app = use_app();
    let age = move || BackupAge::of(app.last_backup.get().as_deref(), today());
    let class = move || {
        if age().is_due() && app.data.with(|d| has_data(d, None)) {
            "backup-line due"
        } else {
            "backup-line"
        }
    };
    let text = move || {
        let a = age();
        let mut t = a.text();
        if let Some(last) = app.last_backup.get() {
            t.push_str(&format!("（{}）", last.get(..10).unwrap_or(&last)));
        }
        if a.is_due() && app.data.with(|d| has_data(d, None)) {
            t.push_str("，建议现在导出一份。");
        } else {
            t.push('。');
        }
        t
    };
    view! { <p class=class>{text}</p> }
}
