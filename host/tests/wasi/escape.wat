;; A WASI command that tries to open two files outside its one directory:
;; `../secret` (up from the preopened directory) and `/etc/passwd` (an
;; absolute path). If either opens, it says ESCAPED and exits 0 (with no
;; output file, so the host fails it anyway); otherwise it says so on stderr
;; and exits with the WASI errno both got (125 if they got different ones).
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "../secret")
  (data (i32.const 120) "/etc/passwd")
  (data (i32.const 200) "refused: ../secret and /etc/passwd\n")
  (data (i32.const 300) "ESCAPED\n")
  ;; path_open(fd 3 = the preopened directory, follow symlinks, path, no
  ;; oflags, rights fd_read, no inheriting rights, no fdflags, fd out at 16)
  (func $open (param $path i32) (param $len i32) (result i32)
    (call $path_open (i32.const 3) (i32.const 1) (local.get $path) (local.get $len)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 16)))
  (func $say (param $text i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $text))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (local $up i32) (local $absolute i32)
    (local.set $up (call $open (i32.const 100) (i32.const 9)))
    (local.set $absolute (call $open (i32.const 120) (i32.const 11)))
    (if (i32.or (i32.eqz (local.get $up)) (i32.eqz (local.get $absolute)))
      (then (call $say (i32.const 300) (i32.const 8)) (return)))
    (call $say (i32.const 200) (i32.const 35))
    (call $proc_exit
      (select (local.get $up) (i32.const 125) (i32.eq (local.get $up) (local.get $absolute))))))
