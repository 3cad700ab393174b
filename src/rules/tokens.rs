//! Word patterns on `class`, `id` and `data-*` attributes: clutter words (`tokens.txt`) and the
//! class weights article scoring uses (`weights.txt`).

use super::FastMap;
use crate::category::Category;

static TOKENS: &str = include_str!("tokens.txt");
static WEIGHTS: &str = include_str!("weights.txt");

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

/// A pattern: consecutive words that name clutter (or, in `weights.txt`, a kind of class).
#[derive(Debug, Clone)]
pub struct TokenPattern<S = Category> {
    words: Vec<Word>,
    /// Its category (its section).
    pub category: S,
    /// The pattern as written in `tokens.txt`.
    pub text: String,
    /// 1-based line in `tokens.txt`.
    pub line: u32,
}

/// All token patterns, indexed by their first word.
#[derive(Debug, Clone)]
pub struct TokenTable<S = Category> {
    patterns: Vec<TokenPattern<S>>,
    by_first: FastMap<String, Vec<u32>>,
    /// The patterns whose first word is a prefix, with that prefix's first byte.
    prefix_first: Vec<(u8, u32)>,
    errors: Vec<String>,
}

impl<S> Default for TokenTable<S> {
    fn default() -> Self {
        TokenTable {
            patterns: Vec::new(),
            by_first: FastMap::default(),
            prefix_first: Vec::new(),
            errors: Vec::new(),
        }
    }
}

/// Sections of `weights.txt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WeightKind {
    /// Names of article content (`article`, `content`, `story`, ...): +25.
    Positive,
    /// Names of everything else (`comment`, `sidebar`, `share`, ...): -25.
    Negative,
    /// Names that make an element an unlikely place for the article (readerable check).
    Unlikely,
    /// Names that rescue an unlikely element (`article`, `body`, `content`, `main`, ...).
    MaybeCandidate,
    /// Names of a byline or date line (`byline`, `author`, `dateline`, ...).
    Byline,
    /// Names of a promotion (`promo`, `sponsored`, `ad`, ...): a picture in one is not the
    /// article's, even with a caption.
    Promotion,
    /// Names of a panel that a control on the page opens (`accordion`, `tab pane`, `faq`, ...):
    /// hidden until opened, and content.
    Panel,
    /// Names of something laid over the page or dropped from a control (`modal`, `dropdown`,
    /// `menu`, `drawer`, ...): hidden until opened, and not content.
    Overlay,
}

impl TokenTable {
    /// The embedded `tokens.txt`.
    pub fn builtin() -> Self {
        Self::parse(TOKENS, "tokens.txt", |name| {
            name.parse::<Category>()
                .ok()
                .filter(|c| *c != Category::Unsafe)
        })
    }
}

impl TokenTable<WeightKind> {
    /// The embedded `weights.txt`.
    pub(crate) fn weights() -> Self {
        Self::parse(WEIGHTS, "weights.txt", |name| match name {
            "positive" => Some(WeightKind::Positive),
            "negative" => Some(WeightKind::Negative),
            "unlikely" => Some(WeightKind::Unlikely),
            "maybe-candidate" => Some(WeightKind::MaybeCandidate),
            "byline" => Some(WeightKind::Byline),
            "promotion" => Some(WeightKind::Promotion),
            "panel" => Some(WeightKind::Panel),
            "overlay" => Some(WeightKind::Overlay),
            _ => None,
        })
    }

    /// The kinds of class the words name, as a bit set (`1 << kind as u8`).
    #[cfg(test)]
    pub(crate) fn kinds(&self, words: &[&str]) -> u8 {
        self.kinds_in(Words::Slice(words))
    }

    /// [`TokenTable::kinds`] over the words `split_words` left in `text` at `ranges`.
    pub(crate) fn kinds_split(&self, text: &str, ranges: &[(usize, usize)]) -> u8 {
        self.kinds_in(Words::Split(text, ranges))
    }

    fn kinds_in(&self, words: Words<'_>) -> u8 {
        let mut bits = 0u8;
        self.each_id(words, |id| {
            if let Some(p) = self.patterns.get(id as usize) {
                bits |= 1 << (p.category as u8);
            }
        });
        bits
    }
}

impl<S: Copy> TokenTable<S> {
    fn parse(text: &str, file: &str, section: impl Fn(&str) -> Option<S>) -> Self {
        let mut t = TokenTable::default();
        let mut category = None;
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if line.is_empty() || line.starts_with('!') || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                category = section(name);
                if category.is_none() {
                    t.errors
                        .push(format!("{file}:{line_no}: unknown section [{name}]"));
                }
                continue;
            }
            let Some(cat) = category else {
                t.errors.push(format!(
                    "{file}:{line_no}: pattern outside a known [section]"
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
                        t.errors.push(format!("{file}:{line_no}: bare `*`"));
                        continue;
                    }
                    None => Word::Exact(lower),
                };
                words.push(w);
            }
            if words.is_empty() || words.iter().any(|w| matches!(w, Word::Exact(s) | Word::Prefix(s) if !s.chars().all(char::is_alphanumeric))) {
                t.errors.push(format!("{file}:{line_no}: `{line}` is not a list of words"));
                continue;
            }
            let id = t.patterns.len() as u32;
            match &words[0] {
                Word::Exact(w) => t.by_first.entry(w.clone()).or_default().push(id),
                Word::Prefix(p) => t.prefix_first.push((p.as_bytes()[0], id)),
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
    pub fn pattern(&self, id: u32) -> Option<&TokenPattern<S>> {
        self.patterns.get(id as usize)
    }

    /// Problems found in `tokens.txt`.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    /// Calls `f` with the id of every pattern that matches consecutive words of `words`.
    fn each_id(&self, words: Words<'_>, mut f: impl FnMut(u32)) {
        let n = words.len();
        for start in 0..n {
            let first = words.get(start);
            let exact = self.by_first.get(first).into_iter().flatten();
            let byte = first.as_bytes().first().copied();
            let prefixed = self
                .prefix_first
                .iter()
                .filter(|&&(b, _)| Some(b) == byte)
                .map(|(_, id)| id);
            for &id in exact.chain(prefixed) {
                let p = &self.patterns[id as usize];
                let fits = p.words.len() <= n - start
                    && p.words
                        .iter()
                        .enumerate()
                        .all(|(i, pw)| pw.matches(words.get(start + i)));
                if fits {
                    f(id);
                }
            }
        }
    }

    /// The first pattern (in file order) that matches consecutive words of `words`.
    pub fn find(&self, words: &[&str]) -> Option<u32> {
        self.find_in(Words::Slice(words))
    }

    /// [`TokenTable::find`] over the words `split_words` left in `text` at `ranges`.
    pub(crate) fn find_split(&self, text: &str, ranges: &[(usize, usize)]) -> Option<u32> {
        self.find_in(Words::Split(text, ranges))
    }

    fn find_in(&self, words: Words<'_>) -> Option<u32> {
        let mut best: Option<u32> = None;
        self.each_id(words, |id| {
            if best.is_none_or(|b| id < b) {
                best = Some(id);
            }
        });
        best
    }
}

/// Words to match: a slice, or what `split_words` wrote (the text and the words' byte ranges),
/// read in place.
#[derive(Clone, Copy)]
enum Words<'a> {
    Slice(&'a [&'a str]),
    Split(&'a str, &'a [(usize, usize)]),
}

impl<'a> Words<'a> {
    fn len(self) -> usize {
        match self {
            Words::Slice(w) => w.len(),
            Words::Split(_, r) => r.len(),
        }
    }

    fn get(self, i: usize) -> &'a str {
        match self {
            Words::Slice(w) => w[i],
            Words::Split(t, r) => &t[r[i].0..r[i].1],
        }
    }
}

/// Splits an attribute value into lower-case words at punctuation, camelCase and letter/digit
/// boundaries: `c-adSlot__top2` → `c ad slot top 2`. Pushes byte ranges into `lower`, which
/// receives the lower-cased value. A run of hex digits mixing letters and digits (`e1ad`,
/// `5ad3f0`: generated ids and hashes) stays one word, so it never yields a pattern word.
pub(crate) fn split_words(value: &str, lower: &mut String, ranges: &mut Vec<(usize, usize)>) {
    for run in value
        .split(|c: char| !c.is_alphanumeric())
        .filter(|r| !r.is_empty())
    {
        let hexlike = run.len() >= 4
            && run.chars().all(|c| c.is_ascii_hexdigit())
            && run.chars().any(|c| c.is_ascii_digit())
            && run.chars().any(|c| c.is_ascii_alphabetic());
        if hexlike {
            let start = lower.len();
            lower.push_str(&run.to_ascii_lowercase());
            ranges.push((start, lower.len()));
            lower.push(' ');
            continue;
        }
        split_run(run, lower, ranges);
        lower.push(' ');
    }
}

/// Splits one alphanumeric run at camelCase and letter/digit boundaries.
fn split_run(run: &str, lower: &mut String, ranges: &mut Vec<(usize, usize)>) {
    #[derive(PartialEq, Clone, Copy)]
    enum K {
        Lower,
        Upper,
        Digit,
    }
    let kind = |c: char| {
        if c.is_numeric() {
            K::Digit
        } else if c.is_uppercase() {
            K::Upper
        } else {
            K::Lower
        }
    };
    let mut word_start = lower.len();
    let mut prev: Option<K> = None;
    let mut chars = run.chars().peekable();
    while let Some(c) = chars.next() {
        let k = kind(c);
        let next = chars.peek().map(|&n| kind(n));
        let boundary = match (prev, k) {
            (None, _) => false,
            (Some(K::Lower), K::Upper) => true,
            (Some(K::Digit), K::Lower | K::Upper) | (Some(K::Lower | K::Upper), K::Digit) => true,
            // "HTMLParser": the P starts a word because a lower-case letter follows.
            (Some(K::Upper), K::Upper) => next == Some(K::Lower),
            _ => false,
        };
        if boundary && lower.len() > word_start {
            ranges.push((word_start, lower.len()));
            word_start = lower.len();
        }
        if c.is_ascii() {
            lower.push(c.to_ascii_lowercase());
        } else {
            lower.extend(c.to_lowercase());
        }
        prev = Some(k);
    }
    if lower.len() > word_start {
        ranges.push((word_start, lower.len()));
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
        assert_eq!(
            words("p-e1ad 5ad3f0 a2a_kit"),
            ["p", "e1ad", "5ad3f0", "a", "2", "a", "kit"]
        );
    }

    #[test]
    fn ad_matches_ad_slot_never_header_or_download() {
        let t = TokenTable::parse("[ads]\nad\nadvert*\n[social]\nshare bar\n", "t", |n| {
            n.parse().ok()
        });
        assert_eq!(find(&t, "ad-slot").as_deref(), Some("ad"));
        assert_eq!(find(&t, "adSlot").as_deref(), Some("ad"));
        assert_eq!(find(&t, "header download load-more shadow"), None);
        assert_eq!(find(&t, "advertisement").as_deref(), Some("advert*"));
        assert_eq!(find(&t, "top share-bar").as_deref(), Some("share bar"));
        assert_eq!(find(&t, "share"), None);
    }

    #[test]
    fn split_words_read_in_place_match_as_a_slice() {
        let (t, w) = (TokenTable::builtin(), TokenTable::weights());
        for v in [
            "",
            "c-adSlot__top2",
            "article-body main-content",
            "social-share-bar top",
            "advertisement comment-list",
            "sidebar newsletter-signup",
            "xyz 5ad3f0",
        ] {
            let (mut lower, mut ranges) = (String::new(), Vec::new());
            split_words(v, &mut lower, &mut ranges);
            let refs: Vec<&str> = ranges.iter().map(|&(s, e)| &lower[s..e]).collect();
            assert_eq!(t.find_split(&lower, &ranges), t.find(&refs), "{v}");
            assert_eq!(w.kinds_split(&lower, &ranges), w.kinds(&refs), "{v}");
        }
    }

    #[test]
    fn weights_name_kinds_of_class() {
        let w = TokenTable::weights();
        assert_eq!(w.errors(), &[] as &[String]);
        let kinds = |v: &str| {
            let ws = words(v);
            let refs: Vec<&str> = ws.iter().map(String::as_str).collect();
            w.kinds(&refs)
        };
        assert_ne!(kinds("article-body") & (1 << WeightKind::Positive as u8), 0);
        assert_ne!(kinds("comment-list") & (1 << WeightKind::Negative as u8), 0);
        assert_eq!(kinds("xyz"), 0);
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
