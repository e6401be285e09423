"""Who a learner is: the lowest app of the house.

It holds the sign-up adapter, the profile (pen name, language, gloss choice,
time zone, goals and scheduler settings), recovery codes, the preferences kept
in the session with their middleware and context processor, the rate limits
(recovery tries, and `ActionLimit` for any repeated action), `request_values`
(the one reading of whole numbers and free text sent in requests), and `clock`,
the one learner's clock (calendar day, Anki day with its 04:00 rollover, end of
day, the zone of a user without a profile). It imports
only Django, allauth and the standard library; every other app may import it.
"""
