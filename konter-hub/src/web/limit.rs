//! Failed lookups, counted per address and per thing looked up: a wrong
//! tracking code, wrong phone digits or a payment form naming no order all
//! count alike, and once an address (or a tracking code, or an order
//! number) has used its tries every lookup of it waits (the right one too),
//! so guessing stops after a few tries whatever was guessed. A try is
//! counted before the lookup and given back when it succeeds, so requests
//! sent all at once cannot all slip past the count.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed tries an address or a code may make per window.
pub(crate) const ATTEMPTS: u32 = 10;
pub(crate) const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub(crate) struct Limiter {
    seen: Mutex<HashMap<String, (Instant, u32)>>,
}

/// What an address is counted by: an IPv4 address, or an IPv6 address's
/// /64 (what one customer's line is given).
pub(crate) fn address_key(addr: IpAddr) -> String {
    match addr {
        IpAddr::V4(a) => format!("ip:{a}"),
        // An IPv4 client on a dual-stack socket is its IPv4 address.
        IpAddr::V6(a) if a.to_ipv4_mapped().is_some() => {
            format!("ip:{}", a.to_ipv4_mapped().expect("checked"))
        }
        IpAddr::V6(a) => {
            let s = a.segments();
            format!("ip6:{:x}:{:x}:{:x}:{:x}", s[0], s[1], s[2], s[3])
        }
    }
}

impl Limiter {
    /// Takes a try for every key, or none (and false) if one of them has
    /// used its tries.
    pub(crate) fn reserve(&self, keys: &[String]) -> bool {
        let now = Instant::now();
        let mut seen = self.seen.lock().expect("limiter lock");
        if seen.len() > 100_000 {
            seen.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let spent = keys.iter().any(|k| {
            seen.get(k)
                .is_some_and(|(start, n)| now.duration_since(*start) < WINDOW && *n >= ATTEMPTS)
        });
        if spent {
            return false;
        }
        for k in keys {
            let entry = seen.entry(k.clone()).or_insert((now, 0));
            if now.duration_since(entry.0) >= WINDOW {
                *entry = (now, 0);
            }
            entry.1 += 1;
        }
        true
    }

    /// Gives back the tries a successful lookup took (or the code's try
    /// when there is no such code: a random guess holds no entry).
    pub(crate) fn refund(&self, keys: &[String]) {
        let mut seen = self.seen.lock().expect("limiter lock");
        for k in keys {
            if let Some(entry) = seen.get_mut(k) {
                entry.1 = entry.1.saturating_sub(1);
                if entry.1 == 0 {
                    seen.remove(k);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_or_a_code_gets_its_tries_and_no_more() {
        let l = Limiter::default();
        let a = address_key("203.0.113.7".parse().unwrap());
        let b = address_key("203.0.113.8".parse().unwrap());
        let code = "t:shop:K7QM-4TXA".to_string();
        for _ in 0..ATTEMPTS {
            assert!(l.reserve(&[a.clone(), code.clone()]));
        }
        assert!(!l.reserve(std::slice::from_ref(&a)));
        assert!(
            !l.reserve(&[b.clone(), code.clone()]),
            "the code is held from any address"
        );
        assert!(
            l.reserve(std::slice::from_ref(&b)),
            "another address for another code is not"
        );
        // A successful lookup gives its try back.
        l.refund(std::slice::from_ref(&b));
        for _ in 0..ATTEMPTS {
            assert!(l.reserve(std::slice::from_ref(&b)));
        }
        assert!(!l.reserve(&[b]));
    }

    #[test]
    fn an_ipv4_client_on_a_dual_stack_socket_is_its_own_address() {
        let a = address_key("::ffff:203.0.113.7".parse().unwrap());
        let b = address_key("::ffff:203.0.113.8".parse().unwrap());
        assert_eq!(a, address_key("203.0.113.7".parse().unwrap()));
        assert_ne!(a, b);
    }

    #[test]
    fn an_ipv6_line_is_one_address() {
        let x = address_key("2001:db8:1:2:aaaa::1".parse().unwrap());
        let y = address_key("2001:db8:1:2:bbbb::9".parse().unwrap());
        let z = address_key("2001:db8:1:3::1".parse().unwrap());
        assert_eq!(x, y);
        assert_ne!(x, z);
    }
}
