//! What a clean returns: the HTML, the text, and a report of every removal.

use crate::analysis::metadata::Metadata;
use crate::category::Category;
use crate::options::Mode;
pub use crate::page_kind::{PageKind, PageType};
use serde::Serialize;
use std::fmt;

/// The result of cleaning one page.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CleanResult {
    /// The cleaned HTML (UTF-8, sanitized).
    pub html: String,
    /// The visible text of the cleaned HTML, one block per line.
    pub text: String,
    /// The cleaned page as Markdown, when [`crate::Format::Markdown`] was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
    /// The mode that produced the result.
    pub mode: Mode,
    /// Article mode found no convincing article and returned clean mode's output.
    pub fell_back: bool,
    /// What kind of page this is, and the evidence for it.
    pub page_type: PageType,
    /// Whether the page probably has an article (the check [`crate::Cleaner::is_probably_readerable`] makes).
    pub readerable: bool,
    /// What the page says about itself.
    pub metadata: Metadata,
    /// Every element removed, in document order: clutter and `unsafe` alike.
    pub removed: Vec<Removal>,
    /// The page holds only the start of its article: a paywalled story cut off where the
    /// paywall begins. Cleaning removes the paywall prompt but cannot bring back text the page
    /// never had. Decided on the signs in [`CleanResult::truncation`].
    pub truncated: bool,
    /// The signs of a paywalled, cut-off article seen on the page (whether or not they were
    /// enough to call it [`CleanResult::truncated`]).
    pub truncation: Truncation,
    /// Figures about the run.
    pub stats: Stats,
    /// Problems that did not stop the clean (user rules that could not be used, ...).
    pub warnings: Vec<String>,
}

/// One removed (or unwrapped) element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Removal {
    /// The element's ordinal in document order (pass it in `keep_ids` to restore it).
    pub id: u32,
    /// Its tag name.
    pub tag: String,
    /// Why it is clutter, or `unsafe`.
    pub category: Category,
    /// Removed with its content, or only its tags (`unwrap`).
    pub action: Action,
    /// The evidence.
    pub reason: Reason,
    /// The start of its visible text.
    pub excerpt: String,
}

/// What was done to a removed element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// The element and everything in it are gone.
    Remove,
    /// The element's tags are gone, its content stays (a paywall wrapper around the article).
    Unwrap,
    /// The element was replaced (a video frame by a link, a `noscript` by its images).
    Replace,
    /// The element stays; attributes that could run script or load a document were removed.
    Strip,
}

/// Why an element was removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Reason {
    /// A cosmetic rule matched.
    #[serde(rename_all = "camelCase")]
    Rule {
        /// Rule file.
        file: String,
        /// 1-based line in it.
        line: u32,
        /// The selector.
        selector: String,
    },
    /// A word pattern matched a `class`, `id` or `data-*` attribute.
    #[serde(rename_all = "camelCase")]
    Token {
        /// `class`, `id` or `data-*`.
        attribute: String,
        /// The pattern from `tokens.txt`.
        pattern: String,
    },
    /// The element's words: a short call-to-action-like block.
    #[serde(rename_all = "camelCase")]
    Phrase {
        /// The strongest phrase found.
        phrase: String,
        /// Its lexicon's language.
        lang: String,
    },
    /// The element's markup: a landmark role, a tag, a style or attribute.
    #[serde(rename_all = "camelCase")]
    Structure {
        /// What was seen (`nav element`, `display:none`, ...).
        signal: String,
    },
    /// The sanitizer removed it.
    #[serde(rename_all = "camelCase")]
    Sanitizer {
        /// What it was (`script`, `frame`, ...).
        what: String,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Rule {
                file,
                line,
                selector,
            } => write!(f, "rule {file}:{line} `##{selector}`"),
            Reason::Token { attribute, pattern } => {
                write!(f, "{attribute} word pattern `{pattern}`")
            }
            Reason::Phrase { phrase, lang } => {
                write!(f, "phrase \u{201c}{phrase}\u{201d} ({lang})")
            }
            Reason::Structure { signal } => f.write_str(signal),
            Reason::Sanitizer { what } => write!(f, "unsafe: {what}"),
        }
    }
}

/// Signs that the page holds only the start of a paywalled article.
///
/// A paywall sign alone says little: many pages that mark their article as not free, or carry
/// a paywall prompt, still send the whole text. A page is called truncated when it shows a
/// paywall sign ([`Truncation::not_free`] or [`Truncation::paywall_removals`]) and its article
/// looks cut off ([`Truncation::cut_off`], or far fewer words than [`Truncation::stated_words`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Truncation {
    /// The page says its article is not free to read: `isAccessibleForFree: false` in its
    /// JSON-LD or microdata.
    pub not_free: bool,
    /// Paywall elements removed or unwrapped (prompts, overlays, wrappers).
    pub paywall_removals: u32,
    /// The end of a paragraph near the end of the article that breaks off with an ellipsis
    /// (`… he said. All…`), as shown.
    pub cut_off: Option<String>,
    /// Words in the cleaned text.
    pub words: u32,
    /// Words the page says its article has (JSON-LD `wordCount`).
    pub stated_words: Option<u32>,
}

/// Removals per category. Serialized as an object with a field per category name, in
/// [`Category::ALL`] order (`{"ads": 0, "paywall": 1, ...}`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CategoryCounts([u32; Category::ALL.len()]);

impl CategoryCounts {
    /// The count of one category.
    pub fn get(&self, c: Category) -> u32 {
        self.0[c.index()]
    }

    pub(crate) fn add(&mut self, c: Category) {
        let slot = &mut self.0[c.index()];
        *slot = slot.saturating_add(1);
    }
}

impl Serialize for CategoryCounts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // A struct, not a map: the binding turns a struct into a plain object.
        let mut st = serializer.serialize_struct("CategoryCounts", Category::ALL.len())?;
        for c in Category::ALL {
            st.serialize_field(c.name(), &self.get(c))?;
        }
        st.end()
    }
}

/// Figures about one clean.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Input size in bytes.
    pub bytes_in: usize,
    /// Output HTML size in bytes.
    pub bytes_out: usize,
    /// Elements in the input.
    pub elements: u32,
    /// Removals per category.
    pub removed: CategoryCounts,
    /// Attributes the sanitizer removed (event handlers, styles, unsafe URLs).
    pub unsafe_attributes: u32,
    /// The charset the input was read in.
    pub charset: String,
}
