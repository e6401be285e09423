"""The hub: what Saebom offers beyond lessons. A directory of organisations that
help (resource pages, with proposals from signed-in users and a yearly check for
stale entries), learners' stories published under pen names after moderation,
and tutors' recommendations of a resource to their own learners. It sits above
lessons, progress and courses and may import them; it never imports content or
cms, which sit above it and import the hub openly."""
