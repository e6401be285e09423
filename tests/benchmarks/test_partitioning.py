"""The partitioning benchmark runs Saebom's own statements on both layouts: taken
from progress.answering and progress.queue_query, changed only where a partitioned
table needs the learner named, so a change to either fails here, not in the timing."""

from benchmarks import partitioning


def test_keyed_answer_statements_name_the_learner_beside_the_card():
    sides = partitioning.answer_statements()
    for side in ("plain, keyed", "partitioned, keyed"):
        lock, write, keyed = sides[side]
        assert keyed
        assert 'c."learner_id" = %s AND c."id" = %s' in lock
        assert write.count('"learner_id" = %s AND') == 1
    assert "progress_review" not in "".join(sides["partitioned, keyed"][:2])
    assert "part_review" not in "".join(sides["plain, keyed"][:2])


def test_the_queue_on_the_copy_is_the_real_statement_with_its_tables_renamed():
    sides = partitioning.queue_statements()
    assert partitioning.on_copy(sides["plain"]) == sides["partitioned"]
    assert "e.learner_id = %(learner)s AND e.card_id = c.id" in sides["partitioned, keyed"]


def test_without_a_postgres_server_the_section_says_it_was_not_run(monkeypatch):
    monkeypatch.setattr(partitioning, "reachable", lambda: False)
    section = partitioning.run(None)
    assert section.summary.startswith("Not run")
    assert not section.rows
