"""Domain signals of the quizzes app (read by the layers above, e.g. certificates)."""

from django.dispatch import Signal

# Sent after commit each time a submitted attempt passes:
# sender=QuizPage, user=..., quiz=..., attempt=...
quiz_passed = Signal()
