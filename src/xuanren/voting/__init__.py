"""Voting (DESIGN.md §2 step 6): democratic recommendation and evaluation ballots cast secretly on
phones with one-time codes, counted by :mod:`xuanren.rules.tally`, sealed and published.

Secret ballot (see docs/voting.md): a :class:`~.models.Ballot` has a random primary key, no timestamp,
and no link to the code or person that cast it; a :class:`~.models.VoterCode` only knows that it was used.
"""
