//! The clinical scenario library: what each demo chart is about, the
//! documentation facts its notes are written from, and the answer key (the
//! codes that documentation supports, with role and POA).
//!
//! Every code here was checked against the ICD-10-CM release valid
//! 2026-04-01..2026-09-30 (and the FY2026 ICD-10-PCS order file), and none
//! is deleted or retitled by FY2027; `tests/demo_codes.rs` re-checks each
//! against the official files and, chart by chart, against the bundled
//! version that covers the chart's date of service (the demo's dates span
//! both fiscal years). Outpatient
//! procedures are described in words only: their CPT codes are AMA
//! copyrighted and not part of this repository.
//!
//! Text fields may use the placeholders `{age}`, `{sex}` (male/female),
//! `{he}`/`{He}`, `{his}`/`{His}`, `{him}`; `text::render` fills them.

use crate::domain::chart::{DocumentType, EncounterType};
use crate::domain::codes::CodeSystem;
use crate::domain::coding::{CodeRole, Poa};

/// Where the encounter happened; decides encounter type, queue, documents and
/// coding rules (POA only on inpatient claims).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    Inpatient,
    Observation,
    OutpatientSurgery,
    Ed,
    Clinic,
    ProFee,
}

impl Setting {
    pub const ALL: [Setting; 6] = [
        Setting::Inpatient,
        Setting::Observation,
        Setting::OutpatientSurgery,
        Setting::Ed,
        Setting::Clinic,
        Setting::ProFee,
    ];

    /// The chart feed's `encounter_type`.
    pub fn encounter_type(self) -> EncounterType {
        match self {
            Setting::Inpatient => EncounterType::Inpatient,
            Setting::Observation => EncounterType::Observation,
            Setting::OutpatientSurgery | Setting::Clinic => EncounterType::Outpatient,
            Setting::Ed => EncounterType::Ed,
            Setting::ProFee => EncounterType::Profee,
        }
    }

    /// The work queue its charts go to.
    pub fn queue(self) -> &'static str {
        match self {
            Setting::Inpatient => "inpatient",
            Setting::Observation => "observation",
            Setting::OutpatientSurgery => "outpatient-surgery",
            Setting::Ed => "ed",
            Setting::Clinic => "clinic",
            Setting::ProFee => "profee",
        }
    }

    /// Admitted encounters have an admit date and a length of stay.
    pub fn is_admitted(self) -> bool {
        matches!(self, Setting::Inpatient | Setting::Observation)
    }
}

/// One line of an answer key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ExpectedCode {
    pub system: CodeSystem,
    /// With its dot, as coders write it (`E11.22`).
    pub code: &'static str,
    pub role: CodeRole,
    pub poa: Option<Poa>,
}

/// Inpatient principal diagnosis.
const fn pdx(code: &'static str, poa: Poa) -> ExpectedCode {
    ExpectedCode {
        system: CodeSystem::Icd10Cm,
        code,
        role: CodeRole::Principal,
        poa: Some(poa),
    }
}

/// Inpatient secondary diagnosis.
const fn sdx(code: &'static str, poa: Poa) -> ExpectedCode {
    ExpectedCode {
        system: CodeSystem::Icd10Cm,
        code,
        role: CodeRole::Secondary,
        poa: Some(poa),
    }
}

/// Outpatient first-listed diagnosis.
const fn dx1(code: &'static str) -> ExpectedCode {
    ExpectedCode {
        system: CodeSystem::Icd10Cm,
        code,
        role: CodeRole::Principal,
        poa: None,
    }
}

/// Outpatient additional diagnosis.
const fn dx(code: &'static str) -> ExpectedCode {
    ExpectedCode {
        system: CodeSystem::Icd10Cm,
        code,
        role: CodeRole::Secondary,
        poa: None,
    }
}

/// Inpatient ICD-10-PCS procedure.
const fn pcs(code: &'static str) -> ExpectedCode {
    ExpectedCode {
        system: CodeSystem::Icd10Pcs,
        code,
        role: CodeRole::Procedure,
        poa: None,
    }
}

/// Which sexes a scenario fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SexRule {
    Any,
    Female,
    Male,
}

/// A procedure as the operative report (or radiology report) tells it.
#[derive(Debug, Clone, Copy)]
pub struct Procedure {
    pub name: &'static str,
    pub preop_dx: &'static str,
    pub postop_dx: &'static str,
    pub anesthesia: &'static str,
    pub findings: &'static str,
    pub description: &'static str,
    /// Hospital day (0 = admit day) the procedure happens on.
    pub day: u32,
    /// The pathology report on the specimen, when one was sent.
    pub pathology: Option<Pathology>,
}

/// A surgical pathology report (signed the day after the procedure).
#[derive(Debug, Clone, Copy)]
pub struct Pathology {
    pub specimen: &'static str,
    pub gross: &'static str,
    pub diagnosis: &'static str,
}

/// A documentation gap a coder should send to the provider as a query.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Gap {
    pub question: &'static str,
    /// Clinically reasonable options; the store adds "Other" and "Unable to
    /// determine" itself.
    pub options: &'static [&'static str],
    /// Codes the chart would add if the provider picks the first option.
    pub adds: &'static [ExpectedCode],
}

/// One clinical story. See the module docs for placeholders.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    pub id: &'static str,
    pub title: &'static str,
    pub setting: Setting,
    pub ages: (u32, u32),
    pub sex: SexRule,
    /// Length of stay in days (admitted settings; `(0, 0)` otherwise).
    pub stay: (u32, u32),
    pub complaint: &'static str,
    pub hpi: &'static str,
    pub history: &'static str,
    pub meds: &'static str,
    pub social: &'static str,
    /// Vitals line when they matter to the story; `None` draws normal ones.
    pub vitals: Option<&'static str>,
    pub exam: &'static str,
    pub results: &'static str,
    /// Assessment/plan, one problem a line: "headline — plan".
    pub assessment: &'static [&'static str],
    /// Interval history for the hospital-day-2 progress note.
    pub progress: &'static str,
    /// Hospital or ED course, or the visit's plan summary.
    pub course: &'static str,
    pub procedure: Option<Procedure>,
    pub documents: &'static [DocumentType],
    pub key: &'static [ExpectedCode],
    pub gap: Option<Gap>,
    /// Codes a coder left on the chart before going off shift, with a
    /// mistake the coding edits catch (the key is the right coding). Empty:
    /// the chart arrives uncoded.
    pub draft: &'static [ExpectedCode],
    /// The NUBC discharge status the feed gives an inpatient stay; `None`:
    /// the feed left it out (finalize reports it).
    pub discharge_status: Option<&'static str>,
}

const BASE: Scenario = Scenario {
    id: "",
    title: "",
    setting: Setting::Clinic,
    ages: (40, 80),
    sex: SexRule::Any,
    stay: (0, 0),
    complaint: "",
    hpi: "",
    history: "",
    meds: "None.",
    social: "Never smoker. Drinks alcohol rarely. No drug use.",
    vitals: None,
    exam: "",
    results: "",
    assessment: &[],
    progress: "",
    course: "",
    procedure: None,
    documents: &[],
    key: &[],
    gap: None,
    draft: &[],
    discharge_status: Some("01"),
};

const INPATIENT_DOCS: &[DocumentType] = &[
    DocumentType::Hp,
    DocumentType::ProgressNote,
    DocumentType::DischargeSummary,
];
const SURGICAL_STAY_DOCS: &[DocumentType] = &[
    DocumentType::Hp,
    DocumentType::OperativeReport,
    DocumentType::ProgressNote,
    DocumentType::DischargeSummary,
];
const OBSERVATION_DOCS: &[DocumentType] = &[DocumentType::Hp, DocumentType::DischargeSummary];
const SAME_DAY_SURGERY_DOCS: &[DocumentType] = &[DocumentType::Hp, DocumentType::OperativeReport];
const SAME_DAY_SURGERY_WITH_PATHOLOGY_DOCS: &[DocumentType] = &[
    DocumentType::Hp,
    DocumentType::OperativeReport,
    DocumentType::Pathology,
];

/// The ED chart the TUI benchmark codes ("claim next" to "finalized"): its
/// documentation supports exactly three diagnoses and no gap.
pub const BENCHMARK_ID: &str = "ed_uti_dehydration";

pub const SCENARIOS: &[Scenario] = &[
    // ---------------------------------------------------------------- ED
    Scenario {
        id: BENCHMARK_ID,
        title: "UTI with dehydration, HTN (ED)",
        setting: Setting::Ed,
        ages: (45, 80),
        sex: SexRule::Female,
        complaint: "Burning with urination, weakness",
        hpi: "{age} y/o {sex} w/ h/o HTN presents w/ 3 days of dysuria, urinary frequency and suprapubic discomfort. Poor PO intake x2 days, feels lightheaded when standing. No fever at home, no flank pain, no N/V. No vaginal d/c.",
        history: "HTN.",
        meds: "Amlodipine 5 mg daily.",
        vitals: Some("T 37.4 HR 104 BP 108/64 RR 18 SpO2 98% RA"),
        exam: "Dry mucous membranes. Abd soft, mild suprapubic TTP, no CVA tenderness.",
        results: "UA: cloudy, nitrite +, LE 2+, WBC >50/hpf, bacteria many. BMP: Na 139, K 3.8, BUN 31, Cr 0.9. Urine cx sent.",
        assessment: &[
            "Urinary tract infection — nitrofurantoin 100 mg BID x5 days, urine cx pending",
            "Dehydration — 1 L NS bolus given, tolerating PO, orthostatics normal after fluids",
            "Hypertension — BP soft today, hold amlodipine x2 days then resume",
        ],
        course: "Pt given 1 L NS and first dose of nitrofurantoin in the ED. HR improved to 86. Tolerated PO challenge. Discharged home in stable condition w/ return precautions for fever, flank pain or vomiting.",
        documents: &[DocumentType::EdNote],
        key: &[dx1("N39.0"), dx("E86.0"), dx("I10")],
        ..BASE
    },
    Scenario {
        id: "ed_ankle_sprain",
        title: "Right ankle sprain stepping off a curb (ED)",
        setting: Setting::Ed,
        ages: (18, 55),
        complaint: "R ankle pain",
        hpi: "{age} y/o {sex} was walking to work and rolled {his} R ankle stepping off a curb; did not fall. Immediate pain and swelling over the lateral ankle, able to bear weight w/ difficulty.",
        history: "None.",
        exam: "R ankle: swelling and ecchymosis over the lateral malleolus, TTP anterior to the lateral malleolus, no bony tenderness at the posterior edge or tip of either malleolus, no midfoot tenderness. NV intact.",
        results: "XR R ankle 3 views: no fracture or dislocation. Soft tissue swelling laterally.",
        assessment: &["Sprain of R ankle — RICE, ASO brace, ibuprofen PRN, crutches WBAT"],
        course: "Ottawa rules applied; XR negative for fracture. Brace applied, crutch training done. D/c home, f/u PCP or ortho in 1 wk if not improving.",
        documents: &[DocumentType::EdNote],
        key: &[dx1("S93.401A"), dx("W18.49XA"), dx("Y93.01")],
        ..BASE
    },
    Scenario {
        id: "ed_finger_laceration",
        title: "Right index finger laceration with kitchen knife (ED)",
        setting: Setting::Ed,
        ages: (20, 70),
        complaint: "Cut finger",
        hpi: "{age} y/o {sex} cut {his} R index finger w/ a kitchen knife while slicing vegetables in the kitchen at home, approx 1 h PTA. Bleeding controlled w/ pressure. Tdap 2 yrs ago.",
        history: "None.",
        exam: "R index finger: 2 cm linear laceration, volar aspect of the middle phalanx, no foreign body, nail intact, FDS/FDP intact, sensation intact distally, cap refill <2 s.",
        results: "No imaging indicated.",
        assessment: &[
            "Laceration of R index finger w/o foreign body, nail not involved — irrigated, repaired w/ 4 simple interrupted 5-0 nylon sutures",
        ],
        course: "Digital block w/ 1% lidocaine, wound irrigated and explored, no FB, no tendon involvement. Simple repair. Wound care instructions given, suture removal in 10 days.",
        documents: &[DocumentType::EdNote],
        key: &[dx1("S61.210A"), dx("W26.0XXA"), dx("Y92.000"), dx("Y93.G1")],
        ..BASE
    },
    Scenario {
        id: "ed_migraine",
        title: "Migraine without aura (ED)",
        setting: Setting::Ed,
        ages: (18, 50),
        sex: SexRule::Female,
        complaint: "Headache",
        hpi: "{age} y/o {sex} w/ h/o migraines presents w/ typical throbbing L-sided HA x8 h w/ photophobia and nausea, no aura, no neuro sx, no fever, not the worst HA of {his} life. Took sumatriptan at home w/o relief.",
        history: "Migraine without aura.",
        meds: "Sumatriptan 50 mg PRN.",
        exam: "Nontoxic, photophobic. Neuro: CN II-XII intact, strength 5/5 x4, normal gait. No meningismus.",
        results: "No labs or imaging indicated.",
        assessment: &[
            "Migraine without aura, not intractable — metoclopramide 10 mg IV, diphenhydramine 25 mg IV, 1 L NS; HA resolved",
        ],
        course: "HA improved from 8/10 to 1/10 after metoclopramide and fluids. D/c home w/ neurology f/u.",
        documents: &[DocumentType::EdNote],
        key: &[dx1("G43.009")],
        ..BASE
    },
    Scenario {
        id: "ed_asthma_child",
        title: "Moderate persistent asthma exacerbation, child (ED)",
        setting: Setting::Ed,
        ages: (6, 15),
        complaint: "Wheezing, cough",
        hpi: "{age} y/o {sex} w/ moderate persistent asthma on daily fluticasone presents w/ 2 days of cough and wheeze after a URI; using albuterol q3h at home. Parent smokes in the home.",
        history: "Moderate persistent asthma.",
        meds: "Fluticasone 110 mcg 2 puffs BID, albuterol HFA PRN.",
        social: "Lives w/ parents; father smokes indoors.",
        vitals: Some("T 37.2 HR 122 BP 104/66 RR 30 SpO2 93% RA"),
        exam: "Mild subcostal retractions, diffuse expiratory wheezes, good air movement.",
        results: "No imaging indicated.",
        assessment: &[
            "Moderate persistent asthma w/ acute exacerbation — albuterol/ipratropium nebs x3, dexamethasone 0.6 mg/kg PO",
            "Secondhand smoke exposure — counseled parent, cessation resources given",
        ],
        course: "After 3 nebs wheeze resolved, SpO2 97% RA, observed 2 h w/o recurrence. D/c home w/ albuterol schedule and PCP f/u in 2 days.",
        documents: &[DocumentType::EdNote],
        key: &[dx1("J45.41"), dx("Z77.22")],
        ..BASE
    },
    Scenario {
        id: "ed_ureteral_stone",
        title: "Left distal ureteral stone (ED)",
        setting: Setting::Ed,
        ages: (25, 65),
        sex: SexRule::Male,
        complaint: "L flank pain",
        hpi: "{age} y/o {sex} w/ sudden severe colicky L flank pain radiating to the groin since this morning, w/ nausea. No fever. Pink urine.",
        history: "None.",
        vitals: Some("T 36.9 HR 98 BP 146/88 RR 18 SpO2 99% RA"),
        exam: "Uncomfortable, writhing. L CVA tenderness. Abd soft, nontender.",
        results: "UA: >50 RBC/hpf, no nitrite, no LE. Cr 1.0. CT A/P w/o contrast: 5 mm calculus in the distal L ureter at the UVJ, no hydronephrosis.",
        assessment: &["Calculus of L ureter, 5 mm — ketorolac, tamsulosin, strainer; urology f/u"],
        course: "Pain controlled w/ ketorolac 15 mg IV. Tolerating PO. D/c w/ tamsulosin and return precautions (fever, intractable pain).",
        documents: &[DocumentType::EdNote],
        key: &[dx1("N20.1")],
        ..BASE
    },
    // --------------------------------------------------------- inpatient
    Scenario {
        id: "ip_chf_htn_ckd_dm",
        title: "Acute on chronic systolic CHF with HTN, CKD 3a and DM2",
        setting: Setting::Inpatient,
        ages: (62, 88),
        stay: (3, 5),
        complaint: "SOB, leg swelling",
        hpi: "{age} y/o {sex} w/ h/o HFrEF (EF 30% on TTE last yr), HTN, DM2 w/ diabetic CKD 3a, presents w/ 5 days of progressive DOE, orthopnea (3 pillows) and bilateral LE edema. Wt up 4 kg. Admits to dietary indiscretion over the holidays.",
        history: "HFrEF, HTN, DM2, CKD stage 3a.",
        meds: "Insulin glargine 20 units qHS, carvedilol 12.5 mg BID, lisinopril 10 mg daily, furosemide 40 mg daily.",
        social: "Never smoker. No EtOH.",
        vitals: Some("T 36.8 HR 96 BP 162/94 RR 24 SpO2 91% RA"),
        exam: "JVD to the angle of the jaw. Bibasilar crackles. S3 present. 2+ pitting edema to the knees bilaterally.",
        results: "BNP 1,840. Cr 1.6 (baseline 1.5), eGFR 52. Glucose 212. Trop <0.01 x2. CXR: cardiomegaly, pulmonary vascular congestion, small bilateral effusions.",
        assessment: &[
            "Acute on chronic systolic CHF — IV furosemide 40 mg BID, strict I/O, daily wts, 1.5 L fluid restriction",
            "Hypertensive heart and kidney disease — continue carvedilol, hold lisinopril while diuresing",
            "DM2 w/ diabetic CKD, CKD stage 3a — basal insulin + SSI, monitor Cr",
            "Long-term insulin use — continue glargine",
        ],
        progress: "Diuresed 2.1 L overnight, breathing easier, slept w/ 1 pillow. Cr 1.5.",
        course: "Admitted for acute on chronic systolic CHF. Diuresed w/ IV furosemide w/ net -5.2 L, wt down 4.3 kg, back to dry wt. Cr stable at baseline (CKD 3a). Lisinopril resumed on discharge. DM2 managed w/ basal-bolus insulin.",
        documents: INPATIENT_DOCS,
        key: &[
            pdx("I13.0", Poa::Y),
            sdx("I50.23", Poa::Y),
            sdx("E11.22", Poa::Y),
            sdx("N18.31", Poa::Y),
            sdx("Z79.4", Poa::Exempt),
        ],
        ..BASE
    },
    Scenario {
        id: "ip_pneumonia",
        title: "Community-acquired pneumonia, RLL",
        setting: Setting::Inpatient,
        ages: (55, 85),
        stay: (3, 4),
        complaint: "Cough, fever",
        hpi: "{age} y/o {sex} w/ HTN and HLD presents w/ 4 days of productive cough w/ yellow sputum, fevers to 101.8 F and R-sided pleuritic CP. Former smoker, quit 2015 (40 pk-yr).",
        history: "HTN, HLD.",
        meds: "Amlodipine 10 mg daily, atorvastatin 40 mg daily.",
        social: "Former smoker, 40 pack-years, quit 2015. No EtOH.",
        vitals: Some("T 38.6 HR 102 BP 132/78 RR 22 SpO2 94% RA"),
        exam: "Dullness and crackles at the R base, egophony R posterior lower field.",
        results: "WBC 15.2, lactate 1.4, procalcitonin 0.9. CXR: RLL consolidation. Blood cx x2: NGTD. Sputum cx: normal respiratory flora.",
        assessment: &[
            "Community-acquired pneumonia, RLL — ceftriaxone + azithromycin, transition to PO when afebrile 24 h",
            "HTN — continue amlodipine",
            "HLD — continue atorvastatin",
            "Former smoker — no current tobacco use",
        ],
        progress: "Afebrile since last night, cough less productive, on RA.",
        course: "Treated for CAP w/ ceftriaxone/azithromycin, defervesced on HD2, switched to cefpodoxime to complete 5 days. Ambulating on RA at discharge.",
        documents: INPATIENT_DOCS,
        key: &[
            pdx("J18.9", Poa::Y),
            sdx("I10", Poa::Y),
            sdx("E78.5", Poa::Y),
            sdx("Z87.891", Poa::Exempt),
        ],
        ..BASE
    },
    Scenario {
        id: "ip_sepsis_ecoli_uti",
        title: "Sepsis due to E. coli UTI with dehydration and hyponatremia",
        setting: Setting::Inpatient,
        ages: (65, 92),
        sex: SexRule::Female,
        stay: (4, 6),
        complaint: "Confusion, fever",
        hpi: "{age} y/o {sex} brought in by daughter for 2 days of confusion, dysuria and fever to 102.4 F. Poor PO intake. In the ED HR 118, RR 24, T 39.1, WBC 18.4, lactate 2.8: meets sepsis criteria on arrival.",
        history: "HTN.",
        meds: "Losartan 50 mg daily.",
        vitals: Some("T 39.1 HR 118 BP 98/56 RR 24 SpO2 95% RA"),
        exam: "Oriented to self only. Dry mucous membranes. Suprapubic TTP. No meningismus.",
        results: "WBC 18.4, lactate 2.8 -> 1.6 after fluids. Na 131. BUN 38, Cr 1.3 (baseline 0.9 in March). UA: nitrite +, LE 3+, >50 WBC. Urine cx: >100K E. coli, pansensitive. Blood cx 1 of 2: E. coli.",
        assessment: &[
            "Sepsis due to E. coli, present on admission, source UTI — 30 mL/kg IVF, ceftriaxone, narrowed per sensitivities",
            "UTI, E. coli — as above",
            "Dehydration — IVF",
            "Hyponatremia, mild — IVF, trend BMP",
            "HTN — hold losartan while septic",
        ],
        progress: "Mental status back to baseline per daughter. Afebrile x18 h. Cr 0.9 today.",
        course: "Admitted w/ sepsis from an E. coli UTI w/ bacteremia. Lactate cleared w/ fluids. Confusion resolved as infection treated. Cr 1.3 on admission returned to 0.9 w/ IVF. Completed IV ceftriaxone, d/c on PO cephalexin to finish 10 days.",
        documents: INPATIENT_DOCS,
        key: &[
            pdx("A41.51", Poa::Y),
            sdx("N39.0", Poa::Y),
            sdx("E86.0", Poa::Y),
            sdx("E87.1", Poa::Y),
            sdx("I10", Poa::Y),
        ],
        gap: Some(Gap {
            question: "Creatinine was 1.3 on admission (baseline 0.9) and returned to 0.9 with IV fluids. Please clarify the clinical significance of the creatinine change.",
            options: &[
                "Acute kidney injury",
                "Dehydration without acute kidney injury",
            ],
            adds: &[sdx("N17.9", Poa::Y)],
        }),
        ..BASE
    },
    Scenario {
        id: "ip_hip_fracture",
        title: "Right femoral neck fracture after a fall at home, hemiarthroplasty",
        setting: Setting::Inpatient,
        ages: (70, 95),
        stay: (3, 5),
        complaint: "R hip pain after fall",
        hpi: "{age} y/o {sex} tripped over a rug at home this morning and fell onto {his} R side; unable to bear weight since. No head strike, no LOC, no presyncope.",
        history: "HTN.",
        meds: "HCTZ 25 mg daily.",
        exam: "RLE shortened and externally rotated, pain w/ log roll. Distal pulses intact.",
        results: "XR R hip/pelvis: displaced fracture of the R femoral neck. CXR clear. Hgb 12.8, INR 1.0.",
        assessment: &[
            "Closed displaced fracture of R femoral neck due to fall at home — ortho for hemiarthroplasty, pain control, DVT ppx",
            "HTN — continue HCTZ",
        ],
        progress: "POD1: pain controlled, PT got pt to chair. Hgb 10.9, stable.",
        course: "Admitted after a mechanical fall at home w/ a R femoral neck fracture. Underwent R hip cemented hemiarthroplasty on HD1 without complication. Worked w/ PT; d/c to SNF for rehab, WBAT.",
        procedure: Some(Procedure {
            name: "Right hip hemiarthroplasty, cemented",
            preop_dx: "Displaced right femoral neck fracture",
            postop_dx: "Displaced right femoral neck fracture",
            anesthesia: "Spinal with sedation",
            findings: "Displaced femoral neck fracture; acetabular cartilage intact.",
            description: "Posterolateral approach to the R hip. Capsulotomy, femoral head removed and sized at 46 mm. Femoral canal prepared, cemented femoral stem with unipolar head placed. Hip reduced, stable through ROM. Capsule and short external rotators repaired, layered closure. EBL 250 mL.",
            day: 1,
            pathology: None,
        }),
        documents: SURGICAL_STAY_DOCS,
        key: &[
            pdx("S72.001A", Poa::Y),
            sdx("W01.0XXA", Poa::Y),
            sdx("Y92.009", Poa::Exempt),
            sdx("I10", Poa::Y),
            pcs("0SRR0J9"),
        ],
        ..BASE
    },
    Scenario {
        id: "ip_copd_exacerbation",
        title: "COPD exacerbation in a current smoker, hypoxia (query for respiratory failure)",
        setting: Setting::Inpatient,
        ages: (55, 85),
        stay: (2, 4),
        complaint: "SOB, wheezing",
        hpi: "{age} y/o {sex} w/ COPD (not on home O2) and HTN presents w/ 3 days of worsening SOB, wheeze and increased sputum. Still smoking 1 ppd.",
        history: "COPD, HTN.",
        meds: "Tiotropium daily, albuterol PRN, lisinopril 20 mg daily.",
        social: "Current smoker, 1 ppd cigarettes x40 yrs. No EtOH.",
        vitals: Some("T 37.3 HR 108 BP 150/90 RR 28 SpO2 86% RA"),
        exam: "Speaking in short phrases, accessory muscle use, diffuse expiratory wheeze, prolonged expiration.",
        results: "ABG on 2L: pH 7.36, pCO2 48, pO2 58. WBC 10.1. CXR: hyperinflation, no infiltrate.",
        assessment: &[
            "COPD exacerbation — duonebs q4h, prednisone 40 mg x5 days, doxycycline",
            "Hypoxia — O2 via NC to keep SpO2 88-92%, wean as tolerated",
            "Nicotine dependence, cigarettes — nicotine patch 21 mg, counseled",
            "HTN — continue lisinopril",
        ],
        progress: "Less SOB, now on 1L NC, SpO2 91%. Still wheezy.",
        course: "Treated for COPD exacerbation w/ nebs, steroids and doxycycline. Required up to 4L NC on arrival, weaned to RA by discharge. Cessation counseling given.",
        documents: INPATIENT_DOCS,
        key: &[
            pdx("J44.1", Poa::Y),
            sdx("R09.02", Poa::Y),
            sdx("F17.210", Poa::Y),
            sdx("I10", Poa::Y),
        ],
        gap: Some(Gap {
            question: "On arrival SpO2 was 86% on room air with RR 28 and accessory muscle use, requiring up to 4L oxygen. Please clarify the associated diagnosis.",
            options: &[
                "Acute respiratory failure with hypoxia",
                "Hypoxemia without respiratory failure",
            ],
            adds: &[sdx("J96.01", Poa::Y)],
        }),
        ..BASE
    },
    Scenario {
        id: "ip_afib_rvr",
        title: "Paroxysmal atrial fibrillation with RVR on anticoagulation",
        setting: Setting::Inpatient,
        ages: (60, 90),
        stay: (2, 3),
        complaint: "Palpitations",
        hpi: "{age} y/o {sex} w/ h/o paroxysmal afib on apixaban, HTN and hypothyroidism presents w/ palpitations and lightheadedness x6 h. HR 148, irregularly irregular.",
        history: "Paroxysmal AF, HTN, hypothyroidism.",
        meds: "Apixaban 5 mg BID, metoprolol succinate 25 mg daily, levothyroxine 75 mcg daily.",
        vitals: Some("T 36.7 HR 148 BP 128/84 RR 18 SpO2 97% RA"),
        exam: "Irregularly irregular tachycardia, no murmur, lungs clear, no edema.",
        results: "ECG: AF w/ RVR, no ischemic changes. TSH 2.1. Trop <0.01 x2. TTE: EF 55%, mild LAE.",
        assessment: &[
            "Paroxysmal atrial fibrillation w/ RVR — diltiazem gtt, then metoprolol uptitrated; CHA2DS2-VASc 4, continue apixaban",
            "HTN — controlled",
            "Hypothyroidism — TSH normal, continue levothyroxine",
            "Long-term anticoagulant use — apixaban",
        ],
        progress: "Converted to NSR overnight on diltiazem. Off drip, on PO metoprolol.",
        course: "Admitted for paroxysmal AF w/ RVR; rate controlled on diltiazem gtt then spontaneously converted to NSR. Metoprolol increased to 50 mg daily. Continued apixaban.",
        documents: INPATIENT_DOCS,
        key: &[
            pdx("I48.0", Poa::Y),
            sdx("I10", Poa::Y),
            sdx("E03.9", Poa::Y),
            sdx("Z79.01", Poa::Exempt),
        ],
        ..BASE
    },
    Scenario {
        id: "ip_acute_cholecystitis",
        title: "Acute calculous cholecystitis, laparoscopic cholecystectomy, class 2 obesity",
        setting: Setting::Inpatient,
        ages: (30, 70),
        sex: SexRule::Female,
        stay: (2, 3),
        complaint: "RUQ pain, vomiting",
        hpi: "{age} y/o {sex} w/ 24 h of constant RUQ pain after a fatty meal, w/ N/V and subjective fevers. Similar but brief episodes in the past.",
        history: "Obesity.",
        vitals: Some("T 38.2 HR 100 BP 138/82 RR 18 SpO2 98% RA"),
        exam: "BMI 36.2. RUQ TTP w/ + Murphy sign, no peritonitis.",
        results: "WBC 13.8, T bili 0.9, ALP 96, lipase 32. RUQ US: multiple gallstones, GB wall 5 mm, pericholecystic fluid, + sonographic Murphy sign, CBD 4 mm.",
        assessment: &[
            "Acute calculous cholecystitis — NPO, IV pip-tazo, surgery consulted for lap chole",
            "Class 2 obesity, BMI 36.2 — dietary counseling",
        ],
        progress: "POD0 evening: tolerating clears, pain controlled.",
        course: "Admitted w/ acute calculous cholecystitis, underwent laparoscopic cholecystectomy on HD1. No CBD stones. Diet advanced, d/c home POD1.",
        procedure: Some(Procedure {
            name: "Laparoscopic cholecystectomy",
            preop_dx: "Acute calculous cholecystitis",
            postop_dx: "Acute calculous cholecystitis",
            anesthesia: "General endotracheal",
            findings: "Distended, inflamed, edematous gallbladder w/ multiple stones. No bile leak.",
            description: "Four-port laparoscopic technique. Critical view of safety obtained. Cystic duct and artery clipped and divided. Gallbladder removed from the liver bed w/ electrocautery and extracted in a bag. EBL 20 mL.",
            day: 1,
            pathology: None,
        }),
        documents: SURGICAL_STAY_DOCS,
        key: &[
            pdx("K80.00", Poa::Y),
            sdx("E66.812", Poa::Y),
            sdx("Z68.36", Poa::Exempt),
            pcs("0FT44ZZ"),
        ],
        ..BASE
    },
    Scenario {
        id: "ip_appendicitis",
        title: "Acute appendicitis, laparoscopic appendectomy",
        setting: Setting::Inpatient,
        ages: (18, 50),
        stay: (1, 2),
        complaint: "RLQ abd pain",
        hpi: "{age} y/o {sex} w/ periumbilical pain since yesterday that migrated to the RLQ, anorexia and one episode of emesis.",
        history: "None.",
        vitals: Some("T 38.0 HR 96 BP 124/76 RR 16 SpO2 99% RA"),
        exam: "RLQ TTP at McBurney point, + Rovsing sign, voluntary guarding.",
        results: "WBC 14.6 w/ left shift. CT A/P w/ contrast: dilated appendix 11 mm w/ periappendiceal fat stranding, no abscess, no free air.",
        assessment: &["Acute appendicitis — IV cefoxitin, lap appendectomy tonight"],
        progress: "POD1: tolerating diet, pain controlled on PO meds, ambulating.",
        course: "Admitted w/ acute appendicitis; laparoscopic appendectomy on the day of admission, nonperforated. Uneventful recovery, d/c POD1.",
        procedure: Some(Procedure {
            name: "Laparoscopic appendectomy",
            preop_dx: "Acute appendicitis",
            postop_dx: "Acute appendicitis",
            anesthesia: "General endotracheal",
            findings: "Inflamed, nonperforated appendix; no abscess, no purulent fluid.",
            description: "Three-port technique. Mesoappendix divided w/ energy device, base of the appendix divided w/ a stapler. Specimen removed in a bag. EBL minimal.",
            day: 0,
            pathology: Some(Pathology {
                specimen: "Appendix",
                gross: "Appendix 6.5 x 1.1 cm, serosa dull and congested, lumen w/ purulent material.",
                diagnosis: "Acute suppurative appendicitis. No perforation identified. Negative for neoplasm.",
            }),
        }),
        documents: &[
            DocumentType::Hp,
            DocumentType::OperativeReport,
            DocumentType::Pathology,
            DocumentType::DischargeSummary,
        ],
        key: &[pdx("K35.80", Poa::Y), pcs("0DTJ4ZZ")],
        ..BASE
    },
    Scenario {
        id: "ip_gastric_ulcer_bleed",
        title: "NSAID-related gastric ulcer with hemorrhage (query for acute blood loss anemia)",
        setting: Setting::Inpatient,
        ages: (55, 85),
        stay: (3, 4),
        complaint: "Black stools, lightheaded",
        hpi: "{age} y/o {sex} w/ HTN and bilateral knee OA taking ibuprofen 800 mg TID as prescribed by ortho for 3 wks presents w/ 2 days of melena and lightheadedness.",
        history: "HTN, bilateral primary osteoarthritis of the knees.",
        meds: "Lisinopril 10 mg daily, ibuprofen 800 mg TID (prescribed by ortho).",
        vitals: Some("T 36.6 HR 112 BP 102/60 RR 18 SpO2 98% RA"),
        exam: "Pale conjunctivae. Abd soft, mild epigastric TTP. Rectal: black tarry stool, guaiac +.",
        results: "Hgb 9.8 on arrival -> 7.4 on HD2; 2 units PRBC transfused -> 9.1. BUN 48, Cr 1.0. INR 1.1.",
        assessment: &[
            "Gastric ulcer w/ hemorrhage, likely NSAID-induced — IV PPI, EGD, stop ibuprofen",
            "Adverse effect of NSAID — ibuprofen discontinued, acetaminophen for OA pain",
            "Bilateral primary OA of the knees — acetaminophen, ortho f/u",
            "HTN — hold lisinopril while bleeding",
        ],
        progress: "Hgb 7.4 this AM, transfusing 2 units PRBC. No further melena. EGD today.",
        course: "Admitted w/ melena from a gastric ulcer attributed to ibuprofen. EGD HD2: 2 cm clean-based lesser curvature ulcer w/ stigmata of recent hemorrhage, no active bleeding. Hgb nadir 7.4, transfused 2 units PRBC. D/c on pantoprazole BID, NSAIDs stopped.",
        procedure: Some(Procedure {
            name: "Esophagogastroduodenoscopy (diagnostic)",
            preop_dx: "Melena",
            postop_dx: "Gastric ulcer with stigmata of recent hemorrhage",
            anesthesia: "Monitored anesthesia care",
            findings: "2 cm clean-based ulcer on the lesser curvature of the gastric body w/ a flat pigmented spot; no active bleeding, no visible vessel. Duodenum normal.",
            description: "Scope passed under direct vision to the second portion of the duodenum. Full inspection on withdrawal, retroflexion in the stomach. No intervention required.",
            day: 1,
            pathology: None,
        }),
        documents: SURGICAL_STAY_DOCS,
        key: &[
            pdx("K25.4", Poa::Y),
            sdx("T39.315A", Poa::Y),
            sdx("M17.0", Poa::Y),
            sdx("I10", Poa::Y),
            pcs("0DJ08ZZ"),
        ],
        gap: Some(Gap {
            question: "Hemoglobin fell from 9.8 to 7.4 with melena and 2 units of PRBC were transfused. Please clarify the associated diagnosis, if any.",
            options: &[
                "Acute blood loss anemia",
                "Expected drop, not clinically significant",
            ],
            adds: &[sdx("D62", Poa::Y)],
        }),
        ..BASE
    },
    Scenario {
        id: "ip_stroke_lmca",
        title: "Acute left MCA ischemic stroke with aphasia (query for hemiparesis)",
        setting: Setting::Inpatient,
        ages: (60, 90),
        stay: (3, 5),
        complaint: "Trouble speaking, R arm weakness",
        hpi: "{age} y/o {sex}, R-handed, w/ HTN and HLD; family noticed word-finding difficulty and R arm weakness at breakfast, LKW 07:30. Outside tPA window on arrival.",
        history: "HTN, HLD.",
        meds: "Amlodipine 10 mg daily, simvastatin 20 mg daily.",
        vitals: Some("T 36.8 HR 84 BP 178/96 RR 16 SpO2 97% RA"),
        exam: "Expressive aphasia. R pronator drift, R arm strength 3/5, R leg 4+/5. R lower facial droop.",
        results: "CT head: no hemorrhage. MRI brain: acute infarct L MCA territory. CTA: L M2 stenosis. LDL 142. A1c 5.6. TTE: no thrombus, EF 60%. Telemetry: NSR throughout.",
        assessment: &[
            "Acute ischemic stroke, L MCA territory — ASA + clopidogrel x21 days, atorvastatin 80 mg, permissive HTN x24 h, PT/OT/SLP",
            "Aphasia — SLP",
            "R facial weakness (droop) due to stroke — aspiration precautions, SLP swallow eval",
            "HTN — resume amlodipine after 24 h",
            "HLD — high-intensity statin",
        ],
        progress: "Speech slightly better, still w/ R arm weakness 3+/5. BP 164/88.",
        course: "Admitted w/ acute L MCA ischemic stroke, not a tPA candidate. Started DAPT and high-intensity statin. Aphasia improving w/ SLP; R arm weakness persists. D/c to acute inpatient rehab.",
        documents: INPATIENT_DOCS,
        key: &[
            pdx("I63.512", Poa::Y),
            sdx("R47.01", Poa::Y),
            sdx("R29.810", Poa::Y),
            sdx("I10", Poa::Y),
            sdx("E78.5", Poa::Y),
        ],
        gap: Some(Gap {
            question: "Exam documents right arm strength 3/5 and right leg 4+/5 after the left MCA infarct in a right-handed patient. Please clarify the associated diagnosis.",
            options: &[
                "Right (dominant side) hemiparesis due to acute stroke",
                "Right arm weakness without hemiparesis",
            ],
            adds: &[sdx("G81.91", Poa::Y)],
        }),
        ..BASE
    },
    Scenario {
        id: "ip_dka_underdosing",
        title: "DKA in DM2 from insulin underdosing (financial hardship), AKI",
        setting: Setting::Inpatient,
        ages: (25, 60),
        stay: (2, 3),
        complaint: "N/V, abdominal pain",
        hpi: "{age} y/o {sex} w/ DM2 on insulin presents w/ 2 days of N/V, diffuse abd pain and polyuria. Ran out of insulin 3 days ago and could not afford the refill.",
        history: "DM2 on insulin.",
        meds: "Insulin glargine 30 units qHS, insulin lispro w/ meals (not taking x3 days).",
        vitals: Some("T 37.0 HR 116 BP 110/70 RR 28 SpO2 99% RA"),
        exam: "Kussmaul respirations, fruity breath, dry mucous membranes, diffuse mild abd TTP.",
        results: "Glucose 542, AG 24, pH 7.18, HCO3 9, beta-hydroxybutyrate 6.2. Cr 1.8 (baseline 1.0). K 5.6.",
        assessment: &[
            "DM2 w/ diabetic ketoacidosis w/o coma — insulin gtt per DKA protocol, IVF, K repletion",
            "AKI, prerenal from volume depletion — IVF, trend Cr",
            "Underdosing of insulin due to financial hardship — SW consult, patient assistance program, 90-day supply on d/c",
            "Long-term insulin use",
        ],
        progress: "AG closed overnight, transitioned to SQ insulin. Cr 1.2.",
        course: "Admitted to step-down w/ DKA precipitated by missed insulin (cost). AG closed in 14 h, bridged to basal-bolus insulin. AKI resolved w/ fluids (Cr 1.0 at d/c). SW enrolled pt in a manufacturer assistance program.",
        documents: INPATIENT_DOCS,
        key: &[
            pdx("E11.10", Poa::Y),
            sdx("N17.9", Poa::Y),
            sdx("T38.3X6A", Poa::Y),
            sdx("Z91.120", Poa::Exempt),
            sdx("Z79.4", Poa::Exempt),
        ],
        ..BASE
    },
    Scenario {
        id: "ip_aki_on_ckd_gastroenteritis",
        title: "AKI on CKD 3a from viral gastroenteritis, DM2 and HTN",
        setting: Setting::Inpatient,
        ages: (65, 90),
        stay: (3, 4),
        complaint: "Weakness, diarrhea",
        hpi: "{age} y/o {sex} w/ DM2, HTN and CKD 3a presents w/ 4 days of N/V/D (sick grandchild at home) and poor PO intake.",
        history: "DM2, HTN, CKD stage 3a.",
        meds: "Metformin 500 mg BID, lisinopril 20 mg daily.",
        vitals: Some("T 37.6 HR 104 BP 104/62 RR 18 SpO2 97% RA"),
        exam: "Dry mucous membranes, poor skin turgor. Abd soft, hyperactive bowel sounds.",
        results: "Cr 2.9 (baseline 1.4, eGFR 48 in May). BUN 56. K 5.1. Stool C. diff negative, norovirus PCR positive.",
        assessment: &[
            "AKI on CKD stage 3a, prerenal — IVF, hold lisinopril and metformin",
            "Viral gastroenteritis (norovirus) — supportive care",
            "Dehydration — IVF",
            "DM2 w/ diabetic CKD — SSI while metformin held",
            "HTN w/ CKD — hold ACEi",
            "Long-term oral hypoglycemic use — resume metformin when Cr at baseline",
        ],
        progress: "Diarrhea slowing, tolerating PO. Cr 2.1.",
        course: "Admitted w/ AKI on CKD 3a from volume loss due to norovirus gastroenteritis. Cr improved w/ IVF to 1.5 at discharge. Lisinopril and metformin resumed at d/c w/ BMP in 1 wk.",
        documents: INPATIENT_DOCS,
        key: &[
            pdx("N17.9", Poa::Y),
            sdx("A08.4", Poa::Y),
            sdx("E86.0", Poa::Y),
            sdx("E11.22", Poa::Y),
            sdx("I12.9", Poa::Y),
            sdx("N18.31", Poa::Y),
            sdx("Z79.84", Poa::Exempt),
        ],
        ..BASE
    },
    Scenario {
        id: "ip_cellulitis_leg",
        title: "Cellulitis of the left lower leg in DM2",
        setting: Setting::Inpatient,
        ages: (40, 80),
        stay: (2, 4),
        complaint: "Red, swollen L leg",
        hpi: "{age} y/o {sex} w/ DM2 and HTN presents w/ 3 days of spreading redness, warmth and swelling of the L lower leg, fever to 100.9 F. No trauma recalled.",
        history: "DM2 without complications, HTN.",
        meds: "Metformin 1000 mg BID, losartan 50 mg daily.",
        vitals: Some("T 38.1 HR 98 BP 138/80 RR 16 SpO2 98% RA"),
        exam: "L lower leg: erythema from ankle to mid-shin, warm, tender, no fluctuance, no crepitus. DP pulses 2+.",
        results: "WBC 13.2. A1c 7.2. LLE venous duplex: no DVT. Blood cx NGTD.",
        assessment: &[
            "Cellulitis of L lower leg — IV cefazolin, elevate, mark borders",
            "DM2 w/o complications — hold metformin inpatient, SSI",
            "HTN — continue losartan",
            "Long-term oral hypoglycemic use",
        ],
        progress: "Erythema receding inside the marked borders. Afebrile.",
        course: "Admitted for L leg cellulitis, improved on IV cefazolin; d/c on PO cephalexin to complete 7 days.",
        documents: INPATIENT_DOCS,
        key: &[
            pdx("L03.116", Poa::Y),
            sdx("E11.9", Poa::Y),
            sdx("I10", Poa::Y),
            sdx("Z79.84", Poa::Exempt),
        ],
        ..BASE
    },
    Scenario {
        id: "ip_alcoholic_pancreatitis",
        title: "Alcohol-induced acute pancreatitis (query: alcohol use vs dependence)",
        setting: Setting::Inpatient,
        ages: (30, 60),
        sex: SexRule::Male,
        stay: (3, 5),
        complaint: "Epigastric pain",
        hpi: "{age} y/o {sex} w/ heavy EtOH use (8-10 beers daily) presents w/ severe epigastric pain radiating to the back and vomiting since a binge 2 days ago.",
        history: "None.",
        social: "Drinks 8-10 beers daily for years. Never smoker.",
        vitals: Some("T 37.5 HR 110 BP 146/92 RR 20 SpO2 97% RA"),
        exam: "Epigastric TTP w/ guarding, no rebound. No asterixis. Mild tremor.",
        results: "Lipase 2,140. TG 180. Ca 8.9. LFTs: AST 88, ALT 42. CT A/P: peripancreatic edema, no necrosis, no fluid collection. RUQ US: no gallstones.",
        assessment: &[
            "Acute pancreatitis, alcohol-induced, w/o necrosis or infection — NPO, IVF, pain control, advance diet as tolerated",
            "Heavy alcohol use — CIWA protocol, thiamine/folate, counseling",
        ],
        progress: "Pain improving, tolerating clears. CIWA scores 0-4, no withdrawal.",
        course: "Admitted w/ alcohol-induced acute pancreatitis, no necrosis. Diet advanced by HD3. Monitored on CIWA without withdrawal. Counseled on abstinence; outpatient program info given.",
        documents: INPATIENT_DOCS,
        key: &[pdx("K85.20", Poa::Y), sdx("F10.90", Poa::Y)],
        gap: Some(Gap {
            question: "The patient drinks 8-10 beers daily, was monitored on CIWA and counseled on abstinence. Please clarify the alcohol-related diagnosis.",
            options: &[
                "Alcohol dependence",
                "Alcohol abuse",
                "Alcohol use, without abuse or dependence",
            ],
            adds: &[sdx("F10.20", Poa::Y)],
        }),
        ..BASE
    },
    Scenario {
        id: "ip_nstemi_pci",
        title: "NSTEMI with CAD, PCI with drug-eluting stent to the LAD",
        setting: Setting::Inpatient,
        ages: (50, 85),
        sex: SexRule::Male,
        stay: (2, 4),
        complaint: "Chest pressure",
        hpi: "{age} y/o {sex} w/ HTN, HLD and current tobacco use w/ substernal chest pressure radiating to the L arm for 2 h this morning, diaphoresis.",
        history: "HTN, HLD.",
        meds: "Lisinopril 10 mg daily, atorvastatin 20 mg daily.",
        social: "Current smoker, 1/2 ppd cigarettes. Social EtOH.",
        vitals: Some("T 36.7 HR 88 BP 158/92 RR 18 SpO2 97% RA"),
        exam: "Diaphoretic on arrival, now comfortable. RRR, no murmur. Lungs clear.",
        results: "Troponin I 0.09 -> 0.92 -> 1.4. ECG: 1 mm ST depression V4-V6, no ST elevation. LDL 156. TTE: EF 50%, mild anterior hypokinesis.",
        assessment: &[
            "NSTEMI — ASA, ticagrelor, heparin gtt, high-intensity statin; LHC",
            "CAD of native coronary artery — 90% proximal LAD stenosis, PCI w/ DES",
            "HTN — continue lisinopril, add metoprolol",
            "HLD — atorvastatin 80 mg",
            "Nicotine dependence, cigarettes — counseled, nicotine patch",
        ],
        progress: "No recurrent CP. Cath today.",
        course: "Admitted w/ NSTEMI. LHC HD1: 90% proximal LAD stenosis treated w/ one drug-eluting stent, other vessels w/ mild nonobstructive disease. Discharged on DAPT, high-intensity statin, metoprolol; cardiac rehab referral.",
        procedure: Some(Procedure {
            name: "Left heart catheterization, coronary angiography, PCI w/ drug-eluting stent to the proximal LAD",
            preop_dx: "NSTEMI",
            postop_dx: "Single-vessel CAD, 90% proximal LAD stenosis",
            anesthesia: "Moderate sedation",
            findings: "LM normal. LAD 90% proximal stenosis. LCx 30%. RCA 20%. LVEDP 18 mmHg.",
            description: "R radial access. Left heart catheterization w/ pressure measurement and selective coronary angiography w/ low osmolar contrast. LAD lesion predilated and treated w/ one 3.0 x 18 mm drug-eluting stent, 0% residual, TIMI 3 flow.",
            day: 1,
            pathology: None,
        }),
        documents: SURGICAL_STAY_DOCS,
        key: &[
            pdx("I21.4", Poa::Y),
            sdx("I25.10", Poa::Y),
            sdx("I10", Poa::Y),
            sdx("E78.5", Poa::Y),
            sdx("F17.210", Poa::Y),
            pcs("027034Z"),
            pcs("4A023N7"),
            pcs("B2111ZZ"),
        ],
        ..BASE
    },
    // ------------------------------------------------------- observation
    Scenario {
        id: "obs_syncope",
        title: "Vasovagal syncope, observation",
        setting: Setting::Observation,
        ages: (45, 85),
        stay: (1, 1),
        complaint: "Passed out",
        hpi: "{age} y/o {sex} w/ HTN and HLD had a brief LOC while standing for a long service in a warm room, preceded by warmth and nausea; witnesses report <30 s, no jerking, no incontinence, back to baseline immediately.",
        history: "HTN, HLD.",
        meds: "Lisinopril 10 mg daily, pravastatin 40 mg daily.",
        exam: "Orthostatics negative. Normal neuro exam. No murmur.",
        results: "ECG: NSR, normal intervals. Trop neg x2. Telemetry 24 h: no arrhythmia. TTE: normal.",
        assessment: &[
            "Syncope, likely vasovagal — telemetry, TTE, hydration counseling",
            "HTN — continue lisinopril",
            "HLD — continue pravastatin",
        ],
        course: "Placed in observation for syncope. Telemetry and TTE unremarkable. Likely vasovagal. Discharged home.",
        documents: OBSERVATION_DOCS,
        key: &[dx1("R55"), dx("I10"), dx("E78.5")],
        ..BASE
    },
    Scenario {
        id: "obs_atypical_chest_pain",
        title: "Atypical chest pain, ACS ruled out, observation",
        setting: Setting::Observation,
        ages: (40, 75),
        stay: (1, 2),
        complaint: "Chest pain",
        hpi: "{age} y/o {sex} w/ HTN, HLD and tobacco use w/ intermittent sharp L chest pain x2 days, worse w/ movement, not exertional.",
        history: "HTN, HLD.",
        meds: "Amlodipine 5 mg daily, rosuvastatin 10 mg daily.",
        social: "Current smoker, 1 ppd cigarettes.",
        exam: "Reproducible tenderness over the L costochondral junctions. RRR, lungs clear.",
        results: "ECG: NSR, no ischemic changes. Troponin neg x3. Exercise stress test: no ischemia at 10 METs. CXR clear.",
        assessment: &[
            "Atypical chest pain, ACS ruled out — likely musculoskeletal; NSAID short course",
            "HTN — continue amlodipine",
            "HLD — continue rosuvastatin",
            "Nicotine dependence, cigarettes — counseled",
        ],
        course: "Observation for chest pain. Serial troponins neg, stress test neg. Pain reproducible on palpation. Discharged home w/ PCP f/u.",
        documents: OBSERVATION_DOCS,
        key: &[dx1("R07.89"), dx("I10"), dx("E78.5"), dx("F17.210")],
        ..BASE
    },
    // ------------------------------------------------ outpatient surgery
    Scenario {
        id: "os_lap_chole_chronic",
        title: "Chronic calculous cholecystitis, outpatient laparoscopic cholecystectomy",
        setting: Setting::OutpatientSurgery,
        ages: (30, 70),
        sex: SexRule::Female,
        complaint: "Recurrent biliary colic",
        hpi: "{age} y/o {sex} w/ 6 months of recurrent postprandial RUQ pain, US showing cholelithiasis, presents for elective lap chole.",
        history: "HTN.",
        meds: "Losartan 50 mg daily.",
        exam: "Abd soft, nontender today. Heart RRR, lungs clear.",
        results: "US: multiple gallstones, GB wall 3 mm, no pericholecystic fluid. LFTs normal.",
        assessment: &[
            "Chronic calculous cholecystitis — laparoscopic cholecystectomy today",
            "HTN — controlled",
        ],
        course: "Same-day laparoscopic cholecystectomy, uncomplicated, discharged home from PACU.",
        procedure: Some(Procedure {
            name: "Laparoscopic cholecystectomy",
            preop_dx: "Symptomatic cholelithiasis",
            postop_dx: "Chronic calculous cholecystitis",
            anesthesia: "General endotracheal",
            findings: "Thick-walled, chronically inflamed gallbladder w/ multiple stones, no acute inflammation.",
            description: "Four-port technique. Critical view of safety. Cystic duct and artery clipped and divided, gallbladder removed w/ electrocautery and extracted in a bag. EBL 10 mL.",
            day: 0,
            pathology: Some(Pathology {
                specimen: "Gallbladder",
                gross: "Gallbladder 8.0 x 3.0 cm, wall up to 0.5 cm, containing multiple yellow-green faceted stones.",
                diagnosis: "Chronic cholecystitis with cholelithiasis. Negative for dysplasia and malignancy.",
            }),
        }),
        documents: SAME_DAY_SURGERY_WITH_PATHOLOGY_DOCS,
        key: &[dx1("K80.10"), dx("I10")],
        ..BASE
    },
    Scenario {
        id: "os_screening_colonoscopy",
        title: "Screening colonoscopy with colon polyp, family history of colon cancer",
        setting: Setting::OutpatientSurgery,
        ages: (45, 75),
        complaint: "Screening colonoscopy",
        hpi: "{age} y/o {sex}, asymptomatic, presents for screening colonoscopy. Father had colon cancer at 62.",
        history: "None.",
        exam: "Abd soft, nontender.",
        results: "Prep: good (BBPS 8).",
        assessment: &[
            "Encounter for colon cancer screening — colonoscopy today",
            "Polyp of the sigmoid colon — cold snare polypectomy, pathology pending",
            "Family history of colon cancer — repeat interval per pathology",
        ],
        course: "Screening colonoscopy w/ one sigmoid polyp removed. Discharged home after recovery.",
        procedure: Some(Procedure {
            name: "Colonoscopy w/ cold snare polypectomy",
            preop_dx: "Colon cancer screening; family history of colon cancer",
            postop_dx: "Sigmoid colon polyp",
            anesthesia: "Monitored anesthesia care",
            findings: "6 mm sessile polyp in the sigmoid colon at 25 cm, removed w/ cold snare and retrieved. Otherwise normal colon to the cecum; appendiceal orifice and ileocecal valve photographed.",
            description: "Scope advanced to the cecum under direct visualization. Withdrawal time 9 min.",
            day: 0,
            pathology: Some(Pathology {
                specimen: "Sigmoid colon polyp, cold snare",
                gross: "One tan polypoid fragment, 0.6 cm.",
                diagnosis: "Tubular adenoma. Negative for high-grade dysplasia.",
            }),
        }),
        documents: SAME_DAY_SURGERY_WITH_PATHOLOGY_DOCS,
        // The pathology report (tubular adenoma) refines the polyp: D12.5.
        key: &[dx1("Z12.11"), dx("D12.5"), dx("Z80.0")],
        ..BASE
    },
    Scenario {
        id: "os_cataract_right",
        title: "Right age-related nuclear cataract, phacoemulsification with IOL",
        setting: Setting::OutpatientSurgery,
        ages: (60, 88),
        complaint: "Blurred vision R eye",
        hpi: "{age} y/o {sex} w/ progressive glare and blurred vision in the R eye interfering w/ driving; BCVA 20/70 OD.",
        history: "HTN.",
        meds: "Amlodipine 5 mg daily.",
        exam: "OD: 3+ nuclear sclerotic cataract. Fundus normal.",
        results: "Biometry done; IOL power selected.",
        assessment: &[
            "Age-related nuclear cataract, R eye — phaco w/ IOL OD today",
            "HTN — controlled",
        ],
        course: "Uncomplicated R eye cataract surgery; post-op day 1 visit scheduled.",
        procedure: Some(Procedure {
            name: "Phacoemulsification of cataract w/ posterior chamber intraocular lens, R eye",
            preop_dx: "Nuclear cataract, R eye",
            postop_dx: "Nuclear cataract, R eye",
            anesthesia: "Topical w/ MAC",
            findings: "Dense nuclear cataract.",
            description: "Clear corneal incision, capsulorhexis, phacoemulsification, I/A of cortex, foldable IOL placed in the bag. Wound watertight.",
            day: 0,
            pathology: None,
        }),
        documents: SAME_DAY_SURGERY_DOCS,
        key: &[dx1("H25.11"), dx("I10")],
        ..BASE
    },
    Scenario {
        id: "os_carpal_tunnel_right",
        title: "Right carpal tunnel syndrome, open release",
        setting: Setting::OutpatientSurgery,
        ages: (35, 75),
        complaint: "R hand numbness",
        hpi: "{age} y/o {sex} w/ 1 yr of numbness and tingling in the R thumb, index and middle fingers, worse at night, failed splinting and steroid injection. EMG: moderate R median neuropathy at the wrist.",
        history: "None.",
        exam: "R: + Tinel and Phalen at the wrist, mild thenar atrophy.",
        results: "EMG/NCS: moderate R carpal tunnel syndrome.",
        assessment: &["Carpal tunnel syndrome, R — open carpal tunnel release today"],
        course: "Open R carpal tunnel release, discharged home w/ soft dressing.",
        procedure: Some(Procedure {
            name: "Open carpal tunnel release, R",
            preop_dx: "R carpal tunnel syndrome",
            postop_dx: "R carpal tunnel syndrome",
            anesthesia: "Local w/ sedation",
            findings: "Thickened transverse carpal ligament, median nerve hyperemic and flattened.",
            description: "Longitudinal palmar incision, transverse carpal ligament divided completely under direct vision, nerve decompressed. Skin closed w/ nylon.",
            day: 0,
            pathology: None,
        }),
        documents: SAME_DAY_SURGERY_DOCS,
        key: &[dx1("G56.01")],
        ..BASE
    },
    Scenario {
        id: "os_knee_meniscus",
        title: "Right medial meniscus tear, arthroscopic partial meniscectomy",
        setting: Setting::OutpatientSurgery,
        ages: (20, 55),
        sex: SexRule::Male,
        complaint: "R knee pain, locking",
        hpi: "{age} y/o {sex} twisted {his} R knee playing soccer 6 wks ago; medial knee pain w/ catching and locking since. MRI shows a medial meniscus tear.",
        history: "None.",
        exam: "R knee: medial joint line tenderness, + McMurray, small effusion, ligaments stable.",
        results: "MRI R knee: complex tear of the posterior horn of the medial meniscus. ACL intact.",
        assessment: &[
            "Complex tear of medial meniscus, R knee, current injury — arthroscopic partial medial meniscectomy today",
        ],
        course: "Arthroscopy R knee, partial medial meniscectomy, discharged WBAT.",
        procedure: Some(Procedure {
            name: "Arthroscopy R knee w/ partial medial meniscectomy",
            preop_dx: "R medial meniscus tear",
            postop_dx: "Complex tear of the posterior horn of the R medial meniscus",
            anesthesia: "General LMA",
            findings: "Complex tear posterior horn medial meniscus. Cartilage intact. ACL/PCL intact.",
            description: "Standard anteromedial and anterolateral portals. Unstable meniscal fragments debrided to a stable rim w/ biter and shaver.",
            day: 0,
            pathology: None,
        }),
        documents: SAME_DAY_SURGERY_DOCS,
        key: &[dx1("S83.231A")],
        ..BASE
    },
    Scenario {
        id: "os_inguinal_hernia",
        title: "Right inguinal hernia, open repair with mesh",
        setting: Setting::OutpatientSurgery,
        ages: (30, 80),
        sex: SexRule::Male,
        complaint: "R groin bulge",
        hpi: "{age} y/o {sex} w/ a reducible R groin bulge for 8 months, aching w/ lifting. Never incarcerated. No prior hernia repair.",
        history: "None.",
        exam: "Reducible R inguinal hernia, nontender. No L hernia.",
        results: "None.",
        assessment: &["R inguinal hernia, reducible, not recurrent — open repair w/ mesh today"],
        course: "Open R inguinal hernia repair w/ mesh, discharged home.",
        procedure: Some(Procedure {
            name: "Open R inguinal hernia repair w/ mesh",
            preop_dx: "R inguinal hernia",
            postop_dx: "R indirect inguinal hernia, no obstruction or gangrene",
            anesthesia: "General LMA",
            findings: "Moderate indirect hernia sac, no incarcerated contents.",
            description: "Oblique groin incision, sac dissected and reduced, tension-free repair w/ polypropylene mesh. Layered closure.",
            day: 0,
            pathology: None,
        }),
        documents: SAME_DAY_SURGERY_DOCS,
        key: &[dx1("K40.90")],
        ..BASE
    },
    // ------------------------------------------------------------ clinic
    Scenario {
        id: "clinic_dm2_ckd3a",
        title: "DM2 with diabetic CKD stage 3a and HTN, follow-up",
        setting: Setting::Clinic,
        ages: (50, 85),
        complaint: "DM follow-up",
        hpi: "{age} y/o {sex} here for 3-month f/u of DM2 w/ CKD 3a and HTN. Checking sugars daily, fasting 120s-140s. No hypoglycemia. Taking metformin as prescribed.",
        history: "DM2, CKD stage 3a, HTN.",
        meds: "Metformin 500 mg BID, lisinopril 20 mg daily, atorvastatin 20 mg daily.",
        exam: "Monofilament sensation intact bilat. No edema.",
        results: "A1c 7.4. Cr 1.4, eGFR 51 (stable, 3a). UACR 64 mg/g.",
        assessment: &[
            "DM2 w/ diabetic CKD — continue metformin (eGFR >45), add empagliflozin for renal protection",
            "CKD stage 3a — stable, BMP in 3 months",
            "HTN w/ CKD — at goal, continue lisinopril",
            "Long-term use of oral hypoglycemics",
        ],
        course: "Return in 3 months w/ labs.",
        documents: &[DocumentType::ClinicNote],
        key: &[dx1("E11.22"), dx("N18.31"), dx("I12.9"), dx("Z79.84")],
        ..BASE
    },
    Scenario {
        id: "clinic_htn_hld_obesity",
        title: "HTN, mixed hyperlipidemia, class 1 obesity",
        setting: Setting::Clinic,
        ages: (40, 75),
        complaint: "BP and cholesterol f/u",
        hpi: "{age} y/o {sex} here to review labs. Home BPs 130s/80s. Walking 3x/wk. No CP or SOB.",
        history: "HTN, mixed hyperlipidemia, obesity.",
        meds: "Lisinopril 10 mg daily.",
        exam: "Wt stable, BMI 31.4. Heart RRR, no edema.",
        results: "Lipids: TC 252, LDL 162, TG 248, HDL 38. BMP normal.",
        assessment: &[
            "Essential HTN — at goal, continue lisinopril",
            "Mixed hyperlipidemia — start atorvastatin 20 mg, recheck lipids in 8 wks",
            "Class 1 obesity, BMI 31.4 — diet and exercise counseling, 15 min",
        ],
        course: "Return in 8 weeks w/ fasting lipids.",
        documents: &[DocumentType::ClinicNote],
        key: &[dx1("I10"), dx("E78.2"), dx("E66.811"), dx("Z68.31")],
        ..BASE
    },
    Scenario {
        id: "clinic_hypothyroid_vitd",
        title: "Hypothyroidism and vitamin D deficiency",
        setting: Setting::Clinic,
        ages: (30, 80),
        sex: SexRule::Female,
        complaint: "Fatigue",
        hpi: "{age} y/o {sex} w/ hypothyroidism c/o fatigue for 2 months. Taking levothyroxine w/ breakfast and coffee.",
        history: "Hypothyroidism.",
        meds: "Levothyroxine 88 mcg daily.",
        exam: "No goiter. Skin dry. Reflexes normal.",
        results: "TSH 7.8, free T4 0.8. 25-OH vitamin D 14.",
        assessment: &[
            "Hypothyroidism — take levothyroxine on an empty stomach, increase to 100 mcg, TSH in 6 wks",
            "Vitamin D deficiency — vitamin D3 2,000 IU daily",
        ],
        course: "Return in 6 weeks w/ TSH.",
        documents: &[DocumentType::ClinicNote],
        key: &[dx1("E03.9"), dx("E55.9")],
        ..BASE
    },
    Scenario {
        id: "clinic_depression_anxiety",
        title: "Recurrent major depression, moderate, with generalized anxiety disorder",
        setting: Setting::Clinic,
        ages: (20, 65),
        complaint: "Low mood",
        hpi: "{age} y/o {sex} w/ MDD (2 prior episodes) and GAD reports 6 wks of low mood, anhedonia, poor sleep and constant worry. PHQ-9 15, GAD-7 13. No SI/HI.",
        history: "Major depressive disorder, recurrent. Generalized anxiety disorder.",
        meds: "None currently (stopped sertraline last year).",
        exam: "Flat affect, linear thought process, no SI.",
        results: "PHQ-9 15, GAD-7 13. TSH normal.",
        assessment: &[
            "Major depressive disorder, recurrent, moderate — restart sertraline 50 mg, refer to therapy",
            "Generalized anxiety disorder — sertraline as above, CBT",
        ],
        course: "Safety plan reviewed. Return in 4 weeks.",
        documents: &[DocumentType::ClinicNote],
        key: &[dx1("F33.1"), dx("F41.1")],
        ..BASE
    },
    Scenario {
        id: "clinic_low_back_pain",
        title: "Low back pain with leg symptoms (query for sciatica/radiculopathy)",
        setting: Setting::Clinic,
        ages: (30, 65),
        complaint: "Back pain",
        hpi: "{age} y/o {sex} w/ 3 wks of low back pain after moving furniture; pain radiates down the back of the L leg to the knee. No bowel/bladder sx, no saddle anesthesia.",
        history: "None.",
        exam: "Lumbar paraspinal TTP. + SLR on the L at 45 degrees. Strength and reflexes symmetric.",
        results: "No imaging indicated (no red flags).",
        assessment: &["Low back pain — PT referral, NSAIDs, activity as tolerated"],
        course: "Return in 4-6 weeks if not improving.",
        documents: &[DocumentType::ClinicNote],
        key: &[dx1("M54.50")],
        gap: Some(Gap {
            question: "The note documents pain radiating down the left leg to the knee with a positive left straight-leg raise; the assessment is low back pain. Please clarify the diagnosis.",
            options: &[
                "Low back pain with left-sided sciatica",
                "Left lumbar radiculopathy",
                "Low back pain without radicular involvement",
            ],
            adds: &[],
        }),
        ..BASE
    },
    // ----------------------------------------------------------- pro-fee
    Scenario {
        id: "pf_cardiology_consult_afib",
        title: "Cardiology consult: new atrial fibrillation, type not specified (query)",
        setting: Setting::ProFee,
        ages: (60, 90),
        complaint: "New atrial fibrillation",
        hpi: "Asked to see this {age} y/o {sex} w/ HTN admitted for elective knee replacement who developed AF on POD1, rate 120s, asymptomatic. No prior arrhythmia.",
        history: "HTN.",
        meds: "Amlodipine 10 mg daily.",
        exam: "Irregularly irregular, HR 112. Lungs clear. No edema.",
        results: "ECG: AF, rate 118. TTE: EF 60%, normal valves. TSH normal.",
        assessment: &[
            "Atrial fibrillation — metoprolol for rate control, anticoagulation discussion once surgical bleeding risk allows",
            "HTN — continue amlodipine",
        ],
        course: "Will follow daily.",
        documents: &[DocumentType::Consult],
        key: &[dx1("I48.91"), dx("I10")],
        gap: Some(Gap {
            question: "Atrial fibrillation is documented without its type. Please clarify the type of atrial fibrillation.",
            options: &[
                "Paroxysmal atrial fibrillation",
                "Persistent atrial fibrillation",
                "Permanent atrial fibrillation",
            ],
            adds: &[],
        }),
        ..BASE
    },
    Scenario {
        id: "pf_hospitalist_pneumonia_copd",
        title: "Hospitalist subsequent visit: pneumonia with COPD",
        setting: Setting::ProFee,
        ages: (55, 85),
        complaint: "Pneumonia f/u",
        hpi: "HD2 for this {age} y/o {sex} w/ COPD admitted w/ LLL pneumonia. Less SOB, still coughing.",
        history: "COPD, HTN.",
        meds: "Ceftriaxone, azithromycin, tiotropium, amlodipine.",
        exam: "Crackles L base, no wheeze, on 2L NC.",
        results: "WBC 12.0 (from 16.1). CXR on admission: LLL infiltrate.",
        assessment: &[
            "LLL pneumonia in a pt w/ COPD — continue ceftriaxone/azithro, wean O2",
            "COPD — stable, continue tiotropium",
            "HTN — continue amlodipine",
        ],
        course: "Anticipate d/c in 1-2 days.",
        documents: &[DocumentType::ProgressNote],
        key: &[dx1("J18.9"), dx("J44.0"), dx("I10")],
        ..BASE
    },
    Scenario {
        id: "pf_radiology_cxr_cough",
        title: "Radiology interpretation: chest X-ray for acute cough, normal",
        setting: Setting::ProFee,
        ages: (20, 80),
        complaint: "Acute cough x3 days",
        hpi: "",
        history: "",
        exam: "",
        results: "The lungs are clear. No focal consolidation, effusion or pneumothorax. Heart size normal. No acute osseous abnormality.",
        assessment: &["No acute cardiopulmonary process."],
        procedure: Some(Procedure {
            name: "XR chest, 2 views (PA and lateral)",
            preop_dx: "Acute cough",
            postop_dx: "Normal chest",
            anesthesia: "",
            findings: "",
            description: "",
            day: 0,
            pathology: None,
        }),
        documents: &[DocumentType::Radiology],
        key: &[dx1("R05.1")],
        ..BASE
    },
    // ------------------------------------- inpatient, drafts with edits
    // A coder went off shift leaving these charts coded in part; each
    // draft carries one mistake the coding edits catch. The key is the
    // coding the documentation supports.
    Scenario {
        id: "ip_uti_elderly_maternity_draft",
        title: "E. coli UTI in an older woman (draft: a pregnancy code)",
        setting: Setting::Inpatient,
        ages: (70, 84),
        sex: SexRule::Female,
        stay: (2, 4),
        complaint: "Dysuria, fever",
        hpi: "{age} y/o {sex} w/ HTN presents w/ 3 days of dysuria, frequency and fever to 101.2 F. No flank pain. Unable to keep PO abx down.",
        history: "HTN. Postmenopausal.",
        meds: "Amlodipine 5 mg daily.",
        vitals: Some("T 38.4 HR 98 BP 148/84 RR 18 SpO2 97% RA"),
        exam: "Suprapubic TTP. No CVA tenderness.",
        results: "WBC 13.1. UA: nitrite +, LE 3+. Urine cx: >100K E. coli. Blood cx: NGTD.",
        assessment: &[
            "UTI due to E. coli — IV ceftriaxone, PO when tolerating",
            "HTN — continue amlodipine",
        ],
        progress: "Afebrile, tolerating PO.",
        course: "Treated for an E. coli UTI w/ IV ceftriaxone, switched to PO cephalexin. Discharged home.",
        documents: INPATIENT_DOCS,
        key: &[
            pdx("N39.0", Poa::Y),
            sdx("B96.20", Poa::Y),
            sdx("I10", Poa::Y),
        ],
        draft: &[
            pdx("O23.40", Poa::Y),
            sdx("B96.20", Poa::Y),
            sdx("I10", Poa::Y),
        ],
        ..BASE
    },
    Scenario {
        id: "ip_alzheimer_agitation_manifestation_draft",
        title: "Alzheimer's dementia with agitation (draft: the manifestation first)",
        setting: Setting::Inpatient,
        ages: (72, 90),
        stay: (3, 6),
        complaint: "Agitation, not sleeping",
        hpi: "{age} y/o {sex} w/ late-onset Alzheimer's disease, brought in by family for 1 wk of worsening agitation, striking out at caregivers, up all night. No fever, no new meds.",
        history: "Late-onset Alzheimer's disease (dx 4 yrs ago), HTN.",
        meds: "Donepezil 10 mg qHS, lisinopril 10 mg daily.",
        exam: "Oriented to self. Restless, redirectable. No focal deficits.",
        results: "UA negative. CBC, BMP, TSH, B12 normal. CT head: diffuse atrophy, no acute process.",
        assessment: &[
            "Alzheimer's disease, late onset, w/ dementia w/ agitation — geri-psych consult, low-dose quetiapine, sleep hygiene",
            "HTN — continue lisinopril",
        ],
        progress: "Slept 6 h, calmer, eating.",
        course: "Admitted for behavioral disturbance in late-onset Alzheimer's dementia; delirium w/u negative. Calmer on low-dose quetiapine. Discharged to memory care.",
        documents: INPATIENT_DOCS,
        key: &[
            pdx("G30.1", Poa::Y),
            sdx("F02.811", Poa::Y),
            sdx("I10", Poa::Y),
        ],
        draft: &[
            pdx("F02.811", Poa::Y),
            sdx("G30.1", Poa::Y),
            sdx("I10", Poa::Y),
        ],
        discharge_status: Some("04"),
        ..BASE
    },
    Scenario {
        id: "ip_dm2_hyperglycemia_excludes1_draft",
        title: "DM2 with hyperglycemia (draft: type 1 and type 2 together)",
        setting: Setting::Inpatient,
        ages: (40, 75),
        stay: (2, 3),
        complaint: "High sugars, thirst",
        hpi: "{age} y/o {sex} w/ type 2 DM on insulin w/ 1 wk of polyuria, polydipsia and glucose readings over 400 at home. No N/V, no abd pain.",
        history: "Type 2 diabetes mellitus, on insulin for 6 yrs.",
        meds: "Insulin glargine 24 units qHS, metformin 1000 mg BID.",
        exam: "Dry mucous membranes. Otherwise unremarkable.",
        results: "Glucose 468, AG 12, HCO3 24, no ketones. A1c 11.2%.",
        assessment: &[
            "Type 2 DM w/ hyperglycemia, no DKA — basal-bolus insulin titration, diabetes education",
            "Long-term insulin use",
        ],
        progress: "Glucose 180-220.",
        course: "Admitted for uncontrolled type 2 DM w/ hyperglycemia. Insulin regimen intensified. Discharged home.",
        documents: INPATIENT_DOCS,
        key: &[pdx("E11.65", Poa::Y), sdx("Z79.4", Poa::Exempt)],
        draft: &[
            pdx("E11.65", Poa::Y),
            sdx("E10.9", Poa::Y),
            sdx("Z79.4", Poa::Exempt),
        ],
        ..BASE
    },
    Scenario {
        id: "ip_pneumonia_missing_poa_draft",
        title: "Pneumonia, LLL (draft: a diagnosis without POA)",
        setting: Setting::Inpatient,
        ages: (60, 85),
        stay: (3, 4),
        complaint: "Cough, fever",
        hpi: "{age} y/o {sex} w/ HLD presents w/ 3 days of productive cough and fevers. No recent hospitalization.",
        history: "HLD.",
        meds: "Atorvastatin 20 mg daily.",
        vitals: Some("T 38.5 HR 104 BP 128/76 RR 22 SpO2 93% RA"),
        exam: "Crackles at the L base.",
        results: "WBC 14.8. CXR: LLL consolidation.",
        assessment: &[
            "Pneumonia, LLL — ceftriaxone + azithromycin",
            "HLD — continue atorvastatin",
        ],
        progress: "Afebrile, on RA.",
        course: "Treated for community-acquired LLL pneumonia, improved. Discharged home on PO abx.",
        documents: INPATIENT_DOCS,
        key: &[pdx("J18.9", Poa::Y), sdx("E78.5", Poa::Y)],
        draft: &[
            ExpectedCode {
                poa: None,
                ..pdx("J18.9", Poa::Y)
            },
            sdx("E78.5", Poa::Y),
        ],
        ..BASE
    },
    Scenario {
        id: "ip_copd_exempt_poa_y_draft",
        title: "COPD exacerbation, former smoker (draft: POA Y on an exempt code)",
        setting: Setting::Inpatient,
        ages: (58, 85),
        stay: (2, 4),
        complaint: "SOB, wheezing",
        hpi: "{age} y/o {sex} w/ COPD presents w/ 4 days of worsening SOB and wheeze after a viral URI. Quit smoking 10 yrs ago.",
        history: "COPD (GOLD 3).",
        meds: "Tiotropium, albuterol PRN.",
        social: "Former smoker, 45 pack-years, quit 10 yrs ago.",
        vitals: Some("T 37.2 HR 100 BP 138/80 RR 24 SpO2 88% RA"),
        exam: "Diffuse expiratory wheeze, prolonged expiration.",
        results: "VBG pH 7.36, pCO2 52. CXR: hyperinflation, no infiltrate.",
        assessment: &[
            "COPD w/ acute exacerbation — nebs, prednisone 40 mg x5 d, doxycycline",
            "History of nicotine dependence — no current use",
        ],
        progress: "Wheeze improved, SpO2 92% on 1 L.",
        course: "Treated for an acute exacerbation of COPD. Weaned to RA. Discharged home.",
        documents: INPATIENT_DOCS,
        key: &[pdx("J44.1", Poa::Y), sdx("Z87.891", Poa::Exempt)],
        draft: &[pdx("J44.1", Poa::Y), sdx("Z87.891", Poa::Y)],
        ..BASE
    },
    Scenario {
        id: "ip_cellulitis_no_discharge_status",
        title: "Cellulitis of the left lower leg (the feed left out the discharge status)",
        setting: Setting::Inpatient,
        ages: (35, 80),
        stay: (2, 4),
        complaint: "Red, painful leg",
        hpi: "{age} y/o {sex} w/ 3 days of spreading redness and pain of the L shin after a scrape. Fever to 100.9 F.",
        history: "None.",
        vitals: Some("T 38.3 HR 96 BP 130/80 RR 16 SpO2 98% RA"),
        exam: "10 x 14 cm area of erythema, warmth and tenderness L anterior shin, no fluctuance.",
        results: "WBC 12.6. US: no abscess, no DVT.",
        assessment: &["Cellulitis of the L lower leg — IV cefazolin, elevate"],
        progress: "Erythema receding from the marked border.",
        course: "Treated w/ IV cefazolin, transitioned to PO cephalexin. Discharged home.",
        documents: INPATIENT_DOCS,
        key: &[pdx("L03.116", Poa::Y)],
        discharge_status: None,
        ..BASE
    },
];

/// Looks a scenario up by id.
pub fn by_id(id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.id == id)
}

/// The benchmark ED scenario (always present in [`SCENARIOS`]).
pub fn benchmark() -> &'static Scenario {
    by_id(BENCHMARK_ID).expect("the benchmark scenario is in the library")
}
