"""Stable error codes of competing vendors and declarations: API clients may rely on them (`errors[].code`).

Field validation uses Django's own codes ("required", "max_length", "invalid_choice" …); these are the
domain's rules.
"""

from enum import StrEnum


class CompetitionErrorCode(StrEnum):
    NAME_TAKEN = "name_taken"  # another vendor (or another line of the vendor) has the same name
    LINE_NOT_OF_VENDOR = "line_not_of_vendor"  # the line chosen belongs to another vendor
    ALREADY_DECLARED = "already_declared"  # the partner has declared this vendor (or line) already
    ANSWER_COMPETING = "answer_competing"  # the application says whether it sells competing products
    YEAR_IN_FUTURE = "year_in_future"  # "since" is a year after this one
