//! WebAssembly binding of affiliate-kit: the core's verbs, taking JSON text (the full build), fields
//! (the checkout functions: see `codes`) and plain strings, and returning JSON text. The JavaScript
//! package (`js/`) converts JS values to and from these and turns failures into `Error` subclasses
//! with a `code`; nothing here decides anything.
//!
//! Two builds from this crate: the `checkout` feature (codes, a list of codes to validate against,
//! incentive previews) and the `full` feature (everything the core offers, plans included).

/// The checkout module's allocator: lol_alloc's free list, a few hundred bytes of code where the
/// standard dlmalloc costs 7 KB. A checkout page makes a few small allocations per call and frees
/// them all; the full build, which holds whole programs, keeps dlmalloc.
#[cfg(all(target_arch = "wasm32", not(feature = "full")))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

mod codes;
mod error;
#[cfg(feature = "checkout-codes")]
mod flat;
mod text;

#[cfg(feature = "full")]
mod plans;

#[cfg(feature = "full")]
mod codes_full;
#[cfg(feature = "full")]
mod money;
#[cfg(feature = "full")]
mod periods;
#[cfg(feature = "full")]
mod program;
#[cfg(feature = "full")]
mod webhooks;
