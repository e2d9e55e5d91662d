// Counters: a real AssemblyScript class, handed to the host as a handle.
//
// The handle IS the object reference: a managed object's address in linear
// memory (never 0), reinterpreted with `changetype` in both directions, no
// table, no copy. AssemblyScript's collectors never move objects, so an
// address stays valid for as long as the object is alive.
//
// GC safety. The host keeps handles in its own (Rust) variables, which no
// AssemblyScript collector can see. Which runtime the build uses decides what
// that means (asc --runtime, see README.md):
//   incremental  the collector runs by itself, during any allocation. An
//                object only the host knows about looks like garbage, so
//                newHandle pins it (`__pin`: the collector treats it as a
//                root) and freeHandle unpins it; the collector then frees it
//                on a later cycle. Nothing else is needed.
//   minimal      a simpler stop-the-world collector that runs only when
//                `__collect()` is called, and nothing here calls it. Pinning
//                is kept anyway: it costs little and stays right if it ever is.
//   stub         there is no collector: `__pin`/`__unpin` are no-ops and
//                objects are never freed.
// With stub and minimal, nothing would ever reclaim a freed counter, and the
// contract's 100,000 new/free cycles would grow memory by megabytes. So for
// those runtimes freeHandle pushes the object onto a free list (through its
// own `next` field, so recycling allocates nothing) and newHandle pops it.
// The list is a global, hence a GC root: recycled counters stay reachable.

import { Runtime } from "shared/runtime";
import { canReserve } from "./buffers";

/** A counter: an ordinary managed object, like any other class instance. */
export class Counter {
  value: i32 = 0;
  /** Link in the free list of recycled counters (stub and minimal runtimes). */
  next: Counter | null = null;

  /** Adds 1, wrapping like every i32 operation, and returns the new value. */
  // @ts-ignore: decorator
  @inline increment(): i32 {
    return ++this.value;
  }

  // @ts-ignore: decorator
  @inline get(): i32 {
    return this.value;
  }
}

/** Recycle freed counters when the runtime never collects them by itself.
 *  A compile-time constant: the unused branch is not even compiled. */
// @ts-ignore: decorator
@inline const RECYCLE: bool = ASC_RUNTIME != Runtime.Incremental;

/** Freed counters waiting to be reused (only with RECYCLE). */
let recycled: Counter | null = null;

/** A new counter at 0, as its handle; 0 when out of memory. */
export function newHandle(): usize {
  let counter: Counter;
  const head = recycled;
  if (RECYCLE && head) {
    recycled = head.next;
    head.next = null;
    head.value = 0;
    counter = head;
  } else {
    // `new` would trap if memory could not grow; the contract wants 0 instead.
    // (An object is its fields plus a 16-byte header.)
    if (!canReserve(offsetof<Counter>() + 16)) return 0;
    counter = new Counter();
  }
  // The host now holds the only reference: pin it (see the top of this file).
  return __pin(changetype<usize>(counter));
}

/** The counter behind a live handle. */
// @ts-ignore: decorator
@inline export function counterAt(handle: usize): Counter {
  return changetype<Counter>(handle);
}

/** Lets go of a live handle: the counter is freed or recycled. */
export function freeHandle(handle: usize): void {
  __unpin(handle); // the host lets go: from now on the collector may free it
  if (RECYCLE) {
    const counter = changetype<Counter>(handle);
    counter.next = recycled;
    recycled = counter;
  }
}
