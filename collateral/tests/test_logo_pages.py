"""The logo card on the partner's profile page (its admin) and on the staff edit page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from collateral.testing import PNG
from core.models import Event
from core.testing import snapshot

pytestmark = pytest.mark.django_db


def test_a_partner_admin_uploads_and_removes_the_logo_on_the_profile_page(world, login):
    client = login(world.admin_a)
    assert "Upload logo" in client.get(reverse("partner_profile")).content.decode()
    url = reverse("partner_profile_logo")
    assert client.post(url, {"logo": SimpleUploadedFile("logo.png", PNG)}).status_code == 302
    world.partner_a.refresh_from_db()
    assert world.partner_a.logo and world.partner_a.profile_version == 2
    page = client.get(reverse("partner_profile")).content.decode()
    assert 'class="partner-logo" src="/files/' in page and "Remove logo" in page
    assert client.post(url, {"remove": "1"}).status_code == 302
    world.partner_a.refresh_from_db()
    assert not world.partner_a.logo and world.partner_a.profile_version == 3


def test_an_svg_logo_is_refused_with_its_reason_and_nothing_changes(world, login):
    client = login(world.admin_a)
    before, events = snapshot(world.partner_a), Event.objects.count()
    svg = SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    response = client.post(reverse("partner_profile_logo"), {"logo": svg}, follow=True)
    assert "SVG files cannot be uploaded here" in response.content.decode()
    assert snapshot(world.partner_a) == before and Event.objects.count() == events


def test_a_rep_sees_the_logo_but_may_not_change_it(world, login):
    client = login(world.rep_a)
    assert "Upload logo" not in client.get(reverse("partner_profile")).content.decode()
    before = snapshot(world.partner_a)
    response = client.post(reverse("partner_profile_logo"), {"logo": SimpleUploadedFile("l.png", PNG)})
    assert response.status_code == 403 and snapshot(world.partner_a) == before


def test_staff_upload_a_logo_on_the_edit_page(world, login):
    edit = reverse("partners:edit", args=[world.partner_b.public_id])
    client = login(world.cam)
    assert "Upload logo" in client.get(edit).content.decode()
    logo = reverse("partners:logo", args=[world.partner_b.public_id])
    assert client.post(logo, {"logo": SimpleUploadedFile("l.png", PNG)}).status_code == 302
    world.partner_b.refresh_from_db()
    assert world.partner_b.logo
    assert login(world.marketing).post(logo, {"remove": "1"}).status_code == 403
