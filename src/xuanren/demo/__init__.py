"""Demo data: a city intermediate people's court modelled on seed 000, loaded through the real import,
and its campaigns run through the real actions.

Not a Django app. :mod:`~xuanren.demo.court` makes the court and its staff from a seed (pure Python,
no Django, no clock); :mod:`~xuanren.demo.roster` writes them as a roster workbook in the import
format; :mod:`~xuanren.demo.loading` creates the demo users, imports the workbook as the organiser and
runs :mod:`~xuanren.demo.campaigns` (its judges' sheets and exam workbook from :mod:`~xuanren.demo.scoring`,
its sessions and ballots from :mod:`~xuanren.demo.voting`).
Every person's name is drawn at run time from lists of common characters (:mod:`~xuanren.demo.names`):
none of them is a real person.
"""
