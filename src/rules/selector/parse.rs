//! The selector parser: a rule's selector list into `Parsed`, plain and procedural parts alike
//! (pseudo-classes are `pseudo.rs`).

use super::{
    AttrPattern, AttrSel, Combinator, Complex, Compound, Op, ParseError, Parsed, Procedural,
    Relative, TextPattern, Upward, Wildcard, MAX_COMPOUNDS,
};
use crate::rules::regex::{split_literal, Regex};
use std::borrow::Cow;

impl TextPattern {
    pub(super) fn parse(arg: &str) -> Result<TextPattern, ParseError> {
        let arg = arg.trim();
        let text = unquote(arg).unwrap_or(Cow::Borrowed(arg));
        if let Some((pattern, flags)) = split_literal(&text) {
            return Ok(TextPattern::Regex(
                Regex::new(pattern, flags)
                    .map_err(|e| format!("regular expression `{text}`: {e}"))?,
            ));
        }
        Ok(TextPattern::Literal(text.into_owned()))
    }
}

impl Wildcard {
    fn parse(arg: &str) -> Result<Wildcard, ParseError> {
        let arg = arg.trim();
        let text = unquote(arg).unwrap_or(Cow::Borrowed(arg));
        if let Some((pattern, flags)) = split_literal(&text) {
            return Ok(Wildcard::Regex(
                Regex::new(pattern, flags)
                    .map_err(|e| format!("regular expression `{text}`: {e}"))?,
            ));
        }
        if text.is_empty() {
            return Err("empty `:matches-attr()` name or value".into());
        }
        Ok(Wildcard::Glob(text.into_owned()))
    }
}

/// `"text"` or `'text'` with `\` escapes resolved; `None` when `s` is not quoted.
fn unquote(s: &str) -> Option<Cow<'_, str>> {
    let q = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = s.strip_prefix(q)?.strip_suffix(q)?;
    if !inner.contains('\\') {
        return Some(Cow::Borrowed(inner));
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    Some(Cow::Owned(out))
}

/// Parses a rule's selector: a list of (possibly procedural) selectors.
pub(crate) fn parse(selector: &str) -> Result<Parsed, ParseError> {
    // A rule that restyles (even a `::before`) names nothing to remove: skipped, not refused.
    if selector.contains('(') {
        for action in [":style(", ":remove-attr(", ":remove-class("] {
            if selector.contains(action) {
                return Err(ParseError::Action(action.trim_end_matches('(').to_string()));
            }
        }
    }
    let mut p = Parser::new(selector, 0);
    let mut list = Vec::new();
    let mut path = Vec::new();
    loop {
        let complex = p.complex()?;
        let upward = std::mem::take(&mut p.upward);
        path.append(&mut p.path);
        let complex = drop_path_only_lead(complex)?;
        list.push(Procedural { complex, upward });
        p.skip_ws();
        match p.peek() {
            None => break,
            Some(b',') => p.i += 1,
            Some(c) => return Err(format!("unexpected `{}`", c as char).into()),
        }
    }
    Ok(Parsed { list, path })
}

/// `:matches-path(/x/) p`: the path test is the rule's, and its empty compound goes (with a
/// descendant combinator it would only ask `p` to have an ancestor).
fn drop_path_only_lead(mut complex: Complex) -> Result<Complex, ParseError> {
    if complex.parts.len() > 1 {
        let (first, comb) = &complex.parts[0];
        if first.path_only && *comb == Combinator::Descendant {
            complex.parts.remove(0);
        }
    }
    if complex.parts.len() == 1 && complex.parts[0].0.path_only {
        return Err("`:matches-path()` alone names no element".into());
    }
    for (c, _) in &mut complex.parts {
        c.path_only = false;
    }
    Ok(complex)
}

/// A selector list as an argument (`:not()`, `:is()`, `:upward()`), not relative.
pub(super) fn parse_list(s: &str, depth: usize) -> Result<Vec<Complex>, ParseError> {
    let mut p = Parser::new(s, depth);
    let mut out = Vec::new();
    loop {
        out.push(p.complex()?);
        p.skip_ws();
        match p.peek() {
            None => break,
            Some(b',') => p.i += 1,
            Some(c) => return Err(format!("unexpected `{}`", c as char).into()),
        }
    }
    Ok(out)
}

/// `:has()`'s argument: relative selectors.
pub(super) fn parse_relative_list(s: &str, depth: usize) -> Result<Vec<Relative>, ParseError> {
    let mut p = Parser::new(s, depth);
    let mut out = Vec::new();
    loop {
        p.skip_ws();
        let mut lead = Combinator::Descendant;
        // `:scope > a` is `> a`; `:scope a` is `a`.
        if p.s[p.i..].len() >= 6 && p.s[p.i..p.i + 6].eq_ignore_ascii_case(b":scope") {
            p.i += 6;
            let ws = p.skip_ws();
            if !ws && !matches!(p.peek(), Some(b'>' | b'+' | b'~')) {
                return Err("`:scope` is only supported at the start of `:has()`".into());
            }
        }
        if let Some(c) = p.combinator_char() {
            lead = c;
            p.i += 1;
            p.skip_ws();
        }
        let sel = p.complex()?;
        out.push(Relative { lead, sel });
        p.skip_ws();
        match p.peek() {
            None => break,
            Some(b',') => p.i += 1,
            Some(c) => return Err(format!("unexpected `{}`", c as char).into()),
        }
    }
    Ok(out)
}

pub(super) struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
    /// 0 at the top of a rule; arguments of pseudo-classes are parsed one deeper.
    pub(super) depth: usize,
    /// Trailing `:upward()` steps of the complex selector being parsed (top level only).
    pub(super) upward: Vec<Upward>,
    /// A trailing operator (`:upward()`, `:remove()`) was seen: only more of them may follow.
    pub(super) trailing: bool,
    pub(super) path: Vec<TextPattern>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, depth: usize) -> Self {
        Parser {
            s: src.as_bytes(),
            src,
            i: 0,
            depth,
            upward: Vec::new(),
            trailing: false,
            path: Vec::new(),
        }
    }

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

    fn combinator_char(&self) -> Option<Combinator> {
        match self.peek() {
            Some(b'>') => Some(Combinator::Child),
            Some(b'+') => Some(Combinator::Next),
            Some(b'~') => Some(Combinator::Subsequent),
            _ => None,
        }
    }

    fn complex(&mut self) -> Result<Complex, ParseError> {
        self.skip_ws();
        self.trailing = false;
        let mut parts = vec![(self.compound()?, Combinator::Descendant)];
        loop {
            let ws = self.skip_ws();
            let comb = match self.combinator_char() {
                Some(c) => {
                    self.i += 1;
                    self.skip_ws();
                    c
                }
                None => match self.peek() {
                    Some(b',') | None => break,
                    Some(_) if ws => Combinator::Descendant,
                    Some(c) => return Err(format!("unexpected `{}`", c as char).into()),
                },
            };
            if self.trailing {
                return Err(
                    "`:upward()` and `:remove()` must come last (nothing can follow them)".into(),
                );
            }
            if let Some(last) = parts.last_mut() {
                last.1 = comb;
            }
            parts.push((self.compound()?, Combinator::Descendant));
            if parts.len() > MAX_COMPOUNDS {
                return Err(
                    format!("more than {MAX_COMPOUNDS} compound selectors in a row").into(),
                );
            }
        }
        Ok(Complex { parts })
    }

    fn compound(&mut self) -> Result<Compound, ParseError> {
        let mut c = Compound::default();
        let start = self.i;
        if self.peek() == Some(b'*') {
            self.i += 1;
        } else if self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            c.tag = Some(self.ident()?.to_ascii_lowercase());
        }
        let mut only_path = true;
        loop {
            let part = self.peek();
            if self.trailing && matches!(part, Some(b'#' | b'.' | b'[')) {
                return Err(
                    "`:upward()` and `:remove()` must come last (nothing can follow them)".into(),
                );
            }
            match part {
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
                    if self.peek() == Some(b':') {
                        return Err(
                            "pseudo-elements (`::before`, `::after`) name no element".into()
                        );
                    }
                    if !self.pseudo(&mut c)? {
                        only_path = false;
                    }
                    continue;
                }
                _ => break,
            }
            only_path = false;
        }
        if self.i == start {
            return Err("empty compound selector".into());
        }
        c.path_only =
            only_path && c.tag.is_none() && self.s[start] != b'*' && !self.path.is_empty();
        Ok(c)
    }

    /// An identifier, with CSS escapes (`\:` and hex escapes) resolved.
    pub(super) fn ident(&mut self) -> Result<String, ParseError> {
        let mut out = String::new();
        // The usual case, a run of plain name characters, in one piece.
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        {
            self.i += 1;
        }
        out.push_str(&self.src[start..self.i]);
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

    fn attr(&mut self) -> Result<AttrSel, ParseError> {
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

    /// The text between `(` (at the cursor) and its `)`. Brackets nest; `\` escapes the next
    /// character. With `selector`, quoted strings are skipped whole (`[title="a)"]`); otherwise
    /// (a text argument) only a quote opening the argument or following `=` starts one, so an
    /// apostrophe in `:has-text(Don't miss)` is just a character.
    pub(super) fn paren_arg(&mut self, name: &str, selector: bool) -> Result<&'a str, ParseError> {
        if self.peek() != Some(b'(') {
            return Err(format!("`:{name}` needs an argument").into());
        }
        self.i += 1;
        let start = self.i;
        let mut depth = 1usize;
        let mut quote: Option<u8> = None;
        while let Some(ch) = self.peek() {
            match (quote, ch) {
                (_, b'\\') => self.i += 1,
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => {
                    let prev = self.i.checked_sub(1).map(|k| self.s[k]);
                    if selector || self.i == start || prev == Some(b'=') {
                        quote = Some(ch);
                    }
                }
                (None, b'(') => depth += 1,
                (None, b')') => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
        if self.peek() != Some(b')') {
            return Err(format!("unterminated `:{name}(`").into());
        }
        let inner = self.src.get(start..self.i).ok_or("unterminated `(`")?;
        self.i += 1;
        Ok(inner)
    }
}

/// `name`, `name=value`, `"name"="value"`; each a literal (`*` wildcards) or `/regex/`.
pub(super) fn parse_matches_attr(arg: &str) -> Result<AttrPattern, ParseError> {
    let arg = arg.trim();
    // The `=` between name and value: outside quotes and outside a `/…/` name.
    let bytes = arg.as_bytes();
    let mut split = None;
    let mut quote: Option<u8> = None;
    let mut in_regex = bytes.first() == Some(&b'/');
    let mut i = usize::from(in_regex);
    while i < bytes.len() {
        let b = bytes[i];
        match (quote, b) {
            (_, b'\\') => i += 1,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'/') if in_regex => in_regex = false,
            (None, b'"' | b'\'') if i == 0 => quote = Some(b),
            (None, b'=') if !in_regex => {
                split = Some(i);
                break;
            }
            _ => {}
        }
        i += 1;
    }
    let (name, value) = match split {
        Some(i) => (&arg[..i], Some(&arg[i + 1..])),
        None => (arg, None),
    };
    let name = match Wildcard::parse(name)? {
        Wildcard::Glob(g) => Wildcard::Glob(g.to_ascii_lowercase()),
        r => r,
    };
    Ok(AttrPattern {
        name,
        value: value.map(Wildcard::parse).transpose()?,
    })
}

/// `an+b`, `odd`, `even`, `3`, `-n+2`.
pub(super) fn parse_nth(s: &str) -> Result<(i64, i64), String> {
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
