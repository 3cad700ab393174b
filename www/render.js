// Pure string functions shared by the page and the worker: the reader document for the article
// frame, and small formatting helpers. No DOM here (the worker has none).

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
 * `origin` is the page's origin (for reader.css); `images` allows remote images; `url` is the
 * article's address, used as the base for its relative links and images.
 */
export function readerDocument(result, { origin, images = false, url = null } = {}) {
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
    result.html +
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

/** A removal's reason in words. */
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
