//! Every field of the record form as a signal ([`Form`], cheap to copy into the sections' closures), filled
//! from a record, and read back as the record typed ([`Form::build`]) with the form's own parse errors
//! (dates, times, numbers).

use crate::domain::date::DateError;
use crate::domain::member_review::MemberReview;
use crate::domain::org_life::{Examination, Rectification};
use crate::domain::study::hours_text;
use crate::domain::validate::{FieldError, Invalid};
use crate::domain::{
    Activity, ActivityId, ActivityKind, ActivityStatus, AttendanceEntry, Date, GroupId, MemberId, Time, Vote,
};
use leptos::prelude::*;

/// The value of the lecturer choice "外请人员（填写姓名）".
pub(super) const GUEST: &str = "__guest__";

fn opt_time(t: Option<Time>) -> String {
    t.map(|t| t.to_string()).unwrap_or_default()
}

/// Every field of the form as a signal.
#[derive(Clone, Copy)]
pub(super) struct Form {
    pub id: StoredValue<ActivityId>,
    pub kind: RwSignal<ActivityKind>,
    pub status: RwSignal<ActivityStatus>,
    /// Whether the user chose the status (else it follows the date: future means 计划).
    pub status_touched: RwSignal<bool>,
    pub date: RwSignal<String>,
    pub start: RwSignal<String>,
    pub end: RwSignal<String>,
    pub location: RwSignal<String>,
    pub theme: RwSignal<String>,
    pub group: RwSignal<Option<GroupId>>,
    pub host: RwSignal<Option<MemberId>>,
    pub recorder: RwSignal<Option<MemberId>>,
    pub lecturer: RwSignal<Option<MemberId>>,
    pub lecturer_guest: RwSignal<bool>,
    pub lecturer_name: RwSignal<String>,
    pub agenda: RwSignal<Vec<(u32, String)>>,
    pub next_key: StoredValue<u32>,
    pub content: RwSignal<String>,
    pub resolution: RwSignal<String>,
    pub vote_on: RwSignal<bool>,
    pub vote: [RwSignal<String>; 5],
    pub hours: RwSignal<String>,
    pub roll: RwSignal<Vec<AttendanceEntry>>,
    /// The 民主评议 done at this activity, the members' 对照检查 and the 整改清单: kept as typed values (their
    /// sections edit them whole), carried into the record on save.
    pub review: RwSignal<Option<MemberReview>>,
    pub examinations: RwSignal<Vec<Examination>>,
    pub rectifications: RwSignal<Vec<Rectification>>,
    /// Inputs of those sections holding what cannot be stored (a ballot count that is not a number, a
    /// half-typed date), by input id, with their message: the typed text stays in the input, the save is
    /// refused until it is fixed.
    pub bad_inputs: RwSignal<Vec<(String, FieldError)>>,
}

impl Form {
    pub fn new(a: &Activity) -> Form {
        let v = a.vote.unwrap_or_default();
        Form {
            id: StoredValue::new(a.id.clone()),
            kind: RwSignal::new(a.kind),
            status: RwSignal::new(a.status),
            status_touched: RwSignal::new(false),
            date: RwSignal::new(a.date.to_string()),
            start: RwSignal::new(opt_time(a.start)),
            end: RwSignal::new(opt_time(a.end)),
            location: RwSignal::new(a.location.clone()),
            theme: RwSignal::new(a.theme.clone()),
            group: RwSignal::new(a.group.clone()),
            host: RwSignal::new(a.host.clone()),
            recorder: RwSignal::new(a.recorder.clone()),
            lecturer: RwSignal::new(a.lecturer.clone()),
            lecturer_guest: RwSignal::new(a.lecturer.is_none() && !a.lecturer_name.trim().is_empty()),
            lecturer_name: RwSignal::new(a.lecturer_name.clone()),
            agenda: RwSignal::new(
                a.agenda
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (i as u32, s.clone()))
                    .collect(),
            ),
            next_key: StoredValue::new(a.agenda.len() as u32),
            content: RwSignal::new(a.content.clone()),
            resolution: RwSignal::new(a.resolution.clone()),
            vote_on: RwSignal::new(a.vote.is_some()),
            vote: [v.eligible, v.present, v.in_favour, v.against, v.abstain].map(|n| RwSignal::new(n.to_string())),
            hours: RwSignal::new(hours_text(a.study_hours)),
            roll: RwSignal::new(a.attendance.clone()),
            review: RwSignal::new(a.review.clone()),
            examinations: RwSignal::new(a.examinations.clone()),
            rectifications: RwSignal::new(a.rectifications.clone()),
            bad_inputs: RwSignal::new(Vec::new()),
        }
    }

    /// Marks the input `id` as holding something unreadable (`Some`), or fine again (`None`).
    pub fn set_bad(&self, id: &str, error: Option<FieldError>) {
        // `try_`: also called while an input is removed, possibly with the whole form.
        let Some(known) = self
            .bad_inputs
            .try_with_untracked(|v| v.iter().position(|(k, _)| k == id))
        else {
            return;
        };
        match (known, error) {
            (None, None) => {}
            (Some(i), None) => {
                self.bad_inputs.try_update(|v| {
                    v.remove(i);
                });
            }
            (Some(i), Some(e)) => {
                if self.bad_inputs.with_untracked(|v| v[i].1 != e) {
                    self.bad_inputs.update(|v| v[i].1 = e);
                }
            }
            (None, Some(e)) => self.bad_inputs.update(|v| v.push((id.to_owned(), e))),
        }
    }

    /// Whether the input `id` holds something unreadable (reactive).
    pub fn is_bad(&self, id: &str) -> bool {
        self.bad_inputs.with(|v| v.iter().any(|(k, _)| k == id))
    }

    pub fn parsed_date(&self) -> Option<Date> {
        Date::parse(&self.date.get()).ok()
    }

    pub fn set_agenda(&self, items: Vec<String>) {
        let start = self.next_key.get_value();
        self.next_key.set_value(start + items.len() as u32);
        self.agenda.set(
            items
                .into_iter()
                .enumerate()
                .map(|(i, s)| (start + i as u32, s))
                .collect(),
        );
    }

    /// The activity as typed, with the form's own parse errors (dates, times, numbers).
    pub fn build(&self) -> (Activity, Vec<FieldError>) {
        let mut errs = Vec::new();
        let date = match self.date.with(|s| s.trim().is_empty()) {
            true => {
                errs.push(FieldError::new("date", Invalid::Required("日期")));
                None
            }
            false => match Date::parse(&self.date.get()) {
                Ok(d) => Some(d),
                Err(e) => {
                    errs.push(FieldError::new("date", Invalid::Date(e)));
                    None
                }
            },
        };
        let time = |s: RwSignal<String>, field: &'static str, errs: &mut Vec<FieldError>| {
            let t = s.get();
            if t.trim().is_empty() {
                None
            } else {
                match Time::parse(&t) {
                    Ok(t) => Some(t),
                    Err(_) => {
                        errs.push(FieldError::new(field, Invalid::Date(DateError::TimeFormat)));
                        None
                    }
                }
            }
        };
        let start = time(self.start, "start", &mut errs);
        let end = time(self.end, "end", &mut errs);
        let kind = self.kind.get();
        let hours = match self.hours.with(|h| h.trim().to_owned()) {
            h if h.is_empty() => 0.0,
            h => match h.parse::<f64>() {
                Ok(x) if x.is_finite() => x,
                _ => {
                    errs.push(FieldError::new("study_hours", Invalid::HoursRange));
                    0.0
                }
            },
        };
        let vote = (kind.has_quorum() && self.vote_on.get()).then(|| {
            let n = self.vote.map(|s| s.with(|t| t.trim().parse::<u32>()));
            if n.iter().any(|x| x.is_err()) {
                errs.push(FieldError::new("vote", Invalid::VoteCounts));
            }
            let [eligible, present, in_favour, against, abstain] = n.map(|x| x.unwrap_or(0));
            Vote {
                eligible,
                present,
                in_favour,
                against,
                abstain,
            }
        });
        let status = self.status.get();
        let guest = kind == ActivityKind::PartyLecture && self.lecturer_guest.get();
        let mut a = Activity::new(self.id.get_value(), kind, date.unwrap_or_else(|| Date::ymd(2000, 1, 1)));
        a.status = status;
        a.start = start;
        a.end = end;
        a.location = self.location.get().trim().to_owned();
        a.theme = self.theme.get().trim().to_owned();
        a.group = if kind == ActivityKind::GroupMeeting {
            self.group.get()
        } else {
            None
        };
        a.host = self.host.get();
        a.recorder = self.recorder.get();
        if kind == ActivityKind::PartyLecture {
            if guest {
                a.lecturer_name = self.lecturer_name.get().trim().to_owned();
            } else {
                a.lecturer = self.lecturer.get();
            }
        }
        a.agenda = self.agenda.with(|v| {
            v.iter()
                .map(|(_, s)| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        });
        a.content = self.content.get().trim_end().to_owned();
        a.resolution = self.resolution.get().trim_end().to_owned();
        a.vote = vote;
        a.study_hours = hours;
        a.attendance = if status == ActivityStatus::Held {
            self.roll.get()
        } else {
            Vec::new()
        };
        // What was done at the meeting belongs to a held one; a plan keeps what it had (nothing, normally).
        a.review = self.review.get();
        a.examinations = self.examinations.get();
        a.rectifications = self.rectifications.get();
        errs.extend(
            self.bad_inputs
                .with(|v| v.iter().map(|(_, e)| e.clone()).collect::<Vec<_>>()),
        );
        (a, errs)
    }
}
