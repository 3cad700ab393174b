//! Every output of both modes on both corpora, for showing that a change of structure or speed
//! changes no result: HTML, text, Markdown, the report and the metadata of each page, one JSON
//! file per page and mode, and one hash over them all.
//!
//! ```text
//! cargo run --release --example outputs -- [--out DIR] [--wcxb DIR] [--readability DIR]
//! ```
//!
//! Without `--out` only the hash is printed. Compare two trees with `diff -r` (or the hashes).
//! Pages are cleaned whole, in Markdown format (which also gives the HTML and the text).

use flate2::read::GzDecoder;
use std::io::Read;
use std::path::{Path, PathBuf};
use unclutter::{CleanOptions, Cleaner, Format, Mode};

fn corpus_dir(name: &str) -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora")
        .join(name);
    if here.exists() {
        return here;
    }
    PathBuf::from("/work/shared/corpora").join(name)
}

/// FNV-1a, 64 bits: stable across builds and platforms.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= u64::from(*b);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

/// A page: its name (`corpus/id`), its address, its bytes.
type Page = (String, Option<String>, Vec<u8>);

fn pages(wcxb: &Path, readability: &Path) -> Result<Vec<Page>, String> {
    let mut out = Vec::new();
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let index: serde_json::Value = serde_json::from_slice(&read(&readability.join("index.json"))?)
        .map_err(|e| e.to_string())?;
    for e in index.as_array().into_iter().flatten() {
        if let Some(id) = e["id"].as_str() {
            let html = read(&readability.join("pages").join(id).join("source.html"))?;
            out.push((format!("readability/{id}"), None, html));
        }
    }
    let index: serde_json::Value =
        serde_json::from_slice(&read(&wcxb.join("index.json"))?).map_err(|e| e.to_string())?;
    for e in index.as_array().into_iter().flatten() {
        if let Some(id) = e["id"].as_str() {
            let gz = read(&wcxb.join("html").join(format!("{id}.html.gz")))?;
            let mut html = Vec::new();
            GzDecoder::new(&gz[..])
                .read_to_end(&mut html)
                .map_err(|e| format!("{id}: {e}"))?;
            out.push((
                format!("wcxb/{id}"),
                e["url"].as_str().map(str::to_string),
                html,
            ));
        }
    }
    Ok(out)
}

fn main() {
    let mut out_dir: Option<PathBuf> = None;
    let (mut wcxb, mut readability) =
        (corpus_dir("wcxb-dev"), corpus_dir("readability-test-pages"));
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next();
        match (a.as_str(), v) {
            ("--out", Some(v)) => out_dir = Some(v.into()),
            ("--wcxb", Some(v)) => wcxb = v.into(),
            ("--readability", Some(v)) => readability = v.into(),
            _ => {
                eprintln!("outputs: [--out DIR] [--wcxb DIR] [--readability DIR]");
                std::process::exit(2);
            }
        }
    }
    let list = match pages(&wcxb, &readability) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("outputs: {e}");
            std::process::exit(2);
        }
    };
    let cleaner = Cleaner::new();
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for (name, url, html) in &list {
        for (mode, label) in [(Mode::Article, "article"), (Mode::Clean, "clean")] {
            let mut opts = CleanOptions::new()
                .with_mode(mode)
                .with_format(Format::Markdown);
            if let Some(u) = url {
                opts = opts.with_url(u);
            }
            let json = match cleaner.clean(html, &opts) {
                Ok(r) => serde_json::to_string_pretty(&r).unwrap_or_default(),
                Err(e) => format!("error: {e}"),
            };
            fnv(&mut hash, name.as_bytes());
            fnv(&mut hash, label.as_bytes());
            fnv(&mut hash, json.as_bytes());
            if let Some(dir) = &out_dir {
                let path = dir.join(format!("{name}.{label}.json"));
                if let Some(parent) = path.parent() {
                    let _ = std::fs::create_dir_all(parent);
                }
                if let Err(e) = std::fs::write(&path, json) {
                    eprintln!("outputs: {}: {e}", path.display());
                    std::process::exit(1);
                }
            }
        }
    }
    println!("{} pages x 2 modes, outputs hash {hash:016x}", list.len());
}
