// Pure string functions shared by the page and the worker: the reader document for the article
// frame, and small formatting helpers. No DOM here (the worker has none).

import { WHAT } from "./categories.js";

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** An http(s) URL's normalised form, or null for anything else (javascript:, data:, garbage). */
export function httpUrl(s) {
  if (!s) return null;
  try {
    const u = new URL(String(s).trim());
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

/** "1.2 MB", "830 KB", "512 bytes". */
export function formatBytes(n) {
  if (!Number.isFinite(n)) return "?";
  if (n < 1000) return `${n} byte${n === 1 ? "" : "s"}`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)} KB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

/** A published time for people: "24 July 2015" in the page's language when the date parses. */
export function formatDate(value, lang) {
  if (!value) return "";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  try {
    return d.toLocaleDateString(lang || undefined, { year: "numeric", month: "long", day: "numeric" });
  } catch {
    return d.toISOString().slice(0, 10);
  }
}

/**
 * The Content-Security-Policy of the article frame. The article is already sanitized by the
 * cleaner; this is the second wall: no script of any kind, no plugins, no forms, no fonts or media,
 * style only from our own reader.css, images only as data: URLs unless the reader turned images on
 * (then from any http(s) address too: the page's own images usually live on a CDN host, so
 * limiting them to the page's origin would hide most of them).
 */
export function frameCsp({ origin, images, base }) {
  const img = images ? "data: http: https:" : "data:";
  return [
    "default-src 'none'",
    "script-src 'none'",
    "object-src 'none'",
    `style-src ${origin}/reader.css`,
    `img-src ${img}`,
    "font-src 'none'",
    "media-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    `base-uri ${base ? new URL(base).origin : "'none'"}`,
  ].join("; ");
}

/**
 * The document shown in the sandboxed article frame (its srcdoc): our CSP first, then a header
 * from the metadata, then the cleaned page as the cleaner returned it. The cleaned page is a whole
 * document (doctype, html, head, body); inside our body the HTML parser folds its html/body
 * attributes into ours and keeps its title out of sight, so it can be appended as is.
 *
 * `origin` is the page's origin (for reader.css); `images` allows remote images (without them,
 * each gets a placeholder: `articleHtml`); `url` is the article's address, used as the base for
 * its relative links and images; `mark` is where a restored block starts (`markOffset`).
 */
export function readerDocument(result, { origin, images = false, url = null, mark = -1 } = {}) {
  const meta = result.metadata ?? {};
  const base = httpUrl(url) ?? httpUrl(meta.canonicalUrl);
  const lang = meta.lang && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(meta.lang) ? meta.lang : "";
  const dir = meta.dir === "rtl" || meta.dir === "ltr" ? meta.dir : "";
  const head = [
    `<meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(frameCsp({ origin, images, base }))}">`,
    `<meta name="referrer" content="no-referrer">`,
    base ? `<base href="${escapeHtml(base)}" target="_blank">` : `<base target="_blank">`,
    `<link rel="stylesheet" href="${escapeHtml(origin)}/reader.css">`,
    `<title>${escapeHtml(meta.title ?? "Article")}</title>`,
  ];
  return (
    `<!doctype html><html${lang ? ` lang="${escapeHtml(lang)}"` : ""}${dir ? ` dir="${dir}"` : ""}` +
    `${images ? "" : ` class="no-images"`}><head>${head.join("")}</head>` +
    `<body>${metadataHeader(result)}<div class="unclutter-article">` +
    articleHtml(result.html, { images, mark }) +
    `</div></body></html>`
  );
}

/**
 * The header above the article: site name, title (only when the article has no h1 of its own, so
 * it is not shown twice), byline and date.
 */
export function metadataHeader(result) {
  const meta = result.metadata ?? {};
  const parts = [];
  if (meta.siteName) parts.push(`<p class="unclutter-site">${escapeHtml(meta.siteName)}</p>`);
  if (meta.title && !/<h1[\s>]/i.test(result.html)) parts.push(`<h1 class="unclutter-title">${escapeHtml(meta.title)}</h1>`);
  const line = [];
  if (meta.byline) line.push(`<span class="unclutter-byline">${escapeHtml(meta.byline)}</span>`);
  if (meta.publishedTime) {
    const when = formatDate(meta.publishedTime, meta.lang);
    line.push(`<time class="unclutter-date" datetime="${escapeHtml(meta.publishedTime)}">${escapeHtml(when)}</time>`);
  }
  if (line.length) parts.push(`<p class="unclutter-dateline">${line.join(`<span aria-hidden="true"> · </span>`)}</p>`);
  return parts.length ? `<header class="unclutter-meta">${parts.join("")}</header>` : "";
}

/** A file name for a download: the title's words, lower case, or "article". */
export function fileNameFor(title) {
  const slug = String(title ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return `${slug || "article"}.html`;
}

/** A removal's reason as the rule or pattern that matched (the technical line, on request). */
export function describeReason(reason) {
  if (!reason) return "";
  switch (reason.kind) {
    case "rule":
      return `rule ${reason.selector} (${reason.file}:${reason.line})`;
    case "token":
      return `${reason.attribute} word “${reason.pattern}”`;
    case "phrase":
      return `phrase “${reason.phrase}” (${reason.lang})`;
    case "structure":
      return reason.signal;
    case "sanitizer":
      return `unsafe: ${reason.what}`;
    default:
      return String(reason.kind ?? "");
  }
}

/** The technical line of a removal: its tag, what was done, the reason as the cleaner gives it. */
export function technicalReason(item) {
  return `<${item.tag}>${item.action === "remove" ? "" : ` ${item.action}`} · ${describeReason(item.reason)}`;
}


// Why the sanitizer removed something, by what it was.
const UNSAFE = [
  [/^script/, "A script: code the page would run."],
  [/^style sheet|^link/, "The site’s styling (the article has its own)."],
  [/^frame/, "An embedded frame (another page inside this one)."],
  [/^video frame/, "A video player, replaced by a link to the video."],
  [/^plugin/, "Plugin content (Flash and the like)."],
  [/^noscript \(its images kept\)/, "A fallback for browsers without scripts; its images are kept."],
  [/^noscript/, "A fallback for browsers without scripts."],
  [/^form control/, "A form field or button (the article has no forms)."],
  [/^attribute/, "Attributes that could run code or load things (the element stays)."],
  [/^tags with too many attributes/, "Markup with too many attributes (its text stays)."],
  [/^base URL|^meta http-equiv/, "Page settings that could redirect or change links."],
  [/^SVG/, "An animated or scripted drawing."],
];

/** How the cleaner knew, in a sentence (the rule or pattern itself is in `technicalReason`). */
function howKnown(item) {
  const r = item.reason ?? {};
  switch (r.kind) {
    case "rule":
      return "It matches an ad-blocker rule for such boxes.";
    case "token":
      return `Its ${r.attribute === "id" ? "id" : "class name"} says so (“${r.pattern}”).`;
    case "phrase":
      return `Its words say so (“${r.phrase}”).`;
    case "structure": {
      const s = String(r.signal ?? "");
      if (/display:none|visibility:hidden|hidden attribute|aria-hidden/.test(s)) return "The page hides it.";
      if (/outside the article/.test(s)) return "It is not part of the article.";
      if (/unlikely place|negative class/.test(s)) return "Its place on the page is where sites put extras, not the story.";
      if (/overlay|dialog/.test(s)) return "It is a box laid over the page.";
      if (/teaser/.test(s)) return "It is a headline that links elsewhere.";
      if (/nav|navigation|menu|header|footer|banner|contentinfo|search/.test(s)) return "It is the page’s header, footer or menu.";
      if (/heading/.test(s)) return `It is a section under ${s.replace(/^section under an? /, "")}.`;
      return "Its place and markup on the page say so.";
    }
    default:
      return "";
  }
}

/** A removal for readers: what it was and how the cleaner knew, in two short sentences. */
export function explainRemoval(item) {
  if (item.category === "unsafe") {
    const what = String(item.reason?.what ?? "");
    return UNSAFE.find(([re]) => re.test(what))?.[1] ?? "Markup that could run code or track you.";
  }
  const what = WHAT[item.category] ?? "Clutter.";
  return `${what} ${howKnown(item)}`.trim();
}

/** What a removal without text was, for the panel's excerpt line. */
export function emptyExcerpt(item) {
  const t = String(item.tag ?? "").toLowerCase();
  if (t === "img" || t === "picture") return "An image, no text";
  if (t === "svg" || t === "canvas") return "A drawing, no text";
  if (t === "iframe" || t === "frame") return "An embedded frame, no text";
  if (t === "video" || t === "audio") return "A media player, no text";
  if (t === "script" || t === "noscript") return "A script, no text";
  if (t === "style" || t === "link") return "Styles, no text";
  if (["input", "button", "select", "form", "textarea"].includes(t)) return "A form control, no text";
  return `An empty box <${t}>, no text`;
}

/** The signs of a truncated article, in words (for the notice above it). */
export function truncationSigns(t) {
  if (!t) return [];
  const signs = [];
  if (t.cutOff) signs.push(`its last paragraph breaks off (“${t.cutOff}”)`);
  if (t.statedWords) signs.push(`it has ${t.words.toLocaleString("en")} of the ${t.statedWords.toLocaleString("en")} words the page says the article has`);
  if (t.notFree) signs.push("the page marks the article as not free to read");
  if (t.paywallRemovals) signs.push(`a paywall prompt was removed`);
  return signs;
}

// ---- the article's HTML, read as tags ---------------------------------------------------------
//
// The cleaned HTML is shown as the cleaner wrote it. Two small, fixed insertions are made into it
// (never a parse and re-serialisation, which can change what markup means): a placeholder after
// each image that is not loaded, and an empty marker before a restored block. Where to put them
// is found by reading the tags as a browser's tokenizer does (quoted attribute values, comments,
// raw-text elements), so nothing is inserted inside a tag or a raw-text element; what is inserted
// has no quotes and its text is escaped, so even a wrong place could not change any markup.

const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"]);
const isAsciiLetter = (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;

/**
 * The tags of `html` in order: { start, end, name, close, attrs } (attrs from `attributes`).
 * Text, comments, doctypes and raw-text content are passed over.
 */
export function* tags(html) {
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt < 0) return;
    const c = html.charCodeAt(lt + 1);
    if (c === 33 /* ! */ || c === 63 /* ? */) {
      // Comment, doctype, CDATA or a bogus comment: to its end.
      const comment = html.startsWith("<!--", lt);
      const end = comment ? html.indexOf("-->", lt + 4) : html.indexOf(">", lt);
      i = end < 0 ? n : end + (comment ? 3 : 1);
      continue;
    }
    const close = c === 47; /* / */
    const nameStart = close ? lt + 2 : lt + 1;
    if (!isAsciiLetter(html.charCodeAt(nameStart))) {
      i = lt + 1;
      continue;
    }
    let j = nameStart;
    while (j < n) {
      const d = html.charCodeAt(j);
      if (isSpace(d) || d === 47 || d === 62) break;
      j++;
    }
    const name = html.slice(nameStart, j).toLowerCase();
    // Attributes: a quote opens a value only after "=".
    let k = j;
    let afterEquals = false;
    while (k < n) {
      const d = html.charCodeAt(k);
      if (d === 62) break;
      if (d === 61) afterEquals = true;
      else if (afterEquals && (d === 34 || d === 39)) {
        const q = html.indexOf(d === 34 ? '"' : "'", k + 1);
        k = q < 0 ? n : q;
        afterEquals = false;
      } else if (!isSpace(d)) afterEquals = false;
      k++;
    }
    const end = Math.min(k + 1, n);
    yield { start: lt, end, name, close, attrStart: j, attrEnd: k };
    i = end;
    if (!close && RAW_TEXT.has(name)) {
      // Its text runs to the matching end tag.
      const lower = name.length;
      let m = i;
      for (;;) {
        const e = html.indexOf("</", m);
        if (e < 0) return;
        const d = html.charCodeAt(e + 2 + lower);
        if (html.slice(e + 2, e + 2 + lower).toLowerCase() === name && (isSpace(d) || d === 47 || d === 62 || Number.isNaN(d))) {
          i = e;
          break;
        }
        m = e + 2;
      }
    }
  }
}

/** The attributes of a tag from `tags`: a Map of lower-case name to raw value (first wins). */
export function attributes(html, tag) {
  const out = new Map();
  const s = html.slice(tag.attrStart, tag.attrEnd);
  const re = /([^\s"'>\/=][^\s"'>\/=]*)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]*)))?/g;
  for (const m of s.matchAll(re)) {
    const name = m[1].toLowerCase();
    if (!out.has(name)) out.set(name, m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

/** Text for element content from a raw attribute value (its character references stay as they are). */
function attrAsText(value) {
  return value.replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/["']/g, (c) => (c === '"' ? "&quot;" : "&#39;"));
}

const isRemote = (src) => src != null && src.trim() !== "" && !/^\s*data:/i.test(src);

/** Images in `html` that load from the web (not `data:`): what "Show images" would load. */
export function remoteImageCount(html) {
  if (!/<img/i.test(html)) return 0;
  let n = 0;
  for (const t of tags(html)) if (!t.close && t.name === "img" && isRemote(attributes(html, t).get("src"))) n++;
  return n;
}

/**
 * Where a marker for content that starts at offset `at` goes: the start of the tag `at` falls in,
 * or else of the next tag (a restored block starts with its own tag). -1 when there is none.
 */
export function markOffset(html, at) {
  for (const t of tags(html)) if (t.end > at) return t.close ? -1 : t.start;
  return -1;
}

export const MARK_ID = "unclutter-restored";

/**
 * The cleaned HTML as the frame shows it: with images off, a placeholder after each image that
 * is not loaded (its alt text; for an image without one, only inside a figure, where a caption
 * would otherwise stand alone); with `mark` (an offset from `markOffset`), an empty marker before
 * the block there, which reader.css highlights and scrolls to.
 */
export function articleHtml(html, { images = false, mark = -1 } = {}) {
  const inserts = [];
  if (!images && /<img/i.test(html)) {
    let figures = 0;
    for (const t of tags(html)) {
      if (t.name === "figure") figures = Math.max(0, figures + (t.close ? -1 : 1));
      if (t.close || t.name !== "img") continue;
      const a = attributes(html, t);
      if (!isRemote(a.get("src"))) continue;
      const alt = (a.get("alt") ?? "").replace(/\s+/g, " ").trim();
      if (!alt && !figures) continue;
      const label = alt ? `<span class=unclutter-image-label>Image: </span>${attrAsText(alt)}` : `<span class=unclutter-image-label>Image</span>`;
      inserts.push([t.end, `<span class=unclutter-image-off>${label}</span>`]);
    }
  }
  if (mark >= 0 && mark <= html.length) inserts.push([mark, `<span class=unclutter-mark id=${MARK_ID}></span>`]);
  if (!inserts.length) return html;
  inserts.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [offset, text] of inserts) {
    out += html.slice(at, offset) + text;
    at = offset;
  }
  return out + html.slice(at);
}

/** The length of the common start of two strings. */
export function commonPrefix(a, b) {
  const n = Math.min(a.length, b.length);
  // In blocks first (native comparison), then one by one.
  let i = 0;
  for (let step = 4096; step >= 1; step >>= 4) {
    while (i + step <= n && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  }
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
