//! Metadata evaluation over the Readability test pages.
//!
//! ```text
//! cargo run --release --example eval_meta -- [--corpus DIR] [--all] [--verbose] [--page NAME]
//! ```
//!
//! Cleans `source.html` of every page (the `real` ones unless `--all`) and compares
//! `result.metadata` with `expected-metadata.json`, the metadata Readability.js reports. Values are
//! compared trimmed, with whitespace collapsed and case ignored; times are also right when they name
//! the same instant in another format. `title` and `byline` count on every page (no value expected
//! and none found is right); `siteName` and `publishedTime` count where the expected file has one
//! (a byline figure on that basis is printed too), as do `excerpt`, `lang` and `dir`, printed for
//! information (Readability's excerpt, failing a description, is the article's first paragraph).
//! `--verbose` lists the mismatches.

use std::path::PathBuf;
use unclutter::{CleanOptions, Cleaner, Metadata};

struct Args {
    corpus: PathBuf,
    all: bool,
    verbose: bool,
    page: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        corpus: PathBuf::from("../shared/corpora/readability-test-pages"),
        all: false,
        verbose: false,
        page: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--corpus" => a.corpus = it.next().ok_or("--corpus needs a value")?.into(),
            "--all" => a.all = true,
            "--verbose" | "-v" => a.verbose = true,
            "--page" => a.page = Some(it.next().ok_or("--page needs a value")?),
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    Ok(a)
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Seconds since 0000-03-01 (proleptic Gregorian) of an ISO-8601-like time
/// (`2015-07-10T09:53:00-04:00`, `2017-11-03 03:01:00.000000`, `2024-06-25`); no zone means UTC.
fn instant(s: &str) -> Option<i64> {
    let s = s.trim();
    let num = |t: &str| t.parse::<i64>().ok();
    let (y, m, d) = (num(s.get(0..4)?)?, num(s.get(5..7)?)?, num(s.get(8..10)?)?);
    let rest = s.get(10..).unwrap_or("");
    let (mut secs, mut zone) = (0, rest);
    if let Some(t) = rest.strip_prefix(['T', ' ']) {
        let (h, mi) = (num(t.get(0..2)?)?, num(t.get(3..5)?)?);
        let mut z = t.get(5..).unwrap_or("");
        let mut sec = 0;
        if let Some(sr) = z.strip_prefix(':') {
            sec = num(sr.get(0..2)?)?;
            z = sr.get(2..).unwrap_or("");
            if let Some(fr) = z.strip_prefix('.') {
                z = fr.trim_start_matches(|c: char| c.is_ascii_digit());
            }
        }
        secs = h * 3600 + mi * 60 + sec;
        zone = z;
    }
    let offset = match zone.trim() {
        "" | "Z" | "z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let digits: String = z.chars().filter(char::is_ascii_digit).collect();
            let (zh, zm) = (
                num(digits.get(0..2)?)?,
                num(digits.get(2..4).unwrap_or("0"))?,
            );
            sign * (zh * 3600 + zm * 60)
        }
    };
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let days = 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d - 1;
    Some(days * 86400 + secs - offset)
}

fn same(field: &str, expected: &str, got: Option<&str>) -> bool {
    let Some(got) = got else { return false };
    if norm(expected) == norm(got) {
        return true;
    }
    field == "publishedTime" && instant(expected).is_some() && instant(expected) == instant(got)
}

struct Tally {
    field: &'static str,
    right: usize,
    total: usize,
    misses: Vec<String>,
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("eval_meta: {e}");
            std::process::exit(2);
        }
    };
    let index: serde_json::Value = match std::fs::read_to_string(args.corpus.join("index.json"))
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            eprintln!("eval_meta: cannot read the corpus index: {e}");
            std::process::exit(2);
        }
    };
    let cleaner = Cleaner::new();
    let opts = CleanOptions::new();
    let mut tallies: Vec<Tally> = [
        "title",
        "byline",
        "byline (present)",
        "siteName",
        "publishedTime",
        "excerpt",
        "lang",
        "dir",
        "readerable",
    ]
    .into_iter()
    .map(|field| Tally {
        field,
        right: 0,
        total: 0,
        misses: Vec::new(),
    })
    .collect();
    let mut pages = 0;
    for entry in index.as_array().into_iter().flatten() {
        let id = entry["id"].as_str().unwrap_or_default();
        if !args.all && entry["kind"] != "real" {
            continue;
        }
        if args.page.as_deref().is_some_and(|p| p != id) {
            continue;
        }
        let dir = args.corpus.join("pages").join(id);
        let (Ok(bytes), Ok(exp)) = (
            std::fs::read(dir.join("source.html")),
            std::fs::read_to_string(dir.join("expected-metadata.json")),
        ) else {
            eprintln!("eval_meta: {id}: missing files");
            continue;
        };
        let Ok(exp) = serde_json::from_str::<serde_json::Value>(&exp) else {
            eprintln!("eval_meta: {id}: bad expected-metadata.json");
            continue;
        };
        let (md, readerable): (Metadata, bool) = match cleaner.clean(&bytes, &opts) {
            Ok(r) => (r.metadata, r.readerable),
            Err(e) => {
                eprintln!("eval_meta: {id}: {e}");
                continue;
            }
        };
        pages += 1;
        let got = [
            &md.title,
            &md.byline,
            &md.byline,
            &md.site_name,
            &md.published_time,
            &md.excerpt,
            &md.lang,
            &md.dir,
            &Some(readerable.to_string()),
        ];
        for (t, got) in tallies.iter_mut().zip(got) {
            let key = t.field.split(' ').next().unwrap_or_default();
            let expected_bool = exp[key].as_bool().map(|b| b.to_string());
            let expected = exp[key]
                .as_str()
                .or(expected_bool.as_deref())
                .filter(|s| !s.trim().is_empty());
            let ok = match expected {
                Some(e) => same(key, e, got.as_deref()),
                None if matches!(t.field, "title" | "byline") => got.is_none(),
                None => continue,
            };
            t.total += 1;
            if ok {
                t.right += 1;
            } else if t.field != "byline (present)" {
                t.misses
                    .push(format!("{id}: expected {expected:?}, got {got:?}"));
            }
        }
    }
    println!("{pages} pages");
    for t in &tallies {
        let pct = 100.0 * t.right as f64 / t.total.max(1) as f64;
        println!("{:<17} {:>3}/{:<3} {pct:5.1}%", t.field, t.right, t.total);
    }
    if args.verbose {
        for t in &tallies {
            for m in &t.misses {
                println!("{} {m}", t.field);
            }
        }
    }
}
