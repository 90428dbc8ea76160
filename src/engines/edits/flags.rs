//! The MCE's edit flags as a bitset: a code's flags are one `u32`, so a
//! lookup is one hash probe and every test is a mask (the batch check has
//! to reach tens of thousands of claims a second).

/// One code's MCE flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags(u32);

macro_rules! flags {
    ($($(#[$doc:meta])* $name:ident = $bit:literal, $text:literal;)*) => {
        impl Flags {
            $($(#[$doc])* pub const $name: Flags = Flags(1 << $bit);)*

            /// Every flag name the tables may use, with its bit.
            pub const NAMED: &'static [(&'static str, Flags)] = &[$(($text, Flags::$name)),*];
        }
    };
}

flags! {
    /// External cause code (V00–Y99): not a principal diagnosis.
    ECODE_PDX = 0, "ecodepdx";
    /// Age group 0 only.
    NEWBORN = 1, "newborn";
    /// Age group 0–17.
    PEDIATRIC = 2, "pediatric";
    /// Age group 9–64 (12–55 before FY2020).
    MATERNITY = 3, "maternity";
    /// Age group 15–124.
    ADULT = 4, "adult";
    /// Female patients only (sex edits, retired after 2024-09-30).
    FEMALE = 5, "female";
    /// Male patients only (sex edits, retired after 2024-09-30).
    MALE = 6, "male";
    /// Manifestation code: never principal.
    MANIFESTATION = 7, "manifestation";
    /// Questionable reason for admission as principal.
    QADM = 8, "qadm";
    /// Unacceptable as principal diagnosis.
    UNACCEPTABLE = 9, "unacceptable";
    /// Unspecified code (a more specific one exists).
    UNSPECIFIED = 10, "unspecified";
    /// Wrong procedure performed (Y65.51–Y65.53).
    WRONG_PROCEDURE = 11, "wrngproc";
    /// Type I diabetes: makes a pancreas transplant covered.
    DIABETES_TYPE_1 = 12, "diabtypeI";
    /// Outcome of delivery (Z37): expected with a delivery procedure.
    DELIVERY_OUTCOME = 13, "delout";
    /// Clinical trial (Z00.6): makes an artificial heart a limited-coverage procedure.
    CLINICAL_TRIAL = 14, "clintrial";
    /// Acceptable as principal only with a secondary diagnosis (Z51.89).
    REQUIRES_SDX = 15, "reqsdx";
    /// Pairs a diagnosis with procedures it makes non-covered.
    NCOV6 = 16, "ncov6";
    /// Pairs a diagnosis with procedures it makes non-covered.
    NCOV7 = 17, "ncov7";
    /// Sterilization: non-covered with Z30.2.
    NCOV_Z302 = 18, "ncov_z302";
    /// Always non-covered.
    NONCOVERED = 19, "noncovered";
    /// Limited coverage.
    LCOV = 20, "lcov";
    /// Pancreas transplant: non-covered unless type I diabetes or a kidney transplant.
    NCOV45 = 21, "ncov45";
    /// Lumbar artificial disc: non-covered over age 60.
    NCOV_AGE_OVER_60 = 22, "ncov12agele60";
    /// Kidney transplant.
    KIDNEY_TRANSPLANT = 23, "kidneyxp";
    /// Artificial heart, first part of the pair.
    ARTIFICIAL_HEART_A = 24, "lcov_artheartxpa";
    /// Artificial heart, second part of the pair.
    ARTIFICIAL_HEART_B = 25, "lcov_artheartxpb";
    /// Cesarean delivery.
    CESAREAN = 26, "csect";
    /// Vaginal delivery.
    VAGINAL_DELIVERY = 27, "vagdel";
    /// Needs a stay of 4 days or more (ventilation over 96 hours).
    LOS = 28, "los";
}

impl Flags {
    pub const NONE: Flags = Flags(0);
    /// The four age groups.
    pub const AGE_GROUPS: [(Flags, &'static str); 4] = [
        (Flags::NEWBORN, "newborn"),
        (Flags::PEDIATRIC, "pediatric"),
        (Flags::MATERNITY, "maternity"),
        (Flags::ADULT, "adult"),
    ];

    /// The flag a table name stands for; `None` for a name this chartq does
    /// not know (the table loader reports it).
    pub fn named(name: &str) -> Option<Flags> {
        Flags::NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
    }

    /// True when every flag of `other` is set.
    pub fn has(self, other: Flags) -> bool {
        other.0 != 0 && self.0 & other.0 == other.0
    }

    /// True when any flag of `other` is set.
    pub fn any(self, other: Flags) -> bool {
        self.0 & other.0 != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        Flags(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for Flags {
    fn bitor_assign(&mut self, rhs: Flags) {
        self.0 |= rhs.0;
    }
}

#[cfg(test)]
mod tests {
    use super::Flags;

    #[test]
    fn names_are_distinct_bits() {
        let mut all = Flags::NONE;
        for (name, flag) in Flags::NAMED {
            assert!(!all.any(*flag), "{name} reuses a bit");
            all |= *flag;
            assert_eq!(Flags::named(name), Some(*flag));
        }
        assert_eq!(Flags::named("bilateral"), None);
        assert!((Flags::LCOV | Flags::NCOV45).has(Flags::NCOV45));
        assert!(!Flags::LCOV.has(Flags::NONE));
    }
}
