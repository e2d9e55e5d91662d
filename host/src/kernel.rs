//! A live kernel instance with the contract's functions as typed calls.
//!
//! Every call re-arms the deadline and turns a trap, an abort or a runaway
//! loop into a `HostError` that names the module and the function.

use crate::error::HostError;
use crate::runtime::{HostState, Runtime};
use wasmtime::{Instance, Memory, Module, Store, Trap, TypedFunc, WasmParams, WasmResults};

pub struct Kernel {
    pub name: String,
    store: Store<HostState>,
    memory: Memory,
    deadline_ticks: Option<u64>,
    deadline_secs: u64,
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

impl Kernel {
    /// Instantiate, look up every export with its contract type, and call
    /// `_initialize` if the module is a WASI reactor (Emscripten, Go).
    pub fn new(runtime: &Runtime, name: &str, module: &Module) -> Result<Kernel, HostError> {
        let mut store = runtime.new_store();
        let instantiate_error = |e: wasmtime::Error| HostError::Instantiate {
            module: name.to_string(),
            reason: format!("{e:#}"),
        };
        if let Some(ticks) = runtime.deadline_ticks() {
            store.set_epoch_deadline(ticks);
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
        let mut kernel = Kernel {
            add: lookup.func("add")?,
            counter_new: lookup.func("counter_new")?,
            counter_increment: lookup.func("counter_increment")?,
            counter_get: lookup.func("counter_get")?,
            counter_free: lookup.func("counter_free")?,
            alloc: lookup.func("alloc")?,
            dealloc: lookup.func("dealloc")?,
            grayscale: lookup.func("grayscale")?,
            blur: lookup.func("blur")?,
            name: name.to_string(),
            store,
            memory,
            deadline_ticks: runtime.deadline_ticks(),
            deadline_secs: runtime.deadline.map(|d| d.as_secs()).unwrap_or(0),
        };
        if let Some(init) = initialize {
            kernel.call("_initialize", &init, ())?;
        }
        Ok(kernel)
    }

    pub fn add(&mut self, a: i32, b: i32) -> Result<i32, HostError> {
        let f = self.add.clone();
        self.call("add", &f, (a, b))
    }
    pub fn counter_new(&mut self) -> Result<i32, HostError> {
        let f = self.counter_new.clone();
        self.call("counter_new", &f, ())
    }
    pub fn counter_increment(&mut self, h: i32) -> Result<i32, HostError> {
        let f = self.counter_increment.clone();
        self.call("counter_increment", &f, h)
    }
    pub fn counter_get(&mut self, h: i32) -> Result<i32, HostError> {
        let f = self.counter_get.clone();
        self.call("counter_get", &f, h)
    }
    pub fn counter_free(&mut self, h: i32) -> Result<(), HostError> {
        let f = self.counter_free.clone();
        self.call("counter_free", &f, h)
    }
    pub fn alloc(&mut self, len: i32) -> Result<i32, HostError> {
        let f = self.alloc.clone();
        self.call("alloc", &f, len)
    }
    pub fn dealloc(&mut self, ptr: i32, len: i32) -> Result<(), HostError> {
        let f = self.dealloc.clone();
        self.call("dealloc", &f, (ptr, len))
    }
    pub fn grayscale(&mut self, ptr: i32, w: i32, h: i32) -> Result<i32, HostError> {
        let f = self.grayscale.clone();
        self.call("grayscale", &f, (ptr, w, h))
    }
    pub fn blur(&mut self, src: i32, dst: i32, w: i32, h: i32) -> Result<i32, HostError> {
        let f = self.blur.clone();
        self.call("blur", &f, (src, dst, w, h))
    }

    /// The typed functions, for benchmarks that must not pay for the
    /// wrapper (`bench` measures the bare host-to-wasm call).
    pub fn raw_add(&mut self) -> (&TypedFunc<(i32, i32), i32>, &mut Store<HostState>) {
        (&self.add, &mut self.store)
    }
    pub fn raw_counter_increment(&mut self) -> (&TypedFunc<i32, i32>, &mut Store<HostState>) {
        (&self.counter_increment, &mut self.store)
    }

    /// Current linear memory size in bytes.
    pub fn memory_size(&self) -> usize {
        self.memory.data_size(&self.store)
    }

    /// Copy bytes into guest memory, refusing anything outside it.
    pub fn write(&mut self, ptr: i32, bytes: &[u8]) -> Result<(), HostError> {
        let range = self.range(ptr, bytes.len())?;
        self.memory.data_mut(&mut self.store)[range].copy_from_slice(bytes);
        Ok(())
    }

    /// Borrow bytes of guest memory, refusing anything outside it.
    pub fn read(&self, ptr: i32, len: usize) -> Result<&[u8], HostError> {
        let range = self.range(ptr, len)?;
        Ok(&self.memory.data(&self.store)[range])
    }

    fn range(&self, ptr: i32, len: usize) -> Result<std::ops::Range<usize>, HostError> {
        let start = ptr as u32 as usize;
        let end = start.checked_add(len).filter(|&end| end <= self.memory_size());
        end.map(|end| start..end).ok_or_else(|| HostError::Memory {
            module: self.name.clone(),
            what: format!("{len} bytes at {start:#x}, memory is {} bytes", self.memory_size()),
        })
    }

    fn call<P: WasmParams, R: WasmResults>(
        &mut self,
        func: &str,
        f: &TypedFunc<P, R>,
        args: P,
    ) -> Result<R, HostError> {
        if let Some(ticks) = self.deadline_ticks {
            self.store.set_epoch_deadline(ticks);
        }
        f.call(&mut self.store, args).map_err(|e| self.describe(func, e))
    }

    /// Turn whatever went wrong inside a call into a readable error.
    fn describe(&mut self, func: &str, error: wasmtime::Error) -> HostError {
        let module = self.name.clone();
        let func = func.to_string();
        if let Some(message) = self.store.data_mut().abort.take() {
            return HostError::Abort { module, func, message };
        }
        if let Some(Trap::Interrupt) = error.downcast_ref::<Trap>() {
            return HostError::Deadline { module, func, seconds: self.deadline_secs };
        }
        let mut reason = match error.downcast_ref::<Trap>() {
            Some(trap) => trap.to_string(),
            None => format!("{error:#}"),
        };
        let stderr = self.store.data().stderr.contents();
        if !stderr.is_empty() {
            let text = String::from_utf8_lossy(&stderr);
            reason.push_str(&format!("; the module wrote to stderr: {}", text.trim()));
        }
        HostError::Trap { module, func, reason }
    }
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
            want: crate::contract::Contract::get()
                .exports
                .get(export)
                .map(|s| format!("a function {}", s.signature()))
                .unwrap_or_else(|| "a function".into()),
        })
    }

    fn optional<P: WasmParams, R: WasmResults>(
        &mut self,
        export: &str,
    ) -> Result<Option<TypedFunc<P, R>>, HostError> {
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
