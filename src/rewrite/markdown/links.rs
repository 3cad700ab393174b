//! Links and images: destinations resolved against the page's URL and escaped, titles and image
//! descriptions escaped.

use super::{Inline, Kind, MarkdownBuilder};

impl MarkdownBuilder {
    /// `a` with a destination, outside another link: its text is the link's.
    pub(super) fn open_link(
        &mut self,
        attr: &dyn Fn(&str) -> Option<String>,
        in_cell: bool,
    ) -> (Kind, u8) {
        match attr("href").filter(|h| !h.trim().is_empty()) {
            Some(href) if !self.inline.iter().any(|i| i.open == "[") => {
                let url = resolve(self.base.as_deref(), &href);
                let close = format!("]({})", dest(&url, attr("title"), in_cell));
                self.inline.push(Inline { open: "[", close });
                (Kind::Inline, 0)
            }
            _ => (Kind::None, 0),
        }
    }

    /// `img` with a source: an image, its description escaped.
    pub(super) fn image(&mut self, attr: &dyn Fn(&str) -> Option<String>) {
        let Some(src) = attr("src").filter(|s| !s.trim().is_empty()) else {
            return;
        };
        let cell = self.cell.is_some();
        let alt = escape(&attr("alt").unwrap_or_default(), cell);
        let url = dest(&resolve(self.base.as_deref(), &src), attr("title"), cell);
        self.prep('!');
        self.out.push_str(&format!("![{alt}]({url})"));
    }
}

/// Attribute text (image descriptions) as Markdown inline text: whitespace collapsed, syntax escaped.
fn escape(s: &str, cell: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in word.chars() {
            if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '~' | '<') || (cell && c == '|') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A link destination (in `<…>` if it has parentheses) and its optional title.
fn dest(url: &str, title: Option<String>, cell: bool) -> String {
    let wrap = url.contains(['(', ')']);
    let mut s = String::with_capacity(url.len() + 2);
    if wrap {
        s.push('<');
    }
    for c in url.chars() {
        match c {
            ' ' => s.push_str("%20"),
            '<' => s.push_str("%3C"),
            '>' => s.push_str("%3E"),
            '|' if cell => s.push_str("%7C"),
            '\\' => s.push_str("\\\\"),
            c if c.is_control() => {}
            c => s.push(c),
        }
    }
    if wrap {
        s.push('>');
    }
    let title = title.unwrap_or_default();
    if !title.trim().is_empty() {
        s.push_str(" \"");
        for (i, word) in title.split_whitespace().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            for c in word.chars() {
                if matches!(c, '"' | '\\') || (cell && c == '|') {
                    s.push('\\');
                }
                s.push(c);
            }
        }
        s.push('"');
    }
    s
}

/// Resolves `url` against a hierarchical `base` (`scheme://authority/path`), as a browser would.
fn resolve(base: Option<&str>, url: &str) -> String {
    let url: String = url
        .trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control())
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme_end = |s: &str| {
        let i = s.find(':')?;
        let scheme = s.get(..i)?;
        let mut chars = scheme.chars();
        let ok = chars.next()?.is_ascii_alphabetic()
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        ok.then_some(i)
    };
    let Some(base) = base else { return url };
    if scheme_end(&url).is_some() {
        return url;
    }
    let Some(i) = scheme_end(base) else {
        return url;
    };
    let Some(after) = base.get(i + 1..).and_then(|r| r.strip_prefix("//")) else {
        return url;
    };
    let auth = after.find(['/', '?', '#']).unwrap_or(after.len());
    let origin = base.get(..i + 3 + auth).unwrap_or_default();
    let path_query = after.get(auth..).unwrap_or_default();
    let no_frag = base.split('#').next().unwrap_or_default();
    let base_path = path_query.split(['?', '#']).next().unwrap_or_default();
    if let Some(rest) = url.strip_prefix("//") {
        return format!("{}://{rest}", base.get(..i).unwrap_or_default());
    }
    if url.is_empty() || url.starts_with('#') {
        return format!("{no_frag}{url}");
    }
    if url.starts_with('?') {
        return format!("{origin}{base_path}{url}");
    }
    let split = url.find(['?', '#']).unwrap_or(url.len());
    let (path, tail) = url.split_at(split);
    let path = match path.starts_with('/') {
        true => path.to_string(),
        false => {
            let dir = base_path.rfind('/').and_then(|j| base_path.get(..j));
            format!("{}/{path}", dir.unwrap_or_default())
        }
    };
    let mut segs: Vec<&str> = Vec::new();
    let mut parts = path.split('/').skip(1).peekable();
    while let Some(seg) = parts.next() {
        let last = parts.peek().is_none();
        if seg == "." || seg == ".." {
            if seg == ".." {
                segs.pop();
            }
            if last {
                segs.push("");
            }
        } else {
            segs.push(seg);
        }
    }
    format!("{origin}/{}{tail}", segs.join("/"))
}
