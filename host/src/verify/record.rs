//! A fingerprint of what a check got out of a module, so that runtimes can be
//! held against each other (runtimes.rs): every value the contract defines
//! (what `add`, `counter_increment` and `counter_get` return, the image
//! kernels' status codes) and every byte the host read back. Handles and
//! `alloc`'s pointers are left out: where a module puts things is its own
//! business, and a collector seeded from `random_get` may put them elsewhere.

use crate::load::error::HostError;
use crate::load::instance::{Calls, Instance, RawMemory};
use std::cell::RefCell;
use std::hash::{DefaultHasher, Hasher};

/// An instance that fingerprints its outputs as the checks run.
pub struct Recorder<'a> {
    inner: &'a mut dyn Instance,
    /// `read` borrows `&self`, so the hasher sits in a cell.
    hasher: RefCell<DefaultHasher>,
}

impl<'a> Recorder<'a> {
    pub fn new(inner: &'a mut dyn Instance) -> Recorder<'a> {
        Recorder { inner, hasher: RefCell::new(DefaultHasher::new()) }
    }

    /// The fingerprint of everything recorded.
    pub fn finish(self) -> u64 {
        self.hasher.into_inner().finish()
    }

    fn value(&self, what: u8, v: i32) -> i32 {
        let mut h = self.hasher.borrow_mut();
        h.write_u8(what);
        h.write_i32(v);
        v
    }
}

impl Calls for Recorder<'_> {
    fn memory_size(&self) -> usize {
        self.inner.memory_size()
    }
    fn add(&mut self, a: i32, b: i32) -> Result<i32, HostError> {
        let v = self.inner.add(a, b)?;
        Ok(self.value(b'a', v))
    }
    fn counter_new(&mut self) -> Result<i32, HostError> {
        self.inner.counter_new()
    }
    fn counter_increment(&mut self, h: i32) -> Result<i32, HostError> {
        let v = self.inner.counter_increment(h)?;
        Ok(self.value(b'i', v))
    }
    fn counter_get(&mut self, h: i32) -> Result<i32, HostError> {
        let v = self.inner.counter_get(h)?;
        Ok(self.value(b'g', v))
    }
    fn counter_free(&mut self, h: i32) -> Result<(), HostError> {
        self.inner.counter_free(h)
    }
    fn fuel_used(&self) -> u64 {
        self.inner.fuel_used()
    }
}

impl RawMemory for Recorder<'_> {
    fn read(&self, ptr: i32, len: usize) -> Result<&[u8], HostError> {
        let bytes = self.inner.read(ptr, len)?;
        let mut h = self.hasher.borrow_mut();
        h.write_u8(b'r');
        h.write(bytes);
        Ok(bytes)
    }
    fn write(&mut self, ptr: i32, bytes: &[u8]) -> Result<(), HostError> {
        self.inner.write(ptr, bytes)
    }
    fn alloc(&mut self, len: i32) -> Result<i32, HostError> {
        self.inner.alloc(len)
    }
    fn dealloc(&mut self, ptr: i32, len: i32) -> Result<(), HostError> {
        self.inner.dealloc(ptr, len)
    }
    fn grayscale(&mut self, ptr: i32, w: i32, h: i32) -> Result<i32, HostError> {
        let v = self.inner.grayscale(ptr, w, h)?;
        Ok(self.value(b'y', v))
    }
    fn blur(&mut self, src: i32, dst: i32, w: i32, h: i32) -> Result<i32, HostError> {
        let v = self.inner.blur(src, dst, w, h)?;
        Ok(self.value(b'b', v))
    }
}
