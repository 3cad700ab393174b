//! Between the passes: which elements go, and why.
//!
//! Evidence, strongest first: a cosmetic rule; a hidden-content signal; a word pattern on
//! `class`/`id`/`data-*`; the markup's structure (landmarks, overlays, sign-up forms); the element's
//! own words (short call-to-action-like blocks). Weaker evidence is vetoed more readily. Whatever
//! the evidence, an element holding most of the page's prose (the article, or what wraps it) is
//! never removed whole: a paywall wrapper around it is unwrapped instead, and its clutter children
//! are judged on their own.
//!
//! Here: the plan, the page's context (`Ctx`) and clean mode's walk (`clutter`). The evidence is
//! gathered in `evidence.rs` (phrase blocks in `phrase_block.rs`), refused in `vetoes.rs`;
//! teaser cards and listings are `teasers.rs`; article mode is `article.rs`.

mod article;
mod evidence;
mod page_type;
mod phrase_block;
mod teasers;
mod vetoes;

use std::collections::{HashMap, HashSet};

use evidence::candidates;
use page_type::Answer;
use teasers::{card_page, listings};
use vetoes::vetoed;

use crate::analysis::metadata::{title_share, title_words};
use crate::analysis::{flag, Analysis, Record, Records, NONE, PROSE_MIN};
use crate::category::{Category, CategorySet, PHRASE_ORDER};
use crate::lexicon::Lexicon;
use crate::options::Mode;
use crate::page_kind::{PageKind, PageType};
use crate::report::{Action, Reason, Removal};
use crate::rules::{RuleSet, TokenTable};
use crate::sanitize;

/// A phrase-judged block needs at least this phrase score in its category.
const PHRASE_MIN_SCORE: u32 = 3;
/// Article mode answers with clean mode's plan when the page does not say it is an article and
/// the article it found keeps under 3/10 of the text clean mode keeps: the page is a listing, a
/// thread, a shop's or a service's page.
const ARTICLE_PAGE_SHARE: (u64, u64) = (3, 10);
/// A byline block is at most this many visible characters: a name or two and a date.
const BYLINE_BLOCK_MAX: u32 = 160;
/// Visible characters between the headline and a block still in the story's header (a byline
/// after a dateline, a standfirst).
const STORY_HEADER_GAP: u32 = 200;
/// The page's headline is an `h1` with at least half of its words in the title.
const HEADLINE_SHARE: f32 = 0.5;
/// A row of cards: this many elements a token pattern marks share a parent or a grandparent.
const CARD_ROW_MIN: u32 = 4;
/// An element starts right after the headline when it is at most this many elements past the
/// headline's end: a story header's byline, date and share buttons.
const HEADLINE_NEXT_ELEMENTS: u32 = 3;
/// Most of the page's prose or text is more than 1/this of it (the article, or what wraps it).
const MOST_SHARE: u64 = 2;
/// A block is link-dense (a list of links) when at least 1/this of its text is in links.
const LINK_DENSE_SHARE: u64 = 2;
/// A comment thread is beside an article when the prose outside it is at least 1/this of the
/// page's: the article's own words, not a headline over a page of comments.
const THREAD_ARTICLE_SHARE: u64 = 5;
/// Looking up from an inline element for the block it is in stops after this many ancestors.
const INLINE_DEPTH_MAX: u32 = 64;
/// A block is nothing but links when its links hold at least this share of its text (9/10): a
/// bar of links, a teaser card.
const ALL_LINKS_SHARE: (u64, u64) = (9, 10);

/// What pass 2 does with an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Keep,
    /// Removed with its content; index into the removals.
    Remove(u32),
    /// Tags removed, content kept; index into the removals.
    Unwrap(u32),
    /// Inside a removed element.
    Inside,
    /// Article mode: an ancestor of the article; its tags stay, its own text goes.
    Skeleton,
}

/// The decisions for one document.
pub(crate) struct Plan {
    pub verdicts: Vec<Verdict>,
    pub removals: Vec<Removal>,
    /// Article mode found no convincing article and gave clean mode's plan.
    pub fell_back: bool,
    /// What kind of page this is.
    pub page_type: PageType,
}

impl Plan {
    /// An element nested too deep for pass 1 (`flag::FLATTENED`) is not removed on its own: its
    /// records hold none of the content lol_html would delete with it. (What holds it can be.)
    fn spare_flattened(&mut self, recs: &Records) {
        let mut dropped = Vec::new();
        for (v, r) in self.verdicts.iter_mut().zip(recs) {
            if let Verdict::Remove(idx) = *v {
                if r.has(flag::FLATTENED) {
                    *v = Verdict::Keep;
                    dropped.push(idx);
                }
            }
        }
        self.forget(&dropped);
    }

    /// Drops removals (by index) whose elements ended up inside a larger removal.
    fn forget(&mut self, dropped: &[u32]) {
        if dropped.is_empty() {
            return;
        }
        let mut gone = vec![false; self.removals.len()];
        for &d in dropped {
            if let Some(g) = gone.get_mut(d as usize) {
                *g = true;
            }
        }
        let mut new_index = vec![0u32; self.removals.len()];
        let mut next = 0u32;
        for (i, g) in gone.iter().enumerate() {
            new_index[i] = next;
            if !g {
                next += 1;
            }
        }
        for v in &mut self.verdicts {
            if let Verdict::Remove(idx) | Verdict::Unwrap(idx) = v {
                *idx = new_index.get(*idx as usize).copied().unwrap_or(*idx);
            }
        }
        let mut i = 0;
        self.removals.retain(|_| {
            let keep = !gone[i];
            i += 1;
            keep
        });
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    Rule,
    Hidden,
    Token,
    Structure,
    Phrase,
}

struct Candidate {
    category: Category,
    reason: Reason,
    strength: Strength,
}

struct Ctx<'a> {
    recs: &'a Records,
    analysis: &'a Analysis,
    rules: &'a RuleSet,
    tokens: &'a TokenTable,
    lex: &'a Lexicon,
    total_prose: u64,
    /// Visible characters of the whole page.
    total_text: u64,
    core: Option<u32>,
    keep: CategorySet,
    keep_ids: &'a [u32],
    /// The page's headline: the `h1` most like the title.
    headline: Option<u32>,
    /// Article mode: elements the reader keeps (a kept category, a restored removal) and
    /// everything inside them; empty when the reader keeps nothing.
    reader_kept: Vec<bool>,
    /// Rules set aside on this page: their removals would take most of its prose.
    broad_rules: Vec<u32>,
    /// Per element: restored by the reader, or inside an element that is (empty: none is).
    restored: Vec<bool>,
    /// The page's main repeated structure is teaser cards (a listing, a collection's grid):
    /// they are its content, not teasers beside it.
    card_page: bool,
    /// Lists of teaser cards that are the page's listing (`listings`): ordinal and last
    /// descendant, in document order.
    listings: Vec<(u32, u32)>,
    /// The page says it is a thread (a forum's posting, a question page): its replies are its
    /// content, not comments beside it.
    thread: bool,
    /// The token patterns that mark a row of cards (`card_tokens`).
    card_tokens: HashSet<u32>,
}

impl Ctx<'_> {
    /// Whether the reader asked for element `ord` back, or for an element around it: a restored
    /// removal comes back whole, as it was reported.
    fn restored(&self, ord: u32) -> bool {
        self.restored.get(ord as usize).copied().unwrap_or(false)
    }

    /// Whether the reader keeps element `ord` (see `reader_kept`).
    fn kept_by_reader(&self, ord: u32) -> bool {
        self.reader_kept.get(ord as usize).copied().unwrap_or(false)
    }

    /// Whether `r` (element `ord`) holds the page's headline and is not a bar of links.
    fn holds_headline(&self, ord: u32, r: &Record) -> bool {
        // A bar of links around the headline (breadcrumbs) is not the headline's block; a story
        // header with the headline, a byline or date and share links is.
        self.headline.is_some_and(|h| h >= ord && h <= r.last_desc)
            && (!link_dense(r) || r.bylines > 0)
    }

    /// Whether element `ord` starts right after the headline ends: where a story header puts its
    /// byline, date and share buttons together.
    fn just_after_headline(&self, ord: u32) -> bool {
        self.headline.is_some_and(|h| {
            h < ord
                && self
                    .recs
                    .get(h as usize)
                    .is_some_and(|hr| ord <= hr.last_desc.saturating_add(HEADLINE_NEXT_ELEMENTS))
        })
    }

    /// Whether `r` (element `ord`) is a byline: short, naming an author (`flag::AUTHOR_LINK`),
    /// and either right after the headline or not a bar of links. A built-in name (`nav`,
    /// `.breadcrumb`) does not make it navigation.
    fn byline_block(&self, ord: u32, r: &Record) -> bool {
        r.has(flag::AUTHOR_LINK)
            && r.text <= BYLINE_BLOCK_MAX
            && (self.in_story_header(ord, r) || !link_dense(r))
    }

    /// Whether `r` (element `ord`) starts after the headline with at most a line of text between
    /// them: the story's header, where its byline, date and standfirst go.
    fn in_story_header(&self, ord: u32, r: &Record) -> bool {
        self.headline
            .and_then(|h| self.recs.get(h as usize))
            .is_some_and(|hr| {
                ord > hr.last_desc
                    && r.start_pos
                        .saturating_sub(hr.start_pos.saturating_add(hr.text))
                        <= STORY_HEADER_GAP
            })
    }

    /// Whether element `ord` is inside one of the page's listings (`listings`).
    fn in_listing(&self, ord: u32) -> bool {
        let i = self.listings.partition_point(|&(o, _)| o <= ord);
        i > 0 && ord <= self.listings[i - 1].1
    }

    /// Whether `r` (element `ord`) is one of the page's listings or holds one.
    fn holds_listing(&self, ord: u32, r: &Record) -> bool {
        let i = self.listings.partition_point(|&(o, _)| o < ord);
        self.listings.get(i).is_some_and(|&(o, _)| o <= r.last_desc)
    }

    fn tag(&self, r: &Record) -> &str {
        self.analysis.tag_name(r.tag)
    }

    /// Whether `r` holds most of the page's prose, or most of its text without being a list of
    /// links: the article, a product grid or a listing (items with prices and labels are text
    /// but not prose), or what wraps it.
    fn holds_most_prose(&self, r: &Record) -> bool {
        if self.total_prose > 0 {
            u64::from(r.prose) * MOST_SHARE > self.total_prose || self.holds_most_text(r)
        } else {
            u64::from(r.text) * MOST_SHARE > self.total_text
        }
    }

    /// Whether `r` holds most of the page's text and is not a list of links (a product grid, a
    /// listing's items, an article, or what wraps one).
    fn holds_most_text(&self, r: &Record) -> bool {
        u64::from(r.text) * MOST_SHARE > self.total_text && !link_dense(r)
    }

    /// A comment thread (as a rule names it: callers check that the evidence is a rule) beside an
    /// article that has its own headline and prose: readers' comments can outnumber the article's
    /// words, and are still not the article.
    fn thread_beside_article(&self, ord: u32, r: &Record, category: Category) -> bool {
        category == Category::Comments
            && self.headline.is_some_and(|h| h < ord || h > r.last_desc)
            && self.total_prose.saturating_sub(u64::from(r.prose)) * THREAD_ARTICLE_SHARE
                >= self.total_prose
    }

    fn in_core(&self, ord: u32) -> bool {
        self.core
            .is_some_and(|c| ord > c && ord <= self.recs[c as usize].last_desc)
    }

    /// An inline element inside a paragraph of prose: removing it would cut words out of the text.
    fn inline_in_prose(&self, r: &Record) -> bool {
        if r.has(flag::BLOCK) {
            return false;
        }
        let mut p = r.parent;
        for _ in 0..INLINE_DEPTH_MAX {
            if p == NONE {
                return false;
            }
            let pr = &self.recs[p as usize];
            if pr.has(flag::BLOCK) {
                return pr.has(flag::PROSE);
            }
            p = pr.parent;
        }
        false
    }

    /// Removing an element lol_html closes implicitly deletes up to its parent's end: refuse when
    /// that would take prose with it.
    fn unclosed_with_prose(&self, r: &Record) -> bool {
        !r.has(flag::EXPLICIT_CLOSE) && !r.has(flag::VOID) && r.prose >= PROSE_MIN
    }

    fn phrase_text(&self, id_plus_one: u32) -> (String, String) {
        self.lex
            .phrase(id_plus_one.wrapping_sub(1))
            .map_or((String::new(), String::new()), |p| {
                (p.text.clone(), p.lang.to_string())
            })
    }

    /// The phrase category with the highest score, and that score.
    fn phrase_category(&self, r: &Record) -> Option<(Category, u32)> {
        let mut best: Option<(Category, u32)> = None;
        for c in PHRASE_ORDER {
            let s = u32::from(r.phrase_score[c.index()]);
            if s > 0 && best.is_none_or(|(_, b)| s > b) {
                best = Some((c, s));
            }
        }
        best
    }
}

/// What `decide` judges a page by: the page as pass 1 saw it, the cleaner's rules and lexicons,
/// and what the reader asked for.
#[derive(Clone, Copy)]
pub(crate) struct Inputs<'a> {
    /// Pass 1's records and metadata.
    pub analysis: &'a Analysis,
    /// The page's title, by which its headline is found.
    pub title: Option<&'a str>,
    /// The cosmetic rules.
    pub rules: &'a RuleSet,
    /// The class-word patterns.
    pub tokens: &'a TokenTable,
    /// The phrase lexicons.
    pub lex: &'a Lexicon,
    /// Clean or article mode.
    pub mode: Mode,
    /// The categories the reader keeps.
    pub keep: CategorySet,
    /// The elements (ordinals, sorted) the reader restored.
    pub keep_ids: &'a [u32],
}

/// Decides every element's fate.
pub(crate) fn decide(inputs: Inputs<'_>) -> Plan {
    let recs = inputs.analysis.records();
    let mut plan = make_plan(inputs);
    plan.spare_flattened(recs);
    plan
}

/// The plan, before `Plan::spare_flattened`.
fn make_plan(inputs: Inputs<'_>) -> Plan {
    let Inputs {
        analysis,
        title,
        rules,
        tokens,
        lex,
        mode,
        keep,
        keep_ids,
    } = inputs;
    let recs = analysis.records();
    let total_prose: u64 = recs
        .iter()
        .filter(|r| r.parent == NONE)
        .map(|r| u64::from(r.prose))
        .sum();
    let core = if total_prose >= u64::from(PROSE_MIN) {
        recs.iter()
            .rposition(|r| u64::from(r.prose) * MOST_SHARE > total_prose)
            .map(|i| i as u32)
    } else {
        None
    };
    let headline = headline(analysis, title);
    let total_text: u64 = recs
        .iter()
        .filter(|r| r.parent == NONE)
        .map(|r| u64::from(r.text))
        .sum();
    let mut ctx = Ctx {
        recs,
        analysis,
        rules,
        tokens,
        lex,
        total_prose,
        total_text,
        core,
        keep,
        keep_ids,
        headline,
        reader_kept: Vec::new(),
        broad_rules: Vec::new(),
        restored: restored(recs, keep_ids),
        card_page: card_page(analysis, total_text, total_prose),
        listings: listings(analysis, headline),
        thread: matches!(analysis.meta().declared_kind(), Some((PageKind::Forum, _))),
        card_tokens: card_tokens(recs),
    };
    let mut plan = clutter(&ctx, keep);
    let broad = broad_rules(&ctx, &plan);
    if !broad.is_empty() {
        ctx.broad_rules = broad;
        plan = clutter(&ctx, keep);
    }
    if mode == Mode::Clean {
        plan.page_type = page_type::classify(&ctx, Answer::NotAsked);
        return plan;
    }
    if !keep.is_empty() || !keep_ids.is_empty() {
        ctx.reader_kept = reader_kept(&ctx);
    }
    // As Readability does: first without the unlikely places, then, if that leaves too little,
    // with them; failing both, clean mode's plan, marked as a fallback.
    let mut answer = Answer::NoArticle;
    let page = kept_text(&ctx, &plan);
    for strip_unlikely in [true, false] {
        let mut attempt = clutter(&ctx, keep);
        if !article::apply(&ctx, &mut attempt, title, strip_unlikely).fell_back {
            let found = kept_text(&ctx, &attempt);
            let share = (found * 100 / page.max(1)).min(100) as u8;
            if !analysis.meta().declares_article()
                && found * ARTICLE_PAGE_SHARE.1 < page * ARTICLE_PAGE_SHARE.0
            {
                // The page does not say it is an article, and what was found is a small part of
                // what the page holds besides clutter: a listing, a thread, a shop's or a
                // service's page, whose content is the page minus its clutter.
                answer = Answer::SmallPart { share };
                break;
            }
            attempt.page_type = page_type::classify(&ctx, Answer::Article { share });
            return attempt;
        }
    }
    Plan {
        fell_back: true,
        page_type: page_type::classify(&ctx, answer),
        ..plan
    }
}

/// The text a plan keeps: the page's, less what it removes and the skeleton's own text.
fn kept_text(ctx: &Ctx<'_>, plan: &Plan) -> u64 {
    let mut in_children = vec![0u64; ctx.recs.len()];
    for r in ctx.recs {
        if let Some(c) = in_children.get_mut(r.parent as usize) {
            *c += u64::from(r.text);
        }
    }
    let mut kept = ctx.total_text;
    for ((r, v), children) in ctx.recs.iter().zip(&plan.verdicts).zip(&in_children) {
        let gone = match v {
            Verdict::Remove(_) => u64::from(r.text),
            Verdict::Skeleton => u64::from(r.text).saturating_sub(*children),
            _ => 0,
        };
        kept = kept.saturating_sub(gone);
    }
    kept
}

/// Elements the reader restored and everything inside them, in one pass in document order (a
/// walk up from every element would be quadratic on deep pages).
fn restored(recs: &Records, keep_ids: &[u32]) -> Vec<bool> {
    if keep_ids.is_empty() {
        return Vec::new();
    }
    let mut out = vec![false; recs.len()];
    for (i, r) in recs.iter().enumerate() {
        out[i] = keep_ids.binary_search(&(i as u32)).is_ok()
            || (r.parent != NONE && out.get(r.parent as usize).copied().unwrap_or(false));
    }
    out
}

/// Rules (indices) whose removals in `plan` hold more than half of the page's prose. A rule names
/// clutter; one that takes the article with it (`##p`, `##*`, `##div` on a page of divs) names
/// nothing in particular, and is not applied to the page. Each element holding most of the prose
/// is protected on its own already; this covers many elements that hold it together.
fn broad_rules(ctx: &Ctx<'_>, plan: &Plan) -> Vec<u32> {
    if ctx.total_prose == 0 {
        return Vec::new();
    }
    let mut prose_by_rule: std::collections::HashMap<u32, u64> = std::collections::HashMap::new();
    for (i, v) in plan.verdicts.iter().enumerate() {
        let Verdict::Remove(idx) = v else {
            continue;
        };
        let Some(removal) = plan.removals.get(*idx as usize) else {
            continue;
        };
        let by_rule = matches!(removal.reason, Reason::Rule { .. });
        let r = &ctx.recs[i];
        if by_rule
            && r.rule > 0
            && r.prose > 0
            && !ctx.thread_beside_article(i as u32, r, removal.category)
        {
            *prose_by_rule.entry(r.rule - 1).or_default() += u64::from(r.prose);
        }
    }
    let mut broad: Vec<u32> = prose_by_rule
        .into_iter()
        .filter(|(_, prose)| prose * MOST_SHARE > ctx.total_prose)
        .map(|(rule, _)| rule)
        .collect();
    broad.sort_unstable();
    broad
}

/// Marks what the reader keeps whole in article mode: an element whose strongest clutter evidence
/// names a kept category, or a restored removal, and everything inside either. Article mode's own
/// judgements (unlikely places, outside the article, blocks unlike it) do not reach inside.
fn reader_kept(ctx: &Ctx<'_>) -> Vec<bool> {
    let mut kept = vec![false; ctx.recs.len()];
    for (i, r) in ctx.recs.iter().enumerate() {
        let ord = i as u32;
        kept[i] = (r.parent != NONE && kept.get(r.parent as usize).copied().unwrap_or(false))
            || ctx.keep_ids.binary_search(&ord).is_ok()
            || (!ctx.keep.is_empty()
                && candidates(ctx, ord, r)
                    .first()
                    .is_some_and(|c| ctx.keep.contains(c.category)));
    }
    kept
}

/// The page's headline: the `h1` whose words are most the title's (at least half), else the
/// first `h1` in an article region, else the first `h1`.
fn headline(analysis: &Analysis, title: Option<&str>) -> Option<u32> {
    let title = title.map(title_words).unwrap_or_default();
    let h1s: Vec<&(u32, String)> = analysis
        .headings()
        .iter()
        .filter(|(o, _)| analysis.tag_name(analysis.records()[*o as usize].tag) == "h1")
        .collect();
    let best = h1s
        .iter()
        .map(|(o, text)| (*o, title_share(&title_words(text), &title)))
        .filter(|(_, sim)| *sim >= HEADLINE_SHARE)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(o, _)| o);
    best.or_else(|| {
        h1s.iter()
            .find(|(o, _)| analysis.records()[*o as usize].has(flag::IN_ARTICLE))
            .map(|(o, _)| *o)
    })
    .or_else(|| h1s.first().map(|(o, _)| *o))
}

/// Clean mode: every element judged on its own evidence.
fn clutter(ctx: &Ctx<'_>, keep: CategorySet) -> Plan {
    let recs = ctx.recs;
    let mut verdicts = vec![Verdict::Keep; recs.len()];
    let mut removals = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        let ord = i as u32;
        if r.parent != NONE
            && matches!(
                verdicts.get(r.parent as usize),
                Some(Verdict::Remove(_) | Verdict::Inside)
            )
        {
            verdicts[i] = Verdict::Inside;
            continue;
        }
        let tag = ctx.tag(r);
        if matches!(tag, "html" | "head" | "body")
            || (r.has(flag::IN_HEAD) && tag != "unclutter-noscript")
            || sanitize::owns(tag)
        {
            continue;
        }
        let restored = ctx.restored(ord);
        for c in candidates(ctx, ord, r) {
            if keep.contains(c.category) || restored {
                break;
            }
            // A thread's replies, named as comments, are what the page is (its comment form,
            // without prose, still goes).
            if ctx.thread && c.category == Category::Comments && r.paras > 0 {
                continue;
            }
            if ctx.holds_most_prose(r)
                && !(c.strength == Strength::Rule && ctx.thread_beside_article(ord, r, c.category))
            {
                let unwrappable = matches!(tag, "div" | "section" | "span");
                if c.category == Category::Paywall && c.strength <= Strength::Token && unwrappable {
                    verdicts[i] = Verdict::Unwrap(removals.len() as u32);
                    removals.push(removal(ord, tag, c, Action::Unwrap));
                }
                break;
            }
            if vetoed(ctx, ord, r, &c) {
                continue;
            }
            verdicts[i] = Verdict::Remove(removals.len() as u32);
            removals.push(removal(ord, tag, c, Action::Remove));
            break;
        }
    }
    Plan {
        verdicts,
        removals,
        fell_back: false,
        page_type: PageType {
            kind: PageKind::Other,
            evidence: String::new(),
        },
    }
}

fn removal(ord: u32, tag: &str, c: Candidate, action: Action) -> Removal {
    Removal {
        id: ord,
        tag: tag.to_string(),
        category: c.category,
        action,
        reason: c.reason,
        excerpt: String::new(),
    }
}

/// The phrase score of an element in a category (0 for `hidden`).
fn phrase_support(r: &Record, c: Category) -> u32 {
    r.phrase_score.get(c.index()).map_or(0, |&s| u32::from(s))
}

fn link_dense(r: &Record) -> bool {
    r.text > 0 && u64::from(r.link_text) * LINK_DENSE_SHARE >= u64::from(r.text)
}

/// The token patterns that mark a row of cards: elements (each not inside another the pattern
/// marks) of which at least `CARD_ROW_MIN` share their parent or their grandparent, as the items
/// of a grid or a list do.
fn card_tokens(recs: &Records) -> HashSet<u32> {
    let mut groups: HashMap<(u32, u32), u32> = HashMap::new();
    let mut ends: HashMap<u32, u32> = HashMap::new();
    let mut rows = HashSet::new();
    for (i, r) in recs.iter().enumerate() {
        if r.token == 0 || r.text == 0 {
            continue;
        }
        let end = ends.entry(r.token).or_insert(0);
        if i != 0 && i as u32 <= *end {
            continue;
        }
        *end = r.last_desc;
        let grandparent = recs.get(r.parent as usize).map_or(NONE, |p| p.parent);
        for anc in [r.parent, grandparent] {
            if anc == NONE {
                continue;
            }
            let n = groups.entry((r.token, anc)).or_insert(0);
            *n += 1;
            if *n >= CARD_ROW_MIN {
                rows.insert(r.token);
            }
        }
    }
    rows
}
