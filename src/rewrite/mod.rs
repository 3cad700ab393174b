//! Pass 2: deletes by ordinal, sanitizes, and streams the output (its HTML, its visible text and,
//! when asked, its Markdown).
//!
//! The stack of open elements follows the browser's implied end tags (`implied`), like pass 1's,
//! so ordinals, text and extents agree with the analysis. An element whose end a browser implies
//! (`<p>` before another `<p>`) extends further in lol_html's own model; to delete only what the
//! browser would show as that element, its tags are removed and its content is deleted piece by
//! piece (text chunks and child elements) until its implied end.
//!
//! The visible text and the requested format (Markdown) are built as the output streams, behind
//! one interface (`output`).

pub(crate) mod markdown;
pub(crate) mod output;
pub(crate) mod pass;
pub(crate) mod text;

use crate::analysis::flag;
use crate::category::Category;
use crate::decide::Verdict;
use crate::html::entities::{self, EntityDecoder};
use crate::html::implied;
use crate::html::tags;
use crate::report::{Action, Reason, Removal};
use crate::rewrite::output::Outputs;
use crate::sanitize::{self, Policy};
use lol_html::html_content::{ContentType, Element, EndTag, TextChunk, TextType};
use std::collections::HashMap;

/// How much of a removed element's text the report keeps.
const EXCERPT_CHARS: usize = 160;
/// More attributes than this on one tag is hostile (no page needs them): the tags go, the content
/// stays. Sanitizing them one by one would take time quadratic in their number.
const MAX_ATTRIBUTES: usize = 1000;

#[derive(Debug, Clone)]
struct Frame {
    ord: u32,
    /// Tag name (for the Markdown builder's end events and the end tags written at the end).
    tag: String,
    /// Its start tag is in the output (not removed, not unwrapped): it needs an end tag.
    tags_out: bool,
    /// Its start tag is written anew (`sanitize::start_tag_without_malformed_names`).
    rewrite_start: bool,
    /// lol_html removes or replaces this element itself: when its end tag comes, lol_html gives
    /// the token this element's changes, dropping what was written before it for the elements
    /// the same tag ended first (`Rewrite::on_end_tag` writes that again).
    lol_removed: bool,
    /// Fixed id for `implied` (0 for most tags).
    known: u16,
    /// Gone from the output (removed itself or inside something removed).
    removed: bool,
    /// Removed by us piece by piece: lol_html is not deleting its content.
    manual: bool,
    /// The removal whose excerpt collects this element's text.
    excerpt: Option<u32>,
    visible: bool,
    pre: bool,
    block: bool,
    foreign: bool,
    /// The element's namespace as a browser reads it (not lol_html's simulation).
    ns: Ns,
    /// A browser reads this element's children as HTML (an SVG `foreignObject`, `desc` or
    /// `title`, a MathML `mi`, ..., `annotation-xml` holding HTML).
    children_html: bool,
    /// A browser may read its content as text, lol_html read it as markup (`policy`).
    text_read_as_markup: bool,
    /// Article mode: an ancestor of the article, whose own text goes.
    skeleton: bool,
    /// The structured format (`Outputs::start`) was told it started.
    structured: bool,
}

/// A namespace of HTML's tree builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Html,
    Svg,
    Math,
}

/// The namespace a browser gives a start tag `tag` whose parent is `parent` (its namespace,
/// whether it is an integration point, its tag name), and whether its own children are read as
/// HTML. Inside foreign content `<svg>` and `<math>` change nothing: a browser makes `<svg>`
/// inside `<math>` a MathML element (so a `<mtext>` in it is MathML's, whose children are HTML),
/// except as the child of MathML's `annotation-xml`. A MathML text element's `mglyph` and
/// `malignmark` stay MathML.
fn browser_ns(parent: Option<(Ns, bool, &str)>, tag: &str, el: &Element<'_, '_>) -> (Ns, bool) {
    let context = match parent {
        Some((Ns::Math, true, "mi" | "mo" | "mn" | "ms" | "mtext"))
            if matches!(tag, "mglyph" | "malignmark") =>
        {
            Ns::Math
        }
        Some((_, true, _)) | None => Ns::Html,
        Some((ns, false, _)) => ns,
    };
    let ns = match tag {
        _ if context == Ns::Html => match tag {
            "svg" => Ns::Svg,
            "math" => Ns::Math,
            _ => Ns::Html,
        },
        "svg" if matches!(parent, Some((Ns::Math, _, "annotation-xml"))) => Ns::Svg,
        _ if tags::ends_foreign_content(tag) => Ns::Html,
        "font"
            if ["color", "face", "size"]
                .iter()
                .any(|a| el.has_attribute(a)) =>
        {
            Ns::Html
        }
        _ => context,
    };
    let children_html = match ns {
        Ns::Html => false,
        Ns::Svg => matches!(tag, "foreignobject" | "desc" | "title"),
        Ns::Math => {
            matches!(tag, "mi" | "mo" | "mn" | "ms" | "mtext")
                || (tag == "annotation-xml"
                    && el.get_attribute("encoding").is_some_and(|e| {
                        e.eq_ignore_ascii_case("text/html")
                            || e.eq_ignore_ascii_case("application/xhtml+xml")
                    }))
        }
    };
    (ns, children_html)
}

/// The sanitizer's policy for a kept element. `text_read_as_markup` when a browser may read the
/// element's content as text (a `title`, `textarea`, ... in HTML) and lol_html did not
/// (`flag::TEXT_AS_MARKUP`): what lol_html found inside need not be what a browser reads, and
/// what it copies as it is (an end tag `</x y="</title><img onerror=…>">`, no element and so never
/// judged; an element's attribute value) a browser reads as the text's end and live tags. Two
/// ways it happens: lol_html's namespace tracking is a simulation that parts from a browser's
/// (after an HTML `title` inside SVG's `title` it read the next HTML `title` as SVG); and
/// lol_html 3 ends a start tag at `>` where an attribute value would start (`<title a=>`)
/// without switching to the element's text mode. Such an element goes with all lol_html read
/// inside it; of these elements the sanitizer keeps only `title` (never shown) and `noscript`'s
/// images, and an SVG icon's `title` holding markup goes with it.
fn policy(tag: &str, el: &Element<'_, '_>, text_read_as_markup: bool) -> Policy {
    match sanitize::policy(tag, el) {
        Policy::Drop(what) => Policy::Drop(what),
        _ if text_read_as_markup => Policy::Drop("an element whose text lol_html read as markup"),
        p => p,
    }
}

/// Pass-2 state for one document.
pub(crate) struct Rewrite {
    verdicts: Vec<Verdict>,
    pub(crate) removals: Vec<Removal>,
    noscript_images: HashMap<u32, String>,
    /// Per ordinal, the flags pass 1 gave the element (`analysis::flag`): `IMPLIED_CLOSE`, a
    /// browser implies its end; `TEXT_AS_MARKUP`, lol_html read as markup what a browser may
    /// read as text.
    record_flags: Vec<u32>,
    next: u32,
    stack: Vec<Frame>,
    open_ids: Vec<u16>,
    open_counts: [u32; implied::SLOTS],
    decoder: EntityDecoder,
    out: Outputs,
    excerpt_len: HashMap<u32, usize>,
    pub(crate) unsafe_attributes: u32,
    /// Length of the input pass 2 reads: text that reaches it is at the document's end.
    doc_len: usize,
    /// Per formatting element (`FORMATTING`): how many were written without an end tag of their
    /// own yet. A browser reopens such an element in later text even after an implied end, so
    /// each gets one written at the document's end.
    formatting_open: [u32; FORMATTING.len()],
    /// Where the last end tag seen starts (one tag may end several elements), and the end tags
    /// written before it so far.
    last_end_tag: Option<usize>,
    written_before: String,
}

/// HTML's formatting elements: a browser remembers them and reopens them in the text that
/// follows their implied end (`<p><b>x<div>y` shows y in bold).
const FORMATTING: [&str; 14] = [
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

fn formatting_index(tag: &str) -> Option<usize> {
    FORMATTING.iter().position(|f| *f == tag)
}

/// What pass 2 produced.
pub(crate) struct Output {
    pub text: String,
    pub markdown: Option<String>,
    pub removals: Vec<Removal>,
    pub unsafe_attributes: u32,
}

impl Rewrite {
    pub(crate) fn new(
        verdicts: Vec<Verdict>,
        removals: Vec<Removal>,
        noscript_images: HashMap<u32, String>,
        record_flags: Vec<u32>,
        out: Outputs,
        doc_len: usize,
    ) -> Self {
        Rewrite {
            doc_len,
            formatting_open: [0; FORMATTING.len()],
            last_end_tag: None,
            written_before: String::new(),
            verdicts,
            removals,
            noscript_images,
            record_flags,
            next: 0,
            stack: Vec::new(),
            open_ids: Vec::new(),
            open_counts: [0; implied::SLOTS],
            decoder: EntityDecoder::default(),
            out,
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

    /// Deletes an element; returns whether its content must be deleted piece by piece.
    fn delete(&self, el: &mut Element<'_, '_>, ord: u32) -> bool {
        if self.has_flag(ord, flag::IMPLIED_CLOSE) {
            unwrap(el, true);
            true
        } else {
            el.remove();
            keep_others_end_tag(el);
            false
        }
    }

    /// Whether pass 1 gave element `ord` a flag (`analysis::flag`).
    fn has_flag(&self, ord: u32, f: u32) -> bool {
        self.record_flags
            .get(ord as usize)
            .is_some_and(|&flags| flags & f != 0)
    }

    /// A start tag. Returns the ordinal when the element can have content (for its end tag).
    pub(crate) fn on_element(&mut self, el: &mut Element<'_, '_>) -> Option<u32> {
        let tag = el.tag_name();
        let foreign = self.stack.last().is_some_and(|f| f.foreign);
        // End tags a browser implies here (`<p>a<div>`) for elements that stay. Should this start
        // tag go, the kept element would run on over what follows, so they are written out.
        let mut implied_ends = String::new();
        for _ in 0..implied::closes(&self.open_ids, &self.open_counts, &tag, foreign) {
            if let Some(f) = self.stack.last().filter(|f| f.tags_out) {
                implied_ends.push_str(&format!("</{}>", f.tag));
            }
            self.pop();
        }
        let ord = self.next;
        self.next = self.next.saturating_add(1);
        if self.has_flag(ord, flag::FLATTENED) {
            self.flattened(el, &tag, ord, &implied_ends);
            return None;
        }
        let parent = self.stack.last();
        let (ns, children_html) = browser_ns(
            parent.map(|p| (p.ns, p.children_html, p.tag.as_str())),
            &tag,
            el,
        );
        let mut frame = Frame {
            ord,
            known: implied::stack_id(implied::known_id(&tag), &tag),
            removed: parent.is_some_and(|p| p.removed),
            manual: false,
            excerpt: parent.and_then(|p| p.excerpt),
            visible: parent.is_none_or(|p| p.visible) && !tags::hides_text(&tag),
            pre: parent.is_some_and(|p| p.pre) || matches!(tag.as_str(), "pre" | "listing"),
            block: tags::is_block(&tag),
            foreign: foreign || tag == "svg" || tag == "math",
            ns,
            children_html,
            text_read_as_markup: self.has_flag(ord, flag::TEXT_AS_MARKUP),
            skeleton: false,
            structured: false,
            tags_out: false,
            rewrite_start: false,
            lol_removed: false,
            tag: String::new(),
        };
        if frame.removed {
            // Inside something removed: lol_html deletes it, unless we are deleting by hand.
            if parent.is_some_and(|p| p.manual) {
                frame.manual = self.delete(el, ord);
                frame.lol_removed = !frame.manual;
            }
        } else {
            self.judge(el, &tag, &mut frame);
        }
        if el.removed() && !implied_ends.is_empty() {
            el.before(&implied_ends, ContentType::Html);
        }
        if el.removed() && !frame.removed {
            // Unwrapped (`form`, a paywall wrapper): its content stays, its block does not.
            frame.block = false;
        }
        if frame.removed {
            self.excerpt_break(frame.excerpt);
        } else if frame.visible {
            if frame.block || tag == "br" || tag == "img" {
                self.out.line_break();
            }
            frame.structured = self.out.start(&tag, &|name| {
                el.get_attribute(name)
                    .map(|v| entities::decode(&v).into_owned())
            });
        }
        let tags_out = !frame.removed && !el.removed();
        if tags_out && frame.rewrite_start {
            el.before(
                &sanitize::start_tag_without_malformed_names(&tag, el),
                ContentType::Html,
            );
            el.start_tag().remove();
        }
        if tags_out
            && ns == Ns::Html
            && el.is_self_closing()
            && !el.can_have_content()
            && !tags::is_void(&tag)
        {
            // lol_html reads `<table/>` as a foreign element that ends there, a browser as an
            // HTML one it opens (a tag that ended nested SVG for the browser and one level of it
            // for lol_html; any tag in the `mtext` of `<math><svg>`, MathML to a browser): its
            // end tag, written out, closes it for both. Its name, odd characters and all, is
            // read by the same tokenizer rules in both tags.
            el.after(&format!("</{tag}>"), ContentType::Html);
        }
        if el.can_have_content() {
            self.open_ids.push(frame.known);
            self.open_counts[frame.known as usize] += 1;
            frame.tags_out = tags_out;
            if frame.tags_out {
                if let Some(i) = formatting_index(&tag) {
                    self.formatting_open[i] += 1;
                }
            }
            frame.tag = tag;
            self.stack.push(frame);
            Some(ord)
        } else {
            None
        }
    }

    /// An element nested too deep for pass 1 (`flag::FLATTENED`), which kept it as a child of the
    /// element at that depth: so it is here, its tags gone and its content kept, unless it goes
    /// whole (inside something deleted by hand; content a browser reads as text or hides). No
    /// frame, no end-tag handler, nothing to close at the end: memory stays put however deep.
    fn flattened(&self, el: &mut Element<'_, '_>, tag: &str, ord: u32, implied_ends: &str) {
        let (removed, manual) = self
            .stack
            .last()
            .map_or((false, false), |p| (p.removed, p.manual));
        if removed && !manual {
            // lol_html deletes it with its removed ancestor.
            return;
        }
        if manual
            || self.has_flag(ord, flag::TEXT_AS_MARKUP)
            || tags::has_text_content(tag)
            || tags::hides_text(tag)
        {
            el.remove();
        } else {
            el.remove_and_keep_content();
        }
        if !implied_ends.is_empty() {
            el.before(implied_ends, ContentType::Html);
        }
    }

    /// Applies the element's verdict, or the sanitizer's policy to a kept element.
    fn judge(&mut self, el: &mut Element<'_, '_>, tag: &str, frame: &mut Frame) {
        let ord = frame.ord;
        match self
            .verdicts
            .get(ord as usize)
            .copied()
            .unwrap_or(Verdict::Keep)
        {
            Verdict::Remove(idx) => {
                frame.manual = self.delete(el, ord);
                frame.lol_removed = !frame.manual;
                frame.removed = true;
                frame.excerpt = Some(idx);
            }
            Verdict::Unwrap(_) => {
                unwrap(el, false);
            }
            // An article's ancestor keeps its tags only if the sanitizer would keep it.
            Verdict::Skeleton
                if policy(tag, el, frame.text_read_as_markup) == Policy::Keep
                    && el.attributes().len() <= MAX_ATTRIBUTES =>
            {
                frame.skeleton = true;
                let done = sanitize::sanitize_attributes(tag, el);
                self.unsafe_attributes += done.removed;
                frame.rewrite_start = done.rewrite;
            }
            Verdict::Keep | Verdict::Inside | Verdict::Skeleton => {
                match policy(tag, el, frame.text_read_as_markup) {
                    // lol_html removes attributes one name at a time, each a pass over them all.
                    Policy::Keep if el.attributes().len() > MAX_ATTRIBUTES => {
                        unwrap(el, false);
                        self.unsafe_removal(
                            ord,
                            tag,
                            "tags with too many attributes (content kept)",
                            Action::Unwrap,
                        );
                    }
                    Policy::Keep => {
                        if tag == "img" || tag == "source" {
                            promote_lazy_image(el);
                        }
                        let done = sanitize::sanitize_attributes(tag, el);
                        self.unsafe_attributes += done.removed;
                        frame.rewrite_start = done.rewrite;
                        if !done.dangerous.is_empty() {
                            let plural = if done.dangerous.len() > 1 { "s" } else { "" };
                            let what = format!("attribute{plural} {}", done.dangerous.join(", "));
                            self.unsafe_removal(ord, tag, &what, Action::Strip);
                        }
                    }
                    Policy::Drop(what) => {
                        frame.manual = self.delete(el, ord);
                        frame.lol_removed = !frame.manual;
                        frame.removed = true;
                        frame.excerpt = Some(self.unsafe_removal(ord, tag, what, Action::Remove));
                    }
                    Policy::Unwrap => {
                        unwrap(el, false);
                    }
                    Policy::NoscriptImages => {
                        match self.noscript_images.remove(&ord) {
                            Some(html) => {
                                frame.lol_removed = true;
                                el.replace(&html, ContentType::Html);
                                keep_others_end_tag(el);
                                // As for any image (the text of the result is the output's).
                                self.out.line_break();
                                self.unsafe_removal(
                                    ord,
                                    tag,
                                    "noscript (its images kept)",
                                    Action::Replace,
                                );
                            }
                            None => {
                                frame.lol_removed = true;
                                el.remove();
                                keep_others_end_tag(el);
                                self.unsafe_removal(ord, tag, "noscript", Action::Remove);
                            }
                        }
                        frame.removed = true;
                    }
                    Policy::VideoLink(url) => {
                        frame.lol_removed = true;
                        el.replace(&sanitize::video_link_html(&url), ContentType::Html);
                        keep_others_end_tag(el);
                        frame.removed = true;
                        self.unsafe_removal(
                            ord,
                            tag,
                            "video frame (replaced by a link)",
                            Action::Replace,
                        );
                        let label = url.trim_start_matches("https://");
                        self.out.link_line(label, &url);
                    }
                }
            }
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

    /// Ends the innermost open element.
    fn pop(&mut self) {
        let Some(f) = self.stack.pop() else {
            return;
        };
        if let Some(known) = self.open_ids.pop() {
            let c = &mut self.open_counts[known as usize];
            *c = c.saturating_sub(1);
        }
        if f.removed {
            self.excerpt_break(f.excerpt);
        } else if f.visible && f.block {
            self.out.line_break();
        }
        if f.structured {
            self.out.end(&f.tag);
        }
    }

    /// End of element `ord` by the end tag `name` (possibly closing others with it). Returns the
    /// end tags to write before it: lol_html ends an element at an end tag of another name
    /// (`<li>` at `</body>`, `<p>` at `</span>`) where a browser may not, so each element in the
    /// output that it ends gets its own end tag.
    pub(crate) fn on_end_tag(&mut self, ord: u32, name: &str, at: usize) -> String {
        if self.last_end_tag != Some(at) {
            self.last_end_tag = Some(at);
            self.written_before.clear();
        }
        // Frames are pushed in ordinal order, so the stack is sorted: an element is open iff found.
        if self.stack.binary_search_by_key(&ord, |f| f.ord).is_err() {
            return String::new();
        }
        let mut before = String::new();
        let mut lol_removed = false;
        while let Some(top) = self.stack.last() {
            let done = top.ord == ord;
            if top.tags_out {
                if top.tag.eq_ignore_ascii_case(name) {
                    // Its own end tag, which goes out with it.
                    if let Some(i) = formatting_index(&top.tag) {
                        self.formatting_open[i] = self.formatting_open[i].saturating_sub(1);
                    }
                } else {
                    before.push_str("</");
                    before.push_str(&top.tag);
                    before.push('>');
                }
            }
            lol_removed = done && top.lol_removed;
            self.pop();
            if done {
                break;
            }
        }
        self.written_before.push_str(&before);
        if lol_removed {
            // lol_html has just replaced the token's changes with this element's own.
            return self.written_before.clone();
        }
        before
    }

    /// An end tag named `name` is in the output.
    fn formatting_closed(&mut self, name: &str) {
        if let Some(i) = formatting_index(&name.to_ascii_lowercase()) {
            self.formatting_open[i] = self.formatting_open[i].saturating_sub(1);
        }
    }

    /// The input ends with end tags that close no element lol_html has open (`trailing`, copied
    /// to the output as they are): the formatting elements they name need no end tag of ours.
    pub(crate) fn trailing_end_tags(&mut self, trailing: &str) {
        for part in trailing.split("</").skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| !c.is_ascii_whitespace() && !matches!(c, '/' | '>'))
                .collect();
            self.formatting_closed(&name);
        }
    }

    /// End tags for the elements still open at the document's end whose start tags are in the
    /// output, innermost first.
    pub(crate) fn closing_tags(&self) -> String {
        let mut out = String::new();
        let mut formatting = self.formatting_open;
        for f in self.stack.iter().rev().filter(|f| f.tags_out) {
            out.push_str("</");
            out.push_str(&f.tag);
            out.push('>');
            if let Some(i) = formatting_index(&f.tag) {
                formatting[i] = formatting[i].saturating_sub(1);
            }
        }
        // Formatting elements whose end a browser implied (and would reopen).
        for (name, n) in FORMATTING.iter().zip(formatting) {
            for _ in 0..n {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
        }
        out
    }

    /// The document ended.
    pub(crate) fn on_end(&mut self) {
        while !self.stack.is_empty() {
            self.pop();
        }
    }

    pub(crate) fn on_text(&mut self, t: &mut TextChunk<'_>) {
        let last = t.last_in_text_node();
        self.text_chunk(t);
        // A reference left unfinished belongs to this text node only, whichever way its chunks
        // went (an excerpt that filled up mid-node stops feeding the decoder): never carried into
        // the next node, where it would appear or not depending on how the input was split.
        if last {
            self.decoder = EntityDecoder::default();
        }
    }

    fn text_chunk(&mut self, t: &mut TextChunk<'_>) {
        let top = self.stack.last();
        let (removed, manual, excerpt, visible, pre, skeleton) = match top {
            Some(f) => (f.removed, f.manual, f.excerpt, f.visible, f.pre, f.skeleton),
            None => (false, false, None, true, false, false),
        };
        if manual || (skeleton && !removed) {
            // Text of an element deleted by hand, or directly in the article's ancestors.
            t.remove();
        }
        if skeleton && !removed {
            return;
        }
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
        let at_end = t.source_location().bytes().end >= self.doc_len;
        neutralize_raw_text(t, at_end);
        if !visible || !decodes {
            return;
        }
        let mut dec = std::mem::take(&mut self.decoder);
        let out = &mut self.out;
        let mut push = |c: char| out.push(c, pre);
        dec.feed(t.as_str(), &mut push);
        if last {
            dec.flush(&mut push);
        }
        self.decoder = dec;
    }

    /// The visible text, the Markdown, and the removals with their excerpts.
    pub(crate) fn finish(mut self) -> Output {
        self.on_end();
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
        crate::order::sort_by_key(&mut self.removals, |r| r.id);
        let (text, markdown) = self.out.finish();
        Output {
            text,
            markdown,
            removals: self.removals,
            unsafe_attributes: self.unsafe_attributes,
        }
    }
}

/// Removes `el`'s tags and keeps its content. Its end tag is removed by a handler of ours, not
/// by lol_html: lol_html would give the end-tag token this element's own changes, replacing those
/// that elements it closes along with it (an unclosed `<li>` in a `<form>`) made to the same token
/// (the end tags written before it). `always`: the browser implied this element's end earlier, so
/// the end tag in the input is another element's (kept).
fn unwrap(el: &mut Element<'_, '_>, always: bool) {
    el.start_tag().remove();
    if always {
        return;
    }
    let tag = el.tag_name();
    if let Some(handlers) = el.end_tag_handlers() {
        handlers.push(Box::new(move |end: &mut EndTag<'_>| {
            if end.name() == tag {
                end.remove();
            }
            Ok(())
        }));
    }
}

/// After `el` is removed: lol_html gives an element without an end tag of its own the end tag of
/// whatever closes it in lol_html's model (an ancestor's `</div>`, a later stray `</p>`), and
/// removing the element removes that tag too. It is put back when it is another element's (its
/// name differs), after the end tags written for the kept elements it closes (`on_end_tag`).
fn keep_others_end_tag(el: &mut Element<'_, '_>) {
    let tag = el.tag_name();
    if let Some(handlers) = el.end_tag_handlers() {
        handlers.push(Box::new(move |end: &mut EndTag<'_>| {
            let name = end.name();
            if name != tag {
                end.after(&format!("</{name}>"), ContentType::Html);
            }
            Ok(())
        }));
    }
}

/// Kept text, written so that it stays text whatever is removed around it or placed after the
/// output. A `<` lol_html read as text (`a < b`, a `<` at the very end) would start a tag once the
/// element after it is gone (`x <<script>…</script>img onerror=…>`) or once the output is followed
/// by more markup, so it is written `&lt;` (the same character to a browser). lol_html's namespace
/// tracking is a simulation: where a browser disagrees (`<math><mi><mglyph><title>` is MathML to a
/// browser, an HTML `title` to lol_html), RCDATA copied verbatim would be parsed again as markup,
/// so there too `<` becomes `&lt;` (which RCDATA decodes back). CDATA sections and raw text (which
/// the sanitizer's policy drops anyway) lose their content; a CDATA section the input's end left
/// open (`at_end`) is closed, or it would swallow the end tags written after it.
fn neutralize_raw_text(t: &mut TextChunk<'_>, at_end: bool) {
    match t.text_type() {
        TextType::Data | TextType::RCData => {
            if t.as_str().contains('<') {
                let escaped = t.as_str().replace('<', "&lt;");
                t.replace(&escaped, ContentType::Html);
            }
        }
        TextType::CDataSection if at_end && t.last_in_text_node() => {
            t.replace("]]>", ContentType::Html);
        }
        _ => t.remove(),
    }
}

/// Attributes lazy-loading scripts keep the real image address in.
const LAZY_SRC: [&str; 7] = [
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-url",
    "data-hi-res-src",
    "data-lazy",
    "data-srcset",
];

/// Whether an image address is a stand-in a lazy-loading script replaces.
fn is_placeholder(src: &str) -> bool {
    let s = src.trim().to_ascii_lowercase();
    s.is_empty()
        || (s.starts_with("data:") && s.len() < 200)
        || [
            "blank",
            "placeholder",
            "spacer",
            "lazy",
            "1x1",
            "pixel",
            "transparent",
            "loading",
        ]
        .iter()
        .any(|w| s.contains(w))
}

/// Gives lazy images their real address, so they show without the page's scripts.
fn promote_lazy_image(el: &mut Element<'_, '_>) {
    // A `src` the sanitizer will drop is no address either.
    let stand_in = |s: &str| is_placeholder(s) || !sanitize::url_is_safe(s, true);
    let needs_src = el.get_attribute("src").is_none_or(|s| stand_in(&s));
    for name in LAZY_SRC {
        let Some(v) = el.get_attribute(name).filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        if name == "data-srcset" {
            if !el.has_attribute("srcset") {
                let _ = el.set_attribute("srcset", &v);
            }
        } else if needs_src && el.get_attribute("src").is_none_or(|s| stand_in(&s)) {
            let _ = el.set_attribute("src", &v);
        }
    }
}
