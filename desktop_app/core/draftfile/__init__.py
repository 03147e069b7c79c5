"""The draft file (``.jxmb``): one SQLite database per form, e-mailed as a single file.

``container`` opens and validates an untrusted file, ``rows`` maps a declared form to its
tables and back, ``writer`` saves. This package's names are the program's way in.
"""

from typing import TYPE_CHECKING

from .container import (
                        APPLICATION_ID,
                        BUSY_TIMEOUT_S,
                        EXTENSION,
                        FORMAT_VERSION,
                        MAX_FILE_BYTES,
                        MAX_ROWS,
                        MAX_VALUE_BYTES,
                        MIGRATIONS,
                        SCHEMA_VERSION,
                        DraftError,
                        decode_version,
                        encode_version,
                        file_state,
                        file_uri,
                        is_draft,
                        load_draft,
                        read_header,
)
from .rows import Touched, schema_of, table_rows

if TYPE_CHECKING:
    from .writer import STALE_TEMP_S, DraftChanged, DraftWriter, Known, save_draft, write_fresh_draft

# The writer's names, imported when first asked for: a command that only reads drafts (render,
# check, export, review) does not import the writer, its atomic replacement and its locks.
_WRITER = frozenset({"STALE_TEMP_S", "DraftChanged", "DraftWriter", "Known", "save_draft", "write_fresh_draft"})


def __getattr__(name: str):
    if name in _WRITER:
        from . import writer

        return getattr(writer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "APPLICATION_ID", "BUSY_TIMEOUT_S", "EXTENSION", "FORMAT_VERSION", "MAX_FILE_BYTES", "MAX_ROWS",
    "MAX_VALUE_BYTES", "MIGRATIONS", "SCHEMA_VERSION", "STALE_TEMP_S", "DraftChanged", "DraftError", "DraftWriter",
    "Known", "Touched", "decode_version", "encode_version", "file_state", "file_uri", "is_draft", "load_draft",
    "read_header", "save_draft", "schema_of", "table_rows", "write_fresh_draft",
]
