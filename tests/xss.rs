//! The 223 DOMPurify payloads, cleaned: nothing in the output may run script or load a document
//! once a browser parses it. The output is parsed with html5ever (the HTML standard's parser, as
//! browsers implement it) and every element and attribute is checked.

use scraper::{Html, Node};
use unclutter::{CleanOptions, Cleaner};

const PAYLOADS: &str = include_str!("data/xss/dompurify-vectors.json");

/// Elements that must never be in cleaned output.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "link",
    "noscript",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "input",
    "button",
    "select",
    "textarea",
    "option",
    "optgroup",
    "keygen",
    "isindex",
    "template",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
    "animate",
    "set",
    "animatemotion",
    "animatetransform",
    "handler",
    "listener",
    "portal",
    "fencedframe",
];

/// Attributes whose value a browser follows as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "codebase",
    "archive",
    "profile",
    "manifest",
    "icon",
    "usemap",
    "srcset",
    "lowsrc",
    "dynsrc",
    "to",
    "from",
    "values",
    "by",
];

/// The scheme of a URL as a browser reads it, and stricter: any Unicode white space before it is
/// ignored too (browsers only skip control characters and spaces; DOMPurify's payloads try more).
fn scheme(url: &str) -> String {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned
        .trim_start_matches(|c: char| {
            c <= ' ' || c.is_whitespace() || matches!(c, '\u{180E}' | '\u{200B}' | '\u{FEFF}')
        })
        .to_ascii_lowercase();
    match cleaned.split_once(':') {
        Some((s, _))
            if s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            s.to_string()
        }
        _ => String::new(),
    }
}

/// Everything unsafe a browser would find in `html`.
fn problems(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let name = el.name().to_ascii_lowercase();
        if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
            found.push(format!("<{name}> element"));
        }
        if name == "meta" && el.attr("http-equiv").is_some() {
            found.push("meta http-equiv".into());
        }
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                found.push(format!("{attr} on <{name}>"));
            }
            if attr == "srcdoc" || attr == "style" && value.to_ascii_lowercase().contains("url(") {
                found.push(format!("{attr} on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) {
                for part in value.split(',') {
                    let s = scheme(part);
                    let image_ok = matches!(name.as_str(), "img" | "source" | "image" | "video")
                        && part.trim().to_ascii_lowercase().starts_with("data:image/");
                    if s == "javascript"
                        || s == "vbscript"
                        || s == "livescript"
                        || (s == "data" && !image_ok)
                    {
                        found.push(format!(
                            "{attr}=\"{}\" on <{name}>",
                            value.chars().take(60).collect::<String>()
                        ));
                    }
                }
            }
        }
    }
    found
}

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
