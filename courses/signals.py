"""Domain signals of the courses app (the bottom layer tells the layers above)."""

from django.dispatch import Signal

# Sent once, after commit, when a trainee completes a course:
# sender=CoursePage, user=..., course=..., enrollment=...
course_completed = Signal()
