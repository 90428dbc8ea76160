//! Invented names for synthetic patients, providers, facilities and payers.
//!
//! Surnames are made up (compound place-like words that are not common
//! family names), and a patient is a random first name joined to a random
//! surname, so no demo chart describes a real person. Payer and facility
//! names are invented too, apart from the public programs Medicare and
//! Medicaid.

use super::rng::Rng;

pub const FEMALE_FIRST: &[&str] = &[
    "June",
    "Maren",
    "Odile",
    "Priya",
    "Rosalind",
    "Tamsin",
    "Wren",
    "Ines",
    "Delphine",
    "Nadia",
    "Corinne",
    "Hazel",
    "Lucia",
    "Mirela",
    "Beatrix",
    "Imogen",
    "Sabine",
    "Thea",
    "Yara",
    "Clementine",
    "Aurelia",
    "Fenna",
    "Greta",
    "Leona",
    "Marisol",
    "Noor",
    "Pilar",
    "Rhea",
    "Sunniva",
    "Vera",
];

pub const MALE_FIRST: &[&str] = &[
    "Abel", "Cassius", "Dorian", "Emil", "Fitz", "Gideon", "Hollis", "Idris", "Jasper", "Kenji",
    "Leander", "Matthias", "Nico", "Osric", "Percival", "Quentin", "Rafferty", "Silas", "Tobias",
    "Ulric", "Virgil", "Warrick", "Anselm", "Bram", "Cyrus", "Desmond", "Evander", "Florian",
    "Linus", "Thaddeus",
];

pub const SURNAMES: &[&str] = &[
    "Ashgrove",
    "Brenwick",
    "Caldmoor",
    "Dunmere",
    "Elsworthy",
    "Fallowby",
    "Glenhallow",
    "Harrowgate",
    "Ivesdale",
    "Juniperlee",
    "Kestrelton",
    "Larkspurr",
    "Merriwold",
    "Northcombe",
    "Oakhollow",
    "Pembrake",
    "Quillfeather",
    "Rookwell",
    "Saltmarsh",
    "Thistlewood",
    "Underhay",
    "Vantmoor",
    "Whitlowe",
    "Yarrowby",
    "Amberlin",
    "Birchcombe",
    "Copperidge",
    "Driftmoor",
    "Emberly",
    "Foxmantle",
    "Greywater",
    "Hollybrook",
    "Inchmere",
    "Kettleburn",
    "Lowthorne",
    "Mossgiel",
    "Nettlefold",
    "Orrinsby",
    "Pinecastle",
    "Ravenmoor",
    "Stonebridge",
    "Tarnwick",
    "Umberfield",
    "Wexcombe",
];

/// Attending physicians and surgeons (invented). `Dr. First Last`.
pub const PROVIDERS: &[&str] = &[
    "Dr. Amara Quist",
    "Dr. Bastian Okonkwo-Reyes",
    "Dr. Celia Vantongeren",
    "Dr. Dmitri Halvorsen-Pike",
    "Dr. Esme Lindqvist-Moor",
    "Dr. Farid Ostrowe",
    "Dr. Gwendolyn Marchetti-Ash",
    "Dr. Hideo Brannagh",
    "Dr. Isolde Ferncastle",
    "Dr. Joaquin Tellwright",
    "Dr. Katya Rosenthorne",
    "Dr. Lucan Abernethy-Vale",
];

/// Nurse practitioners and physician assistants who write ED and clinic notes.
pub const ADVANCED_PRACTICE: &[&str] = &[
    "Mara Delacourt, NP",
    "Owen Kittredge, PA-C",
    "Selah Brightwater, NP",
    "Tomas Ferrow, PA-C",
];

pub const FACILITIES: &[&str] = &[
    "Riverbend General",
    "Cedar Hollow Medical Center",
    "St. Aldric Community Hospital",
];

pub const COMMERCIAL_PAYERS: &[&str] = &[
    "Bluestem Health Plan",
    "Harborline Mutual",
    "Prairie Commons Health",
];

/// Someone with an invented name: a patient or a staff member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    pub first: &'static str,
    pub last: &'static str,
}

impl PersonName {
    pub fn random(rng: &mut Rng, female: bool) -> PersonName {
        let first = if female {
            rng.pick(FEMALE_FIRST)
        } else {
            rng.pick(MALE_FIRST)
        };
        PersonName {
            first,
            last: rng.pick(SURNAMES),
        }
    }

    /// "Last, First", the way registration systems show patients.
    pub fn sorted(&self) -> String {
        format!("{}, {}", self.last, self.first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_have_no_duplicates() {
        for list in [FEMALE_FIRST, MALE_FIRST, SURNAMES, PROVIDERS, FACILITIES] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len());
        }
    }

    #[test]
    fn sorted_name_is_last_comma_first() {
        let name = PersonName {
            first: "June",
            last: "Ashgrove",
        };
        assert_eq!(name.sorted(), "Ashgrove, June");
    }
}
