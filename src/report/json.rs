//! The json report: serde_json's pretty layout (two spaces a level), written
//! by a serializer of our own that escapes strings eight bytes at a time.
//!
//! serde_json looks up every byte of a string in a table; the ledger is
//! mostly Chinese text (24 MB on the 2,401-file benchmark folder), whose
//! 318,000 strings it escaped in 8.4 ms against 5.5 ms here (in cache; most
//! of the json's time was cache misses, which rendering each document on
//! its worker removed: `ledger::Part::render_json`). [`Pretty`] gives the same bytes as `serde_json::to_writer_pretty` for what
//! the ledger holds (structs, sequences, maps with string keys, strings,
//! integers, booleans, options and unit variants; the tests hold it to
//! serde_json) and refuses what it never writes (floats, tuples, other
//! variants) with an error rather than writing something else.

use serde::ser::{self, Impossible, Serialize};
use std::fmt::Display;

/// Why a value could not be written.
#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

fn unsupported(what: &str) -> Error {
    Error(format!("json: {what} is not part of the ledger's layout"))
}

/// `value` as pretty json starting `depth` levels deep (so that an element
/// of a nested array renders in place), appended to `out`.
pub fn pretty_into<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    depth: usize,
) -> Result<(), Error> {
    value.serialize(&mut Pretty {
        out,
        depth,
        has_value: false,
    })
}

/// The serializer: serde_json's `PrettyFormatter` state (a depth and
/// whether the innermost open array or object has a value yet).
pub struct Pretty<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
    has_value: bool,
}

/// A comma, a line break and the indentation of the deepest level the
/// ledger reaches (and more), sliced to the level at hand: one copy per
/// element instead of one per level.
const BREAK: &[u8] = b",\n                                                                ";

impl Pretty<'_> {
    /// The line break and indentation before an element (`first`: no comma).
    #[inline]
    fn item(&mut self, first: bool) {
        let n = 2 + 2 * self.depth;
        match BREAK.get(usize::from(first)..n) {
            Some(b) => self.out.extend_from_slice(b),
            None => {
                self.out
                    .extend_from_slice(if first { b"\n" } else { b",\n" });
                self.indent();
            }
        }
    }

    fn indent(&mut self) {
        match BREAK.get(2..2 + 2 * self.depth) {
            Some(b) => self.out.extend_from_slice(b),
            None => {
                for _ in 0..self.depth {
                    self.out.extend_from_slice(b"  ");
                }
            }
        }
    }

    fn open(&mut self, mark: u8) {
        self.depth += 1;
        self.has_value = false;
        self.out.push(mark);
    }

    fn close(&mut self, mark: u8) {
        self.depth -= 1;
        if self.has_value {
            self.out.push(b'\n');
            self.indent();
        }
        self.out.push(mark);
    }

    fn integer(&mut self, v: impl itoa::Integer) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }
}

/// Whether any of the eight bytes of `v` is below 0x20, a quote or a
/// backslash (bytes of 0x80 and above, all of Chinese text, never are).
#[inline]
fn needs_escape(v: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = v.wrapping_sub(ONES * 0x20) & !v;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x;
    (below_space | zero(v ^ (ONES * b'"' as u64)) | zero(v ^ (ONES * b'\\' as u64))) & HIGH != 0
}

/// `s` as a json string, escaped as serde_json escapes it: `\"`, `\\`,
/// `\b \f \n \r \t`, other control characters as `\u00XX`, nothing else.
pub fn escape_into(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut run = 0; // start of the bytes not yet copied
    let mut i = 0;
    while i < b.len() {
        // Eight bytes at a time; the last block padded with a byte that
        // needs no escaping, so that short strings (most of a ledger's)
        // are asked once too.
        let mut word = [b'a'; 8];
        let n = match b.get(i..i + 8) {
            Some(chunk) => {
                word.copy_from_slice(chunk);
                8
            }
            None => {
                let tail = &b[i..];
                word[..tail.len()].copy_from_slice(tail);
                tail.len()
            }
        };
        if !needs_escape(u64::from_le_bytes(word)) {
            i += n;
            continue;
        }
        // A block with something to escape (or the last bytes): byte by byte.
        let end = (i + 8).min(b.len());
        while i < end {
            let c = b[i];
            let esc: &[u8] = match c {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0C => b"\\f",
                0..=0x1F => &[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[(c >> 4) as usize],
                    HEX[(c & 0xF) as usize],
                ],
                _ => {
                    i += 1;
                    continue;
                }
            };
            out.extend_from_slice(&b[run..i]);
            out.extend_from_slice(esc);
            i += 1;
            run = i;
        }
    }
    out.extend_from_slice(&b[run..]);
    out.push(b'"');
}

/// Serializer methods of one argument that all do the same with it.
macro_rules! scalars {
    ($($name:ident: $t:ty),* => |$s:ident, $v:ident| $body:expr) => {
        $(
            fn $name($s, $v: $t) -> Result<(), Error> {
                $body
            }
        )*
    };
}

/// The methods both serializers share: a unit variant is written as its
/// name, a newtype struct as what it holds; tuples, tuple structs and
/// variants with data are refused, with what is said of each.
macro_rules! shared_methods {
    ($tuple:expr, $tuple_struct:expr, $variant:expr) => {
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            v: &'static str,
        ) -> Result<(), Error> {
            self.serialize_str(v)
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            v: &T,
        ) -> Result<(), Error> {
            v.serialize(self)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), Error> {
            Err(unsupported($variant))
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
            Err(unsupported($tuple))
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Error> {
            Err(unsupported($tuple_struct))
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Error> {
            Err(unsupported($variant))
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Error> {
            Err(unsupported($variant))
        }
    };
}

/// What [`KeySerializer`] says of a key that is not a string.
const NOT_A_STRING: &str = "a key that is not a string";

impl<'a, 'b> ser::Serializer for &'b mut Pretty<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'b, 'a>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Compound<'b, 'a>;
    type SerializeStruct = Compound<'b, 'a>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    scalars!(
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64
        => |self, v| {
            self.integer(v);
            Ok(())
        }
    );
    scalars!(serialize_f32: f32, serialize_f64: f64 => |self, _v| Err(unsupported("a float")));
    fn serialize_char(self, v: char) -> Result<(), Error> {
        escape_into(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        escape_into(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(unsupported("a byte string"))
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    shared_methods!("a tuple", "a tuple struct", "a variant with data");
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'b, 'a>, Error> {
        self.open(b'[');
        Ok(Compound {
            ser: self,
            first: true,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'b, 'a>, Error> {
        self.open(b'{');
        Ok(Compound {
            ser: self,
            first: true,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'b, 'a>, Error> {
        self.serialize_map(Some(len))
    }
}

/// An open array or object (one declared empty needs nothing special:
/// opening it clears `has_value`, so it closes as `[]` or `{}`).
pub struct Compound<'b, 'a> {
    ser: &'b mut Pretty<'a>,
    first: bool,
}

impl Compound<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.ser.item(self.first);
        self.first = false;
        v.serialize(&mut *self.ser)?;
        self.ser.has_value = true;
        Ok(())
    }

    fn end(self, mark: u8) -> Result<(), Error> {
        self.ser.close(mark);
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.element(v)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self, b']')
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.ser.item(self.first);
        self.first = false;
        key.serialize(KeySerializer { out: self.ser.out })
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.ser.out.extend_from_slice(b": ");
        v.serialize(&mut *self.ser)?;
        self.ser.has_value = true;
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self, b'}')
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        // A field name is the ledger's own: printable ASCII with nothing to
        // escape, copied without the key serializer's check (411,000 keys
        // on the benchmark folder; the tests hold every type's json to
        // serde_json's).
        debug_assert!(plain_key(key), "{key}");
        self.ser.item(self.first);
        self.first = false;
        let out = &mut *self.ser.out;
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\": ");
        v.serialize(&mut *self.ser)?;
        self.ser.has_value = true;
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self, b'}')
    }
}

/// Whether `key` is printable ASCII with nothing to escape (a field name).
#[inline]
fn plain_key(key: &str) -> bool {
    key.len() <= 32
        && key
            .bytes()
            .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
}

/// A map key: only strings (serde_json also quotes integer keys; the ledger
/// has none).
struct KeySerializer<'a> {
    out: &'a mut Vec<u8>,
}

impl ser::Serializer for KeySerializer<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        // Keys are mostly field names: printable ASCII that needs no
        // escaping, copied as they are.
        if plain_key(v) {
            self.out.push(b'"');
            self.out.extend_from_slice(v.as_bytes());
            self.out.push(b'"');
        } else {
            escape_into(self.out, v);
        }
        Ok(())
    }
    shared_methods!(NOT_A_STRING, NOT_A_STRING, NOT_A_STRING);
    scalars!(
        serialize_bool: bool,
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
        serialize_f32: f32, serialize_f64: f64, serialize_bytes: &[u8]
        => |self, _v| Err(unsupported(NOT_A_STRING))
    );
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(unsupported(NOT_A_STRING))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Error> {
        Err(unsupported(NOT_A_STRING))
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(unsupported(NOT_A_STRING))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Err(unsupported(NOT_A_STRING))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(unsupported(NOT_A_STRING))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(unsupported(NOT_A_STRING))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(unsupported(NOT_A_STRING))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    fn ours<T: Serialize>(v: &T) -> String {
        let mut out = Vec::new();
        pretty_into(&mut out, v, 0).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn serde<T: Serialize>(v: &T) -> String {
        serde_json::to_string_pretty(v).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        // Every ASCII byte, alone and amid Chinese text at each offset of
        // the eight-byte blocks, and text with nothing to escape.
        let mut texts: Vec<String> = (0u8..0x80).map(|b| (b as char).to_string()).collect();
        for b in (0u8..0x20).chain([b'"', b'\\', 0x7F, b'/', b'\'']) {
            for pre in 0..17 {
                let mut s: String = "信用".repeat(pre / 3) + &"a".repeat(pre % 3);
                s.push(b as char);
                s.push_str("惩戒措施x");
                texts.push(s);
            }
        }
        texts.push("第一条 对列入严重失信主体名单的，依法依规实施联合惩戒。".repeat(5));
        texts.push(String::new());
        texts.push("\"\"\\\\\n\r\t\u{8}\u{c}\u{1}\u{1f}".to_string());
        for t in &texts {
            let mut out = Vec::new();
            escape_into(&mut out, t);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(t).unwrap(),
                "{t:?}"
            );
        }
    }

    #[derive(Serialize)]
    #[serde(rename_all = "lowercase")]
    enum Level {
        Law,
        Local,
    }

    #[derive(Serialize)]
    struct Inner {
        name: String,
        level: Level,
        #[serde(skip_serializing_if = "Option::is_none")]
        list: Option<String>,
        flag: Option<bool>,
    }

    #[derive(Serialize)]
    struct Outer {
        #[serde(flatten)]
        inner: Inner,
        page: usize,
        delta: i64,
        big: u64,
        c: char,
        empty: Vec<String>,
        nested: Vec<Vec<u8>>,
        items: Vec<Inner>,
        map: BTreeMap<String, usize>,
        none: Option<usize>,
        nothing: (),
    }

    #[test]
    fn the_layout_is_serde_json_pretty() {
        let inner = |name: &str, list: Option<&str>, flag| Inner {
            name: name.to_string(),
            level: Level::Law,
            list: list.map(String::from),
            flag,
        };
        let v = Outer {
            inner: inner("《征信业管理条例》", Some("第三条"), Some(true)),
            page: 3,
            delta: -42,
            big: u64::MAX,
            c: '"',
            empty: Vec::new(),
            nested: vec![vec![], vec![1, 2], vec![]],
            items: vec![
                inner("甲", None, None),
                Inner {
                    level: Level::Local,
                    ..inner("乙\n丙", None, Some(false))
                },
            ],
            // Keys: plain ones are copied, the rest escaped.
            map: [
                "第一条",
                "a\"b",
                "plain_key",
                "tab\there",
                "back\\slash",
                "del\u{7f}",
                "a key of forty bytes, longer than thirty",
            ]
            .into_iter()
            .enumerate()
            .map(|(i, k)| (k.to_string(), i))
            .collect(),
            none: None,
            nothing: (),
        };
        assert_eq!(ours(&v), serde(&v));
        let empty = Outer {
            items: Vec::new(),
            nested: Vec::new(),
            map: BTreeMap::new(),
            ..v
        };
        assert_eq!(ours(&empty), serde(&empty));
        assert_eq!(ours(&Vec::<Inner>::new()), "[]");
        assert_eq!(ours(&"信用"), serde(&"信用"));
    }

    #[test]
    fn levels_past_the_indentation_slice_indent_the_same() {
        // Arrays and objects nested 40 deep, past the 31 levels `BREAK`
        // holds: the fallback indents as the slice does.
        let mut v = serde_json::json!({"leaf": ["信用", 1]});
        for depth in 0..40 {
            v = if depth % 2 == 0 {
                serde_json::json!([v, depth])
            } else {
                serde_json::json!({"inner": v, "depth": depth})
            };
        }
        assert_eq!(ours(&v), serde(&v));
    }

    #[test]
    fn a_value_deeper_down_renders_in_place() {
        // As an element of the ledger's arrays: indented two levels, so
        // that it can be written after `,\n    `.
        let v = vec![vec!["第一条"], vec![]];
        let whole = serde(&vec![v.clone()]);
        let mut out = b"[\n  ".to_vec();
        pretty_into(&mut out, &v, 1).unwrap();
        out.extend_from_slice(b"\n]");
        assert_eq!(String::from_utf8(out).unwrap(), whole);
    }

    #[test]
    fn what_the_ledger_never_holds_is_refused() {
        let mut out = Vec::new();
        assert!(pretty_into(&mut out, &1.5f64, 0).is_err());
        assert!(pretty_into(&mut out, &(1, 2), 0).is_err());
        let keyed: BTreeMap<u32, u32> = [(1, 2)].into_iter().collect();
        assert!(pretty_into(&mut out, &keyed, 0).is_err());
    }
}
