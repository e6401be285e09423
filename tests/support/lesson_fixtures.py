import pytest

from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory


def block(kind: str, value: dict, block_id: str) -> dict:
    return {"type": kind, "value": value, "id": block_id}


MULTIPLE_CHOICE = block(
    "multiple_choice",
    {
        "prompt": "Where do you buy medicine?",
        "prompt_ko": "약은 어디에서 삽니까?",
        "choices": [
            {"text": "at a pharmacy", "correct": True},
            {"text": "at a bank", "correct": False},
        ],
        "feedback_right": "맞습니다.",
        "feedback_wrong": "다시 해 보세요.",
    },
    "mc-1",
)
MINIMAL_PAIR = block(
    "minimal_pair",
    {
        "prompt": "Which word do you hear?",
        "words": ["fan", "pan"],
        "answer": "fan",
        "contrast": "f/p",
    },
    "mp-1",
)
LISTEN_AND_CHOOSE = block(
    "listen_and_choose",
    {
        "prompt": "Which sentence do you hear?",
        "text": "The bus is late.",
        "choices": ["The bus is late.", "The bus is here.", "The bus is full."],
    },
    "lc-1",
)
WRITING = block(
    "writing",
    {
        "prompt": "Write a short email to your teacher: you are sick today.",
        "prompt_ko": "선생님께 짧은 이메일을 쓰십시오: 오늘 아파서 수업에 못 갑니다.",
        "task": "email",
        "instructions_ko": "인사, 이유, 끝인사를 쓰십시오.",
        "model_answer": "Dear Ms Kim, I am sick today. I cannot come to class. Thank you, Min",
        "min_words": 5,
        "max_words": 60,
    },
    "wr-1",
)


@pytest.fixture
def words(db):
    return [VocabularyItemFactory(headword=w) for w in ("pharmacy", "bread", "coffee")]


@pytest.fixture
def lesson(words):
    """A live lesson with two exercises (ids mc-1, mp-1) teaching three words."""
    return LessonPageFactory(
        title="At the pharmacy", body=[MULTIPLE_CHOICE, MINIMAL_PAIR], words=words
    )
