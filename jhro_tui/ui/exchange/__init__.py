"""Cases in and out of files: the Import screen (issue 21)."""
