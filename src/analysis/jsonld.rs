//! A small, forgiving JSON reader for `<script type="application/ld+json">`, and the schema.org
//! article found in it.
//!
//! The library is compiled to WebAssembly under a size budget, so this is no general JSON crate: it
//! reads the concatenated text of every JSON-LD script on the page (values one after another,
//! junk between them skipped), tolerates raw control characters in strings and trailing commas,
//! limits depth and node count, and never panics: a broken value is dropped and reading resumes
//! after it.

use crate::page_kind::PageKind;

/// A JSON value; numbers are kept as text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

const MAX_DEPTH: usize = 64;
const MAX_NODES: usize = 200_000;

impl Json {
    /// The member `key` of an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The trimmed, non-empty string member `key`.
    fn text(&self, key: &str) -> Option<&str> {
        self.get(key)
            .and_then(Json::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
    nodes: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        let hit = self.peek() == Some(b);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        self.nodes += 1;
        if depth > MAX_DEPTH || self.nodes > MAX_NODES {
            return None;
        }
        self.skip_ws();
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                let mut members = Vec::new();
                loop {
                    if self.eat(b'}') {
                        return Some(Json::Obj(members));
                    }
                    if !self.eat(b'"') {
                        return None;
                    }
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    members.push((key, self.value(depth + 1)?));
                    if !self.eat(b',') && self.peek() != Some(b'}') {
                        return None;
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    if self.eat(b']') {
                        return Some(Json::Arr(items));
                    }
                    items.push(self.value(depth + 1)?);
                    if !self.eat(b',') && self.peek() != Some(b']') {
                        return None;
                    }
                }
            }
            b'"' => {
                self.pos += 1;
                self.string().map(Json::Str)
            }
            b't' => self.word(b"true", Json::Bool(true)),
            b'f' => self.word(b"false", Json::Bool(false)),
            b'n' => self.word(b"null", Json::Null),
            b'-' | b'0'..=b'9' => {
                let start = self.pos;
                self.pos += 1;
                while self
                    .peek()
                    .is_some_and(|b| b.is_ascii_digit() || b".eE+-".contains(&b))
                {
                    self.pos += 1;
                }
                let num = self.s.get(start..self.pos)?;
                Some(Json::Num(String::from_utf8_lossy(num).into_owned()))
            }
            _ => None,
        }
    }

    fn word(&mut self, w: &[u8], v: Json) -> Option<Json> {
        let end = self.pos + w.len();
        (self.s.get(self.pos..end)? == w).then(|| {
            self.pos = end;
            v
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = std::str::from_utf8(self.s.get(self.pos..self.pos + 4)?).ok()?;
        let v = u32::from_str_radix(digits, 16).ok()?;
        self.pos += 4;
        Some(v)
    }

    /// The rest of a string whose opening quote has been read.
    fn string(&mut self) -> Option<String> {
        let mut out: Vec<u8> = Vec::new();
        loop {
            let b = self.peek()?;
            self.pos += 1;
            match b {
                b'"' => return Some(String::from_utf8_lossy(&out).into_owned()),
                b'\\' => {
                    let e = self.peek()?;
                    self.pos += 1;
                    let c = match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'u' => {
                            let hi = self.hex4()?;
                            let mut code = hi;
                            if (0xD800..0xDC00).contains(&hi)
                                && self.s.get(self.pos..self.pos + 2) == Some(b"\\u")
                            {
                                let save = self.pos;
                                self.pos += 2;
                                match self.hex4() {
                                    Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                                        code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                    }
                                    _ => self.pos = save,
                                }
                            }
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        // `\"`, `\\`, `\/` and anything else stand for themselves.
                        other => char::from(other),
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(b),
            }
        }
    }
}

/// Every JSON value in `text`, in order: scripts run together (`{..}{..}`, `[..]{..}`), and
/// anything between or around values that is not JSON (`<![CDATA[`, `;`, a broken value) skipped.
pub(crate) fn parse_all(text: &str) -> Vec<Json> {
    let mut p = Parser {
        s: text.as_bytes(),
        pos: 0,
        nodes: 0,
    };
    let mut out = Vec::new();
    while let Some(off) =
        p.s.get(p.pos..)
            .and_then(|rest| rest.iter().position(|&b| b == b'{' || b == b'['))
    {
        let start = p.pos + off;
        p.pos = start;
        if p.s.get(start..).is_some_and(|r| r.starts_with(b"[CDATA[")) {
            p.pos = start + 7;
            continue;
        }
        match p.value(0) {
            Some(v) => out.push(v),
            // Resume after the point of failure (it is past `start`), keeping the work linear.
            None => p.pos = p.pos.max(start + 1),
        }
        if p.nodes > MAX_NODES {
            break;
        }
    }
    out
}

/// What the page's schema.org article (or, failing one, web page) says.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct LdArticle {
    /// The object's type is an article-like type (not a `WebPage` fallback).
    pub(crate) is_article: bool,
    /// ... and it is a post in a thread (`DiscussionForumPosting`, `SocialMediaPosting`).
    pub(crate) is_posting: bool,
    pub(crate) name: Option<String>,
    pub(crate) headline: Option<String>,
    /// Author names joined by `, `.
    pub(crate) byline: Option<String>,
    pub(crate) date_published: Option<String>,
    pub(crate) publisher: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) image: Option<String>,
    pub(crate) article_body: Option<String>,
    /// `wordCount`, when it is a whole number.
    pub(crate) word_count: Option<u32>,
}

/// A schema.org boolean: `false`, or the strings `"false"`/`"False"` many sites write.
fn boolean(v: &Json) -> Option<bool> {
    match v {
        Json::Bool(b) => Some(*b),
        Json::Str(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Json::Str(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A whole number written as a number or a string (`1200`, `"1200"`).
fn count(v: &Json) -> Option<u32> {
    match v {
        Json::Num(n) | Json::Str(n) => n.trim().parse().ok(),
        _ => None,
    }
}

/// Whether the page's schema.org data says its content is not free to read:
/// `isAccessibleForFree: false` on an object (the article, its web page) or on a part of one
/// (`hasPart`, the markup search engines ask paywalled sites for).
pub(crate) fn not_free(values: &[Json]) -> bool {
    let mut all = Vec::new();
    for v in values {
        objects(v, false, 0, &mut all);
    }
    let closed = |o: &Json| o.get("isAccessibleForFree").and_then(boolean) == Some(false);
    all.iter().filter(|(_, schema)| *schema).any(|(o, _)| {
        closed(o)
            || match o.get("hasPart") {
                Some(Json::Arr(parts)) => parts.iter().any(closed),
                Some(part) => closed(part),
                None => false,
            }
    })
}

/// What kind of page the page's schema.org data says it is, and the type that says so: a
/// thread's posting or a question page, a product, a collection or search results,
/// documentation, an article (in that order: a forum thread's posts are articles too).
pub(crate) fn page_kind(values: &[Json]) -> Option<(PageKind, String)> {
    const KINDS: [(PageKind, &[&str]); 5] = [
        (PageKind::Forum, &["DiscussionForumPosting", "QAPage"]),
        (PageKind::Product, &["Product", "ProductGroup"]),
        (PageKind::Listing, &["CollectionPage", "SearchResultsPage"]),
        (PageKind::Documentation, &["TechArticle", "APIReference"]),
        (PageKind::Article, &[]),
    ];
    let mut all = Vec::new();
    for v in values {
        objects(v, false, 0, &mut all);
    }
    let named: Vec<&str> = all
        .iter()
        .filter(|(_, schema)| *schema)
        .flat_map(|(v, _)| types(v))
        .collect();
    KINDS.iter().find_map(|(kind, names)| {
        let hit = |t: &str| {
            if names.is_empty() {
                is_article_type(t) && !t.ends_with("SocialMediaPosting")
            } else {
                names.contains(&t)
            }
        };
        named
            .iter()
            .copied()
            .find(|t| hit(t))
            .map(|t| (*kind, format!("schema.org {t}")))
    })
}

/// Whether a schema.org type names an article, a report or a posting.
fn is_article_type(t: &str) -> bool {
    const TYPES: [&str; 6] = [
        "Article",
        "Report",
        "BlogPosting",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "APIReference",
    ];
    TYPES.iter().any(|k| t.ends_with(k)) || t.starts_with("Article")
}

fn types(v: &Json) -> impl Iterator<Item = &str> {
    let t = v.get("@type");
    let list = match t {
        Some(Json::Arr(items)) => items.as_slice(),
        Some(other) => std::slice::from_ref(other),
        None => &[],
    };
    list.iter()
        .filter_map(Json::as_str)
        .map(|t| t.rsplit(['/', ':']).next().unwrap_or(t))
}

/// Whether an `@context` is (or includes, or has as `@vocab`) schema.org.
fn is_schema_org(ctx: &Json) -> bool {
    match ctx {
        Json::Str(s) => s.to_ascii_lowercase().contains("schema.org"),
        Json::Arr(items) => items.iter().any(is_schema_org),
        Json::Obj(_) => ctx.get("@vocab").is_some_and(is_schema_org),
        _ => false,
    }
}

/// The objects a page's JSON-LD describes, in document order, each with whether it is in a
/// schema.org context (its own or its container's).
fn objects<'a>(v: &'a Json, schema: bool, depth: usize, out: &mut Vec<(&'a Json, bool)>) {
    if depth > 4 {
        return;
    }
    match v {
        Json::Arr(items) => items
            .iter()
            .for_each(|i| objects(i, schema, depth + 1, out)),
        Json::Obj(_) => {
            let schema = v.get("@context").map_or(schema, is_schema_org);
            out.push((v, schema));
            if let Some(graph) = v.get("@graph") {
                objects(graph, schema, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// A URL: a string, an object's `url` (or `contentUrl`), or the first of a list.
fn url_of(v: &Json) -> Option<&str> {
    match v {
        Json::Str(s) => Some(s.trim()).filter(|s| !s.is_empty()),
        Json::Arr(items) => items.iter().find_map(url_of),
        _ => v.text("url").or_else(|| v.text("contentUrl")),
    }
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

fn describe(v: &Json, is_article: bool) -> LdArticle {
    let byline = match v.get("author") {
        Some(Json::Arr(items)) => {
            // Only objects' names: a bare string is often a handle or a URL.
            let names: Vec<&str> = items.iter().filter_map(|a| a.text("name")).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        Some(a) => owned(a.text("name")),
        None => None,
    };
    LdArticle {
        is_article,
        is_posting: is_article
            && types(v).any(|t| {
                t.ends_with("DiscussionForumPosting") || t.ends_with("SocialMediaPosting")
            }),
        name: owned(v.text("name")),
        headline: owned(v.text("headline")),
        byline,
        date_published: owned(v.text("datePublished")),
        publisher: owned(v.get("publisher").and_then(|p| p.text("name"))),
        description: owned(v.text("description")),
        image: owned(
            v.get("image")
                .and_then(url_of)
                .or_else(|| v.text("thumbnailUrl")),
        ),
        article_body: owned(v.text("articleBody")),
        word_count: v.get("wordCount").and_then(count),
    }
}

/// The first schema.org article-like object in `values` (`@graph` members and list items too;
/// `@type` may be a list); failing one, the first `WebPage`-like object.
pub(crate) fn article(values: &[Json]) -> Option<LdArticle> {
    let mut all = Vec::new();
    for v in values {
        objects(v, false, 0, &mut all);
    }
    let schema: Vec<&Json> = all.iter().filter(|(_, s)| *s).map(|(v, _)| *v).collect();
    if let Some(a) = schema.iter().find(|v| types(v).any(is_article_type)) {
        return Some(describe(a, true));
    }
    schema
        .iter()
        .find(|v| types(v).any(|t| t.ends_with("WebPage") || t == "ItemPage"))
        .map(|v| describe(v, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_page_kind_its_types_declare() {
        let kind = |text: &str| page_kind(&parse_all(text)).map(|(k, e)| (k.name(), e));
        let s = |k: &'static str, e: &str| Some((k, e.to_string()));
        assert_eq!(
            kind(
                r#"{"@context":"https://schema.org","@type":"QAPage","mainEntity":{"@type":"Question"}}"#
            ),
            s("forum", "schema.org QAPage")
        );
        // A forum thread's posts are articles too: the thread wins.
        assert_eq!(
            kind(
                r#"{"@context":"https://schema.org","@graph":[{"@type":"Article"},{"@type":"DiscussionForumPosting"}]}"#
            ),
            s("forum", "schema.org DiscussionForumPosting")
        );
        assert_eq!(
            kind(r#"{"@context":"https://schema.org","@type":["Product"],"name":"Kettle"}"#),
            s("product", "schema.org Product")
        );
        assert_eq!(
            kind(r#"{"@context":"https://schema.org","@type":"CollectionPage"}"#),
            s("listing", "schema.org CollectionPage")
        );
        assert_eq!(
            kind(r#"{"@context":"https://schema.org","@type":"TechArticle"}"#),
            s("documentation", "schema.org TechArticle")
        );
        assert_eq!(
            kind(r#"{"@context":"https://schema.org","@type":"NewsArticle"}"#),
            s("article", "schema.org NewsArticle")
        );
        // Breadcrumbs, the site and its search say nothing about the page; nor does a type
        // outside schema.org.
        assert_eq!(
            kind(
                r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite"},{"@type":"BreadcrumbList"},{"@type":"SocialMediaPosting"}]}"#
            ),
            None
        );
        assert_eq!(
            kind(r#"{"@context":"https://example.org","@type":"Product"}"#),
            None
        );
    }

    #[test]
    fn reads_strings_with_escapes_and_surrogate_pairs() {
        let v = parse_all(r#"{"a":"x\"\\\/\n\u00e9\ud83d\ude00\ud800z"}"#);
        assert_eq!(v.len(), 1);
        assert_eq!(
            v[0].get("a").and_then(Json::as_str),
            Some("x\"\\/\né😀\u{FFFD}z")
        );
    }

    #[test]
    fn reads_concatenated_values_and_skips_junk_between() {
        let v = parse_all("<![CDATA[ {\"a\":1} ]]>;[true,null,-1.5e3]{\"b\":{\"c\":[]},}");
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].get("a"), Some(&Json::Num("1".into())));
        assert_eq!(
            v[1],
            Json::Arr(vec![
                Json::Bool(true),
                Json::Null,
                Json::Num("-1.5e3".into())
            ])
        );
        assert_eq!(
            v[2].get("b").and_then(|b| b.get("c")),
            Some(&Json::Arr(vec![]))
        );
    }

    #[test]
    fn malformed_input_never_panics_and_keeps_later_values() {
        for junk in [
            "{",
            "[",
            "{\"a\"",
            "{\"a\":}",
            "\"\\u12",
            "[1,,2]",
            "{\"a\":tru}",
            "\\",
        ] {
            let _ = parse_all(junk);
        }
        let v = parse_all("{\"a\": oops} {\"ok\": true}");
        assert_eq!(v.last().and_then(|o| o.get("ok")), Some(&Json::Bool(true)));
    }

    #[test]
    fn random_json_like_text_never_panics() {
        let alphabet: Vec<char> = "{}[]\":,\\u0aZ-1.e \n@éd8".chars().collect();
        let mut seed = 0x2545_f491_u64;
        for _ in 0..3000 {
            let len = (seed % 40) as usize;
            let text: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            let _ = article(&parse_all(&text));
        }
    }

    #[test]
    fn depth_is_limited() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(parse_all(&deep).iter().all(|v| matches!(v, Json::Arr(_))));
        assert!(parse_all(&deep).len() < 10_000);
    }

    #[test]
    fn finds_article_in_graph_with_type_list_and_author_list() {
        let text = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"Site"},
            {"@type":["NewsArticle"],"headline":" Big news ","author":[{"name":"A"},"B",{"url":"x"},{"name":"C"}],
             "datePublished":"2024-01-02","publisher":{"name":"Daily"},"image":[{"url":"i.jpg"}],
             "articleBody":"Body"}]}"#;
        let a = article(&parse_all(text)).expect("article");
        assert!(a.is_article);
        assert_eq!(a.headline.as_deref(), Some("Big news"));
        assert_eq!(a.byline.as_deref(), Some("A, C"));
        assert_eq!(a.date_published.as_deref(), Some("2024-01-02"));
        assert_eq!(a.publisher.as_deref(), Some("Daily"));
        assert_eq!(a.image.as_deref(), Some("i.jpg"));
        assert_eq!(a.article_body.as_deref(), Some("Body"));
    }

    #[test]
    fn reads_paywall_markup_and_word_count() {
        // The article itself, a string boolean, a part of the article, a web page.
        for text in [
            r#"{"@context":"https://schema.org","@type":"NewsArticle","isAccessibleForFree":false}"#,
            r#"{"@context":"https://schema.org","@type":"NewsArticle","isAccessibleForFree":" False "}"#,
            r#"{"@context":"https://schema.org","@type":"NewsArticle","isAccessibleForFree":"True",
                "hasPart":{"@type":"WebPageElement","isAccessibleForFree":"false","cssSelector":".paywall"}}"#,
            r#"{"@context":"https://schema.org","@graph":[{"@type":"WebPage","isAccessibleForFree":false}]}"#,
        ] {
            assert!(not_free(&parse_all(text)), "{text}");
        }
        for text in [
            r#"{"@context":"https://schema.org","@type":"NewsArticle","isAccessibleForFree":true}"#,
            r#"{"@context":"https://schema.org","@type":"NewsArticle","isAccessibleForFree":"maybe"}"#,
            r#"{"@type":"NewsArticle","isAccessibleForFree":false}"#,
            r#"{"@context":"https://schema.org","@type":"NewsArticle"}"#,
        ] {
            assert!(!not_free(&parse_all(text)), "{text}");
        }
        let a = |t: &str| article(&parse_all(t)).and_then(|a| a.word_count);
        assert_eq!(
            a(r#"{"@context":"https://schema.org","@type":"NewsArticle","wordCount":1250}"#),
            Some(1250)
        );
        assert_eq!(
            a(r#"{"@context":"https://schema.org","@type":"NewsArticle","wordCount":"830"}"#),
            Some(830)
        );
        assert_eq!(
            a(r#"{"@context":"https://schema.org","@type":"NewsArticle","wordCount":"many"}"#),
            None
        );
        assert_eq!(
            a(r#"{"@context":"https://schema.org","@type":"NewsArticle","wordCount":-3}"#),
            None
        );
    }

    #[test]
    fn ignores_objects_outside_schema_org_and_falls_back_to_web_page() {
        assert_eq!(
            article(&parse_all(r#"{"@type":"NewsArticle","name":"x"}"#)),
            None
        );
        let text = r#"{"@context":{"@vocab":"http://schema.org/"},"@type":"WebPage","name":"P"}"#;
        let a = article(&parse_all(text)).expect("page");
        assert!(!a.is_article);
        assert_eq!(a.name.as_deref(), Some("P"));
    }
}
