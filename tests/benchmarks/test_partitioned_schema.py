"""The partitioned copy's DDL is the real tables' own, rewritten by the rules a table
partitioned by learner imposes: every primary key and unique index holds the
learner, and a foreign key into a partitioned copy references (learner, id)."""

from benchmarks.partitioned_schema import keyed_foreign_key, keyed_index

TABLE = "public.progress_reviewlog"


def test_the_primary_key_gains_the_learner_in_front():
    indexdef = f"CREATE UNIQUE INDEX progress_reviewlog_pkey ON {TABLE} USING btree (id)"
    assert keyed_index(indexdef, "part_reviewlog") == (
        "ALTER TABLE part_reviewlog ADD CONSTRAINT part_reviewlog_pkey PRIMARY KEY (learner_id, id)"
    )


def test_a_unique_index_holding_the_learner_is_kept_as_it_is():
    indexdef = (
        f"CREATE UNIQUE INDEX one_log_per_external_id ON {TABLE} "
        "USING btree (learner_id, external_id)"
    )
    assert keyed_index(indexdef, "part_reviewlog") == (
        "CREATE UNIQUE INDEX p_one_log_per_external_id ON part_reviewlog "
        "USING btree (learner_id, external_id)"
    )


def test_a_plain_index_keeps_its_columns():
    indexdef = (
        f"CREATE INDEX progress_re_card_id_1a2b3c_idx ON {TABLE} USING btree (card_id, reviewed_at)"
    )
    assert keyed_index(indexdef, "part_reviewlog").endswith("USING btree (card_id, reviewed_at)")


def test_a_foreign_key_into_a_partitioned_copy_references_learner_and_id():
    definition = (
        "FOREIGN KEY (card_id) REFERENCES progress_reviewcard(id) DEFERRABLE INITIALLY DEFERRED"
    )
    assert keyed_foreign_key(definition) == (
        "FOREIGN KEY (learner_id, card_id) REFERENCES part_reviewcard(learner_id, id) "
        "DEFERRABLE INITIALLY DEFERRED"
    )


def test_a_foreign_key_into_an_unpartitioned_table_is_unchanged():
    definition = "FOREIGN KEY (learner_id) REFERENCES auth_user(id) DEFERRABLE INITIALLY DEFERRED"
    assert keyed_foreign_key(definition) == definition
