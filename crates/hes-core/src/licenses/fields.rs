//! Field checks of one record, read the way Newtonsoft reads HES's DTOs: property names match
//! case-insensitively, numbers are accepted where a string belongs, enums as number or name, a
//! missing non-nullable bool is `false`. Stricter than HES where HES would write nonsense or
//! fail the whole import: required ids, 255-character keys, real dates, decodable `Data`.

use base64::Engine;
use chrono::NaiveDateTime;
use std::borrow::Cow;

use serde_json::{Map, Value};

use super::codes::{LicenseTable, RejectCode, Rejection};
use super::dates::parse_date;
use super::model::{Device, License, Order};

/// HES's `varchar(255)` keys hold at most this many characters.
pub const MAX_KEY_CHARS: usize = 255;
/// `LicenseOrderStatus` names by ordinal.
pub const ORDER_STATUSES: [&str; 8] =
    ["New", "Sent", "Processing", "WaitingForPayment", "Completed", "Cancelled", "Error", "Undefined"];
/// Longest string shown in a rejection's record.
const SHOWN_CHARS: usize = 80;

struct Problem {
    code: RejectCode,
    field: Option<&'static str>,
    message: String,
}

type Checked<T> = Result<T, Problem>;

fn problem(code: RejectCode, field: &'static str, message: impl Into<String>) -> Problem {
    Problem { code, field: Some(field), message: message.into() }
}

/// One array element as the parser read it: an object's properties in document order (a
/// repeated name is kept twice; lookups see the last, as a JSON map would), or any other value.
pub enum RawRecord {
    Object(Vec<(Cow<'static, str>, Field)>),
    Other(Value),
}

/// A property's value: JSON, or a license's `Data` already base64-decoded while it was read
/// (so its text is never copied; the error, when it is not base64, kept for the message).
pub enum Field {
    Json(Value),
    Data(Result<Vec<u8>, BadBase64>),
}

/// A `Data` string that is not base64: its text (for the rejected record) and why.
pub struct BadBase64 {
    text: String,
    error: String,
}

/// Decode `Data` as .NET's `Convert.FromBase64String` reads it (padding required, whitespace
/// ignored). `scratch` is reused for the rare text with whitespace in it.
pub fn decode_data(s: &str, scratch: &mut Vec<u8>) -> Field {
    let engine = base64::engine::general_purpose::STANDARD;
    let decoded = if s.bytes().any(|b| b.is_ascii_whitespace()) {
        scratch.clear();
        scratch.extend(s.bytes().filter(|b| !b.is_ascii_whitespace()));
        engine.decode(&scratch[..])
    } else {
        engine.decode(s)
    };
    Field::Data(decoded.map_err(|e| BadBase64 { text: s.to_string(), error: e.to_string() }))
}

/// The property names the checks read, borrowed instead of allocated when a record spells
/// them exactly so.
pub const KNOWN_NAMES: [&str; 15] = [
    "DeviceId",
    "MAC",
    "Model",
    "RFID",
    "Firmware",
    "Id",
    "LicenseOrderId",
    "EndDate",
    "Data",
    "ContactEmail",
    "Note",
    "StartDate",
    "ProlongExistingLicenses",
    "CreatedAt",
    "OrderStatus",
];

/// A property name as stored in a [`RawRecord`].
pub fn name_of(key: &str) -> Cow<'static, str> {
    match KNOWN_NAMES.iter().find(|k| **k == key) {
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(key.to_string()),
    }
}

impl RawRecord {
    /// The record as JSON (for a rejection's rendering): a repeated name once, with its last
    /// value, at its first place; decoded `Data` as base64 again.
    pub fn to_value(&self) -> Value {
        match self {
            RawRecord::Other(v) => v.clone(),
            RawRecord::Object(entries) => {
                let mut map = Map::new();
                for (k, f) in entries {
                    let v = match f {
                        Field::Json(v) => v.clone(),
                        Field::Data(Ok(b)) => Value::String(base64::engine::general_purpose::STANDARD.encode(b)),
                        Field::Data(Err(bad)) => Value::String(bad.text.clone()),
                    };
                    map.insert(k.to_string(), v);
                }
                Value::Object(map)
            }
        }
    }
}

struct Rec<'a> {
    entries: &'a [(Cow<'static, str>, Field)],
}

impl<'a> Rec<'a> {
    /// Where the property is, case-insensitively (an exact spelling first; of a repeated name,
    /// the last); `None` when absent.
    fn index_of(entries: &[(Cow<'static, str>, Field)], name: &str) -> Option<usize> {
        let last = |k: &str| entries.iter().rposition(|(n, _)| n == k);
        last(name).or_else(|| last(&entries.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))?.0))
    }

    fn field(&self, name: &str) -> Option<&'a Field> {
        Self::index_of(self.entries, name).map(|i| &self.entries[i].1)
    }

    /// The property as JSON (a decoded `Data` is read by [`Rec::base64`] only).
    fn get(&self, name: &str) -> Option<&'a Value> {
        match self.field(name)? {
            Field::Json(v) => Some(v),
            Field::Data(_) => None,
        }
    }

    fn opt_string(&self, name: &'static str) -> Checked<Option<String>> {
        match self.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => {
                Err(problem(RejectCode::WrongType, name, format!("{name} must be a string, not {}.", kind(other))))
            }
        }
    }

    /// Present and not blank.
    fn required(&self, name: &'static str) -> Checked<String> {
        match self.opt_string(name)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            _ => Err(problem(RejectCode::Required, name, format!("{name} is required."))),
        }
    }

    /// Required, and short enough for a `varchar(255)` key.
    fn key(&self, name: &'static str) -> Checked<String> {
        let s = self.required(name)?;
        let n = s.chars().count();
        if n > MAX_KEY_CHARS {
            return Err(problem(
                RejectCode::TooLong,
                name,
                format!("{name} has {n} characters; HES stores at most {MAX_KEY_CHARS}."),
            ));
        }
        Ok(s)
    }

    /// Present (may be empty): a NOT NULL text column.
    fn not_null(&self, name: &'static str) -> Checked<String> {
        self.opt_string(name)?.ok_or_else(|| problem(RejectCode::Required, name, format!("{name} is required.")))
    }

    fn opt_date(&self, name: &'static str) -> Checked<Option<NaiveDateTime>> {
        match self.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => parse_date(s)
                .map(Some)
                .ok_or_else(|| problem(RejectCode::BadDate, name, format!("{name} is not a date: {}", shorten(s)))),
            Some(other) => {
                Err(problem(RejectCode::WrongType, name, format!("{name} must be a date string, not {}.", kind(other))))
            }
        }
    }

    fn date(&self, name: &'static str) -> Checked<NaiveDateTime> {
        self.opt_date(name)?.ok_or_else(|| problem(RejectCode::Required, name, format!("{name} is required.")))
    }

    /// A non-nullable bool: absent is `false`; `true`/`false`, 0/1 and "true"/"false" are read.
    fn bool(&self, name: &'static str) -> Checked<bool> {
        match self.get(name) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(Value::Number(n)) if n.as_i64() == Some(0) || n.as_i64() == Some(1) => Ok(n.as_i64() == Some(1)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => {
                Ok(s.eq_ignore_ascii_case("true"))
            }
            Some(other) => {
                Err(problem(RejectCode::WrongType, name, format!("{name} must be true or false, not {}.", kind(other))))
            }
        }
    }

    /// `LicenseOrderStatus` as an ordinal or a name; absent is 0 (`New`), as for Newtonsoft.
    fn order_status(&self, name: &'static str) -> Checked<i32> {
        let bad = |shown: String| {
            problem(RejectCode::BadStatus, name, format!("{name} {shown} is not a license order status (0-7 or New, Sent, Processing, WaitingForPayment, Completed, Cancelled, Error, Undefined)."))
        };
        match self.get(name) {
            None => Ok(0),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(v @ 0..=7) => Ok(v as i32),
                _ => Err(bad(n.to_string())),
            },
            Some(Value::String(s)) => {
                let t = s.trim();
                if let Ok(v @ 0..=7) = t.parse::<i32>() {
                    return Ok(v);
                }
                ORDER_STATUSES
                    .iter()
                    .position(|n| n.eq_ignore_ascii_case(t))
                    .map(|p| p as i32)
                    .ok_or_else(|| bad(format!("\"{}\"", shorten(s))))
            }
            Some(other) => Err(problem(
                RejectCode::WrongType,
                name,
                format!("{name} must be a number or a name, not {}.", kind(other)),
            )),
        }
    }

    /// `Data`: decoded while it was read ([`decode_data`]); checked here.
    fn base64(&self, name: &'static str) -> Checked<()> {
        match self.field(name) {
            None | Some(Field::Json(Value::Null)) | Some(Field::Data(Ok(_))) => Ok(()),
            Some(Field::Data(Err(bad))) => {
                Err(problem(RejectCode::BadData, name, format!("{name} is not valid base64 ({}).", bad.error)))
            }
            Some(Field::Json(other)) => Err(problem(
                RejectCode::WrongType,
                name,
                format!("{name} must be a base64 string, not {}.", kind(other)),
            )),
        }
    }

    /// The decoded `Data` (after [`Rec::base64`] passed), moved out of the record.
    fn take_data(entries: &mut [(Cow<'static, str>, Field)], name: &str) -> Option<Vec<u8>> {
        match &mut entries[Self::index_of(entries, name)?].1 {
            Field::Data(Ok(b)) => Some(std::mem::take(b)),
            _ => None,
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= SHOWN_CHARS {
        s.to_string()
    } else {
        let head: String = s.chars().take(SHOWN_CHARS - 1).collect();
        format!("{head}…")
    }
}

/// The record as compact JSON with long strings shortened (a license's `Data` is ~1 KB).
pub fn render_record(v: &Value) -> String {
    fn cut(v: &Value) -> Value {
        match v {
            Value::String(s) => Value::String(shorten(s)),
            Value::Array(a) => Value::Array(a.iter().take(10).map(cut).collect()),
            Value::Object(o) => Value::Object(o.iter().take(20).map(|(k, v)| (shorten(k), cut(v))).collect()),
            other => other.clone(),
        }
    }
    shorten_json(cut(v).to_string())
}

fn shorten_json(s: String) -> String {
    const MAX: usize = 1000;
    if s.len() <= MAX {
        return s;
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Check one element of an array of the document: the typed record, or its rejection.
pub enum Outcome<T> {
    Ok(T),
    Rejected(Rejection),
}

fn reject(table: LicenseTable, index: u32, key: Option<String>, v: &RawRecord, p: Problem) -> Rejection {
    Rejection {
        table,
        index,
        key: key.map(|k| shorten(&k)),
        code: p.code,
        field: p.field.map(str::to_string),
        message: p.message,
        record: render_record(&v.to_value()),
    }
}

fn with_record<T>(
    table: LicenseTable,
    index: u32,
    v: &RawRecord,
    key_field: &[&str],
    f: impl FnOnce(&Rec) -> Checked<T>,
) -> Outcome<T> {
    let RawRecord::Object(entries) = v else {
        let RawRecord::Other(other) = v else { unreachable!() };
        let p = Problem {
            code: RejectCode::NotAnObject,
            field: None,
            message: format!("Each element of {} must be an object, not {}.", table.document_key(), kind(other)),
        };
        return Outcome::Rejected(reject(table, index, None, v, p));
    };
    let rec = Rec { entries };
    match f(&rec) {
        Ok(t) => Outcome::Ok(t),
        Err(p) => {
            let key = key_of_record(&rec, key_field);
            Outcome::Rejected(reject(table, index, key, v, p))
        }
    }
}

/// A readable id for messages: the first key field present as text, or `order/device`.
fn key_of_record(rec: &Rec, fields: &[&str]) -> Option<String> {
    let text = |f: &str| match rec.get(f) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    match fields {
        [single] => text(single),
        [id, order, device] => text(id).or_else(|| match (text(order), text(device)) {
            (Some(o), Some(d)) => Some(format!("{o}/{d}")),
            _ => None,
        }),
        _ => None,
    }
}

/// The id of a record (`DeviceId` of a device, `Id` of an order; none for a license), as text,
/// when it is one HES could hold (at most [`MAX_KEY_CHARS`] characters).
pub fn record_id(table: LicenseTable, v: &RawRecord) -> Option<String> {
    let RawRecord::Object(entries) = v else { return None };
    let field = match table {
        LicenseTable::HardwareVaults => "DeviceId",
        LicenseTable::LicenseOrders => "Id",
        LicenseTable::HardwareVaultLicenses => return None,
    };
    key_of_record(&Rec { entries }, &[field]).filter(|k| k.chars().count() <= MAX_KEY_CHARS)
}

pub fn device(index: u32, v: &RawRecord) -> Outcome<Device> {
    with_record(LicenseTable::HardwareVaults, index, v, &["DeviceId"], |r| {
        Ok(Device {
            index,
            id: r.key("DeviceId")?,
            mac: r.key("MAC")?,
            model: r.not_null("Model")?,
            rfid: r.key("RFID")?,
            firmware: r.not_null("Firmware")?,
        })
    })
}

/// A license record; its decoded `Data` is moved out of `v` when it passes.
pub fn license(index: u32, v: &mut RawRecord) -> Outcome<License> {
    let mut out =
        with_record(LicenseTable::HardwareVaultLicenses, index, v, &["Id", "LicenseOrderId", "DeviceId"], |r| {
            let id = r.opt_string("Id")?;
            let order_id = r.key("LicenseOrderId")?;
            let device_id = r.key("DeviceId")?;
            let end_date = r.opt_date("EndDate")?;
            r.base64("Data")?;
            Ok(License { index, order_id, device_id, end_date, data: None, data_mark: None, id })
        });
    if let (Outcome::Ok(l), RawRecord::Object(entries)) = (&mut out, v) {
        l.data = Rec::take_data(entries, "Data");
        l.data_mark = l.data.as_deref().map(super::model::DataMark::of);
    }
    out
}

pub fn order(index: u32, v: &RawRecord) -> Outcome<Order> {
    with_record(LicenseTable::LicenseOrders, index, v, &["Id"], |r| {
        Ok(Order {
            index,
            id: r.key("Id")?,
            contact_email: r.required("ContactEmail")?,
            note: r.opt_string("Note")?,
            start_date: r.opt_date("StartDate")?,
            end_date: r.date("EndDate")?,
            prolong_existing_licenses: r.bool("ProlongExistingLicenses")?,
            created_at: r.date("CreatedAt")?,
            order_status: r.order_status("OrderStatus")?,
        })
    })
}
