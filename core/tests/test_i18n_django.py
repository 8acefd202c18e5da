from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils import translation


def test_the_empty_choice_label_reads_russian():
    with translation.override("ru"):
        assert str(BLANK_CHOICE_LABEL) == "- Выберите вариант -"
    with translation.override("en"):
        assert str(BLANK_CHOICE_LABEL) == "- Select an option -"
