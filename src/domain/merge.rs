//! Merging an imported dataset into the one already stored: what would be added, what differs, what is the same.
//!
//! Records are matched by id (ids never change and are unique across devices, see [`super::id`]), the
//! rules by their rule id, the branch profile as one record. [`plan`] lists, per kind, the records only in
//! the backup (added), those identical on both sides (unchanged), those only on this device (kept as they
//! are: a merge never deletes) and those with the same id but different content (conflicts, with the
//! fields that differ). Rules a side never edited (none stored: the defaults apply) give way to the other
//! side's edited rules. [`merge`] builds the result with one choice for every conflict ([`Keep`]), and
//! [`merge_checked`] refuses a result that would not pass [`check_dataset`] — e.g. a new party group whose
//! name is already taken by another group here — saying which records are in the way.

use super::activity::Activity;
use super::branch::{Branch, PartyGroup};
use super::dataset::Dataset;
use super::integrity::{check_dataset, RecordKind, RecordProblem};
use super::member::Member;
use super::rules::Rule;
use super::study::StudyItem;
use std::collections::{HashMap, HashSet};
use thiserror::Error;

/// Which side wins where a record exists on both with different content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// 本机: this device's version.
    Local,
    /// 备份: the backup file's version.
    Incoming,
}

impl Keep {
    pub fn label(self) -> &'static str {
        match self {
            Keep::Local => "保留本机记录",
            Keep::Incoming => "采用备份中的记录",
        }
    }
}

/// One record present on both sides with different content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub id: String,
    /// How a person recognises this device's version ("2025-03-15 党员大会", "张三").
    pub local: String,
    /// The same for the backup's version (it differs when e.g. a name or a date changed).
    pub incoming: String,
    /// The Chinese names of the fields that differ ("主题", "出席名单").
    pub fields: Vec<&'static str>,
}

impl Conflict {
    /// "2025-03-15 党员大会（主题、出席名单不同）"; a renamed record shows both names.
    pub fn describe(&self) -> String {
        let name = if self.local == self.incoming {
            self.local.clone()
        } else {
            format!("{} → {}", self.local, self.incoming)
        };
        if self.fields.is_empty() {
            name
        } else {
            format!("{name}（{}不同）", self.fields.join("、"))
        }
    }
}

/// What a merge would do to one kind of record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindDiff {
    pub kind: RecordKind,
    /// Records only in the backup, by how a person recognises them, in the backup's order.
    pub added: Vec<String>,
    /// Records identical on both sides.
    pub unchanged: usize,
    /// Records only on this device (a merge keeps them).
    pub local_only: usize,
    pub conflicts: Vec<Conflict>,
    /// Added records whose name is already used by a different record here (two people called 张三 after
    /// the merge, say): not an error, but worth a look.
    pub same_name: Vec<String>,
}

impl KindDiff {
    fn new(kind: RecordKind) -> KindDiff {
        KindDiff {
            kind,
            added: Vec::new(),
            unchanged: 0,
            local_only: 0,
            conflicts: Vec::new(),
            same_name: Vec::new(),
        }
    }
}

/// What merging a backup into this device's data would do, kind by kind (branch profile, groups, members,
/// activities, study items, rules — in that order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergePlan {
    pub kinds: Vec<KindDiff>,
}

impl MergePlan {
    pub fn added(&self) -> usize {
        self.kinds.iter().map(|k| k.added.len()).sum()
    }

    pub fn conflicts(&self) -> usize {
        self.kinds.iter().map(|k| k.conflicts.len()).sum()
    }

    pub fn unchanged(&self) -> usize {
        self.kinds.iter().map(|k| k.unchanged).sum()
    }

    /// Whether merging would change nothing at all.
    pub fn changes_nothing(&self) -> bool {
        self.added() == 0 && self.conflicts() == 0
    }

    pub fn kind(&self, kind: RecordKind) -> Option<&KindDiff> {
        self.kinds.iter().find(|k| k.kind == kind)
    }
}

/// Why a merge was refused; the store is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MergeError {
    #[error(
        "合并后的数据会有 {} 处问题，因此没有合并，本机数据未作任何改动：\n{}\n可以改选另一种处理冲突的方式、选择“替换”，或先在本机修改这些记录后再合并。",
        .0.len(),
        .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    )]
    Invalid(Vec<RecordProblem>),
}

/// A record matched by id across the two sides.
trait Keyed: Clone + PartialEq {
    fn key(&self) -> &str;
    /// How a person recognises the record.
    fn label(&self) -> String;
    /// The name two different records should not share, if the kind has one.
    fn name(&self) -> Option<&str> {
        None
    }
    /// The Chinese names of the fields that differ from `other`.
    fn changed_fields(&self, other: &Self) -> Vec<&'static str>;
}

/// The labels of the fields that differ, each once.
macro_rules! changed {
    ($a:expr, $b:expr; $($field:ident => $label:literal),* $(,)?) => {{
        let mut out: Vec<&'static str> = Vec::new();
        $(
            if $a.$field != $b.$field && !out.contains(&$label) {
                out.push($label);
            }
        )*
        out
    }};
}

impl Keyed for PartyGroup {
    fn key(&self) -> &str {
        self.id.as_str()
    }
    fn label(&self) -> String {
        self.name.clone()
    }
    fn name(&self) -> Option<&str> {
        Some(self.name.trim())
    }
    fn changed_fields(&self, o: &Self) -> Vec<&'static str> {
        changed!(self, o; name => "名称", group_leader => "组长")
    }
}

impl Keyed for Member {
    fn key(&self) -> &str {
        self.id.as_str()
    }
    fn label(&self) -> String {
        self.name.clone()
    }
    fn name(&self) -> Option<&str> {
        Some(self.name.trim())
    }
    fn changed_fields(&self, o: &Self) -> Vec<&'static str> {
        changed!(self, o;
            name => "姓名", kind => "类别", group => "党小组", party_joined => "入党日期",
            full_since => "转正日期", joined_branch => "转入日期", left_branch => "转出日期",
            mobile => "流动党员", excused => "免于应到", phone => "电话", note => "备注")
    }
}

impl Keyed for Activity {
    fn key(&self) -> &str {
        self.id.as_str()
    }
    fn label(&self) -> String {
        format!("{} {}", self.date, self.kind.label())
    }
    fn changed_fields(&self, o: &Self) -> Vec<&'static str> {
        changed!(self, o;
            kind => "类别", status => "状态", date => "日期", start => "开始时间", end => "结束时间",
            location => "地点", theme => "主题", group => "党小组", host => "主持人", recorder => "记录人",
            lecturer => "授课人", lecturer_name => "授课人", agenda => "议题", content => "内容",
            resolution => "决议", vote => "表决", attendance => "出席名单", study_hours => "学时")
    }
}

impl Keyed for StudyItem {
    fn key(&self) -> &str {
        self.id.as_str()
    }
    fn label(&self) -> String {
        format!("{} {}", self.date, self.topic)
    }
    fn changed_fields(&self, o: &Self) -> Vec<&'static str> {
        changed!(self, o;
            date => "日期", whole_week => "整周", topic => "学习主题", materials => "学习材料",
            format => "形式", study_leader => "领学人", study_hours => "学时", activity => "关联活动",
            done => "完成")
    }
}

impl Keyed for Rule {
    fn key(&self) -> &str {
        &self.id
    }
    fn label(&self) -> String {
        self.describe()
    }
    fn changed_fields(&self, o: &Self) -> Vec<&'static str> {
        changed!(self, o;
            kind => "检查内容", period => "周期", minimum => "要求数量", scope => "检查范围",
            enabled => "启用", local => "本地规则", source => "依据", note => "备注")
    }
}

/// The first record with each key (a list with repeated ids is refused later by [`check_dataset`]).
fn index<T: Keyed>(list: &[T]) -> HashMap<&str, &T> {
    let mut map = HashMap::with_capacity(list.len());
    for item in list {
        map.entry(item.key()).or_insert(item);
    }
    map
}

fn diff<T: Keyed>(kind: RecordKind, local: &[T], incoming: &[T]) -> KindDiff {
    let mut out = KindDiff::new(kind);
    let here = index(local);
    let there = index(incoming);
    let names: HashSet<&str> = local.iter().filter_map(Keyed::name).collect();
    let mut seen = HashSet::new();
    for item in incoming {
        if !seen.insert(item.key()) {
            continue;
        }
        match here.get(item.key()) {
            None => {
                out.added.push(item.label());
                if item.name().is_some_and(|n| names.contains(n)) {
                    out.same_name.push(item.label());
                }
            }
            Some(mine) if *mine == item => out.unchanged += 1,
            Some(mine) => out.conflicts.push(Conflict {
                id: item.key().to_owned(),
                local: mine.label(),
                incoming: item.label(),
                fields: mine.changed_fields(item),
            }),
        }
    }
    let mut seen = HashSet::new();
    out.local_only = local
        .iter()
        .filter(|m| seen.insert(m.key()) && !there.contains_key(m.key()))
        .count();
    out
}

/// This device's records in their order (each conflict resolved by `keep`), then the backup's new ones in
/// the backup's order.
fn merge_list<T: Keyed>(local: &[T], incoming: &[T], keep: Keep) -> Vec<T> {
    let there = index(incoming);
    let here = index(local);
    let mut out: Vec<T> = local
        .iter()
        .map(|mine| match (keep, there.get(mine.key())) {
            (Keep::Incoming, Some(theirs)) => (*theirs).clone(),
            _ => mine.clone(),
        })
        .collect();
    let mut seen = HashSet::new();
    out.extend(
        incoming
            .iter()
            .filter(|t| !here.contains_key(t.key()) && seen.insert(t.key()))
            .cloned(),
    );
    out
}

fn branch_is_blank(b: &Branch) -> bool {
    b.name.trim().is_empty() && b.parent_org.trim().is_empty() && b.committee.is_empty()
}

fn diff_branch(local: &Branch, incoming: &Branch) -> KindDiff {
    let mut out = KindDiff::new(RecordKind::Branch);
    let label = |b: &Branch| {
        if b.name.trim().is_empty() {
            "支部信息".to_owned()
        } else {
            b.name.clone()
        }
    };
    if local == incoming {
        out.unchanged = usize::from(!branch_is_blank(local));
    } else if branch_is_blank(local) {
        out.added.push(label(incoming));
    } else if branch_is_blank(incoming) {
        out.local_only = 1;
    } else {
        out.conflicts.push(Conflict {
            id: "branch".to_owned(),
            local: label(local),
            incoming: label(incoming),
            fields: changed!(local, incoming; name => "支部名称", parent_org => "上级党委", committee => "支委会",
                name_order => "名单排序"),
        });
    }
    out
}

/// What merging `incoming` (a backup) into `local` (this device) would add, keep and conflict on.
pub fn plan(local: &Dataset, incoming: &Dataset) -> MergePlan {
    MergePlan {
        kinds: vec![
            diff_branch(&local.branch, &incoming.branch),
            diff(RecordKind::Group, &local.groups, &incoming.groups),
            diff(RecordKind::Member, &local.members, &incoming.members),
            diff(RecordKind::Activity, &local.activities, &incoming.activities),
            diff(RecordKind::StudyItem, &local.study_items, &incoming.study_items),
            diff_rules(local, incoming),
        ],
    }
}

/// Rules: a side with no stored rules has never edited them (the defaults apply) and has no say. So with
/// nothing stored here, the backup's edited rules come in as they are (those that differ from the
/// defaults are listed as added); with nothing stored in the backup, this device's rules stay; with both
/// edited, rules are matched by rule id.
fn diff_rules(local: &Dataset, incoming: &Dataset) -> KindDiff {
    if local.rules.is_empty() && !incoming.rules.is_empty() {
        let mut out = diff(RecordKind::Rule, &local.effective_rules(), &incoming.rules);
        let taken = std::mem::take(&mut out.conflicts);
        out.added.extend(taken.into_iter().map(|c| c.incoming));
        out.local_only = 0;
        out
    } else if incoming.rules.is_empty() {
        let mut out = KindDiff::new(RecordKind::Rule);
        if local.rules.is_empty() {
            out.unchanged = super::rules::default_rules().len();
        } else {
            out.local_only = local.rules.len();
        }
        out
    } else {
        diff(RecordKind::Rule, &local.rules, &incoming.rules)
    }
}

/// The merged dataset: everything on this device, everything new in the backup, and for records on both
/// sides with different content the side chosen by `keep`. Nothing is deleted. Not checked: see
/// [`merge_checked`].
pub fn merge(local: &Dataset, incoming: &Dataset, keep: Keep) -> Dataset {
    let branch = if branch_is_blank(&local.branch) {
        incoming.branch.clone()
    } else if branch_is_blank(&incoming.branch) || keep == Keep::Local {
        local.branch.clone()
    } else {
        incoming.branch.clone()
    };
    // No stored rules means "never edited, the defaults": that side has no say (see `diff_rules`).
    let rules = if local.rules.is_empty() {
        incoming.rules.clone()
    } else if incoming.rules.is_empty() {
        local.rules.clone()
    } else {
        merge_list(&local.rules, &incoming.rules, keep)
    };
    Dataset {
        branch,
        groups: merge_list(&local.groups, &incoming.groups, keep),
        members: merge_list(&local.members, &incoming.members, keep),
        activities: merge_list(&local.activities, &incoming.activities, keep),
        study_items: merge_list(&local.study_items, &incoming.study_items, keep),
        rules,
    }
}

/// [`merge`], refused when the result would not pass [`check_dataset`] (the problems name the records).
pub fn merge_checked(local: &Dataset, incoming: &Dataset, keep: Keep) -> Result<Dataset, MergeError> {
    let merged = merge(local, incoming, keep);
    let problems = check_dataset(&merged);
    if problems.is_empty() {
        Ok(merged)
    } else {
        Err(MergeError::Invalid(problems))
    }
}
