from ninja import Router

from leads.routing.api import router as routing_router

router = Router(tags=["leads"])
router.add_router("/routing", routing_router)
