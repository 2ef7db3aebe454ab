//! The functional core: models, rules, validation and statistics, in pure Rust with no web APIs.
//!
//! Names follow the glossary in `docs/domain.md`: one English name per concept; the Chinese appears only
//! in `label()`s and messages meant for the user.

pub mod activity;
pub mod branch;
pub mod collation;
mod collation_table;
pub mod compliance;
pub mod dataset;
pub mod date;
pub mod demo;
pub mod id;
pub mod integrity;
pub mod member;
pub mod member_review;
pub mod member_stats;
pub mod merge;
pub mod numbering;
pub mod org_life;
pub mod overview;
pub mod paste;
pub mod plan;
pub mod record_form;
pub mod record_sheet;
pub mod roll;
pub mod rules;
pub mod schedule;
pub mod sort;
pub mod start_slice;
pub mod study;
pub mod summary;
pub mod sync;
pub mod templates;
pub mod validate;

pub use activity::{
    Activity, ActivityKind, ActivityStatus, AttendanceEntry, AttendanceStatus, MakeUp, MakeUpWay, Vote,
};
pub use branch::{Branch, CommitteeRole, CommitteeSeat, PartyGroup};
pub use collation::NameOrder;
pub use dataset::Dataset;
pub use date::{Date, Time, Weekday};
pub use id::{ActivityId, GroupId, MemberId, StudyItemId};
pub use member::{Excusal, Member, MemberKind};
pub use numbering::number_in_year;
pub use paste::{missing_joined, parse_member_rows, set_missing_joined, PastedRow};
pub use roll::{default_roll, joined_after, make_up_owed, tally, Quorum, Tally};
pub use study::{StudyFormat, StudyItem};
pub use templates::{default_agenda, default_study_hours};
