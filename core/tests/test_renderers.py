"""The form renderer writes select boxes exactly as Django's templates do, only faster."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe

from core.renderers import KanalFormRenderer, PlainSelect, plain_select


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


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(
    "data",
    [None, {"plain": "x<y", "long": "249", "typed": "2"}, {"plain": "g2", "long": "nope", "typed": "1"}],
)
def test_a_plain_select_writes_what_django_writes(language, data):
    """The list filters' selects (core.renderers.PlainSelect): Django's markup, groups left to Django."""
    with translation.override(language):
        django_form = Every(data, renderer=DjangoTemplates())
        plain_form = Every(data, renderer=DjangoTemplates())
        swapped = []
        for name, field in plain_form.fields.items():
            field.widget = plain_select(field.widget)
            if isinstance(field.widget, PlainSelect):
                swapped.append(name)
        assert swapped == ["plain", "long", "typed"]
        for name in swapped:
            assert str(plain_form[name]) == str(django_form[name]), name


@pytest.mark.django_db
def test_a_plain_select_of_rows_marks_the_chosen_one(world):
    from partners.models import Partner

    class ByPartner(forms.Form):
        partner = forms.ModelChoiceField(
            Partner.objects.order_by("name"), to_field_name="public_id", required=False, empty_label="Any"
        )

    chosen = {"partner": str(world.partner_b.public_id)}
    django_field = ByPartner(chosen, renderer=DjangoTemplates())
    plain = ByPartner(chosen, renderer=DjangoTemplates())
    plain.fields["partner"].widget = plain_select(plain.fields["partner"].widget)
    html = str(plain["partner"])
    assert html == str(django_field["partner"])
    assert f'<option value="{world.partner_b.public_id}" selected>' in html
