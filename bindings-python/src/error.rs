//! The binding's one error type, and its conversion to the Python exception of the core's kind
//! (classes defined in `affiliate_kit.errors`).

use affiliate_kit::{DetailValue, Error as CoreError};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Everything a native function can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An error of the core: becomes the exception class of its kind.
    #[error(transparent)]
    Core(#[from] CoreError),
    /// A result that could not be written as JSON (cannot happen with the core's types).
    #[error("internal serialization error: {0}")]
    Json(#[from] serde_json::Error),
}

/// The result type of the native functions.
pub type Result<T> = std::result::Result<T, Error>;

impl From<Error> for PyErr {
    fn from(error: Error) -> PyErr {
        match error {
            Error::Core(e) => Python::attach(|py| core_error(py, &e).unwrap_or_else(|failed| failed)),
            Error::Json(e) => PyRuntimeError::new_err(e.to_string()),
        }
    }
}

/// Builds the exception through `affiliate_kit.errors._from_core(code, message, details)`: the
/// core's details (`Error::details`) with `path`; a structured detail (a code problem) as its JSON.
fn core_error(py: Python<'_>, error: &CoreError) -> PyResult<PyErr> {
    let details = PyDict::new(py);
    if let Some(path) = error.path() {
        details.set_item("path", path)?;
    }
    for (name, value) in error.details() {
        match value {
            DetailValue::Text(text) => details.set_item(name, text)?,
            DetailValue::Integer(n) => details.set_item(name, n)?,
            DetailValue::Problem(problem) => details.set_item(name, serde_json::to_string(problem).ok())?,
        }
    }
    let errors = py.import("affiliate_kit.errors")?;
    let exception = errors.getattr("_from_core")?.call1((error.kind().code(), error.to_string(), details))?;
    Ok(PyErr::from_value(exception))
}
