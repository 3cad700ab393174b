// mXSS: cleaned HTML is text that a browser parses again, and a streaming cleaner never builds the
// tree the browser will. This test cleans DOMPurify's payloads and namespace-confusion cases of
// our own (svg/math with style, noscript, template, textarea, title, xmp, comments, CDATA,
// mglyph and malignmark, form and select nesting, ...) with the npm package (pkg/node, built by
// scripts/build-wasm.sh), in both modes, as a fragment and inside a page. In headless Chromium
// every distinct output is then
//   1. parsed four ways (DOMParser, a template's innerHTML, Document.parseHTMLUnsafe with
//      declarative shadow roots, DOMParser inside a div as the page shows it) and walked,
//      template contents and shadow roots included: no script, frame, plugin, base or meta
//      http-equiv element, no on* attribute, no javascript:, vbscript: or non-image data: URL in
//      a URL attribute;
//      It is also parsed followed by text that would complete a tag it left unfinished (`>`,
//      `">`, `'>`, ` x>`, `</div><p>after</p>`) and between markup before and after it, as the
//      page, "Copy HTML" and a template use it;
//   2. loaded in an iframe, as a document of its own, inside a div of one and followed by that
//      text (no sandbox, same
//      origin, no CSP that blocks anything), with alert, confirm, prompt, print, open, fetch and
//      XMLHttpRequest hooked, a report-only CSP whose `securitypolicyviolation` events reveal any
//      script that runs (inline, handler, javascript: URL, eval), and every request watched:
//      nothing may execute, no script or frame may load.
//
//   node --test tests/js/mxss.test.mjs
//
// Needs playwright-core (npm install at the root) and Chromium at /usr/bin/chromium ($CHROMIUM).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { clean } from "../../pkg/node/index.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ORIGIN = "http://mxss.test";
const rootRequire = createRequire(path.join(ROOT, "package.json"));

// Namespace confusion, raw-text and comment tricks: inputs whose tokens a streaming parser and a
// browser's tree builder may read differently. Each must clean to something harmless.
const CASES = [
  ["svg style", `<svg><style><img src=x onerror=alert(1)></style></svg>`],
  ["math style", `<math><style><img src=x onerror=alert(1)></style></math>`],
  ["svg style ends in attribute", `<svg><p><style><a id="</style><img src=1 onerror=alert(1)>"></p></svg>`],
  ["svg </p> breakout then style", `<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">`],
  ["svg title", `<svg><title><img src=x onerror=alert(1)></title></svg>`],
  ["math mi mglyph title", `<math><mi><mglyph><title><img src=x onerror=alert(1)></title></mglyph></mi></math>`],
  ["math mo mglyph title", `<math><mo><mglyph><title><img src=x onerror=alert(1)></title></mglyph></mo></math>`],
  ["math mtext malignmark title", `<math><mtext><malignmark><title><img src=x onerror=alert(1)></title></malignmark></mtext></math>`],
  ["math mtext mglyph style", `<math><mtext><mglyph><style><img src=x onerror=alert(1)></style></mglyph></mtext></math>`],
  ["math mtext table mglyph style", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>`],
  ["math mtext table mglyph style comment", `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img src=1 onerror=alert(1)&gt;"></mglyph></table></mtext></math>`],
  ["form math mtext mglyph style", `<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`],
  ["math mi mglyph svg mtext style", `<math><mtext><mglyph><svg><mtext><style><path id="</style><img onerror=alert(1) src>"></mtext></svg></mglyph></mtext></math>`],
  ["annotation-xml text/html style", `<math><annotation-xml encoding="text/html"><style><img src=x onerror=alert(1)></style></annotation-xml></math>`],
  ["annotation-xml TEXT/HTML title", `<math><annotation-xml encoding="TEXT/HTML"><title><img src=x onerror=alert(1)></title></annotation-xml></math>`],
  ["annotation-xml encoding with space", `<math><annotation-xml encoding="text/html "><title><img src=x onerror=alert(1)></title></annotation-xml></math>`],
  ["annotation-xml svg title", `<math><annotation-xml><svg><title><img src=x onerror=alert(1)></title></svg></annotation-xml></math>`],
  ["foreignObject style", `<svg><foreignObject><style><img src=x onerror=alert(1)></style></foreignObject></svg>`],
  ["foreignObject closed by </svg>, CDATA after", `<svg><foreignObject></svg></foreignObject><![CDATA[><img src=x onerror=alert(1)>]]>`],
  ["desc closed by </svg>, title after", `<svg><desc></svg><title><img src=x onerror=alert(1)></title>`],
  ["svg font size breakout title", `<svg><font size=2><title><img src=x onerror=alert(1)></title></font></svg>`],
  ["svg font without attributes title", `<svg><font><title><img src=x onerror=alert(1)></title></font></svg>`],
  ["svg CDATA", `<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>`],
  ["math CDATA", `<math><![CDATA[><img src=x onerror=alert(1)>]]></math>`],
  ["CDATA outside foreign content", `<![CDATA[><img src=x onerror=alert(1)>]]>`],
  ["CDATA hides </svg>", `<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]>`],
  ["mtext CDATA", `<math><mtext><![CDATA[><img src=x onerror=alert(1)>]]></mtext></math>`],
  ["desc CDATA", `<svg><desc><![CDATA[</desc><img src=x onerror=alert(1)>]]></svg>`],
  ["svg CDATA comment", `<svg><![CDATA[<!--]]><img src=x onerror=alert(1)>-->`],
  ["svg title comment", `<svg><title><!--</title><img src=x onerror=alert(1)>--></title></svg>`],
  ["noscript attribute", `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`],
  ["svg noscript breakout", `<p><p><svg><noscript></p><script>alert(1)</script></noscript> x </svg>`],
  ["template style", `<template><style></template><img src=x onerror=alert(1)></style></template>`],
  ["declarative shadow root", `<div><template shadowrootmode="open"><img src=x onerror=alert(1)><slot></slot></template>x</div>`],
  ["textarea", `<textarea></textarea><img src=x onerror=alert(1)></textarea>`],
  ["svg textarea", `<svg><title><textarea><img src=x onerror=alert(1)></textarea></title></svg>`],
  ["title in body", `<title><img src=x onerror=alert(1)></title>`],
  ["xmp", `<xmp><img title="</xmp><img src=x onerror=alert(1)>"></xmp>`],
  ["noembed", `<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>`],
  ["noframes", `<noframes><img title="</noframes><img src=x onerror=alert(1)>"></noframes>`],
  ["iframe raw text", `<iframe><img title="</iframe><img src=x onerror=alert(1)>"></iframe>`],
  ["plaintext", `<plaintext><img src=x onerror=alert(1)>`],
  ["comment <!-->", `<!--><img src=x onerror=alert(1)>-->`],
  ["comment <!--->", `<!---><img src=x onerror=alert(1)>-->`],
  ["comment --!>", `<!-- --!><img src=x onerror=alert(1)>-->`],
  ["comment in attribute", `<img alt="<!--" src=x onerror=alert(1)>-->`],
  ["bogus comment", `<? foo="><img src=x onerror=alert(1)>">`],
  ["select template style", `<select><template><style><img src=x onerror=alert(1)></style></template></select>`],
  ["select style", `<select><style><img src=x onerror=alert(1)></style></select>`],
  ["select iframe", `<select><iframe><img src=x onerror=alert(1)></iframe></select>`],
  ["select form", `<p><select><form> x </form></select><img src=x onerror=alert(1)>`],
  ["svg select style", `<svg><select><style><img src=x onerror=alert(1)></style></select></svg>`],
  ["table svg title", `<table><svg><title><img src=x onerror=alert(1)></title></svg></table>`],
  ["table math mtext title", `<table><math><mtext><title><img src=x onerror=alert(1)></title></mtext></math></table>`],
  ["svg table title", `<svg><table><title><img src=x onerror=alert(1)></title></table></svg>`],
  ["svg xlink javascript", `<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>`],
  ["math href javascript", `<math href="javascript:alert(1)">click</math>`],
  ["svg animate href", `<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>`],
  ["svg set href", `<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>`],
  ["svg script href", `<svg><script href="data:,alert(1)"/></svg>`],
  ["svg use data", `<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(1)'/></svg>#x"/></svg>`],
  ["duplicate href", `<a href="https://example.com/" href="javascript:alert(1)">x</a>`],
  ["entity-split scheme", `<a href="jav&#x0A;ascript&colon;alert(1)">x</a>`],
  ["unclosed p then removed block", `<p>a<div class="ad-slot"><img src=x onerror=alert(1)></div>b`],
  ["nested links", `<a href="/a"><a href="javascript:alert(1)">x</a></a>`],
  ["heading in heading", `<h2 onclick="alert(1)"><h3 onmouseover="alert(2)">x</h3></h2>`],
  // The input's end inside a tag, a value, a comment, raw text: nothing unfinished may reach the output.
  ["ends inside svg onload", `<p>Hello there, a paragraph of text.</p><svg/onload=alert(1)`],
  ["ends inside a javascript: link", `<p>x</p><a href="javascript:alert(1)" `],
  ["ends inside img onerror", `<p>x</p><img src=x onerror=alert(1)`],
  ["ends inside a quoted value", `<p>x</p><img src="x" alt="a onerror=alert(1) `],
  ["ends inside an iframe src", `<p>x</p><iframe src=javascript:alert(1)`],
  ["ends inside a comment", `<p>x</p><!-- <img src=x onerror=alert(1)>`],
  ["ends inside a doctype", `<p>x</p><!doctype html`],
  ["ends inside CDATA", `<p>x</p><svg><![CDATA[ <img src=x onerror=alert(1)>`],
  ["ends inside an unclosed style", `<p>x</p><style>p{}</style><style><img src=x onerror=alert(1)>`],
  ["ends inside set attributeName", `<svg><a><set attributeName="xlink:href" to="javascript:alert(1)"`],
  ["ends inside an end tag", `<p>x</p></p a="<img src=x onerror=alert(1)>`],
  ["text < before a removed element", `<p>x <<script>z</script>img src=x onerror=alert(1)>y</p>`],
  ["malformed attribute name", `<p>x</p><img src=x id/=' onerror=alert(1)//'>`],
  // A noscript with a page's worth of words is read as markup (a forum's posts); a browser running scripts ends it at the first </noscript>.
  ["noscript read as markup", `<div id=app></div><noscript>${"<p>A post about winter storage for small boats, the farm on the coast road.</p>".repeat(10)}<p title="</noscript><img src=x onerror=alert(1)>">x</p></noscript>`],
  ["noscript read as markup, style inside", `<noscript>${"<p>A post about winter storage for small boats, the farm on the coast road.</p>".repeat(10)}<style></noscript><img src=x onerror=alert(1)></style>`],
];

/** Text placed after cleaned output that would complete a tag, value or comment it left open. */
const TAILS = [">", '">', "'>", " x>", "</div><p>after</p>"];

/** DOMPurify's payloads. */
function payloads() {
  const list = JSON.parse(fs.readFileSync(path.join(ROOT, "tests", "data", "xss", "dompurify-vectors.json"), "utf8"));
  return list.map((p, i) => [`DOMPurify #${i} ${p.title}`, p.payload]);
}

/** Every input in both modes, as a fragment and in a page: the distinct outputs, each with the inputs that gave it. */
function outputs() {
  const byHtml = new Map();
  for (const [label, payload] of [...payloads(), ...CASES]) {
    const contexts = [
      ["fragment", payload],
      ["in a page", `<!doctype html><html><head><title>t</title></head><body><article><h1>Headline</h1><p>First paragraph of the story, long enough to read as prose, with a comma, and more words.</p>${payload}<p>Last paragraph of the story, also long enough to count, with a comma, and more words.</p></article></body></html>`],
    ];
    for (const [context, input] of contexts) {
      for (const mode of ["clean", "article"]) {
        const html = clean(input, { mode }).html;
        const from = `${label} (${context}, ${mode} mode)`;
        if (!byHtml.has(html)) byHtml.set(html, []);
        byHtml.get(html).push(from);
      }
    }
  }
  return [...byHtml.entries()].map(([html, from]) => ({ html, from }));
}

// Runs in the page: what a browser would execute or load from `html`, parsed four ways.
function staticProblems([htmls, tails]) {
  const wrap = (html) => `<!doctype html><html><head><meta charset="utf-8"></head><body><div class="unclutter-article">${html}</div></body></html>`;
  const FORBIDDEN = new Set(["script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "fencedframe", "link", "style", "template", "noscript", "animate", "set", "animatemotion", "animatetransform", "handler", "listener"]);
  const URL_ATTRS = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "codebase", "cite", "longdesc", "srcset", "imagesrcset", "lowsrc", "dynsrc", "ping", "manifest", "icon", "archive", "profile", "usemap", "to", "from", "values", "by"]);
  const IMAGES = new Set(["img", "source", "image", "feimage", "video", "picture"]);
  const scheme = (url) => {
    const s = url.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+/, "").toLowerCase();
    const m = /^([a-z][a-z0-9+.-]*):/.exec(s);
    return m ? m[1] : "";
  };
  const check = (root, where, found) => {
    for (const el of root.querySelectorAll("*")) {
      const name = el.localName.toLowerCase();
      if (FORBIDDEN.has(name)) found.push(`${where}: <${name}> element`);
      if (name === "meta" && el.hasAttribute("http-equiv")) found.push(`${where}: meta http-equiv`);
      for (const a of el.attributes) {
        const an = a.name.toLowerCase();
        if (an.startsWith("on")) found.push(`${where}: ${an} on <${name}>`);
        if (an === "srcdoc") found.push(`${where}: srcdoc on <${name}>`);
        if (an === "style" && /url\s*\(|expression\s*\(/i.test(a.value)) found.push(`${where}: style url() on <${name}>`);
        if (URL_ATTRS.has(an) || an.endsWith(":href")) {
          const parts = an.endsWith("srcset") ? a.value.split(",") : [a.value];
          for (const part of parts) {
            const s = scheme(part);
            const image = IMAGES.has(name) && /^\s*data:image\//i.test(part);
            if (s === "javascript" || s === "vbscript" || s === "livescript" || (s === "data" && !image)) {
              found.push(`${where}: ${an}="${a.value.slice(0, 60)}" on <${name}>`);
            }
          }
        }
      }
      if (el.content instanceof DocumentFragment) check(el.content, `${where} template`, found);
      if (el.shadowRoot) check(el.shadowRoot, `${where} shadow root`, found);
    }
  };
  return htmls.map((html) => {
    const found = [];
    check(new DOMParser().parseFromString(html, "text/html"), "DOMParser", found);
    for (const tail of tails) {
      check(new DOMParser().parseFromString(html + tail, "text/html"), `followed by ${JSON.stringify(tail)}`, found);
    }
    check(new DOMParser().parseFromString(`<div><p>before</p>${html}</div><p>after</p>`, "text/html"), "between markup", found);
    const t = document.createElement("template");
    t.innerHTML = html;
    check(t.content, "template innerHTML", found);
    if (typeof Document.parseHTMLUnsafe === "function") {
      check(Document.parseHTMLUnsafe(html), "parseHTMLUnsafe", found);
    }
    // As the page shows it: inside a div in the body of a document of its own.
    check(new DOMParser().parseFromString(wrap(html), "text/html"), "inside a div", found);
    return found;
  });
}

// Runs in every frame before its own scripts: anything that executes reports itself.
const HOOKS = `(() => {
  const report = (what) => { try { window.__unclutterRan(String(what).slice(0, 200)); } catch (e) {} };
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => report(name + "(" + args.join(",") + ")");
  }
  window.open = (url) => report("open(" + url + ")");
  window.fetch = (url) => { report("fetch(" + url + ")"); return Promise.reject(new Error("blocked")); };
  XMLHttpRequest.prototype.open = function (method, url) { report("XMLHttpRequest " + url); };
  document.addEventListener("securitypolicyviolation", (e) => {
    report("CSP " + e.effectiveDirective + " " + e.blockedURI + " " + (e.sample || ""));
  }, true);
})();`;

// Report-only: blocks nothing, but any script that runs (inline, handler, javascript: URL, eval),
// any plugin and any frame shows up as a violation event.
const REPORT_ONLY_CSP = "script-src 'none'; object-src 'none'; frame-src 'none'; child-src 'none'; base-uri 'none'; form-action 'none'";

let browser;
let page;
const ran = []; // [case path, what]
const loads = []; // requests for scripts, frames and plugins

before(async () => {
  assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or scripts/setup.sh need_browser)`);
  const { chromium } = rootRequire("playwright-core");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  page = await browser.newPage();
  await page.exposeBinding("__unclutterRan", ({ frame }, what) => ran.push([new URL(frame.url()).pathname, what]));
  await page.addInitScript(HOOKS);
  page.on("dialog", (d) => {
    ran.push(["(dialog)", d.message()]);
    d.dismiss().catch(() => {});
  });
});

after(async () => {
  await browser?.close();
});

/** Serves `docs` (path → html) at ORIGIN; everything else gets an empty 404, and scripts, frames and plugins are recorded. */
async function serve(docs) {
  await page.unroute("**/*").catch(() => {});
  await page.route("**/*", (route) => {
    const req = route.request();
    const url = new URL(req.url());
    if (url.origin === ORIGIN && docs.has(url.pathname)) {
      const headers = { "content-type": "text/html; charset=utf-8" };
      // The cases, not the page that frames them.
      if (url.pathname !== "/") headers["content-security-policy-report-only"] = REPORT_ONLY_CSP;
      return route.fulfill({ status: 200, headers, body: docs.get(url.pathname) });
    }
    const type = req.resourceType();
    if (["script", "document", "object", "embed"].includes(type) && !(type === "document" && url.origin === ORIGIN && url.pathname === "/")) {
      loads.push(`${type} ${req.url().slice(0, 120)} (from ${req.frame().url()})`);
    }
    return route.fulfill({ status: 404, body: "" });
  });
}

/** Loads each path in an iframe, `batch` at a time, and waits for them to settle. */
async function loadAll(paths, batch = 24) {
  for (let i = 0; i < paths.length; i += batch) {
    await page.evaluate(async (chunk) => {
      const frames = chunk.map((src) => {
        const f = document.createElement("iframe");
        f.src = src;
        document.body.append(f);
        return new Promise((resolve) => {
          f.onload = resolve;
          setTimeout(resolve, 3000);
        });
      });
      await Promise.all(frames);
      // Error events of images and timers of handlers fire after load.
      await new Promise((r) => setTimeout(r, 150));
      document.body.replaceChildren();
    }, paths.slice(i, i + batch));
  }
}

test("the browser checks see what they must: an unsafe input is caught both ways", async () => {
  const bad = `<img src=x onerror=alert(1)><a href=" java\tscript:alert(2)">x</a><svg><script>alert(3)</script></svg>`;
  await serve(new Map([["/", "<!doctype html><title>mxss</title>"], ["/control", bad]]));
  await page.goto(`${ORIGIN}/`);
  const [found] = await page.evaluate(staticProblems, [[bad], TAILS]);
  assert.ok(found.some((f) => f.includes("onerror")), found.join("\n"));
  assert.ok(found.some((f) => f.includes("href=")), found.join("\n"));
  assert.ok(found.some((f) => f.includes("<script>")), found.join("\n"));
  ran.length = 0;
  await loadAll(["/control"]);
  assert.ok(ran.some(([, what]) => what.startsWith("alert(")), `hooks saw nothing: ${JSON.stringify(ran)}`);
  assert.ok(ran.some(([, what]) => what.startsWith("CSP")), `no CSP violation seen: ${JSON.stringify(ran)}`);
  ran.length = 0;
});

// What the cleaner returned for two of the cases above before they were fixed: lol_html reads the
// `title` as an HTML title (raw text, copied verbatim) where Chromium sees a MathML element whose
// `<img>` breaks out into HTML; and a CDATA section lol_html thought was in SVG, which Chromium
// reads as a bogus comment ending at the first `>`. Both run script in Chromium.
// And, third and fourth, what it returned for a page ending inside a tag and for a text `<` before
// a removed script (`x <<script>…</script>img …>`), each followed by the `>` of whatever came next.
const BEFORE_THE_FIX = [
  `<math><mi><mglyph><title><img src=x onerror=alert(1)></title></mglyph></mi></math>`,
  `<svg><foreignObject></svg></foreignObject><![CDATA[><img src=x onerror=alert(2)>]]>`,
  `<p>Hello there, a paragraph of text.</p><svg/onload=alert(3)` + ">",
  `<p>x <img src=x onerror=alert(4)>y</p>`,
];

test("outputs from before the raw-text fix are caught as running script", async () => {
  const docs = new Map([["/", "<!doctype html><title>mxss</title>"]]);
  BEFORE_THE_FIX.forEach((html, i) => docs.set(`/old/${i}`, html));
  await serve(docs);
  await page.goto(`${ORIGIN}/`);
  const found = await page.evaluate(staticProblems, [BEFORE_THE_FIX, TAILS]);
  for (const [i, f] of found.entries()) {
    assert.ok(f.some((p) => /onerror|onload/.test(p)), `${BEFORE_THE_FIX[i]}: ${f.join("; ")}`);
  }
  ran.length = 0;
  await loadAll(BEFORE_THE_FIX.map((_, i) => `/old/${i}`));
  for (const i of BEFORE_THE_FIX.keys()) {
    assert.ok(ran.some(([where, what]) => where === `/old/${i}` && what === `alert(${i + 1})`), `${BEFORE_THE_FIX[i]} did not run: ${JSON.stringify(ran)}`);
  }
  ran.length = 0;
});

test(`DOMPurify's payloads and ${CASES.length} namespace-confusion cases, cleaned in both modes: nothing runs in Chromium`, async () => {
  assert.ok(CASES.length >= 30);
  const list = outputs();
  const docs = new Map([["/", "<!doctype html><title>mxss</title>"]]);
  list.forEach((o, i) => {
    docs.set(`/case/${i}`, o.html);
    // As the page shows it (www/render.js): inside a div in a document of its own.
    docs.set(`/wrapped/${i}`, `<!doctype html><html><head><meta charset="utf-8"></head><body><div class="unclutter-article">${o.html}</div></body></html>`);
    // Followed by more markup, as in a template: every tail at once.
    docs.set(`/tailed/${i}`, `<!doctype html><html><head><meta charset="utf-8"></head><body><div><p>before</p>${o.html}${TAILS.join("")}</div><p>after</p></body></html>`);
  });
  await serve(docs);
  await page.goto(`${ORIGIN}/`);

  const found = await page.evaluate(staticProblems, [list.map((o) => o.html), TAILS]);
  const unsafe = [];
  found.forEach((f, i) => {
    if (f.length) unsafe.push(`${list[i].from[0]}${list[i].from.length > 1 ? ` (+${list[i].from.length - 1})` : ""}: ${[...new Set(f)].join("; ")}\n    output: ${list[i].html.slice(0, 300)}`);
  });

  ran.length = 0;
  loads.length = 0;
  await loadAll(list.flatMap((_, i) => [`/case/${i}`, `/wrapped/${i}`, `/tailed/${i}`]));
  const executed = ran.map(([where, what]) => {
    const m = /^\/(case|wrapped|tailed)\/(\d+)$/.exec(where);
    const o = m ? list[Number(m[2])] : undefined;
    return o ? `${o.from[0]}: ${what}\n    output: ${o.html.slice(0, 300)}` : `${where}: ${what}`;
  });
  console.log(`# ${list.length} distinct outputs from ${payloads().length + CASES.length} inputs x 2 contexts x 2 modes; ${unsafe.length} unsafe parses, ${executed.length} executions, ${loads.length} script/frame loads`);
  assert.deepEqual(unsafe, [], `unsafe after a browser's parse:\n${unsafe.join("\n")}`);
  assert.deepEqual(executed, [], `ran in Chromium:\n${executed.join("\n")}`);
  assert.deepEqual(loads, [], `loaded:\n${loads.join("\n")}`);
});
