//! Kinds of page the cleaner tells apart (a leaf module: the analysis pass reads what a page
//! declares, the decisions add what its structure shows, the result reports both).

use serde::Serialize;

/// What kind of page was cleaned, and why it was taken for one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageType {
    /// The kind.
    pub kind: PageKind,
    /// What decided it, in words (`schema.org DiscussionForumPosting`, `7 teaser cards after
    /// the headline`, ...).
    pub evidence: String,
}

/// Kinds of page, as the cleaner tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// One article: a news story, a blog post, a guide.
    Article,
    /// A thread of posts: a forum, questions and answers.
    Forum,
    /// A product's page in a shop.
    Product,
    /// A listing or a collection: a category's posts, a shop's results, search results.
    Listing,
    /// Documentation: reference pages, manuals.
    Documentation,
    /// None of these, or not told apart: a landing or service page, a page with no article.
    Other,
}

impl PageKind {
    /// Every kind, in the order the TypeScript union and the page list them.
    pub const ALL: [PageKind; 6] = [
        PageKind::Article,
        PageKind::Forum,
        PageKind::Product,
        PageKind::Listing,
        PageKind::Documentation,
        PageKind::Other,
    ];

    /// Its name as the result and the CLI write it.
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Article => "article",
            PageKind::Forum => "forum",
            PageKind::Product => "product",
            PageKind::Listing => "listing",
            PageKind::Documentation => "documentation",
            PageKind::Other => "other",
        }
    }
}
