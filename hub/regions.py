"""The fixed lists readers filter by: kinds of help, regions served and
languages spoken."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    LEGAL = "legal", _("Legal aid")
    EDUCATION = "education", _("Education and English classes")
    JOBS = "jobs", _("Jobs")
    HEALTH = "health", _("Health")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    HOUSING = "housing", _("Housing")
    COMMUNITY = "community", _("Community")
    SCHOLARSHIPS = "scholarships", _("Scholarships and exchange programs")


US_STATES = [
    ("US-AL", "Alabama"),
    ("US-AK", "Alaska"),
    ("US-AZ", "Arizona"),
    ("US-AR", "Arkansas"),
    ("US-CA", "California"),
    ("US-CO", "Colorado"),
    ("US-CT", "Connecticut"),
    ("US-DE", "Delaware"),
    ("US-DC", "District of Columbia"),
    ("US-FL", "Florida"),
    ("US-GA", "Georgia"),
    ("US-HI", "Hawaii"),
    ("US-ID", "Idaho"),
    ("US-IL", "Illinois"),
    ("US-IN", "Indiana"),
    ("US-IA", "Iowa"),
    ("US-KS", "Kansas"),
    ("US-KY", "Kentucky"),
    ("US-LA", "Louisiana"),
    ("US-ME", "Maine"),
    ("US-MD", "Maryland"),
    ("US-MA", "Massachusetts"),
    ("US-MI", "Michigan"),
    ("US-MN", "Minnesota"),
    ("US-MS", "Mississippi"),
    ("US-MO", "Missouri"),
    ("US-MT", "Montana"),
    ("US-NE", "Nebraska"),
    ("US-NV", "Nevada"),
    ("US-NH", "New Hampshire"),
    ("US-NJ", "New Jersey"),
    ("US-NM", "New Mexico"),
    ("US-NY", "New York"),
    ("US-NC", "North Carolina"),
    ("US-ND", "North Dakota"),
    ("US-OH", "Ohio"),
    ("US-OK", "Oklahoma"),
    ("US-OR", "Oregon"),
    ("US-PA", "Pennsylvania"),
    ("US-RI", "Rhode Island"),
    ("US-SC", "South Carolina"),
    ("US-SD", "South Dakota"),
    ("US-TN", "Tennessee"),
    ("US-TX", "Texas"),
    ("US-UT", "Utah"),
    ("US-VT", "Vermont"),
    ("US-VA", "Virginia"),
    ("US-WA", "Washington"),
    ("US-WV", "West Virginia"),
    ("US-WI", "Wisconsin"),
    ("US-WY", "Wyoming"),
]

# The 17 first-level divisions: special, metropolitan and self-governing cities and provinces.
KOREAN_PROVINCES = [
    ("KR-11", "서울 Seoul"),
    ("KR-26", "부산 Busan"),
    ("KR-27", "대구 Daegu"),
    ("KR-28", "인천 Incheon"),
    ("KR-29", "광주 Gwangju"),
    ("KR-30", "대전 Daejeon"),
    ("KR-31", "울산 Ulsan"),
    ("KR-50", "세종 Sejong"),
    ("KR-41", "경기 Gyeonggi"),
    ("KR-42", "강원 Gangwon"),
    ("KR-43", "충북 North Chungcheong"),
    ("KR-44", "충남 South Chungcheong"),
    ("KR-45", "전북 North Jeolla"),
    ("KR-46", "전남 South Jeolla"),
    ("KR-47", "경북 North Gyeongsang"),
    ("KR-48", "경남 South Gyeongsang"),
    ("KR-49", "제주 Jeju"),
]

ONLINE = "online"

REGION_CHOICES = [
    (_("Online"), [(ONLINE, _("Online"))]),
    (_("South Korea"), KOREAN_PROVINCES),
    (_("United States"), US_STATES),
]
REGION_CODES = frozenset(code for _group, choices in REGION_CHOICES for code, _name in choices)

LANGUAGE_CHOICES = [
    ("ko", "한국어 Korean"),
    ("en", "English"),
    ("zh", "中文 Chinese"),
    ("ja", "日本語 Japanese"),
    ("ru", "Русский Russian"),
    ("es", "Español Spanish"),
]
