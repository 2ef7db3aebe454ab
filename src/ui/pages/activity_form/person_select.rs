//! The record form's choice of a person (主持人, 记录人, 授课人): a `<select>` of the people eligible on the
//! activity's date; a current choice who is not eligible is kept (marked) so its validation message makes
//! sense; for the lecturer, also "外请人员（填写姓名）".

use super::form::GUEST;
use crate::domain::MemberId;
use crate::ui::components::form_field::{described_by, FormErrors};
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub(super) fn PersonSelect(
    #[prop(into)] id: String,
    value: RwSignal<Option<MemberId>>,
    people: Memo<Vec<(MemberId, String)>>,
    #[prop(optional)] guest: Option<RwSignal<bool>>,
    errors: FormErrors,
    /// The field code of the choice's messages.
    field: &'static str,
) -> impl IntoView {
    let app = use_app();
    let extra = move || {
        let cur = value.get()?;
        if people.with(|p| p.iter().any(|(id, _)| *id == cur)) {
            return None;
        }
        let name = app.data.with(|d| d.member_name(&cur));
        Some((cur, format!("{name}（当天不在本支部或不是党员）")))
    };
    let is_guest = move || guest.is_some_and(|g| g.get());
    view! {
        <select
            id=id.clone()
            aria-invalid=errors.invalid(field)
            aria-describedby=described_by(&id, false)
            on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some(g) = guest {
                    g.set(v == GUEST);
                }
                value.set(if v.is_empty() || v == GUEST { None } else { Some(MemberId(v)) });
            }
        >
            <option value="" prop:selected=move || value.with(Option::is_none) && !is_guest()>
                "（未指定）"
            </option>
            {move || {
                extra()
                    .map(|(id, label)| {
                        view! {
                            <option value=id.0.clone() prop:selected=true>
                                {label}
                            </option>
                        }
                    })
            }}
            {move || {
                people
                    .get()
                    .into_iter()
                    .map(|(id, label)| {
                        let cur = id.clone();
                        view! {
                            <option
                                value=id.0.clone()
                                prop:selected=move || value.with(|v| v.as_ref() == Some(&cur)) && !is_guest()
                            >
                                {label}
                            </option>
                        }
                    })
                    .collect_view()
            }}
            {guest
                .map(|g| {
                    view! {
                        <option value=GUEST prop:selected=move || g.get()>
                            "外请人员（填写姓名）"
                        </option>
                    }
                })}
        </select>
    }
}
