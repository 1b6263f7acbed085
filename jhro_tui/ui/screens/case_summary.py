"""The case file's printable summary: for whom and in which format (a form), a question
that says the file is not encrypted, then the service writes it into the exchange folder
(``services.summary``, where the rule of who is named lives)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from jhro_tui.i18n import _
from jhro_tui.services import summary
from jhro_tui.services.forms import choice_label
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, confirm_then
from jhro_tui.ui.widgets.picker import Choice


def ask(app: App[object], detail: CaseDetail, write: Callable[[summary.Request], object]
        ) -> None:
    """The form, then the question; ``write(request)`` once both are answered yes."""

    async def submit(values: Values) -> summary.Request:
        return summary.request(values.get("audience") or "", values.get("format") or "",
                               values.get("victim") or "")

    def chosen(wanted: summary.Request | None) -> None:
        if wanted is not None:
            confirm_then(app, question(detail, wanted), lambda: write(wanted))

    fields = [
        FormField("audience", _("For"), "choice", "court",
                  [Choice(code, _(label)) for code, label in summary.AUDIENCES.items()]),
        FormField("victim", _("Victim"), "choice", None,
                  [Choice(victim.code, victim.code, choice_label("sex", victim.sex))
                   for victim in detail.victims],
                  placeholder=_("only for a victim's copy")),
        FormField("format", _("Format"), "choice", "pdf",
                  [Choice(code, _(label)) for code, label in summary.FORMATS.items()]),
    ]
    app.push_screen(FormScreen(_("Print a case summary"), fields, submit, intro=_(
        "Victims are named only with their consent: to sharing with judicial authorities "
        "for a court, to the documentation of the case for their own copy.")), chosen)


def question(detail: CaseDetail, wanted: summary.Request) -> str:
    audience = (_("the victim {code}").format(code=wanted.victim) if wanted.victim
                else _("a court"))
    return _("Write the summary of {reference} for {audience} as a {format} file in your "
             "exchange folder? The file will NOT be encrypted: keep it as you would a paper "
             "case file.").format(reference=detail.reference, audience=audience,
                                  format=wanted.fmt.upper())


def written(done: summary.Printed) -> str:
    """What the notice says once the file is written."""
    named = (_("Named in it: {codes}.").format(codes=", ".join(done.identities))
             if done.identities else _("No victim is named in it."))
    return _("Written (not encrypted): {path}").format(path=done.path) + "\n" + named
