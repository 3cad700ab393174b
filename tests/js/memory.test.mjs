// After 1,000 cleans of a 1 MB page in one process, the module's memory has stopped growing:
// a WebAssembly memory only grows, so a leak shows as growth late in the run.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { corpusDir } from "./corpus.mjs";
import { Cleaner, wasmMemory } from "../../pkg/node/index.mjs";

test("memory stops growing over 1,000 cleans of a 1 MB page", () => {
  // A real page, its body repeated to 1 MB.
  const source = fs.readFileSync(path.join(corpusDir(), "pages", "nytimes-1", "source.html"), "utf8");
  const body = source.slice(source.indexOf("<body"), source.lastIndexOf("</body>"));
  let page = source.slice(0, source.indexOf("<body"));
  while (page.length < 1_000_000) page += body;
  page += "</body></html>";
  const bytes = Buffer.from(page);

  const cleaner = new Cleaner();
  const samples = [];
  const start = performance.now();
  for (let i = 1; i <= 1000; i++) {
    const r = cleaner.clean(bytes);
    assert.ok(r.text.length > 1000, `clean ${i} returned no text`);
    if (i % 100 === 0) samples.push(wasmMemory().buffer.byteLength);
  }
  const ms = performance.now() - start;
  const mb = (n) => (n / 1048576).toFixed(1);
  console.log(
    `page ${mb(bytes.length)} MB; 1,000 cleans in ${(ms / 1000).toFixed(1)} s (${(ms / 1000).toFixed(1)} ms each); ` +
      `wasm memory after each 100: ${samples.map(mb).join(", ")} MB`,
  );
  // Growth may happen while allocations find their sizes; the second half must not grow.
  assert.equal(samples[9], samples[4], `memory grew from ${mb(samples[4])} MB to ${mb(samples[9])} MB in cleans 500-1000`);
});
