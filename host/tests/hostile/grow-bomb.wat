;; Every alloc asks for another 256 MiB of memory: the host's cap stops it,
;; memory.grow returns -1, and the module's alloc gives up.
;; expect: alloc fail: alloc(1) returned 0
(module
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "counter_new") (result i32) (i32.const 0))
  (func (export "counter_increment") (param i32) (result i32) (i32.const 0))
  (func (export "counter_get") (param i32) (result i32) (i32.const 0))
  (func (export "counter_free") (param i32))
  (func (export "alloc") (param i32) (result i32)
    (loop $bomb (br_if $bomb (i32.ne (memory.grow (i32.const 4096)) (i32.const -1))))
    (i32.const 0))
  (func (export "dealloc") (param i32 i32))
  (func (export "grayscale") (param i32 i32 i32) (result i32) (i32.const 0))
  (func (export "blur") (param i32 i32 i32 i32) (result i32) (i32.const 0)))
