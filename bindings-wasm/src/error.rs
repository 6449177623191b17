//! The binding's one error type. A failure crosses to JavaScript as the JSON text of the core's
//! `Failure` (`{"code", "message", "path"?, "details"?}`); the package's `call()` turns it into the
//! `Error` subclass of its code.

use affiliate_kit::{Error as CoreError, Failure};
use wasm_bindgen::JsValue;

/// Everything a binding function can fail with.
#[derive(Debug)]
pub enum Error {
    /// An error of the core: becomes the JS error class of its kind.
    Core(CoreError),
    /// A result that could not be written as JSON (cannot happen with the core's types). It carries
    /// no text: serde_json's error messages would weigh on the checkout module for nothing.
    Json,
}

impl From<CoreError> for Error {
    fn from(error: CoreError) -> Self {
        Error::Core(error)
    }
}

impl From<serde_json::Error> for Error {
    fn from(_: serde_json::Error) -> Self {
        Error::Json
    }
}

/// The result type of the binding functions.
pub type Result<T> = std::result::Result<T, Error>;

impl From<Error> for JsValue {
    fn from(error: Error) -> JsValue {
        let failure = match &error {
            Error::Core(e) => e.failure(),
            Error::Json => Failure {
                code: "INTERNAL",
                message: "a result could not be written as JSON".to_string(),
                path: None,
                details: Vec::new(),
            },
        };
        JsValue::from_str(
            &serde_json::to_string(&failure)
                .unwrap_or_else(|_| String::from(r#"{"code":"INTERNAL","message":"unencodable error"}"#)),
        )
    }
}
