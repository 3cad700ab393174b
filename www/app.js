// The page: input (paste anywhere, a source box, file open and drop, a URL), the worker that
// cleans, the article frame and views, the report of removals with restore and keep, options
// remembered in localStorage, copy and download.
import { emptyExcerpt, explainRemoval, fileNameFor, formatBytes, httpUrl, readerDocument, remoteImageCount, technicalReason, truncationSigns } from "./render.js";
import { CATEGORIES as ALL_CATEGORIES, KEEPABLE as CLUTTER } from "./categories.js";
import { FilterLists } from "./filterlists.js";

// The removed panel lists these groups first (what readers came to be rid of), then the rest in
// the report's order.
const FIRST = ["paywall", "membership", "newsletter"];
const CATEGORIES = [...FIRST.map((f) => ALL_CATEGORIES.find(([name]) => name === f)), ...ALL_CATEGORIES.filter(([name]) => !FIRST.includes(name))];
const LABEL = Object.fromEntries(CATEGORIES);
const KEEPABLE = CATEGORIES.map(([name]) => name).filter((c) => CLUTTER.includes(c));
const ITEMS_SHOWN = 3;
const STORAGE_KEY = "unclutter.options.v1";
const WORKER_URL = new URL("./worker.js", import.meta.url).href;

const $ = (id) => document.getElementById(id);
const el = {
  status: $("status"),
  spinner: $("spinner"),
  progress: $("progress"),
  progressText: $("progress-text"),
  cancel: $("cancel"),
  file: $("file"),
  urlForm: $("url-form"),
  url: $("url"),
  source: $("source"),
  cleanSource: $("clean-source"),
  keepList: $("keep-list"),
  images: $("images"),
  charset: $("charset"),
  rules: $("rules"),
  rulesError: $("rules-error"),
  applyRules: $("apply-rules"),
  notice: $("notice"),
  reader: $("reader"),
  empty: $("empty"),
  tabs: $("tabs"),
  actionStatus: $("action-status"),
  stats: $("stats"),
  restored: $("restored"),
  warnings: $("warnings"),
  groups: $("groups"),
  dropOverlay: $("drop-overlay"),
  paste: $("paste"),
  sourceBox: $("source-box"),
  optionsBox: $("options"),
  output: $("output"),
  report: $("report"),
  truncated: $("truncated"),
  truncatedSigns: $("truncated-signs"),
  imagesBar: $("images-bar"),
  imagesText: $("images-text"),
  imagesToggle: $("images-toggle"),
  jumpReport: $("jump-report"),
  technical: $("technical"),
  moreInput: $("more-input"),
};

/** One column (phones, narrow windows): the report is below the article, not beside it. */
const ONE_COLUMN = window.matchMedia("(max-width: 63.99rem)");


// Trusted Types (required by the page's CSP): the frame's srcdoc and the worker's URL are the only
// sinks, each through this one policy.
const policy = window.trustedTypes?.createPolicy("unclutter", {
  // Only ever used for the sandboxed, script-less article frame (see readerDocument).
  createHTML: (html) => html,
  createScriptURL: (url) => {
    if (url !== WORKER_URL) throw new TypeError(`unexpected script URL ${url}`);
    return url;
  },
}) ?? { createHTML: (s) => s, createScriptURL: (s) => s };

// ---- options, remembered ----------------------------------------------------------------------

function loadOptions() {
  const defaults = { mode: "article", keep: [], rules: "", charset: "", images: false, technical: false };
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}");
    return {
      mode: saved.mode === "clean" ? "clean" : "article",
      keep: Array.isArray(saved.keep) ? saved.keep.filter((c) => KEEPABLE.includes(c)) : [],
      rules: typeof saved.rules === "string" ? saved.rules : "",
      charset: typeof saved.charset === "string" ? saved.charset : "",
      images: saved.images === true,
      technical: saved.technical === true,
    };
  } catch {
    return defaults;
  }
}

function saveOptions() {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state.options));
  } catch {
    // Storage off or full: the options still apply to this visit.
  }
}

// ---- state ------------------------------------------------------------------------------------

const state = {
  options: loadOptions(),
  source: null, // { id, kind: "text" | "blob", text | blob, name, url }
  sourceCount: 0,
  keepIds: [],
  restores: [], // [{ id, excerpt, category, ids }]
  result: null,
  ms: 0,
  input: null,
  run: 0, // the latest operation; answers to older ones are dropped
  view: "article",
  filled: new Set(),
  expanded: new Set(),
  unsafeOpen: false, // the "Unsafe markup" list is open
  reveal: false, // the next article shown is a new page's: bring it into view
  mark: null, // { html, at, entry }: where a restored block starts in that result's html
};

let worker = null;
let workerHas = null; // the source id whose input the worker holds
let busyRun = 0; // the run the worker is working on, 0 when idle
let pendingRestore = null; // { run, entry, before }
let pendingShow = null; // the Restored box's entry being located
let fetchAbort = null;

// ---- status -----------------------------------------------------------------------------------

const BUSY = new Set(["loading", "fetching", "reading", "cleaning", "rendering"]);

function setStage(stage, text, run = state.run) {
  el.status.dataset.stage = stage;
  el.status.dataset.run = String(run);
  el.status.textContent = text;
  el.status.title = "";
  delete el.status.dataset.pageType;
  const busy = BUSY.has(stage);
  el.spinner.classList.toggle("on", busy);
  document.body.classList.toggle("busy", busy);
  el.cancel.hidden = !(stage === "fetching" || stage === "reading" || stage === "cleaning");
  if (stage !== "reading" && stage !== "fetching" && stage !== "cleaning") {
    el.progress.hidden = true;
    el.progressText.textContent = "";
  }
}

/**
 * A problem with what the reader gave (empty paste, bad address): a finished operation of its
 * own, unless a clean is under way, which it does not interrupt.
 */
function refuse(text) {
  if (busyRun || fetchAbort) {
    el.actionStatus.textContent = text;
    return;
  }
  state.run += 1;
  setStage("error", text);
}

function setProgress(loaded, total) {
  el.progress.hidden = false;
  if (total > 0) {
    el.progress.max = total;
    el.progress.value = loaded;
    el.progressText.textContent = `${formatBytes(loaded)} of ${formatBytes(total)}`;
  } else if (loaded != null) {
    el.progress.removeAttribute("value");
    el.progressText.textContent = formatBytes(loaded);
  } else {
    el.progress.removeAttribute("value"); // indeterminate
    el.progressText.textContent = "";
  }
}

// ---- the worker -------------------------------------------------------------------------------

function startWorker() {
  worker = new Worker(policy.createScriptURL(WORKER_URL), { type: "module", name: "unclutter" });
  workerHas = null;
  worker.onmessage = (event) => onWorkerMessage(event.data);
  worker.onerror = (event) => {
    event.preventDefault?.();
    busyRun = 0;
    setStage("error", `The cleaner stopped: ${event.message || "it could not be loaded"}. Reload the page to try again.`);
  };
}

function onWorkerMessage(msg) {
  if (msg.type === "lists") {
    filterLists.onSummaries(msg);
    return;
  }
  if (msg.type === "ready") {
    if (el.status.dataset.stage === "loading") setStage("idle", "Ready. Paste a page anywhere here, open a file or give an address.", 0);
    return;
  }
  if (msg.run !== state.run) return; // an answer to an operation that was replaced
  if (msg.type === "progress") {
    const what = state.source?.name ? `“${state.source.name}”` : "the page";
    if (msg.stage === "reading") {
      if (el.status.dataset.stage !== "reading") setStage("reading", `Reading ${what}…`);
      setProgress(msg.loaded, msg.total);
    } else if (msg.stage === "cleaning") {
      setStage("cleaning", `Cleaning ${what} (${formatBytes(msg.total)})…`);
      setProgress(null, 0);
      el.progressText.textContent = formatBytes(msg.total);
    }
    return;
  }
  busyRun = 0;
  if (msg.type === "located") {
    const entry = pendingShow;
    pendingShow = null;
    showMark(msg.run, entry, msg.mark);
    return;
  }
  if (msg.type === "error") {
    pendingShow = null;
    workerHas = null;
    pendingRestore = null;
    if (msg.code === "bad-rules") {
      el.rulesError.textContent = `Your rules have an error: ${msg.message}`;
      setStage("error", "Your rules could not be used: see Options.");
      $("options").open = true;
    } else if (msg.code === "init") {
      setStage("error", `Sorry: ${msg.message}. Reload the page to try again.`);
    } else if (msg.code === "input-too-large") {
      setStage("error", `This page is too large: ${msg.message}.`);
    } else {
      setStage("error", `Could not clean this page: ${msg.message}`);
    }
    return;
  }
  if (msg.type === "result") {
    el.rulesError.textContent = "";
    filterLists.onSummaries(msg.lists);
    let restored = null;
    if (pendingRestore?.run === msg.run) {
      const before = new Set(pendingRestore.before);
      pendingRestore.entry.ids = msg.keepIds.filter((id) => !before.has(id));
      state.restores.push(pendingRestore.entry);
      restored = pendingRestore.entry;
    }
    pendingRestore = null;
    state.keepIds = msg.keepIds;
    state.result = msg.result;
    state.mark = restored && msg.mark >= 0 ? { html: msg.result.html, at: msg.mark, entry: restored } : null;
    state.restoredNow = restored;
    state.ms = msg.ms;
    state.input = msg.input;
    showResult(msg.run);
  }
}

/** The options of a clean of the current source (with these restored ids). */
function currentOptions(keepIds = state.keepIds) {
  return {
    mode: state.options.mode,
    keep: state.options.keep.filter((c) => c !== "other" || state.options.mode === "article"),
    keepIds,
    charset: state.options.charset.trim(),
    url: state.source?.url ?? null,
    rules: filterLists.rules(),
  };
}

/** Cleans the current source with the current options; `restore` restores one removal. */
function requestClean({ restore } = {}) {
  if (!state.source) return;
  const run = ++state.run;
  if (busyRun) {
    // The worker is inside a long clean: replace it rather than queue behind it.
    worker.terminate();
    startWorker();
  }
  if (fetchAbort) {
    fetchAbort.abort();
    fetchAbort = null;
  }
  const src = state.source;
  const source = workerHas === src.id ? { id: src.id } : { id: src.id, kind: src.kind, text: src.text, blob: src.blob, name: src.name };
  // The ids restored so far (and the one being restored): the answer brings the new list.
  const options = currentOptions(restore ? [...state.keepIds, restore.id] : state.keepIds);
  const message = { type: "clean", run, source, options };
  if (restore) message.mark = [restore.id];
  if (restore) {
    const before = state.result.removed.map((r) => r.id);
    message.restore = { id: restore.id, before };
    pendingRestore = { run, before: state.keepIds, entry: { id: restore.id, excerpt: restore.excerpt, category: restore.category, ids: [] } };
  } else {
    pendingRestore = null;
  }
  busyRun = run;
  workerHas = src.id;
  worker.postMessage(message);
  const what = src.name ? `“${src.name}”` : "the page";
  setStage(src.kind === "blob" && source.kind ? "reading" : "cleaning", src.kind === "blob" && source.kind ? `Reading ${what}…` : `Cleaning ${what}…`, run);
}

/**
 * Finds a restored block again (the Restored box's Show): the worker compares the current clean
 * with one without that restore; the article is then shown again, scrolled to it.
 */
function locateRestore(entry) {
  if (!state.source || !state.result || !workerHas) return;
  const run = ++state.run;
  if (busyRun) return; // a clean is under way; its article comes first
  pendingShow = entry;
  busyRun = run;
  worker.postMessage({ type: "locate", run, options: currentOptions(), ids: [entry.id, ...entry.ids] });
  setStage("rendering", "Finding the restored part…", run);
}

/** Shows the current result again, scrolled to the block at `mark` (from the worker). */
function showMark(run, entry, mark) {
  state.mark = mark >= 0 ? { html: state.result.html, at: mark, entry } : null;
  setStage("rendering", "Showing the article…", run);
  showFrame(run, frameDocument(), () => {
    state.mark = null;
    revealArticle({ focus: false });
    setStage("done", mark >= 0 ? `Restored part “${short(entry.excerpt, 50)}”: highlighted in the article.` : `“${short(entry.excerpt, 50)}” adds nothing visible to the article.`, run);
  });
}

function newSource(source) {
  state.sourceCount += 1;
  state.reveal = true;
  state.mark = null;
  state.source = { ...source, id: state.sourceCount };
  state.keepIds = [];
  state.restores = [];
  state.expanded.clear();
  requestClean();
}

/** The address in the URL field, when it is a usable one: it picks site-specific rules. */
function typedUrl() {
  return httpUrl(el.url.value);
}

function useText(text, name) {
  if (!text.trim()) {
    refuse("There is nothing to clean: the text is empty.");
    return;
  }
  newSource({ kind: "text", text, name, url: typedUrl() });
}

/** Whether a file can be a page: by its type, else by its name (types are often missing). */
function looksLikePage(file) {
  const type = (file.type || "").toLowerCase();
  if (/^(image|audio|video|font)\//.test(type) || /^application\/(pdf|zip|gzip|x-7z|x-rar|vnd\.|msword|octet-stream)/.test(type)) {
    return /\.(html?|xhtml|mht(ml)?|txt)$/i.test(file.name ?? "");
  }
  return true;
}

function useBlob(blob, name, url = typedUrl()) {
  if (blob.size === 0) {
    refuse(`“${name}” is empty.`);
    return;
  }
  if (!looksLikePage(blob)) {
    refuse(`“${name}” is not a web page (${blob.type}). Open a page saved from the browser: .html, .htm, .mhtml or .txt.`);
    return;
  }
  newSource({ kind: "blob", blob, name, url });
}

function cancel() {
  if (fetchAbort) {
    fetchAbort.abort();
    fetchAbort = null;
  }
  if (busyRun) {
    worker.terminate();
    startWorker();
    busyRun = 0;
  }
  pendingRestore = null;
  pendingShow = null;
  state.run += 1;
  setStage("stopped", "Stopped.");
}

// ---- showing a result -------------------------------------------------------------------------

function showResult(run) {
  const r = state.result;
  setStage("rendering", "Showing the article…", run);
  document.title = `${r.metadata.title || "Article"} — unclutter`;
  document.body.classList.add("reading");
  const notices = [];
  if (r.fellBack) notices.push(`${fallbackReason(r)}, so this is the whole page minus its clutter.`);
  // (A plain-text paste is cleaned the same in both modes: nothing to suggest there.)
  else if (r.mode === "article" && !r.readerable && r.stats.elements > 0) notices.push("This page may not be an article; if something is missing, try “Whole page minus clutter” in Options.");
  el.notice.textContent = notices.join(" ");
  el.notice.hidden = notices.length === 0;
  showTruncation(r);
  showImagesBar();
  state.filled.clear();
  if (state.view !== "article") fillView(state.view);
  for (const id of ["copy-html", "copy-text", "copy-markdown", "download"]) $(id).disabled = false;
  renderReport();
  const reveal = state.reveal;
  state.reveal = false;
  const restored = state.restoredNow;
  state.restoredNow = null;
  showFrame(run, frameDocument(), () => {
    const { clutter, unsafe } = removalCounts(r);
    const what = state.input?.name ? `“${state.input.name}”` : "The page";
    const parts = `${clutter.toLocaleString("en")} ${clutter === 1 ? "part" : "parts"} of clutter removed${unsafe ? ` (and ${unsafe.toLocaleString("en")} of unsafe markup)` : ""}`;
    const kept = r.fellBack ? ` ${fallbackReason(r)}: showing the page minus its clutter.` : "";
    const cut = r.truncated ? " Only the start of the article is on the page." : "";

    if (reveal) {
      revealArticle({ focus: true });
    } else if (restored) {
      revealArticle({ focus: false });
    }
    if (restored) {
      const where = state.mark ? "highlighted in the article" : "it adds nothing visible to the article";
      // Shown once: later renders (images on, say) do not jump back to it; Show finds it again.
      state.mark = null;
      setStage("done", `Restored “${short(restored.excerpt, 50)}”: ${where}. ${parts}.`, run);
      return;
    }
    setStage("done", `${what} cleaned in ${Math.round(state.ms)} ms: ${parts}, ${formatBytes(r.stats.bytesIn)} → ${formatBytes(r.stats.bytesOut)}.${kept}${cut}`, run);
    // The page type and its evidence: on the status line's tooltip and data, where they do not
    // push the article down (a fall-back says it in words above).
    if (r.pageType && r.stats.elements > 0) {
      el.status.dataset.pageType = r.pageType.kind;
      el.status.title = `Read as ${PAGE_KINDS[r.pageType.kind] || r.pageType.kind}: ${r.pageType.evidence}.`;
    }
  });
}

/** The page kinds of `pageType`, as the status line names them. */
const PAGE_KINDS = {
  article: "an article",
  forum: "a thread of posts",
  product: "a product page",
  listing: "a listing",
  documentation: "documentation",
  other: "a page that is not one article",
};

/** Why article mode answered with the whole page minus its clutter. */
function fallbackReason(r) {
  const kind = r.pageType?.kind;
  if (kind && kind !== "article" && kind !== "other") return `This page is ${PAGE_KINDS[kind]}`;
  if (kind === "other" && /holds \d+%/.test(r.pageType.evidence)) return "This page is more than one article";
  return "No article stood out on this page";
}

/** Removals that are clutter, and those of unsafe markup: the status, the stats and the panel count the same. */
function removalCounts(r) {
  const unsafe = r.removed.filter((x) => x.category === "unsafe").length;
  return { clutter: r.removed.length - unsafe, unsafe };
}

/** The notice above an article the page holds only the start of. */
function showTruncation(r) {
  el.truncated.hidden = !r.truncated;
  if (!r.truncated) return;
  const signs = truncationSigns(r.truncation);
  const text = signs.join("; ");
  el.truncatedSigns.textContent = text ? `${text[0].toUpperCase()}${text.slice(1)}.` : "";
}

/** The bar that says how many images are not loaded, with one button to load them (or hide them again). */
function showImagesBar() {
  const n = state.result ? remoteImageCount(state.result.html) : 0;
  el.imagesBar.hidden = n === 0;
  if (!n) return;
  const images = `${n} ${n === 1 ? "image" : "images"}`;
  if (state.options.images) {
    el.imagesText.textContent = `Showing ${images} from the news site.`;
    el.imagesToggle.textContent = "Hide images";
  } else {
    el.imagesText.textContent = `Images are off, so the news site cannot see you read this.`;
    el.imagesToggle.textContent = `Show ${images}`;
  }
}

/**
 * Brings the article into view. With `focus` (a new page), the keyboard goes there too: the next Tab stops are the
 * views, copy and save, then the article itself, all before the report.
 */
function revealArticle({ focus }) {
  // One column: the article is at the top, under the bar (the report is below it). Wide: where
  // the article fills the window beside the report this moves nothing; with a box open above it,
  // the page scrolls to it.
  if (ONE_COLUMN.matches) window.scrollTo({ top: 0, behavior: "instant" });
  else el.output.scrollIntoView({ block: "start", behavior: "instant" });
  if (focus) el.output.focus({ preventScroll: true });
}

/**
 * Puts `srcdoc` in a new article frame; `then` runs when it has loaded (if still current).
 *
 * A new iframe element each time rather than a new srcdoc on the old one: each article is a fresh
 * browsing context, so the frame's history does not fill with earlier articles (Back stays the
 * page's), and nothing of an earlier document (a pending image load) carries over.
 */
function showFrame(run, srcdoc, then) {
  el.empty.hidden = true;
  const frame = document.createElement("iframe");
  for (const name of ["id", "sandbox", "referrerpolicy", "class"]) {
    const value = el.reader.getAttribute(name);
    if (value !== null) frame.setAttribute(name, value);
  }
  frame.title = `Clean article: ${state.result?.metadata.title || "untitled"}`;
  frame.addEventListener(
    "load",
    () => {
      if (run === state.run) then();
    },
    { once: true },
  );
  frame.srcdoc = policy.createHTML(srcdoc);
  el.reader.replaceWith(frame);
  el.reader = frame;
}

function fillView(view) {
  if (!state.result || state.filled.has(view)) return;
  const r = state.result;
  const text = view === "html" ? r.html : view === "text" ? r.text : view === "markdown" ? (r.markdown ?? "") : null;
  if (text === null) return;
  $(`view-${view}`).textContent = text;
  state.filled.add(view);
}

// ---- views (tabs) -----------------------------------------------------------------------------

const TABS = ["article", "html", "text", "markdown"];

function selectView(view, { focus = false } = {}) {
  state.view = view;
  for (const name of TABS) {
    const tab = $(`tab-${name}`);
    const selected = name === view;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(`panel-${name}`).hidden = !selected;
    if (selected && focus) tab.focus();
  }
  fillView(view);
}

el.tabs.addEventListener("click", (event) => {
  const tab = event.target.closest('[role="tab"]');
  if (tab) selectView(tab.id.slice(4));
});

el.tabs.addEventListener("keydown", (event) => {
  const i = TABS.indexOf(state.view);
  const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  selectView(TABS[(next + TABS.length) % TABS.length], { focus: true });
});

// ---- the report: stats, restores, removals by category ----------------------------------------

function node(tag, props = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "text") e.textContent = v;
    else if (k === "class") e.className = v;
    else if (k.startsWith("data-") || k.startsWith("aria-")) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

/** Where the keyboard was in the report, to put it back after the report is rebuilt. */
function focusInReport() {
  const a = document.activeElement;
  if (!(a instanceof HTMLElement) || !(el.groups.contains(a) || el.restored.contains(a))) return null;
  return { keep: a.dataset.keep, restore: a.dataset.restore, undo: a.dataset.undo, show: a.dataset.show, expand: a.dataset.expand };
}

function refocus(was) {
  if (!was) return;
  let target = null;
  if (was.keep) target = el.groups.querySelector(`[data-keep="${was.keep}"]`);
  else if (was.restore) {
    // The restored item left the list: the next one, else the first control of the report.
    const id = Number(was.restore);
    target = [...el.groups.querySelectorAll("[data-restore]")].find((b) => Number(b.dataset.restore) > id) ?? el.restored.querySelector("button");
  } else if (was.undo) target = el.restored.querySelector("button");
  else if (was.show) target = el.restored.querySelector(`[data-show="${was.show}"]`) ?? el.restored.querySelector("button");
  (target ?? $("report-heading")).focus();
}

function renderReport() {
  const was = focusInReport();
  renderReportContent();
  refocus(was);
}

/** The excerpt line of a removal: its text, or what it was when it has none. */
function excerptOf(item) {
  return item.excerpt?.trim() ? item.excerpt : emptyExcerpt(item);
}

function renderReportContent() {
  const r = state.result;
  const s = r.stats;
  const { clutter, unsafe } = removalCounts(r);
  // A plain-text paste has lines, not elements (HTML has at least one).
  const plain = s.elements === 0;
  const lines = r.text ? r.text.split("\n").length : 0;
  const rows = [
    ["Page", formatBytes(s.bytesIn), "page"],
    ["Clean", formatBytes(s.bytesOut), "clean"],
    plain ? ["Plain text", `${lines.toLocaleString("en")} ${lines === 1 ? "line" : "lines"} kept`, "lines"] : ["Elements", s.elements.toLocaleString("en"), "elements"],
    ["Clutter removed", clutter.toLocaleString("en"), "clutter"],
    ["Time", `${Math.round(state.ms).toLocaleString("en")} ms`, "time"],
    ["Charset", s.charset, "charset"],
  ];
  if (s.unsafeAttributes) rows.splice(4, 0, ["Unsafe attributes", s.unsafeAttributes.toLocaleString("en"), "attributes"]);
  if (unsafe) rows.splice(4, 0, ["Unsafe markup", unsafe.toLocaleString("en"), "unsafe"]);
  el.stats.replaceChildren(...rows.map(([k, v, key]) => node("div", {}, [node("dt", { text: k }), node("dd", { text: v, "data-stat": key })])));
  el.jumpReport.textContent = `Removed (${clutter.toLocaleString("en")}) ↓`;
  el.jumpReport.setAttribute("aria-label", `What was removed: ${clutter.toLocaleString("en")} ${clutter === 1 ? "part" : "parts"}`);

  el.warnings.replaceChildren(...r.warnings.map((w) => node("li", { text: w })));
  el.warnings.hidden = r.warnings.length === 0;

  if (state.restores.length) {
    el.restored.hidden = false;
    el.restored.replaceChildren(
      node("h3", { text: `Restored (${state.restores.length})` }),
      node(
        "ul",
        {},
        state.restores.map((entry, i) =>
          node("li", {}, [
            node("span", { class: "excerpt", text: excerptOf(entry) }),
            node("span", { class: "restored-actions" }, [
              node("button", { type: "button", class: "button small", text: "Remove again", "data-undo": String(i), "aria-label": `Remove again: ${short(excerptOf(entry))}` }),
              node("button", { type: "button", class: "button small", text: "Show", "data-show": String(i), "aria-label": `Show in the article: ${short(excerptOf(entry))}` }),
            ]),
          ]),
        ),
      ),
    );
  } else {
    el.restored.hidden = true;
    el.restored.replaceChildren();
  }

  const byCategory = new Map();
  for (const item of r.removed) {
    if (!byCategory.has(item.category)) byCategory.set(item.category, []);
    byCategory.get(item.category).push(item);
  }
  const groups = [];
  for (const [category] of CATEGORIES) {
    const items = byCategory.get(category) ?? [];
    const kept = state.options.keep.includes(category) && (category !== "other" || r.mode === "article");
    if (!items.length && !kept) continue;
    groups.push(renderGroup(category, items, kept));
  }
  if (!groups.length) groups.push(node("p", { class: "hint", text: "Nothing was removed from this page." }));
  el.groups.replaceChildren(...groups);
}

function short(text, n = 60) {
  const t = (text ?? "").trim();
  return t.length > n ? t.slice(0, n - 1) + "…" : t || "(no text)";
}

function renderGroup(category, items, kept) {
  const headingId = `group-${category}`;
  const label = LABEL[category] ?? category;
  const head = node("div", { class: "group-head" }, [
    node("h3", { id: headingId }, [document.createTextNode(label + " "), node("span", { class: "count", text: kept ? "kept" : String(items.length), "aria-label": kept ? "kept" : `${items.length} removed` })]),
  ]);
  if (category !== "unsafe") {
    head.append(
      node("button", {
        type: "button",
        class: "button small keep",
        "data-keep": category,
        "aria-pressed": String(kept),
        "aria-label": `Keep ${label.toLowerCase()}`,
        text: kept ? "Kept" : "Keep",
      }),
    );
  }
  const section = node("section", { class: "group", "data-category": category, "aria-labelledby": headingId }, [head]);
  if (kept) {
    section.append(node("p", { class: "hint", text: "Kept: these parts stay in the page. Press “Kept” to remove them again." }));
    return section;
  }
  const all = state.expanded.has(category);
  const shown = all ? items : items.slice(0, ITEMS_SHOWN);
  const list = node(
    "ol",
    { class: "removals" },
    shown.map((item) => {
      const text = item.excerpt?.trim();
      const li = node("li", { class: "removal", "data-id": String(item.id), tabIndex: -1 }, [
        node("p", { class: text ? "excerpt" : "excerpt no-text", text: text ? item.excerpt : emptyExcerpt(item) }),
        node("p", { class: "why", text: explainRemoval(item) }),
        node("p", { class: "why-tech", text: technicalReason(item) }),
      ]);
      if (category !== "unsafe") {
        li.append(node("button", { type: "button", class: "button small restore", "data-restore": String(item.id), "aria-label": `Restore: ${short(excerptOf(item))}`, text: "Restore" }));
      }
      return li;
    }),
  );
  const more =
    items.length > shown.length ? node("button", { type: "button", class: "button small more", "data-expand": category, text: `Show all ${items.length}` }) : null;
  if (category === "unsafe") {
    // Collapsed at first (they cannot be restored); "Show all" is inside, so it shows what it adds.
    const box = node("details", { open: state.unsafeOpen }, [node("summary", { text: `Show them (they cannot be restored)` }), list, more]);
    box.addEventListener("toggle", () => {
      state.unsafeOpen = box.open;
    });
    section.append(box);
  } else {
    section.append(list);
    if (more) section.append(more);
  }
  return section;
}

el.groups.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button || !state.result) return;
  if (button.dataset.restore) {
    const id = Number(button.dataset.restore);
    const item = state.result.removed.find((x) => x.id === id);
    if (!item) return;
    requestClean({ restore: item });
  } else if (button.dataset.keep) {
    toggleKeep(button.dataset.keep);
  } else if (button.dataset.expand) {
    const category = button.dataset.expand;
    state.expanded.add(category);
    if (category === "unsafe") state.unsafeOpen = true;
    renderReportContent();
    // The keyboard goes to the first item that was not shown before.
    const first = el.groups.querySelector(`[data-category="${category}"] .removal:nth-child(${ITEMS_SHOWN + 1})`);
    (first?.querySelector(".restore") ?? first ?? el.groups.querySelector(`[data-category="${category}"] h3`))?.focus();
  }
});

el.restored.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.dataset.show) {
    const entry = state.restores[Number(button.dataset.show)];
    if (entry) locateRestore(entry);
    return;
  }
  if (!button.dataset.undo) return;
  const [entry] = state.restores.splice(Number(button.dataset.undo), 1);
  const drop = new Set([entry.id, ...entry.ids]);
  state.keepIds = state.keepIds.filter((id) => !drop.has(id));
  requestClean();
});

function applyTechnical() {
  el.report.classList.toggle("technical", state.options.technical);
  el.technical.setAttribute("aria-pressed", String(state.options.technical));
}

el.technical.addEventListener("click", () => {
  state.options.technical = !state.options.technical;
  saveOptions();
  applyTechnical();
});

function toggleKeep(category) {
  const keep = new Set(state.options.keep);
  if (keep.has(category)) keep.delete(category);
  else keep.add(category);
  state.options.keep = KEEPABLE.filter((c) => keep.has(c));
  saveOptions();
  syncOptionsForm();
  requestClean();
}

// ---- options form -----------------------------------------------------------------------------

function buildKeepList() {
  el.keepList.replaceChildren(
    ...KEEPABLE.map((category) =>
      node("label", {}, [node("input", { type: "checkbox", name: "keep", value: category }), document.createTextNode(" " + LABEL[category])]),
    ),
  );
}

function syncOptionsForm() {
  const o = state.options;
  for (const radio of document.querySelectorAll('input[name="mode"]')) radio.checked = radio.value === o.mode;
  for (const box of el.keepList.querySelectorAll("input")) {
    box.checked = o.keep.includes(box.value);
    if (box.value === "other") box.disabled = o.mode !== "article";
  }
  el.images.checked = o.images;
  el.charset.value = o.charset;
  if (document.activeElement !== el.rules) el.rules.value = o.rules;
}

document.addEventListener("change", (event) => {
  const t = event.target;
  if (t.name === "mode") {
    state.options.mode = t.value;
    saveOptions();
    syncOptionsForm();
    requestClean();
  } else if (t.name === "keep") {
    toggleKeep(t.value);
  } else if (t === el.images) {
    setImages(t.checked);
  } else if (t === el.charset) {
    state.options.charset = t.value.trim();
    saveOptions();
    if (state.source?.kind === "blob") requestClean();
  } else if (t === el.file) {
    const file = t.files?.[0];
    if (file) useBlob(file, file.name);
    t.value = "";
  }
});

/** The article frame's document for the current result and display options. */
function frameDocument() {
  const mark = state.mark?.html === state.result.html ? state.mark.at : -1;
  return readerDocument(state.result, { origin: location.origin, images: state.options.images, url: state.input?.url, mark });
}

/** Images on or off (the option, and the one-click button above the article). */
function setImages(on) {
  state.options.images = on;
  saveOptions();
  syncOptionsForm();
  showImagesBar();
  rerender();
}

el.imagesToggle.addEventListener("click", () => setImages(!state.options.images));

/** Shows the current result again with other display options (no new clean). */
function rerender() {
  // During a clean, the result it brings is shown with the new options.
  if (!state.result || busyRun) return;
  const run = ++state.run;
  setStage("rendering", "Showing the article…", run);
  showFrame(run, frameDocument(), () => setStage("done", state.options.images ? "Showing images." : "Images hidden.", run));
}

el.rules.addEventListener("input", () => {
  el.rulesError.textContent = "";
});
el.applyRules.addEventListener("click", () => {
  state.options.rules = el.rules.value;
  saveOptions();
  filterLists.requestSummaries();
  if (state.source) requestClean();
  else setStage("idle", "Rules saved: they apply to the next page.", state.run);
});

// ---- input: paste, drop, file, source box, URL -------------------------------------------------

/** Whether a paste or drop on `target` belongs to a text field (the browser's own behaviour). */
function isTextField(target) {
  if (!(target instanceof Element)) return false;
  if (target.closest('textarea, [contenteditable=""], [contenteditable="true"]')) return true;
  const input = target.closest("input");
  return !!input && !["checkbox", "radio", "button", "submit", "reset", "file", "image", "range", "color"].includes(input.type);
}

document.addEventListener("paste", (event) => {
  if (isTextField(event.target)) return;
  const data = event.clipboardData;
  if (!data) return;
  event.preventDefault();
  const file = [...(data.files ?? [])][0];
  if (file) {
    useBlob(file, file.name || "pasted file");
    return;
  }
  const html = data.getData("text/html");
  if (html.trim()) {
    useText(html, "pasted page");
    return;
  }
  const text = data.getData("text/plain");
  if (text.trim()) {
    useText(text, "pasted text");
    return;
  }
  refuse("The clipboard holds nothing to clean: copy a page (select all, then copy) and paste again.");
});

/**
 * The Paste button: the way in on touch screens, where there is no Ctrl+V. Reads the clipboard
 * with the asynchronous Clipboard API (the browser may ask first); where it is missing or
 * refused, opens the source box to paste into by hand.
 */
async function pasteFromClipboard() {
  const clip = navigator.clipboard;
  try {
    if (clip?.read) {
      const items = await clip.read();
      let text = "";
      for (const item of items) {
        if (item.types.includes("text/html")) {
          const html = await (await item.getType("text/html")).text();
          if (html.trim()) return useText(html, "pasted page");
        }
        if (!text && item.types.includes("text/plain")) text = await (await item.getType("text/plain")).text();
      }
      if (text.trim()) return useText(text, "pasted text");
      return refuse("The clipboard holds nothing to clean: copy a page (select all, then copy) and paste again.");
    }
    if (clip?.readText) {
      const text = await clip.readText();
      if (text.trim()) return useText(text, "pasted text");
      return refuse("The clipboard holds nothing to clean: copy a page (select all, then copy) and paste again.");
    }
  } catch {
    // Refused (no permission, or the page is not focused): paste by hand instead.
  }
  el.sourceBox.open = true;
  el.source.focus();
  setStage("idle", "This browser did not let the page read the clipboard: paste into the box (press and hold, then Paste), then press Clean.", ++state.run);
}

el.paste.addEventListener("click", pasteFromClipboard);

// On a phone, above an article, the address and the two boxes fold into "More".
el.moreInput.addEventListener("click", () => {
  const open = el.moreInput.getAttribute("aria-expanded") !== "true";
  el.moreInput.setAttribute("aria-expanded", String(open));
  document.body.classList.toggle("more-input", open);
});


let dragDepth = 0;
const carriesPage = (event) => [...(event.dataTransfer?.types ?? [])].some((t) => t === "Files" || t === "text/html" || t === "text/plain");

document.addEventListener("dragenter", (event) => {
  if (!carriesPage(event)) return;
  dragDepth += 1;
  document.body.classList.add("dragging");
});
document.addEventListener("dragleave", () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) document.body.classList.remove("dragging");
});
document.addEventListener("dragover", (event) => {
  if (!carriesPage(event)) return;
  const files = [...event.dataTransfer.types].includes("Files");
  if (!files && isTextField(event.target)) return; // text dragged into a field: the browser's drop
  event.preventDefault();
  event.dataTransfer.dropEffect = "copy";
});
document.addEventListener("drop", (event) => {
  dragDepth = 0;
  document.body.classList.remove("dragging");
  const data = event.dataTransfer;
  if (!data) return;
  const file = [...(data.files ?? [])][0];
  if (!file && isTextField(event.target)) return;
  event.preventDefault();
  if (file) {
    useBlob(file, file.name);
    return;
  }
  const html = data.getData("text/html");
  if (html.trim()) useText(html, "dropped page");
  else useText(data.getData("text/plain"), "dropped text");
});

function cleanSourceBox() {
  useText(el.source.value, "page source");
}
el.cleanSource.addEventListener("click", cleanSourceBox);
el.source.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    cleanSourceBox();
  }
});

el.urlForm.addEventListener("submit", (event) => {
  event.preventDefault();
  fetchPage(el.url.value);
});

async function fetchPage(value) {
  const url = httpUrl(value);
  if (!url) {
    refuse("Give the page’s full address, starting with https:// or http://.");
    el.url.focus();
    return;
  }
  el.url.value = url;
  const host = new URL(url).host;
  if (busyRun) cancel();
  fetchAbort?.abort();
  const abort = new AbortController();
  fetchAbort = abort;
  const run = ++state.run;
  setStage("fetching", `Fetching ${host}…`, run);
  setProgress(null, 0);
  let response;
  try {
    response = await fetch(url, { credentials: "omit", referrerPolicy: "no-referrer", redirect: "follow", signal: abort.signal });
  } catch (e) {
    if (abort.signal.aborted || run !== state.run) return;
    fetchAbort = null;
    setStage(
      "error",
      `${host} cannot be read from this page: the site does not allow it (browsers block reading other sites unless they opt in, “CORS”), or it cannot be reached. ` +
        `Open the page in your browser and save it (Ctrl+S or ⌘S, “Webpage, HTML only”), then open the file here — or select all on the page, copy, and paste here.`,
      run,
    );
    return;
  }
  if (!response.ok) {
    fetchAbort = null;
    setStage("error", `${host} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}. If the page opens in your browser, save it and open the file here.`, run);
    return;
  }
  try {
    const total = Number(response.headers.get("content-length")) || 0;
    const chunks = [];
    let loaded = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      chunks.push(chunk);
      loaded += chunk.length;
      if (run === state.run) setProgress(loaded, total);
    }
    if (run !== state.run) return;
    fetchAbort = null;
    const type = response.headers.get("content-type") ?? "";
    useBlob(new Blob(chunks, { type }), host + new URL(response.url || url).pathname, response.url || url);
  } catch (e) {
    if (abort.signal.aborted || run !== state.run) return;
    fetchAbort = null;
    setStage("error", `Reading ${host} failed: ${e.message}`, run);
  }
}

el.cancel.addEventListener("click", cancel);
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  if (!el.cancel.hidden) {
    event.preventDefault();
    cancel();
    return;
  }
  // Above an article, Escape closes an open source or options box.
  const box = [el.sourceBox, el.optionsBox].find((b) => b.open && document.body.classList.contains("reading"));
  if (box) {
    event.preventDefault();
    box.open = false;
    box.querySelector("summary").focus();
  }
});

// ---- actions: copy and download ---------------------------------------------------------------

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (or no permission): the old way, through a selected text field.
    const area = node("textarea", { value: text, readOnly: true, class: "offscreen" });
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

const COPY = {
  "copy-html": ["clean HTML", () => state.result.html],
  "copy-text": ["text", () => state.result.text],
  "copy-markdown": ["Markdown", () => state.result.markdown ?? ""],
};

for (const [id, [label, get]] of Object.entries(COPY)) {
  $(id).addEventListener("click", async () => {
    if (!state.result) return;
    const text = get();
    const ok = await copyText(text);
    el.actionStatus.textContent = ok ? `Copied the ${label} (${formatBytes(new Blob([text]).size)}).` : `Could not copy: your browser refused. Use the ${label === "clean HTML" ? "HTML" : label} view and copy from there.`;
  });
}

$("download").addEventListener("click", () => {
  if (!state.result) return;
  const blob = new Blob([state.result.html], { type: "text/html;charset=utf-8" });
  const href = URL.createObjectURL(blob);
  const name = fileNameFor(state.result.metadata.title);
  const a = node("a", { href, download: name, class: "offscreen" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  el.actionStatus.textContent = `Saved as ${name}.`;
});

// ---- start ------------------------------------------------------------------------------------

// Filter lists (filterlists.js): sent with every clean, summarised by the worker.
const filterLists = new FilterLists($("filter-lists"), {
  post: (message) => worker?.postMessage(message),
  customRules: () => state.options.rules,
  changed: () => {
    if (state.source) requestClean();
  },
});

buildKeepList();
syncOptionsForm();
applyTechnical();
startWorker();
filterLists.load();
