"""The announcement pages: one list and one detail for both sides, the staff form and buttons, the export,
the preview, and the partner home's card."""

import re
import zipfile
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from announcements.models import Announcement, AnnouncementRead
from core.models import Event
from core.testing import snapshot

pytestmark = pytest.mark.django_db


def test_a_partner_lists_and_opens_only_what_is_meant_for_it(world, login, write):
    mine = write(title_en="For Europe", regions=["europe"], publish=True)
    other = write(title_en="For North America", regions=["north_america"], publish=True)
    write(title_en="Unpublished draft")
    client = login(world.rep_a)
    page = client.get("/announcements/").content.decode()
    assert "For Europe" in page and "For North America" not in page and "Unpublished draft" not in page
    assert client.get(f"/announcements/{other.public_id}/").status_code == 404
    opened = client.get(f"/announcements/{mine.public_id}/")
    assert opened.status_code == 200
    assert "<strong>prices</strong>" in opened.content.decode()  # Markdown, rendered
    assert AnnouncementRead.objects.filter(user=world.rep_a, announcement=mine).count() == 1
    assert not AnnouncementRead.objects.filter(announcement=other).exists()


def test_the_reader_sees_their_language_with_english_as_fallback(world, login, write):
    both = write(title_en="Price list", title_ru="Прайс-лист", body_ru="Новые *цены*.", publish=True)
    english_only = write(title_en="Only English", publish=True)
    client = login(world.rep_a)
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    page = client.get(f"/announcements/{both.public_id}/").content.decode()
    assert "Прайс-лист" in page and "<em>цены</em>" in page
    assert "Only English" in client.get(f"/announcements/{english_only.public_id}/").content.decode()


def test_staff_see_every_status_with_read_counts(world, login, write):
    published = write(title_en="Read by two", publish=True)
    write(title_en="Still a draft")
    for user in (world.rep_a, world.admin_b):
        login(user).get(f"/announcements/{published.public_id}/")
    page = login(world.cam).get("/announcements/").content.decode()
    assert "Read by two" in page and "Still a draft" in page
    row = next(r for r in page.split("<tr") if "Read by two" in r)
    assert re.search(r"<td[^>]*>2</td>", row), row
    detail = login(world.cam).get(f"/announcements/{published.public_id}/").content.decode()
    assert "People who read it" in detail
    # the CAM read it: still two readers, and the CAM is offered no button
    assert AnnouncementRead.objects.count() == 2
    assert "/edit/" not in detail and "/withdraw/" not in detail


def test_the_export_holds_every_filtered_row(world, login, write):
    for i in range(30):
        write(title_en=f"Bulletin {i:02d}", kind="newsletter" if i % 2 else "announcement")
    client = login(world.marketing)
    fragment = client.get("/announcements/?kind=newsletter", headers={"HX-Request": "true"}).content.decode()
    links = [u.replace("&amp;", "&") for u in re.findall(r'href="(/announcements/export/\?[^"]*)"', fragment)]
    assert len(links) == 2
    lines = b"".join(client.get(links[0]).streaming_content).decode().splitlines()
    assert lines[0].startswith("id,title,title_ru,kind,status,audience,publish_at,expires_at,read_count")
    assert len(lines) == 16 and all(",newsletter," in line for line in lines[1:])
    xlsx = client.get(links[1])
    assert zipfile.ZipFile(BytesIO(xlsx.content)).namelist()
    assert login(world.rep_a).get("/announcements/export/").status_code == 403


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("marketing", "/announcements/"),
        ("cam", "/announcements/?status=published&sort=-published&q=news"),
        ("cam", "/announcements/export/"),
        ("cam", "/announcements/export/?format=xlsx"),
        ("rep_a", "/announcements/"),
        ("rep_a", "/announcements/?kind=announcement&sort=title"),
        ("cam", "/api/announcements"),
        ("rep_a", "/api/announcements?q=news"),
    ],
)
def test_lists_have_a_constant_query_budget(world, login, api_client, write, user, path):
    person = getattr(world, user)
    client = api_client(person) if path.startswith("/api/") else login(person)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        assert response.status_code == 200, path
        return len(ctx.captured_queries)

    write(title_en="News 0", publish=True)
    queries()
    few = queries()
    for i in range(1, 12):
        announcement = write(title_en=f"News {i}", regions=["europe"] if i % 2 else [], publish=True)
        if i % 3:
            login(world.admin_a).get(f"/announcements/{announcement.public_id}/")
    assert queries() == few


def test_marketing_writes_publishes_and_withdraws_on_the_pages(world, login):
    client = login(world.marketing)
    assert client.get("/announcements/new/").status_code == 200
    created = client.post(
        "/announcements/new/",
        {
            "kind": "announcement",
            "title_en": "Summer promotion",
            "body_en": "Ten percent off.",
            "regions": ["europe"],
        },
    )
    announcement = Announcement.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/announcements/{announcement.public_id}/"
    assert announcement.status == "draft" and announcement.regions == ["europe"]
    assert announcement.author == world.marketing
    detail = client.get(created["Location"]).content.decode()
    assert f"/announcements/{announcement.public_id}/publish/" in detail
    client.post(f"/announcements/{announcement.public_id}/publish/", {"publish_at": ""})
    announcement.refresh_from_db()
    assert announcement.status == "published"
    assert "Summer promotion" in login(world.rep_a).get("/announcements/").content.decode()
    client.post(f"/announcements/{announcement.public_id}/withdraw/")
    announcement.refresh_from_db()
    assert announcement.status == "withdrawn"
    assert login(world.rep_a).get(f"/announcements/{announcement.public_id}/").status_code == 404


def test_a_form_with_errors_saves_nothing(world, login):
    page = login(world.ops).post(
        "/announcements/new/", {"kind": "announcement", "title_en": "", "body_en": ""}
    )
    assert page.status_code == 200
    assert "Give the announcement a title." in page.content.decode()
    assert not Announcement.objects.exists() and not Event.objects.exists()


@pytest.mark.parametrize("persona", ["cam", "chief"])
def test_cams_and_the_chief_read_but_cannot_write(world, login, write, persona):
    draft = write()
    before = snapshot(draft)
    client = login(getattr(world, persona))
    assert client.get("/announcements/").status_code == 200
    assert client.get(f"/announcements/{draft.public_id}/").status_code == 200
    assert client.get("/announcements/new/").status_code == 403
    assert client.post("/announcements/new/", {"title_en": "x", "body_en": "y"}).status_code == 403
    assert client.get(f"/announcements/{draft.public_id}/edit/").status_code == 403
    client.post(f"/announcements/{draft.public_id}/publish/")
    client.post(f"/announcements/{draft.public_id}/withdraw/")
    assert snapshot(draft) == before and Announcement.objects.count() == 1


def test_partner_users_reach_no_staff_page(world, login, write):
    draft = write()
    client = login(world.admin_a)
    assert client.get("/announcements/new/").status_code == 403
    assert client.get(f"/announcements/{draft.public_id}/").status_code == 404
    assert client.post("/announcements/preview/", {"body_en": "x"}).status_code == 403


def test_the_preview_renders_the_markdown(world, login):
    page = login(world.marketing).post(
        "/announcements/preview/", {"body_en": "Hello **partners**", "body_ru": "<script>x</script>"}
    )
    html = page.content.decode()
    assert "<strong>partners</strong>" in html and "<script>" not in html


def test_the_home_card_shows_the_latest_and_renews_when_one_is_read(world, login, write, settings):
    settings.HOME_CARDS_CACHE_SECONDS = 60
    announcement = write(title_en="Fresh news", publish=True)
    client = login(world.rep_a)
    home = client.get("/my/").content.decode()
    card = home[home.index('id="widget-announcements-latest"') :]
    assert "Fresh news" in card and "<strong>Fresh news</strong>" in card
    client.get(f"/announcements/{announcement.public_id}/")
    home = client.get("/my/").content.decode()
    card = home[home.index('id="widget-announcements-latest"') :]
    assert "Fresh news" in card and "<strong>Fresh news</strong>" not in card


def test_the_home_card_shows_nothing_outside_the_audience(world, login, write):
    write(title_en="Bravo only", regions=["north_america"], publish=True)
    assert "widget-announcements-latest" not in login(world.rep_a).get("/my/").content.decode()
    assert "Bravo only" in login(world.rep_b).get("/my/").content.decode()


def test_partner_users_choose_how_they_hear_of_announcements(world, login):
    page = login(world.rep_a).get("/settings/").content.decode()
    assert "New announcement from the vendor" in page and "New newsletter from the vendor" in page
    assert "Email comes as one digest of what is new." in page
    assert "New announcement from the vendor" not in login(world.cam).get("/settings/").content.decode()
