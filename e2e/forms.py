"""Driving the forms the way a user does: a searchable select (Tom Select, static/kanal/forms.js) is opened,
typed into and its option clicked; the <select> behind it must then hold the value the form posts."""

from playwright.sync_api import Page, expect


def choose(page: Page, select_id: str, typed: str, value: str) -> None:
    """Pick the option of searchable select `select_id` found by typing `typed`; it must post `value`. Then
    Tab leaves the field, as a user moves on (Tom Select keeps the focus after a choice)."""
    page.locator(f"#{select_id}_field .ts-control").click()
    expect(page.locator(f"#{select_id}-ts-control")).to_be_focused()
    page.keyboard.type(typed)
    option = page.locator(f"#{select_id}-ts-dropdown .option", has_text=typed).first
    option.click()
    expect(page.locator(f"#{select_id}")).to_have_value(value)
    page.keyboard.press("Tab")
    expect(page.locator(f"#{select_id}-ts-control")).not_to_be_focused()
