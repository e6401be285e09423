"""What is taught: vocabulary items (Wagtail snippets) with their North and South
Korean glosses, the Ministry's South/North word pairs, lesson pages and their
StreamField blocks, the exercise types with their pure parse/grade/answer-key
rules, grading dispatch, lesson level analysis, sound traps, and the spoken
audio of every lesson text (`audio/`: engine, renderings, rendering task). It imports only
accounts, Django, Wagtail and its own libraries; every app above it may import it."""
