// The three browser engines behind one small interface, each from Debian by
// package name and driven headless, with no browser download:
//   chromium  (V8)             playwright-core over CDP, /usr/bin/chromium
//   firefox   (SpiderMonkey)   puppeteer-core over WebDriver BiDi, /usr/bin/firefox-esr
//   webkit    (JavaScriptCore) plain W3C WebDriver requests to WebKitWebDriver, which
//                              starts WebKitGTK's MiniBrowser; MiniBrowser needs a
//                              display even when automated, so an Xvfb is started
//                              here when DISPLAY is unset.
// Each client is the one that worked: Firefox dropped CDP, and selenium-webdriver's
// Builder hung on WebKitWebDriver where the plain requests work.
//
//   const b = await launch("firefox");  await b.goto(url);
//   await b.waitFor("window.rosetta?.done === true", 600_000);
//   const state = await b.evaluate("window.rosetta");  await b.close();

import { spawn } from "node:child_process";
import { existsSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ENGINES = ["chromium", "firefox", "webkit"];

const VIEWPORT = { width: 1400, height: 900 };
const APT = { chromium: "chromium", firefox: "firefox-esr", webkit: "webkit2gtk-driver xvfb" };

/** The engine a browser runs wasm with, for tables and messages. */
export const JS_ENGINE = { chromium: "V8", firefox: "SpiderMonkey", webkit: "JavaScriptCore" };

/** `release` is the browser's version alone; `version` names the browser too. */
const named = (name, release) => ({ release, version: `${name} ${release}` });

export async function launch(engine) {
  switch (engine) {
    case "chromium":
      return launchChromium();
    case "firefox":
      return launchFirefox();
    case "webkit":
      return launchWebKit();
    default:
      throw new Error(`unknown engine ${engine}: pick one of ${ENGINES.join(", ")}`);
  }
}

function missing(engine, path) {
  return new Error(`${engine}: ${path} is missing (apt package ${APT[engine]}; run just -f web/justfile setup)`);
}

// Without the background-networking flags Chromium keeps trying hosts this
// machine cannot reach; a fresh profile keeps runs independent.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

async function launchChromium() {
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  if (!existsSync(executablePath)) throw missing("chromium", executablePath);
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "rosetta-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    engine: "chromium",
    page, // playwright's Page, for the playground test
    ...named("Chromium", (await context.browser()?.version()) ?? "?"),
    goto: (url) => page.goto(url),
    evaluate: (expr) => page.evaluate(expr),
    waitFor: (expr, timeout) => page.waitForFunction(expr, null, { timeout, polling: 500 }),
    screenshot: (path) => page.screenshot({ path }),
    onConsole: (log) => {
      page.on("console", (m) => log(`${m.type()}: ${m.text()}`));
      page.on("pageerror", (e) => log(`pageerror: ${e.message}`));
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function launchFirefox() {
  const executablePath = process.env.FIREFOX || "/usr/bin/firefox-esr";
  if (!existsSync(executablePath)) throw missing("firefox", executablePath);
  const { default: puppeteer } = await import("puppeteer-core");
  const browser = await puppeteer.launch({
    browser: "firefox",
    protocol: "webDriverBiDi",
    executablePath,
    headless: true,
    defaultViewport: VIEWPORT,
  });
  const page = await browser.newPage();
  return {
    engine: "firefox",
    ...named("Firefox", (await browser.version()).replace(/^firefox\//, "")),
    goto: (url) => page.goto(url),
    evaluate: (expr) => page.evaluate(expr),
    waitFor: (expr, timeout) => page.waitForFunction(expr, { timeout, polling: 500 }),
    screenshot: (path) => page.screenshot({ path }),
    onConsole: (log) => {
      page.on("console", (m) => log(`${m.type()}: ${m.text()}`));
      page.on("pageerror", (e) => log(`pageerror: ${e.message}`));
    },
    close: () => browser.close(),
  };
}

/** WebKitGTK's MiniBrowser, wherever the multiarch directory is. */
function miniBrowser() {
  if (process.env.MINIBROWSER) return process.env.MINIBROWSER;
  for (const dir of readdirSync("/usr/lib").map((d) => join("/usr/lib", d, "webkit2gtk-4.1", "MiniBrowser"))) {
    if (existsSync(dir)) return dir;
  }
  throw missing("webkit", "/usr/lib/*/webkit2gtk-4.1/MiniBrowser");
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Start Xvfb on a display it picks itself (-displayfd), unless one is set. */
async function display() {
  if (process.env.DISPLAY) return { name: process.env.DISPLAY, stop: () => {} };
  if (!existsSync("/usr/bin/Xvfb")) throw missing("webkit", "/usr/bin/Xvfb");
  const xvfb = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1400x900x24", "-nolisten", "tcp"], {
    stdio: ["ignore", "ignore", "ignore", "pipe"],
  });
  const name = await new Promise((resolve, reject) => {
    let out = "";
    xvfb.stdio[3].on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(`:${out.trim()}`);
    });
    xvfb.on("exit", (code) => reject(new Error(`Xvfb exited with ${code} before giving a display`)));
  });
  return { name, stop: () => xvfb.kill() };
}

async function launchWebKit() {
  const binary = miniBrowser();
  if (!existsSync("/usr/bin/WebKitWebDriver")) throw missing("webkit", "/usr/bin/WebKitWebDriver");
  const screen = await display();
  const port = await freePort();
  const driver = spawn("WebKitWebDriver", [`--port=${port}`], {
    env: { ...process.env, DISPLAY: screen.name },
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { "content-type": "application/json" },
      body: body && JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`WebKitWebDriver ${method} ${path}: ${json.value?.message ?? res.status}`);
    return json.value;
  };
  const stop = () => {
    driver.kill();
    screen.stop();
  };
  let session;
  try {
    for (let tries = 0; ; tries++) {
      try {
        session = await call("POST", "/session", {
          capabilities: { alwaysMatch: { "webkitgtk:browserOptions": { binary, args: ["--automation"] } } },
        });
        break;
      } catch (e) {
        // The driver takes a moment to listen; anything else is real.
        if (tries > 40 || !String(e.cause?.code ?? e).includes("ECONNREFUSED")) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } catch (e) {
    stop();
    throw e;
  }
  const at = `/session/${session.sessionId}`;
  await call("POST", `${at}/window/rect`, VIEWPORT).catch(() => {});
  const evaluate = (expr) => call("POST", `${at}/execute/sync`, { script: `return (${expr});`, args: [] });
  return {
    engine: "webkit",
    ...named("WebKitGTK", session.capabilities.browserVersion),
    goto: (url) => call("POST", `${at}/url`, { url }),
    evaluate,
    waitFor: async (expr, timeout) => {
      const end = Date.now() + timeout;
      while (!(await evaluate(expr))) {
        if (Date.now() > end) throw new Error(`webkit: timed out after ${timeout} ms waiting for ${expr}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    screenshot: async (path) => writeFileSync(path, Buffer.from(await call("GET", `${at}/screenshot`), "base64")),
    onConsole: () => {}, // W3C WebDriver classic has no console events
    close: async () => {
      await call("DELETE", at).catch(() => {});
      stop();
    },
  };
}
