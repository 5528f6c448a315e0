//! The json report: serde_json's pretty layout (two spaces a level), with
//! one addition serde_json's own `PrettyFormatter` lacks: a value can start
//! some levels deep. The ledger's long arrays are rendered an element at a
//! time, on the worker that built the element (`ledger::Part::render_json`),
//! and each element must come out indented as it will sit in the whole.
//!
//! Until the 18th session a serializer of our own (645 lines) wrote these
//! bytes, escaping strings eight bytes at a time; serde_json's serializer
//! with this formatter costs no measurable time on the benchmark folder
//! (BENCHMARKS.md, "Decisions").

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};
use std::io::{self, Write};

/// Why a value could not be written (serde_json's error; the ledger's types
/// never raise one).
pub type Error = serde_json::Error;

/// `value` as pretty json starting `depth` levels deep (so that an element
/// of a nested array renders in place), appended to `out`.
pub fn pretty_into<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    depth: usize,
) -> Result<(), Error> {
    let formatter = Nested {
        depth,
        has_value: false,
    };
    value.serialize(&mut Serializer::with_formatter(out, formatter))
}

/// serde_json's `PrettyFormatter` with two spaces a level and a starting
/// depth: the same state (a depth and whether the innermost open array or
/// object has a value yet) and the same bytes.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, mark: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(mark)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, mark: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(mark)
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn ours<T: Serialize>(v: &T) -> String {
        let mut out = Vec::new();
        pretty_into(&mut out, v, 0).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn serde<T: Serialize>(v: &T) -> String {
        serde_json::to_string_pretty(v).unwrap()
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
        empty: Vec<String>,
        nested: Vec<Vec<u8>>,
        items: Vec<Inner>,
        map: BTreeMap<String, usize>,
        none: Option<usize>,
    }

    fn sample() -> Outer {
        let inner = |name: &str, list: Option<&str>, flag| Inner {
            name: name.to_string(),
            level: Level::Law,
            list: list.map(String::from),
            flag,
        };
        Outer {
            inner: inner("《征信业管理条例》", Some("第三条"), Some(true)),
            page: 3,
            delta: -42,
            empty: Vec::new(),
            nested: vec![vec![], vec![1, 2], vec![]],
            items: vec![
                inner("甲", None, None),
                Inner {
                    level: Level::Local,
                    ..inner("乙\n丙\t\"丁\"", None, Some(false))
                },
            ],
            map: [("第一条", 1), ("a\"b", 2)]
                .into_iter()
                .map(|(k, i)| (k.to_string(), i))
                .collect(),
            none: None,
        }
    }

    #[test]
    fn at_depth_zero_the_layout_is_serde_json_pretty() {
        let v = sample();
        assert_eq!(ours(&v), serde(&v));
        let empty = Outer {
            items: Vec::new(),
            nested: Vec::new(),
            map: BTreeMap::new(),
            ..sample()
        };
        assert_eq!(ours(&empty), serde(&empty));
        assert_eq!(ours(&Vec::<Inner>::new()), "[]");
        assert_eq!(ours(&"信用"), serde(&"信用"));
    }

    #[test]
    fn deep_levels_indent_as_serde_json_does() {
        // Arrays and objects nested 40 deep.
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
        // As an element of the ledger's arrays, two levels deep: written
        // after `,\n    `, it gives the bytes of the whole rendered at once.
        #[derive(Serialize)]
        struct Whole {
            rows: Vec<Outer>,
        }
        let whole = serde(&Whole {
            rows: vec![sample(), sample()],
        });
        let mut out = b"{\n  \"rows\": [".to_vec();
        for (i, v) in [sample(), sample()].iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
            pretty_into(&mut out, v, 2).unwrap();
        }
        out.extend_from_slice(b"\n  ]\n}");
        assert_eq!(String::from_utf8(out).unwrap(), whole);
    }
}
