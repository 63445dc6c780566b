"""Catalog: courses as files, versions, modules, lessons, enrolment, progress, completion."""
