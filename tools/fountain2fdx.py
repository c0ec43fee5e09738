#!/usr/bin/env python3
"""Convert a Fountain screenplay to a Final Draft (.fdx) document.

An independent converter for chronotope's held-out FDX test: written from
the Fountain syntax (fountain.io) and the Final Draft XML layout, sharing no
code with chronotope's readers. Standard library only.

    python3 tools/fountain2fdx.py film.fountain > film.fdx

Elements: the title page (leading `Key: value` lines) goes to <TitlePage>;
then, block by block (lines between blank lines), scene headings (INT./EXT./
EST./I/E or a forced `.`; a `#12#` suffix becomes the Number attribute),
characters (an upper-case line over dialogue that is not shaped like a
heading, or a forced `@`; the `^` of dual dialogue dropped) with their dialogue and parentheticals, transitions
(`… TO:` or a forced `>`), centered text and lyrics, and action. Sections
(`#`), synopses (`=`), page breaks (`===`) and boneyard (`/* */`) print
nothing. Every note (`[[…]]`) becomes a <ScriptNote> of the paragraph of the
line it is written on; a line holding only notes prints nothing, and its
notes go to the paragraph before it (or, before any, to an empty General
paragraph).
"""

import re
import sys
from xml.sax.saxutils import escape

HEADING = re.compile(r"^(INT\./EXT|INT/EXT|I/E|INT|EXT|EST)[. ]", re.IGNORECASE)
TITLE_KEY = re.compile(r"^[A-Za-z][A-Za-z ]*:")
NUMBER = re.compile(r"\s*#([A-Za-z0-9.\-]+)#\s*$")


def strip_boneyard(text):
    """Remove /* … */, keeping the line breaks inside so lines stay lines."""
    return re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)


def take_notes(text):
    """Lines with notes taken out: [(visible text, [notes]), …]. A note
    belongs to the line it opens on."""
    lines = []
    notes = []
    visible = []
    i = 0
    while i < len(text):
        if text.startswith("[[", i):
            end = text.find("]]", i + 2)
            if end < 0:
                visible.append(text[i:])
                break
            notes.append(text[i + 2 : end])
            # The note's own line breaks do not end the line it opened on.
            i = end + 2
            continue
        ch = text[i]
        if ch == "\n":
            lines.append(("".join(visible), notes))
            visible, notes = [], []
        else:
            visible.append(ch)
        i += 1
    lines.append(("".join(visible), notes))
    return lines


def note_xml(note):
    paras = "".join(
        "<Paragraph><Text>%s</Text></Paragraph>" % escape(line) for line in note.split("\n")
    )
    return "<ScriptNote>%s</ScriptNote>" % paras


class Script:
    def __init__(self):
        self.paragraphs = []  # [kind, text, number, [notes]]

    def add(self, kind, text, notes=(), number=None):
        self.paragraphs.append([kind, text, number, list(notes)])

    def attach(self, notes):
        if not notes:
            return
        if self.paragraphs:
            self.paragraphs[-1][3].extend(notes)
        else:
            self.add("General", "", notes)

    def xml(self, title_page):
        out = ['<?xml version="1.0" encoding="UTF-8" standalone="no" ?>',
               '<FinalDraft DocumentType="Script" Template="No" Version="5">',
               "<Content>"]
        for kind, text, number, notes in self.paragraphs:
            attr = ' Number="%s"' % escape(number, {'"': "&quot;"}) if number else ""
            out.append('<Paragraph Type="%s"%s><Text>%s</Text>%s</Paragraph>'
                       % (kind, attr, escape(text), "".join(note_xml(n) for n in notes)))
        out.append("</Content>")
        out.append("<TitlePage><Content>")
        for line in title_page:
            out.append("<Paragraph><Text>%s</Text></Paragraph>" % escape(line))
        out.append("</Content></TitlePage>")
        out.append("</FinalDraft>")
        return "\n".join(out) + "\n"


def is_character(line):
    if line.startswith("@"):
        return True
    name = line.split("(")[0].rstrip("^").strip()
    return any(c.isalpha() for c in name) and not any(c.islower() for c in name)


def convert(source):
    source = source.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = take_notes(strip_boneyard(source))
    # Blocks of (text, notes) separated by blank lines; note-only lines are
    # invisible and stay in the block they sit in.
    blocks, current = [], []
    for text, notes in lines:
        if text.strip() == "" and not notes:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append((text, notes))
    if current:
        blocks.append(current)

    title_page = []
    script = Script()
    first_visible = next((t for b in blocks for t, _ in b if t.strip()), "")
    for index, block in enumerate(blocks):
        shown = [(t.strip(), n) for t, n in block if t.strip()]
        if index == 0 and shown and TITLE_KEY.match(first_visible) and block[0][0].strip() == first_visible.strip():
            for t, n in block:
                if t.strip():
                    title_page.append(t.strip())
                script.attach(n)
            continue
        emit_block(script, block)
    return script.xml(title_page)


def emit_block(script, block):
    """One block's elements, each visible line's notes on its paragraph and
    note-only lines' notes on the paragraph before them."""
    visible = [(t.strip(), n) for t, n in block if t.strip()]
    if not visible:
        for _, notes in block:
            script.attach(notes)
        return
    first = visible[0][0]
    single = len(visible) == 1
    kinds = []
    if single and (HEADING.match(first) or (first.startswith(".") and not first.startswith(".."))):
        text = first[1:] if first.startswith(".") else first
        m = NUMBER.search(text)
        number = m.group(1) if m else None
        if m:
            text = text[: m.start()]
        kinds = [("Scene Heading", text.strip(), number)]
    elif not single and is_character(first) and not first.endswith("TO:") and not HEADING.match(first):
        # A line shaped like a heading is never a cue, even when the blank
        # line a heading needs is missing (`INT. A - DAY` over `INT. B`).
        kinds.append(("Character", first.lstrip("@").rstrip("^").strip(), None))
        for t, _ in visible[1:]:
            kinds.append(("Parenthetical" if t.startswith("(") else "Dialogue", t, None))
    else:
        for t, _ in visible:
            if t.startswith("#") or t.startswith("="):
                kinds.append((None, "", None))
            elif t.startswith(">") and t.endswith("<"):
                kinds.append(("Action", t.strip("<> "), None))
            elif t.startswith(">"):
                kinds.append(("Transition", t[1:].strip(), None))
            elif t.startswith("~"):
                kinds.append(("Lyrics", t[1:], None))
            elif t.startswith("!"):
                kinds.append(("Action", t[1:], None))
            elif single and t.endswith("TO:") and t == t.upper():
                kinds.append(("Transition", t, None))
            else:
                kinds.append(("Action", t, None))
    k = 0
    for text, notes in block:
        if not text.strip():
            script.attach(notes)
            continue
        kind, shown, number = kinds[k]
        k += 1
        if kind is None:
            script.attach(notes)
        else:
            script.add(kind, shown, notes, number)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: fountain2fdx.py FILE.fountain > FILE.fdx")
    with open(sys.argv[1], encoding="utf-8") as f:
        sys.stdout.write(convert(f.read()))


if __name__ == "__main__":
    main()
