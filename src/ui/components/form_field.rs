//! Form building blocks: labelled inputs that show their error message right under the field — the one way
//! every form of the app shows its errors.
//!
//! A form's messages are one [`FormErrors`]: either set when a save is refused ([`FormErrors::new`]), or
//! checked as the user types and shown once a save was tried ([`FormErrors::checked`]). Every input has a
//! `<label for=id>` (or an `aria-label`); its message lives in [`FieldMessage`],
//! `<p id="{id}-err" class="field-error" data-field="{field}">`, always present, which the input names in
//! `aria-describedby` ([`described_by`]), and the input carries `aria-invalid` ([`FormErrors::invalid`]) while
//! the message shows. A refused save moves the focus to the first invalid field ([`focus_first_invalid`]).

use crate::domain::date::DateError;
use crate::domain::validate::FieldError;
use crate::domain::Date;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The messages of one form, by field code (the codes of `domain::validate`, plus the form's own).
#[derive(Clone, Copy)]
pub struct FormErrors {
    /// What [`FormErrors::set`] stored.
    stored: RwSignal<Vec<(String, String)>>,
    /// What the fields show: `stored`, or for a checked form its errors once a save was tried.
    shown: Signal<Vec<(String, String)>>,
}

impl Default for FormErrors {
    fn default() -> Self {
        Self::new()
    }
}

impl FormErrors {
    /// Messages the form sets when it refuses a save ([`FormErrors::set`]).
    pub fn new() -> FormErrors {
        let stored = RwSignal::new(Vec::new());
        FormErrors {
            stored,
            shown: stored.into(),
        }
    }

    /// Messages checked as the user types (`errors`, e.g. the domain's validation of what the form holds),
    /// shown from the first try to save on (`tried`), and updated with every change after that.
    pub fn checked(tried: RwSignal<bool>, errors: impl Fn() -> Vec<FieldError> + Send + Sync + 'static) -> FormErrors {
        let stored = RwSignal::new(Vec::new());
        let shown = Memo::new(move |_| {
            if tried.get() {
                FormErrors::from_domain(&errors())
            } else {
                Vec::new()
            }
        });
        FormErrors {
            stored,
            shown: shown.into(),
        }
    }

    /// The first message for `field` (reactive).
    pub fn get(&self, field: &str) -> Option<String> {
        self.shown
            .with(|errs| errs.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
    }

    pub fn has(&self, field: &str) -> bool {
        self.shown.with(|errs| errs.iter().any(|(f, _)| f == field))
    }

    /// `aria-invalid` of the input of `field`: "true" while it has a message (reactive).
    pub fn invalid(
        &self,
        field: impl Into<String>,
    ) -> impl Fn() -> Option<&'static str> + Send + Sync + Copy + 'static {
        let errors = *self;
        let field = StoredValue::new(field.into());
        move || field.with_value(|f| errors.has(f)).then_some("true")
    }

    pub fn is_empty(&self) -> bool {
        self.shown.with(Vec::is_empty)
    }

    pub fn count(&self) -> usize {
        self.shown.with(Vec::len)
    }

    pub fn set(&self, errors: Vec<(String, String)>) {
        self.stored.set(errors);
    }

    pub fn clear(&self) {
        self.stored.set(Vec::new());
    }

    /// Converts the domain's field errors.
    pub fn from_domain(errors: &[FieldError]) -> Vec<(String, String)> {
        errors
            .iter()
            .map(|e| (e.field.to_owned(), e.error.to_string()))
            .collect()
    }
}

/// Reads an optional date field: empty is `None`; `bad` (the browser could not read what was typed) or an
/// unreadable value is the [`DateError`].
pub fn parse_optional_date(value: &str, bad: bool) -> Result<Option<Date>, DateError> {
    if bad {
        return Err(DateError::DateFormat);
    }
    if value.trim().is_empty() {
        Ok(None)
    } else {
        Date::parse(value).map(Some)
    }
}

/// Whether a date input holds something the browser could not turn into a date (half-typed).
pub fn bad_input(el: &web_sys::EventTarget) -> bool {
    js_sys::Reflect::get(el, &JsValue::from_str("validity"))
        .and_then(|v| js_sys::Reflect::get(&v, &JsValue::from_str("badInput")))
        .map(|b| b.as_bool().unwrap_or(false))
        .unwrap_or(false)
}

/// What an input of `id` names in `aria-describedby`: its message, then its hint if it has one.
pub fn described_by(id: &str, hint: bool) -> String {
    if hint {
        format!("{id}-err {id}-hint")
    } else {
        format!("{id}-err")
    }
}

/// The message line under a field (`{id}-err`, marked with its field code in `data-field`); always present so
/// `aria-describedby` points at something, empty while the field is fine.
#[component]
pub fn FieldMessage(#[prop(into)] id: String, errors: FormErrors, #[prop(into)] field: String) -> impl IntoView {
    let f = field.clone();
    view! {
        <p class="field-error" id=format!("{id}-err") data-field=field aria-live="polite">
            {move || errors.get(&f).unwrap_or_default()}
        </p>
    }
}

/// A labelled one-line text input.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(into)] field: String,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional, into)] placeholder: Option<String>,
    #[prop(optional, into)] autocomplete: Option<String>,
    #[prop(optional)] wide: bool,
) -> impl IntoView {
    let invalid = errors.invalid(field.clone());
    let described = described_by(&id, hint.is_some());
    view! {
        <div class="field" class:field-wide=wide>
            <label for=id.clone() class:required=required>{label}</label>
            <input
                id=id.clone()
                name=field.clone()
                type=input_type
                bind:value=value
                aria-invalid=invalid
                aria-required=required.then_some("true")
                aria-describedby=described
                placeholder=placeholder
                autocomplete=autocomplete.unwrap_or_else(|| "off".to_owned())
            />
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            <FieldMessage id=id errors=errors field=field/>
        </div>
    }
}

/// A labelled `<input type="date">`; `bad` turns true while the browser holds a half-typed date.
#[component]
pub fn DateField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    bad: RwSignal<bool>,
    errors: FormErrors,
    #[prop(into)] field: String,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] node_ref: Option<NodeRef<leptos::html::Input>>,
) -> impl IntoView {
    let invalid = errors.invalid(field.clone());
    let described = described_by(&id, hint.is_some());
    let check = move |ev: leptos::ev::Event| {
        if let Some(t) = ev.target() {
            bad.set(bad_input(&t));
        }
    };
    let input_ref = node_ref.unwrap_or_default();
    view! {
        <div class="field">
            <label for=id.clone() class:required=required>{label}</label>
            <input
                id=id.clone()
                name=field.clone()
                type="date"
                min="1900-01-01"
                max="2200-12-31"
                node_ref=input_ref
                bind:value=value
                on:input=check
                on:change=check
                on:blur=move |ev: leptos::ev::FocusEvent| {
                    if let Some(t) = ev.target() {
                        bad.set(bad_input(&t));
                    }
                }
                aria-invalid=invalid
                aria-required=required.then_some("true")
                aria-describedby=described
            />
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            <FieldMessage id=id errors=errors field=field/>
        </div>
    }
}

/// A form-level alert (a store failure, a refusal), announced to screen readers. A message of several lines
/// (e.g. every problem found in a refused backup file) shows its first line as the summary and the others
/// as a list.
#[component]
pub fn FormAlert(message: RwSignal<Option<String>>) -> impl IntoView {
    let lines = move || {
        message.with(|m| {
            m.as_deref()
                .unwrap_or_default()
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || message.with(Option::is_some)>
            <div class="alert-error" role="alert">
                {move || {
                    let mut lines = lines().into_iter();
                    let head = lines.next().unwrap_or_default();
                    let rest: Vec<_> = lines.filter(|l| !l.trim().is_empty()).map(|l| view! { <li>{l}</li> }).collect();
                    if rest.is_empty() {
                        head.into_any()
                    } else {
                        view! {
                            <p class="alert-head">{head}</p>
                            <ul class="alert-list">{rest}</ul>
                        }
                        .into_any()
                    }
                }}
            </div>
        </Show>
    }
}

/// Moves the focus to the first field marked invalid, after the messages have rendered; when no input is
/// marked (a message of a whole part, such as the roll's), brings the first message into view instead.
pub fn focus_first_invalid() {
    use wasm_bindgen::JsCast;
    request_animation_frame(|| {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let invalid = doc.query_selector("[aria-invalid=\"true\"]").ok().flatten();
        if let Some(el) = invalid.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
            return;
        }
        let first = doc.query_selector(".field-error:not(:empty)").ok().flatten();
        if let Some(el) = first {
            el.scroll_into_view_with_bool(false);
        }
    });
}
