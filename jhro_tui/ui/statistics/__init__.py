"""The Statistics screen: the office's figures as charts and tables, and the cases behind
each figure (supervisors)."""
