// The page: every build in target/web/modules.json (written by
// `just -f web/justfile build`), each run in its own Web Worker, side by side
// in one table. The JS fallback runs first; its output hashes are the
// reference every other row must equal.
//
// Query parameters: ?size=1920x1080 (the test card), ?reps=5 (warm runs per
// op), ?only=rust (rows whose id contains it), ?parallel=1 (workers at once;
// more than one makes the timings fight over the cores).

import { wrap } from "./loader.js";
import { instantiateFallback } from "./fallback.js";

const params = new URLSearchParams(location.search);
const [width, height] = (params.get("size") || "1920x1080").split("x").map(Number);
const reps = Number(params.get("reps") || 5);
const warmup = Number(params.get("warmup") ?? 2);
const only = params.get("only") || "";
const parallel = Math.max(1, Number(params.get("parallel") || 1));
const hasWasm = typeof WebAssembly === "object" && typeof WebAssembly.instantiate === "function";

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
};
const ms = (t) => (t == null ? "" : t < 10 ? t.toFixed(2) : t.toFixed(1));
const kb = (n) => (n == null ? "" : (n / 1024).toFixed(1));

/** Everything the page measured, for e2e.mjs (and anyone with devtools). */
window.rosetta = { done: false, width, height, reps, warmup, results: [], unavailable: [] };

function rowElement(row) {
  const tr = el("tr", { id: `row-${row.id.replace(/[^a-z0-9]/gi, "-")}`, "data-id": row.id });
  const canvas = el("canvas", { width: 192, height: Math.round((192 * height) / width) });
  tr.append(
    el("th", { scope: "row", title: row.flags || row.note || "" }, row.id),
    el("td", { class: "img" }, canvas),
    el("td", { class: "num cold" }),
    el("td", { class: "num gray" }),
    el("td", { class: "num blur" }),
    el("td", { class: "num raw" }, kb(row.raw)),
    el("td", { class: "num gz" }),
    el("td", { class: "hash" }, "…"),
    el("td", { class: "calls" }),
  );
  return tr;
}

function show(tr, row, r, reference) {
  const cell = (cls, ...content) => tr.querySelector(`.${cls}`).replaceChildren(...content);
  if (!r.ok) {
    tr.classList.add("failed");
    cell("hash", el("span", { class: "bad" }, r.error));
    return;
  }
  const spread = (t) => `${ms(t.min)}–${ms(t.max)}`;
  cell("cold", ms(r.coldMs));
  cell("gray", ms(r.timings.grayscale.median), el("small", {}, spread(r.timings.grayscale)));
  cell("blur", ms(r.timings.blur.median), el("small", {}, spread(r.timings.blur)));
  const glue = row.glue ? ` + ${kb(row.glue.raw)} glue` : "";
  cell("raw", kb(row.raw) + glue);
  cell("gz", r.gzip == null ? "" : kb(r.gzip) + (r.glueGzip ? ` + ${kb(r.glueGzip)}` : ""));
  const same = reference && r.hashes.grayscale === reference.grayscale && r.hashes.blur === reference.blur;
  r.matches = reference ? same : null;
  cell(
    "hash",
    el(
      "span",
      { class: same || !reference ? "good" : "bad", title: `grayscale ${r.hashes.grayscale}\nblur ${r.hashes.blur}` },
      reference ? (same ? "= fallback" : "DIFFERS") : "reference",
      " ",
      el("code", {}, r.hashes.blur.slice(0, 12)),
    ),
  );
  cell(
    "calls",
    el(
      "span",
      { class: r.calls.ok ? "good" : "bad" },
      `add ${r.calls.add.join(" ")}; counters ${r.calls.counters.join(",")}; new ${r.calls.fresh}`,
    ),
  );
  const ctx = tr.querySelector("canvas").getContext("2d");
  ctx.putImageData(new ImageData(r.thumb.pixels, r.thumb.width, r.thumb.height), 0, 0);
  if (r.output.length) tr.title = r.output.join("\n");
}

function runInWorker(row) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    worker.onmessage = ({ data }) => {
      worker.terminate();
      resolve(data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      resolve({ id: row.id, ok: false, error: `worker error: ${e.message}`, output: [] });
    };
    worker.postMessage({ row, width, height, reps, warmup });
  });
}

/** The playground: add and counters on the main thread, on the fallback's API. */
function playground() {
  const api = wrap(instantiateFallback());
  const list = $("#counters");
  $("#add-go").onclick = () => {
    $("#add-out").textContent = api.add(Number($("#add-a").value), Number($("#add-b").value));
  };
  $("#counter-new").onclick = () => {
    const c = new api.Counter();
    const value = el("output", {}, "0");
    const inc = el("button", { class: "inc" }, "+1");
    const free = el("button", { class: "free" }, "free");
    const li = el("li", {}, `#${c.handle} `, value, " ", inc, " ", free);
    inc.onclick = () => (value.textContent = c.increment());
    free.onclick = () => {
      c.free();
      li.remove();
    };
    list.append(li);
  };
}

async function main() {
  playground();
  $("#params").textContent =
    `${width}x${height} test card, ${warmup} untimed then ${reps} timed warm runs per op, ` +
    `${parallel} worker(s) at a time${crossOriginIsolated ? ", cross-origin isolated (fine timer)" : ""}`;
  const manifest = await (await fetch("/target/web/modules.json")).json();
  window.rosetta.unavailable = manifest.unavailable;
  for (const u of manifest.unavailable) $("#unavailable").append(el("li", {}, `${u.id}: ${u.why}`));
  if (!manifest.unavailable.length) $("#unavailable").append(el("li", {}, "(none: every build is here)"));
  let rows = manifest.rows.filter((r) => r.kind === "fallback" || r.id.includes(only));
  if (!hasWasm) {
    $("#nowasm").hidden = false;
    rows = rows.filter((r) => r.kind === "fallback");
  }
  const body = $("#rows");
  const trs = new Map(rows.map((r) => [r.id, rowElement(r)]));
  body.append(...trs.values());

  // The fallback first: its hashes are the reference.
  const [fallback, ...rest] = rows;
  const ref = await runInWorker(fallback);
  show(trs.get(fallback.id), fallback, ref, null);
  window.rosetta.results.push({ ...ref, kind: fallback.kind, thumb: undefined });
  const reference = ref.ok ? ref.hashes : null;
  window.rosetta.reference = reference;

  const queue = [...rest];
  const workers = Array.from({ length: parallel }, async () => {
    while (queue.length) {
      const row = queue.shift();
      const r = await runInWorker(row);
      show(trs.get(row.id), row, r, reference);
      window.rosetta.results.push({ ...r, kind: row.kind, raw: row.raw, glue: row.glue, thumb: undefined });
      $("#progress").textContent = `${window.rosetta.results.length} / ${rows.length}`;
    }
  });
  await Promise.all(workers);
  window.rosetta.done = true;
  $("#progress").textContent = `done: ${rows.length} rows`;
  document.body.dataset.done = "true";
}

main().catch((e) => {
  $("#progress").textContent = `error: ${e.message}`;
  window.rosetta.error = String(e);
  window.rosetta.done = true;
});
