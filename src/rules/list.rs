//! Filter lists as users have them (EasyList, uBlock Origin's lists, AdGuard's): which lines are
//! cosmetic rules for a cleaner, which are for something else and are skipped without a word
//! (network filters, scriptlets, style and HTML filters), and the one-line summary of a list.

use super::regex::{split_literal, Regex};
use super::RuleError;
use serde::Serialize;

/// How one list loaded: what was used, what was skipped, and the first lines that could not be
/// used (all of them are in [`RuleSet::errors`](super::RuleSet::errors)).
///
/// ```
/// use unclutter::{CleanOptions, Cleaner, Mode};
///
/// let list = [
///     "[Adblock Plus 2.0]",
///     "! Title: My list",
///     "||ads.example^$third-party",
///     "example.com##+js(set, adsAllowed, true)",
///     "##.sidebar:matches-css(float: right)",
///     "##.promo",
///     "##.card:has(> .sponsored-label)",
/// ]
/// .join("\n");
/// let mut cleaner = Cleaner::new();
/// let summary = cleaner.add_rules("my-list.txt", &list);
/// assert_eq!((summary.rules, summary.network_skipped, summary.other_skipped, summary.unsupported), (2, 1, 1, 1));
/// assert_eq!(summary.first_unsupported[0].line, 5);
/// println!("{summary}"); // my-list.txt: cosmetic rules loaded 2, network filters skipped 1, …
///
/// let page = br#"<article><p>The council approved the budget on Tuesday after a long debate about
/// the new bridge, the harbour and the schools.</p>
/// <div class="card"><span class="sponsored-label">Sponsored</span> Buy a boat</div></article>"#;
/// let r = cleaner.clean(page, &CleanOptions::new().with_mode(Mode::Clean)).unwrap();
/// assert!(!r.text.contains("Buy a boat"));
/// assert_eq!(r.warnings.len(), 1, "one line for the list, not one per filter");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListSummary {
    /// The name the list was loaded under (a file name, a URL, `rules`).
    pub name: String,
    /// Cosmetic rules loaded (`##`, `#?#`, exceptions `#@#` included).
    pub rules: usize,
    /// Network filters (`||ads.example^`, `@@…`, `/banner/*`): they block requests, which a
    /// cleaner does not make. Skipped.
    pub network_skipped: usize,
    /// Scriptlets (`##+js(…)`), style rules (`:style()`, `#$#`, `:remove-attr()`), HTML filters
    /// (`##^…`, `$$`): they change a live page rather than name elements to remove. Skipped.
    pub other_skipped: usize,
    /// Lines that were meant as cosmetic rules but could not be used.
    pub unsupported: usize,
    /// The first few of those (at most [`ListSummary::FIRST`]), with line and reason.
    pub first_unsupported: Vec<RuleError>,
}

impl ListSummary {
    /// How many unsupported lines a summary quotes.
    pub const FIRST: usize = 3;

    pub(crate) fn new(name: &str) -> Self {
        ListSummary {
            name: name.to_string(),
            ..ListSummary::default()
        }
    }

    pub(crate) fn unsupported(&mut self, e: &RuleError) {
        self.unsupported += 1;
        if self.first_unsupported.len() < Self::FIRST {
            self.first_unsupported.push(e.clone());
        }
    }

    /// Whether the summary has something to tell beyond the count of rules.
    pub fn has_skipped(&self) -> bool {
        self.network_skipped + self.other_skipped + self.unsupported > 0
    }
}

impl std::fmt::Display for ListSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: cosmetic rules loaded {}, network filters skipped {}, scriptlet/style/HTML rules skipped {}, unsupported {}",
            self.name, self.rules, self.network_skipped, self.other_skipped, self.unsupported
        )?;
        for (k, e) in self.first_unsupported.iter().enumerate() {
            let sep = if k == 0 { " (" } else { "; " };
            write!(f, "{sep}line {}: {} `{}`", e.line, e.message, e.text)?;
        }
        if !self.first_unsupported.is_empty() {
            if self.unsupported > self.first_unsupported.len() {
                write!(f, "; …")?;
            }
            write!(f, ")")?;
        }
        Ok(())
    }
}

/// What one line of a list is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line<'a> {
    /// Empty, a comment, a `[Adblock Plus 2.0]` header.
    Blank,
    /// A `!` comment (the caller reads directives from it).
    Comment(&'a str),
    Network,
    /// Scriptlet, style or HTML filter.
    Other,
    Cosmetic {
        hosts: &'a str,
        selector: &'a str,
        exception: bool,
    },
}

/// The markers between hosts and selector, longest first: (marker, exception, what it is).
const MARKERS: &[(&str, bool, Kind)] = &[
    ("#@$?#", true, Kind::Other),
    ("#@%#", true, Kind::Other),
    ("#@$#", true, Kind::Other),
    ("#@?#", true, Kind::Hide),
    ("#$?#", false, Kind::Other),
    ("#@#", true, Kind::Hide),
    ("#?#", false, Kind::Hide),
    ("#$#", false, Kind::Other),
    ("#%#", false, Kind::Other),
    ("##", false, Kind::Hide),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Hide,
    Other,
}

/// Classifies a trimmed line.
pub(crate) fn classify(line: &str) -> Line<'_> {
    if line.is_empty() || (line.starts_with('[') && line.ends_with(']') && !line.contains('#')) {
        return Line::Blank;
    }
    if let Some(c) = line.strip_prefix('!') {
        return Line::Comment(c);
    }
    // `# text` is a comment in hosts-style files; `###id`, `##.x` are rules.
    if line.starts_with("# ") || line == "#" {
        return Line::Blank;
    }
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(off) = line[from..].find('#') {
        let k = from + off;
        let rest = &line[k..];
        for &(marker, exception, kind) in MARKERS {
            if let Some(after) = rest.strip_prefix(marker) {
                let hosts = &line[..k];
                if !looks_like_hosts(hosts) {
                    // `||example.com/#ad` and the like: a network filter with a `#` in it.
                    return Line::Network;
                }
                let selector = after.trim();
                if kind == Kind::Other {
                    return Line::Other;
                }
                if selector.starts_with("+js(") || selector.starts_with('^') {
                    return Line::Other;
                }
                // `selector { remove: true; }` and `{ display: none !important; }` hide, as the
                // plain rule would; any other style block changes the page instead.
                let selector = match style_block(selector) {
                    Some((sel, true)) => sel,
                    Some((_, false)) => return Line::Other,
                    None => selector,
                };
                return Line::Cosmetic {
                    hosts,
                    selector,
                    exception,
                };
            }
        }
        from = k + 1;
        if from >= bytes.len() {
            break;
        }
    }
    // AdGuard's HTML filtering: `example.com$$script[…]`, `example.com$@$…`.
    let b = line.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'$'
            && (b.get(i + 1) == Some(&b'$')
                || (b.get(i + 1) == Some(&b'@') && b.get(i + 2) == Some(&b'$')))
        {
            if looks_like_hosts(&line[..i]) {
                return Line::Other;
            }
            break;
        }
    }
    Line::Network
}

/// `sel { declarations }`: the selector, and whether the declarations only hide or remove.
fn style_block(s: &str) -> Option<(&str, bool)> {
    let body = s.strip_suffix('}')?;
    let open = body.rfind(" {").or_else(|| body.rfind('{'))?;
    let sel = body[..open].trim();
    let decls: String = body[open..]
        .trim_start_matches([' ', '{'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let hides = decls.split(';').filter(|d| !d.is_empty()).all(|d| {
        matches!(
            d.trim_end_matches("!important"),
            "remove:true" | "display:none"
        )
    });
    (!sel.is_empty()).then_some((sel, hides && !decls.is_empty()))
}

/// Whether the part before a cosmetic marker is meant as a host list (even a malformed one),
/// rather than a network filter's pattern.
fn looks_like_hosts(s: &str) -> bool {
    if s.starts_with('/') && s.ends_with('/') && s.len() > 1 {
        return true; // a regular-expression host
    }
    !s.contains(['/', '|', '^', '$', '?', '&', '=', '@'])
}

/// A host a rule is limited to, or excluded from.
#[derive(Debug, Clone)]
pub(crate) enum Domain {
    /// `example.com`: the host and its subdomains.
    Host(String),
    /// `example.*`: `example.` followed by a public suffix (`example.com`, `example.co.uk`), and
    /// their subdomains.
    Entity(String),
    /// `/regex/`: hosts the expression matches.
    Regex(Regex),
}

impl Domain {
    pub(crate) fn matches(&self, host: &str) -> bool {
        match self {
            Domain::Host(d) => host_matches(host, d),
            Domain::Entity(e) => entity_matches(host, e),
            Domain::Regex(r) => {
                let mut budget = 1 << 16;
                r.is_match_within(host, &mut budget)
            }
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

/// Whether a host's last labels look like a public suffix: one label (`com`), or two whose first
/// is short (`co.uk`, `com.au`, `ne.jp`). Without the public-suffix list this is the usual
/// shape; `example.*` could in principle also match `example.abc.xyz`.
fn is_suffix_like(labels: &[&str]) -> bool {
    match labels {
        [one] => !one.is_empty(),
        [first, second] => !second.is_empty() && (1..=3).contains(&first.len()),
        _ => false,
    }
}

/// `amazon.co.uk` and `www.amazon.de` match the entity `amazon`.
pub(crate) fn entity_matches(host: &str, entity: &str) -> bool {
    entity_names(host).any(|name| name == entity)
}

/// The entity names a host could belong to: its label suffixes once a public-suffix-like end is
/// taken off (`www.amazon.co.uk` → `www.amazon`, `amazon`, and for the end `uk`: `www.amazon.co`,
/// `amazon.co`, `co`).
pub(crate) fn entity_names(host: &str) -> impl Iterator<Item = &str> {
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    let mut out = Vec::new();
    for r in 1..=2usize {
        if n <= r || !is_suffix_like(&labels[n - r..]) {
            continue;
        }
        // The host without its last `r` labels, and each of its label suffixes.
        let cut: usize = labels[n - r..].iter().map(|l| l.len() + 1).sum();
        let body = &host[..host.len() - cut];
        let mut start = 0;
        loop {
            out.push(&body[start..]);
            match body[start..].find('.') {
                Some(i) => start += i + 1,
                None => break,
            }
        }
    }
    out.into_iter()
}

/// `example.com,~ads.example.com,news.*,/^www\d+\.x\.org$/`: (include, exclude).
pub(crate) fn parse_hosts(list: &str) -> Result<(Vec<Domain>, Vec<Domain>), String> {
    let mut include = Vec::new();
    let mut exclude = Vec::new();
    // `*##.x` is uBlock Origin's way to write a generic rule.
    for part in list
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "*")
    {
        let (neg, name) = match part.strip_prefix('~') {
            Some(n) => (true, n),
            None => (false, part),
        };
        let domain = if let Some((pattern, flags)) = split_literal(name) {
            Domain::Regex(
                Regex::new(pattern, flags).map_err(|e| format!("host expression `{name}`: {e}"))?,
            )
        } else {
            let lower = name.to_ascii_lowercase();
            let (base, entity) = match lower.strip_suffix(".*") {
                Some(b) => (b.to_string(), true),
                None => (lower, false),
            };
            let valid = !base.is_empty()
                && !base.starts_with('.')
                && !base.ends_with('.')
                && base
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_');
            if !valid {
                return Err(format!("`{part}` is not a host name"));
            }
            if entity {
                Domain::Entity(base)
            } else {
                Domain::Host(base)
            }
        };
        if neg {
            exclude.push(domain);
        } else {
            include.push(domain);
        }
    }
    Ok((include, exclude))
}

/// uBlock Origin's `!#if` conditions, as a cleaner answers them: it reads uBlock Origin's syntax
/// (`ext_ublock`), and is no browser, no extension for one (`env_*`, `ext_ubol`), and does no
/// HTML filtering (`cap_html_filtering`). Anything else is false.
pub(crate) fn condition(expr: &str) -> bool {
    let tokens: Vec<String> = tokenize(expr);
    let mut pos = 0;
    or_expr(&tokens, &mut pos)
}

fn tokenize(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '&' || c == '|' {
            let two = chars.get(i + 1) == Some(&c);
            out.push(if c == '&' { "&&" } else { "||" }.to_string());
            i += if two { 2 } else { 1 };
        } else if c == '!' || c == '(' || c == ')' {
            out.push(c.to_string());
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            if i == start {
                i += 1;
                continue;
            }
            out.push(chars[start..i].iter().collect());
        }
    }
    out
}

fn or_expr(t: &[String], pos: &mut usize) -> bool {
    let mut v = and_expr(t, pos);
    while t.get(*pos).map(String::as_str) == Some("||") {
        *pos += 1;
        v |= and_expr(t, pos);
    }
    v
}

fn and_expr(t: &[String], pos: &mut usize) -> bool {
    let mut v = unary(t, pos);
    while t.get(*pos).map(String::as_str) == Some("&&") {
        *pos += 1;
        v &= unary(t, pos);
    }
    v
}

fn unary(t: &[String], pos: &mut usize) -> bool {
    // Bounded: a token is consumed on every path.
    match t.get(*pos).map(String::as_str) {
        Some("!") => {
            *pos += 1;
            !unary(t, pos)
        }
        Some("(") => {
            *pos += 1;
            let v = or_expr(t, pos);
            if t.get(*pos).map(String::as_str) == Some(")") {
                *pos += 1;
            }
            v
        }
        Some(name) => {
            *pos += 1;
            name == "ext_ublock"
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_classified_as_lists_write_them() {
        assert_eq!(classify(""), Line::Blank);
        assert_eq!(classify("[Adblock Plus 2.0]"), Line::Blank);
        assert_eq!(
            classify("! Title: EasyList"),
            Line::Comment(" Title: EasyList")
        );
        assert_eq!(classify("# a hosts-file comment"), Line::Blank);
        for net in [
            "||ads.example^",
            "@@||example.com^$generichide",
            "/banner/*/img^",
            "&ad_type=",
            "||example.com/#ad",
            "*_ad_$media,domain=youtube.com,3p",
        ] {
            assert_eq!(classify(net), Line::Network, "{net}");
        }
        for other in [
            "example.com##+js(set, x, 1)",
            "example.com#@#+js(set, x, 1)",
            "example.com##^script:has-text(ad)",
            "example.com#$#.x { display: none; }",
            "example.com#%#window.x = 1;",
            "example.com$$script[tag-content=\"ad\"]",
            "benzinga.com##.cUDaEv {margin-top:162px !important;}",
        ] {
            assert_eq!(classify(other), Line::Other, "{other}");
        }
        assert_eq!(
            classify("###ad-top"),
            Line::Cosmetic {
                hosts: "",
                selector: "#ad-top",
                exception: false
            }
        );
        assert_eq!(
            classify("a.com,~b.a.com#@#.promo"),
            Line::Cosmetic {
                hosts: "a.com,~b.a.com",
                selector: ".promo",
                exception: true
            }
        );
        assert_eq!(
            classify("x.org#?#div:-abp-has(.ad)"),
            Line::Cosmetic {
                hosts: "x.org",
                selector: "div:-abp-has(.ad)",
                exception: false
            }
        );
        assert_eq!(
            classify("dailystar.co.uk##[data-testid=\"box-1\"] {remove:true;}"),
            Line::Cosmetic {
                hosts: "dailystar.co.uk",
                selector: "[data-testid=\"box-1\"]",
                exception: false
            }
        );
        assert!(matches!(
            classify("x.org##.a { display: none !important; }"),
            Line::Cosmetic { selector: ".a", .. }
        ));
        assert!(matches!(
            classify("bad host!##.x"),
            Line::Cosmetic {
                hosts: "bad host!",
                ..
            }
        ));
    }

    #[test]
    fn entities_match_the_site_under_any_public_suffix() {
        for host in [
            "amazon.de",
            "www.amazon.co.uk",
            "amazon.com.au",
            "smile.amazon.com",
        ] {
            assert!(entity_matches(host, "amazon"), "{host}");
        }
        for host in [
            "amazon",
            "notamazon.com",
            "amazon.evil.example.com",
            "amazonia.de",
        ] {
            assert!(!entity_matches(host, "amazon"), "{host}");
        }
        assert!(entity_matches("www.google.com", "www.google"));
    }

    #[test]
    fn host_lists_parse_hosts_entities_and_expressions() {
        let (inc, exc) =
            parse_hosts("Example.com, news.*,~ads.example.com,/^www\\d\\.x\\.org$/").unwrap();
        assert_eq!(inc.len(), 3);
        assert_eq!(exc.len(), 1);
        assert!(inc[0].matches("www.example.com"));
        assert!(inc[1].matches("news.co.uk"));
        assert!(inc[2].matches("www2.x.org"));
        assert!(!inc[2].matches("www22.x.org"));
        assert!(exc[0].matches("ads.example.com"));
        assert!(parse_hosts("bad host!").is_err());
        assert!(parse_hosts(".example.com").is_err());
    }

    #[test]
    fn conditions_are_answered_as_a_cleaner() {
        assert!(condition("ext_ublock"));
        assert!(!condition("env_firefox"));
        assert!(condition("!env_mobile"));
        assert!(!condition("cap_html_filtering"));
        assert!(condition("!cap_html_filtering && !ext_ubol"));
        assert!(condition("env_chromium || ext_ublock"));
        assert!(!condition("!(ext_ublock)"));
        assert!(!condition(""));
        assert!(condition("((((!false"));
    }

    #[test]
    fn summary_reads_in_one_line() {
        let mut s = ListSummary::new("easylist.txt");
        s.rules = 10;
        s.network_skipped = 20;
        s.other_skipped = 1;
        for line in 1..=5 {
            s.unsupported(&RuleError {
                file: "easylist.txt".into(),
                line,
                text: "##a:hover".into(),
                message: "unsupported pseudo-class `:hover`".into(),
            });
        }
        assert_eq!(
            s.to_string(),
            "easylist.txt: cosmetic rules loaded 10, network filters skipped 20, scriptlet/style/HTML rules skipped 1, unsupported 5 (line 1: unsupported pseudo-class `:hover` `##a:hover`; line 2: unsupported pseudo-class `:hover` `##a:hover`; line 3: unsupported pseudo-class `:hover` `##a:hover`; …)"
        );
    }
}
