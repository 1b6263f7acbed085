"""Cases in and out of jhro as files: export for a partner, import from a partner's file.

- ``graph`` reads from the schema which tables an exported case carries: every table that
  hangs on a case (a foreign key to it, or to a table that hangs on it, whose rows go with
  their parent), and those such rows need (a proceeding, which several cases may share).
  A record kind added later joins export and import when its table hangs on a case; what
  is left out is named there with its reason.
- ``values`` turns one stored value into its file form and back (codes or their English
  or French labels, partial dates as typed in the forms).
- ``checks`` passes each row through the same validation as the form that makes it.
- ``exporting`` and ``importing`` are the two services; ``flat_csv`` the one-row-per-
  violation spreadsheet format; ``schema`` the JSON Schema of the file.
"""
