//! Reusable components, one per file.
pub mod branch_form;
pub mod confirm;
pub mod download;
pub mod form_field;
pub mod group_list;
pub mod member_form;
pub mod member_table;
