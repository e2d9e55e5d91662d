//! WASI preview 1 with no capabilities, for wasmi and Wasmer (Wasmtime has
//! `wasmtime-wasi`). Neither has a preview-1 crate that builds here with no
//! capabilities and nothing else (wasmi's pulls in Wasmtime's `wasi-common`,
//! Wasmer's is WASIX), so these are the ten functions the modules here import
//! (`wasm-tools print build/*/*.wasm | grep import`: standard Go's runtime),
//! written against a plain byte slice so both runtimes share them:
//!
//! | function | does |
//! |---|---|
//! | `args_sizes_get`, `environ_sizes_get` | 0 arguments / variables, 0 bytes |
//! | `args_get`, `environ_get` | nothing to write; success |
//! | `clock_time_get` | the real clocks, as Wasmtime gives them: realtime (since 1970) and monotonic; the CPU-time clocks are EBADF, others EINVAL |
//! | `fd_write` | fd 1 is swallowed, fd 2 kept (64 KiB, for a trap's message); any other fd is EBADF |
//! | `poll_oneoff` | clock subscriptions sleep until the earliest (at most 1 s per call); fd subscriptions get EBADF events |
//! | `proc_exit` | traps with "Exited with i32 exit status N" (Wasmtime's words) |
//! | `random_get` | deterministic bytes (ChaCha8 with a fixed seed): no entropy is a capability too |
//! | `sched_yield` | success |
//!
//! A pointer outside memory is EFAULT. Any other preview-1 import is not
//! linked, so the module fails to instantiate with the runtime's message
//! naming it (Wasmtime links all of preview 1).

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::{Duration, Instant, SystemTime};

/// The module name of every import here.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// Preview 1 error numbers used here.
pub const SUCCESS: i32 = 0;
pub const EBADF: i32 = 8;
pub const EFAULT: i32 = 21;
pub const EINVAL: i32 = 28;

/// How much of stderr is kept, as for Wasmtime's in-memory pipe.
const STDERR_CAP: usize = 64 * 1024;
/// The longest one `poll_oneoff` sleeps (the call deadline cannot interrupt the host).
const MAX_SLEEP: Duration = Duration::from_secs(1);

/// What one instance's preview 1 keeps: what it wrote to stderr, its random
/// stream, where its monotonic clock starts.
pub struct Preview1 {
    pub stderr: Vec<u8>,
    rng: ChaCha8Rng,
    start: Instant,
}

impl Default for Preview1 {
    fn default() -> Preview1 {
        Preview1 { stderr: Vec::new(), rng: ChaCha8Rng::seed_from_u64(0x0072_6f73_6574_7461), start: Instant::now() }
    }
}

/// Why a function cannot go on: a pointer outside memory.
struct Fault;

fn span(mem: &[u8], ptr: i32, len: usize) -> Result<std::ops::Range<usize>, Fault> {
    let start = ptr as u32 as usize;
    let end = start.checked_add(len).filter(|&e| e <= mem.len()).ok_or(Fault)?;
    Ok(start..end)
}

fn put(mem: &mut [u8], ptr: i32, bytes: &[u8]) -> Result<(), Fault> {
    let range = span(mem, ptr, bytes.len())?;
    mem[range].copy_from_slice(bytes);
    Ok(())
}

fn get<const N: usize>(mem: &[u8], ptr: i32) -> Result<[u8; N], Fault> {
    Ok(mem[span(mem, ptr, N)?].try_into().expect("N bytes"))
}

fn errno(r: Result<(), Fault>) -> i32 {
    r.map_or(EFAULT, |()| SUCCESS)
}

/// The message `proc_exit(code)` traps with.
pub fn exit_message(code: i32) -> String {
    format!("Exited with i32 exit status {code}")
}

impl Preview1 {
    /// `args_sizes_get` and `environ_sizes_get`: none, and no bytes.
    pub fn sizes_get(&mut self, mem: &mut [u8], count: i32, bytes: i32) -> i32 {
        errno(put(mem, count, &0u32.to_le_bytes()).and_then(|()| put(mem, bytes, &0u32.to_le_bytes())))
    }

    /// `args_get` and `environ_get`: there is nothing to write.
    pub fn list_get(&mut self, _mem: &mut [u8], _pointers: i32, _buffer: i32) -> i32 {
        SUCCESS
    }

    pub fn clock_time_get(&mut self, mem: &mut [u8], id: i32, _precision: i64, out: i32) -> i32 {
        let Some(now) = self.now(id) else {
            return if id == 2 || id == 3 { EBADF } else { EINVAL };
        };
        errno(put(mem, out, &now.to_le_bytes()))
    }

    /// Nanoseconds on clock `id` (0 realtime, 1 monotonic).
    fn now(&self, id: i32) -> Option<u64> {
        match id {
            0 => Some(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_nanos() as u64),
            1 => Some(self.start.elapsed().as_nanos() as u64),
            _ => None,
        }
    }

    pub fn fd_write(&mut self, mem: &mut [u8], fd: i32, iovs: i32, iovs_len: i32, nwritten: i32) -> i32 {
        if fd != 1 && fd != 2 {
            return EBADF;
        }
        let mut written: u32 = 0;
        for i in 0..iovs_len.max(0) {
            let iov = iovs.wrapping_add(i.wrapping_mul(8));
            let (Ok(buf), Ok(len)) = (get::<4>(mem, iov), get::<4>(mem, iov.wrapping_add(4))) else {
                return EFAULT;
            };
            let (buf, len) = (u32::from_le_bytes(buf) as i32, u32::from_le_bytes(len) as usize);
            let Ok(range) = span(mem, buf, len) else { return EFAULT };
            if fd == 2 {
                let room = STDERR_CAP.saturating_sub(self.stderr.len());
                self.stderr.extend_from_slice(&mem[range][..len.min(room)]);
            }
            written = written.wrapping_add(len as u32);
        }
        errno(put(mem, nwritten, &written.to_le_bytes()))
    }

    /// Subscriptions are 48 bytes (userdata, tag, then for a clock: id at
    /// 16, timeout at 24, flags at 40); events 32 bytes (userdata, error at
    /// 8, type at 10).
    pub fn poll_oneoff(&mut self, mem: &mut [u8], subs: i32, events: i32, count: i32, nevents: i32) -> i32 {
        if count <= 0 {
            return EINVAL;
        }
        let mut fired: Vec<(u64, u16, u8)> = Vec::new(); // (userdata, error, type)
        let mut sleep: Option<Duration> = None;
        for i in 0..count {
            let sub = subs.wrapping_add(i.wrapping_mul(48));
            let (Ok(userdata), Ok([tag])) = (get::<8>(mem, sub), get::<1>(mem, sub.wrapping_add(8))) else {
                return EFAULT;
            };
            let userdata = u64::from_le_bytes(userdata);
            if tag != 0 {
                fired.push((userdata, EBADF as u16, tag));
                continue;
            }
            let (Ok(id), Ok(timeout), Ok(flags)) = (
                get::<4>(mem, sub.wrapping_add(16)),
                get::<8>(mem, sub.wrapping_add(24)),
                get::<2>(mem, sub.wrapping_add(40)),
            ) else {
                return EFAULT;
            };
            let (id, timeout) = (u32::from_le_bytes(id) as i32, u64::from_le_bytes(timeout));
            let Some(now) = self.now(id) else {
                fired.push((userdata, EINVAL as u16, tag));
                continue;
            };
            let absolute = u16::from_le_bytes(flags) & 1 == 1;
            let wait = Duration::from_nanos(if absolute { timeout.saturating_sub(now) } else { timeout });
            sleep = Some(sleep.map_or(wait, |s| s.min(wait)));
            fired.push((userdata, 0, tag));
        }
        if fired.iter().all(|&(_, error, tag)| tag == 0 && error == 0) {
            std::thread::sleep(sleep.unwrap_or_default().min(MAX_SLEEP));
        }
        for (i, &(userdata, error, tag)) in fired.iter().enumerate() {
            let mut event = [0u8; 32];
            event[..8].copy_from_slice(&userdata.to_le_bytes());
            event[8..10].copy_from_slice(&error.to_le_bytes());
            event[10] = tag;
            if put(mem, events.wrapping_add(i as i32 * 32), &event).is_err() {
                return EFAULT;
            }
        }
        errno(put(mem, nevents, &(fired.len() as u32).to_le_bytes()))
    }

    pub fn random_get(&mut self, mem: &mut [u8], buf: i32, len: i32) -> i32 {
        match span(mem, buf, len as u32 as usize) {
            Ok(range) => {
                self.rng.fill_bytes(&mut mem[range]);
                SUCCESS
            }
            Err(Fault) => EFAULT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stderr_is_kept_stdout_swallowed_other_fds_refused() {
        let mut p = Preview1::default();
        let mut mem = vec![0u8; 64];
        mem[32..37].copy_from_slice(b"hello");
        mem[0..4].copy_from_slice(&32u32.to_le_bytes()); // iovec: buf 32, len 5
        mem[4..8].copy_from_slice(&5u32.to_le_bytes());
        assert_eq!(p.fd_write(&mut mem, 2, 0, 1, 16), SUCCESS);
        assert_eq!((p.stderr.as_slice(), &mem[16..20]), (&b"hello"[..], &5u32.to_le_bytes()[..]));
        assert_eq!(p.fd_write(&mut mem, 1, 0, 1, 16), SUCCESS);
        assert_eq!(p.stderr.len(), 5);
        assert_eq!(p.fd_write(&mut mem, 3, 0, 1, 16), EBADF);
        assert_eq!(p.fd_write(&mut mem, 2, 0, 1, 62), EFAULT);
    }

    #[test]
    fn no_arguments_no_environment_deterministic_random() {
        let mut mem = vec![0xffu8; 16];
        assert_eq!(Preview1::default().sizes_get(&mut mem, 0, 4), SUCCESS);
        assert_eq!(&mem[..8], &[0; 8]);
        let (mut a, mut b) = (vec![0u8; 8], vec![0u8; 8]);
        Preview1::default().random_get(&mut a, 0, 8);
        Preview1::default().random_get(&mut b, 0, 8);
        assert_eq!(a, b);
        assert_eq!(Preview1::default().random_get(&mut a, 4, 8), EFAULT);
    }

    #[test]
    fn a_clock_subscription_fires_after_its_timeout() {
        let mut p = Preview1::default();
        let mut mem = vec![0u8; 128];
        mem[0..8].copy_from_slice(&7u64.to_le_bytes()); // userdata
        mem[16..20].copy_from_slice(&1u32.to_le_bytes()); // monotonic
        mem[24..32].copy_from_slice(&1_000_000u64.to_le_bytes()); // 1 ms
        let start = Instant::now();
        assert_eq!(p.poll_oneoff(&mut mem, 0, 48, 1, 120), SUCCESS);
        assert!(start.elapsed() >= Duration::from_millis(1));
        assert_eq!(&mem[48..56], &7u64.to_le_bytes());
        assert_eq!(&mem[120..124], &1u32.to_le_bytes());
        assert_eq!(p.clock_time_get(&mut mem, 2, 0, 0), EBADF);
    }
}
