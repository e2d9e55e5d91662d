;; Imports a function the contract does not list: refused before it runs.
;; expect: exports fail: env.system
(module
  (import "env" "system" (func $system (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32) (call $system (local.get 0))))
