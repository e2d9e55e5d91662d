;; `add` never returns: it runs out of its instruction budget, and the
;; remaining checks are skipped.
;; expect: add fail: used up its budget
;; expect: blur skip
(module
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32) (loop $forever (br $forever)) (i32.const 0))
  (func (export "counter_new") (result i32) (i32.const 0))
  (func (export "counter_increment") (param i32) (result i32) (i32.const 0))
  (func (export "counter_get") (param i32) (result i32) (i32.const 0))
  (func (export "counter_free") (param i32))
  (func (export "alloc") (param i32) (result i32) (i32.const 0))
  (func (export "dealloc") (param i32 i32))
  (func (export "grayscale") (param i32 i32 i32) (result i32) (i32.const 0))
  (func (export "blur") (param i32 i32 i32 i32) (result i32) (i32.const 0)))
