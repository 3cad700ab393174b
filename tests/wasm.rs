//! The JavaScript API, run as WebAssembly in Node and in headless Chromium (the test command runs
//! this suite twice: `WASM_BINDGEN_USE_BROWSER=1` for the browser). It calls the exported
//! functions with JS values, as a JS caller would.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use unclutter::wasm::{clean, is_probably_readerable, Cleaner, JsCleanOptions, JsInput, Session};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const PAGE: &str = include_str!("fixtures/seed-moscow-times/source.html");

fn input(s: &str) -> JsInput {
    JsValue::from_str(s).unchecked_into()
}

fn options(json: &str) -> Option<JsCleanOptions> {
    Some(JSON::parse(json).expect("options JSON").unchecked_into())
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).expect("property")
}

fn text(v: &JsValue) -> String {
    get(v, "text").as_string().expect("text is a string")
}

fn error_code(e: &JsValue) -> String {
    assert!(e.is_instance_of::<js_sys::Error>(), "errors are JS Errors");
    get(e, "code").as_string().expect("errors carry a code")
}

#[wasm_bindgen_test]
fn cleans_a_string_to_the_article() {
    let r: JsValue = clean(&input(PAGE), None).expect("clean").into();
    let t = text(&r);
    assert!(t.contains("The president of Belarus, Russia's main ally"));
    assert!(!t.contains("Dear readers"));
    assert_eq!(get(&r, "mode").as_string().as_deref(), Some("article"));
    assert_eq!(get(&r, "fellBack").as_bool(), Some(false));
    let page_type = get(&r, "pageType");
    assert_eq!(
        get(&page_type, "kind").as_string().as_deref(),
        Some("article")
    );
    assert!(get(&page_type, "evidence")
        .as_string()
        .is_some_and(|e| !e.is_empty()));
    let removed: Array = get(&r, "removed").unchecked_into();
    assert!(removed
        .iter()
        .any(|x| get(&x, "category").as_string().as_deref() == Some("membership")));
    let title = get(&get(&r, "metadata"), "title")
        .as_string()
        .expect("title");
    assert!(title.starts_with("Belarusian President Demands Role"));
    assert!(
        get(&r, "markdown").is_undefined(),
        "markdown only when asked for"
    );
}

#[wasm_bindgen_test]
fn reads_bytes_in_their_charset() {
    let bytes: Vec<u8> = b"<p>\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0!</p>".to_vec();
    let arr = Uint8Array::from(bytes.as_slice());
    let r: JsValue = clean(
        arr.unchecked_ref(),
        options(r#"{"mode":"clean","charset":"windows-1251"}"#),
    )
    .expect("clean")
    .into();
    assert_eq!(text(&r), "Привет, мир!");
}

#[wasm_bindgen_test]
fn errors_have_codes_and_the_module_keeps_working() {
    let e = clean(&input(PAGE), options(r#"{"keep":["bogus"]}"#))
        .err()
        .expect("unknown category");
    assert_eq!(error_code(&e), "bad-option");
    let e = clean(&input(PAGE), options(r#"{"maxInputBytes":100}"#))
        .err()
        .expect("too large");
    assert_eq!(error_code(&e), "input-too-large");
    // A string is text already, but a charset label that means nothing is still an error.
    let e = clean(&input(PAGE), options(r#"{"charset":"no-such-charset"}"#))
        .err()
        .expect("unknown charset");
    assert_eq!(error_code(&e), "bad-option");
    let e = clean(JsValue::from_f64(42.0).unchecked_ref(), None)
        .err()
        .expect("not text");
    assert_eq!(error_code(&e), "bad-input");
    let e = Cleaner::new(options(r###"{"rules":"##a:hover"}"###))
        .err()
        .expect("bad rules");
    assert_eq!(error_code(&e), "bad-rules");
    // After every error, cleaning still works.
    let r: JsValue = clean(&input("<p>Still here.</p>"), options(r#"{"mode":"clean"}"#))
        .expect("clean")
        .into();
    assert_eq!(text(&r), "Still here.");
}

#[wasm_bindgen_test]
fn a_cleaner_compiles_rules_once_and_takes_per_call_options() {
    let cleaner = Cleaner::new(options(
        r###"{"mode":"clean","rules":"! category: social\n##.byline-box"}"###,
    ))
    .expect("cleaner");
    let page = "<p>Text of the story, long enough to be a paragraph of prose in this test page.</p><div class=\"byline-box\">Share me</div>";
    let r: JsValue = cleaner.clean(&input(page), None).expect("clean").into();
    assert!(!text(&r).contains("Share me"));
    let removed: Array = get(&r, "removed").unchecked_into();
    assert_eq!(
        get(&removed.get(0), "category").as_string().as_deref(),
        Some("social")
    );
    let kept: JsValue = cleaner
        .clean(&input(page), options(r#"{"keep":["social"]}"#))
        .expect("clean")
        .into();
    assert!(text(&kept).contains("Share me"));
    let e = cleaner
        .clean(&input(page), options(r###"{"rules":"##p"}"###))
        .err()
        .expect("rules per call");
    assert_eq!(error_code(&e), "bad-option");
}

#[wasm_bindgen_test]
fn filter_lists_load_by_name_and_say_what_they_gave() {
    let cleaner = Cleaner::new(options(
        r###"{"mode":"clean","rules":[
            {"name":"My list","text":"||ads.example^\nexample.com##+js(set, x, 1)\n##a:hover\n##.promo-x"},
            {"name":"Other","text":"##.card:has(> .label)"}]}"###,
    ))
    .expect("cleaner");
    let lists: Array = cleaner.rule_lists().expect("summaries").unchecked_into();
    assert_eq!(lists.length(), 2);
    let mine = lists.get(0);
    assert_eq!(get(&mine, "name").as_string().as_deref(), Some("My list"));
    for (key, want) in [
        ("rules", 1.0),
        ("networkSkipped", 1.0),
        ("otherSkipped", 1.0),
        ("unsupported", 1.0),
    ] {
        assert_eq!(get(&mine, key).as_f64(), Some(want), "{key}");
    }
    let first: Array = get(&mine, "firstUnsupported").unchecked_into();
    assert_eq!(get(&first.get(0), "line").as_f64(), Some(3.0));
    let page = "<p>Text of the story, long enough to be a paragraph of prose in this test page.</p><div class=\"promo-x\">Buy</div><div class=\"card\"><span class=\"label\">Ad</span> Sell</div><p>More of the story, long enough to be a paragraph of prose in this test page.</p>";
    let r: JsValue = cleaner.clean(&input(page), None).expect("clean").into();
    assert!(!text(&r).contains("Buy") && !text(&r).contains("Sell"));
    let removed: Array = get(&r, "removed").unchecked_into();
    let reasons: Vec<(String, f64)> = removed
        .iter()
        .map(|x| get(&x, "reason"))
        .filter(|reason| get(reason, "kind").as_string().as_deref() == Some("rule"))
        .map(|reason| {
            (
                get(&reason, "file").as_string().unwrap_or_default(),
                get(&reason, "line").as_f64().unwrap_or(0.0),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        [("My list".to_string(), 4.0), ("Other".to_string(), 1.0)]
    );
    for bad in [r#"{"rules":[{"name":"x"}]}"#, r#"{"rules":5}"#] {
        let e = Cleaner::new(options(bad)).err().expect(bad);
        assert_eq!(error_code(&e), "bad-option", "{bad}");
    }
}

#[wasm_bindgen_test]
fn keep_ids_restore_a_removed_element() {
    let page = "<article><p>The council met on Tuesday and approved the budget for the coming year after a long debate.</p><div class=\"newsletter-signup\">Enter your email to subscribe</div></article>";
    let first: JsValue = clean(&input(page), options(r#"{"mode":"clean"}"#))
        .expect("clean")
        .into();
    let removed: Array = get(&first, "removed").unchecked_into();
    let id = get(&removed.get(0), "id").as_f64().expect("id");
    assert!(!text(&first).contains("Enter your email"));
    let opts = Object::new();
    Reflect::set(&opts, &"mode".into(), &"clean".into()).expect("set");
    Reflect::set(
        &opts,
        &"keepIds".into(),
        &Array::of1(&JsValue::from_f64(id)),
    )
    .expect("set");
    let again: JsValue = clean(&input(page), Some(opts.unchecked_into()))
        .expect("clean")
        .into();
    assert!(text(&again).contains("Enter your email"));
}

#[wasm_bindgen_test]
fn markdown_and_readerable() {
    let r: JsValue = clean(&input(PAGE), options(r#"{"format":"markdown"}"#))
        .expect("clean")
        .into();
    let md = get(&r, "markdown").as_string().expect("markdown");
    assert!(md.starts_with("# Belarusian President Demands Role"));
    assert!(is_probably_readerable(&input(PAGE), None).expect("readerable"));
    assert!(!is_probably_readerable(&input("<p>Short.</p>"), None).expect("readerable"));
}

#[wasm_bindgen_test]
fn output_is_sanitized() {
    let r: JsValue = clean(&input("<p onclick=\"x()\">Hi <a href=\"javascript:alert(1)\">there</a></p><script>alert(2)</script>"), options(r#"{"mode":"clean"}"#))
        .expect("clean")
        .into();
    let html = get(&r, "html").as_string().expect("html");
    assert!(
        !html.contains("onclick") && !html.contains("javascript:") && !html.contains("<script")
    );
}

#[wasm_bindgen_test]
fn a_session_fed_in_chunks_gives_the_result_of_clean() {
    let whole: JsValue = clean(&input(PAGE), None).expect("clean").into();
    let bytes = PAGE.as_bytes();
    // Byte chunks of 7 split characters, tags and entities; string chunks at char boundaries.
    let mut s = Session::new(None).expect("session");
    for part in bytes.chunks(7) {
        s.write(Uint8Array::from(part).unchecked_ref())
            .expect("write");
    }
    let by_bytes: JsValue = s.finish().expect("finish").into();
    assert_eq!(
        JSON::stringify(&by_bytes).ok(),
        JSON::stringify(&whole).ok()
    );
    let cleaner = Cleaner::new(None).expect("cleaner");
    let mut s = cleaner.session(None).expect("session");
    let mut rest = PAGE;
    while !rest.is_empty() {
        let mut at = rest.len().min(13);
        while !rest.is_char_boundary(at) {
            at += 1;
        }
        s.write(&input(&rest[..at])).expect("write");
        rest = &rest[at..];
    }
    let by_text: JsValue = s.finish().expect("finish").into();
    assert_eq!(JSON::stringify(&by_text).ok(), JSON::stringify(&whole).ok());
}

#[wasm_bindgen_test]
fn a_session_reports_errors_with_codes() {
    let mut s = Session::new(options(r#"{"maxInputBytes":10}"#)).expect("session");
    let e = s.write(&input(PAGE)).expect_err("too large");
    assert_eq!(error_code(&e), "input-too-large");
    let e = s.finish().err().expect("spent");
    assert_eq!(error_code(&e), "finished");
    let mut s = Session::new(None).expect("session");
    s.write(&input("<p>text</p>")).expect("write");
    let e = s
        .write(Uint8Array::from(&b"<p>bytes</p>"[..]).unchecked_ref())
        .expect_err("mixed");
    assert_eq!(error_code(&e), "bad-input");
    let e = Session::new(options(r#"{"charset":"no-such-charset"}"#))
        .err()
        .expect("bad charset");
    assert_eq!(error_code(&e), "bad-option");
    let e = Cleaner::new(None)
        .expect("cleaner")
        .session(options(r###"{"rules":"##.x"}"###))
        .err()
        .expect("rules");
    assert_eq!(error_code(&e), "bad-option");
    // No chunk at all is an empty page.
    let empty: JsValue = Session::new(None)
        .expect("session")
        .finish()
        .expect("finish")
        .into();
    assert_eq!(text(&empty), "");
}
