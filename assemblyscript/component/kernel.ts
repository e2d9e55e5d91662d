// The kernel world (contract/wit/kernel/kernel.wit) by hand: AssemblyScript
// has no component bindings generator, so this file is the canonical ABI's core
// side of the world, over the kernel's own code in assembly/. Every export is
// named as `wasm-tools component embed --dummy-names legacy` (wit-bindgen's
// names) expects it; `@exportAs` (component/export-as.mjs) gives the names.
//
// Memory: lists are raw `heap.alloc` blocks (TLSF, the minimal runtime of the
// `tuned` build), which the collector never traces; each is freed exactly once.
// - An argument list arrives in a block the host got from `cabi_realloc`; it
//   is ours, and the export frees it (or hands it back as the result).
// - A result list is returned through RET_AREA, and the host calls the
//   `cabi_post_` export when it has copied it out, which frees it.
// - An empty list is never allocated: `cabi_realloc` answers a request for 0
//   bytes with `align` (aligned, never freed), as wit-bindgen's Rust does.

import {
  add as kernelAdd,
  counter_new,
  counter_increment,
  counter_get,
  counter_free,
} from "../assembly/exports";
import { OK, BAD_DIMENSIONS, OUT_OF_BOUNDS, imageLen } from "../assembly/status";
import { grayscale as grayscaleKernel } from "../assembly/grayscale";
import { blur as blurKernel } from "../assembly/blur";

// --- operations -------------------------------------------------------------

@exportAs("rosetta:kernel/operations@1.0.0#add")
export function add(a: i32, b: i32): i32 {
  return kernelAdd(a, b);
}

// --- counters: resource counter ---------------------------------------------
//
// The resource's representation (rep, an i32) is the core module's handle:
// the Counter object's address, pinned (assembly/counter.ts). The constructor
// turns it into a handle of the component's table with `[resource-new]`;
// methods get `borrow<counter>` as the rep itself (the resource is this
// component's own); dropping the last handle calls `[dtor]` with the rep.

@external("[export]rosetta:kernel/counters@1.0.0", "[resource-new]counter")
declare function resourceNew(rep: usize): i32;

/** A new counter at 0, as a handle of the component's table. */
@exportAs("rosetta:kernel/counters@1.0.0#[constructor]counter")
export function counterConstructor(): i32 {
  const rep = counter_new();
  if (rep == 0) unreachable(); // out of memory: a WIT constructor cannot fail
  return resourceNew(rep);
}

/** Adds 1 (wrapping) and returns the new value. */
@exportAs("rosetta:kernel/counters@1.0.0#[method]counter.increment")
export function counterIncrement(rep: usize): i32 {
  return counter_increment(rep);
}

/** The counter's value. */
@exportAs("rosetta:kernel/counters@1.0.0#[method]counter.get")
export function counterGet(rep: usize): i32 {
  return counter_get(rep);
}

/** The host dropped the last handle: the counter is freed (recycled). */
@exportAs("rosetta:kernel/counters@1.0.0#[dtor]counter")
export function counterDtor(rep: usize): void {
  counter_free(rep);
}

// --- image: list<u8> in, result<list<u8>, error-code> out --------------------
//
// `f(pixels: list<u8>, width: u32, height: u32)` lowers to (ptr, len, width,
// height); the result does not fit in one core value, so the export returns
// a pointer to its layout in memory: `result` is a variant, its discriminant a
// u8 at 0 (0 ok, 1 err), the payload aligned to 4 (the list's pointer) at 4:
// ok is the list's (ptr: u32, len: u32) at 4 and 8, err the error-code enum
// (bad-dimensions 0, out-of-bounds 1, overlap 2) as a u8 at 4. 12 bytes.

/** The one return area: a component export is never re-entered. */
const RET_AREA = memory.data(12, 4);

/** The core status codes 1..3 are the error-code cases 0..2. */
@inline function errorCase(status: i32): u8 {
  return <u8>(status - BAD_DIMENSIONS);
}

/** OK, or the first error: the core checks (assembly/status.ts), with the
 *  list's length where the core module checks the memory bounds. `width` and
 *  `height` above 2^31 - 1 read as negative i32, which `imageLen` rejects as
 *  it should: such an image could never be under 2^31 bytes. */
function checkPixels(len: usize, width: u32, height: u32): i32 {
  const want = imageLen(<i32>width, <i32>height);
  if (want == 0) return BAD_DIMENSIONS;
  return <usize>want == len ? OK : OUT_OF_BOUNDS;
}

function freeList(ptr: usize, len: usize): void {
  if (len != 0) heap.free(ptr);
}

function ok(ptr: usize, len: usize): usize {
  store<u8>(RET_AREA, 0);
  store<usize>(RET_AREA, ptr, 4);
  store<usize>(RET_AREA, len, 8);
  return RET_AREA;
}

function err(status: i32): usize {
  store<u8>(RET_AREA, 1);
  store<u8>(RET_AREA, errorCase(status), 4);
  return RET_AREA;
}

/** The post-return of both image functions: the host has the result, free
 *  its list. */
function freeResult(ret: usize): void {
  if (load<u8>(ret) == 0) freeList(load<usize>(ret, 4), load<usize>(ret, 8));
}

/** In place: the argument's block is the result. */
@exportAs("rosetta:kernel/image@1.0.0#grayscale")
export function grayscale(ptr: usize, len: usize, width: u32, height: u32): usize {
  const status = checkPixels(len, width, height);
  if (status != OK) {
    freeList(ptr, len);
    return err(status);
  }
  grayscaleKernel(ptr, len);
  return ok(ptr, len);
}

/** grayscale's post-return: the host has copied the result out. */
@exportAs("cabi_post_rosetta:kernel/image@1.0.0#grayscale")
export function grayscalePost(ret: usize): void {
  freeResult(ret);
}

/** Into a new block; the argument's is freed. */
@exportAs("rosetta:kernel/image@1.0.0#blur")
export function blur(ptr: usize, len: usize, width: u32, height: u32): usize {
  const status = checkPixels(len, width, height);
  if (status != OK) {
    freeList(ptr, len);
    return err(status);
  }
  const dst = heap.alloc(len); // traps when memory cannot grow
  blurKernel(ptr, dst, <i32>width, <i32>height);
  freeList(ptr, len);
  return ok(dst, len);
}

/** blur's post-return. */
@exportAs("cabi_post_rosetta:kernel/image@1.0.0#blur")
export function blurPost(ret: usize): void {
  freeResult(ret);
}

// --- the canonical ABI's allocator -------------------------------------------

/** `realloc(old ptr, old size, align, new size)`: the host gets the blocks
 *  for argument lists here (old ptr 0). TLSF blocks are 16-byte aligned,
 *  enough for any WIT type; out of memory traps (TLSF's `unreachable`). */
export function cabi_realloc(ptr: usize, oldSize: usize, align: usize, newSize: usize): usize {
  if (align > 16) unreachable();
  if (newSize == 0) {
    freeList(ptr, oldSize);
    return align;
  }
  return oldSize == 0 ? heap.alloc(newSize) : heap.realloc(ptr, newSize);
}
