"""Documents a campaign issues: the announcement (公告) as a neutral structure, rendered to PDF and .docx."""
