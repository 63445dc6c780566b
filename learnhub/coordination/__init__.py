"""Coordination: networks and their members, cohorts (รุ่น) with sessions and attendance,
bulk enrolment, progress, certificates for a cohort, reports and the audit-log viewer.

It reads the other domains; none of them imports it (see DESIGN.md).
"""
