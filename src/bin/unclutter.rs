//! `unclutter`: the command-line cleaner.

use std::io::{Read, Write};
use std::process::ExitCode;
use unclutter::{CategorySet, CleanOptions, Cleaner, Mode};

/// The help, with the category names from the crate's table, wrapped under the option.
fn usage() -> String {
    let mut list = String::new();
    let mut line = "  --keep CATEGORY,...      categories not to remove: ".len();
    let names: Vec<&str> = unclutter::Category::CLUTTER
        .iter()
        .map(|c| c.name())
        .collect();
    for (i, name) in names.iter().enumerate() {
        let piece = if i + 1 < names.len() {
            format!("{name}, ")
        } else {
            (*name).to_string()
        };
        if line + piece.trim_end().len() > 92 {
            list = list.trim_end().to_string();
            list.push_str("\n                           ");
            line = 27;
        }
        line += piece.len();
        list.push_str(&piece);
    }
    USAGE.replace("{categories}", &list)
}

const USAGE: &str = "\
usage: unclutter [OPTIONS] [FILE|-]

Removes clutter (paywall overlays, membership drives, newsletter forms, ads, cookie
banners, share bars, related teasers, ...) from a saved news page and writes the result
to standard output. Reads standard input when FILE is `-` or missing.

options:
  --mode article|clean     article: the article only (default); clean: the page minus clutter
  --url URL                the page's address; host-scoped rules apply only on its host
  --format html|text|markdown|json
                           output format (default: html)
  --rules FILE             extra rules or a filter list (ad-blocker syntax: EasyList,
                           uBlock Origin's lists; repeatable)
  --keep CATEGORY,...      categories not to remove: {categories}
  --keep-id N,...          restore removed elements by their report id
  --charset LABEL          the input's charset when the page does not say (e.g. windows-1251)
  --max-input-bytes N      refuse larger input (default: 67108864)
  --report                 print every removal to standard error
  -h, --help               this help
  -V, --version            version
";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Html,
    Text,
    Markdown,
    Json,
}

struct Args {
    options: CleanOptions,
    format: Format,
    rules: Vec<String>,
    input: Option<String>,
    report: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut options = CleanOptions::new();
    let mut format = Format::Html;
    let mut rules = Vec::new();
    let mut input = None;
    let mut report = false;
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => {
                print!("{}", usage());
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("unclutter {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            "--mode" => {
                let v = value("--mode")?;
                let mode = match v.as_str() {
                    "clean" => Mode::Clean,
                    "article" => Mode::Article,
                    _ => return Err(format!("--mode must be clean or article, not `{v}`")),
                };
                options = options.with_mode(mode);
            }
            "--url" => options = options.with_url(value("--url")?),
            "--format" => {
                let v = value("--format")?;
                format = match v.as_str() {
                    "html" => Format::Html,
                    "text" => Format::Text,
                    "markdown" | "md" => Format::Markdown,
                    "json" => Format::Json,
                    _ => {
                        return Err(format!(
                            "--format must be html, text, markdown or json, not `{v}`"
                        ))
                    }
                };
                if format == Format::Markdown {
                    options = options.with_format(unclutter::Format::Markdown);
                }
            }
            "--rules" => rules.push(value("--rules")?),
            "--keep" => {
                let v = value("--keep")?;
                options =
                    options.with_keep(CategorySet::parse_list(&v).map_err(|e| e.to_string())?);
            }
            "--keep-id" => {
                let v = value("--keep-id")?;
                let ids = v
                    .split(',')
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| {
                        s.trim()
                            .parse::<u32>()
                            .map_err(|_| format!("--keep-id: `{s}` is not an id"))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                options = options.with_keep_ids(ids);
            }
            "--charset" => options = options.with_charset(value("--charset")?),
            "--max-input-bytes" => {
                let v = value("--max-input-bytes")?;
                let n = v
                    .parse::<usize>()
                    .map_err(|_| format!("--max-input-bytes: `{v}` is not a number"))?;
                options = options.with_max_input_bytes(n);
            }
            "--report" => report = true,
            "-" => input = Some("-".to_string()),
            f if f.starts_with('-') => return Err(format!("unknown option `{f}` (see --help)")),
            _ => {
                if input.is_some() {
                    return Err("only one input file can be given".into());
                }
                input = Some(arg);
            }
        }
    }
    Ok(Some(Args {
        options,
        format,
        rules,
        input,
        report,
    }))
}

fn run() -> Result<(), String> {
    let Some(args) = parse_args(std::env::args().skip(1))? else {
        return Ok(());
    };
    let mut cleaner = Cleaner::new();
    for path in &args.rules {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read rules {path}: {e}"))?;
        // One line per list, never one per filter (EasyList has 50,000 network filters).
        let summary = cleaner.add_rules(path, &text);
        if summary.has_skipped() {
            eprintln!("unclutter: {summary}");
        }
    }
    let mut input = Vec::new();
    match args.input.as_deref() {
        None | Some("-") => std::io::stdin().read_to_end(&mut input).map(|_| ()),
        Some(path) => {
            std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut input).map(|_| ()))
        }
    }
    .map_err(|e| {
        format!(
            "cannot read {}: {e}",
            args.input.as_deref().unwrap_or("standard input")
        )
    })?;
    let result = cleaner
        .clean_owned(input, &args.options)
        .map_err(|e| e.to_string())?;
    if args.report {
        for r in &result.removed {
            eprintln!(
                "#{:<6} {:<10} <{}> {} | {}",
                r.id,
                r.category.name(),
                r.tag,
                r.reason,
                r.excerpt
            );
        }
        eprintln!(
            "unclutter: {} → {} bytes, {} elements, {} removed",
            result.stats.bytes_in,
            result.stats.bytes_out,
            result.stats.elements,
            result.removed.len()
        );
        eprintln!(
            "unclutter: page type {} ({})",
            result.page_type.kind.name(),
            result.page_type.evidence
        );
    }
    if result.truncated {
        // Said whether or not a report was asked for: the article is incomplete.
        let t = &result.truncation;
        let mut signs = Vec::new();
        if t.not_free {
            signs.push("marked not free".to_string());
        }
        if t.paywall_removals > 0 {
            signs.push(format!("{} paywall part(s) removed", t.paywall_removals));
        }
        if let Some(c) = &t.cut_off {
            signs.push(format!("ends \u{201c}{c}\u{201d}"));
        }
        if let Some(n) = t.stated_words {
            signs.push(format!("{} of {n} words stated", t.words));
        }
        eprintln!(
            "unclutter: the page holds only the start of its article (paywalled: {})",
            signs.join(", ")
        );
    }
    let out = match args.format {
        Format::Html => result.html,
        Format::Text => {
            let mut t = result.text;
            t.push('\n');
            t
        }
        Format::Markdown => result.markdown.clone().unwrap_or_default(),
        Format::Json => {
            serde_json::to_string_pretty(&result).map_err(|e| format!("cannot write JSON: {e}"))?
                + "\n"
        }
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error for the user.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("unclutter: {message}");
            ExitCode::from(2)
        }
    }
}
