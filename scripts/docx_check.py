#!/usr/bin/env python3
"""Reads Word files with python-docx, an implementation independent of the app, and prints what it found as
JSON, one object per file: the text in reading order, each table's rows and cells, each section's page and
header, the file's title; and what openxml-audit (PyPI, a port of the Open XML SDK's validator: the schema's
element order, required parts and relationships) finds wrong, as `schema_errors`. The end-to-end tests
(tests/e2e/word.spec.ts) compare it with what they expect.

    target/word-venv/bin/python scripts/docx_check.py FILE.docx [FILE.docx ...]

Exits 1, naming the file, if one cannot be opened (a damaged ZIP, a CRC error, XML python-docx cannot parse).
"""

import json
import re
import sys
import zipfile

import docx
from docx.enum.section import WD_ORIENT
from openxml_audit import FileFormat, OpenXmlValidator
from docx.table import Table
from docx.text.paragraph import Paragraph


def cell_text(cell):
    return "\n".join(p.text for p in cell.paragraphs)


VALIDATOR = OpenXmlValidator(file_format=FileFormat.OFFICE_2016, max_errors=20)


def describe(path):
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad is not None:
            raise ValueError(f"CRC error in {bad}")
        parts = sorted(z.namelist())
        styles = z.read("word/styles.xml").decode("utf-8")
    fonts = sorted(set(re.findall(r'<w:rFonts [^>]*w:eastAsia="([^"]*)"', styles)))
    d = docx.Document(path)
    lines = []
    tables = []
    for block in d.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            rows = []
            for row in block.rows:
                # The <w:tc> elements of the row (a cell spanning columns is one), as the app writes them.
                tcs = row._tr.tc_lst
                rows.append(len(tcs))
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    lines.append(cell_text(cell))
            tables.append({"rows": len(block.rows), "cells": rows, "header": [cell_text(c) for c in block.rows[0].cells]})
    sections = []
    for s in d.sections:
        sections.append(
            {
                "landscape": s.orientation == WD_ORIENT.LANDSCAPE,
                "width_mm": round(s.page_width.mm),
                "height_mm": round(s.page_height.mm),
                "top_mm": round(s.top_margin.mm),
                "left_mm": round(s.left_margin.mm),
                "header": "\n".join(p.text for p in s.header.paragraphs),
                "footer": "\n".join(p.text for p in s.footer.paragraphs),
                "different_first_page": bool(s.different_first_page_header_footer),
            }
        )
    return {
        "file": path,
        "title": d.core_properties.title,
        "text": "\n".join(lines),
        "paragraphs": len(d.paragraphs),
        "tables": tables,
        "sections": sections,
        "parts": parts,
        "fonts": fonts,
        "schema_errors": [str(e) for e in VALIDATOR.validate(path).errors],
    }


def main(paths):
    out = []
    for p in paths:
        try:
            out.append(describe(p))
        except Exception as e:  # noqa: BLE001 — any failure to read is the finding
            print(f"cannot read {p}: {type(e).__name__}: {e}", file=sys.stderr)
            return 1
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
