//! One grouper version's tables, typed and indexed for speed: codes are
//! packed into a `u64` ([`key`]) and looked up in Fx hash maps; formulas
//! are interned (a DRG family is a small id, a label a small id), so
//! grouping a claim allocates almost nothing.
//!
//! Built from the parsed logic file and Table 5 (`ingest::msdrg`); what the
//! lists mean is decided in the sibling modules.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::domain::drg::{CcLevel, GrouperVersion, Weight};
use crate::ingest::msdrg::{LogicFile, Table5Row, cc_level};

/// A code packed into eight bytes (ICD-10 codes are at most 7 characters).
pub type Key = u64;

/// The packed form of a code (upper case, no dot); `None` for anything
/// that is not 1–8 ASCII letters and digits.
pub fn key(code: &str) -> Option<Key> {
    let b = code.as_bytes();
    if b.is_empty() || b.len() > 8 {
        return None;
    }
    let mut k: u64 = 0;
    for &c in b {
        if !c.is_ascii_alphanumeric() {
            return None;
        }
        k = (k << 8) | u64::from(c.to_ascii_uppercase());
    }
    Some(k << (8 * (8 - b.len())))
}

/// The code a key packs (for messages and tests).
pub fn unkey(k: Key) -> String {
    k.to_be_bytes()
        .iter()
        .filter(|&&b| b != 0)
        .map(|&b| b as char)
        .collect()
}

/// An interned DRG family (the DRGs a formula leads to, in CMS's order).
pub type FamilyId = u16;
/// An interned formula label ("PDX", "OR SDX", "MAJOR O.R. PROCEDURE ORPCS").
pub type LabelId = u16;

/// A family of DRGs a formula names: `031&032&033`.
#[derive(Debug, Clone)]
pub struct Family {
    pub drgs: Vec<u16>,
    /// The MDC of its DRGs (0 for pre-MDC).
    pub mdc: u8,
    pub surgical: bool,
    /// Its place in the surgical hierarchy (lower ranks first).
    pub rank: u32,
}

/// One formula: this code leads to `family` under `label`; `with` is the
/// code a pair formula (`LABEL|CODE`) names.
#[derive(Debug, Clone, Copy)]
pub struct Formula {
    pub family: FamilyId,
    pub label: LabelId,
    pub with: Option<Key>,
}

/// What a diagnosis does in the logic.
#[derive(Debug, Clone, Default)]
pub struct DxInfo {
    /// The MDCs it is listed under, in the file's order (two for the
    /// sex-dependent diagnoses).
    pub mdcs: Vec<u8>,
    /// A significant-trauma principal diagnosis (MDC 24's `_MDC24_PDX`).
    pub trauma_pdx: bool,
    /// Its significant-trauma body site (1–8), if any.
    pub trauma_site: u8,
    pub formulas: Vec<Formula>,
}

/// What a procedure does in the logic.
#[derive(Debug, Clone, Default)]
pub struct PrInfo {
    /// An operating-room procedure.
    pub operating_room: bool,
    /// A non-O.R. procedure that affects grouping.
    pub non_or_affecting: bool,
    pub formulas: Vec<Formula>,
}

/// A diagnosis's CC/MCC entry.
#[derive(Debug, Clone, Copy)]
pub struct CcInfo {
    pub level: CcLevel,
    /// Index into the exclusion collections (`u32::MAX`: none).
    pub collection: u32,
    pub alive_only: bool,
    /// HAC category, 0 for none.
    pub hac: u8,
}

/// A DRG's title and Table 5 numbers.
#[derive(Debug, Clone, Default)]
pub struct DrgInfo {
    pub title: String,
    pub mdc: u8,
    pub surgical: bool,
    pub weight: Option<Weight>,
    pub gmlos: Option<Weight>,
    pub amlos: Option<Weight>,
}

/// Everything one grouper version reads.
#[derive(Debug)]
pub struct DrgTables {
    pub version: GrouperVersion,
    pub dx: FxHashMap<Key, DxInfo>,
    pub pr: FxHashMap<Key, PrInfo>,
    pub cc: FxHashMap<Key, CcInfo>,
    pub collections: Vec<FxHashSet<Key>>,
    /// Indexed by DRG number (0–999).
    pub drgs: Vec<Option<DrgInfo>>,
    pub drg_exclusions: FxHashMap<u16, FxHashSet<Key>>,
    /// Surgical hierarchy rank by DRG number (`u32::MAX`: unranked).
    pub ranks: Vec<u32>,
    pub families: Vec<Family>,
    /// Procedures HAC categories 08 and 10–14 need: a bit per category.
    pub hac_procs: FxHashMap<Key, u16>,
    /// O.R. procedures on CMS's non-extensive list (DRGs 987–989).
    pub non_extensive: FxHashSet<Key>,
    /// Families some diagnosis formula names (their DRGs need that
    /// diagnosis).
    dx_families: FxHashSet<FamilyId>,
    except_families: FxHashSet<FamilyId>,
    gated_families: FxHashSet<FamilyId>,
    catch_all: FxHashSet<FamilyId>,
    pub labels: Vec<String>,
    family_ids: FxHashMap<String, FamilyId>,
    label_ids: FxHashMap<String, LabelId>,
}

const TRAUMA_SITES: [&str; 8] = [
    "HEAD",
    "CHEST",
    "ABDOMEN",
    "KIDNEY",
    "URINARY",
    "PELVIS_SPINE",
    "UPPER_LIMB",
    "LOWER_LIMB",
];

impl DrgTables {
    /// Types and indexes a parsed logic file with Table 5's numbers.
    pub fn build(
        version: GrouperVersion,
        name: &str,
        logic: &LogicFile,
        table5: &[Table5Row],
    ) -> Result<DrgTables, String> {
        let mut t = DrgTables {
            version,
            dx: FxHashMap::default(),
            pr: FxHashMap::default(),
            cc: FxHashMap::default(),
            collections: Vec::new(),
            drgs: vec![None; 1000],
            drg_exclusions: FxHashMap::default(),
            ranks: vec![u32::MAX; 1000],
            families: Vec::new(),
            non_extensive: FxHashSet::default(),
            hac_procs: FxHashMap::default(),
            dx_families: FxHashSet::default(),
            except_families: FxHashSet::default(),
            gated_families: FxHashSet::default(),
            catch_all: FxHashSet::default(),
            labels: Vec::new(),
            family_ids: FxHashMap::default(),
            label_ids: FxHashMap::default(),
        };
        t.read_drgs(name, logic, table5)?;
        t.read_dx(name, logic)?;
        t.read_pr(name, logic)?;
        t.read_cc(name, logic)?;
        for (drg, codes) in &logic.drg_exclusions {
            let n = drg_number(name, "drg_exclusions", drg)?;
            t.drg_exclusions
                .insert(n, codes.iter().filter_map(|c| key(c)).collect());
        }
        Ok(t)
    }

    fn read_drgs(&mut self, name: &str, logic: &LogicFile, t5: &[Table5Row]) -> Result<(), String> {
        for (drg, e) in &logic.drgmap {
            let n = drg_number(name, "drgmap", drg)?;
            let mdc = if e.mdc.is_empty() {
                0
            } else {
                e.mdc
                    .parse()
                    .map_err(|_| format!("{name}: drgmap.{drg}.mdc: '{}' is not an MDC", e.mdc))?
            };
            let row = t5.iter().find(|r| r.drg.number() == n);
            self.drgs[usize::from(n)] = Some(DrgInfo {
                title: e.desc.clone(),
                mdc,
                surgical: e.is_surgical,
                weight: row.and_then(|r| r.weight),
                gmlos: row.and_then(|r| r.gmlos),
                amlos: row.and_then(|r| r.amlos),
            });
        }
        for (drg, rank) in &logic.surgical_rank {
            let n = drg_number(name, "surgical_rank", drg)?;
            self.ranks[usize::from(n)] = *rank;
        }
        Ok(())
    }

    fn read_dx(&mut self, name: &str, logic: &LogicFile) -> Result<(), String> {
        for (code, tokens) in &logic.dxmap {
            let k = key(code).ok_or_else(|| format!("{name}: dxmap: '{code}' is not a code"))?;
            let mut info = DxInfo::default();
            for tok in tokens {
                if let Some(rest) = tok.strip_prefix("_MDC") {
                    if rest == "24_PDX" {
                        info.trauma_pdx = true;
                    } else if rest.ends_with("_PDX") {
                        // `_MDCnn_PDX`: listed as a principal in that MDC too.
                        continue;
                    } else if let Ok(m) = rest.parse::<u8>() {
                        if !info.mdcs.contains(&m) {
                            info.mdcs.push(m);
                        }
                    }
                } else if let Some(site) = tok.strip_prefix("_TRAUMA24_SITE_") {
                    info.trauma_site = TRAUMA_SITES
                        .iter()
                        .position(|s| *s == site)
                        .map_or(9, |p| p as u8 + 1);
                } else if !tok.starts_with('_') {
                    let f = self.formula(name, code, tok)?;
                    self.dx_families.insert(f.family);
                    let label = &self.labels[usize::from(f.label)];
                    if !(label.starts_with("OR ") || label.starts_with("WITH ")) {
                        self.gated_families.insert(f.family);
                    }
                    if label.starts_with("PDX FROM MDC") {
                        self.catch_all.insert(f.family);
                    }
                    if label.contains("EXCEPT") {
                        self.except_families.insert(f.family);
                    }
                    info.formulas.push(f);
                }
            }
            self.dx.insert(k, info);
        }
        Ok(())
    }

    fn read_pr(&mut self, name: &str, logic: &LogicFile) -> Result<(), String> {
        for (code, tokens) in &logic.prmap {
            let k = key(code).ok_or_else(|| format!("{name}: prmap: '{code}' is not a code"))?;
            let mut info = PrInfo::default();
            for tok in tokens {
                let f = self.formula(name, code, tok)?;
                if self.labels[usize::from(f.label)].starts_with("ANY OTHER") {
                    self.catch_all.insert(f.family);
                }
                info.formulas.push(f);
            }
            self.pr.insert(k, info);
        }
        for code in logic.orpcsmap.keys() {
            if let Some(k) = key(code) {
                self.pr.entry(k).or_default().operating_room = true;
            }
        }
        for code in &logic.neoormap {
            if let Some(k) = key(code) {
                self.pr.entry(k).or_default().non_or_affecting = true;
            }
        }
        Ok(())
    }

    fn read_cc(&mut self, name: &str, logic: &LogicFile) -> Result<(), String> {
        let mut index: FxHashMap<&str, u32> = FxHashMap::default();
        for (group, codes) in &logic.exmap {
            index.insert(group.as_str(), self.collections.len() as u32);
            self.collections
                .push(codes.iter().filter_map(|c| key(c)).collect());
        }
        for (code, e) in &logic.ccmap {
            let k = key(code).ok_or_else(|| format!("{name}: ccmap: '{code}' is not a code"))?;
            let hac = match &e.hac {
                None => 0,
                Some(h) => h
                    .parse()
                    .map_err(|_| format!("{name}: ccmap.{code}.hac: '{h}' is not a HAC category"))?,
            };
            self.cc.insert(
                k,
                CcInfo {
                    level: cc_level(name, code, &e.level)?,
                    collection: e
                        .pdx
                        .as_deref()
                        .and_then(|g| index.get(g).copied())
                        .unwrap_or(u32::MAX),
                    alive_only: e.aowa,
                    hac,
                },
            );
        }
        Ok(())
    }

    /// Interns `DRG&DRG|LABEL[|CODE…]`.
    fn formula(&mut self, name: &str, code: &str, tok: &str) -> Result<Formula, String> {
        let mut parts = tok.split('|');
        let fam = parts.next().unwrap_or("");
        let label = parts.next().unwrap_or("");
        let with = parts.next().and_then(key);
        let family = match self.family_ids.get(fam) {
            Some(&id) => id,
            None => {
                let mut drgs = Vec::new();
                for d in fam.split('&') {
                    drgs.push(drg_number(name, &format!("formula of {code}"), d)?);
                }
                let first = drgs.first().and_then(|&d| self.drgs[usize::from(d)].as_ref());
                let rank = drgs
                    .iter()
                    .map(|&d| self.ranks[usize::from(d)])
                    .min()
                    .unwrap_or(u32::MAX);
                let id = self.families.len() as FamilyId;
                self.families.push(Family {
                    mdc: first.map_or(0, |i| i.mdc),
                    surgical: first.is_some_and(|i| i.surgical),
                    rank,
                    drgs,
                });
                self.family_ids.insert(fam.to_string(), id);
                id
            }
        };
        let label = match self.label_ids.get(label) {
            Some(&id) => id,
            None => {
                let id = self.labels.len() as LabelId;
                self.labels.push(label.to_string());
                self.label_ids.insert(label.to_string(), id);
                id
            }
        };
        Ok(Formula {
            family,
            label,
            with,
        })
    }

    /// Adds the HAC lists (`D<TAB>code<TAB>category` diagnosis lines set a
    /// CC/MCC code's category; `P` lines a procedure a category needs).
    pub fn add_hac_lists(&mut self, name: &str, text: &str) -> Result<(), String> {
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = |field: &str| format!("{name}:{}: {field}: '{line}'", i + 1);
            let [kind, code, cat] = cols[..] else {
                return Err(bad("line"));
            };
            let k = key(code).ok_or_else(|| bad("code"))?;
            let cat: u8 = cat.parse().map_err(|_| bad("category"))?;
            match kind {
                "D" => {
                    if let Some(cc) = self.cc.get_mut(&k) {
                        cc.hac = cat;
                    }
                }
                "P" => *self.hac_procs.entry(k).or_default() |= 1 << cat,
                _ => return Err(bad("kind")),
            }
        }
        Ok(())
    }

    /// The family id of `031&032&033`, if the logic names it.
    pub fn family_id(&self, drgs: &str) -> Option<FamilyId> {
        self.family_ids.get(drgs).copied()
    }

    /// The label id of a label text, if the logic uses it.
    pub fn label_id(&self, label: &str) -> Option<LabelId> {
        self.label_ids.get(label).copied()
    }

    /// Whether the family's diagnosis list is a list of exceptions ("any
    /// principal of the MDC except …").
    pub fn family_has_except(&self, id: FamilyId) -> bool {
        self.except_families.contains(&id)
    }

    /// Whether some diagnosis formula names the family.
    pub fn family_has_dx(&self, id: FamilyId) -> bool {
        self.dx_families.contains(&id)
    }

    /// Whether the family takes any O.R. procedure ("ANY OTHER ORPCS …",
    /// "PDX FROM MDC 18 EXCEPT").
    pub fn family_is_catch_all(&self, id: FamilyId) -> bool {
        self.catch_all.contains(&id)
    }

    /// Whether the family needs one of its diagnoses (it names some not
    /// as an alternative, "OR PDX", "WITH SDX").
    pub fn family_is_gated(&self, id: FamilyId) -> bool {
        self.gated_families.contains(&id)
    }

    pub fn family(&self, id: FamilyId) -> &Family {
        &self.families[usize::from(id)]
    }

    pub fn label(&self, id: LabelId) -> &str {
        &self.labels[usize::from(id)]
    }

    pub fn drg(&self, n: u16) -> Option<&DrgInfo> {
        self.drgs.get(usize::from(n)).and_then(Option::as_ref)
    }
}

fn drg_number(name: &str, field: &str, text: &str) -> Result<u16, String> {
    text.parse::<crate::domain::drg::Drg>()
        .map(|d| d.number())
        .map_err(|e| format!("{name}: {field}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_pack_and_unpack() {
        assert_eq!(unkey(key("I214").unwrap()), "I214");
        assert_eq!(key("i214"), key("I214"));
        assert_ne!(key("I214"), key("I2140"));
        assert_eq!(key(""), None);
        assert_eq!(key("E11.9"), None);
        assert_eq!(key("123456789"), None);
    }
}
