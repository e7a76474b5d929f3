//! Independent implementations read what hpkg writes: rdflib parses every
//! `hpkg dump` syntax, and pySHACL validates the corpus against the shapes.
//!
//! The Python side runs from the interpreter in $HPKG_PYTHON (tests/run.sh
//! makes a venv with the pinned packages of tests/interop/requirements.txt).

use crate::util::*;
use std::path::Path;
use std::process::{Command, Output};

/// The interpreter, checked to have rdflib and pySHACL.
fn python_with_rdflib() -> String {
    let py = python();
    let ok = Command::new(&py)
        .args(["-c", "import rdflib, pyshacl"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "{py} cannot import rdflib and pyshacl: run the suite with `bash tests/run.sh`, which \
         installs the pinned packages, or set HPKG_PYTHON to an interpreter that has them"
    );
    py
}

#[test]
fn rdflib_parses_every_dump_syntax_with_the_same_number_of_statements() {
    let py = python_with_rdflib();
    // It only reads: the shared corpus store, with the dumps beside it in a
    // directory of this test's own.
    let env = corpus();
    let work = tempfile::tempdir().unwrap();
    let quads = env.nquads().lines().count();
    let union = env.ok(&["dump", "--format", "ntriples"]).lines().count();
    for (format, expected) in [
        ("nquads", quads),
        ("trig", quads),
        ("turtle", union),
        ("ntriples", union),
        ("rdfxml", union),
        ("jsonld", quads),
    ] {
        let file = work.path().join(format!("dump.{format}"));
        env.ok(&["dump", "--format", format, "-o", file.to_str().unwrap()]);
        let o = Command::new(&py)
            .arg(root().join("tests/interop/rdflib_count.py"))
            .args([format, file.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "rdflib failed on {format}: {}",
            stderr(&o)
        );
        let n: usize = stdout(&o).trim().parse().unwrap();
        assert_eq!(
            n, expected,
            "rdflib counts {n} statements in the {format} dump, hpkg wrote {expected}"
        );
    }
}

/// pySHACL's verdict on `data` against `ontology/shapes.ttl`
/// (`tests/interop/shacl.py`).
fn shacl(py: &str, data: &Path) -> Output {
    Command::new(py)
        .arg(root().join("tests/interop/shacl.py"))
        .arg(data)
        .arg(root().join("ontology/shapes.ttl"))
        .output()
        .unwrap()
}

#[test]
fn the_corpus_conforms_to_the_shacl_shapes() {
    let py = python_with_rdflib();
    // It writes analytics results: a store of its own.
    let env = Env::new();
    env.ok(&["ingest", "data/"]);
    // Include analytics results, which the shapes cover too.
    env.ok(&["rank", "--measure", "pagerank", "--write"]);
    env.ok(&["communities", "--write"]);
    let file = env.dir.path().join("corpus.nq");
    env.ok(&["dump", "--format", "nquads", "-o", file.to_str().unwrap()]);
    let o = shacl(&py, &file);
    assert!(
        o.status.success(),
        "pySHACL reports violations:\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(stdout(&o).contains("Conforms: True"), "{}", stdout(&o));
}

#[test]
fn the_shapes_catch_a_broken_fact() {
    // The shapes must not be vacuous: a partnership with one partner and no
    // stage violates them.
    let py = python_with_rdflib();
    let env = Env::new();
    let file = env.dir.path().join("broken.nt");
    std::fs::write(
        &file,
        "<https://w3id.org/hpkg/id/article/x/fact/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/hpkg/ontology#Partnership> .\n",
    )
    .unwrap();
    let o = shacl(&py, &file);
    assert!(!o.status.success());
    assert!(stdout(&o).contains("Conforms: False"), "{}", stdout(&o));
}
