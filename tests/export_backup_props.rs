#![cfg(not(target_arch = "wasm32"))]
//! Property: export → import → export gives back the same data, byte for byte, for any valid dataset
//! (any Unicode text without control characters, HTML and quotes included; any dates in range; any
//! attendance and votes), and the serde layer alone round-trips any dataset at all.

use proptest::prelude::*;
use zhibu::domain::*;
use zhibu::export::backup::{from_json, to_json, Backup};

fn text(max: usize) -> impl Strategy<Value = String> {
    // Printable text: CJK, ASCII punctuation (quotes, commas, <>&), emoji; no control characters.
    proptest::collection::vec(
        prop_oneof![
            proptest::char::range('\u{4e00}', '\u{9fa5}'),
            proptest::char::range(' ', '~'),
            Just('，'),
            Just('😀'),
        ],
        0..max,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn name() -> impl Strategy<Value = String> {
    text(12).prop_filter("names are not blank", |s| !s.trim().is_empty())
}

fn date() -> impl Strategy<Value = Date> {
    (Date::ymd(1950, 1, 1).to_days()..Date::ymd(2100, 12, 31).to_days()).prop_map(|d| Date::from_days(d).unwrap())
}

fn time() -> impl Strategy<Value = Time> {
    (0u8..24, 0u8..60).prop_map(|(h, m)| Time::hm(h, m))
}

fn hours() -> impl Strategy<Value = f64> {
    (0u32..=400).prop_map(|q| f64::from(q) / 4.0)
}

/// name, kind, group, joined, days until left, mobile, note
type MemberShape = (String, u8, Option<usize>, Date, Option<u16>, bool, String);
/// kind, date, (start, minutes), theme, content, agenda, marks, hours
type ActivityShape = (
    u8,
    Date,
    Option<(Time, u16)>,
    String,
    String,
    Vec<String>,
    Vec<(u8, String)>,
    f64,
);
/// date, topic, materials, format, hours, whole week
type StudyShape = (Date, String, String, u8, f64, bool);

#[derive(Debug, Clone)]
struct Shape {
    groups: Vec<String>,
    members: Vec<MemberShape>,
    activities: Vec<ActivityShape>,
    study: Vec<StudyShape>,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        proptest::collection::vec(name(), 0..4),
        proptest::collection::vec(
            (
                name(),
                0u8..3,
                proptest::option::of(0usize..4),
                date(),
                proptest::option::of(0u16..5000),
                any::<bool>(),
                text(20),
            ),
            0..12,
        ),
        proptest::collection::vec(
            (
                0u8..9,
                date(),
                proptest::option::of((time(), 1u16..600)),
                text(30),
                text(200),
                proptest::collection::vec(text(30), 0..4),
                proptest::collection::vec((0u8..4, text(10)), 0..12),
                hours(),
            ),
            0..10,
        ),
        proptest::collection::vec((date(), name(), text(40), 0u8..3, hours(), any::<bool>()), 0..6),
    )
        .prop_map(|(groups, members, activities, study)| Shape {
            groups,
            members,
            activities,
            study,
        })
}

/// Builds a valid dataset from a random shape: references point at existing records, and whatever a
/// validator would refuse is adjusted rather than filtered, so that every case runs.
fn build(s: &Shape) -> Dataset {
    let mut data = Dataset::default();
    data.branch.name = "测试党支部".into();
    for (i, g) in s.groups.iter().enumerate() {
        data.groups.push(PartyGroup {
            id: GroupId(format!("g-{i}")),
            name: format!("{g}{i}"),
            group_leader: None,
        });
    }
    for (i, (name, kind, group, joined, left_after, mobile, note)) in s.members.iter().enumerate() {
        let kind = MemberKind::ALL[usize::from(*kind)];
        data.members.push(Member {
            id: MemberId(format!("m-{i}")),
            name: name.clone(),
            kind,
            group: group
                .filter(|g| *g < data.groups.len())
                .map(|g| GroupId(format!("g-{g}"))),
            party_joined: (kind != MemberKind::Activist).then_some(*joined),
            full_since: None,
            joined_branch: (i % 3 != 0).then_some(*joined), // unknown for some
            left_branch: left_after.and_then(|n| joined.add_days(i64::from(n))),
            mobile: *mobile,
            excused: Vec::new(),
            phone: String::new(),
            note: note.clone(),
        });
    }
    for (i, (kind, day, span, theme, content, agenda, marks, study_hours)) in s.activities.iter().enumerate() {
        let mut kind = ActivityKind::ALL[usize::from(*kind)];
        if kind == ActivityKind::GroupMeeting && data.groups.is_empty() {
            kind = ActivityKind::GeneralMeeting;
        }
        let mut a = Activity::new(ActivityId(format!("a-{i}")), kind, *day);
        if kind == ActivityKind::GroupMeeting {
            a.group = Some(GroupId("g-0".into()));
        }
        if let Some((start, minutes)) = span {
            let end = start.minutes_since_midnight() + minutes;
            if end < 24 * 60 {
                a.start = Some(*start);
                a.end = Time::new((end / 60) as u8, (end % 60) as u8);
            }
        }
        a.theme = if theme.trim().is_empty() {
            "主题".into()
        } else {
            theme.clone()
        };
        a.content = content.clone();
        a.agenda = agenda.clone();
        a.lecturer_name = "上级党委书记".into();
        a.study_hours = *study_hours;
        for (m, (status, reason)) in data.members.iter().zip(marks) {
            let status = if m.kind == MemberKind::Activist {
                AttendanceStatus::Observer
            } else {
                [
                    AttendanceStatus::Present,
                    AttendanceStatus::Leave,
                    AttendanceStatus::Absent,
                    AttendanceStatus::Elsewhere,
                ][usize::from(*status)]
            };
            let make_up = status.owes_make_up().then(|| MakeUp {
                date: day.add_days(3).unwrap(),
                way: MakeUpWay::Relay,
                note: reason.clone(),
            });
            a.attendance.push(AttendanceEntry {
                member: m.id.clone(),
                status,
                reason: reason.clone(),
                make_up,
            });
        }
        if kind.has_quorum() {
            let n = a.attendance.len() as u32;
            a.vote = Some(Vote {
                eligible: n,
                present: n,
                in_favour: n,
                against: 0,
                abstain: 0,
            });
        }
        data.activities.push(a);
    }
    for (i, (day, topic, materials, format, hours, whole_week)) in s.study.iter().enumerate() {
        data.study_items.push(StudyItem {
            id: StudyItemId(format!("s-{i}")),
            date: *day,
            whole_week: *whole_week,
            topic: topic.clone(),
            materials: materials.clone(),
            format: StudyFormat::ALL[usize::from(*format)],
            study_leader: data.members.first().map(|m| m.id.clone()),
            study_hours: *hours,
            activity: data.activities.first().map(|a| a.id.clone()),
            done: *whole_week,
        });
    }
    data
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn export_import_export_is_identity(s in shape()) {
        let data = build(&s);
        let first = to_json(&data, "2026-11-21T10:00:00+08:00");
        let back = from_json(&first).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back.data, &data);
        prop_assert_eq!(to_json(&back.data, "2026-11-21T10:00:00+08:00"), first);
    }

    #[test]
    fn serde_layer_round_trips_anything(s in shape(), bad_name in text(5)) {
        // Even data the validator would refuse survives serialisation unchanged (so nothing is lost
        // between the store and a file); only `from_json` decides what may be imported.
        let mut data = build(&s);
        if let Some(m) = data.members.first_mut() {
            m.name = bad_name;
            m.left_branch = Date::new(1900, 1, 1);
        }
        let text = to_json(&data, "t");
        let back: Backup = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back.data, data);
    }
}
