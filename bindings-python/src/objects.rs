//! Core results built straight into the package's typed records, without JSON text in between.
//!
//! The package compiles each result type once into a shape (`affiliate_kit._codec.shape_of`: the
//! dataclass of each object, its fields by JSON key, which values are decimals or instants, which
//! unions are tagged) and hands it to [`Shape::compile`]. A result is then serialized (serde) into
//! Python objects following its shape: each record is created as `object.__new__(cls)` with its
//! fields put in its `__dict__`, exactly what the decoder of `_codec` does on parsed JSON, in Rust.
//! A value the shape does not expect is a `TypeError` (a binding bug, which the tests would show).
//! Nothing here decides anything: the records hold what the core serialized.

use std::collections::HashMap;
use std::fmt::Display;
use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use serde::ser::{self, Serialize};

use crate::pytypes;

/// What a value must become.
enum Kind {
    /// Plain JSON-like Python values (dict, list, str, int, bool, None).
    Any,
    Str,
    Int,
    Bool,
    /// A decimal string, made a `decimal.Decimal` by the package's constructor.
    Decimal(Py<PyAny>),
    /// An RFC 3339 string, made a `datetime` by the package's parser.
    DateTime(Py<PyAny>),
    Optional(Arc<Kind>),
    List(Arc<Kind>),
    Dict(Arc<Kind>),
    Record(Arc<Record>),
    /// An internally tagged union: the variant record by the value of the tag key.
    Tagged {
        tag_key: String,
        variants: HashMap<String, Arc<Record>>,
    },
}

/// A dataclass: its fields in declaration order, looked up by JSON key.
struct Record {
    cls: Py<PyAny>,
    /// `object.__new__`, when the record is built as `object.__new__(cls)` and its `__dict__` filled
    /// (else it is built as `cls(**fields)`).
    new: Option<Py<PyAny>>,
    fields: Vec<Field>,
    /// Each field's JSON key (`None`: never in the JSON), by position: a record has few fields, so a
    /// scan beats hashing.
    keys: Vec<Option<String>>,
    /// The tag key a variant's object carries, which the record skips.
    tag_key: Option<String>,
}

struct Field {
    name: Py<PyString>,
    kind: Arc<Kind>,
    absent: Absent,
}

/// What a field is when the core left its key out.
enum Absent {
    Required,
    Value(Py<PyAny>),
    Factory(Py<PyAny>),
}

/// A compiled result shape (see the module documentation).
#[pyclass(module = "affiliate_kit._native", frozen)]
pub struct Shape(Arc<Kind>);

#[pymethods]
impl Shape {
    /// Compiles a shape description: nested tuples whose first item names the kind (`any`, `str`,
    /// `int`, `bool`, `decimal`, `datetime`, `optional`, `list`, `dict`, `record`, `tagged`).
    #[staticmethod]
    fn compile(description: &Bound<'_, PyAny>) -> PyResult<Shape> {
        Ok(Shape(kind_of(description, 0)?))
    }
}

/// Deeper than this, a description is taken for a cycle.
const MAX_DEPTH: usize = 64;

fn kind_of(d: &Bound<'_, PyAny>, depth: usize) -> PyResult<Arc<Kind>> {
    if depth > MAX_DEPTH {
        return Err(PyTypeError::new_err("result shape: too deep (a recursive type?)"));
    }
    let d = d.cast::<PyTuple>()?;
    let item = |i: usize| d.get_item(i);
    let tag: String = item(0)?.extract()?;
    Ok(Arc::new(match tag.as_str() {
        "any" => Kind::Any,
        "str" => Kind::Str,
        "int" => Kind::Int,
        "bool" => Kind::Bool,
        "decimal" => Kind::Decimal(item(1)?.unbind()),
        "datetime" => Kind::DateTime(item(1)?.unbind()),
        "optional" => Kind::Optional(kind_of(&item(1)?, depth + 1)?),
        "list" => Kind::List(kind_of(&item(1)?, depth + 1)?),
        "dict" => Kind::Dict(kind_of(&item(1)?, depth + 1)?),
        "record" => Kind::Record(record_of(d, depth)?),
        "tagged" => {
            let mut variants = HashMap::new();
            for variant in item(2)?.try_iter()? {
                let variant = variant?;
                let variant = variant.cast::<PyTuple>()?;
                let name: String = variant.get_item(0)?.extract()?;
                let record = record_of(variant.get_item(1)?.cast::<PyTuple>()?, depth + 1)?;
                variants.entry(name).or_insert(record);
            }
            Kind::Tagged { tag_key: item(1)?.extract()?, variants }
        }
        other => return Err(PyTypeError::new_err(format!("result shape: unknown kind {other:?}"))),
    }))
}

/// `("record", cls, direct, fields, tag_key)`, each field `(name, key, shape, absent, default)`
/// with `absent` 0 (required), 1 (the default value) or 2 (a factory to call).
fn record_of(d: &Bound<'_, PyTuple>, depth: usize) -> PyResult<Arc<Record>> {
    let mut fields = Vec::new();
    let mut keys = Vec::new();
    for field in d.get_item(3)?.try_iter()? {
        let field = field?;
        let field = field.cast::<PyTuple>()?;
        let key: Option<String> = field.get_item(1)?.extract()?;
        let default = field.get_item(4)?.unbind();
        let absent = match field.get_item(3)?.extract::<u8>()? {
            0 => Absent::Required,
            1 => Absent::Value(default),
            _ => Absent::Factory(default),
        };
        keys.push(key);
        fields.push(Field {
            name: field.get_item(0)?.cast_into::<PyString>()?.unbind(),
            kind: kind_of(&field.get_item(2)?, depth + 1)?,
            absent,
        });
    }
    let py = d.py();
    let direct: bool = d.get_item(2)?.extract()?;
    let new = if direct { Some(py.get_type::<PyAny>().getattr("__new__")?.unbind()) } else { None };
    Ok(Arc::new(Record { cls: d.get_item(1)?.unbind(), new, fields, keys, tag_key: d.get_item(4)?.extract()? }))
}

/// `value` as the Python object of `shape`.
pub fn to_python<T: Serialize + ?Sized>(py: Python<'_>, value: &T, shape: &Shape) -> PyResult<Py<PyAny>> {
    value.serialize(Builder { py, kind: &shape.0 }).map(Bound::unbind).map_err(|e| e.0)
}

/// A serialization failure: the Python error to raise.
#[derive(Debug)]
pub struct Failure(PyErr);

impl Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Failure {}

impl ser::Error for Failure {
    fn custom<M: Display>(message: M) -> Self {
        Failure(PyTypeError::new_err(format!("result shape: {message}")))
    }
}

impl From<PyErr> for Failure {
    fn from(error: PyErr) -> Self {
        Failure(error)
    }
}

type Out<'py> = Result<Bound<'py, PyAny>, Failure>;

fn fail(message: impl Display) -> Failure {
    <Failure as ser::Error>::custom(message)
}

fn unexpected<'py>(what: &str) -> Out<'py> {
    Err(fail(format_args!("unexpected {what}")))
}

/// The serializer of one value into the Python object of `kind`.
#[derive(Clone, Copy)]
struct Builder<'a, 'py> {
    py: Python<'py>,
    kind: &'a Kind,
}

impl<'a, 'py> Builder<'a, 'py> {
    fn with(self, kind: &'a Kind) -> Self {
        Builder { py: self.py, kind }
    }

    /// The kind a present value takes (an optional's inner kind).
    fn present(self) -> Self {
        match self.kind {
            Kind::Optional(inner) => self.with(inner),
            _ => self,
        }
    }

    fn int(self, v: i128) -> Out<'py> {
        match self.present().kind {
            Kind::Int | Kind::Any => Ok(pyo3::types::PyInt::new(self.py, v).into_any()),
            _ => unexpected("integer"),
        }
    }
}

impl<'a, 'py> ser::Serializer for Builder<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Failure;
    type SerializeSeq = Items<'a, 'py>;
    type SerializeTuple = Items<'a, 'py>;
    type SerializeTupleStruct = Items<'a, 'py>;
    type SerializeTupleVariant = ser::Impossible<Self::Ok, Failure>;
    type SerializeMap = Entries<'a, 'py>;
    type SerializeStruct = Fields<'a, 'py>;
    type SerializeStructVariant = ser::Impossible<Self::Ok, Failure>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        match self.present().kind {
            Kind::Bool | Kind::Any => Ok(pyo3::types::PyBool::new(self.py, v).to_owned().into_any()),
            _ => unexpected("boolean"),
        }
    }
    fn serialize_i8(self, v: i8) -> Out<'py> {
        self.int(i128::from(v))
    }
    fn serialize_i16(self, v: i16) -> Out<'py> {
        self.int(i128::from(v))
    }
    fn serialize_i32(self, v: i32) -> Out<'py> {
        self.int(i128::from(v))
    }
    fn serialize_i64(self, v: i64) -> Out<'py> {
        self.int(i128::from(v))
    }
    fn serialize_u8(self, v: u8) -> Out<'py> {
        self.int(i128::from(v))
    }
    fn serialize_u16(self, v: u16) -> Out<'py> {
        self.int(i128::from(v))
    }
    fn serialize_u32(self, v: u32) -> Out<'py> {
        self.int(i128::from(v))
    }
    fn serialize_u64(self, v: u64) -> Out<'py> {
        self.int(i128::from(v))
    }
    fn serialize_f32(self, _: f32) -> Out<'py> {
        unexpected("float")
    }
    fn serialize_f64(self, _: f64) -> Out<'py> {
        unexpected("float")
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        let mut buffer = [0; 4];
        self.serialize_str(v.encode_utf8(&mut buffer))
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        let py = self.py;
        match self.present().kind {
            Kind::Str | Kind::Any => Ok(PyString::new(py, v).into_any()),
            Kind::DateTime(make) => match utc_datetime(py, v) {
                Some(made) => Ok(made?),
                None => Ok(make.bind(py).call1((v,))?),
            },
            Kind::Decimal(make) => Ok(make.bind(py).call1((v,))?),
            _ => unexpected("string"),
        }
    }
    fn serialize_bytes(self, _: &[u8]) -> Out<'py> {
        unexpected("bytes")
    }
    fn serialize_none(self) -> Out<'py> {
        match self.kind {
            Kind::Optional(_) | Kind::Any => Ok(self.py.None().into_bound(self.py)),
            _ => unexpected("null"),
        }
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Out<'py> {
        value.serialize(self.present())
    }
    fn serialize_unit(self) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Out<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Out<'py> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Out<'py> {
        match self.present().kind {
            Kind::Any => {
                let dict = PyDict::new(self.py);
                dict.set_item(variant, value.serialize(self.with(&Kind::Any))?)?;
                Ok(dict.into_any())
            }
            _ => unexpected("enum variant"),
        }
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Items<'a, 'py>, Failure> {
        match self.present().kind {
            Kind::List(item) => Ok(Items { builder: self.with(item), items: Vec::with_capacity(len.unwrap_or(0)) }),
            Kind::Any => Ok(Items { builder: self.with(&Kind::Any), items: Vec::with_capacity(len.unwrap_or(0)) }),
            _ => Err(fail("unexpected array")),
        }
    }
    fn serialize_tuple(self, len: usize) -> Result<Items<'a, 'py>, Failure> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items<'a, 'py>, Failure> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Failure> {
        Err(fail("unexpected tuple variant"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Entries<'a, 'py>, Failure> {
        let value = match self.present().kind {
            Kind::Dict(value) => value,
            Kind::Any => &Kind::Any,
            _ => return Err(fail("unexpected map")),
        };
        Ok(Entries { builder: self.with(value), dict: PyDict::new(self.py), key: None })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields<'a, 'py>, Failure> {
        let target = match self.present().kind {
            Kind::Record(record) => Target::Record(record, vec![None; record.fields.len()]),
            Kind::Tagged { tag_key, variants } => Target::Pending { tag_key, variants },
            // A struct where the package reads a mapping (a plan document): a plain dict.
            Kind::Any => Target::Plain(PyDict::new(self.py), &Kind::Any),
            Kind::Dict(value) => Target::Plain(PyDict::new(self.py), value),
            _ => return Err(fail("unexpected object")),
        };
        Ok(Fields { builder: self, target })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Failure> {
        Err(fail("unexpected struct variant"))
    }
}

/// A list being built.
struct Items<'a, 'py> {
    builder: Builder<'a, 'py>,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> Items<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failure> {
        self.items.push(value.serialize(self.builder)?);
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        Ok(PyList::new(self.builder.py, self.items)?.into_any())
    }
}

/// The three serde traits of a list, each element pushed.
macro_rules! items {
    ($($serialize:ident :: $element:ident),*) => {$(
        impl<'py> ser::$serialize for Items<'_, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Failure;
            fn $element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failure> {
                self.push(value)
            }
            fn end(self) -> Out<'py> {
                self.finish()
            }
        }
    )*};
}

items!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field);

/// A dict being built (string keys, as JSON's).
struct Entries<'a, 'py> {
    builder: Builder<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'py> ser::SerializeMap for Entries<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Failure;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Failure> {
        self.key = Some(key.serialize(self.builder.with(&Kind::Str))?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failure> {
        let key = self.key.take().ok_or_else(|| fail("a map value without its key"))?;
        self.dict.set_item(key, value.serialize(self.builder)?)?;
        Ok(())
    }
    fn end(self) -> Out<'py> {
        Ok(self.dict.into_any())
    }
}

/// What an object's fields go into.
enum Target<'a, 'py> {
    /// A record: each field's value by its position.
    Record(&'a Record, Vec<Option<Bound<'py, PyAny>>>),
    /// A tagged union whose tag (the first field serde writes) is not read yet.
    Pending { tag_key: &'a str, variants: &'a HashMap<String, Arc<Record>> },
    /// A plain dict, and the kind of its values.
    Plain(Bound<'py, PyDict>, &'a Kind),
}

/// An object being built, field by field.
struct Fields<'a, 'py> {
    builder: Builder<'a, 'py>,
    target: Target<'a, 'py>,
}

impl<'py> ser::SerializeStruct for Fields<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Failure;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Failure> {
        let builder = self.builder;
        match &mut self.target {
            Target::Pending { tag_key, variants } => {
                if key != *tag_key {
                    return Err(fail(format_args!("a tagged object without its tag first ({key})")));
                }
                let tag = value.serialize(builder.with(&Kind::Str))?;
                let tag: String = tag.extract()?;
                let record = variants.get(&tag).ok_or_else(|| fail(format_args!("unknown {tag_key} {tag:?}")))?;
                self.target = Target::Record(record, vec![None; record.fields.len()]);
            }
            Target::Record(record, values) => {
                if record.tag_key.as_deref() == Some(key) {
                    return Ok(()); // the union read it
                }
                let i = record
                    .keys
                    .iter()
                    .position(|k| k.as_deref() == Some(key))
                    .ok_or_else(|| fail(format_args!("unknown key {key:?}")))?;
                let (field, slot) =
                    record.fields.get(i).zip(values.get_mut(i)).ok_or_else(|| fail("a field out of range"))?;
                *slot = Some(value.serialize(builder.with(&field.kind))?);
            }
            Target::Plain(dict, kind) => dict.set_item(key, value.serialize(builder.with(kind))?)?,
        }
        Ok(())
    }

    fn skip_field(&mut self, _: &'static str) -> Result<(), Failure> {
        Ok(())
    }

    fn end(self) -> Out<'py> {
        let py = self.builder.py;
        match self.target {
            Target::Plain(dict, _) => Ok(dict.into_any()),
            Target::Pending { .. } => unexpected("tagged object without a tag"),
            Target::Record(record, values) => {
                let cls = record.cls.bind(py);
                // Built directly: what the frozen dataclass's own __init__ does, without the keyword
                // call; else through the class, which fills what is left out.
                let (instance, fields) = match &record.new {
                    Some(new) => {
                        let instance = new.bind(py).call1((cls,))?;
                        let fields = instance.getattr(pyo3::intern!(py, "__dict__"))?;
                        (Some(instance), fields.cast_into::<PyDict>().map_err(PyErr::from)?)
                    }
                    None => (None, PyDict::new(py)),
                };
                for (field, value) in record.fields.iter().zip(values) {
                    let value = match (value, &field.absent) {
                        (Some(value), _) => value,
                        (None, Absent::Value(default)) => default.bind(py).clone(),
                        (None, Absent::Factory(factory)) => factory.bind(py).call0()?,
                        (None, Absent::Required) if instance.is_none() => continue,
                        (None, Absent::Required) => {
                            return unexpected(&format!("object without {}", field.name.bind(py)));
                        }
                    };
                    fields.set_item(field.name.bind(py), value)?;
                }
                match instance {
                    Some(instance) => Ok(instance),
                    None => Ok(cls.call((), Some(&fields))?),
                }
            }
        }
    }
}

/// The aware UTC `datetime` of an RFC 3339 instant, as the package's parser makes it (fractions past
/// microseconds truncated), built without running the parser; `None` when the text is not one
/// (the parser then answers, and raises what it raises).
fn utc_datetime<'py>(py: Python<'py>, text: &str) -> Option<PyResult<Bound<'py, PyAny>>> {
    use chrono::{Datelike, Timelike};
    let instant = chrono::DateTime::parse_from_rfc3339(text).ok()?.with_timezone(&chrono::Utc);
    if instant.nanosecond() >= 1_000_000_000 {
        return None; // a leap second, which the parser refuses
    }
    let (date, micros) = ((instant.year(), instant.month(), instant.day()), instant.nanosecond() / 1_000);
    let made = pytypes::datetime(py).and_then(|class| {
        class.call1((
            date.0,
            date.1,
            date.2,
            instant.hour(),
            instant.minute(),
            instant.second(),
            micros,
            pytypes::utc(py)?,
        ))
    });
    Some(made)
}
