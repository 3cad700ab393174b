//! Tables: their cells gathered as they stream (a cell's Markdown is taken out of the output),
//! then written as a GFM table with a header row, or, for a layout table, as blocks.

use super::{Kind, MarkdownBuilder};

/// Table body rows are padded with empty cells up to at most this many columns (and a `colspan`
/// adds at most this many cells).
const MAX_PAD: usize = 64;

/// The outermost open table, gathered cell by cell.
#[derive(Default)]
pub(super) struct Table {
    /// Cells of each row, and whether it is a header row (all `th`, or in `thead`).
    rows: Vec<(Vec<String>, bool)>,
    caption: String,
    thead: bool,
    row_open: bool,
    in_caption: bool,
    span: usize,
    /// `role="presentation"`: its cells are written as blocks.
    layout: bool,
}

impl MarkdownBuilder {
    /// `table`: a table (the outermost only; tables inside it are flattened into its cells).
    pub(super) fn open_table(&mut self, attr: &dyn Fn(&str) -> Option<String>) -> (Kind, u8) {
        if self.tables == 0 {
            let role = attr("role").unwrap_or_default();
            self.table = Some(Table {
                layout: matches!(role.trim(), "presentation" | "none"),
                ..Table::default()
            });
        }
        self.tables = self.tables.saturating_add(1);
        (Kind::Table, 3)
    }

    /// The end of a table or one of its parts.
    pub(super) fn close_table_part(&mut self, kind: Kind) {
        match kind {
            Kind::Table => {
                self.tables = self.tables.saturating_sub(1);
                if self.tables == 0 {
                    self.finish_cell();
                    if let Some(t) = self.table.take() {
                        self.emit_table(t);
                    }
                }
            }
            Kind::Row => {
                self.finish_cell();
                if let Some(t) = &mut self.table {
                    t.row_open = false;
                }
            }
            Kind::Cell => self.finish_cell(),
            Kind::Thead => {
                if let Some(t) = &mut self.table {
                    t.thead = false;
                }
            }
            _ => {}
        }
    }

    /// `tr`, `td`, `th`, `caption`, `thead` of the outermost table.
    pub(super) fn table_part(
        &mut self,
        t: &str,
        attr: &dyn Fn(&str) -> Option<String>,
    ) -> (Kind, u8) {
        match t {
            "tr" => {
                self.finish_cell();
                if let Some(tb) = &mut self.table {
                    tb.rows.push((Vec::new(), true));
                    tb.row_open = true;
                }
                (Kind::Row, 0)
            }
            "thead" => {
                if let Some(tb) = &mut self.table {
                    tb.thead = true;
                }
                (Kind::Thead, 0)
            }
            _ => {
                self.finish_cell();
                self.close_markers();
                self.check_line();
                let span = attr("colspan").and_then(|s| s.trim().parse::<usize>().ok());
                if let Some(tb) = &mut self.table {
                    tb.in_caption = t == "caption";
                    if !tb.in_caption {
                        if !tb.row_open {
                            tb.rows.push((Vec::new(), true));
                            tb.row_open = true;
                        }
                        let head = t == "th" || tb.thead;
                        if let Some(row) = tb.rows.last_mut() {
                            row.1 &= head;
                        }
                        tb.span = span.unwrap_or(1).clamp(1, MAX_PAD);
                    }
                }
                self.cell = Some(self.out.len());
                self.cell_base = self.prefixes.len();
                self.brk = 3;
                self.space = false;
                self.last_close = None;
                self.fragile = None;
                (Kind::Cell, 0)
            }
        }
    }

    /// Takes the open cell's text out of `out` into the table.
    fn finish_cell(&mut self) {
        let Some(start) = self.cell.take() else {
            return;
        };
        self.close_markers();
        self.check_line();
        let text = match self.out.is_char_boundary(start) {
            true => self.out.split_off(start),
            false => String::new(),
        };
        let text = text.trim_end().trim_start_matches('\n').to_string();
        self.brk = 3;
        self.lt = None;
        self.space = false;
        self.last_close = None;
        self.fragile = None;
        self.check = None;
        if let Some(tb) = &mut self.table {
            if tb.in_caption {
                if !tb.caption.is_empty() && !text.is_empty() {
                    tb.caption.push(' ');
                }
                tb.caption.push_str(&flatten(&text, " "));
            } else if let Some(row) = tb.rows.last_mut() {
                row.0.push(text);
                row.0.extend((1..tb.span).map(|_| String::new()));
            }
        }
    }

    fn emit_table(&mut self, tb: Table) {
        self.boundary(3);
        if !tb.caption.is_empty() {
            self.raw_line(&tb.caption);
            self.boundary(3);
        }
        let rows: Vec<_> = tb.rows.iter().filter(|r| !r.0.is_empty()).collect();
        let cols = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        let head = rows.iter().position(|r| r.1);
        let blocks = |c: &String| c.matches("\n\n").count();
        let many_blocks = rows.iter().flat_map(|r| &r.0).any(|c| blocks(c) >= 2);
        if tb.layout || head.is_none() && (rows.len() <= 1 || cols <= 1 || many_blocks) {
            // A layout table: its cells' Markdown, one after the other.
            for cell in rows.iter().flat_map(|r| &r.0) {
                for line in cell.split('\n') {
                    match line.is_empty() {
                        true => self.brk = 3,
                        false => _ = self.raw_line(line),
                    }
                }
                self.boundary(3);
            }
            return;
        }
        let head = head.unwrap_or(0);
        let line = |cells: &[String], n: usize| {
            let mut s = String::from("|");
            for i in 0..n.max(cells.len()) {
                s.push(' ');
                s.push_str(&flatten(cells.get(i).map_or("", |c| c.as_str()), "<br>"));
                s.push_str(" |");
            }
            s
        };
        if let Some(r) = rows.get(head) {
            self.raw_line(&line(&r.0, cols));
        }
        self.raw_line(&format!("|{}", " --- |".repeat(cols)));
        for (i, r) in rows.iter().enumerate() {
            if i != head {
                self.raw_line(&line(&r.0, cols.min(MAX_PAD)));
            }
        }
        self.boundary(3);
    }
}

/// A cell's Markdown on one line: its lines joined by `sep`, without heading markers and hard
/// breaks.
fn flatten(cell: &str, sep: &str) -> String {
    let mut out = String::new();
    for line in cell.split('\n') {
        let trailing = line.len() - line.trim_end_matches('\\').len();
        let line = line.get(..line.len() - trailing % 2).unwrap_or(line).trim();
        let hashes = line.trim_start_matches('#');
        let line = match hashes.strip_prefix(' ') {
            Some(rest) if line.len() - hashes.len() <= 6 => rest,
            _ => line,
        };
        if !line.is_empty() {
            if !out.is_empty() {
                out.push_str(sep);
            }
            out.push_str(line);
        }
    }
    out
}
