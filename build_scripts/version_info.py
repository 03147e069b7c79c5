"""The Windows version resource of both executables (Explorer's Properties → Details).

Built from ``desktop_app.__version__`` and ``APP_NAME`` so the version is written in one place.
"""

from __future__ import annotations

import re

COMPANY = "部门整体预算绩效目标申报表 项目组"
LANG_ZH_CN, CODEPAGE_UNICODE = 0x0804, 1200


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """"0.1.0" → (0, 1, 0, 0); a pre-release suffix such as "0.2.0rc1" keeps its numbers only."""
    numbers = [int(m.group()) if (m := re.match(r"\d+", part)) else 0
               for part in version.split(".")[:4]]
    return tuple((numbers + [0, 0, 0, 0])[:4])


def version_resource(version: str, app_name: str, exe_name: str):
    # Windows only: PyInstaller installs pefile, which this needs, only there.
    from PyInstaller.utils.win32.versioninfo import (FixedFileInfo, StringFileInfo, StringStruct,
                                                     StringTable, VarFileInfo, VarStruct,
                                                     VSVersionInfo)

    numbers = version_tuple(version)
    dotted = ".".join(map(str, numbers))
    strings = [
        StringStruct("CompanyName", COMPANY),
        StringStruct("FileDescription", app_name),
        StringStruct("FileVersion", dotted),
        StringStruct("InternalName", exe_name),
        StringStruct("LegalCopyright", "MIT License"),
        StringStruct("OriginalFilename", f"{exe_name}.exe"),
        StringStruct("ProductName", app_name),
        StringStruct("ProductVersion", version),
    ]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers, mask=0x3F, flags=0x0, OS=0x40004,
                          fileType=0x1, subtype=0x0, date=(0, 0)),
        kids=[
            StringFileInfo([StringTable(f"{LANG_ZH_CN:04x}{CODEPAGE_UNICODE:04x}", strings)]),
            VarFileInfo([VarStruct("Translation", [LANG_ZH_CN, CODEPAGE_UNICODE])]),
        ],
    )
