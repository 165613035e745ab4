"""Casework: cases that gather networks, ads and notes for their members, and watchlists on
identifiers that alert when a new ad carries one."""
