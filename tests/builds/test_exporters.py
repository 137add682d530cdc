"""Open-data exports built through the real Pelican: groups.json, HSDS 3.0, Meeting Guide, and its importer."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from invoke import MockContext
from jsonschema import Draft202012Validator, FormatChecker

import tasks
from commands.meeting_guide_import import main as import_main
from directory.files.reader import group_files, read_directory, read_group, read_taxonomy
from directory.model import Weekly, is_slug
from directory.settings import reader_context
from plugins.exporters.meeting_guide import DAY_NUMBER, LANGUAGE_TYPES
from plugins.exporters.settings import DEFAULTS as EXPORT_DEFAULTS
from plugins.exporters.settings import check
from tests.conftest import FIXTURES, LANGUAGES, ROOT, SETTINGS, build_site, sample_subset

# The shared folder sits beside the project (/work/main → /work/shared), in CI as here.
HSDS = ROOT.parent / "shared" / "hsds-3.0"
FEED = FIXTURES / "meeting-guide" / "feed.json"
DATA_FILES = (
    "data/groups.json",
    "data/groups.schema.json",
    "data/hsds/services.json",
    "data/hsds/organizations.json",
    "data/meeting-guide.json",
)
SITEURL = "https://groups.example.org"
MEETING_GUIDE_TYPES = {
    "O",
    "C",
    "X",
    "TC",
    *LANGUAGE_TYPES.values(),
    *EXPORT_DEFAULTS["EXPORTS_MEETING_GUIDE_AUDIENCE"].values(),
}


def load(output: Path, name: str):
    return json.loads((output / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def directory():
    taxonomy, problems = read_taxonomy(ROOT / "content" / "taxonomy.yaml", LANGUAGES)
    assert problems == []
    found = read_directory(group_files(ROOT / "content" / "groups"), reader_context(SETTINGS, taxonomy))
    assert [p for p in found.problems if p.level == "error"] == []
    return taxonomy, {g.slug: g for g in found.groups}


@pytest.fixture(scope="module")
def published(tmp_path_factory, translations_path) -> Path:
    """The sample directory built with an absolute SITEURL, as when publishing (once: test_reproducible.py
    builds the same sources again in other processes and compares every file)."""
    output = tmp_path_factory.mktemp("published") / "output"
    return build_site(ROOT / "content", output, translations_path, SITEURL=SITEURL)


# groups.json


def test_groups_json_holds_every_group_sorted_by_slug(sample_site, directory):
    _, groups = directory
    document = load(sample_site, "data/groups.json")
    assert document["version"] == "1.1"
    assert document["schema"] == "/schema/group.schema.json"
    assert (sample_site / "schema" / "group.schema.json").exists()
    slugs = [entry["slug"] for entry in document["groups"]]
    assert slugs == sorted(groups)
    for entry in document["groups"]:
        group = groups[entry["slug"]]
        assert entry["urls"] == {lang: f"/{lang}/groups/{group.slug}/" for lang in LANGUAGES}
        rest = {k: v for k, v in entry.items() if k not in ("slug", "urls", "organization_name", "organization_url")}
        assert rest == group.model_dump(mode="json", exclude_none=True)


def test_groups_json_names_a_listed_host_and_links_its_page(sample_site):
    entries = {entry["slug"]: entry for entry in load(sample_site, "data/groups.json")["groups"]}
    voices = entries["haifa-hearing-voices"]
    assert voices["organization"] == "haifa-self-help-centre"
    assert voices["organization_name"]["en"] == "Haifa Self-Help Centre (sample)"
    assert voices["organization_url"] == {lang: f"/{lang}/organizations/haifa-self-help-centre/" for lang in LANGUAGES}
    # A host named in free text stays as it was, with no link.
    ptsd = entries["beer-sheva-men-ptsd"]
    assert isinstance(ptsd["organization"], dict)
    assert "organization_url" not in ptsd


def test_groups_json_is_compact_stable_json(sample_site):
    text = (sample_site / "data" / "groups.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    assert "\\u05" not in text  # Hebrew is written as itself


def test_groups_json_matches_its_published_schema(sample_site, published):
    for output in (sample_site, published):
        schema = load(output, "data/groups.schema.json")
        Draft202012Validator.check_schema(schema)
        errors = list(Draft202012Validator(schema).iter_errors(load(output, "data/groups.json")))
        assert [(list(e.absolute_path), e.message) for e in errors] == []


def test_urls_are_absolute_when_siteurl_is(published):
    document = load(published, "data/groups.json")
    assert document["schema"] == f"{SITEURL}/schema/group.schema.json"
    assert document["groups"][0]["urls"]["ar"].startswith(f"{SITEURL}/ar/groups/")


# HSDS 3.0


def hsds_validator(record: str = "service") -> Draft202012Validator:
    """A compiled HSDS schema, with additional properties refused everywhere (as HSDS validates its examples)."""
    path = HSDS / "schema" / "compiled" / f"{record}.json"
    if not path.exists():
        pytest.skip(f"the HSDS 3.0 schemas are not at {HSDS} (openreferral/specification, branch 3.0, schema/)")
    schema = json.loads(path.read_text(encoding="utf-8"))

    def strict(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node.setdefault("additionalProperties", False)
            for value in node.values():
                strict(value)
        elif isinstance(node, list):
            for value in node:
                strict(value)
        return node

    # HSDS publishes its JSON schemas for draft 2020-12 (schema/openapi.json: jsonSchemaDialect).
    dialect = schema.get("$schema", "https://json-schema.org/draft/2020-12/schema")
    assert dialect.endswith("2020-12/schema")
    checker = FormatChecker()  # uuid and email are built in; uri and date-time need extra packages

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        return not isinstance(value, str) or bool(urlsplit(value).scheme and urlsplit(value).netloc)

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value: object) -> bool:
        return not isinstance(value, str) or bool(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))

    return Draft202012Validator(strict(copy.deepcopy(schema)), format_checker=checker)


def test_hsds_example_passes_our_strict_validator():
    validator = hsds_validator()
    example = json.loads((HSDS / "examples" / "service_full.json").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(example)) == []


@pytest.mark.parametrize("build", ["local", "published"])
def test_every_hsds_service_is_valid_against_the_official_schema(build, sample_site, published, directory):
    validator = hsds_validator()
    output = sample_site if build == "local" else published
    services = load(output, "data/hsds/services.json")
    assert isinstance(services, list)
    assert len(services) == len(directory[1])
    problems = [
        (service["name"], list(error.absolute_path), error.message)
        for service in services
        for error in validator.iter_errors(service)
    ]
    assert problems == []


def test_exports_in_russian_are_valid_and_russian(tmp_path, translations_path):
    """EXPORTS_LANGUAGE = "ru": the texts the groups have in Russian, their meeting languages named in Russian."""
    content = sample_subset(tmp_path, "ashdod-russian-dementia-carers", "beer-sheva-gambling-peer")
    output = build_site(content, tmp_path / "output", translations_path, EXPORTS_LANGUAGE="ru")
    services = load(output, "data/hsds/services.json")
    ashdod = next(s for s in services if "Ашдод" in s["name"])
    assert ashdod["name"] == "Русскоязычная группа для родственников людей с деменцией – Ашдод"
    assert [language["name"] for language in ashdod["languages"]] == ["русский"]
    if HSDS.exists():
        validator = hsds_validator()
        assert [error.message for service in services for error in validator.iter_errors(service)] == []
    gambling = next(m for m in load(output, "data/meeting-guide.json") if m["slug"] == "beer-sheva-gambling-peer")
    assert gambling["name"] == "Группа выздоровления от игромании – Беэр-Шева"
    assert "RUS" in gambling["types"] and gambling["city"] == "Беэр-Шева"
    assert gambling["url"].endswith("/ru/groups/beer-sheva-gambling-peer/")


def _records(node, found):
    """Every object with an id, by id (the same id must always hold the same record)."""
    if isinstance(node, dict):
        if "id" in node:
            found.setdefault(node["id"], []).append(node)
        for value in node.values():
            _records(value, found)
    elif isinstance(node, list):
        for value in node:
            _records(value, found)
    return found


def test_hsds_ids_are_stable_uuids_and_never_reused_for_different_records(published):
    services = load(published, "data/hsds/services.json")
    records = _records(services, {})
    assert len({s["id"] for s in services}) == len(services)
    for uid, same in records.items():
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", uid)
        # Host organisations are shared by id; their texts may differ only by the file's languages.
        if "location_type" in same[0] or "link_id" in same[0] or "number" in same[0]:
            assert all(record == same[0] for record in same), uid


def by_url(services, slug):
    return next(s for s in services if s.get("schedules") and slug in s["schedules"][0].get("schedule_link", ""))


def test_hsds_mapping_of_schedules_places_and_organisations(published, directory):
    _, groups = directory
    services = load(published, "data/hsds/services.json")
    voices = by_url(services, "/he/groups/haifa-hearing-voices/")
    assert voices["status"] == "active"
    assert voices["url"] == f"{SITEURL}/he/groups/haifa-hearing-voices/"
    [weekly] = voices["schedules"]
    assert (weekly["freq"], weekly["interval"], weekly["byday"], weekly["wkst"]) == ("WEEKLY", 1, "TU", "MO")
    assert (weekly["opens_at"], weekly["closes_at"]) == ("18:00", "19:30")
    assert weekly["timezone"] in (2, 3)
    assert "Asia/Jerusalem" in weekly["notes"]
    assert dt.date.fromisoformat(weekly["dtstart"]).weekday() == 1
    [place] = voices["service_at_locations"]
    location = place["location"]
    assert (location["location_type"], location["latitude"], location["longitude"]) == ("physical", 32.8156, 34.9892)
    assert location["addresses"][0]["city"] == "חיפה"
    assert location["addresses"][0]["country"] == "IL"
    assert location["accessibility"][0]["description"]
    assert {lang["code"] for lang in voices["languages"]} == {"he", "ar"}
    assert {a["taxonomy_term"]["code"] for a in voices["attributes"] if a["link_type"] == "topic"} == {
        "hearing-voices",
        "mental-health",
    }
    assert voices["cost_options"][0]["amount"] == 0
    # Two groups of the same host share its organisation record.
    hosts = {
        s["organization"]["id"] for s in services if s["organization"]["name"] == "מרכז העזרה העצמית חיפה (לדוגמה)"
    }
    assert len(hosts) == 1
    # A group with no organisation is its own.
    gambling = by_url(services, "/he/groups/online-gambling-peer/")
    assert groups["online-gambling-peer"].organization is None
    assert gambling["organization"]["name"] == gambling["name"]
    assert gambling["organization"]["description"] == gambling["description"].split("\n\n")[0]
    assert gambling["service_at_locations"][0]["location"]["location_type"] == "virtual"
    # Past midnight: HSDS has no next-day flag, so the hours and the description say it.
    (late,) = [s for s in gambling["schedules"] if s.get("opens_at") == "23:30"]
    assert (late["closes_at"], late["byday"]) == ("00:30", "SA")
    assert "23:30–00:30 (מסתיים אחרי חצות)" in late["description"]
    # Monthly by weekday and paused groups.
    monthly = [s for svc in services for s in svc["schedules"] if s.get("freq") == "MONTHLY" and s.get("byday")]
    assert any(re.fullmatch(r"1[A-Z]{2},3[A-Z]{2}", s["byday"]) for s in monthly)
    paused = by_url(services, "/he/groups/sakhnin-mental-health-peer/")
    assert paused["status"] == "temporarily closed"
    assert paused["alert"]


def test_every_listed_organisation_is_a_valid_hsds_organization_linked_to_its_services(published, directory):
    _, groups = directory
    validator = hsds_validator("organization")
    organizations = load(published, "data/hsds/organizations.json")
    services = {s["id"]: s for s in load(published, "data/hsds/services.json")}
    problems = [(o["name"], list(e.absolute_path), e.message) for o in organizations for e in validator.iter_errors(o)]
    assert problems == []
    assert len(organizations) == len(list((ROOT / "content" / "organizations").glob("*.yaml")))
    assert len({o["id"] for o in organizations}) == len(organizations)
    by_name = {o["name"]: o for o in organizations}
    haifa = by_name["מרכז העזרה העצמית חיפה (לדוגמה)"]
    assert haifa["uri"] == f"{SITEURL}/he/organizations/haifa-self-help-centre/"
    assert haifa["phones"][0]["number"] == "+97245550201"
    assert haifa["locations"][0]["latitude"] == 32.8156
    linked = {o["id"]: {s["id"] for s in o["services"]} for o in organizations}
    for org in organizations:
        for stub in org["services"]:
            # Each service the organisation lists names it back, with the same record.
            service = services[stub["id"]]
            assert service["organization_id"] == org["id"]
            assert service["organization"] == {k: v for k, v in org.items() if k != "services"}
    hosted = [g for g in groups.values() if g.organization_key]
    assert sum(len(ids) for ids in linked.values()) == len(hosted) >= 8
    # The ids come from the keys alone: stable from one build to the next (test_reproducible compares builds).
    assert haifa["id"] == str(
        uuid.uuid5(uuid.UUID(EXPORT_DEFAULTS["EXPORTS_ID_NAMESPACE"]), "#organizations/haifa-self-help-centre")
    )


def test_meeting_guide_entity_fields_name_the_host(sample_site):
    feed = load(sample_site, "data/meeting-guide.json")
    voices = next(m for m in feed if m["url"].endswith("/haifa-hearing-voices/"))
    assert voices["entity"] == "מרכז העזרה העצמית חיפה (לדוגמה)"
    assert voices["entity_phone"] == "+97245550201"
    assert voices["entity_email"] == "selfhelp-haifa@example.org"
    assert voices["entity_url"] == "https://example.org/haifa-self-help"
    assert voices["entity_location"] == "רחוב הדוגמה 10, חיפה"
    free = next(m for m in feed if m["url"].endswith("/beer-sheva-men-ptsd/"))
    assert free["entity"] == "מרכז חוסן הנגב (לדוגמה)"
    assert "entity_phone" not in free


# Meeting Guide


def test_meeting_guide_feed_holds_exactly_the_weekly_meetings(sample_site, directory):
    _, groups = directory
    feed = load(sample_site, "data/meeting-guide.json")
    expected = sorted(
        (group.slug, DAY_NUMBER[day], f"{meeting.start:%H:%M}")
        for group in groups.values()
        if group.status not in ("ended", "forming")
        for meeting in group.schedule
        if isinstance(meeting, Weekly)
        for day in meeting.days
    )
    found = sorted((m["url"].split("/")[-2], m["day"], m["time"]) for m in feed)
    assert found == expected
    assert len({m["slug"] for m in feed}) == len(feed)
    for meeting in feed:
        assert meeting["name"]
        assert re.fullmatch(r"[a-z0-9-]+", meeting["slug"])
        assert isinstance(meeting["day"], int)
        assert 0 <= meeting["day"] <= 6
        assert re.fullmatch(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]", meeting["time"])
        assert ZoneInfo(meeting["timezone"])
        assert "formatted_address" in meeting or {"address", "city"} & meeting.keys()
        assert set(meeting["types"]) <= MEETING_GUIDE_TYPES
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", meeting["updated"])
        assert "**" not in meeting["notes"]


def test_meeting_guide_marks_online_paused_and_language_types(sample_site):
    feed = {m["slug"]: m for m in load(sample_site, "data/meeting-guide.json")}
    assert feed["haifa-hearing-voices"]["types"] == ["AR", "HE", "O", "X"]
    assert feed["haifa-hearing-voices"]["day"] == 2  # Tuesday
    sun, wed = feed["tel-aviv-english-alcohol--sun"], feed["tel-aviv-english-alcohol--wed"]
    assert (sun["day"], wed["day"]) == (0, 3)
    online = feed["online-gambling-peer--thu"]
    assert online["conference_url"].startswith("https://")
    assert online["approximate"] == "yes"
    paused = feed["sakhnin-mental-health-peer"]
    assert "TC" in paused["types"]
    assert "conference_url" not in paused
    # A meeting past midnight keeps its end time: apps read an earlier end as the next day.
    late = feed["online-gambling-peer--sat"]
    assert (late["day"], late["time"], late["end_time"]) == (6, "23:30", "00:30")


def test_meeting_guide_slugs_are_unique_when_a_group_is_named_like_anothers_entry(tmp_path, translations_path):
    """A new group "x-sun" must not shadow the Sunday entry of group "x" in the apps that read the feed."""
    content = sample_subset(tmp_path, "tel-aviv-english-alcohol", "online-gambling-peer")
    groups = content / "groups"
    original = (groups / "tel-aviv-english-alcohol.yaml").read_text(encoding="utf-8")
    for slug in ("tel-aviv-english-alcohol-sun", "tel-aviv-english-alcohol--sun", "online-gambling-peer-sat"):
        if is_slug(slug):
            (groups / f"{slug}.yaml").write_text(
                original.replace("days: [sun, wed]", "days: [sun]").replace('"054-555-0122"', '"054-555-0199"'),
                encoding="utf-8",
            )
    twice = original.replace(
        '    end: "20:30"\n',
        '    end: "20:30"\n  - repeat: weekly\n    days: [sun]\n    start: "19:30"\n    timezone: Europe/London\n',
    )
    (groups / "tel-aviv-english-alcohol.yaml").write_text(twice, encoding="utf-8")
    output = build_site(content, tmp_path / "output", translations_path)
    slugs = [m["slug"] for m in load(output, "data/meeting-guide.json")]
    assert len(slugs) == len(set(slugs)), sorted(s for s in slugs if slugs.count(s) > 1)
    assert "tel-aviv-english-alcohol-sun" in slugs and "online-gambling-peer-sat" in slugs
    ours = sorted(s for s in slugs if s.startswith("tel-aviv-english-alcohol--"))
    assert ours == [
        "tel-aviv-english-alcohol--sun-1930",
        "tel-aviv-english-alcohol--sun-1930-2",
        "tel-aviv-english-alcohol--wed",
    ]


def test_export_then_import_gives_back_the_weekly_groups(sample_site, directory, tmp_path, capsys):
    taxonomy, groups = directory
    code = import_main(str(sample_site / "data" / "meeting-guide.json"), out=str(tmp_path), lang="he")
    report = capsys.readouterr().out
    assert code == 0, report
    context = reader_context(SETTINGS, taxonomy)
    weekly = {
        slug: g
        for slug, g in groups.items()
        if g.status not in ("ended", "forming") and any(isinstance(m, Weekly) for m in g.schedule)
    }
    assert sorted(p.stem for p in tmp_path.glob("*.yaml")) == sorted(weekly)
    for slug, original in weekly.items():
        imported, problems = read_group(tmp_path / f"{slug}.yaml", context)
        assert [str(p) for p in problems if p.level == "error"] == [], slug
        assert imported.name.get("he") == original.name.pick("he", ("en", "ar"))[0]

        def hours(group):
            return sorted(
                (day, m.start, m.end, m.timezone or "Asia/Jerusalem")
                for m in group.schedule
                if isinstance(m, Weekly)
                for day in m.days
            )

        assert hours(imported) == hours(original), slug
        assert imported.membership == original.membership
        assert set(imported.languages) == set(original.languages)
        assert imported.city == original.city
        assert imported.status == original.status
        if original.status == "active":
            assert imported.attendance == original.attendance, slug
            assert (imported.online and imported.online.join_url) == (original.online and original.online.join_url)
        assert (imported.contact.phone or imported.contact.email) in (
            original.contact.phone,
            original.contact.whatsapp,
            original.contact.email,
        )


def test_import_of_a_hand_written_feed(tmp_path, capsys, directory):
    taxonomy, _ = directory
    code = import_main(str(FEED), out=str(tmp_path), lang="en")
    report = capsys.readouterr().out
    assert code == 1  # meetings were skipped, and listed
    assert "springfield-home-group (Springfield Home Group): the city 'Springfield' matches no city" in report
    assert "by-appointment (By Appointment Sponsorship): no weekly day and time" in report
    files = sorted(tmp_path.glob("*.yaml"))
    assert [p.stem for p in files] == ["haifa-serenity", "mltq-lnsr-17", "online-big-book"]
    context = reader_context(SETTINGS, taxonomy)
    read = {}
    for path in files:
        group, problems = read_group(path, context)
        assert [str(p) for p in problems] == [], path
        read[path.stem] = group
    serenity = read["haifa-serenity"]
    assert [(m.days, f"{m.start:%H:%M}", f"{m.end:%H:%M}") for m in serenity.schedule] == [
        (["mon", "thu"], "19:00", "20:00")
    ]
    assert (serenity.attendance, serenity.city, serenity.membership) == ("in-person", "haifa", "open")
    assert serenity.location.wheelchair_accessible is True
    assert serenity.location.geo == (32.8156, 34.9892)
    assert serenity.contact.name.get("en") == "Dana K."
    assert (serenity.summary.get("en"), serenity.description.get("en")) == (
        "A fictional sample meeting: open to anyone who wants to stop drinking.",
        "Coffee from 18:45.",
    )
    assert (serenity.facilitation, serenity.topics, serenity.cost) == ("peer", ["alcohol"], "donation")
    assert sorted(serenity.languages) == ["en", "he"]
    online = read["online-big-book"]
    assert (online.attendance, online.location, online.online.platform) == ("online", None, "zoom")
    assert online.online.join_url == "https://zoom.us/j/5550100"
    assert (online.membership, online.audience) == ("registration", ["women"])
    assert f"{online.schedule[0].start:%H:%M}" == "21:00"
    nazareth = read["mltq-lnsr-17"]
    assert nazareth.city == "nazareth"  # matched by its Arabic label
    assert nazareth.schedule[0].days == ["wed", "sun"]
    assert nazareth.languages == ["ar"]
    assert nazareth.verified == dt.date(2026, 3, 10)

    # A second run writes nothing over the files (even edited ones).
    (tmp_path / "haifa-serenity.yaml").write_text("# edited by hand\n", encoding="utf-8")
    import_main(str(FEED), out=str(tmp_path), lang="en")
    assert "exists, not overwritten" in capsys.readouterr().out
    assert (tmp_path / "haifa-serenity.yaml").read_text(encoding="utf-8") == "# edited by hand\n"


def test_import_task_passes_its_options(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        tasks.import_meeting_guide(MockContext(), str(FEED), out=str(tmp_path), lang="en", topic="drugs")
    assert exit_info.value.code == 1
    assert "topics: [drugs]" in (tmp_path / "online-big-book.yaml").read_text(encoding="utf-8")
    assert "3 group file(s) written" in capsys.readouterr().out


# Reproducibility and settings


def test_data_files_are_compact_key_sorted_json(published):
    # The files are put together from each group's kept JSON text: they must read as one dump would write them.
    for name in DATA_FILES:
        text = (published / name).read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def test_every_bad_setting_is_reported():
    merged = {
        **EXPORT_DEFAULTS,
        "EXPORTS_LANGUAGE": "fr",
        "EXPORTS_COUNTRY": "Israel",
        "EXPORTS_ID_NAMESPACE": "not-a-uuid",
        "EXPORTS_HSDS_SAVE_AS": "/etc/services.json",
    }
    problems = check(merged, LANGUAGES)
    assert len(problems) == 4
    assert check({**EXPORT_DEFAULTS, "EXPORTS_LANGUAGE": "he"}, LANGUAGES) == []


# The open-data page


def documented_fields(schema: dict) -> set[str]:
    """Every field name of groups.json: the envelope, a group, and every part of a group."""
    names = set(schema["properties"])
    for definition in schema["$defs"].values():
        names.update(definition.get("properties", {}))
    return names


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_data_page_documents_every_field(lang, sample_site):
    source = (ROOT / "content" / "pages" / f"open-data.{lang}.md").read_text(encoding="utf-8")
    header = dict(line.split(": ", 1) for line in source.split("\n\n", 1)[0].splitlines())
    assert (header["Slug"], header["Lang"]) == ("open-data", lang)
    assert header["Title"]
    assert header["Summary"]
    assert re.findall(r"^#+ ", source, flags=re.M) == ["## "] * len(re.findall(r"^## ", source, flags=re.M))
    assert "CC BY 4.0" in source
    schema = load(sample_site, "data/groups.schema.json")
    missing = {name for name in documented_fields(schema) if f"`{name}`" not in source}
    assert missing == set(), f"document these fields in open-data.{lang}.md"
    page = (sample_site / lang / "open-data" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in page
