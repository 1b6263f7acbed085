"""The office's figures: what the monthly report and the Statistics screen count.

The rules, written once here and in the README:

- **Which cases**: validated ones only (validated, in follow-up, closed). A draft or a
  submitted case never counts, and neither does a violation found not to be one.
- **Which period**: an incident counts by its date *with its precision*: it counts in a
  period only when every day its date may stand for lies inside it. A day-precision
  incident counts on its day; a month-precision one in any period that covers its whole
  month (its month, a quarter, a year); a year-precision one only in a period that covers
  its whole year (yearly figures). Its end date plays no part.
- **Which office**: a supervisor's own; every office for a supervisor whose scope is
  ``national`` (who still opens only their own office's cases behind a figure).
- **Units**: incidents, violations and victims are counted apart and every column says
  which. A victim of three violations is one victim in a total and three victims across
  the violations' rows (so victim columns do not add up across types or places). Victims
  recorded as a number on a violation (no name: "12 women") count as that number, on
  that violation only.
- **Consent** (setting ``statistics_victims``): ``anonymous``, the default, counts every
  victim as an anonymous tally, since a figure names no one and an office must not
  under-report because a survivor could not be asked; ``consent`` counts a named victim
  only while their consent for the ``statistics`` purpose is in force (tallies always
  count: they identify no one).
- **Small cells** (setting ``statistics_small_cells``, default 5): see ``suppression``.
"""
