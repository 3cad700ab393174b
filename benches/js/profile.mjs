// Summarizes `perf report --no-children --sort symbol --stdio` (on stdin) as Markdown: self time
// grouped by where each function comes from, then the functions on top. Used by scripts/bench.sh.
import fs from "node:fs";

const GROUPS = [
  ["unclutter: analysis pass (records, phrases, metadata)", /unclutter::(analysis|lexicon|metadata|jsonld|implied|tags|entities)/],
  ["unclutter: rule and class-word matching", /unclutter::rules/],
  ["unclutter: decisions (clutter, article)", /unclutter::decide/],
  ["unclutter: pass 2 (rewrite, sanitize, text, Markdown)", /unclutter::(rewrite|sanitize|text|markdown|report)/],
  ["unclutter: input, charset, other", /unclutter::/],
  ["lol_html: tokenizer, tree builder simulation, rewriting", /lol_html|selectors::|cssparser/],
  ["Aho–Corasick (phrase automaton)", /aho_corasick/],
  ["encoding, UTF-8", /encoding_rs|core::str|from_utf8|utf8/],
  ["memory: malloc, free, copies", /malloc|free|cfree|memcpy|memmove|memset|realloc|alloc::|_int_|__libc_/],
  ["hashing (SipHash, hash tables)", /hash|Hash|sip::/],
  ["string search (str::contains, memchr)", /Pattern|Searcher|memchr/],
];

const rows = [];
for (const line of fs.readFileSync(0, "utf8").split("\n")) {
  const m = line.match(/^\s+([\d.]+)%\s+\S*\s*\[[.k]\]\s+(.+?)\s*$/);
  // perf pads the symbol column with spaces and dashes.
  if (m) rows.push({ pct: Number(m[1]), sym: m[2].replace(/\s{2,}.*$/, "") });
}
if (rows.length === 0) process.exit(1);
const groups = new Map(GROUPS.map(([name]) => [name, 0]));
let other = 0;
for (const r of rows) {
  const g = GROUPS.find(([, re]) => re.test(r.sym));
  if (g) groups.set(g[0], groups.get(g[0]) + r.pct);
  else other += r.pct;
}
const out = ["| where | self time |", "|---|---:|"];
for (const [name, pct] of [...groups].sort((a, b) => b[1] - a[1])) if (pct >= 0.5) out.push(`| ${name} | ${pct.toFixed(1)}% |`);
out.push(`| everything else | ${other.toFixed(1)}% |`);
out.push("", "| top functions (self time; inlined code counts in its caller) | |", "|---|---:|");
const short = (s) => (s.length > 110 ? s.slice(0, 107) + "…" : s).replace(/\|/g, "\\|");
for (const r of rows.slice(0, 15)) out.push(`| \`${short(r.sym)}\` | ${r.pct.toFixed(1)}% |`);
console.log(out.join("\n"));
