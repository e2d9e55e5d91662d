//! Components (contract/wit/): the same kernel, described in WIT instead of
//! core wasm types, reached through Wasmtime's `bindgen!`.
//!
//! Each language may build `build/<lang>/component/calculator.wasm` (the
//! `example:calc` world: `add` alone) and `kernel.wasm` (the `rosetta:kernel`
//! world: add, a counter resource, grayscale and blur over `list<u8>`), or a
//! `.unavailable` saying why its toolchain cannot. A kernel component has
//! the same `Calls` as a core module, and its image calls take and give
//! pixels by value, so verify runs the same checks on both.
//!
//! A component gets what a core kernel gets: no files, no environment, no
//! arguments (WASI preview 2 with nothing granted, for the components that
//! carry the preview-1 adapter), the resource caps, the instruction budget
//! and the deadline.

use super::error::HostError;
use super::instance::{self, with_cap, Calls};
use super::kernel::Op;
use super::runtime::{Budget, Runtime, Work};
use std::path::{Path, PathBuf};
use wasmtime::component::{Component, Linker, ResourceAny, ResourceTable};
use wasmtime::{ResourceLimiter, Store, StoreLimits};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

/// The kernel world's bindings: `Kernel`, its three exported interfaces.
mod kernel_world {
    wasmtime::component::bindgen!({ path: "../contract/wit/kernel", world: "kernel" });
}

/// The calculator world's bindings: `Calculator`, one interface, `add`.
mod calculator_world {
    wasmtime::component::bindgen!({ path: "../contract/wit/calculator", world: "calculator" });
}

pub use kernel_world::exports::rosetta::kernel::image::ErrorCode;

/// `build/<lang>/component/`: where a language's components live.
pub const FOLDER: &str = "component";

/// The worlds of contract/wit/, one component each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum World {
    Calculator,
    Kernel,
}

impl World {
    pub const ALL: [World; 2] = [World::Calculator, World::Kernel];

    /// The world's name, also the component's file stem.
    pub fn name(self) -> &'static str {
        match self {
            World::Calculator => "calculator",
            World::Kernel => "kernel",
        }
    }
    /// The package whose interfaces the world exports (contract/wit/).
    fn package(self) -> &'static str {
        match self {
            World::Calculator => "example:calc/",
            World::Kernel => "rosetta:kernel/",
        }
    }

    /// Which world a component's exports belong to, read with wasmparser:
    /// `None` when it exports neither world's interfaces.
    pub fn exported_by(bytes: &[u8]) -> Option<World> {
        let mut names = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(bytes) {
            if let Ok(wasmparser::Payload::ComponentExportSection(reader)) = payload {
                names.extend(reader.into_iter().flatten().map(|e| e.name.name.to_string()));
            }
        }
        // The kernel world also exports `operations`, so it is asked first.
        [World::Kernel, World::Calculator].into_iter().find(|w| names.iter().any(|n| n.starts_with(w.package())))
    }
}

/// A component, not a core module (the layer byte of the preamble says so).
pub fn is_component(bytes: &[u8]) -> bool {
    wasmparser::Parser::is_component(bytes)
}

/// One language's component of one world, as the build left it.
#[derive(Debug, Clone)]
pub struct Built {
    pub lang: String,
    pub world: World,
    /// `build/<lang>/component/<world>.wasm`.
    pub path: PathBuf,
    /// Why there is no component (`<world>.unavailable`).
    pub unavailable: Option<String>,
}

impl Built {
    /// `rust/component/kernel`: how tables and messages name it.
    pub fn name(&self) -> String {
        format!("{}/{FOLDER}/{}", self.lang, self.world.name())
    }
}

/// Every language folder's components under `build_dir`, by language then
/// world; a language whose build left neither a component nor a reason for a
/// world is left out for that world (it has not been built).
pub fn discover(build_dir: &Path, langs: &[String]) -> std::io::Result<Vec<Built>> {
    let mut found = Vec::new();
    for lang in super::catalog::language_folders(build_dir)? {
        if !langs.is_empty() && !langs.contains(&lang) {
            continue;
        }
        let dir = build_dir.join(&lang).join(FOLDER);
        for world in World::ALL {
            let path = dir.join(format!("{}.wasm", world.name()));
            let unavailable = std::fs::read_to_string(dir.join(format!("{}.unavailable", world.name())))
                .ok()
                .map(|why| why.trim().to_string());
            if path.is_file() || unavailable.is_some() {
                found.push(Built { lang: lang.clone(), world, path, unavailable });
            }
        }
    }
    Ok(found)
}

/// What a component's store holds: WASI preview 2 with nothing granted, the
/// resource caps, and how much linear memory the component has now.
pub struct ComponentState {
    wasi: WasiCtx,
    table: ResourceTable,
    limits: Tracked,
    stderr: MemoryOutputPipe,
}

impl WasiView for ComponentState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

/// The store's caps, counting the bytes of every linear memory as it grows
/// (a component's memories are not exports the host can ask).
struct Tracked {
    caps: StoreLimits,
    memory_bytes: usize,
}

impl ResourceLimiter for Tracked {
    fn memory_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> wasmtime::Result<bool> {
        let allowed = self.caps.memory_growing(current, desired, maximum)?;
        if allowed {
            self.memory_bytes += desired.saturating_sub(current);
        }
        Ok(allowed)
    }
    fn table_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> wasmtime::Result<bool> {
        self.caps.table_growing(current, desired, maximum)
    }
    fn instances(&self) -> usize {
        self.caps.instances()
    }
    fn tables(&self) -> usize {
        self.caps.tables()
    }
    fn memories(&self) -> usize {
        self.caps.memories()
    }
}

/// Compile a component under the runtime's size cap and compile timeout.
pub fn compile(runtime: &Runtime, name: &str, bytes: &[u8]) -> Result<Component, HostError> {
    instance::check_size(&runtime.limits.caps, name, bytes.len() as u64)?;
    let (engine, bytes) = (runtime.engine.clone(), bytes.to_vec());
    instance::compile_within(name, runtime.limits.compile_timeout, move || {
        Component::new(&engine, &bytes).map_err(|e| format!("not a component this host can run: {e:#}"))
    })
}

/// The store, the linker's WASI, and the limits every call runs under.
struct Guard {
    name: String,
    store: Store<ComponentState>,
    deadline_ticks: Option<u64>,
    deadline_secs: u64,
    budget: Option<Budget>,
    fuel_used: u64,
}

impl Guard {
    fn new(runtime: &Runtime, name: &str) -> Guard {
        let stderr = MemoryOutputPipe::new(64 * 1024);
        let wasi = WasiCtxBuilder::new().stderr(stderr.clone()).build();
        let caps = runtime.limits.caps;
        let limits = caps.store_limits();
        let state = ComponentState {
            wasi,
            table: ResourceTable::new(),
            limits: Tracked { caps: limits, memory_bytes: 0 },
            stderr,
        };
        let mut store = Store::new(&runtime.engine, state);
        store.limiter(|state| &mut state.limits);
        Guard {
            name: name.to_string(),
            store,
            deadline_ticks: runtime.deadline_ticks(),
            deadline_secs: runtime.limits.deadline.map(|d| d.as_secs()).unwrap_or(0),
            budget: runtime.limits.budget,
            fuel_used: 0,
        }
    }

    /// Arm the deadline and the fuel for one call doing `work`.
    fn arm(&mut self, work: Work) -> Option<u64> {
        if let Some(ticks) = self.deadline_ticks {
            self.store.set_epoch_deadline(ticks);
        }
        // The lists a call passes are copied into the component's memory
        // during the call: count them as memory it has, or the budget's
        // cap (no kernel touches more than twice its memory) would bite.
        let incoming = match work {
            Work::Kernel(bytes) => bytes,
            _ => 0,
        };
        let memory = self.store.data().limits.memory_bytes as u64 + incoming;
        let fuel = self.budget.map(|b| b.fuel(work, memory));
        if let Some(fuel) = fuel {
            self.store.set_fuel(fuel).expect("fuel is enabled whenever a budget is set");
        }
        fuel
    }

    /// One call under the limits, its error in words.
    fn call<R>(
        &mut self,
        func: &str,
        work: Work,
        f: impl FnOnce(&mut Store<ComponentState>) -> wasmtime::Result<R>,
    ) -> Result<R, HostError> {
        let fuel = self.arm(work);
        let result = f(&mut self.store);
        if let Some(fuel) = fuel {
            self.fuel_used += fuel - self.store.get_fuel().unwrap_or(0);
        }
        result.map_err(|e| {
            let stderr = self.store.data().stderr.contents();
            super::kernel::describe(&self.name, func, &e, fuel.unwrap_or(0), self.deadline_secs, &stderr)
        })
    }

    /// A fresh store, and the world's bindings instantiated in it (under the
    /// limits, with WASI granting nothing in the linker).
    fn instantiate<B>(
        runtime: &Runtime,
        name: &str,
        component: &Component,
        bind: fn(&mut Store<ComponentState>, &Component, &Linker<ComponentState>) -> wasmtime::Result<B>,
    ) -> Result<(Guard, B), HostError> {
        let mut guard = Guard::new(runtime, name);
        let linker = guard.linker(name, runtime)?;
        guard.arm(Work::Scalar);
        let bindings =
            bind(&mut guard.store, component, &linker).map_err(|e| guard.instantiate_error(name, runtime, e))?;
        Ok((guard, bindings))
    }

    /// Instantiate with WASI (nothing granted) in the linker.
    fn linker(&self, name: &str, runtime: &Runtime) -> Result<Linker<ComponentState>, HostError> {
        let mut linker = Linker::new(&runtime.engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).map_err(|e| self.instantiate_error(name, runtime, e))?;
        Ok(linker)
    }

    fn instantiate_error(&self, name: &str, runtime: &Runtime, e: wasmtime::Error) -> HostError {
        HostError::Instantiate {
            module: name.to_string(),
            reason: with_cap(&runtime.limits.caps, super::error::one_line(&format!("{e:#}"))),
        }
    }
}

/// A live kernel component. Counter handles are small integers the host
/// hands out (`Calls` speaks i32 handles); behind each is the component's
/// resource, dropped by `counter_free`.
pub struct ComponentKernel {
    guard: Guard,
    bindings: kernel_world::Kernel,
    counters: Vec<Option<ResourceAny>>,
}

impl ComponentKernel {
    pub fn new(runtime: &Runtime, name: &str, component: &Component) -> Result<ComponentKernel, HostError> {
        let (guard, bindings) =
            Guard::instantiate(runtime, name, component, |s, c, l| kernel_world::Kernel::instantiate(s, c, l))?;
        Ok(ComponentKernel { guard, bindings, counters: Vec::new() })
    }

    fn counter(&self, h: i32) -> Result<ResourceAny, HostError> {
        let slot = usize::try_from(h).ok().and_then(|h| h.checked_sub(1)).and_then(|i| self.counters.get(i));
        slot.copied().flatten().ok_or_else(|| HostError::Trap {
            module: self.guard.name.clone(),
            func: "counter".into(),
            reason: format!("the host holds no live counter with handle {h}"),
        })
    }

    /// One image call: pixels in, pixels or the error code out.
    pub fn apply(&mut self, op: Op, pixels: &[u8], w: u32, h: u32) -> Result<Result<Vec<u8>, ErrorCode>, HostError> {
        let image = self.bindings.rosetta_kernel_image();
        let work = Work::Kernel(2 * pixels.len() as u64);
        self.guard.call(op.name(), work, |store| match op {
            Op::Grayscale => image.call_grayscale(store, pixels, w, h),
            Op::Blur => image.call_blur(store, pixels, w, h),
        })
    }
}

/// The core status code an error code mirrors (contract.toml [status]).
pub fn status(code: ErrorCode) -> i32 {
    let s = super::contract::Contract::get().status;
    match code {
        ErrorCode::BadDimensions => s.bad_dimensions,
        ErrorCode::OutOfBounds => s.out_of_bounds,
        ErrorCode::Overlap => s.overlap,
    }
}

impl Calls for ComponentKernel {
    fn add(&mut self, a: i32, b: i32) -> Result<i32, HostError> {
        let ops = self.bindings.rosetta_kernel_operations();
        self.guard.call("add", Work::Scalar, |store| ops.call_add(store, a, b))
    }
    fn counter_new(&mut self) -> Result<i32, HostError> {
        let counters = self.bindings.rosetta_kernel_counters();
        let counter =
            self.guard.call("counter constructor", Work::Scalar, |store| counters.counter().call_constructor(store))?;
        self.counters.push(Some(counter));
        Ok(self.counters.len() as i32)
    }
    fn counter_increment(&mut self, h: i32) -> Result<i32, HostError> {
        let (counters, counter) = (self.bindings.rosetta_kernel_counters(), self.counter(h)?);
        self.guard.call("counter.increment", Work::Scalar, |store| counters.counter().call_increment(store, counter))
    }
    fn counter_get(&mut self, h: i32) -> Result<i32, HostError> {
        let (counters, counter) = (self.bindings.rosetta_kernel_counters(), self.counter(h)?);
        self.guard.call("counter.get", Work::Scalar, |store| counters.counter().call_get(store, counter))
    }
    /// Drop the handle: the component's destructor frees the object.
    fn counter_free(&mut self, h: i32) -> Result<(), HostError> {
        if h == 0 {
            return Ok(());
        }
        let counter = self.counter(h)?;
        self.counters[h as usize - 1] = None;
        self.guard.call("counter drop", Work::Scalar, |store| counter.resource_drop(store))
    }
    fn memory_size(&self) -> usize {
        self.guard.store.data().limits.memory_bytes
    }
    fn fuel_used(&self) -> u64 {
        self.guard.fuel_used
    }

    /// The bare typed call, as for a core module: `bench` measures the
    /// host-to-component call alone (lifting and lowering included).
    fn add_loop(&mut self, n: u32) -> Result<(), HostError> {
        let ops = self.bindings.rosetta_kernel_operations();
        let store = &mut self.guard.store;
        for i in 0..n as i32 {
            let sum = ops.call_add(&mut *store, std::hint::black_box(i), 1);
            std::hint::black_box(sum.map_err(|e| HostError::Trap {
                module: self.guard.name.clone(),
                func: "add".into(),
                reason: super::error::one_line(&format!("{e:#}")),
            })?);
        }
        Ok(())
    }
}

/// A live calculator component: `add`, nothing else.
pub struct ComponentCalculator {
    guard: Guard,
    bindings: calculator_world::Calculator,
}

impl ComponentCalculator {
    pub fn new(runtime: &Runtime, name: &str, component: &Component) -> Result<ComponentCalculator, HostError> {
        let (guard, bindings) =
            Guard::instantiate(runtime, name, component, |s, c, l| calculator_world::Calculator::instantiate(s, c, l))?;
        Ok(ComponentCalculator { guard, bindings })
    }

    pub fn add(&mut self, a: i32, b: i32) -> Result<i32, HostError> {
        let ops = self.bindings.example_calc_operations();
        self.guard.call("add", Work::Scalar, |store| ops.call_add(store, a, b))
    }
}
