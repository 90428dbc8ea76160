//! The accuracy formulas on a hand-computed fixture (issue 15). Four
//! closed reviews, computed by hand below:
//!
//! ```text
//! A (ann, inpatient queue, finalized 2026-11-03, DRG 292 0.9047 -> 291 1.3444)
//!   I50.21 principal Y  agree
//!   E11.9  secondary Y  change -> E11.22 (POA Y kept)   specificity
//!   N18.31 secondary N  change POA only -> Y            poa
//!   02703ZZ procedure   agree
//!   + J18.9 secondary Y added                           missing_secondary
//! B (ann, inpatient, 2026-11-20, DRG 292 0.9047 -> 292 0.9047)
//!   I50.23 principal Y  agree
//!   R07.9  secondary Y  delete                          unsupported
//! C (bob, outpatient queue and encounter, 2026-12-01, no DRG)
//!   R07.9  principal    agree
//! D (bob, inpatient, 2026-12-02, DRG 291 1.3444 -> 292 0.9047, rebuttal ACCEPTED)
//!   I50.21 principal Y  agree
//!   E11.9  secondary Y  delete (unsupported) -- the accepted rebuttal
//!                       restores it: counts as agreed, its reason is not counted
//!
//! Principal:  A 1/1, B 1/1, C 1/1, D 1/1                        = 4/4
//! Secondary:  A E11.9 0 (code changed), N18.31 1 (POA-only change
//!             counts against POA alone), J18.9 added +1 total   = 1/3
//!             B R07.9 deleted 0/1; D E11.9 1/1                  = 2/5
//! Procedures: A 1/1                                             = 1/1
//! Codes:      (4 + 2 + 1) / (4 + 5 + 1)                         = 7/10
//! POA (inpatient diagnoses): A I50.21 1, E11.22 1 (kept Y),
//!             N18.31 0, J18.9 0 (added) = 2/4; B I50.23 1, R07.9 0
//!             (deleted) = 1/2; D 2/2 (accepted)                 = 5/8
//! Charts:     A changed, B changed, C no change, D accepted     = 2/4
//! DRG:        A 292->291 changed, B same, D accepted (original) = 2/3 kept,
//!             change rate 1/3 = 33.3 %
//! Weight:     A 1.3444 - 0.9047 = +0.4397, B 0, D 0; sum 4397
//!             ten-thousandths, mean 0.4397 / 3 = 0.146566...
//! Reasons:    specificity 1, poa 1, missing_secondary 1, unsupported 1
//!             (ties by name: missing_secondary, poa, specificity, unsupported)
//! Per coder:  ann = A+B: principal 2/2, secondary 1/4, procedures 1/1,
//!             codes 4/7, POA 3/6, charts 0/2, DRG 1/2 kept, weight 4397;
//!             bob = C+D: codes 3/3, POA 2/2, charts 2/2, DRG 1/1 kept.
//! Per queue:  inpatient = A+B+D: charts 1/3; outpatient = C: charts 1/1.
//! Per month:  2026-11 = A+B (= ann), 2026-12 = C+D (= bob).
//! ```

use chartq::app::review::accuracy::{Ratio, compute};
use chartq::domain::chart::EncounterType;
use chartq::domain::codes::CodeSystem;
use chartq::domain::coding::{CodeRole, Poa};
use chartq::domain::drg::{Drg, FinalDrg, GrouperVersion, Mdc};
use chartq::domain::review::{Decision, ReasonCategory, RebuttalStatus};
use chartq::store::review::{CodeLine, ReviewCode, ReviewFacts};

fn line(code: &str, role: CodeRole, poa: Option<Poa>) -> CodeLine {
    let system = if code == "02703ZZ" {
        CodeSystem::Icd10Pcs
    } else {
        CodeSystem::Icd10Cm
    };
    CodeLine {
        seq: 0,
        system,
        code: code.into(),
        title: String::new(),
        role,
        poa,
        modifiers: vec![],
    }
}

fn agree(l: CodeLine) -> ReviewCode {
    ReviewCode {
        id: 0,
        original: Some(l.clone()),
        decision: Some(Decision::Agree),
        reviewed: Some(l),
        reason: None,
        comment: None,
    }
}

fn change(from: CodeLine, to: CodeLine, reason: ReasonCategory) -> ReviewCode {
    ReviewCode {
        id: 0,
        original: Some(from),
        decision: Some(Decision::Change),
        reviewed: Some(to),
        reason: Some(reason),
        comment: None,
    }
}

fn delete(from: CodeLine, reason: ReasonCategory) -> ReviewCode {
    ReviewCode {
        id: 0,
        original: Some(from),
        decision: Some(Decision::Delete),
        reviewed: None,
        reason: Some(reason),
        comment: None,
    }
}

fn add(to: CodeLine, reason: ReasonCategory) -> ReviewCode {
    ReviewCode {
        id: 0,
        original: None,
        decision: Some(Decision::Add),
        reviewed: Some(to),
        reason: Some(reason),
        comment: None,
    }
}

fn drg(n: u16, w: &str) -> Option<FinalDrg> {
    Some(FinalDrg {
        drg: Drg::new(n).unwrap(),
        mdc: Mdc::new(5).unwrap(),
        version: GrouperVersion::V431,
        weight: Some(w.parse().unwrap()),
    })
}

#[allow(clippy::too_many_arguments)]
fn review(
    id: i64,
    coder: &str,
    queue: &str,
    encounter_type: EncounterType,
    finalized: &str,
    drgs: (Option<FinalDrg>, Option<FinalDrg>),
    rebuttal: Option<RebuttalStatus>,
    codes: Vec<ReviewCode>,
) -> ReviewFacts {
    ReviewFacts {
        review: id,
        coder: Some(coder.into()),
        queue: queue.into(),
        encounter_type,
        finalized: finalized.parse().unwrap(),
        original_drg: drgs.0,
        reviewed_drg: drgs.1,
        rebuttal,
        codes,
    }
}

fn fixture() -> Vec<ReviewFacts> {
    use CodeRole::{Principal, Procedure, Secondary};
    use EncounterType::{Inpatient, Outpatient};
    use ReasonCategory as R;
    let y = Some(Poa::Y);
    let n = Some(Poa::N);
    vec![
        review(
            1,
            "ann",
            "inpatient",
            Inpatient,
            "2026-11-03",
            (drg(292, "0.9047"), drg(291, "1.3444")),
            None,
            vec![
                agree(line("I50.21", Principal, y)),
                change(
                    line("E11.9", Secondary, y),
                    line("E11.22", Secondary, y),
                    R::Specificity,
                ),
                change(
                    line("N18.31", Secondary, n),
                    line("N18.31", Secondary, y),
                    R::Poa,
                ),
                agree(line("02703ZZ", Procedure, None)),
                add(line("J18.9", Secondary, y), R::MissingSecondary),
            ],
        ),
        review(
            2,
            "ann",
            "inpatient",
            Inpatient,
            "2026-11-20",
            (drg(292, "0.9047"), drg(292, "0.9047")),
            None,
            vec![
                agree(line("I50.23", Principal, y)),
                delete(line("R07.9", Secondary, y), R::Unsupported),
            ],
        ),
        review(
            3,
            "bob",
            "outpatient",
            Outpatient,
            "2026-12-01",
            (None, None),
            None,
            vec![agree(line("R07.9", Principal, None))],
        ),
        review(
            4,
            "bob",
            "inpatient",
            Inpatient,
            "2026-12-02",
            (drg(291, "1.3444"), drg(292, "0.9047")),
            Some(RebuttalStatus::Accepted),
            vec![
                agree(line("I50.21", Principal, y)),
                delete(line("E11.9", Secondary, y), R::Unsupported),
            ],
        ),
    ]
}

fn r(agreed: u64, total: u64) -> Ratio {
    Ratio { agreed, total }
}

#[test]
fn accuracy_matches_the_hand_computation() {
    let report = compute(&fixture());
    let all = &report.all;
    assert_eq!(report.reviews, 4);
    assert_eq!(all.principal, r(4, 4));
    assert_eq!(all.secondary, r(2, 5));
    assert_eq!(all.procedures, r(1, 1));
    assert_eq!(all.codes, r(7, 10));
    assert_eq!(all.poa, r(5, 8));
    assert_eq!(all.charts, r(2, 4));
    assert_eq!(all.drg, r(2, 3));
    assert_eq!(all.weight_difference, 4397);
    assert!((all.drg_change_percent().unwrap() - 100.0 / 3.0).abs() < 1e-9);
    assert!((all.mean_weight_difference().unwrap() - 0.4397 / 3.0).abs() < 1e-9);
    assert_eq!(all.codes.percent(), Some(70.0));
    use ReasonCategory as R;
    assert_eq!(
        all.reasons,
        [
            (R::MissingSecondary, 1),
            (R::Poa, 1),
            (R::Specificity, 1),
            (R::Unsupported, 1)
        ]
    );

    let group = |lines: &[chartq::app::review::accuracy::AccuracyLine], g: &str| {
        lines.iter().find(|l| l.group == g).unwrap().clone()
    };
    let ann = group(&report.by_coder, "ann");
    assert_eq!(
        (
            ann.principal,
            ann.secondary,
            ann.procedures,
            ann.codes,
            ann.poa,
            ann.charts,
            ann.drg
        ),
        (
            r(2, 2),
            r(1, 4),
            r(1, 1),
            r(4, 7),
            r(3, 6),
            r(0, 2),
            r(1, 2)
        )
    );
    assert_eq!(ann.weight_difference, 4397);
    let bob = group(&report.by_coder, "bob");
    assert_eq!(
        (bob.codes, bob.poa, bob.charts, bob.drg),
        (r(3, 3), r(2, 2), r(2, 2), r(1, 1))
    );
    assert_eq!(group(&report.by_queue, "inpatient").charts, r(1, 3));
    assert_eq!(group(&report.by_queue, "outpatient").charts, r(1, 1));
    let november = group(&report.by_period, "2026-11");
    assert_eq!((november.codes, november.charts), (ann.codes, ann.charts));
    assert_eq!(group(&report.by_period, "2026-12").codes, bob.codes);
}

#[test]
fn an_empty_report_has_no_rates() {
    let report = compute(&[]);
    assert_eq!(report.all.codes.percent(), None);
    assert_eq!(report.all.drg_change_percent(), None);
    assert!(report.by_coder.is_empty());
}

#[test]
fn the_text_rendering_of_the_fixture() {
    let mut out = Vec::new();
    chartq::cli::report_accuracy::write_text(
        &mut out,
        &compute(&fixture()),
        "2026-11-01..2026-12-31",
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    println!("{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    assert!(
        text.contains(
            "all                 2/4 50.0   7/10 70.0   4/4 100.0    2/5 40.0   1/1 100.0"
        ),
        "{text}"
    );
    assert!(text.contains("Top reasons: missing_secondary 1, poa 1, specificity 1, unsupported 1"));
}
