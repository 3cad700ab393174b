//! Clutter categories: the names users switch off and the report groups by.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of thing a removal was. These names are part of the API (CLI `--keep`, JSON, JS).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Ad slots, sponsored and promoted boxes, "Advertisement" labels.
    Ads,
    /// Paywall overlays and gates, "subscribe to keep reading", blur/truncation wrappers.
    Paywall,
    /// Membership and donation drives: "Become a member", "Support us", "Remind me later".
    Membership,
    /// Newsletter sign-up boxes: "Enter your email", "* indicates required".
    Newsletter,
    /// Cookie and privacy-consent banners.
    Consent,
    /// Share and follow bars.
    Social,
    /// More news, news feeds, editors' picks, recommendations, teasers.
    Related,
    /// Comment sections and comment forms.
    Comments,
    /// Site header, menus, breadcrumbs, footers, "Skip to content".
    Navigation,
    /// Content a reader never sees (`hidden`, `display:none`, `aria-hidden`).
    Hidden,
    /// Article mode only: outside the article, with no more specific category.
    Other,
    /// Removed by the sanitizer (scripts, frames, forms controls, ...). Never restorable.
    Unsafe,
}

/// Everything about a category that the rest of the crate, the binding, the CLI and the page need:
/// one row per category in [`TABLE`], in [`Category`]'s order (checked when compiling). A new
/// category is a variant of the enum and a row here; `www/categories.js` is generated from this
/// table (`cargo run --example categories > www/categories.js`, checked by the tests).
pub(crate) struct Info {
    /// The category the row describes.
    pub(crate) category: Category,
    /// The API name (`--keep`, JSON, JavaScript, lexicon sections, `! category:` lines).
    pub(crate) name: &'static str,
    /// What the page calls the group of its removals.
    pub(crate) label: &'static str,
    /// What one removal is, as a reader would say it (empty: the page explains it otherwise).
    pub(crate) what: &'static str,
    /// Whether it is clutter, which a user can keep (all but `unsafe`).
    pub(crate) clutter: bool,
    /// For categories the phrase lexicons have a section for: the tie-break rank of a block's
    /// phrase category when several score alike (0 first). These are the first categories.
    pub(crate) phrase_rank: Option<u8>,
}

/// One row of [`TABLE`].
const fn row(
    category: Category,
    name: &'static str,
    label: &'static str,
    what: &'static str,
    phrase_rank: Option<u8>,
) -> Info {
    Info {
        category,
        name,
        label,
        what,
        clutter: !matches!(category, Category::Unsafe),
        phrase_rank,
    }
}

/// The category table (see [`Info`]).
pub(crate) const TABLE: [Info; 12] = [
    row(
        Category::Ads,
        "ads",
        "Ads",
        "An advertisement or ad space.",
        Some(8),
    ),
    row(
        Category::Paywall,
        "paywall",
        "Paywall",
        "A paywall prompt or overlay.",
        Some(3),
    ),
    row(
        Category::Membership,
        "membership",
        "Membership and donation drives",
        "An appeal to become a member or donate.",
        Some(2),
    ),
    row(
        Category::Newsletter,
        "newsletter",
        "Newsletter sign-ups",
        "A newsletter sign-up.",
        Some(1),
    ),
    row(
        Category::Consent,
        "consent",
        "Cookie and consent banners",
        "A cookie or consent banner.",
        Some(0),
    ),
    row(
        Category::Social,
        "social",
        "Share and follow buttons",
        "Share or follow buttons.",
        Some(4),
    ),
    row(
        Category::Related,
        "related",
        "Related and more news",
        "Links to related or more stories.",
        Some(6),
    ),
    row(
        Category::Comments,
        "comments",
        "Comments",
        "Comments, or a form to comment.",
        Some(5),
    ),
    row(
        Category::Navigation,
        "navigation",
        "Site navigation",
        "The site’s menus and navigation.",
        Some(7),
    ),
    row(
        Category::Hidden,
        "hidden",
        "Hidden elements",
        "Something the page itself hides from its readers.",
        None,
    ),
    row(
        Category::Other,
        "other",
        "Other parts of the page (article mode)",
        "A part of the page outside the article.",
        None,
    ),
    row(
        Category::Unsafe,
        "unsafe",
        "Unsafe markup (scripts, styles, frames)",
        "",
        None,
    ),
];

/// Which rows a count or a selection takes.
#[derive(Clone, Copy)]
enum Rows {
    All,
    Clutter,
    Phrases,
}

const fn takes(rows: Rows, i: &Info) -> bool {
    match rows {
        Rows::All => true,
        Rows::Clutter => i.clutter,
        Rows::Phrases => i.phrase_rank.is_some(),
    }
}

/// How many rows of [`TABLE`] `rows` takes (const: the arrays below are sized by it).
const fn count(rows: Rows) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < TABLE.len() {
        if takes(rows, &TABLE[i]) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The categories of the rows `rows` takes, in table order.
const fn select<const N: usize>(rows: Rows) -> [Category; N] {
    let mut out = [Category::Ads; N];
    let (mut i, mut n) = (0, 0);
    while i < TABLE.len() {
        if takes(rows, &TABLE[i]) {
            out[n] = TABLE[i].category;
            n += 1;
        }
        i += 1;
    }
    out
}

/// How many categories the phrase lexicons have sections for.
pub(crate) const PHRASE_CATS: usize = count(Rows::Phrases);

/// The phrase categories by tie-break rank (first wins).
pub(crate) const PHRASE_ORDER: [Category; PHRASE_CATS] = {
    let mut out = [Category::Ads; PHRASE_CATS];
    let mut i = 0;
    while i < PHRASE_CATS {
        match TABLE[i].phrase_rank {
            Some(r) => out[r as usize] = TABLE[i].category,
            None => panic!("the phrase categories come first in the table"),
        }
        i += 1;
    }
    out
};

// The table is in the enum's order, the phrase categories first, their ranks a permutation
// (checked when compiling).
const _: () = {
    let mut i = 0;
    while i < TABLE.len() {
        assert!(
            TABLE[i].category as usize == i,
            "TABLE is out of Category's order"
        );
        assert!(
            TABLE[i].phrase_rank.is_some() == (i < PHRASE_CATS),
            "phrase categories first"
        );
        let mut j = 0;
        while j < i {
            if let (Some(a), Some(b)) = (TABLE[i].phrase_rank, TABLE[j].phrase_rank) {
                assert!(a != b, "two phrase categories share a rank");
            }
            j += 1;
        }
        if let Some(r) = TABLE[i].phrase_rank {
            assert!((r as usize) < PHRASE_CATS, "a phrase rank is out of range");
        }
        i += 1;
    }
};

impl Category {
    /// The clutter categories, in report order (without [`Category::Unsafe`]).
    pub const CLUTTER: [Category; count(Rows::Clutter)] = select(Rows::Clutter);

    /// All categories, clutter first, then `unsafe`.
    pub const ALL: [Category; TABLE.len()] = select(Rows::All);

    /// The API name (`"ads"`, `"paywall"`, ...).
    pub const fn name(self) -> &'static str {
        TABLE[self as usize].name
    }

    /// What the page and the CLI call the group of this category's removals.
    pub const fn label(self) -> &'static str {
        TABLE[self as usize].label
    }

    /// What one removal of this category is, as a reader would say it (empty for `unsafe`, whose
    /// removals say what they were).
    pub const fn what(self) -> &'static str {
        TABLE[self as usize].what
    }

    /// Position in [`Category::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of the categories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCategory(pub String);

impl fmt::Display for UnknownCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown category `{}` (known: ", self.0)?;
        for (i, c) in Category::CLUTTER.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(c.name())?;
        }
        f.write_str(")")
    }
}

impl FromStr for Category {
    type Err = UnknownCategory;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Category::ALL
            .iter()
            .copied()
            .find(|c| c.name().eq_ignore_ascii_case(t))
            .ok_or_else(|| UnknownCategory(t.to_string()))
    }
}

/// A set of categories (a bit set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CategorySet(u16);

impl CategorySet {
    /// No category.
    pub const EMPTY: CategorySet = CategorySet(0);

    /// Whether `c` is in the set.
    pub const fn contains(self, c: Category) -> bool {
        self.0 & c.bit() != 0
    }

    /// Adds `c`.
    pub fn insert(&mut self, c: Category) {
        self.0 |= c.bit();
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The members, in [`Category::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Category> {
        Category::ALL.into_iter().filter(move |c| self.contains(*c))
    }

    /// Parses a comma-separated list such as `"social,comments"`.
    ///
    /// # Errors
    /// The first name that is not a category.
    pub fn parse_list(list: &str) -> Result<Self, UnknownCategory> {
        let mut set = CategorySet::EMPTY;
        for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            set.insert(part.parse()?);
        }
        Ok(set)
    }
}

impl FromIterator<Category> for CategorySet {
    fn from_iter<I: IntoIterator<Item = Category>>(iter: I) -> Self {
        let mut set = CategorySet::EMPTY;
        for c in iter {
            set.insert(c);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Category::ALL {
            assert_eq!(c.name().parse::<Category>(), Ok(c));
            assert_eq!(Category::ALL[c.index()], c);
        }
    }

    #[test]
    fn parse_list_reports_unknown_names() {
        let set = CategorySet::parse_list(" social, Comments ,").unwrap();
        assert!(set.contains(Category::Social) && set.contains(Category::Comments));
        assert!(!set.contains(Category::Ads));
        assert_eq!(
            CategorySet::parse_list("ads,bogus").unwrap_err().0,
            "bogus".to_string()
        );
    }
}
