"""What a case file shows of detention: the detainees linked to the case and the refused
visits it was opened for, as far as the reader's office monitors their facilities."""

from __future__ import annotations

from jhro_tui.services.access import Actor
from jhro_tui.services.detention.unit import office_sql
from jhro_tui.services.justice.unit import tuples
from jhro_tui.services.views import LinkedDetention
from jhro_tui.store.models import Detainee, DetentionVisit, Facility, utc_now


def linked_to_case(case_id: int, who: Actor) -> tuple[LinkedDetention, ...]:
    now = utc_now()
    detainees = tuple(
        LinkedDetention("detainee", row_id, code, facility, None, released is None,
                        released is None and until is not None and until <= now
                        and review != "overridden")
        for row_id, code, facility, released, until, review in tuples(
            Detainee.select(Detainee.id, Detainee.code, Facility.name, Detainee.released_at,
                            Detainee.lawful_until, Detainee.review)
            .join(Facility, on=(Detainee.facility == Facility.id))
            .where(Detainee.case == case_id, office_sql(Detainee.office, who))
            .order_by(Detainee.code)))
    visits = tuple(
        LinkedDetention("visit", row_id, facility, facility, on)
        for row_id, facility, on in tuples(
            DetentionVisit.select(DetentionVisit.id, Facility.name, DetentionVisit.visited_on)
            .join(Facility, on=(DetentionVisit.facility == Facility.id))
            .where(DetentionVisit.case == case_id, office_sql(DetentionVisit.office, who))
            .order_by(DetentionVisit.visited_on)))
    return visits + detainees
