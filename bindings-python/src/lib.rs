//! The native module `affiliate_kit._native`: the core's verbs, taking and returning JSON text and
//! plain strings. The typed public package (`python/affiliate_kit`) converts Python values to and
//! from these; nothing here decides anything.

mod batch;
mod codes;
mod delivery;
mod error;
mod money;
mod objects;
mod periods;
mod plans;
mod program;
mod pytypes;
mod reading;
mod text;
mod webhooks;

use pyo3::prelude::*;

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    money::register(m)?;
    codes::register(m)?;
    plans::register(m)?;
    batch::register(m)?;
    periods::register(m)?;
    webhooks::register(m)?;
    m.add_class::<objects::Shape>()?;
    m.add_class::<program::Program>()?;
    m.add_class::<delivery::WebhookWorker>()?;
    Ok(())
}
