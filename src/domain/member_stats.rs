//! Per-member figures for a year: attendance, make-up study (补学), study hours (学时), heart talks (谈心谈话),
//! and the month grid of the per-member sheet (出席/请假/缺席/补学/异地).
//!
//! Decisions (kept consistent with [`tally`](super::roll::tally), so that the per-member sheet adds up to
//! the per-activity counts):
//! - Only **held** activities count; planned and cancelled ones never do.
//! - A member is **expected** (应到) at an activity when its recorded roll has an entry for them that is not
//!   `Observer`, and they were a party member (full or probationary) on its date. Only the first entry per
//!   member counts. Activists are never expected and do not appear in the sheet.
//! - **Attended** (实到) = 出席 + 异地参加.
//! - **补学**: a 请假/缺席 entry with a make-up recorded is "done", without one "owed".
//! - **Study hours**: the activity's `study_hours` are credited for every entry where the member attended,
//!   *and* for every 请假/缺席 entry whose make-up is recorded (补学 makes the study up). Hours count in the
//!   year of the activity, whenever the make-up happened. Study-plan items (self-study) are not credited:
//!   the 32 hours are *concentrated* study (集中学习培训), and a studied item is linked to its activity.
//! - **Heart talks**: held 谈心谈话 activities where the member attended or was the host (the committee
//!   member who held the talk takes part in it as well).
//! - A member is **active** on a day when in the branch, a party member and not excused that day; a month
//!   (or any period) is active when any of its days is. Active months drive who is listed and, in
//!   `compliance`, pro-rated study hours and whether a party group existed.
//! - The six-month absence streak (党章第九条): see [`absence_streak`].

use super::activity::chronological;
use super::activity::{Activity, ActivityKind, ActivityStatus, AttendanceEntry, AttendanceStatus};
use super::dataset::Dataset;
use super::date::{days_in_month, Date};
use super::id::{ActivityId, MemberId};
use super::member::{Member, MemberKind};
use super::sort::sort_by;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Whether the member counts as an active party member of the branch on `day`.
pub fn is_active_on(member: &Member, day: Date) -> bool {
    member.in_branch_on(day) && member.is_party_member_on(day) && member.excused_on(day).is_none()
}

/// For each month of `year` (index 0 = January): whether the member was active on any day of it.
pub fn active_months(member: &Member, year: i32) -> [bool; 12] {
    let mut out = [false; 12];
    for (i, slot) in out.iter_mut().enumerate() {
        let month = i as u8 + 1;
        *slot = (1..=days_in_month(year, month))
            .filter_map(|day| Date::new(year, month, day))
            .any(|d| is_active_on(member, d));
    }
    out
}

/// A fast, non-cryptographic hasher (the "Fx" hash of rustc) for maps keyed by ids inside the statistics:
/// the data is the user's own, so hash flooding is no concern, and SipHash dominated the time of a pass.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

impl FxHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Members by id, for looking many up (the first member with an id wins, as in [`Dataset::member`]). Each
/// distinct id also gets a dense number (0, 1, …), so that "seen" sets over members are bit sets.
pub struct MemberIndex<'a> {
    by_id: FastMap<&'a MemberId, (usize, &'a Member)>,
}

impl<'a> MemberIndex<'a> {
    pub fn new(data: &'a Dataset) -> MemberIndex<'a> {
        let mut by_id = FastMap::with_capacity_and_hasher(data.members.len(), Default::default());
        for m in &data.members {
            let next = by_id.len();
            by_id.entry(&m.id).or_insert((next, m));
        }
        MemberIndex { by_id }
    }

    pub fn get(&self, id: &MemberId) -> Option<&'a Member> {
        self.by_id.get(id).map(|&(_, m)| m)
    }

    /// The member's dense number (below [`MemberIndex::len`]) and record.
    fn numbered(&self, id: &MemberId) -> Option<(usize, &'a Member)> {
        self.by_id.get(id).copied()
    }

    /// How many distinct ids.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// The entries of a held activity that count as expected (应到), each with its member, in roll order:
/// the same people [`tally`](super::roll::tally) counts in `expected`.
pub fn expected_entries<'a>(activity: &'a Activity, data: &'a Dataset) -> Vec<(&'a Member, &'a AttendanceEntry)> {
    expected_entries_in(activity, &MemberIndex::new(data))
}

/// [`expected_entries`] with a prepared index, for going through many activities.
pub fn expected_entries_in<'a>(
    activity: &'a Activity,
    index: &MemberIndex<'a>,
) -> Vec<(&'a Member, &'a AttendanceEntry)> {
    let mut out = Vec::with_capacity(activity.attendance.len());
    for_each_expected(activity, index, |_, member, entry| out.push((member, entry)));
    out
}

/// Calls `f(number, member, entry)` for each entry of [`expected_entries_in`], in roll order, without
/// collecting them.
fn for_each_expected<'a>(
    activity: &'a Activity,
    index: &MemberIndex<'a>,
    mut f: impl FnMut(usize, &'a Member, &'a AttendanceEntry),
) {
    // Bit set over member numbers: only the first entry per member counts.
    let mut small = [0u64; 4];
    let mut large = Vec::new();
    let seen: &mut [u64] = if index.len() <= 256 {
        &mut small
    } else {
        large.resize(index.len().div_ceil(64), 0u64);
        &mut large
    };
    for entry in &activity.attendance {
        let Some((n, member)) = index.numbered(&entry.member) else {
            continue;
        };
        let (word, bit) = (n / 64, 1u64 << (n % 64));
        if seen[word] & bit != 0 {
            continue;
        }
        seen[word] |= bit;
        if entry.status == AttendanceStatus::Observer || member.kind_on(activity.date) == MemberKind::Activist {
            continue;
        }
        f(n, member, entry);
    }
}

/// (应到, 实到) of a held activity: the same figures as `expected` and `attended` of
/// [`tally`](super::roll::tally), with a prepared index.
pub fn expected_and_attended(activity: &Activity, index: &MemberIndex<'_>) -> (u32, u32) {
    let (mut expected, mut attended) = (0u32, 0u32);
    for_each_expected(activity, index, |_, _, entry| {
        expected += 1;
        if entry.status.attended() {
            attended += 1;
        }
    });
    (expected, attended)
}

/// Held activities dated from `from` to `to` inclusive.
pub fn held_between(data: &Dataset, from: Date, to: Date) -> impl Iterator<Item = &Activity> {
    data.activities
        .iter()
        .filter(move |a| a.status == ActivityStatus::Held && from <= a.date && a.date <= to)
}

/// Whether an expected entry earns the activity's study hours: attended, or made up.
pub fn earns_hours(entry: &AttendanceEntry) -> bool {
    entry.status.attended() || (entry.status.owes_make_up() && entry.make_up.is_some())
}

/// The study hours (学时) an activity credits to each member who earns them ([`earns_hours`]), if it credits any.
fn credited_hours(a: &Activity) -> Option<f64> {
    (a.study_hours.is_finite() && a.study_hours > 0.0).then_some(a.study_hours)
}

/// Study hours credited to `member` for held activities dated `from`..=`to`.
pub fn study_hours_between(data: &Dataset, member: &MemberId, from: Date, to: Date) -> f64 {
    hours_and_talks_between(data, from, to).get(member).map_or(0.0, |x| x.0)
}

/// Whether `member` took part in this (heart talk) activity: attended it, or hosted it.
pub fn took_part_in_talk(activity: &Activity, member: &MemberId) -> bool {
    activity.host.as_ref() == Some(member)
        || activity
            .attendance
            .iter()
            .find(|e| &e.member == member)
            .is_some_and(|e| e.status.attended())
}

/// Held heart talks (谈心谈话) dated `from`..=`to` that `member` took part in.
pub fn heart_talks_between(data: &Dataset, member: &MemberId, from: Date, to: Date) -> u32 {
    held_between(data, from, to)
        .filter(|a| a.kind == ActivityKind::HeartTalk && took_part_in_talk(a, member))
        .count() as u32
}

/// For every member with any: (study hours credited, heart talks taken part in) for held activities
/// dated `from`..=`to`, in one pass.
pub fn hours_and_talks_between(data: &Dataset, from: Date, to: Date) -> HashMap<MemberId, (f64, u32)> {
    let index = MemberIndex::new(data);
    let mut out: FastMap<&MemberId, (f64, u32)> = FastMap::default();
    for a in held_between(data, from, to) {
        if let Some(hours) = credited_hours(a) {
            for_each_expected(a, &index, |_, m, e| {
                if earns_hours(e) {
                    out.entry(&m.id).or_default().0 += hours;
                }
            });
        }
        for_each_talker(a, |id| out.entry(id).or_default().1 += 1);
    }
    out.into_iter().map(|(id, v)| (id.clone(), v)).collect()
}

/// For a held 谈心谈话: calls `f` once for each person who took part in it (the host first, then the roll
/// in order); nothing for other kinds. This is what [`hours_and_talks_between`] counts as talks.
fn for_each_talker<'a>(a: &'a Activity, mut f: impl FnMut(&'a MemberId)) {
    if a.kind != ActivityKind::HeartTalk {
        return;
    }
    let mut talkers: Vec<&MemberId> = Vec::new();
    if let Some(host) = &a.host {
        talkers.push(host);
    }
    for e in &a.attendance {
        if !talkers.contains(&&e.member) && took_part_in_talk(a, &e.member) {
            talkers.push(&e.member);
        }
    }
    for id in talkers {
        f(id);
    }
}

/// One mark in the month grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mark {
    Present,
    Elsewhere,
    /// 请假 or 缺席, made up (补学 recorded).
    MadeUp,
    Leave,
    Absent,
}

impl Mark {
    /// Display order in a cell; also the priority order (later = worse).
    pub const ALL: [Mark; 5] = [Mark::Present, Mark::Elsewhere, Mark::MadeUp, Mark::Leave, Mark::Absent];

    pub fn label(self) -> &'static str {
        match self {
            Mark::Present => "出席",
            Mark::Elsewhere => "异地",
            Mark::MadeUp => "补学",
            Mark::Leave => "请假",
            Mark::Absent => "缺席",
        }
    }

    /// The mark of one expected entry.
    pub fn of(entry: &AttendanceEntry) -> Mark {
        match entry.status {
            AttendanceStatus::Present | AttendanceStatus::Observer => Mark::Present,
            AttendanceStatus::Elsewhere => Mark::Elsewhere,
            AttendanceStatus::Leave | AttendanceStatus::Absent if entry.make_up.is_some() => Mark::MadeUp,
            AttendanceStatus::Leave => Mark::Leave,
            AttendanceStatus::Absent => Mark::Absent,
        }
    }
}

/// One month of one member: whether they were active, and one mark per expected activity in date order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MonthCell {
    pub active: bool,
    pub marks: Vec<Mark>,
}

impl MonthCell {
    /// The worst mark (缺席 > 请假 > 补学 > 异地 > 出席), for a one-word grid.
    pub fn worst(&self) -> Option<Mark> {
        self.marks.iter().copied().max()
    }

    /// "出席2、补学" style text: each mark once, with its count when more than one, in display order.
    /// Empty when nothing was expected; "—" when the member was not active that month and had no marks.
    pub fn text(&self) -> String {
        if self.marks.is_empty() {
            return if self.active { String::new() } else { "—".to_owned() };
        }
        Mark::ALL
            .iter()
            .filter_map(|&m| {
                let n = self.marks.iter().filter(|&&x| x == m).count();
                match n {
                    0 => None,
                    1 => Some(m.label().to_owned()),
                    n => Some(format!("{}{}", m.label(), n)),
                }
            })
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// A member's figures for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberStats {
    pub member: MemberId,
    pub name: String,
    /// The member's kind today (正式党员 / 预备党员; an activist only if they were a party member
    /// earlier, which the model does not produce).
    pub kind: MemberKind,
    /// The party group's name, empty if none.
    pub group_name: String,
    /// 应到.
    pub expected: u32,
    /// 实到 = present + elsewhere.
    pub attended: u32,
    pub present: u32,
    pub leave: u32,
    pub absent: u32,
    pub elsewhere: u32,
    /// 补学 recorded.
    pub make_up_done: u32,
    /// 请假/缺席 without a make-up.
    pub make_up_owed: u32,
    /// 学时 credited (attended or made up).
    pub study_hours: f64,
    /// 谈心谈话 taken part in.
    pub heart_talks: u32,
    /// January … December.
    pub months: [MonthCell; 12],
    /// Activities still owing 补学, oldest first.
    pub owed_activities: Vec<ActivityId>,
    /// The year's 民主评议 rating, if the member was rated ([`super::member_review::ratings_in_year`]).
    pub rating: Option<super::member_review::Rating>,
}

impl MemberStats {
    /// 参会率 in whole percent (rounded half up), `None` when nothing was expected.
    pub fn rate_percent(&self) -> Option<u32> {
        percent(self.attended, self.expected)
    }
}

/// `part / whole` in whole percent, rounded half up; `None` for an empty whole.
pub fn percent(part: u32, whole: u32) -> Option<u32> {
    (whole > 0).then(|| ((u64::from(part) * 200 + u64::from(whole)) / (u64::from(whole) * 2)) as u32)
}

fn year_bounds(year: i32) -> Option<(Date, Date)> {
    Some((Date::new(year, 1, 1)?, Date::new(year, 12, 31)?))
}

fn blank_stats(data: &Dataset, member: &Member, year: i32) -> MemberStats {
    blank_stats_with(data, member, active_months(member, year))
}

fn blank_stats_with(data: &Dataset, member: &Member, active: [bool; 12]) -> MemberStats {
    MemberStats {
        member: member.id.clone(),
        name: member.name.clone(),
        kind: member.kind,
        group_name: member.group.as_ref().map(|g| data.group_name(g)).unwrap_or_default(),
        expected: 0,
        attended: 0,
        present: 0,
        leave: 0,
        absent: 0,
        elsewhere: 0,
        make_up_done: 0,
        make_up_owed: 0,
        study_hours: 0.0,
        heart_talks: 0,
        months: std::array::from_fn(|i| MonthCell {
            active: active[i],
            marks: Vec::new(),
        }),
        owed_activities: Vec::new(),
        rating: None,
    }
}

/// The per-member sheet of a year: every party member active in the branch on some day of the year, plus
/// anyone expected at a held activity of the year; ordered by party group (in `data.groups` order, no
/// group last), then name in the branch's order ([`super::collation`]), then id. Empty for a year outside the accepted range.
pub fn year_member_stats(data: &Dataset, year: i32) -> Vec<MemberStats> {
    let Some((from, to)) = year_bounds(year) else {
        return Vec::new();
    };
    let mut by_id: FastMap<&MemberId, MemberStats> = FastMap::default();
    for m in &data.members {
        let active = active_months(m, year);
        if active.iter().any(|&a| a) {
            by_id.insert(&m.id, blank_stats_with(data, m, active));
        }
    }
    let index = MemberIndex::new(data);
    let mut held: Vec<&Activity> = held_between(data, from, to).collect();
    sort_by(&mut held, chronological);
    let mut talks: FastMap<&MemberId, u32> = FastMap::default();
    for a in held {
        for_each_talker(a, |id| *talks.entry(id).or_default() += 1);
        for_each_expected(a, &index, |_, member, entry| {
            let s = by_id
                .entry(&member.id)
                .or_insert_with(|| blank_stats(data, member, year));
            s.expected += 1;
            match entry.status {
                AttendanceStatus::Present => s.present += 1,
                AttendanceStatus::Elsewhere => s.elsewhere += 1,
                AttendanceStatus::Leave => s.leave += 1,
                AttendanceStatus::Absent => s.absent += 1,
                AttendanceStatus::Observer => {}
            }
            if entry.status.attended() {
                s.attended += 1;
            }
            if entry.status.owes_make_up() {
                if entry.make_up.is_some() {
                    s.make_up_done += 1;
                } else {
                    s.make_up_owed += 1;
                    s.owed_activities.push(a.id.clone());
                }
            }
            if let Some(hours) = credited_hours(a).filter(|_| earns_hours(entry)) {
                s.study_hours += hours;
            }
            s.months[usize::from(a.date.month() - 1)].marks.push(Mark::of(entry));
        });
    }
    for s in by_id.values_mut() {
        s.heart_talks = talks.get(&s.member).copied().unwrap_or(0);
    }
    for (_, e) in super::member_review::ratings_in_year(data, year) {
        if let Some(s) = by_id.get_mut(&e.member) {
            s.rating = e.rating;
        }
    }
    let group_rank = |id: &MemberId| sheet_group_rank(data, &index, id);
    let mut out: Vec<MemberStats> = by_id.into_values().collect();
    sort_by(&mut out, |a, b| {
        group_rank(&a.member)
            .cmp(&group_rank(&b.member))
            .then_with(|| data.compare_names(&a.name, &b.name))
            .then_with(|| a.member.cmp(&b.member))
    });
    out
}

/// Where a member's party group stands in the per-member sheet: `data.groups` order, no group last.
fn sheet_group_rank(data: &Dataset, index: &MemberIndex<'_>, id: &MemberId) -> usize {
    index
        .get(id)
        .and_then(|m| m.group.as_ref())
        .and_then(|g| data.groups.iter().position(|x| &x.id == g))
        .unwrap_or(usize::MAX)
}

/// The members of the per-member sheet of a year, in its order: the same people, in the same order, as
/// [`year_member_stats`], without counting their figures (the compliance grid only needs the order).
pub fn year_sheet_order(data: &Dataset, year: i32) -> Vec<MemberId> {
    year_sheet_order_and_totals(data, year).0
}

/// [`year_sheet_order`] and [`hours_and_talks_between`] the year's first and last day, in one pass over the
/// year's roll (the compliance grid's per-member rows need both).
pub fn year_sheet_order_and_totals(data: &Dataset, year: i32) -> (Vec<MemberId>, HashMap<MemberId, (f64, u32)>) {
    let Some((from, to)) = year_bounds(year) else {
        return (Vec::new(), HashMap::new());
    };
    // As in `year_member_stats`: an active member is (re)inserted, one only expected is added once.
    let mut on_sheet: FastMap<&MemberId, &Member> = FastMap::default();
    for m in &data.members {
        if active_months(m, year).iter().any(|&a| a) {
            on_sheet.insert(&m.id, m);
        }
    }
    let index = MemberIndex::new(data);
    let mut totals: FastMap<&MemberId, (f64, u32)> = FastMap::default();
    for a in held_between(data, from, to) {
        let hours = credited_hours(a);
        for_each_expected(a, &index, |_, member, entry| {
            on_sheet.entry(&member.id).or_insert(member);
            // As in `hours_and_talks_between`.
            if let Some(hours) = hours.filter(|_| earns_hours(entry)) {
                totals.entry(&member.id).or_default().0 += hours;
            }
        });
        for_each_talker(a, |id| totals.entry(id).or_default().1 += 1);
    }
    let group_rank = |id: &MemberId| sheet_group_rank(data, &index, id);
    let mut out: Vec<(&MemberId, &Member)> = on_sheet.into_iter().collect();
    sort_by(&mut out, |(a, ma), (b, mb)| {
        group_rank(a)
            .cmp(&group_rank(b))
            .then_with(|| data.compare_names(&ma.name, &mb.name))
            .then_with(|| a.cmp(b))
    });
    (
        out.into_iter().map(|(id, _)| id.clone()).collect(),
        totals.into_iter().map(|(id, v)| (id.clone(), v)).collect(),
    )
}

/// One member's figures for a year, if they appear in that year's sheet.
pub fn member_stats(data: &Dataset, member: &MemberId, year: i32) -> Option<MemberStats> {
    year_member_stats(data, year).into_iter().find(|s| &s.member == member)
}

/// A run of consecutive months in which a member was expected at held activities and attended none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbsenceStreak {
    /// How many such months.
    pub months: u32,
    /// The first and last month of the run, as (year, month).
    pub first: (i32, u8),
    pub last: (i32, u8),
    /// Activities expected in the run, and of those marked 请假.
    pub expected: u32,
    pub leave: u32,
}

/// Months in which a member must have missed all expected activities to be warned (党章第九条).
pub const ABSENCE_MONTHS: u32 = 6;

/// The member's current run of months without taking part in organisational life, as of `cutoff`
/// (the month of `cutoff` included; activities after `cutoff` ignored), across years.
///
/// Going back month by month from `cutoff`: a month in which the member attended (出席 or 异地参加) any
/// held activity ends the run; a month in which they were expected at one or more held activities and
/// attended none extends it (请假 and 缺席 alike: whether a reason is 正当 is for the branch to judge); a
/// month in which they were expected at nothing (no activity held for them, excused, not yet in the
/// branch) **neither breaks nor extends** the run: a branch's own gaps (a summer month without meetings) do
/// not reset a member's absence, and do not count against them. So a run of 6 may span more than 6
/// calendar months. `None` when the latest month with expected activities was attended.
pub fn absence_streak(data: &Dataset, member: &MemberId, cutoff: Date) -> Option<AbsenceStreak> {
    absence_streaks(data, cutoff).remove(member)
}

/// (year, month) -> (expected, attended, 请假) of one member.
type MonthTallies = BTreeMap<(i32, u8), (u32, u32, u32)>;

/// One member's roll at the held activities dated up to a cut-off, gathered in one pass ([`rolls`]): what
/// [`absence_streaks`] reads, whether they attended anything, and their make-ups owed.
#[derive(Clone)]
struct MemberRoll<'a> {
    id: &'a MemberId,
    months: MonthTallies,
    attended: bool,
    owed: u32,
}

/// The roll of everyone expected at a held activity dated up to `cutoff`, by member number.
fn rolls(data: &Dataset, cutoff: Date) -> Vec<MemberRoll<'_>> {
    let index = MemberIndex::new(data);
    // By member number (see [`MemberIndex`]).
    let mut by_member: Vec<Option<MemberRoll>> = vec![None; index.len()];
    for a in data
        .activities
        .iter()
        .filter(|a| a.status == ActivityStatus::Held && a.date <= cutoff)
    {
        let ym = (a.date.year(), a.date.month());
        for_each_expected(a, &index, |n, m, entry| {
            let roll = by_member[n].get_or_insert_with(|| MemberRoll {
                id: &m.id,
                months: MonthTallies::new(),
                attended: false,
                owed: 0,
            });
            let cell = roll.months.entry(ym).or_default();
            cell.0 += 1;
            if entry.status.attended() {
                cell.1 += 1;
                roll.attended = true;
            }
            if entry.status == AttendanceStatus::Leave {
                cell.2 += 1;
            }
            if entry.status.owes_make_up() && entry.make_up.is_none() {
                roll.owed += 1;
            }
        });
    }
    by_member.into_iter().flatten().collect()
}

/// The run at the end of one member's months (see [`absence_streak`]), if any.
fn current_run(months: &MonthTallies) -> Option<AbsenceStreak> {
    let mut streak: Option<AbsenceStreak> = None;
    for (&ym, &(expected, attended, leave)) in months.iter().rev() {
        if attended > 0 {
            break;
        }
        let s = streak.get_or_insert(AbsenceStreak {
            months: 0,
            first: ym,
            last: ym,
            expected: 0,
            leave: 0,
        });
        s.months += 1;
        s.first = ym;
        s.expected += expected;
        s.leave += leave;
    }
    streak
}

/// [`absence_streak`] for every member with a current run, in one pass over the activities.
pub fn absence_streaks(data: &Dataset, cutoff: Date) -> HashMap<MemberId, AbsenceStreak> {
    rolls(data, cutoff)
        .iter()
        .filter_map(|r| Some((r.id.clone(), current_run(&r.months)?)))
        .collect()
}

/// What the alerts read of the roll up to `cutoff`, in one pass: [`absence_streaks`], [`make_up_owed_counts`],
/// and everyone who attended (出席 or 异地参加) anything they were expected at (which the 概览 start needs to
/// join the runs with its summary of older records).
pub fn streaks_owed_attended(
    data: &Dataset,
    cutoff: Date,
) -> (HashMap<MemberId, AbsenceStreak>, HashMap<MemberId, u32>, Vec<&MemberId>) {
    let mut streaks = HashMap::new();
    let mut owed = HashMap::new();
    let mut attended = Vec::new();
    for r in rolls(data, cutoff) {
        if let Some(run) = current_run(&r.months) {
            streaks.insert(r.id.clone(), run);
        }
        if r.owed > 0 {
            owed.insert(r.id.clone(), r.owed);
        }
        if r.attended {
            attended.push(r.id);
        }
    }
    (streaks, owed, attended)
}

/// For every member who owes any: how many 请假/缺席 entries without a make-up they have at held activities
/// dated up to `cutoff` (any year). Counted in the same pass as the absence runs ([`streaks_owed_attended`]).
pub fn make_up_owed_counts(data: &Dataset, cutoff: Date) -> HashMap<MemberId, u32> {
    streaks_owed_attended(data, cutoff).1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(percent(193, 201), Some(96));
        assert_eq!(percent(1, 8), Some(13)); // 12.5
        assert_eq!(percent(0, 3), Some(0));
        assert_eq!(percent(3, 3), Some(100));
        assert_eq!(percent(0, 0), None);
    }

    #[test]
    fn month_cell_text() {
        let cell = MonthCell {
            active: true,
            marks: vec![Mark::Absent, Mark::Present, Mark::Present, Mark::MadeUp],
        };
        assert_eq!(cell.text(), "出席2、补学、缺席");
        assert_eq!(cell.worst(), Some(Mark::Absent));
        assert_eq!(MonthCell::default().text(), "—");
        let empty_active = MonthCell {
            active: true,
            marks: vec![],
        };
        assert_eq!(empty_active.text(), "");
    }
}
