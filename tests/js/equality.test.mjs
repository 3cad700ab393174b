// The WebAssembly build gives the same result as the native build on every page of the
// development corpus, in both modes: same HTML, text, report, metadata and figures.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { corpusPages, repo } from "./corpus.mjs";
import { clean } from "../../pkg/node/index.mjs";

const cli = path.join(repo, "target", "release", "unclutter");

for (const mode of ["article", "clean"]) {
  test(`wasm equals native on every corpus page (${mode} mode)`, () => {
    assert.ok(fs.existsSync(cli), `build the native CLI first: ${cli}`);
    const pages = corpusPages();
    assert.ok(pages.length >= 130, `only ${pages.length} pages`);
    const differ = [];
    for (const page of pages) {
      const native = JSON.parse(execFileSync(cli, ["--format", "json", "--mode", mode, page.file], { maxBuffer: 256 << 20 }));
      const wasm = clean(fs.readFileSync(page.file), { mode });
      for (const key of Object.keys(native)) {
        if (JSON.stringify(native[key]) !== JSON.stringify(wasm[key])) {
          differ.push(`${page.id}: ${key}`);
        }
      }
    }
    assert.deepEqual(differ, [], `pages where wasm and native differ:\n${differ.join("\n")}`);
  });
}
