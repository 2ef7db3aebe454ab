#![cfg(not(target_arch = "wasm32"))]
//! Rules in backups: a backup made before rules were editable (no `rules` in `data`) imports with the
//! default rules; edited rules go out and come back; invalid rules are refused with the rule named.

use zhibu::domain::rules::{default_rules, ids};
use zhibu::domain::Dataset;
use zhibu::export::backup::{from_json, to_json, BackupError};

/// A backup file as version 0.1 of the app wrote it: no `rules` field anywhere.
const OLD_BACKUP: &str = r#"{
  "format": "zhibu-backup",
  "version": 1,
  "exported_at": "2026-11-21T19:32:00+08:00",
  "app_version": "0.1.0",
  "data": {
    "branch": { "name": "机关第一党支部", "parent_org": "机关党委", "committee": [] },
    "groups": [],
    "members": [],
    "activities": [],
    "study_items": []
  }
}"#;

#[test]
fn an_old_backup_without_rules_imports_with_the_defaults() {
    let backup = from_json(OLD_BACKUP).expect("an old backup still imports");
    assert_eq!(backup.data.branch.name, "机关第一党支部");
    assert!(backup.data.rules.is_empty());
    assert_eq!(backup.data.effective_rules(), default_rules());
}

#[test]
fn edited_rules_go_out_and_come_back() {
    let mut data = Dataset::default();
    data.branch.name = "机关第一党支部".into();
    data.rules = default_rules();
    data.rules[0].minimum = 2.0;
    data.rules
        .iter_mut()
        .find(|r| r.id == ids::PARTY_LECTURE)
        .unwrap()
        .enabled = false;
    let json = to_json(&data, "2026-11-21T19:32:00+08:00");
    let back = from_json(&json).unwrap();
    assert_eq!(back.data, data);
    assert_eq!(back.data.effective_rules(), data.rules);
}

#[test]
fn invalid_rules_are_refused_and_named() {
    let mut data = Dataset::default();
    data.branch.name = "机关第一党支部".into();
    data.rules = default_rules();
    data.rules[2].minimum = -1.0;
    let json = to_json(&data, "2026-11-21T19:32:00+08:00");
    match from_json(&json) {
        Err(BackupError::Invalid(problems)) => {
            assert_eq!(
                problems,
                ["第3条检查规则（党小组会）：要求数量：要求的数量应大于0；如不需要这项检查，请将其关闭"]
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}
