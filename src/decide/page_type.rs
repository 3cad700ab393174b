//! What kind of page this is: what the page declares (schema.org types, `og:type`), what its
//! structure shows (a listing of teaser cards, blocks of code), and what article mode found.

use super::Ctx;
use crate::page_kind::{PageKind, PageType};

/// Documentation shows code: at least this many `pre` blocks (on WCXB's dev pages, two thirds
/// of the pages with six or more are documentation; most articles have none).
const DOC_CODE_BLOCKS: usize = 6;

/// What article mode concluded.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Answer {
    /// Clean mode: no article was looked for.
    NotAsked,
    /// An article, holding this percentage of the text clean mode keeps.
    Article { share: u8 },
    /// An article too small a part of a page that does not say it is one (percentage as above).
    SmallPart { share: u8 },
    /// No article stood out.
    NoArticle,
}

/// The page's kind and the evidence, strongest first: a declared thread, product, listing or
/// documentation page; a listing of teaser cards; blocks of code; then the article (declared or
/// found).
pub(crate) fn classify(ctx: &Ctx<'_>, answer: Answer) -> PageType {
    let page = |kind, evidence: String| PageType { kind, evidence };
    let declared = ctx.analysis.meta().declared_kind();
    if let Some((kind, evidence)) = declared.clone().filter(|(k, _)| *k != PageKind::Article) {
        return page(kind, evidence);
    }
    if let Some(&(first, last)) = ctx.listings.first() {
        let (cards, _) = super::teasers::cards_in(ctx.analysis, first as usize..last as usize + 1);
        return page(
            PageKind::Listing,
            format!("a list of {cards} teaser cards after the headline"),
        );
    }
    if ctx.card_page {
        return page(PageKind::Listing, "the page is made of teaser cards".into());
    }
    let code = ctx
        .recs
        .iter()
        .filter(|r| r.text > 0 && ctx.tag(r) == "pre")
        .count();
    if code >= DOC_CODE_BLOCKS && !matches!(declared, Some((PageKind::Article, _))) {
        return page(PageKind::Documentation, format!("{code} blocks of code"));
    }
    match (answer, declared) {
        (Answer::Article { share }, Some((_, said))) => page(
            PageKind::Article,
            format!("{said}; the article holds {share}% of the page's text without its clutter"),
        ),
        (Answer::Article { share }, None) => page(
            PageKind::Article,
            format!("the article holds {share}% of the page's text without its clutter"),
        ),
        (_, Some((_, said))) => page(PageKind::Article, said),
        (Answer::SmallPart { share }, None) => page(
            PageKind::Other,
            format!("the article found holds {share}% of the page's text without its clutter, and the page does not say it is an article"),
        ),
        (Answer::NoArticle, None) => page(PageKind::Other, "no article stood out".into()),
        (Answer::NotAsked, None) => page(
            PageKind::Other,
            "clean mode does not look for an article".into(),
        ),
    }
}
