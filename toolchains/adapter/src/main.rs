//! `wasi-adapter reactor|command PATH`: write the preview-1 adapter to PATH.
//!
//! `wasm-tools component new core.wasm --adapt wasi_snapshot_preview1=PATH`
//! turns a core module that imports WASI preview 1 into a component. The
//! adapter is itself a wasm module, published by the Wasmtime project inside
//! a crate, so it comes from the crate registry like every other tool here.

use std::process::ExitCode;
use wasi_preview1_component_adapter_provider as adapter;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bytes = match args.first().map(String::as_str) {
        // A reactor: a library the host calls into (what a kernel is).
        Some("reactor") => adapter::WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER,
        // A command: a program with a `_start`.
        Some("command") => adapter::WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER,
        _ => return usage(),
    };
    let Some(path) = args.get(1) else { return usage() };
    if let Some(dir) = std::path::Path::new(path).parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    match std::fs::write(path, bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wasi-adapter: cannot write {path}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: wasi-adapter reactor|command PATH");
    ExitCode::from(2)
}
