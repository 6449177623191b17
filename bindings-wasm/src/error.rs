//! The binding's one error type. A failure crosses to JavaScript as the JSON text of
//! `{"code", "message", "path"?, "details"?}`; the package's `call()` turns it into the `Error`
//! subclass of its code.

use affiliate_kit::Error as CoreError;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Everything a binding function can fail with.
#[derive(Debug)]
pub enum Error {
    /// An error of the core: becomes the JS error class of its kind.
    Core(CoreError),
    /// A result that could not be written as JSON (cannot happen with the core's types).
    Json(serde_json::Error),
}

impl From<CoreError> for Error {
    fn from(error: CoreError) -> Self {
        Error::Core(error)
    }
}

impl From<serde_json::Error> for Error {
    fn from(error: serde_json::Error) -> Self {
        Error::Json(error)
    }
}

/// The result type of the binding functions.
pub type Result<T> = std::result::Result<T, Error>;

/// The failure as JavaScript receives it.
#[derive(Serialize)]
struct Failure<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<Details<'a>>,
}

/// The structured fields of the error kinds that have them.
#[derive(Serialize)]
#[serde(untagged)]
enum Details<'a> {
    NotFound { entity: &'a str, id: &'a str },
    Mismatch { expected: &'a str, found: &'a str },
    Version { found: u32, supported: u32 },
    Code { problem: &'a affiliate_kit::codes::CodeProblem },
}

impl From<Error> for JsValue {
    fn from(error: Error) -> JsValue {
        let text = match &error {
            Error::Core(e) => serde_json::to_string(&Failure {
                code: e.kind().code(),
                message: e.to_string(),
                path: e.path(),
                details: details(e),
            }),
            Error::Json(e) => {
                serde_json::to_string(&Failure { code: "INTERNAL", message: e.to_string(), path: None, details: None })
            }
        };
        JsValue::from_str(
            &text.unwrap_or_else(|_| String::from(r#"{"code":"INTERNAL","message":"unencodable error"}"#)),
        )
    }
}

fn details(error: &CoreError) -> Option<Details<'_>> {
    Some(match error {
        CoreError::NotFound { entity, id } => Details::NotFound { entity, id },
        CoreError::CurrencyMismatch { expected, found } => Details::Mismatch { expected, found },
        CoreError::UnsupportedVersion { found, supported, .. } => {
            Details::Version { found: *found, supported: *supported }
        }
        CoreError::InvalidCode { reason, .. } => Details::Code { problem: reason },
        _ => return None,
    })
}
