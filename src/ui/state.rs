//! The app's shared state: the branch's data held in a signal, loaded once from the store, and the
//! actions that write to the store first and update the signal only when the write succeeded.

use crate::domain::{Branch, Dataset, GroupId, Member, MemberId, PartyGroup};
use crate::store::{Store, StoreError, DEFAULT_DB_NAME};
use leptos::prelude::*;
use std::rc::Rc;
use thiserror::Error;

/// Why a user action was not carried out: the store failed, or the app refused it (with the reason).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ActionError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Refused(String),
}

/// Where loading the database stands.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    Loading,
    Ready,
    Failed(String),
}

/// Shared through Leptos context; cheap to copy.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Everything stored, kept in step with IndexedDB.
    pub data: RwSignal<Dataset>,
    pub load: RwSignal<LoadState>,
    store: StoredValue<Option<Rc<Store>>, LocalStorage>,
}

impl AppState {
    fn store(&self) -> Result<Rc<Store>, StoreError> {
        self.store.get_value().ok_or(StoreError::Unavailable)
    }

    /// Runs one store write; on success applies `apply` to the in-memory data.
    pub async fn write<F, Fut>(&self, op: F, apply: impl FnOnce(&mut Dataset)) -> Result<(), StoreError>
    where
        F: FnOnce(Rc<Store>) -> Fut,
        Fut: std::future::Future<Output = Result<(), StoreError>>,
    {
        let store = self.store()?;
        op(store).await?;
        self.data.try_update(apply);
        Ok(())
    }

    /// Re-reads everything from the store (after a bulk change).
    pub async fn reload(&self) -> Result<(), StoreError> {
        let store = self.store()?;
        let data = store.load_all().await?;
        self.data.try_set(data);
        Ok(())
    }

    /// Replaces all data (demo data, restore) and reloads.
    pub async fn replace_all(&self, data: Dataset) -> Result<(), StoreError> {
        let store = self.store()?;
        store.replace_all(&data).await?;
        self.data.try_set(data);
        Ok(())
    }

    /// Saves the branch profile (name, parent organisation, committee seats).
    pub async fn save_branch(&self, branch: Branch) -> Result<(), StoreError> {
        let stored = branch.clone();
        self.write(
            |s| async move { s.save_branch(&stored).await },
            move |d| d.branch = branch,
        )
        .await
    }

    /// Adds a new group or updates an existing one (same id).
    pub async fn save_group(&self, group: PartyGroup) -> Result<(), StoreError> {
        let stored = group.clone();
        self.write(
            |s| async move { s.put_group(&stored).await },
            move |d| match d.groups.iter_mut().find(|g| g.id == group.id) {
                Some(g) => *g = group,
                None => d.groups.push(group),
            },
        )
        .await
    }

    /// Deletes a group; its members stay in the branch without a group.
    pub async fn delete_group(&self, id: GroupId) -> Result<(), StoreError> {
        let stored = id.clone();
        self.write(
            |s| async move { s.delete_group(&stored).await },
            move |d| {
                d.groups.retain(|g| g.id != id);
                for m in d.members.iter_mut().filter(|m| m.group.as_ref() == Some(&id)) {
                    m.group = None;
                }
            },
        )
        .await
    }

    /// Adds a new member or updates an existing one (same id).
    pub async fn save_member(&self, member: Member) -> Result<(), StoreError> {
        let stored = member.clone();
        self.write(
            |s| async move { s.put_member(&stored).await },
            move |d| match d.members.iter_mut().find(|m| m.id == member.id) {
                Some(m) => *m = member,
                None => d.members.push(member),
            },
        )
        .await
    }

    /// Deletes a member who appears nowhere else; otherwise refuses and says why (transfer them out instead).
    pub async fn delete_member(&self, id: MemberId) -> Result<(), ActionError> {
        if let Some(why) = self.data.with_untracked(|d| MemberUsage::of(d, &id).refusal()) {
            return Err(ActionError::Refused(why));
        }
        let stored = id.clone();
        self.write(
            |s| async move { s.delete_member(&stored).await },
            move |d| d.members.retain(|m| m.id != id),
        )
        .await?;
        Ok(())
    }

    /// Deletes everything stored on this device.
    pub async fn clear_all(&self) -> Result<(), StoreError> {
        self.replace_all(Dataset::default()).await
    }
}

/// Where a member is still named: what blocks deleting them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberUsage {
    /// Activities (held or planned) naming them as attendee, host, recorder or lecturer.
    pub records: usize,
    /// Study-plan items they lead.
    pub study_items: usize,
    /// Committee seats they hold.
    pub seats: Vec<&'static str>,
    /// Names of the groups they lead.
    pub led_groups: Vec<String>,
}

impl MemberUsage {
    pub fn of(data: &Dataset, id: &MemberId) -> MemberUsage {
        MemberUsage {
            records: data
                .activities
                .iter()
                .filter(|a| {
                    a.host.as_ref() == Some(id)
                        || a.recorder.as_ref() == Some(id)
                        || a.lecturer.as_ref() == Some(id)
                        || a.attendance.iter().any(|e| &e.member == id)
                })
                .count(),
            study_items: data
                .study_items
                .iter()
                .filter(|s| s.study_leader.as_ref() == Some(id))
                .count(),
            seats: data.branch.roles_of(id).into_iter().map(|r| r.label()).collect(),
            led_groups: data
                .groups
                .iter()
                .filter(|g| g.group_leader.as_ref() == Some(id))
                .map(|g| g.name.clone())
                .collect(),
        }
    }

    /// Whether past or planned records name them (then they should be transferred out, not deleted).
    pub fn has_history(&self) -> bool {
        self.records > 0 || self.study_items > 0
    }

    pub fn is_free(&self) -> bool {
        !self.has_history() && self.seats.is_empty() && self.led_groups.is_empty()
    }

    /// Why deleting is refused, in Chinese, with what to do; `None` when deleting is allowed.
    pub fn refusal(&self) -> Option<String> {
        if self.is_free() {
            return None;
        }
        let mut reasons = Vec::new();
        if self.records > 0 {
            reasons.push(format!("{} 条活动记录或计划中有此人", self.records));
        }
        if self.study_items > 0 {
            reasons.push(format!("学习计划中有 {} 项由此人领学", self.study_items));
        }
        if !self.seats.is_empty() {
            reasons.push(format!("此人担任{}", self.seats.join("、")));
        }
        if !self.led_groups.is_empty() {
            reasons.push(format!("此人是{}的组长", self.led_groups.join("、")));
        }
        let mut msg = format!("不能删除：{}。", reasons.join("；"));
        if !self.seats.is_empty() {
            msg.push_str("请先在“支部信息”中更换支委职务。");
        }
        if !self.led_groups.is_empty() {
            msg.push_str("请先在“党小组”中更换组长。");
        }
        if self.has_history() {
            msg.push_str("已有记录的人员请登记转出日期：转出后不再计入应到，历史记录仍保留其姓名。");
        }
        Some(msg)
    }
}
/// Creates the state, provides it as context and starts loading the database.
pub fn provide_app_state() -> AppState {
    let state = AppState {
        data: RwSignal::new(Dataset::default()),
        load: RwSignal::new(LoadState::Loading),
        store: StoredValue::new_local(None),
    };
    provide_context(state);
    leptos::task::spawn_local(async move {
        match Store::open(DEFAULT_DB_NAME).await {
            Ok(store) => {
                let store = Rc::new(store);
                state.store.set_value(Some(store.clone()));
                match store.load_all().await {
                    Ok(data) => {
                        state.data.try_set(data);
                        state.load.try_set(LoadState::Ready);
                    }
                    Err(e) => {
                        state.load.try_set(LoadState::Failed(e.to_string()));
                    }
                }
            }
            Err(e) => {
                state.load.try_set(LoadState::Failed(e.to_string()));
            }
        }
    });
    state
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// Record-book actions (activities, roll, make-up study): each one store transaction.
impl AppState {
    /// Adds a new activity or replaces the stored one with the same id.
    pub async fn save_activity(&self, activity: crate::domain::Activity) -> Result<(), StoreError> {
        let stored = activity.clone();
        self.write(
            |s| async move { s.put_activity(&stored).await },
            move |d| match d.activities.iter_mut().find(|a| a.id == activity.id) {
                Some(a) => *a = activity,
                None => d.activities.push(activity),
            },
        )
        .await
    }

    /// Deletes one activity (its roll and make-up study go with it).
    pub async fn delete_activity(&self, id: crate::domain::ActivityId) -> Result<(), StoreError> {
        let stored = id.clone();
        self.write(
            |s| async move { s.delete_activity(&stored).await },
            move |d| d.activities.retain(|a| a.id != id),
        )
        .await
    }
}

/// Plan and schedule actions (year plan, study plan, "我的"): each one store transaction.
impl AppState {
    /// Adds or replaces many activities in one transaction (a generated year plan): all or nothing.
    pub async fn put_activities(&self, activities: Vec<crate::domain::Activity>) -> Result<(), StoreError> {
        if activities.is_empty() {
            return Ok(());
        }
        let stored = activities.clone();
        self.write(
            |s| async move { s.put_activities(&stored).await },
            move |d| {
                for a in activities {
                    match d.activities.iter_mut().find(|x| x.id == a.id) {
                        Some(x) => *x = a,
                        None => d.activities.push(a),
                    }
                }
            },
        )
        .await
    }

    /// Adds a study-plan item or replaces the stored one with the same id.
    pub async fn save_study_item(&self, item: crate::domain::StudyItem) -> Result<(), StoreError> {
        let stored = item.clone();
        self.write(
            |s| async move { s.put_study_item(&stored).await },
            move |d| match d.study_items.iter_mut().find(|x| x.id == item.id) {
                Some(x) => *x = item,
                None => {
                    d.study_items.push(item);
                    d.study_items.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
                }
            },
        )
        .await
    }

    /// Deletes one study-plan item.
    pub async fn delete_study_item(&self, id: crate::domain::StudyItemId) -> Result<(), StoreError> {
        let stored = id.clone();
        self.write(
            |s| async move { s.delete_study_item(&stored).await },
            move |d| d.study_items.retain(|x| x.id != id),
        )
        .await
    }

    /// The member "我的" remembers on this device (meta key [`META_MY_MEMBER`]), if the user asked for it.
    pub async fn remembered_member(&self) -> Result<Option<MemberId>, StoreError> {
        let value: Option<String> = self.store()?.meta(META_MY_MEMBER).await?;
        Ok(value.filter(|v| !v.is_empty()).map(MemberId))
    }

    /// Remembers (or with `None` forgets) who uses "我的" on this device. Kept in the database's `meta`
    /// store: not part of backups, kept when the data is cleared.
    pub async fn remember_member(&self, member: Option<MemberId>) -> Result<(), StoreError> {
        let value = member.map(|m| m.0).unwrap_or_default();
        self.store()?.set_meta(META_MY_MEMBER, &value).await
    }
}

/// The `meta` key under which "我的" remembers the chosen member (an id, or "" for nobody).
pub const META_MY_MEMBER: &str = "my_member";

/// Compliance rules actions (规则 page): each one store transaction.
impl AppState {
    /// Stores the edited rules, after checking them all (nothing is stored if any is invalid). A set equal to
    /// the defaults is stored as "the defaults" (empty), so later default changes reach it.
    pub async fn save_rules(&self, rules: Vec<crate::domain::rules::Rule>) -> Result<(), ActionError> {
        let problems = crate::domain::rules::validate_rules(&rules);
        if let Some((i, e)) = problems.first() {
            let name = rules.get(*i).map(|r| r.describe()).unwrap_or_default();
            return Err(ActionError::Refused(format!("规则“{name}”有误：{e}，未保存")));
        }
        let rules = if rules == crate::domain::rules::default_rules() {
            Vec::new()
        } else {
            rules
        };
        let stored = rules.clone();
        self.write(|s| async move { s.save_rules(&stored).await }, move |d| d.rules = rules)
            .await?;
        Ok(())
    }
}

/// Bulk member actions (粘贴名单批量添加): one store transaction.
impl AppState {
    /// Adds or replaces many members in one transaction: all or nothing; the data signal changes only when
    /// the write succeeded.
    pub async fn save_members(&self, members: Vec<Member>) -> Result<(), StoreError> {
        if members.is_empty() {
            return Ok(());
        }
        let stored = members.clone();
        self.write(
            |s| async move { s.put_members(&stored).await },
            move |d| {
                for m in members {
                    match d.members.iter_mut().find(|x| x.id == m.id) {
                        Some(x) => *x = m,
                        None => d.members.push(m),
                    }
                }
            },
        )
        .await
    }
}
