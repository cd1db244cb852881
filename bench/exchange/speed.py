"""Speed of the exchange matching at scale: N needs x N offers, top K each.

    .venv/bin/python bench/exchange/speed.py [--n 10000] [--top 10] [--cache DIR]
                                              [--encoder auto|lexical] [--seed 0]

Generates N needs and N offers (seeded) with random structured fields and unique
descriptions in eight languages, then runs the engine twice: cold (embedding cache
empty: every text is embedded and written to the cache) and warm (a fresh encoder that
finds every embedding in the on-disk cache). Times are wall-clock on this machine;
`encode` is the time spent getting embeddings (model or cache), `match` the whole call.
With --cache pointing at a directory filled by an earlier run, both runs are warm.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from welcomehub.exchange.matching import MatchEngine, Need, Offer, TextEncoder, select_encoder
from welcomehub.exchange.matching.codes import vocabulary

COUNTRIES = [
    "CA",
    "US",
    "AU",
    "NZ",
    "SE",
    "NO",
    "FI",
    "NL",
    "DE",
    "FR",
    "ES",
    "PT",
    "BR",
    "AR",
    "CL",
    "JP",
    "IE",
    "GB",
    "BE",
    "IT",
    "PL",
    "CZ",
    "RO",
    "UY",
    "PY",
]
LANGUAGES = ["en", "fr", "es", "pt", "ar", "uk", "de", "ja", "fa", "ti", "so", "ps"]
# Sentence parts per language: (subject, action, object pieces); the description is a
# random combination plus a number and a city, so every generated text is distinct.
PHRASES = {
    "en": (
        "Our team",
        ["offers", "needs", "is looking for"],
        [
            "training on housing search for large families",
            "a study visit on reception",
            "secondment of an experienced caseworker",
            "multilingual orientation videos",
            "a caseload briefing on Afghan families",
            "funding for staff exchanges",
            "advice on data protection in case files",
            "a mentor network with employers",
        ],
    ),
    "fr": (
        "Notre association",
        ["propose", "cherche", "a besoin de"],
        [
            "une formation sur la recherche de logement",
            "une visite d'étude sur l'accueil",
            "le détachement d'une travailleuse sociale",
            "des vidéos d'orientation multilingues",
            "une présentation des profils des arrivants",
            "un financement pour des échanges",
            "des conseils sur la protection des données",
            "un réseau de parrainage",
        ],
    ),
    "es": (
        "Nuestra organización",
        ["ofrece", "busca", "necesita"],
        [
            "formación sobre búsqueda de vivienda",
            "una visita de estudio sobre acogida",
            "la adscripción de una trabajadora social",
            "vídeos de orientación en varios idiomas",
            "una sesión informativa sobre los casos",
            "financiación para intercambios",
            "asesoramiento sobre protección de datos",
            "mentores para el empleo",
        ],
    ),
    "pt": (
        "A nossa equipa",
        ["oferece", "procura", "precisa de"],
        [
            "formação sobre procura de habitação",
            "uma visita de estudo sobre acolhimento",
            "o destacamento de um gestor de casos",
            "vídeos de orientação multilingues",
            "uma sessão sobre o perfil dos casos",
            "financiamento para intercâmbios",
            "aconselhamento sobre proteção de dados",
            "uma rede de mentores",
        ],
    ),
    "ar": (
        "فريقنا",
        ["يقدم", "يبحث عن", "يحتاج إلى"],
        [
            "تدريبا على البحث عن السكن",
            "زيارة دراسية حول الاستقبال",
            "إعارة موظف ذي خبرة",
            "فيديوهات توجيهية بعدة لغات",
            "إحاطة حول ملفات الحالات",
            "تمويلا لتبادل الموظفين",
            "مشورة حول حماية البيانات",
            "شبكة مرشدين للتوظيف",
        ],
    ),
    "uk": (
        "Наша організація",
        ["пропонує", "шукає", "потребує"],
        [
            "навчання з пошуку житла",
            "навчальний візит щодо прийому",
            "направлення досвідченого працівника",
            "багатомовні відео для орієнтації",
            "брифінг про профілі прибулих",
            "фінансування обмінів",
            "консультацію щодо захисту даних",
            "мережу наставників",
        ],
    ),
    "de": (
        "Unser Verein",
        ["bietet", "sucht", "braucht"],
        [
            "eine Schulung zur Wohnungssuche",
            "einen Studienbesuch zur Aufnahme",
            "die Entsendung einer erfahrenen Fachkraft",
            "mehrsprachige Orientierungsvideos",
            "ein Briefing über die ankommenden Familien",
            "Fördermittel für Austausch",
            "Beratung zum Datenschutz",
            "ein Mentoring-Netzwerk mit Arbeitgebern",
        ],
    ),
    "ja": (
        "私たちの団体は",
        ["提供します", "探しています", "必要としています"],
        [
            "住宅探しの研修を",
            "受入れに関する視察を",
            "経験豊富な職員の派遣を",
            "多言語のオリエンテーション動画を",
            "到着する家族についての説明会を",
            "交流のための資金を",
            "データ保護についての助言を",
            "雇用主とのメンターの仕組みを",
        ],
    ),
}
CITIES = [
    "Lisboa",
    "Porto",
    "Madrid",
    "Lyon",
    "Kyiv",
    "Lviv",
    "Berlin",
    "Osaka",
    "Amman",
    "Beirut",
    "Toronto",
    "Winnipeg",
    "Oslo",
    "Tampere",
    "Córdoba",
    "Curitiba",
]


def _description(rng: random.Random, serial: int) -> str:
    language = rng.choice(list(PHRASES))
    subject, actions, objects = PHRASES[language]
    parts = rng.sample(objects, 2)
    city = rng.choice(CITIES)
    if language == "ja":
        return f"{city}の{subject}{parts[0]}{rng.choice(actions)}。{parts[1]}も。番号{serial}。"
    return f"{subject} ({city}) {rng.choice(actions)} {parts[0]}, {parts[1]}. Ref {serial}."


def generate(n: int, seed: int) -> tuple[list[Need], list[Offer]]:
    rng = random.Random(seed)
    topics = vocabulary("exchange_topics").codes
    modalities = vocabulary("exchange_modalities").codes
    types = vocabulary("organisation_types").codes
    organisations = [
        (f"Organisation {i}", rng.choice(types), rng.choice(COUNTRIES)) for i in range(n // 5)
    ]

    def fields(serial: int) -> dict[str, object]:
        name, kind, country = rng.choice(organisations)
        return {
            "organisation": name,
            "organisation_type": kind,
            "country": country,
            "topics": tuple(rng.sample(topics, rng.randint(1, 3))),
            "modalities": tuple(rng.sample(modalities, rng.randint(0, 2))),
            "languages": tuple(rng.sample(LANGUAGES, rng.randint(1, 3))),
            "description": _description(rng, serial),
        }

    needs = [Need(id=f"N{i:05d}", **fields(i)) for i in range(n)]  # type: ignore[arg-type]
    offers = [Offer(id=f"O{i:05d}", **fields(n + i)) for i in range(n)]  # type: ignore[arg-type]
    return needs, offers


class TimedEncoder:
    """Passes calls through to an encoder and adds up the time they take."""

    def __init__(self, inner: TextEncoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.seconds = 0.0

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        started = time.perf_counter()
        try:
            return self.inner.encode(texts)
        finally:
            self.seconds += time.perf_counter() - started


def run(label: str, encoder: TextEncoder, needs: list[Need], offers: list[Offer], k: int) -> None:
    timed = TimedEncoder(encoder)
    started = time.perf_counter()
    results = MatchEngine(timed).match(needs, offers, k)
    total = time.perf_counter() - started
    suggestions = sum(len(r.offers) for r in results)
    print(
        f"{label:<5} encoder={encoder.name} match={total:.1f} s "
        f"(encode {timed.seconds:.1f} s, scoring and reasons {total - timed.seconds:.1f} s), "
        f"{suggestions} suggestions"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--encoder", choices=["auto", "lexical"], default="auto")
    args = parser.parse_args(argv)
    needs, offers = generate(args.n, args.seed)
    print(f"{len(needs)} needs x {len(offers)} offers, top {args.top}")
    with tempfile.TemporaryDirectory() as scratch:
        cache = args.cache or Path(scratch)
        for label in ("cold", "warm"):
            encoder, note = select_encoder(args.encoder, cache)
            if note:
                print(f"warning: {note}")
            run(label, encoder, needs, offers, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
