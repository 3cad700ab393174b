//! The evidence against an element, strongest first (`candidates`): a cosmetic rule, a
//! hidden-content signal, a word pattern on `class`/`id`/`data-*`, the markup's structure
//! (landmarks, overlays, sign-up forms, link bars, teaser cards), the element's own words.

use super::phrase_block::phrase_block;
use super::teasers::teaser_card;
use super::{
    link_dense, phrase_support, Candidate, Ctx, Strength, ALL_LINKS_SHARE, MOST_SHARE,
    PHRASE_MIN_SCORE,
};
use crate::analysis::{flag, Record, Role, TokenAttr, NONE};
use crate::category::Category;
use crate::report::Reason;
use crate::rules::WeightKind;

/// The built-in list of ways of hiding things.
const HIDDEN_LIST: &str = "rules/lists/hidden.txt";
/// A hidden panel needs this much text to count as one (`opened_panel`): a label or a lone
/// price is not a panel of content.
const PANEL_MIN_TEXT: u32 = 40;
/// A walk up from an element's predecessor to its previous sibling stops after this many steps.
const SIBLING_CLIMB_MAX: u32 = 256;
/// A hover card holds at least this much text (a name and a line about it) ...
const HOVER_CARD_MIN: u32 = 40;
/// ... and ends in a link of at most this much ("MORE", "Profile").
const HOVER_CARD_LINK_MAX: u32 = 20;
/// A bar of links before the headline holds at most this much text.
const LINK_BAR_MAX: u32 = 400;
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

pub(super) fn candidates(ctx: &Ctx<'_>, ord: u32, r: &Record) -> Vec<Candidate> {
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
            .filter(|rule| !(builtin_hidden(rule) && opened_panel(ctx, ord, r)))
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
    if let Some(signal) = hidden_signal(r).filter(|_| !opened_panel(ctx, ord, r)) {
        out.push(Candidate {
            category: hidden_as(),
            reason: Reason::Structure {
                signal: signal.to_string(),
            },
            strength: Strength::Hidden,
        });
    }
    if r.token > 0 && !repeated_ask(ctx, r) {
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

/// A class word of a call to action (`cta`, `signup-box`) on a row of cards (`card_tokens`):
/// a page asks for money or an address in a box or two, not in every item of a grid, so these are
/// its listing's items styled as calls to action (recipes, trails, services), not asks.
fn repeated_ask(ctx: &Ctx<'_>, r: &Record) -> bool {
    r.text > 0
        && ctx
            .tokens
            .pattern(r.token - 1)
            .is_some_and(|p| matches!(p.category, Category::Membership | Category::Newsletter))
        && ctx.card_tokens.contains(&r.token)
}

/// A hidden panel that a control on the page opens (a tab's panel, an accordion's body, an FAQ's
/// answer, a product's specifications): content the reader opens, not hidden clutter. It is
/// opened by a control (`aria-controls`, `data-target`, a link to its id), is a `tabpanel`, or it
/// or its parent names a panel (`[panel]` in weights.txt); it names no overlay (`[overlay]`: a
/// modal, a menu, a drop-down), is no dialog or menu, and is not a list of links.
fn opened_panel(ctx: &Ctx<'_>, ord: u32, r: &Record) -> bool {
    let panel = 1 << WeightKind::Panel as u8;
    let overlay = 1 << WeightKind::Overlay as u8;
    let parent_kinds = ctx.recs.get(r.parent as usize).map_or(0, |p| p.kinds);
    let opened = r.has(flag::CONTROLLED)
        || r.role == Role::TabPanel
        || r.kinds & panel != 0
        || parent_kinds & panel != 0
        || (r.prose > 0 && after_a_toggle(ctx, ord, r));
    opened
        && r.kinds & overlay == 0
        && !r.has(flag::DIALOG | flag::FIXED)
        && !matches!(r.role, Role::Dialog | Role::Menu | Role::Navigation)
        && r.text >= PANEL_MIN_TEXT
        && !link_dense(r)
}

/// Whether the element right before `r` (element `ord`) among its parent's children is a heading
/// or a button: the question of an accordion whose answer `r` is, shown when it is clicked.
fn after_a_toggle(ctx: &Ctx<'_>, ord: u32, r: &Record) -> bool {
    if ord == 0 || r.parent == NONE || r.parent == ord - 1 {
        return false;
    }
    let mut q = ord - 1;
    for _ in 0..SIBLING_CLIMB_MAX {
        let Some(rec) = ctx.recs.get(q as usize) else {
            return false;
        };
        if rec.parent == r.parent {
            return rec.has(flag::HEADING);
        }
        if rec.parent == NONE {
            return false;
        }
        q = rec.parent;
    }
    false
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
