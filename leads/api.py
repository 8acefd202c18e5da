from ninja import Router

from leads.scoring.api import router as scoring_router

router = Router(tags=["leads"])
router.add_router("/scoring", scoring_router)
