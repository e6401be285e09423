import uuid

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from lessons.models import LessonPage, LessonVocabulary, VocabularyItem, WordPair

from .courses import CoursePageFactory

# Real words, so that IPA and sound traps come from the CMU dictionary.
WORDS = ["pharmacy", "bread", "river", "coffee", "bus", "think", "visa", "lemon", "zoo", "bag"]


class VocabularyItemFactory(DjangoModelFactory):
    headword = factory.Sequence(lambda n: WORDS[n % len(WORDS)])
    sense = factory.Sequence(lambda n: "" if n < len(WORDS) else f"sense {n}")
    part_of_speech = "noun"
    cefr_level = "A1"
    gloss_nk = "약국"
    gloss_sk = "약방"
    nk_status = "attested"
    nk_source = "a cited source"
    gap_type = "lexical"
    example_en = "The pharmacy is open."
    example_ko = "약국이 문을 열었어요."

    class Meta:
        model = VocabularyItem


class WordPairFactory(DjangoModelFactory):
    south_form = factory.Sequence(lambda n: f"남{n}")
    north_form = factory.Sequence(lambda n: f"북{n}")

    class Meta:
        model = WordPair


class LessonPageFactory(wagtail_factories.PageFactory):
    """A live lesson under a new course unless given a parent; words=[items] links vocabulary."""

    title = factory.Sequence(lambda n: f"Lesson {n}")
    title_ko = factory.Sequence(lambda n: f"학과 {n}")
    cefr_level = "A1"
    estimated_minutes = 15
    objectives = "Ask for medicine.\nSay thank you."
    objectives_ko = "약을 달라고 말할 수 있다.\n고맙다고 말할 수 있다."
    body = factory.LazyFunction(list)

    class Meta:
        model = LessonPage
        skip_postgeneration_save = True

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        return super()._create_instance(model_class, parent or CoursePageFactory(), kwargs)

    @factory.post_generation
    def words(self, create, extracted, **kwargs):
        if create and extracted:
            LessonVocabulary.objects.bulk_create(
                LessonVocabulary(page=self, item=item, sort_order=i)
                for i, item in enumerate(extracted)
            )


def every_block(image=None) -> list[dict]:
    """Raw stream data with one block of every type (the image block only when given an image)."""
    body = [
        ("text", "<p>People buy <b>medicine</b> at a pharmacy.</p>"),
        (
            "dialogue",
            {
                "title": "At the counter",
                "lines": [
                    {
                        "speaker": "Pharmacist",
                        "en": "Can I help you?",
                        "ko": "무엇을 도와드릴까요?",
                    },
                    {"speaker": "Min", "en": "I have a cold.", "ko": ""},
                ],
            },
        ),
        ("tip", {"ko": "약국은 보통 저녁 아홉 시에 문을 닫습니다."}),
        ("vocabulary", None),
        (
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
        ),
        (
            "gap_fill",
            {"prompt": "Fill in the blanks.", "text": "I need [[some|a little]] [[medicine]]."},
        ),
        (
            "matching",
            {
                "prompt": "Match the words.",
                "pairs": [{"left": "pharmacy", "right": "약국"}, {"left": "bank", "right": "은행"}],
            },
        ),
        ("word_order", {"prompt": "Put the words in order.", "sentence": "Where is the pharmacy?"}),
        ("dictation", {"prompt": "Listen and type.", "text": "The pharmacy is open."}),
        (
            "minimal_pair",
            {
                "prompt": "Which word do you hear?",
                "words": ["fan", "pan"],
                "answer": "fan",
                "contrast": "f/p",
            },
        ),
        (
            "listen_and_choose",
            {
                "prompt": "Which sentence do you hear?",
                "text": "The pharmacy is closed.",
                "choices": ["The pharmacy is closed.", "The pharmacy is close."],
            },
        ),
        (
            "type_letter",
            {"prompt": "Type the small letter.", "shown": "B", "answer": "b", "exact_case": True},
        ),
        (
            "hear_letter",
            {
                "prompt": "Which letter do you hear?",
                "text": "P",
                "answer": "P",
                "choices": ["B", "P", "V"],
            },
        ),
        (
            "read_sign",
            {
                "prompt": "What does the sign say?",
                "sign": "EXIT",
                "answer": "나가는 곳",
                "choices": ["화장실", "나가는 곳"],
            },
        ),
        (
            "writing",
            {
                "prompt": "Write a short email to your teacher: you are sick today.",
                "prompt_ko": "선생님께 짧은 이메일을 쓰십시오: 오늘 아파서 못 갑니다.",
                "task": "email",
                "instructions_ko": "",
                "model_answer": "Dear Ms Kim, I am sick today. I cannot come to class.",
                "min_words": 5,
                "max_words": 60,
            },
        ),
    ]
    if image is not None:
        body.insert(3, ("image", {"image": image.pk, "alt": "A pharmacy counter", "caption": ""}))
    return [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in body]


UNVERIFIED_CANDIDATE = "후보말"


def unverified_item(**fields) -> VocabularyItem:
    """A word whose North Korean form has no source yet: only an editor's candidate."""
    defaults = {"headword": "socks", "gloss_nk": "", "gloss_sk": "양말", "nk_source": ""}
    return VocabularyItemFactory(
        **(defaults | fields), nk_status="unverified", nk_candidate=UNVERIFIED_CANDIDATE
    )
