//! The contract's Counter: a plain Rust struct, and the handles that carry it
//! across the boundary.
//!
//! Ownership: [`new_handle`] puts a `Counter` in a `Box` and gives the Box up
//! with `Box::into_raw`; from then on the host owns the counter, and the handle
//! (the Box's address) is the only thing that refers to it. [`counter_at`]
//! borrows it for one call. [`free_handle`] takes ownership back with
//! `Box::from_raw` and drops the Box, which frees the memory, so the allocator
//! can hand the same address out again (a freed handle may be reused).
//!
//! The handle functions are `#[inline]`: each has one caller, its export, and
//! without the hint the size-tuned opt-levels ("s", "z") keep it as a call.

use ::alloc::alloc::alloc as global_alloc;
use ::alloc::boxed::Box;
use core::alloc::Layout;
use core::ptr;

/// A counter: starts at 0, counts up by one, wraps at `i32::MAX`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counter {
    value: i32,
}

impl Counter {
    /// A counter at 0.
    pub const fn new() -> Self {
        Counter { value: 0 }
    }

    /// Adds 1 (wrapping from `i32::MAX` to `i32::MIN`) and returns the new value.
    ///
    /// Plain `+ 1` would panic on overflow in a debug build; `wrapping_add` says
    /// what the contract means in every build profile.
    pub fn increment(&mut self) -> i32 {
        self.value = self.value.wrapping_add(1);
        self.value
    }

    /// The current value.
    pub fn get(&self) -> i32 {
        self.value
    }
}

/// A new counter at 0, owned by whoever holds the returned pointer (the
/// handle); null when memory is exhausted.
#[inline]
pub fn new_handle() -> *mut Counter {
    match try_box(Counter::new()) {
        Some(counter) => Box::into_raw(counter),
        None => ptr::null_mut(),
    }
}

/// Borrows the counter behind a handle for the rest of one call.
///
/// # Safety
/// `handle` came from [`new_handle`], is not null and has not been freed, and
/// nothing else borrows its counter meanwhile.
#[inline]
pub unsafe fn counter_at<'a>(handle: *mut Counter) -> &'a mut Counter {
    // SAFETY: the caller's promise: a live Box<Counter> that only the caller uses.
    unsafe { &mut *handle }
}

/// Frees the counter behind a handle; a null handle does nothing.
///
/// # Safety
/// `handle` is null, or came from [`new_handle`] and has not been freed; it is
/// dead afterwards.
#[inline]
pub unsafe fn free_handle(handle: *mut Counter) {
    if !handle.is_null() {
        // SAFETY: a live handle is a pointer from `Box::into_raw`; taking the
        // Box back and dropping it runs `Counter`'s drop and frees the memory.
        drop(unsafe { Box::from_raw(handle) });
    }
}

/// `Box::new`, but `None` instead of aborting when the allocator is out of
/// memory (stable Rust has no `Box::try_new` yet): the contract wants
/// `counter_new` to return 0 then. The memory comes from the global allocator
/// with `Layout::new::<T>()`, exactly what `Box` itself uses, so
/// `Box::from_raw` may take it over and free it later.
#[inline]
fn try_box<T>(value: T) -> Option<Box<T>> {
    const { assert!(size_of::<T>() != 0, "the global allocator does not take zero-sized layouts") };
    // SAFETY: the layout is not zero-sized (asserted above).
    let raw = unsafe { global_alloc(Layout::new::<T>()) }.cast::<T>();
    if raw.is_null() {
        return None;
    }
    // SAFETY: `raw` is fresh, non-null, sized and aligned for `T`; after the
    // write it holds a valid `T`, allocated as `Box` allocates.
    unsafe {
        raw.write(value);
        Some(Box::from_raw(raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_counts_from_zero() {
        let mut c = Counter::new();
        assert_eq!(c.get(), 0);
        assert_eq!(c.increment(), 1);
        assert_eq!(c.increment(), 2);
        assert_eq!(c.get(), 2);
        assert_eq!(Counter::default(), Counter::new());
    }

    #[test]
    fn counters_are_independent() {
        let mut a = Counter::new();
        let mut b = Counter::new();
        for _ in 0..5 {
            a.increment();
        }
        b.increment();
        assert_eq!((a.get(), b.get()), (5, 1));
    }

    #[test]
    fn counter_wraps() {
        let mut c = Counter { value: i32::MAX - 1 };
        assert_eq!(c.increment(), i32::MAX);
        assert_eq!(c.increment(), i32::MIN);
        assert_eq!(c.get(), i32::MIN);
        assert_eq!(c.increment(), i32::MIN + 1);
    }

    #[test]
    fn handles_own_their_counters() {
        let (a, b) = (new_handle(), new_handle());
        assert!(!a.is_null() && !b.is_null() && a != b);
        // SAFETY: both are live handles, each borrowed for one statement.
        unsafe {
            assert_eq!(counter_at(a).increment(), 1);
            assert_eq!(counter_at(a).increment(), 2);
            assert_eq!(counter_at(b).get(), 0);
            free_handle(a);
            assert_eq!(counter_at(b).increment(), 1);
            free_handle(b);
            free_handle(ptr::null_mut()); // does nothing
        }
    }
}
