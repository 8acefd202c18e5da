from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Status
from ninja.pagination import paginate

from collateral.downloads import download_name, pdf_response, signed_link
from collateral.filters import TemplateFilterSet
from collateral.inputs import DownloadInput
from collateral.schemas import (
    CollateralTemplateDetailOut,
    CollateralTemplateOut,
    CollateralVersionOut,
    GeneratedCollateralOut,
    GenerateIn,
    TemplateCreateIn,
    TemplateUpdateIn,
    VersionIn,
)
from collateral.selectors import template_filters, template_get, versions_of
from collateral.services import (
    collateral_generate,
    template_archive,
    template_create,
    template_publish,
    template_update,
)
from core.inputs import body_values
from core.listing import filterset_schema, query_data
from core.pagination import KanalPagination

router = Router(tags=["collateral"])

TemplateQuery = filterset_schema(TemplateFilterSet, "CollateralTemplateQuery")


@router.get(
    "/templates",
    response=list[CollateralTemplateOut],
    summary="List collateral templates (staff: all; partner users: those they may generate)",
)
@paginate(KanalPagination)
def list_templates(request, filters: Query[TemplateQuery]):  # type: ignore[valid-type]
    request.actor.require("enablement.view")
    return template_filters(actor=request.actor, data=query_data(filters), strict=True).qs


@router.post(
    "/templates",
    response={201: CollateralTemplateDetailOut},
    summary="Create a template with its first version (marketing, operations)",
)
def create_template(request, payload: TemplateCreateIn):  # type: ignore[valid-type]
    """The Typst source is compiled against a sample partner; one that does not compile is refused (422,
    code `does_not_compile`, with the compiler's message)."""
    request.actor.require("enablement.manage")
    template = template_create(actor=request.actor, data=body_values(payload))
    return Status(201, template_get(actor=request.actor, public_id=template.public_id))


@router.get("/templates/{template_id}", response=CollateralTemplateDetailOut)
def get_template(request, template_id: UUID):
    request.actor.require("enablement.view")
    return template_get(actor=request.actor, public_id=template_id)


@router.patch(
    "/templates/{template_id}",
    response=CollateralTemplateDetailOut,
    summary="Change a template's texts or audience",
)
def update_template(request, template_id: UUID, payload: TemplateUpdateIn):  # type: ignore[valid-type]
    template = template_get(actor=request.actor, public_id=template_id)
    request.actor.require("enablement.manage")
    template_update(actor=request.actor, template=template, data=body_values(payload, exclude_unset=True))
    return template_get(actor=request.actor, public_id=template_id)


@router.get(
    "/templates/{template_id}/versions",
    response=list[CollateralVersionOut],
    summary="A template's versions with their Typst source, newest first (staff)",
)
@paginate(KanalPagination)
def list_versions(request, template_id: UUID):
    template = template_get(actor=request.actor, public_id=template_id)
    # The markup is the vendor's work; partners download what it makes.
    if not request.actor.is_staff:
        raise PermissionDenied
    request.actor.require("enablement.view")
    return versions_of(actor=request.actor, template=template)


@router.post(
    "/templates/{template_id}/versions",
    response={201: CollateralTemplateDetailOut},
    summary="Add a version (its Typst source); partners get it once published",
)
def add_version(request, template_id: UUID, payload: VersionIn):  # type: ignore[valid-type]
    template = template_get(actor=request.actor, public_id=template_id)
    request.actor.require("enablement.manage")
    template_update(actor=request.actor, template=template, data=body_values(payload))
    return Status(201, template_get(actor=request.actor, public_id=template_id))


@router.post(
    "/templates/{template_id}/publish",
    response=CollateralTemplateDetailOut,
    summary="Publish: partners get the newest version",
)
def publish_template(request, template_id: UUID):
    template = template_get(actor=request.actor, public_id=template_id)
    template_publish(actor=request.actor, template=template)
    return template_get(actor=request.actor, public_id=template_id)


@router.post(
    "/templates/{template_id}/archive",
    response=CollateralTemplateDetailOut,
    summary="Archive: partners no longer see the template",
)
def archive_template(request, template_id: UUID):
    template = template_get(actor=request.actor, public_id=template_id)
    template_archive(actor=request.actor, template=template)
    return template_get(actor=request.actor, public_id=template_id)


@router.post(
    "/templates/{template_id}/generate",
    response=GeneratedCollateralOut,
    summary="Make (or reuse) your company's co-branded PDF; answers a download link",
)
def generate(request, template_id: UUID, payload: GenerateIn):  # type: ignore[valid-type]
    template = template_get(actor=request.actor, public_id=template_id)
    language = DownloadInput.from_api(body_values(payload)).cleaned()["language"]
    generated = collateral_generate(actor=request.actor, template=template, language=language)
    return {
        "id": generated.public_id,
        "url": request.build_absolute_uri(signed_link(generated, user_id=request.user.pk)),
        "language": generated.language,
        "template_version": generated.template_version.number,
        "profile_version": generated.profile_version,
        "size": generated.size,
        "created_at": generated.created_at,
    }


@router.get(
    "/templates/{template_id}/pdf",
    response={200: None},
    summary="Your company's co-branded PDF itself (made when needed)",
)
def download_pdf(request, template_id: UUID, language: Literal["en", "ru"] = "en"):
    template = template_get(actor=request.actor, public_id=template_id)
    generated = collateral_generate(actor=request.actor, template=template, language=language)
    name = download_name(title=template.title, partner_name=request.actor.partner.name, language=language)
    return pdf_response(generated.file, filename=name)
