//! Relevance of code search, measured on the real code sets with the
//! evaluation set in `tests/relevance/queries.tsv` (written the way coders
//! type; see its header). Prints recall@1, recall@10 and MRR@10 per system
//! and overall, and asserts a floor. With `CHARTQ_EVAL_FZF=1` and `fzf` on
//! the PATH it also runs the `fzf --filter` baseline on the same corpus
//! (`bench/relevance.sh` does both in release mode).
//!
//! Skips, with the reason printed, when `../shared/data` is absent.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::process::{Command, Stdio};

use chartq::domain::codes::CodeSystem;
use chartq::search::{self, Index, SearchOptions};
use chartq::store::code_tables::{indexable_codes, list_versions};

/// One evaluation query.
struct Case {
    system: CodeSystem,
    query: String,
    expected: Vec<String>,
}

fn cases() -> Vec<Case> {
    let text = include_str!("../relevance/queries.tsv");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(n, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(
                f.len(),
                3,
                "queries.tsv:{}: expected 3 tab-separated fields",
                n + 1
            );
            Case {
                system: f[0]
                    .parse()
                    .unwrap_or_else(|e| panic!("queries.tsv:{}: {e}", n + 1)),
                query: f[1].to_string(),
                expected: f[2].split(',').map(str::to_string).collect(),
            }
        })
        .collect()
}

/// Recall@1, recall@10 and MRR@10 over ranks (1-based; `None` = not in
/// the top 10).
#[derive(Default, Clone, Copy)]
struct Metrics {
    n: usize,
    at1: usize,
    at10: usize,
    rr: f64,
}

impl Metrics {
    fn add(&mut self, rank: Option<usize>) {
        self.n += 1;
        if let Some(r) = rank.filter(|&r| r <= 10) {
            self.at1 += usize::from(r == 1);
            self.at10 += 1;
            self.rr += 1.0 / r as f64;
        }
    }
    fn r1(&self) -> f64 {
        self.at1 as f64 / self.n as f64
    }
    fn r10(&self) -> f64 {
        self.at10 as f64 / self.n as f64
    }
    fn mrr(&self) -> f64 {
        self.rr / self.n as f64
    }
}

/// Metrics per system plus the overall row.
type Table = BTreeMap<String, Metrics>;

fn tally(cases: &[Case], ranks: &[Option<usize>]) -> Table {
    let mut t = Table::new();
    for (c, &r) in cases.iter().zip(ranks) {
        t.entry(c.system.short_name().to_string())
            .or_default()
            .add(r);
        t.entry("all".to_string()).or_default().add(r);
    }
    t
}

fn print_table(name: &str, t: &Table) {
    for (system, m) in t {
        println!(
            "{name:<28} {system:<6} n={:<4} recall@1={:.3} recall@10={:.3} MRR@10={:.3}",
            m.n,
            m.r1(),
            m.r10(),
            m.mrr()
        );
    }
}

fn rank_of(codes: &[String], expected: &[String]) -> Option<usize> {
    codes
        .iter()
        .position(|c| expected.contains(c))
        .map(|p| p + 1)
}

fn chartq_ranks(index: &Index, cases: &[Case], filter_system: bool) -> Vec<Option<usize>> {
    cases
        .iter()
        .map(|c| {
            let opts = SearchOptions {
                systems: if filter_system {
                    vec![c.system]
                } else {
                    vec![]
                },
                limit: 10,
                ..SearchOptions::default()
            };
            let codes: Vec<String> = index
                .search(&c.query, &opts)
                .into_iter()
                .map(|h| h.code)
                .collect();
            rank_of(&codes, &c.expected)
        })
        .collect()
}

/// `fzf --filter` over "CODE title" lines of the case's system.
fn fzf_ranks(corpus: &BTreeMap<CodeSystem, String>, cases: &[Case]) -> Vec<Option<usize>> {
    cases
        .iter()
        .map(|c| {
            let mut child = Command::new("fzf")
                .args(["--filter", &c.query])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .expect("fzf");
            let input = corpus[&c.system].clone();
            let mut stdin = child.stdin.take().expect("stdin");
            let writer = std::thread::spawn(move || {
                let _ = stdin.write_all(input.as_bytes());
            });
            let out = child.wait_with_output().expect("fzf output");
            writer.join().expect("writer");
            let codes: Vec<String> = String::from_utf8_lossy(&out.stdout)
                .lines()
                .take(10)
                .map(|l| l.split(' ').next().unwrap_or("").to_string())
                .collect();
            rank_of(&codes, &c.expected)
        })
        .collect()
}

#[test]
fn relevance_on_the_real_code_sets() {
    let Some(mut store) = crate::support::search_corpus::real_store(false, true) else {
        return;
    };
    let cases = cases();
    assert!(cases.len() >= 150, "the evaluation set needs 150 queries");
    let index = search::load(&mut store, None, &[]).expect("index");

    // Every expected code must exist in the corpus: the set is checked
    // against the data, not against the engine.
    let mut corpus: BTreeMap<CodeSystem, String> = BTreeMap::new();
    let mut known: HashSet<(CodeSystem, String)> = HashSet::new();
    let sets = store
        .read(|c| {
            let mut sets = Vec::new();
            for v in list_versions(c)? {
                let codes = indexable_codes(c, v.id)?;
                sets.push((v, codes));
            }
            Ok(sets)
        })
        .unwrap();
    for (v, codes) in sets {
        let lines = corpus.entry(v.system).or_default();
        for e in codes {
            lines.push_str(&format!("{} {}\n", e.code, e.title));
            known.insert((v.system, e.code));
        }
    }
    let unknown: Vec<String> = cases
        .iter()
        .flat_map(|c| c.expected.iter().map(move |e| (c.system, e)))
        .filter(|(s, e)| !known.contains(&(*s, e.to_string())))
        .map(|(s, e)| format!("{s} {e}"))
        .collect();
    assert!(
        unknown.is_empty(),
        "expected codes missing from the data: {unknown:?}"
    );

    let filtered = chartq_ranks(&index, &cases, true);
    let everywhere = chartq_ranks(&index, &cases, false);
    println!("queries: {}", cases.len());
    let table = tally(&cases, &filtered);
    print_table("chartq (system chosen)", &table);
    print_table("chartq (all systems)", &tally(&cases, &everywhere));
    for (c, r) in cases.iter().zip(&filtered) {
        if r.is_none_or(|r| r > 1) {
            let label = r.map_or("miss".to_string(), |r| format!("rank {r}"));
            println!(
                "  {label:<8} {:<6} {:?} → {:?}",
                c.system.short_name(),
                c.query,
                c.expected
            );
        }
    }
    let fzf_wanted = std::env::var_os("CHARTQ_EVAL_FZF").is_some();
    if fzf_wanted {
        if Command::new("fzf").arg("--version").output().is_ok() {
            print_table(
                "fzf --filter (system chosen)",
                &tally(&cases, &fzf_ranks(&corpus, &cases)),
            );
        } else {
            println!("fzf baseline skipped: fzf is not on the PATH");
        }
    }

    let all = table["all"];
    assert!(all.r10() >= 0.95, "recall@10 {:.3} below 0.95", all.r10());
    assert!(all.r1() >= 0.75, "recall@1 {:.3} below 0.75", all.r1());
    assert!(all.mrr() >= 0.80, "MRR@10 {:.3} below 0.80", all.mrr());
}
