//! Quality on pages judged by people: WCXB's development split (1,497 pages, seven page types),
//! with the benchmark's own measure, in both modes, and the same measure on Readability's test
//! pages beside it.
//!
//! ```text
//! cargo run --release --example eval_wcxb -- [--wcxb DIR] [--readability DIR] [--mode article|clean]...
//!     [--type TYPE]... [--half even|odd] [--page ID]... [--worst N] [--verbose] [--no-readability]
//!     [--chunks N] [--json FILE] [--explain RECALL] [--missing]
//! ```
//!
//! The measure (WCXB's README): per page, word-level precision, recall and F1 between the
//! extracted text and the annotated `main_content` (lower-cased `\w+` tokens, counted as a
//! multiset), averaged over pages; and the share of the page's `with` snippets found in the text
//! and of its `without` snippets found (case-insensitive substrings, white space collapsed). Here
//! also: the share of the page's other words (visible on the page, not in the main content) that
//! the output removed, and the same figures on the ids' even and odd halves, so that a change that
//! helps one half and hurts the other shows itself as tuning to pages.
//!
//! On Readability's 94 real pages the reference is the text of `expected.html` (Readability's own
//! output, not an independent annotation).
//!
//! `--missing` (with `--page`): the main content's lines the output lacks, each with the removal
//! whose excerpt holds its start, if any.
//!
//! `--explain R`: for the pages whose recall is below R, how much of the main content each
//! category's removals took (the recall gained when that category is kept), per page type, and
//! what is left once every category is kept (the sanitizer's and structure's share).
//!
//! `ceiling R` is the recall of the page's whole text (every text node outside `script`, `style`
//! and `template`, hidden ones and `noscript`'s markup included, the page read as UTF-8): no
//! cleaner can keep words the markup does not hold (posts a forum sends only in script or in a
//! meta description), so a type's recall cannot pass it.
//!
//! Cleaning is in process, whole input at a time, on two threads; `--chunks N` also feeds every
//! page to a session in N-byte chunks and fails if any result differs. No network is used.

use flate2::read::GzDecoder;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use unclutter::{Category, CategorySet, CleanOptions, Cleaner, Mode};

const TYPES: [&str; 7] = [
    "article",
    "forum",
    "product",
    "collection",
    "listing",
    "documentation",
    "service",
];

struct Args {
    wcxb: PathBuf,
    readability: Option<PathBuf>,
    modes: Vec<Mode>,
    types: Vec<String>,
    half: Option<u32>,
    pages: Vec<String>,
    worst: usize,
    verbose: bool,
    chunks: Option<usize>,
    json: Option<PathBuf>,
    explain: Option<f64>,
    missing: bool,
}

fn corpus_dir(name: &str) -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora")
        .join(name);
    if here.exists() {
        return here;
    }
    PathBuf::from("/work/shared/corpora").join(name)
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        wcxb: corpus_dir("wcxb-dev"),
        readability: Some(corpus_dir("readability-test-pages")),
        modes: Vec::new(),
        types: Vec::new(),
        half: None,
        pages: Vec::new(),
        worst: 5,
        verbose: false,
        chunks: None,
        json: None,
        explain: None,
        missing: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--wcxb" => a.wcxb = value()?.into(),
            "--readability" => a.readability = Some(value()?.into()),
            "--no-readability" => a.readability = None,
            "--mode" => a.modes.push(match value()?.as_str() {
                "clean" => Mode::Clean,
                "article" => Mode::Article,
                other => return Err(format!("--mode clean|article, not {other}")),
            }),
            "--type" => {
                let t = value()?;
                if !TYPES.contains(&t.as_str()) {
                    return Err(format!("--type is one of {}", TYPES.join(", ")));
                }
                a.types.push(t);
            }
            "--half" => {
                a.half = Some(match value()?.as_str() {
                    "even" => 0,
                    "odd" => 1,
                    other => return Err(format!("--half even|odd, not {other}")),
                })
            }
            "--page" => a.pages.push(value()?),
            "--worst" => a.worst = value()?.parse().map_err(|e| format!("--worst: {e}"))?,
            "--chunks" => a.chunks = Some(value()?.parse().map_err(|e| format!("--chunks: {e}"))?),
            "--json" => a.json = Some(value()?.into()),
            "--explain" => {
                a.explain = Some(value()?.parse().map_err(|e| format!("--explain: {e}"))?)
            }
            "--verbose" | "-v" => a.verbose = true,
            "--missing" => a.missing = true,
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    if a.modes.is_empty() {
        a.modes = vec![Mode::Article, Mode::Clean];
    }
    Ok(a)
}

/// Lower-cased `\w+` tokens: runs of letters, digits, marks and `_`.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn bag(words: &[String]) -> HashMap<&str, i64> {
    let mut m = HashMap::new();
    for w in words {
        *m.entry(w.as_str()).or_insert(0) += 1;
    }
    m
}

fn overlap(a: &HashMap<&str, i64>, b: &HashMap<&str, i64>) -> i64 {
    a.iter()
        .map(|(k, n)| (*n).min(*b.get(k).unwrap_or(&0)))
        .sum()
}

/// Every text node of the page outside `script`, `style` and `template`, `noscript`'s content read
/// as markup (scraper reads it as text, as a browser running scripts does).
fn whole_text(html: &[u8]) -> String {
    fn walk(doc: &scraper::Html, out: &mut String) {
        for node in doc.tree.root().descendants() {
            let scraper::Node::Text(t) = node.value() else {
                continue;
            };
            let parent = node
                .parent()
                .and_then(|p| p.value().as_element().map(|e| e.name().to_string()));
            match parent.as_deref() {
                Some("script" | "style" | "template") => {}
                Some("noscript") => walk(&scraper::Html::parse_fragment(t), out),
                _ => {
                    out.push_str(t);
                    out.push(' ');
                }
            }
        }
    }
    let mut out = String::new();
    walk(
        &scraper::Html::parse_document(&String::from_utf8_lossy(html)),
        &mut out,
    );
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One page to score: its input, the reference text and the snippets.
struct Case {
    id: String,
    kind: String,
    /// 0 or 1: the half of the corpus it is in (WCXB: its id's parity; else its position's).
    half: u32,
    url: Option<String>,
    html: Vec<u8>,
    reference: String,
    with: Vec<String>,
    without: Vec<String>,
}

#[derive(Clone, Debug, serde::Serialize)]
struct Score {
    id: String,
    kind: String,
    half: u32,
    precision: f64,
    recall: f64,
    f1: f64,
    /// Share of `with` snippets found (None: the page has none).
    with: Option<f64>,
    /// Share of `without` snippets found.
    without: Option<f64>,
    /// Share of the page's other words removed (None: it has none).
    other_removed: Option<f64>,
    /// Recall of the page's whole text: what no cleaner can pass.
    ceiling: f64,
    fell_back: bool,
    /// The page type the result reports.
    page_type: &'static str,
    removed: usize,
}

fn keep_all() -> CategorySet {
    Category::CLUTTER.into_iter().collect()
}

fn score(
    cleaner: &Cleaner,
    case: &Case,
    mode: Mode,
    chunks: Option<usize>,
) -> Result<Score, String> {
    let mut opts = CleanOptions::new().with_mode(mode);
    if let Some(url) = &case.url {
        opts = opts.with_url(url);
    }
    let r = cleaner
        .clean(&case.html, &opts)
        .map_err(|e| format!("{}: {e}", case.id))?;
    if let Some(size) = chunks {
        let mut s = cleaner.session(opts.clone()).map_err(|e| e.to_string())?;
        for c in case.html.chunks(size.max(1)) {
            s.write(c).map_err(|e| format!("{}: {e}", case.id))?;
        }
        let again = s.finish().map_err(|e| format!("{}: {e}", case.id))?;
        if again.html != r.html || again.text != r.text || again.removed != r.removed {
            return Err(format!(
                "{}: the result depends on the chunking ({size} bytes)",
                case.id
            ));
        }
    }
    let page = cleaner
        .clean(
            &case.html,
            &opts.clone().with_mode(Mode::Clean).with_keep(keep_all()),
        )
        .map_err(|e| format!("{}: {e}", case.id))?;
    let (out_w, ref_w, page_w) = (tokens(&r.text), tokens(&case.reference), tokens(&page.text));
    let (out, reference, all) = (bag(&out_w), bag(&ref_w), bag(&page_w));
    let common = overlap(&out, &reference) as f64;
    let (n_out, n_ref) = (out_w.len() as f64, ref_w.len() as f64);
    let (precision, recall) = match (n_out == 0.0, n_ref == 0.0) {
        (true, true) => (1.0, 1.0),
        (true, false) => (0.0, 0.0),
        (false, true) => (0.0, 1.0),
        (false, false) => (common / n_out, common / n_ref),
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    let text = collapse(&r.text);
    let share = |snips: &[String]| -> Option<f64> {
        let snips: Vec<String> = snips
            .iter()
            .map(|s| collapse(s))
            .filter(|s| !s.is_empty())
            .collect();
        (!snips.is_empty()).then(|| {
            snips.iter().filter(|s| text.contains(s.as_str())).count() as f64 / snips.len() as f64
        })
    };
    let other = |m: &HashMap<&str, i64>| -> i64 {
        m.iter()
            .map(|(k, n)| (n - reference.get(k).unwrap_or(&0)).max(0))
            .sum()
    };
    let other_in = other(&all);
    let other_out = other(&out).min(other_in);
    Ok(Score {
        id: case.id.clone(),
        kind: case.kind.clone(),
        half: case.half,
        precision,
        recall,
        f1,
        with: share(&case.with),
        without: share(&case.without),
        other_removed: (other_in > 0).then(|| 1.0 - other_out as f64 / other_in as f64),
        ceiling: if n_ref == 0.0 {
            1.0
        } else {
            overlap(&bag(&tokens(&whole_text(&case.html))), &reference) as f64 / n_ref
        },
        fell_back: r.fell_back,
        page_type: r.page_type.kind.name(),
        removed: r.removed.len(),
    })
}

/// The lines of the main content that the output of `case` lacks, and what removed them.
fn missing(cleaner: &Cleaner, case: &Case, mode: Mode) {
    let mut opts = CleanOptions::new().with_mode(mode);
    if let Some(url) = &case.url {
        opts = opts.with_url(url);
    }
    let Ok(r) = cleaner.clean(&case.html, &opts) else {
        return;
    };
    let out_w = tokens(&r.text);
    let out = bag(&out_w);
    println!(
        "\n#### {} ({}, {:?} mode): lines of the main content not in the output\n",
        case.id, case.kind, mode
    );
    for line in case.reference.lines().filter(|l| !l.trim().is_empty()) {
        let w = tokens(line);
        if w.is_empty() {
            continue;
        }
        let found = w.iter().filter(|t| out.contains_key(t.as_str())).count();
        if (found as f64) < 0.5 * w.len() as f64 {
            let start = collapse(&line.chars().take(40).collect::<String>());
            let by = r
                .removed
                .iter()
                .find(|x| collapse(&x.excerpt).contains(&start))
                .map_or("-".to_string(), |x| {
                    format!("#{} {} <{}> {}", x.id, x.category, x.tag, x.reason)
                });
            println!("- {:.70} | {by}", line.trim());
        }
    }
}

/// Recall of `case` in `mode` with `keep` kept.
fn recall_with(cleaner: &Cleaner, case: &Case, mode: Mode, keep: CategorySet) -> f64 {
    let mut opts = CleanOptions::new().with_mode(mode).with_keep(keep);
    if let Some(url) = &case.url {
        opts = opts.with_url(url);
    }
    let Ok(r) = cleaner.clean(&case.html, &opts) else {
        return 0.0;
    };
    let (out_w, ref_w) = (tokens(&r.text), tokens(&case.reference));
    if ref_w.is_empty() {
        return 1.0;
    }
    overlap(&bag(&out_w), &bag(&ref_w)) as f64 / ref_w.len() as f64
}

/// Where the main content of the pages below `limit` went, by category and page type.
fn explain(
    cleaner: &Cleaner,
    cases: &[Case],
    scores: &[Score],
    mode: Mode,
    limit: f64,
    verbose: bool,
) {
    let by_id: HashMap<&str, &Case> = cases.iter().map(|c| (c.id.as_str(), c)).collect();
    let low: Vec<&Score> = scores.iter().filter(|s| s.recall < limit).collect();
    println!(
        "\n#### Where the content of {} pages below recall {limit} went ({:?} mode)\n",
        low.len(),
        mode
    );
    let cats: Vec<Category> = Category::CLUTTER.into_iter().collect();
    let mut table: HashMap<String, (usize, Vec<f64>, f64)> = HashMap::new();
    for s in &low {
        let Some(case) = by_id.get(s.id.as_str()) else {
            continue;
        };
        let entry = table
            .entry(s.kind.clone())
            .or_insert((0, vec![0.0; cats.len()], 0.0));
        entry.0 += 1;
        let mut line = Vec::new();
        for (i, c) in cats.iter().enumerate() {
            let mut keep = CategorySet::EMPTY;
            keep.insert(*c);
            let gain = (recall_with(cleaner, case, mode, keep) - s.recall).max(0.0);
            entry.1[i] += gain;
            if gain >= 0.01 {
                line.push(format!("{c} +{gain:.3}"));
            }
        }
        let rest = 1.0 - recall_with(cleaner, case, mode, keep_all());
        entry.2 += rest;
        if verbose {
            println!(
                "- {} {} recall {:.3}: {}; all kept: still lost {rest:.3}",
                s.id,
                s.kind,
                s.recall,
                line.join(", ")
            );
        }
    }
    let names: Vec<String> = cats.iter().map(|c| c.to_string()).collect();
    println!(
        "| type | pages | {} | all kept: still lost |",
        names.join(" | ")
    );
    println!("|---|---|{}---|", "---|".repeat(names.len()));
    for k in TYPES
        .iter()
        .map(|t| t.to_string())
        .chain(["readability".to_string()])
    {
        if let Some((n, gains, rest)) = table.get(&k) {
            let g: Vec<String> = gains
                .iter()
                .map(|g| format!("{:.3}", g / *n as f64))
                .collect();
            println!(
                "| {k} | {n} | {} | {:.3} |",
                g.join(" | "),
                rest / *n as f64
            );
        }
    }
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let s = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&s).map_err(|e| format!("{}: {e}", path.display()))
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

fn wcxb_cases(args: &Args) -> Result<Vec<Case>, String> {
    let index = read_json(&args.wcxb.join("index.json"))?;
    let mut cases = Vec::new();
    for entry in index.as_array().into_iter().flatten() {
        let (Some(id), Some(kind)) = (entry["id"].as_str(), entry["page_type"].as_str()) else {
            continue;
        };
        let number: u32 = id.parse().unwrap_or(0);
        if args.half.is_some_and(|h| number % 2 != h)
            || (!args.types.is_empty() && !args.types.iter().any(|t| t == kind))
            || (!args.pages.is_empty() && !args.pages.iter().any(|p| p == id))
        {
            continue;
        }
        let gt = read_json(&args.wcxb.join("ground-truth").join(format!("{id}.json")))?;
        let g = &gt["ground_truth"];
        let mut html = Vec::new();
        let path = args.wcxb.join("html").join(format!("{id}.html.gz"));
        let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        GzDecoder::new(file)
            .read_to_end(&mut html)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        cases.push(Case {
            id: id.to_string(),
            kind: kind.to_string(),
            half: number % 2,
            url: entry["url"].as_str().map(str::to_string),
            html,
            reference: g["main_content"].as_str().unwrap_or("").to_string(),
            with: strings(&g["with"]),
            without: strings(&g["without"]),
        });
    }
    Ok(cases)
}

fn readability_cases(dir: &Path, cleaner: &Cleaner) -> Result<Vec<Case>, String> {
    let index = read_json(&dir.join("index.json"))?;
    let mut cases = Vec::new();
    for entry in index.as_array().into_iter().flatten() {
        let Some(id) = entry["id"].as_str().filter(|_| entry["kind"] == "real") else {
            continue;
        };
        let page = dir.join("pages").join(id);
        let html = std::fs::read(page.join("source.html")).map_err(|e| format!("{id}: {e}"))?;
        let expected =
            std::fs::read(page.join("expected.html")).map_err(|e| format!("{id}: {e}"))?;
        // Readability's article, as text: its visible text with nothing removed.
        let reference = cleaner
            .clean(
                &expected,
                &CleanOptions::new()
                    .with_mode(Mode::Clean)
                    .with_keep(keep_all()),
            )
            .map_err(|e| format!("{id}: {e}"))?
            .text;
        cases.push(Case {
            id: id.to_string(),
            kind: "readability".to_string(),
            half: (cases.len() % 2) as u32,
            url: None,
            html,
            reference,
            with: Vec::new(),
            without: Vec::new(),
        });
    }
    Ok(cases)
}

/// Scores every case in `mode` on two threads.
fn run(
    cleaner: &Cleaner,
    cases: &[Case],
    mode: Mode,
    chunks: Option<usize>,
) -> (Vec<Score>, Vec<String>) {
    let next = AtomicUsize::new(0);
    let scores = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(i) else { break };
                match score(cleaner, case, mode, chunks) {
                    Ok(sc) => scores.lock().map(|mut v| v.push((i, sc))).unwrap_or(()),
                    Err(e) => errors.lock().map(|mut v| v.push(e)).unwrap_or(()),
                }
            });
        }
    });
    let mut scores = scores.into_inner().unwrap_or_default();
    scores.sort_by_key(|(i, _)| *i);
    (
        scores.into_iter().map(|(_, s)| s).collect(),
        errors.into_inner().unwrap_or_default(),
    )
}

fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    for x in xs {
        sum += x;
        n += 1;
    }
    (n > 0).then(|| sum / n as f64)
}

fn fmt(x: Option<f64>) -> String {
    x.map_or("-".to_string(), |x| format!("{x:.3}"))
}

fn row(label: &str, scores: &[&Score]) -> String {
    let half = |h: u32| mean(scores.iter().filter(|s| s.half == h).map(|s| s.f1));
    format!(
        "| {label} | {} | {} | {} | {} | {} | {} | {} | {} / {} | {} | {} |",
        scores.len(),
        fmt(mean(scores.iter().map(|s| s.precision))),
        fmt(mean(scores.iter().map(|s| s.recall))),
        fmt(mean(scores.iter().map(|s| s.f1))),
        fmt(mean(scores.iter().filter_map(|s| s.with))),
        fmt(mean(scores.iter().filter_map(|s| s.without))),
        fmt(mean(scores.iter().filter_map(|s| s.other_removed))),
        fmt(half(0)),
        fmt(half(1)),
        scores.iter().filter(|s| s.fell_back).count(),
        fmt(mean(scores.iter().map(|s| s.ceiling))),
    )
}

fn report(title: &str, scores: &[Score], mode: Mode, worst: usize, verbose: bool) {
    println!("\n### {title}\n");
    println!("| type | pages | P | R | F1 | with | without | other removed | F1 even / odd ids | fell back | ceiling R |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let all: Vec<&Score> = scores.iter().collect();
    let kinds: Vec<String> = {
        let mut k: Vec<String> = TYPES
            .iter()
            .map(|t| t.to_string())
            .filter(|t| scores.iter().any(|s| &s.kind == t))
            .collect();
        for s in scores {
            if !k.contains(&s.kind) {
                k.push(s.kind.clone());
            }
        }
        k
    };
    if kinds.len() > 1 {
        println!("{}", row("all", &all));
    }
    for k in &kinds {
        let of: Vec<&Score> = scores.iter().filter(|s| &s.kind == k).collect();
        println!("{}", row(k, &of));
    }
    // The worst pages: by recall in clean mode (it must keep content), by F1 in article mode.
    let key = |s: &Score| if mode == Mode::Clean { s.recall } else { s.f1 };
    let what = if mode == Mode::Clean { "recall" } else { "F1" };
    println!();
    for k in &kinds {
        let mut of: Vec<&Score> = scores.iter().filter(|s| &s.kind == k).collect();
        of.sort_by(|a, b| key(a).total_cmp(&key(b)));
        let list: Vec<String> = of
            .iter()
            .take(worst)
            .map(|s| format!("{} {:.3}", s.id, key(s)))
            .collect();
        println!("- worst {what}, {k}: {}", list.join(", "));
    }
    if verbose {
        println!("\n| id | type | P | R | F1 | with | without | other removed | removed |");
        println!("|---|---|---|---|---|---|---|---|---|");
        for s in scores {
            println!(
                "| {} | {} | {:.3} | {:.3} | {:.3} | {} | {} | {} | {} |",
                s.id,
                s.kind,
                s.precision,
                s.recall,
                s.f1,
                fmt(s.with),
                fmt(s.without),
                fmt(s.other_removed),
                s.removed
            );
        }
    }
}

/// How the page types the results report compare with WCXB's labels: one row per label, the
/// count of each reported type, and the share that matches (collection and listing are both
/// `listing`; a service page is `other`).
fn page_types(title: &str, scores: &[Score]) {
    const REPORTED: [&str; 6] = [
        "article",
        "forum",
        "product",
        "listing",
        "documentation",
        "other",
    ];
    let expect = |label: &str| match label {
        "collection" | "listing" => "listing",
        "service" => "other",
        l => REPORTED
            .iter()
            .copied()
            .find(|r| *r == l)
            .unwrap_or("other"),
    };
    println!("\n### {title}: page types reported, by WCXB label\n");
    println!("| label | pages | {} | matching |", REPORTED.join(" | "));
    println!("|---|---|{}---|", "---|".repeat(REPORTED.len()));
    let mut right = 0;
    for label in TYPES {
        let of: Vec<&Score> = scores.iter().filter(|s| s.kind == label).collect();
        if of.is_empty() {
            continue;
        }
        let counts: Vec<String> = REPORTED
            .iter()
            .map(|r| of.iter().filter(|s| s.page_type == *r).count().to_string())
            .collect();
        let hits = of.iter().filter(|s| s.page_type == expect(label)).count();
        right += hits;
        println!(
            "| {label} | {} | {} | {:.2} |",
            of.len(),
            counts.join(" | "),
            hits as f64 / of.len() as f64
        );
    }
    if !scores.is_empty() {
        println!(
            "\nmatching overall: {:.2} of {} pages",
            right as f64 / scores.len() as f64,
            scores.len()
        );
    }
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("eval_wcxb: {e}");
            std::process::exit(2);
        }
    };
    let cleaner = Cleaner::new();
    let started = std::time::Instant::now();
    let wcxb = match wcxb_cases(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("eval_wcxb: {e} (the WCXB development split: --wcxb DIR)");
            std::process::exit(2);
        }
    };
    let readability = match &args.readability {
        Some(dir) if args.pages.is_empty() && args.types.is_empty() => {
            match readability_cases(dir, &cleaner) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("eval_wcxb: {e} (Readability's test pages: --readability DIR)");
                    std::process::exit(2);
                }
            }
        }
        _ => Vec::new(),
    };
    let mut failed = false;
    let mut all_json = serde_json::Map::new();
    for &mode in &args.modes {
        let name = match mode {
            Mode::Clean => "clean",
            Mode::Article => "article",
        };
        let (scores, errors) = run(&cleaner, &wcxb, mode, args.chunks);
        for e in &errors {
            eprintln!("eval_wcxb: {e}");
        }
        failed |= !errors.is_empty();
        report(
            &format!("{name} mode, WCXB dev ({} pages)", scores.len()),
            &scores,
            mode,
            args.worst,
            args.verbose,
        );
        page_types(&format!("{name} mode, WCXB dev"), &scores);
        if args.missing {
            for case in &wcxb {
                missing(&cleaner, case, mode);
            }
        }
        if let Some(limit) = args.explain {
            explain(&cleaner, &wcxb, &scores, mode, limit, args.verbose);
        }
        all_json.insert(
            format!("wcxb-{name}"),
            serde_json::to_value(&scores).unwrap_or_default(),
        );
        if !readability.is_empty() {
            let (scores, errors) = run(&cleaner, &readability, mode, args.chunks);
            for e in &errors {
                eprintln!("eval_wcxb: {e}");
            }
            failed |= !errors.is_empty();
            report(
                &format!(
                    "{name} mode, Readability's test pages ({} real pages; reference: Readability's output)",
                    scores.len()
                ),
                &scores,
                mode,
                args.worst,
                args.verbose,
            );
            all_json.insert(
                format!("readability-{name}"),
                serde_json::to_value(&scores).unwrap_or_default(),
            );
        }
    }
    eprintln!(
        "\neval_wcxb: {} WCXB pages, {} Readability pages, {} mode(s) in {:.1} s",
        wcxb.len(),
        readability.len(),
        args.modes.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(path) = &args.json {
        let text =
            serde_json::to_string_pretty(&serde_json::Value::Object(all_json)).unwrap_or_default();
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("eval_wcxb: {}: {e}", path.display());
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}
