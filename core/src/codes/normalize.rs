//! Normalization: the one canonical spelling of a typed code.

use super::policy::{to_u32, to_usize};
use super::{CodePolicy, CodeProblem};
use crate::error::{Error, Result};

/// Normalizes a typed code: trims surrounding whitespace, removes ASCII spaces and hyphens and
/// upper-cases ASCII letters, so `" ab-c 12 "` becomes `"ABC12"`.
///
/// Any other character (a Cyrillic `А` look-alike, a zero-width space, an emoji, `_`, a tab inside
/// the code) is rejected with [`CodeProblem::InvalidCharacter`] naming the first one and its
/// 0-based character position in the original input. Then the policy's length bounds apply
/// ([`CodeProblem::Empty`], [`CodeProblem::TooShort`], [`CodeProblem::TooLong`]). The work is linear
/// in the input and at most `max_length + 1` characters are kept, so huge inputs fail fast.
/// Normalizing a normalized code returns it unchanged.
pub fn normalize(input: &str, policy: &CodePolicy) -> Result<String> {
    normalize_code(input, policy).map_err(|reason| invalid(input, reason))
}

/// Builds the [`Error::InvalidCode`] for `input`.
pub(crate) fn invalid(input: &str, reason: CodeProblem) -> Error {
    Error::InvalidCode { input: input.to_string(), reason }
}

/// [`normalize`] with the bare problem as the error.
pub(crate) fn normalize_code(input: &str, policy: &CodePolicy) -> Result<String, CodeProblem> {
    let mut code = String::new();
    normalize_into(input, policy, &mut code)?;
    Ok(code)
}

/// [`normalize_code`] into `code` (cleared first; its capacity is reused): a keystroke's check
/// allocates nothing once `code` has room.
pub(crate) fn normalize_into(input: &str, policy: &CodePolicy, code: &mut String) -> Result<(), CodeProblem> {
    let length = canonical_chars_into(input, policy.max_length.saturating_add(1), code)?;
    if length == 0 {
        Err(CodeProblem::Empty)
    } else if length < policy.min_length {
        Err(CodeProblem::TooShort { length, min: policy.min_length })
    } else if length > policy.max_length {
        Err(CodeProblem::TooLong { length, max: policy.max_length })
    } else {
        Ok(())
    }
}

/// The character rules of [`normalize`] without length bounds: returns at most `keep` normalized
/// characters and the full normalized length (saturating at `u32::MAX`). Used for policy prefixes and
/// reserved words too.
pub(crate) fn canonical_chars(input: &str, keep: u32) -> Result<(String, u32), CodeProblem> {
    let mut code = String::new();
    let length = canonical_chars_into(input, keep, &mut code)?;
    Ok((code, length))
}

/// [`canonical_chars`] into `code` (cleared first), answering the full normalized length.
fn canonical_chars_into(input: &str, keep: u32, code: &mut String) -> Result<u32, CodeProblem> {
    code.clear();
    let keep = to_usize(keep);
    if input.is_ascii() {
        canonical_ascii(input.as_bytes(), keep, code)
    } else {
        canonical_unicode(input, keep, code)
    }
}

/// [`canonical_chars_into`] of any input, character by character.
fn canonical_unicode(input: &str, keep: usize, code: &mut String) -> Result<u32, CodeProblem> {
    let leading = input.chars().take_while(|c| c.is_whitespace()).count();
    code.reserve(input.len().min(keep));
    let mut length = 0usize;
    for (index, c) in input.trim().chars().enumerate() {
        if c == ' ' || c == '-' {
            continue;
        }
        if !c.is_ascii_alphanumeric() {
            return Err(CodeProblem::InvalidCharacter {
                character: c,
                position: to_u32(leading.saturating_add(index)),
            });
        }
        if length < keep {
            code.push(c.to_ascii_uppercase());
        }
        length += 1;
    }
    Ok(to_u32(length))
}

/// [`canonical_chars_into`] of an ASCII input, byte by byte (what shoppers type; a keystroke's check
/// should not decode UTF-8). The same rules: a byte is a character, and the whitespace trimmed is
/// `char::is_whitespace`'s (which, unlike `u8::is_ascii_whitespace`, includes the vertical tab).
fn canonical_ascii(input: &[u8], keep: usize, code: &mut String) -> Result<u32, CodeProblem> {
    let leading = input.iter().take_while(|b| is_trimmed_space(**b)).count();
    let trimmed = trim_ascii_space(input.get(leading..).unwrap_or_default());
    // Written as bytes (each an ASCII letter or digit), then taken back as the string.
    let mut bytes = std::mem::take(code).into_bytes();
    bytes.reserve(trimmed.len().min(keep));
    let mut length = 0usize;
    let mut problem = None;
    for (index, &b) in trimmed.iter().enumerate() {
        if b == b' ' || b == b'-' {
            continue;
        }
        if !b.is_ascii_alphanumeric() {
            problem = Some(CodeProblem::InvalidCharacter {
                character: char::from(b),
                position: to_u32(leading.saturating_add(index)),
            });
            break;
        }
        if length < keep {
            bytes.push(b.to_ascii_uppercase());
        }
        length += 1;
    }
    *code = String::from_utf8(bytes).unwrap_or_default(); // ASCII: always UTF-8
    problem.map_or(Ok(to_u32(length)), Err)
}

/// Whether an ASCII byte is whitespace as `char::is_whitespace` says (unlike
/// `u8::is_ascii_whitespace`, the vertical tab is).
#[inline]
fn is_trimmed_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// ASCII bytes without the whitespace `str::trim` removes around them.
pub(crate) fn trim_ascii_space(bytes: &[u8]) -> &[u8] {
    let mut rest = bytes;
    while let [first, tail @ ..] = rest {
        if !is_trimmed_space(*first) {
            break;
        }
        rest = tail;
    }
    while let [head @ .., last] = rest {
        if !is_trimmed_space(*last) {
            break;
        }
        rest = head;
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::{canonical_ascii, canonical_unicode, CodeProblem};
    use proptest::prelude::*;

    /// A path's answer with the code it wrote.
    fn run(path: impl Fn(&mut String) -> Result<u32, CodeProblem>) -> Result<(String, u32), CodeProblem> {
        let mut code = String::new();
        path(&mut code).map(|length| (code, length))
    }

    proptest! {
        /// The byte-by-byte path answers exactly as the character path on every ASCII input.
        #[test]
        fn the_ascii_path_is_the_character_path(input in "[ -~\t\n\x0B\x0C\r]{0,40}", keep in 0usize..48) {
            prop_assert_eq!(
                run(|code| canonical_ascii(input.as_bytes(), keep, code)),
                run(|code| canonical_unicode(&input, keep, code))
            );
        }
    }

    #[test]
    fn a_vertical_tab_is_trimmed_as_whitespace() {
        assert_eq!(run(|code| canonical_ascii(b"\x0Bab-c\x0C", 10, code)), Ok(("ABC".to_string(), 3)));
        assert_eq!(run(|code| canonical_unicode("\u{0B}ab-c\u{0C}", 10, code)), Ok(("ABC".to_string(), 3)));
    }
}
