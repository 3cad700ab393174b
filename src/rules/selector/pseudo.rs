//! Pseudo-classes: what each one adds to a compound selector (a position test, a part decided
//! later, an attribute pattern, a trailing operator), and why the others are refused.

use super::parse::{parse_list, parse_matches_attr, parse_nth, parse_relative_list, Parser};
use super::{Compound, Later, Nth, ParseError, TextPattern, Upward};

impl Parser<'_> {
    /// One pseudo-class (after its `:`). Returns whether it was `:matches-path()`.
    pub(super) fn pseudo(&mut self, c: &mut Compound) -> Result<bool, ParseError> {
        let name = self.ident()?.to_ascii_lowercase();
        let trailing_op = matches!(
            name.as_str(),
            "upward" | "nth-ancestor" | "remove" | "style" | "remove-attr" | "remove-class"
        );
        if self.trailing && !trailing_op {
            return Err(
                "`:upward()` and `:remove()` must come last (nothing can follow them)".into(),
            );
        }
        let name = name.as_str();
        match name {
            "first-child" | "first-of-type" | "last-child" | "last-of-type" | "only-child"
            | "only-of-type" | "empty" | "root" => position(c, name),
            "nth-child" | "nth-of-type" | "nth-last-child" | "nth-last-of-type" => {
                self.nth(c, name)?
            }
            "not" | "is" | "where" | "matches" | "any" | "has" | "-abp-has" | "if" | "if-not" => {
                self.logical(c, name)?
            }
            "has-text" | "contains" | "-abp-contains" | "min-text-length" => self.text(c, name)?,
            "matches-attr" | "watch-attr" => self.attribute(c, name)?,
            "matches-path" => {
                self.matches_path(name)?;
                return Ok(true);
            }
            "upward" | "nth-ancestor" => self.upward_step(name)?,
            "remove" => self.remove(name)?,
            other => return Err(refused(other)),
        }
        Ok(false)
    }

    /// `:nth-child(an+b)` and kin: decided at the start tag, or later when counted from the end.
    fn nth(&mut self, c: &mut Compound, name: &str) -> Result<(), ParseError> {
        let inner = self.paren_arg(name, false)?;
        let (a, b) = parse_nth(inner)?;
        let nth = Nth {
            of_type: name.ends_with("of-type"),
            a,
            b,
        };
        if name.starts_with("nth-last") {
            c.later.push(Later::NthLast(nth));
        } else {
            c.nth.push(nth);
        }
        Ok(())
    }

    /// `:not()`, `:is()` and kin, `:has()` and kin: selector lists as arguments.
    fn logical(&mut self, c: &mut Compound, name: &str) -> Result<(), ParseError> {
        let deeper = self.depth + 1;
        let inner = self.paren_arg(name, true)?;
        match name {
            "not" => {
                let list = parse_list(inner, deeper)?;
                // `:not(compound, …)` of plain compounds is decided at the start tag.
                let plain = list.iter().all(|x| {
                    x.parts.len() == 1 && x.parts[0].0.is_plain() && x.parts[0].0.not.is_empty()
                });
                if plain {
                    c.not.extend(
                        list.into_iter()
                            .filter_map(|mut x| x.parts.pop().map(|p| p.0)),
                    );
                } else {
                    c.later.push(Later::Not(list));
                }
            }
            "is" | "where" | "matches" | "any" => {
                c.later.push(Later::Is(parse_list(inner, deeper)?));
            }
            _ => {
                let rels = parse_relative_list(inner, deeper)?;
                c.later.push(Later::Has {
                    rels,
                    negate: name == "if-not",
                });
            }
        }
        Ok(())
    }

    /// `:has-text()` and kin, `:min-text-length()`: tests of the element's text.
    fn text(&mut self, c: &mut Compound, name: &str) -> Result<(), ParseError> {
        let inner = self.paren_arg(name, false)?;
        if name == "min-text-length" {
            let n = inner
                .trim()
                .parse::<u32>()
                .map_err(|_| format!("`:min-text-length()` needs a number, not `{inner}`"))?;
            c.later.push(Later::MinText(n));
        } else {
            c.later.push(Later::Text(TextPattern::parse(inner)?));
        }
        Ok(())
    }

    /// `:matches-attr()` (a pattern on attribute names and values) and `:watch-attr()`.
    fn attribute(&mut self, c: &mut Compound, name: &str) -> Result<(), ParseError> {
        let inner = self.paren_arg(name, false)?;
        if name == "matches-attr" {
            c.attr_patterns.push(parse_matches_attr(inner)?);
        }
        // `:watch-attr()` re-evaluates when attributes change: a static page does not change.
        Ok(())
    }

    /// `:matches-path()`: a test of the page's path, the rule's (top level only).
    fn matches_path(&mut self, name: &str) -> Result<(), ParseError> {
        if self.depth > 0 {
            return Err("`:matches-path()` inside another operator is not supported".into());
        }
        let inner = self.paren_arg(name, false)?;
        self.path.push(TextPattern::parse(inner)?);
        Ok(())
    }

    /// `:upward(n)`, `:upward(selector)`, `:nth-ancestor(n)`: a trailing step up (top level only).
    fn upward_step(&mut self, name: &str) -> Result<(), ParseError> {
        let deeper = self.depth + 1;
        if self.depth > 0 {
            return Err(format!("`:{name}()` inside another operator is not supported").into());
        }
        let inner = self.paren_arg(name, true)?.trim();
        let step = if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
            match inner.parse::<u32>() {
                Ok(n @ 1..=255) => Upward::Levels(n),
                _ => return Err(format!("`:{name}({inner})`: the number must be 1 to 255").into()),
            }
        } else if name == "upward" {
            Upward::Closest(parse_list(inner, deeper)?)
        } else {
            return Err(format!("`:nth-ancestor()` needs a number, not `{inner}`").into());
        };
        self.upward.push(step);
        self.trailing = true;
        Ok(())
    }

    /// `:remove()`: a trailing operator without an argument (top level only).
    fn remove(&mut self, name: &str) -> Result<(), ParseError> {
        if self.depth > 0 {
            return Err("`:remove()` inside another operator is not supported".into());
        }
        if !self.paren_arg(name, false)?.trim().is_empty() {
            return Err("`:remove()` takes no argument".into());
        }
        // Removing is what every rule does.
        self.trailing = true;
        Ok(())
    }
}

/// The pseudo-classes without an argument that test an element's position or content.
fn position(c: &mut Compound, name: &str) {
    match name {
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
        "last-child" | "last-of-type" => c.later.push(Later::NthLast(Nth {
            of_type: name == "last-of-type",
            a: 0,
            b: 1,
        })),
        "only-child" | "only-of-type" => {
            let of_type = name == "only-of-type";
            c.nth.push(Nth {
                of_type,
                a: 0,
                b: 1,
            });
            c.later.push(Later::NthLast(Nth {
                of_type,
                a: 0,
                b: 1,
            }));
        }
        "empty" => c.later.push(Later::Empty),
        _ => c.later.push(Later::Root),
    }
}

/// Why a pseudo-class that a cleaner cannot answer (or does not know) is refused.
fn refused(name: &str) -> ParseError {
    match name {
        "style" | "remove-attr" | "remove-class" => ParseError::Action(format!(":{name}()")),
        "matches-css" | "matches-css-before" | "matches-css-after" => {
            format!("`:{name}()` needs computed styles, which a cleaner does not have").into()
        }
        "xpath" => "`:xpath()` is not supported".into(),
        "others" => "`:others()` is not supported".into(),
        "matches-media" => {
            "`:matches-media()` needs a screen, which a cleaner does not have".into()
        }
        "matches-prop" | "shadow" => {
            format!("`:{name}()` needs the page's scripts, which a cleaner does not run").into()
        }
        "scope" => "`:scope` is only supported at the start of `:has()`".into(),
        other => format!("unsupported pseudo-class `:{other}`").into(),
    }
}
