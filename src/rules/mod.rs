//! Rules as data: cosmetic rules (`lists/<category>.txt`) and class/id word patterns (`tokens.txt`).
//!
//! Parsing is lenient, as in ad blockers: a line that cannot be used becomes a [`RuleError`] with its
//! file and line, and every other line still applies. The set is immutable once built; per request
//! only the choice of rules that apply to the page's host is made ([`RuleSet::applicable`]).

mod selector;
mod tokens;

pub(crate) use self::selector::ElementData;
pub(crate) use self::tokens::{split_words, WeightKind};
pub use self::tokens::{TokenPattern, TokenTable};

use crate::category::Category;
use lol_html::Selector;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// The embedded rule lists: (category, file name, text).
pub(crate) static LISTS: &[(Category, &str, &str)] = &[
    (
        Category::Ads,
        "rules/lists/ads.txt",
        include_str!("lists/ads.txt"),
    ),
    (
        Category::Paywall,
        "rules/lists/paywall.txt",
        include_str!("lists/paywall.txt"),
    ),
    (
        Category::Membership,
        "rules/lists/membership.txt",
        include_str!("lists/membership.txt"),
    ),
    (
        Category::Newsletter,
        "rules/lists/newsletter.txt",
        include_str!("lists/newsletter.txt"),
    ),
    (
        Category::Consent,
        "rules/lists/consent.txt",
        include_str!("lists/consent.txt"),
    ),
    (
        Category::Social,
        "rules/lists/social.txt",
        include_str!("lists/social.txt"),
    ),
    (
        Category::Related,
        "rules/lists/related.txt",
        include_str!("lists/related.txt"),
    ),
    (
        Category::Comments,
        "rules/lists/comments.txt",
        include_str!("lists/comments.txt"),
    ),
    (
        Category::Navigation,
        "rules/lists/navigation.txt",
        include_str!("lists/navigation.txt"),
    ),
    (
        Category::Hidden,
        "rules/lists/hidden.txt",
        include_str!("lists/hidden.txt"),
    ),
];

/// Where a rule came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSource {
    /// File name (`rules/lists/ads.txt`, or the name given to user rules).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
}

/// One cosmetic rule: remove what `selector` matches, on the hosts it is scoped to.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Category of the file (or of the `! category:` directive) it came from.
    pub category: Category,
    /// The selector as written.
    pub selector: String,
    /// File and line.
    pub source: RuleSource,
    /// The selector as the matcher reads it (one per comma-separated part).
    pub(crate) compiled: Vec<selector::Complex>,
    /// Hosts it is limited to (empty: all).
    include: Vec<String>,
    /// Hosts it never applies to.
    exclude: Vec<String>,
}

/// `host#@#selector`: the rule with exactly this selector does not apply on these hosts.
#[derive(Debug, Clone)]
struct Exception {
    selector: String,
    include: Vec<String>,
    exclude: Vec<String>,
}

/// A line that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleError {
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// The line as written.
    pub text: String,
    /// Why it was skipped.
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {} (`{}`)",
            self.file, self.line, self.message, self.text
        )
    }
}

/// All cosmetic rules known to a cleaner.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    exceptions: Vec<Exception>,
    errors: Vec<RuleError>,
    index: RuleIndex,
}

/// Rules filed under what their selectors require of the element itself: `(rule, part)`.
#[derive(Debug, Clone, Default)]
struct RuleIndex {
    by_id: HashMap<String, Vec<(u32, u16)>>,
    by_class: HashMap<String, Vec<(u32, u16)>>,
    by_tag: HashMap<String, Vec<(u32, u16)>>,
    by_attr: HashMap<String, Vec<(u32, u16)>>,
    any: Vec<(u32, u16)>,
}

impl RuleSet {
    /// The embedded lists.
    pub fn builtin() -> Self {
        let mut set = RuleSet::default();
        for (category, file, text) in LISTS {
            set.add_text(file, text, *category, false);
        }
        set
    }

    /// Adds rule text. `file` names it in reports. With `directives`, `! category: name` comment
    /// lines switch the category of the lines that follow (for user rules).
    ///
    /// Returns how many rules and exceptions were added; unusable lines are recorded in
    /// [`RuleSet::errors`].
    pub fn add_text(
        &mut self,
        file: &str,
        text: &str,
        category: Category,
        directives: bool,
    ) -> usize {
        let file: Arc<str> = Arc::from(file);
        let mut category = category;
        let mut added = 0;
        for (i, raw) in text.lines().enumerate() {
            let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let line = raw.trim();
            if line.is_empty() || line.starts_with('[') {
                continue;
            }
            let error = |message: String| RuleError {
                file: file.to_string(),
                line: line_no,
                text: truncate(line, 200),
                message,
            };
            if let Some(comment) = line.strip_prefix('!') {
                if directives {
                    if let Some(name) = comment.trim().strip_prefix("category:") {
                        match name.trim().parse::<Category>() {
                            Ok(c) if c != Category::Unsafe => category = c,
                            Ok(_) => self
                                .errors
                                .push(error("`unsafe` is not a clutter category".into())),
                            Err(e) => self.errors.push(error(e.to_string())),
                        }
                    }
                }
                continue;
            }
            match parse_line(line) {
                Ok(Parsed::Rule { hosts, selector }) => match compile(selector) {
                    Ok(compiled) => {
                        let (include, exclude) = hosts;
                        self.rules.push(Rule {
                            category,
                            selector: selector.to_string(),
                            source: RuleSource {
                                file: file.clone(),
                                line: line_no,
                            },
                            compiled,
                            include,
                            exclude,
                        });
                        added += 1;
                    }
                    Err(message) => self.errors.push(error(message)),
                },
                Ok(Parsed::Exception { hosts, selector }) => {
                    let (include, exclude) = hosts;
                    self.exceptions.push(Exception {
                        selector: selector.to_string(),
                        include,
                        exclude,
                    });
                    added += 1;
                }
                Err(message) => self.errors.push(error(message)),
            }
        }
        self.reindex();
        added
    }

    fn reindex(&mut self) {
        let mut index = RuleIndex::default();
        for (r, rule) in self.rules.iter().enumerate() {
            for (part, c) in rule.compiled.iter().enumerate() {
                let entry = (r as u32, u16::try_from(part).unwrap_or(u16::MAX));
                match c.key() {
                    selector::Key::Id(k) => index.by_id.entry(k).or_default().push(entry),
                    selector::Key::Class(k) => index.by_class.entry(k).or_default().push(entry),
                    selector::Key::Tag(k) => index.by_tag.entry(k).or_default().push(entry),
                    selector::Key::Attr(k) => index.by_attr.entry(k).or_default().push(entry),
                    selector::Key::Any => index.any.push(entry),
                }
            }
        }
        self.index = index;
    }

    /// The first rule (in load order) among `active` whose selector matches `el`, whose open
    /// ancestors are `ancestors`.
    pub(crate) fn first_match(
        &self,
        active: &[bool],
        el: &ElementData,
        ancestors: &[ElementData],
    ) -> Option<usize> {
        let mut best: Option<u32> = None;
        let mut consider = |list: Option<&Vec<(u32, u16)>>| {
            for &(r, part) in list.into_iter().flatten() {
                if best.is_some_and(|b| r >= b) || !active.get(r as usize).copied().unwrap_or(false)
                {
                    continue;
                }
                let Some(c) = self
                    .rules
                    .get(r as usize)
                    .and_then(|rule| rule.compiled.get(usize::from(part)))
                else {
                    continue;
                };
                if c.matches(el, ancestors) {
                    best = Some(r);
                }
            }
        };
        if let Some(id) = &el.id {
            consider(self.index.by_id.get(id.as_str()));
        }
        for class in &el.classes {
            consider(self.index.by_class.get(class.as_str()));
        }
        consider(self.index.by_tag.get(el.tag.as_str()));
        for (name, _) in &el.attrs {
            consider(self.index.by_attr.get(name.as_str()));
        }
        consider(Some(&self.index.any));
        best.map(|b| b as usize)
    }

    /// Every rule, in load order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Lines that could not be used, with file and line.
    pub fn errors(&self) -> &[RuleError] {
        &self.errors
    }

    /// Indices of the rules that apply on `host` (`None`: no URL given, only generic rules apply),
    /// exceptions taken into account.
    pub fn applicable(&self, host: Option<&str>) -> Vec<usize> {
        // A set: a hundred thousand rules against as many exceptions must not take 10^10 steps.
        let active_exceptions: std::collections::HashSet<&str> = self
            .exceptions
            .iter()
            .filter(|e| scope_applies(&e.include, &e.exclude, host))
            .map(|e| e.selector.as_str())
            .collect();
        self.rules
            .iter()
            .enumerate()
            .filter(|(_, r)| scope_applies(&r.include, &r.exclude, host))
            .filter(|(_, r)| !active_exceptions.contains(&r.selector.as_str()))
            .map(|(i, _)| i)
            .collect()
    }
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Whether a rule scoped to `include`/`exclude` applies on `host`.
fn scope_applies(include: &[String], exclude: &[String], host: Option<&str>) -> bool {
    match host {
        None => include.is_empty(),
        Some(h) => {
            (include.is_empty() || include.iter().any(|d| host_matches(h, d)))
                && !exclude.iter().any(|d| host_matches(h, d))
        }
    }
}

/// `www.example.com` matches `example.com`; `badexample.com` does not.
pub(crate) fn host_matches(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

/// The lower-cased host of an absolute URL (`https://user@Www.Example.com:8080/x` → `www.example.com`).
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://").map(|(_, r)| r)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port
            .split_once(']')
            .map_or(host_port, |(h, _)| h)
            .trim_start_matches('[')
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

type Hosts = (Vec<String>, Vec<String>);

enum Parsed<'a> {
    Rule { hosts: Hosts, selector: &'a str },
    Exception { hosts: Hosts, selector: &'a str },
}

fn parse_line(line: &str) -> Result<Parsed<'_>, String> {
    for marker in ["#?#", "#$#", "#@?#", "#@$#", "#%#", "#@%#", "$$", "#$?#"] {
        if line.contains(marker) {
            return Err(format!(
                "`{marker}` (procedural, style-injection, scriptlet or HTML filtering) rules are not supported; only `##` and `#@#`"
            ));
        }
    }
    let (hosts, selector, exception) = if let Some((h, s)) = line.split_once("#@#") {
        (h, s, true)
    } else if let Some((h, s)) = line.split_once("##") {
        (h, s, false)
    } else {
        return Err("not a cosmetic rule (expected `##selector` or `host##selector`); network filters are not supported".into());
    };
    let selector = selector.trim();
    if selector.is_empty() {
        return Err("empty selector".into());
    }
    if selector.starts_with("+js(") || selector.starts_with('^') {
        return Err("scriptlet and HTML-filtering rules are not supported".into());
    }
    let hosts = parse_hosts(hosts)?;
    Ok(if exception {
        Parsed::Exception { hosts, selector }
    } else {
        Parsed::Rule { hosts, selector }
    })
}

fn parse_hosts(list: &str) -> Result<Hosts, String> {
    let mut include = Vec::new();
    let mut exclude = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (neg, name) = match part.strip_prefix('~') {
            Some(n) => (true, n),
            None => (false, part),
        };
        let name = name.to_ascii_lowercase();
        let valid = !name.is_empty()
            && !name.starts_with('.')
            && !name.ends_with('.')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !valid {
            return Err(format!("`{part}` is not a host name"));
        }
        if neg {
            exclude.push(name);
        } else {
            include.push(name);
        }
    }
    Ok((include, exclude))
}

/// The longest selector a rule may have.
const MAX_SELECTOR_BYTES: usize = 10_000;
/// How deeply parentheses and brackets may nest in a selector.
const MAX_SELECTOR_NESTING: usize = 16;

/// Checks a selector with lol_html's parser (rules must stay what lol_html supports) and parses
/// it for unclutter's matcher, explaining the usual reasons one is refused.
fn compile(selector: &str) -> Result<Vec<selector::Complex>, String> {
    // Hostile rule text must not exhaust the stack of lol_html's recursive parser (ten thousand
    // nested `:not(` do) or our matcher; no real rule comes near these limits.
    if selector.len() > MAX_SELECTOR_BYTES {
        return Err(format!(
            "unsupported selector: longer than {MAX_SELECTOR_BYTES} bytes"
        ));
    }
    let mut depth = 0usize;
    for c in selector.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_SELECTOR_NESTING {
            return Err(format!(
                "unsupported selector: nested more than {MAX_SELECTOR_NESTING} levels deep"
            ));
        }
    }
    let lower = selector.to_ascii_lowercase();
    for (needle, what) in [
        (
            ":has(",
            "`:has()` needs descendants, which a streaming rewriter cannot see",
        ),
        (":is(", "`:is()` is not supported by lol_html"),
        (":where(", "`:where()` is not supported by lol_html"),
        (":-abp-", "procedural `:-abp-` selectors are not supported"),
        (
            ":contains(",
            "`:contains()` needs the element's text, which a streaming rewriter cannot see",
        ),
        (
            ":has-text(",
            "`:has-text()` needs the element's text, which a streaming rewriter cannot see",
        ),
        (":upward(", "`:upward()` is not supported"),
        (":style(", "`:style()` is not supported"),
        (":remove(", "`:remove()` is not supported"),
    ] {
        if lower.contains(needle) {
            return Err(format!("unsupported selector: {what}"));
        }
    }
    if let Err(e) = selector.parse::<Selector>() {
        let msg = e.to_string();
        return Err(if msg.contains('+') || msg.contains('~') {
            format!(
                "unsupported selector: sibling combinators (`+`, `~`) need elements that come before, which lol_html does not keep ({msg})"
            )
        } else {
            format!("unsupported selector: {msg}")
        });
    }
    selector::parse(selector).map_err(|e| format!("unsupported selector: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> RuleSet {
        let mut s = RuleSet::default();
        s.add_text("test.txt", text, Category::Ads, true);
        s
    }

    fn selectors(s: &RuleSet, host: Option<&str>) -> Vec<String> {
        s.applicable(host)
            .into_iter()
            .map(|i| s.rules()[i].selector.clone())
            .collect()
    }

    #[test]
    fn every_shipped_rule_compiles() {
        let s = RuleSet::builtin();
        assert_eq!(s.errors(), &[] as &[RuleError]);
        assert!(s.rules().len() > 100, "only {} rules", s.rules().len());
        for (cat, file, _) in LISTS {
            assert!(
                s.rules()
                    .iter()
                    .any(|r| r.category == *cat && &*r.source.file == *file),
                "{file} has no rules"
            );
        }
    }

    #[test]
    fn unsupported_selectors_are_reported_with_file_and_line_and_the_rest_apply() {
        let s = set("##.ok\n! comment\n##.a:has(.b)\n##.a + .b\n##.c ~ .d\n##.fine > p\n||ads.example^\nexample.com#?#.x\n");
        assert_eq!(selectors(&s, None), [".ok", ".fine > p"]);
        let lines: Vec<u32> = s.errors().iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 7, 8]);
        assert!(s.errors()[0].message.contains(":has()"));
        assert!(s.errors()[1].message.contains("sibling"));
        assert!(s.errors().iter().all(|e| e.file == "test.txt"));
    }

    #[test]
    fn host_scoped_rules_apply_only_on_their_hosts_and_subdomains() {
        let s = set("example.com,news.org##.promo\n~example.com##.generic-x\n##.everywhere\n");
        // Without a URL, host-limited rules do not apply; "everywhere but" rules do.
        assert_eq!(selectors(&s, None), [".generic-x", ".everywhere"]);
        assert_eq!(
            selectors(&s, Some("www.example.com")),
            [".promo", ".everywhere"]
        );
        assert_eq!(
            selectors(&s, Some("badexample.com")),
            [".generic-x", ".everywhere"]
        );
        assert_eq!(
            selectors(&s, Some("news.org")),
            [".promo", ".generic-x", ".everywhere"]
        );
    }

    #[test]
    fn exceptions_win_on_their_hosts() {
        let s = set("##.sidebar\n##.promo\nexample.com#@#.sidebar\n");
        assert_eq!(selectors(&s, Some("example.com")), [".promo"]);
        assert_eq!(selectors(&s, Some("other.net")), [".sidebar", ".promo"]);
        let all = set("##.sidebar\n#@#.sidebar\n");
        assert!(selectors(&all, Some("x.y")).is_empty());
    }

    #[test]
    fn category_directive_switches_category_for_user_rules() {
        let s = set("##.a\n! category: social\n##.b\n! category: nonsense\n");
        let cats: Vec<Category> = s.rules().iter().map(|r| r.category).collect();
        assert_eq!(cats, [Category::Ads, Category::Social]);
        assert_eq!(s.errors().len(), 1);
        assert!(s.errors()[0].message.contains("nonsense"));
    }

    #[test]
    fn host_of_handles_ports_users_and_case() {
        assert_eq!(
            host_of("https://user@Www.Example.com:8080/x?y").as_deref(),
            Some("www.example.com")
        );
        assert_eq!(
            host_of("http://example.org").as_deref(),
            Some("example.org")
        );
        assert_eq!(host_of("example.org/path"), None);
        assert_eq!(host_of("https:///x"), None);
    }
}
