//! Phrase lexicons: what clutter *says*, per category and language, and a streaming matcher.
//!
//! The lexicon files (`src/lexicon/<lang>.txt`, format in `src/lexicon/README.md`) are embedded at
//! build time. Page text is normalised to lower-case words separated by single spaces
//! ([`normalize_char`]); phrases are normalised the same way and padded with a space on both
//! sides, so an Aho–Corasick automaton over characters finds them at word boundaries while the text
//! streams by, in chunks of any size. Chinese and Japanese do not put spaces between words, so
//! each of their characters is a word of its own ([`is_cjk`]): a phrase in them matches anywhere in
//! a run, as a phrase in a spaced language matches at word boundaries.

use crate::category::Category;
use std::collections::HashMap;

/// The embedded lexicons: (language, file text).
pub(crate) static LEXICONS: &[(&str, &str)] = &[
    ("en", include_str!("en.txt")),
    ("de", include_str!("de.txt")),
    ("fr", include_str!("fr.txt")),
    ("es", include_str!("es.txt")),
    ("it", include_str!("it.txt")),
    ("pt", include_str!("pt.txt")),
    ("pl", include_str!("pl.txt")),
    ("ru", include_str!("ru.txt")),
    ("uk", include_str!("uk.txt")),
    ("zh", include_str!("zh.txt")),
    ("ja", include_str!("ja.txt")),
    ("ko", include_str!("ko.txt")),
];

/// Maps one page character to what the matcher sees: letters and digits lower-cased, everything
/// else a word break (`None`).
#[inline]
pub(crate) fn normalize_char(c: char, out: &mut impl FnMut(char)) -> bool {
    if c.is_alphanumeric() {
        if c.is_ascii() {
            out(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut *out);
        }
        true
    } else {
        false
    }
}

/// Han ideographs, hiragana and katakana: scripts written without spaces between words, whose
/// every character the matcher takes as a word. (Hangul is written with spaces.)
#[inline]
pub(crate) fn is_cjk(c: char) -> bool {
    c >= '\u{3040}'
        && matches!(c,
        '\u{3040}'..='\u{30ff}'      // hiragana, katakana (with the prolonged sound mark)
        | '\u{31f0}'..='\u{31ff}'    // katakana phonetic extensions
        | '\u{3400}'..='\u{4dbf}'    // CJK extension A
        | '\u{4e00}'..='\u{9fff}'    // CJK unified ideographs
        | '\u{f900}'..='\u{faff}'    // compatibility ideographs
        | '\u{ff66}'..='\u{ff9f}'    // half-width katakana
        | '\u{20000}'..='\u{3134f}') // extensions B-G
}

/// Normalises a whole phrase: `" become a member "`, `" 相 关 新 闻 "`.
fn normalize_phrase(text: &str) -> String {
    let mut out = String::from(" ");
    for c in text.chars() {
        if is_cjk(c) {
            if !out.ends_with(' ') {
                out.push(' ');
            }
            out.push(c);
            out.push(' ');
        } else if !normalize_char(c, &mut |n| out.push(n)) && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// How long a normalised phrase is on the page, as the analysis pass measures text: without the
/// padding and the spaces set between Chinese and Japanese characters, each of which counts twice
/// (as in `Analyzer::on_text`).
fn page_len(normalised: &str) -> u32 {
    let chars: Vec<char> = normalised.chars().collect();
    let inner = chars.get(1..chars.len().saturating_sub(1)).unwrap_or(&[]);
    let separators = inner
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            c == ' '
                && (i
                    .checked_sub(1)
                    .and_then(|j| inner.get(j))
                    .is_some_and(|&p| is_cjk(p))
                    || inner.get(i + 1).is_some_and(|&n| is_cjk(n)))
        })
        .count();
    let cjk = inner.iter().filter(|&&c| is_cjk(c)).count();
    (inner.len() - separators + cjk) as u32
}

/// One lexicon entry.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// The phrase as written in the lexicon.
    pub text: String,
    /// Its category.
    pub category: Category,
    /// 1 (weak) to 3 (alone marks a short block as clutter).
    pub weight: u8,
    /// Language code of the lexicon file.
    pub lang: &'static str,
    /// Length in characters of the normalised phrase without its padding.
    pub(crate) len: u32,
    /// Page characters the phrase covers ([`page_len`]).
    pub(crate) page_len: u32,
}

/// A problem in a lexicon file (reported by tests; the line is skipped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// Language of the file.
    pub lang: &'static str,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Debug, Default, Clone)]
struct State {
    /// Sorted by character.
    next: Vec<(char, u32)>,
    fail: u32,
    /// Phrase ending exactly here, if any.
    out: Option<u32>,
    /// Nearest state along the fail chain that has an output (0 = none).
    out_link: u32,
}

/// All phrases of all languages, compiled into one automaton.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub(crate) phrases: Vec<Phrase>,
    states: Vec<State>,
    /// Dense transitions out of the root for ASCII, the common case.
    root_ascii: [u32; 128],
    /// The state a space leads to from the root (where every word starts; 0 if none), and its
    /// dense transitions for ASCII: it has the most.
    space: u32,
    space_ascii: [u32; 128],
    pub(crate) errors: Vec<LexiconError>,
    /// Audio-player labels ("listen to this article"), normalised and padded with a space each
    /// side, from the `[player]` sections: plain-text pastes drop a short line holding one.
    player_labels: Vec<String>,
}

impl Lexicon {
    /// A lexicon without phrases.
    pub(crate) fn empty() -> Self {
        Self::from_phrases(Vec::new(), Vec::new(), Vec::new())
    }

    /// Builds the lexicon from the embedded files.
    pub fn builtin() -> Self {
        let mut phrases = Vec::new();
        let mut errors = Vec::new();
        let mut labels = Vec::new();
        for (lang, text) in LEXICONS {
            parse_file(lang, text, &mut phrases, &mut labels, &mut errors);
        }
        Self::from_phrases(phrases, labels, errors)
    }

    /// The audio-player labels of every language, normalised and padded (` listen to this
    /// article `).
    pub(crate) fn player_labels(&self) -> &[String] {
        &self.player_labels
    }

    fn from_phrases(
        mut phrases: Vec<Phrase>,
        player_labels: Vec<String>,
        errors: Vec<LexiconError>,
    ) -> Self {
        // Same normalised phrase twice (e.g. in two languages): keep the heavier one.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut keep = vec![true; phrases.len()];
        let normalised: Vec<String> = phrases.iter().map(|p| normalize_phrase(&p.text)).collect();
        for (i, n) in normalised.iter().enumerate() {
            if let Some(&j) = seen.get(n) {
                if phrases[i].weight > phrases[j].weight {
                    keep[j] = false;
                    seen.insert(n.clone(), i);
                } else {
                    keep[i] = false;
                }
            } else {
                seen.insert(n.clone(), i);
            }
        }
        let mut kept = Vec::new();
        let mut kept_norm = Vec::new();
        for (i, p) in phrases.drain(..).enumerate() {
            if keep[i] {
                kept_norm.push(normalised[i].clone());
                kept.push(p);
            }
        }
        let mut lex = Lexicon {
            phrases: kept,
            states: vec![State::default()],
            root_ascii: [0; 128],
            space: 0,
            space_ascii: [0; 128],
            errors,
            player_labels,
        };
        for (id, n) in kept_norm.iter().enumerate() {
            lex.phrases[id].len = n.chars().count().saturating_sub(2) as u32;
            lex.phrases[id].page_len = page_len(n);
            lex.insert(n, id as u32);
        }
        lex.build_links();
        lex
    }

    fn insert(&mut self, pattern: &str, id: u32) {
        let mut s = 0usize;
        for c in pattern.chars() {
            s = match self.states[s].next.binary_search_by_key(&c, |(k, _)| *k) {
                Ok(i) => self.states[s].next[i].1 as usize,
                Err(i) => {
                    let new = self.states.len() as u32;
                    self.states.push(State::default());
                    self.states[s].next.insert(i, (c, new));
                    new as usize
                }
            };
        }
        self.states[s].out = Some(id);
    }

    fn build_links(&mut self) {
        let mut queue = std::collections::VecDeque::new();
        let root_children: Vec<(char, u32)> = self.states[0].next.clone();
        for (c, s) in root_children {
            self.states[s as usize].fail = 0;
            queue.push_back(s);
            if (c as u32) < 128 {
                self.root_ascii[c as usize] = s;
            }
        }
        self.space = self.root_ascii[usize::from(b' ')];
        if self.space != 0 {
            for &(c, t) in &self.states[self.space as usize].next {
                if (c as u32) < 128 {
                    self.space_ascii[c as usize] = t;
                }
            }
        }
        while let Some(s) = queue.pop_front() {
            let children = self.states[s as usize].next.clone();
            for (c, child) in children {
                let mut f = self.states[s as usize].fail;
                let target = loop {
                    if let Some(t) = self.lookup(f, c) {
                        break t;
                    }
                    if f == 0 {
                        break 0;
                    }
                    f = self.states[f as usize].fail;
                };
                let fail = if target == child { 0 } else { target };
                self.states[child as usize].fail = fail;
                self.states[child as usize].out_link = if self.states[fail as usize].out.is_some() {
                    fail
                } else {
                    self.states[fail as usize].out_link
                };
                queue.push_back(child);
            }
        }
    }

    #[inline]
    fn lookup(&self, s: u32, c: char) -> Option<u32> {
        if (c as u32) < 128 {
            if s == 0 {
                let t = self.root_ascii[c as usize];
                return (t != 0).then_some(t);
            }
            if s == self.space {
                let t = self.space_ascii[c as usize];
                return (t != 0).then_some(t);
            }
        }
        let st = &self.states[s as usize];
        st.next
            .binary_search_by_key(&c, |(k, _)| *k)
            .ok()
            .map(|i| st.next[i].1)
    }

    /// One step of the automaton; calls `hit` with each phrase that ends at `c`.
    #[inline]
    pub(crate) fn step(&self, state: &mut u32, c: char, hit: &mut impl FnMut(u32)) {
        let mut s = *state;
        loop {
            if let Some(t) = self.lookup(s, c) {
                s = t;
                break;
            }
            if s == 0 {
                break;
            }
            s = self.states[s as usize].fail;
        }
        *state = s;
        if s == 0 {
            return;
        }
        let st = &self.states[s as usize];
        if let Some(id) = st.out {
            hit(id);
        }
        let mut o = st.out_link;
        while o != 0 {
            let ost = &self.states[o as usize];
            if let Some(id) = ost.out {
                hit(id);
            }
            o = ost.out_link;
        }
    }

    /// The phrase with this id.
    pub fn phrase(&self, id: u32) -> Option<&Phrase> {
        self.phrases.get(id as usize)
    }

    /// All phrases.
    pub fn phrases(&self) -> &[Phrase] {
        &self.phrases
    }

    /// Lines of the embedded lexicons that could not be read.
    pub fn errors(&self) -> &[LexiconError] {
        &self.errors
    }

    /// Finds the phrases in a complete text (used for plain-text input and attribute values).
    pub fn find_all(&self, text: &str) -> Vec<u32> {
        let mut m = PhraseScanner::default();
        let mut hits = Vec::new();
        m.boundary(self, &mut |id| hits.push(id));
        for c in text.chars() {
            m.feed(self, c, &mut |id| hits.push(id));
        }
        m.boundary(self, &mut |id| hits.push(id));
        hits
    }
}

/// Streaming state: feeds page characters into the automaton with word-boundary handling.
///
/// The automaton sees `" word word "`: one space before the first word, one space for every run of
/// non-word characters and for every element boundary.
#[derive(Debug, Clone, Default)]
pub(crate) struct PhraseScanner {
    state: u32,
    /// The last thing fed to the automaton was a space.
    at_break: bool,
    /// Something was fed already.
    started: bool,
}

impl PhraseScanner {
    /// Feeds one page character.
    #[inline]
    pub(crate) fn feed(&mut self, lex: &Lexicon, c: char, hit: &mut impl FnMut(u32)) {
        if c.is_ascii_alphanumeric() {
            self.word_start(lex);
            lex.step(&mut self.state, c.to_ascii_lowercase(), hit);
        } else if is_cjk(c) {
            self.boundary(lex, hit);
            self.word_start(lex);
            lex.step(&mut self.state, c, hit);
            self.boundary(lex, hit);
        } else if !c.is_ascii() && c.is_alphanumeric() {
            self.word_start(lex);
            for l in c.to_lowercase() {
                lex.step(&mut self.state, l, hit);
            }
        } else {
            self.boundary(lex, hit);
        }
    }

    #[inline]
    fn word_start(&mut self, lex: &Lexicon) {
        if !self.started {
            // A phrase can only start after a space, so the stream begins with one (no phrase can
            // end on it).
            lex.step(&mut self.state, ' ', &mut |_| {});
            self.started = true;
        }
        self.at_break = false;
    }

    /// A word boundary that is not a character (an element starts or ends).
    #[inline]
    pub(crate) fn boundary(&mut self, lex: &Lexicon, hit: &mut impl FnMut(u32)) {
        if !self.at_break {
            self.at_break = true;
            self.started = true;
            lex.step(&mut self.state, ' ', hit);
        }
    }
}

/// The section a lexicon line is in.
#[derive(Clone, Copy)]
enum Section {
    /// Before any header, or after an unknown one.
    None,
    /// `[category]`: `weight phrase` lines.
    Phrases(Category),
    /// `[player]`: audio-player labels, a phrase per line without a weight.
    Player,
}

fn parse_file(
    lang: &'static str,
    text: &str,
    phrases: &mut Vec<Phrase>,
    labels: &mut Vec<String>,
    errors: &mut Vec<LexiconError>,
) {
    let mut section = Section::None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message: String| LexiconError {
            lang,
            line: i + 1,
            message,
        };
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = match name.parse::<Category>() {
                _ if name == "player" => Section::Player,
                Ok(c) if !matches!(c, Category::Unsafe | Category::Hidden | Category::Other) => {
                    Section::Phrases(c)
                }
                _ => {
                    errors.push(err(format!("unknown category [{name}]")));
                    Section::None
                }
            };
            continue;
        }
        let cat = match section {
            Section::Phrases(c) => c,
            Section::Player => {
                let label = normalize_phrase(line);
                if label.trim().is_empty() {
                    errors.push(err("empty player label".into()));
                } else {
                    labels.push(label);
                }
                continue;
            }
            Section::None => {
                errors.push(err("phrase before any [category] header".into()));
                continue;
            }
        };
        let (w, phrase) = match line.split_once(char::is_whitespace) {
            Some((w, p)) => (w, p.trim()),
            None => (line, ""),
        };
        let weight = match w.parse::<u8>() {
            Ok(n @ 1..=3) => n,
            _ => {
                errors.push(err(format!(
                    "expected `weight phrase` with weight 1-3, got `{line}`"
                )));
                continue;
            }
        };
        if normalize_phrase(phrase).trim().is_empty() {
            errors.push(err("empty phrase".into()));
            continue;
        }
        phrases.push(Phrase {
            text: phrase.to_string(),
            category: cat,
            weight,
            lang,
            len: 0,
            page_len: 0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn player_labels_are_lexicon_data_normalised_and_padded() {
        let lex = Lexicon::builtin();
        assert!(lex.errors.is_empty(), "{:?}", lex.errors);
        let labels = lex.player_labels();
        for want in [
            " listen to this article ",
            " artikel anhören ",
            " ascolta l articolo ",
        ] {
            assert!(
                labels.iter().any(|l| l == want),
                "{want:?} not in {labels:?}"
            );
        }
        assert!(labels.iter().any(|l| l == " слушать статью "));
        // A label is not a phrase: it does not mark blocks of the page.
        assert!(lex.find_all("listen to this article").is_empty());
    }

    fn lexicon(entries: &[(&str, Category, u8)]) -> Lexicon {
        let phrases = entries
            .iter()
            .map(|(t, c, w)| Phrase {
                text: t.to_string(),
                category: *c,
                weight: *w,
                lang: "en",
                len: 0,
                page_len: 0,
            })
            .collect();
        Lexicon::from_phrases(phrases, Vec::new(), Vec::new())
    }

    fn texts(lex: &Lexicon, text: &str) -> Vec<String> {
        lex.find_all(text)
            .into_iter()
            .map(|id| lex.phrases[id as usize].text.clone())
            .collect()
    }

    #[test]
    fn matches_at_word_boundaries_only() {
        let lex = lexicon(&[
            ("support us", Category::Membership, 2),
            ("ad", Category::Ads, 1),
        ]);
        assert_eq!(texts(&lex, "Please SUPPORT us."), ["support us"]);
        assert!(texts(&lex, "supportus; we support usage; header load").is_empty());
        assert_eq!(texts(&lex, "an ad, here"), ["ad"]);
    }

    #[test]
    fn chinese_and_japanese_match_inside_runs_of_text() {
        let lex = lexicon(&[
            ("相关新闻", Category::Related, 2),
            ("分享到微信", Category::Social, 3),
            ("ツイート", Category::Social, 2),
            ("cookieを使用", Category::Consent, 3),
        ]);
        // No spaces in these scripts: a phrase is found wherever its characters stand together.
        assert_eq!(texts(&lex, "【相关新闻】"), ["相关新闻"]);
        assert_eq!(texts(&lex, "据相关新闻报道"), ["相关新闻"]);
        assert_eq!(texts(&lex, "点此分享到微信朋友圈"), ["分享到微信"]);
        assert_eq!(texts(&lex, "ツイートする"), ["ツイート"]);
        assert_eq!(
            texts(&lex, "当サイトではCookieを使用しています"),
            ["cookieを使用"]
        );
        // Not when other characters come between; spaces and punctuation between characters of
        // these scripts are only typography ("分享到：微信").
        assert!(texts(&lex, "相关的新闻").is_empty());
        assert_eq!(texts(&lex, "分享到： 微信"), ["分享到微信"]);
        // A Latin word stays a whole word next to them.
        assert!(texts(&lex, "mycookieを使用").is_empty());
    }

    #[test]
    fn page_length_counts_what_the_analysis_pass_counts() {
        // Padding and the spaces set between Chinese or Japanese characters are not on the page;
        // those characters count twice, as the analysis pass counts them.
        assert_eq!(page_len(&normalize_phrase("相关新闻")), 8);
        assert_eq!(page_len(&normalize_phrase("support us")), 10);
        assert_eq!(page_len(&normalize_phrase("cookieを使用")), 12);
    }

    #[test]
    fn overlapping_phrases_all_match() {
        let lex = lexicon(&[
            ("support us", Category::Membership, 2),
            ("support us monthly", Category::Membership, 3),
            ("us", Category::Ads, 1),
        ]);
        let mut found = texts(&lex, "please support us monthly");
        found.sort();
        assert_eq!(found, ["support us", "support us monthly", "us"]);
    }

    #[test]
    fn apostrophes_and_case_normalise_like_the_page() {
        let lex = lexicon(&[
            ("Editors' Picks", Category::Related, 3),
            ("Не готовы", Category::Membership, 2),
        ]);
        assert_eq!(texts(&lex, "EDITORS’ PICKS"), ["Editors' Picks"]);
        assert_eq!(texts(&lex, "Вы не ГОТОВЫ?"), ["Не готовы"]);
    }

    #[test]
    fn builtin_lexicons_parse_without_errors() {
        let lex = Lexicon::builtin();
        assert_eq!(lex.errors(), &[] as &[LexiconError]);
        for lang in ["en", "de", "fr", "es", "it", "pt", "pl", "ru", "uk"] {
            assert!(
                lex.phrases.iter().filter(|p| p.lang == lang).count() >= 20,
                "{lang}"
            );
        }
    }
}
