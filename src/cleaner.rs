//! The request flow: input bytes → UTF-8 → pass 1 (analysis) → decisions → pass 2 (rewrite).

use crate::analysis::metadata::{Access, Metadata};
use crate::analysis::{self, Analysis, Analyzer};
use crate::category::Category;
use crate::decide::{decide, Inputs};
use crate::error::Error;
use crate::html::input::{encoding_for_label, InputDecoder};
use crate::html::neutralize::Neutralizer;
use crate::html::sink::Sink;
use crate::html::tail::complete_end_tags;
use crate::lexicon::Lexicon;
use crate::options::{CleanOptions, Format};
use crate::page_kind::{PageKind, PageType};
use crate::plaintext;
use crate::report::Removal;
use crate::report::{CleanResult, Stats};
use crate::rewrite::output::Outputs;
use crate::rewrite::{self, Rewrite};
use crate::rules::{ListSummary, RuleError, RuleSet, TokenTable, WeightKind};
use crate::truncation;
use lol_html::{HtmlRewriter, Settings};
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
        let analyzer = Rc::new(RefCell::new(Analyzer::new(
            cleaner.rules.clone(),
            active,
            cleaner.lexicon.clone(),
            cleaner.tokens.clone(),
            cleaner.weights.clone(),
        )));
        let token_end = Rc::new(Cell::new(0));
        let doctype = Rc::new(Cell::new(0..0));
        let pass1 = analysis::pass::rewriter(&analyzer, &token_end, &doctype);
        Ok(Session {
            cleaner,
            options,
            decoder: InputDecoder::new(hint),
            neutralizer: Neutralizer::default(),
            decoded: String::new(),
            pieces: Vec::new(),
            analyzer,
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
    /// Pass 1's state, shared with its handlers until the input ends.
    analyzer: Rc<RefCell<Analyzer>>,
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
        let analysis = self.finish_pass1()?;
        let cleaner = &*self.cleaner;
        let opts = &self.options;
        let metadata = analysis.meta().metadata();
        let access = analysis.meta().access();
        let plan = decide(Inputs {
            analysis: &analysis,
            title: metadata.title.as_deref(),
            rules: &cleaner.rules,
            tokens: &cleaner.tokens,
            lex: &cleaner.lexicon,
            mode: opts.mode,
            keep: opts.keep,
            keep_ids: &opts.keep_ids,
        });
        let fell_back = plan.fell_back;
        let page_type = plan.page_type;
        let readerable = analysis.is_probably_readerable();
        let elements = analysis.records().len() as u32;
        let record_flags = analysis.record_flags();
        let noscript = analysis.into_noscript_images();

        let outputs = Outputs::new(opts.format, opts.url.as_deref());
        let rewrite = Rc::new(RefCell::new(Rewrite::new(
            plan.verdicts,
            plan.removals,
            noscript,
            record_flags,
            outputs,
            self.decoded.len(),
        )));
        if let Some(trailing) = self.decoded.get(self.trailing.clone()) {
            rewrite.borrow_mut().trailing_end_tags(trailing);
        }
        let mut out: Vec<u8> = Vec::with_capacity(self.decoded.len());
        {
            let mut rw = rewrite::pass::rewriter(&rewrite, Sink(Some(&mut out)));
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
            return Ok(plaintext::readerable(&r.text));
        }
        Ok(self.finish_pass1()?.is_probably_readerable())
    }

    /// Ends pass 1 once its rewriter has ended (and dropped its handlers' shares of the state):
    /// the finished analysis.
    fn finish_pass1(&mut self) -> Result<Analysis, Error> {
        let analyzer = std::mem::replace(
            &mut self.analyzer,
            Rc::new(RefCell::new(Analyzer::placeholder())),
        );
        let analyzer = Rc::try_unwrap(analyzer)
            .map(RefCell::into_inner)
            .map_err(|_| Error::Rewriter("analysis state still shared".into()))?;
        Ok(analyzer.finish())
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
        let markdown = (opts.format == Format::Markdown).then(|| plaintext::markdown(&r.text));
        // A paste has no markup to name its title: only a first line read as a headline (the
        // `<h1>`) is one. A few words pasted are text, not a title over themselves.
        let metadata = Metadata {
            title: r.title,
            ..Metadata::default()
        };
        let readerable = plaintext::readerable(&r.text);
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
}
