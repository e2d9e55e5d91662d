//! Report layer: typed results in, tables, charts and files out. One
//! `Table` renders for a terminal (comfy-table) or as Markdown; JSON output
//! serializes the typed results themselves.
//!
//! conformance (verify), sizes and speed (bench) make the tables; targets
//! holds a run against comparisons/targets.toml; charts draws the SVGs;
//! compare writes comparisons/ and the README blocks; summary closes `all`;
//! web makes the browser side's tables (Chromium, glue-build sizes);
//! wasi and components the tables of the other forms of the kernel.

pub mod charts;
pub mod compare;
pub mod components;
pub mod conformance;
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

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Lines printed under the table (failure details, footnotes).
    pub notes: Vec<String>,
}

impl Table {
    pub fn new(title: impl Into<String>, headers: &[&str]) -> Table {
        Table { title: title.into(), headers: headers.iter().map(|h| h.to_string()).collect(), ..Table::default() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

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

/// Print results in the chosen format: tables for people, JSON for tools.
pub fn print<T: Serialize>(format: Format, data: &T, tables: &[Table]) -> anyhow::Result<()> {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(data)?),
        Format::Table => tables.iter().for_each(|t| println!("{}", t.terminal())),
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

    #[test]
    fn human_bytes() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(2048), "2.0 KiB");
        assert_eq!(bytes(3 * 1024 * 1024), "3.00 MiB");
    }
}
