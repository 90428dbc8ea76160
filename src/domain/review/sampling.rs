//! Sampling one closed period for one plan: pure, so it replays. The same
//! seed over the same finalized charts picks the same charts, whatever
//! order they are handed in: every chart gets a key from the seed and its
//! id ([`draw`]), and a random pick takes the lowest keys.
//!
//! Rules combine as a union: each chart is sampled once, with every rule
//! that picked it. Charts without a DRG (outpatient, or discharged where
//! no grouper is installed) are never picked by the DRG-weight rule.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::{RuleKind, SampleRule};
use crate::domain::drg::Weight;

/// A chart finalized in the period, in the plan's scope, not yet sampled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub chart_id: i64,
    /// The login of the coder who finalized it.
    pub coder: Option<String>,
    pub finalized: NaiveDate,
    /// The current DRG's weight; `None` without a DRG (or for 998/999).
    pub weight: Option<Weight>,
    pub had_query: bool,
}

/// A sampled chart and the rule(s) that picked it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pick {
    pub chart_id: i64,
    pub rules: Vec<RuleKind>,
}

/// The chart's place in the seeded random order: splitmix64 of the seed
/// and the chart id (a fixed, documented mix, so a replay anywhere gives
/// the same order).
pub fn draw(seed: u64, chart_id: i64) -> u64 {
    let mut z = seed ^ (chart_id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Samples `candidates` by `rules` with `seed`. `month_so_far` counts, per
/// coder, the charts this plan already sampled in the calendar month the
/// period ends in (for the monthly minimum). Picks come back in chart-id
/// order.
pub fn sample(
    rules: &[SampleRule],
    candidates: &[Candidate],
    seed: u64,
    month_so_far: &HashMap<String, u64>,
) -> Vec<Pick> {
    let mut ordered: Vec<&Candidate> = candidates.iter().collect();
    ordered.sort_by_key(|c| (draw(seed, c.chart_id), c.chart_id));
    let mut picked: BTreeMap<i64, BTreeSet<RuleKind>> = BTreeMap::new();
    let mut pick = |id: i64, kind: RuleKind| {
        picked.entry(id).or_default().insert(kind);
    };
    for rule in rules {
        let kind = rule.kind();
        match rule {
            SampleRule::Random(share) => {
                let n = share.of(ordered.len() as u64) as usize;
                ordered.iter().take(n).for_each(|c| pick(c.chart_id, kind));
            }
            SampleRule::NewCoder { coder, until } => ordered
                .iter()
                .filter(|c| c.coder.as_deref() == Some(coder) && c.finalized <= *until)
                .for_each(|c| pick(c.chart_id, kind)),
            SampleRule::DrgWeight(min) => ordered
                .iter()
                .filter(|c| c.weight.is_some_and(|w| w >= *min))
                .for_each(|c| pick(c.chart_id, kind)),
            SampleRule::ProviderQuery => ordered
                .iter()
                .filter(|c| c.had_query)
                .for_each(|c| pick(c.chart_id, kind)),
            SampleRule::MonthlyMinimum(_) => {}
        }
    }
    // The monthly minimum last: it tops up what the other rules left short.
    for rule in rules {
        let SampleRule::MonthlyMinimum(n) = rule else {
            continue;
        };
        let mut have: HashMap<&str, u64> = HashMap::new();
        for c in &ordered {
            if let Some(coder) = &c.coder
                && picked.contains_key(&c.chart_id)
            {
                *have.entry(coder).or_default() += 1;
            }
        }
        for c in &ordered {
            let Some(coder) = c.coder.as_deref() else {
                continue;
            };
            let so_far = month_so_far.get(coder).copied().unwrap_or(0);
            let count = have.entry(coder).or_default();
            if so_far + *count < u64::from(*n) && !picked.contains_key(&c.chart_id) {
                *count += 1;
                picked.entry(c.chart_id).or_default().insert(rule.kind());
            }
        }
    }
    picked
        .into_iter()
        .map(|(chart_id, rules)| Pick {
            chart_id,
            rules: rules.into_iter().collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: i64, coder: &str, weight: Option<&str>, had_query: bool) -> Candidate {
        Candidate {
            chart_id: id,
            coder: Some(coder.into()),
            finalized: "2026-11-03".parse().unwrap(),
            weight: weight.map(|w| w.parse().unwrap()),
            had_query,
        }
    }

    fn rules(texts: &[&str]) -> Vec<SampleRule> {
        texts.iter().map(|t| t.parse().unwrap()).collect()
    }

    #[test]
    fn five_percent_of_ten_thousand_is_exactly_five_hundred_and_replays() {
        let all: Vec<Candidate> = (1..=10_000)
            .map(|i| candidate(i, "c1", None, false))
            .collect();
        let r = rules(&["random:5%"]);
        let picks = sample(&r, &all, 42, &HashMap::new());
        assert_eq!(picks.len(), 500);
        let mut reversed = all.clone();
        reversed.reverse();
        assert_eq!(sample(&r, &reversed, 42, &HashMap::new()), picks);
        assert_ne!(sample(&r, &all, 43, &HashMap::new()), picks);
    }

    #[test]
    fn rules_combine_as_a_union_and_drg_rules_skip_charts_without_one() {
        let all = vec![
            candidate(1, "a", Some("2.5000"), true),
            candidate(2, "a", None, false),
            candidate(3, "b", Some("0.9000"), false),
            candidate(4, "b", None, true),
        ];
        let picks = sample(
            &rules(&["drg-weight:2.0", "provider-query", "drg-weight:0.5"]),
            &all,
            1,
            &HashMap::new(),
        );
        let got: Vec<(i64, Vec<RuleKind>)> =
            picks.into_iter().map(|p| (p.chart_id, p.rules)).collect();
        assert_eq!(
            got,
            [
                (1, vec![RuleKind::DrgWeight, RuleKind::ProviderQuery]),
                (3, vec![RuleKind::DrgWeight]),
                (4, vec![RuleKind::ProviderQuery]),
            ]
        );
    }

    #[test]
    fn the_monthly_minimum_tops_up_each_coder() {
        let all: Vec<Candidate> = (1..=6)
            .map(|i| candidate(i, if i <= 3 { "a" } else { "b" }, None, i == 1))
            .collect();
        let so_far = HashMap::from([("b".to_string(), 1)]);
        let picks = sample(
            &rules(&["provider-query", "monthly-minimum:2"]),
            &all,
            7,
            &so_far,
        );
        let count = |lo: i64, hi: i64| {
            picks
                .iter()
                .filter(|p| (lo..=hi).contains(&p.chart_id))
                .count()
        };
        assert_eq!(count(1, 3), 2, "a: the queried chart and one more");
        assert_eq!(count(4, 6), 1, "b had one this month already");
        let new_coder = sample(
            &rules(&["new-coder:a:2026-11-03"]),
            &all,
            7,
            &HashMap::new(),
        );
        assert_eq!(new_coder.len(), 3);
    }
}
