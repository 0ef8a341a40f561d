//! Failed lookups per address: a wrong tracking code, wrong phone digits or
//! a payment form naming no order all count alike, and once an address has
//! used its tries every lookup from it waits (the right one too), so
//! guessing stops after a few tries whatever was guessed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Attempts an address may make per window.
pub(crate) const ATTEMPTS: u32 = 10;
pub(crate) const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub(crate) struct Limiter {
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl Limiter {
    /// Whether the address may look up now.
    pub(crate) fn allowed(&self, addr: IpAddr) -> bool {
        let now = Instant::now();
        let seen = self.seen.lock().expect("limiter lock");
        match seen.get(&addr) {
            Some((start, n)) => now.duration_since(*start) >= WINDOW || *n < ATTEMPTS,
            None => true,
        }
    }

    /// Counts a failed lookup.
    pub(crate) fn failed(&self, addr: IpAddr) {
        let now = Instant::now();
        let mut seen = self.seen.lock().expect("limiter lock");
        if seen.len() > 50_000 {
            seen.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = seen.entry(addr).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_attempts_and_no_more() {
        let l = Limiter::default();
        let a: IpAddr = "203.0.113.7".parse().unwrap();
        let b: IpAddr = "203.0.113.8".parse().unwrap();
        for _ in 0..ATTEMPTS {
            assert!(l.allowed(a));
            l.failed(a);
        }
        assert!(!l.allowed(a));
        assert!(l.allowed(b), "another address is not held back");
    }
}
