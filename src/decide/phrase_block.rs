//! Phrase blocks: short call-to-action-like blocks recognised by their words, in tiers by
//! length (label, short, medium, long), each needing more and heavier phrases than the last.

use super::vetoes::too_much_prose;
use super::{Ctx, PHRASE_MIN_SCORE};
use crate::analysis::{flag, Record};
use crate::category::Category;

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

/// A short call-to-action-like block recognised by its words.
pub(super) fn phrase_block(ctx: &Ctx<'_>, ord: u32, r: &Record) -> Option<(Category, u32)> {
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
