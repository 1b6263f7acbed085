"""Facilities an office monitors: prisons, police cells, military and intelligence
detention, unofficial places."""

from __future__ import annotations

from typing import Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services import access, forms
from jhro_tui.services.common import rules
from jhro_tui.services.detention.forms import FacilityForm
from jhro_tui.services.detention.read import facility_view
from jhro_tui.services.detention.unit import record_unit
from jhro_tui.services.detention.views import FacilityView
from jhro_tui.services.justice import checks
from jhro_tui.services.justice.unit import write_changes
from jhro_tui.services.reference import load_catalog
from jhro_tui.services.session import Session
from jhro_tui.services.validation import length, one_of, required
from jhro_tui.store.models import Detainee, DetentionVisit, Facility, utc_now

MAX_CAPACITY = 100_000
"""More than the largest prison holds: a typing slip."""


def _values(form: FacilityForm, session: Session) -> dict[str, Any]:
    name = required("name", form.name, N_("Give the facility's name."))
    length("name", name)
    one_of("kind", form.kind, forms.FACILITY_KINDS)
    checks.place(rules(session), form.province_code, form.territory_code)
    for field in ("locality", "note", "authority"):
        length(field, getattr(form, field))
    if form.capacity is not None and not 0 <= form.capacity <= MAX_CAPACITY:
        raise ValidationError("capacity", N_("Give the official capacity (0 to 100,000), or "
                                             "leave it empty when unknown."))
    return {"name": name, "kind": form.kind, "province_code": form.province_code,
            "territory_code": form.territory_code, "locality": form.locality.strip(),
            "authority": form.authority.strip(), "capacity": form.capacity,
            "note": form.note.strip()}


def add_facility(session: Session, form: FacilityForm) -> FacilityView:
    """A facility the acting account's office monitors from now on."""
    action = "facility.add"
    with access.working(session, action) as work:
        if not work.who.office:
            raise ValidationError("office", N_("Your account has no field office."))
        values = _values(form, session)
        now = utc_now()
        row = Facility.create(office=work.who.office, created_by=work.who.id,
                              updated_by=work.who.id, created_at=now, updated_at=now,
                              **values)
        work.audit(action, f"office={work.who.office}", target=f"facility:{row.id}")
        return facility_view(row, load_catalog())


def update_facility(session: Session, facility_id: int, form: FacilityForm, *,
                    expected_version: int) -> FacilityView:
    action = "facility.update"
    with record_unit(session, Facility, facility_id, action,
                     expected_version=expected_version) as work:
        changed = write_changes(Facility, work.row, _values(form, session), work.who)
        if changed:
            work.audit(action, " ".join(changed))
        return facility_view(Facility.get_by_id(facility_id), load_catalog())


def remove_facility(session: Session, facility_id: int, *, expected_version: int) -> None:
    """Remove a facility recorded by mistake (the office supervisor), only while nothing
    is recorded there: a visit or a detainee is never lost with it."""
    action = "facility.remove"
    with record_unit(session, Facility, facility_id, action,
                     expected_version=expected_version) as work:
        work.require_supervisor()
        if (DetentionVisit.select().where(DetentionVisit.facility == facility_id).exists()
                or Detainee.select().where(Detainee.facility == facility_id).exists()):
            raise ValidationError("facility", N_("Visits or detainees are recorded at this "
                                                 "facility: it cannot be removed."))
        Facility.delete().where(Facility.id == facility_id).execute()
        work.audit(action, f"name_length={len(work.row.name)}")
