//! The JavaScript binding: the only file that knows about JS. Calls cross the boundary once per
//! page — `clean(input, options)`, `new Cleaner(options).clean(input)` — or, for a page that
//! arrives in pieces, once per chunk (`Session.write`) and once at the end (`Session.finish`);
//! each takes a string or bytes and a result is one plain object. No callback per element ever
//! crosses it.

use crate::{
    CategorySet, CleanOptions, CleanResult, Cleaner as Engine, Error, Format, Mode,
    Session as EngineSession,
};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A clutter category (and `unsafe` for what the sanitizer removed). */
export type Category =
  | "ads" | "paywall" | "membership" | "newsletter" | "consent" | "social"
  | "related" | "comments" | "navigation" | "hidden" | "other" | "unsafe";

/** Options of a clean. Every field is optional. */
export interface CleanOptions {
  /** `"article"` (default): the article only; `"clean"`: the page minus its clutter. */
  mode?: "article" | "clean";
  /** The page's address: host-scoped rules apply only on its host. */
  url?: string;
  /** `"markdown"` adds `markdown` to the result (`html` and `text` are always there). */
  format?: "html" | "text" | "markdown";
  /** Categories not to remove. */
  keep?: Category[];
  /** Ids (`removed[].id`) of removed elements to restore. */
  keepIds?: number[];
  /**
   * Extra rules in ad-blocker cosmetic syntax (`##.promo`, `example.com##.x`, `! category: social`),
   * or filter lists as they are (EasyList, uBlock Origin's), each named for the removal reports.
   */
  rules?: string | RuleList[];
  /** Refuse larger input (bytes; default 64 MiB). */
  maxInputBytes?: number;
  /** The charset of byte input when the page does not say (e.g. `"windows-1251"`). */
  charset?: string;
}

/** A filter list to load: `name` is what removals and summaries call it. */
export interface RuleList {
  name: string;
  text: string;
}

/** A line of a list that could not be used. */
export interface RuleError {
  file: string;
  line: number;
  text: string;
  message: string;
}

/** How one list loaded (`Cleaner.ruleLists`). */
export interface ListSummary {
  name: string;
  /** Cosmetic rules loaded (exceptions included). */
  rules: number;
  /** Network filters: skipped (a cleaner makes no requests). */
  networkSkipped: number;
  /** Scriptlets, style and HTML-filtering rules: skipped. */
  otherSkipped: number;
  /** Cosmetic lines that could not be used. */
  unsupported: number;
  /** The first few of those. */
  firstUnsupported: RuleError[];
}

/** Why an element was removed. */
export type Reason =
  | { kind: "rule"; file: string; line: number; selector: string }
  | { kind: "token"; attribute: string; pattern: string }
  | { kind: "phrase"; phrase: string; lang: string }
  | { kind: "structure"; signal: string }
  | { kind: "sanitizer"; what: string };

/** One removed (or unwrapped, replaced, stripped) element. */
export interface Removal {
  /** The element's ordinal; pass it in `keepIds` to restore it. */
  id: number;
  tag: string;
  category: Category;
  action: "remove" | "unwrap" | "replace" | "strip";
  reason: Reason;
  /** The start of its visible text. */
  excerpt: string;
}

/** What the page says about itself. */
export interface Metadata {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  publishedTime: string | null;
  lang: string | null;
  dir: string | null;
  excerpt: string | null;
  canonicalUrl: string | null;
  image: string | null;
}

/**
 * Signs that the page holds only the start of a paywalled article. A paywall sign alone
 * (`notFree`, `paywallRemovals`) is common on complete pages too; `truncated` is set when one
 * comes with an article that looks cut off (`cutOff`, or `words` far below `statedWords`).
 */
export interface Truncation {
  /** The page says its article is not free (`isAccessibleForFree: false`, JSON-LD or microdata). */
  notFree: boolean;
  /** Paywall elements removed or unwrapped. */
  paywallRemovals: number;
  /** The end of a paragraph near the article's end that breaks off with an ellipsis ("… All…"). */
  cutOff: string | null;
  /** Words in the cleaned text. */
  words: number;
  /** Words the page says its article has (JSON-LD `wordCount`). */
  statedWords: number | null;
}

/** Removals per category. */
export type CategoryCounts = { [C in Category]: number };

/** Figures about one clean. */
export interface Stats {
  bytesIn: number;
  bytesOut: number;
  elements: number;
  removed: CategoryCounts;
  unsafeAttributes: number;
  charset: string;
}

/** Kinds of page the cleaner tells apart. */
export type PageKind = "article" | "forum" | "product" | "listing" | "documentation" | "other";

/** A page's kind and what decided it, in words. */
export interface PageType {
  kind: PageKind;
  evidence: string;
}

/** The result of a clean. */
export interface CleanResult {
  html: string;
  text: string;
  markdown?: string;
  mode: "article" | "clean";
  fellBack: boolean;
  /** What kind of page this is, and the evidence (`kind` "other": none of the others, or not told). */
  pageType: PageType;
  readerable: boolean;
  metadata: Metadata;
  removed: Removal[];
  /** The page holds only the start of its article (paywalled, cut off): see `truncation`. */
  truncated: boolean;
  truncation: Truncation;
  stats: Stats;
  warnings: string[];
}

/** Errors thrown by this module carry a stable `code`. */
export interface UnclutterError extends Error {
  code: "input-too-large" | "bad-option" | "bad-rules" | "bad-input" | "rewriter" | "finished";
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `CleanOptions` on the JS side.
    #[wasm_bindgen(typescript_type = "CleanOptions")]
    pub type JsCleanOptions;
    /// `CleanResult` on the JS side.
    #[wasm_bindgen(typescript_type = "CleanResult")]
    pub type JsCleanResult;
    /// `string | Uint8Array` on the JS side.
    #[wasm_bindgen(typescript_type = "string | Uint8Array")]
    pub type JsInput;
}

/// Options as they arrive from JS.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Options {
    mode: Option<Mode>,
    url: Option<String>,
    format: Option<Format>,
    keep: Option<Vec<crate::Category>>,
    keep_ids: Option<Vec<u32>>,
    rules: Option<RulesOption>,
    max_input_bytes: Option<f64>,
    charset: Option<String>,
}

/// `rules`: one text, or named lists.
enum RulesOption {
    Text(String),
    Lists(Vec<NamedList>),
}

// By hand rather than `#[serde(untagged)]`, whose buffering of the value costs about 8 KB of
// WebAssembly.
impl<'de> Deserialize<'de> for RulesOption {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RulesOption;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string of rules or an array of { name, text } lists")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RulesOption, E> {
                Ok(RulesOption::Text(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RulesOption, A::Error> {
                let mut lists = Vec::new();
                while let Some(l) = seq.next_element::<NamedList>()? {
                    lists.push(l);
                }
                Ok(RulesOption::Lists(lists))
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedList {
    name: String,
    text: String,
}

impl RulesOption {
    fn lists(&self) -> Vec<(&str, &str)> {
        match self {
            RulesOption::Text(t) => vec![("rules", t.as_str())],
            RulesOption::Lists(l) => l
                .iter()
                .map(|l| (l.name.as_str(), l.text.as_str()))
                .collect(),
        }
    }
}

fn js_error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

fn engine_error(e: &Error) -> JsValue {
    js_error(e.code(), &e.to_string())
}

fn parse_options(value: &JsValue) -> Result<Options, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    serde_wasm_bindgen::from_value(value.clone())
        .map_err(|e| js_error("bad-option", &format!("bad options: {e}")))
}

fn apply(base: CleanOptions, o: &Options) -> Result<CleanOptions, JsValue> {
    let mut opts = base;
    if let Some(m) = o.mode {
        opts = opts.with_mode(m);
    }
    if let Some(u) = &o.url {
        opts = opts.with_url(u.clone());
    }
    if let Some(f) = o.format {
        opts = opts.with_format(f);
    }
    if let Some(k) = &o.keep {
        opts = opts.with_keep(k.iter().copied().collect::<CategorySet>());
    }
    if let Some(ids) = &o.keep_ids {
        opts = opts.with_keep_ids(ids.clone());
    }
    if let Some(n) = o.max_input_bytes {
        if !(n.is_finite() && n >= 0.0) {
            return Err(js_error(
                "bad-option",
                "maxInputBytes must be a non-negative number",
            ));
        }
        opts = opts.with_max_input_bytes(n.min(usize::MAX as f64) as usize);
    }
    if let Some(c) = &o.charset {
        // Checked here too: a string input is text already and never reaches the decoder.
        if crate::html::input::encoding_for_label(c).is_none() {
            return Err(js_error(
                "bad-option",
                &format!("unknown charset label `{c}`"),
            ));
        }
        opts = opts.with_charset(c.clone());
    }
    Ok(opts)
}

/// Input bytes; a string is already text, so it is read as UTF-8 whatever its `<meta>` says.
fn input_bytes(input: &JsValue, opts: CleanOptions) -> Result<(Vec<u8>, CleanOptions), JsValue> {
    if let Some(s) = input.as_string() {
        return Ok((s.into_bytes(), opts.with_charset("utf-8")));
    }
    if let Some(bytes) = input.dyn_ref::<js_sys::Uint8Array>() {
        return Ok((bytes.to_vec(), opts));
    }
    Err(js_error(
        "bad-input",
        "input must be a string or a Uint8Array",
    ))
}

fn to_js(result: &CleanResult) -> Result<JsValue, JsValue> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    serde::Serialize::serialize(result, &ser)
        .map_err(|e| js_error("rewriter", &format!("cannot return the result: {e}")))
}

fn engine_with_rules(rules: Option<&RulesOption>) -> Result<(Engine, Vec<String>), JsValue> {
    let mut engine = Engine::new();
    let lists = rules.map(RulesOption::lists).unwrap_or_default();
    let lists: Vec<_> = lists
        .into_iter()
        .filter(|(_, t)| !t.trim().is_empty())
        .collect();
    if lists.is_empty() {
        return Ok((engine, Vec::new()));
    }
    let summaries: Vec<_> = lists
        .into_iter()
        .map(|(name, text)| engine.add_rules(name, text))
        .collect();
    // Nothing usable and something wrong: most likely not what the caller meant to load.
    if summaries.iter().all(|s| s.rules == 0) && summaries.iter().any(|s| s.unsupported > 0) {
        let errors: Vec<String> = engine
            .rule_errors()
            .iter()
            .map(ToString::to_string)
            .collect();
        return Err(engine_error(&Error::BadRules(format!(
            "no usable rule: {}",
            errors.join("; ")
        ))));
    }
    Ok((engine, summaries.iter().map(ToString::to_string).collect()))
}

fn run(engine: &Engine, input: &JsValue, opts: CleanOptions) -> Result<JsValue, JsValue> {
    let (bytes, opts) = input_bytes(input, opts)?;
    let result = engine
        .clean_owned(bytes, &opts)
        .map_err(|e| engine_error(&e))?;
    to_js(&result)
}

/// Cleans one page: `input` is the page's HTML (or a plain-text paste) as a string or as bytes.
#[wasm_bindgen]
pub fn clean(input: &JsInput, options: Option<JsCleanOptions>) -> Result<JsCleanResult, JsValue> {
    let o = parse_options(options.as_ref().map_or(&JsValue::UNDEFINED, |v| v.as_ref()))?;
    let (engine, _) = engine_with_rules(o.rules.as_ref())?;
    let opts = apply(CleanOptions::new(), &o)?;
    run(&engine, input.as_ref(), opts).map(JsCleanResult::from)
}

/// Whether a page probably holds an article (one analysis pass, no rewriting).
#[wasm_bindgen(js_name = isProbablyReaderable)]
pub fn is_probably_readerable(
    input: &JsInput,
    options: Option<JsCleanOptions>,
) -> Result<bool, JsValue> {
    let o = parse_options(options.as_ref().map_or(&JsValue::UNDEFINED, |v| v.as_ref()))?;
    let opts = apply(CleanOptions::new(), &o)?;
    let (bytes, opts) = input_bytes(input.as_ref(), opts)?;
    Engine::new()
        .is_probably_readerable(&bytes, &opts)
        .map_err(|e| engine_error(&e))
}

/// A cleaner with its rules compiled once, for cleaning many pages.
#[wasm_bindgen]
pub struct Cleaner {
    engine: Engine,
    options: Options,
}

#[wasm_bindgen]
impl Cleaner {
    /// Compiles the built-in rules and `options.rules`; the other options are the defaults of
    /// every `clean`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<JsCleanOptions>) -> Result<Cleaner, JsValue> {
        let options = parse_options(options.as_ref().map_or(&JsValue::UNDEFINED, |v| v.as_ref()))?;
        let (engine, _) = engine_with_rules(options.rules.as_ref())?;
        Ok(Cleaner { engine, options })
    }

    /// How each list given in `rules` loaded.
    #[wasm_bindgen(getter = ruleLists, unchecked_return_type = "ListSummary[]")]
    pub fn rule_lists(&self) -> Result<JsValue, JsValue> {
        let ser = serde_wasm_bindgen::Serializer::json_compatible();
        serde::Serialize::serialize(self.engine.rules().user_lists(), &ser)
            .map_err(|e| js_error("rewriter", &format!("cannot return the summaries: {e}")))
    }

    /// Cleans one page; `options` (without `rules`) override the cleaner's for this call.
    pub fn clean(
        &self,
        input: &JsInput,
        options: Option<JsCleanOptions>,
    ) -> Result<JsCleanResult, JsValue> {
        let o = parse_options(options.as_ref().map_or(&JsValue::UNDEFINED, |v| v.as_ref()))?;
        if o.rules.is_some() {
            return Err(js_error(
                "bad-option",
                "rules are compiled when the Cleaner is made: pass them to new Cleaner()",
            ));
        }
        let opts = apply(apply(CleanOptions::new(), &self.options)?, &o)?;
        run(&self.engine, input.as_ref(), opts).map(JsCleanResult::from)
    }

    /// Starts a page that arrives in chunks, with this cleaner's rules; `options` (without
    /// `rules`) override the cleaner's for this page.
    pub fn session(&self, options: Option<JsCleanOptions>) -> Result<Session, JsValue> {
        let o = parse_options(options.as_ref().map_or(&JsValue::UNDEFINED, |v| v.as_ref()))?;
        if o.rules.is_some() {
            return Err(js_error(
                "bad-option",
                "rules are compiled when the Cleaner is made: pass them to new Cleaner()",
            ));
        }
        let opts = apply(apply(CleanOptions::new(), &self.options)?, &o)?;
        Session::ready(self.engine.clone(), opts)
    }
}

/// Where a [`Session`] is. The engine's session starts with the first chunk: only then is it
/// known whether the page comes as text (read as UTF-8) or as bytes (decoded by its charset).
enum Stage {
    Ready(Engine, CleanOptions),
    Text(EngineSession<'static>),
    Bytes(EngineSession<'static>),
    Done,
}

/// A page cleaned as it arrives: `write` each chunk (a string or bytes; one kind per page), then
/// `finish` for the result, the same as `clean` on the whole page whatever the chunking.
#[wasm_bindgen]
pub struct Session {
    stage: Stage,
}

impl Session {
    fn ready(engine: Engine, opts: CleanOptions) -> Result<Session, JsValue> {
        // Checked now rather than at the first chunk, as `clean` would.
        if let Some(label) = &opts.charset {
            if crate::html::input::encoding_for_label(label).is_none() {
                return Err(js_error(
                    "bad-option",
                    &format!("unknown charset label `{label}`"),
                ));
            }
        }
        Ok(Session {
            stage: Stage::Ready(engine, opts),
        })
    }

    /// The engine's session, once the first chunk tells whether the page is text or bytes.
    fn start(
        engine: Engine,
        opts: CleanOptions,
        text: bool,
    ) -> Result<EngineSession<'static>, JsValue> {
        let opts = if text {
            opts.with_charset("utf-8")
        } else {
            opts
        };
        engine.into_session(opts).map_err(|e| engine_error(&e))
    }
}

#[wasm_bindgen]
impl Session {
    /// Starts a page with the built-in rules and `options.rules`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<JsCleanOptions>) -> Result<Session, JsValue> {
        let o = parse_options(options.as_ref().map_or(&JsValue::UNDEFINED, |v| v.as_ref()))?;
        let (engine, _) = engine_with_rules(o.rules.as_ref())?;
        let opts = apply(CleanOptions::new(), &o)?;
        Session::ready(engine, opts)
    }

    /// Feeds the next chunk of the page. After an error (`input-too-large` past the limit) the
    /// session is spent.
    pub fn write(&mut self, chunk: &JsInput) -> Result<(), JsValue> {
        let value: &JsValue = chunk.as_ref();
        let (bytes, text) = if let Some(s) = value.as_string() {
            (s.into_bytes(), true)
        } else if let Some(b) = value.dyn_ref::<js_sys::Uint8Array>() {
            (b.to_vec(), false)
        } else {
            return Err(js_error(
                "bad-input",
                "a chunk must be a string or a Uint8Array",
            ));
        };
        let stage = std::mem::replace(&mut self.stage, Stage::Done);
        let mut session = match stage {
            Stage::Ready(engine, opts) => Session::start(engine, opts, text)?,
            Stage::Text(s) if text => s,
            Stage::Bytes(s) if !text => s,
            Stage::Text(_) | Stage::Bytes(_) => {
                return Err(js_error(
                    "bad-input",
                    "the chunks of one page must all be strings or all be bytes",
                ))
            }
            Stage::Done => return Err(engine_error(&Error::Finished)),
        };
        session.write(&bytes).map_err(|e| engine_error(&e))?;
        self.stage = if text {
            Stage::Text(session)
        } else {
            Stage::Bytes(session)
        };
        Ok(())
    }

    /// Ends the page and returns the result of the clean (what `clean` returns).
    pub fn finish(&mut self) -> Result<JsCleanResult, JsValue> {
        let session = match std::mem::replace(&mut self.stage, Stage::Done) {
            // No chunk at all: an empty page.
            Stage::Ready(engine, opts) => Session::start(engine, opts, false)?,
            Stage::Text(s) | Stage::Bytes(s) => s,
            Stage::Done => return Err(engine_error(&Error::Finished)),
        };
        let result = session.finish().map_err(|e| engine_error(&e))?;
        to_js(&result).map(JsCleanResult::from)
    }
}

#[wasm_bindgen]
extern "C" {
    /// `WebAssembly.Memory` on the JS side.
    #[wasm_bindgen(typescript_type = "WebAssembly.Memory")]
    pub type JsMemory;
}

/// The module's linear memory: its `buffer.byteLength` is what cleaning has needed at most (a
/// WebAssembly memory grows and never shrinks).
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsMemory {
    wasm_bindgen::memory().unchecked_into()
}

/// lol_html with no handlers over the same bytes, in the same module: the floor that the
/// benchmarks (`benches/js`) compare cleaning against. Not a cleaner (nothing removed or
/// sanitized), so it is left out of the TypeScript declarations.
#[wasm_bindgen(skip_typescript)]
pub fn passthrough(input: &[u8]) -> Result<Vec<u8>, JsValue> {
    crate::passthrough(input).map_err(|e| engine_error(&e))
}
