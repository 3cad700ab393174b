//! The sanitizer: what pass 2 does to every element it keeps, whatever the clutter decisions.
//!
//! Cleaned HTML is shown in a page, so nothing that can run script, load a document, or change how
//! the rest of the page is read survives: `script`, `style`, stylesheet and other `link`s,
//! `noscript` (its images are kept), frames (video embeds from a known host become links), plugins,
//! `base`, `meta http-equiv`, form controls, `template`, SVG animation, every `on*` attribute,
//! `style` attributes, `srcdoc`, and any URL whose scheme is not http(s), mailto or tel (`data:`
//! only for images). URLs are judged after the decoding a browser does (character references,
//! tabs and newlines, leading control characters); anything ambiguous is dropped.

use crate::html::entities;
use lol_html::html_content::Element;

/// What to do with an element, before clutter decisions are even considered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Policy {
    Keep,
    /// Remove with content; the string names what it was.
    Drop(&'static str),
    /// Remove the tags, keep the content (`form`).
    Unwrap,
    /// Replace by the images found inside (`noscript`).
    NoscriptImages,
    /// Replace a video frame by a link to the video.
    VideoLink(String),
}

/// Decides what happens to an element (by its lower-case tag name).
pub(crate) fn policy(tag: &str, el: &Element<'_, '_>) -> Policy {
    match tag {
        "script" => Policy::Drop("script"),
        "style" => Policy::Drop("style sheet"),
        "link" => Policy::Drop("link (style sheet, preload or import)"),
        "noscript" => Policy::NoscriptImages,
        "iframe" => match el
            .get_attribute("src")
            .or_else(|| el.get_attribute("data-src"))
            .and_then(|s| video_link(&s))
        {
            Some(url) => Policy::VideoLink(url),
            None => Policy::Drop("frame"),
        },
        "frame" | "frameset" | "unclutter-frameset" | "portal" | "fencedframe" => {
            Policy::Drop("frame")
        }
        "object" | "embed" | "applet" | "param" => Policy::Drop("plugin content"),
        "base" => Policy::Drop("base URL"),
        "meta" if el.has_attribute("http-equiv") => Policy::Drop("meta http-equiv"),
        "template" => Policy::Drop("template"),
        // A `noscript` read as markup (`html/neutralize.rs`): its content, sanitized.
        "form" | "unclutter-noscript" => Policy::Unwrap,
        "input" | "button" | "select" | "unclutter-select" | "textarea" | "option" | "optgroup"
        | "datalist" | "output" | "keygen" | "isindex" => Policy::Drop("form control"),
        "xmp" | "plaintext" | "noembed" | "noframes" => Policy::Drop("raw-text element"),
        "animate" | "set" | "animatemotion" | "animatetransform" | "animatecolor" | "discard" => {
            Policy::Drop("SVG animation")
        }
        "handler" | "listener" => Policy::Drop("SVG event handler"),
        _ => Policy::Keep,
    }
}

/// Elements the sanitizer always removes: clutter decisions leave them alone, so they are
/// reported as `unsafe` (and never restored).
pub(crate) fn owns(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "link"
            | "noscript"
            | "template"
            | "base"
            | "object"
            | "embed"
            | "applet"
            | "param"
            | "frame"
            | "frameset"
            | "unclutter-frameset"
            | "input"
            | "button"
            | "select"
            | "unclutter-select"
            | "textarea"
            | "option"
            | "optgroup"
            | "datalist"
            | "output"
            | "keygen"
            | "isindex"
            | "xmp"
            | "plaintext"
            | "noembed"
            | "noframes"
    )
}

/// Attributes whose value is a URL.
fn is_url_attribute(name: &str) -> bool {
    matches!(
        name,
        "href"
            | "src"
            | "xlink:href"
            | "action"
            | "formaction"
            | "data"
            | "poster"
            | "background"
            | "cite"
            | "longdesc"
            | "codebase"
            | "archive"
            | "profile"
            | "manifest"
            | "icon"
            | "usemap"
            | "classid"
            | "itemtype"
            | "xml:base"
            | "xlink:base"
            // SVG animation values: URLs only on `set`/`animate` (dropped anyway), but a value
            // with a scheme is refused wherever it is.
            | "to"
            | "from"
            | "values"
            | "by"
    )
}

/// Where `data:` image URLs may appear.
fn allows_data_image(tag: &str, attr: &str) -> bool {
    matches!(
        (tag, attr),
        ("img" | "source" | "picture", "src" | "srcset")
            | ("image" | "feimage", "href" | "xlink:href")
            | ("video", "poster")
    )
}

/// What [`sanitize_attributes`] did to an element.
pub(crate) struct Sanitized {
    /// Attributes removed.
    pub removed: u32,
    /// The names of those that could run script or load a document (`style` is only counted).
    pub dangerous: Vec<String>,
    /// The start tag must be written anew ([`start_tag_without_malformed_names`]): it has an
    /// attribute whose name lol_html cannot remove.
    pub rewrite: bool,
}

/// An attribute name a browser read with a quote, `=` or `<` in it (`id/='`, an mXSS trick;
/// `class="a""` leaves one named `"`). Written back as it came, it is read as an attribute
/// value's opening quote: the tag would swallow what follows it. lol_html cannot remove such an
/// attribute by name, so the tag is written anew without it.
fn malformed_name(name: &str) -> bool {
    name.contains(['"', '\'', '<', '=', '`'])
}

/// Removes dangerous attributes from a kept element.
pub(crate) fn sanitize_attributes(tag: &str, el: &mut Element<'_, '_>) -> Sanitized {
    let mut remove: Vec<String> = Vec::new();
    let mut dangerous: Vec<String> = Vec::new();
    let mut malformed = 0;
    for attr in el.attributes() {
        let name = attr.name();
        if malformed_name(&name) {
            malformed += 1;
            dangerous.push(name);
            continue;
        }
        let drop = if name.starts_with("on") {
            true
        } else {
            match name.as_str() {
                "style" | "srcdoc" | "formaction" | "action" | "ping" | "dynsrc" | "lowsrc"
                | "http-equiv" | "attributename" | "autofocus" => true,
                "srcset" | "imagesrcset" => {
                    !srcset_is_safe(&attr.value(), allows_data_image(tag, "srcset"))
                }
                n if is_url_attribute(n) => !url_is_safe(&attr.value(), allows_data_image(tag, n)),
                _ => false,
            }
        };
        if drop {
            if !matches!(name.as_str(), "style" | "autofocus") {
                dangerous.push(name.clone());
            }
            remove.push(name);
        }
    }
    for name in &remove {
        el.remove_attribute(name);
    }
    if tag == "meta" && el.has_attribute("charset") {
        // The output is UTF-8 whatever the input was.
        let _ = el.set_attribute("charset", "utf-8");
    }
    Sanitized {
        removed: remove.len() as u32 + malformed,
        dangerous,
        rewrite: malformed > 0,
    }
}

/// The start tag of a kept element written anew, without the attributes whose names are
/// malformed (after [`sanitize_attributes`] removed the dangerous ones), every value quoted.
pub(crate) fn start_tag_without_malformed_names(tag: &str, el: &Element<'_, '_>) -> String {
    let mut out = format!("<{tag}");
    for attr in el.attributes() {
        let name = attr.name();
        if malformed_name(&name) {
            continue;
        }
        out.push(' ');
        out.push_str(&name);
        out.push_str("=\"");
        out.push_str(&attr.value().replace('"', "&quot;"));
        out.push('"');
    }
    out.push_str(if el.is_self_closing() { "/>" } else { ">" });
    out
}

/// Whether a URL attribute value is safe to keep: no scheme (relative), or http, https, mailto,
/// tel; `data:image/...` where `data_image` allows it. Character references are decoded and tabs,
/// newlines and surrounding control characters removed first, as a browser would.
pub(crate) fn url_is_safe(raw: &str, data_image: bool) -> bool {
    let decoded = entities::decode(raw);
    let cleaned: String = decoded
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        // Browsers skip control characters and spaces; any other white space is refused too.
        .trim_matches(|c: char| {
            c <= ' ' || c.is_whitespace() || matches!(c, '\u{180E}' | '\u{200B}' | '\u{FEFF}')
        })
        .to_string();
    let scheme_len = cleaned
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .map_or(cleaned.len(), |(i, _)| i);
    match cleaned[scheme_len..].chars().next() {
        // An undecoded reference could hide a scheme: refuse.
        Some('&') => false,
        Some(':') => {
            let scheme = cleaned[..scheme_len].to_ascii_lowercase();
            if !scheme.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return true;
            }
            match scheme.as_str() {
                "http" | "https" | "mailto" | "tel" => true,
                "data" => {
                    data_image && {
                        let rest = cleaned[scheme_len + 1..].trim_start().to_ascii_lowercase();
                        rest.starts_with("image/")
                    }
                }
                _ => false,
            }
        }
        // No scheme: relative URL, fragment or query.
        _ => true,
    }
}

fn srcset_is_safe(raw: &str, data_image: bool) -> bool {
    let decoded = entities::decode(raw);
    // Candidates are "url descriptor, url descriptor"; a data: URL may itself contain commas,
    // so judge each whitespace-separated word that looks like a URL.
    decoded
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .filter(|w| {
            !w.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == 'w' || c == 'x')
        })
        .all(|w| url_is_safe(w, data_image) || (data_image && !w.contains(':')))
}

/// Video hosts whose embeds become links (the only frames whose content we keep).
pub(crate) fn video_link(src: &str) -> Option<String> {
    let src = entities::decode(src.trim());
    let rest = src
        .strip_prefix("https://")
        .or_else(|| src.strip_prefix("http://"))
        .or_else(|| src.strip_prefix("//"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let path = path.split(['?', '#']).next().unwrap_or("");
    let id_ok = |id: &str| {
        !id.is_empty()
            && id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let bare = host.strip_prefix("www.").unwrap_or(&host);
    match bare {
        "youtube.com" | "youtube-nocookie.com" | "m.youtube.com" => {
            let id = path.strip_prefix("embed/")?;
            id_ok(id).then(|| format!("https://www.youtube.com/watch?v={id}"))
        }
        "player.vimeo.com" => {
            let id = path.strip_prefix("video/")?;
            (id_ok(id) && id.chars().all(|c| c.is_ascii_digit()))
                .then(|| format!("https://vimeo.com/{id}"))
        }
        "dailymotion.com" => {
            let id = path.strip_prefix("embed/video/")?;
            id_ok(id).then(|| format!("https://www.dailymotion.com/video/{id}"))
        }
        "player.twitch.tv"
        | "embed.ted.com"
        | "w.soundcloud.com"
        | "open.spotify.com"
        | "bandcamp.com"
        | "player.bilibili.com" => url_is_safe(&src, false).then(|| format!("https://{rest}")),
        _ => None,
    }
}

/// Markup that replaces a video frame.
pub(crate) fn video_link_html(url: &str) -> String {
    let label = url.trim_start_matches("https://");
    format!(
        "<a class=\"unclutter-embed\" href=\"{}\">▶ {}</a>",
        escape_attr(url),
        escape_text(label)
    )
}

/// Escapes text for an attribute value in double quotes.
pub(crate) fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text content.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// The images inside a `noscript` (whose content lol_html, like a browser with scripting on, reads
/// as text), rebuilt from scratch with only safe attributes.
pub(crate) fn noscript_images(raw: &str) -> String {
    if !raw.contains("<img") && !raw.contains("<IMG") && !raw.to_ascii_lowercase().contains("<img")
    {
        return String::new();
    }
    let mut out = String::new();
    let settings =
        lol_html::Settings::new().append_element_content_handler(lol_html::element!("img", |el| {
            let mut tag = String::from("<img");
            for name in ["src", "srcset", "alt", "width", "height", "sizes"] {
                if let Some(v) = el.get_attribute(name) {
                    let ok = match name {
                        "src" => url_is_safe(&v, true),
                        "srcset" => srcset_is_safe(&v, true),
                        _ => true,
                    };
                    if ok {
                        tag.push_str(&format!(
                            " {name}=\"{}\"",
                            escape_attr(&entities::decode(&v))
                        ));
                    }
                }
            }
            tag.push('>');
            if tag.contains(" src=") || tag.contains(" srcset=") {
                out.push_str(&tag);
            }
            Ok(())
        }));
    // A failure here only means no images are kept. The crate's one sink type (see `Sink`).
    let mut rewriter = lol_html::HtmlRewriter::new(settings, crate::html::sink::Sink(None));
    let _ = rewriter.write(raw.as_bytes()).and_then(|()| rewriter.end());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_with_hidden_schemes_are_refused() {
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java&#x09;script:alert(1)",
            "&#106;avascript:alert(1)",
            "javascript&colon;alert(1)",
            "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(10)",
            "java&Tab;script:alert(1)",
            "\u{1}javascript:alert(1)",
            "\u{2028}javascript:alert(1)",
            "&#x180E;javascript:alert(1)",
            "&#xA0javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "livescript:x",
        ] {
            assert!(!url_is_safe(bad, false), "{bad:?} passed");
        }
    }

    #[test]
    fn ordinary_urls_are_kept() {
        for good in [
            "https://example.com/a?b=c&amp;d=e",
            "/relative/path",
            "#top",
            "?q=1",
            "mailto:a@b.c",
            "tel:+1",
            "page.html",
            "1x:y",
        ] {
            assert!(url_is_safe(good, false), "{good:?} refused");
        }
        assert!(url_is_safe("data:image/png;base64,AAAA", true));
        assert!(!url_is_safe("data:image/png;base64,AAAA", false));
    }

    #[test]
    fn srcset_is_judged_candidate_by_candidate() {
        assert!(srcset_is_safe(
            "a.jpg 1x, /b.jpg 2x, https://c/d.jpg 640w",
            true
        ));
        assert!(!srcset_is_safe("a.jpg 1x, javascript:alert(1) 2x", true));
    }

    #[test]
    fn video_embeds_become_watch_links() {
        assert_eq!(
            video_link("https://www.youtube.com/embed/abc_D-1?rel=0").as_deref(),
            Some("https://www.youtube.com/watch?v=abc_D-1")
        );
        assert_eq!(
            video_link("//player.vimeo.com/video/12345").as_deref(),
            Some("https://vimeo.com/12345")
        );
        assert_eq!(video_link("https://evil.example/embed/x"), None);
        assert_eq!(video_link("javascript:alert(1)"), None);
        assert_eq!(
            video_link("https://www.youtube.com/embed/a\"onload=x"),
            None
        );
    }

    #[test]
    fn noscript_images_are_rebuilt_with_safe_attributes_only() {
        let html = noscript_images("<img src=\"/a.jpg\" onerror=\"alert(1)\" alt='A &amp; B' style=x><img src=javascript:alert(2)><p>text</p>");
        assert_eq!(html, "<img src=\"/a.jpg\" alt=\"A &amp; B\">");
    }
}
