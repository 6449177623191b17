//! Flat records: a struct of strings, numbers and booleans (an internally tagged enum's variant
//! included) written as `key=<kind><length>:<value>` one after the other, where the kind is `s`
//! (string), `n` (number) or `b` (boolean) and the length counts the value's UTF-16 units. The JS
//! package reads them with `flatRecord` (js/lib/checkout-api.js) in a fraction of `JSON.parse`'s time: the
//! answer of an invalid code as the shopper types. Anything else (a nested value, a sequence) is not
//! flat: [`flat_record`] answers `None` and the caller answers JSON.

use std::fmt::Display;

use serde::ser::{self, Impossible, Serialize, SerializeStruct};

/// The flat record of `value`, or `None` when it is not a struct of strings, numbers and booleans.
#[cfg(test)]
pub fn flat_record<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let mut out = String::new();
    flat_record_into(value, &mut out).then_some(out)
}

/// [`flat_record`] into `out` (cleared first, its room reused); `false` when `value` is not flat
/// (`out` then holds part of a record).
pub fn flat_record_into<T: Serialize + ?Sized>(value: &T, out: &mut String) -> bool {
    out.clear();
    value.serialize(Record { out, value: String::new() }).is_ok()
}

/// Why a value is not flat (its details do not matter: the caller falls back to JSON).
#[derive(Debug)]
pub struct NotFlat;

impl Display for NotFlat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a flat record")
    }
}

impl std::error::Error for NotFlat {}

impl ser::Error for NotFlat {
    fn custom<T: Display>(_: T) -> Self {
        NotFlat
    }
}

/// Appends one field: `key=<kind><length>:<value>`.
fn push_field(out: &mut String, key: &str, kind: char, value: &str) {
    out.push_str(key);
    out.push('=');
    out.push(kind);
    out.push_str(itoa::Buffer::new().format(value.encode_utf16().count()));
    out.push(':');
    out.push_str(value);
}

/// The serializer of the record itself: only a struct.
struct Record<'a> {
    out: &'a mut String,
    /// The text of the field being written (one allocation for the record's fields).
    value: String,
}

/// The serializer of one field's value: a string, a number or a boolean, written as text into the
/// string it holds; it answers the kind.
struct Scalar<'a>(&'a mut String);

macro_rules! not_flat {
    ($($method:ident($($ty:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $ty),*) -> Result<Self::Ok, NotFlat> { Err(NotFlat) })*
    };
}

/// The methods of the values that are never flat: an option's content and every compound but the
/// record's own struct (see [`Record`]).
macro_rules! compounds_not_flat {
    () => {
        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Self::Ok, NotFlat> {
            Err(NotFlat)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, NotFlat> {
            Err(NotFlat)
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotFlat> {
            Err(NotFlat)
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotFlat> {
            Err(NotFlat)
        }
        fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, NotFlat> {
            Err(NotFlat)
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, NotFlat> {
            Err(NotFlat)
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotFlat> {
            Err(NotFlat)
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, NotFlat> {
            Err(NotFlat)
        }
    };
}

macro_rules! number {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<Self::Ok, NotFlat> {
            let v = i64::try_from(v).map_err(|_| NotFlat)?; // a u64 beyond i64: JSON then
            self.0.push_str(itoa::Buffer::new().format(v)); // without core::fmt
            Ok('n')
        })*
    };
}

impl ser::Serializer for Scalar<'_> {
    type Ok = char;
    type Error = NotFlat;
    type SerializeSeq = Impossible<Self::Ok, NotFlat>;
    type SerializeTuple = Impossible<Self::Ok, NotFlat>;
    type SerializeTupleStruct = Impossible<Self::Ok, NotFlat>;
    type SerializeTupleVariant = Impossible<Self::Ok, NotFlat>;
    type SerializeMap = Impossible<Self::Ok, NotFlat>;
    type SerializeStruct = Impossible<Self::Ok, NotFlat>;
    type SerializeStructVariant = Impossible<Self::Ok, NotFlat>;

    number!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64, serialize_u8: u8,
        serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);

    fn serialize_bool(self, v: bool) -> Result<Self::Ok, NotFlat> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok('b')
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok, NotFlat> {
        self.0.push(v);
        Ok('s')
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok, NotFlat> {
        self.0.push_str(v);
        Ok('s')
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Self::Ok, NotFlat> {
        self.0.push_str(variant);
        Ok('s')
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result<Self::Ok, NotFlat> {
        v.serialize(self)
    }
    not_flat!(
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str)
    );
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NotFlat> {
        Err(NotFlat)
    }
    compounds_not_flat!();
}

impl<'a> ser::Serializer for Record<'a> {
    type Ok = ();
    type Error = NotFlat;
    type SerializeSeq = Impossible<(), NotFlat>;
    type SerializeTuple = Impossible<(), NotFlat>;
    type SerializeTupleStruct = Impossible<(), NotFlat>;
    type SerializeTupleVariant = Impossible<(), NotFlat>;
    type SerializeMap = Impossible<(), NotFlat>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), NotFlat>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, NotFlat> {
        Ok(self)
    }
    not_flat!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str)
    );
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, _: &T) -> Result<(), NotFlat> {
        Err(NotFlat)
    }
    compounds_not_flat!();
}

impl SerializeStruct for Record<'_> {
    type Ok = ();
    type Error = NotFlat;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), NotFlat> {
        self.value.clear();
        let kind = value.serialize(Scalar(&mut self.value))?;
        push_field(self.out, key, kind, &self.value);
        Ok(())
    }

    fn skip_field(&mut self, _: &'static str) -> Result<(), NotFlat> {
        Ok(())
    }

    fn end(self) -> Result<(), NotFlat> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use affiliate_kit::codes::CodeProblem;

    use super::flat_record;

    #[test]
    fn a_code_problem_is_a_flat_record() {
        assert_eq!(flat_record(&CodeProblem::Empty).as_deref(), Some("type=s5:empty"));
        assert_eq!(
            flat_record(&CodeProblem::Reserved { word: "ADMIN".into() }).as_deref(),
            Some("type=s8:reservedword=s5:ADMIN")
        );
        // Lengths count UTF-16 units, as JS strings do: an emoji is two.
        assert_eq!(
            flat_record(&CodeProblem::InvalidCharacter { character: '😀', position: 4 }).as_deref(),
            Some("type=s17:invalid_charactercharacter=s2:😀position=n1:4")
        );
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        #[derive(serde::Serialize)]
        struct Numbers {
            zero: u8,
            small: i32,
            large: u64,
            smallest: i64,
        }
        let numbers = Numbers { zero: 0, small: -7, large: i64::MAX as u64, smallest: i64::MIN };
        assert_eq!(
            flat_record(&numbers).as_deref(),
            Some("zero=n1:0small=n2:-7large=n19:9223372036854775807smallest=n20:-9223372036854775808")
        );
        // Beyond i64 (and JS's exact integers anyway): not flat, so JSON.
        assert_eq!(flat_record(&Numbers { zero: 0, small: 0, large: u64::MAX, smallest: 0 }), None);
    }

    #[test]
    fn a_nested_value_is_not_flat() {
        assert_eq!(flat_record(&vec![1, 2]), None);
        assert_eq!(flat_record("text"), None);
    }
}
