"""The forms of detention monitoring: a facility, a visit, a detainee, a step of a
detainee's legal timeline, an officer's word on the flag, and a visit's follow-up.

Each hands its values to a service of ``services.detention``; a validation error from the
service shows on its field (``FormScreen``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _, format_date
from jhro_tui.services.detention import detainees, facilities, visits
from jhro_tui.services.detention.forms import (
    DetaineeForm,
    FacilityForm,
    ReviewForm,
    StepForm,
    VisitForm,
)
from jhro_tui.services.detention.views import DetaineeView, FacilityView, VisitView
from jhro_tui.services.forms import FollowUpForm
from jhro_tui.services.justice.views import SessionView
from jhro_tui.services.views import FollowUpView
from jhro_tui.ui.choices import closed_choices
from jhro_tui.ui.records.shared import (
    DATE_PLACEHOLDER,
    call,
    full_date,
    place_fields,
    whole_number,
)
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, codes, text_or_none
from jhro_tui.ui.widgets.picker import Choice

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell

TIME_PLACEHOLDER = N_("HH:MM (empty: not known)")


def hour(values: Values, key: str) -> dt.time | None:
    """An hour of the day, ``08:30`` or ``8h30``; None when left empty."""
    text = (text_or_none(values, key) or "").replace("h", ":").replace("H", ":")
    if not text:
        return None
    try:
        hours, _sep, minutes = text.partition(":")
        return dt.time(int(hours), int(minutes or "0"))
    except ValueError:
        raise ValidationError(key, N_("Write the hour as HH:MM, from 00:00 to 23:59.")
                              ) from None


def _hour_text(moment: dt.datetime | None, timed: bool) -> str:
    return f"{moment:%H:%M}" if moment is not None and timed else ""


def facility_choices(shown: Sequence[FacilityView]) -> list[Choice]:
    return [Choice(str(view.id), view.name, view.place, keywords=(view.place,))
            for view in shown]


def session_choices(shown: Sequence[SessionView]) -> list[Choice]:
    return [Choice(str(view.id), view.label, format_date(view.start_on)) for view in shown]


def penalty_choices() -> list[Choice]:
    """The penalty bands the law limits extensions by (``detention_limit`` terms whose
    step is an extension); left empty, the penalty is not known."""
    from jhro_tui.services.reference import load_catalog

    return [Choice(term.code, term.label(), keywords=(term.code, term.label_en, term.label_fr))
            for term in load_catalog().terms("detention_limit")
            if term.active and term.extra.get("step") == "extension"]


def _id(values: Values, key: str) -> int | None:
    chosen = values.get(key)
    return int(chosen) if chosen else None


def facility_form(app: Shell, shown: FacilityView | None = None) -> FormScreen[FacilityView]:
    async def submit(values: Values) -> FacilityView:
        form = FacilityForm(text_or_none(values, "name"), values.get("kind") or "",
                            values.get("province_code") or "",
                            values.get("territory_code") or "",
                            text_or_none(values, "locality"), text_or_none(values, "authority"),
                            whole_number(values, "capacity"), text_or_none(values, "note"))
        if shown is None:
            return await call(app, facilities.add_facility, form)
        return await call(app, facilities.update_facility, shown.id, form,
                          expected_version=shown.version)

    fields = [
        FormField("name", _("Name"), value=shown.name if shown else ""),
        FormField("kind", _("Kind"), "choice", shown.kind if shown else None,
                  closed_choices("facility_kind")),
        *place_fields(shown.province_code if shown else None,
                      shown.territory_code if shown else None),
        FormField("locality", _("Locality"), value=shown.locality if shown else ""),
        FormField("authority", _("Authority in charge"),
                  value=shown.authority if shown else ""),
        FormField("capacity", _("Official capacity"),
                  value=str(shown.capacity) if shown and shown.capacity is not None else "",
                  placeholder=_("how many people")),
        FormField("note", _("Note"), "area", shown.note if shown else ""),
    ]
    title = _("New facility") if shown is None else _("Change the facility")
    return FormScreen(title, fields, submit)


def visit_form(app: Shell, places: Sequence[FacilityView], shown: VisitView | None = None
               ) -> FormScreen[VisitView]:
    async def submit(values: Values) -> VisitView:
        form = VisitForm(
            _id(values, "facility_id"), full_date(values, "visited_on"),
            values.get("access") or "",
            tuple((text_or_none(values, "officers") or "").replace(",", " ").split()),
            whole_number(values, "men"), whole_number(values, "women"),
            whole_number(values, "boys"), whole_number(values, "girls"),
            tuple(codes(values, "conditions")), text_or_none(values, "notes"))
        if shown is None:
            return await call(app, visits.add_visit, form)
        return await call(app, visits.update_visit, shown.id, form,
                          expected_version=shown.version)

    def count(value: int | None) -> str:
        return str(value) if value is not None else ""

    fields = [
        FormField("facility_id", _("Facility"), "choice",
                  str(shown.facility_id) if shown else None, facility_choices(places)),
        FormField("visited_on", _("Visited on"),
                  value=shown.visited_on.isoformat() if shown else "",
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("access", _("Access"), "choice", shown.access if shown else None,
                  closed_choices("visit_access")),
        FormField("officers", _("Other officers"),
                  value=" ".join(shown.officers) if shown else "",
                  placeholder=_("account names, space apart (you are one)")),
        FormField("men", _("Men seen"), value=count(shown.men if shown else None)),
        FormField("women", _("Women seen"),
                  value=count(shown.women if shown else None)),
        FormField("boys", _("Boys seen"), value=count(shown.boys if shown else None)),
        FormField("girls", _("Girls seen"),
                  value=count(shown.girls if shown else None)),
        FormField("conditions", _("Conditions"), "choices",
                  "\n".join(shown.conditions) if shown else "",
                  closed_choices("detention_condition")),
        FormField("notes", _("Notes"), "area", shown.notes if shown else ""),
    ]
    title = _("New visit") if shown is None else _("Change the visit")
    return FormScreen(title, fields, submit)


def detainee_form(app: Shell, places: Sequence[FacilityView],
                  shown: DetaineeView | None = None) -> FormScreen[DetaineeView]:
    async def submit(values: Values) -> DetaineeView:
        form = DetaineeForm(
            _id(values, "facility_id") if shown is None else shown.facility_id,
            values.get("sex") or "unknown", values.get("age_group") or "unknown",
            text_or_none(values, "name"), values.get("penalty") or "",
            text_or_none(values, "case_reference"), full_date(values, "arrested_on"),
            hour(values, "arrested_time"))
        if shown is None:
            return await call(app, detainees.add_detainee, form)
        return await call(app, detainees.update_detainee, shown.id, form,
                          expected_version=shown.version)

    arrest = next((step for step in shown.steps if step.kind == "arrest"), None) \
        if shown else None
    fields = [
        *([] if shown else [FormField("facility_id", _("Facility"), "choice", None,
                                      facility_choices(places))]),
        FormField("sex", _("Sex"), "choice", shown.sex if shown else None,
                  closed_choices("sex")),
        FormField("age_group", _("Age group"), "choice", shown.age_group if shown else None,
                  closed_choices("age_group")),
        *([] if shown and shown.identity_restricted else [
            FormField("name", _("Name (restricted)"), value=shown.name if shown else "",
                      placeholder=_("left empty: not known"))]),
        FormField("penalty", _("Penalty band of the offence"), "choice",
                  (shown.penalty or None) if shown else None, penalty_choices(),
                  placeholder=_("left empty: not known")),
        FormField("case_reference", _("Case reference"),
                  value=shown.case_reference if shown else "",
                  placeholder=_("left empty: no case")),
        FormField("arrested_on", _("Arrested on"),
                  value=arrest.local.date().isoformat() if arrest else "",
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("arrested_time", _("Arrested at"),
                  value=_hour_text(arrest.local if arrest else None,
                                   arrest.timed if arrest else False),
                  placeholder=_(TIME_PLACEHOLDER)),
    ]
    if shown is None:
        return FormScreen(_("New detainee"), fields, submit)
    return FormScreen(_("Change detainee {code}").format(code=shown.code), fields, submit)


def step_form(app: Shell, shown: DetaineeView, places: Sequence[FacilityView],
              court_sessions: Sequence[SessionView]) -> FormScreen[DetaineeView]:
    """One fact of the timeline; the fields its kind does not use are left empty (months:
    a sentence or an extension; verdict: a judgment; facility: a transfer; basis and
    session: a release)."""

    async def submit(values: Values) -> DetaineeView:
        form = StepForm(values.get("kind") or "", full_date(values, "on"),
                        hour(values, "time"), whole_number(values, "months"),
                        values.get("verdict") or "", _id(values, "facility_id"),
                        whole_number(values, "proceeding_id"), values.get("basis") or "",
                        _id(values, "session_id"), text_or_none(values, "note"))
        return await call(app, detainees.add_step, shown.id, form)

    fields = [
        FormField("kind", _("Step"), "choice", None,
                  [choice for choice in closed_choices("detention_step")
                   if choice.code != "arrest"]),
        FormField("on", _("Date"), placeholder=_(DATE_PLACEHOLDER)),
        FormField("time", _("Hour"), placeholder=_(TIME_PLACEHOLDER)),
        FormField("months", _("Months"),
                  placeholder=_("a sentence or an extension: how many months")),
        FormField("verdict", _("Verdict"), "choice", None, closed_choices("detention_verdict"),
                  placeholder=_("a judgment")),
        FormField("facility_id", _("Transferred to"), "choice", None,
                  facility_choices([view for view in places
                                    if view.id != shown.facility_id]),
                  placeholder=_("a transfer")),
        FormField("basis", _("Release basis"), "choice", None,
                  closed_choices("detention_release_basis"), placeholder=_("a release")),
        FormField("session_id", _("Mobile court session"), "choice", None,
                  session_choices(court_sessions),
                  placeholder=_("a release by a mobile court session")),
        FormField("proceeding_id", _("Proceeding number"),
                  placeholder=_("a judgment: the justice module's proceeding, if known")),
        FormField("note", _("Note"), "area", ""),
    ]
    return FormScreen(_("Timeline step"), fields, submit,
                      intro=_("Detainee {code}").format(code=shown.code))


def review_form(app: Shell, shown: DetaineeView) -> FormScreen[DetaineeView]:
    async def submit(values: Values) -> DetaineeView:
        form = ReviewForm(values.get("review") or "", text_or_none(values, "reason"))
        return await call(app, detainees.review_flag, shown.id, form,
                          expected_version=shown.version)

    fields = [FormField("review", _("The flag"), "choice", shown.review or None,
                        closed_choices("flag_review")),
              FormField("reason", _("Reason"), "area", shown.review_reason)]
    return FormScreen(_("Review the flag"), fields, submit,
                      intro=_("Detainee {code}").format(code=shown.code))


def visit_follow_up_form(app: Shell, shown: VisitView) -> FormScreen[FollowUpView]:
    async def submit(values: Values) -> FollowUpView:
        form = FollowUpForm(description=text_or_none(values, "description"),
                            due_on=full_date(values, "due_on"),
                            assigned_to=text_or_none(values, "assigned_to") or None)
        return await call(app, visits.add_visit_follow_up, shown.id, form)

    fields = [FormField("description", _("To do")),
              FormField("due_on", _("Due on"), placeholder=_(DATE_PLACEHOLDER)),
              FormField("assigned_to", _("Assigned to"),
                        placeholder=_("left empty: yourself"))]
    return FormScreen(_("New follow-up"), fields, submit,
                      intro=_("Visit to {facility}, {date}").format(
                          facility=shown.facility_name, date=format_date(shown.visited_on)))
