"""Crash safety with real processes: a writer (``crash_writer.py``) runs commands on a durable program
and is killed with SIGKILL at a random moment (while starting, opening and replaying the file, running
commands, or writing a checkpoint: one every 20 commands), round after round on the same file (a fresh
file every ``FILE_ROUNDS`` rounds, so that replays stay short). After each kill the file is checked with
the stdlib's ``sqlite3``, independently of the library:

* the journal's seqs are 1..N without a gap, and the program row's head is N;
* every command the writer acknowledged is in the journal at the seq it was given (verb, ``at`` and id);
* the events' sequences are 1..M without a gap, each written by a journaled command;

and then with the library: ``Program.open(path)`` equals ``Program.replay(config, the journal's
commands)``, and so does a copy of the file without its checkpoints. "Equals" compares the snapshots
without their ``events`` (the durable program keeps none in memory: they are in the file) and, instead,
the file's events table against the replayed program's events, JSON for JSON.

``AKIT_CRASH_ROUNDS`` sets the number of rounds (default 40, about 25 seconds); ``AKIT_CRASH_SEED``
the seed of the kill times and of the writers' commands.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Tuple

from affiliate_kit import Program

from conftest import load_fixture

WRITER = Path(__file__).resolve().parent / "crash_writer.py"
ROUNDS = int(os.environ.get("AKIT_CRASH_ROUNDS", "40"))
SEED = int(os.environ.get("AKIT_CRASH_SEED", "15"))
FILE_ROUNDS = 8
CHECKPOINT_EVERY = 20

#: Where each verb carries the id the writer prints.
KEY_PATHS: Dict[str, Tuple[str, ...]] = {
    "register_affiliate": ("registration", "email"),
    "track_order": ("order", "id"),
    "refund": ("refund", "id"),
    "mark_payout_paid": ("payout_id",),
}


@dataclass
class Round:
    """What one writer said before it was killed."""

    ready: bool = False
    acks: List[Tuple[int, int, str, str, str]] = field(default_factory=list)  # index, head, verb, at, key
    rejects: int = 0


def run_writer(path: Path, seed: int, delay: float, after_ready: bool) -> Round:
    """Starts a writer and kills it ``delay`` seconds after it started (or after it said READY)."""
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), str(seed), str(CHECKPOINT_EVERY), "100000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    if after_ready:
        first = child.stdout.readline()
        assert first.startswith(b"READY "), (first, child.stderr.read() if child.stderr else b"")
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=30)
        out = first + out
    else:
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, (child.returncode, err.decode())
    assert err == b"", err.decode()
    said = Round()
    for raw in out.split(b"\n")[:-1]:  # the last piece is empty, or a line cut by the kill
        words = raw.decode().split(" ")
        if words[0] == "READY":
            said.ready = True
        elif words[0] == "ACK":
            said.acks.append((int(words[1]), int(words[2]), words[3], words[4], words[5]))
        elif words[0] == "REJECT":
            said.rejects += 1
        else:
            raise AssertionError(f"unexpected writer output {raw!r}")
    return said


def dig(document: Any, path: Tuple[str, ...]) -> Any:
    for key in path:
        document = document[key]
    return document


def check_file(path: Path, said: Round, before: int) -> Tuple[int, List[str]]:
    """The stdlib's view of the file: gapless seqs and events, every acknowledged command at its seq.
    Returns the head and the journal's commands (JSON)."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT seq, verb, at, command FROM journal ORDER BY seq").fetchall()
        (head,) = connection.execute("SELECT head FROM program").fetchone()
        sequences = connection.execute("SELECT sequence, journal_seq FROM events ORDER BY sequence").fetchall()
    finally:
        connection.close()
    seqs = [row[0] for row in rows]
    assert seqs == list(range(1, len(rows) + 1)), "journal seqs have a gap"
    assert head == len(rows) >= before
    by_seq = {row[0]: row for row in rows}
    heads = [ack[1] for ack in said.acks]
    assert heads == sorted(set(heads)) and all(h > before for h in heads)
    for index, seq, verb, at, key in said.acks:
        assert seq in by_seq, f"acknowledged command {index} (seq {seq}) is not in the journal"
        _, journal_verb, journal_at, command = by_seq[seq]
        assert (journal_verb, journal_at) == (verb, at), f"journal seq {seq} is not command {index}"
        if verb in KEY_PATHS:
            assert dig(json.loads(command), KEY_PATHS[verb]) == key
    assert [s for s, _ in sequences] == list(range(1, len(sequences) + 1)), "event sequences have a gap"
    assert all(1 <= j <= head for _, j in sequences)
    return head, [row[3] for row in rows]


def without_events(snapshot: str) -> Dict[str, Any]:
    document: Dict[str, Any] = json.loads(snapshot)
    del document["state"]["events"]
    return document


def check_state(path: Path, config: Dict[str, Any], commands: List[str]) -> None:
    """The program the library opens from the file (with and without checkpoints) is the replay."""
    replayed = Program.replay(config, "[" + ",".join(commands) + "]")
    expected = without_events(replayed.snapshot())
    connection = sqlite3.connect(path)
    bodies = [row[0] for row in connection.execute("SELECT body FROM events ORDER BY sequence")]
    copy = path.with_name("copy.db")
    copy.unlink(missing_ok=True)
    target = sqlite3.connect(copy)
    connection.backup(target)
    connection.close()
    target.execute("DELETE FROM checkpoints")
    target.execute("DELETE FROM checkpoint_chunks")
    target.commit()
    target.close()
    assert [json.loads(b) for b in bodies] == [json.loads(e.to_json()) for e in replayed.events_since(0)]
    for file in (path, copy):
        with Program.open(file) as durable:
            assert durable.head == len(commands)
            assert without_events(durable.snapshot()) == expected, f"{file.name} does not hold the replay"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)


def test_killed_writers_lose_nothing_acknowledged(tmp_path: Path) -> None:
    config: Dict[str, Any] = load_fixture("month-config.json")
    rng = random.Random(SEED)
    stats = {"killed before READY": 0, "acknowledged": 0, "rejected": 0, "incomplete checkpoints": 0}
    head = 0
    path = tmp_path / "program-0.db"
    for round_number in range(ROUNDS):
        if round_number % FILE_ROUNDS == 0:
            path = tmp_path / f"program-{round_number}.db"
            head = 0
        early = rng.random() < 0.25  # while starting or opening the file
        delay = rng.uniform(0.0, 0.15) if early else rng.uniform(0.0, 0.5)
        said = run_writer(path, rng.randrange(1 << 30), delay, after_ready=not early)
        context = f"round {round_number} (AKIT_CRASH_SEED={SEED}, delay {delay:.3f} s)"
        if not path.exists():
            assert not said.ready and not said.acks, context
            continue
        try:
            connection = sqlite3.connect(path)
            has_program = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'program'").fetchone()[0] == 1
            has_program = has_program and connection.execute("SELECT count(*) FROM program").fetchone()[0] == 1
            incomplete = connection.execute(
                "SELECT count(*) FROM checkpoints WHERE complete = 0").fetchone()[0] if has_program else 0
            connection.close()
            if not has_program:  # killed while the file was being created
                assert not said.ready and not said.acks
                continue
            new_head, commands = check_file(path, said, head)
            check_state(path, config, commands)
        except AssertionError as e:
            raise AssertionError(f"{context}: {e}") from e
        head = new_head
        stats["killed before READY"] += not said.ready
        stats["acknowledged"] += len(said.acks)
        stats["rejected"] += said.rejects
        stats["incomplete checkpoints"] += incomplete > 0
    print(f"\n{ROUNDS} rounds: {stats}")
    assert stats["acknowledged"] > ROUNDS  # the kills did not all land before the first command
