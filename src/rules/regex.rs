//! A small regular-expression matcher for the `/…/` arguments of filter-list operators
//! (`:has-text(/^Sponsored$/i)`, `:matches-attr(class=/[a-z]{20}/)`, `:matches-path(/^\/shop/)`).
//!
//! Filter lists write JavaScript regular expressions. This module reads the part of that syntax
//! they use — literals and escapes, `.`, classes (`[a-z]`, `[^…]`, `\d`, `\w`, `\s` and their
//! negations), anchors (`^`, `$`, `\b`, `\B`), groups (`(…)`, `(?:…)`, `(?<name>…)`), alternation
//! and the quantifiers `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` (greedy or lazy: only whether there is
//! a match matters) — with the flags `i`, `m`, `s` (`u` and `g` change nothing here). Look-around
//! and back-references are refused with a clear message.
//!
//! Matching is a Pike VM over a compiled program: the time is linear in the text times the program
//! size, whatever the pattern (no exponential backtracking a hostile list could trigger), and a
//! step budget bounds the work on one page. Why not a crate: `regex-lite`, the smaller of the
//! `regex` family, made the package's module 29.0 KB larger raw (11.6 KB gzipped) than this
//! matcher does, measured behind the same interface (figures in `src/rules/README.md`), and the
//! full `regex` crate is larger still; the lists need neither captures nor Unicode classes.

/// Longest compiled program (instructions): `[-\w]{290,}` is about 300; nothing real comes near.
const MAX_PROGRAM: usize = 20_000;
/// Largest bound of a counted repetition.
const MAX_REPEAT: u32 = 1_000;
/// How deeply groups may nest.
const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Empty,
    Char(char),
    Any,
    Class(Class),
    Start,
    End,
    WordBoundary(bool),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

/// A set of characters as sorted, non-overlapping inclusive ranges.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Class {
    ranges: Vec<(char, char)>,
}

impl Class {
    fn push(&mut self, lo: char, hi: char) {
        self.ranges.push((lo, hi));
    }

    fn add(&mut self, other: &Class) {
        self.ranges.extend_from_slice(&other.ranges);
    }

    /// Sorts and merges the ranges.
    fn canonical(mut self) -> Class {
        crate::order::sort_by_key(&mut self.ranges, |&(lo, _)| lo as u32);
        let mut out: Vec<(char, char)> = Vec::with_capacity(self.ranges.len());
        for (lo, hi) in self.ranges {
            match out.last_mut() {
                Some(last) if (lo as u32) <= (last.1 as u32).saturating_add(1) => {
                    if hi > last.1 {
                        last.1 = hi;
                    }
                }
                _ => out.push((lo, hi)),
            }
        }
        Class { ranges: out }
    }

    fn negated(self) -> Class {
        let c = self.canonical();
        let mut out = Class::default();
        let mut next: u32 = 0;
        for (lo, hi) in c.ranges {
            if (lo as u32) > next {
                push_u32_range(&mut out, next, lo as u32 - 1);
            }
            next = hi as u32 + 1;
        }
        if next <= 0x10FFFF {
            push_u32_range(&mut out, next, 0x10FFFF);
        }
        out
    }

    /// Adds the lower case of every member whose case mapping is one character (enough for the
    /// lists' words in Latin, Greek and Cyrillic scripts): with `i`, text is matched in lower case
    /// too.
    fn case_folded(self) -> Class {
        let mut out = self.clone();
        for &(lo, hi) in &self.ranges {
            // Wide ranges (a negated class) already hold both cases of most letters.
            if (hi as u32) - (lo as u32) > 0x3000 {
                continue;
            }
            for cp in lo as u32..=hi as u32 {
                if let Some(c) = char::from_u32(cp) {
                    let o = simple_lower(c);
                    if o != c {
                        out.push(o, o);
                    }
                }
            }
        }
        out.canonical()
    }

    fn contains(&self, c: char) -> bool {
        // Ranges are sorted: binary search on the low end.
        let i = self.ranges.partition_point(|&(lo, _)| lo <= c);
        i > 0 && self.ranges[i - 1].1 >= c
    }
}

/// Pushes `lo..=hi` minus the surrogate gap (which holds no `char`).
fn push_u32_range(out: &mut Class, lo: u32, hi: u32) {
    let pieces = [(lo, hi.min(0xD7FF)), (lo.max(0xE000), hi)];
    for (a, b) in pieces {
        if a <= b {
            if let (Some(a), Some(b)) = (char::from_u32(a), char::from_u32(b)) {
                out.push(a, b);
            }
        }
    }
}

fn simple_lower(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

fn digit_class() -> Class {
    Class {
        ranges: vec![('0', '9')],
    }
}

fn word_class() -> Class {
    Class {
        ranges: vec![('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
    }
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// JavaScript's `\s`: white space and line terminators.
fn space_class() -> Class {
    let mut c = Class::default();
    for (lo, hi) in [
        ('\t', '\r'),
        (' ', ' '),
        ('\u{a0}', '\u{a0}'),
        ('\u{1680}', '\u{1680}'),
        ('\u{2000}', '\u{200a}'),
        ('\u{2028}', '\u{2029}'),
        ('\u{202f}', '\u{202f}'),
        ('\u{205f}', '\u{205f}'),
        ('\u{3000}', '\u{3000}'),
        ('\u{feff}', '\u{feff}'),
    ] {
        c.push(lo, hi);
    }
    c
}

fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

struct Parser<'a> {
    chars: Vec<char>,
    i: usize,
    src: &'a str,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self) -> Result<Node, String> {
        let mut alts = vec![self.concat()?];
        while self.eat('|') {
            alts.push(self.concat()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn concat(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let atom = self.quantified(atom)?;
            items.push(atom);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => {
                self.i += 1;
                (0, None)
            }
            Some('+') => {
                self.i += 1;
                (1, None)
            }
            Some('?') => {
                self.i += 1;
                (0, Some(1))
            }
            Some('{') => match self.braces() {
                Some(b) => b,
                // A `{` that is not a quantifier is a literal (as JavaScript reads it without `u`).
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        if matches!(
            atom,
            Node::Start | Node::End | Node::WordBoundary(_) | Node::Empty
        ) {
            return Err("nothing to repeat".into());
        }
        // Lazy and greedy match the same texts.
        self.eat('?');
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) && self.braces_ahead() {
            return Err("nothing to repeat".into());
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    fn braces_ahead(&self) -> bool {
        match self.peek() {
            Some('{') => {
                let mut p = Parser {
                    chars: self.chars.clone(),
                    i: self.i,
                    src: self.src,
                    depth: 0,
                };
                p.braces().is_some()
            }
            Some(_) => true,
            None => false,
        }
    }

    /// `{n}`, `{n,}`, `{n,m}`; `None` (and nothing consumed) when it is not one.
    fn braces(&mut self) -> Option<(u32, Option<u32>)> {
        let start = self.i;
        self.i += 1;
        let number = |p: &mut Parser<'_>| -> Option<u32> {
            let s = p.i;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.i += 1;
            }
            if p.i == s {
                return None;
            }
            let digits: String = p.chars[s..p.i].iter().collect();
            Some(digits.parse::<u32>().unwrap_or(u32::MAX))
        };
        let result = (|| {
            let min = number(self)?;
            if self.eat('}') {
                return Some((min, Some(min)));
            }
            if !self.eat(',') {
                return None;
            }
            if self.eat('}') {
                return Some((min, None));
            }
            let max = number(self)?;
            self.eat('}').then_some((min, Some(max)))
        })();
        if result.is_none() {
            self.i = start;
        }
        result
    }

    fn atom(&mut self) -> Result<Node, String> {
        let Some(c) = self.peek() else {
            return Ok(Node::Empty);
        };
        self.i += 1;
        Ok(match c {
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '(' => {
                if self.depth >= MAX_DEPTH {
                    return Err(format!("groups nested more than {MAX_DEPTH} deep"));
                }
                if self.eat('?') {
                    match self.peek() {
                        Some(':') => self.i += 1,
                        Some('<') if !matches!(self.chars.get(self.i + 1), Some('=' | '!')) => {
                            // A named group: skip the name.
                            while let Some(c) = self.peek() {
                                self.i += 1;
                                if c == '>' {
                                    break;
                                }
                            }
                        }
                        _ => return Err("look-around assertions are not supported".into()),
                    }
                }
                self.depth += 1;
                let inner = self.alternation()?;
                self.depth -= 1;
                if !self.eat(')') {
                    return Err("unterminated group".into());
                }
                inner
            }
            ')' => return Err("unmatched `)`".into()),
            '[' => Node::Class(self.class()?),
            '*' | '+' | '?' => return Err("nothing to repeat".into()),
            '\\' => self.escape(false)?,
            c => Node::Char(c),
        })
    }

    /// After a `\`. In a class, `\b` is a backspace and classes come back as `Node::Class`.
    fn escape(&mut self, in_class: bool) -> Result<Node, String> {
        let Some(c) = self.peek() else {
            return Err("`\\` at the end of the pattern".into());
        };
        self.i += 1;
        Ok(match c {
            'd' => Node::Class(digit_class()),
            'D' => Node::Class(digit_class().negated()),
            'w' => Node::Class(word_class()),
            'W' => Node::Class(word_class().negated()),
            's' => Node::Class(space_class()),
            'S' => Node::Class(space_class().negated()),
            'b' if in_class => Node::Char('\u{8}'),
            'b' => Node::WordBoundary(true),
            'B' if !in_class => Node::WordBoundary(false),
            'n' => Node::Char('\n'),
            'r' => Node::Char('\r'),
            't' => Node::Char('\t'),
            'f' => Node::Char('\u{c}'),
            'v' => Node::Char('\u{b}'),
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => Node::Char('\0'),
            '1'..='9' => return Err("back-references are not supported".into()),
            'x' => Node::Char(self.hex(2)?),
            'u' => {
                if self.eat('{') {
                    let s = self.i;
                    while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                        self.i += 1;
                    }
                    let hex: String = self.chars[s..self.i].iter().collect();
                    if !self.eat('}') {
                        return Err("bad `\\u{…}` escape".into());
                    }
                    let cp = u32::from_str_radix(&hex, 16).map_err(|_| "bad `\\u{…}` escape")?;
                    Node::Char(char::from_u32(cp).ok_or("bad `\\u{…}` escape")?)
                } else {
                    Node::Char(self.hex(4)?)
                }
            }
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.i += 1;
                    Node::Char(char::from(l as u8 % 32))
                }
                _ => Node::Char('\\'),
            },
            'p' | 'P' if self.peek() == Some('{') => {
                return Err("Unicode property classes are not supported".into())
            }
            c => Node::Char(c),
        })
    }

    fn hex(&mut self, n: usize) -> Result<char, String> {
        let digits: String = self.chars.iter().skip(self.i).take(n).collect();
        if digits.chars().count() != n || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err("bad hexadecimal escape".into());
        }
        self.i += n;
        let cp = u32::from_str_radix(&digits, 16).map_err(|_| "bad hexadecimal escape")?;
        char::from_u32(cp).ok_or_else(|| "bad hexadecimal escape".into())
    }

    fn class(&mut self) -> Result<Class, String> {
        let negate = self.eat('^');
        let mut class = Class::default();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err("unterminated `[`".into());
            };
            if c == ']' && !first {
                self.i += 1;
                break;
            }
            if c == ']' {
                // `[]` matches nothing, `[^]` anything: as JavaScript reads them.
                self.i += 1;
                break;
            }
            first = false;
            let lo = self.class_item()?;
            let lo = match lo {
                Node::Char(ch) => ch,
                Node::Class(k) => {
                    class.add(&k);
                    continue;
                }
                _ => return Err("bad class".into()),
            };
            if self.peek() == Some('-') && self.chars.get(self.i + 1).is_some_and(|&n| n != ']') {
                self.i += 1;
                match self.class_item()? {
                    Node::Char(hi) if hi >= lo => class.push(lo, hi),
                    Node::Char(_) => return Err("range out of order in class".into()),
                    Node::Class(k) => {
                        // `[a-\d]`: a literal `-` (as JavaScript reads it without `u`).
                        class.push(lo, lo);
                        class.push('-', '-');
                        class.add(&k);
                    }
                    _ => return Err("bad class".into()),
                }
            } else {
                class.push(lo, lo);
            }
        }
        let class = class.canonical();
        Ok(if negate { class.negated() } else { class })
    }

    fn class_item(&mut self) -> Result<Node, String> {
        let Some(c) = self.peek() else {
            return Err("unterminated `[`".into());
        };
        self.i += 1;
        if c == '\\' {
            self.escape(true)
        } else {
            Ok(Node::Char(c))
        }
    }
}

#[derive(Debug, Clone)]
enum Inst {
    Char(char),
    Class(usize),
    Any,
    Split(usize, usize),
    Jmp(usize),
    Assert(Assert),
    Match,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Assert {
    Start,
    End,
    LineStart,
    LineEnd,
    Word,
    NotWord,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub(crate) struct Regex {
    prog: Vec<Inst>,
    classes: Vec<Class>,
    /// `i`: characters compared in lower case (classes are folded when compiled).
    fold: bool,
    /// `s`: `.` matches line terminators too.
    dot_all: bool,
    /// The characters a match can start with (`None`: any, or an empty match is possible).
    first: Option<Class>,
    source: String,
}

impl PartialEq for Regex {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Eq for Regex {}

struct Compiler {
    prog: Vec<Inst>,
    classes: Vec<Class>,
    fold: bool,
    multiline: bool,
}

impl Compiler {
    fn emit(&mut self, inst: Inst) -> Result<usize, String> {
        if self.prog.len() >= MAX_PROGRAM {
            return Err(format!(
                "pattern too large (more than {MAX_PROGRAM} steps compiled)"
            ));
        }
        self.prog.push(inst);
        Ok(self.prog.len() - 1)
    }

    fn node(&mut self, n: &Node) -> Result<(), String> {
        match n {
            Node::Empty => {}
            Node::Char(c) => {
                let c = if self.fold { simple_lower(*c) } else { *c };
                self.emit(Inst::Char(c))?;
            }
            Node::Any => {
                self.emit(Inst::Any)?;
            }
            Node::Class(c) => {
                let c = if self.fold {
                    c.clone().case_folded()
                } else {
                    c.clone()
                };
                self.classes.push(c);
                self.emit(Inst::Class(self.classes.len() - 1))?;
            }
            Node::Start => {
                let a = if self.multiline {
                    Assert::LineStart
                } else {
                    Assert::Start
                };
                self.emit(Inst::Assert(a))?;
            }
            Node::End => {
                let a = if self.multiline {
                    Assert::LineEnd
                } else {
                    Assert::End
                };
                self.emit(Inst::Assert(a))?;
            }
            Node::WordBoundary(yes) => {
                self.emit(Inst::Assert(if *yes {
                    Assert::Word
                } else {
                    Assert::NotWord
                }))?;
            }
            Node::Concat(items) => {
                for i in items {
                    self.node(i)?;
                }
            }
            Node::Alt(alts) => {
                let mut jumps = Vec::new();
                for (k, alt) in alts.iter().enumerate() {
                    if k + 1 < alts.len() {
                        let split = self.emit(Inst::Split(0, 0))?;
                        self.node(alt)?;
                        jumps.push(self.emit(Inst::Jmp(0))?);
                        let next = self.prog.len();
                        self.prog[split] = Inst::Split(split + 1, next);
                    } else {
                        self.node(alt)?;
                    }
                }
                let end = self.prog.len();
                for j in jumps {
                    self.prog[j] = Inst::Jmp(end);
                }
            }
            Node::Repeat { node, min, max } => {
                if *min > MAX_REPEAT || max.is_some_and(|m| m > MAX_REPEAT) {
                    return Err(format!("repetition bound above {MAX_REPEAT}"));
                }
                if max.is_some_and(|m| m < *min) {
                    return Err("repetition bounds out of order".into());
                }
                for _ in 0..*min {
                    self.node(node)?;
                }
                match max {
                    None => {
                        // x*: L: split(L+1, out); x; jmp L
                        let split = self.emit(Inst::Split(0, 0))?;
                        self.node(node)?;
                        self.emit(Inst::Jmp(split))?;
                        let out = self.prog.len();
                        self.prog[split] = Inst::Split(split + 1, out);
                    }
                    Some(max) => {
                        // (x(x(x)?)?)? for the optional copies.
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.emit(Inst::Split(0, 0))?);
                            self.node(node)?;
                        }
                        let out = self.prog.len();
                        for s in splits {
                            self.prog[s] = Inst::Split(s + 1, out);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

impl Regex {
    /// Compiles `pattern` (the text between the slashes) with `flags` (the letters after).
    pub(crate) fn new(pattern: &str, flags: &str) -> Result<Regex, String> {
        let mut fold = false;
        let mut multiline = false;
        let mut dot_all = false;
        for f in flags.chars() {
            match f {
                'i' => fold = true,
                'm' => multiline = true,
                's' => dot_all = true,
                'u' | 'g' => {}
                other => return Err(format!("unknown regular-expression flag `{other}`")),
            }
        }
        let mut p = Parser {
            chars: pattern.chars().collect(),
            i: 0,
            src: pattern,
            depth: 0,
        };
        let node = p.alternation()?;
        if p.i < p.chars.len() {
            return Err("unmatched `)`".into());
        }
        let mut c = Compiler {
            prog: Vec::new(),
            classes: Vec::new(),
            fold,
            multiline,
        };
        c.node(&node)?;
        c.emit(Inst::Match)?;
        let mut re = Regex {
            prog: c.prog,
            classes: c.classes,
            fold,
            dot_all,
            first: None,
            source: format!("/{pattern}/{flags}"),
        };
        re.first = re.first_chars();
        Ok(re)
    }

    /// What the first character of a match can be; `None` when a match may be empty, start with
    /// an assertion or with any character.
    fn first_chars(&self) -> Option<Class> {
        let mut class = Class::default();
        let mut seen = vec![false; self.prog.len()];
        let mut stack = vec![0usize];
        while let Some(pc) = stack.pop() {
            if std::mem::replace(&mut seen[pc], true) {
                continue;
            }
            match &self.prog[pc] {
                // With `i` the text is probed in lower case too (`is_match_within`).
                Inst::Char(c) => class.push(*c, *c),
                Inst::Class(k) => {
                    let k = &self.classes[*k];
                    // A negated class covers most of Unicode: not worth a pre-filter.
                    if k.ranges.len() > 64 {
                        return None;
                    }
                    class.add(k);
                }
                Inst::Split(a, b) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Inst::Jmp(a) => stack.push(*a),
                Inst::Any | Inst::Assert(_) | Inst::Match => return None,
            }
        }
        Some(class.canonical())
    }

    /// Whether the pattern matches somewhere in `text`, spending at most `budget` steps (and
    /// counting them off). Out of budget, the answer is `false`.
    pub(crate) fn is_match_within(&self, text: &str, budget: &mut u64) -> bool {
        let n = self.prog.len();
        let mut clist = Threads::new(n);
        let mut nlist = Threads::new(n);
        let mut stack = Vec::new();
        let mut prev: Option<char> = None;
        let mut iter = text.char_indices().peekable();
        loop {
            if clist.is_empty() {
                if let Some(first) = &self.first {
                    // Nothing in progress: skip to a character a match can start with.
                    while let Some(&(_, c)) = iter.peek() {
                        let probe = if self.fold { simple_lower(c) } else { c };
                        if first.contains(c) || first.contains(probe) {
                            break;
                        }
                        prev = Some(c);
                        iter.next();
                        *budget = budget.saturating_sub(1);
                    }
                    if iter.peek().is_none() {
                        return false;
                    }
                }
            }
            let cur = iter.peek().map(|&(_, c)| c);
            if self.add(&mut clist, 0, prev, cur, &mut stack) {
                return true;
            }
            let Some(c) = cur else {
                return false;
            };
            iter.next();
            let next = iter.peek().map(|&(_, c)| c);
            let folded = if self.fold { simple_lower(c) } else { c };
            *budget = budget.saturating_sub(clist.len() as u64 + 1);
            if *budget == 0 {
                return false;
            }
            nlist.clear();
            for k in 0..clist.len() {
                let pc = clist.dense[k];
                let step = match &self.prog[pc] {
                    Inst::Char(x) => *x == folded,
                    Inst::Class(i) => {
                        self.classes[*i].contains(c)
                            || (self.fold && self.classes[*i].contains(folded))
                    }
                    Inst::Any => self.dot_all || !is_line_terminator(c),
                    _ => false,
                };
                if step && self.add(&mut nlist, pc + 1, Some(c), next, &mut stack) {
                    return true;
                }
            }
            std::mem::swap(&mut clist, &mut nlist);
            prev = Some(c);
        }
    }

    /// Adds the thread at `pc` and everything reachable from it without consuming a character
    /// (between `prev` and `next`). Returns true when that reaches `Match`.
    fn add(
        &self,
        list: &mut Threads,
        pc: usize,
        prev: Option<char>,
        next: Option<char>,
        stack: &mut Vec<usize>,
    ) -> bool {
        stack.clear();
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            if !list.insert(pc) {
                continue;
            }
            match &self.prog[pc] {
                Inst::Match => return true,
                Inst::Jmp(a) => stack.push(*a),
                Inst::Split(a, b) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Inst::Assert(a) => {
                    let ok = match a {
                        Assert::Start => prev.is_none(),
                        Assert::End => next.is_none(),
                        Assert::LineStart => prev.is_none_or(is_line_terminator),
                        Assert::LineEnd => next.is_none_or(is_line_terminator),
                        Assert::Word | Assert::NotWord => {
                            let b = prev.is_some_and(is_word) != next.is_some_and(is_word);
                            b == (*a == Assert::Word)
                        }
                    };
                    if ok {
                        stack.push(pc + 1);
                    }
                }
                Inst::Char(_) | Inst::Class(_) | Inst::Any => {}
            }
        }
        false
    }
}

/// A set of program counters in insertion order (a sparse set: clearing is O(1)).
struct Threads {
    dense: Vec<usize>,
    sparse: Vec<u32>,
}

impl Threads {
    fn new(n: usize) -> Self {
        Threads {
            dense: Vec::with_capacity(n),
            sparse: vec![0; n],
        }
    }

    fn insert(&mut self, pc: usize) -> bool {
        let i = self.sparse[pc] as usize;
        if i < self.dense.len() && self.dense[i] == pc {
            return false;
        }
        self.sparse[pc] = self.dense.len() as u32;
        self.dense.push(pc);
        true
    }

    fn clear(&mut self) {
        self.dense.clear();
    }

    fn is_empty(&self) -> bool {
        self.dense.is_empty()
    }

    fn len(&self) -> usize {
        self.dense.len()
    }
}

/// Splits `/pattern/flags` into its parts; `None` when `s` is not written that way.
pub(crate) fn split_literal(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix('/')?;
    let end = rest.rfind('/')?;
    let (pattern, flags) = (&rest[..end], &rest[end + 1..]);
    // Only JavaScript's flags: `/marketplace/item` is a path, not an expression.
    if pattern.is_empty() || !flags.chars().all(|c| "dgimsuy".contains(c)) {
        return None;
    }
    Some((pattern, flags))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is(p: &str, flags: &str, text: &str) -> bool {
        let mut budget = u64::MAX;
        Regex::new(p, flags)
            .unwrap_or_else(|e| panic!("{p}: {e}"))
            .is_match_within(text, &mut budget)
    }

    #[test]
    fn literals_anchors_and_alternation() {
        assert!(is("Sponsored", "", "A Sponsored post"));
        assert!(!is("Sponsored", "", "A sponsored post"));
        assert!(is("Sponsored", "i", "A SPONSORED post"));
        assert!(is("^Ad$", "", "Ad"));
        assert!(!is("^Ad$", "", "Ad "));
        assert!(!is("^Ad$", "", "Add"));
        assert!(is("^(?:AD|An[uú]ncio|광고|広告)$", "", "Anúncio"));
        assert!(is("^(?:AD|An[uú]ncio|광고|広告)$", "", "広告"));
        assert!(!is("^(?:AD|An[uú]ncio)$", "", "ADS"));
        assert!(is("Patrocinado|Gesponsert|Sponsorisé", "", "— Sponsorisé"));
        assert!(is("^Promoted by", "m", "first line\nPromoted by X"));
        assert!(!is("^Promoted by", "", "first line\nPromoted by X"));
        assert!(is("x$", "m", "ax\nb"));
    }

    #[test]
    fn classes_escapes_and_repetition() {
        assert!(is(r"[\w]{7}", "", "abcdefg"));
        assert!(!is(r"^[\w]{7}$", "", "abcdef"));
        assert!(is(r"^[a-zA-Z]{2}$", "", "Qx"));
        assert!(!is(r"^[a-zA-Z]{2}$", "", "Q1"));
        assert!(is(
            r"__cft__\[0\]=[-\w]{20,}",
            "",
            "/x?__cft__[0]=AZ-9_aaaaaaaaaaaaaaaaaaaaa"
        ));
        assert!(!is(r"__cft__\[0\]=[-\w]{20,}", "", "/x?__cft__[0]=short"));
        assert!(is(r"\d+ comments?", "", "12 comments"));
        assert!(is(r"\bad\b", "", "an ad here"));
        assert!(!is(r"\bad\b", "", "loading"));
        assert!(is(r"[^a-z]", "", "abc1"));
        assert!(!is(r"^[^a-z]+$", "", "ab"));
        assert!(is(r"\s\S", "", "a b"));
        assert!(is(r"a.c", "", "abc"));
        assert!(!is(r"a.c", "", "a\nc"));
        assert!(is(r"a.c", "s", "a\nc"));
        assert!(is(r"\u00e9t\u{e9}", "", "été"));
        assert!(is(r"[À-ÿ]", "i", "É"));
        assert!(
            is(r"x{2", "", "x{2"),
            "a `{{` that is no quantifier is literal"
        );
        assert!(is(r"(ab)+c", "", "xababc"));
        assert!(is(r"colou?r", "", "color"));
        assert!(is(r"a{0}b", "", "b"));
        assert!(is(r"(a|)b", "", "b"));
    }

    #[test]
    fn refused_patterns_say_why() {
        for (p, why) in [
            ("(?=x)", "look-around"),
            ("(?<!x)y", "look-around"),
            (r"(a)\1", "back-references"),
            ("a{2000}", "repetition"),
            ("(a", "unterminated"),
            ("a)", "unmatched"),
            ("*a", "nothing to repeat"),
            ("[a", "unterminated"),
            (r"\p{L}", "Unicode property"),
        ] {
            let e = Regex::new(p, "").expect_err(p);
            assert!(e.contains(why), "{p}: {e}");
        }
        assert!(Regex::new("a", "x").is_err());
        let nested = "(".repeat(40) + &")".repeat(40);
        assert!(Regex::new(&nested, "").is_err());
        assert!(
            Regex::new(&"a{1000}".repeat(30), "").is_err(),
            "program size is bounded"
        );
    }

    #[test]
    fn hostile_patterns_stay_linear_and_budgeted() {
        // Exponential for a backtracking matcher; linear here.
        let text = "a".repeat(5_000);
        assert!(!is("(a|a)*(a|a)*(a|a)*b", "", &text));
        let mut budget = 1_000;
        let re = Regex::new("(a|a)*b", "").unwrap();
        assert!(!re.is_match_within(&text, &mut budget));
        assert_eq!(budget, 0, "the budget ran out");
    }

    #[test]
    fn literal_form() {
        assert_eq!(split_literal("/^Ad$/i"), Some(("^Ad$", "i")));
        assert_eq!(split_literal("/a/b/"), Some(("a/b", "")));
        assert_eq!(split_literal("Sponsored"), None);
        assert_eq!(split_literal("/"), None);
        assert_eq!(split_literal("//"), None);
        assert_eq!(split_literal("/a/1"), None);
        assert_eq!(split_literal("/marketplace/item"), None);
    }
}
