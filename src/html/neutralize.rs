//! Tags renamed before lol_html reads them, so that a streaming parser and a browser agree.

use super::attr_cap::AttrCap;

/// Renames `select` and `frameset` tags (to `unclutter-select`, `unclutter-frameset`) before
/// lol_html sees them. Inside those, a browser ignores tags that switch the tokenizer to raw
/// text, which a streaming parser cannot follow (lol_html refuses such input in strict mode);
/// renamed, both parsers read the same thing, and the sanitizer drops them like any form control.
///
/// A `noscript` that holds a page's worth of text (Discourse and Flarum forums send every post
/// there, their view for readers without scripts) is renamed `unclutter-noscript`: lol_html, like
/// a browser running scripts, reads a `noscript`'s content as text; renamed, it is read as the
/// markup a reader without scripts sees, which is what the cleaned page is. The decisions keep it
/// when it holds most of the page's text and remove it otherwise (a copy of what the page shows
/// anyway). Other `noscript`s are left as they are (the sanitizer keeps their images).
///
/// Before all that, a start tag's attributes past a thousand are cut (`html/attr_cap.rs`).
#[derive(Default)]
pub(crate) struct Neutralizer {
    carry: String,
    /// Where, in the text being scanned, the end tag of a renamed `noscript` starts.
    noscript_end: Option<usize>,
    /// Cuts a start tag's attributes past a thousand (`attr_cap`).
    attrs: AttrCap,
}

const NEUTRALIZED: [&str; 2] = ["select", "frameset"];

/// A `noscript` is read as markup when its content has at least this many characters of words
/// (`text_chars`). Messages for readers without scripts ("JavaScript is
/// disabled...") have a few hundred; a thread of posts has more, usually thousands.
const NOSCRIPT_CONTENT_CHARS: usize = 500;

/// Whether `name` starts `bytes` as a whole tag name: `Some(true)` yes, `Some(false)` no, `None`
/// cannot tell yet (the text ends inside it).
fn tag_name_at(bytes: &[u8], name: &str) -> Option<bool> {
    let n = name.len().min(bytes.len());
    if !bytes[..n].eq_ignore_ascii_case(&name.as_bytes()[..n]) {
        return Some(false);
    }
    bytes
        .get(name.len())
        .map(|&after| after.is_ascii_whitespace() || after == b'/' || after == b'>')
}

/// The characters of words in `html`: text outside tags, in runs of up to 25 characters between
/// white space (an address or escaped markup, `&lt;img src=...`, is not words).
fn text_chars(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut n, mut word, mut i) = (0, 0, 0);
    let mut end_word = |word: &mut usize| {
        if *word <= 25 {
            n += *word;
        }
        *word = 0;
    };
    while i < b.len() {
        if b[i] == b'<'
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!'))
        {
            end_word(&mut word);
            match b[i..].iter().position(|&c| c == b'>') {
                Some(off) => i += off + 1,
                None => break,
            }
            continue;
        }
        if b[i].is_ascii_whitespace() {
            end_word(&mut word);
        } else if (b[i] & 0xC0) != 0x80 {
            word += 1;
        }
        i += 1;
    }
    end_word(&mut word);
    n
}

/// Position of the next `</noscript` end tag in `s` from `from`: `Ok(Some(i))`, `Ok(None)` none
/// before the end, `Err(())` cannot tell yet (the text ends inside a possible one).
fn noscript_end_tag(s: &[u8], from: usize) -> Result<Option<usize>, ()> {
    let mut i = from;
    while let Some(off) = s[i..].iter().position(|&b| b == b'<') {
        let lt = i + off;
        if s.get(lt + 1) == Some(&b'/') {
            match tag_name_at(&s[lt + 2..], "noscript") {
                Some(true) => return Ok(Some(lt)),
                None => return Err(()),
                Some(false) => {}
            }
        } else if s.len() <= lt + 1 {
            return Err(());
        }
        i = lt + 1;
    }
    Ok(None)
}

impl Neutralizer {
    pub(crate) fn push(&mut self, piece: &str, out: &mut String, last: bool) {
        let piece = self.attrs.cut(piece);
        let mut s = std::mem::take(&mut self.carry);
        s.push_str(&piece);
        let bytes = s.as_bytes();
        let mut copied = 0;
        let mut i = 0;
        while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
            let lt = i + off;
            let end_tag = bytes.get(lt + 1) == Some(&b'/');
            let name_start = if end_tag { lt + 2 } else { lt + 1 };
            let avail = &bytes[name_start.min(bytes.len())..];
            if self.noscript_end == Some(lt) {
                self.noscript_end = None;
                out.push_str(&s[copied..name_start]);
                out.push_str("unclutter-");
                copied = name_start;
                i = lt + 1;
                continue;
            }
            let mut matched = false;
            let mut partial = false;
            for name in NEUTRALIZED {
                match tag_name_at(avail, name) {
                    Some(true) => matched = true,
                    Some(false) => {}
                    // Cannot tell yet whether the name ends here.
                    None if !last => partial = true,
                    None => matched = avail.eq_ignore_ascii_case(name.as_bytes()),
                }
            }
            if !end_tag && self.noscript_end.is_none() {
                match tag_name_at(avail, "noscript") {
                    None if !last => partial = true,
                    Some(true) => match noscript_end_tag(bytes, name_start) {
                        // Its end is not here yet: wait for it (the input is held whole anyway).
                        Err(()) | Ok(None) if !last => {
                            out.push_str(&s[copied..lt]);
                            self.carry = s[lt..].to_string();
                            return;
                        }
                        found => {
                            let end = found.ok().flatten().unwrap_or(bytes.len());
                            let open_end = bytes[name_start..end]
                                .iter()
                                .position(|&b| b == b'>')
                                .map_or(end, |p| name_start + p + 1);
                            let content = &s[open_end..end];
                            // A `noscript` start inside (in a script's string, a comment) means
                            // the ends do not pair up as they seem: leave them all alone.
                            let nested = content
                                .as_bytes()
                                .windows(9)
                                .any(|w| w[0] == b'<' && w[1..].eq_ignore_ascii_case(b"noscript"));
                            if !nested && text_chars(content) >= NOSCRIPT_CONTENT_CHARS {
                                matched = true;
                                self.noscript_end = found.ok().flatten();
                            }
                        }
                    },
                    _ => {}
                }
            }
            if partial && !matched {
                out.push_str(&s[copied..lt]);
                self.carry = s[lt..].to_string();
                if let Some(e) = self.noscript_end.as_mut() {
                    *e = e.saturating_sub(lt);
                }
                return;
            }
            if matched {
                out.push_str(&s[copied..name_start]);
                out.push_str("unclutter-");
                copied = name_start;
            }
            i = lt + 1;
        }
        out.push_str(&s[copied..]);
        if let Some(e) = self.noscript_end.as_mut() {
            // Positions count from the start of the next text scanned.
            *e = e.saturating_sub(s.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neutralize(input: &str, size: usize) -> String {
        let mut n = Neutralizer::default();
        let mut out = String::new();
        let chars: Vec<char> = input.chars().collect();
        for chunk in chars.chunks(size) {
            let piece: String = chunk.iter().collect();
            n.push(&piece, &mut out, false);
        }
        n.push("", &mut out, true);
        out
    }

    #[test]
    fn select_and_frameset_are_renamed_whatever_the_chunking() {
        let input = "<SELECT name=x><xmp><script>a</script></select><selected><frameset/><sel";
        let want = "<unclutter-SELECT name=x><xmp><script>a</script></unclutter-select><selected><unclutter-frameset/><sel";
        for size in [1, 2, 3, 7, 100] {
            assert_eq!(neutralize(input, size), want, "chunk size {size}");
        }
    }
}
