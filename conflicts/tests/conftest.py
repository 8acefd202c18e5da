from deals.tests.conftest import _send_emails_at_once, approved, draft, draft_data, products, submitted  # noqa: F401
