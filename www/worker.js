// The cleaning worker: loads the WebAssembly cleaner and cleans pages off the main thread, so the
// page stays responsive while a 20 MB page is read and cleaned.
//
// Messages in:  { type: "clean", run, source, options, restore?, mark? }
//               | { type: "locate", run, options, ids }
//               | { type: "lists", rules } — compile the lists, answer with what each gave
//   source:  { id, kind: "text", text } | { id, kind: "blob", blob, name } (a File or Blob; read
//            here, in chunks, with progress); the decoded input of the last source is kept, so a
//            re-clean with other options can send { id } alone.
//   options: { mode, keep, keepIds, charset, url, rules }
//   rules:   a string, or { key, lists: [{ name, text }] } (filterlists.js; compiled once per key)
//   restore: { id, before } — this clean restores removal `id` (the page's bookkeeping; the
//            cleaner brings the element back whole from options.keepIds).
//   mark:    ids among options.keepIds: the result says where what they bring back starts in
//            its html (`mark`, an offset for render.js's articleHtml, or -1), found by comparing
//            with the html of a clean without them.
//   locate:  the same for the current options without a new result (the "Restored" box's Show).
// Messages out: { type: "ready" } | { type: "progress", run, stage, loaded?, total? }
//               | { type: "result", run, result, ms, keepIds, input, mark, lists }
//               | { type: "located", run, mark } | { type: "error", run, code, message }
//               | { type: "lists", key, summaries } | { type: "lists", key, error: { code, message } }
import init, { Cleaner } from "./pkg/unclutter.js";
import { extractMhtml, isMhtml } from "./mhtml.js";
import { commonPrefix, markOffset } from "./render.js";

let initError = null;
const ready = init().then(
  () => {
    postMessage({ type: "ready" });
  },
  (e) => {
    initError = Object.assign(new Error(`the cleaner could not start: ${e?.message ?? e}`), { code: "init" });
    postMessage({ type: "error", run: 0, code: "init", message: initError.message });
  },
);

// One compiled Cleaner per rules text (the built-in rules are compiled once per Cleaner).
let cleaner = null;
let cleanerRules = null;

function cleanerFor(rules) {
  const key = typeof rules === "string" ? rules : (rules?.key ?? "");
  if (cleaner && cleanerRules === key) return cleaner;
  const given = typeof rules === "string" ? rules : rules?.lists?.length ? rules.lists : null;
  const next = new Cleaner(given ? { rules: given } : {});
  cleaner?.free();
  cleaner = next;
  cleanerRules = key;
  return cleaner;
}

/** What the rules' lists gave, for the page's "Filter lists" section. */
function listsAnswer(rules, c) {
  return { key: typeof rules === "string" ? rules : (rules?.key ?? ""), summaries: c.ruleLists };
}

// The decoded input of the last source: { id, input (string | Uint8Array), charset, url, name, bytes }.
let last = null;

const PROGRESS_EVERY_MS = 80;

async function readBlob(run, blob) {
  const total = blob.size;
  const out = new Uint8Array(total);
  let loaded = 0;
  let lastReport = 0;
  postMessage({ type: "progress", run, stage: "reading", loaded, total });
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A file that grew while being read: keep what fits (its size was taken first).
    const room = Math.min(value.length, total - loaded);
    out.set(value.subarray(0, room), loaded);
    loaded += room;
    const now = performance.now();
    if (now - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = now;
      postMessage({ type: "progress", run, stage: "reading", loaded, total });
    }
  }
  postMessage({ type: "progress", run, stage: "reading", loaded, total });
  return out.subarray(0, loaded);
}

async function decodeSource(run, source) {
  if (source.kind === "text") {
    return { id: source.id, input: source.text, charset: null, url: null, name: source.name ?? null, bytes: source.text.length, format: "text" };
  }
  let bytes = await readBlob(run, source.blob);
  let charset = null;
  let url = null;
  let format = "html";
  if (isMhtml(bytes)) {
    const page = extractMhtml(bytes);
    if (!page) throw Object.assign(new Error("This MHTML file holds no HTML page."), { code: "bad-input" });
    ({ bytes, charset, url } = page);
    format = "mhtml";
  }
  return { id: source.id, input: bytes, charset, url, name: source.name ?? null, bytes: bytes.length, format };
}

function cleanOptions(options, input) {
  const opts = { mode: options.mode, format: "markdown", keep: options.keep, keepIds: options.keepIds };
  // The reader's charset wins over the one an MHTML part declares; both lose to a byte-order mark.
  const charset = options.charset || input.charset;
  if (charset) opts.charset = charset;
  const url = options.url || input.url;
  if (url) opts.url = url;
  return opts;
}

// The html of the last few cleans of the current source, by their options: what a restore is
// compared with (usually the clean shown just before it, so no second clean is needed).
const HTML_KEPT = 3;
let htmlCache = [];

function optionsKey(options) {
  const ids = [...new Set(options.keepIds ?? [])].sort((a, b) => a - b);
  return JSON.stringify([options.mode, [...(options.keep ?? [])].sort(), ids, options.charset || "", options.url || "", options.rules || ""]);
}

function remember(options, html) {
  const key = optionsKey(options);
  htmlCache = [{ key, html }, ...htmlCache.filter((e) => e.key !== key)].slice(0, HTML_KEPT);
}

/** The cleaned html of the current input with `options`, from the cache or a clean. */
function htmlFor(options) {
  const key = optionsKey(options);
  const hit = htmlCache.find((e) => e.key === key);
  if (hit) return hit.html;
  const opts = cleanOptions(options, last);
  opts.format = "html";
  opts.keepIds = [...new Set(opts.keepIds ?? [])];
  const html = cleanerFor(options.rules || "").clean(last.input, opts).html;
  remember(options, html);
  return html;
}

/** Where, in `html` (a clean with `options`), what the removals `ids` bring back starts; -1 if nowhere. */
function markFor(html, options, ids) {
  const drop = new Set(ids);
  const without = htmlFor({ ...options, keepIds: (options.keepIds ?? []).filter((id) => !drop.has(id)) });
  if (without === html) return -1;
  return markOffset(html, commonPrefix(without, html));
}

async function handleLocate({ run, options, ids }) {
  if (!last) throw Object.assign(new Error("The page is no longer in memory; open or paste it again."), { code: "gone" });
  await ready;
  if (initError) throw initError;
  postMessage({ type: "located", run, mark: markFor(htmlFor(options), options, ids) });
}

async function handleClean({ run, source, options, mark }) {
  if (!last || last.id !== source.id) {
    if (source.kind === undefined) throw Object.assign(new Error("The page is no longer in memory; open or paste it again."), { code: "gone" });
    last = null;
    htmlCache = [];
    last = await decodeSource(run, source);
  }
  await ready;
  if (initError) throw initError;
  const input = last;
  postMessage({ type: "progress", run, stage: "cleaning", total: input.bytes });
  const started = performance.now();
  const c = cleanerFor(options.rules || "");
  const opts = cleanOptions(options, input);
  opts.keepIds = [...new Set(opts.keepIds ?? [])];
  // A restored removal comes back whole: the cleaner keeps everything inside a kept id.
  const result = c.clean(input.input, opts);
  const keepIds = opts.keepIds;
  const ms = performance.now() - started;
  remember(options, result.html);
  postMessage({
    type: "result",
    run,
    result,
    ms,
    keepIds,
    mark: mark?.length ? markFor(result.html, { ...options, keepIds }, mark) : -1,
    lists: listsAnswer(options.rules, c),
    input: { bytes: input.bytes, name: input.name, url: opts.url ?? null, format: input.format },
  });
}

// One request at a time, in order (the page sends the next one after the last answer, or starts
// a new worker to cancel a long one).
let queue = Promise.resolve();

async function handleLists({ rules }) {
  await ready;
  if (initError) throw initError;
  try {
    postMessage({ type: "lists", ...listsAnswer(rules, cleanerFor(rules)) });
  } catch (e) {
    postMessage({ type: "lists", key: rules?.key ?? "", error: { code: e?.code ?? "error", message: e?.message ?? String(e) } });
  }
}

self.onmessage = (event) => {
  const message = event.data;
  if (message?.type === "lists") {
    queue = queue.then(() => handleLists(message).catch(() => {}));
    return;
  }
  if (message?.type !== "clean" && message?.type !== "locate") return;
  queue = queue.then(async () => {
    try {
      await (message.type === "clean" ? handleClean(message) : handleLocate(message));
    } catch (e) {
      postMessage({ type: "error", run: message.run, code: e?.code ?? "error", message: e?.message ?? String(e) });
    }
  });
};
