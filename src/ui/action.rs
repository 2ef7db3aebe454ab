//! Running a user action that writes to the store: the busy flag while it runs, the Chinese error in the
//! form's alert when it fails (the data is then unchanged), and what to do once it succeeded; if the user
//! left the form meanwhile, the save still completes and the gone form is left alone (reading its disposed
//! values would panic and stop the app). The one place for the pattern every form and list repeats.

use leptos::prelude::*;
use std::fmt::Display;
use std::future::Future;

/// Runs `action` in the background. `busy` is true while it runs (buttons show it and refuse a second
/// click); `alert` is cleared first and gets the error's text on failure; `done` runs on success.
///
/// The user may leave the form or page while the action runs (switch tabs, navigate): its reactive values
/// are then disposed, and reading one (or running a `Callback` it owns) would panic and stop the app. So
/// when `busy`, which belongs to the component that started the action, is gone, neither `alert` nor `done`
/// is touched: the action itself still completes (the data is saved), there is just no form left to tell.
/// Inside `done`, still prefer `try_set` / `try_run`.
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
        if busy.try_set(false).is_some() {
            // `try_set` hands the value back when the signal is disposed: the form is gone.
            return;
        }
        match result {
            Ok(value) => done(value),
            Err(e) => {
                alert.try_set(Some(e.to_string()));
            }
        }
    });
}
