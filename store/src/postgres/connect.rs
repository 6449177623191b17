//! How a PostgreSQL program's URL becomes connections: `?program=` and `sslrootcert=` are ours, the
//! other parameters PostgreSQL's. TLS is used when the URL says `sslmode=require`: the server's
//! certificate is then verified (rustls) against the certificates of `sslrootcert=PATH` (PEM) or,
//! without it, the public web roots; any other `sslmode` connects in plain text.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use affiliate_kit::{Error, Result};
use postgres::config::SslMode;
use postgres::{Client, Config, NoTls};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::CertificateDer;
use tokio_postgres_rustls::MakeRustlsConnect;

use super::{pg, DEFAULT_PROGRAM};

/// Makes the connections of one URL.
#[derive(Clone)]
pub(crate) struct Connector {
    config: Config,
    /// `Some` with `sslmode=require`.
    tls: Option<MakeRustlsConnect>,
}

impl Connector {
    /// The connector and the program's id of a URL
    /// (`postgresql://user@host:port/db?program=main&sslmode=require&sslrootcert=ca.pem`).
    pub(crate) fn from_url(url: &str) -> Result<(Connector, String)> {
        let invalid = |reason: String| Error::InvalidInput { field: "url".into(), reason };
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let (mut program, mut root_cert) = (None, None);
        let mut rest = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("program", name)) => program = Some(name.to_string()),
                Some(("sslrootcert", path)) => root_cert = Some(path.to_string()),
                _ => rest.push(pair),
            }
        }
        let program = program.unwrap_or_else(|| DEFAULT_PROGRAM.to_string());
        if program.is_empty() || program.len() > 200 {
            return Err(invalid("the program's name (?program=) must have 1 to 200 characters".into()));
        }
        let url = if rest.is_empty() { base.to_string() } else { format!("{base}?{}", rest.join("&")) };
        let config = Config::from_str(&url).map_err(|e| invalid(e.to_string()))?;
        let tls = match config.get_ssl_mode() {
            SslMode::Require => Some(tls(root_cert.as_deref())?),
            _ if root_cert.is_some() => {
                return Err(invalid("sslrootcert is given without sslmode=require".into()));
            }
            _ => None,
        };
        Ok((Connector { config, tls }, program))
    }

    /// A new connection; with `lock_timeout`, waits for row locks at most that long (then `BUSY`).
    pub(crate) fn connect(&self, lock_timeout: Option<Duration>) -> Result<Client> {
        let mut client = match &self.tls {
            Some(tls) => self.config.connect(tls.clone()),
            None => self.config.connect(NoTls),
        }
        .map_err(pg("connect"))?;
        if let Some(timeout) = lock_timeout {
            client.batch_execute(&format!("SET lock_timeout = {}", timeout.as_millis())).map_err(pg("connect"))?;
        }
        Ok(client)
    }
}

/// The TLS connector: the roots of `root_cert` (a PEM file), else the public web roots.
fn tls(root_cert: Option<&str>) -> Result<MakeRustlsConnect> {
    let mut roots = rustls::RootCertStore::empty();
    match root_cert {
        Some(path) => {
            let invalid = |reason: String| Error::InvalidInput { field: "url.sslrootcert".into(), reason };
            for cert in CertificateDer::pem_file_iter(path).map_err(|e| invalid(format!("{path}: {e}")))? {
                let cert = cert.map_err(|e| invalid(format!("{path}: {e}")))?;
                roots.add(cert).map_err(|e| invalid(format!("{path}: {e}")))?;
            }
            if roots.is_empty() {
                return Err(invalid(format!("{path}: no certificate")));
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Storage { operation: "connect".into(), reason: e.to_string() })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

#[cfg(test)]
mod tests {
    use super::Connector;

    #[test]
    fn the_program_and_root_certificate_parameters_are_ours_and_the_rest_postgresql_s() {
        let (connector, program) =
            Connector::from_url("postgresql://ana@db.example:5433/shop?program=eu&connect_timeout=5")
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(program, "eu");
        assert_eq!(connector.config.get_user(), Some("ana"));
        assert_eq!(connector.config.get_dbname(), Some("shop"));
        assert_eq!(connector.config.get_connect_timeout(), Some(&std::time::Duration::from_secs(5)));
        assert!(connector.tls.is_none());
        let (connector, program) =
            Connector::from_url("postgresql://ana@localhost/shop?sslmode=require").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(program, "main");
        assert!(connector.tls.is_some());
        let field = |url: &str| match Connector::from_url(url) {
            Err(affiliate_kit::Error::InvalidInput { field, .. }) => field,
            other => panic!("{:?}", other.map(|(_, p)| p)),
        };
        assert_eq!(field("postgresql://ana@localhost/shop?program="), "url");
        assert_eq!(field("postgresql://ana@localhost/shop?sslrootcert=/nowhere.pem"), "url");
        assert_eq!(
            field("postgresql://ana@localhost/shop?sslmode=require&sslrootcert=/nowhere.pem"),
            "url.sslrootcert"
        );
    }
}
