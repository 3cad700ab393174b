//! Whether a page holds only the start of a paywalled article: the saved page of a story that
//! ends at its teaser ("… said on Tuesday. All…"), because the site sent no more to a reader
//! without a subscription. Cleaning removes the paywall prompt; it cannot bring back text that
//! was never sent, so the result says so ([`crate::CleanResult::truncated`]).
//!
//! A paywall sign alone is not enough: many sites mark every article as not free, or send a
//! paywall prompt hidden by their own script, together with the whole text. So a page is
//! truncated when it has a paywall sign *and* its article looks cut off: a paragraph near the end
//! breaks off with an ellipsis, or the page shows far fewer words than its JSON-LD `wordCount`.

use crate::analysis::metadata::Access;
use crate::category::Category;
use crate::report::{Removal, Truncation};

/// A paragraph that breaks off has at least this many words (not "Read more…").
const CUT_OFF_MIN_WORDS: usize = 8;
/// How many of the last lines of the text may hold it (a credit or copyright line may follow).
const CUT_OFF_LAST_LINES: usize = 3;
/// Characters of the cut-off paragraph kept as evidence.
const CUT_OFF_SHOWN: usize = 80;
/// A stated word count is believed from this many words on.
const STATED_MIN: u32 = 100;

/// The signs on a cleaned page, and whether they add up to a truncated article.
pub(crate) fn detect(text: &str, removed: &[Removal], access: Access) -> (bool, Truncation) {
    let paywall_removals = removed
        .iter()
        .filter(|r| r.category == Category::Paywall)
        .count();
    let t = Truncation {
        not_free: access.not_free,
        paywall_removals: u32::try_from(paywall_removals).unwrap_or(u32::MAX),
        cut_off: cut_off(text),
        words: words(text),
        stated_words: access.stated_words,
    };
    let paywall = t.not_free || t.paywall_removals > 0;
    let short = t
        .stated_words
        .is_some_and(|s| s >= STATED_MIN && t.words.saturating_mul(2) < s);
    (paywall && (t.cut_off.is_some() || short), t)
}

/// The end of the article's last paragraph, when it breaks off with an ellipsis. The last
/// paragraph is the last line of at least [`CUT_OFF_MIN_WORDS`] words among the last few lines,
/// passing over a copyright line after it.
fn cut_off(text: &str) -> Option<String> {
    // The last few lines only, read from the end.
    let line = text
        .lines()
        .rev()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(CUT_OFF_LAST_LINES)
        .filter(|l| l.split_whitespace().count() >= CUT_OFF_MIN_WORDS)
        .find(|l| !is_copyright(l))?;
    if !(line.ends_with('…') || line.ends_with("...")) {
        return None;
    }
    let n = line.chars().count();
    Some(if n > CUT_OFF_SHOWN {
        let tail: String = line.chars().skip(n - (CUT_OFF_SHOWN - 1)).collect();
        format!("…{}", tail.trim_start())
    } else {
        line.to_string()
    })
}

fn is_copyright(line: &str) -> bool {
    let l = line.to_lowercase();
    l.contains('©') || l.starts_with("copyright") || l.contains("all rights reserved")
}

/// Words in `text`; in scripts written without spaces (Han, kana) each character is a word.
fn words(text: &str) -> u32 {
    // One pass: a white-space-separated word counts each unspaced character, and one more when
    // it holds another letter or digit.
    let mut n = 0usize;
    let mut rest = false;
    for c in text.chars() {
        if c.is_whitespace() {
            n += usize::from(rest);
            rest = false;
        } else if is_unspaced(c) {
            n += 1;
        } else if c.is_alphanumeric() {
            rest = true;
        }
    }
    n += usize::from(rest);
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn is_unspaced(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Action, Reason};

    fn paywall(id: u32) -> Removal {
        Removal {
            id,
            tag: "div".into(),
            category: Category::Paywall,
            action: Action::Remove,
            reason: Reason::Structure {
                signal: "test".into(),
            },
            excerpt: "Continue reading with a subscription".into(),
        }
    }

    const CUT: &str = "Harbour wall to be rebuilt\nThe council approved the money on Tuesday after a long debate.\nWork starts in spring, the engineers said, and the old stones will be kept for the new wall. All…";
    const WHOLE: &str = "Harbour wall to be rebuilt\nThe council approved the money on Tuesday after a long debate.\nWork starts in spring, the engineers said.";

    #[test]
    fn a_cut_off_paragraph_with_a_paywall_sign_is_truncated() {
        let (t, why) = detect(CUT, &[paywall(7)], Access::default());
        assert!(t);
        assert_eq!(why.paywall_removals, 1);
        // Longer than shown: its end, marked as cut.
        let shown = why.cut_off.expect("cut off");
        assert!(
            shown.starts_with('…') && shown.ends_with("for the new wall. All…"),
            "{shown}"
        );
        assert!(shown.chars().count() <= CUT_OFF_SHOWN);
        let not_free = Access {
            not_free: true,
            stated_words: None,
        };
        assert!(detect(CUT, &[], not_free).0);
        // Three dots too, and a copyright line after it.
        let dots = "Intro line here\nThe council approved the money on Tuesday after a debate that...\nCopyright 2024 The Harbour Post. All rights reserved.";
        assert!(detect(dots, &[], not_free).0);
    }

    #[test]
    fn a_paywall_sign_or_an_ellipsis_alone_is_not_truncation() {
        let not_free = Access {
            not_free: true,
            stated_words: None,
        };
        assert!(!detect(WHOLE, &[paywall(3)], not_free).0, "whole text");
        let (t, why) = detect(CUT, &[], Access::default());
        assert!(!t, "no paywall sign");
        assert!(why.cut_off.is_some());
        // An ellipsis in an earlier paragraph is not where the text stops.
        let earlier = "Headline of the story\nThey said they would believe it when they saw it...\nThe first crossing left the harbour late and arrived on time.";
        assert_eq!(cut_off(earlier), None);
        // A short "Read more…" line is no cut-off paragraph.
        assert_eq!(
            cut_off("A long paragraph of the article that ends well.\nRead more…"),
            None
        );
    }

    #[test]
    fn far_fewer_words_than_stated_is_truncation() {
        let stated = |n| Access {
            not_free: true,
            stated_words: Some(n),
        };
        assert!(detect(WHOLE, &[], stated(1200)).0);
        assert!(
            !detect(WHOLE, &[], stated(40)).0,
            "wordCount below what is believed"
        );
        let (t, why) = detect(WHOLE, &[], stated(30));
        assert!(!t);
        assert_eq!(why.words, 23);
        // Without a paywall sign, a short page is just short.
        let free = Access {
            not_free: false,
            stated_words: Some(1200),
        };
        assert!(!detect(WHOLE, &[], free).0);
    }

    #[test]
    fn words_count_han_and_kana_by_character() {
        assert_eq!(words("港の壁を再建 ok fine"), 8);
        assert_eq!(words("one two — three"), 3);
        assert_eq!(words(""), 0);
    }
}
