//! The store's errors, and the one place that reads RocksDB's words for
//! a full disk.

use oxigraph::store::StorageError;
use std::path::{Path, PathBuf};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the store {path} is in use by another process (RocksDB holds its lock): \
         wait for that process to finish, or use another --store directory"
    )]
    Locked { path: PathBuf },
    #[error("no store at {path}: build one with `hpkg ingest data/`, or point --store (or HPKG_STORE) at an existing store")]
    Missing { path: PathBuf },
    // Each message below carries its cause in its text and none of these
    // variants has a `source()`: a cause printed by the message and again
    // by an error chain would be said twice.
    #[error("cannot open the store {path}: {cause}")]
    Open { path: PathBuf, cause: StorageError },
    #[error("store error: {0}")]
    Storage(StorageError),
    /// The message says where (line, column, the line with a caret) and
    /// what to change.
    #[error("SPARQL syntax error {0}")]
    Syntax(String),
    #[error("query failed: {0}")]
    Evaluation(String),
    #[error("the query was cancelled after {0} s (raise --timeout to allow longer queries)")]
    Timeout(u64),
    #[error(
        "the result has more than {0} rows (or triples): add LIMIT, or narrow the query \
         (a server takes --max-rows)"
    )]
    TooLarge(usize),
    #[error(
        "parameter ?{0} is not in the query's SELECT clause: hpkg binds parameters as initial \
         values of projected variables, so add ?{0} to the SELECT (and to GROUP BY if the query groups)"
    )]
    UnknownVariable(String),
    #[error("cannot parse {what}: {message}")]
    Parse { what: String, message: String },
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    Refused(String),
    #[error("cannot {action} {path}: {cause}")]
    File {
        action: &'static str,
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("cannot write the output: {0}")]
    Output(std::io::Error),
}

impl From<StorageError> for StoreError {
    fn from(e: StorageError) -> Self {
        StoreError::Storage(e)
    }
}

/// RocksDB reports a full disk as text, not as an io error kind; this is
/// the one place that knows its wording.
const ROCKSDB_DISK_FULL: &str = "No space left on device";

impl StoreError {
    /// Whether the disk under the store (or the output) is full, whichever
    /// way the storage engine said so.
    pub fn is_disk_full(&self) -> bool {
        match self {
            StoreError::Open { cause, .. } | StoreError::Storage(cause) => {
                cause.to_string().contains(ROCKSDB_DISK_FULL)
                    || matches!(cause, StorageError::Io(io) if io.kind() == std::io::ErrorKind::StorageFull)
            }
            StoreError::File { cause, .. } | StoreError::Output(cause) => {
                cause.kind() == std::io::ErrorKind::StorageFull
            }
            _ => false,
        }
    }

    /// Whether the output's reader went away (`hpkg dump | head`), which is
    /// not an error for a command that prints.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, StoreError::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// An io error on one of the store's own files.
pub(super) fn file_error(
    action: &'static str,
    path: &Path,
) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.to_owned();
    move |cause| StoreError::File {
        action,
        path,
        cause,
    }
}
