//! The 223 DOMPurify payloads, cleaned: nothing in the output may run script or load a document
//! once a browser parses it. The output is parsed with html5ever (the HTML standard's parser, as
//! browsers implement it) and every element and attribute is checked (`common::problems`). Each
//! payload is cleaned alone and followed by text that would complete an unfinished tag (`>`,
//! `">`, ...), and each output is checked again followed by that text and inside other markup,
//! as it is used (`common::completeness_problems`).

mod common;

use common::{completeness_problems, problems, TAILS};
use unclutter::{CleanOptions, Cleaner};

const PAYLOADS: &str = include_str!("data/xss/dompurify-vectors.json");

fn payloads() -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(PAYLOADS).expect("the payload file is JSON");
    v.as_array()
        .expect("a list")
        .iter()
        .map(|p| {
            (
                p["title"].as_str().unwrap_or("(untitled)").to_string(),
                p["payload"]
                    .as_str()
                    .expect("payload is a string")
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn the_checker_sees_what_a_browser_would_run() {
    // The check itself must be able to fail.
    assert!(!problems("<img src=x onerror=alert(1)>").is_empty());
    assert!(!problems("<a href=\" java\tscript:alert(1)\">x</a>").is_empty());
    assert!(!problems("<svg><script>alert(1)</script></svg>").is_empty());
    assert!(!problems("<iframe srcdoc='x'></iframe>").is_empty());
    // Lists are read item by item; a single URL whole, as a browser reads it.
    assert!(!problems("<img srcset=\"a.jpg 1x, javascript:alert(1) 2x\">").is_empty());
    assert!(!problems(
        "<svg><animate attributeName=href values=\"#a;javascript:alert(1)\"/></svg>"
    )
    .is_empty());
    assert!(!problems("<img src=\"d\nata:text/html,x\">").is_empty());
    assert!(problems("<img src=\"\rd\nata:image/jpeg,abc\">").is_empty());
    assert!(problems("<a href=\"&#x2001;,javascript:alert(1)\">x</a>").is_empty());
    assert!(problems(
        "<p><a href=\"https://example.com/\">ok</a><img src=\"data:image/png;base64,AA\"></p>"
    )
    .is_empty());
}

#[test]
fn dompurify_payloads_clean_to_safe_output() {
    let cleaner = Cleaner::new();
    let list = payloads();
    assert_eq!(list.len(), 223, "the payload file has changed");
    let mut failures = Vec::new();
    for (i, (title, payload)) in list.iter().enumerate() {
        let mut inputs = vec![
            ("fragment".to_string(), payload.clone()),
            ("in a page".to_string(), format!("<!doctype html><html><head><title>t</title></head><body><article><p>Text.</p>{payload}</article></body></html>")),
            // A payload at the end of a page, the way an unfinished one is most dangerous.
            ("ending a page".to_string(), format!("<p>Hello there, a paragraph of text.</p>{payload}")),
        ];
        for tail in TAILS {
            inputs.push((format!("followed by {tail:?}"), format!("{payload}{tail}")));
        }
        for (context, input) in inputs {
            match cleaner.clean(input.as_bytes(), &CleanOptions::new()) {
                Ok(r) => {
                    let mut p = problems(&r.html);
                    p.extend(completeness_problems(&r.html));
                    if !p.is_empty() {
                        failures.push(format!(
                            "#{i} {title} ({context}): {}\n    output: {}",
                            p.join("; "),
                            r.html.chars().take(300).collect::<String>()
                        ));
                    }
                }
                Err(e) => failures.push(format!("#{i} {title} ({context}): error {e}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} unsafe outputs:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn an_unfinished_tag_at_the_end_does_not_reach_the_output() {
    // The reports' own examples: a page ending inside a tag, in both modes and every format.
    let cleaner = Cleaner::new();
    let article = format!(
        "<article><h1>A headline</h1>{}</article><img src=x onerror=alert(1)",
        "<p>A paragraph of the article, long enough to be read as prose by the cleaner.</p>"
            .repeat(6)
    );
    for input in [
        "<p>Hello there, a paragraph of text.</p><svg/onload=alert(1)",
        "<p>x</p><a href=\"javascript:alert(1)\" ",
        "<p>x</p><!-- a comment",
        "<p>x</p><!doctype html",
        "<p>x</p><svg><![CDATA[ a",
        "<p>x</p><style>p{}",
        "<div><p>x<a href=\"https://example.com/\">a link",
        article.as_str(),
    ] {
        for mode in [unclutter::Mode::Clean, unclutter::Mode::Article] {
            for format in [unclutter::Format::Html, unclutter::Format::Markdown] {
                let r = cleaner
                    .clean(
                        input.as_bytes(),
                        &CleanOptions::new().with_mode(mode).with_format(format),
                    )
                    .expect("clean");
                let p = completeness_problems(&r.html);
                assert!(
                    p.is_empty(),
                    "{input:?} ({mode:?}): {p:?}\noutput: {}",
                    r.html
                );
                for bad in ["onload", "onerror", "javascript", "<!--", "<!doctype html<"] {
                    assert!(
                        !r.html.to_ascii_lowercase().contains(bad),
                        "{input:?} ({mode:?}): {bad} in {}",
                        r.html
                    );
                }
                if let Some(md) = &r.markdown {
                    assert!(
                        !md.contains("onerror") && !md.contains("onload"),
                        "{input:?}: markdown {md}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_noscript_read_as_markup_is_sanitized_and_complete() {
    // A `noscript` with a page's worth of words is read as markup (a forum's posts): a browser
    // running scripts reads the same bytes as text ending at the first `</noscript>`, wherever
    // that is. Neither reading may bring script into the output.
    let words = "<p>A post about winter storage for small boats, the farm on the coast road, and covers.</p>".repeat(12);
    let cleaner = Cleaner::new();
    for inside in [
        "<p title=\"</noscript><img src=x onerror=alert(1)>\">x</p>",
        "<img src=x onerror=alert(2)><script>alert(3)</script>",
        "<style></noscript><img src=x onerror=alert(4)></style>",
        "<svg><style></noscript><img src=x onerror=alert(5)></style></svg>",
        "<!-- </noscript><img src=x onerror=alert(6)> -->",
    ] {
        for tail in ["</noscript><p>after</p>", ""] {
            let page = format!("<html><body><div id=app></div><noscript>{words}{inside}{words}{tail}</body></html>");
            for mode in [unclutter::Mode::Clean, unclutter::Mode::Article] {
                let r = cleaner
                    .clean(page.as_bytes(), &CleanOptions::new().with_mode(mode))
                    .expect("clean");
                let mut p = problems(&r.html);
                p.extend(completeness_problems(&r.html));
                assert!(p.is_empty(), "{inside} ({mode:?}): {p:?}\n{}", r.html);
                assert!(
                    r.text.contains("winter storage"),
                    "{inside} ({mode:?}): the posts are gone"
                );
            }
        }
    }
}

/// Inputs the fuzz targets found (`tests/data/fuzz-finds/`, named `<target>-<what>.bin`), each
/// replayed with the options its target decodes from the first byte: their outputs must stay
/// safe and complete markup.
#[test]
fn fuzzer_finds_stay_fixed() {
    use unclutter::{Category, CategorySet, Format, Mode};
    let cleaner = Cleaner::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fuzz-finds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the fuzz-finds folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 2, "the finds are missing");
    let mut failures = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let data = std::fs::read(&path).expect("a find");
        let Some((&flags, body)) = data.split_first() else {
            continue;
        };
        let (input, opts) = if name.starts_with("plaintext-") {
            // As fuzz/fuzz_targets/plaintext.rs: a paste, one bit per category kept.
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
            let mut keep = CategorySet::EMPTY;
            for (bit, c) in KEEPABLE.iter().enumerate() {
                if flags & (1 << bit) != 0 {
                    keep.insert(*c);
                }
            }
            let mut paste = b"Pasted ".to_vec();
            paste.extend_from_slice(body);
            (
                paste,
                CleanOptions::new().with_mode(Mode::Clean).with_keep(keep),
            )
        } else {
            // As fuzz/fuzz_targets/clean.rs: bit 0 the mode, bit 1 Markdown, bit 2 a URL.
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
            (body.to_vec(), opts)
        };
        let r = cleaner.clean(&input, &opts).expect("clean");
        let mut found = problems(&r.html);
        found.extend(completeness_problems(&r.html));
        if !found.is_empty() {
            failures.push(format!("{name}: {found:?}\n{}", r.html));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Inside `<math>` a browser makes `<svg>` a MathML element, so an `mtext` in it reads its
/// children as HTML: `<t/>` there opens an element that the `</mtext></svg></math>` after it do
/// not close. The output must close it itself, whatever characters the name holds. Found by the
/// plaintext fuzzer (`tests/data/fuzz-finds/plaintext-svg-inside-math.bin`).
#[test]
fn an_html_element_in_the_mtext_of_svg_inside_math_is_closed() {
    let cleaner = Cleaner::new();
    for payload in [
        "<math><svg><mtext><t/>",
        "<math><svg><mtext><t\u{1c}/>",
        "<math><svg><mtext><b/>x",
        "<math><mi><mglyph/><t/>",
        "<math><annotation-xml><svg><desc><t/>",
    ] {
        for mode in [unclutter::Mode::Clean, unclutter::Mode::Article] {
            let input = format!("<p>Hello there, a paragraph of text.</p>{payload}");
            let r = cleaner
                .clean(input.as_bytes(), &CleanOptions::new().with_mode(mode))
                .expect("cleans");
            let p = completeness_problems(&r.html);
            assert!(p.is_empty(), "{payload:?} {mode:?}: {p:?}\n{}", r.html);
        }
    }
}

/// After an HTML `title` inside SVG's `title` (text to a browser and to lol_html), lol_html read
/// the next one as SVG: an `<a>` whose attribute value held `</title><img onerror=…>`, which a
/// browser reads as the title's end and a live image. Found by the plaintext fuzzer (the find is
/// in tests/data/fuzz-finds); here in a readable form, in both modes and with the tails.
#[test]
fn markup_lol_html_finds_in_a_title_a_browser_reads_as_text_goes() {
    let cleaner = Cleaner::new();
    let payload = "<svg><title><a><title>t</title><title><a id=\"</title><img src=x onerror=alert(1)>\">x</a></title></svg>";
    for mode in [unclutter::Mode::Clean, unclutter::Mode::Article] {
        for tail in [""].iter().chain(TAILS.iter()) {
            let input = format!("<p>Hello there, a paragraph of text.</p>{payload}{tail}");
            let r = cleaner
                .clean(input.as_bytes(), &CleanOptions::new().with_mode(mode))
                .expect("cleans");
            let mut p = problems(&r.html);
            p.extend(completeness_problems(&r.html));
            assert!(p.is_empty(), "{mode:?} {tail:?}: {p:?}\n{}", r.html);
            assert!(!r.html.contains("onerror"), "{mode:?}: {}", r.html);
        }
    }
}

/// lol_html 3 ends `<title e=>` (an attribute with `=` and no value) without switching to the
/// title's text mode and reads what follows as markup; a browser reads it as text up to
/// `</title>`. An end tag lol_html found there, its attribute holding `</title><img onerror=…>`,
/// was copied as it was. Found by the plaintext fuzzer (tests/data/fuzz-finds), here readable,
/// for every element whose content a browser reads as text, in both modes and with the tails.
#[test]
fn content_lol_html_misreads_after_an_empty_attribute_value_goes() {
    let cleaner = Cleaner::new();
    for tag in [
        "title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "noscript",
    ] {
        for open in [format!("<{tag} e=>"), format!("<{tag} a=\"1\" e = >")] {
            let payload = format!(
                "{open}</v d=\"</{tag}><img src=x onerror=alert(1)>\"><b title=\"</{tag}><svg onload=alert(2)>\">x</b></{tag}>"
            );
            for mode in [unclutter::Mode::Clean, unclutter::Mode::Article] {
                for tail in [""].iter().chain(TAILS.iter()) {
                    let input = format!("<p>Hello there, a paragraph of text.</p>{payload}{tail}");
                    let r = cleaner
                        .clean(input.as_bytes(), &CleanOptions::new().with_mode(mode))
                        .expect("cleans");
                    let mut p = problems(&r.html);
                    p.extend(completeness_problems(&r.html));
                    assert!(p.is_empty(), "{tag} {mode:?} {tail:?}: {p:?}\n{}", r.html);
                    assert!(!r.html.contains("onerror"), "{tag} {mode:?}: {}", r.html);
                    assert!(!r.html.contains("onload"), "{tag} {mode:?}: {}", r.html);
                    assert!(r.html.contains("Hello there"), "{tag} {mode:?}: {}", r.html);
                }
            }
        }
    }
}
