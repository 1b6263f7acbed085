"""A referral of a victim to a service (medical, legal, psychosocial…); its status moves
on through ``referral_status_form``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _, format_date
from jhro_tui.services import victims
from jhro_tui.services.forms import ReferralForm, choice_label
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.choices import reference_choices
from jhro_tui.ui.records.kind import RecordKind
from jhro_tui.ui.records.shared import DATE_PLACEHOLDER, call, full_date, line, victim_choices
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, text_or_none

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def referral_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        victim = values.get("victim")
        if not victim:
            raise ValidationError("victim", N_("Choose the victim."))
        form = ReferralForm(service_code=values.get("service_code") or "",
                            provider=text_or_none(values, "provider"),
                            proposed_on=full_date(values, "proposed_on"),
                            comment=values.get("comment") or "")
        return await call(app, victims.add_referral, int(victim), form)

    fields = [
        FormField("victim", _("Victim"), "choice", None, victim_choices(detail)),
        FormField("service_code", _("Service"), "choice", None,
                  reference_choices("referral_service"), aliases=("service",)),
        FormField("provider", _("Provider")),
        FormField("proposed_on", _("Proposed on"), value=app.today().isoformat(),
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("comment", _("Comment"), "area"),
    ]
    return FormScreen(_("New referral"), fields, submit)


def referral_lines(detail: CaseDetail) -> str:
    """The referrals, shown in the section "Protection and referrals" of the case file."""
    return "\n".join(line("■", r.victim_code, r.service_label, r.provider,
                          choice_label("referral_status", r.status),
                          format_date(r.status_on), r.comment) for r in detail.referrals)


KIND = RecordKind[Any](
    key="referral", action_id="case.referral", keys="r", title=N_("Add referral"),
    factory=referral_form, part="follow_up")
