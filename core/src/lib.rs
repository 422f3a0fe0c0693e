//! Vetta's core: the domain rules and the SQLite store, with no Tauri in sight.
//!
//! The entry point is [`Store`]: it owns the one writer connection, and each public method that
//! changes data is exactly one transaction. Rules take `now` as a parameter; only this crate makes
//! ids ([`ids::new_id`]) and timestamps.

pub mod backup;
pub mod error;
pub mod ids;
pub mod market;
pub mod partner;
mod schema;
pub mod settings;
pub mod store;
pub mod text;

pub use error::{Error, Result};
pub use store::{OpenReport, Store};
