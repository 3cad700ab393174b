//! Real filter lists as users load them: EasyList and uBlock Origin's own lists, from Debian's
//! `webext-ublock-origin-chromium` package (GPL-3 / CC-BY-SA, so fetched by `scripts/setup.sh`'s
//! `need_filter_lists` into `target/filter-lists/`, never committed).
//!
//! Where the lists are: `$UNCLUTTER_FILTER_LISTS`, else `target/filter-lists/…/assets`. Without
//! them these tests say so and pass, unless `UNCLUTTER_REQUIRE_FILTER_LISTS=1` (as
//! `scripts/test.sh` sets it, after fetching them): then they fail.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;
use unclutter::{CleanOptions, Cleaner, Mode, Reason};

fn lists_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("UNCLUTTER_FILTER_LISTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/filter-lists/root/usr/share/chromium/extensions/ublock-origin/assets")
        });
    if dir.join("thirdparties/easylist/easylist.txt").exists() {
        return Some(dir);
    }
    let msg = format!(
        "the filter lists are not in {} (scripts/setup.sh's need_filter_lists fetches them)",
        dir.display()
    );
    assert!(
        std::env::var("UNCLUTTER_REQUIRE_FILTER_LISTS").as_deref() != Ok("1"),
        "{msg}"
    );
    println!("skipped: {msg}");
    None
}

fn read(dir: &std::path::Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

const EASYLIST: &str = "thirdparties/easylist/easylist.txt";
const UBLOCK: &str = "ublock/filters.min.txt";

#[test]
fn easylist_loads_with_one_summary_not_a_line_per_filter() {
    let Some(dir) = lists_dir() else { return };
    let text = read(&dir, EASYLIST);
    let mut cleaner = Cleaner::new();
    let start = Instant::now();
    let summary = cleaner.add_rules("EasyList", &text);
    println!(
        "EasyList compiled in {:.1} ms: {summary}",
        start.elapsed().as_secs_f64() * 1e3
    );
    // EasyList is about a third cosmetic rules, two thirds network filters.
    assert!(summary.rules > 20_000, "{summary}");
    assert!(summary.network_skipped > 40_000, "{summary}");
    // What is left unsupported (styles of `::before`, computed styles) is a handful.
    assert!(summary.unsupported < 50, "{summary}");
    assert_eq!(cleaner.rule_errors().len(), summary.unsupported);
    plain_rules_are_what_lol_html_reads(&cleaner);
    assert!(summary.first_unsupported.len() <= 3);
    for e in &summary.first_unsupported {
        assert!(e.line > 0 && !e.message.is_empty() && e.file == "EasyList");
    }
    let r = cleaner
        .clean(b"<p>A page.</p>", &CleanOptions::new())
        .expect("clean");
    assert_eq!(r.warnings.len(), 1, "one summary: {:?}", r.warnings);
    assert!(r.warnings[0].starts_with("EasyList: cosmetic rules loaded "));
}

#[test]
fn ublock_origin_lists_load_their_procedural_rules() {
    let Some(dir) = lists_dir() else { return };
    let mut cleaner = Cleaner::new();
    for file in [
        UBLOCK,
        "ublock/quick-fixes.min.txt",
        "ublock/unbreak.min.txt",
        "ublock/privacy.min.txt",
        "ublock/badware.min.txt",
    ] {
        let summary = cleaner.add_rules(file, &read(&dir, file));
        println!("{summary}");
        // uBlock Origin's lists are mostly scriptlets, network filters and rules; of the
        // cosmetic lines, those a cleaner cannot answer (`:xpath()`, `:others()`, computed
        // styles) are a few percent.
        assert!(
            summary.unsupported * 100 <= 5 * (summary.rules + summary.unsupported).max(20),
            "{summary}"
        );
    }
    plain_rules_are_what_lol_html_reads(&cleaner);
    let procedural = cleaner
        .rules()
        .rules()
        .iter()
        .filter(|r| {
            [":has(", ":has-text(", ":upward(", " + ", " ~ "]
                .iter()
                .any(|op| r.selector.contains(op))
        })
        .count();
    assert!(
        procedural > 500,
        "only {procedural} procedural rules loaded"
    );
}

/// Rules decided at the start tag use the selector subset lol_html supports (as its own parser
/// reads them), so that they mean what they mean to a browser.
fn plain_rules_are_what_lol_html_reads(cleaner: &Cleaner) {
    let mut checked = 0;
    for r in cleaner.rules().rules() {
        if r.needs_whole_page() {
            continue;
        }
        let css = r.selector.replace(":remove()", "");
        assert!(
            css.parse::<lol_html::Selector>().is_ok(),
            "{}:{}: `{}` is read as a plain selector, but lol_html refuses it",
            r.source.file,
            r.source.line,
            r.selector
        );
        checked += 1;
    }
    assert!(checked > 0);
}

/// The real pages of the development corpus: (name, bytes).
fn corpus() -> Vec<(String, Vec<u8>)> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("UNCLUTTER_CORPUS").map(PathBuf::from),
        Some(here.join("../shared/corpora/readability-test-pages")),
        Some(PathBuf::from("/work/shared/corpora/readability-test-pages")),
    ];
    let dir = candidates
        .into_iter()
        .flatten()
        .find(|d| d.join("pages").is_dir())
        .expect("the development corpus (../shared/corpora/readability-test-pages; or set UNCLUTTER_CORPUS)");
    let mut pages: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.join("pages"))
        .expect("corpus pages")
        .filter_map(Result::ok)
        .filter_map(|e| {
            let bytes = std::fs::read(e.path().join("source.html")).ok()?;
            Some((e.file_name().to_string_lossy().into_owned(), bytes))
        })
        .collect();
    pages.sort();
    pages
}

fn word_counts(text: &str) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for w in text.split_whitespace() {
        *m.entry(w).or_insert(0) += 1;
    }
    m
}

#[test]
fn the_lists_remove_ads_and_keep_the_article_on_every_corpus_page() {
    let Some(dir) = lists_dir() else { return };
    let mut lists = Cleaner::new();
    lists.add_rules("EasyList", &read(&dir, EASYLIST));
    lists.add_rules("uBlock filters", &read(&dir, UBLOCK));
    let plain = Cleaner::new();
    let (mut pages_with_removals, mut by_procedural) = (0, 0);
    for (name, page) in corpus() {
        // The page's own address, so that the site's rules apply too.
        let first = plain.clean(&page, &CleanOptions::new()).expect("clean");
        let mut opts = CleanOptions::new().with_mode(Mode::Article);
        if let Some(url) = first.metadata.canonical_url {
            opts = opts.with_url(url);
        }
        let without = plain.clean(&page, &opts).expect("clean");
        let with = lists.clean(&page, &opts).expect("clean");
        let before = word_counts(&without.text);
        let after = word_counts(&with.text);
        let total: usize = before.values().sum();
        let kept: usize = before
            .iter()
            .map(|(w, n)| (*n).min(after.get(w).copied().unwrap_or(0)))
            .sum();
        assert!(
            kept * 100 >= total * 99,
            "{name}: the lists lost {} of {total} article words",
            total - kept
        );
        let from_lists: Vec<&str> = with
            .removed
            .iter()
            .filter_map(|r| match &r.reason {
                Reason::Rule { file, selector, .. } if !file.starts_with("rules/") => {
                    Some(selector.as_str())
                }
                _ => None,
            })
            .collect();
        if !from_lists.is_empty() {
            pages_with_removals += 1;
        }
        by_procedural += from_lists
            .iter()
            .filter(|s| s.contains(":has") || s.contains(" + ") || s.contains(" ~ "))
            .count();
    }
    println!("pages with removals by the lists: {pages_with_removals}; by procedural rules: {by_procedural}");
    assert!(
        pages_with_removals >= 10,
        "the lists removed something on {pages_with_removals} pages"
    );
}
