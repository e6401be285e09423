"""What one takes, with whom and by when: course pages, classrooms with join
codes (and the join-code sign-up form), memberships, assignments with their one
status rule, tutor invites, tutors' comments, the tutor dashboard, the whole
daily digest, and the voice recordings learners send their tutors. It may import
accounts, lessons and progress; hub, content and cms import it, never the other
way round."""
