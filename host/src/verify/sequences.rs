//! The `sequences` check: property testing (proptest) over random call
//! sequences, held against a model. Counters are created, incremented, read
//! and freed, interleaved with buffers allocated, filled and freed; after
//! every call the module must agree with the model (each counter's value,
//! each live buffer's bytes, no two live things overlapping). A failure is
//! shrunk to a short sequence, which the message quotes.
//!
//! The runner is seeded, so a module fails or passes the same way on every
//! machine. All cases run on the check's one instance: each case frees what
//! it made before the next begins, which is itself part of what is checked.

use crate::load::instance::Instance;
use anyhow::{anyhow, Result};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use std::cell::RefCell;

/// One call. Indices pick among the live counters or buffers (modulo their
/// number); with none live the call is skipped.
#[derive(Debug, Clone)]
enum Call {
    New,
    Increment(usize),
    Get(usize),
    Free(usize),
    Alloc(u16),
    Dealloc(usize),
}

fn call() -> impl Strategy<Value = Call> {
    prop_oneof![
        3 => Just(Call::New),
        6 => any::<usize>().prop_map(Call::Increment),
        2 => any::<usize>().prop_map(Call::Get),
        2 => any::<usize>().prop_map(Call::Free),
        2 => (1u16..4096).prop_map(Call::Alloc),
        1 => any::<usize>().prop_map(Call::Dealloc),
    ]
}

/// What the module should hold: (handle, value) and (ptr, len, fill byte).
#[derive(Default)]
struct Model {
    counters: Vec<(i32, i32)>,
    buffers: Vec<(i32, usize, u8)>,
}

fn fail(what: String) -> TestCaseError {
    TestCaseError::fail(what)
}

impl Model {
    fn apply(&mut self, k: &mut dyn Instance, call: &Call, step: usize) -> Result<(), TestCaseError> {
        let host = |e: crate::load::error::HostError| fail(e.to_string());
        match *call {
            Call::New => {
                let h = k.counter_new().map_err(host)?;
                if h == 0 {
                    return Err(fail("counter_new returned 0".into()));
                }
                if self.counters.iter().any(|&(l, _)| l == h) {
                    return Err(fail(format!("counter_new returned {h}, a live handle")));
                }
                self.counters.push((h, 0));
            }
            Call::Increment(i) | Call::Get(i) if !self.counters.is_empty() => {
                let i = i % self.counters.len();
                let (h, want) = &mut self.counters[i];
                let got = if matches!(call, Call::Increment(_)) {
                    *want = want.wrapping_add(1);
                    k.counter_increment(*h).map_err(host)?
                } else {
                    k.counter_get(*h).map_err(host)?
                };
                if got != *want {
                    return Err(fail(format!("counter {h} gave {got}, the model says {want}")));
                }
            }
            Call::Free(i) if !self.counters.is_empty() => {
                let (h, _) = self.counters.swap_remove(i % self.counters.len());
                k.counter_free(h).map_err(host)?;
            }
            Call::Alloc(len) => {
                let len = len as usize;
                let p = k.alloc(len as i32).map_err(host)?;
                if p == 0 {
                    return Err(fail(format!("alloc({len}) returned 0")));
                }
                let start = p as u32 as usize;
                if let Some(&(q, qlen, _)) = self.buffers.iter().find(|&&(q, qlen, _)| {
                    let other = q as u32 as usize;
                    start < other + qlen && other < start + len
                }) {
                    return Err(fail(format!(
                        "alloc({len}) at {start:#x} overlaps the live {qlen}-byte buffer at {q:#x}"
                    )));
                }
                let fill = step as u8 | 1;
                k.write(p, &vec![fill; len]).map_err(host)?;
                self.buffers.push((p, len, fill));
            }
            Call::Dealloc(i) if !self.buffers.is_empty() => {
                let (p, len, _) = self.buffers.swap_remove(i % self.buffers.len());
                k.dealloc(p, len as i32).map_err(host)?;
            }
            _ => {} // nothing live to pick
        }
        self.check_buffers(k)
    }

    /// Every live buffer still holds its fill: no call wrote over it.
    fn check_buffers(&self, k: &mut dyn Instance) -> Result<(), TestCaseError> {
        for &(p, len, fill) in &self.buffers {
            let bytes = k.read(p, len).map_err(|e| fail(e.to_string()))?;
            if let Some(at) = bytes.iter().position(|&b| b != fill) {
                return Err(fail(format!("the live {len}-byte buffer at {p:#x} changed at byte {at}")));
            }
        }
        Ok(())
    }

    /// Free everything, so that the next case starts clean.
    fn release(self, k: &mut dyn Instance) -> Result<(), TestCaseError> {
        let host = |e: crate::load::error::HostError| fail(e.to_string());
        for (h, _) in self.counters {
            k.counter_free(h).map_err(host)?;
        }
        for (p, len, _) in self.buffers {
            k.dealloc(p, len as i32).map_err(host)?;
        }
        Ok(())
    }
}

/// 48 seeded cases of up to 64 calls each.
pub fn sequences(k: &mut dyn Instance) -> Result<()> {
    let config = Config { cases: 48, failure_persistence: None, max_shrink_iters: 256, ..Config::default() };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let k = RefCell::new(k);
    let result = runner.run(&proptest::collection::vec(call(), 1..64), |calls| {
        let mut k = k.borrow_mut();
        let mut model = Model::default();
        for (step, call) in calls.iter().enumerate() {
            model.apply(&mut **k, call, step)?;
        }
        model.release(&mut **k)
    });
    match result {
        Ok(()) => Ok(()),
        Err(TestError::Fail(why, calls)) => Err(anyhow!("{why}, after the calls {calls:?} (shrunk)")),
        Err(TestError::Abort(why)) => Err(anyhow!("property test aborted: {why}")),
    }
}
