//! The runtime layer: a kernel instance as a trait, so that `verify` and
//! `bench` run the same checks and timings under Wasmtime (kernel.rs), wasmi
//! (wasmi_kernel.rs) and Wasmer (wasmer_kernel.rs). The last two are behind
//! the host's `runtimes` feature (host/README.md, "Runtimes").
//!
//! Design: the contract splits in two. `Calls` are the exports that pass
//! only numbers (add, the counters); `RawMemory` is a core module's linear
//! memory and the exports that take pointers into it (alloc, dealloc, the
//! image kernels over buffers the host placed there). A Component Model
//! binding (issue 11) has `Calls` too but passes images as `list<u8>`, not
//! pointers: it can implement `Calls` and a higher-level image trait of its
//! own, and share every check written against `Calls` alone (verify/checks.rs
//! keeps `add` and `counters` on `&mut dyn Calls` for that reason).
//!
//! Every call is bounded: an instruction budget (Wasmtime's fuel, wasmi's
//! fuel, Wasmer's metering middleware) and a wall-clock deadline as the
//! backstop (Wasmtime's epochs, wasmi's fuel handed out in slices, Wasmer's
//! host interrupt).

use super::error::HostError;
use super::runtime::{Caps, EngineKind, Limits};
use std::hint::black_box;
use std::io::Read;
use std::path::Path;

/// The contract's calls that pass only numbers: any binding of the contract
/// has them, a core module or a component.
pub trait Calls {
    fn add(&mut self, a: i32, b: i32) -> Result<i32, HostError>;
    fn counter_new(&mut self) -> Result<i32, HostError>;
    fn counter_increment(&mut self, h: i32) -> Result<i32, HostError>;
    fn counter_get(&mut self, h: i32) -> Result<i32, HostError>;
    fn counter_free(&mut self, h: i32) -> Result<(), HostError>;
    /// Linear memory the instance has now, in bytes (a component: all its
    /// memories together).
    fn memory_size(&self) -> usize;
    /// Instructions executed so far, in the runtime's own count (0 when the
    /// runtime sets no budget).
    fn fuel_used(&self) -> u64;

    /// `add(i, 1)` for every `i` in `0..n`, for `bench`: a runtime overrides
    /// it with the bare typed call, so that the timing carries no wrapper.
    fn add_loop(&mut self, n: u32) -> Result<(), HostError> {
        for i in 0..n as i32 {
            black_box(self.add(black_box(i), 1)?);
        }
        Ok(())
    }

    /// `counter_increment(h)` `n` times, for `bench`; the last value.
    fn increment_loop(&mut self, h: i32, n: u32) -> Result<i32, HostError> {
        let mut v = 0;
        for _ in 0..n {
            v = self.counter_increment(black_box(h))?;
        }
        Ok(v)
    }
}

/// A core module's linear memory, and the contract's calls that take
/// pointers into it.
pub trait RawMemory {
    /// Borrow bytes of guest memory, refusing anything outside it.
    fn read(&self, ptr: i32, len: usize) -> Result<&[u8], HostError>;
    /// Copy bytes into guest memory, refusing anything outside it.
    fn write(&mut self, ptr: i32, bytes: &[u8]) -> Result<(), HostError>;
    fn alloc(&mut self, len: i32) -> Result<i32, HostError>;
    fn dealloc(&mut self, ptr: i32, len: i32) -> Result<(), HostError>;
    fn grayscale(&mut self, ptr: i32, w: i32, h: i32) -> Result<i32, HostError>;
    fn blur(&mut self, src: i32, dst: i32, w: i32, h: i32) -> Result<i32, HostError>;
}

/// A kernel instance: a core module with the whole contract.
pub trait Instance: Calls + RawMemory {}
impl<T: Calls + RawMemory + ?Sized> Instance for T {}

/// What an export is, as far as the contract cares: every runtime
/// describes its module's exports in these words (load/inspect.rs compares).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportShape {
    /// Parameter and result types, printed as Wasmtime prints them (`i32`).
    Func {
        params: Vec<String>,
        results: Vec<String>,
    },
    Memory,
    Table,
    Global,
    Tag,
}

/// A compiled module, ready to be instantiated as often as needed.
pub trait Compiled {
    /// Every export with its shape.
    fn exports(&self) -> Vec<(String, ExportShape)>;
    /// A fresh instance in a fresh store, `_initialize` called if exported.
    fn instantiate(&self) -> Result<Box<dyn Instance + '_>, HostError>;
}

/// One runtime: its limits, and how it compiles a module.
pub trait Runner: Sync {
    fn kind(&self) -> RuntimeKind;
    fn limits(&self) -> &Limits;
    /// Compile, within the compile timeout if the limits set one.
    fn compile(&self, name: &str, bytes: &[u8]) -> Result<Box<dyn Compiled + '_>, HostError>;
    /// Read a .wasm file, refusing one over the size cap before reading it.
    fn read_module(&self, name: &str, path: &Path) -> Result<Vec<u8>, HostError> {
        read_module(&self.limits().caps, name, path)
    }
    /// Why this runtime cannot run a valid module at all (a Wasm proposal it
    /// does not implement), if so: such a module gets no verdict under it.
    fn unsupported(&self, _bytes: &[u8]) -> Option<String> {
        None
    }
}

/// The runtimes other than Wasmtime (feature `runtimes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OtherRuntime {
    /// wasmi: a pure-Rust interpreter (register-based bytecode).
    Wasmi,
    /// Wasmer with its Cranelift backend (an older Cranelift than Wasmtime's).
    WasmerCranelift,
    /// Wasmer with its single-pass compiler.
    WasmerSinglepass,
}

impl OtherRuntime {
    pub const ALL: [OtherRuntime; 3] =
        [OtherRuntime::Wasmi, OtherRuntime::WasmerCranelift, OtherRuntime::WasmerSinglepass];

    pub fn name(self) -> &'static str {
        match self {
            OtherRuntime::Wasmi => "wasmi",
            OtherRuntime::WasmerCranelift => "wasmer-cranelift",
            OtherRuntime::WasmerSinglepass => "wasmer-singlepass",
        }
    }

    /// The crate that provides it.
    pub fn crate_name(self) -> &'static str {
        match self {
            OtherRuntime::Wasmi => "wasmi",
            OtherRuntime::WasmerCranelift | OtherRuntime::WasmerSinglepass => "wasmer",
        }
    }
}

/// Every runtime a module can be verified and timed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuntimeKind {
    Wasmtime(EngineKind),
    Other(OtherRuntime),
}

impl RuntimeKind {
    /// In the order of every table: Wasmtime's three, wasmi, Wasmer's two.
    pub const ALL: [RuntimeKind; 6] = [
        RuntimeKind::Wasmtime(EngineKind::Cranelift),
        RuntimeKind::Wasmtime(EngineKind::Winch),
        RuntimeKind::Wasmtime(EngineKind::Pulley),
        RuntimeKind::Other(OtherRuntime::Wasmi),
        RuntimeKind::Other(OtherRuntime::WasmerCranelift),
        RuntimeKind::Other(OtherRuntime::WasmerSinglepass),
    ];

    /// What `verify` runs under when no `--runtime` is given.
    pub const DEFAULT: RuntimeKind = RuntimeKind::Wasmtime(EngineKind::Cranelift);

    /// `wasmtime` (Cranelift), `wasmtime-winch`, `wasmtime-pulley`, `wasmi`,
    /// `wasmer-cranelift`, `wasmer-singlepass`: the names of `--runtime`.
    pub fn name(self) -> &'static str {
        match self {
            RuntimeKind::Wasmtime(EngineKind::Cranelift) => "wasmtime",
            RuntimeKind::Wasmtime(EngineKind::Winch) => "wasmtime-winch",
            RuntimeKind::Wasmtime(EngineKind::Pulley) => "wasmtime-pulley",
            RuntimeKind::Other(other) => other.name(),
        }
    }

    /// How each call is bounded under this runtime (host/README.md, "Runtimes").
    pub fn bounds(self) -> &'static str {
        match self {
            RuntimeKind::Wasmtime(_) => "fuel (Wasm instructions); epoch deadline",
            RuntimeKind::Other(OtherRuntime::Wasmi) => {
                "wasmi fuel (Wasm instructions, its own costs); deadline between fuel slices"
            }
            RuntimeKind::Other(_) => "metering middleware (Wasm instructions); host-interrupt deadline",
        }
    }

    /// `wasmtime 48.0.8`, from Cargo.lock.
    pub fn version(self) -> String {
        let krate = match self {
            RuntimeKind::Wasmtime(_) => "wasmtime",
            RuntimeKind::Other(other) => other.crate_name(),
        };
        format!("{krate} {}", crate_version(krate).unwrap_or_else(|| "unknown".into()))
    }
}

impl std::fmt::Display for RuntimeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// `--runtime NAME` (repeatable), or `all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RuntimeArg {
    /// Wasmtime with Cranelift (the default).
    Wasmtime,
    /// Wasmtime with Winch, its baseline compiler.
    WasmtimeWinch,
    /// Wasmtime's Pulley interpreter.
    WasmtimePulley,
    /// wasmi, a pure-Rust interpreter (feature `runtimes`).
    Wasmi,
    /// Wasmer with Cranelift (feature `runtimes`).
    WasmerCranelift,
    /// Wasmer's single-pass compiler (feature `runtimes`).
    WasmerSinglepass,
    /// Every runtime above.
    All,
}

impl RuntimeArg {
    /// The runtimes these arguments name, each once, in table order.
    pub fn expand(args: &[RuntimeArg]) -> Vec<RuntimeKind> {
        let named = |a: RuntimeArg| match a {
            RuntimeArg::Wasmtime => vec![RuntimeKind::Wasmtime(EngineKind::Cranelift)],
            RuntimeArg::WasmtimeWinch => vec![RuntimeKind::Wasmtime(EngineKind::Winch)],
            RuntimeArg::WasmtimePulley => vec![RuntimeKind::Wasmtime(EngineKind::Pulley)],
            RuntimeArg::Wasmi => vec![RuntimeKind::Other(OtherRuntime::Wasmi)],
            RuntimeArg::WasmerCranelift => vec![RuntimeKind::Other(OtherRuntime::WasmerCranelift)],
            RuntimeArg::WasmerSinglepass => vec![RuntimeKind::Other(OtherRuntime::WasmerSinglepass)],
            RuntimeArg::All => RuntimeKind::ALL.to_vec(),
        };
        let wanted: Vec<RuntimeKind> = args.iter().flat_map(|&a| named(a)).collect();
        RuntimeKind::ALL.into_iter().filter(|k| wanted.contains(k)).collect()
    }
}

/// What a host built without the feature says when asked for wasmi or Wasmer.
pub const WITHOUT_RUNTIMES: &str = "built without the `runtimes` feature: run `just verify --runtime all`";

/// The runtime that is named but cannot be had here.
pub const WASMEDGE: (&str, &str) =
    ("wasmedge", "unavailable: its Rust SDK needs the WasmEdge C library, which no registry here serves");

/// Whether this host has wasmi and Wasmer.
pub const HAS_RUNTIMES: bool = cfg!(feature = "runtimes");

/// The runtime `kind` under `limits`.
pub fn runner(kind: RuntimeKind, limits: Limits) -> anyhow::Result<Box<dyn Runner>> {
    match kind {
        RuntimeKind::Wasmtime(engine) => Ok(Box::new(super::runtime::Runtime::new(engine, limits)?)),
        #[cfg(feature = "runtimes")]
        RuntimeKind::Other(OtherRuntime::Wasmi) => Ok(Box::new(super::wasmi_kernel::WasmiRunner::new(limits)?)),
        #[cfg(feature = "runtimes")]
        RuntimeKind::Other(other) => Ok(Box::new(super::wasmer_kernel::WasmerRunner::new(other, limits)?)),
        #[cfg(not(feature = "runtimes"))]
        RuntimeKind::Other(other) => anyhow::bail!("{}: {WITHOUT_RUNTIMES}", other.name()),
    }
}

/// Read a .wasm file, refusing one over the size cap before reading it.
pub fn read_module(caps: &Caps, name: &str, path: &Path) -> Result<Vec<u8>, HostError> {
    let unreadable = |e: std::io::Error| HostError::Read {
        module: name.to_string(),
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    check_size(caps, name, size)?;
    // The file may grow after the look at its size: never read past the cap.
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(caps.wasm_bytes().saturating_add(1)).read_to_end(&mut bytes).map_err(unreadable)?;
    check_size(caps, name, bytes.len() as u64)?;
    Ok(bytes)
}

/// A module over the file size cap is refused.
pub fn check_size(caps: &Caps, name: &str, bytes: u64) -> Result<(), HostError> {
    if bytes > caps.wasm_bytes() {
        return Err(HostError::TooLarge { module: name.to_string(), bytes, mib: caps.max_wasm_mib });
    }
    Ok(())
}

/// Run `compile` on a thread of its own and stop waiting after `timeout`
/// (a compile that overruns is left to finish in the background).
pub fn compile_within<T: Send + 'static>(
    name: &str,
    timeout: Option<std::time::Duration>,
    compile: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, HostError> {
    let malformed = |reason: String| HostError::Malformed { module: name.to_string(), reason };
    let Some(timeout) = timeout else { return compile().map_err(malformed) };
    // On a thread pool of its own: Cranelift (Wasmtime's and Wasmer's)
    // compiles functions in parallel on the current rayon pool, and the
    // caller's pool threads are busy waiting here (a deadlock until the
    // timeout, if it borrowed them).
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("rosetta-compile-{i}"))
        .build()
        .map_err(|e| malformed(format!("cannot start a compile thread: {e}")))?;
    use std::sync::mpsc;
    let (send, receive) = mpsc::channel();
    pool.spawn(move || {
        let compiled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(compile));
        let _ = send.send(compiled);
    });
    match receive.recv_timeout(timeout) {
        Ok(Ok(compiled)) => compiled.map_err(malformed),
        Ok(Err(_)) | Err(mpsc::RecvTimeoutError::Disconnected) => Err(malformed("the compiler panicked on it".into())),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            Err(HostError::CompileTimeout { module: name.to_string(), seconds: timeout.as_secs_f64() })
        }
    }
}

/// The byte range `[ptr, ptr + len)` of a memory of `size` bytes, or an error naming it.
pub fn guest_range(name: &str, size: usize, ptr: i32, len: usize) -> Result<std::ops::Range<usize>, HostError> {
    let start = ptr as u32 as usize;
    let end = start.checked_add(len).filter(|&end| end <= size);
    end.map(|end| start..end).ok_or_else(|| HostError::Memory {
        module: name.to_string(),
        what: format!("{len} bytes at {start:#x}, memory is {size} bytes"),
    })
}

/// The bytes of a `w` x `h` RGBA image, as far as the budget is concerned
/// (0 for dimensions the kernel must refuse).
pub fn image_bytes(w: i32, h: i32) -> u64 {
    if w <= 0 || h <= 0 {
        return 0;
    }
    (w as u64 * h as u64 * 4).min(u32::MAX as u64)
}

/// A runtime's words for a refused resource, with the host's cap and the
/// flag that changes it.
pub fn with_cap(caps: &Caps, reason: String) -> String {
    let cap = if reason.contains("exceeds table limits") {
        format!("at most {} elements per table; --max-table-elements", caps.max_table_elements)
    } else if reason.contains("exceeds memory limits") {
        format!("at most {} MiB per memory; --max-memory-mib", caps.max_memory_mib)
    } else if reason.contains("instance count too high") {
        format!("at most {} instances; --max-instances", caps.max_instances)
    } else if reason.contains("count too high") {
        format!("at most {} tables and {} memories; --max-tables", caps.max_tables, caps.max_tables)
    } else {
        return reason;
    };
    format!("{reason} (the host allows {cap})")
}

/// The memories (in pages) and tables (in elements) a module declares, at
/// their minimum sizes: wasmi and Wasmer refuse a module over the caps before
/// instantiating it, in Wasmtime's words, so that `with_cap` names the flag.
#[cfg(feature = "runtimes")]
#[derive(Debug, Clone, Default)]
pub struct Declared {
    memories: Vec<u64>,
    tables: Vec<u64>,
}

#[cfg(feature = "runtimes")]
impl Declared {
    /// What `bytes` declare (nothing, for bytes the runtime will refuse anyway).
    pub fn of(bytes: &[u8]) -> Declared {
        let mut declared = Declared::default();
        for payload in wasmparser::Parser::new(0).parse_all(bytes) {
            match payload {
                Ok(wasmparser::Payload::MemorySection(reader)) => {
                    declared.memories.extend(reader.into_iter().flatten().map(|m| m.initial));
                }
                Ok(wasmparser::Payload::TableSection(reader)) => {
                    declared.tables.extend(reader.into_iter().flatten().map(|t| t.ty.initial));
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        declared
    }

    /// Why instantiating would break a cap, if it would.
    pub fn refused(&self, caps: &Caps) -> Option<String> {
        let page_cap = caps.memory_bytes() as u64 / 65536;
        if let Some(pages) = self.memories.iter().find(|&&p| p > page_cap) {
            return Some(with_cap(caps, format!("memory minimum size of {pages} pages exceeds memory limits")));
        }
        if let Some(elements) = self.tables.iter().find(|&&e| e > caps.max_table_elements as u64) {
            return Some(with_cap(caps, format!("table minimum size of {elements} elements exceeds table limits")));
        }
        if self.memories.len() > caps.max_tables || self.tables.len() > caps.max_tables {
            return Some(with_cap(caps, "memory or table count too high".into()));
        }
        None
    }
}

/// An AssemblyScript string in `data` (for `env.abort`): UTF-16LE code
/// units, byte length stored in the 4 bytes just before the pointer.
pub fn as_string(data: &[u8], ptr: i32) -> String {
    let ptr = ptr as u32 as usize;
    if ptr < 4 || ptr > data.len() {
        return "<no message>".into();
    }
    let len = u32::from_le_bytes(data[ptr - 4..ptr].try_into().unwrap()) as usize;
    let Some(bytes) = data.get(ptr..ptr.saturating_add(len)) else {
        return "<unreadable message>".into();
    };
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    String::from_utf16_lossy(&units)
}

/// A crate's version as Cargo.lock has it (`wasmtime` -> `48.0.8`); the
/// first entry when the lock has several.
pub fn crate_version(name: &str) -> Option<String> {
    let lock = std::fs::read_to_string(super::repo_root().join("Cargo.lock")).ok()?;
    let entry = lock.split("[[package]]").find(|p| p.contains(&format!("name = \"{name}\"\n")))?;
    let line = entry.lines().find(|l| l.starts_with("version"))?;
    Some(line.trim_start_matches("version = ").trim_matches('"').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_arguments_expand_in_table_order_each_once() {
        let all = RuntimeArg::expand(&[RuntimeArg::All, RuntimeArg::Wasmi]);
        assert_eq!(all, RuntimeKind::ALL.to_vec());
        let names: Vec<&str> = all.iter().map(|k| k.name()).collect();
        assert_eq!(
            names,
            ["wasmtime", "wasmtime-winch", "wasmtime-pulley", "wasmi", "wasmer-cranelift", "wasmer-singlepass"]
        );
        let two = RuntimeArg::expand(&[RuntimeArg::WasmerSinglepass, RuntimeArg::Wasmtime]);
        assert_eq!(two, [RuntimeKind::DEFAULT, RuntimeKind::Other(OtherRuntime::WasmerSinglepass)]);
    }

    #[test]
    fn versions_come_from_the_lock_file() {
        assert!(RuntimeKind::DEFAULT.version().starts_with("wasmtime 48."), "{}", RuntimeKind::DEFAULT.version());
    }

    #[test]
    fn guest_ranges_refuse_what_is_outside_memory() {
        assert_eq!(guest_range("m", 100, 10, 90).unwrap(), 10..100);
        assert!(guest_range("m", 100, 10, 91)
            .unwrap_err()
            .to_string()
            .contains("91 bytes at 0xa, memory is 100 bytes"));
        assert!(guest_range("m", 100, -1, 1).is_err());
    }

    #[cfg(not(feature = "runtimes"))]
    #[test]
    fn without_the_feature_the_other_runtimes_say_how_to_get_them() {
        let err = runner(RuntimeKind::Other(OtherRuntime::Wasmi), Limits::default()).err().unwrap();
        assert_eq!(err.to_string(), format!("wasmi: {WITHOUT_RUNTIMES}"));
    }
}
