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

impl Category {
    /// The clutter categories, in report order (without [`Category::Unsafe`]).
    pub const CLUTTER: [Category; 11] = [
        Category::Ads,
        Category::Paywall,
        Category::Membership,
        Category::Newsletter,
        Category::Consent,
        Category::Social,
        Category::Related,
        Category::Comments,
        Category::Navigation,
        Category::Hidden,
        Category::Other,
    ];

    /// All categories, clutter first, then `unsafe`.
    pub const ALL: [Category; 12] = [
        Category::Ads,
        Category::Paywall,
        Category::Membership,
        Category::Newsletter,
        Category::Consent,
        Category::Social,
        Category::Related,
        Category::Comments,
        Category::Navigation,
        Category::Hidden,
        Category::Other,
        Category::Unsafe,
    ];

    /// The API name (`"ads"`, `"paywall"`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            Category::Ads => "ads",
            Category::Paywall => "paywall",
            Category::Membership => "membership",
            Category::Newsletter => "newsletter",
            Category::Consent => "consent",
            Category::Social => "social",
            Category::Related => "related",
            Category::Comments => "comments",
            Category::Navigation => "navigation",
            Category::Hidden => "hidden",
            Category::Other => "other",
            Category::Unsafe => "unsafe",
        }
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
