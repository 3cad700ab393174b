//! Page metadata gathered by the analysis pass: `<title>`, `<html lang dir>`, `<meta>` tags,
//! `<link rel=canonical>`, JSON-LD (`jsonld.rs`), the page's byline element and its `h1`/`h2`s.
//!
//! The choices follow Readability.js, whose output readers know: JSON-LD article first, then meta
//! tags (a key's last occurrence wins), then the page itself (the `<title>` without its site-name
//! part, the first short element that looks like a byline).

use crate::analysis::jsonld::{self, LdArticle};
use crate::html::entities;
use crate::page_kind::PageKind;
use lol_html::html_content::Element;
use serde::Serialize;

const TITLE_MAX: usize = 2048;
const META_VALUE_MAX: usize = 2048;
const META_MAX: usize = 512;
const JSON_LD_MAX: usize = 1024 * 1024;
/// Headings kept for comparing with the title, and how much of each.
const HEADINGS_MAX: usize = 64;
const CAPTURE_MAX: usize = 512;
/// Open captures at most (deeper elements are not followed).
const CAPTURES_OPEN_MAX: usize = 48;
/// A byline element's text is shorter than this (characters, trimmed).
const BYLINE_MAX: usize = 100;
/// Title separators (each between white space), and the "hierarchical" ones among them.
const SEPARATORS: &[char] = &['|', '-', '–', '—', '\\', '/', '>', '»'];
const HIERARCHICAL: &[char] = &['\\', '/', '>', '»'];

/// What the page says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// The title: JSON-LD `name`/`headline`, `dc:title`, `og:title`, `twitter:title`, else the
    /// `<title>` without a site-name part (or the page's only `h1`).
    pub title: Option<String>,
    /// Author line: JSON-LD `author` names, `dc:creator`, `author`, `parsely-author`,
    /// `article:author`, else the text of the page's byline element.
    pub byline: Option<String>,
    /// Site name (JSON-LD `publisher.name`, `og:site_name`, `application-name`).
    pub site_name: Option<String>,
    /// Publication time as written (JSON-LD `datePublished`, `article:published_time`, ...).
    pub published_time: Option<String>,
    /// Language (`<html lang>`, `content-language`, `og:locale`).
    pub lang: Option<String>,
    /// Text direction (`<html dir>`).
    pub dir: Option<String>,
    /// Description (JSON-LD `description`, `og:description`, `description`, ...).
    pub excerpt: Option<String>,
    /// Canonical URL (`<link rel=canonical>`, `og:url`).
    pub canonical_url: Option<String>,
    /// Lead image (`og:image`, `twitter:image`, JSON-LD `image`).
    pub image: Option<String>,
}

/// What a page says about access to its article (see [`crate::report::Truncation`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Access {
    pub(crate) not_free: bool,
    pub(crate) stated_words: Option<u32>,
}

/// An element whose text (or extent) metadata is following.
#[derive(Debug, Clone, Default)]
struct Capture {
    /// A byline candidate, and its order among them.
    byline: Option<u32>,
    heading: bool,
    h1: bool,
    /// The first `itemprop=name` element inside a byline candidate.
    name: bool,
    /// Hidden: Readability drops it before looking inside (no byline candidates inside).
    hidden: bool,
    /// An unlikely class or role: Readability drops it too, unless it looks again without
    /// dropping such parts (when what it found first is too short).
    unlikely: bool,
    /// A byline candidate inside an unlikely element.
    loose: bool,
    /// A `table` or `code`: class words inside it do not make an element unlikely.
    shields: bool,
    /// The text, white space collapsed, bounded.
    text: String,
    /// Length (UTF-16, as JavaScript counts) from the first non-white-space character, and of
    /// the white space at the end.
    len: usize,
    trail: usize,
    /// The text of the first `itemprop=name` descendant (byline candidates).
    inner_name: Option<String>,
}

impl Capture {
    fn keeps_text(&self) -> bool {
        self.byline.is_some() || self.heading || self.h1 || self.name
    }
}

/// Collects metadata while pass 1 streams by.
#[derive(Debug, Default, Clone)]
pub(crate) struct MetaCollector {
    title: String,
    lang: Option<String>,
    dir: Option<String>,
    canonical: Option<String>,
    /// (key, decoded value) in document order: Readability's keys (`og:title`, `dc:creator`,
    /// `parsely-pub-date`, ...; see `property_key`, `name_key`) and, after a `:`, every
    /// `property`, `name`, `itemprop` (`:itemprop:x`) and `http-equiv` (`:http-equiv:x`).
    metas: Vec<(String, String)>,
    /// Raw JSON-LD script text, until `finish` reads it.
    json_ld: String,
    ld: Option<LdArticle>,
    /// The JSON-LD says some of the page is not free to read.
    ld_not_free: bool,
    /// The kind of page the JSON-LD says this is, with the type that says so.
    ld_kind: Option<(PageKind, String)>,
    captures: Vec<Capture>,
    /// The byline element's text, and its order among the candidates.
    byline_el: Option<(u32, String)>,
    /// The same, counting candidates inside unlikely elements.
    byline_loose: Option<(u32, String)>,
    candidates: u32,
    h1_count: usize,
    h1_first: Option<String>,
    /// Texts of the first `h1`/`h2`s, white space collapsed.
    headings: Vec<String>,
    /// Scratch: an element's `class` and `id`, lower-cased (`start_capture`).
    words: String,
}

/// White space collapsed to single spaces, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decoded (twice, as Readability does: markup often escapes already-escaped text), collapsed,
/// bounded; `None` when empty.
fn clean_value(raw: &str) -> Option<String> {
    let mut v = entities::decode(raw).into_owned();
    if v.contains('&') {
        v = entities::decode(&v).into_owned();
    }
    let collapsed = collapse(&v);
    if collapsed.is_empty() {
        return None;
    }
    Some(match collapsed.char_indices().nth(META_VALUE_MAX) {
        Some((i, _)) => collapsed.get(..i).unwrap_or_default().to_string(),
        None => collapsed,
    })
}

const FIELDS: [&str; 6] = [
    "author",
    "creator",
    "description",
    "published_time",
    "title",
    "site_name",
];

/// The first `article|dc|dcterm|og|twitter : field` named in a `property` (lower case), e.g.
/// `article:author` in `og:article:author`.
fn property_key(p: &str) -> Option<String> {
    let p: String = p.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut best: Option<(usize, String)> = None;
    for prefix in ["article", "dc", "dcterm", "og", "twitter"] {
        for field in FIELDS {
            let key = format!("{prefix}:{field}");
            if let Some(i) = p.find(&key) {
                if best.as_ref().is_none_or(|(b, _)| i < *b) {
                    best = Some((i, key));
                }
            }
        }
    }
    best.map(|(_, k)| k)
}

/// A `name` Readability reads (`author`, `dc.creator`, `parsely-pub-date`, `twitter:title`, ...),
/// as its key: lower case, no white space, `.` read as `:`.
fn name_key(n: &str) -> Option<String> {
    let n: String = n
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let field_ok = |f: &str| f == "pub-date" || (FIELDS.contains(&f) && f != "published_time");
    let ok = field_ok(&n)
        || [
            "dc",
            "dcterm",
            "og",
            "twitter",
            "parsely",
            "weibo:article",
            "weibo:webpage",
        ]
        .iter()
        .any(|p| {
            n.strip_prefix(p)
                .and_then(|r| r.strip_prefix(['-', '.', ':']))
                .is_some_and(field_ok)
        });
    ok.then(|| n.replace('.', ":"))
}

/// Whether a value is a URL (an author page) rather than a name.
fn is_url(s: &str) -> bool {
    let l = s.trim().to_ascii_lowercase();
    !l.contains(char::is_whitespace) && (l.contains("://") || l.starts_with("www."))
}

/// Words as JavaScript's `str.split(/\s+/).length` counts them (leading or trailing white space
/// counts one more).
fn js_word_count(s: &str) -> usize {
    let mut runs = 0;
    let mut in_ws = false;
    for c in s.chars() {
        let ws = c.is_whitespace();
        if ws && !in_ws {
            runs += 1;
        }
        in_ws = ws;
    }
    runs + 1
}

/// Byte ranges of ` | `-like separators (white space, separator, white space), left to right.
fn separators(s: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let (Some(&(a, ca)), Some(&(_, cb)), Some(&(c, cc))) =
        (chars.get(i), chars.get(i + 1), chars.get(i + 2))
    {
        if ca.is_whitespace() && SEPARATORS.contains(&cb) && cc.is_whitespace() {
            out.push((a, c + cc.len_utf8()));
            i += 3;
        } else {
            i += 1;
        }
    }
    out
}

/// A text's words for comparing headings with the title: runs of letters and digits,
/// lower-cased. The one word splitter of the title, headline and `similarity` comparisons.
pub(crate) fn title_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The share of a heading's words (`words`, counted) that are among the title's: how the
/// page's headline is told from other headings (0 for a heading without words).
pub(crate) fn title_share(words: &[String], title: &[String]) -> f32 {
    if words.is_empty() {
        return 0.0;
    }
    let shared = words.iter().filter(|w| title.contains(w)).count();
    shared as f32 / words.len() as f32
}

/// Share of `b`'s words (by length) that are also in `a`.
fn similarity(a: &str, b: &str) -> f64 {
    let (wa, wb) = (title_words(a), title_words(b));
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let joined_len = |ws: &[&String]| ws.iter().map(|w| w.chars().count() + 1).sum::<usize>();
    let all: Vec<&String> = wb.iter().collect();
    let uniq: Vec<&String> = wb.iter().filter(|w| !wa.contains(w)).collect();
    1.0 - joined_len(&uniq).saturating_sub(1) as f64 / joined_len(&all).saturating_sub(1) as f64
}

/// Class or id words of a byline element.
const BYLINE_WORDS: &str = "byline author dateline writtenby";
/// Class or id words of parts Readability drops as unlikely to hold the article (unless a word
/// of `MAYBE` is there too), and such roles.
const UNLIKELY: &str = "-ad- ai2html banner breadcrumbs combx comment community cover-wrap \
    disqus extra footer gdpr header legends menu related remark replies rss shoutbox sidebar \
    skyscraper social sponsor supplemental ad-break agegate pagination pager popup yom-remote";
const MAYBE: &str = "and article body column content main mathjax shadow";
const UNLIKELY_ROLES: &str = "menu menubar complementary navigation alert alertdialog dialog";

/// Whether `text` contains one of the space-separated `words` (each of two bytes or more, of
/// `a`-`z`, `0`-`9` and `-`), whose pairs of first bytes are `pairs` (`first_pairs`): a position
/// whose two bytes start no word is passed over without comparing words.
fn has_any(text: &str, words: &str, pairs: &Pairs) -> bool {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(1)).any(|i| {
        let h = pair_index(b[i], b[i + 1]);
        pairs[h / 64] & (1 << (h % 64)) != 0
            && words.split_ascii_whitespace().any(|w| {
                let w = w.as_bytes();
                w[..2] == b[i..i + 2] && b[i..].starts_with(w)
            })
    })
}

/// A set of two-byte pairs, a bit per `pair_index`.
type Pairs = [u64; 64];

/// A byte's place among those the words are made of (63: any other).
const fn byte_class(b: u8) -> usize {
    match b {
        b'a'..=b'z' => (b - b'a') as usize,
        b'0'..=b'9' => 26 + (b - b'0') as usize,
        b'-' => 36,
        _ => 63,
    }
}

/// `byte_class` of every byte, times 64 (a pair's row).
const ROWS: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = byte_class(b as u8) as u16 * 64;
        b += 1;
    }
    t
};

/// The bit of two consecutive bytes.
#[inline]
const fn pair_index(a: u8, b: u8) -> usize {
    (ROWS[a as usize] + ROWS[b as usize] / 64) as usize
}

/// The first two bytes of each of the space-separated `words`, for `has_any`.
const fn first_pairs(words: &str) -> Pairs {
    let b = words.as_bytes();
    let mut out = [0u64; 64];
    let mut i = 0;
    while i < b.len() {
        assert!(
            b[i] == b' ' || byte_class(b[i]) != 63,
            "a byte no word may hold"
        );
        if b[i] != b' ' && (i == 0 || b[i - 1] == b' ') {
            assert!(i + 1 < b.len() && b[i + 1] != b' ', "a word of one byte");
            let h = pair_index(b[i], b[i + 1]);
            out[h / 64] |= 1 << (h % 64);
        }
        i += 1;
    }
    out
}

const BYLINE_PAIRS: Pairs = first_pairs(BYLINE_WORDS);
const UNLIKELY_PAIRS: Pairs = first_pairs(UNLIKELY);
const MAYBE_PAIRS: Pairs = first_pairs(MAYBE);

/// Whether an element is hidden by its own attributes (`hidden`, `display: none`,
/// `visibility: hidden`, `aria-hidden`).
fn is_hidden(a: &CaptureAttrs<'_>) -> bool {
    let style: String = a
        .style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    a.hidden
        || style.contains("display:none")
        || style.contains("visibility:hidden")
        || (a.aria_hidden == Some("true") && !a.class.contains("fallback-image"))
}

/// The attributes `start_capture` reads (`""` for one that is absent), found in one pass over
/// the analysis pass's list (lower-case names, the first of each).
#[derive(Default)]
struct CaptureAttrs<'a> {
    class: &'a str,
    id: &'a str,
    rel: &'a str,
    itemprop: &'a str,
    role: &'a str,
    aria_modal: &'a str,
    style: &'a str,
    aria_hidden: Option<&'a str>,
    hidden: bool,
}

impl<'a> CaptureAttrs<'a> {
    fn read(attrs: &'a [(String, String)]) -> Self {
        let mut a = CaptureAttrs::default();
        let mut seen = [false; 9];
        for (name, value) in attrs {
            let (i, slot) = match name.as_str() {
                "class" => (0, &mut a.class),
                "id" => (1, &mut a.id),
                "rel" => (2, &mut a.rel),
                "itemprop" => (3, &mut a.itemprop),
                "role" => (4, &mut a.role),
                "aria-modal" => (5, &mut a.aria_modal),
                "style" => (6, &mut a.style),
                "aria-hidden" => {
                    a.aria_hidden = a.aria_hidden.or(Some(value.as_str()));
                    continue;
                }
                "hidden" => {
                    a.hidden = true;
                    continue;
                }
                _ => continue,
            };
            if !seen[i] {
                seen[i] = true;
                *slot = value.as_str();
            }
        }
        a
    }
}

impl MetaCollector {
    pub(crate) fn on_html(&mut self, el: &Element<'_, '_>) {
        if self.lang.is_none() {
            self.lang = el
                .get_attribute("lang")
                .or_else(|| el.get_attribute("xml:lang"))
                .and_then(|v| clean_value(&v));
        }
        if self.dir.is_none() {
            self.dir = el
                .get_attribute("dir")
                .and_then(|v| clean_value(&v))
                .map(|d| d.to_ascii_lowercase());
        }
    }

    pub(crate) fn on_meta(&mut self, el: &Element<'_, '_>) {
        let Some(content) = el.get_attribute("content").and_then(|v| clean_value(&v)) else {
            return;
        };
        let property = el.get_attribute("property").map(|p| p.to_ascii_lowercase());
        let name = el.get_attribute("name").map(|n| n.to_ascii_lowercase());
        let mut keys: Vec<String> = Vec::new();
        // Readability's key: from `property` if it names one, else from `name`.
        match property.as_deref().and_then(property_key) {
            Some(k) => keys.push(k),
            None => keys.extend(name.as_deref().and_then(name_key)),
        }
        // Every other key, `:`-prefixed so that Readability's lookups never see them.
        if let Some(p) = &property {
            // `property="og:title twitter:title"` names several keys.
            keys.extend(p.split_ascii_whitespace().map(|k| format!(":{k}")));
        }
        keys.extend(name.map(|n| format!(":{}", n.trim())));
        for (attr, prefix) in [("itemprop", ":itemprop:"), ("http-equiv", ":http-equiv:")] {
            if let Some(v) = el.get_attribute(attr) {
                keys.push(format!("{prefix}{}", v.trim().to_ascii_lowercase()));
            }
        }
        for key in keys {
            if self.metas.len() < META_MAX {
                self.metas.push((key, content.clone()));
            }
        }
    }

    pub(crate) fn on_link(&mut self, el: &Element<'_, '_>) {
        if self.canonical.is_some() {
            return;
        }
        let is_canonical = el.get_attribute("rel").is_some_and(|r| {
            r.split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case("canonical"))
        });
        if is_canonical {
            self.canonical = el.get_attribute("href").and_then(|v| clean_value(&v));
        }
    }

    pub(crate) fn push_title(&mut self, c: char) {
        if self.title.len() < TITLE_MAX {
            self.title.push(c);
        }
    }

    pub(crate) fn push_json_ld(&mut self, text: &str) {
        if self.json_ld.len() + text.len() <= JSON_LD_MAX {
            self.json_ld.push_str(text);
        }
    }

    /// Called for every element on the page (outside `head`, scripts and the like) that can have
    /// content: return `true` to receive its visible text through
    /// [`MetaCollector::push_capture`] until [`MetaCollector::end_capture`]. Captures nest: the
    /// text goes to every open one, and `end_capture` ends the innermost. (Besides bylines and
    /// headings, hidden and unlikely elements and tables are followed to know where they end.)
    pub(crate) fn start_capture(&mut self, tag: &str, attrs: &[(String, String)]) -> bool {
        let a = CaptureAttrs::read(attrs);
        let mut cap = Capture {
            heading: matches!(tag, "h1" | "h2") && self.headings.len() < HEADINGS_MAX,
            h1: tag == "h1",
            ..Capture::default()
        };
        self.h1_count += usize::from(cap.h1);
        let open = |f: fn(&Capture) -> bool| self.captures.iter().any(f);
        let itemprop = a.itemprop;
        cap.name = itemprop.contains("name") && open(|c| c.byline.is_some()) && !open(|c| c.name);
        // Until a byline element is found, follow what Readability would not look into.
        if self.byline_el.is_none() && !open(|c| c.hidden) {
            // No class or id: none of the words can be there (`words` would be a lone space).
            let (class, id) = (a.class, a.id);
            let has_words = !class.is_empty() || !id.is_empty();
            let mut words = std::mem::take(&mut self.words);
            if has_words {
                words.clear();
                words.push_str(class);
                words.push(' ');
                words.push_str(id);
                words.make_ascii_lowercase();
            }
            let has = |list: &str, pairs: &Pairs| has_words && has_any(&words, list, pairs);
            cap.hidden = is_hidden(&a);
            if !cap.hidden
                && (a.rel == "author"
                    || itemprop.contains("author")
                    || has(BYLINE_WORDS, &BYLINE_PAIRS))
            {
                cap.byline = Some(self.candidates);
                cap.loose = open(|c| c.unlikely);
                self.candidates = self.candidates.saturating_add(1);
            }
            let role = a.role;
            cap.unlikely = (!open(|c| c.shields)
                && !matches!(tag, "body" | "a")
                && has(UNLIKELY, &UNLIKELY_PAIRS)
                && !has(MAYBE, &MAYBE_PAIRS))
                || (!role.is_empty() && UNLIKELY_ROLES.split(' ').any(|r| r == role.trim()))
                || (a.aria_modal == "true" && role == "dialog");
            cap.shields = matches!(tag, "table" | "code");
            self.words = words;
        }
        let wanted = (cap.keeps_text() || cap.hidden || cap.unlikely || cap.shields)
            && self.captures.len() < CAPTURES_OPEN_MAX;
        if wanted {
            self.captures.push(cap);
        }
        wanted
    }

    /// One character of the captured element's visible text (entities decoded).
    pub(crate) fn push_capture(&mut self, c: char) {
        let ws = c.is_whitespace();
        for cap in self.captures.iter_mut().filter(|c| c.keeps_text()) {
            if ws {
                if cap.len > 0 {
                    cap.len += c.len_utf16();
                    cap.trail += c.len_utf16();
                }
            } else {
                cap.len += c.len_utf16();
                cap.trail = 0;
            }
            if cap.text.len() < CAPTURE_MAX {
                if !ws {
                    cap.text.push(c);
                } else if !cap.text.is_empty() && !cap.text.ends_with(' ') {
                    cap.text.push(' ');
                }
            }
        }
    }

    /// The (innermost) captured element ended.
    pub(crate) fn end_capture(&mut self) {
        let Some(cap) = self.captures.pop() else {
            return;
        };
        let text = cap.text.trim_end().to_string();
        if cap.name && !text.is_empty() {
            for outer in self.captures.iter_mut().filter(|c| c.byline.is_some()) {
                outer.inner_name.get_or_insert_with(|| text.clone());
            }
        }
        if let Some(order) = cap.byline {
            let valid = !text.is_empty() && cap.len.saturating_sub(cap.trail) < BYLINE_MAX;
            // The earliest valid candidate wins: an outer one over those inside it.
            let slot = if cap.loose {
                &mut self.byline_loose
            } else {
                &mut self.byline_el
            };
            if valid && slot.as_ref().is_none_or(|(o, _)| order < *o) {
                *slot = Some((order, cap.inner_name.unwrap_or_else(|| text.clone())));
            }
        }
        if cap.heading && self.headings.len() < HEADINGS_MAX {
            self.headings.push(text.clone());
        }
        if cap.h1 && self.h1_first.is_none() {
            self.h1_first = Some(text);
        }
    }

    /// The page ended: reads the JSON-LD.
    pub(crate) fn finish(&mut self) {
        let text = std::mem::take(&mut self.json_ld);
        let values = jsonld::parse_all(&text);
        self.ld = jsonld::article(&values);
        self.ld_not_free = jsonld::not_free(&values);
        self.ld_kind = jsonld::page_kind(&values);
    }

    /// What kind of page the page says it is (its schema.org data, else `og:type`), with the
    /// evidence in words.
    pub(crate) fn declared_kind(&self) -> Option<(PageKind, String)> {
        if let Some(k) = &self.ld_kind {
            return Some(k.clone());
        }
        let og = self.meta(&[":og:type"])?.trim().to_ascii_lowercase();
        let kind = match og.as_str() {
            "article" => PageKind::Article,
            "product" => PageKind::Product,
            "product.group" => PageKind::Listing,
            _ => return None,
        };
        Some((kind, format!("og:type {og}")))
    }

    /// What the page says about access to its article: not free to read (JSON-LD, or microdata
    /// `<meta itemprop="isAccessibleForFree" content="false">`), and its stated word count.
    pub(crate) fn access(&self) -> Access {
        let microdata = self
            .metas
            .iter()
            .any(|(k, v)| k == ":itemprop:isaccessibleforfree" && v.eq_ignore_ascii_case("false"));
        Access {
            not_free: self.ld_not_free || microdata,
            stated_words: self
                .ld
                .as_ref()
                .filter(|l| l.is_article)
                .and_then(|l| l.word_count),
        }
    }

    /// The JSON-LD article's `articleBody`, if the page has one.
    #[allow(dead_code)]
    pub(crate) fn article_body(&self) -> Option<&str> {
        self.ld.as_ref()?.article_body.as_deref()
    }

    /// Whether the page says it is an article: `og:type` `article`, or a schema.org article,
    /// report or blog post (not a post in a forum thread, not a web page).
    pub(crate) fn declares_article(&self) -> bool {
        self.meta(&[":og:type"])
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("article"))
            || self
                .ld
                .as_ref()
                .is_some_and(|ld| ld.is_article && !ld.is_posting)
    }

    /// The value of the first of `keys` the page has (its last occurrence, as Readability reads).
    fn meta(&self, keys: &[&str]) -> Option<String> {
        self.meta_if(keys, |_| true)
    }

    /// The same, skipping values `ok` refuses.
    fn meta_if(&self, keys: &[&str], ok: impl Fn(&str) -> bool) -> Option<String> {
        keys.iter().find_map(|k| {
            let last = self.metas.iter().rev().find(|(key, _)| key == k);
            last.filter(|(_, v)| ok(v)).map(|(_, v)| v.clone())
        })
    }

    /// The `<title>` without its site-name part (Readability's rules); the only `h1` when the
    /// title is very short or long.
    fn document_title(&self) -> String {
        let orig = collapse(&self.title);
        let mut cur = orig.clone();
        let seps = separators(&orig);
        let mut hierarchical = false;
        if let Some(&(last, _)) = seps.last() {
            hierarchical = seps
                .iter()
                .any(|&(a, b)| orig.get(a..b).is_some_and(|s| s.contains(HIERARCHICAL)));
            cur = orig.get(..last).unwrap_or_default().to_string();
            if js_word_count(&cur) < 3 {
                // Drop the first part (through the first separator character) instead.
                cur = match orig.char_indices().find(|(_, c)| SEPARATORS.contains(c)) {
                    Some((i, c)) => orig.get(i + c.len_utf8()..).unwrap_or_default().to_string(),
                    None => orig.clone(),
                };
            }
        } else if orig.contains(": ") {
            if !self.headings.contains(&orig) {
                let after = |i: Option<usize>| {
                    i.and_then(|i| orig.get(i + 1..))
                        .unwrap_or_default()
                        .to_string()
                };
                cur = after(orig.rfind(':'));
                if js_word_count(&cur) < 3 {
                    cur = after(orig.find(':'));
                } else if js_word_count(orig.split(':').next().unwrap_or_default()) > 5 {
                    cur = orig.clone();
                }
            }
        } else if !(15..=150).contains(&orig.encode_utf16().count()) && self.h1_count == 1 {
            if let Some(h) = &self.h1_first {
                cur = h.clone();
            }
        }
        cur = collapse(&cur);
        let n = js_word_count(&cur);
        if n <= 4 {
            let mut without = String::new();
            let mut at = 0;
            for &(a, b) in &seps {
                without.push_str(orig.get(at..a).unwrap_or_default());
                at = b;
            }
            without.push_str(orig.get(at..).unwrap_or_default());
            if !hierarchical || n + 1 != js_word_count(&without) {
                cur = orig;
            }
        }
        cur
    }

    fn ld_title(&self, ld: &LdArticle) -> Option<String> {
        match (&ld.name, &ld.headline) {
            (Some(name), Some(headline)) if name != headline => {
                // Some sites put their own name in `name`: prefer the one like the page title.
                let title = self.document_title();
                let name_like = similarity(name, &title) > 0.75;
                let headline_like = similarity(headline, &title) > 0.75;
                Some(
                    if headline_like && !name_like {
                        headline
                    } else {
                        name
                    }
                    .clone(),
                )
            }
            (Some(name), _) => Some(name.clone()),
            (None, headline) => headline.clone(),
        }
    }

    /// The metadata as far as JSON-LD, meta tags and the page's own elements tell.
    pub(crate) fn metadata(&self) -> Metadata {
        let article = self.ld.as_ref().filter(|l| l.is_article);
        let ld = |f: fn(&LdArticle) -> &Option<String>| {
            article.and_then(|l| f(l).as_deref()).and_then(clean_value)
        };
        let any_ld = |f: fn(&LdArticle) -> &Option<String>| {
            self.ld
                .as_ref()
                .and_then(|l| f(l).as_deref())
                .and_then(clean_value)
        };
        let title = article
            .and_then(|l| self.ld_title(l))
            .and_then(|t| clean_value(&t))
            .or_else(|| {
                self.meta(&[
                    "dc:title",
                    "dcterm:title",
                    "og:title",
                    "weibo:article:title",
                    "weibo:webpage:title",
                    "title",
                    "twitter:title",
                    "parsely-title",
                ])
            })
            .or_else(|| Some(self.document_title()).filter(|t| !t.is_empty()));
        let byline = ld(|l| &l.byline)
            .or_else(|| {
                let keys = [
                    "dc:creator",
                    "dcterm:creator",
                    "author",
                    "parsely-author",
                    "article:author",
                ];
                self.meta_if(&keys, |v| !is_url(v))
            })
            .or_else(|| {
                let el = self.byline_el.as_ref().or(self.byline_loose.as_ref());
                el.map(|(_, b)| b.clone())
            });
        Metadata {
            title,
            byline,
            site_name: ld(|l| &l.publisher)
                .or_else(|| self.meta(&["og:site_name"]))
                .or_else(|| any_ld(|l| &l.publisher))
                .or_else(|| self.meta(&[":application-name"])),
            published_time: ld(|l| &l.date_published)
                .or_else(|| self.meta(&["article:published_time", "parsely-pub-date"]))
                .or_else(|| any_ld(|l| &l.date_published))
                .or_else(|| {
                    self.meta(&[
                        ":itemprop:datepublished",
                        ":dc.date",
                        ":dcterms.created",
                        ":date",
                        ":pubdate",
                        ":sailthru.date",
                    ])
                }),
            lang: self.lang.clone().or_else(|| {
                self.meta(&[":http-equiv:content-language", ":og:locale"])
                    .map(|l| l.replace('_', "-"))
            }),
            dir: self.dir.clone(),
            excerpt: ld(|l| &l.description).or_else(|| {
                self.meta(&[
                    "dc:description",
                    "dcterm:description",
                    "og:description",
                    "weibo:article:description",
                    "weibo:webpage:description",
                    "description",
                    "twitter:description",
                ])
            }),
            canonical_url: self.canonical.clone().or_else(|| self.meta(&[":og:url"])),
            image: self
                .meta(&[
                    ":og:image",
                    ":og:image:url",
                    ":twitter:image",
                    ":twitter:image:src",
                ])
                .or_else(|| any_ld(|l| &l.image)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lol_html::html_content::{EndTag, TextChunk};
    use lol_html::{element, HtmlRewriter, Settings};
    use std::cell::RefCell;
    use std::rc::Rc;

    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Page,
        Head,
        Title,
        Json,
        Skip,
    }

    #[derive(Default)]
    struct Driver {
        meta: MetaCollector,
        /// (mode, captured) per open element.
        stack: Vec<(Mode, bool)>,
        open_captures: usize,
    }

    /// Runs `html` through lol_html, calling the collector as pass 1 does (captures nest).
    fn collect(html: &str) -> Metadata {
        collector(html).metadata()
    }

    /// The collector after `html` went by and the page ended.
    fn collector(html: &str) -> MetaCollector {
        let st = Rc::new(RefCell::new(Driver::default()));
        let (s1, s2) = (st.clone(), st.clone());
        let settings = Settings::new()
            .append_element_content_handler(element!("*", move |el| {
                let tag = el.tag_name();
                let mut d = s1.borrow_mut();
                match tag.as_str() {
                    "html" => d.meta.on_html(el),
                    "meta" => d.meta.on_meta(el),
                    "link" => d.meta.on_link(el),
                    _ => {}
                }
                let parent = d.stack.last().map_or(Mode::Page, |f| f.0);
                let ld = el.get_attribute("type").as_deref() == Some("application/ld+json");
                let mode = match (tag.as_str(), parent) {
                    ("title", _) => Mode::Title,
                    ("script", _) if ld => Mode::Json,
                    ("script" | "style", _) => Mode::Skip,
                    ("head", _) => Mode::Head,
                    (_, p) => p,
                };
                let attrs: Vec<(String, String)> = el
                    .attributes()
                    .iter()
                    .map(|a| (a.name(), a.value()))
                    .collect();
                let capture = mode == Mode::Page && d.meta.start_capture(&tag, &attrs);
                d.open_captures += usize::from(capture);
                if let Some(handlers) = el.end_tag_handlers() {
                    d.stack.push((mode, capture));
                    let s = s1.clone();
                    handlers.push(Box::new(move |_: &mut EndTag<'_>| {
                        let mut d = s.borrow_mut();
                        if let Some((_, true)) = d.stack.pop() {
                            d.open_captures -= 1;
                            d.meta.end_capture();
                        }
                        Ok(())
                    }));
                }
                Ok(())
            }))
            .append_document_content_handler(lol_html::doc_text!(move |t: &mut TextChunk<'_>| {
                let mut d = s2.borrow_mut();
                let text = entities::decode(t.as_str());
                match d.stack.last().map_or(Mode::Page, |f| f.0) {
                    Mode::Title => text.chars().for_each(|c| d.meta.push_title(c)),
                    Mode::Json => d.meta.push_json_ld(t.as_str()),
                    Mode::Page if d.open_captures > 0 => {
                        text.chars().for_each(|c| d.meta.push_capture(c))
                    }
                    _ => {}
                }
                Ok(())
            }));
        let mut rw = HtmlRewriter::new(settings, |_: &[u8]| {});
        rw.write(html.as_bytes()).expect("write");
        rw.end().expect("end");
        let mut d = st.borrow_mut();
        d.meta.finish();
        std::mem::take(&mut d.meta)
    }

    fn page(head: &str, body: &str) -> Metadata {
        collect(&format!(
            "<html><head>{head}</head><body>{body}</body></html>"
        ))
    }

    #[test]
    fn says_whether_the_page_declares_an_article() {
        let declares = |head: &str| {
            collector(&format!("<html><head>{head}</head><body></body></html>")).declares_article()
        };
        assert!(declares(r#"<meta property="og:type" content=" Article ">"#));
        assert!(!declares(r#"<meta property="og:type" content="website">"#));
        assert!(!declares(""));
        let ld = |json: &str| format!(r#"<script type="application/ld+json">{json}</script>"#);
        assert!(declares(&ld(
            r#"{"@context":"https://schema.org","@type":"NewsArticle","headline":"H"}"#
        )));
        assert!(declares(&ld(
            r#"{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":["BlogPosting"]}]}"#
        )));
        // A post in a thread, a product's or a plain web page's data: not an article.
        for t in [
            "DiscussionForumPosting",
            "SocialMediaPosting",
            "Product",
            "WebPage",
        ] {
            let json = format!(r#"{{"@context":"https://schema.org","@type":"{t}","name":"N"}}"#);
            assert!(!declares(&ld(&json)), "{t}");
        }
    }

    #[test]
    fn title_drops_the_site_name_after_the_last_separator() {
        let m = page(
            "<title>Council approves the harbour budget | The Daily</title>",
            "",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("Council approves the harbour budget")
        );
        let m = page(
            "<title>Council approves the budget - Politics - Daily</title>",
            "",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("Council approves the budget - Politics")
        );
    }

    #[test]
    fn title_stays_whole_when_too_few_words_would_remain() {
        let m = page("<title>Budget - The Daily</title>", "");
        assert_eq!(m.title.as_deref(), Some("Budget - The Daily"));
    }

    #[test]
    fn title_with_a_colon_keeps_the_part_after_it_unless_a_heading_repeats_it() {
        let t = "<title>Daily: Council approves the harbour budget</title>";
        assert_eq!(
            page(t, "").title.as_deref(),
            Some("Council approves the harbour budget")
        );
        let h = "<h1>Daily: Council approves the harbour budget</h1>";
        assert_eq!(
            page(t, h).title.as_deref(),
            Some("Daily: Council approves the harbour budget")
        );
    }

    #[test]
    fn short_title_gives_way_to_the_only_h1() {
        let m = page(
            "<title>Daily</title>",
            "<h1> The council approves  the budget </h1>",
        );
        assert_eq!(m.title.as_deref(), Some("The council approves the budget"));
        let two = "<h1>First heading here</h1><h1>Second heading</h1>";
        assert_eq!(
            page("<title>Daily</title>", two).title.as_deref(),
            Some("Daily")
        );
    }

    #[test]
    fn json_ld_article_comes_before_meta_tags() {
        let head = r#"<meta property="og:title" content="OG title">
            <meta property="og:site_name" content="OG Site">
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
            "headline":"LD headline","author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Li"}],
            "datePublished":"2024-01-02T03:04:05Z","publisher":{"name":"LD Site"}}</script>"#;
        let m = page(head, "");
        assert_eq!(m.title.as_deref(), Some("LD headline"));
        assert_eq!(m.byline.as_deref(), Some("Ann Lee, Bo Li"));
        assert_eq!(m.site_name.as_deref(), Some("LD Site"));
        assert_eq!(m.published_time.as_deref(), Some("2024-01-02T03:04:05Z"));
    }

    #[test]
    fn json_ld_headline_wins_over_a_name_unlike_the_page_title() {
        let head = r#"<title>West Ham threatens the giants | Sport</title>
            <script type="application/ld+json">{"@context":"http://schema.org","@type":"NewsArticle",
            "name":"Sport.example","headline":"West Ham threatens the giants"}</script>"#;
        assert_eq!(
            page(head, "").title.as_deref(),
            Some("West Ham threatens the giants")
        );
    }

    #[test]
    fn meta_keys_read_as_readability_reads_them() {
        // The last occurrence wins; `og:article:author` is `article:author`; a URL is no byline.
        let head = r#"<meta name="author" content="https://example.com/ann">
            <meta property="og:article:author" content="First">
            <meta property="og:article:author" content="Ann &amp;amp; Bo">
            <meta name="article:published_time" content="2020-01-01">
            <meta name="parsely-pub-date" content="2021-02-03">"#;
        let m = page(head, "");
        assert_eq!(m.byline.as_deref(), Some("Ann & Bo"));
        assert_eq!(m.published_time.as_deref(), Some("2021-02-03"));
    }

    #[test]
    fn byline_element_is_the_first_short_candidate_and_prefers_its_itemprop_name() {
        let body = r#"<div class="author-box">By <span itemprop="name">Ann Lee</span></div>
            <p class="byline">By Someone Else</p>"#;
        assert_eq!(page("", body).byline.as_deref(), Some("Ann Lee"));
        let long = "x ".repeat(60);
        let body = format!(r#"<div class="author-box">{long}<p rel="author">By Bo Li</p></div>"#);
        assert_eq!(page("", &body).byline.as_deref(), Some("By Bo Li"));
    }

    #[test]
    fn byline_skips_hidden_elements_and_prefers_ones_outside_unlikely_parts() {
        let body = r#"<div hidden><span class="byline">Hidden Name</span></div>
            <header class="site-header"><span class="byline">Header Name</span></header>
            <span class="byline">Body Name</span>"#;
        assert_eq!(page("", body).byline.as_deref(), Some("Body Name"));
        let body =
            r#"<header class="site-header"><span class="byline">Header Name</span></header>"#;
        assert_eq!(page("", body).byline.as_deref(), Some("Header Name"));
    }

    #[test]
    fn access_comes_from_json_ld_or_microdata() {
        let m = |head: &str, body: &str| {
            collector(&format!(
                "<html><head>{head}</head><body>{body}</body></html>"
            ))
            .access()
        };
        let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
            "headline":"H","isAccessibleForFree":"False","wordCount":"1400"}</script>"#;
        assert_eq!(
            m(ld, ""),
            Access {
                not_free: true,
                stated_words: Some(1400)
            }
        );
        let micro = r#"<div itemscope itemtype="http://schema.org/NewsArticle"><meta itemprop="isAccessibleForFree" content="false"></div>"#;
        assert!(m("", micro).not_free);
        let free = r#"<meta itemprop="isAccessibleForFree" content="true">"#;
        assert_eq!(m(free, ""), Access::default());
    }

    #[test]
    fn readability_keys_follow_its_patterns() {
        assert_eq!(
            property_key("og:article:author").as_deref(),
            Some("article:author")
        );
        assert_eq!(property_key("og:image"), None);
        assert_eq!(name_key("DC.creator").as_deref(), Some("dc:creator"));
        assert_eq!(
            name_key("parsely-pub-date").as_deref(),
            Some("parsely-pub-date")
        );
        assert_eq!(name_key("article:author"), None);
    }

    #[test]
    fn has_any_finds_what_contains_finds() {
        let plain =
            |text: &str, words: &str| words.split_ascii_whitespace().any(|w| text.contains(w));
        let texts = [
            "",
            " ",
            "x",
            "post-byline ",
            "main-content sidebar-left",
            "c-ad-slot top-ad- ",
            "co col-md-4 container",
            "écrit par l'auteur author",
            "footer_links pagination",
            "mathjax-ad-break",
            "aut hor bylin e",
            "writtenby",
            "-a d- ai2htm l",
        ];
        for t in texts {
            for (words, pairs) in [
                (BYLINE_WORDS, &BYLINE_PAIRS),
                (UNLIKELY, &UNLIKELY_PAIRS),
                (MAYBE, &MAYBE_PAIRS),
            ] {
                assert_eq!(
                    has_any(t, words, pairs),
                    plain(t, words),
                    "{t:?} in {words:?}"
                );
            }
        }
    }
}
