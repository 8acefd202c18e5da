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
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A & B"), (1, mark_safe("<i>one</i>")), ("group", [("g1", "G1")])],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "boxes"}),
        required=False,
        initial=["a"],
    )
    choose = forms.ChoiceField(choices=[("x", "X"), ("y<", "Y<")], widget=forms.RadioSelect, required=False)
    date = forms.DateField(widget=forms.SelectDateWidget)
    text = forms.CharField(required=False)


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "x<y", "many": ["a", "b"], "long": "249", "typed": "2", "maybe": "true", "boxes": ["1"]},
    ],
)
def test_the_same_markup_as_django(language, data):
    with translation.override(language):
        django_form = Every(data, renderer=DjangoTemplates())
        kanal_form = Every(data, renderer=KanalFormRenderer())
        for name in Every.base_fields:
            assert str(kanal_form[name]) == str(django_form[name]), name
        for name in ("boxes", "choose", "radio"):  # each option alone, as includes/field.html renders it
            for kanal, django in zip(kanal_form[name], django_form[name], strict=True):
                assert kanal.tag() == django.tag(), name
                assert kanal.tag(wrap_label=True) == django.tag(wrap_label=True), name
    assert "selected>Country 7</option>" in str(Every(renderer=KanalFormRenderer())["long"])


def test_it_is_the_project_renderer():
    assert isinstance(get_default_renderer(), KanalFormRenderer)
