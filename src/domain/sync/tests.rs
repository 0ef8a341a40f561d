use super::*;
use serde_json::json;

fn change(seq: i64, table: &str) -> Change {
    Change {
        device_seq: seq,
        table: table.into(),
        key: "k".into(),
        data: Some(json!({ "id": "k", "name": "x" })),
        base_seq: 0,
        staff_id: None,
    }
}

fn batch(changes: Vec<Change>) -> PushBatch {
    PushBatch {
        schema: 17,
        audit: vec![],
        changes,
    }
}

#[test]
fn a_good_batch_passes() {
    assert_eq!(
        check_batch(&batch(vec![change(1, "tickets"), change(5, "customers")])),
        Ok(())
    );
}

#[test]
fn refusals_name_what_is_wrong() {
    assert_eq!(check_batch(&batch(vec![])), Err(BatchError::Empty));
    let many = (1..=MAX_BATCH as i64 + 1)
        .map(|i| change(i, "tickets"))
        .collect();
    assert_eq!(check_batch(&batch(many)), Err(BatchError::TooLarge));
    assert_eq!(
        check_batch(&batch(vec![change(2, "tickets"), change(2, "tickets")])),
        Err(BatchError::OutOfOrder)
    );
    assert_eq!(
        check_batch(&batch(vec![change(0, "tickets")])),
        Err(BatchError::OutOfOrder)
    );
    for t in [
        "outbox",
        "audit_log",
        "sync_queue",
        "ticket_search",
        "Tickets",
        "x;drop",
        "_sqlx_migrations",
    ] {
        assert_eq!(
            check_batch(&batch(vec![change(1, t)])),
            Err(BatchError::UnknownTable(t.into())),
            "{t}"
        );
    }
    let mut bad = change(1, "tickets");
    bad.data = Some(json!({ "id\"; --": 1 }));
    assert_eq!(
        check_batch(&batch(vec![bad])),
        Err(BatchError::UnknownColumn("id\"; --".into()))
    );
    let mut bad = change(1, "tickets");
    bad.data = Some(json!([1, 2]));
    assert_eq!(check_batch(&batch(vec![bad])), Err(BatchError::BadRow));
    let mut bad = change(1, "tickets");
    bad.key = String::new();
    assert_eq!(check_batch(&batch(vec![bad])), Err(BatchError::BadKey));
}

#[test]
fn branch_counter_and_unlock_secret_stay_on_the_device() {
    assert!(local_column("tickets", "unlock_secret"));
    assert!(local_column("staff", "pin_hash"));
    assert!(!local_column("staff", "password_hash"));
    assert!(local_column("shop", "counter_code"));
    assert!(local_column("shop", "branch_code"));
    assert!(!local_column("shop", "name"));
    assert!(!local_column("tickets", "counter_code"));
}
