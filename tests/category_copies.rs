//! The copies of the category table that must live outside Rust cannot drift from it: the
//! page's `www/categories.js` is generated from [`Category`] (names, labels, what a removal is)
//! and compared here, and the TypeScript union in `src/wasm.rs` must list the same names.
//! The page kinds are checked the same way: the TypeScript union and the page's `PAGE_KINDS`.
//! `UPDATE_COPIES=1 cargo test --test category_copies` rewrites `www/categories.js`.

use std::path::Path;
use unclutter::{Category, PageKind};

/// A JavaScript string literal.
fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// `www/categories.js` as the table says it should be.
fn categories_js() -> String {
    let mut out = String::from(
        "// Generated from the category table in src/category.rs by tests/category_copies.rs\n\
         // (UPDATE_COPIES=1 cargo test --test category_copies). Do not edit by hand.\n\n\
         /** Every category as [name, the page's label for its group], in the report's order. */\n\
         export const CATEGORIES = [\n",
    );
    for c in Category::ALL {
        out.push_str(&format!("  [{}, {}],\n", js(c.name()), js(c.label())));
    }
    out.push_str("];\n\n/** The categories a reader can keep (all but `unsafe`). */\nexport const KEEPABLE = [");
    let keepable: Vec<String> = Category::CLUTTER.iter().map(|c| js(c.name())).collect();
    out.push_str(&keepable.join(", "));
    out.push_str("];\n\n/** What one removal of each category is, as a reader would say it. */\nexport const WHAT = {\n");
    for c in Category::ALL.into_iter().filter(|c| !c.what().is_empty()) {
        out.push_str(&format!("  {}: {},\n", c.name(), js(c.what())));
    }
    out.push_str("};\n");
    out
}

#[test]
fn the_page_has_the_tables_categories() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/categories.js");
    let want = categories_js();
    if std::env::var_os("UPDATE_COPIES").is_some_and(|v| v == "1") {
        std::fs::write(&path, &want).expect("write www/categories.js");
        return;
    }
    let got = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "www/categories.js is not what src/category.rs's table gives; run \
         UPDATE_COPIES=1 cargo test --test category_copies\n--- want\n{want}\n--- got\n{got}"
    );
}

/// The quoted names in the text from `from` up to the next `end`.
fn quoted(text: &str, from: &str, end: char) -> Vec<String> {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("`{from}` not found"));
    let rest = &text[start + from.len()..];
    let decl = &rest[..rest.find(end).unwrap_or(rest.len())];
    decl.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("read {path}: {e}"))
}

#[test]
fn the_typescript_unions_have_the_tables_names() {
    let wasm = read("src/wasm.rs");
    let want: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(
        quoted(&wasm, "export type Category =", ';'),
        want,
        "the TypeScript Category union in src/wasm.rs"
    );
    let kinds: Vec<&str> = PageKind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(
        quoted(&wasm, "export type PageKind =", ';'),
        kinds,
        "the TypeScript PageKind union in src/wasm.rs"
    );
}

#[test]
fn the_page_names_every_page_kind() {
    let app = read("www/app.js");
    let start = app
        .find("const PAGE_KINDS = {")
        .expect("www/app.js has PAGE_KINDS");
    let body = &app[start..start + app[start..].find("};").expect("PAGE_KINDS ends")];
    let keys: Vec<&str> = body
        .lines()
        .skip(1)
        .filter_map(|l| l.trim().split_once(':').map(|(k, _)| k.trim()))
        .collect();
    let kinds: Vec<&str> = PageKind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(keys, kinds, "PAGE_KINDS in www/app.js");
}

#[test]
fn the_cli_help_lists_every_category_a_user_can_keep() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_unclutter"))
        .arg("--help")
        .output()
        .expect("run unclutter --help");
    let help = String::from_utf8_lossy(&out.stdout);
    let keep = &help[help.find("--keep CATEGORY").expect("--keep in the help")..];
    let keep = &keep[..keep.find("--keep-id").expect("--keep-id follows")];
    for c in Category::CLUTTER {
        assert!(keep.contains(c.name()), "--help does not list {c}: {keep}");
    }
    assert!(!keep.contains("unsafe"), "{keep}");
}
