"""CSV / TSV / TXT files written at test time, with the traits of what people export.

Our own content, with the byte-level traits of the ../shared community files (which also record
what Anki's importer did with each, and stay where those comparisons are made): a UTF-8 BOM with
CRLF and RFC 4180 quoting, German Excel (``;``, cp1252), invalid UTF-8, broken rows, a Quizlet
TSV and Quizlet's custom separators.
"""

from __future__ import annotations

from pathlib import Path

HEADER_BOM_CRLF = (
    "\ufeffFront,Back,Tags\r\n"
    'Name the risk responses for threats,"Escalate, avoid, transfer, mitigate, accept",risk\r\n'
    '"Quote handling: what does ""done"" mean?","The team\'s ""Definition of Done""",scrum\r\n'
    '"Multi-line answer","Line one\r\nLine two, with a comma\r\nLine three",\r\n'
    "Entities,A &amp; B &lt;C&gt;,\r\n"
    "Escape,raw \x1b[31m ESC,\r\n"
    "Markup,[bold red]not markup[/],\r\n"
    "Empty back,,\r\n"
    'Last,"one, two",x\r\n'
)
EXCEL_DE = (
    "Begriff;Erklärung\r\n"
    'Lastenheft;"Anforderungen des Auftraggebers; „was und wofür“"\r\n'
    "Meilenstein;Ereignis mit Dauer 0 €\r\n"
)
MALFORMED = (
    b"Front,Back,Tags\n"
    b"ok row,fine,tag1\n"
    b"too,many,columns,here,5\n"
    b"too few\n"
    b'"unbalanced quote starts here,back text,tag2\n'
    b"next row that the open quote swallows,back,tag3\n"
    b"row with NUL \x00 byte,back,tag4\n"
    b"mixed\tdelimiter;row,back\n"
    b'last row "with stray quote,back,tag6'
)
QUIZLET_TSV = (
    "Kaizen\t改善 — continuous improvement\n"
    "Scope creep\tUncontrolled growth of scope without time or resources \n"
    "Float\tTime an activity can slip\n"
)
QUIZLET_CUSTOM = (
    "RACI - Responsible, Accountable, Consulted, Informed;"
    "Float / slack - Delay allowed before the end date moves (free float)"
)


def write_sample(folder: Path, name: str) -> Path:
    """Write the sample ``name`` into ``folder`` and return its path."""
    path = folder / name
    if name == "header_bom_crlf.csv":
        path.write_bytes(HEADER_BOM_CRLF.encode("utf-8"))
    elif name == "excel_de_semicolon_cp1252.csv":
        path.write_bytes(EXCEL_DE.encode("cp1252"))
    elif name == "malformed_encoding.csv":
        path.write_bytes(b"Front,Back\nfine,1\nbroken \xff\xfe here,2\nlatin-1 caf\xe9,3\n")
    elif name == "malformed.csv":
        path.write_bytes(MALFORMED)
    elif name == "quizlet_export.tsv":
        path.write_bytes(QUIZLET_TSV.encode("utf-8"))
    elif name == "quizlet_custom_separators.txt":
        path.write_bytes(QUIZLET_CUSTOM.encode("utf-8"))
    else:
        raise ValueError(name)
    return path
