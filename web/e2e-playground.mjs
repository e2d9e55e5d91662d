// The playground (playground.html) end to end in headless Chromium: asc
// compiles in the page's worker, the host's checks run on the result. A
// correct `add` passes every check; an `add` that subtracts fails the add
// check with the message the host's checks give, and only that check; code
// that does not compile says so. Needs build/assemblyscript/ for the sizes
// only (missing builds show as "not built").
//
//   node --test web/e2e-playground.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const EXECUTABLE = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"];
const ADD = /export function add\(a: i32, b: i32\): i32 \{\n\s*return a \+ b;\n\}/;

let server, context, page, profile, original;
const logs = [];

before(async () => {
  server = await serve(0);
  profile = mkdtempSync(join(tmpdir(), "rosetta-playground-"));
  context = await chromium.launchPersistentContext(profile, { executablePath: EXECUTABLE, headless: true, args: ARGS });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/web/playground.html?file=exports.ts`);
  await page.waitForFunction(() => window.playground?.ready || window.playground?.error, null, { timeout: 180_000 });
  assert.equal(await page.evaluate(() => window.playground.error), null, "the playground loads");
  original = await page.inputValue("#source");
  assert.match(original, ADD, "exports.ts has the add this test edits");
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (logs.length) console.log(`# page console:\n${logs.map((l) => `#   ${l}`).join("\n")}`);
});

/** Type `source` into the editor, compile and check, return the worker's result. */
async function check(source) {
  await page.fill("#source", source);
  await page.evaluate(() => (window.playground.result = null));
  await page.click("#check");
  await page.waitForFunction(() => window.playground.result || window.playground.error, null, { timeout: 300_000 });
  assert.equal(await page.evaluate(() => window.playground.error), null);
  return page.evaluate(() => window.playground.result);
}

test("a correct add passes every check, with its size beside the reference builds", { timeout: 300_000 }, async () => {
  const result = await check(original.replace(ADD, "export function add(a: i32, b: i32): i32 {\n  return b + a;\n}"));
  assert.ok(result.compiled, result.diagnostics);
  const failed = result.results.filter((r) => !r.ok);
  assert.deepEqual(failed, [], JSON.stringify(failed));
  assert.match(await page.textContent("#verdict"), /^PASS: 7 of 7 checks pass/);
  assert.ok(result.raw > 0 && result.gzip > 0 && result.gzip < result.raw);
  assert.match(await page.textContent("#sizes"), /yours \(default flags\)/);
  assert.match(await page.textContent("#sizes"), /assemblyscript\/default/);
});

test("an add that subtracts fails the add check, and only it", { timeout: 300_000 }, async () => {
  const result = await check(original.replace(ADD, "export function add(a: i32, b: i32): i32 {\n  return a - b;\n}"));
  assert.ok(result.compiled, result.diagnostics);
  const failed = result.results.filter((r) => !r.ok);
  assert.deepEqual(
    failed.map((r) => r.check),
    ["add"],
  );
  // The host's message, from checks.js: the first fixed pair is (0, 0), which subtracts fine.
  assert.equal(failed[0].message, "add(1, 2) returned -1, expected 3");
  assert.match(await page.textContent("#verdict"), /^FAIL: 6 of 7 checks pass/);
  assert.match(await page.textContent("tr[data-check=add]"), /FAIL/);
});

test("code that does not compile says where", { timeout: 300_000 }, async () => {
  const result = await check(original.replace(ADD, "export function add(a: i32, b: i32): i32 {\n  return a + ;\n}"));
  assert.equal(result.compiled, false);
  assert.match(result.diagnostics, /exports\.ts/);
  assert.match(await page.textContent("#verdict"), /does not compile/);
});
