// Prints the size table of scripts/size.sh: raw, gzip (level 9) and brotli (quality 11) sizes
// of the package's wasm + JS against the bare lol_html module's, and their ratios.
//
//   node scripts/size-report.mjs OUR.wasm OUR.js BARE.wasm BARE.js
import fs from "node:fs";
import zlib from "node:zlib";

const [ourWasm, ourJs, bareWasm, bareJs] = process.argv.slice(2);
if (!bareJs) {
  console.error("usage: node scripts/size-report.mjs OUR.wasm OUR.js BARE.wasm BARE.js");
  process.exit(2);
}

function sizes(file) {
  const bytes = fs.readFileSync(file);
  return {
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}
const sum = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const kb = (n) => (n / 1024).toFixed(1).padStart(7);

const ours = { wasm: sizes(ourWasm), js: sizes(ourJs) };
ours.total = sum(ours.wasm, ours.js);
const bare = { wasm: sizes(bareWasm), js: sizes(bareJs) };
bare.total = sum(bare.wasm, bare.js);

const rows = [
  ["unclutter wasm", ours.wasm],
  ["unclutter JS glue", ours.js],
  ["unclutter wasm + JS", ours.total],
  ["bare lol_html wasm", bare.wasm],
  ["bare lol_html JS glue", bare.js],
  ["bare lol_html wasm + JS", bare.total],
];
console.log("size (KiB)                    raw     gzip   brotli");
for (const [name, s] of rows) console.log(`${name.padEnd(26)}${kb(s.raw)}  ${kb(s.gzip)}  ${kb(s.brotli)}`);
const ratio = (k) => (ours.total[k] / bare.total[k]).toFixed(2);
console.log(`${"ratio unclutter / bare".padEnd(26)}${ratio("raw").padStart(7)}  ${ratio("gzip").padStart(7)}  ${ratio("brotli").padStart(7)}`);
console.log(
  `targets: wasm + JS <= 250 KiB gzipped (${(ours.total.gzip / 1024).toFixed(1)} KiB: ${ours.total.gzip <= 250 * 1024 ? "met" : "missed"}), ` +
    `<= 1.10 x bare (${ratio("gzip")} x: ${ours.total.gzip <= 1.1 * bare.total.gzip ? "met" : "missed"})`,
);
