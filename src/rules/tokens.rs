//! Word patterns on `class`, `id` and `data-*` attributes (`tokens.txt`).

use crate::category::Category;
use std::collections::HashMap;

static TOKENS: &str = include_str!("tokens.txt");

/// One pattern word.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    Exact(String),
    Prefix(String),
}

impl Word {
    fn matches(&self, w: &str) -> bool {
        match self {
            Word::Exact(e) => e == w,
            Word::Prefix(p) => w.starts_with(p.as_str()),
        }
    }
}

/// A pattern: consecutive words that name clutter.
#[derive(Debug, Clone)]
pub struct TokenPattern {
    words: Vec<Word>,
    /// Its category.
    pub category: Category,
    /// The pattern as written in `tokens.txt`.
    pub text: String,
    /// 1-based line in `tokens.txt`.
    pub line: u32,
}

/// All token patterns, indexed by their first word.
#[derive(Debug, Clone, Default)]
pub struct TokenTable {
    patterns: Vec<TokenPattern>,
    by_first: HashMap<String, Vec<u32>>,
    prefix_first: Vec<u32>,
    errors: Vec<String>,
}

impl TokenTable {
    /// The embedded `tokens.txt`.
    pub fn builtin() -> Self {
        Self::parse(TOKENS)
    }

    fn parse(text: &str) -> Self {
        let mut t = TokenTable::default();
        let mut category = None;
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if line.is_empty() || line.starts_with('!') || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                category = name
                    .parse::<Category>()
                    .ok()
                    .filter(|c| *c != Category::Unsafe);
                if category.is_none() {
                    t.errors
                        .push(format!("tokens.txt:{line_no}: unknown category [{name}]"));
                }
                continue;
            }
            let Some(cat) = category else {
                t.errors.push(format!(
                    "tokens.txt:{line_no}: pattern outside a known [category]"
                ));
                continue;
            };
            // A pattern is written as words separated by spaces or by the separators a class name uses.
            let mut words = Vec::new();
            for part in line.split(|c: char| c.is_whitespace() || c == '-' || c == '_') {
                if part.is_empty() {
                    continue;
                }
                let lower = part.to_lowercase();
                let w = match lower.strip_suffix('*') {
                    Some(p) if !p.is_empty() => Word::Prefix(p.to_string()),
                    Some(_) => {
                        t.errors.push(format!("tokens.txt:{line_no}: bare `*`"));
                        continue;
                    }
                    None => Word::Exact(lower),
                };
                words.push(w);
            }
            if words.is_empty() || words.iter().any(|w| matches!(w, Word::Exact(s) | Word::Prefix(s) if !s.chars().all(char::is_alphanumeric))) {
                t.errors.push(format!("tokens.txt:{line_no}: `{line}` is not a list of words"));
                continue;
            }
            let id = t.patterns.len() as u32;
            match &words[0] {
                Word::Exact(w) => t.by_first.entry(w.clone()).or_default().push(id),
                Word::Prefix(_) => t.prefix_first.push(id),
            }
            t.patterns.push(TokenPattern {
                words,
                category: cat,
                text: line.to_string(),
                line: line_no,
            });
        }
        t
    }

    /// The pattern with this id.
    pub fn pattern(&self, id: u32) -> Option<&TokenPattern> {
        self.patterns.get(id as usize)
    }

    /// Problems found in `tokens.txt`.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    /// The first pattern (in file order) that matches consecutive words of `words`.
    pub fn find(&self, words: &[&str]) -> Option<u32> {
        let mut best: Option<u32> = None;
        for start in 0..words.len() {
            let candidates = self
                .by_first
                .get(words[start])
                .into_iter()
                .flatten()
                .chain(self.prefix_first.iter());
            for &id in candidates {
                let p = &self.patterns[id as usize];
                let fits = p.words.len() <= words.len() - start
                    && p.words
                        .iter()
                        .zip(&words[start..])
                        .all(|(pw, w)| pw.matches(w));
                if fits && best.is_none_or(|b| id < b) {
                    best = Some(id);
                }
            }
        }
        best
    }
}

/// Splits an attribute value into lower-case words at punctuation, camelCase and letter/digit
/// boundaries: `c-adSlot__top2` → `c ad slot top 2`. Calls `out` with byte ranges into `lower`,
/// which receives the lower-cased value.
pub(crate) fn split_words(value: &str, lower: &mut String, ranges: &mut Vec<(usize, usize)>) {
    #[derive(PartialEq, Clone, Copy)]
    enum K {
        Lower,
        Upper,
        Digit,
        Other,
    }
    let kind = |c: char| {
        if c.is_numeric() {
            K::Digit
        } else if c.is_uppercase() {
            K::Upper
        } else if c.is_alphabetic() {
            K::Lower
        } else {
            K::Other
        }
    };
    let start_len = lower.len();
    let mut word_start: Option<usize> = None;
    let mut prev = K::Other;
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        let k = kind(c);
        let next = chars.peek().map(|&n| kind(n)).unwrap_or(K::Other);
        let boundary = match (prev, k) {
            (_, K::Other) => true,
            (K::Other, _) => true,
            (K::Lower, K::Upper) => true,
            (K::Digit, K::Lower | K::Upper) | (K::Lower | K::Upper, K::Digit) => true,
            // "HTMLParser": the P starts a word because a lower-case letter follows.
            (K::Upper, K::Upper) => next == K::Lower,
            _ => false,
        };
        if boundary {
            if let Some(s) = word_start.take() {
                ranges.push((s, lower.len()));
            }
        }
        if k != K::Other {
            if word_start.is_none() {
                word_start = Some(lower.len());
            }
            if c.is_ascii() {
                lower.push(c.to_ascii_lowercase());
            } else {
                lower.extend(c.to_lowercase());
            }
        } else if lower.len() > start_len && !lower.ends_with(' ') {
            lower.push(' ');
        }
        prev = k;
    }
    if let Some(s) = word_start {
        ranges.push((s, lower.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(v: &str) -> Vec<String> {
        let mut lower = String::new();
        let mut ranges = Vec::new();
        split_words(v, &mut lower, &mut ranges);
        ranges
            .into_iter()
            .map(|(s, e)| lower[s..e].to_string())
            .collect()
    }

    fn find(t: &TokenTable, v: &str) -> Option<String> {
        let w = words(v);
        let refs: Vec<&str> = w.iter().map(String::as_str).collect();
        t.find(&refs).map(|id| t.patterns[id as usize].text.clone())
    }

    #[test]
    fn splits_at_punctuation_camel_case_and_digits() {
        assert_eq!(words("c-adSlot__top2"), ["c", "ad", "slot", "top", "2"]);
        assert_eq!(
            words("HTMLParser ads300x250"),
            ["html", "parser", "ads", "300", "x", "250"]
        );
        assert_eq!(words("  "), Vec::<String>::new());
    }

    #[test]
    fn ad_matches_ad_slot_never_header_or_download() {
        let t = TokenTable::parse("[ads]\nad\nadvert*\n[social]\nshare bar\n");
        assert_eq!(find(&t, "ad-slot").as_deref(), Some("ad"));
        assert_eq!(find(&t, "adSlot").as_deref(), Some("ad"));
        assert_eq!(find(&t, "header download load-more shadow"), None);
        assert_eq!(find(&t, "advertisement").as_deref(), Some("advert*"));
        assert_eq!(find(&t, "top share-bar").as_deref(), Some("share bar"));
        assert_eq!(find(&t, "share"), None);
    }

    #[test]
    fn builtin_tokens_parse() {
        let t = TokenTable::builtin();
        assert_eq!(t.errors(), &[] as &[String]);
        assert!(t.patterns.len() > 30);
        assert_eq!(find(&t, "header"), None);
        assert_eq!(find(&t, "download-link"), None);
        assert!(find(&t, "ad-slot").is_some());
    }
}
