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
    attributed = forms.CharField(
        initial='say "<hi>" & bye',
        widget=forms.TextInput(
            attrs={"class": "wide", "data-x": True, "data-no": False, "placeholder": "a<b"}
        ),
    )
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search"}))
    email = forms.EmailField(required=False)
    number = forms.DecimalField(required=False, initial=1234.5)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(widget=forms.HiddenInput, initial="h&")
    agree = forms.BooleanField(required=False, initial=True)
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), initial="one <two>\n& three"
    )
    empty_note = forms.CharField(required=False, widget=forms.Textarea)


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "x<y", "many": ["a", "b"], "long": "249", "typed": "2", "maybe": "true", "boxes": ["1"]},
        {"text": "<b>", "number": "12.5", "day": "2026-01-31", "note": "x & y", "agree": "on", "hidden": '"'},
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
