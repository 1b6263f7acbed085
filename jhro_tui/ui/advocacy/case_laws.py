"""What a case file shows of advocacy: the laws of the reader's office the case
illustrates (a line each in its overview), and the key that opens one."""

from __future__ import annotations

from typing import Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _, format_date
from jhro_tui.services.forms import choice_label
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.advocacy.law_page import open_law
from jhro_tui.ui.records.shared import line, only_code
from jhro_tui.ui.screens.base import PacedScreen
from jhro_tui.ui.screens.form import FormField, FormScreen, Values
from jhro_tui.ui.widgets.picker import Choice


def overview_lines(detail: CaseDetail) -> list[str]:
    return [line(_("Illustrates the law"), law.title,
                 _("{stage} since {date}").format(stage=choice_label("law_stage", law.stage),
                                                  date=format_date(law.stage_on)))
            for law in detail.laws]


def pick_law(screen: PacedScreen[Any], detail: CaseDetail) -> None:
    """Open the law the case illustrates (chosen from a list when there are several)."""
    if not detail.laws:
        screen.notify(_("This case illustrates no law your office follows."), markup=False)
        return
    if len(detail.laws) == 1:
        open_law(screen, detail.laws[0].law_id)
        return
    choices = [Choice(str(law.law_id), law.title, choice_label("law_stage", law.stage))
               for law in detail.laws]

    async def submit(values: Values) -> int:
        picked = values.get("law")
        if not picked or picked not in {choice.code for choice in choices}:
            raise ValidationError("law", N_("Choose one from the list."))
        return int(picked)

    def picked(law_id: int | None) -> None:
        if law_id is not None:
            open_law(screen, law_id)

    field = FormField("law", _("Law"), "choice", only_code(choices), choices,
                      placeholder=_("type to narrow the list"))
    screen.app.push_screen(FormScreen(_("Open a law this case illustrates"), [field], submit,
                                      choose_with_enter=True), picked)
