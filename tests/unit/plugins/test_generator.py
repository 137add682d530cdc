"""The groups generator's own logic, without a build: which context names a page's templates read."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from plugins.pages.generator import template_names

TEMPLATES = {
    "base.html": "<title>{{ SITENAME }}</title>{% block body %}{% endblock %}",
    "macros.html": "{% macro badge(x) %}<b>{{ x }}{{ suffix }}</b>{% endmacro %}",
    "card.html": "{{ group.name }} {{ lang }}",
    "page.html": (
        '{% extends "base.html" %}{% import "macros.html" as m %}{% from "macros.html" import badge %}'
        "{% block body %}{% set total = groups|length %}{{ m.badge(total) }}{{ badge(today) }}"
        '{% for group in groups %}{% include "card.html" %}{% endfor %}{% endblock %}'
    ),
}


def test_template_names_follows_extends_includes_and_imports_but_not_own_names():
    env = Environment(loader=DictLoader(TEMPLATES))
    found = template_names(env, "page.html")
    assert found == {"SITENAME", "groups", "today", "lang", "suffix"}
    assert not found & {"total", "m", "badge", "group"}  # set, imported or loop names are the template's own
