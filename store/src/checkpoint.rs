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

/// A checkpoint encoded into chunks: what its row records once complete.
pub(crate) struct Encoded {
    pub chunks: i64,
    pub raw_bytes: u64,
    pub stored_bytes: i64,
    pub digest: Vec<u8>,
}

/// The chunk numbered `n` (0, 1, ...) of a checkpoint, to be stored by the caller.
pub(crate) type PutChunk<'a> = dyn FnMut(i64, &[u8]) -> Result<(), Error> + 'a;
/// The stored chunk numbered `n`, `None` when it is missing.
pub(crate) type GetChunk<'a> = dyn FnMut(i64) -> Result<Option<Vec<u8>>, Error> + 'a;

/// Encodes `program` as the core's records, hashed, zstd-compressed and cut into chunks of `chunk`
/// bytes handed to `put` as they are produced (never the whole checkpoint in memory): the same for
/// every store.
pub(crate) fn encode(program: &Program, chunk: usize, put: &mut PutChunk<'_>) -> Result<Encoded, Error> {
    encode_as(RECORDS, program, chunk, put)
}

/// [`encode`] in `format`: the core's records, or the snapshot JSON (which every later version
/// reads: what an erasure leaves, since the journal before it no longer replays).
pub(crate) fn encode_as(
    format: u32,
    program: &Program,
    chunk: usize,
    put: &mut PutChunk<'_>,
) -> Result<Encoded, Error> {
    let chunk = chunk.max(1);
    let buffer = Vec::with_capacity(chunk.min(1 << 20));
    let chunks = ChunkWriter { put, next: 0, buffer, chunk, stored: 0, failed: None };
    let encoder = zstd::stream::write::Encoder::new(chunks, LEVEL).map_err(io_error)?;
    let mut hashing = HashingWriter { inner: encoder, hasher: Sha256::new(), bytes: 0 };
    // Buffered before they are hashed and compressed.
    let mut buffered = io::BufWriter::with_capacity(64 * 1024, &mut hashing);
    let written = match format {
        SNAPSHOT => program.write_snapshot(&mut buffered),
        _ => program.write_checkpoint(&mut buffered),
    };
    let written = written.and_then(|()| buffered.flush().map_err(io_error));
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
    Ok(Encoded { chunks: chunks.next, raw_bytes, stored_bytes: chunks.stored, digest: hasher.finalize().to_vec() })
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
    let chunk = options.checkpoint_chunk_bytes;
    faults.step("checkpoint.begin")?;
    conn.execute(
        "INSERT INTO checkpoints (seq, format, schema_version, engine) VALUES (?1, ?2, ?3, ?4)",
        (seq, RECORDS, CHECKPOINT_FORMAT, affiliate_kit::VERSION),
    )
    .map_err(sql("checkpoint"))?;
    let id = conn.last_insert_rowid();

    let put = &mut |n: i64, data: &[u8]| {
        faults.step("checkpoint.chunk")?;
        conn.execute("INSERT INTO checkpoint_chunks (checkpoint, n, data) VALUES (?1, ?2, ?3)", (id, n, data))
            .map(|_| ())
            .map_err(sql("checkpoint"))
    };
    let Encoded { chunks: count, raw_bytes, stored_bytes, digest } = encode(program, chunk, put)?;

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
            (id, count, raw_bytes, stored_bytes, digest),
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

/// Writes a checkpoint of `program` at `seq` in the snapshot format inside the caller's transaction
/// (an erasure's: committed with it, or not at all), and deletes every other checkpoint (they hold
/// what was erased).
pub(crate) fn write_erased(conn: &Connection, program: &Program, seq: u64, options: &OpenOptions) -> Result<(), Error> {
    conn.execute("DELETE FROM checkpoint_chunks", []).map_err(sql("erase"))?;
    conn.execute("DELETE FROM checkpoints", []).map_err(sql("erase"))?;
    conn.execute(
        "INSERT INTO checkpoints (seq, format, schema_version, engine) VALUES (?1, ?2, ?3, ?4)",
        (seq, SNAPSHOT, SCHEMA_VERSION, affiliate_kit::VERSION),
    )
    .map_err(sql("erase"))?;
    let id = conn.last_insert_rowid();
    let put = &mut |n: i64, data: &[u8]| {
        conn.execute("INSERT INTO checkpoint_chunks (checkpoint, n, data) VALUES (?1, ?2, ?3)", (id, n, data))
            .map(|_| ())
            .map_err(sql("erase"))
    };
    let Encoded { chunks, raw_bytes, stored_bytes, digest } =
        encode_as(SNAPSHOT, program, options.checkpoint_chunk_bytes, put)?;
    conn.execute(
        "UPDATE checkpoints SET complete = 1, chunks = ?2, raw_bytes = ?3, stored_bytes = ?4, digest = ?5 WHERE id = ?1",
        (id, chunks, raw_bytes, stored_bytes, digest),
    )
    .map_err(sql("erase"))?;
    Ok(())
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
             AND ((format = ?1 AND schema_version <= ?2) OR (format = ?3 AND schema_version <= ?4)) \
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

/// Reads a checkpoint of the file back (see [`decode`]).
pub(crate) fn read(conn: &Connection, stored: &Stored) -> Result<Program, Error> {
    let get = &mut |n: i64| {
        conn.prepare_cached("SELECT data FROM checkpoint_chunks WHERE checkpoint = ?1 AND n = ?2")
            .and_then(|mut s| s.query_row((stored.id, n), |r| r.get(0)).optional())
            .map_err(sql("open"))
    };
    decode(stored.format, stored.seq, stored.chunks, &stored.digest, get)
}

/// Whether this library reads checkpoints of `format` written with `schema_version`.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))] // the file's query says it in SQL
pub(crate) fn readable(format: u32, schema_version: u32) -> bool {
    (format == RECORDS && schema_version <= CHECKPOINT_FORMAT)
        || (format == SNAPSHOT && schema_version <= SCHEMA_VERSION)
}

/// The encoding and version of the checkpoint an erasure writes: the snapshot JSON.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
pub(crate) const ERASED: (u32, u32) = (SNAPSHOT, SCHEMA_VERSION);

/// The encoding and version this library writes: (`format`, `schema_version`).
#[cfg_attr(not(feature = "postgres"), allow(dead_code))] // the file's rows name theirs in SQL
pub(crate) const WRITTEN: (u32, u32) = (RECORDS, CHECKPOINT_FORMAT);

/// Reads a checkpoint (of `format`, at journal `seq`, in `count` chunks fetched by `get`) back as it
/// is decompressed, and checks it against its digest: the same for every store.
pub(crate) fn decode(
    format: u32,
    seq: u64,
    count: i64,
    digest: &[u8],
    get: &mut GetChunk<'_>,
) -> Result<Program, Error> {
    let chunks = ChunkReader { get, next: 0, count, chunk: Vec::new(), pos: 0 };
    let decoder = zstd::stream::read::Decoder::new(chunks).map_err(io_error)?;
    // Buffered after they are decompressed and hashed, and given by value (std reads bytes from a
    // `BufReader` it owns without a call per byte). Both readers read to the end of what was
    // written, so everything is hashed when they are done.
    let buffered = io::BufReader::with_capacity(64 * 1024, HashingReader { inner: decoder, hasher: Sha256::new() });
    let digest_matches = |input: io::BufReader<HashingReader<_>>| {
        if input.into_inner().hasher.finalize().as_slice() == digest {
            Ok(())
        } else {
            Err(Error::CorruptJournal { reason: format!("checkpoint at seq {seq} does not match its digest") })
        }
    };
    if format == RECORDS {
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

/// Collects compressed bytes and hands a chunk to the store every `chunk` bytes.
struct ChunkWriter<'p, 'a> {
    put: &'p mut PutChunk<'a>,
    next: i64,
    buffer: Vec<u8>,
    /// Bytes per chunk.
    chunk: usize,
    stored: i64,
    /// The store error behind an `io::Error` this writer returned.
    failed: Option<Error>,
}

impl ChunkWriter<'_, '_> {
    /// Hands over the first `chunk` buffered bytes (all of them, at the end) as the next chunk.
    fn flush_chunk(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let n = self.buffer.len().min(self.chunk);
        match (self.put)(self.next, self.buffer.get(..n).unwrap_or_default()) {
            Ok(()) => {
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

impl Write for ChunkWriter<'_, '_> {
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

/// Reads a checkpoint's chunks in order, one in memory at a time.
struct ChunkReader<'g, 'a> {
    get: &'g mut GetChunk<'a>,
    next: i64,
    count: i64,
    chunk: Vec<u8>,
    pos: usize,
}

impl Read for ChunkReader<'_, '_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.chunk.len() {
            if self.next >= self.count {
                return Ok(0);
            }
            let chunk = (self.get)(self.next).map_err(|e| io::Error::other(e.to_string()))?;
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
