// The benchmark's inputs, the same on every side: the `real` pages of the development corpus (the
// rule examples/eval.rs uses) and the largest of them repeated to 10 MB, built byte for byte as
// benches/native.rs builds it.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const OUT = path.join(REPO, "target", "bench");
export const BIG_BYTES = 10_000_000;

/** $UNCLUTTER_CORPUS, else ../shared beside the repository, else /work/shared (as tests/js/corpus.mjs). */
export function corpusDir() {
  const candidates = [
    process.env.UNCLUTTER_CORPUS,
    path.join(REPO, "..", "shared", "corpora", "readability-test-pages"),
    "/work/shared/corpora/readability-test-pages",
  ].filter(Boolean);
  const found = candidates.find((c) => fs.existsSync(path.join(c, "index.json")));
  if (!found) throw new Error(`the development corpus is not at any of ${candidates.join(", ")}; set UNCLUTTER_CORPUS`);
  return found;
}

function realFiles() {
  const dir = corpusDir();
  const index = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8"));
  return index.filter((p) => p.kind === "real").map((p) => ({ id: p.id, file: path.join(dir, "pages", p.id, "source.html") }));
}

/** The real pages, in index order: { id, bytes (Buffer), text (string) }. */
export function realPages() {
  return realFiles().map(({ id, file }) => {
    const bytes = fs.readFileSync(file);
    return { id, bytes, text: bytes.toString("utf8") };
  });
}

/** The largest real page alone (the first of the largest), read without the others: { id, bytes }. */
export function largestPage() {
  let best = null;
  for (const f of realFiles()) {
    const size = fs.statSync(f.file).size;
    if (!best || size > best.size) best = { ...f, size };
  }
  return { id: best.id, bytes: fs.readFileSync(best.file) };
}

/**
 * Everything before `<body`, the body (up to the last `</body>`) repeated until `size` bytes, then
 * `</body></html>`: { bytes, copies }.
 */
export function repeated(page, size) {
  let start = page.indexOf("<body");
  if (start < 0) start = 0;
  let end = page.lastIndexOf("</body>");
  if (end < 0) end = page.length;
  end = Math.max(end, start + 1);
  const parts = [page.subarray(0, start)];
  let length = start;
  while (length < size) {
    parts.push(page.subarray(start, end));
    length += end - start;
  }
  parts.push(Buffer.from("</body></html>"));
  return { bytes: Buffer.concat(parts), copies: parts.length - 2 };
}

/** The largest real page repeated to 10 MB: { id, source, copies, bytes, text }. */
export function bigPage(pages = null) {
  const largest = pages ? pages.reduce((a, b) => (b.bytes.length > a.bytes.length ? b : a)) : largestPage();
  const { bytes, copies } = repeated(largest.bytes, BIG_BYTES);
  let text = null;
  return {
    id: `${largest.id}, body ×${copies}`,
    source: largest.id,
    copies,
    bytes,
    /** The page as a string, decoded on first use. */
    get text() {
      return (text ??= bytes.toString("utf8"));
    },
  };
}

/** Median and p-th percentile (nearest rank) of numbers. */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/** Writes JSON under target/bench/. */
export function writeResult(name, value) {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, name);
  fs.writeFileSync(file, JSON.stringify(value, null, 1));
  return file;
}
