// The page end to end in every browser engine (browsers.mjs: Chromium, Firefox
// and WebKit, each from Debian, headless; no browser download): serve the
// repository, run every row, and check that every output hash equals the JS
// fallback's and that add and counters answer right, in the workers (every
// engine) and in the playground (Chromium). Writes target/web/<engine>.json
// and a screenshot of each engine's page (target/web/page.png for Chromium,
// page-firefox.png, page-webkit.png).
//
//   node --test web/e2e.mjs
//   ROSETTA_WEB_ENGINES=firefox ROSETTA_WEB_ONLY=rust ROSETTA_WEB_REPS=3 node --test web/e2e.mjs
//   CHROMIUM=/path/to/chrome FIREFOX=/path/to/firefox node --test web/e2e.mjs

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { ENGINES, JS_ENGINE, launch } from "./browsers.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "target", "web");
const REPS = Number(process.env.ROSETTA_WEB_REPS || 5);
const ONLY = process.env.ROSETTA_WEB_ONLY || "";
const RUN = (process.env.ROSETTA_WEB_ENGINES || ENGINES.join(",")).split(",").filter(Boolean);
const SIZE = "1920x1080";

let server, url, manifest;

before(async () => {
  const path = join(OUT, "modules.json");
  try {
    manifest = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new Error(`${path} is missing: run just -f web/justfile build`);
  }
  server = await serve(0);
  url = `http://127.0.0.1:${server.address().port}/web/index.html?reps=${REPS}&size=${SIZE}&only=${ONLY}`;
});

after(() => server?.close());

/** What a finished page says, as a list of failures (empty: every row agrees). */
function failures(state) {
  const found = [];
  const expected = manifest.rows.filter((r) => r.kind === "fallback" || r.id.includes(ONLY)).map((r) => r.id);
  const got = state.results.map((r) => r.id);
  for (const id of expected.filter((id) => !got.includes(id))) found.push(`${id}: never reported`);
  for (const id of got.filter((id) => !expected.includes(id))) found.push(`${id}: reported, but not in modules.json`);
  for (const r of state.results) {
    if (!r.ok) found.push(`${r.id}: ${r.error}`);
    else if (r.kind !== "fallback" && r.matches !== true) found.push(`${r.id}: output hash differs from the fallback`);
    else if (!r.calls.ok) found.push(`${r.id}: add/counters wrong: ${JSON.stringify(r.calls)}`);
  }
  for (const kind of ["bindgen", "emscripten"]) {
    const listed = manifest.rows.some((r) => r.kind === kind && r.id.includes(ONLY));
    if (listed && !state.results.some((r) => r.kind === kind && r.ok)) found.push(`the ${kind} row did not run`);
  }
  return found;
}

function timings(state, engine) {
  return state.results.flatMap((r) =>
    ["grayscale", "blur"].map((op) => ({
      module: r.id,
      engine,
      op,
      size: SIZE,
      ms: r.timings?.[op],
      cold_ms: r.coldMs,
      raw_bytes: r.raw ?? null,
      gzip_bytes: r.gzip,
      glue_bytes: r.glue?.raw ?? null,
      glue_gzip_bytes: r.glueGzip,
    })),
  );
}

for (const engine of RUN) {
  describe(`${engine} (${JS_ENGINE[engine] ?? "?"})`, () => {
    let browser;
    const logs = [];
    before(async () => {
      browser = await launch(engine);
      browser.onConsole((line) => logs.push(line));
    });
    after(async () => {
      await browser?.close();
      if (logs.length) console.log(`# ${engine} page console:\n${logs.map((l) => `#   ${l}`).join("\n")}`);
    });

    test("every row runs in a worker and equals the JS fallback", { timeout: 20 * 60_000 }, async () => {
      await browser.goto(url);
      await browser.waitFor("window.rosetta?.done === true", 20 * 60_000);
      const state = await browser.evaluate("window.rosetta");
      assert.equal(state.error, undefined, `the page failed in ${browser.version}: ${state.error}`);
      for (const u of state.unavailable) console.log(`# unavailable ${u.id}: ${u.why}`);
      const found = failures(state);
      assert.deepEqual(found, [], `${browser.version}:\n${found.join("\n")}`);
      mkdirSync(OUT, { recursive: true });
      const file = join(OUT, `${engine}.json`);
      const measures = "one JS call copying in and out";
      const timer = state.results.find((r) => r.timer)?.timer ?? {};
      const record = {
        browser: browser.release,
        engine: JS_ENGINE[engine],
        reps: REPS,
        warmup: state.warmup,
        timer_resolution_ms: timer.resolutionMs ?? null,
        cross_origin_isolated: timer.isolated ?? false,
        measures,
      };
      writeFileSync(file, JSON.stringify({ ...record, timings: timings(state, engine) }, null, 2) + "\n");
      const resolution = `timer ${timer.resolutionMs?.toPrecision(2)} ms${timer.isolated ? ", cross-origin isolated" : ""}`;
      console.log(`# ${browser.version}: ${state.results.length} rows ok (${resolution}); ${file} written`);
    });

    if (engine === "chromium") {
      test("the playground's add and counters", async () => {
        const page = browser.page;
        await page.fill("#add-a", "2147483647");
        await page.fill("#add-b", "1");
        await page.click("#add-go");
        assert.equal(await page.textContent("#add-out"), "-2147483648");
        for (let i = 0; i < 3; i++) await page.click("#counter-new");
        const items = page.locator("#counters li");
        assert.equal(await items.count(), 3);
        await items.nth(1).locator("button.inc").click();
        await items.nth(1).locator("button.inc").click();
        await items.nth(2).locator("button.inc").click();
        assert.deepEqual(await page.locator("#counters li output").allTextContents(), ["0", "2", "1"]);
        await items.nth(0).locator("button.free").click();
        assert.equal(await items.count(), 2);
        assert.deepEqual(await page.locator("#counters li output").allTextContents(), ["2", "1"]);
      });
    }

    test("screenshot", async () => {
      // The first screen only (the README shows Chromium's; `just compare` copies it to comparisons/).
      await browser.evaluate("window.scrollTo(0, 0)");
      mkdirSync(OUT, { recursive: true });
      await browser.screenshot(join(OUT, engine === "chromium" ? "page.png" : `page-${engine}.png`));
    });
  });
}
