// MHTML (a page saved by a browser as one file, "Webpage, single file"): a MIME multipart/related
// message whose first text/html part is the page, usually quoted-printable. `extractMhtml` finds
// that part and decodes it back to the page's bytes, in the page's own charset.

const ascii = new TextDecoder("latin1");

/** Byte index of the first `needle` (a byte array) in `hay` at or after `from`, or -1. */
function indexOf(hay, needle, from = 0) {
  const first = needle[0];
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(first, from); i !== -1 && i <= last; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** End of the header block starting at `from` (index after the blank line), or -1. */
function headerEnd(bytes, from) {
  for (let i = from; i < bytes.length - 1; i++) {
    if (bytes[i] === 10 && bytes[i + 1] === 10) return i + 2;
    if (bytes[i] === 10 && bytes[i + 1] === 13 && bytes[i + 2] === 10) return i + 3;
  }
  return -1;
}

/** RFC 822 headers (folded lines joined) as a Map of lower-case name to value. */
function parseHeaders(text) {
  const headers = new Map();
  const unfolded = text.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const m = /^([!-9;-~]+):\s*(.*)$/.exec(line);
    if (m && !headers.has(m[1].toLowerCase())) headers.set(m[1].toLowerCase(), m[2].trim());
  }
  return headers;
}

/** A parameter of a header value (`boundary`, `charset`), unquoted. */
function param(value, name) {
  const m = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, "i").exec(value ?? "");
  return m ? (m[1] ?? m[2]) : null;
}

/** Whether `bytes` look like an MHTML file: headers first, multipart/related. */
export function isMhtml(bytes) {
  const start = ascii.decode(bytes.subarray(0, 8192)).replace(/^\uFEFF?\s*/, "");
  if (!/^[!-9;-~]+:/.test(start)) return false;
  const end = start.search(/\r?\n\r?\n/);
  const headers = parseHeaders(end === -1 ? start : start.slice(0, end));
  return /^multipart\/related\b/i.test(headers.get("content-type") ?? "");
}

function decodeQuotedPrintable(bytes) {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  const hex = (b) => (b >= 48 && b <= 57 ? b - 48 : b >= 65 && b <= 70 ? b - 55 : b >= 97 && b <= 102 ? b - 87 : -1);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 61) {
      out[n++] = b;
      continue;
    }
    // "=" at the end of a line is a soft break; "=XX" is a byte.
    if (bytes[i + 1] === 10) {
      i += 1;
    } else if (bytes[i + 1] === 13 && bytes[i + 2] === 10) {
      i += 2;
    } else {
      const hi = hex(bytes[i + 1]);
      const lo = hex(bytes[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out[n++] = hi * 16 + lo;
        i += 2;
      } else {
        out[n++] = b;
      }
    }
  }
  return out.subarray(0, n);
}

function decodeBase64(bytes) {
  const text = ascii.decode(bytes).replace(/[^A-Za-z0-9+/=]/g, "");
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * The page inside an MHTML file: `{ bytes, charset, url }` (charset and url may be null), or
 * null when there is no text/html part.
 */
export function extractMhtml(bytes) {
  const top = headerEnd(bytes, 0);
  if (top === -1) return null;
  const headers = parseHeaders(ascii.decode(bytes.subarray(0, top)));
  const boundary = param(headers.get("content-type"), "boundary");
  if (!boundary) return null;
  const snapshotUrl = headers.get("snapshot-content-location") ?? null;
  const delimiter = new TextEncoder().encode("--" + boundary);
  let pos = indexOf(bytes, delimiter, top);
  let fallback = null;
  while (pos !== -1) {
    let partStart = pos + delimiter.length;
    if (bytes[partStart] === 45 && bytes[partStart + 1] === 45) break; // "--": the closing delimiter
    while (bytes[partStart] === 32 || bytes[partStart] === 9) partStart++;
    if (bytes[partStart] === 13) partStart++;
    if (bytes[partStart] === 10) partStart++;
    const next = indexOf(bytes, delimiter, partStart);
    const partEnd = next === -1 ? bytes.length : next;
    const bodyStart = headerEnd(bytes, partStart);
    if (bodyStart !== -1 && bodyStart <= partEnd) {
      const partHeaders = parseHeaders(ascii.decode(bytes.subarray(partStart, bodyStart)));
      const type = partHeaders.get("content-type") ?? "text/plain";
      if (/^text\/html\b/i.test(type)) {
        // The body ends before the line break that precedes the next delimiter.
        let bodyEnd = partEnd;
        if (bytes[bodyEnd - 1] === 10) bodyEnd--;
        if (bytes[bodyEnd - 1] === 13) bodyEnd--;
        const part = {
          raw: bytes.subarray(bodyStart, Math.max(bodyStart, bodyEnd)),
          encoding: (partHeaders.get("content-transfer-encoding") ?? "").toLowerCase(),
          charset: param(type, "charset"),
          url: partHeaders.get("content-location") ?? null,
        };
        if (!snapshotUrl || part.url === snapshotUrl) return decodePart(part, snapshotUrl);
        fallback ??= part;
      }
    }
    pos = next;
  }
  return fallback ? decodePart(fallback, snapshotUrl) : null;
}

function decodePart(part, snapshotUrl) {
  let bytes = part.raw;
  if (part.encoding === "quoted-printable") bytes = decodeQuotedPrintable(bytes);
  else if (part.encoding === "base64") bytes = decodeBase64(bytes);
  return { bytes, charset: part.charset, url: part.url ?? snapshotUrl };
}
