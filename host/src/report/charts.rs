//! SVG charts for comparisons/, drawn with plotters.

use crate::load::catalog::BuildId;
use crate::load::kernel::Op;
use crate::load::runtime::EngineKind;
use crate::measure::sizes::SizeRow;
use crate::measure::timing::{BenchResults, Timing, FULL_HD};
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

/// The languages of `ids`, in order, once each.
fn languages<'a>(ids: impl Iterator<Item = &'a BuildId>) -> Vec<String> {
    let mut langs: Vec<String> = ids.map(|id| id.lang.clone()).collect();
    langs.dedup();
    langs
}

/// Raw size of every non-ladder build, log scale (Go's 2 MB next to 1 KB).
pub fn sizes(path: &Path, rows: &[SizeRow]) -> Result<()> {
    let rows: Vec<(&BuildId, usize)> =
        rows.iter().filter(|r| !r.module.is_ladder()).filter_map(|r| Some((&r.module, r.raw?))).collect();
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
        .x_label_formatter(&|x| super::bytes(*x as usize))
        .draw()?;
    chart.draw_series(rows.iter().enumerate().map(|(i, (m, size))| {
        let c = color(&m.lang, &langs);
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

/// Time per module and kernel in copies of the image (the floor), Cranelift, 1080p.
pub fn speed(path: &Path, r: &BenchResults) -> Result<()> {
    let ratio = |m: &Timing, op| m.image(op, FULL_HD)?.vs_floor;
    let rows: Vec<(String, f64, f64)> = r
        .good_on(EngineKind::Cranelift)
        .filter_map(|(id, m)| Some((id.to_string(), ratio(m, Op::Grayscale)?, ratio(m, Op::Blur)?)))
        .collect();
    let height = 100 + 30 * rows.len() as u32;
    let root = SVGBackend::new(path, (900, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let max = rows.iter().map(|r| r.1.max(r.2)).fold(1.5, f64::max) * 1.1;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Time in copies of the image at 1080p, Cranelift (1 = one native copy, the floor; lower is faster)",
            ("sans-serif", 18),
        )
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
        .x_desc("wasm time / time of a native copy of the image")
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

/// Blur at 1080p under every runtime that ran, in copies of the image (log
/// scale: wasmi's interpreter is far from the compilers): one group of bars
/// per language's default build, one bar per runtime.
pub fn runtimes(path: &Path, r: &BenchResults) -> Result<()> {
    let runtimes = super::speed::runtimes_ran(r);
    let ids = super::speed::default_builds(r);
    let value = |id: &BuildId, e| r.find_under(id, e).filter(|t| t.error.is_none())?.image(Op::Blur, FULL_HD)?.vs_floor;
    let values: Vec<Vec<Option<f64>>> = ids.iter().map(|id| runtimes.iter().map(|&e| value(id, e)).collect()).collect();
    let max = values.iter().flatten().flatten().copied().fold(10.0, f64::max) * 2.0;
    let (n, k) = (ids.len().max(1), runtimes.len().max(1));
    let root = SVGBackend::new(path, (900, 120 + (14 * k * n) as u32 + 20 * n as u32)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Blur at 1080p under each runtime, in copies of the image (log scale; 1 = one native copy; lower is faster)",
            ("sans-serif", 16),
        )
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(190)
        .build_cartesian_2d((0.5f64..max).log_scale(), 0f64..n as f64)?;
    let names: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n * 2 + 1)
        .y_label_formatter(&|y| label_at(&names, *y))
        .x_desc("wasm time / time of a native copy of the image")
        .draw()?;
    for (j, engine) in runtimes.iter().enumerate() {
        let c = PALETTE[j % PALETTE.len()];
        let band = 0.8 / k as f64;
        let bars = values.iter().enumerate().filter_map(move |(i, row)| {
            let top = row_y(i, n) + 0.9 - band * j as f64;
            Some(Rectangle::new([(0.5, top - band * 0.9), (row[j]?, top)], c.filled()))
        });
        chart
            .draw_series(bars)?
            .label(engine.runtime_name())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], c.filled()));
    }
    chart.configure_series_labels().border_style(BLACK).background_style(WHITE).draw()?;
    root.present()?;
    Ok(())
}

/// Ladder steps: size against grayscale and blur time, one panel per
/// language (their sizes differ by three orders of magnitude).
pub fn ladder(path: &Path, r: &BenchResults) -> Result<()> {
    let ms = |m: &Timing, op| Some(m.image(op, FULL_HD)?.ms.median);
    let points: Vec<Point> = r
        .on(EngineKind::Cranelift)
        .filter(|(id, m)| id.ladder_kind() == Some("ladder") && m.error.is_none())
        .filter_map(|(id, m)| {
            let (gray, blur) = (ms(m, Op::Grayscale)?, ms(m, Op::Blur)?);
            Some(Point { id, step: id.ladder_number()?.to_string(), bytes: m.raw_bytes? as f64, gray, blur })
        })
        .collect();
    let langs = languages(points.iter().map(|p| p.id));
    let cols = 2;
    let rows = langs.len().div_ceil(cols).max(1);
    let root = SVGBackend::new(path, (1000, 60 + 330 * rows as u32)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        "Optimization ladders: raw size vs time per 1080p image (Cranelift); labels are step numbers",
        ("sans-serif", 18),
    )?;
    for (panel, lang) in root.split_evenly((rows, cols)).iter().zip(&langs) {
        let mine: Vec<&Point> = points.iter().filter(|p| &p.id.lang == lang).collect();
        ladder_panel(panel, lang, &mine)?;
    }
    root.present()?;
    Ok(())
}

/// One ladder step on the chart: its size and its two medians (ms).
struct Point<'a> {
    id: &'a BuildId,
    step: String,
    bytes: f64,
    gray: f64,
    blur: f64,
}

type Panel<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn ladder_panel(area: &Panel, lang: &str, points: &[&Point]) -> Result<()> {
    let (min_x, max_x) = points.iter().fold((f64::MAX, 0f64), |(lo, hi), p| (lo.min(p.bytes), hi.max(p.bytes)));
    let max_y = points.iter().map(|p| p.gray.max(p.blur)).fold(1.0, f64::max) * 1.15;
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
        .x_label_formatter(&|x| super::bytes(*x as usize))
        .draw()?;
    let gray = RGBColor(0x71, 0x80, 0x96);
    let blur = RGBColor(0xdd, 0x6b, 0x20);
    for (op, c) in [(Op::Grayscale, gray), (Op::Blur, blur)] {
        chart
            .draw_series(points.iter().map(move |p| {
                let y = if op == Op::Grayscale { p.gray } else { p.blur };
                EmptyElement::at((p.bytes, y))
                    + Circle::new((0, 0), 4, c.filled())
                    + Text::new(p.step.clone(), (5, -12), ("sans-serif", 11))
            }))?
            .label(op.name())
            .legend(move |(x, y)| Circle::new((x + 5, y), 4, c.filled()));
    }
    chart.configure_series_labels().border_style(BLACK).background_style(WHITE).draw()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::sample;

    /// Draw with `draw` into a temp SVG and return its text.
    fn svg(draw: impl FnOnce(&Path) -> Result<()>) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chart.svg");
        draw(&path).unwrap();
        std::fs::read_to_string(&path).unwrap()
    }

    #[test]
    fn the_speed_chart_has_a_bar_pair_per_build_and_leaves_out_ladders() {
        let text = svg(|p| speed(p, &sample::results()));
        assert!(text.starts_with("<svg") && text.contains("Time in copies of the image at 1080p"), "{text}");
        for label in ["rust/default", "rust/simd", "go/default", "grayscale", "blur"] {
            assert!(text.contains(label), "no {label} in the speed chart");
        }
        assert!(!text.contains("ladder") && !text.contains("go/tuned"));
    }

    #[test]
    fn the_ladder_chart_has_a_panel_per_language_with_step_numbers() {
        let text = svg(|p| ladder(p, &sample::results()));
        // plotters writes each label on a line of its own.
        let labels: Vec<&str> = text.lines().collect();
        assert!(text.contains("Optimization ladders") && labels.contains(&"rust"), "{text}");
        assert!(labels.contains(&"01") && labels.contains(&"02"), "step numbers label the points: {text}");
        assert!(!labels.contains(&"go"), "go has no ladder steps: {text}");
    }

    #[test]
    fn the_runtimes_chart_has_a_bar_per_runtime_and_default_build() {
        use crate::load::instance::OtherRuntime;
        use crate::measure::timing::{ImageTiming, Subject};
        let mut r = sample::results();
        let mut wasmi =
            Timing::new(Subject::Other { build: BuildId::new("rust", "default"), runtime: OtherRuntime::Wasmi });
        wasmi.images.push(ImageTiming::new(Op::Blur, FULL_HD, vec![400.0]));
        r.modules.push(wasmi);
        let r = BenchResults::new(true, r.baselines, r.modules);
        let text = svg(|p| runtimes(p, &r));
        let labels: Vec<&str> = text.lines().collect();
        for label in ["rust/default", "go/default", "wasmtime", "wasmtime-winch", "wasmi"] {
            assert!(labels.contains(&label), "no {label} in the runtimes chart: {text}");
        }
        assert!(!text.contains("rust/simd"), "defaults only");
    }

    #[test]
    fn the_size_chart_names_every_non_ladder_build() {
        let row = |lang: &str, build: &str, raw| SizeRow { raw: Some(raw), ..SizeRow::new(BuildId::new(lang, build)) };
        let rows = [row("go", "default", 2_000_000), row("rust", "tuned", 900), row("rust", "ladder-01-a", 5000)];
        let text = svg(|p| sizes(p, &rows));
        assert!(text.contains("Raw module size") && text.contains("go/default") && text.contains("rust/tuned"));
        assert!(!text.contains("ladder-01-a"));
    }
}
