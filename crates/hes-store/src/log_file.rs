//! The console's log file: private (0600 on Unix, in a 0700 folder), rotated by size so it cannot
//! fill the disk: past `max_bytes`, `name` becomes `name.1`, `name.1` becomes `name.2`, … and the
//! oldest beyond `keep` is deleted. Log lines never carry secrets (the `Secret` type prints
//! `<redacted>`); the file is private anyway because it names servers, users and domains.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub const DEFAULT_MAX_BYTES: u64 = 5 * 1024 * 1024;
pub const DEFAULT_KEEP: usize = 3;

pub struct RotatingLog {
    path: PathBuf,
    max_bytes: u64,
    keep: usize,
    file: File,
    written: u64,
}

impl RotatingLog {
    /// Open (appending to) `dir/name`, creating the folder privately.
    pub fn open(dir: &Path, name: &str, max_bytes: u64, keep: usize) -> io::Result<Self> {
        crate::files::create_private_dir(dir).map_err(|e| io::Error::other(e.message))?;
        let path = dir.join(name);
        let file = open_private(&path)?;
        let written = file.metadata()?.len();
        Ok(RotatingLog { path, max_bytes, keep: keep.max(1), file, written })
    }

    fn numbered(&self, n: usize) -> PathBuf {
        let mut s = self.path.as_os_str().to_os_string();
        s.push(format!(".{n}"));
        PathBuf::from(s)
    }

    fn rotate(&mut self) -> io::Result<()> {
        self.file.flush()?;
        let _ = std::fs::remove_file(self.numbered(self.keep));
        for n in (1..self.keep).rev() {
            let from = self.numbered(n);
            if from.exists() {
                std::fs::rename(&from, self.numbered(n + 1))?;
            }
        }
        std::fs::rename(&self.path, self.numbered(1))?;
        self.file = open_private(&self.path)?;
        self.written = 0;
        Ok(())
    }
}

fn open_private(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path)
}

impl Write for RotatingLog {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written > 0 && self.written + buf.len() as u64 > self.max_bytes {
            self.rotate()?;
        }
        let n = self.file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotates_by_size_keeps_a_few_and_stays_private() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        let mut log = RotatingLog::open(&logs, "app.log", 100, 2).unwrap();
        for i in 0..20 {
            writeln!(log, "line {i:02} {}", "x".repeat(30)).unwrap();
        }
        log.flush().unwrap();
        let mut names: Vec<String> =
            std::fs::read_dir(&logs).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["app.log", "app.log.1", "app.log.2"], "two old files kept, the oldest deleted");
        for n in &names {
            let len = std::fs::metadata(logs.join(n)).unwrap().len();
            assert!(len <= 100, "{n} is {len} bytes");
        }
        let newest = std::fs::read_to_string(logs.join("app.log")).unwrap();
        assert!(newest.contains("line 19"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for n in &names {
                assert_eq!(std::fs::metadata(logs.join(n)).unwrap().permissions().mode() & 0o777, 0o600, "{n}");
            }
            assert_eq!(std::fs::metadata(&logs).unwrap().permissions().mode() & 0o777, 0o700);
        }
    }
}
