//! One module per page of the navigation.

pub mod activities;
pub mod activity_form;
pub mod activity_print;
pub mod activity_view;
pub mod data;
pub mod members;
pub mod my;
pub mod overview;
pub mod overview_dashboard;
pub mod plan_print;
pub mod rollup;
pub mod rules;
pub mod schedule;
pub mod shared_schedule;
pub mod stats;
pub mod study;
pub mod summary_print;
pub mod sync;
