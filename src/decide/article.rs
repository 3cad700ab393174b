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
use crate::analysis::{flag, Record, Role, NONE};
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
/// ... and, past this much text, not mostly links (at most `EXTRA_LINK_DENSITY_MAX`).
const EXTRA_LINKS_TEXT: u32 = 20;
const EXTRA_LINK_DENSITY_MAX: f32 = 0.6;
/// A paragraph between the headline and the article (a standfirst) is kept below this link
/// density.
const LEAD_PARAGRAPH_LINK_DENSITY_MAX: f32 = 0.5;
/// Near-best candidates looked at for a shared ancestor (after the best).
const ALTERNATIVES_SEEN: usize = 4;
/// Climbing from the candidate stops at a scored parent under 1/this of the last score.
const PARENT_SCORE_FALL: f32 = 3.0;
/// An article split into parts: climb only into a parent that is not a bar of links ...
const CLIMB_LINK_DENSITY_MAX: f32 = 0.4;
/// ... and that holds at least 5/4 of the candidate's paragraph text.
const CLIMB_CONTENT_GAIN: (u64, u64) = (5, 4);
/// A sibling continues the article when it scores at least this share of the article's score
/// (and at least `SIBLING_SCORE_MIN`), as in Readability.
const SIBLING_SCORE_SHARE: f32 = 0.2;
const SIBLING_SCORE_MIN: f32 = 10.0;
/// Or when it is a paragraph: this long with links under `SIBLING_PARAGRAPH_LINK_DENSITY`, or
/// shorter with no link at all (Readability's numbers).
const SIBLING_PARAGRAPH_TEXT: u32 = 80;
const SIBLING_PARAGRAPH_LINK_DENSITY: f32 = 0.25;
/// A news feed has at least this many time stamps ...
const FEED_MIN_STAMPS: u16 = 2;
/// ... and at most this much text per stamp (visible characters): a headline and a line or two.
const FEED_ITEM_MAX: u32 = 320;
/// Visible characters before its first stamp: at most a heading ("News Feed", "Latest").
const FEED_HEAD_MAX: u32 = 40;
/// A time stamp's element holds at most this much text.
const STAMP_TEXT_MAX: u32 = 16;

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
    for _ in 0..256 {
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

/// Visible characters a picture's caption may have (credit included).
const CAPTION_MAX: u32 = 300;

/// Why a block inside the article does not read like the article, if it does not. The tests and
/// their numbers (link density 0.2 and 0.5 by class weight, an input per three paragraphs, half a
/// paragraph per image, 25 characters, 10 commas, 100 list items) are Readability.js's
/// `_cleanConditionally`, kept as it writes them so that the two can be compared line by line.
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
    if tag == "div" && !holds_blocks && link_density(r) < 0.5 {
        return None;
    }
    // Never a block that carries much of the article, its headline, or its byline and date.
    if content * 4 >= article_content || r.h1s > 0 || r.bylines > 0 {
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
    let prose = r.paras > 0 && link_density(r) < 0.25;
    if weight + score < 0.0 && !picture && !prose {
        return Some("negative class inside the article");
    }
    // On a page of teaser cards (a listing, a grid), the cards are what the page holds; in the
    // page's listing, so are the rows and wrappers that group them.
    if (ctx.card_page && super::teaser_card(tag, r)) || ctx.in_listing(i as u32) {
        return None;
    }
    // Paragraphs of prose are the article's, whatever surrounds them.
    if r.commas >= 10 || tag == "table" || r.paras > 0 {
        return None;
    }
    let (p, img, li, input) = (
        f32::from(r.ps),
        f32::from(r.images),
        f32::from(r.lis) - 100.0,
        f32::from(r.inputs),
    );
    let is_list = matches!(tag, "ul" | "ol");
    // A list of which every item is an image is a gallery (Readability keeps it too).
    if is_list && r.lis > 0 && r.images == r.lis {
        return None;
    }
    let ld = link_density(r);
    if img > 1.0 && p / img < 0.5 {
        Some("images without text inside the article")
    } else if !is_list && li > p {
        Some("list-like block inside the article")
    } else if input > (p / 3.0).floor() {
        Some("form-like block inside the article")
    } else if !is_list && r.text < 25 && (img == 0.0 || img > 2.0) && ld > 0.0 {
        Some("links without text inside the article")
    } else if (!is_list && weight < 25.0 && ld > 0.2) || (weight >= 25.0 && ld > 0.5) {
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
        || u64::from(r.prose) * 2 >= article_prose
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

/// Turns a clean-mode plan into an article-mode plan.
pub(crate) fn apply(
    ctx: &Ctx<'_>,
    plan: &mut Plan,
    title: Option<&str>,
    strip_unlikely: bool,
) -> Outcome {
    let recs = ctx.recs;
    let n = recs.len();
    let live =
        |v: &[Verdict], i: usize| matches!(v.get(i), Some(Verdict::Keep | Verdict::Unwrap(_)));
    let tag = |i: usize| ctx.tag(&recs[i]);
    let is_frame = |i: usize| {
        matches!(tag(i), "html" | "body") || recs[i].has(flag::IN_HEAD) || tag(i) == "head"
    };

    // Unlikely places for an article (class words like `sidebar`, `legends`, `comment`, and
    // menu or dialog roles) take no part, as Readability's first attempt does.
    let mut dropped: Vec<u32> = Vec::new();
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
            && strip_unlikely
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
                &mut dropped,
            );
            i = r.last_desc as usize + 1;
            continue;
        }
        i += 1;
    }

    // Scores.
    let mut score = vec![0f32; n];
    for &(p, s, _) in &ctx.analysis.paragraphs {
        if !live(&plan.verdicts, p as usize) {
            continue;
        }
        let mut a = recs[p as usize].parent;
        for level in 0..SCORE_LEVELS {
            if a == NONE {
                break;
            }
            let share = match level {
                0 => 1.0,
                1 => 0.5,
                l => 1.0 / (l as f32 * 3.0),
            };
            score[a as usize] += s * share;
            a = recs[a as usize].parent;
        }
    }
    let final_score = |i: usize| -> f32 {
        if score[i] <= 0.0 {
            return 0.0;
        }
        (score[i] + tag_weight(tag(i)) + class_weight(&recs[i])) * (1.0 - link_density(&recs[i]))
    };
    // The body competes too, as in Readability: paragraphs loose in it make it the article.
    let mut ranked: Vec<(usize, f32)> = (0..n)
        .filter(|&i| {
            score[i] > 0.0 && live(&plan.verdicts, i) && (!is_frame(i) || tag(i) == "body")
        })
        .map(|i| (i, final_score(i)))
        .collect();
    // Best first; among equals, the first in the page.
    crate::order::sort_by_key(&mut ranked, |&(_, s)| crate::order::descending_f32(s));
    let Some(&(mut top, top_score)) = ranked.first() else {
        return Outcome { fell_back: true };
    };

    let contains = |a: usize, b: usize| b >= a && b <= recs[a].last_desc as usize;
    // Several near-best candidates under one ancestor: the article is that ancestor.
    let alternatives: Vec<usize> = ranked
        .iter()
        .skip(1)
        .take(ALTERNATIVES_SEEN)
        .filter(|(_, s)| *s >= top_score * ALTERNATIVE_SHARE)
        .map(|(i, _)| *i)
        .collect();
    if alternatives.len() >= MIN_ALTERNATIVES {
        let mut a = recs[top].parent;
        while a != NONE && !is_frame(a as usize) {
            let held = alternatives
                .iter()
                .filter(|&&c| contains(a as usize, c))
                .count();
            if held >= MIN_ALTERNATIVES {
                top = a as usize;
                break;
            }
            a = recs[a as usize].parent;
        }
    }
    // A parent that scores better than the candidate holds more of the article.
    let mut last = final_score(top);
    let mut a = recs[top].parent;
    while a != NONE && !is_frame(a as usize) {
        let s = final_score(a as usize);
        if s > 0.0 {
            if s < last / PARENT_SCORE_FALL {
                break;
            }
            if s > last {
                top = a as usize;
                break;
            }
            last = s;
        }
        a = recs[a as usize].parent;
    }
    // An only child stands for its parent.
    let mut child_count = vec![0u32; n];
    for r in recs {
        if r.parent != NONE {
            child_count[r.parent as usize] += 1;
        }
    }
    while recs[top].parent != NONE
        && !is_frame(recs[top].parent as usize)
        && child_count[recs[top].parent as usize] == 1
    {
        top = recs[top].parent as usize;
    }

    // Content: the text of live scored paragraphs, summed over a subtree by binary search (the
    // paragraphs are in document order, a subtree is an ordinal range).
    let units: Vec<(u32, u64)> = {
        let mut acc = 0u64;
        let mut v = vec![(0u32, 0u64)];
        for &(p, _, len) in &ctx.analysis.paragraphs {
            if live(&plan.verdicts, p as usize) {
                acc += u64::from(len);
                v.push((p + 1, acc));
            }
        }
        v
    };
    let content = |i: usize| -> u64 {
        let before = |o: u32| units.partition_point(|&(q, _)| q <= o).saturating_sub(1);
        let lo = units[before(i as u32)].1;
        let hi = units[before(recs[i].last_desc + 1)].1;
        hi.saturating_sub(lo)
    };
    // An article split into parts (by ad slots, "story body" chunks, table cells): climb while
    // the parent holds much more of the page's paragraph text and is not a bar of links.
    // Wrappers that hold no more than the candidate are looked through, not stopped at.
    let mut a = recs[top].parent;
    while a != NONE && !is_frame(a as usize) && tag(a as usize) != "body" {
        let (here, there) = (content(top), content(a as usize));
        if link_density(&recs[a as usize]) > CLIMB_LINK_DENSITY_MAX {
            break;
        }
        if there > here {
            if there * CLIMB_CONTENT_GAIN.1 < here * CLIMB_CONTENT_GAIN.0 {
                break;
            }
            top = a as usize;
        }
        a = recs[a as usize].parent;
    }

    // Siblings that continue the article (split by an ad slot, say).
    let mut kept: Vec<usize> = vec![top];
    let parent = recs[top].parent;
    if parent != NONE {
        let threshold = (final_score(top) * SIBLING_SCORE_SHARE).max(SIBLING_SCORE_MIN);
        let mut c = parent as usize + 1;
        let end = recs[parent as usize].last_desc as usize;
        while c <= end {
            if c != top && live(&plan.verdicts, c) {
                let r = &recs[c];
                let ld = link_density(r);
                let paragraph_like = tag(c) == "p"
                    && ((r.text >= SIBLING_PARAGRAPH_TEXT && ld < SIBLING_PARAGRAPH_LINK_DENSITY)
                        || (r.text > 0 && r.text < SIBLING_PARAGRAPH_TEXT && ld == 0.0));
                if final_score(c) >= threshold || paragraph_like {
                    kept.push(c);
                }
            }
            c = recs[c].last_desc as usize + 1;
        }
    }

    // Headline, byline, date and lead image before the article.
    let in_kept = |kept: &[usize], i: usize| kept.iter().any(|&k| contains(k, i));
    let title = title.map(title_words).unwrap_or_default();
    let headline = ctx
        .analysis
        .headings
        .iter()
        .filter(|(o, _)| live(&plan.verdicts, *o as usize))
        .map(|(o, text)| {
            let sim = title_share(&title_words(text), &title);
            (*o as usize, sim, tag(*o as usize) == "h1")
        })
        .filter(|(o, sim, is_h1)| {
            (*sim >= HEADLINE_MATCH || *is_h1) && (*o < top || in_kept(&kept, *o))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(o, _, _)| o);
    if let Some(h) = headline {
        if !in_kept(&kept, h) {
            kept.push(h);
        }
        // Between the headline and the article: byline, date line, lead image.
        let mut i = recs[h].last_desc as usize + 1;
        while i < top {
            let r = &recs[i];
            if in_kept(&kept, i) || !live(&plan.verdicts, i) {
                i = r.last_desc as usize + 1;
                continue;
            }
            if contains(i, top) {
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
                && !(r.text > EXTRA_LINKS_TEXT && ld > EXTRA_LINK_DENSITY_MAX)
            {
                kept.push(i);
                i = r.last_desc as usize + 1;
            } else if tag(i) == "p" {
                // A paragraph is kept whole (a standfirst, or the article's opening split off
                // from the rest) or not at all: never a link picked out of its sentence.
                if !negative && ld < LEAD_PARAGRAPH_LINK_DENSITY_MAX {
                    kept.push(i);
                }
                i = r.last_desc as usize + 1;
            } else {
                i += 1;
            }
        }
    }

    let article_text: u32 = kept.iter().map(|&k| recs[k].text).sum();
    if article_text < MIN_ARTICLE_TEXT {
        return Outcome { fell_back: true };
    }
    // A page whose listing holds more text than the article found is a listing: clean mode's
    // plan (the page minus its clutter) is the better answer than an article beside it.
    let listing_text: u64 = ctx
        .listings
        .iter()
        .map(|&(o, _)| u64::from(recs[o as usize].text))
        .sum();
    if listing_text > u64::from(article_text) {
        return Outcome { fell_back: true };
    }

    // The page's listing (cards right after the headline: a category's posts, a shop's results)
    // is its content too, beside whatever prose the page has.
    for &(o, _) in &ctx.listings {
        let o = o as usize;
        if live(&plan.verdicts, o) && !in_kept(&kept, o) {
            kept.retain(|&k| !contains(o, k));
            kept.push(o);
        }
    }

    // Elements with a block or an image as a child.
    let mut holds_blocks = vec![false; n];
    for r in recs {
        if r.parent != NONE && (r.has(flag::BLOCK) || ctx.tag(r) == "img") {
            holds_blocks[r.parent as usize] = true;
        }
    }
    // Inside the article, blocks that do not read like it go (Readability's "clean conditionally").
    let article_content: u64 = kept.iter().map(|&k| content(k)).sum();
    let article_prose: u64 = kept.iter().map(|&k| u64::from(recs[k].prose)).sum();
    for &k in &kept {
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
                    score[d],
                    content(d),
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
                    &mut dropped,
                );
                d = r.last_desc as usize + 1;
                continue;
            }
            d += 1;
        }
    }

    // Everything outside: the largest elements that hold no kept one go.
    crate::order::sort_by_key(&mut kept, |&k| crate::order::key_of(k));
    let holds_kept = |i: usize, kept: &[usize]| kept.iter().any(|&k| contains(i, k));
    let mut i = 0;
    while i < n {
        let r = &recs[i];
        if tag(i) == "head" || r.has(flag::IN_HEAD) {
            i = r.last_desc as usize + 1;
            continue;
        }
        if in_kept(&kept, i) {
            i = r.last_desc as usize + 1;
            continue;
        }
        if holds_kept(i, &kept) {
            if matches!(plan.verdicts[i], Verdict::Keep) {
                plan.verdicts[i] = Verdict::Skeleton;
            }
            i += 1;
            continue;
        }
        if live(&plan.verdicts, i) {
            remove(
                ctx,
                plan,
                i,
                Reason::Structure {
                    signal: "outside the article".into(),
                },
                &mut dropped,
            );
        }
        i = r.last_desc as usize + 1;
    }
    plan.forget(&dropped);
    Outcome { fell_back: false }
}
