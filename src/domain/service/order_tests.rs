//! The service order's state machine as a full table: every status × every
//! trigger, the status it moves to or the code it is refused with.

use super::*;

/// Columns in `Trigger::ALL` order: revise, accept, start, update,
/// schedule, hand over accepted, hand over with revisions, cancel, support.
/// A cell is the status moved to, or `!code` for a refusal.
const TABLE: [(&str, [&str; 9]); 6] = [
    (
        "proposed",
        [
            "proposed",
            "confirmed",
            "!not_confirmed",
            "!not_started",
            "!not_started",
            "!not_started",
            "!not_started",
            "cancelled",
            "!not_accepted",
        ],
    ),
    (
        "confirmed",
        [
            "proposed",
            "!nothing_to_accept",
            "in_progress",
            "!not_started",
            "!not_started",
            "!not_started",
            "!not_started",
            "cancelled",
            "!not_accepted",
        ],
    ),
    (
        "in_progress",
        [
            "change_proposed",
            "!nothing_to_accept",
            "!already_started",
            "in_progress",
            "in_progress",
            "accepted",
            "in_progress",
            "!started",
            "!not_accepted",
        ],
    ),
    (
        "change_proposed",
        [
            "change_proposed",
            "in_progress",
            "!already_started",
            "change_proposed",
            "change_proposed",
            "!change_pending",
            "!change_pending",
            "!started",
            "!not_accepted",
        ],
    ),
    (
        "accepted",
        [
            "!already_accepted",
            "!already_accepted",
            "!already_accepted",
            "!already_accepted",
            "!already_accepted",
            "!already_accepted",
            "!already_accepted",
            "!already_accepted",
            "accepted",
        ],
    ),
    (
        "cancelled",
        [
            "!cancelled",
            "!cancelled",
            "!cancelled",
            "!cancelled",
            "!cancelled",
            "!cancelled",
            "!cancelled",
            "!cancelled",
            "!cancelled",
        ],
    ),
];

#[test]
fn every_status_and_trigger_is_in_the_table() {
    assert_eq!(TABLE.len(), ServiceStatus::ALL.len());
    for (status, (name, row)) in ServiceStatus::ALL.into_iter().zip(TABLE) {
        assert_eq!(status.as_str(), name);
        assert_eq!(ServiceStatus::parse(name).unwrap(), status);
        for (trigger, want) in Trigger::ALL.into_iter().zip(row) {
            let got = match next(status, trigger) {
                Ok(to) => to.as_str().to_string(),
                Err(e) => {
                    assert!(
                        matches!(e, crate::Error::InvalidState { .. }),
                        "{name} × {trigger:?}: {e:?}"
                    );
                    format!("!{}", e.code().unwrap_or_default())
                }
            };
            assert_eq!(got, want, "{name} × {trigger:?}");
        }
    }
}

#[test]
fn only_a_started_order_is_working() {
    let working: Vec<_> = ServiceStatus::ALL
        .into_iter()
        .filter(|s| s.working())
        .collect();
    assert_eq!(
        working,
        [ServiceStatus::InProgress, ServiceStatus::ChangeProposed]
    );
    assert!(ServiceStatus::parse("done").is_err());
}
