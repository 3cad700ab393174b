//! Fixture cases (`tests/fixtures/<slug>/`, format in `tests/fixtures/README.md`).
//!
//! Each case is cleaned whole and fed to a session in chunks of 1, 7, 64 and 4096 bytes, and
//! then in chunks of random sizes (a new seed each run, printed first; `FIXTURE_SEED=N` replays
//! one); all runs must agree byte for byte. The output must equal `expected.html` (and `expected.txt` when
//! present) and satisfy `checks.txt`. `UPDATE_FIXTURES=1` rewrites the expected files; read the
//! diff before committing it. Arguments filter cases by substring, like libtest.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use unclutter::{Category, CategorySet, CleanOptions, CleanResult, Cleaner, Mode};

const CHUNK_SIZES: [usize; 4] = [1, 7, 64, 4096];
const MIN_CASES: usize = 40;
/// Runs in chunks of random sizes per case, and the largest such chunk.
const RANDOM_RUNS: usize = 3;
const RANDOM_CHUNK_MAX: u64 = 300;

/// The run's seed: `FIXTURE_SEED`, or one from the clock.
fn seed() -> u64 {
    if let Some(s) = std::env::var("FIXTURE_SEED")
        .ok()
        .and_then(|v| v.trim().parse().ok())
    {
        return s;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
}

/// xorshift64*: a small generator, the same on every platform for a given seed.
struct Rng(u64);

impl Rng {
    /// A generator for one case: the run's seed mixed with the case's name, so that filtering
    /// cases does not change what a case gets.
    fn for_case(seed: u64, slug: &str) -> Self {
        let mut h = seed ^ 0x9e37_79b9_7f4a_7c15;
        for b in slug.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        Rng(h | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Chunk lengths covering `len` bytes, each from 1 to `RANDOM_CHUNK_MAX`.
    fn split(&mut self, len: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut left = len;
        while left > 0 {
            let n = (1 + self.next() % RANDOM_CHUNK_MAX) as usize;
            out.push(n.min(left));
            left -= n.min(left);
        }
        out
    }
}

struct Case {
    dir: PathBuf,
    slug: String,
}

fn cases(root: &Path) -> Vec<Case> {
    let mut out: Vec<Case> = std::fs::read_dir(root)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| Case {
                    slug: e.file_name().to_string_lossy().into_owned(),
                    dir: e.path(),
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort_by(|a, b| a.slug.cmp(&b.slug));
    out
}

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .map(|s| s.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Options and extra rules from `options.txt`.
fn load_options(dir: &Path) -> Result<(CleanOptions, Vec<String>), String> {
    // Cases are clean-mode cases unless they say otherwise.
    let mut opts = CleanOptions::new().with_mode(Mode::Clean);
    let mut rules = Vec::new();
    for line in read_lines(&dir.join("options.txt")) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| format!("options.txt: bad line `{line}`"))?;
        let value = value.trim();
        match key.trim() {
            "url" => opts = opts.with_url(value),
            "mode" => {
                opts = opts.with_mode(match value {
                    "clean" => Mode::Clean,
                    "article" => Mode::Article,
                    _ => return Err(format!("options.txt: bad mode `{value}`")),
                })
            }
            "keep" => {
                opts = opts.with_keep(CategorySet::parse_list(value).map_err(|e| e.to_string())?)
            }
            "charset" => opts = opts.with_charset(value),
            "keep-ids" => {
                let ids = value
                    .split(',')
                    .map(|id| id.trim().parse::<u32>())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| format!("options.txt: bad keep-ids `{value}`: {e}"))?;
                opts = opts.with_keep_ids(ids)
            }
            "rules" => rules.push(value.to_string()),
            other => return Err(format!("options.txt: unknown key `{other}`")),
        }
    }
    Ok((opts, rules))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fingerprint(r: &CleanResult) -> String {
    // Everything a user sees; serde_json gives a stable, complete rendering.
    serde_json::to_string(r).unwrap_or_else(|e| format!("unserializable: {e}"))
}

/// Where two texts first differ, as "line N: expected … / got …".
fn first_difference(expected: &str, got: &str) -> String {
    for (i, (e, g)) in expected.lines().zip(got.lines()).enumerate() {
        if e != g {
            return format!(
                "line {}:\n    expected: {}\n    got:      {}",
                i + 1,
                clip(e),
                clip(g)
            );
        }
    }
    format!(
        "lengths differ ({} vs {} lines)",
        expected.lines().count(),
        got.lines().count()
    )
}

fn clip(s: &str) -> String {
    let t: String = s.chars().take(200).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

fn run_case(case: &Case, update: bool, seed: u64) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    let source_path = ["source.html", "source.txt"]
        .iter()
        .map(|f| case.dir.join(f))
        .find(|p| p.exists())
        .unwrap_or_else(|| case.dir.join("source.html"));
    let source = std::fs::read(&source_path)
        .map_err(|e| vec![format!("cannot read {}: {e}", source_path.display())])?;
    let (opts, rules) = load_options(&case.dir).map_err(|e| vec![e])?;
    let mut cleaner = Cleaner::new();
    if !rules.is_empty() {
        cleaner.add_rules("options.txt", &rules.join("\n"));
    }
    let whole = cleaner
        .clean(&source, &opts)
        .map_err(|e| vec![format!("clean failed: {e}")])?;
    let print = fingerprint(&whole);
    let mut rng = Rng::for_case(seed, &case.slug);
    let fixed = CHUNK_SIZES.iter().map(|&size| {
        let lens = vec![size; source.len().div_ceil(size)];
        (format!("chunks of {size} bytes"), lens)
    });
    let random = (0..RANDOM_RUNS).map(|run| {
        (
            format!("random chunks (FIXTURE_SEED={seed}, run {run})"),
            rng.split(source.len()),
        )
    });
    for (label, lens) in fixed
        .collect::<Vec<_>>()
        .into_iter()
        .chain(random.collect::<Vec<_>>())
    {
        let chunked = (|| {
            let mut s = cleaner.session(opts.clone())?;
            let mut at = 0;
            for n in lens {
                let end = (at + n).min(source.len());
                s.write(&source[at..end])?;
                at = end;
            }
            s.finish()
        })();
        match chunked {
            Ok(r) if fingerprint(&r) == print => {}
            Ok(r) => errors.push(format!(
                "{label} give a different result: {}",
                first_difference(&whole.html, &r.html)
            )),
            Err(e) => errors.push(format!("{label}: clean failed: {e}")),
        }
    }

    for (file, got) in [
        ("expected.html", &whole.html),
        ("expected.txt", &whole.text),
    ] {
        let path = case.dir.join(file);
        if update && (file == "expected.html" || path.exists()) {
            if let Err(e) = std::fs::write(&path, got) {
                errors.push(format!("cannot write {}: {e}", path.display()));
            }
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == *got => {}
            Ok(want) => errors.push(format!(
                "{file} differs at {}",
                first_difference(&want, got)
            )),
            Err(_) if file == "expected.txt" => {}
            Err(e) => errors.push(format!(
                "cannot read {file}: {e} (run with UPDATE_FIXTURES=1)"
            )),
        }
    }

    check(case, &whole, "", &mut errors, |_| true);

    // Clean-mode cases also hold in article mode for what matters most: the article's text stays
    // and nothing unsafe comes through.
    if opts.mode() == Mode::Clean {
        match cleaner.clean(&source, &opts.clone().with_mode(Mode::Article)) {
            Ok(article) => check(case, &article, " (article mode)", &mut errors, |kind| {
                matches!(kind, "keep" | "html-lacks")
            }),
            Err(e) => errors.push(format!("article mode: clean failed: {e}")),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Applies `checks.txt` (the kinds `applies` accepts) to a result.
fn check(
    case: &Case,
    whole: &CleanResult,
    label: &str,
    errors: &mut Vec<String>,
    applies: impl Fn(&str) -> bool,
) {
    let text = collapse(&whole.text);
    let html = whole.html.to_lowercase();
    for line in read_lines(&case.dir.join("checks.txt")) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((kind, arg)) = line.split_once(':') else {
            errors.push(format!("checks.txt: bad line `{line}`"));
            continue;
        };
        let arg = arg.trim();
        if !applies(kind.trim()) {
            continue;
        }
        let ok = match kind.trim() {
            "keep" => text.contains(&collapse(arg)),
            "drop" => !text.contains(&collapse(arg)),
            "html-has" => html.contains(&arg.to_lowercase()),
            "html-lacks" => !html.contains(&arg.to_lowercase()),
            "truncated" => match arg {
                "yes" => whole.truncated,
                "no" => !whole.truncated,
                _ => {
                    errors.push(format!("checks.txt: `truncated: {arg}` (yes or no)"));
                    continue;
                }
            },
            "page-type" => whole.page_type.kind.name() == arg,
            "removed" | "not-removed" => {
                let cat: Category = match arg.parse() {
                    Ok(c) => c,
                    Err(e) => {
                        errors.push(format!("checks.txt: {e}"));
                        continue;
                    }
                };
                let any = whole.removed.iter().any(|r| r.category == cat);
                if kind.trim() == "removed" {
                    any
                } else {
                    !any
                }
            }
            other => {
                errors.push(format!("checks.txt: unknown check `{other}`"));
                continue;
            }
        };
        if !ok {
            errors.push(format!("check failed{label}: {line}"));
        }
    }
}

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let update = std::env::var_os("UPDATE_FIXTURES").is_some_and(|v| v == "1");
    let all = cases(&root);
    let selected: Vec<&Case> = all
        .iter()
        .filter(|c| filters.is_empty() || filters.iter().any(|f| c.slug.contains(f.as_str())))
        .collect();
    let seed = seed();
    println!(
        "\nrunning {} fixture cases (random chunks: FIXTURE_SEED={seed})",
        selected.len()
    );
    let mut failed = Vec::new();
    for case in &selected {
        match run_case(case, update, seed) {
            Ok(()) => println!("fixture {} ... ok", case.slug),
            Err(errors) => {
                println!("fixture {} ... FAILED", case.slug);
                failed.push((case.slug.clone(), errors));
            }
        }
    }
    for (slug, errors) in &failed {
        println!("\n---- {slug} ({}) ----", root.join(slug).display());
        for e in errors {
            println!("  {e}");
        }
    }
    let too_few = filters.is_empty() && all.len() < MIN_CASES;
    if too_few {
        println!(
            "\nonly {} fixture cases; at least {MIN_CASES} are required",
            all.len()
        );
    }
    println!(
        "\nfixture result: {}. {} passed; {} failed",
        if failed.is_empty() && !too_few {
            "ok"
        } else {
            "FAILED"
        },
        selected.len() - failed.len(),
        failed.len()
    );
    if failed.is_empty() && !too_few {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
