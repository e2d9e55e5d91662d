  ;; Appended by build.sh to a standard Go core module (the `)` at the end
  ;; closes the module), with ARENA_START and ARENA_END replaced by the bounds
  ;; of adapterarena.Memory.Bytes (adapterarena/doc.go says why).
  ;;
  ;; cabi_realloc_adapter: a bump allocator over that arena, which
  ;; wit-component gives the preview-1 adapter instead of the module's
  ;; cabi_realloc. It needs no Go runtime, so it works inside _initialize.
  (global $adapter_arena_next (mut i32) (i32.const ARENA_START))
  (func $cabi_realloc_adapter (export "cabi_realloc_adapter")
    (param $old_ptr i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
    (local $ptr i32)
    ;; Fresh allocations only: the adapter never reallocates.
    local.get $old_ptr
    if
      unreachable
    end
    ;; ptr = next rounded up to align; trap past the arena's end.
    global.get $adapter_arena_next
    local.get $align
    i32.add
    i32.const 1
    i32.sub
    i32.const 0
    local.get $align
    i32.sub
    i32.and
    local.tee $ptr
    local.get $size
    i32.add
    i32.const ARENA_END
    i32.gt_u
    if
      unreachable
    end
    local.get $ptr
    local.get $size
    i32.add
    global.set $adapter_arena_next
    local.get $ptr)
)
