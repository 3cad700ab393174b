#!/usr/bin/env node
// A small static file server for www/ (or any folder): GET and HEAD only, no directory listings,
// nothing outside the folder, the content types a browser needs for ES modules and WebAssembly
// (`application/wasm` lets `WebAssembly.instantiateStreaming` compile while downloading).
//
//   node scripts/serve.mjs [--port N] [--host ADDRESS] [DIR]     (defaults: $PORT or 8080, 127.0.0.1, www)
//
// Also a module: `startServer({ root, port, host })` resolves to a listening http.Server (port 0
// picks a free port); the www tests use it.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

/** Resolves a request path to a file inside `root`, or null (outside, missing, not a file). */
function resolveFile(root, pathname) {
  let rel;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (rel.includes("\0")) return null;
  if (rel.endsWith("/")) rel += "index.html";
  const file = path.resolve(root, "." + path.posix.normalize("/" + rel));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  if (stat.isDirectory()) {
    const index = path.join(file, "index.html");
    return fs.existsSync(index) ? { file: index, stat: fs.statSync(index), redirect: !rel.endsWith("/") } : null;
  }
  return stat.isFile() ? { file, stat, redirect: false } : null;
}

/**
 * Starts serving `root`. `onRequest({ method, path, status })` is called for each request.
 * Resolves to the listening server; `server.address().port` is the port.
 */
export function startServer({ root, port = 0, host = "127.0.0.1", onRequest } = {}) {
  const dir = path.resolve(root);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const done = (status) => onRequest?.({ method: req.method, path: url.pathname, status });
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" }).end("method not allowed\n");
      done(405);
      return;
    }
    const found = resolveFile(dir, url.pathname);
    if (!found) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" }).end("not found\n");
      done(404);
      return;
    }
    if (found.redirect) {
      res.writeHead(301, { Location: url.pathname + "/" }).end();
      done(301);
      return;
    }
    const type = CONTENT_TYPES[path.extname(found.file).toLowerCase()] ?? "application/octet-stream";
    res.writeHead(200, {
      "Content-Type": type,
      "Content-Length": found.stat.size,
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    });
    done(200);
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    const stream = fs.createReadStream(found.file);
    stream.on("error", () => res.destroy());
    stream.pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

async function main(argv) {
  let port = Number(process.env.PORT || 8080);
  let host = process.env.HOST || "127.0.0.1";
  let root = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--port") port = Number(argv[++i]);
    else if (a === "--host") host = argv[++i];
    else if (a === "-h" || a === "--help") {
      console.log("usage: node scripts/serve.mjs [--port N] [--host ADDRESS] [DIR]");
      return;
    } else if (a.startsWith("-")) {
      console.error(`serve.mjs: unknown option ${a}`);
      process.exit(2);
    } else root = a;
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve.mjs: bad port ${port}`);
    process.exit(2);
  }
  root ??= path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "www");
  if (!fs.existsSync(path.join(root, "index.html"))) {
    console.error(`serve.mjs: ${root} has no index.html`);
    process.exit(2);
  }
  let server;
  try {
    server = await startServer({ root, port, host });
  } catch (e) {
    const hint = e.code === "EADDRINUSE" ? ` (something else uses it: try PORT=${port + 1})` : "";
    console.error(`serve.mjs: cannot listen on ${host}:${port}: ${e.message}${hint}`);
    process.exit(1);
  }
  const shown = host.includes(":") ? `[${host}]` : host;
  console.log(`Serving ${path.relative(process.cwd(), root) || "."}/ at http://${shown}:${server.address().port}/  (Ctrl-C to stop)`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main(process.argv.slice(2));
}
