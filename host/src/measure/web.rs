//! What the browser side (web/) measured, read from the files it writes
//! into target/web/ (web/README.md, "Numbers"):
//!
//!   v8.json        every core module and the JS fallback under Node's V8
//!                  (`just -f web/justfile bench`)
//!   chromium.json, firefox.json, webkit.json
//!                  the page's cold and warm times in each headless browser
//!                  engine (`just -f web/justfile test`)
//!   sizes.json     the wasm-bindgen and Emscripten-glue builds, with and
//!                  without their JS glue (`just -f web/justfile build`)
//!
//! The module names in those files (`"rust/default"`, `"js/fallback"`) are
//! parsed here, once, into a typed `WebModule`; past this file nothing reads
//! a name again. A file that is missing or unreadable is not an error: it
//! becomes one note line, and `compare` goes on without it.

use super::stats::Stats;
use super::timing::Size;
use crate::load::catalog::BuildId;
use crate::load::kernel::Op;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::path::Path;

/// Who ran on the browser side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebModule {
    /// A core module of build/, loaded by web/loader.js.
    Core(BuildId),
    /// A module shipped with its JS glue (wasm-bindgen, Emscripten), built
    /// by web/justfile into target/web/, never into build/.
    Glue(BuildId),
    /// web/fallback.js: the whole contract in plain JavaScript.
    Fallback,
}

impl WebModule {
    /// The name the web files use for the fallback.
    const FALLBACK: &'static str = "js/fallback";

    /// `js/fallback`, or `lang/build`. `glue` says which kind of build the
    /// file says it is (only chromium.json and sizes.json can tell).
    fn parse(name: &str, glue: bool) -> Result<WebModule, String> {
        if name == Self::FALLBACK {
            return Ok(WebModule::Fallback);
        }
        match name.split_once('/') {
            Some((lang, build)) if !lang.is_empty() && !build.is_empty() && !build.contains('/') => {
                let id = BuildId::new(lang, build);
                Ok(if glue { WebModule::Glue(id) } else { WebModule::Core(id) })
            }
            _ => Err(format!("module {name:?} is neither js/fallback nor lang/build")),
        }
    }

    /// The core build this is, if it is one.
    pub fn core(&self) -> Option<&BuildId> {
        match self {
            WebModule::Core(id) => Some(id),
            _ => None,
        }
    }

    /// `core module`, `wasm + JS glue`, `plain JS`: the kind column.
    pub fn kind(&self) -> &'static str {
        match self {
            WebModule::Core(_) => "core module",
            WebModule::Glue(_) => "wasm + JS glue",
            WebModule::Fallback => "plain JS",
        }
    }
}

/// `rust/default`, `rust/bindgen`, `js/fallback`: as the web files print it.
impl fmt::Display for WebModule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebModule::Core(id) | WebModule::Glue(id) => id.fmt(f),
            WebModule::Fallback => f.write_str(Self::FALLBACK),
        }
    }
}

impl Serialize for WebModule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One kernel on one image size under V8, as v8.json gives it.
#[derive(Debug, Clone)]
pub struct V8Timing {
    pub module: WebModule,
    pub op: Op,
    pub size: Size,
    pub ms: Stats,
}

/// A raw and a gzip byte count (zlib level 9, of the unstripped file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bytes {
    pub raw: usize,
    pub gzip: usize,
}

/// One glue build's size: the .wasm alone, its JS glue, and both.
#[derive(Debug, Clone, Serialize)]
pub struct GlueSize {
    pub module: WebModule,
    pub wasm: Bytes,
    pub glue: Bytes,
    pub total: Bytes,
}

/// A browser the page runs in, and the engine that runs its wasm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Browser {
    Chromium,
    Firefox,
    WebKit,
}

impl Browser {
    pub const ALL: [Browser; 3] = [Browser::Chromium, Browser::Firefox, Browser::WebKit];

    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "Chromium",
            Browser::Firefox => "Firefox",
            Browser::WebKit => "WebKit",
        }
    }

    /// The JavaScript engine that compiles and runs the wasm.
    pub fn js_engine(self) -> &'static str {
        match self {
            Browser::Chromium => "V8",
            Browser::Firefox => "SpiderMonkey",
            Browser::WebKit => "JavaScriptCore",
        }
    }

    fn file(self) -> File {
        let (name, what) = match self {
            Browser::Chromium => ("chromium.json", "Chromium numbers"),
            Browser::Firefox => ("firefox.json", "Firefox numbers"),
            Browser::WebKit => ("webkit.json", "WebKit numbers"),
        };
        File { name, what, recipe: "just -f web/justfile test" }
    }
}

/// The page's numbers in one headless browser.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub engine: Browser,
    /// The browser's version, as its driver reports it.
    pub browser: String,
    /// Warm calls per op.
    pub reps: usize,
    /// Untimed warm calls per op before the timed ones (none in older files).
    pub warmup: Option<usize>,
    /// The smallest step of `performance.now()` the page measured.
    pub timer_resolution_ms: Option<f64>,
    /// Whether the page was cross-origin isolated (COOP/COEP).
    pub cross_origin_isolated: bool,
    /// What one warm sample is (`one JS call copying in and out`).
    pub measures: String,
    /// One row per module, in the page's order.
    pub rows: Vec<PageRow>,
}

/// One row of the page: its cold start, warm medians and sizes.
#[derive(Debug, Clone, Serialize)]
pub struct PageRow {
    pub module: WebModule,
    /// Fetch + compile + instantiate + the first grayscale.
    pub cold_ms: Option<f64>,
    pub warm: Vec<PageTiming>,
    /// The .wasm (none for the fallback).
    pub wasm: Option<Bytes>,
    /// The JS glue (glue builds only).
    pub glue: Option<Bytes>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageTiming {
    pub op: Op,
    pub size: Size,
    pub ms: Stats,
}

impl PageRow {
    pub fn warm(&self, op: Op) -> Option<&PageTiming> {
        self.warm.iter().find(|t| t.op == op)
    }
}

/// Everything read from target/web/, and a note for each file that was not.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WebResults {
    /// Every V8 timing of v8.json (folded into the bench results by `compare`).
    #[serde(skip)]
    pub v8: Vec<V8Timing>,
    pub chromium: Option<Page>,
    pub firefox: Option<Page>,
    pub webkit: Option<Page>,
    pub glue_sizes: Vec<GlueSize>,
    /// One line per file missing or unreadable: `V8 numbers: none (run …)`.
    pub notes: Vec<String>,
}

impl WebResults {
    /// The page in every browser that ran it, in `Browser::ALL`'s order.
    pub fn pages(&self) -> impl Iterator<Item = &Page> {
        [&self.chromium, &self.firefox, &self.webkit].into_iter().flatten()
    }

    fn page_mut(&mut self, b: Browser) -> &mut Option<Page> {
        match b {
            Browser::Chromium => &mut self.chromium,
            Browser::Firefox => &mut self.firefox,
            Browser::WebKit => &mut self.webkit,
        }
    }
}

/// The files, what they hold, and the recipe that writes each.
struct File {
    name: &'static str,
    what: &'static str,
    recipe: &'static str,
}

const V8_FILE: File = File { name: "v8.json", what: "V8 numbers", recipe: "just -f web/justfile bench" };
const SIZES_FILE: File = File { name: "sizes.json", what: "glue-build sizes", recipe: "just -f web/justfile build" };

impl File {
    /// The file's typed contents, or the note line that says why there are none.
    fn read<T>(&self, dir: &Path, parse: impl FnOnce(&str) -> Result<T, String>) -> Result<T, String> {
        let path = dir.join(self.name);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(format!("{}: none (run `{}`)", self.what, self.recipe))
            }
            Err(e) => {
                return Err(format!("{}: cannot read {}: {e} (run `{}`)", self.what, path.display(), self.recipe))
            }
        };
        parse(&text).map_err(|e| format!("{}: {} unreadable: {e} (run `{}`)", self.what, path.display(), self.recipe))
    }
}

/// Read what the browser side wrote into `dir` (by default target/web/).
/// Never fails: a missing or malformed file is a note.
pub fn read(dir: &Path) -> WebResults {
    let mut web = WebResults::default();
    match V8_FILE.read(dir, parse_v8) {
        Ok(v8) => web.v8 = v8,
        Err(note) => web.notes.push(note),
    }
    for b in Browser::ALL {
        match b.file().read(dir, |text| parse_page(b, text)) {
            Ok(page) => *web.page_mut(b) = Some(page),
            Err(note) => web.notes.push(note),
        }
    }
    match SIZES_FILE.read(dir, parse_sizes) {
        Ok(sizes) => web.glue_sizes = sizes,
        Err(note) => web.notes.push(note),
    }
    web
}

// The files' own shapes; turned into the typed ones above right away.

#[derive(Deserialize)]
struct RawStats {
    median: f64,
    min: f64,
    max: f64,
    samples: usize,
}

impl From<RawStats> for Stats {
    fn from(s: RawStats) -> Stats {
        Stats { median: s.median, min: s.min, max: s.max, samples: s.samples }
    }
}

#[derive(Deserialize)]
struct RawTiming {
    module: String,
    op: Op,
    size: String,
    ms: RawStats,
    // the browsers' files only
    cold_ms: Option<f64>,
    raw_bytes: Option<usize>,
    gzip_bytes: Option<usize>,
    glue_bytes: Option<usize>,
    glue_gzip_bytes: Option<usize>,
}

#[derive(Deserialize)]
struct RawPage {
    browser: String,
    reps: usize,
    warmup: Option<usize>,
    timer_resolution_ms: Option<f64>,
    #[serde(default)]
    cross_origin_isolated: bool,
    measures: String,
    timings: Vec<RawTiming>,
}

#[derive(Deserialize)]
struct RawGlueSize {
    module: String,
    wasm: Bytes,
    glue: Bytes,
    total: Bytes,
}

/// `1920x1080`.
fn parse_size(s: &str) -> Result<Size, String> {
    let bad = || format!("size {s:?} is not WIDTHxHEIGHT");
    let (w, h) = s.split_once('x').ok_or_else(bad)?;
    Ok(Size { width: w.parse().map_err(|_| bad())?, height: h.parse().map_err(|_| bad())? })
}

fn json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

fn parse_v8(text: &str) -> Result<Vec<V8Timing>, String> {
    json::<Vec<RawTiming>>(text)?
        .into_iter()
        .map(|t| {
            Ok(V8Timing {
                module: WebModule::parse(&t.module, false)?,
                op: t.op,
                size: parse_size(&t.size)?,
                ms: t.ms.into(),
            })
        })
        .collect()
}

fn parse_page(engine: Browser, text: &str) -> Result<Page, String> {
    let raw: RawPage = json(text)?;
    let mut rows: Vec<PageRow> = Vec::new();
    // One entry per (module, op); cold start and sizes repeat on each.
    for t in raw.timings {
        let glue = t.glue_bytes.map(|raw| Bytes { raw, gzip: t.glue_gzip_bytes.unwrap_or(0) });
        let module = WebModule::parse(&t.module, glue.is_some())?;
        let timing = PageTiming { op: t.op, size: parse_size(&t.size)?, ms: t.ms.into() };
        match rows.iter_mut().find(|r| r.module == module) {
            Some(row) => row.warm.push(timing),
            None => rows.push(PageRow {
                module,
                cold_ms: t.cold_ms,
                warm: vec![timing],
                wasm: t.raw_bytes.map(|raw| Bytes { raw, gzip: t.gzip_bytes.unwrap_or(0) }),
                glue,
            }),
        }
    }
    Ok(Page {
        engine,
        browser: raw.browser,
        reps: raw.reps,
        warmup: raw.warmup,
        timer_resolution_ms: raw.timer_resolution_ms,
        cross_origin_isolated: raw.cross_origin_isolated,
        measures: raw.measures,
        rows,
    })
}

fn parse_sizes(text: &str) -> Result<Vec<GlueSize>, String> {
    json::<Vec<RawGlueSize>>(text)?
        .into_iter()
        .map(|s| {
            Ok(GlueSize { module: WebModule::parse(&s.module, true)?, wasm: s.wasm, glue: s.glue, total: s.total })
        })
        .collect()
}

/// Fixed web files for the report layer's tests (no timing in any test).
#[cfg(test)]
pub mod sample {
    use std::path::Path;

    /// js/fallback 10 ms grayscale, 40 ms blur; rust/default 2.5 and 8 ms;
    /// go/default grayscale only.
    pub const V8: &str = r#"[
      {"module": "js/fallback", "engine": "v8", "op": "grayscale", "size": "1920x1080",
       "ms": {"median": 10.0, "min": 9.0, "max": 11.0, "samples": 11}},
      {"module": "js/fallback", "engine": "v8", "op": "blur", "size": "1920x1080",
       "ms": {"median": 40.0, "min": 39.0, "max": 41.0, "samples": 11}},
      {"module": "rust/default", "engine": "v8", "op": "grayscale", "size": "1920x1080",
       "ms": {"median": 2.5, "min": 2.5, "max": 2.5, "samples": 11}},
      {"module": "rust/default", "engine": "v8", "op": "blur", "size": "1920x1080",
       "ms": {"median": 8.0, "min": 8.0, "max": 8.0, "samples": 11}},
      {"module": "go/default", "engine": "v8", "op": "grayscale", "size": "1920x1080",
       "ms": {"median": 7.0, "min": 7.0, "max": 7.0, "samples": 11}}
    ]"#;

    fn page(module: &str, cold: f64, gray: f64, blur: f64, sizes: &str) -> String {
        let one = |op: &str, ms: f64| {
            format!(
                r#"{{"module": "{module}", "engine": "chromium", "op": "{op}", "size": "1920x1080",
                    "ms": {{"median": {ms}, "min": {ms}, "max": {ms}, "samples": 5}}, "cold_ms": {cold}, {sizes}}}"#
            )
        };
        format!("{},\n{}", one("grayscale", gray), one("blur", blur))
    }

    const NONE: &str = r#""raw_bytes": null, "gzip_bytes": null, "glue_bytes": null, "glue_gzip_bytes": null"#;
    const CORE: &str = r#""raw_bytes": 1200, "gzip_bytes": 600, "glue_bytes": null, "glue_gzip_bytes": null"#;

    /// An older file's shape: no warm-up, timer or isolation fields.
    pub fn chromium() -> String {
        let (none, core) = (NONE, CORE);
        let glue = r#""raw_bytes": 20000, "gzip_bytes": 9000, "glue_bytes": 9100, "glue_gzip_bytes": 2700"#;
        format!(
            r#"{{"browser": "156.0.1", "reps": 5, "measures": "one JS call copying in and out", "timings": [
            {}, {}, {}]}}"#,
            page("js/fallback", 17.5, 14.0, 44.0, none),
            page("rust/default", 25.0, 4.5, 30.0, core),
            page("rust/bindgen", 29.0, 4.0, 43.5, glue),
        )
    }

    /// Firefox, cross-origin isolated: js/fallback and rust/default.
    pub fn firefox() -> String {
        format!(
            r#"{{"browser": "153.8.0", "engine": "SpiderMonkey", "reps": 5, "warmup": 2, "timer_resolution_ms": 0.02,
            "cross_origin_isolated": true, "measures": "one JS call copying in and out", "timings": [{}, {}]}}"#,
            page("js/fallback", 20.0, 16.0, 60.0, NONE),
            page("rust/default", 12.0, 3.0, 20.0, CORE),
        )
    }

    /// WebKit, cross-origin isolated: js/fallback and rust/default.
    pub fn webkit() -> String {
        firefox().replace("153.8.0", "2.50.6").replace("SpiderMonkey", "JavaScriptCore")
    }

    pub const SIZES: &str = r#"[
      {"module": "rust/bindgen", "wasm": {"raw": 19843, "gzip": 9060}, "glue": {"raw": 9136, "gzip": 2688},
       "total": {"raw": 28979, "gzip": 11748}, "files": ["a.wasm", "a.js"]}
    ]"#;

    /// Every file in `dir`.
    pub fn write(dir: &Path) {
        std::fs::write(dir.join("v8.json"), V8).unwrap();
        std::fs::write(dir.join("chromium.json"), chromium()).unwrap();
        std::fs::write(dir.join("firefox.json"), firefox()).unwrap();
        std::fs::write(dir.join("webkit.json"), webkit()).unwrap();
        std::fs::write(dir.join("sizes.json"), SIZES).unwrap();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_files_are_read_into_typed_rows() {
        let dir = tempfile::tempdir().unwrap();
        sample::write(dir.path());
        let web = read(dir.path());
        assert!(web.notes.is_empty(), "{:?}", web.notes);
        assert_eq!(web.v8.len(), 5);
        assert_eq!(web.v8[0].module, WebModule::Fallback);
        assert_eq!(web.v8[2].module, WebModule::Core(BuildId::new("rust", "default")));
        assert_eq!(
            (web.v8[1].op, web.v8[1].size, web.v8[1].ms.median),
            (Op::Blur, super::super::timing::FULL_HD, 40.0)
        );
        let chromium = web.chromium.clone().unwrap();
        assert_eq!((chromium.browser.as_str(), chromium.reps), ("156.0.1", 5));
        let modules: Vec<String> = chromium.rows.iter().map(|r| r.module.to_string()).collect();
        assert_eq!(modules, ["js/fallback", "rust/default", "rust/bindgen"]);
        let bindgen = &chromium.rows[2];
        assert_eq!(bindgen.module, WebModule::Glue(BuildId::new("rust", "bindgen")));
        assert_eq!((bindgen.cold_ms, bindgen.warm(Op::Blur).unwrap().ms.median), (Some(29.0), 43.5));
        assert_eq!(bindgen.glue, Some(Bytes { raw: 9100, gzip: 2700 }));
        assert_eq!(chromium.rows[0].wasm, None);
        assert_eq!(web.glue_sizes.len(), 1);
        assert_eq!(web.glue_sizes[0].module, WebModule::Glue(BuildId::new("rust", "bindgen")));
        assert_eq!(web.glue_sizes[0].total, Bytes { raw: 28979, gzip: 11748 });
        let firefox = web.firefox.as_ref().unwrap();
        assert_eq!(
            (firefox.engine, firefox.warmup, firefox.timer_resolution_ms),
            (Browser::Firefox, Some(2), Some(0.02))
        );
        assert!(firefox.cross_origin_isolated);
        let engines: Vec<Browser> = web.pages().map(|p| p.engine).collect();
        assert_eq!(engines, [Browser::Chromium, Browser::Firefox, Browser::WebKit]);
    }

    #[test]
    fn a_missing_file_is_one_note_line_and_the_others_are_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let web = read(dir.path());
        assert_eq!(
            web.notes,
            [
                "V8 numbers: none (run `just -f web/justfile bench`)",
                "Chromium numbers: none (run `just -f web/justfile test`)",
                "Firefox numbers: none (run `just -f web/justfile test`)",
                "WebKit numbers: none (run `just -f web/justfile test`)",
                "glue-build sizes: none (run `just -f web/justfile build`)",
            ]
        );
        assert!(web.v8.is_empty() && web.chromium.is_none() && web.glue_sizes.is_empty());
        std::fs::write(dir.path().join("sizes.json"), sample::SIZES).unwrap();
        std::fs::write(dir.path().join("v8.json"), "[{\"module\": \"nobuild\"}]").unwrap();
        let web = read(dir.path());
        assert_eq!(web.notes.len(), 4, "{:?}", web.notes);
        assert!(web.notes[0].starts_with("V8 numbers: ") && web.notes[0].contains("v8.json unreadable: "));
        assert!(web.notes[0].ends_with("(run `just -f web/justfile bench`)"), "{}", web.notes[0]);
        assert_eq!(web.glue_sizes.len(), 1);
    }

    #[test]
    fn names_and_sizes_are_parsed_once_and_strictly() {
        assert_eq!(WebModule::parse("js/fallback", false), Ok(WebModule::Fallback));
        assert_eq!(WebModule::parse("cpp/tuned", true), Ok(WebModule::Glue(BuildId::new("cpp", "tuned"))));
        assert!(WebModule::parse("rust", false).is_err());
        assert!(WebModule::parse("a/b/c", false).is_err());
        assert_eq!(parse_size("3840x2160"), Ok(super::super::timing::UHD));
        assert!(parse_size("1080p").is_err());
    }
}
