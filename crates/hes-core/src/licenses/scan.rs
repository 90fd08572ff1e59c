//! A window over a byte stream and a validating JSON scanner on it: the license parser reads the
//! document's frame (the top-level object, its arrays) with this, and hands each array element
//! to serde_json as one slice of the window. serde_json reading from a `Read` goes byte by byte
//! through the reader (about 120 MB/s); from a slice it scans strings in words and borrows them,
//! so the ~1.4 KB base64 `Data` of a license costs a fraction of that.
//!
//! The scanner checks the whole JSON grammar (structure, literals, numbers, escapes, UTF-8 and
//! control characters in strings) iteratively, with one bit per open container: any depth is
//! scanned without recursion. A value is kept in the window only up to a bound; past it the
//! window stops holding it (the value is still scanned to its end, and reported as dropped).

use std::io::Read;

/// Why the scan stopped.
#[derive(Debug)]
pub enum ScanError {
    /// The reader failed (or refused: the size limit, Cancel).
    Io(std::io::Error),
    /// The stream ended inside a value.
    Eof,
    /// Not JSON at this absolute byte offset.
    Syntax(u64),
}

pub type Scanned<T> = Result<T, ScanError>;

/// One scanned value: where it is (absolute offsets), whether the window still holds its text,
/// and the deepest nesting of containers in it (a scalar is 0, `{}` is 1).
pub struct Value {
    pub start: u64,
    pub end: u64,
    pub kept: bool,
    /// The depth bound was passed before the text bound was (when both were).
    pub too_deep: bool,
}

/// Open containers, one bit each (set: an object).
#[derive(Default)]
struct Stack {
    bits: Vec<u64>,
    len: usize,
}

impl Stack {
    fn push(&mut self, object: bool) {
        let (w, b) = (self.len / 64, self.len % 64);
        if w == self.bits.len() {
            self.bits.push(0);
        }
        if object {
            self.bits[w] |= 1 << b;
        } else {
            self.bits[w] &= !(1 << b);
        }
        self.len += 1;
    }

    fn top(&self) -> Option<bool> {
        let i = self.len.checked_sub(1)?;
        Some(self.bits[i / 64] & (1 << (i % 64)) != 0)
    }

    fn pop(&mut self) {
        self.len -= 1;
        if self.len == 0 {
            // A deep value's bits are not held after it.
            self.bits = Vec::new();
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    Value,
    /// After `[`.
    ValueOrClose,
    /// After `{`.
    KeyOrClose,
    /// After `,` in an object.
    Key,
    Colon,
    CommaOrClose,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

/// The byte window: `buf[pos..end]` not yet consumed, `buf[..pos]` consumed but kept while a
/// value being scanned (or a string's unchecked tail) needs it.
pub struct Window<R> {
    reader: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    /// Absolute offset of `buf[0]`.
    base: u64,
    /// Lines before `buf[0]` and the absolute offset where the line of `buf[0]` starts.
    lines: u64,
    line_start: u64,
    /// The value being kept (absolute start; `u64::MAX`: none) and its bound in bytes.
    keep_from: u64,
    keep_limit: u64,
    /// The kept value passed its bound and is no longer held.
    dropped: bool,
    /// A string's bytes not yet checked as UTF-8 (absolute; `u64::MAX`: none).
    pin: u64,
}

impl<R: Read> Window<R> {
    pub fn new(reader: R, capacity: usize) -> Self {
        Window {
            reader,
            buf: vec![0; capacity.max(1)],
            pos: 0,
            end: 0,
            eof: false,
            base: 0,
            lines: 0,
            line_start: 0,
            keep_from: u64::MAX,
            keep_limit: u64::MAX,
            dropped: false,
            pin: u64::MAX,
        }
    }

    fn abs(&self, i: usize) -> u64 {
        self.base + i as u64
    }

    /// The absolute offset of the next byte.
    pub fn offset(&self) -> u64 {
        self.abs(self.pos)
    }

    /// Line and column (1-based) of an absolute offset the window still holds (or the next byte).
    pub fn line_col(&self, at: u64) -> (u64, u64) {
        let upto = at.saturating_sub(self.base).min(self.end as u64) as usize;
        let held = &self.buf[..upto];
        let lines = self.lines + memchr::memchr_iter(b'\n', held).count() as u64;
        let start = match memchr::memrchr(b'\n', held) {
            Some(i) => self.abs(i + 1),
            None => self.line_start,
        };
        (lines + 1, at.saturating_sub(start) + 1)
    }

    /// Read more bytes (dropping what nothing holds any more). False at the end of the stream.
    fn refill(&mut self) -> Scanned<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.keep_from != u64::MAX && self.abs(self.end).saturating_sub(self.keep_from) > self.keep_limit {
            self.keep_from = u64::MAX;
            self.dropped = true;
        }
        let keep_abs = self.keep_from.min(self.pin).min(self.abs(self.pos));
        let drop = (keep_abs - self.base) as usize;
        if drop > 0 {
            let gone = &self.buf[..drop];
            self.lines += memchr::memchr_iter(b'\n', gone).count() as u64;
            if let Some(i) = memchr::memrchr(b'\n', gone) {
                self.line_start = self.abs(i + 1);
            }
            self.buf.copy_within(drop..self.end, 0);
            self.end -= drop;
            self.pos -= drop;
            self.base += drop as u64;
        }
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(ScanError::Io(e)),
            }
        }
    }

    /// The first bytes of the stream, once (for a byte order mark).
    pub fn skip_prefix(&mut self, prefix: &[u8]) -> Scanned<()> {
        while self.end < prefix.len() && self.refill()? {}
        if self.buf[..self.end].starts_with(prefix) {
            self.pos = prefix.len();
        }
        Ok(())
    }

    pub fn peek(&mut self) -> Scanned<Option<u8>> {
        if self.pos == self.end && !self.refill()? {
            return Ok(None);
        }
        Ok(Some(self.buf[self.pos]))
    }

    fn next(&mut self) -> Scanned<u8> {
        let b = self.peek()?.ok_or(ScanError::Eof)?;
        self.pos += 1;
        Ok(b)
    }

    /// The next byte that is not whitespace (not consumed); `None` at the end of the stream.
    pub fn peek_token(&mut self) -> Scanned<Option<u8>> {
        loop {
            while self.pos < self.end {
                if !is_ws(self.buf[self.pos]) {
                    return Ok(Some(self.buf[self.pos]));
                }
                self.pos += 1;
            }
            if !self.refill()? {
                return Ok(None);
            }
        }
    }

    /// Consume the byte `peek_token` returned.
    pub fn bump(&mut self) {
        self.pos += 1;
    }

    pub fn syntax_here(&self) -> ScanError {
        ScanError::Syntax(self.offset())
    }

    /// The text of a scanned value the window kept.
    pub fn text(&self, v: &Value) -> &[u8] {
        &self.buf[(v.start - self.base) as usize..(v.end - self.base) as usize]
    }

    /// Check `buf[from..to]` of a string: UTF-8 and no control characters. With `partial`, an
    /// incomplete UTF-8 sequence at the end is left for the next bytes: the checked end is returned.
    fn check_text(&self, from: usize, to: usize, partial: bool) -> Scanned<usize> {
        let s = &self.buf[from..to];
        let valid = match std::str::from_utf8(s) {
            Ok(_) => s.len(),
            Err(e) if partial && e.error_len().is_none() => e.valid_up_to(),
            Err(e) => return Err(ScanError::Syntax(self.abs(from + e.valid_up_to()))),
        };
        if let Some(i) = s[..valid].iter().position(|b| *b < 0x20) {
            return Err(ScanError::Syntax(self.abs(from + i)));
        }
        Ok(from + valid)
    }

    /// A string, from its opening quote (the next byte) to after its closing one.
    fn string(&mut self) -> Scanned<()> {
        self.pos += 1;
        let outer = self.pin;
        let r = self.string_body();
        self.pin = outer;
        r
    }

    fn string_body(&mut self) -> Scanned<()> {
        let mut unchecked = self.offset();
        loop {
            let from = (unchecked - self.base) as usize;
            match memchr::memchr2(b'"', b'\\', &self.buf[self.pos..self.end]) {
                Some(i) => {
                    let at = self.pos + i;
                    self.check_text(from, at, false)?;
                    self.pos = at + 1;
                    if self.buf[at] == b'"' {
                        return Ok(());
                    }
                    self.escape()?;
                    unchecked = self.offset();
                }
                None => {
                    let checked = self.check_text(from, self.end, true)?;
                    unchecked = self.abs(checked);
                    self.pos = self.end;
                    self.pin = unchecked;
                    if !self.refill()? {
                        return Err(ScanError::Eof);
                    }
                }
            }
        }
    }

    /// After a backslash.
    fn escape(&mut self) -> Scanned<()> {
        match self.next()? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Ok(()),
            b'u' => {
                for _ in 0..4 {
                    if !self.next()?.is_ascii_hexdigit() {
                        return Err(ScanError::Syntax(self.offset() - 1));
                    }
                }
                Ok(())
            }
            _ => Err(ScanError::Syntax(self.offset() - 1)),
        }
    }

    fn digits(&mut self) -> Scanned<()> {
        match self.peek()? {
            Some(b) if b.is_ascii_digit() => {}
            Some(_) => return Err(self.syntax_here()),
            None => return Err(ScanError::Eof),
        }
        while let Some(b) = self.peek()? {
            if !b.is_ascii_digit() {
                break;
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// A number, from its first byte (the next one).
    fn number(&mut self) -> Scanned<()> {
        if self.peek()? == Some(b'-') {
            self.pos += 1;
        }
        if self.peek()? == Some(b'0') {
            self.pos += 1;
        } else {
            self.digits()?;
        }
        if self.peek()? == Some(b'.') {
            self.pos += 1;
            self.digits()?;
        }
        if matches!(self.peek()?, Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek()?, Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.digits()?;
        }
        Ok(())
    }

    fn literal(&mut self, word: &[u8]) -> Scanned<()> {
        for w in word {
            if self.next()? != *w {
                return Err(ScanError::Syntax(self.offset() - 1));
            }
        }
        Ok(())
    }

    /// Scan one JSON value starting at the next token. Its text stays in the window while it is
    /// at most `keep_limit` bytes; `depth_limit` is the deepest nesting before it counts as too
    /// deep (it is scanned to its end either way).
    pub fn value(&mut self, keep_limit: u64, depth_limit: usize) -> Scanned<Value> {
        self.peek_token()?.ok_or(ScanError::Eof)?;
        let start = self.offset();
        (self.keep_from, self.keep_limit, self.dropped) = (start, keep_limit, false);
        let r = self.value_body(depth_limit);
        let dropped = self.dropped;
        (self.keep_from, self.dropped) = (u64::MAX, false);
        let too_deep = r?;
        Ok(Value { start, end: self.offset(), kept: !dropped, too_deep })
    }

    fn value_body(&mut self, depth_limit: usize) -> Scanned<bool> {
        let mut stack = Stack::default();
        let mut expect = Expect::Value;
        let mut too_deep = false;
        loop {
            let b = self.peek_token()?.ok_or(ScanError::Eof)?;
            let mut done_value = true;
            match (expect, b) {
                (Expect::Value | Expect::ValueOrClose, b'{' | b'[') => {
                    self.pos += 1;
                    stack.push(b == b'{');
                    if stack.len > depth_limit && !too_deep && !self.dropped {
                        too_deep = true;
                    }
                    expect = if b == b'{' { Expect::KeyOrClose } else { Expect::ValueOrClose };
                    done_value = false;
                }
                (Expect::ValueOrClose, b']') | (Expect::KeyOrClose, b'}') => {
                    self.pos += 1;
                    stack.pop();
                }
                (Expect::Value | Expect::ValueOrClose, b'"') => self.string()?,
                (Expect::Value | Expect::ValueOrClose, b'-' | b'0'..=b'9') => self.number()?,
                (Expect::Value | Expect::ValueOrClose, b't') => self.literal(b"true")?,
                (Expect::Value | Expect::ValueOrClose, b'f') => self.literal(b"false")?,
                (Expect::Value | Expect::ValueOrClose, b'n') => self.literal(b"null")?,
                (Expect::Key | Expect::KeyOrClose, b'"') => {
                    self.string()?;
                    expect = Expect::Colon;
                    done_value = false;
                }
                (Expect::Colon, b':') => {
                    self.pos += 1;
                    expect = Expect::Value;
                    done_value = false;
                }
                (Expect::CommaOrClose, b',') => {
                    self.pos += 1;
                    expect = if stack.top() == Some(true) { Expect::Key } else { Expect::Value };
                    done_value = false;
                }
                (Expect::CommaOrClose, b']' | b'}') if stack.top() == Some(b == b'}') => {
                    self.pos += 1;
                    stack.pop();
                }
                _ => return Err(self.syntax_here()),
            }
            if done_value {
                if stack.len == 0 {
                    return Ok(too_deep);
                }
                expect = Expect::CommaOrClose;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &[u8], cap: usize) -> Result<(Vec<u8>, bool, bool), String> {
        let mut w = Window::new(text, cap);
        let v = w.value(64, 3).map_err(|e| format!("{e:?}"))?;
        let t = if v.kept { w.text(&v).to_vec() } else { Vec::new() };
        Ok((t, v.kept, v.too_deep))
    }

    #[test]
    fn values_are_found_whole_across_refills() {
        for cap in [1, 3, 7, 64] {
            let (t, kept, deep) = scan(br#"  {"a":[1,-2.5e+3,true,null,"x\"\u00e9y"],"b":{}} , 9"#, cap).unwrap();
            assert_eq!(t, br#"{"a":[1,-2.5e+3,true,null,"x\"\u00e9y"],"b":{}}"#, "cap {cap}");
            assert!(kept && !deep);
            assert_eq!(scan("\"é€😀\"".as_bytes(), cap).unwrap().0, "\"é€😀\"".as_bytes(), "cap {cap}");
        }
    }

    #[test]
    fn bounds_drop_and_mark_the_value() {
        let long = format!("[\"{}\"]", "a".repeat(200));
        let (_, kept, deep) = scan(long.as_bytes(), 16).unwrap();
        assert!(!kept && !deep);
        let (_, kept, deep) = scan(b"[[[[0]]]]", 16).unwrap();
        assert!(kept && deep);
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(scan(deep.as_bytes(), 64).unwrap().2);
    }

    #[test]
    fn bad_json_is_refused() {
        for bad in [
            &b"{\"a\" 1}"[..],
            b"[1,]",
            b"[1 2]",
            b"{1:2}",
            b"[01]",
            b"tru ",
            b"[1}",
            b"{\"a\":1]",
            b"\"\x01\"",
            b"\"\xff\"",
            b"\"\\x\"",
            b"\"\\u12g4\"",
            b"-",
            b"1.",
            b"[1e]",
        ] {
            for cap in [1, 5, 64] {
                let r = scan(bad, cap);
                assert!(matches!(r, Err(ref e) if e.starts_with("Syntax") || e == "Eof"), "{bad:?} cap {cap}: {r:?}");
            }
        }
        assert_eq!(scan(b"[1,2", 4).unwrap_err(), "Eof");
        assert_eq!(scan(b"\"abc", 4).unwrap_err(), "Eof");
    }
}
