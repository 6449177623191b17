//! Checkpoints: the program at a journal seq, its records as the core writes them
//! ([`Program::write_checkpoint`]), zstd-compressed and written in chunks as they are serialized
//! (never the whole checkpoint in memory), usable once marked complete, checked by their digest on
//! reading. They only save replay time: any of them may be deleted, and one this library cannot
//! read is passed over (an older one is used, or the journal replayed).

use std::io::{self, Read, Write};

use affiliate_kit::program::{Program, CHECKPOINT_FORMAT, SCHEMA_VERSION};
use affiliate_kit::Error;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::faults::Faults;
use crate::options::OpenOptions;
use crate::sqlite::sql;

/// The checkpoint encodings (the `format` column), zstd-compressed and cut into chunks. `RECORDS` is
/// what this library writes: the core's records, whose version ([`CHECKPOINT_FORMAT`]) is in the
/// `schema_version` column. `SNAPSHOT` (the snapshot JSON, its `schema_version` in the column) was
/// written before, and is still read.
const SNAPSHOT: u32 = 1;
const RECORDS: u32 = 2;
/// zstd's level: fast, and several times smaller than the records.
const LEVEL: i32 = 3;

/// What [`crate::DurableProgram::checkpoint`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckpointInfo {
    /// The journal seq the checkpoint's state is at.
    pub seq: u64,
    /// The size of the records before compression.
    pub raw_bytes: u64,
    /// What it takes in the file, compressed.
    pub stored_bytes: u64,
}

/// Writes a checkpoint of `program` (at journal `seq`). The row, each chunk and the completion are
/// separate short transactions, so that other writers are not held up; a checkpoint cut short is
/// never complete and is deleted by the next one. Keeps the `keep_checkpoints` newest complete ones.
pub(crate) fn write(
    conn: &mut Connection,
    program: &Program,
    seq: u64,
    options: &OpenOptions,
    faults: &Faults,
) -> Result<CheckpointInfo, Error> {
    let chunk = options.checkpoint_chunk_bytes.max(1);
    faults.step("checkpoint.begin")?;
    conn.execute(
        "INSERT INTO checkpoints (seq, format, schema_version, engine) VALUES (?1, ?2, ?3, ?4)",
        (seq, RECORDS, CHECKPOINT_FORMAT, affiliate_kit::VERSION),
    )
    .map_err(sql("checkpoint"))?;
    let id = conn.last_insert_rowid();

    let buffer = Vec::with_capacity(chunk.min(1 << 20));
    let chunks = ChunkWriter { conn, id, next: 0, buffer, chunk, stored: 0, faults, failed: None };
    let encoder = zstd::stream::write::Encoder::new(chunks, LEVEL).map_err(io_error)?;
    let mut hashing = HashingWriter { inner: encoder, hasher: Sha256::new(), bytes: 0 };
    // Buffered before they are hashed and compressed.
    let mut buffered = io::BufWriter::with_capacity(64 * 1024, &mut hashing);
    let written = program.write_checkpoint(&mut buffered).and_then(|()| buffered.flush().map_err(io_error));
    drop(buffered);
    let HashingWriter { inner: mut encoder, hasher, bytes: raw_bytes } = hashing;
    // The chunk writer's own error (BUSY, a full disk) says more than the io::Error it had to return.
    if let Some(e) = encoder.get_mut().failed.take() {
        return Err(e);
    }
    written?;
    let mut chunks = encoder.finish().map_err(io_error)?;
    if let Some(e) = chunks.failed.take() {
        return Err(e);
    }
    while !chunks.buffer.is_empty() {
        chunks.flush_chunk().map_err(|e| chunks.failed.take().unwrap_or_else(|| io_error(e)))?;
    }
    let (count, stored_bytes) = (chunks.next, chunks.stored);

    faults.step("checkpoint.complete")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql("checkpoint"))?;
    // Every chunk must be there: a concurrent checkpoint may have cleared this one as abandoned.
    let present: i64 = tx
        .query_row("SELECT count(*) FROM checkpoint_chunks WHERE checkpoint = ?1", [id], |r| r.get(0))
        .map_err(sql("checkpoint"))?;
    if present != count {
        return Err(Error::Storage { operation: "checkpoint".into(), reason: "its chunks were deleted".into() });
    }
    let completed = tx
        .execute(
            "UPDATE checkpoints SET complete = 1, chunks = ?2, raw_bytes = ?3, stored_bytes = ?4, digest = ?5 \
             WHERE id = ?1 AND complete = 0",
            (id, count, raw_bytes, stored_bytes, hasher.finalize().to_vec()),
        )
        .map_err(sql("checkpoint"))?;
    if completed != 1 {
        return Err(Error::Storage { operation: "checkpoint".into(), reason: "its row was deleted".into() });
    }
    // Complete checkpoints beyond `keep_checkpoints`, and incomplete ones started before this one:
    // abandoned by a writer that died, or still written by another process, whose completion then
    // fails (its row is gone) while this newer checkpoint stands.
    tx.execute(
        "DELETE FROM checkpoints WHERE id < ?1 AND (complete = 0 OR id NOT IN \
         (SELECT id FROM checkpoints WHERE complete = 1 ORDER BY seq DESC, id DESC LIMIT ?2))",
        (id, options.keep_checkpoints.max(1)),
    )
    .map_err(sql("checkpoint"))?;
    tx.execute("DELETE FROM checkpoint_chunks WHERE checkpoint NOT IN (SELECT id FROM checkpoints)", [])
        .map_err(sql("checkpoint"))?;
    faults.step("checkpoint.commit")?;
    tx.commit().map_err(sql("checkpoint"))?;
    Ok(CheckpointInfo { seq, raw_bytes, stored_bytes: u64::try_from(stored_bytes).unwrap_or(0) })
}

/// A complete checkpoint's row.
pub(crate) struct Stored {
    pub id: i64,
    pub seq: u64,
    format: u32,
    chunks: i64,
    digest: Vec<u8>,
}

/// The complete checkpoints this library can read, newest first.
pub(crate) fn usable(conn: &Connection) -> Result<Vec<Stored>, Error> {
    let mut statement = conn
        .prepare_cached(
            "SELECT id, seq, chunks, digest, format FROM checkpoints WHERE complete = 1 \
             AND ((format = ?1 AND schema_version <= ?2) OR (format = ?3 AND schema_version = ?4)) \
             AND chunks IS NOT NULL AND digest IS NOT NULL ORDER BY seq DESC, id DESC",
        )
        .map_err(sql("open"))?;
    let rows = statement
        .query_map((SNAPSHOT, SCHEMA_VERSION, RECORDS, CHECKPOINT_FORMAT), |r| {
            Ok(Stored { id: r.get(0)?, seq: r.get(1)?, chunks: r.get(2)?, digest: r.get(3)?, format: r.get(4)? })
        })
        .map_err(sql("open"))?;
    rows.collect::<Result<Vec<_>, _>>().map_err(sql("open"))
}

/// The sequence of the newest complete checkpoint (0 when there is none).
pub(crate) fn newest_seq(conn: &Connection) -> Result<u64, Error> {
    conn.query_row("SELECT coalesce(max(seq), 0) FROM checkpoints WHERE complete = 1", [], |r| r.get(0))
        .map_err(sql("checkpoint"))
}

/// Reads a checkpoint back as it is decompressed, and checks it against its digest.
pub(crate) fn read(conn: &Connection, stored: &Stored) -> Result<Program, Error> {
    let chunks = ChunkReader { conn, id: stored.id, next: 0, count: stored.chunks, chunk: Vec::new(), pos: 0 };
    let decoder = zstd::stream::read::Decoder::new(chunks).map_err(io_error)?;
    // Buffered after they are decompressed and hashed, and given by value (std reads bytes from a
    // `BufReader` it owns without a call per byte). Both readers read to the end of what was
    // written, so everything is hashed when they are done.
    let buffered = io::BufReader::with_capacity(64 * 1024, HashingReader { inner: decoder, hasher: Sha256::new() });
    let digest_matches = |input: io::BufReader<HashingReader<_>>| {
        if input.into_inner().hasher.finalize().as_slice() == stored.digest.as_slice() {
            Ok(())
        } else {
            Err(Error::CorruptJournal { reason: format!("checkpoint at seq {} does not match its digest", stored.seq) })
        }
    };
    if stored.format == RECORDS {
        // The records are trusted once their digest matches: checked before they are indexed.
        return Program::read_checkpoint(buffered, digest_matches);
    }
    let mut input = buffered;
    let program = Program::restore_from_reader(&mut input)?;
    digest_matches(input)?;
    Ok(program)
}

fn io_error(e: io::Error) -> Error {
    Error::Storage { operation: "checkpoint".into(), reason: e.to_string() }
}

/// Collects compressed bytes and writes a chunk row (its own transaction) every `chunk` bytes.
struct ChunkWriter<'c> {
    conn: &'c Connection,
    id: i64,
    next: i64,
    buffer: Vec<u8>,
    /// Bytes per chunk.
    chunk: usize,
    stored: i64,
    faults: &'c Faults,
    /// The store error behind an `io::Error` this writer returned.
    failed: Option<Error>,
}

impl ChunkWriter<'_> {
    /// Writes the first `chunk` buffered bytes (all of them, at the end) as the next chunk row.
    fn flush_chunk(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let n = self.buffer.len().min(self.chunk);
        let written = self.faults.step("checkpoint.chunk").and_then(|()| {
            self.conn
                .execute(
                    "INSERT INTO checkpoint_chunks (checkpoint, n, data) VALUES (?1, ?2, ?3)",
                    (self.id, self.next, self.buffer.get(..n).unwrap_or_default()),
                )
                .map_err(sql("checkpoint"))
        });
        match written {
            Ok(_) => {
                self.stored += n as i64;
                self.next += 1;
                self.buffer.drain(..n);
                Ok(())
            }
            Err(e) => {
                let message = e.to_string();
                self.failed = Some(e);
                Err(io::Error::other(message))
            }
        }
    }
}

impl Write for ChunkWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.failed.is_some() {
            return Err(io::Error::other("an earlier chunk failed"));
        }
        self.buffer.extend_from_slice(bytes);
        while self.buffer.len() >= self.chunk {
            self.flush_chunk()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Reads a checkpoint's chunks in order, one row in memory at a time.
struct ChunkReader<'c> {
    conn: &'c Connection,
    id: i64,
    next: i64,
    count: i64,
    chunk: Vec<u8>,
    pos: usize,
}

impl Read for ChunkReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.chunk.len() {
            if self.next >= self.count {
                return Ok(0);
            }
            let chunk: Option<Vec<u8>> = self
                .conn
                .prepare_cached("SELECT data FROM checkpoint_chunks WHERE checkpoint = ?1 AND n = ?2")
                .and_then(|mut s| s.query_row((self.id, self.next), |r| r.get(0)).optional())
                .map_err(io::Error::other)?;
            self.chunk = chunk.ok_or_else(|| io::Error::other(format!("chunk {} is missing", self.next)))?;
            self.pos = 0;
            self.next += 1;
        }
        let rest = self.chunk.get(self.pos..).unwrap_or_default();
        let n = rest.len().min(out.len());
        out.get_mut(..n).unwrap_or_default().copy_from_slice(rest.get(..n).unwrap_or_default());
        self.pos += n;
        Ok(n)
    }
}

/// Counts and hashes what passes through to the compressor.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(bytes)?;
        let done = bytes.get(..n).unwrap_or_default();
        self.hasher.update(done);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Hashes what passes through from the decompressor.
struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.hasher.update(out.get(..n).unwrap_or_default());
        Ok(n)
    }
}
