//! Native benchmarks (`cargo bench --bench native`, run by `scripts/bench.sh`): the 94 real pages
//! of the development corpus and the largest of them repeated to 10 MB, through
//!
//! - `passthrough`: lol_html with no handlers (the floor every lol_html cleaner stands on);
//! - `handlers`: lol_html with empty handlers on every element, end tag and text chunk, as pass 1
//!   registers them: what any pass that looks at every element pays lol_html, before doing
//!   anything with what it sees;
//! - `analysis`: [`Cleaner::is_probably_readerable`], which decodes the input and runs pass 1
//!   (the analysis) and nothing after it: no decisions, no rewriting;
//! - `clean`: clean mode, both passes;
//! - `article`: article mode, both passes.
//!
//! Criterion measures one iteration as the whole corpus (group `corpus`) or the whole 10 MB page
//! (group `big`). Every page is also timed on its own in the same runs, and the per-page times are
//! written to `target/bench/native-pages.json` (or `$UNCLUTTER_BENCH_OUT`) for the per-page median
//! and p95 in BENCHMARKS.md.
//!
//! Run as a test (`cargo test --all-targets`, no `--bench`), each benchmark runs once over three
//! small pages and a 200 kB big page, to check that it works without slowing the test suite.

use criterion::{criterion_group, Criterion, SamplingMode, Throughput};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use unclutter::{CleanOptions, Cleaner, Mode};

/// Size of the big page in a real run.
const BIG_BYTES: usize = 10_000_000;

/// Per benchmark (`group/function`), per page, every time measured (seconds).
type Times = BTreeMap<String, Vec<Vec<f64>>>;
static TIMES: Mutex<Times> = Mutex::new(BTreeMap::new());

/// Whether criterion is measuring (`cargo bench`) rather than checking (`cargo test`).
fn benchmarking() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test")
}

/// The development corpus: `$UNCLUTTER_CORPUS`, `../shared/...` beside the repository, or
/// `/work/shared/...`, as the JavaScript tests look for it.
fn corpus_dir() -> PathBuf {
    let beside =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/readability-test-pages");
    std::env::var_os("UNCLUTTER_CORPUS")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            beside,
            PathBuf::from("/work/shared/corpora/readability-test-pages"),
        ])
        .find(|d| d.join("index.json").is_file())
        .unwrap_or_else(|| {
            panic!("the development corpus (readability-test-pages) is not found; set UNCLUTTER_CORPUS")
        })
}

struct Page {
    id: String,
    bytes: Vec<u8>,
}

/// The `real` pages of the corpus, in index order (the rule `examples/eval.rs` uses).
fn real_pages() -> Vec<Page> {
    let dir = corpus_dir();
    let index = std::fs::read_to_string(dir.join("index.json")).expect("index.json");
    let index: serde_json::Value = serde_json::from_str(&index).expect("index.json is JSON");
    index
        .as_array()
        .expect("index.json is an array")
        .iter()
        .filter(|p| p["kind"] == "real")
        .filter_map(|p| p["id"].as_str())
        .map(|id| Page {
            id: id.to_string(),
            bytes: std::fs::read(dir.join("pages").join(id).join("source.html"))
                .unwrap_or_else(|e| panic!("{id}: {e}")),
        })
        .collect()
}

/// `page`'s body repeated until the page has at least `size` bytes: everything before `<body`,
/// then what lies between `<body` and the last `</body>` as many times as needed, then
/// `</body></html>`. `benches/js/inputs.mjs` builds the same bytes.
fn repeated(page: &[u8], size: usize) -> Vec<u8> {
    let find = |needle: &[u8]| page.windows(needle.len()).position(|w| w == needle);
    let rfind = |needle: &[u8]| page.windows(needle.len()).rposition(|w| w == needle);
    let start = find(b"<body").unwrap_or(0);
    let end = rfind(b"</body>").unwrap_or(page.len()).max(start + 1);
    let mut out = page[..start].to_vec();
    while out.len() < size {
        out.extend_from_slice(&page[start..end]);
    }
    out.extend_from_slice(b"</body></html>");
    out
}

struct Inputs {
    pages: Vec<Page>,
    big: Vec<u8>,
}

fn inputs() -> Inputs {
    let mut pages = real_pages();
    let largest = pages
        .iter()
        .max_by_key(|p| p.bytes.len())
        .map(|p| p.bytes.clone())
        .unwrap_or_default();
    if benchmarking() {
        let big = repeated(&largest, BIG_BYTES);
        Inputs { pages, big }
    } else {
        pages.sort_by_key(|p| p.bytes.len());
        pages.truncate(3);
        let big = repeated(&largest, 200_000);
        Inputs { pages, big }
    }
}

/// One way of processing a page.
type Task<'a> = Box<dyn Fn(&[u8]) + 'a>;

/// lol_html with an empty handler on every element (and its end tag) and every text chunk.
fn handlers(page: &[u8]) {
    use lol_html::html_content::{Element, EndTag, TextChunk};
    let settings = lol_html::Settings::new()
        .with_strict(true)
        .append_element_content_handler(lol_html::element!("*", |el: &mut Element<'_, '_>| {
            if let Some(end) = el.end_tag_handlers() {
                end.push(Box::new(|end: &mut EndTag<'_>| {
                    black_box(end);
                    Ok(())
                }));
            }
            Ok(())
        }))
        .append_document_content_handler(lol_html::doc_text!(|t: &mut TextChunk<'_>| {
            black_box(t.as_str());
            Ok(())
        }));
    let mut rewriter = lol_html::HtmlRewriter::new(settings, |c: &[u8]| {
        black_box(c);
    });
    rewriter
        .write(page)
        .and_then(|()| rewriter.end())
        .expect("lol_html");
}

fn tasks(cleaner: &Cleaner) -> Vec<(&'static str, Task<'_>)> {
    let article = CleanOptions::new().with_mode(Mode::Article);
    let clean = CleanOptions::new().with_mode(Mode::Clean);
    let analysis = article.clone();
    vec![
        (
            "passthrough",
            Box::new(|p: &[u8]| {
                black_box(unclutter::passthrough(black_box(p)).expect("passthrough"));
            }),
        ),
        ("handlers", Box::new(|p: &[u8]| handlers(black_box(p)))),
        (
            "analysis",
            Box::new(move |p: &[u8]| {
                black_box(
                    cleaner
                        .is_probably_readerable(black_box(p), &analysis)
                        .expect("analysis"),
                );
            }),
        ),
        (
            "clean",
            Box::new(move |p: &[u8]| {
                black_box(cleaner.clean(black_box(p), &clean).expect("clean"));
            }),
        ),
        (
            "article",
            Box::new(move |p: &[u8]| {
                black_box(cleaner.clean(black_box(p), &article).expect("article"));
            }),
        ),
    ]
}

/// Benchmarks every task over `pages` as one iteration, timing each page too.
fn group(c: &mut Criterion, name: &str, pages: &[&[u8]], cleaner: &Cleaner) {
    let bytes: usize = pages.iter().map(|p| p.len()).sum();
    let mut g = c.benchmark_group(name);
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Bytes(bytes as u64));
    for (task_name, task) in tasks(cleaner) {
        let key = format!("{name}/{task_name}");
        g.bench_function(task_name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                let mut times = vec![Vec::new(); pages.len()];
                for _ in 0..iters {
                    for (i, p) in pages.iter().enumerate() {
                        let start = Instant::now();
                        task(p);
                        let took = start.elapsed();
                        total += took;
                        times[i].push(took.as_secs_f64());
                    }
                }
                let mut all = TIMES.lock().unwrap_or_else(|e| e.into_inner());
                let entry = all
                    .entry(key.clone())
                    .or_insert_with(|| vec![Vec::new(); pages.len()]);
                for (page, t) in entry.iter_mut().zip(times) {
                    page.extend(t);
                }
                total
            })
        });
    }
    g.finish();
}

fn benches(c: &mut Criterion) {
    let inputs = inputs();
    let cleaner = Cleaner::new();
    let pages: Vec<&[u8]> = inputs.pages.iter().map(|p| p.bytes.as_slice()).collect();
    group(c, "corpus", &pages, &cleaner);
    group(c, "big", &[inputs.big.as_slice()], &cleaner);
    // Not when profiling (`--profile-time`): those runs are for perf, not for the tables.
    if benchmarking() && !std::env::args().any(|a| a == "--profile-time") {
        write_times(&inputs);
    }
}

/// Writes the per-page times as JSON: `{"pages": [{"id", "bytes"}...], "big": bytes,
/// "times": {"corpus/article": [[seconds...] per page], ...}}`.
fn write_times(inputs: &Inputs) {
    let all = TIMES.lock().unwrap_or_else(|e| e.into_inner());
    let out = serde_json::json!({
        "pages": inputs.pages.iter().map(|p| serde_json::json!({"id": p.id, "bytes": p.bytes.len()})).collect::<Vec<_>>(),
        "big": inputs.big.len(),
        "times": *all,
    });
    let path = std::env::var_os("UNCLUTTER_BENCH_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/native-pages.json")
        });
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create the output directory");
    }
    std::fs::write(&path, out.to_string()).expect("write the per-page times");
    eprintln!("per-page times written to {}", path.display());
}

criterion_group! {
    name = native;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = benches
}

fn main() {
    native();
    Criterion::default().configure_from_args().final_summary();
}
