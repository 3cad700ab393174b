//! Quick throughput check: cleans every page of the development corpus N times.
//! `cargo run --release --example throughput -- [DIR] [N]`
use unclutter::{CleanOptions, Cleaner, Mode};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpora/readability-test-pages/pages".into());
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let pages: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read(e.path().join("source.html")).ok())
        .collect();
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let cleaner = Cleaner::new();
    for mode in [Mode::Article, Mode::Clean] {
        let opts = CleanOptions::new().with_mode(mode);
        let start = std::time::Instant::now();
        for _ in 0..n {
            for p in &pages {
                let _ = cleaner.clean(p, &opts);
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{mode:?}: {:.1} MB/s ({} pages, {:.1} MB, x{n})",
            (bytes * n) as f64 / 1e6 / secs,
            pages.len(),
            bytes as f64 / 1e6
        );
    }
    let start = std::time::Instant::now();
    for _ in 0..n {
        for p in &pages {
            let _ = lol_html::rewrite_str(
                &String::from_utf8_lossy(p),
                lol_html::RewriteStrSettings::new(),
            );
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "lol_html passthrough: {:.1} MB/s",
        (bytes * n) as f64 / 1e6 / secs
    );

    // The cost of being called at all: lol_html with handlers that do nothing on every element
    // and every text chunk, which is what an analysis pass needs to see.
    let start = std::time::Instant::now();
    for _ in 0..n {
        for p in &pages {
            let settings = lol_html::RewriteStrSettings::new()
                .append_element_content_handler(lol_html::element!("*", |el| {
                    std::hint::black_box(el.tag_name());
                    Ok(())
                }))
                .append_element_content_handler(lol_html::text!("*", |t| {
                    std::hint::black_box(t.as_str().len());
                    Ok(())
                }));
            let _ = lol_html::rewrite_str(&String::from_utf8_lossy(p), settings);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "lol_html with empty element and text handlers: {:.1} MB/s",
        (bytes * n) as f64 / 1e6 / secs
    );
}
