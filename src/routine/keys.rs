//! Reading a TOML file into its raw serde types so that one run finds every unknown key and
//! every value of the wrong type, not only the first: serde stops at the first problem, so a
//! file with four typos took four runs of `check`.
//!
//! The document is parsed once; a syntax error still stops it, as nothing past it can be
//! read. Each table's keys are then compared with the keys its raw type takes (the type's
//! own serde field list, so the two can't drift apart): a key it does not take is reported
//! with a "did you mean" and left out, and serde reads the rest. When serde still fails, on a
//! value of the wrong type, each key is read on its own to find every such value.
//!
//! At most [`limits::DIAGNOSTICS`] problems are kept in full; the rest are counted, so that a
//! file of 60,000 unknown keys costs no more than the count.

use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Visitor};
use toml::Spanned;
use toml::de::{DeTable, DeValue, Deserializer};

use super::diag;
use super::parse::limits;

/// A raw type that a TOML table is read into: the keys it takes, and which of them hold
/// tables of their own to look into.
pub trait Table: for<'de> Deserialize<'de> {
    /// The keys the table takes: by default the type's serde fields.
    fn keys() -> Keys {
        Keys::Only(fields_of::<Self>())
    }

    /// What the value under `key` holds, when it is a table or a list of tables with keys of
    /// its own.
    fn inner(_key: &str) -> Option<Inner> {
        None
    }
}

/// The keys a table takes.
#[derive(Debug, Clone, Copy)]
pub enum Keys {
    Only(&'static [&'static str]),
    /// Any key (the catalogue's exercise ids).
    Any,
}

/// A table, or a list of tables, under a key.
#[derive(Debug, Clone, Copy)]
pub struct Inner {
    /// A list of tables (`[[step]]`, `phases`) rather than one table (`breath`).
    list: bool,
    /// How many of a list's tables are looked into; those past it are only cleaned of
    /// unknown keys, quietly (steps past the limit are not checked).
    looked_into: usize,
    prune: fn(&mut DeTable<'_>, usize, &mut Found),
    errors: fn(&DeTable<'_>, Range<usize>, &str, &mut Found) -> Vec<String>,
}

impl Inner {
    /// One table of type `T`.
    pub fn table<T: Table>() -> Inner {
        Inner {
            list: false,
            looked_into: usize::MAX,
            prune: prune::<T>,
            errors: errors::<T>,
        }
    }

    /// A list of tables of type `T`, of which the first `looked_into` are checked.
    pub fn tables<T: Table>(looked_into: usize) -> Inner {
        Inner {
            list: true,
            looked_into,
            prune: prune::<T>,
            errors: errors::<T>,
        }
    }

    /// The tables in `value` to look into, when it is what this expects (a table, or a list
    /// of tables); `None` otherwise, and then serde says what is wrong with it.
    fn tables_in<'v, 'i>(
        &self,
        value: &'v Spanned<DeValue<'i>>,
    ) -> Option<Vec<&'v Spanned<DeValue<'i>>>> {
        let is_table = |v: &Spanned<DeValue<'_>>| matches!(v.get_ref(), DeValue::Table(_));
        match value.get_ref() {
            DeValue::Table(_) if !self.list => Some(vec![value]),
            DeValue::Array(items) if self.list => {
                let looked: Vec<_> = items.iter().take(self.looked_into).collect();
                looked.iter().all(|v| is_table(v)).then_some(looked)
            }
            _ => None,
        }
    }
}

/// The keys of a serde struct, as its derived `Deserialize` names them (`for`, not
/// `purpose`): asked of the type itself, by a deserializer that only listens.
pub fn fields_of<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    struct Listen(Option<&'static [&'static str]>);
    impl<'de> de::Deserializer<'de> for &mut Listen {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = Some(fields);
            Err(de::Error::custom("listened"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut listen = Listen(None);
    let _ = T::deserialize(&mut listen);
    listen.0.unwrap_or(&[])
}

/// One problem found in reading: where, what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Option<Range<usize>>,
    pub message: String,
    pub hint: Option<String>,
    /// For an unknown key: the key it was most likely meant to be, and where the table it is
    /// in starts (0 for the top of the file), so that "missing `title`" is not said again
    /// under "unknown key `titel`: did you mean `title`?".
    pub meant: Option<(usize, &'static str)>,
}

/// The problems found, the first [`limits::DIAGNOSTICS`] in full and the rest counted.
#[derive(Debug, Default)]
pub struct Found {
    pub problems: Vec<Problem>,
    /// Problems past those kept.
    pub more: usize,
}

impl Found {
    /// Every problem found, kept or not.
    pub fn count(&self) -> usize {
        self.problems.len() + self.more
    }

    /// Keeps the problem `make` words, unless enough are kept already (then it is only
    /// counted, and never worded).
    fn push(&mut self, make: impl FnOnce() -> Problem) {
        if self.problems.len() < limits::DIAGNOSTICS {
            self.problems.push(make());
        } else {
            self.more += 1;
        }
    }

    fn unknown(&mut self, span: Range<usize>, key: &str, table: usize, allowed: &[&'static str]) {
        self.push(|| Problem {
            span: Some(span),
            message: format!("unknown key `{key}`"),
            hint: Some(diag::unknown_key_hint(key, allowed)),
            meant: diag::did_you_mean(key, allowed.iter().copied()).map(|k| (table, k)),
        });
    }

    fn wrong(&mut self, err: &toml::de::Error, key: Option<&str>, format: &str) {
        self.push(|| {
            let (message, hint) = diag::explain(err.message().trim(), key, format);
            Problem {
                span: err.span(),
                message,
                hint,
                meant: None,
            }
        });
    }
}

/// What reading a file gave: the value, unless a value of the wrong type was found (or,
/// when reading leniently, unless even leaving those out did not help), and the problems.
#[derive(Debug)]
pub struct Read<T> {
    pub value: Option<T>,
    pub found: Found,
}

/// Reads `src` as a `T`. An unknown key is reported and left out; a value of the wrong type
/// is reported, and `value` is `None`, unless `lenient`: then the top-level keys with such a
/// value are left out too, and the rest is read (a config file's other settings still
/// apply). A syntax error is the `Err`. `format` names the README section on the file, for
/// a problem with no better hint.
pub fn read<T: Table>(src: &str, format: &str, lenient: bool) -> Result<Read<T>, toml::de::Error> {
    let mut doc = DeTable::parse(src)?;
    let mut found = Found::default();
    prune::<T>(doc.get_mut(), 0, &mut found);
    let whole = match T::deserialize(Deserializer::from(doc)) {
        Ok(value) => {
            return Ok(Read {
                value: Some(value),
                found,
            });
        }
        Err(e) => e,
    };
    // The error path only: the document is read again rather than kept for it.
    let mut doc = DeTable::parse(src)?;
    prune::<T>(doc.get_mut(), 0, &mut Found::default());
    let before = found.count();
    let bad = errors::<T>(doc.get_ref(), doc.span(), format, &mut found);
    if found.count() == before {
        // Reading key by key found nothing wrong, so the whole was: say what serde said.
        found.wrong(&whole, None, format);
    }
    let value = if lenient {
        let kept = std::mem::take(doc.get_mut());
        for (key, value) in kept {
            if !bad.iter().any(|b| b.as_str() == key.get_ref().as_ref()) {
                doc.get_mut().insert(key, value);
            }
        }
        T::deserialize(Deserializer::from(doc)).ok()
    } else {
        None
    };
    Ok(Read { value, found })
}

/// Leaves out of `table` (which starts at `at`) every key `T` does not take, and reports
/// each, looking into the tables under the keys it does take.
fn prune<T: Table>(table: &mut DeTable<'_>, at: usize, found: &mut Found) {
    let keys = T::keys();
    for (key, mut value) in std::mem::take(table) {
        let name: &str = key.get_ref();
        if let Keys::Only(allowed) = keys
            && !allowed.contains(&name)
        {
            found.unknown(key.span(), name, at, allowed);
            continue;
        }
        if let Some(inner) = T::inner(name) {
            let start = value.span().start;
            match value.get_mut() {
                DeValue::Array(items) if inner.list => {
                    let mut quiet = Found::default();
                    for (i, item) in items.iter_mut().enumerate() {
                        let start = item.span().start;
                        if let DeValue::Table(t) = item.get_mut() {
                            let into = if i < inner.looked_into {
                                &mut *found
                            } else {
                                &mut quiet
                            };
                            (inner.prune)(t, start, into);
                        }
                    }
                }
                DeValue::Table(t) if !inner.list => (inner.prune)(t, start, found),
                _ => {}
            }
        }
        table.insert(key, value);
    }
}

/// Reports each value in `table` (whose place is `span`) that `T` can't read, reading one
/// key at a time and looking into the tables under them; returns the keys that had one.
fn errors<T: Table>(
    table: &DeTable<'_>,
    span: Range<usize>,
    format: &str,
    found: &mut Found,
) -> Vec<String> {
    let mut bad = Vec::new();
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        if let Some(tables) =
            T::inner(name).and_then(|inner| Some((inner, inner.tables_in(value)?)))
        {
            let (inner, tables) = tables;
            for t in tables {
                if let DeValue::Table(inside) = t.get_ref()
                    && !(inner.errors)(inside, t.span(), format, found).is_empty()
                {
                    bad.push(name.to_owned());
                }
            }
            continue;
        }
        let mut one = DeTable::new();
        one.insert(key.clone(), value.clone());
        if let Err(e) = T::deserialize(Deserializer::from(Spanned::new(span.clone(), one))) {
            found.wrong(&e, Some(name), format);
            bad.push(name.to_owned());
        }
    }
    bad.dedup();
    bad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Top {
        title: Option<String>,
        #[serde(rename = "for")]
        purpose: Option<String>,
        seconds: Option<i64>,
        item: Option<Vec<Item>>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Item {
        name: Option<String>,
        sets: Option<i64>,
    }

    impl Table for Top {
        fn inner(key: &str) -> Option<Inner> {
            (key == "item").then(|| Inner::tables::<Item>(usize::MAX))
        }
    }
    impl Table for Item {}

    fn messages(found: &Found) -> Vec<&str> {
        found.problems.iter().map(|p| p.message.as_str()).collect()
    }

    #[test]
    fn fields_are_the_serde_names() {
        assert_eq!(fields_of::<Top>(), ["title", "for", "seconds", "item"]);
        assert_eq!(fields_of::<Item>(), ["name", "sets"]);
    }

    #[test]
    fn every_unknown_key_is_found_and_the_rest_is_read() {
        let src =
            "titel = \"x\"\nfor = \"y\"\n[[item]]\nnmae = \"a\"\nsets = 2\n[[item]]\nsetz = 3\n";
        let read = read::<Top>(src, "the format", false).expect("no syntax error");
        assert_eq!(
            messages(&read.found),
            [
                "unknown key `titel`",
                "unknown key `nmae`",
                "unknown key `setz`"
            ]
        );
        let hints: Vec<_> = read.found.problems.iter().map(|p| p.hint.clone()).collect();
        assert_eq!(
            hints,
            [
                Some("did you mean `title`?".to_owned()),
                Some("did you mean `name`?".to_owned()),
                Some("did you mean `sets`?".to_owned())
            ]
        );
        assert_eq!(read.found.problems[0].span, Some(0..5));
        let value = read.value.expect("read without them");
        assert_eq!(value.purpose.as_deref(), Some("y"));
        assert_eq!(value.item.map(|i| i.len()), Some(2));
    }

    #[test]
    fn every_value_of_the_wrong_type_is_found() {
        let src =
            "title = 5\nseconds = \"30\"\n[[item]]\nsets = \"2\"\n[[item]]\nname = 1\nsetz = 1\n";
        let read = read::<Top>(src, "the format", false).expect("no syntax error");
        assert!(read.value.is_none());
        let found: Vec<(&str, Option<usize>)> = read
            .found
            .problems
            .iter()
            .map(|p| {
                let line = p.span.as_ref().map(|s| src[..s.start].lines().count());
                (p.message.as_str(), line)
            })
            .collect();
        assert_eq!(found.len(), 5, "{found:?}");
        assert_eq!(found[0], ("unknown key `setz`", Some(6)));
        assert!(found[1].0.contains("expected a string"), "{found:?}");
        assert!(found[2].0.contains("expected i64"), "{found:?}");
        assert!(found[3].0.contains("expected i64"), "{found:?}");
        assert!(found[4].0.contains("expected a string"), "{found:?}");
        // Each with its key in the hint.
        assert!(
            read.found.problems[2]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("`seconds = 30`")),
            "{:?}",
            read.found.problems[2]
        );
    }

    #[test]
    fn leniently_the_keys_with_a_wrong_value_are_left_out() {
        let src = "title = 5\nseconds = 30\nfor = \"me\"\n";
        let read = read::<Top>(src, "the format", true).expect("no syntax error");
        assert_eq!(read.found.count(), 1);
        let value = read.value.expect("the rest is read");
        assert_eq!(value.title, None);
        assert_eq!(value.seconds, Some(30));
        assert_eq!(value.purpose.as_deref(), Some("me"));
    }

    #[test]
    fn a_syntax_error_stops_at_once() {
        assert!(read::<Top>("title = \"x\nsconds = 1\n", "the format", false).is_err());
    }

    #[test]
    fn problems_past_the_cap_are_counted_not_worded() {
        let src: String = (0..500).map(|i| format!("k{i} = 1\n")).collect();
        let read = read::<Top>(&src, "the format", false).expect("no syntax error");
        assert_eq!(read.found.problems.len(), limits::DIAGNOSTICS);
        assert_eq!(read.found.count(), 500);
    }
}
