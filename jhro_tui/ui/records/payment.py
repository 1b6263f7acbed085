"""Money received against a reparation order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.i18n import N_, _, format_date, format_number
from jhro_tui.services.justice import court
from jhro_tui.services.justice.forms import PaymentForm
from jhro_tui.services.justice.views import PaymentView
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.records.justice import all_reparations, amount, reparation_label
from jhro_tui.ui.records.kind import RecordKind
from jhro_tui.ui.records.shared import (
    DATE_PLACEHOLDER,
    call,
    chosen,
    full_date,
    only_code,
    whole_number,
)
from jhro_tui.ui.screens.form import FormField, FormScreen, Values
from jhro_tui.ui.widgets.picker import Choice

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from jhro_tui.ui.shell import Shell


def payment_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    reparations = all_reparations(detail)

    async def submit(values: Values) -> Any:
        reparation = chosen(values, "reparation", reparations)
        return await call(app, court.record_payment, reparation.id, PaymentForm(
            amount=whole_number(values, "amount"), paid_on=full_date(values, "paid_on"),
            note=values.get("note") or ""))

    choices = [Choice(str(r.id), reparation_label(r), _("paid {paid}").format(
        paid=amount(r.paid, r.currency))) for r in reparations]
    return FormScreen(_("New payment"), [
        FormField("reparation", _("Reparation"), "choice", only_code(choices), choices),
        FormField("amount", _("Amount")),
        FormField("paid_on", _("Paid on"), value=app.today().isoformat(),
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("note", _("Note")),
    ], submit)


def _choice(payment: PaymentView, _detail: CaseDetail) -> tuple[str, str]:
    return (_("Payment of {date}").format(date=format_date(payment.paid_on)),
            " ".join(part for part in (format_number(payment.amount), payment.note) if part))


def _question(payment: PaymentView, _detail: CaseDetail) -> str:
    return _("Remove the payment of {date}?").format(date=format_date(payment.paid_on))


def _remove(app: Shell, payment: PaymentView) -> Awaitable[None]:
    return call(app, court.remove_payment, payment.id)


KIND = RecordKind[PaymentView](
    key="payment", action_id="case.payment", keys="P", title=N_("Record a payment"),
    factory=payment_form, part="follow_up",
    available=lambda detail: bool(all_reparations(detail)),
    records=lambda reparation: reparation.payments, within="reparation", choice=_choice,
    question=_question, remove=_remove)
