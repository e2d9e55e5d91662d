// node:test for serve.mjs: traversal and malformed requests get a 404 or a
// 400, and the server lives on. The random round is seeded (SERVE_SEED
// replays one; the seed is printed); raw requests go over a socket, because
// fetch would normalize or refuse the very paths being tested.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { serve } from "./serve.mjs";

let server, port;

before(async () => {
  server = await serve(0);
  port = server.address().port;
});

after(() => {
  server?.closeAllConnections();
  server?.close();
});

/// One raw request line; resolves to the status code (0 if the server
/// closed the connection without answering, which a 4xx is not).
function status(path) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.setTimeout(5000, () => {
      socket.destroy();
      reject(new Error(`no answer to ${JSON.stringify(path)}`));
    });
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (m) {
        socket.destroy();
        resolve(Number(m[1]));
      }
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(0));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}

test("the page is served", async () => {
  assert.equal(await status("/web/index.html"), 200);
});

test("traversal is a 404, malformed escapes a 400, and the server lives on", async () => {
  for (const path of ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/web/%2e%2e/%2e%2e/%2e%2e/etc/passwd"]) {
    assert.equal(await status(path), 404, path);
  }
  for (const path of ["/%E0%A4%A", "/%", "/web/%ZZ", "/%C0%AF", "/%ED%A0%80"]) {
    assert.equal(await status(path), 400, path);
  }
  assert.equal(await status("/web/index.html"), 200, "still serving");
});

/// xorshift32: a seeded stream of numbers, the same on every run of a seed.
function rng(seed) {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

test("random paths get an answer below 500, and the server lives on", async () => {
  const seed = Number(process.env.SERVE_SEED ?? Date.now() % 2 ** 32);
  console.log(`serve: seed ${seed} (SERVE_SEED=${seed} replays it)`);
  const next = rng(seed);
  const pieces = [
    "/",
    "..",
    ".",
    "%",
    "%2e",
    "%2f",
    "%00",
    "%E0%A4%A",
    "%FF",
    "web",
    "index.html",
    "%5c",
    "a",
    "%",
    "?",
    "#",
  ];
  for (let i = 0; i < 300; i++) {
    let path = "/";
    for (let n = next(8); n > 0; n--) {
      path += next(4) === 0 ? `%${next(256).toString(16).padStart(2, "0")}` : pieces[next(pieces.length)];
    }
    const code = await status(path);
    assert.ok([200, 400, 404].includes(code), `seed ${seed}: ${path} gave ${code}`);
  }
  assert.equal(await status("/web/index.html"), 200, `seed ${seed}: still serving`);
});
