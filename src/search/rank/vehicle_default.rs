//! A transport accident told by the person's role alone ("unrestrained
//! driver rollover", "restrained passenger mvc", "driver lost control and
//! hit a tree") is a car occupant's: the classification files the
//! occupant of an unspecified motor vehicle under the car (V49.4–V49.6
//! "Driver / Passenger injured in collision with unspecified motor
//! vehicles" are in V49 "Car occupant injured in other and unspecified
//! transport accidents"). Every vehicle's category repeats the same
//! roles and events ("Driver of bus injured in noncollision transport
//! accident…", "Driver of heavy transport vehicle …"), so without this
//! the shortest of those titles led — a bus, a heavy transport vehicle,
//! a three-wheeled motor vehicle.
//!
//! When the query names an occupant's role and no vehicle, the
//! categories of another vehicle than the car (read from the code: the
//! V chapter's second character is the injured person's vehicle) give
//! way.

use super::resolve::Resolved;

/// Words for a motor vehicle's occupant.
const OCCUPANT_WORDS: [&str; 9] = [
    "driver",
    "drivers",
    "driving",
    "passenger",
    "passengers",
    "occupant",
    "occupants",
    "restrained",
    "unrestrained",
];

/// Words that name a vehicle (or a person by one): the query then says
/// whose category it is, and the titles' words decide.
const VEHICLE_WORDS: [&str; 60] = [
    "car",
    "cars",
    "auto",
    "automobile",
    "sedan",
    "suv",
    "jeep",
    "taxi",
    "cab",
    "van",
    "minivan",
    "pickup",
    "pick",
    "truck",
    "trucks",
    "semi",
    "wheeler",
    "tractor",
    "trailer",
    "bus",
    "buses",
    "motorcycle",
    "motorcycles",
    "motorbike",
    "moped",
    "scooter",
    "bike",
    "bikes",
    "bicycle",
    "bicycles",
    "bicyclist",
    "cyclist",
    "cycle",
    "tricycle",
    "biker",
    "atv",
    "quad",
    "snowmobile",
    "buggy",
    "forklift",
    "golf",
    "cart",
    "ambulance",
    "train",
    "railway",
    "railroad",
    "streetcar",
    "tram",
    "trolley",
    "horse",
    "wagon",
    "boat",
    "watercraft",
    "ship",
    "aircraft",
    "airplane",
    "plane",
    "helicopter",
    "wheelchair",
    "pedestrian",
];

/// Relevance taken from another vehicle's category: as a role met on the
/// wrong side of "injured" (`external.rs`), past the spread of titles
/// meeting the same terms, far less than a term missed.
const OTHER_VEHICLE: f32 = 1.0;

/// Whether the query names an occupant and no vehicle.
pub(super) fn car_by_default(resolved: &[Resolved<'_>]) -> bool {
    let words = || {
        resolved
            .iter()
            .flat_map(|r| r.term.words.iter())
            .map(String::as_str)
    };
    words().any(|w| OCCUPANT_WORDS.contains(&w)) && !words().any(|w| VEHICLE_WORDS.contains(&w))
}

/// Relevance taken from transport code `key` (no dot) when the query
/// means a car occupant: the categories of the pedal cycle, motorcycle
/// and three-wheeled vehicle (V10–V39), pick-up, heavy transport and bus
/// (V50–V79), animal, railway, streetcar and special vehicles (V80–V86)
/// and water, air and space transport (V90–V99). Not the car's (V40–V49),
/// the pedestrian's (V00–V09), nor other and unspecified vehicles (V87–V89).
pub(super) fn other_vehicle(key: &str) -> f32 {
    let b = key.as_bytes();
    if b.len() < 3 || b[0] != b'V' || !b[1].is_ascii_digit() || !b[2].is_ascii_digit() {
        return 0.0;
    }
    let n = (b[1] - b'0') * 10 + (b[2] - b'0');
    if (10..=39).contains(&n) || (50..=86).contains(&n) || n >= 90 {
        OTHER_VEHICLE
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::CodeSystem;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    #[test]
    fn an_occupant_without_a_vehicle_is_a_cars() {
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code(
                    "V78.5XXA",
                    "Driver of bus injured in noncollision transport accident in traffic accident, initial encounter",
                ),
                code(
                    "V48.5XXA",
                    "Car driver injured in noncollision transport accident in traffic accident, initial encounter",
                ),
            ],
        );
        assert_eq!(index.first_code("driver rollover"), "V48.5XXA");
        assert_eq!(index.first_code("bus driver rollover"), "V78.5XXA");
    }

    #[test]
    fn only_another_vehicle_gives_way() {
        for key in ["V785XXA", "V685XXA", "V385XXA", "V8605XA", "V9104XA"] {
            assert!(other_vehicle(key) > 0.0, "{key}");
        }
        for key in ["V485XXA", "V4940XA", "V0310XA", "V892XXA", "W19XXXA", "V8"] {
            assert_eq!(other_vehicle(key), 0.0, "{key}");
        }
    }
}
