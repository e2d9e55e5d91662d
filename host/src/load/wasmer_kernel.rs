//! The runtime layer over Wasmer 7.3 (feature `runtimes`), with its
//! Cranelift backend or its single-pass compiler.
//!
//! Limits: the instruction budget is Wasmer's metering middleware, with
//! Wasmtime's costs per Wasm operator (0 for nop, drop, block, loop, end,
//! else, return, unreachable; 1 for the rest; nothing per byte of bulk
//! memory). The middleware is compiled into the module, one per module, so
//! a checked runtime builds an engine per compile. The wall-clock deadline is
//! Wasmer's experimental host interrupt: one watchdog thread signals a call
//! that has run past it (SIGUSR1), and the call traps at its next check.
//! Memory is capped by tunables that lower every memory's maximum to the cap
//! (so `memory.grow` past it returns -1); a module declaring more than the
//! caps is refused before instantiation (instance.rs, `Declared`); one store
//! holds one instance. The call stack is Wasmer's own (1 MiB by default).

use super::error::HostError;
use super::instance::{
    self, compile_within, guest_range, image_bytes, Calls, Compiled, Declared, ExportShape, OtherRuntime, RawMemory,
    Runner, RuntimeKind,
};
use super::preview1::{self, Preview1};
use super::runtime::{Budget, Caps, Limits, Work};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};
use wasmer::sys::vm::{
    MemoryError, MemoryStyle, TableStyle, TrapCode, VMMemory, VMMemoryDefinition, VMTable, VMTableDefinition,
};
use wasmer::sys::wasmparser::Operator;
use wasmer::sys::{
    BaseTunables, CompilerConfig, Cranelift, EngineBuilder, NativeEngineExt, Singlepass, Target, Tunables,
};
use wasmer::{
    imports, Engine, Function, FunctionEnv, FunctionEnvMut, Instance, Interrupter, Memory, MemoryType, Module, Pages,
    RuntimeError, Store, TableType, Type, TypedFunction, WasmTypeList,
};
use wasmer_middlewares::metering::{get_remaining_points, set_remaining_points, MeteringPoints};
use wasmer_middlewares::Metering;

/// How often the watchdog looks at the calls it watches.
const TICK: Duration = Duration::from_millis(10);

pub struct WasmerRunner {
    compiler: OtherRuntime,
    limits: Limits,
    /// Without a budget every module shares one engine (no middleware).
    shared: Option<Engine>,
}

impl WasmerRunner {
    pub fn new(compiler: OtherRuntime, limits: Limits) -> anyhow::Result<WasmerRunner> {
        anyhow::ensure!(compiler != OtherRuntime::Wasmi, "wasmi is not a Wasmer compiler");
        let shared = limits.budget.is_none().then(|| engine(compiler, limits.caps, None));
        Ok(WasmerRunner { compiler, limits, shared })
    }
}

/// Wasmtime's default fuel cost of a Wasm operator.
fn cost(op: &Operator) -> u64 {
    match op {
        Operator::Nop | Operator::Drop => 0,
        Operator::Block { .. }
        | Operator::Loop { .. }
        | Operator::Unreachable
        | Operator::Return
        | Operator::Else
        | Operator::End => 0,
        _ => 1,
    }
}

/// An engine for `compiler` with the caps, and metering starting at `points`.
fn engine(compiler: OtherRuntime, caps: Caps, points: Option<u64>) -> Engine {
    let metering = points.map(|p| Arc::new(Metering::new(p, cost)));
    let mut engine: Engine = match compiler {
        OtherRuntime::WasmerSinglepass => {
            let mut config = Singlepass::new();
            if let Some(m) = metering {
                config.push_middleware(m);
            }
            EngineBuilder::new(config).into()
        }
        _ => {
            let mut config = Cranelift::new();
            if let Some(m) = metering {
                config.push_middleware(m);
            }
            EngineBuilder::new(config).into()
        }
    };
    engine.set_tunables(Capped { base: BaseTunables::for_target(&Target::default()), caps });
    engine
}

impl Runner for WasmerRunner {
    fn kind(&self) -> RuntimeKind {
        RuntimeKind::Other(self.compiler)
    }
    fn limits(&self) -> &Limits {
        &self.limits
    }
    fn unsupported(&self, bytes: &[u8]) -> Option<String> {
        (self.compiler == OtherRuntime::WasmerSinglepass && super::inspect::uses_simd(bytes))
            .then(|| "Wasmer's single-pass compiler does not implement simd128".into())
    }
    fn compile(&self, name: &str, bytes: &[u8]) -> Result<Box<dyn Compiled + '_>, HostError> {
        instance::check_size(&self.limits.caps, name, bytes.len() as u64)?;
        let engine = match &self.shared {
            Some(engine) => engine.clone(),
            // The middleware keeps one module's state: a fresh engine per module.
            None => engine(self.compiler, self.limits.caps, self.limits.budget.map(|b| b.fuel(Work::Scalar, 0))),
        };
        let (compiling, owned) = (engine.clone(), bytes.to_vec());
        let module = compile_within(name, self.limits.compile_timeout, move || {
            Module::new(&compiling, &owned).map_err(|e| e.to_string())
        })?;
        Ok(Box::new(WasmerModule {
            runner: self,
            name: name.to_string(),
            engine,
            module,
            declared: Declared::of(bytes),
        }))
    }
}

pub struct WasmerModule<'a> {
    runner: &'a WasmerRunner,
    name: String,
    engine: Engine,
    module: Module,
    declared: Declared,
}

fn type_name(t: &Type) -> String {
    match t {
        Type::I32 => "i32",
        Type::I64 => "i64",
        Type::F32 => "f32",
        Type::F64 => "f64",
        Type::V128 => "v128",
        Type::FuncRef => "(ref null func)",
        Type::ExternRef => "(ref null extern)",
        Type::ExceptionRef => "(ref null exn)",
    }
    .into()
}

impl Compiled for WasmerModule<'_> {
    fn exports(&self) -> Vec<(String, ExportShape)> {
        self.module
            .exports()
            .filter(|e| !e.name().starts_with("wasmer_metering_"))
            .map(|e| {
                let shape = match e.ty() {
                    wasmer::ExternType::Function(f) => ExportShape::Func {
                        params: f.params().iter().map(type_name).collect(),
                        results: f.results().iter().map(type_name).collect(),
                    },
                    wasmer::ExternType::Memory(_) => ExportShape::Memory,
                    wasmer::ExternType::Table(_) => ExportShape::Table,
                    wasmer::ExternType::Global(_) => ExportShape::Global,
                    wasmer::ExternType::Tag(_) => ExportShape::Tag,
                };
                (e.name().to_string(), shape)
            })
            .collect()
    }

    fn instantiate(&self) -> Result<Box<dyn instance::Instance + '_>, HostError> {
        Ok(Box::new(WasmerKernel::new(self)?))
    }
}

/// What every host function sees: the guest's memory (once instantiated),
/// preview 1's state, why the guest aborted.
struct Env {
    memory: Option<Memory>,
    wasi: Preview1,
    abort: Option<String>,
}

/// `proc_exit(code)`.
#[derive(Debug)]
struct Exit(i32);

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&preview1::exit_message(self.0))
    }
}

impl std::error::Error for Exit {}

/// The contract's functions, typed as the contract types them.
struct Exports {
    add: TypedFunction<(i32, i32), i32>,
    counter_new: TypedFunction<(), i32>,
    counter_increment: TypedFunction<i32, i32>,
    counter_get: TypedFunction<i32, i32>,
    counter_free: TypedFunction<i32, ()>,
    alloc: TypedFunction<i32, i32>,
    dealloc: TypedFunction<(i32, i32), ()>,
    grayscale: TypedFunction<(i32, i32, i32), i32>,
    blur: TypedFunction<(i32, i32, i32, i32), i32>,
}

/// The store, its memory, and the limits every call runs under.
struct Guard {
    name: String,
    store: Store,
    instance: Instance,
    memory: Memory,
    env: FunctionEnv<Env>,
    budget: Option<Budget>,
    watch: Option<Arc<Watched>>,
    fuel_used: u64,
}

pub struct WasmerKernel {
    name: String,
    exports: Exports,
    guard: Guard,
}

impl WasmerKernel {
    fn new(module: &WasmerModule) -> Result<WasmerKernel, HostError> {
        let (name, limits) = (module.name.as_str(), &module.runner.limits);
        let refuse = |reason: String| HostError::Instantiate { module: name.to_string(), reason };
        if let Some(reason) = module.declared.refused(&limits.caps) {
            return Err(refuse(reason));
        }
        let mut store = Store::new(module.engine.clone());
        let env = FunctionEnv::new(&mut store, Env { memory: None, wasi: Preview1::default(), abort: None });
        let imports = make_imports(&mut store, &env);
        let instance = Instance::new(&mut store, &module.module, &imports)
            .map_err(|e| refuse(instance::with_cap(&limits.caps, e.to_string())))?;
        let memory = instance.exports.get_memory("memory").cloned().map_err(|_| HostError::MissingExport {
            module: name.to_string(),
            name: "memory".into(),
            want: "a memory".into(),
        })?;
        env.as_mut(&mut store).memory = Some(memory.clone());
        fn typed<A: WasmTypeList, R: WasmTypeList>(
            store: &Store,
            instance: &Instance,
            module: &str,
            export: &str,
        ) -> Result<TypedFunction<A, R>, HostError> {
            instance.exports.get_typed_function::<A, R>(store, export).map_err(|e| HostError::WrongExport {
                module: module.into(),
                name: export.into(),
                got: e.to_string(),
                want: "the contract's signature".into(),
            })
        }
        macro_rules! export {
            ($n:literal) => {
                typed(&store, &instance, name, $n)?
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
        let initialize = match instance.exports.get_function("_initialize") {
            Ok(_) => Some(typed::<(), ()>(&store, &instance, name, "_initialize")?),
            Err(_) => None,
        };
        let watch = limits.deadline.map(|deadline| Watched::start(store.interrupter(), deadline));
        let guard =
            Guard { name: name.to_string(), store, instance, memory, env, budget: limits.budget, watch, fuel_used: 0 };
        let mut kernel = WasmerKernel { name: name.to_string(), exports, guard };
        if let Some(init) = initialize {
            kernel.guard.call("_initialize", Work::Scalar, |s| init.call(s))?;
        }
        Ok(kernel)
    }
}

impl Guard {
    fn memory_size(&self) -> usize {
        self.memory.view(&self.store).data_size() as usize
    }

    /// One call under the limits: the points this call may use (`work`
    /// bytes of buffers), the watchdog armed, what it used counted.
    fn call<R>(
        &mut self,
        func: &str,
        work: Work,
        f: impl FnOnce(&mut Store) -> Result<R, RuntimeError>,
    ) -> Result<R, HostError> {
        let points = self.budget.map(|b| b.fuel(work, self.memory_size() as u64));
        if let Some(points) = points {
            set_remaining_points(&mut self.store, &self.instance, points);
        }
        if let Some(watch) = &self.watch {
            watch.arm();
        }
        let result = f(&mut self.store);
        if let Some(watch) = &self.watch {
            watch.disarm();
        }
        if let Some(points) = points {
            match get_remaining_points(&mut self.store, &self.instance) {
                MeteringPoints::Remaining(left) => self.fuel_used += points - left,
                MeteringPoints::Exhausted => {
                    self.fuel_used += points;
                    if result.is_err() {
                        return Err(HostError::OverBudget {
                            module: self.name.clone(),
                            func: func.into(),
                            instructions: points,
                        });
                    }
                }
            }
        }
        result.map_err(|e| self.describe(func, e))
    }

    /// Turn whatever went wrong inside a call into a readable error.
    fn describe(&mut self, func: &str, error: RuntimeError) -> HostError {
        let (module, func) = (self.name.clone(), func.to_string());
        let env = self.env.as_mut(&mut self.store);
        if let Some(message) = env.abort.take() {
            return HostError::Abort { module, func, message };
        }
        let mut reason = match (error.downcast_ref::<Exit>(), error.clone().to_trap()) {
            (Some(exit), _) => exit.to_string(),
            (None, Some(TrapCode::StackOverflow)) => return HostError::StackOverflow { module, func },
            (None, Some(TrapCode::HostInterrupt)) => {
                let seconds = self.watch.as_ref().map_or(0, |w| w.deadline.as_secs());
                return HostError::Deadline { module, func, seconds };
            }
            (None, Some(code)) => code.message().to_string(),
            (None, None) => error.message(),
        };
        let stderr = &self.env.as_ref(&self.store).wasi.stderr;
        if !stderr.is_empty() {
            reason.push_str(&format!("; the module wrote to stderr: {}", String::from_utf8_lossy(stderr).trim()));
        }
        HostError::Trap { module, func, reason }
    }

    /// The guest's memory as bytes, for reading while nothing runs.
    fn data(&self) -> &[u8] {
        let view = self.memory.view(&self.store);
        // SAFETY: the memory lives as long as the store, which `&self`
        // borrows; nothing can grow or write it until that borrow ends.
        unsafe { std::slice::from_raw_parts(view.data_ptr(), view.data_size() as usize) }
    }
}

impl Calls for WasmerKernel {
    fn memory_size(&self) -> usize {
        self.guard.memory_size()
    }
    fn add(&mut self, a: i32, b: i32) -> Result<i32, HostError> {
        let f = &self.exports.add;
        self.guard.call("add", Work::Scalar, |s| f.call(s, a, b))
    }
    fn counter_new(&mut self) -> Result<i32, HostError> {
        let f = &self.exports.counter_new;
        self.guard.call("counter_new", Work::Scalar, |s| f.call(s))
    }
    fn counter_increment(&mut self, h: i32) -> Result<i32, HostError> {
        let f = &self.exports.counter_increment;
        self.guard.call("counter_increment", Work::Scalar, |s| f.call(s, h))
    }
    fn counter_get(&mut self, h: i32) -> Result<i32, HostError> {
        let f = &self.exports.counter_get;
        self.guard.call("counter_get", Work::Scalar, |s| f.call(s, h))
    }
    fn counter_free(&mut self, h: i32) -> Result<(), HostError> {
        let f = &self.exports.counter_free;
        self.guard.call("counter_free", Work::Scalar, |s| f.call(s, h))
    }
    fn fuel_used(&self) -> u64 {
        self.guard.fuel_used
    }
    fn add_loop(&mut self, n: u32) -> Result<(), HostError> {
        let (add, store) = (&self.exports.add, &mut self.guard.store);
        for i in 0..n as i32 {
            std::hint::black_box(add.call(store, std::hint::black_box(i), 1).map_err(|e| bare(&self.name, "add", e))?);
        }
        Ok(())
    }
    fn increment_loop(&mut self, h: i32, n: u32) -> Result<i32, HostError> {
        let (inc, store) = (&self.exports.counter_increment, &mut self.guard.store);
        let mut v = 0;
        for _ in 0..n {
            v = inc.call(store, std::hint::black_box(h)).map_err(|e| bare(&self.name, "counter_increment", e))?;
        }
        Ok(v)
    }
}

/// A trap in a bare call (`bench` runs without limits).
fn bare(module: &str, func: &str, e: RuntimeError) -> HostError {
    HostError::Trap { module: module.to_string(), func: func.to_string(), reason: e.message() }
}

impl RawMemory for WasmerKernel {
    fn read(&self, ptr: i32, len: usize) -> Result<&[u8], HostError> {
        let data = self.guard.data();
        Ok(&data[guest_range(&self.name, data.len(), ptr, len)?])
    }
    fn write(&mut self, ptr: i32, bytes: &[u8]) -> Result<(), HostError> {
        let range = guest_range(&self.name, self.memory_size(), ptr, bytes.len())?;
        let view = self.guard.memory.view(&self.guard.store);
        view.write(range.start as u64, bytes)
            .map_err(|e| HostError::Memory { module: self.name.clone(), what: e.to_string() })
    }
    fn alloc(&mut self, len: i32) -> Result<i32, HostError> {
        let f = &self.exports.alloc;
        self.guard.call("alloc", Work::Alloc(len.max(0) as u64), |s| f.call(s, len))
    }
    fn dealloc(&mut self, ptr: i32, len: i32) -> Result<(), HostError> {
        let f = &self.exports.dealloc;
        self.guard.call("dealloc", Work::Alloc(len.max(0) as u64), |s| f.call(s, ptr, len))
    }
    fn grayscale(&mut self, ptr: i32, w: i32, h: i32) -> Result<i32, HostError> {
        let f = &self.exports.grayscale;
        self.guard.call("grayscale", Work::Kernel(image_bytes(w, h)), |s| f.call(s, ptr, w, h))
    }
    fn blur(&mut self, src: i32, dst: i32, w: i32, h: i32) -> Result<i32, HostError> {
        let f = &self.exports.blur;
        self.guard.call("blur", Work::Kernel(2 * image_bytes(w, h)), |s| f.call(s, src, dst, w, h))
    }
}

/// One kernel's calls, as the watchdog sees them.
struct Watched {
    /// When the running call started (ns since the watchdog's epoch), 0 when idle.
    started: AtomicU64,
    deadline: Duration,
    interrupter: Interrupter,
    fired: AtomicBool,
}

/// Every kernel with a deadline, and when the watchdog's clock started.
struct Watchdog {
    epoch: Instant,
    watched: Mutex<Vec<Weak<Watched>>>,
}

fn watchdog() -> &'static Watchdog {
    static DOG: OnceLock<Watchdog> = OnceLock::new();
    DOG.get_or_init(|| {
        std::thread::Builder::new()
            .name("rosetta-wasmer-deadline".into())
            .spawn(|| loop {
                std::thread::sleep(TICK);
                let dog = watchdog();
                let now = dog.epoch.elapsed().as_nanos() as u64;
                let mut watched = dog.watched.lock().unwrap_or_else(|e| e.into_inner());
                watched.retain(|w| w.strong_count() > 0);
                for w in watched.iter().filter_map(Weak::upgrade) {
                    let started = w.started.load(Ordering::Acquire);
                    if started != 0 && now.saturating_sub(started) > w.deadline.as_nanos() as u64 {
                        w.fired.store(true, Ordering::Release);
                        w.interrupter.interrupt();
                    }
                }
            })
            .expect("the deadline thread starts");
        Watchdog { epoch: Instant::now(), watched: Mutex::new(Vec::new()) }
    })
}

impl Watched {
    fn start(interrupter: Interrupter, deadline: Duration) -> Arc<Watched> {
        let w = Arc::new(Watched { started: AtomicU64::new(0), deadline, interrupter, fired: AtomicBool::new(false) });
        watchdog().watched.lock().unwrap_or_else(|e| e.into_inner()).push(Arc::downgrade(&w));
        w
    }

    fn arm(&self) {
        let now = watchdog().epoch.elapsed().as_nanos() as u64;
        self.fired.store(false, Ordering::Release);
        self.started.store(now.max(1), Ordering::Release);
    }

    fn disarm(&self) {
        self.started.store(0, Ordering::Release);
    }
}

/// Caps every memory's maximum at the host's cap and every table's at its
/// element cap, on top of Wasmer's defaults.
struct Capped {
    base: BaseTunables,
    caps: Caps,
}

impl Capped {
    fn memory(&self, ty: &MemoryType) -> MemoryType {
        let cap = Pages((self.caps.memory_bytes() / 65536).min(u32::MAX as usize) as u32);
        let mut ty = *ty;
        ty.maximum = Some(ty.maximum.map_or(cap, |m| m.min(cap)));
        ty
    }

    fn table(&self, ty: &TableType) -> TableType {
        let cap = self.caps.max_table_elements.min(u32::MAX as usize) as u32;
        let mut ty = *ty;
        ty.maximum = Some(ty.maximum.map_or(cap, |m| m.min(cap)));
        ty
    }
}

impl Tunables for Capped {
    fn memory_style(&self, memory: &MemoryType) -> MemoryStyle {
        self.base.memory_style(&self.memory(memory))
    }
    fn table_style(&self, table: &TableType) -> TableStyle {
        self.base.table_style(table)
    }
    fn create_host_memory(&self, ty: &MemoryType, style: &MemoryStyle) -> Result<VMMemory, MemoryError> {
        self.base.create_host_memory(&self.memory(ty), style)
    }
    unsafe fn create_vm_memory(
        &self,
        ty: &MemoryType,
        style: &MemoryStyle,
        location: NonNull<VMMemoryDefinition>,
    ) -> Result<VMMemory, MemoryError> {
        // SAFETY: as for the base tunables; only the maximum changes.
        unsafe { self.base.create_vm_memory(&self.memory(ty), style, location) }
    }
    fn create_host_table(&self, ty: &TableType, style: &TableStyle) -> Result<VMTable, String> {
        self.base.create_host_table(&self.table(ty), style)
    }
    unsafe fn create_vm_table(
        &self,
        ty: &TableType,
        style: &TableStyle,
        location: NonNull<VMTableDefinition>,
    ) -> Result<VMTable, String> {
        // SAFETY: as for the base tunables; only the maximum changes.
        unsafe { self.base.create_vm_table(&self.table(ty), style, location) }
    }
}

/// Run `f` on the guest's memory and preview 1's state, inside a host function.
fn with_wasi(env: &mut FunctionEnvMut<Env>, f: impl FnOnce(&mut Preview1, &mut [u8]) -> i32) -> i32 {
    let (env, store) = env.data_and_store_mut();
    let Some(memory) = env.memory.clone() else { return preview1::EFAULT };
    let view = memory.view(&store);
    // SAFETY: while a host function runs, the guest is paused and nothing
    // else holds its memory; preview 1 never grows it.
    let data = unsafe { view.data_unchecked_mut() };
    f(&mut env.wasi, data)
}

/// Everything a kernel may import: preview 1's stubs (preview1.rs), `env.abort`,
/// and `env.emscripten_notify_memory_growth`. An import not here fails instantiation.
fn make_imports(store: &mut Store, env: &FunctionEnv<Env>) -> wasmer::Imports {
    type E<'a> = FunctionEnvMut<'a, Env>;
    macro_rules! host {
        (|$wasi:ident, $data:ident $(, $arg:ident : $ty:ty)*| $body:expr) => {
            Function::new_typed_with_env(store, env, |mut e: E, $($arg: $ty),*| -> i32 {
                with_wasi(&mut e, |$wasi, $data| $body)
            })
        };
    }
    let args_sizes_get = host!(|w, d, a: i32, b: i32| w.sizes_get(d, a, b));
    let environ_sizes_get = host!(|w, d, a: i32, b: i32| w.sizes_get(d, a, b));
    let args_get = host!(|w, d, a: i32, b: i32| w.list_get(d, a, b));
    let environ_get = host!(|w, d, a: i32, b: i32| w.list_get(d, a, b));
    let clock_time_get = host!(|w, d, id: i32, precision: i64, out: i32| w.clock_time_get(d, id, precision, out));
    let fd_write = host!(|w, d, fd: i32, iovs: i32, n: i32, out: i32| w.fd_write(d, fd, iovs, n, out));
    let poll_oneoff = host!(|w, d, subs: i32, events: i32, n: i32, out: i32| w.poll_oneoff(d, subs, events, n, out));
    let random_get = host!(|w, d, buf: i32, len: i32| w.random_get(d, buf, len));
    let sched_yield = Function::new_typed(store, || -> i32 { preview1::SUCCESS });
    let proc_exit = Function::new_typed(store, |code: i32| -> Result<(), Exit> { Err(Exit(code)) });
    let abort = Function::new_typed_with_env(store, env, |mut e: E, msg: i32, file: i32, line: i32, col: i32| {
        let (env, store) = e.data_and_store_mut();
        let text = match &env.memory {
            Some(memory) => {
                let view = memory.view(&store);
                // SAFETY: the guest is paused inside this host function.
                let data = unsafe { view.data_unchecked() };
                format!("{} at {}:{line}:{col}", instance::as_string(data, msg), instance::as_string(data, file))
            }
            None => "<no memory export>".into(),
        };
        env.abort = Some(text.clone());
        Err::<(), _>(RuntimeError::new(format!("abort: {text}")))
    });
    let notify = Function::new_typed(store, |_index: i32| {});
    imports! {
        "wasi_snapshot_preview1" => {
            "args_get" => args_get,
            "args_sizes_get" => args_sizes_get,
            "clock_time_get" => clock_time_get,
            "environ_get" => environ_get,
            "environ_sizes_get" => environ_sizes_get,
            "fd_write" => fd_write,
            "poll_oneoff" => poll_oneoff,
            "proc_exit" => proc_exit,
            "random_get" => random_get,
            "sched_yield" => sched_yield,
        },
        "env" => {
            "abort" => abort,
            "emscripten_notify_memory_growth" => notify,
        },
    }
}
