//! Report layer: typed results in, tables, charts and files out. One
//! `Table` renders for a terminal (comfy-table) or as Markdown; JSON output
//! serializes the typed results themselves.
//!
//! conformance (verify), sizes and speed (bench) make the tables; targets
//! holds a run against comparisons/targets.toml; charts draws the SVGs;
//! compare writes comparisons/ and the README blocks (findings: the front
//! README's three headline sentences); summary closes `all`;
//! web makes the browser side's tables (Chromium, glue-build sizes);
//! wasi and components the tables of the other forms of the kernel.

pub mod agreement;
pub mod charts;
pub mod compare;
pub mod components;
pub mod conformance;
pub mod findings;
pub mod runtimes;
pub mod sizes;
pub mod speed;
pub mod summary;
pub mod targets;
pub mod wasi;
pub mod web;

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table as Comfy};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
}

/// How wide a terminal table is by default: what a projector shows of a
/// terminal. `--wide` prints every column, as Markdown and JSON always do.
pub const NARROW: u16 = 100;

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Lines printed under the table (failure details, footnotes).
    pub notes: Vec<String>,
    /// What the terminal shows by default (`--wide`: the whole table).
    pub narrow: Narrow,
}

/// A table's default terminal view: at most [`NARROW`] columns wide.
#[derive(Debug, Clone, Default)]
pub enum Narrow {
    /// Every column, cells wrapped to fit.
    #[default]
    All,
    /// These columns (indices), the ones that carry the point.
    Columns(Vec<usize>),
    /// Another table made from the same results (e.g. one verdict per module).
    Table(Box<Table>),
}

impl Table {
    pub fn new(title: impl Into<String>, headers: &[&str]) -> Table {
        Table { title: title.into(), headers: headers.iter().map(|h| h.to_string()).collect(), ..Table::default() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Show only `columns` in the terminal by default.
    pub fn brief(&mut self, columns: &[usize]) {
        self.narrow = Narrow::Columns(columns.to_vec());
    }

    /// Every column, as wide as it takes (`--wide`).
    pub fn terminal(&self) -> String {
        let mut t = Comfy::new();
        t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
        t.set_header(&self.headers);
        for row in &self.rows {
            t.add_row(row);
        }
        let mut out = format!("{}\n{t}\n", self.title);
        for note in &self.notes {
            out.push_str(&format!("  {note}\n"));
        }
        out
    }

    /// The default terminal view: the columns that carry the point, title,
    /// cells and notes wrapped to [`NARROW`] columns, and a line saying
    /// where the rest is.
    pub fn narrow(&self) -> String {
        let (shown, hidden) = match &self.narrow {
            Narrow::All => (self.clone(), false),
            Narrow::Columns(keep) => (self.columns(keep), keep.len() < self.headers.len()),
            Narrow::Table(other) => ((**other).clone(), true),
        };
        let mut t = Comfy::new();
        // A terminal narrower still (comfy-table knows a tty's width) wins.
        let width = t.width().map_or(NARROW, |w| w.min(NARROW));
        t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_width(width);
        t.set_header(&shown.headers);
        for row in &shown.rows {
            t.add_row(row);
        }
        let width = usize::from(width);
        let mut out = format!("{}\n{t}\n", textwrap::fill(&shown.title, width));
        let indent = textwrap::Options::new(width).initial_indent("  ").subsequent_indent("    ");
        for note in &shown.notes {
            out.push_str(&format!("{}\n", textwrap::fill(note, &indent)));
        }
        if hidden {
            out.push_str("  (more columns: --wide, or --format markdown|json)\n");
        }
        out
    }

    /// The same table with only `keep` (column indices, in that order).
    fn columns(&self, keep: &[usize]) -> Table {
        let pick = |cells: &[String]| keep.iter().filter_map(|&i| cells.get(i).cloned()).collect();
        Table {
            title: self.title.clone(),
            headers: pick(&self.headers),
            rows: self.rows.iter().map(|r| pick(r)).collect(),
            notes: self.notes.clone(),
            narrow: Narrow::All,
        }
    }

    pub fn markdown(&self) -> String {
        let escape = |s: &String| s.replace('|', "\\|");
        let mut out = format!("### {}\n\n", self.title);
        out.push_str(&format!("| {} |\n", self.headers.iter().map(escape).collect::<Vec<_>>().join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(self.headers.len())));
        for row in &self.rows {
            out.push_str(&format!("| {} |\n", row.iter().map(escape).collect::<Vec<_>>().join(" | ")));
        }
        if !self.notes.is_empty() {
            out.push('\n');
            for note in &self.notes {
                out.push_str(&format!("- {}\n", escape(note)));
            }
        }
        out
    }
}

/// Print results in the chosen format: tables for people (narrow unless
/// `wide`), JSON for tools.
pub fn print<T: Serialize>(format: Format, wide: bool, data: &T, tables: &[Table]) -> anyhow::Result<()> {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(data)?),
        Format::Table if wide => tables.iter().for_each(|t| println!("{}", t.terminal())),
        Format::Table => tables.iter().for_each(|t| println!("{}", t.narrow())),
        Format::Markdown => tables.iter().for_each(|t| println!("{}", t.markdown())),
    }
    Ok(())
}

/// Bytes as a short human figure: 1234 -> "1.2 KiB".
pub fn bytes(n: usize) -> String {
    match n {
        n if n < 1024 => format!("{n} B"),
        n if n < 1024 * 1024 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{:.2} MiB", n as f64 / (1024.0 * 1024.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_pipes_and_has_a_separator_row() {
        let mut t = Table::new("T", &["a", "b"]);
        t.row(vec!["x|y".into(), "z".into()]);
        let md = t.markdown();
        assert!(md.contains("| a | b |\n|---|---|\n| x\\|y | z |"), "{md}");
    }

    /// The widest line of `text`, in characters.
    fn widest(text: &str) -> usize {
        text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
    }

    fn wide_table() -> Table {
        let headers: Vec<String> = (0..12).map(|i| format!("column number {i}")).collect();
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        let mut t = Table::new(format!("A title of many words {}", "and more ".repeat(30)), &headers);
        t.row((0..12).map(|i| format!("cell {i} (with a spread)")).collect());
        t.notes.push(format!("a note {}", "that goes on ".repeat(20)));
        t
    }

    #[test]
    fn the_narrow_view_keeps_the_chosen_columns_and_fits_a_projector() {
        let mut t = wide_table();
        assert!(widest(&t.terminal()) > 250, "the wide view is every column");
        t.brief(&[0, 5]);
        let text = t.narrow();
        assert!(widest(&text) <= usize::from(NARROW), "{text}");
        assert!(text.contains("column number 5") && !text.contains("column number 6"), "{text}");
        assert!(text.contains("cell 5 (with a spread)"), "{text}");
        assert!(text.contains("(more columns: --wide, or --format markdown|json)"), "{text}");
        assert!(t.markdown().contains("column number 11"), "Markdown keeps every column");
    }

    #[test]
    fn every_column_or_another_table_still_fits() {
        let t = wide_table();
        let text = t.narrow();
        assert!(widest(&text) <= usize::from(NARROW), "{text}");
        assert!(!text.contains("more columns"), "nothing hidden: {text}");
        let mut short = Table::new("Verdicts", &["module", "result"]);
        short.row(vec!["rust/default".into(), "pass".into()]);
        let t = Table { narrow: Narrow::Table(Box::new(short)), ..wide_table() };
        let text = t.narrow();
        assert!(text.starts_with("Verdicts\n") && text.contains("more columns"), "{text}");
        assert!(t.terminal().contains("column number 11"));
    }

    #[test]
    fn human_bytes() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(2048), "2.0 KiB");
        assert_eq!(bytes(3 * 1024 * 1024), "3.00 MiB");
    }
}
