//! Rules as data: cosmetic rules (`lists/<category>.txt`, and filter lists users load) and
//! class/id word patterns (`tokens.txt`).
//!
//! Parsing is lenient, as in ad blockers: a line that cannot be used becomes a [`RuleError`] with its
//! file and line, and every other line still applies; lines meant for something else than a
//! cleaner (network filters, scriptlets, style rules) are counted and skipped (`list.rs`), and
//! each list loaded gets one [`ListSummary`]. The set is immutable once built; per request only
//! the choice of rules that apply to the page (its host, for `:matches-path()` its path) is made
//! ([`RuleSet::active_for`]).
//!
//! Rules come in two kinds. *Plain* ones (`selector/`) are decided when an element's start tag
//! arrives, from the element and its open ancestors, through an index by id, class, tag and
//! attribute. The others need what comes later — descendants (`:has()`), text
//! (`:has-text()`), later or earlier siblings (`:last-child`, `+`, `~`) — and are answered once
//! the document has been read (`later.rs`): pass 1 records which start-tag parts (*atoms*) each
//! element matched, and the selectors are evaluated over the whole tree.

mod later;
mod list;
mod regex;
mod selector;
mod tokens;

pub(crate) use self::later::Tree;
use self::later::{Eval, KeyIndex};
pub use self::list::ListSummary;
pub(crate) use self::selector::ElementData;
use self::selector::{Compound, Key, Procedural, TextPattern, NO_ATOM};
pub(crate) use self::tokens::{split_words, WeightKind};
pub use self::tokens::{TokenPattern, TokenTable};

use self::list::{classify, Domain, Line};
use crate::category::Category;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// One embedded list per category that has one: `src/rules/lists/<name>.txt` (the test
/// `every_list_file_is_embedded` checks the folder against this).
macro_rules! lists {
    ($($category:ident $name:literal),* $(,)?) => {
        &[$((
            Category::$category,
            concat!("rules/lists/", $name, ".txt"),
            include_str!(concat!("lists/", $name, ".txt")),
        )),*]
    };
}

/// The embedded rule lists: (category, file name, text).
pub(crate) static LISTS: &[(Category, &str, &str)] = lists![
    Ads "ads",
    Paywall "paywall",
    Membership "membership",
    Newsletter "newsletter",
    Consent "consent",
    Social "social",
    Related "related",
    Comments "comments",
    Navigation "navigation",
    Hidden "hidden",
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
    /// The selector as the matchers read it.
    pub(crate) compiled: Compiled,
    /// Hosts it is limited to (empty: all).
    include: Vec<Domain>,
    /// Hosts it never applies to.
    exclude: Vec<Domain>,
}

impl Rule {
    /// Whether the rule is one of the built-in lists' and applies on every site: a name blocks of
    /// its kind usually have, not a site's own rule.
    pub(crate) fn is_builtin_generic(&self) -> bool {
        self.include.is_empty() && LISTS.iter().any(|(_, file, _)| *file == &*self.source.file)
    }

    /// Whether the rule is answered once the whole page has been read (`:has()`, `:has-text()`,
    /// sibling combinators, `:last-child`, `:upward()`, …) rather than at the element's start tag.
    pub fn needs_whole_page(&self) -> bool {
        matches!(self.compiled, Compiled::Later(_))
    }
}

/// A selector as a matcher reads it.
#[derive(Debug, Clone)]
pub(crate) enum Compiled {
    /// Decided at the start tag: one complex selector per comma-separated part.
    Plain(Arc<[selector::Complex]>),
    /// Decided once the document has been read.
    Later(Arc<LaterRule>),
}

/// A rule answered after pass 1 (`later.rs`).
#[derive(Debug)]
pub(crate) struct LaterRule {
    list: Vec<Procedural>,
    /// `:matches-path()`: the page's path and query must match each.
    path: Vec<TextPattern>,
    /// The atoms its compounds use (sorted).
    atoms: Vec<u32>,
    /// Whether it reads text (`:has-text()`), which pass 1 then keeps.
    needs_text: bool,
}

/// `host#@#selector`: the rule with exactly this selector does not apply on these hosts.
#[derive(Debug, Clone)]
struct Exception {
    selector: String,
    include: Vec<Domain>,
    exclude: Vec<Domain>,
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
    lists: Vec<ListSummary>,
    /// Plain rules by what their selectors require of the element itself.
    index: KeyIndex,
    /// Start-tag parts of the compounds of later rules, each once.
    atoms: Vec<Arc<Compound>>,
    atom_ids: FastMap<Arc<Compound>, u32>,
    /// Rules decided after pass 1, in load order.
    later_rules: Vec<u32>,
    scope: Scope,
    /// How many rules and exceptions are filed (`reindex`).
    indexed: (usize, usize),
    /// How many of `lists` are the embedded ones.
    builtin_lists: usize,
}

/// The index's maps: looked up for every element, keyed by rule text. FxHash's multiply-rotate
/// (no `std` SipHash): the keys come from rule lists, and a page only looks them up.
pub(crate) type FastMap<K, V> = HashMap<K, V, FastHash>;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FastHash;

impl std::hash::BuildHasher for FastHash {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Rules and exceptions filed under the hosts they name, so that choosing the rules of a page
/// looks at its host's few, not at a list's twenty thousand.
#[derive(Debug, Clone, Default)]
struct Scope {
    generic: Vec<u32>,
    by_host: FastMap<String, Vec<u32>>,
    by_entity: FastMap<String, Vec<u32>>,
    by_regex: Vec<u32>,
    with_path: Vec<u32>,
    exc_generic: Vec<u32>,
    exc_by_host: FastMap<String, Vec<u32>>,
    exc_by_entity: FastMap<String, Vec<u32>>,
    exc_by_regex: Vec<u32>,
    /// Rules by selector, for every selector some exception names (an empty list when no rule
    /// has it).
    by_selector: FastMap<String, Vec<u32>>,
}

/// Why a cosmetic line was not added.
enum Skip {
    /// Counted with scriptlets and style rules (`:style()` and other actions).
    Other,
    Unsupported(String),
}

impl From<String> for Skip {
    fn from(s: String) -> Self {
        Skip::Unsupported(s)
    }
}

impl RuleSet {
    /// The embedded lists.
    pub fn builtin() -> Self {
        let mut set = RuleSet::default();
        for (category, file, text) in LISTS {
            set.add_text(file, text, *category, false);
        }
        set.builtin_lists = set.lists.len();
        set
    }

    /// Adds a list: rule text in the ad-blocker syntax, or a whole filter list as users have
    /// them (EasyList, uBlock Origin's). `file` names it in reports. With `directives`,
    /// `! category: name` comment lines switch the category of the lines that follow (for user
    /// rules). uBlock Origin's `!#if`/`!#else`/`!#endif` are followed as a cleaner answers them.
    ///
    /// Network filters, scriptlets and style rules are skipped and counted; cosmetic lines that
    /// cannot be used are recorded in [`RuleSet::errors`]. Returns the list's summary.
    pub fn add_text(
        &mut self,
        file: &str,
        text: &str,
        category: Category,
        directives: bool,
    ) -> ListSummary {
        let file_name: Arc<str> = Arc::from(file);
        let mut summary = ListSummary::new(file);
        let mut category = category;
        // `!#if` branches: whether each open one is off.
        let mut off_stack: Vec<bool> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let line = raw.trim();
            let error = |message: String| RuleError {
                file: file.to_string(),
                line: line_no,
                text: truncate(line, 200),
                message,
            };
            let off = off_stack.iter().any(|&o| o);
            let outcome: Result<(), Skip> = match classify(line) {
                Line::Blank => Ok(()),
                Line::Comment(comment) => {
                    if let Some(directive) = comment.strip_prefix('#') {
                        let (word, rest) = directive
                            .split_once(char::is_whitespace)
                            .unwrap_or((directive, ""));
                        match word {
                            "if" => off_stack.push(!list::condition(rest)),
                            "else" => {
                                if let Some(last) = off_stack.last_mut() {
                                    *last = !*last;
                                }
                            }
                            "endif" => {
                                off_stack.pop();
                            }
                            "include" if !off => {
                                let e = error(
                                    "`!#include` names another file: load that list too".into(),
                                );
                                summary.unsupported(&e);
                                self.errors.push(e);
                            }
                            _ => {}
                        }
                        continue;
                    }
                    match comment.trim().strip_prefix("category:") {
                        Some(name) if directives && !off => match name.trim().parse::<Category>() {
                            Ok(c) if c != Category::Unsafe => {
                                category = c;
                                Ok(())
                            }
                            Ok(_) => Err(Skip::Unsupported(
                                "`unsafe` is not a clutter category".into(),
                            )),
                            Err(e) => Err(Skip::Unsupported(e.to_string())),
                        },
                        _ => Ok(()),
                    }
                }
                _ if off => Ok(()),
                Line::Network => {
                    summary.network_skipped += 1;
                    Ok(())
                }
                Line::Other => Err(Skip::Other),
                Line::Cosmetic {
                    hosts,
                    selector,
                    exception,
                } => self
                    .add_cosmetic(hosts, selector, exception, category, &file_name, line_no)
                    .map(|()| summary.rules += 1),
            };
            match outcome {
                Ok(()) => {}
                Err(Skip::Other) => summary.other_skipped += 1,
                Err(Skip::Unsupported(message)) => {
                    let e = error(message);
                    summary.unsupported(&e);
                    self.errors.push(e);
                }
            }
        }
        self.reindex();
        self.lists.push(summary.clone());
        summary
    }

    fn add_cosmetic(
        &mut self,
        hosts: &str,
        selector: &str,
        exception: bool,
        category: Category,
        file: &Arc<str>,
        line: u32,
    ) -> Result<(), Skip> {
        if selector.is_empty() {
            return Err(Skip::Unsupported("empty selector".into()));
        }
        let (include, exclude) = list::parse_hosts(hosts)?;
        if exception {
            self.exceptions.push(Exception {
                selector: selector.to_string(),
                include,
                exclude,
            });
            return Ok(());
        }
        let compiled = self.compile(selector)?;
        self.rules.push(Rule {
            category,
            selector: selector.to_string(),
            source: RuleSource {
                file: file.clone(),
                line,
            },
            compiled,
            include,
            exclude,
        });
        Ok(())
    }

    /// Parses a selector for the matchers, explaining the usual reasons one is refused. (Plain
    /// selectors are the subset lol_html's parser accepts; checking each with it too took a
    /// quarter of the time EasyList takes to load, so the tests check it instead, on the
    /// shipped lists and on EasyList and uBlock Origin's.)
    fn compile(&mut self, selector: &str) -> Result<Compiled, Skip> {
        // Hostile rule text must not exhaust the stack of lol_html's recursive parser (ten
        // thousand nested `:not(` do) or our matchers; no real rule comes near these limits.
        if selector.len() > MAX_SELECTOR_BYTES {
            return Err(
                format!("unsupported selector: longer than {MAX_SELECTOR_BYTES} bytes").into(),
            );
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
                )
                .into());
            }
        }
        let mut parsed = selector::parse(selector).map_err(|e| match e {
            selector::ParseError::Action(_) => Skip::Other,
            selector::ParseError::Unsupported(m) => {
                Skip::Unsupported(format!("unsupported selector: {m}"))
            }
        })?;
        if parsed.is_plain() {
            return Ok(Compiled::Plain(
                parsed.list.into_iter().map(|p| p.complex).collect(),
            ));
        }
        let needs_text = parsed.needs_text();
        let mut atoms = Vec::new();
        let (all, ids) = (&mut self.atoms, &mut self.atom_ids);
        parsed.for_each_compound(&mut |c| {
            if c.is_universal_now() {
                c.atom = NO_ATOM;
                return;
            }
            let key = Arc::new(c.now_part());
            let next = u32::try_from(all.len()).unwrap_or(NO_ATOM - 1);
            let id = *ids.entry(key).or_insert_with_key(|k| {
                all.push(Arc::clone(k));
                next
            });
            c.atom = id;
            atoms.push(id);
        });
        crate::order::sort_by_key(&mut atoms, |&a| a);
        atoms.dedup();
        Ok(Compiled::Later(Arc::new(LaterRule {
            list: parsed.list,
            path: parsed.path,
            atoms,
            needs_text,
        })))
    }

    /// Files the rules and exceptions added since the last call (the index grows with each
    /// list; the rules already filed stay where they are).
    fn reindex(&mut self) {
        let (from_rule, from_exc) = self.indexed;
        let (index, scope) = (&mut self.index, &mut self.scope);
        for (r, rule) in self.rules.iter().enumerate().skip(from_rule) {
            let r32 = r as u32;
            match &rule.compiled {
                Compiled::Plain(list) => {
                    for c in list.iter() {
                        index.add(c.key(), r32);
                    }
                }
                Compiled::Later(l) => {
                    self.later_rules.push(r32);
                    if !l.path.is_empty() {
                        scope.with_path.push(r32);
                    }
                }
            }
            file_by_domain(
                &rule.include,
                r32,
                &mut scope.generic,
                &mut scope.by_host,
                &mut scope.by_entity,
                &mut scope.by_regex,
            );
        }
        // Selectors named by exceptions for the first time: the rules already filed that have
        // them are looked for once.
        let mut fresh: FastMap<String, Vec<u32>> = FastMap::default();
        for (e, exc) in self.exceptions.iter().enumerate().skip(from_exc) {
            file_by_domain(
                &exc.include,
                e as u32,
                &mut scope.exc_generic,
                &mut scope.exc_by_host,
                &mut scope.exc_by_entity,
                &mut scope.exc_by_regex,
            );
            if !scope.by_selector.contains_key(&exc.selector) {
                fresh.entry(exc.selector.clone()).or_default();
            }
        }
        if !fresh.is_empty() {
            for (r, rule) in self.rules.iter().enumerate().take(from_rule) {
                if let Some(list) = fresh.get_mut(&rule.selector) {
                    list.push(r as u32);
                }
            }
        }
        scope.by_selector.extend(fresh);
        for (r, rule) in self.rules.iter().enumerate().skip(from_rule) {
            if let Some(list) = scope.by_selector.get_mut(&rule.selector) {
                list.push(r as u32);
            }
        }
        self.indexed = (self.rules.len(), self.exceptions.len());
    }

    /// The first plain rule (in load order) among `active` whose selector matches `el`, whose
    /// open ancestors are `ancestors`.
    pub(crate) fn first_match(
        &self,
        active: &[bool],
        el: &ElementData,
        ancestors: &[ElementData],
    ) -> Option<usize> {
        let mut best: Option<u32> = None;
        self.index.candidates(el, &mut |r| {
            if best.is_some_and(|b| r >= b) || !active.get(r as usize).copied().unwrap_or(false) {
                return;
            }
            if let Some(Rule {
                compiled: Compiled::Plain(list),
                ..
            }) = self.rules.get(r as usize)
            {
                if list.iter().any(|c| c.matches(el, ancestors)) {
                    best = Some(r);
                }
            }
        });
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

    /// The summary of every list added, in order (the built-in lists first).
    pub fn lists(&self) -> &[ListSummary] {
        &self.lists
    }

    /// The summaries of the lists added after the embedded ones (users' rules and lists).
    pub fn user_lists(&self) -> &[ListSummary] {
        self.lists.get(self.builtin_lists..).unwrap_or(&[])
    }

    /// One line per user list that had lines skipped or unusable: its summary.
    pub fn warnings(&self) -> Vec<String> {
        self.user_lists()
            .iter()
            .filter(|l| l.has_skipped())
            .map(ToString::to_string)
            .collect()
    }

    /// Indices of the rules that apply on `host` (`None`: no URL given, only generic rules apply),
    /// exceptions taken into account.
    pub fn applicable(&self, host: Option<&str>) -> Vec<usize> {
        self.active(host, None)
            .iter()
            .enumerate()
            .filter(|(_, &on)| on)
            .map(|(i, _)| i)
            .collect()
    }

    /// Which rules apply on the page at `url` (by index): its host's and the generic ones,
    /// exceptions taken into account, `:matches-path()` tested on its path and query. Without a
    /// URL only generic rules apply.
    pub fn active_for(&self, url: Option<&str>) -> Vec<bool> {
        let host = url.and_then(host_of);
        let path = url.map(path_of);
        self.active(host.as_deref(), path.as_deref())
    }

    fn active(&self, host: Option<&str>, path: Option<&str>) -> Vec<bool> {
        let s = &self.scope;
        let mut active = vec![false; self.rules.len()];
        let applies = |r: &Rule| scope_applies(&r.include, &r.exclude, host);
        for &r in &s.generic {
            if let Some(rule) = self.rules.get(r as usize) {
                active[r as usize] = rule.exclude.is_empty() || applies(rule);
            }
        }
        let mut excepted: Vec<&str> = Vec::new();
        for &e in &s.exc_generic {
            if let Some(exc) = self.exceptions.get(e as usize) {
                if scope_applies(&exc.include, &exc.exclude, host) {
                    excepted.push(&exc.selector);
                }
            }
        }
        if let Some(h) = host {
            let mut host_rules: Vec<u32> = s.by_regex.clone();
            let mut host_exceptions: Vec<u32> = s.exc_by_regex.clone();
            for suffix in label_suffixes(h) {
                host_rules.extend(s.by_host.get(suffix).into_iter().flatten());
                host_exceptions.extend(s.exc_by_host.get(suffix).into_iter().flatten());
            }
            for name in list::entity_names(h) {
                host_rules.extend(s.by_entity.get(name).into_iter().flatten());
                host_exceptions.extend(s.exc_by_entity.get(name).into_iter().flatten());
            }
            for r in host_rules {
                if let Some(rule) = self.rules.get(r as usize) {
                    if applies(rule) {
                        active[r as usize] = true;
                    }
                }
            }
            for e in host_exceptions {
                if let Some(exc) = self.exceptions.get(e as usize) {
                    if scope_applies(&exc.include, &exc.exclude, host) {
                        excepted.push(&exc.selector);
                    }
                }
            }
        }
        for sel in excepted {
            for &r in s.by_selector.get(sel).into_iter().flatten() {
                active[r as usize] = false;
            }
        }
        for &r in &s.with_path {
            if !active[r as usize] {
                continue;
            }
            let ok = match (&self.rules[r as usize].compiled, path) {
                (Compiled::Later(l), Some(p)) => l.path.iter().all(|t| path_matches(t, p)),
                _ => false,
            };
            active[r as usize] = ok;
        }
        active
    }

    /// The later rules among `active`, and the atoms pass 1 must match for them; `None` when
    /// there are none.
    pub(crate) fn later_session(&self, active: &[bool]) -> Option<LaterSession> {
        let mut session = LaterSession::default();
        let mut atoms: Vec<u32> = Vec::new();
        for &r in &self.later_rules {
            if !active.get(r as usize).copied().unwrap_or(false) {
                continue;
            }
            if let Some(Rule {
                compiled: Compiled::Later(l),
                ..
            }) = self.rules.get(r as usize)
            {
                session.rules.push(r);
                session.needs_text |= l.needs_text;
                atoms.extend(l.atoms.iter().copied());
            }
        }
        if session.rules.is_empty() {
            return None;
        }
        crate::order::sort_by_key(&mut atoms, |&a| a);
        atoms.dedup();
        for a in atoms {
            if let Some(c) = self.atoms.get(a as usize) {
                session.index.add(c.key(), a);
            }
        }
        Some(session)
    }

    /// Pass 1, at a start tag: notes the atoms `el` (ordinal `ord`) matches.
    pub(crate) fn match_atoms(&self, session: &mut LaterSession, ord: u32, el: &ElementData) {
        let LaterSession { index, members, .. } = session;
        index.candidates(el, &mut |a| {
            if self.atoms.get(a as usize).is_some_and(|c| c.matches(el)) {
                let list = members.entry(a).or_default();
                if list.last() != Some(&ord) {
                    list.push(ord);
                }
            }
        });
    }

    /// After pass 1: calls `found(element, rule)` for every element a later rule names.
    pub(crate) fn answer_later(
        &self,
        session: &LaterSession,
        tree: &Tree,
        found: &mut dyn FnMut(u32, u32),
    ) {
        let mut eval = Eval::new(tree, &session.members);
        for &r in &session.rules {
            if let Some(Rule {
                compiled: Compiled::Later(l),
                ..
            }) = self.rules.get(r as usize)
            {
                if let Some(bits) = eval.rule(&l.list) {
                    for e in bits.ones() {
                        found(e, r);
                    }
                }
            }
        }
    }
}

/// What one page needs for its later rules: the rules, an index of their atoms, and the
/// elements pass 1 found matching each atom.
#[derive(Debug, Default)]
pub(crate) struct LaterSession {
    rules: Vec<u32>,
    index: KeyIndex,
    members: FastMap<u32, Vec<u32>>,
    /// Whether pass 1 must keep the page's text.
    pub(crate) needs_text: bool,
}

fn file_by_domain(
    include: &[Domain],
    id: u32,
    generic: &mut Vec<u32>,
    by_host: &mut FastMap<String, Vec<u32>>,
    by_entity: &mut FastMap<String, Vec<u32>>,
    by_regex: &mut Vec<u32>,
) {
    if include.is_empty() {
        generic.push(id);
    }
    for d in include {
        match d {
            Domain::Host(h) => by_host.entry(h.clone()).or_default().push(id),
            Domain::Entity(e) => by_entity.entry(e.clone()).or_default().push(id),
            Domain::Regex(_) => by_regex.push(id),
        }
    }
}

/// `a.b.example.com` → itself, `b.example.com`, `example.com`, `com`.
fn label_suffixes(host: &str) -> impl Iterator<Item = &str> {
    std::iter::once(host).chain(host.match_indices('.').map(move |(i, _)| &host[i + 1..]))
}

fn path_matches(p: &TextPattern, path: &str) -> bool {
    match p {
        TextPattern::Literal(s) => path.contains(s.as_str()),
        TextPattern::Regex(r) => {
            let mut budget = 1 << 20;
            r.is_match_within(path, &mut budget)
        }
    }
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Whether a rule scoped to `include`/`exclude` applies on `host`.
fn scope_applies(include: &[Domain], exclude: &[Domain], host: Option<&str>) -> bool {
    match host {
        None => include.is_empty(),
        Some(h) => {
            (include.is_empty() || include.iter().any(|d| d.matches(h)))
                && !exclude.iter().any(|d| d.matches(h))
        }
    }
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

/// The path and query of a URL (`https://x.org/a/b?c=1#d` → `/a/b?c=1`); `/` when it has none.
fn path_of(url: &str) -> String {
    let rest = url.trim().split_once("://").map_or(url, |(_, r)| r);
    let start = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let tail = &rest[start..];
    let tail = tail.split('#').next().unwrap_or("");
    if tail.is_empty() || tail.starts_with('?') {
        format!("/{tail}")
    } else {
        tail.to_string()
    }
}

/// The longest selector a rule may have.
const MAX_SELECTOR_BYTES: usize = 10_000;
/// How deeply parentheses and brackets may nest in a selector.
const MAX_SELECTOR_NESTING: usize = 16;

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
    fn every_list_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/lists");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("src/rules/lists")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|f| f.ends_with(".txt"))
            .collect();
        files.sort();
        let mut embedded: Vec<String> = LISTS
            .iter()
            .map(|(cat, file, _)| {
                let name = file.trim_start_matches("rules/lists/").to_string();
                assert_eq!(
                    name,
                    format!("{}.txt", cat.name()),
                    "{file} is not named for {cat}"
                );
                name
            })
            .collect();
        embedded.sort();
        assert_eq!(files, embedded);
    }

    #[test]
    fn every_shipped_rule_compiles() {
        let s = RuleSet::builtin();
        assert_eq!(s.errors(), &[] as &[RuleError]);
        for r in s.rules() {
            // Plain rules stay within what lol_html supports.
            assert!(
                r.needs_whole_page() || r.selector.parse::<lol_html::Selector>().is_ok(),
                "{}",
                r.selector
            );
        }
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
        let s = set("##.ok\n! comment\n##a:hover\n##.a:matches-css(color: red)\n##.fine > p\n||ads.example^\nexample.com##+js(x)\n##.c:has(.d)\n##.x:style(color: red)\n");
        assert_eq!(selectors(&s, None), [".ok", ".fine > p", ".c:has(.d)"]);
        let lines: Vec<u32> = s.errors().iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4]);
        assert!(s.errors()[0].message.contains(":hover"));
        assert!(s.errors()[1].message.contains("computed styles"));
        assert!(s.errors().iter().all(|e| e.file == "test.txt"));
        let sum = &s.lists()[0];
        assert_eq!(
            (
                sum.rules,
                sum.network_skipped,
                sum.other_skipped,
                sum.unsupported
            ),
            (3, 1, 2, 2)
        );
    }

    #[test]
    fn if_blocks_are_followed_as_a_cleaner_answers_them() {
        let s = set("!#if env_firefox\n##.firefox\n!#else\n##.not-firefox\n!#endif\n!#if ext_ublock\n!#if !cap_html_filtering\n##.nested\n!#endif\n!#endif\n!#if false\n##a:hover\n!#include other.txt\n!#endif\n!#include sub.txt\n");
        assert_eq!(selectors(&s, None), [".not-firefox", ".nested"]);
        assert_eq!(s.errors().len(), 1, "{:?}", s.errors());
        assert_eq!(s.errors()[0].line, 15);
    }

    #[test]
    fn entities_and_expressions_scope_rules() {
        let s = set("amazon.*##.sponsored\n/^shop\\d+\\.example\\.org$/##.promo\n~amazon.de,amazon.*##.only-not-de\nexample.org##.plain\n");
        assert_eq!(
            selectors(&s, Some("www.amazon.co.uk")),
            [".sponsored", ".only-not-de"]
        );
        assert_eq!(selectors(&s, Some("amazon.de")), [".sponsored"]);
        assert_eq!(
            selectors(&s, Some("shop12.example.org")),
            [".promo", ".plain"]
        );
        assert_eq!(selectors(&s, Some("shop.example.org")), [".plain"]);
        assert!(selectors(&s, None).is_empty());
    }

    #[test]
    fn matches_path_limits_a_rule_to_pages_whose_path_matches() {
        let s = set("example.com##:matches-path(/shop) .promo\nexample.com##:matches-path(/^\\/$/) .home-promo\n");
        let on = |url: &str| -> Vec<String> {
            s.active_for(Some(url))
                .iter()
                .enumerate()
                .filter(|(_, &a)| a)
                .map(|(i, _)| s.rules()[i].selector.clone())
                .collect()
        };
        assert_eq!(
            on("https://example.com/shop/item?x=1"),
            [":matches-path(/shop) .promo"]
        );
        assert_eq!(
            on("https://example.com/"),
            [":matches-path(/^\\/$/) .home-promo"]
        );
        assert_eq!(
            on("https://example.com"),
            [":matches-path(/^\\/$/) .home-promo"]
        );
        assert!(on("https://example.com/news").is_empty());
        assert!(s.active_for(None).iter().all(|a| !a));
    }

    #[test]
    fn exceptions_apply_to_later_rules_too() {
        let s = set("##.box:has(.ad)\nexample.com#@#.box:has(.ad)\n");
        assert!(selectors(&s, Some("example.com")).is_empty());
        assert_eq!(selectors(&s, Some("example.net")), [".box:has(.ad)"]);
    }

    const ARTICLE: &str = "<p>The harbour authority approved the new ferry timetable on Tuesday after months of consultation with islanders, fishermen and the companies that run the crossings, and said the changes would take effect in spring.</p>";

    /// Excerpts of what the rules removed from `body` (clean mode), in document order.
    fn removed_by(rules: &str, body: &str) -> Vec<String> {
        let mut cleaner = crate::Cleaner::new();
        let summary = cleaner.add_rules("test.txt", rules);
        assert_eq!(summary.unsupported, 0, "{summary}");
        let page = format!("<html><body><article>{ARTICLE}{body}{ARTICLE}</article></body></html>");
        let r = cleaner
            .clean(
                page.as_bytes(),
                &crate::CleanOptions::new()
                    .with_mode(crate::Mode::Clean)
                    .with_url("https://www.example.com/news/story"),
            )
            .expect("clean");
        r.removed
            .into_iter()
            .filter(|x| matches!(&x.reason, crate::Reason::Rule { file, .. } if file == "test.txt"))
            .map(|x| x.excerpt)
            .collect()
    }

    #[test]
    fn has_looks_at_descendants_children_and_following_siblings() {
        let body = r#"<div class="card"><span class="label">Sponsored</span> one</div>
<div class="card"><div><span class="label">Sponsored</span></div> two</div>
<div class="card"><em>three</em></div>
<div class="card">four</div><p class="ad-marker">m</p>
<div class="card">five</div>"#;
        assert_eq!(
            removed_by("##.card:has(.label)", body),
            ["Sponsored one", "Sponsored two"]
        );
        assert_eq!(removed_by("##.card:has(> .label)", body), ["Sponsored one"]);
        assert_eq!(removed_by("##.card:has(+ .ad-marker)", body), ["four"]);
        assert_eq!(
            removed_by("##.card:has(~ .ad-marker)", body),
            ["Sponsored one", "Sponsored two", "three", "four"]
        );
        assert_eq!(
            removed_by("##.card:not(:has(.label))", body),
            ["three", "four", "five"]
        );
        assert_eq!(
            removed_by("##.card:if-not(span, em)", body),
            ["four", "five"]
        );
        assert_eq!(
            removed_by("##.card:has(> div > .label)", body),
            ["Sponsored two"]
        );
        assert_eq!(removed_by("##.card:has(:scope > em)", body), ["three"]);
    }

    #[test]
    fn has_text_matches_strings_and_expressions_in_the_text_inside() {
        let body = r#"<div class="box"><b>Spon</b>sored by Acme</div>
<div class="box">Advertisement</div>
<div class="box">advertisement below</div>
<div class="box">Read more: the timetable</div>"#;
        assert_eq!(
            removed_by("##.box:has-text(Sponsored)", body),
            ["Spon sored by Acme"]
        );
        assert_eq!(
            removed_by("##.box:has-text(/^advertisement$/i)", body),
            ["Advertisement"]
        );
        assert_eq!(
            removed_by("##.box:has-text(/advertisement/i)", body),
            ["Advertisement", "advertisement below"]
        );
        assert_eq!(
            removed_by("##.box:-abp-contains(Acme)", body),
            ["Spon sored by Acme"]
        );
        assert_eq!(
            removed_by("##div:has(> b:has-text(Spon))", body),
            ["Spon sored by Acme"]
        );
        assert_eq!(
            removed_by("##.box:min-text-length(18)", body),
            ["advertisement below", "Read more: the timetable"]
        );
    }

    #[test]
    fn upward_names_an_ancestor() {
        let body = r#"<section class="slot"><div><span class="tag">Ad</span></div><p>Buy now</p></section>
<section class="slot"><div><span class="tag">News</span></div><p>Kept teaser</p></section>"#;
        assert_eq!(
            removed_by("##.tag:has-text(/^Ad$/):upward(2)", body),
            ["Ad Buy now"]
        );
        assert_eq!(
            removed_by("##.tag:has-text(/^Ad$/):upward(section)", body),
            ["Ad Buy now"]
        );
        assert_eq!(
            removed_by("##.tag:has-text(/^Ad$/):upward(1):remove()", body),
            ["Ad"]
        );
        assert!(removed_by("##.tag:upward(.nothing)", body).is_empty());
    }

    #[test]
    fn sibling_combinators_and_positions_from_the_end() {
        let body = r#"<ul class="l"><li>a1</li><li class="mark">a2</li><li>a3</li><li>a4</li></ul>
<h4 class="h">Partner content</h4><div class="x">b1</div><div class="x">b2</div>"#;
        assert_eq!(removed_by("##.mark + li", body), ["a3"]);
        assert_eq!(removed_by("##.mark ~ li", body), ["a3", "a4"]);
        assert_eq!(removed_by("##.h + .x", body), ["b1"]);
        assert_eq!(removed_by("##.h ~ .x", body), ["b1", "b2"]);
        assert_eq!(removed_by("##ul.l > li:last-child", body), ["a4"]);
        assert_eq!(removed_by("##ul.l > li:nth-last-child(2)", body), ["a3"]);
        assert_eq!(removed_by("##div.x:last-of-type", body), ["b2"]);
        assert_eq!(
            removed_by("##.l li:not(:first-child):not(:last-child)", body),
            ["a2", "a3"]
        );
    }

    #[test]
    fn matches_attr_empty_and_is() {
        let body = r#"<div data-k7x9q2="1">odd attribute</div><div class="empty"> </div><div class="empty"><i></i></div><h3 class="t">T3</h3><h4 class="t">T4</h4><h5 class="t">T5</h5>"#;
        assert_eq!(
            removed_by("##div:matches-attr(/^data-[a-z0-9]{6}$/)", body),
            ["odd attribute"]
        );
        assert_eq!(removed_by("##.empty:empty", body).len(), 1);
        assert_eq!(removed_by("##:is(h3, h5).t", body), ["T3", "T5"]);
    }

    #[test]
    fn the_first_rule_in_load_order_names_the_element() {
        let mut cleaner = crate::Cleaner::new();
        cleaner.add_rules("test.txt", "##.card:has(.label)\n##.card\n");
        let page = format!("<article>{ARTICLE}<div class=\"card\"><span class=\"label\">L</span></div>{ARTICLE}</article>");
        let r = cleaner
            .clean(
                page.as_bytes(),
                &crate::CleanOptions::new().with_mode(crate::Mode::Clean),
            )
            .expect("clean");
        let lines: Vec<u32> = r
            .removed
            .iter()
            .filter_map(|x| match &x.reason {
                crate::Reason::Rule { line, .. } => Some(*line),
                _ => None,
            })
            .collect();
        assert_eq!(lines, [1], "the `:has()` rule on line 1 comes first");
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
