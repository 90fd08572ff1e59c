//! Isolating code that may panic on input from the network. sqlx-mysql 0.8 parses the server's
//! handshake and authentication packets with unchecked indexing (`packet[1]` after a lone `0x01`,
//! `Buf::get_u32_le` on a cut-off handshake), so whatever answers on the database port can make
//! the client panic (tests/hostile_mysql.rs). The login runs on a task of its own: tokio catches
//! the panic in the task's `JoinHandle`, and the caller gets a stable error instead of a crash.

use hes_core::error::{AppError, AppResult, ErrorCode};
use std::future::Future;

/// Aborts the task when the caller stops waiting (a timeout drops the future): a detached login
/// must not linger holding a socket.
pub struct AbortOnDrop(tokio::task::AbortHandle);

impl AbortOnDrop {
    /// Run `fut` on a task of its own until it ends or this is dropped.
    pub fn spawn(fut: impl Future<Output = ()> + Send + 'static) -> AbortOnDrop {
        AbortOnDrop(tokio::spawn(fut).abort_handle())
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Run `fut` on a task of its own and return its output. A panic inside it becomes
/// `DbUnreachable` ("`server` sent a malformed handshake"); the process and the caller's task
/// carry on (this needs `panic = "unwind"`, see the root Cargo.toml).
pub async fn isolated<T, F>(server: &str, fut: F) -> AppResult<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let task = tokio::spawn(fut);
    let _abort = AbortOnDrop(task.abort_handle());
    match task.await {
        Ok(v) => Ok(v),
        Err(e) if e.is_panic() => {
            tracing::warn!(server, "the MySQL client panicked on the server's handshake: refused");
            Err(malformed_handshake(server))
        }
        Err(_) => Err(AppError::new(ErrorCode::Cancelled, format!("The connection to {server} was cancelled."))),
    }
}

/// The error for a server whose handshake the MySQL client cannot parse.
pub fn malformed_handshake(server: &str) -> AppError {
    AppError::new(
        ErrorCode::DbUnreachable,
        format!("{server} sent a malformed handshake: it does not answer as a MySQL or MariaDB server does."),
    )
    .with_hint("Check the host name and port: something other than HES's MySQL server may be listening there.")
}
