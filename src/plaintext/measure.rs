//! Measuring a line: its words, whether it reads like prose, the lexicon phrases in it and the
//! characters they cover, and what else it is (an icon, card brands, a player's label).

use super::{Line, Special, NCAT, NONE};
use crate::category::Category;
use crate::lexicon::Lexicon;

/// Characters of buttons and icons: close, menu, arrows, bullets, likes.
const ICONS: &str = "×✕✖✗✘⨯☰≡⋮⋯…›‹»«▲▼▶◀►◄↑↓→←↗⤴•·♥❤★☆✓✔";
/// A payment-method line holds only these words and at least one of the first five.
const PAYMENT_WORDS: &[&str] = &[
    "visa",
    "mastercard",
    "americanexpress",
    "amex",
    "paypal",
    "maestro",
    "american",
    "express",
    "apple",
    "google",
    "pay",
    "discover",
    "jcb",
    "unionpay",
    "sepa",
    "card",
    "cards",
];

/// Splits at `\n`, `\r\n` and `\r`, yielding (line number, line).
fn split_lines(input: &str) -> impl Iterator<Item = (u32, &str)> {
    let mut rest = input;
    let mut no = 0u32;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (line, next) = match rest.find(['\n', '\r']) {
            Some(i) => {
                let skip = if rest.get(i..i + 2) == Some("\r\n") {
                    2
                } else {
                    1
                };
                (rest.get(..i)?, rest.get(i + skip..)?)
            }
            None => (rest, ""),
        };
        rest = next;
        let item = (no, line);
        no = no.saturating_add(1);
        Some(item)
    })
}

pub(super) fn measure_all<'a>(input: &'a str, lex: &Lexicon) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut blank = true;
    let mut hits = Vec::new();
    let mut spans = Vec::new();
    let mut norm = String::new();
    for (no, raw) in split_lines(input) {
        let text = raw.trim();
        if text.is_empty() {
            blank = true;
            continue;
        }
        lines.push(measure(
            lex, no, text, blank, &mut hits, &mut spans, &mut norm,
        ));
        blank = false;
    }
    lines
}

/// Measures one line: words, prose, phrases (with the characters they cover).
fn measure<'a>(
    lex: &Lexicon,
    no: u32,
    text: &'a str,
    block_start: bool,
    hits: &mut Vec<(u32, u32)>,
    spans: &mut Vec<(u32, u32, usize, u8)>,
    norm: &mut String,
) -> Line<'a> {
    let Scan {
        words,
        nchars,
        numbers,
    } = scan(lex, text, hits, norm);
    let Weights {
        scores,
        maxw,
        best_ci,
    } = weigh(lex, hits, spans);
    let denom = nchars.saturating_sub(numbers).max(1) as f32;
    let Coverage {
        cov,
        cov_all,
        best,
        lead,
    } = coverage(lex, hits, spans, best_ci, denom);
    let cat = best_ci.and_then(|i| Category::ALL.get(i).copied());
    let core = text.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', '\u{bb}', ')', ']']);
    let terminal = core.ends_with(['.', '!', '?', '\u{2026}']);
    let special = special(lex, text, norm, words);
    Line {
        no,
        text,
        block_start,
        nchars,
        words,
        prose: (words >= 8 && (terminal || nchars >= 100)) || nchars >= 150,
        ellipsis: text.ends_with('\u{2026}') || text.ends_with("..."),
        special,
        scores,
        cat,
        weight: best_ci.and_then(|i| maxw.get(i).copied()).unwrap_or(0),
        cov,
        cov_all,
        best,
        lead: lead.filter(|l| Some(*l) == cat),
        group: NONE,
        protect: false,
    }
}

/// A line's words as the phrase automaton read them (`scan`).
struct Scan {
    words: u32,
    /// Normalised characters (words and single spaces).
    nchars: u32,
    /// Normalised characters in numbers, which do not count against phrase coverage.
    numbers: u32,
}

/// Feeds a line to the phrase automaton as normalised words, collecting its phrase hits and the
/// start of its normalised text.
fn scan(lex: &Lexicon, text: &str, hits: &mut Vec<(u32, u32)>, norm: &mut String) -> Scan {
    // The automaton sees " word word " (as `Lexicon::find_all` feeds it); a phrase hit arrives
    // with the space after it, at stream position `end`, and covers `end - len .. end`.
    hits.clear();
    norm.clear();
    norm.push(' ');
    let mut state = 0u32;
    lex.step(&mut state, ' ', &mut |_| {});
    let mut pos = 1u32;
    let mut at_break = true;
    let mut words = 0u32;
    let mut feed = |c: char, state: &mut u32, pos: &mut u32, norm: &mut String| {
        let p = *pos;
        lex.step(state, c, &mut |id| hits.push((id, p)));
        *pos = pos.saturating_add(1);
        if norm.len() < 160 {
            norm.push(c);
        }
    };
    // Numbers ("Comments (12)") do not count against phrase coverage.
    let (mut word_at, mut number, mut numbers) = (0u32, false, 0u32);
    // A run of Chinese or Japanese counts as one word, but the automaton sees each character as
    // a word of its own (see `lexicon::is_cjk`).
    let mut cjk_run = false;
    for c in text.chars() {
        if crate::lexicon::is_cjk(c) {
            if !at_break {
                if number {
                    numbers += pos - word_at + 1;
                }
                feed(' ', &mut state, &mut pos, norm);
            }
            if !cjk_run {
                words += 1;
            }
            (cjk_run, number, at_break) = (true, false, true);
            feed(c, &mut state, &mut pos, norm);
            feed(' ', &mut state, &mut pos, norm);
            continue;
        }
        cjk_run = false;
        if c.is_alphanumeric() {
            if at_break {
                words += 1;
                at_break = false;
                (word_at, number) = (pos, true);
            }
            number &= c.is_numeric();
            for l in c.to_lowercase() {
                feed(l, &mut state, &mut pos, norm);
            }
        } else if !at_break {
            if number {
                numbers += pos - word_at + 1;
            }
            feed(' ', &mut state, &mut pos, norm);
            at_break = true;
        }
    }
    if !at_break {
        if number {
            numbers += pos - word_at + 1;
        }
        feed(' ', &mut state, &mut pos, norm);
    }
    let nchars = if words > 0 { pos.saturating_sub(2) } else { 0 };
    Scan {
        words,
        nchars,
        numbers,
    }
}

/// A line's phrase weights (`weigh`).
struct Weights {
    /// Phrase weights per category.
    scores: [u8; NCAT],
    /// The heaviest phrase weight per category.
    maxw: [u8; NCAT],
    /// The category (index) with the most weight, ties to the heaviest phrase.
    best_ci: Option<usize>,
}

/// Adds up the phrase hits' weights per category, and lists their spans (start, end, category
/// index, weight), sorted by start, in `spans`.
fn weigh(lex: &Lexicon, hits: &[(u32, u32)], spans: &mut Vec<(u32, u32, usize, u8)>) -> Weights {
    let mut scores = [0u8; NCAT];
    let mut maxw = [0u8; NCAT];
    spans.clear();
    for &(id, end) in hits.iter() {
        if let Some(ph) = lex.phrase(id) {
            let ci = ph.category.index();
            if let (Some(s), Some(m)) = (scores.get_mut(ci), maxw.get_mut(ci)) {
                *s = s.saturating_add(ph.weight);
                *m = (*m).max(ph.weight);
            }
            spans.push((end.saturating_sub(ph.len), end, ci, ph.weight));
        }
    }
    let mut best_ci = None;
    for ci in 0..NCAT {
        let key = |i: usize| (scores.get(i).copied(), maxw.get(i).copied());
        if scores.get(ci).copied().unwrap_or(0) > 0 && best_ci.is_none_or(|b| key(ci) > key(b)) {
            best_ci = Some(ci);
        }
    }
    crate::order::sort_by_key(spans, |s| s.0);
    Weights {
        scores,
        maxw,
        best_ci,
    }
}

/// What a line's phrases cover (`coverage`).
struct Coverage {
    /// Share of the normalised characters covered by phrases of the best category ...
    cov: f32,
    /// ... and by any phrase.
    cov_all: f32,
    /// The heaviest phrase of the best category.
    best: u32,
    /// The category of a phrase of the best category the line starts with.
    lead: Option<Category>,
}

/// The share of the line (`denom` characters) the phrases cover, in all and of category
/// `best_ci`, and that category's heaviest phrase and leading phrase.
fn coverage(
    lex: &Lexicon,
    hits: &[(u32, u32)],
    spans: &[(u32, u32, usize, u8)],
    best_ci: Option<usize>,
    denom: f32,
) -> Coverage {
    let cov_all = covered(spans.iter().map(|s| (s.0, s.1))) as f32 / denom;
    let (mut cov, mut best, mut best_key, mut lead) = (0.0, NONE, (0u8, 0u32), None);
    if let Some(bc) = best_ci {
        cov = covered(spans.iter().filter(|s| s.2 == bc).map(|s| (s.0, s.1))) as f32 / denom;
        for &(id, end) in hits.iter() {
            if let Some(ph) = lex.phrase(id).filter(|ph| ph.category.index() == bc) {
                if (ph.weight, ph.len) > best_key {
                    best_key = (ph.weight, ph.len);
                    best = id;
                }
                if end.saturating_sub(ph.len) == 1 {
                    lead = Some(ph.category);
                }
            }
        }
    }
    Coverage {
        cov,
        cov_all,
        best,
        lead,
    }
}

/// What else a line is: one or two icons, an audio player's label, card brands.
fn special(lex: &Lexicon, text: &str, norm: &str, words: u32) -> Special {
    let chars = text.chars().count();
    let icon = |c: char| ICONS.contains(c) || ('\u{1f300}'..='\u{1faff}').contains(&c);
    if (chars <= 2 && text.chars().all(icon)) || text == "x" || text == "X" {
        Special::Tiny
    } else if words <= 10
        && lex
            .player_labels()
            .iter()
            .any(|l| norm.contains(l.as_str()))
    {
        Special::Player
    } else if words <= 8 && payment(norm) {
        Special::Payment
    } else {
        Special::No
    }
}

/// Characters covered by spans sorted by start.
fn covered(spans: impl Iterator<Item = (u32, u32)>) -> u32 {
    let (mut total, mut reach) = (0u32, 0u32);
    for (s, e) in spans {
        if e > reach {
            total += e - s.max(reach);
            reach = e;
        }
    }
    total
}

fn payment(norm: &str) -> bool {
    let mut brand = false;
    for w in norm.split_whitespace() {
        match PAYMENT_WORDS.iter().position(|p| *p == w) {
            Some(i) => brand |= i < 5,
            None => return false,
        }
    }
    brand
}
