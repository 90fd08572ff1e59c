//! Reading a file an admin chose (a logo, a certificate, SP metadata) without trusting its size:
//! at most `max` bytes are read, so a huge or endless file (a FIFO, /dev/zero) cannot fill memory.

use hes_core::error::{AppError, AppResult, ErrorCode};
use std::io::Read;
use std::path::Path;

/// The file's bytes, or `Ok(None)` when it holds more than `max` bytes (the caller says why that
/// is refused, with its own code).
pub fn read_limited(path: &Path, max: usize) -> AppResult<Option<Vec<u8>>> {
    let io = |e: std::io::Error| AppError::new(ErrorCode::Io, format!("Cannot read {}: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(io)?;
    if file.metadata().map_err(io)?.is_dir() {
        return Err(AppError::new(ErrorCode::Io, format!("{} is a folder, not a file.", path.display())));
    }
    let mut bytes = Vec::new();
    file.take(max as u64 + 1).read_to_end(&mut bytes).map_err(io)?;
    Ok((bytes.len() <= max).then_some(bytes))
}

/// A logo file for `slot`: more than 2 MB is refused with the pipeline's own code.
pub fn read_logo(slot: &str, path: &Path) -> AppResult<Vec<u8>> {
    use hes_core::settings::customization::MAX_LOGO_BYTES;
    hes_core::logo::slot_size(slot)?;
    read_limited(path, MAX_LOGO_BYTES)?.ok_or_else(|| hes_core::logo::file_too_large(slot, None))
}

/// A certificate file (PEM, base64 or DER).
pub fn read_certificate(path: &Path) -> AppResult<Vec<u8>> {
    use hes_core::settings::saml_cert::{invalid_certificate, MAX_CERTIFICATE_BYTES};
    read_limited(path, MAX_CERTIFICATE_BYTES)?.ok_or_else(|| invalid_certificate("The file is larger than 64 KB"))
}

/// An SP metadata file.
pub fn read_metadata(path: &Path) -> AppResult<Vec<u8>> {
    use hes_core::settings::saml_metadata::{too_large, MAX_METADATA_BYTES};
    read_limited(path, MAX_METADATA_BYTES)?.ok_or_else(too_large)
}

/// Create `dir` and its missing parents; the folders this creates are private (0700 on Unix).
pub fn create_private_dir(dir: &Path) -> AppResult<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir).map_err(|e| AppError::new(ErrorCode::Io, format!("Cannot create the folder {}: {e}", dir.display())))
}

/// Before SQLite opens `path`: create it empty and private (0600 on Unix) when missing, so there is
/// no moment at which another user could open it, and tighten an existing file and its `-wal` /
/// `-shm` companions to 0600. SQLite gives the `-wal` and `-shm` files it creates the database
/// file's own mode, so they are private too. (Windows and macOS: the per-user app-data folder is
/// already private to the user.)
pub fn prepare_private_file(path: &Path) -> AppResult<()> {
    let io = |e: std::io::Error| AppError::new(ErrorCode::Io, format!("Cannot prepare {}: {e}", path.display()));
    if !path.exists() {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        match o.open(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io(e)),
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = path.as_os_str().to_os_string();
            name.push(suffix);
            let p = Path::new(&name);
            if let Ok(meta) = std::fs::metadata(p) {
                if meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
                    std::fs::set_permissions(p, std::fs::Permissions::from_mode(meta.permissions().mode() & 0o700))
                        .map_err(io)?;
                }
            }
        }
    }
    Ok(())
}

/// Write `bytes` to `path` so that no reader ever sees a partial file and nobody but this user
/// can read it: a uniquely named temporary file beside it (created 0600 on Unix, before any byte
/// is written), flushed to disk, then renamed over `path`. The folder is created private (0700).
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> AppResult<()> {
    use std::io::Write;
    if path.as_os_str().is_empty() {
        return Err(AppError::new(
            ErrorCode::Io,
            "There is no private folder for the console's files (no home folder).",
        ));
    }
    let io = |e: std::io::Error| AppError::new(ErrorCode::Io, format!("Cannot write {}: {e}", path.display()));
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{}.", path.file_name().and_then(|n| n.to_str()).unwrap_or("file")))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?; // tempfile creates it 0600 on Unix
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_limit_and_no_further() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, [7u8; 10]).unwrap();
        assert_eq!(read_limited(&p, 10).unwrap(), Some(vec![7u8; 10]));
        assert_eq!(read_limited(&p, 9).unwrap(), None);
        assert_eq!(read_limited(&dir.path().join("missing"), 9).unwrap_err().code, ErrorCode::Io);
        assert_eq!(read_limited(dir.path(), 9).unwrap_err().code, ErrorCode::Io);
    }

    #[test]
    fn without_a_home_folder_nothing_is_written_anywhere() {
        let e = write_private_atomic(Path::new(""), b"x").unwrap_err();
        assert_eq!(e.code, ErrorCode::Io);
        assert!(e.message.contains("no home folder"), "{}", e.message);
    }
}
