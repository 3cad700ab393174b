//! Pass 2: deletes by ordinal, sanitizes, and streams the output (and its visible text).

use crate::category::Category;
use crate::decide::Verdict;
use crate::entities::EntityDecoder;
use crate::report::{Action, Reason, Removal};
use crate::sanitize::{self, Policy};
use crate::tags;
use crate::text::TextBuilder;
use lol_html::html_content::{ContentType, Element, TextChunk, TextType};
use std::collections::HashMap;

/// How much of a removed element's text the report keeps.
const EXCERPT_CHARS: usize = 160;

#[derive(Debug, Clone, Copy)]
struct Frame {
    ord: u32,
    /// Gone from the output (removed itself or inside something removed).
    removed: bool,
    /// The removal whose excerpt collects this element's text.
    excerpt: Option<u32>,
    visible: bool,
    pre: bool,
    block: bool,
}

/// Pass-2 state for one document.
pub(crate) struct Rewrite {
    verdicts: Vec<Verdict>,
    pub(crate) removals: Vec<Removal>,
    noscript_images: HashMap<u32, String>,
    next: u32,
    stack: Vec<Frame>,
    decoder: EntityDecoder,
    text: TextBuilder,
    excerpt_len: HashMap<u32, usize>,
    pub(crate) unsafe_attributes: u32,
}

impl Rewrite {
    pub(crate) fn new(
        verdicts: Vec<Verdict>,
        removals: Vec<Removal>,
        noscript_images: HashMap<u32, String>,
    ) -> Self {
        Rewrite {
            verdicts,
            removals,
            noscript_images,
            next: 0,
            stack: Vec::new(),
            decoder: EntityDecoder::default(),
            text: TextBuilder::default(),
            excerpt_len: HashMap::new(),
            unsafe_attributes: 0,
        }
    }

    fn unsafe_removal(&mut self, ord: u32, tag: &str, what: &str, action: Action) -> u32 {
        let idx = self.removals.len() as u32;
        self.removals.push(Removal {
            id: ord,
            tag: tag.to_string(),
            category: Category::Unsafe,
            action,
            reason: Reason::Sanitizer {
                what: what.to_string(),
            },
            excerpt: String::new(),
        });
        idx
    }

    /// A start tag. Returns the ordinal when the element can have content (for its end tag).
    pub(crate) fn on_element(&mut self, el: &mut Element<'_, '_>) -> Option<u32> {
        let ord = self.next;
        self.next = self.next.saturating_add(1);
        let tag = el.tag_name();
        let parent = self.stack.last().copied();
        let mut frame = Frame {
            ord,
            removed: parent.is_some_and(|p| p.removed),
            excerpt: parent.and_then(|p| p.excerpt),
            visible: parent.is_none_or(|p| p.visible) && !tags::hides_text(&tag),
            pre: parent.is_some_and(|p| p.pre) || matches!(tag.as_str(), "pre" | "listing"),
            block: tags::is_block(&tag),
        };
        if !frame.removed {
            match self
                .verdicts
                .get(ord as usize)
                .copied()
                .unwrap_or(Verdict::Keep)
            {
                Verdict::Remove(idx) => {
                    el.remove();
                    frame.removed = true;
                    frame.excerpt = Some(idx);
                }
                Verdict::Unwrap(_) => el.remove_and_keep_content(),
                Verdict::Keep | Verdict::Inside => match sanitize::policy(&tag, el) {
                    Policy::Keep => {
                        let (count, dangerous) = sanitize::sanitize_attributes(&tag, el);
                        self.unsafe_attributes += count;
                        if !dangerous.is_empty() {
                            let what = format!(
                                "attribute{} {}",
                                if dangerous.len() > 1 { "s" } else { "" },
                                dangerous.join(", ")
                            );
                            self.unsafe_removal(ord, &tag, &what, Action::Strip);
                        }
                    }
                    Policy::Drop(what) => {
                        el.remove();
                        frame.removed = true;
                        frame.excerpt = Some(self.unsafe_removal(ord, &tag, what, Action::Remove));
                    }
                    Policy::Unwrap => el.remove_and_keep_content(),
                    Policy::NoscriptImages => {
                        match self.noscript_images.remove(&ord) {
                            Some(html) => {
                                el.replace(&html, ContentType::Html);
                                self.unsafe_removal(
                                    ord,
                                    &tag,
                                    "noscript (its images kept)",
                                    Action::Replace,
                                );
                            }
                            None => {
                                el.remove();
                                self.unsafe_removal(ord, &tag, "noscript", Action::Remove);
                            }
                        }
                        frame.removed = true;
                    }
                    Policy::VideoLink(url) => {
                        el.replace(&sanitize::video_link_html(&url), ContentType::Html);
                        frame.removed = true;
                        self.unsafe_removal(
                            ord,
                            &tag,
                            "video frame (replaced by a link)",
                            Action::Replace,
                        );
                        self.text.line_break();
                        url.trim_start_matches("https://")
                            .chars()
                            .for_each(|c| self.text.push(c, false));
                        self.text.line_break();
                    }
                },
            }
        }
        if frame.removed {
            self.excerpt_break(frame.excerpt);
        }
        if !frame.removed && frame.visible && (frame.block || tag == "br" || tag == "img") {
            self.text.line_break();
        }
        if el.can_have_content() {
            self.stack.push(frame);
            Some(ord)
        } else {
            None
        }
    }

    /// Element boundaries separate words in an excerpt.
    fn excerpt_break(&mut self, excerpt: Option<u32>) {
        if let Some(r) = excerpt.and_then(|idx| self.removals.get_mut(idx as usize)) {
            if !r.excerpt.is_empty() && !r.excerpt.ends_with(' ') {
                r.excerpt.push(' ');
            }
        }
    }

    /// End of element `ord` (possibly closing others implicitly).
    pub(crate) fn on_end_tag(&mut self, ord: u32) {
        // Frames are pushed in ordinal order, so the stack is sorted: an element is open iff found.
        if self.stack.binary_search_by_key(&ord, |f| f.ord).is_err() {
            return;
        }
        while let Some(f) = self.stack.pop() {
            if f.removed {
                self.excerpt_break(f.excerpt);
            }
            if !f.removed && f.visible && f.block {
                self.text.line_break();
            }
            if f.ord == ord {
                break;
            }
        }
    }

    pub(crate) fn on_text(&mut self, t: &TextChunk<'_>) {
        let top = self.stack.last().copied();
        let (removed, excerpt, visible, pre) = match top {
            Some(f) => (f.removed, f.excerpt, f.visible, f.pre),
            None => (false, None, true, false),
        };
        let decodes = matches!(t.text_type(), TextType::Data | TextType::RCData);
        let last = t.last_in_text_node();
        if removed {
            // The excerpt is what a reader would have seen.
            let Some(idx) = excerpt.filter(|_| visible && decodes) else {
                return;
            };
            let used = self.excerpt_len.entry(idx).or_insert(0);
            if *used >= EXCERPT_CHARS {
                return;
            }
            let Some(r) = self.removals.get_mut(idx as usize) else {
                return;
            };
            let mut push = |c: char| {
                if *used >= EXCERPT_CHARS {
                    return;
                }
                if c.is_whitespace() {
                    if !r.excerpt.is_empty() && !r.excerpt.ends_with(' ') {
                        r.excerpt.push(' ');
                    }
                } else {
                    r.excerpt.push(c);
                    *used += 1;
                }
            };
            let mut dec = std::mem::take(&mut self.decoder);
            dec.feed(t.as_str(), &mut push);
            if last {
                dec.flush(&mut push);
            }
            self.decoder = dec;
            return;
        }
        if !visible || !decodes {
            return;
        }
        let mut dec = std::mem::take(&mut self.decoder);
        let text = &mut self.text;
        dec.feed(t.as_str(), &mut |c| text.push(c, pre));
        if last {
            dec.flush(&mut |c| text.push(c, pre));
        }
        self.decoder = dec;
    }

    /// The visible text and the removals, excerpts finished.
    pub(crate) fn finish(mut self) -> (String, Vec<Removal>, u32) {
        for (idx, used) in &self.excerpt_len {
            if *used >= EXCERPT_CHARS {
                if let Some(r) = self.removals.get_mut(*idx as usize) {
                    r.excerpt.push('…');
                }
            }
        }
        for r in &mut self.removals {
            let end = r.excerpt.trim_end().len();
            r.excerpt.truncate(end);
        }
        self.removals.sort_by_key(|r| r.id);
        (self.text.finish(), self.removals, self.unsafe_attributes)
    }
}
