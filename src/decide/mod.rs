//! Between the passes: which elements go, and why.
//!
//! Evidence, strongest first: a cosmetic rule; a hidden-content signal; a word pattern on
//! `class`/`id`/`data-*`; the markup's structure (landmarks, overlays, sign-up forms); the element's
//! own words (short call-to-action-like blocks). Weaker evidence is vetoed more readily. Whatever
//! the evidence, an element holding most of the page's prose (the article, or what wraps it) is
//! never removed whole: a paywall wrapper around it is unwrapped instead, and its clutter children
//! are judged on their own.

mod article;
mod page_type;

use page_type::Answer;

use crate::analysis::metadata::{title_share, title_words};
use crate::analysis::{flag, Analysis, Record, Role, TokenAttr, NONE, PROSE_MIN};
use crate::category::{Category, CategorySet, PHRASE_ORDER};
use crate::lexicon::Lexicon;
use crate::options::Mode;
use crate::page_kind::{PageKind, PageType};
use crate::report::{Action, Reason, Removal};
use crate::rules::{RuleSet, TokenTable, WeightKind};
use crate::sanitize;

/// The built-in list of ways of hiding things.
const HIDDEN_LIST: &str = "rules/lists/hidden.txt";
/// A hidden panel needs this much text to count as one (`opened_panel`): a label or a lone
/// price is not a panel of content.
const PANEL_MIN_TEXT: u32 = 40;
/// Heuristic (non-rule) evidence is vetoed when the element holds this share of the page's prose.
const HEURISTIC_MAX_PROSE_SHARE: u64 = 4; // 1/4
/// Phrase score at which an element's words vouch for weaker evidence about it.
const STRONG_PHRASE_SUPPORT: u32 = 8;
/// The prose share such vouched-for evidence may take: 9/20 = 45%.
const STRONG_MAX_PROSE_SHARE: (u64, u64) = (9, 20);
/// A phrase-judged block needs at least this phrase score in its category.
const PHRASE_MIN_SCORE: u32 = 3;
/// A page of teaser cards has at least this many (a listing's page of results, a grid).
const CARD_PAGE_MIN: u32 = 6;
/// ... and they hold at least 1/this of its text.
const CARD_PAGE_TEXT_SHARE: u64 = 6;
/// A list of cards holds at least this share of its text in its cards (8/10): a grid of results
/// with its labels, not a section that happens to hold a few cards among other things.
const CARD_LIST_TEXT_SHARE: (u64, u64) = (8, 10);
/// A list of cards right after the headline is the page's listing when the prose between them
/// (an intro) is under 1/this of the cards' text; a "More news" grid under an article has the
/// article between.
const CARD_LIST_INTRO_SHARE: u64 = 2;
/// Article mode answers with clean mode's plan when the page does not say it is an article and
/// the article it found keeps under 3/10 of the text clean mode keeps: the page is a listing, a
/// thread, a shop's or a service's page.
const ARTICLE_PAGE_SHARE: (u64, u64) = (3, 10);
/// A byline block is at most this many visible characters: a name or two and a date.
const BYLINE_BLOCK_MAX: u32 = 160;
/// Visible characters between the headline and a block still in the story's header (a byline
/// after a dateline, a standfirst).
const STORY_HEADER_GAP: u32 = 200;
/// A hover card holds at least this much text (a name and a line about it) ...
const HOVER_CARD_MIN: u32 = 40;
/// ... and ends in a link of at most this much ("MORE", "Profile").
const HOVER_CARD_LINK_MAX: u32 = 20;
/// A bar of links before the headline holds at most this much text.
const LINK_BAR_MAX: u32 = 400;
/// The page's headline is an `h1` with at least half of its words in the title.
const HEADLINE_SHARE: f32 = 0.5;
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
/// Heuristic evidence about an element in the article's core is vetoed when it holds this many
/// paragraphs of prose that say nothing of clutter: it is part of the article.
const CORE_CLEAN_PARAS: u32 = 2;
/// ... and one more for each this much phrase support, when the element's words vouch for it.
const SUPPORT_PER_CLEAN_PARA: u32 = 4;
/// An article region with this many paragraphs is the article's, unless its words vouch for
/// the evidence.
const ARTICLE_REGION_PARAS: u16 = 2;
/// A page header outside the article is navigation when it is link-dense with this many links.
const HEADER_LINKS_MIN: u16 = 3;
/// A dialog or fixed-position overlay holds at most this much text: more is the page itself.
const OVERLAY_TEXT_MAX: u32 = 1500;
/// Phrase score at which a dialog's or sign-up form's words name its category.
const STRUCTURE_PHRASE_SCORE: u32 = 2;
/// An e-mail sign-up form holds at most this much text: a pitch, a field and a button.
const SIGNUP_FORM_MAX: u32 = 600;
/// A bar of links before the headline has at least this many links.
const LINK_BAR_MIN_LINKS: u16 = 2;
/// A block is nothing but links when its links hold at least this share of its text (9/10): a
/// bar of links, a teaser card.
const ALL_LINKS_SHARE: (u64, u64) = (9, 10);
/// A teaser card holds at least this much text (a title, a line) ...
const TEASER_CARD_MIN: u32 = 60;
/// ... and at most this much (more is a section, not a card).
const TEASER_CARD_MAX: u32 = 600;
/// A teaser card is one link, or at most this many (an image's and a title's).
const TEASER_CARD_LINKS_MAX: u16 = 2;
/// A phrase-judged block of at most this much text is a label ("Anzeige", "Más noticias").
const LABEL_MAX: u32 = 40;
/// A label that is nothing else: its phrases cover at least this share of it.
const BARE_LABEL_COVERAGE: f64 = 0.8;
/// A block with at least this share of its text in links is a list of links.
const LINK_LIST_DENSITY: f64 = 0.5;
/// A label is judged by its words when its phrases cover at least this share of it.
const LABEL_COVERAGE: f64 = 0.5;
/// A short phrase-judged block holds at most this much text ...
const SHORT_BLOCK_MAX: u32 = 300;
/// ... and its phrases cover at least this share of it ...
const SHORT_BLOCK_COVERAGE: f64 = 0.25;
/// ... or this share, led by a control, a heading phrase or links.
const SHORT_POINTED_COVERAGE: f64 = 0.1;
/// A medium phrase-judged block holds at most this much text ...
const MEDIUM_BLOCK_MAX: u32 = 1500;
/// ... needs heavier phrases, at least this score ...
const MEDIUM_BLOCK_SCORE: u32 = 6;
/// ... covering at least this share of it ...
const MEDIUM_BLOCK_COVERAGE: f64 = 0.08;
/// ... or this share, led by a control, a heading phrase or links.
const MEDIUM_POINTED_COVERAGE: f64 = 0.04;
/// A long phrase-judged block holds at most this much text; longer is never judged by its words.
const LONG_BLOCK_MAX: u32 = 4000;
/// Phrase score of many heavy phrases: enough for a long block led by a control, a heading
/// phrase or links, and strong support against the prose limit.
const HEAVY_PHRASE_SCORE: u32 = 10;
/// A long block (with that score, led as above) needs its phrases to cover this share of it.
const LONG_POINTED_COVERAGE: f64 = 0.03;
/// A paragraph of prose is judged by its words only when its phrases cover this share of it: one
/// that mentions such words is prose.
const PROSE_PHRASE_COVERAGE: f64 = 0.3;
/// A phrase-judged block in the article's core may hold this many paragraphs of prose that say
/// nothing of its kind ...
const PHRASE_CLEAN_PARAS_IN_CORE: u32 = 1;
/// ... and one elsewhere this many ...
const PHRASE_CLEAN_PARAS: u32 = 2;
/// ... plus one for each this much phrase score (a donation appeal tells a story).
const PHRASE_SCORE_PER_CLEAN_PARA: u32 = 5;

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
    recs: &'a [Record],
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

/// Decides every element's fate.
#[allow(clippy::too_many_arguments)]
pub(crate) fn decide(
    analysis: &Analysis,
    rules: &RuleSet,
    tokens: &TokenTable,
    lex: &Lexicon,
    mode: Mode,
    keep: CategorySet,
    keep_ids: &[u32],
    title: Option<&str>,
) -> Plan {
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
fn restored(recs: &[Record], keep_ids: &[u32]) -> Vec<bool> {
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

fn vetoed(ctx: &Ctx<'_>, ord: u32, r: &Record, c: &Candidate) -> bool {
    if ctx.unclosed_with_prose(r) {
        return true;
    }
    match c.strength {
        // A rule names what it removes, but a site that puts its headline inside the breadcrumbs
        // did not mean the headline.
        Strength::Rule => ctx.holds_headline(ord, r),
        Strength::Hidden => false,
        Strength::Token | Strength::Structure => {
            // The element's own words can vouch for it: a donation appeal says so, many times.
            let support = phrase_support(r, c.category);
            let strong = support >= STRONG_PHRASE_SUPPORT;
            too_much_prose(ctx, r, strong)
                || (ctx.in_core(ord)
                    && u32::from(r.clean_paras)
                        >= if strong {
                            CORE_CLEAN_PARAS + support / SUPPORT_PER_CLEAN_PARA
                        } else {
                            CORE_CLEAN_PARAS
                        })
                || ctx.inline_in_prose(r)
                || (r.has(flag::ARTICLE_REGION) && r.paras >= ARTICLE_REGION_PARAS && !strong)
                || ctx.holds_headline(ord, r)
                || ctx.holds_listing(ord, r)
                || (r.bylines > 0 && (!link_dense(r) || ctx.just_after_headline(ord)))
                || (c.category == Category::Navigation && ctx.byline_block(ord, r))
                // Headings' ids are slugs of their text ("how-to-sign-up"): not class names.
                || (c.strength == Strength::Token && r.has(flag::HEADING) && r.token_attr != TokenAttr::Class)
        }
        // Phrase candidates carry their own limits. A call to action never holds the page's
        // headline or a byline, however many share links sit beside them.
        Strength::Phrase => {
            ctx.inline_in_prose(r)
                || ctx.headline.is_some_and(|h| h >= ord && h <= r.last_desc)
                || r.bylines > 0
                || ctx.holds_listing(ord, r)
        }
    }
}

fn candidates(ctx: &Ctx<'_>, ord: u32, r: &Record) -> Vec<Candidate> {
    let mut out = Vec::new();
    // Hidden is how it is shown, not what it is: a hidden cookie dialog is a cookie dialog.
    let hidden_as = || match ctx.phrase_category(r) {
        Some((c, s)) if s >= PHRASE_MIN_SCORE => c,
        _ => Category::Hidden,
    };
    if r.rule > 0 && ctx.broad_rules.binary_search(&(r.rule - 1)).is_err() {
        // The built-in hidden list names how things are hidden (`[hidden]`, `display:none`),
        // which a panel the reader opens shares with clutter.
        let builtin_hidden = |rule: &&crate::rules::Rule| {
            rule.category == Category::Hidden && &*rule.source.file == HIDDEN_LIST
        };
        if let Some(rule) = ctx
            .rules
            .rules()
            .get(r.rule as usize - 1)
            .filter(|rule| !(builtin_hidden(rule) && opened_panel(ctx, r)))
            // The built-in lists name what such blocks are usually called (`.related-posts`);
            // on the page's own listing the name is the site's, not a verdict; a byline is
            // never navigation, whatever its wrapper is called.
            .filter(|rule| {
                !(rule.category != Category::Hidden
                    && rule.is_builtin_generic()
                    && (ctx.holds_listing(ord, r)
                        || (rule.category == Category::Navigation && ctx.byline_block(ord, r))))
            })
        {
            out.push(Candidate {
                category: if rule.category == Category::Hidden {
                    hidden_as()
                } else {
                    rule.category
                },
                reason: Reason::Rule {
                    file: rule.source.file.to_string(),
                    line: rule.source.line,
                    selector: rule.selector.clone(),
                },
                strength: Strength::Rule,
            });
        }
    }
    if let Some(signal) = noscript_copy(ctx, r) {
        out.push(Candidate {
            category: Category::Hidden,
            reason: Reason::Structure {
                signal: signal.to_string(),
            },
            strength: Strength::Hidden,
        });
    }
    if hover_card(ctx, ord, r) {
        out.push(Candidate {
            category: Category::Related,
            reason: Reason::Structure {
                signal: "hover card: repeats the link before it, ends in a link".to_string(),
            },
            strength: Strength::Hidden,
        });
    }
    if let Some(signal) = hidden_signal(r).filter(|_| !opened_panel(ctx, r)) {
        out.push(Candidate {
            category: hidden_as(),
            reason: Reason::Structure {
                signal: signal.to_string(),
            },
            strength: Strength::Hidden,
        });
    }
    if r.token > 0 {
        if let Some(p) = ctx.tokens.pattern(r.token - 1) {
            let attribute = match r.token_attr {
                TokenAttr::Class => "class",
                TokenAttr::Id => "id",
                TokenAttr::Data => "data-*",
            };
            // A class name says *that* it is clutter; when it says nothing of the kind its words
            // clearly say, the words name the category (`class="cta"` around a newsletter box).
            let category = match ctx.phrase_category(r) {
                Some((c, s)) if s >= PHRASE_MIN_SCORE && phrase_support(r, p.category) == 0 => c,
                _ => p.category,
            };
            out.push(Candidate {
                category,
                reason: Reason::Token {
                    attribute: attribute.to_string(),
                    pattern: p.text.clone(),
                },
                strength: Strength::Token,
            });
        }
    }
    if let Some((category, signal)) = structure(ctx, ord, r) {
        out.push(Candidate {
            category,
            reason: Reason::Structure { signal },
            strength: Strength::Structure,
        });
    }
    if let Some((category, phrase_id)) = phrase_block(ctx, ord, r) {
        let (phrase, lang) = ctx.phrase_text(phrase_id);
        out.push(Candidate {
            category,
            reason: Reason::Phrase { phrase, lang },
            strength: Strength::Phrase,
        });
    }
    out
}

/// A hidden panel that a control on the page opens (a tab's panel, an accordion's body, an FAQ's
/// answer, a product's specifications): content the reader opens, not hidden clutter. It is
/// opened by a control (`aria-controls`, `data-target`, a link to its id), is a `tabpanel`, or it
/// or its parent names a panel (`[panel]` in weights.txt); it names no overlay (`[overlay]`: a
/// modal, a menu, a drop-down), is no dialog or menu, and is not a list of links.
fn opened_panel(ctx: &Ctx<'_>, r: &Record) -> bool {
    let panel = 1 << WeightKind::Panel as u8;
    let overlay = 1 << WeightKind::Overlay as u8;
    let parent_kinds = ctx.recs.get(r.parent as usize).map_or(0, |p| p.kinds);
    let opened = r.has(flag::CONTROLLED)
        || r.role == Role::TabPanel
        || r.kinds & panel != 0
        || parent_kinds & panel != 0;
    opened
        && r.kinds & overlay == 0
        && !r.has(flag::DIALOG | flag::FIXED)
        && !matches!(r.role, Role::Dialog | Role::Menu | Role::Navigation)
        && r.text >= PANEL_MIN_TEXT
        && !link_dense(r)
}

/// A `noscript` read as markup (its content is a page's worth of text) that does not hold most of
/// the page's text: what readers without scripts get instead of what the page shows anyway.
fn noscript_copy(ctx: &Ctx<'_>, r: &Record) -> Option<&'static str> {
    (ctx.tag(r) == "unclutter-noscript" && u64::from(r.text) * MOST_SHARE <= ctx.total_text)
        .then_some("noscript content beside the page's own")
}

/// A card that a link opens on hover, written inline after it ("Mayor <a>Tom Reed</a><span>
/// <span>Tom Reed</span> <span>Mayor since 2019…</span> <a>MORE</a></span> said…"): an element
/// right after a link, with no text between, whose first child repeats the link's text, that holds
/// a line about it and ends in a short link. Removed, the sentence reads whole again.
fn hover_card(ctx: &Ctx<'_>, ord: u32, r: &Record) -> bool {
    let recs = ctx.recs;
    let i = ord as usize;
    if i == 0
        || r.parent == NONE
        || r.text < HOVER_CARD_MIN
        || r.has(flag::HEADING)
        || matches!(ctx.tag(r), "a" | "p" | "li" | "td" | "body")
    {
        return false;
    }
    let Some(first) = recs
        .get(i + 1)
        .filter(|c| c.parent == ord && c.name_hash != 0)
    else {
        return false;
    };
    // The element just before, at this element's level.
    let mut q = i - 1;
    while recs[q].parent != r.parent {
        match recs[q].parent {
            NONE => return false,
            p if (p as usize) < q => q = p as usize,
            _ => return false,
        }
    }
    let link = &recs[q];
    let ends_in_link = recs
        .get(r.last_desc as usize)
        .is_some_and(|l| ctx.tag(l) == "a" && l.text > 0 && l.text <= HOVER_CARD_LINK_MAX);
    ctx.tag(link) == "a"
        && link.name_hash == first.name_hash
        && first.start_pos == r.start_pos
        && link.start_pos.saturating_add(link.text) == r.start_pos
        && ends_in_link
}

fn hidden_signal(r: &Record) -> Option<&'static str> {
    if r.has(flag::HIDES_TEXT) && !r.has(flag::IN_SVG) {
        // script, template, ...: the sanitizer's business.
        return None;
    }
    if r.has(flag::DISPLAY_NONE) {
        Some("style display:none")
    } else if r.has(flag::VISIBILITY_HIDDEN) {
        Some("style visibility:hidden")
    } else if r.has(flag::HIDDEN_ATTR) {
        Some("hidden attribute")
    } else if r.has(flag::ARIA_HIDDEN) && r.text > 0 {
        Some("aria-hidden=\"true\"")
    } else {
        None
    }
}

/// The phrase score of an element in a category (0 for `hidden`).
fn phrase_support(r: &Record, c: Category) -> u32 {
    r.phrase_score.get(c.index()).map_or(0, |&s| u32::from(s))
}

/// Heuristic evidence may not take this share of the page's prose; with strong support from the
/// element's own words, a larger one (never most of it: that is the article).
fn too_much_prose(ctx: &Ctx<'_>, r: &Record, strong: bool) -> bool {
    let share = if strong {
        STRONG_MAX_PROSE_SHARE
    } else {
        (1, HEURISTIC_MAX_PROSE_SHARE)
    };
    r.prose > 0 && u64::from(r.prose) * share.1 >= ctx.total_prose * share.0
}

fn link_dense(r: &Record) -> bool {
    r.text > 0 && u64::from(r.link_text) * LINK_DENSE_SHARE >= u64::from(r.text)
}

fn structure(ctx: &Ctx<'_>, ord: u32, r: &Record) -> Option<(Category, String)> {
    let tag = ctx.tag(r);
    let in_article = r.has(flag::IN_ARTICLE);
    if tag == "nav" {
        return Some((Category::Navigation, "nav element".into()));
    }
    match r.role {
        Role::Navigation | Role::Menu => {
            return Some((Category::Navigation, "navigation role".into()))
        }
        Role::Search => return Some((Category::Navigation, "search role".into())),
        Role::Banner if !in_article => return Some((Category::Navigation, "banner role".into())),
        Role::ContentInfo if !in_article => {
            return Some((Category::Navigation, "contentinfo role".into()))
        }
        Role::Complementary if !in_article => {
            return Some((Category::Related, "complementary role".into()))
        }
        _ => {}
    }
    if !in_article {
        match tag {
            "footer" => return Some((Category::Navigation, "page footer".into())),
            "header" if link_dense(r) && r.links >= HEADER_LINKS_MIN => {
                return Some((Category::Navigation, "page header of links".into()));
            }
            "aside" => return Some((Category::Related, "aside outside the article".into())),
            _ => {}
        }
    }
    if (r.has(flag::DIALOG) || r.has(flag::FIXED)) && r.text <= OVERLAY_TEXT_MAX {
        let what = if r.has(flag::DIALOG) {
            "dialog"
        } else {
            "fixed-position overlay"
        };
        let category = match ctx.phrase_category(r) {
            Some((c, s)) if s >= STRUCTURE_PHRASE_SCORE => c,
            _ if link_dense(r) => Category::Navigation,
            _ => Category::Paywall,
        };
        return Some((category, what.into()));
    }
    if link_bar_before_headline(ctx, ord, r) {
        return Some((
            Category::Navigation,
            "bar of links before the headline".into(),
        ));
    }
    if teaser_card(tag, r) && !ctx.card_page && !ctx.in_listing(ord) {
        return Some((
            Category::Related,
            "teaser card (a block that is one link)".into(),
        ));
    }
    if r.email_inputs > 0 && r.text <= SIGNUP_FORM_MAX && (r.forms > 0 || r.buttons > 0) {
        let category = match ctx.phrase_category(r) {
            Some((c @ (Category::Comments | Category::Paywall | Category::Membership), s))
                if s >= STRUCTURE_PHRASE_SCORE =>
            {
                c
            }
            _ => Category::Newsletter,
        };
        return Some((category, "e-mail sign-up form".into()));
    }
    None
}

/// A bar of links (nothing but links, at least two, short) that ends before the page's headline:
/// the site's menu, a category's or tag's menu, breadcrumbs above the story. Not one that names
/// an author or a date (a post's community and author, above its title).
fn link_bar_before_headline(ctx: &Ctx<'_>, ord: u32, r: &Record) -> bool {
    ctx.headline.is_some_and(|h| r.last_desc < h)
        && r.links >= LINK_BAR_MIN_LINKS
        && r.text > 0
        && r.text <= LINK_BAR_MAX
        && u64::from(r.link_text) * ALL_LINKS_SHARE.1 >= u64::from(r.text) * ALL_LINKS_SHARE.0
        && ctx.tag(r) != "a"
        && r.bylines == 0
        && !r.has(flag::AUTHOR_LINK)
        && !ctx.in_listing(ord)
        && !ctx.holds_listing(ord, r)
}

/// A block that is one link (or two: an image's and a title's) with a line or two of text: a
/// teaser for another page.
fn teaser_card(tag: &str, r: &Record) -> bool {
    matches!(tag, "div" | "aside" | "section" | "figure")
        && r.text >= TEASER_CARD_MIN
        && r.text <= TEASER_CARD_MAX
        && u64::from(r.link_text) * ALL_LINKS_SHARE.1 >= u64::from(r.text) * ALL_LINKS_SHARE.0
        && (1..=TEASER_CARD_LINKS_MAX).contains(&r.links)
        && r.paras == 0
}

/// Whether teaser cards are what the page is made of: at least `CARD_PAGE_MIN` of them (counted
/// outermost), holding at least 1/`CARD_PAGE_TEXT_SHARE` of the page's text and more text than
/// its paragraphs of prose (a news article with a long "More news" grid has more prose).
fn card_page(analysis: &Analysis, total_text: u64, total_prose: u64) -> bool {
    let (cards, card_text) = cards_in(analysis, 0..analysis.records().len());
    cards >= CARD_PAGE_MIN
        && card_text * CARD_PAGE_TEXT_SHARE >= total_text
        && card_text > total_prose
}

/// The visible teaser cards (outermost: what is inside a card is the card's) among elements
/// `range`, and their text.
fn cards_in(analysis: &Analysis, range: std::ops::Range<usize>) -> (u32, u64) {
    let recs = analysis.records();
    let (mut cards, mut card_text, mut i) = (0u32, 0u64, range.start);
    while let Some(r) = recs.get(i).filter(|_| i < range.end) {
        if teaser_card(analysis.tag_name(r.tag), r) && !r.has(flag::HIDES_TEXT) {
            cards += 1;
            card_text += u64::from(r.text);
            i = (r.last_desc as usize).max(i) + 1;
        } else {
            i += 1;
        }
    }
    (cards, card_text)
}

/// The lists of teaser cards that are the page's listing (a shop's results, a category's
/// articles, a collection's grid), though the page may hold more prose elsewhere: at least
/// `CARD_PAGE_MIN` cards (counted outermost) holding most of the list's text, the innermost such
/// element, starting after the headline with little prose between (at most an intro). Cards
/// before the headline, or after an article's prose, are teasers beside the content.
fn listings(analysis: &Analysis, headline: Option<u32>) -> Vec<(u32, u32)> {
    let recs = analysis.records();
    let Some(h_end) = headline
        .and_then(|h| recs.get(h as usize))
        .map(|h| h.last_desc)
    else {
        return Vec::new();
    };
    // Children follow their parent, so one pass backwards adds every element to its parent.
    let n = recs.len();
    let (mut cards, mut card_text) = (vec![0u32; n], vec![0u64; n]);
    let mut list_below = vec![false; n];
    let mut is_list = vec![false; n];
    for i in (0..n).rev() {
        let r = &recs[i];
        if teaser_card(analysis.tag_name(r.tag), r) && !r.has(flag::HIDES_TEXT) {
            // Outermost cards only: what is inside a card is the card's.
            (cards[i], card_text[i]) = (1, u64::from(r.text));
            list_below[i] = false;
        }
        is_list[i] = !list_below[i]
            && cards[i] >= CARD_PAGE_MIN
            && card_text[i] * CARD_LIST_TEXT_SHARE.1 >= u64::from(r.text) * CARD_LIST_TEXT_SHARE.0;
        if let Some(p) = (r.parent != NONE)
            .then_some(r.parent as usize)
            .filter(|&p| p < i)
        {
            cards[p] += cards[i];
            card_text[p] += card_text[i];
            list_below[p] |= list_below[i] || is_list[i];
        }
    }
    // Prose in paragraphs between the headline and each list.
    let mut out = Vec::new();
    let mut between = 0u64;
    let mut i = h_end as usize + 1;
    while let Some(r) = recs.get(i) {
        if is_list[i] {
            if between * CARD_LIST_INTRO_SHARE < card_text[i] {
                out.push((i as u32, r.last_desc));
            }
            i = (r.last_desc as usize).max(i) + 1;
            continue;
        }
        if r.has(flag::PROSE) {
            between += u64::from(r.prose);
            i = (r.last_desc as usize).max(i) + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// A short call-to-action-like block recognised by its words.
fn phrase_block(ctx: &Ctx<'_>, ord: u32, r: &Record) -> Option<(Category, u32)> {
    let (category, score) = ctx.phrase_category(r)?;
    if score < PHRASE_MIN_SCORE - 1 || ctx.holds_most_prose(r) {
        return None;
    }
    // A heading that only names a place ("Contact us", "Menu") heads the section below it, which
    // is judged on its own.
    if category == Category::Navigation && r.has(flag::HEADING) && score < PHRASE_MIN_SCORE {
        return None;
    }
    let t = r.text.max(1);
    let coverage = f64::from(r.phrase_chars) / f64::from(t);
    let controls = u32::from(r.buttons) + u32::from(r.inputs) + u32::from(r.forms);
    let link_density = f64::from(r.link_text) / f64::from(t);
    let lead = (r.lead_phrase != 0)
        .then(|| ctx.lex.phrase(r.lead_phrase - 1))
        .flatten()
        .filter(|p| p.category == category);
    let headed = lead.is_some();
    // A medium phrase is enough for a label that is nothing else ("Anzeige") or for a list of
    // links under such a heading ("Más noticias"); otherwise a strong one or several.
    let bare_label = t <= LABEL_MAX && coverage >= BARE_LABEL_COVERAGE;
    let headed_links = headed && link_density >= LINK_LIST_DENSITY;
    if score < PHRASE_MIN_SCORE && !bare_label && !headed_links {
        return None;
    }
    // The shorter the block, the less of it the phrases need to cover; longer blocks need more
    // and heavier phrases, and a control (button, field) or a heading phrase to lead them.
    let pointed = controls > 0 || headed || link_density >= LINK_LIST_DENSITY;
    let ok = (t <= LABEL_MAX && coverage >= LABEL_COVERAGE)
        || (t <= SHORT_BLOCK_MAX
            && (coverage >= SHORT_BLOCK_COVERAGE
                || (pointed && coverage >= SHORT_POINTED_COVERAGE)))
        || (t <= MEDIUM_BLOCK_MAX
            && score >= MEDIUM_BLOCK_SCORE
            && (coverage >= MEDIUM_BLOCK_COVERAGE
                || (pointed && coverage >= MEDIUM_POINTED_COVERAGE)))
        || (t <= LONG_BLOCK_MAX
            && score >= HEAVY_PHRASE_SCORE
            && pointed
            && coverage >= LONG_POINTED_COVERAGE)
        || (t <= LONG_BLOCK_MAX
            && headed
            && link_density >= LINK_LIST_DENSITY
            && matches!(
                category,
                Category::Related | Category::Navigation | Category::Social
            ));
    // A paragraph of prose that mentions such words is prose.
    let ok = ok && (!r.has(flag::PROSE) || coverage >= PROSE_PHRASE_COVERAGE);
    if !ok || too_much_prose(ctx, r, score >= HEAVY_PHRASE_SCORE && pointed) {
        return None;
    }
    // Prose paragraphs that say nothing of the kind are article-like: a few are fine in a donation
    // appeal, many are not.
    let allowed_clean = if ctx.in_core(ord) {
        PHRASE_CLEAN_PARAS_IN_CORE
    } else {
        PHRASE_CLEAN_PARAS
    } + score / PHRASE_SCORE_PER_CLEAN_PARA;
    if u32::from(r.clean_paras) > allowed_clean {
        return None;
    }
    let best = if r.best_phrase != 0
        && ctx
            .lex
            .phrase(r.best_phrase - 1)
            .is_some_and(|p| p.category == category)
    {
        r.best_phrase
    } else {
        lead.map_or(r.best_phrase, |_| r.lead_phrase)
    };
    Some((category, best))
}
