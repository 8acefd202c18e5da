"""The session-wide seeded demo (demo/testing.py) keeps tests independent."""

from accounts.models import User
from demo.seeding import demo_exists

SCRATCH = "scratch@kanal.demo"


def test_a_demo_test_changes_the_demo(demo):
    assert demo_exists()
    User.objects.create_user(SCRATCH, "x")
    User.objects.filter(email="cam@kanal.demo").delete()


def test_the_next_demo_test_sees_the_demo_unchanged(demo):
    # Runs right after the test above (same file, same group): its changes were rolled back.
    assert not User.objects.filter(email=SCRATCH).exists()
    assert User.objects.filter(email="cam@kanal.demo").exists()


def test_other_tests_see_no_demo(db):
    assert not demo_exists()
    assert not User.objects.exists()
