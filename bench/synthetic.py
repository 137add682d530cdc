"""Deterministic synthetic directories for the benchmarks: `write_directory(folder, count, seed)`.

The folder is a complete content tree: the project's taxonomy, crisis lines and content pages, and
`count` group files written by `directory.files.canonical.dump_group` (so each is canonical and valid).
The mix follows a real directory: mostly in-person groups in a few large cities, texts often in one or
two languages only, every kind of schedule, descriptions from none to several paragraphs, a tenth of
the groups verified over a year ago, a few paused or ended.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path
from typing import Any

from directory.files.canonical import dump_group
from directory.files.reader import read_taxonomy
from directory.model import Taxonomy
from directory.settings import reader_context, site_settings

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
# The site's settings (pelicanconf.py): the synthetic groups are in its languages.
SETTINGS = site_settings()
LANGUAGES: tuple[str, ...] = tuple(SETTINGS["GROUPS_LANGUAGES"])
# Verification dates end here (a fixed day, so the files never depend on the day they are written);
# a build must count "today" from this day or later, or the files are dated in the future.
ANCHOR = dt.date(2026, 10, 1)

# Which languages a group's texts are written in, with weights.
TEXT_LANGUAGES: list[tuple[tuple[str, ...], int]] = [
    (("he", "ar", "en"), 30),
    (("he", "en"), 20),
    (("he",), 20),
    (("he", "ar"), 12),
    (("ar",), 10),
    (("en",), 4),
    (("ar", "en"), 4),
    (("ru", "he"), 4),
    (("he", "ar", "en", "ru"), 3),
    (("ru",), 1),
]
ATTENDANCE = [("in-person", 60), ("online", 22), ("hybrid", 18)]
# Big cities hold most groups.
CITY_WEIGHTS = {"jerusalem": 16, "tel-aviv-yafo": 16, "haifa": 12, "beer-sheva": 8, "nazareth": 5, "netanya": 5}
MEETING_LANGUAGES = [("he",), ("he",), ("he",), ("ar",), ("ar",), ("he", "ar"), ("he", "en"), ("ru", "he"), ("en",)]
MEETING_LANGUAGES += [("am", "he"), ("fr", "he"), ("he", "ar", "en")]
SCHEDULE_KINDS = [
    ("weekly", 50),
    ("biweekly", 12),
    ("monthly-weekday", 12),
    ("monthly-day", 5),
    ("cohort", 9),
    ("by-arrangement", 6),
    ("ongoing", 6),
]
CITY_COORDS = {
    "jerusalem": (31.7683, 35.2137),
    "tel-aviv-yafo": (32.0853, 34.7818),
    "haifa": (32.794, 34.9896),
    "beer-sheva": (31.2518, 34.7913),
    "nazareth": (32.6996, 35.3035),
    "akko": (32.9281, 35.0818),
    "umm-al-fahm": (32.5194, 35.1533),
    "rahat": (31.3925, 34.7544),
    "tayibe": (32.2667, 35.0089),
    "shefa-amr": (32.8056, 35.1697),
    "karmiel": (32.9171, 35.3044),
    "ashdod": (31.8014, 34.6435),
    "netanya": (32.3215, 34.8532),
    "eilat": (29.5577, 34.9519),
    "lod": (31.9516, 34.8953),
    "ramla": (31.9293, 34.8656),
    "sakhnin": (32.8647, 35.2972),
}
AREA_CODES = ("02", "03", "04", "08", "09")
MOBILE_PREFIXES = ("050", "052", "053", "054", "058")

KIND = {
    "he": ["קבוצת תמיכה", "מפגש שיתוף", "מעגל עמיתים", "קבוצה", "סדנה"],
    "ar": ["مجموعة دعم", "لقاء مشاركة", "حلقة أقران", "مجموعة", "ورشة"],
    "en": ["Support Group", "Sharing Circle", "Peer Circle", "Group", "Workshop"],
    "ru": ["Группа поддержки", "Круг общения", "Круг равных", "Группа", "Мастерская"],
}
FOR_WHOM = {
    "he": ["למתמודדים", "לבני משפחה", "להורים", "לנשים", "לגברים", "לצעירים", "לגיל הזהב", ""],
    "ar": ["للذين يعيشون التجربة", "لأفراد العائلة", "للأهل", "للنساء", "للرجال", "للشباب", "لكبار السن", ""],
    "en": [
        "for People Living with It",
        "for Families",
        "for Parents",
        "for Women",
        "for Men",
        "for Young Adults",
        "for Older Adults",
        "",
    ],
    "ru": [
        "для тех, кто с этим живёт",
        "для родственников",
        "для родителей",
        "для женщин",
        "для мужчин",
        "для молодёжи",
        "для пожилых",
        "",
    ],
}
SUMMARY = {
    "he": [
        "מפגש פתוח ובטוח לשיתוף, הקשבה ותמיכה הדדית.",
        "קבוצה בהנחיית עמיתים עם ניסיון אישי, בלי שיפוטיות ובלי אבחנות.",
        "מקום להכיר אחרים שעוברים דברים דומים ולהחליף כלים להתמודדות יומיומית.",
        "קבוצה סגורה בהרשמה מראש, בהנחיית אנשי מקצוע.",
        "מפגשים קבועים עם תה, שיחה ומידע מעשי על זכויות ושירותים.",
    ],
    "ar": [
        "لقاء مفتوح وآمن للمشاركة والإصغاء والدعم المتبادل.",
        "مجموعة يديرها أقران لديهم تجربة شخصية، بلا أحكام ولا تشخيصات.",
        "مكان للتعرف على آخرين يمرون بتجارب مشابهة وتبادل أدوات للتعامل اليومي.",
        "مجموعة مغلقة بالتسجيل المسبق، بإدارة مختصين.",
        "لقاءات منتظمة مع شاي وحديث ومعلومات عملية عن الحقوق والخدمات.",
    ],
    "en": [
        "An open, safe meeting to share, listen and support one another.",
        "A peer-led group run by people with lived experience: no judgement, no diagnoses.",
        "A place to meet others going through the same and swap tools for everyday life.",
        "A closed group by registration, led by professionals.",
        "Regular meetings with tea, conversation and practical information on rights and services.",
    ],
    "ru": [
        "Открытая и безопасная встреча, чтобы делиться, слушать и поддерживать друг друга.",
        "Группу ведут люди с личным опытом: без осуждения и без диагнозов.",
        "Место, где можно встретить тех, кто проходит через то же, и обменяться способами справляться.",
        "Закрытая группа по предварительной записи, ведут специалисты.",
        "Регулярные встречи с чаем, беседой и практической информацией о правах и услугах.",
    ],
}
SENTENCES = {
    "he": [
        "כל אחד ואחת מוזמנים לשתף, או רק להקשיב.",
        "המפגש נפתח בסבב היכרות קצר ונמשך כשעה וחצי.",
        "אין צורך בהרשמה מראש; אפשר להגיע גם באמצע השנה.",
        "**שמות פרטיים בלבד**, והכול נשאר בחדר.",
        "הקבוצה פועלת כבר כמה שנים ומשתתפים בה בין שמונה לחמישה עשר אנשים.",
        "בסוף כל מפגש יש זמן לשאלות מעשיות על זכויות, טפסים ושירותים בקהילה.",
        "המנחים עברו הכשרה ומקבלים ליווי מקצועי קבוע.",
        "אפשר להביא בן או בת זוג למפגש הראשון.",
        "החדר נגיש, ויש חניה קרובה ותחנת אוטובוס בסמוך.",
        "מי שמעדיפים לא לדבר יכולים פשוט להיות שם.",
    ],
    "ar": [
        "الجميع مدعوون للمشاركة، أو للإصغاء فقط.",
        "يبدأ اللقاء بجولة تعارف قصيرة ويستمر نحو ساعة ونصف.",
        "لا حاجة للتسجيل المسبق؛ يمكن الانضمام في أي وقت من السنة.",
        "**الأسماء الأولى فقط**، وكل ما يقال يبقى في الغرفة.",
        "تعمل المجموعة منذ عدة سنوات ويشارك فيها بين ثمانية وخمسة عشر شخصًا.",
        "في نهاية كل لقاء وقت لأسئلة عملية عن الحقوق والنماذج والخدمات.",
        "الميسرون تلقوا تدريبًا ويحصلون على مرافقة مهنية منتظمة.",
        "يمكن إحضار الشريك أو الشريكة إلى اللقاء الأول.",
        "الغرفة مهيأة للكراسي المتحركة، وهناك موقف قريب ومحطة حافلات.",
        "من يفضّل ألا يتكلم يمكنه ببساطة أن يكون حاضرًا.",
    ],
    "en": [
        "Everyone is welcome to share, or just to listen.",
        "Each meeting opens with a short round of introductions and lasts about ninety minutes.",
        "No need to register; you can join at any time of the year.",
        "**First names only**, and everything stays in the room.",
        "The group has met for several years, with eight to fifteen people at a meeting.",
        "At the end of each meeting there is time for practical questions on rights, forms and services.",
        "The facilitators are trained and receive regular supervision.",
        "You may bring a partner to your first meeting.",
        "The room is step-free, with parking and a bus stop nearby.",
        "If you would rather not speak, you can simply be there.",
    ],
    "ru": [
        "Каждый может поделиться или просто послушать.",
        "Встреча начинается с короткого знакомства и длится около полутора часов.",
        "Записываться заранее не нужно; прийти можно в любое время года.",
        "**Только имена**, и всё сказанное остаётся в комнате.",
        "Группа встречается уже несколько лет, на встречу приходят от восьми до пятнадцати человек.",
        "В конце каждой встречи есть время для практических вопросов о правах, бланках и услугах.",
        "Ведущие прошли обучение и получают регулярную супервизию.",
        "На первую встречу можно прийти с партнёром.",
        "В помещение можно попасть без ступенек, рядом парковка и остановка автобуса.",
        "Если не хочется говорить, можно просто побыть с нами.",
    ],
}
BULLETS = {
    "he": ["- אפשר להגיע בלי הרשמה", "- תה וכיבוד קל", "- מידע על זכויות", "- ליווי אישי לפי הצורך"],
    "ar": ["- يمكن الحضور بلا تسجيل", "- شاي وضيافة خفيفة", "- معلومات عن الحقوق", "- مرافقة شخصية عند الحاجة"],
    "en": [
        "- No need to register",
        "- Tea and light refreshments",
        "- Information on rights",
        "- One-to-one support when needed",
    ],
    "ru": ["- Можно прийти без записи", "- Чай и лёгкое угощение", "- Информация о правах", "- Личное сопровождение"],
}
FACILITATOR = {
    "he": "מנחה עם ניסיון אישי שעבר הכשרה, ועובדת סוציאלית בליווי.",
    "ar": "ميسّر لديه تجربة شخصية وتلقى تدريبًا، بمرافقة عاملة اجتماعية.",
    "en": "A trained facilitator with lived experience, supported by a social worker.",
    "ru": "Обученный ведущий с личным опытом при поддержке социального работника.",
}
ORGANIZATION = {
    "he": ["מרכז העזרה העצמית (לדוגמה)", "עמותת יחד (לדוגמה)", "בית הקהילה (לדוגמה)"],
    "ar": ["مركز المساعدة الذاتية (مثال)", "جمعية معًا (مثال)", "بيت المجتمع (مثال)"],
    "en": ["Self-Help Centre (sample)", "Together Association (sample)", "Community House (sample)"],
    "ru": ["Центр самопомощи (пример)", "Ассоциация «Вместе» (пример)", "Общинный дом (пример)"],
}
VENUE = {
    "he": ["בית הקהילה", 'המתנ"ס השכונתי', "חדר בקומת הקרקע בספרייה", "מרכז יום"],
    "ar": ["بيت المجتمع", "المركز الجماهيري", "غرفة في الطابق الأرضي بالمكتبة", "مركز نهاري"],
    "en": ["Community House", "Neighbourhood community centre", "Ground-floor room at the library", "Day centre"],
    "ru": ["Общинный дом", "Районный общинный центр", "Комната на первом этаже библиотеки", "Дневной центр"],
}
STREET = {"he": "רחוב הדוגמה", "ar": "شارع المثال", "en": "Example Street", "ru": "улица Примерная"}
NOTE = {
    "he": "שולחים הודעה ומתאמים מועד.",
    "ar": "أرسلوا رسالة لتنسيق موعد.",
    "en": "Send a message to arrange a time.",
    "ru": "Напишите, чтобы договориться о времени.",
}
ONLINE_NOTE = {
    "he": "הקישור נשלח אחרי שיחת היכרות קצרה.",
    "ar": "يُرسل الرابط بعد مكالمة تعارف قصيرة.",
    "en": "The link is sent after a short introductory call.",
    "ru": "Ссылку присылают после короткого знакомства по телефону.",
}
COST_NOTE = {
    "he": '30 ש"ח למפגש, הנחה לפי הצורך.',
    "ar": "30 شيكل للقاء، مع تخفيض عند الحاجة.",
    "en": "30 shekels a meeting, reduced on request.",
    "ru": "30 шекелей за встречу, по просьбе — со скидкой.",
}
PLATFORMS = ("zoom", "zoom", "google-meet", "teams", "jitsi", "whatsapp", "telegram", "phone", "forum", "other")
TIMEZONES = ("Asia/Jerusalem", "Europe/London", "America/New_York")
ONLINE = {"he": "אונליין", "ar": "عبر الإنترنت", "en": "Online", "ru": "Онлайн"}
COORDINATOR = {"he": "רכזת הקבוצה", "ar": "منسقة المجموعة", "en": "Group coordinator", "ru": "Координатор группы"}
CONTACT_WAYS = (("phone",), ("phone", "email"), ("whatsapp",), ("email",), ("phone", "website"), ("email", "website"))
WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _weighted(rng: random.Random, choices: list[tuple[Any, int]]) -> Any:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices], k=1)[0]


def _text(texts: dict[str, str], languages: tuple[str, ...]) -> dict[str, str]:
    return {lang: texts[lang] for lang in languages}


def _pick(rng: random.Random, bank: dict[str, list[str]], languages: tuple[str, ...]) -> dict[str, str]:
    index = rng.randrange(len(next(iter(bank.values()))))
    return {lang: bank[lang][index] for lang in languages}


def _description(rng: random.Random, languages: tuple[str, ...]) -> dict[str, str] | None:
    """None for a fifth of the groups; else one to four paragraphs, sometimes with a list."""
    paragraphs = rng.choices([0, 1, 2, 3, 4], weights=[20, 35, 25, 12, 8], k=1)[0]
    if not paragraphs:
        return None
    plan = [rng.sample(range(len(SENTENCES["en"])), rng.randint(1, 4)) for _ in range(paragraphs)]
    bullets = rng.random() < 0.3
    out = {}
    for lang in languages:
        blocks = [" ".join(SENTENCES[lang][i] for i in sentences) for sentences in plan]
        if bullets:
            blocks.append("\n".join(BULLETS[lang]))
        out[lang] = "\n\n".join(blocks)
    return out


def _time(rng: random.Random) -> tuple[str, str | None]:
    hour = rng.choice((9, 10, 10, 16, 17, 18, 18, 19, 19, 20, 20, 21))
    minute = rng.choice((0, 0, 0, 30))
    length = rng.choice((60, 90, 90, 120))
    end = hour * 60 + minute + length
    if rng.random() < 0.15 or end >= 24 * 60:
        return f"{hour:02d}:{minute:02d}", None
    return f"{hour:02d}:{minute:02d}", f"{end // 60:02d}:{end % 60:02d}"


def _meeting(rng: random.Random, kind: str, languages: tuple[str, ...], online: bool) -> dict[str, Any]:
    if kind in ("by-arrangement", "ongoing"):
        meeting: dict[str, Any] = {"repeat": kind}
        if rng.random() < 0.6:
            meeting["note"] = _text(NOTE, languages)
        return meeting
    days = sorted(rng.sample(WEEKDAYS, 2 if rng.random() < 0.12 else 1), key=WEEKDAYS.index)
    start = ANCHOR - dt.timedelta(days=rng.randrange(0, 400))
    if kind == "weekly":
        meeting = {"repeat": "weekly", "days": days}
    elif kind == "biweekly":
        meeting = {"repeat": "biweekly", "days": days, "first_date": start.isoformat()}
    elif kind == "monthly-weekday":
        weeks = rng.choice(([1], [2], [3], [4], [-1], [1, 3], [2, 4], [5]))
        meeting = {"repeat": "monthly", "weeks": weeks, "days": days[:1]}
        if 5 in weeks:
            meeting["skip_short_months"] = True
    elif kind == "monthly-day":
        day = rng.choice((1, 5, 10, 15, 20, 28, 30))
        meeting = {"repeat": "monthly", "day_of_month": day}
        if day > 28:
            meeting["skip_short_months"] = True
    else:  # a cohort: a course of sessions, some over, some running, some still to come
        first = ANCHOR + dt.timedelta(days=rng.randrange(-300, 400))
        sessions = rng.choice((6, 8, 10, 12))
        meeting = {
            "repeat": "cohort",
            "days": days[:1],
            "first_date": first.isoformat(),
            "last_date": (first + dt.timedelta(weeks=sessions - 1)).isoformat(),
            "sessions": sessions,
        }
    meeting["start"], end = _time(rng)
    if end:
        meeting["end"] = end
    if online and rng.random() < 0.15:
        meeting["timezone"] = rng.choice(TIMEZONES)
    return meeting


def _phone(number: int, mobile: bool) -> str:
    """A unique, valid Israeli number for group `number` (the 555 exchange, as in the sample data)."""
    if mobile:
        return f"{MOBILE_PREFIXES[number % 5]}-555-{number // 5:04d}"
    return f"{AREA_CODES[number % 5]}-555-{number // 5:04d}"


def _name(
    rng: random.Random, number: int, taxonomy: Taxonomy, *, topic: str, place: str | None, texts: tuple[str, ...]
) -> dict[str, str]:
    """E.g. 'Support Group Dementia for Families Haifa 118': the number keeps names unique in a city."""
    kind = rng.randrange(len(KIND["en"]))
    whom = rng.randrange(len(FOR_WHOM["en"]))
    name = {}
    for lang in texts:
        where = taxonomy.cities[place].label.pick(lang)[0] if place else ONLINE[lang]
        words = [KIND[lang][kind], taxonomy.topics[topic].label.pick(lang)[0], FOR_WHOM[lang][whom], where, str(number)]
        name[lang] = " ".join(w for w in words if w)
    return name


def _location(rng: random.Random, city: str, texts: tuple[str, ...]) -> dict[str, Any]:
    lat, lon = CITY_COORDS.get(city, (32.0, 34.9))
    street = rng.randint(1, 120)
    location: dict[str, Any] = {"city": city}
    if rng.random() < 0.85:
        location["venue"] = _pick(rng, VENUE, texts)
    if rng.random() < 0.8:
        location["address"] = {lang: f"{STREET[lang]} {street}" for lang in texts}
    if rng.random() < 0.7:
        location["geo"] = [round(lat + rng.uniform(-0.03, 0.03), 4), round(lon + rng.uniform(-0.03, 0.03), 4)]
    if rng.random() < 0.7:
        location["wheelchair_accessible"] = rng.random() < 0.8
    return location


def _online(rng: random.Random, number: int, texts: tuple[str, ...]) -> dict[str, Any]:
    platform = rng.choice(PLATFORMS)
    online: dict[str, Any] = {"platform": platform}
    if platform not in ("phone", "whatsapp") and rng.random() < 0.7:
        online["join_url"] = f"https://meet.example.org/g{number}"
    if rng.random() < 0.3:
        online["note"] = _text(ONLINE_NOTE, texts)
    return online


def _contact(rng: random.Random, number: int, texts: tuple[str, ...]) -> dict[str, Any]:
    contact: dict[str, Any] = {}
    ways = rng.choice(CONTACT_WAYS)
    if "phone" in ways:
        contact["phone"] = _phone(number, mobile=rng.random() < 0.5)
    if "whatsapp" in ways:
        contact["whatsapp"] = _phone(number, mobile=True)
    if "email" in ways:
        contact["email"] = f"group{number}@example.org"
    if "website" in ways:
        contact["website"] = f"https://groups.example.org/{number}"
    if rng.random() < 0.4:
        contact["name"] = _text(COORDINATOR, texts)
    return contact


def _dates(rng: random.Random) -> dict[str, Any]:
    """Verified date (most within the year before ANCHOR, a tenth long before), listed, status."""
    age = rng.randrange(0, 365) if rng.random() < 0.9 else rng.randrange(365, 1100)
    verified = ANCHOR - dt.timedelta(days=age)
    data: dict[str, Any] = {"verified": verified.isoformat()}
    if rng.random() < 0.5:
        data["listed"] = (verified - dt.timedelta(days=rng.randrange(0, 900))).isoformat()
    status = rng.choices(("active", "paused", "ended"), weights=(94, 4, 2), k=1)[0]
    data["status"] = status
    if status == "paused" and rng.random() < 0.7:
        data["paused_until"] = (ANCHOR + dt.timedelta(days=rng.randrange(30, 200))).isoformat()
    return data


def make_group(rng: random.Random, number: int, taxonomy: Taxonomy) -> tuple[str, dict[str, Any]]:
    """One synthetic group: (slug, data as a group file holds it)."""
    topics = list(taxonomy.topics)
    cities = list(taxonomy.cities)
    texts = _weighted(rng, TEXT_LANGUAGES)
    attendance = _weighted(rng, ATTENDANCE)
    topic = rng.choice(topics)
    others = rng.sample([t for t in topics if t != topic], rng.choice((0, 0, 0, 1, 1, 2)))
    city = rng.choices(cities, weights=[CITY_WEIGHTS.get(c, 2) for c in cities], k=1)[0]
    place = city if attendance != "online" else None
    data: dict[str, Any] = {
        "name": _name(rng, number, taxonomy, topic=topic, place=place, texts=texts),
        "summary": _pick(rng, SUMMARY, texts),
        "description": _description(rng, texts),
        "topics": [topic, *others],
        "audience": rng.sample(list(taxonomy.audience), rng.choice((1, 1, 2))) if rng.random() < 0.7 else None,
        "facilitation": rng.choice(("peer", "peer", "professional", "co-facilitated")),
        "facilitator": _text(FACILITATOR, texts) if rng.random() < 0.5 else None,
        "organization": _pick(rng, ORGANIZATION, texts) if rng.random() < 0.4 else None,
        "languages": list(rng.choice(MEETING_LANGUAGES)),
        "attendance": attendance,
        "membership": "registration" if rng.random() < 0.25 else "open",
        "cost": rng.choices(("free", "donation", "fee"), weights=(70, 18, 12), k=1)[0],
    }
    if data["cost"] == "fee":
        data["cost_note"] = _text(COST_NOTE, texts)
    online = attendance != "in-person"
    kinds = [_weighted(rng, SCHEDULE_KINDS) for _ in range(2 if rng.random() < 0.1 else 1)]
    data["schedule"] = [_meeting(rng, k, texts, online) for k in kinds]
    if place:
        data["location"] = _location(rng, place, texts)
    if online:
        data["online"] = _online(rng, number, texts)
    data["contact"] = _contact(rng, number, texts)
    data.update(_dates(rng))
    if texts[0] == "ru":  # a group written in Russian meets in Russian (and, as in the sample, Hebrew)
        data["languages"] = ["ru", "he"]
    # dump_group leaves out null values; drop them here too so the data is what the file holds.
    data = {key: value for key, value in data.items() if value is not None}
    return f"{place or 'online'}-{topic}-{number:05d}", data


def write_directory(folder: Path, count: int, seed: int = 7) -> Path:
    """Write a complete content folder with `count` valid, canonical group files; return the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in (SETTINGS["GROUPS_TAXONOMY"], SETTINGS["GROUPS_CRISIS_LINES"]):
        shutil.copy(CONTENT / name, folder / name)
    shutil.copytree(CONTENT / "pages", folder / "pages", dirs_exist_ok=True)
    taxonomy, problems = read_taxonomy(folder / SETTINGS["GROUPS_TAXONOMY"], LANGUAGES)
    if taxonomy is None:
        raise ValueError(f"content/taxonomy.yaml does not validate: {problems}")
    context = reader_context(SETTINGS, taxonomy, ANCHOR)
    groups = folder / SETTINGS["GROUPS_PATH"]
    shutil.rmtree(groups, ignore_errors=True)
    groups.mkdir()
    rng = random.Random(seed)
    for number in range(1, count + 1):
        slug, data = make_group(rng, number, taxonomy)
        (groups / f"{slug}.yaml").write_bytes(dump_group(data, LANGUAGES, context).encode("utf-8"))
    return folder
