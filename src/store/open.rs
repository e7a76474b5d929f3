//! What opening a RocksDB store can meet, and how each is told apart:
//! a lock held by another process (named by RocksDB's wording), and a
//! file deleted by a writer's compaction between a read-only open's
//! listing and its reading (tried again).

use super::StoreError;
use oxigraph::store::{StorageError, Store as OxStore};
use std::path::Path;

/// A failed open as a [`StoreError`]: `Locked` when another process holds
/// the store, else `Open` with the engine's cause.
pub(super) fn open_error(path: &Path, e: StorageError) -> StoreError {
    let text = e.to_string();
    if text.contains("lock")
        || text.contains("LOCK")
        || text.contains("Resource temporarily unavailable")
    {
        StoreError::Locked {
            path: path.to_owned(),
        }
    } else {
        StoreError::Open {
            path: path.to_owned(),
            cause: e,
        }
    }
}

/// A read-only open lists the store's files (its MANIFEST) and then opens
/// them; a compaction of a concurrent writer may delete one in between,
/// which RocksDB reports as corruption naming the missing file. The files
/// as they are now are consistent, so the open is tried again, a few times.
pub(super) fn open_read_only_beside_a_writer(path: &Path) -> Result<OxStore, StoreError> {
    const ATTEMPTS: u32 = 5;
    let mut attempt = 0;
    loop {
        attempt += 1;
        match OxStore::open_read_only(path) {
            Ok(s) => return Ok(s),
            Err(e) if attempt < ATTEMPTS && file_vanished(&e) => {
                std::thread::sleep(std::time::Duration::from_millis(50 * u64::from(attempt)));
            }
            Err(e) => return Err(open_error(path, e)),
        }
    }
}

/// Whether an open failed because one of the store's files disappeared
/// under it (RocksDB says "No such file or directory" for the file).
fn file_vanished(e: &StorageError) -> bool {
    e.to_string().contains("No such file or directory")
}
