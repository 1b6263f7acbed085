"""The caseload's pieces, made by worker processes while the writer writes.

Worker processes generate pieces of the caseload (rows in their models' shape, each
table's rows as one JSON array) while the writer writes them, and the writer makes pieces
itself whenever the next one is not ready yet.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import operator
import pickle
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import orjson
from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from jhro_tui.demo.generator import Generator
from jhro_tui.demo.ids import Rows, Staff, Timeline
from jhro_tui.services import validation
from jhro_tui.services.reference import Catalog, Term

Chunk = list[tuple[type[Model], tuple[str, ...], bytes | list[tuple[Any, ...]]]]
"""One piece, ready to insert: per model, the fields its rows give values for (by name)
and its rows, as JSON in UTF-8, or as tuples when the model has a binary field (JSON has
no bytes). Bytes cross from a worker process as they are, where text would be decoded
there and encoded again for SQLite."""

AS_GIVEN = frozenset({AutoField, IntegerField, CharField, TextField, BooleanField, DateField,
                      DateTimeField, ForeignKeyField})
"""Field types whose ``db_value`` gives the driver what it was given (or that value as a
number or text, which the column's affinity makes of it too): their values go into the
JSON as made, without a call per value. Any other type (one with its own conversion, a
subclass) is converted by its ``db_value``."""


def _json_value(value: Any) -> Any:
    """Dates and datetimes as the driver stores them (peewee passes them through)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _to_json(rows: list[tuple[Any, ...]]) -> bytes:
    """Rows as a JSON array of arrays, in UTF-8. orjson: the standard library's encoder took
    a sixth of the time it takes to make a case, and orjson a thirtieth."""
    return orjson.dumps(rows, default=_json_value, option=orjson.OPT_PASSTHROUGH_DATETIME)


def encode(rows: Rows) -> Chunk:
    chunk: Chunk = []
    for model, table in rows.tables.items():
        names, values = shaped(model, table)
        if any(isinstance(model._meta.fields[name], BlobField) for name in names):
            chunk.append((model, names, values))
        else:
            chunk.append((model, names, _to_json(values)))
    return chunk


def shaped(model: type[Model], rows: list[dict[str, Any]]
           ) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """The rows as ``model.insert_many`` would write them, and the fields they fill: those
    the rows give, then every other field with a default, which gets it (called per row
    when it is a function, as peewee does). Not ``insert_many`` itself: it builds a node
    per value, which took five times as long as making the case."""
    fields = model._meta.fields
    given = tuple(rows[0])
    defaulted = [field for field in model._meta.sorted_fields
                 if field.name not in rows[0] and field.default is not None]
    names = given + tuple(field.name for field in defaulted)
    if sum(map(len, rows)) != len(given) * len(rows):  # a missing one fails in itemgetter
        raise ValueError(f"{model.__name__} rows give different fields")
    values_of = operator.itemgetter(*given)
    table: list[tuple[Any, ...]] = ([values_of(row) for row in rows] if len(given) > 1
                                    else [(values_of(row),) for row in rows])
    converters = [(index, fields[name].db_value) for index, name in enumerate(given)
                  if type(fields[name]) not in AS_GIVEN]
    if converters:
        table = [_converted(row, converters) for row in table]
    defaults = [field.default for field in defaulted]
    if any(callable(default) for default in defaults):
        table = [(*row, *(default() if callable(default) else default
                          for default in defaults)) for row in table]
    elif defaults:
        fixed = tuple(defaults)
        table = [row + fixed for row in table]
    return names, table


def _converted(row: tuple[Any, ...], converters: list[tuple[int, Callable[[Any], Any]]]
               ) -> tuple[Any, ...]:
    values = list(row)
    for index, convert in converters:
        values[index] = convert(values[index])
    return tuple(values)


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs to make any chunk (plain data, so it pickles)."""

    seed: int
    count: int
    end: dt.date
    terms: tuple[tuple[Any, ...], ...]
    staff: Staff
    office_numbers: bytes
    """``office_numbers``' first half: each case's number within its office and year."""
    codes: dict[str, str]
    """Each office's reference code."""


def make_generator(plan: Plan) -> Generator:
    catalog = Catalog([Term(vocabulary, code, parent, label_en, label_fr, active,
                            MappingProxyType(extra))
                       for vocabulary, code, parent, label_en, label_fr, active, extra
                       in plan.terms])
    rules = validation.Rules(catalog, plan.end, 25 * 1024 * 1024)
    return Generator(plan.seed, plan.staff, catalog,
                     Timeline(plan.count, plan.end, plan.office_numbers, plan.codes), rules)


@contextmanager
def start_workers(count: int) -> Iterator[ProcessPoolExecutor | None]:
    """``count`` worker processes (none if 0), started now so that they are ready by the
    time there is a plan: a process takes a fifth of a second to start and import jhro,
    which is then spent while the accounts are enrolled rather than while cases wait.

    They are started fresh (spawn): they never hold a key or a connection. They never
    receive ctrl+c, which the terminal sends them too (blocked from their start, before
    Python runs in them): this process stops the build, and they stop with it, where each
    used to print a traceback."""
    if count == 0:
        yield None
        return
    pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
    unblocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:  # a process started now inherits the mask
        for _worker in range(count):  # each task still running makes the pool start another
            pool.submit(_ready)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, unblocked)
    try:
        yield pool
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    pool.shutdown()


def _ready() -> None:
    """Nothing: running it is what imports this module in a new worker."""


# A worker process builds its generator from the first plan it is sent, then keeps it.
_worker_plan: bytes = b""
_worker_generator: Generator | None = None


def _make_chunk(plan: bytes, bounds: tuple[int, int]) -> Chunk:
    """Make the piece ``bounds`` of the caseload ``plan`` (pickled once, by the writer:
    as bytes it crosses to the worker as a copy, and is unpickled once per worker)."""
    global _worker_plan, _worker_generator
    if _worker_generator is None or plan != _worker_plan:
        _worker_generator = make_generator(pickle.loads(plan))
        _worker_plan = plan
    return _generate(_worker_generator, *bounds)


def _generate(generator: Generator, first: int, last: int) -> Chunk:
    rows = Rows()
    for number in range(first, last + 1):
        generator.case(number, rows)
    return encode(rows)


class Supply:
    """The pieces of the caseload, in order: made by worker processes, and by this process
    whenever the next piece is not ready yet. Rather than wait, it makes cases of the
    furthest piece no worker has been given, one at a time, so that it goes back to writing
    as soon as the piece it waits for arrives, and no core sits idle."""

    def __init__(self, plan: Plan, pieces: list[tuple[int, int]],
                 pool: ProcessPoolExecutor | None, depth: int) -> None:
        self.plan = pickle.dumps(plan) if pool is not None else b""
        self.generator = make_generator(plan)
        self.pieces = pieces
        self.pool = pool
        self.depth = depth
        self.given = 0
        """Pieces before this one are made, given to a worker, or being made here."""
        self.taken = 0
        self.futures: dict[int, Future[Chunk]] = {}
        self.made: dict[int, Chunk] = {}
        self.making: tuple[int, Rows, int] | None = None
        """The piece being made here: its index, its rows so far, its next case."""

    def through(self, last_case: int) -> Iterator[Chunk]:
        """The next pieces, up to the one that ends with case ``last_case``."""
        while self.taken < len(self.pieces) and self.pieces[self.taken][1] <= last_case:
            index = self.taken
            self.taken += 1
            self._give()
            if self.pool is not None and self.given == len(self.pieces):
                # Every piece is handed out: workers exit as they finish, while the last
                # pieces are written rather than after.
                self.pool.shutdown(wait=False)
            future = self.futures.pop(index, None)
            if future is not None:
                while not future.done() and self._make_one_case():
                    pass
                yield future.result()
                continue
            if index not in self.made:  # no workers, or the piece being made here
                if self.making is None:
                    self.making = (index, Rows(), self.pieces[index][0])
                    self.given = max(self.given, index + 1)
                while self._make_one_case():
                    if index in self.made:
                        break
            yield self.made.pop(index)

    def _give(self) -> None:
        while (self.pool is not None and self.given < len(self.pieces)
               and len(self.futures) < self.depth):
            self.futures[self.given] = self.pool.submit(_make_chunk, self.plan,
                                                        self.pieces[self.given])
            self.given += 1

    def _make_one_case(self) -> bool:
        """Make one more case here, starting a piece if needed: the next one no worker has
        been given, else (near the end) the last one given that no worker has started.
        False when there is none left to make, or enough made ahead."""
        if self.making is None:
            if len(self.made) >= 4 * self.depth:
                return False
            if self.given < len(self.pieces):
                index = self.given
                self.given += 1
            elif self.futures and self.futures[last := max(self.futures)].cancel():
                index = last
                del self.futures[last]
            else:
                return False
            self.making = (index, Rows(), self.pieces[index][0])
        index, rows, number = self.making
        self.generator.case(number, rows)
        if number < self.pieces[index][1]:
            self.making = (index, rows, number + 1)
        else:
            self.made[index] = encode(rows)
            self.making = None
        return True


