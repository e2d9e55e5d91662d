// The page end to end in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core; no browser download): serve the repository,
// run every row, and check that every output hash equals the JS fallback's
// and that add and counters answer right, in the workers and in the
// playground. Saves comparisons/web.png and target/web/chromium.json.
//
//   node --test web/e2e.mjs
//   ROSETTA_WEB_ONLY=rust ROSETTA_WEB_REPS=3 node --test web/e2e.mjs
//   CHROMIUM=/path/to/chrome node --test web/e2e.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const EXECUTABLE = process.env.CHROMIUM || "/usr/bin/chromium";
const REPS = Number(process.env.ROSETTA_WEB_REPS || 5);
const ONLY = process.env.ROSETTA_WEB_ONLY || "";
const SIZE = "1920x1080";
// Without the background-networking flags Chromium keeps trying hosts this
// machine cannot reach; a fresh profile keeps runs independent.
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

let server, context, page, profile, url;
const logs = [];

before(async () => {
  const manifest = join(ROOT, "target", "web", "modules.json");
  try {
    readFileSync(manifest);
  } catch {
    throw new Error(`${manifest} is missing: run just -f web/justfile build`);
  }
  server = await serve(0);
  url = `http://127.0.0.1:${server.address().port}/web/index.html?reps=${REPS}&size=${SIZE}&only=${ONLY}`;
  profile = mkdtempSync(join(tmpdir(), "rosetta-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (logs.length) console.log(`# page console:\n${logs.map((l) => `#   ${l}`).join("\n")}`);
});

test("every row runs in a worker and equals the JS fallback", { timeout: 20 * 60_000 }, async () => {
  await page.goto(url);
  await page.waitForFunction(() => window.rosetta?.done === true, null, { timeout: 20 * 60_000, polling: 500 });
  const state = await page.evaluate(() => window.rosetta);
  assert.equal(state.error, undefined, `the page failed: ${state.error}`);
  for (const u of state.unavailable) console.log(`# unavailable ${u.id}: ${u.why}`);
  const manifest = JSON.parse(readFileSync(join(ROOT, "target", "web", "modules.json"), "utf8"));
  const expected = manifest.rows.filter((r) => r.kind === "fallback" || r.id.includes(ONLY)).map((r) => r.id);
  assert.deepEqual(state.results.map((r) => r.id).sort(), expected.sort(), "every row reported");
  const failures = [];
  for (const r of state.results) {
    if (!r.ok) failures.push(`${r.id}: ${r.error}`);
    else if (r.kind !== "fallback" && r.matches !== true)
      failures.push(`${r.id}: output hash differs from the fallback`);
    else if (!r.calls.ok) failures.push(`${r.id}: add/counters wrong: ${JSON.stringify(r.calls)}`);
  }
  assert.deepEqual(failures, [], failures.join("\n"));
  for (const kind of ["bindgen", "emscripten"]) {
    if (manifest.rows.some((r) => r.kind === kind && r.id.includes(ONLY))) {
      assert.ok(
        state.results.some((r) => r.kind === kind && r.ok),
        `the ${kind} row ran`,
      );
    }
  }

  const timings = [];
  for (const r of state.results) {
    for (const op of ["grayscale", "blur"]) {
      timings.push({
        module: r.id,
        engine: "chromium",
        op,
        size: SIZE,
        ms: r.timings[op],
        cold_ms: r.coldMs,
        raw_bytes: r.raw ?? null,
        gzip_bytes: r.gzip,
        glue_bytes: r.glue?.raw ?? null,
        glue_gzip_bytes: r.glueGzip,
      });
    }
  }
  const version = await context.browser()?.version();
  mkdirSync(join(ROOT, "target", "web"), { recursive: true });
  writeFileSync(
    join(ROOT, "target", "web", "chromium.json"),
    JSON.stringify(
      { browser: version ?? "chromium", reps: REPS, measures: "one JS call copying in and out", timings },
      null,
      2,
    ) + "\n",
  );
  console.log(`# ${state.results.length} rows ok; target/web/chromium.json written`);
});

test("the playground's add and counters", async () => {
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

test("screenshot to target/web/page.png", async () => {
  // The first screen only (the README shows it); `just web-screenshot` copies it to comparisons/.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ROOT, "target", "web", "page.png") });
});
