//! The demo's coding team (invented people), besides the person running
//! `chartq demo`, who becomes its admin so they can work any queue.

use serde::Serialize;

/// A demo user. `role` is one of the store's role names.
#[derive(Debug, Clone, Serialize)]
pub struct StaffMember {
    pub login: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub queues: &'static [&'static str],
}

const ALL_QUEUES: &[&str] = &[
    "inpatient",
    "observation",
    "outpatient-surgery",
    "ed",
    "clinic",
    "profee",
];

/// Coders each work a couple of queues; the supervisor and the auditor see
/// them all.
pub const STAFF: &[StaffMember] = &[
    StaffMember {
        login: "rquillan",
        name: "Rowan Quillan",
        role: "coder",
        queues: &["inpatient", "observation"],
    },
    StaffMember {
        login: "mvesper",
        name: "Mira Vesper",
        role: "coder",
        queues: &["ed", "observation", "outpatient-surgery"],
    },
    StaffMember {
        login: "dtarnwick",
        name: "Dara Tarnwick",
        role: "coder",
        queues: &["clinic", "profee"],
    },
    StaffMember {
        login: "jfenwold",
        name: "Jory Fenwold",
        role: "coder",
        queues: &["inpatient", "outpatient-surgery"],
    },
    StaffMember {
        login: "acastellane",
        name: "Ada Castellane",
        role: "supervisor",
        queues: ALL_QUEUES,
    },
    StaffMember {
        login: "bmarchbank",
        name: "Bryn Marchbank",
        role: "auditor",
        queues: ALL_QUEUES,
    },
];

/// The demo's auditor, who reviews some coded charts during the shift.
pub fn auditor() -> &'static StaffMember {
    STAFF
        .iter()
        .find(|s| s.role == "auditor")
        .expect("the demo staff has an auditor")
}

/// Every queue the demo fills (the admin joins them all).
pub fn all_queues() -> &'static [&'static str] {
    ALL_QUEUES
}

#[cfg(test)]
mod tests {
    use super::super::scenarios::Setting;
    use super::*;

    #[test]
    fn every_setting_queue_has_a_coder_and_the_list_is_complete() {
        for setting in Setting::ALL {
            let queue = setting.queue();
            assert!(ALL_QUEUES.contains(&queue), "{queue}");
            assert!(
                STAFF
                    .iter()
                    .any(|s| s.role == "coder" && s.queues.contains(&queue)),
                "no coder works {queue}"
            );
        }
        assert_eq!(ALL_QUEUES.len(), Setting::ALL.len());
    }
}
