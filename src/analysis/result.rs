//! What pass 1 leaves for the decisions and pass 2: the finished, read-only [`Analysis`] of a
//! page, made by `Analyzer::finish` once the document ended.

use super::metadata::MetaCollector;
use super::record::{flag, TagNames};
use super::Records;
use crate::rules::WeightKind;
use std::collections::HashMap;

/// The finished analysis of one page: a record per element in document order, with the
/// paragraphs, headings, metadata and `noscript` images found on the way.
pub(crate) struct Analysis {
    pub(super) records: Records,
    pub(super) tags: TagNames,
    /// Blocks whose own text is a scored paragraph: (ordinal, content score, visible characters).
    pub(super) paragraphs: Vec<(u32, f32, u32)>,
    /// `h1`/`h2` elements and the start of their text.
    pub(super) headings: Vec<(u32, String)>,
    pub(super) meta: MetaCollector,
    /// Sanitized `<img>` markup found inside each `noscript`, by ordinal.
    pub(super) noscript_images: HashMap<u32, String>,
}

impl Analysis {
    /// Every element's record, by ordinal.
    pub(crate) fn records(&self) -> &Records {
        &self.records
    }

    /// The tag name of an element by id.
    pub(crate) fn tag_name(&self, id: u16) -> &str {
        self.tags.name(id)
    }

    /// Blocks whose own text is a scored paragraph, in the order they ended: (ordinal,
    /// Readability's content score, visible characters).
    pub(crate) fn paragraphs(&self) -> &[(u32, f32, u32)] {
        &self.paragraphs
    }

    /// `h1`/`h2` elements (ordinal) and the start of their text, in document order.
    pub(crate) fn headings(&self) -> &[(u32, String)] {
        &self.headings
    }

    /// The page's metadata, as gathered (title, byline, dates, access, declared kind).
    pub(crate) fn meta(&self) -> &MetaCollector {
        &self.meta
    }

    /// Per ordinal, the flags pass 1 gave the element (for pass 2).
    pub(crate) fn record_flags(&self) -> Vec<u32> {
        self.records.iter().map(|r| r.flags).collect()
    }

    /// The sanitized `<img>` markup found inside each `noscript`, by ordinal (for pass 2); the
    /// rest is dropped.
    pub(crate) fn into_noscript_images(self) -> HashMap<u32, String> {
        self.noscript_images
    }

    /// Readability's "is probably readerable": paragraphs (`p`, `pre`, `article`, and `div`s
    /// holding `br`s) that are visible, not in an unlikely place, not list items' paragraphs,
    /// and longer than 140 characters add the square root of their excess; more than 20 is
    /// an article.
    pub(crate) fn is_probably_readerable(&self) -> bool {
        const MIN_LENGTH: f64 = 140.0;
        const MIN_SCORE: f64 = 20.0;
        let unlikely = 1u8 << (WeightKind::Unlikely as u8);
        let maybe = 1u8 << (WeightKind::MaybeCandidate as u8);
        let mut score = 0.0;
        for r in &self.records {
            let tag = self.tags.name(r.tag);
            let counted =
                matches!(tag, "p" | "pre" | "article") || (tag == "div" && r.has(flag::BR_CHILD));
            if !counted
                || r.has(flag::DISPLAY_NONE | flag::HIDDEN_ATTR | flag::ARIA_HIDDEN)
                || (r.kinds & unlikely != 0 && r.kinds & maybe == 0)
                || (tag == "p" && r.has(flag::IN_LI))
            {
                continue;
            }
            let len = f64::from(r.span_last.saturating_sub(r.span_first));
            if len < MIN_LENGTH {
                continue;
            }
            score += (len - MIN_LENGTH).sqrt();
            if score > MIN_SCORE {
                return true;
            }
        }
        false
    }
}
