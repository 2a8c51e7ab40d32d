"""Write small, valid one-page PDF documents (the demo sites' downloadable reports)."""

from __future__ import annotations

_PAGE_WIDTH, _PAGE_HEIGHT = 595, 842  # A4 in points
_MARGIN, _LEADING = 56, 16


def _pdf_string(text: str) -> str:
    """A PDF literal string; characters outside Latin-1 become '?' (Helvetica has no glyphs for them)."""
    data = text.encode("latin-1", "replace").decode("latin-1")
    return "(" + data.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _page_stream(title: str, lines: tuple[str, ...]) -> str:
    y = _PAGE_HEIGHT - _MARGIN
    ops = ["BT", f"/F1 16 Tf {_MARGIN} {y} Td", f"{_pdf_string(title)} Tj", "/F1 11 Tf"]
    for line in lines:
        ops.append(f"0 -{_LEADING} Td {_pdf_string(line)} Tj")
    ops.append("ET")
    return "\n".join(ops)


def minimal_pdf(title: str, lines: tuple[str, ...] = ()) -> bytes:
    """A one-page PDF 1.4 file showing `title` and `lines` in Helvetica, with a correct xref table."""
    stream = _page_stream(title, lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_WIDTH} {_PAGE_HEIGHT}] "
            "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
        ).encode("ascii"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode("ascii") + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Title " + _pdf_string(title).encode("latin-1") + b" /Producer (newsarchive demo) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("ascii")
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref_at}\n%%EOF\n"
    ).encode("ascii")
    return bytes(out)
