;; A calculator component whose `add` takes and gives s64, where the WIT world
;; (contract/wit/calculator) says s32.
(component
  (core module $m
    (func (export "add") (param i64 i64) (result i64)
      (i64.add (local.get 0) (local.get 1))))
  (core instance $i (instantiate $m))
  (func $add (param "a" s64) (param "b" s64) (result s64) (canon lift (core func $i "add")))
  (instance $operations (export "add" (func $add)))
  (export "example:calc/operations" (instance $operations)))
