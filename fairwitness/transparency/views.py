"""Public pages: the policy in force and the transparency report."""

from __future__ import annotations

import csv
import io
from itertools import groupby

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from fairwitness.policy import policy_rules_describe
from fairwitness.policy.public import policy_agency_limits
from fairwitness.requests.models import PolicyVersion
from fairwitness.requests.policy_in_force import policy_current
from fairwitness.transparency.selectors import (
    FIELDS,
    emergency_violations,
    transparency_rows,
)


def policy_page(request: HttpRequest) -> HttpResponse:
    policy = policy_current()
    context = {
        "policy": policy,
        "rules": policy_rules_describe(policy=policy),
        "agency_limits": policy_agency_limits(policy=policy),
        "versions": PolicyVersion.objects.order_by("-created_at")[:20],
    }
    return render(request, "transparency/policy.html", context)


def transparency_page(request: HttpRequest) -> HttpResponse:
    rows = transparency_rows()
    groups = [
        (agency, month, list(items))
        for (agency, month), items in groupby(rows, key=lambda r: (r.agency, r.month))
    ]
    context = {"groups": groups, "violations": emergency_violations()}
    return render(request, "transparency/report.html", context)


def transparency_csv(request: HttpRequest) -> HttpResponse:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FIELDS))
    writer.writeheader()
    for row in transparency_rows():
        writer.writerow(row.as_dict())
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="transparency.csv"'
    return response


def transparency_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"fields": list(FIELDS), "rows": [r.as_dict() for r in transparency_rows()]}
    )
