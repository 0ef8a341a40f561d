//! Start-up and memory of the desktop app as a user gets it: the optimised
//! binary with the UI embedded, launched as a process, timed from the spawn
//! until the first screen is drawn (the UI's `ui_ready`, written to
//! `KONTER_READY_FILE`), then left idle and measured: resident memory of the
//! app and every process it started (WebKit's web and network processes),
//! summed, with the proportional share (PSS) that does not count shared
//! libraries twice, and the largest mappings of the largest process.
//!
//! The first start of a demo shop (made and filled before the window
//! opens), then `KONTER_BENCH_RUNS` (default 5) cold starts on that shop
//! (the page cache dropped first, when this user may: root on Linux) and
//! as many warm ones, each with WebKit's GL compositing on (its default,
//! as Konter ships) and off (`WEBKIT_DISABLE_COMPOSITING_MODE=1`). Run it with
//! `scripts/bench-startup.sh`, which builds the UI and gives it a display.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Proc {
    pid: u32,
    name: String,
    rss_kb: u64,
    pss_kb: u64,
}

struct Run {
    usable: Duration,
    /// What the app itself measured from `main` to the first screen.
    inside_ms: u64,
    /// The app's own start-up lines (phases), from its stderr.
    phases: Vec<String>,
    procs: Vec<Proc>,
    /// Per process (largest first): its largest mappings.
    top_maps: Vec<(String, Vec<(String, u64)>)>,
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!("startup bench: no display; run scripts/bench-startup.sh (it starts Xvfb)");
        std::process::exit(2);
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_konter-desktop"));
    let runs = env_u64("KONTER_BENCH_RUNS", 5).max(1);
    let idle = Duration::from_secs(env_u64("KONTER_BENCH_IDLE_SECS", 8));
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("konter.db");
    println!(
        "binary {} ({} MB), {runs} runs per kind, idle {} s before measuring memory\n",
        bin.display(),
        std::fs::metadata(&bin).map_or(0, |m| m.len() / 1_000_000),
        idle.as_secs()
    );

    let first = start(&bin, &db, dir.path(), true, idle, "first", None);
    report(
        "first start of a new demo shop",
        std::slice::from_ref(&first),
    );
    let can_drop = drop_caches();
    // WebKit's default, what Konter ships: the page composited with GL (on
    // Xvfb, or a PC without a GPU driver, Mesa's llvmpipe). Against it,
    // compositing off (WEBKIT_DISABLE_COMPOSITING_MODE=1, the user's
    // choice): less memory, a slower first screen (docs/BENCHMARKS.md).
    for (n, (label, compositing)) in [
        ("GL compositing on: WebKit's default, as Konter ships", None),
        (
            "GL compositing off: WEBKIT_DISABLE_COMPOSITING_MODE=1",
            Some("1"),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        println!("=== {label}\n");
        // Starts on the demo shop, the page cache dropped first when `cold`.
        let starts = |kind: &str, cold: bool| -> Vec<Run> {
            (0..runs)
                .map(|i| {
                    if cold {
                        drop_caches();
                    }
                    let tag = format!("{kind}{n}-{i}");
                    start(&bin, &db, dir.path(), false, idle, &tag, compositing)
                })
                .collect()
        };
        let cold = starts("cold", true);
        report(
            if can_drop {
                "cold start on the demo shop (page cache dropped)"
            } else {
                "start on the demo shop (page cache could not be dropped: not root)"
            },
            &cold,
        );
        let warm = starts("warm", false);
        report("warm start on the demo shop", &warm);
        if let Some(r) = warm.last() {
            println!("largest mappings per process (RSS, last warm start):");
            for (name, maps) in &r.top_maps {
                println!("  {name}:");
                for (path, kb) in maps.iter().take(6) {
                    println!("    {kb:>8} kB  {path}");
                }
            }
            println!("app's own phases (last warm start):");
            for p in &r.phases {
                println!("  {p}");
            }
            println!();
        }
    }
    println!("first start phases:");
    for p in &first.phases {
        println!("  {p}");
    }
}

fn drop_caches() -> bool {
    let _ = Command::new("sync").status();
    std::fs::write("/proc/sys/vm/drop_caches", "3\n").is_ok()
}

fn start(
    bin: &Path,
    db: &Path,
    dir: &Path,
    demo: bool,
    idle: Duration,
    tag: &str,
    compositing: Option<&str>,
) -> Run {
    let ready = dir.join(format!("ready-{tag}"));
    let _ = std::fs::remove_file(&ready);
    let log = dir.join(format!("stderr-{tag}"));
    let t0 = Instant::now();
    let mut cmd = Command::new(bin);
    cmd.arg("--db")
        .arg(db)
        .env("KONTER_READY_FILE", &ready)
        .env("NO_AT_BRIDGE", "1")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log file"));
    if demo {
        cmd.arg("--demo");
    }
    if let Some(v) = compositing {
        cmd.env("WEBKIT_DISABLE_COMPOSITING_MODE", v);
    }
    let mut child = cmd.spawn().expect("start konter-desktop");
    let inside_ms = loop {
        if let Some(ms) = std::fs::read_to_string(&ready)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            break ms;
        }
        if t0.elapsed() > Duration::from_secs(120) || child.try_wait().ok().flatten().is_some() {
            let _ = child.kill();
            panic!(
                "konter-desktop did not draw its first screen: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let usable = t0.elapsed();
    std::thread::sleep(idle);
    let pids = tree(child.id());
    let mut procs: Vec<Proc> = pids.iter().filter_map(|&p| measure(p)).collect();
    procs.sort_by_key(|p| std::cmp::Reverse(p.rss_kb));
    let top_maps = procs
        .iter()
        .map(|p| (p.name.clone(), mappings(p.pid)))
        .collect();
    stop(&mut child, &pids);
    let phases = std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("konter: "))
        .map(str::to_string)
        .collect();
    Run {
        usable,
        inside_ms,
        phases,
        procs,
        top_maps,
    }
}

/// The process and every descendant, by walking /proc's parent links.
fn tree(root: u32) -> Vec<u32> {
    let mut parent = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // The name is in parentheses and may hold spaces: fields follow the last ')'.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(ppid) = ppid {
            parent.push((pid, ppid));
        }
    }
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let p = out[i];
        out.extend(parent.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    out
}

fn kb(text: &str, key: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn measure(pid: u32) -> Option<Proc> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    Some(Proc {
        pid,
        name: std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .unwrap_or_default()
            .trim()
            .to_string(),
        rss_kb: kb(&status, "VmRSS:"),
        pss_kb: kb(&rollup, "Pss:"),
    })
}

/// Resident kB per mapped file (or [heap], anonymous), largest first.
fn mappings(pid: u32) -> Vec<(String, u64)> {
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default();
    let mut by: std::collections::HashMap<String, u64> = Default::default();
    let mut current = String::new();
    for line in smaps.lines() {
        let mut parts = line.split_whitespace();
        let first = parts.next().unwrap_or_default();
        if first.contains('-') && !first.ends_with(':') {
            let path = parts.nth(4).unwrap_or("[anonymous]");
            current = Path::new(path)
                .file_name()
                .map_or(path.to_string(), |f| f.to_string_lossy().into_owned());
        } else if first == "Rss:" {
            *by.entry(current.clone()).or_default() +=
                parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        }
    }
    let mut v: Vec<_> = by.into_iter().collect();
    v.sort_by_key(|(_, k)| std::cmp::Reverse(*k));
    v.truncate(8);
    v
}

fn stop(child: &mut Child, pids: &[u32]) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline && child.try_wait().ok().flatten().is_none() {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    // WebKit's processes end with their parent; wait so the next start is alone.
    while Instant::now() < deadline + Duration::from_secs(5)
        && pids
            .iter()
            .skip(1)
            .any(|p| Path::new(&format!("/proc/{p}")).exists())
    {
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v[v.len() / 2]
}

fn report(what: &str, runs: &[Run]) {
    let ms: Vec<u64> = runs.iter().map(|r| r.usable.as_millis() as u64).collect();
    let inside: Vec<u64> = runs.iter().map(|r| r.inside_ms).collect();
    let rss: Vec<u64> = runs
        .iter()
        .map(|r| r.procs.iter().map(|p| p.rss_kb).sum())
        .collect();
    let pss: Vec<u64> = runs
        .iter()
        .map(|r| r.procs.iter().map(|p| p.pss_kb).sum())
        .collect();
    println!("{what}:");
    println!(
        "  usable window: median {} ms, max {} ms (the app's own clock from main: median {} ms)",
        median(ms.clone()),
        ms.iter().max().unwrap_or(&0),
        median(inside)
    );
    println!(
        "  idle memory, all processes: RSS median {:.0} MB, max {:.0} MB; PSS median {:.0} MB",
        median(rss.clone()) as f64 / 1024.0,
        *rss.iter().max().unwrap_or(&0) as f64 / 1024.0,
        median(pss) as f64 / 1024.0
    );
    if let Some(r) = runs.last() {
        for p in &r.procs {
            println!(
                "    {:<20} RSS {:>6.1} MB  PSS {:>6.1} MB",
                p.name,
                p.rss_kb as f64 / 1024.0,
                p.pss_kb as f64 / 1024.0
            );
        }
    }
    println!();
}
