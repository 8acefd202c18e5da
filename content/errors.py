from enum import StrEnum


class ContentErrorCode(StrEnum):
    NOT_DRAFT_OR_ARCHIVED = "not_publishable"  # only a draft or an archived asset can be published
    NOT_PUBLISHED = "not_published"  # only a published asset can be archived
    NO_VERSION = "no_version"  # an asset is published with at least one file or address
    FILE_OR_URL = "file_or_url"  # a version holds a file, or (a link) an address — not both, not neither
    AVAILABLE_BEFORE_PUBLISHED = "available_before_published"
    NO_FILE = "no_file"  # no version in any language (a download)
