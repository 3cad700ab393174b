//! Pass 1: the analysis pass. It writes nothing; it gives every element a document-order ordinal
//! and records what a decision needs (a [`Record`] per element, never a tree of the text).
//!
//! lol_html cannot tell an element's text or descendants when its start tag arrives, so everything
//! here is accumulated while the stream goes by and summed into the parent when an element ends.
//! The extent of an element is lol_html's own (its stack pops up to the matching end tag), the same
//! extent that pass 2 deletes, so every "how much would this delete" figure is exact.
//!
//! The page's metadata (`metadata`: title, byline, dates, access; JSON-LD in `jsonld`) is gathered
//! in the same pass.

pub(crate) mod jsonld;
pub(crate) mod metadata;
pub(crate) mod pass;

use crate::analysis::metadata::MetaCollector;
use crate::category::PHRASE_CATS;
use crate::html::entities::{self, EntityDecoder};
use crate::html::implied;
use crate::html::tags;
use crate::lexicon::{Lexicon, PhraseScanner};
use crate::rules::{split_words, ElementData, LaterSession, RuleSet, TokenTable, Tree, WeightKind};
use crate::sanitize;
use lol_html::html_content::{Element, EndTag, TextType};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// No parent.
pub(crate) const NONE: u32 = u32::MAX;
/// A block whose own (inline) text has at least this many visible characters is a paragraph of
/// prose, unless it is mostly links.
pub(crate) const PROSE_MIN: u32 = 80;

/// Path segments that introduce an author's page (`/author/jane-doe`, `/autoren/…`): a link
/// there is a byline's, wherever the site puts it.
const AUTHOR_PATHS: &str = "author authors autor autoren autores autore autori auteur auteurs \
    autorzy avtor avtory byline columnist columnists contributor contributors journalist \
    journalists reporter reporters writer";

/// Whether `href` leads to an author's page: one of `AUTHOR_PATHS` followed by a name, or an
/// `author=` query.
fn author_link(href: &str) -> bool {
    let href = href.trim();
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    let path = path.split('#').next().unwrap_or("");
    // Past the scheme and host, if any.
    let path = path
        .split_once("//")
        .map_or(path, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let mut segments = path.split('/').filter(|s| !s.is_empty()).peekable();
    let mut named = false;
    while let Some(seg) = segments.next() {
        if segments.peek().is_some()
            && AUTHOR_PATHS
                .split_ascii_whitespace()
                .any(|a| seg.eq_ignore_ascii_case(a))
        {
            named = true;
            break;
        }
    }
    named
        || query.split('&').any(|kv| {
            kv.split_once('=')
                .is_some_and(|(k, v)| k == "author" && !v.is_empty())
        })
}
/// Characters of text kept behind the current position (`Analysis::recent`).
const RECENT: usize = 32;
/// A time stamp's text is at most this many characters, white space included.
const STAMP_MAX: u32 = 16;

/// Whether `s` is a time of day and nothing else: `3:44 PM`, `15:44`, `15.44 Uhr`, `9h30`,
/// `10:05 a.m. ET`. The digits say it in every language; with a dot, a word must follow.
fn is_time_of_day(s: &str) -> bool {
    let s = s.trim().to_lowercase();
    let clock_end = s
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | 'h')))
        .unwrap_or(s.len());
    let (clock, tail) = s.split_at(clock_end);
    let Some((hours, minutes)) = clock.split_once([':', '.', 'h']) else {
        return false;
    };
    let minutes = minutes.trim_end_matches(['.', 'h']);
    let number = |t: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    number(hours, 1..=2)
        && number(minutes, 2..=2)
        && hours.parse::<u8>().is_ok_and(|h| h <= 24)
        && minutes.parse::<u8>().is_ok_and(|m| m < 60)
        // "12.50" alone is as likely a price.
        && !(clock.contains('.') && tail.trim().is_empty())
        && tail
            .split_whitespace()
            .all(|w| TIME_WORDS.split_ascii_whitespace().any(|t| t == w))
}

/// Words that may follow a time of day: the half of the day, "o'clock" in a few languages, the
/// usual time zones.
const TIME_WORDS: &str = "am pm a.m. p.m. uhr h ч hrs et pt ct mt gmt utc cet cest bst est edt \
    pst pdt msk eet eest jst kst ist";

/// A phrase that starts within this many visible characters of an element's start "heads" it.
const LEAD: u32 = 40;
/// How far up the open elements a phrase hit looks for elements it heads.
const LEAD_WALK: usize = 48;
/// Bounds on what is kept of special text.
const NOSCRIPT_MAX: usize = 64 * 1024;
const MAX_HEADINGS: usize = 256;
const HEADING_TEXT_MAX: usize = 512;
/// A block's own text needs this many visible characters to be scored as a paragraph.
const SCORED_MIN: u32 = 20;

/// Record flags.
pub(crate) mod flag {
    pub const BLOCK: u32 = 1 << 0;
    pub const HEADING: u32 = 1 << 1;
    pub const VOID: u32 = 1 << 2;
    /// Ended by its own end tag (not implicitly, by an ancestor's end tag or the document end).
    pub const EXPLICIT_CLOSE: u32 = 1 << 3;
    pub const OPEN: u32 = 1 << 4;
    pub const HIDDEN_ATTR: u32 = 1 << 5;
    pub const ARIA_HIDDEN: u32 = 1 << 6;
    pub const DISPLAY_NONE: u32 = 1 << 7;
    pub const VISIBILITY_HIDDEN: u32 = 1 << 8;
    pub const FIXED: u32 = 1 << 9;
    pub const DIALOG: u32 = 1 << 10;
    /// Inside (or is) `article`, `main`, `[role=main]`, `[role=article]`, `[itemprop=articleBody]`.
    pub const IN_ARTICLE: u32 = 1 << 11;
    pub const ARTICLE_REGION: u32 = 1 << 12;
    pub const IN_HEAD: u32 = 1 << 13;
    pub const IN_LINK: u32 = 1 << 14;
    /// A block whose own inline text is a paragraph of prose.
    pub const PROSE: u32 = 1 << 15;
    /// Its text is not page text (inside `script`, `head`, `svg`, ...).
    pub const HIDES_TEXT: u32 = 1 << 16;
    pub const INPUT_HIDDEN: u32 = 1 << 17;
    pub const IN_SVG: u32 = 1 << 18;
    /// Closed by the start of another element, as a browser implies (`<p>a<p>b`): lol_html's
    /// extent of it is larger than the browser's.
    pub const IMPLIED_CLOSE: u32 = 1 << 19;
    /// Inside `svg` or `math`, where no end tags are implied.
    pub const IN_FOREIGN: u32 = 1 << 20;
    /// Has a `br` child (Readability's readerable check counts such `div`s).
    pub const BR_CHILD: u32 = 1 << 21;
    /// Inside an `li`.
    pub const IN_LI: u32 = 1 << 22;
    /// Hidden, and opened by a control on the page: its id is named by an `aria-controls`, a
    /// `data-target`/`data-bs-target` or a link to `#id`.
    pub const CONTROLLED: u32 = 1 << 23;
    /// An element whose content a browser may read as text (`tags::has_text_content`) that
    /// lol_html did not read as text: text chunks did not fill it from its start tag to its end
    /// tag (or it had none). What lol_html found in it need not be what a browser reads.
    pub const TEXT_AS_MARKUP: u32 = 1 << 24;
    /// An author is named in it: a link to an author's page (`/author/jane-doe`, `rel=author`)
    /// or `itemprop=author`.
    pub const AUTHOR_LINK: u32 = 1 << 25;
}

/// ARIA landmark and widget roles the decisions use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub(crate) enum Role {
    #[default]
    None,
    Navigation,
    Banner,
    ContentInfo,
    Complementary,
    Dialog,
    Main,
    Article,
    Search,
    Menu,
    /// `tabpanel`: a tab's panel, shown when its tab is chosen.
    TabPanel,
}

/// A hash of an element id (FNV-1a): ids are compared, never kept.
fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn parse_role(v: &str) -> Role {
    match v
        .split_ascii_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "navigation" => Role::Navigation,
        "banner" => Role::Banner,
        "contentinfo" => Role::ContentInfo,
        "complementary" => Role::Complementary,
        "dialog" | "alertdialog" => Role::Dialog,
        "main" => Role::Main,
        "article" => Role::Article,
        "search" => Role::Search,
        "menu" | "menubar" => Role::Menu,
        "tabpanel" => Role::TabPanel,
        _ => Role::None,
    }
}

/// Which attribute a token pattern matched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(u8)]
pub(crate) enum TokenAttr {
    #[default]
    Class,
    Id,
    Data,
}

/// What pass 1 knows about one element. Counts are of the element's whole subtree once it ended.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    pub parent: u32,
    /// Ordinal of the last element inside it.
    pub last_desc: u32,
    pub tag: u16,
    pub role: Role,
    pub token_attr: TokenAttr,
    pub flags: u32,
    /// Index+1 into the rule set of the first rule that matched (0: none).
    pub rule: u32,
    /// Id+1 of the first token pattern that matched (0: none).
    pub token: u32,
    /// Visible non-space characters.
    pub text: u32,
    /// Of which inside links.
    pub link_text: u32,
    /// Characters in paragraphs of prose.
    pub prose: u32,
    /// Paragraphs of prose.
    pub paras: u16,
    /// Paragraphs of prose without any phrase hit.
    pub clean_paras: u16,
    pub forms: u16,
    pub inputs: u16,
    pub email_inputs: u16,
    pub buttons: u16,
    pub images: u16,
    pub links: u16,
    /// `h1` elements.
    pub h1s: u16,
    /// Byline elements (`class="byline"`, `rel=author`, `itemprop=author`, ...).
    pub bylines: u16,
    /// `p` elements.
    pub ps: u16,
    /// `li` elements.
    pub lis: u16,
    /// Time stamps: elements whose whole text is a time of day ("3:44 PM", "15.44 Uhr"). (A
    /// date is not one: forum posts and teasers carry dates.)
    pub stamps: u16,
    /// Hash of its text when that is short (`Analysis::short_hash`; 0: longer or none).
    pub name_hash: u32,
    /// Embedded media and frames (`iframe`, `embed`, `object`, `video`, `audio`).
    pub embeds: u16,
    /// Commas in the text.
    pub commas: u16,
    /// Sum of phrase weights per phrase category.
    pub phrase_score: [u8; PHRASE_CATS],
    /// Visible characters covered by phrase hits.
    pub phrase_chars: u32,
    /// Id+1 of the heaviest phrase hit (0: none).
    pub best_phrase: u32,
    /// Id+1 of a phrase of weight ≥ 2 that starts within the first characters (0: none).
    pub lead_phrase: u32,
    /// Visible characters before this element.
    pub start_pos: u32,
    /// Position (in all text characters, white space included) of the first non-space character
    /// inside, and just after the last: `span_last - span_first` is `textContent.trim().length`.
    pub span_first: u32,
    pub span_last: u32,
    /// Kinds of class its `class`/`id` words name (`1 << WeightKind`).
    pub kinds: u8,
}

impl Record {
    pub(crate) fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }
}

/// Interned tag names; id 0 stands for "too many distinct names".
#[derive(Debug, Clone)]
pub(crate) struct TagNames {
    names: Vec<String>,
    ids: HashMap<String, u16>,
}

impl Default for TagNames {
    fn default() -> Self {
        // The tags whose end a browser implies get the fixed ids `implied` uses.
        let mut t = TagNames {
            names: vec!["unknown".to_string()],
            ids: HashMap::new(),
        };
        for k in implied::KNOWN {
            t.intern(k);
        }
        t
    }
}

impl TagNames {
    fn intern(&mut self, name: &str) -> u16 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        if self.names.len() >= usize::from(u16::MAX) {
            return 0;
        }
        let id = self.names.len() as u16;
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    fn lookup(&self, name: &str) -> Option<u16> {
        self.ids.get(name).copied()
    }

    pub(crate) fn name(&self, id: u16) -> &str {
        self.names
            .get(usize::from(id))
            .map_or("unknown", String::as_str)
    }
}

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
    /// Index into `Analysis::headings` while this heading's text is collected.
    heading: Option<usize>,
    /// Commas in the own inline text (for blocks).
    inline_commas: u32,
    /// Element children so far, and per tag id (for `:nth-child` and `:nth-of-type`).
    children: u32,
    children_by_tag: TypeCounts,
    /// Own inline text (for blocks).
    inline_text: u32,
    inline_link: u32,
}

/// The analysis state for one document.
pub(crate) struct Analysis {
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
    tokens: Arc<TokenTable>,
    weights: Arc<TokenTable<WeightKind>>,
    /// Blocks whose own text is a scored paragraph: (ordinal, content score, visible characters).
    pub(crate) paragraphs: Vec<(u32, f32, u32)>,
    /// `h1`/`h2` elements and the start of their text.
    pub(crate) headings: Vec<(u32, String)>,
    heading_active: Option<usize>,
    pub(crate) records: Vec<Record>,
    pub(crate) tags: TagNames,
    stack: Vec<Frame>,
    scanner: PhraseScanner,
    decoder: EntityDecoder,
    hits: Vec<u32>,
    pos: u32,
    pub(crate) meta: MetaCollector,
    /// Sanitized `<img>` markup found inside each `noscript`, by ordinal.
    pub(crate) noscript_images: HashMap<u32, String>,
    noscript_buf: String,
    /// Hashes of the ids that controls name (`aria-controls`, `data-target`, `href="#id"`).
    controlled_ids: HashSet<u64>,
    /// Hidden elements with an id: ordinal and the id's hash.
    hidden_ids: Vec<(u32, u64)>,
    words: String,
    ranges: Vec<(usize, usize)>,
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

impl Analysis {
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
        Analysis {
            rules,
            active,
            ancestors: Vec::new(),
            later,
            later_text,
            top_children: 0,
            top_children_by_tag: TypeCounts::default(),
            lex,
            tokens,
            weights,
            paragraphs: Vec::new(),
            headings: Vec::new(),
            heading_active: None,
            records: Vec::new(),
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
            words: String::new(),
            ranges: Vec::new(),
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

    /// The tag name of an element by id.
    pub(crate) fn tag_name(&self, id: u16) -> &str {
        self.tags.name(id)
    }

    /// A start tag. Returns the ordinal and the tag id (for the end-tag handler), or `None` for a
    /// void element (already finished).
    pub(crate) fn on_element(&mut self, el: &Element<'_, '_>) -> Option<(u32, u16)> {
        self.boundary_hits();
        let ord = self.records.len() as u32;
        let tag = el.tag_name();
        let tag_id = self.tags.intern(&tag);
        let foreign = self
            .stack
            .last()
            .is_some_and(|f| self.records[f.ord as usize].has(flag::IN_FOREIGN));
        for _ in 0..implied::closes(&self.open_ids, &self.open_counts, &tag, foreign) {
            if let Some(closed) = self.pop(false) {
                self.records[closed as usize].flags |= flag::IMPLIED_CLOSE;
            }
        }
        let parent = self.stack.last();
        let parent_ord = parent.map_or(NONE, |f| f.ord);
        let parent_flags = parent.map_or(0, |f| self.records[f.ord as usize].flags);
        let parent_sink = parent.map_or(Sink::Page, |f| f.sink);
        let in_link_parent = parent.is_some_and(|f| f.in_link);

        let mut rec = Record {
            parent: parent_ord,
            last_desc: ord,
            tag: tag_id,
            flags: parent_flags
                & (flag::IN_ARTICLE
                    | flag::IN_HEAD
                    | flag::IN_LINK
                    | flag::HIDES_TEXT
                    | flag::IN_SVG
                    | flag::IN_FOREIGN
                    | flag::IN_LI),
            start_pos: self.pos,
            ..Record::default()
        };
        let t = tag.as_str();
        if tags::is_block(t) {
            rec.flags |= flag::BLOCK;
        }
        if tags::is_heading(t) {
            rec.flags |= flag::HEADING;
        }
        if tags::hides_text(t) {
            rec.flags |= flag::HIDES_TEXT;
        }
        if t == "svg" {
            rec.flags |= flag::IN_SVG;
        }
        if t == "svg" || t == "math" {
            rec.flags |= flag::IN_FOREIGN;
        }
        if t == "li" {
            rec.flags |= flag::IN_LI;
        }
        if t == "br" {
            if let Some(p) = self.stack.last().map(|f| f.ord) {
                self.records[p as usize].flags |= flag::BR_CHILD;
            }
        }
        if t == "head" {
            rec.flags |= flag::IN_HEAD;
        }
        if tags::is_article_region(t) {
            rec.flags |= flag::ARTICLE_REGION;
        }
        if t == "dialog" {
            rec.flags |= flag::DIALOG;
        }

        let mut input_type = String::new();
        let mut input_value = None;
        let mut email_hint = false;
        let mut has_href = false;
        let mut script_type = None;
        let mut attr_hits: Vec<u32> = Vec::new();
        let attributes = first_of_each_name(el.attributes());
        for (name, value) in &attributes {
            let name = name.as_str();
            match name {
                "class" | "id" => {
                    let (token, kinds) = self.class_words(value);
                    rec.kinds |= kinds;
                    // Formulas (MathML, MathJax's `mjx-*` elements) are content; their class
                    // words name renderer internals (`CtxtMenu_Attached_0`), not page parts.
                    let math = t == "math" || t.starts_with("mjx-");
                    if let Some(id) = token
                        .filter(|_| !math && (rec.token == 0 || rec.token_attr == TokenAttr::Data))
                    {
                        rec.token = id + 1;
                        rec.token_attr = if name == "id" {
                            TokenAttr::Id
                        } else {
                            TokenAttr::Class
                        };
                    }
                }
                "role" => {
                    rec.role = parse_role(value);
                    match rec.role {
                        Role::Main | Role::Article => rec.flags |= flag::ARTICLE_REGION,
                        Role::Dialog => rec.flags |= flag::DIALOG,
                        _ => {}
                    }
                }
                "hidden" => rec.flags |= flag::HIDDEN_ATTR,
                "aria-hidden" if value.trim().eq_ignore_ascii_case("true") => {
                    rec.flags |= flag::ARIA_HIDDEN;
                }
                "aria-modal" if value.trim().eq_ignore_ascii_case("true") => {
                    rec.flags |= flag::DIALOG;
                }
                "style" => rec.flags |= style_flags(value),
                "type" => input_type = value.trim().to_ascii_lowercase(),
                "itemprop" => {
                    let v = value.to_ascii_lowercase();
                    if v.contains("articlebody") {
                        rec.flags |= flag::ARTICLE_REGION;
                    }
                    if v.split_ascii_whitespace()
                        .any(|w| w == "author" || w == "creator")
                    {
                        rec.bylines = 1;
                        rec.flags |= flag::AUTHOR_LINK;
                    }
                }
                "rel"
                    if value
                        .to_ascii_lowercase()
                        .split_ascii_whitespace()
                        .any(|w| w == "author") =>
                {
                    rec.bylines = 1;
                    rec.flags |= flag::AUTHOR_LINK;
                }
                "aria-label" | "placeholder" => {
                    let v = entities::decode(value);
                    if v.to_ascii_lowercase().contains("mail") {
                        email_hint = true;
                    }
                    attr_hits.extend(self.lex.find_all(&v));
                }
                "value" => input_value = Some(value.clone()),
                "name" | "autocomplete" if value.to_ascii_lowercase().contains("mail") => {
                    email_hint = true;
                }
                "href" => {
                    has_href = true;
                    if t == "a" && author_link(value) {
                        rec.flags |= flag::AUTHOR_LINK;
                    }
                    if let Some(target) = value.trim().strip_prefix('#') {
                        self.controlled_ids.insert(id_hash(target));
                    }
                }
                "aria-controls" => {
                    for target in value.split_ascii_whitespace() {
                        self.controlled_ids.insert(id_hash(target));
                    }
                }
                "data-target" | "data-bs-target" => {
                    if let Some(target) = value.trim().strip_prefix('#') {
                        self.controlled_ids.insert(id_hash(target));
                    }
                }
                _ if name.starts_with("data-") && rec.token == 0 => {
                    let v = value;
                    let mut probe = name[5..].to_string();
                    // Values are words only when they look like names (`newsletter-signup`), not
                    // ids, hashes, URLs or JSON.
                    if v.len() <= 48 && v.chars().all(|c| c.is_alphabetic() || "-_ ".contains(c)) {
                        probe.push(' ');
                        probe.push_str(v);
                    }
                    if self.data_kinds(&probe) & (1 << WeightKind::Byline as u8) != 0 {
                        rec.bylines = 1;
                    }
                    if let Some(id) = self.find_tokens(&probe) {
                        rec.token = id + 1;
                        rec.token_attr = TokenAttr::Data;
                    }
                }
                _ => {}
            }
            if t == "script" && name == "type" {
                script_type = Some(value.trim().to_ascii_lowercase());
            }
        }
        if rec.has(flag::ARTICLE_REGION) {
            rec.flags |= flag::IN_ARTICLE;
        }
        if rec.has(
            flag::DISPLAY_NONE | flag::VISIBILITY_HIDDEN | flag::HIDDEN_ATTR | flag::ARIA_HIDDEN,
        ) {
            if let Some((_, id)) = attributes.iter().find(|(n, _)| n == "id") {
                self.hidden_ids.push((ord, id_hash(id.trim())));
            }
        }
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
        if rec.kinds & (1 << WeightKind::Byline as u8) != 0 {
            rec.bylines = 1;
        }

        // Counts that sum up the tree.
        match t {
            "a" if has_href => {
                rec.links = 1;
                rec.flags |= flag::IN_LINK;
            }
            "img" => rec.images = 1,
            "h1" => rec.h1s = 1,
            "p" => rec.ps = 1,
            "time" => rec.bylines = 1,
            "li" => rec.lis = 1,
            "iframe" | "embed" | "object" | "video" | "audio" => rec.embeds = 1,
            "form" => rec.forms = 1,
            "button" => rec.buttons = 1,
            "textarea" | "select" | "unclutter-select" => rec.inputs = 1,
            "input" => match input_type.as_str() {
                "hidden" => rec.flags |= flag::INPUT_HIDDEN,
                "submit" | "button" | "image" | "reset" => {
                    rec.buttons = 1;
                    if let Some(v) = &input_value {
                        attr_hits.extend(self.lex.find_all(&entities::decode(v)));
                    }
                }
                "checkbox" | "radio" => rec.inputs = 1,
                "email" => {
                    rec.inputs = 1;
                    rec.email_inputs = 1;
                }
                _ => {
                    rec.inputs = 1;
                    if email_hint {
                        rec.email_inputs = 1;
                    }
                }
            },
            "html" => self.meta.on_html(el),
            "meta" => self.meta.on_meta(el),
            "link" => self.meta.on_link(el),
            _ => {}
        }
        for id in attr_hits {
            self.add_hit_to(ord, id, false);
        }

        // `<title>` and JSON-LD scripts are read in `head` and hidden elements too.
        let special = matches!(t, "title" | "script") && parent_sink == Sink::Ignore;
        let sink = if parent_sink != Sink::Page && parent_sink != Sink::Title && !special {
            parent_sink
        } else {
            match t {
                "title" if !rec.has(flag::IN_SVG) && !self.seen_title => {
                    self.seen_title = true;
                    Sink::Title
                }
                "noscript" => {
                    self.noscript_buf.clear();
                    Sink::Noscript
                }
                "script" if script_type.as_deref() == Some("application/ld+json") => Sink::JsonLd,
                _ if rec.has(flag::HIDES_TEXT) => Sink::Ignore,
                _ => Sink::Page,
            }
        };

        let can_have_content = el.can_have_content();
        if !can_have_content {
            rec.flags |= flag::VOID;
        }
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
        self.records.push(rec);
        if tags::has_text_content(t) {
            // Cleared at its end tag if text filled it.
            self.records[ord as usize].flags |= flag::TEXT_AS_MARKUP;
            if can_have_content {
                let start = el.source_location().bytes().end;
                self.text_content.push((ord, start, self.text_bytes));
            }
        }
        if can_have_content {
            let depth = self.stack.len();
            let block = if self.records[ord as usize].has(flag::BLOCK) || depth == 0 {
                depth
            } else {
                self.stack[depth - 1].block
            };
            self.records[ord as usize].flags |= flag::OPEN;
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
            self.ancestors.push(data);
            self.stack.push(Frame {
                ord,
                block,
                sink,
                in_link: in_link_parent || (t == "a" && has_href),
                capture,
                heading,
                inline_commas: 0,
                children: 0,
                children_by_tag: TypeCounts::default(),
                inline_text: 0,
                inline_link: 0,
            });
            Some((ord, tag_id))
        } else {
            self.finish_record(ord, None);
            None
        }
    }

    /// The first clutter pattern and the weight kinds that a `class` or `id` value names.
    fn class_words(&mut self, value: &str) -> (Option<u32>, u8) {
        self.words.clear();
        self.ranges.clear();
        split_words(value, &mut self.words, &mut self.ranges);
        let words: Vec<&str> = self
            .ranges
            .iter()
            .map(|&(s, e)| &self.words[s..e])
            .collect();
        (self.tokens.find(&words), self.weights.kinds(&words))
    }

    /// The weight kinds a `data-*` name and value name.
    fn data_kinds(&mut self, probe: &str) -> u8 {
        self.class_words(probe).1
    }

    fn find_tokens(&mut self, value: &str) -> Option<u32> {
        self.words.clear();
        self.ranges.clear();
        split_words(value, &mut self.words, &mut self.ranges);
        if self.ranges.is_empty() {
            return None;
        }
        let words: Vec<&str> = self
            .ranges
            .iter()
            .map(|&(s, e)| &self.words[s..e])
            .collect();
        self.tokens.find(&words)
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

    /// The document ended: whatever is open ends implicitly.
    pub(crate) fn on_end(&mut self) {
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
        self.controlled_ids = HashSet::new();
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

    pub(crate) fn on_text(&mut self, text: &str, ty: TextType, last: bool) {
        self.text_bytes += text.len();
        let Some(top) = self.stack.last() else {
            return;
        };
        match top.sink {
            Sink::Ignore => {}
            Sink::Title => {
                let mut dec = std::mem::take(&mut self.decoder);
                let meta = &mut self.meta;
                dec.feed(text, &mut |c| meta.push_title(c));
                if last {
                    dec.flush(&mut |c| meta.push_title(c));
                }
                self.decoder = dec;
            }
            Sink::Noscript => {
                if self.noscript_buf.len() + text.len() <= NOSCRIPT_MAX {
                    self.noscript_buf.push_str(text);
                }
            }
            Sink::JsonLd => self.meta.push_json_ld(text),
            Sink::Page => {
                let decodes = matches!(ty, TextType::Data | TextType::RCData);
                if decodes {
                    let mut dec = std::mem::take(&mut self.decoder);
                    dec.feed(text, &mut |c| self.page_char(c));
                    if last {
                        dec.flush(&mut |c| self.page_char(c));
                    }
                    self.decoder = dec;
                } else {
                    text.chars().for_each(|c| self.page_char(c));
                }
            }
        }
        // An unfinished reference never reaches into the next text node (as in pass 2).
        if last {
            self.decoder = EntityDecoder::default();
        }
    }

    #[inline]
    fn page_char(&mut self, c: char) {
        if self.capturing > 0 {
            self.meta.push_capture(c);
        }
        if let Some((text, _)) = &mut self.later_text {
            // Byte offsets are `u32`: past 4 GiB of text, `:has-text()` sees no more.
            if text.len() < u32::MAX as usize - 4 {
                text.push(c);
            }
        }
        if let Some((_, text)) = self.heading_active.and_then(|i| self.headings.get_mut(i)) {
            if text.len() < HEADING_TEXT_MAX {
                text.push(c);
            }
        }
        let Some(top) = self.stack.last_mut() else {
            return;
        };
        let ord = top.ord;
        self.raw_pos = self.raw_pos.saturating_add(1);
        self.recent[(self.raw_pos - 1) as usize % RECENT] = c;
        if !c.is_whitespace() {
            if let Some(rec) = self.records.get_mut(ord as usize) {
                if rec.span_last == 0 {
                    rec.span_first = self.raw_pos - 1;
                }
                rec.span_last = self.raw_pos;
            }
        }
        if matches!(c, ',' | '，' | '、') {
            if let Some(rec) = self.records.get_mut(ord as usize) {
                rec.commas = rec.commas.saturating_add(1);
            }
            let block = top.block;
            if let Some(b) = self.stack.get_mut(block) {
                b.inline_commas = b.inline_commas.saturating_add(1);
            }
        }
        let Some(top) = self.stack.last_mut() else {
            return;
        };
        if !c.is_whitespace() {
            // A Chinese or Japanese character carries about what two letters of a spaced
            // language do: it counts twice toward text lengths, so a sentence in them is as long
            // as its translation would be to every threshold measured in characters.
            let w = if crate::lexicon::is_cjk(c) { 2 } else { 1 };
            self.pos = self.pos.saturating_add(w);
            let in_link = top.in_link;
            let block = top.block;
            let rec = &mut self.records[ord as usize];
            rec.text = rec.text.saturating_add(w);
            if in_link {
                rec.link_text = rec.link_text.saturating_add(w);
            }
            if let Some(b) = self.stack.get_mut(block) {
                b.inline_text = b.inline_text.saturating_add(w);
                if in_link {
                    b.inline_link = b.inline_link.saturating_add(w);
                }
            }
        }
        let hits = &mut self.hits;
        self.scanner.feed(&self.lex, c, &mut |id| hits.push(id));
        if !self.hits.is_empty() {
            self.flush_hits(ord);
        }
    }

    /// An element boundary ends the current word; a phrase ending there belongs to the innermost
    /// open element.
    fn boundary_hits(&mut self) {
        let hits = &mut self.hits;
        self.scanner.boundary(&self.lex, &mut |id| hits.push(id));
        if !self.hits.is_empty() {
            if let Some(top) = self.stack.last() {
                let ord = top.ord;
                self.flush_hits(ord);
            } else {
                self.hits.clear();
            }
        }
    }

    fn flush_hits(&mut self, ord: u32) {
        let mut hits = std::mem::take(&mut self.hits);
        // Phrases ending here overlap ("enter your email to subscribe", "subscribe"): longest
        // first, so the text they cover is counted once.
        let lex = &self.lex;
        crate::order::sort_by_key(&mut hits, |&id| {
            u32::MAX - lex.phrase(id).map_or(0, |p| p.page_len)
        });
        for &id in &hits {
            self.add_hit_to(ord, id, true);
        }
        self.hits = hits;
        self.hits.clear();
    }

    fn add_hit_to(&mut self, ord: u32, id: u32, visible: bool) {
        let Some(p) = self.lex.phrase(id) else {
            return;
        };
        let (cat, weight, len) = (p.category.index(), p.weight, p.page_len);
        let best_weight = |r: &Record| {
            if r.best_phrase == 0 {
                0
            } else {
                self.lex.phrase(r.best_phrase - 1).map_or(0, |p| p.weight)
            }
        };
        let Some(rec) = self.records.get(ord as usize) else {
            return;
        };
        let replace_best = weight > best_weight(rec);
        let rec = &mut self.records[ord as usize];
        if cat < PHRASE_CATS {
            rec.phrase_score[cat] = rec.phrase_score[cat].saturating_add(weight);
        }
        if replace_best {
            rec.best_phrase = id + 1;
        }
        if !visible {
            return;
        }
        // Only the part not covered by an earlier phrase counts.
        let start = self.pos.saturating_sub(len);
        let fresh = self.pos.saturating_sub(start.max(self.covered_until));
        self.covered_until = self.covered_until.max(self.pos);
        let rec = &mut self.records[ord as usize];
        rec.phrase_chars = rec.phrase_chars.saturating_add(fresh);
        if weight < 2 {
            return;
        }
        let start = self.pos.saturating_sub(len);
        for frame in self.stack.iter().rev().take(LEAD_WALK) {
            let r = &mut self.records[frame.ord as usize];
            if start > r.start_pos.saturating_add(LEAD) {
                break;
            }
            if r.lead_phrase == 0 {
                r.lead_phrase = id + 1;
            }
        }
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
        if frame.heading.is_some() {
            self.heading_active = None;
        }
        self.finish_record(ord, Some(&frame));
        if explicit {
            self.records[ord as usize].flags |= flag::EXPLICIT_CLOSE;
        }
        Some(ord)
    }

    /// The positions of element `ord`'s trimmed text when all of it is still in `recent` (none
    /// for an element without text, or once the position counter has saturated).
    fn recent_span(&self, ord: u32) -> Option<std::ops::Range<u32>> {
        let r = self.records.get(ord as usize)?;
        let (first, last) = (r.span_first, r.span_last);
        if last == 0 || self.raw_pos == u32::MAX || self.raw_pos - first > RECENT as u32 {
            return None;
        }
        Some(first..last)
    }

    /// The trimmed text of element `ord`, when it is short (at most `STAMP_MAX` characters),
    /// starts with a digit and is still in `recent`: read as its end tag is seen.
    fn short_digits(&self, ord: u32) -> Option<String> {
        let span = self.recent_span(ord)?;
        if span.end - span.start > STAMP_MAX {
            return None;
        }
        // Only a time of day is looked for: it starts with a digit (most short texts do not, and
        // are not copied).
        if !self.recent[span.start as usize % RECENT].is_ascii_digit() {
            return None;
        }
        Some(span.map(|p| self.recent[p as usize % RECENT]).collect())
    }

    /// A hash of element `ord`'s text (letters and digits, lower-cased) when all of it is still in
    /// `recent`: short texts, such as names, compared without keeping them (never 0).
    fn short_hash(&self, ord: u32) -> Option<u32> {
        let mut h: u32 = 0x811c_9dc5;
        for p in self.recent_span(ord)? {
            for c in self.recent[p as usize % RECENT].to_lowercase() {
                if c.is_alphanumeric() {
                    h = (h ^ c as u32).wrapping_mul(0x0100_0193);
                }
            }
        }
        Some(h | 1)
    }

    /// Completes a record (its subtree is done) and adds it into its parent's.
    fn finish_record(&mut self, ord: u32, frame: Option<&Frame>) {
        let last = self.records.len().saturating_sub(1) as u32;
        let lex = &*self.lex;
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
        if let Some(hash) = self.short_hash(ord) {
            if let Some(rec) = self.records.get_mut(ord as usize) {
                rec.name_hash = hash;
            }
        }
        if let Some(text) = self.short_digits(ord) {
            if is_time_of_day(&text) {
                if let Some(rec) = self.records.get_mut(ord as usize) {
                    rec.stamps = 1;
                }
            }
        }
        let Some(rec) = self.records.get(ord as usize) else {
            return;
        };
        let parent = rec.parent;
        if parent == NONE {
            return;
        }
        let child = rec.clone();
        let child_best_weight = weight_of(lex, child.best_phrase);
        let Some(p) = self.records.get_mut(parent as usize) else {
            return;
        };
        p.text = p.text.saturating_add(child.text);
        p.link_text = p.link_text.saturating_add(child.link_text);
        p.prose = p.prose.saturating_add(child.prose);
        p.paras = p.paras.saturating_add(child.paras);
        p.clean_paras = p.clean_paras.saturating_add(child.clean_paras);
        p.forms = p.forms.saturating_add(child.forms);
        p.inputs = p.inputs.saturating_add(child.inputs);
        p.email_inputs = p.email_inputs.saturating_add(child.email_inputs);
        p.buttons = p.buttons.saturating_add(child.buttons);
        p.images = p.images.saturating_add(child.images);
        p.links = p.links.saturating_add(child.links);
        p.h1s = p.h1s.saturating_add(child.h1s);
        p.bylines = p.bylines.saturating_add(child.bylines);
        p.stamps = p.stamps.saturating_add(child.stamps);
        p.flags |= child.flags & flag::AUTHOR_LINK;
        p.ps = p.ps.saturating_add(child.ps);
        p.lis = p.lis.saturating_add(child.lis);
        p.embeds = p.embeds.saturating_add(child.embeds);
        p.commas = p.commas.saturating_add(child.commas);
        if child.span_last > 0 {
            if p.span_last == 0 {
                p.span_first = child.span_first;
            }
            p.span_first = p.span_first.min(child.span_first);
            p.span_last = p.span_last.max(child.span_last);
        }
        for (a, b) in p.phrase_score.iter_mut().zip(child.phrase_score) {
            *a = a.saturating_add(b);
        }
        p.phrase_chars = p.phrase_chars.saturating_add(child.phrase_chars);
        if child_best_weight > weight_of(lex, p.best_phrase) {
            p.best_phrase = child.best_phrase;
        }
    }
}

fn weight_of(lex: &Lexicon, best: u32) -> u8 {
    if best == 0 {
        0
    } else {
        lex.phrase(best - 1).map_or(0, |p| p.weight)
    }
}

/// Hints in an inline `style` attribute.
fn style_flags(style: &str) -> u32 {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let mut f = 0;
    for decl in compact.split(';') {
        match decl.trim_end_matches("!important") {
            "display:none" => f |= flag::DISPLAY_NONE,
            "visibility:hidden" => f |= flag::VISIBILITY_HIDDEN,
            "position:fixed" => f |= flag::FIXED,
            _ => {}
        }
    }
    f
}

/// How many children of each tag an element has had so far (for `:nth-of-type`): a short list,
/// and a map past it (a hostile page can give an element 65,000 distinct child tags).
#[derive(Debug, Clone, Default)]
struct TypeCounts {
    few: Vec<(u16, u32)>,
    many: Option<HashMap<u16, u32>>,
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
            .get_or_insert_with(HashMap::new)
            .entry(tag)
            .or_insert(0);
        *n = n.saturating_add(1);
        *n
    }
}

/// An element's attributes as a browser keeps them: of two with the same name, the first.
fn first_of_each_name(attrs: &[lol_html::html_content::Attribute<'_>]) -> Vec<(String, String)> {
    // Past a thousand the tag is hostile and pass 2 drops it (`rewrite::MAX_ATTRIBUTES`); the
    // rest would only cost memory.
    let attrs = &attrs[..attrs.len().min(1001)];
    let mut out: Vec<(String, String)> = Vec::with_capacity(attrs.len());
    let mut seen = std::collections::HashSet::new();
    for a in attrs {
        let name = a.name();
        // Few attributes: a scan; many (a hostile tag): a set, so the cost stays linear.
        let dup = if attrs.len() <= 16 {
            out.iter().any(|(n, _)| *n == name)
        } else {
            !seen.insert(name.clone())
        };
        if !dup {
            out.push((name, a.value()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day() {
        for yes in [
            "3:44 PM",
            "15:44",
            "15.44 Uhr",
            "9h30",
            "10:05 a.m. ET",
            "1:40pm",
            " 23:59 ",
        ] {
            assert!(is_time_of_day(yes), "{yes}");
        }
        for no in [
            "3.5",
            "1,234",
            "25:00",
            "12:345",
            "Page 3:44",
            "3:44 PM in Kyiv",
            "v1.20",
            "",
        ] {
            assert!(!is_time_of_day(no), "{no}");
        }
    }

    #[test]
    fn author_links() {
        for yes in [
            "/author/jane-doe",
            "https://news.example/authors/jane/",
            "//cdn.example/de/autoren/max-muster",
            "/index.php?p=1&author=7",
        ] {
            assert!(author_link(yes), "{yes}");
        }
        for no in [
            "/authors/",
            "/news/author",
            "/people/tom",
            "https://author.example/",
            "#author",
        ] {
            assert!(!author_link(no), "{no}");
        }
    }

    #[test]
    fn style_hints() {
        assert_eq!(
            style_flags("color:red; DISPLAY : none !important"),
            flag::DISPLAY_NONE
        );
        assert_eq!(
            style_flags("position: fixed;visibility:hidden"),
            flag::FIXED | flag::VISIBILITY_HIDDEN
        );
        assert_eq!(style_flags("display:nonesuch"), 0);
    }
}
