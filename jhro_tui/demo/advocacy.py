"""The demo's advocacy (issue 22): the laws and policies each office follows, their stage
history, the advocacy actions taken on them with their next steps and follow-ups, and the
cases that illustrate them.

Drawn last, after the court work and detention, from a random source of its own, so that
everything before stays as it was. One law per fifty cases (at least eight per office), in
proportion to the office's caseload: about 2,000 at 100,000 cases. A law's history follows
the way a text goes (identified, drafted, tabled, in committee, adopted, promulgated, in
force), each step after the one before with its evidence, and may stall or be rejected;
nothing is dated after ``end``. A few of each office's laws are its priorities, with
dozens of actions; follow-ups of older actions are mostly done, recent ones are open, some
past their date and some due in the weeks after ``end``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from jhro_tui.demo.draws import Weighted, choice, randint, stamp
from jhro_tui.demo.ids import WINDOW_START, Rows, Staff
from jhro_tui.demo.offices import OFFICES
from jhro_tui.store.db import database
from jhro_tui.store.models import (
    AdvocacyAction,
    AdvocacyCase,
    Case,
    FollowUp,
    Law,
    LawStage,
)

WRITING_ORDER = (Law, LawStage, AdvocacyAction, FollowUp, AdvocacyCase)
CASES_PER_LAW = 50
LAWS_PER_OFFICE = 8
"""At least, whatever the caseload: a small demo still fills the board."""
PATH = ("identified", "drafting", "tabled", "in_committee", "adopted", "promulgated",
        "in_force")
PROVINCES = {"CD-NK": "Nord-Kivu", "CD-SK": "Sud-Kivu", "CD-IT": "Ituri",
             "CD-TA": "Tanganyika", "CD-KC": "Kasaï-Central", "CD-HK": "Haut-Katanga",
             "CD-KN": "Kinshasa"}

# title, kind, jurisdiction, theme, standards: provincial titles name their province.
TextSpec = tuple[str, str, str, str, str]
TEXTS: tuple[TextSpec, ...] = (
    ("Loi portant protection et responsabilité des défenseurs des droits humains", "law",
     "national", "defenders", "defenders_declaration iccpr achpr"),
    ("Loi portant principes fondamentaux relatifs à la protection et à la réparation des "
     "victimes de violences sexuelles liées aux conflits", "law", "national",
     "sexual_violence", "reparation_principles cedaw maputo rome"),
    ("Réforme du Code judiciaire militaire", "law", "national", "military_justice",
     "iccpr rome treaty_body"),
    ("Édit provincial sur la protection des défenseurs des droits humains ({province})",
     "law", "provincial", "defenders", "defenders_declaration achpr"),
    ("Stratégie nationale de lutte contre la détention préventive prolongée", "strategy",
     "national", "detention", "iccpr mandela_rules cat"),
    ("Loi portant abolition de la peine de mort", "law", "national", "death_penalty",
     "iccpr upr"),
    ("Loi relative à la liberté de manifestation", "law", "national", "civic_space",
     "iccpr force_principles upr"),
    ("Loi sur l'accès à l'information", "law", "national", "civic_space", "iccpr achpr"),
    ("Loi portant modalités d'exercice de la liberté de la presse", "law", "national",
     "civic_space", "iccpr"),
    ("Loi portant protection et promotion des droits des peuples autochtones pygmées",
     "law", "national", "indigenous", "icescr achpr treaty_body"),
    ("Décret portant création du Fonds national des réparations des victimes (FONAREV), "
     "mesures d'application", "decree", "national", "sexual_violence",
     "reparation_principles"),
    ("Politique nationale de justice transitionnelle", "policy", "national", "impunity",
     "reparation_principles rome upr"),
    ("Loi portant mise en œuvre du Statut de Rome de la Cour pénale internationale",
     "law", "national", "impunity", "rome"),
    ("Loi portant protection de l'enfant, révision", "law", "national", "children",
     "crc treaty_body"),
    ("Plan d'action national sur la résolution 1325 (femmes, paix et sécurité)",
     "strategy", "national", "women", "cedaw maputo"),
    ("Loi portant modalités d'application des droits de la femme et de la parité",
     "law", "national", "women", "cedaw maputo"),
    ("Arrêté interministériel sur la séparation des mineurs et des femmes en détention",
     "regulation", "national", "detention", "mandela_rules crc"),
    ("Loi contre la torture, révision de l'article 48 bis du Code pénal", "law",
     "national", "detention", "cat iccpr"),
    ("Édit provincial portant gestion des conflits fonciers ({province})", "law",
     "provincial", "land", "icescr achpr"),
    ("Arrêté provincial réglementant les cachots des services de sécurité ({province})",
     "regulation", "provincial", "detention", "mandela_rules cat"),
    ("Plan provincial de lutte contre les violences sexuelles ({province})", "strategy",
     "provincial", "sexual_violence", "cedaw maputo"),
    ("Loi électorale, dispositions sur la liberté de campagne", "law", "national",
     "elections", "iccpr"),
    ("Loi organique portant organisation et fonctionnement de la CNDH, révision", "law",
     "national", "impunity", "treaty_body upr"),
    ("Directive du Procureur général sur la garde à vue et les délais légaux",
     "regulation", "national", "detention", "iccpr mandela_rules"),
)
ROUNDS = ("", " (deuxième lecture)", " (texte révisé)", " (proposition de loi)",
          " (avant-projet du gouvernement)", " (mesures d'application)")
"""How an office following many texts tells the same subject's texts apart."""

EVIDENCE = {
    "identified": ("Recommandation de l'Examen périodique universel",
                   "Observations finales du Comité des droits de l'homme",
                   "Constat du bureau à partir des cas documentés",
                   "Demande de la société civile lors de la réunion de coordination"),
    "drafting": ("Avant-projet transmis par le ministère des Droits humains",
                 "Atelier de rédaction avec la commission permanente de réforme du droit",
                 "Version de travail partagée par le cabinet du ministre"),
    "tabled": ("Proposition déposée au bureau de l'assemblée (réf. {number})",
               "Projet adopté en Conseil des ministres et transmis à l'assemblée",
               "Inscription à l'ordre du jour de la session de mars"),
    "in_committee": ("Examen en commission politique, administrative et juridique",
                     "Audition du bureau par la commission le {day}",
                     "Rapport de la commission transmis en plénière"),
    "adopted": ("Adopté en plénière (vote n° {number})",
                "Adopté par les deux chambres après commission mixte paritaire"),
    "promulgated": ("Promulgué, publié au Journal officiel n° {number}",
                    "Ordonnance de promulgation signée le {day}"),
    "in_force": ("Mesures d'application publiées",
                 "Entrée en vigueur constatée, premiers cas d'application"),
    "stalled": ("Session close sans examen en plénière",
                "Texte renvoyé au gouvernement, sans suite depuis"),
    "rejected": ("Rejeté en plénière (vote n° {number})",
                 "Déclaré irrecevable par le bureau de l'assemblée"),
}
KINDS = Weighted((("meeting", 40), ("letter", 20), ("comments", 12), ("report", 10),
                  ("workshop", 10), ("statement", 8)))
# institution, named as, whom: by where the text stands.
Target = tuple[str, str, tuple[str, ...]]
GOVERNMENT: tuple[Target, ...] = (
    ("government", "Ministère des Droits humains", ("Ministre", "Directeur de cabinet",
                                                    "Conseiller juridique")),
    ("government", "Ministère de la Justice et Garde des Sceaux",
     ("Secrétaire général", "Conseiller chargé de la réforme")),
    ("presidency", "Cabinet du Président de la République",
     ("Conseiller spécial en matière de droits humains",)),
    ("partner", "Union européenne, délégation en RDC", ("Cheffe de la section politique",)),
    ("civil_society", "Coalition des ONG de défense des droits humains",
     ("Coordonnateur", "Point focal plaidoyer")),
)
PARLIAMENT: tuple[Target, ...] = (
    ("national_assembly", "Commission politique, administrative et juridique de "
     "l'Assemblée nationale", ("Président de la commission", "Rapporteur")),
    ("national_assembly", "Commission des droits de l'homme de l'Assemblée nationale",
     ("Présidente de la commission", "Député auteur de la proposition")),
    ("senate", "Commission socio-culturelle du Sénat", ("Président de la commission",)),
    ("human_rights_commission", "Commission nationale des droits de l'homme (CNDH)",
     ("Président", "Commissaire chargé des défenseurs")),
    ("civil_society", "Réseau des femmes parlementaires", ("Coordinatrice",)),
)
PROVINCE: tuple[Target, ...] = (
    ("provincial_assembly", "Assemblée provinciale du {province}",
     ("Président de l'assemblée", "Commission juridique")),
    ("provincial_government", "Gouvernorat du {province}",
     ("Gouverneur", "Ministre provincial de la Justice")),
    ("civil_society", "Société civile du {province}", ("Président du bureau de coordination",)),
)
APPLYING: tuple[Target, ...] = (
    ("judiciary", "Parquet général près la Cour d'appel", ("Procureur général",)),
    ("military_justice", "Auditorat militaire supérieur", ("Auditeur militaire supérieur",)),
    ("security_forces", "Commissariat provincial de la Police nationale",
     ("Commissaire provincial",)),
    ("human_rights_commission", "Commission nationale des droits de l'homme (CNDH)",
     ("Coordination provinciale",)),
    ("other", "Administration pénitentiaire", ("Directeur de la prison centrale",)),
)
SUMMARIES = {
    "meeting": "Rencontre sur le texte : présentation des observations du bureau et des "
               "cas documentés qui l'illustrent.",
    "letter": "Lettre transmettant l'analyse du bureau au regard des normes "
              "internationales.",
    "comments": "Commentaires techniques article par article sur la dernière version.",
    "report": "Note de plaidoyer et rapport thématique remis, avec des recommandations.",
    "workshop": "Atelier d'échange avec les membres de la commission et la société "
                "civile.",
    "statement": "Communiqué public du bureau sur le texte et son examen.",
}
OUTCOMES = ("Engagement à intégrer les observations", "Demande d'une note écrite",
            "Pas d'engagement ferme", "Examen reporté à la prochaine session",
            "Accord pour un atelier conjoint", "Observations partiellement reprises", "")
NEXT_STEPS = ("Envoyer la note technique demandée", "Relancer le cabinet sur le calendrier",
              "Vérifier la version transmise en plénière",
              "Partager les cas documentés (anonymisés) avec le rapporteur",
              "Préparer l'atelier avec la commission",
              "Suivre la publication au Journal officiel",
              "Rencontrer le président de la commission avant le vote")
RECENT_DAYS = 60
"""Actions taken in the last weeks before ``end`` have an open next step."""


def laws_per_office(cases: int) -> dict[str, int]:
    """How many laws each office follows in a demo of ``cases``: its share of the
    caseload, one per ``CASES_PER_LAW``, at least ``LAWS_PER_OFFICE``."""
    total = sum(office.weight for office in OFFICES)
    return {office.name: max(LAWS_PER_OFFICE,
                             round(cases * office.weight / total / CASES_PER_LAW))
            for office in OFFICES}


@dataclass
class Story:
    """A law while drawn: its office, its stages and who follows it."""

    id: int
    office: str
    province: str
    jurisdiction: str
    theme: str
    officer: int
    stages: list[tuple[str, dt.date]]
    actions: int


class AdvocacyWork:
    """Draws the demo's advocacy rows into ``rows``."""

    def __init__(self, seed: int, cases: int, end: dt.date, staff: Staff) -> None:
        self.rng = random.Random(seed * 10_000_019 + 22)
        self.cases = cases
        self.end = end
        self.staff = staff
        self.rows = Rows()
        self.last_ids: dict[type, int] = {}
        self.linkable: dict[str, list[int]] = {}

    def take(self, model: type) -> int:
        self.last_ids[model] = self.last_ids.get(model, 0) + 1
        return self.last_ids[model]

    def draw(self) -> Rows:
        # Follow-ups of cases and visits hold ids already: the actions' come after them.
        self.last_ids[FollowUp] = int(database.execute_sql(
            f'SELECT coalesce(max(id), 0) FROM "{FollowUp._meta.table_name}"').fetchone()[0])
        for case_id, office in database.execute_sql(
                f'SELECT id, office FROM "{Case._meta.table_name}" '
                "WHERE status IN ('validated', 'in_follow_up', 'closed') ORDER BY id"):
            self.linkable.setdefault(office, []).append(int(case_id))
        counts = laws_per_office(self.cases)
        for office in OFFICES:
            if office.name in self.staff.by_office:
                for number in range(counts[office.name]):
                    self._law(office.name, office.provinces[0][0], number)
        return Rows({model: self.rows.tables[model] for model in WRITING_ORDER
                     if model in self.rows.tables})

    # --- laws ----------------------------------------------------------------------------------

    def _law(self, office: str, province: str, number: int) -> None:
        rng = self.rng
        title, kind, jurisdiction, theme, standards = TEXTS[number % len(TEXTS)]
        rounds = number // len(TEXTS)
        title = (title.format(province=PROVINCES.get(province, province))
                 + (ROUNDS[rounds % len(ROUNDS)] if rounds else "")
                 + (f" {rounds // len(ROUNDS) + 1}" if rounds >= len(ROUNDS) else ""))
        officer = choice(rng, self.staff.by_office[office])[0]
        # The first texts of each office are its priorities, followed for years.
        priority = 4 if number < 2 else 3 if number < 5 else choice(rng, (1, 2, 2, 2, 3))
        first = WINDOW_START + dt.timedelta(days=randint(
            rng, 0 if number < 5 else 200, max(200, (self.end - WINDOW_START).days - 90)))
        story = Story(self.take(Law), office,
                      province if jurisdiction == "provincial" else "", jurisdiction, theme,
                      officer, self._stages(first),
                      randint(rng, 20, 40) if number < 3 else randint(rng, 1, 8))
        latest, since = story.stages[-1]
        self.rows.add(Law, id=story.id, office=office, title=title, kind=kind,
                      jurisdiction=jurisdiction, province_code=story.province, theme=theme,
                      standards=standards, priority=priority, officer=officer, stage=latest,
                      stage_on=since, note="", **self._tracked(officer, first))
        for stage, on in story.stages:
            self.rows.add(LawStage, id=self.take(LawStage), law=story.id, stage=stage, on=on,
                          evidence=choice(rng, EVIDENCE[stage]).format(
                              number=randint(rng, 10, 480), day=on.strftime("%d/%m/%Y")),
                          recorded_by=officer, recorded_at=stamp(on, rng))
        for case_id in self._cases(office, randint(rng, 0, 3)):
            self.rows.add(AdvocacyCase, id=self.take(AdvocacyCase), law=story.id,
                          action=None, case=case_id, linked_by=officer,
                          linked_at=stamp(since, rng))
        for _action in range(story.actions):
            self._action(story)

    def _stages(self, first: dt.date) -> list[tuple[str, dt.date]]:
        """The way the text went from ``first``, in date order, up to ``end``: along the
        path, stopping anywhere, some stalling or rejected."""
        rng = self.rng
        start = 0 if rng.random() < 0.7 else 1
        stages = [(PATH[start], first)]
        for stage in PATH[start + 1:]:
            on = stages[-1][1] + dt.timedelta(days=randint(rng, 30, 320))
            if on > self.end or rng.random() < 0.18:
                break
            stages.append((stage, on))
        leaving = stages[-1][0]
        if leaving in ("tabled", "in_committee") and rng.random() < 0.3:
            on = stages[-1][1] + dt.timedelta(days=randint(rng, 90, 400))
            if on <= self.end:
                stages.append(("stalled" if rng.random() < 0.75 else "rejected", on))
        return stages

    # --- actions -------------------------------------------------------------------------------

    def _action(self, story: Story) -> None:
        rng = self.rng
        first = story.stages[0][1]
        taken = first + dt.timedelta(days=randint(rng, 0, (self.end - first).days))
        # Laws still moving get their latest actions in the last weeks.
        if story.stages[-1][0] not in ("in_force", "rejected") and rng.random() < 0.2:
            taken = self.end - dt.timedelta(days=randint(rng, 0, RECENT_DAYS))
        taken = max(taken, first)
        stage = next(stage for stage, on in reversed(story.stages) if on <= taken)
        institution, target, people = choice(rng, self._targets(story, stage))
        kind = KINDS.draw(rng)
        author = choice(rng, self.staff.by_office[story.office])[0]
        law_id: int | None = story.id if rng.random() < 0.95 else None
        action_id = self.take(AdvocacyAction)
        follow_up_on = None
        next_step = ""
        if rng.random() < 0.75:
            next_step = choice(rng, NEXT_STEPS)
            follow_up_on = taken + dt.timedelta(days=randint(rng, 7, 60))
        self.rows.add(AdvocacyAction, id=action_id, office=story.office, law=law_id,
                      taken_on=taken, kind=kind, institution=institution,
                      target_name=target.format(province=PROVINCES.get(story.province, "")),
                      target_person=choice(rng, people) if kind != "statement" else "",
                      summary=SUMMARIES[kind], outcome=choice(rng, OUTCOMES),
                      next_step=next_step, follow_up_on=follow_up_on,
                      **self._tracked(author, taken))
        if follow_up_on is not None:
            self._follow_up(story, action_id, law_id, author, next_step, taken, follow_up_on)
        if rng.random() < 0.3:
            for case_id in self._cases(story.office, randint(rng, 1, 2)):
                self.rows.add(AdvocacyCase, id=self.take(AdvocacyCase), law=law_id,
                              action=action_id, case=case_id, linked_by=author,
                              linked_at=stamp(taken, rng))

    def _targets(self, story: Story, stage: str) -> tuple[Target, ...]:
        if story.jurisdiction == "provincial" and stage not in ("in_force", "promulgated"):
            return PROVINCE
        if stage in ("tabled", "in_committee", "adopted", "stalled", "rejected"):
            return PARLIAMENT
        if stage in ("promulgated", "in_force"):
            # Those who apply the text: the prisons only for a text on detention.
            return APPLYING if story.theme == "detention" else APPLYING[:-1]
        return GOVERNMENT

    def _follow_up(self, story: Story, action_id: int, law_id: int | None, author: int,
                   next_step: str, taken: dt.date, due: dt.date) -> None:
        """The action's next step, the law's officer's (the author's without a law): done
        when long past, mostly; open when recent, its date past or to come."""
        rng = self.rng
        done = due < self.end - dt.timedelta(days=RECENT_DAYS) and rng.random() < 0.95
        assignee = story.officer if law_id is not None else author
        done_on = min(due, self.end)
        self.rows.add(FollowUp, id=self.take(FollowUp), case=None, visit_id=None,
                      action_id=action_id, office=story.office, description=next_step,
                      due_on=due, assigned_to=assignee,
                      done_at=stamp(done_on, rng) if done else None,
                      done_by=assignee if done else None, **self._tracked(author, taken))

    def _cases(self, office: str, count: int) -> list[int]:
        cases = self.linkable.get(office, [])
        return sorted({choice(self.rng, cases) for _case in range(count)}) if cases else []

    def _tracked(self, by: int, on: dt.date) -> dict[str, Any]:
        created = stamp(min(on, self.end), self.rng)
        return {"version": 1, "created_at": created, "created_by": by,
                "updated_at": created, "updated_by": by}
