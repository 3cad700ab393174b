//! A start tag's attributes past [`KEPT`] are cut before lol_html reads the text: lol_html holds
//! every attribute of a tag at once (its lexer's list of them, and about 100 bytes each once one
//! is read), so a tag with a million attributes cost some 150 MB. Past a thousand the tag is
//! hostile and pass 2 drops it anyway (`rewrite::MAX_ATTRIBUTES`); one more than that is kept so
//! that it still does, and pass 1 reads no further (`analysis::evidence::first_of_each_name`).
//!
//! The scan follows the tokenizer's start-tag states (names, `=`, quoted and unquoted values)
//! and skips the content of `script` and `style`, where a `<` starts no tag. It only ever drops
//! bytes, and only between an attribute's start and its tag's `>`, so the text stays UTF-8 and a
//! page with no such tag passes unchanged.

use std::borrow::Cow;

/// Attributes kept on one start tag.
pub(crate) const KEPT: u32 = 1001;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum State {
    #[default]
    Text,
    /// Just after `<`.
    TagOpen,
    TagName,
    BeforeAttr,
    AttrName,
    AfterAttrName,
    BeforeValue,
    Quoted(u8),
    AfterQuoted,
    Unquoted,
    SelfClosing,
    /// Inside `script` (`true`) or `style`, `matched` bytes of its end tag `</script` seen.
    Raw {
        script: bool,
        matched: u8,
    },
}

/// The streaming scan's state between pieces.
#[derive(Debug, Default)]
pub(crate) struct AttrCap {
    state: State,
    /// Attributes of the current start tag so far.
    count: u32,
    /// Past `KEPT`: bytes are dropped until the tag's `>`.
    dropping: bool,
    /// The current tag's name so far (lowercased, up to 7 bytes: `script`, `style`).
    name: [u8; 7],
    name_len: u8,
}

impl AttrCap {
    /// `piece` with the attributes past [`KEPT`] cut (borrowed when nothing is cut).
    pub(crate) fn cut<'a>(&mut self, piece: &'a str) -> Cow<'a, str> {
        let b = piece.as_bytes();
        // Owned once something is dropped (from the start, when a drop goes on from before).
        let mut out: Option<String> = self.dropping.then(String::new);
        // Start of the bytes not yet copied (when cutting) and of the current drop.
        let mut kept_from = 0;
        let mut i = 0;
        while i < b.len() {
            if let State::Text = self.state {
                match b[i..].iter().position(|&c| c == b'<') {
                    Some(off) => {
                        i += off + 1;
                        self.state = State::TagOpen;
                    }
                    None => break,
                }
                continue;
            }
            if let State::Raw { script, matched } = self.state {
                self.state = raw_step(script, matched, b, &mut i);
                continue;
            }
            let c = b[i];
            let was_dropping = self.dropping;
            self.step(c);
            if self.dropping != was_dropping {
                if self.dropping {
                    // The first byte dropped: everything before it is kept.
                    out.get_or_insert_with(String::new)
                        .push_str(&piece[kept_from..i]);
                } else {
                    // The tag's `>`: kept, with what follows.
                    kept_from = i;
                }
            }
            i += 1;
        }
        match out {
            None => Cow::Borrowed(piece),
            Some(mut s) => {
                if !self.dropping {
                    s.push_str(&piece[kept_from..]);
                }
                Cow::Owned(s)
            }
        }
    }

    /// One byte of a tag.
    fn step(&mut self, c: u8) {
        let space = matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
        self.state = match self.state {
            State::TagOpen if c.is_ascii_alphabetic() => {
                self.count = 0;
                self.name_len = 0;
                self.push_name(c);
                State::TagName
            }
            State::TagOpen if c == b'<' => State::TagOpen,
            State::TagOpen => State::Text,
            State::TagName if space => State::BeforeAttr,
            State::TagName if c == b'/' => State::SelfClosing,
            State::TagName if c == b'>' => self.end_tag(),
            State::TagName => {
                self.push_name(c);
                State::TagName
            }
            State::BeforeAttr | State::AfterAttrName if space => self.state,
            State::SelfClosing if space || c == b'/' => State::BeforeAttr,
            State::BeforeAttr | State::AfterAttrName | State::AfterQuoted | State::SelfClosing
                if c == b'>' =>
            {
                self.end_tag()
            }
            State::BeforeAttr | State::AfterAttrName | State::AfterQuoted if c == b'/' => {
                State::SelfClosing
            }
            State::AfterAttrName if c == b'=' => State::BeforeValue,
            State::AfterQuoted if space => State::BeforeAttr,
            State::BeforeAttr | State::AfterAttrName | State::AfterQuoted | State::SelfClosing => {
                self.count = self.count.saturating_add(1);
                if self.count > KEPT {
                    self.dropping = true;
                }
                State::AttrName
            }
            State::AttrName if space => State::AfterAttrName,
            State::AttrName if c == b'/' => State::SelfClosing,
            State::AttrName if c == b'=' => State::BeforeValue,
            State::AttrName if c == b'>' => self.end_tag(),
            State::AttrName => State::AttrName,
            State::BeforeValue if space => State::BeforeValue,
            State::BeforeValue if c == b'"' || c == b'\'' => State::Quoted(c),
            State::BeforeValue if c == b'>' => self.end_tag(),
            State::BeforeValue => State::Unquoted,
            State::Quoted(q) if c == q => State::AfterQuoted,
            State::Quoted(q) => State::Quoted(q),
            State::Unquoted if space => State::BeforeAttr,
            State::Unquoted if c == b'>' => self.end_tag(),
            State::Unquoted => State::Unquoted,
            State::Text | State::Raw { .. } => self.state,
        };
    }

    fn push_name(&mut self, c: u8) {
        if let Some(slot) = self.name.get_mut(usize::from(self.name_len)) {
            *slot = c.to_ascii_lowercase();
        }
        self.name_len = self.name_len.saturating_add(1);
    }

    /// A start tag's `>`: the text that follows, or the raw text of a `script` or `style`.
    fn end_tag(&mut self) -> State {
        self.dropping = false;
        let name = &self.name[..usize::from(self.name_len).min(self.name.len())];
        match (name, self.name_len) {
            (b"script", 6) => State::Raw {
                script: true,
                matched: 0,
            },
            (b"style", 5) => State::Raw {
                script: false,
                matched: 0,
            },
            _ => State::Text,
        }
    }
}

/// Scans raw text from `b[*i]` for the end tag (`</script` or `</style`), `matched` bytes of it
/// already seen; the state after the bytes read.
fn raw_step(script: bool, mut matched: u8, b: &[u8], i: &mut usize) -> State {
    let end: &[u8] = if script { b"</script" } else { b"</style" };
    while *i < b.len() {
        if matched == 0 {
            match b[*i..].iter().position(|&c| c == b'<') {
                Some(off) => {
                    *i += off + 1;
                    matched = 1;
                }
                None => {
                    *i = b.len();
                    break;
                }
            }
            continue;
        }
        let c = b[*i].to_ascii_lowercase();
        if c == end[usize::from(matched)] {
            matched += 1;
            *i += 1;
            if usize::from(matched) == end.len() {
                return State::Text;
            }
        } else {
            matched = 0;
        }
    }
    State::Raw { script, matched }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(input: &str, size: usize) -> String {
        let mut a = AttrCap::default();
        let mut out = String::new();
        let chars: Vec<char> = input.chars().collect();
        for chunk in chars.chunks(size) {
            let piece: String = chunk.iter().collect();
            out.push_str(&a.cut(&piece));
        }
        out
    }

    #[test]
    fn attributes_past_the_cap_are_cut_whatever_the_chunking() {
        let mut tag = String::from("<p>é</p><div");
        let mut want = tag.clone();
        for i in 0..1500 {
            let attr = match i % 4 {
                0 => format!(" a{i}=\"v >\""),
                1 => format!(" b{i}='w'"),
                2 => format!(" c{i}=x"),
                _ => format!(" d{i}"),
            };
            tag.push_str(&attr);
            if i < KEPT {
                want.push_str(&attr);
            } else if i == KEPT {
                want.push(' ');
            }
        }
        tag.push_str(">é<script>if (a<b) x()</script><i a>");
        want.push_str(">é<script>if (a<b) x()</script><i a>");
        for size in [1, 2, 7, 1000, 100_000] {
            assert_eq!(cut(&tag, size), want, "chunk size {size}");
        }
    }

    #[test]
    fn ordinary_markup_is_left_alone() {
        let page = "<!doctype html><p class=a id='b' hidden>x < y</p><script>\"<div\"</script><style>a>b{}</style><img src=x/>";
        let mut a = AttrCap::default();
        assert!(matches!(a.cut(page), Cow::Borrowed(_)));
        // A script's content holds no tags, however many words follow a `<`.
        let script = format!("<script>a<b {}</script>", "w ".repeat(3000));
        assert_eq!(cut(&script, 5), script);
    }
}
