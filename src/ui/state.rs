//! The app's shared state: the branch's data held in a signal, loaded once from the store, and the
//! actions that write to the store first and update the signal only when the write succeeded.

use crate::domain::Dataset;
use crate::store::{Store, StoreError, DEFAULT_DB_NAME};
use leptos::prelude::*;
use std::rc::Rc;

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
