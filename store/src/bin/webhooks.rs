//! `affiliate-kit-webhooks`: webhook delivery for a program kept in PostgreSQL, from the command
//! line. Output is one JSON object per line.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use affiliate_kit_store::{DeliveryOptions, Endpoint, WebhookWorker};

const USAGE: &str = "\
affiliate-kit-webhooks: webhook delivery for a program kept in PostgreSQL

usage:
  affiliate-kit-webhooks deliver --url URL --endpoint NAME=URL [--endpoint ...] [--events NAME=TYPE,TYPE]
                                 [--once] [--max-attempts N] [--backoff-ms N] [--max-backoff-ms N]
                                 [--timeout-ms N] [--idle-ms N]
  affiliate-kit-webhooks dead-letters --url URL [--endpoint NAME]
  affiliate-kit-webhooks replay --url URL --endpoint NAME [SEQUENCE ...]   (none: every dead letter)
  affiliate-kit-webhooks attempts --url URL --endpoint NAME --sequence N

  URL is the program's, postgresql://user@host:port/db?program=main (or AFFILIATE_KIT_DATABASE_URL).
  Each endpoint's secret (whsec_...) is read from AFFILIATE_KIT_WEBHOOK_SECRET_<NAME> (the name in
  capitals, '-' and '.' as '_'), else AFFILIATE_KIT_WEBHOOK_SECRET: never from the command line.
  `deliver` runs until killed (at worst the event in flight is sent again: receivers deduplicate by
  webhook-id), or one pass with --once. Errors exit with status 1 and {\"error\": KIND, \"message\": ...}.
";

/// The command line, parsed: the verb, `--name value` options (repeatable), bare arguments, flags.
struct Args {
    verb: String,
    options: Vec<(String, String)>,
    bare: Vec<String>,
    once: bool,
}

fn parse(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let verb = argv.next().ok_or("no command")?;
    let (mut options, mut bare, mut once) = (Vec::new(), Vec::new(), false);
    while let Some(arg) = argv.next() {
        match arg.strip_prefix("--") {
            Some("once") => once = true,
            Some("help") => return Err(String::new()),
            Some(name) => options.push((name.to_string(), argv.next().ok_or(format!("--{name} needs a value"))?)),
            None => bare.push(arg),
        }
    }
    Ok(Args { verb, options, bare, once })
}

impl Args {
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.options.iter().filter(move |(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn one<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        self.all(name).last()
    }

    fn millis(&self, name: &str, default: Duration) -> Result<Duration, String> {
        self.one(name).map_or(Ok(default), |v| {
            v.parse().map(Duration::from_millis).map_err(|_| format!("--{name}: not a number of milliseconds"))
        })
    }

    fn url(&self) -> Result<String, String> {
        self.one("url")
            .map(str::to_string)
            .or_else(|| std::env::var("AFFILIATE_KIT_DATABASE_URL").ok())
            .ok_or_else(|| "--url (or AFFILIATE_KIT_DATABASE_URL) is needed".into())
    }
}

/// `NAME=URL` endpoints with their secrets from the environment and `--events NAME=TYPE,...`.
fn endpoints(args: &Args) -> Result<Vec<Endpoint>, String> {
    let mut endpoints = Vec::new();
    for given in args.all("endpoint") {
        let (name, url) = given.split_once('=').ok_or(format!("--endpoint {given}: expected NAME=URL"))?;
        let variable = format!("AFFILIATE_KIT_WEBHOOK_SECRET_{}", name.to_uppercase().replace(['-', '.'], "_"));
        let secret = std::env::var(&variable)
            .or_else(|_| std::env::var("AFFILIATE_KIT_WEBHOOK_SECRET"))
            .map_err(|_| format!("no secret for {name}: set {variable} or AFFILIATE_KIT_WEBHOOK_SECRET"))?;
        endpoints.push(Endpoint::new(name, url, &secret));
    }
    for given in args.all("events") {
        let (name, types) = given.split_once('=').ok_or(format!("--events {given}: expected NAME=TYPE,TYPE"))?;
        let endpoint = endpoints.iter_mut().find(|e| e.name == name).ok_or(format!("--events: no endpoint {name}"))?;
        endpoint.event_types = types.split(',').map(str::to_string).collect();
    }
    if endpoints.is_empty() {
        return Err("at least one --endpoint NAME=URL is needed".into());
    }
    Ok(endpoints)
}

fn options(args: &Args) -> Result<DeliveryOptions, String> {
    let default = DeliveryOptions::default();
    Ok(DeliveryOptions {
        max_attempts: args
            .one("max-attempts")
            .map_or(Ok(default.max_attempts), |v| v.parse().map_err(|_| "--max-attempts: not a number".to_string()))?,
        backoff: args.millis("backoff-ms", default.backoff)?,
        max_backoff: args.millis("max-backoff-ms", default.max_backoff)?,
        timeout: args.millis("timeout-ms", default.timeout)?,
        batch: default.batch,
    })
}

/// A worker for commands that only read or requeue (no endpoint is contacted).
fn operator(args: &Args) -> Result<WebhookWorker, Failure> {
    Ok(WebhookWorker::open(&args.url()?, Vec::new(), DeliveryOptions::default())?)
}

fn line(value: &impl serde::Serialize) {
    println!("{}", serde_json::to_string(value).unwrap_or_default());
}

/// Why the command failed: its arguments, or the store.
enum Failure {
    Usage(String),
    Store(affiliate_kit::Error),
}

impl From<String> for Failure {
    fn from(reason: String) -> Failure {
        Failure::Usage(reason)
    }
}

impl From<affiliate_kit::Error> for Failure {
    fn from(e: affiliate_kit::Error) -> Failure {
        Failure::Store(e)
    }
}

fn run(args: &Args) -> Result<(), Failure> {
    match args.verb.as_str() {
        "deliver" => {
            let mut worker = WebhookWorker::open(&args.url()?, endpoints(args)?, options(args)?)?;
            if args.once {
                line(&worker.deliver_once()?);
            } else {
                // Runs until the process is stopped.
                let never = AtomicBool::new(false);
                worker.run(&never, args.millis("idle-ms", Duration::from_secs(1))?)?;
            }
        }
        "dead-letters" => operator(args)?.dead_letters(args.one("endpoint"))?.iter().for_each(line),
        "replay" => {
            let endpoint = args.one("endpoint").ok_or("--endpoint NAME is needed".to_string())?;
            let sequences = args
                .bare
                .iter()
                .map(|s| s.parse::<u64>().map_err(|_| format!("{s}: not a sequence")))
                .collect::<Result<Vec<_>, _>>()?;
            line(&serde_json::json!({"requeued": operator(args)?.replay_dead_letters(endpoint, &sequences)?}));
        }
        "attempts" => {
            let endpoint = args.one("endpoint").ok_or("--endpoint NAME is needed".to_string())?;
            let sequence =
                args.one("sequence").and_then(|s| s.parse().ok()).ok_or("--sequence N is needed".to_string())?;
            operator(args)?.attempts(endpoint, sequence)?.iter().for_each(line);
        }
        other => return Err(Failure::Usage(format!("unknown command {other:?}"))),
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(reason) => {
            eprint!("{}{USAGE}", if reason.is_empty() { String::new() } else { format!("error: {reason}\n\n") });
            return if reason.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) };
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(reason)) => {
            eprint!("error: {reason}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Store(e)) => {
            line(&serde_json::json!({"error": e.kind().code(), "message": e.to_string()}));
            ExitCode::from(1)
        }
    }
}
