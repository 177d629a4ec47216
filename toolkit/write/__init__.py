"""Writers: layout tree → DOCX (and the raw OOXML layer), matrix exports, LibreOffice."""
