//! Page metadata gathered by the analysis pass: `<title>`, `<html lang dir>`, `<meta>` tags,
//! `<link rel=canonical>`.

use crate::entities;
use lol_html::html_content::Element;
use serde::Serialize;

const TITLE_MAX: usize = 2048;
const META_VALUE_MAX: usize = 2048;
const META_MAX: usize = 256;
const JSON_LD_MAX: usize = 1024 * 1024;

/// What the page says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// The page title (`og:title`, `twitter:title`, then `<title>`).
    pub title: Option<String>,
    /// Author line (`author`, `article:author`, ...).
    pub byline: Option<String>,
    /// Site name (`og:site_name`, `application-name`).
    pub site_name: Option<String>,
    /// Publication time as written (`article:published_time`, ...).
    pub published_time: Option<String>,
    /// Language (`<html lang>`, `content-language`, `og:locale`).
    pub lang: Option<String>,
    /// Text direction (`<html dir>`).
    pub dir: Option<String>,
    /// Description (`og:description`, `description`, `twitter:description`).
    pub excerpt: Option<String>,
    /// Canonical URL (`<link rel=canonical>`, `og:url`).
    pub canonical_url: Option<String>,
    /// Lead image (`og:image`, `twitter:image`).
    pub image: Option<String>,
}

/// Collects metadata while pass 1 streams by.
#[derive(Debug, Default, Clone)]
pub(crate) struct MetaCollector {
    title: String,
    lang: Option<String>,
    dir: Option<String>,
    canonical: Option<String>,
    /// (lower-cased key, decoded value), first occurrence wins.
    metas: Vec<(String, String)>,
    /// Raw JSON-LD script text (used by article mode).
    pub(crate) json_ld: String,
}

fn clean_value(raw: &str) -> Option<String> {
    let decoded = entities::decode(raw);
    let collapsed = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return None;
    }
    Some(match collapsed.char_indices().nth(META_VALUE_MAX) {
        Some((i, _)) => collapsed[..i].to_string(),
        None => collapsed,
    })
}

impl MetaCollector {
    pub(crate) fn on_html(&mut self, el: &Element<'_, '_>) {
        if self.lang.is_none() {
            self.lang = el
                .get_attribute("lang")
                .or_else(|| el.get_attribute("xml:lang"))
                .and_then(|v| clean_value(&v));
        }
        if self.dir.is_none() {
            self.dir = el
                .get_attribute("dir")
                .and_then(|v| clean_value(&v))
                .map(|d| d.to_ascii_lowercase());
        }
    }

    pub(crate) fn on_meta(&mut self, el: &Element<'_, '_>) {
        if self.metas.len() >= META_MAX {
            return;
        }
        let Some(content) = el.get_attribute("content").and_then(|v| clean_value(&v)) else {
            return;
        };
        for key_attr in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(keys) = el.get_attribute(key_attr) {
                // `property="og:title twitter:title"` names several keys.
                for key in keys.split_ascii_whitespace() {
                    let key = key.to_ascii_lowercase();
                    if !self.metas.iter().any(|(k, _)| *k == key) {
                        self.metas.push((key, content.clone()));
                    }
                }
            }
        }
    }

    pub(crate) fn on_link(&mut self, el: &Element<'_, '_>) {
        if self.canonical.is_some() {
            return;
        }
        let is_canonical = el.get_attribute("rel").is_some_and(|r| {
            r.split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case("canonical"))
        });
        if is_canonical {
            self.canonical = el.get_attribute("href").and_then(|v| clean_value(&v));
        }
    }

    pub(crate) fn push_title(&mut self, c: char) {
        if self.title.len() < TITLE_MAX {
            self.title.push(c);
        }
    }

    pub(crate) fn push_json_ld(&mut self, text: &str) {
        if self.json_ld.len() + text.len() <= JSON_LD_MAX {
            self.json_ld.push_str(text);
        }
    }

    /// Called for every element on the page (outside `head`, scripts and the like) that can have
    /// content, while no other element's text is being captured: return `true` to receive its
    /// visible text through [`MetaCollector::push_capture`] until [`MetaCollector::end_capture`].
    pub(crate) fn start_capture(&mut self, _tag: &str, _el: &Element<'_, '_>) -> bool {
        false
    }

    /// One character of the captured element's visible text (entities decoded).
    pub(crate) fn push_capture(&mut self, _c: char) {}

    /// The captured element ended.
    pub(crate) fn end_capture(&mut self) {}

    pub(crate) fn finish(&mut self) {}

    fn meta(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        })
    }

    /// The metadata as far as meta tags and the page's own elements tell.
    pub(crate) fn metadata(&self) -> Metadata {
        let title_el = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        Metadata {
            title: self
                .meta(&["og:title", "twitter:title", "dc.title", "dcterm:title"])
                .or_else(|| (!title_el.is_empty()).then_some(title_el)),
            byline: self.meta(&[
                "author",
                "article:author",
                "dc.creator",
                "parsely-author",
                "byl",
            ]),
            site_name: self.meta(&["og:site_name", "application-name"]),
            published_time: self.meta(&[
                "article:published_time",
                "datepublished",
                "parsely-pub-date",
                "dc.date",
                "date",
                "pubdate",
            ]),
            lang: self.lang.clone().or_else(|| {
                self.meta(&["content-language", "og:locale"])
                    .map(|l| l.replace('_', "-"))
            }),
            dir: self.dir.clone(),
            excerpt: self.meta(&["og:description", "description", "twitter:description"]),
            canonical_url: self.canonical.clone().or_else(|| self.meta(&["og:url"])),
            image: self.meta(&[
                "og:image",
                "og:image:url",
                "twitter:image",
                "twitter:image:src",
            ]),
        }
    }
}
