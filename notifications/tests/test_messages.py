"""A notification parameter written in two languages reads in the reader's."""


def test_a_text_in_two_languages_shows_in_the_readers(settings):
    from django.utils import translation

    from notifications.messages import InLanguages, encode_params, render_message

    params = encode_params({"title": InLanguages(en="Spring prices", ru="Весенние цены")})
    with translation.override("ru"):
        assert render_message("New: %(title)s", "", "", params).endswith("Весенние цены")
    with translation.override("en"):
        assert render_message("New: %(title)s", "", "", params) == "New: Spring prices"
    english_only = encode_params({"title": InLanguages(en="Only English", ru="")})
    with translation.override("ru"):
        assert render_message("New: %(title)s", "", "", english_only).endswith("Only English")
