// The playground page (playground.html): an editor over the AssemblyScript
// kernel's files, and a worker (playground-worker.js) that compiles them with
// asc and runs the host's checks (checks.js). The lessons of workshop/ link
// here with ?file=NAME. Query parameters: ?file=exports.ts (the file shown).
//
// window.playground is the state, for web/e2e-playground.mjs.

const FILES = ["exports.ts", "status.ts", "buffers.ts", "counter.ts", "grayscale.ts", "blur.ts"];
const ENTRY = "exports.ts"; // assemblyscript/scripts/build.mjs: ENTRY
const BUILDS = ["default", "tuned", "simd"]; // the reference builds shown beside yours
const STORE = "rosetta-playground:"; // localStorage key prefix, one per file

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
};

window.playground = { ready: false, busy: false, result: null, error: null };

const worker = new Worker(new URL("./playground-worker.js", import.meta.url), { type: "module" });
let nextId = 0;
const pending = new Map();
worker.onmessage = ({ data }) => {
  const { resolve, reject } = pending.get(data.id);
  pending.delete(data.id);
  data.ok ? resolve(data) : reject(new Error(data.error));
};
worker.onerror = (e) => {
  for (const { reject } of pending.values()) reject(new Error(`worker error: ${e.message}`));
  pending.clear();
};
function ask(kind, args = {}) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, kind, ...args });
  });
}

/** The reference text of each file (from the server) and the learner's edits (localStorage). */
const original = new Map();
const edited = (name) => localStorage.getItem(STORE + name);
async function loadOriginal(name) {
  if (!original.has(name)) {
    const res = await fetch(new URL(`../assemblyscript/assembly/${name}`, import.meta.url));
    if (!res.ok) throw new Error(`assemblyscript/assembly/${name}: HTTP ${res.status}`);
    original.set(name, await res.text());
  }
  return original.get(name);
}

/** The asc flags of asconfig.json's `default` target (the build the checks compare with). */
async function defaultFlags() {
  const config = await (await fetch(new URL("../assemblyscript/asconfig.json", import.meta.url))).json();
  const flags = [];
  for (const [key, value] of Object.entries({ ...config.options, ...config.targets.default })) {
    if (value === true) flags.push(`--${key}`);
    else if (Array.isArray(value)) for (const v of value) flags.push(`--${key}`, v);
    else if (value !== false) flags.push(`--${key}`, String(value));
  }
  return flags;
}

let current = null;
async function show(name) {
  if (current) saveCurrent();
  current = name;
  $("#file").value = name;
  $("#source").value = edited(name) ?? (await loadOriginal(name));
}
function saveCurrent() {
  const text = $("#source").value;
  if (text === original.get(current)) localStorage.removeItem(STORE + current);
  else localStorage.setItem(STORE + current, text);
}

function sizeRow(label, raw, gzip, cls = "") {
  const cell = (n) => el("td", { class: "num" }, n == null ? "not built" : String(n));
  return el("tr", { class: cls }, el("th", { scope: "row" }, label), cell(raw), cell(gzip));
}

function render(result, references) {
  const body = $("#checks");
  body.replaceChildren();
  $("#diagnostics").textContent = result.diagnostics || "(none)";
  if (!result.compiled) {
    $("#verdict").textContent = "FAIL: does not compile (see the compiler output)";
    $("#verdict").className = "bad";
    return;
  }
  const passed = result.results.filter((r) => r.ok).length;
  for (const r of result.results) {
    body.append(
      el(
        "tr",
        { "data-check": r.check, class: r.ok ? "good" : "bad" },
        el("th", { scope: "row" }, r.check),
        el("td", {}, r.ok ? "pass" : "FAIL"),
        el("td", {}, r.message),
      ),
    );
  }
  const all = passed === result.results.length;
  $("#verdict").textContent = `${all ? "PASS" : "FAIL"}: ${passed} of ${result.results.length} checks pass`;
  $("#verdict").className = all ? "good" : "bad";
  $("#sizes").replaceChildren(
    sizeRow("yours (default flags)", result.raw, result.gzip, "good"),
    ...references.map((s) => sizeRow(`assemblyscript/${s.build}`, s.raw, s.gzip)),
  );
}

async function main() {
  const start = new URLSearchParams(location.search).get("file");
  for (const name of FILES) $("#file").append(el("option", { value: name }, name));
  $("#file").onchange = () => show($("#file").value);
  $("#source").oninput = () => saveCurrent();
  $("#reset").onclick = async () => {
    localStorage.removeItem(STORE + current);
    $("#source").value = await loadOriginal(current);
  };
  await show(FILES.includes(start) ? start : ENTRY);
  const [flags, { sizes }] = await Promise.all([defaultFlags(), ask("warm", { builds: BUILDS })]);
  $("#sizes").replaceChildren(...sizes.map((s) => sizeRow(`assemblyscript/${s.build}`, s.raw, s.gzip)));
  $("#verdict").textContent = "ready: edit, then Compile and check";
  $("#check").disabled = false;
  window.playground.ready = true;

  $("#check").onclick = async () => {
    saveCurrent();
    $("#check").disabled = true;
    window.playground.busy = true;
    $("#verdict").textContent = "compiling and checking…";
    $("#verdict").className = "";
    try {
      const files = {};
      for (const name of FILES) {
        const text = edited(name);
        if (text != null) files[name] = text;
      }
      const result = await ask("check", { files, entry: ENTRY, flags });
      render(result, sizes);
      window.playground.result = result;
    } catch (e) {
      $("#verdict").textContent = `error: ${e.message}`;
      window.playground.error = e.message;
    } finally {
      $("#check").disabled = false;
      window.playground.busy = false;
    }
  };
}

main().catch((e) => {
  $("#verdict").textContent = `error: ${e.message}`;
  $("#verdict").className = "bad";
  window.playground.error = e.message;
});
