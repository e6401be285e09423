"""A small curriculum for the placement test: eight words at each level from A1 to
B2 (real English words, so that their frequencies spread them) and a first lesson
at every level from Pre-A1 up, under one course each, in course order."""

import pytest

from progress import placement_items
from tests.factories.courses import CoursePageFactory
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory

WORDS = {
    "A1": ["bread", "water", "house", "money", "happy", "school", "friend", "doctor"],
    "A2": ["receipt", "bottle", "kitchen", "ticket", "weather", "library", "village", "pocket"],
    "B1": ["landlord", "deposit", "invoice", "ladder", "pension", "bracket", "harvest", "blanket"],
    "B2": [
        "deductible",
        "premium",
        "lenient",
        "ambiguous",
        "tenure",
        "rebuttal",
        "liable",
        "lease",
    ],
}
COURSES = {
    "A0": ("First Steps: Letters and Sounds", "첫걸음: 영어 글자와 소리"),
    "A1": ("First Steps", "첫걸음"),
    "A2": ("Everyday Life", "일상생활"),
    "B1": ("Building a Life", "새 삶 꾸리기"),
    "B2": ("Study and Exchange", "공부와 교류"),
}


@pytest.fixture
def placement_curriculum(db):
    """{level: the first lesson of that level's course}."""
    n = 0
    for level, headwords in WORDS.items():
        for headword in headwords:
            n += 1
            VocabularyItemFactory(
                headword=headword,
                sense="",
                cefr_level=level,
                gloss_nk=f"북뜻{n}",
                gloss_sk=f"뜻{n}",
                example_en=f"This is sentence {n} about {headword}.",
                example_ko=f"이것은 {headword}에 관한 {n}번째 문장입니다.",
            )
    lessons = {}
    index = None
    for level, (title, title_ko) in COURSES.items():
        course = CoursePageFactory(
            **({"parent": index} if index else {}),
            title=title,
            title_ko=title_ko,
            cefr_min=level,
            cefr_max=level,
        )
        index = course.get_parent()
        lessons[level] = LessonPageFactory(
            parent=course,
            title=f"{title}: lesson one",
            title_ko=f"{title_ko} 1과",
            cefr_level=level,
        )
    placement_items._bank.cache_clear()
    return lessons
