//! 记一次活动 / 编辑记录: choose the kind, then one form with sensible defaults, the attendance roll
//! (rebuilt when the date, kind or group change), live 应到/实到 and quorum, validation next to each field,
//! and one store transaction on save.
//!
//! This file owns the two pages and the form's state: the fields ([`form::Form`]), the checked messages
//! (one [`FormErrors`] for every section), the defaults that follow the kind, date and group (decided by
//! `domain::record_form`), the roll warning and the save. Each section of the form is its own component:
//! [`basics`], [`roll_section`], [`agenda`], [`minutes`], for 民主评议党员 and 组织生活会 [`review_section`],
//! [`examination_section`], [`rectification_section`] and the 谈心谈话 coverage, then [`save_bar`]; the kind
//! chooser is [`kind_chooser`].

mod agenda;
mod basics;
mod examination_section;
mod form;
mod kind_chooser;
mod minutes;
mod person_select;
mod rectification_section;
mod review_section;
mod roll_section;
mod save_bar;
mod typed_inputs;

use crate::domain::record_form::{
    eligible_people, for_editing, new_activity, people_after_change, roll_after_change, roll_refreshed, RollKey,
};
use crate::domain::roll::{joined_after, tally};
use crate::domain::study::hours_text;
use crate::domain::templates::{default_agenda, default_study_hours};
use crate::domain::validate::validate_activity;
use crate::domain::{Activity, ActivityKind, ActivityStatus, Date, GroupId};
use crate::ui::action::run_action;
use crate::ui::clock::{new_activity_id, today};
use crate::ui::components::form_field::{focus_first_invalid, FormErrors};
use crate::ui::components::roll_warning::roll_warning_text;
use crate::ui::components::talk_coverage::TalkCoveragePanel;
use crate::ui::state::use_app;
use agenda::AgendaSection;
use basics::BasicsSection;
use examination_section::{shows_examinations, ExaminationSection};
use form::Form;
use kind_chooser::KindChooser;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use minutes::MinutesSection;
use rectification_section::{shows_rectifications, RectificationSection};
use review_section::{shows_review, ReviewSection};
use roll_section::RollSection;
use save_bar::SaveBar;

/// /activities/new?kind=…[&date=YYYY-MM-DD][&group=…]
#[component]
pub fn ActivityNewPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><ActivityNewPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn ActivityNewPageBody() -> impl IntoView {
    let query = use_query_map();
    let app = use_app();
    move || {
        let (kind, date, group) = query.with(|q| {
            (
                q.get("kind").and_then(|c| ActivityKind::from_code(&c)),
                q.get("date").and_then(|d| Date::parse(&d).ok()),
                q.get("group").map(|g| GroupId(g.to_owned())),
            )
        });
        match kind {
            None => view! { <KindChooser date=date/> }.into_any(),
            Some(kind) => {
                let initial = app.data.with_untracked(|d| {
                    new_activity(
                        d,
                        new_activity_id(),
                        kind,
                        date.unwrap_or_else(today),
                        group.as_ref(),
                        today(),
                    )
                });
                view! { <ActivityForm initial=initial is_new=true/> }.into_any()
            }
        }
    }
}

/// /activities/:id/edit[?hold=1] (hold: a planned activity being recorded as held).
#[component]
pub fn ActivityEditPage() -> impl IntoView {
    // Drawn from all the data only (the start shows 概览 first, from a slice).
    view! { <crate::ui::state::WhenComplete><ActivityEditPageBody/></crate::ui::state::WhenComplete> }
}

#[component]
fn ActivityEditPageBody() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let app = use_app();
    move || {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        let hold = query.with(|q| q.get("hold").is_some());
        let found = app.data.with_untracked(|d| {
            d.activities
                .iter()
                .find(|a| a.id.as_str() == id)
                .cloned()
                .map(|a| for_editing(d, a, hold))
        });
        match found {
            Some(a) => view! { <ActivityForm initial=a is_new=false/> }.into_any(),
            None => view! {
                <div class="alert-warn">
                    <p>"找不到这条记录，可能已被删除。"</p>
                    <a class="btn" href="/activities">"返回活动记录"</a>
                </div>
            }
            .into_any(),
        }
    }
}

#[component]
fn ActivityForm(initial: Activity, is_new: bool) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let f = Form::new(&initial);
    let tried = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let save_error = RwSignal::new(None::<String>);

    // Everything the form says, checked: the form's own parse errors, then the domain's rules.
    let checked = Memo::new(move |_| {
        let (a, mut errs) = f.build();
        let date_bad = errs.iter().any(|e| e.field == "date");
        let domain = app.data.with(|d| validate_activity(&a, d));
        for e in domain {
            if date_bad && matches!(e.field, "host" | "recorder" | "lecturer" | "attendance") {
                continue;
            }
            if !errs.iter().any(|x| x.field == e.field) || e.field == "attendance" {
                errs.push(e);
            }
        }
        errs
    });
    // Shown next to each field from the first try to save on.
    let errors = FormErrors::checked(tried, move || checked.get());

    let date = Memo::new(move |_| f.parsed_date());
    let people = Memo::new(move |_| {
        let day = date.get();
        app.data.with(|d| eligible_people(d, day))
    });

    // Rebuild the roll when the date, kind or group change, keeping marks already made; follow the kind's
    // defaults (agenda, hours, host) where the user has not changed them.
    Effect::new(move |prev: Option<RollKey>| {
        let cur: RollKey = (f.kind.get(), date.get(), f.group.get());
        if let Some(old) = prev.clone() {
            if prev.as_ref() != Some(&cur) {
                let (old_kind, old_date, old_group) = old.clone();
                let (kind, day, group) = cur.clone();
                if let Some(day) = day {
                    f.roll.update(|r| {
                        *r = app.data.with_untracked(|d| roll_after_change(d, r, &old, &cur, day));
                    });
                    if !f.status_touched.get_untracked() && old_date != Some(day) {
                        f.status.set(if day > today() {
                            ActivityStatus::Planned
                        } else {
                            ActivityStatus::Held
                        });
                    }
                }
                if kind != old_kind {
                    let same_agenda = f.agenda.with_untracked(|v| {
                        v.iter().map(|(_, s)| s.clone()).collect::<Vec<_>>() == default_agenda(old_kind)
                    });
                    if same_agenda || f.agenda.with_untracked(Vec::is_empty) {
                        f.set_agenda(default_agenda(kind));
                    }
                    let old_hours = hours_text(default_study_hours(old_kind));
                    if f.hours.with_untracked(|h| h.trim() == old_hours) {
                        f.hours.set(hours_text(default_study_hours(kind)));
                    }
                }
                if kind != old_kind || group != old_group {
                    let (host, recorder) = app.data.with_untracked(|d| {
                        people_after_change(
                            d,
                            f.host.get_untracked().as_ref(),
                            f.recorder.get_untracked().as_ref(),
                            (old_kind, old_group.as_ref()),
                            (kind, group.as_ref()),
                        )
                    });
                    if let Some(host) = host {
                        f.host.set(host);
                    }
                    if let Some(recorder) = recorder {
                        f.recorder.set(recorder);
                    }
                }
            }
        }
        cur
    });

    let live_tally = Memo::new(move |_| {
        let mut a = Activity::new(f.id.get_value(), f.kind.get(), date.get().unwrap_or_else(today));
        a.attendance = f.roll.get();
        app.data.with(|d| tally(&a, d))
    });

    // People of the branch left out of 应到 by their 转入日期, and the warning shown before saving (应到 0, or
    // those people); the user confirms a warning once ("仍然保存") or fixes the dates in place.
    let left_out = Memo::new(move |_| {
        let (Some(day), ActivityStatus::Held) = (date.get(), f.status.get()) else {
            return Vec::new();
        };
        let kind = f.kind.get();
        let group = f.group.get().filter(|_| kind == ActivityKind::GroupMeeting);
        app.data.with(|d| {
            joined_after(d, kind, day, group.as_ref())
                .into_iter()
                .map(|m| (m.id.clone(), m.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let warning = Memo::new(move |_| {
        (f.status.get() == ActivityStatus::Held)
            .then(|| left_out.with(|l| roll_warning_text(live_tally.with(|t| t.expected), l)))
            .flatten()
    });
    let confirmed = RwSignal::new(None::<String>);
    let asking = RwSignal::new(false);
    let rebuild_roll = Callback::new(move |()| {
        let Some(day) = date.get_untracked() else { return };
        let kind = f.kind.get_untracked();
        let group = f.group.get_untracked();
        f.roll.update(|r| {
            *r = app
                .data
                .with_untracked(|d| roll_refreshed(d, r, kind, day, group.as_ref()));
        });
    });

    let save = Callback::new(move |()| {
        if saving.get_untracked() {
            return;
        }
        tried.set(true);
        save_error.set(None);
        if let Some(w) = warning.get_untracked() {
            if confirmed.get_untracked().as_deref() != Some(w.as_str()) {
                asking.set(true);
                request_animation_frame(|| {
                    if let Some(el) = document().query_selector(".save-confirm").ok().flatten() {
                        el.scroll_into_view_with_bool(false);
                    }
                });
                return;
            }
        }
        asking.set(false);
        if !checked.with_untracked(Vec::is_empty) {
            focus_first_invalid();
            return;
        }
        let (activity, _) = f.build();
        let id = activity.id.clone();
        let navigate = navigate.clone();
        // If the user left the form while it saved, the record is stored and they are not pulled back.
        run_action(
            saving,
            save_error,
            async move { app.save_activity(activity).await },
            move |()| {
                navigate(
                    &format!("/activities/{}?saved=1", id.as_str()),
                    NavigateOptions {
                        replace: is_new,
                        ..Default::default()
                    },
                )
            },
        );
    });
    let save_anyway = Callback::new(move |()| {
        confirmed.set(warning.get_untracked());
        save.run(());
    });
    let cancel_href = if is_new {
        "/activities".to_owned()
    } else {
        format!("/activities/{}", initial.id.as_str())
    };

    let title = move || {
        let kind = f.kind.get();
        if is_new {
            format!("记一次活动：{}", kind.label())
        } else {
            format!("编辑记录：{}", kind.label())
        }
    };

    view! {
        <div class="activity-form">
            <div class="page-header">
                <h1>{title}</h1>
                <a class="btn no-print" href=cancel_href.clone()>"取消"</a>
            </div>
            <BasicsSection f=f errors=errors date=date people=people/>
            <RollSection
                f=f
                errors=errors
                date=date
                tally=live_tally
                warning=warning
                left_out=left_out
                on_fixed=rebuild_roll
            />
            <AgendaSection f=f errors=errors/>
            <MinutesSection f=f errors=errors tally=live_tally/>
            <Show when=move || shows_review(f.kind.get(), f.status.get())>
                <ReviewSection f=f errors=errors date=date/>
            </Show>
            <Show when=move || shows_examinations(f.kind.get(), f.status.get())>
                <ExaminationSection f=f errors=errors/>
            </Show>
            <Show when=move || shows_rectifications(f.kind.get(), f.status.get())>
                <RectificationSection f=f errors=errors people=people/>
            </Show>
            <Show when=move || f.kind.get() == ActivityKind::OrgLifeMeeting>
                <TalkCoveragePanel id=f.id.get_value() date=date/>
            </Show>
            <SaveBar
                errors=errors
                status=f.status
                tally=live_tally
                warning=warning
                asking=asking
                saving=saving
                save_error=save_error
                cancel_href=cancel_href
                on_save=save
                on_save_anyway=save_anyway
            />
        </div>
    }
}
