//! Quality evaluation over the Readability test pages.
//!
//! ```text
//! cargo run --release --example eval -- [--corpus DIR] [--mode clean|article] [--all] [--verbose] [--page NAME]
//! ```
//!
//! For every page (the `real` ones unless `--all`) it cleans `source.html` and compares the visible
//! text (lower-cased words) with the visible text of `expected.html`, the article Readability.js
//! extracts:
//! - recall: the share of the article's words (as a multiset) still in the output;
//! - other removed: of the page's words that are not the article's, the share gone from the output;
//! - F1 of 4-word shingles: how exactly the output is the article (used for article mode).
//!
//! Pages below a recall of 0.95 are listed by name.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use unclutter::{Category, CategorySet, CleanOptions, Cleaner, Mode};

struct Args {
    corpus: PathBuf,
    modes: Vec<Mode>,
    all: bool,
    verbose: bool,
    page: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        corpus: PathBuf::from("../shared/corpora/readability-test-pages"),
        modes: Vec::new(),
        all: false,
        verbose: false,
        page: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--corpus" => a.corpus = it.next().ok_or("--corpus needs a value")?.into(),
            "--mode" => a.modes.push(match it.next().as_deref() {
                Some("clean") => Mode::Clean,
                Some("article") => Mode::Article,
                other => return Err(format!("--mode clean|article, not {other:?}")),
            }),
            "--all" => a.all = true,
            "--verbose" | "-v" => a.verbose = true,
            "--page" => a.page = Some(it.next().ok_or("--page needs a value")?),
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    if a.modes.is_empty() {
        a.modes.push(Mode::Clean);
    }
    Ok(a)
}

/// Chinese, Japanese and Korean are written without spaces: every character is a word.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if w.chars().any(is_cjk) {
            let mut run = String::new();
            for c in w.chars() {
                if is_cjk(c) {
                    if !run.is_empty() {
                        out.push(std::mem::take(&mut run).to_lowercase());
                    }
                    out.push(c.to_string());
                } else {
                    run.push(c);
                }
            }
            if !run.is_empty() {
                out.push(run.to_lowercase());
            }
        } else {
            out.push(w.to_lowercase());
        }
    }
    out
}

fn bag(words: &[String]) -> HashMap<&str, i64> {
    let mut m = HashMap::new();
    for w in words {
        *m.entry(w.as_str()).or_insert(0) += 1;
    }
    m
}

fn shingles(words: &[String]) -> HashMap<String, i64> {
    let mut m = HashMap::new();
    for w in words.windows(4) {
        *m.entry(w.join(" ")).or_insert(0) += 1;
    }
    m
}

fn overlap<K: std::hash::Hash + Eq>(a: &HashMap<K, i64>, b: &HashMap<K, i64>) -> i64 {
    a.iter()
        .map(|(k, n)| (*n).min(*b.get(k).unwrap_or(&0)))
        .sum()
}

/// The visible text of a page, with nothing removed but what a reader never sees.
fn visible_text(cleaner: &Cleaner, html: &[u8]) -> Result<String, String> {
    let keep_all: CategorySet = Category::CLUTTER.into_iter().collect();
    cleaner
        .clean(html, &CleanOptions::new().with_keep(keep_all))
        .map(|r| r.text)
        .map_err(|e| e.to_string())
}

struct PageScore {
    name: String,
    recall: f64,
    other_removed: Option<f64>,
    f1: f64,
    removed: usize,
}

fn score(cleaner: &Cleaner, dir: &Path, name: &str, mode: Mode) -> Result<PageScore, String> {
    let source = std::fs::read(dir.join("source.html")).map_err(|e| format!("{name}: {e}"))?;
    let expected = std::fs::read(dir.join("expected.html")).map_err(|e| format!("{name}: {e}"))?;
    let src_words = words(&visible_text(cleaner, &source)?);
    let exp_words = words(&visible_text(cleaner, &expected)?);
    let result = cleaner
        .clean(&source, &CleanOptions::new().with_mode(mode))
        .map_err(|e| format!("{name}: {e}"))?;
    let out_words = words(&result.text);
    let (src, exp, out) = (bag(&src_words), bag(&exp_words), bag(&out_words));
    let exp_total: i64 = exp.values().sum();
    let recall = if exp_total == 0 {
        1.0
    } else {
        overlap(&exp, &out) as f64 / exp_total as f64
    };
    let other = |m: &HashMap<&str, i64>| -> i64 {
        m.iter()
            .map(|(k, n)| (n - exp.get(k).unwrap_or(&0)).max(0))
            .sum()
    };
    let other_in = other(&src);
    let other_out = other(&out).min(other_in);
    let other_removed = (other_in > 0).then(|| 1.0 - other_out as f64 / other_in as f64);
    let (es, os) = (shingles(&exp_words), shingles(&out_words));
    let common = overlap(&es, &os) as f64;
    let (ne, no) = (
        es.values().sum::<i64>() as f64,
        os.values().sum::<i64>() as f64,
    );
    let f1 = if ne == 0.0 && no == 0.0 {
        1.0
    } else if common == 0.0 {
        0.0
    } else {
        let (p, r) = (common / no, common / ne);
        2.0 * p * r / (p + r)
    };
    Ok(PageScore {
        name: name.to_string(),
        recall,
        other_removed,
        f1,
        removed: result.removed.len(),
    })
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("eval: {e}");
            std::process::exit(2);
        }
    };
    let index_path = args.corpus.join("index.json");
    let index: serde_json::Value = match std::fs::read_to_string(&index_path)
        .map_err(|e| e.to_string())
        .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            eprintln!("eval: cannot read {}: {e}", index_path.display());
            std::process::exit(2);
        }
    };
    let pages: Vec<String> = index
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| args.all || p["kind"] == "real")
        .filter_map(|p| p["id"].as_str().map(str::to_string))
        .filter(|id| args.page.as_ref().is_none_or(|p| p == id))
        .collect();
    let cleaner = Cleaner::new();
    let mut failed = false;
    for mode in &args.modes {
        let mode_name = match mode {
            Mode::Clean => "clean",
            Mode::Article => "article",
        };
        let mut scores = Vec::new();
        for name in &pages {
            match score(&cleaner, &args.corpus.join("pages").join(name), name, *mode) {
                Ok(s) => scores.push(s),
                Err(e) => {
                    eprintln!("eval: {e}");
                    failed = true;
                }
            }
        }
        if scores.is_empty() {
            continue;
        }
        let n = scores.len() as f64;
        scores.sort_by(|a, b| a.recall.total_cmp(&b.recall));
        let mean_recall = scores.iter().map(|s| s.recall).sum::<f64>() / n;
        let mean_f1 = scores.iter().map(|s| s.f1).sum::<f64>() / n;
        let other: Vec<f64> = scores.iter().filter_map(|s| s.other_removed).collect();
        if args.verbose {
            println!(
                "{:<40} {:>7} {:>7} {:>7} {:>8}",
                "page", "recall", "other", "F1", "removed"
            );
            for s in &scores {
                let o = s
                    .other_removed
                    .map_or("-".to_string(), |o| format!("{o:.3}"));
                println!(
                    "{:<40} {:>7.3} {:>7} {:>7.3} {:>8}",
                    s.name, s.recall, o, s.f1, s.removed
                );
            }
        }
        let below: Vec<String> = scores
            .iter()
            .filter(|s| s.recall < 0.95)
            .map(|s| format!("{} ({:.3})", s.name, s.recall))
            .collect();
        let low_f1: Vec<String> = scores
            .iter()
            .filter(|s| s.f1 < 0.8)
            .map(|s| format!("{} ({:.3})", s.name, s.f1))
            .collect();
        println!("mode {mode_name}: {} pages", scores.len());
        println!(
            "  mean recall of article text      {:.4}  (min {:.4})",
            mean_recall,
            scores.first().map_or(0.0, |s| s.recall)
        );
        println!(
            "  mean share of other text removed {:.4}",
            other.iter().sum::<f64>() / other.len().max(1) as f64
        );
        println!("  mean F1 of 4-word shingles       {:.4}", mean_f1);
        println!(
            "  pages below F1 0.8: {}",
            if low_f1.is_empty() {
                "none".to_string()
            } else {
                low_f1.join(", ")
            }
        );
        println!(
            "  pages below recall 0.95: {}",
            if below.is_empty() {
                "none".to_string()
            } else {
                below.join(", ")
            }
        );
    }
    if failed {
        std::process::exit(1);
    }
}
