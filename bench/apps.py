"""Programs the terminal figures run: two baselines and jhro without its cursor blink.

``python -m bench.apps minimal``   a minimal Textual app (one label): the cold-start baseline.
``python -m bench.apps datatable`` a stock DataTable of 100 rows: the bytes baseline.
``python -m bench.apps jhro ARGS`` jhro's own command line, with the cursor blink stopped.
"""

from __future__ import annotations

import sys

READY = "minimal app ready"


def minimal() -> int:
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Label(READY)

    Minimal().run()
    return 0


def datatable() -> int:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Label

    class Stock(App[None]):
        def compose(self) -> ComposeResult:
            yield Label(READY)
            yield DataTable(cursor_type="row")

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Reference", "!", "Title", "Status", "Province", "Officer")
            table.add_rows(
                (f"JHRO-2026-{number:05d}", "!" if number % 7 == 0 else "",
                 f"Arbitrary arrest and detention in locality {number}", "Draft",
                 "North Kivu", "officer")
                for number in range(1, 101))
            table.focus()

    Stock().run()
    return 0


def jhro(argv: list[str]) -> int:
    from textual.widgets import Input

    from jhro_tui.cli import main

    # The blink repaints the search box twice a second, which no keystroke caused.
    Input._toggle_cursor = lambda self: None  # type: ignore[method-assign]
    return main(argv)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "minimal":
        return minimal()
    if command == "datatable":
        return datatable()
    if command == "jhro":
        return jhro(argv[1:])
    sys.stderr.write(__doc__ or "")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
