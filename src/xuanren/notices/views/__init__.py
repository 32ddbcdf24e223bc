"""The notices area's pages: the organiser's (:mod:`.organiser`, :mod:`.calendar`, :mod:`.objections`) and the
public's (:mod:`.public`)."""
