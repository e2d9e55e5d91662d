;; `add` recurses without end: a stack overflow, reported as one.
;; expect: add fail: stack overflow
(module
  (memory (export "memory") 1)
  (func $down (param i32) (result i32) (call $down (i32.add (local.get 0) (i32.const 1))))
  (func (export "add") (param i32 i32) (result i32) (call $down (local.get 0)))
  (func (export "counter_new") (result i32) (i32.const 0))
  (func (export "counter_increment") (param i32) (result i32) (i32.const 0))
  (func (export "counter_get") (param i32) (result i32) (i32.const 0))
  (func (export "counter_free") (param i32))
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "dealloc") (param i32 i32))
  (func (export "grayscale") (param i32 i32 i32) (result i32) (i32.const 0))
  (func (export "blur") (param i32 i32 i32 i32) (result i32) (i32.const 0)))
