//! Quick throughput check: cleans every page of the development corpus N times.
//! `cargo run --release --example throughput -- [DIR] [N] [--rules LIST]...`
use unclutter::{CleanOptions, Cleaner, Mode};

fn main() {
    // `--rules FILE` (repeatable): also measure with those lists loaded (EasyList, ...).
    let mut positional = Vec::new();
    let mut rule_files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--rules" {
            rule_files.extend(args.next());
        } else {
            positional.push(a);
        }
    }
    let dir = positional
        .first()
        .cloned()
        .unwrap_or_else(|| "../shared/corpora/readability-test-pages/pages".into());
    let n: usize = positional.get(1).and_then(|s| s.parse().ok()).unwrap_or(3);
    let pages: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read(e.path().join("source.html")).ok())
        .collect();
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let cleaner = Cleaner::new();
    let mut with_lists = Cleaner::new();
    for f in &rule_files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{f}: {e}"));
        let start = std::time::Instant::now();
        let summary = with_lists.add_rules(f, &text);
        println!(
            "loaded in {:.1} ms: {summary}",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    for mode in [Mode::Article, Mode::Clean] {
        let opts = CleanOptions::new().with_mode(mode);
        let mut secs = [0.0f64; 2];
        let cleaners: &[&Cleaner] = if rule_files.is_empty() {
            &[&cleaner]
        } else {
            &[&cleaner, &with_lists]
        };
        // Interleaved, so that a busy machine slows both alike.
        for _ in 0..n {
            for (k, c) in cleaners.iter().enumerate() {
                let start = std::time::Instant::now();
                for p in &pages {
                    let _ = c.clean(p, &opts);
                }
                secs[k] += start.elapsed().as_secs_f64();
            }
        }
        println!(
            "{mode:?}: {:.1} MB/s ({} pages, {:.1} MB, x{n})",
            (bytes * n) as f64 / 1e6 / secs[0],
            pages.len(),
            bytes as f64 / 1e6
        );
        if !rule_files.is_empty() {
            println!(
                "{mode:?} with the lists: {:.1} MB/s ({:.2}x the time)",
                (bytes * n) as f64 / 1e6 / secs[1],
                secs[1] / secs[0]
            );
        }
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
