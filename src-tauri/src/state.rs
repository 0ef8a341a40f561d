//! What the shell keeps between commands: the database and who is signed in.

use konter::store::staff::Session;
use konter::store::{Ctx, Db};
use konter::Error;
use std::path::PathBuf;
use std::sync::Mutex;

pub struct AppState {
    pub db: Db,
    pub db_path: PathBuf,
    session: Mutex<Option<Session>>,
}

impl AppState {
    pub fn new(db: Db, db_path: PathBuf) -> Self {
        AppState {
            db,
            db_path,
            session: Mutex::new(None),
        }
    }

    pub fn session(&self) -> Option<Session> {
        self.session.lock().map(|s| s.clone()).unwrap_or(None)
    }

    pub fn set_session(&self, s: Option<Session>) {
        if let Ok(mut guard) = self.session.lock() {
            *guard = s;
        }
    }

    /// The acting staff member and the time, for one action.
    pub fn ctx(&self) -> Result<Ctx, Error> {
        let s = self.session().ok_or_else(|| Error::Unauthorized {
            message: "sign in first".into(),
        })?;
        Ok(Ctx {
            staff_id: s.staff_id,
            role: s.role,
            now: chrono::Utc::now(),
        })
    }
}
