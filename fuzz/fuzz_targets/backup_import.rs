//! Fuzz target: any bytes → `from_json` (the whole import check), then a merge of what it accepted into
//! a small branch. Nothing may panic or overflow the stack; whatever is accepted must write back and
//! read back to the same data; a merge into an empty device gives the backup itself; a merge result
//! that `merge_checked` accepts passes the whole-dataset check.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use zhibu::domain::integrity::check_dataset;
use zhibu::domain::merge::{merge, merge_checked, plan, Keep};
use zhibu::domain::Dataset;
use zhibu::export::backup::{from_json, to_json};

/// The local side of the merge: the small seed branch (fuzz/seeds/small-v2.json).
fn local() -> &'static Dataset {
    static LOCAL: OnceLock<Dataset> = OnceLock::new();
    LOCAL.get_or_init(|| {
        from_json(include_str!("../seeds/small-v2.json"))
            .expect("the seed reads")
            .data
    })
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(backup) = from_json(text) else {
        return;
    };
    let data = &backup.data;
    // What was accepted round-trips.
    let again = to_json(data, &backup.exported_at);
    let back = from_json(&again).expect("an accepted backup, written again, is accepted");
    assert_eq!(&back.data, data);
    // Merging.
    assert_eq!(&merge(&Dataset::default(), data, Keep::Local), data);
    let p = plan(local(), data);
    assert!(p.added() <= data.members.len() + data.groups.len() + data.activities.len() + data.study_items.len() + 100);
    for keep in [Keep::Local, Keep::Incoming] {
        if let Ok(merged) = merge_checked(local(), data, keep) {
            assert!(check_dataset(&merged).is_empty());
            assert!(merged.members.len() >= local().members.len());
        }
    }
});
