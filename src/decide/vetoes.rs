//! Vetoes: when evidence against an element is refused. The weaker the evidence, the more
//! readily: much prose, the headline, a listing, a byline, words inside a paragraph, an
//! implicitly-closed element that would take following prose with it.

use super::{link_dense, phrase_support, Candidate, Ctx, Strength};
use crate::analysis::{flag, Record, TokenAttr};
use crate::category::Category;

/// Heuristic (non-rule) evidence is vetoed when the element holds this share of the page's prose.
const HEURISTIC_MAX_PROSE_SHARE: u64 = 4; // 1/4
/// Phrase score at which an element's words vouch for weaker evidence about it.
const STRONG_PHRASE_SUPPORT: u32 = 8;
/// The prose share such vouched-for evidence may take: 9/20 = 45%.
const STRONG_MAX_PROSE_SHARE: (u64, u64) = (9, 20);
/// Heuristic evidence about an element in the article's core is vetoed when it holds this many
/// paragraphs of prose that say nothing of clutter: it is part of the article.
const CORE_CLEAN_PARAS: u32 = 2;
/// ... and one more for each this much phrase support, when the element's words vouch for it.
const SUPPORT_PER_CLEAN_PARA: u32 = 4;
/// An article region with this many paragraphs is the article's, unless its words vouch for
/// the evidence.
const ARTICLE_REGION_PARAS: u16 = 2;

pub(super) fn vetoed(ctx: &Ctx<'_>, ord: u32, r: &Record, c: &Candidate) -> bool {
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

/// Heuristic evidence may not take this share of the page's prose; with strong support from the
/// element's own words, a larger one (never most of it: that is the article).
pub(super) fn too_much_prose(ctx: &Ctx<'_>, r: &Record, strong: bool) -> bool {
    let share = if strong {
        STRONG_MAX_PROSE_SHARE
    } else {
        (1, HEURISTIC_MAX_PROSE_SHARE)
    };
    r.prose > 0 && u64::from(r.prose) * share.1 >= ctx.total_prose * share.0
}
