//! The 223 DOMPurify payloads, cleaned: nothing in the output may run script or load a document
//! once a browser parses it. The output is parsed with html5ever (the HTML standard's parser, as
//! browsers implement it) and every element and attribute is checked (`common::problems`).

mod common;

use common::problems;
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
        for (context, input) in [
            ("fragment", payload.clone()),
            ("in a page", format!("<!doctype html><html><head><title>t</title></head><body><article><p>Text.</p>{payload}</article></body></html>")),
        ] {
            match cleaner.clean(input.as_bytes(), &CleanOptions::new()) {
                Ok(r) => {
                    let p = problems(&r.html);
                    if !p.is_empty() {
                        failures.push(format!("#{i} {title} ({context}): {}\n    output: {}", p.join("; "), r.html.chars().take(300).collect::<String>()));
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
