;; A WASI command that reports what it was given: its arguments on stderr
;; (NULs as spaces), and the exit code 100 * (bytes on stdin) + 10 * argc +
;; (environment variables). Given three arguments, no environment and an
;; empty stdin, it exits with 40.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: argc, 4: argv bytes, 8: envc, 12: environ bytes, 16: iovec, 24: count,
  ;; 1024: argv pointers, 2048: argv bytes, 4096: stdin bytes
  (func (export "_start")
    (local $i i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $environ_sizes_get (i32.const 8) (i32.const 12)))
    (drop (call $args_get (i32.const 1024) (i32.const 2048)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.load (i32.const 4))))
        (if (i32.eqz (i32.load8_u (i32.add (i32.const 2048) (local.get $i))))
          (then (i32.store8 (i32.add (i32.const 2048) (local.get $i)) (i32.const 32))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store (i32.const 16) (i32.const 2048))
    (i32.store (i32.const 20) (i32.load (i32.const 4)))
    (drop (call $fd_write (i32.const 2) (i32.const 16) (i32.const 1) (i32.const 24)))
    (i32.store (i32.const 16) (i32.const 4096))
    (i32.store (i32.const 20) (i32.const 64))
    (i32.store (i32.const 24) (i32.const 0))
    (drop (call $fd_read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 24)))
    (call $proc_exit
      (i32.add (i32.mul (i32.load (i32.const 24)) (i32.const 100))
        (i32.add (i32.mul (i32.load (i32.const 0)) (i32.const 10)) (i32.load (i32.const 8)))))))
