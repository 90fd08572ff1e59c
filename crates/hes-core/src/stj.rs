//! JSON written exactly as HES writes `AppSettings.Value` from its Parameters page:
//! System.Text.Json with default options. Compact, properties in declaration
//! order, and the default `JavaScriptEncoder`: every non-ASCII character and `" & ' < > + \``
//! (plus DEL and control characters) become `\uXXXX` with uppercase hex.
//! HES reads any valid JSON, but byte-identical output keeps diffs against HES-written rows empty.

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter};
use std::io::{self, Write};

/// Serialize `value` the way System.Text.Json would.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, StjFormatter);
    value.serialize(&mut ser)?;
    // The formatter writes only ASCII.
    Ok(String::from_utf8(out).expect("STJ output is ASCII"))
}

struct StjFormatter;

fn write_u(w: &mut (impl Write + ?Sized), unit: u16) -> io::Result<()> {
    write!(w, "\\u{unit:04X}")
}

impl Formatter for StjFormatter {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, ch) in fragment.char_indices() {
            let plain = ch.is_ascii() && !matches!(ch, '&' | '\'' | '<' | '>' | '+' | '`' | '\u{7f}');
            if plain {
                continue;
            }
            w.write_all(&fragment.as_bytes()[start..i])?;
            let mut units = [0u16; 2];
            for unit in ch.encode_utf16(&mut units) {
                write_u(w, *unit)?;
            }
            start = i + ch.len_utf8();
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    fn write_char_escape<W: ?Sized + Write>(&mut self, w: &mut W, escape: CharEscape) -> io::Result<()> {
        match escape {
            CharEscape::Quote => write_u(w, 0x22),
            CharEscape::ReverseSolidus => w.write_all(b"\\\\"),
            CharEscape::Solidus => w.write_all(b"/"),
            CharEscape::Backspace => w.write_all(b"\\b"),
            CharEscape::FormFeed => w.write_all(b"\\f"),
            CharEscape::LineFeed => w.write_all(b"\\n"),
            CharEscape::CarriageReturn => w.write_all(b"\\r"),
            CharEscape::Tab => w.write_all(b"\\t"),
            CharEscape::AsciiControl(b) => write_u(w, b as u16),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_like_system_text_json() {
        let v = json!({"A": "a+b<c>&'`\"\\", "B": "пароль😀", "C": "line\r\nnext\u{1}"});
        assert_eq!(
            to_string(&v).unwrap(),
            r#"{"A":"a\u002Bb\u003Cc\u003E\u0026\u0027\u0060\u0022\\","B":"\u043F\u0430\u0440\u043E\u043B\u044C\uD83D\uDE00","C":"line\r\nnext\u0001"}"#
        );
    }

    #[test]
    fn output_parses_back_to_the_same_value() {
        let v = json!({"Token": "x+y/z=", "N": 28, "Null": null, "L": ["é", "ü"]});
        let s = to_string(&v).unwrap();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }
}
