//! SVG charts for comparisons/, drawn with plotters.

use crate::bench::{BenchResults, FULL_HD};
use crate::sizes::SizeRow;
use anyhow::Result;
use plotters::prelude::*;
use std::path::Path;

/// Distinct colours, handed out in language order (alphabetical).
const PALETTE: [RGBColor; 7] = [
    RGBColor(0x80, 0x5a, 0xd5), // purple
    RGBColor(0x31, 0x82, 0xce), // blue
    RGBColor(0x00, 0xad, 0xd8), // cyan
    RGBColor(0xdd, 0x6b, 0x20), // orange
    RGBColor(0x38, 0xa1, 0x69), // green
    RGBColor(0xe5, 0x3e, 0x3e), // red
    RGBColor(0x71, 0x80, 0x96), // gray
];

fn color(lang: &str, langs: &[String]) -> RGBColor {
    PALETTE[langs.iter().position(|l| l == lang).unwrap_or(0) % PALETTE.len()]
}

/// Row `i` of `n`, counted from the top of a 0..n axis.
fn row_y(i: usize, n: usize) -> f64 {
    (n - 1 - i) as f64
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
        let y = row_y(i, rows.len());
        Rectangle::new([(100.0, y + 0.15), (*size as f64, y + 0.85)], c.filled())
    }))?;
    root.present()?;
    Ok(())
}

/// Row labels sit at row_y(i) + 0.5 on a 0..n axis.
fn label_at(names: &[String], y: f64) -> String {
    let j = y - 0.5;
    if (j - j.round()).abs() < 0.01 && j >= 0.0 && (j.round() as usize) < names.len() {
        names[names.len() - 1 - j.round() as usize].clone()
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
        .filter_map(|m| {
            Some((m.module.clone(), m.image("grayscale", &size)?.vs_native, m.image("blur", &size)?.vs_native))
        })
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
            let y = row_y(i, rows.len());
            Rectangle::new([(0.0, y + 0.52), (r.1, y + 0.88)], gray.filled())
        }))?
        .label("grayscale")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], gray.filled()));
    chart
        .draw_series(rows.iter().enumerate().map(|(i, r)| {
            let y = row_y(i, rows.len());
            Rectangle::new([(0.0, y + 0.12), (r.2, y + 0.48)], blur.filled())
        }))?
        .label("blur")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], blur.filled()));
    chart.draw_series(std::iter::once(PathElement::new(vec![(1.0, 0.0), (1.0, rows.len() as f64)], BLACK)))?;
    chart.configure_series_labels().border_style(BLACK).background_style(WHITE).draw()?;
    root.present()?;
    Ok(())
}

/// Ladder steps: size against grayscale and blur time, one panel per
/// language (their sizes differ by three orders of magnitude).
pub fn ladder(path: &Path, r: &BenchResults) -> Result<()> {
    let size = format!("{}x{}", FULL_HD.0, FULL_HD.1);
    let points: Vec<(String, String, f64, f64, f64)> = r
        .modules
        .iter()
        .filter(|m| m.engine == "cranelift" && m.module.contains("/ladder-") && m.error.is_none())
        .filter_map(|m| {
            let step = m.module.split("/ladder-").nth(1)?.split('-').next()?.to_string();
            let gray = m.image("grayscale", &size)?.ms.median;
            Some((lang_of(&m.module).to_string(), step, m.raw_bytes? as f64, gray, m.image("blur", &size)?.ms.median))
        })
        .collect();
    let langs = languages(points.iter().map(|p| p.0.as_str()));
    let cols = 2;
    let rows = langs.len().div_ceil(cols).max(1);
    let root = SVGBackend::new(path, (1000, 60 + 330 * rows as u32)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        "Optimization ladders: raw size vs time per 1080p image (Cranelift); labels are step numbers",
        ("sans-serif", 18),
    )?;
    for (panel, lang) in root.split_evenly((rows, cols)).iter().zip(&langs) {
        let mine: Vec<_> = points.iter().filter(|p| &p.0 == lang).collect();
        ladder_panel(panel, lang, &mine)?;
    }
    root.present()?;
    Ok(())
}

type Panel<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn ladder_panel(area: &Panel, lang: &str, points: &[&(String, String, f64, f64, f64)]) -> Result<()> {
    let (min_x, max_x) = points.iter().fold((f64::MAX, 0f64), |(lo, hi), p| (lo.min(p.2), hi.max(p.2)));
    let max_y = points.iter().map(|p| p.3.max(p.4)).fold(1.0, f64::max) * 1.15;
    let mut chart = ChartBuilder::on(area)
        .caption(lang, ("sans-serif", 16))
        .margin(8)
        .x_label_area_size(30)
        .y_label_area_size(50)
        .build_cartesian_2d((min_x * 0.8)..(max_x * 1.25), 0f64..max_y)?;
    chart
        .configure_mesh()
        .x_labels(5)
        .x_desc("raw bytes")
        .y_desc("ms")
        .x_label_formatter(&|x| crate::report::bytes(*x as usize))
        .draw()?;
    let gray = RGBColor(0x71, 0x80, 0x96);
    let blur = RGBColor(0xdd, 0x6b, 0x20);
    for (series, c, pick) in [("grayscale", gray, 3usize), ("blur", blur, 4usize)] {
        chart
            .draw_series(points.iter().map(move |p| {
                let y = if pick == 3 { p.3 } else { p.4 };
                EmptyElement::at((p.2, y))
                    + Circle::new((0, 0), 4, c.filled())
                    + Text::new(p.1.clone(), (5, -12), ("sans-serif", 11))
            }))?
            .label(series)
            .legend(move |(x, y)| Circle::new((x + 5, y), 4, c.filled()));
    }
    chart.configure_series_labels().border_style(BLACK).background_style(WHITE).draw()?;
    Ok(())
}
