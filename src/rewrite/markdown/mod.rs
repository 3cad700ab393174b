//! Markdown (CommonMark, with GFM tables and strikethrough) of the cleaned page, written while
//! pass 2 streams: the rewriter reports each kept element's start and end and the visible text.
//!
//! Little is held back: an inline `code` or a `pre` (to choose its fence), the cells of a table (to
//! size its header), and opening emphasis and link markers, which are written only when visible
//! content inside them arrives — so empty elements leave no markers, spaces stay outside them, and
//! a block inside a link or emphasis closes the markers and reopens them in the next block.
//! Nothing recurses and nothing rescans the output, so any nesting depth costs linear time;
//! quotes and list items deeper than `MAX_NEST` add no further prefix.
//!
//! Here: the builder, its blocks, inline markers and escapes; lists are `list.rs`, tables
//! `table.rs`, links and images `links.rs`.

mod links;
mod list;
mod table;

use table::Table;

use crate::html::tags;
use std::collections::HashMap;

/// Block quotes and list items deeper than this add no further line prefix.
const MAX_NEST: usize = 32;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    None,
    Heading,
    Inline,
    /// Block quote, list and list item: `true` if it pushed a line prefix.
    Quote(bool),
    List(bool),
    Item(bool),
    Pre,
    /// A block inside `pre`: ends a line of code.
    PreBlock,
    Code,
    Table,
    Row,
    Cell,
    Thead,
}

struct Frame {
    tag: Box<str>,
    kind: Kind,
    /// Break requested at the start and at the end (see `MarkdownBuilder::brk`).
    brk: u8,
}

/// What each line inside a container starts with.
enum Prefix {
    Quote,
    /// A list item: its marker (emptied once written), then its width in spaces.
    Item(String, usize),
}

struct List {
    /// The next number of an `ol`; `None` for bullets.
    next: Option<u64>,
    /// Open `li`s (a list inside a list but outside any item is indented as if inside one).
    open: u32,
    /// Width of the last marker written (0: none yet).
    width: usize,
}

/// An emphasis or link, written lazily.
struct Inline {
    open: &'static str,
    close: String,
}

/// Builds the Markdown of a document from its element and text events.
#[derive(Default)]
pub(crate) struct MarkdownBuilder {
    out: String,
    base: Option<String>,
    frames: Vec<Frame>,
    /// Open frames per tag name, so an end tag nothing opened costs nothing.
    open: HashMap<Box<str>, u32>,
    prefixes: Vec<Prefix>,
    /// Prefixes kept since the last line was written (a blank line carries only these).
    live: usize,
    lists: Vec<List>,
    inline: Vec<Inline>,
    /// How many of `inline` have their opening marker written.
    opened: usize,
    /// The emphasis marker just closed and where it ends (reopening it there merges the two).
    last_close: Option<(&'static str, usize)>,
    /// End of a closing marker after punctuation: it closes only if no letter follows directly.
    fragile: Option<usize>,
    /// Pending break before the next content: 0 none, 1 hard break, 2 new line, 3 blank line.
    brk: u8,
    space: bool,
    heading: u8,
    /// Start of the current line's text, until its first word has been checked for escapes.
    check: Option<usize>,
    /// End of the last `<` written as text (escaped if a letter follows).
    lt: Option<usize>,
    /// A list or item just ended: unless a new item follows, a blank line keeps what follows out
    /// of it.
    list_end: bool,
    pre: u32,
    pre_nl: bool,
    code: u32,
    code_space: bool,
    /// Text of the open `pre` or inline `code`.
    buf: String,
    lang: String,
    table: Option<Table>,
    tables: u32,
    /// Where the open table cell's Markdown starts in `out` (taken out when the cell ends).
    cell: Option<usize>,
    /// Prefixes open when the cell started (they are not the cell's).
    cell_base: usize,
}

impl MarkdownBuilder {
    /// `base_url`: the page URL, to resolve relative links/images (kept relative if `None`).
    pub(crate) fn new(base_url: Option<&str>) -> Self {
        MarkdownBuilder {
            base: base_url.map(|b| b.trim().to_string()),
            brk: 3,
            ..Default::default()
        }
    }

    /// A kept element starts (void ones too; they never end).
    pub(crate) fn start(&mut self, tag: &str, attr: &dyn Fn(&str) -> Option<String>) {
        let tag = tag.to_ascii_lowercase();
        let t = tag.as_str();
        let (kind, brk) = if self.pre > 0 {
            match t {
                "pre" | "listing" => {
                    self.pre += 1;
                    (Kind::Pre, 0)
                }
                "code" => {
                    self.language(attr);
                    (Kind::None, 0)
                }
                "br" => {
                    self.buf.push('\n');
                    (Kind::None, 0)
                }
                _ if tags::is_block(t) => {
                    self.pre_nl = true;
                    (Kind::PreBlock, 0)
                }
                _ => (Kind::None, 0),
            }
        } else if self.code > 0 {
            match t {
                "code" | "kbd" | "samp" | "tt" => {
                    self.code += 1;
                    (Kind::Code, 0)
                }
                "br" => {
                    self.code_space = !self.buf.is_empty();
                    (Kind::None, 0)
                }
                _ => (Kind::None, 0),
            }
        } else {
            self.open_tag(t, attr)
        };
        if brk > 0 {
            self.boundary(brk);
        }
        if !crate::html::tags::is_void(t) {
            match self.open.get_mut(t) {
                Some(n) => *n += 1,
                None => {
                    self.open.insert(t.into(), 1);
                }
            }
            self.frames.push(Frame {
                tag: tag.into_boxed_str(),
                kind,
                brk,
            });
        }
    }

    /// A start tag outside `pre` and inline code: what it opens, and the break it asks for.
    fn open_tag(&mut self, t: &str, attr: &dyn Fn(&str) -> Option<String>) -> (Kind, u8) {
        let in_cell = self.cell.is_some();
        match t {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if self.heading == 0 => {
                self.boundary(3);
                self.heading = t.as_bytes().get(1).map_or(1, |d| d.saturating_sub(b'0'));
                (Kind::Heading, 3)
            }
            "br" => {
                if self.heading > 0 {
                    self.space = true;
                } else {
                    self.close_markers();
                    // Two breaks in a row end the paragraph.
                    self.brk = if self.brk == 1 { 3 } else { self.brk.max(1) };
                }
                (Kind::None, 0)
            }
            "hr" => {
                // Not in a cell, nor as an item's first line (`- ---` is a rule, not an item).
                let item = self
                    .prefixes
                    .iter()
                    .any(|p| matches!(p, Prefix::Item(m, _) if !m.is_empty()));
                if !in_cell && !item {
                    self.boundary(3);
                    self.raw_line("---");
                }
                (Kind::None, if item { 0 } else { 3 })
            }
            "img" => {
                self.image(attr);
                (Kind::None, 0)
            }
            "a" => self.open_link(attr, in_cell),
            "strong" | "b" => self.push_inline("**"),
            "em" | "i" => self.push_inline("*"),
            "del" | "s" | "strike" => self.push_inline("~~"),
            "code" | "kbd" | "samp" | "tt" => {
                self.code = 1;
                self.code_space = false;
                self.buf.clear();
                (Kind::Code, 0)
            }
            "pre" | "listing" if !in_cell => {
                self.pre = 1;
                self.pre_nl = false;
                self.buf.clear();
                self.lang.clear();
                self.language(attr);
                (Kind::Pre, 3)
            }
            "blockquote" => (Kind::Quote(self.push_prefix(Prefix::Quote)), 3),
            "ul" | "ol" | "menu" => self.open_list(t, attr),
            "li" => self.open_item(),
            "table" => self.open_table(attr),
            "tr" | "td" | "th" | "caption" | "thead" if self.tables == 1 => {
                self.table_part(t, attr)
            }
            "td" | "th" if self.tables > 1 => {
                self.space = true;
                (Kind::None, 0)
            }
            "figcaption" => (self.push_inline("*").0, 3),
            _ if tags::is_block(t) => (Kind::None, 3),
            _ => (Kind::None, 0),
        }
    }

    /// The element ends (also for end tags the HTML omitted; unknown ones are ignored).
    pub(crate) fn end(&mut self, tag: &str) {
        let tag = tag.to_ascii_lowercase();
        if self.open.get(tag.as_str()).is_some_and(|n| *n > 0) {
            self.pop_to(&tag);
        }
    }

    fn pop_to(&mut self, tag: &str) {
        while let Some(f) = self.frames.pop() {
            let done = *f.tag == *tag;
            self.close(f);
            if done {
                break;
            }
        }
    }

    /// Visible text, one character at a time.
    pub(crate) fn text(&mut self, c: char) {
        if c == '\0' {
            return;
        }
        if self.pre > 0 {
            if c == '\r' {
                return;
            }
            if std::mem::take(&mut self.pre_nl)
                && c != '\n'
                && !self.buf.is_empty()
                && !self.buf.ends_with('\n')
            {
                self.buf.push('\n');
            }
            self.buf.push(c);
        } else if self.code > 0 {
            if !c.is_whitespace() {
                if std::mem::take(&mut self.code_space) {
                    self.buf.push(' ');
                }
                self.buf.push(c);
            } else if self.buf.is_empty() {
                self.space = true;
            } else {
                self.code_space = true;
            }
        } else if c.is_whitespace() {
            self.space = true;
        } else {
            self.prep(c);
            self.put(c);
        }
    }

    /// The Markdown document: ends with one newline (empty if there is no content).
    pub(crate) fn finish(mut self) -> String {
        while let Some(f) = self.frames.pop() {
            self.close(f);
        }
        self.boundary(3);
        let end = self.out.trim_end().len();
        self.out.truncate(end);
        if self.lt == Some(end) && self.out.ends_with('<') {
            // A last `<` would start raw HTML in whatever Markdown is placed after it.
            self.out.insert(end - 1, '\\');
        }
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    fn close(&mut self, f: Frame) {
        if let Some(n) = self.open.get_mut(&*f.tag) {
            *n = n.saturating_sub(1);
        }
        match f.kind {
            Kind::None => {}
            Kind::Heading => {
                self.boundary(3);
                self.heading = 0;
            }
            Kind::Inline => {
                if let Some(m) = self.inline.pop() {
                    if self.opened > self.inline.len() {
                        self.opened = self.inline.len();
                        self.write_close(m.open, &m.close);
                    }
                }
            }
            Kind::Quote(pushed) | Kind::List(pushed) | Kind::Item(pushed) => {
                let prefix = if pushed { self.prefixes.pop() } else { None };
                self.live = self.live.min(self.prefixes.len());
                if f.kind != Kind::Quote(pushed) {
                    self.list_end = true;
                }
                if f.kind == Kind::List(pushed) {
                    self.lists.pop();
                } else if let (Kind::Item(_), Some(l)) = (f.kind, self.lists.last_mut()) {
                    l.open = l.open.saturating_sub(1);
                    if let Some(Prefix::Item(m, w)) = prefix {
                        if m.is_empty() {
                            // A list directly inside this one is indented under this item.
                            l.width = w;
                        }
                    }
                }
            }
            Kind::Pre => {
                self.pre = self.pre.saturating_sub(1);
                if self.pre == 0 {
                    self.emit_pre();
                }
            }
            Kind::PreBlock => self.pre_nl = true,
            Kind::Code => {
                self.code = self.code.saturating_sub(1);
                if self.code == 0 {
                    self.emit_code();
                }
            }
            Kind::Table | Kind::Row | Kind::Cell | Kind::Thead => self.close_table_part(f.kind),
        }
        if f.brk > 0 {
            self.boundary(f.brk);
        }
    }

    fn push_inline(&mut self, open: &'static str) -> (Kind, u8) {
        if self.inline.iter().any(|i| i.open == open) {
            return (Kind::None, 0);
        }
        let close = open.to_string();
        self.inline.push(Inline { open, close });
        (Kind::Inline, 0)
    }

    fn push_prefix(&mut self, p: Prefix) -> bool {
        let room = self.prefixes.len() < MAX_NEST;
        if room {
            self.prefixes.push(p);
        }
        room
    }

    fn language(&mut self, attr: &dyn Fn(&str) -> Option<String>) {
        if !self.lang.is_empty() {
            return;
        }
        let class = attr("class").unwrap_or_default();
        let lang = class.split_whitespace().find_map(|c| {
            c.strip_prefix("language-")
                .or_else(|| c.strip_prefix("lang-"))
        });
        let ok = |c: &char| c.is_alphanumeric() || matches!(c, '-' | '+' | '#' | '_' | '.');
        self.lang = lang.unwrap_or_default().chars().filter(ok).collect();
    }

    /// A block starts or ends: close the open markers and ask for a break before what follows.
    fn boundary(&mut self, brk: u8) {
        self.close_markers();
        if self.heading > 0 && self.brk == 0 {
            // A heading ending in ` #` would lose it as a closing sequence.
            let end = self.out.trim_end_matches('#').len();
            if end < self.out.len() && self.out.get(..end).is_some_and(|s| s.ends_with(' ')) {
                self.out.insert(end, '\\');
            }
        }
        self.check_line();
        self.brk = self.brk.max(brk);
    }

    fn close_markers(&mut self) {
        let inline = std::mem::take(&mut self.inline);
        for m in inline.iter().take(self.opened).rev() {
            self.write_close(m.open, &m.close);
        }
        self.inline = inline;
        self.opened = 0;
    }

    fn write_close(&mut self, open: &'static str, close: &str) {
        let len = self.out.len();
        let fragile = match self.last_close {
            // Closers in a row are one delimiter run: the first one decides.
            Some((o, at)) if at == len && o != "[" => self.fragile == Some(len),
            _ => self.out.chars().next_back().is_some_and(is_punct),
        };
        self.out.push_str(close);
        self.last_close = Some((open, self.out.len()));
        self.fragile = (fragile && open != "[").then_some(self.out.len());
    }

    /// A closing marker ends at `len` that a letter right after would stop from closing.
    fn glued(&self, len: usize) -> bool {
        self.fragile == Some(len) && self.out.ends_with(['*', '~'])
    }

    /// Before content starting with `next`: the pending break or space, then the opening
    /// markers not yet written.
    fn prep(&mut self, next: char) {
        if self.brk > 0 {
            if let Some(l) = self.lists.last_mut().filter(|l| l.open == 0) {
                // Text in a list outside its items is a block of its own and ends the Markdown
                // list.
                l.width = 0;
                self.brk = 3;
            }
            self.newline(self.brk);
            if self.heading > 0 {
                (0..self.heading).for_each(|_| self.out.push('#'));
                self.out.push(' ');
            } else {
                self.check = Some(self.out.len());
            }
        } else if self.space {
            self.check_line();
            self.out.push(' ');
        }
        self.brk = 0;
        self.space = false;
        while let Some(open) = self.inline.get(self.opened).map(|m| m.open) {
            let len = self.out.len();
            // What follows this marker's delimiter run.
            let c0 = open.chars().next();
            let rest = self.inline.iter().skip(self.opened + 1);
            let after = rest
                .filter_map(|m| m.open.chars().next())
                .find(|c| Some(*c) != c0);
            let after = after.unwrap_or(next);
            // `*a*` + `*b*` → `*ab*`: reopening right after the same closer removes it.
            if open != "[" && self.last_close == Some((open, len)) && self.out.ends_with(open) {
                self.out.truncate(len - open.len());
            } else if open == "[" && self.out.ends_with('!') {
                // Text `!` then a link is not an image.
                self.out.insert(len - 1, '\\');
                self.out.push_str(open);
            } else {
                // `a**(b)**`, `**a.***b*` would not parse as emphasis: an empty comment separates.
                let prev = self.out.chars().next_back();
                if open != "["
                    && (self.glued(len)
                        || prev.is_some_and(char::is_alphanumeric) && is_punct(after))
                {
                    self.out.push_str(GLUE);
                }
                self.out.push_str(open);
            }
            self.opened += 1;
        }
        self.last_close = None;
    }

    /// Ends the current line and starts the next with the containers' prefixes.
    fn newline(&mut self, brk: u8) {
        self.check_line();
        let item = matches!(self.prefixes.last(), Some(Prefix::Item(m, _)) if !m.is_empty());
        let brk = match std::mem::take(&mut self.list_end) && !item {
            true => brk.max(3),
            false => brk,
        };
        // A table cell's text starts like a document.
        if self.out.len() > self.cell.unwrap_or(0) {
            if brk == 1 {
                self.out.push('\\');
            }
            self.out.push('\n');
            if brk >= 3 {
                self.prefix(self.live.min(self.prefixes.len()), true);
                let end = self.out.trim_end_matches(' ').len();
                self.out.truncate(end);
                self.out.push('\n');
            }
        }
        self.prefix(self.prefixes.len(), false);
        self.live = self.prefixes.len();
    }

    fn prefix(&mut self, n: usize, blank: bool) {
        let base = if self.cell.is_some() {
            self.cell_base
        } else {
            0
        };
        for p in self.prefixes.iter_mut().take(n).skip(base) {
            match p {
                Prefix::Quote => self.out.push_str("> "),
                Prefix::Item(m, w) if blank || m.is_empty() => self.out.push_str(&" ".repeat(*w)),
                Prefix::Item(m, _) => self.out.push_str(&std::mem::take(m)),
            }
        }
    }

    /// A line written as is (fences, code, table rows); returns where its text starts.
    fn raw_line(&mut self, s: &str) -> usize {
        self.newline(self.brk.max(2));
        self.brk = 0;
        let at = self.out.len();
        self.out.push_str(s);
        if s.is_empty() {
            let end = self.out.trim_end_matches(' ').len();
            self.out.truncate(end);
        }
        at
    }

    /// Escapes the first word of the line if it would start a block (`#`, `>`, `-`, `1.` …).
    fn check_line(&mut self) {
        let Some(p) = self.check.take() else { return };
        let line = self.out.get(p..).unwrap_or_default().as_bytes();
        let word = line.split(|&c| c == b' ').next().unwrap_or_default();
        let digits = word.iter().take_while(|c| c.is_ascii_digit()).count();
        let at = match word {
            [b'>', ..] | [b'+'] => Some(p),
            [c @ (b'-' | b'='), ..] if word.iter().all(|x| x == c) => Some(p),
            [b'#', ..] if word.len() <= 6 && word.iter().all(|&x| x == b'#') => Some(p),
            _ if (1..=9).contains(&digits)
                && word.len() == digits + 1
                && matches!(word.last(), Some(b'.' | b')')) =>
            {
                Some(p + digits)
            }
            _ => None,
        };
        if let Some(i) = at.filter(|&i| self.out.is_char_boundary(i)) {
            self.out.insert(i, '\\');
        }
    }

    /// One character of text, escaped where Markdown would read it as syntax.
    fn put(&mut self, c: char) {
        let escape = match c {
            '\\' | '*' | '`' | '[' | ']' | '~' => true,
            '_' => !self
                .out
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric),
            '|' => self.cell.is_some(),
            _ => false,
        };
        let len = self.out.len();
        let tag_like = c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?');
        if tag_like && self.lt == Some(len) && self.out.ends_with('<') {
            self.out.insert(len.saturating_sub(1), '\\');
        }
        if c.is_alphanumeric() && self.glued(len) {
            self.out.push_str(GLUE);
        }
        if escape {
            self.out.push('\\');
        }
        self.out.push(c);
        self.lt = (c == '<').then_some(self.out.len());
    }

    fn emit_code(&mut self) {
        let code = std::mem::take(&mut self.buf);
        let after = std::mem::take(&mut self.code_space);
        if !code.is_empty() {
            self.prep('`');
            if self.out.ends_with('`') {
                self.out.push_str(GLUE); // Two code spans in a row would merge their fences.
            }
            let ticks = "`".repeat(longest_run(&code, '`') + 1);
            let pad = if code.starts_with('`') || code.ends_with('`') {
                " "
            } else {
                ""
            };
            let code = if self.cell.is_some() {
                code.replace('|', "\\|")
            } else {
                code
            };
            self.out
                .push_str(&format!("{ticks}{pad}{code}{pad}{ticks}"));
        }
        self.space |= after;
    }

    fn emit_pre(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        let lang = std::mem::take(&mut self.lang);
        let body = buf.strip_prefix('\n').unwrap_or(&buf).trim_end();
        if body.trim_start().is_empty() {
            return;
        }
        let fence = "`".repeat(longest_run(body, '`').max(2) + 1);
        self.boundary(3);
        self.raw_line(&format!("{fence}{lang}"));
        for line in body.split('\n') {
            self.raw_line(line.trim_end());
        }
        self.raw_line(&fence);
        self.boundary(3);
    }
}

/// Separates an emphasis marker from what would stop it from opening or closing.
const GLUE: &str = "<!-- -->";

/// Punctuation for CommonMark's delimiter rules (symbols included).
fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

fn longest_run(s: &str, ch: char) -> usize {
    let (mut run, mut max) = (0, 0);
    for c in s.chars() {
        run = if c == ch { run + 1 } else { 0 };
        max = max.max(run);
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds a tiny HTML-ish string: `<tag a="v">`, `</tag>`, text (no entities; a `<` not
    /// followed by a letter or `/` is text).
    fn feed(b: &mut MarkdownBuilder, html: &str) {
        let mut rest = html;
        while !rest.is_empty() {
            let tag_start = rest.starts_with('<')
                && rest.contains('>')
                && rest[1..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '/');
            if tag_start {
                let end = rest.find('>').unwrap();
                let inner = &rest[1..end];
                rest = &rest[end + 1..];
                if let Some(name) = inner.strip_prefix('/') {
                    b.end(name.trim());
                    continue;
                }
                let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
                let attrs = parse_attrs(&inner[name_end..]);
                b.start(&inner[..name_end], &|n| {
                    attrs.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone())
                });
            } else {
                let end = rest[1..].find('<').map_or(rest.len(), |i| i + 1);
                rest[..end].chars().for_each(|c| b.text(c));
                rest = &rest[end..];
            }
        }
    }

    fn parse_attrs(mut s: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        loop {
            s = s.trim_start();
            let Some(eq) = s.find('=') else { return out };
            let name = s[..eq].trim().to_string();
            let q = s[eq + 1..].chars().next().unwrap();
            let body = &s[eq + 2..];
            let close = body.find(q).unwrap();
            out.push((name, body[..close].to_string()));
            s = &body[close + 1..];
        }
    }

    fn md(html: &str) -> String {
        md_with(None, html)
    }

    fn md_with(base: Option<&str>, html: &str) -> String {
        let mut b = MarkdownBuilder::new(base);
        feed(&mut b, html);
        b.finish()
    }

    /// Properties every output has: one final newline, no two blank lines in a row, no trailing
    /// spaces (hard breaks use a backslash).
    fn well_formed(s: &str) {
        assert!(
            s.is_empty() || (s.ends_with('\n') && !s.ends_with("\n\n")),
            "{s:?}"
        );
        assert!(!s.contains("\n\n\n"), "{s:?}");
        assert!(s.lines().all(|l| !l.ends_with(' ')), "{s:?}");
    }

    #[test]
    fn heading_ending_in_hashes_keeps_them() {
        assert_eq!(
            md("<h2>C #</h2><h3>#</h3><p>a #</p><h2>#1</h2>"),
            "## C \\#\n\n### \\#\n\na #\n\n## #1\n"
        );
    }

    #[test]
    fn headings_and_paragraphs() {
        let s =
            md("<h1>Title</h1><p>One  \n two</p><p>Three</p><h3> Sub <b>bold</b> </h3><h6>x</h6>");
        assert_eq!(
            s,
            "# Title\n\nOne two\n\nThree\n\n### Sub **bold**\n\n###### x\n"
        );
        well_formed(&s);
    }

    #[test]
    fn empty_document_and_empty_elements_give_nothing() {
        assert_eq!(md(""), "");
        assert_eq!(
            md("<p> </p><h2></h2><b> </b><a href=\"x\"></a><ul><li></li></ul>"),
            ""
        );
    }

    #[test]
    fn block_separators_and_text_between_blocks() {
        let s =
            md("<div>a<section>b</section>c</div><header>d</header><dl><dt>t</dt><dd>e</dd></dl>");
        assert_eq!(s, "a\n\nb\n\nc\n\nd\n\nt\n\ne\n");
        assert_eq!(
            md("<span>a</span> <font>b</font><sup>2</sup><u>c</u>"),
            "a b2c\n"
        );
    }

    #[test]
    fn hard_breaks_and_double_breaks() {
        assert_eq!(md("<p>a<br>b <br> c</p>"), "a\\\nb\\\nc\n");
        assert_eq!(md("<p>a<br><br>b</p>"), "a\n\nb\n");
        assert_eq!(md("<p>a<br></p><p><br>b</p>"), "a\n\nb\n");
        assert_eq!(md("<h2>a<br>b</h2>"), "## a b\n");
    }

    #[test]
    fn emphasis_moves_spaces_outside_markers() {
        assert_eq!(md("<p>a<b> bold </b>c</p>"), "a **bold** c\n");
        assert_eq!(md("<p><em>x</em><i>y</i></p>"), "*xy*\n");
        assert_eq!(md("<p><b>a</b><b>b</b> <b>c</b></p>"), "**ab** **c**\n");
        assert_eq!(md("<p><strong><b>nested</b></strong></p>"), "**nested**\n");
        assert_eq!(
            md("<p><b><i>both</i></b> <del>gone</del><s>x</s></p>"),
            "***both*** ~~gonex~~\n"
        );
        assert_eq!(md("<p>a<em> </em>b</p>"), "a b\n");
    }

    #[test]
    fn emphasis_next_to_punctuation_is_kept_parseable() {
        // A closer after punctuation followed by a letter, or an opener after a letter followed
        // by punctuation, would not parse: an empty comment separates them.
        assert_eq!(md("<p><b>\"q\"</b>word</p>"), "**\"q\"**<!-- -->word\n");
        assert_eq!(md("<p>word<i>(x)</i></p>"), "word<!-- -->*(x)*\n");
        assert_eq!(md("<p><b>a.</b><i>b</i></p>"), "**a.**<!-- -->*b*\n");
        assert_eq!(md("<p><b><i>x.</i></b>y</p>"), "***x.***<!-- -->y\n");
        assert_eq!(
            md("<p>a<b><i>x</i></b> a<b><del>(x)</del></b></p>"),
            "a***x*** a<!-- -->**~~(x)~~**\n"
        );
        // No comment where the markers parse as they are.
        assert_eq!(
            md("<p><b>a</b>b <b>Note:</b> c <i>x.</i>, d</p>"),
            "**a**b **Note:** c *x.*, d\n"
        );
    }

    #[test]
    fn emphasis_across_blocks_and_breaks() {
        assert_eq!(md("<b><p>one</p><p>two</p></b>"), "**one**\n\n**two**\n");
        assert_eq!(md("<p><i>a<br>b</i></p>"), "*a*\\\n*b*\n");
    }

    #[test]
    fn links_with_titles_parentheses_and_spaces() {
        assert_eq!(
            md("<p>See <a href=\"https://x.org/a b\" title='The \"t\"'>this</a>.</p>"),
            "See [this](https://x.org/a%20b \"The \\\"t\\\"\").\n"
        );
        assert_eq!(
            md("<a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\">Foo</a>"),
            "[Foo](<https://en.wikipedia.org/wiki/Foo_(bar)>)\n"
        );
        assert_eq!(
            md("<p><a>no href</a> <a href=\"\">empty</a></p>"),
            "no href empty\n"
        );
        assert_eq!(md("<p>x<a href=\"/y\"> </a>z</p>"), "x z\n");
        assert_eq!(
            md("<p><a href=\"u\"> spaced </a>text</p>"),
            "[spaced](u) text\n"
        );
    }

    #[test]
    fn links_resolve_against_the_base_url() {
        let base = Some("https://ex.com/news/2024/story.html?x=1#top");
        let link = |href: &str| md_with(base, &format!("<a href=\"{href}\">t</a>"));
        assert_eq!(
            link("other.html"),
            "[t](https://ex.com/news/2024/other.html)\n"
        );
        assert_eq!(
            link("../img/a.png?q#f"),
            "[t](https://ex.com/news/img/a.png?q#f)\n"
        );
        assert_eq!(link("/root"), "[t](https://ex.com/root)\n");
        assert_eq!(link("//cdn.net/x"), "[t](https://cdn.net/x)\n");
        assert_eq!(
            link("#sec"),
            "[t](https://ex.com/news/2024/story.html?x=1#sec)\n"
        );
        assert_eq!(
            link("?page=2"),
            "[t](https://ex.com/news/2024/story.html?page=2)\n"
        );
        assert_eq!(link("mailto:a@b.c"), "[t](mailto:a@b.c)\n");
        assert_eq!(link(" ./a/./b/.. "), "[t](https://ex.com/news/2024/a/)\n");
        assert_eq!(
            md_with(Some("https://ex.com"), "<a href=\"a\">t</a>"),
            "[t](https://ex.com/a)\n"
        );
        assert_eq!(md_with(None, "<a href=\"../a\">t</a>"), "[t](../a)\n");
        assert_eq!(
            md_with(Some("about:blank"), "<a href=\"a\">t</a>"),
            "[t](a)\n"
        );
    }

    #[test]
    fn headings_inside_links_keep_the_link_per_block() {
        assert_eq!(
            md("<a href=\"/s\"><h2>Headline</h2><p>Teaser <b>text</b></p></a>"),
            "## [Headline](/s)\n\n[Teaser **text**](/s)\n"
        );
        assert_eq!(md("<a href=\"a\">x<a href=\"b\">y</a></a>"), "[xy](a)\n");
    }

    #[test]
    fn images_and_figures() {
        assert_eq!(
            md_with(
                Some("https://e.com/a/"),
                "<p>x <img src=\"p.jpg\" alt=\"A [b]\" title=\"T\"> y</p>"
            ),
            "x ![A \\[b\\]](https://e.com/a/p.jpg \"T\") y\n"
        );
        assert_eq!(md("<p>a<img alt=\"no src\">b<img src=\" \"></p>"), "ab\n");
        assert_eq!(
            md("<figure><img src=\"i.png\" alt=\"\"><figcaption>The <b>caption</b></figcaption></figure>"),
            "![](i.png)\n\n*The **caption***\n"
        );
        assert_eq!(
            md("<a href=\"big.jpg\"><img src=\"s.jpg\" alt=\"s\"></a>"),
            "[![s](s.jpg)](big.jpg)\n"
        );
    }

    #[test]
    fn inline_code_uses_enough_backticks() {
        assert_eq!(
            md("<p>Use <code>x = 1</code> here</p>"),
            "Use `x = 1` here\n"
        );
        assert_eq!(md("<p><code>a`b</code></p>"), "``a`b``\n");
        assert_eq!(md("<p><code>`tick</code></p>"), "`` `tick ``\n");
        assert_eq!(md("<p>a<code> b </code>c</p>"), "a `b` c\n");
        assert_eq!(md("<p><code>*not* [a]</code></p>"), "`*not* [a]`\n");
        assert_eq!(
            md("<p><code><b>x</b>\n  y</code><code></code></p>"),
            "`x y`\n"
        );
        assert_eq!(
            md("<p><code>a</code><code>`b</code></p>"),
            "`a`<!-- -->`` `b ``\n"
        );
    }

    #[test]
    fn code_fences_with_language_and_backticks_inside() {
        assert_eq!(
            md("<pre class=\"language-rust\">\nfn main() {\n    x  y\n}\n</pre>"),
            "```rust\nfn main() {\n    x  y\n}\n```\n"
        );
        assert_eq!(
            md("<pre><code class=\"hljs lang-js\">a ```b```\n<b>c</b> *d*</code></pre>"),
            "````js\na ```b```\nc *d*\n````\n"
        );
        assert_eq!(md("<p>x</p><pre>  </pre><p>y</p>"), "x\n\ny\n");
        assert_eq!(
            md("<pre><div>l1</div><div>l2</div>\n<div>l3</div></pre>"),
            "```\nl1\nl2\nl3\n```\n"
        );
        assert_eq!(md("<pre>a<br>b\n\n\nc</pre>"), "```\na\nb\n\n\nc\n```\n");
    }

    #[test]
    fn code_blocks_inside_lists_and_quotes_are_prefixed() {
        assert_eq!(
            md("<ul><li>a<pre>x\n\ny</pre></li></ul>"),
            "- a\n\n  ```\n  x\n\n  y\n  ```\n"
        );
        assert_eq!(
            md("<blockquote><pre>q</pre></blockquote>"),
            "> ```\n> q\n> ```\n"
        );
    }

    #[test]
    fn nested_lists_are_indented() {
        let s = md("<ul><li>a<ul><li>b<ol><li>c</li><li>d</li></ol></li></ul></li><li>e</li></ul><p>after</p>");
        assert_eq!(s, "- a\n  - b\n    1. c\n    2. d\n- e\n\nafter\n");
        well_formed(&s);
    }

    #[test]
    fn text_after_a_nested_list_stays_out_of_it() {
        assert_eq!(
            md("<ul><li>a<ul><li>b</li></ul>c</li><li>d</li></ul>"),
            "- a\n  - b\n\n  c\n- d\n"
        );
        assert_eq!(
            md("<ol><li>a<ul><li>b</li></ul></li></ol><ul><li>c</li></ul>"),
            "1. a\n   - b\n\n- c\n"
        );
    }

    #[test]
    fn ordered_lists_honour_start_and_widen() {
        assert_eq!(
            md("<ol start=\"9\"><li>a<p>more</p></li><li>b</li></ol>"),
            "9. a\n\n   more\n\n10. b\n"
        );
        assert_eq!(md("<ol start=\"junk\"><li>a</li></ol>"), "1. a\n");
        // A list not starting at 1 cannot interrupt a paragraph: a blank line comes first.
        assert_eq!(
            md("<ul><li>a<ol start=\"2\"><li>b</li><li>c</li></ol></li></ul>"),
            "- a\n\n  2. b\n  3. c\n"
        );
        assert_eq!(
            md("<ul><li>a<ol><li>b</li></ol></li></ul>"),
            "- a\n  1. b\n"
        );
        assert_eq!(md("<ol>x<li></li><li>y</li></ol>"), "x\n\n2. y\n");
        assert_eq!(md("<ol><li>a</li>x<li>b</li></ol>"), "1. a\n\nx\n\n2. b\n");
        assert_eq!(
            md("<ul><li>a<hr>b</li><li><hr>c</li></ul>"),
            "- a\n\n  ---\n\n  b\n- c\n"
        );
        assert_eq!(md("<ol start=\"-4\"><li>a</li></ol>"), "0. a\n");
    }

    #[test]
    fn list_items_with_paragraphs_and_omitted_end_tags() {
        assert_eq!(
            md("<ul><li><p>a</p><p>b</p></li><li><p>c</p></ul>"),
            "- a\n\n  b\n\n- c\n"
        );
        assert_eq!(md("<ul><li>a<li>b</ul>"), "- a\n- b\n");
        assert_eq!(
            md("<ol><li><b>a<li>b<ul><li>c<li>d</ul><li>e</ol>"),
            "1. **a**\n2. b\n   - c\n   - d\n3. e\n"
        );
    }

    #[test]
    fn list_directly_inside_list_nests_under_the_previous_item() {
        assert_eq!(
            md("<ul><li>a</li><ul><li>b</li></ul><li>c</li></ul>"),
            "- a\n\n  - b\n\n- c\n"
        );
    }

    #[test]
    fn blockquote_with_paragraphs_and_nesting() {
        let s = md(
            "<blockquote><p>a</p><p>b</p><blockquote>c</blockquote><p>d</p></blockquote><p>e</p>",
        );
        assert_eq!(s, "> a\n>\n> b\n>\n> > c\n>\n> d\n\ne\n");
        well_formed(&s);
        assert_eq!(
            md("<blockquote>x</blockquote><blockquote>y</blockquote>"),
            "> x\n\n> y\n"
        );
        assert_eq!(
            md("<p>p</p><blockquote>q<br>r</blockquote>"),
            "p\n\n> q\\\n> r\n"
        );
        assert_eq!(
            md("<ul><li>i<blockquote>q</blockquote></li></ul>"),
            "- i\n\n  > q\n"
        );
    }

    #[test]
    fn tables_with_header_row() {
        let s = md("<table><thead><tr><th>A</th><th>B|C</th></tr></thead>\n<tbody><tr><td>1</td><td><b>2</b></td></tr></tbody></table>");
        assert_eq!(s, "| A | B\\|C |\n| --- | --- |\n| 1 | **2** |\n");
        let s = md("<table><tr><td>x</td><td>y</td></tr><tr><th>H1</th><th>H2</th></tr></table>");
        assert_eq!(s, "| H1 | H2 |\n| --- | --- |\n| x | y |\n");
    }

    #[test]
    fn tables_first_row_is_header_without_th() {
        assert_eq!(
            md("<p>before</p><table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table><p>after</p>"),
            "before\n\n| a | b |\n| --- | --- |\n| c | d |\n\nafter\n"
        );
    }

    #[test]
    fn tables_ragged_rows_and_colspan_are_padded() {
        assert_eq!(
            md("<table><tr><th>a</th></tr><tr><td>1</td><td>2</td><td>3</td></tr><tr><td colspan=\"2\">x</td></tr></table>"),
            "| a |  |  |\n| --- | --- | --- |\n| 1 | 2 | 3 |\n| x |  |  |\n"
        );
    }

    #[test]
    fn tables_flatten_blocks_in_cells_and_nested_tables() {
        let s = md("<table><tr><th>k</th><th>v</th></tr><tr><td><p>p1</p><p>p2</p></td><td><table><tr><td>i1</td><td>i2</td></tr><tr><td>i3</td></tr></table></td></tr></table>");
        assert_eq!(s, "| k | v |\n| --- | --- |\n| p1<br>p2 | i1 i2<br>i3 |\n");
        assert_eq!(
            md("<table><tr><th>c</th></tr><tr><td><code>a|b</code> <a href=\"u|v\">l</a><ul><li>x</li><li>y</li></ul></td></tr></table>"),
            "| c |\n| --- |\n| `a\\|b` [l](u%7Cv)<br>- x<br>- y |\n"
        );
    }

    #[test]
    fn layout_tables_become_blocks() {
        // One row: the page's columns, written one after the other with their structure.
        assert_eq!(
            md("<table><tr><td><p>Intro <b>x</b></p><ul><li>a</li><li>b</li></ul></td><td><blockquote>q</blockquote><p>c<br>d</p></td></tr></table><p>after</p>"),
            "Intro **x**\n\n- a\n- b\n\n> q\n\nc\\\nd\n\nafter\n"
        );
        assert_eq!(
            md("<table role=\"presentation\"><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"),
            "a\n\nb\n\nc\n\nd\n"
        );
        // Cells of three blocks or more: layout too.
        assert_eq!(
            md("<table><tr><td>n</td><td>m</td></tr><tr><td><p>1</p><p>2</p><p>3</p></td><td>z</td></tr></table>"),
            "n\n\nm\n\n1\n\n2\n\n3\n\nz\n"
        );
        // Inside a list item, the blocks keep the item's indentation.
        assert_eq!(
            md("<ul><li>i<table><tr><td><p>a</p><p>b</p></td></tr></table></li></ul>"),
            "- i\n\n  a\n\n  b\n"
        );
    }

    #[test]
    fn tables_layout_and_caption_fallbacks() {
        assert_eq!(
            md("<table><tr><td><h2>Story</h2><p># not a heading</p></td></tr></table>"),
            "## Story\n\n\\# not a heading\n"
        );
        assert_eq!(
            md("<table><tr><td>a</td></tr><tr><td>b</td></tr></table>"),
            "a\n\nb\n"
        );
        assert_eq!(
            md("<table><tr><th><h3>Head</h3></th><th>x<br>y</th></tr><tr><td><p>p</p><p>q</p></td><td>1.</td></tr></table>"),
            "| Head | x<br>y |\n| --- | --- |\n| p<br>q | 1\\. |\n"
        );
        assert_eq!(
            md("<table><caption>Cap</caption><tr><th>h</th></tr><tr><td>v</td></tr></table>"),
            "Cap\n\n| h |\n| --- |\n| v |\n"
        );
        assert_eq!(md("<table></table><table><tr></tr></table>"), "");
        assert_eq!(
            md("<table><td>a</td><td>b<tr><td>c</table>"),
            "| a | b |\n| --- | --- |\n| c |  |\n"
        );
    }

    #[test]
    fn text_inside_a_table_but_outside_cells_comes_before_it() {
        assert_eq!(
            md("<table>stray<tr><th>h</th></tr><tr><td>v</td></tr></table>"),
            "stray\n\n| h |\n| --- |\n| v |\n"
        );
    }

    #[test]
    fn table_inside_blockquote_and_list() {
        assert_eq!(
            md("<blockquote><table><tr><th>a</th></tr><tr><td>b</td></tr></table></blockquote>"),
            "> | a |\n> | --- |\n> | b |\n"
        );
        assert_eq!(
            md("<ol><li><table><tr><th>a</th></tr><tr><td><ul><li>x</li></ul></td></tr></table></li></ol>"),
            "1. | a |\n   | --- |\n   | - x |\n"
        );
    }

    #[test]
    fn horizontal_rules() {
        assert_eq!(md("<p>a</p><hr><p>b</p><hr>"), "a\n\n---\n\nb\n\n---\n");
        assert_eq!(md("a<hr>b"), "a\n\n---\n\nb\n");
    }

    #[test]
    fn escapes_markdown_syntax_in_text() {
        assert_eq!(
            md("<p>a*b* _c_ snake_case [x](y) `t` \\ ~s~</p>"),
            "a\\*b\\* \\_c_ snake_case \\[x\\](y) \\`t\\` \\\\ \\~s\\~\n"
        );
        let mut b = MarkdownBuilder::new(None);
        "1 < 2 but <b> and <!x, </p> <3 <"
            .chars()
            .for_each(|c| b.text(c));
        // A last `<` is escaped too: Markdown placed after it could make it a tag.
        assert_eq!(b.finish(), "1 < 2 but \\<b> and \\<!x, \\</p> <3 \\<\n");
        assert_eq!(
            md("<p>Q&A: 50% off! (maybe) #1 - really. 3.5</p>"),
            "Q&A: 50% off! (maybe) #1 - really. 3.5\n"
        );
    }

    #[test]
    fn escapes_block_syntax_at_line_start_only() {
        assert_eq!(
            md("<p># not heading</p><p>## x</p><p>#hashtag</p>"),
            "\\# not heading\n\n\\## x\n\n#hashtag\n"
        );
        assert_eq!(
            md("<p>1. not a list</p><p>2024) also</p><p>3.5 fine</p>"),
            "1\\. not a list\n\n2024\\) also\n\n3.5 fine\n"
        );
        assert_eq!(
            md("<p>> quote</p><p>- dash</p><p>+ plus</p><p>---</p><p>===</p><p>-5 ok</p>"),
            "\\> quote\n\n\\- dash\n\n\\+ plus\n\n\\---\n\n\\===\n\n-5 ok\n"
        );
        assert_eq!(md("<p>a<br>- b<br>1.</p>"), "a\\\n\\- b\\\n1\\.\n");
        assert_eq!(
            md("<h2>1. Intro</h2><ul><li>1. x</li></ul>"),
            "## 1. Intro\n\n- 1\\. x\n"
        );
        assert_eq!(md("<p>x - 1. # > y</p>"), "x - 1. # > y\n");
    }

    #[test]
    fn unbalanced_and_stray_tags_are_tolerated() {
        assert_eq!(
            md("</p></div>a</b></a></li></td></table></pre></code>"),
            "a\n"
        );
        assert_eq!(md("<div><b>a<p>b</div>c"), "**a**\n\n**b**\n\nc\n");
        assert_eq!(md("<table><tr><td>a"), "a\n");
        assert_eq!(md("<pre>x"), "```\nx\n```\n");
        assert_eq!(md("<ul><li>a<blockquote>b"), "- a\n\n  > b\n");
        assert_eq!(md("<code>c"), "`c`\n");
        assert_eq!(md("<P>a<B>b</b></p><UL><LI>c</ul>"), "a**b**\n\n- c\n");
    }

    #[test]
    fn void_elements_never_open_frames() {
        assert_eq!(md("<p>a<wbr>b<input>c<br>d</p><p>e</p>"), "abc\\\nd\n\ne\n");
    }

    #[test]
    fn deep_nesting_is_linear_and_bounded() {
        let n = 100_000;
        for (open, close) in [
            ("<div>", "</div>"),
            ("<blockquote>x", "</blockquote>"),
            ("<ul><li>x", "</li></ul>"),
            ("<b><i><a href=\"u\">", "</a></i></b>"),
            ("<table><tr><td>x", "</td></tr></table>"),
            ("<pre><code>", "</code></pre>"),
            ("<h2><p>y", "</p></h2>"),
        ] {
            let mut b = MarkdownBuilder::new(None);
            for _ in 0..n {
                feed(&mut b, open);
            }
            b.text('z');
            for _ in 0..n {
                feed(&mut b, close);
            }
            let s = b.finish();
            well_formed(&s);
            assert!(s.len() < 200 * n, "{open}: {}", s.len());
            // Unclosed, finished directly.
            let mut b = MarkdownBuilder::new(None);
            for _ in 0..n {
                feed(&mut b, open);
            }
            well_formed(&b.finish());
        }
    }

    #[test]
    fn nesting_beyond_the_prefix_limit_stays_valid() {
        let s = md(&"<blockquote>".repeat(40));
        assert_eq!(s, "");
        let s = md(&format!("{}deep", "<blockquote>".repeat(40)));
        assert_eq!(s, format!("{}deep\n", "> ".repeat(MAX_NEST)));
    }

    #[test]
    fn output_is_well_formed_for_mixed_sequences() {
        let parts = [
            "<p>",
            "</p>",
            "<b>",
            "</b>",
            "<li>",
            "</li>",
            "<ul>",
            "</ul>",
            "<ol>",
            "<blockquote>",
            "</blockquote>",
            "<br>",
            "<table>",
            "<tr>",
            "<td>",
            "</td>",
            "</table>",
            "<h2>",
            "</h2>",
            "<a href=\"u\">",
            "</a>",
            " ",
            "word",
            "<img src=\"i\">",
            "<hr>",
            "<code>",
            "</code>",
            "#",
            "1.",
            "-",
            "<div>",
            "</div>",
        ];
        let mut state = 12345u64;
        for _ in 0..300 {
            let mut b = MarkdownBuilder::new(Some("https://e.com/"));
            for _ in 0..60 {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                feed(&mut b, parts[(state >> 33) as usize % parts.len()]);
            }
            well_formed(&b.finish());
        }
    }
}
