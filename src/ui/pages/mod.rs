//! One module per page of the navigation.

pub mod activities;
pub mod data;
pub mod members;
pub mod overview;
pub mod schedule;
pub mod stats;
pub mod study;
pub mod activity_form;
pub mod activity_print;
pub mod activity_view;
pub mod my;
pub mod plan_print;
pub mod shared_schedule;
pub mod rollup;
pub mod rules;
pub mod summary_print;
