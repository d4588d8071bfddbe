"""A school's designations (pilot, model school) against the lists a city published, and its
certification counts. Sources: seed 004 附件 3 (the Yantai pilot list), seed 002 第四阶段
(认证示范学校), seed 004 附件 5 一（二）(三项微能力认证)."""

from __future__ import annotations

from ...core.diagnostics import Diagnostic
from ...load.derived import listed
from ..registry import Ctx, rule

CERTIFICATIONS_PER_TEACHER = 3
"""Seed 004 附件 5 一（二）：积极完成三项微能力认证."""


@rule("designations")
def designations(ctx: Ctx):
    school, doc = ctx.entry.school, ctx.doc("school.yml")
    if school is None or doc is None or not doc.ok:
        return
    yield from _designation_problems(ctx, school, doc)
    if school.certification is not None:
        yield from _certification_problem(school, school.certification, doc)


def _designation_problems(ctx: Ctx, school, doc):
    """Each designation that names a list, against the lists of the policy."""
    lists = ctx.policy.designations if ctx.policy is not None else {}
    for i, held in enumerate(school.designations):
        if held.list is not None:
            yield from _designation_problem(school, held, lists, doc, ("designations", i))


def _designation_problem(school, held, lists: dict, doc, loc: tuple):
    """A designation: on a list the city published, with the school's name on it, of the list's kind."""
    found = lists.get(held.list)
    if found is None:
        yield Diagnostic("DESIGNATION-UNKNOWN-LIST", doc.rel, line=doc.line_of(loc + ("list",)),
                         params={"list": held.list, "known": listed(sorted(lists))})
    elif found.districts and school.name not in found.names():
        yield Diagnostic("DESIGNATION-NOT-LISTED", doc.rel, line=doc.line_of(loc + ("list",)),
                         params={"name": school.name, "list": found.name})
    elif found.kind != held.kind:
        yield Diagnostic("DESIGNATION-KIND", doc.rel, line=doc.line_of(loc + ("kind",)),
                         params={"kind": held.kind, "list": found.name, "list_kind": found.kind})


def _certification_problem(school, cert, doc):
    """Certified teachers not above the school's teachers; enough certifications for them."""
    if cert.teachers is None:
        return
    if school.teachers is not None and cert.teachers > school.teachers:
        yield Diagnostic("CERT-TEACHERS-OVER", doc.rel, line=doc.line_of(("certification", "teachers")),
                         params={"certified": cert.teachers, "teachers": school.teachers})
    elif cert.abilities < cert.teachers * CERTIFICATIONS_PER_TEACHER:
        yield Diagnostic("CERT-ABILITIES-FEW", doc.rel, line=doc.line_of(("certification", "abilities")),
                         params={"abilities": cert.abilities, "teachers": cert.teachers,
                                 "need": cert.teachers * CERTIFICATIONS_PER_TEACHER})
