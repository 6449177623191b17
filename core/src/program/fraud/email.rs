//! E-mail addresses as one mailbox: what the self-referral rule compares.

/// Domains whose mailboxes ignore dots in the local part (Gmail's), the first being the canonical one.
const DOTLESS: [&str; 2] = ["gmail.com", "googlemail.com"];

/// Whether two addresses deliver to the same mailbox: equal in lower case once a `+tag` is dropped,
/// and for Gmail (`gmail.com`, `googlemail.com`, one domain) once dots are dropped from the local
/// part: `Ann.Lee+promo@GoogleMail.com` is `annlee@gmail.com`. Allocates nothing.
pub(crate) fn same_mailbox(a: &str, b: &str) -> bool {
    let (la, da) = parts(a);
    let (lb, db) = parts(b);
    let dotless = is_dotless(da);
    if !(da.eq_ignore_ascii_case(db) || dotless && is_dotless(db)) {
        return false;
    }
    let keep = |c: &u8| !(dotless && *c == b'.');
    la.bytes().filter(keep).map(|c| c.to_ascii_lowercase()).eq(lb.bytes().filter(keep).map(|c| c.to_ascii_lowercase()))
}

/// The local part without its `+tag`, and the domain.
fn parts(email: &str) -> (&str, &str) {
    let (local, domain) = email.rsplit_once('@').unwrap_or((email, ""));
    (local.split_once('+').map_or(local, |(base, _)| base), domain)
}

fn is_dotless(domain: &str) -> bool {
    DOTLESS.iter().any(|d| d.eq_ignore_ascii_case(domain))
}

#[cfg(test)]
mod tests {
    use super::DOTLESS;

    /// The mailbox an address delivers to: lower case, without a `+tag`, and for Gmail without dots
    /// (and `googlemail.com` as `gmail.com`). `Ann.Lee+promo@GoogleMail.com` is `annlee@gmail.com`.
    fn mailbox(email: &str) -> String {
        let email = email.to_ascii_lowercase();
        let Some((local, domain)) = email.rsplit_once('@') else { return email };
        let local = local.split_once('+').map_or(local, |(base, _)| base);
        if DOTLESS.contains(&domain) {
            let local: String = local.chars().filter(|&c| c != '.').collect();
            return format!("{local}@{}", DOTLESS[0]);
        }
        format!("{local}@{domain}")
    }

    #[test]
    fn one_mailbox_whatever_the_spelling() {
        assert_eq!(mailbox("Ann.Lee+promo@GoogleMail.com"), "annlee@gmail.com");
        assert_eq!(mailbox("a.n.n.lee@gmail.com"), "annlee@gmail.com");
        // Dots count elsewhere; a tag never does.
        assert_eq!(mailbox("ann.lee+x@example.com"), "ann.lee@example.com");
        assert_ne!(mailbox("ann.lee@example.com"), mailbox("annlee@example.com"));
        assert_eq!(mailbox("no-at-sign"), "no-at-sign");
        for (a, b, same) in [
            ("Ann.Lee+promo@GoogleMail.com", "annlee@gmail.com", true),
            ("ann+a@example.com", "ANN+b@Example.COM", true),
            ("ann.lee@example.com", "annlee@example.com", false),
            ("ann@example.com", "ann@example.org", false),
        ] {
            assert_eq!(super::same_mailbox(a, b), same, "{a} {b}");
            assert_eq!(mailbox(a) == mailbox(b), same, "{a} {b}");
        }
    }
}
