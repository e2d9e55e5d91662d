//! Load layer: engines, stores and the imports a kernel may ask for.
//!
//! One `Runtime` per engine (Cranelift, Winch or Pulley). Every instance gets
//! its own `Store` with resource caps (memory, tables, instances) and, when
//! asked, a deadline; a module's file size and compile time are capped too,
//! so a hostile or buggy module cannot take the host down with it.

use super::error::HostError;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use wasmtime::{Caller, Config, Engine, Linker, Module, Store, StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::p1::WasiP1Ctx;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::WasiCtxBuilder;

/// The most linear memory one instance may have by default: 1 GiB (contract/README.md).
pub const MEMORY_CAP: usize = 1 << 30;
const MIB: u64 = 1 << 20;
/// How often the deadline clock ticks.
const TICK: Duration = Duration::from_millis(10);

/// What one call may spend, counted in WebAssembly instructions (Wasmtime's
/// fuel). A count, not a time: a module that is too slow is too slow on every
/// machine, however loaded, so `verify` gives the same answer everywhere.
///
/// A call gets `base`, plus `per_kernel_byte` for every byte an image kernel
/// reads or writes, plus `per_alloc_byte` for every byte it allocates or
/// frees, plus `per_memory_byte` for every byte of linear memory (a garbage
/// collector may walk all of it, but only a few times over). The checks start
/// with small images, so a runaway loop is caught in a fraction of a second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub base: u64,
    pub per_kernel_byte: u64,
    pub per_alloc_byte: u64,
    pub per_memory_byte: u64,
}

/// What a call works on, for its budget.
#[derive(Debug, Clone, Copy)]
pub enum Work {
    /// Nothing but its arguments.
    Scalar,
    /// Image bytes a kernel reads and writes.
    Kernel(u64),
    /// Bytes a call allocates or frees.
    Alloc(u64),
}

impl Budget {
    /// The defaults: several times what the slowest correct module here needs
    /// (host/README.md, "Budgets", has the measured figures).
    pub const DEFAULT: Budget =
        Budget { base: 50_000_000, per_kernel_byte: 1000, per_alloc_byte: 100, per_memory_byte: 20 };

    /// The default budget multiplied by `scale` (`--budget-scale`).
    pub fn scaled(scale: u64) -> Budget {
        let d = Budget::DEFAULT;
        Budget {
            base: d.base.saturating_mul(scale),
            per_kernel_byte: d.per_kernel_byte.saturating_mul(scale),
            per_alloc_byte: d.per_alloc_byte.saturating_mul(scale),
            per_memory_byte: d.per_memory_byte.saturating_mul(scale),
        }
    }

    /// The fuel for one call doing `work` with `memory` bytes of linear memory.
    pub fn fuel(&self, work: Work, memory: u64) -> u64 {
        let work = match work {
            Work::Scalar => 0,
            // No kernel can touch more than its source and destination in memory.
            Work::Kernel(bytes) => self.per_kernel_byte.saturating_mul(bytes.min(2 * memory)),
            Work::Alloc(bytes) => self.per_alloc_byte.saturating_mul(bytes),
        };
        self.base.saturating_add(work).saturating_add(self.per_memory_byte.saturating_mul(memory))
    }
}

/// What a module may have, and how long it may take to compile: the host as
/// a sandbox for modules it has never seen (host/README.md, "Limits"). Also
/// the flags of `verify` that change them.
#[derive(Debug, Clone, Copy, PartialEq, clap::Args)]
pub struct Caps {
    /// Most linear memory one memory of a module may have, in MiB (`memory.grow`
    /// past it returns -1).
    #[arg(long, default_value_t = Caps::DEFAULT.max_memory_mib, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_memory_mib: u64,
    /// Most elements one table of a module may have.
    #[arg(long, default_value_t = Caps::DEFAULT.max_table_elements)]
    pub max_table_elements: usize,
    /// Most tables, and most memories, one instance may have.
    #[arg(long, default_value_t = Caps::DEFAULT.max_tables)]
    pub max_tables: usize,
    /// Most instances one store may create (a module is one; each check gets its own store).
    #[arg(long, default_value_t = Caps::DEFAULT.max_instances)]
    pub max_instances: usize,
    /// Largest .wasm file accepted, in MiB (custom sections count too).
    #[arg(long, default_value_t = Caps::DEFAULT.max_wasm_mib, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_wasm_mib: u64,
    /// Longest a module may take to compile, in seconds (fractions allowed).
    #[arg(long, default_value_t = Caps::DEFAULT.compile_timeout_secs, value_parser = positive_secs)]
    pub compile_timeout_secs: f64,
}

impl Caps {
    pub const DEFAULT: Caps = Caps {
        max_memory_mib: MEMORY_CAP as u64 / MIB,
        max_table_elements: 100_000,
        max_tables: 10,
        max_instances: 10,
        max_wasm_mib: 64,
        compile_timeout_secs: 60.0,
    };

    /// The memory cap in bytes.
    pub fn memory_bytes(&self) -> usize {
        usize::try_from(self.max_memory_mib.saturating_mul(MIB)).unwrap_or(usize::MAX)
    }

    /// The caps as a Wasmtime store's limiter (core modules, WASI commands
    /// and components alike).
    pub fn store_limits(&self) -> StoreLimits {
        StoreLimitsBuilder::new()
            .memory_size(self.memory_bytes())
            .table_elements(self.max_table_elements)
            .tables(self.max_tables)
            .memories(self.max_tables)
            .instances(self.max_instances)
            .build()
    }

    /// The file size cap in bytes.
    pub fn wasm_bytes(&self) -> u64 {
        self.max_wasm_mib.saturating_mul(MIB)
    }

    pub fn compile_timeout(&self) -> Duration {
        Duration::try_from_secs_f64(self.compile_timeout_secs).unwrap_or(Duration::MAX)
    }
}

impl Default for Caps {
    fn default() -> Caps {
        Caps::DEFAULT
    }
}

fn positive_secs(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs.is_finite() => Ok(secs),
        _ => Err(format!("`{text}` is not a positive number of seconds")),
    }
}

/// How a runtime bounds each call: an instruction budget (deterministic) and
/// a wall-clock deadline (a backstop), and how it bounds compiling. `bench`
/// runs with none of the three; every runtime applies the resource caps.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    pub budget: Option<Budget>,
    pub deadline: Option<Duration>,
    /// Compile on a thread of its own and give up after this long.
    pub compile_timeout: Option<Duration>,
    pub caps: Caps,
}

impl Limits {
    /// What `verify` and `image` use: the default caps and compile timeout.
    pub fn checked(budget: Budget, deadline: Duration) -> Limits {
        Limits { budget: Some(budget), deadline: Some(deadline), ..Limits::default() }.with_caps(Caps::DEFAULT)
    }

    /// These caps, and their compile timeout.
    pub fn with_caps(self, caps: Caps) -> Limits {
        Limits { compile_timeout: Some(caps.compile_timeout()), caps, ..self }
    }
}

/// Wasmtime's three execution strategies, the columns of the engine table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    /// The optimizing compiler (Wasmtime's default).
    Cranelift,
    /// The single-pass baseline compiler: fast to compile, slower code.
    Winch,
    /// The portable interpreter: no machine code at all.
    Pulley,
}

impl EngineKind {
    pub const ALL: [EngineKind; 3] = [EngineKind::Cranelift, EngineKind::Winch, EngineKind::Pulley];

    pub fn name(self) -> &'static str {
        match self {
            EngineKind::Cranelift => "cranelift",
            EngineKind::Winch => "winch",
            EngineKind::Pulley => "pulley",
        }
    }
}

impl std::fmt::Display for EngineKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What every store gets: WASI with no capabilities, resource caps, a place
/// to keep what the guest printed and why it aborted.
pub struct HostState {
    wasi: WasiP1Ctx,
    limits: StoreLimits,
    pub stderr: MemoryOutputPipe,
    pub abort: Option<String>,
}

pub struct Runtime {
    pub kind: EngineKind,
    pub engine: Engine,
    linker: Arc<Linker<HostState>>,
    pub limits: Limits,
}

impl Runtime {
    pub fn new(kind: EngineKind, limits: Limits) -> anyhow::Result<Runtime> {
        Runtime::with_config(kind, limits, Config::new())
    }

    /// An engine without the Component Model's concurrency support: its
    /// stores skip the bookkeeping of async component calls, which a sync
    /// call then does not pay for (`bench --components` times both).
    pub fn without_concurrency(kind: EngineKind, limits: Limits) -> anyhow::Result<Runtime> {
        let mut config = Config::new();
        config.concurrency_support(false);
        Runtime::with_config(kind, limits, config)
    }

    fn with_config(kind: EngineKind, limits: Limits, mut config: Config) -> anyhow::Result<Runtime> {
        match kind {
            EngineKind::Cranelift => config.strategy(wasmtime::Strategy::Cranelift),
            EngineKind::Winch => config.strategy(wasmtime::Strategy::Winch),
            EngineKind::Pulley => config.target("pulley64")?,
        };
        config.epoch_interruption(limits.deadline.is_some());
        config.consume_fuel(limits.budget.is_some());
        let engine = Engine::new(&config)?;
        if limits.deadline.is_some() {
            start_ticker(engine.clone());
        }
        let linker = Arc::new(make_linker(&engine)?);
        Ok(Runtime { kind, engine, linker, limits })
    }

    /// Read a .wasm file, refusing one over the size cap before reading it.
    pub fn read_module(&self, name: &str, path: &Path) -> Result<Vec<u8>, HostError> {
        super::instance::read_module(&self.limits.caps, name, path)
    }

    fn check_size(&self, name: &str, bytes: u64) -> Result<(), HostError> {
        super::instance::check_size(&self.limits.caps, name, bytes)
    }

    /// Compile a module. Malformed bytes, a module over the size cap or one
    /// that takes longer than the compile timeout become a readable error.
    pub fn compile(&self, name: &str, bytes: &[u8]) -> Result<Module, HostError> {
        self.check_size(name, bytes.len() as u64)?;
        let (engine, bytes) = (self.engine.clone(), bytes.to_vec());
        // Wasmtime does not bound compile time: compile_within does.
        super::instance::compile_within(name, self.limits.compile_timeout, move || {
            Module::new(&engine, &bytes).map_err(|e| format!("{e:#}"))
        })
    }

    /// A fresh store: no files, no environment, no arguments; stderr kept
    /// in memory so a guest's panic message can be shown.
    pub fn new_store(&self) -> Store<HostState> {
        let stderr = MemoryOutputPipe::new(64 * 1024);
        let wasi = WasiCtxBuilder::new().stderr(stderr.clone()).build_p1();
        let caps = self.limits.caps;
        let limits = caps.store_limits();
        let mut store = Store::new(&self.engine, HostState { wasi, limits, stderr, abort: None });
        store.limiter(|state| &mut state.limits);
        store
    }

    pub fn linker(&self) -> &Linker<HostState> {
        &self.linker
    }

    /// Deadline in clock ticks, re-armed before every call.
    pub fn deadline_ticks(&self) -> Option<u64> {
        self.limits.deadline.map(|d| (d.as_millis() / TICK.as_millis()).max(1) as u64)
    }
}

/// Everything a kernel may import. A module only gets what it names; an
/// import that is not here fails instantiation with Wasmtime's own message.
fn make_linker(engine: &Engine) -> anyhow::Result<Linker<HostState>> {
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |s: &mut HostState| &mut s.wasi)?;
    // AssemblyScript: abort(message, fileName, line, column); strings are
    // AssemblyScript strings in the guest's memory. Turned into an error.
    linker.func_wrap(
        "env",
        "abort",
        |mut caller: Caller<'_, HostState>, msg: i32, file: i32, line: i32, col: i32| -> wasmtime::Result<()> {
            let message = read_as_string(&mut caller, msg);
            let file = read_as_string(&mut caller, file);
            let text = format!("{message} at {file}:{line}:{col}");
            caller.data_mut().abort = Some(text.clone());
            Err(wasmtime::format_err!("abort: {text}"))
        },
    )?;
    // Emscripten with ALLOW_MEMORY_GROWTH tells JS glue that memory grew;
    // a standalone host has nothing to refresh.
    linker.func_wrap("env", "emscripten_notify_memory_growth", |_index: i32| {})?;
    Ok(linker)
}

/// An AssemblyScript string in the guest's memory (instance::as_string).
fn read_as_string(caller: &mut Caller<'_, HostState>, ptr: i32) -> String {
    let Some(memory) = caller.get_export("memory").and_then(|e| e.into_memory()) else {
        return "<no memory export>".into();
    };
    super::instance::as_string(memory.data(&caller), ptr)
}

/// One background thread per engine advances its epoch; a store whose
/// deadline has passed traps at the next loop header or function entry.
fn start_ticker(engine: Engine) {
    std::thread::spawn(move || loop {
        std::thread::sleep(TICK);
        engine.increment_epoch();
    });
}
