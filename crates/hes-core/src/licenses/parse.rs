//! Streaming parser of a license document. The document is read from any `Read` (a file, an
//! HTTP body) through a counting reader that enforces the size limit, reports bytes for the
//! progress bar and stops on Cancel, into a window of a few hundred KB ([`super::scan`]). The
//! frame (the top-level object and its three arrays) is scanned here; each array element is
//! found whole in the window and handed to serde_json as a slice, read into a flat list of its
//! properties (no JSON map) with a license's `Data` base64-decoded straight from the window, and
//! kept only as a typed record (or a rejection). The document text is never held whole, and
//! serde_json reads slices several times faster than a stream (`benches/license_parse.rs`
//! measures the parser against serde_json's own reading of the same file).
//!
//! Memory is bounded for any input: one element's text is held only up to
//! [`MAX_RECORD_TEXT`], one record is built only up to [`MAX_RECORD_BYTES`] of data and
//! [`MAX_RECORD_DEPTH`] levels (a larger or deeper record is scanned to its end without being
//! stored, and rejected as `RecordTooLarge` / `RecordTooDeep`), and rejections are counted, only
//! the first [`super::KEPT_REJECTIONS`] per array kept ([`super::RejectionLog`]).

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::io::Read;
use std::rc::Rc;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::codes::{LicenseTable, RejectCode, Rejection};
use super::fields::{self, Field, Outcome, RawRecord};
use super::model::{id_digest, key_of};
use super::model::{License, ParsedDocument};
use super::progress::{ImportControl, ImportPhase};
use super::scan::{ScanError, Window};
use crate::error::{AppError, AppResult, ErrorCode};

/// Default size limit: five times the ~150 MB of 100 000 licenses with 1 KB `Data` each.
pub const DEFAULT_MAX_BYTES: u64 = 768 * 1024 * 1024;
/// The window's first size (it grows only for a record longer than that).
const BUFFER: usize = 256 * 1024;
/// The most data one record of the document may hold (its strings, keys and values, counted as
/// they are stored). A license is ~1.5 KB (its `Data` ~1 KB of base64); a larger record is
/// rejected as `RecordTooLarge` and not stored.
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;
/// The most text of one record held to read it: [`MAX_RECORD_BYTES`] of data can be written
/// longer (escapes, whitespace), so the text bound is wider; a record past it is rejected as
/// `RecordTooLarge` without being read.
pub const MAX_RECORD_TEXT: usize = 8 * MAX_RECORD_BYTES;
/// The deepest a record may be nested: a record is one object of plain values (depth 1). A
/// deeper one is rejected as `RecordTooDeep` (it is scanned, not stored).
pub const MAX_RECORD_DEPTH: usize = 16;
/// What one stored value costs besides its text (`serde_json::Value`, a map entry).
const NODE_BYTES: usize = 32;
/// Longest property name of the top-level object read as a name (the three are far shorter).
const MAX_KEY_TEXT: u64 = 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    TooLarge,
    Cancelled,
}

/// What becomes of the licenses that pass the field checks.
pub enum LicenseData<'a> {
    /// Kept in the document with their decoded `Data`.
    Keep,
    /// Kept without their `Data` (its [`super::model::DataMark`] only): the index a preview
    /// needs, a fraction of the memory. [`ParsedDocument::index_only`] says so.
    Index,
    /// Handed, `Data` and all, to the callback in document order and not kept: the apply's
    /// streaming read. The callback returns false to stop the read (it fails as cancelled).
    Stream(&'a mut dyn FnMut(License) -> bool),
}

#[derive(Default)]
struct State {
    stop: Cell<Option<Stop>>,
    bytes: Cell<u64>,
}

struct Counting<R> {
    inner: R,
    max: u64,
    state: Rc<State>,
    ctl: ImportControl,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.ctl.is_cancelled() || self.state.stop.get() == Some(Stop::Cancelled) {
            self.state.stop.set(Some(Stop::Cancelled));
            return Err(std::io::Error::other("cancelled"));
        }
        let n = self.inner.read(buf)?;
        let total = self.state.bytes.get() + n as u64;
        self.state.bytes.set(total);
        if total > self.max {
            self.state.stop.set(Some(Stop::TooLarge));
            return Err(std::io::Error::other("size limit"));
        }
        self.ctl.set_done(total);
        Ok(n)
    }
}

/// Why the document could not be read.
enum Failure {
    Scan(ScanError),
    /// Not JSON at (line, column).
    Syntax(u64, u64),
    /// The stream ended inside the document, at (line, column).
    Truncated(u64, u64),
    /// Nothing but whitespace.
    Empty,
    /// Valid JSON, but not an object.
    NotObject,
    /// Not a license document: why.
    Shape(String),
}

impl From<ScanError> for Failure {
    fn from(e: ScanError) -> Self {
        Failure::Scan(e)
    }
}

/// Parse a license document from `reader`. `size` (when known) is the progress total; `max_bytes`
/// the limit. Bad records become rejections; only a document that cannot be read at all
/// (empty, truncated, not this format, too large, cancelled) is an error.
pub fn parse_document<R: Read>(
    reader: R,
    size: Option<u64>,
    max_bytes: u64,
    ctl: &ImportControl,
) -> AppResult<ParsedDocument> {
    parse_document_as(reader, size, max_bytes, ctl, LicenseData::Keep)
}

/// [`parse_document`], with the licenses kept, indexed or streamed as `licenses` says.
pub fn parse_document_as<R: Read>(
    reader: R,
    size: Option<u64>,
    max_bytes: u64,
    ctl: &ImportControl,
    mut licenses: LicenseData<'_>,
) -> AppResult<ParsedDocument> {
    ctl.begin(ImportPhase::Parse, size.unwrap_or(0));
    if let Some(n) = size.filter(|n| *n > max_bytes) {
        return Err(too_large(n, max_bytes));
    }
    let state = Rc::new(State::default());
    let counting = Counting { inner: reader, max: max_bytes, state: state.clone(), ctl: ctl.clone() };
    let mut w = Window::new(counting, BUFFER);
    let mut out = ParsedDocument { index_only: matches!(licenses, LicenseData::Index), ..Default::default() };
    let result = document(&mut w, &mut out, &mut licenses, &state);
    out.bytes = state.bytes.get();
    match result {
        Ok(()) => {
            ctl.set_done(out.bytes);
            ctl.emit_now();
            Ok(out)
        }
        Err(f) => Err(document_error(f, &w, &state, max_bytes)),
    }
}

fn too_large(bytes: u64, max: u64) -> AppError {
    AppError::new(
        ErrorCode::DocumentTooLarge,
        format!(
            "The license document is larger than the import limit of {} MB{}.",
            max / (1024 * 1024),
            if bytes > max { format!(" ({} MB)", bytes.div_ceil(1024 * 1024)) } else { String::new() }
        ),
    )
    .with_hint("Nothing was imported. A document from Hideez is far smaller; check that this is the right file.")
}

/// The failure as the document problem it means. The data itself is never quoted: only where.
fn document_error<R: Read>(f: Failure, w: &Window<R>, state: &State, max: u64) -> AppError {
    match state.stop.get() {
        Some(Stop::TooLarge) => return too_large(state.bytes.get(), max),
        Some(Stop::Cancelled) => {
            return AppError::new(ErrorCode::Cancelled, "The import was cancelled. Nothing was imported.")
        }
        None => {}
    }
    let not_licenses = |why: String| {
        AppError::new(ErrorCode::DocumentNotLicenses, format!("This is not a license document: {why}."))
            .with_hint("Use the JSON file Hideez sent (with DevicesDto, DeviceLicensesDto and LicenseOrdersDto). Nothing was imported.")
    };
    let f = match f {
        Failure::Scan(ScanError::Syntax(at)) => {
            let (l, c) = w.line_col(at);
            Failure::Syntax(l, c)
        }
        Failure::Scan(ScanError::Eof) => {
            let (l, c) = w.line_col(w.offset());
            Failure::Truncated(l, c)
        }
        other => other,
    };
    match f {
        Failure::Shape(why) => not_licenses(why),
        Failure::NotObject => not_licenses("it is JSON, but not a JSON object".to_string()),
        Failure::Syntax(l, c) => not_licenses(format!("it is not valid JSON (syntax error at line {l}, column {c})")),
        Failure::Empty => AppError::new(ErrorCode::DocumentEmpty, "The license document is empty.")
            .with_hint("The file (or the server's answer) holds no data. Nothing was imported."),
        Failure::Truncated(l, c) => AppError::new(
            ErrorCode::DocumentTruncated,
            format!("The license document is cut off: it ends in the middle, at line {l}, column {c}."),
        )
        .with_hint("The file or download is incomplete; get it again. Nothing was imported."),
        Failure::Scan(ScanError::Io(e)) => {
            AppError::new(ErrorCode::Io, format!("Reading the license document failed: {e}"))
        }
        Failure::Scan(_) => unreachable!("mapped above"),
    }
}

/// The whole document: one object whose three known properties are arrays of records.
fn document<R: Read>(
    w: &mut Window<R>,
    out: &mut ParsedDocument,
    licenses: &mut LicenseData<'_>,
    state: &State,
) -> Result<(), Failure> {
    // .NET tools often write a UTF-8 byte order mark; Newtonsoft skips it.
    w.skip_prefix(b"\xEF\xBB\xBF")?;
    match w.peek_token()? {
        None => return Err(Failure::Empty),
        Some(b'{') => w.bump(),
        Some(b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
            // Valid JSON of another kind (checked first: a broken one is not JSON at all).
            w.value(0, usize::MAX)?;
            return Err(Failure::NotObject);
        }
        Some(_) => return Err(w.syntax_here().into()),
    }
    let mut seen = [false; 3];
    let mut first = true;
    loop {
        let mut b = w.peek_token()?.ok_or(ScanError::Eof)?;
        if b == b'}' {
            w.bump();
            break;
        }
        if !first {
            if b != b',' {
                return Err(w.syntax_here().into());
            }
            w.bump();
            b = w.peek_token()?.ok_or(ScanError::Eof)?;
        }
        first = false;
        if b != b'"' {
            return Err(w.syntax_here().into());
        }
        let key = w.value(MAX_KEY_TEXT, usize::MAX)?;
        // Newtonsoft matches property names case-insensitively.
        let table = if key.kept {
            let name: Cow<str> = serde_json::from_slice(w.text(&key)).map_err(|_| w.syntax_here())?;
            LicenseTable::ALL.into_iter().find(|t| t.document_key().eq_ignore_ascii_case(&name))
        } else {
            None
        };
        if w.peek_token()?.ok_or(ScanError::Eof)? != b':' {
            return Err(w.syntax_here().into());
        }
        w.bump();
        let Some(table) = table else {
            w.value(0, usize::MAX)?;
            continue;
        };
        let slot = table as usize;
        if seen[slot] {
            return Err(Failure::Shape(format!("{} appears twice", table.document_key())));
        }
        seen[slot] = true;
        Records { table, out: &mut *out, licenses: &mut *licenses, state }.array(w)?;
    }
    if !seen.iter().any(|s| *s) {
        return Err(Failure::Shape("it has none of DevicesDto, DeviceLicensesDto, LicenseOrdersDto".into()));
    }
    match w.peek_token()? {
        None => Ok(()),
        Some(_) => Err(w.syntax_here().into()),
    }
}

/// The records of one array, into the parsed document.
struct Records<'a, 'l> {
    table: LicenseTable,
    out: &'a mut ParsedDocument,
    licenses: &'a mut LicenseData<'l>,
    state: &'a State,
}

impl Records<'_, '_> {
    fn not_array(&self, what: &str) -> Failure {
        Failure::Shape(format!("{} is {what}, not an array", self.table.document_key()))
    }

    fn array<R: Read>(&mut self, w: &mut Window<R>) -> Result<(), Failure> {
        let what = match w.peek_token()?.ok_or(ScanError::Eof)? {
            b'[' => None,
            b'{' => return Err(self.not_array("an object")),
            b'n' => Some(""),
            b't' | b'f' => Some("a boolean"),
            b'"' => Some("a string"),
            b'-' | b'0'..=b'9' => Some("a number"),
            _ => return Err(w.syntax_here().into()),
        };
        if let Some(what) = what {
            w.value(0, usize::MAX)?;
            // `null` is an empty list, as for Newtonsoft.
            return if what.is_empty() { Ok(()) } else { Err(self.not_array(what)) };
        }
        w.bump();
        if w.peek_token()?.ok_or(ScanError::Eof)? == b']' {
            w.bump();
            return Ok(());
        }
        let mut index: u32 = 0;
        let mut scratch = Vec::new();
        loop {
            let v = w.value(MAX_RECORD_TEXT as u64, MAX_RECORD_DEPTH)?;
            if v.too_deep {
                self.add_oversized(index, Over::Depth);
            } else if !v.kept {
                self.add_oversized(index, Over::Bytes);
            } else {
                let mut budget = Budget::default();
                let mut de = serde_json::Deserializer::from_slice(w.text(&v));
                let seed = RecordSeed { budget: &mut budget, table: self.table, scratch: &mut scratch };
                // The scanner checked the text: what serde_json still refuses (a number out of
                // range) is bad JSON at the record.
                let record = seed.deserialize(&mut de).map_err(|_| ScanError::Syntax(v.start))?;
                match budget.over {
                    None => self.add(index, record),
                    Some(over) => {
                        drop(record);
                        self.add_oversized(index, over);
                    }
                }
            }
            index = index.saturating_add(1);
            match w.peek_token()?.ok_or(ScanError::Eof)? {
                b',' => w.bump(),
                b']' => {
                    w.bump();
                    return Ok(());
                }
                _ => return Err(w.syntax_here().into()),
            }
        }
    }

    fn add(&mut self, index: u32, mut v: RawRecord) {
        let out = &mut *self.out;
        let rejected = match self.table {
            LicenseTable::HardwareVaults => {
                out.device_records += 1;
                match fields::device(index, &v) {
                    Outcome::Ok(d) => {
                        out.devices.push(d);
                        None
                    }
                    Outcome::Rejected(r) => Some(r),
                }
            }
            LicenseTable::HardwareVaultLicenses => {
                out.license_records += 1;
                match fields::license(index, &mut v) {
                    Outcome::Ok(mut l) => {
                        match self.licenses {
                            LicenseData::Keep => out.licenses.push(l),
                            LicenseData::Index => {
                                l.data = None;
                                out.licenses.push(l);
                            }
                            LicenseData::Stream(f) => {
                                if !f(l) && self.state.stop.get().is_none() {
                                    self.state.stop.set(Some(Stop::Cancelled));
                                }
                            }
                        }
                        None
                    }
                    Outcome::Rejected(r) => Some(r),
                }
            }
            LicenseTable::LicenseOrders => {
                out.order_records += 1;
                match fields::order(index, &v) {
                    Outcome::Ok(o) => {
                        out.orders.push(o);
                        None
                    }
                    Outcome::Rejected(r) => Some(r),
                }
            }
        };
        if let Some(r) = rejected {
            // The record still names its order or device, for the licenses that refer to it.
            if let Some(id) = fields::record_id(self.table, &v) {
                match self.table {
                    LicenseTable::LicenseOrders => out.rejected_orders.insert(id_digest(&key_of(&id))),
                    LicenseTable::HardwareVaults => out.rejected_devices.insert(id_digest(&key_of(&id))),
                    LicenseTable::HardwareVaultLicenses => false,
                };
            }
            out.rejections.push(r);
        }
    }

    /// A record too large or too deep to be read: rejected, nothing of it stored.
    fn add_oversized(&mut self, index: u32, over: Over) {
        let out = &mut *self.out;
        match self.table {
            LicenseTable::HardwareVaults => out.device_records += 1,
            LicenseTable::HardwareVaultLicenses => out.license_records += 1,
            LicenseTable::LicenseOrders => out.order_records += 1,
        }
        let (code, message) = match over {
            Over::Bytes => (
                RejectCode::RecordTooLarge,
                format!(
                    "The record holds more than {} KB of data; a record of {} is far smaller. It was not read.",
                    MAX_RECORD_BYTES / 1024,
                    self.table.document_key()
                ),
            ),
            Over::Depth => (
                RejectCode::RecordTooDeep,
                format!(
                    "The record is nested more than {MAX_RECORD_DEPTH} levels deep; a record of {} is one object of plain values. It was not read.",
                    self.table.document_key()
                ),
            ),
        };
        out.rejections.push(Rejection {
            table: self.table,
            index,
            key: None,
            code,
            field: None,
            message,
            record: "(not shown)".to_string(),
        });
    }
}

/// Why a record was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Over {
    Bytes,
    Depth,
}

/// What one record has stored so far.
#[derive(Default)]
struct Budget {
    bytes: usize,
    over: Option<Over>,
}

impl Budget {
    /// Count `n` bytes; false (and the record over) past [`MAX_RECORD_BYTES`].
    fn charge(&mut self, n: usize) -> bool {
        if self.over.is_some() {
            return false;
        }
        self.bytes = self.bytes.saturating_add(n);
        if self.bytes > MAX_RECORD_BYTES {
            self.over = Some(Over::Bytes);
            return false;
        }
        true
    }
}

/// One value of a record at `depth` (the record itself is 1), built as a `Value` while the
/// record is within its budget; once over, the rest is skipped by serde_json without storing
/// anything (its skipping is iterative: no recursion, whatever the depth).
struct Node<'b> {
    budget: &'b mut Budget,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        if self.budget.over.is_some() {
            d.deserialize_ignored_any(IgnoredAny)?;
            return Ok(Value::Null);
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        self.budget.charge(NODE_BYTES);
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        self.budget.charge(NODE_BYTES);
        Ok(Value::from(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        self.budget.charge(NODE_BYTES);
        Ok(Value::from(v))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.budget.charge(NODE_BYTES);
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        if self.budget.charge(NODE_BYTES.saturating_add(v.len())) {
            Ok(Value::String(v.to_string()))
        } else {
            Ok(Value::Null)
        }
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        if self.budget.charge(NODE_BYTES.saturating_add(v.len())) {
            Ok(Value::String(v))
        } else {
            Ok(Value::Null)
        }
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.budget.charge(NODE_BYTES);
        Ok(Value::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let deeper = self.depth + 1;
        if self.depth > MAX_RECORD_DEPTH && self.budget.over.is_none() {
            self.budget.over = Some(Over::Depth);
        }
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Node { budget: &mut *self.budget, depth: deeper })? {
            if self.budget.charge(NODE_BYTES) {
                items.push(v);
            } else if !items.is_empty() {
                items = Vec::new();
            }
        }
        Ok(if self.budget.over.is_some() { Value::Null } else { Value::Array(items) })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let deeper = self.depth + 1;
        if self.depth > MAX_RECORD_DEPTH && self.budget.over.is_none() {
            self.budget.over = Some(Over::Depth);
        }
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key_seed(Key { budget: &mut *self.budget })? {
            let v = map.next_value_seed(Node { budget: &mut *self.budget, depth: deeper })?;
            if let (Some(k), None) = (key, self.budget.over) {
                out.insert(k.into_owned(), v);
            } else if !out.is_empty() {
                out = serde_json::Map::new();
            }
        }
        Ok(if self.budget.over.is_some() { Value::Null } else { Value::Object(out) })
    }
}

/// A key of a record's object, stored while the record is within its budget.
struct Key<'b> {
    budget: &'b mut Budget,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = Option<Cow<'static, str>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        if self.budget.over.is_some() {
            d.deserialize_ignored_any(IgnoredAny)?;
            return Ok(None);
        }
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = Option<Cow<'static, str>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.budget.charge(NODE_BYTES.saturating_add(v.len())).then(|| fields::name_of(v)))
    }
}

/// One element of an array: an object read into a [`RawRecord`] (no JSON map built: its
/// properties in order, a license's `Data` decoded as it is read), any other value as a [`Node`].
/// Charged to the record's budget exactly as a [`Node`] is.
struct RecordSeed<'b> {
    budget: &'b mut Budget,
    table: LicenseTable,
    /// Reused by every record of the array ([`fields::decode_data`]).
    scratch: &'b mut Vec<u8>,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = RawRecord;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawRecord, D::Error> {
        d.deserialize_any(self)
    }
}

/// A record's value that is no object: read as a [`Node`] at depth 1.
macro_rules! as_node {
    ($self:ident, $depth:expr, $wrap:path, $($method:ident($ty:ty)),*) => {
        $(fn $method<E: serde::de::Error>($self, v: $ty) -> Result<Self::Value, E> {
            Node { budget: $self.budget, depth: $depth }.$method(v).map($wrap)
        })*
        fn visit_unit<E: serde::de::Error>($self) -> Result<Self::Value, E> {
            Node { budget: $self.budget, depth: $depth }.visit_unit().map($wrap)
        }
        fn visit_none<E: serde::de::Error>($self) -> Result<Self::Value, E> {
            Node { budget: $self.budget, depth: $depth }.visit_unit().map($wrap)
        }
        fn visit_seq<A: SeqAccess<'de>>($self, seq: A) -> Result<Self::Value, A::Error> {
            Node { budget: $self.budget, depth: $depth }.visit_seq(seq).map($wrap)
        }
    };
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = RawRecord;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    as_node!(
        self,
        1,
        RawRecord::Other,
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64),
        visit_str(&str),
        visit_string(String)
    );

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawRecord, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key_seed(Key { budget: &mut *self.budget })? {
            let data = self.table == LicenseTable::HardwareVaultLicenses
                && key.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("Data"));
            let v = if data {
                map.next_value_seed(DataSeed { budget: &mut *self.budget, scratch: &mut *self.scratch })?
            } else {
                Field::Json(map.next_value_seed(Node { budget: &mut *self.budget, depth: 2 })?)
            };
            if let (Some(k), None) = (key, self.budget.over) {
                entries.push((k, v));
            } else if !entries.is_empty() {
                entries = Vec::new();
            }
        }
        Ok(if self.budget.over.is_some() { RawRecord::Other(Value::Null) } else { RawRecord::Object(entries) })
    }
}

/// A license's `Data`: a string is base64-decoded straight from the parser's buffer
/// ([`fields::decode_data`]); any other value is kept as JSON for the type check.
struct DataSeed<'b> {
    budget: &'b mut Budget,
    scratch: &'b mut Vec<u8>,
}

impl<'de> DeserializeSeed<'de> for DataSeed<'_> {
    type Value = Field;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
        if self.budget.over.is_some() {
            d.deserialize_ignored_any(IgnoredAny)?;
            return Ok(Field::Json(Value::Null));
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DataSeed<'_> {
    type Value = Field;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    as_node!(self, 2, Field::Json, visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64));

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Field, E> {
        if self.budget.charge(NODE_BYTES.saturating_add(v.len())) {
            Ok(fields::decode_data(v, self.scratch))
        } else {
            Ok(Field::Json(Value::Null))
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field, A::Error> {
        Node { budget: self.budget, depth: 2 }.visit_map(map).map(Field::Json)
    }
}
