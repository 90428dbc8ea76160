//! The words of the ICD-10-PCS tables: a code is seven characters, each an
//! *axis* (section, body system, root operation, body part, approach,
//! device, qualifier in the Medical and Surgical section; other sections
//! name their axes differently). CMS publishes the valid combinations as
//! tables (one per section + body system + operation) whose rows list the
//! values of axes 4–7; the table builder walks them one axis at a time.

/// The position of an axis in a PCS code, 1 to 7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AxisPos(u8);

impl AxisPos {
    /// The first axis (section).
    pub const SECTION: AxisPos = AxisPos(1);
    /// The root operation (third character).
    pub const OPERATION: AxisPos = AxisPos(3);
    /// The approach (fifth character).
    pub const APPROACH: AxisPos = AxisPos(5);

    /// `Some` for 1..=7 only.
    pub fn new(pos: u8) -> Option<AxisPos> {
        (1..=7).contains(&pos).then_some(AxisPos(pos))
    }

    /// 1..=7.
    pub fn get(self) -> u8 {
        self.0
    }

    /// 0-based index into the code's characters.
    pub fn index(self) -> usize {
        usize::from(self.0 - 1)
    }

    /// The axis after a prefix of `len` characters (`None` past the 7th).
    pub fn after(len: usize) -> Option<AxisPos> {
        u8::try_from(len + 1).ok().and_then(AxisPos::new)
    }
}

/// One value of an axis in a table: its character and CMS's label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PcsValue {
    pub ch: char,
    pub label: String,
}

/// One axis of a table or row, as the tables XML gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PcsAxis {
    pub pos: AxisPos,
    /// The axis's name in this section ("Body Part", "Approach", "Contrast").
    pub title: String,
    pub values: Vec<PcsValue>,
    /// The root operation's definition, where the table carries it.
    pub definition: Option<String>,
}

/// One row of a table: the values of axes 4–7 that combine freely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PcsRow {
    /// Axes 4, 5, 6, 7 in order.
    pub axes: Vec<PcsAxis>,
    /// The line of `<pcsRow>` in the file (errors, tests).
    pub line: usize,
}

/// One table: axes 1–3 fixed, its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PcsTable {
    /// Axes 1, 2, 3 in order, one value each.
    pub axes: Vec<PcsAxis>,
    pub rows: Vec<PcsRow>,
    pub line: usize,
}

impl PcsTable {
    /// The table's three characters ("0DT").
    pub fn key(&self) -> String {
        self.axes
            .iter()
            .filter_map(|a| a.values.first().map(|v| v.ch))
            .collect()
    }
}

/// A PCS definition of a term on one axis of one section (a root
/// operation, an approach): what the builder shows beside the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PcsDefinition {
    pub section: char,
    pub pos: AxisPos,
    /// The term as it appears as a label in the tables ("Resection").
    pub term: String,
    pub definition: String,
    pub explanation: Option<String>,
}
