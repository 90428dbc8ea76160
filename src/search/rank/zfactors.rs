//! Words of chapter 21 (Z00–Z99, factors influencing health status) that
//! its titles do not spell. Coders and patients say whose history it is
//! ("mother has diabetes", "father had colon cancer"), that it is past
//! ("prior gestational diabetes", "previous uti"), that the patient lives
//! with a device or a treatment ("oxygen dependent", "on coumadin",
//! "chronic steroid use"), where the titles say "Family history of …",
//! "Personal history of …", "Dependence on …", "Presence of …", "Long term
//! (current) use of …". Such a word met nothing in the Z code the query
//! means, so a title that happened to hold it ("Dependent personality
//! disorder", "Syndrome of infant of a diabetic mother", "Underdosing of
//! anticoagulants") led.
//!
//! Each such term is met, below a word of the title, by the Z titles of
//! its form ([`ZTerms::meets`]); it keeps meeting every title that holds
//! it as before. The drug classes the lay lexicon gives a drug name ("as
//! the poisoning titles name them": prednisone → glucocorticoids) meet the
//! word the long-term-use titles use for that class (Z79.52 "systemic
//! steroids", Z79.2 "antibiotics", Z79.891 "opiate analgesic"), as the
//! Index's "Long-term (current) drug therapy" subterms do.

use crate::domain::codes::CodeSystem;
use crate::search::index::Entry;
use crate::search::query::Term;
use crate::search::vocab::Vocab;

use super::resolve::Resolved;

/// How well a Z title meets a term it answers only by its form: as a word
/// family (the form says what the word means: "mother" is a family
/// history, "dependent" a dependence), less than the word itself, so a
/// title that holds the word still leads among titles that answer the rest
/// alike.
pub(super) const Q_FORM: f32 = 0.9;

/// A family member: the history is the relative's (Z80–Z84, "Family
/// history of …"). "maternal"/"paternal" are left out: they name the
/// pregnancy chapter's mother too.
const RELATIVES: [&str; 26] = [
    "mother",
    "mom",
    "father",
    "dad",
    "parent",
    "parents",
    "sister",
    "sisters",
    "brother",
    "brothers",
    "sibling",
    "siblings",
    "grandmother",
    "grandfather",
    "grandparent",
    "grandparents",
    "grandma",
    "grandpa",
    "aunt",
    "uncle",
    "cousin",
    "son",
    "daughter",
    "relative",
    "relatives",
    "fam",
];

/// Words that put a condition in the past: met by the history titles
/// ("Personal history of …", "History of …", and "Family history of …",
/// which gives way unless the query names a relative: `intent.rs`).
const PAST: [&str; 8] = [
    "prior", "previous", "past", "former", "earlier", "remote", "had", "hx",
];

/// Words that say the patient lives with a device, an opening, an absence
/// or a treatment: met by the status titles ([`is_status_title`]), and
/// by the history titles ("has history of …", "mother has diabetes").
const STATUS: [&str; 10] = [
    "has",
    "have",
    "having",
    "wears",
    "wearing",
    "uses",
    "using",
    "dependent",
    "dependant",
    "bound",
];

/// Words that make a drug a current, lasting therapy: met by the
/// long-term-use titles (Z79). "on" only when the query also names a
/// drug class those titles answer (see [`ZTerms::read`]).
const LONG_TERM: [&str; 3] = ["chronic", "daily", "maintenance"];

/// Drug classes as the lay lexicon and the poisoning titles (T36–T50)
/// name them ("ibuprofen" → propionic acid derivatives, "codeine" → other
/// opioids), with the word the long-term-use title (Z79) and the allergy
/// status title (Z88) use for that class ("" when neither names it): the
/// two chapter-21 families that list drugs by class, as the Index's
/// "Long-term (current) drug therapy" and "Allergy, status, drug"
/// subterms do. A class word that a Z79 title spells itself ("insulin",
/// "aspirin") is listed too, so that "on insulin" reads as a lasting use.
const DRUG_CLASSES: [(&str, &str, &str); 23] = [
    ("glucocorticoids", "systemic", ""),
    ("penicillins", "antibiotics", "penicillin"),
    ("cephalosporins", "antibiotics", "antibiotic"),
    ("macrolides", "antibiotics", "antibiotic"),
    ("fluoroquinolone", "antibiotics", "antibiotic"),
    ("tetracyclines", "antibiotics", "antibiotic"),
    ("aminoglycosides", "antibiotics", "antibiotic"),
    ("antibiotics", "antibiotics", "antibiotic"),
    ("sulfonamides", "antibiotics", "sulfonamides"),
    ("opioids", "opiate", "narcotic"),
    ("narcotics", "opiate", "narcotic"),
    ("anticoagulants", "anticoagulants", ""),
    ("antithrombotic", "antithrombotics", ""),
    ("hypoglycemic", "hypoglycemic", ""),
    ("nonsteroidal", "nsaid", "analgesic"),
    ("propionic", "nsaid", "analgesic"),
    ("salicylates", "aspirin", "analgesic"),
    ("aspirin", "aspirin", "analgesic"),
    ("insulin", "insulin", ""),
    ("immunosuppressive", "immunosuppressants", ""),
    ("immunosuppressants", "immunosuppressants", ""),
    ("bisphosphonates", "bisphosphonates", ""),
    ("contraceptives", "contraceptives", ""),
];

/// Words coders use interchangeably for an implanted or fitted device
/// ("prosthetic eye", "mechanical valve", "artificial hip"): the
/// "Presence of …" titles (Z95–Z97) each say one of [`DEVICE_TITLE`]
/// ("Presence of artificial eye", "… of prosthetic heart valve"), so a
/// query that says another met only the complication titles (T82–T85)
/// that spell its word.
const DEVICE: [&str; 6] = [
    "prosthetic",
    "prosthesis",
    "artificial",
    "mechanical",
    "implanted",
    "implant",
];
const DEVICE_TITLE: [&str; 6] = [
    "artificial",
    "prosthetic",
    "implant",
    "implants",
    "device",
    "devices",
];

/// A drug named generically in an allergy ("allergy to sulfa drugs",
/// "allergic to medications"): the Z88 titles are the drug allergies
/// ("Allergy status to drugs, medicaments and biological substances").
const DRUG_WORDS: [&str; 7] = [
    "drug",
    "drugs",
    "medication",
    "medications",
    "medicine",
    "medicines",
    "meds",
];

/// Words that make a query an allergy: a drug class it names is met by
/// the allergy status title of that class (Z88), not only by "Allergy,
/// unspecified" (T78.40), which meets the allergy word and not the drug.
const ALLERGY: [&str; 3] = ["allergy", "allergic", "allergies"];

/// Words that say a device or an opening is looked after ("trach change",
/// "colostomy care", "picc line removal", "pacemaker check"): met by the
/// encounter titles
/// for attention to it ([`is_attention_title`]), "Encounter for attention
/// to tracheostomy", "… adjustment and management of …".
const ATTENTION: [&str; 12] = [
    "change",
    "changed",
    "removal",
    "remove",
    "removed",
    "exchange",
    "check",
    "checking",
    "care",
    "replacement",
    "replace",
    "replaced",
];

/// The units of a typed age ("2 year old", "6 months old", "80 yo").
const AGE_UNITS: [&str; 10] = [
    "year", "years", "yr", "yrs", "yo", "month", "months", "mo", "mos", "y/o",
];

/// What each query term is, by bit of its index in `resolved`.
#[derive(Debug, Default)]
pub(super) struct ZTerms {
    relative: u64,
    past: u64,
    status: u64,
    long_term: u64,
    attention: u64,
    device: u64,
    allergy_drug: u64,
    /// Per term, the long-term-use (Z79) and allergy-status (Z88) title
    /// words its drug class meets ("" for none; Z88 only in an allergy).
    drug: Vec<(usize, &'static str, &'static str)>,
}

/// The kind of Z title a code has, by its opening words.
fn title_starts(title: &str, prefix: &str) -> bool {
    title.len() >= prefix.len()
        && title.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Whether `title` holds one of `words` as a word.
fn has_word(title: &str, words: &[&str]) -> bool {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| words.iter().any(|x| w.eq_ignore_ascii_case(x)))
}

/// A status title: the patient lives with a device, an opening, an
/// absence, a dependence or a treatment.
fn is_status_title(title: &str) -> bool {
    [
        "presence of",
        "dependence on",
        "acquired absence",
        "long term",
    ]
    .iter()
    .any(|p| title_starts(title, p))
        || title
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case("status"))
}

/// An encounter for looking after a device or an opening.
fn is_attention_title(title: &str) -> bool {
    const WORDS: [&str; 8] = [
        "attention",
        "adjustment",
        "fitting",
        "removal",
        "change",
        "checking",
        "surveillance",
        "management",
    ];
    title_starts(title, "encounter for")
        && title
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| WORDS.iter().any(|x| w.eq_ignore_ascii_case(x)))
}

/// The terms (bit per index into `resolved`, the first 63) of a typed age
/// in years or months: a number, its unit ([`AGE_UNITS`]) and an "old"
/// after it. No ICD-10-CM title states an age that way (a newborn's days
/// and a pregnancy's weeks, which titles do state, are left alone), so
/// such words only met titles by chance ("well child check 2 year old"
/// led with a coma scale's "2"); the query is read without them.
fn age_terms(resolved: &[Resolved<'_>]) -> u64 {
    let word = |i: usize| {
        resolved
            .get(i)
            .and_then(|r| r.term.single_word())
            .unwrap_or("")
    };
    let mut bits = 0u64;
    for i in 0..resolved.len().min(61) {
        let number = !word(i).is_empty() && word(i).bytes().all(|b| b.is_ascii_digit());
        if number && word(i).len() <= 3 && AGE_UNITS.contains(&word(i + 1)) {
            bits |= 0b11 << i;
            if word(i + 2) == "old" {
                bits |= 1 << (i + 2);
            }
        }
    }
    bits
}

/// Drops the terms of a typed age ([`age_terms`]) from the query.
pub(super) fn drop_age_terms(resolved: &mut Vec<Resolved<'_>>) {
    let age = age_terms(resolved);
    let mut i = 0;
    resolved.retain(|_| {
        let keep = i >= 64 || age & (1 << i) == 0;
        i += 1;
        keep
    });
}

/// Whether Z code `key` is of Z89–Z99, the statuses a procedure leaves
/// (absences, openings, transplants, implants, dependence): a past word
/// meets these titles, not the social ones of the same form ("Military
/// deployment status", Z56.82, for "history of military deployment").
fn after_procedure(key: &str) -> bool {
    key.get(1..3).is_some_and(|block| block >= "89")
}

/// A history title: the patient's own or a relative's.
fn is_history_title(title: &str) -> bool {
    ["personal history", "history of", "family history"]
        .iter()
        .any(|p| title_starts(title, p))
}

/// Whether `term` is one word of a form the Z titles spell otherwise
/// (relative, past, status, long-term): it finds candidates last.
pub(super) fn is_form_word(term: &Term) -> bool {
    matches!(term.words.as_slice(), [w] if [&RELATIVES[..], &PAST, &STATUS, &LONG_TERM, &ATTENTION]
        .iter()
        .any(|list| list.contains(&w.as_str())))
}

/// Whether `term` says "history" of the patient: typed ("history") or
/// as an abbreviation's first reading ("h/o"), not a family's ("fh").
/// It meets the history titles by its word and, as the past words do,
/// the status titles by their form: chapter 21 states a past procedure
/// as a status ("h/o gastric bypass" is Z98.84 "Bariatric surgery
/// status", "history of cabg" Z95.1 "Presence of aortocoronary bypass
/// graft"), not as a "Personal history of …" title.
fn names_history(term: &Term) -> bool {
    // Only the history words themselves: a lexicon phrase that holds
    // "history" beside its condition ("history of cancer of colon")
    // is met by its own words.
    let history = |words: &[String]| {
        words.iter().any(|w| w == "history")
            && words.iter().all(|w| w == "history" || w == "personal")
    };
    history(&term.words) || term.expansions.first().is_some_and(|e| history(e))
}

/// Whether `word` names a family member ([`RELATIVES`]): the history the
/// query speaks of is a relative's.
pub(super) fn is_relative(word: &str) -> bool {
    RELATIVES.contains(&word)
}

/// Whether `term` is one relative word. The titles never name one
/// ("father" is in no title), so such a term would be dropped as unknown;
/// it is kept, to be met by the family-history titles.
pub(super) fn names_relative(term: &Term) -> bool {
    matches!(term.words.as_slice(), [w] if is_relative(w))
}

impl ZTerms {
    pub(super) fn read(resolved: &[Resolved<'_>], vocab: &Vocab) -> ZTerms {
        let mut z = ZTerms::default();
        let one_of = |r: &Resolved<'_>, words: &[&str]| matches!(r.term.words.as_slice(), [w] if words.contains(&w.as_str()));
        let classes: Vec<(u32, &'static str, &'static str)> = DRUG_CLASSES
            .iter()
            .filter_map(|(class, lasting, allergy)| {
                vocab.id(class).map(|id| (id, *lasting, *allergy))
            })
            .collect();
        // Any word of the term: "allergic to" is one lexicon phrase.
        let allergy = resolved
            .iter()
            .any(|r| r.term.words.iter().any(|w| ALLERGY.contains(&w.as_str())));
        for (i, r) in resolved.iter().enumerate().take(64) {
            let bit = 1u64 << i;
            if one_of(r, &RELATIVES) {
                z.relative |= bit;
            } else if one_of(r, &PAST) || names_history(r.term) {
                z.past |= bit;
            } else if one_of(r, &STATUS) {
                z.status |= bit;
            } else if one_of(r, &LONG_TERM) {
                z.long_term |= bit;
            } else if one_of(r, &ATTENTION) {
                z.attention |= bit;
            } else if one_of(r, &DEVICE) {
                z.device |= bit;
            } else if allergy && one_of(r, &DRUG_WORDS) {
                z.allergy_drug |= bit;
            }
            if let Some((_, lasting, status)) = classes
                .iter()
                .find(|(id, _, _)| r.sets.iter().any(|s| s.contains(*id)))
            {
                z.drug.push((i, lasting, if allergy { status } else { "" }));
            }
        }
        // "in place" after a device or an opening ("ileostomy in place",
        // "foley in place"): it is there, as "has" says; else "place" met
        // the place-of-occurrence titles (Y92) and led.
        for (i, pair) in resolved.windows(2).enumerate().take(63) {
            if one_of(&pair[0], &["in"]) && one_of(&pair[1], &["place"]) && i > 0 {
                z.status |= 0b11 << i;
            }
        }
        // "on <drug>": the patient takes it (Z79), unless the query is
        // about a poisoning or reaction, which its other words then meet.
        if !z.drug.is_empty() {
            for (i, r) in resolved.iter().enumerate().take(64) {
                if one_of(r, &["on"]) {
                    z.long_term |= 1 << i;
                }
            }
        }
        z
    }

    /// How well ICD-10-CM entry `e` (key `key`, title `title`) meets term
    /// `i` by its form alone; `None` when it does not.
    pub(super) fn meets(&self, i: usize, e: &Entry, key: &str, title: &str) -> Option<f32> {
        if e.system != CodeSystem::Icd10Cm || !key.starts_with('Z') || i >= 64 {
            return None;
        }
        let bit = 1u64 << i;
        let met = if self.relative & bit != 0 {
            title_starts(title, "family history")
        } else if self.past & bit != 0 {
            is_history_title(title) || (is_status_title(title) && after_procedure(key))
        } else if self.status & bit != 0 {
            is_status_title(title) || is_history_title(title)
        } else if self.long_term & bit != 0 {
            title_starts(title, "long term")
        } else if self.attention & bit != 0 {
            is_attention_title(title)
        } else if self.device & bit != 0 {
            title_starts(title, "presence of") && has_word(title, &DEVICE_TITLE)
        } else if self.allergy_drug & bit != 0 {
            title_starts(title, "allergy status to")
        } else if let Some((_, lasting, allergy)) = self.drug.iter().find(|(t, _, _)| *t == i) {
            let names = |word: &str| {
                !word.is_empty()
                    && title
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .any(|w| w.eq_ignore_ascii_case(word))
            };
            (title_starts(title, "long term") && names(lasting))
                || (title_starts(title, "allergy status") && names(allergy))
        } else {
            false
        };
        met.then_some(Q_FORM)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::CodeKind;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    fn corpus() -> Index {
        let entry = |code: &str, title: &str, terms: &[&str]| IndexableCode {
            code: code.into(),
            kind: CodeKind::Code,
            billable: true,
            title: title.into(),
            terms: terms.iter().map(|t| t.to_string()).collect(),
            valid_until: None,
        };
        Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                entry("P70.1", "Syndrome of infant of a diabetic mother", &[]),
                entry("Z83.3", "Family history of diabetes mellitus", &[]),
                entry(
                    "E11.9",
                    "Type 2 diabetes mellitus without complications",
                    &[],
                ),
                entry("F60.7", "Dependent personality disorder", &[]),
                entry("Z99.81", "Dependence on supplemental oxygen", &[]),
                entry("R09.02", "Hypoxemia", &[]),
                entry(
                    "O24.419",
                    "Gestational diabetes mellitus in pregnancy, unspecified control",
                    &[],
                ),
                entry("Z86.32", "Personal history of gestational diabetes", &[]),
                entry(
                    "Z01.818",
                    "Encounter for other preprocedural examination",
                    &["Encounter for examinations prior to chemotherapy"],
                ),
                entry(
                    "T45.516A",
                    "Underdosing of anticoagulants, initial encounter",
                    &[],
                ),
                entry("Z79.01", "Long term (current) use of anticoagulants", &[]),
                entry("Z43.3", "Encounter for attention to colostomy", &[]),
                entry("K94.00", "Colostomy complication, unspecified", &[]),
                entry("Z51.5", "Encounter for palliative care", &[]),
            ],
        )
    }

    #[test]
    fn form_words_meet_the_z_titles_that_spell_them_otherwise() {
        let index = corpus();
        // A relative: the family history, not the newborn of a diabetic mother.
        assert_eq!(index.first_code("mother diabetes"), "Z83.3");
        // A dependence, not a dependent personality.
        assert_eq!(index.first_code("oxygen dependent"), "Z99.81");
        // The past: the patient's history, not the current pregnancy.
        assert_eq!(index.first_code("prior gestational diabetes"), "Z86.32");
        // "on" a drug: the long-term use, not its underdosing.
        assert_eq!(index.first_code("on coumadin"), "Z79.01");
        // Without the form word, the words decide as before.
        assert_eq!(index.first_code("diabetic mother"), "P70.1");
        assert_eq!(index.first_code("dependent personality"), "F60.7");
        // Looking after an opening: the encounter for attention to it.
        assert_eq!(index.first_code("colostomy care"), "Z43.3");
        assert_eq!(index.first_code("colostomy complication"), "K94.00");
    }

    #[test]
    fn allergy_device_and_place_words_meet_their_z_titles() {
        let entry = |code: &str, title: &str| IndexableCode {
            code: code.into(),
            kind: CodeKind::Code,
            billable: true,
            title: title.into(),
            terms: Vec::new(),
            valid_until: None,
        };
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                entry("T78.40XA", "Allergy, unspecified, initial encounter"),
                entry("Z88.2", "Allergy status to sulfonamides"),
                entry(
                    "Z88.8",
                    "Allergy status to other drugs, medicaments and biological substances",
                ),
                entry("Z97.0", "Presence of artificial eye"),
                entry(
                    "T85.858A",
                    "Other specified complication of other internal prosthetic devices, initial encounter",
                ),
                entry("Z93.2", "Ileostomy status"),
                entry(
                    "Y92.039",
                    "Unspecified place in apartment as the place of occurrence of the external cause",
                ),
            ],
        );
        // A drug named generically in an allergy is a Z88 drug allergy.
        assert_eq!(index.first_code("sulfonamides allergy drugs"), "Z88.2");
        // A device word met by the presence title that says another.
        assert_eq!(index.first_code("has prosthetic eye"), "Z97.0");
        // "in place" is there, not a place of occurrence.
        assert_eq!(index.first_code("ileostomy in place"), "Z93.2");
    }

    #[test]
    fn status_titles_are_read_by_their_form() {
        assert!(is_status_title("Dependence on supplemental oxygen"));
        assert!(is_status_title("Presence of cardiac pacemaker"));
        assert!(is_status_title("Acquired absence of right leg below knee"));
        assert!(is_status_title("Tracheostomy status"));
        assert!(is_status_title("Long term (current) use of anticoagulants"));
        assert!(!is_status_title("Dependent personality disorder"));
        assert!(!is_status_title("Statuses")); // a word, not a prefix
        assert!(is_relative("mother") && is_relative("fam"));
        assert!(!is_relative("maternal"));
    }
}
