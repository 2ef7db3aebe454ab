//! The only module that knows IndexedDB.
//!
//! One database per branch (default name [`DEFAULT_DB_NAME`]) with a versioned schema (see `schema`).
//! Every public method is one user action and writes in exactly one transaction: either all of it is
//! stored or none of it.

mod error;
mod schema;

pub use error::StoreError;

use crate::domain::{
    Activity, ActivityId, ActivityKind, Branch, Dataset, Date, GroupId, Member, MemberId, PartyGroup, StudyItem,
    StudyItemId,
};

/// The database the app uses.
pub const DEFAULT_DB_NAME: &str = "zhibu";

/// An open connection to one branch's database.
pub struct Store {
    db: indexed_db_futures::database::Database,
}

impl Store {
    /// Opens (creating or upgrading as needed) the database called `name`.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        let db = schema::open(name).await?;
        Ok(Store { db })
    }

    /// Closes the connection (needed before deleting or upgrading the database).
    pub fn close(self) {
        self.db.close();
    }

    /// Everything stored, as one value (read in one transaction).
    pub async fn load_all(&self) -> Result<Dataset, StoreError> {
        let _ = &self.db;
        Err(StoreError::NotImplemented)
    }

    pub async fn save_branch(&self, _branch: &Branch) -> Result<(), StoreError> {
        Err(StoreError::NotImplemented)
    }

    pub async fn put_group(&self, _group: &PartyGroup) -> Result<(), StoreError> {
        Err(StoreError::NotImplemented)
    }

    /// Deletes a group and, in the same transaction, takes its members out of it.
    pub async fn delete_group(&self, _id: &GroupId) -> Result<(), StoreError> {
        Err(StoreError::NotImplemented)
    }

    pub async fn put_member(&self, _member: &Member) -> Result<(), StoreError> {
        Err(StoreError::NotImplemented)
    }

    /// Adds or updates many members at once (a pasted list): all or nothing.
    pub async fn put_members(&self, _members: &[Member]) -> Result<(), StoreError> {
        Err(StoreError::NotImplemented)
    }

    pub async fn delete_member(&self, _id: &MemberId) -> Result<(), StoreError> {
        Err(StoreError::NotImplemented)
    }

    pub async fn members_of_group(&self, _group: &GroupId) -> Result<Vec<Member>, StoreError> {
        Err(StoreError::NotImplemented)
    }

    pub async fn put_activity(&self, _activity: &Activity) -> Result<(), StoreError> {
        Err(StoreError::NotImplemented)
    }

    /// Adds or updates many activities at once (a generated year plan): all or nothing.
    pub async fn put_activities(&self, _activities: &[Activity]) -> Result<(), StoreError> {
        Err(StoreError::NotImplemented)
    }

    pub async fn delete_activity(&self, _id: &ActivityId) -> Result<(), StoreError> {
        Err(StoreError::NotImplemented)
    }

    /// Activities dated `from..=to`, by date.
    pub async fn activities_between(&self, _from: Date, _to: Date) -> Result<Vec<Activity>, StoreError> {
        Err(StoreError::NotImplemented)
    }

    pub async fn activities_of_kind(&self, _kind: ActivityKind) -> Result<Vec<Activity>, StoreError> {
        Err(StoreError::NotImplemented)
    }

    pub async fn put_study_item(&self, _item: &StudyItem) -> Result<(), StoreError> {
        Err(StoreError::NotImplemented)
    }

    pub async fn delete_study_item(&self, _id: &StudyItemId) -> Result<(), StoreError> {
        Err(StoreError::NotImplemented)
    }

    /// Replaces everything with `data` in one transaction (demo data, restore).
    pub async fn replace_all(&self, _data: &Dataset) -> Result<(), StoreError> {
        Err(StoreError::NotImplemented)
    }
}
