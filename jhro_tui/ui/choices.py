"""The entries of a form's lists: reference taxonomies (provinces, violation types…) from
the database's catalog, and the closed lists of ``services/forms.py``. Shared by the case
list's filters and every form of the case file."""

from __future__ import annotations

from jhro_tui.services.forms import choices
from jhro_tui.ui.widgets.picker import Choice


def reference_label(vocabulary: str, code: str) -> str:
    from jhro_tui.services.reference import load_catalog

    return load_catalog().label(vocabulary, code)


def reference_choices(
    vocabulary: str, *, leaves_only: bool = False, parent: str | None = None
) -> list[Choice]:
    from jhro_tui.services.reference import VOCABULARIES, load_catalog

    if vocabulary not in VOCABULARIES:  # a misspelt name would offer an empty list
        raise KeyError(f"no vocabulary {vocabulary!r}")
    catalog = load_catalog()
    result = []
    for term in catalog.terms(vocabulary):
        if not term.active or (
            leaves_only and term.is_category and catalog.has_children(vocabulary, term.code)
        ):
            continue
        if parent is not None and term.parent_code != parent:
            continue
        hint = catalog.label(vocabulary, term.parent_code) if term.parent_code else ""
        result.append(
            Choice(term.code, term.label(), hint,
                   keywords=(term.code, term.label_en, term.label_fr), group=term.parent_code)
        )
    return result


def closed_choices(name: str) -> list[Choice]:
    return [Choice(str(code), label, keywords=(str(code),)) for code, label in choices(name)]
