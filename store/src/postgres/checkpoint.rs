//! Checkpoints of a PostgreSQL program: the same encoding as the SQLite file's (`checkpoint.rs`:
//! the core's records, zstd-compressed, in chunks, checked by their digest), in the tables
//! `affiliate_kit_checkpoints` and `affiliate_kit_checkpoint_chunks`. They only save replay time:
//! any of them may be deleted, and one this library cannot read is passed over.

use affiliate_kit::program::{Program, ProgramConfig};
use affiliate_kit::{Error, Result};
use postgres::{Client, GenericClient, Transaction};

use super::{big, pg, unsigned};
use crate::checkpoint::{self, CheckpointInfo, Encoded};
use crate::faults::Faults;
use crate::options::OpenOptions;

/// Replaces every checkpoint of the program by one of `program` at `seq` in the snapshot format,
/// inside the erasure's transaction (see `erasure.rs`).
pub(super) fn write_erased(
    tx: &mut Transaction<'_>,
    id: &str,
    program: &Program,
    seq: u64,
    chunk: usize,
) -> Result<()> {
    tx.execute(
        "DELETE FROM affiliate_kit_checkpoint_chunks WHERE checkpoint IN          (SELECT id FROM affiliate_kit_checkpoints WHERE program = $1)",
        &[&id],
    )
    .map_err(pg("erase"))?;
    tx.execute("DELETE FROM affiliate_kit_checkpoints WHERE program = $1", &[&id]).map_err(pg("erase"))?;
    let (format, schema_version) = checkpoint::ERASED;
    let row: i64 = tx
        .query_one(
            "INSERT INTO affiliate_kit_checkpoints (program, seq, format, schema_version, engine)              VALUES ($1, $2, $3, $4, $5) RETURNING id",
            &[&id, &big(seq), &(format as i32), &(schema_version as i32), &affiliate_kit::VERSION],
        )
        .map_err(pg("erase"))?
        .get(0);
    let mut chunks = Vec::new();
    let put = &mut |n: i64, data: &[u8]| {
        chunks.push((n, data.to_vec()));
        Ok(())
    };
    let Encoded { chunks: count, raw_bytes, stored_bytes, digest } =
        checkpoint::encode_as(format, program, chunk, put)?;
    for (n, data) in chunks {
        tx.execute(
            "INSERT INTO affiliate_kit_checkpoint_chunks (checkpoint, n, data) VALUES ($1, $2, $3)",
            &[&row, &n, &data],
        )
        .map_err(pg("erase"))?;
    }
    tx.execute(
        "UPDATE affiliate_kit_checkpoints SET complete = true, chunks = $2, raw_bytes = $3, stored_bytes = $4,          digest = $5 WHERE id = $1",
        &[&row, &count, &big(raw_bytes), &stored_bytes, &digest],
    )
    .map_err(pg("erase"))?;
    Ok(())
}

/// Writes a checkpoint of `program` (at journal `seq`). The row and each chunk are written on their
/// own, the completion in one transaction, so that writers are not held up; a checkpoint cut short
/// is never complete and is deleted by the next one. Keeps the `keep_checkpoints` newest complete
/// ones.
pub(super) fn write(
    client: &mut Client,
    id: &str,
    program: &Program,
    seq: u64,
    options: &OpenOptions,
    faults: &Faults,
) -> Result<CheckpointInfo> {
    faults.step("checkpoint.begin")?;
    let (format, schema_version) = checkpoint::WRITTEN;
    let row: i64 = client
        .query_one(
            "INSERT INTO affiliate_kit_checkpoints (program, seq, format, schema_version, engine) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            &[&id, &big(seq), &(format as i32), &(schema_version as i32), &affiliate_kit::VERSION],
        )
        .map_err(pg("checkpoint"))?
        .get(0);
    let statement = client
        .prepare("INSERT INTO affiliate_kit_checkpoint_chunks (checkpoint, n, data) VALUES ($1, $2, $3)")
        .map_err(pg("checkpoint"))?;
    let put = &mut |n: i64, data: &[u8]| {
        faults.step("checkpoint.chunk")?;
        client.execute(&statement, &[&row, &n, &data]).map(|_| ()).map_err(pg("checkpoint"))
    };
    let Encoded { chunks, raw_bytes, stored_bytes, digest } =
        checkpoint::encode(program, options.checkpoint_chunk_bytes, put)?;
    faults.step("checkpoint.complete")?;
    let mut tx = client.transaction().map_err(pg("checkpoint"))?;
    let present: i64 = tx
        .query_one("SELECT count(*) FROM affiliate_kit_checkpoint_chunks WHERE checkpoint = $1", &[&row])
        .map_err(pg("checkpoint"))?
        .get(0);
    let completed = tx
        .execute(
            "UPDATE affiliate_kit_checkpoints SET complete = true, chunks = $2, raw_bytes = $3, stored_bytes = $4, \
             digest = $5 WHERE id = $1 AND NOT complete",
            &[&row, &chunks, &big(raw_bytes), &stored_bytes, &digest],
        )
        .map_err(pg("checkpoint"))?;
    // Every chunk and the row must be there: a concurrent checkpoint may have cleared this one.
    if present != chunks || completed != 1 {
        return Err(Error::Storage { operation: "checkpoint".into(), reason: "it was deleted while written".into() });
    }
    // Complete checkpoints beyond `keep_checkpoints`, and incomplete ones started before this one
    // (abandoned by a writer that died, or still written by another, whose completion then fails).
    tx.execute(
        "DELETE FROM affiliate_kit_checkpoints WHERE program = $1 AND id < $2 AND (NOT complete OR id NOT IN \
         (SELECT id FROM affiliate_kit_checkpoints WHERE program = $1 AND complete ORDER BY seq DESC, id DESC LIMIT $3))",
        &[&id, &row, &i64::from(options.keep_checkpoints.max(1))],
    )
    .map_err(pg("checkpoint"))?;
    tx.execute(
        "DELETE FROM affiliate_kit_checkpoint_chunks c WHERE NOT EXISTS \
         (SELECT 1 FROM affiliate_kit_checkpoints k WHERE k.id = c.checkpoint)",
        &[],
    )
    .map_err(pg("checkpoint"))?;
    faults.step("checkpoint.commit")?;
    tx.commit().map_err(pg("checkpoint"))?;
    Ok(CheckpointInfo { seq, raw_bytes, stored_bytes: u64::try_from(stored_bytes).unwrap_or(0) })
}

/// The newest checkpoint at or before `head` that this library reads, holds `config` and matches its
/// digest, read in `tx`; with the number passed over.
pub(super) fn newest(
    tx: &mut Transaction<'_>,
    id: &str,
    config: &ProgramConfig,
    head: u64,
) -> Result<(Option<(Program, u64)>, u64)> {
    let rows = tx
        .query(
            "SELECT id, seq, format, schema_version, chunks, digest FROM affiliate_kit_checkpoints \
             WHERE program = $1 AND complete AND seq <= $2 ORDER BY seq DESC, id DESC",
            &[&id, &big(head)],
        )
        .map_err(pg("open"))?;
    let mut skipped = 0;
    for row in rows {
        let (format, schema_version): (i32, i32) = (row.get(2), row.get(3));
        let readable = u32::try_from(format)
            .is_ok_and(|f| u32::try_from(schema_version).is_ok_and(|v| checkpoint::readable(f, v)));
        let (number, seq, chunks, digest): (i64, i64, i64, Vec<u8>) = (row.get(0), row.get(1), row.get(4), row.get(5));
        if readable {
            let seq = unsigned(seq, "a checkpoint seq")?;
            let get = &mut |n: i64| {
                tx.query_opt(
                    "SELECT data FROM affiliate_kit_checkpoint_chunks WHERE checkpoint = $1 AND n = $2",
                    &[&number, &n],
                )
                .map(|r| r.map(|r| r.get::<_, Vec<u8>>(0)))
                .map_err(pg("open"))
            };
            if let Ok(program) = checkpoint::decode(format as u32, seq, chunks, &digest, get) {
                if program.config() == config {
                    return Ok((Some((program, seq)), skipped));
                }
            }
        }
        skipped += 1;
    }
    Ok((None, skipped))
}

/// The seq of the program's newest complete checkpoint (0 when there is none).
pub(super) fn newest_seq(db: &mut impl GenericClient, id: &str) -> Result<u64> {
    let seq: i64 = db
        .query_one(
            "SELECT coalesce(max(seq), 0) FROM affiliate_kit_checkpoints WHERE program = $1 AND complete",
            &[&id],
        )
        .map_err(pg("checkpoint"))?
        .get(0);
    unsigned(seq, "a checkpoint seq")
}
