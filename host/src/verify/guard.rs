//! Buffers the host places in guest memory with guard bytes on both sides.
//!
//! A kernel gets `ptr` and a length; the host asks the module's own `alloc`
//! for `GUARD` more bytes on each side and fills them with a known pattern.
//! After the call, a changed guard byte is a write outside the buffer, named
//! by its address. The module's own memory (its stack, its heap, a collector's
//! bookkeeping) is its business and is not checked: only what the host owns.

use super::checks::Images;
use crate::load::instance::{Instance, RawMemory};
use anyhow::{bail, ensure, Result};

/// Guard bytes on each side of a buffer: a multiple of the contract's alloc
/// alignment, so the buffer itself stays aligned.
pub const GUARD: usize = 64;

/// A buffer of `len` bytes at `ptr`, inside a block from the module's `alloc`.
#[derive(Debug, Clone, Copy)]
pub struct Guarded {
    block: i32,
    pub len: usize,
}

/// The guard pattern: no run of equal bytes, so a stray write of any one
/// value shows.
fn pattern(offset: usize) -> u8 {
    (offset as u8).wrapping_mul(73) ^ 0x5A
}

impl Guarded {
    /// A core module's image calls in value form, every buffer guarded.
    pub fn images(k: &mut dyn Instance) -> GuardedImages<'_> {
        GuardedImages(k)
    }

    /// Place `bytes` between two guards, through the module's own alloc.
    pub fn place(k: &mut dyn RawMemory, bytes: &[u8]) -> Result<Guarded> {
        let total = bytes.len() + 2 * GUARD;
        let block = k.alloc(total as i32)?;
        ensure!(block != 0, "alloc({total}) returned 0");
        let mut all: Vec<u8> = (0..GUARD).map(pattern).collect();
        all.extend_from_slice(bytes);
        all.extend((0..GUARD).map(|i| pattern(GUARD + i)));
        k.write(block, &all)?;
        Ok(Guarded { block, len: bytes.len() })
    }

    /// The buffer's address, what the kernel is given.
    pub fn ptr(&self) -> i32 {
        self.block.wrapping_add(GUARD as i32)
    }

    /// Fails, naming the first changed byte, if `what` wrote into a guard.
    pub fn check(&self, k: &dyn RawMemory, what: &str) -> Result<()> {
        let before = k.read(self.block, GUARD)?;
        if let Some(i) = (0..GUARD).find(|&i| before[i] != pattern(i)) {
            let at = self.block as u32 as usize + i;
            bail!(
                "{what} wrote outside its buffer: byte {at:#x}, {} before its start, changed to {:#04x}",
                GUARD - i,
                before[i]
            );
        }
        let after = k.read(self.ptr().wrapping_add(self.len as i32), GUARD)?;
        if let Some(i) = (0..GUARD).find(|&i| after[i] != pattern(GUARD + i)) {
            let at = self.ptr() as u32 as usize + self.len + i;
            bail!(
                "{what} wrote outside its buffer: byte {at:#x}, {} past its end, changed to {:#04x}",
                i + 1,
                after[i]
            );
        }
        Ok(())
    }

    /// The buffer's bytes.
    pub fn read<'a>(&self, k: &'a dyn RawMemory) -> Result<&'a [u8]> {
        Ok(k.read(self.ptr(), self.len)?)
    }

    /// Give the block back to the module.
    pub fn free(self, k: &mut dyn RawMemory) -> Result<()> {
        k.dealloc(self.block, (self.len + 2 * GUARD) as i32)?;
        Ok(())
    }
}

/// The core form of the image checks (checks.rs, `Images`): each image goes
/// between guards; blur writes into a second guarded buffer and must leave
/// its source as it was.
pub struct GuardedImages<'a>(&'a mut dyn Instance);

impl Images for GuardedImages<'_> {
    fn grayscale(&mut self, pixels: &[u8], w: i32, h: i32) -> Result<Result<Vec<u8>, i32>> {
        let k = &mut *self.0;
        let buf = Guarded::place(k, pixels)?;
        let status = k.grayscale(buf.ptr(), w, h)?;
        buf.check(k, &format!("grayscale on a {w}x{h} image"))?;
        let out = buf.read(k)?.to_vec();
        buf.free(k)?;
        Ok(if status == 0 { Ok(out) } else { Err(status) })
    }

    fn blur(&mut self, pixels: &[u8], w: i32, h: i32) -> Result<Result<Vec<u8>, i32>> {
        let k = &mut *self.0;
        let src = Guarded::place(k, pixels)?;
        let dst = Guarded::place(k, &vec![0xA5; pixels.len()])?;
        let status = k.blur(src.ptr(), dst.ptr(), w, h)?;
        let what = format!("blur on a {w}x{h} image");
        src.check(k, &what)?;
        dst.check(k, &what)?;
        ensure!(src.read(k)? == pixels, "{what} changed its source");
        let out = dst.read(k)?.to_vec();
        src.free(k)?;
        dst.free(k)?;
        Ok(if status == 0 { Ok(out) } else { Err(status) })
    }
}
