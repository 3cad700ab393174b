//! Helpers shared by the integration tests: a browser's-eye check of cleaned output (html5ever,
//! the HTML standard's parser as browsers implement it) and the visible words of a page.
#![allow(dead_code)]

use scraper::{Html, Node};

/// Elements that must never be in cleaned output.
pub const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "link",
    "noscript",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "input",
    "button",
    "select",
    "textarea",
    "option",
    "optgroup",
    "keygen",
    "isindex",
    "template",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
    "animate",
    "set",
    "animatemotion",
    "animatetransform",
    "handler",
    "listener",
    "portal",
    "fencedframe",
];

/// Attributes whose value a browser follows as a URL.
pub const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "codebase",
    "archive",
    "profile",
    "manifest",
    "icon",
    "usemap",
    "srcset",
    "imagesrcset",
    "lowsrc",
    "dynsrc",
    "to",
    "from",
    "values",
    "by",
];

/// A URL without the ASCII tabs and newlines a browser's URL parser removes from anywhere in it.
pub fn without_tabs_and_newlines(url: &str) -> String {
    url.chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The scheme of a URL as a browser reads it, and stricter: any Unicode white space before it is
/// ignored too (browsers only skip control characters and spaces; DOMPurify's payloads try more).
pub fn scheme(url: &str) -> String {
    let cleaned = without_tabs_and_newlines(url);
    let cleaned = cleaned
        .trim_start_matches(|c: char| {
            c <= ' ' || c.is_whitespace() || matches!(c, '\u{180E}' | '\u{200B}' | '\u{FEFF}')
        })
        .to_ascii_lowercase();
    match cleaned.split_once(':') {
        Some((s, _))
            if s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            s.to_string()
        }
        _ => String::new(),
    }
}

/// Everything unsafe a browser would find in `html`.
pub fn problems(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let name = el.name().to_ascii_lowercase();
        if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
            found.push(format!("<{name}> element"));
        }
        if name == "meta" && el.attr("http-equiv").is_some() {
            found.push("meta http-equiv".into());
        }
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                found.push(format!("{attr} on <{name}>"));
            }
            if attr == "srcdoc" || attr == "style" && value.to_ascii_lowercase().contains("url(") {
                found.push(format!("{attr} on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) {
                // One URL, except where the attribute is a list: srcset's candidates are
                // separated by commas, SVG animation `values` by semicolons. (An `href` is one URL
                // however many commas it holds.)
                let parts: Vec<&str> = match attr.as_str() {
                    "srcset" | "imagesrcset" => value.split(',').collect(),
                    "values" => value.split(';').collect(),
                    _ => vec![value],
                };
                for part in parts {
                    let s = scheme(part);
                    // Judged as the browser reads it: tabs and newlines inside do not count.
                    let image_ok = matches!(name.as_str(), "img" | "source" | "image" | "video")
                        && without_tabs_and_newlines(part)
                            .trim()
                            .to_ascii_lowercase()
                            .starts_with("data:image/");
                    if s == "javascript"
                        || s == "vbscript"
                        || s == "livescript"
                        || (s == "data" && !image_ok)
                    {
                        found.push(format!(
                            "{attr}=\"{}\" on <{name}>",
                            value.chars().take(60).collect::<String>()
                        ));
                    }
                }
            }
        }
    }
    found
}

/// Elements whose text a reader never sees (the cleaner's own list, `tags::hides_text`).
pub const HIDES_TEXT: &[&str] = &[
    "head",
    "title",
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "noembed",
    "noframes",
    "textarea",
    "select",
    "option",
    "datalist",
    "object",
    "svg",
    "canvas",
    "audio",
    "video",
    "xmp",
    "plaintext",
];

/// The words a browser would show for `html`, in document order, read from html5ever's tree:
/// text outside `hidden` elements (by tag name, any namespace) and outside elements `skip`
/// accepts (given the tag name and the class attribute). Element boundaries separate words.
pub fn visible_words(
    html: &str,
    hidden: &[&str],
    skip: &dyn Fn(&str, &str) -> bool,
) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut text = String::new();
    let mut stack = vec![doc.tree.root()];
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(el) => {
                text.push(' ');
                let name = el.name().to_ascii_lowercase();
                if hidden.contains(&name.as_str()) || skip(&name, el.attr("class").unwrap_or("")) {
                    continue;
                }
            }
            _ => {}
        }
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev());
    }
    text.split_whitespace().map(str::to_string).collect()
}

/// Whether `small` is a subsequence of `big`; on failure, the first element of `small` not found
/// in order.
pub fn subsequence<'a>(small: &'a [String], big: &[String]) -> Result<(), &'a str> {
    let mut it = big.iter();
    for w in small {
        if !it.any(|b| b == w) {
            return Err(w);
        }
    }
    Ok(())
}

/// Text a user may place after cleaned output (a template, a page, the next paste): each would
/// complete a tag, an attribute value or a comment the output left open.
pub const TAILS: &[&str] = &[">", "\">", "'>", " x>", "</div><p>after</p>"];

/// Elements inside which markup placed after the output would be read differently: foreign
/// content (SVG, MathML), table parts (foster parenting), `template`, `select`, a link, and
/// elements whose content is text.
pub const CAPTURING_CONTAINERS: &[&str] = &[
    "svg",
    "math",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "colgroup",
    "template",
    "select",
    "option",
    "optgroup",
    "a",
    "button",
    "title",
    "textarea",
    "style",
    "script",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Everything unsafe a browser would find once `html` is followed by each of [`TAILS`] or
/// preceded by markup, and the ways text placed after the output would change its meaning: it
/// is swallowed (into a tag, a comment, an attribute, raw text), or lands inside one of the
/// output's [`CAPTURING_CONTAINERS`].
pub fn completeness_problems(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tail in TAILS {
        for p in problems(&format!("{html}{tail}")) {
            found.push(format!("followed by {tail:?}: {p}"));
        }
    }
    for p in problems(&format!("<div><p>before</p>{html}</div><p>after</p>")) {
        found.push(format!("inside markup: {p}"));
    }
    // A word after the output is read as text, after every word of the output.
    let own = visible_words(html, HIDES_TEXT, &|_, _| false);
    let mut with = visible_words(&format!("{html} zzafter"), HIDES_TEXT, &|_, _| false);
    if with.pop().as_deref() != Some("zzafter") || with != own {
        found.push("a word placed after the output is not read as text after it".into());
    }
    match ancestors_of_element_after(html) {
        None => found.push("an element placed after the output is lost".into()),
        Some(names) => {
            for n in names {
                if CAPTURING_CONTAINERS.contains(&n.as_str()) {
                    found.push(format!(
                        "an element placed after the output lands inside <{n}>"
                    ));
                }
            }
        }
    }
    found
}

/// Whether every element the output opens is closed: an element placed after it is a child of
/// the body, outside all of the output's elements. Holds where lol_html's model of the page is
/// the browser's; on malformed markup where the two part ways (a `<x/>` one reads as SVG and the
/// other as HTML) a harmless element may stay open, which [`completeness_problems`] allows.
pub fn unclosed_element(html: &str) -> Option<String> {
    match ancestors_of_element_after(html)?.first() {
        Some(parent) if parent == "body" => None,
        Some(parent) => Some(format!(
            "an element placed after the output lands inside <{parent}>"
        )),
        None => Some("an element placed after the output has no parent".into()),
    }
}

/// The names of the ancestors (innermost first) of an element placed right after `html`, as a
/// browser parses the two; `None` when the element is not there.
fn ancestors_of_element_after(html: &str) -> Option<Vec<String>> {
    let doc = Html::parse_document(&format!("{html}<p id=\"zz-after\">after</p>"));
    let after = doc.tree.nodes().find(|n| match n.value() {
        Node::Element(el) => el.attr("id") == Some("zz-after"),
        _ => false,
    })?;
    Some(
        after
            .ancestors()
            .filter_map(|a| match a.value() {
                Node::Element(el) => Some(el.name().to_ascii_lowercase()),
                _ => None,
            })
            .collect(),
    )
}

/// The document a browser builds from `html`, serialized: two outputs that differ only in end
/// tags a browser reads the same way (`<svg></p>` and `<svg></svg></p>`) give the same string.
pub fn browser_document(html: &str) -> String {
    Html::parse_document(html).root_element().html()
}
