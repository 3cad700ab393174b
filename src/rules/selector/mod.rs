//! The selectors rules use, parsed and (for the plain ones) matched by unclutter itself.
//!
//! lol_html can match plain selectors, but with a thousand rules its matching machine evaluates
//! every rule on every element and is rebuilt for every document. Ad blockers index cosmetic
//! rules by the id, class or tag their selector requires; so does this module: an element only
//! meets the rules filed under its own id, classes, tag and attribute names (plus the few that
//! require none). Ancestors are matched on the analysis pass's stack of open elements.
//!
//! Plain grammar (the part of lol_html's that rules use): compound selectors of a tag or `*`,
//! `#id`, `.class`, `[attr]`, `[attr=v]`, `~=`, `^=`, `$=`, `*=`, `|=` (with an `i` or `s` flag),
//! `:not(compound)`, `:first-child`, `:nth-child(an+b)`, `:first-of-type`, `:nth-of-type(an+b)`;
//! joined by descendant (space) and child (`>`) combinators; lists with `,`.
//!
//! The rest of what filter lists write needs facts a start tag does not give: what comes after
//! the element (its descendants, its text, its later siblings) or before it beside it (its
//! previous siblings). Those selectors are parsed here too — sibling combinators (`+`, `~`),
//! `:has()`, `:has-text()`, `:last-child` and kin, `:empty`, `:is()`, `:not()` of anything, the
//! trailing `:upward()` and `:remove()`, `:matches-attr()`, `:matches-path()` — and are answered
//! once the whole document has been read (`later.rs`), from the analysis pass's records.
//!
//! Here: the parsed forms and the matching of plain selectors; parsing is `parse.rs`, its
//! pseudo-classes `pseudo.rs`.

mod parse;
mod pseudo;

pub(crate) use parse::parse;

use super::regex::Regex;
use std::borrow::Cow;

/// How far up the open elements a descendant combinator looks.
const MAX_ANCESTOR_SEARCH: usize = 1024;
/// How many compound selectors one complex selector may chain (matching recurses on them).
const MAX_COMPOUNDS: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Exists,
    Equals,
    Includes,
    Prefix,
    Suffix,
    Substring,
    DashMatch,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct AttrSel {
    name: String,
    op: Op,
    value: String,
    ignore_case: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Nth {
    pub(crate) of_type: bool,
    a: i64,
    b: i64,
}

/// Text to look for: a literal string (found anywhere) or a regular expression.
#[derive(Debug)]
pub(crate) enum TextPattern {
    Literal(String),
    Regex(Regex),
}

/// A name or value in `:matches-attr()`: a literal (the whole string, `*` for any characters)
/// or a regular expression (found anywhere).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Wildcard {
    Glob(String),
    Regex(Regex),
}

/// `:matches-attr(name=value)`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AttrPattern {
    name: Wildcard,
    value: Option<Wildcard>,
}

/// What is known of an element only once the document has been read.
#[derive(Debug)]
pub(crate) enum Later {
    /// `:has(rel, …)`; `negate` for `:if-not()`.
    Has { rels: Vec<Relative>, negate: bool },
    /// `:has-text()`, `:contains()`, `:-abp-contains()`.
    Text(TextPattern),
    /// `:min-text-length(n)`: at least `n` characters of text.
    MinText(u32),
    /// `:nth-last-child()`, `:nth-last-of-type()` (`:last-child`, `:last-of-type`).
    NthLast(Nth),
    /// No element children and no text (white space aside).
    Empty,
    /// The `html` element at the top.
    Root,
    /// `:not(list)` with something in it that is not a plain compound.
    Not(Vec<Complex>),
    /// `:is(list)`, `:where(list)`.
    Is(Vec<Complex>),
}

/// One compound selector: everything about a single element.
#[derive(Debug)]
pub(crate) struct Compound {
    tag: Option<String>,
    ids: Vec<String>,
    classes: Vec<String>,
    attrs: Vec<AttrSel>,
    nth: Vec<Nth>,
    not: Vec<Compound>,
    attr_patterns: Vec<AttrPattern>,
    /// Decided after the document has been read.
    pub(crate) later: Vec<Later>,
    /// Held only `:matches-path()` (set while parsing, cleared after).
    path_only: bool,
    /// Id of its start-tag part among the rule set's atoms (`NO_ATOM`: it asks nothing then).
    pub(crate) atom: u32,
}

/// `Compound::atom` of a compound whose start-tag part matches every element.
pub(crate) const NO_ATOM: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Combinator {
    Descendant,
    Child,
    /// `+`
    Next,
    /// `~`
    Subsequent,
}

/// A complex selector, rightmost compound last.
#[derive(Debug)]
pub(crate) struct Complex {
    /// `(compound, combinator to the compound on its right)`; the last combinator is unused.
    pub(crate) parts: Vec<(Compound, Combinator)>,
}

/// A selector relative to an element (`:has()`'s argument): `lead` relates the element to the
/// leftmost compound (`:has(> a)`, `:has(+ a)`, `:has(a)` is a descendant).
#[derive(Debug)]
pub(crate) struct Relative {
    pub(crate) lead: Combinator,
    pub(crate) sel: Complex,
}

/// `:upward()`: the rule names an ancestor of what its selector matched.
#[derive(Debug)]
pub(crate) enum Upward {
    /// That many levels up (1..=255).
    Levels(u32),
    /// The nearest ancestor matching the list.
    Closest(Vec<Complex>),
}

/// One comma-separated part of a rule's selector, with its trailing `:upward()` steps.
#[derive(Debug)]
pub(crate) struct Procedural {
    pub(crate) complex: Complex,
    pub(crate) upward: Vec<Upward>,
}

/// A parsed rule selector.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) list: Vec<Procedural>,
    /// `:matches-path()` conditions: the rule applies only on pages whose path matches all.
    pub(crate) path: Vec<TextPattern>,
}

/// Why a selector was not parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParseError {
    /// Not a selector unclutter can answer (the message says why).
    Unsupported(String),
    /// A rule that changes an element instead of naming one to remove (`:style()`,
    /// `:remove-attr()`, `:remove-class()`): not for a cleaner, skipped without a report.
    Action(String),
}

impl From<String> for ParseError {
    fn from(s: String) -> Self {
        ParseError::Unsupported(s)
    }
}

impl From<&str> for ParseError {
    fn from(s: &str) -> Self {
        ParseError::Unsupported(s.to_string())
    }
}

/// How matching the left part of a selector went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Matched,
    /// Not here; a descendant combinator further right may try a higher ancestor.
    TryHigher,
    /// Not here nor higher up: stop.
    Never,
}

/// What the matcher knows about an element (the current one or an open ancestor).
#[derive(Debug, Clone, Default)]
pub(crate) struct ElementData {
    pub tag: String,
    pub id: Option<String>,
    pub classes: Vec<String>,
    /// Lower-case names, raw values.
    pub attrs: Vec<(String, String)>,
    /// 1-based position among its parent's element children, and among those of its tag.
    pub child_index: u32,
    pub type_index: u32,
}

/// The key a rule is filed under: what its rightmost compound requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Key<'a> {
    Id(&'a str),
    Class(&'a str),
    /// A word the value of this attribute must hold (see [`words`]): `a[href*=".adsrv.example/"]`
    /// is filed under (`href`, `adsrv`), not under every link.
    AttrWord(&'a str, &'a str),
    Tag(&'a str),
    Attr(&'a str),
    Any,
}

/// The words of an attribute value, as the index files attribute selectors: maximal runs of
/// letters and digits.
pub(crate) fn words(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Words too common in URLs to tell rules apart; used only when nothing better is there.
const COMMON_WORDS: &[&str] = &["http", "https", "www", "com", "net", "org", "html", "php"];

impl Parsed {
    /// Whether every part is plain: matched when the start tag arrives, on the open ancestors.
    pub(crate) fn is_plain(&self) -> bool {
        self.path.is_empty()
            && self
                .list
                .iter()
                .all(|p| p.upward.is_empty() && p.complex.is_plain())
    }
}

impl Complex {
    fn is_plain(&self) -> bool {
        self.parts.iter().all(|(c, comb)| {
            c.is_plain() && matches!(comb, Combinator::Descendant | Combinator::Child)
        })
    }

    /// The most selective thing the element itself must have.
    pub(crate) fn key(&self) -> Key<'_> {
        self.parts.last().map_or(Key::Any, |(c, _)| c.key())
    }

    /// Whether the (plain) selector matches `el`, whose open ancestors are `ancestors`
    /// (outermost first).
    pub(crate) fn matches(&self, el: &ElementData, ancestors: &[ElementData]) -> bool {
        let n = self.parts.len();
        if n == 0 || !self.parts[n - 1].0.matches(el) {
            return false;
        }
        self.match_from(n - 1, ancestors) == Outcome::Matched
    }

    /// Parts `0..i` must match among `ancestors` (part `i` matched the element just below them).
    ///
    /// As browsers match (Servo's `selectors` crate): when a descendant combinator runs out of
    /// ancestors, no other choice further right can help, so the search stops instead of trying
    /// every combination (`x div div div div span` under a thousand `div`s would take 10^10).
    fn match_from(&self, i: usize, ancestors: &[ElementData]) -> Outcome {
        if i == 0 {
            return Outcome::Matched;
        }
        let (compound, comb) = &self.parts[i - 1];
        match comb {
            Combinator::Child => match ancestors.split_last() {
                Some((parent, rest)) if compound.matches(parent) => self.match_from(i - 1, rest),
                // A descendant combinator further right may find a parent that fits.
                Some(_) => Outcome::TryHigher,
                None => Outcome::Never,
            },
            Combinator::Descendant => {
                let len = ancestors.len();
                for k in (len.saturating_sub(MAX_ANCESTOR_SEARCH)..len).rev() {
                    if compound.matches(&ancestors[k]) {
                        match self.match_from(i - 1, &ancestors[..k]) {
                            Outcome::TryHigher => {}
                            done => return done,
                        }
                    }
                }
                Outcome::Never
            }
            // Plain selectors have no sibling combinators (`is_plain`).
            Combinator::Next | Combinator::Subsequent => Outcome::Never,
        }
    }
}

/// Atoms are told apart by their start-tag part (`now_part`): equality compares that part
/// only, and equal ones hash alike on their tag, ids and classes.
impl PartialEq for Compound {
    fn eq(&self, o: &Self) -> bool {
        self.tag == o.tag
            && self.ids == o.ids
            && self.classes == o.classes
            && self.attrs == o.attrs
            && self.nth == o.nth
            && self.not == o.not
            && self.attr_patterns == o.attr_patterns
    }
}

impl Eq for Compound {}

impl std::hash::Hash for Compound {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.tag.hash(state);
        self.ids.hash(state);
        self.classes.hash(state);
        self.attrs.len().hash(state);
    }
}

impl Default for Compound {
    fn default() -> Self {
        Compound {
            tag: None,
            ids: Vec::new(),
            classes: Vec::new(),
            attrs: Vec::new(),
            nth: Vec::new(),
            not: Vec::new(),
            attr_patterns: Vec::new(),
            later: Vec::new(),
            path_only: false,
            atom: NO_ATOM,
        }
    }
}

impl Compound {
    fn is_plain(&self) -> bool {
        self.later.is_empty() && self.attr_patterns.is_empty()
    }

    /// Whether it asks nothing of the element when the start tag arrives (`*`, or only later
    /// facts).
    pub(crate) fn is_universal_now(&self) -> bool {
        self.tag.is_none()
            && self.ids.is_empty()
            && self.classes.is_empty()
            && self.attrs.is_empty()
            && self.nth.is_empty()
            && self.not.is_empty()
            && self.attr_patterns.is_empty()
    }

    /// The part known when the start tag arrives (everything but `later`), as atoms are
    /// compared.
    pub(crate) fn now_part(&self) -> Compound {
        Compound {
            tag: self.tag.clone(),
            ids: self.ids.clone(),
            classes: self.classes.clone(),
            attrs: self.attrs.clone(),
            nth: self.nth.clone(),
            not: self.not.iter().map(Compound::now_part).collect(),
            attr_patterns: self.attr_patterns.clone(),
            later: Vec::new(),
            path_only: false,
            atom: NO_ATOM,
        }
    }

    pub(crate) fn key(&self) -> Key<'_> {
        if let Some(id) = self.ids.first() {
            return Key::Id(id);
        }
        if let Some(class) = self.classes.first() {
            return Key::Class(class);
        }
        let best = self
            .attrs
            .iter()
            .filter_map(|a| a.word().map(|w| (a, w)))
            .max_by_key(|(_, w)| (!COMMON_WORDS.contains(w), w.len()));
        if let Some((a, w)) = best {
            return Key::AttrWord(&a.name, w);
        }
        if let Some(t) = &self.tag {
            return Key::Tag(t);
        }
        if let Some(a) = self.attrs.first() {
            return Key::Attr(&a.name);
        }
        Key::Any
    }

    /// Whether the element has what the start tag can tell (`later` is not looked at).
    pub(crate) fn matches(&self, el: &ElementData) -> bool {
        if let Some(t) = &self.tag {
            if *t != el.tag {
                return false;
            }
        }
        if !self
            .ids
            .iter()
            .all(|id| el.id.as_deref() == Some(id.as_str()))
        {
            return false;
        }
        if !self
            .classes
            .iter()
            .all(|c| el.classes.iter().any(|x| x == c))
        {
            return false;
        }
        if !self.attrs.iter().all(|a| a.matches(el)) {
            return false;
        }
        if !self.nth.iter().all(|n| {
            n.matches(if n.of_type {
                el.type_index
            } else {
                el.child_index
            })
        }) {
            return false;
        }
        if !self.not.iter().all(|c| !c.matches(el)) {
            return false;
        }
        self.attr_patterns.iter().all(|p| p.matches(el))
    }
}

impl AttrSel {
    /// The longest word every matching value holds whole (bounded on both sides, within the
    /// pattern or by the ends the operator anchors); `None` without one.
    fn word(&self) -> Option<&str> {
        if self.ignore_case || self.op == Op::Exists {
            return None;
        }
        let v = self.value.as_str();
        let (left_end, right_end) = match self.op {
            Op::Equals | Op::Includes | Op::DashMatch => (true, true),
            Op::Prefix => (true, false),
            Op::Suffix => (false, true),
            Op::Substring | Op::Exists => (false, false),
        };
        let mut best: Option<&str> = None;
        let mut start = None;
        for (i, c) in v.char_indices().chain(std::iter::once((v.len(), ' '))) {
            let word_char = i < v.len() && c.is_alphanumeric();
            match (word_char, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    start = None;
                    let bounded = (s > 0 || left_end) && (i < v.len() || right_end);
                    let w = &v[s..i];
                    let better = best.is_none_or(|b| {
                        (!COMMON_WORDS.contains(&w), w.len())
                            > (!COMMON_WORDS.contains(&b), b.len())
                    });
                    if bounded && w.len() >= 2 && better {
                        best = Some(w);
                    }
                }
                _ => {}
            }
        }
        best
    }

    fn matches(&self, el: &ElementData) -> bool {
        let Some((_, raw)) = el.attrs.iter().find(|(n, _)| *n == self.name) else {
            return false;
        };
        if self.op == Op::Exists {
            return true;
        }
        let decoded = crate::html::entities::decode(raw);
        let v = if self.ignore_case {
            Cow::Owned(decoded.to_lowercase())
        } else {
            decoded
        };
        let (v, want) = (v.as_ref(), self.value.as_str());
        match self.op {
            Op::Exists => true,
            Op::Equals => v == want,
            Op::Includes => !want.is_empty() && v.split_ascii_whitespace().any(|w| w == want),
            Op::Prefix => !want.is_empty() && v.starts_with(want),
            Op::Suffix => !want.is_empty() && v.ends_with(want),
            Op::Substring => !want.is_empty() && v.contains(want),
            Op::DashMatch => {
                v == want
                    || v.strip_prefix(want)
                        .is_some_and(|rest| rest.starts_with('-'))
            }
        }
    }
}

/// Work allowed for the regular expressions of `:matches-attr()` on one attribute value.
const ATTR_REGEX_BUDGET: u64 = 1 << 20;

impl Wildcard {
    fn matches(&self, s: &str) -> bool {
        match self {
            Wildcard::Glob(g) => glob(g, s),
            Wildcard::Regex(r) => {
                let mut budget = ATTR_REGEX_BUDGET;
                r.is_match_within(s, &mut budget)
            }
        }
    }
}

impl AttrPattern {
    fn matches(&self, el: &ElementData) -> bool {
        el.attrs.iter().any(|(name, raw)| {
            self.name.matches(name)
                && self
                    .value
                    .as_ref()
                    .is_none_or(|v| v.matches(&crate::html::entities::decode(raw)))
        })
    }
}

/// `s` is `pattern`, where `*` stands for any run of characters.
fn glob(pattern: &str, s: &str) -> bool {
    let Some((first, rest)) = pattern.split_once('*') else {
        return pattern == s;
    };
    let Some(mut s) = s.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = rest.split('*').collect();
    for (k, piece) in pieces.iter().enumerate() {
        if k + 1 == pieces.len() {
            return s.ends_with(piece);
        }
        match s.find(piece) {
            Some(i) => s = &s[i + piece.len()..],
            None => return false,
        }
    }
    true
}

impl Nth {
    pub(crate) fn matches(&self, index: u32) -> bool {
        // Wide enough that `b = i64::MIN` in a hostile rule cannot overflow.
        let (i, a, b) = (i128::from(index), i128::from(self.a), i128::from(self.b));
        if a == 0 {
            return i == b;
        }
        let diff = i - b;
        diff % a == 0 && diff / a >= 0
    }
}

impl Parsed {
    /// Calls `f` on every compound, those inside arguments (`:has()`, `:not()`, `:is()`,
    /// `:upward()`) too.
    pub(crate) fn for_each_compound(&mut self, f: &mut dyn FnMut(&mut Compound)) {
        for p in &mut self.list {
            visit_complex(&mut p.complex, f);
            for u in &mut p.upward {
                if let Upward::Closest(list) = u {
                    list.iter_mut().for_each(|c| visit_complex(c, f));
                }
            }
        }
    }

    /// Whether some part looks at text (`:has-text()`, `:min-text-length()`).
    pub(crate) fn needs_text(&mut self) -> bool {
        let mut text = false;
        self.for_each_compound(&mut |c| {
            text |= c
                .later
                .iter()
                .any(|l| matches!(l, Later::Text(_) | Later::MinText(_)));
        });
        text
    }
}

fn visit_complex(c: &mut Complex, f: &mut dyn FnMut(&mut Compound)) {
    for (compound, _) in &mut c.parts {
        f(compound);
        for l in &mut compound.later {
            match l {
                Later::Has { rels, .. } => {
                    rels.iter_mut().for_each(|r| visit_complex(&mut r.sel, f))
                }
                Later::Not(list) | Later::Is(list) => {
                    list.iter_mut().for_each(|x| visit_complex(x, f))
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(tag: &str, id: Option<&str>, classes: &[&str], attrs: &[(&str, &str)]) -> ElementData {
        // As the analysis builds it: every attribute, id and class included.
        let mut all: Vec<(String, String)> = attrs
            .iter()
            .map(|(n, v)| ((*n).to_string(), (*v).to_string()))
            .collect();
        if let Some(i) = id {
            all.push(("id".into(), i.into()));
        }
        all.push(("class".into(), classes.join(" ")));
        ElementData {
            tag: tag.into(),
            id: id.map(Into::into),
            classes: classes.iter().map(|c| (*c).to_string()).collect(),
            attrs: all,
            child_index: 1,
            type_index: 1,
        }
    }

    fn m(sel: &str, e: &ElementData, anc: &[ElementData]) -> bool {
        let p = parse(sel).unwrap();
        assert!(p.is_plain(), "{sel}");
        p.list.iter().any(|p| p.complex.matches(e, anc))
    }

    fn key(sel: &str) -> String {
        format!("{:?}", parse(sel).unwrap().list[0].complex.key())
    }

    #[test]
    fn compounds() {
        let e = el(
            "div",
            Some("ad-1"),
            &["promo", "box"],
            &[
                ("data-x", "a b"),
                ("href", "https://x.com/intent/tweet?u=1"),
            ],
        );
        assert!(m(".promo", &e, &[]));
        assert!(m("div.promo.box#ad-1", &e, &[]));
        assert!(!m("span.promo", &e, &[]));
        assert!(m("[data-x~=b]", &e, &[]));
        assert!(m("[href^=\"https://x.com/intent/\"]", &e, &[]));
        assert!(m("[id^=ad-]", &e, &[]));
        assert!(m("[id*=D- i]", &e, &[]));
        assert!(!m("[id*=D-]", &e, &[]));
        assert!(m(".promo:not(.hidden):not([data-y])", &e, &[]));
        assert!(!m(".promo:not(.box)", &e, &[]));
        assert!(m("*", &e, &[]));
        assert!(m(".nope, .box", &e, &[]));
    }

    #[test]
    fn combinators_and_positions() {
        let body = el("body", None, &[], &[]);
        let main = el("div", None, &["main"], &[]);
        let mut footer = el("footer", None, &[], &[]);
        footer.child_index = 3;
        footer.type_index = 1;
        assert!(m(
            "body > div > footer",
            &footer,
            &[body.clone(), main.clone()]
        ));
        assert!(m("body footer", &footer, &[body.clone(), main.clone()]));
        assert!(!m("body > footer", &footer, &[body.clone(), main.clone()]));
        assert!(m("footer:nth-child(3)", &footer, &[]));
        assert!(m("footer:nth-child(2n+1)", &footer, &[]));
        assert!(!m("footer:first-child", &footer, &[]));
        assert!(m("footer:first-of-type", &footer, &[]));
    }

    #[test]
    fn hopeless_descendant_chains_stop_early() {
        let div = el("div", None, &[], &[]);
        let span = el("span", None, &[], &[]);
        let deep = vec![div.clone(); 1000];
        // 10^10 combinations if every choice of ancestors were tried.
        assert!(!m("nope div div div div span", &span, &deep));
        assert!(m("div div div div span", &span, &deep));
        // A child combinator that fails for the nearest choice can still hold higher up.
        let a = el("a", None, &[], &[]);
        let b = el("b", None, &[], &[]);
        let c = el("c", None, &[], &[]);
        assert!(m(
            "a > b c",
            &c,
            &[a.clone(), b.clone(), div.clone(), b.clone()]
        ));
        assert!(!m(
            "a > b c",
            &c,
            &[b.clone(), a.clone(), div.clone(), b.clone()]
        ));
        assert!(m("a > b > c", &c, &[a.clone(), b.clone()]));
        assert!(!m("a > b > c", &c, &[a, div, b]));
    }

    #[test]
    fn keys_pick_the_most_selective_part() {
        assert_eq!(key("div.a#b"), "Id(\"b\")");
        assert_eq!(key(".x .a.b"), "Class(\"a\")");
        assert_eq!(key("nav"), "Tag(\"nav\")");
        assert_eq!(key("[data-ad]"), "Attr(\"data-ad\")");
        assert_eq!(key("*"), "Any");
    }

    #[test]
    fn attribute_selectors_are_filed_under_a_word_their_values_hold() {
        let word = |sel: &str| match parse(sel).unwrap().list[0].complex.key() {
            Key::AttrWord(a, w) => format!("{a}:{w}"),
            other => format!("{other:?}"),
        };
        assert_eq!(word("a[href*=\".adsrv.eacdn.com/\"]"), "href:adsrv");
        assert_eq!(word("a[href^=\"https://ads.x.io/go\"]"), "href:ads");
        assert_eq!(
            word("a[href^=\"https://x.io/banner\"]"),
            "href:io",
            "`banner` may go on"
        );
        assert_eq!(
            word("a[href*=\"banner\"]"),
            "Tag(\"a\")",
            "it may be inside a longer word"
        );
        assert_eq!(word("img[src=\"/ad.gif\"]"), "src:gif");
        assert_eq!(word("[data-x$=\"-slot\"]"), "data-x:slot");
        assert_eq!(word("a[href^=\"http://\"]"), "href:http");
        assert_eq!(word("a[href*=\"Ads\" i]"), "Tag(\"a\")");
        // Whatever a rule's word, an element that matches it holds that word whole.
        let sel = "a[href*=\"/adsrv.x/\"]";
        let e = el("a", None, &[], &[("href", "https://cdn.example/adsrv.x/1")]);
        assert!(m(sel, &e, &[]));
        let parsed = parse(sel).unwrap();
        let Key::AttrWord(_, w) = parsed.list[0].complex.key() else {
            panic!()
        };
        assert!(words("https://cdn.example/adsrv.x/1").any(|x| x == w));
    }

    #[test]
    fn escapes_and_errors() {
        let e = el("div", None, &["md:hidden"], &[]);
        assert!(m(".md\\:hidden", &e, &[]));
        assert!(parse("a:hover").is_err());
        assert!(parse("..x").is_err());
    }

    fn unsupported(sel: &str) -> String {
        match parse(sel) {
            Err(ParseError::Unsupported(m)) => m,
            other => panic!("{sel}: {other:?}"),
        }
    }

    #[test]
    fn procedural_selectors_parse_into_later_parts() {
        for sel in [
            "div:has(> a[href*=\"ad\"])",
            ".card:has(+ .sponsored)",
            "li:has(~ li.ad)",
            "div:-abp-has(.ad)",
            "div:if(span:has-text(Ad))",
            "div:if-not(.story)",
            ".x:has-text(Sponsored)",
            ".x:has-text(/^Sponsored$/i)",
            ".x:-abp-contains(Promoted)",
            ".x:contains(Don't miss)",
            "span:has-text(Advertisement):upward(2)",
            "span:has-text(Advertisement):upward(.box):remove()",
            "a:matches-attr(href=/\\/ads\\//)",
            ".a + .b",
            ".a ~ .b",
            "li:last-child",
            "p:only-child",
            "li:nth-last-child(2)",
            "div:empty",
            ":root > body",
            ":is(h3, h4) > span",
            "div:not(:has(p))",
            "div:not(.a .b)",
            "div:min-text-length(100)",
            ".serp-item:has(:scope > .label)",
            ":matches-path(/shop) .promo",
        ] {
            let p = parse(sel).unwrap_or_else(|e| panic!("{sel}: {e:?}"));
            assert!(!p.is_plain(), "{sel} should be decided later");
        }
        assert!(parse("div.a > p:not(.b):first-child").unwrap().is_plain());
    }

    #[test]
    fn procedural_details() {
        let p = parse(":matches-path(/^\\/shop/) .promo").unwrap();
        assert_eq!(p.path.len(), 1);
        assert_eq!(
            p.list[0].complex.parts.len(),
            1,
            "the path-only compound goes"
        );
        let p = parse("span:has-text(x):upward(2):upward(div.box)").unwrap();
        assert_eq!(p.list[0].upward.len(), 2);
        assert!(matches!(p.list[0].upward[0], Upward::Levels(2)));
        let p = parse(".x:has-text(\"a, b\")").unwrap();
        let Later::Text(TextPattern::Literal(t)) = &p.list[0].complex.parts[0].0.later[0] else {
            panic!("{p:?}");
        };
        assert_eq!(t, "a, b");
        let p = parse("div:has(> a, + b)").unwrap();
        let Later::Has { rels, negate } = &p.list[0].complex.parts[0].0.later[0] else {
            panic!("{p:?}");
        };
        assert!(!negate);
        assert_eq!(rels[0].lead, Combinator::Child);
        assert_eq!(rels[1].lead, Combinator::Next);
    }

    #[test]
    fn matches_attr_reads_literals_wildcards_and_expressions() {
        let e = el(
            "a",
            None,
            &[],
            &[("href", "/__cft__[0]=AZ-9_x"), ("data-ad-slot", "top")],
        );
        let ok = |sel: &str| {
            let p = parse(sel).unwrap();
            p.list[0].complex.parts[0].0.matches(&e)
        };
        assert!(ok("a:matches-attr(href=/__cft__\\[0\\]=[-\\w]{4,}/)"));
        assert!(ok("a:matches-attr(\"href\"=\"/^\\/__cft/\")"));
        assert!(ok("a:matches-attr(data-ad-*)"));
        assert!(ok("a:matches-attr(/^data-ad/=top)"));
        assert!(
            !ok("a:matches-attr(/^data-ad/=to)"),
            "a literal value is the whole value"
        );
        assert!(ok("a:matches-attr(data-ad-slot=t*)"));
        assert!(!ok("a:matches-attr(title)"));
    }

    #[test]
    fn what_a_cleaner_cannot_answer_is_refused_with_a_reason() {
        assert!(unsupported("div:matches-css(position: fixed)").contains("computed styles"));
        assert!(unsupported("div:xpath(//div)").contains("xpath"));
        assert!(unsupported("div:others()").contains("others"));
        assert!(unsupported("div::before").contains("pseudo-elements"));
        assert!(unsupported("div:upward(2) > p").contains("must come last"));
        assert!(unsupported("div:upward(0)").contains("1 to 255"));
        assert!(unsupported("div:has(p:upward(1))").contains("inside another"));
        assert!(unsupported(":matches-path(/x/)").contains("alone"));
        assert!(unsupported("div:has-text(/(?=x)/)").contains("look-around"));
        assert!(matches!(
            parse("div:style(color: red)"),
            Err(ParseError::Action(_))
        ));
        assert!(matches!(
            parse("a:remove-attr(href)"),
            Err(ParseError::Action(_))
        ));
    }

    #[test]
    fn globs() {
        assert!(glob("data-*", "data-ad"));
        assert!(glob("*ad*", "header-ad-slot"));
        assert!(!glob("ad", "ads"));
        assert!(glob("a*c*e", "abcde"));
        assert!(!glob("a*c*e", "abcd"));
    }
}
