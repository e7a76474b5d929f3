//! Every bad-input case of tests/bad-input/ gets a clear, located error and
//! leaves the store exactly as it was.

use crate::util::*;

fn cases() -> Vec<(String, String)> {
    std::fs::read_to_string(root().join("tests/bad-input/EXPECTED.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (f, e) = l.split_once('\t').unwrap();
            (f.to_owned(), e.to_owned())
        })
        .collect()
}

#[test]
fn each_bad_input_is_rejected_with_its_location_and_changes_nothing() {
    if !slow_tier("bad_input::each_bad_input_is_rejected_with_its_location_and_changes_nothing") {
        return;
    }
    let env = Env::new();
    env.ok(&["ingest", "data/articles/krcs-isdb-gifr-visit.json"]);
    let before = env.nquads();
    let cases = cases();
    assert!(
        cases.len() >= 40,
        "the hostile-input corpus holds at least 40 cases"
    );
    for (file, expected) in cases {
        let path = format!("tests/bad-input/{file}");
        let start = std::time::Instant::now();
        let o = env.run(&["ingest", &path]);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "{file}: took {:?}",
            start.elapsed()
        );
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{file}: exit code\n{err}");
        assert!(
            err.contains(&expected),
            "{file}: expected {expected:?} in:\n{err}"
        );
        assert!(
            err.contains(&path),
            "{file}: the error names the file:\n{err}"
        );
        assert!(
            stdout(&o).contains("1 rejected"),
            "{file}: report\n{}",
            stdout(&o)
        );
        assert_eq!(env.nquads(), before, "{file} changed the store");
    }
}

#[test]
fn errors_inside_a_document_name_line_column_and_json_path() {
    let env = Env::new();
    let o = env.run(&["validate", "tests/bad-input/undeclared-key.json"]);
    let err = stderr(&o);
    assert!(!o.status.success());
    // file:line:column: at $.path: message
    let re_ok = err.lines().any(|l| {
        l.contains("tests/bad-input/undeclared-key.json:")
            && l.contains(": at $.facts[4].partners[1]: key \"isbd\" is not declared")
    });
    assert!(re_ok, "{err}");
    let o = env.run(&["validate", "tests/bad-input/invalid-date.json"]);
    assert!(stderr(&o).contains("at $.facts[2].date"), "{}", stderr(&o));
}

#[test]
fn validate_writes_nothing() {
    let env = Env::new();
    let o = env.run(&["validate", "data/", "tests/bad-input/"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!env.store().exists(), "validate created a store");
    let out = stdout(&o);
    assert!(
        out.contains(&format!("{} valid", article_files().len())),
        "{out}"
    );
}

#[test]
fn a_directory_with_one_bad_file_ingests_the_good_ones_and_exits_non_zero() {
    let env = Env::new();
    let dir = env.dir.path().join("mixed");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(
        root().join("data/articles/krcs-isdb-gifr-visit.json"),
        dir.join("a.json"),
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/bad-input/invalid-date.json"),
        dir.join("b.json"),
    )
    .unwrap();
    let o = env.run(&["ingest", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("articles: 1 new, 0 unchanged, 0 replaced, 1 rejected"),
        "{}",
        stdout(&o)
    );
    assert!(env.nquads().contains("id/article/krcs-isdb-gifr-visit"));
}

#[test]
fn strict_stops_at_the_first_bad_document() {
    let env = Env::new();
    let dir = env.dir.path().join("mixed");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(
        root().join("tests/bad-input/invalid-date.json"),
        dir.join("a.json"),
    )
    .unwrap();
    std::fs::copy(
        root().join("data/articles/krcs-isdb-gifr-visit.json"),
        dir.join("b.json"),
    )
    .unwrap();
    let o = env.run(&["ingest", "--strict", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("articles: 0 new"), "{}", stdout(&o));
}

#[test]
fn a_jsonl_file_with_one_bad_line_reports_that_line_and_ingests_the_rest() {
    let env = Env::new();
    let good: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("data/articles/krcs-isdb-gifr-visit.json")).unwrap(),
    )
    .unwrap();
    let mut bad = good.clone();
    bad["article"]["id"] = "other".into();
    bad["facts"][0]["confidence"] = 7.into();
    let feed = env.dir.path().join("feed.jsonl");
    std::fs::write(&feed, format!("{good}\n{bad}\n")).unwrap();
    let o = env.run(&["ingest", feed.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("feed.jsonl:2:"), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 new"), "{}", stdout(&o));
}

#[test]
fn one_id_with_two_contents_in_one_run_is_rejected() {
    let env = Env::new();
    let good: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("data/articles/krcs-isdb-gifr-visit.json")).unwrap(),
    )
    .unwrap();
    let mut other = good.clone();
    other["article"]["title"] = "another title".into();
    let feed = env.dir.path().join("feed.jsonl");
    std::fs::write(&feed, format!("{good}\n{other}\n")).unwrap();
    let o = env.run(&["ingest", feed.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("also given, with other content"),
        "{}",
        stderr(&o)
    );
}

/// Runs hpkg as `Env::run` does and returns its output with its own peak
/// resident set in MB: `wait4` reports the rusage of this child alone, not
/// of every child of the test process (other tests run theirs meanwhile).
fn run_measured(env: &Env, args: &[&str]) -> (std::process::Output, i64) {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    // Reaped by the wait4 below, which clippy cannot see.
    #[allow(clippy::zombie_processes)]
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hpkg"))
        .current_dir(root())
        .env("HPKG_STORE", env.store())
        .env_remove("HPKG_GAZETTEER")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            pipe.read_to_end(&mut v).unwrap();
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: waits for this child (not yet reaped: `child` is never
    // waited for) and fills the struct it is given.
    let usage = unsafe {
        let pid = child.id() as libc::pid_t;
        assert_eq!(libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()), pid);
        usage.assume_init()
    };
    let output = std::process::Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    (output, usage.ru_maxrss / 1024) // kilobytes on Linux
}

#[test]
fn oversized_and_unreadable_inputs_are_refused_in_bounded_memory_and_leave_the_store_alone() {
    if !slow_tier("bad_input::oversized_and_unreadable_inputs_are_refused_in_bounded_memory_and_leave_the_store_alone") {
        return;
    }
    let env = Env::new();
    env.ok(&["ingest", "data/articles/krcs-isdb-gifr-visit.json"]);
    let before = env.nquads();
    let dir = env.dir.path().join("hostile");
    std::fs::create_dir(&dir).unwrap();
    let seed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("data/articles/krcs-isdb-gifr-visit.json")).unwrap(),
    )
    .unwrap();
    let line = |id: &str, title: &str| {
        let mut d = seed.clone();
        d["article"]["id"] = id.into();
        d["article"]["title"] = title.into();
        d.to_string()
    };
    let huge = "x".repeat(100 << 20);
    // A 100 MB string in a document, alone and as one line of a feed.
    std::fs::write(dir.join("huge-string.json"), line("bad-huge", &huge)).unwrap();
    std::fs::write(
        dir.join("feed.jsonl"),
        format!(
            "{}\n{}\n{}\n",
            line("good-1", "one"),
            line("bad-huge", &huge),
            line("good-2", "two")
        ),
    )
    .unwrap();
    drop(huge);
    // A directory link that points back up.
    let looped = dir.join("looped");
    std::fs::create_dir(&looped).unwrap();
    std::os::unix::fs::symlink(&looped, looped.join("back")).unwrap();
    // Files that cannot be read: a socket, and a FIFO (opening it would wait
    // forever for a writer). Permissions would not stop root.
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("socket.json")).unwrap();
    let fifo = dir.join("fifo.jsonl");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string and mode.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);

    let start = std::time::Instant::now();
    let (o, peak) = run_measured(&env, &["ingest", dir.to_str().unwrap()]);
    let took = start.elapsed();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("huge-string.json: the file is larger than 16 MB"),
        "{err}"
    );
    assert!(
        err.contains("feed.jsonl:2: this line is larger than 16 MB"),
        "{err}"
    );
    assert!(err.contains("directory link loop"), "{err}");
    assert!(
        err.contains("socket.json: cannot read: not a regular file"),
        "{err}"
    );
    assert!(
        err.contains("fifo.jsonl: cannot read: not a regular file"),
        "{err}"
    );
    // Named directly, too.
    let v = env.run(&["validate", fifo.to_str().unwrap()]);
    assert!(stderr(&v).contains("not a regular file"), "{}", stderr(&v));
    // The feed's good lines are in; nothing else changed.
    assert!(stdout(&o).contains("articles: 2 new"), "{}", stdout(&o));
    env.ok(&["retract", "good-1", "good-2"]);
    assert_eq!(env.nquads(), before);
    assert!(took < std::time::Duration::from_secs(60), "took {took:?}");
    // Neither 100 MB input was held: the reader stops at 16 MB. The bound
    // is over the peak of an ingest of one small article into a store of
    // the same size (the process's own footprint: RocksDB, threads).
    let small = Env::new();
    small.ok(&["ingest", "data/articles/krcs-isdb-gifr-visit.json"]);
    let (o, base) = run_measured(&small, &["ingest", "data/articles/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        peak < base + 100,
        "the ingest reached {peak} MB, an ingest of the corpus {base} MB"
    );
    eprintln!("the hostile-input ingest peaked at {peak} MB, an ingest of the corpus at {base} MB");
}
