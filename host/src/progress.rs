//! The progress bar every long step shows on stderr (hidden when stderr is
//! not a terminal). Shared by the layers, so it belongs to none of them.

use indicatif::{ProgressBar, ProgressStyle};

pub fn bar(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(&format!("{what} {{bar:30}} {{pos}}/{{len}} {{elapsed}} {{msg}}"))
            .expect("valid template"),
    );
    bar
}
