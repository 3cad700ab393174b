//! Plain-text pastes: bytes that do not start with markup. The first byte chooses categories to
//! keep (one bit each, from `ads`). What the plain-text path returns must be escaped text in
//! `<p>` and `<h1>` blocks, and nothing else; enough markup sends the paste down the HTML path.
//! On either path the output must be safe, complete markup (`tests/common`).
#![no_main]

#[path = "../../tests/common/mod.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use unclutter::{Category, CategorySet, CleanOptions, Cleaner, Mode};

static CLEANER: OnceLock<Cleaner> = OnceLock::new();

const KEEPABLE: [Category; 8] = [
    Category::Ads,
    Category::Paywall,
    Category::Membership,
    Category::Newsletter,
    Category::Consent,
    Category::Social,
    Category::Related,
    Category::Comments,
];

fuzz_target!(|data: &[u8]| {
    let Some((&flags, text)) = data.split_first() else {
        return;
    };
    let mut paste = b"Pasted ".to_vec();
    paste.extend_from_slice(text);
    let mut keep = CategorySet::EMPTY;
    for (bit, c) in KEEPABLE.iter().enumerate() {
        if flags & (1 << bit) != 0 {
            keep.insert(*c);
        }
    }
    let cleaner = CLEANER.get_or_init(Cleaner::new);
    let opts = CleanOptions::new().with_mode(Mode::Clean).with_keep(keep);
    let r = match cleaner.clean(&paste, &opts) {
        Ok(r) => r,
        Err(e) => panic!("a paste gave an error: {e}"),
    };
    let mut found = common::problems(&r.html);
    found.extend(common::completeness_problems(&r.html));
    assert!(found.is_empty(), "unsafe or unfinished output: {found:?}\n{}", r.html);
    // The plain-text path (no elements, and blocks of its own making; the HTML path with no
    // elements cannot start with a tag): its markup is its own, the paste's is escaped.
    if r.stats.elements == 0 && (r.html.starts_with("<p>") || r.html.starts_with("<h1>")) {
        let bare = ["<p>", "</p>", "<h1>", "</h1>"]
            .iter()
            .fold(r.html.clone(), |s, tag| s.replace(tag, ""));
        assert!(!bare.contains('<'), "unescaped `<` in {:?}", r.html);
        assert!(!bare.contains('>'), "unescaped `>` in {:?}", r.html);
    }
});
