//! Sync: the decisions of the CouchDB replication protocol, pure and tested natively.
//!
//! - [`rev`]: revisions and revision trees, the winner, deterministic revision hashes;
//! - [`doc`]: the branch's records as documents (`_id`, body), and the checks a server's document passes;
//! - [`state`]: what this device keeps per document beside the record, and how edits, merges, conflict
//!   resolution and reconciliation change it;
//! - [`wire`]: the HTTP API's requests and answers, and the errors they mean;
//! - [`checkpoint`]: replication ids and where a replication resumes;
//! - [`config`]: the sync settings and where sync stands, in the words the page shows;
//! - [`compare`]: two versions of a record side by side, for the person who resolves a conflict;
//! - [`memory`]: a replica in memory (the committee view, the tests);
//! - [`pulled`]: what a pull changed, for the page to patch the data it holds;
//! - [`committee`]: the committee's settings and a server side that only reads, for the 汇总 page;
//! - [`replicate`]: pull and push over the [`replicate::Remote`] and [`replicate::Local`] interfaces.
//!
//! The app shell implements `Remote` with `fetch` (`sync::http`) and `Local` with IndexedDB
//! (`store::docs`). See docs/sync.md for the design and the deployment.

pub mod checkpoint;
pub mod committee;
pub mod compare;
pub mod config;
pub mod doc;
pub mod memory;
pub mod pulled;
pub mod replicate;
pub mod rev;
pub mod state;
pub mod wire;
