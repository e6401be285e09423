"""Publishing the curriculum files as Wagtail pages and vocabulary snippets.

`load_curriculum(path)` reads and checks every file first (content.schema), so a
schema error changes nothing; then, inside one transaction, it upserts:
vocabulary items by (headword, sense), images by file hash, the course index
(slug "courses" under the home page), courses and lessons by slug. A page gets
a new revision, published, only when one of its loaded fields differs from the
live page, so loading twice creates nothing. Lessons are ordered by file name,
courses by folder name. A lesson's grammar points (links to lessons of the
grammar course) are set with its other relations; the grammar lessons are loaded
first, so a topical lesson may name one that comes later in the course order.
Block ids are stable: a block's `id`, or one derived from the lesson slug, the
block type and its rank among blocks of that type.
"""

import uuid
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.html import escape

from wagtail.images import get_image_model
from wagtail.models import Collection, Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.utils.file import hash_filelike

from content.exceptions import ContentError
from content.schema import CourseFile, Curriculum, LessonFile, read_curriculum
from courses.models import CourseIndexPage, CoursePage
from lessons.models import LessonGrammarPoint, LessonPage, LessonVocabulary, VocabularyItem
from lessons.phonetics import ipa_for

__all__ = ["ContentError", "LoadReport", "load_curriculum"]

KINDS = ("vocabulary", "image", "course index", "course", "lesson")
OUTCOMES = ("created", "updated", "unchanged")
COLLECTION = "Curriculum"
BLOCK_NAMESPACE = uuid.UUID("6f1e7a52-3c55-4b8e-9d3a-2f1c0e5b7a10")


@dataclass
class LoadReport:
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    dry_run: bool = False

    def add(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def __str__(self) -> str:
        lines = [
            f"{kind}: " + ", ".join(f"{self.counts[kind][o]} {o}" for o in OUTCOMES)
            for kind in KINDS
        ]
        if self.dry_run:
            lines.append("Dry run: nothing was saved.")
        return "\n".join(lines)


class Rollback(Exception):
    pass


def load_curriculum(path, *, dry_run: bool = False) -> LoadReport:
    curriculum = read_curriculum(Path(path))
    report = LoadReport(dry_run=dry_run)
    loader = Loader(report)
    try:
        with transaction.atomic():
            with disable_reference_index_auto_update():
                loader.load(curriculum)
            loader.update_references()
            if dry_run:
                raise Rollback
    except Rollback:
        loader.remove_new_files()
    except BaseException:
        loader.remove_new_files()
        raise
    return report


class Loader:
    def __init__(self, report: LoadReport):
        self.report = report
        self.new_files: list = []
        self.images: dict[str, int] = {}
        self.saved: list = []

    def load(self, curriculum: Curriculum) -> None:
        items = self.load_vocabulary(curriculum)
        index = self.course_index()
        existing = {p.slug: p for p in CoursePage.objects.all()}
        lessons = {
            p.slug: p
            for p in LessonPage.objects.prefetch_related(
                "tagged_items__tag", "vocabulary_links", "grammar_links"
            )
        }
        courses = [
            self.course(course, index, existing.get(course.data["slug"]))
            for course in curriculum.courses
        ]
        pages: dict[str, LessonPage] = {}
        for lesson, course in points_first(curriculum, courses):
            pages[lesson.slug] = self.lesson(lesson, course, lessons.get(lesson.slug), items, pages)
        for course_file, course in zip(curriculum.courses, courses, strict=True):
            put_in_order(course, [pages[lesson.slug] for lesson in course_file.lessons])
        put_in_order(index, courses)

    def update_references(self) -> None:
        """Index references once per saved page or image (auto-update would do it on every
        save); vocabulary items are left out: the loader never changes what they refer to."""
        for obj in self.saved:
            ReferenceIndex.create_or_update_for_object(obj)

    def remove_new_files(self) -> None:
        for stored in self.new_files:
            stored.storage.delete(stored.name)

    # --- vocabulary ------------------------------------------------------------

    def load_vocabulary(self, curriculum: Curriculum) -> dict[tuple[str, str], VocabularyItem]:
        existing = {
            (item.headword, item.sense): item
            for item in VocabularyItem.objects.prefetch_related("tagged_items__tag")
        }
        items = {}
        for entry in curriculum.vocabulary:
            item = existing.get(entry.key)
            wanted, tags = vocabulary_fields(entry.data)
            if item is None:
                item, outcome = VocabularyItem(**wanted), "created"
            elif changed(item, wanted) or tag_names(item) != tags:
                outcome = "updated"
            else:
                items[entry.key] = item
                self.report.add("vocabulary", "unchanged")
                continue
            for name, value in wanted.items():
                setattr(item, name, value)
            item.tags.set(tags)
            with blame(entry.path, f"[{entry.index}]"):
                # (headword, sense) is unique by the schema check and the lookup above.
                item.full_clean(validate_unique=False, validate_constraints=False)
                item.save()
            items[entry.key] = item
            self.report.add("vocabulary", outcome)
        return items

    # --- pages -----------------------------------------------------------------

    def course_index(self) -> CourseIndexPage:
        index = CourseIndexPage.objects.filter(slug="courses").first()
        if index is not None:
            self.report.add("course index", "unchanged")
            return index
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise ContentError("(site): root_page: there is no default site with a home page")
        index = CourseIndexPage(title="Courses", title_ko="과정", slug="courses")
        site.root_page.add_child(instance=index)
        index.save_revision().publish()
        self.saved.append(index)
        self.report.add("course index", "created")
        return index

    def course(self, course: CourseFile, index: Page, page: CoursePage | None) -> CoursePage:
        data = course.data
        wanted = {key: data[key] for key in ("title", "title_ko", "summary", "summary_ko")}
        wanted |= {"cefr_min": data["cefr_min"], "cefr_max": data["cefr_max"]}
        new = CoursePage(slug=data["slug"])
        return self.publish(course.path, "course", new, page, index, wanted)

    def lesson(self, lesson: LessonFile, course: CoursePage, page, items, pages) -> LessonPage:
        data = lesson.data
        wanted = {
            "title": data["title"],
            "title_ko": data["title_ko"],
            "cefr_level": data["cefr"],
            "estimated_minutes": data["minutes"] or 15,
            "objectives": "\n".join(data["objectives"]),
            "objectives_ko": "\n".join(data["objectives_ko"]),
        }
        with blame(lesson.path, "body"):
            body = stored_body(self.body_data(lesson))
        extra = {
            "body": body,
            "tags": sorted(set(data["tags"])),
            "words": [items[key].pk for key in data["words"]],
            "grammar": [pages[slug].pk for slug in data["grammar"]],
        }
        force = page is not None and relations_changed(page, **extra)
        new = LessonPage(slug=lesson.slug)
        return self.publish(lesson.path, "lesson", new, page, course, wanted, extra, force=force)

    def publish(self, path, kind, new, page, parent, wanted, extra=None, *, force=False):
        """Create or update a page, publishing a revision only when something changed."""
        if page is not None and not force and not changed(page, wanted):
            self.report.add(kind, "unchanged")
            return place(page, parent)
        created = page is None
        page = new if created else place(page, parent)
        for name, value in wanted.items():
            setattr(page, name, value)
        apply_extra(page, **(extra or {}))
        with blame(path, "(page)"):
            if created:
                parent.add_child(instance=page)
            page.save_revision().publish()
        self.saved.append(page)
        self.report.add(kind, "created" if created else "updated")
        return page

    def body_data(self, lesson: LessonFile) -> list[dict]:
        ranks: Counter = Counter()
        body = []
        for kind, block in lesson.blocks():
            ranks[kind] += 1
            block_id = block["id"] or str(
                uuid.uuid5(BLOCK_NAMESPACE, f"{lesson.slug}/{kind}/{ranks[kind]}")
            )
            value = self.block_value(lesson, kind, block)
            body.append({"type": kind, "value": value, "id": block_id})
        return body

    def block_value(self, lesson: LessonFile, kind: str, block: dict):
        value = {k: v for k, v in block.items() if k not in ("type", "id")}
        if kind == "vocabulary":
            return None
        if kind == "text":
            title = f"<p><b>{escape(value['title'])}</b></p>" if value["title"] else ""
            return title + value["html"]
        if kind == "image":
            image = self.image(lesson.path.parent / value.pop("file"))
            return {**value, "image": image}
        return value

    def image(self, path: Path) -> int:
        with path.open("rb") as f:
            digest = hash_filelike(f)
        if digest not in self.images:
            image = get_image_model().objects.filter(file_hash=digest).first()
            self.report.add("image", "unchanged" if image else "created")
            self.images[digest] = (image or self.new_image(path)).pk
        return self.images[digest]

    def new_image(self, path: Path):
        collection = Collection.objects.filter(name=COLLECTION).first()
        if collection is None:
            collection = Collection.get_first_root_node().add_child(name=COLLECTION)
        image = get_image_model()(title=path.stem.replace("-", " "), collection=collection)
        with path.open("rb") as f:
            image.file.save(path.name, File(f), save=False)
        self.new_files.append(image.file)
        image._set_image_file_metadata()
        image.save()
        self.saved.append(image)
        return image


# --- comparing and applying ----------------------------------------------------


def vocabulary_fields(data: dict) -> tuple[dict, list[str]]:
    wanted = {
        "headword": data["headword"],
        "sense": data["sense"],
        "part_of_speech": data["pos"],
        "cefr_level": data["cefr"],
        "ipa": data["ipa"] or ipa_for(data["headword"]),
        "gloss_nk": "; ".join(data["gloss_nk"]),
        "gloss_sk": data["gloss_sk"],
        "sk_loanword": data["sk_loanword"],
        "gap_type": data["gap_type"],
        "learner_note_ko": data["note_ko"],
        "example_en": data["example_en"],
        "example_ko": data["example_ko"],
        "nk_status": data["nk_status"],
        "nk_source": data["nk_source"],
        "nk_candidate": "; ".join(data["nk_candidate"]),
    }
    return wanted, sorted(set(data["tags"]))


def changed(obj, wanted: dict) -> bool:
    return any(getattr(obj, name) != value for name, value in wanted.items())


def tag_names(obj) -> list[str]:
    return sorted(tagged.tag.name for tagged in obj.tagged_items.all())


def place(page: Page, parent: Page) -> Page:
    """Move a page under parent when it is elsewhere (a lesson file moved to another course)."""
    if page.path[: -Page.steplen] != parent.path:
        page.move(parent, pos="last-child")
        page.refresh_from_db(fields=["path", "depth", "url_path"])
    return page


def points_first(curriculum: Curriculum, courses: list[CoursePage]):
    """(lesson file, course page) of every lesson, the grammar points named anywhere first
    (the schema lets no grammar lesson name another), each group in course order."""
    named = {slug for _course, lesson in curriculum.lessons() for slug in lesson.data["grammar"]}
    found = [
        (lesson, course)
        for course_file, course in zip(curriculum.courses, courses, strict=True)
        for lesson in course_file.lessons
    ]
    return sorted(found, key=lambda pair: pair[0].slug not in named)


def relations_changed(page: LessonPage, *, body, tags, words, grammar) -> bool:
    return (
        canonical(stored_body(page.body)) != canonical(body)
        or tag_names(page) != tags
        or [link.item_id for link in page.vocabulary_links.all()] != words
        or [link.point_id for link in page.grammar_links.all()] != grammar
    )


def apply_extra(page, body=None, tags=None, words=None, grammar=None) -> None:
    if body is not None:
        page.body = body
    if tags is not None:
        page.tags.set(tags)
    if words is not None:
        links = {link.item_id: link for link in page.vocabulary_links.all()}
        page.vocabulary_links = [
            links.get(item_id) or LessonVocabulary(item_id=item_id) for item_id in words
        ]
        for order, link in enumerate(page.vocabulary_links.all()):
            link.sort_order = order
    if grammar is not None:
        points = {link.point_id: link for link in page.grammar_links.all()}
        page.grammar_links = [points.get(pk) or LessonGrammarPoint(point_id=pk) for pk in grammar]
        for order, link in enumerate(page.grammar_links.all()):
            link.sort_order = order


def stored_body(body) -> list[dict]:
    """Body data as the StreamField stores it, with every field filled in."""
    block = LessonPage.body.field.stream_block
    value = body if hasattr(body, "raw_data") else block.to_python(body)
    list(value)  # convert every child, so that defaults are filled in
    return value.get_prep_value()


def canonical(data):
    """Stored stream data without the random ids Wagtail gives list items."""
    if isinstance(data, dict):
        if data.keys() == {"type", "value", "id"} and data["type"] == "item":
            return canonical(data["value"])
        return {key: canonical(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [canonical(item) for item in data]
    return data


def put_in_order(parent: Page, pages: list[Page]) -> None:
    """Make `pages` the first children of `parent`, in this order."""
    slugs = [page.slug for page in pages]
    children = list(Page.objects.child_of(parent).values_list("slug", flat=True))
    if children[: len(slugs)] == slugs:
        return
    for page in pages:
        Page.objects.get(pk=page.pk).move(Page.objects.get(pk=parent.pk), pos="last-child")
    for page in pages:
        page.refresh_from_db(fields=["path", "depth", "url_path"])


@contextmanager
def blame(path: Path, at: str):
    """Turn a ValidationError raised while saving into a ContentError naming the file."""
    try:
        yield
    except ValidationError as error:
        problems = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in error_dict(error))
        raise ContentError(f"{path}: {at}: {problems}") from error


def error_dict(error: ValidationError):
    if hasattr(error, "error_dict"):
        return error.message_dict.items()
    return [("(value)", error.messages)]
