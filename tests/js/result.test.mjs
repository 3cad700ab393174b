// What the npm package says about a page beyond its article (pkg/node, built by
// scripts/build-wasm.sh): whether it holds only the start of a paywalled article, with the signs,
// and a plain-text paste's title.
//
//   node --test tests/js/result.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { clean } from "../../pkg/node/index.mjs";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
const read = (...p) => fs.readFileSync(path.join(FIXTURES, ...p), "utf8");

test("a saved paywalled teaser is truncated, with its signs; a whole article marked not free is not", () => {
  const cut = clean(read("paywall-truncated-teaser", "source.html"));
  assert.equal(cut.truncated, true);
  assert.equal(cut.truncation.notFree, true);
  assert.ok(cut.truncation.paywallRemovals >= 1);
  assert.match(cut.truncation.cutOff, /deeper berth to keep that business\. All…$/);
  assert.equal(cut.truncation.statedWords, 1180);
  assert.ok(cut.truncation.words > 100 && cut.truncation.words < 590, `words ${cut.truncation.words}`);
  // Clean mode sees the same signs (its text ends with the page's footer, not the teaser).
  assert.equal(clean(read("paywall-truncated-teaser", "source.html"), { mode: "clean" }).truncation.notFree, true);

  const whole = clean(read("paywall-not-free-whole-article", "source.html"));
  assert.equal(whole.truncated, false);
  assert.deepEqual({ notFree: whole.truncation.notFree, cutOff: whole.truncation.cutOff, statedWords: whole.truncation.statedWords }, { notFree: true, cutOff: null, statedWords: 260 });

  const plain = clean(read("seed-moscow-times", "source.html"));
  assert.equal(plain.truncated, false);
  assert.deepEqual(plain.truncation, { notFree: false, paywallRemovals: 0, cutOff: null, words: plain.truncation.words, statedWords: null });
});

test("a small paste has no title; a pasted story's headline is its title", () => {
  const small = clean("hello world");
  assert.equal(small.metadata.title, null);
  assert.equal(small.text, "hello world");
  const story = clean(read("seed-paste-kyiv-independent", "source.txt"));
  assert.equal(story.metadata.title, "Lukashenko urges talks between Russia, Ukraine");
});
