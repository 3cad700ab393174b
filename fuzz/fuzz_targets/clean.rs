//! HTML bytes, cleaned. The first byte chooses the options (bit 0: clean or article mode, bit 1:
//! Markdown too, bit 2: a URL, so host-scoped rules apply); with bit 3 set the page is also fed
//! to a session in chunks (of 1 to 46 bytes, from the high bits), and both results must agree.
//! The output must be safe and complete, closed markup, as html5ever reads it alone, followed
//! by text that would complete an unfinished tag (`>`, `">`, ...) and inside other markup
//! (`tests/common::completeness_problems`).
#![no_main]

#[path = "../../tests/common/mod.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use unclutter::{CleanOptions, Cleaner, Format, Mode};

static CLEANER: OnceLock<Cleaner> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some((&flags, page)) = data.split_first() else {
        return;
    };
    let cleaner = CLEANER.get_or_init(Cleaner::new);
    let mut opts = CleanOptions::new().with_mode(if flags & 1 == 0 {
        Mode::Article
    } else {
        Mode::Clean
    });
    if flags & 2 != 0 {
        opts = opts.with_format(Format::Markdown);
    }
    if flags & 4 != 0 {
        opts = opts.with_url("https://www.example.com/news/2024/story.html");
    }
    let whole = match cleaner.clean(page, &opts) {
        Ok(r) => r,
        Err(e) => panic!("input below the size limit gave an error: {e}"),
    };
    assert_eq!(whole.stats.bytes_in, page.len());
    let mut found = common::problems(&whole.html);
    found.extend(common::completeness_problems(&whole.html));
    assert!(found.is_empty(), "unsafe or unfinished output: {found:?}\n{}", whole.html);
    if flags & 8 != 0 {
        let size = 1 + usize::from(flags >> 4) * 3;
        let mut session = cleaner
            .session(opts)
            .expect("a session without a charset option");
        for chunk in page.chunks(size) {
            session.write(chunk).expect("write below the size limit");
        }
        let chunked = session.finish().expect("finish");
        assert_eq!(whole.html, chunked.html, "html differs in chunks of {size}");
        assert_eq!(whole.text, chunked.text, "text differs in chunks of {size}");
        assert_eq!(
            whole.markdown, chunked.markdown,
            "markdown differs in chunks of {size}"
        );
        assert_eq!(
            whole.removed, chunked.removed,
            "report differs in chunks of {size}"
        );
    }
});
