//! The runtime layer over wasmi (feature `runtimes`): a pure-Rust
//! interpreter of its own register-based bytecode, translated from Wasm
//! lazily, function by function, on first call (its default).
//!
//! Limits: the instruction budget is wasmi's fuel, which costs Wasm operators
//! as Wasmtime does (0 for nop, drop, block, loop, end, else, return,
//! unreachable; 1 for the rest) plus its own charges for bulk memory (1 per
//! 64 bytes) and for translating a function. A call gets its fuel in slices
//! and resumes after each, so the wall-clock deadline is checked between
//! slices (every 10 million instructions). Memory and tables are capped by
//! wasmi's `StoreLimits`; a module declaring more than the caps is refused
//! before instantiation (instance.rs, `Declared`). wasmi's call stack is its
//! own (1000 calls deep by default).

use super::error::HostError;
use super::instance::{
    self, compile_within, guest_range, image_bytes, Calls, Compiled, Declared, ExportShape, RawMemory, Runner,
    RuntimeKind,
};
use super::preview1::{self, Preview1};
use super::runtime::{Budget, Limits, Work};
use std::time::{Duration, Instant};
use wasmi::{
    Caller, Config, Engine, Extern, Linker, Memory, Module, Store, StoreLimits, StoreLimitsBuilder, TrapCode,
    TypedFunc, TypedResumableCall, ValType, WasmParams, WasmResults,
};

/// Fuel handed out at a time; the deadline is looked at in between.
const SLICE: u64 = 10_000_000;

/// What every store holds: preview 1's state, the caps, why the guest aborted.
pub struct State {
    wasi: Preview1,
    limits: StoreLimits,
    abort: Option<String>,
}

pub struct WasmiRunner {
    engine: Engine,
    linker: Linker<State>,
    limits: Limits,
}

impl WasmiRunner {
    pub fn new(limits: Limits) -> anyhow::Result<WasmiRunner> {
        let mut config = Config::default();
        config.consume_fuel(limits.budget.is_some() || limits.deadline.is_some());
        let engine = Engine::new(&config);
        let linker = make_linker(&engine)?;
        Ok(WasmiRunner { engine, linker, limits })
    }
}

impl Runner for WasmiRunner {
    fn kind(&self) -> RuntimeKind {
        RuntimeKind::Other(instance::OtherRuntime::Wasmi)
    }
    fn limits(&self) -> &Limits {
        &self.limits
    }
    fn compile(&self, name: &str, bytes: &[u8]) -> Result<Box<dyn Compiled + '_>, HostError> {
        instance::check_size(&self.limits.caps, name, bytes.len() as u64)?;
        let (engine, owned) = (self.engine.clone(), bytes.to_vec());
        let module = compile_within(name, self.limits.compile_timeout, move || {
            Module::new(&engine, &owned).map_err(|e| e.to_string())
        })?;
        Ok(Box::new(WasmiModule { runner: self, name: name.to_string(), module, declared: Declared::of(bytes) }))
    }
}

pub struct WasmiModule<'a> {
    runner: &'a WasmiRunner,
    name: String,
    module: Module,
    declared: Declared,
}

fn type_name(t: &ValType) -> String {
    match t {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        ValType::V128 => "v128",
        ValType::FuncRef => "(ref null func)",
        ValType::ExternRef => "(ref null extern)",
    }
    .into()
}

impl Compiled for WasmiModule<'_> {
    fn exports(&self) -> Vec<(String, ExportShape)> {
        self.module
            .exports()
            .map(|e| {
                let shape = match e.ty() {
                    wasmi::ExternType::Func(f) => ExportShape::Func {
                        params: f.params().iter().map(type_name).collect(),
                        results: f.results().iter().map(type_name).collect(),
                    },
                    wasmi::ExternType::Memory(_) => ExportShape::Memory,
                    wasmi::ExternType::Table(_) => ExportShape::Table,
                    wasmi::ExternType::Global(_) => ExportShape::Global,
                };
                (e.name().to_string(), shape)
            })
            .collect()
    }

    fn instantiate(&self) -> Result<Box<dyn instance::Instance + '_>, HostError> {
        Ok(Box::new(WasmiKernel::new(self)?))
    }
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
    store: Store<State>,
    memory: Memory,
    budget: Option<Budget>,
    deadline: Option<Duration>,
    fuel_used: u64,
}

pub struct WasmiKernel {
    name: String,
    exports: Exports,
    guard: Guard,
}

impl WasmiKernel {
    fn new(module: &WasmiModule) -> Result<WasmiKernel, HostError> {
        let (name, limits) = (module.name.as_str(), &module.runner.limits);
        let caps = limits.caps;
        let refuse = |reason: String| HostError::Instantiate { module: name.to_string(), reason };
        if let Some(reason) = module.declared.refused(&caps) {
            return Err(refuse(reason));
        }
        let store_limits = StoreLimitsBuilder::new()
            .memory_size(caps.memory_bytes())
            .table_elements(caps.max_table_elements)
            .tables(caps.max_tables)
            .memories(caps.max_tables)
            .instances(caps.max_instances)
            .build();
        let state = State { wasi: Preview1::default(), limits: store_limits, abort: None };
        let mut store = Store::new(&module.runner.engine, state);
        store.limiter(|state| &mut state.limits);
        let metered = limits.budget.is_some() || limits.deadline.is_some();
        if metered {
            // The start function, if any, runs within one call's budget.
            let fuel = limits.budget.map_or(u64::MAX, |b| b.fuel(Work::Scalar, 0));
            store.set_fuel(fuel).map_err(|e| refuse(e.to_string()))?;
        }
        let instance = module
            .runner
            .linker
            .instantiate_and_start(&mut store, &module.module)
            .map_err(|e| refuse(instance::with_cap(&caps, e.to_string())))?;
        let memory = instance.get_memory(&store, "memory").ok_or_else(|| HostError::MissingExport {
            module: name.to_string(),
            name: "memory".into(),
            want: "a memory".into(),
        })?;
        let func = |export: &str| -> Result<wasmi::Func, HostError> {
            instance.get_func(&store, export).ok_or_else(|| HostError::MissingExport {
                module: name.to_string(),
                name: export.into(),
                want: "a function".into(),
            })
        };
        fn typed<P: WasmParams, R: WasmResults>(
            store: &Store<State>,
            module: &str,
            export: &str,
            f: wasmi::Func,
        ) -> Result<TypedFunc<P, R>, HostError> {
            f.typed::<P, R>(store).map_err(|e| HostError::WrongExport {
                module: module.into(),
                name: export.into(),
                got: format!("{:?}", f.ty(store)),
                want: e.to_string(),
            })
        }
        macro_rules! export {
            ($n:literal) => {
                typed(&store, name, $n, func($n)?)?
            };
        }
        let exports = Exports {
            add: export!("add"),
            counter_new: export!("counter_new"),
            counter_increment: export!("counter_increment"),
            counter_get: export!("counter_get"),
            counter_free: export!("counter_free"),
            alloc: export!("alloc"),
            dealloc: export!("dealloc"),
            grayscale: export!("grayscale"),
            blur: export!("blur"),
        };
        let initialize = match instance.get_func(&store, "_initialize") {
            Some(f) => Some(typed::<(), ()>(&store, name, "_initialize", f)?),
            None => None,
        };
        let guard = Guard {
            name: name.to_string(),
            store,
            memory,
            budget: limits.budget,
            deadline: limits.deadline,
            fuel_used: 0,
        };
        let mut kernel = WasmiKernel { name: name.to_string(), exports, guard };
        if let Some(init) = initialize {
            kernel.guard.call("_initialize", &init, (), Work::Scalar)?;
        }
        Ok(kernel)
    }
}

impl Guard {
    fn memory_size(&self) -> usize {
        self.memory.data_size(&self.store)
    }

    /// One call under the limits: the fuel this call may use (`work` bytes
    /// of buffers), handed out in slices, with the deadline looked at after
    /// each slice.
    fn call<P: WasmParams + Copy + std::fmt::Debug, R: WasmResults>(
        &mut self,
        func: &str,
        f: &TypedFunc<P, R>,
        args: P,
        work: Work,
    ) -> Result<R, HostError> {
        let total = match (self.budget, self.deadline) {
            (None, None) => {
                return f.call(&mut self.store, args).map_err(|e| self.describe(func, &e).with_args(&args));
            }
            (Some(budget), _) => budget.fuel(work, self.memory_size() as u64),
            (None, Some(_)) => u64::MAX,
        };
        let start = Instant::now();
        let mut left = total;
        let mut slice = left.min(SLICE);
        self.set_fuel(slice);
        let mut state = f.call_resumable(&mut self.store, args);
        loop {
            let used = slice - self.store.get_fuel().unwrap_or(0);
            self.fuel_used += used;
            left -= used;
            match state {
                Ok(TypedResumableCall::Finished(r)) => return Ok(r),
                Err(e) => return Err(self.describe(func, &e).with_args(&args)),
                Ok(TypedResumableCall::HostTrap(trap)) => {
                    return Err(self.describe(func, trap.host_error()).with_args(&args));
                }
                Ok(TypedResumableCall::OutOfFuel(call)) => {
                    let need = call.required_fuel();
                    if left < need.max(1) {
                        return Err(HostError::OverBudget {
                            module: self.name.clone(),
                            func: func.into(),
                            instructions: total,
                        });
                    }
                    if let Some(deadline) = self.deadline.filter(|&d| start.elapsed() > d) {
                        return Err(HostError::Deadline {
                            module: self.name.clone(),
                            func: func.into(),
                            seconds: deadline.as_secs(),
                        });
                    }
                    slice = left.min(SLICE).max(need);
                    self.set_fuel(slice);
                    state = call.resume(&mut self.store);
                }
            }
        }
    }

    fn set_fuel(&mut self, fuel: u64) {
        self.store.set_fuel(fuel).expect("fuel is enabled whenever a budget or deadline is set");
    }

    /// Turn whatever went wrong inside a call into a readable error.
    fn describe(&mut self, func: &str, error: &wasmi::Error) -> HostError {
        let (module, func) = (self.name.clone(), func.to_string());
        if let Some(message) = self.store.data_mut().abort.take() {
            return HostError::Abort { module, func, message };
        }
        let mut reason = match (error.as_trap_code(), error.i32_exit_status()) {
            (Some(TrapCode::StackOverflow), _) => return HostError::StackOverflow { module, func },
            (Some(TrapCode::OutOfFuel), _) => return HostError::OverBudget { module, func, instructions: 0 },
            (Some(code), _) => code.trap_message().to_string(),
            (None, Some(status)) => preview1::exit_message(status),
            (None, None) => error.to_string(),
        };
        let stderr = &self.store.data().wasi.stderr;
        if !stderr.is_empty() {
            reason.push_str(&format!("; the module wrote to stderr: {}", String::from_utf8_lossy(stderr).trim()));
        }
        HostError::Trap { module, func, reason }
    }
}

impl Calls for WasmiKernel {
    fn memory_size(&self) -> usize {
        self.guard.memory_size()
    }
    fn add(&mut self, a: i32, b: i32) -> Result<i32, HostError> {
        self.guard.call("add", &self.exports.add, (a, b), Work::Scalar)
    }
    fn counter_new(&mut self) -> Result<i32, HostError> {
        self.guard.call("counter_new", &self.exports.counter_new, (), Work::Scalar)
    }
    fn counter_increment(&mut self, h: i32) -> Result<i32, HostError> {
        self.guard.call("counter_increment", &self.exports.counter_increment, h, Work::Scalar)
    }
    fn counter_get(&mut self, h: i32) -> Result<i32, HostError> {
        self.guard.call("counter_get", &self.exports.counter_get, h, Work::Scalar)
    }
    fn counter_free(&mut self, h: i32) -> Result<(), HostError> {
        self.guard.call("counter_free", &self.exports.counter_free, h, Work::Scalar)
    }
    fn fuel_used(&self) -> u64 {
        self.guard.fuel_used
    }
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
fn bare(module: &str, func: &str, e: wasmi::Error) -> HostError {
    HostError::Trap { module: module.to_string(), func: func.to_string(), reason: e.to_string() }
}

impl RawMemory for WasmiKernel {
    fn read(&self, ptr: i32, len: usize) -> Result<&[u8], HostError> {
        let range = guest_range(&self.name, self.memory_size(), ptr, len)?;
        Ok(&self.guard.memory.data(&self.guard.store)[range])
    }
    fn write(&mut self, ptr: i32, bytes: &[u8]) -> Result<(), HostError> {
        let range = guest_range(&self.name, self.memory_size(), ptr, bytes.len())?;
        self.guard.memory.data_mut(&mut self.guard.store)[range].copy_from_slice(bytes);
        Ok(())
    }
    fn alloc(&mut self, len: i32) -> Result<i32, HostError> {
        self.guard.call("alloc", &self.exports.alloc, len, Work::Alloc(len.max(0) as u64))
    }
    fn dealloc(&mut self, ptr: i32, len: i32) -> Result<(), HostError> {
        self.guard.call("dealloc", &self.exports.dealloc, (ptr, len), Work::Alloc(len.max(0) as u64))
    }
    fn grayscale(&mut self, ptr: i32, w: i32, h: i32) -> Result<i32, HostError> {
        self.guard.call("grayscale", &self.exports.grayscale, (ptr, w, h), Work::Kernel(image_bytes(w, h)))
    }
    fn blur(&mut self, src: i32, dst: i32, w: i32, h: i32) -> Result<i32, HostError> {
        self.guard.call("blur", &self.exports.blur, (src, dst, w, h), Work::Kernel(2 * image_bytes(w, h)))
    }
}

/// The guest's memory and preview 1's state, inside a host function.
fn wasi<'a>(caller: &'a mut Caller<'_, State>) -> Option<(&'a mut [u8], &'a mut Preview1)> {
    let memory = caller.get_export("memory").and_then(Extern::into_memory)?;
    let (data, state) = memory.data_and_store_mut(caller);
    Some((data, &mut state.wasi))
}

/// Everything a kernel may import: preview 1's stubs (preview1.rs), `env.abort`, and
/// `env.emscripten_notify_memory_growth`. An import not here fails instantiation.
fn make_linker(engine: &Engine) -> anyhow::Result<Linker<State>> {
    let mut linker = Linker::new(engine);
    let m = preview1::MODULE;
    linker.func_wrap(m, "sched_yield", || -> i32 { preview1::SUCCESS })?;
    macro_rules! wrap {
        ($name:literal, |$wasi:ident, $data:ident $(, $arg:ident : $ty:ty)*| $body:expr) => {
            linker.func_wrap(m, $name, |mut caller: Caller<'_, State>, $($arg: $ty),*| -> i32 {
                match wasi(&mut caller) {
                    Some(($data, $wasi)) => $body,
                    None => preview1::EFAULT,
                }
            })?;
        };
    }
    wrap!("args_sizes_get", |w, d, a: i32, b: i32| w.sizes_get(d, a, b));
    wrap!("environ_sizes_get", |w, d, a: i32, b: i32| w.sizes_get(d, a, b));
    wrap!("args_get", |w, d, a: i32, b: i32| w.list_get(d, a, b));
    wrap!("environ_get", |w, d, a: i32, b: i32| w.list_get(d, a, b));
    wrap!("clock_time_get", |w, d, id: i32, precision: i64, out: i32| w.clock_time_get(d, id, precision, out));
    wrap!("fd_write", |w, d, fd: i32, iovs: i32, n: i32, out: i32| w.fd_write(d, fd, iovs, n, out));
    wrap!("poll_oneoff", |w, d, subs: i32, events: i32, n: i32, out: i32| w.poll_oneoff(d, subs, events, n, out));
    wrap!("random_get", |w, d, buf: i32, len: i32| w.random_get(d, buf, len));
    linker.func_wrap(m, "proc_exit", |code: i32| -> Result<(), wasmi::Error> { Err(wasmi::Error::i32_exit(code)) })?;
    linker.func_wrap(
        "env",
        "abort",
        |mut caller: Caller<'_, State>, msg: i32, file: i32, line: i32, col: i32| -> Result<(), wasmi::Error> {
            let text = match caller.get_export("memory").and_then(Extern::into_memory) {
                Some(memory) => {
                    let data = memory.data(&caller);
                    format!("{} at {}:{line}:{col}", instance::as_string(data, msg), instance::as_string(data, file))
                }
                None => "<no memory export>".into(),
            };
            caller.data_mut().abort = Some(text.clone());
            Err(wasmi::Error::new(format!("abort: {text}")))
        },
    )?;
    linker.func_wrap("env", "emscripten_notify_memory_growth", |_index: i32| {})?;
    Ok(linker)
}
