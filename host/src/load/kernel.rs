//! A live Wasmtime kernel instance with the contract's functions as typed
//! calls; the runtime layer's traits (instance.rs) over it are at the end.
//!
//! Every call runs under the runtime's limits (an instruction budget and a
//! deadline) and turns a trap, an abort or a runaway loop into a `HostError`
//! that names the module and the function.

use super::error::HostError;
use super::instance::{self, image_bytes, with_cap, Calls, Compiled, ExportShape, RawMemory, Runner, RuntimeKind};
use super::runtime::{Budget, HostState, Limits, Runtime, Work};
use serde::{Deserialize, Serialize};
use wasmtime::{Instance, Memory, Module, Store, Trap, TypedFunc, WasmParams, WasmResults};

/// The contract's two image kernels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Grayscale,
    Blur,
}

impl Op {
    pub const ALL: [Op; 2] = [Op::Grayscale, Op::Blur];

    /// The export's name, as in every table.
    pub fn name(self) -> &'static str {
        match self {
            Op::Grayscale => "grayscale",
            Op::Blur => "blur",
        }
    }
}

pub struct Kernel {
    pub name: String,
    exports: Exports,
    guard: Guard,
    /// For exports the contract does not name (a workshop exercise's own).
    instance: Instance,
}

/// The contract's functions, typed as the contract types them.
struct Exports {
    add: TypedFunc<(i32, i32), i32>,
    counter_new: TypedFunc<(), i32>,
    counter_increment: TypedFunc<i32, i32>,
    counter_get: TypedFunc<i32, i32>,
    counter_free: TypedFunc<i32, ()>,
    alloc: TypedFunc<i32, i32>,
    dealloc: TypedFunc<(i32, i32), ()>,
    grayscale: TypedFunc<(i32, i32, i32), i32>,
    blur: TypedFunc<(i32, i32, i32, i32), i32>,
}

/// The store, its memory, and the limits every call runs under.
struct Guard {
    name: String,
    store: Store<HostState>,
    memory: Memory,
    deadline_ticks: Option<u64>,
    deadline_secs: u64,
    budget: Option<Budget>,
    /// Instructions executed so far (when a budget is set).
    fuel_used: u64,
}

impl Kernel {
    /// Instantiate, look up every export with its contract type, and call
    /// `_initialize` if the module is a WASI reactor (Emscripten, Go).
    pub fn new(runtime: &Runtime, name: &str, module: &Module) -> Result<Kernel, HostError> {
        let mut store = runtime.new_store();
        let caps = runtime.limits.caps;
        let instantiate_error = |e: wasmtime::Error| HostError::Instantiate {
            module: name.to_string(),
            reason: with_cap(&caps, super::error::one_line(&format!("{e:#}"))),
        };
        if let Some(ticks) = runtime.deadline_ticks() {
            store.set_epoch_deadline(ticks);
        }
        if let Some(budget) = runtime.limits.budget {
            store.set_fuel(budget.fuel(Work::Scalar, 0)).map_err(instantiate_error)?;
        }
        let pre = runtime.linker().instantiate_pre(module).map_err(instantiate_error)?;
        let instance = pre.instantiate(&mut store).map_err(instantiate_error)?;
        let memory = instance.get_memory(&mut store, "memory").ok_or_else(|| HostError::MissingExport {
            module: name.to_string(),
            name: "memory".into(),
            want: "a memory".into(),
        })?;
        let mut lookup = Lookup { name, instance: &instance, store: &mut store };
        let initialize: Option<TypedFunc<(), ()>> = lookup.optional("_initialize")?;
        let exports = Exports {
            add: lookup.func("add")?,
            counter_new: lookup.func("counter_new")?,
            counter_increment: lookup.func("counter_increment")?,
            counter_get: lookup.func("counter_get")?,
            counter_free: lookup.func("counter_free")?,
            alloc: lookup.func("alloc")?,
            dealloc: lookup.func("dealloc")?,
            grayscale: lookup.func("grayscale")?,
            blur: lookup.func("blur")?,
        };
        let guard = Guard {
            name: name.to_string(),
            store,
            memory,
            deadline_ticks: runtime.deadline_ticks(),
            deadline_secs: runtime.limits.deadline.map(|d| d.as_secs()).unwrap_or(0),
            budget: runtime.limits.budget,
            fuel_used: 0,
        };
        let mut kernel = Kernel { name: name.to_string(), exports, guard, instance };
        if let Some(init) = initialize {
            kernel.guard.call("_initialize", &init, (), Work::Scalar)?;
        }
        Ok(kernel)
    }

    pub fn add(&mut self, a: i32, b: i32) -> Result<i32, HostError> {
        self.guard.call("add", &self.exports.add, (a, b), Work::Scalar)
    }
    pub fn counter_new(&mut self) -> Result<i32, HostError> {
        self.guard.call("counter_new", &self.exports.counter_new, (), Work::Scalar)
    }
    pub fn counter_increment(&mut self, h: i32) -> Result<i32, HostError> {
        self.guard.call("counter_increment", &self.exports.counter_increment, h, Work::Scalar)
    }
    pub fn counter_get(&mut self, h: i32) -> Result<i32, HostError> {
        self.guard.call("counter_get", &self.exports.counter_get, h, Work::Scalar)
    }
    pub fn counter_free(&mut self, h: i32) -> Result<(), HostError> {
        self.guard.call("counter_free", &self.exports.counter_free, h, Work::Scalar)
    }
    pub fn alloc(&mut self, len: i32) -> Result<i32, HostError> {
        self.guard.call("alloc", &self.exports.alloc, len, Work::Alloc(len.max(0) as u64))
    }
    pub fn dealloc(&mut self, ptr: i32, len: i32) -> Result<(), HostError> {
        self.guard.call("dealloc", &self.exports.dealloc, (ptr, len), Work::Alloc(len.max(0) as u64))
    }
    pub fn grayscale(&mut self, ptr: i32, w: i32, h: i32) -> Result<i32, HostError> {
        self.guard.call("grayscale", &self.exports.grayscale, (ptr, w, h), Work::Kernel(image_bytes(w, h)))
    }
    pub fn blur(&mut self, src: i32, dst: i32, w: i32, h: i32) -> Result<i32, HostError> {
        self.guard.call("blur", &self.exports.blur, (src, dst, w, h), Work::Kernel(2 * image_bytes(w, h)))
    }

    /// Instructions executed so far (0 when the runtime sets no budget).
    pub fn fuel_used(&self) -> u64 {
        self.guard.fuel_used
    }

    /// An export beyond the contract (a workshop exercise's `invert`, say),
    /// typed by the caller and called under the same limits.
    pub fn call_extra<P: WasmParams + Copy + std::fmt::Debug, R: WasmResults>(
        &mut self,
        export: &str,
        args: P,
        work: Work,
    ) -> Result<R, HostError> {
        let mut lookup = Lookup { name: &self.name, instance: &self.instance, store: &mut self.guard.store };
        let func = lookup.func::<P, R>(export)?;
        self.guard.call(export, &func, args, work)
    }

    /// Current linear memory size in bytes.
    pub fn memory_size(&self) -> usize {
        self.guard.memory_size()
    }

    /// Copy bytes into guest memory, refusing anything outside it.
    pub fn write(&mut self, ptr: i32, bytes: &[u8]) -> Result<(), HostError> {
        let range = self.guard.range(ptr, bytes.len())?;
        self.guard.memory.data_mut(&mut self.guard.store)[range].copy_from_slice(bytes);
        Ok(())
    }

    /// Borrow bytes of guest memory, refusing anything outside it.
    pub fn read(&self, ptr: i32, len: usize) -> Result<&[u8], HostError> {
        let range = self.guard.range(ptr, len)?;
        Ok(&self.guard.memory.data(&self.guard.store)[range])
    }
}

impl Guard {
    fn memory_size(&self) -> usize {
        self.memory.data_size(&self.store)
    }

    fn range(&self, ptr: i32, len: usize) -> Result<std::ops::Range<usize>, HostError> {
        instance::guest_range(&self.name, self.memory_size(), ptr, len)
    }

    /// One call under the limits: re-arm the deadline, hand out the fuel
    /// this call may use (`work` bytes of buffers), count what it used.
    fn call<P: WasmParams + Copy + std::fmt::Debug, R: WasmResults>(
        &mut self,
        func: &str,
        f: &TypedFunc<P, R>,
        args: P,
        work: Work,
    ) -> Result<R, HostError> {
        if let Some(ticks) = self.deadline_ticks {
            self.store.set_epoch_deadline(ticks);
        }
        let fuel = self.budget.map(|b| b.fuel(work, self.memory_size() as u64));
        if let Some(fuel) = fuel {
            self.store.set_fuel(fuel).expect("fuel is enabled whenever a budget is set");
        }
        let result = f.call(&mut self.store, args);
        if let Some(fuel) = fuel {
            self.fuel_used += fuel - self.store.get_fuel().unwrap_or(0);
        }
        result.map_err(|e| self.describe(func, e, fuel.unwrap_or(0)).with_args(&args))
    }

    /// Turn whatever went wrong inside a call into a readable error.
    fn describe(&mut self, func: &str, error: wasmtime::Error, fuel: u64) -> HostError {
        if let Some(message) = self.store.data_mut().abort.take() {
            return HostError::Abort { module: self.name.clone(), func: func.to_string(), message };
        }
        let stderr = self.store.data().stderr.contents();
        describe(&self.name, func, &error, fuel, self.deadline_secs, &stderr)
    }
}

/// What went wrong inside a Wasmtime call, in words: a deadline, a budget
/// used up, a stack overflow, or a trap with what the guest wrote to stderr.
/// (Core modules and components alike.)
pub fn describe(
    module: &str,
    func: &str,
    error: &wasmtime::Error,
    fuel: u64,
    deadline_secs: u64,
    stderr: &[u8],
) -> HostError {
    let (module, func) = (module.to_string(), func.to_string());
    match error.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => return HostError::Deadline { module, func, seconds: deadline_secs },
        Some(Trap::OutOfFuel) => return HostError::OverBudget { module, func, instructions: fuel },
        Some(Trap::StackOverflow) => return HostError::StackOverflow { module, func },
        _ => {}
    }
    let mut reason = match error.downcast_ref::<Trap>() {
        Some(trap) => trap.to_string(),
        None => format!("{error:#}"),
    };
    if !stderr.is_empty() {
        let text = String::from_utf8_lossy(stderr);
        reason.push_str(&format!("; the module wrote to stderr: {}", text.trim()));
    }
    HostError::Trap { module, func, reason: super::error::one_line(&reason) }
}

/// Looks up exports with the types the contract gives them.
struct Lookup<'a> {
    name: &'a str,
    instance: &'a Instance,
    store: &'a mut Store<HostState>,
}

impl Lookup<'_> {
    fn func<P: WasmParams, R: WasmResults>(&mut self, export: &str) -> Result<TypedFunc<P, R>, HostError> {
        self.optional(export)?.ok_or_else(|| HostError::MissingExport {
            module: self.name.to_string(),
            name: export.to_string(),
            want: super::contract::Contract::get()
                .exports
                .get(export)
                .map(|s| format!("a function {}", s.signature()))
                .unwrap_or_else(|| "a function".into()),
        })
    }

    fn optional<P: WasmParams, R: WasmResults>(&mut self, export: &str) -> Result<Option<TypedFunc<P, R>>, HostError> {
        let Some(func) = self.instance.get_func(&mut *self.store, export) else {
            return Ok(None);
        };
        func.typed::<P, R>(&*self.store).map(Some).map_err(|e| HostError::WrongExport {
            module: self.name.to_string(),
            name: export.to_string(),
            got: format!("{}", func.ty(&*self.store)),
            want: format!("{e:#}"),
        })
    }
}

/// The runtime layer (instance.rs) over Wasmtime: the kernel's own calls.
impl Calls for Kernel {
    fn memory_size(&self) -> usize {
        Kernel::memory_size(self)
    }
    fn add(&mut self, a: i32, b: i32) -> Result<i32, HostError> {
        Kernel::add(self, a, b)
    }
    fn counter_new(&mut self) -> Result<i32, HostError> {
        Kernel::counter_new(self)
    }
    fn counter_increment(&mut self, h: i32) -> Result<i32, HostError> {
        Kernel::counter_increment(self, h)
    }
    fn counter_get(&mut self, h: i32) -> Result<i32, HostError> {
        Kernel::counter_get(self, h)
    }
    fn counter_free(&mut self, h: i32) -> Result<(), HostError> {
        Kernel::counter_free(self, h)
    }
    fn fuel_used(&self) -> u64 {
        Kernel::fuel_used(self)
    }

    /// The bare typed function: `bench` measures the host-to-wasm call alone.
    fn add_loop(&mut self, n: u32) -> Result<(), HostError> {
        let (add, store) = (&self.exports.add, &mut self.guard.store);
        for i in 0..n as i32 {
            std::hint::black_box(
                add.call(&mut *store, (std::hint::black_box(i), 1)).map_err(|e| bare(&self.name, "add", e))?,
            );
        }
        Ok(())
    }

    fn increment_loop(&mut self, h: i32, n: u32) -> Result<i32, HostError> {
        let (inc, store) = (&self.exports.counter_increment, &mut self.guard.store);
        let mut v = 0;
        for _ in 0..n {
            v = inc.call(&mut *store, std::hint::black_box(h)).map_err(|e| bare(&self.name, "counter_increment", e))?;
        }
        Ok(v)
    }
}

/// A trap in a bare call (`bench` runs without limits).
fn bare(module: &str, func: &str, e: wasmtime::Error) -> HostError {
    HostError::Trap {
        module: module.to_string(),
        func: func.to_string(),
        reason: super::error::one_line(&format!("{e:#}")),
    }
}

impl RawMemory for Kernel {
    fn read(&self, ptr: i32, len: usize) -> Result<&[u8], HostError> {
        Kernel::read(self, ptr, len)
    }
    fn write(&mut self, ptr: i32, bytes: &[u8]) -> Result<(), HostError> {
        Kernel::write(self, ptr, bytes)
    }
    fn alloc(&mut self, len: i32) -> Result<i32, HostError> {
        Kernel::alloc(self, len)
    }
    fn dealloc(&mut self, ptr: i32, len: i32) -> Result<(), HostError> {
        Kernel::dealloc(self, ptr, len)
    }
    fn grayscale(&mut self, ptr: i32, w: i32, h: i32) -> Result<i32, HostError> {
        Kernel::grayscale(self, ptr, w, h)
    }
    fn blur(&mut self, src: i32, dst: i32, w: i32, h: i32) -> Result<i32, HostError> {
        Kernel::blur(self, src, dst, w, h)
    }
}

/// A module compiled by one of Wasmtime's engines.
pub struct WasmtimeModule<'a> {
    runtime: &'a Runtime,
    name: String,
    pub module: Module,
}

impl Compiled for WasmtimeModule<'_> {
    fn exports(&self) -> Vec<(String, ExportShape)> {
        self.module.exports().map(|e| (e.name().to_string(), shape(&e.ty()))).collect()
    }
    fn instantiate(&self) -> Result<Box<dyn instance::Instance + '_>, HostError> {
        Ok(Box::new(Kernel::new(self.runtime, &self.name, &self.module)?))
    }
}

/// Wasmtime's words for an export's type.
fn shape(ty: &wasmtime::ExternType) -> ExportShape {
    match ty {
        wasmtime::ExternType::Func(f) => ExportShape::Func {
            params: f.params().map(|t| t.to_string()).collect(),
            results: f.results().map(|t| t.to_string()).collect(),
        },
        wasmtime::ExternType::Memory(_) => ExportShape::Memory,
        wasmtime::ExternType::Table(_) => ExportShape::Table,
        wasmtime::ExternType::Global(_) => ExportShape::Global,
        wasmtime::ExternType::Tag(_) => ExportShape::Tag,
    }
}

impl Runner for Runtime {
    fn kind(&self) -> RuntimeKind {
        RuntimeKind::Wasmtime(self.kind)
    }
    fn limits(&self) -> &Limits {
        &self.limits
    }
    fn compile(&self, name: &str, bytes: &[u8]) -> Result<Box<dyn Compiled + '_>, HostError> {
        let module = Runtime::compile(self, name, bytes)?;
        Ok(Box::new(WasmtimeModule { runtime: self, name: name.to_string(), module }))
    }
}
