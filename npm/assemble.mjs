// Assembles the npm package from wasm-bindgen's output (called by scripts/build-wasm.sh).
//
//   pkg/unclutter.d.ts, unclutter.d.cts   the types (wasm-bindgen's, with its internal `any`s
//                                         replaced by the one thing users need: `memory`)
//   pkg/web/unclutter.js                  ES module for browsers and bundlers; `await init()`
//                                         loads the .wasm next to it by URL
//   pkg/node/unclutter.cjs                wasm-bindgen's Node module, loads synchronously
//   pkg/node/index.cjs, pkg/node/index.mjs  Node entry points for `require` and `import`
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(here, "..", "pkg"));
const cargo = fs.readFileSync(path.join(here, "..", "Cargo.toml"), "utf8");
const version = /^version = "([^"]+)"/m.exec(cargo)?.[1];
if (!version) throw new Error("no version in Cargo.toml");

// Types: wasm-bindgen's web declarations, with `InitOutput` reduced to what users need.
let types = fs.readFileSync(path.join(out, "web", "unclutter.d.ts"), "utf8");
types = types.replace(
  /export interface InitOutput \{[\s\S]*?\n\}/,
  "export interface InitOutput {\n    /** The module's linear memory. */\n    readonly memory: WebAssembly.Memory;\n}",
);
if (/\bany\b/.test(types.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""))) {
  throw new Error("the generated types still mention `any`");
}
fs.writeFileSync(path.join(out, "unclutter.d.ts"), types);
fs.writeFileSync(path.join(out, "unclutter.d.cts"), types);
for (const f of ["web/unclutter.d.ts", "web/unclutter_bg.wasm.d.ts", "node/unclutter.d.ts", "node/unclutter_bg.wasm.d.ts"]) {
  fs.rmSync(path.join(out, f), { force: true });
}
const web = path.join(out, "web", "unclutter.js");
fs.writeFileSync(web, fs.readFileSync(web, "utf8").replace('@ts-self-types="./unclutter.d.ts"', '@ts-self-types="../unclutter.d.ts"'));

// Node: the generated CommonJS module, plus entry points that also offer `init`/`initSync`
// (no-ops there: the module is loaded when it is required) so code can be the same everywhere.
const node = path.join(out, "node");
fs.renameSync(path.join(node, "unclutter.js"), path.join(node, "unclutter.cjs"));
fs.writeFileSync(
  path.join(node, "unclutter.cjs"),
  fs.readFileSync(path.join(node, "unclutter.cjs"), "utf8").replace('@ts-self-types="./unclutter.d.ts"', '@ts-self-types="../unclutter.d.cts"'),
);
fs.writeFileSync(
  path.join(node, "index.cjs"),
  `"use strict";
// Node's CommonJS entry: the module is already loaded; init and initSync exist for code that
// runs in browsers too.
const m = require("./unclutter.cjs");
function initSync() {
  return { memory: m.wasmMemory() };
}
module.exports = {
  clean: m.clean,
  Cleaner: m.Cleaner,
  isProbablyReaderable: m.isProbablyReaderable,
  wasmMemory: m.wasmMemory,
  initSync,
  default: async function init() {
    return initSync();
  },
};
`,
);
fs.writeFileSync(
  path.join(node, "index.mjs"),
  `// Node's ES module entry: loads the WebAssembly module synchronously (no await needed);
// init and initSync exist for code that runs in browsers too.
import { createRequire } from "node:module";
const m = createRequire(import.meta.url)("./unclutter.cjs");
export const { clean, Cleaner, isProbablyReaderable, wasmMemory } = m;
export function initSync() {
  return { memory: wasmMemory() };
}
export default async function init() {
  return initSync();
}
`,
);

const pkg = {
  name: "unclutter",
  version,
  description:
    "Removes clutter (paywall overlays, membership drives, newsletter forms, ads, cookie banners, share bars, related teasers) from news pages and returns the article, sanitized, with a report of every removal. Rust + lol_html, compiled to WebAssembly.",
  license: "MIT OR Apache-2.0",
  keywords: ["readability", "reader-mode", "article", "extraction", "html", "sanitize", "paywall", "wasm"],
  type: "module",
  main: "./node/index.cjs",
  module: "./web/unclutter.js",
  types: "./unclutter.d.ts",
  exports: {
    ".": {
      node: {
        import: { types: "./unclutter.d.ts", default: "./node/index.mjs" },
        require: { types: "./unclutter.d.cts", default: "./node/index.cjs" },
      },
      types: "./unclutter.d.ts",
      default: "./web/unclutter.js",
    },
    "./unclutter_bg.wasm": "./web/unclutter_bg.wasm",
    "./package.json": "./package.json",
  },
  files: ["unclutter.d.ts", "unclutter.d.cts", "web/", "node/", "README.md", "LICENSE-MIT", "LICENSE-APACHE"],
  sideEffects: false,
  engines: { node: ">=18" },
};
fs.writeFileSync(path.join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
for (const f of ["README.md"]) fs.copyFileSync(path.join(here, f), path.join(out, f));
for (const f of ["LICENSE-MIT", "LICENSE-APACHE"]) fs.copyFileSync(path.join(here, "..", f), path.join(out, f));
console.log(`unclutter ${version} assembled in ${out}`);
