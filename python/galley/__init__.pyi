# Type stubs for galley (the package's public API; see help(galley)).
import datetime
import os
from typing import IO, Any, Iterator, Literal, Mapping, Optional, Union, overload

__version__: str
FORMATS: tuple[str, ...]
MODES: tuple[str, ...]
DEFAULT_TIMEOUT_MS: int
DEFAULT_MAX_BYTES: int
DEFAULT_MAX_DEPTH: int
DEFAULT_MAX_NODES: int
DEFAULT_MAX_ATTRS: int
DEFAULT_MAX_MEMBER_BYTES: int

Html = Union[bytes, bytearray, memoryview, str]
Format = Literal["dict", "json", "text", "txt", "markdown", "md", "html", "xml"]
StrFormat = Literal["json", "text", "txt", "markdown", "md", "html", "xml"]
Mode = Literal["precision", "balanced", "recall"]
RefTime = Union[None, int, str, datetime.date, datetime.datetime]
Record = dict[str, Any]

class ExtractionError(Exception):
    status: str
    code: int
    result: Union[None, str, Record]

def version() -> str: ...

@overload
def extract(html: Html, url: Optional[str] = ..., *, format: Literal["dict"] = ...,
            charset: Optional[str] = ..., mode: Mode = ..., metadata: bool = ...,
            comments: bool = ..., images: bool = ..., links: bool = ..., tables: bool = ...,
            language_detect: bool = ..., reference_time: RefTime = ..., timeout_ms: int = ...,
            max_bytes: int = ..., max_depth: int = ..., max_nodes: int = ...,
            max_attrs: int = ..., tune: Optional[Mapping[str, float]] = ...,
            captions: bool = ...) -> Record: ...
@overload
def extract(html: Html, url: Optional[str] = ..., *, format: StrFormat,
            charset: Optional[str] = ..., mode: Mode = ..., metadata: bool = ...,
            comments: bool = ..., images: bool = ..., links: bool = ..., tables: bool = ...,
            language_detect: bool = ..., reference_time: RefTime = ..., timeout_ms: int = ...,
            max_bytes: int = ..., max_depth: int = ..., max_nodes: int = ...,
            max_attrs: int = ..., tune: Optional[Mapping[str, float]] = ...,
            captions: bool = ...) -> str: ...

class Extractor:
    def __init__(self, *, format: Format = ..., mode: Mode = ..., metadata: bool = ...,
                 comments: bool = ..., images: bool = ..., links: bool = ...,
                 tables: bool = ..., language_detect: bool = ...,
                 reference_time: RefTime = ..., timeout_ms: int = ..., max_bytes: int = ...,
                 max_depth: int = ..., max_nodes: int = ..., max_attrs: int = ...,
                 tune: Optional[Mapping[str, float]] = ..., captions: bool = ...) -> None: ...
    @property
    def options(self) -> dict[str, Any]: ...
    def extract(self, html: Html, url: Optional[str] = ..., *, charset: Optional[str] = ...,
                format: Optional[Format] = ...) -> Union[Record, str]: ...
    def __call__(self, html: Html, url: Optional[str] = ..., *,
                 charset: Optional[str] = ...,
                 format: Optional[Format] = ...) -> Union[Record, str]: ...

class WarcRecords(Iterator[Union[Record, str]]):
    read: int
    extracted: int
    skipped: int
    errors: int
    junk_bytes: int
    def __iter__(self) -> "WarcRecords": ...
    def __next__(self) -> Union[Record, str]: ...
    def close(self) -> None: ...
    def __enter__(self) -> "WarcRecords": ...
    def __exit__(self, *exc: object) -> Literal[False]: ...

def read_warc(source: Union[str, bytes, os.PathLike[str], os.PathLike[bytes], IO[bytes]], *,
              format: Literal["dict", "json"] = ..., mode: Mode = ..., metadata: bool = ...,
              comments: bool = ..., images: bool = ..., links: bool = ..., tables: bool = ...,
              language_detect: bool = ..., reference_time: RefTime = ...,
              timeout_ms: int = ..., max_bytes: int = ..., max_depth: int = ...,
              max_nodes: int = ..., max_attrs: int = ...,
              max_member_bytes: int = ...,
              tune: Optional[Mapping[str, float]] = ...,
              captions: bool = ...) -> WarcRecords: ...
