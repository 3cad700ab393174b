// The "Filter lists" section: ad-blocker lists (EasyList, uBlock Origin's, any in that syntax)
// added by pasting, from a file or by address; kept in this browser (the Cache API, the list of
// them in localStorage); a list fetched by address is fetched again once its `! Expires:` has
// passed. The cleaner gets them with the page's own rules, each under its name, so a removal
// names the list and line ("EasyList:10408"). What each list gave — rules loaded, network
// filters and scriptlets skipped, the lines that could not be used — comes back from the worker.
//
// The page (app.js) makes one `FilterLists` and gives it three hooks: `post` (a message to the
// worker), `customRules` (the Options box's own rules) and `changed` (clean again). It asks
// `rules()` for what to send with a clean and hands the worker's `lists` answers to `onSummaries`.

import { formatBytes, httpUrl } from "./render.js";

const CACHE = "unclutter-filter-lists-v1";
const META_KEY = "unclutter.filter-lists.v1";
/** When a list does not say (`! Expires:`), how long its copy is good for. */
const DEFAULT_EXPIRES_MS = 5 * 24 * 3600 * 1000;
/** How many lines of a list's header are read for its `! Title:` and `! Expires:`. */
const HEADER_LINES = 60;
/** The name the Options box's own rules go under. */
export const CUSTOM_RULES_NAME = "rules";

/** `! Expires: 4 days (update frequency)` → milliseconds; `null` when the header does not say. */
export function parseExpires(text) {
  for (const line of headerLines(text)) {
    const m = /^!\s*Expires\s*:\s*(\d+(?:\.\d+)?)\s*(d|day|days|h|hour|hours)?\b/i.exec(line);
    if (m) {
      const n = Number(m[1]);
      const hours = /^h/i.test(m[2] ?? "d");
      const ms = n * (hours ? 3600e3 : 86400e3);
      return ms > 0 ? ms : null;
    }
  }
  return null;
}

/** `! Title: EasyList` → `EasyList`; `null` without one. */
export function parseTitle(text) {
  for (const line of headerLines(text)) {
    const m = /^!\s*Title\s*:\s*(.+?)\s*$/i.exec(line);
    if (m) return m[1];
  }
  return null;
}

function headerLines(text) {
  const out = [];
  let start = 0;
  while (out.length < HEADER_LINES && start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    out.push(text.slice(start, end).trim());
    start = end + 1;
  }
  return out;
}

function node(tag, props = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "text") e.textContent = v;
    else if (k === "class") e.className = v;
    else if (k.startsWith("data-") || k.startsWith("aria-")) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) if (c) e.append(typeof c === "string" ? document.createTextNode(c) : c);
  return e;
}

const count = (n) => Number(n).toLocaleString("en");
const plural = (n, one, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

function when(ms) {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? "?" : d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

export class FilterLists {
  /**
   * @param {HTMLElement} root the section's element (filled here)
   * @param {{ post: (message: object) => void, customRules: () => string, changed: () => void }} hooks
   */
  constructor(root, hooks) {
    this.root = root;
    this.hooks = hooks;
    /** [{ id, name, kind: "url" | "file" | "paste", url, fetched, expires, bytes, text, note }] */
    this.lists = [];
    this.version = 0;
    this.summaries = new Map(); // name → summary, for the key they were made for
    this.summaryKey = null;
    this.error = null;
    this.nextId = 1;
    this.build();
  }

  // ---- what the cleaner gets --------------------------------------------------------------------

  /** The rules for a clean: the page's own (if any) and every list, with a key that changes with them. */
  rules() {
    const custom = this.hooks.customRules() ?? "";
    const lists = [];
    if (custom.trim()) lists.push({ name: CUSTOM_RULES_NAME, text: custom });
    for (const l of this.lists) if (l.text) lists.push({ name: l.name, text: l.text });
    return { key: `${this.version}\u0000${custom}`, lists };
  }

  /** The worker's answer: `{ key, summaries }` or `{ key, error: { code, message } }`. */
  onSummaries(msg) {
    if (!msg || msg.key !== this.rules().key) return; // about rules since replaced
    this.summaryKey = msg.key;
    this.error = msg.error ?? null;
    this.summaries = new Map((msg.summaries ?? []).map((s) => [s.name, s]));
    this.render();
  }

  // ---- storage ----------------------------------------------------------------------------------

  async cache() {
    try {
      return globalThis.caches ? await caches.open(CACHE) : null;
    } catch {
      return null; // storage off (a private window, an insecure origin)
    }
  }

  cacheKey(id) {
    return new URL(`filter-lists/${id}`, location.href).href;
  }

  saveMeta() {
    const meta = this.lists.map(({ id, name, kind, url, fetched, expires, bytes }) => ({ id, name, kind, url, fetched, expires, bytes }));
    try {
      localStorage.setItem(META_KEY, JSON.stringify(meta));
    } catch {
      // Storage off or full: the lists still apply to this visit.
    }
  }

  /** Reads the lists kept in this browser, then fetches again those whose copy has expired. */
  async load() {
    let meta = [];
    try {
      meta = JSON.parse(localStorage.getItem(META_KEY) ?? "[]");
    } catch {
      meta = [];
    }
    if (!Array.isArray(meta)) meta = [];
    const cache = await this.cache();
    for (const m of meta) {
      if (!m || typeof m.id !== "number" || typeof m.name !== "string") continue;
      const response = cache ? await cache.match(this.cacheKey(m.id)) : null;
      const text = response ? await response.text() : null;
      this.nextId = Math.max(this.nextId, m.id + 1);
      this.lists.push({ ...m, text, note: text ? null : "Its copy is gone from this browser's storage: remove it and add it again." });
    }
    this.changedLists({ clean: false });
    await Promise.all(this.lists.filter((l) => l.kind === "url" && l.url && this.expired(l)).map((l) => this.refresh(l)));
  }

  expired(l) {
    return !l.text || !l.fetched || Date.now() > l.fetched + (l.expires ?? DEFAULT_EXPIRES_MS);
  }

  async store(l) {
    const cache = await this.cache();
    if (!cache) {
      l.note = "This browser gives the page no storage here: the list applies until the page is closed.";
      return;
    }
    try {
      await cache.put(this.cacheKey(l.id), new Response(l.text, { headers: { "Content-Type": "text/plain; charset=utf-8" } }));
    } catch (e) {
      l.note = `Not kept in this browser (${e?.message ?? e}): the list applies until the page is closed.`;
    }
  }

  // ---- adding, refreshing, removing -------------------------------------------------------------

  uniqueName(name) {
    const taken = new Set([CUSTOM_RULES_NAME, ...this.lists.map((l) => l.name)]);
    if (!taken.has(name)) return name;
    for (let k = 2; ; k++) if (!taken.has(`${name} (${k})`)) return `${name} (${k})`;
  }

  async add({ kind, text, name, url }) {
    if (!text.trim()) {
      this.say(`${name} is empty: nothing added.`);
      return null;
    }
    const l = {
      id: this.nextId++,
      name: this.uniqueName(parseTitle(text) ?? name),
      kind,
      url: url ?? null,
      fetched: kind === "url" ? Date.now() : null,
      expires: parseExpires(text),
      bytes: new Blob([text]).size,
      text,
      note: null,
    };
    this.lists.push(l);
    await this.store(l);
    this.changedLists();
    this.say(`Added “${l.name}” (${formatBytes(l.bytes)}).`);
    return l;
  }

  async fetchText(url) {
    let response;
    try {
      response = await fetch(url, { credentials: "omit", referrerPolicy: "no-referrer", cache: "no-cache" });
    } catch {
      const host = new URL(url).host;
      throw new Error(`${host} does not let this page read the list (browsers block reading other sites unless they opt in, “CORS”), or it cannot be reached. Download the list and load the file instead.`);
    }
    if (!response.ok) throw new Error(`${new URL(url).host} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`);
    return response.text();
  }

  async addUrl(value) {
    const url = httpUrl(value);
    if (!url) {
      this.say("Give the list’s full address, starting with https:// or http://.");
      return null;
    }
    const existing = this.lists.find((l) => l.url === url);
    if (existing) return this.refresh(existing, { force: true });
    this.say(`Fetching ${url}…`);
    try {
      const text = await this.fetchText(url);
      const u = new URL(url);
      return await this.add({ kind: "url", text, name: u.host + u.pathname, url });
    } catch (e) {
      this.say(e.message);
      return null;
    }
  }

  async refresh(l, { force = false } = {}) {
    if (!l.url || (!force && !this.expired(l))) return l;
    try {
      const text = await this.fetchText(l.url);
      Object.assign(l, { text, fetched: Date.now(), expires: parseExpires(text), bytes: new Blob([text]).size, note: null });
      await this.store(l);
      this.say(`Fetched “${l.name}” again (${formatBytes(l.bytes)}).`);
    } catch (e) {
      l.note = l.text ? `Could not fetch it again: ${e.message} The copy from ${when(l.fetched)} still applies.` : e.message;
    }
    this.changedLists();
    return l;
  }

  async remove(l) {
    this.lists = this.lists.filter((x) => x !== l);
    const cache = await this.cache();
    await cache?.delete(this.cacheKey(l.id));
    this.changedLists();
    this.say(`Removed “${l.name}”.`);
  }

  /** The lists changed: a new key, the summaries asked for, the page cleaned again. */
  changedLists({ clean = true } = {}) {
    this.version += 1;
    this.saveMeta();
    this.summaries = new Map();
    this.error = null;
    this.render();
    this.requestSummaries();
    if (clean) this.hooks.changed();
  }

  /** Asks the worker what the lists give (also after the page's own rules change). */
  requestSummaries() {
    if (!this.lists.length) return;
    this.hooks.post({ type: "lists", rules: this.rules() });
  }

  // ---- the section ------------------------------------------------------------------------------

  say(text) {
    this.status.textContent = text;
  }

  build() {
    this.listEl = node("ul", { class: "fl-lists", id: "fl-lists", "aria-label": "Loaded filter lists" });
    this.status = node("p", { class: "fl-status", id: "fl-status", role: "status", "aria-live": "polite" });
    this.paste = node("textarea", { id: "fl-paste", rows: 4, spellcheck: false, placeholder: "[Adblock Plus 2.0]\n! Title: My list\nexample.com##.promo-box" });
    this.file = node("input", { type: "file", id: "fl-file", accept: ".txt,text/plain" });
    this.url = node("input", { type: "url", id: "fl-url", inputMode: "url", spellcheck: false, placeholder: "https://easylist.to/easylist/easylist.txt" });
    const addPaste = node("button", { type: "button", id: "fl-add-paste", class: "button", text: "Add pasted list" });
    const addUrl = node("button", { type: "submit", id: "fl-add-url", class: "button", text: "Add list" });
    const urlForm = node("form", { class: "fl-url-form", noValidate: true }, [
      node("label", { htmlFor: "fl-url", text: "A list’s address (fetched by this browser where the site allows it, and again when the list says it expires)" }),
      node("div", { class: "field-row" }, [this.url, addUrl]),
    ]);
    this.root.append(
      node("p", { class: "hint", text: "Ad-blocker lists as they are published (EasyList, uBlock Origin’s lists): their element-hiding rules, procedural ones too, apply to every page you clean. Network filters and scriptlets are skipped; each list says what it gave. The lists stay in this browser." }),
      this.listEl,
      node("div", { class: "fl-add" }, [
        node("label", { htmlFor: "fl-paste", text: "Paste a list" }),
        this.paste,
        addPaste,
        node("div", { class: "fl-file" }, [this.file, node("label", { htmlFor: "fl-file", class: "button", text: "Load a list file…" })]),
        urlForm,
      ]),
      this.status,
    );
    addPaste.addEventListener("click", async () => {
      const text = this.paste.value;
      const l = await this.add({ kind: "paste", text, name: `pasted list ${this.nextId}` });
      if (l) this.paste.value = "";
    });
    this.file.addEventListener("change", async () => {
      const f = this.file.files?.[0];
      this.file.value = "";
      if (!f) return;
      await this.add({ kind: "file", text: await f.text(), name: f.name });
    });
    urlForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const l = await this.addUrl(this.url.value);
      if (l) this.url.value = "";
    });
    this.render();
  }

  render() {
    const items = this.lists.map((l) => {
      const s = this.summaries.get(l.name);
      const source =
        l.kind === "url"
          ? `from ${l.url}, fetched ${when(l.fetched)}, good until ${when(l.fetched + (l.expires ?? DEFAULT_EXPIRES_MS))}`
          : l.kind === "file"
            ? "from a file"
            : "pasted";
      const counts = s
        ? node("p", { class: "fl-counts" }, [
            node("strong", { text: `${plural(s.rules, "rule")} loaded` }),
            ` · ${plural(s.networkSkipped, "network filter")} skipped · ${plural(s.otherSkipped, "scriptlet, style or HTML rule", "scriptlet, style and HTML rules")} skipped · ${count(s.unsupported)} unsupported`,
          ])
        : node("p", { class: "fl-counts hint", text: l.text ? (this.error ? "" : "Reading the list…") : "" });
      const unsupported =
        s && s.firstUnsupported.length
          ? node("details", { class: "fl-unsupported" }, [
              node("summary", { text: s.unsupported > s.firstUnsupported.length ? `The first ${s.firstUnsupported.length} of ${count(s.unsupported)} lines not used` : "Lines not used" }),
              node(
                "ul",
                {},
                s.firstUnsupported.map((e) => node("li", {}, [`line ${e.line}: ${e.message} `, node("code", { text: e.text })])),
              ),
            ])
          : null;
      const refresh = l.kind === "url" ? node("button", { type: "button", class: "button small", text: "Fetch again", "data-fl-refresh": String(l.id) }) : null;
      const remove = node("button", { type: "button", class: "button small", text: "Remove", "data-fl-remove": String(l.id), "aria-label": `Remove ${l.name}` });
      refresh?.addEventListener("click", () => this.refresh(l, { force: true }));
      remove.addEventListener("click", () => this.remove(l));
      return node("li", { class: "fl-list", "data-list": l.name }, [
        node("div", { class: "fl-head" }, [node("span", { class: "fl-name", text: l.name }), node("span", { class: "hint", text: ` ${formatBytes(l.bytes)}, ${source}` }), refresh, remove]),
        counts,
        unsupported,
        l.note ? node("p", { class: "fl-note", text: l.note }) : null,
      ]);
    });
    if (!items.length) items.push(node("li", { class: "hint", text: "No list yet." }));
    if (this.error) items.push(node("li", { class: "error fl-error", role: "alert", text: `The lists could not be used: ${this.error.message}` }));
    this.listEl.replaceChildren(...items);
  }
}
