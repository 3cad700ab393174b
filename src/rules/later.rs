//! Selectors answered once the whole document has been read: sibling combinators, `:has()`,
//! `:has-text()`, `:last-child` and kin, `:empty`, `:not()`/`:is()` of those, `:upward()`.
//!
//! A start tag tells neither what an element holds nor what follows it; but decisions are made
//! after pass 1, so a rule may wait for the end of the document. Pass 1 records, for each
//! element, which *atoms* it matched — the start-tag part of every compound in the active
//! rules, matched like plain rules through an index (`Session`) — plus its text when a rule
//! reads text. Here each selector is then evaluated over the whole tree at once, as a set of
//! elements (a bit per element), from the tree pass 1 already keeps: every element's parent
//! and last descendant (so its children, siblings and subtree are known).
//!
//! Every step is a linear pass over the elements in document order or its reverse:
//! `a b` marks the elements with a marked ancestor (parents come first), `a + b` and `a ~ b`
//! those after a marked sibling; `:has(> b)` marks the parents of marked elements, `:has(b)`
//! the elements with a marked element among their descendants (a prefix count over the
//! document), `:has(+ b)`/`:has(~ b)` the elements before a marked sibling. So a rule costs
//! `O(elements × its compounds)` whatever its shape, there is no backtracking, and memory is a
//! few bits and words per element. Text is tested only on elements the rest of their compound
//! already matched, literal strings by a binary search among their occurrences in the page's
//! text, regular expressions within a step budget per page.

use super::selector::{
    Combinator, Complex, Compound, Later, Procedural, Relative, TextPattern, Upward, NO_ATOM,
};
use super::{FastMap as HashMap, Key};

/// No element.
const NONE: u32 = u32::MAX;
/// Steps the regular expressions of `:has-text()` may take on one page, all rules together
/// (a Pike VM step is a few nanoseconds: well under a second).
const TEXT_REGEX_BUDGET: u64 = 50_000_000;

/// A set of elements, one bit per element ordinal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    pub(crate) fn none(len: usize) -> Self {
        Bits {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    fn all(len: usize) -> Self {
        let mut b = Bits {
            words: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        b.trim();
        b
    }

    fn trim(&mut self) {
        let extra = self.words.len() * 64 - self.len;
        if extra > 0 {
            if let Some(last) = self.words.last_mut() {
                *last &= u64::MAX >> extra;
            }
        }
    }

    pub(crate) fn get(&self, i: u32) -> bool {
        let i = i as usize;
        i < self.len && self.words[i / 64] & (1 << (i % 64)) != 0
    }

    fn set(&mut self, i: u32) {
        let i = i as usize;
        if i < self.len {
            self.words[i / 64] |= 1 << (i % 64);
        }
    }

    fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    fn and(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    fn or(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    fn and_not(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= !b;
        }
    }

    /// The set elements, in document order.
    pub(crate) fn ones(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some((k * 64) as u32 + bit)
            })
        })
    }
}

/// The document as pass 1 recorded it.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    /// Parent of each element (`u32::MAX` at the top).
    pub(crate) parent: Vec<u32>,
    /// Ordinal of the last element inside each element (itself when it has none).
    pub(crate) last_desc: Vec<u32>,
    /// Interned tag name of each element.
    pub(crate) tag: Vec<u16>,
    /// The tag id of `html`, if the page has one.
    pub(crate) html: Option<u16>,
    /// Whether the element holds no text but white space.
    pub(crate) blank: Vec<bool>,
    /// The page's text (when a rule reads text) and each element's byte range in it.
    pub(crate) text: String,
    pub(crate) spans: Vec<(u32, u32)>,
}

/// Atoms matched per element: for each atom id (as the rules know it), the ordinals, in
/// document order.
pub(crate) type Members<'a> = &'a HashMap<u32, Vec<u32>>;

/// One evaluation over one document.
pub(crate) struct Eval<'a> {
    tree: &'a Tree,
    members: Members<'a>,
    n: usize,
    prev: Option<Vec<u32>>,
    next: Option<Vec<u32>>,
    /// Position from the end among siblings, and among siblings of its tag.
    last_index: Option<(Vec<u32>, Vec<u32>)>,
    occurrences: HashMap<String, Vec<u32>>,
    budget: u64,
}

impl<'a> Eval<'a> {
    pub(crate) fn new(tree: &'a Tree, members: Members<'a>) -> Self {
        Eval {
            tree,
            members,
            n: tree.parent.len(),
            prev: None,
            next: None,
            last_index: None,
            occurrences: HashMap::default(),
            budget: TEXT_REGEX_BUDGET,
        }
    }

    /// The elements a rule's selector names (its `:upward()` steps taken); `None` when no
    /// element can be named (on most pages, most rules: their subject's atom matched nothing,
    /// which is told without a pass over the page).
    pub(crate) fn rule(&mut self, list: &[Procedural]) -> Option<Bits> {
        let mut out: Option<Bits> = None;
        for p in list {
            let subject_matched = p.complex.parts.last().is_some_and(|(c, _)| {
                c.atom == NO_ATOM || self.members.get(&c.atom).is_some_and(|l| !l.is_empty())
            });
            if !subject_matched {
                continue;
            }
            let mut bits = self.complex(&p.complex);
            for step in &p.upward {
                if bits.is_empty() {
                    break;
                }
                bits = self.upward(step, &bits);
            }
            match &mut out {
                Some(o) => o.or(&bits),
                None => out = Some(bits),
            }
        }
        out
    }

    fn parent(&self, e: u32) -> u32 {
        self.tree.parent.get(e as usize).copied().unwrap_or(NONE)
    }

    fn next_sibling(&self, e: u32) -> u32 {
        let Some(&last) = self.tree.last_desc.get(e as usize) else {
            return NONE;
        };
        let s = last.saturating_add(1);
        if (s as usize) < self.n && self.parent(s) == self.parent(e) {
            s
        } else {
            NONE
        }
    }

    fn next_siblings(&mut self) -> &[u32] {
        if self.next.is_none() {
            let next = (0..self.n as u32).map(|e| self.next_sibling(e)).collect();
            self.next = Some(next);
        }
        self.next.as_deref().unwrap_or(&[])
    }

    fn prev_siblings(&mut self) -> &[u32] {
        if self.prev.is_none() {
            let mut prev = vec![NONE; self.n];
            for e in 0..self.n as u32 {
                let s = self.next_sibling(e);
                if s != NONE {
                    prev[s as usize] = e;
                }
            }
            self.prev = Some(prev);
        }
        self.prev.as_deref().unwrap_or(&[])
    }

    /// Elements matching the start-tag part of `c` (from pass 1).
    fn atom(&self, c: &Compound) -> Bits {
        if c.atom == NO_ATOM {
            return Bits::all(self.n);
        }
        let mut b = Bits::none(self.n);
        if let Some(list) = self.members.get(&c.atom) {
            for &e in list {
                b.set(e);
            }
        }
        b
    }

    fn compound(&mut self, c: &Compound) -> Bits {
        let mut bits = self.atom(c);
        // Cheap tests first: text is read only for elements everything else let through.
        let reads_text = |l: &&Later| matches!(l, Later::Text(_) | Later::MinText(_));
        let order = c.later.iter().filter(|l| !reads_text(l));
        for l in order.chain(c.later.iter().filter(reads_text)) {
            if bits.is_empty() {
                break;
            }
            let keep = self.later(l, &bits);
            bits.and(&keep);
        }
        bits
    }

    /// The elements among `mask` that satisfy `l` (elements outside `mask` may be set too).
    fn later(&mut self, l: &Later, mask: &Bits) -> Bits {
        match l {
            Later::Has { rels, negate } => {
                let mut any = Bits::none(self.n);
                for r in rels {
                    let b = self.relative(r);
                    any.or(&b);
                }
                if *negate {
                    let mut m = mask.clone();
                    m.and_not(&any);
                    m
                } else {
                    any
                }
            }
            Later::Not(list) => {
                let mut m = mask.clone();
                for x in list {
                    let b = self.complex(x);
                    m.and_not(&b);
                }
                m
            }
            Later::Is(list) => {
                let mut any = Bits::none(self.n);
                for x in list {
                    let b = self.complex(x);
                    any.or(&b);
                }
                any
            }
            Later::NthLast(nth) => {
                self.ensure_last_index();
                let mut out = Bits::none(self.n);
                if let Some((child, of_type)) = &self.last_index {
                    for e in mask.ones() {
                        let i = if nth.of_type { of_type } else { child }[e as usize];
                        if nth.matches(i) {
                            out.set(e);
                        }
                    }
                }
                out
            }
            Later::Empty => {
                let mut out = Bits::none(self.n);
                for e in mask.ones() {
                    let t = self.tree;
                    if t.last_desc.get(e as usize) == Some(&e)
                        && t.blank.get(e as usize).copied().unwrap_or(false)
                    {
                        out.set(e);
                    }
                }
                out
            }
            Later::Root => {
                let mut out = Bits::none(self.n);
                for e in mask.ones() {
                    if self.parent(e) == NONE
                        && self.tree.html.is_some()
                        && self.tree.tag.get(e as usize).copied() == self.tree.html
                    {
                        out.set(e);
                    }
                }
                out
            }
            Later::Text(p) => {
                let mut out = Bits::none(self.n);
                for e in mask.ones() {
                    if self.text_matches(p, e) {
                        out.set(e);
                    }
                }
                out
            }
            Later::MinText(min) => {
                let mut out = Bits::none(self.n);
                for e in mask.ones() {
                    if self
                        .text_of(e)
                        .is_some_and(|t| t.chars().count() >= *min as usize)
                    {
                        out.set(e);
                    }
                }
                out
            }
        }
    }

    fn text_of(&self, e: u32) -> Option<&'a str> {
        let &(s, end) = self.tree.spans.get(e as usize)?;
        self.tree.text.get(s as usize..end as usize)
    }

    fn text_matches(&mut self, p: &TextPattern, e: u32) -> bool {
        let Some(&(start, end)) = self.tree.spans.get(e as usize) else {
            return false;
        };
        match p {
            TextPattern::Literal(needle) => {
                if needle.is_empty() {
                    return true;
                }
                let text = &self.tree.text;
                let positions = self.occurrences.entry(needle.clone()).or_insert_with(|| {
                    let step = needle.chars().next().map_or(1, char::len_utf8);
                    let mut out = Vec::new();
                    let mut from = 0;
                    while let Some(i) = text.get(from..).and_then(|t| t.find(needle.as_str())) {
                        out.push((from + i) as u32);
                        from += i + step;
                    }
                    out
                });
                let k = positions.partition_point(|&p| p < start);
                positions
                    .get(k)
                    .is_some_and(|&p| p as usize + needle.len() <= end as usize)
            }
            TextPattern::Regex(re) => match self.text_of(e) {
                Some(t) if self.budget > 0 => re.is_match_within(t, &mut self.budget),
                _ => false,
            },
        }
    }

    fn ensure_last_index(&mut self) {
        if self.last_index.is_some() {
            return;
        }
        let n = self.n;
        let next = self.next_siblings().to_vec();
        let mut child = vec![1u32; n];
        for e in (0..n).rev() {
            let s = next[e];
            if s != NONE {
                child[e] = child[s as usize].saturating_add(1);
            }
        }
        // Of type: each parent's children grouped by tag (a stable sort keeps their order),
        // counted from the last of each group.
        let mut of_type = vec![1u32; n];
        let mut is_first = vec![true; n];
        for e in 0..n {
            if next[e] != NONE {
                is_first[next[e] as usize] = false;
            }
        }
        let mut siblings = Vec::new();
        for first in (0..n).filter(|&e| is_first[e]) {
            siblings.clear();
            let mut s = first as u32;
            while s != NONE {
                siblings.push(s);
                s = next[s as usize];
            }
            let tag_of = |s: &u32| u32::from(self.tree.tag.get(*s as usize).copied().unwrap_or(0));
            crate::order::sort_by_key(&mut siblings, tag_of);
            let mut count = 0u32;
            for k in (0..siblings.len()).rev() {
                let same =
                    k + 1 < siblings.len() && tag_of(&siblings[k]) == tag_of(&siblings[k + 1]);
                count = if same { count.saturating_add(1) } else { 1 };
                of_type[siblings[k] as usize] = count;
            }
        }
        self.last_index = Some((child, of_type));
    }

    /// Elements a complex selector matches (its rightmost compound's elements).
    fn complex(&mut self, cx: &Complex) -> Bits {
        let k = cx.parts.len();
        let Some((subject, _)) = cx.parts.last() else {
            return Bits::none(self.n);
        };
        let subject = self.compound(subject);
        if k == 1 || subject.is_empty() {
            return subject;
        }
        let mut m = self.compound(&cx.parts[0].0);
        for i in 1..k {
            if m.is_empty() {
                return m;
            }
            let linked = self.link(cx.parts[i - 1].1, &m);
            m = if i == k - 1 {
                subject.clone()
            } else {
                self.compound(&cx.parts[i].0)
            };
            m.and(&linked);
        }
        m
    }

    /// Elements standing in relation `comb` to a marked element on their left: `a b` (a marked
    /// ancestor), `a > b` (a marked parent), `a + b`, `a ~ b` (a marked previous sibling).
    fn link(&mut self, comb: Combinator, marked: &Bits) -> Bits {
        let n = self.n;
        let mut out = Bits::none(n);
        match comb {
            Combinator::Child => {
                for e in 0..n as u32 {
                    let p = self.parent(e);
                    if p != NONE && marked.get(p) {
                        out.set(e);
                    }
                }
            }
            Combinator::Descendant => {
                // Parents come before their children: one pass.
                for e in 0..n as u32 {
                    let p = self.parent(e);
                    if p != NONE && (marked.get(p) || out.get(p)) {
                        out.set(e);
                    }
                }
            }
            Combinator::Next | Combinator::Subsequent => {
                let prev = self.prev_siblings().to_vec();
                for e in 0..n as u32 {
                    let p = prev[e as usize];
                    if p != NONE
                        && (marked.get(p) || (comb == Combinator::Subsequent && out.get(p)))
                    {
                        out.set(e);
                    }
                }
            }
        }
        out
    }

    /// Elements that have a match of `rel` in relation to them (`:has(rel)`).
    fn relative(&mut self, rel: &Relative) -> Bits {
        let parts = &rel.sel.parts;
        let Some((last, _)) = parts.last() else {
            return Bits::none(self.n);
        };
        let mut s = self.compound(last);
        for j in (0..parts.len().saturating_sub(1)).rev() {
            if s.is_empty() {
                return s;
            }
            let down = self.down(parts[j].1, &s);
            s = self.compound(&parts[j].0);
            s.and(&down);
        }
        if s.is_empty() {
            return s;
        }
        self.down(rel.lead, &s)
    }

    /// Elements that have a marked element in relation `comb` on their right: a marked child
    /// (`>`), descendant (` `), next sibling (`+`) or later sibling (`~`).
    fn down(&mut self, comb: Combinator, marked: &Bits) -> Bits {
        let n = self.n;
        let mut out = Bits::none(n);
        match comb {
            Combinator::Child => {
                for y in marked.ones() {
                    let p = self.parent(y);
                    if p != NONE {
                        out.set(p);
                    }
                }
            }
            Combinator::Descendant => {
                // Marked elements up to each ordinal; a subtree is the ordinals up to its last
                // descendant.
                let mut before = vec![0u32; n + 1];
                for e in 0..n {
                    before[e + 1] = before[e] + u32::from(marked.get(e as u32));
                }
                for e in 0..n {
                    let last = self.tree.last_desc.get(e).copied().unwrap_or(e as u32) as usize;
                    let last = last.clamp(e, n - 1);
                    if before[last + 1] > before[e + 1] {
                        out.set(e as u32);
                    }
                }
            }
            Combinator::Next | Combinator::Subsequent => {
                let next = self.next_siblings().to_vec();
                // Later siblings come after: from the end.
                for e in (0..n).rev() {
                    let s = next[e];
                    if s != NONE
                        && (marked.get(s) || (comb == Combinator::Subsequent && out.get(s)))
                    {
                        out.set(e as u32);
                    }
                }
            }
        }
        out
    }

    fn upward(&mut self, step: &Upward, from: &Bits) -> Bits {
        let mut out = Bits::none(self.n);
        match step {
            Upward::Levels(k) => {
                for e in from.ones() {
                    let mut a = e;
                    for _ in 0..*k {
                        a = self.parent(a);
                        if a == NONE {
                            break;
                        }
                    }
                    if a != NONE {
                        out.set(a);
                    }
                }
            }
            Upward::Closest(list) => {
                let mut targets = Bits::none(self.n);
                for x in list {
                    let b = self.complex(x);
                    targets.or(&b);
                }
                // The nearest marked ancestor of each element, parents first.
                let mut nearest = vec![NONE; self.n];
                for e in 0..self.n as u32 {
                    let p = self.parent(e);
                    if p != NONE {
                        nearest[e as usize] = if targets.get(p) {
                            p
                        } else {
                            nearest[p as usize]
                        };
                    }
                }
                for e in from.ones() {
                    let a = nearest[e as usize];
                    if a != NONE {
                        out.set(a);
                    }
                }
            }
        }
        out
    }
}

/// Rules (plain ones, by rule index) or atoms (of a page's later rules) filed under what they
/// require of the element itself (id, class, a word of an attribute value, tag, attribute name),
/// so that each element meets only the few that could match it.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyIndex {
    by_id: HashMap<String, Vec<u32>>,
    by_class: HashMap<String, Vec<u32>>,
    by_word: HashMap<String, HashMap<String, Vec<u32>>>,
    by_tag: HashMap<String, Vec<u32>>,
    by_attr: HashMap<String, Vec<u32>>,
    any: Vec<u32>,
}

impl KeyIndex {
    pub(crate) fn add(&mut self, key: Key<'_>, id: u32) {
        // Looked up before a key is allocated: most keys are there already or come once.
        fn push(map: &mut HashMap<String, Vec<u32>>, k: &str, id: u32) {
            match map.get_mut(k) {
                Some(list) => list.push(id),
                None => {
                    map.insert(k.to_string(), vec![id]);
                }
            }
        }
        match key {
            Key::Id(k) => push(&mut self.by_id, k, id),
            Key::Class(k) => push(&mut self.by_class, k, id),
            Key::AttrWord(a, w) => {
                if !self.by_word.contains_key(a) {
                    self.by_word.insert(a.to_string(), HashMap::default());
                }
                if let Some(words) = self.by_word.get_mut(a) {
                    push(words, w, id);
                }
            }
            Key::Tag(k) => push(&mut self.by_tag, k, id),
            Key::Attr(k) => push(&mut self.by_attr, k, id),
            Key::Any => self.any.push(id),
        }
    }

    /// Calls `f` with everything filed under something `el` has (the same one may come twice).
    pub(crate) fn candidates(&self, el: &super::ElementData, f: &mut dyn FnMut(u32)) {
        let mut each = |list: Option<&Vec<u32>>| {
            for &a in list.into_iter().flatten() {
                f(a);
            }
        };
        if let Some(id) = &el.id {
            each(self.by_id.get(id.as_str()));
        }
        for class in &el.classes {
            each(self.by_class.get(class.as_str()));
        }
        if !self.by_word.is_empty() {
            for (name, raw) in &el.attrs {
                if let Some(by_word) = self.by_word.get(name.as_str()) {
                    for w in super::selector::words(&crate::html::entities::decode(raw)) {
                        each(by_word.get(w));
                    }
                }
            }
        }
        each(self.by_tag.get(el.tag.as_str()));
        for (name, _) in &el.attrs {
            each(self.by_attr.get(name.as_str()));
        }
        each(Some(&self.any));
    }
}
