//! 支部台账 (zhibu): a browser-only record book for a party branch's organisational life.
//!
//! A functional core and a thin shell:
//! - [`domain`]: pure Rust models, rules, validation and statistics; tested natively.
//! - [`export`]: turns domain data into files (JSON, CSV, …); pure, tested natively.
//! - [`html`]: static HTML fragments as escaped strings, for the UI's handler-free parts; pure, tested natively.
//! - `store`: the only module that knows IndexedDB (browser build only).
//! - `sync`: replication with the unit's CouchDB in the running app; its `http` is the only network code
//!   (browser build only; the protocol's decisions are in `domain::sync`).
//! - `ui`: Leptos pages and components (browser build only).
//!
//! See `ARCHITECTURE.md` for the map.

pub mod domain;
pub mod export;
pub mod html;

#[cfg(target_arch = "wasm32")]
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod sync;
#[cfg(target_arch = "wasm32")]
pub mod ui;
