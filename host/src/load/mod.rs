//! Load layer: what the builds are and how to run one. Which builds exist
//! (catalog), the contract they follow, engines and stores (runtime), a live
//! instance with typed calls (kernel), static facts (inspect), typed errors;
//! the WASI commands and how one runs (wasi), and their PAM images (pam);
//! the components of contract/wit/ and their bindings (component).
//! The runtime layer (instance) makes an instance a trait, with Wasmtime
//! (kernel), wasmi and Wasmer (wasmi_kernel, wasmer_kernel, feature
//! `runtimes`, with the WASI preview 1 stubs of preview1) behind it.
//! Nothing here verifies, measures or prints.

pub mod catalog;
pub mod component;
pub mod contract;
pub mod error;
pub mod inspect;
pub mod instance;
pub mod kernel;
pub mod pam;
#[cfg(feature = "runtimes")]
pub mod preview1;
pub mod runtime;
pub mod wasi;
#[cfg(feature = "runtimes")]
pub mod wasmer_kernel;
#[cfg(feature = "runtimes")]
pub mod wasmi_kernel;

use std::path::PathBuf;

/// The repository, found from where this crate lives, so `cargo run` works
/// from any directory.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("host/ has a parent").to_path_buf()
}
