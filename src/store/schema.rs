//! The database schema: object stores, indexes, and one migration step per version.

use super::StoreError;
use indexed_db_futures::database::Database;

pub async fn open(_name: &str) -> Result<Database, StoreError> {
    Err(StoreError::NotImplemented)
}
