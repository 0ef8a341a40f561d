//! What the benchmarks share: a current-thread runtime and percentiles of
//! measured latencies, printed the way docs/BENCHMARKS.md quotes them.

use std::time::Duration;

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Prints p50, the given percentile and the maximum of `times`.
pub fn percentiles(label: &str, times: &mut [Duration], p: f64) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    eprintln!(
        "{label}: p50 {:?}, p{} {:?}, max {:?}",
        at(0.5),
        (p * 100.0).round(),
        at(p),
        times[times.len() - 1]
    );
}
