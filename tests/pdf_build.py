"""Small PDFs written byte by byte, for the PDF loader's bad cases (no PDF library writes these on purpose)."""
from __future__ import annotations

import zlib


def pdf(pages: list[bytes], resources: bytes = b"<< /Font << /F1 3 0 R >> >>", objects: tuple[bytes, ...] = (),
        shared: bool = False, compress: bool = False) -> bytes:
    """A PDF with one page per content stream in ``pages`` (``shared``: every page draws the first stream).
    Object 3 is Helvetica; ``objects`` are numbered from 4 on, before the pages."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    bodies: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", font, *objects]
    first_page = len(bodies) + 1
    streams = pages[:1] if shared else pages
    kids = []
    for i in range(len(pages)):
        page_no = first_page + i
        content_no = first_page + len(pages) + (0 if shared else i)
        kids.append(page_no)
        bodies.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources
                      + b" /Contents " + str(content_no).encode() + b" 0 R >>")
    for content in streams:
        data = zlib.compress(content) if compress else content
        head = b"<< /Length " + str(len(data)).encode() + (b" /Filter /FlateDecode" if compress else b"") + b" >>"
        bodies.append(head + b"\nstream\n" + data + b"\nendstream")
    bodies[1] = (b"<< /Type /Pages /Kids [" + b" ".join(f"{k} 0 R".encode() for k in kids)
                 + b"] /Count " + str(len(kids)).encode() + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def text_page(lines: list[str], size: int = 12) -> bytes:
    """A content stream writing ``lines`` (Latin text) in Helvetica, top down."""
    ops = [b"BT", f"/F1 {size} Tf".encode(), f"72 {800 - size} Td".encode(), f"{size * 1.5:.1f} TL".encode()]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*".encode("latin-1"))
    ops.append(b"ET")
    return b"\n".join(ops)


def image_page() -> tuple[bytes, bytes, bytes]:
    """(content stream, resources, image object 4): a page that is only a picture, as a scanner makes it."""
    pixels = bytes((x * 7 + y * 13) % 256 for y in range(64) for x in range(64))
    image = (b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8"
             b" /Length " + str(len(pixels)).encode() + b" >>\nstream\n" + pixels + b"\nendstream")
    return b"q 500 0 0 700 50 70 cm /Im1 Do Q", b"<< /XObject << /Im1 4 0 R >> >>", image
