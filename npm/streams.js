// Pages that arrive in pieces: `cleanStream`, `cleanResponse` and `cleanedResponse`, written
// once over a binding's `Session` and shared by every entry point (npm/assemble.mjs copies this
// file into the package as an ES module and as CommonJS). Each chunk is handed to the
// WebAssembly session as it arrives: one call per chunk, and the page is never one JS string.

/** The functions of this file, over `binding` (the wasm-bindgen module: `Session`). */
export function streaming(binding) {
  const { Session } = binding;

  function fail(code, message) {
    return Object.assign(new Error(message), { code });
  }

  /** A chunk as the session takes it: a string or a Uint8Array (a view of any other bytes). */
  function chunkOf(value) {
    if (typeof value === "string" || value instanceof Uint8Array) return value;
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    throw fail("bad-input", `a chunk must be a string, a Uint8Array or an ArrayBuffer, not ${value === null ? "null" : typeof value}`);
  }

  /** The `charset` parameter of a Content-Type header, if it has one. */
  function charsetOf(contentType) {
    if (typeof contentType !== "string") return undefined;
    for (const param of contentType.split(";").slice(1)) {
      const eq = param.indexOf("=");
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== "charset") continue;
      const value = param.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1").trim();
      return value || undefined;
    }
    return undefined;
  }

  function open(options, headerCharset) {
    const { cleaner, ...opts } = options ?? {};
    const start = (o) => (cleaner ? cleaner.session(o) : new Session(o));
    if (headerCharset !== undefined && opts.charset === undefined) {
      // A label the server got wrong is ignored, as browsers do; the page's own then decides.
      try {
        return start({ ...opts, charset: headerCharset });
      } catch (e) {
        if (e?.code !== "bad-option") throw e;
      }
    }
    return start(opts);
  }

  /**
   * Writes chunks to a session. A string chunk that ends inside a surrogate pair keeps its last
   * half for the next one: each string crosses to the module as UTF-8, where half a pair is
   * not a character.
   */
  function writer(session) {
    let held = "";
    return {
      write(value) {
        let chunk = chunkOf(value);
        if (typeof chunk === "string") {
          chunk = held + chunk;
          held = "";
          const last = chunk.charCodeAt(chunk.length - 1);
          if (last >= 0xd800 && last <= 0xdbff) {
            held = chunk.slice(-1);
            chunk = chunk.slice(0, -1);
          }
        }
        session.write(chunk);
      },
      end() {
        if (held) session.write(held);
      },
    };
  }

  async function feed(session, source) {
    const out = writer(session);
    if (source && typeof source.getReader === "function") {
      const reader = source.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return out.end();
          out.write(value);
        }
      } catch (e) {
        // Stop the download: nothing more will be read.
        await Promise.resolve(reader.cancel(e)).catch(() => {});
        throw e;
      } finally {
        reader.releaseLock();
      }
    }
    if (source && typeof source[Symbol.asyncIterator] === "function") {
      // Leaving the loop early (a throw) ends the iterator, which destroys a Node stream.
      for await (const value of source) out.write(value);
      return out.end();
    }
    throw fail("bad-input", "cleanStream needs a ReadableStream or an async iterable of chunks");
  }

  async function run(source, options, headerCharset) {
    const session = open(options, headerCharset);
    try {
      await feed(session, source);
      return session.finish();
    } finally {
      session.free();
    }
  }

  /** Cleans a page read from a stream of chunks (strings or bytes). */
  function cleanStream(stream, options) {
    return run(stream, options, undefined);
  }

  /**
   * Cleans the body of a fetch `Response`: its charset from the Content-Type header unless
   * `options.charset` says, its address (after redirects) as `url` unless `options.url` does.
   */
  async function cleanResponse(response, options) {
    if (!response || typeof response !== "object" || !("body" in response) || typeof response.headers?.get !== "function") {
      throw fail("bad-input", "cleanResponse needs a Response");
    }
    if (response.bodyUsed) throw fail("bad-input", "the response's body has already been read");
    const opts = { ...(options ?? {}) };
    if (opts.url === undefined && typeof response.url === "string" && /^https?:\/\//i.test(response.url)) opts.url = response.url;
    const body = response.body ?? (async function* () {})();
    return run(body, opts, charsetOf(response.headers.get("content-type")));
  }

  const TYPES = { html: "text/html", markdown: "text/markdown", text: "text/plain" };

  /**
   * `cleanResponse`, answered as a new `Response` (status 200): the article as HTML, Markdown or
   * text (`options.format`), with its Content-Type and the number of removals in
   * `Unclutter-Removed`. Errors are thrown, as by `cleanResponse`.
   */
  async function cleanedResponse(response, options) {
    const result = await cleanResponse(response, options);
    const format = result.markdown !== undefined ? "markdown" : options?.format === "text" ? "text" : "html";
    const headers = {
      "content-type": `${TYPES[format]}; charset=utf-8`,
      "unclutter-removed": String(result.removed.length),
      "x-content-type-options": "nosniff",
    };
    // The output has no script already; the policy says so to the browser too.
    if (format === "html") headers["content-security-policy"] = "script-src 'none'; object-src 'none'; base-uri 'none'";
    const body = format === "markdown" ? result.markdown : format === "text" ? result.text : result.html;
    return new Response(body, { status: 200, headers });
  }

  return { cleanStream, cleanResponse, cleanedResponse };
}
