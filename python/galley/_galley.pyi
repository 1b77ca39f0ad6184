# Type stubs for the extension module (internal: use the galley package).
from typing import Any, Optional, Sequence, Union

OPT_MAX_INPUT_BYTES: int
OPT_MAX_DEPTH: int
OPT_MAX_NODES: int
OPT_MAX_ATTRS: int
OPT_TIMEOUT_MS: int
OPT_MODE: int
OPT_COMMENTS: int
OPT_METADATA: int
OPT_REFERENCE_TIME: int
OPT_IMAGES: int
OPT_LINKS: int
OPT_TABLES: int
OPT_LANGUAGE_DETECT: int
OPT_CAPTIONS: int
MODE_PRECISION: int
MODE_BALANCED: int
MODE_RECALL: int
FORMAT_TEXT: int
FORMAT_MARKDOWN: int
FORMAT_JSON: int
FORMAT_HTML: int
FORMAT_XML: int
DEFAULT_TIMEOUT_MS: int
DEFAULT_MAX_BYTES: int
DEFAULT_MAX_MEMBER_BYTES: int
DEFAULT_MAX_DEPTH: int
DEFAULT_MAX_NODES: int
DEFAULT_MAX_ATTRS: int

def version() -> str: ...
def encoding_for_label(label: Optional[str]) -> Optional[str]: ...

class Core:
    def __init__(self, settings: Sequence[Union[tuple[int, int, str], tuple[str, str, float]]],
                 extraction_error: type) -> None: ...
    def extract(self, html: Union[bytes, bytearray, memoryview, str], url: Optional[str],
                charset: Optional[str], fmt: int) -> str: ...
    def get(self, option: int) -> int: ...

class WarcReader:
    def __init__(self, fd: int, core: Core, source: Optional[str], max_bytes: int,
                 max_member_bytes: int) -> None: ...
    def __iter__(self) -> "WarcReader": ...
    def __next__(self) -> str: ...
    def close(self) -> None: ...
    def counts(self) -> tuple[int, int, int, int, int]: ...
