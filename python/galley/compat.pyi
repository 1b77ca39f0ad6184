# Type stubs for galley.compat (trafilatura's extract on galley).
from typing import Any, Literal, Optional, Union

OUTPUT_FORMATS: tuple[str, ...]
FIELD_MAP: dict[str, str]

def extract(filecontent: Union[str, bytes, bytearray], url: Optional[str] = ...,
            record_id: Optional[str] = ..., favor_precision: bool = ...,
            favor_recall: bool = ..., include_comments: bool = ...,
            output_format: Literal["txt", "markdown", "json", "xml", "html"] = ...,
            target_language: Optional[str] = ..., include_tables: bool = ...,
            include_images: bool = ..., include_links: bool = ...,
            with_metadata: bool = ..., only_with_metadata: bool = ...,
            max_tree_size: Optional[int] = ..., **ignored: Any) -> Optional[str]: ...
