"""What a learner has done and must review: lesson progress and every graded
attempt, review cards and logs, the FSRS scheduler (counted in the learner's
Anki days from `accounts.clock`), recording with the one replay of a card's
history, the review queue and session, parameter fitting, reminders, nightly
statistics, notifications, and Anki decks out and reviews back in (`anki/`).
It may import accounts and lessons, never courses, hub, content or cms."""
