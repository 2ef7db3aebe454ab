//! Running a user action that writes to the store: the busy flag while it runs, the Chinese error in the
//! form's alert when it fails (the data is then unchanged), and what to do once it succeeded. The one
//! place for the pattern every form and list repeats.

use leptos::prelude::*;
use std::fmt::Display;
use std::future::Future;

/// Runs `action` in the background. `busy` is true while it runs (buttons show it and refuse a second
/// click); `alert` is cleared first and gets the error's text on failure; `done` runs on success. The
/// signals may belong to a form closed meanwhile: they are only ever set with `try_set`.
pub fn run_action<T, E, F>(
    busy: RwSignal<bool>,
    alert: RwSignal<Option<String>>,
    action: F,
    done: impl FnOnce(T) + 'static,
) where
    T: 'static,
    E: Display + 'static,
    F: Future<Output = Result<T, E>> + 'static,
{
    busy.set(true);
    alert.set(None);
    leptos::task::spawn_local(async move {
        let result = action.await;
        busy.try_set(false);
        match result {
            Ok(value) => done(value),
            Err(e) => {
                alert.try_set(Some(e.to_string()));
            }
        }
    });
}
