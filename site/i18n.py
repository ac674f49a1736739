"""Gettext catalogues without GNU gettext: read a .po file and write the matching .mo file
in pure Python, so the Arabic interface works on a fresh clone with nothing but Python."""

import ast
import struct
from pathlib import Path


def _entries(text: str):
    """Yield (flags, fields) for every entry of a .po file; fields maps keyword -> str."""
    flags, fields, section = "", {}, None
    for raw in text.splitlines():
        line = raw.strip()
        starts_new = line.startswith(("msgctxt ", "msgid ")) and any(
            k.startswith("msgstr") for k in fields
        )
        if (not line or starts_new) and fields:
            yield flags, fields
            flags, fields, section = "", {}, None
        if not line:
            continue
        if line.startswith("#,"):
            flags += line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[section] += ast.literal_eval(line)
        else:
            section, _, value = line.partition(" ")
            fields[section] = ast.literal_eval(value)
    if fields:
        yield flags, fields


def read_po(path: Path) -> dict[str, str]:
    """Return {msgid: msgstr} for the translated, non-fuzzy entries of a .po file, keyed
    as gettext stores them: plurals as "singular\\0plural" with the forms joined by NUL,
    entries with a context as "context\\x04msgid"."""
    catalog: dict[str, str] = {}
    for flags, fields in _entries(Path(path).read_text(encoding="utf-8")):
        if "msgid" not in fields or ("fuzzy" in flags and fields["msgid"]):
            continue  # the header counts even when marked fuzzy, as msgfmt does
        msgid = fields["msgid"]
        if "msgid_plural" in fields:
            msgid += "\x00" + fields["msgid_plural"]
            forms = sorted(
                (k for k in fields if k.startswith("msgstr[")), key=lambda k: int(k[7:-1])
            )
            msgstr = "\x00".join(fields[k] for k in forms)
        else:
            msgstr = fields.get("msgstr", "")
        if "msgctxt" in fields:
            msgid = fields["msgctxt"] + "\x04" + msgid
        if msgid == "" or msgstr.replace("\x00", ""):
            catalog[msgid] = msgstr
    return catalog


def write_mo(entries: dict[str, str], path: Path) -> None:
    """Write entries in the GNU .mo format (little-endian, no hash table)."""
    keys = sorted(entries)
    ids = [k.encode("utf-8") for k in keys]
    strs = [entries[k].encode("utf-8") for k in keys]
    count = len(keys)
    header_size = 7 * 4
    ids_table = header_size
    strs_table = ids_table + count * 8
    data_start = strs_table + count * 8
    offsets_ids, offsets_strs, blob = [], [], b""
    for value in ids:
        offsets_ids.append((len(value), data_start + len(blob)))
        blob += value + b"\x00"
    for value in strs:
        offsets_strs.append((len(value), data_start + len(blob)))
        blob += value + b"\x00"
    out = struct.pack("<7I", 0x950412DE, 0, count, ids_table, strs_table, 0, 0)
    for length, offset in offsets_ids:
        out += struct.pack("<2I", length, offset)
    for length, offset in offsets_strs:
        out += struct.pack("<2I", length, offset)
    Path(path).write_bytes(out + blob)


def compile_catalogues(locale_dir: Path) -> list[Path]:
    written = []
    for po in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        write_mo(read_po(po), mo)
        written.append(mo)
    return written


if __name__ == "__main__":
    import sys

    for target in sys.argv[1:] or ["locale"]:
        for written in compile_catalogues(Path(target)):
            print(f"compiled {written}")
