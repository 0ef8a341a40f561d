//! The Tauri command layer through the mock runtime: arguments deserialise,
//! calls reach the core on a real SQLite file, and typed errors come back as
//! `{ kind, field, code, message }` for the UI.

use konter::store::Db;
use konter_desktop::{run_app, AppState};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

fn app() -> (
    tempfile::TempDir,
    tauri::App<tauri::test::MockRuntime>,
    WebviewWindow<tauri::test::MockRuntime>,
) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("konter.db");
    let db = tauri::async_runtime::block_on(Db::open(&path)).unwrap();
    let app = run_app(mock_builder())
        .build(mock_context(noop_assets()))
        .unwrap();
    app.manage(AppState::new(db, path, std::time::Duration::from_secs(300)));
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    (dir, app, window)
}

fn call(
    w: &WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        w,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

fn profile(phone: &str) -> Value {
    json!({
        "name": "Toko Scanner Jaya", "address": "Jl. Mangga Dua 8", "phone": phone, "npwp": null,
        "branch_code": "JKT1", "counter_code": "K1", "time_zone": "Asia/Jakarta", "currency": "IDR",
        "tax_rate": "0.11", "prices_include_tax": false, "receipt_terms": "", "receipt_paper": "a5",
        "ticket_prefix": "SV", "invoice_prefix": "INV", "promise_days": 3
    })
}

#[test]
fn commands_round_trip_and_return_typed_errors() {
    let (_dir, _app, w) = app();

    let status = call(&w, "app_status", json!({})).unwrap();
    assert_eq!(status["setup_done"], false);
    assert_eq!(status["defaults"]["tax_rate"], "0.11");

    // Nothing works before signing in.
    let err = call(
        &w,
        "board_tickets",
        json!({ "query": { "status": null, "text": null, "include_closed": false } }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "unauthorized");

    // A bad phone in the setup form comes back naming the field.
    let bad = json!({ "input": { "profile": profile("abc"), "owner_name": "Hendra", "owner_username": "owner", "owner_password": "rahasia-123" } });
    let err = call(&w, "setup_shop", bad).unwrap_err();
    assert_eq!(
        err,
        json!({ "kind": "validation", "field": "phone", "code": "invalid_phone", "message": "not a valid phone number" })
    );
    assert_eq!(
        call(&w, "app_status", json!({})).unwrap()["setup_done"],
        false,
        "nothing written"
    );

    let ok = json!({ "input": { "profile": profile("021-6123456"), "owner_name": "Hendra", "owner_username": "owner", "owner_password": "rahasia-123" } });
    let session = call(&w, "setup_shop", ok).unwrap();
    assert_eq!(session["role"], "owner");

    let customer = call(&w, "create_customer", json!({ "input": { "name": "Budi", "phone": "0812-3456-7890", "email": null, "address": null } })).unwrap();
    assert_eq!(customer["phone"], "+6281234567890");
    let err = call(
        &w,
        "create_customer",
        json!({ "input": { "name": "", "phone": "0812", "email": null, "address": null } }),
    )
    .unwrap_err();
    assert_eq!(err["field"], "name");

    // An unknown ticket id and a malformed one are both typed errors.
    assert_eq!(
        call(&w, "ticket", json!({ "id": "not-a-uuid" })).unwrap_err()["field"],
        "id"
    );
    assert_eq!(
        call(
            &w,
            "ticket",
            json!({ "id": konter::domain::new_id().to_string() })
        )
        .unwrap_err()["kind"],
        "notFound"
    );

    // Wrong argument shape is refused by deserialisation, not a panic.
    assert!(call(
        &w,
        "change_status",
        json!({ "id": "x", "to": "teleported" })
    )
    .is_err());

    // Working hours: seven weekdays; a bad time names its field.
    let hours = call(&w, "working_hours", json!({})).unwrap();
    assert_eq!(hours.as_array().unwrap().len(), 7);
    let mut bad = hours.clone();
    bad[2]["open"] = json!("25:00");
    let err = call(&w, "set_working_hours", json!({ "days": bad })).unwrap_err();
    assert_eq!(err["field"], "hours.2.open");

    // The audit chain covers everything done above and is intact.
    let audit = call(&w, "verify_audit", json!({})).unwrap();
    assert_eq!(audit["broken"], Value::Null);
    assert!(audit["entries"].as_i64().unwrap() >= 3);

    call(&w, "logout", json!({})).unwrap();
    let err = call(
        &w,
        "login",
        json!({ "username": "owner", "password": "salah-salah" }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "unauthorized");
    assert_eq!(
        call(
            &w,
            "login",
            json!({ "username": "owner", "password": "rahasia-123" })
        )
        .unwrap()["name"],
        "Hendra"
    );
}

/// Any JSON at all as a command's arguments: the answer is a value or an
/// error with a `kind` (deserialisation failures included), never a panic.
#[test]
fn arbitrary_arguments_get_typed_answers() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let (_dir, _app, w) = app();
    let ok = json!({ "input": { "profile": profile("021-6123456"), "owner_name": "Hendra", "owner_username": "owner", "owner_password": "rahasia-123" } });
    call(&w, "setup_shop", ok).unwrap();
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "\\PC{0,30}".prop_map(Value::from),
    ];
    let value = leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map("[a-z_]{1,12}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    let commands = [
        "create_customer",
        "intake",
        "set_quote",
        "decide_quote",
        "pickup_ticket",
        "change_status",
        "add_note",
        "void_payment",
        "add_holiday",
        "set_working_hours",
        "update_settings",
        "audit_entries",
        "board_tickets",
        "update_staff",
        "reset_password",
        "add_staff",
        "switch_with_pin",
        "request_visit",
        "book_visit",
        "cancel_visit",
        "visit_check_out",
        "visit_bill",
        "pay_visit",
        "void_visit_invoice",
        "reissue_visit_invoice",
        "create_courier_job",
        "hand_over_device",
        "courier_run",
        "custody_chain",
        "run_cash",
        "record_courier_cash",
        "reconcile_courier_run",
        "create_contract",
        "add_consultation",
    ];
    let args = (
        proptest::sample::select(commands.to_vec()),
        value.clone(),
        value,
    );
    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&args, |(cmd, a, b)| {
            // Both the raw value and the value under each plausible argument name.
            for body in [
                a.clone(),
                json!({ "input": a, "id": b, "query": a, "lines": b, "days": a, "note": b, "reason": a, "ticketId": b, "courierId": a, "day": b, "jobId": a, "amount": b, "buyerTaxId": a }),
            ] {
                if let Err(err) = call(&w, cmd, body) {
                    let typed = err.get("kind").is_some() || err.is_string();
                    prop_assert!(typed, "{cmd}: {err}");
                }
            }
            Ok(())
        })
        .unwrap();
    // And the database is still whole.
    assert_eq!(
        call(&w, "verify_audit", json!({})).unwrap()["broken"],
        Value::Null
    );
}
