//! Teaser cards (a block that is one link) and the pages and listings made of them, where they
//! are content rather than teasers beside it.

use super::ALL_LINKS_SHARE;
use crate::analysis::{flag, Analysis, Record, NONE};

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
/// A teaser card holds at least this much text (a title, a line) ...
const TEASER_CARD_MIN: u32 = 60;
/// ... and at most this much (more is a section, not a card).
const TEASER_CARD_MAX: u32 = 600;
/// A teaser card is one link, or at most this many (an image's and a title's).
const TEASER_CARD_LINKS_MAX: u16 = 2;

/// A block that is one link (or two: an image's and a title's) with a line or two of text: a
/// teaser for another page.
pub(super) fn teaser_card(tag: &str, r: &Record) -> bool {
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
pub(super) fn card_page(analysis: &Analysis, total_text: u64, total_prose: u64) -> bool {
    let (cards, card_text) = cards_in(analysis, 0..analysis.records().len());
    cards >= CARD_PAGE_MIN
        && card_text * CARD_PAGE_TEXT_SHARE >= total_text
        && card_text > total_prose
}

/// The visible teaser cards (outermost: what is inside a card is the card's) among elements
/// `range`, and their text.
pub(super) fn cards_in(analysis: &Analysis, range: std::ops::Range<usize>) -> (u32, u64) {
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
pub(super) fn listings(analysis: &Analysis, headline: Option<u32>) -> Vec<(u32, u32)> {
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
