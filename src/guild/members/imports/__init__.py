"""Member imports from HelloAsso, Galette, Paheko and Guild's own template.

``parsing`` reads CSV/XLSX files as a stream of rows, ``formats`` knows each tool's columns
and guesses the mapping, ``validation`` turns a row into clean values or French errors, and
``services.members_import`` validates every row and then writes everything in one transaction.
"""
