"""Importing events from the calendars and spreadsheets a department already has.

icsfile.py and csvfile.py read a file into entries; fetch.py fetches an address safely;
names.py finds the venue, program and organization an entry names; apply.py brings one
entry in through the services; runs.py is an import from start to end (dry run, task).
"""
