//! The selector subset rules use, matched by unclutter itself.
//!
//! lol_html can match these selectors, but with a thousand rules its matching machine evaluates
//! every rule on every element and is rebuilt for every document. Ad blockers index cosmetic
//! rules by the id, class or tag their selector requires; so does this module: an element only
//! meets the rules filed under its own id, classes, tag and attribute names (plus the few that
//! require none). Ancestors are matched on the analysis pass's stack of open elements.
//!
//! Grammar (the part of lol_html's that rules use): compound selectors of a tag or `*`, `#id`,
//! `.class`, `[attr]`, `[attr=v]`, `~=`, `^=`, `$=`, `*=`, `|=` (with an `i` or `s` flag),
//! `:not(compound)`, `:first-child`, `:nth-child(an+b)`, `:first-of-type`, `:nth-of-type(an+b)`;
//! joined by descendant (space) and child (`>`) combinators; lists with `,`.

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
struct Nth {
    of_type: bool,
    a: i64,
    b: i64,
}

/// One compound selector: everything about a single element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Compound {
    tag: Option<String>,
    ids: Vec<String>,
    classes: Vec<String>,
    attrs: Vec<AttrSel>,
    nth: Vec<Nth>,
    not: Vec<Compound>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Combinator {
    Descendant,
    Child,
}

/// A complex selector, rightmost compound last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Complex {
    /// `(compound, combinator to the compound on its right)`; the last combinator is unused.
    parts: Vec<(Compound, Combinator)>,
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Id(String),
    Class(String),
    Tag(String),
    Attr(String),
    Any,
}

impl Complex {
    /// The most selective thing the element itself must have.
    pub(crate) fn key(&self) -> Key {
        let Some((c, _)) = self.parts.last() else {
            return Key::Any;
        };
        if let Some(id) = c.ids.first() {
            return Key::Id(id.clone());
        }
        if let Some(class) = c.classes.first() {
            return Key::Class(class.clone());
        }
        if let Some(t) = &c.tag {
            return Key::Tag(t.clone());
        }
        if let Some(a) = c.attrs.first() {
            return Key::Attr(a.name.clone());
        }
        Key::Any
    }

    /// Whether the selector matches `el`, whose open ancestors are `ancestors` (outermost first).
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
        }
    }
}

impl Compound {
    fn matches(&self, el: &ElementData) -> bool {
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
        self.not.iter().all(|c| !c.matches(el))
    }
}

impl AttrSel {
    fn matches(&self, el: &ElementData) -> bool {
        let Some((_, raw)) = el.attrs.iter().find(|(n, _)| *n == self.name) else {
            return false;
        };
        if self.op == Op::Exists {
            return true;
        }
        let decoded = crate::entities::decode(raw);
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

impl Nth {
    fn matches(&self, index: u32) -> bool {
        // Wide enough that `b = i64::MIN` in a hostile rule cannot overflow.
        let (i, a, b) = (i128::from(index), i128::from(self.a), i128::from(self.b));
        if a == 0 {
            return i == b;
        }
        let diff = i - b;
        diff % a == 0 && diff / a >= 0
    }
}

/// Parses a selector list.
pub(crate) fn parse(selector: &str) -> Result<Vec<Complex>, String> {
    let mut p = Parser {
        s: selector.as_bytes(),
        src: selector,
        i: 0,
    };
    let mut list = Vec::new();
    loop {
        list.push(p.complex()?);
        p.skip_ws();
        match p.peek() {
            None => break,
            Some(b',') => p.i += 1,
            Some(c) => return Err(format!("unexpected `{}`", c as char)),
        }
    }
    Ok(list)
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) -> bool {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
        self.i > start
    }

    fn complex(&mut self) -> Result<Complex, String> {
        self.skip_ws();
        let mut parts = vec![(self.compound()?, Combinator::Descendant)];
        loop {
            let ws = self.skip_ws();
            let comb = match self.peek() {
                Some(b'>') => {
                    self.i += 1;
                    self.skip_ws();
                    Combinator::Child
                }
                Some(b',') | None => break,
                Some(_) if ws => Combinator::Descendant,
                Some(c) => return Err(format!("unexpected `{}`", c as char)),
            };
            if let Some(last) = parts.last_mut() {
                last.1 = comb;
            }
            parts.push((self.compound()?, Combinator::Descendant));
            if parts.len() > MAX_COMPOUNDS {
                return Err(format!(
                    "more than {MAX_COMPOUNDS} compound selectors in a row"
                ));
            }
        }
        Ok(Complex { parts })
    }

    fn compound(&mut self) -> Result<Compound, String> {
        let mut c = Compound::default();
        let start = self.i;
        if self.peek() == Some(b'*') {
            self.i += 1;
        } else if self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            c.tag = Some(self.ident()?.to_ascii_lowercase());
        }
        loop {
            match self.peek() {
                Some(b'#') => {
                    self.i += 1;
                    c.ids.push(self.ident()?);
                }
                Some(b'.') => {
                    self.i += 1;
                    c.classes.push(self.ident()?);
                }
                Some(b'[') => {
                    self.i += 1;
                    c.attrs.push(self.attr()?);
                }
                Some(b':') => {
                    self.i += 1;
                    self.pseudo(&mut c)?;
                }
                _ => break,
            }
        }
        if self.i == start {
            return Err("empty compound selector".into());
        }
        Ok(c)
    }

    /// An identifier, with CSS escapes (`\:` and hex escapes) resolved.
    fn ident(&mut self) -> Result<String, String> {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c == b'\\' {
                self.i += 1;
                let rest = &self.src[self.i..];
                let hex: String = rest
                    .chars()
                    .take(6)
                    .take_while(char::is_ascii_hexdigit)
                    .collect();
                if hex.is_empty() {
                    let ch = rest.chars().next().ok_or("dangling escape")?;
                    out.push(ch);
                    self.i += ch.len_utf8();
                } else {
                    let cp = u32::from_str_radix(&hex, 16).map_err(|e| e.to_string())?;
                    out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                    self.i += hex.len();
                    if self.peek() == Some(b' ') {
                        self.i += 1;
                    }
                }
            } else if c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c >= 0x80 {
                let ch = self.src[self.i..].chars().next().ok_or("bad identifier")?;
                out.push(ch);
                self.i += ch.len_utf8();
            } else {
                break;
            }
        }
        if out.is_empty() {
            return Err("expected a name".into());
        }
        Ok(out)
    }

    fn attr(&mut self) -> Result<AttrSel, String> {
        self.skip_ws();
        let name = self.ident()?.to_ascii_lowercase();
        self.skip_ws();
        let op = match (self.peek(), self.s.get(self.i + 1).copied()) {
            (Some(b']'), _) => {
                self.i += 1;
                return Ok(AttrSel {
                    name,
                    op: Op::Exists,
                    value: String::new(),
                    ignore_case: false,
                });
            }
            (Some(b'='), _) => {
                self.i += 1;
                Op::Equals
            }
            (Some(c), Some(b'=')) => {
                self.i += 2;
                match c {
                    b'~' => Op::Includes,
                    b'^' => Op::Prefix,
                    b'$' => Op::Suffix,
                    b'*' => Op::Substring,
                    b'|' => Op::DashMatch,
                    _ => return Err("unknown attribute operator".into()),
                }
            }
            _ => return Err("bad attribute selector".into()),
        };
        self.skip_ws();
        let value = match self.peek() {
            Some(q @ (b'"' | b'\'')) => {
                self.i += 1;
                let start = self.i;
                while self.peek().is_some_and(|c| c != q) {
                    if self.peek() == Some(b'\\') {
                        self.i += 1;
                    }
                    self.i += 1;
                }
                let v = self
                    .src
                    .get(start..self.i)
                    .ok_or("unterminated string")?
                    .replace('\\', "");
                self.i += 1;
                v
            }
            _ => self.ident()?,
        };
        self.skip_ws();
        let mut ignore_case = false;
        if let Some(f @ (b'i' | b'I' | b's' | b'S')) = self.peek() {
            ignore_case = f.eq_ignore_ascii_case(&b'i');
            self.i += 1;
            self.skip_ws();
        }
        if self.peek() != Some(b']') {
            return Err("expected `]`".into());
        }
        self.i += 1;
        Ok(AttrSel {
            name,
            op,
            // Compared case-folded on both sides: folded once here.
            value: if ignore_case {
                value.to_lowercase()
            } else {
                value
            },
            ignore_case,
        })
    }

    fn pseudo(&mut self, c: &mut Compound) -> Result<(), String> {
        let name = self.ident()?.to_ascii_lowercase();
        match name.as_str() {
            "first-child" => c.nth.push(Nth {
                of_type: false,
                a: 0,
                b: 1,
            }),
            "first-of-type" => c.nth.push(Nth {
                of_type: true,
                a: 0,
                b: 1,
            }),
            "nth-child" | "nth-of-type" | "not" => {
                if self.peek() != Some(b'(') {
                    return Err(format!("`:{name}` needs an argument"));
                }
                self.i += 1;
                let start = self.i;
                let mut depth = 1;
                while let Some(ch) = self.peek() {
                    match ch {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
                let inner = self.src.get(start..self.i).ok_or("unterminated `(`")?;
                self.i += 1;
                if name == "not" {
                    for part in inner.split(',') {
                        let mut p = Parser {
                            s: part.trim().as_bytes(),
                            src: part.trim(),
                            i: 0,
                        };
                        c.not.push(p.compound()?);
                    }
                } else {
                    let (a, b) = parse_nth(inner)?;
                    c.nth.push(Nth {
                        of_type: name == "nth-of-type",
                        a,
                        b,
                    });
                }
            }
            other => return Err(format!("unsupported pseudo-class `:{other}`")),
        }
        Ok(())
    }
}

/// `an+b`, `odd`, `even`, `3`, `-n+2`.
fn parse_nth(s: &str) -> Result<(i64, i64), String> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    match t.as_str() {
        "odd" => return Ok((2, 1)),
        "even" => return Ok((2, 0)),
        _ => {}
    }
    let bad = || format!("bad `an+b`: `{s}`");
    if let Some(pos) = t.find('n') {
        let a = match &t[..pos] {
            "" | "+" => 1,
            "-" => -1,
            x => x.parse().map_err(|_| bad())?,
        };
        let rest = &t[pos + 1..];
        let b = if rest.is_empty() {
            0
        } else {
            rest.parse().map_err(|_| bad())?
        };
        Ok((a, b))
    } else {
        Ok((0, t.parse().map_err(|_| bad())?))
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
        parse(sel).unwrap().iter().any(|c| c.matches(e, anc))
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
        assert_eq!(parse("div.a#b").unwrap()[0].key(), Key::Id("b".into()));
        assert_eq!(parse(".x .a.b").unwrap()[0].key(), Key::Class("a".into()));
        assert_eq!(parse("nav").unwrap()[0].key(), Key::Tag("nav".into()));
        assert_eq!(
            parse("[data-ad]").unwrap()[0].key(),
            Key::Attr("data-ad".into())
        );
        assert_eq!(parse("*").unwrap()[0].key(), Key::Any);
    }

    #[test]
    fn escapes_and_errors() {
        let e = el("div", None, &["md:hidden"], &[]);
        assert!(m(".md\\:hidden", &e, &[]));
        assert!(parse("a:hover").is_err());
        assert!(parse("..x").is_err());
    }
}
