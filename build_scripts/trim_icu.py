"""A smaller ICU data library for the Linux bundle (32 MB → about 12 MB).

QtCore links ICU, whose data library holds every locale's display names, currencies, units,
time-zone names, transliterators, spell-out rules, word-break dictionaries and collations.
Qt formats numbers, dates and language names from its own CLDR tables; from ICU it uses
collation (QCollator), codecs (QStringConverter), case mapping and time-zone rules. This keeps
those — the converters, Unicode properties, normalisation, zone rules, the root/Chinese/English
collations — and drops the rest, then links the package into a library with the same SONAME
and data symbol, using binutils (as, ld). The self-test's Chinese collation check runs on it.

    python build_scripts/trim_icu.py SRC_LIBICUDATA OUT_DIR     # prints the new library's path
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

# Item names inside the package look like "icudt73l/coll/de.res"; the part after the prefix is
# matched. Dropped: whole trees of display data, dictionaries, and the non-Chinese collations.
_DROPPED = re.compile(
    r"^(unit|zone|curr|lang|region|translit|rbnf)/"
    r"|^brkitr/.*\.dict$"
    r"|^coll/(?!(root|zh|en|ucadata|res_index|pool)[._])"
)
_ALIGN = 16  # ICU requires each item to start on a 16-byte boundary


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def read_package(library: Path) -> tuple[str, bytes]:
    """The data symbol's name and bytes (the ICU "common data" package) in ``library``."""
    symbols = [line.split() for line in _run("readelf", "-Ws", "--dyn-syms", str(library)).splitlines()]
    found = [(int(s[1], 16), int(s[2], 0), s[7]) for s in symbols
             if len(s) >= 8 and re.fullmatch(r"icudt\d+_dat", s[7]) and s[6] != "UND"]
    if not found:
        raise ValueError(f"{library} has no icudt*_dat symbol")
    address, size, name = found[0]
    data = library.read_bytes()
    # The file offset of the symbol's address, from the program header that maps it.
    for line in _run("readelf", "-lW", str(library)).splitlines():
        fields = line.split()
        if fields[:1] == ["LOAD"]:
            offset, vaddr, filesz = int(fields[1], 16), int(fields[2], 16), int(fields[4], 16)
            if vaddr <= address < vaddr + filesz:
                start = address - vaddr + offset
                return name, data[start:start + size]
    raise ValueError(f"{name} is not in a loaded segment of {library}")


def split_package(package: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    header_size = struct.unpack_from("<H", package, 0)[0]
    if package[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    count = struct.unpack_from("<I", package, header_size)[0]
    toc = [struct.unpack_from("<II", package, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_offset, data_offset) in enumerate(toc):
        name_start = header_size + name_offset
        name = package[name_start:package.index(b"\0", name_start)].decode("ascii")
        end = toc[i + 1][1] if i + 1 < count else len(package) - header_size
        items.append((name, package[header_size + data_offset:header_size + end]))
    return package[:header_size], items


def join_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The inverse of split_package: offsets count from the table of contents, as ICU reads them."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    pad = -(len(header) + toc_size + len(names)) % _ALIGN
    name_offset, data_offset = toc_size, toc_size + len(names) + pad
    toc, blobs = [struct.pack("<I", len(items))], []
    for name, blob in items:
        toc.append(struct.pack("<II", name_offset, data_offset))
        name_offset += len(name) + 1
        blob += b"\0" * (-len(blob) % _ALIGN)
        blobs.append(blob)
        data_offset += len(blob)
    return header + b"".join(toc) + names + b"\0" * pad + b"".join(blobs)


def kept(name: str) -> bool:
    return not _DROPPED.search(name.split("/", 1)[1])


def trimmed_library(source: Path, out_dir: Path) -> Path:
    """A copy of the ICU data library ``source`` holding only the kept items, in ``out_dir``."""
    for tool in ("readelf", "as", "ld"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} (binutils) is needed to trim the ICU data")
    symbol, package = read_package(source)
    header, items = split_package(package)
    out_dir.mkdir(parents=True, exist_ok=True)
    blob = out_dir / "icudata.bin"
    blob.write_bytes(join_package(header, [item for item in items if kept(item[0])]))
    soname = re.search(r"SONAME\)\s+Library soname: \[([^\]]+)\]", _run("readelf", "-d", str(source)))
    target = out_dir / (soname.group(1) if soname else source.name)
    # An object with the package as a proper data symbol (type and size), assembled by "as".
    (out_dir / "icudata.s").write_text(
        f".section .rodata\n.balign {_ALIGN}\n.globl {symbol}\n.type {symbol}, STT_OBJECT\n"
        f".size {symbol}, {blob.stat().st_size}\n{symbol}:\n.incbin \"{blob.name}\"\n")
    subprocess.run(["as", "-o", "icudata.o", "icudata.s"], check=True, cwd=out_dir)
    subprocess.run(["ld", "-shared", "-soname", target.name, "-z", "noexecstack",
                    "-o", str(target), str(out_dir / "icudata.o")], check=True)
    return target


if __name__ == "__main__":
    print(trimmed_library(Path(sys.argv[1]), Path(sys.argv[2])))
