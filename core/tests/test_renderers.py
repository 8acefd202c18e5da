"""The form renderer writes select boxes exactly as Django's templates do, only faster."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe

from core.renderers import KanalFormRenderer


class Every(forms.Form):
    plain = forms.ChoiceField(
        choices=[("", "Any"), ("x<y", "X & Y"), (1, 2), ("group", [("g1", "G1"), ("g2", 'G"2')])],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], initial=["b"])
    maybe = forms.NullBooleanField()
    long = forms.ChoiceField(choices=[(str(i), f"Country {i}") for i in range(250)], initial="7")
    typed = forms.TypedChoiceField(
        choices=[(1, "one"), (2, mark_safe("<b>two</b>"))],
        coerce=int,
        widget=forms.Select(attrs={"class": "compact", "data-x": True, "data-no": False, "title": 'a"b'}),
    )
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    date = forms.DateField(widget=forms.SelectDateWidget)
    text = forms.CharField(required=False)


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(
    "data", [None, {"plain": "x<y", "many": ["a", "b"], "long": "249", "typed": "2", "maybe": "true"}]
)
def test_the_same_markup_as_django(language, data):
    with translation.override(language):
        django_form = Every(data, renderer=DjangoTemplates())
        kanal_form = Every(data, renderer=KanalFormRenderer())
        for name in Every.base_fields:
            assert str(kanal_form[name]) == str(django_form[name]), name
    assert "selected>Country 7</option>" in str(Every(renderer=KanalFormRenderer())["long"])


def test_it_is_the_project_renderer():
    assert isinstance(get_default_renderer(), KanalFormRenderer)
