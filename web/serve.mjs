// A tiny static server for the page: the repository root on localhost, so
// /web, /build and /target/web all resolve. `node web/serve.mjs [PORT]`
// (PORT 0 picks a free one); e2e.mjs imports `serve`.

import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { join, normalize, extname, dirname, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".css": "text/css",
};

export function serve(port = 8787, host = "127.0.0.1") {
  const server = createServer((req, res) => {
    // A path that is not a URL or not UTF-8 once decoded (`/%E0%A4%A`) is
    // the client's mistake: a 400, and the server goes on.
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400, { "Content-Type": "text/plain" }).end("bad request: malformed path\n");
      return;
    }
    const file = normalize(join(ROOT, path.endsWith("/") ? path + "index.html" : path));
    let st = null;
    try {
      st = file.startsWith(ROOT + sep) ? statSync(file) : null;
    } catch {}
    if (!st?.isFile()) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end(`not found: ${path}\n`);
      return;
    }
    res.writeHead(200, {
      "Content-Type": TYPES[extname(file)] || "application/octet-stream",
      "Content-Length": st.size,
      "Cache-Control": "no-store",
      // Cross-origin isolation: every engine then gives performance.now() its
      // fine resolution (else Firefox and WebKit round it to about a millisecond).
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
    });
    // A file that goes away after the stat ends this response, not the server.
    createReadStream(file)
      .on("error", () => res.destroy())
      .pipe(res);
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? process.env.PORT ?? 8787));
  const { port } = server.address();
  console.log(`web: serving ${ROOT} at http://127.0.0.1:${port}/web/ (Ctrl-C stops)`);
}
