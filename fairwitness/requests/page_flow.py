"""The shape every request form page shares: a valid form runs one service; a refusal is
shown on the form; success says so and moves on; a form with errors answers 400."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fairwitness.core.errors import ApplicationError


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    template: str,
    act: Callable[[dict[str, Any]], HttpResponse | None],
    done: str,
) -> HttpResponse:
    """Render ``form`` on ``template``; when it is posted and valid, run ``act``.

    ``act`` takes the cleaned data and returns where to go next, or None after
    adding its own errors to the form. An ApplicationError it raises becomes a
    form error; on success ``done`` is flashed.
    """
    if request.method == "POST" and form.is_valid():
        try:
            then = act(form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if then is not None:
                messages.success(request, done)
                return then
    status = 400 if form.errors else 200
    return render(request, template, {"form": form}, status=status)
