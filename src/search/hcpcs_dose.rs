//! Doses in queries: "depo-medrol 40 mg", "procrit 10000 units", "humira
//! 40", "dexamethasone 1mg". A HCPCS drug code is billed in units of the
//! amount its descriptor names ("Injection, methylprednisolone acetate,
//! 40 mg"; "…, per 250 mg"; "…, up to 20 mg"), so the code a coder wants
//! for a dose is the one whose per-unit amount is that dose, or covers it
//! ("up to"), or divides it (40 mg of triamcinolone is 4 units of the
//! 10 mg code).
//!
//! Why a rule and not words: the descriptors rarely spell the typed number
//! ("kenalog 40 mg" is J3301, "…, 10 mg"), and a typed number that no
//! title has would otherwise count as a missing term, letting any code
//! that happens to say "40 mg" (another drug) tie with the right drug. So
//! a typed dose is met by a HCPCS code whose descriptor amount matches or
//! divides it (best when equal, then "up to", then the largest divisor),
//! and a dose with its unit counts for little when missed: a drug whose
//! codes are sized otherwise is still found, never excluded.

use super::query::Term;

/// What a unit measures; amounts compare only within one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Measure {
    /// In micrograms.
    Mass,
    /// Units, international units, USP units.
    Units,
    /// In millilitres.
    Volume,
    Milliequivalents,
}

/// A typed dose, carried by the query's number term and its unit term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Dose {
    /// In the measure's base unit (micrograms, units, millilitres).
    pub amount: f64,
    /// `None` for a bare number ("humira 40"): any measure.
    pub measure: Option<Measure>,
}

/// Amounts are finite and positive (see [`number`]), never NaN, so
/// equality is total.
impl Eq for Dose {}

/// What a missed dose term with a unit costs, against 1 for a word (0.5
/// for a connector): a drug whose codes are sized otherwise still leads
/// another drug that happens to name the number.
pub(crate) const SOFT_WEIGHT: f32 = 0.25;

/// Match qualities (see `rank/resolve.rs` for the word scale: an exact
/// word is 1.0, an abbreviation 0.95).
const Q_EQUAL: f32 = 1.0;
const Q_UP_TO: f32 = 0.95;
/// A divisor: from this, plus up to [`Q_DIVISOR_SPAN`] as it nears the
/// dose (10 mg units for 40 mg before 1 mg units).
const Q_DIVISOR: f32 = 0.8;
const Q_DIVISOR_SPAN: f32 = 0.15;

/// A unit word and its size in the measure's base unit.
fn unit(word: &str) -> Option<(Measure, f64)> {
    Some(match word {
        "mg" | "mgs" | "milligram" | "milligrams" => (Measure::Mass, 1_000.0),
        "g" | "gm" | "gms" | "gram" | "grams" => (Measure::Mass, 1_000_000.0),
        "mcg" | "ug" | "microgram" | "micrograms" => (Measure::Mass, 1.0),
        "u" | "unit" | "units" | "iu" | "ius" => (Measure::Units, 1.0),
        "kiu" => (Measure::Units, 1_000.0),
        "ml" | "mls" | "cc" | "ccs" | "milliliter" | "milliliters" => (Measure::Volume, 1.0),
        "meq" => (Measure::Milliequivalents, 1.0),
        _ => return None,
    })
}

/// A typed number: digits with at most one decimal point.
fn number(word: &str) -> Option<f64> {
    let ok = !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && word.bytes().filter(|&b| b == b'.').count() <= 1
        && word.bytes().any(|b| b.is_ascii_digit());
    ok.then(|| word.parse().ok())
        .flatten()
        .filter(|&n: &f64| n > 0.0 && n.is_finite())
}

/// A dose typed as one word ("40mg", "2.5mg", "1g").
fn fused(word: &str) -> Option<Dose> {
    let split = word.find(|c: char| c.is_ascii_alphabetic())?;
    let (n, u) = word.split_at(split);
    let (measure, size) = unit(u)?;
    Some(Dose {
        amount: number(n)? * size,
        measure: Some(measure),
    })
}

/// Reads the doses of a query's words, one entry per word: the number of
/// a dose and its unit word carry the dose (both, so that either met or
/// missed counts alike), a fused dose ("40mg") carries it alone, a bare
/// number carries a dose of any measure. Each is marked soft when its
/// unit is known. Numbers inside a code ("e11.9") are not words here:
/// the caller passes only single plain words.
pub(crate) fn read(words: &[Option<&str>]) -> Vec<Option<(Dose, bool)>> {
    let mut out = vec![None; words.len()];
    let mut i = 0;
    while i < words.len() {
        let Some(w) = words[i] else {
            i += 1;
            continue;
        };
        if let Some(d) = fused(w) {
            out[i] = Some((d, true));
        } else if let Some(n) = number(w) {
            // "3 million units"
            let (scale, next) = match words.get(i + 1).copied().flatten() {
                Some("million") => (1e6, i + 2),
                _ => (1.0, i + 1),
            };
            match words.get(next).copied().flatten().and_then(unit) {
                Some((measure, size)) => {
                    let d = Dose {
                        amount: n * scale * size,
                        measure: Some(measure),
                    };
                    out[i] = Some((d, true));
                    out[next] = Some((d, true));
                    i = next;
                }
                None => {
                    out[i] = Some((
                        Dose {
                            amount: n,
                            measure: None,
                        },
                        false,
                    ))
                }
            }
        }
        i += 1;
    }
    // "per 1000 units", "per unit": the descriptors' own way of sizing a
    // unit, which they write with or without "per". The word carries the
    // dose that follows ("per unit" is one unit) and counts for little.
    for i in 0..words.len().saturating_sub(1) {
        if words[i] != Some("per") {
            continue;
        }
        if out[i + 1].is_none()
            && let Some((measure, size)) = words[i + 1].and_then(unit)
        {
            let one = Dose {
                amount: size,
                measure: Some(measure),
            };
            out[i + 1] = Some((one, true));
        }
        if let Some((d, _)) = out[i + 1] {
            out[i] = Some((d, true));
        }
    }
    out
}

/// Marks the doses of a parsed query's terms ([`read`] over its
/// single-word terms; a term of several words, "als 2", is no dose).
pub(crate) fn mark_doses(terms: &mut [Term]) {
    let doses = {
        let plain: Vec<Option<&str>> = terms
            .iter()
            .map(|t| match t.words.as_slice() {
                [w] if !t.negated => Some(w.as_str()),
                _ => None,
            })
            .collect();
        read(&plain)
    };
    for (t, d) in terms.iter_mut().zip(doses) {
        t.dose = d;
    }
}

/// One amount a descriptor names.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Amount {
    /// In the measure's base unit.
    amount: f64,
    /// As the descriptor writes it, in its own unit (what a bare typed
    /// number is compared with).
    written: f64,
    measure: Measure,
    /// "up to 20 mg": any dose not above it is one unit.
    up_to: bool,
}

/// The amounts a HCPCS descriptor names: a number (with thousands
/// separators, "100,000 units"; decimals, "0.25 mg"), optionally
/// "million", then a unit ("mg", "gm", "i.u.", "usp units"), each noted
/// as "up to" when so introduced.
fn amounts(title: &str) -> Vec<Amount> {
    if !title.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let lower = title.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts_number =
            b[i].is_ascii_digit() && (i == 0 || !(b[i - 1].is_ascii_alphanumeric()));
        if !starts_number {
            i += 1;
            continue;
        }
        let start = i;
        let mut text = String::new();
        while i < b.len() {
            let c = b[i];
            let grouped = c == b','
                && i + 3 < b.len() + 1
                && b[i + 1..].len() >= 3
                && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
                && b.get(i + 4).is_none_or(|n| !n.is_ascii_digit());
            if c.is_ascii_digit() {
                text.push(c as char);
            } else if c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                text.push('.');
            } else if !grouped {
                break;
            }
            i += 1;
        }
        let Some(n) = number(&text) else { continue };
        // The unit: letters (dots dropped: "i.u."), after optional
        // spaces, "million" and "usp".
        let mut rest = &lower[i..];
        let mut scale = 1.0;
        let mut unit_found = None;
        for _ in 0..3 {
            let trimmed = rest.trim_start();
            let len = trimmed
                .find(|c: char| !(c.is_ascii_alphabetic() || c == '.'))
                .unwrap_or(trimmed.len());
            let word: String = trimmed[..len].chars().filter(|&c| c != '.').collect();
            rest = &trimmed[len..];
            match word.as_str() {
                "million" => scale = 1e6,
                "usp" => {}
                w => {
                    unit_found = unit(w);
                    break;
                }
            }
        }
        if let Some((measure, size)) = unit_found {
            let before = lower[..start].trim_end();
            out.push(Amount {
                amount: n * scale * size,
                written: n * scale,
                measure,
                up_to: before.ends_with("up to"),
            });
        }
    }
    out
}

impl Dose {
    /// How well a HCPCS descriptor's amounts answer this dose: equal, then
    /// covered by "up to", then divided (the larger the unit, the better);
    /// `None` when no amount of the measure does.
    pub(crate) fn quality_in(&self, title: &str) -> Option<f32> {
        const EPS: f64 = 1e-6;
        amounts(title)
            .into_iter()
            .filter(|a| self.measure.is_none_or(|m| m == a.measure))
            .filter_map(|a| {
                let of = if self.measure.is_some() {
                    a.amount
                } else {
                    a.written
                };
                let ratio = self.amount / of;
                if (ratio - 1.0).abs() < EPS {
                    Some(Q_EQUAL)
                } else if a.up_to && ratio < 1.0 {
                    Some(Q_UP_TO)
                } else if ratio > 1.0 && (ratio - ratio.round()).abs() < EPS * ratio {
                    Some(Q_DIVISOR + Q_DIVISOR_SPAN * (1.0 / ratio) as f32)
                } else {
                    None
                }
            })
            .max_by(f32::total_cmp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dose(text: &str) -> Vec<Option<(Dose, bool)>> {
        let words: Vec<String> = crate::search::words::words(text);
        let refs: Vec<Option<&str>> = words.iter().map(|w| Some(w.as_str())).collect();
        read(&refs)
    }

    fn mg(n: f64) -> Dose {
        Dose {
            amount: n * 1000.0,
            measure: Some(Measure::Mass),
        }
    }

    #[test]
    fn doses_are_read_with_and_without_units() {
        let got = dose("depo medrol 40 mg");
        assert_eq!(got[0], None);
        assert_eq!(got[2], Some((mg(40.0), true)));
        assert_eq!(got[3], Some((mg(40.0), true)), "the unit carries it too");
        assert_eq!(dose("dexamethasone 1mg")[1], Some((mg(1.0), true)));
        assert_eq!(dose("rocephin 1 g")[1], Some((mg(1000.0), true)));
        let bare = dose("humira 40")[1].unwrap();
        assert_eq!((bare.0.amount, bare.0.measure, bare.1), (40.0, None, false));
        let iu = dose("interferon 3 million units")[1].unwrap().0;
        assert_eq!((iu.amount, iu.measure), (3e6, Some(Measure::Units)));
        assert_eq!(dose("walker folding"), [None, None]);
        // "per": the unit's size, soft.
        let per = dose("botox per unit");
        let one = Dose {
            amount: 1.0,
            measure: Some(Measure::Units),
        };
        assert_eq!(per[1], Some((one, true)));
        assert_eq!(per[2], Some((one, true)));
        assert_eq!(dose("heparin per 1000 units")[1].unwrap().0.amount, 1000.0);
        assert_eq!(dose("per diem"), [None, None]);
    }

    #[test]
    fn descriptor_amounts_with_separators_and_up_to() {
        let a = amounts("Injection, penicillin g benzathine, 100,000 units");
        assert_eq!(a.len(), 1);
        assert_eq!((a[0].amount, a[0].measure), (100_000.0, Measure::Units));
        let a = amounts("Injection, furosemide, up to 20 mg");
        assert_eq!(
            a,
            [Amount {
                amount: 20_000.0,
                written: 20.0,
                measure: Measure::Mass,
                up_to: true
            }]
        );
        let a = amounts("Injection, ceftolozane 50 mg and tazobactam 25 mg");
        assert_eq!(a.len(), 2);
        let a = amounts("Injection, factor x, (human), 1 i.u.");
        assert_eq!(a[0].measure, Measure::Units);
        let a = amounts("Injection, hyaluronidase, ovine, per 1000 usp units");
        assert_eq!(a[0].amount, 1000.0);
        assert!(amounts("Walker, folding, wheeled").is_empty());
        // A number inside a word is not an amount ("b-12", "tc-99m").
        assert!(amounts("Technetium tc-99m sestamibi").is_empty());
    }

    #[test]
    fn a_dose_prefers_the_code_sized_to_it() {
        let forty = mg(40.0);
        let q = |t: &str| forty.quality_in(t);
        let equal = q("Injection, methylprednisolone acetate, 40 mg").unwrap();
        let ten = q("Injection, triamcinolone acetonide, not otherwise specified, 10 mg").unwrap();
        let one = q("Injection, triamcinolone acetonide, preservative free, 1 mg").unwrap();
        assert!(equal > ten && ten > one, "{equal} {ten} {one}");
        assert!(q("Injection, methylprednisolone acetate, 80 mg").is_none());
        assert!(q("Injection, testosterone, 30 mg").is_none());
        let up_to = q("Injection, methylprednisolone sodium succinate, up to 125 mg").unwrap();
        assert!(up_to > ten);
        // Grams and milligrams compare; units and milligrams do not.
        assert!(
            mg(1000.0)
                .quality_in("Injection, ceftriaxone sodium, per 250 mg")
                .is_some()
        );
        assert!(mg(1000.0).quality_in("Injection, x, 1 gm").unwrap() == Q_EQUAL);
        assert!(
            forty
                .quality_in("Injection, heparin sodium, per 10 units")
                .is_none()
        );
        // A bare number meets any measure.
        let bare = Dose {
            amount: 40.0,
            measure: None,
        };
        assert!(bare.quality_in("Injection, adalimumab, 20 mg").is_some());
    }
}
