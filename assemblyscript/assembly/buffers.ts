// Buffers for the host: raw, unmanaged memory from the runtime's allocator.
//
// `heap.alloc`/`heap.free` are AssemblyScript's malloc/free. The blocks they
// return carry no object header, so the collector neither traces nor frees
// them: no pinning is needed, and a block stays where it is until `heap.free`.
// (A managed `new ArrayBuffer(len)` would work too, but it is a GC object:
// the host would have to keep it pinned, like a counter.)
//
// Both allocators align every block to 16 bytes (room for a v128), which
// covers the contract's 8. What `heap.free` does depends on the runtime:
// with incremental and minimal (the TLSF allocator) it really frees; with
// stub (a bump allocator) it only takes back the most recently allocated
// block, which is why the size-tuned build does not use stub (README.md).

import { canReserve } from "./oom";

/** A buffer of `len` bytes, 8-byte aligned, or 0 for `len <= 0` and when out
 *  of memory. It stays valid and unmoved until `dealloc`. */
export function alloc(len: i32): usize {
  if (len <= 0 || !canReserve(<usize>len)) return 0;
  return heap.alloc(<usize>len);
}

/** Frees a buffer from `alloc`; `dealloc(0, _)` does nothing. The allocator
 *  keeps each block's size in its header, so `len` (which the contract passes
 *  for allocators that need it, like Rust's) is not needed here. */
export function dealloc(ptr: usize, len: i32): void {
  if (ptr == 0) return;
  heap.free(ptr);
}
