//! Bad input gets output or a clear error, never a panic: empty input, binary junk, non-UTF-8
//! bytes, NUL bytes, unclosed tags, huge and deeply nested pages. Bounds are printed, not timed.

use std::time::Instant;
use unclutter::{CleanOptions, Cleaner, Error, Mode};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn clean(input: &[u8]) -> unclutter::CleanResult {
    Cleaner::new()
        .clean(input, &CleanOptions::new())
        .expect("bad input still gives a result")
}

#[test]
fn empty_input_gives_empty_output() {
    let r = clean(b"");
    assert_eq!(r.html, "");
    assert_eq!(r.text, "");
    assert!(r.removed.is_empty());
}

#[test]
fn binary_junk_gives_a_result() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..200 {
        let len = (rng.next() % 4096) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if round % 2 == 0 {
            // Junk with markup in it reaches more of the parser.
            for chunk in bytes.chunks_mut(37) {
                chunk[0] = b'<';
            }
        }
        let r = clean(&bytes);
        assert!(!r.html.contains("<script"), "round {round}");
    }
}

#[test]
fn invalid_utf8_and_nul_bytes_decode_cleanly() {
    let r = clean(b"<p>caf\xe9 \x00 na\xefve</p>");
    assert_eq!(r.text, "café naïve");
    assert_eq!(r.stats.charset, "windows-1252");
    let nul = clean(b"<p>a\x00b</p><script>\x00</script>");
    assert!(!nul.text.contains('\0'));
}

#[test]
fn unclosed_tags_keep_their_text() {
    let r = clean(b"<div><p>First paragraph<p>Second paragraph<ul><li>one<li>two</ul><div class=\"ad-slot\">ad");
    for t in ["First paragraph", "Second paragraph", "one", "two"] {
        assert!(r.text.contains(t), "{t} missing from {:?}", r.text);
    }
}

#[test]
fn too_large_input_is_a_clear_error() {
    let opts = CleanOptions::new().with_max_input_bytes(1000);
    let err = Cleaner::new()
        .clean(&[b'a'; 1001], &opts)
        .expect_err("over the limit");
    assert_eq!(
        err,
        Error::InputTooLarge {
            size: 1001,
            limit: 1000
        }
    );
    assert_eq!(err.code(), "input-too-large");
    // A session stops at the limit too, and stays stopped.
    let cleaner = Cleaner::new();
    let mut s = cleaner.session(opts).expect("session");
    s.write(&[b'a'; 600]).expect("under the limit");
    assert!(s.write(&[b'a'; 600]).is_err());
    assert!(s.write(b"x").is_err());
    assert!(s.finish().is_err());
}

#[test]
fn deep_nesting_100k_finishes() {
    let depth = 100_000;
    let mut page = String::with_capacity(depth * 11 + 100);
    page.push_str("<p>Before the nest, a sentence of article text.</p>");
    for _ in 0..depth {
        page.push_str("<div>");
    }
    page.push_str("deep<script>alert(1)</script>");
    for _ in 0..depth {
        page.push_str("</div>");
    }
    let start = Instant::now();
    let r = clean(page.as_bytes());
    println!(
        "100,000-deep nesting: {:?}, {} elements",
        start.elapsed(),
        r.stats.elements
    );
    assert!(r.text.contains("deep"));
    assert!(!r.html.contains("<script"));
    assert_eq!(r.stats.elements, depth as u32 + 2);
}

#[test]
fn elements_nested_past_4096_are_flattened() {
    // Past 4,096 open elements neither pass keeps a frame: the deeper elements lose their tags
    // and keep their content (a `script` goes whole), and none is removed on its own.
    let depth = 5000;
    let page = format!(
        "<p>Before the nest.</p>{}<b>bold</b><script>alert(1)</script><div class=\"ad\">Deep box</div><p>para text</p>{}<p>After.</p>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let mut cleaner = Cleaner::new();
    cleaner.add_rules("user.txt", "##.ad");
    let r = cleaner
        .clean(page.as_bytes(), &CleanOptions::new().with_mode(Mode::Clean))
        .expect("clean");
    for words in [
        "Before the nest.",
        "bold",
        "Deep box",
        "para text",
        "After.",
    ] {
        assert!(r.text.contains(words), "lost `{words}`");
    }
    assert!(!r.html.contains("alert") && !r.html.contains("<script"));
    let opened = r.html.matches("<div").count();
    assert_eq!(opened, r.html.matches("</div>").count(), "balanced");
    assert!(opened <= 4096, "{opened} divs written");
    assert!(!r.html.contains("<b>"), "the deep `b` lost its tags");
}

#[test]
fn fifty_megabyte_page_finishes() {
    let para = "<p>The committee met on Tuesday to discuss the budget for the coming year, and agreed to keep the library open on Sundays.</p>\n";
    let ad = "<div class=\"ad-slot\">Advertisement</div>\n";
    let mut page = String::from("<!doctype html><html><body><article>");
    while page.len() < 50 * 1024 * 1024 {
        for _ in 0..20 {
            page.push_str(para);
        }
        page.push_str(ad);
    }
    page.push_str("</article></body></html>");
    let start = Instant::now();
    let r = clean(page.as_bytes());
    let secs = start.elapsed().as_secs_f64();
    println!(
        "50 MB page: {:.1} s, {:.1} MB/s, {} elements, {} removed",
        secs,
        page.len() as f64 / 1e6 / secs,
        r.stats.elements,
        r.removed.len()
    );
    assert!(r
        .removed
        .iter()
        .all(|x| x.category == unclutter::Category::Ads));
    assert!(!r.text.contains("Advertisement"));
    assert!(r.text.contains("keep the library open on Sundays"));
}

#[test]
fn the_one_call_api_works_first_and_again() {
    // `clean` builds the shared cleaner on first use; it must not wait on itself.
    let r = unclutter::clean(b"<p>One paragraph of text.</p>").expect("clean");
    assert_eq!(r.text, "One paragraph of text.");
    let again = unclutter::clean(b"<p>Another.</p>").expect("clean");
    assert_eq!(again.text, "Another.");
}
