// Assembles the npm package from wasm-bindgen's output (called by scripts/build-wasm.sh).
//
//   pkg/unclutter.d.ts                    the types for browsers and bundlers (wasm-bindgen's, with
//                                         its internal `any`s replaced by the one thing users need:
//                                         `memory`)
//   pkg/web/unclutter.js                  ES module for browsers and bundlers; `await init()`
//                                         loads the .wasm next to it by URL
//   pkg/node/unclutter.cjs                wasm-bindgen's Node module, loads synchronously
//   pkg/node/index.cjs, pkg/node/index.mjs  Node entry points for `require` and `import`
//   pkg/node/index.d.cts, index.d.mts     their types: the same API, no lib `dom` needed
//   pkg/web/index.js                      the browser entry: wasm-bindgen's module and the streams
//   pkg/workerd/index.js, index.d.ts      Cloudflare Workers (export condition `workerd`): imports
//                                         the .wasm as a module (Workers cannot fetch it by URL)
//   pkg/lib/streams.{js,cjs}              cleanStream, cleanResponse, cleanedResponse (npm/streams.js)
//   pkg/lib/readability.{js,cjs}          the Readability-shaped adapter (npm/readability.js), the
//                                         `unclutter/readability` entries in web/, node/, workerd/
//   pkg/readability.d.ts, .d.cts          its types
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(here, "..", "pkg"));
const cargo = fs.readFileSync(path.join(here, "..", "Cargo.toml"), "utf8");
const version = /^version = "([^"]+)"/m.exec(cargo)?.[1];
if (!version) throw new Error("no version in Cargo.toml");

// Types: wasm-bindgen's web declarations, made to type-check whatever the consumer's `target`.
let types = fs.readFileSync(path.join(out, "web", "unclutter.d.ts"), "utf8");
types = types.replace(
  /export interface InitOutput \{[\s\S]*?\n\}/,
  "export interface InitOutput {\n    /** The module's linear memory. */\n    readonly memory: WebAssembly.Memory;\n}",
);
// wasm-bindgen declares `[Symbol.dispose](): void` on every class, which fails to type-check
// unless the consumer's `lib` has `esnext.disposable` (TS2550 with the default lib of target
// es2022, say). The method is declared through a merged interface instead: it is there where
// `Symbol.dispose` is known (so `using cleaner = new Cleaner()` type-checks) and absent otherwise.
let disposable = false;
types = types.replace(/\nexport class (\w+) \{\n([\s\S]*?)\n\}\n/g, (all, name, body) => {
  const without = body.replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/m, "");
  if (without === body) return all;
  disposable = true;
  return `\n/** \`[Symbol.dispose]()\` (which is \`free()\`, for \`using\`) where the TypeScript libraries know \`Symbol.dispose\`. */\nexport interface ${name} extends DisposableWhereKnown {}\nexport class ${name} {\n${without}\n}\n`;
});
if (/Symbol\.dispose\]/.test(types.replace(/\/\*[\s\S]*?\*\//g, ""))) throw new Error("a `[Symbol.dispose]` declaration was left");
const header = "/* tslint:disable */\n/* eslint-disable */\n";
if (!types.startsWith(header)) throw new Error("unexpected start of wasm-bindgen's declarations");
const helpers = [
  disposable &&
    "/** The type of `Symbol.dispose` where the TypeScript libraries declare it (lib `esnext.disposable` or @types/node), else `never`. */\n" +
      "type DisposeSymbol = SymbolConstructor extends { readonly dispose: infer S extends symbol } ? S : never;\n" +
      "type DisposableWhereKnown = { [K in DisposeSymbol]: () => void };\n",
].filter(Boolean);
types = header + helpers.join("") + types.slice(header.length);

// Node's declarations: the same API without the browser's loading types (`RequestInfo`,
// `Response`, `BufferSource`, `WebAssembly.*`, from lib `dom`), which a Node project (lib es2022
// and @types/node) does not have; `init`/`initSync` take no module there.
const initStart = types.indexOf("\nexport type InitInput");
if (initStart < 0) throw new Error("no `InitInput` in wasm-bindgen's declarations");
let nodeTypes = types.slice(0, initStart).replace(/\): WebAssembly\.Memory;/g, "): WasmMemory;");
if (/WebAssembly\./.test(nodeTypes.replace(/\/\*[\s\S]*?\*\//g, ""))) throw new Error("Node's declarations still need lib dom");
nodeTypes = nodeTypes.replace(
  header,
  header +
    "/** `WebAssembly.Memory` where the TypeScript libraries declare it (lib `dom`), else its shape. */\n" +
    "export type WasmMemory = typeof globalThis extends { WebAssembly: { Memory: { prototype: infer M } } }\n" +
    "    ? M\n" +
    "    : { readonly buffer: ArrayBuffer; grow(delta: number): number };\n",
);
types = types.replace(
  "\nexport type InitInput",
  "\n/** The type of `wasmMemory()` (named for code shared with Node). */\nexport type WasmMemory = WebAssembly.Memory;\n\nexport type InitInput",
);
nodeTypes += `
export interface InitOutput {
    /** The module's linear memory. */
    readonly memory: WasmMemory;
}

/**
 * In Node the module is loaded when it is imported: \`initSync\` only returns its memory (any
 * argument is ignored), so that code written for browsers runs unchanged.
 */
export function initSync(module?: unknown): InitOutput;

/**
 * In Node the module is loaded when it is imported: \`init\` only returns its memory (any
 * argument is ignored), so that code written for browsers runs unchanged.
 */
export default function init(module_or_path?: unknown): Promise<InitOutput>;
`;
// Workers: Node's declarations (no lib \`dom\` needed either), said of Workers.
const workerdTypes = nodeTypes.replaceAll("In Node the module is loaded when it is imported", "In Workers the module is instantiated when it is imported");
// The stream functions, declared once (npm/streams.d.ts) over each file's own classes.
const streamTypes = "\n" + fs.readFileSync(path.join(here, "streams.d.ts"), "utf8").replace(/^(\/\/.*\n)+\n?/, "");
// \`export {}\` keeps the helper types above private to the declarations.
const closing = "\nexport {};\n";
const readabilityTypes = fs.readFileSync(path.join(here, "readability.d.ts"), "utf8").replace(/^(\/\/.*\n)+/, "");
if (!readabilityTypes.includes('"__MAIN__"')) throw new Error("npm/readability.d.ts does not import from __MAIN__");
for (const [file, text] of [
  ["unclutter.d.ts", types + streamTypes + closing],
  ["node/index.d.mts", nodeTypes + streamTypes + closing],
  ["node/index.d.cts", nodeTypes + streamTypes + closing],
  ["workerd/index.d.ts", workerdTypes + streamTypes + closing],
  ["readability.d.ts", readabilityTypes.replace('"__MAIN__"', '"./node/index.mjs"')],
  ["readability.d.cts", readabilityTypes.replace('"__MAIN__"', '"./node/index.cjs"')],
]) {
  fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
  if (/\bany\b/.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""))) throw new Error(`${file} mentions \`any\``);
  fs.writeFileSync(path.join(out, file), text);
}
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
  fs.readFileSync(path.join(node, "unclutter.cjs"), "utf8").replace('@ts-self-types="./unclutter.d.ts"', '@ts-self-types="./index.d.cts"'),
);
// The shared JavaScript (npm/streams.js, npm/readability.js: one factory each over a binding),
// as an ES module and as CommonJS.
const lib = path.join(out, "lib");
fs.mkdirSync(lib, { recursive: true });
for (const [name, factory] of [["streams", "streaming"], ["readability", "readability"]]) {
  const source = fs.readFileSync(path.join(here, `${name}.js`), "utf8");
  const exportLine = `export function ${factory}(`;
  if (source.split(exportLine).length !== 2 || /^export /m.test(source.replace(exportLine, ""))) {
    throw new Error(`npm/${name}.js must export exactly \`function ${factory}\``);
  }
  fs.writeFileSync(path.join(lib, `${name}.js`), source);
  fs.writeFileSync(
    path.join(lib, `${name}.cjs`),
    `"use strict";\n` + source.replace(exportLine, `function ${factory}(`) + `\nexports.${factory} = ${factory};\n`,
  );
}

// What every entry point exports (besides \`default\`, which is \`init\`).
const API = ["clean", "Cleaner", "Session", "isProbablyReaderable", "wasmMemory", "initSync", "cleanStream", "cleanResponse", "cleanedResponse"];
const STREAMS = "cleanStream, cleanResponse, cleanedResponse";

fs.writeFileSync(
  path.join(node, "index.cjs"),
  `"use strict";
// Node's CommonJS entry: the module is already loaded; init and initSync exist for code that
// runs in browsers too. \`__esModule\` makes \`import init from "unclutter"\` compiled to CommonJS
// (TypeScript, Babel, bundlers) take \`default\`, as the types say.
const m = require("./unclutter.cjs");
const { streaming } = require("../lib/streams.cjs");
Object.defineProperty(exports, "__esModule", { value: true });
function initSync() {
  return { memory: m.wasmMemory() };
}
const { ${STREAMS} } = streaming(m);
exports.clean = m.clean;
exports.Cleaner = m.Cleaner;
exports.Session = m.Session;
exports.isProbablyReaderable = m.isProbablyReaderable;
exports.wasmMemory = m.wasmMemory;
exports.initSync = initSync;
exports.cleanStream = cleanStream;
exports.cleanResponse = cleanResponse;
exports.cleanedResponse = cleanedResponse;
exports.default = async function init() {
  return initSync();
};
`,
);
fs.writeFileSync(
  path.join(node, "index.mjs"),
  `// Node's ES module entry: loads the WebAssembly module synchronously (no await needed);
// init and initSync exist for code that runs in browsers too.
import { createRequire } from "node:module";
const m = createRequire(import.meta.url)("./index.cjs");
export const { ${API.join(", ")} } = m;
export default m.default;
`,
);
fs.writeFileSync(
  path.join(node, "readability.cjs"),
  `"use strict";
// \`require("unclutter/readability")\` in Node.
const { readability } = require("../lib/readability.cjs");
const { Readability, isProbablyReaderable } = readability(require("./unclutter.cjs"));
exports.Readability = Readability;
exports.isProbablyReaderable = isProbablyReaderable;
`,
);
fs.writeFileSync(
  path.join(node, "readability.mjs"),
  `// \`import { Readability } from "unclutter/readability"\` in Node.
import { createRequire } from "node:module";
export const { Readability, isProbablyReaderable } = createRequire(import.meta.url)("./readability.cjs");
`,
);

// Browsers and bundlers: wasm-bindgen's module, which \`await init()\` loads by URL.
const binding = `export { default, initSync, clean, Cleaner, Session, isProbablyReaderable, wasmMemory } from "./unclutter.js";`;
fs.writeFileSync(
  path.join(out, "web", "index.js"),
  `// The entry for browsers and bundlers: \`await init()\` fetches unclutter_bg.wasm next to
// unclutter.js (by \`new URL(..., import.meta.url)\`, which bundlers follow).
import * as binding from "./unclutter.js";
import { streaming } from "../lib/streams.js";
${binding}
export const { ${STREAMS} } = streaming(binding);
`,
);
fs.writeFileSync(
  path.join(out, "web", "readability.js"),
  `// \`unclutter/readability\` for browsers and bundlers: Readability's API is synchronous, so the
// module is loaded here, before the first \`new Readability()\` (a top-level await).
import init, * as binding from "./unclutter.js";
import { readability } from "../lib/readability.js";
await init();
export const { Readability, isProbablyReaderable } = readability(binding);
`,
);

// Cloudflare Workers (\`workerd\`; wrangler resolves with it): a Worker cannot fetch a .wasm by
// URL or compile one from bytes, but imports it as a compiled module, instantiated here at once.
const workerd = path.join(out, "workerd");
fs.mkdirSync(workerd, { recursive: true });
fs.writeFileSync(
  path.join(workerd, "index.js"),
  `// The entry for Cloudflare Workers (export condition \`workerd\`): the .wasm is imported as a
// WebAssembly.Module (wrangler's default for .wasm imports) and instantiated when this module
// loads, so nothing needs awaiting; init and initSync exist for code that runs in browsers too.
import * as binding from "../web/unclutter.js";
import module from "../web/unclutter_bg.wasm";
import { streaming } from "../lib/streams.js";
binding.initSync({ module });
export { clean, Cleaner, Session, isProbablyReaderable, wasmMemory } from "../web/unclutter.js";
export function initSync() {
  return { memory: binding.wasmMemory() };
}
export default async function init() {
  return initSync();
}
export const { ${STREAMS} } = streaming(binding);
`,
);
fs.writeFileSync(
  path.join(workerd, "readability.js"),
  `// \`unclutter/readability\` in Cloudflare Workers.
import * as binding from "./index.js";
import { readability } from "../lib/readability.js";
export const { Readability, isProbablyReaderable } = readability(binding);
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
  module: "./web/index.js",
  types: "./unclutter.d.ts",
  // \`workerd\` first: wrangler resolves with \`workerd\`, \`worker\` and \`browser\`. Not \`worker\` alone:
  // webpack's web-worker target sets it, and a browser's worker fetches the .wasm by URL.
  exports: {
    ".": {
      workerd: { types: "./workerd/index.d.ts", default: "./workerd/index.js" },
      node: {
        import: { types: "./node/index.d.mts", default: "./node/index.mjs" },
        require: { types: "./node/index.d.cts", default: "./node/index.cjs" },
      },
      types: "./unclutter.d.ts",
      default: "./web/index.js",
    },
    "./readability": {
      workerd: { types: "./readability.d.ts", default: "./workerd/readability.js" },
      node: {
        import: { types: "./readability.d.ts", default: "./node/readability.mjs" },
        require: { types: "./readability.d.cts", default: "./node/readability.cjs" },
      },
      types: "./readability.d.ts",
      default: "./web/readability.js",
    },
    "./unclutter_bg.wasm": "./web/unclutter_bg.wasm",
    "./package.json": "./package.json",
  },
  files: ["unclutter.d.ts", "readability.d.ts", "readability.d.cts", "web/", "node/", "workerd/", "lib/", "README.md", "LICENSE-MIT", "LICENSE-APACHE"],
  sideEffects: false,
  engines: { node: ">=18" },
};
fs.writeFileSync(path.join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
for (const f of ["README.md"]) fs.copyFileSync(path.join(here, f), path.join(out, f));
for (const f of ["LICENSE-MIT", "LICENSE-APACHE"]) fs.copyFileSync(path.join(here, "..", f), path.join(out, f));
console.log(`unclutter ${version} assembled in ${out}`);
