//! Input bytes to UTF-8 text, streaming.
//!
//! The charset comes from a byte-order mark, else from the caller's hint (like an HTTP
//! `Content-Type`). Otherwise the bytes decide: if the first non-ASCII kilobyte is valid UTF-8,
//! the page is UTF-8 — even when a `<meta charset>` says otherwise, because saved and pasted pages
//! are re-encoded as UTF-8 far more often than legacy text happens to be valid UTF-8. If not, the
//! page is what its `<meta charset>` (in the first 1024 bytes) declares, or windows-1252. Everything
//! before the first non-ASCII byte reads the same in all of these, so it streams through at once.
//! Every decision depends only on the bytes, never on how they were split into chunks.

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How far the `<meta>` prescan looks, as browsers do.
const PRESCAN_BYTES: usize = 1024;
/// How many bytes from the first non-ASCII one are checked for UTF-8 validity.
const UTF8_WINDOW: usize = 1024;

/// Where the charset came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CharsetSource {
    Bom,
    Hint,
    Meta,
    Utf8Detected,
    Fallback,
}

enum State {
    /// Collecting the first bytes to look for a BOM and a `<meta>`.
    Sniffing(Vec<u8>),
    /// UTF-8 if the bytes from the first non-ASCII one on are valid UTF-8, else `candidate`.
    Tentative {
        candidate: &'static Encoding,
        source: CharsetSource,
        held: Vec<u8>,
    },
    Decoding(Decoder),
}

/// Streaming decoder from page bytes to UTF-8.
pub(crate) struct InputDecoder {
    state: State,
    hint: Option<&'static Encoding>,
    encoding: &'static Encoding,
    source: CharsetSource,
}

impl InputDecoder {
    pub(crate) fn new(hint: Option<&'static Encoding>) -> Self {
        InputDecoder {
            state: State::Sniffing(Vec::new()),
            hint,
            encoding: UTF_8,
            source: CharsetSource::Utf8Detected,
        }
    }

    /// The encoding in use (final once the input is decided).
    pub(crate) fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    /// Where the encoding came from.
    #[allow(dead_code)]
    pub(crate) fn source(&self) -> CharsetSource {
        self.source
    }

    /// Decodes `bytes`, appending UTF-8 to `out`.
    pub(crate) fn write(&mut self, bytes: &[u8], out: &mut String) {
        if let State::Sniffing(buf) = &mut self.state {
            buf.extend_from_slice(bytes);
            if buf.len() < PRESCAN_BYTES && !has_complete_bom(buf) {
                return;
            }
            let buf = std::mem::take(buf);
            self.sniff(&buf, out, false);
            return;
        }
        self.decode(bytes, out, false);
    }

    /// Ends the input: flushes whatever is pending.
    pub(crate) fn finish(&mut self, out: &mut String) {
        if let State::Sniffing(buf) = &mut self.state {
            let buf = std::mem::take(buf);
            self.sniff(&buf, out, true);
            return;
        }
        self.decode(&[], out, true);
    }

    fn sniff(&mut self, head: &[u8], out: &mut String, last: bool) {
        if let Some((enc, len)) = Encoding::for_bom(head) {
            self.commit(enc, CharsetSource::Bom);
            return self.decode(head.get(len..).unwrap_or(&[]), out, last);
        }
        if let Some(h) = self.hint {
            self.commit(h, CharsetSource::Hint);
            return self.decode(head, out, last);
        }
        // Only the first kilobyte, however much has arrived: chunking must not matter.
        let (candidate, source) = match prescan_meta(&head[..head.len().min(PRESCAN_BYTES)]) {
            Some(m) if m == UTF_8 => {
                self.commit(UTF_8, CharsetSource::Meta);
                return self.decode(head, out, last);
            }
            Some(m) => (m, CharsetSource::Meta),
            None => (WINDOWS_1252, CharsetSource::Fallback),
        };
        self.state = State::Tentative {
            candidate,
            source,
            held: Vec::new(),
        };
        self.decode(head, out, last);
    }

    fn commit(&mut self, enc: &'static Encoding, source: CharsetSource) {
        self.encoding = enc;
        self.source = source;
        self.state = State::Decoding(enc.new_decoder_without_bom_handling());
    }

    fn decode(&mut self, bytes: &[u8], out: &mut String, last: bool) {
        match &mut self.state {
            State::Sniffing(_) => {}
            State::Decoding(d) => decode_into(d, bytes, out, last),
            State::Tentative {
                candidate,
                source,
                held,
            } => {
                let (candidate, source) = (*candidate, *source);
                let mut rest = bytes;
                if held.is_empty() {
                    // ASCII reads the same in every candidate: pass it through.
                    let ascii = bytes
                        .iter()
                        .position(|b| !b.is_ascii())
                        .unwrap_or(bytes.len());
                    out.push_str(std::str::from_utf8(&bytes[..ascii]).unwrap_or(""));
                    rest = &bytes[ascii..];
                }
                held.extend_from_slice(rest);
                if held.len() < UTF8_WINDOW && !last {
                    return;
                }
                let held = std::mem::take(held);
                if held.is_empty() {
                    // All ASCII.
                    self.commit(UTF_8, CharsetSource::Utf8Detected);
                } else if looks_like_utf8(
                    // The window only, however much has arrived.
                    &held[..held.len().min(UTF8_WINDOW)],
                    last && held.len() <= UTF8_WINDOW,
                ) {
                    self.commit(UTF_8, CharsetSource::Utf8Detected);
                } else {
                    self.commit(candidate, source);
                }
                self.decode(&held, out, last);
            }
        }
    }
}

/// Whether `bytes` (starting at a non-ASCII byte) are UTF-8: valid, apart from a sequence cut by
/// the window's end.
fn looks_like_utf8(bytes: &[u8], last: bool) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        // Cut at the end of the window, or at the end of a truncated input after valid text.
        Err(e) => e.error_len().is_none() && (!last || e.valid_up_to() > 0),
    }
}

fn decode_into(d: &mut Decoder, mut bytes: &[u8], out: &mut String, last: bool) {
    loop {
        let needed = d
            .max_utf8_buffer_length(bytes.len())
            .unwrap_or(bytes.len() * 3 + 16);
        out.reserve(needed);
        let (result, read, _) = d.decode_to_string(bytes, out, last);
        bytes = &bytes[read..];
        match result {
            CoderResult::InputEmpty => break,
            CoderResult::OutputFull => out.reserve(bytes.len() * 3 + 16),
        }
    }
}

fn has_complete_bom(buf: &[u8]) -> bool {
    buf.starts_with(&[0xEF, 0xBB, 0xBF])
        || buf.starts_with(&[0xFE, 0xFF])
        || buf.starts_with(&[0xFF, 0xFE])
}

/// Looks up an encoding label the way browsers do; `None` for unknown labels.
pub(crate) fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes()).map(|e| {
        // A page cannot declare itself UTF-16 in ASCII; browsers read such a meta as UTF-8.
        if e == UTF_16BE || e == UTF_16LE {
            UTF_8
        } else if e.name() == "x-user-defined" {
            WINDOWS_1252
        } else {
            e
        }
    })
}

/// A simplified form of the HTML "prescan a byte stream to determine its encoding": finds the
/// first `<meta charset=...>` or `<meta http-equiv="content-type" content="...charset=...">`,
/// skipping comments.
fn prescan_meta(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut i = 0;
    while i < lower.len() {
        let rest = &lower[i..];
        if rest.starts_with(b"<!--") {
            i += find(&rest[4..], b"-->").map_or(lower.len(), |p| p + 7);
            continue;
        }
        if rest.starts_with(b"<meta")
            && rest
                .get(5)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
        {
            let (attrs, end) = read_attributes(&lower, i + 5);
            i = end;
            let mut charset = None;
            let mut http_equiv_ct = false;
            let mut content_charset = None;
            for (name, value) in attrs {
                match name.as_slice() {
                    b"charset" if charset.is_none() => charset = Some(value),
                    b"http-equiv" => http_equiv_ct = value.as_slice() == b"content-type",
                    b"content" => content_charset = charset_from_content(&value),
                    _ => {}
                }
            }
            let label = charset.or(if http_equiv_ct { content_charset } else { None });
            if let Some(enc) = label.and_then(|l| encoding_for_label(&String::from_utf8_lossy(&l)))
            {
                return Some(enc);
            }
            continue;
        }
        i += 1;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A name and value read by the prescan.
type Attr = (Vec<u8>, Vec<u8>);

/// Reads attributes of a tag starting at `i` (just after the tag name) up to `>`.
fn read_attributes(s: &[u8], mut i: usize) -> (Vec<Attr>, usize) {
    let mut attrs = Vec::new();
    loop {
        while i < s.len() && (s[i].is_ascii_whitespace() || s[i] == b'/') {
            i += 1;
        }
        if i >= s.len() || s[i] == b'>' {
            return (attrs, i + 1);
        }
        let start = i;
        while i < s.len() && !s[i].is_ascii_whitespace() && !matches!(s[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = s[start..i].to_vec();
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = Vec::new();
        if i < s.len() && s[i] == b'=' {
            i += 1;
            while i < s.len() && s[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < s.len() && (s[i] == b'"' || s[i] == b'\'') {
                let q = s[i];
                i += 1;
                let vs = i;
                while i < s.len() && s[i] != q {
                    i += 1;
                }
                value = s[vs..i.min(s.len())].to_vec();
                i += 1;
            } else {
                let vs = i;
                while i < s.len() && !s[i].is_ascii_whitespace() && s[i] != b'>' {
                    i += 1;
                }
                value = s[vs..i].to_vec();
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
        if attrs.len() > 64 {
            return (attrs, i);
        }
    }
}

/// `text/html; charset=windows-1251` → `windows-1251`.
fn charset_from_content(content: &[u8]) -> Option<Vec<u8>> {
    let pos = find(content, b"charset")?;
    let mut rest = &content[pos + 7..];
    while let [b, tail @ ..] = rest {
        if b.is_ascii_whitespace() {
            rest = tail;
        } else {
            break;
        }
    }
    let rest = rest.strip_prefix(b"=")?;
    let rest: &[u8] = {
        let mut r = rest;
        while let [b, tail @ ..] = r {
            if b.is_ascii_whitespace() {
                r = tail;
            } else {
                break;
            }
        }
        r
    };
    let (rest, quote) = match rest.first() {
        Some(q @ (b'"' | b'\'')) => (&rest[1..], Some(*q)),
        _ => (rest, None),
    };
    let end = rest
        .iter()
        .position(|b| match quote {
            Some(q) => *b == q,
            None => b.is_ascii_whitespace() || *b == b';',
        })
        .unwrap_or(rest.len());
    (end > 0).then(|| rest[..end].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_chunked(
        bytes: &[u8],
        hint: Option<&'static Encoding>,
        size: usize,
    ) -> (String, &'static str) {
        let mut d = InputDecoder::new(hint);
        let mut out = String::new();
        for c in bytes.chunks(size.max(1)) {
            d.write(c, &mut out);
        }
        d.finish(&mut out);
        (out, d.encoding().name())
    }

    fn check(bytes: &[u8], hint: Option<&'static Encoding>, text: &str, enc: &str) {
        for size in [1, 2, 3, 7, 64, 4096] {
            assert_eq!(
                decode_chunked(bytes, hint, size),
                (text.to_string(), enc),
                "chunk size {size}"
            );
        }
    }

    #[test]
    fn utf8_by_default_and_windows_1252_when_the_first_non_ascii_is_invalid() {
        check("<p>café ü</p>".as_bytes(), None, "<p>café ü</p>", "UTF-8");
        check(
            b"<p>caf\xe9 \x93q\x94</p>",
            None,
            "<p>café “q”</p>",
            "windows-1252",
        );
        // Invalid within the first kilobyte of non-ASCII: the legacy reading.
        check(b"<p>\xc3\xa9 \xe9</p>", None, "<p>Ã© é</p>", "windows-1252");
        // Valid for a kilobyte, broken later: UTF-8 with a replacement character.
        let mut late = "é".repeat(600).into_bytes();
        late.extend_from_slice(b" \xe9");
        check(
            &late,
            None,
            &format!("{} \u{FFFD}", "é".repeat(600)),
            "UTF-8",
        );
        // Input ending inside a sequence, with nothing valid before it.
        check(b"abc\xc3", None, "abc\u{c3}", "windows-1252");
        // A page saved as UTF-8 that still declares its old charset reads as UTF-8.
        check(
            "<meta charset=gb2312><p>中文</p>".as_bytes(),
            None,
            "<meta charset=gb2312><p>中文</p>",
            "UTF-8",
        );
        check(b"", None, "", "UTF-8");
    }

    #[test]
    fn only_the_first_kilobyte_decides_however_the_input_is_split() {
        // Invalid bytes past the UTF-8 window, mid-input (found by fuzzing: read whole, all the
        // bytes were checked; in small chunks, only the window).
        let mut late = "é".repeat(600).into_bytes();
        late.extend_from_slice(b" \xfa\xfa tail");
        let want = format!("{} \u{FFFD}\u{FFFD} tail", "é".repeat(600));
        check(&late, None, &want, "UTF-8");
        // A `<meta>` past the prescan's kilobyte is not read.
        let mut far = b"<p>".to_vec();
        far.extend(std::iter::repeat_n(b'a', 1100));
        far.extend_from_slice(b"<meta charset=windows-1251>\xcf");
        let want = format!("<p>{}<meta charset=windows-1251>\u{cf}", "a".repeat(1100));
        check(&far, None, &want, "windows-1252");
    }

    #[test]
    fn bom_beats_hint_beats_meta() {
        check(
            b"\xef\xbb\xbf<p>\xc3\xa9</p>",
            Some(WINDOWS_1252),
            "<p>é</p>",
            "UTF-8",
        );
        let cp1251 = b"<meta charset=\"windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        check(
            cp1251,
            None,
            "<meta charset=\"windows-1251\"><p>Привет</p>",
            "windows-1251",
        );
        check(
            b"<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>",
            encoding_for_label("cp1251"),
            "<p>Привет</p>",
            "windows-1251",
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<p>é</p>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        check(&utf16, None, "<p>é</p>", "UTF-16LE");
    }

    #[test]
    fn meta_prescan_reads_http_equiv_and_skips_comments() {
        let sjis = b"<!-- <meta charset=koi8-r> --><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><p>\x93\xfa\x96\x7b</p>";
        let (text, enc) = decode_chunked(sjis, None, 5);
        assert_eq!(enc, "Shift_JIS");
        assert!(text.ends_with("<p>日本</p>"), "{text}");
        assert_eq!(prescan_meta(b"<meta charset='utf-16'>"), Some(UTF_8));
        assert_eq!(prescan_meta(b"<metadata charset=koi8-r>"), None);
        assert_eq!(prescan_meta(b"<meta charset=bogus>"), None);
    }
}
