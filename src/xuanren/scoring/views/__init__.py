"""Pages of scoring under /scoring/: one module per part (the exam's score table, the results and shortlist;
panel judging has its own modules)."""
