//! The store: the only module that touches oxigraph.
//!
//! It opens the embedded RocksDB store, applies graph changes in one
//! transaction, runs SPARQL and writes RDF. Other modules hand it plain
//! `oxrdf` terms and get plain rows back.

mod error;
mod open;
mod sparql;
mod syntax;

pub use sparql::{
    parse_query, write_results, write_triples, QueryOutput, ResultsFormat, SparqlRequest,
};

use crate::model::vocab;
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNodeRef, QuadRef};
use oxigraph::store::Store as OxStore;
use oxrdf::{GraphName, NamedNode, Quad, Term};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use error::file_error;
pub use error::StoreError;
use open::{open_error, open_read_only_beside_a_writer};

/// A change to one named graph: the desired content of the whole graph, or
/// of one subject's quads in it.
#[derive(Debug, Clone)]
pub struct GraphChange {
    pub graph: String,
    /// Limits the change to quads with this subject.
    pub subject: Option<String>,
    /// `None` removes the graph (or the subject's quads).
    pub quads: Option<HashSet<Quad>>,
    /// Only adds `quads`, keeping whatever else is there: for a description
    /// that only grows, which is cheaper than restating it whole.
    pub only_add: bool,
}

impl GraphChange {
    /// Sets a whole graph to `quads`.
    pub fn whole(graph: &str, quads: HashSet<Quad>) -> Self {
        Self {
            graph: graph.to_owned(),
            subject: None,
            quads: Some(quads),
            only_add: false,
        }
    }

    /// Adds `quads` to a graph, keeping what it holds.
    pub fn adding(graph: &str, quads: HashSet<Quad>) -> Self {
        Self {
            graph: graph.to_owned(),
            subject: None,
            quads: Some(quads),
            only_add: true,
        }
    }
}

/// What one [`Store::apply`] changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyStats {
    pub inserted: usize,
    pub removed: usize,
}

/// RDF syntaxes hpkg writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdfSyntax {
    Turtle,
    TriG,
    NQuads,
    NTriples,
    RdfXml,
    JsonLd,
}

impl RdfSyntax {
    fn format(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::TriG => RdfFormat::TriG,
            Self::NQuads => RdfFormat::NQuads,
            Self::NTriples => RdfFormat::NTriples,
            Self::RdfXml => RdfFormat::RdfXml,
            Self::JsonLd => RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        }
    }
    /// Whether the syntax carries named graphs.
    pub fn supports_datasets(self) -> bool {
        self.format().supports_datasets()
    }
}

/// An open hpkg store.
pub struct Store {
    inner: OxStore,
    path: PathBuf,
    /// For a read-only handle, the write generation its data was written
    /// under: read before and after the open, kept only if both agree and
    /// no write was under way (see [`Store::generation`]).
    opened_at: Option<u64>,
    writable: bool,
    /// On disk (false for in-memory stores, which have no caches).
    on_disk: bool,
    /// When written data was last flushed from memory to the store's files.
    flushed: std::sync::Mutex<std::time::Instant>,
}

/// How stale the store's files may fall behind its committed writes. A
/// backup taken while another process writes (`hpkg backup`) holds what
/// the files hold, so it misses at most this much of what was committed.
const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

impl Drop for Store {
    fn drop(&mut self) {
        // What a command wrote goes to the files when it ends, so that a
        // later backup or read-only open finds it there.
        if self.writable && self.on_disk {
            let _ = self.inner.flush();
        }
    }
}

/// File in the store's directory counting writes, so that caches of
/// derived data know when they are stale: even while no write is under
/// way, odd while one is. RocksDB leaves files it does not name alone, and
/// deleting the store deletes it too.
const GENERATION_FILE: &str = "hpkg-generation";

/// Directory in the store's directory for caches of derived data.
const CACHE_DIR: &str = "hpkg-cache";

fn read_generation(dir: &Path) -> u64 {
    std::fs::read_to_string(dir.join(GENERATION_FILE))
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0)
}

/// Replaces the file at `path` with what `contents` writes: written aside,
/// then renamed, so that a reader sees the old file or the new one, never
/// half of one. Temporary names are unique per call, as threads of one
/// process may write the same file at once. `sync` flushes the data to
/// disk before the rename.
pub(crate) fn replace_file(
    path: &Path,
    sync: bool,
    contents: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path.file_name().expect("a file path").to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.{}.{n}", std::process::id()));
    let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
    contents(&mut w)?;
    let file = w.into_inner().map_err(|e| e.into_error())?;
    if sync {
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

/// Records the generation (a reader never sees half a number).
///
/// While a cache exists, the odd value that opens a write is made durable
/// (file and directory synced) before the write begins: were it lost in a
/// power cut, the file could fall back to the even value the cache was
/// built at, and the cache would pass for current over changed data. With
/// no cache there is nothing to mislead, and the sync (tens of
/// milliseconds on a virtual disk, per article of a feed) is skipped. The
/// even value that closes a write needs no sync: if it is lost, the odd
/// one stays, and the next writable open moves past it.
fn write_generation(dir: &Path, g: u64) -> std::io::Result<()> {
    let sync =
        g % 2 == 1 && std::fs::read_dir(dir.join(CACHE_DIR)).is_ok_and(|mut d| d.next().is_some());
    replace_file(&dir.join(GENERATION_FILE), sync, |w| writeln!(w, "{g}"))?;
    if sync {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// Names of the temporary files a write leaves in the store's directory if
/// it is killed: the bulk loader's sorted files (Oxigraph names them
/// `bulk-<random>.sst`; RocksDB's own files are numbered) and hpkg's copies
/// of stdin.
const SPOOL_PREFIX: &str = "hpkg-spool-";

fn is_leftover(name: &str) -> bool {
    (name.starts_with("bulk-") && name.ends_with(".sst")) || name.starts_with(SPOOL_PREFIX)
}

/// Removes what killed writes left behind. Only a writable open calls it:
/// it holds the store's lock, so no write of another process is under way.
fn remove_leftovers(dir: &Path) -> Result<usize, StoreError> {
    let mut removed = 0;
    let list = file_error("list the files of the store", dir);
    for entry in std::fs::read_dir(dir).map_err(list)? {
        let entry = entry.map_err(file_error("list the files of the store", dir))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(file_error("read the file type of", &path))?;
        if entry.file_name().to_str().is_some_and(is_leftover) && kind.is_file() {
            std::fs::remove_file(&path).map_err(file_error("remove the leftover file", &path))?;
            removed += 1;
        }
    }
    Ok(removed)
}

impl Store {
    /// Opens (or creates) the store for writing. Fails plainly if another
    /// process holds it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        // A new store may be asked for under folders that do not exist
        // yet (`--store runs/2026/store`): make them, as `mkdir -p` would.
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if !parent.exists() {
                std::fs::create_dir_all(parent).map_err(file_error("create the folder", parent))?;
            }
        }
        let inner = OxStore::open(path).map_err(|e| open_error(path, e))?;
        // An odd generation means a writer died mid-write, perhaps after
        // its commit: move to the next even one, which no cache carries.
        let g = read_generation(path);
        if g % 2 == 1 {
            write_generation(path, g + 1)
                .map_err(file_error("write", &path.join(GENERATION_FILE)))?;
        }
        remove_leftovers(path)?;
        Ok(Self {
            inner,
            path: path.to_owned(),
            opened_at: None,
            writable: true,
            on_disk: true,
            flushed: std::sync::Mutex::new(std::time::Instant::now()),
        })
    }

    /// A new file in the store's directory for input read twice (a bulk
    /// load from stdin), removed when the returned handle is dropped, or,
    /// after a crash, by the next writable open.
    pub fn spool_file(&self) -> Result<tempfile::NamedTempFile, StoreError> {
        tempfile::Builder::new()
            .prefix(SPOOL_PREFIX)
            .tempfile_in(&self.path)
            .map_err(file_error("create a spool file in", &self.path))
    }

    /// Fails with [`StoreError::Missing`] unless a store exists at `path`
    /// (RocksDB's `CURRENT` file names the live manifest of every store).
    pub fn ensure_exists(path: &Path) -> Result<(), StoreError> {
        if path.join("CURRENT").exists() {
            Ok(())
        } else {
            Err(StoreError::Missing {
                path: path.to_owned(),
            })
        }
    }

    /// Opens an existing store for reading only.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        Self::ensure_exists(path)?;
        // A read-only open takes no lock, so it works while an ingest runs
        // and then sees the data as of the open. Which data that is, the
        // generation says only if no write began or ended during the open.
        let before = read_generation(path);
        let inner = open_read_only_beside_a_writer(path)?;
        let after = read_generation(path);
        Ok(Self {
            inner,
            path: path.to_owned(),
            opened_at: (before == after && before % 2 == 0).then_some(before),
            writable: false,
            on_disk: true,
            flushed: std::sync::Mutex::new(std::time::Instant::now()),
        })
    }

    /// An in-memory store, for tests.
    pub fn in_memory() -> Result<Self, StoreError> {
        Ok(Self {
            inner: OxStore::new()?,
            path: PathBuf::from(":memory:"),
            opened_at: None,
            writable: true,
            on_disk: false,
            flushed: std::sync::Mutex::new(std::time::Instant::now()),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The write generation of the data this handle sees, for caches of
    /// derived data: a cache built from generation `g` is valid for a
    /// handle whose generation is `g`, and `None` means no cache may be
    /// used or built now.
    ///
    /// Every write makes the generation odd before it starts and even
    /// again after its commit (or its failure). A read-only handle sees
    /// the data as of its open, so its generation is the even one that
    /// held throughout the open (`None` if a write was under way). A
    /// writable handle holds the only writer's lock, so its data is the
    /// newest: its generation is the one on disk, `None` while one of its
    /// threads is writing. A cache built from this generation may be kept
    /// only if [`Store::current_generation`] still equals it at the end.
    /// `None` for in-memory stores.
    pub fn generation(&self) -> Option<u64> {
        if !self.on_disk {
            return None;
        }
        if self.writable {
            Some(read_generation(&self.path)).filter(|g| g % 2 == 0)
        } else {
            self.opened_at
        }
    }

    /// The generation on disk now; `None` for in-memory stores.
    pub fn current_generation(&self) -> Option<u64> {
        self.on_disk.then(|| read_generation(&self.path))
    }

    /// Where a cache of derived data called `name` lives (in the store's
    /// directory, so it goes when the store goes); `None` for in-memory
    /// stores.
    pub fn cache_path(&self, name: &str) -> Option<PathBuf> {
        self.on_disk.then(|| self.path.join(CACHE_DIR).join(name))
    }

    /// Runs one write between marking it begun (odd generation) and ended
    /// (even). If the end cannot be recorded the generation stays odd and
    /// caches are merely unused until the next writable open, so only the
    /// beginning can fail the write.
    pub(crate) fn writing<T>(
        &self,
        write: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if !self.on_disk {
            return write();
        }
        let g = read_generation(&self.path);
        let begun = if g % 2 == 0 { g + 1 } else { g + 2 };
        write_generation(&self.path, begun)
            .map_err(file_error("write", &self.path.join(GENERATION_FILE)))?;
        let result = write();
        let _ = write_generation(&self.path, begun + 1);
        let mut flushed = self.flushed.lock().unwrap_or_else(|e| e.into_inner());
        if result.is_ok() && flushed.elapsed() >= FLUSH_EVERY {
            self.inner.flush()?;
            *flushed = std::time::Instant::now();
        }
        result
    }

    /// The quads of one named graph.
    pub fn graph_quads(&self, graph: &str) -> Result<HashSet<Quad>, StoreError> {
        let g = NamedNodeRef::new_unchecked(graph);
        self.inner
            .quads_for_pattern(None, None, None, Some(g.into()))
            .map(|q| q.map_err(StoreError::from))
            .collect()
    }

    /// Objects of `(subject, predicate, ?o, graph)`.
    pub fn objects(
        &self,
        subject: &str,
        predicate: &str,
        graph: &str,
    ) -> Result<Vec<Term>, StoreError> {
        self.inner
            .quads_for_pattern(
                Some(NamedNodeRef::new_unchecked(subject).into()),
                Some(NamedNodeRef::new_unchecked(predicate)),
                None,
                Some(NamedNodeRef::new_unchecked(graph).into()),
            )
            .map(|q| q.map(|q| q.object).map_err(StoreError::from))
            .collect()
    }

    /// Every `(subject IRI, object)` pair of a predicate in a graph.
    pub fn pairs(&self, predicate: &str, graph: &str) -> Result<Vec<(String, Term)>, StoreError> {
        let mut out = Vec::new();
        for q in self.inner.quads_for_pattern(
            None,
            Some(NamedNodeRef::new_unchecked(predicate)),
            None,
            Some(NamedNodeRef::new_unchecked(graph).into()),
        ) {
            let q = q?;
            if let oxrdf::NamedOrBlankNode::NamedNode(s) = q.subject {
                out.push((s.into_string(), q.object));
            }
        }
        Ok(out)
    }

    /// Calls `f` with every quad of a predicate, in any graph. One pass over
    /// the predicate index, no join: the analytics projections read the
    /// store this way, a few predicates at a time.
    pub fn scan_predicate(
        &self,
        predicate: &str,
        mut f: impl FnMut(Quad),
    ) -> Result<(), StoreError> {
        for q in self.inner.quads_for_pattern(
            None,
            Some(NamedNodeRef::new_unchecked(predicate)),
            None,
            None,
        ) {
            f(q?);
        }
        Ok(())
    }

    /// Names of all named graphs holding at least one quad.
    pub fn named_graphs(&self) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        for g in self.inner.named_graphs() {
            if let oxrdf::NamedOrBlankNode::NamedNode(n) = g? {
                out.push(n.into_string());
            }
        }
        out.sort();
        Ok(out)
    }

    /// Sets each graph to its desired content, all in one transaction:
    /// either every change lands or none does.
    pub fn apply(&self, changes: &[GraphChange]) -> Result<ApplyStats, StoreError> {
        self.writing(|| self.apply_in_transaction(changes))
    }

    fn apply_in_transaction(&self, changes: &[GraphChange]) -> Result<ApplyStats, StoreError> {
        let mut stats = ApplyStats::default();
        let mut tx = self.inner.start_transaction()?;
        for change in changes {
            if change.only_add {
                for q in change.quads.iter().flatten() {
                    if !tx.contains(q)? {
                        tx.insert(q);
                        stats.inserted += 1;
                    }
                }
                continue;
            }
            let g = NamedNodeRef::new_unchecked(&change.graph);
            let subject = change.subject.as_deref().map(NamedNodeRef::new_unchecked);
            let current: HashSet<Quad> = tx
                .quads_for_pattern(subject.map(Into::into), None, None, Some(g.into()))
                .collect::<Result<_, _>>()?;
            let empty = HashSet::new();
            let desired = change.quads.as_ref().unwrap_or(&empty);
            for q in current.difference(desired) {
                tx.remove(q);
                stats.removed += 1;
            }
            for q in desired.difference(&current) {
                tx.insert(q);
                stats.inserted += 1;
            }
            if change.quads.is_none() && change.subject.is_none() {
                tx.remove_named_graph(g)?;
            }
        }
        tx.commit()?;
        Ok(stats)
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize, StoreError> {
        Ok(self.inner.len()?)
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.inner.is_empty()?)
    }

    /// Every quad, sorted by its N-Quads form (the canonical comparison).
    pub fn sorted_quads(&self, graph: Option<&str>) -> Result<Vec<Quad>, StoreError> {
        let g = graph.map(|g| GraphNameRef::from(NamedNodeRef::new_unchecked(g)));
        let mut quads: Vec<(String, Quad)> = self
            .inner
            .quads_for_pattern(None, None, None, g)
            .map(|q| q.map(|q| (q.to_string(), q)))
            .collect::<Result<_, _>>()?;
        quads.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(quads.into_iter().map(|(_, q)| q).collect())
    }

    /// Writes the store, or one graph, in a syntax. Output is sorted, so two
    /// stores with the same content dump byte-identically. Triple syntaxes
    /// cannot carry graph names: without `graph` they get the union of all
    /// graphs, each triple once.
    pub fn dump(
        &self,
        syntax: RdfSyntax,
        graph: Option<&str>,
        out: &mut dyn Write,
    ) -> Result<usize, StoreError> {
        let quads = self.sorted_quads(graph)?;
        let mut ser = RdfSerializer::from_format(syntax.format());
        for (p, iri) in vocab::PREFIXES {
            ser = ser
                .with_prefix(*p, *iri)
                .expect("the built-in prefixes are valid");
        }
        let mut w = ser.for_writer(out);
        let mut seen: HashSet<oxrdf::Triple> = HashSet::new();
        let mut n = 0;
        for q in quads {
            if syntax.supports_datasets() && graph.is_none() {
                w.serialize_quad(&q).map_err(StoreError::Output)?;
                n += 1;
            } else {
                let t = oxrdf::Triple::new(q.subject, q.predicate, q.object);
                if seen.insert(t.clone()) {
                    w.serialize_quad(QuadRef::new(
                        &t.subject,
                        &t.predicate,
                        &t.object,
                        GraphNameRef::DefaultGraph,
                    ))
                    .map_err(StoreError::Output)?;
                    n += 1;
                }
            }
        }
        w.finish().map_err(StoreError::Output)?;
        Ok(n)
    }

    /// Adds quads with Oxigraph's bulk loader: much faster than a
    /// transaction for large inputs, and all-or-nothing (nothing is visible
    /// until the final commit). Only for quads that are all new. The source
    /// may fail on the way (a file read a second time, say): at the first
    /// error the loader stops, and nothing it took reaches the store.
    ///
    /// Follow a large load with [`compact`](Self::compact).
    pub fn bulk_insert<E: From<StoreError>>(
        &self,
        quads: impl IntoIterator<Item = Result<Quad, E>>,
    ) -> Result<(), E> {
        let failed = std::cell::RefCell::new(None);
        let quads = quads.into_iter().map_while(|q| match q {
            Ok(q) => Some(q),
            Err(e) => {
                *failed.borrow_mut() = Some(e);
                None
            }
        });
        self.writing(|| {
            // A bounded buffer keeps peak memory flat whatever the input size.
            let mut loader = self
                .inner
                .bulk_loader()
                .with_max_memory_size_in_megabytes(256);
            loader.load_quads(quads)?;
            if failed.borrow().is_some() {
                // Dropped without commit: the loader's files are discarded.
                return Ok(());
            }
            Ok(loader.commit()?)
        })?;
        match failed.into_inner() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Compacts the store. The bulk loader leaves hundreds of overlapping
    /// files; compacting them once (seconds) makes every later read
    /// several times cheaper: the analytics projection of 100,000 articles
    /// took ten times longer on the uncompacted store.
    pub fn compact(&self) -> Result<(), StoreError> {
        Ok(self.inner.optimize()?)
    }

    /// Whether any quad of `graph` has this subject.
    pub fn has_subject(&self, graph: &str, subject: &str) -> Result<bool, StoreError> {
        Ok(self
            .inner
            .quads_for_pattern(
                Some(NamedNodeRef::new_unchecked(subject).into()),
                None,
                None,
                Some(NamedNodeRef::new_unchecked(graph).into()),
            )
            .next()
            .transpose()?
            .is_some())
    }

    /// Replaces, in one transaction, the quads of `graph` whose subject
    /// starts with `prefix` by `quads`. Used for analytics results: a rerun
    /// replaces the earlier run's resources.
    pub fn replace_prefixed(
        &self,
        graph: &str,
        prefix: &str,
        quads: HashSet<Quad>,
    ) -> Result<ApplyStats, StoreError> {
        let mut desired: HashSet<Quad> = self
            .graph_quads(graph)?
            .into_iter()
            .filter(|q| !matches!(&q.subject, oxrdf::NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(prefix)))
            .collect();
        desired.extend(quads);
        self.apply(&[GraphChange::whole(graph, desired)])
    }

    /// Whether this handle may write (a read-only one sees the data as of
    /// its open).
    pub fn is_writable(&self) -> bool {
        self.writable
    }

    /// Writes a consistent snapshot of the store into `target`, a directory
    /// that must not exist yet: a RocksDB checkpoint, hard-linking the
    /// store's immutable files where `target` is on the same file system.
    /// The snapshot is a store of its own, opened like any other.
    pub fn backup(&self, target: &Path) -> Result<(), StoreError> {
        if target.exists() {
            return Err(StoreError::Refused(format!(
                "{} exists: a backup goes into a new directory; name one that does not exist",
                target.display()
            )));
        }
        Ok(self.inner.backup(target)?)
    }

    /// Checks the store's internal consistency (RocksDB indexes agree).
    pub fn validate(&self) -> Result<(), StoreError> {
        Ok(self.inner.validate()?)
    }
}

/// Parses Turtle into quads of a named graph (for the ontology).
pub fn parse_turtle(text: &str, graph: &str, what: &str) -> Result<HashSet<Quad>, StoreError> {
    let g = GraphName::from(NamedNode::new_unchecked(graph));
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(text.as_bytes())
        .map(|q| {
            q.map(|q| Quad::new(q.subject, q.predicate, q.object, g.clone()))
                .map_err(|e| StoreError::Parse {
                    what: what.to_owned(),
                    message: e.to_string(),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Parses a dump back into quads (the default graph for triple syntaxes).
    fn reparse(text: &[u8], syntax: RdfSyntax) -> HashSet<Quad> {
        RdfParser::from_format(syntax.format())
            .for_slice(text)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{syntax:?} does not parse back: {e}"))
    }

    proptest! {
        #![proptest_config(crate::proptest_config(16))]

        #[test]
        fn every_dump_syntax_parses_back_to_the_same_quads(seed in 0u64..10_000, n in 1usize..20) {
            let (store, _) = crate::testing::ingested(seed, n);
            let quads: HashSet<Quad> = store.sorted_quads(None).unwrap().into_iter().collect();
            let triples: HashSet<Quad> = quads
                .iter()
                .map(|q| Quad::new(q.subject.clone(), q.predicate.clone(), q.object.clone(), GraphName::DefaultGraph))
                .collect();
            for syntax in [RdfSyntax::NQuads, RdfSyntax::TriG, RdfSyntax::JsonLd, RdfSyntax::Turtle,
                           RdfSyntax::NTriples, RdfSyntax::RdfXml] {
                let mut out = Vec::new();
                store.dump(syntax, None, &mut out).unwrap();
                let want = if syntax.supports_datasets() { &quads } else { &triples };
                prop_assert_eq!(&reparse(&out, syntax), want, "{:?}", syntax);
            }
        }
    }

    fn q(s: &str, g: &str) -> Quad {
        Quad::new(
            NamedNode::new_unchecked(s),
            NamedNode::new_unchecked("http://e/p"),
            NamedNode::new_unchecked("http://e/o"),
            NamedNode::new_unchecked(g),
        )
    }

    #[test]
    fn apply_sets_a_graph_to_exactly_its_desired_content() {
        let store = Store::in_memory().unwrap();
        let g = "http://e/g";
        let first: HashSet<Quad> = [q("http://e/a", g), q("http://e/b", g)].into();
        let stats = store.apply(&[GraphChange::whole(g, first)]).unwrap();
        assert_eq!(
            stats,
            ApplyStats {
                inserted: 2,
                removed: 0
            }
        );
        let second: HashSet<Quad> = [q("http://e/b", g), q("http://e/c", g)].into();
        let stats = store
            .apply(&[GraphChange::whole(g, second.clone())])
            .unwrap();
        assert_eq!(
            stats,
            ApplyStats {
                inserted: 1,
                removed: 1
            }
        );
        assert_eq!(store.graph_quads(g).unwrap(), second);
        store
            .apply(&[GraphChange {
                graph: g.into(),
                subject: None,
                quads: None,
                only_add: false,
            }])
            .unwrap();
        assert!(store.is_empty().unwrap());
    }

    #[test]
    fn a_read_only_open_of_a_missing_store_says_how_to_build_one() {
        let dir = tempfile::tempdir().unwrap();
        let err = Store::open_read_only(&dir.path().join("nope"))
            .err()
            .unwrap();
        assert!(err.to_string().contains("hpkg ingest"));
    }

    #[test]
    fn a_writable_open_removes_what_killed_writes_left_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        let store = Store::open(&path).unwrap();
        store
            .apply(&[GraphChange::whole(
                "https://example.org/g",
                [Quad::new(
                    NamedNode::new_unchecked("https://example.org/s"),
                    NamedNode::new_unchecked("https://example.org/p"),
                    oxrdf::Literal::new_simple_literal("o"),
                    NamedNode::new_unchecked("https://example.org/g"),
                )]
                .into(),
            )])
            .unwrap();
        let spool = store.spool_file().unwrap().into_temp_path().keep().unwrap();
        drop(store);
        std::fs::write(path.join("bulk-1234.sst"), b"half an sst").unwrap();
        std::fs::write(path.join("notes.txt"), b"not ours to remove").unwrap();
        let store = Store::open(&path).unwrap();
        assert!(!path.join("bulk-1234.sst").exists());
        assert!(!spool.exists());
        assert!(path.join("notes.txt").exists());
        store.validate().unwrap();
        assert_eq!(store.len().unwrap(), 1);
    }
}
