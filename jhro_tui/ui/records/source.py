"""A source of the case's information: its kind, reliability and credibility."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.i18n import N_, _, format_date
from jhro_tui.services import records
from jhro_tui.services.forms import SourceForm, choice_label
from jhro_tui.services.views import CaseDetail, SourceView
from jhro_tui.ui.choices import closed_choices
from jhro_tui.ui.records.kind import RecordKind, Section
from jhro_tui.ui.records.shared import DATE_PLACEHOLDER, call, full_date, line, remover
from jhro_tui.ui.screens.form import FormField, FormScreen, Values

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def source_form(app: Shell, detail: CaseDetail, source: SourceView | None = None
                ) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        credibility = values.get("credibility")
        form = SourceForm(kind=values.get("kind") or "",
                          reliability=values.get("reliability") or "",
                          credibility=int(credibility) if credibility else 0,
                          obtained_on=full_date(values, "obtained_on"),
                          description=values.get("description") or "")
        if source is None:
            return await call(app, records.add_source, detail.id, form)
        return await call(app, records.update_source, source.id, form,
                          expected_version=source.version)

    fields = [
        FormField("kind", _("Kind"), "choice", source.kind if source else None,
                  closed_choices("source_kind")),
        FormField("reliability", _("Reliability of the source"), "choice",
                  source.reliability if source else None, closed_choices("reliability")),
        FormField("credibility", _("Credibility of the information"), "choice",
                  str(source.credibility) if source else None, closed_choices("credibility")),
        FormField("obtained_on", _("Obtained on"),
                  value=(source.obtained_on.isoformat() if source.obtained_on else "")
                  if source else app.today().isoformat(), placeholder=_(DATE_PLACEHOLDER)),
        FormField("description", _("Details"), "area", source.description if source else ""),
    ]
    if source is None:
        return FormScreen(_("New source"), fields, submit)
    return FormScreen(_("Source: {kind}").format(kind=choice_label("source_kind", source.kind)),
                      fields, submit)


def _choice(source: SourceView, _detail: CaseDetail) -> tuple[str, str]:
    return (_("Source: {kind}").format(kind=choice_label("source_kind", source.kind)),
            f"{source.reliability} {source.credibility}")


def _question(source: SourceView, _detail: CaseDetail) -> str:
    return _("Remove this source ({kind})?").format(kind=choice_label("source_kind", source.kind))


def _section(detail: CaseDetail) -> str:
    return "\n".join(line("■", choice_label("source_kind", s.kind),
                          choice_label("reliability", s.reliability),
                          choice_label("credibility", s.credibility),
                          format_date(s.obtained_on) if s.obtained_on else "",
                          s.description) for s in detail.sources)


KIND = RecordKind[SourceView](
    key="source", action_id="case.source", keys="o", title=N_("Add source"),
    factory=source_form, part="documentation",
    records=lambda detail: detail.sources, choice=_choice, changeable=True,
    question=_question, remove=remover(records.remove_source),
    section=Section("sources", N_("Sources"), _section))
