//! The request flow: input bytes → UTF-8 → pass 1 (analysis) → decisions → pass 2 (rewrite).

use crate::analysis::Analysis;
use crate::category::Category;
use crate::decide::decide;
use crate::error::Error;
use crate::input::{encoding_for_label, InputDecoder};
use crate::lexicon::Lexicon;
use crate::markdown::MarkdownBuilder;
use crate::metadata::{Access, Metadata};
use crate::options::{CleanOptions, Format};
use crate::page_kind::{PageKind, PageType};
use crate::plaintext;
use crate::report::Removal;
use crate::report::{CleanResult, Stats};
use crate::rewrite::Rewrite;
use crate::rules::{ListSummary, RuleError, RuleSet, TokenTable, WeightKind};
use crate::truncation;
use lol_html::html_content::{Comment, ContentType, DocumentEnd, EndTag, TextChunk};
use lol_html::{ElementContentHandlers, HtmlRewriter, OutputSink, Selector, Settings};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

/// Compiled rules, word patterns and lexicons: build once, clean many pages.
///
/// ```
/// use unclutter::{Cleaner, CleanOptions};
/// let cleaner = Cleaner::new();
/// let page = b"<p>An article paragraph.</p><div class=\"ad-slot\">Buy things</div>";
/// let result = cleaner.clean(page, &CleanOptions::new()).unwrap();
/// assert!(result.text.contains("An article paragraph."));
/// assert!(!result.text.contains("Buy things"));
/// ```
#[derive(Debug, Clone)]
pub struct Cleaner {
    rules: Arc<RuleSet>,
    tokens: Arc<TokenTable>,
    weights: Arc<TokenTable<WeightKind>>,
    lexicon: Arc<Lexicon>,
}

impl Default for Cleaner {
    fn default() -> Self {
        Self::new()
    }
}

static BUILTIN: OnceLock<Cleaner> = OnceLock::new();

/// Cleans a page with the built-in rules and default options.
///
/// # Errors
/// See [`Cleaner::clean`].
pub fn clean(input: &[u8]) -> Result<CleanResult, Error> {
    BUILTIN
        .get_or_init(Cleaner::compile_builtin)
        .clean(input, &CleanOptions::new())
}

impl Cleaner {
    /// A cleaner with the built-in rules (compiled once per process and shared).
    pub fn new() -> Self {
        BUILTIN.get_or_init(Self::compile_builtin).clone()
    }

    fn compile_builtin() -> Self {
        Cleaner {
            rules: Arc::new(RuleSet::builtin()),
            tokens: Arc::new(TokenTable::builtin()),
            weights: Arc::new(TokenTable::weights()),
            lexicon: Arc::new(Lexicon::builtin()),
        }
    }

    /// Adds user rules or a whole filter list (ad-blocker cosmetic syntax, EasyList and uBlock
    /// Origin lists as they are; `! category: name` lines choose the category of the lines after
    /// them, `ads` by default). `name` identifies them in reports.
    ///
    /// Returns the list's summary: rules loaded, network filters and scriptlet/style rules
    /// skipped, lines unsupported. Those are listed by [`Cleaner::rule_errors`] with their line
    /// numbers; the others still apply.
    pub fn add_rules(&mut self, name: &str, text: &str) -> ListSummary {
        Arc::make_mut(&mut self.rules).add_text(name, text, Category::Ads, true)
    }

    /// Rule lines that could not be used.
    pub fn rule_errors(&self) -> &[RuleError] {
        self.rules.errors()
    }

    /// The rule set (built-in and user rules).
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Cleans a whole page.
    ///
    /// # Errors
    /// [`Error::InputTooLarge`] past the size limit, [`Error::BadOption`] for an unknown charset
    /// label.
    pub fn clean(&self, input: &[u8], options: &CleanOptions) -> Result<CleanResult, Error> {
        self.session_with(input, options)?.finish()
    }

    /// A session that has been given all of `input`, refused up front past the size limit.
    fn session_with(&self, input: &[u8], options: &CleanOptions) -> Result<Session<'_>, Error> {
        if input.len() > options.max_input_bytes {
            return Err(Error::InputTooLarge {
                size: input.len(),
                limit: options.max_input_bytes,
            });
        }
        let mut s = self.session(options.clone())?;
        s.decoded.reserve(input.len());
        s.write(input)?;
        Ok(s)
    }

    /// [`Cleaner::clean`] on input it owns: the input is freed once pass 1 has read it (pass 2
    /// reads the decoded copy), so a large page is not held twice while the output is written.
    ///
    /// # Errors
    /// As [`Cleaner::clean`].
    pub fn clean_owned(
        &self,
        input: Vec<u8>,
        options: &CleanOptions,
    ) -> Result<CleanResult, Error> {
        let session = self.session_with(&input, options)?;
        drop(input);
        session.finish()
    }

    /// Whether the page probably holds an article worth reading (Readability's check, on one
    /// analysis pass: no rewriting). Plain text is judged by its long lines.
    ///
    /// # Errors
    /// As [`Cleaner::clean`].
    pub fn is_probably_readerable(
        &self,
        input: &[u8],
        options: &CleanOptions,
    ) -> Result<bool, Error> {
        self.session_with(input, options)?.finish_analysis()
    }

    /// Starts a streaming clean: [`Session::write`] the bytes as they arrive, then
    /// [`Session::finish`]. The result does not depend on how the input is split.
    ///
    /// # Errors
    /// As [`Cleaner::clean`].
    pub fn session(&self, options: CleanOptions) -> Result<Session<'_>, Error> {
        Session::start(Cow::Borrowed(self), options)
    }

    /// [`Cleaner::session`] for a caller that cannot hold a borrow of the cleaner (the
    /// JavaScript binding): the session owns this cleaner, whose compiled rules are shared with
    /// its clones, not copied.
    ///
    /// # Errors
    /// As [`Cleaner::clean`].
    pub fn into_session(self, options: CleanOptions) -> Result<Session<'static>, Error> {
        Session::start(Cow::Owned(self), options)
    }
}

impl<'c> Session<'c> {
    fn start(cleaner: Cow<'c, Cleaner>, options: CleanOptions) -> Result<Self, Error> {
        let hint = match &options.charset {
            Some(label) => Some(
                encoding_for_label(label)
                    .ok_or_else(|| Error::BadOption(format!("unknown charset label `{label}`")))?,
            ),
            None => None,
        };
        let active = cleaner.rules.active_for(options.url.as_deref());
        let analysis = Rc::new(RefCell::new(Analysis::new(
            cleaner.rules.clone(),
            active,
            cleaner.lexicon.clone(),
            cleaner.tokens.clone(),
            cleaner.weights.clone(),
        )));
        let token_end = Rc::new(Cell::new(0));
        let doctype = Rc::new(Cell::new(0..0));
        let pass1 = pass1_rewriter(&analysis, &token_end, &doctype);
        Ok(Session {
            cleaner,
            options,
            decoder: InputDecoder::new(hint),
            neutralizer: Neutralizer::default(),
            decoded: String::new(),
            pieces: Vec::new(),
            analysis,
            pass1: Some(pass1),
            token_end,
            doctype,
            trailing: 0..0,
            bytes_in: 0,
            failed: None,
        })
    }
}

/// Input bytes decoded and given to pass 1 at a time (pass 2 replays the same pieces).
const PIECE_BYTES: usize = 1 << 20;

/// The one output sink type of every rewriter in the crate: lol_html's parser is generic over the
/// sink, so each further sink type would add another copy of it to the WebAssembly module (about
/// 70 KB each). Pass 1 discards; pass 2 and the passthrough append to a buffer.
pub(crate) struct Sink<'o>(pub(crate) Option<&'o mut Vec<u8>>);

impl OutputSink for Sink<'_> {
    fn handle_chunk(&mut self, chunk: &[u8]) {
        if let Some(out) = &mut self.0 {
            out.extend_from_slice(chunk);
        }
    }
}

/// Pass 1, which also notes in `token_end` where the last token it saw (start tag, end tag of an
/// element, text, comment, doctype) ends: whatever follows is end tags that close nothing, then
/// possibly a tag the input's end left unfinished.
fn pass1_rewriter<'c>(
    state: &Rc<RefCell<Analysis>>,
    token_end: &Rc<Cell<usize>>,
    doctype: &Rc<Cell<std::ops::Range<usize>>>,
) -> HtmlRewriter<'c, Sink<'static>> {
    let all: Selector = "*".parse().unwrap_or_else(|_| unreachable_selector());
    let st = state.clone();
    let (te_el, te_text) = (token_end.clone(), token_end.clone());
    let mut settings = Settings::new()
        .with_strict(true)
        .append_element_content_handler((
            Cow::Owned(all),
            ElementContentHandlers::default().element(
                move |el: &mut lol_html::html_content::Element<'_, '_>| {
                    te_el.set(te_el.get().max(el.source_location().bytes().end));
                    let tag_name_end = {
                        let mut a = st.borrow_mut();
                        a.on_element(el)
                    };
                    if let Some((ord, tag)) = tag_name_end {
                        if let Some(handlers) = el.end_tag_handlers() {
                            let st2 = st.clone();
                            let te_end = te_el.clone();
                            handlers.push(Box::new(move |end: &mut EndTag<'_>| {
                                te_end.set(te_end.get().max(end.source_location().bytes().end));
                                st2.borrow_mut().on_end_tag(ord, tag, end);
                                Ok(())
                            }));
                        }
                    }
                    Ok(())
                },
            ),
        ));
    let st = state.clone();
    let te_comment = token_end.clone();
    let te_doctype = doctype.clone();
    settings = settings.append_document_content_handler(
        lol_html::DocumentContentHandlers::default()
            .text(move |t: &mut TextChunk<'_>| {
                te_text.set(te_text.get().max(t.source_location().bytes().end));
                st.borrow_mut()
                    .on_text(t.as_str(), t.text_type(), t.last_in_text_node());
                Ok(())
            })
            .comments(move |c: &mut Comment<'_>| {
                te_comment.set(te_comment.get().max(c.source_location().bytes().end));
                Ok(())
            })
            .doctype(move |d: &mut lol_html::html_content::Doctype<'_>| {
                // Noted apart: one the input's end left unfinished (`<!doctype html`) is cut.
                te_doctype.set(d.source_location().bytes());
                Ok(())
            }),
    );
    HtmlRewriter::new(settings, Sink(None))
}

/// `*` always parses; this keeps the code free of `unwrap`.
fn unreachable_selector() -> Selector {
    match "html".parse() {
        Ok(s) => s,
        Err(_) => std::process::abort(),
    }
}

/// A clean in progress. Created by [`Cleaner::session`].
pub struct Session<'c> {
    cleaner: Cow<'c, Cleaner>,
    options: CleanOptions,
    decoder: InputDecoder,
    neutralizer: Neutralizer,
    /// The decoded input, kept for pass 2.
    decoded: String,
    /// Sizes of the pieces pass 1 was fed (pass 2 replays them).
    pieces: Vec<usize>,
    analysis: Rc<RefCell<Analysis>>,
    pass1: Option<HtmlRewriter<'c, Sink<'static>>>,
    /// Where the last token pass 1 saw ends, in `decoded`.
    token_end: Rc<Cell<usize>>,
    /// Where the last doctype pass 1 saw is.
    doctype: Rc<Cell<std::ops::Range<usize>>>,
    /// The end tags that close nothing at the end of `decoded` (after the last token).
    trailing: std::ops::Range<usize>,
    bytes_in: usize,
    failed: Option<Error>,
}

impl Session<'_> {
    /// Feeds the next bytes of the page.
    ///
    /// # Errors
    /// [`Error::InputTooLarge`] once the input passes the limit; the session is then spent.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        self.bytes_in = self.bytes_in.saturating_add(bytes.len());
        if self.bytes_in > self.options.max_input_bytes {
            let e = Error::InputTooLarge {
                size: self.bytes_in,
                limit: self.options.max_input_bytes,
            };
            self.failed = Some(e.clone());
            self.pass1 = None;
            return Err(e);
        }
        // In bounded pieces: a whole page decoded at once would be one more copy of it in memory.
        let mut piece = String::new();
        for part in bytes.chunks(PIECE_BYTES) {
            piece.clear();
            self.decoder.write(part, &mut piece);
            self.feed(&piece, false)?;
        }
        Ok(())
    }

    fn feed(&mut self, piece: &str, last: bool) -> Result<(), Error> {
        let start = self.decoded.len();
        self.neutralizer.push(piece, &mut self.decoded, last);
        let added = self.decoded.len() - start;
        if added == 0 {
            return Ok(());
        }
        self.pieces.push(added);
        let Some(rw) = self.pass1.as_mut() else {
            return Err(self.failed.clone().unwrap_or(Error::Finished));
        };
        if let Err(e) = rw.write(&self.decoded.as_bytes()[start..]) {
            let e = Error::Rewriter(e.to_string());
            self.failed = Some(e.clone());
            self.pass1 = None;
            return Err(e);
        }
        Ok(())
    }

    /// Ends the input and runs the decisions and pass 2.
    ///
    /// # Errors
    /// An error recorded by [`Session::write`], or a rewriter failure.
    pub fn finish(mut self) -> Result<CleanResult, Error> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let mut piece = String::new();
        self.decoder.finish(&mut piece);
        self.feed(&piece, true)?;
        let rw = self.pass1.take().ok_or(Error::Finished)?;
        rw.end().map_err(|e| Error::Rewriter(e.to_string()))?;
        if plaintext::is_plain_text(&self.decoded) {
            return Ok(self.finish_plain_text());
        }
        self.drop_unfinished_tail();
        let analysis = std::mem::replace(
            &mut self.analysis,
            Rc::new(RefCell::new(Analysis::placeholder())),
        );
        let mut analysis = Rc::try_unwrap(analysis)
            .map(RefCell::into_inner)
            .map_err(|_| Error::Rewriter("analysis state still shared".into()))?;
        analysis.on_end();
        let cleaner = &*self.cleaner;
        let opts = &self.options;
        let metadata = analysis.meta.metadata();
        let access = analysis.meta.access();
        let plan = decide(
            &analysis,
            &cleaner.rules,
            &cleaner.tokens,
            &cleaner.lexicon,
            opts.mode,
            opts.keep,
            &opts.keep_ids,
            metadata.title.as_deref(),
        );
        let fell_back = plan.fell_back;
        let page_type = plan.page_type;
        let readerable = analysis.is_probably_readerable();
        let elements = analysis.records.len() as u32;
        let noscript = std::mem::take(&mut analysis.noscript_images);
        let record_flags = analysis.records.iter().map(|r| r.flags).collect();
        drop(analysis);

        let markdown =
            (opts.format == Format::Markdown).then(|| MarkdownBuilder::new(opts.url.as_deref()));
        let rewrite = Rc::new(RefCell::new(Rewrite::new(
            plan.verdicts,
            plan.removals,
            noscript,
            record_flags,
            markdown,
            self.decoded.len(),
        )));
        if let Some(trailing) = self.decoded.get(self.trailing.clone()) {
            rewrite.borrow_mut().trailing_end_tags(trailing);
        }
        let mut out: Vec<u8> = Vec::with_capacity(self.decoded.len());
        {
            let mut rw = pass2_rewriter(&rewrite, Sink(Some(&mut out)));
            let mut start = 0;
            for len in &self.pieces {
                let end = start + len;
                rw.write(&self.decoded.as_bytes()[start..end])
                    .map_err(|e| Error::Rewriter(e.to_string()))?;
                start = end;
            }
            rw.end().map_err(|e| Error::Rewriter(e.to_string()))?;
        }
        let output = Rc::try_unwrap(rewrite)
            .map(RefCell::into_inner)
            .map_err(|_| Error::Rewriter("rewrite state still shared".into()))?
            .finish();
        let html = String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok(self.result(Parts {
            html,
            text: output.text,
            markdown: output.markdown,
            removed: output.removals,
            metadata,
            fell_back,
            page_type,
            readerable,
            elements,
            unsafe_attributes: output.unsafe_attributes,
            access,
        }))
    }

    /// Cuts what follows the last token pass 1 saw: a tag, comment or doctype the input's end left
    /// unfinished. lol_html would copy it to the output as it is, where the next `>` or quote in
    /// whatever the output is placed before would complete it (`<img src=x onerror=...`). Pass 1
    /// made no record of it, so ordinals agree.
    fn drop_unfinished_tail(&mut self) {
        let mut end = self.token_end.get().min(self.decoded.len());
        let doctype = self.doctype.take();
        if doctype.end >= end && !self.decoded[..doctype.end.min(self.decoded.len())].ends_with('>')
        {
            // A doctype the input's end left unfinished.
            end = doctype.start.min(end);
        } else {
            end = end.max(doctype.end);
        }
        let mut end = end.min(self.decoded.len());
        while !self.decoded.is_char_boundary(end) {
            end -= 1;
        }
        let run = complete_end_tags(&self.decoded[end..]);
        self.trailing = end..end + run;
        end += run;
        let mut cut = self.decoded.len() - end;
        if cut == 0 {
            return;
        }
        self.decoded.truncate(end);
        while cut > 0 {
            let Some(last) = self.pieces.last_mut() else {
                break;
            };
            let take = cut.min(*last);
            *last -= take;
            cut -= take;
            if *last == 0 {
                self.pieces.pop();
            }
        }
    }

    /// Ends the input and runs only the analysis: the readerable verdict.
    fn finish_analysis(mut self) -> Result<bool, Error> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let mut piece = String::new();
        self.decoder.finish(&mut piece);
        self.feed(&piece, true)?;
        let rw = self.pass1.take().ok_or(Error::Finished)?;
        rw.end().map_err(|e| Error::Rewriter(e.to_string()))?;
        if plaintext::is_plain_text(&self.decoded) {
            let r = plaintext::clean(&self.decoded, &self.cleaner.lexicon, self.options.keep, &[]);
            return Ok(plaintext_readerable(&r.text));
        }
        let mut analysis = self.analysis.borrow_mut();
        analysis.on_end();
        Ok(analysis.is_probably_readerable())
    }

    /// A plain-text paste: lines and blocks judged by the same lexicons.
    fn finish_plain_text(&self) -> CleanResult {
        let opts = &self.options;
        let r = plaintext::clean(
            &self.decoded,
            &self.cleaner.lexicon,
            opts.keep,
            &opts.keep_ids,
        );
        let markdown = (opts.format == Format::Markdown).then(|| plain_markdown(&r.text));
        // A paste has no markup to name its title: only a first line read as a headline (the
        // `<h1>`) is one. A few words pasted are text, not a title over themselves.
        let metadata = Metadata {
            title: r.title,
            ..Metadata::default()
        };
        let readerable = plaintext_readerable(&r.text);
        self.result(Parts {
            html: r.html,
            text: r.text,
            markdown,
            removed: r.removed,
            metadata,
            fell_back: false,
            page_type: PageType {
                kind: PageKind::Article,
                evidence: "pasted text, read as one article".into(),
            },
            readerable,
            elements: 0,
            unsafe_attributes: 0,
            access: Access::default(),
        })
    }

    fn result(&self, p: Parts) -> CleanResult {
        let (truncated, truncation) = truncation::detect(&p.text, &p.removed, p.access);
        let mut stats = Stats {
            bytes_in: self.bytes_in,
            bytes_out: p.html.len(),
            elements: p.elements,
            unsafe_attributes: p.unsafe_attributes,
            charset: self.decoder.encoding().name().to_string(),
            ..Stats::default()
        };
        for r in &p.removed {
            stats.removed.add(r.category);
        }
        let warnings = self.cleaner.rules.warnings();
        CleanResult {
            html: p.html,
            text: p.text,
            markdown: p.markdown,
            mode: self.options.mode,
            fell_back: p.fell_back,
            page_type: p.page_type,
            readerable: p.readerable,
            metadata: p.metadata,
            removed: p.removed,
            truncated,
            truncation,
            stats,
            warnings,
        }
    }
}

/// What a finished clean is made of, before it becomes a [`CleanResult`].
struct Parts {
    html: String,
    text: String,
    markdown: Option<String>,
    removed: Vec<Removal>,
    metadata: Metadata,
    fell_back: bool,
    page_type: PageType,
    readerable: bool,
    elements: u32,
    unsafe_attributes: u32,
    /// What the page says about access to its article.
    access: Access,
}

/// The length of the run of complete end tags (`</x>`, `</x a="b>">`, `</>`) at the start of
/// `rest`, which follows the last token pass 1 saw: end tags that close nothing reach no handler.
/// What comes after the run is a tag the input's end left unfinished. Each tag is read with the
/// states of HTML's tokenizer, so a `>` inside a quoted attribute value does not end it, and a
/// quote or `=` in the tag name or an attribute's name opens nothing.
fn complete_end_tags(rest: &str) -> usize {
    let b = rest.as_bytes();
    let mut done = 0;
    while b.get(done..done + 2) == Some(b"</") {
        if b.get(done + 2) == Some(&b'>') {
            done += 3;
            continue;
        }
        if !b.get(done + 2).is_some_and(u8::is_ascii_alphabetic) {
            break;
        }
        match tag_end(b, done + 3) {
            Some(e) => done = e,
            None => break,
        }
    }
    done
}

/// Where the tag whose name's second byte is at `b[i]` ends (just past its `>`), reading it as
/// HTML's tokenizer does (from the tag name state on); `None` when the input ends inside it.
fn tag_end(b: &[u8], mut i: usize) -> Option<usize> {
    #[derive(Clone, Copy)]
    enum St {
        Name,
        SelfClosing,
        BeforeAttr,
        AttrName,
        AfterAttrName,
        BeforeValue,
        Quoted(u8),
        Unquoted,
        AfterQuoted,
    }
    let space = |c: u8| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    let mut st = St::Name;
    loop {
        let c = *b.get(i)?;
        i += 1;
        st = match (st, c) {
            (St::Quoted(q), c) if c == q => St::AfterQuoted,
            (St::Quoted(q), _) => St::Quoted(q),
            (_, b'>') => return Some(i),
            (St::Name | St::Unquoted | St::AfterQuoted, c) if space(c) => St::BeforeAttr,
            (St::Name, b'/') => St::SelfClosing,
            (St::Name, _) => St::Name,
            (St::SelfClosing | St::AfterQuoted, _) => {
                // Read again in the state before an attribute's name.
                i -= 1;
                St::BeforeAttr
            }
            (St::BeforeAttr | St::AfterAttrName, c) if space(c) => st,
            (St::BeforeAttr | St::AttrName | St::AfterAttrName, b'/') => St::SelfClosing,
            (St::BeforeAttr, _) => St::AttrName,
            (St::AttrName, c) if space(c) => St::AfterAttrName,
            (St::AttrName | St::AfterAttrName, b'=') => St::BeforeValue,
            (St::AttrName | St::AfterAttrName, _) => St::AttrName,
            (St::BeforeValue, c) if space(c) => St::BeforeValue,
            (St::BeforeValue, q @ (b'"' | b'\'')) => St::Quoted(q),
            (St::BeforeValue | St::Unquoted, _) => St::Unquoted,
        };
    }
}

/// The readerable check on plain text: its lines are the paragraphs.
fn plaintext_readerable(text: &str) -> bool {
    let score: f64 = text
        .lines()
        .map(|l| l.trim().chars().count() as f64)
        .filter(|&n| n >= 140.0)
        .map(|n| (n - 140.0).sqrt())
        .sum();
    score > 20.0
}

/// Plain text as Markdown: paragraphs separated by blank lines, with the characters Markdown
/// would read as syntax escaped.
fn plain_markdown(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        for (i, c) in line.chars().enumerate() {
            if matches!(c, '*' | '_' | '`' | '[' | ']' | '<')
                || (i == 0 && matches!(c, '#' | '>' | '-' | '+'))
            {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('\n');
    out
}

fn pass2_rewriter<'h, 'o>(
    state: &Rc<RefCell<Rewrite>>,
    sink: Sink<'o>,
) -> HtmlRewriter<'h, Sink<'o>> {
    let all: Selector = "*".parse().unwrap_or_else(|_| unreachable_selector());
    let st = state.clone();
    let st_text = state.clone();
    let st_end = state.clone();
    let settings = Settings::new()
        .with_strict(true)
        .append_element_content_handler((
            Cow::Owned(all),
            ElementContentHandlers::default().element(
                move |el: &mut lol_html::html_content::Element<'_, '_>| {
                    let ord = st.borrow_mut().on_element(el);
                    if let Some(ord) = ord {
                        if let Some(handlers) = el.end_tag_handlers() {
                            let st2 = st.clone();
                            handlers.push(Box::new(move |end: &mut EndTag<'_>| {
                                let at = end.source_location().bytes().start;
                                let before = st2.borrow_mut().on_end_tag(ord, &end.name(), at);
                                if !before.is_empty() {
                                    end.before(&before, ContentType::Html);
                                }
                                Ok(())
                            }));
                        }
                    }
                    Ok(())
                },
            ),
        ))
        .append_document_content_handler(
            lol_html::DocumentContentHandlers::default()
                .text(move |t: &mut TextChunk<'_>| {
                    st_text.borrow_mut().on_text(t);
                    Ok(())
                })
                .comments(|c: &mut Comment<'_>| {
                    c.remove();
                    Ok(())
                })
                .end(move |end: &mut DocumentEnd<'_>| {
                    // Every element the output opened is closed: text placed after the output
                    // cannot land inside one of them.
                    end.append(&st_end.borrow().closing_tags(), ContentType::Html);
                    Ok(())
                }),
        );
    HtmlRewriter::new(settings, sink)
}

/// Renames `select` and `frameset` tags (to `unclutter-select`, `unclutter-frameset`) before
/// lol_html sees them. Inside those, a browser ignores tags that switch the tokenizer to raw
/// text, which a streaming parser cannot follow (lol_html refuses such input in strict mode);
/// renamed, both parsers read the same thing, and the sanitizer drops them like any form control.
///
/// A `noscript` that holds a page's worth of text (Discourse and Flarum forums send every post
/// there, their view for readers without scripts) is renamed `unclutter-noscript`: lol_html, like
/// a browser running scripts, reads a `noscript`'s content as text; renamed, it is read as the
/// markup a reader without scripts sees, which is what the cleaned page is. The decisions keep it
/// when it holds most of the page's text and remove it otherwise (a copy of what the page shows
/// anyway). Other `noscript`s are left as they are (the sanitizer keeps their images).
#[derive(Default)]
struct Neutralizer {
    carry: String,
    /// Where, in the text being scanned, the end tag of a renamed `noscript` starts.
    noscript_end: Option<usize>,
}

const NEUTRALIZED: [&str; 2] = ["select", "frameset"];

/// A `noscript` is read as markup when its content has at least this many characters of words
/// (`text_chars`). Messages for readers without scripts ("JavaScript is
/// disabled...") have a few hundred; a thread of posts has more, usually thousands.
const NOSCRIPT_CONTENT_CHARS: usize = 500;

/// Whether `name` starts `bytes` as a whole tag name: `Some(true)` yes, `Some(false)` no, `None`
/// cannot tell yet (the text ends inside it).
fn tag_name_at(bytes: &[u8], name: &str) -> Option<bool> {
    let n = name.len().min(bytes.len());
    if !bytes[..n].eq_ignore_ascii_case(&name.as_bytes()[..n]) {
        return Some(false);
    }
    bytes
        .get(name.len())
        .map(|&after| after.is_ascii_whitespace() || after == b'/' || after == b'>')
}

/// The characters of words in `html`: text outside tags, in runs of up to 25 characters between
/// white space (an address or escaped markup, `&lt;img src=...`, is not words).
fn text_chars(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut n, mut word, mut i) = (0, 0, 0);
    let mut end_word = |word: &mut usize| {
        if *word <= 25 {
            n += *word;
        }
        *word = 0;
    };
    while i < b.len() {
        if b[i] == b'<'
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!'))
        {
            end_word(&mut word);
            match b[i..].iter().position(|&c| c == b'>') {
                Some(off) => i += off + 1,
                None => break,
            }
            continue;
        }
        if b[i].is_ascii_whitespace() {
            end_word(&mut word);
        } else if (b[i] & 0xC0) != 0x80 {
            word += 1;
        }
        i += 1;
    }
    end_word(&mut word);
    n
}

/// Position of the next `</noscript` end tag in `s` from `from`: `Ok(Some(i))`, `Ok(None)` none
/// before the end, `Err(())` cannot tell yet (the text ends inside a possible one).
fn noscript_end_tag(s: &[u8], from: usize) -> Result<Option<usize>, ()> {
    let mut i = from;
    while let Some(off) = s[i..].iter().position(|&b| b == b'<') {
        let lt = i + off;
        if s.get(lt + 1) == Some(&b'/') {
            match tag_name_at(&s[lt + 2..], "noscript") {
                Some(true) => return Ok(Some(lt)),
                None => return Err(()),
                Some(false) => {}
            }
        } else if s.len() <= lt + 1 {
            return Err(());
        }
        i = lt + 1;
    }
    Ok(None)
}

impl Neutralizer {
    fn push(&mut self, piece: &str, out: &mut String, last: bool) {
        let mut s = std::mem::take(&mut self.carry);
        s.push_str(piece);
        let bytes = s.as_bytes();
        let mut copied = 0;
        let mut i = 0;
        while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
            let lt = i + off;
            let end_tag = bytes.get(lt + 1) == Some(&b'/');
            let name_start = if end_tag { lt + 2 } else { lt + 1 };
            let avail = &bytes[name_start.min(bytes.len())..];
            if self.noscript_end == Some(lt) {
                self.noscript_end = None;
                out.push_str(&s[copied..name_start]);
                out.push_str("unclutter-");
                copied = name_start;
                i = lt + 1;
                continue;
            }
            let mut matched = false;
            let mut partial = false;
            for name in NEUTRALIZED {
                match tag_name_at(avail, name) {
                    Some(true) => matched = true,
                    Some(false) => {}
                    // Cannot tell yet whether the name ends here.
                    None if !last => partial = true,
                    None => matched = avail.eq_ignore_ascii_case(name.as_bytes()),
                }
            }
            if !end_tag && self.noscript_end.is_none() {
                match tag_name_at(avail, "noscript") {
                    None if !last => partial = true,
                    Some(true) => match noscript_end_tag(bytes, name_start) {
                        // Its end is not here yet: wait for it (the input is held whole anyway).
                        Err(()) | Ok(None) if !last => {
                            out.push_str(&s[copied..lt]);
                            self.carry = s[lt..].to_string();
                            return;
                        }
                        found => {
                            let end = found.ok().flatten().unwrap_or(bytes.len());
                            let open_end = bytes[name_start..end]
                                .iter()
                                .position(|&b| b == b'>')
                                .map_or(end, |p| name_start + p + 1);
                            let content = &s[open_end..end];
                            // A `noscript` start inside (in a script's string, a comment) means
                            // the ends do not pair up as they seem: leave them all alone.
                            let nested = content
                                .as_bytes()
                                .windows(9)
                                .any(|w| w[0] == b'<' && w[1..].eq_ignore_ascii_case(b"noscript"));
                            if !nested && text_chars(content) >= NOSCRIPT_CONTENT_CHARS {
                                matched = true;
                                self.noscript_end = found.ok().flatten();
                            }
                        }
                    },
                    _ => {}
                }
            }
            if partial && !matched {
                out.push_str(&s[copied..lt]);
                self.carry = s[lt..].to_string();
                if let Some(e) = self.noscript_end.as_mut() {
                    *e = e.saturating_sub(lt);
                }
                return;
            }
            if matched {
                out.push_str(&s[copied..name_start]);
                out.push_str("unclutter-");
                copied = name_start;
            }
            i = lt + 1;
        }
        out.push_str(&s[copied..]);
        if let Some(e) = self.noscript_end.as_mut() {
            // Positions count from the start of the next text scanned.
            *e = e.saturating_sub(s.len());
        }
    }
}

/// Streams `input` through lol_html with no handlers and returns the bytes it writes: the floor
/// any lol_html-based cleaner stands on, for benchmarks (`benches/`). Not a cleaner: nothing is
/// removed and nothing is sanitized.
#[doc(hidden)]
pub fn passthrough(input: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(input.len());
    let mut rewriter = HtmlRewriter::new(Settings::new(), Sink(Some(&mut out)));
    rewriter
        .write(input)
        .and_then(|()| rewriter.end())
        .map_err(|e| Error::Rewriter(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neutralize(input: &str, size: usize) -> String {
        let mut n = Neutralizer::default();
        let mut out = String::new();
        let chars: Vec<char> = input.chars().collect();
        for chunk in chars.chunks(size) {
            let piece: String = chunk.iter().collect();
            n.push(&piece, &mut out, false);
        }
        n.push("", &mut out, true);
        out
    }

    #[test]
    fn complete_end_tags_are_told_from_an_unfinished_tag() {
        assert_eq!(complete_end_tags(""), 0);
        assert_eq!(complete_end_tags("</div></p>"), 10);
        assert_eq!(complete_end_tags("</div></>"), 9);
        assert_eq!(complete_end_tags("</a b=\">\" c='>'>x"), 16);
        assert_eq!(complete_end_tags("</div><img src=x onerror=alert(1)"), 6);
        assert_eq!(complete_end_tags("</div a=\"x>"), 0);
        assert_eq!(complete_end_tags("</div"), 0);
        assert_eq!(complete_end_tags("<!-- x"), 0);
        // `=` then spaces, then the quote still opens a value.
        assert_eq!(complete_end_tags("</a b= \">\">"), 11);
        // `=` and quotes in the tag name are part of the name; the value opened after the `/`
        // runs to the input's end (a fuzzer's find).
        assert_eq!(complete_end_tags("</x=\"a;/m d=\"//s.x>"), 0, "unfinished");
        assert_eq!(complete_end_tags("</x=\"a;/m d=\"//s\">"), 18);
        assert_eq!(complete_end_tags("</a b\"=\">\">"), 11);
        assert_eq!(complete_end_tags("</a/b/>"), 7);
        assert_eq!(complete_end_tags("</a b=c\"d>"), 10);
    }

    #[test]
    fn a_paste_has_a_title_only_when_its_first_line_is_a_headline() {
        let cleaner = Cleaner::new();
        let opts = CleanOptions::new();
        let small = cleaner.clean(b"hello world", &opts).expect("clean");
        assert_eq!(small.text, "hello world");
        assert_eq!(small.metadata.title, None);
        let story = "Harbour wall to be rebuilt after winter storms\n\nThe council approved the money on Tuesday after a long debate about the harbour, the bridge and the schools.\n";
        let r = cleaner.clean(story.as_bytes(), &opts).expect("clean");
        assert!(r
            .html
            .starts_with("<h1>Harbour wall to be rebuilt after winter storms</h1>"));
        assert_eq!(
            r.metadata.title.as_deref(),
            Some("Harbour wall to be rebuilt after winter storms")
        );
        // A first line that reads as a sentence is a paragraph, not a title.
        let prose = "The council approved the money on Tuesday.\n\nWork starts in spring, the engineers said, and lasts a year.\n";
        assert_eq!(
            cleaner
                .clean(prose.as_bytes(), &opts)
                .expect("clean")
                .metadata
                .title,
            None
        );
    }

    #[test]
    fn a_paywalled_teaser_is_reported_truncated_a_whole_article_is_not() {
        let page = |body_end: &str| {
            format!(
                r#"<html><head><script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"Port sale","isAccessibleForFree":false}}</script></head>
<body><article><h1>Port authority weighs sale of its container terminal</h1>
<p>The port authority is exploring a sale of its container terminal, the largest on the coast, in a deal that could value it at two billion dollars, people familiar with the matter said.</p>
<p>Advisers have approached infrastructure funds and two shipping lines in recent weeks, the people said, and first bids are due before the summer, with a decision expected in the autumn.</p>
<p>{body_end}</p>
<div class="paywall-prompt">Subscribe to continue reading</div></article></body></html>"#
            )
        };
        let cleaner = Cleaner::new();
        let opts = CleanOptions::new();
        let cut = cleaner
            .clean(page("The terminal handled a record number of containers last year, and its owners argue that it needs a new crane line. All…").as_bytes(), &opts)
            .expect("clean");
        assert!(cut.truncated, "{:?}", cut.truncation);
        assert!(cut.truncation.not_free);
        assert!(cut
            .truncation
            .cut_off
            .as_deref()
            .is_some_and(|c| c.ends_with("crane line. All…")));
        let whole = cleaner
            .clean(page("The terminal handled a record number of containers last year, and its owners argue that it needs a new crane line.").as_bytes(), &opts)
            .expect("clean");
        assert!(!whole.truncated, "{:?}", whole.truncation);
        assert!(whole.truncation.not_free && whole.truncation.cut_off.is_none());
        // The same teaser pasted as text: no markup to say it is not free, but its paywall line.
        let pasted = "Port authority weighs sale of its container terminal\n\nThe port authority is exploring a sale of its container terminal, the largest on the coast, in a deal that could value it at two billion dollars, people familiar with the matter said.\n\nThe terminal handled a record number of containers last year, and its owners argue that it needs a new crane line. All…\n\nSubscribe to continue reading\n";
        let r = cleaner.clean(pasted.as_bytes(), &opts).expect("clean");
        assert!(
            !r.text.contains("Subscribe to continue reading"),
            "{}",
            r.text
        );
        assert_eq!(r.truncation.paywall_removals, 1);
        assert!(r.truncated, "{:?}", r.truncation);
    }

    #[test]
    fn select_and_frameset_are_renamed_whatever_the_chunking() {
        let input = "<SELECT name=x><xmp><script>a</script></select><selected><frameset/><sel";
        let want = "<unclutter-SELECT name=x><xmp><script>a</script></unclutter-select><selected><unclutter-frameset/><sel";
        for size in [1, 2, 3, 7, 100] {
            assert_eq!(neutralize(input, size), want, "chunk size {size}");
        }
    }
}
