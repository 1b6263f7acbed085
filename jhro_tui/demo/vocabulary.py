"""What demo cases are made of: places, perpetrators, violations, services, the words
of notes and follow-ups, and how often each comes up."""

from __future__ import annotations

from jhro_tui.demo.draws import Weighted
from jhro_tui.demo.offices import OFFICES

LOCALITIES = {
    "CD-NK": ("Kibumba", "Kitchanga", "Mweso", "Kiwanja", "Rubaya", "Sake", "Kanyabayonga",
              "Oicha", "Mavivi", "Eringeti", "Mangina", "Kamango", "Bulengo", "Kalengera",
              "Nyanzale", "Pinga", "Kashuga", "Bambo", "Kirumba", "Mbau", "Mutwanga"),
    "CD-SK": ("Kavumu", "Minova", "Bunyakiri", "Kamituga", "Lemera", "Sange", "Kiliba",
              "Minembwe", "Mboko", "Nyangezi", "Katana", "Kalonge", "Luhihi", "Kitutu",
              "Mulenge", "Kazimia", "Ihusi", "Numbi"),
    "CD-IT": ("Fataki", "Drodro", "Largu", "Komanda", "Boga", "Tchabi", "Nizi", "Pimbo",
              "Bule", "Lopa", "Rhoe", "Plaine Savo", "Mongbwalu", "Lolwa", "Niania"),
    "CD-TA": ("Nyunzu", "Manono", "Kabalo", "Kongolo", "Moba", "Mulenge", "Kiambi",
              "Katanika", "Mukebo"),
    "CD-KS": ("Kamonia", "Kamako", "Luebo", "Kitangwa", "Mbawu", "Kakenge"),
    "CD-KC": ("Tshimbulu", "Nganza", "Dibaya", "Luiza", "Kamuesha", "Bukonde"),
    "CD-KN": ("Limete", "Matete", "Ngaliema", "Kimbanseke", "Masina", "Ndjili", "Kalamu",
              "Lemba", "Makala"),
    "CD-HK": ("Kasenga", "Pweto", "Mitwaba", "Kipushi", "Kilwa", "Dubie"),
    "CD-MA": ("Kindu", "Kasongo", "Kampene", "Salamabila", "Kalima"),
}
PERPETRATORS = {
    "CD-NK": (("ARMED_GROUP.M23_AFC", 14), ("ARMED_GROUP.ADF", 12), ("ARMED_GROUP.FDLR", 5),
              ("ARMED_GROUP.NYATURA", 4), ("ARMED_GROUP.APCLS", 3), ("ARMED_GROUP.NDC_R", 3),
              ("ARMED_GROUP.WAZALENDO", 6), ("ARMED_GROUP.MAI_MAI.OTHER", 4),
              ("STATE.FARDC", 12), ("STATE.PNC", 8), ("STATE.ANR", 2),
              ("UNKNOWN.ARMED_MEN", 5)),
    "CD-SK": (("ARMED_GROUP.RAIA_MUTOMBOKI", 8), ("ARMED_GROUP.MAI_MAI.YAKUTUMBA", 4),
              ("ARMED_GROUP.TWIRWANEHO", 3), ("ARMED_GROUP.RED_TABARA", 3),
              ("ARMED_GROUP.M23_AFC", 6), ("ARMED_GROUP.WAZALENDO", 4), ("STATE.FARDC", 12),
              ("STATE.PNC", 9), ("UNKNOWN.ARMED_MEN", 5)),
    "CD-IT": (("ARMED_GROUP.CODECO", 16), ("ARMED_GROUP.ZAIRE", 6), ("ARMED_GROUP.ADF", 8),
              ("ARMED_GROUP.FRPI", 3), ("ARMED_GROUP.CRP", 2), ("STATE.FARDC", 10),
              ("STATE.PNC", 6), ("UNKNOWN.ARMED_MEN", 4)),
    "CD-TA": (("ARMED_GROUP.MAI_MAI.OTHER", 6), ("OTHER_NON_STATE.COMMUNITY_MILITIA", 6),
              ("STATE.FARDC", 6), ("STATE.PNC", 6), ("UNKNOWN.ARMED_MEN", 2)),
    "CD-KS": (("ARMED_GROUP.KAMUINA_NSAPU", 5), ("ARMED_GROUP.BANA_MURA", 3),
              ("STATE.FARDC", 6), ("STATE.PNC", 8), ("STATE.LOCAL_AUTHORITY", 2)),
    "CD-KN": (("STATE.PNC", 12), ("STATE.ANR", 5), ("STATE.FARDC.REPUBLICAN_GUARD", 2),
              ("OTHER_NON_STATE.CRIMINAL_GANG", 5),
              ("OTHER_NON_STATE.POLITICAL_PARTY_MEMBERS", 3), ("ARMED_GROUP.MOBONDO", 3)),
    "CD-HK": (("ARMED_GROUP.MAI_MAI.KATA_KATANGA", 3), ("STATE.PNC", 8), ("STATE.FARDC", 4),
              ("STATE.ANR", 2), ("OTHER_NON_STATE.PRIVATE_COMPANY", 2)),
    "": (("STATE.PNC", 8), ("STATE.FARDC", 6), ("STATE.ANR", 2), ("STATE.LOCAL_AUTHORITY", 2),
         ("OTHER_NON_STATE.COMMUNITY_MILITIA", 3), ("OTHER_NON_STATE.MOB", 2),
         ("UNKNOWN", 2)),
}
VIOLATIONS_STATE = (
    ("LIFE.EXTRAJUDICIAL_KILLING", 6), ("INTEGRITY.ILL_TREATMENT", 8),
    ("INTEGRITY.TORTURE", 3), ("INTEGRITY.CIDT", 3), ("SGBV.RAPE", 7),
    ("LIBERTY.ARBITRARY_ARREST", 12), ("LIBERTY.ILLEGAL_DETENTION", 8),
    ("LIBERTY.CUSTODY_BEYOND_48H", 5), ("PROPERTY.EXTORTION", 6), ("PROPERTY.LOOTING", 3),
    ("FAIR_TRIAL.NO_LEGAL_COUNSEL", 2), ("ASSEMBLY.VIOLENT_DISPERSAL", 2),
    ("EXPRESSION.JOURNALIST_HARASSMENT", 1), ("EXPRESSION.HRD_HARASSMENT", 1),
    ("LIBERTY.THREATS", 2),
)
VIOLATIONS_ARMED = (
    ("LIFE.SUMMARY_EXECUTION", 10), ("SGBV.RAPE", 10), ("SGBV.SEXUAL_SLAVERY", 2),
    ("LIBERTY.ABDUCTION", 8), ("LIBERTY.HOSTAGE_TAKING", 2), ("INTEGRITY.INJURY", 6),
    ("PROPERTY.LOOTING", 7), ("PROPERTY.DESTRUCTION", 5), ("PROPERTY.ILLEGAL_TAXATION", 3),
    ("CHILD.RECRUITMENT_USE", 2), ("FORCED_LABOUR.FORCED_LABOUR", 2),
    ("IHL.ATTACK_ON_CIVILIANS", 3), ("IHL.ATTACK_ON_DISPLACEMENT_SITE", 1),
    ("DISPLACEMENT.FORCED_DISPLACEMENT", 2),
)
SERVICES_SGBV = ("MEDICAL.PEP_72H", "MEDICAL.CARE", "PSYCHOSOCIAL", "LEGAL.ASSISTANCE",
                 "SOCIOECONOMIC_REINTEGRATION", "MEDICAL.SURGERY")
SERVICES_OTHER = ("MEDICAL.CARE", "PSYCHOSOCIAL", "LEGAL.COUNSELLING", "LEGAL.ASSISTANCE",
                  "PROTECTION.VICTIMS_WITNESSES", "HUMANITARIAN_ASSISTANCE", "SHELTER",
                  "CHILD_PROTECTION")
PROVIDERS = ("HEAL Africa", "Panzi Foundation", "MSF", "Hôpital général de référence",
             "Centre de santé local", "Clinique juridique", "Dynamique des femmes juristes",
             "AVSI", "UNICEF partner", "Maison d'écoute", "Barreau de Goma",
             "Bureau de consultation gratuite")

ACTS_FR = {
    "LIFE": "ont tué", "INTEGRITY": "ont frappé et blessé", "SGBV": "ont violé",
    "LIBERTY": "ont arrêté et détenu", "PROPERTY": "ont pillé les biens de",
    "CHILD": "ont enlevé et enrôlé", "FORCED_LABOUR": "ont contraint aux travaux forcés",
    "IHL": "ont attaqué", "DISPLACEMENT": "ont chassé de leur village",
    "FAIR_TRIAL": "ont privé de leurs droits de défense",
    "ASSEMBLY": "ont dispersé violemment", "EXPRESSION": "ont menacé",
}
ACTS_EN = {
    "LIFE": "killed", "INTEGRITY": "beat and injured", "SGBV": "raped",
    "LIBERTY": "arrested and held", "PROPERTY": "looted the property of",
    "CHILD": "abducted and recruited", "FORCED_LABOUR": "forced into labour",
    "IHL": "attacked", "DISPLACEMENT": "drove out of their village",
    "FAIR_TRIAL": "denied legal defence to", "ASSEMBLY": "violently dispersed",
    "EXPRESSION": "threatened",
}
NOTES_FR = (
    "Entretien mené avec la victime dans un lieu sûr, en présence d'une assistante psychosociale.",
    "Le chef de localité confirme la présence d'hommes armés ce jour-là.",
    "Plainte déposée auprès de l'auditorat militaire; suivi prévu avec le magistrat.",
    "La victime craint des représailles; mesures de protection discutées.",
    "Visite de suivi reportée pour raisons de sécurité sur l'axe.",
    "Deux témoins corroborent le récit; l'un souhaite rester anonyme.",
    "Certificat médical obtenu auprès de l'hôpital de référence.",
    "Le commandant de l'unité a été saisi du dossier par le bureau.",
)
NOTES_EN = (
    "Interview held with the victim in a safe place, with a psychosocial assistant present.",
    "The local chief confirms armed men were present that day.",
    "Complaint lodged with the military prosecutor; follow-up planned with the magistrate.",
    "The victim fears reprisals; protection measures discussed.",
    "Follow-up visit postponed because of insecurity on the road.",
    "Two witnesses corroborate the account; one wishes to remain anonymous.",
    "Medical certificate obtained from the referral hospital.",
    "The office raised the case with the unit commander.",
)
FOLLOW_UPS = (
    "Check the medical follow-up of the victim",
    "Meet the military prosecutor about the complaint",
    "Review the protection measures with the victim",
    "Collect the medical certificate",
    "Verify the account with a second source",
    "Follow up the referral with the provider",
)
ATTACHMENTS = (
    ("compte-rendu-entretien.txt", "Compte rendu de l'entretien", "Interview report"),
    ("plainte.txt", "Copie de la plainte déposée", "Copy of the complaint lodged"),
    ("temoignages.txt", "Témoignages recueillis", "Statements gathered"),
)
"""Files an officer attaches to a case: name, description in French and in English."""


OFFICE_DRAW = Weighted((office, office.weight) for office in OFFICES)
"""Each case's office: the first draw of its random source."""
VICTIMS_PER_CASE = Weighted(((1, 55), (2, 25), (3, 12), (4, 8)))
RISK_LEVELS = Weighted((("none", 55), ("low", 20), ("medium", 17), ("high", 8)))
DISPLACEMENT = Weighted((("not_displaced", 50), ("idp", 35), ("returnee", 8), ("refugee", 2),
                         ("unknown", 5)))
SOURCE_KINDS = Weighted((("victim", 40), ("witness", 25), ("civil_society", 12), ("medical", 8),
                         ("authority", 6), ("media", 4), ("un", 5)))
RELIABILITY = Weighted((("A", 5), ("B", 40), ("C", 35), ("D", 10), ("F", 10)))
CREDIBILITY = Weighted(((1, 10), (2, 40), (3, 35), (4, 8), (6, 7)))
LINK_KINDS = Weighted((("same_incident", 40), ("same_perpetrator", 30), ("follow_on", 20),
                       ("same_victim", 10)))
PRIORITIES = Weighted((("low", 10), ("normal", 60), ("high", 22), ("urgent", 8)))
VERIFICATION_RECENT = Weighted((("reported", 60), ("credible", 30), ("verified", 10)))
"""Of violations in cases opened less than 60 days before the end."""
VERIFICATION = Weighted((("reported", 10), ("credible", 30), ("verified", 57),
                         ("not_a_violation", 3)))
STATUS_OLD = Weighted((("closed", 45), ("in_follow_up", 22), ("validated", 18),
                       ("submitted", 5), ("draft", 10)))
"""Of cases opened over a year before the end; then between 60 days and a year; then since."""
STATUS_MIDDLE = Weighted((("closed", 10), ("in_follow_up", 30), ("validated", 25),
                          ("submitted", 15), ("draft", 20)))
STATUS_RECENT = Weighted((("in_follow_up", 5), ("validated", 15), ("submitted", 30),
                          ("draft", 50)))
REFERRAL_STATUS = Weighted((("proposed", 15), ("accepted", 25), ("completed", 50),
                            ("refused", 10)))


# Court work (demo/justice.py). Armed groups and soldiers are tried by military courts in
# most of the cases followed; civilian courts hear the rest.
COURTS_MILITARY = ("MILITARY.TMG", "MILITARY.TMG", "MILITARY.TMG", "MILITARY.COUR_MILITAIRE",
                   "MILITARY.COUR_MILITAIRE_OPERATIONNELLE", "MILITARY.TMP")
COURTS_CIVIL = ("CIVIL.TGI", "CIVIL.TGI", "CIVIL.TRIPAIX")
COURTS_MOBILE = ("MOBILE.TMG", "MOBILE.TMG", "MOBILE.COUR_MILITAIRE", "MOBILE.TGI")
APPEAL_COURTS = {"MILITARY.TMG": "MILITARY.COUR_MILITAIRE",
                 "MILITARY.TMP": "MILITARY.TMG",
                 "MILITARY.COUR_MILITAIRE": "MILITARY.HAUTE_COUR_MILITAIRE",
                 "MILITARY.COUR_MILITAIRE_OPERATIONNELLE": "MILITARY.HAUTE_COUR_MILITAIRE",
                 "MOBILE.TMG": "MILITARY.COUR_MILITAIRE",
                 "MOBILE.COUR_MILITAIRE": "MILITARY.HAUTE_COUR_MILITAIRE",
                 "MOBILE.TGI": "CIVIL.COUR_APPEL", "CIVIL.TGI": "CIVIL.COUR_APPEL",
                 "CIVIL.TRIPAIX": "CIVIL.TGI",}
"""The court that hears an appeal against each court's judgment."""
CHARGES_ARMED = {
    "LIFE.SUMMARY_EXECUTION": "MILITARY.WAR_CRIME.MURDER",
    "LIFE.EXTRAJUDICIAL_KILLING": "MILITARY.WAR_CRIME.MURDER",
    "SGBV.RAPE": "MILITARY.WAR_CRIME.RAPE",
    "SGBV.SEXUAL_SLAVERY": "MILITARY.WAR_CRIME.SEXUAL_SLAVERY",
    "PROPERTY.LOOTING": "MILITARY.WAR_CRIME.PILLAGE",
    "PROPERTY.DESTRUCTION": "MILITARY.WAR_CRIME.DESTRUCTION_OF_PROPERTY",
    "CHILD.RECRUITMENT_USE": "MILITARY.WAR_CRIME.CHILD_RECRUITMENT",
    "IHL.ATTACK_ON_CIVILIANS": "MILITARY.WAR_CRIME.ATTACK_ON_CIVILIANS",
    "IHL.ATTACK_ON_DISPLACEMENT_SITE": "MILITARY.WAR_CRIME.ATTACK_ON_CIVILIANS",
    "DISPLACEMENT.FORCED_DISPLACEMENT": "MILITARY.WAR_CRIME.FORCED_DISPLACEMENT",
    "FORCED_LABOUR.FORCED_LABOUR": "MILITARY.WAR_CRIME.CRUEL_TREATMENT",
    "INTEGRITY.TORTURE": "MILITARY.WAR_CRIME.TORTURE",
}
"""The war crime a violation by an armed group is charged as (before a military court)."""
CHARGES_ORDINARY = (
    ("LIFE.", "PENAL.MURDER"), ("SGBV.SEXUAL_SLAVERY", "PENAL.SEXUAL_SLAVERY"),
    ("SGBV.", "PENAL.RAPE"), ("CHILD.RECRUITMENT", "CHILD.RECRUITMENT"),
    ("INTEGRITY.TORTURE", "PENAL.TORTURE"), ("INTEGRITY.INJURY", "PENAL.AGGRAVATED_ASSAULT"),
    ("INTEGRITY.", "PENAL.ASSAULT"), ("LIBERTY.ABDUCTION", "PENAL.ABDUCTION"),
    ("LIBERTY.HOSTAGE", "PENAL.ABDUCTION"), ("LIBERTY.THREATS", "PENAL.THREATS"),
    ("LIBERTY.", "PENAL.ARBITRARY_ARREST"), ("PROPERTY.EXTORTION", "PENAL.EXTORTION"),
    ("PROPERTY.ILLEGAL_TAXATION", "PENAL.EXTORTION"), ("PROPERTY.LOOTING", "MILITARY.PILLAGE"),
    ("PROPERTY.DESTRUCTION", "PENAL.MALICIOUS_DESTRUCTION"),
    ("IHL.", "MILITARY.VIOLENCE_AGAINST_CIVILIANS"),
    ("DISPLACEMENT.", "MILITARY.VIOLENCE_AGAINST_CIVILIANS"),
    ("FORCED_LABOUR.", "PENAL.ARBITRARY_ARREST"), ("EXPRESSION.", "PENAL.THREATS"),
    ("ASSEMBLY.", "PENAL.ASSAULT"), ("FAIR_TRIAL.", "PENAL.ARBITRARY_ARREST"),
)
"""The offence a violation is charged as otherwise: the first prefix that fits."""
POSTPONEMENT_REASONS = (
    "Absence of the accused", "Absence du prévenu", "Judge on mission", "Juge en mission",
    "Witness did not appear", "Témoin non comparant", "Defence counsel absent",
    "Avocat de la défense absent", "Case file not transmitted by the prosecutor",
    "Dossier non transmis par l'auditorat", "Composition of the court incomplete",
    "Insecurity on the road to the court",
)
HEARING_SUMMARIES = (
    ("Hearing of the accused", "Audition des prévenus", "Hearing of witnesses",
     "Audition des témoins", "Pleadings of the civil parties", "Réquisitoire de l'auditeur",
     "Plaidoiries de la défense", "Case taken under advisement"),
    ("Judgment delivered", "Jugement prononcé", "Arrêt rendu"),
)
"""What a hearing that went ahead did, and a judgment's."""
LEGAL_AID = ("Clinique juridique", "Dynamique des femmes juristes", "Avocats Sans Frontières",
             "Barreau de Goma", "TRIAL International", "")
SENTENCE_DRAW = Weighted((("prison", 70), ("life", 8), ("death", 8), ("suspended", 6),
                          ("fine", 8)))
RELEASE_DRAW = Weighted((("unlawful_detention", 60), ("acquitted", 15),
                         ("sentence_served", 15), ("provisional_release", 10)))
