//! Stable snake_case names for enums that appear in messages, the same names as in JSON.

/// Implements `as_str` (the JSON name) and `Display` for a field-less enum.
macro_rules! snake_names {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// The name used in JSON and messages, e.g. `"half_up"`.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(Self::$variant => $name),+
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use snake_names;
