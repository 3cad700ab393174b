//! User rules: the bytes up to the first 0xFF are rule text (ad-blocker cosmetic syntax), the
//! rest a page that the rules are applied to, in both modes. Parsing never panics; matching
//! finishes (libFuzzer's `-timeout` catches runaway selectors).
//! Whatever the rules remove, the output stays safe, complete markup (`tests/common`).
#![no_main]

#[path = "../../tests/common/mod.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use unclutter::{CleanOptions, Cleaner, Mode};

fuzz_target!(|data: &[u8]| {
    let (rules, page) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (
            data,
            &b"<div class=\"a b\" id=c><p>Text</p><span data-x=y>more</span></div>"[..],
        ),
    };
    let rules = String::from_utf8_lossy(rules);
    let mut cleaner = Cleaner::new();
    let builtin = cleaner.rules().rules().len();
    let added = cleaner.add_rules("fuzz.txt", &rules).rules;
    assert!(cleaner.rules().rules().len() <= builtin + added);
    for e in cleaner.rule_errors() {
        assert!(!e.message.is_empty());
    }
    for mode in [Mode::Clean, Mode::Article] {
        let opts = CleanOptions::new()
            .with_mode(mode)
            .with_url("https://news.example.com/a/b");
        let r = match cleaner.clean(page, &opts) {
            Ok(r) => r,
            Err(e) => panic!("rules made the clean fail: {e}"),
        };
        let mut found = common::problems(&r.html);
        found.extend(common::completeness_problems(&r.html));
        assert!(found.is_empty(), "unsafe or unfinished output: {found:?}\n{}", r.html);
    }
});
