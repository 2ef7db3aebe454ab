//! The start slice's text: the records 概览 is first drawn from (`overview::slice`), written so that the start
//! parses them quickly.
//!
//! Two thirds of the slice are roll entries (LARGE: 5,132 in the current year's 112 activities), and serde
//! reads each `{"member": …, "status": …}` object field by field: natively 2.1 ms of the activities' 2.6 ms, and
//! in the browser the bulk of a 25–32 ms parse at the start. Here each activity's roll is one string, its
//! entries `member status` joined by `,` (the status one letter), which reads about five times faster. An
//! entry with more than that (a reason, a make-up) or a member id that holds a separator is written whole in
//! a list beside, with its place, so that the text gives back exactly the records it was made of.
//!
//! The activities are under another key than in a slice of earlier versions, so that such a version finds no
//! slice it knows in this text (and reads the stores) instead of activities with empty rolls.

use super::activity::{Activity, AttendanceEntry, AttendanceStatus};
use super::branch::{Branch, PartyGroup};
use super::dataset::Dataset;
use super::date::Date;
use super::member::Member;
use super::rules::Rule;
use super::study::StudyItem;
use super::MemberId;
use serde::{Deserialize, Serialize};

/// Between the entries of a roll string.
const ENTRY_SEP: char = ',';
/// Between an entry's member id and its status letter.
const FIELD_SEP: char = ' ';

/// The text as written: the records of [`slice`](super::overview::slice), the activities without their rolls.
#[derive(Serialize)]
struct Written<'a> {
    token: &'a str,
    branch: &'a Branch,
    rules: &'a [Rule],
    groups: &'a [PartyGroup],
    members: &'a [Member],
    study_items: Vec<&'a StudyItem>,
    activities_rolls_apart: Vec<Activity>,
    rolls: Vec<String>,
    roll_entries: Vec<(usize, usize, &'a AttendanceEntry)>,
}

/// The text as read back.
#[derive(Deserialize)]
struct Read {
    token: String,
    branch: Branch,
    rules: Vec<Rule>,
    groups: Vec<PartyGroup>,
    members: Vec<Member>,
    study_items: Vec<StudyItem>,
    activities_rolls_apart: Vec<Activity>,
    rolls: Vec<String>,
    roll_entries: Vec<(usize, usize, AttendanceEntry)>,
}

fn letter(status: AttendanceStatus) -> char {
    match status {
        AttendanceStatus::Present => 'p',
        AttendanceStatus::Leave => 'l',
        AttendanceStatus::Absent => 'a',
        AttendanceStatus::Elsewhere => 'e',
        AttendanceStatus::Observer => 'o',
    }
}

fn status(letter: &str) -> Option<AttendanceStatus> {
    Some(match letter {
        "p" => AttendanceStatus::Present,
        "l" => AttendanceStatus::Leave,
        "a" => AttendanceStatus::Absent,
        "e" => AttendanceStatus::Elsewhere,
        "o" => AttendanceStatus::Observer,
        _ => return None,
    })
}

/// Whether `entry` fits in a roll string: a member and a status only, the id free of separators.
fn fits(entry: &AttendanceEntry) -> bool {
    let id = entry.member.as_str();
    entry.reason.is_empty() && entry.make_up.is_none() && !id.is_empty() && !id.contains([ENTRY_SEP, FIELD_SEP])
}

/// The text of `data`'s slice from `from` ([`slice`](super::overview::slice)), read at the data token `token`.
pub fn encode(token: &str, data: &Dataset, from: Date) -> String {
    let study_items = data.study_items.iter().filter(|s| s.date >= from).collect();
    let mut activities = Vec::new();
    let mut rolls = Vec::new();
    let mut roll_entries = Vec::new();
    for a in data.activities.iter().filter(|a| a.date >= from) {
        let mut roll = String::with_capacity(a.attendance.len() * 16);
        for (i, entry) in a.attendance.iter().enumerate() {
            if !fits(entry) {
                roll_entries.push((activities.len(), i, entry));
                continue;
            }
            if !roll.is_empty() {
                roll.push(ENTRY_SEP);
            }
            roll.push_str(entry.member.as_str());
            roll.push(FIELD_SEP);
            roll.push(letter(entry.status));
        }
        rolls.push(roll);
        activities.push(Activity {
            attendance: Vec::new(),
            ..a.clone()
        });
    }
    let written = Written {
        token,
        branch: &data.branch,
        rules: &data.rules,
        groups: &data.groups,
        members: &data.members,
        study_items,
        activities_rolls_apart: activities,
        rolls,
        roll_entries,
    };
    // Serialising plain data to a string cannot fail.
    serde_json::to_string(&written).unwrap_or_default()
}

/// The data token and the records of a text written by [`encode`]; `None` for anything else (another
/// version's slice, a damaged one): then the start reads the stores.
pub fn decode(text: &str) -> Option<(String, Dataset)> {
    let read: Read = serde_json::from_str(text).ok()?;
    if read.rolls.len() != read.activities_rolls_apart.len() {
        return None;
    }
    let mut whole = read.roll_entries.into_iter().peekable();
    let mut activities = read.activities_rolls_apart;
    for (at, (activity, roll)) in activities.iter_mut().zip(&read.rolls).enumerate() {
        let mut short = roll.split(ENTRY_SEP).filter(|_| !roll.is_empty());
        let attendance = &mut activity.attendance;
        loop {
            if let Some((_, _, entry)) = whole.next_if(|&(a, i, _)| a == at && i == attendance.len()) {
                attendance.push(entry);
                continue;
            }
            let Some(item) = short.next() else { break };
            let (member, letter) = item.rsplit_once(FIELD_SEP)?;
            attendance.push(AttendanceEntry {
                member: MemberId::from(member),
                status: status(letter)?,
                reason: String::new(),
                make_up: None,
            });
        }
    }
    // Every entry written whole found its place.
    if whole.next().is_some() {
        return None;
    }
    let data = Dataset {
        branch: read.branch,
        groups: read.groups,
        members: read.members,
        activities,
        study_items: read.study_items,
        rules: read.rules,
    };
    Some((read.token, data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::{generate, DemoSize};
    use crate::domain::overview;
    use crate::domain::{MakeUp, MakeUpWay};

    #[test]
    fn the_text_gives_back_the_slice_of_the_demo_and_large_branches() {
        for size in [DemoSize::DEMO, DemoSize::LARGE] {
            let today = Date::ymd(2026, 11, 21);
            let data = generate(&size, today, 20_260_101);
            for from in [Date::ymd(2026, 1, 1), Date::ymd(2019, 7, 1), Date::ymd(2031, 1, 1)] {
                let text = encode("t-1", &data, from);
                assert_eq!(decode(&text), Some(("t-1".to_owned(), overview::slice(&data, from))));
            }
        }
    }

    #[test]
    fn entries_with_more_than_a_status_or_odd_ids_keep_their_place() {
        let today = Date::ymd(2026, 11, 21);
        let mut data = generate(&DemoSize::DEMO, today, 20_260_101);
        let from = Date::ymd(2026, 1, 1);
        let a = data.activities.iter_mut().rfind(|a| a.attendance.len() > 3).unwrap();
        a.attendance[0].reason = "出差".to_owned();
        a.attendance[2].member = MemberId::from("m-with,comma and space");
        let last = a.attendance.len() - 1;
        a.attendance[last].make_up = Some(MakeUp {
            date: today,
            way: MakeUpWay::SelfStudy,
            note: String::new(),
        });
        a.attendance.push(AttendanceEntry {
            member: MemberId::from(""),
            status: AttendanceStatus::Observer,
            reason: String::new(),
            make_up: None,
        });
        let first = data.activities.iter_mut().find(|a| a.date >= from).unwrap();
        first.attendance.clear();
        let text = encode("t-2", &data, from);
        assert_eq!(decode(&text), Some(("t-2".to_owned(), overview::slice(&data, from))));
    }

    #[test]
    fn anything_else_is_no_slice() {
        let data = generate(&DemoSize::DEMO, Date::ymd(2026, 11, 21), 20_260_101);
        let text = encode("t-3", &data, Date::ymd(2026, 1, 1));
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let changed = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut d = doc.clone();
            f(&mut d);
            d.to_string()
        };
        for bad in [
            String::new(),
            "[]".to_owned(),
            text[..text.len() / 2].to_owned(),
            // a slice of an earlier version: the whole records under `activities`
            changed(&|d| {
                let apart = d.as_object_mut().unwrap().remove("activities_rolls_apart").unwrap();
                d["activities"] = apart;
            }),
            changed(&|d| d["rolls"].as_array_mut().unwrap().truncate(1)),
            changed(&|d| d["rolls"][0] = "m-1 x".into()),
            changed(&|d| d["rolls"][0] = "m-1".into()),
            changed(&|d| d["roll_entries"] = serde_json::json!([[0, 999, {"member": "m-1", "status": "present"}]])),
            changed(&|d| d["roll_entries"] = serde_json::json!([[999, 0, {"member": "m-1", "status": "present"}]])),
        ] {
            assert_eq!(decode(&bad), None, "{bad:.80}");
        }
    }
}
