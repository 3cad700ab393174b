// `unclutter/readability`: the shape of Mozilla's Readability (`new Readability(doc, options)
// .parse()` and `isProbablyReaderable(doc)`) over unclutter's article mode, so that code written
// for @mozilla/readability runs by changing its import. Written once over a binding's `clean` and
// `isProbablyReaderable` and shared by every entry point (npm/assemble.mjs copies this file into
// the package as an ES module and as CommonJS).

/** The functions of this file, over `binding` (the wasm-bindgen module). */
export function readability(binding) {
  const { clean } = binding;

  function fail(code, message) {
    return Object.assign(new Error(message), { code });
  }

  // unclutter's options that mean something here (mode and format are fixed: the article, as HTML).
  const OWN = ["url", "keep", "keepIds", "rules", "maxInputBytes", "charset"];
  // Readability's options: tunables of its own algorithm, accepted so that code written for it
  // runs, without effect (unclutter has no candidates, score or threshold to tune), except
  // `serializer`.
  const THEIRS = ["debug", "maxElemsToParse", "nbTopCandidates", "charThreshold", "classesToPreserve", "keepClasses", "serializer", "disableJSONLD", "allowedVideoRegex"];
  const THEIRS_READERABLE = ["minContentLength", "minScore", "visibilityChecker"];

  /** unclutter's options among `options`; an unknown name is an error, as in `clean`. */
  function ownOptions(options, theirs) {
    const own = {};
    for (const [key, value] of Object.entries(options ?? {})) {
      if (OWN.includes(key)) own[key] = value;
      else if (!theirs.includes(key)) throw fail("bad-option", `unknown option \`${key}\``);
    }
    return own;
  }

  /** The page's HTML and address from a Document (serialised) or an HTML string. */
  function pageOf(documentOrHtml) {
    if (typeof documentOrHtml === "string") return { html: documentOrHtml };
    const root = documentOrHtml?.documentElement;
    if (root && typeof root.outerHTML === "string") {
      const address = documentOrHtml.baseURI ?? documentOrHtml.URL;
      return { html: root.outerHTML, url: typeof address === "string" && /^https?:\/\//i.test(address) ? address : undefined, document: documentOrHtml };
    }
    throw fail("bad-input", "the first argument must be a Document (with documentElement.outerHTML) or a string of HTML");
  }

  const RAW_TEXT = new Set(["title", "textarea", "style", "script", "xmp", "iframe", "noembed", "noframes", "noscript"]);

  /**
   * The inside of the `<body>` of the cleaner's output (which is a whole document when the page
   * was one, else a fragment). Tags are read as an HTML tokenizer would: a `>` or `</body>` inside
   * a quoted attribute value, a comment or a raw-text element does not count.
   */
  function bodyOf(html) {
    const n = html.length;
    let lower;
    let start = -1;
    let end = -1;
    let i = 0;
    while ((i = html.indexOf("<", i)) !== -1) {
      if (html.startsWith("<!--", i)) {
        const e = html.indexOf("-->", i + 4);
        i = e < 0 ? n : e + 3;
        continue;
      }
      const m = /^<(\/?)([A-Za-z][^\s/>]*)/.exec(html.slice(i, i + 40));
      if (!m) {
        i += 1;
        continue;
      }
      let j = i + m[0].length;
      while (j < n && html[j] !== ">") {
        if (html[j] === "=") {
          j += 1;
          while (j < n && /\s/.test(html[j])) j += 1;
          const q = html[j];
          if (q === '"' || q === "'") {
            const e = html.indexOf(q, j + 1);
            j = e < 0 ? n : e + 1;
            continue;
          }
        }
        j += 1;
      }
      const closing = m[1] === "/";
      const name = m[2].toLowerCase();
      if (name === "body") {
        if (!closing && start < 0) start = j + 1;
        if (closing) end = i;
      }
      i = j + 1;
      if (!closing && RAW_TEXT.has(name)) {
        lower ??= html.toLowerCase();
        const e = lower.indexOf("</" + name, i);
        i = e < 0 ? n : e;
      }
    }
    if (start < 0) return html;
    return html.slice(Math.min(start, n), end >= start ? end : n);
  }

  /** Readability's excerpt when the page has no description: the article's first paragraph. */
  function firstParagraph(text, title) {
    const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && l !== title);
    return lines.find((l) => l.length >= 80) ?? lines[0] ?? null;
  }

  class Readability {
    #page;
    #own;
    #serializer;

    constructor(documentOrHtml, options) {
      this.#page = pageOf(documentOrHtml);
      this.#own = ownOptions(options, THEIRS);
      const serializer = options?.serializer;
      if (serializer !== undefined && typeof serializer !== "function") throw fail("bad-option", "serializer must be a function");
      if (serializer && typeof this.#page.document?.implementation?.createHTMLDocument !== "function") {
        throw fail("bad-option", "a serializer gets a DOM node: pass a Document, not a string");
      }
      this.#serializer = serializer;
    }

    /** The article, or null when the page has no text at all. */
    parse() {
      const { html, url, document } = this.#page;
      const r = clean(html, { ...this.#own, url: this.#own.url ?? url, mode: "article" });
      if (!r.text.trim()) return null;
      let content = bodyOf(r.html);
      if (this.#serializer) {
        // In a document of its own, with no browsing context: nothing in it loads or runs.
        const div = document.implementation.createHTMLDocument("").createElement("div");
        div.innerHTML = content;
        content = this.#serializer(div);
      }
      const md = r.metadata;
      const title = md.title ?? "";
      return {
        title,
        content,
        textContent: r.text,
        length: r.text.length,
        excerpt: md.excerpt ?? firstParagraph(r.text, title),
        byline: md.byline,
        dir: md.dir,
        siteName: md.siteName,
        lang: md.lang,
        publishedTime: md.publishedTime,
        removed: r.removed,
        pageType: r.pageType,
      };
    }
  }

  /** Whether the page probably holds an article (one analysis pass). */
  function isProbablyReaderable(documentOrHtml, options) {
    const { html, url } = pageOf(documentOrHtml);
    const own = ownOptions(options, THEIRS_READERABLE);
    return binding.isProbablyReaderable(html, { ...own, url: own.url ?? url });
  }

  return { Readability, isProbablyReaderable };
}
