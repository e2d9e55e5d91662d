//! Load layer: what the builds are and how to run one. Which builds exist
//! (catalog), the contract they follow, engines and stores (runtime), a live
//! instance with typed calls (kernel), static facts (inspect), typed errors.
//! Nothing here verifies, measures or prints.

pub mod catalog;
pub mod contract;
pub mod error;
pub mod inspect;
pub mod kernel;
pub mod runtime;

use std::path::PathBuf;

/// The repository, found from where this crate lives, so `cargo run` works
/// from any directory.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("host/ has a parent").to_path_buf()
}
