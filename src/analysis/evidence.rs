//! Pass 1's evidence from a start tag: its attributes as a browser keeps them; the clutter
//! patterns and weight kinds that its `class`, `id` and `data-*` words name; its role, hiding,
//! byline and article marks; the ids its controls open; and the counts of its tag that sum up the
//! tree.

use super::record::{flag, Record, Role, TokenAttr};
use super::Analyzer;
use crate::html::entities;
use crate::rules::{split_words, TokenTable, WeightKind};
use lol_html::html_content::Element;
use std::sync::Arc;

/// Path segments that introduce an author's page (`/author/jane-doe`, `/autoren/…`): a link
/// there is a byline's, wherever the site puts it.
const AUTHOR_PATHS: &str = "author authors autor autoren autores autore autori auteur auteurs \
    autorzy avtor avtory byline columnist columnists contributor contributors journalist \
    journalists reporter reporters writer";

/// Whether `href` leads to an author's page: one of `AUTHOR_PATHS` followed by a name, or an
/// `author=` query.
fn author_link(href: &str) -> bool {
    let href = href.trim();
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    let path = path.split('#').next().unwrap_or("");
    // Past the scheme and host, if any.
    let path = path
        .split_once("//")
        .map_or(path, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let mut segments = path.split('/').filter(|s| !s.is_empty()).peekable();
    let mut named = false;
    while let Some(seg) = segments.next() {
        if segments.peek().is_some()
            && AUTHOR_PATHS
                .split_ascii_whitespace()
                .any(|a| seg.eq_ignore_ascii_case(a))
        {
            named = true;
            break;
        }
    }
    named
        || query.split('&').any(|kv| {
            kv.split_once('=')
                .is_some_and(|(k, v)| k == "author" && !v.is_empty())
        })
}

/// A hash of an element id (FNV-1a): ids are compared, never kept.
fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn parse_role(v: &str) -> Role {
    match v
        .split_ascii_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "navigation" => Role::Navigation,
        "banner" => Role::Banner,
        "contentinfo" => Role::ContentInfo,
        "complementary" => Role::Complementary,
        "dialog" | "alertdialog" => Role::Dialog,
        "main" => Role::Main,
        "article" => Role::Article,
        "search" => Role::Search,
        "menu" | "menubar" => Role::Menu,
        "tabpanel" => Role::TabPanel,
        _ => Role::None,
    }
}

/// Hints in an inline `style` attribute.
fn style_flags(style: &str) -> u32 {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let mut f = 0;
    for decl in compact.split(';') {
        match decl.trim_end_matches("!important") {
            "display:none" => f |= flag::DISPLAY_NONE,
            "visibility:hidden" => f |= flag::VISIBILITY_HIDDEN,
            "position:fixed" => f |= flag::FIXED,
            _ => {}
        }
    }
    f
}

/// An element's attributes as a browser keeps them: of two with the same name, the first.
pub(super) fn first_of_each_name(
    attrs: &[lol_html::html_content::Attribute<'_>],
) -> Vec<(String, String)> {
    // Past a thousand the tag is hostile and pass 2 drops it (`rewrite::MAX_ATTRIBUTES`); the
    // rest would only cost memory.
    let attrs = &attrs[..attrs.len().min(1001)];
    let mut out: Vec<(String, String)> = Vec::with_capacity(attrs.len());
    let mut seen = std::collections::HashSet::new();
    for a in attrs {
        let name = a.name();
        // Few attributes: a scan; many (a hostile tag): a set, so the cost stays linear.
        let dup = if attrs.len() <= 16 {
            out.iter().any(|(n, _)| *n == name)
        } else {
            !seen.insert(name.clone())
        };
        if !dup {
            out.push((name, a.value()));
        }
    }
    out
}

/// What a start tag's attributes say beyond its record, for the phases after them.
#[derive(Debug, Default)]
pub(super) struct AttrEvidence {
    /// `type`, trimmed and lower-cased.
    input_type: String,
    /// `value`, as written.
    input_value: Option<String>,
    /// A `name`, `autocomplete`, `aria-label` or `placeholder` mentions mail.
    email_hint: bool,
    pub(super) has_href: bool,
    /// A `script`'s `type`, trimmed and lower-cased.
    pub(super) script_type: Option<String>,
    /// Phrases in `aria-label`, `placeholder` and a button's `value`.
    pub(super) hits: Vec<u32>,
}

/// The clutter patterns and weight kinds that words in attribute values name, with scratch
/// buffers for splitting them into words.
pub(super) struct ClassWords {
    tokens: Arc<TokenTable>,
    weights: Arc<TokenTable<WeightKind>>,
    words: String,
    ranges: Vec<(usize, usize)>,
}

impl ClassWords {
    pub(super) fn new(tokens: Arc<TokenTable>, weights: Arc<TokenTable<WeightKind>>) -> Self {
        ClassWords {
            tokens,
            weights,
            words: String::new(),
            ranges: Vec::new(),
        }
    }

    /// The first clutter pattern and the weight kinds that a `class` or `id` value names.
    fn class_words(&mut self, value: &str) -> (Option<u32>, u8) {
        self.words.clear();
        self.ranges.clear();
        split_words(value, &mut self.words, &mut self.ranges);
        (
            self.tokens.find_split(&self.words, &self.ranges),
            self.weights.kinds_split(&self.words, &self.ranges),
        )
    }

    /// The weight kinds a `data-*` name and value name.
    fn data_kinds(&mut self, probe: &str) -> u8 {
        self.class_words(probe).1
    }

    fn find_tokens(&mut self, value: &str) -> Option<u32> {
        self.words.clear();
        self.ranges.clear();
        split_words(value, &mut self.words, &mut self.ranges);
        if self.ranges.is_empty() {
            return None;
        }
        self.tokens.find_split(&self.words, &self.ranges)
    }
}

impl Analyzer {
    /// The evidence in a start tag's attributes, read in the order written: into the record
    /// (patterns, kinds, role, flags, bylines) and into what the later phases need.
    pub(super) fn read_attributes(
        &mut self,
        t: &str,
        rec: &mut Record,
        attributes: &[(String, String)],
    ) -> AttrEvidence {
        let mut ev = AttrEvidence::default();
        for (name, value) in attributes {
            let name = name.as_str();
            match name {
                "class" | "id" => self.class_or_id(t, name, value, rec),
                "role" | "hidden" | "aria-hidden" | "aria-modal" | "style" | "itemprop" | "rel" => {
                    mark_attribute(name, value, rec);
                }
                "type" | "aria-label" | "placeholder" | "value" | "name" | "autocomplete" => {
                    self.form_attribute(name, value, &mut ev);
                }
                "href" | "aria-controls" | "data-target" | "data-bs-target" => {
                    self.control_attribute(t, name, value, rec, &mut ev);
                }
                _ if name.starts_with("data-") && rec.token == 0 => {
                    self.data_attribute(name, value, rec);
                }
                _ => {}
            }
            if t == "script" && name == "type" {
                ev.script_type = Some(value.trim().to_ascii_lowercase());
            }
        }
        if rec.has(flag::ARTICLE_REGION) {
            rec.flags |= flag::IN_ARTICLE;
        }
        if rec.kinds & (1 << WeightKind::Byline as u8) != 0 {
            rec.bylines = 1;
        }
        ev
    }

    /// A `class` or `id`: the weight kinds its words name, and the first clutter pattern (which
    /// a `data-*` one found earlier gives way to).
    fn class_or_id(&mut self, t: &str, name: &str, value: &str, rec: &mut Record) {
        let (token, kinds) = self.class_words.class_words(value);
        rec.kinds |= kinds;
        // Formulas (MathML, MathJax's `mjx-*` elements) are content; their class words name
        // renderer internals (`CtxtMenu_Attached_0`), not page parts.
        let math = t == "math" || t.starts_with("mjx-");
        if let Some(id) =
            token.filter(|_| !math && (rec.token == 0 || rec.token_attr == TokenAttr::Data))
        {
            rec.token = id + 1;
            rec.token_attr = if name == "id" {
                TokenAttr::Id
            } else {
                TokenAttr::Class
            };
        }
    }

    /// A `type`, `value`, `aria-label`, `placeholder`, `name` or `autocomplete`: what a form
    /// control is, whether it asks for an email address, and the phrases its labels hold.
    fn form_attribute(&mut self, name: &str, value: &str, ev: &mut AttrEvidence) {
        match name {
            "type" => ev.input_type = value.trim().to_ascii_lowercase(),
            "aria-label" | "placeholder" => {
                let v = entities::decode(value);
                if v.to_ascii_lowercase().contains("mail") {
                    ev.email_hint = true;
                }
                ev.hits.extend(self.lex.find_all(&v));
            }
            "value" => ev.input_value = Some(value.to_string()),
            _ if value.to_ascii_lowercase().contains("mail") => ev.email_hint = true,
            _ => {}
        }
    }

    /// An `href`, `aria-controls`, `data-target` or `data-bs-target`: a link (to an author's
    /// page?) and the ids of the elements a control opens.
    fn control_attribute(
        &mut self,
        t: &str,
        name: &str,
        value: &str,
        rec: &mut Record,
        ev: &mut AttrEvidence,
    ) {
        match name {
            "href" => {
                ev.has_href = true;
                if t == "a" && author_link(value) {
                    rec.flags |= flag::AUTHOR_LINK;
                }
                if let Some(target) = value.trim().strip_prefix('#') {
                    self.controlled_ids.insert(id_hash(target));
                }
            }
            "aria-controls" => {
                for target in value.split_ascii_whitespace() {
                    self.controlled_ids.insert(id_hash(target));
                }
            }
            _ => {
                if let Some(target) = value.trim().strip_prefix('#') {
                    self.controlled_ids.insert(id_hash(target));
                }
            }
        }
    }

    /// A `data-*` attribute, while no pattern matched: its name (and value, when that looks like
    /// words) may name a byline or a clutter pattern.
    fn data_attribute(&mut self, name: &str, value: &str, rec: &mut Record) {
        let v = value;
        let mut probe = name[5..].to_string();
        // Values are words only when they look like names (`newsletter-signup`), not ids,
        // hashes, URLs or JSON.
        if v.len() <= 48 && v.chars().all(|c| c.is_alphabetic() || "-_ ".contains(c)) {
            probe.push(' ');
            probe.push_str(v);
        }
        if self.class_words.data_kinds(&probe) & (1 << WeightKind::Byline as u8) != 0 {
            rec.bylines = 1;
        }
        if let Some(id) = self.class_words.find_tokens(&probe) {
            rec.token = id + 1;
            rec.token_attr = TokenAttr::Data;
        }
    }

    /// A hidden element's id, kept to learn at the end whether a control on the page opens it.
    pub(super) fn note_hidden_id(
        &mut self,
        ord: u32,
        rec: &Record,
        attributes: &[(String, String)],
    ) {
        if rec.has(
            flag::DISPLAY_NONE | flag::VISIBILITY_HIDDEN | flag::HIDDEN_ATTR | flag::ARIA_HIDDEN,
        ) {
            if let Some((_, id)) = attributes.iter().find(|(n, _)| n == "id") {
                self.hidden_ids.push((ord, id_hash(id.trim())));
            }
        }
    }

    /// The counts a start tag adds to the tree (links, images, headings, forms, controls, ...),
    /// and the metadata that `html`, `meta` and `link` tags carry.
    pub(super) fn count_element(
        &mut self,
        el: &Element<'_, '_>,
        t: &str,
        rec: &mut Record,
        ev: &mut AttrEvidence,
    ) {
        match t {
            "a" if ev.has_href => {
                rec.links = 1;
                rec.flags |= flag::IN_LINK;
            }
            "img" => rec.images = 1,
            "h1" => rec.h1s = 1,
            "p" => rec.ps = 1,
            "time" => rec.bylines = 1,
            "li" => rec.lis = 1,
            "iframe" | "embed" | "object" | "video" | "audio" => rec.embeds = 1,
            "form" => rec.forms = 1,
            "button" => rec.buttons = 1,
            "textarea" | "select" | "unclutter-select" => rec.inputs = 1,
            "input" => self.count_input(rec, ev),
            "html" => self.meta.on_html(el),
            "meta" => self.meta.on_meta(el),
            "link" => self.meta.on_link(el),
            _ => {}
        }
    }

    /// An `input` by its type: a button (whose label's phrases count), a field, an email field
    /// or a hidden one.
    fn count_input(&self, rec: &mut Record, ev: &mut AttrEvidence) {
        match ev.input_type.as_str() {
            "hidden" => rec.flags |= flag::INPUT_HIDDEN,
            "submit" | "button" | "image" | "reset" => {
                rec.buttons = 1;
                if let Some(v) = &ev.input_value {
                    ev.hits.extend(self.lex.find_all(&entities::decode(v)));
                }
            }
            "checkbox" | "radio" => rec.inputs = 1,
            "email" => {
                rec.inputs = 1;
                rec.email_inputs = 1;
            }
            _ => {
                rec.inputs = 1;
                if ev.email_hint {
                    rec.email_inputs = 1;
                }
            }
        }
    }
}

/// A `role`, `hidden`, `aria-hidden`, `aria-modal`, `style`, `itemprop` or `rel`: the element's
/// role, whether it is hidden, a dialog or an article's region, and whether it names an author.
fn mark_attribute(name: &str, value: &str, rec: &mut Record) {
    let is_true = || value.trim().eq_ignore_ascii_case("true");
    match name {
        "role" => {
            rec.role = parse_role(value);
            match rec.role {
                Role::Main | Role::Article => rec.flags |= flag::ARTICLE_REGION,
                Role::Dialog => rec.flags |= flag::DIALOG,
                _ => {}
            }
        }
        "hidden" => rec.flags |= flag::HIDDEN_ATTR,
        "aria-hidden" if is_true() => rec.flags |= flag::ARIA_HIDDEN,
        "aria-modal" if is_true() => rec.flags |= flag::DIALOG,
        "style" => rec.flags |= style_flags(value),
        "itemprop" => {
            let v = value.to_ascii_lowercase();
            if v.contains("articlebody") {
                rec.flags |= flag::ARTICLE_REGION;
            }
            if v.split_ascii_whitespace()
                .any(|w| w == "author" || w == "creator")
            {
                rec.bylines = 1;
                rec.flags |= flag::AUTHOR_LINK;
            }
        }
        "rel"
            if value
                .to_ascii_lowercase()
                .split_ascii_whitespace()
                .any(|w| w == "author") =>
        {
            rec.bylines = 1;
            rec.flags |= flag::AUTHOR_LINK;
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_links() {
        for yes in [
            "/author/jane-doe",
            "https://news.example/authors/jane/",
            "//cdn.example/de/autoren/max-muster",
            "/index.php?p=1&author=7",
        ] {
            assert!(author_link(yes), "{yes}");
        }
        for no in [
            "/authors/",
            "/news/author",
            "/people/tom",
            "https://author.example/",
            "#author",
        ] {
            assert!(!author_link(no), "{no}");
        }
    }

    #[test]
    fn style_hints() {
        assert_eq!(
            style_flags("color:red; DISPLAY : none !important"),
            flag::DISPLAY_NONE
        );
        assert_eq!(
            style_flags("position: fixed;visibility:hidden"),
            flag::FIXED | flag::VISIBILITY_HIDDEN
        );
        assert_eq!(style_flags("display:nonesuch"), 0);
    }
}
