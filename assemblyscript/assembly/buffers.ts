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

import { Runtime } from "shared/runtime";

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

// Out of memory without a trap. The contract wants `alloc` and `counter_new`
// to return 0 when memory runs out. AssemblyScript's allocators cannot say
// "no": when they need more memory they call `memory.grow`, and when the host
// refuses (it caps every instance at 1 GiB) they execute `unreachable`, a
// trap. There is no fallible `heap.alloc`. So we ask before allocating:
//   1. Does the allocator already have a free block that fits? Then it will
//      not grow memory at all.
//   2. Otherwise, would the largest growth it could ask for fit under the cap?
// Only if both answers are no do we return 0.

/** The host caps every instance at 1 GiB of linear memory (the contract). */
// @ts-ignore: decorator
@inline const MAX_PAGES: u64 = 16384;

/** Whether the allocator can serve `size` bytes without trapping. */
export function canReserve(size: usize): bool {
  if (size >= (1 << 30) - 64) return false; // can never fit under the cap
  return hasFreeBlock(size) || canGrowFor(size);
}

/** Question 2. TLSF (the incremental and minimal runtimes' allocator) rounds
 *  a large request up to its size class, at most 1/16 more, and adds block
 *  headers and alignment; one page more covers its first-use setup. The stub
 *  runtime's bump allocator needs less than that. */
function canGrowFor(size: usize): bool {
  const worst = <u64>size + ((<u64>size) >> 4) + 64;
  const pages = ((worst + 0xffff) >> 16) + 1;
  return <u64>memory.size() + pages <= MAX_PAGES;
}

/** Question 1, for TLSF: the same test its own `searchBlock` makes
 *  (~lib/rt/tlsf.ts), on the two bitmaps at the start of its root structure
 *  that hold one bit per non-empty free list. This reads the allocator's
 *  internals, so it is pinned to the compiler version in package.json, and
 *  `rosetta verify` checks it (memory filled to the cap, freed, and used
 *  again). The stub runtime keeps no free lists: it can only grow, so the
 *  answer is no. */
function hasFreeBlock(size: usize): bool {
  if (ASC_RUNTIME == Runtime.Stub) return false;
  // TLSF's root sits at the 16-byte-aligned heap base; until the first
  // allocation that memory is still zero, which reads as "no free blocks".
  const root = (__heap_base + 15) & ~15;
  // The block size TLSF would look for (its computeSize and roundSize).
  const block: usize = size <= 12 ? 12 : ((size + 4 + 15) & ~15) - 4;
  let fl: usize, sl: usize;
  if (block < 256) {
    fl = 0;
    sl = block >> 4;
  } else {
    const request = block < (1 << 29) - 2 ? block + ((<usize>1) << (27 - clz(block))) - 1 : block;
    fl = 31 - clz(request);
    sl = (request >> (fl - 4)) ^ 16;
    fl -= 7;
  }
  const slMap = load<u32>(root + 4 + (fl << 2)); // free lists of first level fl
  const flMap = load<u32>(root); // first levels with any free list
  return (slMap & (~0 << (<u32>sl))) != 0 || (flMap & (~0 << (<u32>fl + 1))) != 0;
}
