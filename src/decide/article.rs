//! Article mode: choose the article and delete everything else, still by ordinal.
//!
//! Paragraph scores gathered by the analysis (one, plus commas, plus length) go to each
//! paragraph's ancestors — fully to the parent, half to the grandparent, less further up — as
//! Readability.js does on its DOM; here it is done on the records after the clean-mode decisions,
//! so paragraphs inside clutter count for nothing. The best-scoring element (weighted by its
//! class words and link density) is the root; siblings that continue it, the headline, byline and
//! lead image before it are kept too. Their ancestors stay as a bare skeleton; every other
//! element goes, reported with its clutter category when it has one and as `other` when not.

use super::{candidates, Ctx, Plan, Verdict};
use crate::analysis::metadata::{title_share, title_words};
use crate::analysis::{flag, Record, Records, Role, NONE};
use crate::category::Category;
use crate::report::{Action, Reason, Removal};
use crate::rules::WeightKind;

/// Less article text than this (visible characters) is no article: fall back to clean mode.
const MIN_ARTICLE_TEXT: u32 = 400;
/// How many levels up a paragraph's score travels.
const SCORE_LEVELS: usize = 5;
/// Readability's class weight.
const CLASS_WEIGHT: f32 = 25.0;
/// Candidates this close to the best one count as alternatives.
const ALTERNATIVE_SHARE: f32 = 0.75;
/// An ancestor holding this many alternatives holds the article.
const MIN_ALTERNATIVES: usize = 3;
/// A heading matches the title when this share of its words are the title's.
const HEADLINE_MATCH: f32 = 0.6;
/// Byline, date and lead image blocks before the article are at most this long.
const EXTRA_MAX_TEXT: u32 = 400;
/// A news feed has at least this many time stamps ...
const FEED_MIN_STAMPS: u16 = 2;
/// ... and at most this much text per stamp (visible characters): a headline and a line or two.
const FEED_ITEM_MAX: u32 = 320;
/// Visible characters before its first stamp: at most a heading ("News Feed", "Latest").
const FEED_HEAD_MAX: u32 = 40;
/// A time stamp's element holds at most this much text.
const STAMP_TEXT_MAX: u32 = 16;
/// Visible characters a picture's caption may have (credit included).
const CAPTION_MAX: u32 = 300;
/// A feed holds less than 1/2 of the article's prose: more is the article itself.
const FEED_MAX_PROSE_PARTS: u64 = 2;
/// A walk up the ancestors stops after this many steps (deeper is a malformed page).
const ANCESTOR_WALK_MAX: u32 = 256;
/// A paragraph's score goes whole to its parent ...
const PARENT_SHARE: f32 = 1.0;
/// ... half to its grandparent ...
const GRANDPARENT_SHARE: f32 = 0.5;
/// ... and 1/(level x this) further up, as in Readability.
const FAR_SHARE_DIVISOR: f32 = 3.0;
/// How many candidates after the best one may be its alternatives (Readability's top five).
const ALTERNATIVES_CONSIDERED: usize = 4;
/// A parent scoring under 1/this of the last score on the way up holds other things: stop.
const PARENT_MIN_SCORE_PARTS: f32 = 3.0;
/// A parent with more links than this share of its text is a bar of links, not the article.
const CLIMB_MAX_LINK_DENSITY: f32 = 0.4;
/// A split article's parent holds at least 5/4 of the candidate's paragraph text.
const CLIMB_MIN_GROWTH: (u64, u64) = (5, 4);
/// A sibling continues the article when it scores this share of the article's score ...
const SIBLING_SCORE_SHARE: f32 = 0.2;
/// ... or at least this much, whichever is more (Readability's sibling threshold).
const SIBLING_MIN_SCORE: f32 = 10.0;
/// A sibling paragraph this long (visible characters) is prose when few of its words are links;
/// a shorter one only when none are.
const SIBLING_PARAGRAPH_TEXT: u32 = 80;
/// Prose has links in less than this share of its text.
const PROSE_MAX_LINK_DENSITY: f32 = 0.25;
/// A block before the article with more text than this (visible characters) ...
const EXTRA_LINKS_MIN_TEXT: u32 = 20;
/// ... and more links than this share of it is a bar of links, not a byline or a date.
const EXTRA_MAX_LINK_DENSITY: f32 = 0.6;
/// A paragraph before the article with links in less than this share of its text is a
/// standfirst or the article's opening.
const STANDFIRST_MAX_LINK_DENSITY: f32 = 0.5;
/// A `div` of text with links in less than this share of it reads as a paragraph.
const TEXT_DIV_MAX_LINK_DENSITY: f32 = 0.5;
/// A block holding 1/this of the article's paragraph text or more carries much of the article.
const CARRIES_ARTICLE_PARTS: u64 = 4;
/// This many commas make a block prose (Readability's figure).
const PROSE_MIN_COMMAS: u16 = 10;
/// List items count against a block only beyond this many more than its paragraphs
/// (Readability's offset).
const LIST_ITEM_OFFSET: f32 = 100.0;
/// A block with more images than this ...
const IMAGE_BLOCK_MIN_IMAGES: f32 = 1.0;
/// ... and fewer paragraphs per image than this is images without text.
const IMAGE_BLOCK_MIN_PARAS_PER_IMAGE: f32 = 0.5;
/// A block with more inputs than one per this many paragraphs (rounded down) is a form.
const PARAS_PER_INPUT: f32 = 3.0;
/// A block with less text than this (visible characters) and any links ...
const LINK_BLOCK_MAX_TEXT: u32 = 25;
/// ... and no image or more than this many is links without text.
const LINK_BLOCK_MAX_IMAGES: f32 = 2.0;
/// A block without a positive class word and with links in more than this share of its text
/// is mostly links ...
const LINKS_MAX_DENSITY: f32 = 0.2;
/// ... and one with a positive class word, more than this share.
const POSITIVE_LINKS_MAX_DENSITY: f32 = 0.5;

fn has_kind(r: &Record, k: WeightKind) -> bool {
    r.kinds & (1 << (k as u8)) != 0
}

fn class_weight(r: &Record) -> f32 {
    let mut w = 0.0;
    if has_kind(r, WeightKind::Positive) {
        w += CLASS_WEIGHT;
    }
    if has_kind(r, WeightKind::Negative) {
        w -= CLASS_WEIGHT;
    }
    w
}

fn tag_weight(tag: &str) -> f32 {
    match tag {
        "div" | "article" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

fn link_density(r: &Record) -> f32 {
    if r.text == 0 {
        0.0
    } else {
        r.link_text as f32 / r.text as f32
    }
}

/// Inside a table or code, class words describe data, not page furniture.
fn in_table_or_code(ctx: &Ctx<'_>, i: usize) -> bool {
    let mut p = ctx.recs[i].parent;
    for _ in 0..ANCESTOR_WALK_MAX {
        if p == NONE {
            return false;
        }
        if matches!(ctx.tag(&ctx.recs[p as usize]), "table" | "code" | "pre") {
            return true;
        }
        p = ctx.recs[p as usize].parent;
    }
    false
}

/// Why a block inside the article does not read like the article, if it does not. The tests and
/// their cut-offs follow Readability.js's `_cleanConditionally`, so that the two can be compared
/// line by line.
fn unlike_article(
    ctx: &Ctx<'_>,
    i: usize,
    score: f32,
    content: u64,
    article_content: u64,
    holds_blocks: bool,
) -> Option<&'static str> {
    let r = &ctx.recs[i];
    let tag = ctx.tag(r);
    if !matches!(
        tag,
        "form" | "fieldset" | "table" | "ul" | "ol" | "div" | "section" | "aside"
    ) {
        return None;
    }
    // A `div` of text with no blocks or images in it is a paragraph (Readability turns it into
    // one before judging blocks): a caption, a standfirst. Link bars are not let off.
    if tag == "div" && !holds_blocks && link_density(r) < TEXT_DIV_MAX_LINK_DENSITY {
        return None;
    }
    // Never a block that carries much of the article, its headline, or its byline and date.
    if content * CARRIES_ARTICLE_PARTS >= article_content || r.h1s > 0 || r.bylines > 0 {
        return None;
    }
    let weight = class_weight(r);
    // A picture that links nowhere (ads link to the advertiser), alone or with a caption, is the
    // article's, whatever its wrapper's class says (`media-container`, `dnd-widget-wrapper`).
    // A promotion beside a picture says so: in its class, its phrases, a control, a form.
    let picture = r.images == 1
        && !has_kind(r, WeightKind::Promotion)
        && r.links == 0
        && r.embeds == 0
        && r.text <= CAPTION_MAX
        && r.inputs == 0
        && r.buttons == 0
        && r.forms == 0
        && r.phrase_score.iter().all(|&s| s == 0);
    // Prose under a class word that page builders give every block (`elementor-widget`) is
    // the article's: a class is weaker evidence than paragraphs that read like it.
    let prose = r.paras > 0 && link_density(r) < PROSE_MAX_LINK_DENSITY;
    if weight + score < 0.0 && !picture && !prose {
        return Some("negative class inside the article");
    }
    // On a page of teaser cards (a listing, a grid), the cards are what the page holds; in the
    // page's listing, so are the rows and wrappers that group them.
    if (ctx.card_page && super::teasers::teaser_card(tag, r)) || ctx.in_listing(i as u32) {
        return None;
    }
    // Paragraphs of prose are the article's, whatever surrounds them.
    if r.commas >= PROSE_MIN_COMMAS || tag == "table" || r.paras > 0 {
        return None;
    }
    let (p, img, li, input) = (
        f32::from(r.ps),
        f32::from(r.images),
        f32::from(r.lis) - LIST_ITEM_OFFSET,
        f32::from(r.inputs),
    );
    let is_list = matches!(tag, "ul" | "ol");
    // A list of which every item is an image is a gallery (Readability keeps it too).
    if is_list && r.lis > 0 && r.images == r.lis {
        return None;
    }
    let ld = link_density(r);
    if img > IMAGE_BLOCK_MIN_IMAGES && p / img < IMAGE_BLOCK_MIN_PARAS_PER_IMAGE {
        Some("images without text inside the article")
    } else if !is_list && li > p {
        Some("list-like block inside the article")
    } else if input > (p / PARAS_PER_INPUT).floor() {
        Some("form-like block inside the article")
    } else if !is_list
        && r.text < LINK_BLOCK_MAX_TEXT
        && (img == 0.0 || img > LINK_BLOCK_MAX_IMAGES)
        && ld > 0.0
    {
        Some("links without text inside the article")
    } else if (!is_list && weight < CLASS_WEIGHT && ld > LINKS_MAX_DENSITY)
        || (weight >= CLASS_WEIGHT && ld > POSITIVE_LINKS_MAX_DENSITY)
    {
        Some("mostly links inside the article")
    } else {
        None
    }
}

/// A feed of time-stamped items after the article's prose (a site's "News Feed", a "Latest"
/// column of times and short stories, whatever its classes are called): other stories, however
/// prose-like each item reads. `root_last` is the last element of the article root holding it;
/// `article_prose` the prose article mode kept. A live blog is not one: its entries are the
/// article's prose, and prose follows all but the last.
fn news_feed(ctx: &Ctx<'_>, i: usize, root_last: usize, article_prose: u64) -> bool {
    let recs = ctx.recs;
    let r = &recs[i];
    if !matches!(ctx.tag(r), "div" | "section" | "aside" | "ul" | "ol")
        || r.stamps < FEED_MIN_STAMPS
        || r.text > u32::from(r.stamps) * FEED_ITEM_MAX
        || r.h1s > 0
        || u64::from(r.prose) * FEED_MAX_PROSE_PARTS >= article_prose
        || ctx.in_listing(i as u32)
        || ctx.holds_listing(i as u32, r)
    {
        return false;
    }
    let end = (r.last_desc as usize).min(recs.len().saturating_sub(1));
    let first_stamp = (i + 1..=end).find(|&j| recs[j].stamps > 0 && recs[j].text <= STAMP_TEXT_MAX);
    let headed =
        first_stamp.is_some_and(|j| recs[j].start_pos.saturating_sub(r.start_pos) <= FEED_HEAD_MAX);
    let root_last = root_last.min(recs.len().saturating_sub(1));
    headed && !(end + 1..=root_last).any(|j| recs[j].has(flag::PROSE))
}

/// Removes element `i` (and everything in it) as article mode's decision, unless the reader
/// keeps its category or asked for it back; removals decided inside it are forgotten.
fn remove(ctx: &Ctx<'_>, plan: &mut Plan, i: usize, fallback: Reason, dropped: &mut Vec<u32>) {
    let r = &ctx.recs[i];
    let ord = i as u32;
    let tag = ctx.tag(r);
    let (category, reason) = candidates(ctx, ord, r)
        .into_iter()
        .next()
        .map_or((Category::Other, fallback), |c| (c.category, c.reason));
    if ctx.keep.contains(category) || ctx.kept_by_reader(ord) || crate::sanitize::owns(tag) {
        return;
    }
    plan.verdicts[i] = Verdict::Remove(plan.removals.len() as u32);
    plan.removals.push(Removal {
        id: ord,
        tag: tag.to_string(),
        category,
        action: Action::Remove,
        reason,
        excerpt: String::new(),
    });
    for d in i + 1..=r.last_desc as usize {
        if let Some(Verdict::Remove(idx) | Verdict::Unwrap(idx)) = plan.verdicts.get(d) {
            dropped.push(*idx);
        }
        if let Some(v) = plan.verdicts.get_mut(d) {
            *v = Verdict::Inside;
        }
    }
}

/// What article mode decided.
pub(crate) struct Outcome {
    /// No convincing article: the plan is clean mode's.
    pub fell_back: bool,
}

/// Whether element `i` is still in the plan (kept or unwrapped).
fn live(v: &[Verdict], i: usize) -> bool {
    matches!(v.get(i), Some(Verdict::Keep | Verdict::Unwrap(_)))
}

/// What the phases share: the records, each element's paragraph score and the text of the live
/// scored paragraphs, both fixed once the unlikely places are out.
struct Scores<'a> {
    ctx: &'a Ctx<'a>,
    recs: &'a Records,
    /// Per element: the paragraph scores it received from below.
    score: Vec<f32>,
    /// Content: the text of live scored paragraphs, summed over a subtree by binary search (the
    /// paragraphs are in document order, a subtree is an ordinal range).
    units: Vec<(u32, u64)>,
}

impl<'a> Scores<'a> {
    /// Scores the live paragraphs up their ancestors and sums their text.
    fn new(ctx: &'a Ctx<'a>, plan: &Plan) -> Self {
        let recs = ctx.recs;
        let mut score = vec![0f32; recs.len()];
        for &(p, s, _) in ctx.analysis.paragraphs() {
            if !live(&plan.verdicts, p as usize) {
                continue;
            }
            let mut a = recs[p as usize].parent;
            for level in 0..SCORE_LEVELS {
                if a == NONE {
                    break;
                }
                let share = match level {
                    0 => PARENT_SHARE,
                    1 => GRANDPARENT_SHARE,
                    l => 1.0 / (l as f32 * FAR_SHARE_DIVISOR),
                };
                score[a as usize] += s * share;
                a = recs[a as usize].parent;
            }
        }
        let units: Vec<(u32, u64)> = {
            let mut acc = 0u64;
            let mut v = vec![(0u32, 0u64)];
            for &(p, _, len) in ctx.analysis.paragraphs() {
                if live(&plan.verdicts, p as usize) {
                    acc += u64::from(len);
                    v.push((p + 1, acc));
                }
            }
            v
        };
        Scores {
            ctx,
            recs,
            score,
            units,
        }
    }

    fn tag(&self, i: usize) -> &str {
        self.ctx.tag(&self.recs[i])
    }

    /// The page's frame: `html`, `head`, `body` and what is in the head.
    fn is_frame(&self, i: usize) -> bool {
        matches!(self.tag(i), "html" | "body")
            || self.recs[i].has(flag::IN_HEAD)
            || self.tag(i) == "head"
    }

    /// Element `i`'s score weighted by its tag, its class words and its link density.
    fn final_score(&self, i: usize) -> f32 {
        let recs = self.recs;
        if self.score[i] <= 0.0 {
            return 0.0;
        }
        (self.score[i] + tag_weight(self.tag(i)) + class_weight(&recs[i]))
            * (1.0 - link_density(&recs[i]))
    }

    /// The text of the live scored paragraphs in element `i`.
    fn content(&self, i: usize) -> u64 {
        let units = &self.units;
        let before = |o: u32| units.partition_point(|&(q, _)| q <= o).saturating_sub(1);
        let lo = units[before(i as u32)].1;
        let hi = units[before(self.recs[i].last_desc + 1)].1;
        hi.saturating_sub(lo)
    }

    /// Whether element `a` is `b` or holds it.
    fn contains(&self, a: usize, b: usize) -> bool {
        b >= a && b <= self.recs[a].last_desc as usize
    }

    /// Whether element `i` is a kept one or inside one.
    fn in_kept(&self, kept: &[usize], i: usize) -> bool {
        kept.iter().any(|&k| self.contains(k, i))
    }
}

/// Turns a clean-mode plan into an article-mode plan.
pub(crate) fn apply(
    ctx: &Ctx<'_>,
    plan: &mut Plan,
    title: Option<&str>,
    strip_unlikely: bool,
) -> Outcome {
    let mut dropped: Vec<u32> = Vec::new();
    if strip_unlikely {
        strip_unlikely_places(ctx, plan, &mut dropped);
    }
    let s = Scores::new(ctx, plan);
    let ranked = rank_candidates(&s, plan);
    let Some(top) = choose_top(&s, &ranked) else {
        return Outcome { fell_back: true };
    };
    let mut kept = continuing_siblings(&s, plan, top);
    keep_headline_and_extras(&s, plan, title, top, &mut kept);
    if too_little_article(&s, &kept) {
        return Outcome { fell_back: true };
    }
    join_listing(&s, plan, &mut kept);
    clean_conditionally(&s, plan, &kept, &mut dropped);
    remove_outside(&s, plan, &mut kept, &mut dropped);
    plan.forget(&dropped);
    Outcome { fell_back: false }
}

/// Unlikely places for an article (class words like `sidebar`, `legends`, `comment`, and menu
/// or dialog roles) take no part, as Readability's first attempt does: each live one goes
/// before scoring, unless it is the page's frame, a link, table or code, holds the headline,
/// the listing or most of the prose, is the byline after the headline or in the story's
/// header, is marked as the article's region, or sits inside a table or code.
fn strip_unlikely_places(ctx: &Ctx<'_>, plan: &mut Plan, dropped: &mut Vec<u32>) {
    let recs = ctx.recs;
    let n = recs.len();
    let tag = |i: usize| ctx.tag(&recs[i]);
    let is_frame = |i: usize| {
        matches!(tag(i), "html" | "body") || recs[i].has(flag::IN_HEAD) || tag(i) == "head"
    };
    let mut i = 0;
    while i < n {
        let r = &recs[i];
        let unlikely_role = matches!(
            r.role,
            Role::Menu | Role::Navigation | Role::Complementary | Role::Dialog
        );
        let unlikely = (has_kind(r, WeightKind::Unlikely)
            && !has_kind(r, WeightKind::MaybeCandidate))
            || unlikely_role;
        if unlikely
            && live(&plan.verdicts, i)
            && !is_frame(i)
            && !matches!(
                tag(i),
                "body" | "a" | "table" | "tbody" | "tr" | "td" | "th" | "code" | "pre"
            )
            && !ctx.holds_headline(i as u32, r)
            && !ctx.holds_listing(i as u32, r)
            && !(ctx.holds_most_prose(r)
                && !unlikely_role
                && !matches!(tag(i), "header" | "footer" | "aside" | "nav" | "ul" | "ol"))
            && !(r.bylines > 0 && ctx.just_after_headline(i as u32))
            && !(ctx.byline_block(i as u32, r) && ctx.in_story_header(i as u32, r))
            && !r.has(flag::ARTICLE_REGION)
            && !in_table_or_code(ctx, i)
        {
            remove(
                ctx,
                plan,
                i,
                Reason::Structure {
                    signal: "unlikely place for the article (class, id or role)".into(),
                },
                dropped,
            );
            i = r.last_desc as usize + 1;
            continue;
        }
        i += 1;
    }
}

/// The candidates for the article: every live element that received paragraph score, with its
/// final score, best first and among equals the first in the page. The body competes too, as in
/// Readability: paragraphs loose in it make it the article; the rest of the frame does not.
fn rank_candidates(s: &Scores<'_>, plan: &Plan) -> Vec<(usize, f32)> {
    let mut ranked: Vec<(usize, f32)> = (0..s.recs.len())
        .filter(|&i| {
            s.score[i] > 0.0 && live(&plan.verdicts, i) && (!s.is_frame(i) || s.tag(i) == "body")
        })
        .map(|i| (i, s.final_score(i)))
        .collect();
    crate::order::sort_by_key(&mut ranked, |&(_, s)| crate::order::descending_f32(s));
    ranked
}

/// The article's root, if any candidate scored: the best candidate, replaced in turn by the
/// ancestor holding its near-best alternatives, by a parent that scores better, by the parent
/// it is the only child of, and by the ancestors of an article split into parts.
fn choose_top(s: &Scores<'_>, ranked: &[(usize, f32)]) -> Option<usize> {
    let &(top, top_score) = ranked.first()?;
    let top = alternatives_ancestor(s, ranked, top, top_score);
    let top = better_parent(s, top);
    let top = only_child_parent(s, top);
    Some(climb_split_article(s, top))
}

/// Several near-best candidates under one ancestor: the article is that ancestor (the nearest
/// one below the frame holding enough of them), else the best candidate.
fn alternatives_ancestor(
    s: &Scores<'_>,
    ranked: &[(usize, f32)],
    top: usize,
    top_score: f32,
) -> usize {
    let recs = s.recs;
    let alternatives: Vec<usize> = ranked
        .iter()
        .skip(1)
        .take(ALTERNATIVES_CONSIDERED)
        .filter(|(_, s)| *s >= top_score * ALTERNATIVE_SHARE)
        .map(|(i, _)| *i)
        .collect();
    if alternatives.len() >= MIN_ALTERNATIVES {
        let mut a = recs[top].parent;
        while a != NONE && !s.is_frame(a as usize) {
            let held = alternatives
                .iter()
                .filter(|&&c| s.contains(a as usize, c))
                .count();
            if held >= MIN_ALTERNATIVES {
                return a as usize;
            }
            a = recs[a as usize].parent;
        }
    }
    top
}

/// A parent that scores better than the candidate holds more of the article: going up over
/// ancestors without a score, the first scoring better is the article; one scoring far less
/// than the last on the way ends the search.
fn better_parent(s: &Scores<'_>, top: usize) -> usize {
    let recs = s.recs;
    let mut last = s.final_score(top);
    let mut a = recs[top].parent;
    while a != NONE && !s.is_frame(a as usize) {
        let score = s.final_score(a as usize);
        if score > 0.0 {
            if score < last / PARENT_MIN_SCORE_PARTS {
                break;
            }
            if score > last {
                return a as usize;
            }
            last = score;
        }
        a = recs[a as usize].parent;
    }
    top
}

/// An only child stands for its parent: the article climbs while it is its parent's one child,
/// up to the frame.
fn only_child_parent(s: &Scores<'_>, mut top: usize) -> usize {
    let recs = s.recs;
    let mut child_count = vec![0u32; recs.len()];
    for r in recs {
        if r.parent != NONE {
            child_count[r.parent as usize] += 1;
        }
    }
    while recs[top].parent != NONE
        && !s.is_frame(recs[top].parent as usize)
        && child_count[recs[top].parent as usize] == 1
    {
        top = recs[top].parent as usize;
    }
    top
}

/// An article split into parts (by ad slots, "story body" chunks, table cells): climb while
/// the parent holds much more of the page's paragraph text and is not a bar of links, up to
/// the body. Wrappers that hold no more than the candidate are looked through, not stopped at.
fn climb_split_article(s: &Scores<'_>, mut top: usize) -> usize {
    let recs = s.recs;
    let mut a = recs[top].parent;
    while a != NONE && !s.is_frame(a as usize) && s.tag(a as usize) != "body" {
        let (here, there) = (s.content(top), s.content(a as usize));
        if link_density(&recs[a as usize]) > CLIMB_MAX_LINK_DENSITY {
            break;
        }
        if there > here {
            if there * CLIMB_MIN_GROWTH.1 < here * CLIMB_MIN_GROWTH.0 {
                break;
            }
            top = a as usize;
        }
        a = recs[a as usize].parent;
    }
    top
}

/// The article's root and the siblings that continue it (split by an ad slot, say): a live
/// sibling is kept when it scores a share of the root's score (at least a floor), or is a
/// paragraph that reads as prose.
fn continuing_siblings(s: &Scores<'_>, plan: &Plan, top: usize) -> Vec<usize> {
    let recs = s.recs;
    let mut kept: Vec<usize> = vec![top];
    let parent = recs[top].parent;
    if parent != NONE {
        let threshold = (s.final_score(top) * SIBLING_SCORE_SHARE).max(SIBLING_MIN_SCORE);
        let mut c = parent as usize + 1;
        let end = recs[parent as usize].last_desc as usize;
        while c <= end {
            if c != top && live(&plan.verdicts, c) {
                let r = &recs[c];
                let ld = link_density(r);
                let paragraph_like = s.tag(c) == "p"
                    && ((r.text >= SIBLING_PARAGRAPH_TEXT && ld < PROSE_MAX_LINK_DENSITY)
                        || (r.text > 0 && r.text < SIBLING_PARAGRAPH_TEXT && ld == 0.0));
                if s.final_score(c) >= threshold || paragraph_like {
                    kept.push(c);
                }
            }
            c = recs[c].last_desc as usize + 1;
        }
    }
    kept
}

/// Headline, byline, date and lead image before the article: the live heading most like the
/// title (or an `h1`) before the article or in it is kept, and between it and the article the
/// short blocks that are not negative or bars of links, and whole paragraphs with few links.
fn keep_headline_and_extras(
    s: &Scores<'_>,
    plan: &Plan,
    title: Option<&str>,
    top: usize,
    kept: &mut Vec<usize>,
) {
    let recs = s.recs;
    let title = title.map(title_words).unwrap_or_default();
    let headline = s
        .ctx
        .analysis
        .headings()
        .iter()
        .filter(|(o, _)| live(&plan.verdicts, *o as usize))
        .map(|(o, text)| {
            let sim = title_share(&title_words(text), &title);
            (*o as usize, sim, s.tag(*o as usize) == "h1")
        })
        .filter(|(o, sim, is_h1)| {
            (*sim >= HEADLINE_MATCH || *is_h1) && (*o < top || s.in_kept(kept, *o))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(o, _, _)| o);
    let Some(h) = headline else {
        return;
    };
    if !s.in_kept(kept, h) {
        kept.push(h);
    }
    // Between the headline and the article: byline, date line, lead image.
    let mut i = recs[h].last_desc as usize + 1;
    while i < top {
        let r = &recs[i];
        if s.in_kept(kept, i) || !live(&plan.verdicts, i) {
            i = r.last_desc as usize + 1;
            continue;
        }
        if s.contains(i, top) {
            i += 1;
            continue;
        }
        // What sits between a headline and its article is the byline, the date, the
        // standfirst and the lead image (clutter there was judged already).
        let negative = has_kind(r, WeightKind::Negative)
            && !has_kind(r, WeightKind::Positive)
            && !has_kind(r, WeightKind::Byline);
        let ld = link_density(r);
        if !negative
            && r.text <= EXTRA_MAX_TEXT
            && !(r.text > EXTRA_LINKS_MIN_TEXT && ld > EXTRA_MAX_LINK_DENSITY)
        {
            kept.push(i);
            i = r.last_desc as usize + 1;
        } else if s.tag(i) == "p" {
            // A paragraph is kept whole (a standfirst, or the article's opening split off
            // from the rest) or not at all: never a link picked out of its sentence.
            if !negative && ld < STANDFIRST_MAX_LINK_DENSITY {
                kept.push(i);
            }
            i = r.last_desc as usize + 1;
        } else {
            i += 1;
        }
    }
}

/// Whether to fall back to clean mode: the kept elements hold too little text to be an
/// article, or the page's listing holds more text than they do — a page whose listing holds
/// more is a listing, and clean mode's plan (the page minus its clutter) is the better answer
/// than an article beside it.
fn too_little_article(s: &Scores<'_>, kept: &[usize]) -> bool {
    let recs = s.recs;
    let article_text: u32 = kept.iter().map(|&k| recs[k].text).sum();
    if article_text < MIN_ARTICLE_TEXT {
        return true;
    }
    let listing_text: u64 = s
        .ctx
        .listings
        .iter()
        .map(|&(o, _)| u64::from(recs[o as usize].text))
        .sum();
    listing_text > u64::from(article_text)
}

/// The page's listing (cards right after the headline: a category's posts, a shop's results)
/// is its content too, beside whatever prose the page has: each live list not already inside a
/// kept element is kept, in place of the kept elements inside it.
fn join_listing(s: &Scores<'_>, plan: &Plan, kept: &mut Vec<usize>) {
    for &(o, _) in &s.ctx.listings {
        let o = o as usize;
        if live(&plan.verdicts, o) && !s.in_kept(kept, o) {
            kept.retain(|&k| !s.contains(o, k));
            kept.push(o);
        }
    }
}

/// Inside the article, blocks that do not read like it go (Readability's "clean
/// conditionally"): a time-stamped news feed after the article's prose, or a block
/// `unlike_article` finds to be images, a list, a form or links rather than the article.
fn clean_conditionally(s: &Scores<'_>, plan: &mut Plan, kept: &[usize], dropped: &mut Vec<u32>) {
    let (ctx, recs) = (s.ctx, s.recs);
    // Elements with a block or an image as a child.
    let mut holds_blocks = vec![false; recs.len()];
    for r in recs {
        if r.parent != NONE && (r.has(flag::BLOCK) || ctx.tag(r) == "img") {
            holds_blocks[r.parent as usize] = true;
        }
    }
    let article_content: u64 = kept.iter().map(|&k| s.content(k)).sum();
    let article_prose: u64 = kept.iter().map(|&k| u64::from(recs[k].prose)).sum();
    for &k in kept {
        let mut d = k + 1;
        let end = recs[k].last_desc as usize;
        while d <= end {
            let r = &recs[d];
            if !live(&plan.verdicts, d) {
                d = r.last_desc as usize + 1;
                continue;
            }
            let feed = news_feed(ctx, d, end, article_prose)
                .then_some("time-stamped news feed after the article");
            if let Some(signal) = feed.or_else(|| {
                unlike_article(
                    ctx,
                    d,
                    s.score[d],
                    s.content(d),
                    article_content,
                    holds_blocks[d],
                )
            }) {
                remove(
                    ctx,
                    plan,
                    d,
                    Reason::Structure {
                        signal: signal.into(),
                    },
                    dropped,
                );
                d = r.last_desc as usize + 1;
                continue;
            }
            d += 1;
        }
    }
}

/// Everything outside: the largest live elements that hold no kept one go; those that hold
/// one stay as a bare skeleton; the head is left alone.
fn remove_outside(s: &Scores<'_>, plan: &mut Plan, kept: &mut Vec<usize>, dropped: &mut Vec<u32>) {
    let recs = s.recs;
    crate::order::sort_by_key(kept, |&k| crate::order::key_of(k));
    let holds_kept = |i: usize, kept: &[usize]| kept.iter().any(|&k| s.contains(i, k));
    let mut i = 0;
    while i < recs.len() {
        let r = &recs[i];
        if s.tag(i) == "head" || r.has(flag::IN_HEAD) {
            i = r.last_desc as usize + 1;
            continue;
        }
        if s.in_kept(kept, i) {
            i = r.last_desc as usize + 1;
            continue;
        }
        if holds_kept(i, kept) {
            if matches!(plan.verdicts[i], Verdict::Keep) {
                plan.verdicts[i] = Verdict::Skeleton;
            }
            i += 1;
            continue;
        }
        if live(&plan.verdicts, i) {
            remove(
                s.ctx,
                plan,
                i,
                Reason::Structure {
                    signal: "outside the article".into(),
                },
                dropped,
            );
        }
        i = r.last_desc as usize + 1;
    }
}
