//! Reusable components, one per file.
pub mod branch_form;
pub mod confirm;
pub mod download;
pub mod form_field;
pub mod group_list;
pub mod member_form;
pub mod member_table;
pub mod makeup_form;
pub mod record_page;
pub mod roll_editor;
pub mod member_paste;
