//! A snapshot of the [`Corpus`] in the store's cache directory, so that
//! analytics on an unchanged store skip reading it again.
//!
//! Reading a large store takes a minute: every term of every quad scanned
//! is decoded, and each decode is a RocksDB lookup. The snapshot is the
//! corpus as JSON, after a first line naming the store generation it was
//! read at ([`Store::generation`]). It is used only when that generation is
//! the one of the data the handle sees, and written only when no write
//! began while reading, so it is never staler than the store. Any failure
//! to read or write it falls back to reading the store: it is a cache,
//! nothing depends on it.

use super::{load, Corpus, GraphError};
use crate::store::{replace_file, Store};
use std::io::{BufRead, BufReader};
use std::path::Path;

/// File name in the store's cache directory; the number is the format's
/// version, to change whenever `Corpus` changes shape.
const NAME: &str = "corpus-v3.json";

/// The corpus from the snapshot if it is current, else from the store
/// (leaving a snapshot for next time).
pub(super) fn load(store: &Store) -> Result<Corpus, GraphError> {
    let (Some(path), Some(generation)) = (store.cache_path(NAME), store.generation()) else {
        return load::scan(store);
    };
    if let Some(corpus) = read(&path, generation) {
        return Ok(corpus);
    }
    let corpus = load::scan(store)?;
    if store.current_generation() == Some(generation) {
        // Best effort: a read-only file system only costs the next reading.
        let _ = write(&path, generation, &corpus);
    }
    Ok(corpus)
}

fn read(path: &Path, generation: u64) -> Option<Corpus> {
    let mut r = BufReader::new(std::fs::File::open(path).ok()?);
    let mut first = String::new();
    r.read_line(&mut first).ok()?;
    if first.trim().parse::<u64>().ok()? != generation {
        return None;
    }
    serde_json::from_reader(r).ok()
}

fn write(path: &Path, generation: u64, corpus: &Corpus) -> std::io::Result<()> {
    std::fs::create_dir_all(path.parent().expect("the cache file is in a directory"))?;
    replace_file(path, true, |w| {
        writeln!(w, "{generation}")?;
        Ok(serde_json::to_writer(w, corpus)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{source, Ingester};
    use crate::resolve::Gazetteer;

    fn ingest(store: &Store, files: &[source::InputFile]) {
        let mut ing = Ingester::open(store, Gazetteer::builtin().unwrap()).unwrap();
        crate::testing::ingest_files(&mut ing, files);
    }

    #[test]
    fn a_snapshot_is_used_until_the_store_is_written_and_then_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/articles");
        let (mut files, _) = source::discover(&[data.into()], &mut Vec::new());
        let last = files.pop().unwrap();
        let store = Store::open(&path).unwrap();
        ingest(&store, &files);
        let cache = store.cache_path(NAME).unwrap();
        assert!(!cache.exists());

        // First reading: from the store, leaving a snapshot of it.
        let first = Corpus::load(&store).unwrap();
        assert!(cache.exists());
        assert_eq!(first, load::scan(&store).unwrap());
        assert_eq!(
            read(&cache, store.generation().unwrap()),
            Some(first.clone())
        );

        // A read-only handle on the unchanged store uses it.
        drop(store);
        let reader = Store::open_read_only(&path).unwrap();
        let stamp = std::fs::metadata(&cache).unwrap().modified().unwrap();
        assert_eq!(Corpus::load(&reader).unwrap(), first);
        assert_eq!(
            std::fs::metadata(&cache).unwrap().modified().unwrap(),
            stamp
        );
        drop(reader);

        // A write makes it stale: the next reading sees the new article.
        let store = Store::open(&path).unwrap();
        ingest(&store, &[last]);
        let second = Corpus::load(&store).unwrap();
        assert_eq!(second, load::scan(&store).unwrap());
        assert!(second.articles.len() == first.articles.len() + 1);
        assert_eq!(read(&cache, store.generation().unwrap()), Some(second));
    }

    #[test]
    fn a_reader_that_opens_during_a_write_neither_uses_nor_leaves_a_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/articles");
        let (files, _) = source::discover(&[data.into()], &mut Vec::new());
        let store = Store::open(&path).unwrap();
        ingest(&store, &files[..3]);
        let before = Corpus::load(&store).unwrap();
        let cache = store.cache_path(NAME).unwrap();
        assert!(cache.exists());
        let stamp = std::fs::metadata(&cache).unwrap().modified().unwrap();
        // A reader opening while a write is under way (its generation odd)
        // cannot tell which data it sees: no snapshot for it.
        let seen = store
            .writing(|| {
                let reader = Store::open_read_only(&path).unwrap();
                assert_eq!(reader.generation(), None);
                assert_eq!(store.generation(), None);
                Ok(Corpus::load(&reader).unwrap())
            })
            .unwrap();
        assert_eq!(seen, before);
        assert_eq!(
            std::fs::metadata(&cache).unwrap().modified().unwrap(),
            stamp
        );
        // The write ended: the old snapshot is stale, a new one is built.
        assert_ne!(
            read(&cache, store.generation().unwrap()),
            Some(before.clone())
        );
        assert_eq!(Corpus::load(&store).unwrap(), before);
        assert_eq!(read(&cache, store.generation().unwrap()), Some(before));
    }

    #[test]
    fn a_snapshot_from_another_generation_or_a_broken_one_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.json");
        let c = Corpus::default();
        write(&path, 7, &c).unwrap();
        assert_eq!(read(&path, 7), Some(c));
        assert_eq!(read(&path, 8), None);
        std::fs::write(&path, "7\n{\"entities\": ").unwrap();
        assert_eq!(read(&path, 7), None);
    }
}
