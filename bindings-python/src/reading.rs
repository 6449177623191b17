//! User input read straight from Python values into the core's types (serde), without the JSON text
//! the package's encoder (`_codec.encode` + `json.dumps`) would write first.
//!
//! The reader takes exactly the values that encoder passes through or converts: `None`, `str`,
//! `bool`, `int` (within 64 bits), `dict` with `str` keys, `list` and `tuple`, `decimal.Decimal` (as
//! `format(value, "f")`), `datetime` and `date` (as `isoformat()`: the core reads the offset; a naive
//! datetime has none and is refused by the core). Anything else (a float, another mapping, a record,
//! a datetime whose offset has seconds), and any value the core refuses, is [`NotRead`]: the caller
//! then takes the encoder's path, which answers exactly the error it always answered. So this path
//! changes what a call costs, never what it answers.

use std::borrow::Cow;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple, PyType};
use serde::de::DeserializeOwned;

use crate::pytypes;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

/// The value could not be read here (the reason does not matter: the caller takes the JSON path).
#[derive(Debug)]
pub struct NotRead;

impl std::fmt::Display for NotRead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not read from Python values")
    }
}

impl std::error::Error for NotRead {}

impl de::Error for NotRead {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NotRead
    }
}

/// `T` read from a Python value, or [`NotRead`].
pub fn read<T: DeserializeOwned>(value: &Bound<'_, PyAny>) -> Result<T, NotRead> {
    T::deserialize(Value(value.clone()))
}

/// One Python value as a serde deserializer.
struct Value<'py>(Bound<'py, PyAny>);

impl<'py> Value<'py> {
    /// The text of a value that crosses as a string: a decimal or a date-time, else `None`.
    fn converted_text(&self) -> Result<Option<String>, NotRead> {
        let (obj, py) = (&self.0, self.0.py());
        let is = |class: PyResult<&Bound<'_, PyType>>| -> Result<bool, NotRead> {
            obj.is_instance(class.map_err(|_| NotRead)?.as_any()).map_err(|_| NotRead)
        };
        let text = if is(pytypes::decimal(py))? {
            obj.call_method1("__format__", ("f",))
        } else if is(pytypes::datetime(py))? || is(pytypes::date(py))? {
            obj.call_method0("isoformat")
        } else {
            return Ok(None);
        };
        Ok(Some(text.and_then(|t| t.extract::<String>()).map_err(|_| NotRead)?))
    }
}

impl<'de, 'py> de::Deserializer<'de> for Value<'py> {
    type Error = NotRead;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotRead> {
        let obj = &self.0;
        if obj.is_none() {
            return visitor.visit_unit();
        }
        if let Ok(text) = obj.cast::<PyString>() {
            return match text.to_cow().map_err(|_| NotRead)? {
                Cow::Borrowed(s) => visitor.visit_str(s),
                Cow::Owned(s) => visitor.visit_string(s),
            };
        }
        if let Ok(flag) = obj.cast::<PyBool>() {
            return visitor.visit_bool(flag.is_true());
        }
        if obj.cast::<PyInt>().is_ok() {
            // As serde_json reads a JSON integer: unsigned when not negative.
            if let Ok(n) = obj.extract::<u64>() {
                return visitor.visit_u64(n);
            }
            return visitor.visit_i64(obj.extract::<i64>().map_err(|_| NotRead)?);
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            if !dict.is_exact_instance_of::<PyDict>() {
                return Err(NotRead);
            }
            return visitor.visit_map(Map { items: dict.iter(), value: None });
        }
        if obj.is_exact_instance_of::<PyList>() || obj.is_exact_instance_of::<PyTuple>() {
            return visitor.visit_seq(Seq(obj.try_iter().map_err(|_| NotRead)?));
        }
        match self.converted_text()? {
            Some(text) => visitor.visit_string(text),
            None => Err(NotRead),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotRead> {
        if self.0.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, NotRead> {
        visitor.visit_newtype_struct(self)
    }

    /// An externally tagged enum, as serde_json reads one: a string (a unit variant) or a dict of
    /// one key (the variant) to its content.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NotRead> {
        if let Ok(text) = self.0.cast::<PyString>() {
            let name: String = text.to_cow().map_err(|_| NotRead)?.into_owned();
            return visitor.visit_enum(name.into_deserializer());
        }
        let dict = self.0.cast::<PyDict>().map_err(|_| NotRead)?;
        let mut items = dict.items().iter();
        match (items.next(), items.next()) {
            (Some(item), None) => {
                let (key, value): (Bound<'py, PyAny>, Bound<'py, PyAny>) = item.extract().map_err(|_| NotRead)?;
                visitor.visit_enum(Variant { key, value })
            }
            _ => Err(NotRead),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NotRead> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// A dict's items, key then value.
struct Map<'py> {
    items: pyo3::types::dict::BoundDictIterator<'py>,
    value: Option<Bound<'py, PyAny>>,
}

impl<'de, 'py> de::MapAccess<'de> for Map<'py> {
    type Error = NotRead;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, NotRead> {
        let Some((key, value)) = self.items.next() else { return Ok(None) };
        if !key.is_exact_instance_of::<PyString>() {
            return Err(NotRead); // the encoder refuses keys other than str
        }
        self.value = Some(value);
        seed.deserialize(Value(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, NotRead> {
        seed.deserialize(Value(self.value.take().ok_or(NotRead)?))
    }
}

/// A list's or tuple's items.
struct Seq<'py>(Bound<'py, pyo3::types::PyIterator>);

impl<'de, 'py> de::SeqAccess<'de> for Seq<'py> {
    type Error = NotRead;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, NotRead> {
        match self.0.next() {
            Some(item) => seed.deserialize(Value(item.map_err(|_| NotRead)?)).map(Some),
            None => Ok(None),
        }
    }
}

/// The one entry of a dict read as an externally tagged enum.
struct Variant<'py> {
    key: Bound<'py, PyAny>,
    value: Bound<'py, PyAny>,
}

impl<'de, 'py> de::EnumAccess<'de> for Variant<'py> {
    type Error = NotRead;
    type Variant = Value<'py>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Value<'py>), NotRead> {
        Ok((seed.deserialize(Value(self.key))?, Value(self.value)))
    }
}

impl<'de, 'py> de::VariantAccess<'de> for Value<'py> {
    type Error = NotRead;

    fn unit_variant(self) -> Result<(), NotRead> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, NotRead> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, NotRead> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], visitor: V) -> Result<V::Value, NotRead> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}
