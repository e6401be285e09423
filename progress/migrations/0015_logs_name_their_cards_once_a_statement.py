"""Each review log names an existing card, checked once a statement, not once a row.

A foreign key checks every inserted row on its own: for an Anki import of 100,000
answers that is 100,000 lookups, as long as storing the rows themselves. On
PostgreSQL, statement-level triggers keep the same rule at the cost of one join:
- after logs are inserted (or their card changed), every card they name must exist,
  and is locked FOR KEY SHARE, as the key's own check locks it, so that no other
  transaction can delete it until this one ends;
- after cards are deleted, no log may still name one of them (Django deletes a
  card's logs first, as it does for any cascade);
- a card's id never changes.
Like the key's own checks, they rely on READ COMMITTED, Django's isolation level:
each query in a trigger sees what other transactions committed before it ran.
SQLite (tests and development) keeps no such check.
"""

from django.db import migrations, models

TRIGGERS = """
CREATE FUNCTION progress_logs_name_cards() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    named bigint;
    found bigint;
BEGIN
    SELECT count(DISTINCT card_id) INTO named FROM new_logs;
    PERFORM 1 FROM progress_reviewcard AS card
        WHERE card.id IN (SELECT card_id FROM new_logs) FOR KEY SHARE OF card;
    GET DIAGNOSTICS found = ROW_COUNT;
    IF found <> named THEN
        RAISE foreign_key_violation
            USING MESSAGE = 'a review log names a review card that does not exist';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER progress_logs_name_cards AFTER INSERT ON progress_reviewlog
    REFERENCING NEW TABLE AS new_logs
    FOR EACH STATEMENT EXECUTE FUNCTION progress_logs_name_cards();
CREATE TRIGGER progress_logs_name_cards_on_update AFTER UPDATE ON progress_reviewlog
    REFERENCING NEW TABLE AS new_logs
    FOR EACH STATEMENT EXECUTE FUNCTION progress_logs_name_cards();

CREATE FUNCTION progress_cards_keep_their_logs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM old_cards AS gone
        JOIN progress_reviewlog AS log ON log.card_id = gone.id
    ) THEN
        RAISE foreign_key_violation
            USING MESSAGE = 'a deleted review card still has review logs';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER progress_cards_keep_their_logs AFTER DELETE ON progress_reviewcard
    REFERENCING OLD TABLE AS old_cards
    FOR EACH STATEMENT EXECUTE FUNCTION progress_cards_keep_their_logs();

CREATE FUNCTION progress_card_id_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id <> OLD.id THEN
        RAISE foreign_key_violation USING MESSAGE = 'a review card''s id cannot change';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER progress_card_id_is_fixed BEFORE UPDATE OF id ON progress_reviewcard
    FOR EACH ROW EXECUTE FUNCTION progress_card_id_is_fixed();
"""

DROP_TRIGGERS = """
DROP TRIGGER progress_card_id_is_fixed ON progress_reviewcard;
DROP FUNCTION progress_card_id_is_fixed();
DROP TRIGGER progress_cards_keep_their_logs ON progress_reviewcard;
DROP FUNCTION progress_cards_keep_their_logs();
DROP TRIGGER progress_logs_name_cards_on_update ON progress_reviewlog;
DROP TRIGGER progress_logs_name_cards ON progress_reviewlog;
DROP FUNCTION progress_logs_name_cards();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # several statements: no parameters

    return run


class Migration(migrations.Migration):
    dependencies = [("progress", "0014_keys_checked_once")]

    operations = [
        migrations.AlterField(
            model_name="reviewlog",
            name="card",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=models.deletion.CASCADE,
                related_name="logs",
                to="progress.reviewcard",
            ),
        ),
        migrations.RunPython(_on_postgresql(TRIGGERS), _on_postgresql(DROP_TRIGGERS)),
    ]
