"""Mobile court sessions (audiences foraines): where and when a court sat away from its
seat, the proceedings it heard (``Proceeding.session``) and the detainees it released.

A session belongs to the office that supports it: its officers and supervisor record and
read it; only that supervisor removes it. The detainees it released are counted from the
detention module's releases linked to it (one per detainee, named by code) and from the
release records here, which count on a day, on one basis, detainees not recorded one by
one.
"""

from __future__ import annotations

from typing import Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services import access, forms
from jhro_tui.services.common import account_names, rules
from jhro_tui.services.justice import checks
from jhro_tui.services.justice.forms import ReleaseForm, SessionForm
from jhro_tui.services.justice.read import session_view
from jhro_tui.services.justice.unit import session_unit, write_changes
from jhro_tui.services.justice.views import ReleaseView, SessionView
from jhro_tui.services.reference import load_catalog
from jhro_tui.services.session import Session
from jhro_tui.services.validation import not_future, one_of
from jhro_tui.store.models import MobileSession, Proceeding, SessionRelease, utc_now

MAX_RELEASED = 10_000
"""More detainees than any prison holds: a typing slip."""


def _values(form: SessionForm, session: Session) -> dict[str, Any]:
    start, end = checks.check_session(form, rules(session))
    return {"court_code": form.court_code, "province_code": form.province_code,
            "territory_code": form.territory_code, "locality": form.locality.strip(),
            "start_on": start, "end_on": end, "note": form.note.strip()}


def open_session(session: Session, form: SessionForm) -> SessionView:
    """Record a mobile court session the acting account's office supports."""
    action = "mobile_session.add"
    with access.working(session, action) as work:
        if not work.who.office:
            raise ValidationError("office", N_("Your account has no field office."))
        values = _values(form, session)
        now = utc_now()
        row = MobileSession.create(office=work.who.office, created_by=work.who.id,
                                   updated_by=work.who.id, created_at=now, updated_at=now,
                                   **values)
        work.audit(action, f"office={work.who.office}", target=f"mobile_session:{row.id}")
        return session_view(row, load_catalog())


def update_session(session: Session, session_id: int, form: SessionForm, *,
                   expected_version: int) -> SessionView:
    action = "mobile_session.update"
    with session_unit(session, session_id, action,
                      expected_version=expected_version) as work:
        changed = write_changes(MobileSession, work.session_row, _values(form, session),
                                work.who)
        if changed:
            work.audit(action, " ".join(changed))
        return session_view(MobileSession.get_by_id(session_id), load_catalog())


def remove_session(session: Session, session_id: int, *, expected_version: int) -> None:
    """Remove a session recorded by mistake (the office supervisor); its proceedings stay,
    no longer counted as heard by it."""
    action = "mobile_session.remove"
    with session_unit(session, session_id, action,
                      expected_version=expected_version) as work:
        if not work.who.is_supervisor:
            raise work.denied("not the office supervisor")
        heard = Proceeding.select().where(Proceeding.session == session_id).count()
        MobileSession.delete().where(MobileSession.id == session_id).execute()
        work.audit(action, f"proceedings={heard}")


def sessions(session: Session) -> tuple[SessionView, ...]:
    """The mobile court sessions of the acting account's office, the latest first."""
    with access.reading(session):
        who = access.case_actor(session, "mobile_session.list")
        catalog = load_catalog()
        return tuple(session_view(row, catalog) for row in MobileSession.select().where(
            MobileSession.office == who.office).order_by(MobileSession.start_on.desc(),
                                                         MobileSession.id.desc()))


def record_release(session: Session, session_id: int, form: ReleaseForm) -> ReleaseView:
    """Detainees the session released on a day, on one basis (counted, not named)."""
    action = "mobile_session.release"
    with session_unit(session, session_id, action) as work:
        released = form.released
        if released is None or not 1 <= released <= MAX_RELEASED:
            raise ValidationError("released", N_("Give the number of detainees released "
                                                 "(1 to 10,000)."))
        on = checks.day("released_on", form.released_on, N_("Give the day they were "
                                                            "released."))
        not_future(rules(session), "released_on", on)
        row = work.session_row
        checks.not_before("released_on", on, row.start_on, N_(
            "The release ({date}) is before the session began ({earliest})."))
        one_of("basis", form.basis, forms.RELEASE_BASES)
        checks.limit("note", form.note)
        release = SessionRelease.create(session=session_id, released=released,
                                        released_on=on, basis=form.basis,
                                        note=form.note.strip(), recorded_by=work.who.id,
                                        recorded_at=utc_now())
        work.audit(action, f"release={release.id} released={released}")
        return ReleaseView(release.id, session_id, released, on, form.basis,
                           release.note, work.who.name)


def remove_release(session: Session, release_id: int) -> None:
    action = "mobile_session.release.remove"
    row = SessionRelease.get_or_none(SessionRelease.id == release_id)
    with session_unit(session, row.session_id if row else 0, action) as work:
        SessionRelease.delete().where(SessionRelease.id == release_id).execute()
        work.audit(action, f"release={release_id}")


def releases(session_id: int) -> tuple[ReleaseView, ...]:
    names = account_names()
    return tuple(ReleaseView(row.id, row.session_id, row.released, row.released_on,
                             row.basis, row.note, names.get(row.recorded_by_id, ("", ""))[0])
                 for row in SessionRelease.select().where(SessionRelease.session == session_id)
                 .order_by(SessionRelease.released_on, SessionRelease.id))
