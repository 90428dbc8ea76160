//! The words of second-level review (issue 15): a supervisor's review plan
//! and its sampling rules, the two review modes, an auditor's decision on
//! each code with its reason category, and the coder's rebuttal. No I/O:
//! the store keeps these, the use cases combine them, the faces show them.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::audit::AuditAction;
use super::drg::{FinalDrg, Weight};
use super::report::FacilityZone;

pub mod accuracy;
pub mod sampling;

crate::string_enum! {
    /// When the review happens relative to billing, chosen per plan.
    pub enum ReviewMode: "review mode" {
        /// Before the bill: the chart is held from export until its review
        /// closes.
        Prebill = "prebill",
        /// After export: a change produces a corrected re-export flagged as
        /// a replacement of the earlier one.
        Retrospective = "retrospective" | "retro",
    }
}

crate::string_enum! {
    /// Where a sampled chart's review is.
    pub enum ReviewStatus: "review status" {
        /// Sampled, waiting for an auditor.
        Open = "open",
        /// Claimed by an auditor under a lease (the coding lease's rules).
        InReview = "in_review",
        /// Closed: the reviewed codes are the chart's final codes.
        Closed = "closed",
    }
}

crate::string_enum! {
    /// What the auditor did with one code.
    pub enum Decision: "decision" {
        Agree = "agree",
        /// Code, sequence, POA or modifiers changed.
        Change = "change",
        /// A code the coder missed.
        Add = "add",
        Delete = "delete",
    }
}

crate::string_enum! {
    /// Why the auditor did not agree: the industry's reason categories.
    #[derive(PartialOrd, Ord)]
    pub enum ReasonCategory: "reason category" {
        Specificity = "specificity",
        Sequencing = "sequencing",
        MissingSecondary = "missing_secondary",
        /// Not supported by the documentation.
        Unsupported = "unsupported",
        Poa = "poa",
        Guideline = "guideline",
    }
}

crate::string_enum! {
    /// A coder's rebuttal of a review outcome, answered once.
    pub enum RebuttalStatus: "rebuttal status" {
        Open = "open",
        /// The auditor agreed with the coder: the coder's codes stand again.
        Accepted = "accepted",
        /// The auditor kept the review's codes.
        Upheld = "upheld",
    }
}

/// A share of charts, exact to a hundredth of a percent (basis points,
/// 1..=10 000), so "5%" and "2.5%" are exact and never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Share(u32);

impl Share {
    /// `basis_points` out of 10 000; `None` outside 1..=10 000.
    pub fn from_basis_points(basis_points: u32) -> Option<Share> {
        (1..=10_000)
            .contains(&basis_points)
            .then_some(Share(basis_points))
    }

    pub fn basis_points(self) -> u32 {
        self.0
    }

    /// How many of `population` charts the share picks: **rounded up**
    /// (`ceil(population × share)`, in integers), so a plan never reviews
    /// fewer than its share and any non-empty population gives at least one
    /// chart. 5% of 10 000 is exactly 500; 5% of 10 001 is 501; 5% of 10 is 1.
    pub fn of(self, population: u64) -> u64 {
        (population * u64::from(self.0)).div_ceil(10_000)
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        if frac == 0 {
            write!(f, "{whole}%")
        } else {
            let frac = format!("{frac:02}");
            write!(f, "{whole}.{}%", frac.trim_end_matches('0'))
        }
    }
}

impl FromStr for Share {
    type Err = String;
    /// `5%`, `5`, `2.5%`, `0.25%`: a percentage above 0 and at most 100,
    /// with at most two decimals.
    fn from_str(s: &str) -> Result<Share, String> {
        let t = s.trim().trim_end_matches('%').trim();
        let bad = || format!("share: '{s}' is not a percentage (5%, 2.5%)");
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 {
            return Err(bad());
        }
        let whole: u32 = whole.parse().map_err(|_| bad())?;
        let frac: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
        let points = whole.checked_mul(100).and_then(|w| w.checked_add(frac));
        match points {
            Some(0) => Err(format!("share: '{s}' is 0%; a plan samples more than none")),
            Some(p) if p <= 10_000 => Ok(Share(p)),
            _ => Err(format!("share: '{s}' is over 100%")),
        }
    }
}

/// One sampling rule of a plan. Written (and stored) as text:
/// `random:5%`, `new-coder:LOGIN:UNTIL`, `drg-weight:2.0`,
/// `provider-query`, `monthly-minimum:N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SampleRule {
    /// A random share of the period's finalized charts (rounded up).
    Random(Share),
    /// Every chart a new coder finalized up to and including `until`.
    NewCoder { coder: String, until: NaiveDate },
    /// Every chart whose DRG weight is at least this (charts without a
    /// DRG never).
    DrgWeight(Weight),
    /// Every chart that had a provider query.
    ProviderQuery,
    /// At least N charts a calendar month per coder (topped up at random
    /// from the coder's charts when the other rules picked fewer).
    MonthlyMinimum(u32),
}

impl SampleRule {
    /// Which kind of rule this is (what a sampled chart records).
    pub fn kind(&self) -> RuleKind {
        match self {
            SampleRule::Random(_) => RuleKind::Random,
            SampleRule::NewCoder { .. } => RuleKind::NewCoder,
            SampleRule::DrgWeight(_) => RuleKind::DrgWeight,
            SampleRule::ProviderQuery => RuleKind::ProviderQuery,
            SampleRule::MonthlyMinimum(_) => RuleKind::MonthlyMinimum,
        }
    }
}

crate::string_enum! {
    /// The kind of a sampling rule: what a sampled chart says picked it.
    #[derive(PartialOrd, Ord)]
    pub enum RuleKind: "rule" {
        Random = "random",
        NewCoder = "new-coder",
        DrgWeight = "drg-weight",
        ProviderQuery = "provider-query",
        MonthlyMinimum = "monthly-minimum",
    }
}

impl fmt::Display for SampleRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SampleRule::Random(s) => write!(f, "random:{s}"),
            SampleRule::NewCoder { coder, until } => write!(f, "new-coder:{coder}:{until}"),
            SampleRule::DrgWeight(w) => write!(f, "drg-weight:{w}"),
            SampleRule::ProviderQuery => f.write_str("provider-query"),
            SampleRule::MonthlyMinimum(n) => write!(f, "monthly-minimum:{n}"),
        }
    }
}

impl FromStr for SampleRule {
    type Err = String;
    fn from_str(s: &str) -> Result<SampleRule, String> {
        let mut parts = s.trim().splitn(3, ':');
        let kind: RuleKind = parts
            .next()
            .unwrap_or_default()
            .parse()
            .map_err(|e| format!("rule: {e}"))?;
        let arg = parts.next().map(str::trim);
        let need = |what: &str| format!("rule: {kind} needs {what} (`{kind}:{what}`)");
        Ok(match kind {
            RuleKind::Random => SampleRule::Random(arg.ok_or_else(|| need("SHARE"))?.parse()?),
            RuleKind::NewCoder => {
                let coder = arg.filter(|c| !c.is_empty());
                let coder = coder.ok_or_else(|| need("LOGIN:UNTIL"))?.to_string();
                let until = parts.next().ok_or_else(|| need("LOGIN:UNTIL"))?;
                let until = until
                    .trim()
                    .parse()
                    .map_err(|_| format!("rule: until: '{until}' is not a date (YYYY-MM-DD)"))?;
                SampleRule::NewCoder { coder, until }
            }
            RuleKind::DrgWeight => {
                let w = arg.ok_or_else(|| need("WEIGHT"))?;
                SampleRule::DrgWeight(w.parse().map_err(|e| format!("rule: weight: {e}"))?)
            }
            RuleKind::ProviderQuery => SampleRule::ProviderQuery,
            RuleKind::MonthlyMinimum => {
                let n = arg.ok_or_else(|| need("N"))?;
                match n.parse::<u32>() {
                    Ok(n) if n >= 1 => SampleRule::MonthlyMinimum(n),
                    _ => return Err(format!("rule: minimum: '{n}' is not a count of 1 or more")),
                }
            }
        })
    }
}

/// A closed span of days a plan samples over (both ends included): the
/// facility's calendar days in `zone` (UTC until [`Period::in_zone`]), so
/// a chart finalized at 2026-11-09T03:00Z belongs to Sunday 2026-11-08
/// (2026-W45) in America/Chicago.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Whose days these are; not part of what is audited or shown.
    #[serde(skip)]
    pub zone: FacilityZone,
}

impl Period {
    /// `from..=to`; an error naming the field when the dates are reversed.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, String> {
        if to < from {
            return Err(format!("period: to ({to}) is before from ({from})"));
        }
        Ok(Period {
            from,
            to,
            zone: FacilityZone::utc(),
        })
    }

    /// The calendar month `date` falls in (UTC days until [`Period::in_zone`]).
    pub fn month_of(date: NaiveDate) -> Period {
        let from = date.with_day(1).unwrap_or(date);
        let next = from
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(from);
        Period {
            from,
            to: next - Duration::days(1),
            zone: FacilityZone::utc(),
        }
    }

    /// The same days, as the facility in `zone` counts them.
    pub fn in_zone(self, zone: FacilityZone) -> Period {
        Period { zone, ..self }
    }

    /// The UTC instants the period spans: from the start of its first day
    /// (included) to the start of the day after its last (excluded).
    pub fn utc_bounds(self) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            self.zone.start_of(self.from),
            self.zone.start_of(self.to + Duration::days(1)),
        )
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.from, self.to)
    }
}

impl FromStr for Period {
    type Err = String;
    /// `2026-W45` (an ISO week, Monday to Sunday), `2026-11` (a month) or
    /// `2026-11-02..2026-11-08`.
    fn from_str(s: &str) -> Result<Period, String> {
        let t = s.trim();
        let bad = || {
            format!("period: '{s}' is not a period (2026-W45, 2026-11 or 2026-11-02..2026-11-08)")
        };
        if let Some((from, to)) = t.split_once("..") {
            let from = from.trim().parse().map_err(|_| bad())?;
            let to = to.trim().parse().map_err(|_| bad())?;
            return Period::new(from, to);
        }
        if let Some((year, week)) = t.split_once(['W', 'w']) {
            let year: i32 = year.trim_end_matches('-').parse().map_err(|_| bad())?;
            let week: u32 = week.parse().map_err(|_| bad())?;
            let monday = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon);
            let monday = monday.ok_or_else(bad)?;
            return Period::new(monday, monday + Duration::days(6));
        }
        let first = NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d").map_err(|_| bad())?;
        Ok(Period::month_of(first))
    }
}

/// What the audit log records of review work: one variant per action,
/// held by [`super::audit::AuditDetail::Review`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ReviewEvent {
    PlanAdded {
        review_plan: i64,
        name: String,
        mode: ReviewMode,
        rules: Vec<String>,
        seed: u64,
        queue: Option<String>,
        coder: Option<String>,
    },
    PlanEnded {
        review_plan: i64,
        ended: NaiveDate,
    },
    /// One closed period sampled by one plan.
    Sampled {
        review_plan: i64,
        period: Period,
        finalized: usize,
        sampled: usize,
    },
    Claimed {
        review: i64,
        lease_until: String,
    },
    Released {
        review: i64,
    },
    /// One decision on one code.
    Decided {
        review: i64,
        decision: Decision,
        code: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        to: Option<String>,
        reason: Option<ReasonCategory>,
    },
    Closed {
        review: i64,
        changed: bool,
        codes: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        drg: Option<FinalDrg>,
    },
    Rebutted {
        review: i64,
    },
    RebuttalAnswered {
        review: i64,
        answer: RebuttalStatus,
    },
}

impl ReviewEvent {
    /// The audit action these details are the details of.
    pub fn action(&self) -> AuditAction {
        use AuditAction as A;
        match self {
            Self::PlanAdded { .. } => A::ReviewPlanAdded,
            Self::PlanEnded { .. } => A::ReviewPlanEnded,
            Self::Sampled { .. } => A::ReviewSampled,
            Self::Claimed { .. } => A::ReviewClaimed,
            Self::Released { .. } => A::ReviewReleased,
            Self::Decided { .. } => A::ReviewDecided,
            Self::Closed { .. } => A::ReviewClosed,
            Self::Rebutted { .. } => A::ReviewRebutted,
            Self::RebuttalAnswered { .. } => A::ReviewRebuttalAnswered,
        }
    }
}

/// One of every review event (the exhaustive match keeps it so), for the
/// audit details' tests.
#[cfg(test)]
pub(crate) fn every_event() -> Vec<ReviewEvent> {
    let all = vec![
        ReviewEvent::PlanAdded {
            review_plan: 1,
            name: "weekly".into(),
            mode: ReviewMode::Prebill,
            rules: vec!["random:5%".into()],
            seed: 7,
            queue: Some("inpatient".into()),
            coder: None,
        },
        ReviewEvent::PlanEnded {
            review_plan: 1,
            ended: NaiveDate::MIN,
        },
        ReviewEvent::Sampled {
            review_plan: 1,
            period: Period {
                from: NaiveDate::MIN,
                to: NaiveDate::MIN,
                zone: FacilityZone::utc(),
            },
            finalized: 10,
            sampled: 1,
        },
        ReviewEvent::Claimed {
            review: 1,
            lease_until: "2026-11-30T12:00:00Z".into(),
        },
        ReviewEvent::Released { review: 1 },
        ReviewEvent::Decided {
            review: 1,
            decision: Decision::Change,
            code: "E11.9".into(),
            to: Some("E11.22".into()),
            reason: Some(ReasonCategory::Specificity),
        },
        ReviewEvent::Closed {
            review: 1,
            changed: true,
            codes: vec!["E11.22".into()],
            drg: None,
        },
        ReviewEvent::Rebutted { review: 1 },
        ReviewEvent::RebuttalAnswered {
            review: 1,
            answer: RebuttalStatus::Upheld,
        },
    ];
    for e in &all {
        match e {
            ReviewEvent::PlanAdded { .. }
            | ReviewEvent::PlanEnded { .. }
            | ReviewEvent::Sampled { .. }
            | ReviewEvent::Claimed { .. }
            | ReviewEvent::Released { .. }
            | ReviewEvent::Decided { .. }
            | ReviewEvent::Closed { .. }
            | ReviewEvent::Rebutted { .. }
            | ReviewEvent::RebuttalAnswered { .. } => {}
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn shares_are_exact_and_round_up() {
        let five: Share = "5%".parse().unwrap();
        assert_eq!(five.basis_points(), 500);
        assert_eq!(five.of(10_000), 500);
        assert_eq!(five.of(10_001), 501);
        assert_eq!(five.of(10), 1);
        assert_eq!(five.of(0), 0);
        assert_eq!("2.5".parse::<Share>().unwrap().of(1000), 25);
        assert_eq!("100%".parse::<Share>().unwrap().of(7), 7);
        assert_eq!("2.5%".parse::<Share>().unwrap().to_string(), "2.5%");
        let over = "150%".parse::<Share>().unwrap_err();
        assert!(
            over.starts_with("share:") && over.contains("over 100%"),
            "{over}"
        );
        assert!("0%".parse::<Share>().is_err());
        assert!("five".parse::<Share>().unwrap_err().starts_with("share:"));
    }

    #[test]
    fn rules_read_back_as_written() {
        for text in [
            "random:5%",
            "new-coder:coder3:2026-12-31",
            "drg-weight:2.0000",
            "provider-query",
            "monthly-minimum:2",
        ] {
            let rule: SampleRule = text.parse().unwrap();
            assert_eq!(rule.to_string(), text);
        }
        assert!(
            "random"
                .parse::<SampleRule>()
                .unwrap_err()
                .contains("SHARE")
        );
        assert!(
            "bogus:1"
                .parse::<SampleRule>()
                .unwrap_err()
                .starts_with("rule:")
        );
        let bad = "new-coder:c:2026-13-01".parse::<SampleRule>().unwrap_err();
        assert!(bad.contains("until"), "{bad}");
    }

    #[test]
    fn periods_are_weeks_months_or_spans() {
        let w: Period = "2026-W45".parse().unwrap();
        assert_eq!((w.from, w.to), (d("2026-11-02"), d("2026-11-08")));
        let m: Period = "2026-02".parse().unwrap();
        assert_eq!((m.from, m.to), (d("2026-02-01"), d("2026-02-28")));
        let s: Period = "2026-11-02..2026-11-03".parse().unwrap();
        assert_eq!(s.to, d("2026-11-03"));
        let reversed = "2026-11-05..2026-11-01".parse::<Period>().unwrap_err();
        assert!(reversed.starts_with("period:"), "{reversed}");
    }
}
