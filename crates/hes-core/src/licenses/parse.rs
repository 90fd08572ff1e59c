//! Streaming parser of a license document. serde_json reads from any `Read` (a file, an HTTP body)
//! through a counting reader that enforces the size limit, reports bytes for the progress bar and
//! stops on Cancel. Each array element is read on its own, checked, and kept only as a typed
//! record (or a rejection), so the document text is never held whole.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::codes::LicenseTable;
use super::fields::{self, Outcome};
use super::model::ParsedDocument;
use super::progress::{ImportControl, ImportPhase};
use crate::error::{AppError, AppResult, ErrorCode};

/// Default size limit: five times the ~150 MB of 100 000 licenses with 1 KB `Data` each.
pub const DEFAULT_MAX_BYTES: u64 = 768 * 1024 * 1024;
const BUFFER: usize = 64 * 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    TooLarge,
    Cancelled,
}

#[derive(Default)]
struct State {
    stop: Cell<Option<Stop>>,
    bytes: Cell<u64>,
    saw_content: Cell<bool>,
    /// Why the document is not a license document, when the visitors found out.
    shape: RefCell<Option<String>>,
}

struct Counting<R> {
    inner: R,
    max: u64,
    state: Rc<State>,
    ctl: ImportControl,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.ctl.is_cancelled() {
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
        if !self.state.saw_content.get() && buf[..n].iter().any(|b| !b.is_ascii_whitespace()) {
            self.state.saw_content.set(true);
        }
        self.ctl.set_done(total);
        Ok(n)
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
    ctl.begin(ImportPhase::Parse, size.unwrap_or(0));
    if let Some(n) = size.filter(|n| *n > max_bytes) {
        return Err(too_large(n, max_bytes));
    }
    let state = Rc::new(State::default());
    let counting = Counting { inner: reader, max: max_bytes, state: state.clone(), ctl: ctl.clone() };
    let mut buffered = BufReader::with_capacity(BUFFER, counting);
    // .NET tools often write a UTF-8 byte order mark; Newtonsoft skips it, serde_json does not.
    if let Ok(head) = buffered.fill_buf() {
        if head.starts_with(b"\xEF\xBB\xBF") {
            buffered.consume(3);
        }
    }
    let mut out = ParsedDocument::default();
    let mut de = serde_json::Deserializer::from_reader(buffered);
    let result = DocSeed { out: &mut out, state: &state }.deserialize(&mut de).and_then(|()| de.end());
    out.bytes = state.bytes.get();
    match result {
        Ok(()) => {
            ctl.set_done(out.bytes);
            ctl.emit_now();
            Ok(out)
        }
        Err(e) => Err(document_error(&e, &state, max_bytes)),
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

/// serde_json's error as the document problem it means. serde's own text can quote the data, so
/// only its category and position are shown.
fn document_error(e: &serde_json::Error, state: &State, max: u64) -> AppError {
    use serde_json::error::Category;
    match state.stop.get() {
        Some(Stop::TooLarge) => return too_large(state.bytes.get(), max),
        Some(Stop::Cancelled) => {
            return AppError::new(ErrorCode::Cancelled, "The import was cancelled. Nothing was imported.")
        }
        None => {}
    }
    let at = format!("line {}, column {}", e.line(), e.column());
    let not_licenses = |why: String| {
        AppError::new(ErrorCode::DocumentNotLicenses, format!("This is not a license document: {why}."))
            .with_hint("Use the JSON file Hideez sent (with DevicesDto, DeviceLicensesDto and LicenseOrdersDto). Nothing was imported.")
    };
    if let Some(why) = state.shape.borrow().clone() {
        return not_licenses(why);
    }
    match e.classify() {
        Category::Eof if !state.saw_content.get() => {
            AppError::new(ErrorCode::DocumentEmpty, "The license document is empty.")
                .with_hint("The file (or the server's answer) holds no data. Nothing was imported.")
        }
        Category::Eof => AppError::new(
            ErrorCode::DocumentTruncated,
            format!("The license document is cut off: it ends in the middle, at {at}."),
        )
        .with_hint("The file or download is incomplete; get it again. Nothing was imported."),
        Category::Syntax => not_licenses(format!("it is not valid JSON (syntax error at {at})")),
        Category::Data => not_licenses("it is JSON, but not a JSON object".to_string()),
        Category::Io => AppError::new(ErrorCode::Io, format!("Reading the license document failed: {e}")),
    }
}

struct DocSeed<'a> {
    out: &'a mut ParsedDocument,
    state: &'a State,
}

impl<'de> DeserializeSeed<'de> for DocSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a license document object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = [false; 3];
        while let Some(key) = map.next_key::<String>()? {
            // Newtonsoft matches property names case-insensitively.
            let table = LicenseTable::ALL.into_iter().find(|t| t.document_key().eq_ignore_ascii_case(&key));
            let Some(table) = table else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let slot = table as usize;
            if seen[slot] {
                return Err(shape(self.state, format!("{} appears twice", table.document_key())));
            }
            seen[slot] = true;
            map.next_value_seed(ArraySeed { table, out: &mut *self.out, state: self.state })?;
        }
        if !seen.iter().any(|s| *s) {
            return Err(shape(self.state, "it has none of DevicesDto, DeviceLicensesDto, LicenseOrdersDto".into()));
        }
        Ok(())
    }
}

fn shape<E: serde::de::Error>(state: &State, why: String) -> E {
    *state.shape.borrow_mut() = Some(why.clone());
    E::custom(why)
}

struct ArraySeed<'a> {
    table: LicenseTable,
    out: &'a mut ParsedDocument,
    state: &'a State,
}

impl<'de> DeserializeSeed<'de> for ArraySeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl ArraySeed<'_> {
    fn not_array<E: serde::de::Error>(&self, what: &str) -> E {
        shape(self.state, format!("{} is {what}, not an array", self.table.document_key()))
    }

    fn add(&mut self, index: u32, v: &Value) {
        let out = &mut *self.out;
        match self.table {
            LicenseTable::HardwareVaults => {
                out.device_records += 1;
                match fields::device(index, v) {
                    Outcome::Ok(d) => out.devices.push(d),
                    Outcome::Rejected(r) => out.rejections.push(r),
                }
            }
            LicenseTable::HardwareVaultLicenses => {
                out.license_records += 1;
                match fields::license(index, v) {
                    Outcome::Ok(l) => out.licenses.push(l),
                    Outcome::Rejected(r) => out.rejections.push(r),
                }
            }
            LicenseTable::LicenseOrders => {
                out.order_records += 1;
                match fields::order(index, v) {
                    Outcome::Ok(o) => out.orders.push(o),
                    Outcome::Rejected(r) => out.rejections.push(r),
                }
            }
        }
    }
}

impl<'de> Visitor<'de> for ArraySeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} as an array", self.table.document_key())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut index: u32 = 0;
        while let Some(v) = seq.next_element::<Value>()? {
            self.add(index, &v);
            index = index.saturating_add(1);
        }
        Ok(())
    }

    /// `null` is an empty list, as for Newtonsoft.
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Err(self.not_array("a boolean"))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        Err(self.not_array("a number"))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        Err(self.not_array("a number"))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Err(self.not_array("a number"))
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        Err(self.not_array("a string"))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(self.not_array("an object"))
    }
}
