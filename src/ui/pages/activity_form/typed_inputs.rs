//! The inputs of the record form's 民主评议, 对照检查 and 整改清单 sections that hold typed values (a ballot
//! count, an optional date): what the user types stays in the input; what cannot be stored is kept out of the
//! record and marked in [`Form::bad_inputs`], which refuses the save with the section's message.

use super::form::Form;
use crate::domain::date::DateError;
use crate::domain::validate::{FieldError, Invalid};
use crate::domain::Date;
use crate::ui::components::form_field::{bad_input, FormErrors};
use leptos::prelude::*;

/// A count as typed: empty is 0; `None` when it is not a whole number ≥ 0.
fn parse_count(text: &str) -> Option<u32> {
    let t = text.trim();
    if t.is_empty() {
        Some(0)
    } else {
        t.parse().ok()
    }
}

/// `aria-invalid` of an input of `field`: while it holds something unreadable and the form shows its messages.
fn invalid(
    f: Form,
    id: StoredValue<String>,
    errors: FormErrors,
    field: &'static str,
) -> impl Fn() -> Option<&'static str> {
    move || (errors.has(field) && id.with_value(|id| f.is_bad(id))).then_some("true")
}

/// A number of ballots (0 shown as "0"); `max` is the largest accepted.
#[component]
pub(super) fn CountInput(
    f: Form,
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<u32>,
    on_set: Callback<u32>,
    errors: FormErrors,
    field: &'static str,
    max: u32,
) -> impl IntoView {
    let key = StoredValue::new(id.clone());
    let text = RwSignal::new(value.get_untracked().to_string());
    // Follows the stored value when it changes from elsewhere (pasted tallies).
    Effect::new(move |_| {
        let n = value.get();
        if text.with_untracked(|t| parse_count(t)) != Some(n) {
            text.set(n.to_string());
            key.with_value(|k| f.set_bad(k, None));
        }
    });
    on_cleanup(move || {
        if let Some(k) = key.try_get_value() {
            f.set_bad(&k, None);
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        let bad = ev.target().is_some_and(|t| bad_input(&t));
        let typed = event_target_value(&ev);
        match (bad, parse_count(&typed)) {
            (false, Some(n)) => {
                text.set(typed);
                key.with_value(|k| f.set_bad(k, None));
                on_set.run(n);
            }
            _ => key.with_value(|k| f.set_bad(k, Some(FieldError::new(field, Invalid::BallotsNotNumber)))),
        }
    };
    view! {
        <input
            id=id
            class="count-input"
            type="number"
            min="0"
            max=max.to_string()
            step="1"
            inputmode="numeric"
            aria-label=label
            aria-invalid=invalid(f, key, errors, field)
            aria-describedby=format!("af-{field}-err")
            prop:value=move || text.get()
            on:input=on_input
        />
    }
}

/// An optional date: empty is none; a half-typed date is kept out of the record and refuses the save.
#[component]
pub(super) fn OptDateInput(
    f: Form,
    #[prop(into)] id: String,
    /// Named by a `<label for>` when `None`, else by this `aria-label`.
    #[prop(optional, into)]
    aria_label: Option<String>,
    #[prop(into)] value: Signal<Option<Date>>,
    on_set: Callback<Option<Date>>,
    errors: FormErrors,
    field: &'static str,
) -> impl IntoView {
    let key = StoredValue::new(id.clone());
    on_cleanup(move || {
        if let Some(k) = key.try_get_value() {
            f.set_bad(&k, None);
        }
    });
    let read = move |ev: leptos::ev::Event| {
        let bad = ev.target().is_some_and(|t| bad_input(&t));
        let typed = event_target_value(&ev);
        let parsed = if bad {
            Err(DateError::DateFormat)
        } else if typed.trim().is_empty() {
            Ok(None)
        } else {
            Date::parse(&typed).map(Some)
        };
        match parsed {
            Ok(d) => {
                key.with_value(|k| f.set_bad(k, None));
                if value.get_untracked() != d {
                    on_set.run(d);
                }
            }
            Err(e) => key.with_value(|k| f.set_bad(k, Some(FieldError::new(field, Invalid::Date(e))))),
        }
    };
    view! {
        <input
            id=id
            type="date"
            min="1900-01-01"
            max="2200-12-31"
            aria-label=aria_label
            aria-invalid=invalid(f, key, errors, field)
            aria-describedby=format!("af-{field}-err")
            prop:value=move || value.get().map(|d| d.to_string()).unwrap_or_default()
            on:input=read
            on:change=read
        />
    }
}
