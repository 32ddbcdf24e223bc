"""The committee area's pages: the stage and proposals (:mod:`.stage`), meetings (:mod:`.meetings`), a
member's own meetings and secret ballot (:mod:`.member`)."""
