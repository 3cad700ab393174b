//! **unclutter** removes clutter from news pages — paywall overlays, membership and donation
//! drives, newsletter forms, ads, cookie banners, share bars, related teasers — and returns the
//! article, sanitized, with a report of every removal.
//!
//! It streams the page twice through Cloudflare's [`lol_html`]: an analysis pass that records, per
//! element, what a decision needs (memory proportional to the number of elements, never a DOM
//! tree), then a rewrite pass that deletes by element ordinal and sanitizes. Clutter is named by
//! data: cosmetic rules in the ad-blocker syntax, word patterns on class names, and phrase
//! lexicons in twelve languages.
//!
//! ```
//! let page = br#"<article><p>The council approved the budget on Tuesday after a long debate about
//! the new bridge, the harbour and the schools.</p></article>
//! <div class="newsletter-signup">Enter your email to subscribe</div>"#;
//! let result = unclutter::clean(page).unwrap();
//! assert!(result.text.contains("The council approved the budget"));
//! assert!(!result.text.contains("Enter your email"));
//! assert_eq!(result.removed[0].category, unclutter::Category::Newsletter);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod analysis;
mod category;
mod cleaner;
mod decide;
mod error;
mod html;
mod lexicon;
mod options;
mod order;
mod page_kind;
mod plaintext;
mod report;
mod rewrite;
pub mod rules;
mod sanitize;
mod truncation;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use analysis::metadata::Metadata;
pub use category::{Category, CategorySet, UnknownCategory};
pub use cleaner::{clean, passthrough, Cleaner, Session};
pub use error::Error;
pub use lexicon::{Lexicon, Phrase};
pub use options::{CleanOptions, Format, Mode, DEFAULT_MAX_INPUT_BYTES};
pub use report::{
    Action, CategoryCounts, CleanResult, PageKind, PageType, Reason, Removal, Stats, Truncation,
};
pub use rules::ListSummary;
