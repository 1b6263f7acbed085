"""Justice follow-up: what happens in court to the cases the office documents.

A proceeding (``proceedings.py``) is about one or more cases and goes through stages; its
accused face charges and are judged charge by charge (``court.py``), with sentences,
reparations ordered and payments received; its hearings (``hearings.py``) keep every
postponement. An appeal is a proceeding of its own beside the first instance. A mobile
court session (``sessions.py``) hears proceedings away from its court's seat; its figures
(``figures.py``) are counted from these records, never typed.

Who sees a proceeding is the case rule: whoever may see one of its cases, and changes it
while one of those cases is open to follow-up (``unit.py``). A session belongs to the
office that supports it.
"""
