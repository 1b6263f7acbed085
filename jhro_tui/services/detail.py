"""Reading a whole case file into ``CaseDetail`` (a fixed number of queries per case)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import cast

from peewee import fn

from jhro_tui.services import access
from jhro_tui.services.access import Actor
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import PRIORITY_NAME, UnnamedVictims
from jhro_tui.services.links import related_cases
from jhro_tui.services.reference import Catalog, load_catalog
from jhro_tui.services.transitions import allowed_transitions
from jhro_tui.services.views import (
    AccessChangeView,
    AttachmentView,
    CaseDetail,
    ConsentView,
    FollowUpView,
    IncidentView,
    NoteView,
    PerpetratorView,
    ReferralView,
    SnapshotInfo,
    SourceView,
    StatusChangeView,
    VictimIdentity,
    VictimView,
    ViolationPerpetrator,
    ViolationVictim,
    ViolationView,
)
from jhro_tui.store.models import (
    Attachment,
    Case,
    CaseAccessChange,
    CaseShare,
    CaseSnapshot,
    CaseStatusChange,
    Consent,
    FollowUp,
    Incident,
    Note,
    Perpetrator,
    PerpetratorInvolvement,
    Referral,
    Source,
    Victim,
    VictimViolation,
    Violation,
)

Names = dict[int, tuple[str, str]]


def _name(names: Names, account_id: int | None) -> str:
    return names.get(account_id, ("", ""))[0] if account_id is not None else ""


def incident_date(row: Incident) -> PartialDate:
    return PartialDate.from_storage(row.date_value, row.date_precision, row.date_estimated)


def incident_end(row: Incident) -> PartialDate | None:
    if row.end_value is None:
        return None
    return PartialDate.from_storage(row.end_value, row.end_precision or "day",
                                    row.end_estimated)


def violation_view(row: Violation, catalog: Catalog, names: Names,
                   victims: tuple[ViolationVictim, ...] = (),
                   perpetrators: tuple[ViolationPerpetrator, ...] = ()) -> ViolationView:
    term = catalog.get("violation_type", row.type_code)
    category = term.parent_code if term else ""
    return ViolationView(
        row.id, row.incident_id, row.type_code, catalog.label("violation_type", row.type_code),
        category, catalog.label("violation_type", category), row.description,
        row.verification_status, _name(names, row.verification_set_by_id),
        row.verification_set_at, victims, perpetrators, row.version,
        UnnamedVictims(row.unnamed_men, row.unnamed_women, row.unnamed_boys,
                       row.unnamed_girls, row.unnamed_unknown))


def incident_view(row: Incident, catalog: Catalog, names: Names,
                  violations: tuple[ViolationView, ...] = ()) -> IncidentView:
    return IncidentView(
        row.id, incident_date(row), incident_end(row), row.province_code,
        catalog.label("province", row.province_code), row.territory_code,
        catalog.label("territory", row.territory_code), row.locality, row.description,
        violations, row.version, _name(names, row.updated_by_id), row.updated_at)


def consent_view(row: Consent, names: Names) -> ConsentView:
    return ConsentView(row.id, row.purpose, bool(row.given), row.note,
                       _name(names, row.recorded_by_id), row.recorded_at, row.revoked_at,
                       _name(names, row.revoked_by_id), row.revocation_reason)


def victim_view(row: Victim, consents: tuple[ConsentView, ...], *, allowed: bool,
                reveal: bool) -> VictimView:
    identity = VictimIdentity(row.id, row.name, row.contact) if (allowed and reveal) else None
    return VictimView(row.id, row.code, row.sex, row.age, row.age_group, row.disability,
                      row.displacement, row.risk_level, row.risk_measures, row.risk_review_on,
                      consents, identity, allowed, bool(row.name or row.contact), row.version)


def perpetrator_view(row: Perpetrator, catalog: Catalog) -> PerpetratorView:
    term = catalog.get("perpetrator_category", row.category_code)
    kind = term.extra.get("kind", "") if term else ""
    return PerpetratorView(row.id, row.category_code,
                           catalog.label("perpetrator_category", row.category_code), kind,
                           row.unit, row.name, row.rank, row.description, row.version)


def source_view(row: Source) -> SourceView:
    return SourceView(row.id, row.kind, row.reliability, row.credibility, row.obtained_on,
                      row.description, row.version)


def referral_view(row: Referral, victim_code: str, consent_active: bool,
                  catalog: Catalog) -> ReferralView:
    return ReferralView(row.id, row.victim_id, victim_code, row.service_code,
                        catalog.label("referral_service", row.service_code), row.provider,
                        row.proposed_on, row.status, row.status_on, row.comment,
                        consent_active, row.version)


def follow_up_view(row: FollowUp, reference: str, names: Names) -> FollowUpView:
    return FollowUpView(row.id, row.case_id, reference, row.description, row.due_on,
                        _name(names, row.assigned_to_id), row.done_at,
                        _name(names, row.done_by_id), row.version, row.visit_id,
                        row.action_id)


def note_view(row: Note, names: Names) -> NoteView:
    return NoteView(row.id, _name(names, row.author_id), row.body, row.created_at)


ATTACHMENT_COLUMNS = (Attachment.id, Attachment.case, Attachment.filename,
                      Attachment.description, Attachment.size, Attachment.sha256,
                      Attachment.added_by, Attachment.added_at)


def attachment_view(row: Attachment, names: Names) -> AttachmentView:
    return AttachmentView(row.id, row.filename, row.description, row.size, row.sha256,
                          _name(names, row.added_by_id), row.added_at)


def active_consents(victim_ids: list[int], purpose: str) -> set[int]:
    """The victims among ``victim_ids`` whose latest consent for ``purpose`` is in force.

    The latest is the one written last, by id: ``recorded_at`` comes from the server's
    clock, and a refusal written while it stood an hour behind must not leave an earlier
    consent in force.
    """
    if not victim_ids:
        return set()
    latest = (Consent.select(fn.MAX(Consent.id))
              .where(Consent.victim.in_(victim_ids), Consent.purpose == purpose)
              .group_by(Consent.victim))
    return {victim_id for (victim_id,) in cast(
        "Iterable[tuple[int]]",
        Consent.select(Consent.victim)
        .where(Consent.id.in_(latest), Consent.given == True,  # noqa: E712
               Consent.revoked_at.is_null()).tuples())}


def read_detail(case: Case, who: Actor | None, names: Names, *, reveal_identity: bool = False,
                ) -> CaseDetail:
    """Everything in a case file; identity fields only when revealed and allowed.

    ``who`` None reads the file for a snapshot: no identity, no permissions.
    """
    catalog = load_catalog()
    allowed = who is not None and access.can_see_identity(case, who)
    case_id = case.id

    violations_by_incident: dict[int, list[Violation]] = defaultdict(list)
    violation_rows = list(Violation.select().where(Violation.case == case_id)
                          .order_by(Violation.id))
    for row in violation_rows:
        violations_by_incident[row.incident_id].append(row)
    violation_ids = [row.id for row in violation_rows]
    victim_rows = list(Victim.select().where(Victim.case == case_id).order_by(Victim.id))
    victim_codes = {row.id: row.code for row in victim_rows}
    perpetrator_rows = list(Perpetrator.select().where(Perpetrator.case == case_id)
                            .order_by(Perpetrator.id))
    perpetrators_by_id = {row.id: row for row in perpetrator_rows}

    linked_victims: dict[int, list[ViolationVictim]] = defaultdict(list)
    linked_perpetrators: dict[int, list[ViolationPerpetrator]] = defaultdict(list)
    if violation_ids:
        for victim_id, violation_id, involvement in cast(
                "Iterable[tuple[int, int, str]]",
                VictimViolation.select(VictimViolation.victim, VictimViolation.violation,
                                       VictimViolation.involvement)
                .where(VictimViolation.violation.in_(violation_ids))
                .order_by(VictimViolation.id).tuples()):
            linked_victims[violation_id].append(
                ViolationVictim(victim_id, victim_codes.get(victim_id, ""), involvement))
        for perpetrator_id, violation_id, role in cast(
                "Iterable[tuple[int, int, str]]",
                PerpetratorInvolvement.select(PerpetratorInvolvement.perpetrator,
                                              PerpetratorInvolvement.violation,
                                              PerpetratorInvolvement.role)
                .where(PerpetratorInvolvement.violation.in_(violation_ids))
                .order_by(PerpetratorInvolvement.id).tuples()):
            perpetrator = perpetrators_by_id.get(perpetrator_id)
            if perpetrator is None:
                continue
            linked_perpetrators[violation_id].append(ViolationPerpetrator(
                perpetrator_id, perpetrator.category_code,
                catalog.label("perpetrator_category", perpetrator.category_code),
                perpetrator.unit, role))

    incidents = tuple(
        incident_view(row, catalog, names, tuple(
            violation_view(v, catalog, names, tuple(linked_victims[v.id]),
                           tuple(linked_perpetrators[v.id]))
            for v in violations_by_incident[row.id]))
        for row in Incident.select().where(Incident.case == case_id)
        .order_by(Incident.date_value, Incident.id))

    consents_by_victim: dict[int, list[ConsentView]] = defaultdict(list)
    if victim_rows:
        for consent in (Consent.select().where(Consent.victim.in_(list(victim_codes)))
                        .order_by(Consent.id)):
            consents_by_victim[consent.victim_id].append(consent_view(consent, names))
    victims = tuple(victim_view(row, tuple(consents_by_victim[row.id]), allowed=allowed,
                                reveal=reveal_identity) for row in victim_rows)
    referral_consent = {victim.id for victim in victims if victim.consents_to("referral")}

    referrals = tuple(
        referral_view(row, victim_codes.get(row.victim_id, ""),
                      row.victim_id in referral_consent, catalog)
        for row in Referral.select().where(Referral.case == case_id)
        .order_by(Referral.proposed_on, Referral.id))
    follow_ups = tuple(follow_up_view(row, case.reference, names) for row in
                       FollowUp.select().where(FollowUp.case == case_id)
                       .order_by(FollowUp.due_on, FollowUp.id))
    notes = tuple(note_view(row, names) for row in
                  Note.select().where(Note.case == case_id).order_by(Note.id))
    attachments = tuple(attachment_view(row, names) for row in
                        Attachment.select(*ATTACHMENT_COLUMNS).where(Attachment.case == case_id)
                        .order_by(Attachment.id))
    history = tuple(StatusChangeView(row.from_status, row.to_status, _name(names, row.by_id),
                                     row.at, row.comment)
                    for row in CaseStatusChange.select().where(CaseStatusChange.case == case_id)
                    .order_by(CaseStatusChange.id))
    snapshots = tuple(SnapshotInfo(number, version, taken_at, _name(names, taken_by))
                      for number, version, taken_at, taken_by in cast(
                          "Iterable[tuple[int, int, dt.datetime, int]]",
                          CaseSnapshot.select(CaseSnapshot.number, CaseSnapshot.case_version,
                                              CaseSnapshot.taken_at, CaseSnapshot.taken_by)
                          .where(CaseSnapshot.case == case_id)
                          .order_by(CaseSnapshot.number).tuples()))
    access_changes = tuple(
        AccessChangeView(kind, _name(names, account_id), _name(names, previous_id),
                         _name(names, by_id), at)
        for kind, account_id, previous_id, by_id, at in cast(
            "Iterable[tuple[str, int, int | None, int, dt.datetime]]",
            CaseAccessChange.select(CaseAccessChange.kind, CaseAccessChange.account,
                                    CaseAccessChange.previous, CaseAccessChange.by,
                                    CaseAccessChange.at)
            .where(CaseAccessChange.case == case_id)
            .order_by(CaseAccessChange.id).tuples()))
    shared = tuple(sorted(_name(names, account_id) for (account_id,) in
                          cast("Iterable[tuple[int]]",
                               CaseShare.select(CaseShare.account)
                               .where(CaseShare.case == case_id).tuples())))

    officer_name, officer_full = names.get(case.officer_id, ("", ""))
    detail = CaseDetail(
        id=case.id, reference=case.reference, title=case.title, narrative=case.narrative,
        status=case.status, priority=PRIORITY_NAME.get(case.priority, "normal"),
        confidentiality=case.confidentiality, officer=officer_name,
        officer_full_name=officer_full, office=case.office,
        province_code=case.province_code,
        province_label=catalog.label("province", case.province_code),
        opened_on=case.opened_on, created_at=case.created_at,
        created_by=_name(names, case.created_by_id), updated_at=case.updated_at,
        updated_by=_name(names, case.updated_by_id), version=case.version,
        incidents=incidents, victims=victims,
        perpetrators=tuple(perpetrator_view(row, catalog) for row in perpetrator_rows),
        sources=tuple(source_view(row) for row in
                      Source.select().where(Source.case == case_id).order_by(Source.id)),
        referrals=referrals, follow_ups=follow_ups, notes=notes, attachments=attachments,
        history=history, snapshots=snapshots, shared_with=shared,
        access_changes=access_changes)
    if who is None:
        return detail
    editable = frozenset(section for section in access.SECTION_STATUSES
                         if access.section_open(case, section))
    # Imported here: these readers themselves read from this module.
    from jhro_tui.services.advocacy.board import laws_of_case
    from jhro_tui.services.detention.linked import linked_to_case
    from jhro_tui.services.justice.read import proceedings_of_case

    return replace(detail, related=related_cases(case.id, who),
                   detention=linked_to_case(case.id, who), laws=laws_of_case(case.id, who),
                   proceedings=proceedings_of_case(case.id, who, reveal=reveal_identity),
                   can_edit=bool(editable), editable=editable,
                   transitions=allowed_transitions(case, who), can_see_identity=allowed,
                   can_assign=access.supervises(case, who))
