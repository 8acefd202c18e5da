"""What the page benchmark measures: every home and list page, each as the persona that lands on it.

`bench/tests/test_pages_bench.py` fails when a page of the menu, or a page that renders a `core.listing` list,
is neither here nor in `NOT_MEASURED` (with the reason), so a new list page joins the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass

# The demo logins (`manage.py seed_demo`; password demo.seeding.PASSWORD).
PERSONAS: dict[str, str] = {
    "chief": "chief@kanal.demo",
    "ops": "ops@kanal.demo",
    "cam": "cam@kanal.demo",
    "partner_admin": "admin@bikestore.demo",
    "partner_rep": "rep@bikestore.demo",
    "distributor": "admin@distributor.demo",
}
STAFF_PERSONAS = frozenset({"chief", "ops", "cam"})


@dataclass(frozen=True)
class Page:
    key: str  # the name in the table and in pages.json
    url_name: str
    persona: str
    query: str = ""  # e.g. "status=all": the page as a filter link opens it

    @property
    def home(self) -> bool:
        return self.url_name in HOMES


HOMES = frozenset({"staff_dashboard", "partner_home"})

PAGES: tuple[Page, ...] = (
    # Home pages: each role lands on its own.
    Page("staff_home:chief", "staff_dashboard", "chief"),
    Page("staff_home:cam", "staff_dashboard", "cam"),
    Page("staff_home:ops", "staff_dashboard", "ops"),
    Page("partner_home:admin", "partner_home", "partner_admin"),
    Page("partner_home:rep", "partner_home", "partner_rep"),
    Page("partner_home:distributor", "partner_home", "distributor"),
    # Staff lists, as the channel chief (who sees every row).
    Page("partners:directory", "partners:directory", "chief"),
    Page("partners:directory:cam", "partners:directory", "cam"),
    Page("partners:territories", "partners:territories", "chief"),
    Page("recruitment:applications", "recruitment:applications", "chief"),
    Page("recruitment:prospects", "recruitment:prospects", "chief"),
    Page("recruitment:targets", "recruitment:targets", "chief"),
    Page("programs:admin", "programs:admin", "chief"),
    Page("programs:agreements", "programs:agreements", "chief"),
    Page("onboarding:checklists", "onboarding:checklists", "chief"),
    Page("direct:accounts", "direct:accounts", "chief"),
    Page("direct:deals", "direct:deals", "chief"),
    Page("catalog:products", "catalog:products", "chief"),
    Page("catalog:families", "catalog:families", "chief"),
    Page("deals:pipeline", "deals:pipeline", "chief"),
    Page("deals:pipeline:cam", "deals:pipeline", "cam"),
    Page("engagement:versions", "engagement:versions", "chief"),
    Page("audit_log", "audit_log", "chief"),
    Page("staff_users", "staff_users", "ops"),
    Page("notifications:list:cam", "notifications:list", "cam"),
    Page("api_tokens", "api_tokens", "chief"),
    Page("learning:course_list", "learning:course_list", "chief"),
    Page("learning:team", "learning:team", "chief"),
    Page("learning:progress", "learning:progress", "chief"),
    Page("content:library", "content:library", "chief"),
    Page("content:activity", "content:activity", "chief"),
    Page("announcements:list", "announcements:list", "chief"),
    Page("collateral:templates", "collateral:templates", "chief"),
    Page("leads:list", "leads:list", "chief"),
    Page("leads:list:cam", "leads:list", "cam"),
    Page("leads:attributes", "leads:attributes", "chief"),
    Page("leads:routing_versions", "leads:routing_versions", "chief"),
    Page("leads:scoring_models", "leads:scoring_models", "chief"),
    Page("imports:list", "imports:list", "ops"),
    Page("referrals:performance", "referrals:performance", "chief"),
    Page("referrals:links", "referrals:links", "chief"),
    Page("referrals:attributions", "referrals:attributions", "chief"),
    Page("campaigns:kits", "campaigns:kits", "chief"),
    Page("ledger:money", "ledger:money", "chief"),
    Page("ledger:transactions", "ledger:transactions", "chief"),
    Page("ledger:statements", "ledger:statements", "chief"),
    Page("ledger:batches", "ledger:batches", "ops"),
    Page("ledger:rates", "ledger:rates", "ops"),
    Page("ledger:settings", "ledger:settings", "ops"),
    Page("incentives:programs", "incentives:programs", "chief"),
    Page("incentives:targets", "incentives:targets", "chief"),
    Page("incentives:earnings", "incentives:earnings", "chief"),
    Page("incentives:disputes", "incentives:disputes", "chief"),
    Page("funds:overview", "funds:overview", "chief"),
    Page("funds:budgets", "funds:budgets", "chief"),
    Page("funds:allocations", "funds:allocations", "chief"),
    Page("funds:requests", "funds:requests", "chief"),
    Page("funds:claims", "funds:claims", "chief"),
    Page("funds:roi", "funds:roi", "chief"),
    Page("health:at_risk", "health:at_risk", "chief"),
    Page("health:at_risk:cam", "health:at_risk", "cam", query="mine=yes"),
    Page("offboarding:list", "offboarding:list", "chief"),
    # Partner pages, as the partner admin (the distributor for its resellers).
    Page("partner_profile", "partner_profile", "partner_admin"),
    Page("partner_team", "partner_team", "partner_admin"),
    Page("onboarding:mine", "onboarding:mine", "partner_admin"),
    Page("programs:agreements_mine", "programs:agreements_mine", "partner_admin"),
    Page("catalog:partner_catalogue", "catalog:partner_catalogue", "partner_admin"),
    Page("deals:mine", "deals:mine", "partner_admin"),
    Page("deals:mine:rep", "deals:mine", "partner_rep"),
    Page("engagement:rules", "engagement:rules", "partner_admin"),
    Page("partner_resellers", "partner_resellers", "distributor"),
    Page("notifications:list", "notifications:list", "partner_admin"),
    Page("learning:course_list:partner", "learning:course_list", "partner_admin"),
    Page("learning:mine", "learning:mine", "partner_rep"),
    Page("learning:team:partner", "learning:team", "partner_admin"),
    Page("learning:progress:partner", "learning:progress", "partner_admin"),
    Page("content:library:rep", "content:library", "partner_rep"),
    Page("content:library:search", "content:library", "partner_rep", query="q=price"),
    Page("announcements:list:partner", "announcements:list", "partner_admin"),
    Page("collateral:mine", "collateral:mine", "partner_admin"),
    Page("leads:list:partner", "leads:list", "partner_admin"),
    Page("leads:list:partner_board", "leads:list", "partner_rep", query="view=board"),
    Page("referrals:performance:partner", "referrals:performance", "partner_admin"),
    Page("referrals:links:partner", "referrals:links", "partner_rep"),
    Page("referrals:attributions:partner", "referrals:attributions", "partner_admin"),
    Page("campaigns:kits:partner", "campaigns:kits", "partner_admin"),
    Page("ledger:money:partner", "ledger:money", "partner_admin"),
    Page("ledger:transactions:partner", "ledger:transactions", "partner_admin"),
    Page("ledger:statements:partner", "ledger:statements", "partner_admin"),
    Page("incentives:programs:partner", "incentives:programs", "partner_admin"),
    Page("incentives:earnings:partner", "incentives:earnings", "partner_admin"),
    Page("incentives:earnings:rep", "incentives:earnings", "partner_rep"),
    Page("incentives:disputes:partner", "incentives:disputes", "partner_admin"),
    Page("funds:overview:partner", "funds:overview", "partner_admin"),
    Page("funds:allocations:partner", "funds:allocations", "partner_admin"),
    Page("funds:requests:partner", "funds:requests", "partner_admin"),
    Page("funds:requests:rep", "funds:requests", "partner_rep"),
    Page("funds:claims:partner", "funds:claims", "partner_admin"),
    Page("funds:roi:partner", "funds:roi", "partner_admin"),
    Page("health:mine", "health:mine", "partner_admin"),
    Page("programs:programs", "programs:programs", "chief"),
    Page("programs:mine", "programs:mine", "partner_admin"),
    Page("tiers:overview", "tiers:overview", "chief"),
    Page("tiers:changes", "tiers:changes", "chief"),
    Page("tiers:warnings", "tiers:warnings", "cam"),
    Page("tiers:values", "tiers:values", "ops"),
    Page("tiers:mine", "tiers:mine", "partner_admin"),
    Page("competition:vendors", "competition:vendors", "chief"),
    Page("recognition:leaderboard", "recognition:leaderboard", "chief"),
    Page("recognition:leaderboard:partner", "recognition:leaderboard", "partner_rep"),
    Page("recognition:awards", "recognition:awards", "chief"),
    Page("recognition:grants", "recognition:grants", "chief"),
    Page("recognition:grants:partner", "recognition:grants", "distributor"),
)

# Pages a menu or list check would find that the benchmark leaves out on purpose.
NOT_MEASURED: dict[str, str] = {
    "home": "redirects to the role's home page, which is measured",
    "recruitment:become_partner": "the public application form: no session, not a home or list page",
    "leads:web_form": "the public web-to-lead form: no session, not a home or list page",
}
