//! SVG charts for comparisons/, drawn with plotters.

use crate::bench::{BenchResults, FULL_HD};
use crate::sizes::SizeRow;
use anyhow::Result;
use plotters::prelude::*;
use std::path::Path;

const PALETTE: [RGBColor; 6] = [
    RGBColor(0xdd, 0x6b, 0x20), // rust
    RGBColor(0x31, 0x82, 0xce), // cpp
    RGBColor(0x00, 0x7a, 0xcc), // assemblyscript
    RGBColor(0x00, 0xad, 0xd8), // go
    RGBColor(0x38, 0xa1, 0x69), // tinygo
    RGBColor(0x80, 0x5a, 0xd5),
];

fn color(lang: &str, langs: &[String]) -> RGBColor {
    PALETTE[langs.iter().position(|l| l == lang).unwrap_or(0) % PALETTE.len()]
}

fn lang_of(module: &str) -> &str {
    module.split('/').next().unwrap_or(module)
}

fn languages<'a>(modules: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut langs: Vec<String> = modules.map(|m| lang_of(m).to_string()).collect();
    langs.dedup();
    langs
}

/// Raw size of every non-ladder build, log scale (Go's 2 MB next to 1 KB).
pub fn sizes(path: &Path, rows: &[SizeRow]) -> Result<()> {
    let rows: Vec<(&str, usize)> = rows
        .iter()
        .filter(|r| !r.module.contains("/ladder-"))
        .filter_map(|r| Some((r.module.as_str(), r.raw?)))
        .collect();
    let langs = languages(rows.iter().map(|r| r.0));
    let height = 80 + 26 * rows.len() as u32;
    let root = SVGBackend::new(path, (900, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1) as f64 * 2.0;
    let mut chart = ChartBuilder::on(&root)
        .caption("Raw module size (bytes, log scale)", ("sans-serif", 20))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(190)
        .build_cartesian_2d((100f64..max).log_scale(), 0f64..rows.len() as f64)?;
    let names: Vec<String> = rows.iter().map(|r| r.0.to_string()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(rows.len() * 2 + 1)
        .y_label_formatter(&|y| label_at(&names, *y))
        .x_label_formatter(&|x| crate::report::bytes(*x as usize))
        .draw()?;
    chart.draw_series(rows.iter().enumerate().map(|(i, (m, size))| {
        let c = color(lang_of(m), &langs);
        Rectangle::new([(100.0, i as f64 + 0.15), (*size as f64, i as f64 + 0.85)], c.filled())
    }))?;
    root.present()?;
    Ok(())
}

/// Row labels sit at i + 0.5 on a 0..n axis.
fn label_at(names: &[String], y: f64) -> String {
    let i = y - 0.5;
    if (i - i.round()).abs() < 0.01 && i >= 0.0 {
        names.get(i.round() as usize).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

/// wasm time / native time per module and kernel, Cranelift, 1080p.
pub fn speed(path: &Path, r: &BenchResults) -> Result<()> {
    let size = format!("{}x{}", FULL_HD.0, FULL_HD.1);
    let rows: Vec<(String, f64, f64)> = r
        .modules
        .iter()
        .filter(|m| m.engine == "cranelift" && !m.module.contains("/ladder-") && m.error.is_none())
        .filter_map(|m| Some((m.module.clone(), m.image("grayscale", &size)?.vs_native, m.image("blur", &size)?.vs_native)))
        .collect();
    let height = 100 + 30 * rows.len() as u32;
    let root = SVGBackend::new(path, (900, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let max = rows.iter().map(|r| r.1.max(r.2)).fold(1.5, f64::max) * 1.1;
    let mut chart = ChartBuilder::on(&root)
        .caption("Time vs native Rust at 1080p, Cranelift (1.0 = native; lower is faster)", ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(190)
        .build_cartesian_2d(0f64..max, 0f64..rows.len() as f64)?;
    let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(rows.len() * 2 + 1)
        .y_label_formatter(&|y| label_at(&names, *y))
        .x_desc("wasm time / native time")
        .draw()?;
    let gray = RGBColor(0x71, 0x80, 0x96);
    let blur = RGBColor(0xdd, 0x6b, 0x20);
    chart
        .draw_series(rows.iter().enumerate().map(|(i, r)| {
            Rectangle::new([(0.0, i as f64 + 0.12), (r.1, i as f64 + 0.48)], gray.filled())
        }))?
        .label("grayscale")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], gray.filled()));
    chart
        .draw_series(rows.iter().enumerate().map(|(i, r)| {
            Rectangle::new([(0.0, i as f64 + 0.52), (r.2, i as f64 + 0.88)], blur.filled())
        }))?
        .label("blur")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], blur.filled()));
    chart.draw_series(std::iter::once(PathElement::new(vec![(1.0, 0.0), (1.0, rows.len() as f64)], BLACK)))?;
    chart.configure_series_labels().border_style(BLACK).background_style(WHITE).draw()?;
    root.present()?;
    Ok(())
}

/// Ladder steps: size (log) against blur time, one colour per language.
pub fn ladder(path: &Path, r: &BenchResults) -> Result<()> {
    let size = format!("{}x{}", FULL_HD.0, FULL_HD.1);
    let points: Vec<(String, String, f64, f64)> = r
        .modules
        .iter()
        .filter(|m| m.engine == "cranelift" && m.module.contains("/ladder-") && m.error.is_none())
        .filter_map(|m| {
            let step = m.module.split("/ladder-").nth(1)?.to_string();
            Some((lang_of(&m.module).to_string(), step, m.raw_bytes? as f64, m.image("blur", &size)?.ms.median))
        })
        .collect();
    let langs = languages(points.iter().map(|p| p.0.as_str()));
    let root = SVGBackend::new(path, (900, 600)).into_drawing_area();
    root.fill(&WHITE)?;
    let max_x = points.iter().map(|p| p.2).fold(1000.0, f64::max) * 2.0;
    let max_y = points.iter().map(|p| p.3).fold(1.0, f64::max) * 1.15;
    let mut chart = ChartBuilder::on(&root)
        .caption("Optimization ladders: size vs blur time (1080p, Cranelift)", ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d((300f64..max_x).log_scale(), 0f64..max_y)?;
    chart
        .configure_mesh()
        .x_desc("raw bytes (log scale)")
        .y_desc("blur ms per 1080p image")
        .x_label_formatter(&|x| crate::report::bytes(*x as usize))
        .draw()?;
    for lang in &langs {
        let c = color(lang, &langs);
        let mine: Vec<_> = points.iter().filter(|p| &p.0 == lang).collect();
        chart
            .draw_series(mine.iter().map(|p| {
                EmptyElement::at((p.2, p.3))
                    + Circle::new((0, 0), 4, c.filled())
                    + Text::new(p.1.clone(), (6, -6), ("sans-serif", 11))
            }))?
            .label(lang.clone())
            .legend(move |(x, y)| Circle::new((x + 5, y), 4, c.filled()));
    }
    chart.configure_series_labels().border_style(BLACK).background_style(WHITE).draw()?;
    root.present()?;
    Ok(())
}
