"""Import PETRARCH/Phoenix dictionaries (actors, agents, discards) into eventcoder's user YAML.

The dictionaries are read at run time from wherever the user keeps them; nothing of them is
shipped. Actor entries become people/organizations with dated roles (`[SYRGOV >000717]`),
country-level entries (`SYRIA_ [SYR]` and its `+` synonyms) become country aliases, CAMEO country
codes are mapped to ISO alpha-3 (cameo_countries.tsv), agents (`TROOPS [~MIL]`) become agents.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from .kb import fold, read_cameo_countries, read_entry_lines

_CODE = re.compile(r"\[([^\]]*)\]")
_MACRO = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
# Comment markers in the dictionaries: "#" to end of line and <!-- ... --> blocks.
_COMMENT = re.compile(r"#.*$")

DEFAULT_USER_FILE = Path("~/.config/eventcoder/actors.yaml")
# `actors import` writes here by default and every command that codes loads it by itself when it
# exists (docs/actors.md). The variable names another file; set it empty to load none.
USER_FILE_ENV = "EVENTCODER_USER_ACTORS"


def user_actor_file() -> Path | None:
    """The per-user actor file (EVENTCODER_USER_ACTORS, else DEFAULT_USER_FILE), None when unset."""
    value = os.environ.get(USER_FILE_ENV)
    if value is None:
        return DEFAULT_USER_FILE.expanduser()
    return Path(value).expanduser() if value.strip() else None


SECTIONS = ("countries", "people", "organizations", "agents", "discards")


@dataclass
class ImportReport:
    """What an import did: counts per section and lines it could not use."""

    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def add(self, section: str, n: int = 1) -> None:
        """Count n imported items in a section."""
        self.counts[section] = self.counts.get(section, 0) + n


@dataclass
class _Entry:
    names: list[str]
    codes: list[tuple[str, date | None, date | None]] = field(default_factory=list)
    comment: str = ""
    line: int = 0


KINDS = ("actors", "agents", "discards")


def detect_kind(path: Path, text: str) -> str:
    """actors, agents or discards, from the file name or else its content."""
    name = path.name.lower()
    if "agent" in name:
        return "agents"
    if "discard" in name:
        return "discards"
    if "[~" in text:
        return "agents"
    if "[" in text:
        return "actors"
    # Discard lists carry no codes; without the name saying so, the file is probably not a dictionary.
    raise InputError(str(path), "no [CODE] entries: not a PETRARCH actor/agent dictionary (use --kind)")


def parse_day(digits: str) -> date | None:
    """PETRARCH dates: YYMMDD (two-digit years 00-29 are 20xx) or YYYYMMDD; None if malformed."""
    digits = digits.strip()
    try:
        if len(digits) == 6:
            yy = int(digits[:2])
            return date((2000 if yy < 30 else 1900) + yy, int(digits[2:4]), int(digits[4:6]))
        if len(digits) == 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    return None


def parse_code(body: str) -> tuple[str, date | None, date | None] | None:
    """ "SYRGOV >000717" -> ("SYRGOV", 2000-07-17, None); ranges "A-B" include B, so the
    returned end (exclusive, like our `until`) is the day after B. None when malformed."""
    parts = body.split(None, 1)
    if not parts:
        return None
    code = parts[0].strip().upper()
    rest = parts[1].replace(" ", "") if len(parts) > 1 else ""
    if not rest:
        return code, None, None
    if rest.startswith(">"):
        start = parse_day(rest[1:])
        return (code, start, None) if start else None
    if rest.startswith("<"):
        end = parse_day(rest[1:])
        return (code, None, end) if end else None
    if "-" in rest:
        a, b = rest.split("-", 1)
        start, end = parse_day(a), parse_day(b)
        # A range's last day is part of it; our `until` is the first day after.
        return (code, start, end + timedelta(days=1)) if start and end else None
    return None


def phrase(raw: str) -> str:
    """A dictionary phrase as words: "RECEP_TAYYIP_ERDOGAN_" -> "Recep Tayyip Erdogan"."""
    words = raw.strip().strip("_").replace("_", " ").split()
    if len(words) == 1 and len(words[0].replace(".", "")) <= 4:
        return words[0]  # acronyms stay upper-case so they only match upper-case text
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in words)


def _strip_comment(line: str) -> tuple[str, str]:
    match = _COMMENT.search(line)
    if not match:
        return line, ""
    return line[: match.start()], match.group(0).strip().lstrip("#").strip()


def read_actor_entries(path: Path, text: str, report: ImportReport) -> list[_Entry]:
    """Entries of an actor dictionary: a name line, `+` synonyms, then code lines."""
    entries: list[_Entry] = []
    current: _Entry | None = None
    in_block_comment = False
    for lineno, raw in enumerate(text.splitlines(), 1):
        if in_block_comment or raw.lstrip().startswith("<!--"):
            in_block_comment = "-->" not in raw
            continue
        body, comment = _strip_comment(raw)
        if not body.strip():
            continue
        codes = []
        for match in _CODE.finditer(body):
            parsed = parse_code(match.group(1))
            if parsed is None:
                report.skipped.append(f"{path.name}:{lineno}: bad code [{match.group(1)}]")
            elif parsed[0] != "---":
                codes.append(parsed)
        name_part = _CODE.sub(" ", body).strip()
        stripped = body.lstrip()
        if stripped.startswith("+"):
            if current is None:
                report.skipped.append(f"{path.name}:{lineno}: synonym before any entry")
                continue
            if name_part.lstrip("+").strip():
                current.names.append(phrase(name_part.lstrip("+")))
            current.codes.extend(codes)
        elif stripped.startswith("[") or (not name_part and codes):
            if current is None:
                report.skipped.append(f"{path.name}:{lineno}: code before any entry")
                continue
            current.codes.extend(codes)
        else:
            current = _Entry([phrase(name_part)], list(codes), comment, lineno)
            entries.append(current)
    for entry in entries:
        if not entry.codes:
            report.skipped.append(f"{path.name}:{entry.line}: {entry.names[0]!r} has no code")
    return [e for e in entries if e.codes]


class _Converter:
    """Turns CAMEO codes into our roles, with CAMEO country codes mapped to ISO alpha-3."""

    def __init__(self, countries: Iterable[str]) -> None:
        self.countries = set(countries)
        self.cameo = read_cameo_countries()

    def role(self, code: str, start: date | None, end: date | None) -> dict[str, Any]:
        head, rest = code[:3], code[3:]
        role: dict[str, Any]
        if head in self.cameo and self.cameo[head] is None:
            # IGO/NGO/IMG/region codes: no country; IGOUNO -> sector IGO, org UNO.
            if head in ("IGO", "NGO", "IMG", "MNC", "NGM"):
                role = {"country": None, "sector": head, "org": rest[:3] or None, "cameo": code}
            else:
                role = {"country": None, "sector": rest[:3] or None, "cameo": code}
        else:
            iso = self.cameo.get(head) or head
            if iso in self.countries or not self.countries:
                role = {"country": iso, "sector": rest[:3] or None, "cameo": iso + rest}
            else:
                # A bare sector ("[ELI]", "[GOV]") or a code we do not know as a country.
                role = {"country": None, "sector": code[:3], "cameo": code}
        if start:
            role["from"] = start
        if end:
            role["until"] = end
        return {k: v for k, v in role.items() if v is not None or k == "country"}

    def is_country_code(self, code: str) -> bool:
        return len(code) == 3 and self.cameo.get(code, code) in self.countries


def convert_actors(path: Path, text: str, countries: Iterable[str], report: ImportReport) -> dict[str, list]:
    """Actor dictionary -> our countries/people/organizations sections."""
    conv = _Converter(countries)
    out: dict[str, list] = {"countries": [], "people": [], "organizations": []}
    ids: set[str] = set()
    by_country: dict[str, dict[str, Any]] = {}
    for entry in read_actor_entries(path, text, report):
        codes = entry.codes
        if len(codes) == 1 and codes[0][1:] == (None, None) and conv.is_country_code(codes[0][0]):
            iso = conv.cameo.get(codes[0][0]) or codes[0][0]
            item = by_country.setdefault(iso, {"iso3": iso, "aliases": []})
            item["aliases"].extend(n for n in entry.names if n not in item["aliases"])
            continue
        roles = [conv.role(c, s, e) for c, s, e in codes]
        person = any(w in entry.comment.lower() for w in ("countryinfo", "rulers")) or any(
            r.get("sector") == "ELI" for r in roles
        )
        ident = _unique_id(entry.names[0], ids)
        item = {"id": ident, "name": entry.names[0], "aliases": _dedupe(entry.names[1:]), "roles": roles}
        out["people" if person else "organizations"].append(item)
    out["countries"] = list(by_country.values())
    for section, items in out.items():
        report.add(section, len(items))
    return out


def convert_agents(path: Path, text: str, report: ImportReport) -> list[dict[str, str]]:
    """Agents dictionary (`PHRASE {PLURAL} [~SECTOR]`, `!MACRO! = A, B` substitutions) -> agents."""
    macros: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        if raw.lstrip().startswith("<!--"):
            continue
        body, _ = _strip_comment(raw)
        body = body.strip()
        if not body:
            continue
        macro = _MACRO.match(body)
        if macro:
            macros[macro.group(1)] = [v.strip() for v in macro.group(2).split(",") if v.strip()]
            continue
        code = _CODE.search(body)
        if not code or not code.group(1).strip().startswith("~"):
            report.skipped.append(f"{path.name}:{lineno}: no [~SECTOR] code")
            continue
        sector = code.group(1).strip()[1:4].upper()
        names = body[: code.start()]
        plural = re.search(r"\{([^}]*)\}", names)
        forms = [re.sub(r"\{[^}]*\}", "", names)]
        if plural and plural.group(1).strip():
            forms.append(plural.group(1))
        for form in forms:
            for expanded in _expand(form.strip(), macros):
                words = expanded.strip("_").replace("_", " ").split()
                if words:
                    agents[" ".join(w.lower() for w in words)] = sector
    report.add("agents", len(agents))
    return [{"phrase": p, "sector": s} for p, s in agents.items()]


def convert_discards(text: str, report: ImportReport) -> list[str]:
    """Discards dictionary: phrases that stop a name from coding (`+` story-level marks ignored)."""
    out: list[str] = []
    for raw in text.splitlines():
        body, _ = _strip_comment(raw)
        body = body.strip().lstrip("+").strip()
        if body and not body.startswith("<!--") and any(c.isalpha() for c in body):
            out.append(phrase(body))
    report.add("discards", len(out))
    return _dedupe(out)


def import_dictionary(
    path: Path, into: Path, countries: Iterable[str], kind: str | None = None
) -> ImportReport:
    """Read one PETRARCH dictionary (kind detected unless given) and merge it into `into`."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    report = ImportReport()
    kind = kind or detect_kind(path, text)
    if kind == "agents":
        new: dict[str, list] = {"agents": convert_agents(path, text, report)}
    elif kind == "discards":
        new = {"discards": convert_discards(text, report)}
    else:
        new = convert_actors(path, text, countries, report)
    merged = merge_user_data(read_user_yaml(into), new)
    write_user_yaml(into, merged)
    return report


def read_user_yaml(path: Path) -> dict[str, list]:
    """An existing user file's sections (empty when the file does not exist)."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    data: Any = read_entry_lines(text)
    if data is None:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            data = yaml.load(text, Loader=loader)
        except yaml.YAMLError as exc:
            raise InputError(str(path), f"not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(str(path), "expected a mapping with people/organizations/agents/... lists")
    return {k: list(v or []) for k, v in data.items()}


def merge_user_data(old: dict[str, list], new: dict[str, list]) -> dict[str, list]:
    """Merge sections: entries with the same key (id, iso3, phrase) are replaced or extended."""
    merged: dict[str, list] = {}
    for section in SECTIONS:
        items = list(old.get(section) or [])
        incoming = new.get(section) or []
        if section == "discards":
            merged[section] = _dedupe([*items, *incoming])
            continue
        key = {"countries": "iso3", "agents": "phrase"}.get(section, "id")
        index = {item.get(key): n for n, item in enumerate(items) if isinstance(item, dict)}
        for item in incoming:
            n = index.get(item[key])
            if n is None:
                index[item[key]] = len(items)
                items.append(item)
            elif section == "countries":
                aliases = items[n].setdefault("aliases", [])
                aliases.extend(a for a in item.get("aliases", []) if a not in aliases)
            else:
                items[n] = item
        merged[section] = items
    return {k: v for k, v in merged.items() if v}


def write_user_yaml(path: Path, data: dict[str, list]) -> None:
    """Write the user file: YAML laid out as one JSON object per entry line, so that it stays
    greppable and loads in a fraction of a second even with thousands of entries."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# eventcoder actor file (format: docs/actors.md); use with --actors FILE"]
    for section in SECTIONS:
        if data.get(section):
            lines.append(f"{section}:")
            lines.extend("- " + json.dumps(item, ensure_ascii=False, default=str) for item in data[section])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _expand(form: str, macros: dict[str, list[str]]) -> list[str]:
    for macro, values in macros.items():
        if macro in form:
            return [x for v in values for x in _expand(form.replace(macro, v, 1), macros)]
    return [form]


def _unique_id(name: str, seen: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_") or "actor"
    ident, n = base, 2
    while ident in seen:
        ident, n = f"{base}_{n}", n + 1
    seen.add(ident)
    return ident


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
