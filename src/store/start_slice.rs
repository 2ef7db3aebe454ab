//! The start slice: everything the first stage of the start reads ([`super::Store::overview_from`]), kept
//! as one string next to the 概览 summary, so that the start reads one value instead of five stores.
//!
//! Reading the records themselves costs the main thread a browser object per record and per roll entry,
//! then `JSON.stringify` of them all (about 11 ms for the LARGE dataset's current year); one stored string
//! costs about 3 ms (measured in the page with raw IndexedDB). The string is written by
//! [`crate::domain::start_slice`] from the data the summary is computed from, and stored with the summary in
//! the transaction that checks the data token; it is used only while that token is still the current one.
//! Without it (another tab wrote, or an older version stored the summary), [`read`] makes a string of the
//! same records from the stores, in the records' own form, which [`parse_text`] reads.

use super::schema::{ACTIVITIES, BRANCH, BRANCH_KEY, BY_DATE, GROUPS, MEMBERS, META, STUDY_ITEMS};
use super::{js_array, read_err, store, StoreError, META_RULES};
use crate::domain::rules::Rule;
use crate::domain::start_slice;
use crate::domain::{Activity, Branch, Dataset, Date, Member, PartyGroup, StudyItem};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use serde::Deserialize;
use wasm_bindgen::JsValue;

/// The `meta` key holding the start slice (a string), written and deleted together with
/// [`super::META_OVERVIEW`].
pub const META_START_SLICE: &str = "overview_slice";

/// The records as [`read`] gives them: the token of the data they were read at, and the records as the first
/// stage reads them (the branch and the rules absent when not stored).
#[derive(Deserialize)]
struct SliceDoc {
    token: String,
    #[serde(default)]
    branch: Option<Branch>,
    groups: Vec<PartyGroup>,
    members: Vec<Member>,
    study_items: Vec<StudyItem>,
    #[serde(default)]
    rules: Option<Vec<Rule>>,
    activities: Vec<Activity>,
}

/// Reads, in `tx` (which covers the data stores and `meta`), what the first stage reads for a summary that
/// starts on `from`: the branch, groups, members, the rules, and the study items and activities dated `from`
/// or later, in the stores' order; returns them with `token` as one JSON string (parsed at once by
/// `overview_from` when no stored slice is at the current token).
pub(super) async fn read(tx: &Transaction<'_>, token: &str, from: Date) -> Result<js_sys::JsString, StoreError> {
    let rules = store(tx, META)?.get(META_RULES).primitive().map_err(read_err)?;
    let branch = store(tx, BRANCH)?.get(BRANCH_KEY).primitive().map_err(read_err)?;
    let groups = store(tx, GROUPS)?.get_all().primitive().map_err(read_err)?;
    let members = store(tx, MEMBERS)?.get_all().primitive().map_err(read_err)?;
    let study_items = store(tx, STUDY_ITEMS)?
        .index(BY_DATE)
        .map_err(read_err)?
        .get_all()
        .with_query(from.to_string()..)
        .primitive()
        .map_err(read_err)?;
    let activities = store(tx, ACTIVITIES)?
        .index(BY_DATE)
        .map_err(read_err)?
        .get_all()
        .with_query(from.to_string()..)
        .primitive()
        .map_err(read_err)?;

    let doc = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        js_sys::Reflect::set(&doc, &JsValue::from_str(key), value)
            .map(drop)
            .map_err(|e| StoreError::Read(format!("{e:?}")))
    };
    set("token", &JsValue::from_str(token))?;
    let rules: Option<JsValue> = rules.await.map_err(read_err)?;
    let branch: Option<JsValue> = branch.await.map_err(read_err)?;
    // Absent values stay absent (`JSON.stringify` leaves out `undefined`).
    set("rules", &rules.unwrap_or(JsValue::UNDEFINED))?;
    set("branch", &branch.unwrap_or(JsValue::UNDEFINED))?;
    set("groups", &js_array(groups.await)?)?;
    set("members", &js_array(members.await)?)?;
    set("study_items", &js_array(study_items.await)?)?;
    set("activities", &js_array(activities.await)?)?;
    js_sys::JSON::stringify(&doc).map_err(|e| StoreError::Read(format!("{e:?}")))
}

/// The first stage's data from a stored slice, if it is one (a string that [`start_slice::decode`] reads)
/// and was written at `token`. Anything else (absent, written by another version, an older token) is `None`:
/// then the start reads the stores.
pub(super) fn parse(stored: Option<JsValue>, token: &str) -> Option<Dataset> {
    let (written_at, data) = start_slice::decode(&stored?.as_string()?)?;
    (written_at == token).then_some(data)
}

/// A slice's text ([`read`]) as the token it was read at and the first stage's data; a record that does
/// not parse is an error, as when reading the stores.
pub(super) fn parse_text(text: &str) -> Result<(String, Dataset), StoreError> {
    let doc: SliceDoc = serde_json::from_str(text).map_err(|e| StoreError::Read(e.to_string()))?;
    let data = Dataset {
        branch: doc.branch.unwrap_or_default(),
        groups: doc.groups,
        members: doc.members,
        activities: doc.activities,
        study_items: doc.study_items,
        rules: doc.rules.unwrap_or_default(),
    };
    Ok((doc.token, data))
}
