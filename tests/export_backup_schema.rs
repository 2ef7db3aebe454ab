#![cfg(not(target_arch = "wasm32"))]
//! docs/backup.schema.json against what `to_json` really writes.
//!
//! A small validator for the part of JSON Schema 2020-12 the file uses (type, const, enum, properties,
//! required, additionalProperties: false, items, maxItems, oneOf, $ref, minimum, maximum, exclusiveMinimum,
//! maxLength; `pattern` is not evaluated here — ids and dates are checked by the importer itself) checks
//! the demo branch's backup and a record with every optional field filled. It refuses keywords it does not
//! know, so the schema cannot quietly grow beyond what is tested. Every enum in the schema is compared with
//! the Rust enum's serde names, and every record's property list with the keys serde writes, so a new
//! field or variant fails here until it is documented.

use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use zhibu::domain::demo::{generate, DemoSize};
use zhibu::domain::rules::{default_rules, Period, RuleKind, Scope};
use zhibu::domain::*;
use zhibu::export::backup::to_json;

fn schema() -> Value {
    serde_json::from_str(include_str!("../docs/backup.schema.json")).expect("the schema is JSON")
}

const KNOWN: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "title",
    "description",
    "type",
    "const",
    "enum",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "maxItems",
    "oneOf",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "maxLength",
    "pattern",
];

fn resolve<'s>(root: &'s Value, schema: &'s Value) -> &'s Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/$defs/").expect("local refs only");
            let target = &root["$defs"][name];
            assert!(!target.is_null(), "unknown $ref {r}");
            resolve(root, target)
        }
        None => schema,
    }
}

struct Validator<'a> {
    root: &'a Value,
    errors: Vec<String>,
}

impl Validator<'_> {
    fn type_ok(ty: &str, v: &Value) -> bool {
        match ty {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            "number" => v.is_number(),
            "integer" => v.is_i64() || v.is_u64(),
            other => panic!("unknown type {other}"),
        }
    }

    /// Errors of `v` against `schema` at `path`, collected (not only the first).
    fn check(&mut self, schema: &Value, v: &Value, path: &str) {
        let root = self.root;
        let schema = resolve(root, schema);
        let obj = schema.as_object().expect("a schema is an object");
        // A $ref sibling keyword (description) is fine; anything unknown is not.
        for key in obj.keys() {
            assert!(
                KNOWN.contains(&key.as_str()),
                "keyword {key} is not covered by this test"
            );
        }
        if let Some(ty) = obj.get("type").and_then(Value::as_str) {
            if !Self::type_ok(ty, v) {
                self.errors.push(format!("{path}: expected {ty}, got {v}"));
                return;
            }
        }
        if let Some(c) = obj.get("const") {
            if c != v {
                self.errors.push(format!("{path}: expected {c}, got {v}"));
            }
        }
        if let Some(choices) = obj.get("enum").and_then(Value::as_array) {
            if !choices.contains(v) {
                self.errors.push(format!("{path}: {v} not in {choices:?}"));
            }
        }
        if let Some(alternatives) = obj.get("oneOf").and_then(Value::as_array) {
            let matching = alternatives
                .iter()
                .filter(|alt| {
                    let mut inner = Validator {
                        root: self.root,
                        errors: Vec::new(),
                    };
                    inner.check(alt, v, path);
                    inner.errors.is_empty()
                })
                .count();
            if matching != 1 {
                self.errors.push(format!("{path}: {matching} of oneOf match {v}"));
            }
        }
        if let Some(n) = v.as_f64() {
            if let Some(min) = obj.get("minimum").and_then(Value::as_f64) {
                if n < min {
                    self.errors.push(format!("{path}: {n} < {min}"));
                }
            }
            if let Some(min) = obj.get("exclusiveMinimum").and_then(Value::as_f64) {
                if n <= min {
                    self.errors.push(format!("{path}: {n} <= {min}"));
                }
            }
            if let Some(max) = obj.get("maximum").and_then(Value::as_f64) {
                if n > max {
                    self.errors.push(format!("{path}: {n} > {max}"));
                }
            }
        }
        if let (Some(s), Some(max)) = (v.as_str(), obj.get("maxLength").and_then(Value::as_u64)) {
            if s.chars().count() as u64 > max {
                self.errors.push(format!("{path}: longer than {max}"));
            }
        }
        if let Some(items) = v.as_array() {
            if let Some(max) = obj.get("maxItems").and_then(Value::as_u64) {
                if items.len() as u64 > max {
                    self.errors.push(format!("{path}: more than {max} items"));
                }
            }
            if let Some(item_schema) = obj.get("items") {
                for (i, item) in items.iter().enumerate() {
                    self.check(item_schema, item, &format!("{path}[{i}]"));
                }
            }
        }
        if let Some(map) = v.as_object() {
            let props = obj.get("properties").and_then(Value::as_object);
            for req in obj.get("required").and_then(Value::as_array).into_iter().flatten() {
                let req = req.as_str().unwrap();
                if !map.contains_key(req) {
                    self.errors.push(format!("{path}: missing {req}"));
                }
            }
            for (key, value) in map {
                match props.and_then(|p| p.get(key)) {
                    Some(s) => self.check(s, value, &format!("{path}.{key}")),
                    None if obj.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        self.errors.push(format!("{path}: unexpected field {key}"))
                    }
                    None => {}
                }
            }
        }
    }
}

fn errors(doc: &Value) -> Vec<String> {
    let root = schema();
    let mut v = Validator {
        root: &root,
        errors: Vec::new(),
    };
    v.check(&root, doc, "$");
    v.errors
}

fn demo() -> Dataset {
    generate(&DemoSize::DEMO, Date::ymd(2026, 5, 20), 7)
}

/// A dataset where every optional field of every record is filled at least once.
fn everything() -> Dataset {
    let mut data = demo();
    data.rules = default_rules();
    data.branch.name_order = NameOrder::Pinyin;
    data.members[1].joined_branch = None;
    let m = &mut data.members[0];
    m.excused.push(Excusal {
        from: Date::ymd(2025, 1, 1),
        to: Some(Date::ymd(2025, 2, 1)),
        note: "病假".into(),
    });
    m.left_branch = Some(Date::ymd(2030, 1, 1));
    m.phone = "13800000000".into();
    let a = data
        .activities
        .iter_mut()
        .find(|a| a.attendance.iter().any(|e| e.make_up.is_some()))
        .unwrap();
    a.lecturer = a.host.clone();
    a.lecturer_name = "外请".into();
    a.vote = Some(Vote::default());
    let who = a.attendance[0].member.clone();
    a.review = Some(member_review::MemberReview {
        self_review: Some(a.date),
        mutual_review: Some(a.date),
        ballot: Some(a.date),
        decided: Some(a.date),
        members: vec![member_review::RatedMember {
            ballots: member_review::Ballots {
                excellent: 1,
                qualified: 2,
                basically_qualified: 3,
                unqualified: 4,
            },
            rating: Some(member_review::Rating::Unqualified),
            handling: "限期改正".into(),
            follow_up: Some(a.date),
            member: who.clone(),
        }],
    });
    a.examinations = vec![org_life::Examination {
        member: who.clone(),
        points: "学习不够".into(),
        criticism: "准备不足".into(),
    }];
    a.rectifications = vec![org_life::Rectification {
        id: "r1".into(),
        problem: "学习不系统".into(),
        measure: "制定计划".into(),
        owner: Some(who),
        due: Some(a.date),
        closed: Some(a.date),
        evidence: "学习笔记".into(),
    }];
    data
}

fn doc(data: &Dataset) -> Value {
    serde_json::from_str(&to_json(data, "2026-11-21T10:00:00+08:00")).unwrap()
}

#[test]
fn what_to_json_writes_matches_the_schema() {
    for data in [Dataset::default(), demo(), everything()] {
        let errs = errors(&doc(&data));
        assert!(errs.is_empty(), "{:#?}", &errs[..errs.len().min(20)]);
    }
}

/// A change that must make a valid document invalid.
type Change = Box<dyn Fn(&mut Value)>;

#[test]
fn the_validator_is_not_vacuous() {
    let good = doc(&everything());
    let cases: Vec<(&str, Change)> = vec![
        ("version 5", Box::new(|d| d["version"] = json!(5))),
        (
            "a rating that is not one",
            Box::new(|d| {
                for a in d["data"]["activities"].as_array_mut().unwrap() {
                    if let Some(r) = a.get_mut("review") {
                        r["members"][0]["rating"] = json!("good");
                    }
                }
            }),
        ),
        (
            "no counts",
            Box::new(|d| drop(d.as_object_mut().unwrap().remove("counts"))),
        ),
        ("negative count", Box::new(|d| d["counts"]["members"] = json!(-1))),
        (
            "unknown kind",
            Box::new(|d| d["data"]["activities"][0]["kind"] = json!("party")),
        ),
        ("extra field", Box::new(|d| d["data"]["members"][0]["age"] = json!(40))),
        (
            "float vote",
            Box::new(|d| {
                let a = d["data"]["activities"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|a| !a["vote"].is_null())
                    .unwrap();
                a["vote"]["present"] = json!(1.5);
            }),
        ),
        (
            "hours",
            Box::new(|d| d["data"]["activities"][0]["study_hours"] = json!(101)),
        ),
        (
            "rule kind",
            Box::new(|d| d["data"]["rules"][0]["kind"] = json!({"activity": "x"})),
        ),
        (
            "long name",
            Box::new(|d| d["data"]["members"][0]["name"] = json!("长".repeat(41))),
        ),
        (
            "missing kind",
            Box::new(|d| drop(d["data"]["members"][0].as_object_mut().unwrap().remove("kind"))),
        ),
        (
            "name order",
            Box::new(|d| d["data"]["branch"]["name_order"] = json!("alphabet")),
        ),
    ];
    for (what, change) in cases {
        let mut bad = good.clone();
        change(&mut bad);
        assert!(!errors(&bad).is_empty(), "{what} passed the schema");
    }
}

fn names<T: Serialize>(values: impl IntoIterator<Item = T>) -> BTreeSet<String> {
    values
        .into_iter()
        .map(|v| serde_json::to_value(v).unwrap().as_str().unwrap().to_owned())
        .collect()
}

fn schema_enum(at: &Value) -> BTreeSet<String> {
    at["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("no enum at {at}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_enum_lists_exactly_the_rust_variants() {
    let s = schema();
    let d = &s["$defs"];
    assert_eq!(schema_enum(&d["activity_kind"]), names(ActivityKind::ALL));
    assert_eq!(schema_enum(&d["member"]["properties"]["kind"]), names(MemberKind::ALL));
    assert_eq!(
        schema_enum(&d["activity"]["properties"]["status"]),
        names([ActivityStatus::Planned, ActivityStatus::Held, ActivityStatus::Cancelled])
    );
    assert_eq!(
        schema_enum(&d["attendance_entry"]["properties"]["status"]),
        names(AttendanceStatus::ALL)
    );
    assert_eq!(
        schema_enum(&d["attendance_entry"]["properties"]["make_up"]["oneOf"][0]["properties"]["way"]),
        names(MakeUpWay::ALL)
    );
    assert_eq!(
        schema_enum(&d["study_item"]["properties"]["format"]),
        names(StudyFormat::ALL)
    );
    assert_eq!(
        schema_enum(&d["branch"]["properties"]["committee"]["items"]["properties"]["role"]),
        names(CommitteeRole::ALL)
    );
    assert_eq!(schema_enum(&d["rule"]["properties"]["period"]), names(Period::ALL));
    assert_eq!(
        schema_enum(&d["branch"]["properties"]["name_order"]),
        names(NameOrder::ALL)
    );
    assert_eq!(
        schema_enum(&d["rule"]["properties"]["scope"]),
        names([Scope::Branch, Scope::EachGroup, Scope::EachMember])
    );
    assert_eq!(
        schema_enum(&d["rule"]["properties"]["kind"]["oneOf"][1]),
        names([
            RuleKind::StudyHours,
            RuleKind::HeartTalkCoverage,
            RuleKind::ExcellentShare
        ])
    );
    assert_eq!(
        schema_enum(
            &d["activity"]["properties"]["review"]["properties"]["members"]["items"]["properties"]["rating"]["oneOf"]
                [0]
        ),
        names(member_review::Rating::ALL)
    );
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn props(def: &Value) -> BTreeSet<String> {
    keys(&def["properties"])
}

#[test]
fn every_field_serde_writes_is_in_the_schema_and_nothing_else() {
    let s = schema();
    let d = &s["$defs"];
    let doc = doc(&everything());
    let data = &doc["data"];
    assert_eq!(props(&s), keys(&doc));
    assert_eq!(props(&d["counts"]), keys(&doc["counts"]));
    assert_eq!(props(&d["dataset"]), keys(data));
    assert_eq!(props(&d["branch"]), keys(&data["branch"]));
    assert_eq!(
        props(&d["branch"]["properties"]["committee"]["items"]),
        keys(&data["branch"]["committee"][0])
    );
    assert_eq!(props(&d["group"]), keys(&data["groups"][0]));
    assert_eq!(props(&d["member"]), keys(&data["members"][0]));
    assert_eq!(
        props(&d["member"]["properties"]["excused"]["items"]),
        keys(&data["members"][0]["excused"][0])
    );
    let activity = data["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| !a["vote"].is_null() && !a["lecturer"].is_null())
        .unwrap();
    assert_eq!(props(&d["activity"]), keys(activity));
    assert_eq!(
        props(&d["activity"]["properties"]["vote"]["oneOf"][0]),
        keys(&activity["vote"])
    );
    let entry = activity["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| !e["make_up"].is_null())
        .unwrap();
    assert_eq!(props(&d["attendance_entry"]), keys(entry));
    assert_eq!(
        props(&d["attendance_entry"]["properties"]["make_up"]["oneOf"][0]),
        keys(&entry["make_up"])
    );
    assert_eq!(props(&d["study_item"]), keys(&data["study_items"][0]));
    assert_eq!(props(&d["rule"]), keys(&data["rules"][0]));
    let review = &activity["review"];
    assert_eq!(props(&d["activity"]["properties"]["review"]), keys(review));
    let rated = &d["activity"]["properties"]["review"]["properties"]["members"]["items"];
    assert_eq!(props(rated), keys(&review["members"][0]));
    assert_eq!(
        props(&rated["properties"]["ballots"]),
        keys(&review["members"][0]["ballots"])
    );
    assert_eq!(
        props(&d["activity"]["properties"]["examinations"]["items"]),
        keys(&activity["examinations"][0])
    );
    assert_eq!(
        props(&d["activity"]["properties"]["rectifications"]["items"]),
        keys(&activity["rectifications"][0])
    );
}
