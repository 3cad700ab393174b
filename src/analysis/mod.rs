//! Pass 1: the analysis pass. It writes nothing; it gives every element a document-order ordinal
//! and records what a decision needs (a [`Record`] per element, never a tree of the text).
//!
//! lol_html cannot tell an element's text or descendants when its start tag arrives, so everything
//! here is accumulated while the stream goes by and summed into the parent when an element ends.
//! The extent of an element is lol_html's own (its stack pops up to the matching end tag), the same
//! extent that pass 2 deletes, so every "how much would this delete" figure is exact.
//!
//! A start tag goes through named phases (`Analyzer::on_element`): implied ends, the record and
//! its tag's flags (`record`), the attributes' evidence (`evidence`), the rules, the tag's counts,
//! where its text goes, and its frame on the stack of open elements. Text is gathered in `text`.
//! When the document ends, [`Analyzer::finish`] drops the pass state and gives the read-only
//! [`Analysis`] (`result`) that the decisions read.
//! The page's metadata (`metadata`: title, byline, dates, access; JSON-LD in `jsonld`) is gathered
//! in the same pass.

mod evidence;
pub(crate) mod jsonld;
pub(crate) mod metadata;
pub(crate) mod pass;
mod record;
mod records;
mod result;
mod text;

pub(crate) use record::{flag, Record, Role, TokenAttr, NONE, PROSE_MIN};
pub(crate) use records::Records;
pub(crate) use result::Analysis;

use crate::analysis::metadata::MetaCollector;
use crate::html::entities::EntityDecoder;
use crate::html::implied;
use crate::html::tags;
use crate::lexicon::{Lexicon, PhraseScanner};
use crate::rules::{ElementData, LaterSession, RuleSet, TokenTable, Tree, WeightKind};
use crate::sanitize;
use evidence::{first_of_each_name, ClassWords};
use lol_html::html_content::{Element, EndTag};
use record::TagNames;
use std::collections::{HashMap, HashSet};

use std::sync::Arc;
use text::RECENT;

const MAX_HEADINGS: usize = 256;
/// Open elements pass 1 keeps a frame for: an element opened deeper is `flag::FLATTENED`. (A
/// browser, Blink, stops nesting at 512; pages nest a few dozen deep.)
const MAX_DEPTH: usize = 4096;
/// A block's own text needs this many visible characters to be scored as a paragraph.
const SCORED_MIN: u32 = 20;
/// The flags an element inherits from its parent.
const INHERITED: u32 = flag::IN_ARTICLE
    | flag::IN_HEAD
    | flag::IN_LINK
    | flag::HIDES_TEXT
    | flag::IN_SVG
    | flag::IN_FOREIGN
    | flag::IN_LI;

/// Where the text of an open element goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sink {
    Page,
    Ignore,
    Title,
    Noscript,
    JsonLd,
}

#[derive(Debug, Clone)]
struct Frame {
    ord: u32,
    /// Stack index of the innermost block element (itself if a block).
    block: usize,
    sink: Sink,
    in_link: bool,
    /// Metadata asked for this element's text (`MetaCollector::start_capture`).
    capture: bool,
    /// A heading whose text `Analyzer::headings` collects.
    heading: bool,
    /// Commas in the own inline text (for blocks).
    inline_commas: u32,
    /// Element children so far, and per tag id (for `:nth-child` and `:nth-of-type`).
    children: u32,
    children_by_tag: TypeCounts,
    /// Own inline text (for blocks).
    inline_text: u32,
    inline_link: u32,
}

/// The analysis pass's state for one document; [`Analyzer::finish`] gives its [`Analysis`].
pub(crate) struct Analyzer {
    rules: Arc<RuleSet>,
    /// Which rules apply to this page (its host).
    active: Vec<bool>,
    /// What the rules see of each open element (parallel to `stack`).
    ancestors: Vec<ElementData>,
    /// Rules decided once the page is read (`rules/later.rs`), when some apply: the atoms each
    /// element matched, and (`later_text`) the page's text with each element's byte range in it.
    later: Option<LaterSession>,
    later_text: Option<(String, Vec<(u32, u32)>)>,
    /// Element children of the document itself, in total and per tag id.
    top_children: u32,
    top_children_by_tag: TypeCounts,
    lex: Arc<Lexicon>,
    /// The clutter patterns and weight kinds of attribute words.
    class_words: ClassWords,
    /// Blocks whose own text is a scored paragraph: (ordinal, content score, visible characters).
    paragraphs: Vec<(u32, f32, u32)>,
    /// `h1`/`h2` elements and the start of their text.
    headings: Vec<(u32, String)>,
    heading_active: Option<usize>,
    records: Records,
    tags: TagNames,
    stack: Vec<Frame>,
    scanner: PhraseScanner,
    decoder: EntityDecoder,
    hits: Vec<u32>,
    pos: u32,
    meta: MetaCollector,
    /// Sanitized `<img>` markup found inside each `noscript`, by ordinal.
    noscript_images: HashMap<u32, String>,
    noscript_buf: String,
    /// Hashes of the ids that controls name (`aria-controls`, `data-target`, `href="#id"`).
    controlled_ids: HashSet<u64>,
    /// Hidden elements with an id: ordinal and the id's hash.
    hidden_ids: Vec<(u32, u64)>,
    seen_title: bool,
    /// Open elements whose text metadata is collecting (captures nest).
    capturing: u32,
    /// Text characters seen so far, white space included.
    raw_pos: u32,
    /// The last `RECENT` of them, by `raw_pos` modulo `RECENT`: the text of a short element
    /// when it ends.
    recent: [char; RECENT],
    /// Visible position up to which phrase hits already cover the text.
    covered_until: u32,
    /// Known tag ids of the open elements, and how many of each are open (`implied`).
    open_ids: Vec<u16>,
    open_counts: [u32; implied::SLOTS],
    /// Bytes of text lol_html has reported so far.
    text_bytes: usize,
    /// Open elements a browser may read as text: ordinal, where their content starts in the
    /// input, and `text_bytes` there (`flag::TEXT_AS_MARKUP`).
    text_content: Vec<(u32, usize, usize)>,
}

impl Analyzer {
    pub(crate) fn new(
        rules: Arc<RuleSet>,
        active: Vec<bool>,
        lex: Arc<Lexicon>,
        tokens: Arc<TokenTable>,
        weights: Arc<TokenTable<WeightKind>>,
    ) -> Self {
        let later = rules.later_session(&active);
        let later_text = later
            .as_ref()
            .filter(|l| l.needs_text)
            .map(|_| (String::new(), Vec::new()));
        Analyzer {
            rules,
            active,
            ancestors: Vec::new(),
            later,
            later_text,
            top_children: 0,
            top_children_by_tag: TypeCounts::default(),
            lex,
            class_words: ClassWords::new(tokens, weights),
            paragraphs: Vec::new(),
            headings: Vec::new(),
            heading_active: None,
            records: Records::default(),
            tags: TagNames::default(),
            stack: Vec::new(),
            scanner: PhraseScanner::default(),
            decoder: EntityDecoder::default(),
            hits: Vec::new(),
            pos: 0,
            meta: MetaCollector::default(),
            noscript_images: HashMap::new(),
            noscript_buf: String::new(),
            controlled_ids: HashSet::new(),
            hidden_ids: Vec::new(),
            seen_title: false,
            capturing: 0,
            raw_pos: 0,
            recent: [' '; RECENT],
            covered_until: 0,
            open_ids: Vec::new(),
            open_counts: [0; implied::SLOTS],
            text_bytes: 0,
            text_content: Vec::new(),
        }
    }

    /// An empty state (stands in once a session's analysis is taken out).
    pub(crate) fn placeholder() -> Self {
        Self::new(
            Arc::new(RuleSet::default()),
            Vec::new(),
            Arc::new(Lexicon::empty()),
            Arc::new(TokenTable::default()),
            Arc::new(TokenTable::default()),
        )
    }

    /// A start tag. Returns the ordinal and the tag id (for the end-tag handler), or `None` for a
    /// void element (already finished).
    pub(crate) fn on_element(&mut self, el: &Element<'_, '_>) -> Option<(u32, u16)> {
        self.boundary_hits();
        let ord = self.records.len() as u32;
        let tag = el.tag_name();
        let t = tag.as_str();
        let tag_id = self.tags.intern(t);
        self.close_implied(t);
        let parent = self.inherited();
        let mut rec = self.tag_record(ord, tag_id, t, &parent);
        let attributes = first_of_each_name(el.attributes());
        let mut ev = self.read_attributes(t, &mut rec, &attributes);
        self.note_hidden_id(ord, &rec, &attributes);
        let data = self.match_rules(ord, t, tag_id, attributes, &mut rec);
        self.count_element(el, t, &mut rec, &mut ev);
        // Phrases in attribute text (`aria-label`, `placeholder`, a button's `value`) count for
        // the element itself, as its own words would (not for the text it covers: there is none).
        for id in std::mem::take(&mut ev.hits) {
            self.add_attribute_hit(&mut rec, id);
        }
        let sink = self.text_sink(t, &rec, parent.sink, ev.script_type.as_deref());
        let in_link = parent.in_link || (t == "a" && ev.has_href);
        self.open(
            el,
            Opening {
                ord,
                tag_id,
                tag: t,
                rec,
                data,
                sink,
                in_link,
            },
        )
    }

    /// The open elements whose end a browser implies at this start tag (`<p>a<p>b`) end here.
    fn close_implied(&mut self, t: &str) {
        let foreign = self
            .stack
            .last()
            .is_some_and(|f| self.records[f.ord as usize].has(flag::IN_FOREIGN));
        for _ in 0..implied::closes(&self.open_ids, &self.open_counts, t, foreign) {
            if let Some(closed) = self.pop(false) {
                self.records[closed as usize].flags |= flag::IMPLIED_CLOSE;
            }
        }
    }

    /// What a new element inherits from the innermost open element, its parent.
    fn inherited(&self) -> Inherited {
        let parent = self.stack.last();
        Inherited {
            ord: parent.map_or(NONE, |f| f.ord),
            flags: parent.map_or(0, |f| self.records[f.ord as usize].flags),
            sink: parent.map_or(Sink::Page, |f| f.sink),
            in_link: parent.is_some_and(|f| f.in_link),
        }
    }

    /// A new record: its place, the flags it inherits and the ones its tag gives (a `br` also
    /// marks its parent).
    fn tag_record(&mut self, ord: u32, tag_id: u16, t: &str, parent: &Inherited) -> Record {
        if t == "br" && parent.ord != NONE {
            self.records[parent.ord as usize].flags |= flag::BR_CHILD;
        }
        Record {
            parent: parent.ord,
            last_desc: ord,
            tag: tag_id,
            flags: (parent.flags & INHERITED) | tag_flags(t),
            start_pos: self.pos,
            ..Record::default()
        }
    }

    /// What the rules see of the element, and the first rule that names it now (rules decided
    /// once the page is read note what it matched).
    fn match_rules(
        &mut self,
        ord: u32,
        t: &str,
        tag_id: u16,
        attributes: Vec<(String, String)>,
        rec: &mut Record,
    ) -> ElementData {
        let data = self.element_data(t, tag_id, attributes);
        if let Some(i) = self.rules.first_match(&self.active, &data, &self.ancestors) {
            rec.rule = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
        if let Some(later) = &mut self.later {
            self.rules.match_atoms(later, ord, &data);
        }
        if let Some((text, spans)) = &mut self.later_text {
            let at = u32::try_from(text.len()).unwrap_or(u32::MAX);
            spans.push((at, at));
        }
        data
    }

    /// Where the element's text goes: the page, nowhere, the title, a `noscript`'s buffer or a
    /// JSON-LD script.
    fn text_sink(
        &mut self,
        t: &str,
        rec: &Record,
        parent_sink: Sink,
        script_type: Option<&str>,
    ) -> Sink {
        // `<title>` and JSON-LD scripts are read in `head` and hidden elements too.
        let special = matches!(t, "title" | "script") && parent_sink == Sink::Ignore;
        if parent_sink != Sink::Page && parent_sink != Sink::Title && !special {
            return parent_sink;
        }
        match t {
            "title" if !rec.has(flag::IN_SVG) && !self.seen_title => {
                self.seen_title = true;
                Sink::Title
            }
            "noscript" => {
                self.noscript_buf.clear();
                Sink::Noscript
            }
            "script" if script_type == Some("application/ld+json") => Sink::JsonLd,
            _ if rec.has(flag::HIDES_TEXT) => Sink::Ignore,
            _ => Sink::Page,
        }
    }

    /// Keeps the record and, when the element has content, opens its frame (a void element is
    /// finished at once). Returns what the end-tag handler needs.
    fn open(&mut self, el: &Element<'_, '_>, o: Opening<'_>) -> Option<(u32, u16)> {
        let Opening {
            ord,
            tag_id,
            tag: t,
            mut rec,
            data,
            sink,
            in_link,
        } = o;
        let can_have_content = el.can_have_content();
        if !can_have_content {
            rec.flags |= flag::VOID;
        }
        // Too deep: ended at once, like a void element, its content counted in its parent's.
        let flattened = can_have_content && self.stack.len() >= MAX_DEPTH;
        if flattened {
            rec.flags |= flag::FLATTENED;
        }
        let opens = can_have_content && !flattened;
        let (capture, heading) = self.collectors(ord, t, sink, opens, &data);
        self.records.push(rec);
        if tags::has_text_content(t) {
            // Cleared at its end tag if text filled it (never, for a flattened one: it goes).
            self.records[ord as usize].flags |= flag::TEXT_AS_MARKUP;
            if opens {
                let start = el.source_location().bytes().end;
                self.text_content.push((ord, start, self.text_bytes));
            }
        }
        if !opens {
            self.finish_record(ord, None);
            return None;
        }
        let depth = self.stack.len();
        let block = if self.records[ord as usize].has(flag::BLOCK) || depth == 0 {
            depth
        } else {
            self.stack[depth - 1].block
        };
        self.records[ord as usize].flags |= flag::OPEN;
        self.push_open_id(t, tag_id);
        self.ancestors.push(data);
        self.stack.push(Frame {
            ord,
            block,
            sink,
            in_link,
            capture,
            heading: heading.is_some(),
            inline_commas: 0,
            children: 0,
            children_by_tag: TypeCounts::default(),
            inline_text: 0,
            inline_link: 0,
        });
        Some((ord, tag_id))
    }

    /// A phrase found in one of an element's attributes, counted in its not yet opened record.
    fn add_attribute_hit(&self, rec: &mut Record, id: u32) {
        let Some(p) = self.lex.phrase(id) else {
            return;
        };
        let best = rec
            .best_phrase
            .checked_sub(1)
            .and_then(|b| self.lex.phrase(b))
            .map_or(0, |b| b.weight);
        let cat = p.category.index();
        if cat < crate::category::PHRASE_CATS {
            rec.phrase_score[cat] = rec.phrase_score[cat].saturating_add(p.weight);
        }
        if p.weight > best {
            rec.best_phrase = id + 1;
        }
    }

    /// Whether metadata collects the element's text, and its index in `headings` when it is an
    /// `h1`/`h2` whose text is kept.
    fn collectors(
        &mut self,
        ord: u32,
        t: &str,
        sink: Sink,
        can_have_content: bool,
        data: &ElementData,
    ) -> (bool, Option<usize>) {
        let capture =
            can_have_content && sink == Sink::Page && self.meta.start_capture(t, &data.attrs);
        if capture {
            self.capturing += 1;
        }
        let heading = (can_have_content
            && sink == Sink::Page
            && self.heading_active.is_none()
            && matches!(t, "h1" | "h2")
            && self.headings.len() < MAX_HEADINGS)
            .then(|| {
                self.headings.push((ord, String::new()));
                self.headings.len() - 1
            });
        if heading.is_some() {
            self.heading_active = heading;
        }
        (capture, heading)
    }

    /// Notes an opened element's tag among the open ones, for the ends a browser implies.
    fn push_open_id(&mut self, t: &str, tag_id: u16) {
        let known = if (tag_id as usize) <= implied::KNOWN.len() {
            tag_id
        } else if t == "unclutter-select" {
            implied::known_id(t)
        } else {
            0
        };
        let known = implied::stack_id(known, t);
        self.open_ids.push(known);
        self.open_counts[known as usize] += 1;
    }

    /// What rules see of an element: its tag, id, classes, attributes and position among its
    /// siblings (counted on its parent's frame).
    fn element_data(
        &mut self,
        tag: &str,
        tag_id: u16,
        attrs: Vec<(String, String)>,
    ) -> ElementData {
        let (children, by_tag) = match self.stack.last_mut() {
            Some(f) => (&mut f.children, &mut f.children_by_tag),
            None => (&mut self.top_children, &mut self.top_children_by_tag),
        };
        *children = children.saturating_add(1);
        let child_index = *children;
        let type_index = by_tag.bump(tag_id);
        let mut id = None;
        let mut classes = Vec::new();
        for (name, value) in &attrs {
            match name.as_str() {
                "id" if id.is_none() => id = Some(value.clone()),
                "class" => classes.extend(value.split_ascii_whitespace().map(str::to_string)),
                _ => {}
            }
        }
        ElementData {
            tag: tag.to_string(),
            id,
            classes,
            attrs,
            child_index,
            type_index,
        }
    }

    /// The end tag of element `ord` (or an end tag that closed it implicitly).
    pub(crate) fn on_end_tag(&mut self, ord: u32, tag: u16, end: &EndTag<'_>) {
        if let Some(i) = self.text_content.iter().rposition(|&(o, ..)| o == ord) {
            let (_, start, mark) = self.text_content[i];
            self.text_content.truncate(i);
            let span = end.source_location().bytes().start.saturating_sub(start);
            if self.text_bytes - mark == span {
                if let Some(r) = self.records.get_mut(ord as usize) {
                    r.flags &= !flag::TEXT_AS_MARKUP;
                }
            }
        }
        let open = self
            .records
            .get(ord as usize)
            .is_some_and(|r| r.has(flag::OPEN));
        if !open {
            return;
        }
        let explicit = self.tags.lookup(&end.name()) == Some(tag);
        while let Some(top) = self.stack.last() {
            let is_target = top.ord == ord;
            self.pop(is_target && explicit);
            if is_target {
                break;
            }
        }
    }

    /// The document ended: whatever is open ends implicitly, the rules decided once the page is
    /// read are answered, hidden elements that a control opens are marked, and the pass state
    /// (stacks, scanner, rule sessions, buffers) is dropped. The records and what goes with them
    /// are moved, not copied, into the finished [`Analysis`].
    pub(crate) fn finish(mut self) -> Analysis {
        while !self.stack.is_empty() {
            self.pop(false);
        }
        self.boundary_hits();
        self.meta.finish();
        self.answer_later_rules();
        for (ord, id) in std::mem::take(&mut self.hidden_ids) {
            if self.controlled_ids.contains(&id) {
                if let Some(r) = self.records.get_mut(ord as usize) {
                    r.flags |= flag::CONTROLLED;
                }
            }
        }
        Analysis {
            records: self.records,
            tags: self.tags,
            paragraphs: self.paragraphs,
            headings: self.headings,
            meta: self.meta,
            noscript_images: self.noscript_images,
        }
    }

    /// Rules decided once the page is read: each element they name keeps the first rule in load
    /// order that names it, as at the start tag.
    fn answer_later_rules(&mut self) {
        let Some(later) = self.later.take() else {
            return;
        };
        let (text, spans) = self.later_text.take().unwrap_or_default();
        let tree = Tree {
            parent: self.records.iter().map(|r| r.parent).collect(),
            last_desc: self.records.iter().map(|r| r.last_desc).collect(),
            tag: self.records.iter().map(|r| r.tag).collect(),
            html: self.tags.lookup("html"),
            blank: self.records.iter().map(|r| r.text == 0).collect(),
            text,
            spans,
        };
        let records = &mut self.records;
        self.rules.answer_later(&later, &tree, &mut |ord, rule| {
            if let Some(rec) = records.get_mut(ord as usize) {
                let id = rule.saturating_add(1);
                if rec.rule == 0 || id < rec.rule {
                    rec.rule = id;
                }
            }
        });
    }

    /// Ends the innermost open element.
    fn pop(&mut self, explicit: bool) -> Option<u32> {
        self.boundary_hits();
        let frame = self.stack.pop()?;
        if let Some(known) = self.open_ids.pop() {
            let c = &mut self.open_counts[known as usize];
            *c = c.saturating_sub(1);
        }
        self.ancestors.pop();
        let ord = frame.ord;
        if frame.sink == Sink::Noscript
            && self.stack.last().is_none_or(|f| f.sink != Sink::Noscript)
        {
            let html = sanitize::noscript_images(&self.noscript_buf);
            if !html.is_empty() {
                self.noscript_images.insert(ord, html);
            }
            self.noscript_buf.clear();
        }
        if frame.capture {
            self.capturing = self.capturing.saturating_sub(1);
            self.meta.end_capture();
        }
        if frame.heading {
            self.heading_active = None;
        }
        self.finish_record(ord, Some(&frame));
        if explicit {
            self.records[ord as usize].flags |= flag::EXPLICIT_CLOSE;
        }
        Some(ord)
    }

    /// Completes a record (its subtree is done) and adds it into its parent's.
    fn finish_record(&mut self, ord: u32, frame: Option<&Frame>) {
        let last = self.records.len().saturating_sub(1) as u32;
        let Some(rec) = self.records.get_mut(ord as usize) else {
            return;
        };
        rec.flags &= !flag::OPEN;
        rec.last_desc = last;
        if let Some((text, spans)) = &mut self.later_text {
            if let Some(span) = spans.get_mut(ord as usize) {
                span.1 = u32::try_from(text.len()).unwrap_or(u32::MAX);
            }
        }
        if let Some(f) = frame {
            self.mark_paragraph(ord, f);
        }
        self.read_short_text(ord);
        self.add_into_parent(ord);
    }

    /// Whether a finished block's own inline text is a paragraph of prose, and its Readability
    /// paragraph score when it is scored.
    fn mark_paragraph(&mut self, ord: u32, f: &Frame) {
        let rec = &mut self.records[ord as usize];
        let is_prose = rec.has(flag::BLOCK)
            && !rec.has(flag::HEADING)
            && f.inline_text >= PROSE_MIN
            && f.inline_link.saturating_mul(2) < f.inline_text;
        if is_prose {
            rec.flags |= flag::PROSE;
            rec.prose = rec.prose.saturating_add(f.inline_text);
            rec.paras = rec.paras.saturating_add(1);
            if rec.phrase_score.iter().all(|&s| s == 0) {
                rec.clean_paras = rec.clean_paras.saturating_add(1);
            }
        }
        let scored = matches!(
            self.tags.name(rec.tag),
            "p" | "td" | "pre" | "section" | "div" | "h2" | "h3" | "h4" | "h5" | "h6"
        );
        if scored && f.inline_text >= SCORED_MIN {
            // Readability's paragraph score: one, plus its commas, plus a point per
            // hundred characters (at most three).
            let score =
                1.0 + f.inline_commas as f32 + (f.inline_text as f32 / 85.0).floor().min(3.0);
            self.paragraphs.push((ord, score, f.inline_text));
        }
    }

    /// Adds a finished element's subtree into its parent's record.
    fn add_into_parent(&mut self, ord: u32) {
        let Some(rec) = self.records.get(ord as usize) else {
            return;
        };
        let parent = rec.parent;
        if parent == NONE {
            return;
        }
        let child = rec.clone();
        let lex = &*self.lex;
        if let Some(p) = self.records.get_mut(parent as usize) {
            p.add_child(&child, |best| weight_of(lex, best));
        }
    }
}

/// What a new element inherits from its parent.
struct Inherited {
    /// The parent's ordinal (`NONE` at the top).
    ord: u32,
    flags: u32,
    sink: Sink,
    in_link: bool,
}

/// A start tag read up to its frame: what `Analyzer::open` keeps.
struct Opening<'t> {
    ord: u32,
    tag_id: u16,
    tag: &'t str,
    rec: Record,
    data: ElementData,
    sink: Sink,
    in_link: bool,
}

/// The flags a tag gives its element.
fn tag_flags(t: &str) -> u32 {
    let mut f = 0;
    if tags::is_block(t) {
        f |= flag::BLOCK;
    }
    if tags::is_heading(t) {
        f |= flag::HEADING;
    }
    if tags::hides_text(t) {
        f |= flag::HIDES_TEXT;
    }
    if t == "svg" {
        f |= flag::IN_SVG;
    }
    if t == "svg" || t == "math" {
        f |= flag::IN_FOREIGN;
    }
    if t == "li" {
        f |= flag::IN_LI;
    }
    if t == "head" {
        f |= flag::IN_HEAD;
    }
    if tags::is_article_region(t) {
        f |= flag::ARTICLE_REGION;
    }
    if t == "dialog" {
        f |= flag::DIALOG;
    }
    f
}

fn weight_of(lex: &Lexicon, best: u32) -> u8 {
    if best == 0 {
        0
    } else {
        lex.phrase(best - 1).map_or(0, |p| p.weight)
    }
}

/// How many children of each tag an element has had so far (for `:nth-of-type`): a short list,
/// and a map past it (a hostile page can give an element 65,000 distinct child tags).
#[derive(Debug, Clone, Default)]
struct TypeCounts {
    few: Vec<(u16, u32)>,
    /// Boxed: one per open element, and almost always `None` (a bare map is 48 bytes).
    #[allow(clippy::box_collection)]
    many: Option<Box<HashMap<u16, u32>>>,
}

impl TypeCounts {
    /// Counts one more child with tag `tag`; returns its 1-based index among those.
    fn bump(&mut self, tag: u16) -> u32 {
        if let Some((_, n)) = self.few.iter_mut().find(|(t, _)| *t == tag) {
            *n = n.saturating_add(1);
            return *n;
        }
        if self.few.len() < 16 {
            self.few.push((tag, 1));
            return 1;
        }
        let n = self
            .many
            .get_or_insert_with(Box::default)
            .entry(tag)
            .or_insert(0);
        *n = n.saturating_add(1);
        *n
    }
}
