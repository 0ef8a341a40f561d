//! What the shell keeps between commands: the database, who is signed in,
//! and when they last did something. An idle counter locks here, not only in
//! the UI: after `idle_limit` without a command the session is dropped and
//! the next command answers `unauthorized/locked`.

use konter::store::staff::Session;
use konter::store::{Ctx, Db};
use konter::Error;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

struct Signed {
    session: Option<Session>,
    last_seen: Instant,
    idle_limit: Duration,
}

pub struct AppState {
    pub db: Db,
    pub db_path: PathBuf,
    signed: Mutex<Signed>,
}

impl AppState {
    pub fn new(db: Db, db_path: PathBuf, idle_limit: Duration) -> Self {
        AppState {
            db,
            db_path,
            signed: Mutex::new(Signed {
                session: None,
                last_seen: Instant::now(),
                idle_limit,
            }),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Signed) -> T) -> T {
        let mut guard = self.signed.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    }

    /// The signed-in member, unless the counter sat idle too long (then it locks).
    pub fn session(&self) -> Result<Session, Error> {
        self.with(|s| {
            if s.session.is_some() && s.last_seen.elapsed() > s.idle_limit {
                s.session = None;
                return Err(Error::unauthorized(
                    "locked",
                    "the counter locked itself: unlock with your PIN",
                ));
            }
            s.last_seen = Instant::now();
            s.session
                .clone()
                .ok_or_else(|| Error::unauthorized("signed_out", "sign in first"))
        })
    }

    /// The session without touching the idle clock (for the start screen).
    pub fn peek(&self) -> Option<Session> {
        self.with(|s| {
            (s.last_seen.elapsed() <= s.idle_limit)
                .then(|| s.session.clone())
                .flatten()
        })
    }

    pub fn set_session(&self, session: Option<Session>) {
        self.with(|s| {
            s.session = session;
            s.last_seen = Instant::now();
        })
    }

    pub fn set_idle_limit(&self, limit: Duration) {
        self.with(|s| s.idle_limit = limit)
    }

    /// The acting staff member and the time, for one action.
    pub fn ctx(&self) -> Result<Ctx, Error> {
        Ok(self.session()?.ctx(chrono::Utc::now()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use konter::domain::staff::Role;

    #[tokio::test]
    async fn an_idle_counter_locks_and_activity_keeps_it_open() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("k.db")).await.unwrap();
        let state = AppState::new(db, dir.path().join("k.db"), Duration::from_millis(300));
        assert!(
            matches!(state.ctx(), Err(Error::Unauthorized { ref code, .. }) if code == "signed_out")
        );
        let who = Session::new(
            uuid::Uuid::now_v7(),
            "Sari".into(),
            "sari".into(),
            Role::FrontDesk,
        );
        state.set_session(Some(who));
        for _ in 0..4 {
            std::thread::sleep(Duration::from_millis(150));
            assert!(
                state.ctx().is_ok(),
                "activity within the limit keeps it open"
            );
        }
        std::thread::sleep(Duration::from_millis(400));
        assert!(state.peek().is_none());
        assert!(
            matches!(state.ctx(), Err(Error::Unauthorized { ref code, .. }) if code == "locked")
        );
        assert!(
            matches!(state.ctx(), Err(Error::Unauthorized { ref code, .. }) if code == "signed_out")
        );
    }
}
