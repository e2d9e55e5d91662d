//! Typed errors of the load layer. Every message names the module and the
//! problem in words a workshop participant can act on; nothing here panics.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum HostError {
    #[error("{module}: cannot read {path}: {reason}")]
    Read { module: String, path: String, reason: String },

    #[error("{module}: the file is {bytes} bytes, over the host's cap of {mib} MiB (custom sections count too; --max-wasm-mib)")]
    TooLarge { module: String, bytes: u64, mib: u64 },

    #[error("{module}: compiling took longer than {seconds} s (--compile-timeout-secs)")]
    CompileTimeout { module: String, seconds: f64 },

    #[error("{module}: not a valid WebAssembly module: {reason}")]
    Malformed { module: String, reason: String },

    #[error("{module}: missing export `{name}` (the contract wants {want})")]
    MissingExport { module: String, name: String, want: String },

    #[error("{module}: export `{name}` is {got}, the contract wants {want}")]
    WrongExport { module: String, name: String, got: String, want: String },

    #[error("{module}: cannot instantiate: {reason}")]
    Instantiate { module: String, reason: String },

    #[error("{module}: `{func}` trapped: {reason}")]
    Trap { module: String, func: String, reason: String },

    #[error("{module}: `{func}` ran past the {seconds}s deadline (a runaway loop?)")]
    Deadline { module: String, func: String, seconds: u64 },

    #[error("{module}: `{func}` used up its budget of {instructions} instructions (a runaway loop, or far slower than it should be)")]
    OverBudget { module: String, func: String, instructions: u64 },

    #[error("{module}: stack overflow in `{func}` (the call stack is exhausted: unbounded recursion?)")]
    StackOverflow { module: String, func: String },

    #[error("{module}: `{func}` called env.abort: {message}")]
    Abort { module: String, func: String, message: String },

    #[error("{module}: host access outside linear memory: {what}")]
    Memory { module: String, what: String },

    #[error("cannot decode image {path}: {reason}")]
    Image { path: String, reason: String },
}

impl HostError {
    /// A trap names the call with the arguments that made it trap:
    /// "`add` trapped: `add(2147483647, 1)`: ...". (`args` is the call's tuple.)
    pub fn with_args(self, args: &impl std::fmt::Debug) -> Self {
        match self {
            HostError::Trap { module, func, reason } => {
                let args = format!("{args:?}").replace(",)", ")");
                let call = if args.starts_with('(') { format!("{func}{args}") } else { format!("{func}({args})") };
                HostError::Trap { module, func, reason: format!("`{call}`: {reason}") }
            }
            other => other,
        }
    }
}

/// An engine's error text on one line: Wasmtime's `{:#}` of a trap spreads a
/// wasm backtrace over several indented lines, and a table cell needs one.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_trap_names_its_arguments() {
        let trap = |func: &str| super::HostError::Trap { module: "m".into(), func: func.into(), reason: "r".into() };
        assert_eq!(trap("add").with_args(&(i32::MAX, 1)).to_string(), "m: `add` trapped: `add(2147483647, 1)`: r");
        assert_eq!(trap("counter_get").with_args(&(7,)).to_string(), "m: `counter_get` trapped: `counter_get(7)`: r");
        assert_eq!(trap("counter_new").with_args(&()).to_string(), "m: `counter_new` trapped: `counter_new()`: r");
    }

    #[test]
    fn a_backtrace_becomes_one_line() {
        let text = "error while executing at wasm backtrace:\n    0:     0xe4 - <unknown>!start: wasm trap";
        assert_eq!(
            super::one_line(text),
            "error while executing at wasm backtrace: 0: 0xe4 - <unknown>!start: wasm trap"
        );
    }
}
