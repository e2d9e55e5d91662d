//! SVG charts for comparisons/, drawn with plotters and sized for a slide:
//! 1280 px wide with no text under 15 px, a unit on every axis and one unit
//! per axis (decimal: 1 kB = 1000 bytes), legends above the data, the copy
//! floor and native Rust as reference lines, and a footer that says where
//! and when the numbers were measured.

use crate::load::catalog::BuildId;
use crate::load::kernel::Op;
use crate::load::runtime::EngineKind;
use crate::measure::sizes::SizeRow;
use crate::measure::timing::{BenchResults, Timing, FULL_HD};
use anyhow::Result;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;
use std::path::Path;

/// Distinct colours, handed out in language order (alphabetical).
const PALETTE: [RGBColor; 7] = [
    RGBColor(0x80, 0x5a, 0xd5), // purple
    RGBColor(0x31, 0x82, 0xce), // blue
    RGBColor(0x00, 0x9d, 0xc4), // cyan
    RGBColor(0xdd, 0x6b, 0x20), // orange
    RGBColor(0x38, 0xa1, 0x69), // green
    RGBColor(0xe5, 0x3e, 0x3e), // red
    RGBColor(0x71, 0x80, 0x96), // gray
];

/// Text that explains rather than labels: subtitles, footers, value labels.
const INK: RGBColor = RGBColor(0x4a, 0x55, 0x68);
const GRAYSCALE: RGBColor = RGBColor(0x71, 0x80, 0x96);
const BLUR: RGBColor = RGBColor(0xdd, 0x6b, 0x20);
const RAW: RGBColor = RGBColor(0x31, 0x82, 0xce);
const GZIP: RGBColor = RGBColor(0x38, 0xa1, 0x69);
const NATIVE: RGBColor = RGBColor(0x80, 0x5a, 0xd5);

/// A slide's width, and the font sizes at that width (px).
const WIDTH: u32 = 1280;
const TITLE: f64 = 28.0;
const TEXT: f64 = 19.0;
const SMALL: f64 = 16.0;
/// Title, the line on how to read the chart, and the legend; then the footer.
const HEADER: u32 = 124;
const FOOTER: u32 = 44;
/// The column of row labels (build names, ladder steps).
const LABELS: u32 = 250;
/// The x axis: tick labels and the axis's name with its unit.
const X_AXIS: u32 = 64;

/// What every chart says under it: where and when it was measured.
pub struct Footer(String);

impl Footer {
    pub fn new(machine: &str, generated: &str, quick: bool) -> Footer {
        let run = if quick { "a quick run (--quick): few samples, wide spreads" } else { "a full run" };
        Footer(format!("Measured {generated} on {machine}, {run}; rosetta compare, comparisons/results.json"))
    }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// plotters writes a font's size divided by this into the SVG.
const PLOTTERS_SCALE: f64 = 1.24;

/// Text of `size` px in the SVG.
fn font(size: f64, color: &RGBColor) -> TextStyle<'static> {
    FontDesc::new(FontFamily::SansSerif, size * PLOTTERS_SCALE, FontStyle::Normal).color(color)
}

fn bold(size: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::SansSerif, size * PLOTTERS_SCALE, FontStyle::Bold).color(&BLACK)
}

/// The same style, anchored at its right end or its left end, centred vertically.
fn anchored(style: TextStyle<'static>, h: HPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, VPos::Center))
}

fn color(lang: &str, langs: &[String]) -> RGBColor {
    PALETTE[langs.iter().position(|l| l == lang).unwrap_or(0) % PALETTE.len()]
}

/// The languages of `ids`, in order, once each.
fn languages<'a>(ids: impl Iterator<Item = &'a BuildId>) -> Vec<String> {
    let mut langs: Vec<String> = ids.map(|id| id.lang.clone()).collect();
    langs.dedup();
    langs
}

/// Row `i` of `n`, counted from the top of a 0..n axis.
fn row_y(i: usize, n: usize) -> f64 {
    (n - 1 - i) as f64
}

/// How a legend entry is drawn.
#[derive(Clone, Copy)]
enum Mark {
    Bar(RGBColor),
    Line(RGBColor),
    Dashed(RGBColor),
    Whisker,
}

/// One legend entry.
struct Key {
    label: String,
    mark: Mark,
}

fn key(label: impl Into<String>, mark: Mark) -> Key {
    Key { label: label.into(), mark }
}

/// A slide: the title, one line on how to read it, the legend (above the
/// data, never on it), the body of `body` px, the footer. Returns the whole
/// slide (labels are drawn on it in pixels) and the body.
fn slide<'a>(
    path: &'a Path,
    body: u32,
    title: &str,
    how: &str,
    keys: &[Key],
    footer: &Footer,
) -> Result<[Area<'a>; 2]> {
    let height = HEADER + body + FOOTER;
    let root = SVGBackend::new(path, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    root.draw(&Text::new(title.to_string(), (20, 12), bold(TITLE)))?;
    root.draw(&Text::new(how.to_string(), (20, 52), font(SMALL, &INK)))?;
    legend(&root, keys, (20, 98))?;
    root.draw(&Text::new(footer.0.clone(), (20, (height - FOOTER + 14) as i32), font(15.0, &INK)))?;
    let inner = root.margin(HEADER, FOOTER, 0, 0);
    Ok([root, inner])
}

/// The legend, one row from `(x, y)` (y: the middle of the row).
fn legend(root: &Area, keys: &[Key], (mut x, y): (i32, i32)) -> Result<()> {
    for k in keys {
        match k.mark {
            Mark::Bar(c) => root.draw(&Rectangle::new([(x, y - 8), (x + 26, y + 8)], c.filled()))?,
            Mark::Line(c) => root.draw(&PathElement::new([(x, y), (x + 26, y)], c.stroke_width(3)))?,
            Mark::Dashed(c) => {
                for dash in [x, x + 10, x + 20] {
                    root.draw(&PathElement::new([(dash, y), (dash + 6, y)], c.stroke_width(3)))?
                }
            }
            Mark::Whisker => {
                root.draw(&PathElement::new([(x, y), (x + 26, y)], BLACK.stroke_width(2)))?;
                for end in [x, x + 26] {
                    root.draw(&PathElement::new([(end, y - 6), (end, y + 6)], BLACK.stroke_width(2)))?;
                }
            }
        }
        root.draw(&Text::new(k.label.clone(), (x + 34, y), anchored(font(SMALL, &BLACK), HPos::Left)))?;
        // The naive font metrics of plotters: about 0.55 em per character.
        x += 34 + (k.label.chars().count() as f64 * SMALL * 0.55) as i32 + 30;
    }
    Ok(())
}

/// Row labels, right-aligned against a plot whose y axis is 0..n (row 0 on
/// top), in the pixels of the whole slide.
fn row_labels(root: &Area, plot: (Range<i32>, Range<i32>), labels: &[String]) -> Result<()> {
    let (xs, ys) = plot;
    let n = labels.len().max(1) as f64;
    for (i, label) in labels.iter().enumerate() {
        let y = ys.start + ((i as f64 + 0.5) * f64::from(ys.end - ys.start) / n) as i32;
        root.draw(&Text::new(label.clone(), (xs.start - 12, y), anchored(font(TEXT, &BLACK), HPos::Right)))?;
    }
    Ok(())
}

/// Bytes in kB on a chart: one unit per axis, decimal.
fn kb(bytes: f64) -> String {
    let k = bytes / 1000.0;
    match k {
        k if k >= 10.0 || k.fract() == 0.0 => format!("{k:.0}"),
        k if k >= 1.0 => format!("{k:.1}"),
        k => format!("{k:.2}").trim_end_matches('0').to_string(),
    }
}

/// A ratio on a chart: "0.64", "8.8", "310".
fn times(x: f64) -> String {
    match x {
        x if x >= 100.0 => format!("{x:.0}"),
        x if x >= 10.0 => format!("{x:.1}"),
        x => format!("{x:.2}"),
    }
}

/// A tick of a ×copy axis: "0.5", "1", "10", "1000".
fn tick(x: f64) -> String {
    if x.fract().abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// A time in copies of the image at 1080p, with the spread that comes with
/// it. The data holds no interval yet: the spread is the fastest and the
/// slowest sample over the floor's median, and every chart says so.
#[derive(Debug, Clone, Copy)]
struct Spread {
    low: f64,
    middle: f64,
    high: f64,
}

/// How the charts name [`Spread`]'s whiskers.
const SPREAD: &str = "fastest to slowest sample";

fn copies(r: &BenchResults, t: &Timing, op: Op) -> Option<Spread> {
    let i = t.image(op, FULL_HD)?;
    let floor = r.baselines.floor.image(op, FULL_HD)?.ms.median;
    Some(Spread { low: i.ms.min / floor, middle: i.vs_floor?, high: i.ms.max / floor })
}

/// A horizontal bar from `origin` to the middle of `s` in the row band
/// `y..y + h`, its whisker, and the middle's value right of the whisker.
fn bar_with_whisker<DB, X>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, RangedCoordf64>>,
    s: Spread,
    origin: f64,
    (y, h): (f64, f64),
    c: RGBColor,
) -> Result<()>
where
    DB: DrawingBackend,
    DB::ErrorType: 'static,
    X: Ranged<ValueType = f64>,
{
    let mid = y + h / 2.0;
    let ink = BLACK.stroke_width(2);
    chart.draw_series([Rectangle::new([(origin, y), (s.middle, y + h)], c.filled())])?;
    chart.draw_series([PathElement::new([(s.low, mid), (s.high, mid)], ink)])?;
    for end in [s.low, s.high] {
        chart.draw_series([EmptyElement::at((end, mid)) + PathElement::new([(0, -5), (0, 5)], ink)])?;
    }
    let value = Text::new(times(s.middle), (8, 0), anchored(font(15.0, &INK), HPos::Left));
    chart.draw_series([EmptyElement::at((s.high, mid)) + value])?;
    Ok(())
}

/// Raw and gzip size of every build that is not a ladder step, log scale
/// (Go's 2 MB beside 2 kB), a row per build.
pub fn sizes(path: &Path, rows: &[SizeRow], footer: &Footer) -> Result<()> {
    let rows: Vec<(&BuildId, f64, Option<f64>)> = rows
        .iter()
        .filter(|r| !r.module.is_ladder())
        .filter_map(|r| Some((&r.module, r.raw? as f64, r.gzip.map(|g| g as f64))))
        .collect();
    let n = rows.len().max(1);
    let keys = [key("raw .wasm", Mark::Bar(RAW)), key("gzip -9 of the stripped module", Mark::Bar(GZIP))];
    let [root, body] = slide(
        path,
        X_AXIS + 44 * n as u32,
        "Raw module size and gzip size per build (kB, log scale)",
        "1 kB = 1000 bytes; each row: the .wasm as built (upper bar) and what a web server sends gzipped (lower bar)",
        &keys,
        footer,
    )?;
    let smallest = rows.iter().map(|r| r.2.unwrap_or(r.1).min(r.1)).fold(f64::MAX, f64::min).min(1e6);
    let from = 10f64.powf(smallest.log10().floor()).max(1.0);
    let to = rows.iter().map(|r| r.1).fold(from * 10.0, f64::max) * 5.0;
    let mut chart = ChartBuilder::on(&body)
        .margin_right(30)
        .x_label_area_size(X_AXIS)
        .y_label_area_size(LABELS)
        .build_cartesian_2d((from..to).log_scale(), 0f64..n as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(1)
        .y_label_formatter(&|_| String::new())
        .x_labels(6)
        .x_label_formatter(&|x| kb(*x))
        .x_desc("size, kB (log scale)")
        .label_style(font(SMALL, &BLACK))
        .axis_desc_style(font(TEXT, &BLACK))
        .draw()?;
    let value = |v: f64, y: f64| {
        EmptyElement::at((v, y)) + Text::new(format!("{} kB", kb(v)), (8, 0), anchored(font(15.0, &INK), HPos::Left))
    };
    for (i, (_, raw, gzip)) in rows.iter().enumerate() {
        let y = row_y(i, n);
        chart.draw_series([Rectangle::new([(from, y + 0.52), (*raw, y + 0.88)], RAW.filled())])?;
        chart.draw_series([value(*raw, y + 0.7)])?;
        if let Some(gzip) = *gzip {
            chart.draw_series([Rectangle::new([(from, y + 0.12), (gzip, y + 0.48)], GZIP.filled())])?;
            chart.draw_series([value(gzip, y + 0.3)])?;
        }
    }
    let names: Vec<String> = rows.iter().map(|r| r.0.to_string()).collect();
    row_labels(&root, chart.plotting_area().get_pixel_range(), &names)?;
    root.present()?;
    Ok(())
}

/// Every build that is not a ladder step, under Cranelift, in copies of the
/// image (the floor): a panel per kernel, with the floor and native Rust as
/// lines.
pub fn speed(path: &Path, r: &BenchResults, footer: &Footer) -> Result<()> {
    let rows: Vec<(&BuildId, [Option<Spread>; 2])> = r
        .good_on(EngineKind::Cranelift)
        .map(|(id, m)| (id, Op::ALL.map(|op| copies(r, m, op))))
        .filter(|(_, s)| s.iter().any(Option::is_some))
        .collect();
    let langs = languages(rows.iter().map(|r| r.0));
    let n = rows.len().max(1);
    let keys = [
        key("copy floor = 1", Mark::Line(BLACK)),
        key("native rust/ (auto-vectorized)", Mark::Dashed(NATIVE)),
        key(SPREAD, Mark::Whisker),
    ];
    let [root, body] = slide(
        path,
        X_AXIS + 40 + 40 * n as u32,
        "Time in copies of the image at 1080p, Cranelift (lower is faster)",
        "×copy floor = time / time of a native copy of the image, measured in the same run; bar: median",
        &keys,
        footer,
    )?;
    let (_, panels) = body.split_horizontally(LABELS);
    let mut plot = None;
    for (k, (area, op)) in panels.split_evenly((1, 2)).iter().zip(Op::ALL).enumerate() {
        let spreads: Vec<Option<Spread>> = rows.iter().map(|r| r.1[k]).collect();
        let native = copies(r, r.native(), op).map(|s| s.middle);
        let max = spreads.iter().flatten().map(|s| s.high).chain(native).fold(1.5, f64::max) * 1.18;
        let mut chart = ChartBuilder::on(area)
            .caption(op.name(), bold(TEXT))
            .margin_right(24)
            .x_label_area_size(X_AXIS)
            .build_cartesian_2d(0f64..max, 0f64..n as f64)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(6)
            .x_label_formatter(&|x| tick(*x))
            .x_desc("× copy floor")
            .label_style(font(SMALL, &BLACK))
            .axis_desc_style(font(TEXT, &BLACK))
            .draw()?;
        for (i, ((id, _), s)) in rows.iter().zip(&spreads).enumerate() {
            if let Some(s) = s {
                bar_with_whisker(&mut chart, *s, 0.0, (row_y(i, n) + 0.2, 0.6), color(&id.lang, &langs))?;
            }
        }
        reference_lines(&mut chart, n, native, NATIVE)?;
        plot = Some(chart.plotting_area().get_pixel_range());
    }
    let names: Vec<String> = rows.iter().map(|r| r.0.to_string()).collect();
    if let Some((_, ys)) = plot {
        // Right-aligned against the first panel.
        row_labels(&root, (panels.get_pixel_range().0, ys), &names)?;
    }
    root.present()?;
    Ok(())
}

/// The floor (1) as a solid line and native Rust (`native`, if measured) as
/// a dashed one, top to bottom of a 0..n plot.
fn reference_lines<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    n: usize,
    native: Option<f64>,
    c: RGBColor,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let top = n as f64;
    chart.draw_series([PathElement::new([(1.0, 0.0), (1.0, top)], BLACK.stroke_width(2))])?;
    if let Some(x) = native {
        chart.draw_series(DashedLineSeries::new([(x, 0.0), (x, top)], 8, 6, c.stroke_width(3)))?;
    }
    Ok(())
}

/// Blur at 1080p under every runtime that ran, in copies of the image (log
/// scale: wasmi's interpreter is far from the compilers): one group of bars
/// per language's default build, one bar per runtime.
pub fn runtimes(path: &Path, r: &BenchResults, footer: &Footer) -> Result<()> {
    let runtimes = super::speed::runtimes_ran(r);
    let ids = super::speed::default_builds(r);
    let value = |id: &BuildId, e| copies(r, r.find_under(id, e).filter(|t| t.error.is_none())?, Op::Blur);
    let values: Vec<Vec<Option<Spread>>> =
        ids.iter().map(|id| runtimes.iter().map(|&e| value(id, e)).collect()).collect();
    let max = values.iter().flatten().flatten().map(|s| s.high).fold(10.0, f64::max) * 4.0;
    let (n, k) = (ids.len().max(1), runtimes.len().max(1));
    let mut keys: Vec<Key> = runtimes
        .iter()
        .enumerate()
        .map(|(j, e)| key(e.runtime_name(), Mark::Bar(PALETTE[j % PALETTE.len()])))
        .collect();
    keys.push(key(SPREAD, Mark::Whisker));
    let [root, body] = slide(
        path,
        X_AXIS + n as u32 * (22 * k as u32 + 18),
        "Blur at 1080p under each runtime, × copy floor (log scale)",
        "×copy floor = time / time of a native copy of the image (the black line at 1); lower is faster; wasmtime = Cranelift",
        &keys,
        footer,
    )?;
    let mut chart = ChartBuilder::on(&body)
        .margin_right(30)
        .x_label_area_size(X_AXIS)
        .y_label_area_size(LABELS)
        .build_cartesian_2d((0.5f64..max).log_scale(), 0f64..n as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(1)
        .y_label_formatter(&|_| String::new())
        .x_label_formatter(&|x| tick(*x))
        .x_desc("blur, × copy floor (log scale)")
        .label_style(font(SMALL, &BLACK))
        .axis_desc_style(font(TEXT, &BLACK))
        .draw()?;
    let band = 0.86 / k as f64;
    for (i, row) in values.iter().enumerate() {
        for (j, s) in row.iter().enumerate() {
            let Some(s) = s else { continue };
            let top = row_y(i, n) + 0.93 - band * j as f64;
            bar_with_whisker(&mut chart, *s, 0.5, (top - band * 0.85, band * 0.85), PALETTE[j % PALETTE.len()])?;
        }
    }
    chart.draw_series([PathElement::new([(1.0, 0.0), (1.0, n as f64)], BLACK.stroke_width(2))])?;
    let names: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
    row_labels(&root, chart.plotting_area().get_pixel_range(), &names)?;
    root.present()?;
    Ok(())
}

/// The optimization ladders (each step changes how a language's build is
/// made): a section per language, a row per step, its size and its time.
pub fn ladder(path: &Path, r: &BenchResults, footer: &Footer) -> Result<()> {
    steps(
        path,
        r,
        "ladder",
        "Optimization ladders: size and time of each step (Cranelift, 1080p)",
        "each step adds one change to the build above it; left: raw .wasm size; right: time, × copy floor; native: rust/",
        footer,
    )
}

/// The speed ladder (each step changes the kernels' source, one change at a
/// time): a row per step, its size and its time.
pub fn speed_ladder(path: &Path, r: &BenchResults, footer: &Footer) -> Result<()> {
    steps(
        path,
        r,
        "speed",
        "Speed ladder: one change to the kernels' source per step (Cranelift, 1080p)",
        "left: raw .wasm size; right: time, × copy floor (time / a native copy of the image); native: rust/",
        footer,
    )
}

/// One ladder step: its size and its two times.
struct Step<'a> {
    id: &'a BuildId,
    bytes: Option<f64>,
    times: [Option<Spread>; 2],
}

/// Height of a step's row, and of what a language's section adds to its rows.
const STEP: u32 = 46;
const SECTION: u32 = 44 + X_AXIS;

fn steps(path: &Path, r: &BenchResults, kind: &str, title: &str, how: &str, footer: &Footer) -> Result<()> {
    let steps: Vec<Step> = r
        .on(EngineKind::Cranelift)
        .filter(|(id, m)| id.ladder_kind() == Some(kind) && m.error.is_none())
        .map(|(id, m)| Step { id, bytes: m.raw_bytes.map(|b| b as f64), times: Op::ALL.map(|op| copies(r, m, op)) })
        .collect();
    let langs = languages(steps.iter().map(|s| s.id));
    // One time axis for every language, so the sections compare.
    let native = Op::ALL.map(|op| copies(r, r.native(), op).map(|s| s.middle));
    let max = steps.iter().flat_map(|s| s.times).flatten().map(|s| s.high).chain(native.into_iter().flatten());
    let max = max.fold(1.5, f64::max) * 1.15;
    let keys = [
        key("raw size", Mark::Bar(RAW)),
        key("grayscale", Mark::Bar(GRAYSCALE)),
        key("blur", Mark::Bar(BLUR)),
        key("copy floor = 1", Mark::Line(BLACK)),
        key("native grayscale", Mark::Dashed(GRAYSCALE)),
        key("native blur", Mark::Dashed(BLUR)),
        key(SPREAD, Mark::Whisker),
    ];
    let heights: Vec<u32> =
        langs.iter().map(|l| SECTION + STEP * steps.iter().filter(|s| &s.id.lang == l).count() as u32).collect();
    let [root, body] = slide(path, heights.iter().sum::<u32>().max(1), title, how, &keys, footer)?;
    let mut rest = body;
    for (lang, height) in langs.iter().zip(heights) {
        let (section, below) = rest.split_vertically(height);
        let mine: Vec<&Step> = steps.iter().filter(|s| &s.id.lang == lang).collect();
        steps_section(&root, &section, lang, &mine, max, native)?;
        rest = below;
    }
    root.present()?;
    Ok(())
}

/// One language's steps: the name on top, then the size panel and the time panel.
fn steps_section(
    root: &Area,
    area: &Area,
    lang: &str,
    steps: &[&Step],
    max: f64,
    native: [Option<f64>; 2],
) -> Result<()> {
    let top = area.get_pixel_range().1.start;
    root.draw(&Text::new(lang.to_string(), (20, top + 10), bold(TEXT + 3.0)))?;
    let (_, panels) = area.margin(44, 0, 0, 0).split_horizontally(LABELS);
    let (sizes, times) = panels.split_horizontally(((WIDTH - LABELS) as f64 * 0.36) as u32);
    let n = steps.len().max(1);
    let biggest = steps.iter().filter_map(|s| s.bytes).fold(1000.0, f64::max) * 1.3;
    let mut chart = ChartBuilder::on(&sizes)
        .margin_right(30)
        .x_label_area_size(X_AXIS)
        .build_cartesian_2d(0f64..biggest, 0f64..n as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(4)
        .x_label_formatter(&|x| kb(*x))
        .x_desc("raw size, kB")
        .label_style(font(SMALL, &BLACK))
        .axis_desc_style(font(TEXT, &BLACK))
        .draw()?;
    for (i, s) in steps.iter().enumerate() {
        let Some(bytes) = s.bytes else { continue };
        let y = row_y(i, n);
        chart.draw_series([Rectangle::new([(0.0, y + 0.2), (bytes, y + 0.8)], RAW.filled())])?;
        chart
            .draw_series([EmptyElement::at((bytes, y + 0.5))
                + Text::new(kb(bytes), (8, 0), anchored(font(15.0, &INK), HPos::Left))])?;
    }
    let plot = chart.plotting_area().get_pixel_range();
    let mut chart = ChartBuilder::on(&times)
        .margin_right(30)
        .x_label_area_size(X_AXIS)
        .build_cartesian_2d(0f64..max, 0f64..n as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(6)
        .x_label_formatter(&|x| tick(*x))
        .x_desc("time, × copy floor")
        .label_style(font(SMALL, &BLACK))
        .axis_desc_style(font(TEXT, &BLACK))
        .draw()?;
    for (i, s) in steps.iter().enumerate() {
        let y = row_y(i, n);
        for (k, c) in [(0, GRAYSCALE), (1, BLUR)] {
            if let Some(t) = s.times[k] {
                bar_with_whisker(&mut chart, t, 0.0, (y + 0.52 - 0.42 * k as f64, 0.36), c)?;
            }
        }
    }
    for (x, c) in native.into_iter().zip([GRAYSCALE, BLUR]) {
        reference_lines(&mut chart, n, x, c)?;
    }
    step_labels(root, plot, steps)
}

/// "01" and "release" left of each step's row: the number, then the change.
fn step_labels(root: &Area, plot: (Range<i32>, Range<i32>), steps: &[&Step]) -> Result<()> {
    let (_, ys) = plot;
    let n = steps.len().max(1) as f64;
    for (i, s) in steps.iter().enumerate() {
        let y = ys.start + ((i as f64 + 0.5) * f64::from(ys.end - ys.start) / n) as i32;
        let number = s.id.ladder_number().unwrap_or_default().to_string();
        let change = s.id.ladder_change().unwrap_or_default().to_string();
        root.draw(&Text::new(number, (24, y), anchored(bold(TEXT), HPos::Left)))?;
        root.draw(&Text::new(change, (60, y), anchored(font(TEXT, &BLACK), HPos::Left)))?;
    }
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

    fn footer() -> Footer {
        Footer::new("a test machine, 2 cores", "2026-01-02 03:04 UTC", true)
    }

    #[test]
    fn the_speed_chart_has_a_bar_pair_per_build_and_leaves_out_ladders() {
        let text = svg(|p| speed(p, &sample::results(), &footer()));
        assert!(text.starts_with("<svg") && text.contains("Time in copies of the image at 1080p"), "{text}");
        for label in ["rust/default", "rust/simd", "go/default", "grayscale", "blur"] {
            assert!(text.contains(label), "no {label} in the speed chart");
        }
        assert!(!text.contains("ladder") && !text.contains("go/tuned"));
    }

    #[test]
    fn the_ladder_chart_has_a_panel_per_language_with_step_numbers() {
        let text = svg(|p| ladder(p, &sample::results(), &footer()));
        // plotters writes each label on a line of its own.
        let labels: Vec<&str> = text.lines().collect();
        assert!(text.contains("Optimization ladders") && labels.contains(&"rust"), "{text}");
        assert!(labels.contains(&"01") && labels.contains(&"02"), "step numbers label the points: {text}");
        assert!(!labels.contains(&"go"), "go has no ladder steps: {text}");
    }

    #[test]
    fn the_ladder_chart_names_each_step_beside_its_number() {
        let text = svg(|p| ladder(p, &sample::results(), &footer()));
        let labels: Vec<&str> = text.lines().collect();
        assert!(labels.contains(&"release") && labels.contains(&"lto"), "{text}");
        assert!(!labels.contains(&"plain"), "the speed ladder has a chart of its own: {text}");
    }

    #[test]
    fn the_speed_ladder_chart_has_its_steps_and_only_them() {
        let text = svg(|p| speed_ladder(p, &sample::results(), &footer()));
        let labels: Vec<&str> = text.lines().collect();
        assert!(text.contains("Speed ladder") && labels.contains(&"rust"), "{text}");
        assert!(labels.contains(&"01") && labels.contains(&"plain"), "{text}");
        assert!(!labels.contains(&"release"), "{text}");
    }

    #[test]
    fn every_chart_has_the_footer_and_no_text_under_15_px() {
        let r = sample::results();
        let rows = [SizeRow { raw: Some(900), gzip: Some(500), ..SizeRow::new(BuildId::new("rust", "tuned")) }];
        let charts = [
            svg(|p| speed(p, &r, &footer())),
            svg(|p| runtimes(p, &r, &footer())),
            svg(|p| ladder(p, &r, &footer())),
            svg(|p| speed_ladder(p, &r, &footer())),
            svg(|p| sizes(p, &rows, &footer())),
        ];
        for text in charts {
            assert!(text.contains("Measured 2026-01-02 03:04 UTC on a test machine, 2 cores"), "{text}");
            assert!(text.contains("width=\"1280\""), "a slide's width: {text}");
            for size in text.split("font-size=\"").skip(1) {
                let px: f64 = size.split('"').next().unwrap().parse().unwrap();
                assert!(px >= 14.99, "text at {px} px: {text}");
            }
        }
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
        let text = svg(|p| runtimes(p, &r, &footer()));
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
        let text = svg(|p| sizes(p, &rows, &footer()));
        assert!(text.contains("Raw module size") && text.contains("go/default") && text.contains("rust/tuned"));
        assert!(!text.contains("ladder-01-a"));
    }

    #[test]
    fn the_size_chart_draws_gzip_beside_raw_in_one_unit() {
        let row = SizeRow { raw: Some(9_013), gzip: Some(3_814), ..SizeRow::new(BuildId::new("cpp", "default")) };
        let text = svg(|p| sizes(p, &[row], &footer()));
        let labels: Vec<&str> = text.lines().collect();
        assert!(labels.contains(&"9.0 kB") && labels.contains(&"3.8 kB"), "{text}");
        assert!(!text.contains("KiB") && !text.contains(" B\n"), "one decimal unit: {text}");
    }

    #[test]
    fn ticks_and_values_are_decimal_in_one_unit() {
        let kbs: Vec<String> = [1000.0, 9013.0, 20374.0, 1_942_736.0, 500.0].map(kb).to_vec();
        assert_eq!(kbs, ["1", "9.0", "20", "1943", "0.5"]);
        assert_eq!([0.5, 1.0, 100.0].map(tick), ["0.5", "1", "100"]);
        assert_eq!([0.641, 8.8, 310.2].map(times), ["0.64", "8.80", "310"]);
    }
}
