// Issue #17's memory bound in WebAssembly: cleaning a hostile page grows the module's memory to
// at most 8 x the input + 64 MiB. A WebAssembly memory never shrinks, so its size after the
// clean is its peak; each case runs in a Node process of its own (this file, with the case in
// the environment), so one case's growth is not another's. The same shapes as tests/limits.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const CASE_ENV = "UNCLUTTER_WASM_LIMITS_CASE";
const MIB = 1024 * 1024;

/// The page of each case, as bytes.
function page(name) {
  switch (name) {
    case "attributes": {
      const attrs = [];
      for (let i = 0; i < 1_000_000; i++) attrs.push(` data-a${i}="v"`);
      return Buffer.from(`<p>Before the tag.</p><div${attrs.join("")}>Text inside the tag.</div><p>After the tag.</p>`);
    }
    case "deep-divs":
      return Buffer.from(`${"<div>".repeat(100_000)}deep${"</div>".repeat(100_000)}`);
    case "text": {
      const words = "lorem ipsum dolor sit amet ".repeat(Math.ceil(10_000_000 / 27));
      return Buffer.from(`<p>${words}end.</p>`);
    }
    case "nul": {
      const unit = Buffer.from('<p>a\0b</p><di\0v cl\0ass="x\0">\0\0</div><script>\0</script>', "latin1");
      const out = Buffer.alloc(10_000_000);
      for (let i = 0; i < out.length; i++) out[i] = unit[i % unit.length];
      return out;
    }
    case "fifty-mb": {
      const para =
        "<p>The committee met on Tuesday to discuss the budget for the coming year, and agreed to keep the library open on Sundays.</p>\n";
      const block = para.repeat(20) + '<div class="ad-slot">Advertisement</div>\n';
      const body = block.repeat(Math.ceil((50 * MIB) / block.length));
      return Buffer.from(`<!doctype html><html><body><article>${body}</article></body></html>`);
    }
    default:
      throw new Error(`no case ${name}`);
  }
}

const CASES = ["attributes", "deep-divs", "text", "nul", "fifty-mb"];

if (process.env[CASE_ENV]) {
  // The child: one clean, then the memory's size.
  const name = process.env[CASE_ENV];
  const { Cleaner, wasmMemory } = await import("../../pkg/node/index.mjs");
  const bytes = page(name);
  const before = wasmMemory().buffer.byteLength;
  const mode = name === "fifty-mb" || name === "deep-divs" ? "article" : "clean";
  const r = new Cleaner().clean(bytes, { mode });
  assert.ok(typeof r.text === "string");
  const after = wasmMemory().buffer.byteLength;
  console.log(JSON.stringify({ name, input: bytes.length, before, after }));
} else {
  for (const name of CASES) {
    test(`wasm memory for ${name} stays within 8 x the input + 64 MiB`, () => {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url)], {
        env: { ...process.env, [CASE_ENV]: name },
        encoding: "utf8",
        maxBuffer: 1 << 20,
      });
      const line = out.split("\n").find((l) => l.startsWith("{"));
      const { input, before, after } = JSON.parse(line);
      const bound = 8 * input + 64 * MIB;
      const mb = (n) => (n / MIB).toFixed(0);
      console.log(
        `limits (wasm): ${name}: ${(input / 1e6).toFixed(1)} MB in; memory ${mb(before)} MiB before, ${mb(after)} MiB after, ${mb(bound)} MiB allowed`,
      );
      assert.ok(after <= bound, `${name}: wasm memory ${mb(after)} MiB over 8 x the input + 64 MiB = ${mb(bound)} MiB`);
    });
  }
}
