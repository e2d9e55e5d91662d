;; `add` takes two i64s: named, and nothing is called.
;; expect: exports fail: add
(module
  (memory (export "memory") 1)
  (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1))))
