//! What pass 1 keeps of each element: its [`Record`], the record's flags, the ARIA roles and the
//! interned tag names.

use crate::category::PHRASE_CATS;
use crate::html::implied;

/// No parent.
pub(crate) const NONE: u32 = u32::MAX;
/// A block whose own (inline) text has at least this many visible characters is a paragraph of
/// prose, unless it is mostly links.
pub(crate) const PROSE_MIN: u32 = 80;

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
    /// Opened under `MAX_DEPTH` open elements: kept as a child of the element at that depth and
    /// ended at once, its content counted in that element's (pass 1 keeps no frame, rule
    /// ancestor or end-tag handler for it, so memory does not grow with deeper nesting). Its
    /// extent in the records is not lol_html's, so no verdict removes it on its own
    /// (`Plan::spare_flattened`).
    pub const FLATTENED: u32 = 1 << 26;
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
    /// Hash of its text when that is short (`Analyzer::short_hash`; 0: longer or none).
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

    /// Adds a finished child's subtree into this record: its counts, its author mark, its
    /// trimmed span, its phrase scores, and its heaviest phrase when heavier (by `weight`, of a
    /// `best_phrase`).
    pub(super) fn add_child(&mut self, child: &Record, weight: impl Fn(u32) -> u8) {
        let p = self;
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
        if weight(child.best_phrase) > weight(p.best_phrase) {
            p.best_phrase = child.best_phrase;
        }
    }
}

/// Interned tag names; id 0 stands for "too many distinct names".
#[derive(Debug, Clone)]
pub(crate) struct TagNames {
    names: Vec<String>,
    ids: crate::rules::FastMap<String, u16>,
}

impl Default for TagNames {
    fn default() -> Self {
        // The tags whose end a browser implies get the fixed ids `implied` uses.
        let mut t = TagNames {
            names: vec!["unknown".to_string()],
            ids: crate::rules::FastMap::default(),
        };
        for k in implied::KNOWN {
            t.intern(k);
        }
        t
    }
}

impl TagNames {
    pub(super) fn intern(&mut self, name: &str) -> u16 {
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

    pub(super) fn lookup(&self, name: &str) -> Option<u16> {
        self.ids.get(name).copied()
    }

    pub(crate) fn name(&self, id: u16) -> &str {
        self.names
            .get(usize::from(id))
            .map_or("unknown", String::as_str)
    }
}
